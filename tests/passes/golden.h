/* golden.h — what the pass tests' golden files need: reading a file, parsing and verifying
 * a graph, and checking that the printer round-trips. Each failure is a test failure. */
#ifndef NNC_TESTS_PASSES_GOLDEN_H
#define NNC_TESTS_PASSES_GOLDEN_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "ir.h"

#define GOLDEN_DIR NNC_TEST_DATA "/passes/golden"
static const char expect_mark[] = "# expect:\n";

/* The whole file as a NUL-terminated string, to free(). */
static inline char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f, "cannot open %s", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = calloc((size_t)n + 1, 1);
  cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  return s;
}

static inline Graph *parse_ok(const char *text, const char *name) {
  Graph *g = NULL;
  cr_assert_eq(ir_parse(text, name, &g), NNC_OK, "%s", base_last_error());
  cr_assert_eq(ir_verify(g), NNC_OK, "%s: %s", name, base_last_error());
  return g;
}

/* print(parse(print(g))) == print(g); returns print(g), to base_free. */
static inline char *print_round_trip(const Graph *g, const char *name) {
  char *once = ir_print(g);
  Graph *again = parse_ok(once, name);
  char *twice = ir_print(again);
  cr_assert_str_eq(twice, once, "%s does not round-trip", name);
  base_free(twice);
  ir_graph_free(again);
  return once;
}

#endif
