/* test_threads.c — the thread pool: nnc_set_threads' bounds, every task of a job run exactly
 * once on up to the requested number of threads, workers really take tasks (a task that waits
 * for a second thread to join finishes), jobs from two threads at once, resizing
 * while another thread runs jobs, a forked child that runs without its parent's workers, and
 * threads that cannot start, reported. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/resource.h>
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
  rt_parallel(count, &j, n);
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
  rt_parallel(rendezvous, &threads, threads);
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

/* --threads 1000 under a memory limit: the threads that cannot start are reported, with how
 * many run, instead of a later allocation failing somewhere else. */
Test(threads, threads_that_cannot_start_are_reported) {
#if defined(__SANITIZE_ADDRESS__)
  cr_skip_test("an address-space limit and ASan's shadow memory do not mix");
#else
  cr_assert_eq(nnc_set_threads(1), NNC_OK);
  long pages = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  cr_assert_not_null(f);
  cr_assert_eq(fscanf(f, "%ld", &pages), 1);
  fclose(f);
  struct rlimit r;
  cr_assert_eq(getrlimit(RLIMIT_AS, &r), 0);
  r.rlim_cur = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + ((rlim_t)64 << 20);
  cr_assert_eq(setrlimit(RLIMIT_AS, &r), 0);
  cr_assert_eq(nnc_set_threads(1000), NNC_ERR_NOMEM);
  char want[64];
  snprintf(want, sizeof want, "only %d of 1000 threads could start", nnc_threads());
  cr_expect(strstr(nnc_last_error(), want), "%s", nnc_last_error());
  cr_expect(nnc_threads() >= 1 && nnc_threads() < 1000);
#endif
}

/* A context's thread count bounds the threads that run a job made while it is current
 * (base/context.c), whatever the pool's size; results do not depend on it. */
Test(threads, a_context_bounds_the_threads_of_its_jobs) {
  cr_assert_eq(nnc_set_threads(4), NNC_OK);
  nnc_context *c;
  cr_assert_eq(nnc_context_new(&c), NNC_OK);
  const nnc_context *was = base_context_swap(c);
  cr_assert_eq(nnc_context_set_threads(c, 1), NNC_OK);
  for (int i = 0; i < 50; i++)
    cr_assert_eq(run_job(MAX_TASKS), 1, "a context of 1 thread runs its jobs on the caller");
  cr_assert_eq(nnc_context_set_threads(c, 2), NNC_OK);
  for (int i = 0; i < 50; i++)
    cr_assert_leq(run_job(MAX_TASKS), 2);
  cr_expect(run_at_once(2), "2 tasks did not run at once in a context of 2 threads");
  base_context_swap(was);
  nnc_context_free(c);
}

/* The threads of this process, as the kernel counts them. */
static int os_threads(void) {
  FILE *f = fopen("/proc/self/status", "r");
  cr_assert_not_null(f);
  char line[256];
  int n = -1;
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "Threads: %d", &n) == 1)
      break;
  fclose(f);
  return n;
}

/* The kernel's count once it reaches `want`, or after 2 s: a joined thread has exited, but
 * the kernel may count it a little longer (until it is reaped), longer on a busy machine. */
static int os_threads_settled(int want) {
  int n = os_threads();
  for (int i = 0; n != want && i < 200; i++) {
    nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
    n = os_threads();
  }
  return n;
}

/* nnc_shutdown joins the workers (the kernel sees them gone), waits for a job in flight,
 * and leaves a pool that runs jobs on the calling thread until nnc_set_threads. */
Test(threads, shutdown_joins_the_workers) {
  int before = os_threads();
  cr_assert_eq(nnc_set_threads(4), NNC_OK);
  run_job(MAX_TASKS);
  cr_assert_eq(os_threads_settled(before + 3), before + 3, "4 threads: the caller and 3 workers");
  pthread_t other;
  cr_assert_eq(pthread_create(&other, NULL, many_jobs, NULL), 0);
  nnc_shutdown();                       /* while the other thread's jobs run */
  pthread_join(other, NULL);
  cr_expect_eq(os_threads_settled(before), before, "the workers were joined");
  cr_expect_eq(nnc_threads(), 1);
  cr_expect_eq(run_job(MAX_TASKS), 1, "after shutdown a job runs on its caller");
  nnc_shutdown();                       /* twice: nothing left to join */
  cr_assert_eq(nnc_set_threads(2), NNC_OK);
  cr_expect_eq(os_threads_settled(before + 1), before + 1, "nnc_set_threads starts a pool again");
}
