/* pd_frame_plot.c — DataFrame.plot(), as pandas 1.5 draws a frame, on a new figure (figsize=
 * wide) unless ax= is given. Tutorials draw their training history this way
 * (pd.DataFrame(history.history).plot()) and look at a data set's columns against each
 * other (df.plot(kind='scatter', x='longitude', y='latitude', c='price')).
 *
 *  - kind='line': each number column (or y=, one name or a list) as a line against the row
 *    numbers, or against column x= (named under the axis), labelled by its name;
 *  - kind='scatter': column y against column x, both named on their axes, in pandas' blue,
 *    20 points square; c= a column's name colours the points through cmap= or colormap=
 *    (viridis, or 'Greys' for a column of integers, as pandas) with a colorbar named by it
 *    unless colorbar=False; s= may name a column too;
 *  - kind='hist': a histogram of each number column on bins shared by all of them (bins=,
 *    10 by default, over every present value), 'Frequency' on y;
 *  - kind='box': df.boxplot's boxes, with blue caps and without its grid;
 *  - kind='bar' and 'barh': a bar set per number column side by side at each row (bar_sets).
 * A legend names the lines, bars and histograms unless legend=False. title=, grid=, xlabel= and
 * ylabel= are taken; other keywords (color=, alpha=, linewidth=, bins= ...) go to the Axes
 * method that draws. Other kinds are refused by name. */
#include <string.h>

#include "pylib.h"

/* The names of the columns drawn: y= (a name or a list), else every number column but x
 * (TypeError when there is none, as pandas). */
static Obj *drawn(Interp *I, Obj *df, Obj *x, Obj *y) {
  if (y != &I->none)
    return fe_is_seq(I, y) ? fe_list_from_iter(I, y) : fe_tuple_pack(I, 1, y);
  Obj *kept = fe_list_new(I, 0), *const *v;
  int64_t n;
  bool ok = kept && fe_seq_items(I, pl_frame_names(df), &v, &n);
  for (int64_t j = 0; ok && j < n; j++) {
    Obj *c = pl_frame_column(I, df, v[j]);
    ok = c && (pl_col_is_text(I, c) || (x != &I->none && fe_eq(I, v[j], x) == 1) ||
               fe_list_append(I, kept, v[j]) == 0);
    fe_decref(I, c);
  }
  if (ok && fe_len(I, kept) == 0)
    ok = (fe_throw(I, EXC_TypeError, "no numeric data to plot"), false);
  if (!ok)
    fe_setref(I, &kept, NULL);
  return kept;
}

/* Column name of df as numbers (a new array object); TypeError for text. */
static Obj *numbers(Interp *I, Obj *df, Obj *name) {
  Obj *c = pl_frame_column(I, df, name);
  if (c && pl_col_is_text(I, c)) {
    Obj *s = fe_str(I, name);
    if (s)
      fe_throw(I, EXC_TypeError, "no numeric data to plot: column '%s' holds text", FE_STR(s)->s);
    fe_decref(I, s);
    fe_setref(I, &c, NULL);
  }
  return c;
}

/* kind='line': ax.plot(x, column, label=name, **kwargs) for each column drawn. */
static bool lines(Interp *I, Obj *df, Obj *ax, Obj *x, Obj *y, Obj *kwargs) {
  Obj *names = drawn(I, df, x, y), *at = NULL, *const *v;
  int64_t n = 0, rows = fe_len(I, df);
  if (names && x != &I->none) {
    at = numbers(I, df, x);
  } else if (names) {
    NdArray *r = nd_empty(ND_INT64, 1, &rows);
    for (int64_t i = 0; r && i < rows; i++)
      ((int64_t *)r->data)[i] = i;
    at = r ? pl_array_wrap(I, r) : pl_nd_raise(I);
  }
  bool ok = at && fe_seq_items(I, names, &v, &n);
  for (int64_t j = 0; ok && j < n; j++) {
    Obj *col = numbers(I, df, v[j]), *label = col ? fe_str(I, v[j]) : NULL;
    Obj *kw = label ? pl_kwargs_with(I, kwargs, "label", label) : NULL;
    ok = kw && pl_call_kw(I, ax, "plot", (Obj *[]){at, col}, 2, kw);
    fe_decref(I, kw), fe_decref(I, label), fe_decref(I, col);
  }
  Obj *xname = ok && x != &I->none ? fe_str(I, x) : NULL;
  ok = ok && (!xname || pl_call_kw(I, ax, "set_xlabel", &xname, 1, NULL));
  fe_decref(I, xname), fe_decref(I, at), fe_decref(I, names);
  return ok;
}

