/* pd_series.c — pandas.Series: one column of a DataFrame (df['name'], df.iloc[:, j]) or a
 * labelled result (df.sum(), value_counts()): values (a column, pd_column.c) and their row
 * labels, printed as pandas prints a Series, indexed by label (s['a'], s[3]) or by a slice,
 * a mask or positions.
 *
 * Numbers go wherever an array does (numpy, scikit-learn, fit), as their values; attributes
 * a Series lacks are its array's (s.shape, s.reshape(...), s.astype(...)), and arithmetic
 * and comparisons give a Series of the array's result with the same labels. Where pandas
 * and numpy differ the Series does as pandas: mean, sum, min, max, std and var skip missing
 * values, and std and var divide by n - 1. */
#include <math.h>
#include <stdlib.h>

#include "pylib.h"

typedef struct {
  Obj hd;
  Obj *index;         /* list of labels, one per value, or NULL: first, first + 1, ... */
  int64_t first;
  Obj *values;        /* the column */
  Obj *name;          /* or None */
  Obj *index_name;    /* the index's name (a groupby's key), or NULL */
  Obj *frame, *key;   /* df and 'name' of df['name'], which inplace=True changes too; or NULL */
} PdSeries;

#define SERIES(o) ((PdSeries *)(o))

static void series_clear(Interp *I, Obj *o) {
  fe_setref(I, &SERIES(o)->index, NULL);
  fe_setref(I, &SERIES(o)->values, NULL);
  fe_setref(I, &SERIES(o)->name, NULL);
  fe_setref(I, &SERIES(o)->index_name, NULL);
  fe_setref(I, &SERIES(o)->frame, NULL);
  fe_setref(I, &SERIES(o)->key, NULL);
}

static void series_traverse(Obj *o, FeVisit visit, void *arg) {
  Obj *v[6] = {SERIES(o)->index, SERIES(o)->values, SERIES(o)->name, SERIES(o)->index_name,
               SERIES(o)->frame, SERIES(o)->key};
  for (int i = 0; i < 6; i++)
    if (v[i])
      visit(v[i], arg);
}

static Obj *series_repr(Interp *I, Obj *o) {
  PdSeries *s = SERIES(o);
  return pl_pd_series(I, s->index, s->first, s->index_name, s->values, s->name);
}

static int64_t series_len(Interp *I, Obj *o) {
  return fe_len(I, SERIES(o)->values);
}

Obj *pl_series_of(Interp *I, Obj *index, int64_t first, Obj *col, Obj *name) {
  PdSeries *s = col ? (PdSeries *)fe_new(I, pl_state(I)->pd_series, sizeof(PdSeries)) : NULL;
  if (!s)
    return NULL;
  if (index)
    fe_incref(index);
  fe_incref(col);
  fe_incref(name);
  s->index = index, s->first = first, s->values = col, s->name = name;
  return &s->hd;
}

/* Series(data, index=None, dtype=None, name=None, copy=None): the values of a list, a tuple,
 * an array or a Series (with its labels), or of a dict labelled by its keys; index= gives
 * the labels of as many values. */
Obj *pl_series_ctor(Interp *I, Obj *cls, Obj **args) {
  (void)cls;
  Obj *data = args[0], *index = args[1];
  if (data == &I->none || args[2] != &I->none || (FE_IS(data, dict) && index != &I->none))
    return fe_throw(I, EXC_NotImplementedError, "Series() without data, with dtype=, or of a "
                    "dict with index= is not supported by nnc yet");
  Obj *labels = NULL, *values = NULL;
  int64_t first = 0;
  if (FE_IS(data, dict)) {
    labels = fe_list_from_iter(I, data);
    values = labels ? fe_list_new(I, 0) : NULL;
    Obj *key, *v;
    for (int64_t pos = 0; values && fe_dict_next(data, &pos, &key, &v);)
      if (fe_list_append(I, values, v) < 0)
        fe_setref(I, &values, NULL);
    data = values;
  } else if (data->cls->layout == &pl_series_layout) {
    labels = pl_series_index(data, &first);
    if (labels)
      fe_incref(labels);
  }
  if (index != &I->none)
    fe_setref(I, &labels, fe_list_from_iter(I, index)), first = 0;
  Obj *col = (labels || index == &I->none) && !I->exc_pending ? pl_col_of(I, data) : NULL;
  Obj *r = NULL;
  int64_t n = col ? fe_len(I, col) : 0;
  if (col && pl_is_array(col) && PL_ND(col)->ndim != 1)
    fe_throw(I, EXC_ValueError, "Data must be 1-dimensional");
  else if (col && labels && fe_len(I, labels) != n) {
    fe_throw(I, EXC_ValueError, "Length of values (%lld) does not match length of index (%lld)",
             (long long)n, (long long)fe_len(I, labels));
  } else if (col) {
    r = pl_series_of(I, labels, first, col, args[3]);
  }
  /* the labels' name: index='s Index's, else data's (a Series) */
  Obj *named = index != &I->none ? index : data;
  Obj *iname = !r ? NULL : pl_is_index(named) ? fe_getattr_str(I, named, "name")
               : named->cls->layout == &pl_series_layout && pl_series_index_name(named)
                   ? (fe_incref(pl_series_index_name(named)), pl_series_index_name(named))
                   : NULL;
  if (iname && iname != &I->none)
    pl_series_set_index_name(I, r, iname);
  fe_decref(I, iname);
  fe_decref(I, labels), fe_decref(I, values), fe_decref(I, col);
  return r;
}

