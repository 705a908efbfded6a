/* pd_replace.c — Series.replace and DataFrame.replace, as tutorials encode a column
 * (df['sex'].replace({'male': 0, 'female': 1})) or mark missing values (df.replace('?',
 * np.nan)): each value equal to one of the values to replace becomes the value given for
 * it, all at once (replace({1: 2, 2: 3}) turns a 1 into 2, not 3).
 *
 * Equality is pandas': a bool matches only a bool, a number a number (1 matches 1.0), NaN
 * matches NaN, a str a str. The result's dtype is pandas' too: text whose values all became
 * numbers or bools becomes int64, float64 or bool, as pandas converts an object column after
 * a replace; a column of numbers keeps its dtype when it can hold the new values (ints take
 * integral floats), ints become float64 for a fraction or NaN, and anything else (a str, a
 * bool among numbers) makes the column text (dtype object). */
#include <math.h>

#include "pylib.h"

/* What a value is, for matching and for the dtype it asks of a column. */
typedef enum { V_BOOL, V_INT, V_FLOAT, V_OTHER } Kind;

static Kind kind_of(Interp *I, Obj *v) {
  if (pl_is_array(v) && PL_ND(v)->ndim == 0) {   /* a numpy scalar */
    NdDtype t = PL_ND(v)->dtype;
    return t == ND_BOOL ? V_BOOL : nd_dtype_is_int(t) ? V_INT : V_FLOAT;
  }
  return FE_IS(v, bool) ? V_BOOL : FE_IS(v, int) ? V_INT : FE_IS(v, float) ? V_FLOAT : V_OTHER;
}

static bool is_nan(Interp *I, Obj *v) {
  double x = 0;
  return kind_of(I, v) == V_FLOAT && fe_as_double(I, v, &x) == 0 && isnan(x);
}

/* Whether value v is to be replaced by key; -1 with an exception. */
static int matches(Interp *I, Obj *v, Obj *key) {
  Kind a = kind_of(I, v), b = kind_of(I, key);
  if ((a == V_BOOL) != (b == V_BOOL) || (a == V_OTHER) != (b == V_OTHER))
    return 0;
  if (is_nan(I, v) && is_nan(I, key))
    return 1;
  return fe_eq(I, v, key);
}

/* The mapping: from[k] becomes to[k]. */
typedef struct {
  Obj *from, *to;     /* lists of as many values (owned) */
} Pairs;

static void pairs_free(Interp *I, Pairs *p) {
  fe_decref(I, p->from), fe_decref(I, p->to);
  p->from = p->to = NULL;
}

/* The pairs of a dict's items; false with an exception. */
static bool dict_pairs(Interp *I, Obj *d, Pairs *p) {
  p->from = fe_list_new(I, 0), p->to = p->from ? fe_list_new(I, 0) : NULL;
  Obj *key, *v;
  for (int64_t pos = 0; p->to && fe_dict_next(d, &pos, &key, &v);)
    if (fe_list_append(I, p->from, key) < 0 || fe_list_append(I, p->to, v) < 0)
      pairs_free(I, p);
  return p->to != NULL;
}

/* The pairs of replace(to_replace, value) where neither is a dict: a value for a value, a
 * list for a list of as many, one value for a list. */
static bool value_pairs(Interp *I, Obj *to_replace, Obj *value, Pairs *p) {
  bool many = FE_IS(to_replace, list) || FE_IS(to_replace, tuple);
  if (!many && (FE_IS(value, list) || FE_IS(value, tuple))) {
    fe_throw(I, EXC_NotImplementedError, "replace(value=) of a list for one value is not "
             "supported by nnc yet: give value= one value");
    return false;
  }
  p->from = many ? fe_list_from_iter(I, to_replace) : fe_list_new(I, 0);
  p->to = p->from ? fe_list_new(I, 0) : NULL;
  if (p->to && !many && fe_list_append(I, p->from, to_replace) < 0)
    pairs_free(I, p);
  int64_t n = p->to ? fe_len(I, p->from) : 0;
  bool lists = FE_IS(value, list) || FE_IS(value, tuple);
  if (p->to && lists && fe_len(I, value) != n) {
    fe_throw(I, EXC_ValueError, "Replacement lists must match in length. Expecting %lld got "
             "%lld ", (long long)n, (long long)fe_len(I, value));
    pairs_free(I, p);
  } else if (p->to && lists) {
    fe_setref(I, &p->to, fe_list_from_iter(I, value));
  }
  for (int64_t k = 0; p->to && !lists && k < n; k++)
    if (fe_list_append(I, p->to, value) < 0)
      pairs_free(I, p);
  return p->to != NULL;
}

