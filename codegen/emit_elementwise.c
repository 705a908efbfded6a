/* emit_elementwise.c — elementwise ops with NumPy broadcasting, casts and copies.
 *
 * A kernel is one loop nest over the result shape; each operand is read through strides
 * (0 on broadcast dims). Dims that every buffer walks contiguously are merged first, so a
 * same-shape op is one flat loop and the innermost loop is unit-stride for the result; it
 * runs in vectors (cg_vnest). cg_scalar_op is the op's semantics alone, lanewise in a
 * vector body, so a fusion pass can chain ops in one loop: the op's LANE in ops.def, the
 * cg_lane_* functions below (erf and gelu live in vmath.c).
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

/* ---- one element of each LANE op of ops.def (erf and gelu are in vmath.c) ---- */

static bool is_int(const Value *v) {
  return v->dtype == DT_I32;
}

static LLVMValueRef gt_zero(Cg *c, const Value *v, LLVMValueRef a) {
  LLVMValueRef zero = cg_const(c, v->dtype, 0);
  return is_int(v) ? LLVMBuildICmp(c->b, LLVMIntSGT, a, zero, "")
                   : LLVMBuildFCmp(c->b, LLVMRealOGT, a, zero, "");
}

LLVMValueRef cg_lane_neg(Cg *c, const Value *v, LLVMValueRef *x) {
  return is_int(v) ? LLVMBuildSub(c->b, cg_const(c, DT_I32, 0), x[0], "")
                   : LLVMBuildFNeg(c->b, x[0], "");
}

LLVMValueRef cg_lane_exp(Cg *c, const Value *v, LLVMValueRef *x) {
  return cg_exp(c, v->dtype, x[0]);
}

LLVMValueRef cg_lane_log(Cg *c, const Value *v, LLVMValueRef *x) {
  return cg_log(c, v->dtype, x[0]);
}

LLVMValueRef cg_lane_sqrt(Cg *c, const Value *v, LLVMValueRef *x) {
  (void)v;
  return call1(c, "llvm.sqrt", x[0]);
}

LLVMValueRef cg_lane_abs(Cg *c, const Value *v, LLVMValueRef *x) {
  if (!is_int(v))
    return call1(c, "llvm.fabs", x[0]);
  LLVMValueRef zero = cg_const(c, DT_I32, 0);
  return sel(c, LLVMBuildICmp(c->b, LLVMIntSLT, x[0], zero, ""),
             LLVMBuildSub(c->b, zero, x[0], ""), x[0]);
}

LLVMValueRef cg_lane_floor(Cg *c, const Value *v, LLVMValueRef *x) {
  (void)v;
  return call1(c, "llvm.floor", x[0]);
}

LLVMValueRef cg_lane_pow(Cg *c, const Value *v, LLVMValueRef *x) {
  return cg_pow(c, v->dtype, x[0], v->num);
}

LLVMValueRef cg_lane_sigmoid(Cg *c, const Value *v, LLVMValueRef *x) {
  return cg_sigmoid(c, v->dtype, x[0]);
}

LLVMValueRef cg_lane_relu(Cg *c, const Value *v, LLVMValueRef *x) {
  return sel(c, gt_zero(c, v, x[0]), x[0], cg_const(c, v->dtype, 0));
}

LLVMValueRef cg_lane_tanh(Cg *c, const Value *v, LLVMValueRef *x) {
  return cg_tanh(c, v->dtype, x[0]);
}

LLVMValueRef cg_lane_leaky_relu(Cg *c, const Value *v, LLVMValueRef *x) {
  return sel(c, gt_zero(c, v, x[0]), x[0],
             LLVMBuildFMul(c->b, cg_const(c, v->dtype, v->num), x[0], ""));
}

LLVMValueRef cg_lane_cast(Cg *c, const Value *v, LLVMValueRef *x) {
  return convert(c, x[0], v->args[0]->dtype, v->dtype);
}

LLVMValueRef cg_lane_add(Cg *c, const Value *v, LLVMValueRef *x) {
  return is_int(v) ? LLVMBuildAdd(c->b, x[0], x[1], "") : LLVMBuildFAdd(c->b, x[0], x[1], "");
}

