/* test_fpmode.c — compiled code flushes subnormal floats to zero, as Keras 3 on JAX does,
 * on the caller's thread and on a pool thread, and hands both threads their own FP mode
 * back. The expected values are JAX 0.10.2's on CPU (KERAS_BACKEND=jax, Keras 3.15.1):
 *   jax.jit(lambda x: x * 0.5)(np.float32(2e-38))              -> 0.0
 *   jax.jit(lambda a, b: a + b)(np.float32(1e-39), np.float32(1.2e-38)) -> 1.2e-38
 *   jax.jit(lambda a: a > 0)(np.float32(1e-39))                -> False
 * where IEEE arithmetic gives 1e-38, 1.3e-38 and True. */
#include <pthread.h>

#include "cgtest.h"

#if defined(__x86_64__)
#include <xmmintrin.h>

enum { DEFAULT_MXCSR = 0x1f80, ROWS = 256, COLS = 256 };

typedef struct {
  CgPool pool;                   /* first: the compiled code sees this */
  unsigned task_mode;            /* the worker's MXCSR after its tasks */
} Worker;

typedef struct {
  CgTask task;
  void *ctx;
  int64_t n;
  unsigned after;
} Job;

/* A worker as the pool's are: started before any step, in the default mode. */
static void *work(void *arg) {
  Job *j = arg;
  _mm_setcsr(DEFAULT_MXCSR);
  j->task(j->ctx, 0, j->n);
  j->after = _mm_getcsr();
  return NULL;
}

static void run_on_worker(CgPool *self, CgTask task, void *ctx, int64_t n) {
  Job j = {task, ctx, n, 0};
  pthread_t t;
  cr_assert_eq(pthread_create(&t, NULL, work, &j), 0);
  pthread_join(t, NULL);
  ((Worker *)self)->task_mode = j.after;
}

/* y = x * 0.5, s = x + b, p = x > 0 over ROWS x COLS, compiled. */
static void compile(Ct *t) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F32, ir_shape(2, ROWS, COLS));
  Value *b = ir_input(g, "b", DT_F32, ir_shape(2, ROWS, COLS));
  ir_output(g, ir_binary(g, OP_MUL, x, ir_scalar(g, DT_F32, 0.5)));
  ir_output(g, ir_binary(g, OP_ADD, x, b));
  ir_output(g, ir_cmp(g, CMP_GT, x, ir_scalar(g, DT_F32, 0.0)));
  ct_init(t, g);
  ct_compile(t);
}

static void fill(Ct *t, float x, float b) {
  for (size_t i = 0; i < (size_t)ROWS * COLS; i++) {
    ((float *)t->buf[0])[i] = x;
    ((float *)t->buf[1])[i] = b;
  }
}

static void expect_flushed(Ct *t, const char *where) {
  const float *y = t->buf[2], *s = t->buf[3], *p = t->buf[4];
  size_t n = (size_t)ROWS * COLS, bad = 0;
  for (size_t i = 0; i < n; i++)
    bad += y[i] != 0.0f || s[i] != 1.2e-38f || p[i] != 0.0f;
  cr_expect_eq(bad, 0, "%s: %zu of %zu elements kept a subnormal (first: %g %g %g)", where,
               bad, n, (double)y[0], (double)s[0], (double)p[0]);
}

Test(fpmode, subnormals_are_flushed_as_keras_does_and_the_callers_mode_is_kept) {
  Ct t;
  compile(&t);
  /* 2e-38 is normal, so the inputs reach the code as they are; its halves are not */
  fill(&t, 2e-38f, 1.2e-38f);
  t.fn(t.buf, t.scratch, ct_pool());
  cr_expect_eq(((float *)t.buf[2])[0], 0.0f, "2e-38 * 0.5 is flushed to 0");
  cr_expect_eq(((float *)t.buf[4])[0], 1.0f, "2e-38 > 0 (a normal operand)");
  fill(&t, 1e-39f, 1.2e-38f); /* a subnormal operand counts as 0 */
  _mm_setcsr(DEFAULT_MXCSR);
  t.fn(t.buf, t.scratch, ct_pool());
  expect_flushed(&t, "caller's thread");
  cr_expect_eq(_mm_getcsr() & 0xffc0, DEFAULT_MXCSR, "the caller's mode is back: %#x",
               _mm_getcsr());
  ct_free(&t);
}

/* x W of 2^24 multiply-adds is shared out in tasks. With x all 1e-39 and W all 1, each sum
 * is 256 subnormal terms: 2.56e-37, a normal number, unless the operands count as 0. */
Test(fpmode, a_pool_thread_flushes_in_its_tasks_and_gets_its_mode_back) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F32, ir_shape(2, ROWS, COLS));
  Value *w = ir_input(g, "w", DT_F32, ir_shape(2, COLS, COLS));
  ir_output(g, ir_matmul(g, x, w, false, false));
  Ct t;
  ct_init(&t, g);
  ct_compile(&t);
  fill(&t, 1e-39f, 1.0f);
  Worker wk = {.pool = {.run = run_on_worker}, .task_mode = 0};
  t.fn(t.buf, t.scratch, &wk.pool);
  cr_assert_neq(wk.task_mode, 0, "the step ran no tasks on the worker: the test needs them");
  size_t bad = 0;
  for (size_t i = 0; i < (size_t)ROWS * COLS; i++)
    bad += ((const float *)t.buf[2])[i] != 0.0f;
  cr_expect_eq(bad, 0, "%zu sums kept their subnormal terms (first %g)", bad,
               (double)((const float *)t.buf[2])[0]);
  cr_expect_eq(wk.task_mode & 0xffc0, DEFAULT_MXCSR, "the worker's mode is back: %#x",
               wk.task_mode);
  ct_free(&t);
}
#endif
