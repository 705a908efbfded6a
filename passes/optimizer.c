/* optimizer.c — lowers the optimizer's update onto the graph as ordinary IR (pass_optimizer).
 *
 * Contract.
 *   Does: for every cx->wrt[i] (a float PARAM) whose gradient cx->grads[i] is not NULL,
 *     appends Keras 3's update as ordinary values and ASSIGNs, so later passes simplify, fuse
 *     and plan it like the rest of the step. In the order of Keras's apply_gradients:
 *       1. clipping (at most one of): clipnorm  g·c / max(‖g‖, c) per weight;
 *          global_clipnorm  g·c·min(1/‖all g‖, 1/c) (NaN for a non-finite norm, as Keras);
 *          clipvalue  min(max(g, −c), c)
 *       2. weight decay (weight_decay > 0, the weight not excluded): w' = w − w·wd·lr
 *       3. the update rule of names/optimizers.def's row, reading w' (formulas there and in
 *          each rule below, written as Keras writes them: the same operations in the same
 *          order, so f32 results round as Keras's do)
 *     A wrt whose gradient is NULL or a zero CONST (what pass_autodiff gives a param the
 *     loss does not depend on) is left alone, as Keras skips variables without gradients;
 *     global_clipnorm's norm counts only the others, as Keras's.
 *   Requires: a verified graph; pass_autodiff has filled cx->grads. cx->opt NULL: no-op.
 *     With cx->constrain, each param's new value goes through it before its ASSIGN (Keras
 *     applies a weight's constraint right after the optimizer's update).
 *   Preserves: every existing value, its id and the outputs; appends only.
 *   Invalidates: the memory plan (g->planned = false).
 *
 * The optimizer's memory is STATE leaves. Per weight, named after the param and filled with 0
 * (Adagrad's accumulator: initial_accumulator_value): "<param>/momentum" (SGD with μ != 0,
 * RMSprop with μ > 0), "<param>/m" and "<param>/v" (Adam, AdamW, Nadam), "<param>/vhat"
 * (amsgrad), "<param>/v" and "<param>/average_gradient" (RMSprop, centered), "<param>/
 * accumulator" (Adagrad), "<param>/accumulated_grad" and "<param>/accumulated_delta_var"
 * (Adadelta), "<param>/m" and "<param>/u" (Adamax), "<param>/m" (Lion).
 * Scalars shared by all params are named after the optimizer ("adam/..."; the prefix is
 * nnc_optimizer_name) and have the dtype of the first param (others get them through a
 * CAST): "<opt>/learning_rate", the rate this step uses, filled with learning_rate and
 * rewritten by the runtime before a step when a schedule or a callback changes it, so no
 * change of rate recompiles; "<opt>/iteration", the steps taken before this one (Keras's
 * optimizer.iterations, exact in f32 up to 2^24 steps), incremented once per step;
 * and for Nadam "nadam/u_product" (Keras's u_product, a running product as in Keras).
 *
 * The powers Keras takes of its step count (β1ᵗ, β2ᵗ, Nadam's 0.96ᵗ and 0.96ᵗ⁺¹) are computed
 * from the counter each step, as Keras's ops.power computes them, not kept as running
 * products: a product rounded every step drifts from the power by an ulp every few steps,
 * which Adam's bias corrections carry into every weight.
 *
 * Order: every new value is appended first and every ASSIGN after all of them, so each
 * ASSIGN follows every read of an old value (all updates use the gradients and states of
 * this step, as Keras's apply_gradients does).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "passes.h"

enum { MAX_SCALARS = 8 };

typedef struct {
  Graph *g;
  const nnc_optimizer *o;
  const PassCtx *cx;
  const char *prefix;        /* the optimizer's name, for its shared scalars */
  Value **tgt, **val;        /* pending ASSIGNs tgt[i] := val[i], emitted last */
  int n;
  DType st;                  /* the shared scalars' dtype: the first param's */
  Value *lr;                 /* this step's rate, in st (NULL until first used) */
  int nscalars;
  struct { const char *what; Value *v; } scalars[MAX_SCALARS]; /* shared per-step terms */
  Value *gscale;             /* global_clipnorm's factor, in st */
} Opt;

