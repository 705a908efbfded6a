/* sklearn_encoders.c — sklearn.preprocessing's LabelEncoder and OneHotEncoder, as
 * scikit-learn 1.2 fits them: the classes (categories) are the sorted distinct values, a
 * value is encoded by its place among them, and a value never seen in fit is refused with
 * scikit-learn's message (OneHotEncoder(handle_unknown='ignore') gives it a row of zeros).
 *
 * Labels are numbers, or for LabelEncoder also strs (a list, a text Series or a 1-d object
 * array): then classes_ and inverse_transform's result are object arrays, as numpy holds
 * strs there. OneHotEncoder's default sparse output (a SciPy matrix)
 * does not exist in nnc: it is refused, asking for sparse_output=False. */
#include <stdlib.h>
#include <string.h>

#include "pylib.h"

/* ---- labels as numbers or strs ---- */

#define LIST_ITEM(list, i) (((List *)(list))->v[i])  /* categories_ and str classes_ */

/* The sorted distinct values of a 1-d array (keeping its dtype), raised on failure. */
static NdArray *unique(Interp *I, NdArray *a) {
  NdArray *out[4] = {0};
  NdUniqueOpts o = {0};
  if (nd_unique(a, &o, out) != 1)
    return pl_nd_raise(I), NULL;
  return out[0];
}

/* y as a 1-d float64 array (a column [n, 1] too), raised otherwise. */
static NdArray *labels_1d(Interp *I, Obj *y) {
  NdArray *a = pl_array_arg(I, y);
  if (a && !(a->ndim == 1 || (a->ndim == 2 && a->shape[1] == 1))) {
    fe_throw(I, EXC_ValueError, "y should be a 1d array, got an array of %d dimensions "
             "instead.", a->ndim);
    nd_unref(a);
    return NULL;
  }
  NdArray *r = a ? nd_ravel(a) : NULL;
  nd_unref(a);
  return r;
}

/* y's items when every one is a str (false otherwise, nothing raised). */
static bool strs(Interp *I, Obj *y, Obj *const **items, int64_t *n) {
  if (y->cls->layout == &pl_series_layout) {   /* a text column: the Series keeps it alive */
    Obj *c = pl_series_column(y);
    fe_decref(I, c);
    y = c;
  }
  int ndim = 1;
  if (pl_is_objarray(y))
    y = pl_objarray_items(y, &ndim);
  if (ndim != 1 || pl_is_array(y) || !(FE_ISA(I, y, list) || FE_ISA(I, y, tuple)) ||
      !fe_seq_items(I, y, items, n) || *n == 0)
    return false;
  for (int64_t i = 0; i < *n; i++)
    if (!FE_ISA(I, (*items)[i], str))
      return false;
  return true;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(FE_STR(*(Obj *const *)a)->s, FE_STR(*(Obj *const *)b)->s);
}

/* The sorted distinct strs of items, as a list. */
static Obj *unique_strs(Interp *I, Obj *const *items, int64_t n) {
  Obj **v = base_malloc((size_t)n * sizeof *v);
  if (!v)
    return fe_nomem(I);
  memcpy(v, items, (size_t)n * sizeof *v);
  qsort(v, (size_t)n, sizeof *v, cmp_str);
  Obj *l = fe_list_new(I, 0);
  for (int64_t i = 0; l && i < n; i++)
    if ((i == 0 || cmp_str(&v[i - 1], &v[i]) != 0) && fe_list_append(I, l, v[i]) < 0)
      fe_setref(I, &l, NULL);
  base_free(v);
  return l;
}

/* ---- LabelEncoder ---- */

/* A list of strs as the 1-d object array classes_ is (taken over). */
static Obj *str_classes(Interp *I, Obj *list) {
  int64_t n = list ? fe_len(I, list) : 0;
  return list ? pl_objarray_new(I, 1, &n, list) : NULL;
}

