/* eval.c — the reference semantics of every op, in plain C and f64 (ops.def's reference
 * column: ELEM(ref_...) one element, shared with the constant folder; WHOLE(eval_...)).
 *
 * This is the oracle the JIT and the gradient checks are tested against, so it favours
 * clarity over speed: every op is a straightforward loop over flat indices, and broadcast
 * operands are read through strides that are 0 along broadcast axes. Values are evaluated
 * in SSA order; an ASSIGN copies its source into its target's buffer at its turn, so later
 * readers of the target see the new value. Whatever the dtype, elements are doubles; an I32
 * value holds integers (results are truncated toward zero, as a cast to int would).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "ir.h"

/* Row-major strides of `s` aligned to the (higher or equal rank) result shape `r`, with
 * stride 0 along the axes that `s` broadcasts. */
static void bcast_strides(Shape s, Shape r, int64_t st[IR_MAX_RANK]) {
  int64_t acc = 1;
  for (int i = r.rank - 1; i >= 0; i--) {
    int j = i - (r.rank - s.rank);
    if (j < 0 || s.dim[j] == 1) {
      st[i] = 0;
    } else {
      st[i] = acc;
    }
    if (j >= 0)
      acc *= s.dim[j];
  }
}

/* Offset into an operand (strides st) of the element at flat index `flat` of shape r. */
static int64_t offset_of(Shape r, const int64_t st[IR_MAX_RANK], int64_t flat) {
  int64_t off = 0;
  for (int i = r.rank - 1; i >= 0; i--) {
    off += (flat % r.dim[i]) * st[i];
    flat /= r.dim[i];
  }
  return off;
}

/* ---- one element of each elementwise op: ops.def's ELEM(ref_...) ---- */

/* a if a > b (a < b), else b: a NaN in a gives b, as the compiled select does */
static double fmax_(double a, double b) { return a > b ? a : b; }
static double fmin_(double a, double b) { return a < b ? a : b; }

static double ref_neg(const Value *v, const double *x) { (void)v; return -x[0]; }
static double ref_exp(const Value *v, const double *x) { (void)v; return exp(x[0]); }
static double ref_log(const Value *v, const double *x) { (void)v; return log(x[0]); }
static double ref_sqrt(const Value *v, const double *x) { (void)v; return sqrt(x[0]); }
static double ref_abs(const Value *v, const double *x) { (void)v; return fabs(x[0]); }
static double ref_floor(const Value *v, const double *x) { (void)v; return floor(x[0]); }
static double ref_pow(const Value *v, const double *x) { return pow(x[0], v->num); }
static double ref_relu(const Value *v, const double *x) { (void)v; return x[0] > 0 ? x[0] : 0.0; }
static double ref_tanh(const Value *v, const double *x) { (void)v; return tanh(x[0]); }
static double ref_erf(const Value *v, const double *x) { (void)v; return erf(x[0]); }
/* log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow, full precision in both tails */
static double softplus(double x) { return (x > 0 ? x : 0.0) + log1p(exp(-fabs(x))); }
static double ref_softplus(const Value *v, const double *x) { (void)v; return softplus(x[0]); }
static double ref_elu(const Value *v, const double *x) {
  return x[0] > 0 ? x[0] : v->num * expm1(x[0]);
}
static double ref_mish(const Value *v, const double *x) {
  (void)v;
  return x[0] * tanh(softplus(x[0]));
}
static double ref_add(const Value *v, const double *x) { (void)v; return x[0] + x[1]; }
static double ref_sub(const Value *v, const double *x) { (void)v; return x[0] - x[1]; }
static double ref_mul(const Value *v, const double *x) { (void)v; return x[0] * x[1]; }
static double ref_div(const Value *v, const double *x) { (void)v; return x[0] / x[1]; }
static double ref_max(const Value *v, const double *x) { (void)v; return fmax_(x[0], x[1]); }
static double ref_min(const Value *v, const double *x) { (void)v; return fmin_(x[0], x[1]); }

