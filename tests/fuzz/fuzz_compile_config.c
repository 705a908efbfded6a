/* fuzz_compile_config.c — libFuzzer target for the reader of compile()'s arguments as Keras
 * serializes them (keras/compile_config.c): a .keras archive's "compile_config" and, with
 * its optimizer as "optimizer_config", a legacy .h5 file's training_config.
 *
 * Each input is the object's JSON text, compiled into fuzz.h's small model with
 * keras_compile_from_config as nnc_model_load_keras compiles a loaded model. Text that is
 * not an object, and every refusal, must fail with a one-line message naming the file.
 */
#include <cjson/cJSON.h>

#include "fuzz.h"
#include "keras.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *where = "fuzz.keras[config.json]";
  nnc_model *m = fuzz_small_model("fuzz_compile_config", nnc_sgd());
  cJSON *cc = cJSON_ParseWithLength((const char *)data, size);
  if (cc && keras_compile_from_config(m, cc, where) != NNC_OK)
    fuzz_check_message("fuzz_compile_config", where);
  cJSON_Delete(cc);
  return 0;
}
