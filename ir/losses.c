/* losses.c — Keras's losses as composites of ordinary ops, reduced to a scalar: one builder
 * per row of names/losses.def, which ir_loss dispatches to by LossKind.
 *
 * A builder is Keras 3's loss function (keras/src/losses/losses.py): the loss of each sample,
 * most of them a mean (MSE, BCE) or a sum (CCE) over the last axis of a per-element formula
 * (eps = 1e-7, DESIGN.md "Keras semantics to match"). ir_loss then multiplies by the sample
 * weights, when there are any, and takes the mean over what is left, which is the batch
 * (Keras's "sum_over_batch_size": the divisor is the count, not the weights' sum). Targets
 * are cast to the prediction's dtype, and a target of shape [B] against a prediction [B,1]
 * (or the reverse) is reshaped to match, as Keras's squeeze_or_expand_to_same_rank does;
 * other shape mismatches are errors.
 *
 * Surprise: a probability loss whose prediction is a SIGMOID (BCE) or SOFTMAX (CCE, SCCE)
 * value is computed from that value's operand with the stable logits form, as Keras does
 * when it sees the op that made its input. The sigmoid/softmax stays in the graph for
 * whoever else reads it (predictions, metrics); simplify removes it when nobody does.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ir.h"

#define EPS 1e-7

static Value *k(Graph *g, const Value *like, double x) { return ir_scalar(g, like->dtype, x); }
static Value *add(Graph *g, Value *a, Value *b) { return ir_binary(g, OP_ADD, a, b); }
static Value *sub(Graph *g, Value *a, Value *b) { return ir_binary(g, OP_SUB, a, b); }
static Value *mul(Graph *g, Value *a, Value *b) { return ir_binary(g, OP_MUL, a, b); }
static Value *neg(Graph *g, Value *a) { return ir_unary(g, OP_NEG, a); }
static Value *lg(Graph *g, Value *a) { return ir_unary(g, OP_LOG, a); }
static Value *abs_(Graph *g, Value *a) { return ir_unary(g, OP_ABS, a); }
static Value *max_(Graph *g, Value *a, double b) { return ir_binary(g, OP_MAX, a, k(g, a, b)); }

static unsigned last_axis(const Value *x) { return 1u << (x->shape.rank - 1); }

/* Mean over every axis: a scalar. */
static Value *mean_all(Graph *g, Value *x) {
  if (!x || x->shape.rank == 0)
    return x;
  return ir_reduce(g, OP_MEAN, x, (1u << x->shape.rank) - 1, false);
}

/* Keras's ops.mean(x, axis=-1) and ops.sum(x, axis=-1): a value per sample. */
static Value *mean_last(Graph *g, Value *x) {
  if (!x || x->shape.rank == 0)
    return x;
  return ir_reduce(g, OP_MEAN, x, last_axis(x), false);
}

static Value *sum_last(Graph *g, Value *x) {
  if (!x || x->shape.rank == 0)
    return x;
  return ir_reduce(g, OP_SUM, x, last_axis(x), false);
}

/* The maximum over the last axis without a max reduction: the mean of the entries no other
 * entry exceeds (exact: they are equal), so ties share the gradient as JAX's max does. */
static Value *max_last(Graph *g, Value *x) {
  int r = x->shape.rank;
  Shape row = x->shape, col = x->shape;
  row.dim[r] = row.dim[r - 1], row.dim[r - 1] = 1, row.rank = r + 1; /* [.., 1, n] */
  col.dim[r] = 1, col.rank = r + 1;                                  /* [.., n, 1] */
  Value *above = ir_cmp(g, CMP_GT, ir_reshape(g, x, row), ir_reshape(g, x, col));
  Value *beaten = ir_reshape(g, ir_reduce(g, OP_SUM, above, 1u << r, false), x->shape);
  Value *top = ir_cmp(g, CMP_EQ, beaten, k(g, x, 0));
  return ir_binary(g, OP_DIV, sum_last(g, mul(g, top, x)), sum_last(g, top));
}

static Value *clip(Graph *g, Value *p) {
  return ir_binary(g, OP_MIN, ir_binary(g, OP_MAX, p, k(g, p, EPS)), k(g, p, 1 - EPS));
}

