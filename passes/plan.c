/* plan.c — scratch memory plan by liveness (pass_plan).
 *
 * Contract.
 *   Does: gives every value that is not a leaf (INPUT/PARAM/STATE/CONST) and not an ASSIGN
 *     (and not a register-only group member, below) a byte offset into one scratch arena, 64-byte aligned, and sets g->scratch_bytes to
 *     the arena's size and g->planned. Leaves, CONSTs and ASSIGNs get offset -1.
 *     A value lives from its definition to its last use (an ASSIGN reading it counts as a
 *     use); an output lives to the end of the function. Two values share bytes only when
 *     their lifetimes do not overlap; in particular a value never shares with its operands.
 *     With PASS_NO_PLAN in cx->disabled every value gets its own slot instead.
 *     Fusion groups (pass_fuse): a member that no value outside its group reads, that is not
 *     an output and not the group's matmul head lives in registers and gets offset -1. A
 *     group is one kernel, so every buffer it reads or writes lives across the whole group:
 *     none shares bytes with another (the kernel's pointers are all noalias).
 *   Requires: a verified graph in SSA order.
 *   Preserves: the graph's values, ids and outputs.
 *   Invalidates: nothing; any later pass that adds or removes values clears g->planned.
 *
 * Algorithm: walk values in id order; before placing value i, release the blocks of the
 * values whose last use is before i (merging neighbours); place i in the smallest free
 * block that fits (best fit, lowest offset on ties), else grow the arena, reusing a free
 * block that ends at the top. Free blocks are kept sorted by offset.
 */
#include <string.h>

#include "passes.h"

enum { ALIGN = 64 };

typedef struct {
  int64_t off, size;
} Block;

typedef struct {
  Block *free;      /* sorted by offset, never adjacent (merged) */
  int nfree;        /* at most one per placed value */
  int64_t top;      /* arena size so far */
} Arena64;

static bool in_scratch(const Value *v) {
  return !(ir_op_flags(v->op) & OPF_LEAF) && v->op != OP_ASSIGN;
}

/* reg[i]: value i is a fusion-group member that lives only in registers: not a matmul head,
 * not an output, read by no value outside its group. */
static void registers(const Graph *g, bool *reg) {
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    reg[i] = v->group && in_scratch(v) && v->op != OP_MATMUL;
  }
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    for (int k = 0; k < v->nargs; k++)
      if (v->args[k]->group != v->group)
        reg[v->args[k]->id] = false;
  }
  for (int i = 0; i < g->noutputs; i++)
    reg[g->outputs[i]->id] = false;
}

/* A group runs as one kernel: whatever it reads or writes in memory is live across all of it,
 * so last[] of its external operands and of its members reaches the group's last value. */
static void group_lifetimes(const Graph *g, int *last) {
  for (int i = 0; i < g->nvalues;) {
    int grp = g->values[i]->group, end = i + 1;
    while (grp && end < g->nvalues && g->values[end]->group == grp)
      end++;
    for (int j = i; grp && j < end; j++) {
      const Value *v = g->values[j];
      if (last[j] < end - 1)
        last[j] = end - 1;
      for (int k = 0; k < v->nargs; k++)
        if (last[v->args[k]->id] < end - 1)
          last[v->args[k]->id] = end - 1;
    }
    i = end;
  }
}

static int64_t bytes_of(const Value *v) {
  int64_t n = ir_numel(v->shape) * (int64_t)ir_dtype_size(v->dtype);
  if (n < 1)
    n = 1;
  return (n + ALIGN - 1) / ALIGN * ALIGN;
}

/* last[i]: the id of value i's last use, nvalues for outputs, i when unused. */
static void lifetimes(const Graph *g, int *last) {
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    last[i] = i;
    for (int j = 0; j < v->nargs; j++)
      last[v->args[j]->id] = i;
  }
  for (int i = 0; i < g->noutputs; i++)
    last[g->outputs[i]->id] = g->nvalues;
  group_lifetimes(g, last);
}