static double ref_select(const Value *v, const double *x) {
  (void)v;
  return x[0] != 0 ? x[1] : x[2];
}

static double sigmoid(double x) {
  if (x >= 0)
    return 1.0 / (1.0 + exp(-x));
  double e = exp(x);
  return e / (1.0 + e);
}

static double ref_sigmoid(const Value *v, const double *x) {
  (void)v;
  return sigmoid(x[0]);
}

static double ref_leaky_relu(const Value *v, const double *x) {
  return x[0] > 0 ? x[0] : v->num * x[0];
}

/* Keras 3's gelu, x P(X <= x) for X ~ N(0,1): 0.5 x (1 + erf(x/sqrt 2)), or with
 * approximate 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). Written as 0.5 x erfc(-x/sqrt 2)
 * and x sigmoid(2 sqrt(2/pi) (x + 0.044715 x^3)), equal in exact arithmetic, which keep
 * their relative accuracy for negative x where 1 + erf and 1 + tanh cancel. */
static double ref_gelu(const Value *v, const double *x) {
  const double sqrt_2_over_pi = 0.79788456080286535588, sqrt_half = 0.70710678118654752440;
  double a = x[0];
  if (v->approximate)
    return a * sigmoid(2 * sqrt_2_over_pi * (a + 0.044715 * a * a * a));
  return 0.5 * a * erfc(-a * sqrt_half);
}

/* An f32 result rounds to f32; an i32 one is truncated toward zero afterwards, as every
 * i32 result is (truncate_ints). */
static double ref_cast(const Value *v, const double *x) {
  return v->dtype == DT_F32 ? (double)(float)x[0] : x[0];
}

static double ref_cmp(const Value *v, const double *x) {
  double a = x[0], b = x[1];
  switch (v->cmp) {
  case CMP_LT: return a < b;
  case CMP_LE: return a <= b;
  case CMP_GT: return a > b;
  case CMP_GE: return a >= b;
  case CMP_EQ: return a == b;
  case CMP_NE: return a != b;
  }
  return NAN;
}

typedef double ElemFn(const Value *v, const double *x);
typedef nnc_status EvalFn(const Value *v, double *const *vals);

static nnc_status eval_elemwise(const Value *v, double *const *vals);

static ElemFn *const elems[OP_COUNT] = {
#define ELEM(f) f
#define WHOLE(f) NULL
#define OP(id, name, arity, flags, attrs, type, reference, vjp, codegen) [OP_##id] = reference,
#include "ops.def"
#undef OP
#undef ELEM
#undef WHOLE
};

double ir_eval_elem(const Value *v, const double *x) {
  NNC_ASSERT((unsigned)v->op < OP_COUNT && elems[v->op]);
  return elems[v->op](v, x);
}

static nnc_status eval_elemwise(const Value *v, double *const *vals) {
  if (!elems[v->op])
    return base_error(NNC_ERR_ARG, "ir_eval: %%%d: %s has no reference semantics", v->id,
                      ir_op_name(v->op));
  int64_t st[IR_MAX_ARGS][IR_MAX_RANK] = {{0}};
  for (int k = 0; k < v->nargs; k++)
    bcast_strides(v->args[k]->shape, v->shape, st[k]);
  int64_t n = ir_numel(v->shape);
  double *y = vals[v->id];
  for (int64_t i = 0; i < n; i++) {
    double x[IR_MAX_ARGS] = {0, 0, 0};
    for (int k = 0; k < v->nargs; k++)
      x[k] = vals[v->args[k]->id][offset_of(v->shape, st[k], i)];
    if (v->op == OP_DIV && v->dtype == DT_I32 && x[1] == 0)
      return base_error(NNC_ERR_NUMERIC, "ir_eval: %%%d: integer division by zero", v->id);
    y[i] = elems[v->op](v, x);
  }
  return NNC_OK;
}

/* ---- whole values: ops.def's WHOLE(eval_...) ---- */