Obj *pl_series_make(Interp *I, Obj *index, NdArray *values, Obj *name) {
  Obj *col = pl_array_wrap(I, values), *r = pl_series_of(I, index, 0, col, name);
  fe_decref(I, col);
  return r;
}

Obj *pl_series_index_name(Obj *series) {
  return SERIES(series)->index_name;
}

void pl_series_set_index_name(Interp *I, Obj *series, Obj *name) {
  fe_incref(name);
  fe_setref(I, &SERIES(series)->index_name, name);
}

void pl_series_set_source(Interp *I, Obj *series, Obj *frame, Obj *key) {
  fe_incref(frame), fe_incref(key);
  fe_setref(I, &SERIES(series)->frame, frame);
  fe_setref(I, &SERIES(series)->key, key);
}

int pl_series_set_values(Interp *I, Obj *series, Obj *col) {
  PdSeries *s = SERIES(series);
  Obj *now = s->frame ? pl_frame_column(I, s->frame, s->key) : NULL;
  if (!now && s->frame)   /* the column is gone: s stands alone */
    fe_decref(I, fe_exc_take(I));
  bool linked = now && now == s->values;
  fe_decref(I, now);
  if (linked && fe_setitem(I, s->frame, s->key, col) < 0)
    return -1;
  Obj *v = linked ? pl_frame_column(I, s->frame, s->key) : (fe_incref(col), col);
  if (!v)
    return -1;
  fe_setref(I, &s->values, v);   /* the frame's own, so that the next change goes there too */
  return 0;
}

Obj *pl_series_index(Obj *v, int64_t *first) {
  *first = SERIES(v)->first;
  return SERIES(v)->index;
}

Obj *pl_series_column(Obj *v) {
  fe_incref(SERIES(v)->values);
  return SERIES(v)->values;
}

NdArray *pl_series_values(Interp *I, Obj *v) {
  PdSeries *s = SERIES(v);
  if (pl_col_is_text(I, s->values))
    return nd_fail(ND_E_TYPE, "the Series holds text (dtype object), which nnc's arrays cannot "
                   "hold: encode it first (LabelEncoder, map, get_dummies)");
  return nd_ref(PL_ND(s->values));
}

/* A Series of col labelled by index (from first), named as s and with s's index name: what
 * an operation that keeps s's labels returns. */
static Obj *like(Interp *I, PdSeries *s, Obj *index, int64_t first, Obj *col) {
  Obj *r = pl_series_of(I, index, first, col, s->name);
  if (r && s->index_name)
    pl_series_set_index_name(I, r, s->index_name);
  return r;
}

Obj *pl_series_like(Interp *I, Obj *s, Obj *col) {
  return like(I, SERIES(s), SERIES(s)->index, SERIES(s)->first, col);
}

/* The labels as a list (a new reference). */
static Obj *labels(Interp *I, PdSeries *s) {
  return pl_labels(I, s->index, s->first, fe_len(I, s->values));
}

/* The position of label key (the first row's, when several share it), or -1 with
 * KeyError(key) raised. */
static int64_t position(Interp *I, PdSeries *s, Obj *key) {
  int64_t n = fe_len(I, s->values), k, at = -1;
  if (!s->index && fe_is_int(I, key) && fe_as_int(I, key, &k) == 0 && k >= s->first &&
      k - s->first < n)
    return k - s->first;
  Obj *l = s->index ? (fe_incref(s->index), s->index) : labels(I, s);
  Obj *rows = l ? pl_label_rows(I, l, key) : NULL;
  if (rows)
    fe_as_int(I, fe_is_int(I, rows) ? rows : FE_LIST(rows)->v[0], &at);
  fe_decref(I, l), fe_decref(I, rows);
  return at;
}

/* s[label] (a Series of the rows when several share the label, as pandas), or s[slice],
 * s[mask], s[positions]: a Series of those rows. */
