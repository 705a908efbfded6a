/* pd_groupby.c — df.groupby('key'): the rows split by the key column's values, each column
 * reduced per group. Tutorials compare the classes this way before training
 * (df.groupby('Outcome').mean(), df.groupby('target')['age'].median(), .size()).
 *
 * The groups are the key's distinct present values (a missing key's rows are left out, as
 * dropna=True does), sorted (numbers, or text by code point) unless sort=False keeps their
 * order of appearance. A reduction gives a frame of the other columns (or those picked by
 * gb[['a', 'b']]), a row per group labelled by its key under an index named by the key
 * column; gb['a'] picks one column and gives a Series. Each group's column is reduced by the
 * Series method of that name, so the numbers are the columns' own; each result column takes
 * its dtype as a frame's reduction does (pd_reduce.c), and text columns raise TypeError in
 * all but count and nunique, as pandas 2.
 *
 * agg() takes a reduction's name, a list of them on one column (a column each) or a dict of
 * column to name.
 *
 * as_index=False gives the same frame with the keys as its first column and the rows
 * numbered, as reset_index() would (size() then names its column 'size').
 *
 * Differences from pandas, refused by name: several keys (a MultiIndex), agg of functions or of lists on a frame (MultiIndex columns), apply, transform and the rest
 * of GroupBy's methods. */
#include <string.h>

#include "pylib.h"

typedef struct {
  Obj hd;
  Obj *frame;
  Obj *key;           /* the key column's name */
  Obj *columns;       /* list: the columns reduced */
  bool series;        /* gb['a']: the result is a Series */
  bool sort;
  bool as_index;      /* false: the keys become a column of the result */
} PdGroupBy;

static void gb_clear(Interp *I, Obj *o) {
  PdGroupBy *g = (PdGroupBy *)o;
  fe_setref(I, &g->frame, NULL);
  fe_setref(I, &g->key, NULL);
  fe_setref(I, &g->columns, NULL);
}

static void gb_traverse(Obj *o, FeVisit visit, void *arg) {
  PdGroupBy *g = (PdGroupBy *)o;
  Obj *v[3] = {g->frame, g->key, g->columns};
  for (int i = 0; i < 3; i++)
    if (v[i])
      visit(v[i], arg);
}

static Obj *make(Interp *I, Obj *frame, Obj *key, Obj *columns, bool series, bool sort,
                 bool as_index) {
  PdGroupBy *g = (PdGroupBy *)fe_new(I, pl_state(I)->pd_groupby, sizeof(PdGroupBy));
  if (!g)
    return NULL;
  fe_incref(frame), fe_incref(key), fe_incref(columns);
  g->frame = frame, g->key = key, g->columns = columns, g->series = series, g->sort = sort;
  g->as_index = as_index;
  return &g->hd;
}

/* Whether name is one of df's columns; KeyError naming it when not. */
static bool has_column(Interp *I, Obj *df, Obj *name) {
  Obj *const *v;
  int64_t n;
  if (!fe_seq_items(I, pl_frame_names(df), &v, &n))
    return false;
  for (int64_t j = 0; j < n; j++) {
    int eq = fe_eq(I, v[j], name);
    if (eq != 0)
      return eq > 0;
  }
  Obj *s = fe_str(I, name);
  if (s)
    fe_throw(I, EXC_KeyError, "%s", FE_STR(s)->s);
  fe_decref(I, s);
  return false;
}

/* DataFrame.groupby(by=None, axis=0, level=None, as_index=True, sort=True, group_keys=True,
 * observed=False, dropna=True) */
