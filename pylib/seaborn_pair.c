/* seaborn_pair.c — seaborn's pairplot: each pair of a frame's number columns in a grid, as
 * seaborn 0.12's PairGrid draws it, the first figure of many tutorials that look at their
 * data before a network learns it.
 *
 * The grid is matplotlib's subplots(sharex='col', sharey='row') of height x height*aspect
 * inch cells with only the left and bottom spines, the inner tick labels and axis labels
 * hidden (corner=True: the axes above the diagonal removed, and the diagonal's y axes); the
 * variables name the bottom row's x axes and the left column's y axes. Each
 * diagonal cell holds a second axes sharing its x axis, without its own (twinx, axis off),
 * where the variable's distribution is drawn: a histogram, or with a hue a filled density
 * per level (diag_kind 'auto'); the other cells hold scatterplots. Both are seaborn.c's
 * own plots, called as PairGrid calls them: hue_order the hue's levels as
 * categorical_order sorts them, legend off. A hue adds a figure legend at the right, titled
 * with its name, the figure widened by the legend's width; last comes tight_layout with
 * pad 0.5 inside the part left of the legend.
 */
#include <string.h>

#include "pylib.h"

enum { MAX_VARS = 16 };

/* pairplot's arguments, in its signature's order. */
enum { DATA, HUE, HUE_ORDER, PALETTE, VARS, X_VARS, Y_VARS, KIND, DIAG_KIND, MARKERS, HEIGHT,
       ASPECT, CORNER, DROPNA, PLOT_KWS, DIAG_KWS, GRID_KWS, SIZE };

typedef struct {
  Obj *data, *hue, *hue_order;     /* borrowed; the hue's column name, or None */
  Obj *vars[2];                    /* new: the x variables (columns), the y variables (rows) */
  Obj *fig, *cells, *diag;         /* new: the Figure, its Axes (a list, row by row), the
                                      diagonal's twin Axes (a list) */
  Obj *seaborn;                    /* new: the module whose plots fill the cells */
} Pair;

/* Whether a frame's column holds numbers (booleans too): seaborn's numeric variables. */
static int numeric_column(Interp *I, Obj *data, Obj *name) {
  Obj *c = pl_frame_column(I, data, name);
  int r = c ? !pl_col_is_text(I, c) : -1;
  fe_decref(I, c);
  return r;
}

/* The variables of the rows and columns: x_vars and y_vars, else vars, else every number
 * column but the hue's. */
static bool variables(Interp *I, Obj **args, Pair *p) {
  for (int k = 0; k < 2; k++) {
    Obj *given = args[k ? Y_VARS : X_VARS] != &I->none ? args[k ? Y_VARS : X_VARS] : args[VARS];
    if (given != &I->none) {
      p->vars[k] = fe_list_new(I, 0);   /* a name, or a list of them */
      if (p->vars[k] && (FE_IS(given, str) ? fe_list_append(I, p->vars[k], given)
                                          : fe_list_extend(I, p->vars[k], given)) < 0)
        fe_setref(I, &p->vars[k], NULL);
      continue;
    }
    Obj *names = pl_frame_names(p->data);
    p->vars[k] = fe_list_new(I, 0);
    for (int64_t i = 0; p->vars[k] && i < FE_LIST(names)->n; i++) {
      Obj *name = FE_LIST(names)->v[i];
      int hue = p->hue != &I->none ? fe_eq(I, name, p->hue) : 0;
      int num = hue == 0 ? numeric_column(I, p->data, name) : 0;
      if (hue < 0 || num < 0 || (num == 1 && fe_list_append(I, p->vars[k], name) < 0))
        fe_setref(I, &p->vars[k], NULL);
    }
  }
  if (!p->vars[0] || !p->vars[1])
    return false;
  for (int k = 0; k < 2; k++)
    if (FE_LIST(p->vars[k])->n < 1 || FE_LIST(p->vars[k])->n > MAX_VARS)
      return fe_throw(I, EXC_ValueError, "pairplot draws 1 to %d variables a side, not %lld: "
                      "give vars=", MAX_VARS, (long long)FE_LIST(p->vars[k])->n), false;
  return true;
}