/* The classes' strs (borrowed) of an encoder fitted on text. */
static Obj *class_list(Obj *cls) {
  int ndim;
  return pl_is_objarray(cls) ? pl_objarray_items(cls, &ndim) : cls;
}

static Obj *le_fit_classes(Interp *I, Obj *self, Obj *y) {
  Obj *const *items;
  int64_t n;
  if (strs(I, y, &items, &n))
    return pl_set_attr(I, self, "classes_", str_classes(I, unique_strs(I, items, n))) ? fe_none(I)
                                                                                      : NULL;
  NdArray *a = labels_1d(I, y), *u = a ? unique(I, a) : NULL;
  nd_unref(a);
  return u && pl_set_array_attr(I, self, "classes_", u) ? fe_none(I) : NULL;
}

static Obj *le_fit(Interp *I, Obj *self, Obj **args) {
  Obj *r = le_fit_classes(I, self, args[0]);
  if (!r)
    return NULL;
  fe_decref(I, r);
  fe_incref(self);
  return self;
}

/* self.classes_, or NotFittedError's message. */
static Obj *classes(Interp *I, Obj *self) {
  Obj *c = fe_getattr_str(I, self, "classes_");
  if (!c) {
    fe_decref(I, fe_exc_take(I));
    fe_throw(I, EXC_ValueError, "This LabelEncoder instance is not fitted yet. Call 'fit' with "
             "appropriate arguments before using this estimator.");
  }
  return c;
}

static Obj *unseen(Interp *I, Obj *v) {
  Obj *r = fe_repr(I, v);
  if (r)
    fe_throw(I, EXC_ValueError, "y contains previously unseen labels: [%s]", FE_STR(r)->s);
  fe_decref(I, r);
  return NULL;
}

/* The place of each of y's values among the classes: an int64 array. */
static Obj *le_encode(Interp *I, Obj *cls, Obj *y) {
  Obj *const *items, *const *names;
  int64_t n, k;
  bool text = !pl_is_array(cls);
  if (text && (!fe_seq_items(I, class_list(cls), &names, &k) || !strs(I, y, &items, &n)))
    return I->exc_pending ? NULL : fe_throw(I, EXC_ValueError, "y contains previously unseen "
                                            "labels: the encoder was fitted on strs");
  NdArray *a = NULL, *c = NULL;
  if (!text) {
    NdArray *raw = labels_1d(I, y);
    a = raw ? nd_ascontiguous(raw, ND_FLOAT64) : NULL;
    c = a ? nd_ascontiguous(PL_ND(cls), ND_FLOAT64) : NULL;
    nd_unref(raw);
    if (!c) {
      nd_unref(a);
      return I->exc_pending ? NULL : pl_nd_raise(I);
    }
    n = a->shape[0], k = c->shape[0];
  }
  NdArray *out = nd_empty(ND_INT64, 1, &n);
  for (int64_t i = 0; out && i < n; i++) {
    const void *at = text ? bsearch(&items[i], names, (size_t)k, sizeof *names, cmp_str)
        : bsearch((double *)a->data + i, c->data, (size_t)k, sizeof(double), pl_cmp_double);
    if (!at) {
      double v = text ? 0 : ((double *)a->data)[i];
      Obj *o = text ? (fe_incref(items[i]), items[i])
                    : nd_dtype_is_int(PL_ND(cls)->dtype) ? fe_int(I, (int64_t)v) : fe_float(I, v);
      nd_unref(out), nd_unref(a), nd_unref(c);
      if (o)
        unseen(I, o);
      fe_decref(I, o);
      return NULL;
    }
    ((int64_t *)out->data)[i] = text ? (Obj *const *)at - names
                                     : (const double *)at - (const double *)c->data;
  }
  nd_unref(a);
  nd_unref(c);
  return pl_array_wrap(I, out);
}

static Obj *le_transform(Interp *I, Obj *self, Obj **args) {
  Obj *c = classes(I, self), *r = c ? le_encode(I, c, args[0]) : NULL;
  fe_decref(I, c);
  return r;
}