LLVMValueRef cg_lane_sub(Cg *c, const Value *v, LLVMValueRef *x) {
  return is_int(v) ? LLVMBuildSub(c->b, x[0], x[1], "") : LLVMBuildFSub(c->b, x[0], x[1], "");
}

LLVMValueRef cg_lane_mul(Cg *c, const Value *v, LLVMValueRef *x) {
  return is_int(v) ? LLVMBuildMul(c->b, x[0], x[1], "") : LLVMBuildFMul(c->b, x[0], x[1], "");
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

LLVMValueRef cg_lane_div(Cg *c, const Value *v, LLVMValueRef *x) {
  return is_int(v) ? int_div(c, x[0], x[1]) : LLVMBuildFDiv(c->b, x[0], x[1], "");
}

/* a where a <op> b holds, else b: max (GT) and min (LT) */
static LLVMValueRef pick(Cg *c, const Value *v, LLVMValueRef *x, bool max) {
  LLVMValueRef keep = is_int(v)
      ? LLVMBuildICmp(c->b, max ? LLVMIntSGT : LLVMIntSLT, x[0], x[1], "")
      : LLVMBuildFCmp(c->b, max ? LLVMRealOGT : LLVMRealOLT, x[0], x[1], "");
  return sel(c, keep, x[0], x[1]);
}

LLVMValueRef cg_lane_max(Cg *c, const Value *v, LLVMValueRef *x) {
  return pick(c, v, x, true);
}

LLVMValueRef cg_lane_min(Cg *c, const Value *v, LLVMValueRef *x) {
  return pick(c, v, x, false);
}

LLVMValueRef cg_lane_cmp(Cg *c, const Value *v, LLVMValueRef *x) {
  if (is_int(v))
    return LLVMBuildZExt(c->b, LLVMBuildICmp(c->b, ipred(v->cmp), x[0], x[1], ""),
                         cg_vtype(c, DT_I32), "");
  return sel(c, LLVMBuildFCmp(c->b, fpred(v->cmp), x[0], x[1], ""), cg_const(c, v->dtype, 1),
             cg_const(c, v->dtype, 0));
}

LLVMValueRef cg_lane_select(Cg *c, const Value *v, LLVMValueRef *x) {
  return sel(c, nonzero(c, v->args[0]->dtype, x[0]), x[1], x[2]);
}

/* ops.def's codegen column: each op's lane (LANE ops only) and kernel. */
static const struct {
  CgLane *lane;
  CgKernel *kernel;
} op_codegen[OP_COUNT] = {
#define LANE(f) {f, cg_kernel_elementwise}
#define KERNEL(f) {NULL, f}
#define NO_KERNEL {NULL, NULL}
#define OP(id, name, arity, flags, attrs, type, reference, vjp, codegen) [OP_##id] = codegen,
#include "ops.def"
#undef OP
#undef LANE
#undef KERNEL
#undef NO_KERNEL
};

CgKernel *cg_kernel_of(OpKind op) {
  return (unsigned)op < OP_COUNT ? op_codegen[op].kernel : NULL;
}

LLVMValueRef cg_scalar_op(Cg *c, const Value *v, LLVMValueRef *x) {
  NNC_ASSERT((unsigned)v->op < OP_COUNT); /* the verifier's */
  NNC_ASSERT(ir_is_float(v->dtype) || !(ir_op_flags(v->op) & OPF_FLOAT)); /* the type rule's */
  if (!op_codegen[v->op].lane) {
    cg_fail(c, NNC_ERR_INTERNAL, "codegen: %%%d: %s has no LANE in ir/ops.def", v->id,
            ir_op_name(v->op));
    return cg_const(c, v->dtype, 0);
  }
  return op_codegen[v->op].lane(c, v, x);
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

void cg_kernel_elementwise(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                           const CgRange *range) {
  (void)range;
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
  /* A vector loop rather than llvm.memcpy, which becomes a call to memcpy (nnc build's
   * objects call nothing outside themselves). */
  map(c, NULL, src->shape, dst, &src, &srcptr, 1);
}

void cg_kernel_assign(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                      const CgRange *range) {
  (void)range;
  cg_emit_copy(c, v->args[1], out, args[1]);
}
