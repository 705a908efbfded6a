/* support_files.c — see support_files.h. */
#include "support_files.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>

const char *test_keras_fixture(const char *name) {
  static char buf[16][512];
  static int k;
  char *b = buf[k++ % 16];
  snprintf(b, sizeof buf[0], "%s/keras/fixtures/%s", NNC_TEST_DATA, name);
  return b;
}

static double element(const nnc_tensor *t, int64_t i) {
  return nnc_tensor_dtype(t) == NNC_F64 ? ((const double *)nnc_tensor_cdata(t))[i]
                                        : ((const float *)nnc_tensor_cdata(t))[i];
}

double test_max_diff(const nnc_tensor *a, const nnc_tensor *b) {
  cr_assert_eq(nnc_tensor_numel(a), nnc_tensor_numel(b));
  double d = 0;
  for (int64_t i = 0; i < nnc_tensor_numel(a); i++)
    d = fmax(d, fabs(element(a, i) - element(b, i)));
  return d;
}
