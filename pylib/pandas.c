/* pandas.c — the part of pandas tutorials use to hold a data set before Keras sees it: a
 * DataFrame of named columns (pd_column.c: numpy arrays, or lists for text).
 * DataFrame(array or dict, columns=...), df['name'] (a Series, pd_series.c), df[['a', 'b']],
 * df[mask], df['name'] = values, df.drop (columns or rows), df.columns, df.index, df.shape,
 * df.values and df.to_numpy(), df.sample, len(df), head, tail, describe, isnull(),
 * fillna, dropna, plot(); read_csv is pd_read_csv.c, info and dtypes pd_info.c,
 * get_dummies pd_dummies.c, corr pd_corr.c, sort_values pd_sort.c, T pd_transpose.c, sum,
 * mean and the other reductions pd_reduce.c, duplicated and drop_duplicates pd_duplicated.c,
 * groupby pd_groupby.c, hist pd_hist.c, concat pd_concat.c, rename, reset_index and
 * set_index pd_relabel.c, replace pd_replace.c, select_dtypes pd_select_dtypes.c, to_csv
 * pd_to_csv.c, apply pd_apply.c.
 * A DataFrame of numbers goes wherever an array does (numpy, scikit-learn, fit), as its
 * values.
 *
 * Differences from pandas, said here because they show: a frame's row labels are its row
 * numbers (from `first`) or, once rows were dropped or picked by a mask or read_csv's
 * index_col= named a column, a list of them (and that column's name, which a frame and a
 * Series taken from it print). df.columns and df.index are pandas Index objects
 * (pd_index.c) made when asked for, whose names the frame keeps. df.values of a frame with
 * text is an object array (np_object.c). It prints as pandas prints it (pd_print.c).
 * Anything else is refused by name. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "pylib.h"

typedef struct {
  Obj hd;
  Obj *names;         /* list of the column names, in order */
  Obj *cols;          /* dict: name -> 1-d numpy array, every one of `rows` values */
  int64_t rows;
  Obj *index;         /* list of row labels, or NULL: the rows are numbered from `first` */
  int64_t first;
  Obj *index_name;    /* the index's name (read_csv's index_col), or NULL */
  Obj *columns_name;  /* the name of its columns (df.columns.name = ...), or NULL */
} PdFrame;

static void frame_clear(Interp *I, Obj *o) {
  fe_setref(I, &((PdFrame *)o)->names, NULL);
  fe_setref(I, &((PdFrame *)o)->cols, NULL);
  fe_setref(I, &((PdFrame *)o)->index, NULL);
  fe_setref(I, &((PdFrame *)o)->index_name, NULL);
  fe_setref(I, &((PdFrame *)o)->columns_name, NULL);
}

static void frame_traverse(Obj *o, FeVisit visit, void *arg) {
  PdFrame *f = (PdFrame *)o;
  if (f->names)
    visit(f->names, arg);
  if (f->cols)
    visit(f->cols, arg);
  if (f->index)
    visit(f->index, arg);
  if (f->index_name)
    visit(f->index_name, arg);
  if (f->columns_name)
    visit(f->columns_name, arg);
}

/* The columns in order (borrowed, as the frame holds them); NULL with an exception. */
static Obj **column_list(Interp *I, PdFrame *f, int64_t *n) {
  Obj *const *names;
  if (!fe_seq_items(I, f->names, &names, n))
    return NULL;
  Obj **cols = base_malloc((size_t)(*n ? *n : 1) * sizeof *cols);
  if (!cols)
    return fe_throw(I, EXC_MemoryError, "out of memory"), NULL;
  for (int64_t i = 0; i < *n; i++)
    cols[i] = fe_dict_get(I, f->cols, names[i], &(int){0});
  return cols;
}

static Obj *frame_repr(Interp *I, Obj *o) {
  PdFrame *f = (PdFrame *)o;
  int64_t n;
  Obj **cols = column_list(I, f, &n);
  Obj *r = cols ? pl_pd_table(I, &(PlTable){.rows = f->rows, .index = f->index, .first = f->first,
                                             .index_name = f->index_name, .names = f->names,
                                             .columns_name = f->columns_name}, cols, n)
                 : NULL;
  base_free(cols);
  return r;
}

static int64_t frame_len(Interp *I, Obj *o) {
  (void)I;
  return ((PdFrame *)o)->rows;
}

/* A new empty frame of class cls with `rows` rows. */
static PdFrame *frame_new(Interp *I, Class *cls, int64_t rows) {
  PdFrame *f = (PdFrame *)fe_new(I, cls, sizeof(PdFrame));
  if (!f)
    return NULL;
  f->rows = rows;
  f->names = fe_list_new(I, 0);
  f->cols = f->names ? fe_dict_new(I) : NULL;
  if (!f->cols) {
    fe_decref(I, &f->hd);
    return NULL;
  }
  return f;
}

/* v as a column of `rows` values (one value goes to every row); a new reference. */
static Obj *as_column(Interp *I, Obj *v, int64_t rows) {
  Obj *c = pl_col_of(I, v);
  if (!c || pl_col_is_text(I, c))
    return c;
  NdArray *a = PL_ND(c);
  if (a->ndim == 0) {
    NdArray *b = nd_broadcast_to(a, 1, &rows), *d = b ? nd_copy(b) : NULL;
    nd_unref(b);
    fe_decref(I, c);
    return pl_array_wrap(I, d);
  }
  if (a->ndim != 1) {
    fe_throw(I, EXC_ValueError, "Data must be 1-dimensional, got ndarray of shape %lld x %lld",
             (long long)a->shape[0], (long long)a->shape[1]);
    fe_setref(I, &c, NULL);
  }
  return c;
}

/* Sets column `name` to col (a column of rows values, taken over; NULL with an exception). */
static int store_column(Interp *I, PdFrame *f, Obj *name, Obj *col) {
  int64_t n = col ? fe_len(I, col) : -1;
  if (col && n != f->rows) {
    fe_throw(I, EXC_ValueError, "Length of values (%lld) does not match length of index (%lld)",
             (long long)n, (long long)f->rows);
    fe_setref(I, &col, NULL);
  }
  int err = 0, r = -1;
  Obj *old = col ? fe_dict_get(I, f->cols, name, &err) : NULL;
  if (col && !err)
    r = old || fe_list_append(I, f->names, name) == 0 ? fe_dict_set(I, f->cols, name, col) : -1;
  fe_decref(I, col);
  return r;
}

/* Sets column `name` to v (an array-like of rows values, or one value for every row). */
static int set_column(Interp *I, PdFrame *f, Obj *name, Obj *v) {
  return store_column(I, f, name, as_column(I, v, f->rows));
}

/* Sets column `name` to a copy of c, a column of another frame: text stays text even when
 * the rows it holds have no str left (all missing), as pandas keeps dtype object. */
static int put_column(Interp *I, PdFrame *f, Obj *name, Obj *c) {
  return pl_col_is_text(I, c) ? store_column(I, f, name, fe_list_from_iter(I, c))
                              : set_column(I, f, name, c);
}

/* The column of `name` (a new reference); KeyError, as a dict's, when there is none. */
static Obj *column(Interp *I, PdFrame *f, Obj *name) {
  return fe_getitem(I, f->cols, name);
}

/* A new frame of the same class with the columns of `names` (a list), in that order. */
static Obj *select(Interp *I, PdFrame *f, Obj *names) {
  Obj *const *v;
  int64_t n;
  if (!fe_seq_items(I, names, &v, &n))
    return NULL;
  PdFrame *g = frame_new(I, f->hd.cls, f->rows);
  for (int64_t i = 0; g && i < n; i++) {
    Obj *c = column(I, f, v[i]);
    if (!c || put_column(I, g, v[i], c) < 0)
      fe_setref(I, (Obj **)&g, NULL);
    fe_decref(I, c);
  }
  if (g)
    pl_frame_take_labels(I, &g->hd, &f->hd);
  return g ? &g->hd : NULL;
}