/* One weight's update: the param (the ASSIGN's target), its value after weight decay, its
 * gradient after clipping, and their dtype. */
typedef struct {
  Value *param, *w, *g;
  DType t;
} Upd;

/* x rounded to dtype t, as a Python float cast to a tensor's dtype. */
static double in_dtype(DType t, double x) {
  return t == DT_F32 ? (double)(float)x : x;
}

static Value *k(Opt *o, DType t, double x) {
  return ir_scalar(o->g, t, x);
}

static Value *bin(Opt *o, OpKind op, Value *a, Value *b) {
  return ir_binary(o->g, op, a, b);
}

static Value *add(Opt *o, Value *a, Value *b) { return bin(o, OP_ADD, a, b); }
static Value *sub(Opt *o, Value *a, Value *b) { return bin(o, OP_SUB, a, b); }
static Value *mul(Opt *o, Value *a, Value *b) { return bin(o, OP_MUL, a, b); }
static Value *dvd(Opt *o, Value *a, Value *b) { return bin(o, OP_DIV, a, b); }
static Value *sqrt_(Opt *o, Value *a) { return ir_unary(o->g, OP_SQRT, a); }

static void later(Opt *o, Value *target, Value *v) {
  o->tgt[o->n] = target;
  o->val[o->n++] = v;
}

/* A shared scalar made in dtype st, as dtype t. */
static Value *as(Opt *o, Value *v, DType t) {
  return v && v->dtype != t ? ir_cast(o->g, v, t) : v;
}

/* A STATE named "<prefix>/<what>" (or "<w's name>/<what>" for a per-weight slot). */
static Value *state(Opt *o, const char *base, const char *what, DType t, Shape s, double fill) {
  size_t n = strlen(base) + strlen(what) + 2;
  char *name = base_malloc(n);
  if (!name) {
    ir_fail(o->g, NNC_ERR_NOMEM, "optimizer: out of memory");
    return NULL;
  }
  snprintf(name, n, "%s/%s", base, what);
  Value *v = ir_state(o->g, name, t, s, fill);
  base_free(name);
  return v;
}

static Value *slot(Opt *o, const Upd *u, const char *what, double fill) {
  return state(o, u->param->name ? u->param->name : "param", what, u->t, u->param->shape, fill);
}

/* This step's learning rate in dtype t. */
static Value *lr(Opt *o, DType t) {
  if (!o->lr)
    o->lr = state(o, o->prefix, "learning_rate", o->st, ir_shape(0), o->o->learning_rate);
  return as(o, o->lr, t);
}

/* The per-step scalar remembered as `what`, or NULL. */
static Value *shared(Opt *o, const char *what) {
  for (int i = 0; i < o->nscalars; i++)
    if (strcmp(o->scalars[i].what, what) == 0)
      return o->scalars[i].v;
  return NULL;
}

static Value *remember(Opt *o, const char *what, Value *v) {
  NNC_ASSERT(o->nscalars < MAX_SCALARS);
  o->scalars[o->nscalars].what = what;
  o->scalars[o->nscalars++].v = v;
  return v;
}

/* Keras's ops.cast(iterations + 1, dtype): the count of this step, from 1, in dtype st. */
static Value *step_count(Opt *o) {
  Value *n = shared(o, "iteration + 1");
  if (n)
    return n;
  Value *it = state(o, o->prefix, "iteration", o->st, ir_shape(0), 0.0);
  n = add(o, it, k(o, o->st, 1.0));
  later(o, it, n);
  return remember(o, "iteration + 1", n);
}