Obj *pl_frame_groupby(Interp *I, Obj *self, Obj **args) {
  Obj *by = args[0];
  if ((FE_IS(by, list) || FE_IS(by, tuple)) && fe_len(I, by) == 1)
    by = FE_IS(by, list) ? FE_LIST(by)->v[0] : FE_TUPLE(by)->v[0];
  if (FE_IS(by, list) || FE_IS(by, tuple) || by == &I->none || args[2] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "groupby by several columns, a level or "
                    "nothing is not supported by nnc yet: group by one column's name");
  if (fe_truth(I, args[7]) != 1)
    return I->exc_pending ? NULL : fe_throw(I, EXC_NotImplementedError, "groupby(dropna=False) "
                                            "is not supported by nnc yet");
  int sort = fe_truth(I, args[4]), as_index = fe_truth(I, args[3]);
  if (sort < 0 || as_index < 0 || !has_column(I, self, by))
    return NULL;
  Obj *columns = fe_list_new(I, 0), *const *v;
  int64_t n;
  bool ok = columns && fe_seq_items(I, pl_frame_names(self), &v, &n);
  for (int64_t j = 0; ok && j < n; j++)
    ok = fe_eq(I, v[j], by) == 1 || fe_list_append(I, columns, v[j]) == 0;
  Obj *r = ok ? make(I, self, by, columns, false, sort, as_index) : NULL;
  fe_decref(I, columns);
  return r;
}

/* gb['a'] (a Series' groups) or gb[['a', 'b']]. */
static Obj *gb_getitem(Interp *I, Obj *self, Obj *key) {
  PdGroupBy *g = (PdGroupBy *)self;
  bool many = FE_IS(key, list) || FE_IS(key, tuple);
  Obj *columns = many ? fe_list_from_iter(I, key) : fe_list_new(I, 0);
  if (columns && !many && fe_list_append(I, columns, key) < 0)
    fe_setref(I, &columns, NULL);
  Obj *const *v;
  int64_t n;
  bool ok = columns && fe_seq_items(I, columns, &v, &n);
  for (int64_t j = 0; ok && j < n; j++)
    ok = has_column(I, g->frame, v[j]);
  Obj *r = ok ? make(I, g->frame, g->key, columns, !many, g->sort, g->as_index) : NULL;
  fe_decref(I, columns);
  return r;
}

/* The groups: their keys (a new list, in the order described above) and each one's rows (a
 * new list of int64 arrays of positions, in the same order). */
static bool groups(Interp *I, PdGroupBy *g, Obj **keys, Obj **rows) {
  Obj *kc = pl_frame_column(I, g->frame, g->key);
  Obj *at = kc ? fe_dict_new(I) : NULL;       /* key -> list of its rows */
  *keys = at ? fe_list_new(I, 0) : NULL;
  *rows = *keys ? fe_list_new(I, 0) : NULL;
  bool ok = *rows != NULL;
  int64_t n = ok ? fe_len(I, kc) : 0;
  for (int64_t i = 0; ok && i < n; i++) {
    if (pl_col_missing(I, kc, i))
      continue;
    Obj *k = pl_col_item(I, kc, i), *pos = k ? fe_int(I, i) : NULL;
    int err = 0;
    Obj *list = pos ? fe_dict_get(I, at, k, &err) : NULL;
    if (pos && !list && !err) {
      list = fe_list_new(I, 0);
      ok = list && fe_dict_set(I, at, k, list) == 0 && fe_list_append(I, *keys, k) == 0;
      fe_decref(I, list);   /* the dict holds it */
    }
    ok = ok && pos && !err && list && fe_list_append(I, list, pos) == 0;
    fe_decref(I, k), fe_decref(I, pos);
  }
  ok = ok && (!g->sort || fe_list_sort(I, *keys, NULL, false) == 0);
  Obj *const *k;
  int64_t nk;
  ok = ok && fe_seq_items(I, *keys, &k, &nk);
  for (int64_t j = 0; ok && j < nk; j++) {
    Obj *list = fe_dict_get(I, at, k[j], &(int){0});
    NdArray *p = pl_array_of(I, list, ND_INT64, true);
    Obj *pv = pl_array_wrap(I, p);
    ok = pv && fe_list_append(I, *rows, pv) == 0;
    fe_decref(I, pv);
  }
  fe_decref(I, at);
  fe_decref(I, kc);
  if (!ok) {
    fe_setref(I, keys, NULL);
    fe_setref(I, rows, NULL);
  }
  return ok;
}

