/* create.c — np.array from the interpreter's nested values, and the constructors: zeros,
 * ones, full, the _like forms, eye, arange, linspace.
 *
 * np.array reads a nested value twice through the caller's NdWalker: once to find the
 * shape (checking that every sequence at one depth has the same length and every leaf
 * sits at the same depth, numpy's "inhomogeneous shape" error otherwise) and the dtype,
 * then, with the array allocated, to store the values. Arrays met inside the value are
 * taken whole, their shape becoming the trailing dimensions.
 */
#include <math.h>
#include <string.h>

#include "ndarray.h"

typedef struct {
  const NdWalker *w;
  int nd;                       /* dimensions found so far */
  int64_t shape[ND_MAXDIM];
  int leaf;                     /* depth of the leaves; -1 until one is seen */
  NdDtype dtype;                /* promoted over the leaves; ND_NODTYPE before any */
} Scan;

static bool ragged(const Scan *s, int depth) {
  char dims[ND_SHAPE_STR];
  return nd_fail(ND_E_VALUE, "setting an array element with a sequence. The requested array "
                 "has an inhomogeneous shape after %d dimensions. The detected shape was %s + "
                 "inhomogeneous part.", depth, nd_shape_str(depth, s->shape, false, dims,
                                                            sizeof dims)), false;
}

static NdDtype leaf_dtype(const NdItem *it) {
  switch (it->kind) {
  case ND_ITEM_BOOL: return ND_BOOL;
  case ND_ITEM_INT: return ND_INT64;
  case ND_ITEM_FLOAT: return ND_FLOAT64;
  case ND_ITEM_ARRAY: return it->array->dtype;
  case ND_ITEM_SEQ: case ND_ITEM_OTHER: break;
  }
  nnc_unreachable("not a leaf");
}

/* A leaf (scalar or array) at depth. */
static bool scan_leaf(Scan *s, const NdItem *it, int depth) {
  const NdArray *a = it->kind == ND_ITEM_ARRAY ? it->array : NULL;
  int nd = a ? a->ndim : 0;
  if (s->leaf < 0) {
    if (s->nd > depth || depth + nd > ND_MAXDIM)
      return ragged(s, depth < s->nd ? depth : s->nd);
    s->leaf = depth;
    for (int i = 0; i < nd; i++)
      s->shape[depth + i] = a->shape[i];
    s->nd = depth + nd;
  } else if (depth != s->leaf || depth + nd != s->nd ||
             (nd && memcmp(s->shape + depth, a->shape, sizeof(int64_t) * (size_t)nd) != 0)) {
    return ragged(s, depth < s->leaf ? depth : s->leaf);
  }
  NdDtype t = leaf_dtype(it);
  s->dtype = s->dtype == ND_NODTYPE ? t : nd_promote_types(s->dtype, t);
  return true;
}

static bool scan(Scan *s, const void *v, int depth) {
  NdItem it = {0};
  s->w->describe(s->w->ctx, v, &it);
  if (it.kind == ND_ITEM_OTHER)
    return nd_fail(ND_E_TYPE, "cannot make a numeric array from a '%s' (nnc arrays hold bools "
                   "and numbers)", it.type_name ? it.type_name : "value"), false;
  if (it.kind != ND_ITEM_SEQ)
    return scan_leaf(s, &it, depth);
  if (depth >= ND_MAXDIM)
    return nd_fail(ND_E_VALUE, "maximum supported dimension for an ndarray is %d, found %d",
                   ND_MAXDIM, depth + 1), false;
  if (s->leaf >= 0 && depth >= s->leaf)
    return ragged(s, s->leaf);
  if (depth == s->nd)
    s->shape[s->nd++] = it.len;
  else if (s->shape[depth] != it.len)
    return ragged(s, depth);
  if (it.len == 0 && s->leaf < 0)
    s->leaf = depth + 1; /* nothing below an empty sequence */
  for (int64_t i = 0; i < it.len; i++)
    if (!scan(s, s->w->child(s->w->ctx, v, i), depth + 1))
      return false;
  return true;
}

/* A Python float stored into an element: into an int dtype it goes through Python's int()
 * as numpy's does (truncated, then wrapped to the type; NaN and infinity refused). */
static bool store_float(NdDtype t, char *p, double f) {
  if (t == ND_BOOL || nd_dtype_is_float(t)) {
    nd_write(t, p, (NdScalar){.dtype = ND_FLOAT64, .f = f});
    return true;
  }
  if (isnan(f))
    return nd_fail(ND_E_VALUE, "cannot convert float NaN to integer"), false;
  if (isinf(f))
    return nd_fail(ND_E_OVERFLOW, "cannot convert float infinity to integer"), false;
  if (f >= 9223372036854775808.0 || f < -9223372036854775808.0)
    return nd_fail(ND_E_OVERFLOW, "Python int too large to convert to C long"), false;
  nd_write(t, p, (NdScalar){.dtype = ND_INT64, .i = (int64_t)f});
  return true;
}

