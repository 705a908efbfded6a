/* threads.c — the process's thread pool, on which compiled steps run their parallel kernels.
 *
 * Generated code calls pool->run(pool, task, ctx, n) (codegen.h) for a kernel split into n
 * tasks. The caller and the workers each take one contiguous range of [0, n); the caller runs
 * the first and waits for the rest. A task computes the same bits on any thread, so the
 * thread count never changes a result; it only decides who does the work.
 *
 * A job is published by bumping a generation counter. Workers spin on it for a while (kernels
 * of one step follow each other within microseconds) and then sleep on a condition variable;
 * the runner broadcasts only when someone sleeps. The sleeper count and the generation are
 * sequentially consistent atomics, so a worker going to sleep either sees the new generation
 * or is counted before the runner looks. Every worker acknowledges every job, so the runner
 * knows all of them are idle again when it returns.
 *
 * One job at a time: a second thread that calls run while a job is in flight (two models
 * trained from two threads) runs its tasks itself, which gives the same bits.
 * nnc_set_threads waits for the job in flight, stops the workers and starts the new count.
 * Workers are plain pthreads (no allocation through nnc's hook); if one cannot be started
 * the pool runs with the ones it has. A child of fork() has none of its parent's workers: it
 * starts with none and runs on its one thread until nnc_set_threads asks for more.
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#include "runtime.h"

enum {
  MAX_THREADS = 1024,
  SPINS = 1 << 15,             /* polls before a worker sleeps: some tens of microseconds */
};

typedef struct {
  CgPool base;                 /* first: generated code calls base.run */
  pthread_mutex_t mu;          /* guards the sleep, the start and the stop */
  pthread_cond_t wake;
  atomic_flag busy;            /* a job is in flight, or the pool is being resized */
  atomic_int nworkers;         /* workers running (changed only while busy is held) */
  pthread_t worker[MAX_THREADS - 1];
  /* the job: written before gen is bumped, read after it is seen */
  CgTask task;
  void *ctx;
  int64_t n;
  int parts;
  atomic_ulong gen;
  unsigned long born;          /* gen when the workers started: no job yet seen */
  atomic_int pending;          /* workers yet to acknowledge the job */
  atomic_int sleepers;
  atomic_bool stop;
} Pool;

static void run(CgPool *self, CgTask task, void *ctx, int64_t n);

static Pool pool = {
    .base = {run},
    .mu = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
    .busy = ATOMIC_FLAG_INIT,
};
static pthread_once_t started = PTHREAD_ONCE_INIT;

static void relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/* Part k of the job's n tasks split into `parts` nearly equal contiguous ranges. */
static void run_part(int k) {
  int64_t begin = pool.n * k / pool.parts, end = pool.n * (k + 1) / pool.parts;
  if (begin < end)
    pool.task(pool.ctx, begin, end);
}

static unsigned long next_job(unsigned long seen) {
  unsigned long g;
  for (int i = 0; (g = atomic_load(&pool.gen)) == seen && i < SPINS; i++)
    relax();
  if (g != seen)
    return g;
  pthread_mutex_lock(&pool.mu);
  atomic_fetch_add(&pool.sleepers, 1);
  while ((g = atomic_load(&pool.gen)) == seen)
    pthread_cond_wait(&pool.wake, &pool.mu);
  atomic_fetch_sub(&pool.sleepers, 1);
  pthread_mutex_unlock(&pool.mu);
  return g;
}

static void *work(void *arg) {
  int k = (int)(intptr_t)arg; /* this worker runs part k (the caller runs part 0) */
  unsigned long seen = pool.born; /* not gen: a job may already be out */
  for (;;) {
    seen = next_job(seen);
    if (atomic_load(&pool.stop)) {
      atomic_fetch_sub(&pool.pending, 1);
      return NULL;
    }
    if (k < pool.parts)
      run_part(k);
    atomic_fetch_sub(&pool.pending, 1);
  }
}

/* Publishes the job in pool's fields to the workers. */
static void publish(void) {
  atomic_store(&pool.pending, atomic_load(&pool.nworkers));
  atomic_fetch_add(&pool.gen, 1);
  if (atomic_load(&pool.sleepers) > 0) {
    pthread_mutex_lock(&pool.mu);
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.mu);
  }
}

static void wait_workers(void) {
  for (int i = 0; atomic_load(&pool.pending) > 0; i++)
    if (i < SPINS)
      relax();
    else
      sched_yield();
}

static void run(CgPool *self, CgTask task, void *ctx, int64_t n) {
  (void)self;
  if (n <= 0)
    return;
  bool mine = n > 1 && !atomic_flag_test_and_set(&pool.busy);
  int workers = mine ? atomic_load(&pool.nworkers) : 0;
  if (workers == 0) {
    if (mine)
      atomic_flag_clear(&pool.busy);
    task(ctx, 0, n);
    return;
  }
  pool.task = task, pool.ctx = ctx, pool.n = n;
  pool.parts = workers + 1 < n ? workers + 1 : (int)n;
  publish();
  run_part(0);
  wait_workers();
  atomic_flag_clear(&pool.busy);
}

static void stop_workers(void) {
  int n = atomic_load(&pool.nworkers);
  if (n == 0)
    return;
  atomic_store(&pool.stop, true);
  publish();
  for (int k = 0; k < n; k++)
    pthread_join(pool.worker[k], NULL);
  atomic_store(&pool.nworkers, 0);
  atomic_store(&pool.stop, false);
}

static void start_workers(int nthreads) {
  pool.born = atomic_load(&pool.gen);
  for (int k = 0; k < nthreads - 1; k++) {
    if (pthread_create(&pool.worker[k], NULL, work, (void *)(intptr_t)(k + 1)) != 0)
      break;
    atomic_store(&pool.nworkers, k + 1);
  }
}

/* In a child of fork(): the workers stayed with the parent. */
static void forget_workers(void) {
  atomic_store(&pool.nworkers, 0);
  atomic_store(&pool.pending, 0);
  atomic_store(&pool.sleepers, 0);
  atomic_flag_clear(&pool.busy);
  pthread_mutex_init(&pool.mu, NULL);
  pthread_cond_init(&pool.wake, NULL);
}

/* The cores this process may run on. */
static int available_cores(void) {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) != 0)
    return 1;
  int n = CPU_COUNT(&set);
  return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : n;
}

static void start_default(void) {
  pthread_atfork(NULL, NULL, forget_workers);
  start_workers(available_cores());
}

CgPool *rt_threads_pool(void) {
  pthread_once(&started, start_default);
  return &pool.base;
}

nnc_status nnc_set_threads(int n) {
  if (n < 0 || n > MAX_THREADS)
    return ir_error(NNC_ERR_ARG, "nnc_set_threads: %d threads; want 1 to %d, or 0 for the "
                    "cores available", n, MAX_THREADS);
  pthread_once(&started, start_default);
  while (atomic_flag_test_and_set(&pool.busy))
    sched_yield();
  stop_workers();
  start_workers(n == 0 ? available_cores() : n);
  atomic_flag_clear(&pool.busy);
  return NNC_OK;
}

int nnc_threads(void) {
  pthread_once(&started, start_default);
  return atomic_load(&pool.nworkers) + 1;
}
