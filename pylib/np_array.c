/* np_array.c — numpy's values in the interpreter, over ndarray/'s NdArray: the ndarray, the
 * numpy scalars (np.float32(2.5), and what a full reduction gives) and dtype objects; how
 * Python values become arrays, dtypes, axes and shapes for numpy's functions; and
 * ndarray/'s failures as the Python exceptions numpy raises.
 *
 * Every array value is a PlArray holding one reference to its NdArray. Its class is
 * numpy.ndarray, or for a numpy scalar (NdArray.scalar) the class of its dtype
 * (numpy.float32, ...), so type() and isinstance() read as in numpy. The classes are made
 * when numpy is imported (by the model file, or by the first array a builtin such as load()
 * makes) and kept in the run's PlState.
 */
#include <string.h>

#include "pylib.h"

/* numpy's names of the scalar types, by dtype */
static const char *const scalar_names[ND_NDTYPES] = {
    [ND_BOOL] = "bool_", [ND_UINT8] = "uint8", [ND_INT32] = "int32",
    [ND_INT64] = "int64", [ND_FLOAT32] = "float32", [ND_FLOAT64] = "float64",
};

/* ---- failures ---- */

Obj *pl_nd_raise(Interp *I) {
  if (I->exc_pending)
    return NULL;
  static const ExcKind kinds[] = {
      [ND_E_VALUE] = EXC_ValueError, [ND_E_TYPE] = EXC_TypeError, [ND_E_INDEX] = EXC_IndexError,
      [ND_E_MEMORY] = EXC_MemoryError, [ND_E_NOTFOUND] = EXC_FileNotFoundError,
      [ND_E_OS] = EXC_OSError, [ND_E_ZERODIV] = EXC_ZeroDivisionError,
      [ND_E_OVERFLOW] = EXC_OverflowError,
  };
  NdErrClass k = nd_error_kind();
  if (k == ND_E_MEMORY)
    return fe_nomem(I);
  return fe_throw(I, kinds[k], "%s", base_last_error());
}

/* ---- the classes ---- */

/* numpy's classes, once numpy has been imported: its init stores them in the run's state. */
static bool have_classes(Interp *I) {
  PlState *st = pl_state(I);
  if (st->np_ndarray)
    return true;
  Obj *m = fe_import(I, "numpy");
  fe_decref(I, m);
  return m && st->np_ndarray;
}

int pl_np_init(Interp *I, Obj *module) {
  PlState *st = pl_state(I);
  Obj *d = ((Module *)module)->dict;
  Obj *c = fe_dict_getstr(I, d, "ndarray"), *t = fe_dict_getstr(I, d, "dtype");
  if (!c || !t)
    return 0;   /* another table of numpy's name; the one with the classes comes too */
  st->np_ndarray = (Class *)c;
  st->np_dtype = (Class *)t;
  fe_incref(c);
  fe_incref(t);
  /* not a name of the module: object arrays come only from pandas and their own methods */
  st->np_object = fe_class_from_def(I, &pl_objarray_class, NULL, "numpy");
  if (!st->np_object)
    return -1;
  for (int k = ND_BOOL; k < ND_NDTYPES; k++) {
    Obj *s = fe_dict_getstr(I, d, scalar_names[k]);
    fe_incref(s);
    st->np_scalar[k] = (Class *)s;
  }
  /* numpy's other names of the same types */
  static const struct { const char *alias; NdDtype t; } aliases[] = {
      {"double", ND_FLOAT64}, {"single", ND_FLOAT32}, {"float_", ND_FLOAT64},
      {"int_", ND_INT64}, {"intc", ND_INT32}, {"ubyte", ND_UINT8}, {"bool8", ND_BOOL},
  };
  for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
    if (fe_dict_setstr(I, d, aliases[i].alias, &st->np_scalar[aliases[i].t]->hd) < 0)
      return -1;
  return 0;
}

void pl_np_release(Interp *I) {
  PlState *st = pl_state(I);
  fe_decref(I, (Obj *)st->np_ndarray);
  fe_decref(I, (Obj *)st->np_dtype);
  fe_decref(I, (Obj *)st->np_object);
  for (int k = 0; k < ND_NDTYPES; k++)
    fe_decref(I, (Obj *)st->np_scalar[k]);
}