/* Stores value v (already scanned) into a at element pointer p, axis depth. */
static bool fill(const NdWalker *w, NdArray *a, const void *v, int depth, char *p) {
  NdItem it = {0};
  w->describe(w->ctx, v, &it);
  switch (it.kind) {
  case ND_ITEM_SEQ:
    for (int64_t i = 0; i < it.len; i++)
      if (!fill(w, a, w->child(w->ctx, v, i), depth + 1, p + i * a->strides[depth]))
        return false;
    return true;
  case ND_ITEM_BOOL: nd_write(a->dtype, p, (NdScalar){.dtype = ND_BOOL, .b = it.b}); return true;
  case ND_ITEM_INT: nd_write(a->dtype, p, (NdScalar){.dtype = ND_INT64, .i = it.i}); return true;
  case ND_ITEM_FLOAT:
    return store_float(a->dtype, p, it.f);
  case ND_ITEM_ARRAY: {
    NdArray *slot = nd_view(a, a->ndim - depth, a->shape + depth, a->strides + depth,
                            p - a->data);
    bool ok = slot && nd_assign(slot, it.array);
    nd_unref(slot);
    return ok;
  }
  case ND_ITEM_OTHER: break;
  }
  nnc_unreachable("scanned before");
}

NdArray *nd_array(const NdWalker *w, const void *value, NdDtype t) {
  Scan s = {.w = w, .leaf = -1};
  if (!scan(&s, value, 0))
    return NULL;
  NdDtype dt = t ? t : s.dtype ? s.dtype : ND_FLOAT64; /* np.array([]) is float64 */
  NdArray *a = nd_empty(dt, s.nd, s.shape);
  if (a && a->size > 0 && !fill(w, a, value, 0, a->data)) {
    nd_unref(a);
    return NULL;
  }
  return a;
}

NdArray *nd_asarray(const NdWalker *w, const void *value, NdDtype t) {
  NdItem it = {0};
  w->describe(w->ctx, value, &it);
  if (it.kind == ND_ITEM_ARRAY && !it.array->scalar && (!t || t == it.array->dtype))
    return nd_ref(it.array);
  return nd_array(w, value, t);
}

NdArray *nd_full(NdDtype t, int ndim, const int64_t *shape, NdScalar v) {
  NdArray *a = nd_empty(t ? t : v.dtype, ndim, shape);
  if (a)
    nd_fill(a, v);
  return a;
}

NdArray *nd_zeros(NdDtype t, int ndim, const int64_t *shape) {
  return nd_full(t ? t : ND_FLOAT64, ndim, shape, (NdScalar){.dtype = ND_INT64, .i = 0});
}

NdArray *nd_ones(NdDtype t, int ndim, const int64_t *shape) {
  return nd_full(t ? t : ND_FLOAT64, ndim, shape, (NdScalar){.dtype = ND_INT64, .i = 1});
}

NdArray *nd_empty_like(const NdArray *a, NdDtype t) {
  return nd_empty(t ? t : a->dtype, a->ndim, a->shape);
}

NdArray *nd_full_like(const NdArray *a, NdScalar v, NdDtype t) {
  return nd_full(t ? t : a->dtype, a->ndim, a->shape, v);
}

NdArray *nd_zeros_like(const NdArray *a, NdDtype t) {
  return nd_full_like(a, (NdScalar){.dtype = ND_INT64, .i = 0}, t);
}

NdArray *nd_ones_like(const NdArray *a, NdDtype t) {
  return nd_full_like(a, (NdScalar){.dtype = ND_INT64, .i = 1}, t);
}

NdArray *nd_eye(int64_t n, int64_t m, int64_t k, NdDtype t) {
  int64_t shape[2] = {n, m < 0 ? n : m};
  NdArray *a = nd_zeros(t, 2, shape);
  for (int64_t i = 0; a && i < n; i++)
    if (i + k >= 0 && i + k < shape[1])
      nd_write(a->dtype, a->data + i * a->strides[0] + (i + k) * a->strides[1],
               (NdScalar){.dtype = ND_INT64, .i = 1});
  return a;
}

/* arange's float values, numpy's way: the first two from start and step, the rest as
 * start + i * (second - first), computed in the array's own type. */
#define ARANGE(T)                                                                           \
  static void arange_##T(T *x, int64_t n, double start, double step) {                    \
    if (n > 0)                                                                            \
      x[0] = (T)start;                                                                    \
    if (n > 1) {                                                                          \
      x[1] = (T)(start + step);                                                           \
      T a0 = x[0], d = x[1] - x[0];                                                       \
      for (int64_t i = 2; i < n; i++)                                                     \
        x[i] = a0 + (T)i * d;                                                             \
    }                                                                                     \
  }
ARANGE(float)
ARANGE(double)

