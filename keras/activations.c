/* activations.c — Keras 3's activations as IR: one builder per row of names/activations.def,
 * each the formula of keras/src/activations/activations.py with the JAX backend's ops.
 *
 * A builder gets the pre-activation and the activation's arguments (Keras's defaults unless
 * the caller gave others) and returns the activation. The elementwise ones are IR ops
 * (softplus, elu and mish have ops of their own, for stable and one-exp forms) or short
 * chains of elementwise ops, so either way they fuse into a matmul's epilogue and their
 * derivatives into the backward matmul's. A ROW activation (softmax, sparsemax) reads a
 * whole sample's features, so the model hands it a tensor that is not split into parts
 * (model.c joins a Concatenate's parts first); glu also halves them.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "keras.h"

enum { EACH, ROW, HALVE }; /* activations.def's axis column */

/* The args column's Python defaults. */
#define None INFINITY
#define REQUIRED NAN
enum { False = 0, True = 1 };

static Value *k(Graph *g, const Value *like, double x) { return ir_scalar(g, like->dtype, x); }
static Value *add(Graph *g, Value *a, Value *b) { return ir_binary(g, OP_ADD, a, b); }
static Value *sub(Graph *g, Value *a, Value *b) { return ir_binary(g, OP_SUB, a, b); }
static Value *mul(Graph *g, Value *a, Value *b) { return ir_binary(g, OP_MUL, a, b); }
static Value *div_(Graph *g, Value *a, Value *b) { return ir_binary(g, OP_DIV, a, b); }
static Value *neg(Graph *g, Value *a) { return ir_unary(g, OP_NEG, a); }

/* min(max(x, lo), hi) */
static Value *clip(Graph *g, Value *x, double lo, double hi) {
  return ir_binary(g, OP_MIN, ir_binary(g, OP_MAX, x, k(g, x, lo)), k(g, x, hi));
}

static Value *act_linear(Graph *g, Value *x, const double *a) {
  (void)g, (void)a;
  return x;
}

static Value *act_sigmoid(Graph *g, Value *x, const double *a) {
  (void)a;
  return ir_unary(g, OP_SIGMOID, x);
}

static Value *relu6(Graph *g, Value *x) { return clip(g, x, 0, 6); }

/* Keras's ReLU.static_call: leaky_relu when only negative_slope is set; else x above the
 * threshold (relu6 for max_value 6), clipped to [0, max_value], minus negative_slope times
 * relu(threshold - x). */
static Value *act_relu(Graph *g, Value *x, const double *a) {
  double slope = a[0], max_value = a[1], threshold = a[2];
  bool clip_max = !isinf(max_value);
  if (slope != 0 && !clip_max && threshold == 0)
    return ir_leaky_relu(g, x, slope);
  Value *y;
  if (threshold != 0) {
    y = ir_select(g, ir_cmp(g, CMP_GT, x, k(g, x, threshold)), x, k(g, x, 0));
  } else if (max_value == 6) {
    y = relu6(g, x);
    clip_max = false;
  } else {
    y = ir_unary(g, OP_RELU, x);
  }
  if (clip_max)
    y = clip(g, y, 0, max_value);
  if (slope != 0) {
    Value *below = ir_unary(g, OP_RELU, threshold != 0 ? sub(g, k(g, x, threshold), x) : neg(g, x));
    y = sub(g, y, mul(g, k(g, x, slope), below));
  }
  return y;
}

static Value *act_tanh(Graph *g, Value *x, const double *a) {
  (void)a;
  return ir_unary(g, OP_TANH, x);
}

static Value *act_softmax(Graph *g, Value *x, const double *a) {
  (void)a;
  return ir_softmax(g, OP_SOFTMAX, x);
}

static Value *act_leaky_relu(Graph *g, Value *x, const double *a) {
  return ir_leaky_relu(g, x, a[0]);
}

static Value *act_gelu(Graph *g, Value *x, const double *a) {
  return ir_gelu(g, x, a[0] != 0);
}

static Value *act_relu6(Graph *g, Value *x, const double *a) {
  (void)a;
  return relu6(g, x);
}

static Value *act_elu(Graph *g, Value *x, const double *a) {
  return ir_elu(g, x, a[0]);
}

