/* optimizer.c — lowers the optimizer's update onto the graph as ordinary IR (pass_optimizer).
 *
 * Contract.
 *   Does: for every cx->wrt[i] (a float PARAM) whose gradient cx->grads[i] is not NULL,
 *     appends Keras's update (DESIGN.md "Keras semantics to match") as ordinary values and
 *     ASSIGNs, so later passes simplify, fuse and plan it like the rest of the step:
 *       SGD       w -= lr·g
 *       momentum  v = μ·v − lr·g; w += v
 *       nesterov  v = μ·v − lr·g; w += μ·v − lr·g           (the new v)
 *       Adam      m += (g − m)(1−β1); v += (g² − v)(1−β2);
 *                 α = lr·√(1−β2ᵗ)/(1−β1ᵗ); w −= (m·α)/(√v + ε)
 *       RMSprop   v = ρ·v + (1−ρ)·g²; w −= lr·g/√(v + ε)
 *     A wrt whose gradient is NULL or a zero CONST (what pass_autodiff gives a param the
 *     loss does not depend on) is left alone, as Keras skips variables without gradients.
 *   Requires: a verified graph; pass_autodiff has filled cx->grads. cx->opt NULL: no-op.
 *     With cx->constrain, each param's new value goes through it before its ASSIGN (Keras
 *     applies a weight's constraint right after the optimizer's update).
 *   Preserves: every existing value, its id and the outputs; appends only.
 *   Invalidates: the memory plan (g->planned = false).
 *
 * Optimizer memory is STATE leaves named after the param, filled with 0:
 *   "<param>/momentum" (SGD with μ != 0), "<param>/m" and "<param>/v" (Adam),
 *   "<param>/v" (RMSprop).
 * Adam's step-dependent terms come from two scalar STATEs shared by all params,
 * "adam/beta_1_power" and "adam/beta_2_power", filled with 1 and multiplied by β1 (β2)
 * each step before use, so step t sees β1ᵗ and β2ᵗ with t counting from 1. They have the
 * dtype of the first Adam param; params of another dtype get α through a CAST.
 *
 * Order: every new value is appended first and every ASSIGN after all of them, so each
 * ASSIGN follows every read of an old value (all updates use the gradients and states of
 * this step, as Keras's apply_gradients does).
 */
#include <stdio.h>
#include <string.h>

#include "passes.h"

typedef struct {
  Graph *g;
  const nnc_optimizer *o;
  Value **tgt, **val;        /* pending ASSIGNs tgt[i] := val[i], emitted last */
  int n;
  Value *b1p, *b2p;          /* Adam: this step's β1ᵗ, β2ᵗ (NULL until the first Adam param) */
  Value *alpha[3];           /* Adam: α per dtype, built on first use */
} Opt;

static Value *k(Opt *o, DType t, double x) {
  return ir_scalar(o->g, t, x);
}

static Value *bin(Opt *o, OpKind op, Value *a, Value *b) {
  return ir_binary(o->g, op, a, b);
}

static void later(Opt *o, Value *target, Value *v) {
  o->tgt[o->n] = target;
  o->val[o->n++] = v;
}

/* A zero-filled STATE named "<w's name>/<suffix>" with w's type. */
static Value *slot(Opt *o, Value *w, const char *suffix) {
  const char *base = w->name ? w->name : "param";
  size_t n = strlen(base) + strlen(suffix) + 2;
  char *name = base_malloc(n);
  if (!name) {
    ir_fail(o->g, NNC_ERR_NOMEM, "optimizer: out of memory");
    return NULL;
  }
  snprintf(name, n, "%s/%s", base, suffix);
  Value *s = ir_state(o->g, name, w->dtype, w->shape, 0.0);
  base_free(name);
  return s;
}

static void sgd(Opt *o, Value *w, Value *g) {
  DType t = w->dtype;
  Value *step = bin(o, OP_MUL, g, k(o, t, o->o->learning_rate));
  if (o->o->momentum == 0.0) {
    later(o, w, bin(o, OP_SUB, w, step));
    return;
  }
  Value *mu = k(o, t, o->o->momentum);
  Value *v = slot(o, w, "momentum");
  Value *v1 = bin(o, OP_SUB, bin(o, OP_MUL, v, mu), step);
  Value *dw = o->o->nesterov ? bin(o, OP_SUB, bin(o, OP_MUL, v1, mu), step) : v1;
  later(o, v, v1);
  later(o, w, bin(o, OP_ADD, w, dw));
}

/* α = lr·√(1−β2ᵗ)/(1−β1ᵗ) in dtype t; the β powers are advanced once per step. */
static Value *adam_alpha(Opt *o, DType t) {
  if (o->alpha[t])
    return o->alpha[t];
  if (!o->b1p) {
    Value *p1 = ir_state(o->g, "adam/beta_1_power", t, ir_shape(0), 1.0);
    Value *p2 = ir_state(o->g, "adam/beta_2_power", t, ir_shape(0), 1.0);
    o->b1p = bin(o, OP_MUL, p1, k(o, t, o->o->beta_1));
    o->b2p = bin(o, OP_MUL, p2, k(o, t, o->o->beta_2));
    later(o, p1, o->b1p);
    later(o, p2, o->b2p);
  }
  DType pt = o->b1p ? o->b1p->dtype : t;
  Value *one = k(o, pt, 1.0);
  Value *num = bin(o, OP_MUL, k(o, pt, o->o->learning_rate),
                   ir_unary(o->g, OP_SQRT, bin(o, OP_SUB, one, o->b2p)));
  Value *a = bin(o, OP_DIV, num, bin(o, OP_SUB, one, o->b1p));
  if (a && a->dtype != t)
    a = ir_cast(o->g, a, t);
  return o->alpha[t] = a;
}

