/* fuzz_weights.c — libFuzzer target for loading a model's weights (keras/weights.c on
 * top of the safetensors reader).
 *
 * One small model (fuzz.h: 3 -> dense 2 relu -> dense_1 1 sigmoid, f32) is built and
 * compiled once per process; each input is loaded into it with nnc_model_load_weights from
 * the per-process .safetensors file. A load either succeeds (the weights were exactly
 * dense/kernel [3,2], dense/bias [2], dense_1/kernel [2,1], dense_1/bias [1] in F32) or
 * fails with a one-line message naming the file, leaving the weights as they were.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nnc_model *m = fuzz_small_model("fuzz_weights", nnc_sgd());
  const char *path = fuzz_file(".safetensors", data, size);
  fuzz_load_into("fuzz_weights", m, false, path, nnc_model_load_weights);
  return 0;
}
