/* seaborn_facet.c — seaborn's FacetGrid, as seaborn 0.12 lays it out: one axes per level of
 * `row` and of `col` (a Titanic notebook's FacetGrid(train, col='Survived') then
 * g.map(plt.hist, 'Age', bins=20)).
 *
 * The levels are categorical_order's (numbers sorted, other values in order of appearance;
 * row_order and col_order else). The figure is ncol * height * aspect by nrow * height
 * inches, made by subplots sharing x and y as sharex and sharey say (True: all), each axes
 * despined and titled "col = level", "row = level" or "row = r | col = c", then laid out
 * tight. map(func, *names, **kwargs) draws func on every facet with rows, as seaborn calls
 * it: a seaborn function with x=, y= the facet's columns and ax=; any other function on the
 * facet made current, with the columns as its arguments (their values for matplotlib's);
 * color= the first of the colour cycle unless given. The bottom row's x axes are then named
 * by the first name, the left column's y axes by the second, and the grid laid out tight
 * again. hue=, col_wrap=, margin titles and add_legend are refused by name.
 */
#include <stdio.h>
#include <string.h>

#include "pylib.h"

/* FacetGrid's arguments, in its signature's order. */
enum { DATA, ROW, COL, HUE, COL_WRAP, SHAREX, SHAREY, HEIGHT, ASPECT, PALETTE, ROW_ORDER,
       COL_ORDER, HUE_ORDER, HUE_KWS, DROPNA, LEGEND_OUT, DESPINE, MARGIN_TITLES, XLIM, YLIM,
       SUBPLOT_KWS, GRIDSPEC_KWS };

/* sharex= or sharey=: True or 'all', 'row', 'col', False or 'none'. */
static bool share_of(Interp *I, Obj *v, PlShare *out) {
  static const char *const names[] = {"none", "all", "row", "col"};
  for (int k = 0; k < 4; k++)
    if (fe_str_is(v, names[k]))
      return *out = (PlShare)k, true;
  int t = FE_ISA(I, v, str) ? -1 : fe_truth(I, v);
  if (t < 0)
    return I->exc_pending ? false : (fe_throw(I, EXC_ValueError, "sharex and sharey take a "
                                     "bool, 'all', 'row', 'col' or 'none'"), false);
  return *out = t ? PL_SHARE_ALL : PL_SHARE_NONE, true;
}

/* The levels of data[var]'s present values (var None: none): *texts a new list of their
 * str(), *values a new list of the values themselves (the first row of each), as
 * categorical_order gives them. */
static bool levels(Interp *I, Obj *data, Obj *var, Obj *order, Obj **texts, Obj **values) {
  *texts = *values = NULL;
  if (var == &I->none)
    return (*texts = fe_list_new(I, 0)) && (*values = fe_list_new(I, 0));
  Obj *all = fe_getitem(I, data, var);   /* missing values make no level */
  Obj *present = all ? fe_call_method(I, all, "dropna", NULL, 0) : NULL;
  Obj *items = present ? fe_list_from_iter(I, present) : NULL;
  PlCategories c = {NULL, NULL};
  bool ok = items && pl_seaborn_categories(I, present, order, &c) &&
            (*values = fe_list_new(I, FE_LIST(c.keys)->n));
  for (int64_t j = 0; ok && j < FE_LIST(c.keys)->n; j++) {
    Obj *v = FE_LIST(c.keys)->v[j];   /* order= may name a level no row has */
    for (int64_t i = 0; ok && i < FE_LIST(items)->n; i++) {
      int64_t at = pl_seaborn_key_index(I, c.keys, FE_LIST(items)->v[i]);
      ok = at >= -1;
      if (at == j) {
        v = FE_LIST(items)->v[i];
        break;
      }
    }
    fe_incref(FE_LIST(*values)->v[j] = v);
  }
  fe_decref(I, items), fe_decref(I, present), fe_decref(I, all), base_free(c.count);
  *texts = c.keys;
  if (!ok)
    fe_setref(I, texts, NULL), fe_setref(I, values, NULL);
  return ok;
}