bool pl_is_real(Interp *I, const Obj *v) {
  if (FE_ISA(I, v, bool))
    return false;
  if (fe_is_int(I, v) || FE_ISA(I, v, float))
    return true;
  PlState *st = pl_state(I);
  for (int k = 0; k < ND_NDTYPES; k++)
    if (k != ND_BOOL && st->np_scalar[k] && v->cls == st->np_scalar[k])
      return true;
  return false;
}

bool pl_is_array(Obj *v) {
  return v->cls->layout == &pl_array_layout;
}

Obj *pl_array_wrap(Interp *I, NdArray *a) {
  if (!a)
    return pl_nd_raise(I);
  if (!have_classes(I)) {
    nd_unref(a);
    return NULL;
  }
  PlState *st = pl_state(I);
  PlArray *o = (PlArray *)fe_new(I, a->scalar ? st->np_scalar[a->dtype] : st->np_ndarray,
                                 sizeof(PlArray));
  if (!o) {
    nd_unref(a);
    return NULL;
  }
  o->a = a;
  return &o->hd;
}

Obj *pl_scalar_wrap(Interp *I, NdScalar v) {
  return pl_array_wrap(I, nd_scalar(v));
}

Obj *pl_dtype_wrap(Interp *I, NdDtype t) {
  if (!have_classes(I))
    return NULL;
  PlDtype *o = (PlDtype *)fe_new(I, pl_state(I)->np_dtype, sizeof(PlDtype));
  if (o)
    o->t = t;
  return (Obj *)o;
}

Obj *pl_arrays_tuple(Interp *I, int n, NdArray **v) {
  Obj *t = fe_tuple_new(I, n);
  for (int i = 0; i < n; i++) {
    Obj *a = t ? pl_array_wrap(I, v[i]) : (nd_unref(v[i]), NULL);
    if (t && !a)
      fe_setref(I, &t, NULL);
    if (t)
      FE_TUPLE(t)->v[i] = a;
  }
  return t;
}

/* A Python number for a one-value scalar: what item() and tolist() give. */
Obj *pl_scalar_py(Interp *I, NdScalar v) {
  if (v.dtype == ND_BOOL)
    return fe_bool(I, v.b);
  return nd_dtype_is_float(v.dtype) ? fe_float(I, v.f) : fe_int(I, v.i);
}

/* ---- Python values as arrays ---- */

static void describe(void *ctx, const void *value, NdItem *out) {
  Interp *I = ctx;
  Obj *v = (Obj *)value;
  memset(out, 0, sizeof *out);
  Obj *const *items;
  if (fe_seq_items(I, v, &items, &out->len)) {
    out->kind = ND_ITEM_SEQ;
  } else if (FE_IS(v, bool)) {
    out->kind = ND_ITEM_BOOL;
    out->b = ((Int *)v)->v != 0;
  } else if (FE_IS(v, int)) {
    out->kind = ND_ITEM_INT;
    out->i = ((Int *)v)->v;
  } else if (FE_IS(v, float)) {
    out->kind = ND_ITEM_FLOAT;
    out->f = ((Float *)v)->v;
  } else if (pl_is_array(v)) {
    out->kind = ND_ITEM_ARRAY;
    out->array = PL_ND(v);
  } else {
    out->kind = ND_ITEM_OTHER;
    out->type_name = fe_typename(v);
  }
}

static const void *child(void *ctx, const void *seq, int64_t i) {
  Interp *I = ctx;
  Obj *const *items;
  int64_t n;
  fe_seq_items(I, (Obj *)seq, &items, &n);   /* a sequence, as describe found it */
  return items[i];
}

