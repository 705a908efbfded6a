/* sort.c — sorting and what is built on it: sort, argsort, unique, bincount, percentile,
 * median and histogram.
 *
 * Sorting is a stable merge sort per row along the axis (moved last and copied), with NaN
 * after every number as in numpy. numpy's default kind is an unstable quicksort, so where
 * equal values tie, argsort may order them differently from numpy's default (it agrees
 * with kind='stable'). percentile follows numpy's 'linear' method step by step (the
 * virtual index (n - 1) * q / 100, its floor and ceiling, and _lerp's two formulas either
 * side of t = 0.5), in the input's float type when q is a scalar, as numpy's promotion
 * makes it; median is the mean of the middle one or two, as np.median computes it.
 */
#include <math.h>
#include <string.h>

#include "ndarray.h"

/* a before b: numbers in order, NaN last. */
#define BEFORE(a, b) ((a) < (b) || ((b) != (b) && (a) == (a)))

/* Stable bottom-up merge sort of v[0..n) carrying idx along (idx may be NULL). */
#define MSORT(E, T, S)                                                                      \
  static void msort_##S(T *v, int64_t *idx, int64_t n, T *tv, int64_t *ti) {              \
    for (int64_t w = 1; w < n; w *= 2) {                                                  \
      for (int64_t lo = 0; lo < n; lo += 2 * w) {                                         \
        int64_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;      \
        int64_t i = lo, j = mid, k = lo;                                                  \
        while (i < mid || j < hi) {                                                       \
          bool left = j >= hi || (i < mid && !BEFORE(v[j], v[i]));                        \
          int64_t from = left ? i++ : j++;                                                \
          tv[k] = v[from];                                                                \
          if (idx)                                                                        \
            ti[k] = idx[from];                                                            \
          k++;                                                                            \
        }                                                                                 \
      }                                                                                   \
      memcpy(v, tv, sizeof(T) * (size_t)n);                                               \
      if (idx)                                                                            \
        memcpy(idx, ti, sizeof(int64_t) * (size_t)n);                                     \
    }                                                                                     \
  }
ND_TYPES(MSORT)

/* Sorts the n elements at v (dtype t) and their indices idx (may be NULL). */
static bool sort_row(NdDtype t, char *v, int64_t *idx, int64_t n) {
  size_t item = nd_dtype_size(t);
  char *tv = base_malloc(item * (size_t)(n ? n : 1));
  int64_t *ti = idx ? base_malloc(sizeof(int64_t) * (size_t)(n ? n : 1)) : NULL;
  if (!tv || (idx && !ti)) {
    base_free(tv);
    base_free(ti);
    return nd_fail(ND_E_MEMORY, "out of memory sorting %lld elements", (long long)n), false;
  }
  switch (t) {
#define CASE(E, T, S) case E: msort_##S((T *)v, idx, n, (T *)tv, ti); break;
    ND_TYPES(CASE)
#undef CASE
  case ND_NODTYPE: nnc_unreachable("dtype");
  }
  base_free(tv);
  base_free(ti);
  return true;
}

/* a with `axis` moved last, as a contiguous copy of dtype t (ND_NOAXIS: flattened). */
static NdArray *rows_of(const NdArray *a, int axis, NdDtype t, int *axis_out) {
  if (axis == ND_NOAXIS) {
    NdArray *f = nd_flatten(a), *c = f ? nd_astype(f, t) : NULL;
    nd_unref(f);
    *axis_out = 0;
    return c;
  }
  if (a->ndim == 0)
    return nd_fail(ND_E_VALUE, "axis %d is out of bounds for array of dimension 0", axis);
  if (!nd_norm_axis(&axis, a->ndim))
    return NULL;
  *axis_out = axis;
  NdArray *m = nd_moveaxis((NdArray *)a, axis, -1), *c = m ? nd_astype(m, t) : NULL;
  nd_unref(m);
  return c;
}

