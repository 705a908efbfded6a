/* np_methods.c — an array's attributes and methods (a.shape, a.reshape(...), a.mean(axis=0),
 * ...) and the reductions, which numpy offers both as methods and as functions (a.sum(0) is
 * np.sum(a, 0)): one table of argument layouts serves both, so they cannot drift apart.
 * Signatures are numpy 1.24's; arguments nnc does not honour (out=, where=, initial=,
 * order= other than 'C') are accepted by name and refused when given.
 */
#include <string.h>

#include "pylib.h"

static Obj *unsupported(Interp *I, const char *what) {
  return fe_throw(I, EXC_NotImplementedError, "%s is not supported by nnc yet", what);
}

bool pl_c_order(Interp *I, Obj *order, const char *fn) {
  if (order == &I->none || fe_str_is(order, "C") || fe_str_is(order, "K") || fe_str_is(order, "A"))
    return true;
  fe_throw(I, EXC_NotImplementedError, "%s(order=%s) is not supported by nnc yet: arrays are in "
           "C order", fn, FE_ISA(I, order, str) ? FE_STR(order)->s : "...");
  return false;
}

/* ---- reductions ---- */

/* Where each argument sits in a reduction's signature (after the array), -1 when absent. */
typedef struct {
  const char *sig;      /* the method's; the function's is "(a, " and the rest */
  int axis, dtype, out, ddof, keepdims, initial, where;
} RedLayout;

typedef enum { R_SUM, R_MEAN, R_STD, R_MIN, R_ARG, R_ALL, R_PTP, R_COUNT } RedKind;

#define SIG_SUM                                                                            \
  "axis=None, dtype: dtype = None, out=None, keepdims=False, initial=<missing>, "            \
  "where=<missing>)"
#define SIG_MEAN "axis=None, dtype: dtype = None, out=None, keepdims=False, *, where=<missing>)"
#define SIG_STD                                                                            \
  "axis=None, dtype: dtype = None, out=None, ddof=0, keepdims=False, *, where=<missing>)"
#define SIG_MIN "axis=None, out=None, keepdims=False, initial=<missing>, where=<missing>)"
#define SIG_ARG "axis=None, out=None, *, keepdims=False)"
#define SIG_ALL "axis=None, out=None, keepdims=False, *, where=<missing>)"
#define SIG_PTP "axis=None, out=None, keepdims=False)"
#define SIG_COUNT "axis=None, *, keepdims=False)"

static const RedLayout layouts[] = {
    [R_SUM] = {SIG_SUM, 0, 1, 2, -1, 3, 4, 5},
    [R_MEAN] = {SIG_MEAN, 0, 1, 2, -1, 3, -1, 4},
    [R_STD] = {SIG_STD, 0, 1, 2, 3, 4, -1, 5},
    [R_MIN] = {SIG_MIN, 0, -1, 1, -1, 2, 3, 4},
    [R_ARG] = {SIG_ARG, 0, -1, 1, -1, 2, -1, -1},
    [R_ALL] = {SIG_ALL, 0, -1, 1, -1, 2, -1, 3},
    [R_PTP] = {SIG_PTP, 0, -1, 1, -1, 2, -1, -1},
    [R_COUNT] = {SIG_COUNT, 0, -1, -1, -1, 1, -1, -1},
};

static Obj *reduce_call(Interp *I, NdReduce op, RedKind k, Obj *self, Obj **args) {
  const RedLayout *L = &layouts[k];
  NdReduceOpts o = {0};
  if (!pl_axes_of(I, args[L->axis], &o.axis))
    return NULL;
  if (L->dtype >= 0 && !pl_dtype_of(I, args[L->dtype], &o.dtype))
    return NULL;
  if (L->out >= 0 && args[L->out] != &I->none)
    return unsupported(I, "out= (writing a reduction into an array)");
  if ((L->initial >= 0 && args[L->initial]) || (L->where >= 0 && args[L->where]))
    return unsupported(I, "initial= and where= of a reduction");
  if (L->ddof >= 0) {
    int64_t d;
    if (fe_as_int(I, args[L->ddof], &d) < 0)
      return NULL;
    o.ddof = (int)(d < 0 ? 0 : d > INT32_MAX ? INT32_MAX : d);
  }
  int t = fe_truth(I, args[L->keepdims]);
  if (t < 0)
    return NULL;
  o.keepdims = t;
  NdArray *a = pl_array_arg(I, self);
  if (!a)
    return NULL;
  NdArray *r = nd_reduce(op, a, &o);
  nd_unref(a);
  return pl_array_wrap(I, r);
}

