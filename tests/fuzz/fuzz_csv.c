/* fuzz_csv.c — libFuzzer target for the CSV reader (formats/csv.c, through datafile.c, so a
 * gzip'd input is inflated first).
 *
 * Each input is loaded from the per-process .csv file (fuzz.h) three ways: f64 with the
 * header detected, f32 with the first row skipped, i32 with every row data (I32 adds the
 * integer and range checks). A tensor must be [rows, cols] with every element readable; a
 * failure must name the file.
 */
#include "fuzz.h"

static void load(const char *path, nnc_dtype want, nnc_csv_header header) {
  nnc_tensor *t = NULL;
  nnc_status s = nnc_tensor_load_csv(path, want, header, &t);
  fuzz_check_tensor("fuzz_csv", path, s, t, want, 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file(".csv", data, size);
  load(path, NNC_F64, NNC_CSV_HEADER_AUTO);
  load(path, NNC_F32, NNC_CSV_HEADER_SKIP);
  load(path, NNC_I32, NNC_CSV_HEADER_NONE);
  return 0;
}
