/* test_early_outputs.c — a graph compiled with early_outputs (ir.h; a data-parallel step's
 * gradients) copies each output to its slot right after the kernel that makes its value and
 * calls pool->ready with its index, while the rest of the graph has yet to run: every output
 * is announced once, in the order its value is made (one no kernel makes: at the end), what
 * its slot holds when announced is what it holds at the end, and the results are unchanged.
 */
#include "cgtest.h"

enum { MAX_OUT = 8 };

typedef struct {
  CgPool pool;                   /* first: the compiled code sees this */
  Ct *t;
  int order[MAX_OUT], n;         /* the outputs announced, in turn */
  float first[MAX_OUT];          /* each output's first element when announced */
  bool later_untouched[MAX_OUT]; /* every output announced later still held its sentinel */
} Recorder;

static const float sentinel = -12345.0f;

static void record(CgPool *self, int64_t k) {
  Recorder *r = (Recorder *)self;
  Ct *t = r->t;
  int nleaves = t->nslots - t->g->noutputs;
  cr_assert(k >= 0 && k < t->g->noutputs && r->n < MAX_OUT, "ready(%lld)", (long long)k);
  r->first[k] = ((const float *)t->buf[nleaves + k])[0];
  bool untouched = true; /* the outputs not yet announced are not yet written */
  for (int j = 0; j < t->g->noutputs; j++) {
    bool announced = j == k;
    for (int i = 0; i < r->n; i++)
      announced |= r->order[i] == j;
    if (!announced)
      untouched &= ((const float *)t->buf[nleaves + j])[0] == sentinel;
  }
  r->later_untouched[k] = untouched;
  r->order[r->n++] = (int)k;
}

/* Two Dense layers; outputs: the second's activations, the first's, and a param (which no
 * kernel makes). */
static Graph *graph(void) {
  Graph *g = ir_graph_new();
  Value *params[4];
  int np = 0;
  Value *x = ir_input(g, "x", DT_F32, ir_shape(2, (int64_t)16, (int64_t)24));
  Value *h1 = ct_dense(g, x, 24, 32, OP_RELU, DT_F32, "dense", params, &np);
  Value *h2 = ct_dense(g, h1, 32, 8, OP_SIGMOID, DT_F32, "dense_1", params, &np);
  ir_output(g, h2);
  ir_output(g, h1);
  ir_output(g, params[2]);
  cr_assert_eq(g->status, NNC_OK, "%s", g->msg);
  return g;
}

Test(early_outputs, each_output_is_announced_once_its_value_is_made) {
  Ct t;
  ct_init(&t, graph());
  t.g->early_outputs = true;
  TestRng rng = test_rng(5);
  ct_fill(&t, &rng);
  ct_compile(&t);
  int nleaves = t.nslots - t.g->noutputs;
  for (int k = 0; k < t.g->noutputs; k++)
    for (size_t i = 0; i < ct_count(t.g->outputs[k]); i++)
      ((float *)t.buf[nleaves + k])[i] = sentinel;
  Recorder r = {.pool = {.run = ct_run_reversed}, .t = &t};
  r.pool.ready = record;
  cr_assert_eq(ir_eval(t.g, t.vals), NNC_OK, "eval: %s", base_last_error());
  t.fn(t.buf, t.scratch, &r.pool);
  cr_expect(ct_err(&t) <= ct_tol(DT_F32), "error %.3g vs eval", ct_err(&t));
  cr_assert_eq(r.n, 3, "announced %d outputs, not 3", r.n);
  cr_expect_eq(r.order[0], 1, "the first layer's activations come first (output %d)",
               r.order[0]);
  cr_expect_eq(r.order[1], 0, "then the second's (output %d)", r.order[1]);
  cr_expect_eq(r.order[2], 2, "the param last: no kernel makes it (output %d)", r.order[2]);
  for (int k = 0; k < 3; k++) {
    cr_expect(r.later_untouched[k], "output %d: a later output was written before it", k);
    cr_expect_eq(r.first[k], ((const float *)t.buf[nleaves + k])[0],
                 "output %d changed after it was announced", k);
  }
  ct_free(&t);
}

Test(early_outputs, off_by_default_no_announcement) {
  Ct t;
  ct_init(&t, graph());
  TestRng rng = test_rng(5);
  ct_fill(&t, &rng);
  ct_compile(&t);
  Recorder r = {.pool = {.run = ct_run_reversed}, .t = &t};
  r.pool.ready = record;
  t.fn(t.buf, t.scratch, &r.pool);
  cr_expect_eq(r.n, 0, "a graph without early_outputs announced %d outputs", r.n);
  ct_free(&t);
}
