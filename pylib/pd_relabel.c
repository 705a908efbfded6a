/* pd_relabel.c — a frame's labels changed: rename(columns=, index=) by a dict or a function;
 * reset_index(drop=), which numbers the rows anew and, unless dropped, keeps the old labels
 * as a first column named by the index's name (else 'index'), as pandas does; and
 * set_index(column), whose values become the row labels under its name. Each gives a new
 * frame, or changes the frame itself with inplace=True and gives None. A Series' rename
 * names it (a scalar) or relabels its rows (a dict or a function); to_frame makes it a
 * frame's column. */
#include "pylib.h"

/* label renamed by mapper (a dict: its value, or the label itself when it has none; else a
 * function of it). A new reference. */
static Obj *renamed(Interp *I, Obj *mapper, Obj *label) {
  if (!FE_IS(mapper, dict))
    return fe_call1(I, mapper, label);
  int err = 0;
  Obj *v = fe_dict_get(I, mapper, label, &err);
  v = err ? NULL : v ? v : label;
  if (v)
    fe_incref(v);
  return v;
}

/* Each of labels (a sequence) renamed by mapper: a new list. */
static Obj *all_renamed(Interp *I, Obj *mapper, Obj *labels) {
  Obj *list = fe_list_from_iter(I, labels), *const *v;
  int64_t n;
  Obj *r = list && fe_seq_items(I, list, &v, &n) ? fe_list_new(I, 0) : NULL;
  for (int64_t i = 0; r && i < n; i++) {
    Obj *to = renamed(I, mapper, v[i]);
    if (!to || fe_list_append(I, r, to) < 0)
      fe_setref(I, &r, NULL);
    fe_decref(I, to);
  }
  fe_decref(I, list);
  return r;
}

/* errors='raise': a KeyError for the first key of a dict mapper that labels lack. */
static bool all_present(Interp *I, Obj *mapper, Obj *labels) {
  Obj *key, *v;
  for (int64_t pos = 0; FE_IS(mapper, dict) && fe_dict_next(mapper, &pos, &key, &v);) {
    int in = fe_contains(I, labels, key);
    if (in <= 0) {
      Obj *text = in == 0 ? fe_repr(I, key) : NULL;
      if (text)
        fe_throw(I, EXC_KeyError, "[%s] not found in axis", FE_STR(text)->s);
      fe_decref(I, text);
      return false;
    }
  }
  return true;
}

/* The frame to change: self with inplace=True, else a copy (a new reference either way). */
static Obj *target(Interp *I, Obj *self, Obj *inplace) {
  int in = fe_truth(I, inplace);
  if (in < 0)
    return NULL;
  return in ? (fe_incref(self), self) : fe_call_method(I, self, "copy", NULL, 0);
}

/* What the method gives: None when it changed the frame itself, else the new frame. */
static Obj *result(Interp *I, Obj *self, Obj *g) {
  if (g && g == self) {
    fe_decref(I, g);
    return fe_none(I);
  }
  return g;
}

/* rename(mapper=None, index=None, columns=None, axis=None, copy=None, inplace=False,
 * level=None, errors='ignore') */
Obj *pl_frame_rename(Interp *I, Obj *self, Obj **args) {
  Obj *rows = args[1], *cols = args[2];
  if (args[0] != &I->none) {   /* mapper with axis= */
    bool on_columns = fe_str_is(args[3], "columns") || (fe_is_int(I, args[3]) &&
                                                         fe_truth(I, args[3]) == 1);
    if (rows != &I->none || cols != &I->none)
      return fe_throw(I, EXC_TypeError, "Cannot specify both 'mapper' and any of 'index' or "
                      "'columns'");
    *(on_columns ? &cols : &rows) = args[0];
  }
  if (args[6] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "rename(level=) is not supported by nnc");
  bool raise = fe_str_is(args[7], "raise");
  Obj *g = target(I, self, args[5]);
  bool ok = g != NULL;
  if (ok && cols != &I->none) {
    Obj *names = pl_frame_names(g), *to = raise && !all_present(I, cols, names)
                                              ? NULL : all_renamed(I, cols, names);
    ok = to && pl_frame_set_columns(I, g, to) == 0;
    fe_decref(I, to);
  }
  if (ok && rows != &I->none) {
    Obj *labels = fe_getattr_str(I, g, "index");
    Obj *to = !labels || (raise && !all_present(I, rows, labels)) ? NULL
                                                                  : all_renamed(I, rows, labels);
    if (to)
      pl_frame_set_index(I, g, to, pl_frame_index_name(g));
    ok = to != NULL;
    fe_decref(I, labels), fe_decref(I, to);
  }
  if (!ok)
    fe_setref(I, &g, NULL);
  return result(I, self, g);
}