/* kind='scatter': ax.scatter(df[x], df[y], c=..., s=20, **kwargs), the axes named, and a
 * colorbar when c= names a column. */
static bool scatter(Interp *I, Obj *df, Obj *ax, Obj *x, Obj *y, Obj *kwargs) {
  if (x == &I->none || y == &I->none)
    return fe_throw(I, EXC_ValueError, "scatter requires an x and y column"), false;
  Obj *c = fe_dict_getstr(I, kwargs, "c"), *bar = fe_dict_getstr(I, kwargs, "colorbar");
  Obj *cmap = fe_dict_getstr(I, kwargs, "colormap");
  bool by_column = false;   /* c= names a column */
  Obj *const *names;
  int64_t n;
  if (c && FE_IS(c, str) && fe_seq_items(I, pl_frame_names(df), &names, &n))
    for (int64_t j = 0; j < n && !by_column; j++)
      by_column = fe_eq(I, names[j], c) == 1;
  Obj *xs = numbers(I, df, x), *ys = xs ? numbers(I, df, y) : NULL;
  Obj *cs = ys && by_column ? numbers(I, df, c) : NULL;
  Obj *s = fe_dict_getstr(I, kwargs, "s"), *ss = NULL;   /* s= may name a column too */
  if (ys && s && FE_IS(s, str) && fe_seq_items(I, pl_frame_names(df), &names, &n))
    for (int64_t j = 0; j < n && !ss; j++)
      if (fe_eq(I, names[j], s) == 1)
        ss = numbers(I, df, s);
  Obj *blue = ys ? fe_str_cstr(I, "#1f77b4") : NULL, *twenty = blue ? fe_int(I, 20) : NULL;
  Obj *kw = twenty ? fe_dict_new(I) : NULL, *key, *val;
  bool ok = kw != NULL && (!by_column || cs);
  for (int64_t pos = 0; ok && fe_dict_next(kwargs, &pos, &key, &val);)
    if (!fe_str_is(key, "colorbar") && !fe_str_is(key, "colormap"))
      ok = fe_dict_set(I, kw, key, val) == 0;
  if (ok && by_column)
    ok = fe_dict_setstr(I, kw, "c", cs) == 0;
  if (ok && ss)
    ok = fe_dict_setstr(I, kw, "s", ss) == 0;
  bool integers = cs && PL_ND(cs)->dtype != ND_FLOAT64 && PL_ND(cs)->dtype != ND_FLOAT32;
  if (ok && !fe_dict_getstr(I, kw, "cmap") && (cmap || integers)) {   /* else viridis */
    Obj *map = cmap ? (fe_incref(cmap), cmap) : fe_str_cstr(I, "Greys");
    ok = map && fe_dict_setstr(I, kw, "cmap", map) == 0;
    fe_decref(I, map);
  }
  if (ok && !c && !fe_dict_getstr(I, kwargs, "color"))
    ok = fe_dict_setstr(I, kw, "c", blue) == 0;
  if (ok && !fe_dict_getstr(I, kwargs, "s"))
    ok = fe_dict_setstr(I, kw, "s", twenty) == 0;
  ok = ok && pl_call_kw(I, ax, "scatter", (Obj *[]){xs, ys}, 2, kw);
  Obj *xn = ok ? fe_str(I, x) : NULL, *yn = xn ? fe_str(I, y) : NULL;
  ok = yn && pl_call_kw(I, ax, "set_xlabel", &xn, 1, NULL) &&
       pl_call_kw(I, ax, "set_ylabel", &yn, 1, NULL);
  int colorbar = ok && by_column ? (bar ? fe_truth(I, bar) : 1) : 0;
  if (colorbar == 1) {
    Obj *label = fe_str(I, c), *cb = label ? fe_dict_new(I) : NULL;
    Obj *args[4] = {&I->none, &I->none, &I->none, cb};
    Obj *r = cb && fe_dict_setstr(I, cb, "label", label) == 0 ? pl_axes_colorbar(I, ax, args)
                                                               : NULL;
    ok = r != NULL;
    fe_decref(I, r), fe_decref(I, cb), fe_decref(I, label);
  }
  fe_decref(I, yn), fe_decref(I, xn), fe_decref(I, kw), fe_decref(I, twenty), fe_decref(I, blue);
  fe_decref(I, ss), fe_decref(I, cs), fe_decref(I, ys), fe_decref(I, xs);
  return ok && colorbar >= 0;
}

