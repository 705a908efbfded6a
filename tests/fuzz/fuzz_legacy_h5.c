/* fuzz_legacy_h5.c — libFuzzer target for loading Keras's legacy whole-model .h5 files
 * (keras/legacy_h5.c over formats/h5.c and libhdf5, then keras/model_config.c and
 * keras/compile_config.c on the file's model_config and training_config attributes).
 *
 * Each input is loaded as a .h5 file with nnc_model_load_keras, as keras.models.load_model
 * loads it. A load either gives a model (freed at once) or fails with a one-line message
 * naming the file, having made nothing. The same file is then loaded with
 * nnc_model_load_weights into the small model of fuzz.h (keras/legacy_h5_weights.c, its
 * layers matched in order), which either succeeds or fails with such a message, leaving
 * the weights as they were.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file(".h5", data, size);
  nnc_model *m = NULL;
  if (nnc_model_load_keras(path, &m) == NNC_OK)
    nnc_model_free(m);
  else if (m)
    fuzz_broken("fuzz_legacy_h5", "a failed load left a model", path);
  else
    fuzz_check_message("fuzz_legacy_h5", path);
  nnc_model *small = fuzz_small_model("fuzz_legacy_h5", nnc_sgd());
  fuzz_load_into("fuzz_legacy_h5", small, false, path, nnc_model_load_weights);
  return 0;
}