/* Sorts each row of the contiguous array r (last axis); the indices into idx when given. */
static bool sort_rows(NdArray *r, NdArray *idx) {
  int64_t len = r->ndim ? r->shape[r->ndim - 1] : 1, rows = len ? r->size / len : 0;
  size_t item = nd_dtype_size(r->dtype);
  for (int64_t q = 0; q < rows; q++) {
    int64_t *ix = idx ? (int64_t *)idx->data + q * len : NULL;
    for (int64_t i = 0; ix && i < len; i++)
      ix[i] = i;
    if (!sort_row(r->dtype, r->data + (size_t)(q * len) * item, ix, len))
      return false;
  }
  return true;
}

/* The result put back with its axis where it came from. */
static NdArray *restore(NdArray *r, const NdArray *a, int axis, bool flat) {
  if (!r || flat || a->ndim <= 1)
    return r;
  NdArray *m = nd_moveaxis(r, -1, axis), *c = m ? nd_copy(m) : NULL;
  nd_unref(m);
  nd_unref(r);
  return c;
}

NdArray *nd_sort(const NdArray *a, int axis) {
  int ax = 0;
  NdArray *r = rows_of(a, axis, a->dtype, &ax);
  if (r && !sort_rows(r, NULL)) {
    nd_unref(r);
    return NULL;
  }
  return restore(r, a, ax, axis == ND_NOAXIS);
}

NdArray *nd_argsort(const NdArray *a, int axis) {
  int ax = 0;
  NdArray *r = rows_of(a, axis, a->dtype, &ax);
  NdArray *idx = r ? nd_empty_like(r, ND_INT64) : NULL;
  bool ok = idx && sort_rows(r, idx);
  nd_unref(r);
  if (!ok) {
    nd_unref(idx);
    return NULL;
  }
  return restore(idx, a, ax, axis == ND_NOAXIS);
}

bool nd_sort_inplace(NdArray *a, int axis) {
  if (axis == ND_NOAXIS)
    return nd_fail(ND_E_VALUE, "a.sort() needs an axis (axis=None is np.sort's)"), false;
  NdArray *s = nd_sort(a, axis);
  bool ok = s && nd_assign(a, s);
  nd_unref(s);
  return ok;
}

/* ---- unique ---- */

static bool same(NdScalar x, NdScalar y) {
  double a = nd_scalar_to_double(x), b = nd_scalar_to_double(y);
  if (x.dtype == ND_INT64 || x.dtype == ND_INT32 || x.dtype == ND_UINT8)
    return x.i == y.i;
  return a == b || (a != a && b != b); /* NaNs are one value (equal_nan, numpy 1.24) */
}

int nd_unique(const NdArray *a, const NdUniqueOpts *opts, NdArray **out) {
  NdUniqueOpts o = opts ? *opts : (NdUniqueOpts){0};
  int ax = 0;
  NdArray *v = rows_of(a, ND_NOAXIS, a->dtype, &ax);
  NdArray *order = v ? nd_empty(ND_INT64, 1, &v->size) : NULL;
  int64_t n = v ? v->size : 0, groups = 0, *ix = order ? (int64_t *)order->data : NULL;
  if (!order || !sort_rows(v, order)) {
    nd_unref(v), nd_unref(order);
    return -1;
  }
  for (int64_t i = 0; i < n; i++)
    groups += i == 0 || !same(nd_read(v->dtype, v->data + (i - 1) * v->strides[0]),
                              nd_read(v->dtype, v->data + i * v->strides[0]));
  NdArray *vals = nd_empty(a->dtype, 1, &groups), *first = nd_empty(ND_INT64, 1, &groups);
  NdArray *inv = nd_empty(ND_INT64, 1, &n), *counts = nd_zeros(ND_INT64, 1, &groups);
  int made = 0;
  if (vals && first && inv && counts) {
    size_t item = nd_dtype_size(a->dtype);
    for (int64_t i = 0, g = -1; i < n; i++) {
      const char *p = v->data + (size_t)i * item;
      if (i == 0 || !same(nd_read(v->dtype, p - item), nd_read(v->dtype, p))) {
        memcpy(vals->data + (size_t)++g * item, p, item);
        ((int64_t *)first->data)[g] = ix[i]; /* stable: the first occurrence */
      }
      ((int64_t *)inv->data)[ix[i]] = g;
      ((int64_t *)counts->data)[g]++;
    }
    NdArray *parts[4] = {vals, o.return_index ? first : NULL, o.return_inverse ? inv : NULL,
                         o.return_counts ? counts : NULL};
    for (int k = 0; k < 4; k++)
      if (parts[k])
        out[made++] = nd_ref(parts[k]);
  }
  nd_unref(v), nd_unref(order), nd_unref(vals), nd_unref(first), nd_unref(inv), nd_unref(counts);
  return made ? made : -1;
}