/* Each reduction as a method (m_NAME, self the array) and as numpy's function (np_NAME,
 * the array first). */
#define REDUCTIONS(X)                                                                      \
  X(sum, ND_SUM, R_SUM) X(prod, ND_PROD, R_SUM) X(mean, ND_MEAN, R_MEAN)                   \
  X(std, ND_STD, R_STD) X(var, ND_VAR, R_STD) X(min, ND_MIN, R_MIN) X(max, ND_MAX, R_MIN)  \
  X(argmin, ND_ARGMIN, R_ARG) X(argmax, ND_ARGMAX, R_ARG) X(all, ND_ALL, R_ALL)            \
  X(any, ND_ANY, R_ALL) X(ptp, ND_PTP, R_PTP)
#define REDUCTION_FNS(name, op, k)                                                         \
  static Obj *m_##name(Interp *I, Obj *self, Obj **args) {                                 \
    return reduce_call(I, op, k, self, args);                                              \
  }                                                                                        \
  static Obj *np_##name(Interp *I, Obj *self, Obj **args) {                                \
    (void)self;                                                                            \
    return reduce_call(I, op, k, args[0], args + 1);                                       \
  }
REDUCTIONS(REDUCTION_FNS)

static Obj *np_count_nonzero(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return reduce_call(I, ND_COUNT_NONZERO, R_COUNT, args[0], args + 1);
}

/* ---- shape ---- */

/* a.reshape(2, 3) or a.reshape((2, 3)); also a.transpose(1, 0) or a.transpose((1, 0)) */
static Obj *one_or_many(Obj *varargs) {
  Tuple *t = FE_TUPLE(varargs);
  return t->n == 1 ? t->v[0] : varargs;
}

static Obj *m_reshape(Interp *I, Obj *self, Obj **args) {
  if (!pl_c_order(I, args[1], "reshape"))
    return NULL;
  if (FE_TUPLE(args[0])->n == 0)
    return fe_throw(I, EXC_TypeError, "reshape() takes exactly 1 argument (0 given)");
  int ndim;
  int64_t shape[ND_MAXDIM];
  if (!pl_shape_of(I, one_or_many(args[0]), &ndim, shape))
    return NULL;
  return pl_array_wrap(I, nd_reshape(PL_ND(self), ndim, shape));
}

static Obj *m_transpose(Interp *I, Obj *self, Obj **args) {
  int n = 0, axes[ND_MAXDIM];
  Obj *v = one_or_many(args[0]);
  if (FE_TUPLE(args[0])->n > 0 && v != &I->none) {
    NdAxes ax;
    if (!pl_axes_of(I, v, &ax))
      return NULL;
    n = ax.n;
    memcpy(axes, ax.v, sizeof(int) * (size_t)n);
  }
  return pl_array_wrap(I, nd_transpose(PL_ND(self), n, axes));
}

static Obj *m_swapaxes(Interp *I, Obj *self, Obj **args) {
  int a, b;
  if (!pl_axis_of(I, args[0], &a) || !pl_axis_of(I, args[1], &b))
    return NULL;
  return pl_array_wrap(I, nd_swapaxes(PL_ND(self), a, b));
}

static Obj *m_squeeze(Interp *I, Obj *self, Obj **args) {
  NdAxes ax;
  return pl_axes_of(I, args[0], &ax) ? pl_array_wrap(I, nd_squeeze(PL_ND(self), ax)) : NULL;
}

