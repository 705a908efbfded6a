/* test_reduce.c — reductions over every axis choice (None, one axis, negative, tuples,
 * keepdims) for every dtype against numpy, float sums to the bit (numpy's pairwise order,
 * its cast buffers), argmin/argmax with NaN, empty inputs, cumsum/cumprod. */
#include "ndtest.h"

static const NtOperand operands[] = {
    {NT_ARRAY, "[[0, 1, 2], [200, 255, 7]]", "uint8"},
    {NT_ARRAY, "[[[1, -2], [3, 4]], [[5, 6], [-7, 8]], [[9, 10], [11, 2147483647]]]", "int32"},
    {NT_ARRAY, "[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]", "float32"},
    {NT_ARRAY, "[[1.5, -0.25, nan], [2.0, -3.5, 4.0]]", "float64"},
    {NT_ARRAY, "[[True, False], [True, True]]", "bool"},
    {NT_ARRAY, "[3, 1, 4, 1, 5, 9, 2, 6]", "int64"},
    {NT_ARRAY, "[]", "float64"},
    {NT_ARRAY, "[[], []]", "float32"},
    {NT_ARRAY, "7.5", "float64"},
};
enum { NOPS = sizeof operands / sizeof operands[0] };

static const struct {
  const char *method;
  NdReduce op;
} ops[] = {
    {"sum", ND_SUM}, {"prod", ND_PROD}, {"mean", ND_MEAN}, {"var", ND_VAR}, {"std", ND_STD},
    {"min", ND_MIN}, {"max", ND_MAX}, {"argmin", ND_ARGMIN}, {"argmax", ND_ARGMAX},
    {"all", ND_ALL}, {"any", ND_ANY}, {"ptp", ND_PTP},
};
enum { NOPSR = sizeof ops / sizeof ops[0] };

static const struct {
  const char *py;               /* the keyword arguments */
  NdReduceOpts o;
} axes[] = {
    {"", {.keepdims = false}},
    {"axis=0", {.axis = {true, 1, {0}}}},
    {"axis=-1", {.axis = {true, 1, {-1}}}},
    {"axis=1", {.axis = {true, 1, {1}}}},
    {"axis=(0, 1)", {.axis = {true, 2, {0, 1}}}},
    {"axis=(0, -1)", {.axis = {true, 2, {0, -1}}}},
    {"axis=0, keepdims=True", {.axis = {true, 1, {0}}, .keepdims = true}},
    {"keepdims=True", {.keepdims = true}},
    {"axis=2", {.axis = {true, 1, {2}}}},
    {"axis=(0, 0)", {.axis = {true, 2, {0, 0}}}},
};
enum { NAX = sizeof axes / sizeof axes[0] };

Test(reduce, methods_match_numpy) {
  enum { MAX = NOPS * NOPSR * NAX + 40 };
  const char **exprs = calloc(MAX, sizeof *exprs);
  char **mine = calloc(MAX, sizeof *mine);
  int n = 0;
  for (int i = 0; i < NOPS; i++)
    for (int k = 0; k < NOPSR; k++)
      for (int x = 0; x < NAX; x++) {
        bool arg = ops[k].op == ND_ARGMIN || ops[k].op == ND_ARGMAX;
        if (arg && axes[x].o.axis.n > 1)
          continue; /* numpy's TypeError comes from Python's int(); checked below */
        char a[300], *e = malloc(500);
        snprintf(e, 500, "%s%s.%s(%s)", ops[k].op == ND_STD || ops[k].op == ND_VAR ? "CLOSE:" : "",
                 nt_py(&operands[i], a, sizeof a), ops[k].method, axes[x].py);
        exprs[n] = e;
        NdArray *v = nt_make(&operands[i]), *r = nd_reduce(ops[k].op, v, &axes[x].o);
        mine[n++] = *e == 'C' ? nt_close_text(r) : nt_text(r);
        nd_unref(v);
      }
  /* ddof, and an accumulator dtype */
  static const char *extra[] = {
      "np.array([1, 2, 3, 4]).var(ddof=1)", "np.array([[1., 2.], [3., 5.]]).std(axis=0, ddof=1)",
      "np.array([1, 2, 3], dtype=np.uint8).sum(dtype=np.uint8)",
      "np.array([1.5, 2.5], dtype=np.float64).mean(dtype=np.float32)",
      "np.array([1, 2]).var(ddof=5)",
  };
  NdReduceOpts eo[] = {{.ddof = 1}, {.axis = {true, 1, {0}}, .ddof = 1}, {.dtype = ND_UINT8},
                       {.dtype = ND_FLOAT32}, {.ddof = 5}};
  const char *elit[] = {"[1, 2, 3, 4]", "[[1., 2.], [3., 5.]]", "[1, 2, 3]", "[1.5, 2.5]", "[1, 2]"};
  NdDtype et[] = {ND_INT64, ND_FLOAT64, ND_UINT8, ND_FLOAT64, ND_INT64};
  NdReduce eop[] = {ND_VAR, ND_STD, ND_SUM, ND_MEAN, ND_VAR};
  for (int k = 0; k < 5; k++) {
    exprs[n] = strdup(extra[k]);
    NdArray *v = nt_lit(elit[k], et[k]);
    mine[n++] = nt_text(nd_reduce(eop[k], v, &eo[k]));
    nd_unref(v);
  }
  nt_compare(n, exprs, mine);
  for (int i = 0; i < n; i++)
    free((char *)exprs[i]);
  free(exprs);
  free(mine);
}

