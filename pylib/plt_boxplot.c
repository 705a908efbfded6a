/* plt_boxplot.c — box-and-whisker plots: plt.boxplot and Axes.boxplot, as matplotlib 3.6
 * draws them, and df.boxplot(), as pandas 1.5 draws a frame's number columns with them.
 * Tutorials look for outliers this way before scaling the features.
 *
 * Each data set (a 1-d x; a 2-d array's columns; a list's items unless they are numbers)
 * gets matplotlib's statistics (cbook.boxplot_stats): the quartiles by numpy's linear
 * percentile, whiskers at the furthest values within whis (1.5) interquartile ranges of the
 * box, the values beyond them as fliers, those below first. Drawn as matplotlib's lines, in
 * its order: the box (a closed outline), the two whiskers, the two caps (half the box's
 * width), the median (orange) and the fliers (hollow black circles). The boxes stand at
 * positions (1, 2, ... by default), widths wide (0.15 times the positions' spread, held to
 * [0.15, 0.5]); x runs half a place beyond the first and last box, with a tick at each named
 * by labels= (else its position), as manage_ticks does.
 *
 * df.boxplot(column=, grid=, ax=, figsize=, rot=, **boxplot's keywords) draws the number
 * columns' present values on the current axes, named by the columns, in pandas' colours:
 * boxes and whiskers blue, medians green, caps black; with a grid. df.plot(kind='box')
 * (pd_frame_plot.c) draws the same boxes with blue caps and no grid.
 *
 * Refused by name: vert=False, notches, patch_artist, means, bootstrap, user medians and
 * confidence intervals, autorange, the *props dictionaries, sym. Both return None where
 * matplotlib returns a dict of its lines. */
#include <math.h>
#include <string.h>

#include "pylib.h"

typedef struct {
  uint32_t box, whisker, median, cap;
} BoxColors;

static const BoxColors matplotlib_colors = {0x000000, 0x000000, 0xff7f0e, 0x000000};
static const BoxColors pandas_colors = {0x1f77b4, 0x1f77b4, 0x2ca02c, 0x000000};
static const BoxColors pandas_plot_colors = {0x1f77b4, 0x1f77b4, 0x2ca02c, 0x1f77b4};

typedef struct {
  double whis;
  const double *positions, *widths;  /* NULL: 1, 2, ...; matplotlib's width */
  double capwidth;                   /* NaN: half the box's width */
  bool caps, box, fliers, ticks;
  char **labels;                     /* each box's tick label */
  BoxColors colors;
  PlBoxStyle style;
} BoxOpts;

/* matplotlib's: lines 1 pt wide, fliers hollow circles of 6 points outlined in black */
static const PlBoxStyle matplotlib_style = {.lw = 1, .flier = 'o', .flier_size = 6};

/* The data sets of x, as matplotlib's _reshape_2D reads it: each a new 1-d float64 array;
 * *n of them. NULL with an exception. */
