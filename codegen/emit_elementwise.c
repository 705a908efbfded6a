/* emit_elementwise.c — elementwise ops with NumPy broadcasting, casts and copies.
 *
 * A kernel is one loop nest over the result shape; each operand is read through strides
 * (0 on broadcast dims). Dims that every buffer walks contiguously are merged first, so a
 * same-shape op is one flat loop and the innermost loop is unit-stride for the result; it
 * runs in vectors (cg_vnest). cg_scalar_op is the op's semantics alone, lanewise in a
 * vector body, so a fusion pass can chain ops in one loop.
 * No fast-math flags here: results must match the f64 reference to rounding.
 */
#include <stdlib.h>

#include "cg.h"

static LLVMValueRef call1(Cg *c, const char *name, LLVMValueRef x) {
  return cg_intrinsic(c, name, LLVMTypeOf(x), &x, 1);
}

static LLVMValueRef sel(Cg *c, LLVMValueRef cond, LLVMValueRef a, LLVMValueRef b) {
  return LLVMBuildSelect(c->b, cond, a, b, "");
}

/* Nonzero test in the operand's own dtype (NaN counts as nonzero, as in C). */
static LLVMValueRef nonzero(Cg *c, DType t, LLVMValueRef x) {
  if (t == DT_I32)
    return LLVMBuildICmp(c->b, LLVMIntNE, x, cg_const(c, t, 0), "");
  return LLVMBuildFCmp(c->b, LLVMRealUNE, x, cg_const(c, t, 0), "");
}

static LLVMValueRef convert(Cg *c, LLVMValueRef x, DType from, DType to) {
  LLVMTypeRef ty = cg_vtype(c, to);
  if (from == to)
    return x;
  if (from == DT_I32)
    return LLVMBuildSIToFP(c->b, x, ty, "");
  if (to == DT_I32) { /* saturating: NaN -> 0, out of range -> INT_MIN/INT_MAX, never poison */
    LLVMTypeRef tys[2] = {ty, LLVMTypeOf(x)};
    unsigned id = LLVMLookupIntrinsicID("llvm.fptosi.sat", 15);
    LLVMValueRef fn = LLVMGetIntrinsicDeclaration(c->mod, id, tys, 2);
    return LLVMBuildCall2(c->b, LLVMIntrinsicGetType(c->ctx, id, tys, 2), fn, &x, 1, "");
  }
  return to == DT_F64 ? LLVMBuildFPExt(c->b, x, ty, "") : LLVMBuildFPTrunc(c->b, x, ty, "");
}

static LLVMRealPredicate fpred(CmpKind k) {
  static const LLVMRealPredicate p[] = {LLVMRealOLT, LLVMRealOLE, LLVMRealOGT,
                                        LLVMRealOGE, LLVMRealOEQ, LLVMRealUNE};
  return p[k];
}

static LLVMIntPredicate ipred(CmpKind k) {
  static const LLVMIntPredicate p[] = {LLVMIntSLT, LLVMIntSLE, LLVMIntSGT,
                                       LLVMIntSGE, LLVMIntEQ, LLVMIntNE};
  return p[k];
}

static LLVMValueRef float_op(Cg *c, const Value *v, LLVMValueRef *x) {
  DType t = v->dtype;
  LLVMValueRef zero = cg_const(c, t, 0), a = x[0], b = x[1];
  switch (v->op) {
  case OP_NEG: return LLVMBuildFNeg(c->b, a, "");
  case OP_EXP: return cg_exp(c, t, a);
  case OP_LOG: return cg_log(c, t, a);
  case OP_SQRT: return call1(c, "llvm.sqrt", a);
  case OP_ABS: return call1(c, "llvm.fabs", a);
  case OP_POW: return cg_pow(c, t, a, v->num);
  case OP_SIGMOID: return cg_sigmoid(c, t, a);
  case OP_TANH: return cg_tanh(c, t, a);
  case OP_RELU: return sel(c, LLVMBuildFCmp(c->b, LLVMRealOGT, a, zero, ""), a, zero);
  case OP_LEAKY_RELU:
    return sel(c, LLVMBuildFCmp(c->b, LLVMRealOGT, a, zero, ""), a,
               LLVMBuildFMul(c->b, cg_const(c, t, v->num), a, ""));
  case OP_ADD: return LLVMBuildFAdd(c->b, a, b, "");
  case OP_SUB: return LLVMBuildFSub(c->b, a, b, "");
  case OP_MUL: return LLVMBuildFMul(c->b, a, b, "");
  case OP_DIV: return LLVMBuildFDiv(c->b, a, b, "");
  case OP_MAX: return sel(c, LLVMBuildFCmp(c->b, LLVMRealOGT, a, b, ""), a, b);
  case OP_MIN: return sel(c, LLVMBuildFCmp(c->b, LLVMRealOLT, a, b, ""), a, b);
  case OP_CMP:
    return sel(c, LLVMBuildFCmp(c->b, fpred(v->cmp), a, b, ""), cg_const(c, t, 1), zero);
  default: return NULL;
  }
}