/* Column `name` reduced by fn in each group (rows: the groups' positions), as an array. */
static NdArray *reduce_column(Interp *I, PdGroupBy *g, Obj *name, Obj *rows, const char *fn,
                              bool text_ok) {
  Obj *col = pl_frame_column(I, g->frame, name), *results = col ? fe_list_new(I, 0) : NULL;
  if (results && !text_ok && pl_col_is_text(I, col)) {
    Obj *s = fe_str(I, name);
    if (s)
      fe_throw(I, EXC_TypeError, "GroupBy.%s of the text column '%s' (dtype object): select the "
               "numeric columns, as gb[['a', 'b']]", fn, FE_STR(s)->s);
    fe_decref(I, s);
    fe_setref(I, &results, NULL);
  }
  Obj *const *p;
  int64_t n;
  bool ok = results && fe_seq_items(I, rows, &p, &n);
  for (int64_t j = 0; ok && j < n; j++) {
    Obj *part = pl_col_take(I, col, p[j]);
    Obj *series = part ? pl_series_of(I, NULL, 0, part, &I->none) : NULL;
    Obj *method = series ? fe_getattr_str(I, series, fn) : NULL;
    Obj *v = method ? fe_call(I, method, NULL, 0, NULL) : NULL;
    ok = v && fe_list_append(I, results, v) == 0;
    fe_decref(I, v), fe_decref(I, method), fe_decref(I, series), fe_decref(I, part);
  }
  NdArray *a = ok ? pl_reduced_array(I, results, fn) : NULL;
  fe_decref(I, results);
  fe_decref(I, col);
  return a;
}

/* A Series of values (taken over) labelled by the groups' keys under the key's name. */
static Obj *keyed_series(Interp *I, PdGroupBy *g, Obj *keys, NdArray *values, Obj *name) {
  Obj *s = pl_series_make(I, keys, values, name);
  if (s)
    pl_series_set_index_name(I, s, g->key);
  return s;
}

/* A result (taken over) as the groupby gives it: with as_index=False, reset_index()'s frame. */
static Obj *finished(Interp *I, PdGroupBy *g, Obj *r) {
  if (!r || g->as_index)
    return r;
  Obj *flat = fe_call_method(I, r, "reset_index", NULL, 0);
  fe_decref(I, r);
  return flat;
}

/* Each group's columns reduced by fn; text columns left out when numeric_only. */
static Obj *reduce(Interp *I, Obj *self, const char *fn, bool text_ok, bool numeric_only) {
  PdGroupBy *g = (PdGroupBy *)self;
  Obj *keys, *rows;
  if (!groups(I, g, &keys, &rows))
    return NULL;
  Obj *const *names;
  int64_t n;
  Obj *r = NULL, *kept = fe_list_new(I, 0);
  if (kept && fe_seq_items(I, g->columns, &names, &n)) {
    Obj **cols = base_calloc((size_t)(n ? n : 1), sizeof *cols);
    int64_t k = 0;
    bool ok = cols != NULL;
    for (int64_t j = 0; ok && j < n; j++) {
      Obj *c = pl_frame_column(I, g->frame, names[j]);
      bool skip = c && numeric_only && !text_ok && !g->series && pl_col_is_text(I, c);
      fe_decref(I, c);
      if (!c || skip) {
        ok = c != NULL;
        continue;
      }
      ok = fe_list_append(I, kept, names[j]) == 0 &&
           (cols[k++] = pl_array_wrap(I, reduce_column(I, g, names[j], rows, fn, text_ok)));
    }
    if (ok && g->series)
      r = keyed_series(I, g, keys, nd_ref(PL_ND(cols[0])), names[0]);
    else if (ok && (r = pl_frame_from(I, kept, cols, fe_len(I, keys))))
      pl_frame_set_index(I, r, keys, g->key);
    for (int64_t j = 0; j < k; j++)
      fe_decref(I, cols[j]);
    base_free(cols);
  }
  fe_decref(I, kept);
  fe_decref(I, keys);
  fe_decref(I, rows);
  return finished(I, g, r);
}

/* The reductions of numbers: (numeric_only=False). */
static Obj *numeric(Interp *I, Obj *self, Obj **args, const char *fn) {
  int numeric_only = fe_truth(I, args[0]);
  return numeric_only < 0 ? NULL : reduce(I, self, fn, false, numeric_only);
}

