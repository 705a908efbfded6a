/* test_ufunc.c — every operator and ufunc over operands of every dtype, shape and kind
 * (arrays, Python scalars, numpy scalars) against numpy: result values, dtype (value-based
 * casting included), broadcasting, scalar-ness and error messages; in-place operators;
 * errors and lookups by name. */
#include "ndtest.h"

static const NtOperand operands[] = {
    {NT_ARRAY, "[[0, 1, 2], [200, 255, 7]]", "uint8"},
    {NT_ARRAY, "[-7, 0, 5]", "int32"},
    {NT_ARRAY, "[[3], [-2]]", "int64"},
    {NT_ARRAY, "[0.5, -1.25, 3.0]", "float32"},
    {NT_ARRAY, "[[1.5, -0.0, nan], [2.0, -3.5, inf]]", "float64"},
    {NT_ARRAY, "[True, False, True]", "bool"},
    {NT_ARRAY, "[4, 2]", "int32"},
    {NT_PY, "2", NULL},
    {NT_PY, "-3", NULL},
    {NT_PY, "300", NULL},
    {NT_PY, "2.0", NULL},
    {NT_PY, "1e300", NULL},
    {NT_PY, "True", NULL},
    {NT_NP, "2.5", "float32"},
    {NT_NP, "3", "int64"},
    {NT_NP, "5", "uint8"},
};
enum { NOPS = sizeof operands / sizeof operands[0] };

static const struct {
  const char *py;               /* an infix operator, or a function name */
  NdUfunc f;
} binary[] = {
    {"+", ND_ADD}, {"-", ND_SUBTRACT}, {"*", ND_MULTIPLY}, {"/", ND_TRUE_DIVIDE},
    {"//", ND_FLOOR_DIVIDE}, {"%", ND_REMAINDER}, {"**", ND_POWER}, {"==", ND_EQUAL},
    {"!=", ND_NOT_EQUAL}, {"<", ND_LESS}, {"<=", ND_LESS_EQUAL}, {">", ND_GREATER},
    {">=", ND_GREATER_EQUAL}, {"&", ND_BITWISE_AND}, {"|", ND_BITWISE_OR},
    {"^", ND_BITWISE_XOR}, {"np.maximum", ND_MAXIMUM}, {"np.minimum", ND_MINIMUM},
    {"np.fmax", ND_FMAX}, {"np.fmin", ND_FMIN}, {"np.arctan2", ND_ARCTAN2},
    {"np.hypot", ND_HYPOT}, {"np.logical_and", ND_LOGICAL_AND},
    {"np.logical_or", ND_LOGICAL_OR}, {"np.logical_xor", ND_LOGICAL_XOR},
};
enum { NBIN = sizeof binary / sizeof binary[0] };

/* numpy may take these from SVML (AVX-512 machines): compared within a few ulps. */
static bool inexact(NdUfunc f) {
  static const NdUfunc svml[] = {
      ND_POWER, ND_ARCTAN2, ND_HYPOT, ND_CBRT, ND_EXP, ND_EXP2, ND_EXPM1, ND_LOG, ND_LOG2,
      ND_LOG10, ND_LOG1P, ND_SIN, ND_COS, ND_TAN, ND_ARCSIN, ND_ARCCOS, ND_ARCTAN, ND_SINH,
      ND_COSH, ND_TANH,
  };
  for (size_t i = 0; i < sizeof svml / sizeof svml[0]; i++)
    if (svml[i] == f)
      return true;
  return false;
}

/* numpy 1.24's == and != on shapes that do not broadcast give False and True (with a
 * DeprecationWarning); np.equal, which nd_ufunc is, raises. */
static bool deprecated_comparison(NdUfunc f, const NtOperand *x, const NtOperand *y) {
  NdArray *l = nt_make(x), *r = nt_make(y);
  const NdArray *both[2] = {l, r};
  int nd;
  int64_t shape[ND_MAXDIM];
  bool fits = nd_broadcast_shape(2, both, &nd, shape);
  nd_unref(l);
  nd_unref(r);
  return (f == ND_EQUAL || f == ND_NOT_EQUAL) && !fits;
}