static Obj *m_flatten(Interp *I, Obj *self, Obj **args) {
  return pl_c_order(I, args[0], "flatten") ? pl_array_wrap(I, nd_flatten(PL_ND(self))) : NULL;
}

static Obj *m_ravel(Interp *I, Obj *self, Obj **args) {
  return pl_c_order(I, args[0], "ravel") ? pl_array_wrap(I, nd_ravel(PL_ND(self))) : NULL;
}

static Obj *m_copy(Interp *I, Obj *self, Obj **args) {
  if (!pl_c_order(I, args[0], "copy"))
    return NULL;
  NdArray *a = PL_ND(self);
  return pl_array_wrap(I, a->scalar ? nd_ref(a) : nd_copy(a));
}

/* .numpy(): where TensorFlow gives a tensor (model(x), a Keras op on data) nnc gives the
 * array itself, so the call that turns one into the other is the identity here. */
static Obj *m_numpy(Interp *I, Obj *self, Obj **args) {
  (void)I, (void)args;
  fe_incref(self);
  return self;
}

static Obj *m_astype(Interp *I, Obj *self, Obj **args) {
  NdDtype t;
  if (!pl_dtype_of(I, args[0], &t) || !pl_c_order(I, args[1], "astype"))
    return NULL;
  if (!fe_str_is(args[2], "unsafe"))
    return unsupported(I, "astype(casting=...)");
  NdArray *a = PL_ND(self);
  if (t == ND_NODTYPE)
    t = ND_FLOAT64;          /* astype(None) is float64 */
  int copy = fe_truth(I, args[4]);
  if (copy < 0)
    return NULL;
  if (!copy && t == a->dtype) {
    fe_incref(self);
    return self;
  }
  NdArray *r = nd_astype(a, t);
  if (r && a->scalar) {      /* a numpy scalar stays one */
    NdScalar v;
    nd_item(r, &v);
    nd_unref(r);
    r = nd_scalar_of(t, v);
  }
  return pl_array_wrap(I, r);
}

/* ---- values ---- */

/* a.tolist(): nested lists built depth first from ndarray/'s walk. */
typedef struct {
  Interp *I;
  Obj *stack[ND_MAXDIM + 1];  /* the lists being filled, outermost first */
  int64_t at[ND_MAXDIM + 1];  /* the next slot of each */
  int depth;
  Obj *result;
} ListBuild;

static bool begin_list(void *ctx, int64_t n) {
  ListBuild *b = ctx;
  Interp *I = b->I;
  Obj *l = fe_list_new(I, n);
  if (!l)
    return false;
  for (int64_t i = 0; i < n; i++)     /* every slot holds a value before it is filled */
    FE_LIST(l)->v[i] = fe_none(I);
  b->stack[b->depth] = l;
  b->at[b->depth++] = 0;
  return true;
}

static bool end_list(void *ctx) {
  ListBuild *b = ctx;
  Obj *l = b->stack[--b->depth];
  if (b->depth == 0) {
    b->result = l;
    return true;
  }
  List *p = FE_LIST(b->stack[b->depth - 1]);
  fe_setref(b->I, &p->v[b->at[b->depth - 1]++], l);
  return true;
}

static bool scalar(void *ctx, NdScalar v) {
  ListBuild *b = ctx;
  Obj *x = pl_scalar_py(b->I, v);
  if (!x)
    return false;
  if (b->depth == 0) {
    b->result = x;
    return true;
  }
  List *p = FE_LIST(b->stack[b->depth - 1]);
  fe_setref(b->I, &p->v[b->at[b->depth - 1]++], x);
  return true;
}

static Obj *m_tolist(Interp *I, Obj *self, Obj **args) {
  (void)args;
  ListBuild b = {.I = I};
  NdVisitor v = {&b, begin_list, end_list, scalar};
  if (nd_tolist(PL_ND(self), &v))
    return b.result;
  while (b.depth > 0)           /* a finished inner list is in its parent already */
    fe_decref(I, b.stack[--b.depth]);
  return I->exc_pending ? NULL : fe_nomem(I);
}

