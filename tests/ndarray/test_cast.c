/* test_cast.c — astype between every pair of the six dtypes against numpy, including the
 * values C leaves undefined (NaN, infinities and out-of-range floats into ints), and single
 * values through nd_scalar_cast. */
#include "ndtest.h"

static const char *const names[] = {"bool_", "uint8", "int32", "int64", "float32", "float64"};
static const NdDtype types[] = {ND_BOOL, ND_UINT8, ND_INT32, ND_INT64, ND_FLOAT32, ND_FLOAT64};
static const char *const lits[] = {
    "[True, False]", "[0, 1, 255, 7]", "[-2147483648, -1, 0, 2147483647]",
    "[-9223372036854775808, -300, 70000, 9223372036854775807]",
    "[0.0, -0.0, 1.5, -1.5, 300.0, -300.0, 3e9, 1e20, nan, inf, -inf]",
    "[0.5, -2.9, 255.9, 256.0, -1.0, 2147483648.0, -2147483649.0, 9.3e18, nan, -inf, 1e-320]",
};

Test(cast, astype_matches_numpy_for_every_pair) {
  enum { N = 36 };
  const char *exprs[N];
  char *mine[N], buf[N][300];
  int n = 0;
  for (int i = 0; i < 6; i++)
    for (int j = 0; j < 6; j++) {
      snprintf(buf[n], sizeof buf[n], "np.array(%s, dtype=np.%s).astype(np.%s)", lits[i],
               names[i], names[j]);
      exprs[n] = buf[n];
      NdArray *a = nt_lit(lits[i], types[i]);
      mine[n++] = nt_text(nd_astype(a, types[j]));
      nd_unref(a);
    }
  nt_compare(n, exprs, mine);
}

Test(cast, single_values) {
  NdScalar v = nd_scalar_cast((NdScalar){.dtype = ND_FLOAT64, .f = 300.7}, ND_UINT8);
  cr_expect(v.dtype == ND_UINT8 && v.i == 44);
  v = nd_scalar_cast((NdScalar){.dtype = ND_INT64, .i = -1}, ND_UINT8);
  cr_expect_eq(v.i, 255);
  v = nd_scalar_cast((NdScalar){.dtype = ND_FLOAT64, .f = NAN}, ND_BOOL);
  cr_expect(v.b);
  v = nd_scalar_cast((NdScalar){.dtype = ND_BOOL, .b = true}, ND_FLOAT32);
  cr_expect_eq(v.f, 1.0);
  cr_expect_eq(nd_scalar_to_double((NdScalar){.dtype = ND_INT32, .i = -7}), -7.0);
}