/* ops.power(base, ops.cast(iterations + ahead, dtype)) in dtype t, as Keras computes Adam's,
 * Adamax's and Nadam's powers (ahead 1 or 2), base and step in the scalars' dtype st. It is
 * e^(step·ln base) in f64, rounded once to st: within ~1e-14 of the power, so an f32 result
 * is the correctly rounded one but within 2^-46 of a tie. (Keras on JAX gets glibc's powf,
 * off by an ulp now and then: the first such β2ᵗ for β2 = 0.999 is t = 873.) A target without
 * f64 computes it in st, within a few ulps. */
static Value *power(Opt *o, const char *what, double base, int ahead, DType t) {
  Value *p = shared(o, what);
  if (!p) {
    DType et = o->cx->no_f64 ? o->st : DT_F64;
    Value *step = step_count(o);
    if (ahead > 1)
      step = add(o, step, k(o, o->st, ahead - 1));
    Value *ln = k(o, et, log(in_dtype(o->st, base)));
    p = remember(o, what, as(o, ir_unary(o->g, OP_EXP, mul(o, as(o, step, et), ln)), o->st));
  }
  return as(o, p, t);
}

/* ---- the rules of names/optimizers.def ---- */

static void sgd(Opt *o, const Upd *u) {
  Value *step = mul(o, u->g, lr(o, u->t));
  if (o->o->momentum == 0.0) {
    later(o, u->param, sub(o, u->w, step));
    return;
  }
  Value *mu = k(o, u->t, o->o->momentum);
  Value *v = slot(o, u, "momentum", 0);
  Value *v1 = sub(o, mul(o, v, mu), step);
  Value *dw = o->o->nesterov ? sub(o, mul(o, v1, mu), step) : v1;
  later(o, v, v1);
  later(o, u->param, add(o, u->w, dw));
}

/* m += (g − m)·c, c = 1 − β: Adam's, Nadam's and Adamax's moments. */
static Value *moment(Opt *o, const Upd *u, Value *m, Value *x, double c) {
  Value *m1 = add(o, m, mul(o, sub(o, x, m), k(o, u->t, c)));
  later(o, m, m1);
  return m1;
}

/* Adam and AdamW: α = lr·√(1−β2ᵗ)/(1−β1ᵗ); w −= m·α/(√v + ε), v the running max with
 * amsgrad. */
static void adam(Opt *o, const Upd *u) {
  DType t = u->t;
  Value *one = k(o, t, 1.0);
  Value *alpha = dvd(o, mul(o, lr(o, t), sqrt_(o, sub(o, one, power(o, "beta_2_power",
                                                                     o->o->beta_2, 1, t)))),
                     sub(o, one, power(o, "beta_1_power", o->o->beta_1, 1, t)));
  Value *m = moment(o, u, slot(o, u, "m", 0), u->g, 1.0 - o->o->beta_1);
  Value *v = moment(o, u, slot(o, u, "v", 0), mul(o, u->g, u->g), 1.0 - o->o->beta_2);
  if (o->o->amsgrad) {
    Value *vhat = slot(o, u, "vhat", 0);
    v = bin(o, OP_MAX, vhat, v);
    later(o, vhat, v);
  }
  Value *den = add(o, sqrt_(o, v), k(o, t, o->o->epsilon));
  later(o, u->param, sub(o, u->w, dvd(o, mul(o, m, alpha), den)));
}

/* v = ρv + (1−ρ)g²; centered: a = ρa + (1−ρ)g, den v − a² + ε; inc = lr·g/√den; with
 * momentum μ: p = μp + inc, w −= p; else w −= inc. */
static void rmsprop(Opt *o, const Upd *u) {
  DType t = u->t;
  double rho = o->o->rho;
  Value *v = slot(o, u, "v", 0);
  Value *v1 = add(o, mul(o, k(o, t, rho), v), mul(o, k(o, t, 1.0 - rho), mul(o, u->g, u->g)));
  later(o, v, v1);
  Value *den;
  if (o->o->centered) {
    Value *a = slot(o, u, "average_gradient", 0);
    Value *a1 = add(o, mul(o, k(o, t, rho), a), mul(o, k(o, t, 1.0 - rho), u->g));
    later(o, a, a1);
    den = add(o, sub(o, v1, mul(o, a1, a1)), k(o, t, o->o->epsilon));
  } else {
    den = add(o, v1, k(o, t, o->o->epsilon));
  }
  Value *inc = dvd(o, mul(o, lr(o, t), u->g), sqrt_(o, den));
  if (o->o->momentum > 0) {
    Value *p = slot(o, u, "momentum", 0);
    inc = add(o, mul(o, k(o, t, o->o->momentum), p), inc);
    later(o, p, inc);
  }
  later(o, u->param, sub(o, u->w, inc));
}