/* a.item(), a.item(flat_index) or a.item(i, j, ...) */
static Obj *m_item(Interp *I, Obj *self, Obj **args) {
  Tuple *t = FE_TUPLE(args[0]);
  NdArray *a = PL_ND(self), *x = nd_ref(a);
  if (t->n == 1 && !FE_ISA(I, t->v[0], tuple)) {   /* an index into the flattened array */
    int64_t i;
    if (fe_as_int(I, t->v[0], &i) < 0) {
      nd_unref(x);
      return NULL;
    }
    NdArray *flat = nd_ravel(a);
    NdIndex ix = nd_ix_int(i);
    nd_unref(x);
    x = flat ? nd_getitem(flat, 1, &ix) : NULL;
    nd_unref(flat);
  } else if (t->n > 0) {
    Obj *e = fe_getitem(I, self, t->n == 1 ? t->v[0] : args[0]);
    nd_unref(x);
    if (!e)
      return NULL;
    x = nd_ref(PL_ND(e));
    fe_decref(I, e);
  }
  NdScalar v;
  bool ok = x && nd_item(x, &v);
  nd_unref(x);
  return ok ? pl_scalar_py(I, v) : pl_nd_raise(I);
}

static Obj *m_fill(Interp *I, Obj *self, Obj **args) {
  NdArray *v = pl_array_arg(I, args[0]);
  if (!v)
    return NULL;
  NdScalar s;
  bool ok = nd_item(v, &s);
  nd_unref(v);
  if (!ok)
    return pl_nd_raise(I);
  nd_fill(PL_ND(self), s);
  return fe_none(I);
}

static Obj *m_round(Interp *I, Obj *self, Obj **args) {
  int64_t d;
  if (fe_as_int(I, args[0], &d) < 0)
    return NULL;
  if (args[1] != &I->none)
    return unsupported(I, "round(out=...)");
  return pl_array_wrap(I, nd_round(PL_ND(self), d < -400 ? -400 : d > 400 ? 400 : (int)d));
}

/* round(x) of a numpy scalar is a Python int, round(x, n) a numpy scalar; of an array, the
 * rounded array */
static Obj *m_dunder_round(Interp *I, Obj *self, Obj **args) {
  if (args[0] != &I->none)
    return m_round(I, self, (Obj *[]){args[0], &I->none});
  NdArray *r = nd_round(PL_ND(self), 0);
  if (!r || !PL_ND(self)->scalar)
    return pl_array_wrap(I, r);
  NdScalar v;
  nd_item(r, &v);
  nd_unref(r);
  if (v.dtype != ND_FLOAT32 && v.dtype != ND_FLOAT64)
    return fe_int(I, v.dtype == ND_BOOL ? v.b : v.i);
  Obj *f = fe_float(I, v.f);        /* Python's int() of the rounded float, with its errors */
  Obj *n = f ? fe_call1(I, &I->cls_int->hd, f) : NULL;
  fe_decref(I, f);
  return n;
}

static Obj *m_abs(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return pl_array_wrap(I, nd_ufunc(ND_ABSOLUTE, PL_ND(self), NULL));
}

static Obj *m_clip(Interp *I, Obj *self, Obj **args) {
  if (args[2] != &I->none)
    return unsupported(I, "clip(out=...)");
  NdArray *lo = args[0] == &I->none ? NULL : pl_array_arg(I, args[0]);
  NdArray *hi = args[1] == &I->none ? NULL : pl_array_arg(I, args[1]);
  Obj *r = I->exc_pending ? NULL : pl_array_wrap(I, nd_clip(PL_ND(self), lo, hi));
  nd_unref(lo);
  nd_unref(hi);
  return r;
}

static Obj *m_dot(Interp *I, Obj *self, Obj **args) {
  if (args[1] != &I->none)
    return unsupported(I, "dot(out=...)");
  NdArray *b = pl_array_arg(I, args[0]);
  if (!b)
    return NULL;
  Obj *r = pl_array_wrap(I, nd_dot(PL_ND(self), b));
  nd_unref(b);
  return r;
}