/* A new frame of f's row labels as a first column (named by the index's name, else
 * 'index', or 'level_0' when f has an 'index', as pandas names it) and then f's columns. */
static Obj *labels_first(Interp *I, Obj *f) {
  Obj *name = pl_frame_index_name(f), *labels = fe_getattr_str(I, f, "index");
  Obj *key = name ? (fe_incref(name), name) : fe_str_cstr(I, "index");
  if (!name && key && fe_contains(I, pl_frame_names(f), key) == 1)   /* pandas' next choice */
    fe_setref(I, &key, fe_str_cstr(I, "level_0"));
  Obj *names = labels && key ? fe_list_new(I, 0) : NULL;
  bool ok = names && fe_list_append(I, names, key) == 0 &&
            fe_list_extend(I, names, pl_frame_names(f)) == 0;
  int in = ok ? fe_contains(I, pl_frame_names(f), key) : -1;
  Obj *text = in == 1 ? fe_str(I, key) : NULL;
  if (text)
    fe_throw(I, EXC_ValueError, "cannot insert %s, already exists", FE_STR(text)->s);
  fe_decref(I, text);
  int64_t n = in == 0 ? fe_len(I, names) : 0;
  Obj **cols = in == 0 ? base_calloc((size_t)n, sizeof *cols) : NULL;
  ok = cols && (cols[0] = pl_col_of(I, labels)) != NULL;
  for (int64_t j = 1; ok && j < n; j++)
    ok = (cols[j] = pl_frame_column(I, f, FE_LIST(names)->v[j])) != NULL;
  Obj *r = ok ? pl_frame_from(I, names, cols, fe_len(I, f)) : NULL;
  for (int64_t j = 0; cols && j < n; j++)
    fe_decref(I, cols[j]);
  if (in == 0 && !cols)
    fe_nomem(I);
  base_free(cols);
  fe_decref(I, labels), fe_decref(I, key), fe_decref(I, names);
  return r;
}

/* reset_index(level=None, drop=False, inplace=False, col_level=0, col_fill='') */
Obj *pl_frame_reset_index(Interp *I, Obj *self, Obj **args) {
  if (args[0] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "reset_index(level=) is not supported by nnc");
  int drop = fe_truth(I, args[1]);
  if (drop < 0)
    return NULL;
  Obj *r = drop ? fe_call_method(I, self, "copy", NULL, 0) : labels_first(I, self);
  if (r)
    pl_frame_renumber(I, r);
  return pl_frame_result(I, self, r, args[2]);
}

/* set_index(keys, drop=True, append=False, inplace=False, verify_integrity=False): one
 * column's values as the row labels, the index named by it; the column dropped unless
 * drop=False. */
Obj *pl_frame_set_index_method(Interp *I, Obj *self, Obj **args) {
  if (fe_is_seq(I, args[0]) || args[2] != &I->false_.hd)
    return fe_throw(I, EXC_NotImplementedError, "set_index of several columns, or append=True, "
                    "is not supported by nnc yet: give one column's name");
  int drop = fe_truth(I, args[1]);
  Obj *g = drop < 0 ? NULL : target(I, self, args[3]);
  int in = g ? fe_contains(I, pl_frame_names(g), args[0]) : -1;
  Obj *text = in == 0 ? fe_repr(I, args[0]) : NULL;
  if (text)
    fe_throw(I, EXC_KeyError, "None of [%s] are in the columns", FE_STR(text)->s);
  fe_decref(I, text);
  Obj *col = in == 1 ? pl_frame_column(I, g, args[0]) : NULL;
  Obj *labels = col ? fe_list_from_iter(I, col) : NULL;
  bool ok = labels != NULL;
  if (ok && drop) {
    Obj *keep = fe_list_new(I, 0), *const *v;
    int64_t n;
    ok = keep && fe_seq_items(I, pl_frame_names(g), &v, &n);
    for (int64_t j = 0; ok && j < n; j++) {
      int same = fe_eq(I, v[j], args[0]);
      ok = same >= 0 && (same || fe_list_append(I, keep, v[j]) == 0);
    }
    Obj *rest = ok ? pl_frame_select(I, g, keep) : NULL;
    if (rest && g == self)
      pl_frame_take(I, self, rest), fe_decref(I, rest);
    else if (rest)
      fe_setref(I, &g, rest);
    ok = rest != NULL;
    fe_decref(I, keep);
  }
  if (ok)
    pl_frame_set_index(I, g, labels, args[0]);
  fe_decref(I, col), fe_decref(I, labels);
  if (!ok)
    fe_setref(I, &g, NULL);
  return result(I, self, g);
}

