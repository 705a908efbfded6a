/* numpy.c — the numpy module (`import numpy as np`) over ndarray/: creation, joining and
 * shaping, the elementwise functions (one row per ufunc of ndarray/ufuncs.def), selection,
 * sorting and counting, printing options, and the constants and classes. The reductions
 * are in np_methods.c (shared with the methods), np.random in np_random.c, the files
 * (np.load, np.loadtxt, ...) in np_files.c; tables of one name merge into one module.
 * Signatures are numpy 1.24's; arguments nnc does not honour are refused when given.
 */
#include <math.h>
#include <string.h>

#include "pylib.h"

static Obj *unsupported(Interp *I, const char *what) {
  return fe_throw(I, EXC_NotImplementedError, "%s is not supported by nnc yet", what);
}

/* The arrays of a sequence argument (np.concatenate((a, b))): base_malloc'd, each a new
 * reference; *n their count. NULL with an exception. */
static NdArray **arrays_of(Interp *I, Obj *seq, int *n) {
  Obj *list = fe_list_from_iter(I, seq);
  if (!list)
    return NULL;
  int64_t len = FE_LIST(list)->n;
  NdArray **v = len > INT32_MAX ? NULL : base_calloc((size_t)len + 1, sizeof *v);
  if (!v) {
    fe_decref(I, list);
    fe_nomem(I);
    return NULL;
  }
  for (int64_t i = 0; i < len; i++)
    if (!(v[i] = pl_array_arg(I, FE_LIST(list)->v[i]))) {
      for (int64_t j = 0; j < i; j++)
        nd_unref(v[j]);
      base_free(v);
      fe_decref(I, list);
      return NULL;
    }
  fe_decref(I, list);
  *n = (int)len;
  return v;
}

static void arrays_free(NdArray **v, int n) {
  for (int i = 0; i < n; i++)
    nd_unref(v[i]);
  base_free(v);
}

static bool none_or(Interp *I, Obj *v, const char *what) {
  if (v == &I->none)
    return true;
  unsupported(I, what);
  return false;
}

/* ---- creation ---- */

static Obj *np_array(Interp *I, Obj *self, Obj **args) {
  (void)self;
  NdDtype t;
  int64_t ndmin;
  if (!pl_dtype_of(I, args[1], &t) || fe_as_int(I, args[5], &ndmin) < 0 ||
      !none_or(I, args[6], "array(like=...)"))
    return NULL;
  int copy = fe_truth(I, args[2]);
  if (copy < 0)
    return NULL;
  Obj *text = t == ND_NODTYPE && ndmin <= 2 ? pl_objarray_from_text(I, args[0]) : NULL;
  if (text || I->exc_pending)
    return text;
  NdArray *a = pl_array_of(I, args[0], t, copy);
  if (a && ndmin > a->ndim) {
    NdArray *r = nd_atleast_nd(a, ndmin > 3 ? 3 : (int)ndmin);
    nd_unref(a);
    a = r;
    if (a && ndmin > 3)
      return nd_unref(a), unsupported(I, "array(ndmin=...) above 3");
  }
  return pl_array_wrap(I, a);
}

static Obj *np_asarray(Interp *I, Obj *self, Obj **args) {
  (void)self;
  NdDtype t;
  if (!pl_dtype_of(I, args[1], &t))
    return NULL;
  if (pl_is_array(args[0]) && (t == ND_NODTYPE || t == PL_ND(args[0])->dtype) &&
      !PL_ND(args[0])->scalar) {
    fe_incref(args[0]);
    return args[0];
  }
  Obj *text = t == ND_NODTYPE ? pl_objarray_from_text(I, args[0]) : NULL;
  if (text || I->exc_pending)
    return text;
  return pl_array_wrap(I, pl_array_of(I, args[0], t, false));
}

typedef NdArray *(*Filled)(NdDtype t, int ndim, const int64_t *shape);

static Obj *filled(Interp *I, Obj **args, Filled f) {
  int ndim;
  int64_t shape[ND_MAXDIM];
  NdDtype t;
  if (!pl_shape_of(I, args[0], &ndim, shape) || !pl_dtype_of(I, args[1], &t))
    return NULL;
  return pl_array_wrap(I, f(t, ndim, shape));
}

static NdArray *zeros_f(NdDtype t, int ndim, const int64_t *shape) {
  return nd_zeros(t, ndim, shape);
}

static NdArray *ones_f(NdDtype t, int ndim, const int64_t *shape) {
  return nd_ones(t, ndim, shape);
}

static Obj *np_zeros(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return filled(I, args, zeros_f);
}

static Obj *np_ones(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return filled(I, args, ones_f);
}

/* np.empty: zeros, so that a run never depends on what memory held */
static Obj *np_empty(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return filled(I, args, zeros_f);
}

/* The one value of a fill argument. */
static bool scalar_arg(Interp *I, Obj *v, NdScalar *out) {
  NdArray *a = pl_array_arg(I, v);
  if (!a)
    return false;
  bool ok = nd_item(a, out);
  nd_unref(a);
  if (!ok)
    pl_nd_raise(I);
  return ok;
}

static Obj *np_full(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int ndim;
  int64_t shape[ND_MAXDIM];
  NdDtype t;
  NdScalar v;
  if (!pl_shape_of(I, args[0], &ndim, shape) || !scalar_arg(I, args[1], &v) ||
      !pl_dtype_of(I, args[2], &t))
    return NULL;
  return pl_array_wrap(I, nd_full(t, ndim, shape, v));
}

/* zeros_like and kin: (a, dtype, order, subok, shape) */
static Obj *like(Interp *I, Obj **args, int which) {
  NdDtype t;
  if (!pl_dtype_of(I, args[1], &t) || !none_or(I, args[4], "shape= of the *_like functions"))
    return NULL;
  NdArray *a = pl_array_arg(I, args[0]);
  if (!a)
    return NULL;
  NdArray *r = which == 1 ? nd_ones_like(a, t) : nd_zeros_like(a, t);
  nd_unref(a);
  return pl_array_wrap(I, r);
}

static Obj *np_zeros_like(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return like(I, args, 0);
}

static Obj *np_ones_like(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return like(I, args, 1);
}

static Obj *np_full_like(Interp *I, Obj *self, Obj **args) {
  (void)self;
  NdDtype t;
  NdScalar v;
  if (!scalar_arg(I, args[1], &v) || !pl_dtype_of(I, args[2], &t) ||
      !none_or(I, args[5], "full_like(shape=...)"))
    return NULL;
  NdArray *a = pl_array_arg(I, args[0]);
  NdArray *r = a ? nd_full_like(a, v, t) : NULL;
  nd_unref(a);
  return pl_array_wrap(I, r);
}

