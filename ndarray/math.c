/* math.c — whole-array functions built on the ufuncs: where, nonzero, clip, round, isclose,
 * allclose, array_equal.
 *
 * Each follows the Python that numpy writes it in (numeric.py, fromnumeric.py), so the
 * intermediate dtypes, and therefore the results, are numpy's: np.round multiplies by
 * 10**decimals, rounds half to even and divides back, in the array's own dtype; isclose
 * compares |a - b| <= atol + rtol * |b| with b made inexact first.
 */
#include <math.h>
#include <string.h>

#include "ndarray.h"

static void pick(void *ctx, char **p, const int64_t *s, int64_t n) {
  size_t item = *(const size_t *)ctx;
  for (int64_t i = 0; i < n; i++)
    memcpy(p[0] + i * s[0], *(const bool *)(p[1] + i * s[1]) ? p[2] + i * s[2] : p[3] + i * s[3],
           item);
}

NdArray *nd_where(const NdArray *cond, const NdArray *x, const NdArray *y) {
  const NdArray *all[3] = {cond, x, y};
  int nd;
  int64_t shape[ND_MAXDIM];
  if (!nd_broadcast_shape(3, all, &nd, shape))
    return NULL;
  NdArray *pair[2] = {(NdArray *)x, (NdArray *)y};
  NdDtype t = nd_result_type(2, pair);
  NdArray *c = nd_ascontiguous((NdArray *)cond, ND_BOOL);
  NdArray *xc = nd_ascontiguous((NdArray *)x, t), *yc = nd_ascontiguous((NdArray *)y, t);
  NdArray *out = c && xc && yc ? nd_empty(t, nd, shape) : NULL;
  if (out) {
    const NdArray *ops[4] = {out, c, xc, yc};
    size_t item = nd_dtype_size(t);
    NdIter it;
    nd_iter_init(&it, 4, ops, nd, shape);
    nd_iter_run(&it, pick, &item, true);
  }
  nd_unref(c);
  nd_unref(xc);
  nd_unref(yc);
  return out;
}

int nd_nonzero(const NdArray *a, NdArray **out) {
  NdArray *b = nd_astype(a, ND_BOOL);
  if (!b)
    return -1;
  int nd = a->ndim ? a->ndim : 1;
  int64_t count = 0, len[ND_MAXDIM] = {1};
  for (int64_t k = 0; k < b->size; k++)
    count += ((bool *)b->data)[k];
  for (int i = 0; i < a->ndim; i++)
    len[i] = a->shape[i];
  int made = 0;
  while (made < nd && (out[made] = nd_empty(ND_INT64, 1, &count)))
    made++;
  if (made < nd) {
    while (made > 0)
      nd_unref(out[--made]);
    nd_unref(b);
    return -1;
  }
  for (int64_t k = 0, j = 0; k < b->size; k++) {
    if (!((bool *)b->data)[k])
      continue;
    for (int64_t i = nd - 1, rest = k; i >= 0; i--) {
      ((int64_t *)out[i]->data)[j] = rest % len[i];
      rest /= len[i];
    }
    j++;
  }
  nd_unref(b);
  return nd;
}

/* x = f(x, v) in place, casting unsafely into x. */
static bool apply(NdUfunc f, NdArray *x, const NdArray *v) {
  return nd_ufunc_into(f, x, v, x, ND_CAST_UNSAFE);
}

NdArray *nd_clip(const NdArray *a, const NdArray *lo, const NdArray *hi) {
  if (!lo && !hi)
    return nd_fail(ND_E_VALUE, "One of max or min must be given");
  NdArray *ops[3] = {(NdArray *)a}, *out = NULL;
  int n = 1;
  if (lo)
    ops[n++] = (NdArray *)lo;
  if (hi)
    ops[n++] = (NdArray *)hi;
  NdDtype t = nd_result_type(n, ops);
  const NdArray *all[3] = {a, lo ? lo : a, hi ? hi : a};
  int nd;
  int64_t shape[ND_MAXDIM];
  if (!nd_broadcast_shape(3, all, &nd, shape) || !(out = nd_empty(t, nd, shape)))
    return NULL;
  if (!nd_assign(out, a) || (lo && !apply(ND_MAXIMUM, out, lo)) ||
      (hi && !apply(ND_MINIMUM, out, hi))) {
    nd_unref(out);
    return NULL;
  }
  return a->ndim == 0 ? nd_mark_scalar(out) : out;
}

