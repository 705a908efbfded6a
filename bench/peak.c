/* peak.c — the machine's FP32 peak as bench/run.sh measures it: a loop of independent vector
 * FMAs, on one thread and on --threads threads at once, every thread with its own copy.
 *
 * The loop keeps more accumulators than latency x pipes on any x86 core measured (Zen 5 needs
 * 8 FMAs in flight) yet few enough to stay in registers with the two constants: 16 of
 * AVX-512's 32, 12 of AVX2's 16 (16 there spilled to the stack and measured 58% of the peak).
 * It multiplies by values the compiler cannot fold, so it runs exactly one FMA per
 * accumulator per step. It uses 512-bit vectors where the CPU has
 * AVX-512F, else 256-bit AVX2+FMA (the table's fractions are then against that), else scalar
 * code (the step's loop is unrolled: accumulators left in an array on the stack would make
 * it a store-to-load-forwarding loop at a fifth of the peak). Each figure is the best of 15
 * rounds of ~10 ms: a shared machine only ever makes a round slower. Output: one JSON line, {"isa", "gflops_1", "threads", "gflops_n"}.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

enum { ACC_ZMM = 16, ACC_YMM = 12, ACC_SCALAR = 12, ROUNDS = 15, MAX_THREADS = 64 };

typedef double (*Loop)(long steps, float x); /* runs steps, returns a sum (keeps it live) */

static long steps_per_round = 2000000;

#if defined(__x86_64__)
__attribute__((target("avx512f"))) static double loop512(long steps, float x) {
  __m512 acc[ACC_ZMM], m = _mm512_set1_ps(x), a = _mm512_set1_ps(1.0f - x);
  for (int i = 0; i < ACC_ZMM; i++)
    acc[i] = _mm512_set1_ps((float)i);
  for (long s = 0; s < steps; s++)
#pragma GCC unroll 16
    for (int i = 0; i < ACC_ZMM; i++)
      acc[i] = _mm512_fmadd_ps(acc[i], m, a);
  double sum = 0;
  for (int i = 0; i < ACC_ZMM; i++)
    sum += _mm512_reduce_add_ps(acc[i]);
  return sum;
}

__attribute__((target("avx2,fma"))) static double loop256(long steps, float x) {
  __m256 acc[ACC_YMM], m = _mm256_set1_ps(x), a = _mm256_set1_ps(1.0f - x);
  for (int i = 0; i < ACC_YMM; i++)
    acc[i] = _mm256_set1_ps((float)i);
  for (long s = 0; s < steps; s++)
#pragma GCC unroll 16
    for (int i = 0; i < ACC_YMM; i++)
      acc[i] = _mm256_fmadd_ps(acc[i], m, a);
  float lanes[8];
  double sum = 0;
  for (int i = 0; i < ACC_YMM; i++) {
    _mm256_storeu_ps(lanes, acc[i]);
    for (int l = 0; l < 8; l++)
      sum += lanes[l];
  }
  return sum;
}
#endif

static double loop1(long steps, float x) {
  float acc[ACC_SCALAR];
  for (int i = 0; i < ACC_SCALAR; i++)
    acc[i] = (float)i;
  for (long s = 0; s < steps; s++)
#pragma GCC unroll 16
    for (int i = 0; i < ACC_SCALAR; i++)
      acc[i] = acc[i] * x + (1.0f - x);
  double sum = 0;
  for (int i = 0; i < ACC_SCALAR; i++)
    sum += acc[i];
  return sum;
}

typedef struct {
  Loop loop;
  int fmas;                    /* lane FMAs per step: accumulators x fp32 lanes */
  const char *isa;
} Isa;

static Isa pick_isa(void) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f"))
    return (Isa){loop512, ACC_ZMM * 16, "avx512"};
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return (Isa){loop256, ACC_YMM * 8, "avx2"};
#endif
  return (Isa){loop1, ACC_SCALAR, "scalar"};
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

typedef struct {
  const Isa *isa;
  pthread_barrier_t *start;
  double seconds, sink;
} Worker;

static void *work(void *arg) {
  Worker *w = arg;
  pthread_barrier_wait(w->start);
  double t0 = now();
  w->sink = w->isa->loop(steps_per_round, 0.999f);
  w->seconds = now() - t0;
  return NULL;
}

/* GFLOP/s of n threads running the loop together: the slowest thread's time counts. */
static double round_gflops(const Isa *isa, int n) {
  pthread_t th[MAX_THREADS];
  Worker w[MAX_THREADS];
  pthread_barrier_t start;
  pthread_barrier_init(&start, NULL, (unsigned)n);
  for (int i = 0; i < n; i++) {
    w[i] = (Worker){.isa = isa, .start = &start};
    if (i > 0)
      pthread_create(&th[i], NULL, work, &w[i]);
  }
  work(&w[0]);
  double slowest = w[0].seconds;
  for (int i = 1; i < n; i++) {
    pthread_join(th[i], NULL);
    slowest = w[i].seconds > slowest ? w[i].seconds : slowest;
  }
  pthread_barrier_destroy(&start);
  double flops = 2.0 * isa->fmas * (double)steps_per_round * n;
  return flops / slowest * 1e-9;
}

static double best_gflops(const Isa *isa, int n) {
  double best = 0;
  for (int r = 0; r < ROUNDS; r++) {
    double g = round_gflops(isa, n);
    best = g > best ? g : best;
  }
  return best;
}

int main(int argc, char **argv) {
  int threads = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--threads") == 0)
      threads = atoi(argv[i + 1]);
    else if (strcmp(argv[i], "--steps") == 0)
      steps_per_round = atol(argv[i + 1]);
    else
      break;
  }
  if (threads < 1 || threads > MAX_THREADS || steps_per_round < 1 || argc % 2 == 0) {
    fprintf(stderr, "usage: peak [--threads N (1..%d)] [--steps STEPS_PER_ROUND]\n",
            MAX_THREADS);
    return 1;
  }
  Isa isa = pick_isa();
  double one = best_gflops(&isa, 1), all = threads > 1 ? best_gflops(&isa, threads) : one;
  printf("{\"isa\": \"%s\", \"gflops_1\": %.1f, \"threads\": %d, \"gflops_n\": %.1f}\n", isa.isa,
         one, threads, all);
  return 0;
}