/* The hue's levels as seaborn's categorical_order gives them: hue_order's, else the values
 * present, sorted when they are numbers, else in order of appearance. */
static Obj *hue_levels(Interp *I, Obj *data, Obj *hue, Obj *order) {
  if (order != &I->none)
    return fe_list_from_iter(I, order);
  Obj *s = fe_getitem(I, data, hue), *all = s ? fe_list_from_iter(I, s) : NULL;
  Obj *levels = all ? fe_list_new(I, 0) : NULL;
  int numbers = levels ? numeric_column(I, data, hue) : 0;
  if (numbers < 0)
    fe_setref(I, &levels, NULL);
  for (int64_t i = 0; levels && i < FE_LIST(all)->n; i++) {
    Obj *v = FE_LIST(all)->v[i];
    if (v == &I->none || pl_is_nan(I, v))
      continue;
    int in = fe_seq_contains(I, FE_LIST(levels)->v, FE_LIST(levels)->n, v);
    if (in < 0 || (in == 0 && fe_list_append(I, levels, v) < 0))
      fe_setref(I, &levels, NULL);
  }
  Obj *sorted = levels && numbers ? fe_call_method(I, levels, "sort", NULL, 0) : NULL;
  if (levels && numbers && !sorted)
    fe_setref(I, &levels, NULL);
  fe_decref(I, sorted), fe_decref(I, all), fe_decref(I, s);
  return levels;
}

/* The grid: its figure, its axes as PairGrid sets them up (corner: those above the
 * diagonal removed, None in the grid), and the diagonal's twins (their y axes shared for
 * histograms, diag_sharey). */
static bool grid(Interp *I, Pair *p, double height, double aspect, bool hist, bool corner) {
  int nc = (int)FE_LIST(p->vars[0])->n, nr = (int)FE_LIST(p->vars[1])->n;
  if (!(p->fig = pl_figure_new(I, nc * height * aspect, nr * height)))
    return false;
  FmtFigure *f = ((PlFigure *)p->fig)->f;
  Obj *cells = p->cells = fe_list_new(I, 0);
  p->diag = fe_list_new(I, 0);
  bool ok = cells && p->diag;
  for (int i = 0; ok && i < nr * nc; i++) {
    bool above = corner && i % nc > i / nc;
    Obj *ax = above ? (fe_incref(&I->none), &I->none) : pl_subplot_of(I, p->fig, nr, nc, i + 1);
    ok = ax && fe_list_append(I, cells, ax) == 0;
    fe_decref(I, ax);
  }
  FmtAxes *first = NULL;
  ok = ok && (pl_share_grid(f, nr, nc, (PlShare[]){PL_SHARE_COL, PL_SHARE_ROW}) ||
              (fe_nomem(I), false));
  for (int i = 0; ok && corner && i < nr * nc; i++)
    if (FE_LIST(cells)->v[i] == &I->none)
      fmt_figure_remove(f, fmt_figure_axes(f, nr, nc, i + 1));
  for (int i = 0; ok && i < nr * nc; i++) {
    if (FE_LIST(cells)->v[i] == &I->none)
      continue;
    FmtAxes *ax = ((PlAxes *)FE_LIST(cells)->v[i])->ax;
    int r = i / nc, c = i % nc;
    ax->despined = true;
    ax->label_hidden[0] = r < nr - 1, ax->label_hidden[1] = c > 0;
    Obj *xname = r == nr - 1 ? FE_LIST(p->vars[0])->v[c] : NULL;
    Obj *yname = c == 0 ? FE_LIST(p->vars[1])->v[r] : NULL;
    ok = pl_seaborn_name_axes(I, ax, xname, yname);
  }
  for (int i = 0; ok && i < nr * nc; i++) { /* the diagonal's twins, in the grid's order */
    FmtAxes *host = FE_LIST(cells)->v[i] == &I->none ? NULL : ((PlAxes *)FE_LIST(cells)->v[i])->ax;
    int eq = !host ? 0 : fe_eq(I, FE_LIST(p->vars[0])->v[i % nc], FE_LIST(p->vars[1])->v[i / nc]);
    FmtAxes *twin = eq == 1 ? fmt_figure_twin(f, host, 0) : NULL;
    if (twin && corner)   /* the density's axes has no y axis, nor a left spine */
      host->hidden[1] = host->inner[1] = host->label_hidden[1] = true;
    Obj *ax = twin ? pl_axes_object(I, p->fig, twin) : NULL;
    ok = eq == 0 || (ax && fe_list_append(I, p->diag, ax) == 0);
    if (twin && hist && first)
      fmt_axes_share(first, twin, 1);
    if (twin)
      twin->off = true, first = first ? first : twin;
    fe_decref(I, ax);
  }
  return ok;
}

