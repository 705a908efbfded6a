/* fuzz_loadtxt.c — libFuzzer target for np.loadtxt and np.genfromtxt (ndarray/npyio.c over
 * formats/csv.c's tokenizer).
 *
 * Each input is written to the per-process .txt file (fuzz.h) and read four ways: loadtxt
 * splitting at whitespace, loadtxt at commas keeping two columns after a skipped row as
 * int32, genfromtxt at commas (missing values as nan), genfromtxt at semicolons dropping a
 * footer line. An array is printed, which reads every element; a failure must name the
 * file in one line.
 */
#include "fuzz.h"
#include "ndarray.h"

static void check(const char *path, NdArray *a) {
  if (!a) {
    fuzz_check_message("fuzz_loadtxt", path);
    return;
  }
  char *s = nd_repr(a);
  if (!s)
    fuzz_broken("fuzz_loadtxt", "printing failed:", base_last_error());
  base_free(s);
  nd_unref(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file(".txt", data, size);
  NdTextOpts ws = {0}, cols = {.delimiter = ',', .skiprows = 1, .nusecols = 2,
                               .usecols = (int64_t[]){0, -1}, .dtype = ND_INT32};
  NdTextOpts comma = {.delimiter = ',', .ndmin = 2}, semi = {.delimiter = ';', .skip_footer = 1};
  check(path, nd_loadtxt(path, &ws));
  check(path, nd_loadtxt(path, &cols));
  check(path, nd_genfromtxt(path, &comma));
  check(path, nd_genfromtxt(path, &semi));
  return 0;
}