static Obj *series_getitem(Interp *I, Obj *o, Obj *key) {
  PdSeries *s = SERIES(o);
  Obj *rows = NULL;
  if (!FE_IS(key, slice) && !FE_IS(key, list) && !pl_is_array(key) &&
      key->cls->layout != &pl_series_layout) {
    int64_t at = -1;
    rows = s->index ? pl_label_rows(I, s->index, key) : NULL;
    if (!s->index)
      at = position(I, s, key);
    else if (rows && fe_is_int(I, rows))
      fe_as_int(I, rows, &at);
    if (!rows || at >= 0) {
      fe_decref(I, rows);
      return at < 0 ? NULL : pl_col_item(I, s->values, at);
    }
    key = rows;
  }
  Obj *l = labels(I, s), *ls = l ? pl_col_take(I, l, key) : NULL;
  Obj *vs = ls ? pl_col_take(I, s->values, key) : NULL;
  Obj *r = vs ? like(I, s, ls, 0, vs) : NULL;
  fe_decref(I, l), fe_decref(I, ls), fe_decref(I, vs), fe_decref(I, rows);
  return r;
}

static Obj *series_iter(Interp *I, Obj *o) {
  return fe_iter(I, SERIES(o)->values);
}

/* Attributes a Series lacks are its array's. */
static Obj *series_getattr(Interp *I, Obj *o, Obj *name) {
  Obj *r = fe_generic_getattr(I, o, name);
  if (r || I->exc_pending || pl_col_is_text(I, SERIES(o)->values))
    return r;
  return fe_getattr(I, SERIES(o)->values, name);
}

/* The same labels and name around an operation's result, when it is a column as long. */
static Obj *relabel(Interp *I, PdSeries *s, Obj *r) {
  if (!r || !pl_is_array(r) || PL_ND(r)->ndim != 1 ||
      PL_ND(r)->shape[0] != fe_len(I, s->values))
    return r;
  Obj *out = like(I, s, s->index, s->first, r);
  fe_decref(I, r);
  return out;
}

/* The operand a Series stands for in arithmetic: its array. */
static Obj *operand(Obj *v) {
  return v->cls->layout == &pl_series_layout ? SERIES(v)->values : v;
}

/* s op other, or reflected other op s (an array - a Series is a Series, as pandas makes it). */
static Obj *series_binop(Interp *I, int op, Obj *a, Obj *b, bool reflected) {
  PdSeries *s = SERIES(a);
  if (pl_col_is_text(I, s->values))
    return fe_notimpl(I);
  return relabel(I, s, reflected ? fe_binop(I, op, operand(b), s->values)
                                 : fe_binop(I, op, s->values, operand(b)));
}

/* s == 'text', s != 'text' on a text column: a bool column. */
static Obj *text_equal(Interp *I, PdSeries *s, int cmp, Obj *other) {
  List *l = (List *)s->values;
  NdArray *m = nd_empty(ND_BOOL, 1, &l->n);
  for (int64_t i = 0; m && i < l->n; i++) {
    int eq = fe_eq(I, l->v[i], other);
    if (eq < 0) {
      nd_unref(m);
      return NULL;
    }
    ((bool *)m->data)[i] = (eq == 1) == (cmp == PYC_EQ);
  }
  return relabel(I, s, pl_array_wrap(I, m));
}

static Obj *series_compare(Interp *I, int cmp, Obj *a, Obj *b) {
  PdSeries *s = SERIES(a);
  if (pl_col_is_text(I, s->values))
    return cmp == PYC_EQ || cmp == PYC_NE ? text_equal(I, s, cmp, b) : fe_notimpl(I);
  return relabel(I, s, fe_compare(I, cmp, s->values, operand(b)));
}

static Obj *series_unary(Interp *I, int op, Obj *a) {
  PdSeries *s = SERIES(a);
  if (pl_col_is_text(I, s->values))
    return fe_notimpl(I);
  return relabel(I, s, fe_unary(I, op, s->values));
}

const Layout pl_series_layout = {
    .name = "Series", .size = sizeof(PdSeries), .clear = series_clear,
    .traverse = series_traverse, .repr = series_repr, .len = series_len,
    .getitem = series_getitem, .iter = series_iter, .getattr = series_getattr,
    .binop = series_binop, .compare = series_compare, .unary = series_unary,
};

/* ---- methods ---- */

/* Its values: the array, or for text an object array, as pandas gives them. */
static Obj *series_values(Interp *I, Obj *self) {
  Obj *c = SERIES(self)->values;
  if (!pl_col_is_text(I, c))
    return pl_series_column(self);
  int64_t n = fe_len(I, c);
  return pl_objarray_new(I, 1, &n, fe_list_from_iter(I, c));
}

static Obj *series_index(Interp *I, Obj *self) {
  return pl_axis_index(I, self, false);
}

static Obj *series_name(Interp *I, Obj *self) {
  (void)I;
  fe_incref(SERIES(self)->name);
  return SERIES(self)->name;
}

static Obj *series_dtype(Interp *I, Obj *self) {
  Obj *c = SERIES(self)->values;
  return pl_col_is_text(I, c) ? fe_str_cstr(I, "object") : pl_dtype_wrap(I, PL_ND(c)->dtype);
}

static Obj *series_to_numpy(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return series_values(I, self);
}

