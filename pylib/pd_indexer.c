/* pd_indexer.c — df.iloc[rows, cols] and df.loc[rows, cols], pandas' positional and label
 * indexers. Rows go through numpy's indexing of each column (an int, a slice, a list of
 * ints or a boolean mask); columns are positions (iloc) or names (loc: a name, a list, or
 * a slice, whose end is included as in pandas). loc's rows are labels (the row numbers, or
 * the labels index_col=, a mask or a drop left): a label, a list of them, a slice from one
 * label to another (both included), or a boolean mask; each becomes the positions iloc
 * takes. A label that several rows share picks them all, as pandas does. One column gives
 * a Series with the rows' labels, one row and one column a scalar. A Series has the same
 * two indexers over its rows (s.iloc[2], s.loc['a']). Assigning through them sets rows of
 * one existing numeric column of a frame. */
#include "pylib.h"

typedef struct {
  Obj hd;
  Obj *frame;         /* a DataFrame or a Series */
  bool labels;        /* loc, else iloc */
} PdIndexer;

static void ix_clear(Interp *I, Obj *o) {
  fe_setref(I, &((PdIndexer *)o)->frame, NULL);
}

static void ix_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((PdIndexer *)o)->frame)
    visit(((PdIndexer *)o)->frame, arg);
}

/* Raises KeyError(key), as pandas does for a label it lacks; -1. */
static int64_t key_error(Interp *I, Obj *key) {
  Obj *args = fe_tuple_pack(I, 1, key);
  Obj *e = args ? fe_new(I, I->exc[EXC_KeyError], 0) : NULL;
  if (e) {
    ((Exc *)e)->args = args;
    fe_raise(I, e);
  } else {
    fe_decref(I, args);
  }
  fe_decref(I, e);
  return -1;
}

/* The positions of the rows labelled v among labels (a new list, empty when none is). */
static Obj *positions_of(Interp *I, Obj *labels, Obj *v) {
  Obj *const *l;
  int64_t n;
  Obj *r = fe_seq_items(I, labels, &l, &n) ? fe_list_new(I, 0) : NULL;
  for (int64_t i = 0; r && i < n; i++) {
    int eq = fe_eq(I, l[i], v);
    Obj *at = eq == 1 ? fe_int(I, i) : NULL;
    if (eq < 0 || (eq == 1 && (!at || fe_list_append(I, r, at) < 0)))
      fe_setref(I, &r, NULL);
    fe_decref(I, at);
  }
  return r;
}

Obj *pl_label_rows(Interp *I, Obj *labels, Obj *v) {
  Obj *r = positions_of(I, labels, v);
  int64_t n = r ? fe_len(I, r) : -1;
  if (n == 0)
    key_error(I, v);
  if (n != 1)
    return n > 1 ? r : (fe_decref(I, r), NULL);
  Obj *at = FE_LIST(r)->v[0];
  fe_incref(at);
  fe_decref(I, r);
  return at;
}

/* Whether a < b for two labels (numbers or strs); false for others. */
static bool label_less(Interp *I, Obj *a, Obj *b) {
  bool nums = fe_is_number(I, a) && fe_is_number(I, b);
  if (!nums && !(FE_IS(a, str) && FE_IS(b, str)))
    return false;
  Obj *r = fe_compare(I, PYC_LT, a, b);
  int t = r ? fe_truth(I, r) : -1;
  fe_decref(I, r);
  if (t < 0)
    fe_decref(I, fe_exc_take(I));
  return t == 1;
}

/* The labels below v, when they increase: where pandas puts a slice bound its sorted index
 * lacks (searchsorted); -1 with KeyError(v) when they do not increase. */
static int64_t bound_at(Interp *I, Obj *labels, Obj *v) {
  Obj *const *l;
  int64_t n, at = 0;
  if (!fe_seq_items(I, labels, &l, &n))
    return -1;
  for (int64_t i = 1; i < n; i++)
    if (!label_less(I, l[i - 1], l[i]))
      return key_error(I, v);
  if (n > 0 && !label_less(I, l[0], v) && !label_less(I, v, l[0]))
    return key_error(I, v);   /* not comparable with the labels */
  while (at < n && label_less(I, l[at], v))
    at++;
  return at;
}