Test(ufunc, binary_operators_match_numpy) {
  enum { MAX = NBIN * NOPS * NOPS };
  const char **exprs = calloc(MAX, sizeof *exprs);
  char **mine = calloc(MAX, sizeof *mine);
  int n = 0;
  for (int k = 0; k < NBIN; k++)
    for (int i = 0; i < NOPS; i++)
      for (int j = 0; j < NOPS; j++) {
        const NtOperand *x = &operands[i], *y = &operands[j];
        if (x->kind != NT_ARRAY && y->kind != NT_ARRAY && (x->kind == NT_PY || y->kind == NT_PY))
          continue; /* Python's own arithmetic decides there, not numpy's */
        if (deprecated_comparison(binary[k].f, x, y))
          continue;
        char a[200], b[200], *e = malloc(500);
        const char *mark = inexact(binary[k].f) ? "CLOSE:" : "";
        if (binary[k].py[0] == 'n')
          snprintf(e, 500, "%s%s(%s, %s)", mark, binary[k].py, nt_py(x, a, sizeof a),
                   nt_py(y, b, sizeof b));
        else
          snprintf(e, 500, "%s%s %s %s", mark, nt_py(x, a, sizeof a), binary[k].py,
                   nt_py(y, b, sizeof b));
        exprs[n] = e;
        NdArray *l = nt_make(x), *r = nt_make(y), *res = nd_ufunc(binary[k].f, l, r);
        mine[n++] = *mark ? nt_close_text(res) : nt_text(res);
        nd_unref(l);
        nd_unref(r);
      }
  int skipped = nt_compare(n, exprs, mine);
  cr_expect_lt(skipped, n / 20, "%d of %d cases gave a dtype nnc lacks", skipped, n);
  for (int i = 0; i < n; i++)
    free((char *)exprs[i]);
  free(exprs);
  free(mine);
}

static const struct {
  const char *py;
  NdUfunc f;
} unary[] = {
    {"-", ND_NEGATIVE}, {"np.positive", ND_POSITIVE}, {"~", ND_INVERT}, {"abs", ND_ABSOLUTE},
    {"np.sign", ND_SIGN}, {"np.square", ND_SQUARE}, {"np.reciprocal", ND_RECIPROCAL},
    {"np.sqrt", ND_SQRT}, {"np.cbrt", ND_CBRT}, {"np.exp", ND_EXP}, {"np.exp2", ND_EXP2},
    {"np.expm1", ND_EXPM1}, {"np.log", ND_LOG}, {"np.log2", ND_LOG2}, {"np.log10", ND_LOG10},
    {"np.log1p", ND_LOG1P}, {"np.sin", ND_SIN}, {"np.cos", ND_COS}, {"np.tan", ND_TAN},
    {"np.arcsin", ND_ARCSIN}, {"np.arccos", ND_ARCCOS}, {"np.arctan", ND_ARCTAN},
    {"np.sinh", ND_SINH}, {"np.cosh", ND_COSH}, {"np.tanh", ND_TANH}, {"np.floor", ND_FLOOR},
    {"np.ceil", ND_CEIL}, {"np.trunc", ND_TRUNC}, {"np.rint", ND_RINT},
    {"np.logical_not", ND_LOGICAL_NOT}, {"np.isnan", ND_ISNAN}, {"np.isinf", ND_ISINF},
    {"np.isfinite", ND_ISFINITE}, {"np.signbit", ND_SIGNBIT},
};
enum { NUN = sizeof unary / sizeof unary[0] };