/* Draws fn(x=data[x], y=data[y] (when y), hue=..., hue_order=..., ax=ax, **kws). */
static bool draw(Interp *I, Pair *p, const char *fn, Obj *x, Obj *y, Obj *ax, Obj *kws) {
  Obj *kw = pl_kwargs_with(I, kws, "ax", ax), *xs = kw ? fe_getitem(I, p->data, x) : NULL;
  Obj *ys = xs && y ? fe_getitem(I, p->data, y) : NULL;
  Obj *hs = xs && p->hue != &I->none ? fe_getitem(I, p->data, p->hue) : NULL;
  bool ok = xs && (!y || ys) && (p->hue == &I->none || hs) &&
            fe_dict_setstr(I, kw, "x", xs) == 0 && (!y || fe_dict_setstr(I, kw, "y", ys) == 0) &&
            (!hs || (fe_dict_setstr(I, kw, "hue", hs) == 0 &&
                     fe_dict_setstr(I, kw, "hue_order", p->hue_order) == 0)) &&
            pl_call_kw(I, p->seaborn, fn, NULL, 0, kw);
  fe_decref(I, hs), fe_decref(I, ys), fe_decref(I, xs), fe_decref(I, kw);
  return ok;
}

/* The figure legend of the hue's levels, each with the handle a scatterplot made for it
 * (none: a blank one), the figure widened by its width and the axes kept left of it; the
 * part of the figure tight_layout may use is *right. */
static bool figure_legend(Interp *I, Pair *p, const FmtAxes *drawn, double *right) {
  FmtFigure *f = ((PlFigure *)p->fig)->f;
  Obj *title = fe_str(I, p->hue);
  if (!title || !(f->legend = base_calloc(1, sizeof *f->legend)) ||
      !fmt_strdup(FE_STR(title)->s, &f->legend->legend_title)) {
    fe_decref(I, title);
    return I->exc_pending ? false : (fe_nomem(I), false);
  }
  fe_decref(I, title);
  f->legend->legend_loc = FMT_LOC_CENTER_RIGHT, f->legend->legend = true;
  f->legend->style = f->style;
  f->legend->style.legend_frame = false;   /* seaborn's figure legend: frameon=False */
  for (int64_t j = 0; j < FE_LIST(p->hue_order)->n; j++) {
    Obj *name = fe_str(I, FE_LIST(p->hue_order)->v[j]);
    FmtArtist *h = name ? fmt_axes_add(f->legend, FMT_SCATTER, 0) : NULL;
    if (!h || !fmt_strdup(FE_STR(name)->s, &h->label)) {
      fe_decref(I, name);
      return I->exc_pending ? false : (fe_nomem(I), false);
    }
    h->legend_only = true, h->size = 0; /* blank until a handle of that label is found */
    for (int i = 0; drawn && i < drawn->n; i++)
      if (drawn->a[i]->n == 0 && drawn->a[i]->label &&   /* a legend's proxy */
          strcmp(drawn->a[i]->label, h->label) == 0)
        h->color = drawn->a[i]->color, h->size = drawn->a[i]->size;
    fe_decref(I, name);
  }
  double width = fmt_figure_legend_width(f) / 100; /* inches, at 100 dpi */
  f->w += width;
  *right = 1 - (0.01 + width / f->w);
  f->sp.right = *right;
  return true;
}

/* The keywords of the plots: kws' (None: none), and for the diagonal's legend=False, with
 * fill=True and warn_singular=False for densities, as pairplot gives them. */
