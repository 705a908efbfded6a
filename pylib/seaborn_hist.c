/* seaborn_hist.c — seaborn's histplot of one variable, as seaborn 0.12 draws it: the EDA
 * plot of a feature's distribution that tutorials show before they train.
 *
 * The bins are numpy's (np.histogram_bin_edges' rules, 'auto' by default), or binwidth wide
 * from the data's least value (or binrange's); the bars touch, filled in the next colour of
 * the axes' cycle (or color=) at opacity 0.75, outlined in black no wider than a tenth of a
 * bin; the y axis names the stat ("Count", "Density", ...) and the x axis the variable when
 * it has a name. kde=True adds scipy's Gaussian KDE (Scott's bandwidth) over the data's
 * range at 200 points, scaled to the bars' area, and the bars' opacity becomes 0.5. With
 * hue=, each level (seaborn_hue.c) is a histogram of its own on the common bins at opacity
 * 0.5, drawn last level first, a stat other than count sharing one norm over all rows, and
 * the legend is a patch per level titled with the hue's name.
 */
#include <math.h>
#include <string.h>

#include "pylib.h"

static const char *const stats[] = {"count", "density", "percent", "probability", "proportion",
                                    "frequency"};

/* The variable's values as float64 in the rows where it and the hue (h, or NULL) are
 * present; *level (owned, when h) gets each kept row's hue level. NULL with an exception. */
NdArray *pl_seaborn_rows(Interp *I, Obj *values, const PlHue *h, int64_t nrows,
                         int64_t **level) {
  NdArray *f = pl_seaborn_floats(I, values);
  if (!f)
    return NULL;
  if (h && f->size != nrows) {
    nd_unref(f);
    fe_throw(I, EXC_ValueError, "x has %lld values and hue %lld", (long long)f->size,
             (long long)nrows);
    return NULL;
  }
  const double *d = (const double *)f->data; /* a fresh cast: contiguous */
  int64_t n = 0;
  for (int64_t i = 0; i < f->size; i++)
    n += !isnan(d[i]) && (!h || h->of[i] >= 0);
  NdArray *v = nd_empty(ND_FLOAT64, 1, (int64_t[]){n});
  *level = h ? base_malloc(sizeof **level * (size_t)(n + 1)) : NULL;
  for (int64_t i = 0, k = 0; v && (!h || *level) && i < f->size; i++)
    if (!isnan(d[i]) && (!h || h->of[i] >= 0)) {
      if (h)
        (*level)[k] = h->of[i];
      ((double *)v->data)[k++] = d[i];
    }
  nd_unref(f);
  if (!v || (h && !*level)) {
    nd_unref(v);
    fe_nomem(I);
    return NULL;
  }
  return v;
}

/* The rows of x at hue level j (levels: each row's). */
NdArray *pl_seaborn_level_rows(const NdArray *x, const int64_t *levels, int64_t j) {
  int64_t n = 0;
  for (int64_t i = 0; i < x->size; i++)
    n += levels[i] == j;
  NdArray *v = nd_empty(ND_FLOAT64, 1, (int64_t[]){n});
  for (int64_t i = 0, k = 0; v && i < x->size; i++)
    if (levels[i] == j)
      ((double *)v->data)[k++] = ((const double *)x->data)[i];
  return v;
}

/* binwidth's edges: np.arange(start, stop + step, step), one more when short of stop. */
static NdArray *width_edges(Interp *I, double start, double stop, double step) {
  if (!(step > 0)) {
    fe_throw(I, EXC_ValueError, "binwidth must be positive");
    return NULL;
  }
  int64_t n = (int64_t)ceil((stop + step - start) / step);
  n = n < 1 ? 1 : n;
  bool more = start + (double)(n - 1) * step < stop || n < 2;
  NdArray *e = nd_empty(ND_FLOAT64, 1, (int64_t[]){n + more});
  for (int64_t i = 0; e && i < n + more; i++)
    ((double *)e->data)[i] = start + (double)i * step;
  if (!e)
    fe_nomem(I);
  return e;
}

/* The options seaborn's Hist counts every group with, from all the rows x (bins, binwidth,
 * binrange); *keep holds the edges they may point to (the caller unrefs it). */
