/* pd_column.c — what a DataFrame's column and a Series' values are: a 1-d numpy array, or
 * for text a list (pandas' 'object' dtype: str items, and float NaN where a value is
 * missing), since ndarray/ holds numbers only. These functions treat both kinds alike, so
 * the frame's and the Series' code does not ask which one it holds. */
#include <math.h>

#include "pylib.h"

bool pl_col_is_text(Interp *I, const Obj *c) {
  return FE_ISA(I, c, list);
}

const char *pl_col_dtype(Interp *I, const Obj *c) {
  return pl_col_is_text(I, c) ? "object" : nd_dtype_name(PL_ND(c)->dtype);
}

bool pl_is_nan(Interp *I, const Obj *v) {
  return FE_ISA(I, v, float) && isnan(((const Float *)v)->v);
}

/* Whether a list, a tuple or a 1-d object array holds text: a str among its items. */
static bool holds_text(Interp *I, Obj *v) {
  Obj *const *items;
  int64_t n;
  int ndim;
  if (pl_is_objarray(v) && (v = pl_objarray_items(v, &ndim)) && ndim != 1)
    return false;   /* a 1-d object array of text: a column of text, as pandas takes it */
  if (!fe_seq_items(I, v, &items, &n))
    return false;
  for (int64_t i = 0; i < n; i++)
    if (FE_IS(items[i], str))
      return true;
  return false;
}

Obj *pl_col_of(Interp *I, Obj *v) {
  if (v->cls->layout == &pl_series_layout)
    return pl_series_column(v);
  if (holds_text(I, v))
    return fe_list_from_iter(I, v);
  NdArray *a = pl_array_arg(I, v);
  return a ? pl_array_wrap(I, a) : NULL;
}

Obj *pl_col_item(Interp *I, Obj *c, int64_t i) {
  if (pl_col_is_text(I, c)) {
    Obj *v = ((List *)c)->v[i];
    fe_incref(v);
    return v;
  }
  NdIndex ix = nd_ix_int(i);
  NdArray *e = nd_getitem(PL_ND(c), 1, &ix);
  NdScalar s;
  bool ok = e && nd_item(e, &s);
  nd_unref(e);
  return ok ? pl_scalar_py(I, s) : pl_nd_raise(I);
}

bool pl_col_missing(Interp *I, Obj *c, int64_t i) {
  if (pl_col_is_text(I, c))   /* None is missing too, as pandas' isna says */
    return ((List *)c)->v[i] == &I->none || pl_is_nan(I, ((List *)c)->v[i]);
  NdArray *a = PL_ND(c);
  if (a->dtype == ND_FLOAT64)
    return isnan(*(const double *)(a->data + i * a->strides[0]));
  if (a->dtype == ND_FLOAT32)
    return isnan(*(const float *)(a->data + i * a->strides[0]));
  return false;
}

Obj *pl_col_mask(Interp *I, Obj *c, bool missing) {
  int64_t n = fe_len(I, c);
  NdArray *m = nd_empty(ND_BOOL, 1, &n);
  if (!m)
    return fe_throw(I, EXC_MemoryError, "out of memory");
  for (int64_t i = 0; i < n; i++)
    ((bool *)m->data)[i] = pl_col_missing(I, c, i) == missing;
  return pl_array_wrap(I, m);
}

Obj *pl_col_astype(Interp *I, Obj *c, Obj *dtype) {
  if (dtype == (Obj *)I->cls_str || fe_str_is(dtype, "str")) {   /* each value's str() */
    int64_t n = fe_len(I, c);
    Obj *r = fe_list_new(I, 0);
    for (int64_t i = 0; r && i < n; i++) {
      Obj *v = pl_col_item(I, c, i), *text = v ? fe_str(I, v) : NULL;
      if (!text || fe_list_append(I, r, text) < 0)
        fe_setref(I, &r, NULL);
      fe_decref(I, v), fe_decref(I, text);
    }
    return r;
  }
  if (fe_str_is(dtype, "category"))
    return fe_throw(I, EXC_NotImplementedError, "astype('category') is not supported by nnc yet");
  NdDtype t;
  if (!pl_dtype_of(I, dtype, &t))
    return NULL;
  if (!pl_col_is_text(I, c)) {
    NdArray *a = nd_astype(PL_ND(c), t);
    return a ? pl_array_wrap(I, a) : pl_nd_raise(I);
  }
  int64_t n = fe_len(I, c);   /* text to numbers, as numpy converts each str */
  Obj *items = fe_list_from_iter(I, c), *o = items ? pl_objarray_new(I, 1, &n, items) : NULL;
  NdArray *a = o ? pl_objarray_numbers(I, o, t) : NULL;
  fe_decref(I, o);
  return a ? pl_array_wrap(I, a) : o ? pl_nd_raise(I) : NULL;
}

/* The places where a 1-d bool array is true, as int64. */
static NdArray *true_places(const NdArray *m) {
  int64_t k = 0;
  for (int64_t i = 0; i < m->size; i++)
    k += *(const bool *)(m->data + i * m->strides[0]);
  NdArray *r = nd_empty(ND_INT64, 1, &k);
  for (int64_t i = 0, j = 0; r && i < m->size; i++)
    if (*(const bool *)(m->data + i * m->strides[0]))
      ((int64_t *)r->data)[j++] = i;
  return r;
}