/* s.rename(index=None, *, axis=None, copy=True, inplace=False, level=None, errors='ignore'):
 * a Series named index, or with its row labels renamed by a dict or a function. */
Obj *pl_series_rename(Interp *I, Obj *self, Obj **args) {
  if (args[3] != &I->false_.hd || args[4] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "Series.rename(inplace=, level=) is not "
                    "supported by nnc yet");
  Obj *mapper = args[0];
  bool relabel = FE_IS(mapper, dict) || (mapper->cls->layout->call != NULL &&
                                         !FE_IS(mapper, str));
  int64_t first;
  Obj *index = pl_series_index(self, &first), *col = pl_series_column(self);
  Obj *name = relabel ? fe_getattr_str(I, self, "name") : (fe_incref(mapper), mapper);
  Obj *labels = relabel && name ? fe_getattr_str(I, self, "index") : NULL;
  Obj *to = labels ? all_renamed(I, mapper, labels) : NULL;
  Obj *r = name && (!relabel || to) ? pl_series_of(I, relabel ? to : index, first, col, name)
                                    : NULL;
  Obj *index_name = pl_series_index_name(self);
  if (r && index_name)
    pl_series_set_index_name(I, r, index_name);
  fe_decref(I, col), fe_decref(I, name), fe_decref(I, labels), fe_decref(I, to);
  return r;
}

/* s.to_frame(name=<its name>): a frame of one column, with the Series' row labels. */
Obj *pl_series_to_frame(Interp *I, Obj *self, Obj **args) {
  Obj *name = args[0] != &I->none ? (fe_incref(args[0]), args[0])
                                  : fe_getattr_str(I, self, "name");
  if (name == &I->none)
    fe_setref(I, &name, fe_int(I, 0));
  Obj *names = name ? fe_list_new(I, 0) : NULL, *col = pl_series_column(self);
  Obj *r = names && fe_list_append(I, names, name) == 0
               ? pl_frame_from(I, names, &col, fe_len(I, self)) : NULL;
  if (r)
    pl_frame_take_labels(I, r, self);
  fe_decref(I, name), fe_decref(I, names), fe_decref(I, col);
  return r;
}

/* s.reset_index(level=None, *, drop=False, name=None, inplace=False): a frame of the row
 * labels (named by the index's name, else 'index') then the values (named name, else the
 * Series' name, else 0), rows numbered anew; drop=True: the Series with its rows renumbered. */
Obj *pl_series_reset_index(Interp *I, Obj *self, Obj **args) {
  if (args[0] != &I->none || args[3] != &I->false_.hd)
    return fe_throw(I, EXC_NotImplementedError, "Series.reset_index(level=, inplace=True) is "
                    "not supported by nnc yet");
  int drop = fe_truth(I, args[1]);
  if (drop == 1) {   /* the values alone, a Series of the same name, rows renumbered */
    Obj *name = args[2] != &I->none ? (fe_incref(args[2]), args[2])
                                    : fe_getattr_str(I, self, "name");
    Obj *col = name ? pl_series_column(self) : NULL;
    Obj *r = col ? pl_series_of(I, NULL, 0, col, name) : NULL;
    fe_decref(I, col), fe_decref(I, name);
    return r;
  }
  Obj *frame = drop < 0 ? NULL : pl_series_to_frame(I, self, &args[2]);
  Obj *r = frame ? labels_first(I, frame) : NULL;
  if (r)
    pl_frame_renumber(I, r);
  fe_decref(I, frame);
  return r;
}
