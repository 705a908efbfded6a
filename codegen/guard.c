/* guard.c — the NaN guard, fused into the update: every kernel that assigns a float PARAM or
 * STATE (the weights and the optimizer's state) also notes whether an element it wrote is
 * NaN or ±Inf, and ORs that into one flag word after the graph's scratch (cg_guard_offset).
 *
 * The test adds x - x (0 when x is finite, NaN otherwise; these ops carry no fast-math
 * flags) into the kernel's running note; in a vector body it covers the active lanes only (a
 * tail's other lanes hold anything). The note is a stack slot that SROA turns into a register
 * carried through the kernel's loops, so the loops keep their shape (a reduction in the IR,
 * tried before, split the epilogue's merged loop per row); the note is reduced and ORed into
 * the flag in memory once per call, atomically, since a kernel's tasks may run on several
 * threads. The caller
 * clears the flag and reads it after each step (keras/fit.c). Only the JIT's code has the
 * guard: the objects of nnc build and the text of nnc emit have no flag word to write.
 * NNC_NAN_GUARD=off leaves it out (to measure it, or to bisect a miscompile): then no graph
 * has the flag, fit scans the state instead, and cg_target_id says so, so that the compile
 * cache never hands out code of the other kind.
 */
#include <stdlib.h>
#include <string.h>

#include "cg.h"

/* The flag word: after the planned scratch, 64-byte aligned. */
int64_t cg_guard_word(const Graph *g) {
  return (g->scratch_bytes + 63) / 64 * 64;
}

int64_t cg_guard_offset(const Graph *g) {
  return cg_graph_guarded(g) ? cg_guard_word(g) : -1;
}

bool cg_guards(const Value *v) {
  return v->op == OP_ASSIGN && ir_is_float(v->args[0]->dtype) &&
         (v->args[0]->op == OP_PARAM || v->args[0]->op == OP_STATE) && v->args[0] != v->args[1];
}

bool cg_guard_enabled(void) {
  const char *e = getenv("NNC_NAN_GUARD");
  return !e || strcmp(e, "off") != 0;
}

bool cg_graph_guarded(const Graph *g) {
  if (!cg_guard_enabled())
    return false;
  for (int i = 0; i < g->nvalues; i++)
    if (cg_guards(g->values[i]) && ir_numel(g->values[i]->shape) > 0)
      return true;
  return false;
}

int64_t cg_scratch_bytes(const Graph *g) {
  return cg_graph_guarded(g) ? cg_guard_word(g) + CG_GUARD_BYTES : g->scratch_bytes;
}

void cg_guard_begin(Cg *c) {
  c->guarding = true;
  c->nguard = 0;
}

/* The running note for values of type ty: a slot in the entry block that starts at 0 and
 * adds x - x for each value x noted, which is 0 for a finite x and NaN otherwise (no
 * fast-math flags here, so LLVM keeps it), and NaN stays. */
static LLVMValueRef slot_for(Cg *c, LLVMTypeRef ty) {
  for (int i = 0; i < c->nguard; i++)
    if (LLVMGetAllocatedType(c->guard_slot[i]) == ty)
      return c->guard_slot[i];
  if (c->nguard == (int)(sizeof c->guard_slot / sizeof *c->guard_slot))
    nnc_unreachable("guard: more kinds of values than slots");
  LLVMBasicBlockRef here = LLVMGetInsertBlock(c->b);
  LLVMValueRef first = LLVMGetFirstInstruction(LLVMGetEntryBasicBlock(c->fn));
  if (first)
    LLVMPositionBuilderBefore(c->b, first);
  else
    LLVMPositionBuilderAtEnd(c->b, LLVMGetEntryBasicBlock(c->fn));
  LLVMValueRef a = LLVMBuildAlloca(c->b, ty, "guard");
  LLVMBuildStore(c->b, LLVMConstNull(ty), a);
  LLVMPositionBuilderAtEnd(c->b, here);
  c->guard_slot[c->nguard++] = a;
  return a;
}

void cg_guard_note(Cg *c, LLVMValueRef x) {
  if (!c->guarding)
    return;
  LLVMTypeRef ty = LLVMTypeOf(x);
  LLVMValueRef d = LLVMBuildFSub(c->b, x, x, ""); /* 0, or NaN for NaN and ±Inf */
  if (LLVMGetTypeKind(ty) == LLVMVectorTypeKind && c->mask) /* a tail's other lanes: anything */
    d = LLVMBuildSelect(c->b, c->mask, d, LLVMConstNull(ty), "");
  LLVMValueRef slot = slot_for(c, ty);
  LLVMBuildStore(c->b, LLVMBuildFAdd(c->b, LLVMBuildLoad2(c->b, ty, slot, ""), d, ""), slot);
}

void cg_guard_end(Cg *c, LLVMValueRef flag) {
  LLVMValueRef bad = LLVMConstInt(c->t_i1, 0, 0);
  for (int i = 0; i < c->nguard; i++) {
    LLVMTypeRef ty = LLVMGetAllocatedType(c->guard_slot[i]);
    LLVMValueRef acc = LLVMBuildLoad2(c->b, ty, c->guard_slot[i], "");
    LLVMValueRef nan = LLVMBuildFCmp(c->b, LLVMRealUNO, acc, acc, "");
    if (LLVMGetTypeKind(ty) == LLVMVectorTypeKind)
      nan = cg_intrinsic(c, "llvm.vector.reduce.or", LLVMTypeOf(nan), &nan, 1);
    bad = LLVMBuildOr(c->b, bad, nan, "");
  }
  LLVMBuildAtomicRMW(c->b, LLVMAtomicRMWBinOpOr, flag, LLVMBuildZExt(c->b, bad, c->t_i32, ""),
                     LLVMAtomicOrderingMonotonic, 0);
  c->guarding = false;
  c->nguard = 0;
}

typedef struct {
  const Value *dst;
  LLVMValueRef ptr;
} Written;

static void note_written(Cg *c, void *ctx, const CgNest *n) {
  Written *w = ctx;
  int64_t one = 1;
  Operand o = {.dt = w->dst->dtype, .base = w->ptr, .lane = 1};
  cg_guard_note(c, cg_load(c, &o, cg_nest_index(c, n, &one)));
}

void cg_guard_buffer(Cg *c, const Value *dst, LLVMValueRef ptr) {
  if (!c->guarding)
    return;
  Written w = {dst, ptr};
  int64_t n = ir_numel(dst->shape);
  cg_vnest(c, cg_lanes_for(c, &dst, 1), 1, &n, note_written, &w);
}