static bool bin_options(Interp *I, const NdArray *x, Obj **args, NdHistOpts *again,
                        NdArray **keep) {
  Obj *bins = args[6], *binwidth = args[7], *binrange = args[8];
  NdHistOpts o = {0};
  NdArray *given = NULL, *c = NULL;
  double lo = 0, hi = 0;
  *keep = NULL;
  if (binrange != &I->none) {
    Obj *const *r;
    int64_t nr;
    if (!fe_seq_items(I, binrange, &r, &nr) || nr != 2 || fe_as_double(I, r[0], &lo) < 0 ||
        fe_as_double(I, r[1], &hi) < 0)
      return I->exc_pending ? false
                            : (fe_throw(I, EXC_ValueError, "binrange must be (min, max)"), false);
    o.has_range = true, o.lo = lo, o.hi = hi;
  }
  bool ok;
  if (binwidth != &I->none) {
    double step;
    if (!o.has_range) {
      lo = hi = x->size ? ((double *)x->data)[0] : 0;
      for (int64_t i = 1; i < x->size; i++)
        lo = fmin(lo, ((double *)x->data)[i]), hi = fmax(hi, ((double *)x->data)[i]);
    }
    ok = fe_as_double(I, binwidth, &step) == 0 && (*keep = width_edges(I, lo, hi, step));
  } else {
    ok = pl_hist_bins(I, bins, &o, &given) &&
         (nd_histogram(x, &o, &c, keep) || (pl_nd_raise(I), false));
    nd_unref(c);
  }
  nd_unref(given);
  /* a rule's or a count's bins are counted as that many over the edges' span */
  *again = (NdHistOpts){.edges = *keep};
  if (ok && !FE_ISA(I, bins, list) && !FE_ISA(I, bins, tuple) && !pl_is_array(bins))
    *again = (NdHistOpts){.bins = (*keep)->size - 1, .has_range = true,
                          .lo = ((double *)(*keep)->data)[0],
                          .hi = ((double *)(*keep)->data)[(*keep)->size - 1]};
  return ok;
}

/* Counts of x (as float64) and the edges, with the options o. */
static bool count(Interp *I, const NdArray *x, const NdHistOpts *o, NdArray **counts,
                  NdArray **edges) {
  NdArray *c = NULL;
  *counts = NULL;
  if (nd_histogram(x, o, &c, edges))
    *counts = nd_astype(c, ND_FLOAT64);
  nd_unref(c);
  if (!*counts)
    pl_nd_raise(I);
  return *counts != NULL;
}

/* Heights for the stat from counts over the edges (Hist._normalize). */
static void normalize(double *h, const double *e, int64_t n, const char *stat) {
  double total = 0;
  for (int64_t i = 0; i < n; i++)
    total += h[i];
  for (int64_t i = 0; i < n; i++) {
    double w = e[i + 1] - e[i];
    if (!strcmp(stat, "density"))
      h[i] = total > 0 ? h[i] / w / total : NAN;
    else if (!strcmp(stat, "probability") || !strcmp(stat, "proportion"))
      h[i] /= total;
    else if (!strcmp(stat, "percent"))
      h[i] = h[i] / total * 100;
    else if (!strcmp(stat, "frequency"))
      h[i] /= w;
  }
}

/* The bars' outline: a tenth of the narrowest bin in points at the axes' default width,
 * at most 1 pt (seaborn measures it once the axes are scaled). */
static double outline_width(const NdArray *edges) {
  const double *e = (const double *)edges->data;
  int64_t n = edges->size - 1;
  double span = (e[n] - e[0]) * 1.1, narrow = INFINITY;
  for (int64_t i = 0; i < n; i++)
    narrow = fmin(narrow, e[i + 1] - e[i]);
  double points = span > 0 ? narrow / span * 6.4 * 0.775 * 72 : INFINITY;
  return fmin(1.0, 0.1 * points);
}

