/* layer_ops.c — the Operation layer: one operation of keras.ops (names/keras_ops.def) on
 * Keras tensors, as a model file's `x * y`, `2.0 - x`, `keras.ops.mean(x, axis=-1)` make it.
 *
 * The layer's configuration names the operation (`op`), the operand that is not a tensor
 * (`constant`, on the left when `constant_first`): a number, or matmul's matrix, which
 * becomes a constant leaf of the model (keras_constant: not a weight, so neither trained,
 * counted nor saved with them, as Keras keeps a NumPy operand in the graph), and a
 * reduction's `axis` and `keepdims`. Two tensors broadcast as Keras's merge layers broadcast
 * them (keras_broadcast_samples). Reductions run over axes of a sample: the batch axis stays,
 * as a model's rows are independent samples. Gradients are the IR's own: every operation is
 * built from ops whose VJPs the op table holds; max and min over an axis are a balanced tree
 * of elementwise max (min) of slices, so their gradient goes to one winner of each pair.
 * floor passes no gradient, so x // y has none and x % y = x - y·floor(x / y) has Keras's.
 * A matmul of two tensors is one product per sample, written as a broadcast product summed
 * over k ([b,m,k,1] · [b,1,k,n]), as the IR's matmul multiplies one pair of matrices; so is
 * a constant matrix on the left, while one on the right is the IR's matmul of every row.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "keras.h"

typedef struct {
  DType dt;
  double constant;              /* the number operand, when there is one */
  bool constant_first;
  unsigned axes;                /* reductions: value axes (the batch is axis 0) */
  bool keepdims;
  const ArgVal *activation;     /* KOP_ACTIVATION's */
} OpArgs;

typedef Value *KopFn(Graph *g, Value *x, Value *y, const OpArgs *a);
#define KOP(id, name, cls, kind, fn, doc) static KopFn fn;
#include "keras_ops.def"

static const struct {
  const char *name, *cls;
  KopKind kind;
  KopFn *fn;
} rows[] = {
#define KOP(id, name, cls, kind, fn, doc) [KOP_##id] = {name, cls, kind, fn},
#include "keras_ops.def"
};

const char *keras_op_name(KopId k) {
  return rows[k].name;
}

KopKind keras_op_kind(KopId k) {
  return rows[k].kind;
}

static const char numpy[] = "keras.src.ops.numpy";   /* every row's module but ACTIVATION's */

static KopId op_of(const Layer *l) {
  return (KopId)keras_arg(&l->cfg, "op")->num;
}

/* The operation that row k (of KOP_ACTIVATION) makes of activation a: keras.activations'
 * or keras.ops'; NULL when that vocabulary has no such function. */
static const KerasOp *activation_op(KopId k, nnc_activation a) {
  return k == KOP_ACTIVATION_OP ? keras_activation_op(a) : keras_activation_kop(a);
}

KerasOp keras_operation(const Layer *l) {
  KopId k = op_of(l);
  if (rows[k].kind != KOP_ACTIVATION)
    return (KerasOp){numpy, rows[k].cls, rows[k].name};
  const KerasOp *op = activation_op(k, keras_arg(&l->cfg, "activation")->act);
  return op ? *op : (KerasOp){numpy, "Activation", "activation"};  /* refused by the shape rule */
}

/* An activation whose operation (keras.activations' before keras.ops', which differ for
 * relu alone among the ones both have) is module.cls. */
int keras_operation_find(const char *module, const char *cls, nnc_activation *act) {
  for (int k = 0; k < KOP_COUNT; k++)
    if (rows[k].cls && !strcmp(module, numpy) && !strcmp(cls, rows[k].cls))
      return k;
  for (KopId k = KOP_ACTIVATION_OP; k <= KOP_OPS_ACTIVATION; k++)
    for (int a = 0; nnc_activation_name((nnc_activation)a); a++) {
      const KerasOp *op = activation_op(k, (nnc_activation)a);
      if (op && !strcmp(module, op->module) && !strcmp(cls, op->cls)) {
        *act = (nnc_activation)a;
        return k;
      }
    }
  return -1;
}

/* ---- the operations ---- */

static Value *kop_add(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)a;
  return ir_binary(g, OP_ADD, x, y);
}

static Value *kop_subtract(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)a;
  return ir_binary(g, OP_SUB, x, y);
}

static Value *kop_multiply(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)a;
  return ir_binary(g, OP_MUL, x, y);
}

static Value *kop_divide(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)a;
  return ir_binary(g, OP_DIV, x, y);
}

static Value *kop_floor_divide(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)a;
  return ir_unary(g, OP_FLOOR, ir_binary(g, OP_DIV, x, y));
}

