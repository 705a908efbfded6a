/* pd_plot.c — Series.plot() and Series.hist(), as tutorials draw one column or a count of
 * classes (df['target'].value_counts().plot(kind='bar'), df['Age'].hist(bins=20)).
 *
 * As pandas 1.5 draws them, on the current axes when a figure is open (else a new figure,
 * figsize= wide), or on ax=:
 *  - kind='line': the values against the index (its row numbers, or numeric labels),
 *    labelled with the Series' name;
 *  - kind='bar': a bar of width 0.5 per value at 0, 1, ..., each named by its label under
 *    it (turned 90 degrees unless rot=), the x limits half a place beyond the ends, the
 *    index's name under the axis;
 *  - kind='hist': Axes.hist of the present values (bins=, 10 by default), 'Frequency' on y;
 *  - kind='pie': Axes.pie of the values, named by their labels, the name on y;
 *  - hist(): the same histogram, without the y label and with a grid.
 * Keywords pandas does not take itself (color=, edgecolor=, alpha=, linewidth=, ...) go to
 * the Axes method that draws. title=, grid=, legend=, xlabel= and ylabel= are taken; other
 * kinds are refused by name. */
#include <stdio.h>
#include <string.h>

#include "pylib.h"

Obj *pl_plot_axes(Interp *I, Obj *ax, Obj *figsize, bool reuse) {
  if (ax != &I->none) {
    if (!pl_is_axes(ax))
      return fe_throw(I, EXC_TypeError, "ax must be a matplotlib Axes, not %s", fe_typename(ax));
    fe_incref(ax);
    return ax;
  }
  if (reuse && (pl_has_figure(I) || figsize == &I->none))
    return pl_gca(I);
  double w, h;
  Obj *fig = pl_figsize(I, figsize, &w, &h) ? pl_figure_new(I, w, h) : NULL;
  Obj *r = fig ? pl_subplot_of(I, fig, 1, 1, 1) : NULL;
  fe_decref(I, fig);
  return r;
}

Obj *pl_call_kw_result(Interp *I, Obj *o, const char *name, Obj *const *args, int nargs,
                       Obj *kwargs) {
  int64_t nkw = kwargs ? fe_len(I, kwargs) : 0;
  if (nargs + nkw > 64)
    return fe_throw(I, EXC_TypeError, "too many arguments");
  Obj *argv[64], *names = nkw ? fe_tuple_new(I, nkw) : NULL;
  if (nkw && !names)
    return NULL;
  if (nargs > 0)
    memcpy(argv, args, (size_t)nargs * sizeof *argv);
  int64_t pos = 0, k = 0;
  Obj *key, *val;
  while (names && fe_dict_next(kwargs, &pos, &key, &val)) {
    fe_incref(key);
    FE_TUPLE(names)->v[k] = key;
    argv[nargs + k++] = val;
  }
  Obj *m = name ? fe_getattr_str(I, o, name) : (fe_incref(o), o);
  Obj *r = m ? fe_call(I, m, argv, (int)(nargs + nkw), names) : NULL;
  fe_decref(I, m), fe_decref(I, names);
  return r;
}

bool pl_call_kw(Interp *I, Obj *o, const char *name, Obj **args, int nargs, Obj *kwargs) {
  Obj *r = pl_call_kw_result(I, o, name, args, nargs, kwargs);
  fe_decref(I, r);
  return r != NULL;
}

Obj *pl_kwargs_with(Interp *I, Obj *kwargs, const char *name, Obj *v) {
  Obj *r = fe_dict_new(I), *key, *val;
  int64_t pos = 0;
  while (r && fe_dict_next(kwargs, &pos, &key, &val))
    if (fe_dict_set(I, r, key, val) < 0)
      fe_setref(I, &r, NULL);
  if (r && v && fe_dict_setstr(I, r, name, v) < 0)
    fe_setref(I, &r, NULL);
  return r;
}