/* df['name'] (a Series), df[['a', 'b']] (a frame), df[mask] (the rows where it is true),
 * df[:n] (rows by position). */
static Obj *frame_getitem(Interp *I, Obj *o, Obj *key) {
  PdFrame *f = (PdFrame *)o;
  if (FE_IS(key, list) || pl_is_index(key))
    return select(I, f, key);
  if (key->cls->layout == &pl_series_layout || pl_is_array(key) || FE_IS(key, slice))
    return pl_frame_rows(I, o, key);
  Obj *c = column(I, f, key), *r = c ? pl_series_of(I, f->index, f->first, c, key) : NULL;
  if (r && f->index_name)   /* its rows keep their index's name */
    pl_series_set_index_name(I, r, f->index_name);
  if (r)   /* s.replace(..., inplace=True) changes the frame, as pandas 1.5 */
    pl_series_set_source(I, r, o, key);
  fe_decref(I, c);
  return r;
}

/* Takes column key out of the frame (KeyError when it has none); 0, or -1. */
static int remove_column(Interp *I, PdFrame *f, Obj *key) {
  int gone = fe_dict_del(I, f->cols, key);
  if (gone == 0)
    fe_key_error(I, key);
  if (gone != 1)
    return -1;
  List *names = FE_LIST(f->names);
  for (int64_t j = 0; j < names->n; j++) {
    int eq = fe_eq(I, names->v[j], key);
    if (eq < 0)
      return -1;
    if (eq) {
      Obj *name = names->v[j];
      memmove(names->v + j, names->v + j + 1, sizeof *names->v * (size_t)(names->n - j - 1));
      names->n--;
      fe_decref(I, name);
      break;
    }
  }
  return 0;
}

/* df[['a', 'b']] = v: each named column set from v's column in the same place (a frame's, a
 * 2-d array's), or to v itself (a scalar, a row of values per column). */
static int set_columns(Interp *I, PdFrame *f, Obj *keys, Obj *v) {
  Obj *names = fe_list_from_iter(I, keys);
  bool frame = v->cls->layout == f->hd.cls->layout;
  NdArray *a = names && !frame && (pl_is_array(v) || FE_IS(v, list)) ? pl_array_arg(I, v) : NULL;
  bool columns = frame || (a && a->ndim == 2);
  int64_t n = names ? FE_LIST(names)->n : 0;
  int64_t k = frame ? fe_len(I, ((PdFrame *)v)->names) : columns ? a->shape[1] : n;
  int r = names && (!pl_is_array(v) || a) ? 0 : -1;
  if (r == 0 && k != n) {
    fe_throw(I, EXC_ValueError, "Columns must be same length as key");
    r = -1;
  }
  for (int64_t j = 0; r == 0 && j < n; j++) {
    Obj *c = !columns ? (fe_incref(v), v)
             : frame ? fe_getitem(I, v, FE_LIST(((PdFrame *)v)->names)->v[j])
                     : pl_array_wrap(I, nd_getitem(a, 2, (NdIndex[2]){nd_ix_all(), nd_ix_int(j)}));
    r = c ? set_column(I, f, FE_LIST(names)->v[j], c) : -1;
    fe_decref(I, c);
  }
  nd_unref(a), fe_decref(I, names);
  return r;
}

static int frame_setitem(Interp *I, Obj *o, Obj *key, Obj *v) {
  if (v && (FE_IS(key, list) || pl_is_index(key)))
    return set_columns(I, (PdFrame *)o, key, v);
  return v ? set_column(I, (PdFrame *)o, key, v) : remove_column(I, (PdFrame *)o, key);
}

/* pop(item): column item as a Series, taken out of the frame. */
static Obj *frame_pop(Interp *I, Obj *self, Obj **args) {
  Obj *r = frame_getitem(I, self, args[0]);
  if (r && remove_column(I, (PdFrame *)self, args[0]) < 0)
    fe_setref(I, &r, NULL);
  return r;
}

/* df.name: the column of that name, as pandas offers columns as attributes (df.species). */
static Obj *frame_getattr(Interp *I, Obj *o, Obj *name) {
  Obj *r = fe_generic_getattr(I, o, name);
  Obj *const *v;
  int64_t n;
  if (r || I->exc_pending || !fe_seq_items(I, ((PdFrame *)o)->names, &v, &n))
    return r;
  for (int64_t j = 0; j < n; j++)
    if (FE_ISA(I, v[j], str) && fe_eq(I, v[j], name) == 1)
      return frame_getitem(I, o, name);
  return NULL;
}

static const Layout frame_layout = {
    .name = "DataFrame", .size = sizeof(PdFrame), .clear = frame_clear,
    .traverse = frame_traverse, .repr = frame_repr, .len = frame_len,
    .getitem = frame_getitem, .setitem = frame_setitem, .getattr = frame_getattr,
};

bool pl_is_frame(Obj *v) {
  return v->cls->layout == &frame_layout || v->cls->layout == &pl_series_layout;
}

NdArray *pl_frame_values(Interp *I, Obj *v) {
  if (v->cls->layout == &pl_series_layout)
    return pl_series_values(I, v);
  PdFrame *f = (PdFrame *)v;
  Obj *const *names;
  int64_t n;
  if (!fe_seq_items(I, f->names, &names, &n))
    return NULL;
  if (n == 0) {
    int64_t shape[2] = {f->rows, 0};
    return nd_zeros(ND_FLOAT64, 2, shape);
  }
  NdArray **cols = base_malloc((size_t)n * sizeof *cols);
  if (!cols)
    return nd_fail(ND_E_MEMORY, "out of memory");
  for (int64_t i = 0; i < n; i++) {
    Obj *c = fe_dict_get(I, f->cols, names[i], &(int){0});
    if (pl_col_is_text(I, c)) {
      base_free(cols);
      Obj *s = fe_str(I, names[i]);
      nd_fail(ND_E_TYPE, "column '%s' holds text (dtype object), which nnc's arrays cannot "
              "hold: drop it or encode it first (LabelEncoder, map, get_dummies)",
              s ? FE_STR(s)->s : "?");
      fe_decref(I, s);
      return NULL;
    }
    cols[i] = PL_ND(c);
  }
  NdArray *r = nd_column_stack((int)n, cols);
  base_free(cols);
  return r;
}

/* Frame f (taken over) with the row labels of index (any iterable; None: 0, 1, ...). */
static Obj *labelled(Interp *I, PdFrame *f, Obj *index) {
  if (!f || index == &I->none)
    return f ? &f->hd : NULL;
  Obj *labels = fe_list_from_iter(I, index);
  int64_t n = labels ? fe_len(I, labels) : -1;
  if (labels && n != f->rows)
    fe_throw(I, EXC_ValueError, "Length of values (%lld) does not match length of index (%lld)",
             (long long)f->rows, (long long)n);
  else if (labels)
    pl_frame_set_index(I, &f->hd, labels, NULL);
  Obj *r = labels && n == f->rows ? &f->hd : NULL;
  fe_decref(I, labels);
  if (!r)
    fe_decref(I, &f->hd);
  return r;
}

/* A dict's value that pandas spreads over every row: a number, a str, a bool or None. */
static bool scalar_value(Interp *I, Obj *v) {
  return v == &I->none || FE_IS(v, str) || fe_is_number(I, v);
}

/* How many rows a dict of columns makes: its first column's length, else (all scalars)
 * the index's; -1 raised. */