static bool sort_args(Interp *I, Obj **args, int *axis) {
  if (args[2] != &I->none) {
    unsupported(I, "sort(order=...) (structured arrays)");
    return false;
  }
  return pl_axis_of(I, args[0], axis);
}

static Obj *m_sort(Interp *I, Obj *self, Obj **args) {
  int axis;
  if (!sort_args(I, args, &axis))
    return NULL;
  return nd_sort_inplace(PL_ND(self), axis) ? fe_none(I) : pl_nd_raise(I);
}

static Obj *m_argsort(Interp *I, Obj *self, Obj **args) {
  int axis;
  return sort_args(I, args, &axis) ? pl_array_wrap(I, nd_argsort(PL_ND(self), axis)) : NULL;
}

static Obj *cumulate(Interp *I, NdReduce op, Obj *a, Obj **args) {
  int axis;
  NdDtype t;
  if (!pl_axis_of(I, args[0], &axis) || !pl_dtype_of(I, args[1], &t))
    return NULL;
  if (args[2] != &I->none)
    return unsupported(I, "out= (writing into an array)");
  NdArray *x = pl_array_arg(I, a);
  Obj *r = x ? pl_array_wrap(I, nd_cumulate(op, x, axis, t)) : NULL;
  nd_unref(x);
  return r;
}

static Obj *m_cumsum(Interp *I, Obj *self, Obj **args) {
  return cumulate(I, ND_SUM, self, args);
}

static Obj *m_cumprod(Interp *I, Obj *self, Obj **args) {
  return cumulate(I, ND_PROD, self, args);
}

static Obj *np_cumsum(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return cumulate(I, ND_SUM, args[0], args + 1);
}

static Obj *np_cumprod(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return cumulate(I, ND_PROD, args[0], args + 1);
}

/* a.nonzero() and np.nonzero(a): a tuple of index arrays, one per axis */
Obj *pl_nonzero(Interp *I, NdArray *a) {
  NdArray *out[ND_MAXDIM];
  int n = nd_nonzero(a, out);
  return n < 0 ? pl_nd_raise(I) : pl_arrays_tuple(I, n, out);
}

static Obj *m_nonzero(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return pl_nonzero(I, PL_ND(self));
}

/* ---- attributes ---- */

static Obj *p_shape(Interp *I, Obj *self) {
  return pl_shape_tuple(I, PL_ND(self)->ndim, PL_ND(self)->shape);
}

static Obj *p_ndim(Interp *I, Obj *self) {
  return fe_int(I, PL_ND(self)->ndim);
}

static Obj *p_size(Interp *I, Obj *self) {
  return fe_int(I, PL_ND(self)->size);
}

static Obj *p_dtype(Interp *I, Obj *self) {
  return pl_dtype_wrap(I, PL_ND(self)->dtype);
}

static Obj *p_T(Interp *I, Obj *self) {
  return pl_array_wrap(I, nd_transpose(PL_ND(self), 0, NULL));
}

static Obj *p_itemsize(Interp *I, Obj *self) {
  return fe_int(I, (int64_t)nd_dtype_size(PL_ND(self)->dtype));
}

static Obj *p_nbytes(Interp *I, Obj *self) {
  return fe_int(I, nd_nbytes(PL_ND(self)));
}

/* a.shape = (2, 3) reshapes in place when the data allows (a view of the same layout) */
static int set_shape(Interp *I, Obj *self, Obj *v) {
  int ndim;
  int64_t shape[ND_MAXDIM];
  if (!pl_shape_of(I, v, &ndim, shape))
    return -1;
  NdArray *r = nd_reshape(PL_ND(self), ndim, shape);
  if (!r) {
    pl_nd_raise(I);
    return -1;
  }
  if (r->buf != PL_ND(self)->buf) {
    nd_unref(r);
    fe_throw(I, EXC_AttributeError, "Incompatible shape for in-place modification. Use "
             "`.reshape()` to make a copy with the desired shape.");
    return -1;
  }
  nd_unref(PL_ND(self));
  PL_ND(self) = r;
  return 0;
}