static Obj *np_eye(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t n, m = -1, k;
  NdDtype t;
  if (fe_as_int(I, args[0], &n) < 0 || (args[1] != &I->none && fe_as_int(I, args[1], &m) < 0) ||
      fe_as_int(I, args[2], &k) < 0 || !pl_dtype_of(I, args[3], &t))
    return NULL;
  return pl_array_wrap(I, nd_eye(n, m, k, t));
}

/* triu (upper) or tril of the last two axes of m: a copy with the elements below (above)
 * diagonal k zeroed. */
static Obj *triangle(Interp *I, Obj **args, bool upper) {
  int64_t k;
  NdArray *a = fe_as_int(I, args[1], &k) < 0 ? NULL : pl_array_arg(I, args[0]);
  NdArray *c = a ? nd_copy(a) : NULL;
  nd_unref(a);
  if (!c)
    return a ? pl_nd_raise(I) : NULL;
  if (c->ndim < 2) {
    nd_unref(c);
    return fe_throw(I, EXC_NotImplementedError, "np.%s of a 1-D array is not supported by nnc "
                    "yet: give a matrix", upper ? "triu" : "tril");
  }
  int64_t rows = c->shape[c->ndim - 2], cols = c->shape[c->ndim - 1];
  size_t es = nd_dtype_size(c->dtype);
  for (int64_t at = 0; at < c->size; at += rows * cols)
    for (int64_t i = 0; i < rows; i++)
      for (int64_t j = 0; j < cols; j++)
        if (upper ? j < i + k : j > i + k)
          memset(c->data + (size_t)(at + i * cols + j) * es, 0, es);
  return pl_array_wrap(I, c);
}

static Obj *np_triu(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return triangle(I, args, true);
}

static Obj *np_tril(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return triangle(I, args, false);
}

static Obj *np_identity(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t n;
  NdDtype t;
  if (fe_as_int(I, args[0], &n) < 0 || !pl_dtype_of(I, args[1], &t))
    return NULL;
  return pl_array_wrap(I, nd_eye(n, -1, 0, t));
}

static Obj *np_arange(Interp *I, Obj *self, Obj **args) {
  (void)self;
  NdScalar v[3] = {{.dtype = ND_INT64, .i = 0}, {.dtype = ND_INT64, .i = 0},
                   {.dtype = ND_INT64, .i = 1}};
  for (int k = 0; k < 3; k++)
    if (args[k] != &I->none && !scalar_arg(I, args[k], &v[k]))
      return NULL;
  NdDtype t;
  if (!pl_dtype_of(I, args[3], &t))
    return NULL;
  return pl_array_wrap(I, nd_arange(v[0], v[1], args[1] != &I->none, v[2], t));
}

/* The evenly spaced sequences' arguments: start, stop, num and endpoint first, then dtype
 * and axis at those places (axis 0 only). */
typedef struct {
  double lo, hi;
  int64_t num;
  bool endpoint;
  NdDtype t;
} Spaced;

static bool spaced_args(Interp *I, const char *fn, Obj **args, int dtype_at, Spaced *s) {
  if (fe_as_double(I, args[0], &s->lo) < 0 || fe_as_double(I, args[1], &s->hi) < 0 ||
      fe_as_int(I, args[2], &s->num) < 0 || !pl_dtype_of(I, args[dtype_at], &s->t))
    return false;
  int endpoint = fe_truth(I, args[3]);
  if (endpoint < 0)
    return false;
  s->endpoint = endpoint;
  if (s->num < 0)
    return fe_throw(I, EXC_ValueError, "Number of samples, %lld, must be non-negative.",
                    (long long)s->num);
  Obj *axis = args[dtype_at + 1];
  if (fe_as_int(I, axis, &(int64_t){0}) < 0 || !fe_is_int(I, axis) || ((Int *)axis)->v != 0) {
    char what[32];
    snprintf(what, sizeof what, "%s(axis=...)", fn);
    return I->exc_pending ? false : unsupported(I, what);
  }
  return true;
}

static Obj *np_logspace(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Spaced s;
  double base;
  if (!spaced_args(I, "logspace", args, 5, &s) || fe_as_double(I, args[4], &base) < 0)
    return NULL;
  return pl_array_wrap(I, nd_logspace(s.lo, s.hi, s.num, s.endpoint, base, s.t));
}

static Obj *np_geomspace(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Spaced s;
  if (!spaced_args(I, "geomspace", args, 4, &s))
    return NULL;
  return pl_array_wrap(I, nd_geomspace(s.lo, s.hi, s.num, s.endpoint, s.t));
}

static Obj *np_linspace(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Spaced s;
  if (!spaced_args(I, "linspace", args, 5, &s))
    return NULL;
  int retstep = fe_truth(I, args[4]);
  if (retstep < 0)
    return NULL;
  Obj *a = pl_array_wrap(I, nd_linspace(s.lo, s.hi, s.num, s.endpoint, s.t));
  if (!a || !retstep)
    return a;
  int64_t div = s.endpoint ? s.num - 1 : s.num;
  Obj *step = fe_float(I, div > 0 ? (s.hi - s.lo) / (double)div : NAN);
  Obj *r = step ? fe_tuple_pack(I, 2, a, step) : NULL;
  fe_decref(I, a);
  fe_decref(I, step);
  return r;
}

/* ---- joining and shaping ---- */

typedef NdArray *(*Joiner)(int n, NdArray *const *arrays, int axis);

static NdArray *vstack_j(int n, NdArray *const *arrays, int axis) {
  (void)axis;
  return nd_vstack(n, arrays);
}

static NdArray *hstack_j(int n, NdArray *const *arrays, int axis) {
  (void)axis;
  return nd_hstack(n, arrays);
}

static NdArray *column_stack_j(int n, NdArray *const *arrays, int axis) {
  (void)axis;
  return nd_column_stack(n, arrays);
}

/* seq, axis (or NULL), dtype (or NULL): the joined arrays, cast to dtype when given */
static Obj *join(Interp *I, Obj *seq, Obj *axis_arg, Obj *dtype_arg, Joiner f) {
  int axis = 0, n;
  NdDtype t = ND_NODTYPE;
  if ((axis_arg && !pl_axis_of(I, axis_arg, &axis)) ||
      (dtype_arg && !pl_dtype_of(I, dtype_arg, &t)))
    return NULL;
  NdArray **v = arrays_of(I, seq, &n);
  if (!v)
    return NULL;
  NdArray *r = f(n, v, axis);
  arrays_free(v, n);
  if (r && t != ND_NODTYPE && t != r->dtype) {
    NdArray *c = nd_astype(r, t);
    nd_unref(r);
    r = c;
  }
  return pl_array_wrap(I, r);
}