/* jax.nn.selu's constants */
static Value *act_selu(Graph *g, Value *x, const double *a) {
  (void)a;
  const double alpha = 1.6732632423543772848170429916717, scale = 1.0507009873554804934193349852946;
  return mul(g, k(g, x, scale), ir_elu(g, x, alpha));
}

/* alpha (e^(x/alpha) - 1) below 0 = alpha elu(x/alpha, 1) */
static Value *act_celu(Graph *g, Value *x, const double *a) {
  return mul(g, k(g, x, a[0]), ir_elu(g, div_(g, x, k(g, x, a[0])), 1));
}

static Value *act_softplus(Graph *g, Value *x, const double *a) {
  (void)a;
  return ir_unary(g, OP_SOFTPLUS, x);
}

static Value *act_softsign(Graph *g, Value *x, const double *a) {
  (void)a;
  return div_(g, x, add(g, ir_unary(g, OP_ABS, x), k(g, x, 1)));
}

static Value *act_silu(Graph *g, Value *x, const double *a) {
  (void)a;
  return mul(g, x, ir_unary(g, OP_SIGMOID, x));
}

/* jax.nn.hard_sigmoid: relu6(x + 3) / 6 */
static Value *hard_sigmoid(Graph *g, Value *x) {
  return div_(g, relu6(g, add(g, x, k(g, x, 3))), k(g, x, 6));
}

static Value *act_hard_sigmoid(Graph *g, Value *x, const double *a) {
  (void)a;
  return hard_sigmoid(g, x);
}

static Value *act_hard_silu(Graph *g, Value *x, const double *a) {
  (void)a;
  return mul(g, x, hard_sigmoid(g, x));
}

static Value *act_mish(Graph *g, Value *x, const double *a) {
  (void)a;
  return ir_unary(g, OP_MISH, x);
}

static Value *act_exponential(Graph *g, Value *x, const double *a) {
  (void)a;
  return ir_unary(g, OP_EXP, x);
}

static Value *act_log_softmax(Graph *g, Value *x, const double *a) {
  (void)a;
  return ir_softmax(g, OP_LOG_SOFTMAX, x);
}

static Value *act_log_sigmoid(Graph *g, Value *x, const double *a) {
  (void)a;
  return neg(g, ir_unary(g, OP_SOFTPLUS, neg(g, x)));
}

static Value *act_hard_tanh(Graph *g, Value *x, const double *a) {
  (void)a;
  return clip(g, x, -1, 1);
}

static Value *act_tanh_shrink(Graph *g, Value *x, const double *a) {
  (void)a;
  return sub(g, x, ir_unary(g, OP_TANH, x));
}

/* x - t above t, x + t below -t, 0 between: x - clip(x, -t, t) */
static Value *act_soft_shrink(Graph *g, Value *x, const double *a) {
  return sub(g, x, clip(g, x, -a[0], a[0]));
}

static Value *act_hard_shrink(Graph *g, Value *x, const double *a) {
  Value *keep = ir_cmp(g, CMP_GT, ir_unary(g, OP_ABS, x), k(g, x, a[0]));
  return ir_select(g, keep, x, k(g, x, 0));
}

static Value *act_threshold(Graph *g, Value *x, const double *a) {
  return ir_select(g, ir_cmp(g, CMP_GT, x, k(g, x, a[0])), x, k(g, x, a[1]));
}

/* (c + 1)^2 / 4 with c = clip(x, -1, 1), plus max(x - 1, 0): 0, the parabola, then x */
static Value *act_sparse_plus(Graph *g, Value *x, const double *a) {
  (void)a;
  Value *c1 = add(g, clip(g, x, -1, 1), k(g, x, 1));
  Value *above = ir_binary(g, OP_MAX, sub(g, x, k(g, x, 1)), k(g, x, 0));
  return add(g, mul(g, mul(g, c1, c1), k(g, x, 0.25)), above);
}

static Value *act_squareplus(Graph *g, Value *x, const double *a) {
  Value *r = ir_unary(g, OP_SQRT, add(g, mul(g, x, x), k(g, x, a[0])));
  return div_(g, add(g, x, r), k(g, x, 2));
}