static Obj *plot_keywords(Interp *I, Obj *kws, bool diagonal, bool density) {
  Obj *kw = kws == &I->none ? fe_dict_new(I) : pl_kwargs_with(I, kws, NULL, NULL);
  if (kw && diagonal && ((!fe_dict_getstr(I, kw, "legend") &&
                          fe_dict_setstr(I, kw, "legend", &I->false_.hd) < 0) ||
                         (density && !fe_dict_getstr(I, kw, "fill") &&
                          fe_dict_setstr(I, kw, "fill", &I->true_.hd) < 0) ||
                         (density && !fe_dict_getstr(I, kw, "warn_singular") &&
                          fe_dict_setstr(I, kw, "warn_singular", &I->false_.hd) < 0)))
    fe_setref(I, &kw, NULL);
  return kw;
}

/* Draws every cell: the diagonal's distributions first, then the scatterplots (their
 * legends taken off: the figure's shows the hue). The last scatterplot's axes is *drawn. */
static bool cells(Interp *I, Pair *p, bool kde, Obj *plot_kws, Obj *diag_kws,
                  const FmtAxes **drawn) {
  int nc = (int)FE_LIST(p->vars[0])->n, nr = (int)FE_LIST(p->vars[1])->n;
  Obj *dkw = plot_keywords(I, diag_kws, true, kde);
  Obj *pkw = dkw ? plot_keywords(I, plot_kws, false, false) : NULL;
  bool ok = pkw != NULL;
  int64_t d = 0;
  for (int i = 0; ok && i < nr * nc; i++) {
    Obj *x = FE_LIST(p->vars[0])->v[i % nc];
    int eq = FE_LIST(p->cells)->v[i] == &I->none ? 0 : fe_eq(I, x, FE_LIST(p->vars[1])->v[i / nc]);
    Obj *twin = eq == 1 ? FE_LIST(p->diag)->v[d++] : NULL;
    ok = eq == 0 || (eq == 1 && draw(I, p, kde ? "kdeplot" : "histplot", x, NULL, twin, dkw));
  }
  *drawn = NULL;
  for (int i = 0; ok && i < nr * nc; i++) {
    Obj *x = FE_LIST(p->vars[0])->v[i % nc], *y = FE_LIST(p->vars[1])->v[i / nc];
    Obj *ax = FE_LIST(p->cells)->v[i];
    int eq = ax == &I->none ? 1 : fe_eq(I, x, y);   /* a corner's removed axes: nothing */
    ok = eq == 1 || (eq == 0 && draw(I, p, "scatterplot", x, y, ax, pkw));
    if (ok && eq == 0)
      *drawn = ((PlAxes *)ax)->ax, ((PlAxes *)ax)->ax->legend = false;
  }
  fe_decref(I, pkw), fe_decref(I, dkw);
  return ok;
}

/* Sets the items of dict extra (or NULL) in dict d, over d's own; false with an exception. */
static bool update(Interp *I, Obj *d, Obj *extra) {
  int64_t pos = 0;
  Obj *key, *v;
  while (extra && fe_dict_next(extra, &pos, &key, &v))
    if (fe_dict_set(I, d, key, v) < 0)
      return false;
  return true;
}

/* grid.tight_layout(**kwargs): the figure's, by default pad 0.5 inside _tight_layout_rect. */
static bool tight(Interp *I, Obj *grid, Obj *kwargs) {
  Obj *fig = fe_getattr_str(I, grid, "figure");
  Obj *rect = fig ? fe_getattr_str(I, grid, "_tight_layout_rect") : NULL;
  Obj *pad = rect ? fe_float(I, 0.5) : NULL, *kw = pad ? fe_dict_new(I) : NULL;
  bool ok = kw && fe_dict_setstr(I, kw, "rect", rect) == 0 &&
            fe_dict_setstr(I, kw, "pad", pad) == 0 && update(I, kw, kwargs) &&
            pl_call_kw(I, fig, "tight_layout", NULL, 0, kw);
  fe_decref(I, kw), fe_decref(I, pad), fe_decref(I, rect), fe_decref(I, fig);
  return ok;
}

