/* loops.c — counted loops, loop nests, strided loads and stores.
 *
 * A loop is bottom-tested (the rotated form LLVM's loop passes expect): the body runs for
 * iv = 0 .. n-1 and the caller guarantees n >= 1 (kernels of empty tensors are skipped
 * before any loop is emitted). A loop of trip count 1 is not emitted at all; its iv is the
 * constant 0. Trip counts are constants, so LLVM knows every bound.
 *
 * Loops carry `llvm.loop.unroll.disable`: with constant trip counts LLVM would otherwise
 * fully unroll every vectorized elementwise loop, which tripled compile time for no
 * measurable speed. A loop whose body is vector code already
 * (CgLoop.vector) also tells the loop vectorizer to leave it alone.
 *
 * cg_vnest emits elementwise work as vector code: the innermost loop steps a vector at a
 * time and the elements left over take one masked vector, so its body is emitted twice
 * (hence the callback); loads and stores follow c->lanes and c->mask. Against leaving
 * scalar loops to LLVM's loop vectorizer this halves the compile and runs as fast
 * (bench/DECISIONS.md).
 */
#include <stdlib.h>
#include <string.h>

#include "cg.h"

void cg_loop_begin(Cg *c, CgLoop *l, int64_t n) {
  l->n = n;
  l->vector = false;
  if (n <= 1) {
    l->iv = cg_i64(c, 0);
    l->header = l->exit = NULL;
    return;
  }
  LLVMBasicBlockRef pre = LLVMGetInsertBlock(c->b);
  l->header = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "loop");
  l->exit = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "loop.end");
  LLVMBuildBr(c->b, l->header);
  LLVMPositionBuilderAtEnd(c->b, l->header);
  l->iv = LLVMBuildPhi(c->b, c->t_i64, "i");
  LLVMValueRef zero = cg_i64(c, 0);
  LLVMAddIncoming(l->iv, &zero, &pre, 1);
}

void cg_loop_end(Cg *c, CgLoop *l) {
  if (l->n <= 1)
    return;
  LLVMValueRef next = LLVMBuildAdd(c->b, l->iv, cg_i64(c, 1), "i.next");
  LLVMSetNUW(next, 1);
  LLVMSetNSW(next, 1);
  LLVMBasicBlockRef latch = LLVMGetInsertBlock(c->b);
  LLVMAddIncoming(l->iv, &next, &latch, 1);
  LLVMValueRef more = LLVMBuildICmp(c->b, LLVMIntULT, next, cg_i64(c, l->n), "more");
  LLVMBuildCondBr(c->b, more, l->header, l->exit);
  cg_loop_metadata(c, latch, l->vector);
  LLVMPositionBuilderAtEnd(c->b, l->exit);
}

void cg_nest_begin(Cg *c, CgNest *n, int rank, const int64_t *dim) {
  n->rank = rank;
  for (int d = 0; d < rank; d++) {
    n->dim[d] = dim[d];
    cg_loop_begin(c, &n->loop[d], dim[d]);
  }
}

void cg_nest_end(Cg *c, CgNest *n) {
  for (int d = n->rank - 1; d >= 0; d--)
    cg_loop_end(c, &n->loop[d]);
}

LLVMValueRef cg_nest_index(Cg *c, const CgNest *n, const int64_t *stride) {
  LLVMValueRef idx = NULL;
  for (int d = 0; d < n->rank; d++) {
    if (stride[d] == 0 || n->dim[d] <= 1)
      continue;
    LLVMValueRef t = n->loop[d].iv;
    if (stride[d] != 1) {
      t = LLVMBuildMul(c->b, t, cg_i64(c, stride[d]), "");
      LLVMSetNUW(t, 1);
      LLVMSetNSW(t, 1);
    }
    if (idx) {
      idx = LLVMBuildAdd(c->b, idx, t, "");
      LLVMSetNUW(idx, 1);
      LLVMSetNSW(idx, 1);
    } else {
      idx = t;
    }
  }
  return idx ? idx : cg_i64(c, 0);
}