static NdArray *random_f32(int nd, const int64_t *shape, uint64_t seed) {
  NdArray *a = nd_empty(ND_FLOAT32, nd, shape);
  {
    uint64_t s = seed;
    for (int64_t i = 0; i < a->size; i++) {
      s = s * 6364136223846793005u + 1442695040888963407u;
      ((float *)a->data)[i] = (float)((s >> 40) & 0xffffff) / (float)(1 << 24);
    }
  }
  return a;
}

/* Float sums add in numpy's order: pairwise along the fast axis, in blocks of 8192 after a
 * cast, sequentially down a slow axis. Compared bit for bit through numpy, on data both
 * sides generate the same way. */
Test(reduce, float_sums_add_in_numpys_order) {
  static const char *gen =
      "(lambda n, sh: (lambda s: np.array([((s := (s * 6364136223846793005 + 1442695040888963407)"
      " % 2**64) >> 40 & 0xffffff) / 2**24 for _ in range(n)], dtype=np.float32).reshape(sh))(5))";
  char e[6][700];
  snprintf(e[0], sizeof e[0], "%s(100000, (100000,)).sum()", gen);
  snprintf(e[1], sizeof e[1], "%s(30000, (300, 100)).sum(axis=1)[::37]", gen);
  snprintf(e[2], sizeof e[2], "%s(30000, (300, 100)).sum(axis=0)[::7]", gen);
  snprintf(e[3], sizeof e[3], "%s(30000, (300, 100)).T.sum()", gen);
  snprintf(e[4], sizeof e[4], "%s(30000, (300, 100)).mean()", gen);
  snprintf(e[5], sizeof e[5], "%s(30000, (300, 100)).astype(np.float64).var(axis=0)[:5]", gen);
  const char *exprs[6] = {e[0], e[1], e[2], e[3], e[4], e[5]};
  char *mine[6];
  int64_t flat = 100000, sq[2] = {300, 100};
  NdArray *a = random_f32(1, &flat, 5), *b = random_f32(2, sq, 5);
  NdReduceOpts all = {0}, ax1 = {.axis = {true, 1, {1}}}, ax0 = {.axis = {true, 1, {0}}};
  mine[0] = nt_text(nd_reduce(ND_SUM, a, &all));
  NdIndex every37 = nd_ix_slice(0, 0, 37, ND_HAS_STEP), every7 = nd_ix_slice(0, 0, 7, ND_HAS_STEP);
  NdArray *r1 = nd_reduce(ND_SUM, b, &ax1), *r2 = nd_reduce(ND_SUM, b, &ax0);
  mine[1] = nt_text(nd_getitem(r1, 1, &every37));
  mine[2] = nt_text(nd_getitem(r2, 1, &every7));
  NdArray *t = nd_transpose(b, 0, NULL);
  mine[3] = nt_text(nd_reduce(ND_SUM, t, &all));
  mine[4] = nt_text(nd_reduce(ND_MEAN, b, &all));
  NdArray *d = nd_astype(b, ND_FLOAT64), *v = nd_reduce(ND_VAR, d, &ax0);
  NdIndex first5 = nd_ix_slice(0, 5, 1, ND_HAS_STOP);
  mine[5] = nt_text(nd_getitem(v, 1, &first5));
  nt_compare(6, exprs, mine);
  nd_unref(a), nd_unref(b), nd_unref(r1), nd_unref(r2), nd_unref(t), nd_unref(d), nd_unref(v);
}

