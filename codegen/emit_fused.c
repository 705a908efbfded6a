/* emit_fused.c — a fusion group (pass_fuse) as one kernel.
 *
 * The group's values [first, end) share one iteration space, the shape of its values. With a
 * MATMUL head, cg_emit_matmul accumulates C in the head's buffer and calls the epilogue on
 * each finished block, while it is hot in cache; the epilogue runs the rest of the group over
 * that block (its loops merged into one where every buffer the group indexes walks the
 * block contiguously, as a run of whole rows of C does: a loop per row would end each row
 * with a masked vector whose store the next row's loads overlap, stalling on store
 * forwarding; the head's operands, read by the matmul alone, do not count). Without a
 * head, one loop nest runs the whole group per element. Per element, the members run in
 * SSA order: an operand from the group is the register computed just before, anything else
 * is loaded from its buffer (strides broadcast it; a CONST is a constant); a member with a
 * buffer (pass_plan gave it one: it is read outside the group or is an output) is stored;
 * an ASSIGN stores into its target at that element. Loads are emitted where each member
 * uses them, after any earlier ASSIGN's store, so a read of an assigned target sees the
 * value sequential semantics give it. Every buffer is one noalias
 * parameter, however many members read or write it (pass_plan keeps them all apart).
 * A RESHAPE member is a view: it loads its operand's element at the same row-major index.
 * A SUM/MEAN member (a bias gradient beside its dZ, a loss's mean) is zeroed before the
 * sweep, accumulates each element of its operand, and a MEAN is divided after the sweep,
 * as emit_reduce.c does; pass_fuse lets in only reductions that keep the last axis (longer
 * than 1), whose terms both add in row order. With a MATMUL head this happens per column
 * panel (the epilogue's panel hook): the panel owns its columns of the result, and its
 * blocks come in increasing row order, so panels can run on any threads in any grouping.
 * The scalar ops are emit_elementwise.c's (cg_scalar_op): a fused element computes exactly
 * what the unfused kernels would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/DebugInfo.h>

#include "cg.h"

typedef struct {
  Cg *c;
  int first, end;              /* the group's value ids */
  Shape space;
  const Value *const *buf;     /* the kernel's buffers: their values */
  LLVMValueRef *ptr;           /* and their parameters */
  int nbuf;
  int64_t (*stride)[IR_MAX_RANK]; /* per buffer, over the space's dims (broadcast: 0) */
  int64_t (*bstride)[IR_MAX_RANK]; /* per buffer, over one epilogue block's merged dims */
  LLVMValueRef *idx;           /* per buffer: the current element's index */
  LLVMValueRef *reg;           /* per member: its scalar at the current element */
} Fu;

static int buffer_of(const Fu *f, const Value *v) {
  for (int b = 0; b < f->nbuf; b++)
    if (f->buf[b] == v)
      return b;
  return -1;
}

static LLVMValueRef operand(Fu *f, const Value *v, int k) {
  const Value *a = v->args[k];
  if (a->group == v->group && a->id >= f->first && a->id < f->end)
    return f->reg[a->id - f->first];
  if (a->op == OP_CONST)
    return cg_const(f->c, a->dtype, a->num);
  int b = buffer_of(f, a);
  if (b < 0) {
    fprintf(stderr, "%s:%d: %%%d reads %%%d, which has no buffer\n", __FILE__, __LINE__, v->id,
            a->id);
    abort();
  }
  Operand o = {.dt = a->dtype, .base = f->ptr[b]};
  return cg_load(f->c, &o, f->idx[b]);
}

static void store(Fu *f, const Value *dst, LLVMValueRef x) {
  int b = buffer_of(f, dst);
  if (b >= 0)
    cg_store(f->c, dst->dtype, f->ptr[b], f->idx[b], x);
}

static bool is_reduce(const Value *v) {
  return (ir_op_flags(v->op) & OPF_REDUCE) != 0;
}

/* A SUM/MEAN member adds the element of its operand into its result element; in the order
 * the sweep visits them, which for every result element is the unfused kernel's order. */