/* Whether each label is at least the one before it (numbers or strs); false for others. */
static bool increasing(Interp *I, Obj *const *l, int64_t n) {
  for (int64_t i = 1; i < n; i++)
    if (label_less(I, l[i], l[i - 1]) || (!label_less(I, l[i - 1], l[i]) &&
                                          fe_eq(I, l[i - 1], l[i]) != 1))
      return false;
  return true;
}

/* The position of slice bound v among labels (stop: the last of those labelled v, else the
 * first); -2, nothing raised, for a label they lack; -1 with an exception, KeyError as
 * pandas' for a label that several rows share when the labels do not increase. */
static int64_t label_at(Interp *I, Obj *labels, Obj *v, bool stop) {
  Obj *p = positions_of(I, labels, v), *const *l;
  int64_t n = p ? fe_len(I, p) : -1, nl, at = n == 0 ? -2 : -1;
  if (n > 1 && fe_seq_items(I, labels, &l, &nl) && !increasing(I, l, nl)) {
    Obj *text = fe_repr(I, v);
    Obj *msg = text ? fe_strf(I, "Cannot get %s slice bound for non-unique label: %s",
                              stop ? "right" : "left", FE_STR(text)->s) : NULL;
    if (msg)
      key_error(I, msg);
    fe_decref(I, text), fe_decref(I, msg);
  } else if (n > 0) {
    fe_as_int(I, FE_LIST(p)->v[stop ? n - 1 : 0], &at);
  }
  fe_decref(I, p);
  return at;
}

/* Whether a key is a boolean mask (an array, a Series or a list of bools). */
static bool is_mask(Interp *I, Obj *k) {
  if (k->cls->layout == &pl_series_layout) {
    Obj *c = pl_series_column(k);
    bool m = !pl_col_is_text(I, c) && PL_ND(c)->dtype == ND_BOOL;
    fe_decref(I, c);
    return m;
  }
  if (pl_is_array(k))
    return PL_ND(k)->dtype == ND_BOOL;
  Obj *const *v;
  int64_t n;
  if (!FE_IS(k, list) || !fe_seq_items(I, k, &v, &n) || n == 0)
    return false;
  for (int64_t i = 0; i < n; i++)
    if (!FE_ISA(I, v[i], bool))
      return false;
  return true;
}

/* A slice of labels a:b:s as positions, b included (pandas' loc), None ends kept. */
static Obj *label_slice(Interp *I, Obj *labels, Obj *r) {
  Obj *parts[3] = {fe_getattr_str(I, r, "start"), NULL, NULL};
  parts[1] = parts[0] ? fe_getattr_str(I, r, "stop") : NULL;
  parts[2] = parts[1] ? fe_getattr_str(I, r, "step") : NULL;
  Obj *pos[2] = {NULL, NULL};
  bool ok = parts[2] != NULL;
  for (int k = 0; ok && k < 2; k++) {
    if (parts[k] == &I->none) {
      pos[k] = fe_none(I);
      continue;
    }
    int64_t at = label_at(I, labels, parts[k], k == 1);
    if (at == -2) {   /* a label it lacks: pandas searches a sorted index */
      at = bound_at(I, labels, parts[k]);
      at -= k * (at >= 0);   /* a stop found so is already past the labels below it */
    }
    ok = !I->exc_pending;
    if (!ok)
      break;
    pos[k] = fe_int(I, at + k);   /* the stop label is included */
    ok = pos[k] != NULL;
  }
  /* a stop before the start with a negative step: stop's position - 1 (None past 0) */
  if (ok && parts[1] != &I->none && parts[2] != &I->none) {
    int64_t step, stop;
    ok = fe_as_int(I, parts[2], &step) == 0 && fe_as_int(I, pos[1], &stop) == 0;
    if (ok && step < 0)
      fe_setref(I, &pos[1], stop - 2 < 0 ? fe_none(I) : fe_int(I, stop - 2));
  }
  Obj *s = ok ? fe_slice_new(I, pos[0], pos[1], parts[2] == &I->none ? NULL : parts[2]) : NULL;
  for (int k = 0; k < 3; k++)
    fe_decref(I, parts[k]);
  fe_decref(I, pos[0]), fe_decref(I, pos[1]);
  return s;
}