LLVMValueRef cg_load(Cg *c, const Operand *o, LLVMValueRef index) {
  bool vec = c->lanes > 1;
  if (!o->base)
    return vec && LLVMGetTypeKind(LLVMTypeOf(o->konst)) != LLVMVectorTypeKind
               ? cg_splat(c, o->konst, c->lanes) : o->konst;
  LLVMTypeRef ty = cg_type(c, o->dt);
  LLVMValueRef p = LLVMBuildInBoundsGEP2(c->b, ty, o->base, &index, 1, "");
  if (!vec || o->lane == 0) {
    LLVMValueRef x = LLVMBuildLoad2(c->b, ty, p, "");
    return vec ? cg_splat(c, x, c->lanes) : x;
  }
  if (o->lane != 1) { /* operands are row-major or broadcast: never emitted */
    cg_fail(c, NNC_ERR_INTERNAL, "codegen: a vector load %lld elements apart", (long long)o->lane);
    return LLVMGetPoison(cg_vtype(c, o->dt));
  }
  return cg_vector_load(c, cg_vtype(c, o->dt), p, c->mask, (unsigned)ir_dtype_size(o->dt));
}

void cg_store(Cg *c, DType t, LLVMValueRef base, LLVMValueRef index, LLVMValueRef x) {
  LLVMValueRef p = LLVMBuildInBoundsGEP2(c->b, cg_type(c, t), base, &index, 1, "");
  if (c->lanes > 1)
    cg_vector_store(c, x, p, c->mask, (unsigned)ir_dtype_size(t));
  else
    LLVMBuildStore(c->b, x, p);
}

/* The innermost loop of a vector nest: full vectors, then the masked rest. (One loop whose
 * last step is masked, by a mask computed in the loop, has one body instead of two, but
 * compiled slower: 290M instructions in LLVM against 282M for the seed model's step.) */
static void vector_loop(Cg *c, CgNest *n, unsigned lanes, CgBody *body, void *ctx) {
  int d = n->rank - 1;
  int64_t len = n->dim[d], full = len / lanes, rest = len % lanes;
  c->lanes = lanes;
  if (full > 0) {
    CgLoop *l = &n->loop[d];
    cg_loop_begin(c, l, full);
    LLVMValueRef iv = l->iv;
    l->iv = LLVMBuildMul(c->b, iv, cg_i64(c, lanes), "");
    body(c, ctx, n);
    l->iv = iv;
    l->vector = true;
    cg_loop_end(c, l);
  }
  if (rest > 0) {
    c->mask = cg_lane_mask(c, lanes, rest);
    n->loop[d].iv = cg_i64(c, full * (int64_t)lanes);
    body(c, ctx, n);
    c->mask = NULL;
  }
  c->lanes = 0;
}

void cg_vnest(Cg *c, unsigned lanes, int rank, const int64_t *dim, CgBody *body, void *ctx) {
  CgNest n;
  if (rank == 0 || lanes <= 1) {
    cg_nest_begin(c, &n, rank, dim);
    body(c, ctx, &n);
    cg_nest_end(c, &n);
    return;
  }
  n.rank = rank;
  for (int d = 0; d < rank; d++) {
    n.dim[d] = dim[d];
    if (d < rank - 1)
      cg_loop_begin(c, &n.loop[d], dim[d]);
  }
  vector_loop(c, &n, lanes, body, ctx);
  for (int d = rank - 2; d >= 0; d--)
    cg_loop_end(c, &n.loop[d]);
}

LLVMValueRef cg_alloca(Cg *c, LLVMTypeRef ty) {
  LLVMBasicBlockRef here = LLVMGetInsertBlock(c->b);
  LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(c->fn);
  LLVMValueRef first = LLVMGetFirstInstruction(entry);
  if (first)
    LLVMPositionBuilderBefore(c->b, first);
  else
    LLVMPositionBuilderAtEnd(c->b, entry);
  LLVMValueRef a = LLVMBuildAlloca(c->b, ty, "acc");
  LLVMPositionBuilderAtEnd(c->b, here);
  return a;
}