static int64_t dict_rows(Interp *I, Obj *data, Obj *index) {
  Obj *key, *v;
  for (int64_t pos = 0; fe_dict_next(data, &pos, &key, &v);)
    if (!scalar_value(I, v))
      return fe_len(I, v);
  if (index == &I->none && fe_len(I, data) > 0)
    return fe_throw(I, EXC_ValueError, "If using all scalar values, you must pass an index"), -1;
  return index == &I->none ? 0 : fe_len(I, index);
}

/* DataFrame(data, index=None, columns=None, dtype=None, copy=None): index= labels the rows
 * of data given as lists or arrays (a dict's Series are not aligned by it); a dict's
 * scalars fill their columns. */
static Obj *frame_ctor(Interp *I, Obj *self, Obj **args) {
  if (args[3] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "DataFrame(dtype=...) is not supported by nnc "
                    "yet");
  Obj *data = args[0], *columns = args[2];
  if (FE_IS(data, dict)) {
    Obj *key, *v;
    int64_t n = dict_rows(I, data, args[1]);
    PdFrame *f = n < 0 ? NULL : frame_new(I, (Class *)self, n);
    for (int64_t pos = 0; f && fe_dict_next(data, &pos, &key, &v);) {
      Obj *filled = scalar_value(I, v) ? fe_list_new(I, n) : NULL;
      for (int64_t i = 0; filled && i < n; i++)
        fe_incref(FE_LIST(filled)->v[i] = v);
      if ((scalar_value(I, v) && !filled) || set_column(I, f, key, filled ? filled : v) < 0)
        fe_setref(I, (Obj **)&f, NULL);
      fe_decref(I, filled);
    }
    if (!f)
      return NULL;
    return labelled(I, f, args[1]);
  }
  /* a list of values is one column, as pandas reads it */
  NdArray *a = pl_array_arg(I, data);
  NdArray *m = !a ? NULL : a->ndim == 1 ? nd_reshape(a, 2, (int64_t[2]){a->shape[0], 1})
                                        : nd_ref(a);
  nd_unref(a);
  if (!m)
    return I->exc_pending ? NULL : pl_nd_raise(I);
  int64_t k = m->ndim == 2 ? m->shape[1] : -1;
  int64_t nn = columns == &I->none ? k : fe_len(I, columns);
  PdFrame *f = k >= 0 && nn == k ? frame_new(I, (Class *)self, m->shape[0]) : NULL;
  if (!f && !I->exc_pending)
    fe_throw(I, EXC_ValueError, k < 0 ? "Must pass 2-d input. shape=%lld"
                                      : "Shape of passed values is %lld columns, indices imply %lld",
             (long long)(k < 0 ? m->ndim : k), (long long)nn);
  for (int64_t j = 0; f && j < k; j++) {
    NdIndex ix[2] = {nd_ix_all(), nd_ix_int(j)};
    NdArray *c = nd_getitem(m, 2, ix);
    Obj *cv = c ? pl_array_wrap(I, nd_copy(c)) : pl_nd_raise(I);
    nd_unref(c);
    Obj *jo = cv ? fe_int(I, j) : NULL;
    Obj *name = !jo || columns == &I->none ? jo : fe_getitem(I, columns, jo);
    if (name != jo)
      fe_decref(I, jo);
    if (!name || set_column(I, f, name, cv) < 0)
      fe_setref(I, (Obj **)&f, NULL);
    fe_decref(I, name);
    fe_decref(I, cv);
  }
  nd_unref(m);
  return labelled(I, f, args[1]);
}

/* DataFrame.from_dict(data, orient='columns', dtype=None, columns=None): a dict of columns,
 * or with orient='index' a dict of rows (its keys the row labels, columns= their names). */
static Obj *frame_from_dict(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *cls = (Obj *)pl_state(I)->pd_frame;
  bool rows = fe_str_is(args[1], "index");
  if (!rows && !fe_str_is(args[1], "columns"))
    return fe_throw(I, EXC_NotImplementedError, "from_dict(orient=) other than 'columns' or "
                    "'index' is not supported by nnc yet");
  if (!FE_IS(args[0], dict))
    return fe_throw(I, EXC_TypeError, "from_dict() takes a dict, not '%s'",
                    fe_typename(args[0]));
  if (!rows && args[3] != &I->none)
    return fe_throw(I, EXC_ValueError, "cannot use columns parameter with orient='columns'");
  if (!rows)
    return frame_ctor(I, cls, (Obj *[5]){args[0], &I->none, &I->none, args[2], &I->none});
  Obj *labels = fe_list_from_iter(I, args[0]), *values = NULL;
  Obj *view = labels ? fe_call_method(I, args[0], "values", NULL, 0) : NULL;
  values = view ? fe_list_from_iter(I, view) : NULL;
  Obj *r = values ? frame_ctor(I, cls, (Obj *[5]){values, labels, args[3], args[2], &I->none})
                  : NULL;
  fe_decref(I, labels), fe_decref(I, view), fe_decref(I, values);
  return r;
}

/* The row labels as a list (a new reference). */
static Obj *row_labels(Interp *I, PdFrame *f) {
  return pl_labels(I, f->index, f->first, f->rows);
}

/* The labels to drop, as a sequence (a new reference). */
static Obj *drop_list(Interp *I, Obj *labels) {
  if (fe_is_seq(I, labels)) {
    fe_incref(labels);
    return labels;
  }
  if (pl_is_array(labels) || labels->cls->layout == &pl_series_layout)
    return fe_list_from_iter(I, labels);
  return fe_tuple_pack(I, 1, labels);
}

/* A frame without the rows labelled by gone; KeyError when one is not a label. */
static Obj *drop_rows(Interp *I, PdFrame *f, Obj *labels) {
  Obj *gone = drop_list(I, labels), *all = gone ? row_labels(I, f) : NULL;
  NdArray *keep = all ? nd_empty(ND_BOOL, 1, &f->rows) : NULL;
  bool ok = keep != NULL;
  for (int64_t i = 0; ok && i < f->rows; i++) {
    int in = fe_contains(I, gone, ((List *)all)->v[i]);
    ok = in >= 0;
    ((bool *)keep->data)[i] = in == 0;
  }
  Obj *const *g;
  int64_t ng;
  for (int64_t k = 0; ok && fe_seq_items(I, gone, &g, &ng) && k < ng; k++) {
    int in = fe_contains(I, all, g[k]);
    Obj *r = in == 0 ? fe_repr(I, g[k]) : NULL;
    if (r)
      fe_throw(I, EXC_KeyError, "[%s] not found in axis", FE_STR(r)->s);
    fe_decref(I, r);
    ok = in == 1;
  }
  Obj *mask = ok ? pl_array_wrap(I, nd_ref(keep)) : NULL;
  Obj *r = mask ? pl_frame_rows(I, &f->hd, mask) : NULL;
  if (all && !keep)
    fe_throw(I, EXC_MemoryError, "out of memory");
  nd_unref(keep);
  fe_decref(I, gone), fe_decref(I, all), fe_decref(I, mask);
  return r;
}

/* A new frame of self without the columns (axis=1, columns=) or rows (axis=0, index=;
 * labels as the frame numbers them) of drop's arguments. */