static nnc_status eval_leaf(const Value *v, double *const *vals) {
  (void)v, (void)vals; /* filled by the caller */
  return NNC_OK;
}

static nnc_status eval_const(const Value *v, double *const *vals) {
  int64_t n = ir_numel(v->shape);
  for (int64_t i = 0; i < n; i++)
    vals[v->id][i] = v->num;
  return NNC_OK;
}

double ir_bf16_round(double x) {
  float f = (float)x;
  uint32_t u;
  memcpy(&u, &f, sizeof u);
  if (isnan(f))
    return x;
  if ((u & 0x7f800000u) == 0)
    u &= 0x80000000u;
  u = (u + 0x7fffu + (u >> 16 & 1u)) & 0xffff0000u;
  memcpy(&f, &u, sizeof f);
  return f;
}

/* op(A)[m,k] x op(B)[k,n]; element (i,j) of op(X) is X[j,i] when X is used transposed. With
 * bf16 the operands are rounded first and the products summed in f64: exact products, as
 * the hardware's are, so only the f32 sums' roundings separate the JIT from this. */
static nnc_status eval_matmul(const Value *v, double *const *vals) {
  const Value *a = v->args[0], *b = v->args[1];
  const double *A = vals[a->id], *B = vals[b->id];
  int64_t M = v->shape.dim[0], N = v->shape.dim[1];
  int64_t K = v->trans_a ? a->shape.dim[0] : a->shape.dim[1];
  int64_t lda = a->shape.dim[1], ldb = b->shape.dim[1];
  double *y = vals[v->id];
  for (int64_t i = 0; i < M; i++) {
    for (int64_t j = 0; j < N; j++) {
      double s = 0;
      for (int64_t k = 0; k < K; k++) {
        double x = v->trans_a ? A[k * lda + i] : A[i * lda + k];
        double w = v->trans_b ? B[j * ldb + k] : B[k * ldb + j];
        s += v->bf16 ? ir_bf16_round(x) * ir_bf16_round(w) : x * w;
      }
      y[i * N + j] = s;
    }
  }
  return NNC_OK;
}

static nnc_status eval_transpose(const Value *v, double *const *vals) {
  const double *x = vals[v->args[0]->id];
  int64_t R = v->args[0]->shape.dim[0], C = v->args[0]->shape.dim[1];
  double *y = vals[v->id];
  for (int64_t i = 0; i < R; i++)
    for (int64_t j = 0; j < C; j++)
      y[j * R + i] = x[i * C + j];
  return NNC_OK;
}

/* SUM/MEAN: every input element adds into the output element found by zeroing its reduced
 * axes. The output's element order is the same with or without keepdims. */
static nnc_status eval_reduce(const Value *v, double *const *vals) {
  const Value *a = v->args[0];
  Shape kept = a->shape;
  int64_t count = 1;
  for (int i = 0; i < a->shape.rank; i++) {
    if (v->axes >> i & 1u) {
      kept.dim[i] = 1;
      count *= a->shape.dim[i];
    }
  }
  int64_t st[IR_MAX_RANK];
  bcast_strides(kept, a->shape, st);
  double *y = vals[v->id];
  const double *x = vals[a->id];
  int64_t n = ir_numel(v->shape), m = ir_numel(a->shape);
  for (int64_t i = 0; i < n; i++)
    y[i] = 0;
  for (int64_t i = 0; i < m; i++)
    y[offset_of(a->shape, st, i)] += x[i];
  if (v->op == OP_MEAN && count > 0)
    for (int64_t i = 0; i < n; i++)
      y[i] /= (double)count;
  return NNC_OK;
}