static NdArray **data_sets(Interp *I, Obj *x, int64_t *n) {
  Obj *const *v;
  int64_t len;
  bool list = fe_is_seq(I, x);
  if (list && !fe_seq_items(I, x, &v, &len))
    return NULL;
  bool each = list && len > 0 && !FE_IS(v[0], int) && !FE_IS(v[0], float) && !FE_IS(v[0], bool);
  NdArray *whole = each ? NULL : pl_array_arg(I, x);
  NdArray *all = whole ? nd_astype(whole, ND_FLOAT64) : NULL;
  nd_unref(whole);
  if (!each && (!all || all->ndim > 2)) {
    if (all)
      fe_throw(I, EXC_ValueError, "X must have 2 or fewer dimensions");
    else if (!I->exc_pending)
      pl_nd_raise(I);
    nd_unref(all);
    return NULL;
  }
  *n = each ? len : all->ndim == 2 ? all->shape[1] : 1;
  NdArray **sets = base_calloc((size_t)(*n ? *n : 1), sizeof *sets);
  bool ok = sets != NULL;
  for (int64_t j = 0; ok && j < *n; j++) {
    if (each) {
      NdArray *a = pl_array_arg(I, v[j]), *f = a ? nd_astype(a, ND_FLOAT64) : NULL;
      nd_unref(a);
      if (a && !f)
        pl_nd_raise(I);
      if (f && f->ndim > 1)
        fe_throw(I, EXC_ValueError, "X must have 2 or fewer dimensions"), nd_unref(f), f = NULL;
      ok = (sets[j] = f) != NULL;
    } else {
      int64_t rows = all->ndim ? all->shape[0] : 1, k = all->ndim == 2 ? *n : 1;
      ok = (sets[j] = nd_empty(ND_FLOAT64, 1, &rows)) != NULL || (pl_nd_raise(I), false);
      for (int64_t i = 0; ok && i < rows; i++)
        ((double *)sets[j]->data)[i] = ((const double *)all->data)[i * k + j];
    }
  }
  nd_unref(all);
  if (!sets)
    fe_throw(I, EXC_MemoryError, "out of memory");
  if (!ok) {
    for (int64_t j = 0; sets && j < *n; j++)
      nd_unref(sets[j]);
    base_free(sets);
    return NULL;
  }
  return sets;
}

/* A solid line of n points (x, y: across and along the boxes) in colour c on ax, st->lw
 * wide; NULL when out of memory. */
static FmtArtist *line(FmtAxes *ax, int64_t n, const double *x, const double *y, uint32_t c,
                       const PlBoxStyle *st) {
  FmtArtist *a = fmt_axes_add(ax, FMT_LINE, n);
  if (!a)
    return NULL;
  memcpy(st->horizontal ? a->y : a->x, x, (size_t)n * sizeof *x);
  memcpy(st->horizontal ? a->x : a->y, y, (size_t)n * sizeof *y);
  a->color = c, a->lw = st->lw, a->dash = FMT_SOLID;
  return a;
}