static Obj *dropped(Interp *I, Obj *self, Obj **args) {
  PdFrame *f = (PdFrame *)self;
  if (args[2] != &I->none)
    return drop_rows(I, f, args[2]);
  Obj *labels = args[3] != &I->none ? args[3] : args[0];
  int64_t axis = 0;
  if (args[3] == &I->none) {
    if (fe_str_is(args[1], "columns"))
      axis = 1;
    else if (!fe_str_is(args[1], "index") && fe_as_int(I, args[1], &axis) < 0)
      return NULL;
    if (axis == 0)
      return drop_rows(I, f, labels);
  }
  Obj *gone = drop_list(I, labels);
  Obj *keep = gone ? fe_list_new(I, 0) : NULL;
  Obj *const *names;
  int64_t n;
  bool good = keep && fe_seq_items(I, f->names, &names, &n);
  for (int64_t i = 0; good && i < n; i++) {
    int in = fe_contains(I, gone, names[i]);
    good = in >= 0 && (in || fe_list_append(I, keep, names[i]) == 0);
  }
  Obj *const *g;
  int64_t ng;
  for (int64_t i = 0; good && fe_seq_items(I, gone, &g, &ng) && i < ng; i++) {
    Obj *c = column(I, f, g[i]);   /* KeyError for a name the frame lacks */
    good = c != NULL;
    fe_decref(I, c);
  }
  Obj *r = good ? select(I, f, keep) : NULL;
  fe_decref(I, gone);
  fe_decref(I, keep);
  return r;
}

/* df.drop(labels=None, *, axis=0, index=None, columns=None, level=None, inplace=False,
 * errors='raise'): dropped's frame, or with inplace=True None, self without them. */
static Obj *frame_drop(Interp *I, Obj *self, Obj **args) {
  if (args[4] != &I->none || !fe_str_is(args[6], "raise"))
    return fe_throw(I, EXC_NotImplementedError, "drop(level=, errors='ignore') is not supported "
                    "by nnc yet: name labels the frame has");
  return pl_frame_result(I, self, dropped(I, self, args), args[5]);
}

/* Rows [lo, hi) of every column, as a new frame. */
static Obj *rows_of(Interp *I, PdFrame *f, int64_t lo, int64_t hi) {
  Obj *a = fe_int(I, lo), *b = a ? fe_int(I, hi) : NULL, *key = b ? fe_slice_new(I, a, b, NULL) : NULL;
  Obj *r = key ? pl_frame_rows(I, &f->hd, key) : NULL;
  fe_decref(I, a), fe_decref(I, b), fe_decref(I, key);
  return r;
}

/* head(n=5), tail(n=5): the first or last n rows (negative n: all but the last or first). */
static Obj *head_tail(Interp *I, Obj *self, Obj *nv, bool head) {
  PdFrame *f = (PdFrame *)self;
  int64_t n;
  if (fe_as_int(I, nv, &n) < 0)
    return NULL;
  int64_t k = n >= 0 ? (n < f->rows ? n : f->rows) : (f->rows + n > 0 ? f->rows + n : 0);
  return head ? rows_of(I, f, 0, k) : rows_of(I, f, f->rows - k, f->rows);
}

static Obj *frame_head(Interp *I, Obj *self, Obj **args) {
  return head_tail(I, self, args[0], true);
}

static Obj *frame_tail(Interp *I, Obj *self, Obj **args) {
  return head_tail(I, self, args[0], false);
}

/* A new frame of each column mapped by fn(I, column, arg), with f's labels. */
static Obj *map_columns(Interp *I, PdFrame *f, Obj *(*fn)(Interp *, Obj *, Obj *), Obj *arg) {
  int64_t n;
  Obj **cols = column_list(I, f, &n);
  Obj *const *names;
  PdFrame *g = cols && fe_seq_items(I, f->names, &names, &n) ? frame_new(I, f->hd.cls, f->rows) : NULL;
  for (int64_t j = 0; g && j < n; j++) {
    Obj *cv = fn(I, cols[j], arg);
    if (!cv || set_column(I, g, names[j], cv) < 0)
      fe_setref(I, (Obj **)&g, NULL);
    fe_decref(I, cv);
  }
  if (g)
    pl_frame_take_labels(I, &g->hd, &f->hd);
  base_free(cols);
  return g ? &g->hd : NULL;
}

static Obj *missing_mask(Interp *I, Obj *c, Obj *missing) {
  return pl_col_mask(I, c, missing == &I->true_.hd);
}

/* isnull(), isna(): a frame of bool columns, True where a value is missing (NaN, None);
 * notnull(), notna(): where one is present. */
static Obj *frame_isnull(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return map_columns(I, (PdFrame *)self, missing_mask, &I->true_.hd);
}

static Obj *frame_notnull(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return map_columns(I, (PdFrame *)self, missing_mask, &I->false_.hd);
}

/* The values of a frame with a text column: an object array of the rows' Python values. */
static Obj *object_values(Interp *I, PdFrame *f, Obj **cols, int64_t n) {
  Obj *items = fe_list_new(I, 0);
  for (int64_t i = 0; items && i < f->rows; i++)
    for (int64_t j = 0; items && j < n; j++) {
      Obj *v = pl_col_item(I, cols[j], i);
      if (!v || fe_list_append(I, items, v) < 0)
        fe_setref(I, &items, NULL);
      fe_decref(I, v);
    }
  int64_t shape[2] = {f->rows, n};
  return items ? pl_objarray_new(I, 2, shape, items) : NULL;
}

/* df.values: a numeric array, or as pandas an object array when a column holds text. */
static Obj *frame_values(Interp *I, Obj *self) {
  PdFrame *f = (PdFrame *)self;
  int64_t n;
  Obj **cols = column_list(I, f, &n);
  bool text = false;
  for (int64_t j = 0; cols && j < n; j++)
    text = text || pl_col_is_text(I, cols[j]);
  Obj *r = !cols ? NULL : text ? object_values(I, f, cols, n)
                               : pl_array_wrap(I, pl_frame_values(I, self));
  base_free(cols);
  return r;
}

static Obj *frame_to_numpy(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return frame_values(I, self);
}

static Obj *frame_columns(Interp *I, Obj *self) {
  return pl_axis_index(I, self, true);
}

static Obj *frame_index(Interp *I, Obj *self) {
  return pl_axis_index(I, self, false);
}

/* The labels v gives an axis of n (a new list), and the name an Index among them has;
 * pandas' ValueError when their count differs. */
static Obj *new_labels(Interp *I, Obj *v, int64_t n, Obj **name) {
  if (!v) {
    fe_throw(I, EXC_TypeError, "an axis of a DataFrame cannot be deleted");
    return NULL;
  }
  Obj *labels = fe_list_from_iter(I, v);
  int64_t k = labels ? fe_len(I, labels) : -1;
  if (labels && k != n) {
    fe_throw(I, EXC_ValueError, "Length mismatch: Expected axis has %lld elements, new values "
             "have %lld elements", (long long)n, (long long)k);
    fe_setref(I, &labels, NULL);
  }
  Obj *named = pl_is_index(v) ? fe_getattr_str(I, v, "name") : NULL;
  *name = named && named != &I->none ? named : NULL;
  if (named && named == &I->none)
    fe_decref(I, named);
  return labels;
}

/* df.columns = labels: the columns renamed in order, as many as there are. */
int pl_frame_set_columns(Interp *I, Obj *self, Obj *v) {
  PdFrame *f = (PdFrame *)self;
  Obj *name = NULL, *labels = new_labels(I, v, fe_len(I, f->names), &name);
  int64_t n;
  Obj **cols = labels ? column_list(I, f, &n) : NULL;
  Obj *d = cols ? fe_dict_new(I) : NULL;
  Obj *const *to;
  bool ok = d && fe_seq_items(I, labels, &to, &n);
  for (int64_t j = 0; ok && j < n; j++)
    ok = fe_dict_set(I, d, to[j], cols[j]) == 0;
  if (ok && fe_len(I, d) != n) {
    fe_throw(I, EXC_NotImplementedError, "columns of the same name are not supported by nnc");
    ok = false;
  }
  if (ok) {
    fe_setref(I, &f->names, labels), labels = NULL;
    fe_setref(I, &f->cols, d), d = NULL;
    fe_setref(I, &f->columns_name, name), name = NULL;
  }
  base_free(cols);
  fe_decref(I, labels), fe_decref(I, d), fe_decref(I, name);
  return ok ? 0 : -1;
}

