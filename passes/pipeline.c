/* pipeline.c — the pass lists, read top to bottom (QBE's main.c).
 *
 * Each pipeline is one flat table of {name, pass, the PASS_NO_* bit that skips it}. After
 * every pass that ran, pass_run verifies the graph when cx->verify is set, turning a
 * broken invariant into NNC_ERR_INTERNAL "after pass <name>: <verifier message>", and
 * dumps the graph to stderr when cx->dump_after or the environment variable NNC_DUMP_AFTER
 * names the pass (a comma-separated list of names, or "all"). The environment variable
 * NNC_DISABLE switches optional passes off by name as the PASS_NO_* bits do ("fuse",
 * "simplify,fuse" or "all"), to bisect a miscompile without rebuilding. The memory plan is
 * not optional: PASS_NO_PLAN makes pass_plan give every value its own slot instead.
 */
#include <stdlib.h>
#include <string.h>

#include "passes.h"

typedef struct {
  const char *name;
  PassFn fn;
  unsigned skip;   /* PASS_NO_* bit that switches the pass off, or 0 */
} PassEntry;

static const PassEntry train[] = {
    {"autodiff", pass_autodiff, 0},
    {"optimizer", pass_optimizer, 0},
    {"simplify", pass_simplify, PASS_NO_SIMPLIFY},
    {"fuse", pass_fuse, PASS_NO_FUSE},
    {"plan", pass_plan, 0},
};

static const PassEntry infer[] = {
    {"simplify", pass_simplify, PASS_NO_SIMPLIFY},
    {"fuse", pass_fuse, PASS_NO_FUSE},
    {"plan", pass_plan, 0},
};

/* Does the list `names` ("a,b" or "all") name pass `name`? */
static bool names_pass(const char *names, const char *name) {
  if (!names)
    return false;
  size_t n = strlen(name);
  for (const char *p = names; *p;) {
    size_t len = strcspn(p, ",");
    if ((len == n && strncmp(p, name, n) == 0) || (len == 3 && strncmp(p, "all", 3) == 0))
      return true;
    p += len + (p[len] == ',');
  }
  return false;
}

nnc_status pass_run(Graph *g, PassCtx *cx, const char *name, PassFn fn) {
  nnc_status s = fn(g, cx);
  if (s != NNC_OK)
    return s;
  if (cx->verify && ir_verify(g) != NNC_OK) {
    char why[512];
    snprintf(why, sizeof why, "%s", base_last_error());
    return base_error(NNC_ERR_INTERNAL, "after pass %s: %s", name, why);
  }
  if (names_pass(cx->dump_after, name) || names_pass(getenv("NNC_DUMP_AFTER"), name)) {
    fprintf(stderr, "# after pass %s\n", name);
    ir_dump(g, stderr);
  }
  return NNC_OK;
}

static nnc_status run_list(Graph *g, PassCtx *cx, const PassEntry *list, size_t n) {
  if (!g || !cx)
    return base_error(NNC_ERR_ARG, "pipeline: NULL graph or context");
  if (g->status != NNC_OK)
    return base_error(g->status, "%s", g->msg);
  const char *off = getenv("NNC_DISABLE");
  for (size_t i = 0; i < n; i++) {
    if ((cx->disabled & list[i].skip) || (list[i].skip && names_pass(off, list[i].name)))
      continue;
    nnc_status s = pass_run(g, cx, list[i].name, list[i].fn);
    if (s != NNC_OK)
      return s;
  }
  return NNC_OK;
}

nnc_status pass_pipeline_train(Graph *g, PassCtx *cx) {
  return run_list(g, cx, train, sizeof train / sizeof train[0]);
}

nnc_status pass_pipeline_infer(Graph *g, PassCtx *cx) {
  return run_list(g, cx, infer, sizeof infer / sizeof infer[0]);
}
