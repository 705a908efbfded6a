/* passes.h — graph-to-graph transformations, one per file, one signature.
 *
 * Every pass takes the graph and a PassCtx and returns NNC_OK or an error status with a
 * message. The compile driver (driver/compile.c) lists the passes flat, in order, and runs
 * each through pass_run, which verifies the graph after it when cx->verify is set, naming
 * the pass that broke an invariant.
 */
#ifndef NNC_PASSES_H
#define NNC_PASSES_H

#include "ir.h"

enum { /* PassCtx.disabled bits: switch an optional pass off to bisect a miscompile */
  PASS_NO_SIMPLIFY = 1 << 0,
  PASS_NO_FUSE = 1 << 1,
  PASS_NO_PLAN = 1 << 2, /* every value gets its own scratch slot, nothing is reused */
  PASS_NO_LAYOUT = 1 << 3,
};

typedef struct {
  /* autodiff */
  Value *loss;               /* scalar to differentiate */
  int nwrt;
  Value **wrt;               /* differentiate with respect to these (arena or caller memory) */
  Value **grads;             /* out: grads[i] = d loss / d wrt[i], nwrt entries */
  bool grads_out;            /* and each grads[i] becomes an output, in order */
  /* optimizer lowering */
  const nnc_optimizer *opt;  /* NULL: no update */
  /* the updated value of wrt[i] goes through constrain(g, i, value, user) before it is
   * assigned (Keras's weight constraints); NULL: none */
  Value *(*constrain)(Graph *g, int i, Value *updated, void *user);
  void *user;
  int nno_decay;
  const char *const *no_decay; /* weight decay skips params whose variable name holds one */
  bool no_f64;               /* the target has no f64 arithmetic (an object for 32-bit Arm) */
  /* control */
  unsigned disabled;         /* PASS_NO_* */
  bool verify;               /* run ir_verify after every pass */
  const char *dump_after;    /* print the graph to stderr after the pass of this name */
} PassCtx;

typedef nnc_status (*PassFn)(Graph *g, PassCtx *cx);

/* autodiff.c — appends d loss / d wrt[i] for every i; values not on a path from a wrt to
 * the loss get no backward values. Requires: verified graph, scalar float loss. */
nnc_status pass_autodiff(Graph *g, PassCtx *cx);

/* optimizer.c — appends the update of every wrt from its gradient (clipping, weight decay and
 * the rule of names/optimizers.def, Keras 3's formulas) with STATE values for the optimizer's
 * memory and learning rate, as ASSIGNs. */
nnc_status pass_optimizer(Graph *g, PassCtx *cx);

/* simplify.c — constant folding, common subexpressions, dead values. */
nnc_status pass_simplify(Graph *g, PassCtx *cx);

/* layout.c — a matmul reads a transposed A from a TRANSPOSE of it where reading it in place
 * would alias in the L1 cache (rows of the stored A a multiple of 2 KB apart). Requires: a
 * verified graph. Invalidates: ids, the plan. */
nnc_status pass_layout(Graph *g, PassCtx *cx);

/* fuse.c — fusion groups (Value.group): a MATMUL head and/or elementwise values and ASSIGNs
 * of one shape that codegen emits as one kernel; reorders values so each group is contiguous.
 * Requires: a verified graph. Invalidates: ids, the plan. */
nnc_status pass_fuse(Graph *g, PassCtx *cx);
/* The text of the last pass_fuse on g: each group, what it keeps in memory and why, and for
 * every value with a kernel of its own, why it was not fused. Lives in g's arena (do not
 * free); NULL when pass_fuse has not run on g. */
const char *pass_fuse_report(const Graph *g);

/* plan.c — assigns every non-leaf value a scratch offset by liveness; sets g->planned.
 * A fusion-group member read only inside its group and not an output gets no buffer (-1). */
nnc_status pass_plan(Graph *g, PassCtx *cx);

/* run.c — one pass as the compile driver (driver/compile.c) runs it: skipped when `skip`
 * (a PASS_NO_* bit, or 0 for a pass that always runs) is in cx->disabled or the environment
 * variable NNC_DISABLE names the pass; then ir_verify when cx->verify (a failure becomes
 * NNC_ERR_INTERNAL "after pass <name>: <message>"); then a dump to stderr when
 * cx->dump_after or the environment variable NNC_DUMP_AFTER names the pass (a
 * comma-separated list, or "all"). */
nnc_status pass_run(Graph *g, PassCtx *cx, const char *name, PassFn fn, unsigned skip);

#endif