/* df.index = labels: the rows labelled anew (an Index's name with them). */
static int frame_set_index(Interp *I, Obj *self, Obj *v) {
  PdFrame *f = (PdFrame *)self;
  Obj *name = NULL, *labels = new_labels(I, v, f->rows, &name);
  if (labels)
    pl_frame_set_index(I, self, labels, name);
  fe_decref(I, labels), fe_decref(I, name);
  return labels ? 0 : -1;
}

/* sample(n=None, frac=None, replace=False, weights=None, random_state=None): rows in a
 * random order, as pandas draws them: random_state.choice(rows, k, replace=False), which is
 * the first k of numpy's permutation(rows); k is n, or round(frac * rows), else 1. */
static Obj *frame_sample(Interp *I, Obj *self, Obj **args) {
  PdFrame *f = (PdFrame *)self;
  if (args[2] != &I->false_.hd || args[3] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "sample(replace=, weights=) is not supported by "
                    "nnc yet");
  int64_t k = 1;
  double frac = 0;
  if (args[0] != &I->none && args[1] != &I->none)
    return fe_throw(I, EXC_ValueError, "Please enter a value for `frac` OR `n`, not both");
  if (args[0] != &I->none && fe_as_int(I, args[0], &k) < 0)
    return NULL;
  if (args[1] != &I->none) {
    if (fe_as_double(I, args[1], &frac) < 0)
      return NULL;
    k = (int64_t)fe_round(frac * (double)f->rows, 0);
  }
  if (k < 0 || k > f->rows || frac < 0)
    return fe_throw(I, EXC_ValueError, k < 0 || frac < 0
                    ? "A negative number of rows requested. Please provide `n` >= 0."
                    : "Cannot take a larger sample than population when 'replace=False'");
  bool owned;
  NdRandom *rng = pl_random_state(I, args[4], &owned);
  NdArray *perm = rng ? pl_permutation(rng, f->rows) : NULL;
  if (rng && owned)
    nd_random_free(rng);
  if (!perm)
    return rng ? pl_nd_raise(I) : NULL;
  Obj *pos = fe_list_new(I, 0);
  for (int64_t i = 0; pos && i < k; i++) {
    Obj *v = fe_int(I, ((int64_t *)perm->data)[i]);
    if (!v || fe_list_append(I, pos, v) < 0)
      fe_setref(I, &pos, NULL);
    fe_decref(I, v);
  }
  nd_unref(perm);
  Obj *r = pos ? pl_frame_rows(I, self, pos) : NULL;
  fe_decref(I, pos);
  return r;
}

static Obj *frame_shape(Interp *I, Obj *self) {
  PdFrame *f = (PdFrame *)self;
  int64_t shape[2] = {f->rows, fe_len(I, f->names)};
  return pl_shape_tuple(I, 2, shape);
}

Obj *pl_frame_index(Obj *frame) {
  return ((PdFrame *)frame)->index;
}

Obj *pl_frame_index_name(Obj *frame) {
  return ((PdFrame *)frame)->index_name;
}

Obj *pl_frame_columns_name(Obj *frame) {
  return ((PdFrame *)frame)->columns_name;
}

void pl_frame_set_axis_name(Interp *I, Obj *frame, bool columns, Obj *name) {
  PdFrame *f = (PdFrame *)frame;
  if (name)
    fe_incref(name);
  fe_setref(I, columns ? &f->columns_name : &f->index_name, name);
}

void pl_frame_renumber(Interp *I, Obj *frame) {
  PdFrame *f = (PdFrame *)frame;
  fe_setref(I, &f->index, NULL);
  fe_setref(I, &f->index_name, NULL);
  f->first = 0;
}

void pl_frame_take(Interp *I, Obj *frame, Obj *src) {
  PdFrame *f = (PdFrame *)frame, *g = (PdFrame *)src;
  Obj **mine[] = {&f->names, &f->cols, &f->index, &f->index_name, &f->columns_name};
  Obj **theirs[] = {&g->names, &g->cols, &g->index, &g->index_name, &g->columns_name};
  for (int k = 0; k < 5; k++) {
    fe_setref(I, mine[k], *theirs[k]);
    *theirs[k] = NULL;
  }
  f->rows = g->rows, f->first = g->first;
}

Obj *pl_frame_result(Interp *I, Obj *self, Obj *r, Obj *inplace) {
  int in = r ? fe_truth(I, inplace) : -1;
  if (in <= 0) {
    if (in < 0)
      fe_setref(I, &r, NULL);
    return r;
  }
  pl_frame_take(I, self, r);
  fe_decref(I, r);
  return fe_none(I);
}

void pl_frame_take_labels(Interp *I, Obj *frame, Obj *src) {
  PdFrame *f = (PdFrame *)frame;
  Obj *index, *name = NULL;
  int64_t first;
  if (src->cls->layout == &pl_series_layout) {
    index = pl_series_index(src, &first);
    name = pl_series_index_name(src);
  } else {
    index = ((PdFrame *)src)->index;
    first = ((PdFrame *)src)->first;
    name = ((PdFrame *)src)->index_name;
    pl_frame_set_axis_name(I, frame, true, ((PdFrame *)src)->columns_name);
  }
  if (index)
    fe_incref(index);
  if (name)
    fe_incref(name);
  fe_setref(I, &f->index, index);
  fe_setref(I, &f->index_name, name);
  f->first = first;
}

void pl_frame_set_index(Interp *I, Obj *frame, Obj *labels, Obj *name) {
  PdFrame *f = (PdFrame *)frame;
  fe_incref(labels);
  if (name)
    fe_incref(name);
  fe_setref(I, &f->index, labels);
  fe_setref(I, &f->index_name, name);
}

int64_t pl_frame_first(Obj *frame) {
  return ((PdFrame *)frame)->first;
}

Obj *pl_frame_names(Obj *frame) {
  return ((PdFrame *)frame)->names;
}

Obj *pl_frame_column(Interp *I, Obj *frame, Obj *name) {
  return column(I, (PdFrame *)frame, name);
}

Obj *pl_frame_select(Interp *I, Obj *frame, Obj *names) {
  return select(I, (PdFrame *)frame, names);
}

/* The labels of the rows key picks, in g: numbers still counting up by one stay first +
 * start, others become a list. */
static bool pick_labels(Interp *I, PdFrame *f, PdFrame *g, Obj *key) {
  int64_t start, stop, step, count;
  if (!f->index && FE_IS(key, slice)) {
    if (fe_slice_indices(I, key, f->rows, &start, &stop, &step, &count) < 0)
      return false;
    if (step == 1) {
      g->first = f->first + start;
      return true;
    }
  }
  Obj *all = row_labels(I, f);
  g->index = all ? pl_col_take(I, all, key) : NULL;
  fe_decref(I, all);
  return g->index != NULL;
}

Obj *pl_frame_rows(Interp *I, Obj *frame, Obj *key) {
  PdFrame *f = (PdFrame *)frame;
  Obj *const *names;
  int64_t n;
  if (!fe_seq_items(I, f->names, &names, &n))
    return NULL;
  PdFrame *g = NULL;
  for (int64_t j = 0; j < n; j++) {
    Obj *c = column(I, f, names[j]), *part = c ? pl_col_take(I, c, key) : NULL;
    int64_t len = part ? fe_len(I, part) : -1;
    if (!g && len >= 0)
      g = frame_new(I, f->hd.cls, len);
    if (!g || !part || put_column(I, g, names[j], part) < 0) {
      fe_decref(I, c), fe_decref(I, part);
      fe_decref(I, g ? &g->hd : NULL);
      return NULL;
    }
    fe_decref(I, c), fe_decref(I, part);
  }
  if (!g) {
    Obj *all = row_labels(I, f), *picked = all ? pl_col_take(I, all, key) : NULL;
    int64_t len = picked ? fe_len(I, picked) : -1;
    fe_decref(I, all), fe_decref(I, picked);
    g = len >= 0 ? frame_new(I, f->hd.cls, len) : NULL;
  }
  if (g && !pick_labels(I, f, g, key))
    fe_setref(I, (Obj **)&g, NULL);
  if (g) {
    pl_frame_set_axis_name(I, &g->hd, false, f->index_name);
    pl_frame_set_axis_name(I, &g->hd, true, f->columns_name);
  }
  return g ? &g->hd : NULL;
}

