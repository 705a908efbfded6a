/* test_dot.c — the Graphviz picture of a graph: the exact DOT text of a small training step
 * (tests/ir/golden/picture.dot; NNC_UPDATE_GOLDEN=1 rewrites it), and what a planned graph
 * adds. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "passes/golden.h" /* slurp, parse_ok */

TestSuite(ir);

#define GOLDEN NNC_TEST_DATA "/ir/golden/"

static Graph *parse_file(const char *name) {
  char path[512];
  snprintf(path, sizeof path, GOLDEN "%s", name);
  char *text = slurp(path);
  Graph *g = parse_ok(text, name);
  free(text);
  return g;
}

/* The picture of g as a string (to free). */
static char *dot_of(const Graph *g, const IrDotOptions *o) {
  char *text = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&text, &n);
  cr_assert_not_null(f);
  cr_assert_eq(ir_dot(g, o, f), NNC_OK, "%s", nnc_last_error());
  fclose(f);
  return text;
}

Test(ir, dot_of_a_training_step_matches_its_golden) {
  Graph *g = parse_file("picture.ir");
  char *dot = dot_of(g, &(IrDotOptions){.title = "a <small> step", .loss = 0});
  const char *path = GOLDEN "picture.dot";
  FILE *f = getenv("NNC_UPDATE_GOLDEN") ? fopen(path, "w") : NULL;
  if (f) {
    fputs(dot, f);
    fclose(f);
  }
  char *want = slurp(path);
  cr_expect_str_eq(dot, want, "the picture differs from %s", path);
  free(want);
  free(dot);
  ir_graph_free(g);
}

/* Each kind of value has its own look; the ids name the values in the DOT text. */
Test(ir, dot_tells_the_kinds_of_value_apart) {
  Graph *g = parse_file("picture.ir");
  char *dot = dot_of(g, &(IrDotOptions){.loss = 0});
  static const char *const want[] = {
      "v0 [shape=parallelogram",                       /* input */
      "v1 [shape=box, style=\"filled\", fillcolor=\"#ffe8a3\"", /* param */
      "v6 [shape=cylinder",                            /* optimizer state */
      "v2 [shape=box, style=\"rounded,filled\", fillcolor=\"#dbe8fb\"", /* forward */
      "v5 [shape=box, style=\"rounded,filled\", fillcolor=\"#fde3cf\"", /* backward */
      "v10 [shape=box, style=\"filled\", fillcolor=\"#b9e3b5\"",       /* update */
      "subgraph cluster_1 {",
      "<b>loss</b>",
      "<b>output 1</b>",
      "c8_1 [shape=plain",                             /* the constant beside its reader */
      "v0 -> v2 [xlabel=\"2\u00d73\"]",                /* edges carry shapes */
  };
  for (size_t i = 0; i < sizeof want / sizeof *want; i++)
    cr_expect(strstr(dot, want[i]), "no %s in:\n%s", want[i], dot);
  cr_expect_null(strstr(dot, "v7 ["), "a constant is no node of its own");
  cr_expect_null(strstr(dot, "v6 -> v10"), "an assign names its target rather than reading it");
  cr_expect_null(strstr(dot, "v1 -> v12"));
  free(dot);
  ir_graph_free(g);
}

Test(ir, dot_of_a_planned_graph_shows_offsets) {
  Graph *g = parse_file("planned.ir");
  char *dot = dot_of(g, &(IrDotOptions){.loss = -1});
  cr_expect(strstr(dot, "%3 @0<"), "%s", dot);
  cr_expect(strstr(dot, "%5 @64<"), "%s", dot);
  cr_expect(strstr(dot, "%4<"), "a value in registers has no offset: %s", dot);
  cr_expect_null(strstr(dot, "loss"), "no loss, neither in the picture nor in its legend");
  cr_expect_null(strstr(dot, "update"));
  cr_expect(strstr(dot, ">fused kernel<"), "%s", dot);
  free(dot);
  ir_graph_free(g);
}

/* A gradient autodiff made (%g = d loss / d w, no output) is marked and named after w. */
Test(ir, dot_names_the_gradients) {
  Graph *g = parse_file("picture.ir");
  int grad = 5, wrt = 1;
  char *plain = dot_of(g, &(IrDotOptions){.loss = 0});
  char *dot = dot_of(g, &(IrDotOptions){.loss = 0, .ngrads = 1, .grad_ids = &grad,
                                        .wrt_ids = &wrt});
  cr_expect(strstr(dot, "v5 [shape=box, style=\"rounded,filled\", fillcolor=\"#fde3cf\", "
                        "label=<<font color=\"#a04000\"><b>\u2202 w</b></font><br/>matmul"),
            "%s", dot);
  cr_expect(strstr(dot, ">\u2202 gradient</td>"), "the legend: %s", dot);
  cr_expect_null(strstr(plain, "\u2202"), "%s", plain);
  free(plain);
  free(dot);
  ir_graph_free(g);
}

Test(ir, dot_reports_a_failing_stream) {
  Graph *g = parse_file("planned.ir");
  FILE *f = fopen("/dev/full", "w");
  cr_assert_not_null(f);
  setvbuf(f, NULL, _IONBF, 0);
  cr_expect_eq(ir_dot(g, NULL, f), NNC_ERR_IO);
  fclose(f);
  ir_graph_free(g);
}