/* The bars' keywords: alpha, edgecolor (ec), linewidth (lw), label. */
static bool bar_style(Interp *I, FmtArtist *bars, Obj *kwargs) {
  Dict *d = kwargs && kwargs != &I->none ? FE_DICT(kwargs) : NULL;
  for (int64_t i = 0; d && i < d->ne; i++) {
    Obj *k = d->e[i].key, *v = d->e[i].value;
    if (!k)
      continue;
    bool ok = fe_str_is(k, "alpha")       ? fe_as_double(I, v, &bars->alpha) == 0
              : fe_str_is(k, "edgecolor") || fe_str_is(k, "ec") ? pl_color(I, v, &bars->edge)
              : fe_str_is(k, "linewidth") || fe_str_is(k, "lw") ? fe_as_double(I, v, &bars->lw) == 0
              : fe_str_is(k, "label") ? (v = fe_str(I, v)) && fmt_strdup(FE_STR(v)->s, &bars->label)
              : (fe_throw(I, EXC_NotImplementedError, "histplot(%s=...) is not supported by nnc "
                          "yet", FE_STR(k)->s), false);
    if (fe_str_is(k, "label"))
      fe_decref(I, v);
    if (!ok)
      return I->exc_pending ? false : (fe_nomem(I), false);
  }
  return true;
}

static Obj *unsupported(Interp *I, const char *what) {
  return fe_throw(I, EXC_NotImplementedError, "histplot(%s) is not supported by nnc yet: "
                  "give one variable as x= (or data=) and bins, binwidth, binrange, stat, "
                  "kde, hue, color or ax", what);
}

/* One group's histogram (all rows, or one hue level's) on ax: bars of the stat, scaled by
 * `share` (common_norm: the group's part of the rows), and its KDE over [lo, hi] scaled to
 * the bars' area before that share. */
typedef struct {
  FmtAxes *ax;
  const NdHistOpts *bins;
  const char *stat;
  bool kde;
  double lo, hi;               /* the KDE's grid: all rows' range */
  double alpha;
  Obj *kwargs;
} Group;

static bool draw_group(Interp *I, const Group *g, const NdArray *x, double share,
                       uint32_t color) {
  NdArray *counts = NULL, *edges = NULL;
  if (!count(I, x, g->bins, &counts, &edges))
    return false;
  double *h = (double *)counts->data, *e = (double *)edges->data, area = 0;
  int64_t n = counts->size;
  normalize(h, e, n, g->stat);
  FmtArtist *bars = fmt_axes_add(g->ax, FMT_BARS, n);
  for (int64_t i = 0; bars && i < n; i++) {
    double w = e[i + 1] - e[i];
    area += h[i] * w;
    bars->x[i] = e[i] + w / 2, bars->w[i] = w, bars->y[i] = h[i] * share, bars->b[i] = 0;
  }
  bool ok = bars != NULL;
  if (ok) {
    bars->color = color, bars->alpha = g->alpha;
    bars->edged = true, bars->edge = g->ax->style.patch_edge;   /* rcParams', as seaborn */
    bars->lw = outline_width(edges);
    ok = bar_style(I, bars, g->kwargs) &&
         (!g->kde || pl_seaborn_kde(g->ax, x, 0, g->lo, g->hi, area * share, color, false, NULL) ||
          (fe_nomem(I), false));
  } else {
    fe_nomem(I);
  }
  nd_unref(counts), nd_unref(edges);
  return ok;
}

/* histplot(data=None, *, x=None, y=None, hue=None, weights=None, stat='count', bins='auto',
 * binwidth=None, binrange=None, discrete=None, cumulative=False, common_bins=True,
 * common_norm=True, multiple='layer', element='bars', fill=True, shrink=1, kde=False,
 * kde_kws=None, line_kws=None, thresh=0, pthresh=None, pmax=None, cbar=False, cbar_ax=None,
 * cbar_kws=None, palette=None, hue_order=None, hue_norm=None, color=None, log_scale=None,
 * legend=True, ax=None, **kwargs) */
