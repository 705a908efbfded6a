/* test_create.c — np.array's inference and errors through the walker, and the constructors
 * (zeros, ones, full, the _like forms, eye, identity, arange, linspace) against numpy. */
#include "ndtest.h"
#include "support.h"

static const struct {
  const char *lit;
  const char *dtype;
} arrays[] = {
    {"[1, 2, 3]", NULL}, {"[1, 2.5]", NULL}, {"[True, 2]", NULL}, {"[True, False]", NULL},
    {"[[1, 2], [3, 4]]", "float32"}, {"[[1], [2, 3]]", NULL}, {"[1, [2, 3]]", NULL},
    {"[[[1, 2]], [[3, 4]]]", "uint8"}, {"[[], []]", NULL}, {"[]", "int32"}, {"3.5", "int32"},
    {"[1.7, -1.7, 300.0]", "uint8"}, {"[1e10, -5.0]", "int32"}, {"[nan]", "int32"}, {"[-inf]", "int64"}, {"[1e20]", "int64"}, {"[0.5, 0.0]", "bool_"},
    {"[[1, 2], 3]", NULL}, {"[[[1, 2], [3, 4]], [[5, 6]]]", NULL}, {"(1, (2, 3))", NULL},
    {"[(1, 2), [3, 4]]", NULL}, {"['a', 1]", NULL},
};

Test(create, array_from_nested_values_matches_numpy) {
  enum { N = sizeof arrays / sizeof arrays[0] };
  const char *exprs[N];
  char *mine[N], buf[N][200];
  for (int i = 0; i < N; i++) {
    snprintf(buf[i], sizeof buf[i], "np.array(%s%s%s)", arrays[i].lit,
             arrays[i].dtype ? ", dtype=np." : "", arrays[i].dtype ? arrays[i].dtype : "");
    exprs[i] = buf[i];
    NdDtype t = nt_dtype(arrays[i].dtype);
    mine[i] = nt_text(nd_array(&nt_walker, arrays[i].lit, t));
  }
  /* numpy makes ['a', 1] an array of strings; nnc refuses with a TypeError */
  cr_assert_str_eq(mine[N - 1], "ERR: cannot make a numeric array from a 'str' (nnc arrays "
                   "hold bools and numbers)");
  free(mine[N - 1]);
  nt_compare(N - 1, exprs, mine);
}

static NdScalar I(int64_t v) { return (NdScalar){.dtype = ND_INT64, .i = v}; }
static NdScalar F(double v) { return (NdScalar){.dtype = ND_FLOAT64, .f = v}; }

