/* test_sort.c — sort and argsort (axes, NaN last, stability), unique with its extra
 * outputs, bincount, percentile and median (axes, keepdims, NaN, float32) and histogram
 * against numpy. */
#include "ndtest.h"

#define L(s, t) nt_keep(nt_lit(s, t))

static char *parts(int n, NdArray **out) { /* a tuple's members, joined as numpy's repr */
  size_t cap = 16;
  char *s = malloc(cap);
  strcpy(s, "(");
  for (int i = 0; i < n; i++) {
    char *t = nt_text(out[i]);
    cap += strlen(t) + 4;
    s = realloc(s, cap);
    strcat(s, t);
    strcat(s, i + 1 < n ? ", " : ")");
    free(t);
  }
  return s;
}

static char *unique_text(NdArray *a, NdUniqueOpts o) {
  NdArray *out[4];
  int n = nd_unique(a, &o, out);
  return n == 1 ? nt_text(out[0]) : n > 1 ? parts(n, out) : nt_text(NULL);
}

static char *hist_text(NdArray *a, NdHistOpts o) {
  NdArray *out[2];
  return nd_histogram(a, &o, &out[0], &out[1]) ? parts(2, out) : nt_text(NULL);
}

static NdArray *Q(double q) { return nt_keep(nd_scalar_f64(q)); }

