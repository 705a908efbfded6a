/* pd_concat.c — pd.concat(objs, axis=0, join='outer', ignore_index=False): frames one
 * under another, or Series into one Series; with axis=1 frames and Series side by side.
 *
 * Under one another the columns are the union of the frames' in order of appearance (their
 * intersection with join='inner'); where a frame lacks a column its rows hold NaN, which
 * makes a column of numbers float64, as pandas does. The rows keep their labels (repeats
 * and all), or are numbered anew with ignore_index=True. Side by side, every part must have
 * the same row labels (pandas aligns different ones, nnc does not yet); a Series is a
 * column named by its name (unnamed ones 0, 1, ...); ignore_index=True numbers the columns.
 * keys=, levels= and the rest are refused by name. DataFrame.append and Series.append,
 * which pandas 1.5 still has (with a FutureWarning), are concat of the two. */
#include <math.h>
#include <stdio.h>

#include "pylib.h"

/* c (a column), as a list of its Python values (a new reference). */
static Obj *as_items(Interp *I, Obj *c) {
  if (pl_col_is_text(I, c))
    return fe_list_from_iter(I, c);
  int64_t n = fe_len(I, c);
  Obj *r = fe_list_new(I, 0);
  for (int64_t i = 0; r && i < n; i++) {
    Obj *v = pl_col_item(I, c, i);
    if (!v || fe_list_append(I, r, v) < 0)
      fe_setref(I, &r, NULL);
    fe_decref(I, v);
  }
  return r;
}

/* rows NaN values: what a frame lacking a column holds there (a new array). */
static Obj *missing(Interp *I, int64_t rows) {
  NdArray *a = nd_empty(ND_FLOAT64, 1, &rows);
  for (int64_t i = 0; a && i < rows; i++)
    ((double *)a->data)[i] = NAN;
  return a ? pl_array_wrap(I, a) : fe_throw(I, EXC_MemoryError, "out of memory");
}

/* The n columns one under another (borrowed): Python values (pandas' dtype object) if any
 * is text or bools meet numbers, else numpy's concatenation of the arrays. A new column. */
static Obj *stack(Interp *I, Obj *const *parts, int64_t n) {
  int64_t text = 0, bools = 0;
  for (int64_t k = 0; k < n; k++) {
    text += pl_col_is_text(I, parts[k]);
    bools += !pl_col_is_text(I, parts[k]) && PL_ND(parts[k])->dtype == ND_BOOL;
  }
  if (text || (bools && bools < n)) {   /* bools among other values: pandas' dtype object */
    Obj *r = fe_list_new(I, 0);
    for (int64_t k = 0; r && k < n; k++) {
      Obj *items = as_items(I, parts[k]);
      if (!items || fe_list_extend(I, r, items) < 0)
        fe_setref(I, &r, NULL);
      fe_decref(I, items);
    }
    return r;
  }
  NdArray **a = base_malloc((size_t)(n ? n : 1) * sizeof *a);
  if (!a)
    return fe_throw(I, EXC_MemoryError, "out of memory");
  for (int64_t k = 0; k < n; k++)
    a[k] = PL_ND(parts[k]);
  NdArray *r = nd_concatenate((int)n, a, 0);
  base_free(a);
  return r ? pl_array_wrap(I, r) : pl_nd_raise(I);
}

static bool is_series(Interp *I, Obj *v) {
  return pl_state(I)->pd_series && v->cls == pl_state(I)->pd_series;
}

static bool is_frame(Interp *I, Obj *v) {
  return pl_state(I)->pd_frame && v->cls == pl_state(I)->pd_frame;
}

/* The row labels of a frame or Series (a new list). */
static Obj *labels_of(Interp *I, Obj *v) {
  int64_t first = 0;
  Obj *index = is_series(I, v) ? pl_series_index(v, &first) : pl_frame_index(v);
  return pl_labels(I, index, is_series(I, v) ? first : pl_frame_first(v), fe_len(I, v));
}

/* The labels of every part, one after another (a new list). */
static Obj *all_labels(Interp *I, Obj *const *objs, int64_t n) {
  Obj *r = fe_list_new(I, 0);
  for (int64_t k = 0; r && k < n; k++) {
    Obj *l = labels_of(I, objs[k]);
    if (!l || fe_list_extend(I, r, l) < 0)
      fe_setref(I, &r, NULL);
    fe_decref(I, l);
  }
  return r;
}

/* Whether name is among the columns of every frame. */
static int in_all(Interp *I, Obj *const *objs, int64_t n, Obj *name) {
  int in = 1;
  for (int64_t k = 0; in == 1 && k < n; k++)
    in = fe_contains(I, pl_frame_names(objs[k]), name);
  return in;
}

/* The columns of the result: the union in order of appearance, or (inner) those every
 * frame has. A new list. */