/* Whether every item of a list is of kind k (V_FLOAT: a number, not a bool; V_INT with
 * integral: an int or an integral float). */
static bool all_are(Interp *I, Obj *items, Kind k, bool integral) {
  List *l = FE_LIST(items);
  for (int64_t i = 0; i < l->n; i++) {
    Kind got = kind_of(I, l->v[i]);
    double x = 0;
    bool ok = got == k || (k == V_FLOAT && got == V_INT) ||
              (k == V_INT && integral && got == V_FLOAT && fe_as_double(I, l->v[i], &x) == 0 &&
               isfinite(x) && x == floor(x));
    if (!ok)
      return false;
  }
  return true;
}

/* The column of the values items (a list, taken over) replaced in column c: text becomes
 * numbers or bools when all are, numbers keep c's dtype when it holds them all. */
static Obj *typed(Interp *I, Obj *c, Obj *items) {
  NdDtype t = ND_NODTYPE;
  if (pl_col_is_text(I, c))
    t = all_are(I, items, V_BOOL, false) ? ND_BOOL : all_are(I, items, V_INT, false) ? ND_INT64
        : all_are(I, items, V_FLOAT, false) ? ND_FLOAT64 : ND_NODTYPE;
  else if (PL_ND(c)->dtype == ND_BOOL)
    t = all_are(I, items, V_BOOL, false) ? ND_BOOL : ND_NODTYPE;
  else if (nd_dtype_is_int(PL_ND(c)->dtype))
    t = all_are(I, items, V_INT, true) ? PL_ND(c)->dtype
        : all_are(I, items, V_FLOAT, false) ? ND_FLOAT64 : ND_NODTYPE;
  else
    t = all_are(I, items, V_FLOAT, false) ? PL_ND(c)->dtype : ND_NODTYPE;
  if (t == ND_NODTYPE)
    return items;   /* text: dtype object */
  NdArray *a = pl_array_of(I, items, t, true);
  fe_decref(I, items);
  return a ? pl_array_wrap(I, a) : pl_nd_raise(I);
}

/* Column cur with to where the original column c holds a value matching from: a new
 * column, typed as pandas converts it after each replacement (cur itself when none
 * matched). */
static Obj *step(Interp *I, Obj *c, Obj *cur, Obj *from, Obj *to) {
  int64_t n = fe_len(I, c);
  Obj *out = fe_list_new(I, 0);
  bool changed = false;
  for (int64_t i = 0; out && i < n; i++) {
    Obj *was = pl_col_item(I, c, i);
    int same = was ? matches(I, was, from) : -1;
    Obj *v = same == 1 ? (fe_incref(to), to) : same == 0 ? pl_col_item(I, cur, i) : NULL;
    changed = changed || same == 1;
    if (!v || fe_list_append(I, out, v) < 0)
      fe_setref(I, &out, NULL);
    fe_decref(I, was), fe_decref(I, v);
  }
  if (!out || changed)
    return out ? typed(I, cur, out) : NULL;
  fe_decref(I, out);
  fe_incref(cur);
  return cur;
}

/* Column c with the pairs' values replaced: a new column (c itself when none matched). The
 * pairs go in order, each converting the column as pandas does (['a', 'b', nan] with
 * {'a': 1, 'b': 2, nan: 3} is float64 by the second), but all match c's values. */
static Obj *replaced(Interp *I, Obj *c, const Pairs *p) {
  int64_t np = fe_len(I, p->from);
  Obj *cur = c;
  fe_incref(cur);
  for (int64_t k = 0; cur && k < np; k++)
    fe_setref(I, &cur, step(I, c, cur, FE_LIST(p->from)->v[k], FE_LIST(p->to)->v[k]));
  return cur;
}

/* Refuses what nnc does not do: the pad method (no value), limit=, regex= and method=. */
static bool supported(Interp *I, Obj *to_replace, Obj **args) {
  if (!args[1] && !FE_IS(to_replace, dict))
    fe_throw(I, EXC_NotImplementedError, "replace(to_replace) without value= (filling from "
             "the previous value) is not supported by nnc yet: give value=");
  else if (args[3] != &I->none || args[4] != &I->false_.hd || args[5])
    fe_throw(I, EXC_NotImplementedError, "replace(limit=, regex=, method=) is not supported "
             "by nnc yet: give to_replace and value");
  return !I->exc_pending;
}

/* s.replace(to_replace=None, value=<missing>, *, inplace=False, limit=None, regex=False,
 * method=<missing>): a new Series with the same labels and name, or with inplace=True None,
 * s changed (and the frame s is a column of, as pandas 1.5 changes it). */