/* -(y log(p+eps) + (1-y) log(1-p+eps)) on p clipped to [eps, 1-eps] */
static Value *bce_probs(Graph *g, Value *p, Value *y) {
  p = clip(g, p);
  Value *a = mul(g, y, lg(g, add(g, p, k(g, p, EPS))));
  Value *one = k(g, p, 1);
  Value *b = mul(g, sub(g, one, y), lg(g, add(g, sub(g, one, p), k(g, p, EPS))));
  return neg(g, add(g, a, b));
}

/* max(z,0) - z y + log(1 + exp(-|z|)) */
static Value *bce_logits(Graph *g, Value *z, Value *y) {
  Value *relu = ir_binary(g, OP_MAX, z, k(g, z, 0));
  Value *soft = lg(g, add(g, k(g, z, 1), ir_unary(g, OP_EXP, neg(g, ir_unary(g, OP_ABS, z)))));
  return add(g, sub(g, relu, mul(g, z, y)), soft);
}

/* -sum(y log p) over the last axis, per sample (Keras's ops.categorical_crossentropy) */
static Value *cce(Graph *g, Value *p, Value *y, bool from_logits) {
  Value *logp;
  if (from_logits) {
    logp = ir_softmax(g, OP_LOG_SOFTMAX, p);
  } else {
    Value *s = ir_reduce(g, OP_SUM, p, last_axis(p), true);
    logp = lg(g, clip(g, ir_binary(g, OP_DIV, p, s)));
  }
  return neg(g, ir_reduce(g, OP_SUM, mul(g, y, logp), last_axis(p), false));
}

static Value *mismatch(Graph *g, const Value *pred, const Value *target, const char *what) {
  char a[64], b[64];
  ir_print_type(a, sizeof a, pred->dtype, pred->shape);
  ir_print_type(b, sizeof b, target->dtype, target->shape);
  ir_fail(g, NNC_ERR_SHAPE, "loss: %s %s does not fit prediction %s", what, b, a);
  return NULL;
}

/* [B] against [B,1] and the reverse: the rank-1 side is expanded, otherwise the side with
 * the extra trailing 1 is squeezed (Keras's squeeze_or_expand_to_same_rank). */
static Value *align(Graph *g, Value *pred, Value *target) {
  Shape p = pred->shape, t = target->shape;
  if (t.rank == p.rank + 1 && t.dim[t.rank - 1] == 1) {
    t.rank--; /* squeeze the target */
  } else if (p.rank == t.rank + 1 && p.dim[p.rank - 1] == 1) {
    t = p;    /* expand the target (squeezing pred instead gives the same mean) */
  }
  if (t.rank != target->shape.rank)
    target = ir_reshape(g, target, t);
  if (target && !ir_shape_eq(target->shape, pred->shape))
    return mismatch(g, pred, target, "target");
  if (target && target->dtype != pred->dtype)
    target = ir_cast(g, target, pred->dtype);
  return target;
}

/* Class ids of shape S or S+[1] against predictions S+[C], made one-hot rows. */
static Value *sparse_targets(Graph *g, Value *pred, Value *ids) {
  Shape s = pred->shape;
  s.rank--;
  if (ids->shape.rank == pred->shape.rank && ids->shape.dim[ids->shape.rank - 1] == 1)
    ids = ir_reshape(g, ids, s);
  if (ids && !ir_shape_eq(ids->shape, s))
    return mismatch(g, pred, ids, "class ids");
  return ir_one_hot(g, ids, pred->shape.dim[pred->shape.rank - 1], pred->dtype);
}

/* The logits under pred when pred is op (a SIGMOID or SOFTMAX) and the loss would read
 * probabilities: Keras then computes the stable logits form too. */
static Value *unwrap(Value *pred, OpKind op, bool *from_logits) {
  if (*from_logits || pred->op != op)
    return pred;
  *from_logits = true;
  return pred->args[0];
}

/* ---- the builders of names/losses.def's rows ---- */

/* y (1 - s) + s / n: label smoothing towards n classes (2 for the binary losses) */
static Value *smooth(Graph *g, Value *y, double s, double n) {
  if (s == 0)
    return y;
  return add(g, mul(g, y, k(g, y, 1 - s)), k(g, y, s / n));
}

