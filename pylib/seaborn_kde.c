/* seaborn_kde.c — seaborn's kdeplot of one variable, and the Gaussian KDE it and histplot
 * draw, as scipy's gaussian_kde computes it and seaborn 0.12 lays it out.
 *
 * The density of n values at p is the mean of normal densities centred on them, of
 * variance the sample variance times Scott's factor n^(-1/5) squared (bw_method='scott').
 * It is drawn at 200 points from `cut` bandwidths below the least value to as many above
 * the greatest (kdeplot: 3; histplot: 0, over all rows). kdeplot draws the line in the
 * cycle's next colour with its y margin stopping at 0; with hue=, a line per level
 * (seaborn_hue.c) over its own values, last level first, each scaled by its share of the
 * rows (common_norm), and a legend of lines titled with the hue's name. fill=True fills
 * the area under each a quarter opaque (the legend then shows patches).
 */
#include <math.h>

#include "pylib.h"

enum { KDE_POINTS = 200 };

bool pl_seaborn_kde(FmtAxes *ax, const NdArray *x, double cut, double lo, double hi,
                    double scale, uint32_t color, bool fill, FmtArtist **out) {
  const double *v = (const double *)x->data;
  int64_t n = x->size;
  double mean = 0, var = 0;
  if (out)
    *out = NULL;
  if (n < 2)
    return true;
  for (int64_t i = 0; i < n; i++)
    mean += v[i];
  mean /= (double)n;
  for (int64_t i = 0; i < n; i++)
    var += (v[i] - mean) * (v[i] - mean);
  var /= (double)(n - 1);
  if (!(var > 0) || !isfinite(var))
    return true; /* seaborn skips a density of one repeated value */
  double factor = pow((double)n, -0.2), cov = var * factor * factor;
  double norm = 1 / (sqrt(2 * 3.14159265358979323846 * cov) * (double)n);
  lo -= cut * sqrt(cov), hi += cut * sqrt(cov);
  /* filled: fill_between(support, 0, density) as seaborn calls it, a quarter opaque and
   * outlined in the colour */
  FmtArtist *line = fill ? fmt_axes_add_fill(ax, KDE_POINTS, color)
                         : fmt_axes_add(ax, FMT_LINE, KDE_POINTS);
  for (int i = 0; line && i < KDE_POINTS; i++) {
    double p = i == KDE_POINTS - 1 ? hi : lo + (hi - lo) * i / (KDE_POINTS - 1), d = 0;
    for (int64_t k = 0; k < n; k++)
      d += exp(-0.5 * (p - v[k]) * (p - v[k]) / cov);
    line->x[i] = p, (fill ? line->b : line->y)[i] = d * norm * scale;
  }
  if (!line)
    return false;
  line->color = color;
  if (fill)
    line->alpha = 0.25, line->edged = true, line->edge = color;
  if (out)
    *out = line;
  return true;
}

/* kdeplot(data=None, *, x=None, y=None, hue=None, weights=None, palette=None,
 * hue_order=None, hue_norm=None, color=None, fill=None, multiple='layer', common_norm=True,
 * common_grid=False, cumulative=False, bw_method='scott', bw_adjust=1, warn_singular=True,
 * log_scale=None, levels=10, thresh=0.05, gridsize=200, cut=3, clip=None, legend=True,
 * cbar=False, cbar_ax=None, cbar_kws=None, ax=None, **kwargs) */