static Obj *series_tolist(Interp *I, Obj *self, Obj **args) {
  (void)args;
  Obj *c = SERIES(self)->values;
  return pl_col_is_text(I, c) ? fe_list_from_iter(I, c) : fe_call_method(I, c, "tolist", NULL, 0);
}

/* astype(dtype): the values as dtype, with the same labels and name. */
static Obj *series_astype(Interp *I, Obj *self, Obj **args) {
  PdSeries *s = SERIES(self);
  Obj *col = pl_col_astype(I, s->values, args[0]);
  Obj *r = col ? like(I, s, s->index, s->first, col) : NULL;
  fe_decref(I, col);
  return r;
}

/* isnull(), isna(): True where a value is missing; notnull(), notna(): where present. */
static Obj *null_mask(Interp *I, Obj *self, bool missing) {
  PdSeries *s = SERIES(self);
  Obj *col = pl_col_mask(I, s->values, missing);
  Obj *r = col ? like(I, s, s->index, s->first, col) : NULL;
  fe_decref(I, col);
  return r;
}

static Obj *series_isnull(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return null_mask(I, self, true);
}

static Obj *series_notnull(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return null_mask(I, self, false);
}

/* fillna(value, inplace=False): missing values replaced by value, in a new Series or
 * (inplace=True) in s, and in the frame s is a column of, as pandas 1.5. */
static Obj *series_fillna(Interp *I, Obj *self, Obj **args) {
  PdSeries *s = SERIES(self);
  if (args[0] == &I->none)
    return fe_throw(I, EXC_NotImplementedError, "fillna without a value is not supported by "
                    "nnc yet: s.fillna(value)");
  int in = fe_truth(I, args[2]);
  Obj *c = in < 0 ? NULL : pl_col_fill(I, s->values, args[0]);
  Obj *r = !c ? NULL : in ? (pl_series_set_values(I, self, c) < 0 ? NULL : fe_none(I))
                          : like(I, s, s->index, s->first, c);
  fe_decref(I, c);
  return r;
}

/* dropna(): the values that are not missing, with their labels. */
static Obj *series_dropna(Interp *I, Obj *self, Obj **args) {
  (void)args;
  PdSeries *s = SERIES(self);
  int64_t n = fe_len(I, s->values);
  NdArray *keep = nd_empty(ND_BOOL, 1, &n);
  for (int64_t i = 0; keep && i < n; i++)
    ((bool *)keep->data)[i] = !pl_col_missing(I, s->values, i);
  Obj *m = pl_array_wrap(I, keep), *r = m ? series_getitem(I, self, m) : NULL;
  fe_decref(I, m);
  return r;
}

/* drop(labels): the Series without the rows of a label or a list of labels, each of which
 * must be there (KeyError otherwise, as pandas' errors='raise'). */
static Obj *series_drop(Interp *I, Obj *self, Obj **args) {
  if (args[0] == &I->none || args[2] != &I->none || args[3] != &I->none ||
      args[4] != &I->none || fe_truth(I, args[5]) != 0 || !fe_str_is(args[6], "raise"))
    return fe_throw(I, EXC_NotImplementedError, "Series.drop takes only labels in nnc (no "
                    "index=, columns=, level=, inplace= or errors=)");
  PdSeries *s = SERIES(self);
  int64_t n = fe_len(I, s->values), nl = 1;
  Obj *const *l = &args[0];
  if ((FE_IS(args[0], list) || FE_IS(args[0], tuple)) && !fe_seq_items(I, args[0], &l, &nl))
    return NULL;
  NdArray *keep = nd_empty(ND_BOOL, 1, &n);
  if (!keep)
    return fe_throw(I, EXC_MemoryError, "out of memory");
  for (int64_t i = 0; i < n; i++)
    ((bool *)keep->data)[i] = true;
  for (int64_t j = 0; j < nl; j++) {
    int64_t at = position(I, s, l[j]);
    if (at < 0) {
      nd_unref(keep);
      return NULL;
    }
    ((bool *)keep->data)[at] = false;
  }
  Obj *m = pl_array_wrap(I, keep), *r = m ? series_getitem(I, self, m) : NULL;
  fe_decref(I, m);
  return r;
}

/* The values that are not missing, as an array; NULL with TypeError for text. */
static Obj *present(Interp *I, PdSeries *s, const char *fn) {
  if (pl_col_is_text(I, s->values))
    return fe_throw(I, EXC_TypeError, "Series.%s of text (dtype object) is not supported by nnc",
                    fn);
  return pl_col_present(I, s->values);
}