NdArray *pl_array_of(Interp *I, Obj *v, NdDtype t, bool copy) {
  if (pl_is_array(v)) {
    NdArray *a = PL_ND(v);
    if (copy)
      return t == ND_NODTYPE ? nd_copy(a) : nd_astype(a, t);
    return t == ND_NODTYPE || t == a->dtype ? nd_ref(a) : nd_astype(a, t);
  }
  if (pl_is_objarray(v)) {   /* numbers wherever numpy wants them (text fails) */
    return pl_objarray_numbers(I, v, t);
  }
  if (pl_is_variable(I, v)) {   /* a keras.Variable is its value (numpy's __array__) */
    NdArray *a = pl_variable_array(I, v), *r = a && t != ND_NODTYPE ? nd_astype(a, t) : a;
    if (r != a)
      nd_unref(a);
    return r;
  }
  if (pl_is_frame(v)) {   /* a DataFrame is its values */
    NdArray *a = pl_frame_values(I, v), *r = a && t != ND_NODTYPE ? nd_astype(a, t) : a;
    if (r != a)
      nd_unref(a);
    return r;
  }
  NdWalker w = {I, describe, child};
  if (FE_IS(v, range) || FE_IS(v, dictview)) {   /* numpy reads a range as a sequence */
    Obj *list = fe_list_from_iter(I, v);
    NdArray *a = list ? nd_array(&w, list, t) : NULL;
    fe_decref(I, list);
    return a;
  }
  return copy ? nd_array(&w, v, t) : nd_asarray(&w, v, t);
}

NdArray *pl_array_arg(Interp *I, Obj *v) {
  NdArray *a = pl_array_of(I, v, ND_NODTYPE, false);
  if (!a)
    pl_nd_raise(I);
  return a;
}

/* ---- dtypes, axes and shapes from Python values ---- */

bool pl_dtype_of(Interp *I, Obj *v, NdDtype *out) {
  *out = ND_NODTYPE;
  if (v == &I->none)
    return true;
  if (v->cls->layout == &pl_dtype_layout) {
    *out = ((PlDtype *)v)->t;
    return true;
  }
  const char *name = NULL;
  if (FE_IS(v, str))
    name = FE_STR(v)->s;
  else if (v == &I->cls_float->hd)
    name = "float";
  else if (v == &I->cls_int->hd)
    name = "int";
  else if (v == &I->cls_bool->hd)
    name = "bool";
  else if (FE_IS(v, type) && have_classes(I)) {
    for (int k = ND_BOOL; k < ND_NDTYPES; k++)
      if (v == &pl_state(I)->np_scalar[k]->hd) {
        *out = (NdDtype)k;
        return true;
      }
  }
  if (!name) {
    if (!I->exc_pending)
      fe_throw(I, EXC_TypeError, "Cannot interpret '%s' as a data type",
               FE_IS(v, type) ? ((Class *)v)->name : fe_typename(v));
    return false;
  }
  if (!nd_dtype_parse(name, out)) {
    pl_nd_raise(I);
    return false;
  }
  return true;
}

bool pl_axes_of(Interp *I, Obj *v, NdAxes *out) {
  memset(out, 0, sizeof *out);
  if (v == &I->none)
    return true;
  out->given = true;
  Obj *const *items = &v;
  int64_t n = 1;
  if (FE_IS(v, tuple) || FE_IS(v, list))
    fe_seq_items(I, v, &items, &n);
  if (n > ND_MAXDIM) {
    fe_throw(I, EXC_ValueError, "too many axes: %lld", (long long)n);
    return false;
  }
  for (int64_t k = 0; k < n; k++) {
    int64_t a;
    if (fe_as_int(I, items[k], &a) < 0)
      return false;
    out->v[out->n++] = a < -ND_MAXDIM - 1 || a > ND_MAXDIM ? ND_MAXDIM : (int)a;
  }
  return true;
}

bool pl_axis_of(Interp *I, Obj *v, int *out) {
  if (v == &I->none) {
    *out = ND_NOAXIS;
    return true;
  }
  int64_t a;
  if (fe_as_int(I, v, &a) < 0)
    return false;
  *out = a < -ND_MAXDIM - 1 || a > ND_MAXDIM ? ND_MAXDIM : (int)a;
  return true;
}

bool pl_shape_of(Interp *I, Obj *v, int *ndim, int64_t *shape) {
  Obj *const *items = &v;
  int64_t n = 1;
  if (FE_IS(v, tuple) || FE_IS(v, list))
    fe_seq_items(I, v, &items, &n);
  if (n > ND_MAXDIM) {
    fe_throw(I, EXC_ValueError, "maximum supported dimension for an ndarray is %d, found %lld",
             ND_MAXDIM, (long long)n);
    return false;
  }
  for (int64_t k = 0; k < n; k++)
    if (fe_as_int(I, items[k], &shape[k]) < 0)
      return false;
  *ndim = (int)n;
  return true;
}