static void adam(Opt *o, Value *w, Value *g) {
  DType t = w->dtype;
  Value *m = slot(o, w, "m"), *v = slot(o, w, "v");
  Value *m1 = bin(o, OP_ADD, m, bin(o, OP_MUL, bin(o, OP_SUB, g, m), k(o, t, 1.0 - o->o->beta_1)));
  Value *g2 = bin(o, OP_MUL, g, g);
  Value *v1 = bin(o, OP_ADD, v, bin(o, OP_MUL, bin(o, OP_SUB, g2, v), k(o, t, 1.0 - o->o->beta_2)));
  Value *den = bin(o, OP_ADD, ir_unary(o->g, OP_SQRT, v1), k(o, t, o->o->epsilon));
  Value *dw = bin(o, OP_DIV, bin(o, OP_MUL, m1, adam_alpha(o, t)), den);
  later(o, m, m1);
  later(o, v, v1);
  later(o, w, bin(o, OP_SUB, w, dw));
}

static void rmsprop(Opt *o, Value *w, Value *g) {
  DType t = w->dtype;
  double rho = o->o->rho;
  Value *v = slot(o, w, "v");
  Value *v1 = bin(o, OP_ADD, bin(o, OP_MUL, v, k(o, t, rho)),
                  bin(o, OP_MUL, bin(o, OP_MUL, g, g), k(o, t, 1.0 - rho)));
  Value *inc = bin(o, OP_DIV, bin(o, OP_MUL, g, k(o, t, o->o->learning_rate)),
                   ir_unary(o->g, OP_SQRT, bin(o, OP_ADD, v1, k(o, t, o->o->epsilon))));
  later(o, v, v1);
  later(o, w, bin(o, OP_SUB, w, inc));
}

/* Each optimizer's update, by nnc_optimizer_kind: the rule column of names/optimizers.def. */
typedef void (*Rule)(Opt *o, Value *w, Value *g);
static const Rule rules[] = {
#define OPTIMIZER(id, name, cls, rule, slots, params, doc) [NNC_OPT_##id] = rule,
#include "optimizers.def"
};
enum { NRULES = sizeof rules / sizeof rules[0] };

/* A user-caused mismatch between a wrt and its gradient, or NNC_OK. */
static nnc_status check_pair(const Value *w, const Value *g) {
  if (!w || w->op != OP_PARAM)
    return base_error(NNC_ERR_ARG, "optimizer: %%%d is not a param", w ? w->id : -1);
  if (!ir_is_float(w->dtype))
    return base_error(NNC_ERR_TYPE, "optimizer: param '%s' is %s; only float params train",
                    w->name ? w->name : "?", ir_dtype_name(w->dtype));
  if (g && (g->dtype != w->dtype || !ir_shape_eq(g->shape, w->shape)))
    return base_error(NNC_ERR_INTERNAL, "optimizer: gradient %%%d does not match param '%s'",
                    g->id, w->name ? w->name : "?");
  return NNC_OK;
}

/* The index of target among the wrts; -1 for an optimizer state. */
static int wrt_index(const PassCtx *cx, const Value *target) {
  for (int i = 0; i < cx->nwrt; i++)
    if (cx->wrt[i] == target)
      return i;
  return -1;
}

static nnc_status lower_all(Opt *o, PassCtx *cx) {
  for (int i = 0; i < cx->nwrt; i++) {
    Value *w = cx->wrt[i], *g = cx->grads ? cx->grads[i] : NULL;
    nnc_status s = check_pair(w, g);
    if (s != NNC_OK)
      return s;
    if (!g || (g->op == OP_CONST && g->num == 0.0))
      continue;
    rules[o->o->kind](o, w, g);
    if (o->g->status != NNC_OK)
      return base_error(o->g->status, "optimizer: %s", o->g->msg);
  }
  for (int i = 0; i < o->n; i++) {
    int k = cx->constrain ? wrt_index(cx, o->tgt[i]) : -1;
    ir_assign(o->g, o->tgt[i], k >= 0 ? cx->constrain(o->g, k, o->val[i], cx->user) : o->val[i]);
  }
  if (o->g->status != NNC_OK)
    return base_error(o->g->status, "optimizer: %s", o->g->msg);
  return NNC_OK;
}

nnc_status pass_optimizer(Graph *g, PassCtx *cx) {
  if (!cx || !cx->opt || cx->nwrt == 0)
    return NNC_OK;
  unsigned kind = (unsigned)cx->opt->kind;
  if (kind >= NRULES)
    return base_error(NNC_ERR_ARG, "optimizer: unknown optimizer kind %u", kind);
  if (!cx->wrt)
    return base_error(NNC_ERR_ARG, "optimizer: %d params but no list", cx->nwrt);
  Opt o = {.g = g, .o = cx->opt};
  size_t cap = 3 * (size_t)cx->nwrt + 2; /* at most 3 ASSIGNs per param, 2 for Adam's powers */
  o.tgt = base_calloc(cap, sizeof *o.tgt);
  o.val = base_calloc(cap, sizeof *o.val);
  nnc_status s = o.tgt && o.val ? lower_all(&o, cx)
                                : base_error(NNC_ERR_NOMEM, "optimizer: out of memory");
  base_free(o.tgt);
  base_free(o.val);
  g->planned = false;
  return s;
}