/* s.fn() of the array of present values; ddof=1 for std and var, as pandas. */
static Obj *reduce(Interp *I, Obj *self, const char *fn, bool ddof) {
  Obj *v = present(I, SERIES(self), fn), *f = v ? fe_getattr_str(I, v, fn) : NULL;
  Obj *one = f ? fe_int(I, 1) : NULL, *kw_name = one ? fe_str_cstr(I, "ddof") : NULL;
  Obj *kw = kw_name ? fe_tuple_pack(I, 1, kw_name) : NULL;
  Obj *r = kw ? fe_call(I, f, &one, ddof ? 1 : 0, ddof ? kw : NULL) : NULL;
  fe_decref(I, v), fe_decref(I, f), fe_decref(I, one), fe_decref(I, kw_name), fe_decref(I, kw);
  return r;
}

static Obj *series_mean(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return reduce(I, self, "mean", false);
}
static Obj *series_sum(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return reduce(I, self, "sum", false);
}
static Obj *series_min(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return reduce(I, self, "min", false);
}
static Obj *series_max(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return reduce(I, self, "max", false);
}
static Obj *series_std(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return reduce(I, self, "std", true);
}
static Obj *series_var(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return reduce(I, self, "var", true);
}

/* median(): numpy's median of the present values (NaN when there are none), as pandas. */
static Obj *series_median(Interp *I, Obj *self, Obj **args) {
  (void)args;
  Obj *v = present(I, SERIES(self), "median");
  NdArray *m = v ? nd_median(PL_ND(v), nd_axis(ND_NOAXIS), false) : NULL;
  fe_decref(I, v);
  return v ? pl_array_wrap(I, m) : NULL;
}

/* count(): how many values are present. */
static Obj *series_count(Interp *I, Obj *self, Obj **args) {
  (void)args;
  PdSeries *s = SERIES(self);
  int64_t n = fe_len(I, s->values), k = 0;
  for (int64_t i = 0; i < n; i++)
    k += !pl_col_missing(I, s->values, i);
  return fe_int(I, k);
}

/* idxmax(), idxmin(): the label of the first largest (smallest) present value; NaN when
 * none is present, or (skipna=False) one is missing, as pandas 1.5. */
static Obj *extreme_label(Interp *I, Obj *self, Obj *skipna, bool max) {
  PdSeries *s = SERIES(self);
  if (pl_col_is_text(I, s->values))
    return fe_throw(I, EXC_TypeError, "Series.%s of text (dtype object) is not supported by nnc",
                    max ? "idxmax" : "idxmin");
  NdArray *v = nd_astype(PL_ND(s->values), ND_FLOAT64);
  if (!v)
    return pl_nd_raise(I);
  int64_t at = -1;
  int skip = fe_truth(I, skipna);
  bool gap = false;
  for (int64_t i = 0; i < v->size; i++) {
    double x = ((double *)v->data)[i], best = at < 0 ? 0 : ((double *)v->data)[at];
    gap = gap || isnan(x);
    if (!isnan(x) && (at < 0 || (max ? x > best : x < best)))
      at = i;
  }
  at = gap && skip == 0 ? -1 : at;
  nd_unref(v);
  if (skip < 0)
    return NULL;
  if (at < 0)
    return fe_float(I, NAN);
  Obj *l = labels(I, s), *r = l ? ((List *)l)->v[at] : NULL;
  if (r)
    fe_incref(r);
  fe_decref(I, l);
  return r;
}

static Obj *series_idxmax(Interp *I, Obj *self, Obj **args) {
  return extreme_label(I, self, args[1], true);
}
static Obj *series_idxmin(Interp *I, Obj *self, Obj **args) {
  return extreme_label(I, self, args[1], false);
}

/* The distinct present values in order of appearance (a dict: value -> count), and the
 * count of missing ones. */
static Obj *tally(Interp *I, PdSeries *s, int64_t *missing) {
  int64_t n = fe_len(I, s->values);
  Obj *d = fe_dict_new(I);
  *missing = 0;
  for (int64_t i = 0; d && i < n; i++) {
    if (pl_col_missing(I, s->values, i)) {
      ++*missing;
      continue;
    }
    Obj *v = pl_col_item(I, s->values, i);
    int err = 0;
    Obj *c = v ? fe_dict_get(I, d, v, &err) : NULL;
    Obj *c1 = v && !err ? fe_int(I, c ? ((Int *)c)->v + 1 : 1) : NULL;
    if (!c1 || fe_dict_set(I, d, v, c1) < 0)
      fe_setref(I, &d, NULL);
    fe_decref(I, v), fe_decref(I, c1);
  }
  return d;
}

typedef struct {
  Obj *key;
  int64_t count, order;
} Count;

static int by_count_desc(const void *a, const void *b) {
  const Count *x = a, *y = b;
  return x->count != y->count ? (x->count < y->count ? 1 : -1) : (x->order > y->order) - (x->order < y->order);
}

static int by_count_asc(const void *a, const void *b) {
  const Count *x = a, *y = b;
  return x->count != y->count ? (x->count > y->count ? 1 : -1) : (x->order > y->order) - (x->order < y->order);
}

/* value_counts(normalize=False, sort=True, ascending=False, bins=None, dropna=True): each
 * distinct value's count, most frequent first (ties in order of appearance), labelled by
 * the values and named as the Series (pandas 1.5). */