/* size=None gives ndim -1 (one value, a scalar) to np.random's functions. */
bool pl_size_of(Interp *I, Obj *v, int *ndim, int64_t *shape) {
  if (v == &I->none) {
    *ndim = -1;
    return true;
  }
  return pl_shape_of(I, v, ndim, shape);
}

Obj *pl_shape_tuple(Interp *I, int ndim, const int64_t *shape) {
  Obj *t = fe_tuple_new(I, ndim);
  for (int i = 0; t && i < ndim; i++)
    if (!(FE_TUPLE(t)->v[i] = fe_int(I, shape[i]))) {
      fe_decref(I, t);
      return NULL;
    }
  return t;
}

Obj *pl_batch_shape_tuple(Interp *I, int rank, const int64_t *dim) {
  Obj *t = fe_tuple_new(I, rank + 1);
  if (t) {
    FE_TUPLE(t)->v[0] = &I->none;
    fe_incref(&I->none);
  }
  for (int i = 0; t && i < rank; i++)
    if (!(FE_TUPLE(t)->v[i + 1] = fe_int(I, dim[i]))) {
      fe_decref(I, t);
      return NULL;
    }
  return t;
}

/* ---- dtype objects ---- */

static Obj *dtype_new(Interp *I, Obj *self, Obj **args) {
  (void)self;
  NdDtype t;
  if (args[0] == &I->none)
    t = ND_FLOAT64;       /* np.dtype(None) is float64 */
  else if (!pl_dtype_of(I, args[0], &t))
    return NULL;
  return pl_dtype_wrap(I, t);
}

static Obj *dtype_repr(Interp *I, Obj *o) {
  return fe_strf(I, "dtype('%s')", nd_dtype_name(((PlDtype *)o)->t));
}

static Obj *dtype_str(Interp *I, Obj *o) {
  return fe_str_cstr(I, nd_dtype_name(((PlDtype *)o)->t));
}

static int dtype_hash(Interp *I, Obj *o, int64_t *h) {
  (void)I;
  *h = 1000003 * (int64_t)((PlDtype *)o)->t;
  return 0;
}

/* dtype == 'float32', == np.float32, == float: whatever np.dtype() reads as the same type. */
static Obj *dtype_compare(Interp *I, int cmp, Obj *a, Obj *b) {
  if (cmp != PYC_EQ && cmp != PYC_NE)
    return fe_notimpl(I);
  NdDtype t;
  if (b == &I->none || !pl_dtype_of(I, b, &t)) {
    fe_decref(I, fe_exc_take(I));
    return fe_bool(I, cmp == PYC_NE);
  }
  return fe_bool(I, (t == ((PlDtype *)a)->t) == (cmp == PYC_EQ));
}

const Layout pl_dtype_layout = {
    .name = "dtype", .size = sizeof(PlDtype), .repr = dtype_repr, .str = dtype_str,
    .hash = dtype_hash, .compare = dtype_compare,
};

static Obj *dtype_name(Interp *I, Obj *self) {
  return fe_str_cstr(I, nd_dtype_name(((PlDtype *)self)->t));
}

static Obj *dtype_itemsize(Interp *I, Obj *self) {
  return fe_int(I, (int64_t)nd_dtype_size(((PlDtype *)self)->t));
}

static Obj *dtype_kind(Interp *I, Obj *self) {
  NdDtype t = ((PlDtype *)self)->t;
  return fe_str_cstr(I,
                     t == ND_BOOL ? "b" : t == ND_UINT8 ? "u" : nd_dtype_is_float(t) ? "f" : "i");
}

static Obj *dtype_char(Interp *I, Obj *self) {
  char c[2] = {nd_dtype_char(((PlDtype *)self)->t), 0};
  return fe_str_cstr(I, c);
}

static Obj *dtype_strprop(Interp *I, Obj *self) {
  return fe_str_cstr(I, nd_dtype_str(((PlDtype *)self)->t));
}

static Obj *dtype_type(Interp *I, Obj *self) {
  Obj *c = &pl_state(I)->np_scalar[((PlDtype *)self)->t]->hd;
  fe_incref(c);
  return c;
}