/* ---- bincount ---- */

NdArray *nd_bincount(const NdArray *x, const NdArray *weights, int64_t minlength) {
  if (x->ndim != 1)
    return nd_fail(ND_E_VALUE, "object too deep for desired array");
  if (!nd_can_cast(x->dtype, ND_INT64, ND_CAST_SAFE) && x->size > 0)
    return nd_fail(ND_E_TYPE, "Cannot cast array data from dtype('%s') to dtype('int64') "
                   "according to the rule 'safe'", nd_dtype_name(x->dtype));
  if (minlength < 0)
    return nd_fail(ND_E_VALUE, "'minlength' must not be negative");
  if (weights && (weights->ndim != 1 || weights->size != x->size))
    return nd_fail(ND_E_VALUE, "The weights and list don't have the same length.");
  NdArray *xi = nd_astype(x, ND_INT64), *w = weights ? nd_astype(weights, ND_FLOAT64) : NULL;
  NdArray *out = NULL;
  int64_t len = minlength, *v = xi ? (int64_t *)xi->data : NULL;
  if (!xi || (weights && !w))
    goto done;
  for (int64_t i = 0; i < xi->size; i++) {
    if (v[i] < 0) {
      nd_fail(ND_E_VALUE, "'list' argument must have no negative elements");
      goto done;
    }
    len = v[i] + 1 > len ? v[i] + 1 : len;
  }
  if (!(out = nd_zeros(w ? ND_FLOAT64 : ND_INT64, 1, &len)))
    goto done;
  for (int64_t i = 0; i < xi->size; i++) {
    if (w)
      ((double *)out->data)[v[i]] += ((double *)w->data)[i];
    else
      ((int64_t *)out->data)[v[i]]++;
  }
done:
  nd_unref(xi), nd_unref(w);
  return out;
}

/* ---- percentile and median ---- */

