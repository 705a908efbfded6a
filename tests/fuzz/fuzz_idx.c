/* fuzz_idx.c — libFuzzer target for the IDX reader (runtime/idx.c, through datafile.c, so
 * a gzip'd input is inflated first).
 *
 * Each input is loaded from the per-process .idx file (fuzz.h) as f32 scaled (only u8 files
 * accept the flag: others must fail cleanly), and as i32. A tensor must hold the elements
 * its shape says; a failure must name the file.
 */
#include "fuzz.h"
#include "runtime.h"

static void load(const char *path, nnc_dtype want, unsigned flags) {
  nnc_tensor *t = NULL;
  if (nnc_tensor_load_idx(path, want, flags, &t) == NNC_OK) {
    int64_t n = 1;
    for (int i = 0; i < nnc_tensor_rank(t); i++)
      n *= nnc_tensor_dim(t, i);
    if (n != t->numel || t->dtype != want)
      abort();
    volatile double sum = 0;
    for (int64_t i = 0; i < t->numel; i++)
      sum += rt_tensor_get(t, i);
    (void)sum;
    nnc_tensor_free(t);
  } else {
    if (t)
      abort();
    fuzz_check_message("fuzz_idx", path);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file(".idx", data, size);
  load(path, NNC_F32, NNC_IDX_SCALE);
  load(path, NNC_I32, 0);
  return 0;
}
