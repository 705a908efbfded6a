/* fuzz_h5weights.c — libFuzzer target for loading Keras's .weights.h5 files
 * (keras/h5weights.c over formats/h5.c and libhdf5).
 *
 * The small model of fuzz.h (3 -> dense 2 relu -> dense_1 1 sigmoid, f32), the shape of
 * the Keras file in the seed corpus, is built once per process; each input is loaded into
 * it with nnc_model_load_weights from the per-process .weights.h5 file. A load either
 * succeeds (datasets layers/dense/vars/0 [3,2], .../1 [2], layers/dense_1/vars/0 [2,1],
 * .../1 [1], float32) or fails with a one-line message naming the file, leaving the
 * weights as they were.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nnc_model *m = fuzz_small_model("fuzz_h5weights", nnc_sgd());
  const char *path = fuzz_file(".weights.h5", data, size);
  fuzz_load_into("fuzz_h5weights", m, false, path, nnc_model_load_weights);
  return 0;
}
