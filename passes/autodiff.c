/* autodiff.c — reverse-mode differentiation: appends d loss / d wrt[i] to the graph.
 *
 * Contract.
 *   Requires: a verified graph without a sticky error; cx->loss a scalar (rank 0) f32/f64
 *     value of g; cx->wrt[0..nwrt) float values of g; cx->grads room for nwrt pointers.
 *   Does: walks the values from the loss down to the first value, seeding the loss's adjoint
 *     with const 1 and summing (ADD) the contributions each consumer's VJP (ir_vjp) gives
 *     its operands. Only values on a path from some wrt to the loss get adjoints, and what
 *     a VJP builds for an operand that needs none (a matmul's adjoint of its input x, of a
 *     constant) is removed again, so the backward pass holds no work that reaches no
 *     gradient.
 *   Produces: cx->grads[i], of wrt[i]'s dtype and shape; a zero CONST when the loss does not
 *     depend on wrt[i] (or only through ops that pass no gradient by their math: ops.def's
 *     NO_GRAD). The grads are not made outputs unless cx->grads_out (then appended to the
 *     outputs in wrt's order: data-parallel training reads them between two functions).
 *   Refuses (NNC_ERR_ARG, naming the value and op, graph unchanged): a value between the
 *     loss and a wrt whose op has no VJP. A missing gradient rule is never a zero.
 *   Preserves: every existing value, its id and the outputs (grads_out appends); new values are appended in SSA
 *     order. ASSIGNs are not differentiated through (they have no uses).
 *   Invalidates: a memory plan (g->planned), since new values have no offsets.
 */
#include "passes.h"

/* need[i]: value i depends on some wrt (forward) and the loss depends on it (backward). */
static bool *needed(const Graph *g, const PassCtx *cx) {
  int n = cx->loss->id + 1;
  bool *fwd = base_calloc((size_t)n, sizeof *fwd), *bwd = base_calloc((size_t)n, sizeof *bwd);
  if (!fwd || !bwd) {
    base_free(fwd);
    base_free(bwd);
    return NULL;
  }
  for (int i = 0; i < cx->nwrt; i++)
    if (cx->wrt[i]->id < n)
      fwd[cx->wrt[i]->id] = true;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < g->values[i]->nargs; k++)
      fwd[i] = fwd[i] || fwd[g->values[i]->args[k]->id];
  bwd[n - 1] = true;
  for (int i = n - 1; i >= 0; i--)
    for (int k = 0; bwd[i] && k < g->values[i]->nargs; k++)
      bwd[g->values[i]->args[k]->id] = true;
  for (int i = 0; i < n; i++)
    fwd[i] = fwd[i] && bwd[i];
  base_free(bwd);
  return fwd;
}

static bool in_graph(const Graph *g, const Value *v) {
  return v && v->id >= 0 && v->id < g->nvalues && g->values[v->id] == v;
}

static nnc_status check(const Graph *g, const PassCtx *cx) {
  if (!g || !cx)
    return base_error(NNC_ERR_ARG, "autodiff: NULL graph or context");
  if (g->status != NNC_OK)
    return base_error(g->status, "%s", g->msg);
  const Value *l = cx->loss;
  if (!in_graph(g, l))
    return base_error(NNC_ERR_ARG, "autodiff: the loss is not a value of this graph");
  if (l->shape.rank != 0 || !ir_is_float(l->dtype) || l->op == OP_ASSIGN)
    return base_error(NNC_ERR_SHAPE, "autodiff: the loss %%%d must be a float scalar", l->id);
  if (cx->nwrt < 0 || (cx->nwrt > 0 && (!cx->wrt || !cx->grads)))
    return base_error(NNC_ERR_ARG, "autodiff: bad wrt/grads arrays");
  for (int i = 0; i < cx->nwrt; i++) {
    if (!in_graph(g, cx->wrt[i]))
      return base_error(NNC_ERR_ARG, "autodiff: wrt[%d] is not a value of this graph", i);
    if (!ir_is_float(cx->wrt[i]->dtype))
      return base_error(NNC_ERR_TYPE, "autodiff: wrt[%d] (%%%d) is %s, not a float", i,
                      cx->wrt[i]->id, ir_dtype_name(cx->wrt[i]->dtype));
  }
  return NNC_OK;
}

