/* emit_layout.c — ops that move elements: transpose, reshape, broadcast, one_hot.
 *
 * Reshape is a byte copy (both sides are row-major); broadcast reuses the elementwise
 * strided nest. one_hot compares each class id, rounded half away from zero as C's round(),
 * with the float column index, so NaN or out-of-range ids give a zero row and nothing is
 * ever converted to an integer.
 */
#include <stdlib.h>

#include "cg.h"

void cg_kernel_transpose(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                         const CgRange *range) {
  (void)range;
  LLVMValueRef in = args[0];
  const Value *a = v->args[0];
  int64_t R = a->shape.dim[0], C = a->shape.dim[1];
  Operand o;
  cg_operand(c, &o, a, a->shape, in);
  CgNest n;
  int64_t dim[2] = {R, C}, ost[2] = {1, R};
  c->loop_vectorize = true;
  cg_nest_begin(c, &n, 2, dim);
  LLVMValueRef x = cg_load(c, &o, cg_nest_index(c, &n, o.stride));
  cg_store(c, v->dtype, out, cg_nest_index(c, &n, ost), x);
  cg_nest_end(c, &n);
}

void cg_kernel_one_hot(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                       const CgRange *range) {
  (void)range;
  LLVMValueRef in = args[0];
  const Value *a = v->args[0];
  int64_t n = ir_numel(a->shape), depth = v->shape.dim[v->shape.rank - 1];
  Operand o;
  cg_operand(c, &o, a, a->shape, in);
  o.stride[0] = a->op == OP_CONST ? 0 : 1;
  c->loop_vectorize = true;
  CgLoop row, col;
  cg_loop_begin(c, &row, n);
  LLVMValueRef id = cg_load(c, &o, row.iv);
  DType ct = a->dtype == DT_I32 ? DT_F64 : a->dtype;
  if (a->dtype == DT_I32)
    id = LLVMBuildSIToFP(c->b, id, c->t_f64, "");
  else
    id = cg_round(c, a->dtype, id);
  cg_loop_begin(c, &col, depth);
  /* from i32: i64 to float is a libcall on 32-bit cores (nnc build) */
  LLVMValueRef j = LLVMBuildSIToFP(c->b, LLVMBuildTrunc(c->b, col.iv, c->t_i32, ""),
                                   cg_type(c, ct), "");
  LLVMValueRef hit = LLVMBuildFCmp(c->b, LLVMRealOEQ, id, j, "");
  LLVMValueRef y = LLVMBuildSelect(c->b, hit, cg_const(c, v->dtype, 1), cg_const(c, v->dtype, 0), "");
  LLVMValueRef idx = LLVMBuildAdd(c->b, LLVMBuildMul(c->b, row.iv, cg_i64(c, depth), ""), col.iv, "");
  cg_store(c, v->dtype, out, idx, y);
  cg_loop_end(c, &col);
  cg_loop_end(c, &row);
}

/* A reshaped CONST is still a fill; anything else is a byte copy. */
void cg_kernel_reshape(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                       const CgRange *range) {
  (void)range;
  const Value *a = v->args[0];
  if (a->op == OP_CONST)
    cg_emit_broadcast(c, a, v->shape, out, NULL);
  else
    cg_emit_copy(c, a, out, args[0]);
}

void cg_kernel_broadcast(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                         const CgRange *range) {
  (void)range;
  cg_emit_broadcast(c, v->args[0], v->shape, out, args[0]);
}