static Obj *series_value_counts(Interp *I, Obj *self, Obj **args) {
  PdSeries *s = SERIES(self);
  if (args[3] != &I->none || fe_truth(I, args[4]) != 1)
    return fe_throw(I, EXC_NotImplementedError, "value_counts(bins=, dropna=False) is not "
                    "supported by nnc yet");
  int64_t missing, n = 0, total = 0;
  Obj *d = tally(I, s, &missing);
  int64_t k = d ? fe_len(I, d) : 0;
  Count *c = d ? base_malloc((size_t)(k ? k : 1) * sizeof *c) : NULL;
  Obj *key, *v;
  for (int64_t pos = 0; c && fe_dict_next(d, &pos, &key, &v); n++)
    c[n] = (Count){key, ((Int *)v)->v, n}, total += ((Int *)v)->v;
  if (c && fe_truth(I, args[1]) == 1)
    qsort(c, (size_t)n, sizeof *c, fe_truth(I, args[2]) == 1 ? by_count_asc : by_count_desc);
  bool norm = fe_truth(I, args[0]) == 1;
  NdArray *counts = c ? nd_empty(norm ? ND_FLOAT64 : ND_INT64, 1, &n) : NULL;
  Obj *index = counts ? fe_list_new(I, 0) : NULL;
  for (int64_t i = 0; index && i < n; i++) {
    if (norm)
      ((double *)counts->data)[i] = (double)c[i].count / (double)total;
    else
      ((int64_t *)counts->data)[i] = c[i].count;
    if (fe_list_append(I, index, c[i].key) < 0)
      fe_setref(I, &index, NULL);
  }
  Obj *r = index ? pl_series_make(I, index, counts, s->name) : (nd_unref(counts), NULL);
  if (d && !c && !I->exc_pending)
    fe_throw(I, EXC_MemoryError, "out of memory");
  base_free(c);
  fe_decref(I, index), fe_decref(I, d);
  return r;
}

/* mode(dropna=True): the values that occur most often, sorted, as a Series numbered from 0
 * (what tutorials fill a text column's gaps with: s.fillna(s.mode()[0])). */
static Obj *series_mode(Interp *I, Obj *self, Obj **args) {
  PdSeries *s = SERIES(self);
  if (fe_truth(I, args[0]) != 1)
    return I->exc_pending ? NULL : fe_throw(I, EXC_NotImplementedError, "mode(dropna=False) is "
                                            "not supported by nnc yet");
  int64_t missing, most = 0;
  Obj *d = tally(I, s, &missing), *key, *v;
  for (int64_t pos = 0; d && fe_dict_next(d, &pos, &key, &v);)
    most = ((Int *)v)->v > most ? ((Int *)v)->v : most;
  Obj *modes = d ? fe_list_new(I, 0) : NULL;
  for (int64_t pos = 0; modes && fe_dict_next(d, &pos, &key, &v);)
    if (((Int *)v)->v == most && fe_list_append(I, modes, key) < 0)
      fe_setref(I, &modes, NULL);
  Obj *sorted = modes ? fe_call_method(I, modes, "sort", NULL, 0) : NULL;
  Obj *col = sorted ? (pl_col_is_text(I, s->values) ? (fe_incref(modes), modes)
                                                    : pl_col_of(I, modes)) : NULL;
  Obj *r = col ? pl_series_of(I, NULL, 0, col, s->name) : NULL;
  fe_decref(I, col), fe_decref(I, sorted), fe_decref(I, modes), fe_decref(I, d);
  return r;
}

/* unique(): the distinct values in order of appearance, NaN once; an array, an object
 * array for text. */
/* nunique(dropna=True): how many distinct values, a missing one counted when dropna=False. */
static Obj *series_nunique(Interp *I, Obj *self, Obj **args) {
  int64_t missing;
  Obj *d = tally(I, SERIES(self), &missing);
  int drop = d ? fe_truth(I, args[0]) : -1;
  Obj *r = drop < 0 ? NULL : fe_int(I, fe_len(I, d) + (!drop && missing > 0));
  fe_decref(I, d);
  return r;
}

static Obj *series_unique(Interp *I, Obj *self, Obj **args) {
  (void)args;
  PdSeries *s = SERIES(self);
  int64_t n = fe_len(I, s->values);
  Obj *seen = fe_dict_new(I), *out = seen ? fe_list_new(I, 0) : NULL;
  bool nan_seen = false;
  for (int64_t i = 0; out && i < n; i++) {
    bool nan = pl_col_missing(I, s->values, i);
    Obj *v = pl_col_item(I, s->values, i);
    int err = 0, fresh = nan ? !nan_seen : v && !fe_dict_get(I, seen, v, &err) && !err;
    nan_seen = nan_seen || nan;
    if (!v || err || (fresh && ((!nan && fe_dict_set(I, seen, v, v) < 0) ||
                                fe_list_append(I, out, v) < 0)))
      fe_setref(I, &out, NULL);
    fe_decref(I, v);
  }
  fe_decref(I, seen);
  if (out && pl_col_is_text(I, s->values)) {
    int64_t k = fe_len(I, out);
    return pl_objarray_new(I, 1, &k, out);
  }
  if (!out)
    return NULL;
  NdArray *a = pl_array_of(I, out, PL_ND(s->values)->dtype, true);
  fe_decref(I, out);
  return pl_array_wrap(I, a);
}