NdArray *pl_positions(Interp *I, Obj *key, int64_t n) {
  Obj *k = key->cls->layout == &pl_series_layout ? pl_series_column(key) : (fe_incref(key), key);
  NdArray *a = k ? pl_array_arg(I, k) : NULL;
  fe_decref(I, k);
  if (a && a->dtype == ND_BOOL) {
    bool fits = a->ndim == 1 && a->shape[0] == n;
    NdArray *r = fits ? true_places(a) : NULL;
    if (!fits)
      fe_throw(I, EXC_IndexError, "boolean index did not match indexed array along "
               "dimension 0; dimension is %lld", (long long)n);
    else if (!r)
      pl_nd_raise(I);
    nd_unref(a);
    return r;
  }
  NdArray *r = a ? nd_astype(a, ND_INT64) : NULL;
  nd_unref(a);
  if (a && !r)
    pl_nd_raise(I);
  for (int64_t i = 0; r && i < r->size; i++) {
    int64_t *p = &((int64_t *)r->data)[i];
    if (*p < -n || *p >= n) {
      fe_throw(I, EXC_IndexError, "index %lld is out of bounds for axis 0 with size %lld",
               (long long)*p, (long long)n);
      nd_unref(r);
      return NULL;
    }
    *p += *p < 0 ? n : 0;
  }
  return r;
}

Obj *pl_col_take(Interp *I, Obj *c, Obj *key) {
  if (fe_is_int(I, key) || FE_IS(key, slice))   /* a list and an array index alike */
    return fe_getitem(I, c, key);
  if (!pl_col_is_text(I, c)) {
    NdArray *p = pl_positions(I, key, PL_ND(c)->shape[0]);
    NdIndex ix = p ? nd_ix_array(p) : nd_ix_all();
    NdArray *r = p ? nd_getitem(PL_ND(c), 1, &ix) : NULL;
    nd_unref(p);
    return r ? pl_array_wrap(I, r) : p ? pl_nd_raise(I) : NULL;   /* gathered: a new array */
  }
  List *l = (List *)c;
  NdArray *p = pl_positions(I, key, l->n);
  Obj *r = p ? fe_list_new(I, 0) : NULL;
  for (int64_t i = 0; r && i < p->size; i++)
    if (fe_list_append(I, r, l->v[((int64_t *)p->data)[i]]) < 0)
      fe_setref(I, &r, NULL);
  nd_unref(p);
  return r;
}

Obj *pl_col_present(Interp *I, Obj *c) {
  int64_t n = fe_len(I, c);
  NdArray *keep = nd_empty(ND_BOOL, 1, &n);
  for (int64_t i = 0; keep && i < n; i++)
    ((bool *)keep->data)[i] = !pl_col_missing(I, c, i);
  Obj *mask = pl_array_wrap(I, keep), *r = mask ? pl_col_take(I, c, mask) : NULL;
  fe_decref(I, mask);
  return r;
}

Obj *pl_labels(Interp *I, Obj *index, int64_t first, int64_t n) {
  if (index)
    return fe_list_from_iter(I, index);
  Obj *r = fe_list_new(I, 0);
  for (int64_t i = 0; r && i < n; i++) {
    Obj *v = fe_int(I, first + i);
    if (!v || fe_list_append(I, r, v) < 0)
      fe_setref(I, &r, NULL);
    fe_decref(I, v);
  }
  return r;
}

static bool has_missing(Interp *I, Obj *c) {
  int64_t n = fe_len(I, c);
  for (int64_t i = 0; i < n; i++)
    if (pl_col_missing(I, c, i))
      return true;
  return false;
}

/* Column c as text with value where an item is missing. */
static Obj *fill_text(Interp *I, Obj *c, Obj *value) {
  int64_t n = fe_len(I, c);
  Obj *r = fe_list_new(I, 0);
  for (int64_t i = 0; r && i < n; i++) {
    bool gap = pl_col_missing(I, c, i);
    Obj *v = gap ? value : pl_col_item(I, c, i);
    if (!v || fe_list_append(I, r, v) < 0)
      fe_setref(I, &r, NULL);
    if (!gap)
      fe_decref(I, v);
  }
  return r;
}

Obj *pl_col_fill(Interp *I, Obj *c, Obj *value) {
  if (pl_col_is_text(I, c) || (FE_IS(value, str) && has_missing(I, c)))
    return fill_text(I, c, value);
  double v = NAN;
  if (!FE_IS(value, str) && fe_as_double(I, value, &v) < 0)   /* numpy scalars too */
    return NULL;
  NdArray *a = PL_ND(c);
  NdArray *f = nd_dtype_is_float(a->dtype) ? nd_astype(a, ND_FLOAT64) : nd_copy(a);
  for (int64_t i = 0; f && f->dtype == ND_FLOAT64 && i < f->size; i++)
    if (isnan(((double *)f->data)[i]))
      ((double *)f->data)[i] = v;
  return pl_array_wrap(I, f);
}
