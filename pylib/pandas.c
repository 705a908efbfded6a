/* pandas.c — the part of pandas tutorials use to hold a data set before Keras sees it: a
 * DataFrame of named numpy columns. DataFrame(array or dict, columns=...), df['name'] (the
 * column), df[['a', 'b']], df['name'] = values, df.drop(names, axis=1) or drop(columns=...),
 * df.columns, df.shape, df.values and df.to_numpy(), len(df); a DataFrame goes wherever an
 * array does (numpy, scikit-learn, fit), as its values.
 *
 * Differences from pandas, said here because they show: a column is a numpy array (pandas
 * gives a Series, which prints with its index), a DataFrame has no index and prints as a
 * summary line, and df.columns is a list. Anything else is refused by name. */
#include <stddef.h>
#include <string.h>

#include "pylib.h"

typedef struct {
  Obj hd;
  Obj *names;         /* list of the column names, in order */
  Obj *cols;          /* dict: name -> 1-d numpy array, every one of `rows` values */
  int64_t rows;
} PdFrame;

static void frame_clear(Interp *I, Obj *o) {
  fe_setref(I, &((PdFrame *)o)->names, NULL);
  fe_setref(I, &((PdFrame *)o)->cols, NULL);
}

static void frame_traverse(Obj *o, FeVisit visit, void *arg) {
  PdFrame *f = (PdFrame *)o;
  if (f->names)
    visit(f->names, arg);
  if (f->cols)
    visit(f->cols, arg);
}

static Obj *frame_repr(Interp *I, Obj *o) {
  PdFrame *f = (PdFrame *)o;
  return fe_strf(I, "<DataFrame: %lld rows x %lld columns>", (long long)f->rows,
                 (long long)fe_len(I, f->names));
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

/* Sets column `name` to v (an array-like of rows values, or one value for every row). */
static int set_column(Interp *I, PdFrame *f, Obj *name, Obj *v) {
  NdArray *a = pl_array_arg(I, v);
  if (!a)
    return -1;
  if (a->ndim == 0) {
    NdArray *b = nd_broadcast_to(a, 1, &f->rows), *c = b ? nd_copy(b) : NULL;
    nd_unref(b);
    nd_unref(a);
    a = c;
  }
  if (a && (a->ndim != 1 || a->shape[0] != f->rows)) {
    fe_throw(I, EXC_ValueError, "Length of values (%lld) does not match length of index (%lld)",
             (long long)(a->ndim ? a->shape[0] : 1), (long long)f->rows);
    nd_unref(a);
    return -1;
  }
  Obj *col = a ? pl_array_wrap(I, a) : pl_nd_raise(I);
  int err = 0, r = -1;
  Obj *old = col ? fe_dict_get(I, f->cols, name, &err) : NULL;
  if (col && !err)
    r = old || fe_list_append(I, f->names, name) == 0 ? fe_dict_set(I, f->cols, name, col) : -1;
  fe_decref(I, col);
  return r;
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
    if (!c || set_column(I, g, v[i], c) < 0)
      fe_setref(I, (Obj **)&g, NULL);
    fe_decref(I, c);
  }
  return g ? &g->hd : NULL;
}

static Obj *frame_getitem(Interp *I, Obj *o, Obj *key) {
  if (FE_IS(key, list))
    return select(I, (PdFrame *)o, key);
  return column(I, (PdFrame *)o, key);
}

static int frame_setitem(Interp *I, Obj *o, Obj *key, Obj *v) {
  if (!v) {
    fe_throw(I, EXC_NotImplementedError, "del df[...] is not supported by nnc yet: use drop");
    return -1;
  }
  return set_column(I, (PdFrame *)o, key, v);
}

static const Layout frame_layout = {
    .name = "DataFrame", .size = sizeof(PdFrame), .clear = frame_clear,
    .traverse = frame_traverse, .repr = frame_repr, .len = frame_len,
    .getitem = frame_getitem, .setitem = frame_setitem,
};