/* jax.nn.sparse_sigmoid: 0.5 clip(x + 1, 0, 2) */
static Value *act_sparse_sigmoid(Graph *g, Value *x, const double *a) {
  (void)a;
  return mul(g, k(g, x, 0.5), clip(g, add(g, x, k(g, x, 1)), 0, 2));
}

/* The half `which` (0 or 1) of x's last axis: x as [.., 2, n/2] times one_hot(which) over
 * the 2, summed away. */
static Value *half(Graph *g, Value *x, int which) {
  Shape s = x->shape, s3 = s;
  int r = s.rank;
  s3.dim[r - 1] = s.dim[r - 1] / 2;
  s3.dim[r] = s3.dim[r - 1];
  s3.dim[r - 1] = 2;
  s3.rank = r + 1;
  Value *pick = ir_one_hot(g, ir_scalar(g, DT_I32, which), 2, x->dtype);
  pick = ir_reshape(g, pick, ir_shape(2, (int64_t)2, (int64_t)1));
  return ir_reduce(g, OP_SUM, mul(g, ir_reshape(g, x, s3), pick), 1u << (r - 1), false);
}

static Value *act_glu(Graph *g, Value *x, const double *a) {
  (void)a;
  return mul(g, half(g, x, 0), ir_unary(g, OP_SIGMOID, half(g, x, 1)));
}

/* Sparsemax as Keras 3 computes it (every backend's sparsemax), without sorting. Keras sorts
 * a sample's features in descending order z_1 >= z_2 >= ..., keeps the support r <= k where
 * 1 + r z_r > S_r (S_r = z_1 + ... + z_r), and takes tau = (S_1 + ... + S_k - 1) / k. With k_j
 * the count of features >= x_j and s_j their sum, x_j is in the support when
 * 1 + k_j x_j > s_j, and s_j = S_(k_j), so tau = (sum of s_j over the support - 1) / k.
 * (Keras's tau sums the S_r where the textbook sums z_r, so its outputs sum to 1 only when
 * the support has one feature; nnc gives Keras's numbers.) Features tied with x_j, t_j of
 * them, hold the ranks k_j - t_j + 1 .. k_j in Keras's sort and are in the support together,
 * so their S_r sum to t_j s_j - x_j t_j (t_j - 1) / 2: each adds s_j - x_j (t_j - 1) / 2.
 * The n x n comparisons cost O(n^2) per sample, fine for an output layer's classes; they
 * carry no gradient, so autodiff differentiates through tau as Keras's does. */
static Value *act_sparsemax(Graph *g, Value *x, const double *a) {
  (void)a;
  int r = x->shape.rank;
  Shape row = x->shape, col = x->shape;
  row.dim[r] = row.dim[r - 1], row.dim[r - 1] = 1, row.rank = r + 1;   /* [.., 1, n] */
  col.dim[r] = 1, col.rank = r + 1;                                    /* [.., n, 1] */
  Value *xi = ir_reshape(g, x, row), *xj = ir_reshape(g, x, col);
  Value *ge = ir_cmp(g, CMP_GE, xi, xj); /* [.., j, i]: x_i >= x_j, 1 or 0 of x's dtype */
  unsigned last = 1u << r, feat = 1u << (r - 1);
  Value *kj = ir_reshape(g, ir_reduce(g, OP_SUM, ge, last, false), x->shape);
  Value *sj = ir_reshape(g, ir_reduce(g, OP_SUM, mul(g, ge, xi), last, false), x->shape);
  Value *tj = ir_reshape(g, ir_reduce(g, OP_SUM, ir_cmp(g, CMP_EQ, xi, xj), last, false),
                         x->shape);
  Value *support = ir_cmp(g, CMP_GT, add(g, k(g, x, 1), mul(g, kj, x)), sj);
  Value *size = ir_reduce(g, OP_SUM, support, feat, true);
  Value *sr = sub(g, sj, mul(g, x, mul(g, sub(g, tj, k(g, x, 1)), k(g, x, 0.5))));
  Value *total = ir_reduce(g, OP_SUM, mul(g, support, sr), feat, true);
  Value *tau = div_(g, sub(g, total, k(g, x, 1)), size);
  return ir_binary(g, OP_MAX, sub(g, x, tau), k(g, x, 0));
}

