/* fuzz_weights.c — libFuzzer target for loading a model's weights (runtime/weights.c on
 * top of the safetensors reader).
 *
 * One small model (3 -> dense 2 relu -> dense_1 1 sigmoid, f32) is built and compiled once
 * per process; each input is loaded into it with nnc_model_load_weights from the
 * per-process .safetensors file (fuzz.h). A load either succeeds (the weights were exactly
 * dense/kernel [3,2], dense/bias [2], dense_1/kernel [2,1], dense_1/bias [1] in F32) or
 * fails with a one-line message naming the file, leaving the weights as they were.
 */
#include "fuzz.h"
#include "runtime.h"

static nnc_model *model(void) {
  static nnc_model *m;
  if (m)
    return m;
  nnc_dense_options d1 = nnc_dense(2, NNC_ACT_RELU), d2 = nnc_dense(1, NNC_ACT_SIGMOID);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  if (nnc_model_new(&m) != NNC_OK || nnc_model_add_input(m, 3) != NNC_OK ||
      nnc_model_add_dense(m, &d1) != NNC_OK || nnc_model_add_dense(m, &d2) != NNC_OK ||
      nnc_model_compile(m, &c) != NNC_OK) {
    fprintf(stderr, "fuzz_weights: cannot build the model: %s\n", nnc_last_error());
    abort();
  }
  return m;
}

/* The model's weights, flattened, to see that a failed load changed none. */
static size_t snapshot(const nnc_model *m, double *out, size_t cap) {
  size_t k = 0;
  for (int i = 0; i < m->nlayers; i++) {
    const nnc_tensor *ts[2] = {m->layers[i].kernel, m->layers[i].bias};
    for (int j = 0; j < 2; j++)
      for (int64_t e = 0; ts[j] && e < ts[j]->numel && k < cap; e++)
        out[k++] = rt_tensor_get(ts[j], e);
  }
  return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nnc_model *m = model();
  const char *path = fuzz_file(".safetensors", data, size);
  double before[64], after[64];
  size_t n = snapshot(m, before, 64);
  if (nnc_model_load_weights(m, path) != NNC_OK) {
    fuzz_check_message("fuzz_weights", path);
    if (snapshot(m, after, 64) != n || memcmp(before, after, n * sizeof *before) != 0) {
      fprintf(stderr, "fuzz_weights: a failed load changed the weights\n");
      abort();
    }
  }
  return 0;
}
