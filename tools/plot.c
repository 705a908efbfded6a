/* plot.c — learning curves as a plain SVG document, written by hand (no dependency).
 *
 * One panel per quantity: "loss", and "accuracy" when any epoch measured it. Each panel has
 * its axes, ticks at 1-2-5 steps, grid lines, a title and a legend, and up to two series:
 * training (solid, blue) and validation (dashed, orange). Each series is one or more
 * <polyline class="series" data-name="NAME"> elements (a NaN epoch breaks the line), so
 * a test or a script can find them. The x axis counts epochs from 1 across every fit() of
 * the run. The file is written through formats/outfile.c: a reader never sees half of it.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "formats.h"
#include "ir.h"

/* The y axes end within ±Y_LIMIT, so that their range, steps and ticks stay finite even for
 * a loss of 1e308. */
static const double Y_LIMIT = 1e300;

enum { WIDTH = 720, PANEL_H = 280, LEFT = 70, RIGHT = 150, TOP = 40, BOTTOM = 45 };

typedef struct {
  double x0, x1, y0, y1;            /* data ranges */
  double px, py, pw, ph;            /* the plot area in pixels */
} Panel;

static double sx(const Panel *f, double x) {
  return f->px + (x - f->x0) / (f->x1 - f->x0) * f->pw;
}
static double clamp(double v, double lo, double hi) {
  return fmin(fmax(v, lo), hi);
}

static double sy(const Panel *f, double y) {
  y = clamp(y, f->y0, f->y1); /* beyond ±Y_LIMIT: drawn at the edge */
  return f->py + f->ph - (y - f->y0) / (f->y1 - f->y0) * f->ph;
}

/* A step of 1, 2 or 5 times a power of ten giving about `ticks` intervals over range. */
static double nice_step(double range, int ticks) {
  double raw = range / ticks, p = pow(10, floor(log10(raw))), m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

static double field(const nnc_epoch_log *e, int which) {
  return which == 0 ? e->loss : which == 1 ? e->val_loss : which == 2 ? e->accuracy : e->val_accuracy;
}

static bool has_series(const nnc_epoch_log *h, int n, int which) {
  for (int i = 0; i < n; i++)
    if (isfinite(field(&h[i], which)))
      return true;
  return false;
}

/* The y range of series a and b, widened to whole ticks. */
static void y_range(const nnc_epoch_log *h, int n, int a, int b, Panel *f, double *step) {
  double lo = INFINITY, hi = -INFINITY;
  for (int i = 0; i < n; i++)
    for (int w = a; w <= b; w++) {
      double v = field(&h[i], w);
      if (isfinite(v)) {
        lo = v < lo ? v : lo;
        hi = v > hi ? v : hi;
      }
    }
  if (!(lo <= hi))
    lo = 0, hi = 1;
  lo = clamp(lo, -Y_LIMIT, Y_LIMIT), hi = clamp(hi, -Y_LIMIT, Y_LIMIT);
  if (hi - lo < 1e-9 * fmax(1, fmax(-lo, hi))) { /* one value: a range around it */
    double pad = 0.5 * fmax(1, fmax(-lo, hi));
    lo -= pad, hi += pad;
  }
  *step = nice_step(hi - lo, 5);
  f->y0 = floor(lo / *step) * *step;
  f->y1 = ceil(hi / *step) * *step;
}

static void axes(FILE *out, const Panel *f, double ystep, const char *title) {
  fprintf(out, "<g class=\"axes\" font-family=\"sans-serif\" font-size=\"11\" fill=\"#333\">\n");
  fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" text-anchor=\"middle\">%s</text>\n",
          f->px + f->pw / 2, f->py - 14, title);
  for (double y = f->y0; y <= f->y1 + ystep / 2; y += ystep) {
    double py = sy(f, y);
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>\n",
            f->px, py, f->px + f->pw, py);
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.4g</text>\n", f->px - 6, py + 4,
            fabs(y) < ystep * 1e-6 ? 0.0 : y);
  }
  double xstep = nice_step(f->x1 - f->x0, 8);
  xstep = xstep < 1 ? 1 : xstep;
  for (double x = ceil(f->x0 / xstep) * xstep; x <= f->x1 + 1e-9; x += xstep) {
    double px = sx(f, x);
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>\n", px,
            f->py + f->ph, px, f->py + f->ph + 5);
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g</text>\n", px,
            f->py + f->ph + 18, x);
  }
  fprintf(out, "<path d=\"M%.1f %.1f V%.1f H%.1f\" fill=\"none\" stroke=\"#333\"/>\n", f->px, f->py,
          f->py + f->ph, f->px + f->pw);
  fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">epoch</text>\n",
          f->px + f->pw / 2, f->py + f->ph + 36);
  fprintf(out, "</g>\n");
}