/* Softmax over the last axis, shifted by the row maximum so exp never overflows. */
static nnc_status eval_softmax(const Value *v, double *const *vals) {
  const double *x = vals[v->args[0]->id];
  double *y = vals[v->id];
  int64_t n = v->shape.rank ? v->shape.dim[v->shape.rank - 1] : 1;
  int64_t rows = n ? ir_numel(v->shape) / n : 0;
  for (int64_t r = 0; r < rows; r++) {
    const double *xr = x + r * n;
    double *yr = y + r * n;
    double mx = -INFINITY, s = 0;
    for (int64_t j = 0; j < n; j++)
      mx = xr[j] > mx ? xr[j] : mx;
    for (int64_t j = 0; j < n; j++)
      s += exp(xr[j] - mx);
    for (int64_t j = 0; j < n; j++)
      yr[j] = v->op == OP_SOFTMAX ? exp(xr[j] - mx) / s : xr[j] - mx - log(s);
  }
  return NNC_OK;
}

static nnc_status eval_broadcast(const Value *v, double *const *vals) {
  int64_t st[IR_MAX_RANK];
  bcast_strides(v->args[0]->shape, v->shape, st);
  const double *x = vals[v->args[0]->id];
  double *y = vals[v->id];
  int64_t n = ir_numel(v->shape);
  for (int64_t i = 0; i < n; i++)
    y[i] = x[offset_of(v->shape, st, i)];
  return NNC_OK;
}

static nnc_status eval_one_hot(const Value *v, double *const *vals) {
  const double *x = vals[v->args[0]->id];
  double *y = vals[v->id];
  int64_t depth = v->shape.dim[v->shape.rank - 1];
  int64_t n = ir_numel(v->args[0]->shape);
  for (int64_t i = 0; i < n; i++) {
    double id = round(x[i]);
    for (int64_t j = 0; j < depth; j++)
      y[i * depth + j] = id == (double)j;
  }
  return NNC_OK;
}

static void copy(double *dst, const double *src, int64_t n) {
  if (n > 0 && dst != src)
    memmove(dst, src, (size_t)n * sizeof *dst);
}

static nnc_status eval_reshape(const Value *v, double *const *vals) {
  copy(vals[v->id], vals[v->args[0]->id], ir_numel(v->shape));
  return NNC_OK;
}

/* Rows of a shape around axis k: outer = the dims before it, inner = those after. */
static void around(Shape s, int k, int64_t *outer, int64_t *inner) {
  *outer = *inner = 1;
  for (int i = 0; i < s.rank; i++) {
    if (i < k)
      *outer *= s.dim[i];
    if (i > k)
      *inner *= s.dim[i];
  }
}

static int axis_of(const Value *v) {
  int k = 0;
  while (k < IR_MAX_RANK && !(v->axes >> k & 1u))
    k++;
  return k;
}

static nnc_status eval_concat(const Value *v, double *const *vals) {
  int k = axis_of(v);
  int64_t outer, inner, row = v->shape.dim[k], at = 0;
  around(v->shape, k, &outer, &inner);
  for (int j = 0; j < 2; j++) {
    const Value *a = v->args[j];
    int64_t len = a->shape.dim[k] * inner;
    for (int64_t o = 0; o < outer; o++)
      copy(vals[v->id] + o * row * inner + at, vals[a->id] + o * len, len);
    at += len;
  }
  return NNC_OK;
}

static nnc_status eval_slice(const Value *v, double *const *vals) {
  const Value *x = v->args[0];
  int k = axis_of(v);
  int64_t outer, inner, start = (int64_t)v->num;
  around(v->shape, k, &outer, &inner);
  int64_t len = v->shape.dim[k] * inner, row = x->shape.dim[k] * inner;
  for (int64_t o = 0; o < outer; o++)
    copy(vals[v->id] + o * len, vals[x->id] + o * row + start * inner, len);
  return NNC_OK;
}

static nnc_status eval_random(const Value *v, double *const *vals) {
  uint64_t step = (uint64_t)vals[v->args[0]->id][0], key = ir_random_mix((uint64_t)v->num +
                                                                         IR_RANDOM_GAMMA);
  int64_t n = ir_numel(v->shape);
  for (int64_t i = 0; i < n; i++) {
    uint64_t z = ir_random_mix(key + ((step << 32 | (uint64_t)i) + 1) * IR_RANDOM_GAMMA);
    vals[v->id][i] = v->dtype == DT_F32 ? (double)(z >> 40) * 0x1p-24 : (double)(z >> 11) * 0x1p-53;
  }
  return NNC_OK;
}