static Obj *gb_sum(Interp *I, Obj *self, Obj **args) { return numeric(I, self, args, "sum"); }
static Obj *gb_mean(Interp *I, Obj *self, Obj **args) { return numeric(I, self, args, "mean"); }
static Obj *gb_median(Interp *I, Obj *self, Obj **args) { return numeric(I, self, args, "median"); }
static Obj *gb_min(Interp *I, Obj *self, Obj **args) { return numeric(I, self, args, "min"); }
static Obj *gb_max(Interp *I, Obj *self, Obj **args) { return numeric(I, self, args, "max"); }

/* std and var: (ddof=1, numeric_only=False), ddof 1 alone (the Series' own). */
static Obj *spread(Interp *I, Obj *self, Obj **args, const char *fn) {
  if (!FE_IS(args[0], int) || ((Int *)args[0])->v != 1)
    return fe_throw(I, EXC_NotImplementedError, "GroupBy.%s(ddof=) other than 1 is not "
                    "supported by nnc yet", fn);
  return numeric(I, self, args + 1, fn);
}

static Obj *gb_std(Interp *I, Obj *self, Obj **args) { return spread(I, self, args, "std"); }
static Obj *gb_var(Interp *I, Obj *self, Obj **args) { return spread(I, self, args, "var"); }

static Obj *gb_count(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return reduce(I, self, "count", true, false);
}

static Obj *gb_nunique(Interp *I, Obj *self, Obj **args) {
  if (fe_truth(I, args[0]) != 1)
    return I->exc_pending ? NULL : fe_throw(I, EXC_NotImplementedError, "GroupBy.nunique("
                                            "dropna=False) is not supported by nnc yet");
  return reduce(I, self, "nunique", true, false);
}

/* size(): the rows in each group, a Series without a name. */
static Obj *gb_size(Interp *I, Obj *self, Obj **args) {
  (void)args;
  PdGroupBy *g = (PdGroupBy *)self;
  Obj *keys, *rows;
  if (!groups(I, g, &keys, &rows))
    return NULL;
  int64_t n = fe_len(I, rows);
  NdArray *sizes = nd_empty(ND_INT64, 1, &n);
  for (int64_t j = 0; sizes && j < n; j++)
    ((int64_t *)sizes->data)[j] = PL_ND(FE_LIST(rows)->v[j])->size;
  Obj *name = g->as_index ? (fe_incref(&I->none), &I->none) : fe_str_cstr(I, "size");
  Obj *r = sizes && name ? keyed_series(I, g, keys, sizes, name) : NULL;   /* takes sizes */
  if (!sizes)
    pl_nd_raise(I);
  else if (!name)
    nd_unref(sizes);
  fe_decref(I, name), fe_decref(I, keys), fe_decref(I, rows);
  return finished(I, g, r);
}

/* The reductions agg() takes by name, and whether each takes text columns. */
static const struct {
  const char *name;
  bool text_ok;
} reductions[] = {
    {"sum", false}, {"mean", false}, {"median", false}, {"min", false}, {"max", false},
    {"std", false}, {"var", false}, {"count", true}, {"nunique", true},
};

/* The reduction fn names; NotImplementedError naming it when it is none of them. */
static bool reduction(Interp *I, Obj *fn, bool *text_ok) {
  for (size_t i = 0; i < sizeof reductions / sizeof *reductions; i++)
    if (fe_str_is(fn, reductions[i].name))
      return *text_ok = reductions[i].text_ok, true;
  Obj *s = fe_repr(I, fn);
  if (s)
    fe_throw(I, EXC_NotImplementedError, "GroupBy.agg(%s) is not supported by nnc: name a "
             "reduction (sum, mean, median, min, max, std, var, count, nunique)", FE_STR(s)->s);
  fe_decref(I, s);
  return false;
}

/* A frame of column names[j] reduced by fns[j] in each group, labelled labels[j], a row per
 * group as reduce() gives. */