/* The value a dict gives a NaN key (borrowed), or NULL: NaN is not equal to itself, so
 * pandas looks for it by kind. */
static Obj *nan_key(Interp *I, Obj *d) {
  Obj *key, *v;
  for (int64_t pos = 0; fe_dict_next(d, &pos, &key, &v);)
    if (pl_is_nan(I, key))
      return v;
  return NULL;
}

/* map(arg, na_action=None): each value looked up in a dict (NaN where it has none) or
 * passed to a function. */
static Obj *series_map(Interp *I, Obj *self, Obj **args) {
  PdSeries *s = SERIES(self);
  Obj *arg = args[0];
  bool dict = FE_IS(arg, dict);
  if (args[1] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "map(na_action=) is not supported by nnc yet");
  int64_t n = fe_len(I, s->values);
  Obj *out = fe_list_new(I, 0);
  for (int64_t i = 0; out && i < n; i++) {
    Obj *v = pl_col_item(I, s->values, i), *m = NULL;
    int err = 0;
    if (v && dict) {
      m = pl_is_nan(I, v) ? nan_key(I, arg) : fe_dict_get(I, arg, v, &err);
      m = err ? NULL : m ? (fe_incref(m), m) : fe_float(I, NAN);
    } else if (v) {
      m = fe_call1(I, arg, v);
    }
    if (!m || fe_list_append(I, out, m) < 0)
      fe_setref(I, &out, NULL);
    fe_decref(I, v), fe_decref(I, m);
  }
  Obj *col = out ? pl_col_of(I, out) : NULL;
  Obj *r = col ? like(I, s, s->index, s->first, col) : NULL;
  fe_decref(I, out), fe_decref(I, col);
  return r;
}

/* The array method `name` of the numbers, labelled as s (round, abs); TypeError for text. */
static Obj *elementwise(Interp *I, Obj *self, const char *name, Obj *const *args, int nargs) {
  PdSeries *s = SERIES(self);
  if (pl_col_is_text(I, s->values))
    return fe_throw(I, EXC_TypeError, "Series.%s of text (dtype object)", name);
  return relabel(I, s, fe_call_method(I, s->values, name, args, nargs));
}

static Obj *series_round(Interp *I, Obj *self, Obj **args) {
  return elementwise(I, self, "round", args, 1);
}

static Obj *series_abs(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return elementwise(I, self, "__abs__", NULL, 0);
}

/* head(n=5), tail(n=5): the first or last n rows (negative n: all but the last or first). */
static Obj *head_tail(Interp *I, Obj *self, Obj *nv, bool head) {
  int64_t n, rows = fe_len(I, SERIES(self)->values);
  if (rows < 0 || fe_as_int(I, nv, &n) < 0)
    return NULL;
  int64_t k = n >= 0 ? (n < rows ? n : rows) : (rows + n > 0 ? rows + n : 0);
  Obj *a = fe_int(I, head ? 0 : rows - k), *b = a ? fe_int(I, head ? k : rows) : NULL;
  Obj *key = b ? fe_slice_new(I, a, b, NULL) : NULL;
  Obj *r = key ? series_getitem(I, self, key) : NULL;
  fe_decref(I, a), fe_decref(I, b), fe_decref(I, key);
  return r;
}

static Obj *series_head(Interp *I, Obj *self, Obj **args) {
  return head_tail(I, self, args[0], true);
}

static Obj *series_tail(Interp *I, Obj *self, Obj **args) {
  return head_tail(I, self, args[0], false);
}

static Obj *series_iloc(Interp *I, Obj *self) {
  return pl_frame_indexer(I, self, false);
}

static Obj *series_loc(Interp *I, Obj *self) {
  return pl_frame_indexer(I, self, true);
}

static const FeFnDef series_plot_def = {
    "plot", pl_series_plot, "(kind='line', ax=None, figsize=None, title=None, grid=None, "
    "legend=False, rot=None, xlabel=None, ylabel=None, logx=False, logy=False, loglog=False, "
    "**kwargs)", "matplotlib.pyplot.Axes",
    NULL};

static Obj *series_plot(Interp *I, Obj *self) {
  return pl_plot_accessor(I, self, &series_plot_def, false);
}

#define NO_ARGS_SKIPNA "(axis=None, skipna=True, numeric_only=None, **kwargs)"

