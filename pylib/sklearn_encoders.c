/* sklearn_encoders.c — sklearn.preprocessing's LabelEncoder, LabelBinarizer and
 * OneHotEncoder, as scikit-learn 1.2 fits them: the classes (categories) are the sorted
 * distinct values, a value is encoded by its place among them, and a value never seen in fit
 * is refused with scikit-learn's message (OneHotEncoder(handle_unknown='ignore') gives it a
 * row of zeros, LabelBinarizer a row of neg_label).
 *
 * Labels are numbers or strs (a list, a text Series or a 1-d object array): then classes_
 * and inverse_transform's result are object arrays, as numpy holds strs there. Likewise each
 * of OneHotEncoder's features (a frame's column, an object array's or a list of rows') is
 * numbers or strs; get_feature_names_out names the output columns. OneHotEncoder's default
 * output is a SciPy CSR matrix (scipy_sparse.c), of its dtype (float64 unless given).
 * LabelBinarizer codes labels as LabelEncoder finds them, one column a class. */
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

bool pl_text_labels(Interp *I, Obj *y, Obj *const **items, int64_t *n) {
  if (y->cls->layout == &pl_series_layout) {   /* a text column: the Series keeps it alive */
    Obj *c = pl_series_column(y);
    fe_decref(I, c);
    y = c;
  }
  int ndim = 1;
  if (pl_is_objarray(y))
    y = pl_objarray_items(y, &ndim);
  if (ndim != 1 || pl_is_array(y) || !fe_is_seq(I, y) ||
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
  if (pl_text_labels(I, y, &items, &n))
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
    fe_throw(I, EXC_ValueError, "This %s instance is not fitted yet. Call 'fit' with "
             "appropriate arguments before using this estimator.", fe_typename(self));
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

/* The place of each of y's values among the classes: an int64 array; a value not among them
 * is refused, or with `unseen_ok` placed at -1. */
static Obj *encode(Interp *I, Obj *cls, Obj *y, bool unseen_ok) {
  Obj *const *items, *const *names;
  int64_t n, k;
  bool text = !pl_is_array(cls);
  if (text &&
      (!fe_seq_items(I, class_list(cls), &names, &k) || !pl_text_labels(I, y, &items, &n)))
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
    if (!at && unseen_ok) {
      ((int64_t *)out->data)[i] = -1;
      continue;
    }
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

static Obj *le_encode(Interp *I, Obj *cls, Obj *y) {
  return encode(I, cls, y, false);
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

/* The classes at the places iv (taken over): an array, or an object array of strs. */
static Obj *decode(Interp *I, Obj *c, NdArray *iv) {
  int64_t k = c ? (pl_is_array(c) ? PL_ND(c)->shape[0] : fe_len(I, c)) : 0;
  for (int64_t i = 0; c && iv && i < iv->shape[0]; i++)
    if (((int64_t *)iv->data)[i] < 0 || ((int64_t *)iv->data)[i] >= k) {
      fe_throw(I, EXC_ValueError, "y contains previously unseen labels: [%lld]",
               (long long)((int64_t *)iv->data)[i]);
      c = NULL;
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
  return r;
}

static Obj *le_inverse(Interp *I, Obj *self, Obj **args) {
  Obj *c = classes(I, self);
  NdArray *ix = c ? labels_1d(I, args[0]) : NULL, *iv = ix ? nd_astype(ix, ND_INT64) : NULL;
  nd_unref(ix);
  Obj *r = iv ? decode(I, c, iv) : NULL;
  fe_decref(I, c);
  return r;
}

NdArray *pl_text_codes(Interp *I, Obj *y) {
  Obj *const *items;
  int64_t n;
  if (!pl_text_labels(I, y, &items, &n))
    return NULL;
  Obj *cls = str_classes(I, unique_strs(I, items, n)), *codes = cls ? le_encode(I, cls, y) : NULL;
  NdArray *r = codes ? nd_ref(PL_ND(codes)) : NULL;
  fe_decref(I, cls), fe_decref(I, codes);
  return r;
}

static const FeFnDef label_methods[] = {
    {"fit", le_fit, "(y)", "sklearn.preprocessing.LabelEncoder", NULL},
    {"transform", le_transform, "(y)", PL_ARRAY, NULL},
    {"fit_transform", le_fit_transform, "(y)", PL_ARRAY, NULL},
    {"inverse_transform", le_inverse, "(y)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- LabelBinarizer ----
 * One column a class, pos_label where the label is that class and neg_label elsewhere (an
 * int64 array); two classes give one column, the second class's; a label fit never saw gives
 * a row of neg_label. inverse_transform takes each row's largest column, or with two classes
 * the column above threshold (midway between the labels unless given). */

static Obj *lb_init(Interp *I, Obj *self, Obj **args) {
  /* (neg_label, pos_label, sparse_output) */
  if (fe_truth(I, args[2]))
    return fe_throw(I, EXC_NotImplementedError, "LabelBinarizer(sparse_output=True) is not "
                    "supported by nnc yet");
  fe_incref(args[0]), fe_incref(args[1]), fe_incref(args[2]);
  return pl_set_attr(I, self, "neg_label", args[0]) && pl_set_attr(I, self, "pos_label", args[1])
         && pl_set_attr(I, self, "sparse_output", args[2]) ? fe_none(I) : NULL;
}

/* self's neg_label and pos_label, raised when they are not ints or not in order. */
static bool lb_labels(Interp *I, Obj *self, int64_t *neg, int64_t *pos) {
  Obj *n = fe_getattr_str(I, self, "neg_label"), *p = n ? fe_getattr_str(I, self, "pos_label")
                                                        : NULL;
  bool good = p && fe_as_int(I, n, neg) == 0 && fe_as_int(I, p, pos) == 0;
  fe_decref(I, n), fe_decref(I, p);
  if (good && *neg >= *pos)
    fe_throw(I, EXC_ValueError, "neg_label=%lld must be strictly less than pos_label=%lld.",
             (long long)*neg, (long long)*pos);
  return good && *neg < *pos;
}

static Obj *lb_fit(Interp *I, Obj *self, Obj **args) {
  int64_t neg, pos;
  Obj *r = lb_labels(I, self, &neg, &pos) ? le_fit_classes(I, self, args[0]) : NULL;
  Obj *c = r ? fe_getattr_str(I, self, "classes_") : NULL;
  int64_t k = c ? fe_len(I, c) : 0;
  fe_decref(I, r);
  fe_decref(I, c);
  if (!c || !pl_set_attr(I, self, "y_type_", fe_str_cstr(I, k > 2 ? "multiclass" : "binary")) ||
      !pl_set_attr(I, self, "sparse_input_", fe_bool(I, false)))
    return NULL;
  fe_incref(self);
  return self;
}

static Obj *lb_transform(Interp *I, Obj *self, Obj **args) {
  int64_t neg, pos;
  Obj *c = classes(I, self), *codes = c && lb_labels(I, self, &neg, &pos)
                                          ? encode(I, c, args[0], true) : NULL;
  int64_t k = codes ? fe_len(I, c) : 0, n = codes ? PL_ND(codes)->shape[0] : 0;
  int64_t shape[2] = {n, k > 2 ? k : 1};
  NdArray *out = codes ? nd_empty(ND_INT64, 2, shape) : NULL;
  for (int64_t i = 0; out && i < n; i++) {
    int64_t *row = (int64_t *)out->data + i * shape[1], code = ((int64_t *)PL_ND(codes)->data)[i];
    for (int64_t j = 0; j < shape[1]; j++)
      row[j] = code == (k > 2 ? j : 1) ? pos : neg;
  }
  fe_decref(I, c), fe_decref(I, codes);
  return out ? pl_array_wrap(I, out) : codes && !I->exc_pending ? pl_nd_raise(I) : NULL;
}

static Obj *lb_fit_transform(Interp *I, Obj *self, Obj **args) {
  Obj *f = lb_fit(I, self, args);
  fe_decref(I, f);
  return f ? lb_transform(I, self, args) : NULL;
}

static Obj *lb_inverse(Interp *I, Obj *self, Obj **args) {
  int64_t neg, pos;
  Obj *c = classes(I, self);
  NdArray *raw = c && lb_labels(I, self, &neg, &pos) ? pl_array_arg(I, args[0]) : NULL;
  NdArray *y = raw ? nd_ascontiguous(raw, ND_FLOAT64) : NULL;
  nd_unref(raw);
  double th = (double)(neg + pos) / 2;
  if (y && args[1] != &I->none && fe_as_double(I, args[1], &th) < 0)
    fe_setref(I, &c, NULL);
  int64_t k = c ? fe_len(I, c) : 0, n = y && y->ndim == 2 ? y->shape[0] : 0;
  int64_t m = y && y->ndim == 2 ? y->shape[1] : 0;
  if (y && c && (y->ndim != 2 || m != (k > 2 ? k : 1))) {
    fe_throw(I, EXC_ValueError, "inverse_transform takes an array of %lld columns, found "
             "shape %s", (long long)(k > 2 ? k : 1), y->ndim == 2 ? "of another width" : "of "
             "another rank");
    fe_setref(I, &c, NULL);
  }
  NdArray *iv = c && y ? nd_empty(ND_INT64, 1, &n) : NULL;
  for (int64_t i = 0; iv && i < n; i++) {
    const double *row = (const double *)y->data + i * m;
    int64_t best = 0;
    for (int64_t j = 1; j < m; j++)
      best = row[j] > row[best] ? j : best;
    ((int64_t *)iv->data)[i] = k > 2 ? best : k == 2 && row[0] > th;
  }
  nd_unref(y);
  Obj *r = iv ? decode(I, c, iv) : NULL;
  fe_decref(I, c);
  return r || I->exc_pending ? r : pl_nd_raise(I);
}

static const FeFnDef binarizer_methods[] = {
    {"__init__", lb_init, "(*, neg_label: int = 0, pos_label: int = 1, sparse_output=False)",
     NULL, NULL},
    {"fit", lb_fit, "(y)", "sklearn.preprocessing.LabelBinarizer", NULL},
    {"transform", lb_transform, "(y)", PL_ARRAY, NULL},
    {"fit_transform", lb_fit_transform, "(y)", PL_ARRAY, NULL},
    {"inverse_transform", lb_inverse, "(Y, threshold=None)", NULL, NULL},
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
  NdDtype t;
  if (!pl_dtype_of(I, args[4], &t))
    return NULL;
  if (!fe_str_is(args[5], "error") && !fe_str_is(args[5], "ignore"))
    return fe_throw(I, EXC_ValueError, "handle_unknown should be one of 'error', 'ignore', "
                    "'infrequent_if_exist'");
  fe_incref(args[5]);
  bool good = pl_set_attr(I, self, "handle_unknown", args[5]) &&
              pl_set_attr(I, self, "sparse_output", fe_bool(I, !dense)) &&
              pl_set_attr(I, self, "dtype", pl_dtype_wrap(I, t == ND_NODTYPE ? ND_FLOAT64 : t));
  return good ? fe_none(I) : NULL;
}

/* The codes (float64, taken over) as the encoder gives them: of its dtype, and a SciPy CSR
 * matrix unless sparse_output=False. */
static Obj *encoded(Interp *I, Obj *self, NdArray *codes) {
  Obj *sparse = fe_getattr_str(I, self, "sparse_output");
  Obj *dtype = sparse ? fe_getattr_str(I, self, "dtype") : NULL;
  NdDtype t = ND_FLOAT64;
  int to_csr = dtype && pl_dtype_of(I, dtype, &t) ? fe_truth(I, sparse) : -1;
  fe_decref(I, sparse), fe_decref(I, dtype);
  NdArray *typed = to_csr >= 0 ? nd_astype(codes, t) : NULL;
  nd_unref(codes);
  if (to_csr < 0)
    return NULL;
  return to_csr ? pl_csr_wrap(I, typed) : pl_array_wrap(I, typed);
}

/* X as OneHotEncoder reads it: n rows of k features, numbers (an array) or, when X holds a str
 * (a frame with a text column, an object array, lists of rows), its values row by row. */
typedef struct {
  int64_t n, k;
  NdArray *num;       /* [n, k], owned, or NULL */
  Obj *items;         /* a list of n * k values, owned, or NULL */
} Table;

static void table_free(Interp *I, Table *t) {
  nd_unref(t->num);
  fe_decref(I, t->items);
}

static bool not_2d(Interp *I, int ndim) {
  fe_throw(I, EXC_ValueError, "Expected 2D array, got %dD array instead. Reshape your data "
           "either using array.reshape(-1, 1) if your data has a single feature or "
           "array.reshape(1, -1) if it contains a single sample.", ndim);
  return false;
}

/* The values of rows, a list or tuple of lists or tuples, when one of them is a str (false
 * otherwise, nothing raised). */
static bool text_rows(Interp *I, Obj *rows, Table *t) {
  Obj *const *r, *const *v;
  int64_t n, k;
  bool text = false;
  if (!fe_seq_items(I, rows, &r, &n) || n == 0)
    return false;
  for (int64_t i = 0; i < n; i++) {
    if (!(FE_ISA(I, r[i], list) || FE_ISA(I, r[i], tuple)) || !fe_seq_items(I, r[i], &v, &k))
      return false;
    for (int64_t j = 0; j < k; j++)
      text = text || FE_ISA(I, v[j], str);
  }
  if (!text)
    return false;
  t->items = fe_list_new(I, 0);
  for (int64_t i = 0; t->items && i < n; i++) {
    fe_seq_items(I, r[i], &v, &k);
    if (k != t->k && i > 0) {
      fe_throw(I, EXC_ValueError, "setting an array element with a sequence. The requested "
               "array has an inhomogeneous shape after 1 dimensions.");
      fe_setref(I, &t->items, NULL);
    }
    t->k = k;
    for (int64_t j = 0; t->items && j < k; j++)
      if (fe_list_append(I, t->items, v[j]) < 0)
        fe_setref(I, &t->items, NULL);
  }
  t->n = n;
  return true;
}

/* X as a Table; false with an exception raised. */
static bool table(Interp *I, Obj *x, Table *t) {
  *t = (Table){0};
  Obj *v = pl_is_frame(x) ? fe_getattr_str(I, x, "values") : (fe_incref(x), x);
  int ndim = 0;
  Obj *items = v && pl_is_objarray(v) ? pl_objarray_items(v, &ndim) : NULL;
  if (items && ndim != 2) {
    fe_decref(I, v);
    return not_2d(I, ndim);
  }
  if (items) {
    t->n = fe_len(I, v);
    t->k = t->n > 0 ? ((List *)items)->n / t->n : 0;
    t->items = fe_list_from_iter(I, items);
  } else if (v && !text_rows(I, v, t) && !I->exc_pending) {
    t->num = pl_array_arg(I, v);
    if (t->num && t->num->ndim != 2) {
      not_2d(I, t->num->ndim);
      nd_unref(t->num), t->num = NULL;
    }
    t->n = t->num ? t->num->shape[0] : 0, t->k = t->num ? t->num->shape[1] : 0;
  }
  fe_decref(I, v);
  return t->num || t->items;
}

/* Feature j of t: a list of strs, or an array of numbers (of X's dtype); NULL raised (a
 * feature mixing strs and numbers is refused as scikit-learn refuses it). */
static Obj *feature(Interp *I, const Table *t, int64_t j) {
  if (t->num) {
    NdIndex ix[2] = {nd_ix_all(), nd_ix_int(j)};
    return pl_array_wrap(I, nd_getitem(t->num, 2, ix));
  }
  Obj *col = fe_list_new(I, 0);
  int64_t nstr = 0;
  for (int64_t i = 0; col && i < t->n; i++) {
    Obj *v = LIST_ITEM(t->items, i * t->k + j);
    nstr += FE_ISA(I, v, str);
    if (fe_list_append(I, col, v) < 0)
      fe_setref(I, &col, NULL);
  }
  if (!col || nstr == t->n)
    return col;
  Obj *r = NULL;
  if (nstr)
    fe_throw(I, EXC_TypeError, "Encoders require their input to be uniformly strings or "
             "numbers. Got ['int', 'str']");
  else
    r = pl_array_wrap(I, pl_array_of(I, col, ND_NODTYPE, true));
  fe_decref(I, col);
  return r;
}

/* A category list's length: an array of numbers or an object array of strs. */
static int64_t ncats(Interp *I, Obj *cats) {
  return pl_is_array(cats) ? PL_ND(cats)->shape[0] : fe_len(I, cats);
}

/* Value i of feature col as Python gives it (a str, an int or a float), a new reference. */
static Obj *value_at(Interp *I, Obj *col, int64_t i) {
  if (!pl_is_array(col)) {
    fe_incref(LIST_ITEM(col, i));
    return LIST_ITEM(col, i);
  }
  NdArray *a = PL_ND(col);
  NdIndex ix = nd_ix_int(i);
  NdArray *one = nd_getitem(a, 1, &ix), *d = one ? nd_astype(one, ND_FLOAT64) : NULL;
  double v = d ? *(double *)d->data : 0;
  nd_unref(one), nd_unref(d);
  return nd_dtype_is_int(a->dtype) ? fe_int(I, (int64_t)v) : fe_float(I, v);
}

/* The place of value i of feature col among cats (sorted, of the same kind), or -1. */
static int64_t place(Interp *I, Obj *col, int64_t i, Obj *cats) {
  if (pl_is_array(col) != pl_is_array(cats))
    return -1;
  if (!pl_is_array(col)) {
    Obj *const *names;
    int64_t k;
    int nd;
    fe_seq_items(I, pl_objarray_items(cats, &nd), &names, &k);
    Obj *const *at = bsearch(&LIST_ITEM(col, i), names, (size_t)k, sizeof *names, cmp_str);
    return at ? at - names : -1;
  }
  NdArray *c = nd_ascontiguous(PL_ND(cats), ND_FLOAT64), *one = NULL;
  NdIndex ix = nd_ix_int(i);
  one = c ? nd_getitem(PL_ND(col), 1, &ix) : NULL;
  NdArray *d = one ? nd_astype(one, ND_FLOAT64) : NULL;
  const double *at = d ? bsearch(d->data, c->data, (size_t)c->shape[0], sizeof(double),
                                 pl_cmp_double) : NULL;
  int64_t r = at ? at - (const double *)c->data : -1;
  nd_unref(c), nd_unref(one), nd_unref(d);
  return r;
}

static Obj *oh_fit(Interp *I, Obj *self, Obj **args) {
  Table t;
  if (!table(I, args[0], &t))
    return NULL;
  Obj *cats = fe_list_new(I, 0);
  for (int64_t j = 0; cats && j < t.k; j++) {
    Obj *col = feature(I, &t, j), *u = NULL;
    if (col && pl_is_array(col)) {
      NdArray *a = unique(I, PL_ND(col));
      u = a ? pl_array_wrap(I, a) : NULL;
    } else if (col) {
      u = str_classes(I, unique_strs(I, ((List *)col)->v, t.n));
    }
    if (!u || fe_list_append(I, cats, u) < 0)
      fe_setref(I, &cats, NULL);
    fe_decref(I, col), fe_decref(I, u);
  }
  int64_t k = t.k;
  table_free(I, &t);
  if (!cats || !pl_set_attr(I, self, "categories_", cats) ||
      !pl_set_attr(I, self, "n_features_in_", fe_int(I, k)))
    return NULL;
  if (pl_is_frame(args[0])) {   /* scikit-learn keeps a frame's column names */
    Obj *names = fe_list_from_iter(I, pl_frame_names(args[0]));
    int64_t n = names ? fe_len(I, names) : 0;
    if (!names || !pl_set_attr(I, self, "feature_names_in_", pl_objarray_new(I, 1, &n, names)))
      return NULL;
  }
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
  if (k >= 0 && fe_len(I, c) != k) {
    fe_decref(I, c);
    return fe_throw(I, EXC_ValueError, "X has %lld features, but OneHotEncoder is expecting "
                    "%lld features as input.", (long long)k, (long long)fe_len(I, c));
  }
  return c;
}

static Obj *oh_transform(Interp *I, Obj *self, Obj **args) {
  Table t;
  if (!table(I, args[0], &t))
    return NULL;
  Obj *cats = categories(I, self, t.k), *hu = NULL;
  int ignore = cats && (hu = fe_getattr_str(I, self, "handle_unknown")) ? fe_str_is(hu, "ignore")
                                                                         : 0;
  fe_decref(I, hu);
  int64_t n = t.n, k = t.k, width = 0;
  for (int64_t j = 0; cats && j < k; j++)
    width += ncats(I, LIST_ITEM(cats, j));
  int64_t shape[2] = {n, width};
  NdArray *out = cats ? nd_zeros(ND_FLOAT64, 2, shape) : NULL;
  for (int64_t j = 0, at = 0; out && j < k; j++) {
    Obj *col = feature(I, &t, j), *c = LIST_ITEM(cats, j);
    for (int64_t i = 0; col && i < n; i++) {
      int64_t p = place(I, col, i, c);
      if (p >= 0) {
        ((double *)out->data)[i * width + at + p] = 1;
      } else if (!ignore) {
        Obj *v = value_at(I, col, i), *r = v ? fe_repr(I, v) : NULL;
        if (r)
          fe_throw(I, EXC_ValueError, "Found unknown categories [%s] in column %lld during "
                   "transform", FE_STR(r)->s, (long long)j);
        fe_decref(I, v), fe_decref(I, r);
        break;
      }
    }
    at += ncats(I, c);
    if (!col || I->exc_pending)
      nd_unref(out), out = NULL;
    fe_decref(I, col);
  }
  table_free(I, &t);
  fe_decref(I, cats);
  return out ? encoded(I, self, out) : I->exc_pending ? NULL : pl_nd_raise(I);
}

/* Each block's hot column back to its category; an all-zero block (handle_unknown='ignore')
 * gives None. Numbers give an array (int64 when every feature's categories are ints, as
 * numpy's common type), strs or None an object array. */
static Obj *oh_inverse(Interp *I, Obj *self, Obj **args) {
  NdArray *x = pl_csr_dense(args[0]) ? nd_ref(pl_csr_dense(args[0])) : pl_array_arg(I, args[0]), *xf = x && x->ndim == 2 ? nd_astype(x, ND_FLOAT64)
                                                                : NULL;
  if (x && x->ndim != 2)
    not_2d(I, x->ndim);
  nd_unref(x);
  Obj *cats = xf ? categories(I, self, -1) : NULL;
  int64_t n = xf ? xf->shape[0] : 0, w = xf ? xf->shape[1] : 0, k = cats ? fe_len(I, cats) : 0;
  int64_t width = 0;
  bool numbers = true, ints = true;
  for (int64_t j = 0; cats && j < k; j++) {
    Obj *c = LIST_ITEM(cats, j);
    width += ncats(I, c);
    numbers = numbers && pl_is_array(c);
    ints = ints && pl_is_array(c) && nd_dtype_is_int(PL_ND(c)->dtype);
  }
  if (cats && width != w)
    fe_throw(I, EXC_ValueError, "Shape of the passed X data is not correct. Expected %lld "
             "columns, got %lld.", (long long)width, (long long)w);
  Obj *items = cats && width == w ? fe_list_new(I, n * k) : NULL;
  for (int64_t j = 0, at = 0; items && j < k; j++) {
    Obj *c = LIST_ITEM(cats, j), *names = pl_is_array(c) ? c : class_list(c);
    int64_t m = ncats(I, c);
    for (int64_t i = 0; items && i < n; i++) {
      int64_t best = -1;
      for (int64_t p = 0; p < m && best < 0; p++)
        if (((double *)xf->data)[i * w + at + p] > 0)
          best = p;
      Obj *v = best < 0 ? fe_none(I) : value_at(I, names, best);
      numbers = numbers && best >= 0;
      if (!v)
        fe_setref(I, &items, NULL);
      else
        ((List *)items)->v[i * k + j] = v;
    }
    at += m;
  }
  int64_t shape[2] = {n, k};
  Obj *r = NULL;
  if (items && numbers) {
    NdArray *flat = pl_array_of(I, items, ints ? ND_INT64 : ND_FLOAT64, true);
    r = pl_array_wrap(I, flat ? nd_reshape(flat, 2, shape) : NULL);
    nd_unref(flat);
    fe_decref(I, items);
  } else if (items) {
    r = pl_objarray_new(I, 2, shape, items);
  }
  nd_unref(xf);
  fe_decref(I, cats);
  return r;
}

/* get_feature_names_out(input_features=None): 'feature_category' for each output column,
 * the features named by input_features, else the frame's columns fit saw, else x0, x1, ... */
static Obj *oh_feature_names(Interp *I, Obj *self, Obj **args) {
  Obj *cats = categories(I, self, -1), *given = args[0];
  Obj *fin = cats && given == &I->none ? fe_getattr_str(I, self, "feature_names_in_") : NULL;
  if (cats && given == &I->none && !fin)
    fe_decref(I, fe_exc_take(I));
  int nd;
  Obj *in = given != &I->none ? given : fin ? pl_objarray_items(fin, &nd) : NULL;
  Obj *out = cats ? fe_list_new(I, 0) : NULL;
  for (int64_t j = 0; out && j < fe_len(I, cats); j++) {
    Obj *c = LIST_ITEM(cats, j), *names = pl_is_array(c) ? c : class_list(c);
    Obj *jv = in ? fe_int(I, j) : NULL, *f = jv ? fe_getitem(I, in, jv) : NULL;
    Obj *fs = f ? fe_str(I, f) : in ? NULL : fe_strf(I, "x%lld", (long long)j);
    for (int64_t p = 0; fs && p < ncats(I, c); p++) {
      Obj *v = value_at(I, names, p), *vs = v ? fe_str(I, v) : NULL;
      Obj *name = vs ? fe_strf(I, "%s_%s", FE_STR(fs)->s, FE_STR(vs)->s) : NULL;
      if (!name || fe_list_append(I, out, name) < 0)
        fe_setref(I, &out, NULL);
      fe_decref(I, v), fe_decref(I, vs), fe_decref(I, name);
    }
    if (!fs)
      fe_setref(I, &out, NULL);
    fe_decref(I, jv), fe_decref(I, f), fe_decref(I, fs);
  }
  fe_decref(I, cats), fe_decref(I, fin);
  int64_t n = out ? fe_len(I, out) : 0;
  return out ? pl_objarray_new(I, 1, &n, out) : NULL;
}

static const FeFnDef onehot_methods[] = {
    {"__init__", oh_init,
     "(*, categories='auto', drop=None, sparse='deprecated', sparse_output=True, "
         "dtype=None, handle_unknown='error', min_frequency=None, max_categories=None)", NULL,
     NULL},
    {"fit", oh_fit, "(X, y=None)", "sklearn.preprocessing.OneHotEncoder", NULL},
    /* an array, or with sparse_output (the default) a scipy.sparse.csr_matrix */
    {"transform", oh_transform, "(X)", NULL, NULL},
    {"fit_transform", pl_fit_transform, "(X, y=None, **fit_params)", NULL, NULL},
    {"inverse_transform", oh_inverse, "(X)", NULL, NULL},
    {"get_feature_names_out", oh_feature_names, "(input_features=None)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeClassDef encoder_classes[] = {
    {.name = "LabelEncoder", .methods = label_methods},
    {.name = "LabelBinarizer", .methods = binarizer_methods},
    {.name = "OneHotEncoder", .methods = onehot_methods},
    {.name = NULL},
};

const FeModuleDef pl_sklearn_encoders_def = {.name = "sklearn.preprocessing",
                                             .classes = encoder_classes};
