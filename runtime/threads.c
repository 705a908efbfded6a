/* threads.c — the process's thread pool, on which compiled steps run their parallel kernels.
 *
 * Generated code calls pool->run (codegen.h), which the driver forwards to rt_parallel, for a
 * kernel split into n tasks. The caller and the workers take tasks one at a time from a shared counter until
 * none is left, so a thread that the OS preempts (these machines are shared) holds up one
 * task, not a fixed share of them. A task computes the same bits on any thread, so neither
 * the thread count nor who took what changes a result.
 *
 * The job's number and the next task to hand out share one atomic word: a worker claims a
 * task by compare-and-swap, which fails if the job has changed meanwhile, so a worker that
 * wakes late never runs a task of a job it did not see or a task twice; it reads the job's
 * function and context only after its claim succeeded. The caller closes the last job (a new
 * number, no task to claim) before it stores the next job's fields, then opens the next.
 * The caller returns when all n tasks are done. Workers spin on the word briefly (kernels of one step often follow each other
 * within microseconds) and then sleep on a condition variable; the caller broadcasts only
 * when someone sleeps. The sleeper count and the word are sequentially consistent atomics,
 * so a worker going to sleep either sees the new job or is counted before the caller looks.
 *
 * A call made for a model of an nnc_context with a thread count (base/context.c) lets only
 * that many threads, the caller included, take its tasks; the other workers skip the job.
 * One job at a time: a second thread that calls run while a job is in flight (two models
 * trained from two threads) runs its tasks itself, which gives the same bits.
 * nnc_set_threads waits for the job in flight, stops the workers and starts the new count.
 * Workers are plain pthreads (no allocation through nnc's hook); if one cannot be started
 * the pool runs with the ones it has, and nnc_set_threads says so (NNC_ERR_NOMEM, with the
 * count and the reason), so a run asked for 1000 threads under a memory limit stops there
 * rather than failing later at whatever allocates next. A child of fork() has none of its parent's workers: it
 * starts with none and runs on its one thread until nnc_set_threads asks for more, as does
 * a process after nnc_shutdown, which joins the workers (a library unloaded, a leak checker).
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>

#include "runtime.h"

enum {
  MAX_THREADS = 1024,
  SPINS = 1 << 9,              /* polls before a worker sleeps: a PAUSE is ~40 ns on Zen, so
                                  ~20 us; longer, a worker spinning between the kernels of
                                  small steps took the core the caller needed on a busy
                                  machine (task M ran 1.8x slower on 2 threads than on 1) */
};

typedef struct {
  pthread_mutex_t mu;          /* with wake: the workers' sleep */
  pthread_cond_t wake;
  atomic_flag busy;            /* a job is in flight, or the pool is being resized */
  atomic_int nworkers;         /* workers running (changed only while busy is held) */
  pthread_t worker[MAX_THREADS - 1];
  /* the job: written before its number is published, read after a claim on it succeeds */
  _Atomic(RtTask) task;
  _Atomic(void *) ctx;
  atomic_llong n;
  atomic_ullong claim;         /* job number << 32 | the next task to hand out */
  atomic_llong done;           /* tasks of the job finished */
  atomic_int helpers;          /* workers that may take the job's tasks: those numbered below */
  uint32_t born;               /* the job number when the workers started */
  atomic_int sleepers;
  atomic_bool stop;
} Pool;

