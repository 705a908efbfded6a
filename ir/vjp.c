/* vjp.c — every op's vector-Jacobian product, built from the ordinary IR builders.
 *
 * Given a value v and the adjoint dy of v (same dtype and shape as v), ir_vjp appends the
 * values of the adjoints of v's operands and stores them in dargs, each with its operand's
 * dtype and shape. ops.def's vjp column names the function of each op; NO_GRAD (leaves,
 * CMP, ONE_HOT, ASSIGN) means no gradient flows by the op's math, and so does NULL from a
 * function for one operand: integer operands, SELECT's condition. An op whose row has no
 * VJP at all is refused (ir_has_vjp), never given a zero. Because gradients are plain IR,
 * later passes fold, fuse and plan them like the forward pass.
 *
 * Choices worth knowing: the functions of elementwise ops return adjoints at the result's
 * shape and ir_vjp sums them over the broadcast axes, then reshapes to the operand's shape.
 * MATMUL folds transposes into its flags instead of materialising them. SIGMOID, TANH,
 * SQRT, EXP, DIV, RELU and LEAKY_RELU read the op's result rather than its operand, so a
 * fused matmul+bias+activation need not keep the pre-activation alive for the backward
 * pass (GELU cannot: its derivative needs x).
 * At ties MAX/MIN send the gradient to their first operand and ABS treats 0 as positive;
 * with those choices max(z,0) + log(1+exp(-|z|)) has the exact derivative at z = 0.
 */
#include "ir.h"

typedef void VjpFn(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]);

static Value *scalar(Graph *g, const Value *like, double x) {
  return ir_scalar(g, like->dtype, x);
}

static Value *add(Graph *g, Value *a, Value *b) { return ir_binary(g, OP_ADD, a, b); }
static Value *mul(Graph *g, Value *a, Value *b) { return ir_binary(g, OP_MUL, a, b); }
static Value *sub(Graph *g, Value *a, Value *b) { return ir_binary(g, OP_SUB, a, b); }
static Value *div_(Graph *g, Value *a, Value *b) { return ir_binary(g, OP_DIV, a, b); }
static Value *neg(Graph *g, Value *a) { return ir_unary(g, OP_NEG, a); }

/* a * k + c for constants k and c */
static Value *affine(Graph *g, Value *a, double k, double c) {
  return add(g, mul(g, a, scalar(g, a, k)), scalar(g, a, c));
}

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

/* ---- elementwise, one operand ---- */

static void vjp_neg(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  (void)v;
  d[0] = neg(g, dy);
}

static void vjp_exp(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  d[0] = mul(g, dy, v);
}

static void vjp_log(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  d[0] = div_(g, dy, v->args[0]);
}

static void vjp_sqrt(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  d[0] = div_(g, mul(g, dy, scalar(g, v, 0.5)), v);
}

static void vjp_abs(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  Value *x = v->args[0];
  d[0] = ir_select(g, ir_cmp(g, CMP_LT, x, scalar(g, x, 0)), neg(g, dy), dy);
}

static void vjp_pow(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  Value *x = v->args[0];
  if (v->num == 0)
    d[0] = ir_const(g, x->dtype, x->shape, 0); /* x**0 is 1 everywhere: a true zero */
  else if (v->num == 1)
    d[0] = dy;
  else if (v->num == 2)
    d[0] = mul(g, dy, mul(g, x, scalar(g, x, 2)));
  else
    d[0] = mul(g, dy, mul(g, ir_pow(g, x, v->num - 1), scalar(g, x, v->num)));
}

static void vjp_sigmoid(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  d[0] = mul(g, dy, mul(g, v, sub(g, scalar(g, v, 1), v)));
}

static void vjp_tanh(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  d[0] = mul(g, dy, sub(g, scalar(g, v, 1), mul(g, v, v)));
}

static void vjp_relu(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  d[0] = route(g, ir_cmp(g, CMP_GT, v, scalar(g, v, 0)), dy, true);
}

/* y > 0 exactly when x > 0 unless the slope is negative */
static void vjp_leaky_relu(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  Value *s = v->num >= 0 ? v : v->args[0];
  d[0] = ir_select(g, ir_cmp(g, CMP_GT, s, scalar(g, s, 0)), dy,
                   mul(g, dy, scalar(g, dy, v->num)));
}

/* softplus'(x) = sigmoid(x) */
static void vjp_softplus(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  d[0] = mul(g, dy, ir_unary(g, OP_SIGMOID, v->args[0]));
}