/* numpy's _lerp for one value: a + (b - a) t, or b - (b - a)(1 - t) from t = 0.5 on. */
static double lerp(double a, double b, double t) {
  double d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

static float lerpf(float a, float b, double t) {
  float d = b - a;
  return t >= 0.5 ? b - (float)(d * (1 - t)) : a + (float)(d * t);
}

/* Axes of a to reduce, moved last and flattened into one: rows [outer, len] (a copy). */
static NdArray *gather_rows(const NdArray *a, NdAxes axes, NdDtype t, uint64_t *mask) {
  if (!nd_norm_axes(&axes, a->ndim, mask))
    return NULL;
  int perm[ND_MAXDIM], k = 0;
  int64_t outer = 1, len = 1;
  for (int i = 0; i < a->ndim; i++)
    if (!(*mask >> i & 1)) {
      perm[k++] = i;
      outer *= a->shape[i];
    }
  for (int i = 0; i < a->ndim; i++)
    if (*mask >> i & 1) {
      perm[k++] = i;
      len *= a->shape[i];
    }
  NdArray *p = a->ndim ? nd_transpose((NdArray *)a, a->ndim, perm) : nd_ref((NdArray *)a);
  NdArray *c = p ? nd_astype(p, t) : NULL, *r = c ? nd_reshape(c, 2, (int64_t[]){outer, len}) : NULL;
  nd_unref(p), nd_unref(c);
  return r;
}

/* The result shape: q's shape, then the kept axes (or all, with length 1, for keepdims). */
static int result_shape(const NdArray *a, const NdArray *q, uint64_t mask, bool keepdims,
                        int64_t *shape) {
  int nd = 0;
  for (int i = 0; q && i < q->ndim; i++)
    shape[nd++] = q->shape[i];
  for (int i = 0; i < a->ndim; i++)
    if (!(mask >> i & 1))
      shape[nd++] = a->shape[i];
    else if (keepdims)
      shape[nd++] = 1;
  return nd;
}

NdArray *nd_percentile(const NdArray *a, const NdArray *q, NdAxes axis, bool keepdims) {
  NdArray *qs = nd_astype(q, ND_FLOAT64);
  if (!qs)
    return NULL;
  for (int64_t i = 0; i < qs->size; i++) {
    double v = ((double *)qs->data)[i];
    if (!(v >= 0 && v <= 100)) {
      nd_unref(qs);
      return nd_fail(ND_E_VALUE, "Percentiles must be in the range [0, 100]");
    }
  }
  /* the float type numpy's promotions end in */
  NdDtype t = a->dtype == ND_FLOAT32 && q->ndim == 0 ? ND_FLOAT32 : ND_FLOAT64;
  uint64_t mask;
  NdArray *rows = gather_rows(a, axis, a->dtype == ND_FLOAT32 ? ND_FLOAT32 : ND_FLOAT64, &mask);
  int64_t shape[ND_MAXDIM];
  int nd = result_shape(a, q, mask, keepdims, shape);
  NdArray *out = rows ? nd_empty(t, nd, shape) : NULL;
  if (out && !sort_rows(rows, NULL)) {
    nd_unref(out);
    out = NULL;
  }
  int64_t outer = rows ? rows->shape[0] : 0, len = rows ? rows->shape[1] : 0;
  if (out && len == 0) {
    nd_fill(out, (NdScalar){.dtype = ND_FLOAT64, .f = NAN});
  } else if (out) {
    for (int64_t k = 0; k < qs->size; k++) {
      double vi = (double)(len - 1) * (((double *)qs->data)[k] / 100);
      int64_t lo = (int64_t)floor(vi), hi = lo + 1;
      if (vi >= (double)(len - 1))
        lo = hi = len - 1;
      double g = vi - (double)lo;
      for (int64_t r = 0; r < outer; r++) {
        double x0, x1, res;
        const char *row = rows->data + r * rows->strides[0];
        bool f32 = rows->dtype == ND_FLOAT32;
        x0 = f32 ? ((const float *)row)[lo] : ((const double *)row)[lo];
        x1 = f32 ? ((const float *)row)[hi] : ((const double *)row)[hi];
        double last = f32 ? ((const float *)row)[len - 1] : ((const double *)row)[len - 1];
        if (isnan(last)) /* a NaN anywhere sorts last and makes the answer NaN */
          res = NAN;
        else
          res = t == ND_FLOAT32 ? lerpf((float)x0, (float)x1, g) : lerp(x0, x1, g);
        nd_write(t, out->data + (k * outer + r) * (int64_t)nd_dtype_size(t),
                 (NdScalar){.dtype = ND_FLOAT64, .f = res});
      }
    }
  }
  nd_unref(qs), nd_unref(rows);
  return out && out->ndim == 0 ? nd_mark_scalar(out) : out;
}

NdArray *nd_median(const NdArray *a, NdAxes axis, bool keepdims) {
  uint64_t mask;
  NdArray *rows = gather_rows(a, axis, a->dtype, &mask);
  if (!rows)
    return NULL;
  if (!sort_rows(rows, NULL)) {
    nd_unref(rows);
    return NULL;
  }
  int64_t len = rows->shape[1], mid = len / 2;
  /* the middle one or two (numpy's indexer), averaged by mean over axis 1 */
  NdIndex ix[2] = {nd_ix_all(), len % 2 || len == 0 ? nd_ix_slice(mid, mid + 1, 1, 3)
                                                    : nd_ix_slice(mid - 1, mid + 1, 1, 3)};
  NdArray *part = nd_getitem(rows, 2, ix), *sorted_last = NULL;
  NdReduceOpts o = {.axis = nd_axis(1)};
  NdArray *m = part ? nd_reduce(ND_MEAN, part, &o) : NULL;
  if (m && len > 0 && nd_dtype_is_float(rows->dtype)) { /* NaN anywhere: NaN */
    NdIndex last[2] = {nd_ix_all(), nd_ix_int(-1)};
    sorted_last = nd_getitem(rows, 2, last);
    NdArray *isnan_ = sorted_last ? nd_ufunc(ND_ISNAN, sorted_last, NULL) : NULL;
    NdArray *nan = nd_scalar_f64(NAN);
    NdArray *w = isnan_ && nan ? nd_where(isnan_, nan, m) : NULL;
    NdArray *c = w ? nd_astype(w, m->dtype) : NULL;
    nd_unref(isnan_), nd_unref(nan), nd_unref(w), nd_unref(m);
    m = c;
  }
  int64_t shape[ND_MAXDIM];
  int nd = result_shape(a, NULL, mask, keepdims, shape);
  NdArray *r = m ? nd_reshape(m, nd, shape) : NULL;
  nd_unref(rows), nd_unref(part), nd_unref(sorted_last), nd_unref(m);
  return r && r->ndim == 0 ? nd_mark_scalar(r) : r;
}

/* ---- histogram ---- */

/* The bin of v among n equal bins from lo to hi (numpy's arithmetic and its corrections
 * against the edges), or -1 outside; T is the edges' type. */
#define BIN(T)                                                                              \
  static int64_t bin_##T(T v, T lo, T hi, int64_t n, const T *edges) {                    \
    if (!(v >= lo && v <= hi))                                                            \
      return -1;                                                                          \
    T norm = (T)((double)n / (double)(hi - lo));                                          \
    int64_t i = (int64_t)((v - lo) * norm);                                               \
    if (i == n)                                                                           \
      i--;                                                                                \
    if (v < edges[i])                                                                     \
      i--;                                                                                \
    else if (i != n - 1 && v >= edges[i + 1])                                             \
      i++;                                                                                \
    return i;                                                                             \
  }