/* The lines of data set d's box at pos, w wide (see the top); false when out of memory. */
static bool draw_box(FmtAxes *ax, const NdArray *d, double pos, double w, const BoxOpts *o) {
  static const double quartiles[3] = {25, 50, 75};
  int64_t three = 3;
  NdArray *q = nd_empty(ND_FLOAT64, 1, &three);
  if (!q)
    return false;
  memcpy(q->data, quartiles, sizeof quartiles);
  NdArray *p = d->size ? nd_percentile(d, q, nd_axis(ND_NOAXIS), false) : NULL;
  nd_unref(q);
  if (d->size && !p)
    return false;
  const double *v = (const double *)d->data;
  double q1 = p ? ((double *)p->data)[0] : NAN, med = p ? ((double *)p->data)[1] : NAN;
  double q3 = p ? ((double *)p->data)[2] : NAN;
  nd_unref(p);
  double lo = q1 - o->whis * (q3 - q1), hi = q3 + o->whis * (q3 - q1);
  double whislo = q1, whishi = q3;   /* the furthest values within [lo, hi], if beyond the box */
  int64_t nfliers = 0;
  for (int64_t i = 0; i < d->size; i++) {
    if (v[i] >= lo && v[i] < whislo)
      whislo = v[i];
    if (v[i] <= hi && v[i] > whishi)
      whishi = v[i];
  }
  for (int64_t i = 0; i < d->size; i++)
    nfliers += v[i] < whislo || v[i] > whishi;
  double l = pos - w / 2, r = pos + w / 2, c = isnan(o->capwidth) ? w / 2 : o->capwidth;
  const double bx[5] = {l, r, r, l, l}, by[5] = {q1, q1, q3, q3, q1};
  const double wx[2] = {pos, pos}, wlo[2] = {q1, whislo}, whi[2] = {q3, whishi};
  const double cx[2] = {pos - c / 2, pos + c / 2}, clo[2] = {whislo, whislo};
  const double chi[2] = {whishi, whishi}, mx[2] = {l, r}, my[2] = {med, med};
  const PlBoxStyle *st = &o->style;
  FmtArtist *patch = st->filled ? fmt_axes_add(ax, FMT_BARS, 1) : NULL;
  if (patch) {   /* the box as a patch of its own, filled and outlined */
    patch->patch = true, patch->horizontal = st->horizontal, patch->color = st->fill;
    patch->x[0] = pos, patch->w[0] = w, patch->b[0] = q1, patch->y[0] = q3 - q1;
    patch->edged = true, patch->edge = o->colors.box, patch->lw = st->lw;
  }
  bool ok = (!st->filled || patch) && (!o->box || line(ax, 5, bx, by, o->colors.box, st)) &&
            line(ax, 2, wx, wlo, o->colors.whisker, st) &&
            line(ax, 2, wx, whi, o->colors.whisker, st) &&
            (!o->caps || (line(ax, 2, cx, clo, o->colors.cap, st) &&
                          line(ax, 2, cx, chi, o->colors.cap, st))) &&
            line(ax, 2, mx, my, o->colors.median, st);
  FmtArtist *f = ok && o->fliers ? fmt_axes_add(ax, FMT_LINE, nfliers) : NULL;
  if (ok && o->fliers && !f)
    return false;
  if (f) {   /* flierprops: markers outlined 1 point wide in flier_fill, hollow or filled */
    f->dash = FMT_NOLINE, f->marker = st->flier, f->size = st->flier_size, f->lw = 1, f->mew = 1;
    f->edged = true, f->edge = st->flier_fill;
    f->faced = true, f->face = st->flier_filled ? st->flier_fill : FMT_NO_COLOR;
    int64_t k = 0;
    for (int low = 1; low >= 0; low--)
      for (int64_t i = 0; i < d->size; i++)
        if (low ? v[i] < whislo : v[i] > whishi)
          (st->horizontal ? f->y : f->x)[k] = pos, (st->horizontal ? f->x : f->y)[k++] = v[i];
  }
  return ok;
}

bool pl_draw_box(FmtAxes *ax, const NdArray *d, double pos, double width, uint32_t lines,
                 const PlBoxStyle *st) {
  BoxOpts o = {.whis = st->whis, .capwidth = NAN, .caps = true, .fliers = true,
               .colors = {lines, lines, lines, lines}, .style = *st};
  return draw_box(ax, d, pos, width, &o);
}

/* The boxes of sets[n] on ax, with their ticks and x limits when o->ticks. */
static bool draw_boxes(Interp *I, FmtAxes *ax, NdArray **sets, int64_t n, const BoxOpts *o) {
  double spread = 0;
  for (int64_t j = 0; o->positions && j < n; j++)
    spread = fmax(spread, fabs(o->positions[j] - o->positions[0]));
  double dflt = fmin(fmax(0.15 * (o->positions ? spread : (double)(n - 1)), 0.15), 0.5);
  double lo = INFINITY, hi = -INFINITY;
  for (int64_t j = 0; j < n; j++) {
    double pos = o->positions ? o->positions[j] : (double)(j + 1);
    if (!draw_box(ax, sets[j], pos, o->widths ? o->widths[j] : dflt, o))
      return fe_throw(I, EXC_MemoryError, "out of memory"), false;
    lo = fmin(lo, pos - 0.5), hi = fmax(hi, pos + 0.5);
  }
  if (!o->ticks || n == 0)
    return true;
  ax->has_lim[0] = true, ax->lim[0][0] = lo, ax->lim[0][1] = hi;
  for (int i = 0; ax->tick_text[0] && i < ax->ntick_at[0]; i++)
    base_free(ax->tick_text[0][i]);
  base_free(ax->tick_text[0]);
  base_free(ax->tick_at[0]);
  ax->ntick_at[0] = 0, ax->noticks[0] = false;
  ax->tick_at[0] = base_calloc((size_t)n, sizeof(double));
  ax->tick_text[0] = base_calloc((size_t)n, sizeof(char *));
  bool ok = ax->tick_at[0] && ax->tick_text[0];
  for (int64_t j = 0; ok && j < n; j++) {
    ax->tick_at[0][j] = o->positions ? o->positions[j] : (double)(j + 1);
    ok = fmt_strdup(o->labels[j], &ax->tick_text[0][j]);
  }
  ax->ntick_at[0] = ok ? (int)n : 0;
  return ok || (fe_throw(I, EXC_MemoryError, "out of memory"), false);
}