static nnc_status eval_assign(const Value *v, double *const *vals) {
  int64_t n = ir_numel(v->shape);
  copy(vals[v->args[0]->id], vals[v->args[1]->id], n);
  if (vals[v->id])
    copy(vals[v->id], vals[v->args[1]->id], n);
  return NNC_OK;
}

static EvalFn *const evals[OP_COUNT] = {
#define ELEM(f) eval_elemwise
#define WHOLE(f) f
#define OP(id, name, arity, flags, attrs, type, reference, vjp, codegen) [OP_##id] = reference,
#include "ops.def"
#undef OP
#undef ELEM
#undef WHOLE
};

/* The checks that keep the loops above in bounds: ranks the loops assume, axes within the
 * rank, every operand and buffer present. */
static nnc_status check_value(const Value *v, double *const *vals) {
  const char *name = ir_op_name(v->op);
  if ((unsigned)v->op >= OP_COUNT)
    return base_error(NNC_ERR_ARG, "ir_eval: %%%d: unknown op %d", v->id, (int)v->op);
  if (v->shape.rank < 0 || v->shape.rank > IR_MAX_RANK)
    return base_error(NNC_ERR_SHAPE, "ir_eval: %%%d (%s): rank %d", v->id, name, v->shape.rank);
  for (int k = 0; k < v->nargs; k++)
    if (!v->args[k] || v->args[k]->id >= v->id)
      return base_error(NNC_ERR_ARG, "ir_eval: %%%d (%s): bad operand %d", v->id, name, k);
  if (!vals[v->id] && v->op != OP_ASSIGN && ir_numel(v->shape) > 0)
    return base_error(NNC_ERR_ARG, "ir_eval: %%%d (%s): no buffer", v->id, name);
  if ((v->op == OP_MATMUL || v->op == OP_TRANSPOSE) &&
      (v->args[0]->shape.rank != 2 || v->args[v->nargs - 1]->shape.rank != 2))
    return base_error(NNC_ERR_SHAPE, "ir_eval: %%%d (%s): operands must be 2-D", v->id, name);
  if ((ir_op_flags(v->op) & OPF_REDUCE) && (v->axes >> v->args[0]->shape.rank) != 0)
    return base_error(NNC_ERR_SHAPE, "ir_eval: %%%d (%s): axes 0x%x beyond rank %d", v->id, name,
                    v->axes, v->args[0]->shape.rank);
  if (v->op == OP_ONE_HOT && v->shape.rank < 1)
    return base_error(NNC_ERR_SHAPE, "ir_eval: %%%d (%s): scalar result", v->id, name);
  return NNC_OK;
}

/* I32 values hold integers: truncate toward zero, as the compiled code's arithmetic does. */
static void truncate_ints(const Value *v, double *const *vals) {
  if (v->dtype != DT_I32 || !vals[v->id] || (ir_op_flags(v->op) & OPF_LEAF))
    return;
  int64_t n = ir_numel(v->shape);
  for (int64_t i = 0; i < n; i++)
    vals[v->id][i] = trunc(vals[v->id][i]);
}

nnc_status ir_eval(const Graph *g, double *const *vals) {
  if (!g || !vals)
    return base_error(NNC_ERR_ARG, "ir_eval: NULL graph or buffers");
  if (g->status != NNC_OK)
    return base_error(g->status, "%s", g->msg);
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    nnc_status st = check_value(v, vals);
    if (st == NNC_OK && !evals[v->op])
      st = base_error(NNC_ERR_ARG, "ir_eval: %%%d: %s has no reference semantics", v->id,
                      ir_op_name(v->op));
    if (st == NNC_OK)
      st = evals[v->op](v, vals);
    if (st != NNC_OK)
      return st;
    if (v->op != OP_ASSIGN)
      truncate_ints(v, vals);
  }
  return NNC_OK;
}
