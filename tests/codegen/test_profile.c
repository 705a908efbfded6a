/* test_profile.c — a step compiled while profiling (NNC_PROFILE, profile.c) calls pool->mark
 * with -1 on entry and then once after each kernel, with the kernels' indices in the order
 * they run; a kernel split into tasks is marked once, after all of them; the module still cut
 * into parts for parallel compiling keeps the marks in order, each kernel's row registered
 * once; the results are unchanged.
 */
#define _POSIX_C_SOURCE 200809L
#include "cgtest.h"

enum { MAX_MARKS = 256 };

static int64_t marks[MAX_MARKS];
static int nmarks;

static void record(CgPool *self, int64_t kernel) {
  (void)self;
  if (nmarks < MAX_MARKS)
    marks[nmarks++] = kernel;
  cg_profile_mark(kernel);
}

/* Two Dense layers at batch 64; the 256-wide one is big enough to run as pool tasks. */
static Graph *forward(void) {
  Graph *g = ir_graph_new();
  Value *params[4];
  int np = 0;
  Value *x = ir_input(g, "x", DT_F32, ir_shape(2, (int64_t)64, (int64_t)256));
  Value *h = ct_dense(g, x, 256, 256, OP_RELU, DT_F32, "dense", params, &np);
  h = ct_dense(g, h, 256, 10, OP_SIGMOID, DT_F32, "dense_1", params, &np);
  ir_output(g, h);
  cr_assert_eq(g->status, NNC_OK, "%s", g->msg);
  DriverJob job = {.stop = DRIVER_PLANNED};
  DriverOut out;
  cr_assert_eq(driver_compile(g, &job, &out), NNC_OK, "%s", base_last_error());
  return g;
}

Test(profile, marks_follow_the_kernels) {
  cr_assert_eq(setenv("NNC_PROFILE", "1", 1), 0);
  cr_assert_eq(setenv("NNC_JIT_THREADS", "2", 1), 0);
  cr_assert_eq(setenv("NNC_JIT_PART_INSTS", "300", 1), 0); /* more parts than threads */
  cr_assert(cg_profiling());
  Ct t;
  ct_init(&t, forward());
  TestRng r = test_rng(3);
  ct_fill(&t, &r);
  ct_compile(&t);
  CgPool pool = {.run = ct_run_reversed, .mark = record};
  for (int step = 0; step < 2; step++) {
    nmarks = 0;
    cr_assert_eq(ir_eval(t.g, t.vals), NNC_OK, "eval: %s", base_last_error());
    t.fn(t.buf, t.scratch, &pool);
    /* f32 sums of 256 terms against the f64 reference */
    cr_expect(ct_err(&t) <= 1e-3, "step %d: error %.3g vs eval", step, ct_err(&t));
    cr_assert_geq(nmarks, 3, "step %d: entry and at least two kernels, found %d marks", step,
                  nmarks);
    cr_expect_eq(marks[0], -1, "step %d: the entry's mark comes first", step);
    /* one row per kernel, registered once, in the order they run: a part compiled on its
     * own reuses the rows of the whole module's kernels */
    for (int i = 2; i < nmarks; i++)
      cr_expect_eq(marks[i], marks[i - 1] + 1, "step %d: mark %d (%lld) after %lld", step, i,
                   (long long)marks[i], (long long)marks[i - 1]);
    cr_expect_eq(marks[1], 0, "step %d: the first kernel's row, the first registered", step);
  }
  ct_free(&t);
}

Test(profile, cpu_time_is_asked_by_name) {
  cr_assert_eq(setenv("NNC_PROFILE", "cpu", 1), 0);
  cr_expect(cg_profiling());
  cg_profile_mark(-1);
  cg_profile_mark(12345); /* an index nothing registered: ignored */
}

Test(profile, off_unless_asked) {
  unsetenv("NNC_PROFILE");
  cr_expect(!cg_profiling());
}