/* Keras 3's Nadam: uₜ = β1(1 − ½·0.96ᵗ), u_product ·= uₜ (once per step);
 * m̂ = uₜ₊₁·m/(1 − u_product·uₜ₊₁) + (1−uₜ)·g/(1 − u_product); v̂ = v/(1−β2ᵗ);
 * w −= m̂·lr/(√v̂ + ε). */
static void nadam(Opt *o, const Upd *u) {
  DType t = u->t, st = o->st;
  double b1 = o->o->beta_1;
  Value *d = power(o, "decay_power", 0.96, 1, st);       /* 0.96ᵗ */
  Value *d1 = power(o, "next_decay_power", 0.96, 2, st); /* 0.96ᵗ⁺¹ */
  Value *ut = mul(o, k(o, st, b1), sub(o, k(o, st, 1.0), mul(o, k(o, st, 0.5), d)));
  Value *ut1 = mul(o, k(o, st, b1), sub(o, k(o, st, 1.0), mul(o, k(o, st, 0.5), d1)));
  Value *prod = shared(o, "u_product");
  if (!prod) { /* Keras's u_product, advanced before any weight's update */
    Value *p = state(o, o->prefix, "u_product", st, ir_shape(0), 1.0);
    prod = mul(o, mul(o, p, k(o, st, b1)), sub(o, k(o, st, 1.0), mul(o, k(o, st, 0.5), d)));
    later(o, p, prod);
    remember(o, "u_product", prod);
  }
  ut = as(o, ut, t);
  ut1 = as(o, ut1, t);
  Value *prod_t = as(o, prod, t), *prod_t1 = mul(o, prod_t, ut1), *one = k(o, t, 1.0);
  /* Nadam casts β to the weight's dtype before 1 − β; Adam and Adamax subtract in Python */
  Value *m = moment(o, u, slot(o, u, "m", 0), u->g, in_dtype(t, 1.0 - in_dtype(t, b1)));
  Value *v = moment(o, u, slot(o, u, "v", 0), mul(o, u->g, u->g),
                    in_dtype(t, 1.0 - in_dtype(t, o->o->beta_2)));
  Value *mhat = add(o, dvd(o, mul(o, ut1, m), sub(o, one, prod_t1)),
                    dvd(o, mul(o, sub(o, one, ut), u->g), sub(o, one, prod_t)));
  Value *vhat = dvd(o, v, sub(o, one, power(o, "beta_2_power", o->o->beta_2, 1, t)));
  Value *den = add(o, sqrt_(o, vhat), k(o, t, o->o->epsilon));
  later(o, u->param, sub(o, u->w, dvd(o, mul(o, mhat, lr(o, t)), den)));
}

/* a += g² (a starts at initial_accumulator_value); w −= lr·g/√(a + ε). */
static void adagrad(Opt *o, const Upd *u) {
  Value *a = slot(o, u, "accumulator", o->o->initial_accumulator_value);
  Value *a1 = add(o, a, mul(o, u->g, u->g));
  later(o, a, a1);
  Value *den = sqrt_(o, add(o, a1, k(o, u->t, o->o->epsilon)));
  later(o, u->param, sub(o, u->w, dvd(o, mul(o, lr(o, u->t), u->g), den)));
}