int pl_plot_kind(Interp *I, const char *who, Obj *kind, const char *const *kinds, int n) {
  for (int k = 0; k < n; k++)
    if (fe_str_is(kind, kinds[k]))
      return k;
  char known[128] = "";
  for (int k = 0; k < n; k++)
    snprintf(known + strlen(known), sizeof known - strlen(known), "%s'%s'",
             k == 0 ? "" : k == n - 1 ? " or " : ", ", kinds[k]);
  fe_throw(I, EXC_NotImplementedError, "%s.plot(kind=%s) is not supported by nnc yet: give %s",
           who, FE_IS(kind, str) ? FE_STR(kind)->s : "...", known);
  return -1;
}

bool pl_axes_set_text(Interp *I, Obj *ax, const char *setter, Obj *v) {
  if (v == &I->none)
    return true;
  Obj *s = fe_str(I, v);
  bool ok = s && pl_call_kw(I, ax, setter, &s, 1, NULL);
  fe_decref(I, s);
  return ok;
}

bool pl_bar_groups(Interp *I, Obj *ax, Obj *labels, Obj *const *values, Obj *const *names,
                   int64_t nsets, Obj *rot, Obj *kwargs, bool across) {
  int64_t n = fe_len(I, labels);
  double w = 0.5 / (double)nsets;
  Obj *width = fe_float(I, w), *key, *val;
  Obj *kw = width ? fe_dict_new(I) : NULL;   /* kwargs but rot= */
  bool ok = kw != NULL;
  for (int64_t p = 0; ok && fe_dict_next(kwargs, &p, &key, &val);)
    ok = fe_str_is(key, "rot") || fe_dict_set(I, kw, key, val) == 0;
  for (int64_t j = 0; ok && j < nsets; j++) {
    NdArray *at = nd_empty(ND_FLOAT64, 1, &n);
    for (int64_t i = 0; at && i < n; i++)
      ((double *)at->data)[i] = (double)i - 0.25 + ((double)j + 0.5) * w;
    Obj *pos = at ? pl_array_wrap(I, at) : pl_nd_raise(I);
    Obj *label = pos && names ? fe_str(I, names[j]) : NULL;
    Obj *set_kw = pos && (!names || label) ? pl_kwargs_with(I, kw, "label", label) : NULL;
    ok = set_kw && pl_call_kw(I, ax, across ? "barh" : "bar", (Obj *[]){pos, values[j], width},
                              3, set_kw);
    fe_decref(I, set_kw), fe_decref(I, label), fe_decref(I, pos);
  }
  NdArray *ticks = ok ? nd_empty(ND_INT64, 1, &n) : NULL;
  for (int64_t i = 0; ticks && i < n; i++)
    ((int64_t *)ticks->data)[i] = i;
  Obj *at = ticks ? pl_array_wrap(I, ticks) : NULL;
  Obj *lim[2] = {at ? fe_float(I, -0.5) : NULL, at ? fe_float(I, (double)n - 0.5) : NULL};
  Obj *angle = rot != &I->none ? (fe_incref(rot), rot) : fe_int(I, across ? 0 : 90);
  Obj *rotation = angle ? fe_str_cstr(I, "rotation") : NULL;
  Obj *rot_kw = rotation ? fe_tuple_pack(I, 1, rotation) : NULL;
  ok = ok && lim[0] && lim[1] && rot_kw &&
       pl_call_kw(I, ax, across ? "set_yticks" : "set_xticks", (Obj *[]){at, labels}, 2, NULL) &&
       pl_call_kw(I, ax, across ? "set_ylim" : "set_xlim", lim, 2, NULL);
  Obj *m = ok ? fe_getattr_str(I, ax, across ? "set_yticklabels" : "set_xticklabels") : NULL;
  Obj *r = m ? fe_call(I, m, (Obj *[]){labels, angle}, 2, rot_kw) : NULL;
  ok = r != NULL;
  fe_decref(I, r), fe_decref(I, m), fe_decref(I, rot_kw), fe_decref(I, rotation);
  fe_decref(I, angle), fe_decref(I, lim[0]), fe_decref(I, lim[1]), fe_decref(I, at);
  fe_decref(I, kw), fe_decref(I, width);
  return ok;
}