static Obj *np_concatenate(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!none_or(I, args[2], "concatenate(out=...)"))
    return NULL;
  return join(I, args[0], args[1], args[3], nd_concatenate);
}

/* append(arr, values, axis=None): both flattened and joined, or joined along axis. */
static Obj *np_append(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *both = fe_tuple_pack(I, 2, args[0], args[1]);
  Obj *r = both ? join(I, both, args[2], NULL, nd_concatenate) : NULL;
  fe_decref(I, both);
  return r;
}

static Obj *np_stack(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!none_or(I, args[2], "stack(out=...)"))
    return NULL;
  return join(I, args[0], args[1], args[3], nd_stack);
}

static Obj *np_vstack(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return join(I, args[0], NULL, args[1], vstack_j);
}

static Obj *np_hstack(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return join(I, args[0], NULL, args[1], hstack_j);
}

static Obj *np_column_stack(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return join(I, args[0], NULL, NULL, column_stack_j);
}

/* Appends a[start:stop] along axis (a view) to list. */
static bool split_part(Interp *I, Obj *list, NdArray *a, int axis, int64_t start, int64_t stop) {
  NdIndex ix[ND_MAXDIM];
  for (int k = 0; k < axis; k++)
    ix[k] = nd_ix_all();
  ix[axis] = nd_ix_slice(start, stop, 1, ND_HAS_START | ND_HAS_STOP);
  Obj *part = pl_array_wrap(I, nd_getitem(a, axis + 1, ix));
  bool ok = part && fe_list_append(I, list, part) == 0;
  fe_decref(I, part);
  return ok;
}

/* The cut points of np.split's indices_or_sections along an axis of n elements, as numpy's
 * array_split makes them: n // sections each, the first n % sections one longer; or the
 * indices given. Returns how many parts, or -1 with an exception. */
static int64_t split_points(Interp *I, Obj *how, int64_t n, bool equal, int64_t **cuts) {
  int64_t sections;
  Obj *items = fe_is_int(I, how) ? NULL : fe_call1(I, &I->cls_list->hd, how);
  if (!items) {               /* not a sequence: a number of sections (a numpy integer too) */
    fe_decref(I, fe_exc_take(I));
    if (fe_as_int(I, how, &sections) != 0)
      return fe_throw(I, EXC_TypeError, "indices_or_sections must be an integer or a sequence "
                      "of integers"), -1;
    if (sections <= 0)
      return fe_throw(I, EXC_ValueError, "number sections must be larger than 0."), -1;
    if (equal && n % sections)
      return fe_throw(I, EXC_ValueError, "array split does not result in an equal division"), -1;
    if (!(*cuts = base_malloc((size_t)(sections + 1) * sizeof **cuts)))
      return fe_nomem(I), -1;
    for (int64_t i = 0, at = 0; i <= sections; at += n / sections + (i < n % sections), i++)
      (*cuts)[i] = at;
    return sections;
  }
  int64_t k = FE_LIST(items)->n;
  if (!(*cuts = base_malloc((size_t)(k + 2) * sizeof **cuts)))
    fe_nomem(I);
  for (int64_t i = 0; *cuts && i < k; i++)
    if (fe_as_int(I, FE_LIST(items)->v[i], &(*cuts)[i + 1]) != 0) {
      fe_throw(I, EXC_TypeError, "indices_or_sections must be an integer or a sequence of "
               "integers");
      break;
    }
  fe_decref(I, items);
  if (I->exc_pending || !*cuts) {
    base_free(*cuts);
    *cuts = NULL;
    return -1;
  }
  (*cuts)[0] = 0;
  (*cuts)[k + 1] = n;
  return k + 1;
}

/* np.split (equal parts, or refused) and np.array_split: a list of views of a's parts. */
static Obj *split(Interp *I, Obj **args, bool equal) {
  int axis;
  NdArray *a = pl_array_arg(I, args[0]);
  if (!a)
    return NULL;
  int64_t *cuts = NULL, parts = -1;
  Obj *list = NULL;
  if (pl_axis_of(I, args[2], &axis) && !nd_norm_axis(&axis, a->ndim))
    pl_nd_raise(I);
  else if (!I->exc_pending)
    parts = split_points(I, args[1], a->shape[axis], equal, &cuts);
  if (parts >= 0)
    list = fe_list_new(I, 0);
  for (int64_t i = 0; list && i < parts; i++)
    if (!split_part(I, list, a, axis, cuts[i], cuts[i + 1])) {
      fe_decref(I, list);
      list = NULL;
    }
  base_free(cuts);
  nd_unref(a);
  return list;
}

static Obj *np_split(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return split(I, args, true);
}

static Obj *np_array_split(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return split(I, args, false);
}

/* The first argument as an array, calling a method row of ndarray with the rest: np.f(a,
 * ...) is a.f(...) for these. */
static Obj *as_method(Interp *I, Obj *a, const char *name, Obj *const *rest, int n) {
  NdArray *x = pl_array_arg(I, a);
  Obj *arr = x ? pl_array_wrap(I, x) : NULL;
  Obj *r = arr ? fe_call_method(I, arr, name, rest, n) : NULL;
  fe_decref(I, arr);
  return r;
}

static Obj *np_reshape(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int ndim;
  int64_t shape[ND_MAXDIM];
  if (!pl_c_order(I, args[2], "reshape") || !pl_shape_of(I, args[1], &ndim, shape))
    return NULL;
  NdArray *x = pl_array_arg(I, args[0]);
  Obj *r = x ? pl_array_wrap(I, nd_reshape(x, ndim, shape)) : NULL;
  nd_unref(x);
  return r;
}

/* np.f(a, ...) that is a.f(...) with the same arguments after a */
#define AS_METHOD(name, n)                                                                 \
  static Obj *np_##name(Interp *I, Obj *self, Obj **args) {                                \
    (void)self;                                                                            \
    return as_method(I, args[0], #name, args + 1, n);                                      \
  }
