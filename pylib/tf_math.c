/* tf_math.c — tf.math's elementwise functions that tutorials call in a learning-rate
 * schedule (lr * tf.math.exp(-0.1), TensorFlow's LearningRateScheduler example) or on
 * arrays: exp, log, sqrt, abs; and tf.linspace, the inputs a regression tutorial predicts
 * a curve at. nnc's tensors are numpy arrays (tf_data.c), so each is numpy's ufunc
 * computed as TensorFlow computes it: a Python float becomes a float32 tensor first and an
 * int an int32 one, as tf.convert_to_tensor makes them; integers are refused, as
 * TensorFlow's float kernels refuse them (abs takes them). */
#include "pylib.h"

/* x as tf.convert_to_tensor makes it: a Python float a float32 scalar, an int an int32 one,
 * an array itself; NULL raised. */
static NdArray *tensor_of(Interp *I, Obj *x) {
  if (!fe_is_number(I, x) || FE_IS(x, bool))
    return pl_array_arg(I, x);
  double v;
  if (fe_as_double(I, x, &v) < 0)
    return NULL;
  NdArray *a = FE_IS(x, float)
                   ? nd_scalar_of(ND_FLOAT32, (NdScalar){.dtype = ND_FLOAT64, .f = v})
                   : nd_scalar_of(ND_INT32, (NdScalar){.dtype = ND_INT64, .i = (int64_t)v});
  if (!a)
    pl_nd_raise(I);
  return a;
}

static Obj *apply(Interp *I, NdUfunc f, Obj *x, const char *name, bool ints) {
  NdArray *a = tensor_of(I, x);
  if (a && !ints && !nd_dtype_is_float(a->dtype)) {
    fe_throw(I, EXC_TypeError, "tf.math.%s: TensorFlow computes it for float tensors, "
             "found %s", name, nd_dtype_name(a->dtype));
    nd_unref(a);
    return NULL;
  }
  Obj *r = a ? pl_array_wrap(I, nd_ufunc(f, a, NULL)) : NULL;
  nd_unref(a);
  return r;
}

#define TF_MATH(fn, ufunc, ints)                                                           \
  static Obj *tf_##fn(Interp *I, Obj *self, Obj **args) {                                  \
    (void)self;                                                                            \
    return apply(I, ND_##ufunc, args[0], #fn, ints);                                       \
  }
TF_MATH(exp, EXP, false)
TF_MATH(log, LOG, false)
TF_MATH(sqrt, SQRT, false)
TF_MATH(abs, ABSOLUTE, true)
#undef TF_MATH

/* linspace(start, stop, num, name=None, axis=0): num values from start to stop in start's
 * float type, as TensorFlow's kernel computes them: start + i * ((stop - start) / (num - 1))
 * in that type, the first one start and the last one stop themselves. */
static Obj *tf_linspace(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t num, axis;
  if (fe_as_int(I, args[2], &num) < 0 || fe_as_int(I, args[4], &axis) < 0)
    return NULL;
  if (axis != 0)
    return fe_throw(I, EXC_NotImplementedError, "tf.linspace(axis=...) is not supported by "
                    "nnc yet");
  if (num < 0)
    return fe_throw(I, EXC_ValueError, "tf.linspace: num must be at least 0, not %lld",
                    (long long)num);
  NdArray *a = tensor_of(I, args[0]), *b = a ? tensor_of(I, args[1]) : NULL;
  bool ok = b && a->size == 1 && b->size == 1;
  if (b && !ok)
    fe_throw(I, EXC_NotImplementedError, "tf.linspace of tensors of starts and stops is not "
             "supported by nnc yet: give two numbers");
  if (ok && !nd_dtype_is_float(a->dtype)) {
    fe_throw(I, EXC_TypeError, "tf.linspace: TensorFlow computes it for float tensors, found %s",
             nd_dtype_name(a->dtype));
    ok = false;
  }
  NdScalar first, last;
  NdArray *r = ok && nd_item(a, &first) && nd_item(b, &last) ? nd_empty(a->dtype, 1, &num) : NULL;
  if (ok && !r)
    pl_nd_raise(I);
  double lo = r ? nd_scalar_to_double(first) : 0, hi = r ? nd_scalar_to_double(last) : 0;
  if (r && a->dtype == ND_FLOAT32) {
    float start = (float)lo, stop = (float)hi, step = (stop - start) / (float)(num - 1);
    for (int64_t i = 0; i < num; i++)
      ((float *)r->data)[i] = i == 0 ? start : i == num - 1 ? stop : start + (float)i * step;
  } else if (r) {
    double step = (hi - lo) / (double)(num - 1);
    for (int64_t i = 0; i < num; i++)
      ((double *)r->data)[i] = i == 0 ? lo : i == num - 1 ? hi : lo + (double)i * step;
  }
  nd_unref(a), nd_unref(b);
  return r ? pl_array_wrap(I, r) : NULL;
}

static const FeFnDef tf_fns[] = {
    {"linspace", tf_linspace, "(start, stop, num, name=None, axis=0)", PL_ARRAY, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeFnDef fns[] = {
    {"exp", tf_exp, "(x, name=None)", PL_ARRAY, NULL},
    {"log", tf_log, "(x, name=None)", PL_ARRAY, NULL},
    {"sqrt", tf_sqrt, "(x, name=None)", PL_ARRAY, NULL},
    {"abs", tf_abs, "(x, name=None)", PL_ARRAY, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_tf_math_def = {.name = "tensorflow.math", .fns = fns};
const FeModuleDef pl_tf_linspace_def = {.name = "tensorflow", .fns = tf_fns};