const FeGetDef pl_array_props[] = {
    {"shape", p_shape, set_shape}, {"ndim", p_ndim, NULL}, {"size", p_size, NULL},
    {"dtype", p_dtype, NULL}, {"T", p_T, NULL}, {"itemsize", p_itemsize, NULL},
    {"nbytes", p_nbytes, NULL}, {NULL, NULL, NULL},
};

#define METHOD_ROW(name, op, k) {#name, m_##name, "(" k##_SIG, PL_ARRAY, NULL},
#define R_SUM_SIG SIG_SUM
#define R_MEAN_SIG SIG_MEAN
#define R_STD_SIG SIG_STD
#define R_MIN_SIG SIG_MIN
#define R_ARG_SIG SIG_ARG
#define R_ALL_SIG SIG_ALL
#define R_PTP_SIG SIG_PTP

const FeFnDef pl_array_methods[] = {
    REDUCTIONS(METHOD_ROW)
    {"reshape", m_reshape, "(*shape, order='C')", PL_ARRAY, NULL},
    {"transpose", m_transpose, "(*axes)", PL_ARRAY, NULL},
    {"swapaxes", m_swapaxes, "(axis1, axis2, /)", PL_ARRAY, NULL},
    {"squeeze", m_squeeze, "(axis=None)", PL_ARRAY, NULL},
    {"flatten", m_flatten, "(order='C')", PL_ARRAY, NULL},
    {"ravel", m_ravel, "(order='C')", PL_ARRAY, NULL},
    {"copy", m_copy, "(order='C')", PL_ARRAY, NULL},
    {"astype", m_astype, "(dtype, order='K', casting='unsafe', subok=True, copy=True)", PL_ARRAY,
     NULL},
    {"tolist", m_tolist, "()", NULL, NULL},
    {"item", m_item, "(*args)", NULL, NULL},
    {"fill", m_fill, "(value, /)", NULL, NULL},
    {"round", m_round, "(decimals=0, out=None)", PL_ARRAY, NULL},
    {"clip", m_clip, "(min=None, max=None, out=None)", PL_ARRAY, NULL},
    {"dot", m_dot, "(b, out=None)", PL_ARRAY, NULL},
    {"sort", m_sort, "(axis=-1, kind=None, order=None)", PL_ARRAY, NULL},
    {"argsort", m_argsort, "(axis=-1, kind=None, order=None)", PL_ARRAY, NULL},
    {"cumsum", m_cumsum, "(axis=None, dtype: dtype = None, out=None)", PL_ARRAY, NULL},
    {"cumprod", m_cumprod, "(axis=None, dtype: dtype = None, out=None)", PL_ARRAY, NULL},
    {"nonzero", m_nonzero, "()", NULL, NULL},
    {"__abs__", m_abs, "()", NULL, NULL},
    {"__round__", m_dunder_round, "(ndigits=None)", NULL, NULL},
    {"numpy", m_numpy, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- the same reductions as numpy's functions ---- */

#define FN_ROW(name, op, k) {#name, np_##name, "(a, " k##_SIG, PL_ARRAY, NULL},

static const FeFnDef reduce_fns[] = {
    REDUCTIONS(FN_ROW)
    {"amin", np_min, "(a, " SIG_MIN, PL_ARRAY, NULL},
    {"amax", np_max, "(a, " SIG_MIN, PL_ARRAY, NULL},
    {"count_nonzero", np_count_nonzero, "(a, " SIG_COUNT, NULL, NULL},
    {"cumsum", np_cumsum, "(a, axis=None, dtype: dtype = None, out=None)", PL_ARRAY, NULL},
    {"cumprod", np_cumprod, "(a, axis=None, dtype: dtype = None, out=None)", PL_ARRAY, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_numpy_reduce_def = {.name = "numpy", .fns = reduce_fns};
