/* test_math.c — where, nonzero, clip, round, isclose, allclose, array_equal against numpy. */
#include "ndtest.h"

#define L(s) nt_keep(nt_lit(s, ND_NODTYPE))
#define LT(s, t) nt_keep(nt_lit(s, t))

static char *nonzero_text(const char *lit) {
  NdArray *a = L(lit), *out[ND_MAXDIM];
  int n = nd_nonzero(a, out);
  NdArray *s = nd_stack(n, out, 0); /* numpy gives a tuple; compared stacked */
  for (int i = 0; i < n; i++)
    nd_unref(out[i]);
  return nt_text(s);
}

static char *bool_text(bool ok, bool v) {
  return strdup(!ok ? "ERR" : v ? "True" : "False");
}

Test(math, functions_match_numpy) {
  const char *exprs[] = {
      "np.where(np.array([True, False, True]), np.array([1, 2, 3]), np.array([4.5, 5.5, 6.5]))",
      "np.where(np.array([[True], [False]]), np.array([1, 2], dtype=np.float32), 0)",
      "np.where(np.array([1, 0, 2]) > 0, 1.5, np.array([7, 8, 9], dtype=np.uint8))",
      "np.where(np.array([True, False]), np.array([1, 2, 3]), 0)",
      "np.stack(np.nonzero(np.array([[0, 1], [2, 0], [3, 4]])))",
      "np.stack(np.nonzero(np.array([0.0, 1.5, nan, 0.0])))",
      "np.clip(np.array([1, 5, 10], dtype=np.uint8), 2, 8)",
      "np.clip(np.array([1, 5, 10], dtype=np.uint8), 0, 1.5)",
      "np.clip(np.array([-1.5, 0.5, 2.5], dtype=np.float32), -1, None)",
      "np.clip(np.array([-1.5, 0.5, nan]), np.array([0, 1, 2]), 1.0)",
      "np.round(np.array([0.5, 1.5, 2.5, -0.5, 1.2345]), 0)",
      "np.round(np.array([1.2345, -2.5678, 0.125]), 2)",
      "np.round(np.array([1.2345, 2.5], dtype=np.float32), 1)",
      "np.round(np.array([1234, -5678]), -2)",
      "np.round(np.array([1234.5, -5678.9]), -1)",
      "np.round(np.array([1, 2], dtype=np.uint8), 3)",
      "np.round(np.float64(2.675), 2)",
      "np.isclose(np.array([1.0, 1e-9, nan, inf]), np.array([1.0 + 1e-9, 0.0, nan, inf]))",
      "np.isclose(np.array([1.0, nan]), np.array([1.00001, nan]), equal_nan=True)",
      "np.isclose(np.array([1, 2], dtype=np.float32), 1.00001)",
      "np.isclose(1.0, 1.1, rtol=0.2)",
  };
  NdArray *m = L("[1, 0, 2]"), *z = nt_keep(nd_scalar_i64(0));
  NdArray *mgt = nd_ufunc(ND_GREATER, m, z);
  char *mine[] = {
      nt_text(nd_where(L("[True, False, True]"), L("[1, 2, 3]"), L("[4.5, 5.5, 6.5]"))),
      nt_text(nd_where(L("[[True], [False]]"), LT("[1, 2]", ND_FLOAT32), L("0"))),
      nt_text(nd_where(mgt, L("1.5"), LT("[7, 8, 9]", ND_UINT8))),
      nt_text(nd_where(L("[True, False]"), L("[1, 2, 3]"), L("0"))),
      nonzero_text("[[0, 1], [2, 0], [3, 4]]"),
      nonzero_text("[0.0, 1.5, nan, 0.0]"),
      nt_text(nd_clip(LT("[1, 5, 10]", ND_UINT8), L("2"), L("8"))),
      nt_text(nd_clip(LT("[1, 5, 10]", ND_UINT8), L("0"), L("1.5"))),
      nt_text(nd_clip(LT("[-1.5, 0.5, 2.5]", ND_FLOAT32), L("-1"), NULL)),
      nt_text(nd_clip(L("[-1.5, 0.5, nan]"), L("[0, 1, 2]"), L("1.0"))),
      nt_text(nd_round(L("[0.5, 1.5, 2.5, -0.5, 1.2345]"), 0)),
      nt_text(nd_round(L("[1.2345, -2.5678, 0.125]"), 2)),
      nt_text(nd_round(LT("[1.2345, 2.5]", ND_FLOAT32), 1)),
      nt_text(nd_round(L("[1234, -5678]"), -2)),
      nt_text(nd_round(L("[1234.5, -5678.9]"), -1)),
      nt_text(nd_round(LT("[1, 2]", ND_UINT8), 3)),
      nt_text(nd_round(nt_keep(nd_scalar_f64(2.675)), 2)),
      nt_text(nd_isclose(L("[1.0, 1e-9, nan, inf]"), L("[1.000000001, 0.0, nan, inf]"), 1e-5, 1e-8, false)),
      nt_text(nd_isclose(L("[1.0, nan]"), L("[1.00001, nan]"), 1e-5, 1e-8, true)),
      nt_text(nd_isclose(LT("[1, 2]", ND_FLOAT32), L("1.00001"), 1e-5, 1e-8, false)),
      nt_text(nd_isclose(nt_keep(nd_scalar_f64(1.0)), nt_keep(nd_scalar_f64(1.1)), 0.2, 1e-8, false)),
  };
  nt_compare(sizeof exprs / sizeof exprs[0], exprs, mine);
  nd_unref(mgt);
  nt_drop_kept();
}

Test(math, whole_array_truths_match_numpy) {
  const char *exprs[] = {
      "np.allclose(np.array([1.0, 2.0]), np.array([1.0, 2.0000001]))",
      "np.allclose(np.array([1.0, 2.0]), np.array([1.0, 2.1]))",
      "np.array_equal(np.array([1, 2]), np.array([1.0, 2.0]))",
      "np.array_equal(np.array([1, 2]), np.array([[1, 2]]))",
  };
  bool v;
  NdArray *a = L("[1.0, 2.0]"), *b = L("[1.0, 2.0000001]"), *c = L("[1.0, 2.1]"),
          *i = L("[1, 2]"), *ii = L("[[1, 2]]");
  char *mine[4];
  bool ok = nd_allclose(a, b, 1e-5, 1e-8, false, &v);
  mine[0] = bool_text(ok, v);
  ok = nd_allclose(a, c, 1e-5, 1e-8, false, &v);
  mine[1] = bool_text(ok, v);
  ok = nd_array_equal(i, a, &v);
  mine[2] = bool_text(ok, v);
  ok = nd_array_equal(i, ii, &v);
  mine[3] = bool_text(ok, v);
  nt_compare(4, exprs, mine);
  nt_drop_kept();
}

Test(math, clip_needs_a_bound) {
  NdArray *a = L("[1]");
  cr_expect_null(nd_clip(a, NULL, NULL));
  cr_expect_str_eq(base_last_error(), "One of max or min must be given");
  nt_drop_kept();
}
