/* pd_series.c — pandas.Series as DataFrame.sum() and isnull().sum() give it: labelled
 * values (an index of labels and a 1-d numpy array), printed as pandas prints a Series,
 * indexed by label (s['a']), and an array wherever numpy takes one (its values). */
#include "pylib.h"

typedef struct {
  Obj hd;
  Obj *index;         /* list of labels, one per value */
  Obj *values;        /* a 1-d numpy array */
  Obj *name;          /* or None */
} PdSeries;

static void series_clear(Interp *I, Obj *o) {
  PdSeries *s = (PdSeries *)o;
  fe_setref(I, &s->index, NULL);
  fe_setref(I, &s->values, NULL);
  fe_setref(I, &s->name, NULL);
}

static void series_traverse(Obj *o, FeVisit visit, void *arg) {
  PdSeries *s = (PdSeries *)o;
  Obj *v[3] = {s->index, s->values, s->name};
  for (int i = 0; i < 3; i++)
    if (v[i])
      visit(v[i], arg);
}

static Obj *series_repr(Interp *I, Obj *o) {
  PdSeries *s = (PdSeries *)o;
  return pl_pd_series(I, s->index, PL_ND(s->values), s->name);
}

static int64_t series_len(Interp *I, Obj *o) {
  (void)I;
  return PL_ND(((PdSeries *)o)->values)->size;
}

/* s[label]: the value at that label; KeyError otherwise. */
static Obj *series_getitem(Interp *I, Obj *o, Obj *key) {
  PdSeries *s = (PdSeries *)o;
  Obj *const *v;
  int64_t n;
  if (!fe_seq_items(I, s->index, &v, &n))
    return NULL;
  for (int64_t i = 0; i < n; i++) {
    int eq = fe_eq(I, v[i], key);
    if (eq < 0)
      return NULL;
    if (eq) {
      Obj *at = fe_int(I, i), *r = at ? fe_getitem(I, s->values, at) : NULL;
      fe_decref(I, at);
      return r;
    }
  }
  Obj *k = fe_repr(I, key);
  Obj *r = k ? fe_throw(I, EXC_KeyError, "%s", FE_STR(k)->s) : NULL;
  fe_decref(I, k);
  return r;
}

const Layout pl_series_layout = {
    .name = "Series", .size = sizeof(PdSeries), .clear = series_clear,
    .traverse = series_traverse, .repr = series_repr, .len = series_len,
    .getitem = series_getitem,
};

NdArray *pl_series_values(Obj *v) {
  return nd_ref(PL_ND(((PdSeries *)v)->values));
}

Obj *pl_series_make(Interp *I, Obj *index, NdArray *values, Obj *name) {
  PdSeries *s = (PdSeries *)fe_new(I, pl_state(I)->pd_series, sizeof(PdSeries));
  Obj *vals = s ? pl_array_wrap(I, values) : (nd_unref(values), NULL);
  if (!vals) {
    fe_decref(I, s ? &s->hd : NULL);
    return NULL;
  }
  fe_incref(index);
  fe_incref(name);
  s->index = index, s->values = vals, s->name = name;
  return &s->hd;
}

static Obj *series_values(Interp *I, Obj *self) {
  fe_incref(((PdSeries *)self)->values);
  (void)I;
  return ((PdSeries *)self)->values;
}

static Obj *series_index(Interp *I, Obj *self) {
  return fe_list_from_iter(I, ((PdSeries *)self)->index);
}

static Obj *series_to_numpy(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return series_values(I, self);
}

const FeFnDef pl_series_methods[] = {
    {"to_numpy", series_to_numpy, "()", PL_ARRAY, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeGetDef pl_series_props[] = {
    {"values", series_values, NULL},
    {"index", series_index, NULL},
    {NULL, NULL, NULL},
};