const FeFnDef pl_series_methods[] = {
    {"to_numpy", series_to_numpy, "()", PL_ARRAY, NULL},
    {"tolist", series_tolist, "()", "list", NULL},
    {"isnull", series_isnull, "()", "pandas.Series", NULL},
    {"rename", pl_series_rename, "(index=None, *, axis=None, copy=True, inplace=False, "
     "level=None, errors='ignore')", "pandas.Series", NULL},
    {"to_frame", pl_series_to_frame, "(name=None)", "pandas.DataFrame", NULL},
    {"reset_index", pl_series_reset_index, "(level=None, *, drop=False, name=None, "
     "inplace=False)", NULL, NULL},
    {"astype", series_astype, "(dtype, copy=True, errors='raise')", "pandas.Series", NULL},
    {"isna", series_isnull, "()", "pandas.Series", NULL},
    {"append", pl_append, "(to_append, ignore_index=False, verify_integrity=False)",
     "pandas.Series", NULL},
    {"notnull", series_notnull, "()", "pandas.Series", NULL},
    {"notna", series_notnull, "()", "pandas.Series", NULL},
    {"mean", series_mean, NO_ARGS_SKIPNA, NULL, NULL},
    {"sum", series_sum, NO_ARGS_SKIPNA, NULL, NULL},
    {"min", series_min, NO_ARGS_SKIPNA, NULL, NULL},
    {"max", series_max, NO_ARGS_SKIPNA, NULL, NULL},
    {"std", series_std, NO_ARGS_SKIPNA, NULL, NULL},
    {"var", series_var, NO_ARGS_SKIPNA, NULL, NULL},
    {"median", series_median, NO_ARGS_SKIPNA, NULL, NULL},
    {"count", series_count, "()", "int", NULL},
    {"nunique", series_nunique, "(dropna=True)", "int", NULL},
    {"idxmax", series_idxmax, "(axis=0, skipna=True, *args, **kwargs)", NULL, NULL},
    {"idxmin", series_idxmin, "(axis=0, skipna=True, *args, **kwargs)", NULL, NULL},
    {"mode", series_mode, "(dropna=True)", "pandas.Series", NULL},
    {"value_counts", series_value_counts, "(normalize=False, sort=True, ascending=False, "
     "bins=None, dropna=True)", "pandas.Series", NULL},
    {"unique", series_unique, "()", NULL, NULL},
    {"duplicated", pl_series_duplicated, "(keep='first')", "pandas.Series", NULL},
    {"hist", pl_series_hist, "(by=None, ax=None, grid=True, xlabelsize=None, xrot=None, "
     "ylabelsize=None, yrot=None, figsize=None, bins=10, backend=None, legend=False, **kwargs)",
     "matplotlib.pyplot.Axes", NULL},
    {"map", series_map, "(arg, na_action=None)", "pandas.Series", NULL},
    {"to_csv", pl_series_to_csv, PL_TO_CSV_SIG, NULL, NULL},
    {"apply", pl_series_apply, "(func, convert_dtype=True, args=(), **kwargs)",
     "pandas.Series", NULL},
    {"replace", pl_series_replace, "(to_replace=None, value=<missing>, *, inplace=False, "
     "limit=None, regex=False, method=<missing>)", "pandas.Series", NULL},
    {"fillna", series_fillna, "(value=None, *, method=None, inplace=False, axis=None, limit=None)",
     "pandas.Series", NULL},
    {"dropna", series_dropna, "()", "pandas.Series", NULL},
    {"drop", series_drop, "(labels=None, *, axis=0, index=None, columns=None, level=None, "
     "inplace=False, errors='raise')", "pandas.Series", NULL},
    {"round", series_round, "(decimals=0, *args, **kwargs)", "pandas.Series", NULL},
    {"abs", series_abs, "()", "pandas.Series", NULL},
    {"__abs__", series_abs, "()", "pandas.Series", NULL},
    {"head", series_head, "(n=5)", "pandas.Series", NULL},
    {"tail", series_tail, "(n=5)", "pandas.Series", NULL},
    {"corr", pl_series_corr, "(other, method='pearson', min_periods=None)", NULL, NULL},
    {"sort_values", pl_series_sort_values, "(*, axis=0, ascending=True, inplace=False, "
     "kind='quicksort', na_position='last', ignore_index=False, key=None)", "pandas.Series", NULL},
    {"sort_index", pl_series_sort_index, "(*, axis=0, level=None, ascending=True, inplace=False, "
     "kind='quicksort', na_position='last', ignore_index=False, key=None, sort_remaining=True)",
     "pandas.Series", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeGetDef pl_series_props[] = {
    {"values", series_values, NULL},
    {"index", series_index, NULL},
    {"name", series_name, NULL},
    {"dtype", series_dtype, NULL},
    {"iloc", series_iloc, NULL},
    {"loc", series_loc, NULL},
    {"plot", series_plot, NULL},
    {NULL, NULL, NULL},
};