/* The PairGrid object pairplot returns: the figure (fig, figure), the axes grid (axes), the
 * diagonal's axes (diag_axes), the variables (x_vars, y_vars), the data and the hue. */
static Obj *grid_object(Interp *I, Pair *p, double right) {
  Obj *cls = fe_getattr_str(I, p->seaborn, "PairGrid");
  Obj *g = cls ? fe_new(I, (Class *)cls, 0) : NULL;
  int64_t shape[2] = {FE_LIST(p->vars[1])->n, FE_LIST(p->vars[0])->n};
  int64_t nd = FE_LIST(p->diag)->n;
  Obj *axes = NULL, *diag = NULL;
  if (g) { /* each array takes a reference to its list */
    fe_incref(p->cells), fe_incref(p->diag);
    axes = pl_objarray_new(I, 2, shape, p->cells);
    diag = pl_objarray_new(I, 1, &nd, p->diag);
  }
  Obj *rect = axes && diag ? fe_list_new(I, 0) : NULL;
  const double edges[4] = {0.01, 0.01, right, 0.99};
  bool ok = rect != NULL;
  for (int k = 0; ok && k < 4; k++) {
    Obj *e = fe_float(I, edges[k]);
    ok = e && fe_list_append(I, rect, e) == 0;
    fe_decref(I, e);
  }
  const char *names[] = {"fig", "figure", "axes", "diag_axes", "x_vars", "y_vars", "data",
                         "hue_names", "_tight_layout_rect"};
  Obj *values[] = {p->fig, p->fig, axes, diag, p->vars[0], p->vars[1], p->data,
                   p->hue == &I->none ? &I->none : p->hue_order, rect};
  for (size_t k = 0; ok && k < sizeof names / sizeof *names; k++) {
    fe_incref(values[k]);
    ok = pl_set_attr(I, g, names[k], values[k]);
  }
  fe_decref(I, rect), fe_decref(I, diag), fe_decref(I, axes), fe_decref(I, cls);
  if (!ok)
    fe_setref(I, &g, NULL);
  return g;
}

/* pairplot(data, *, hue=None, hue_order=None, palette=None, vars=None, x_vars=None,
 * y_vars=None, kind='scatter', diag_kind='auto', markers=None, height=2.5, aspect=1,
 * corner=False, dropna=False, plot_kws=None, diag_kws=None, grid_kws=None, size=None) */
static Obj *pairplot(Interp *I, Obj *self, Obj **args) {
  (void)self;
  static const int refused[] = {PALETTE, MARKERS, DROPNA, GRID_KWS};
  static const char *const names[] = {"palette=", "markers=", "dropna=True", "grid_kws="};
  for (size_t k = 0; k < sizeof refused / sizeof *refused; k++)
    if (args[refused[k]] != &I->none && args[refused[k]] != &I->false_.hd)
      return fe_throw(I, EXC_NotImplementedError, "pairplot(%s) is not supported by nnc yet: "
                      "give data, hue, hue_order, vars (or x_vars, y_vars), diag_kind, "
                      "height, aspect, corner, plot_kws and diag_kws", names[k]);
  if (!pl_state(I)->pd_frame || args[DATA]->cls != pl_state(I)->pd_frame)
    return fe_throw(I, EXC_TypeError, "'data' must be pandas DataFrame object, not: %s",
                    fe_typename(args[DATA]));
  if (!fe_str_is(args[KIND], "scatter"))
    return fe_throw(I, EXC_NotImplementedError, "pairplot(kind=...) draws 'scatter' in nnc");
  bool hue = args[HUE] != &I->none;
  bool kde = fe_str_is(args[DIAG_KIND], "kde") || (fe_str_is(args[DIAG_KIND], "auto") && hue);
  if (!kde && !fe_str_is(args[DIAG_KIND], "hist") && !fe_str_is(args[DIAG_KIND], "auto"))
    return fe_throw(I, EXC_NotImplementedError, "pairplot(diag_kind=...) takes 'auto', 'hist' "
                    "or 'kde' in nnc");
  double height, aspect;
  int corner = fe_truth(I, args[CORNER]);
  Obj *tall = args[SIZE] != &I->none ? args[SIZE] : args[HEIGHT];   /* size: height's old name */
  if (corner < 0 || fe_as_double(I, tall, &height) < 0 ||
      fe_as_double(I, args[ASPECT], &aspect) < 0)
    return NULL;
  if (!(height > 0 && height <= 20 && aspect > 0 && height * aspect <= 20))
    return fe_throw(I, EXC_ValueError, "pairplot's cells must be from 0 to 20 inches a side");
  if (args[SIZE] != &I->none && !pl_state(I)->warnings_off)
    fprintf(fe_err(I), "UserWarning: The `size` parameter has been renamed to `height`; "
            "please update your code.\n");
  Pair p = {.data = args[DATA], .hue = args[HUE], .hue_order = &I->none};
  const FmtAxes *drawn = NULL;
  double right = 0.99;
  Obj *levels = hue ? hue_levels(I, p.data, p.hue, args[HUE_ORDER]) : NULL, *r = NULL;
  if (levels)
    p.hue_order = levels;
  if ((!hue || levels) && (p.seaborn = fe_import(I, "seaborn")) && variables(I, args, &p) &&
      grid(I, &p, height, aspect, !kde, corner) &&
      cells(I, &p, kde, args[PLOT_KWS], args[DIAG_KWS], &drawn) &&
      (!hue || figure_legend(I, &p, drawn, &right)))
    r = grid_object(I, &p, right);
  if (r && !tight(I, r, NULL))
    fe_setref(I, &r, NULL);
  fe_decref(I, levels), fe_decref(I, p.vars[0]), fe_decref(I, p.vars[1]);
  fe_decref(I, p.fig), fe_decref(I, p.cells), fe_decref(I, p.diag), fe_decref(I, p.seaborn);
  return r;
}