static const FeGetDef dtype_props[] = {
    {"name", dtype_name, NULL}, {"itemsize", dtype_itemsize, NULL}, {"kind", dtype_kind, NULL},
    {"char", dtype_char, NULL}, {"str", dtype_strprop, NULL}, {"type", dtype_type, NULL},
    {NULL, NULL, NULL},
};

/* ---- scalar types: np.float32(2.5), np.int64('7') is refused ---- */

static Obj *scalar_new(Interp *I, Obj *self, Obj **args) {
  NdDtype t;
  if (!pl_dtype_of(I, self, &t))
    return NULL;
  NdArray *a = pl_array_of(I, args[0], ND_NODTYPE, false);
  if (!a)
    return pl_nd_raise(I);
  if (a->ndim > 0) {          /* np.float32([1, 2]) is an array */
    NdArray *r = nd_astype(a, t);
    nd_unref(a);
    return pl_array_wrap(I, r);
  }
  NdScalar v;
  bool ok = nd_item(a, &v);
  nd_unref(a);
  return ok ? pl_array_wrap(I, nd_scalar_of(t, v)) : pl_nd_raise(I);
}

/* np.ndarray(shape, dtype): zeros (numpy leaves them uninitialised) */
static Obj *ndarray_new(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int ndim;
  int64_t shape[ND_MAXDIM];
  NdDtype t;
  if (!pl_shape_of(I, args[0], &ndim, shape) || !pl_dtype_of(I, args[1], &t))
    return NULL;
  for (int k = 2; k < 6; k++)
    if (args[k] != &I->none && !(k == 3 && fe_is_int(I, args[k]) && ((Int *)args[k])->v == 0))
      return fe_throw(I, EXC_NotImplementedError, "np.ndarray() with a buffer, offset, strides or "
                      "order is not supported by nnc yet");
  return pl_array_wrap(I, nd_zeros(t, ndim, shape));
}

static Obj *abstract_new(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return fe_throw(I, EXC_TypeError, "cannot create 'numpy.%s' instances", ((Class *)self)->name);
}

#define ABSTRACT(n, b) {.name = n, .base = b, .ctor = abstract_new, .ctor_sig = "(*args, **kwargs)"}
#define SCALAR(n, b) \
  {.name = n, .base = b, .ctor = scalar_new, .ctor_sig = "(value=0, /)"}

const FeClassDef pl_np_classes[] = {
    {.name = "ndarray", .layout = &pl_array_layout, .ctor = ndarray_new,
     .ctor_sig = "(shape, dtype=None, buffer=None, offset=0, strides=None, order=None)",
     .methods = pl_array_methods, .props = pl_array_props},
    {.name = "generic", .layout = &pl_array_layout, .ctor = abstract_new,
     .ctor_sig = "(*args, **kwargs)", .methods = pl_array_methods, .props = pl_array_props},
    ABSTRACT("number", "generic"),
    ABSTRACT("integer", "number"),
    ABSTRACT("floating", "number"),
    SCALAR("bool_", "generic"),
    SCALAR("uint8", "integer"),
    SCALAR("int32", "integer"),
    SCALAR("int64", "integer"),
    SCALAR("float32", "floating"),
    SCALAR("float64", "floating"),
    {.name = "dtype", .layout = &pl_dtype_layout, .ctor = dtype_new,
     .ctor_sig = "(dtype, align=False, copy=False)",
     .props = dtype_props},
    {.name = NULL},
};

/* ---- arrays for the Keras level ---- */

nnc_tensor *pl_tensor_from(Interp *I, Obj *v, nnc_dtype want, bool column, const char *param) {
  if (v == &I->none || FE_ISA(I, v, str) || FE_ISA(I, v, dict)) {
    fe_throw(I, EXC_TypeError, "%s must be an array, found %s", param, fe_typename(v));
    return NULL;
  }
  NdArray *a = pl_array_arg(I, v);
  if (a && column && a->ndim == 1) {
    NdArray *c = nd_reshape(a, 2, (int64_t[]){a->shape[0], 1});
    nd_unref(a);
    if (!(a = c))
      return (void)pl_nd_raise(I), NULL;
  }
  if (!a)
    return NULL;
  nnc_tensor *t = NULL;
  nnc_status st = nd_to_tensor(a, want, &t);
  nd_unref(a);
  if (st != NNC_OK)
    pl_raise_status(I, st);
  return t;
}