/* kind='bar' or 'barh' (across) of a Series: one bar set, named by its labels. */
static bool bars(Interp *I, Obj *s, Obj *ax, Obj *rot, Obj *kwargs, bool across) {
  int64_t first, n = fe_len(I, s);
  Obj *index = pl_series_index(s, &first), *labels = pl_labels(I, index, first, n);
  Obj *values = labels ? pl_series_column(s) : NULL;
  bool ok = values && pl_bar_groups(I, ax, labels, &values, NULL, 1, rot, kwargs, across);
  fe_decref(I, values), fe_decref(I, labels);
  return ok;
}

/* kind='pie': ax.pie of the values, each wedge named by its label (blank for a value of 0,
 * so that none overlaps), coloured from the colour cycle's start unless colors= says
 * otherwise; the Series' name on the y axis. Negative values are refused, as pandas does. */
static bool pie(Interp *I, Obj *s, Obj *ax, Obj *kwargs) {
  int64_t first, n = fe_len(I, s);
  Obj *index = pl_series_index(s, &first), *labels = pl_labels(I, index, first, n);
  Obj *col = labels ? pl_series_column(s) : NULL;
  NdArray *v = col ? pl_array_arg(I, col) : NULL, *f = v ? nd_astype(v, ND_FLOAT64) : NULL;
  if (v && !f)
    pl_nd_raise(I);
  for (int64_t i = 0; f && !I->exc_pending && i < n; i++)
    if (((const double *)f->data)[i] < 0)
      fe_throw(I, EXC_ValueError, "pie plot doesn't allow negative values");
  const FmtStyle *st = &((PlAxes *)ax)->ax->style;
  Obj *colors = f && !I->exc_pending ? fe_list_new(I, 0) : NULL;
  Obj *names = colors ? fe_list_new(I, 0) : NULL;
  bool ok = names != NULL;
  for (int64_t i = 0; ok && i < n; i++) {
    char hex[8];
    snprintf(hex, sizeof hex, "#%06x", (unsigned)st->cycle[i % (st->ncycle ? st->ncycle : 1)]);
    Obj *name = ((const double *)f->data)[i] == 0 ? fe_str_cstr(I, "")
                                                   : fe_str(I, FE_LIST(labels)->v[i]);
    ok = name && fe_list_append_text(I, colors, hex) == 0 && fe_list_append(I, names, name) == 0;
    fe_decref(I, name);
  }
  Obj *kw = ok ? pl_kwargs_with(I, kwargs, "labels", fe_dict_getstr(I, kwargs, "labels")
                                                        ? NULL : names) : NULL;
  Obj *kw2 = kw ? pl_kwargs_with(I, kw, "colors", fe_dict_getstr(I, kw, "colors")
                                                     ? NULL : colors) : NULL;
  Obj *name = kw2 ? fe_getattr_str(I, s, "name") : NULL;
  ok = name && pl_call_kw(I, ax, "pie", &col, 1, kw2) &&
       pl_axes_set_text(I, ax, "set_ylabel", name);
  fe_decref(I, name), fe_decref(I, kw2), fe_decref(I, kw), fe_decref(I, names);
  fe_decref(I, colors), fe_decref(I, col), fe_decref(I, labels);
  nd_unref(v), nd_unref(f);
  return ok;
}

/* kind='line': the values against the index, labelled with the Series' name unless
 * label= says otherwise. */
static bool line(Interp *I, Obj *s, Obj *ax, Obj *kwargs) {
  int64_t first, n = fe_len(I, s);
  Obj *index = pl_series_index(s, &first), *x = pl_labels(I, index, first, n);
  Obj *y = x ? pl_series_column(s) : NULL, *name = y ? fe_getattr_str(I, s, "name") : NULL;
  bool named = name && name != &I->none && !fe_dict_getstr(I, kwargs, "label");
  Obj *kw = name ? pl_kwargs_with(I, kwargs, "label", named ? name : NULL) : NULL;
  bool ok = kw && pl_call_kw(I, ax, "plot", (Obj *[]){x, y}, 2, kw);
  fe_decref(I, kw), fe_decref(I, name), fe_decref(I, y), fe_decref(I, x);
  return ok;
}