static Value *loss_bce(Graph *g, Value *pred, Value *y, bool from_logits, const double *a) {
  pred = unwrap(pred, OP_SIGMOID, &from_logits);
  y = smooth(g, y, a[0], 2);
  return mean_last(g, from_logits ? bce_logits(g, pred, y) : bce_probs(g, pred, y));
}

static Value *loss_mse(Graph *g, Value *pred, Value *y, bool from_logits, const double *a) {
  (void)from_logits, (void)a;
  Value *d = sub(g, pred, y);
  return mean_last(g, mul(g, d, d));
}

static Value *loss_cce(Graph *g, Value *pred, Value *y, bool from_logits, const double *a) {
  pred = unwrap(pred, OP_SOFTMAX, &from_logits);
  y = smooth(g, y, a[0], (double)pred->shape.dim[pred->shape.rank - 1]);
  return cce(g, pred, y, from_logits);
}

/* y: one-hot rows already (ir_loss_with made them from the class ids) */
static Value *loss_scce(Graph *g, Value *pred, Value *y, bool from_logits, const double *a) {
  (void)a;
  pred = unwrap(pred, OP_SOFTMAX, &from_logits);
  return cce(g, pred, y, from_logits);
}

static Value *loss_mae(Graph *g, Value *pred, Value *y, bool from_logits, const double *a) {
  (void)from_logits, (void)a;
  return mean_last(g, abs_(g, sub(g, pred, y)));
}

static Value *loss_mape(Graph *g, Value *pred, Value *y, bool from_logits, const double *a) {
  (void)from_logits, (void)a;
  Value *r = ir_binary(g, OP_DIV, sub(g, y, pred), max_(g, abs_(g, y), EPS));
  return mul(g, k(g, pred, 100), mean_last(g, abs_(g, r)));
}

static Value *loss_msle(Graph *g, Value *pred, Value *y, bool from_logits, const double *a) {
  (void)from_logits, (void)a;
  Value *d = sub(g, lg(g, add(g, max_(g, pred, EPS), k(g, pred, 1))),
                 lg(g, add(g, max_(g, y, EPS), k(g, y, 1))));
  return mean_last(g, mul(g, d, d));
}

static Value *loss_huber(Graph *g, Value *pred, Value *y, bool from_logits, const double *a) {
  (void)from_logits;
  double delta = a[0];
  Value *e = sub(g, pred, y), *ae = abs_(g, e);
  Value *lin = sub(g, mul(g, k(g, e, delta), ae), k(g, e, 0.5 * delta * delta));
  Value *quad = mul(g, k(g, e, 0.5), mul(g, e, e));
  return mean_last(g, ir_select(g, ir_cmp(g, CMP_LE, ae, k(g, e, delta)), quad, lin));
}

/* log cosh x = x + softplus(-2x) - log 2, finite for any x */
static Value *loss_log_cosh(Graph *g, Value *pred, Value *y, bool from_logits, const double *a) {
  (void)from_logits, (void)a;
  Value *x = sub(g, pred, y);
  Value *sp = ir_unary(g, OP_SOFTPLUS, mul(g, x, k(g, x, -2)));
  return mean_last(g, sub(g, add(g, x, sp), k(g, x, log(2.0))));
}

/* Keras's convert_binary_labels_to_hinge: when every target of the batch is 0 or 1, they
 * become -1 and 1; otherwise they stay. */
static Value *hinge_labels(Graph *g, Value *y) {
  Value *binary = add(g, ir_cmp(g, CMP_EQ, y, k(g, y, 0)), ir_cmp(g, CMP_EQ, y, k(g, y, 1)));
  Value *count = k(g, y, (double)ir_numel(y->shape));
  Value *all = ir_cmp(g, CMP_EQ, ir_reduce(g, OP_SUM, binary, (1u << y->shape.rank) - 1, false),
                      count);
  return ir_select(g, all, sub(g, mul(g, y, k(g, y, 2)), k(g, y, 1)), y);
}

static Value *hinge_margin(Graph *g, Value *pred, Value *y) {
  return max_(g, sub(g, k(g, pred, 1), mul(g, hinge_labels(g, y), pred)), 0);
}

