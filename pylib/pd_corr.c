/* pd_corr.c — Pearson correlation as pandas computes it: DataFrame.corr() (every pair of
 * columns, a frame labelled by the column names both ways) and Series.corr(other).
 *
 * A pair is taken over the rows where both values are finite (pairwise complete, so one
 * column's NaN does not hide the others' rows), with the arithmetic of pandas' nancorr
 * (pandas/_libs/algos.pyx): Welford's running means, sums of squares and co-moments, then
 * covxy / sqrt(ssqdmx * ssqdmy), clipped to [-1, 1] as pandas 2 clips it, so the digits are
 * pandas'. Fewer than min_periods rows, or a constant column, give NaN. Bools count as 0
 * and 1; text is converted as float() converts it, so a frame with words is refused with
 * ValueError, as pandas 2 does, unless numeric_only=True drops those columns.
 *
 * Differences from pandas: Series.corr uses the same arithmetic (pandas calls
 * numpy.corrcoef there, which may differ in the last bit) and wants both Series to have the
 * same labels (pandas aligns them); 'spearman', 'kendall' and a callable are refused. */
#include <math.h>

#include "pylib.h"

/* pandas' nancorr for one pair: x[i * step] against y[i * step], i < n. */
static double pearson(const double *x, const double *y, int64_t n, int64_t step, int64_t minp) {
  int64_t nobs = 0;
  double meanx = 0, meany = 0, ssqdmx = 0, ssqdmy = 0, covxy = 0;
  for (int64_t i = 0; i < n; i++) {
    double vx = x[i * step], vy = y[i * step];
    if (!isfinite(vx) || !isfinite(vy))
      continue;
    nobs++;
    double dx = vx - meanx, dy = vy - meany;
    meanx += 1. / (double)nobs * dx;
    meany += 1. / (double)nobs * dy;
    ssqdmx += (vx - meanx) * dx;
    ssqdmy += (vy - meany) * dy;
    covxy += (vx - meanx) * dy;
  }
  double divisor = sqrt(ssqdmx * ssqdmy);
  if (nobs < minp || divisor == 0)
    return NAN;
  double r = covxy / divisor;
  return r < -1 ? -1 : r > 1 ? 1 : r;
}

/* method= and min_periods= (None: 1) as pandas reads them; false with an exception. */
static bool corr_options(Interp *I, Obj *method, Obj *min_periods, int64_t *minp) {
  if (!FE_IS(method, str))
    return fe_throw(I, EXC_NotImplementedError, "corr(method=<a callable>) is not supported "
                    "by nnc yet: only 'pearson'"), false;
  if (fe_str_is(method, "spearman") || fe_str_is(method, "kendall"))
    return fe_throw(I, EXC_NotImplementedError, "corr(method='%s') is not supported by nnc yet: "
                    "only 'pearson'", FE_STR(method)->s), false;
  if (!fe_str_is(method, "pearson"))
    return fe_throw(I, EXC_ValueError, "method must be either 'pearson', 'spearman', 'kendall', "
                    "or a callable, '%s' was supplied", FE_STR(method)->s), false;
  *minp = 1;
  return min_periods == &I->none || fe_as_int(I, min_periods, minp) == 0;
}

/* The columns corr() reads: all of them, or (numeric_only) those that do not hold text. */
static Obj *corr_columns(Interp *I, Obj *frame, bool numeric_only) {
  Obj *names = fe_list_from_iter(I, pl_frame_names(frame));
  if (!names || !numeric_only)
    return names;
  Obj *kept = fe_list_new(I, 0), *const *v;
  int64_t n;
  bool ok = kept && fe_seq_items(I, names, &v, &n);
  for (int64_t j = 0; ok && j < n; j++) {
    Obj *c = pl_frame_column(I, frame, v[j]), *col = c ? pl_col_of(I, c) : NULL;
    ok = col && (pl_col_is_text(I, col) || fe_list_append(I, kept, v[j]) == 0);
    fe_decref(I, c), fe_decref(I, col);
  }
  fe_decref(I, names);
  if (!ok)
    fe_setref(I, &kept, NULL);
  return kept;
}

