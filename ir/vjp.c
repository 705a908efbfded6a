/* vjp.c — every op's vector-Jacobian product, built from the ordinary IR builders.
 *
 * Given a value v and the adjoint dy of v (same dtype and shape as v), ir_vjp appends the
 * values of the adjoints of v's operands and stores them in dargs, each with its operand's
 * dtype and shape. NULL means no gradient flows to that operand: integer operands, CMP,
 * ONE_HOT ids, SELECT's condition, leaves and ASSIGN. Because gradients are plain IR, later
 * passes fold, fuse and plan them like the forward pass.
 *
 * Choices worth knowing: an operand that was broadcast gets the adjoint summed over the
 * broadcast axes, then reshaped to its own shape. MATMUL folds transposes into its flags
 * instead of materialising them. SIGMOID, TANH, SQRT, EXP, DIV, RELU and LEAKY_RELU read
 * the op's result rather than its operand, so a fused matmul+bias+activation need not keep
 * the pre-activation alive for the backward pass.
 * At ties MAX/MIN send the gradient to their first operand and ABS treats 0 as positive;
 * with those choices max(z,0) + log(1+exp(-|z|)) has the exact derivative at z = 0.
 */
#include "ir.h"

static Value *scalar(Graph *g, const Value *like, double x) {
  return ir_scalar(g, like->dtype, x);
}

static Value *mul(Graph *g, Value *a, Value *b) { return ir_binary(g, OP_MUL, a, b); }
static Value *sub(Graph *g, Value *a, Value *b) { return ir_binary(g, OP_SUB, a, b); }
static Value *div_(Graph *g, Value *a, Value *b) { return ir_binary(g, OP_DIV, a, b); }

/* Sums the adjoint d (of a broadcast result) back to shape s: over the leading axes s does
 * not have and over the axes where s has 1 and d does not, then reshapes. */
static Value *unbroadcast(Graph *g, Value *d, Shape s) {
  if (!d || ir_shape_eq(d->shape, s))
    return d;
  unsigned axes = 0;
  int lead = d->shape.rank - s.rank;
  for (int i = 0; i < d->shape.rank; i++)
    if (i < lead || (s.dim[i - lead] == 1 && d->shape.dim[i] != 1))
      axes |= 1u << i;
  Value *r = axes ? ir_reduce(g, OP_SUM, d, axes, true) : d;
  if (r && !ir_shape_eq(r->shape, s))
    r = ir_reshape(g, r, s);
  return r;
}

/* select(c, dy, 0) and select(c, 0, dy): the adjoint routed to one side of a choice. */
static Value *route(Graph *g, Value *c, Value *dy, bool to_a) {
  Value *z = scalar(g, dy, 0);
  return to_a ? ir_select(g, c, dy, z) : ir_select(g, c, z, dy);
}

static Value *vjp_unary(Graph *g, Value *v, Value *dy) {
  Value *x = v->args[0];
  switch (v->op) {
  case OP_NEG: return ir_unary(g, OP_NEG, dy);
  case OP_EXP: return mul(g, dy, v);
  case OP_LOG: return div_(g, dy, x);
  case OP_SQRT: return div_(g, mul(g, dy, scalar(g, v, 0.5)), v);
  case OP_ABS:
    return ir_select(g, ir_cmp(g, CMP_LT, x, scalar(g, x, 0)), ir_unary(g, OP_NEG, dy), dy);
  case OP_POW:
    if (v->num == 0)
      return ir_const(g, x->dtype, x->shape, 0);
    if (v->num == 1)
      return dy;
    if (v->num == 2)
      return mul(g, dy, mul(g, x, scalar(g, x, 2)));
    return mul(g, dy, mul(g, ir_pow(g, x, v->num - 1), scalar(g, x, v->num)));
  case OP_SIGMOID: return mul(g, dy, mul(g, v, sub(g, scalar(g, v, 1), v)));
  case OP_TANH: return mul(g, dy, sub(g, scalar(g, v, 1), mul(g, v, v)));
  case OP_RELU: return route(g, ir_cmp(g, CMP_GT, v, scalar(g, v, 0)), dy, true);
  case OP_LEAKY_RELU: { /* y > 0 exactly when x > 0 unless the slope is negative */
    Value *s = v->num >= 0 ? v : x;
    return ir_select(g, ir_cmp(g, CMP_GT, s, scalar(g, s, 0)), dy,
                     mul(g, dy, scalar(g, dy, v->num)));
  }
  case OP_CAST:
    if (!ir_is_float(x->dtype))
      return NULL;
    return x->dtype == dy->dtype ? dy : ir_cast(g, dy, x->dtype);
  default: return NULL;
  }
}