/* A flag that defaults to true when None; -1 with an exception. */
static int flag(Interp *I, Obj *v) {
  return v == &I->none ? 1 : fe_truth(I, v);
}

/* n numbers of v (a number: n copies) into a new array; NULL with ValueError naming what. */
static double *numbers(Interp *I, Obj *v, int64_t n, const char *what) {
  NdArray *a = pl_array_arg(I, v), *f = a ? nd_astype(a, ND_FLOAT64) : NULL;
  nd_unref(a);
  double *r = f ? base_calloc((size_t)(n ? n : 1), sizeof *r) : NULL;
  if (f && r && f->ndim == 0)
    for (int64_t j = 0; j < n; j++)
      r[j] = ((const double *)f->data)[0];
  else if (f && r && f->ndim == 1 && f->size == n)
    memcpy(r, f->data, (size_t)n * sizeof *r);
  else if (f && r)
    fe_throw(I, EXC_ValueError, "List of boxplot statistics and `%s` values must have same "
             "the length", what), base_free(r), r = NULL;
  if (a && !f)
    pl_nd_raise(I);
  else if (f && !r && !I->exc_pending)
    fe_throw(I, EXC_MemoryError, "out of memory");
  nd_unref(f);
  return r;
}

/* The tick labels: labels= (one per box), else each position as str() gives it. */
static char **tick_labels(Interp *I, Obj *labels, Obj *positions, int64_t n) {
  Obj *src = labels != &I->none ? labels : positions;
  if (labels != &I->none && fe_len(I, labels) != n)
    return I->exc_pending ? NULL : (fe_throw(I, EXC_ValueError, "Dimensions of labels and X "
                                             "must be compatible"), NULL);
  NdArray *at = labels == &I->none && positions != &I->none ? pl_array_arg(I, positions) : NULL;
  Obj *arr = at ? pl_array_wrap(I, at) : NULL;   /* numpy's items: 1 or 1.0, as matplotlib */
  char **r = base_calloc((size_t)(n ? n : 1), sizeof *r);
  bool ok = r && (src == &I->none || labels != &I->none || arr);
  for (int64_t j = 0; ok && j < n; j++) {
    Obj *key = fe_int(I, j);
    Obj *item = key && src != &I->none ? fe_getitem(I, arr ? arr : src, key) : NULL;
    Obj *s = item ? fe_str(I, item) : key && src == &I->none ? fe_strf(I, "%lld", (long long)j + 1)
                                                             : NULL;
    ok = s && fmt_strdup(FE_STR(s)->s, &r[j]);
    fe_decref(I, s), fe_decref(I, item), fe_decref(I, key);
  }
  fe_decref(I, arr);
  if (!ok && r) {
    for (int64_t j = 0; j < n; j++)
      base_free(r[j]);
    base_free(r);
    r = NULL;
  }
  if (!r && !I->exc_pending)
    fe_throw(I, EXC_MemoryError, "out of memory");
  return r;
}