/* grid.savefig(*args, **kwargs): the figure's, by default with bbox_inches='tight' (every
 * seaborn Grid's: PairGrid's and FacetGrid's). */
Obj *pl_seaborn_grid_savefig(Interp *I, Obj *self, Obj **args) {
  Obj *fig = fe_getattr_str(I, self, "figure"), *kw = fig ? fe_dict_new(I) : NULL;
  Obj *box = kw ? fe_str_cstr(I, "tight") : NULL;
  bool ok = box && fe_dict_setstr(I, kw, "bbox_inches", box) == 0 && update(I, kw, args[1]) &&
            pl_call_kw(I, fig, "savefig", FE_TUPLE(args[0])->v, (int)FE_TUPLE(args[0])->n, kw);
  fe_decref(I, box), fe_decref(I, kw), fe_decref(I, fig);
  return ok ? fe_none(I) : NULL;
}

static Obj *g_tight_layout(Interp *I, Obj *self, Obj **args) {
  if (FE_TUPLE(args[0])->n > 0)
    return fe_throw(I, EXC_TypeError, "tight_layout() takes keyword arguments only");
  if (!tight(I, self, args[1]))
    return NULL;
  fe_incref(self);
  return self;
}

static Obj *g_init(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return fe_throw(I, EXC_NotImplementedError, "seaborn.PairGrid(...) is not supported by nnc "
                  "yet: sns.pairplot draws one");
}

static const FeFnDef grid_methods[] = {
    {"__init__", g_init, "(*args, **kwargs)", NULL, NULL},
    {"savefig", pl_seaborn_grid_savefig, "(*args, **kwargs)", NULL, NULL},
    {"tight_layout", g_tight_layout, "(*args, **kwargs)", "seaborn.PairGrid", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeFnDef fns[] = {
    {"pairplot", pairplot, "(data, *, hue=None, hue_order=None, palette=None, "
     "vars=None, x_vars=None, y_vars=None, kind='scatter', diag_kind='auto', markers=None, "
     "height=2.5, aspect=1, corner=False, dropna=False, plot_kws=None, diag_kws=None, "
     "grid_kws=None, size=None)", "seaborn.PairGrid", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeClassDef classes[] = {
    {.name = "PairGrid", .methods = grid_methods},
    {.name = NULL},
};

const FeModuleDef pl_seaborn_pair_def = {.name = "seaborn", .fns = fns, .classes = classes};