static bool is_series(Obj *v) {
  return v->cls->layout == &pl_series_layout;
}

/* The row labels of a frame or a Series (a new list). */
static Obj *labels_of(Interp *I, Obj *v) {
  int64_t first = 0;
  Obj *index = is_series(v) ? pl_series_index(v, &first) : pl_frame_index(v);
  return pl_labels(I, index, is_series(v) ? first : pl_frame_first(v), fe_len(I, v));
}

/* loc's row key as iloc's, by the frame's row labels: a label its position (or the list of
 * positions of the rows that share it), a slice of labels the positions from the start's
 * to the stop's (included), a list of labels their positions (every row of each); a
 * boolean mask stays as it is. KeyError for a label the frame lacks. */
static Obj *row_key(Interp *I, Obj *frame, Obj *r, bool labels) {
  if (!labels || is_mask(I, r)) {
    fe_incref(r);
    return r;
  }
  Obj *all = labels_of(I, frame);
  Obj *out = NULL;
  if (!all)
    return NULL;
  if (FE_IS(r, slice)) {
    out = label_slice(I, all, r);
  } else if (fe_is_seq(I, r) || pl_is_array(r) ||
             r->cls->layout == &pl_series_layout) {
    Obj *it = fe_iter(I, r), *v;
    out = it ? fe_list_new(I, 0) : NULL;
    while (out && (v = fe_next(I, it))) {
      Obj *p = positions_of(I, all, v);
      if (p && fe_len(I, p) == 0)
        key_error(I, v);
      if (!p || fe_len(I, p) == 0 || fe_list_extend(I, out, p) < 0)
        fe_setref(I, &out, NULL);
      fe_decref(I, p), fe_decref(I, v);
    }
    if (I->exc_pending)
      fe_setref(I, &out, NULL);
    fe_decref(I, it);
  } else {
    out = pl_label_rows(I, all, r);
  }
  fe_decref(I, all);
  return out;
}

/* The names the column key selects (a list), and whether it was one column. */
static Obj *column_names(Interp *I, Obj *names, Obj *c, bool labels, bool *one) {
  *one = !FE_IS(c, slice) && !fe_is_seq(I, c) && !pl_is_array(c);
  if (*one) {
    Obj *name = labels ? (fe_incref(c), c) : fe_getitem(I, names, c);
    Obj *r = name ? fe_list_new(I, 0) : NULL;
    if (r && fe_list_append(I, r, name) < 0)
      fe_setref(I, &r, NULL);
    fe_decref(I, name);
    return r;
  }
  if (FE_IS(c, slice) && !labels)
    return fe_getitem(I, names, c);
  if (FE_IS(c, slice))
    return fe_throw(I, EXC_NotImplementedError, "loc with a slice of column names is not "
                    "supported by nnc yet: list the names");
  Obj *r = fe_list_new(I, 0), *it = r ? fe_iter(I, c) : NULL, *v;
  while (it && (v = fe_next(I, it))) {
    Obj *name = labels ? (fe_incref(v), v) : fe_getitem(I, names, v);
    if (!name || fe_list_append(I, r, name) < 0)
      fe_setref(I, &it, NULL);
    fe_decref(I, name);
    fe_decref(I, v);
  }
  if (!it || I->exc_pending)
    fe_setref(I, &r, NULL);
  fe_decref(I, it);
  return r;
}

/* The labels of the rows key picks from the frame (a list). */
static Obj *row_labels(Interp *I, Obj *frame, Obj *key) {
  Obj *all = labels_of(I, frame);
  Obj *r = all ? pl_col_take(I, all, key) : NULL;
  fe_decref(I, all);
  return r;
}