/* a = ρa + (1−ρ)g²; d = −(√(b+ε)·g)/√(a+ε); b = ρb + (1−ρ)d²; w += lr·d. */
static void adadelta(Opt *o, const Upd *u) {
  DType t = u->t;
  Value *rho = k(o, t, o->o->rho), *rho1 = k(o, t, 1.0 - o->o->rho), *eps = k(o, t, o->o->epsilon);
  Value *a = slot(o, u, "accumulated_grad", 0), *b = slot(o, u, "accumulated_delta_var", 0);
  Value *a1 = add(o, mul(o, rho, a), mul(o, rho1, mul(o, u->g, u->g)));
  Value *d = ir_unary(o->g, OP_NEG, dvd(o, mul(o, sqrt_(o, add(o, b, eps)), u->g),
                                        sqrt_(o, add(o, a1, eps))));
  Value *b1 = add(o, mul(o, rho, b), mul(o, rho1, mul(o, d, d)));
  later(o, a, a1);
  later(o, b, b1);
  later(o, u->param, add(o, u->w, mul(o, lr(o, t), d)));
}

/* m += (g−m)(1−β1); u = max(β2·u, |g|); w −= lr·m/((1−β1ᵗ)(u+ε)). */
static void adamax(Opt *o, const Upd *u) {
  DType t = u->t;
  Value *m = moment(o, u, slot(o, u, "m", 0), u->g, 1.0 - o->o->beta_1);
  Value *n = slot(o, u, "u", 0);
  Value *n1 = bin(o, OP_MAX, mul(o, k(o, t, o->o->beta_2), n), ir_unary(o->g, OP_ABS, u->g));
  later(o, n, n1);
  Value *den = mul(o, sub(o, k(o, t, 1.0), power(o, "beta_1_power", o->o->beta_1, 1, t)),
                   add(o, n1, k(o, t, o->o->epsilon)));
  later(o, u->param, sub(o, u->w, dvd(o, mul(o, lr(o, t), m), den)));
}

/* w −= lr·sign(β1·m + (1−β1)·g); m = β2·m + (1−β2)·g. */
static void lion(Opt *o, const Upd *u) {
  DType t = u->t;
  Value *m = slot(o, u, "m", 0), *zero = k(o, t, 0.0);
  Value *c = add(o, mul(o, m, k(o, t, o->o->beta_1)), mul(o, u->g, k(o, t, 1.0 - o->o->beta_1)));
  Value *sign = sub(o, ir_cmp(o->g, CMP_GT, c, zero), ir_cmp(o->g, CMP_LT, c, zero));
  later(o, u->param, sub(o, u->w, mul(o, lr(o, t), sign)));
  later(o, m, add(o, mul(o, m, k(o, t, o->o->beta_2)), mul(o, u->g, k(o, t, 1.0 - o->o->beta_2))));
}

/* Each optimizer's update, by nnc_optimizer_kind: the rule column of names/optimizers.def. */
typedef void (*Rule)(Opt *o, const Upd *u);
static const Rule rules[] = {
#define OPTIMIZER(id, name, cls, rule, slots, params, doc) [NNC_OPT_##id] = rule,
#include "optimizers.def"
};
enum { NRULES = sizeof rules / sizeof rules[0] };

/* ---- clipping and weight decay ---- */

/* An argument Keras treats as set: not None (NaN) and above 0. */
static bool on(double x) {
  return x > 0;
}

static Value *sum_squares(Opt *o, Value *g) {
  Value *sq = mul(o, g, g);
  return sq->shape.rank ? ir_reduce(o->g, OP_SUM, sq, (1u << sq->shape.rank) - 1, false) : sq;
}

/* Keras's _clip_gradients, but global_clipnorm's factor (built once, in gscale). */
static Value *clip(Opt *o, Value *g) {
  const nnc_optimizer *p = o->o;
  DType t = g->dtype;
  if (on(p->clipnorm)) {
    Value *c = k(o, t, p->clipnorm);
    return dvd(o, mul(o, g, c), bin(o, OP_MAX, sqrt_(o, sum_squares(o, g)), c));
  }
  if (on(p->global_clipnorm))
    return mul(o, g, as(o, o->gscale, t));
  if (on(p->clipvalue))
    return bin(o, OP_MIN, bin(o, OP_MAX, g, k(o, t, -p->clipvalue)), k(o, t, p->clipvalue));
  return g;
}

