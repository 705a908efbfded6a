/* penalty.c — Keras's regularizers as loss terms and its constraints as updates, in IR.
 *
 * A regularizer is l1·Σ|x| + l2·Σx² (keras/src/regularizers: L1, L2, L1L2, each term only
 * when its factor is not 0). A constraint maps a weight to its constrained value, built on
 * the updated weight inside the training step (the optimizer pass calls back into
 * keras_constrain through DriverJob.constrain), as keras/src/constraints computes it with
 * ε = backend.epsilon() = 1e-7: norms are √Σw² over `axis`, kept for broadcasting.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "keras.h"

#define EPSILON 1e-7

static Value *k(Graph *g, const Value *like, double x) {
  return ir_scalar(g, like->dtype, x);
}

static unsigned all_axes(const Value *x) {
  return x->shape.rank ? (1u << x->shape.rank) - 1 : 0;
}

static Value *total(Graph *g, Value *x) {
  if (!x)
    return NULL;
  return x->shape.rank ? ir_reduce(g, OP_SUM, x, all_axes(x), false) : x;
}

Value *keras_regularize(Graph *g, Value *x, nnc_regularizer r) {
  Value *sum = NULL;
  if (r.l1 != 0)
    sum = ir_binary(g, OP_MUL, k(g, x, r.l1), total(g, ir_unary(g, OP_ABS, x)));
  if (r.l2 != 0) {
    Value *t = ir_binary(g, OP_MUL, k(g, x, r.l2), total(g, ir_binary(g, OP_MUL, x, x)));
    sum = sum ? ir_binary(g, OP_ADD, sum, t) : t;
  }
  return sum;
}

/* √Σw² over the constraint's axis (counted from the end when negative), kept. */
static Value *norms(Graph *g, Value *w, int axis) {
  int r = w->shape.rank, a = axis < 0 ? axis + r : axis;
  unsigned axes = r == 0 ? 0 : 1u << (a < 0 ? 0 : a >= r ? r - 1 : a);
  Value *sq = ir_binary(g, OP_MUL, w, w);
  return ir_unary(g, OP_SQRT, r ? ir_reduce(g, OP_SUM, sq, axes, true) : sq);
}

/* w·desired/(ε + norms) */
static Value *rescale(Graph *g, Value *w, Value *desired, Value *n) {
  return ir_binary(g, OP_MUL, w, ir_binary(g, OP_DIV, desired,
                                          ir_binary(g, OP_ADD, k(g, w, EPSILON), n)));
}

static Value *clip(Graph *g, Value *x, double lo, double hi) {
  return ir_binary(g, OP_MIN, ir_binary(g, OP_MAX, x, k(g, x, lo)), k(g, x, hi));
}

static Value *con_max_norm(Graph *g, Value *w, const nnc_constraint *c) {
  Value *n = norms(g, w, c->axis);
  return rescale(g, w, clip(g, n, 0, c->max_value), n);
}

static Value *con_non_neg(Graph *g, Value *w, const nnc_constraint *c) {
  (void)c;
  return ir_binary(g, OP_MUL, w, ir_cast(g, ir_cmp(g, CMP_GE, w, k(g, w, 0)), w->dtype));
}

static Value *con_unit_norm(Graph *g, Value *w, const nnc_constraint *c) {
  Value *n = norms(g, w, c->axis);
  return ir_binary(g, OP_DIV, w, ir_binary(g, OP_ADD, k(g, w, EPSILON), n));
}

static Value *con_min_max_norm(Graph *g, Value *w, const nnc_constraint *c) {
  Value *n = norms(g, w, c->axis);
  Value *desired = ir_binary(g, OP_ADD,
                             ir_binary(g, OP_MUL, k(g, w, c->rate),
                                       clip(g, n, c->min_value, c->max_value)),
                             ir_binary(g, OP_MUL, k(g, w, 1 - c->rate), n));
  return rescale(g, w, desired, n);
}

typedef Value *Apply(Graph *g, Value *w, const nnc_constraint *c);
static Apply *const applies[] = {
#define CONSTRAINT(id, name, cls, aliases, args, apply, doc) [NNC_CONSTRAINT_##id] = apply,
#include "constraints.def"
};
enum { NAPPLIES = sizeof applies / sizeof applies[0] };

nnc_status keras_check_constraint(const nnc_constraint *c, const char *fn) {
  if ((unsigned)c->kind >= NAPPLIES || (c->kind && !applies[c->kind]))
    return base_error(NNC_ERR_ARG, "%s: unknown constraint kind %d", fn, (int)c->kind);
  bool ok = isfinite(c->max_value) && isfinite(c->min_value) && isfinite(c->rate) &&
            c->max_value >= 0 && c->min_value >= 0;
  if (!ok)
    return base_error(NNC_ERR_ARG, "%s: a constraint's max_value and min_value must be finite "
                      "and >= 0, and its rate finite", fn);
  return NNC_OK;
}

Value *keras_constrain(Graph *g, Value *w, const nnc_constraint *c) {
  if (!c->kind || !w)
    return w;
  return applies[c->kind](g, w, c);
}

nnc_regularizer nnc_l1(double l1) {
  return (nnc_regularizer){l1, 0};
}

nnc_regularizer nnc_l2(double l2) {
  return (nnc_regularizer){0, l2};
}

void keras_constraint_field(nnc_constraint *c, const char *name, double x) {
  if (!strcmp(name, "max_value"))
    c->max_value = x;
  else if (!strcmp(name, "min_value"))
    c->min_value = x;
  else if (!strcmp(name, "rate"))
    c->rate = x;
  else if (!strcmp(name, "axis"))
    c->axis = (int)x;
}

nnc_constraint nnc_constraint_defaults(nnc_constraint_kind kind) {
  int n;
  const ArgSpec *args = names_constraint_args((int)kind, &n);
  nnc_constraint c = {.kind = args ? kind : NNC_CONSTRAINT_NONE, .rate = 1};
  for (int i = 0; i < n; i++)
    keras_constraint_field(&c, args[i].name, strtod(args[i].def, NULL));
  return c;
}