/* Dims d and d+1 merge when every stride set steps over dim d+1 exactly as one step of d. */
static bool mergeable(int d, const int64_t *dim, int64_t (*strides)[IR_MAX_RANK], int ns) {
  for (int s = 0; s < ns; s++)
    if (strides[s][d] != strides[s][d + 1] * dim[d + 1])
      return false;
  return true;
}

/* Drops dims of extent 1: they add nothing to any index. */
static int squeeze(int rank, int64_t *dim, int64_t (*strides)[IR_MAX_RANK], int ns) {
  int r = 0;
  for (int d = 0; d < rank; d++) {
    if (dim[d] == 1)
      continue;
    dim[r] = dim[d];
    for (int s = 0; s < ns; s++)
      strides[s][r] = strides[s][d];
    r++;
  }
  return r;
}

int cg_collapse(int rank, int64_t *dim, int64_t (*strides)[IR_MAX_RANK], int nstrides) {
  rank = squeeze(rank, dim, strides, nstrides);
  int d = rank - 2;
  while (d >= 0) {
    if (mergeable(d, dim, strides, nstrides)) {
      dim[d] *= dim[d + 1];
      for (int s = 0; s < nstrides; s++)
        strides[s][d] = strides[s][d + 1];
      for (int k = d + 1; k + 1 < rank; k++) {
        dim[k] = dim[k + 1];
        for (int s = 0; s < nstrides; s++)
          strides[s][k] = strides[s][k + 1];
      }
      rank--;
    }
    d--;
  }
  return rank;
}

enum {
  ROW_TASKS = 8,               /* tasks of a split elementwise kernel: with two threads taking
                                  them one at a time, a preempted thread holds up one eighth */
  ROW_TASK_ELEMENTS = 1 << 17, /* fewer elements run whole: waking a worker costs tens of
                                  microseconds, what an update of this many takes */
};

int64_t cg_row_chunk(int64_t R, int64_t numel, int64_t unit) {
  if (numel < ROW_TASK_ELEMENTS || R < 2 * unit)
    return 0;
  int64_t rows = (R + ROW_TASKS - 1) / ROW_TASKS;
  return (rows + unit - 1) / unit * unit;
}

LLVMBasicBlockRef cg_if_task(Cg *c, const CgRange *range, LLVMValueRef t) {
  LLVMValueRef in = LLVMBuildAnd(c->b, LLVMBuildICmp(c->b, LLVMIntSGE, t, range->begin, ""),
                                 LLVMBuildICmp(c->b, LLVMIntSLT, t, range->end, ""), "");
  LLVMBasicBlockRef run = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "task");
  LLVMBasicBlockRef skip = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "task.end");
  LLVMBuildCondBr(c->b, in, run, skip);
  LLVMPositionBuilderAtEnd(c->b, run);
  return skip;
}

void cg_if_end(Cg *c, LLVMBasicBlockRef after) {
  LLVMBuildBr(c->b, after);
  LLVMPositionBuilderAtEnd(c->b, after);
}

/* Task t (an i64 value) of `rows` rows from row t * chunk, if t is in range. */
static void row_task(Cg *c, const CgRange *range, LLVMValueRef t, int64_t chunk, int64_t rows,
                     CgRows *body, void *ctx) {
  LLVMBasicBlockRef after = cg_if_task(c, range, t);
  body(c, ctx, LLVMBuildMul(c->b, t, cg_i64(c, chunk), ""), rows);
  cg_if_end(c, after);
}

void cg_row_tasks(Cg *c, const CgRange *range, int64_t R, int64_t chunk, CgRows *body,
                  void *ctx) {
  int64_t full = R / chunk, last = R % chunk;
  if (full > 0) {
    CgLoop l;
    cg_loop_begin(c, &l, full);
    row_task(c, range, l.iv, chunk, chunk, body, ctx);
    l.vector = true;
    cg_loop_end(c, &l);
  }
  if (last > 0)
    row_task(c, range, cg_i64(c, full), chunk, last, body, ctx);
}
