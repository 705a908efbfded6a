/* fuzz_onnx.c — libFuzzer target for the ONNX importer (keras/onnx_import.c over
 * formats/onnx.c and protobuf-c).
 *
 * Each input is written to the per-process .onnx file and loaded with nnc_model_load_onnx.
 * A load either gives a model (freed at once) or fails with a one-line message naming the
 * file, having made nothing; the capped allocator bounds what a claimed size can cost.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file(".onnx", data, size);
  nnc_model *m = NULL;
  if (nnc_model_load_onnx(path, &m) == NNC_OK)
    nnc_model_free(m);
  else
    fuzz_check_message("fuzz_onnx", path);
  return 0;
}
