/* policy_steps.c — CPU time of Task L's training step (784 -> 1024 relu -> 1024 relu -> 10,
 * sparse categorical cross-entropy from logits, Adam, batch 256) under the policy 'float32'
 * or 'mixed_bfloat16', for bench/DECISIONS.md. The machine is shared and noisy and its VM
 * has no cycle counter for perf, so it counts the calling thread's CPU time (nnc's pool at
 * one thread runs every kernel on it) over fits of a fixed 10 steps on fixed random data,
 * and prints the best of `repeats`.
 *
 *   build/bench/policy_steps float32 5; build/bench/policy_steps mixed_bfloat16 5
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nnc.h>

enum { N = 2560, BATCH = 256, IN = 784, HID = 1024, OUT = 10 };

static double cpu_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static nnc_status model(nnc_model **m, int bf16) {
  nnc_dense_options hidden = nnc_dense(HID, NNC_ACT_RELU), last = nnc_dense(OUT, NNC_ACT_LINEAR);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY);
  c.from_logits = 1;
  c.optimizer = nnc_adam();
  c.mixed_bfloat16 = bf16;
  nnc_status s = nnc_model_new(m);
  if (s == NNC_OK)
    s = nnc_model_set_seed(*m, 1);
  if (s == NNC_OK)
    s = nnc_model_add_input(*m, IN);
  for (int i = 0; i < 2 && s == NNC_OK; i++)
    s = nnc_model_add_dense(*m, &hidden);
  if (s == NNC_OK)
    s = nnc_model_add_dense(*m, &last);
  return s == NNC_OK ? nnc_model_compile(*m, &c) : s;
}

int main(int argc, char **argv) {
  if (argc != 3 || (strcmp(argv[1], "float32") && strcmp(argv[1], "mixed_bfloat16"))) {
    fprintf(stderr, "usage: policy_steps float32|mixed_bfloat16 REPEATS\n");
    return 2;
  }
  int bf16 = argv[1][0] == 'm', repeats = atoi(argv[2]);
  int64_t sx[2] = {N, IN}, sy[1] = {N};
  nnc_tensor *x = NULL, *y = NULL;
  nnc_model *m = NULL;
  nnc_status s = nnc_tensor_new(NNC_F32, 2, sx, &x);
  if (s == NNC_OK)
    s = nnc_tensor_new(NNC_F32, 1, sy, &y);
  if (s == NNC_OK)
    s = nnc_set_threads(1);
  if (s == NNC_OK) {
    float *px = nnc_tensor_data(x), *py = nnc_tensor_data(y);
    srand(1);
    for (int64_t i = 0; i < (int64_t)N * IN; i++)
      px[i] = (float)rand() / (float)RAND_MAX;
    for (int64_t i = 0; i < N; i++)
      py[i] = (float)(rand() % OUT);
    s = model(&m, bf16);
  }
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  f.epochs = 1;
  f.batch_size = BATCH;
  f.shuffle = 0;
  double best = INFINITY;
  for (int r = -1; r < repeats && s == NNC_OK; r++) { /* r = -1: the warm-up */
    double t0 = cpu_s();
    s = nnc_model_fit(m, x, y, &f);
    if (r >= 0 && cpu_s() - t0 < best)
      best = cpu_s() - t0;
  }
  if (s == NNC_OK) {
    double step = best / (N / BATCH), flops = 6.0 * BATCH * (IN * HID + HID * HID + HID * OUT);
    printf("%s: %.2f ms CPU per step (best of %d), %.1f GFLOP/s\n", argv[1], step * 1e3,
           repeats, flops / step / 1e9);
  } else {
    fprintf(stderr, "policy_steps: %s\n", nnc_last_error());
  }
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  return s == NNC_OK ? 0 : 1;
}
