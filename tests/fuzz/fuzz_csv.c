/* fuzz_csv.c — libFuzzer target for the CSV reader (runtime/csv.c, through datafile.c, so a
 * gzip'd input is inflated first).
 *
 * Each input is loaded from the per-process .csv file (fuzz.h) three ways: f64 with the
 * header detected, f32 with the first row skipped, i32 with every row data (I32 adds the
 * integer and range checks). A tensor must be [rows, cols] with every element readable; a
 * failure must name the file.
 */
#include "fuzz.h"
#include "runtime.h"

static void load(const char *path, nnc_dtype want, nnc_csv_header header) {
  nnc_tensor *t = NULL;
  if (nnc_tensor_load_csv(path, want, header, &t) == NNC_OK) {
    if (nnc_tensor_rank(t) != 2 || nnc_tensor_dim(t, 0) * nnc_tensor_dim(t, 1) != t->numel ||
        t->dtype != want)
      abort();
    volatile double sum = 0;
    for (int64_t i = 0; i < t->numel; i++)
      sum += rt_tensor_get(t, i);
    (void)sum;
    nnc_tensor_free(t);
  } else {
    if (t)
      abort();
    fuzz_check_message("fuzz_csv", path);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file(".csv", data, size);
  load(path, NNC_F64, NNC_CSV_HEADER_AUTO);
  load(path, NNC_F32, NNC_CSV_HEADER_SKIP);
  load(path, NNC_I32, NNC_CSV_HEADER_NONE);
  return 0;
}
