/* emit_fused.c — a fusion group (pass_fuse) as one kernel.
 *
 * The group's values [first, end) share one iteration space, the shape of its values. With a
 * MATMUL head, cg_emit_matmul accumulates C in the head's buffer and calls the epilogue on
 * each finished block, while it is hot in cache; the epilogue runs the rest of the group over
 * that block (its loops merged into one where every buffer the group indexes walks the
 * block contiguously, as a run of whole rows of C does: a loop per row would end each row
 * with a masked vector whose store the next row's loads overlap, stalling on store
 * forwarding; the head's operands, read by the matmul alone, do not count). Without a
 * head, one loop nest runs the whole group per element, or, split for threads (a large 2-D
 * group without reductions: an optimizer's update of a big weight), the epilogue's block
 * runs each task's rows. Per element, the members run in
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
  int64_t *lane;               /* per buffer: elements between lanes in the current nest */
  bool *written;               /* per buffer: stored, assigned or accumulated by the group */
  unsigned lanes;              /* of a vector body over the group's values */
  LLVMValueRef *corner;        /* per buffer: index of an epilogue block's first element */
  LLVMValueRef *idx;           /* per buffer: the current element's index */
  LLVMValueRef *reg;           /* per member: its value at the current element (or lanes) */
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
  NNC_ASSERT(b >= 0); /* the planner gave every value read outside its group a buffer */
  Operand o = {.dt = a->dtype, .base = f->ptr[b], .lane = f->lane[b]};
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
  Operand o = {.dt = v->dtype, .base = f->ptr[b], .lane = f->lane[b]};
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
    Operand o = {.dt = v->dtype, .base = f->ptr[b], .lane = 1};
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

typedef struct {
  Fu *f;
  int b;                       /* the reduction's buffer */
  bool end;
  LLVMValueRef base;           /* index of the nest's first element, or NULL for 0 */
  const int64_t *stride;       /* the buffer's, over the nest */
} Red;

static void reduction_body(Cg *c, void *ctx, const CgNest *n) {
  Red *r = ctx;
  LLVMValueRef idx = cg_nest_index(c, n, r->stride);
  reduction_at(r->f, r->b, r->end, r->base ? LLVMBuildAdd(c->b, r->base, idx, "") : idx);
}

