/* seaborn_hist.c — seaborn's histplot of one variable, as seaborn 0.12 draws it: the EDA
 * plot of a feature's distribution that tutorials show before they train.
 *
 * The bins are numpy's (np.histogram_bin_edges' rules, 'auto' by default), or binwidth wide
 * from the data's least value (or binrange's); the bars touch, filled in the next colour of
 * the axes' cycle (or color=) at opacity 0.75, outlined in black no wider than a tenth of a
 * bin; the y axis names the stat ("Count", "Density", ...) and the x axis the variable when
 * it has a name. kde=True adds scipy's Gaussian KDE (Scott's bandwidth) over the data's
 * range at 200 points, scaled to the bars' area, and the bars' opacity becomes 0.5.
 */
#include <math.h>
#include <string.h>

#include "pylib.h"

enum { KDE_POINTS = 200 };

static const char *const stats[] = {"count", "density", "percent", "probability", "proportion",
                                    "frequency"};

/* The values of the variable (NaN left out) as float64. NULL with an exception. */
static NdArray *finite_values(Interp *I, Obj *values) {
  NdArray *a = pl_array_arg(I, values), *f = a ? nd_astype(a, ND_FLOAT64) : NULL;
  nd_unref(a);
  if (!f) {
    if (a)
      pl_nd_raise(I);
    return NULL;
  }
  const double *d = (const double *)f->data; /* a fresh cast: contiguous */
  int64_t n = 0;
  for (int64_t i = 0; i < f->size; i++)
    n += !isnan(d[i]);
  NdArray *v = nd_empty(ND_FLOAT64, 1, (int64_t[]){n});
  for (int64_t i = 0, k = 0; v && i < f->size; i++)
    if (!isnan(d[i]))
      ((double *)v->data)[k++] = d[i];
  nd_unref(f);
  if (!v)
    fe_nomem(I);
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

/* Counts (as float64) and edges of x: seaborn's Hist with bins/binwidth/binrange. */
static bool bin_counts(Interp *I, const NdArray *x, Obj **args, NdArray **counts,
                       NdArray **edges) {
  Obj *bins = args[6], *binwidth = args[7], *binrange = args[8];
  NdHistOpts o = {0};
  NdArray *given = NULL, *first = NULL, *c = NULL;
  double lo = 0, hi = 0;
  if (binrange != &I->none) {
    Obj *const *r;
    int64_t nr;
    if (!fe_seq_items(I, binrange, &r, &nr) || nr != 2 || fe_as_double(I, r[0], &lo) < 0 ||
        fe_as_double(I, r[1], &hi) < 0)
      return I->exc_pending ? false : (fe_throw(I, EXC_ValueError, "binrange must be (min, max)"), false);
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
    ok = fe_as_double(I, binwidth, &step) == 0 && (first = width_edges(I, lo, hi, step));
  } else {
    ok = pl_hist_bins(I, bins, &o, &given) &&
         (nd_histogram(x, &o, &c, &first) || (pl_nd_raise(I), false));
    nd_unref(c), c = NULL;
  }
  /* a rule's or a count's bins are counted again as that many over the edges' span */
  NdHistOpts again = {.edges = first};
  if (ok && !FE_ISA(I, bins, list) && !FE_ISA(I, bins, tuple) && !pl_is_array(bins)) {
    again = (NdHistOpts){.bins = first->size - 1, .has_range = true,
                         .lo = ((double *)first->data)[0],
                         .hi = ((double *)first->data)[first->size - 1]};
  }
  ok = ok && (nd_histogram(x, &again, &c, edges) || (pl_nd_raise(I), false));
  nd_unref(given), nd_unref(first);
  *counts = ok ? nd_astype(c, ND_FLOAT64) : NULL;
  nd_unref(c);
  if (ok && !*counts)
    pl_nd_raise(I);
  return ok && *counts;
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

/* scipy's gaussian_kde of x (Scott's factor n^-1/5 on the sample variance) at KDE_POINTS
 * points from x's least to its greatest value, scaled by `scale`, as a line on ax. */
static bool kde_line(FmtAxes *ax, const NdArray *x, double scale, uint32_t color) {
  const double *v = (const double *)x->data;
  int64_t n = x->size;
  double mean = 0, var = 0, lo = v[0], hi = v[0];
  for (int64_t i = 0; i < n; i++)
    mean += v[i], lo = fmin(lo, v[i]), hi = fmax(hi, v[i]);
  mean /= (double)n;
  for (int64_t i = 0; i < n; i++)
    var += (v[i] - mean) * (v[i] - mean);
  var /= (double)(n - 1);
  if (!(var > 0) || !isfinite(var))
    return true; /* seaborn skips a density of one repeated value, silently in histplot */
  double factor = pow((double)n, -0.2), cov = var * factor * factor;
  double norm = 1 / (sqrt(2 * 3.14159265358979323846 * cov) * (double)n);
  FmtArtist *line = fmt_axes_add(ax, FMT_LINE, KDE_POINTS);
  if (!line)
    return false;
  for (int i = 0; i < KDE_POINTS; i++) {
    double p = lo + (hi - lo) * i / (KDE_POINTS - 1), d = 0;
    if (i == KDE_POINTS - 1)
      p = hi;
    for (int64_t k = 0; k < n; k++)
      d += exp(-0.5 * (p - v[k]) * (p - v[k]) / cov);
    line->x[i] = p, line->y[i] = d * norm * scale;
  }
  line->color = color, line->lw = 1.5;
  return true;
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
                  "kde, color or ax", what);
}

/* histplot(data=None, *, x=None, y=None, hue=None, weights=None, stat='count', bins='auto',
 * binwidth=None, binrange=None, discrete=None, cumulative=False, common_bins=True,
 * common_norm=True, multiple='layer', element='bars', fill=True, shrink=1, kde=False,
 * kde_kws=None, line_kws=None, thresh=0, pthresh=None, pmax=None, cbar=False, cbar_ax=None,
 * cbar_kws=None, palette=None, hue_order=None, hue_norm=None, color=None, log_scale=None,
 * legend=True, ax=None, **kwargs) */
Obj *pl_seaborn_histplot(Interp *I, Obj *self, Obj **args) {
  (void)self;
  static const int refused[] = {2, 3, 4, 9, 10};
  static const char *const names[] = {"y=", "hue=", "weights=", "discrete=", "cumulative="};
  for (size_t k = 0; k < sizeof refused / sizeof *refused; k++)
    if (args[refused[k]] != &I->none && args[refused[k]] != &I->false_.hd)
      return unsupported(I, names[k]);
  if (!fe_str_is(args[13], "layer") || !fe_str_is(args[14], "bars") || fe_truth(I, args[15]) != 1)
    return unsupported(I, "multiple=, element= or fill=False");
  if (args[30] != &I->none)
    return unsupported(I, "log_scale=");
  const char *stat = NULL;
  for (size_t k = 0; k < sizeof stats / sizeof *stats; k++)
    if (fe_str_is(args[5], stats[k]))
      stat = stats[k];
  if (!stat)
    return fe_throw(I, EXC_ValueError, "The value for `stat` must be one of ['count', 'density', "
                    "'percent', 'probability', 'proportion', 'frequency'], but %s was passed.",
                    FE_ISA(I, args[5], str) ? FE_STR(args[5])->s : "another value");
  double shrink;
  int kde = fe_truth(I, args[17]);
  if (kde < 0 || fe_as_double(I, args[16], &shrink) < 0)
    return NULL;
  if (shrink != 1)
    return unsupported(I, "shrink=");
  Obj *label = NULL, *values = pl_seaborn_variable(I, args[0], args[1], &label);
  NdArray *x = values ? finite_values(I, values) : NULL, *counts = NULL, *edges = NULL;
  Obj *axes = x ? pl_seaborn_axes(I, args[32]) : NULL, *r = NULL;
  FmtAxes *ax = axes ? ((PlAxes *)axes)->ax : NULL;
  if (!ax || !bin_counts(I, x, args, &counts, &edges))
    goto done;
  /* Without color=, seaborn takes the cycle's next colour by drawing a NaN bar that it
   * removes; the bar's container stays in ax.containers, and so it does here (drawn as
   * nothing). */
  uint32_t color;
  FmtArtist *scout = args[29] == &I->none ? fmt_axes_add(ax, FMT_BARS, 1) : NULL;
  if (scout) {
    scout->x[0] = scout->y[0] = scout->w[0] = NAN;
    color = scout->color = fmt_axes_next_color(ax);
  } else if (args[29] == &I->none) {
    fe_nomem(I);
    goto done;
  } else if (!pl_color(I, args[29], &color)) {
    goto done;
  }
  double *h = (double *)counts->data, *e = (double *)edges->data, area = 0;
  int64_t n = counts->size;
  normalize(h, e, n, stat);
  FmtArtist *bars = fmt_axes_add(ax, FMT_BARS, n);
  if (!bars) {
    fe_nomem(I);
    goto done;
  }
  for (int64_t i = 0; i < n; i++) {
    double w = e[i + 1] - e[i];
    bars->x[i] = e[i] + w / 2, bars->w[i] = w, bars->y[i] = h[i], bars->b[i] = 0;
    area += h[i] * w;
  }
  bars->color = color, bars->alpha = kde ? 0.5 : 0.75;
  bars->edged = true, bars->edge = 0x000000, bars->lw = outline_width(edges);
  if (!bar_style(I, bars, args[33]))
    goto done;
  if (kde && x->size > 1 && !kde_line(ax, x, area, color)) {
    fe_nomem(I);
    goto done;
  }
  char caps[16];
  snprintf(caps, sizeof caps, "%c%s", stat[0] - 'a' + 'A', stat + 1);
  Obj *text = label && label != &I->none ? fe_str(I, label) : NULL;
  bool ok = (!text || ax->xlabel || fmt_strdup(FE_STR(text)->s, &ax->xlabel)) &&
            (ax->ylabel || fmt_strdup(caps, &ax->ylabel));
  fe_decref(I, text);
  if (!ok && !I->exc_pending)
    fe_nomem(I);
  if (ok && !I->exc_pending)
    fe_incref(r = axes);
done:
  nd_unref(x), nd_unref(counts), nd_unref(edges);
  fe_decref(I, values), fe_decref(I, label), fe_decref(I, axes);
  return r;
}
