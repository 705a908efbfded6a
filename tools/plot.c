/* plot.c — nnc run --plot: the learning curves as a figure of formats/chart.c, the module
 * that also draws pyplot's figures, so both look like matplotlib.
 *
 * One axes per quantity, stacked: "loss", and "accuracy" when any epoch measured it. Each has
 * up to two series, training (C0) and validation (C1), with their names in the legend; a
 * NaN epoch breaks the line. The x axis counts epochs from 1 across every fit() of the run.
 * The file goes through the safe writer (formats/outfile.c): a reader never sees half of it.
 */
#include <math.h>

#include "cli.h"

/* The series by `which`: panel which / 2, training then validation. */
static const nnc_monitor series_of[] = {NNC_MONITOR_LOSS, NNC_MONITOR_VAL_LOSS,
                                        NNC_MONITOR_ACCURACY, NNC_MONITOR_VAL_ACCURACY};

static double field(const nnc_epoch_log *e, int which) {
  return keras_monitored(e, series_of[which]);
}

static bool has_series(const nnc_epoch_log *h, int n, int which) {
  for (int i = 0; i < n; i++)
    if (isfinite(field(&h[i], which)))
      return true;
  return false;
}

/* Series `which` of the history as a line of ax; false when out of memory. */
static bool series(FmtAxes *ax, const nnc_epoch_log *h, int n, int which) {
  FmtArtist *a = fmt_axes_add(ax, FMT_LINE, n);
  if (!a || !fmt_strdup(nnc_monitor_name(series_of[which]), &a->label))
    return false;
  a->color = fmt_axes_next_color(ax);
  for (int i = 0; i < n; i++)
    a->x[i] = i + 1, a->y[i] = field(&h[i], which);
  return true;
}

static bool panel(FmtFigure *f, const nnc_epoch_log *h, int n, int k, int panels) {
  FmtAxes *ax = fmt_figure_axes(f, panels, 1, k + 1);
  if (!ax || !fmt_strdup(nnc_monitor_name(series_of[2 * k]), &ax->title) ||
      !fmt_strdup("epoch", &ax->xlabel))
    return false;
  ax->legend = true;
  for (int w = 2 * k; w <= 2 * k + 1; w++)
    if (has_series(h, n, w) && !series(ax, h, n, w))
      return false;
  return true;
}

nnc_status cli_plot_svg(const char *path, const nnc_epoch_log *h, int n) {
  int panels = n > 0 && has_series(h, n, 2) ? 2 : 1;
  FmtFigure *f = fmt_figure_new(6.4, 3.6 * panels);
  bool ok = f != NULL;
  for (int k = 0; ok && k < panels; k++)
    ok = panel(f, h, n, k, panels);
  nnc_status st = ok ? fmt_figure_write(f, -1, path)
                     : base_error(NNC_ERR_NOMEM, "cannot draw the plot %s: out of memory", path);
  fmt_figure_free(f);
  return st;
}
