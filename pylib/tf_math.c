/* tf_math.c — tf.math's elementwise functions that tutorials call in a learning-rate
 * schedule (lr * tf.math.exp(-0.1), TensorFlow's LearningRateScheduler example) or on
 * arrays: exp, log, sqrt, abs. nnc's tensors are numpy arrays (tf_data.c), so each is
 * numpy's ufunc computed as TensorFlow computes it: a Python float becomes a float32
 * tensor first and an int an int32 one, as tf.convert_to_tensor makes them; integers are
 * refused, as TensorFlow's float kernels refuse them (abs takes them). */
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

static const FeFnDef fns[] = {
    {"exp", tf_exp, "(x, name=None)", PL_ARRAY, NULL},
    {"log", tf_log, "(x, name=None)", PL_ARRAY, NULL},
    {"sqrt", tf_sqrt, "(x, name=None)", PL_ARRAY, NULL},
    {"abs", tf_abs, "(x, name=None)", PL_ARRAY, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_tf_math_def = {.name = "tensorflow.math", .fns = fns};
