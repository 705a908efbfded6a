/* pd_apply.c — Series.apply and DataFrame.apply with a Python function, as tutorials derive
 * a column (df['age'].apply(lambda a: a // 10)) or combine a row's values
 * (df.apply(lambda row: row['a'] + row['b'], axis=1)).
 *
 * Series.apply calls func(value, *args, **kwargs) on each value: a Series of the results
 * with the same labels and name (an empty Series keeps its dtype). DataFrame.apply calls
 * it on each column (axis=0), a Series labelled by the rows and named by the column, or on
 * each row (axis=1), a Series labelled by the column names, named by the row's label and
 * holding the row's values in their common dtype (as df.values has them). Scalar results
 * make a Series, labelled by the column names (axis=0) or the rows (axis=1); Series
 * results make a frame, each result a column (axis=0) or a row (axis=1). Results that are
 * numbers make a column of numbers (int64, float64 or bool, as numpy reads them); any
 * other result makes the column text (dtype object), as pandas infers it. */
#include "pylib.h"

/* func(v, *args, **kwargs); args a tuple, kwargs a dict. A new reference. */
static Obj *call(Interp *I, Obj *func, Obj *v, Obj *args, Obj *kwargs) {
  Obj *const *extra;
  int64_t n;
  if (!fe_seq_items(I, args, &extra, &n))
    return NULL;
  if (n > 15)
    return fe_throw(I, EXC_NotImplementedError, "apply(args=) of more than 15 values is not "
                    "supported by nnc");
  Obj *argv[16] = {v};
  for (int64_t k = 0; k < n; k++)
    argv[1 + k] = extra[k];
  return pl_call_kw_result(I, func, NULL, argv, (int)(1 + n), fe_len(I, kwargs) ? kwargs : NULL);
}

/* Whether v is a number or a bool (Python's or numpy's). */
static bool is_number(Interp *I, Obj *v) {
  return fe_is_number(I, v) || (pl_is_array(v) && PL_ND(v)->ndim == 0);
}

/* The column of results (a list): numbers when all are, else text (the list itself). */
static Obj *column_of(Interp *I, Obj *results) {
  List *l = FE_LIST(results);
  bool numbers = true;
  for (int64_t i = 0; numbers && i < l->n; i++)
    numbers = is_number(I, l->v[i]);
  if (numbers)
    return pl_col_of(I, results);
  fe_incref(results);
  return results;
}

/* How many results are Series: all (1), none (0); -1 with NotImplementedError for a mix. */
static int all_series(Interp *I, Obj *results) {
  List *l = FE_LIST(results);
  int64_t k = 0;
  for (int64_t i = 0; i < l->n; i++)
    k += l->v[i]->cls->layout == &pl_series_layout;
  if (k > 0 && k < l->n)
    fe_throw(I, EXC_NotImplementedError, "apply() whose function gives a Series for some "
             "values and not for others is not supported by nnc");
  return k > 0 && k < l->n ? -1 : k > 0;
}

/* s.apply(func, convert_dtype=True, args=(), **kwargs) */
Obj *pl_series_apply(Interp *I, Obj *self, Obj **args) {
  Obj *func = args[0];
  if (FE_IS(func, str) || args[1] != &I->true_.hd)
    return fe_throw(I, EXC_NotImplementedError, "Series.apply of a name, or convert_dtype=False, "
                    "is not supported by nnc yet: give a function");
  Obj *c = pl_series_column(self), *results = fe_list_new(I, 0);
  int64_t n = fe_len(I, c);
  for (int64_t i = 0; results && i < n; i++) {
    Obj *v = pl_col_item(I, c, i), *r = v ? call(I, func, v, args[2], args[3]) : NULL;
    if (!r || fe_list_append(I, results, r) < 0)
      fe_setref(I, &results, NULL);
    fe_decref(I, v), fe_decref(I, r);
  }
  int series = results ? all_series(I, results) : -1;
  if (series == 1)
    fe_throw(I, EXC_NotImplementedError, "Series.apply whose function gives a Series (a "
             "DataFrame) is not supported by nnc yet");
  Obj *col = series == 0 && n > 0 ? column_of(I, results) : NULL;
  if (series == 0 && n == 0)   /* pandas keeps an empty Series' dtype */
    fe_incref(c), col = c;
  Obj *r = col ? pl_series_like(I, self, col) : NULL;
  fe_decref(I, c), fe_decref(I, results), fe_decref(I, col);
  return r;
}

/* Row i of a frame's values (an array or an object array) as a Series over the column
 * names, named by its label. */
static Obj *row_series(Interp *I, Obj *values, int64_t i, Obj *names, Obj *label) {
  Obj *k = fe_int(I, i), *row = k ? fe_getitem(I, values, k) : NULL;
  int ndim;
  Obj *col = row && pl_is_objarray(row) ? fe_list_from_iter(I, pl_objarray_items(row, &ndim))
                                        : (row ? (fe_incref(row), row) : NULL);
  Obj *r = col ? pl_series_of(I, names, 0, col, label) : NULL;
  fe_decref(I, k), fe_decref(I, row), fe_decref(I, col);
  return r;
}

