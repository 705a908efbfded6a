/* fuzz_npy.c — libFuzzer target for the .npy loader (formats/npy.c).
 *
 * Each input is written to the per-process file (fuzz.h; its name ends in .npy so no other
 * reader claims it) and loaded as f32 and as i32. Any input must give a tensor or an error
 * status whose message names the file; a tensor must hold exactly the elements its shape
 * says (every one is read, so a short buffer shows up in ASan).
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file(".npy", data, size);
  const nnc_dtype as[2] = {NNC_F32, NNC_I32};
  for (int i = 0; i < 2; i++) {
    nnc_tensor *t = NULL;
    nnc_status s = nnc_tensor_load(path, as[i], &t);
    fuzz_check_tensor("fuzz_npy", path, s, t, as[i], -1);
  }
  return 0;
}
