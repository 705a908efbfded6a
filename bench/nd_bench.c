/* nd_bench.c — nnc's side of the ndarray benchmark (bench/ndarray.sh runs it beside numpy).
 *
 * Times the array operations a tutorial's preprocessing runs, on an MNIST-sized uint8
 * array [rows, 784] of pseudo-random pixels: each operation is run once to warm up,
 * then `repeats` times, and the fastest time is printed as one line of JSON per operation:
 *   {"op": "x / 255.0", "seconds": 0.0123}
 * Usage: nd_bench [--rows N] [--repeats N] [--threads N]
 */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ndarray.h"

static NdArray *x, *xf, *w;     /* uint8 [rows, 784]; x / 255.0 as float32; float32 [784, 128] */

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static NdArray *div255(void) {
  NdArray *s = nd_scalar_f64(255.0), *r = nd_ufunc(ND_TRUE_DIVIDE, x, s);
  nd_unref(s);
  return r;
}

static NdArray *astype_div(void) { /* x.astype('float32') / 255: the astype is a temporary */
  return nd_ufunc_take(ND_TRUE_DIVIDE, nd_astype(x, ND_FLOAT32), nd_scalar_i64(255));
}

static NdArray *mean_all(void) {
  return nd_reduce(ND_MEAN, xf, NULL);
}

static NdArray *sum_rows(void) {
  NdReduceOpts o = {.axis = nd_axis(1)};
  return nd_reduce(ND_SUM, x, &o);
}

static NdArray *compare(void) { /* (x > 127) */
  NdArray *s = nd_scalar_i64(127), *r = nd_ufunc(ND_GREATER, x, s);
  nd_unref(s);
  return r;
}

static NdArray *matmul(void) { /* xf[:1000] @ w */
  NdIndex first = nd_ix_slice(0, 1000, 1, ND_HAS_STOP);
  NdArray *a = nd_getitem(xf, 1, &first), *r = nd_matmul(a, w);
  nd_unref(a);
  return r;
}

static const struct {
  const char *op;
  NdArray *(*run)(void);
} ops[] = {
    {"x / 255.0", div255},
    {"x.astype(np.float32) / 255", astype_div},
    {"xf.mean()", mean_all},
    {"x.sum(axis=1)", sum_rows},
    {"x > 127", compare},
    {"xf[:1000] @ w", matmul},
};

int main(int argc, char **argv) {
  int64_t rows = 60000;
  int repeats = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (strcmp(argv[i], "--rows") == 0)
      rows = atoll(argv[i + 1]);
    else if (strcmp(argv[i], "--repeats") == 0)
      repeats = atoi(argv[i + 1]);
    else if (strcmp(argv[i], "--threads") == 0)
      nnc_set_threads(atoi(argv[i + 1]));
  }
  x = nd_empty(ND_UINT8, 2, (int64_t[]){rows, 784});
  w = nd_empty(ND_FLOAT32, 2, (int64_t[]){784, 128});
  if (!x || !w) {
    fprintf(stderr, "nd_bench: %s\n", base_last_error());
    return 1;
  }
  uint32_t s = 1;
  for (int64_t i = 0; i < x->size; i++)
    ((uint8_t *)x->data)[i] = (uint8_t)((s = s * 1664525u + 1013904223u) >> 24);
  for (int64_t i = 0; i < w->size; i++)
    ((float *)w->data)[i] = (float)((s = s * 1664525u + 1013904223u) >> 8) / 16777216.0f - 0.5f;
  xf = astype_div();
  for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
    double best = 1e30;
    for (int r = 0; r <= repeats; r++) {
      double t0 = now();
      NdArray *out = ops[k].run();
      double t = now() - t0;
      if (!out) {
        fprintf(stderr, "nd_bench: %s: %s\n", ops[k].op, base_last_error());
        return 1;
      }
      nd_unref(out);
      if (r > 0 && t < best) /* the first run warms up */
        best = t;
    }
    printf("{\"op\": \"%s\", \"seconds\": %.6f}\n", ops[k].op, best);
  }
  nd_unref(x), nd_unref(xf), nd_unref(w);
  return 0;
}