/* kind='hist': each column's present values on the bins of all of them (pandas'
 * _calculate_bins): ax.hist(values, bins=edges, label=name, **kwargs). */
static bool histograms(Interp *I, Obj *df, Obj *ax, Obj *y, Obj *kwargs) {
  Obj *names = drawn(I, df, &I->none, y), *const *v, *bins = fe_dict_getstr(I, kwargs, "bins");
  int64_t n = 0;
  bool ok = names && fe_seq_items(I, names, &v, &n);
  Obj **present = ok ? base_calloc((size_t)(n ? n : 1), sizeof *present) : NULL;
  NdArray **parts = present ? base_calloc((size_t)(n ? n : 1), sizeof *parts) : NULL;
  ok = parts != NULL || (names && (fe_throw(I, EXC_MemoryError, "out of memory"), false));
  for (int64_t j = 0; ok && j < n; j++) {
    Obj *col = numbers(I, df, v[j]);
    present[j] = col ? pl_col_present(I, col) : NULL;
    parts[j] = present[j] ? pl_array_of(I, present[j], ND_FLOAT64, false) : NULL;
    ok = parts[j] || (present[j] && (pl_nd_raise(I), false));
    fe_decref(I, col);
  }
  NdHistOpts o = {0};
  NdArray *given = NULL, *all = ok && n ? nd_concatenate((int)n, parts, 0) : NULL;
  NdArray *counts = NULL, *edges = NULL;
  ok = ok && n && all && (!bins || pl_hist_bins(I, bins, &o, &given)) &&
       (nd_histogram(all, &o, &counts, &edges) || (pl_nd_raise(I), false));
  if (ok && n && !all)
    ok = (pl_nd_raise(I), false);
  Obj *shared = ok ? pl_array_wrap(I, nd_ref(edges)) : NULL;
  for (int64_t j = 0; shared && ok && j < n; j++) {
    Obj *label = fe_str(I, v[j]), *with = label ? pl_kwargs_with(I, kwargs, "label", label) : NULL;
    Obj *kw = with ? pl_kwargs_with(I, with, "bins", shared) : NULL;
    ok = kw && pl_call_kw(I, ax, "hist", &present[j], 1, kw);
    fe_decref(I, kw), fe_decref(I, with), fe_decref(I, label);
  }
  Obj *frequency = ok && shared ? fe_str_cstr(I, "Frequency") : NULL;
  ok = frequency && pl_call_kw(I, ax, "set_ylabel", &frequency, 1, NULL);
  fe_decref(I, frequency), fe_decref(I, shared);
  nd_unref(counts), nd_unref(edges), nd_unref(given), nd_unref(all);
  for (int64_t j = 0; parts && j < n; j++)
    nd_unref(parts[j]), fe_decref(I, present[j]);
  base_free(parts), base_free(present);
  fe_decref(I, names);
  return ok;
}