/* elu'(x) = alpha e^x = y + alpha below 0; y > 0 exactly when x > 0 unless alpha < 0 */
static void vjp_elu(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  Value *s = v->num >= 0 ? v : v->args[0];
  d[0] = ir_select(g, ir_cmp(g, CMP_GT, s, scalar(g, s, 0)), dy,
                   mul(g, dy, add(g, v, scalar(g, v, v->num))));
}

/* mish'(x) = t + x sigmoid(x) (1 - t^2), t = tanh(softplus(x)) */
static void vjp_mish(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  Value *x = v->args[0], *t = ir_unary(g, OP_TANH, ir_unary(g, OP_SOFTPLUS, x));
  Value *s = ir_unary(g, OP_SIGMOID, x);
  Value *dt = sub(g, scalar(g, t, 1), mul(g, t, t));
  d[0] = mul(g, dy, add(g, t, mul(g, mul(g, x, s), dt)));
}

/* erf'(x) = 2/sqrt(pi) exp(-x^2) */
static void vjp_erf(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  Value *x = v->args[0];
  Value *e = ir_unary(g, OP_EXP, mul(g, mul(g, x, x), scalar(g, x, -1)));
  d[0] = mul(g, dy, mul(g, e, scalar(g, x, 1.12837916709551257390)));
}

/* Exact: gelu'(x) = P(x) + x p(x), P(x) = (1 + erf(x/sqrt 2))/2, p(x) = exp(-x^2/2)/sqrt(2 pi).
 * Tanh form, as eval.c writes it: y = x s(w) with s the sigmoid and w = 2c(x + k x^3), so
 * y' = s + x s (1 - s) w' with w' = 2c(1 + 3k x^2). */
static void vjp_gelu(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  const double c = 0.79788456080286535588, k = 0.044715; /* sqrt(2/pi) */
  Value *x = v->args[0], *x2 = mul(g, x, x), *dydx;
  if (v->approximate) {
    Value *s = ir_unary(g, OP_SIGMOID, mul(g, x, affine(g, x2, 2 * c * k, 2 * c)));
    Value *ds = mul(g, s, sub(g, scalar(g, s, 1), s));
    dydx = add(g, s, mul(g, mul(g, x, ds), affine(g, x2, 6 * c * k, 2 * c)));
  } else {
    Value *cdf = affine(g, ir_unary(g, OP_ERF, mul(g, x, scalar(g, x, 0.70710678118654752440))),
                        0.5, 0.5);
    Value *pdf = mul(g, ir_unary(g, OP_EXP, mul(g, x2, scalar(g, x, -0.5))),
                     scalar(g, x, 0.39894228040143267794));
    dydx = add(g, cdf, mul(g, x, pdf));
  }
  d[0] = mul(g, dy, dydx);
}

/* float to float passes the adjoint through (converted); an i32 result has no gradient and
 * an i32 operand takes none (ir_vjp) */
static void vjp_cast(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  Value *x = v->args[0];
  d[0] = x->dtype == dy->dtype ? dy : ir_cast(g, dy, x->dtype);
}

/* ---- elementwise, broadcasting: adjoints at the result's shape ---- */

static void vjp_add(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  (void)g, (void)v;
  d[0] = dy;
  d[1] = dy;
}

static void vjp_sub(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  (void)v;
  d[0] = dy;
  d[1] = neg(g, dy);
}

static void vjp_mul(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  d[0] = mul(g, dy, v->args[1]);
  d[1] = mul(g, dy, v->args[0]);
}

/* d/db (a/b) = -(a/b)/b = -y/b */
static void vjp_div(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  d[0] = div_(g, dy, v->args[1]);
  d[1] = neg(g, mul(g, d[0], v));
}

static void max_min(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS], CmpKind first_wins) {
  Value *c = ir_cmp(g, first_wins, v->args[0], v->args[1]);
  d[0] = route(g, c, dy, true);
  d[1] = route(g, c, dy, false);
}

static void vjp_max(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  max_min(g, v, dy, d, CMP_GE);
}

static void vjp_min(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  max_min(g, v, dy, d, CMP_LE);
}

/* the condition gets nothing */
static void vjp_select(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  d[1] = route(g, v->args[0], dy, true);
  d[2] = route(g, v->args[0], dy, false);
}

/* ---- the others ---- */

/* Y = op(A) op(B): dop(A) = dY op(B)^T, dop(B) = op(A)^T dY, with transposes folded. */
static void vjp_matmul(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  Value *a = v->args[0], *b = v->args[1];
  bool ta = v->trans_a, tb = v->trans_b;
  bool h = v->bf16; /* Keras's backward matmuls run in the forward's compute dtype */
  d[0] = ta ? ir_matmul_bf16(g, b, dy, tb, true, h) : ir_matmul_bf16(g, dy, b, false, !tb, h);
  d[1] = tb ? ir_matmul_bf16(g, dy, a, true, ta, h) : ir_matmul_bf16(g, a, dy, !ta, false, h);
}