static Value *kop_mod(Graph *g, Value *x, Value *y, const OpArgs *a) {
  return ir_binary(g, OP_SUB, x, ir_binary(g, OP_MUL, y, kop_floor_divide(g, x, y, a)));
}

/* [b,m,k] @ [b,k,n], a b of 1 broadcasting: the products summed over k. */
static Value *per_sample(Graph *g, Value *l, Value *r) {
  Shape ls = l->shape, rs = r->shape;
  Value *col = ir_reshape(g, l, ir_shape(4, ls.dim[0], ls.dim[1], ls.dim[2], 1L));
  Value *row = ir_reshape(g, r, ir_shape(4, rs.dim[0], 1L, rs.dim[1], rs.dim[2]));
  return ir_reduce(g, OP_SUM, ir_binary(g, OP_MUL, col, row), 1u << 2, false);
}

/* Two tensors [b,m,k] @ [b,k,n], a tensor by a constant matrix [b,...,k] @ [k,n] (the IR's
 * matmul, over the last axis of every row), or a matrix by a tensor [p,m] @ [b,m,k]. */
static Value *kop_matmul(Graph *g, Value *x, Value *y, const OpArgs *a) {
  if (a->constant_first && x && x->shape.rank == 2)
    x = ir_reshape(g, x, ir_shape(3, 1L, x->shape.dim[0], x->shape.dim[1]));
  if (!x || !y || y->shape.rank != 2)
    return x && y ? per_sample(g, x, y) : NULL;
  Shape s = x->shape;
  int64_t k = s.dim[s.rank - 1];
  Value *flat = ir_matmul(g, ir_reshape(g, x, ir_shape(2, ir_numel(s) / k, k)), y, false, false);
  s.dim[s.rank - 1] = y->shape.dim[1];
  return ir_reshape(g, flat, s);
}

static Value *kop_maximum(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)a;
  return ir_binary(g, OP_MAX, x, y);
}

static Value *kop_minimum(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)a;
  return ir_binary(g, OP_MIN, x, y);
}

/* A number to the power of a tensor is e^(x·ln c); a tensor to a number's power is pow. The
 * shape rule refused two tensors and a base that is not positive. */
static Value *kop_power(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)y;
  if (!a->constant_first)
    return ir_pow(g, x, a->constant);
  return ir_unary(g, OP_EXP, ir_binary(g, OP_MUL, x, ir_scalar(g, a->dt, log(a->constant))));
}

static Value *kop_negative(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)y, (void)a;
  return ir_unary(g, OP_NEG, x);
}

static Value *kop_absolute(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)y, (void)a;
  return ir_unary(g, OP_ABS, x);
}

static Value *kop_square(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)y, (void)a;
  return ir_binary(g, OP_MUL, x, x);
}

static Value *kop_sqrt(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)y, (void)a;
  return ir_unary(g, OP_SQRT, x);
}

static Value *kop_exp(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)y, (void)a;
  return ir_unary(g, OP_EXP, x);
}

static Value *kop_log(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)y, (void)a;
  return ir_unary(g, OP_LOG, x);
}

static Value *kop_sum(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)y;
  return ir_reduce(g, OP_SUM, x, a->axes, a->keepdims);
}

static Value *kop_mean(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)y;
  return ir_reduce(g, OP_MEAN, x, a->axes, a->keepdims);
}

/* op (MAX or MIN) of x's elements along `axis`, the axis kept with size 1: pairs of halves
 * combined until one slice is left. */
static Value *tree(Graph *g, OpKind op, Value *x, int axis) {
  while (x && x->shape.dim[axis] > 1) {
    int64_t n = x->shape.dim[axis], half = n / 2;
    Value *lo = ir_slice(g, x, axis, 0, half), *hi = ir_slice(g, x, axis, half, half);
    Value *both = ir_binary(g, op, lo, hi);
    x = n % 2 ? ir_concat(g, both, ir_slice(g, x, axis, n - 1, 1), axis) : both;
  }
  return x;
}

static Value *extreme(Graph *g, OpKind op, Value *x, const OpArgs *a) {
  Shape kept = x->shape, out = {0, {0}};
  for (int d = 0; d < x->shape.rank; d++)
    if (a->axes & (1u << d)) {
      x = tree(g, op, x, d);
      kept.dim[d] = 1;
      if (!x)
        return NULL;
    }
  if (a->keepdims)
    return x;
  for (int d = 0; d < kept.rank; d++)
    if (!(a->axes & (1u << d)))
      out.dim[out.rank++] = kept.dim[d];
  return ir_reshape(g, x, out);
}

static Value *kop_max(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)y;
  return extreme(g, OP_MAX, x, a);
}