static void series(FILE *out, const Panel *f, const nnc_epoch_log *h, int n, int which,
                   const char *name, int slot) {
  const char *color = which % 2 ? "#ff7f0e" : "#1f77b4", *dash = which % 2 ? " stroke-dasharray=\"6 4\"" : "";
  bool open = false;
  for (int i = 0; i < n; i++) {
    double v = field(&h[i], which);
    if (!isfinite(v)) {
      if (open)
        fprintf(out, "\"/>\n");
      open = false;
      continue;
    }
    if (!open)
      fprintf(out, "<polyline class=\"series\" data-name=\"%s\" fill=\"none\" stroke=\"%s\" "
              "stroke-width=\"2\"%s points=\"", name, color, dash);
    fprintf(out, "%s%.1f,%.1f", open ? " " : "", sx(f, i + 1), sy(f, v));
    open = true;
  }
  if (open)
    fprintf(out, "\"/>\n");
  double lx = f->px + f->pw + 16, ly = f->py + 10 + 20 * slot;
  fprintf(out, "<g class=\"legend\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
          "stroke=\"%s\" stroke-width=\"2\"%s/><text x=\"%.1f\" y=\"%.1f\" font-family=\"sans-serif\" "
          "font-size=\"12\">%s</text></g>\n", lx, ly, lx + 24, ly, color, dash, lx + 30, ly + 4, name);
}

/* Panel k (0 loss, 1 accuracy) at vertical offset top. */
static void panel(FILE *out, const nnc_epoch_log *h, int n, int k, double top) {
  Panel f = {.x0 = 1, .x1 = n > 1 ? n : 2, .px = LEFT, .py = top + TOP,
             .pw = WIDTH - LEFT - RIGHT, .ph = PANEL_H - TOP - BOTTOM};
  double ystep;
  y_range(h, n, 2 * k, 2 * k + 1, &f, &ystep);
  axes(out, &f, ystep, k ? "accuracy" : "loss");
  static const char *const names[] = {"loss", "val_loss", "accuracy", "val_accuracy"};
  int slot = 0;
  for (int w = 2 * k; w <= 2 * k + 1; w++)
    if (has_series(h, n, w))
      series(out, &f, h, n, w, names[w], slot++);
}

static void document(FILE *out, const nnc_epoch_log *h, int n) {
  int panels = n > 0 && has_series(h, n, 2) ? 2 : 1;
  fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
          "viewBox=\"0 0 %d %d\">\n", WIDTH, PANEL_H * panels, WIDTH, PANEL_H * panels);
  fprintf(out, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
  if (n == 0)
    fprintf(out, "<text x=\"%d\" y=\"%d\" font-family=\"sans-serif\" font-size=\"14\" "
            "text-anchor=\"middle\">no epochs were trained</text>\n", WIDTH / 2, PANEL_H / 2);
  for (int k = 0; n > 0 && k < panels; k++)
    panel(out, h, n, k, (double)(k * PANEL_H));
  fprintf(out, "</svg>\n");
}

nnc_status cli_plot_svg(const char *path, const nnc_epoch_log *h, int n) {
  FmtOut o;
  nnc_status s = fmt_out_open(&o, path);
  if (s != NNC_OK)
    return s;
  document(o.f, h, n);
  s = fmt_out_commit(&o);
  fmt_out_close(&o);
  return s;
}