static Pool pool = {
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

static uint32_t job_of(unsigned long long word) {
  return (uint32_t)(word >> 32);
}

/* Runs tasks of job `job`, one claim at a time, until none is left or the job is over. */
static void take_tasks(uint32_t job) {
  unsigned long long w = atomic_load(&pool.claim);
  while (job_of(w) == job && (long long)(uint32_t)w < atomic_load(&pool.n)) {
    if (!atomic_compare_exchange_weak(&pool.claim, &w, w + 1))
      continue; /* w now holds the word as it is */
    int64_t t = (uint32_t)w;
    atomic_load(&pool.task)(atomic_load(&pool.ctx), t, t + 1);
    atomic_fetch_add(&pool.done, 1);
    w = atomic_load(&pool.claim);
  }
}

/* Waits until a job other than `seen` is published; returns its number. */
static uint32_t next_job(uint32_t seen) {
  uint32_t j;
  for (int i = 0; (j = job_of(atomic_load(&pool.claim))) == seen && i < SPINS; i++)
    relax();
  if (j != seen)
    return j;
  pthread_mutex_lock(&pool.mu);
  atomic_fetch_add(&pool.sleepers, 1);
  while ((j = job_of(atomic_load(&pool.claim))) == seen)
    pthread_cond_wait(&pool.wake, &pool.mu);
  atomic_fetch_sub(&pool.sleepers, 1);
  pthread_mutex_unlock(&pool.mu);
  return j;
}

static void *work(void *arg) {
  int self = (int)(intptr_t)arg;
  uint32_t seen = pool.born; /* not the word's: a job may already be out */
  for (;;) {
    seen = next_job(seen);
    if (atomic_load(&pool.stop))
      return NULL;
    if (self < atomic_load(&pool.helpers)) /* a context's thread count may leave it out */
      take_tasks(seen);
  }
}

/* Gives the last job's number to an empty job, so that a claim on it fails from now on.
 * Without this, a worker that read the last job's word before the new job's fields were
 * stored and made its claim after could take a task of the new job under the old number,
 * and the same task was then handed out again: a task ran twice. */
static void close_last_job(void) {
  uint32_t job = job_of(atomic_load(&pool.claim)) + 1;
  atomic_store(&pool.claim, (unsigned long long)job << 32 | UINT32_MAX);
}

/* Publishes a job of n tasks (the fields set) and wakes the sleepers; returns its number. */
static uint32_t publish(int64_t n) {
  uint32_t job = job_of(atomic_load(&pool.claim)) + 1;
  atomic_store(&pool.n, n);
  atomic_store(&pool.done, 0);
  atomic_store(&pool.claim, (unsigned long long)job << 32);
  if (atomic_load(&pool.sleepers) > 0) {
    pthread_mutex_lock(&pool.mu);
    pthread_cond_broadcast(&pool.wake);
    pthread_mutex_unlock(&pool.mu);
  }
  return job;
}

/* threads: the most that may run the job, the caller included; 0 for all. */
static void run(RtTask task, void *ctx, int64_t n, int threads) {
  if (n <= 0)
    return;
  bool mine = n > 1 && n < INT32_MAX && threads != 1 && !atomic_flag_test_and_set(&pool.busy);
  if (mine && atomic_load(&pool.nworkers) == 0) {
    atomic_flag_clear(&pool.busy);
    mine = false;
  }
  if (!mine) {
    task(ctx, 0, n);
    return;
  }
  close_last_job();
  atomic_store(&pool.task, task);
  atomic_store(&pool.ctx, ctx);
  atomic_store(&pool.helpers, threads > 0 ? threads - 1 : MAX_THREADS);
  take_tasks(publish(n));
  for (int i = 0; atomic_load(&pool.done) < n; i++)
    if (i < SPINS)
      relax();
    else
      sched_yield();
  atomic_flag_clear(&pool.busy);
}

static void stop_workers(void) {
  int n = atomic_load(&pool.nworkers);
  if (n == 0)
    return;
  atomic_store(&pool.stop, true);
  publish(0);
  for (int k = 0; k < n; k++)
    pthread_join(pool.worker[k], NULL);
  atomic_store(&pool.nworkers, 0);
  atomic_store(&pool.stop, false);
}

/* Starts workers for nthreads in all; returns 0, or pthread_create's error for the
 * first one that could not start (those before it run). */
static int start_workers(int nthreads) {
  pool.born = job_of(atomic_load(&pool.claim));
  for (int k = 0; k < nthreads - 1; k++) {
    int err = base_thread_start(&pool.worker[k], work, (void *)(intptr_t)k);
    if (err)
      return err;
    atomic_store(&pool.nworkers, k + 1);
  }
  return 0;
}

/* In a child of fork(): the workers stayed with the parent. */
static void forget_workers(void) {
  atomic_store(&pool.nworkers, 0);
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
  (void)start_workers(available_cores()); /* the default: what starts */
}

void rt_parallel(RtTask task, void *ctx, int64_t n) {
  pthread_once(&started, start_default);
  run(task, ctx, n, base_context_threads());
}

nnc_status nnc_set_threads(int n) {
  if (n < 0 || n > MAX_THREADS)
    return base_error(NNC_ERR_ARG, "nnc_set_threads: %d threads; want 1 to %d, or 0 for the "
                    "cores available", n, MAX_THREADS);
  pthread_once(&started, start_default);
  while (atomic_flag_test_and_set(&pool.busy))
    sched_yield();
  stop_workers();
  int want = n == 0 ? available_cores() : n, err = start_workers(want);
  int have = atomic_load(&pool.nworkers) + 1;
  atomic_flag_clear(&pool.busy);
  if (err)
    return base_error(NNC_ERR_NOMEM, "nnc_set_threads: only %d of %d threads could start (%s: "
                      "memory for their stacks or the limit of threads ran out); running with "
                      "%d", have, want, strerror(err), have);
  return NNC_OK;
}

/* Marks the pool started without starting workers (nnc_shutdown before any parallel step). */
static void start_none(void) {
  pthread_atfork(NULL, NULL, forget_workers);
}

void nnc_shutdown(void) {
  pthread_once(&started, start_none);
  while (atomic_flag_test_and_set(&pool.busy))
    sched_yield();
  stop_workers();
  atomic_flag_clear(&pool.busy);
}

int nnc_threads(void) {
  pthread_once(&started, start_default);
  return atomic_load(&pool.nworkers) + 1;
}