bool pl_is_frame(Obj *v) {
  return v->cls->layout == &frame_layout;
}

NdArray *pl_frame_values(Interp *I, Obj *v) {
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
  for (int64_t i = 0; i < n; i++)
    cols[i] = PL_ND(fe_dict_get(I, f->cols, names[i], &(int){0}));
  NdArray *r = nd_column_stack((int)n, cols);
  base_free(cols);
  return r;
}

/* DataFrame(data, index=None, columns=None, dtype=None, copy=None) */
static Obj *frame_ctor(Interp *I, Obj *self, Obj **args) {
  for (int k = 1; k <= 4; k += 2)
    if (args[k] != &I->none)
      return fe_throw(I, EXC_NotImplementedError, "DataFrame(%s=...) is not supported by nnc yet",
                      k == 1 ? "index" : "dtype");
  Obj *data = args[0], *columns = args[2];
  if (FE_IS(data, dict)) {
    Obj *key, *v;
    PdFrame *f = NULL;
    for (int64_t pos = 0; fe_dict_next(data, &pos, &key, &v);) {
      if (!f) {
        int64_t n = fe_len(I, v);
        f = n < 0 ? NULL : frame_new(I, (Class *)self, n);
      }
      if (!f || set_column(I, f, key, v) < 0) {
        fe_decref(I, f ? &f->hd : NULL);
        return NULL;
      }
    }
    if (!f)
      f = frame_new(I, (Class *)self, 0);
    return f ? &f->hd : NULL;
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
  return f ? &f->hd : NULL;
}

/* df.drop(labels=None, *, axis=0, columns=None): a new frame without those columns. */
static Obj *frame_drop(Interp *I, Obj *self, Obj **args) {
  PdFrame *f = (PdFrame *)self;
  Obj *labels = args[2] != &I->none ? args[2] : args[0];
  int64_t axis = 0;
  if (args[2] == &I->none) {
    if (fe_str_is(args[1], "columns"))
      axis = 1;
    else if (!fe_str_is(args[1], "index") && fe_as_int(I, args[1], &axis) < 0)
      return NULL;
    if (axis != 1)
      return fe_throw(I, EXC_NotImplementedError, "drop(axis=0), dropping rows, is not supported "
                      "by nnc yet");
  }
  Obj *gone;
  if (FE_IS(labels, list) || FE_IS(labels, tuple)) {
    fe_incref(labels);
    gone = labels;
  } else {
    gone = fe_tuple_pack(I, 1, labels);
  }
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

static Obj *frame_values(Interp *I, Obj *self) {
  return pl_array_wrap(I, pl_frame_values(I, self));
}

static Obj *frame_to_numpy(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return frame_values(I, self);
}

static Obj *frame_columns(Interp *I, Obj *self) {
  return fe_list_from_iter(I, ((PdFrame *)self)->names);
}

static Obj *frame_shape(Interp *I, Obj *self) {
  PdFrame *f = (PdFrame *)self;
  int64_t shape[2] = {f->rows, fe_len(I, f->names)};
  return pl_shape_tuple(I, 2, shape);
}

static const FeFnDef frame_methods[] = {
    {"drop", frame_drop, "(labels=None, *, axis=0, columns=None)", "pandas.DataFrame", NULL},
    {"to_numpy", frame_to_numpy, "()", PL_ARRAY, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeGetDef frame_props[] = {
    {"values", frame_values, NULL},
    {"columns", frame_columns, NULL},
    {"shape", frame_shape, NULL},
    {NULL, NULL, NULL},
};

static const FeClassDef classes[] = {
    {.name = "DataFrame", .layout = &frame_layout, .ctor = frame_ctor,
     .ctor_sig = "(data=None, index=None, columns=None, dtype=None, copy=None)",
     .methods = frame_methods, .props = frame_props},
    {.name = NULL},
};

const FeModuleDef pl_pandas_def = {.name = "pandas", .classes = classes};
