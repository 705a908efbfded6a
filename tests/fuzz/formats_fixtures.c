/* formats_fixtures.c — the helper the fuzz targets of the data readers link (declared in
 * fuzz.h): the check of a loaded tensor.
 */
#include "formats.h"
#include "fuzz.h"

void fuzz_check_tensor(const char *who, const char *path, nnc_status s, nnc_tensor *t,
                       nnc_dtype want, int rank) {
  if (s != NNC_OK) {
    if (t)
      fuzz_broken(who, "a failed load left a tensor", NULL);
    fuzz_check_message(who, path);
    return;
  }
  int64_t n = 1;
  for (int i = 0; i < nnc_tensor_rank(t); i++)
    n *= nnc_tensor_dim(t, i);
  if (n != t->numel || t->dtype != want || (rank >= 0 && nnc_tensor_rank(t) != rank))
    fuzz_broken(who, "a tensor whose shape, count or dtype disagree", NULL);
  volatile double sum = 0; /* every element read: a short buffer shows up in ASan */
  for (int64_t i = 0; i < t->numel; i++)
    sum += rt_tensor_get(t, i);
  (void)sum;
  nnc_tensor_free(t);
}