/* "var = level" titles of each axes, row's before col's, as set_titles writes them. */
static bool titles(Interp *I, Obj *self, Obj *axes, int nr, int nc) {
  Obj *vars[2] = {fe_getattr_str(I, self, "_row_var"), fe_getattr_str(I, self, "_col_var")};
  Obj *names[2] = {fe_getattr_str(I, self, "_row_keys"), fe_getattr_str(I, self, "_col_keys")};
  Obj *items = pl_objarray_items(axes, &(int){0});
  bool ok = vars[0] && vars[1] && names[0] && names[1];
  for (int i = 0; ok && i < nr * nc; i++) {
    char title[512] = "";
    for (int k = 0; k < 2; k++) {
      Obj *var = vars[k] == &I->none ? NULL : fe_str(I, vars[k]);
      if (var) {
        size_t at = strlen(title);
        snprintf(title + at, sizeof title - at, "%s%s = %s", at ? " | " : "", FE_STR(var)->s,
                 FE_STR(FE_LIST(names[k])->v[k ? i % nc : i / nc])->s);
      }
      ok = var || vars[k] == &I->none;
      fe_decref(I, var);
    }
    Obj *text = ok ? fe_str_cstr(I, title) : NULL, *kw = text ? fe_dict_new(I) : NULL;
    Obj *size = kw ? fe_float(I, 10) : NULL;   /* rcParams['axes.labelsize'], as seaborn's */
    ok = size && fe_dict_setstr(I, kw, "size", size) == 0 &&
         pl_call_kw(I, FE_LIST(items)->v[i], "set_title", &text, 1, kw);
    fe_decref(I, size), fe_decref(I, kw), fe_decref(I, text);
  }
  for (int k = 0; k < 2; k++)
    fe_decref(I, vars[k]), fe_decref(I, names[k]);
  return ok;
}

/* What the grid's methods return, as seaborn's do: the grid itself (a new reference), or
 * NULL when they failed. */
static Obj *chained(Obj *self, bool ok) {
  if (ok)
    fe_incref(self);
  return ok ? self : NULL;
}

/* FacetGrid(data, *, row=None, col=None, ...) */
static Obj *fg_init(Interp *I, Obj *self, Obj **args) {
  static const int refused[] = {HUE, COL_WRAP, PALETTE, HUE_KWS, SUBPLOT_KWS, GRIDSPEC_KWS};
  static const char *const what[] = {"hue=", "col_wrap=", "palette=", "hue_kws=",
                                     "subplot_kws=", "gridspec_kws="};
  for (size_t k = 0; k < sizeof refused / sizeof *refused; k++)
    if (args[refused[k]] != &I->none)
      return fe_throw(I, EXC_NotImplementedError, "FacetGrid(%s) is not supported by nnc yet: "
                      "give data, row, col, their orders, sharex, sharey, height, aspect and "
                      "despine", what[k]);
  if (fe_truth(I, args[MARGIN_TITLES]) != 0 || args[XLIM] != &I->none || args[YLIM] != &I->none)
    return I->exc_pending ? NULL : fe_throw(I, EXC_NotImplementedError, "FacetGrid("
                                            "margin_titles=True, xlim=, ylim=) is not "
                                            "supported by nnc yet");
  if (!pl_is_frame(args[DATA]))
    return fe_throw(I, EXC_TypeError, "FacetGrid takes a DataFrame as data");
  PlShare share[2];
  double height, aspect;
  int despine = fe_truth(I, args[DESPINE]);
  if (despine < 0 || !share_of(I, args[SHAREX], &share[0]) ||
      !share_of(I, args[SHAREY], &share[1]) || fe_as_double(I, args[HEIGHT], &height) < 0 ||
      fe_as_double(I, args[ASPECT], &aspect) < 0)
    return NULL;
  if (!(height > 0 && aspect > 0 && height * aspect <= 40 && height <= 40))
    return fe_throw(I, EXC_ValueError, "FacetGrid's cells must be from 0 to 40 inches a side");
  Obj *rows, *cols = NULL, *row_values, *col_values = NULL;
  bool read = levels(I, args[DATA], args[ROW], args[ROW_ORDER], &rows, &row_values) &&
              levels(I, args[DATA], args[COL], args[COL_ORDER], &cols, &col_values);
  int nr = read && FE_LIST(rows)->n ? (int)FE_LIST(rows)->n : 1;
  int nc = read && FE_LIST(cols)->n ? (int)FE_LIST(cols)->n : 1;
  if (read && (int64_t)nr * nc > 64)
    read = (fe_throw(I, EXC_NotImplementedError, "a FacetGrid of more than 64 facets is not "
                     "supported by nnc"), false);
  Obj *fig = read ? pl_figure_new(I, nc * height * aspect, nr * height) : NULL;
  Obj *cells = fig ? fe_list_new(I, 0) : NULL;
  bool ok = cells != NULL;
  for (int i = 0; ok && i < nr * nc; i++) {
    Obj *ax = pl_subplot_of(I, fig, nr, nc, i + 1);
    ok = ax && fe_list_append(I, cells, ax) == 0;
    if (ax)
      ((PlAxes *)ax)->ax->despined = despine;
    fe_decref(I, ax);
  }
  ok = ok && (pl_share_grid(((PlFigure *)fig)->f, nr, nc, share) || (fe_nomem(I), false));
  int64_t shape[2] = {nr, nc};
  if (cells)
    fe_incref(cells);
  Obj *axes = ok ? pl_objarray_new(I, 2, shape, cells) : (fe_decref(I, cells), NULL);
  const char *names[] = {"fig", "figure", "axes", "data", "row_names", "col_names", "_row_keys",
                         "_col_keys", "_row_var", "_col_var", "hue_names"};
  Obj *values[] = {fig, fig, axes, args[DATA], row_values, col_values, rows, cols, args[ROW],
                   args[COL], &I->none};
  for (size_t k = 0; ok && k < sizeof names / sizeof *names; k++) {
    fe_incref(values[k]);
    ok = pl_set_attr(I, self, names[k], values[k]);
  }
  ok = ok && titles(I, self, axes, nr, nc) && pl_call_kw(I, fig, "tight_layout", NULL, 0, NULL);
  fe_decref(I, axes), fe_decref(I, cells), fe_decref(I, fig), fe_decref(I, rows);
  fe_decref(I, cols), fe_decref(I, row_values), fe_decref(I, col_values);
  return ok ? fe_none(I) : NULL;
}