Test(ufunc, unary_functions_match_numpy) {
  enum { MAX = NUN * NOPS };
  const char **exprs = calloc(MAX, sizeof *exprs);
  char **mine = calloc(MAX, sizeof *mine);
  int n = 0;
  for (int k = 0; k < NUN; k++)
    for (int i = 0; i < NOPS; i++) {
      const NtOperand *x = &operands[i];
      if (x->kind == NT_PY)
        continue;
      char a[200], *e = malloc(300);
      const char *mark = inexact(unary[k].f) ? "CLOSE:" : "";
      snprintf(e, 300, "%s%s(%s)", mark, unary[k].py, nt_py(x, a, sizeof a));
      exprs[n] = e;
      NdArray *l = nt_make(x), *res = nd_ufunc(unary[k].f, l, NULL);
      mine[n++] = *mark ? nt_close_text(res) : nt_text(res);
      nd_unref(l);
    }
  nt_compare(n, exprs, mine);
  for (int i = 0; i < n; i++)
    free((char *)exprs[i]);
  free(exprs);
  free(mine);
}

Test(ufunc, in_place_operators_match_numpy) {
  static const struct { const char *py; NdUfunc f; int x, y; } cases[] = {
      {"+=", ND_ADD, 0, 7},      {"+=", ND_ADD, 0, 10},      {"*=", ND_MULTIPLY, 3, 10},
      {"/=", ND_TRUE_DIVIDE, 4, 3}, {"/=", ND_TRUE_DIVIDE, 1, 7}, {"-=", ND_SUBTRACT, 1, 8},
      {"+=", ND_ADD, 3, 4},      {"//=", ND_FLOOR_DIVIDE, 0, 7}, {"**=", ND_POWER, 1, 7},
      {"&=", ND_BITWISE_AND, 5, 12}, {"+=", ND_ADD, 1, 0},   {"+=", ND_ADD, 6, 1},
  };
  enum { N = sizeof cases / sizeof cases[0] };
  const char *exprs[N];
  char *mine[N], buf[N][500];
  for (int i = 0; i < N; i++) {
    char a[200], b[200];
    snprintf(buf[i], sizeof buf[i], "[x := %s.copy(), x.__i%s__(%s), x][2]",
             nt_py(&operands[cases[i].x], a, sizeof a),
             strcmp(cases[i].py, "+=") == 0 ? "add" : strcmp(cases[i].py, "*=") == 0 ? "mul"
             : strcmp(cases[i].py, "/=") == 0 ? "truediv" : strcmp(cases[i].py, "-=") == 0 ? "sub"
             : strcmp(cases[i].py, "//=") == 0 ? "floordiv" : strcmp(cases[i].py, "**=") == 0 ? "pow"
             : "and", nt_py(&operands[cases[i].y], b, sizeof b));
    exprs[i] = buf[i];
    NdArray *x = nt_make(&operands[cases[i].x]), *y = nt_make(&operands[cases[i].y]);
    if (nd_ufunc_out(cases[i].f, x, y, x))
      mine[i] = nt_text(nd_ref(x));
    else
      mine[i] = nt_text(NULL);
    nd_unref(x);
    nd_unref(y);
  }
  nt_compare(N, exprs, mine);
}

Test(ufunc, overlapping_in_place_reads_a_copy) {
  NdArray *a = nt_lit("[1, 2, 3, 4, 5]", ND_NODTYPE);
  NdIndex tail = nd_ix_slice(1, 0, 1, ND_HAS_START), head = nd_ix_slice(0, -1, 1, ND_HAS_STOP);
  NdArray *t = nd_getitem(a, 1, &tail), *h = nd_getitem(a, 1, &head);
  cr_assert(nd_ufunc_out(ND_ADD, t, h, t)); /* a[1:] += a[:-1] */
  char *s = nt_text(nd_ref(a));
  cr_expect_str_eq(s, "array([1, 3, 5, 7, 9])");
  free(s);
  nd_unref(t), nd_unref(h), nd_unref(a);
}