NdArray *nd_round(const NdArray *a, int decimals) {
  if (!nd_dtype_is_float(a->dtype) && decimals >= 0) {
    NdArray *c = nd_copy(a);
    return a->scalar ? nd_mark_scalar(c) : c;
  }
  bool ints = !nd_dtype_is_float(a->dtype);
  NdArray *x = nd_astype(a, ints ? ND_FLOAT64 : a->dtype);
  NdArray *f = nd_scalar_f64(pow(10.0, decimals < 0 ? -decimals : decimals));
  bool ok = x && f;
  if (ok && decimals > 0)
    ok = apply(ND_MULTIPLY, x, f) && apply(ND_RINT, x, NULL) && apply(ND_TRUE_DIVIDE, x, f);
  else if (ok && decimals < 0)
    ok = apply(ND_TRUE_DIVIDE, x, f) && apply(ND_RINT, x, NULL) && apply(ND_MULTIPLY, x, f);
  else if (ok)
    ok = apply(ND_RINT, x, NULL);
  nd_unref(f);
  if (!ok) {
    nd_unref(x);
    return NULL;
  }
  if (ints) {
    NdArray *c = nd_astype(x, a->dtype);
    nd_unref(x);
    x = c;
  }
  return a->ndim == 0 ? nd_mark_scalar(x) : x;
}

NdArray *nd_isclose(const NdArray *a, const NdArray *b, double rtol, double atol,
                    bool equal_nan) {
  NdArray *one = nd_scalar_f64(1.0), *pair[2] = {(NdArray *)b, one};
  NdArray *y = one ? nd_astype(b, nd_result_type(2, pair)) : NULL;
  NdArray *rt = nd_scalar_f64(rtol), *at = nd_scalar_f64(atol);
  NdArray *d = y ? nd_ufunc(ND_SUBTRACT, a, y) : NULL;     /* |a - b| */
  NdArray *ad = d ? nd_ufunc(ND_ABSOLUTE, d, NULL) : NULL;
  NdArray *ay = y ? nd_ufunc(ND_ABSOLUTE, y, NULL) : NULL; /* atol + rtol * |b| */
  NdArray *rb = ay && rt ? nd_ufunc(ND_MULTIPLY, rt, ay) : NULL;
  NdArray *tol = rb && at ? nd_ufunc(ND_ADD, at, rb) : NULL;
  NdArray *within = tol ? nd_ufunc(ND_LESS_EQUAL, ad, tol) : NULL;
  NdArray *fa = nd_ufunc(ND_ISFINITE, a, NULL), *fb = y ? nd_ufunc(ND_ISFINITE, y, NULL) : NULL;
  NdArray *fin = fa && fb ? nd_ufunc(ND_LOGICAL_AND, fa, fb) : NULL;
  NdArray *eq = y ? nd_ufunc(ND_EQUAL, a, y) : NULL;
  NdArray *r = within && fin && eq ? nd_where(fin, within, eq) : NULL;
  if (r && equal_nan) {
    NdArray *na = nd_ufunc(ND_ISNAN, a, NULL), *nb = nd_ufunc(ND_ISNAN, y, NULL);
    NdArray *both = na && nb ? nd_ufunc(ND_LOGICAL_AND, na, nb) : NULL;
    NdArray *r2 = both ? nd_ufunc(ND_LOGICAL_OR, r, both) : NULL;
    nd_unref(na);
    nd_unref(nb);
    nd_unref(both);
    nd_unref(r);
    r = r2;
  }
  NdArray *tmp[] = {one, y, rt, at, d, ad, ay, rb, tol, within, fa, fb, fin, eq};
  for (size_t i = 0; i < sizeof tmp / sizeof tmp[0]; i++)
    nd_unref(tmp[i]);
  return r && r->ndim == 0 ? nd_mark_scalar(r) : r;
}

bool nd_allclose(const NdArray *a, const NdArray *b, double rtol, double atol, bool equal_nan,
                 bool *out) {
  NdArray *c = nd_isclose(a, b, rtol, atol, equal_nan);
  NdArray *all = c ? nd_reduce(ND_ALL, c, NULL) : NULL;
  if (all)
    *out = *(bool *)all->data;
  nd_unref(c);
  nd_unref(all);
  return all != NULL;
}

bool nd_array_equal(const NdArray *a, const NdArray *b, bool *out) {
  if (a->ndim != b->ndim || memcmp(a->shape, b->shape, sizeof(int64_t) * (size_t)a->ndim)) {
    *out = false;
    return true;
  }
  NdArray *e = nd_ufunc(ND_EQUAL, a, b);
  NdArray *all = e ? nd_reduce(ND_ALL, e, NULL) : NULL;
  if (all)
    *out = *(bool *)all->data;
  nd_unref(e);
  nd_unref(all);
  return all != NULL;
}
