/* predict_bench.c — nnc's side of the inference benchmark against ONNX Runtime (bench/ort.sh):
 * builds Task M or L's network through the public API, exports it as ONNX for the other
 * side, and times nnc_model_predict on the same kind of input.
 *
 * Networks (f32, Keras's default initializers, seed 1):
 *   M  784 -> 128 relu -> 10
 *   L  784 -> 1024 relu -> 1024 relu -> 10
 * Input: uniform [0, 1), like scaled pixels; the weights are the initial ones (inference
 * costs the same for any values).
 * Timing: batch B > 1 is throughput: one predict call over `samples` samples in batches of
 * B, the best of `repeats` calls, after one warm-up call (which compiles the predict step).
 * Batch 1 is latency: `calls` predict calls on one sample, the best of `repeats` rounds,
 * each call's output tensor allocated and freed as an application would.
 * Output: one JSON line on stdout: samples/s and µs per batch of B samples. Exit status 0, or 1 with the error on stderr.
 */
#define _XOPEN_SOURCE 700
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nnc.h>

typedef struct {
  const char *task, *onnx;
  int64_t batch, samples;
  int calls, repeats, threads;
} Args;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int fail(const char *what) {
  fprintf(stderr, "predict_bench: %s: %s\n", what, nnc_last_error());
  return 1;
}

static int parse_args(int argc, char **argv, Args *a) {
  *a = (Args){NULL, NULL, 256, 16384, 2000, 5, 2};
  for (int i = 1; i + 1 < argc; i += 2) {
    const char *k = argv[i], *v = argv[i + 1];
    if (strcmp(k, "--task") == 0)
      a->task = v;
    else if (strcmp(k, "--onnx") == 0)
      a->onnx = v;
    else if (strcmp(k, "--batch") == 0)
      a->batch = atoll(v);
    else if (strcmp(k, "--samples") == 0)
      a->samples = atoll(v);
    else if (strcmp(k, "--calls") == 0)
      a->calls = atoi(v);
    else if (strcmp(k, "--repeats") == 0)
      a->repeats = atoi(v);
    else if (strcmp(k, "--threads") == 0)
      a->threads = atoi(v);
    else
      return 0;
  }
  return argc % 2 == 1 && a->task && (strcmp(a->task, "M") == 0 || strcmp(a->task, "L") == 0) &&
         a->batch >= 1 && a->samples >= a->batch && a->calls >= 1 && a->repeats >= 1 &&
         a->threads >= 1;
}

static nnc_status build(const char *task, nnc_model **out) {
  static const int64_t m_units[] = {128, 10}, l_units[] = {1024, 1024, 10};
  bool large = strcmp(task, "L") == 0;
  const int64_t *units = large ? l_units : m_units;
  int n = large ? 3 : 2;
  nnc_model *m;
  nnc_status s = nnc_model_new(&m);
  if (s == NNC_OK)
    s = nnc_model_set_seed(m, 1);
  if (s == NNC_OK)
    s = nnc_model_add_input(m, 784);
  for (int i = 0; s == NNC_OK && i < n; i++) {
    nnc_dense_options d = nnc_dense(units[i], i < n - 1 ? NNC_ACT_RELU : NNC_ACT_LINEAR);
    s = nnc_model_add_dense(m, &d);
  }
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY);
  c.from_logits = true;
  if (s == NNC_OK)
    s = nnc_model_compile(m, &c);
  if (s != NNC_OK)
    nnc_model_free(m);
  else
    *out = m;
  return s;
}

static nnc_tensor *uniform(int64_t n) {
  int64_t shape[2] = {n, 784};
  nnc_tensor *x = NULL;
  if (nnc_tensor_new(NNC_F32, 2, shape, &x) != NNC_OK)
    return NULL;
  float *p = nnc_tensor_data(x);
  uint64_t r = 0x9e3779b97f4a7c15u;
  for (int64_t i = 0; i < n * 784; i++) {
    r = r * 6364136223846793005u + 1442695040888963407u;
    p[i] = (float)(r >> 40) / (float)(1u << 24);
  }
  return x;
}

/* Seconds of the best of `repeats` rounds of `calls` predict calls on x; -1 on failure. */
static double best_round(nnc_model *m, const nnc_tensor *x, int64_t batch, int calls,
                         int repeats) {
  double best = 1e30;
  for (int r = 0; r < repeats; r++) {
    double t0 = now_s();
    for (int c = 0; c < calls; c++) {
      nnc_tensor *y = NULL;
      if (nnc_model_predict(m, x, batch, &y) != NNC_OK)
        return -1;
      nnc_tensor_free(y);
    }
    double t = now_s() - t0;
    best = t < best ? t : best;
  }
  return best;
}

int main(int argc, char **argv) {
  nnc_init(NNC_INIT_PREFAULT_HEAP); /* as the nnc command runs */
  Args a;
  if (!parse_args(argc, argv, &a)) {
    fprintf(stderr, "usage: predict_bench --task M|L [--batch B] [--samples N] [--calls N]\n"
                    "                     [--repeats N] [--threads N] [--onnx OUT.onnx]\n");
    return 2;
  }
  if (nnc_set_threads(a.threads) != NNC_OK)
    return fail("threads");
  nnc_model *m;
  if (build(a.task, &m) != NNC_OK)
    return fail("building the model");
  if (a.onnx && nnc_model_export_onnx(m, a.onnx) != NNC_OK)
    return fail("exporting");
  bool latency = a.batch == 1;
  nnc_tensor *x = uniform(latency ? 1 : a.samples);
  if (!x)
    return fail("input");
  int calls = latency ? a.calls : 1;
  if (best_round(m, x, a.batch, 1, 1) < 0) /* the warm-up, which compiles predict */
    return fail("predict");
  double t = best_round(m, x, a.batch, calls, a.repeats);
  if (t < 0)
    return fail("predict");
  double samples = latency ? (double)calls : (double)a.samples;
  printf("{\"side\": \"nnc\", \"task\": \"%s\", \"batch\": %lld, \"threads\": %d, "
         "\"samples_per_s\": %.1f, \"us_per_batch\": %.3f}\n",
         a.task, (long long)a.batch, a.threads, samples / t, t / samples * (double)a.batch * 1e6);
  nnc_tensor_free(x);
  nnc_model_free(m);
  return 0;
}
