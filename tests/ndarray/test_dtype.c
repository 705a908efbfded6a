/* test_dtype.c — dtype names and spellings, np.result_type (value-based casting of 0-d
 * arguments included), np.promote_types and np.can_cast against numpy over every pair. */
#include "ndtest.h"

static const char *const names[] = {"bool_", "uint8", "int32", "int64", "float32", "float64"};
static const NdDtype types[] = {ND_BOOL, ND_UINT8, ND_INT32, ND_INT64, ND_FLOAT32, ND_FLOAT64};

Test(dtype, names_and_spellings) {
  for (int t = ND_BOOL; t <= ND_FLOAT64; t++) {
    NdDtype back;
    cr_expect(nd_dtype_parse(nd_dtype_name((NdDtype)t), &back) && back == (NdDtype)t);
    cr_expect(nd_dtype_parse(nd_dtype_str((NdDtype)t), &back) && back == (NdDtype)t);
  }
  NdDtype t;
  cr_expect(nd_dtype_parse("float", &t) && t == ND_FLOAT64);
  cr_expect(nd_dtype_parse("int", &t) && t == ND_INT64);
  cr_expect(nd_dtype_parse("f4", &t) && t == ND_FLOAT32);
  cr_expect_eq(nd_dtype_size(ND_INT32), 4);
  cr_expect_eq(nd_dtype_char(ND_INT64), 'l');
  cr_expect_not(nd_dtype_parse("int16", &t));
  cr_expect_str_eq(base_last_error(), "data type 'int16' is not supported in nnc (use bool, "
                   "uint8, int32, int64, float32 or float64)");
  cr_expect_not(nd_dtype_parse("floot", &t));
  cr_expect_str_eq(base_last_error(), "data type 'floot' not understood");
  cr_expect_str_eq(nd_error_class(), "TypeError");
}

Test(dtype, promotion_and_casting_match_numpy) {
  enum { N = 6 * 6 * 4 };
  const char *exprs[N];
  char *mine[N], buf[N][120];
  int n = 0;
  for (int i = 0; i < 6; i++)
    for (int j = 0; j < 6; j++) {
      snprintf(buf[n], sizeof buf[n], "np.promote_types(np.%s, np.%s).name", names[i], names[j]);
      exprs[n] = buf[n];
      mine[n++] = strdup(nd_dtype_name(nd_promote_types(types[i], types[j])));
      static const char *const rule[] = {"safe", "same_kind"};
      static const NdCasting cast[] = {ND_CAST_SAFE, ND_CAST_SAME_KIND};
      for (int k = 0; k < 2; k++) {
        snprintf(buf[n], sizeof buf[n], "str(np.can_cast(np.%s, np.%s, '%s'))", names[i],
                 names[j], rule[k]);
        exprs[n] = buf[n];
        mine[n++] = strdup(nd_can_cast(types[i], types[j], cast[k]) ? "True" : "False");
      }
    }
  nt_compare(n, exprs, mine);
}

/* result_type with 0-d values among arrays: the values decide (numpy 1.24). numpy's answer
 * goes through the documented widening onto the six dtypes (ndarray.h). */
Test(dtype, value_based_result_type_matches_numpy) {
  static const struct { const char *py; const char *lit; const char *dt; } scalars[] = {
      {"1", "1", NULL}, {"-1", "-1", NULL}, {"300", "300", NULL}, {"70000", "70000", NULL},
      {"2**40", "1099511627776", NULL}, {"1.5", "1.5", NULL}, {"1e300", "1e300", NULL},
      {"1e5", "1e5", NULL}, {"True", "True", NULL}, {"np.float32(2)", "2", "float32"},
      {"np.int64(-5)", "-5", "int64"}, {"np.uint8(7)", "7", "uint8"},
  };
  enum { NS = sizeof scalars / sizeof scalars[0], N = 6 * NS };
  const char *exprs[N];
  char *mine[N], buf[N][120];
  int n = 0;
  for (int i = 0; i < 6; i++)
    for (int k = 0; k < NS; k++) {
      snprintf(buf[n], sizeof buf[n], "widen(np.result_type(np.zeros(2, dtype=np.%s), %s).name)",
               names[i], scalars[k].py);
      exprs[n] = buf[n];
      NdArray *a = nd_zeros(types[i], 1, (int64_t[]){2});
      NdArray *s = nt_lit(scalars[k].lit, nt_dtype(scalars[k].dt));
      NdArray *both[2] = {a, s};
      mine[n++] = strdup(nd_dtype_name(nd_result_type(2, both)));
      nd_unref(a);
      nd_unref(s);
    }
  int skipped = nt_compare(n, exprs, mine);
  (void)skipped; /* np.result_type(...).name is a str: never skipped */
}