/* The label of the row at position k (an int). */
static Obj *row_label(Interp *I, Obj *frame, Obj *k) {
  Obj *all = labels_of(I, frame);
  Obj *r = all ? fe_getitem(I, all, k) : NULL;
  fe_decref(I, all);
  return r;
}

/* A column picked from a frame (a 1-d array or text) as the Series pandas gives (else part
 * itself). */
static Obj *as_series(Interp *I, Obj *part, Obj *index, Obj *name) {
  if (part && pl_is_objarray(part)) {   /* a row of mixed values: an object column */
    int ndim;
    Obj *items = fe_list_from_iter(I, pl_objarray_items(part, &ndim));
    fe_decref(I, part);
    part = items;
  }
  if (!part || !index || !(pl_col_is_text(I, part) || (pl_is_array(part) && PL_ND(part)->ndim == 1))) {
    fe_decref(I, index);
    return part;
  }
  Obj *s = pl_series_of(I, index, 0, part, name);
  fe_decref(I, index);
  fe_decref(I, part);
  return s;
}

/* s.iloc[key], s.loc[key]: a value for one row, else a Series of the rows. */
static Obj *series_rows(Interp *I, Obj *s, Obj *key, bool labels) {
  if (FE_IS(key, tuple))
    return fe_throw(I, EXC_IndexError, "Too many indexers");
  Obj *rk = row_key(I, s, key, labels), *col = rk ? pl_series_column(s) : NULL;
  Obj *out = col ? pl_col_take(I, col, rk) : NULL;
  if (out && !fe_is_int(I, rk)) {
    Obj *name = fe_getattr_str(I, s, "name");
    out = name ? as_series(I, out, row_labels(I, s, rk), name) : (fe_decref(I, out), NULL);
    fe_decref(I, name);
  }
  fe_decref(I, rk), fe_decref(I, col);
  return out;
}

static Obj *ix_getitem(Interp *I, Obj *o, Obj *key) {
  PdIndexer *x = (PdIndexer *)o;
  if (is_series(x->frame))
    return series_rows(I, x->frame, key, x->labels);
  Obj *r = key, *c = NULL;
  if (FE_IS(key, tuple)) {
    if (FE_TUPLE(key)->n != 2)
      return fe_throw(I, EXC_IndexError, "Too many indexers");
    r = FE_TUPLE(key)->v[0], c = FE_TUPLE(key)->v[1];
  }
  bool one = false;
  Obj *all = c ? NULL : fe_getattr_str(I, x->frame, "columns");
  Obj *names = c ? column_names(I, pl_frame_names(x->frame), c, x->labels, &one) : all;
  Obj *rk = names ? row_key(I, x->frame, r, x->labels) : NULL;
  Obj *const *nv;
  int64_t n;
  if (!rk || !fe_seq_items(I, names, &nv, &n)) {
    fe_decref(I, names), fe_decref(I, rk);
    return NULL;
  }
  Obj *out = NULL;
  if (one) {
    Obj *col = pl_frame_column(I, x->frame, nv[0]);
    out = col ? pl_col_take(I, col, rk) : NULL;
    if (out && (pl_col_is_text(I, out) || (pl_is_array(out) && PL_ND(out)->ndim == 1)))
      out = as_series(I, out, row_labels(I, x->frame, rk), nv[0]);
    fe_decref(I, col);
  } else {
    Obj *sel = pl_frame_select(I, x->frame, names), *vals = NULL;
    if (sel && fe_is_int(I, rk)) {   /* one row: its values across the columns */
      vals = fe_getattr_str(I, sel, "values");
      Obj *row = vals ? fe_getitem(I, vals, rk) : NULL;
      Obj *label = x->labels ? (fe_incref(r), r) : row_label(I, x->frame, rk);
      fe_incref(names);
      if (label)   /* the Series is named by the row's label */
        out = as_series(I, row, names, label);
      else
        fe_decref(I, row), fe_decref(I, names);
      fe_decref(I, label);
    } else if (sel) {
      out = pl_frame_rows(I, sel, rk);
    }
    fe_decref(I, sel), fe_decref(I, vals);
  }
  fe_decref(I, names), fe_decref(I, rk);
  return out;
}