BIN(float)
BIN(double)

/* The bin of v among explicit edges: edges[i] <= v < edges[i + 1], the last one closed. */
static int64_t bin_edges(double v, const double *e, int64_t ne) {
  if (!(v >= e[0] && v <= e[ne - 1]))
    return -1;
  int64_t lo = 0, hi = ne - 1; /* e[lo] <= v, and v < e[hi] or v is the last edge */
  while (hi - lo > 1) {
    int64_t mid = (lo + hi) / 2;
    if (v >= e[mid])
      lo = mid;
    else
      hi = mid;
  }
  return lo < ne - 1 ? lo : ne - 2;
}

/* The edges of equal-width bins, numpy's way, or false with its error. */
static NdArray *uniform_edges(const NdArray *x, const NdHistOpts *o, int64_t n) {
  double lo = o->lo, hi = o->hi;
  if (o->has_range && lo > hi)
    return nd_fail(ND_E_VALUE, "max must be larger than min in range parameter.");
  if (!o->has_range && x->size == 0) {
    lo = 0, hi = 1;
  } else if (!o->has_range) {
    NdArray *mn = nd_reduce(ND_MIN, x, NULL), *mx = mn ? nd_reduce(ND_MAX, x, NULL) : NULL;
    if (!mx) {
      nd_unref(mn);
      return NULL;
    }
    lo = nd_scalar_to_double(nd_get(mn, NULL));
    hi = nd_scalar_to_double(nd_get(mx, NULL));
    nd_unref(mn), nd_unref(mx);
  }
  if (!isfinite(lo) || !isfinite(hi))
    return nd_fail(ND_E_VALUE, "autodetected range of [%s, %s] is not finite",
                   isnan(lo) ? "nan" : lo < 0 ? "-inf" : "inf",
                   isnan(hi) ? "nan" : hi < 0 ? "-inf" : "inf");
  if (lo == hi)
    lo -= 0.5, hi += 0.5;
  return nd_linspace(lo, hi, n + 1, true, x->dtype == ND_FLOAT32 ? ND_FLOAT32 : ND_FLOAT64);
}