static Value *loss_hinge(Graph *g, Value *pred, Value *y, bool from_logits, const double *a) {
  (void)from_logits, (void)a;
  return mean_last(g, hinge_margin(g, pred, y));
}

static Value *loss_squared_hinge(Graph *g, Value *pred, Value *y, bool from_logits,
                                 const double *a) {
  (void)from_logits, (void)a;
  Value *m = hinge_margin(g, pred, y);
  return mean_last(g, mul(g, m, m));
}

static Value *loss_categorical_hinge(Graph *g, Value *pred, Value *y, bool from_logits,
                                     const double *a) {
  (void)from_logits, (void)a;
  Value *pos = sum_last(g, mul(g, y, pred));
  Value *negv = max_last(g, mul(g, sub(g, k(g, y, 1), y), pred));
  return max_(g, add(g, sub(g, negv, pos), k(g, pos, 1)), 0);
}

static Value *loss_kld(Graph *g, Value *pred, Value *y, bool from_logits, const double *a) {
  (void)from_logits, (void)a;
  Value *yc = ir_binary(g, OP_MIN, max_(g, y, EPS), k(g, y, 1));
  Value *pc = ir_binary(g, OP_MIN, max_(g, pred, EPS), k(g, pred, 1));
  return sum_last(g, mul(g, yc, lg(g, ir_binary(g, OP_DIV, yc, pc))));
}

static Value *loss_poisson(Graph *g, Value *pred, Value *y, bool from_logits, const double *a) {
  (void)from_logits, (void)a;
  return mean_last(g, sub(g, pred, mul(g, y, lg(g, add(g, pred, k(g, pred, EPS))))));
}

/* Keras's normalize over the last axis: x min(1/sqrt(sum x^2), 1/eps) */
static Value *unit(Graph *g, Value *x) {
  Value *ss = ir_reduce(g, OP_SUM, mul(g, x, x), last_axis(x), true);
  Value *inv = ir_binary(g, OP_DIV, k(g, x, 1), ir_unary(g, OP_SQRT, ss));
  return mul(g, x, ir_binary(g, OP_MIN, inv, k(g, x, 1 / EPS)));
}

static Value *loss_cosine(Graph *g, Value *pred, Value *y, bool from_logits, const double *a) {
  (void)from_logits, (void)a;
  return neg(g, sum_last(g, mul(g, unit(g, y), unit(g, pred))));
}

/* keras.losses.binary_focal_crossentropy: the probability form of BCE even from logits */
static Value *loss_focal(Graph *g, Value *pred, Value *y, bool from_logits, const double *a) {
  bool balance = a[0] != 0;
  double alpha = a[1], gamma = a[2];
  y = smooth(g, y, a[3], 2);
  Value *p = from_logits ? ir_unary(g, OP_SIGMOID, pred) : pred, *one = k(g, p, 1);
  Value *bce = bce_probs(g, p, y);
  Value *pt = add(g, mul(g, y, p), mul(g, sub(g, one, y), sub(g, one, p)));
  Value *f = mul(g, ir_pow(g, sub(g, one, pt), gamma), bce);
  if (balance)
    f = mul(g, add(g, mul(g, y, k(g, y, alpha)), mul(g, sub(g, one, y), k(g, y, 1 - alpha))), f);
  return mean_last(g, f);
}

typedef Value *(*LossBuild)(Graph *g, Value *pred, Value *y, bool from_logits,
                           const double *args);