/* adj[a] += d, building the sum as IR. */
static void accumulate(Graph *g, Value **adj, const Value *a, Value *d) {
  adj[a->id] = adj[a->id] ? ir_binary(g, OP_ADD, adj[a->id], d) : d;
}

/* Every value a gradient flows through has a VJP: checked before anything is appended, so
 * a refused graph is left as it was. */
static nnc_status differentiable(const Graph *g, const PassCtx *cx, const bool *need) {
  for (int i = cx->loss->id; i >= 0; i--) {
    const Value *v = g->values[i];
    if (need[i] && !ir_has_vjp(v->op))
      return base_error(NNC_ERR_ARG, "autodiff: %%%d (%s) lies between the loss and a value "
                        "to differentiate, but its op has no VJP in ir/ops.def",
                        v->id, ir_op_name(v->op));
  }
  return NNC_OK;
}

static nnc_status backward(Graph *g, const PassCtx *cx, const bool *need, Value **adj) {
  adj[cx->loss->id] = ir_const(g, cx->loss->dtype, cx->loss->shape, 1.0);
  for (int i = cx->loss->id; i >= 0 && g->status == NNC_OK; i--) {
    Value *v = g->values[i];
    if (!need[i] || !adj[i] || (ir_op_flags(v->op) & OPF_LEAF))
      continue;
    Value *d[IR_MAX_ARGS];
    nnc_status st = ir_vjp(g, v, adj[i], d);
    if (st != NNC_OK)
      return st;
    for (int k = 0; k < v->nargs; k++)
      if (d[k] && need[v->args[k]->id])
        accumulate(g, adj, v->args[k], d[k]);
  }
  return NNC_OK;
}

/* Removes the values appended from first on that no gradient reads: the adjoints a VJP
 * built for operands that take none. Existing values keep their ids. */
static nnc_status prune(Graph *g, const PassCtx *cx, int first) {
  bool *dead = base_calloc((size_t)g->nvalues, sizeof *dead);
  if (!dead)
    return base_error(NNC_ERR_NOMEM, "autodiff: out of memory");
  for (int i = first; i < g->nvalues; i++)
    dead[i] = true;
  for (int i = 0; i < cx->nwrt; i++)
    dead[cx->grads[i]->id] = false;
  for (int i = g->nvalues - 1; i >= first; i--)
    for (int k = 0; !dead[i] && k < g->values[i]->nargs; k++)
      dead[g->values[i]->args[k]->id] = false;
  ir_remove(g, dead);
  base_free(dead);
  return NNC_OK;
}

nnc_status pass_autodiff(Graph *g, PassCtx *cx) {
  nnc_status st = check(g, cx);
  if (st != NNC_OK)
    return st;
  int first = g->nvalues; /* the first value autodiff appends */
  bool *need = needed(g, cx);
  Value **adj = base_calloc((size_t)cx->loss->id + 1, sizeof *adj);
  if (!need || !adj) {
    base_free(need);
    base_free(adj);
    return base_error(NNC_ERR_NOMEM, "autodiff: out of memory");
  }
  st = differentiable(g, cx, need);
  if (st == NNC_OK)
    st = backward(g, cx, need, adj);
  for (int i = 0; st == NNC_OK && i < cx->nwrt && g->status == NNC_OK; i++) {
    Value *w = cx->wrt[i];
    Value *d = w->id <= cx->loss->id ? adj[w->id] : NULL;
    cx->grads[i] = d ? d : ir_const(g, w->dtype, w->shape, 0.0);
    if (cx->grads_out)
      ir_output(g, cx->grads[i]);
  }
  base_free(need);
  base_free(adj);
  g->planned = false;
  if (st != NNC_OK)
    return st;
  if (g->status != NNC_OK)
    return base_error(g->status, "autodiff: %s", g->msg);
  return prune(g, cx, first);
}