/* boxplot's arguments, as PL_BOXPLOT_SIG orders them, drawn on axes in colors. */
static Obj *boxplot(Interp *I, Obj *axes, Obj **args, const BoxColors *colors) {
  static const int none_only[] = {2, 8, 9, 10, 16, 18, 19, 20, 21, 22, 27};
  static const int false_only[] = {1, 7, 11, 12, 24};
  for (size_t i = 0; i < sizeof none_only / sizeof *none_only; i++)
    if (args[none_only[i]] != &I->none)
      return fe_throw(I, EXC_NotImplementedError, "boxplot(sym=, bootstrap=, usermedians=, "
                      "conf_intervals=, the *props keywords or data=) is not supported by nnc "
                      "yet");
  for (size_t i = 0; i < sizeof false_only / sizeof *false_only; i++)
    if (args[false_only[i]] != &I->none && fe_truth(I, args[false_only[i]]) != 0)
      return I->exc_pending ? NULL : fe_throw(I, EXC_NotImplementedError, "boxplot(notch=, "
                                              "patch_artist=, meanline=, showmeans= or "
                                              "autorange=) is not supported by nnc yet");
  int vert = flag(I, args[3]), caps = flag(I, args[13]), box = flag(I, args[14]);
  int fliers = flag(I, args[15]), ticks = flag(I, args[23]);
  if (vert < 0 || caps < 0 || box < 0 || fliers < 0 || ticks < 0)
    return NULL;
  if (!vert)
    return fe_throw(I, EXC_NotImplementedError, "boxplot(vert=False) is not supported by nnc yet");
  BoxOpts o = {.whis = 1.5, .capwidth = NAN, .caps = caps, .box = box, .fliers = fliers,
               .ticks = ticks, .colors = *colors, .style = matplotlib_style};
  if (FE_IS(args[4], list) || FE_IS(args[4], tuple))
    return fe_throw(I, EXC_NotImplementedError, "boxplot(whis=) of percentiles is not supported "
                    "by nnc yet: give the multiple of the box's height");
  if (args[4] != &I->none && fe_as_double(I, args[4], &o.whis) < 0)
    return NULL;
  if (args[26] != &I->none && fe_as_double(I, args[26], &o.capwidth) < 0)
    return NULL;
  int64_t n = 0;
  NdArray **sets = data_sets(I, args[0], &n);
  double *positions = NULL, *widths = NULL;
  Obj *r = NULL;
  if (!sets)
    return NULL;
  if (args[5] != &I->none && !(positions = numbers(I, args[5], n, "positions")))
    goto done;
  if (args[6] != &I->none && !(widths = numbers(I, args[6], n, "widths")))
    goto done;
  o.positions = positions, o.widths = widths;
  if (!(o.labels = tick_labels(I, args[17], args[5], n)))
    goto done;
  if (draw_boxes(I, ((PlAxes *)axes)->ax, sets, n, &o))
    r = fe_none(I);
done:
  for (int64_t j = 0; j < n; j++) {
    nd_unref(sets[j]);
    if (o.labels)
      base_free(o.labels[j]);
  }
  base_free(o.labels);
  base_free(sets), base_free(positions), base_free(widths);
  return r;
}

Obj *pl_axes_boxplot(Interp *I, Obj *self, Obj **args) {
  return boxplot(I, self, args, &matplotlib_colors);
}

Obj *pl_boxplot(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *ax = pl_gca(I), *r = ax ? boxplot(I, ax, args, &matplotlib_colors) : NULL;
  fe_decref(I, ax);
  return r;
}

/* Axes.boxplot in pandas' colours, for df.boxplot and df.plot(kind='box') to call with their
 * keywords (the caps black in the first, blue in the second, as pandas draws them). */
static Obj *pandas_boxplot(Interp *I, Obj *self, Obj **args) {
  return boxplot(I, self, args, &pandas_colors);
}

static Obj *pandas_plot_box(Interp *I, Obj *self, Obj **args) {
  return boxplot(I, self, args, &pandas_plot_colors);
}

static const FeFnDef pandas_defs[2] = {
    {"boxplot", pandas_boxplot, PL_BOXPLOT_SIG, NULL, NULL},
    {"boxplot", pandas_plot_box, PL_BOXPLOT_SIG, NULL, NULL},
};

/* The present values of each number column of df (or of those column= names), and their
 * names; false with an exception. */
