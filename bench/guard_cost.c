/* guard_cost.c — what the model's try-lock (keras/guard.c) costs a call: a guarded call that
 * does nothing else (nnc_model_layer_count) beside an unguarded one that checks a tag
 * (nnc_tensor_numel), then the cheapest calls the guard is taken for, a predict of one
 * sample and a fit, per step, of a 4-input, 1-unit model. The guard is taken once per call,
 * never per step. bench/DECISIONS.md has the numbers. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <time.h>

#include "nnc.h"

enum { CALLS = 10000000, PREDICTS = 100000, SAMPLES = 1024, EPOCHS = 20 };

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(void) {
  nnc_model *m;
  nnc_tensor *t, *x1, *x, *y, *p;
  nnc_model_new(&m);
  nnc_model_add_input(m, 4);
  nnc_dense_options d = nnc_dense(1, NNC_ACT_SIGMOID);
  nnc_model_add_dense(m, &d);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  if (nnc_model_compile(m, &c) != NNC_OK)
    return fprintf(stderr, "%s\n", nnc_last_error()), 1;
  nnc_tensor_new(NNC_F32, 1, (int64_t[]){3}, &t);
  nnc_tensor_new(NNC_F32, 2, (int64_t[]){1, 4}, &x1);
  nnc_tensor_new(NNC_F32, 2, (int64_t[]){SAMPLES, 4}, &x);
  nnc_tensor_new(NNC_F32, 2, (int64_t[]){SAMPLES, 1}, &y);
  long sum = 0;
  double t0 = now();
  for (int i = 0; i < CALLS; i++)
    sum += nnc_tensor_numel(t);
  double bare = (now() - t0) / CALLS;
  t0 = now();
  for (int i = 0; i < CALLS; i++)
    sum += nnc_model_layer_count(m);
  double guarded = (now() - t0) / CALLS;
  nnc_model_predict(m, x1, 1, &p); /* compiled before the clock starts */
  nnc_tensor_free(p);
  t0 = now();
  for (int i = 0; i < PREDICTS; i++) {
    nnc_model_predict(m, x1, 1, &p);
    nnc_tensor_free(p);
  }
  double predict = (now() - t0) / PREDICTS;
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0, f.batch_size = 1;
  nnc_model_fit(m, x, y, &f);
  f.epochs = EPOCHS;
  t0 = now();
  nnc_model_fit(m, x, y, &f);
  double step = (now() - t0) / (EPOCHS * SAMPLES);
  printf("tag-checked call %.1f ns, guarded call %.1f ns (%ld); predict of 1 sample %.0f ns; "
         "fit step of batch 1 %.0f ns\n", bare * 1e9, guarded * 1e9, sum, predict * 1e9,
         step * 1e9);
  nnc_model_free(m);
  nnc_tensor_free(t), nnc_tensor_free(x1), nnc_tensor_free(x), nnc_tensor_free(y);
  return 0;
}