static void accumulate(Fu *f, const Value *v) {
  int b = buffer_of(f, v);
  if (b < 0)
    return; /* read by nobody */
  Operand o = {.dt = v->dtype, .base = f->ptr[b]};
  LLVMValueRef acc = cg_load(f->c, &o, f->idx[b]), x = operand(f, v, 0);
  acc = v->dtype == DT_I32 ? LLVMBuildAdd(f->c->b, acc, x, "") : LLVMBuildFAdd(f->c->b, acc, x, "");
  cg_store(f->c, v->dtype, f->ptr[b], f->idx[b], acc);
}

/* Zeroes the reductions' result element at idx before the sweep, or divides a MEAN's after. */
static void reduction_at(Fu *f, int b, bool end, LLVMValueRef idx) {
  Cg *c = f->c;
  const Value *v = f->buf[b];
  LLVMValueRef x = cg_const(c, v->dtype, 0);
  if (end) {
    int64_t n = ir_numel(v->shape), count = ir_numel(f->space) / (n > 0 ? n : 1);
    Operand o = {.dt = v->dtype, .base = f->ptr[b]};
    LLVMValueRef k = cg_const(c, v->dtype, (double)count);
    x = cg_load(c, &o, idx);
    x = v->dtype == DT_I32 ? LLVMBuildSDiv(c->b, x, k, "") : LLVMBuildFDiv(c->b, x, k, "");
  }
  cg_store(c, v->dtype, f->ptr[b], idx, x);
}

static bool group_reduction(const Fu *f, int b, bool end) {
  const Value *v = f->buf[b];
  return is_reduce(v) && v->group == f->c->g->values[f->first]->group &&
         (!end || v->op == OP_MEAN);
}

/* Zeroes the reductions' results before the sweep or divides the MEANs after it (end). */
static void reductions(Fu *f, bool end) {
  for (int b = 0; b < f->nbuf; b++) {
    if (!group_reduction(f, b, end))
      continue;
    CgLoop l;
    cg_loop_begin(f->c, &l, ir_numel(f->buf[b]->shape));
    reduction_at(f, b, end, l.iv);
    cg_loop_end(f->c, &l);
  }
}

/* The panel hook: the same for the result elements of the columns [j0, j0+cols) of the
 * [M,N] space (all its rows when a reduction keeps them, which the fuse pass allows). */
static void panel(Cg *c, void *ctx, LLVMValueRef j0, int64_t cols, bool end) {
  Fu *f = ctx;
  for (int b = 0; b < f->nbuf; b++) {
    if (!group_reduction(f, b, end))
      continue;
    int64_t dim[2] = {f->stride[b][0] ? f->space.dim[0] : 1, cols};
    LLVMValueRef base = LLVMBuildMul(c->b, j0, cg_i64(c, f->stride[b][1]), "");
    CgNest n;
    cg_nest_begin(c, &n, 2, dim);
    reduction_at(f, b, end, LLVMBuildAdd(c->b, base, cg_nest_index(c, &n, f->stride[b]), ""));
    cg_nest_end(c, &n);
  }
}

/* The group at one element; f->idx holds every buffer's index of it. */
static void element(Fu *f) {
  const Graph *g = f->c->g;
  for (int i = f->first; i < f->end; i++) {
    const Value *v = g->values[i];
    LLVMValueRef x[IR_MAX_ARGS] = {NULL, NULL, NULL};
    if (v->op == OP_MATMUL) { /* the head: its sum is final in its buffer */
      int b = buffer_of(f, v);
      Operand o = {.dt = v->dtype, .base = f->ptr[b]};
      f->reg[i - f->first] = cg_load(f->c, &o, f->idx[b]);
    } else if (v->op == OP_ASSIGN) {
      store(f, v->args[0], operand(f, v, 1));
    } else if (ir_op_flags(v->op) & OPF_REDUCE) {
      accumulate(f, v);
    } else if (v->op == OP_RESHAPE) { /* a view: its operand in the space's order */
      f->reg[i - f->first] = operand(f, v, 0);
      store(f, v, f->reg[i - f->first]);
    } else {
      for (int k = 0; k < v->nargs; k++)
        x[k] = operand(f, v, k);
      f->reg[i - f->first] = cg_scalar_op(f->c, v, x);
      store(f, v, f->reg[i - f->first]);
    }
  }
}

