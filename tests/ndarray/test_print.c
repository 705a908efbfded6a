/* test_print.c — repr and str against numpy's own output: floats in positional and
 * scientific notation, padding, nan and inf, ints, bools, every dtype suffix, nesting,
 * wrapping at 75 columns, summarisation of large arrays, empty arrays and numpy scalars. */
#include "ndtest.h"

typedef struct {
  const char *lit;
  const char *dtype;            /* numpy's name, or NULL for numpy's inference */
} Lit;

static const Lit lits[] = {
    {"[1.0, 0.5]", NULL},
    {"[0.1, 0.25, 1e-3]", NULL},
    {"[1e-5, 1.0]", NULL},
    {"[1.5e-5, 1.0, 1000.0]", NULL},
    {"[1e20, 1.0, nan, -inf]", NULL},
    {"[nan, inf]", NULL},
    {"[nan]", NULL},
    {"[-0.0, 0.0]", NULL},
    {"[0.0, 0.0]", NULL},
    {"[1.0, 2.0, 3.0]", "float32"},
    {"[0.1, 0.2, 0.30000000000000004]", NULL},
    {"[0.1, 0.2, 0.3]", "float32"},
    {"[3.14159265358979, 2.718281828459045, -1.0]", NULL},
    {"[0.001953125, 1.0]", NULL},
    {"[123456789.0, 1.0]", NULL},
    {"[99999999.0, 1.5]", NULL},
    {"[0.0001, 0.5]", NULL},
    {"[1e-300, 1.0]", NULL},
    {"[1e300, -1e-300]", NULL},
    {"[[1.0, -2.5], [3.25, 400.125]]", NULL},
    {"[[[1, 2], [3, 4]], [[5, 6], [7, 8]]]", NULL},
    {"[[[[1]]], [[[2]]]]", "uint8"},
    {"[1, 2, 300]", NULL},
    {"[-1, 2, 300]", "int32"},
    {"[0, 255, 7]", "uint8"},
    {"[True, False, True]", NULL},
    {"[[True], [False]]", NULL},
    {"[]", NULL},
    {"[]", "int32"},
    {"[[], []]", NULL},
    {"5.0", NULL},
    {"0.5", "float32"},
    {"7", "uint8"},
    {"True", NULL},
    {"-12", NULL},
    {"[0.12345678912, 1.0]", NULL},
    {"[1.000000001, 2.0]", NULL},
    {"[16777217.0, 0.1]", "float32"},
    {"[0.333333333333, 0.666666666666, 1.0, 1.333333333333, 1.66666666666, 2.0, 2.333333333, "
     "2.6666666666, 3.0, 3.333333333, 3.6666666666]", NULL},
    {"[1000000, 2000000, 3000000, 4000000, 5000000, 6000000, 7000000, 8000000, 9000000, "
     "10000000, 11000000, 12000000, 13000000, 14000000]", NULL},
    {"[[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, "
     "1.7], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]]", "float32"},
    {"[True, False, True, False, True, False, True, False, True, False, True, False, True, "
     "False, True]", NULL},
    {"[1e-10, 1e10]", NULL},
    {"[1.5, nan, -inf, inf]", "float32"},
    {"[-1e-5, 1e5]", NULL},
};

static NdDtype dtype_of(const char *name) {
  NdDtype t = ND_NODTYPE;
  if (name)
    cr_assert(nd_dtype_parse(name, &t));
  return t;
}

static void check_lits(bool str) {
  int n = (int)(sizeof lits / sizeof lits[0]);
  const char *exprs[sizeof lits / sizeof lits[0]];
  char *mine[sizeof lits / sizeof lits[0]];
  char buf[sizeof lits / sizeof lits[0]][600];
  for (int i = 0; i < n; i++) {
    snprintf(buf[i], sizeof buf[i], "%snp.array(%s%s%s)%s", str ? "str(" : "", lits[i].lit,
             lits[i].dtype ? ", dtype=np." : "", lits[i].dtype ? lits[i].dtype : "",
             str ? ")" : "");
    exprs[i] = buf[i];
    NdArray *a = nt_lit(lits[i].lit, dtype_of(lits[i].dtype));
    mine[i] = str ? nt_str(a) : nt_text(a);
  }
  nt_compare(n, exprs, mine);
}

Test(print, repr_matches_numpy) {
  check_lits(false);
}

Test(print, str_matches_numpy) {
  check_lits(true);
}

static NdArray *arange_f(double n, NdDtype t) {
  NdScalar stop = {.dtype = ND_FLOAT64, .f = n};
  return nd_arange(stop, stop, false, (NdScalar){.dtype = ND_INT64, .i = 1}, t);
}

static NdArray *reshaped(NdArray *a, int nd, const int64_t *shape) {
  NdArray *r = nd_reshape(a, nd, shape);
  nd_unref(a);
  return r;
}