static Obj *frame_iloc(Interp *I, Obj *self) {
  return pl_frame_indexer(I, self, false);
}

static Obj *frame_loc(Interp *I, Obj *self) {
  return pl_frame_indexer(I, self, true);
}


/* A copy of column c: text as a new list, numbers as a new array. */
static Obj *copy_column(Interp *I, Obj *c, Obj *unused) {
  (void)unused;
  if (pl_col_is_text(I, c))
    return fe_list_from_iter(I, c);
  NdArray *a = nd_copy(PL_ND(c));
  return a ? pl_array_wrap(I, a) : pl_nd_raise(I);
}

/* copy(deep=True): a new frame of copies of the columns, with the same labels. */
static Obj *frame_copy(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return map_columns(I, (PdFrame *)self, copy_column, NULL);
}

/* astype(dtype): every column as dtype, or with a dict only the columns it names. */
static Obj *frame_astype(Interp *I, Obj *self, Obj **args) {
  PdFrame *f = (PdFrame *)self;
  Obj *dtypes = args[0];
  if (!FE_IS(dtypes, dict))
    return map_columns(I, f, pl_col_astype, dtypes);
  Obj *key, *v;
  for (int64_t pos = 0; fe_dict_next(dtypes, &pos, &key, &v);) {
    int in = fe_contains(I, f->names, key);
    Obj *text = in == 0 ? fe_repr(I, key) : NULL;
    if (text)
      fe_throw(I, EXC_KeyError, "Only a column name can be used for the key in a dtype "
               "mappings argument. %s not found in columns.", FE_STR(text)->s);
    fe_decref(I, text);
    if (in != 1)
      return NULL;
  }
  Obj *g = frame_copy(I, self, NULL), *const *names;
  int64_t n;
  bool ok = g && fe_seq_items(I, f->names, &names, &n);
  for (int64_t j = 0; ok && j < n; j++) {
    int err = 0;
    Obj *to = fe_dict_get(I, dtypes, names[j], &err), *c = to ? column(I, f, names[j]) : NULL;
    Obj *cast = c ? pl_col_astype(I, c, to) : NULL;
    ok = !err && (!to || (cast && store_column(I, (PdFrame *)g, names[j], cast) == 0));
    fe_decref(I, c);
  }
  if (!ok)
    fe_setref(I, &g, NULL);
  return g;
}



/* fillna(value, inplace=False): missing values (NaN) replaced by value, in a new frame or
 * (inplace=True) in self. */
/* A dict of a Series' labels and values (pandas' value per column); NULL raised. */
static Obj *series_dict(Interp *I, Obj *s) {
  int64_t first;
  Obj *col = pl_series_column(s), *labels = pl_labels(I, pl_series_index(s, &first), first,
                                                      col ? fe_len(I, col) : 0);
  Obj *d = labels ? fe_dict_new(I) : NULL;
  for (int64_t i = 0; d && i < FE_LIST(labels)->n; i++) {
    Obj *v = pl_col_item(I, col, i);
    if (!v || fe_dict_set(I, d, FE_LIST(labels)->v[i], v) < 0)
      fe_setref(I, &d, NULL);
    fe_decref(I, v);
  }
  fe_decref(I, labels), fe_decref(I, col);
  return d;
}

/* fillna(value): each missing value filled with value, or with a dict's or a Series' value
 * for its column (df.fillna(df.median())), columns it does not name left as they are. */
static Obj *frame_fillna(Interp *I, Obj *self, Obj **args) {
  PdFrame *f = (PdFrame *)self;
  if (args[0] == &I->none)
    return fe_throw(I, EXC_NotImplementedError, "fillna without a value is not supported by "
                    "nnc yet: df.fillna(value)");
  if (!FE_IS(args[0], dict) && args[0]->cls->layout != &pl_series_layout)
    return pl_frame_result(I, self, map_columns(I, f, pl_col_fill, args[0]), args[2]);
  Obj *d = FE_IS(args[0], dict) ? (fe_incref(args[0]), args[0]) : series_dict(I, args[0]);
  PdFrame *g = d ? frame_new(I, f->hd.cls, f->rows) : NULL;
  for (int64_t j = 0; g && j < FE_LIST(f->names)->n; j++) {
    Obj *name = FE_LIST(f->names)->v[j], *c = column(I, f, name);
    int err = 0;
    Obj *v = c ? fe_dict_get(I, d, name, &err) : NULL;
    Obj *filled = v ? pl_col_fill(I, c, v) : err ? NULL : c ? (fe_incref(c), c) : NULL;
    if (!filled || set_column(I, g, name, filled) < 0)
      fe_setref(I, (Obj **)&g, NULL);
    fe_decref(I, filled), fe_decref(I, c);
  }
  if (g)
    pl_frame_take_labels(I, &g->hd, self);
  fe_decref(I, d);
  return g ? pl_frame_result(I, self, &g->hd, args[2]) : NULL;
}

/* A column's numbers rounded to `decimals` places as numpy rounds them; text as it is. */
static Obj *round_column(Interp *I, Obj *c, Obj *decimals) {
  if (pl_col_is_text(I, c))
    return fe_incref(c), c;
  return fe_call_method(I, c, "round", &decimals, 1);
}

/* round(decimals=0): each column of numbers rounded (describe().round(2)). */
static Obj *frame_round(Interp *I, Obj *self, Obj **args) {
  if (!FE_IS(args[0], int))
    return fe_throw(I, EXC_NotImplementedError, "DataFrame.round(decimals=) other than an int "
                    "is not supported by nnc yet");
  return map_columns(I, (PdFrame *)self, round_column, args[0]);
}

static Obj *abs_column(Interp *I, Obj *c, Obj *unused) {
  (void)unused;
  if (pl_col_is_text(I, c))
    return fe_throw(I, EXC_TypeError, "bad operand type for abs(): 'str'");
  return fe_call_method(I, c, "__abs__", NULL, 0);
}

/* abs(): each value's absolute value. */
static Obj *frame_abs(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return map_columns(I, (PdFrame *)self, abs_column, NULL);
}

/* dropna(axis=0, how='any', thresh=None, subset=None, inplace=False): the rows without a
 * missing value (how='all': those not missing everywhere), among the columns of subset (a
 * list) or all of them; a new frame, or with inplace=True None, self keeping those rows. */