Test(create, constructors_match_numpy) {
  const char *exprs[] = {
      "np.zeros((2, 3))", "np.ones(3, dtype=np.int32)", "np.full((2, 2), 7)",
      "np.full(3, 2.5, dtype=np.float32)", "np.full(2, True)", "np.zeros_like(np.array([[1, 2]]))",
      "np.ones_like(np.array([1.5]), dtype=np.uint8)", "np.full_like(np.array([1, 2]), 0.7)",
      "np.eye(3)", "np.eye(2, 3, k=1, dtype=np.int32)", "np.eye(3, k=-2)", "np.identity(2)",
      "np.arange(5)", "np.arange(2, 8, 3)", "np.arange(0, 1, 0.1)", "np.arange(5.0)",
      "np.arange(10, 0, -3)", "np.arange(0.5, 3, dtype=np.float32)", "np.arange(3, dtype=np.uint8)",
      "np.arange(0, 5, 0)", "np.arange(5, 1)", "np.arange(0, 1, 0.0)", "np.arange(1, 2, 0.3)", "np.arange(-1.5, 1.5, 0.25)",
      "np.linspace(0, 1, 5)", "np.linspace(0, 1, 5, endpoint=False)", "np.linspace(2, 2, 3)",
      "np.linspace(0, 10, 4, dtype=np.int32)", "np.linspace(0, 1, 1)", "np.linspace(0, 1, 0)",
      "np.linspace(-1, 1, 7)", "np.linspace(0, 1, -1)",
  };
  int64_t s23[2] = {2, 3}, s22[2] = {2, 2}, three = 3, two = 2;
  NdArray *r12 = nt_lit("[[1, 2]]", ND_NODTYPE), *r15 = nt_lit("[1.5]", ND_NODTYPE),
          *r1_2 = nt_lit("[1, 2]", ND_NODTYPE);
  char *mine[] = {
      nt_text(nd_zeros(ND_NODTYPE, 2, s23)), nt_text(nd_ones(ND_INT32, 1, &three)),
      nt_text(nd_full(ND_NODTYPE, 2, s22, I(7))), nt_text(nd_full(ND_FLOAT32, 1, &three, F(2.5))),
      nt_text(nd_full(ND_NODTYPE, 1, &two, (NdScalar){.dtype = ND_BOOL, .b = true})),
      nt_text(nd_zeros_like(r12, ND_NODTYPE)), nt_text(nd_ones_like(r15, ND_UINT8)),
      nt_text(nd_full_like(r1_2, F(0.7), ND_NODTYPE)),
      nt_text(nd_eye(3, -1, 0, ND_NODTYPE)), nt_text(nd_eye(2, 3, 1, ND_INT32)),
      nt_text(nd_eye(3, -1, -2, ND_NODTYPE)), nt_text(nd_eye(2, -1, 0, ND_NODTYPE)),
      nt_text(nd_arange(I(5), I(0), false, I(1), ND_NODTYPE)),
      nt_text(nd_arange(I(2), I(8), true, I(3), ND_NODTYPE)),
      nt_text(nd_arange(I(0), I(1), true, F(0.1), ND_NODTYPE)),
      nt_text(nd_arange(F(5), I(0), false, I(1), ND_NODTYPE)),
      nt_text(nd_arange(I(10), I(0), true, I(-3), ND_NODTYPE)),
      nt_text(nd_arange(F(0.5), I(3), true, I(1), ND_FLOAT32)),
      nt_text(nd_arange(I(3), I(0), false, I(1), ND_UINT8)),
      nt_text(nd_arange(I(0), I(5), true, I(0), ND_NODTYPE)),
      nt_text(nd_arange(I(5), I(1), true, I(1), ND_NODTYPE)),
      nt_text(nd_arange(I(0), I(1), true, F(0.0), ND_NODTYPE)),
      nt_text(nd_arange(I(1), I(2), true, F(0.3), ND_NODTYPE)),
      nt_text(nd_arange(F(-1.5), F(1.5), true, F(0.25), ND_NODTYPE)),
      nt_text(nd_linspace(0, 1, 5, true, ND_NODTYPE)),
      nt_text(nd_linspace(0, 1, 5, false, ND_NODTYPE)),
      nt_text(nd_linspace(2, 2, 3, true, ND_NODTYPE)),
      nt_text(nd_linspace(0, 10, 4, true, ND_INT32)),
      nt_text(nd_linspace(0, 1, 1, true, ND_NODTYPE)),
      nt_text(nd_linspace(0, 1, 0, true, ND_NODTYPE)),
      nt_text(nd_linspace(-1, 1, 7, true, ND_NODTYPE)),
      nt_text(nd_linspace(0, 1, -1, true, ND_NODTYPE)),
  };
  nt_compare(sizeof exprs / sizeof exprs[0], exprs, mine);
  nd_unref(r12), nd_unref(r15), nd_unref(r1_2);
}

Test(create, bad_shapes_and_huge_sizes_fail_cleanly) {
  cr_expect_null(nd_zeros(ND_NODTYPE, 1, (int64_t[]){-1}));
  cr_expect_str_eq(base_last_error(), "negative dimensions are not allowed");
  cr_expect_null(nd_empty(ND_FLOAT64, 33, (int64_t[33]){0}));
  cr_expect_str_eq(base_last_error(), "maximum supported dimension for an ndarray is 32, found 33");
  cr_expect_null(nd_empty(ND_FLOAT64, 2, (int64_t[]){INT64_MAX / 4, 8}));
  cr_expect_str_eq(nd_error_class(), "ValueError");
  test_alloc_fail_after(0); /* what malloc says to a request it cannot meet */
  NdArray *big = nd_empty(ND_FLOAT64, 2, (int64_t[]){1 << 20, 1 << 20});
  test_alloc_restore();
  cr_expect_null(big);
  cr_expect_str_eq(nd_error_class(), "MemoryError");
  cr_expect_str_eq(base_last_error(), "Unable to allocate 8.00 TiB for an array with shape "
                   "(1048576, 1048576) and data type float64 (out of memory)");
}

Test(create, asarray_returns_the_array_itself) {
  NdArray *a = nt_lit("[1, 2]", ND_NODTYPE);
  static NdArray *held;
  held = a;
  NdItem it;
  (void)it;
  NdArray *same = nd_ascontiguous(held, ND_NODTYPE);
  cr_expect_eq(same, a);
  NdArray *conv = nd_ascontiguous(held, ND_FLOAT32);
  cr_expect_neq(conv, a);
  nd_unref(same), nd_unref(conv), nd_unref(a);
}