/* Zeroes the reductions' results before the sweep or divides the MEANs after it (end). */
static void reductions(Fu *f, bool end) {
  static const int64_t unit[1] = {1};
  for (int b = 0; b < f->nbuf; b++) {
    if (!group_reduction(f, b, end))
      continue;
    Red r = {f, b, end, NULL, unit};
    int64_t n = ir_numel(f->buf[b]->shape);
    cg_vnest(f->c, f->lanes, 1, &n, reduction_body, &r);
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
    Red r = {f, b, end, LLVMBuildMul(c->b, j0, cg_i64(c, f->stride[b][1]), ""), f->stride[b]};
    cg_vnest(c, f->stride[b][1] == 1 ? f->lanes : 1, 2, dim, reduction_body, &r);
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
      Operand o = {.dt = v->dtype, .base = f->ptr[b], .lane = f->lane[b]};
      f->reg[i - f->first] = cg_load(f->c, &o, f->idx[b]);
    } else if (v->op == OP_ASSIGN) {
      LLVMValueRef val = operand(f, v, 1);
      store(f, v->args[0], val);
      if (cg_guards(v))
        cg_guard_note(f->c, val);
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

/* Lanes for a nest in which buffer b steps stride[b][rank-1] elements along the innermost
 * loop: the group's, unless a buffer it writes is not contiguous there (then scalar, and
 * the loop is left to LLVM's vectorizer). Sets f->lane. */
static unsigned nest_lanes(Fu *f, int64_t (*stride)[IR_MAX_RANK], int rank) {
  bool contiguous = true;
  for (int b = 0; b < f->nbuf; b++) {
    f->lane[b] = rank > 0 ? stride[b][rank - 1] : 0;
    contiguous = contiguous && (!f->written[b] || rank == 0 || f->lane[b] == 1);
  }
  if (!contiguous)
    f->c->loop_vectorize = true;
  return contiguous ? f->lanes : 1;
}

static void nest_body(Cg *c, void *ctx, const CgNest *n) {
  Fu *f = ctx;
  for (int b = 0; b < f->nbuf; b++) {
    LLVMValueRef i = cg_nest_index(c, n, f->bstride[b]);
    f->idx[b] = f->corner[b] ? LLVMBuildAdd(c->b, f->corner[b], i, "") : i;
  }
  element(f);
}

/* No head: one loop nest over the space, dims merged where every buffer allows. */
static void loop_nest(Fu *f) {
  int64_t dim[IR_MAX_RANK];
  for (int d = 0; d < f->space.rank; d++)
    dim[d] = f->space.dim[d];
  memcpy(f->bstride, f->stride, sizeof *f->stride * (size_t)f->nbuf);
  int rank = cg_collapse(f->space.rank, dim, f->bstride, f->nbuf);
  cg_vnest(f->c, nest_lanes(f, f->bstride, rank), rank, dim, nest_body, f);
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
    f->corner[b] = LLVMBuildAdd(c->b, r, s, "");
  }
  int64_t dim[2] = {rows, cols};
  for (int b = 0; b < f->nbuf; b++)
    if (indexed(f, f->buf[b]))
      memcpy(f->bstride[b], f->stride[b], sizeof f->stride[b]);
    else
      memset(f->bstride[b], 0, sizeof f->bstride[b]);
  int rank = cg_collapse(2, dim, f->bstride, f->nbuf);
  cg_vnest(c, nest_lanes(f, f->bstride, rank), rank, dim, nest_body, f);
}

/* Which buffers the group writes, and the lanes of a vector body over its values. */
static void writes(Fu *f) {
  const Graph *g = f->c->g;
  for (int i = f->first; i < f->end; i++) {
    const Value *v = g->values[i];
    int b = buffer_of(f, v->op == OP_ASSIGN ? v->args[0] : v);
    if (b >= 0 && v->op != OP_MATMUL)
      f->written[b] = true;
  }
  unsigned members =
      cg_lanes_for(f->c, (const Value *const *)&g->values[f->first], f->end - f->first);
  unsigned buffers = cg_lanes_for(f->c, f->buf, f->nbuf);
  f->lanes = members < buffers ? members : buffers;
}

/* Whether the group from `first` has a reduction: then its MATMUL head's epilogue needs the
 * panel hook, which sees each panel's rows in one task (no split by rows). */
static bool group_reduces(const Graph *g, int first) {
  int group = g->values[first]->group;
  for (int i = first + 1; i < g->nvalues && g->values[i]->group == group; i++)
    if (is_reduce(g->values[i]))
      return true;
  return false;
}

/* Rows per task of a group without a MATMUL head: a 2-D one without reductions splits into
 * runs of rows (cg_row_chunk); 0: it runs whole. */
static int64_t rows_per_task(const Graph *g, int first) {
  Shape s = g->values[first]->shape;
  return s.rank == 2 && !group_reduces(g, first) ? cg_row_chunk(s.dim[0], ir_numel(s), 1) : 0;
}

int64_t cg_fused_tasks(Cg *c, int first) {
  const Value *head = c->g->values[first];
  if (head->op == OP_MATMUL)
    return cg_matmul_tasks(c, head, !group_reduces(c->g, first));
  int64_t chunk = rows_per_task(c->g, first);
  return chunk ? (head->shape.dim[0] + chunk - 1) / chunk : 0;
}

/* Rows [r0, r0 + rows) of a group without a head: the epilogue's block over whole rows. */
static void rows(Cg *c, void *ctx, LLVMValueRef r0, int64_t n) {
  Fu *f = ctx;
  block(c, f, r0, n, cg_i64(c, 0), f->space.dim[1]);
}

void cg_emit_fused(Cg *c, int first, int end, const Value *const *buf, LLVMValueRef *ptr,
                   int nbuf, const CgRange *range) {
  const Value *head = c->g->values[first];
  Fu f = {.c = c, .first = first, .end = end, .space = head->shape, .buf = buf, .ptr = ptr,
          .nbuf = nbuf};
  f.stride = base_calloc((size_t)nbuf + 1, sizeof *f.stride);
  f.bstride = base_calloc((size_t)nbuf + 1, sizeof *f.bstride);
  f.lane = base_calloc((size_t)nbuf + 1, sizeof *f.lane);
  f.written = base_calloc((size_t)nbuf + 1, sizeof *f.written);
  f.corner = base_calloc((size_t)nbuf + 1, sizeof *f.corner);
  f.idx = base_calloc((size_t)nbuf + 1, sizeof *f.idx);
  f.reg = base_calloc((size_t)(end - first), sizeof *f.reg);
  if (!f.stride || !f.bstride || !f.lane || !f.written || !f.corner || !f.idx || !f.reg) {
    cg_fail(c, NNC_ERR_NOMEM, "codegen: out of memory");
  } else if (head->op == OP_MATMUL) {
    writes(&f);
    strides(&f);
    LLVMValueRef args[IR_MAX_ARGS] = {NULL, NULL, NULL};
    for (int k = 0; k < head->nargs; k++) {
      int b = buffer_of(&f, head->args[k]);
      args[k] = b >= 0 ? ptr[b] : NULL;
    }
    CgEpilogue ep = {block, group_reduces(c->g, first) ? panel : NULL, &f};
    cg_emit_matmul(c, head, ptr[buffer_of(&f, head)], args, &ep, range);
  } else {
    writes(&f);
    strides(&f);
    reductions(&f, false);
    if (range)
      cg_row_tasks(c, range, head->shape.dim[0], rows_per_task(c->g, first), rows, &f);
    else
      loop_nest(&f);
    reductions(&f, true);
  }
  base_free(f.stride);
  base_free(f.bstride);
  base_free(f.lane);
  base_free(f.written);
  base_free(f.corner);
  base_free(f.idx);
  base_free(f.reg);
}