/* Adjoints of a broadcasting binary op, at the result's shape (unbroadcast by the caller). */
static void vjp_binary(Graph *g, Value *v, Value *dy, Value *d[2]) {
  Value *a = v->args[0], *b = v->args[1];
  switch (v->op) {
  case OP_ADD: d[0] = dy; d[1] = dy; break;
  case OP_SUB: d[0] = dy; d[1] = ir_unary(g, OP_NEG, dy); break;
  case OP_MUL: d[0] = mul(g, dy, b); d[1] = mul(g, dy, a); break;
  case OP_DIV: /* d/db (a/b) = -(a/b)/b = -y/b */
    d[0] = div_(g, dy, b);
    d[1] = ir_unary(g, OP_NEG, mul(g, d[0], v));
    break;
  case OP_MAX: case OP_MIN: {
    Value *c = ir_cmp(g, v->op == OP_MAX ? CMP_GE : CMP_LE, a, b);
    d[0] = route(g, c, dy, true);
    d[1] = route(g, c, dy, false);
    break;
  }
  default: break; /* CMP: no gradient */
  }
}

/* Y = op(A) op(B): dop(A) = dY op(B)^T, dop(B) = op(A)^T dY, with transposes folded. */
static void vjp_matmul(Graph *g, Value *v, Value *dy, Value *d[2]) {
  Value *a = v->args[0], *b = v->args[1];
  bool ta = v->trans_a, tb = v->trans_b;
  d[0] = ta ? ir_matmul(g, b, dy, tb, true) : ir_matmul(g, dy, b, false, !tb);
  d[1] = tb ? ir_matmul(g, dy, a, true, ta) : ir_matmul(g, a, dy, !ta, false);
}

/* SUM/MEAN: the adjoint, with the reduced axes put back as 1, broadcast to x's shape. */
static Value *vjp_reduce(Graph *g, Value *v, Value *dy) {
  Value *x = v->args[0];
  Shape kept = x->shape;
  double count = 1;
  for (int i = 0; i < x->shape.rank; i++) {
    if (v->axes >> i & 1u) {
      kept.dim[i] = 1;
      count *= (double)x->shape.dim[i];
    }
  }
  Value *d = ir_shape_eq(dy->shape, kept) ? dy : ir_reshape(g, dy, kept);
  if (v->op == OP_MEAN && count != 1)
    d = mul(g, d, scalar(g, dy, 1.0 / count));
  return ir_shape_eq(kept, x->shape) ? d : ir_broadcast(g, d, x->shape);
}

/* softmax: s*(dy - sum(dy*s)); log_softmax: dy - exp(y)*sum(dy); sums over the last axis. */
static Value *vjp_softmax(Graph *g, Value *v, Value *dy) {
  if (v->shape.rank == 0)
    return NULL; /* a softmax over one element is constant */
  unsigned last = 1u << (v->shape.rank - 1);
  if (v->op == OP_SOFTMAX) {
    Value *s = ir_reduce(g, OP_SUM, mul(g, dy, v), last, true);
    return mul(g, v, sub(g, dy, s));
  }
  Value *s = ir_reduce(g, OP_SUM, dy, last, true);
  return sub(g, dy, mul(g, ir_unary(g, OP_EXP, v), s));
}

static void vjp_other(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  switch (v->op) {
  case OP_MATMUL: vjp_matmul(g, v, dy, d); break;
  case OP_TRANSPOSE: d[0] = ir_transpose(g, dy); break;
  case OP_SUM: case OP_MEAN: d[0] = vjp_reduce(g, v, dy); break;
  case OP_SOFTMAX: case OP_LOG_SOFTMAX: d[0] = vjp_softmax(g, v, dy); break;
  case OP_RESHAPE: d[0] = ir_reshape(g, dy, v->args[0]->shape); break;
  case OP_BROADCAST: d[0] = unbroadcast(g, dy, v->args[0]->shape); break;
  case OP_SELECT: /* the condition gets nothing */
    d[1] = unbroadcast(g, route(g, v->args[0], dy, true), v->args[1]->shape);
    d[2] = unbroadcast(g, route(g, v->args[0], dy, false), v->args[2]->shape);
    break;
  default: break; /* leaves, ONE_HOT, ASSIGN: nothing flows */
  }
}

void ir_vjp(Graph *g, Value *v, Value *dy, Value *dargs[IR_MAX_ARGS]) {
  for (int k = 0; k < IR_MAX_ARGS; k++)
    dargs[k] = NULL;
  if (!g || !v || !dy || !ir_is_float(v->dtype))
    return;
  OpKind op = v->op;
  if ((ir_op_flags(op) & OPF_ELEMWISE) && v->nargs == 1) {
    dargs[0] = vjp_unary(g, v, dy);
  } else if ((ir_op_flags(op) & OPF_ELEMWISE) && v->nargs == 2) {
    vjp_binary(g, v, dy, dargs);
    for (int k = 0; k < 2; k++)
      dargs[k] = unbroadcast(g, dargs[k], v->args[k]->shape);
  } else {
    vjp_other(g, v, dy, dargs);
  }
  for (int k = 0; k < v->nargs; k++) /* integer operands take no gradient */
    if (!ir_is_float(v->args[k]->dtype))
      dargs[k] = NULL;
}
