/* tf_dtypes.c — TensorFlow's dtypes (tf.float32, tf.uint8, ...) and tf.cast, as input
 * pipelines write `tf.cast(image, tf.float32) / 255.`. nnc's tensors there are numpy arrays
 * (tf_data.c), so each dtype is numpy's of the same name and tf.cast is astype. */
#include "pylib.h"

/* TensorFlow's name, numpy's */
static const char *const dtypes[][2] = {
    {"bool", "bool_"},   {"uint8", "uint8"},     {"int32", "int32"},
    {"int64", "int64"},  {"float32", "float32"}, {"float64", "float64"},
    {"double", "float64"},
};

static int tf_dtypes_init(Interp *I, Obj *m) {
  Obj *np = fe_import(I, "numpy");
  int r = np ? 0 : -1;
  for (size_t i = 0; r == 0 && i < sizeof dtypes / sizeof *dtypes; i++) {
    Obj *t = fe_dict_getstr(I, ((Module *)np)->dict, dtypes[i][1]);
    r = t ? fe_dict_setstr(I, ((Module *)m)->dict, dtypes[i][0], t) : -1;
  }
  fe_decref(I, np);
  return r;
}

static Obj *tf_cast(Interp *I, Obj *self, Obj **args) {
  (void)self;
  NdDtype t;
  if (!pl_dtype_of(I, args[1], &t))
    return NULL;
  if (t == ND_NODTYPE)
    return fe_throw(I, EXC_TypeError, "tf.cast(): dtype must be a dtype, found None");
  NdArray *a = pl_array_arg(I, args[0]);
  Obj *r = a ? pl_array_wrap(I, nd_astype(a, t)) : NULL;
  nd_unref(a);
  return r;
}

static const FeFnDef fns[] = {
    {"cast", tf_cast, "(x, dtype, name=None)", PL_ARRAY, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_tf_dtypes_def = {.name = "tensorflow", .fns = fns, .init = tf_dtypes_init};