/* i32 division never traps: x/0 gives 0 and INT_MIN/-1 wraps. */
static LLVMValueRef int_div(Cg *c, LLVMValueRef a, LLVMValueRef b) {
  LLVMValueRef zero = cg_const(c, DT_I32, 0), one = cg_const(c, DT_I32, 1);
  LLVMValueRef m1 = cg_const(c, DT_I32, -1);
  LLVMValueRef bad = LLVMBuildOr(c->b, LLVMBuildICmp(c->b, LLVMIntEQ, b, zero, ""),
                                 LLVMBuildICmp(c->b, LLVMIntEQ, b, m1, ""), "");
  LLVMValueRef q = LLVMBuildSDiv(c->b, a, sel(c, bad, one, b), "");
  LLVMValueRef alt = sel(c, LLVMBuildICmp(c->b, LLVMIntEQ, b, zero, ""), zero,
                         LLVMBuildSub(c->b, zero, a, ""));
  return sel(c, bad, alt, q);
}

static LLVMValueRef int_op(Cg *c, const Value *v, LLVMValueRef *x) {
  LLVMValueRef zero = cg_const(c, DT_I32, 0), a = x[0], b = x[1];
  switch (v->op) {
  case OP_NEG: return LLVMBuildSub(c->b, zero, a, "");
  case OP_ABS:
    return sel(c, LLVMBuildICmp(c->b, LLVMIntSLT, a, zero, ""), LLVMBuildSub(c->b, zero, a, ""), a);
  case OP_RELU: return sel(c, LLVMBuildICmp(c->b, LLVMIntSGT, a, zero, ""), a, zero);
  case OP_ADD: return LLVMBuildAdd(c->b, a, b, "");
  case OP_SUB: return LLVMBuildSub(c->b, a, b, "");
  case OP_MUL: return LLVMBuildMul(c->b, a, b, "");
  case OP_DIV: return int_div(c, a, b);
  case OP_MAX: return sel(c, LLVMBuildICmp(c->b, LLVMIntSGT, a, b, ""), a, b);
  case OP_MIN: return sel(c, LLVMBuildICmp(c->b, LLVMIntSLT, a, b, ""), a, b);
  case OP_CMP:
    return LLVMBuildZExt(c->b, LLVMBuildICmp(c->b, ipred(v->cmp), a, b, ""),
                         cg_vtype(c, DT_I32), "");
  default: return NULL;
  }
}

LLVMValueRef cg_scalar_op(Cg *c, const Value *v, LLVMValueRef *x) {
  if (v->op == OP_CAST)
    return convert(c, x[0], v->args[0]->dtype, v->dtype);
  if (v->op == OP_SELECT)
    return sel(c, nonzero(c, v->args[0]->dtype, x[0]), x[1], x[2]);
  LLVMValueRef r = v->dtype == DT_I32 ? int_op(c, v, x) : float_op(c, v, x);
  if (!r) {
    cg_fail(c, NNC_ERR_TYPE, "codegen: %%%d: %s is not defined on %s", v->id, ir_op_name(v->op),
            ir_dtype_name(v->dtype));
    return cg_const(c, v->dtype, 0);
  }
  return r;
}

static void row_major(Shape s, int64_t *stride) {
  int64_t st = 1;
  for (int d = s.rank - 1; d >= 0; d--) {
    stride[d] = st;
    st *= s.dim[d];
  }
}