AS_METHOD(transpose, 1)
AS_METHOD(squeeze, 1)
AS_METHOD(ravel, 1)
AS_METHOD(swapaxes, 2)
AS_METHOD(round, 2)
AS_METHOD(clip, 3)
AS_METHOD(argsort, 3)
AS_METHOD(dot, 2)
AS_METHOD(nonzero, 0)

static Obj *np_sort(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int axis;
  if (!pl_axis_of(I, args[1], &axis) || !none_or(I, args[3], "sort(order=...)"))
    return NULL;
  NdArray *x = pl_array_arg(I, args[0]);
  Obj *r = x ? pl_array_wrap(I, nd_sort(x, axis)) : NULL;
  nd_unref(x);
  return r;
}

/* One array argument and an axes argument into an array. */
typedef NdArray *(*AxesFn)(NdArray *a, NdAxes axes);

static Obj *with_axes(Interp *I, Obj *a, Obj *axes_arg, AxesFn f) {
  NdAxes axes;
  if (!pl_axes_of(I, axes_arg, &axes))
    return NULL;
  NdArray *x = pl_array_arg(I, a);
  Obj *r = x ? pl_array_wrap(I, f(x, axes)) : NULL;
  nd_unref(x);
  return r;
}

static Obj *np_expand_dims(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return with_axes(I, args[0], args[1], nd_expand_dims);
}

static Obj *np_flip(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return with_axes(I, args[0], args[1], nd_flip);
}

static Obj *np_moveaxis(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int from, to;
  if (!pl_axis_of(I, args[1], &from) || !pl_axis_of(I, args[2], &to))
    return NULL;
  NdArray *x = pl_array_arg(I, args[0]);
  Obj *r = x ? pl_array_wrap(I, nd_moveaxis(x, from, to)) : NULL;
  nd_unref(x);
  return r;
}

static Obj *np_tile(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int n;
  int64_t reps[ND_MAXDIM];
  if (!pl_shape_of(I, args[1], &n, reps))
    return NULL;
  NdArray *x = pl_array_arg(I, args[0]);
  Obj *r = x ? pl_array_wrap(I, nd_tile(x, n, reps)) : NULL;
  nd_unref(x);
  return r;
}

static Obj *np_repeat(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int axis;
  if (!pl_axis_of(I, args[2], &axis))
    return NULL;
  NdArray *x = pl_array_arg(I, args[0]), *rep = x ? pl_array_arg(I, args[1]) : NULL;
  Obj *r = rep ? pl_array_wrap(I, nd_repeat(x, rep, axis)) : NULL;
  nd_unref(x);
  nd_unref(rep);
  return r;
}

static Obj *np_broadcast_to(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int ndim;
  int64_t shape[ND_MAXDIM];
  if (!pl_shape_of(I, args[1], &ndim, shape))
    return NULL;
  NdArray *x = pl_array_arg(I, args[0]);
  Obj *r = x ? pl_array_wrap(I, nd_broadcast_to(x, ndim, shape)) : NULL;
  nd_unref(x);
  return r;
}

/* np.atleast_1d(*arys): one array, or a list of them */
static Obj *atleast(Interp *I, Obj *arys, int ndim) {
  Tuple *t = FE_TUPLE(arys);
  Obj *list = t->n == 1 ? NULL : fe_list_new(I, 0);
  if (t->n != 1 && !list)
    return NULL;
  for (int64_t i = 0; i < t->n; i++) {
    NdArray *x = pl_array_arg(I, t->v[i]);
    Obj *r = x ? pl_array_wrap(I, nd_atleast_nd(x, ndim)) : NULL;
    nd_unref(x);
    if (!list || !r) {
      fe_decref(I, list);
      return r;
    }
    int ok = fe_list_append(I, list, r);
    fe_decref(I, r);
    if (ok < 0) {
      fe_decref(I, list);
      return NULL;
    }
  }
  return list;
}

static Obj *np_atleast_1d(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return atleast(I, args[0], 1);
}

static Obj *np_atleast_2d(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return atleast(I, args[0], 2);
}

static Obj *np_atleast_3d(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return atleast(I, args[0], 3);
}

static Obj *np_meshgrid(Interp *I, Obj *self, Obj **args) {
  (void)self;
  bool ij = fe_str_is(args[3], "ij");
  if (!ij && !fe_str_is(args[3], "xy"))
    return fe_throw(I, EXC_ValueError, "Valid values for `indexing` are 'xy' and 'ij'.");
  int sparse = fe_truth(I, args[2]);
  if (sparse != 0)
    return sparse < 0 ? NULL : unsupported(I, "meshgrid(sparse=True)");
  int n;
  NdArray **xs = arrays_of(I, args[0], &n);
  if (!xs)
    return NULL;
  NdArray **out = base_calloc((size_t)n + 1, sizeof *out);
  bool ok = out && nd_meshgrid(n, xs, ij, out);
  arrays_free(xs, n);
  Obj *list = ok ? fe_list_new(I, 0) : NULL;
  for (int i = 0; i < n && ok; i++) {
    Obj *v = pl_array_wrap(I, out[i]);
    out[i] = NULL;
    ok = list && v && fe_list_append(I, list, v) == 0;
    fe_decref(I, v);
  }
  if (out)
    arrays_free(out, n);
  if (!ok) {
    fe_decref(I, list);
    return out ? pl_nd_raise(I) : fe_nomem(I);
  }
  return list;
}

static Obj *np_shape(Interp *I, Obj *self, Obj **args) {
  (void)self;
  NdArray *x = pl_array_arg(I, args[0]);
  Obj *r = x ? pl_shape_tuple(I, x->ndim, x->shape) : NULL;
  nd_unref(x);
  return r;
}

static Obj *np_ndim(Interp *I, Obj *self, Obj **args) {
  (void)self;
  NdArray *x = pl_array_arg(I, args[0]);
  Obj *r = x ? fe_int(I, x->ndim) : NULL;
  nd_unref(x);
  return r;
}

static Obj *np_size(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int axis;
  if (!pl_axis_of(I, args[1], &axis))
    return NULL;
  NdArray *x = pl_array_arg(I, args[0]);
  if (!x)
    return NULL;
  int a = axis;
  Obj *r = axis == ND_NOAXIS ? fe_int(I, x->size) :
           (a < 0 ? a += x->ndim : a) < 0 || a >= x->ndim ?
           fe_throw(I, EXC_IndexError, "tuple index out of range") : fe_int(I, x->shape[a]);
  nd_unref(x);
  return r;
}

/* ---- elementwise ---- */