/* Whether module `name` holds the value v. */
static int belongs(Interp *I, const char *name, Obj *v) {
  Obj *m = fe_import(I, name);
  if (!m)
    return -1;
  Dict *d = FE_DICT(((Module *)m)->dict);
  int found = 0;
  for (int64_t i = 0; !found && i < d->ne; i++)
    found = d->e[i].key && d->e[i].value == v;
  fe_decref(I, m);
  return found;
}

/* The rows of facet (r, c): a bool array over the data's rows. */
static Obj *facet_rows(Interp *I, Obj *self, Obj *data, int r, int c) {
  static const char *const var[2] = {"_row_var", "_col_var"}, *const lev[2] = {"_row_keys",
                                                                              "_col_keys"};
  int64_t n = fe_len(I, data);
  NdArray *mask = n >= 0 ? nd_full(ND_BOOL, 1, &n, (NdScalar){.dtype = ND_BOOL, .b = true}) : NULL;
  bool ok = mask || (n >= 0 && (pl_nd_raise(I), false));
  for (int k = 0; ok && k < 2; k++) {
    Obj *v = fe_getattr_str(I, self, var[k]), *names = v ? fe_getattr_str(I, self, lev[k]) : NULL;
    Obj *values = names && v != &I->none ? fe_getitem(I, data, v) : NULL;
    Obj *items = values ? fe_list_from_iter(I, values) : NULL;
    ok = names && (v == &I->none || items);
    Obj *want = ok && items ? FE_LIST(names)->v[k ? c : r] : NULL;
    for (int64_t i = 0; ok && want && i < n; i++) {
      int64_t at = pl_seaborn_key_index(I, names, FE_LIST(items)->v[i]);
      ok = at >= -1;
      ((bool *)mask->data)[i] &= at == (k ? c : r);
    }
    fe_decref(I, items), fe_decref(I, values), fe_decref(I, names), fe_decref(I, v);
  }
  if (!ok)
    nd_unref(mask), mask = NULL;
  return mask ? pl_array_wrap(I, mask) : NULL;
}