static Obj *le_fit_transform(Interp *I, Obj *self, Obj **args) {
  Obj *f = le_fit(I, self, args);
  fe_decref(I, f);
  return f ? le_transform(I, self, args) : NULL;
}

static Obj *le_inverse(Interp *I, Obj *self, Obj **args) {
  Obj *c = classes(I, self);
  NdArray *ix = c ? labels_1d(I, args[0]) : NULL, *iv = ix ? nd_astype(ix, ND_INT64) : NULL;
  nd_unref(ix);
  int64_t k = c ? (pl_is_array(c) ? PL_ND(c)->shape[0] : fe_len(I, c)) : 0;
  for (int64_t i = 0; iv && i < iv->shape[0]; i++)
    if (((int64_t *)iv->data)[i] < 0 || ((int64_t *)iv->data)[i] >= k) {
      fe_throw(I, EXC_ValueError, "y contains previously unseen labels: [%lld]",
               (long long)((int64_t *)iv->data)[i]);
      fe_setref(I, &c, NULL);
    }
  Obj *r = NULL;
  if (c && iv && pl_is_array(c)) {
    NdIndex x = nd_ix_array(iv);
    r = pl_array_wrap(I, nd_getitem(PL_ND(c), 1, &x));
  } else if (c && iv) {
    r = fe_list_new(I, 0);
    for (int64_t i = 0; r && i < iv->shape[0]; i++)
      if (fe_list_append(I, r, LIST_ITEM(class_list(c), ((int64_t *)iv->data)[i])) < 0)
        fe_setref(I, &r, NULL);
    r = str_classes(I, r);
  } else if (c && !I->exc_pending) {
    pl_nd_raise(I);
  }
  nd_unref(iv);
  fe_decref(I, c);
  return r;
}

