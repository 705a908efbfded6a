/* test_kernels.c — the edges of the inner loops against numpy: integer overflow wrapping,
 * division and remainder by zero and of INT_MIN by -1, Python's signs for floor division and
 * remainder of negative and float operands, powers that wrap, NaN in min/max/comparisons,
 * and both fast paths (contiguous, broadcast scalar) and the strided one. */
#include "ndtest.h"

static const NtOperand ops[] = {
    {NT_ARRAY, "[-2147483648, -7, -1, 0, 7, 2147483647]", "int32"},
    {NT_ARRAY, "[-9223372036854775808, -7, -1, 0, 7, 9223372036854775807]", "int64"},
    {NT_ARRAY, "[0, 1, 2, 128, 254, 255]", "uint8"},
    {NT_ARRAY, "[-7.5, -0.0, 0.0, 3.0, nan, -inf]", "float64"},
    {NT_ARRAY, "[-7.5, -0.0, 0.0, 3.0, nan, inf]", "float32"},
};
static const struct { const char *py; NdUfunc f; } fs[] = {
    {"np.add", ND_ADD}, {"np.subtract", ND_SUBTRACT}, {"np.multiply", ND_MULTIPLY},
    {"np.floor_divide", ND_FLOOR_DIVIDE}, {"np.remainder", ND_REMAINDER}, {"np.maximum", ND_MAXIMUM},
    {"np.minimum", ND_MINIMUM}, {"np.less", ND_LESS},
};

Test(kernels, edges_match_numpy) {
  enum { NO = sizeof ops / sizeof ops[0], NF = sizeof fs / sizeof fs[0], N = NO * NF * 3 + 4 };
  const char *exprs[N];
  char *mine[N], buf[N][800];
  int n = 0;
  for (int i = 0; i < NO; i++)
    for (int k = 0; k < NF; k++)
      for (int form = 0; form < 3; form++) { /* a op a[::-1]; a op a[3]; a[::2] op a[1::2] */
        char a[200];
        nt_py(&ops[i], a, sizeof a);
        const char *fmt = form == 0 ? "%s(%s, %s[::-1])" : form == 1 ? "%s(%s, %s[3])"
                                                                      : "%s(%s[::2], %s[1::2])";
        snprintf(buf[n], sizeof buf[n], fmt, fs[k].py, a, a);
        exprs[n] = buf[n];
        NdArray *x = nt_make(&ops[i]);
        NdIndex ix[2];
        ix[0] = form == 0 ? nd_ix_slice(0, 0, -1, ND_HAS_STEP) : form == 1 ? nd_ix_int(3)
                                                                          : nd_ix_slice(0, 0, 2, ND_HAS_STEP);
        ix[1] = nd_ix_slice(1, 0, 2, ND_HAS_START | ND_HAS_STEP);
        NdArray *y = nd_getitem(x, 1, &ix[form == 2 ? 1 : 0]);
        NdArray *l = form == 2 ? nd_getitem(x, 1, &ix[0]) : nd_ref(x);
        mine[n++] = nt_text(nd_ufunc(fs[k].f, l, y));
        nd_unref(x), nd_unref(y), nd_unref(l);
      }
  const char *pw[] = {"np.power(np.array([3, -3, 2], dtype=np.int32), 21)",
                      "np.power(np.array([3, 255], dtype=np.uint8), np.array([5, 2], dtype=np.uint8))",
                      "np.negative(np.array([-2147483648, 5], dtype=np.int32))",
                      "np.absolute(np.array([-9223372036854775808, -5]))"};
  NdArray *p1 = nt_lit("[3, -3, 2]", ND_INT32), *e1 = nd_scalar_i64(21),
          *p2 = nt_lit("[3, 255]", ND_UINT8), *e2 = nt_lit("[5, 2]", ND_UINT8),
          *p3 = nt_lit("[-2147483648, 5]", ND_INT32), *p4 = nt_lit("[-9223372036854775808, -5]", ND_INT64);
  for (int k = 0; k < 4; k++)
    exprs[n + k] = pw[k];
  mine[n++] = nt_text(nd_ufunc(ND_POWER, p1, e1));
  mine[n++] = nt_text(nd_ufunc(ND_POWER, p2, e2));
  mine[n++] = nt_text(nd_ufunc(ND_NEGATIVE, p3, NULL));
  mine[n++] = nt_text(nd_ufunc(ND_ABSOLUTE, p4, NULL));
  nt_compare(n, exprs, mine);
  nd_unref(p1), nd_unref(e1), nd_unref(p2), nd_unref(e2), nd_unref(p3), nd_unref(p4);
}

Test(kernels, every_table_row_has_a_loop_for_its_types) {
  for (int f = 0; f < ND_NUFUNCS; f++) {
    int loops = 0;
    for (int t = ND_BOOL; t <= ND_FLOAT64; t++)
      loops += nd_kernels[f][t] != NULL;
    cr_expect_gt(loops, 0, "%s has no loop", nd_ufunc_name((NdUfunc)f));
  }
}
