/* fuzz_npy.c — libFuzzer target for the .npy loader (runtime/npy.c).
 *
 * Each input is written to the per-process file (fuzz.h; its name ends in .npy so no other
 * reader claims it) and loaded as f32 and as i32. Any input must give a tensor or an error
 * status whose message names the file; a tensor must hold exactly the elements its shape
 * says (every one is read, so a short buffer shows up in ASan).
 */
#include "fuzz.h"
#include "runtime.h"

static void load(const char *path, nnc_dtype want) {
  nnc_tensor *t = NULL;
  if (nnc_tensor_load(path, want, &t) == NNC_OK) {
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
    fuzz_check_message("fuzz_npy", path);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file(".npy", data, size);
  load(path, NNC_F32);
  load(path, NNC_I32);
  return 0;
}