/* The frame's values as float64, rows by columns, as to_numpy(dtype=float) converts them. */
static NdArray *float_matrix(Interp *I, Obj *frame) {
  Obj *v = fe_getattr_str(I, frame, "values"), *dt = v ? fe_str_cstr(I, "float64") : NULL;
  Obj *f = dt ? fe_call_method(I, v, "astype", &dt, 1) : NULL;
  NdArray *m = f ? nd_ref(PL_ND(f)) : NULL;
  fe_decref(I, v), fe_decref(I, dt), fe_decref(I, f);
  return m;
}

/* The k x k correlations of m's columns, as k columns of a new frame named by names. */
static Obj *corr_frame(Interp *I, NdArray *m, Obj *names, int64_t minp) {
  int64_t rows = m->shape[0], k = m->shape[1];
  const double *x = (const double *)m->data;
  Obj **cols = base_malloc((size_t)(k ? k : 1) * sizeof *cols);
  if (!cols)
    return fe_throw(I, EXC_MemoryError, "out of memory");
  int64_t made = 0;
  for (; made < k; made++) {
    NdArray *c = nd_empty(ND_FLOAT64, 1, &k);
    for (int64_t i = 0; c && i < k; i++)
      ((double *)c->data)[i] = pearson(x + i, x + made, rows, k, minp);
    if (!(cols[made] = pl_array_wrap(I, c)))
      break;
  }
  Obj *labels = made == k ? fe_list_from_iter(I, names) : NULL;
  Obj *r = labels ? pl_frame_from(I, names, cols, k) : NULL;
  if (r)
    pl_frame_set_index(I, r, labels, NULL);
  for (int64_t j = 0; j < made; j++)
    fe_decref(I, cols[j]);
  base_free(cols);
  fe_decref(I, labels);
  return r;
}

/* DataFrame.corr(method='pearson', min_periods=1, numeric_only=False) */
Obj *pl_frame_corr(Interp *I, Obj *self, Obj **args) {
  int64_t minp;
  int numeric_only = fe_truth(I, args[2]);
  if (numeric_only < 0 || !corr_options(I, args[0], args[1], &minp))
    return NULL;
  Obj *names = corr_columns(I, self, numeric_only == 1);
  Obj *part = names ? pl_frame_select(I, self, names) : NULL;
  NdArray *m = part ? float_matrix(I, part) : NULL;
  NdArray *c = m ? nd_ascontiguous(m, ND_FLOAT64) : NULL;
  Obj *r = c ? corr_frame(I, c, names, minp) : m ? pl_nd_raise(I) : NULL;
  nd_unref(c), nd_unref(m);
  fe_decref(I, part), fe_decref(I, names);
  return r;
}

/* A Series' values as float64 (a new reference), or NULL with an exception. */
static NdArray *series_doubles(Interp *I, Obj *s) {
  NdArray *v = pl_series_values(I, s), *d = v ? nd_astype(v, ND_FLOAT64) : NULL;
  nd_unref(v);
  return d ? d : (pl_nd_raise(I), NULL);
}

/* Whether a and b carry the same labels; -1 with an exception. */
static int same_labels(Interp *I, Obj *a, Obj *b) {
  int64_t fa, fb;
  Obj *ia = pl_series_index(a, &fa), *ib = pl_series_index(b, &fb);
  Obj *la = pl_labels(I, ia, fa, fe_len(I, a)), *lb = la ? pl_labels(I, ib, fb, fe_len(I, b)) : NULL;
  int eq = lb ? fe_eq(I, la, lb) : -1;
  fe_decref(I, la), fe_decref(I, lb);
  return eq;
}

/* Series.corr(other, method='pearson', min_periods=None) */
Obj *pl_series_corr(Interp *I, Obj *self, Obj **args) {
  int64_t minp;
  Obj *other = args[0];
  if (!corr_options(I, args[1], args[2], &minp))
    return NULL;
  if (other->cls->layout != &pl_series_layout)
    return fe_throw(I, EXC_TypeError, "Series.corr(other): other must be a Series, not %s",
                    fe_typename(other));
  int eq = same_labels(I, self, other);
  if (eq == 0)
    fe_throw(I, EXC_NotImplementedError, "Series.corr of Series with different labels is not "
             "supported by nnc yet (pandas aligns them)");
  NdArray *x = eq == 1 ? series_doubles(I, self) : NULL, *y = x ? series_doubles(I, other) : NULL;
  Obj *r = y ? fe_float(I, pearson((const double *)x->data, (const double *)y->data,
                                   x->size, 1, minp)) : NULL;
  nd_unref(x), nd_unref(y);
  return r;
}
