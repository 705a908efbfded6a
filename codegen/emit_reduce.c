/* emit_reduce.c — sum and mean over axes, softmax and log_softmax over the last axis.
 *
 * SUM/MEAN: zero the result, then walk the operand in row-major order adding each element
 * into the result element found by zeroing its reduced axes (stride 0), as the reference
 * does. Runs of reduced or kept axes are merged. When the innermost axis is kept, the
 * vector lanes run along it, each adding into its own result element: every result element
 * sums in the reference's order. When it is reduced, each run of it is summed into one
 * vector of partial sums (lane l takes elements l, l+lanes, ...), which is then added up
 * (`reassoc`, the one fast-math flag in codegen, lets LLVM add it as a tree). That changes
 * only the summation order, and in fact lowers the error of long f32 sums (measured against
 * the f64 reference in the tests).
 * Softmax is the stable three-pass form: row max, sum of exp(x - max) (reassociable, so
 * LLVM's loop vectorizer takes the exp loop), then scale; its loops stay scalar.
 */
#include <math.h>

#include "cg.h"

typedef struct {
  const Value *v;
  LLVMValueRef out;
  Operand x;                   /* the operand, strides over the nest */
  const int64_t *ostride;      /* the result's, over the nest */
  int64_t count;               /* operand elements per result element */
  LLVMValueRef acc;            /* inner axis reduced: a vector of partial sums (alloca) */
} Red;

static LLVMValueRef add(Cg *c, DType t, LLVMValueRef a, LLVMValueRef b) {
  return t == DT_I32 ? LLVMBuildAdd(c->b, a, b, "") : LLVMBuildFAdd(c->b, a, b, "");
}

static void zero_body(Cg *c, void *ctx, const CgNest *n) {
  Red *r = ctx;
  cg_store(c, r->v->dtype, r->out, n->loop[0].iv, cg_const(c, r->v->dtype, 0));
}

/* out[o] /= count for every result element. */
static void divide_body(Cg *c, void *ctx, const CgNest *n) {
  Red *r = ctx;
  DType t = r->v->dtype;
  Operand o = {.dt = t, .base = r->out, .lane = 1};
  LLVMValueRef x = cg_load(c, &o, n->loop[0].iv), k = cg_const(c, t, (double)r->count);
  x = t == DT_I32 ? LLVMBuildSDiv(c->b, x, k, "") : LLVMBuildFDiv(c->b, x, k, "");
  cg_store(c, t, r->out, n->loop[0].iv, x);
}

/* Inner axis kept: each lane adds into its own result element, in the reference order. */
static void kept_body(Cg *c, void *ctx, const CgNest *n) {
  Red *r = ctx;
  DType t = r->v->dtype;
  Operand o = {.dt = t, .base = r->out, .lane = 1};
  LLVMValueRef oi = cg_nest_index(c, n, r->ostride);
  LLVMValueRef x = cg_load(c, &r->x, cg_nest_index(c, n, r->x.stride));
  LLVMValueRef y = add(c, t, cg_load(c, &o, oi), x);
  cg_store(c, t, r->out, oi, y);
}

/* Inner axis reduced: lane l of the partial sums adds elements l, l+lanes, ... of the run
 * (the lanes a masked vector lacks add 0). */
static void reduced_body(Cg *c, void *ctx, const CgNest *n) {
  Red *r = ctx;
  LLVMTypeRef vty = cg_vtype(c, r->v->dtype);
  LLVMValueRef x = cg_load(c, &r->x, cg_nest_index(c, n, r->x.stride));
  if (c->mask)
    x = LLVMBuildSelect(c->b, c->mask, x, LLVMConstNull(vty), "");
  LLVMValueRef sum = add(c, r->v->dtype, LLVMBuildLoad2(c->b, vty, r->acc, ""), x);
  if (r->v->dtype != DT_I32)
    LLVMSetFastMathFlags(sum, LLVMFastMathAllowReassoc);
  LLVMBuildStore(c->b, sum, r->acc);
}

/* Sums each run of the reduced inner axis into one vector of partial sums, then into its
 * result element. */
static void reduce_inner(Cg *c, Red *r, unsigned lanes, int rank, const int64_t *dim) {
  DType t = r->v->dtype;
  LLVMTypeRef vty = LLVMVectorType(cg_type(c, t), lanes);
  r->acc = cg_alloca(c, vty);
  CgNest outer;
  cg_nest_begin(c, &outer, rank - 1, dim);
  LLVMBuildStore(c->b, LLVMConstNull(vty), r->acc);
  LLVMValueRef base = cg_nest_index(c, &outer, r->x.stride);
  Operand x = r->x;
  x.base = x.base ? LLVMBuildInBoundsGEP2(c->b, cg_type(c, t), x.base, &base, 1, "") : NULL;
  Red inner = *r;
  inner.x = x;
  inner.x.stride[0] = r->x.stride[rank - 1];
  inner.x.lane = inner.x.stride[0];
  cg_vnest(c, lanes, 1, &dim[rank - 1], reduced_body, &inner);
  Operand o = {.dt = t, .base = r->out};
  LLVMValueRef oi = cg_nest_index(c, &outer, r->ostride);
  LLVMValueRef args[2] = {cg_load(c, &o, oi), LLVMBuildLoad2(c->b, vty, r->acc, "")};
  const char *name = t == DT_I32 ? "llvm.vector.reduce.add" : "llvm.vector.reduce.fadd";
  LLVMValueRef s = t == DT_I32 ? cg_intrinsic(c, name, vty, &args[1], 1)
                               : cg_intrinsic(c, name, vty, args, 2);
  if (t == DT_I32)
    s = LLVMBuildAdd(c->b, args[0], s, "");
  else
    LLVMSetFastMathFlags(s, LLVMFastMathAllowReassoc);
  cg_store(c, t, r->out, oi, s);
  cg_nest_end(c, &outer);
}