static Obj *frame_dropna(Interp *I, Obj *self, Obj **args) {
  PdFrame *f = (PdFrame *)self;
  int64_t axis = 0;
  if (!fe_str_is(args[0], "index") && !fe_str_is(args[0], "rows") &&
      fe_as_int(I, args[0], &axis) < 0)
    return NULL;
  bool all = fe_str_is(args[1], "all");
  if (axis != 0 || !(all || fe_str_is(args[1], "any")) || args[2] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "dropna(axis=1, thresh=) or how= other than "
                    "'any' and 'all' is not supported by nnc yet");
  Obj *names = args[3] == &I->none ? (fe_incref(f->names), f->names)
                                   : fe_list_from_iter(I, args[3]);
  Obj *const *nv;
  int64_t n;
  NdArray *keep = names && fe_seq_items(I, names, &nv, &n) ? nd_empty(ND_BOOL, 1, &f->rows) : NULL;
  bool ok = keep != NULL;
  for (int64_t i = 0; ok && i < f->rows; i++)
    ((bool *)keep->data)[i] = all ? n == 0 : true;
  for (int64_t j = 0; ok && j < n; j++) {
    Obj *c = column(I, f, nv[j]);
    ok = c != NULL;
    for (int64_t i = 0; ok && i < f->rows; i++) {
      bool *k = &((bool *)keep->data)[i];
      *k = all ? *k || !pl_col_missing(I, c, i) : *k && !pl_col_missing(I, c, i);
    }
    fe_decref(I, c);
  }
  Obj *mask = ok ? pl_array_wrap(I, nd_ref(keep)) : NULL;
  Obj *r = mask ? pl_frame_rows(I, self, mask) : NULL;
  if (names && !keep && !I->exc_pending)
    fe_throw(I, EXC_MemoryError, "out of memory");
  nd_unref(keep);
  fe_decref(I, names), fe_decref(I, mask);
  return pl_frame_result(I, self, r, args[4]);
}

/* Draws column `name` against the row numbers on ax. */
static Obj *frame_transpose(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return pl_frame_transpose(I, self);
}