Obj *pl_seaborn_kdeplot(Interp *I, Obj *self, Obj **args) {
  (void)self;
  static const int refused[] = {2, 4, 5, 7, 12, 13, 17};
  static const char *const names[] = {"y=", "weights=", "palette=", "hue_norm=",
                                      "common_grid=True", "cumulative=True", "log_scale="};
  for (size_t k = 0; k < sizeof refused / sizeof *refused; k++)
    if (args[refused[k]] != &I->none && args[refused[k]] != &I->false_.hd)
      return fe_throw(I, EXC_NotImplementedError, "kdeplot(%s) is not supported by nnc yet: give "
                      "one variable as x= (or data=), hue, color, cut, legend or ax", names[k]);
  double cut, adjust;
  int fill = args[9] == &I->none ? 0 : fe_truth(I, args[9]);
  int common_norm = fe_truth(I, args[11]), legend = fe_truth(I, args[23]);
  if (fill < 0 || common_norm < 0 || legend < 0 || fe_as_double(I, args[21], &cut) < 0 ||
      fe_as_double(I, args[15], &adjust) < 0)
    return NULL;
  if (!fe_str_is(args[10], "layer") || !fe_str_is(args[14], "scott") || adjust != 1 ||
      args[22] != &I->none || !fe_is_int(I, args[20]) || ((Int *)args[20])->v != 200 ||
      fe_len(I, args[28]) > 0)
    return fe_throw(I, EXC_NotImplementedError, "kdeplot(fill=, multiple=, bw_method=, "
                    "bw_adjust=, clip=, gridsize= or other keywords) is not supported by nnc yet: "
                    "give one variable as x= (or data=), hue, color, fill, cut, legend or ax");
  bool hue = args[3] != &I->none;
  PlHue h = {NULL, NULL, NULL};
  Obj *label = NULL, *hue_name = NULL, *hue_values = NULL, *axes = NULL, *r = NULL;
  Obj *values = pl_seaborn_variable(I, args[0], args[1], &label);
  int64_t *level = NULL, nrows = 0;
  NdArray *x = NULL;
  bool ok = values != NULL;
  if (ok && hue)
    ok = (hue_values = pl_seaborn_variable(I, args[0], args[3], &hue_name)) &&
         (nrows = fe_len(I, hue_values)) >= 0 && pl_seaborn_hue(I, hue_values, args[6], nrows, &h);
  ok = ok && (x = pl_seaborn_rows(I, values, hue ? &h : NULL, nrows, &level)) &&
       (axes = pl_seaborn_axes(I, args[27]));
  FmtAxes *ax = ok ? ((PlAxes *)axes)->ax : NULL;
  uint32_t color = 0;
  if (ok && !hue)
    ok = args[8] == &I->none ? (color = fmt_axes_next_color(ax), true)
                             : pl_color(I, args[8], &color);
  for (int64_t j = hue && ok ? FE_LIST(h.levels)->n - 1 : 0; ok && j >= 0; j--) {
    NdArray *part = hue ? pl_seaborn_level_rows(x, level, j) : nd_ref(x);
    double lo = INFINITY, hi = -INFINITY;
    for (int64_t i = 0; part && i < part->size; i++)
      lo = fmin(lo, ((double *)part->data)[i]), hi = fmax(hi, ((double *)part->data)[i]);
    double share = hue && common_norm && x->size && part
                       ? (double)part->size / (double)x->size : 1;
    FmtArtist *line = NULL;
    ok = part && pl_seaborn_kde(ax, part, cut, lo, hi, share, hue ? h.colors[j] : color, fill,
                                &line);
    if (line)
      line->sticky_zero = true;   /* seaborn's density axis stops its margin at 0 */
    if (!part || !ok)
      fe_nomem(I);
    nd_unref(part);
  }
  ok = ok && (!hue || !legend || pl_seaborn_hue_legend(I, axes, &h, fill ? FMT_BARS : FMT_LINE,
                                                       fill ? 0.25 : 1, hue_name));
  Obj *ylabel = ok ? fe_str_new(I, "Density", 7) : NULL;
  ok = ok && ylabel && pl_seaborn_name_axes(I, ax, label, ylabel);
  if (ok)
    fe_incref(r = axes);
  else if (!I->exc_pending)
    fe_nomem(I);
  nd_unref(x), base_free(level), pl_seaborn_hue_free(I, &h);
  fe_decref(I, ylabel), fe_decref(I, values), fe_decref(I, label), fe_decref(I, hue_values);
  fe_decref(I, hue_name), fe_decref(I, axes);
  return r;
}