/* x1, x2 (NULL for a unary ufunc), then out, where, casting, order, dtype, subok */
static Obj *ufunc_call(Interp *I, NdUfunc f, Obj *x1, Obj *x2, Obj **kw) {
  if (!none_or(I, kw[0], "out= of a ufunc") || !none_or(I, kw[4], "dtype= of a ufunc"))
    return NULL;
  if (kw[1] != &I->true_.hd)
    return unsupported(I, "where= of a ufunc");
  NdArray *a = pl_array_arg(I, x1), *b = a && x2 ? pl_array_arg(I, x2) : NULL;
  if (!a || (x2 && !b)) {
    nd_unref(a);
    return NULL;
  }
  if (f == ND_EQUAL || f == ND_NOT_EQUAL || f == ND_LESS || f == ND_GREATER ||
      f == ND_LESS_EQUAL || f == ND_GREATER_EQUAL || x2 == NULL)
    return pl_array_wrap(I, nd_ufunc_take(f, a, b));
  return pl_array_wrap(I, nd_ufunc_take(f, a, b));
}

#define UFUNC_KW                                                                           \
  "out=None, *, where=True, casting='same_kind', order='K', dtype: dtype = None, subok=True)"
#define UFUNC(id, name, nin, rule)                                                         \
  static Obj *u_##id(Interp *I, Obj *self, Obj **args) {                                   \
    (void)self;                                                                            \
    return nin == 1 ? ufunc_call(I, ND_##id, args[0], NULL, args + 1)                      \
                    : ufunc_call(I, ND_##id, args[0], args[1], args + 2);                  \
  }
#include "ufuncs.def"
#undef UFUNC

static Obj *np_where(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!args[1] != !args[2])
    return fe_throw(I, EXC_ValueError, "either both or neither of x and y should be given");
  NdArray *c = pl_array_arg(I, args[0]);
  if (!c)
    return NULL;
  if (!args[1]) {
    Obj *r = pl_nonzero(I, c);
    nd_unref(c);
    return r;
  }
  NdArray *x = pl_array_arg(I, args[1]), *y = x ? pl_array_arg(I, args[2]) : NULL;
  Obj *r = y ? pl_array_wrap(I, nd_where(c, x, y)) : NULL;
  nd_unref(c);
  nd_unref(x);
  nd_unref(y);
  return r;
}

/* Two array arguments into an array: matmul, outer. */
typedef NdArray *(*Binary)(const NdArray *a, const NdArray *b);

static Obj *binary(Interp *I, Obj *a, Obj *b, Binary f) {
  NdArray *x = pl_array_arg(I, a), *y = x ? pl_array_arg(I, b) : NULL;
  Obj *r = y ? pl_array_wrap(I, f(x, y)) : NULL;
  nd_unref(x);
  nd_unref(y);
  return r;
}

static Obj *np_matmul(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!none_or(I, args[2], "matmul(out=...)"))
    return NULL;
  return binary(I, args[0], args[1], nd_matmul);
}

static Obj *np_outer(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!none_or(I, args[2], "outer(out=...)"))
    return NULL;
  return binary(I, args[0], args[1], nd_outer);
}

/* a, b, rtol, atol, equal_nan */
static bool close_args(Interp *I, Obj **args, NdArray **a, NdArray **b, double *rtol,
                       double *atol, bool *equal_nan) {
  int en;
  if (fe_as_double(I, args[2], rtol) < 0 || fe_as_double(I, args[3], atol) < 0 ||
      (en = fe_truth(I, args[4])) < 0)
    return false;
  *equal_nan = en;
  *a = pl_array_arg(I, args[0]);
  *b = *a ? pl_array_arg(I, args[1]) : NULL;
  if (!*b) {
    nd_unref(*a);
    return false;
  }
  return true;
}

static Obj *np_isclose(Interp *I, Obj *self, Obj **args) {
  (void)self;
  NdArray *a, *b;
  double rtol, atol;
  bool en;
  if (!close_args(I, args, &a, &b, &rtol, &atol, &en))
    return NULL;
  Obj *r = pl_array_wrap(I, nd_isclose(a, b, rtol, atol, en));
  nd_unref(a);
  nd_unref(b);
  return r;
}

static Obj *np_allclose(Interp *I, Obj *self, Obj **args) {
  (void)self;
  NdArray *a, *b;
  double rtol, atol;
  bool en, out;
  if (!close_args(I, args, &a, &b, &rtol, &atol, &en))
    return NULL;
  bool ok = nd_allclose(a, b, rtol, atol, en, &out);
  nd_unref(a);
  nd_unref(b);
  return ok ? fe_bool(I, out) : pl_nd_raise(I);
}

static Obj *np_array_equal(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (fe_truth(I, args[2]) != 0)
    return I->exc_pending ? NULL : unsupported(I, "array_equal(equal_nan=True)");
  NdArray *a = pl_array_arg(I, args[0]), *b = a ? pl_array_arg(I, args[1]) : NULL;
  bool out = false, ok = b && nd_array_equal(a, b, &out);
  nd_unref(a);
  nd_unref(b);
  return ok ? fe_bool(I, out) : b ? pl_nd_raise(I) : NULL;
}

/* ---- counting ---- */

static Obj *np_unique(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int f[3];
  for (int k = 0; k < 3; k++)
    if ((f[k] = fe_truth(I, args[k + 1])) < 0)
      return NULL;
  if (!none_or(I, args[4], "unique(axis=...)"))
    return NULL;
  NdUniqueOpts o = {f[0], f[1], f[2]};
  NdArray *a = pl_array_arg(I, args[0]), *out[4];
  int n = a ? nd_unique(a, &o, out) : -1;
  nd_unref(a);
  if (n < 0)
    return pl_nd_raise(I);
  return n == 1 ? pl_array_wrap(I, out[0]) : pl_arrays_tuple(I, n, out);
}

static Obj *np_bincount(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t minlength;
  if (fe_as_int(I, args[2], &minlength) < 0)
    return NULL;
  NdArray *x = pl_array_arg(I, args[0]);
  NdArray *w = x && args[1] != &I->none ? pl_array_arg(I, args[1]) : NULL;
  Obj *r = x && (w || args[1] == &I->none) ? pl_array_wrap(I, nd_bincount(x, w, minlength)) : NULL;
  nd_unref(x);
  nd_unref(w);
  return r;
}