Test(sort, functions_match_numpy) {
  const char *exprs[] = {
      "np.sort(np.array([3, 1, 2]))",
      "np.sort(np.array([[3.5, nan, 1.0], [-1.0, 2.0, -inf]]))",
      "np.sort(np.array([[3, 1], [2, 4], [0, 9]]), axis=0)",
      "np.sort(np.array([[3, 1], [2, 4]]), axis=None)",
      "np.argsort(np.array([3.0, 1.0, nan, 2.0, 1.0]), kind='stable')",
      "np.argsort(np.array([[3, 1, 2], [9, 8, 7]]), axis=0)",
      "np.argsort(np.array([[3, 1, 2], [9, 8, 7]], dtype=np.uint8))",
      "np.unique(np.array([3, 1, 2, 1, 3, 3]))",
      "np.unique(np.array([[3, 1], [2, 1]]), return_counts=True)",
      "np.unique(np.array([3.0, nan, 1.0, nan, 3.0]), return_index=True, return_counts=True)",
      "np.unique(np.array([True, False, True]), return_inverse=True)",
      "np.unique(np.array([2, 5, 2], dtype=np.int32), True, True, True)",
      "np.bincount(np.array([0, 1, 1, 3]))",
      "np.bincount(np.array([0, 1], dtype=np.uint8), weights=np.array([0.5, 1.0]), minlength=4)",
      "np.bincount(np.array([0, -1]))",
      "np.bincount(np.array([0.5]))",
      "np.percentile(np.array([3.0, 1.0, 2.0, 5.0]), 50)",
      "np.percentile(np.array([1, 2, 3, 4], dtype=np.float32), 40)",
      "np.percentile(np.array([1, 2, 3, 4], dtype=np.float32), np.array([40.0, 50.0]))",
      "np.percentile(np.array([[1, 2, 3], [4, 5, 6]]), 50, axis=1, keepdims=True)",
      "np.percentile(np.array([1, 2, 3]), np.array([[10.0, 90.0]]))",
      "np.percentile(np.array([3.0, 1.0, nan]), 25)",
      "np.percentile(np.array([[1, 7], [3, 4]]), 75, axis=0)",
      "np.percentile(np.array([1, 2]), 101)",
      "np.median(np.array([1, 2, 3, 4]))",
      "np.median(np.array([[1, 2], [3, 5]], dtype=np.float32), axis=0)",
      "np.median(np.array([[1, 9, 2], [3, 5, 4]]), axis=1, keepdims=True)",
      "np.median(np.array([2.0, nan, 1.0]))",
      "np.histogram(np.array([1, 2, 2, 3, 5]))",
      "np.histogram(np.array([1.0, 1.0]), bins=3)",
      "np.histogram(np.array([0.5, 1.5, 2.5, 3.0, 7.0]), bins=np.array([0, 1, 2, 3]))",
      "np.histogram(np.array([0.1, 0.4, 0.45, 0.9], dtype=np.float32), bins=4, range=(0, 1))",
      "np.histogram(np.array([1, 2, 2]), bins=2, weights=np.array([0.5, 1.0, 2.0]))",
      "np.histogram(np.array([1, 2, 2, 4]), bins=3, density=True)",
  };
  NdArray *bins = L("[0, 1, 2, 3]", ND_NODTYPE), *w = L("[0.5, 1.0, 2.0]", ND_NODTYPE);
  char *mine[] = {
      nt_text(nd_sort(L("[3, 1, 2]", ND_NODTYPE), -1)),
      nt_text(nd_sort(L("[[3.5, nan, 1.0], [-1.0, 2.0, -inf]]", ND_NODTYPE), -1)),
      nt_text(nd_sort(L("[[3, 1], [2, 4], [0, 9]]", ND_NODTYPE), 0)),
      nt_text(nd_sort(L("[[3, 1], [2, 4]]", ND_NODTYPE), ND_NOAXIS)),
      nt_text(nd_argsort(L("[3.0, 1.0, nan, 2.0, 1.0]", ND_NODTYPE), -1)),
      nt_text(nd_argsort(L("[[3, 1, 2], [9, 8, 7]]", ND_NODTYPE), 0)),
      nt_text(nd_argsort(L("[[3, 1, 2], [9, 8, 7]]", ND_UINT8), -1)),
      unique_text(L("[3, 1, 2, 1, 3, 3]", ND_NODTYPE), (NdUniqueOpts){0}),
      unique_text(L("[[3, 1], [2, 1]]", ND_NODTYPE), (NdUniqueOpts){.return_counts = true}),
      unique_text(L("[3.0, nan, 1.0, nan, 3.0]", ND_NODTYPE),
                  (NdUniqueOpts){.return_index = true, .return_counts = true}),
      unique_text(L("[True, False, True]", ND_NODTYPE), (NdUniqueOpts){.return_inverse = true}),
      unique_text(L("[2, 5, 2]", ND_INT32), (NdUniqueOpts){true, true, true}),
      nt_text(nd_bincount(L("[0, 1, 1, 3]", ND_NODTYPE), NULL, 0)),
      nt_text(nd_bincount(L("[0, 1]", ND_UINT8), L("[0.5, 1.0]", ND_NODTYPE), 4)),
      nt_text(nd_bincount(L("[0, -1]", ND_NODTYPE), NULL, 0)),
      nt_text(nd_bincount(L("[0.5]", ND_NODTYPE), NULL, 0)),
      nt_text(nd_percentile(L("[3.0, 1.0, 2.0, 5.0]", ND_NODTYPE), Q(50), (NdAxes){0}, false)),
      nt_text(nd_percentile(L("[1, 2, 3, 4]", ND_FLOAT32), Q(40), (NdAxes){0}, false)),
      nt_text(nd_percentile(L("[1, 2, 3, 4]", ND_FLOAT32), L("[40.0, 50.0]", ND_NODTYPE), (NdAxes){0}, false)),
      nt_text(nd_percentile(L("[[1, 2, 3], [4, 5, 6]]", ND_NODTYPE), Q(50), nd_axis(1), true)),
      nt_text(nd_percentile(L("[1, 2, 3]", ND_NODTYPE), L("[[10.0, 90.0]]", ND_NODTYPE), (NdAxes){0}, false)),
      nt_text(nd_percentile(L("[3.0, 1.0, nan]", ND_NODTYPE), Q(25), (NdAxes){0}, false)),
      nt_text(nd_percentile(L("[[1, 7], [3, 4]]", ND_NODTYPE), Q(75), nd_axis(0), false)),
      nt_text(nd_percentile(L("[1, 2]", ND_NODTYPE), Q(101), (NdAxes){0}, false)),
      nt_text(nd_median(L("[1, 2, 3, 4]", ND_NODTYPE), (NdAxes){0}, false)),
      nt_text(nd_median(L("[[1, 2], [3, 5]]", ND_FLOAT32), nd_axis(0), false)),
      nt_text(nd_median(L("[[1, 9, 2], [3, 5, 4]]", ND_NODTYPE), nd_axis(1), true)),
      nt_text(nd_median(L("[2.0, nan, 1.0]", ND_NODTYPE), (NdAxes){0}, false)),
      hist_text(L("[1, 2, 2, 3, 5]", ND_NODTYPE), (NdHistOpts){0}),
      hist_text(L("[1.0, 1.0]", ND_NODTYPE), (NdHistOpts){.bins = 3}),
      hist_text(L("[0.5, 1.5, 2.5, 3.0, 7.0]", ND_NODTYPE), (NdHistOpts){.edges = bins}),
      hist_text(L("[0.1, 0.4, 0.45, 0.9]", ND_FLOAT32),
                (NdHistOpts){.bins = 4, .has_range = true, .lo = 0, .hi = 1}),
      hist_text(L("[1, 2, 2]", ND_NODTYPE), (NdHistOpts){.bins = 2, .weights = w}),
      hist_text(L("[1, 2, 2, 4]", ND_NODTYPE), (NdHistOpts){.bins = 3, .density = true}),
  };
  nt_compare(sizeof exprs / sizeof exprs[0], exprs, mine);
  nt_drop_kept();
}

Test(sort, in_place_sort_and_large_arrays) {
  int64_t n = 100000;
  NdArray *a = nd_empty(ND_INT32, 1, &n);
  for (int64_t i = 0; i < n; i++)
    ((int32_t *)a->data)[i] = (int32_t)((i * 7919) % 1000);
  cr_assert(nd_sort_inplace(a, -1));
  for (int64_t i = 1; i < n; i++)
    cr_assert(((int32_t *)a->data)[i - 1] <= ((int32_t *)a->data)[i]);
  nd_unref(a);
}
