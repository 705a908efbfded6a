/* fuzz_keras_config.c — libFuzzer target for the reader of a model's architecture
 * (keras/model_config.c): the config.json of a .keras archive, in Keras 3's form or Keras
 * 2's (tfjs's modelTopology).
 *
 * Each input is the config's text, rebuilt with keras_model_from_config as
 * nnc_model_load_keras rebuilds it (the zip and the HDF5 weights around it have readers of
 * their own). A load either gives a built model (freed at once) or fails with a one-line
 * message naming the archive's member, having made nothing.
 */
#include "fuzz.h"
#include "keras.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *where = "fuzz.keras[config.json]";
  fuzz_cap_allocations();
  nnc_model *m = NULL;
  /* as if the archive's weights member held 1 MB: a config may claim no more than that */
  if (keras_model_from_config((const char *)data, size, where, 1 << 20, &m) == NNC_OK)
    nnc_model_free(m);
  else if (m)
    fuzz_broken("fuzz_keras_config", "a failed load left a model", where);
  else
    fuzz_check_message("fuzz_keras_config", where);
  return 0;
}