static const FeFnDef frame_statics[] = {
    {"from_dict", frame_from_dict, "(data, orient='columns', dtype=None, columns=None)",
     "pandas.DataFrame", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeFnDef frame_methods[] = {
    {"copy", frame_copy, "(deep=True)", "pandas.DataFrame", NULL},
    {"astype", frame_astype, "(dtype, copy=True, errors='raise')", "pandas.DataFrame", NULL},
    {"rename", pl_frame_rename, "(mapper=None, *, index=None, columns=None, axis=None, "
     "copy=None, inplace=False, level=None, errors='ignore')", "pandas.DataFrame", NULL},
    {"set_index", pl_frame_set_index_method, "(keys, *, drop=True, append=False, "
     "inplace=False, verify_integrity=False)", "pandas.DataFrame", NULL},
    {"reset_index", pl_frame_reset_index, "(level=None, *, drop=False, inplace=False, "
     "col_level=0, col_fill='')", "pandas.DataFrame", NULL},
    {"append", pl_append, "(other, ignore_index=False, verify_integrity=False, sort=False)",
     "pandas.DataFrame", NULL},
    {"boxplot", pl_frame_boxplot, "(column=None, by=None, ax=None, fontsize=None, rot=None, "
     "grid=True, figsize=None, layout=None, return_type=None, backend=None, **kwargs)",
     "matplotlib.pyplot.Axes", NULL},
    {"hist", pl_frame_hist, "(column=None, by=None, grid=True, xlabelsize=None, xrot=None, "
     "ylabelsize=None, yrot=None, ax=None, sharex=False, sharey=False, figsize=None, "
     "layout=None, bins=10, backend=None, legend=False, **kwargs)", NULL, NULL},
    {"pop", frame_pop, "(item)", "pandas.Series", NULL},
    {"drop", frame_drop, "(labels=None, *, axis=0, index=None, columns=None, level=None, "
     "inplace=False, errors='raise')", "pandas.DataFrame", NULL},
    {"to_numpy", frame_to_numpy, "()", PL_ARRAY, NULL},
    {"head", frame_head, "(n=5)", "pandas.DataFrame", NULL},
    {"sample", frame_sample, "(n=None, frac=None, replace=False, weights=None, "
     "random_state=None, axis=None, ignore_index=False)", "pandas.DataFrame", NULL},
    {"describe", pl_frame_describe, "(percentiles=None, include=None, exclude=None)",
     "pandas.DataFrame", NULL},
    {"isnull", frame_isnull, "()", "pandas.DataFrame", NULL},
    {"isna", frame_isnull, "()", "pandas.DataFrame", NULL},
    {"notnull", frame_notnull, "()", "pandas.DataFrame", NULL},
    {"notna", frame_notnull, "()", "pandas.DataFrame", NULL},
    {"dropna", frame_dropna, "(axis=0, how='any', thresh=None, subset=None, inplace=False)",
     "pandas.DataFrame", NULL},
    {"fillna", frame_fillna, "(value=None, *, method=None, inplace=False, axis=None, limit=None)",
     "pandas.DataFrame", NULL},
    {"select_dtypes", pl_frame_select_dtypes, "(include=None, exclude=None)",
     "pandas.DataFrame", NULL},
    {"to_csv", pl_frame_to_csv, PL_TO_CSV_SIG, NULL, NULL},
    {"apply", pl_frame_apply, "(func, axis=0, raw=False, result_type=None, args=(), **kwargs)",
     NULL, NULL},
    {"replace", pl_frame_replace, "(to_replace=None, value=<missing>, *, inplace=False, "
     "limit=None, regex=False, method=<missing>)", "pandas.DataFrame", NULL},
    {"round", frame_round, "(decimals=0, *args, **kwargs)", "pandas.DataFrame", NULL},
    {"abs", frame_abs, "()", "pandas.DataFrame", NULL},
    {"__abs__", frame_abs, "()", "pandas.DataFrame", NULL},
#define REDUCTION_SIG "(axis=None, skipna=True, numeric_only=False, **kwargs)"
    {"sum", pl_frame_sum, REDUCTION_SIG, "pandas.Series", NULL},
    {"mean", pl_frame_mean, REDUCTION_SIG, "pandas.Series", NULL},
    {"median", pl_frame_median, REDUCTION_SIG, "pandas.Series", NULL},
    {"min", pl_frame_min, REDUCTION_SIG, "pandas.Series", NULL},
    {"max", pl_frame_max, REDUCTION_SIG, "pandas.Series", NULL},
    {"std", pl_frame_std, REDUCTION_SIG, "pandas.Series", NULL},
    {"var", pl_frame_var, REDUCTION_SIG, "pandas.Series", NULL},
    {"count", pl_frame_count, "(axis=0, numeric_only=False)", "pandas.Series", NULL},
    {"nunique", pl_frame_nunique, "(axis=0, dropna=True)", "pandas.Series", NULL},
    {"idxmax", pl_frame_idxmax, "(axis=0, skipna=True, numeric_only=False)", "pandas.Series",
     NULL},
    {"idxmin", pl_frame_idxmin, "(axis=0, skipna=True, numeric_only=False)", "pandas.Series",
     NULL},
    {"tail", frame_tail, "(n=5)", "pandas.DataFrame", NULL},
    {"corr", pl_frame_corr, "(method='pearson', min_periods=1, numeric_only=False)",
     "pandas.DataFrame", NULL},
    {"sort_values", pl_frame_sort_values, "(by, *, axis=0, ascending=True, inplace=False, "
     "kind='quicksort', na_position='last', ignore_index=False, key=None)", "pandas.DataFrame",
     NULL},
    {"info", pl_frame_info, "(verbose=None, buf=None, max_cols=None, memory_usage=None, "
     "show_counts=None)", NULL, NULL},
    {"groupby", pl_frame_groupby, "(by=None, axis=0, level=None, as_index=True, sort=True, "
     "group_keys=True, observed=False, dropna=True)", "pandas.DataFrameGroupBy", NULL},
    {"duplicated", pl_frame_duplicated, "(subset=None, keep='first')", "pandas.Series", NULL},
    {"drop_duplicates", pl_frame_drop_duplicates, "(subset=None, *, keep='first', "
     "inplace=False, ignore_index=False)", "pandas.DataFrame", NULL},
    {"transpose", frame_transpose, "(*args, copy=False)", "pandas.DataFrame", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeFnDef frame_plot_def = {
    "plot", pl_frame_plot, "(x=None, y=None, kind='line', ax=None, figsize=None, title=None, "
    "grid=None, legend=True, xlabel=None, ylabel=None, logx=False, logy=False, loglog=False, "
    "**kwargs)", "matplotlib.pyplot.Axes", NULL};

static Obj *frame_plot(Interp *I, Obj *self) {
  return pl_plot_accessor(I, self, &frame_plot_def, true);
}

static const FeGetDef frame_props[] = {
    {"values", frame_values, NULL},
    {"columns", frame_columns, pl_frame_set_columns},
    {"index", frame_index, frame_set_index},
    {"shape", frame_shape, NULL},
    {"dtypes", pl_frame_dtypes, NULL},
    {"iloc", frame_iloc, NULL},
    {"loc", frame_loc, NULL},
    {"T", pl_frame_transpose, NULL},
    {"plot", frame_plot, NULL},
    {NULL, NULL, NULL},
};

static const FeClassDef classes[] = {
    {.name = "DataFrame", .layout = &frame_layout, .ctor = frame_ctor,
     .ctor_sig = "(data=None, index=None, columns=None, dtype=None, copy=None)",
     .methods = frame_methods, .statics = frame_statics, .props = frame_props},
    {.name = "Series", .layout = &pl_series_layout, .ctor = pl_series_ctor,
     .ctor_sig = "(data=None, index=None, dtype=None, name=None, copy=None)",
     .methods = pl_series_methods, .props = pl_series_props},
    {.name = "Index", .layout = &pl_index_layout, .ctor = pl_index_ctor,
     .ctor_sig = "(data=None, dtype=None, copy=False, name=None)",
     .methods = pl_index_methods, .props = pl_index_props},
    {.name = "_LocIndexer", .layout = &pl_indexer_layout},
    {.name = "DataFrameGroupBy", .layout = &pl_groupby_layout, .methods = pl_groupby_methods},
    {.name = "PlotAccessor", .layout = &pl_plot_accessor_layout,
     .methods = pl_plot_accessor_methods},
    {.name = NULL},
};

Obj *pl_frame_from(Interp *I, Obj *names, Obj *const *cols, int64_t rows) {
  Obj *const *v;
  int64_t n;
  if (!fe_seq_items(I, names, &v, &n))
    return NULL;
  PdFrame *f = frame_new(I, pl_state(I)->pd_frame, rows);
  for (int64_t j = 0; f && j < n; j++)
    if (put_column(I, f, v[j], cols[j]) < 0)
      fe_setref(I, (Obj **)&f, NULL);
  return f ? &f->hd : NULL;
}

static int pandas_init(Interp *I, Obj *module) {
  PlState *st = pl_state(I);
  if (st->pd_frame)
    return 0;
  st->pd_frame = (Class *)fe_getattr_str(I, module, "DataFrame");
  st->pd_series = st->pd_frame ? (Class *)fe_getattr_str(I, module, "Series") : NULL;
  st->pd_index = st->pd_series ? (Class *)fe_getattr_str(I, module, "Index") : NULL;
  st->pd_indexer = st->pd_index ? (Class *)fe_getattr_str(I, module, "_LocIndexer") : NULL;
  st->pd_groupby = st->pd_indexer ? (Class *)fe_getattr_str(I, module, "DataFrameGroupBy")
                                  : NULL;
  st->pd_plot = st->pd_groupby ? (Class *)fe_getattr_str(I, module, "PlotAccessor") : NULL;
  return st->pd_plot ? 0 : -1;
}

/* isnull(obj), isna(obj): a frame's or Series' isnull(), an array's (or list's) mask of
 * missing values, or whether one value is missing (None or NaN); notnull, notna: the
 * opposite. */
static Obj *null_test(Interp *I, Obj *v, bool missing) {
  if (pl_is_frame(v))
    return fe_call_method(I, v, missing ? "isnull" : "notnull", NULL, 0);
  if (pl_is_array(v) || pl_is_objarray(v) || fe_is_seq(I, v)) {
    int ndim = 1;
    Obj *items = pl_is_objarray(v) ? pl_objarray_items(v, &ndim) : v;
    Obj *c = ndim == 1 ? pl_col_of(I, items) : fe_throw(I, EXC_NotImplementedError, "isnull of "
                                                        "a 2-d object array is not supported "
                                                        "by nnc yet");
    Obj *r = c && fe_len(I, c) >= 0 && (pl_col_is_text(I, c) || PL_ND(c)->ndim == 1)
                 ? pl_col_mask(I, c, missing)
                 : c ? fe_throw(I, EXC_NotImplementedError, "isnull of a %d-d array is not "
                                "supported by nnc yet", PL_ND(c)->ndim)
                     : NULL;
    fe_decref(I, c);
    return r;
  }
  return fe_bool(I, (v == &I->none || pl_is_nan(I, v)) == missing);
}

static Obj *pd_isnull(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return null_test(I, args[0], true);
}

static Obj *pd_notnull(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return null_test(I, args[0], false);
}

static const FeFnDef pandas_fns[] = {
    {"read_csv", pl_read_csv, "(filepath_or_buffer, *, sep=',', delimiter=None, header='infer', "
     "names=None, index_col=None, usecols=None, na_values=None, **kwargs)", "pandas.DataFrame", NULL},
    {"concat", pl_concat, "(objs, *, axis=0, join='outer', ignore_index=False, keys=None, "
     "levels=None, names=None, verify_integrity=False, sort=False, copy=True)", NULL, NULL},
    {"isnull", pd_isnull, "(obj)", NULL, NULL},
    {"isna", pd_isnull, "(obj)", NULL, NULL},
    {"notnull", pd_notnull, "(obj)", NULL, NULL},
    {"notna", pd_notnull, "(obj)", NULL, NULL},
    {"get_dummies", pl_get_dummies, "(data, prefix=None, prefix_sep='_', dummy_na=False, "
     "columns=None, sparse=False, drop_first=False, dtype=None)", "pandas.DataFrame", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* pandas 1.5's public names of pandas (dir(pandas)) that nnc lacks: refused by name,
 * never offered as a slip of another name (pd.read_json is not pd.read_csv). */
static const char pandas_lacks[] =
    "ArrowDtype BooleanDtype Categorical CategoricalDtype CategoricalIndex DateOffset "
    "DatetimeIndex DatetimeTZDtype ExcelFile ExcelWriter Flags Float32Dtype Float64Dtype "
    "Float64Index Grouper HDFStore IndexSlice Int16Dtype Int32Dtype Int64Dtype "
    "Int64Index Int8Dtype Interval IntervalDtype IntervalIndex MultiIndex NA NaT NamedAgg "
    "Period PeriodDtype PeriodIndex RangeIndex SparseDtype StringDtype Timedelta "
    "TimedeltaIndex Timestamp UInt16Dtype UInt32Dtype UInt64Dtype UInt64Index UInt8Dtype "
    "annotations api array arrays bdate_range compat core crosstab cut date_range "
    "describe_option errors eval factorize from_dummies get_option infer_freq interval_range "
    "io json_normalize lreshape melt merge merge_asof merge_ordered "
    "offsets option_context options pandas period_range pivot pivot_table plotting qcut "
    "read_clipboard read_excel read_feather read_fwf read_gbq read_hdf read_html read_json "
    "read_orc read_parquet read_pickle read_sas read_spss read_sql read_sql_query "
    "read_sql_table read_stata read_table read_xml reset_option set_eng_float_format "
    "set_option show_versions test testing timedelta_range to_datetime to_numeric to_pickle "
    "to_timedelta tseries unique util value_counts wide_to_long";

const FeModuleDef pl_pandas_def = {.name = "pandas", .fns = pandas_fns, .classes = classes,
                                   .init = pandas_init, .lacks = pandas_lacks};
