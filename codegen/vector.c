/* vector.c — vector values, lane masks and vector memory access.
 *
 * Trip counts are constants, so the one partial vector a loop ends with has a constant
 * mask, and masked loads and stores (AVX-512 mask registers, AVX2 vmaskmov) touch exactly
 * the elements a scalar loop would. A masked load reads 0 in the lanes it skips, so the
 * ops on those lanes never see uninitialised bits; what they compute is never stored.
 */
#include <string.h>

#include <llvm-c/DebugInfo.h>

#include "cg.h"

unsigned cg_lanes(const Cg *c, int esize) {
  int bytes = c->vector_bytes > 0 ? c->vector_bytes : cg_vector_bytes();
  return bytes > esize ? (unsigned)(bytes / esize) : 1;
}

LLVMValueRef cg_splat(Cg *c, LLVMValueRef x, unsigned lanes) {
  if (LLVMIsConstant(x)) {
    LLVMValueRef v[64];
    for (unsigned i = 0; i < lanes; i++)
      v[i] = x;
    return LLVMConstVector(v, lanes);
  }
  LLVMTypeRef vty = LLVMVectorType(LLVMTypeOf(x), lanes);
  LLVMValueRef one = LLVMBuildInsertElement(c->b, LLVMGetPoison(vty), x,
                                            LLVMConstInt(c->t_i32, 0, 0), "");
  LLVMTypeRef mty = LLVMVectorType(c->t_i32, lanes);
  return LLVMBuildShuffleVector(c->b, one, LLVMGetPoison(vty), LLVMConstNull(mty), "");
}

LLVMValueRef cg_lane_mask(Cg *c, unsigned lanes, int64_t n) {
  LLVMValueRef bits[64];
  for (unsigned i = 0; i < lanes; i++)
    bits[i] = LLVMConstInt(c->t_i1, (int64_t)i < n, 0);
  return LLVMConstVector(bits, lanes);
}

static LLVMValueRef masked_call(Cg *c, const char *name, LLVMTypeRef vty, LLVMValueRef *args) {
  unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
  LLVMTypeRef tys[2] = {vty, c->t_ptr};
  LLVMValueRef fn = LLVMGetIntrinsicDeclaration(c->mod, id, tys, 2);
  return LLVMBuildCall2(c->b, LLVMIntrinsicGetType(c->ctx, id, tys, 2), fn, args, 4, "");
}

LLVMValueRef cg_vector_load(Cg *c, LLVMTypeRef ty, LLVMValueRef p, LLVMValueRef mask,
                            unsigned align) {
  if (!mask) {
    LLVMValueRef x = LLVMBuildLoad2(c->b, ty, p, "");
    LLVMSetAlignment(x, align);
    return x;
  }
  LLVMValueRef args[4] = {p, LLVMConstInt(c->t_i32, align, 0), mask, LLVMConstNull(ty)};
  return masked_call(c, "llvm.masked.load", ty, args);
}

void cg_vector_store(Cg *c, LLVMValueRef x, LLVMValueRef p, LLVMValueRef mask, unsigned align) {
  if (!mask) {
    LLVMSetAlignment(LLVMBuildStore(c->b, x, p), align);
    return;
  }
  LLVMValueRef args[4] = {x, p, LLVMConstInt(c->t_i32, align, 0), mask};
  masked_call(c, "llvm.masked.store", LLVMTypeOf(x), args);
}

/* zip of a and b from lane `from` on: a[from] b[from] a[from+1] b[from+1] ... */
static LLVMValueRef zip(Cg *c, LLVMValueRef a, LLVMValueRef b, unsigned w, unsigned from) {
  LLVMValueRef idx[64];
  for (unsigned i = 0; i < w; i++)
    idx[i] = LLVMConstInt(c->t_i32, from + i / 2 + (i % 2) * w, 0);
  return LLVMBuildShuffleVector(c->b, a, b, LLVMConstVector(idx, w), "");
}

/* log2(w) perfect shuffles, each pairing row j with row j + w/2 and interleaving their
 * halves: after them, row[j] lane i holds what row[i] lane j held. */
void cg_transpose_vectors(Cg *c, LLVMValueRef *row, unsigned w) {
  LLVMValueRef next[64];
  for (unsigned round = 1; round < w; round *= 2) {
    for (unsigned k = 0; k < w / 2; k++) {
      next[2 * k] = zip(c, row[k], row[k + w / 2], w, 0);
      next[2 * k + 1] = zip(c, row[k], row[k + w / 2], w, w / 2);
    }
    memcpy(row, next, sizeof *row * w);
  }
}

static LLVMMetadataRef md_string(Cg *c, const char *s) {
  return LLVMMDStringInContext2(c->ctx, s, strlen(s));
}

/* !llvm.loop !{self, !{"llvm.loop.unroll.disable"}[, !{"llvm.loop.vectorize.enable", false}]}
 * on the latch's branch (loops.c says why). */
void cg_loop_metadata(Cg *c, LLVMBasicBlockRef latch, bool vector) {
  LLVMMetadataRef unroll = md_string(c, "llvm.loop.unroll.disable");
  LLVMMetadataRef novec[2] = {md_string(c, "llvm.loop.vectorize.enable"),
                              LLVMValueAsMetadata(LLVMConstInt(c->t_i1, 0, 0))};
  LLVMMetadataRef self = LLVMTemporaryMDNode(c->ctx, NULL, 0);
  LLVMMetadataRef ops[3] = {self, LLVMMDNodeInContext2(c->ctx, &unroll, 1),
                            LLVMMDNodeInContext2(c->ctx, novec, 2)};
  LLVMMetadataRef loop = LLVMMDNodeInContext2(c->ctx, ops, vector ? 3 : 2);
  LLVMMetadataReplaceAllUsesWith(self, loop);
  unsigned kind = LLVMGetMDKindIDInContext(c->ctx, "llvm.loop", 9);
  LLVMSetMetadata(LLVMGetBasicBlockTerminator(latch), kind, LLVMMetadataAsValue(c->ctx, loop));
}
