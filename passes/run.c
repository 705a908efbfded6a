/* run.c — one pass as the compile driver runs it (driver/compile.c holds the pass list).
 *
 * pass_run skips an optional pass that cx->disabled or the environment variable NNC_DISABLE
 * switches off ("fuse", "simplify,fuse" or "all"), to bisect a miscompile without
 * rebuilding. After a pass that ran, it verifies the graph when cx->verify is set, turning a
 * broken invariant into NNC_ERR_INTERNAL "after pass <name>: <verifier message>", and dumps
 * the graph to stderr when cx->dump_after or the environment variable NNC_DUMP_AFTER names
 * the pass (a comma-separated list of names, or "all"). The dumps are for people: nothing
 * in nnc reads them back. The memory plan is not optional: PASS_NO_PLAN makes pass_plan give
 * every value its own slot instead.
 */
#include <stdlib.h>
#include <string.h>

#include "passes.h"

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

nnc_status pass_run(Graph *g, PassCtx *cx, const char *name, PassFn fn, unsigned skip) {
  if (!g || !cx)
    return base_error(NNC_ERR_ARG, "pass %s: NULL graph or context", name);
  if (g->status != NNC_OK)
    return base_error(g->status, "%s", g->msg);
  if (skip && ((cx->disabled & skip) || names_pass(getenv("NNC_DISABLE"), name)))
    return NNC_OK;
  nnc_status s = fn(g, cx);
  if (s != NNC_OK)
    return s;
  nnc_status v = cx->verify ? ir_verify(g) : NNC_OK;
  if (v != NNC_OK) { /* a broken invariant is the pass's bug; running out of memory is not */
    char why[512];
    snprintf(why, sizeof why, "%s", base_last_error());
    return base_error(v == NNC_ERR_NOMEM ? v : NNC_ERR_INTERNAL, "after pass %s: %s", name, why);
  }
  if (names_pass(cx->dump_after, name) || names_pass(getenv("NNC_DUMP_AFTER"), name)) {
    fprintf(stderr, "# after pass %s\n", name);
    ir_dump(g, stderr);
  }
  return NNC_OK;
}
