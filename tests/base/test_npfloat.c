/* test_npfloat.c — a float array's text as numpy prints it (str of a 1-d array): one width
 * for every element, scientific notation when the magnitudes call for it, nan and inf, and
 * the wrap at 75 columns. Each expectation is numpy's str(np.array(values, dtype)) printed
 * by numpy 2.4.6 (whose array text is 1.24's). */
#include <criterion/criterion.h>
#include <math.h>

#include "base.h"

static const char *str(const double *v, int64_t n, bool single) {
  static char text[512];
  BaseBuf b = {0};
  base_np_str_floats(&b, v, n, single);
  cr_assert(!b.nomem && b.p);
  snprintf(text, sizeof text, "%s", b.p);
  base_free(b.p);
  return text;
}

Test(npfloat, float_arrays_print_as_numpy_prints_them) {
  const double third[] = {0.5, 1.0 / 3.0, 0.0};
  cr_expect_str_eq(str(third, 3, true), "[0.5        0.33333334 0.        ]");
  cr_expect_str_eq(str((const double[]){1.0 / 3.0, 2.5}, 2, false), "[0.33333333 2.5       ]");
  cr_expect_str_eq(str((const double[]){1e-5, 0.5, 1.0}, 3, true), "[1.e-05 5.e-01 1.e+00]");
  cr_expect_str_eq(str((const double[]){NAN, 0.25, -INFINITY}, 3, true), "[ nan 0.25 -inf]");
}

Test(npfloat, long_arrays_wrap_at_75_columns) {
  const double f1[] = {0, 0, 0.22222218, 0, 0, 0.49999997, 0.33333328, 0, 0, 0};
  cr_expect_str_eq(str(f1, 10, true),
                   "[0.         0.         0.22222218 0.         0.         0.49999997\n"
                   " 0.33333328 0.         0.         0.        ]");
  const double tenths[] = {0.1, 0.2, 0.30000001192092896, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0,
                           0.125, 0.3333};
  cr_expect_str_eq(str(tenths, 12, true),
                   "[0.1    0.2    0.3    0.4    0.5    0.6    0.7    0.8    0.9    1.\n"
                   " 0.125  0.3333]");
}