static Value *kop_min(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)y;
  return extreme(g, OP_MIN, x, a);
}

static Value *kop_activation(Graph *g, Value *x, Value *y, const OpArgs *a) {
  (void)y;
  return keras_activate(g, a->activation->act, a->activation->args, x);
}

/* ---- the layer ---- */

/* The reduced sample shape of in over the config's axes into *out, their value axes into
 * *mask. */
static nnc_status reduced(const Shaping *s, const char *op, Shape in, unsigned *mask,
                          Shape *out) {
  const ArgVal *ax = keras_arg(&s->l->cfg, "axis");
  bool keep = keras_arg(&s->l->cfg, "keepdims")->num != 0;
  char b[64];
  if (ax->null)
    return base_error(NNC_ERR_ARG, "%s: keras.ops.%s(axis=None) would reduce the batch axis "
                      "too, which a model cannot do: give the sample's axes, such as axis=-1",
                      s->fn, op);
  *mask = 0;
  for (int i = 0; i < ax->n; i++) {
    int k = keras_sample_axis(ax->ints[i], in.rank);
    if (k == -1)
      return base_error(NNC_ERR_ARG, "%s: keras.ops.%s over axis %lld, the batch axis, is not "
                        "something a model can do: each sample's output is its own",
                        s->fn, op, (long long)ax->ints[i]);
    if (k == -2 || (*mask & (1u << (k + 1))))
      return base_error(NNC_ERR_ARG, "%s: keras.ops.%s: axis %lld is %s for an input of shape "
                        "%s", s->fn, op, (long long)ax->ints[i], k == -2 ? "out of range"
                        : "given twice", keras_shape_text(in, b, sizeof b));
    *mask |= 1u << (k + 1);
  }
  out->rank = 0;
  for (int d = 0; d < in.rank; d++)
    if (!(*mask & (1u << (d + 1))) || keep)
      out->dim[out->rank++] = *mask & (1u << (d + 1)) ? 1 : in.dim[d];
  return NNC_OK;
}

/* The constant's rules: binary operations take a number, matmul a matrix, and a number's
 * power needs a positive base. */
static nnc_status check_constant(const Shaping *s, KopId k, const ArgVal *c) {
  const char *op = rows[k].name;
  bool first = keras_arg(&s->l->cfg, "constant_first")->num != 0, matmul = k == KOP_MATMUL;
  if (!c->null && rows[k].kind != KOP_BINARY && !matmul)
    return base_error(NNC_ERR_ARG, "%s: keras.ops.%s takes no constant", s->fn, op);
  if (!c->null && (c->nums != NULL) != matmul)
    return base_error(NNC_ERR_ARG, "%s: keras.ops.%s takes a %s as its constant, not a %s",
                      s->fn, op, matmul ? "matrix" : "number", matmul ? "number" : "matrix");
  if (k == KOP_POWER && c->null)
    return base_error(NNC_ERR_ARG, "%s: keras.ops.power of two tensors is not supported by nnc "
                      "yet: the base or the exponent must be a number", s->fn);
  if (k == KOP_POWER && first && !(c->num > 0))
    return base_error(NNC_ERR_ARG, "%s: %g ** x: nnc takes a number base that is positive",
                      s->fn, c->num);
  return NNC_OK;
}

/* x @ y: samples [m,k] and [k,n] of two tensors give [m,n]; a constant matrix [k,n] on the
 * right multiplies a sample's last axis ([..., k] to [..., n]), and one [p,m] on the left a
 * sample [m,k] (to [p,k]). */
static nnc_status matmul_shape(Shaping *s, const ArgVal *c) {
  Shape x = s->in[0], out = x;
  bool fit;
  char a[64], b[64];
  if (c->null) {
    Shape y = s->in[1];
    fit = x.rank == 2 && y.rank == 2 && x.dim[1] == y.dim[0];
    out.dim[1] = y.dim[1];
  } else if (keras_arg(&s->l->cfg, "constant_first")->num == 0) {
    fit = x.rank >= 1 && x.dim[x.rank - 1] == c->ints[0];   /* (None,) would sum the batch */
    if (fit)
      out.dim[x.rank - 1] = c->ints[1];
  } else {
    fit = x.rank == 2 && c->ints[1] == x.dim[0];
    out.dim[0] = c->ints[0];
  }
  if (!fit)
    return base_error(NNC_ERR_SHAPE, "%s: keras.ops.matmul: a sample of %s and %s do not "
                      "multiply (nnc takes (None, m, k) @ (None, k, n), (None, ..., k) @ [k, n] "
                      "and [p, m] @ (None, m, k))", s->fn, keras_shape_text(x, a, sizeof a),
                      c->null ? keras_shape_text(s->in[1], b, sizeof b)
                      : keras_weight_text(ir_shape(2, c->ints[0], c->ints[1]), b, sizeof b));
  *s->out = out;
  return NNC_OK;
}