static Obj *column_names(Interp *I, Obj *const *objs, int64_t n, bool inner) {
  Obj *r = fe_list_new(I, 0);
  for (int64_t k = 0; r && k < n; k++) {
    Obj *const *v;
    int64_t m;
    fe_seq_items(I, pl_frame_names(objs[k]), &v, &m);
    for (int64_t j = 0; r && j < m; j++) {
      int seen = fe_contains(I, r, v[j]), keep = seen == 0 ? (inner ? in_all(I, objs, n, v[j]) : 1)
                                                           : 0;
      if (seen < 0 || keep < 0 || (keep && fe_list_append(I, r, v[j]) < 0))
        fe_setref(I, &r, NULL);
    }
  }
  return r;
}

/* Frames one under another. */
static Obj *rows_of_frames(Interp *I, Obj *const *objs, int64_t n, bool inner, bool renumber) {
  Obj *names = column_names(I, objs, n, inner), *const *v;
  int64_t m = 0, rows = 0;
  bool ok = names && fe_seq_items(I, names, &v, &m);
  for (int64_t k = 0; k < n; k++)
    rows += fe_len(I, objs[k]);
  Obj **cols = ok ? base_calloc((size_t)(m ? m : 1), sizeof *cols) : NULL;
  Obj **parts = cols ? base_calloc((size_t)(n ? n : 1), sizeof *parts) : NULL;
  ok = ok && (parts || (fe_throw(I, EXC_MemoryError, "out of memory"), false));
  for (int64_t j = 0; ok && j < m; j++) {
    for (int64_t k = 0; ok && k < n; k++) {
      int has = fe_contains(I, pl_frame_names(objs[k]), v[j]);
      ok = has >= 0 && (parts[k] = has ? pl_frame_column(I, objs[k], v[j])
                                       : missing(I, fe_len(I, objs[k]))) != NULL;
    }
    ok = ok && (cols[j] = stack(I, parts, n)) != NULL;
    for (int64_t k = 0; k < n; k++)
      fe_setref(I, &parts[k], NULL);
  }
  Obj *r = ok ? pl_frame_from(I, names, cols, rows) : NULL;
  Obj *labels = r && !renumber ? all_labels(I, objs, n) : NULL;
  if (labels)
    pl_frame_set_index(I, r, labels, NULL);
  else if (r && !renumber)
    fe_setref(I, &r, NULL);
  for (int64_t j = 0; cols && j < m; j++)
    fe_decref(I, cols[j]);
  base_free(cols), base_free(parts);
  fe_decref(I, names), fe_decref(I, labels);
  return r;
}

/* Series one after another: one Series, named as they are when they all have one name. */
static Obj *rows_of_series(Interp *I, Obj *const *objs, int64_t n, bool renumber) {
  Obj **parts = base_calloc((size_t)(n ? n : 1), sizeof *parts);
  Obj *name = parts ? fe_getattr_str(I, objs[0], "name") : NULL;
  bool ok = name != NULL;
  for (int64_t k = 0; ok && k < n; k++) {
    Obj *other = fe_getattr_str(I, objs[k], "name");
    int same = other ? fe_eq(I, other, name) : -1;
    ok = same >= 0 && (parts[k] = pl_series_column(objs[k])) != NULL;
    if (same == 0)
      fe_setref(I, &name, (fe_incref(&I->none), &I->none));
    fe_decref(I, other);
  }
  Obj *col = ok ? stack(I, parts, n) : NULL;
  Obj *labels = col && !renumber ? all_labels(I, objs, n) : NULL;
  Obj *r = col && (renumber || labels) ? pl_series_of(I, labels, 0, col, name) : NULL;
  for (int64_t k = 0; parts && k < n; k++)
    fe_decref(I, parts[k]);
  base_free(parts);
  fe_decref(I, name), fe_decref(I, col), fe_decref(I, labels);
  return r;
}

/* Frames and Series side by side, all of the same row labels. */
static Obj *side_by_side(Interp *I, Obj *const *objs, int64_t n, bool renumber) {
  Obj *names = fe_list_new(I, 0), *cols = names ? fe_list_new(I, 0) : NULL;
  Obj *first = cols ? labels_of(I, objs[0]) : NULL;
  int64_t unnamed = 0;
  bool ok = first != NULL;
  for (int64_t k = 0; ok && k < n; k++) {
    Obj *labels = labels_of(I, objs[k]);
    int same = labels ? fe_eq(I, labels, first) : -1;
    fe_decref(I, labels);
    if (same == 0)
      fe_throw(I, EXC_NotImplementedError, "concat(axis=1) of parts with different row labels "
               "is not supported by nnc yet (pandas aligns them)");
    ok = same == 1;
    if (ok && is_series(I, objs[k])) {
      Obj *name = fe_getattr_str(I, objs[k], "name");
      Obj *key = name && name == &I->none ? fe_int(I, unnamed++) : (fe_incref(name), name);
      Obj *c = key ? pl_series_column(objs[k]) : NULL;
      ok = c && fe_list_append(I, names, key) == 0 && fe_list_append(I, cols, c) == 0;
      fe_decref(I, name), fe_decref(I, key), fe_decref(I, c);
      continue;
    }
    Obj *const *v;
    int64_t m;
    fe_seq_items(I, pl_frame_names(objs[k]), &v, &m);
    for (int64_t j = 0; ok && j < m; j++) {
      Obj *c = pl_frame_column(I, objs[k], v[j]);
      ok = c && fe_list_append(I, names, v[j]) == 0 && fe_list_append(I, cols, c) == 0;
      fe_decref(I, c);
    }
  }
  int64_t m = ok ? fe_len(I, names) : 0;
  for (int64_t j = 0; ok && renumber && j < m; j++) {
    Obj *num = fe_int(I, j);
    ok = num != NULL;
    if (ok)
      fe_setref(I, &FE_LIST(names)->v[j], num);
  }
  Obj *r = ok ? pl_frame_from(I, names, FE_LIST(cols)->v, fe_len(I, objs[0])) : NULL;
  if (r && fe_len(I, pl_frame_names(r)) != m) {
    fe_throw(I, EXC_NotImplementedError, "concat(axis=1) of parts that share a column name is "
             "not supported by nnc (its frames have one column per name)");
    fe_setref(I, &r, NULL);
  }
  if (r)
    pl_frame_take_labels(I, r, objs[0]);
  fe_decref(I, names), fe_decref(I, cols), fe_decref(I, first);
  return r;
}