/* func on one facet's rows sub: seaborn's with x=, y=, ax=; another on the current axes. */
static bool draw_facet(Interp *I, Obj *func, Obj *ax, Obj *sub, Obj *const *vars, int64_t nv,
                       Obj *kwargs, bool seaborn, bool matplotlib) {
  static const char *const semantics[] = {"x", "y", "hue", "size", "style"};
  Obj *kw = pl_kwargs_with(I, kwargs, seaborn ? "ax" : NULL, seaborn ? ax : NULL);
  Obj *pargs[5] = {NULL};
  int64_t np = 0;
  bool ok = kw && nv <= 5;
  if (kw && nv > 5)
    fe_throw(I, EXC_NotImplementedError, "FacetGrid.map of more than 5 variables");
  for (int64_t k = 0; ok && k < nv; k++) {
    Obj *col = fe_getitem(I, sub, vars[k]);
    Obj *v = col && matplotlib ? fe_getattr_str(I, col, "values") : col;
    if (col && matplotlib)
      fe_decref(I, col);
    ok = v != NULL;
    if (ok && seaborn)
      ok = fe_dict_setstr(I, kw, semantics[k], v) == 0, fe_decref(I, v);
    else if (ok)
      pargs[np++] = v;
  }
  if (ok && !seaborn) {
    Obj *plt = fe_import(I, "matplotlib.pyplot");
    ok = plt && pl_call_kw(I, plt, "sca", &ax, 1, NULL);
    fe_decref(I, plt);
  }
  ok = ok && pl_call_kw(I, func, NULL, pargs, (int)np, kw);
  for (int64_t k = 0; k < np; k++)
    fe_decref(I, pargs[k]);
  fe_decref(I, kw);
  return ok;
}

/* The bottom row's x axes named by x (the others' cleared), the left column's y axes by y. */
static bool axis_labels(Interp *I, Obj *axes, Obj *x, Obj *y) {
  int ndim;
  Obj *items = pl_objarray_items(axes, &ndim);
  int64_t nr = 0, nc = 0;
  Obj *shape = fe_getattr_str(I, axes, "shape");
  bool ok = shape && fe_as_int(I, FE_TUPLE(shape)->v[0], &nr) == 0 &&
            fe_as_int(I, FE_TUPLE(shape)->v[1], &nc) == 0;
  fe_decref(I, shape);
  Obj *blank = ok ? fe_str_cstr(I, "") : NULL;
  for (int64_t i = 0; blank && ok && i < nr * nc; i++) {
    Obj *ax = FE_LIST(items)->v[i];
    Obj *xl = x ? (i / nc == nr - 1 ? x : blank) : NULL;
    Obj *yl = y ? (i % nc == 0 ? y : blank) : NULL;
    ok = (!xl || pl_call_kw(I, ax, "set_xlabel", &xl, 1, NULL)) &&
         (!yl || pl_call_kw(I, ax, "set_ylabel", &yl, 1, NULL));
  }
  fe_decref(I, blank);
  return ok && blank;
}

/* seaborn's warning for a categorical plot mapped without order=: the facets' categories
 * may differ, and shared axes show the last one's names. */
static bool warn_order(Interp *I, Obj *func, Obj *kwargs) {
  static const char *const categorical[] = {"barplot", "countplot", "boxplot"};
  Obj *sns = fe_dict_getstr(I, kwargs, "order") ? NULL : fe_import(I, "seaborn");
  for (size_t k = 0; sns && k < sizeof categorical / sizeof *categorical; k++) {
    Obj *f = fe_getattr_str(I, sns, categorical[k]);
    if (f == func && !pl_state(I)->warnings_off)
      fprintf(fe_err(I), "UserWarning: Using the %s function without specifying `order` is "
              "likely to produce an incorrect plot.\n", categorical[k]);
    fe_decref(I, f);
  }
  fe_decref(I, sns);
  return !I->exc_pending;
}