/* a, q, axis, keepdims (percentile) or a, axis, keepdims (median: q NULL) */
static Obj *percentile(Interp *I, Obj *a, Obj *q, Obj *axis, Obj *keepdims) {
  NdAxes ax;
  int kd = fe_truth(I, keepdims);
  if (kd < 0 || !pl_axes_of(I, axis, &ax))
    return NULL;
  NdArray *x = pl_array_arg(I, a), *qa = x && q ? pl_array_arg(I, q) : NULL;
  Obj *r = NULL;
  if (x && (qa || !q))
    r = pl_array_wrap(I, q ? nd_percentile(x, qa, ax, kd) : nd_median(x, ax, kd));
  nd_unref(x);
  nd_unref(qa);
  return r;
}

static Obj *np_percentile(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!none_or(I, args[3], "percentile(out=...)"))
    return NULL;
  if (!fe_str_is(args[5], "linear"))
    return unsupported(I, "percentile(method=...) other than 'linear'");
  return percentile(I, args[0], args[1], args[2], args[6]);
}

static Obj *np_median(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!none_or(I, args[2], "median(out=...)"))
    return NULL;
  return percentile(I, args[0], NULL, args[1], args[4]);
}

/* numpy's rules for a bin width, by name (np.histogram_bin_edges' `bins`). */
static const struct {
  const char *name;
  NdBinRule rule;
} bin_rules[] = {
    {"auto", ND_BINS_AUTO}, {"fd", ND_BINS_FD},     {"sturges", ND_BINS_STURGES},
    {"sqrt", ND_BINS_SQRT}, {"rice", ND_BINS_RICE}, {"scott", ND_BINS_SCOTT},
};

bool pl_hist_bins(Interp *I, Obj *bins, NdHistOpts *o, NdArray **edges) {
  *edges = NULL;
  if (fe_is_int(I, bins)) {
    if (fe_as_int(I, bins, &o->bins) < 0)
      return false;
    if (o->bins < 1)
      fe_throw(I, EXC_ValueError, "`bins` must be positive, when an integer");
    return o->bins >= 1;
  }
  if (FE_ISA(I, bins, str)) {
    for (size_t k = 0; k < sizeof bin_rules / sizeof *bin_rules; k++)
      if (fe_str_is(bins, bin_rules[k].name))
        return o->rule = bin_rules[k].rule, true;
    if (fe_str_is(bins, "doane") || fe_str_is(bins, "stone"))
      fe_throw(I, EXC_NotImplementedError, "bins='%s' is not supported by nnc yet: give 'auto', "
               "'fd', 'sturges', 'sqrt', 'rice', 'scott' or a number", FE_STR(bins)->s);
    else
      fe_throw(I, EXC_ValueError, "'%s' is not a valid estimator for `bins`", FE_STR(bins)->s);
    return false;
  }
  return (o->edges = *edges = pl_array_arg(I, bins)) != NULL;
}

static Obj *np_histogram(Interp *I, Obj *self, Obj **args) {
  (void)self;
  NdHistOpts o = {0};
  NdArray *edges = NULL, *w = NULL, *counts = NULL, *edges_out = NULL;
  if (!pl_hist_bins(I, args[1], &o, &edges))
    return NULL;
  Obj *const *rng;
  int64_t nr;
  if (args[2] != &I->none) {
    if (!fe_seq_items(I, args[2], &rng, &nr) || nr != 2 || fe_as_double(I, rng[0], &o.lo) < 0 ||
        fe_as_double(I, rng[1], &o.hi) < 0) {
      nd_unref(edges);
      return I->exc_pending ? NULL : fe_throw(I, EXC_ValueError, "range must be a pair (min, max)");
    }
    o.has_range = true;
  }
  int density = args[3] == &I->none ? 0 : fe_truth(I, args[3]);
  if (density < 0 || (args[4] != &I->none && !(w = pl_array_arg(I, args[4])))) {
    nd_unref(edges);
    return NULL;
  }
  o.density = density;
  o.weights = w;
  NdArray *a = pl_array_arg(I, args[0]);
  bool ok = a && nd_histogram(a, &o, &counts, &edges_out);
  nd_unref(a);
  nd_unref(edges);
  nd_unref(w);
  if (!ok)
    return a ? pl_nd_raise(I) : NULL;
  Obj *c = pl_array_wrap(I, counts), *e = pl_array_wrap(I, edges_out);
  Obj *r = c && e ? fe_tuple_pack(I, 2, c, e) : NULL;
  fe_decref(I, c);
  fe_decref(I, e);
  return r;
}

/* ---- the tables ---- */

#define LIKE ", *, like=None)"
#define NOT_NNC(n) "np." n " is not available in nnc model files: nnc's arrays hold bool, uint8, " \
  "int32, int64, float32 or float64"