Obj *pl_series_replace(Interp *I, Obj *self, Obj **args) {
  Obj *to_replace = args[0], *value = args[1];
  if (!supported(I, to_replace, args))
    return NULL;
  int in = fe_truth(I, args[2]);
  if (in < 0)
    return NULL;
  if (FE_IS(to_replace, dict) && value && value != &I->none)
    return fe_throw(I, EXC_ValueError, "Series.replace cannot use dict-like to_replace and "
                    "non-None value");
  Pairs p = {0};
  bool ok = FE_IS(to_replace, dict) ? dict_pairs(I, to_replace, &p)
                                    : value_pairs(I, to_replace, value, &p);
  Obj *c = ok ? pl_series_column(self) : NULL, *r = c ? replaced(I, c, &p) : NULL;
  Obj *s = !r ? NULL : in ? (pl_series_set_values(I, self, r) < 0 ? NULL : fe_none(I))
                          : pl_series_like(I, self, r);
  pairs_free(I, &p);
  fe_decref(I, c), fe_decref(I, r);
  return s;
}

/* The pairs for the column `name` of a frame: per: a dict of them by column (absent: none,
 * p->from stays NULL), else shared. */
static bool column_pairs(Interp *I, Obj *per, Obj *value, Obj *name, const Pairs *shared,
                         Pairs *p) {
  if (!per) {
    *p = (Pairs){shared->from, shared->to};
    fe_incref(p->from), fe_incref(p->to);
    return true;
  }
  int err = 0;
  Obj *mine = fe_dict_get(I, per, name, &err);
  if (err || !mine)
    return !err;
  return FE_IS(mine, dict) ? dict_pairs(I, mine, p) : value_pairs(I, mine, value, p);
}

/* Whether a dict's values are dicts (all: 1, none: 0); -1 with pandas' TypeError for a
 * mix. */
static int nested(Interp *I, Obj *d) {
  Obj *key, *v;
  int64_t dicts = 0;
  for (int64_t pos = 0; fe_dict_next(d, &pos, &key, &v);)
    dicts += FE_IS(v, dict);
  if (dicts > 0 && dicts < fe_len(I, d))
    fe_throw(I, EXC_TypeError, "If a nested mapping is passed, all values of the top level "
             "mapping must be mappings");
  return dicts > 0 && dicts < fe_len(I, d) ? -1 : dicts > 0;
}

/* df.replace(...) as Series.replace on every column, or by column: {'col': {old: new}},
 * or {'col': old} with value=. inplace=True changes the frame itself and gives None. */
Obj *pl_frame_replace(Interp *I, Obj *self, Obj **args) {
  Obj *to_replace = args[0], *value = args[1];
  if (!supported(I, to_replace, args))
    return NULL;
  bool dict = FE_IS(to_replace, dict);
  if (dict && value && FE_IS(value, dict))
    return fe_throw(I, EXC_NotImplementedError, "replace(dict, dict) is not supported by nnc "
                    "yet: give {'column': {old: new}}");
  int deep = dict && !value ? nested(I, to_replace) : 0;
  Obj *per = dict && (deep == 1 || value) ? to_replace : NULL;
  Pairs shared = {0};
  bool ok = deep >= 0 && (per || (dict ? dict_pairs(I, to_replace, &shared)
                                       : value_pairs(I, to_replace, value, &shared)));
  Obj *names = pl_frame_names(self), *const *nv;
  int64_t n = 0;
  ok = ok && fe_seq_items(I, names, &nv, &n);
  Obj **cols = ok ? base_calloc((size_t)(n ? n : 1), sizeof *cols) : NULL;
  if (ok && !cols)
    fe_throw(I, EXC_MemoryError, "out of memory");
  for (int64_t j = 0; cols && j < n && !I->exc_pending; j++) {
    Pairs p = {0};
    Obj *c = pl_frame_column(I, self, nv[j]);
    if (c && column_pairs(I, per, value, nv[j], &shared, &p))
      cols[j] = p.from ? replaced(I, c, &p) : (fe_incref(c), c);
    pairs_free(I, &p);
    fe_decref(I, c);
  }
  Obj *r = cols && !I->exc_pending ? pl_frame_from(I, names, cols, fe_len(I, self)) : NULL;
  for (int64_t j = 0; cols && j < n; j++)
    fe_decref(I, cols[j]);
  base_free(cols);
  pairs_free(I, &shared);
  if (r)
    pl_frame_take_labels(I, r, self);
  return pl_frame_result(I, self, r, args[2]);
}