static bool columns(Interp *I, Obj *df, Obj *column, Obj **names, Obj **values) {
  Obj *all = column == &I->none ? fe_list_from_iter(I, pl_frame_names(df))
             : fe_is_seq(I, column) ? fe_list_from_iter(I, column)
                                                           : fe_tuple_pack(I, 1, column);
  *names = all ? fe_list_new(I, 0) : NULL;
  *values = *names ? fe_list_new(I, 0) : NULL;
  Obj *const *v;
  int64_t n;
  bool ok = *values && fe_seq_items(I, all, &v, &n);
  for (int64_t j = 0; ok && j < n; j++) {
    Obj *c = pl_frame_column(I, df, v[j]);
    bool number = c && !pl_col_is_text(I, c);
    if (c && !number && column != &I->none)
      fe_throw(I, EXC_KeyError, "the column holds text, which boxplot cannot draw");
    Obj *p = number ? pl_col_present(I, c) : NULL;
    ok = c && (column == &I->none || number) &&
         (!number || (p && fe_list_append(I, *names, v[j]) == 0 &&
                      fe_list_append(I, *values, p) == 0));
    fe_decref(I, p), fe_decref(I, c);
  }
  fe_decref(I, all);
  if (ok && fe_len(I, *names) == 0)
    ok = (fe_throw(I, EXC_ValueError, "boxplot method requires numerical columns, nothing to "
                   "plot."), false);
  if (!ok) {
    fe_setref(I, names, NULL);
    fe_setref(I, values, NULL);
  }
  return ok;
}

/* DataFrame.boxplot(column=None, by=None, ax=None, fontsize=None, rot=0, grid=True,
 * figsize=None, layout=None, return_type=None, backend=None, **kwargs): the axes. */
/* The boxes of df's number columns (or column=) on ax, in the colours of pandas_defs[kind],
 * with boxplot's keywords. */
static bool frame_boxes(Interp *I, Obj *df, Obj *column, Obj *ax, Obj *kwargs, int kind) {
  Obj *names, *values;
  if (!columns(I, df, column, &names, &values))
    return false;
  Sig *sig = fe_sig_parse(I, PL_BOXPLOT_SIG, "boxplot");
  Obj *fn = sig ? fe_native_new(I, &pandas_defs[kind], sig, ax) : NULL;
  Obj *kw = fn ? pl_kwargs_with(I, kwargs, "labels", names) : NULL;
  bool ok = kw && pl_call_kw(I, fn, NULL, &values, 1, kw);
  fe_decref(I, kw), fe_decref(I, fn), fe_decref(I, sig ? &sig->hd : NULL);
  fe_decref(I, names), fe_decref(I, values);
  return ok;
}

bool pl_frame_box_kind(Interp *I, Obj *df, Obj *ax, Obj *kwargs) {
  return frame_boxes(I, df, &I->none, ax, kwargs, 1);
}

/* DataFrame.boxplot(column=None, by=None, ax=None, fontsize=None, rot=0, grid=True,
 * figsize=None, layout=None, return_type=None, backend=None, **kwargs): the axes. */
Obj *pl_frame_boxplot(Interp *I, Obj *self, Obj **args) {
  if (args[1] != &I->none || args[3] != &I->none || args[7] != &I->none ||
      args[9] != &I->none || args[8] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "DataFrame.boxplot(by=, fontsize=, layout=, "
                    "return_type= or backend=) is not supported by nnc yet");
  Obj *ax = pl_plot_axes(I, args[2], args[6], true);
  FmtAxes *fa = ax ? ((PlAxes *)ax)->ax : NULL;
  int grid = ax ? fe_truth(I, args[5]) : -1;
  bool ok = grid >= 0 && frame_boxes(I, self, args[0], ax, args[10], 0) &&
            (args[4] == &I->none || fe_as_double(I, args[4], &fa->tick_rotation[0]) == 0);
  if (ok)
    fa->grid = grid;
  else
    fe_setref(I, &ax, NULL);
  return ax;
}