static Obj *reduced_frame(Interp *I, PdGroupBy *g, Obj *labels, Obj *const *names,
                          Obj *const *fns, int64_t n) {
  Obj *keys, *rows;
  if (!groups(I, g, &keys, &rows))
    return NULL;
  Obj **cols = base_calloc((size_t)(n ? n : 1), sizeof *cols);
  bool ok = cols != NULL, text_ok;
  for (int64_t j = 0; ok && j < n; j++)
    ok = reduction(I, fns[j], &text_ok) && has_column(I, g->frame, names[j]) &&
         (cols[j] = pl_array_wrap(I, reduce_column(I, g, names[j], rows, FE_STR(fns[j])->s,
                                                   text_ok)));
  Obj *r = ok ? pl_frame_from(I, labels, cols, fe_len(I, keys)) : NULL;
  if (r)
    pl_frame_set_index(I, r, keys, g->key);
  for (int64_t j = 0; cols && j < n; j++)
    fe_decref(I, cols[j]);
  base_free(cols);
  fe_decref(I, keys);
  fe_decref(I, rows);
  return finished(I, g, r);
}

/* agg(func): a reduction's name (the same as calling it); on gb['a'], a list of names (a
 * column for each); on a frame's groups, a dict of column -> name (a column for each key). */
static Obj *gb_agg(Interp *I, Obj *self, Obj **args) {
  PdGroupBy *g = (PdGroupBy *)self;
  Obj *func = args[0], *const *v;
  int64_t n;
  bool text_ok;
  if (FE_IS(func, str)) {
    Obj *method = reduction(I, func, &text_ok) ? fe_getattr(I, self, func) : NULL;
    Obj *r = method ? fe_call(I, method, NULL, 0, NULL) : NULL;
    fe_decref(I, method);
    return r;
  }
  if (g->series && FE_IS(func, list) && fe_seq_items(I, func, &v, &n)) {
    Obj **names = base_calloc((size_t)(n ? n : 1), sizeof *names);
    for (int64_t j = 0; names && j < n; j++)
      names[j] = FE_LIST(g->columns)->v[0];
    Obj *r = names ? reduced_frame(I, g, func, names, v, n) : NULL;
    base_free(names);
    return r;
  }
  if (!g->series && FE_IS(func, dict)) {
    Obj *names = fe_list_from_iter(I, func), *fns = names ? fe_list_new(I, 0) : NULL, *key, *fn;
    bool ok = fns != NULL;
    for (int64_t pos = 0; ok && fe_dict_next(func, &pos, &key, &fn);)
      ok = fe_list_append(I, fns, fn) == 0;
    Obj *r = ok ? reduced_frame(I, g, names, FE_LIST(names)->v, FE_LIST(fns)->v,
                                fe_len(I, names)) : NULL;
    fe_decref(I, names), fe_decref(I, fns);
    return r;
  }
  return fe_throw(I, EXC_NotImplementedError, "GroupBy.agg of this is not supported by nnc "
                  "yet: a reduction's name, a list of names on one column (gb['a']), or a dict "
                  "of column to name");
}

#define GB_SIG "(numeric_only=False)"
#define APPLY_REFUSAL "GroupBy's apply and transform are not supported by nnc yet: call a " \
                      "reduction (mean, sum, median, min, max, std, var, count, nunique, size) " \
                      "or agg()"
const FeFnDef pl_groupby_methods[] = {
    {"sum", gb_sum, GB_SIG, NULL, NULL},
    {"mean", gb_mean, GB_SIG, NULL, NULL},
    {"median", gb_median, GB_SIG, NULL, NULL},
    {"min", gb_min, GB_SIG, NULL, NULL},
    {"max", gb_max, GB_SIG, NULL, NULL},
    {"std", gb_std, "(ddof=1, numeric_only=False)", NULL, NULL},
    {"var", gb_var, "(ddof=1, numeric_only=False)", NULL, NULL},
    {"count", gb_count, "()", NULL, NULL},
    {"nunique", gb_nunique, "(dropna=True)", NULL, NULL},
    {"size", gb_size, "()", "pandas.Series", NULL},
    {"agg", gb_agg, "(func=None, *args, **kwargs)", NULL, NULL},
    {"aggregate", gb_agg, "(func=None, *args, **kwargs)", NULL, NULL},
    {"apply", NULL, NULL, NULL, APPLY_REFUSAL},
    {"transform", NULL, NULL, NULL, APPLY_REFUSAL},
    {NULL, NULL, NULL, NULL, NULL},
};

const Layout pl_groupby_layout = {.name = "DataFrameGroupBy", .size = sizeof(PdGroupBy),
                                  .clear = gb_clear, .traverse = gb_traverse,
                                  .getitem = gb_getitem};