/* The place of the first part that is neither a frame nor a Series. */
static int64_t first_other(Interp *I, Obj *const *objs, int64_t n) {
  int64_t k = 0;
  while (k < n && (is_frame(I, objs[k]) || is_series(I, objs[k])))
    k++;
  return k;
}

/* concat(objs, *, axis=0, join='outer', ignore_index=False, keys=None, levels=None,
 * names=None, verify_integrity=False, sort=False, copy=True) */
Obj *pl_concat(Interp *I, Obj *self, Obj **args) {
  (void)self;
  static const char *const refused[] = {"keys", "levels", "names"};
  for (int k = 0; k < 3; k++)
    if (args[4 + k] != &I->none)
      return fe_throw(I, EXC_NotImplementedError, "concat(%s=) is not supported by nnc yet",
                      refused[k]);
  int64_t axis = 0;
  if (fe_str_is(args[1], "columns"))
    axis = 1;
  else if (!fe_str_is(args[1], "index") && fe_as_int(I, args[1], &axis) < 0)
    return NULL;
  bool inner = fe_str_is(args[2], "inner");
  if (!inner && !fe_str_is(args[2], "outer"))
    return fe_throw(I, EXC_ValueError, "Only can inner (intersect) or outer (union) join the "
                    "other axis");
  int renumber = fe_truth(I, args[3]);
  Obj *list = renumber < 0 ? NULL : fe_list_from_iter(I, args[0]), *const *objs;
  int64_t n;
  if (!list || !fe_seq_items(I, list, &objs, &n)) {
    fe_decref(I, list);
    return NULL;
  }
  int64_t frames = 0, series = 0;
  for (int64_t k = 0; k < n; k++)
    frames += is_frame(I, objs[k]), series += is_series(I, objs[k]);
  Obj *r = NULL;
  if (n == 0)
    fe_throw(I, EXC_ValueError, "No objects to concatenate");
  else if (frames + series < n)
    fe_throw(I, EXC_TypeError, "cannot concatenate object of type '<class '%s'>'; only "
             "Series and DataFrame objs are valid", fe_typename(objs[first_other(I, objs, n)]));
  else if (axis == 1)
    r = side_by_side(I, objs, n, renumber);
  else if (axis != 0)
    fe_throw(I, EXC_ValueError, "No axis named %lld for object type DataFrame", (long long)axis);
  else if (series == n)
    r = rows_of_series(I, objs, n, renumber);
  else if (frames == n)
    r = rows_of_frames(I, objs, n, inner, renumber);
  else
    fe_throw(I, EXC_NotImplementedError, "concat of frames and Series one under another is not "
             "supported by nnc yet");
  fe_decref(I, list);
  return r;
}

/* df.append(other, ignore_index=False, verify_integrity=False, sort=False), s.append(...):
 * pd.concat([self, other]), with pandas 1.5's FutureWarning. */
Obj *pl_append(Interp *I, Obj *self, Obj **args) {
  if (!pl_state(I)->warnings_off)
    fprintf(fe_err(I), "FutureWarning: The %s.append method is deprecated and will be removed "
            "from pandas in a future version. Use pandas.concat instead.\n",
            is_series(I, self) ? "series" : "frame");
  Obj *both = fe_list_new(I, 0), *axis = both ? fe_int(I, 0) : NULL;
  Obj *outer = axis ? fe_str_cstr(I, "outer") : NULL;
  bool ok = outer && fe_list_append(I, both, self) == 0 &&
            (fe_is_seq(I, args[0]) ? fe_list_extend(I, both, args[0])
                                   : fe_list_append(I, both, args[0])) == 0;
  Obj *r = ok ? pl_concat(I, NULL, (Obj *[]){both, axis, outer, args[1], &I->none, &I->none,
                                             &I->none})
              : NULL;
  fe_decref(I, axis), fe_decref(I, outer);
  fe_decref(I, both);
  return r;
}