/* kind='bar' or 'barh' (across): each number column (or y=) a bar set, side by side at each
 * row, named by the row labels, missing values as 0, labelled by the column's name; the
 * index's name under the axis. rot= (kwargs) turns the labels. */
static bool bar_sets(Interp *I, Obj *df, Obj *ax, Obj *y, Obj *kwargs, bool across) {
  Obj *names = drawn(I, df, &I->none, y), *const *v;
  int64_t n = 0, rows = fe_len(I, df);
  Obj *labels = names ? pl_labels(I, pl_frame_index(df), pl_frame_first(df), rows) : NULL;
  bool ok = labels && fe_seq_items(I, names, &v, &n);
  Obj **cols = ok ? base_calloc((size_t)n, sizeof *cols) : NULL, *zero = fe_int(I, 0);
  ok = ok && cols && zero;
  for (int64_t j = 0; ok && j < n; j++) {
    Obj *c = numbers(I, df, v[j]);
    ok = c && (cols[j] = pl_col_fill(I, c, zero));
    fe_decref(I, c);
  }
  Obj *rot = fe_dict_getstr(I, kwargs, "rot"), *index_name = pl_frame_index_name(df);
  ok = ok && pl_bar_groups(I, ax, labels, cols, v, n, rot ? rot : &I->none, kwargs, across) &&
       (!index_name ||
        pl_axes_set_text(I, ax, across ? "set_ylabel" : "set_xlabel", index_name));
  for (int64_t j = 0; cols && j < n; j++)
    fe_decref(I, cols[j]);
  base_free(cols);
  fe_decref(I, zero), fe_decref(I, labels), fe_decref(I, names);
  return ok;
}

/* DataFrame.plot(x=None, y=None, kind='line', ax=None, figsize=None, title=None, grid=None,
 * legend=True, xlabel=None, ylabel=None, logx=False, logy=False, loglog=False, **kwargs): the
 * axes drawn on. */
Obj *pl_frame_plot(Interp *I, Obj *self, Obj **args) {
  enum { LINE, BAR, BARH, SCATTER, HIST, BOX };
  static const char *const kinds[] = {"line", "bar", "barh", "scatter", "hist", "box"};
  int k = pl_plot_kind(I, "DataFrame", args[2], kinds, 6);
  if (k < 0)
    return NULL;
  if ((k == BOX || k == BAR || k == BARH) && args[0] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "DataFrame.plot(kind='%s') of x= is not "
                    "supported by nnc yet: index the frame by that column first", kinds[k]);
  if (k == BOX && args[1] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "DataFrame.plot(kind='box') of y= is not "
                    "supported by nnc yet: select the columns first");
  Obj *ax = pl_plot_axes(I, args[3], args[4], false);   /* pandas makes a new figure */
  Obj *kwargs = args[13];
  bool ok = ax && (k == LINE      ? lines(I, self, ax, args[0], args[1], kwargs)
                   : k == SCATTER ? scatter(I, self, ax, args[0], args[1], kwargs)
                   : k == HIST    ? histograms(I, self, ax, args[1], kwargs)
                   : k == BOX     ? pl_frame_box_kind(I, self, ax, kwargs)
                                  : bar_sets(I, self, ax, args[1], kwargs, k == BARH));
  int legend = ok && k != SCATTER && k != BOX ? fe_truth(I, args[7]) : 0;
  ok = ok && legend >= 0 && pl_axes_set_text(I, ax, "set_title", args[5]) &&
       pl_axes_set_text(I, ax, "set_xlabel", args[8]) &&
       pl_axes_set_text(I, ax, "set_ylabel", args[9]) && pl_plot_log_axes(I, ax, &args[10]) &&
       (args[6] == &I->none || pl_call_kw(I, ax, "grid", &args[6], 1, NULL)) &&
       (!legend || pl_call_kw(I, ax, "legend", NULL, 0, NULL));
  if (!ok)
    fe_setref(I, &ax, NULL);
  return ax;
}