/* `activation` names the activation of KOP_ACTIVATION, one that Keras calls on a Keras
 * tensor (keras.activations' or keras.ops' function, as the row says), and no other
 * operation's. */
static nnc_status check_activation(const Shaping *s, KopId k) {
  const ArgVal *a = keras_arg(&s->l->cfg, "activation");   /* null reads as linear */
  const char *name = nnc_activation_name(a->act);
  if (rows[k].kind != KOP_ACTIVATION)
    return a->act == NNC_ACT_LINEAR ? NNC_OK
         : base_error(NNC_ERR_ARG, "%s: keras.ops.%s takes no activation", s->fn, rows[k].name);
  if (k == KOP_OPS_ACTIVATION && !keras_activation_kop(a->act))
    return base_error(NNC_ERR_ARG, "%s: keras.ops has no function %s (Keras 3's has none "
                      "either); use keras.layers.Activation('%s')", s->fn, name, name);
  if (a->act == NNC_ACT_LINEAR)
    return base_error(NNC_ERR_ARG, "%s: the operation 'activation' needs an activation other "
                      "than linear (which is x itself)", s->fn);
  if (!activation_op(k, a->act))
    return base_error(NNC_ERR_ARG, "%s: keras.activations.%s cannot be called on a Keras tensor "
                      "(Keras 3 refuses it too); use keras.layers.Activation('%s')", s->fn,
                      name, name);
  return NNC_OK;
}

nnc_status shape_operation(Shaping *s) {
  KopId k = op_of(s->l);
  const ArgVal *c = keras_arg(&s->l->cfg, "constant");
  int want = (rows[k].kind == KOP_BINARY || rows[k].kind == KOP_MATRIX) && c->null ? 2 : 1;
  nnc_status st = check_constant(s, k, c);
  if (st == NNC_OK && s->n != want)
    st = base_error(NNC_ERR_ARG, "%s: keras.ops.%s takes %d tensor%s here, found %d", s->fn,
                    rows[k].name, want, want > 1 ? "s" : "", s->n);
  if (st == NNC_OK && rows[k].kind != KOP_REDUCE && !keras_arg(&s->l->cfg, "axis")->null)
    st = base_error(NNC_ERR_ARG, "%s: keras.ops.%s takes no axis", s->fn, rows[k].name);
  if (st == NNC_OK)
    st = check_activation(s, k);
  if (st != NNC_OK)
    return st;
  unsigned mask;
  switch (rows[k].kind) {
  case KOP_UNARY:
    *s->out = s->in[0];
    return NNC_OK;
  case KOP_BINARY:
    if (want == 1) {
      *s->out = s->in[0];
      return NNC_OK;
    }
    return keras_broadcast_samples(s->fn, rows[k].name, s->in[0], s->in[1], s->names[0],
                                   s->names[1], s->out);
  case KOP_REDUCE:
    return reduced(s, rows[k].name, s->in[0], &mask, s->out);
  case KOP_MATRIX:
    return matmul_shape(s, c);
  case KOP_ACTIVATION:
    return shape_activation(s);
  }
  return base_error(NNC_ERR_INTERNAL, "%s: an operation of no kind", s->fn);
}

Value *fwd_operation(Call *c) {
  const LayerConfig *cfg = &c->l->cfg;
  KopId k = op_of(c->l);
  OpArgs a = {.dt = c->dt, .constant = keras_arg(cfg, "constant")->num,
              .constant_first = keras_arg(cfg, "constant_first")->num != 0,
              .keepdims = keras_arg(cfg, "keepdims")->num != 0,
              .activation = keras_arg(cfg, "activation")};
  Value *x = c->in[0], *y = c->n > 1 ? c->in[1] : NULL;
  if (rows[k].kind == KOP_REDUCE) {
    const ArgVal *ax = keras_arg(cfg, "axis");
    for (int i = 0; i < ax->n; i++)   /* checked by the shape rule */
      a.axes |= 1u << (keras_sample_axis(ax->ints[i], x->shape.rank - 1) + 1);
  }
  if (k == KOP_MATMUL && !y) {
    Value *w = keras_constant(c, "constant");
    y = a.constant_first ? x : w;
    x = a.constant_first ? w : x;
  }
  if (rows[k].kind == KOP_BINARY && !y && k != KOP_POWER) {
    Value *num = ir_scalar(c->g, c->dt, a.constant);
    y = a.constant_first ? x : num;
    x = a.constant_first ? num : x;
  }
  return rows[k].fn(c->g, x, y, &a);
}