static void release(Arena64 *a, int64_t off, int64_t size) {
  int i = 0;
  while (i < a->nfree && a->free[i].off < off)
    i++;
  memmove(&a->free[i + 1], &a->free[i], (size_t)(a->nfree - i) * sizeof *a->free);
  a->free[i] = (Block){off, size};
  a->nfree++;
  if (i + 1 < a->nfree && a->free[i].off + a->free[i].size == a->free[i + 1].off) {
    a->free[i].size += a->free[i + 1].size;
    memmove(&a->free[i + 1], &a->free[i + 2], (size_t)(a->nfree - i - 2) * sizeof *a->free);
    a->nfree--;
  }
  if (i > 0 && a->free[i - 1].off + a->free[i - 1].size == a->free[i].off) {
    a->free[i - 1].size += a->free[i].size;
    memmove(&a->free[i], &a->free[i + 1], (size_t)(a->nfree - i - 1) * sizeof *a->free);
    a->nfree--;
  }
}

static void take(Arena64 *a, int i, int64_t size) {
  a->free[i].off += size;
  a->free[i].size -= size;
  if (a->free[i].size == 0) {
    memmove(&a->free[i], &a->free[i + 1], (size_t)(a->nfree - i - 1) * sizeof *a->free);
    a->nfree--;
  }
}

static int64_t place(Arena64 *a, int64_t size) {
  int best = -1;
  for (int i = 0; i < a->nfree; i++)
    if (a->free[i].size >= size && (best < 0 || a->free[i].size < a->free[best].size))
      best = i;
  if (best >= 0) {
    int64_t off = a->free[best].off;
    take(a, best, size);
    return off;
  }
  int last = a->nfree - 1;
  if (last >= 0 && a->free[last].off + a->free[last].size == a->top) {
    int64_t off = a->free[last].off;
    a->top = off + size;
    a->nfree--;
    return off;
  }
  a->top += size;
  return a->top - size;
}

/* head[t]: the values whose last use is t, chained through next[]; they are released
 * before value t + 1 is placed. */
static void plan_live(Graph *g, const int *last, int *head, int *next, Block *blocks,
                      const bool *reg) {
  Arena64 a = {.free = blocks};
  for (int i = 0; i <= g->nvalues; i++)
    head[i] = -1;
  for (int i = 0; i < g->nvalues; i++) {
    if (i > 0)
      for (int d = head[i - 1]; d >= 0; d = next[d])
        release(&a, g->values[d]->offset, bytes_of(g->values[d]));
    Value *v = g->values[i];
    v->offset = -1;
    if (!in_scratch(v) || reg[i])
      continue;
    v->offset = place(&a, bytes_of(v));
    next[i] = head[last[i]];
    head[last[i]] = i;
  }
  g->scratch_bytes = a.top;
}

static void plan_flat(Graph *g, const bool *reg) {
  int64_t top = 0;
  for (int i = 0; i < g->nvalues; i++) {
    Value *v = g->values[i];
    v->offset = -1;
    if (in_scratch(v) && !reg[i]) {
      v->offset = top;
      top += bytes_of(v);
    }
  }
  g->scratch_bytes = top;
}

nnc_status pass_plan(Graph *g, PassCtx *cx) {
  g->planned = false;
  size_t n = (size_t)g->nvalues + 1;
  bool *reg = base_calloc(n, sizeof *reg);
  int *ints = base_calloc(3 * n, sizeof *ints);      /* last | head | next */
  Block *blocks = base_calloc(n, sizeof *blocks);   /* at most one free block per value */
  if (!reg || !ints || !blocks) {
    base_free(reg);
    base_free(ints);
    base_free(blocks);
    return base_error(NNC_ERR_NOMEM, "plan: out of memory");
  }
  registers(g, reg);
  if (cx && (cx->disabled & PASS_NO_PLAN)) {
    plan_flat(g, reg);
  } else {
    lifetimes(g, ints);
    plan_live(g, ints, ints + n, ints + 2 * n, blocks, reg);
  }
  base_free(reg);
  base_free(ints);
  base_free(blocks);
  g->planned = true;
  return NNC_OK;
}