Test(print, summarised_arrays_match_numpy) {
  const char *exprs[] = {
      "np.arange(2000.)",
      "np.arange(1001, dtype=np.int32)",
      "np.arange(3000.).reshape(30, 100)",
      "str(np.arange(24000.).reshape(20, 30, 40))",
      "np.arange(1000.)",
      "np.arange(40.).reshape(2, 4, 5) / 7",
      "np.arange(1200, dtype=np.float32).reshape(2, 600) * 1e5",
  };
  char *mine[7];
  mine[0] = nt_text(arange_f(2000, ND_FLOAT64));
  mine[1] = nt_text(arange_f(1001, ND_INT32));
  mine[2] = nt_text(reshaped(arange_f(3000, ND_FLOAT64), 2, (int64_t[]){30, 100}));
  mine[3] = nt_str(reshaped(arange_f(24000, ND_FLOAT64), 3, (int64_t[]){20, 30, 40}));
  mine[4] = nt_text(arange_f(1000, ND_FLOAT64));
  NdArray *seven = nd_scalar_i64(7), *a = reshaped(arange_f(40, ND_FLOAT64), 3, (int64_t[]){2, 4, 5});
  mine[5] = nt_text(nd_ufunc(ND_TRUE_DIVIDE, a, seven));
  NdArray *big = nd_scalar_f64(1e5), *b = reshaped(arange_f(1200, ND_FLOAT32), 2, (int64_t[]){2, 600});
  mine[6] = nt_text(nd_ufunc(ND_MULTIPLY, b, big));
  nd_unref(seven), nd_unref(a), nd_unref(big), nd_unref(b);
  nt_compare(7, exprs, mine);
}

Test(print, scalars_match_numpy) {
  static const struct { const char *py; NdScalar v; } cases[] = {
      {"np.float64(0.1)", {.dtype = ND_FLOAT64, .f = 0.1}},
      {"np.float64(1.0)", {.dtype = ND_FLOAT64, .f = 1.0}},
      {"np.float64(1e16)", {.dtype = ND_FLOAT64, .f = 1e16}},
      {"np.float64(1e-5)", {.dtype = ND_FLOAT64, .f = 1e-5}},
      {"np.float64(123456.789)", {.dtype = ND_FLOAT64, .f = 123456.789}},
      {"np.float64(-0.0)", {.dtype = ND_FLOAT64, .f = -0.0}},
      {"np.float32(0.1)", {.dtype = ND_FLOAT32, .f = (float)0.1}},
      {"np.float32(16777217.0)", {.dtype = ND_FLOAT32, .f = 16777216.0}},
      {"np.float32(1e-5)", {.dtype = ND_FLOAT32, .f = (float)1e-5}},
      {"np.float32(3e20)", {.dtype = ND_FLOAT32, .f = (float)3e20}},
      {"np.float32(2.5)", {.dtype = ND_FLOAT32, .f = 2.5}},
      {"np.float32('nan')", {.dtype = ND_FLOAT32, .f = NAN}},
      {"np.float64('-inf')", {.dtype = ND_FLOAT64, .f = -INFINITY}},
      {"np.int64(-42)", {.dtype = ND_INT64, .i = -42}},
      {"np.uint8(200)", {.dtype = ND_UINT8, .i = 200}},
      {"np.bool_(True)", {.dtype = ND_BOOL, .b = true}},
  };
  enum { N = sizeof cases / sizeof cases[0] };
  const char *exprs[N];
  char *mine[N];
  for (int i = 0; i < N; i++) {
    exprs[i] = cases[i].py;
    mine[i] = nt_text(nd_scalar(cases[i].v));
  }
  nt_compare(N, exprs, mine);
}

Test(print, printoptions_change_precision_and_suppress) {
  NdPrintOptions o = nd_default_printoptions();
  o.precision = 3;
  o.suppress = true;
  cr_assert(nd_check_printoptions(&o));
  NdArray *a = nt_lit("[1e-5, 1.23456, 100.0]", ND_NODTYPE);
  char *s = nd_repr_with(a, &o), *plain = nd_repr(a);
  cr_expect_str_eq(s, "array([  0.   ,   1.235, 100.   ])");
  cr_expect_str_eq(plain, "array([1.00000e-05, 1.23456e+00, 1.00000e+02])");
  base_free(s), base_free(plain);
  o.sign = 'x';
  cr_expect_not(nd_check_printoptions(&o));
  cr_expect_str_eq(nd_error_class(), "ValueError");
  nd_unref(a);
}

Test(print, out_of_memory_is_an_error_not_a_crash) {
  NdArray *a = nd_zeros(ND_FLOAT64, 1, (int64_t[]){50});
  extern void test_alloc_fail_after(long budget);
  extern void test_alloc_restore(void);
  for (long k = 0; k < 40; k++) {
    test_alloc_fail_after(k);
    char *s = nd_repr(a);
    test_alloc_restore();
    if (s) {
      base_free(s);
      break;
    }
    cr_expect_str_eq(nd_error_class(), "MemoryError");
  }
  nd_unref(a);
}