void cg_kernel_reduce(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                      const CgRange *range) {
  (void)range;
  const Value *a = v->args[0];
  int64_t nout = ir_numel(v->shape), count = 1;
  int64_t dim[IR_MAX_RANK], st[2][IR_MAX_RANK], acc = 1;
  int rank = a->shape.rank;
  for (int d = rank - 1; d >= 0; d--) {
    dim[d] = a->shape.dim[d];
    bool red = v->axes >> d & 1u;
    st[1][d] = red ? 0 : acc;
    acc *= red ? 1 : dim[d];
    count *= red ? dim[d] : 1;
  }
  const Value *vals[2] = {v, a};
  unsigned lanes = cg_lanes_for(c, vals, 2);
  Red r = {.v = v, .out = out, .ostride = st[1], .count = count};
  cg_vnest(c, lanes, 1, &nout, zero_body, &r);
  if (ir_numel(a->shape) > 0) {
    cg_operand(c, &r.x, a, a->shape, args[0]);
    for (int d = 0; d < rank; d++)
      st[0][d] = r.x.stride[d];
    rank = cg_collapse(rank, dim, st, 2);
    for (int d = 0; d < rank; d++)
      r.x.stride[d] = st[0][d];
    r.x.lane = rank > 0 ? st[0][rank - 1] : 0;
    if (rank > 0 && st[1][rank - 1] == 0)
      reduce_inner(c, &r, lanes, rank, dim);
    else
      cg_vnest(c, lanes, rank, dim, kept_body, &r);
  }
  if (v->op == OP_MEAN && count > 0)
    cg_vnest(c, lanes, 1, &nout, divide_body, &r);
}

/* One row of n elements at x (operand) and y (result). */
static void softmax_row(Cg *c, const Value *v, const Operand *x, LLVMValueRef y,
                        LLVMValueRef row, int64_t n) {
  DType t = v->dtype;
  c->loop_vectorize = true;
  LLVMTypeRef ty = cg_type(c, t);
  LLVMValueRef mx = cg_alloca(c, ty), sum = cg_alloca(c, ty);
  LLVMBuildStore(c->b, cg_const(c, t, -INFINITY), mx);
  LLVMBuildStore(c->b, cg_const(c, t, 0), sum);
  CgLoop j;
  cg_loop_begin(c, &j, n);
  LLVMValueRef xi = cg_load(c, x, LLVMBuildAdd(c->b, row, LLVMBuildMul(c->b, j.iv, cg_i64(c, x->stride[0]), ""), ""));
  LLVMValueRef m0 = LLVMBuildLoad2(c->b, ty, mx, "");
  LLVMBuildStore(c->b, LLVMBuildSelect(c->b, LLVMBuildFCmp(c->b, LLVMRealOGT, xi, m0, ""), xi, m0, ""), mx);
  cg_loop_end(c, &j);
  LLVMValueRef m = LLVMBuildLoad2(c->b, ty, mx, "max");
  cg_loop_begin(c, &j, n);
  LLVMValueRef idx = LLVMBuildAdd(c->b, row, j.iv, "");
  xi = cg_load(c, x, LLVMBuildAdd(c->b, row, LLVMBuildMul(c->b, j.iv, cg_i64(c, x->stride[0]), ""), ""));
  LLVMValueRef d = LLVMBuildFSub(c->b, xi, m, "");
  LLVMValueRef e = cg_exp(c, t, d);
  cg_store(c, t, y, idx, v->op == OP_SOFTMAX ? e : d);
  LLVMValueRef acc = LLVMBuildFAdd(c->b, LLVMBuildLoad2(c->b, ty, sum, ""), e, "");
  LLVMSetFastMathFlags(acc, LLVMFastMathAllowReassoc); /* lets LLVM vectorize the exp loop */
  LLVMBuildStore(c->b, acc, sum);
  cg_loop_end(c, &j);
  LLVMValueRef s = LLVMBuildLoad2(c->b, ty, sum, "sum");
  if (v->op == OP_LOG_SOFTMAX)
    s = cg_log(c, t, s);
  cg_loop_begin(c, &j, n);
  idx = LLVMBuildAdd(c->b, row, j.iv, "");
  Operand o = {.dt = t, .base = y};
  LLVMValueRef r = cg_load(c, &o, idx);
  r = v->op == OP_SOFTMAX ? LLVMBuildFDiv(c->b, r, s, "") : LLVMBuildFSub(c->b, r, s, "");
  cg_store(c, t, y, idx, r);
  cg_loop_end(c, &j);
}

void cg_kernel_softmax(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                       const CgRange *range) {
  (void)range;
  const Value *a = v->args[0];
  int64_t n = a->shape.dim[a->shape.rank - 1];
  int64_t rows = ir_numel(a->shape) / n;
  Operand x;
  cg_operand(c, &x, a, a->shape, args[0]);
  x.stride[0] = a->op == OP_CONST ? 0 : 1;  /* along the row */
  CgLoop r;
  cg_loop_begin(c, &r, rows);
  LLVMValueRef row = LLVMBuildMul(c->b, r.iv, cg_i64(c, n), "row");
  softmax_row(c, v, &x, out, row, n);
  cg_loop_end(c, &r);
}
