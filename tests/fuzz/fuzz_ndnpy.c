/* fuzz_ndnpy.c — libFuzzer target for np.load (ndarray/npyio.c over formats/npy.c's raw
 * layer: any rank up to 32, bools included).
 *
 * Each input is written to the per-process .npy file (fuzz.h) and loaded. An array must
 * hold the elements its shape says, each read by printing it (which also runs the printer
 * over whatever values the bytes spell: NaN, infinities, subnormals); a failure must name
 * the file in one line and say which Python exception numpy would raise.
 */
#include <string.h>

#include "fuzz.h"
#include "ndarray.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *path = fuzz_file(".npy", data, size);
  NdArray *a = nd_load(path);
  if (!a) {
    fuzz_check_message("fuzz_ndnpy", path);
    return 0;
  }
  int64_t n = 1;
  for (int i = 0; i < a->ndim; i++)
    n *= a->shape[i];
  if (n != a->size)
    fuzz_broken("fuzz_ndnpy", "the size is not the product of the shape", path);
  char *s = nd_repr(a), *t = nd_str(a);
  if (!s || !t)
    fuzz_broken("fuzz_ndnpy", "printing failed:", base_last_error());
  base_free(s);
  base_free(t);
  nd_unref(a);
  return 0;
}
