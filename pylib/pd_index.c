/* pd_index.c — df.iloc[rows, cols] and df.loc[rows, cols], pandas' positional and label
 * indexers. Rows go through numpy's indexing of each column (an int, a slice, a list of
 * ints or a boolean mask); columns are positions (iloc) or names (loc: a name, a list, or
 * a slice, whose end is included as in pandas). loc takes row labels as row numbers, so
 * its row slice a:b is iloc's a:b+1 (right until rows were dropped). One column gives a
 * Series with the rows' labels, one row and one column a scalar. */
#include "pylib.h"

typedef struct {
  Obj hd;
  Obj *frame;
  bool labels;        /* loc, else iloc */
} PdIndexer;

static void ix_clear(Interp *I, Obj *o) {
  fe_setref(I, &((PdIndexer *)o)->frame, NULL);
}

static void ix_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((PdIndexer *)o)->frame)
    visit(((PdIndexer *)o)->frame, arg);
}

/* loc's row key as iloc's: a slice's stop made inclusive. */
static Obj *row_key(Interp *I, Obj *r, bool labels) {
  if (labels && FE_IS(r, slice)) {
    Obj *stop = fe_getattr_str(I, r, "stop"), *start = stop ? fe_getattr_str(I, r, "start") : NULL;
    Obj *one = start ? fe_int(I, 1) : NULL;
    Obj *end = one ? (stop == &I->none ? fe_none(I) : fe_binop(I, PY_ADD, stop, one)) : NULL;
    Obj *slice_cls = end ? (Obj *)r->cls : NULL;
    Obj *args[2] = {start, end};
    Obj *s = slice_cls ? fe_call(I, slice_cls, args, 2, NULL) : NULL;
    fe_decref(I, stop), fe_decref(I, start), fe_decref(I, one), fe_decref(I, end);
    return s;
  }
  fe_incref(r);
  return r;
}

/* The names the column key selects (a list), and whether it was one column. */
static Obj *column_names(Interp *I, Obj *names, Obj *c, bool labels, bool *one) {
  *one = !FE_IS(c, slice) && !FE_IS(c, list) && !FE_IS(c, tuple) && !pl_is_array(c);
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
  Obj *all = pl_labels(I, pl_frame_index(frame), pl_frame_first(frame), fe_len(I, frame));
  Obj *r = all ? pl_col_take(I, all, key) : NULL;
  fe_decref(I, all);
  return r;
}

/* A column picked from a frame (a 1-d array or text) as the Series pandas gives (else part
 * itself). */
static Obj *as_series(Interp *I, Obj *part, Obj *index, Obj *name) {
  if (!part || !index || !(pl_col_is_text(I, part) || (pl_is_array(part) && PL_ND(part)->ndim == 1))) {
    fe_decref(I, index);
    return part;
  }
  Obj *s = pl_series_of(I, index, 0, part, name);
  fe_decref(I, index);
  fe_decref(I, part);
  return s;
}

static Obj *ix_getitem(Interp *I, Obj *o, Obj *key) {
  PdIndexer *x = (PdIndexer *)o;
  Obj *r = key, *c = NULL;
  if (FE_IS(key, tuple)) {
    if (FE_TUPLE(key)->n != 2)
      return fe_throw(I, EXC_IndexError, "Too many indexers");
    r = FE_TUPLE(key)->v[0], c = FE_TUPLE(key)->v[1];
  }
  bool one = false;
  Obj *all = c ? NULL : fe_getattr_str(I, x->frame, "columns");
  Obj *names = c ? column_names(I, pl_frame_names(x->frame), c, x->labels, &one) : all;
  Obj *rk = names ? row_key(I, r, x->labels) : NULL;
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
      fe_incref(names);
      out = as_series(I, row, names, rk);
    } else if (sel) {
      out = pl_frame_rows(I, sel, rk);
    }
    fe_decref(I, sel), fe_decref(I, vals);
  }
  fe_decref(I, names), fe_decref(I, rk);
  return out;
}

const Layout pl_indexer_layout = {.name = "_LocIndexer", .size = sizeof(PdIndexer),
                                  .clear = ix_clear, .traverse = ix_traverse,
                                  .getitem = ix_getitem};

Obj *pl_frame_indexer(Interp *I, Obj *frame, bool labels) {
  PdIndexer *x = (PdIndexer *)fe_new(I, pl_state(I)->pd_indexer, sizeof(PdIndexer));
  if (!x)
    return NULL;
  fe_incref(frame);
  x->frame = frame, x->labels = labels;
  return &x->hd;
}