static void vjp_transpose(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  (void)v;
  d[0] = ir_transpose(g, dy);
}

/* SUM/MEAN: the adjoint, with the reduced axes put back as 1, broadcast to x's shape. */
static void vjp_reduce(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  Value *x = v->args[0];
  Shape kept = x->shape;
  double count = 1;
  for (int i = 0; i < x->shape.rank; i++) {
    if (v->axes >> i & 1u) {
      kept.dim[i] = 1;
      count *= (double)x->shape.dim[i];
    }
  }
  Value *r = ir_shape_eq(dy->shape, kept) ? dy : ir_reshape(g, dy, kept);
  if (v->op == OP_MEAN && count != 1)
    r = mul(g, r, scalar(g, dy, 1.0 / count));
  d[0] = ir_shape_eq(kept, x->shape) ? r : ir_broadcast(g, r, x->shape);
}

static unsigned last_axis(const Value *v) {
  return 1u << (v->shape.rank - 1);
}

/* s*(dy - sum(dy*s)) over the last axis */
static void vjp_softmax(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  Value *s = ir_reduce(g, OP_SUM, mul(g, dy, v), last_axis(v), true);
  d[0] = mul(g, v, sub(g, dy, s));
}

/* dy - exp(y)*sum(dy) over the last axis */
static void vjp_log_softmax(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  Value *s = ir_reduce(g, OP_SUM, dy, last_axis(v), true);
  d[0] = sub(g, dy, mul(g, ir_unary(g, OP_EXP, v), s));
}

static void vjp_reshape(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  d[0] = ir_reshape(g, dy, v->args[0]->shape);
}

static void vjp_broadcast(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  d[0] = unbroadcast(g, dy, v->args[0]->shape);
}

static int axis_of(const Value *v) {
  int k = 0;
  while (k < IR_MAX_RANK && !(v->axes >> k & 1u))
    k++;
  return k;
}

/* Each operand's adjoint is its slice of dy. */
static void vjp_concat(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  int k = axis_of(v);
  int64_t na = v->args[0]->shape.dim[k];
  d[0] = ir_slice(g, dy, k, 0, na);
  d[1] = ir_slice(g, dy, k, na, v->args[1]->shape.dim[k]);
}

/* dy put back in its place, zeros around it. */
static void vjp_slice(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  const Value *x = v->args[0];
  int k = axis_of(v);
  int64_t start = (int64_t)v->num, after = x->shape.dim[k] - start - v->shape.dim[k];
  Value *r = dy;
  Shape z = x->shape;
  if (start > 0) {
    z.dim[k] = start;
    r = ir_concat(g, ir_const(g, dy->dtype, z, 0.0), r, k);
  }
  if (after > 0) {
    z.dim[k] = after;
    r = ir_concat(g, r, ir_const(g, dy->dtype, z, 0.0), k);
  }
  d[0] = r;
}

/* ---- the table ---- */

static void no_grad(Graph *g, Value *v, Value *dy, Value *d[IR_MAX_ARGS]) {
  (void)g, (void)v, (void)dy, (void)d;
}

static VjpFn *const vjps[OP_COUNT] = {
#define NO_GRAD no_grad
#define OP(id, name, arity, flags, attrs, type, reference, vjp, codegen) [OP_##id] = vjp,
#include "ops.def"
#undef OP
#undef NO_GRAD
};

bool ir_has_vjp(OpKind op) {
  return (unsigned)op < OP_COUNT && vjps[op];
}

nnc_status ir_vjp(Graph *g, Value *v, Value *dy, Value *dargs[IR_MAX_ARGS]) {
  for (int k = 0; k < IR_MAX_ARGS; k++)
    dargs[k] = NULL;
  NNC_ASSERT(g && v && dy);
  if (!ir_has_vjp(v->op))
    return base_error(NNC_ERR_ARG, "autodiff: %%%d (%s): the op has no VJP in ir/ops.def, so "
                      "no gradient can flow through it", v->id, ir_op_name(v->op));
  if (!ir_is_float(v->dtype))
    return NNC_OK; /* an integer result is piecewise constant */
  vjps[v->op](g, v, dy, dargs);
  for (int k = 0; k < v->nargs; k++) {
    if (!ir_is_float(v->args[k]->dtype)) /* integer operands take no gradient */
      dargs[k] = NULL;
    else if (ir_op_flags(v->op) & OPF_ELEMWISE)
      dargs[k] = unbroadcast(g, dargs[k], v->args[k]->shape);
  }
  return NNC_OK;
}