#define NO_DTYPE(n) {n, NULL, "(*args, **kwargs)", NULL, NOT_NNC(n)},
#define UFUNC(id, name, nin, rule)                                                         \
  {name, u_##id, nin == 1 ? "(x, /, " UFUNC_KW : "(x1, x2, /, " UFUNC_KW, PL_ARRAY, NULL},

static const FeFnDef fns[] = {
    {"array", np_array,
     "(object, dtype: dtype = None, *, copy=True, order='K', subok=False, ndmin=0, like=None)",
     PL_ARRAY, NULL},
    {"asarray", np_asarray, "(a, dtype: dtype = None, order=None" LIKE, PL_ARRAY, NULL},
    {"zeros", np_zeros, "(shape, dtype: dtype = None, order='C'" LIKE, PL_ARRAY, NULL},
    {"ones", np_ones, "(shape, dtype: dtype = None, order='C'" LIKE, PL_ARRAY, NULL},
    {"empty", np_empty, "(shape, dtype: dtype = None, order='C'" LIKE, PL_ARRAY, NULL},
    {"full", np_full, "(shape, fill_value, dtype: dtype = None, order='C'" LIKE, PL_ARRAY, NULL},
    {"zeros_like", np_zeros_like, "(a, dtype: dtype = None, order='K', subok=True, shape=None)",
     PL_ARRAY, NULL},
    {"ones_like", np_ones_like, "(a, dtype: dtype = None, order='K', subok=True, shape=None)",
     PL_ARRAY, NULL},
    {"empty_like", np_zeros_like,
     "(prototype, dtype: dtype = None, order='K', subok=True, shape=None)", PL_ARRAY, NULL},
    {"full_like", np_full_like,
     "(a, fill_value, dtype: dtype = None, order='K', subok=True, shape=None)", PL_ARRAY, NULL},
    {"eye", np_eye, "(N, M=None, k=0, dtype: dtype = None, order='C'" LIKE, PL_ARRAY, NULL},
    {"identity", np_identity, "(n, dtype: dtype = None" LIKE, PL_ARRAY, NULL},
    {"triu", np_triu, "(m, k=0)", PL_ARRAY, NULL},
    {"tril", np_tril, "(m, k=0)", PL_ARRAY, NULL},
    {"arange", np_arange, "(start, stop=None, step=None, dtype: dtype = None" LIKE, PL_ARRAY, NULL},
    {"linspace", np_linspace,
     "(start, stop, num=50, endpoint=True, retstep=False, dtype: dtype = None, axis=0)", NULL,
     NULL},
    {"logspace", np_logspace,
     "(start, stop, num=50, endpoint=True, base=10.0, dtype: dtype = None, axis=0)", PL_ARRAY,
     NULL},
    {"geomspace", np_geomspace, "(start, stop, num=50, endpoint=True, dtype: dtype = None, axis=0)",
     PL_ARRAY, NULL},
    {"concatenate", np_concatenate,
     "(arrays, /, axis=0, out=None, *, dtype: dtype = None, casting='same_kind')", PL_ARRAY, NULL},
    {"append", np_append, "(arr, values, axis=None)", PL_ARRAY, NULL},
    {"stack", np_stack, "(arrays, axis=0, out=None, *, dtype: dtype = None, casting='same_kind')",
     PL_ARRAY, NULL},
    {"vstack", np_vstack, "(tup, *, dtype: dtype = None, casting='same_kind')", PL_ARRAY, NULL},
    {"hstack", np_hstack, "(tup, *, dtype: dtype = None, casting='same_kind')", PL_ARRAY, NULL},
    {"column_stack", np_column_stack, "(tup)", PL_ARRAY, NULL},
    {"split", np_split, "(ary, indices_or_sections, axis=0)", "list", NULL},
    {"array_split", np_array_split, "(ary, indices_or_sections, axis=0)", "list", NULL},
    {"reshape", np_reshape, "(a, newshape, order='C')", PL_ARRAY, NULL},
    {"transpose", np_transpose, "(a, axes=None)", PL_ARRAY, NULL},
    {"squeeze", np_squeeze, "(a, axis=None)", PL_ARRAY, NULL},
    {"ravel", np_ravel, "(a, order='C')", PL_ARRAY, NULL},
    {"swapaxes", np_swapaxes, "(a, axis1, axis2)", PL_ARRAY, NULL},
    {"moveaxis", np_moveaxis, "(a, source, destination)", PL_ARRAY, NULL},
    {"expand_dims", np_expand_dims, "(a, axis)", PL_ARRAY, NULL},
    {"flip", np_flip, "(m, axis=None)", PL_ARRAY, NULL},
    {"tile", np_tile, "(A, reps)", PL_ARRAY, NULL},
    {"repeat", np_repeat, "(a, repeats, axis=None)", PL_ARRAY, NULL},
    {"broadcast_to", np_broadcast_to, "(array, shape, subok=False)", PL_ARRAY, NULL},
    {"atleast_1d", np_atleast_1d, "(*arys)", NULL, NULL},
    {"atleast_2d", np_atleast_2d, "(*arys)", NULL, NULL},
    {"atleast_3d", np_atleast_3d, "(*arys)", NULL, NULL},
    {"meshgrid", np_meshgrid, "(*xi, copy=True, sparse=False, indexing='xy')", NULL, NULL},
    {"shape", np_shape, "(a)", NULL, NULL},
    {"ndim", np_ndim, "(a)", NULL, NULL},
    {"size", np_size, "(a, axis=None)", NULL, NULL},
#include "ufuncs.def"
    NO_DTYPE("float16") NO_DTYPE("half") NO_DTYPE("int8") NO_DTYPE("int16") NO_DTYPE("uint16")
    NO_DTYPE("uint32") NO_DTYPE("uint64") NO_DTYPE("complex64") NO_DTYPE("complex128")
    NO_DTYPE("longdouble") NO_DTYPE("object_") NO_DTYPE("str_")
    {"abs", u_ABSOLUTE, "(x, /, " UFUNC_KW, PL_ARRAY, NULL},
    {"true_divide", u_TRUE_DIVIDE, "(x1, x2, /, " UFUNC_KW, PL_ARRAY, NULL},
    {"mod", u_REMAINDER, "(x1, x2, /, " UFUNC_KW, PL_ARRAY, NULL},
    {"where", np_where, "(condition, x=<missing>, y=<missing>, /)", NULL, NULL},
    {"clip", np_clip, "(a, a_min, a_max, out=None)", PL_ARRAY, NULL},
    {"round", np_round, "(a, decimals=0, out=None)", PL_ARRAY, NULL},
    {"around", np_round, "(a, decimals=0, out=None)", PL_ARRAY, NULL},
    {"matmul", np_matmul,
     "(x1, x2, /, out=None, *, casting='same_kind', order='K', dtype: dtype = None, subok=True)",
     PL_ARRAY, NULL},
    {"dot", np_dot, "(a, b, out=None)", PL_ARRAY, NULL},
    {"outer", np_outer, "(a, b, out=None)", PL_ARRAY, NULL},
    {"isclose", np_isclose, "(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)", PL_ARRAY, NULL},
    {"allclose", np_allclose, "(a, b, rtol=1e-05, atol=1e-08, equal_nan=False)", NULL, NULL},
    {"array_equal", np_array_equal, "(a1, a2, equal_nan=False)", NULL, NULL},
    {"sort", np_sort, "(a, axis=-1, kind=None, order=None)", PL_ARRAY, NULL},
    {"argsort", np_argsort, "(a, axis=-1, kind=None, order=None)", PL_ARRAY, NULL},
    {"nonzero", np_nonzero, "(a)", NULL, NULL},
    {"unique", np_unique,
     "(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *, "
     "equal_nan=True)", NULL, NULL},
    {"bincount", np_bincount, "(x, /, weights=None, minlength=0)", PL_ARRAY, NULL},
    {"percentile", np_percentile,
     "(a, q, axis=None, out=None, overwrite_input=False, method='linear', keepdims=False, *, "
     "interpolation=None)", PL_ARRAY, NULL},
    {"median", np_median, "(a, axis=None, out=None, overwrite_input=False, keepdims=False)",
     PL_ARRAY, NULL},
    {"histogram", np_histogram, "(a, bins=10, range=None, density=None, weights=None)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
#undef UFUNC

static const FeConstDef consts[] = {
    {"pi", FC_FLOAT, 0, 3.141592653589793, NULL}, {"e", FC_FLOAT, 0, 2.718281828459045, NULL},
    {"inf", FC_FLOAT, 0, INFINITY, NULL}, {"Inf", FC_FLOAT, 0, INFINITY, NULL},
    {"nan", FC_FLOAT, 0, NAN, NULL}, {"NaN", FC_FLOAT, 0, NAN, NULL},
    {"newaxis", FC_NONE, 0, 0, NULL}, {"__version__", FC_STR, 0, 0, PL_NUMPY_VERSION},
    {NULL, FC_NONE, 0, 0, NULL},
};

/* A dtype= argument written as a string must name a dtype nnc has; a misspelt one gets the
 * name it is closest to, a numpy dtype nnc lacks ndarray/'s refusal. */
static int check_dtype(Interp *I, const char *param, Obj *v, char *msg, size_t n) {
  (void)param;
  NdDtype t;
  if (!FE_ISA(I, v, str) || nd_dtype_parse(FE_STR(v)->s, &t))
    return 0;
  static const char *const names[] = {"bool", "uint8", "int32", "int64", "float32", "float64"};
  char hint[128] = "";
  if (strstr(base_last_error(), "not understood"))
    fe_hint(hint, sizeof hint, FE_STR(v)->s, names, (int)(sizeof names / sizeof *names));
  snprintf(msg, n, "%s%s", base_last_error(), hint);
  return FE_TYPE_ERR;
}

static const FeCheckDef checks[] = {{"dtype", check_dtype}, {NULL, NULL}};

/* numpy 1.24's public names (dir(numpy)) that nnc lacks: np.cov is not a slip of np.cos, nor
 * np.isin of np.sin. */
static const char numpy_lacks[] =
    "ALLOW_THREADS AxisError BUFSIZE CLIP ComplexWarning DataSource ERR_CALL ERR_DEFAULT "
    "ERR_IGNORE ERR_LOG ERR_PRINT ERR_RAISE ERR_WARN FLOATING_POINT_SUPPORT FPE_DIVIDEBYZERO "
    "FPE_INVALID FPE_OVERFLOW FPE_UNDERFLOW False_ Infinity MAXDIMS MAY_SHARE_BOUNDS "
    "MAY_SHARE_EXACT ModuleDeprecationWarning NAN NINF NZERO PINF PZERO RAISE RankWarning "
    "SHIFT_DIVIDEBYZERO SHIFT_INVALID SHIFT_OVERFLOW SHIFT_UNDERFLOW ScalarType Tester "
    "TooHardError True_ UFUNC_BUFSIZE_DEFAULT UFUNC_PYVALS_NAME VisibleDeprecationWarning "
    "WRAP add_docstring add_newdoc add_newdoc_ufunc alltrue angle apply_along_axis "
    "apply_over_axes arccosh arcsinh arctanh argpartition argwhere array2string array_equiv "
    "array_repr array_str asanyarray asarray_chkfinite ascontiguousarray asfarray "
    "asfortranarray asmatrix average bartlett base_repr binary_repr bitwise_not blackman "
    "block bmat broadcast broadcast_arrays broadcast_shapes busday_count busday_offset "
    "busdaycalendar byte byte_bounds bytes_ can_cast cast cdouble cfloat char character "
    "chararray choose clongdouble clongfloat common_type compare_chararrays compat complex256 "
    "complex_ complexfloating compress conj conjugate convolve copy copysign copyto corrcoef "
    "correlate cov cross csingle ctypeslib cumproduct datetime64 datetime_as_string "
    "datetime_data deg2rad degrees delete deprecate deprecate_with_doc diag diag_indices "
    "diag_indices_from diagflat diagonal diff digitize disp divmod dsplit dstack ediff1d "
    "einsum einsum_path emath errstate euler_gamma extract fabs fastCopyAndTranspose fft "
    "fill_diagonal find_common_type finfo fix flatiter flatnonzero flexible fliplr flipud "
    "float128 float_power fmod format_float_positional format_float_scientific format_parser "
    "frexp from_dlpack frombuffer fromfile fromfunction fromiter frompyfunc fromregex "
    "fromstring gcd geomspace get_array_wrap get_include getbufsize geterr "
    "geterrcall geterrobj gradient hamming hanning heaviside histogram2d histogram_bin_edges "
    "histogramdd hsplit i0 iinfo imag in1d index_exp indices inexact info infty inner insert "
    "interp intersect1d intp is_busday iscomplex iscomplexobj isfortran isin isnat isneginf "
    "isposinf isreal isrealobj isscalar issctype issubclass_ issubdtype issubsctype iterable "
    "ix_ kaiser kernel_version kron lcm ldexp left_shift lexsort lib linalg little_endian "
    "logaddexp logaddexp2 logspace longcomplex longfloat longlong lookfor ma mask_indices mat "
    "math matrix maximum_sctype may_share_memory memmap mgrid min_scalar_type mintypecode "
    "modf msort nan_to_num nanargmax nanargmin nancumprod nancumsum nanmax nanmean nanmedian "
    "nanmin nanpercentile nanprod nanquantile nanstd nansum nanvar nbytes ndenumerate ndindex "
    "nditer nested_iters nextafter numarray obj2sctype ogrid oldnumeric packbits pad "
    "partition piecewise place poly poly1d polyadd polyder polydiv polyfit polyint polymul "
    "polynomial polysub polyval product promote_types put put_along_axis putmask "
    "quantile rad2deg radians random ravel_multi_index real real_if_close rec recarray "
    "recfromcsv recfromtxt record require resize result_type right_shift roll rollaxis roots "
    "rot90 round_ row_stack s_ safe_eval savez savez_compressed sctype2char sctypeDict "
    "sctypes searchsorted select set_numeric_ops set_string_function setbufsize setdiff1d "
    "seterr seterrcall seterrobj setxor1d shares_memory short show_config show_runtime "
    "signedinteger sinc singlecomplex sometrue sort_complex source spacing string_ take "
    "take_along_axis tensordot test testing timedelta64 trace tracemalloc_domain trapz tri "
    "tril_indices tril_indices_from trim_zeros triu_indices triu_indices_from "
    "typecodes typename ufunc uint uintc uintp ulonglong unicode_ union1d unpackbits "
    "unravel_index unsignedinteger unwrap use_hugepage ushort vander vdot vectorize version "
    "void vsplit who";

const FeModuleDef pl_numpy_def = {.name = "numpy", .fns = fns, .classes = pl_np_classes,
                                  .consts = consts, .checks = checks, .init = pl_np_init,
                                  .lacks = numpy_lacks};