/* func of each column (axis 0) or row (axis 1) of self, in order: a new list. */
static Obj *results_of(Interp *I, Obj *self, bool rows, Obj **args) {
  Obj *names = pl_frame_names(self), *const *nv;
  int64_t n;
  if (!fe_seq_items(I, names, &nv, &n))
    return NULL;
  Obj *values = rows ? fe_getattr_str(I, self, "values") : NULL;
  Obj *labels = values ? pl_labels(I, pl_frame_index(self), pl_frame_first(self),
                                   fe_len(I, self)) : NULL;
  Obj *results = !rows || labels ? fe_list_new(I, 0) : NULL;
  int64_t count = rows ? fe_len(I, self) : n;
  for (int64_t i = 0; results && i < count; i++) {
    Obj *part = rows ? row_series(I, values, i, names, FE_LIST(labels)->v[i])
                     : fe_getitem(I, self, nv[i]);
    Obj *r = part ? call(I, args[0], part, args[4], args[5]) : NULL;
    if (!r || fe_list_append(I, results, r) < 0)
      fe_setref(I, &results, NULL);
    fe_decref(I, part), fe_decref(I, r);
  }
  fe_decref(I, values), fe_decref(I, labels);
  return results;
}

/* Series results as a frame: each a column named by names (axis 0), labelled as the
 * first; or each a row (axis 1), the columns named by the first's labels. */
static Obj *frame_of(Interp *I, Obj *self, Obj *results, bool rows) {
  List *l = FE_LIST(results);
  Obj *names = rows ? fe_getattr_str(I, l->v[0], "index") : pl_frame_names(self);
  Obj *labels = rows && names ? fe_list_from_iter(I, names) : NULL;
  if (rows)
    fe_setref(I, &names, labels);
  else
    fe_incref(names);
  int64_t n = names ? fe_len(I, names) : 0;
  Obj **cols = names ? base_calloc((size_t)(n ? n : 1), sizeof *cols) : NULL;
  bool ok = cols != NULL;
  for (int64_t j = 0; ok && j < n; j++) {
    Obj *across = rows ? fe_list_new(I, 0) : NULL;
    for (int64_t i = 0; across && i < l->n; i++) {
      Obj *c = pl_series_column(l->v[i]);
      Obj *v = fe_len(I, c) == n ? pl_col_item(I, c, j) : NULL;
      if (!v && !I->exc_pending)
        fe_throw(I, EXC_NotImplementedError, "DataFrame.apply(axis=1) whose function gives "
                 "Series of different lengths is not supported by nnc");
      if (!v || fe_list_append(I, across, v) < 0)
        fe_setref(I, &across, NULL);
      fe_decref(I, c), fe_decref(I, v);
    }
    cols[j] = rows ? (across ? column_of(I, across) : NULL) : pl_series_column(l->v[j]);
    ok = cols[j] != NULL;
    fe_decref(I, across);
  }
  Obj *r = ok ? pl_frame_from(I, names, cols, rows ? l->n : fe_len(I, l->v[0])) : NULL;
  if (r)
    pl_frame_take_labels(I, r, rows ? self : l->v[0]);
  for (int64_t j = 0; cols && j < n; j++)
    fe_decref(I, cols[j]);
  if (names && !cols)
    fe_throw(I, EXC_MemoryError, "out of memory");
  base_free(cols);
  fe_decref(I, names);
  return r;
}

/* Scalar results as a Series labelled by the column names (axis 0) or self's rows. */
static Obj *series_of(Interp *I, Obj *self, Obj *results, bool rows) {
  Obj *col = column_of(I, results);
  Obj *r = !col ? NULL : rows ? pl_series_of(I, pl_frame_index(self), pl_frame_first(self),
                                             col, &I->none)
                              : pl_series_of(I, pl_frame_names(self), 0, col, &I->none);
  if (r && rows && pl_frame_index_name(self))
    pl_series_set_index_name(I, r, pl_frame_index_name(self));
  fe_decref(I, col);
  return r;
}

/* df.apply(func, axis=0, raw=False, result_type=None, args=(), **kwargs) */
Obj *pl_frame_apply(Interp *I, Obj *self, Obj **args) {
  if (FE_IS(args[0], str) || args[2] != &I->false_.hd || args[3] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "DataFrame.apply of a name, raw=True or "
                    "result_type= is not supported by nnc yet: give a function and axis=");
  int64_t axis = -1;
  if (fe_str_is(args[1], "index") || fe_str_is(args[1], "columns"))
    axis = fe_str_is(args[1], "columns");
  else if (fe_is_int(I, args[1]) && fe_as_int(I, args[1], &axis) < 0)
    return NULL;
  Obj *text = axis != 0 && axis != 1 ? fe_str(I, args[1]) : NULL;
  if (text)
    fe_throw(I, EXC_ValueError, "No axis named %s for object type DataFrame", FE_STR(text)->s);
  fe_decref(I, text);
  if (axis != 0 && axis != 1)
    return NULL;
  Obj *results = results_of(I, self, axis == 1, args);
  int series = results ? all_series(I, results) : -1;
  Obj *r = series < 0 ? NULL : series ? frame_of(I, self, results, axis == 1)
                                      : series_of(I, self, results, axis == 1);
  fe_decref(I, results);
  return r;
}