static bool has_grad(const Value *g) {
  return g && !(g->op == OP_CONST && g->num == 0.0);
}

/* c·min(1/n, 1/c) + (n − n), n the norm of every gradient (Keras's clip_by_global_norm). */
static void global_scale(Opt *o) {
  Value *sq = NULL;
  for (int i = 0; i < o->cx->nwrt; i++) {
    Value *g = o->cx->grads ? o->cx->grads[i] : NULL;
    if (has_grad(g))
      sq = sq ? add(o, sq, as(o, sum_squares(o, g), o->st)) : as(o, sum_squares(o, g), o->st);
  }
  if (!sq)
    return;
  double c = o->o->global_clipnorm;
  Value *n = sqrt_(o, sq), *one = k(o, o->st, 1.0);
  Value *f = mul(o, k(o, o->st, c), bin(o, OP_MIN, dvd(o, one, n), k(o, o->st, 1.0 / c)));
  o->gscale = add(o, f, sub(o, n, n));
}

/* Keras's _use_weight_decay: var_names are regular expressions searched in the variable's
 * name ("kernel", "bias": the part of the param's name after the layer's, "dense/kernel"),
 * matched here as substrings, the patterns Keras users write. */
static bool decays(const Opt *o, const Value *w) {
  if (!on(o->o->weight_decay))
    return false;
  const char *name = w->name ? w->name : "", *slash = strchr(name, '/');
  const char *var = slash ? slash + 1 : name;
  size_t len = strcspn(var, "@");  /* a slice "kernel@ROW" is the kernel */
  for (int i = 0; i < o->cx->nno_decay; i++) {
    const char *pat = o->cx->no_decay[i];
    size_t pl = strlen(pat);
    for (size_t at = 0; pl <= len && at + pl <= len; at++)
      if (memcmp(var + at, pat, pl) == 0)
        return false;
  }
  return true;
}

/* ---- the pass ---- */

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

static nnc_status lower_one(Opt *o, Value *w, Value *g) {
  Upd u = {.param = w, .w = w, .g = clip(o, g), .t = w->dtype};
  if (decays(o, w))
    u.w = sub(o, w, mul(o, mul(o, w, k(o, u.t, o->o->weight_decay)), lr(o, u.t)));
  rules[o->o->kind](o, &u);
  return o->g->status;
}

static nnc_status lower_all(Opt *o, PassCtx *cx) {
  for (int i = 0; i < cx->nwrt; i++) {
    nnc_status s = check_pair(cx->wrt[i], cx->grads ? cx->grads[i] : NULL);
    if (s != NNC_OK)
      return s;
  }
  for (int i = 0; i < cx->nwrt; i++)
    if (has_grad(cx->grads ? cx->grads[i] : NULL)) {
      o->st = cx->wrt[i]->dtype;
      break;
    }
  if (on(o->o->global_clipnorm) && !on(o->o->clipnorm))
    global_scale(o);
  for (int i = 0; i < cx->nwrt && o->g->status == NNC_OK; i++)
    if (has_grad(cx->grads ? cx->grads[i] : NULL))
      lower_one(o, cx->wrt[i], cx->grads[i]);
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
  Opt o = {.g = g, .o = cx->opt, .cx = cx, .prefix = nnc_optimizer_name(cx->opt->kind)};
  /* at most 4 ASSIGNs per param (AdamW with amsgrad: w, m, v, vhat), and the shared ones */
  size_t cap = 4 * (size_t)cx->nwrt + MAX_SCALARS;
  o.tgt = base_calloc(cap, sizeof *o.tgt);
  o.val = base_calloc(cap, sizeof *o.val);
  nnc_status s = o.tgt && o.val ? lower_all(&o, cx)
                                : base_error(NNC_ERR_NOMEM, "optimizer: out of memory");
  base_free(o.tgt);
  base_free(o.val);
  g->planned = false;
  return s;
}