/* A histogram of the present values: ax.hist(values, bins=bins, **kwargs). */
static bool histogram(Interp *I, Obj *s, Obj *ax, Obj *bins, Obj *kwargs) {
  Obj *col = pl_series_column(s), *v = pl_col_present(I, col);
  Obj *kw = v ? pl_kwargs_with(I, kwargs, "bins", bins) : NULL;
  bool ok = kw && pl_call_kw(I, ax, "hist", &v, 1, kw);
  fe_decref(I, kw), fe_decref(I, v), fe_decref(I, col);
  return ok;
}

bool pl_plot_log_axes(Interp *I, Obj *ax, Obj *const logs[3]) {
  static const char *const names[3] = {"logx", "logy", "loglog"};
  bool on[3];
  for (int k = 0; k < 3; k++) {
    if (fe_str_is(logs[k], "sym"))
      return fe_throw(I, EXC_NotImplementedError, "plot(%s='sym') is not supported by nnc "
                      "yet: a symlog scale is not drawn", names[k]);
    int t = fe_truth(I, logs[k]);
    if (t < 0)
      return false;
    on[k] = t;
  }
  Obj *log = fe_str_cstr(I, "log");
  bool ok = log && (!(on[0] || on[2]) || pl_call_kw(I, ax, "set_xscale", &log, 1, NULL)) &&
            (!(on[1] || on[2]) || pl_call_kw(I, ax, "set_yscale", &log, 1, NULL));
  fe_decref(I, log);
  return ok;
}

/* Series.plot(kind='line', ax=None, figsize=None, title=None, grid=None, legend=False,
 * rot=None, xlabel=None, ylabel=None, logx=False, logy=False, loglog=False, **kwargs) */
Obj *pl_series_plot(Interp *I, Obj *self, Obj **args) {
  enum { LINE, BAR, BARH, HIST, PIE };
  static const char *const kinds[] = {"line", "bar", "barh", "hist", "pie"};
  int k = pl_plot_kind(I, "Series", args[0], kinds, 5);
  if (k < 0)
    return NULL;
  Obj *ax = pl_plot_axes(I, args[1], args[2], true);
  Obj *index_name = k == BAR || k == BARH ? pl_series_index_name(self) : NULL, *frequency = NULL;
  bool ok = ax && (k == LINE  ? line(I, self, ax, args[12])
                   : k == PIE  ? pie(I, self, ax, args[12])
                   : k == HIST ? histogram(I, self, ax, NULL, args[12]) &&
                                   (frequency = fe_str_cstr(I, "Frequency"))
                               : bars(I, self, ax, args[6], args[12], k == BARH));
  int legend = ok ? fe_truth(I, args[5]) : -1;
  ok = ok && legend >= 0 &&
       (!index_name ||
        pl_axes_set_text(I, ax, k == BARH ? "set_ylabel" : "set_xlabel", index_name)) &&
       (!frequency || pl_axes_set_text(I, ax, "set_ylabel", frequency)) &&
       pl_axes_set_text(I, ax, "set_title", args[3]) &&
       pl_axes_set_text(I, ax, "set_xlabel", args[7]) &&
       pl_axes_set_text(I, ax, "set_ylabel", args[8]) && pl_plot_log_axes(I, ax, &args[9]) &&
       (args[4] == &I->none || pl_call_kw(I, ax, "grid", &args[4], 1, NULL)) &&
       (!legend || pl_call_kw(I, ax, "legend", NULL, 0, NULL));
  fe_decref(I, frequency);
  if (!ok)
    fe_setref(I, &ax, NULL);
  return ax;
}

/* Series.hist(by=None, ax=None, grid=True, xlabelsize=None, xrot=None, ylabelsize=None,
 * yrot=None, figsize=None, bins=10, backend=None, legend=False, **kwargs) */
Obj *pl_series_hist(Interp *I, Obj *self, Obj **args) {
  static const int refused[] = {0, 3, 4, 5, 6, 9};
  for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
    if (args[refused[i]] != &I->none)
      return fe_throw(I, EXC_NotImplementedError, "Series.hist(by=, backend= or the label sizes "
                      "and rotations) is not supported by nnc yet");
  Obj *ax = pl_plot_axes(I, args[1], args[7], true);
  if (ax && !(histogram(I, self, ax, args[8], args[11]) &&
              pl_call_kw(I, ax, "grid", &args[2], 1, NULL)))
    fe_setref(I, &ax, NULL);
  return ax;
}
