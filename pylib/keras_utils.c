/* keras_utils.c — keras.utils.normalize(x, axis=-1, order=2), as Keras 3 computes it for a
 * numpy array: x / expand_dims(norm, axis or -1), where norm is numpy's vector norm of that
 * order along axis (2: the root of the sum of squares, 1: the sum of magnitudes, inf: the
 * largest, p: (sum |x|^p)^(1/p)) and a norm of 0 counts as 1. Keras's `axis or -1` is kept:
 * axis=0 divides along the last axis, as Keras does. The rest of keras.utils
 * (to_categorical, set_random_seed) is in keras_modules.c. */
#include <math.h>

#include "pylib.h"

/* numpy's norm of the order along axis, in x's float dtype (ints as float64). */
static NdArray *norm(NdArray *x, int axis, double order) {
  NdReduceOpts o = {.axis = nd_axis(axis)};
  NdArray *f = nd_dtype_is_int(x->dtype) || x->dtype == ND_BOOL ? nd_astype(x, ND_FLOAT64)
                                                                   : nd_ref(x);
  NdArray *a = f ? nd_ufunc(ND_ABSOLUTE, f, NULL) : NULL, *r = NULL;
  if (a && isinf(order)) {
    r = nd_reduce(ND_MAX, a, &o);
  } else if (a && order == 1) {
    r = nd_reduce(ND_SUM, a, &o);
  } else if (a) {
    NdArray *p = nd_scalar_f64(order == 2 ? 2 : order), *q = nd_scalar_f64(1 / order);
    NdArray *pw = p && order == 2 ? nd_ufunc(ND_MULTIPLY, f, f) : p ? nd_ufunc(ND_POWER, a, p)
                                                                    : NULL;
    NdArray *s = pw ? nd_reduce(ND_SUM, pw, &o) : NULL;
    r = s && order == 2 ? nd_ufunc(ND_SQRT, s, NULL) : s && q ? nd_ufunc(ND_POWER, s, q) : NULL;
    nd_unref(p), nd_unref(q), nd_unref(pw), nd_unref(s);
  }
  nd_unref(a);
  nd_unref(f);
  return r;
}

static Obj *normalize(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t axis;
  double order;
  if (fe_as_int(I, args[1], &axis) < 0 || fe_as_double(I, args[2], &order) < 0)
    return NULL;
  if (!(order >= 1))
    return fe_throw(I, EXC_NotImplementedError, "normalize(order=%g): nnc takes orders of at "
                    "least 1 (numpy's norms below 1 are not norms)", order);
  NdArray *x = pl_array_arg(I, args[0]);
  if (!x)
    return NULL;
  if (x->ndim == 0 || axis < -x->ndim || axis >= x->ndim) {
    nd_unref(x);
    return fe_throw(I, EXC_ValueError, "axis %lld is out of bounds for an array of dimension "
                    "%d", (long long)axis, x->ndim);
  }
  NdArray *n = norm(x, (int)axis, order), *n1 = n ? nd_atleast_nd(n, 1) : NULL;
  NdArray *c = n1 ? nd_copy(n1) : NULL, *e = NULL, *r = NULL; /* a fresh buffer to fill */
  for (int64_t i = 0; c && i < c->size; i++) /* norm[norm == 0] = 1 */
    if (c->dtype == ND_FLOAT32 && ((float *)c->data)[i] == 0)
      ((float *)c->data)[i] = 1;
    else if (c->dtype == ND_FLOAT64 && ((double *)c->data)[i] == 0)
      ((double *)c->data)[i] = 1;
  e = c ? nd_expand_dims(c, nd_axis(axis ? (int)axis : -1)) : NULL;
  r = e ? nd_ufunc(ND_TRUE_DIVIDE, x, e) : NULL;
  nd_unref(n), nd_unref(n1), nd_unref(c), nd_unref(e), nd_unref(x);
  return pl_array_wrap(I, r);
}

static const FeFnDef utils_fns[] = {
    {"normalize", normalize, "(x, axis=-1, order=2)", PL_ARRAY, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_keras_utils_more_def = {.name = "keras.utils", .fns = utils_fns};