Test(reduce, cumulative_sums_match_numpy) {
  static const struct { const char *py; const char *lit; const char *dt; NdReduce op; int axis; } c[] = {
      {"np.cumsum(np.array([[1, 2], [3, 4]], dtype=np.uint8))", "[[1, 2], [3, 4]]", "uint8", ND_SUM, ND_NOAXIS},
      {"np.cumsum(np.array([[1, 2], [3, 4]], dtype=np.int32), axis=0)", "[[1, 2], [3, 4]]", "int32", ND_SUM, 0},
      {"np.cumsum(np.array([[1., 2.], [3., 4.]], dtype=np.float32), axis=-1)", "[[1., 2.], [3., 4.]]", "float32", ND_SUM, -1},
      {"np.cumprod(np.array([1.5, 2., 3.]))", "[1.5, 2., 3.]", "float64", ND_PROD, ND_NOAXIS},
      {"np.cumsum(np.array([True, True, False]))", "[True, True, False]", "bool", ND_SUM, ND_NOAXIS},
      {"np.cumsum(np.array([1, 2]), axis=1)", "[1, 2]", "int64", ND_SUM, 1},
  };
  enum { N = sizeof c / sizeof c[0] };
  const char *exprs[N];
  char *mine[N];
  for (int i = 0; i < N; i++) {
    exprs[i] = c[i].py;
    NdArray *a = nt_lit(c[i].lit, nt_dtype(c[i].dt));
    mine[i] = nt_text(nd_cumulate(c[i].op, a, c[i].axis, ND_NODTYPE));
    nd_unref(a);
  }
  nt_compare(N, exprs, mine);
}

Test(reduce, errors) {
  NdArray *e = nt_lit("[]", ND_FLOAT64), *a = nt_lit("[[1, 2], [3, 4]]", ND_NODTYPE);
  cr_expect_null(nd_reduce(ND_MAX, e, NULL));
  cr_expect_str_eq(base_last_error(),
                   "zero-size array to reduction operation maximum which has no identity");
  cr_expect_str_eq(nd_error_class(), "ValueError");
  cr_expect_null(nd_reduce(ND_ARGMAX, e, NULL));
  cr_expect_str_eq(base_last_error(), "attempt to get argmax of an empty sequence");
  NdReduceOpts two = {.axis = {true, 2, {0, 1}}};
  cr_expect_null(nd_reduce(ND_ARGMAX, a, &two));
  cr_expect_str_eq(nd_error_class(), "TypeError");
  NdReduceOpts bad = {.axis = {true, 1, {-3}}};
  cr_expect_null(nd_reduce(ND_SUM, a, &bad));
  cr_expect_str_eq(base_last_error(), "axis -3 is out of bounds for array of dimension 2");
  nd_unref(e), nd_unref(a);
}

Test(reduce, count_nonzero_and_full_reductions_are_scalars) {
  NdArray *a = nt_lit("[[0, 1, 2], [3, 0, 0]]", ND_NODTYPE);
  NdArray *c = nd_reduce(ND_COUNT_NONZERO, a, NULL);
  cr_expect(c->scalar && *(int64_t *)c->data == 3);
  NdReduceOpts ax0 = {.axis = {true, 1, {0}}};
  NdArray *c0 = nd_reduce(ND_COUNT_NONZERO, a, &ax0);
  char *s = nt_text(c0);
  cr_expect_str_eq(s, "array([1, 1, 1])");
  free(s);
  nd_unref(a), nd_unref(c);
}

Test(reduce, large_axis_reductions_split_over_threads) {
  int64_t shape[2] = {4096, 64};
  NdArray *a = random_f32(2, shape, 9);
  NdReduceOpts ax1 = {.axis = {true, 1, {1}}};
  NdArray *r = nd_reduce(ND_SUM, a, &ax1);
  for (int64_t i = 0; i < 4096; i += 511) {
    NdArray *row = nd_getitem(a, 1, &(NdIndex){.kind = ND_IX_INT, .i = i});
    NdArray *one = nd_reduce(ND_SUM, row, NULL);
    cr_expect_eq(((float *)r->data)[i], *(float *)one->data);
    nd_unref(row), nd_unref(one);
  }
  nd_unref(a), nd_unref(r);
}