void cg_operand(Cg *c, Operand *o, const Value *a, Shape out, LLVMValueRef ptr) {
  int64_t own[IR_MAX_RANK];
  row_major(a->shape, own);
  o->dt = a->dtype;
  o->base = a->op == OP_CONST ? NULL : ptr;
  o->konst = a->op == OP_CONST ? cg_const(c, a->dtype, a->num) : NULL;
  int lead = out.rank - a->shape.rank;
  for (int d = 0; d < out.rank; d++) {
    int ad = d - lead;
    o->stride[d] = (ad < 0 || a->shape.dim[ad] == 1) ? 0 : own[ad];
  }
}

typedef struct {
  const Value *v;              /* the op, or NULL for a copy of operand 0 */
  DType dt;                    /* the result's dtype */
  LLVMValueRef out;
  Operand o[IR_MAX_ARGS];
  int nops;
  const int64_t *ostride;      /* the result's strides over the nest */
} Map;

static void map_body(Cg *c, void *ctx, const CgNest *n) {
  Map *m = ctx;
  LLVMValueRef x[IR_MAX_ARGS] = {NULL, NULL, NULL};
  for (int k = 0; k < m->nops; k++)
    x[k] = cg_load(c, &m->o[k], cg_nest_index(c, n, m->o[k].stride));
  LLVMValueRef y = m->v ? cg_scalar_op(c, m->v, x) : x[0];
  cg_store(c, m->dt, m->out, cg_nest_index(c, n, m->ostride), y);
}

unsigned cg_lanes_for(const Cg *c, const Value *const *vals, int n) {
  int esize = 4;
  for (int i = 0; i < n; i++)
    if (vals[i] && ir_dtype_size(vals[i]->dtype) > (size_t)esize)
      esize = (int)ir_dtype_size(vals[i]->dtype);
  return cg_lanes(c, esize);
}

/* out[i] = f(operands[i]) over the result shape: the loop nest shared by all kernels here,
 * its innermost loop in vectors (the result is contiguous along it). */
static void map(Cg *c, const Value *v, Shape shape, LLVMValueRef out, const Value *const *ops,
                LLVMValueRef *ptrs, int nops) {
  Map m = {.v = v, .dt = v ? v->dtype : ops[0]->dtype, .out = out, .nops = nops};
  int64_t dim[IR_MAX_RANK], strides[1 + IR_MAX_ARGS][IR_MAX_RANK];
  for (int d = 0; d < shape.rank; d++)
    dim[d] = shape.dim[d];
  row_major(shape, strides[0]);
  for (int k = 0; k < nops; k++) {
    cg_operand(c, &m.o[k], ops[k], shape, ptrs[k]);
    for (int d = 0; d < shape.rank; d++)
      strides[1 + k][d] = m.o[k].stride[d];
  }
  int rank = cg_collapse(shape.rank, dim, strides, 1 + nops);
  for (int k = 0; k < nops; k++) {
    for (int d = 0; d < rank; d++)
      m.o[k].stride[d] = strides[1 + k][d];
    m.o[k].lane = rank > 0 ? m.o[k].stride[rank - 1] : 0;
  }
  m.ostride = strides[0];
  const Value *vals[1 + IR_MAX_ARGS] = {v};
  for (int k = 0; k < nops; k++)
    vals[1 + k] = ops[k];
  cg_vnest(c, cg_lanes_for(c, vals, 1 + nops), rank, dim, map_body, &m);
}

void cg_emit_elementwise(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args) {
  const Value *ops[IR_MAX_ARGS] = {v->args[0], v->args[1], v->args[2]};
  map(c, v, v->shape, out, ops, args, v->nargs);
}

/* dst of shape `to` = src broadcast NumPy-style (a plain copy when the shapes agree). */
void cg_emit_broadcast(Cg *c, const Value *src, Shape to, LLVMValueRef dst, LLVMValueRef srcptr) {
  const Value *ops[1] = {src};
  map(c, NULL, to, dst, ops, &srcptr, 1);
}

void cg_emit_copy(Cg *c, const Value *src, LLVMValueRef dst, LLVMValueRef srcptr) {
  if (src->op == OP_CONST) {
    cg_emit_broadcast(c, src, src->shape, dst, NULL);
    return;
  }
  int64_t bytes = ir_numel(src->shape) * (int64_t)ir_dtype_size(src->dtype);
  LLVMBuildMemCpy(c->b, dst, 1, srcptr, 1, cg_i64(c, bytes));
}