/* A reduction's result element for each element of the space: its reduced axes step 0. */
static void reduce_strides(const Value *v, Shape space, int64_t *stride) {
  int64_t acc = 1;
  for (int d = space.rank - 1; d >= 0; d--) {
    bool red = v->axes >> d & 1u;
    stride[d] = red ? 0 : acc;
    acc *= red ? 1 : space.dim[d];
  }
}

/* Is v the operand of a RESHAPE member (read in the space's row-major order)? */
static bool viewed(const Fu *f, const Value *v) {
  for (int i = f->first; i < f->end; i++)
    if (f->c->g->values[i]->op == OP_RESHAPE && f->c->g->values[i]->args[0] == v)
      return true;
  return false;
}

/* Each buffer's strides over the space; a head's operand that does not broadcast to it is
 * never indexed by the group (zeros). */
static void strides(Fu *f) {
  for (int b = 0; b < f->nbuf; b++) {
    Operand o;
    Shape out;
    if (viewed(f, f->buf[b])) {
      int64_t st = 1;
      for (int d = f->space.rank - 1; d >= 0; d--) {
        f->stride[b][d] = st;
        st *= f->space.dim[d];
      }
      continue;
    }
    if (is_reduce(f->buf[b]) && f->buf[b]->group == f->c->g->values[f->first]->group) {
      reduce_strides(f->buf[b], f->space, f->stride[b]);
      continue;
    }
    if (f->buf[b]->shape.rank > f->space.rank ||
        !ir_broadcast_shape(f->buf[b]->shape, f->space, &out) || !ir_shape_eq(out, f->space))
      continue;
    cg_operand(f->c, &o, f->buf[b], f->space, NULL);
    for (int d = 0; d < f->space.rank; d++)
      f->stride[b][d] = o.stride[d];
  }
}

static LLVMMetadataRef md_string(Cg *c, const char *s) {
  return LLVMMDStringInContext2(c->ctx, s, strlen(s));
}

/* Ends a nest; its innermost loop asks the vectorizer to fold the tail into masked vector
 * iterations: one loop body to compile instead of a vector body, a vector epilogue and a
 * scalar remainder (fused chains are long: exp, log, sqrt, divisions). Each lane computes
 * what the scalar loop would, so the results do not change. */
static void nest_end(Cg *c, CgNest *n) {
  for (int d = n->rank - 1; d >= 0; d--) {
    CgLoop *l = &n->loop[d];
    LLVMBasicBlockRef latch = d == n->rank - 1 && l->n > 1 ? LLVMGetInsertBlock(c->b) : NULL;
    cg_loop_end(c, l);
    if (!latch)
      continue;
    LLVMMetadataRef unroll = md_string(c, "llvm.loop.unroll.disable");
    LLVMMetadataRef fold[2] = {md_string(c, "llvm.loop.vectorize.predicate.enable"),
                               LLVMValueAsMetadata(LLVMConstInt(c->t_i1, 1, 0))};
    LLVMMetadataRef self = LLVMTemporaryMDNode(c->ctx, NULL, 0);
    LLVMMetadataRef ops[3] = {self, LLVMMDNodeInContext2(c->ctx, &unroll, 1),
                              LLVMMDNodeInContext2(c->ctx, fold, 2)};
    LLVMMetadataRef loop = LLVMMDNodeInContext2(c->ctx, ops, 3);
    LLVMMetadataReplaceAllUsesWith(self, loop);
    unsigned kind = LLVMGetMDKindIDInContext(c->ctx, "llvm.loop", 9);
    LLVMSetMetadata(LLVMGetBasicBlockTerminator(latch), kind, LLVMMetadataAsValue(c->ctx, loop));
  }
}

