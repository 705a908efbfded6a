/* losses.c — Keras's losses as composites of ordinary ops, reduced to a scalar: one builder
 * per row of names/losses.def, which ir_loss dispatches to by LossKind.
 *
 * Each loss computes Keras's per-element formula (eps = 1e-7, DESIGN.md "Keras semantics to
 * match"), takes the mean (MSE, BCE) or the sum (CCE) over the last axis, then the mean over
 * everything left, which is the batch. Targets are cast to the prediction's dtype, and a
 * target of shape [B] against a prediction [B,1] (or the reverse) is reshaped to match, as
 * Keras's squeeze_or_expand_to_same_rank does; other shape mismatches are errors.
 *
 * Surprise: a probability loss whose prediction is a SIGMOID (BCE) or SOFTMAX (CCE, SCCE)
 * value is computed from that value's operand with the stable logits form, as Keras does
 * when it sees the op that made its input. The sigmoid/softmax stays in the graph for
 * whoever else reads it (predictions, metrics); simplify removes it when nobody does.
 */
#include "ir.h"

#define EPS 1e-7

static Value *k(Graph *g, const Value *like, double x) { return ir_scalar(g, like->dtype, x); }
static Value *add(Graph *g, Value *a, Value *b) { return ir_binary(g, OP_ADD, a, b); }
static Value *sub(Graph *g, Value *a, Value *b) { return ir_binary(g, OP_SUB, a, b); }
static Value *mul(Graph *g, Value *a, Value *b) { return ir_binary(g, OP_MUL, a, b); }
static Value *neg(Graph *g, Value *a) { return ir_unary(g, OP_NEG, a); }
static Value *lg(Graph *g, Value *a) { return ir_unary(g, OP_LOG, a); }

static unsigned last_axis(const Value *x) { return 1u << (x->shape.rank - 1); }

/* Mean over every axis: a scalar. */
static Value *mean_all(Graph *g, Value *x) {
  if (!x || x->shape.rank == 0)
    return x;
  return ir_reduce(g, OP_MEAN, x, (1u << x->shape.rank) - 1, false);
}

/* Keras's per-sample mean over the last axis, then the mean over the batch. */
static Value *mean_last_then_batch(Graph *g, Value *x) {
  if (!x || x->shape.rank == 0)
    return x;
  return mean_all(g, ir_reduce(g, OP_MEAN, x, last_axis(x), false));
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

/* -sum(y log p) over the last axis, per sample */
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

static Value *loss_bce(Graph *g, Value *pred, Value *target, bool from_logits) {
  pred = unwrap(pred, OP_SIGMOID, &from_logits);
  Value *y = align(g, pred, target);
  if (!y)
    return NULL;
  return mean_last_then_batch(g, from_logits ? bce_logits(g, pred, y) : bce_probs(g, pred, y));
}

static Value *loss_mse(Graph *g, Value *pred, Value *target, bool from_logits) {
  (void)from_logits;            /* MeanSquaredError has no from_logits */
  Value *y = align(g, pred, target);
  if (!y)
    return NULL;
  Value *d = sub(g, pred, y);
  return mean_last_then_batch(g, mul(g, d, d));
}

static Value *loss_cce(Graph *g, Value *pred, Value *target, bool from_logits) {
  pred = unwrap(pred, OP_SOFTMAX, &from_logits);
  Value *y = align(g, pred, target);
  return y ? mean_all(g, cce(g, pred, y, from_logits)) : NULL;
}

static Value *loss_scce(Graph *g, Value *pred, Value *target, bool from_logits) {
  pred = unwrap(pred, OP_SOFTMAX, &from_logits);
  Value *y = sparse_targets(g, pred, target);
  return y ? mean_all(g, cce(g, pred, y, from_logits)) : NULL;
}

typedef Value *(*LossBuild)(Graph *g, Value *pred, Value *target, bool from_logits);

static const struct {
  LossBuild build;
  unsigned flags;               /* LOSS_CLASS_AXIS, LOSS_CLASS_IDS */
} rows[] = {
#define LOSS(id, short, name, cls, aliases, flags, build, params, doc) \
  [LOSS_##short] = {build, flags},
#include "losses.def"
};

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

unsigned ir_loss_flags(LossKind k) {
  return (unsigned)k < LOSS_COUNT ? rows[k].flags : 0;
}

Value *ir_loss(Graph *g, LossKind kind, Value *pred, Value *target, bool from_logits) {
  if (!g || !check(g, kind, pred, target))
    return NULL;
  return rows[kind].build(g, pred, target, from_logits);
}
