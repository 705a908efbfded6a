/* test_threads.c — the thread pool: nnc_set_threads' bounds, every task of a job run exactly
 * once on up to the requested number of threads, workers really take tasks (a task that waits
 * for a second thread to join finishes), jobs from two threads at once, resizing
 * while another thread runs jobs, a forked child that runs without its parent's workers; and
 * a model whose matmuls are split into tasks trains to the same bits on 1, 2 and 3 threads. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime.h"
#include "support.h"

enum { MAX_TASKS = 97 };

typedef struct {
  atomic_int runs[MAX_TASKS];  /* times each task ran */
  pthread_t who[MAX_TASKS];    /* the thread that ran it */
} Job;

static void count(void *ctx, int64_t begin, int64_t end) {
  Job *j = ctx;
  cr_assert(begin >= 0 && begin < end && end <= MAX_TASKS, "range [%lld, %lld)",
            (long long)begin, (long long)end);
  for (int64_t t = begin; t < end; t++) {
    atomic_fetch_add(&j->runs[t], 1);
    j->who[t] = pthread_self();
  }
}

/* Runs n tasks and returns how many threads ran them; each task must run once. */
static int run_job(int64_t n) {
  Job j;
  memset(&j, 0, sizeof j);
  CgPool *p = rt_threads_pool();
  p->run(p, count, &j, n);
  int threads = 0;
  for (int64_t t = 0; t < n; t++) {
    cr_assert_eq(atomic_load(&j.runs[t]), 1, "task %lld of %lld ran %d times", (long long)t,
                 (long long)n, atomic_load(&j.runs[t]));
    bool seen = false;
    for (int64_t u = 0; u < t && !seen; u++)
      seen = pthread_equal(j.who[u], j.who[t]);
    threads += !seen;
  }
  return threads;
}

Test(threads, bounds) {
  cr_expect_eq(nnc_set_threads(-1), NNC_ERR_ARG);
  cr_expect_eq(nnc_set_threads(1025), NNC_ERR_ARG);
  cr_expect(strstr(nnc_last_error(), "1025"), "%s", nnc_last_error());
  cr_assert_eq(nnc_set_threads(3), NNC_OK);
  cr_expect_eq(nnc_threads(), 3);
  cr_assert_eq(nnc_set_threads(0), NNC_OK);
  cr_expect_geq(nnc_threads(), 1);
  cr_assert_eq(nnc_set_threads(1), NNC_OK);
  cr_expect_eq(nnc_threads(), 1);
}

Test(threads, every_task_runs_once) {
  for (int threads = 1; threads <= 4; threads++) {
    cr_assert_eq(nnc_set_threads(threads), NNC_OK);
    for (int64_t n = 0; n <= MAX_TASKS; n += n < 10 ? 1 : 29) {
      int used = run_job(n);
      cr_assert_leq(used, threads, "%d threads ran a job on a pool of %d", used, threads);
    }
  }
}

static atomic_int entered;

/* Waits (up to 5 s) until `want` tasks have started: only threads running at once get there. */
static void rendezvous(void *ctx, int64_t begin, int64_t end) {
  int want = *(const int *)ctx;
  (void)begin, (void)end;
  atomic_fetch_add(&entered, 1);
  struct timespec t0, t;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  do
    clock_gettime(CLOCK_MONOTONIC, &t);
  while (atomic_load(&entered) < want && t.tv_sec - t0.tv_sec < 5);
}

/* Whether `threads` tasks of one job run at the same time on the pool. */
static bool run_at_once(int threads) {
  atomic_store(&entered, 0);
  struct timespec t0, t;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  CgPool *p = rt_threads_pool();
  p->run(p, rendezvous, &threads, threads);
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec - t0.tv_sec < 4;
}

Test(threads, workers_take_tasks_at_the_same_time) {
  for (int threads = 2; threads <= 3; threads++) {
    cr_assert_eq(nnc_set_threads(threads), NNC_OK);
    cr_expect(run_at_once(threads), "%d tasks did not run at once on %d threads", threads,
              threads);
  }
}

static void *many_jobs(void *arg) {
  (void)arg;
  for (int i = 0; i < 300; i++)
    run_job(1 + i % MAX_TASKS);
  return NULL;
}