static int refuse(Interp *I, const char *what) {
  fe_throw(I, EXC_NotImplementedError, "%s is not supported by nnc yet: set one column's rows, "
           "df.loc[rows, 'column'] = value (or df.iloc[rows, j])", what);
  return -1;
}

/* The column's values with rows rk set to v, as numpy sets an array's items; a column of
 * ints or booleans given a float (NaN above all) becomes float64 first, as pandas makes it. */
static Obj *column_set(Interp *I, Obj *col, Obj *rk, Obj *v) {
  NdArray *a = pl_array_arg(I, col);
  bool widen = a && (nd_dtype_is_int(a->dtype) || a->dtype == ND_BOOL) && FE_ISA(I, v, float);
  NdArray *c = a ? (widen ? nd_astype(a, ND_FLOAT64) : nd_copy(a)) : NULL;
  nd_unref(a);
  if (a && !c)
    pl_nd_raise(I);
  Obj *out = c ? pl_array_wrap(I, c) : NULL;
  /* a Series mask indexes by its values */
  NdArray *m = out && rk->cls->layout == &pl_series_layout ? pl_array_arg(I, rk) : NULL;
  Obj *key = m ? pl_array_wrap(I, m) : (fe_incref(rk), rk);
  if (!key || fe_setitem(I, out, key, v) < 0)
    fe_setref(I, &out, NULL);
  fe_decref(I, key);
  return out;
}

/* df.loc[rows, 'column'] = v and df.iloc[rows, j] = v: the rows of one column that exists
 * (pandas would also add a column, or set whole rows). */
static int ix_setitem(Interp *I, Obj *o, Obj *key, Obj *v) {
  PdIndexer *x = (PdIndexer *)o;
  if (!v)
    return refuse(I, "del df.loc[...]");
  if (is_series(x->frame))
    return refuse(I, "s.loc[...] = value on a Series");
  if (!FE_IS(key, tuple) || FE_TUPLE(key)->n != 2)
    return refuse(I, "df.loc[rows] = value (whole rows)");
  bool one = false;
  Obj *names = column_names(I, pl_frame_names(x->frame), FE_TUPLE(key)->v[1], x->labels, &one);
  Obj *const *nv;
  int64_t n;
  if (!names || !fe_seq_items(I, names, &nv, &n)) {
    fe_decref(I, names);
    return -1;
  }
  int has = one ? fe_seq_contains(I, FE_LIST(pl_frame_names(x->frame))->v,
                                  FE_LIST(pl_frame_names(x->frame))->n, nv[0]) : 0;
  if (has != 1) {
    fe_decref(I, names);
    return has < 0 ? -1 : refuse(I, one ? "df.loc[rows, a new column] = value"
                                        : "df.loc[rows, several columns] = value");
  }
  Obj *col = pl_frame_column(I, x->frame, nv[0]);
  Obj *rk = col ? row_key(I, x->frame, FE_TUPLE(key)->v[0], x->labels) : NULL;
  int r = -1;
  if (rk && pl_col_is_text(I, col))
    refuse(I, "df.loc[rows, 'column'] = value of a text column");
  else if (rk) {
    Obj *set = column_set(I, col, rk, v);
    r = set ? fe_setitem(I, x->frame, nv[0], set) : -1;
    fe_decref(I, set);
  }
  fe_decref(I, rk), fe_decref(I, col), fe_decref(I, names);
  return r;
}

const Layout pl_indexer_layout = {.name = "_LocIndexer", .size = sizeof(PdIndexer),
                                  .clear = ix_clear, .traverse = ix_traverse,
                                  .getitem = ix_getitem, .setitem = ix_setitem};

Obj *pl_frame_indexer(Interp *I, Obj *frame, bool labels) {
  PdIndexer *x = (PdIndexer *)fe_new(I, pl_state(I)->pd_indexer, sizeof(PdIndexer));
  if (!x)
    return NULL;
  fe_incref(frame);
  x->frame = frame, x->labels = labels;
  return &x->hd;
}