Obj *pl_seaborn_histplot(Interp *I, Obj *self, Obj **args) {
  (void)self;
  static const int refused[] = {2, 4, 9, 10};
  static const char *const names[] = {"y=", "weights=", "discrete=", "cumulative="};
  for (size_t k = 0; k < sizeof refused / sizeof *refused; k++)
    if (args[refused[k]] != &I->none && args[refused[k]] != &I->false_.hd)
      return unsupported(I, names[k]);
  if (!fe_str_is(args[13], "layer") || !fe_str_is(args[14], "bars") || fe_truth(I, args[15]) != 1)
    return unsupported(I, "multiple=, element= or fill=False");
  if (args[30] != &I->none || fe_truth(I, args[11]) != 1)
    return unsupported(I, "log_scale= or common_bins=False");
  const char *stat = NULL;
  for (size_t k = 0; k < sizeof stats / sizeof *stats; k++)
    if (fe_str_is(args[5], stats[k]))
      stat = stats[k];
  if (!stat)
    return fe_throw(I, EXC_ValueError, "The value for `stat` must be one of ['count', 'density', "
                    "'percent', 'probability', 'proportion', 'frequency'], but %s was passed.",
                    FE_ISA(I, args[5], str) ? FE_STR(args[5])->s : "another value");
  double shrink;
  int kde = fe_truth(I, args[17]), common_norm = fe_truth(I, args[12]);
  int legend = fe_truth(I, args[31]);
  if (kde < 0 || common_norm < 0 || legend < 0 || fe_as_double(I, args[16], &shrink) < 0)
    return NULL;
  if (shrink != 1)
    return unsupported(I, "shrink=");
  bool hue = args[3] != &I->none;
  PlHue h = {NULL, NULL, NULL};
  Obj *label = NULL, *hue_name = NULL, *hue_values = NULL, *axes = NULL, *r = NULL;
  Obj *values = pl_seaborn_variable(I, args[0], args[1], &label);
  int64_t *level = NULL, nrows = 0;
  NdArray *x = NULL, *keep = NULL;
  NdHistOpts bins;
  bool ok = values != NULL;
  if (ok && hue) {
    ok = (hue_values = pl_seaborn_variable(I, args[0], args[3], &hue_name)) &&
         (nrows = fe_len(I, hue_values)) >= 0 && pl_seaborn_hue(I, hue_values, args[27], nrows, &h);
  }
  ok = ok && (x = pl_seaborn_rows(I, values, hue ? &h : NULL, nrows, &level)) &&
       bin_options(I, x, args, &bins, &keep) && (axes = pl_seaborn_axes(I, args[32]));
  Group g = {.ax = ok ? ((PlAxes *)axes)->ax : NULL, .bins = &bins, .stat = stat, .kde = kde,
             .lo = INFINITY, .hi = -INFINITY, .alpha = hue || kde ? 0.5 : 0.75, .kwargs = args[33]};
  for (int64_t i = 0; ok && i < x->size; i++)
    g.lo = fmin(g.lo, ((double *)x->data)[i]), g.hi = fmax(g.hi, ((double *)x->data)[i]);
  if (ok && !hue) {
    /* Without color=, seaborn takes the cycle's next colour by drawing a NaN bar that it
     * removes; the bar's container stays in ax.containers, and so it does here (drawn as
     * nothing). */
    uint32_t color;
    FmtArtist *scout = args[29] == &I->none ? fmt_axes_add(g.ax, FMT_BARS, 1) : NULL;
    if (scout) {
      scout->x[0] = scout->y[0] = scout->w[0] = NAN;
      color = scout->color = fmt_axes_next_patch_color(g.ax);
    } else if (args[29] == &I->none) {
      fe_nomem(I);
    }
    ok = (scout || (args[29] != &I->none && pl_color(I, args[29], &color))) &&
         draw_group(I, &g, x, 1, color);
  }
  /* seaborn draws the levels last first; a stat other than count shares one norm */
  for (int64_t j = hue && ok ? FE_LIST(h.levels)->n - 1 : -1; ok && j >= 0; j--) {
    NdArray *part = pl_seaborn_level_rows(x, level, j);
    double share = common_norm && strcmp(stat, "count") != 0 && x->size
                       ? (double)(part ? part->size : 0) / (double)x->size : 1;
    ok = part ? draw_group(I, &g, part, share, h.colors[j]) : (fe_nomem(I), false);
    nd_unref(part);
  }
  ok = ok && (!hue || !legend || pl_seaborn_hue_legend(I, axes, &h, FMT_BARS, g.alpha, hue_name));
  char caps[16];
  if (ok)
    snprintf(caps, sizeof caps, "%c%s", stat[0] - 'a' + 'A', stat + 1);
  Obj *ylabel = ok ? fe_str_new(I, caps, strlen(caps)) : NULL;
  ok = ok && ylabel && pl_seaborn_name_axes(I, g.ax, label, ylabel);
  if (ok)
    fe_incref(r = axes);
  else if (!I->exc_pending)
    fe_nomem(I);
  nd_unref(x), nd_unref(keep), base_free(level), pl_seaborn_hue_free(I, &h);
  fe_decref(I, ylabel), fe_decref(I, values), fe_decref(I, label), fe_decref(I, hue_values);
  fe_decref(I, hue_name), fe_decref(I, axes);
  return r;
}
