/* fuzz_idx.c — libFuzzer target for the IDX reader (formats/idx.c, through datafile.c, so
 * a gzip'd input is inflated first, never past what its header announces).
 *
 * Each input is loaded from the per-process .idx file (fuzz.h) as f32 scaled (only u8 files
 * accept the flag: others must fail cleanly), and as i32. A tensor must hold the elements
 * its shape says; a failure must name the file.
 */
#include "fuzz.h"

static void load(const char *path, nnc_dtype want, unsigned flags) {
  nnc_tensor *t = NULL;
  nnc_status s = nnc_tensor_load_idx(path, want, flags, &t);
  fuzz_check_tensor("fuzz_idx", path, s, t, want, -1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file(".idx", data, size);
  load(path, NNC_F32, NNC_IDX_SCALE);
  load(path, NNC_I32, 0);
  return 0;
}
