/* profile.c — where a compiled step's time goes, kernel by kernel (NNC_PROFILE=1, or
 * `nnc run --profile`).
 *
 * When profiling is on as a graph is JIT-compiled, emit.c registers each kernel here (its
 * step, a label, its FLOPs) and has main call pool->mark(pool, -1) on entry and
 * pool->mark(pool, id) after each kernel; driver/pool.c forwards marks to cg_profile_mark,
 * which charges the wall time since the thread's previous mark to kernel id. A ranged
 * kernel's mark follows pool->run, so its time is the wall time of all its tasks. Marks pass
 * plain indices, never addresses, so code compiled in another process (a compile cache)
 * cannot make a mark write outside the table: an unknown index is ignored. The table is
 * printed to stderr when the process exits. Object files (nnc build) are never profiled.
 * NNC_PROFILE=cpu charges the calling thread's CPU time instead of wall time: on a shared
 * machine it leaves out the time other processes held the core (one-thread runs only, as
 * it does not see the pool's other threads).
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cg.h"

enum { MAX_KERNELS = 4096, LABEL = 96 };

typedef struct {
  char step[32];               /* the compiled function's name */
  char label[LABEL];           /* the kernel: its value id, ops and shape */
  double flops;                /* per call; 0 when not counted (no matmul) */
  double seconds;              /* wall time over all calls */
  long calls;
} Rec;

static Rec recs[MAX_KERNELS];
static int nrecs;              /* registered; only grows */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local double last; /* the thread's previous mark, seconds */
static clockid_t clock_id = CLOCK_MONOTONIC; /* CLOCK_THREAD_CPUTIME_ID for NNC_PROFILE=cpu */

static double now(void) {
  struct timespec t;
  clock_gettime(clock_id, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int by_time(const void *a, const void *b) {
  double x = ((const Rec *)a)->seconds, y = ((const Rec *)b)->seconds;
  return (x < y) - (x > y);
}

static void report(void) {
  pthread_mutex_lock(&lock);
  int n = nrecs;
  Rec *sorted = malloc(sizeof *sorted * (size_t)(n ? n : 1));
  double total = 0;
  if (sorted)
    memcpy(sorted, recs, sizeof *sorted * (size_t)n);
  pthread_mutex_unlock(&lock);
  if (!sorted)
    return;
  for (int i = 0; i < n; i++)
    total += sorted[i].seconds;
  qsort(sorted, (size_t)n, sizeof *sorted, by_time);
  fprintf(stderr, "nnc profile: %s per kernel of the compiled steps, %.3f s in all\n"
                  "%-12s %-52s %9s %10s %6s %10s %8s\n",
          clock_id == CLOCK_MONOTONIC ? "wall time" : "CPU time of the calling thread", total,
          "step", "kernel", "calls", "total ms", "%", "us/call", "GFLOP/s");
  for (int i = 0; i < n; i++) {
    const Rec *r = &sorted[i];
    if (r->calls == 0)
      continue;
    char gf[16] = "-";
    if (r->flops > 0 && r->seconds > 0)
      snprintf(gf, sizeof gf, "%.1f", r->flops * (double)r->calls / r->seconds * 1e-9);
    fprintf(stderr, "%-12s %-52s %9ld %10.2f %6.1f %10.2f %8s\n", r->step, r->label, r->calls,
            r->seconds * 1e3, total > 0 ? 100 * r->seconds / total : 0.0,
            r->seconds / (double)r->calls * 1e6, gf);
  }
  free(sorted);
}

bool cg_profiling(void) {
  static int on = -1;
  if (on < 0) {
    const char *e = getenv("NNC_PROFILE");
    on = e && *e && strcmp(e, "0") != 0;
    if (on && strcmp(e, "cpu") == 0)
      clock_id = CLOCK_THREAD_CPUTIME_ID;
    if (on)
      atexit(report);
  }
  return on;
}

int64_t cg_profile_register(const char *step, const char *label, double flops) {
  pthread_mutex_lock(&lock);
  int id = nrecs < MAX_KERNELS ? nrecs : -1;
  if (id >= 0) { /* filled before it is published to cg_profile_mark */
    Rec *r = &recs[id];
    snprintf(r->step, sizeof r->step, "%s", step);
    snprintf(r->label, sizeof r->label, "%s", label);
    r->flops = flops;
    __atomic_store_n(&nrecs, id + 1, __ATOMIC_RELEASE);
  }
  pthread_mutex_unlock(&lock);
  return id;
}

void cg_profile_mark(int64_t kernel) {
  double t = now();
  if (kernel >= 0 && kernel < __atomic_load_n(&nrecs, __ATOMIC_ACQUIRE)) {
    Rec *r = &recs[kernel];
    r->seconds += t - last; /* one thread runs a step; steps of one graph never overlap */
    r->calls++;
  }
  last = t;
}
