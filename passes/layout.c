/* layout.c — a transposed copy of a matmul's A where reading it in place would alias in the
 * L1 cache (pass_layout).
 *
 * Contract.
 *   Does: for every f32 or f64 MATMUL with trans_a (not bf16) whose A is not a CONST, has
 *     at least MIN_ELEMENTS elements, and whose step along the sums (a row of the stored A:
 *     M elements) is a multiple of ALIAS_BYTES, and whose C is wider than ONE_PANEL,
 *     reads A through a TRANSPOSE value instead (one per A, shared by its matmuls) and
 *     clears trans_a.
 *   Why: the matmul kernel (codegen/emit_matmul.c) reads a transposed A one row of the stored
 *     A per step of k. When that row is a multiple of 2-4 KB, the K lines a block of C reads
 *     fall into one L1 set, and the next block, which reads the same lines, finds them gone:
 *     Task L's 1024x1024 weight gradient, whose A is the [256, 1024] activation, ran at
 *     60% of the kernel's speed elsewhere. Transposing A first costs a fraction of that
 *     (bench/DECISIONS.md). A C of one panel reads each line of A for two blocks in a row
 *     and never again, so there the copy costs more than it saves: Task L's last weight
 *     gradient, 1024x10, took 245-258 us with the copy and 206 without. The sums keep their
 *     order, so the bits do not change.
 *   Requires: a verified graph.
 *   Preserves: the values' semantics and the outputs; the graph stays in operands-first
 *     order (ir_toposort).
 *   Invalidates: ids, the plan (g->planned = false).
 */
#include "passes.h"

enum {
  ALIAS_BYTES = 2048,      /* A's rows at a multiple of this apart alias (DECISIONS.md) */
  MIN_ELEMENTS = 1 << 16,  /* a smaller A stays in L2, where the aliasing costs little */
  ONE_PANEL = 16,          /* columns of C the x86 kernels take in one panel (16 or 32) */
};

static bool aliases(const Value *v) {
  const Value *a = v->args[0];
  if (v->op != OP_MATMUL || !v->trans_a || v->bf16 || a->op == OP_CONST ||
      (a->dtype != DT_F32 && a->dtype != DT_F64))
    return false;
  int64_t row = a->shape.dim[1] * (int64_t)ir_dtype_size(a->dtype);
  return ir_numel(a->shape) >= MIN_ELEMENTS && row % ALIAS_BYTES == 0 &&
         v->shape.dim[1] > ONE_PANEL;
}

nnc_status pass_layout(Graph *g, PassCtx *cx) {
  (void)cx;
  if (!g)
    return base_error(NNC_ERR_ARG, "layout: no graph");
  int n = g->nvalues;
  bool changed = false;
  for (int i = 0; i < n; i++) {
    Value *v = g->values[i];
    if (!aliases(v))
      continue;
    Value *t = NULL; /* an earlier matmul's transpose of the same A */
    for (int j = n; j < g->nvalues && !t; j++)
      if (g->values[j]->args[0] == v->args[0])
        t = g->values[j];
    t = t ? t : ir_transpose(g, v->args[0]);
    if (!t)
      return base_error(g->status, "%s", g->msg);
    v->args[0] = t;
    v->trans_a = false;
    changed = true;
  }
  if (changed) {
    ir_toposort(g);
    g->planned = false;
  }
  return NNC_OK;
}