/* Integer (or bool) values: start + i * step, exactly, wrapping as numpy's ints do. */
static void arange_int(NdArray *a, NdScalar start, NdScalar step) {
  bool ints = start.dtype == ND_INT64 && step.dtype == ND_INT64;
  int64_t item = (int64_t)nd_dtype_size(a->dtype);
  for (int64_t i = 0; i < a->size; i++) {
    NdScalar v = ints ? (NdScalar){.dtype = ND_INT64,
                                   .i = (int64_t)((uint64_t)start.i + (uint64_t)i * (uint64_t)step.i)}
                      : (NdScalar){.dtype = ND_FLOAT64,
                                   .f = nd_scalar_to_double(start) + (double)i * nd_scalar_to_double(step)};
    nd_write(a->dtype, a->data + i * item, v);
  }
}

/* A Python-scalar argument as int64 or float64. */
static NdScalar widen(NdScalar v) {
  if (nd_dtype_is_float(v.dtype))
    return (NdScalar){.dtype = ND_FLOAT64, .f = v.f};
  return (NdScalar){.dtype = ND_INT64, .i = v.dtype == ND_BOOL ? v.b : v.i};
}

NdArray *nd_arange(NdScalar start, NdScalar stop, bool has_stop, NdScalar step, NdDtype t) {
  if (!has_stop) {
    stop = start;
    start = (NdScalar){.dtype = ND_INT64, .i = 0};
  }
  NdDtype dt = t ? t : nd_promote_types(nd_promote_types(start.dtype, stop.dtype), step.dtype);
  if (dt == ND_BOOL)
    dt = ND_INT64;
  start = widen(start), stop = widen(stop), step = widen(step);
  double len;
  if (start.dtype == ND_INT64 && stop.dtype == ND_INT64 && step.dtype == ND_INT64) {
    if (step.i == 0)
      return nd_fail(ND_E_ZERODIV, "division by zero");
    double span = (double)stop.i - (double)start.i;
    len = ceil(span / (double)step.i);
  } else {
    double d = nd_scalar_to_double(step);
    if (d == 0)
      return nd_fail(ND_E_ZERODIV, "float division by zero");
    len = ceil((nd_scalar_to_double(stop) - nd_scalar_to_double(start)) / d);
    if (isnan(len))
      return nd_fail(ND_E_VALUE, "arange: cannot compute length");
  }
  if (len > 9.0e18)
    return nd_fail(ND_E_VALUE, "Maximum allowed size exceeded");
  int64_t n = len > 0 ? (int64_t)len : 0;
  NdArray *a = nd_empty(dt, 1, &n);
  if (!a)
    return NULL;
  if (dt == ND_FLOAT32)
    arange_float((float *)a->data, n, nd_scalar_to_double(start), nd_scalar_to_double(step));
  else if (dt == ND_FLOAT64)
    arange_double((double *)a->data, n, nd_scalar_to_double(start), nd_scalar_to_double(step));
  else
    arange_int(a, start, step);
  return a;
}

/* The float64 values of y cast to t (y taken over). */
static NdArray *as_dtype(NdArray *y, NdDtype t) {
  if (!y || !t || t == ND_FLOAT64)
    return y;
  NdArray *c = nd_astype(y, t);
  nd_unref(y);
  return c;
}

NdArray *nd_logspace(double start, double stop, int64_t num, bool endpoint, double base,
                     NdDtype t) {
  NdArray *y = nd_linspace(start, stop, num, endpoint, ND_FLOAT64);
  for (int64_t i = 0; y && i < y->size; i++)
    ((double *)y->data)[i] = pow(base, ((double *)y->data)[i]);
  return as_dtype(y, t);
}

NdArray *nd_geomspace(double start, double stop, int64_t num, bool endpoint, NdDtype t) {
  if (start == 0 || stop == 0)
    return nd_fail(ND_E_VALUE, "Geometric sequence cannot include zero");
  if ((start < 0) != (stop < 0))
    return nd_fail(ND_E_VALUE, "a geometric sequence from a negative to a positive end is "
                   "complex, which nnc's arrays do not hold");
  double sign = start < 0 ? -1 : 1;
  NdArray *y = nd_logspace(log10(sign * start), log10(sign * stop), num, endpoint, 10,
                           ND_FLOAT64);
  double *v = y ? (double *)y->data : NULL;
  for (int64_t i = 0; v && i < num; i++)   /* 10 ** log10(x) need not be x: the ends are */
    v[i] = i == 0 ? start : endpoint && i == num - 1 ? stop : sign * v[i];
  return as_dtype(y, t);
}

NdArray *nd_linspace(double start, double stop, int64_t num, bool endpoint, NdDtype t) {
  if (num < 0)
    return nd_fail(ND_E_VALUE, "Number of samples, %lld, must be non-negative.", (long long)num);
  int64_t div = endpoint ? num - 1 : num;
  double delta = stop - start, step = div > 0 ? delta / (double)div : NAN;
  NdArray *y = nd_empty(ND_FLOAT64, 1, &num);
  if (!y)
    return NULL;
  double *v = (double *)y->data;
  for (int64_t i = 0; i < num; i++) {
    if (div > 0 && step == 0)
      v[i] = (double)i / (double)div * delta + start;
    else
      v[i] = (double)i * (div > 0 ? step : delta) + start;
  }
  if (endpoint && num > 1)
    v[num - 1] = stop;
  return as_dtype(y, t);
}