typedef Value *ActBuild(Graph *g, Value *x, const double *args);

/* The args column, twice: defaults, and names (NULL past the last). One slot more than
 * NNC_ACT_ARGS, so that a row without arguments still has an initializer. */
static const struct {
  ActBuild *build;
  double args[NNC_ACT_ARGS + 1];  /* Keras's defaults; NaN: required */
  int axis;                       /* EACH, ROW, HALVE */
} rows[] = {
#define ARG(name, def) def,
#define ACTIVATION(id, name, aliases, axis, build, args, op, kops, doc) \
  [NNC_ACT_##id] = {build, {args 0}, axis},
#include "activations.def"
#undef ARG
};

static const char *const arg_names[][NNC_ACT_ARGS + 1] = {
#define ARG(name, def) #name,
#define ACTIVATION(id, name, aliases, axis, build, args, op, kops, doc) [NNC_ACT_##id] = {args NULL},
#include "activations.def"
#undef ARG
};

/* The args column's defaults as the table writes them, in Python ("False", "None"). */
static const char *const arg_defaults[][NNC_ACT_ARGS + 1] = {
#define ARG(name, def) #def,
#define ACTIVATION(id, name, aliases, axis, build, args, op, kops, doc) [NNC_ACT_##id] = {args NULL},
#include "activations.def"
#undef ARG
};

/* The op column: Keras's operation of a call on a Keras tensor ({NULL} for NO_OP). */
static const KerasOp ops[] = {
#define NN "keras.src.ops.nn"
#define NUMPY "keras.src.ops.numpy"
#define ACTIVATIONS "keras.src.activations.activations"
#define OP(module, cls, prefix) {module, cls, prefix}
#define NO_OP {NULL, NULL, NULL}
#define ACTIVATION(id, name, aliases, axis, build, args, op, kops, doc) [NNC_ACT_##id] = op,
#include "activations.def"
#undef OP
#undef NO_OP
};

/* The kops column: keras.ops.NAME's operation (the op column's when as_op; {NULL} for
 * NO_KOPS), and how many of the args column's arguments it takes, the first ones. */
static const struct {
  bool as_op;
  KerasOp op;
  int nargs;
} kops[] = {
#define ARG(name, def) +1
#define KOPS(module, cls, prefix, args) {false, {module, cls, prefix}, 0 args}
#define KOPS_AS_OP {true, {NULL, NULL, NULL}, NNC_ACT_ARGS}
#define NO_KOPS {false, {NULL, NULL, NULL}, 0}
#define ACTIVATION(id, name, aliases, axis, build, args, op, kops, doc) [NNC_ACT_##id] = kops,
#include "activations.def"
#undef ARG
#undef KOPS
#undef KOPS_AS_OP
#undef NO_KOPS
#undef NN
#undef NUMPY
#undef ACTIVATIONS
};

/* The kops column's own defaults (KOPS rows; the first nargs of the row count). */
static const double kops_defaults[][NNC_ACT_ARGS + 1] = {
#define ARG(name, def) def,
#define KOPS(module, cls, prefix, args) {args 0}
#define KOPS_AS_OP {0}
#define NO_KOPS {0}
#define ACTIVATION(id, name, aliases, axis, build, args, op, kops, doc) [NNC_ACT_##id] = kops,
#include "activations.def"
#undef ARG
#undef KOPS
#undef KOPS_AS_OP
#undef NO_KOPS
};

static bool known(nnc_activation a) {
  return nnc_activation_name(a) != NULL;
}

const KerasOp *keras_activation_op(nnc_activation a) {
  return known(a) && ops[a].cls ? &ops[a] : NULL;
}

const KerasOp *keras_activation_kop(nnc_activation a) {
  if (!known(a))
    return NULL;
  return kops[a].as_op ? keras_activation_op(a) : kops[a].op.cls ? &kops[a].op : NULL;
}

int keras_activation_kop_args(nnc_activation a) {
  return known(a) ? kops[a].nargs : 0;
}

void keras_activation_kops_init(nnc_activation a, double *args) {
  keras_activation_init(a, args);
  for (int i = 0; known(a) && !kops[a].as_op && i < kops[a].nargs; i++)
    args[i] = kops_defaults[a][i];
}

const char *keras_activation_arg(nnc_activation a, int i, const char **def) {
  if (!known(a) || i < 0 || i >= NNC_ACT_ARGS || !arg_names[a][i])
    return NULL;
  if (def)
    *def = arg_defaults[a][i];
  return arg_names[a][i];
}

void keras_activation_init(nnc_activation a, double *args) {
  for (int i = 0; i < NNC_ACT_ARGS; i++)
    args[i] = known(a) ? rows[a].args[i] : 0;
}

nnc_status nnc_activation_defaults(nnc_activation a, double *args) {
  if (!known(a) || !args)
    return base_error(NNC_ERR_ARG, "nnc_activation_defaults: %s",
                      args ? "unknown activation" : "args is NULL");
  keras_activation_init(a, args);
  return NNC_OK;
}

/* Whether a's arguments are ones Keras's function refuses or nnc cannot do; if so, msg says
 * which and why. A ROW or HALVE activation applies to the last of `rank` axes. */
static bool bad_args(nnc_activation a, const double *args, int rank, char msg[static 160]) {
  for (int i = 0; i < NNC_ACT_ARGS && arg_names[a][i]; i++) {
    const char *name = arg_names[a][i], *why = NULL;
    double v = args[i];
    if (isnan(v) && isnan(rows[a].args[i])) {
      snprintf(msg, 160, "%s's argument %s is required (Keras's function has no default for it)",
               nnc_activation_name(a), name);
      return true;
    }
    if (strcmp(name, "max_value") != 0 && !isfinite(v))
      why = "must be finite";
    else if (strcmp(name, "axis") == 0 && v != -1 && v != rank - 1)
      why = "must be the last axis (-1): nnc applies it to a sample's features";
    else if (a == NNC_ACT_CELU && v == 0)
      why = "must not be 0";
    if (why) {
      snprintf(msg, 160, "%s's argument %s %s (found %g)", nnc_activation_name(a), name, why, v);
      return true;
    }
  }
  return false;
}

nnc_status keras_activation_check(nnc_activation a, const double *args, int64_t width,
                                  const char *fn) {
  if (!known(a))
    return base_error(NNC_ERR_ARG, "%s: unknown activation %d", fn, (int)a);
  char msg[160];
  if (bad_args(a, args, 2, msg))
    return base_error(NNC_ERR_ARG, "%s: %s", fn, msg);
  if (rows[a].axis == HALVE && width % 2)
    return base_error(NNC_ERR_SHAPE, "%s: glu halves a sample's features, so it needs an even "
                      "number of them, found %lld", fn, (long long)width);
  return NNC_OK;
}

Value *keras_activate(Graph *g, nnc_activation a, const double *args, Value *x) {
  NNC_ASSERT(known(a)); /* the layer builders refused any other */
  if (!x)
    return NULL;
  return rows[a].build(g, x, args ? args : rows[a].args);
}

bool keras_activation_row(nnc_activation a) {
  return known(a) && rows[a].axis != EACH;
}

int64_t keras_activation_width(nnc_activation a, int64_t width) {
  return known(a) && rows[a].axis == HALVE ? width / 2 : width;
}

static nnc_value *refuse(Graph *g, nnc_status s, const char *msg) {
  ir_fail(g, s, "nnc_activate: %s", msg);
  return NULL;
}

nnc_value *nnc_activate(nnc_graph *gr, nnc_activation a, const double *args, nnc_value *xv) {
  Graph *g = (Graph *)gr;
  Value *x = (Value *)xv;
  if (!g || g->status != NNC_OK)
    return NULL;
  if (!x || !known(a) || x->shape.rank < 1)
    return refuse(g, NNC_ERR_ARG, !x ? "x is NULL" : !known(a) ? "unknown activation"
                                                              : "x must have an axis");
  const double *use = args ? args : rows[a].args;
  int r = x->shape.rank;
  char msg[160];
  if (bad_args(a, use, r, msg))
    return refuse(g, NNC_ERR_ARG, msg);
  if (rows[a].axis == HALVE && x->shape.dim[r - 1] % 2)
    return refuse(g, NNC_ERR_SHAPE, "glu needs an even number of features");
  return (nnc_value *)rows[a].build(g, x, use);
}