/* Two threads running jobs at once: each job still runs every task once. */
Test(threads, jobs_from_two_threads) {
  cr_assert_eq(nnc_set_threads(2), NNC_OK);
  pthread_t other;
  cr_assert_eq(pthread_create(&other, NULL, many_jobs, NULL), 0);
  many_jobs(NULL);
  pthread_join(other, NULL);
}

/* Resizing waits for the job in flight; jobs go on running correctly. */
Test(threads, resize_while_jobs_run) {
  cr_assert_eq(nnc_set_threads(2), NNC_OK);
  pthread_t other;
  cr_assert_eq(pthread_create(&other, NULL, many_jobs, NULL), 0);
  for (int i = 0; i < 40; i++)
    cr_assert_eq(nnc_set_threads(1 + i % 4), NNC_OK);
  pthread_join(other, NULL);
}

/* A forked child has no workers of its parent: it runs jobs on its own thread, never hangs. */
Test(threads, forked_child_runs_alone, .timeout = 60) {
  cr_assert_eq(nnc_set_threads(3), NNC_OK);
  run_job(20);
  pid_t pid = fork();
  cr_assert_geq(pid, 0);
  if (pid == 0) {
    int used = run_job(20);
    bool ok = used == 1 && nnc_threads() == 1 && nnc_set_threads(2) == NNC_OK && run_job(20) <= 2;
    _exit(ok ? 0 : 1);
  }
  int status = 0;
  cr_assert_eq(waitpid(pid, &status, 0), pid);
  cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child failed (%d)", status);
  cr_expect(run_at_once(3), "the parent lost its workers");
}

/* ---- a model trained on different thread counts ---- */

/* Trains 160 -> 160 relu -> 224 tanh -> 1 sigmoid, batch 128 (the second layer's matmuls
 * are large enough to split, the first layer's bias gradient is summed beside one) for two
 * epochs on `threads`; returns the weights. */
static void train_on(int threads, nnc_tensor *x, nnc_tensor *y, float *out, size_t cap) {
  cr_assert_eq(nnc_set_threads(threads), NNC_OK);
  nnc_model *m = NULL;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_set_seed(m, 9), NNC_OK);
  static const int64_t units[3] = {160, 224, 1};
  static const nnc_activation acts[3] = {NNC_ACT_RELU, NNC_ACT_TANH, NNC_ACT_SIGMOID};
  for (int l = 0; l < 3; l++) {
    nnc_dense_options d = nnc_dense(units[l], acts[l]);
    cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  }
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer = nnc_adam();
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 2, f.batch_size = 128, f.verbose = 0;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  size_t n = 0;
  for (int l = 0; l < 6; l++) {
    const nnc_tensor *k = l % 2 ? nnc_model_bias(m, l / 2) : nnc_model_kernel(m, l / 2);
    cr_assert(k && n + (size_t)k->numel <= cap);
    memcpy(out + n, k->data, (size_t)k->numel * sizeof(float));
    n += (size_t)k->numel;
  }
  nnc_model_free(m);
}

Test(threads, model_trains_to_the_same_bits_on_any_count) {
  int64_t xs[2] = {256, 160}, ys[2] = {256, 1};
  nnc_tensor *x = NULL, *y = NULL;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, &y), NNC_OK);
  TestRng r = test_rng(5);
  float *xd = x->data, *yd = y->data;
  for (int i = 0; i < 256; i++) {
    double s = 0;
    for (int j = 0; j < 160; j++)
      s += (xd[i * 160 + j] = (float)test_uniform(&r, -1, 1)) * (j % 3 ? 1 : -1);
    yd[i] = s > 0;
  }
  enum { CAP = 160 * 160 + 160 * 224 + 224 + 160 + 224 + 1 };
  static float w1[CAP], w2[CAP], w3[CAP];
  train_on(1, x, y, w1, CAP);
  train_on(2, x, y, w2, CAP);
  train_on(3, x, y, w3, CAP);
  cr_expect(memcmp(w1, w2, sizeof w1) == 0, "2 threads changed the weights");
  cr_expect(memcmp(w1, w3, sizeof w1) == 0, "3 threads changed the weights");
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}