/* map(func, *args, **kwargs) */
static Obj *fg_map(Interp *I, Obj *self, Obj **args) {
  Obj *func = args[0], *const *vars = FE_TUPLE(args[1])->v;
  int64_t nv = FE_TUPLE(args[1])->n;
  if (!warn_order(I, func, args[2]))
    return NULL;
  int seaborn = belongs(I, "seaborn", func);
  int matplotlib = seaborn == 0 ? belongs(I, "matplotlib.pyplot", func) : 0;
  Obj *data = seaborn >= 0 && matplotlib >= 0 ? fe_getattr_str(I, self, "data") : NULL;
  Obj *axes = data ? fe_getattr_str(I, self, "axes") : NULL;
  Obj *fig = axes ? fe_getattr_str(I, self, "figure") : NULL;
  Obj *kw = fig ? pl_kwargs_with(I, args[2], NULL, NULL) : NULL;
  Obj *color = kw && !fe_dict_getstr(I, kw, "color") ? fe_str_cstr(I, "#1f77b4") : NULL;
  bool ok = kw && (!color || fe_dict_setstr(I, kw, "color", color) == 0);
  int ndim;
  Obj *items = ok ? pl_objarray_items(axes, &ndim) : NULL;
  int64_t n = items ? FE_LIST(items)->n : 0;
  Obj *shape = items ? fe_getattr_str(I, axes, "shape") : NULL;
  int64_t nc = 1;
  ok = ok && shape && fe_as_int(I, FE_TUPLE(shape)->v[1], &nc) == 0;
  for (int64_t i = 0; ok && i < n; i++) {
    Obj *mask = facet_rows(I, self, data, (int)(i / nc), (int)(i % nc));
    Obj *sub = mask ? fe_getitem(I, data, mask) : NULL;
    int64_t rows = sub ? fe_len(I, sub) : -1;
    ok = rows >= 0 && (rows == 0 || draw_facet(I, func, FE_LIST(items)->v[i], sub, vars, nv, kw,
                                               seaborn == 1, matplotlib == 1));
    fe_decref(I, sub), fe_decref(I, mask);
  }
  ok = ok && axis_labels(I, axes, nv > 0 ? vars[0] : NULL, nv > 1 ? vars[1] : NULL) &&
       pl_call_kw(I, fig, "tight_layout", NULL, 0, NULL);
  fe_decref(I, shape), fe_decref(I, color), fe_decref(I, kw), fe_decref(I, fig);
  fe_decref(I, axes), fe_decref(I, data);
  return chained(self, ok);
}

/* set_axis_labels(x_var=None, y_var=None) */
static Obj *fg_set_axis_labels(Interp *I, Obj *self, Obj **args) {
  Obj *axes = fe_getattr_str(I, self, "axes");
  bool ok = axes && axis_labels(I, axes, args[0] == &I->none ? NULL : args[0],
                                args[1] == &I->none ? NULL : args[1]);
  fe_decref(I, axes);
  return chained(self, ok);
}

/* set(**kwargs): Axes.set on every facet. */
static Obj *fg_set(Interp *I, Obj *self, Obj **args) {
  Obj *axes = fe_getattr_str(I, self, "axes");
  int ndim;
  Obj *items = axes ? pl_objarray_items(axes, &ndim) : NULL;
  bool ok = items != NULL;
  for (int64_t i = 0; ok && i < FE_LIST(items)->n; i++)
    ok = pl_call_kw(I, FE_LIST(items)->v[i], "set", NULL, 0, args[0]);
  fe_decref(I, axes);
  return chained(self, ok);
}

/* tight_layout(**kwargs): the figure's. */
static Obj *fg_tight_layout(Interp *I, Obj *self, Obj **args) {
  Obj *fig = fe_getattr_str(I, self, "figure");
  bool ok = fig && pl_call_kw(I, fig, "tight_layout", NULL, 0, args[0]);
  fe_decref(I, fig);
  return chained(self, ok);
}

#define FACET_SIG "(data, *, row=None, col=None, hue=None, col_wrap=None, sharex=True, " \
  "sharey=True, height=3, aspect=1, palette=None, row_order=None, col_order=None, "       \
  "hue_order=None, hue_kws=None, dropna=False, legend_out=True, despine=True, "           \
  "margin_titles=False, xlim=None, ylim=None, subplot_kws=None, gridspec_kws=None)"

static const FeFnDef facet_methods[] = {
    {"__init__", fg_init, FACET_SIG, NULL, NULL},
    {"map", fg_map, "(func, *args, **kwargs)", "seaborn.FacetGrid", NULL},
    {"set_axis_labels", fg_set_axis_labels, "(x_var=None, y_var=None)", "seaborn.FacetGrid",
     NULL},
    {"savefig", pl_seaborn_grid_savefig, "(*args, **kwargs)", NULL, NULL},
    {"tight_layout", fg_tight_layout, "(**kwargs)", "seaborn.FacetGrid", NULL},
    {"set", fg_set, "(**kwargs)", "seaborn.FacetGrid", NULL},
    {"add_legend", NULL, NULL, NULL, "FacetGrid.add_legend is not supported by nnc yet: a "
     "hue's legend needs FacetGrid(hue=), which nnc does not draw"},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeClassDef classes[] = {
    {.name = "FacetGrid", .methods = facet_methods},
    {.name = NULL},
};

const FeModuleDef pl_seaborn_facet_def = {.name = "seaborn", .classes = classes};