/* The bin width numpy's rule r gives the values of x (float64) inside [lo, hi]; 0 for none. */
static double rule_width(NdBinRule r, const NdArray *x, double lo, double hi) {
  int64_t n = 0;
  double *v = base_malloc(sizeof *v * (size_t)(x->size ? x->size : 1));
  for (int64_t i = 0; v && i < x->size; i++) {
    double e = ((const double *)x->data)[i];
    if (e >= lo && e <= hi)
      v[n++] = e;
  }
  if (!v || n == 0) {
    base_free(v);
    return 0;
  }
  double mn = v[0], mx = v[0], sum = 0, dev = 0;
  for (int64_t i = 0; i < n; i++)
    mn = v[i] < mn ? v[i] : mn, mx = v[i] > mx ? v[i] : mx, sum += v[i];
  for (int64_t i = 0; i < n; i++)
    dev += (v[i] - sum / (double)n) * (v[i] - sum / (double)n);
  double ptp = mx - mn, fd = 0, dn = (double)n;
  if (r == ND_BINS_AUTO || r == ND_BINS_FD) {
    NdArray *data = nd_empty(ND_FLOAT64, 1, (int64_t[]){n});
    NdArray *q = nd_empty(ND_FLOAT64, 1, (int64_t[]){2});
    if (data && q) {
      memcpy(data->data, v, sizeof *v * (size_t)n);
      ((double *)q->data)[0] = 75, ((double *)q->data)[1] = 25;
    }
    NdArray *p = data && q ? nd_percentile(data, q, (NdAxes){0}, false) : NULL;
    if (p)
      fd = 2.0 * (((double *)p->data)[0] - ((double *)p->data)[1]) * pow(dn, -1.0 / 3.0);
    nd_unref(data), nd_unref(q), nd_unref(p);
  }
  base_free(v);
  double sturges = ptp / (log2(dn) + 1.0);
  switch (r) {
  case ND_BINS_AUTO: return fd ? (fd < sturges ? fd : sturges) : sturges;
  case ND_BINS_FD: return fd;
  case ND_BINS_STURGES: return sturges;
  case ND_BINS_SQRT: return ptp / sqrt(dn);
  case ND_BINS_RICE: return ptp / (2.0 * pow(dn, 1.0 / 3.0));
  case ND_BINS_SCOTT:
    return pow(24.0 * sqrt(3.14159265358979323846) / dn, 1.0 / 3.0) * sqrt(dev / dn);
  case ND_BINS_GIVEN: break;
  }
  return 0;
}

/* How many equal bins rule r makes of x over its range, as np.histogram_bin_edges. */
static int64_t rule_bins(const NdArray *x, const NdHistOpts *o) {
  NdArray *xf = nd_astype(x, ND_FLOAT64);
  if (!xf)
    return -1;
  double lo = o->lo, hi = o->hi;
  if (!o->has_range)
    lo = -INFINITY, hi = INFINITY;
  else if (lo == hi)
    lo -= 0.5, hi += 0.5;
  double width = rule_width(o->rule, xf, lo, hi);
  if (!o->has_range && xf->size) {
    lo = hi = ((double *)xf->data)[0];
    for (int64_t i = 1; i < xf->size; i++) {
      double e = ((double *)xf->data)[i];
      lo = e < lo ? e : lo, hi = e > hi ? e : hi;
    }
    if (lo == hi)
      lo -= 0.5, hi += 0.5;
  }
  nd_unref(xf);
  return width > 0 && isfinite(hi - lo) ? (int64_t)ceil((hi - lo) / width) : 1;
}

