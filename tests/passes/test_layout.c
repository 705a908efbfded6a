/* test_layout.c — pass_layout: which matmuls read a transposed copy of A, and the same results
 * after it. */
#include <criterion/criterion.h>
#include <string.h>

#include "evalbuf.h"
#include "golden.h"
#include "passes.h"

/* %a's rows are 512 f32 apart (2 KB) and it has 2^16 elements: both of its matmuls of more
 * than one panel's columns read one transpose of it. %b's rows are 500 apart, %c is small,
 * %d is f32 with rows of 512 but read untransposed, %e is a bf16 matmul and %g7 has 3
 * columns, so its kernel reads A once whatever the layout: those stay as they are. */
static const char graph[] =
    "%a = input \"a\" : f32[128,512]\n"
    "%b = input \"b\" : f32[128,500]\n"
    "%c = input \"c\" : f32[16,512]\n"
    "%dy = input \"dy\" : f32[128,32]\n"
    "%dz = input \"dz\" : f32[128,20]\n"
    "%dn = input \"dn\" : f32[128,3]\n"
    "%dc = input \"dc\" : f32[16,3]\n"
    "%w = input \"w\" : f32[512,3]\n"
    "%g1 = matmul %a, %dy trans_a : f32[512,32]\n"
    "%g2 = matmul %a, %dz trans_a : f32[512,20]\n"
    "%g3 = matmul %b, %dy trans_a : f32[500,32]\n"
    "%g4 = matmul %c, %dc trans_a : f32[512,3]\n"
    "%g5 = matmul %a, %w : f32[128,3]\n"
    "%g6 = matmul %a, %dy trans_a bf16 : f32[512,32]\n"
    "%g7 = matmul %a, %dn trans_a : f32[512,3]\n"
    "output %g1\noutput %g2\noutput %g3\noutput %g4\noutput %g5\noutput %g6\noutput %g7\n";

static int count(const char *text, const char *word) {
  int n = 0;
  for (const char *p = text; (p = strstr(p, word)); p += strlen(word))
    n++;
  return n;
}

Test(passes, layout_transposes_an_aliasing_a_once) {
  Graph *g = parse_ok(graph, "layout"), *before = parse_ok(graph, "layout");
  cr_assert_eq(pass_layout(g, &(PassCtx){0}), NNC_OK, "%s", base_last_error());
  cr_assert_eq(ir_verify(g), NNC_OK, "%s", base_last_error());
  char *text = print_round_trip(g, "layout");
  cr_expect_eq(count(text, "= transpose %0 : f32[512,128]"), 1, "%s", text);
  cr_expect_eq(count(text, "trans_a"), 4, "g3, g4, g6 and g7 keep theirs:\n%s", text);

  double **x = evalbuf_new(before), **y = evalbuf_new(g);
  TestRng r = test_rng(11);
  evalbuf_fill(before, x, &r, -2, 2);
  r = test_rng(11);
  evalbuf_fill(g, y, &r, -2, 2);
  cr_assert_eq(ir_eval(before, x), NNC_OK, "%s", base_last_error());
  cr_assert_eq(ir_eval(g, y), NNC_OK, "%s", base_last_error());
  for (int k = 0; k < g->noutputs; k++) {
    const Value *u = before->outputs[k], *v = g->outputs[k];
    cr_expect(memcmp(x[u->id], y[v->id], sizeof(double) * (size_t)ir_numel(v->shape)) == 0,
              "output %d differs", k);
  }
  evalbuf_free(before, x);
  evalbuf_free(g, y);
  base_free(text);
  ir_graph_free(g);
  ir_graph_free(before);
}