#define LOGITS
#define HP(name, type, def) def,
#define False 0
#define True 1
static const struct {
  LossBuild build;
  unsigned flags;                  /* LOSS_CLASS_AXIS, LOSS_CLASS_IDS */
  double args[NNC_LOSS_ARGS + 1];  /* Keras's defaults; one slot more for an empty column */
} rows[] = {
#define LOSS(id, short, name, cls, aliases, flags, build, params, doc) \
  [LOSS_##short] = {build, flags, {params 0}},
#include "losses.def"
};
#undef HP
#undef False
#undef True

#define LOGITS
#define HP(name, type, def) #name,
static const char *const arg_names[][NNC_LOSS_ARGS + 1] = {
#define LOSS(id, short, name, cls, aliases, flags, build, params, doc) [LOSS_##short] = {params NULL},
#include "losses.def"
};
#undef HP

#define LOSS(id, short, ...) \
  _Static_assert((int)LOSS_##short == (int)NNC_LOSS_##id, "LossKind follows nnc_loss_kind");
#include "losses.def"

static Value *check(Graph *g, LossKind kind, Value *pred, Value *target) {
  if (!pred || !target || g->status != NNC_OK) {
    if (g->status == NNC_OK)
      ir_fail(g, NNC_ERR_ARG, "loss: NULL prediction or target");
    return NULL;
  }
  if ((unsigned)kind >= LOSS_COUNT) {
    ir_fail(g, NNC_ERR_ARG, "loss: unknown loss kind %d", (int)kind);
    return NULL;
  }
  if (!ir_is_float(pred->dtype)) {
    ir_fail(g, NNC_ERR_TYPE, "loss: prediction must be f32 or f64, found %s",
            ir_dtype_name(pred->dtype));
    return NULL;
  }
  if ((rows[kind].flags & LOSS_CLASS_AXIS) && pred->shape.rank == 0) {
    ir_fail(g, NNC_ERR_SHAPE, "loss: %s needs a class axis", names_name(&names_losses, (int)kind));
    return NULL;
  }
  return pred;
}

bool ir_loss_args_ok(LossKind kind, const double *a, int rank, char *msg, size_t n) {
  for (int i = 0; i < NNC_LOSS_ARGS && arg_names[kind][i]; i++) {
    const char *name = arg_names[kind][i], *why = NULL;
    if (!isfinite(a[i]))
      why = "must be finite";
    else if (strcmp(name, "axis") == 0 && a[i] != -1 && a[i] != rank - 1)
      why = "must be the last axis (-1)";
    else if (strcmp(name, "label_smoothing") == 0 && (a[i] < 0 || a[i] > 1))
      why = "must be in [0, 1]";
    if (why) {
      snprintf(msg, n, "%s's argument %s %s, found %g", names_name(&names_losses, (int)kind),
               name, why, a[i]);
      return false;
    }
  }
  return true;
}

/* The per-sample losses l times the sample weights w, w's trailing 1 squeezed or l's rank
 * met as Keras's squeeze_or_expand_to_same_rank does, broadcasting otherwise. */
static Value *weigh(Graph *g, Value *l, Value *w) {
  Shape ws = w->shape;
  if (ws.rank == l->shape.rank + 1 && ws.dim[ws.rank - 1] == 1) {
    ws.rank--;
    w = ir_reshape(g, w, ws);
  }
  if (w && w->dtype != l->dtype)
    w = ir_cast(g, w, l->dtype);
  return w ? mul(g, l, w) : NULL;
}

unsigned ir_loss_flags(LossKind k) {
  return (unsigned)k < LOSS_COUNT ? rows[k].flags : 0;
}

void ir_loss_defaults(LossKind k, double *args) {
  for (int i = 0; i < NNC_LOSS_ARGS; i++)
    args[i] = (unsigned)k < LOSS_COUNT ? rows[k].args[i] : 0;
}

Value *ir_loss_with(Graph *g, LossKind kind, Value *pred, Value *target, bool from_logits,
                    const double *args, Value *sample_weight) {
  if (!g || !check(g, kind, pred, target))
    return NULL;
  const double *a = args ? args : rows[kind].args;
  char msg[160];
  if (!ir_loss_args_ok(kind, a, pred->shape.rank, msg, sizeof msg)) {
    ir_fail(g, NNC_ERR_ARG, "loss: %s", msg);
    return NULL;
  }
  Value *y = rows[kind].flags & LOSS_CLASS_IDS ? sparse_targets(g, pred, target)
                                               : align(g, pred, target);
  Value *l = y ? rows[kind].build(g, pred, y, from_logits, a) : NULL;
  if (l && sample_weight)
    l = weigh(g, l, sample_weight);
  return mean_all(g, l);
}

Value *ir_loss(Graph *g, LossKind kind, Value *pred, Value *target, bool from_logits) {
  return ir_loss_with(g, kind, pred, target, from_logits, NULL, NULL);
}