/* No head: one loop nest over the space, dims merged where every buffer allows. */
static void loop_nest(Fu *f) {
  int64_t dim[IR_MAX_RANK];
  for (int d = 0; d < f->space.rank; d++)
    dim[d] = f->space.dim[d];
  int rank = cg_collapse(f->space.rank, dim, f->stride, f->nbuf);
  CgNest n;
  cg_nest_begin(f->c, &n, rank, dim);
  for (int b = 0; b < f->nbuf; b++)
    f->idx[b] = cg_nest_index(f->c, &n, f->stride[b]);
  element(f);
  nest_end(f->c, &n);
}

/* Does the epilogue index buffer v? Operands of the MATMUL head are read by the matmul
 * alone, unless another member reads them too. */
static bool indexed(const Fu *f, const Value *v) {
  for (int i = f->first; i < f->end; i++) {
    const Value *w = f->c->g->values[i];
    if (w == v)
      return true;
    for (int k = 0; w->op != OP_MATMUL && k < w->nargs; k++)
      if (w->args[k] == v)
        return true;
  }
  return false;
}

/* The epilogue: rows [i0, i0+rows) x columns [j0, j0+cols) of the [M,N] space. */
static void block(Cg *c, void *ctx, LLVMValueRef i0, int64_t rows, LLVMValueRef j0,
                  int64_t cols) {
  Fu *f = ctx;
  for (int b = 0; b < f->nbuf; b++) { /* the block's corner, before its loops */
    LLVMValueRef r = LLVMBuildMul(c->b, i0, cg_i64(c, f->stride[b][0]), "");
    LLVMValueRef s = LLVMBuildMul(c->b, j0, cg_i64(c, f->stride[b][1]), "");
    f->idx[b] = LLVMBuildAdd(c->b, r, s, "");
  }
  int64_t dim[2] = {rows, cols};
  for (int b = 0; b < f->nbuf; b++)
    if (indexed(f, f->buf[b]))
      memcpy(f->bstride[b], f->stride[b], sizeof f->stride[b]);
  int rank = cg_collapse(2, dim, f->bstride, f->nbuf);
  CgNest n;
  cg_nest_begin(c, &n, rank, dim);
  for (int b = 0; b < f->nbuf; b++)
    f->idx[b] = LLVMBuildAdd(c->b, f->idx[b], cg_nest_index(c, &n, f->bstride[b]), "");
  element(f);
  nest_end(c, &n);
}

int64_t cg_fused_tasks(Cg *c, int first) {
  return cg_matmul_tasks(c, c->g->values[first]);
}

void cg_emit_fused(Cg *c, int first, int end, const Value *const *buf, LLVMValueRef *ptr,
                   int nbuf, const CgRange *range) {
  const Value *head = c->g->values[first];
  Fu f = {.c = c, .first = first, .end = end, .space = head->shape, .buf = buf, .ptr = ptr,
          .nbuf = nbuf};
  f.stride = ir_calloc((size_t)nbuf + 1, sizeof *f.stride);
  f.bstride = ir_calloc((size_t)nbuf + 1, sizeof *f.bstride);
  f.idx = ir_calloc((size_t)nbuf + 1, sizeof *f.idx);
  f.reg = ir_calloc((size_t)(end - first), sizeof *f.reg);
  if (!f.stride || !f.bstride || !f.idx || !f.reg) {
    cg_fail(c, NNC_ERR_NOMEM, "codegen: out of memory");
  } else if (head->op == OP_MATMUL) {
    strides(&f);
    LLVMValueRef args[IR_MAX_ARGS] = {NULL, NULL, NULL};
    for (int k = 0; k < head->nargs; k++) {
      int b = buffer_of(&f, head->args[k]);
      args[k] = b >= 0 ? ptr[b] : NULL;
    }
    CgEpilogue ep = {block, panel, &f};
    cg_emit_matmul(c, head, ptr[buffer_of(&f, head)], args, &ep, range);
  } else {
    strides(&f);
    reductions(&f, false);
    loop_nest(&f);
    reductions(&f, true);
  }
  ir_free(f.stride);
  ir_free(f.bstride);
  ir_free(f.idx);
  ir_free(f.reg);
}
