/* test_emit.c — nnc emit: every stage prints, and the forward, backward and planned graphs of
 * a tiny model match their goldens (tests/tools/golden/tiny_{ir,grad,opt}.txt), which also
 * parse back and print identically. NNC_UPDATE_GOLDEN=1 rewrites the goldens from the output. */
#include "cli_run.h"

#include "ir.h"

TestSuite(tools, .init = cli_setup, .fini = cli_teardown);

static char *golden_path(const char *stage) {
  static char path[512];
  snprintf(path, sizeof path, "%s/tools/golden/tiny_%s.txt", NNC_TEST_DATA, stage);
  return path;
}

static void check_golden(const char *stage) {
  char args[128];
  snprintf(args, sizeof args, "emit --stage=%s MODELS/tiny.nn", stage);
  CliRun *r = cli_run(args);
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_expect_str_eq(r->err, "", "emit wrote to stderr");
  if (getenv("NNC_UPDATE_GOLDEN")) {
    FILE *f = fopen(golden_path(stage), "w");
    cr_assert(f);
    fputs(r->out, f);
    fclose(f);
  }
  static char want[1 << 16];
  cli_slurp(golden_path(stage), want, sizeof want);
  cr_expect_str_eq(r->out, want, "%s differs from %s", stage, golden_path(stage));
  Graph *g = NULL;
  cr_assert_eq(ir_parse(want, golden_path(stage), &g), NNC_OK, "%s", nnc_last_error());
  char *again = ir_print(g);
  const char *body = strchr(want, '\n') + 1;      /* after the leading comment */
  cr_expect_str_eq(again, body, "the golden does not round-trip");
  base_free(again);
  ir_graph_free(g);
}

Test(tools, forward_graph_matches_its_golden) {
  check_golden("ir");
}

Test(tools, graph_after_autodiff_matches_its_golden) {
  check_golden("grad");
}

Test(tools, planned_graph_matches_its_golden) {
  check_golden("opt");
}

Test(tools, every_stage_prints) {
  static const struct { const char *stage, *must; } stages[] = {
      {"ast", "(call Sequential"},
      {"ir", "= input \"x\" : f32[4,3]"},
      {"grad", "trans_a"},
      {"opt", "offset="},
      {"llvm", "define "},
      {"asm", "ret"},
  };
  for (size_t i = 0; i < sizeof stages / sizeof *stages; i++) {
    char args[128];
    snprintf(args, sizeof args, "emit --stage %s MODELS/tiny.nn", stages[i].stage);
    CliRun *r = cli_run(args);
    cr_expect_eq(r->status, 0, "%s: %s", stages[i].stage, r->err);
    cr_expect(strstr(r->out, stages[i].must), "%s lacks %s:\n%.2000s", stages[i].stage,
              stages[i].must, r->out);
  }
}

Test(tools, opt_stage_updates_every_parameter) {
  CliRun *r = cli_run("emit --stage=opt MODELS/tiny.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_expect_eq(cli_count(r->out, "= assign "), 4, "%s", r->out);  /* 2 kernels, 2 biases */
  cr_expect(!strstr(r->out, "NNC_DUMP"), "%s", r->out);
}

Test(tools, emit_needs_a_fit) {
  CliRun *r = cli_run("emit --stage=grad MODELS/nofit.nn");
  cr_expect_eq(r->status, 1);
  cr_expect(strstr(r->err, "never calls fit()"), "%s", r->err);
}
