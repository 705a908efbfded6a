/* test_run.c — pass_run: verification after a pass, the error naming it, dumps, switches. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>

#include "passes.h"
#include "step.h"

typedef struct {
  Graph *g;
  Value *w, *loss;
  Value *wrt[1], *grads[1];
  nnc_optimizer opt;
  PassCtx cx;
} Step;

static void step_init(Step *s) {
  memset(s, 0, sizeof *s);
  s->g = ir_graph_new();
  cr_assert_not_null(s->g);
  s->loss = step_loss(s->g, &s->w);
  cr_assert_eq(s->g->status, NNC_OK, "%s", s->g->msg);
  s->wrt[0] = s->w;
  s->opt = (nnc_optimizer){.kind = NNC_OPT_SGD, .learning_rate = 0.01};
  s->cx = (PassCtx){.loss = s->loss, .nwrt = 1, .wrt = s->wrt, .grads = s->grads,
                    .opt = &s->opt, .verify = true};
}

/* A deliberately broken pass: gives a value a dtype its operands disagree with. */
static nnc_status breaker(Graph *g, PassCtx *cx) {
  (void)cx;
  for (int i = 0; i < g->nvalues; i++)
    if (g->values[i]->op == OP_SIGMOID) {
      g->values[i]->dtype = DT_F64;
      break;
    }
  return NNC_OK;
}

Test(passes, run_names_the_pass_that_broke_the_graph) {
  Step s;
  step_init(&s);
  nnc_status st = pass_run(s.g, &s.cx, "breaker", breaker, 0);
  cr_assert_eq(st, NNC_ERR_INTERNAL);
  const char *msg = base_last_error();
  cr_assert(strncmp(msg, "after pass breaker: ", 20) == 0, "message: %s", msg);
  cr_assert_gt(strlen(msg), 20, "the verifier's own message follows");
  ir_graph_free(s.g);
}

Test(passes, run_runs_no_verifier_when_not_asked) {
  Step s;
  step_init(&s);
  s.cx.verify = false;
  cr_assert_eq(pass_run(s.g, &s.cx, "breaker", breaker, 0), NNC_OK);
  ir_graph_free(s.g);
}

static nnc_status failing(Graph *g, PassCtx *cx) {
  (void)g, (void)cx;
  return base_error(NNC_ERR_SHAPE, "failing: the pass's own message");
}

Test(passes, run_passes_a_pass_error_through) {
  Step s;
  step_init(&s);
  cr_assert_eq(pass_run(s.g, &s.cx, "failing", failing, 0), NNC_ERR_SHAPE);
  cr_assert_str_eq(base_last_error(), "failing: the pass's own message");
  ir_graph_free(s.g);
}

Test(passes, run_refuses_a_graph_with_a_builder_error) {
  Step s;
  step_init(&s);
  ir_binary(s.g, OP_ADD, s.w, ir_input(s.g, "bad", DT_F32, ir_shape(1, 7L)));
  cr_assert_neq(s.g->status, NNC_OK);
  cr_assert_eq(pass_run(s.g, &s.cx, "simplify", pass_simplify, PASS_NO_SIMPLIFY), s.g->status);
  ir_graph_free(s.g);
}

Test(passes, run_dumps_after_the_named_pass, .init = cr_redirect_stderr) {
  Step s;
  step_init(&s);
  s.cx.dump_after = "optimizer";
  cr_assert_eq(pass_run(s.g, &s.cx, "autodiff", pass_autodiff, 0), NNC_OK, "%s", base_last_error());
  cr_assert_eq(pass_run(s.g, &s.cx, "optimizer", pass_optimizer, 0), NNC_OK, "%s", base_last_error());
  char *out = step_read_stderr();
  cr_assert(strstr(out, "# after pass optimizer\n%0 = input \"x\""), "stderr: %s", out);
  cr_assert(strstr(out, "assign"), "the dump shows the update");
  cr_assert_null(strstr(out, "# after pass autodiff"));
  ir_graph_free(s.g);
}

/* simplify drops the step's multiply by 1 unless cx->disabled or NNC_DISABLE names it. */
Test(passes, run_skips_a_pass_switched_off) {
  Step a, b, c;
  step_init(&a);
  step_init(&b);
  step_init(&c);
  int before = a.g->nvalues;
  b.cx.disabled = PASS_NO_SIMPLIFY;
  cr_assert_eq(pass_run(a.g, &a.cx, "simplify", pass_simplify, PASS_NO_SIMPLIFY), NNC_OK);
  cr_assert_eq(pass_run(b.g, &b.cx, "simplify", pass_simplify, PASS_NO_SIMPLIFY), NNC_OK);
  setenv("NNC_DISABLE", "fuse,simplify", 1);
  nnc_status st = pass_run(c.g, &c.cx, "simplify", pass_simplify, PASS_NO_SIMPLIFY);
  unsetenv("NNC_DISABLE");
  cr_assert_eq(st, NNC_OK);
  cr_assert_lt(a.g->nvalues, before, "simplify ran");
  cr_assert_eq(b.g->nvalues, before, "PASS_NO_SIMPLIFY skipped it");
  cr_assert_eq(c.g->nvalues, before, "NNC_DISABLE skipped it");
  ir_graph_free(a.g);
  ir_graph_free(b.g);
  ir_graph_free(c.g);
}