bool nd_histogram(const NdArray *a, const NdHistOpts *opts, NdArray **counts,
                  NdArray **edges_out) {
  NdHistOpts o = opts ? *opts : (NdHistOpts){0};
  if (o.rule != ND_BINS_GIVEN && !o.edges && o.weights)
    return nd_fail(ND_E_TYPE, "Automated estimation of the number of bins is not supported for "
                              "weighted data"), false;
  int64_t n = o.rule != ND_BINS_GIVEN && !o.edges ? rule_bins(a, &o) : o.bins ? o.bins : 10;
  if (n < 0)
    return false;
  if (!o.edges && n < 1)
    return nd_fail(ND_E_VALUE, "`bins` must be positive, when an integer"), false;
  NdArray *x = nd_flatten(a), *w = o.weights ? nd_flatten(o.weights) : NULL;
  NdArray *wd = w ? nd_astype(w, ND_FLOAT64) : NULL;
  NdArray *edges = !x ? NULL : o.edges ? nd_ascontiguous((NdArray *)o.edges, ND_NODTYPE)
                                       : uniform_edges(x, &o, n);
  NdArray *ef = edges ? nd_astype(edges, ND_FLOAT64) : NULL, *xf = ef ? nd_astype(x, ND_FLOAT64) : NULL;
  NdArray *c = NULL;
  bool ok = xf && (!o.weights || wd);
  if (ok && o.weights && wd->size != xf->size)
    ok = (nd_fail(ND_E_VALUE, "weights should have the same shape as a."), false);
  int64_t ne = ef ? ef->size : 0;
  const double *e = ef ? (const double *)ef->data : NULL;
  for (int64_t i = 1; ok && o.edges && i < ne; i++)
    if (e[i] < e[i - 1])
      ok = (nd_fail(ND_E_VALUE, "`bins` must increase monotonically, when an array"), false);
  if (ok && ne < 2)
    ok = (nd_fail(ND_E_VALUE, "`bins` must be 1d, when an array, with at least two edges"), false);
  if (ok && (c = nd_zeros(w || o.density ? ND_FLOAT64 : ND_INT64, 1, (int64_t[]){ne - 1}))) {
    for (int64_t i = 0; i < xf->size; i++) {
      double v = ((double *)xf->data)[i];
      int64_t b = o.edges ? bin_edges(v, e, ne)
                  : edges->dtype == ND_FLOAT32
                      ? bin_float((float)v, ((float *)edges->data)[0], ((float *)edges->data)[ne - 1],
                                  ne - 1, (const float *)edges->data)
                      : bin_double(v, e[0], e[ne - 1], ne - 1, e);
      if (b < 0)
        continue;
      if (c->dtype == ND_INT64)
        ((int64_t *)c->data)[b]++;
      else
        ((double *)c->data)[b] += wd ? ((double *)wd->data)[i] : 1;
    }
    if (o.density) { /* counts / bin width / total */
      double total = 0, *cv = (double *)c->data;
      for (int64_t i = 0; i < ne - 1; i++)
        total += cv[i];
      for (int64_t i = 0; i < ne - 1; i++)
        cv[i] = cv[i] / (e[i + 1] - e[i]) / total;
    }
  }
  ok = c != NULL;
  if (ok) {
    *counts = c;
    *edges_out = nd_ref(edges);
  }
  nd_unref(x), nd_unref(w), nd_unref(wd), nd_unref(edges), nd_unref(ef), nd_unref(xf);
  return ok;
}