Test(ufunc, errors_name_numpy_exception_classes) {
  NdArray *a = nt_lit("[[1, 2, 3], [4, 5, 6]]", ND_NODTYPE), *b = nt_lit("[1, 2]", ND_NODTYPE);
  cr_expect_null(nd_ufunc(ND_ADD, a, b));
  cr_expect_str_eq(base_last_error(),
                   "operands could not be broadcast together with shapes (2,3) (2,) ");
  cr_expect_str_eq(nd_error_class(), "ValueError");
  NdArray *f = nt_lit("[1.5]", ND_NODTYPE), *i = nt_lit("[1]", ND_NODTYPE);
  cr_expect_not(nd_ufunc_out(ND_ADD, i, f, i));
  cr_expect_str_eq(base_last_error(), "Cannot cast ufunc 'add' output from dtype('float64') to "
                   "dtype('int64') with casting rule 'same_kind'");
  cr_expect_str_eq(nd_error_class(), "TypeError");
  cr_expect_null(nd_ufunc(ND_ADD, a, NULL));
  cr_expect_str_eq(nd_error_class(), "TypeError");
  NdArray *neg = nd_scalar_i64(-1);
  cr_expect_null(nd_ufunc(ND_POWER, a, neg));
  cr_expect_str_eq(base_last_error(), "Integers to negative integer powers are not allowed.");
  NdArray *s = nd_scalar_f64(1.0);
  cr_expect_not(nd_ufunc_out(ND_ADD, s, s, s));
  nd_unref(a), nd_unref(b), nd_unref(f), nd_unref(i), nd_unref(neg), nd_unref(s);
}

Test(ufunc, names_come_from_the_table) {
  for (int f = 0; f < ND_NUFUNCS; f++) {
    NdUfunc g;
    cr_expect(nd_ufunc_find(nd_ufunc_name((NdUfunc)f), &g));
    cr_expect_eq(g, (NdUfunc)f);
    cr_expect(nd_ufunc_nin((NdUfunc)f) == 1 || nd_ufunc_nin((NdUfunc)f) == 2);
  }
  NdUfunc g;
  cr_expect(nd_ufunc_find("divide", &g) && g == ND_TRUE_DIVIDE);
  cr_expect_not(nd_ufunc_find("nonsense", &g));
}

Test(ufunc, large_arrays_split_over_threads_give_the_same_bits) {
  int64_t n = 1 << 20;
  NdScalar zero = {.dtype = ND_INT64, .i = 0};
  NdArray *a = nd_arange(zero, (NdScalar){.dtype = ND_INT64, .i = n}, true,
                         (NdScalar){.dtype = ND_INT64, .i = 1}, ND_UINT8);
  NdArray *d = nd_scalar_f64(255.0), *y = nd_ufunc(ND_TRUE_DIVIDE, a, d);
  cr_assert_eq(y->dtype, ND_FLOAT64);
  for (int64_t k = 0; k < n; k += 4099)
    cr_expect_eq(((double *)y->data)[k], (double)(uint8_t)k / 255.0);
  nd_unref(a), nd_unref(d), nd_unref(y);
}

Test(ufunc, take_computes_into_a_temporary_it_owns) {
  NdArray *x = nt_lit("[1, 2, 3]", ND_FLOAT32), *keep = nd_ref(x);
  NdArray *t = nd_astype(x, ND_FLOAT32), *data = t; /* a temporary only we hold */
  char *before = t->data;
  NdArray *r = nd_ufunc_take(ND_TRUE_DIVIDE, t, nd_scalar_i64(2));
  cr_expect_eq(r, data); /* computed in place */
  cr_expect_eq(r->data, before);
  char *s = nt_text(r);
  cr_expect_str_eq(s, "array([0.5, 1. , 1.5], dtype=float32)");
  free(s);
  /* an array someone else holds is left alone */
  NdArray *r2 = nd_ufunc_take(ND_ADD, x, nd_scalar_i64(1));
  cr_expect_neq(r2, keep);
  cr_expect_eq(((float *)keep->data)[0], 1.0f);
  nd_unref(r2), nd_unref(keep);
}