static const FeFnDef label_methods[] = {
    {"fit", le_fit, "(y)", "sklearn.preprocessing.LabelEncoder", NULL},
    {"transform", le_transform, "(y)", PL_ARRAY, NULL},
    {"fit_transform", le_fit_transform, "(y)", PL_ARRAY, NULL},
    {"inverse_transform", le_inverse, "(y)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- OneHotEncoder ---- */

static Obj *oh_init(Interp *I, Obj *self, Obj **args) {
  /* (categories, drop, sparse, sparse_output, dtype, handle_unknown, min_frequency,
   * max_categories) */
  int dense = args[2] == &I->none || fe_str_is(args[2], "deprecated") ? 0 : !fe_truth(I, args[2]);
  dense = dense || fe_truth(I, args[3]) == 0;
  if (!fe_str_is(args[0], "auto") || args[1] != &I->none || args[6] != &I->none ||
      args[7] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "OneHotEncoder(categories=, drop=, "
                    "min_frequency=, max_categories=) are not supported by nnc yet");
  if (!dense)
    return fe_throw(I, EXC_NotImplementedError, "OneHotEncoder's sparse matrices are not "
                    "supported by nnc: pass sparse_output=False (sparse=False before "
                    "scikit-learn 1.2) for a numpy array");
  if (!fe_str_is(args[5], "error") && !fe_str_is(args[5], "ignore"))
    return fe_throw(I, EXC_ValueError, "handle_unknown should be one of 'error', 'ignore', "
                    "'infrequent_if_exist'");
  fe_incref(args[5]);
  return pl_set_attr(I, self, "handle_unknown", args[5]) ? fe_none(I) : NULL;
}

/* X as a 2-d float64 array, raised otherwise. */
static NdArray *table(Interp *I, Obj *x) {
  NdArray *a = pl_array_arg(I, x), *c = a && a->ndim == 2 ? nd_astype(a, ND_FLOAT64) : NULL;
  if (a && a->ndim != 2)
    fe_throw(I, EXC_ValueError, "Expected 2D array, got %dD array instead. Reshape your data "
             "either using array.reshape(-1, 1) if your data has a single feature or "
             "array.reshape(1, -1) if it contains a single sample.", a->ndim);
  else if (a && !c)
    pl_nd_raise(I);
  nd_unref(a);
  return c;
}

static Obj *oh_fit(Interp *I, Obj *self, Obj **args) {
  NdArray *x = pl_array_arg(I, args[0]);
  if (x && x->ndim != 2) {
    nd_unref(x);
    nd_unref(table(I, args[0]));  /* raises the message */
    return NULL;
  }
  Obj *cats = x ? fe_list_new(I, 0) : NULL;
  for (int64_t j = 0; cats && j < x->shape[1]; j++) {
    NdIndex ix[2] = {nd_ix_all(), nd_ix_int(j)};
    NdArray *col = nd_getitem(x, 2, ix), *u = col ? unique(I, col) : NULL;
    Obj *v = u ? pl_array_wrap(I, u) : NULL;
    if (!col)
      pl_nd_raise(I);
    nd_unref(col);
    if (!v || fe_list_append(I, cats, v) < 0)
      fe_setref(I, &cats, NULL);
    fe_decref(I, v);
  }
  int64_t k = x ? x->shape[1] : 0;
  nd_unref(x);
  if (!cats || !pl_set_attr(I, self, "categories_", cats) ||
      !pl_set_attr(I, self, "n_features_in_", fe_int(I, k)))
    return NULL;
  fe_incref(self);
  return self;
}

/* self.categories_ for k features (borrowed items), raised when unfitted or of another k. */
static Obj *categories(Interp *I, Obj *self, int64_t k) {
  Obj *c = fe_getattr_str(I, self, "categories_");
  if (!c) {
    fe_decref(I, fe_exc_take(I));
    return fe_throw(I, EXC_ValueError, "This OneHotEncoder instance is not fitted yet. Call "
                    "'fit' with appropriate arguments before using this estimator.");
  }
  if (fe_len(I, c) != k) {
    fe_decref(I, c);
    return fe_throw(I, EXC_ValueError, "X has %lld features, but OneHotEncoder is expecting "
                    "%lld features as input.", (long long)k, (long long)fe_len(I, c));
  }
  return c;
}

/* Column j's categories as doubles (a new contiguous float64 array). */
static NdArray *column_categories(Obj *cats, int64_t j) {
  return nd_ascontiguous(PL_ND(LIST_ITEM(cats, j)), ND_FLOAT64);
}

static Obj *oh_transform(Interp *I, Obj *self, Obj **args) {
  NdArray *x = table(I, args[0]);
  Obj *cats = x ? categories(I, self, x->shape[1]) : NULL, *hu = NULL;
  int ignore = cats && (hu = fe_getattr_str(I, self, "handle_unknown")) ? fe_str_is(hu, "ignore")
                                                                         : 0;
  fe_decref(I, hu);
  int64_t n = x ? x->shape[0] : 0, k = x ? x->shape[1] : 0, width = 0;
  for (int64_t j = 0; cats && j < k; j++)
    width += PL_ND(LIST_ITEM(cats, j))->shape[0];
  int64_t shape[2] = {n, width};
  NdArray *out = cats ? nd_zeros(ND_FLOAT64, 2, shape) : NULL;
  for (int64_t j = 0, at = 0; out && j < k; j++) {
    NdArray *c = column_categories(cats, j);
    int64_t m = c ? c->shape[0] : 0;
    for (int64_t i = 0; c && i < n; i++) {
      double *v = (double *)x->data + i * k + j;
      const double *hit = bsearch(v, c->data, (size_t)m, sizeof(double), pl_cmp_double);
      if (hit)
        ((double *)out->data)[i * width + at + (hit - (const double *)c->data)] = 1;
      else if (!ignore) {
        char buf[64];
        if (nd_dtype_is_int(PL_ND(LIST_ITEM(cats, j))->dtype))
          snprintf(buf, sizeof buf, "%lld", (long long)*v);
        else
          base_repr_double(*v, buf);
        fe_throw(I, EXC_ValueError, "Found unknown categories [%s] in column %lld during "
                 "transform", buf, (long long)j);
        break;
      }
    }
    at += m;
    if (!c || I->exc_pending)
      nd_unref(out), out = NULL;
    nd_unref(c);
  }
  nd_unref(x);
  fe_decref(I, cats);
  return out ? pl_array_wrap(I, out) : I->exc_pending ? NULL : pl_nd_raise(I);
}

/* Each block's hot column back to its category (float64; an all-zero block, from
 * handle_unknown='ignore', is None in scikit-learn: refused here). */
static Obj *oh_inverse(Interp *I, Obj *self, Obj **args) {
  NdArray *x = table(I, args[0]);
  Obj *fi = x ? fe_getattr_str(I, self, "n_features_in_") : NULL;
  int64_t k = 0;
  if (fi && fe_as_int(I, fi, &k) < 0)
    fi = (fe_decref(I, fi), NULL);
  Obj *cats = fi ? categories(I, self, k) : NULL;
  fe_decref(I, fi);
  int64_t n = x ? x->shape[0] : 0, w = x ? x->shape[1] : 0, shape[2] = {n, k}, width = 0;
  for (int64_t j = 0; cats && j < k; j++)
    width += PL_ND(LIST_ITEM(cats, j))->shape[0];
  if (cats && width != w)
    fe_throw(I, EXC_ValueError, "Shape of the passed X data is not correct. Expected %lld "
             "columns, got %lld.", (long long)width, (long long)w);
  NdArray *out = cats && width == w ? nd_empty(ND_FLOAT64, 2, shape) : NULL;
  for (int64_t j = 0, at = 0; out && j < k; j++) {
    NdArray *c = column_categories(cats, j);
    int64_t m = c ? c->shape[0] : 0;
    for (int64_t i = 0; c && i < n; i++) {
      int64_t best = -1;
      for (int64_t t = 0; t < m; t++)
        if (((double *)x->data)[i * w + at + t] > 0 && best < 0)
          best = t;
      if (best < 0) {
        fe_throw(I, EXC_NotImplementedError, "row %lld has no category in column %lld "
                 "(scikit-learn gives None there): not supported by nnc yet", (long long)i,
                 (long long)j);
        break;
      }
      ((double *)out->data)[i * k + j] = ((double *)c->data)[best];
    }
    at += m;
    if (!c || I->exc_pending)
      nd_unref(out), out = NULL;
    nd_unref(c);
  }
  /* numpy's common type of the categories: int64 when every column's is an int */
  bool ints = true;
  for (int64_t j = 0; out && j < k; j++)
    ints = ints && nd_dtype_is_int(PL_ND(LIST_ITEM(cats, j))->dtype);
  if (out && ints) {
    NdArray *r = nd_astype(out, ND_INT64);
    nd_unref(out);
    out = r;
  }
  nd_unref(x);
  fe_decref(I, cats);
  return out ? pl_array_wrap(I, out) : I->exc_pending ? NULL : pl_nd_raise(I);
}

static const FeFnDef onehot_methods[] = {
    {"__init__", oh_init,
     "(*, categories='auto', drop=None, sparse='deprecated', sparse_output=True, "
         "dtype=None, handle_unknown='error', min_frequency=None, max_categories=None)", NULL,
     NULL},
    {"fit", oh_fit, "(X, y=None)", "sklearn.preprocessing.OneHotEncoder", NULL},
    {"transform", oh_transform, "(X)", PL_ARRAY, NULL},
    {"fit_transform", pl_fit_transform, "(X, y=None, **fit_params)", PL_ARRAY, NULL},
    {"inverse_transform", oh_inverse, "(X)", PL_ARRAY, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeClassDef encoder_classes[] = {
    {.name = "LabelEncoder", .methods = label_methods},
    {.name = "OneHotEncoder", .methods = onehot_methods},
    {.name = NULL},
};

const FeModuleDef pl_sklearn_encoders_def = {.name = "sklearn.preprocessing",
                                             .classes = encoder_classes};
