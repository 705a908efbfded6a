/* chart_ticks.c — where matplotlib puts an axis' ticks and how it writes them.
 *
 * MaxNLocator's ticks (steps 1, 2, 2.5, 5, 10 of a power of ten: the first at least the
 * range over nbins, or a smaller one that puts two in view), and ScalarFormatter's labels:
 * one number of decimals for all, the fewest that write every tick; less an offset when
 * that saves four digits or more (1000.1 .. 1000.3 as 0.1 .. 0.3 under "+1e3"), over a
 * power of ten when the largest tick is 1e6 or more or under 1e-5 (with an offset, the
 * range's), the axis' offset text saying what was taken out; minus signs are U+2212, as
 * matplotlib writes them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "formats.h"

int fmt_locate_ticks(double v0, double v1, int nbins, double *out, int max) {
  static const double steps[] = {1, 2, 2.5, 5, 10};
  return fmt_max_n_locator(v0, v1, nbins, steps, 5, 2, out, max);
}

/* MaxNLocator(nbins, steps, min_n_ticks): the least of the steps (extended down to a tenth
 * and up to ten times, times a power of ten) at least the range over nbins, or a smaller
 * one when that one puts fewer than min_ticks ticks in view, as matplotlib steps down; the
 * ticks in view. */
int fmt_max_n_locator(double v0, double v1, int nbins, const double *base, int nbase,
                      int min_ticks, double *out, int max) {
  double lo = fmin(v0, v1), hi = fmax(v0, v1);
  if (!(hi > lo) || !isfinite(hi - lo) || nbase < 2 || nbase > 16)
    return 0;
  double raw = (hi - lo) / nbins, scale = pow(10, floor(log10(raw))), steps[40];
  int ns = 0;   /* matplotlib's staircase: a tenth of all but the last, all, ten of the second */
  for (int k = 0; k < nbase - 1; k++)
    steps[ns++] = 0.1 * base[k];
  for (int k = 0; k < nbase; k++)
    steps[ns++] = base[k];
  steps[ns++] = 10 * base[1];
  int i = 0;
  while (i < ns - 1 && steps[i] * scale < raw * (1 - 1e-10))
    i++;
  double step = 0;
  for (; i >= 0; i--) {
    step = steps[i] * scale;
    if (ceil(lo / step - 1e-10) * step + (min_ticks - 1) * step <= hi + step * 1e-10)
      break;   /* min_ticks in view */
  }
  if (!(step > 0) || !isfinite(lo / step) || !isfinite(hi / step))
    return 0;   /* a range of denormals: its step underflows */
  int n = 0;
  for (double k = ceil(lo / step - 1e-10); n < max; k++) {
    double t = k * step;
    if (t > hi + step * 1e-10)
      break;
    out[n++] = fabs(t) < step * 1e-10 ? 0 : t;
  }
  return n;
}

int fmt_auto_minor_ticks(const double *major, int nmajor, const double lim[2], double *out,
                         int max) {
  if (nmajor < 2)
    return 0;   /* matplotlib finds no step without two major ticks */
  double step = major[1] - major[0], lo = fmin(lim[0], lim[1]), hi = fmax(lim[0], lim[1]);
  double mantissa = pow(10, fmod(fmod(log10(step), 1) + 1, 1));   /* Python's % */
  static const double fives[] = {1, 2.5, 5, 10};   /* steps split in five */
  int ndivs = 4;
  for (int i = 0; i < 4; i++)   /* np.isclose */
    if (fabs(mantissa - fives[i]) <= 1e-8 + 1e-5 * fives[i])
      ndivs = 5;
  double minor = step / ndivs, t0 = major[0];
  double tmin = (floor((lo - t0) / minor) + 1) * minor;
  double tmax = (floor((hi - t0) / minor) + 1) * minor;
  double eps = (hi - lo) * 1e-10, tol = (hi - lo) * 1e-5;
  int n = 0;
  for (double k = 0; tmin + k * minor < tmax && n < max; k++) {
    double t = tmin + k * minor + t0;
    bool on_major = false;
    for (int j = 0; j < nmajor; j++)
      on_major |= fabs(t - major[j]) <= tol;
    if (!on_major && t >= lo - eps && t <= hi + eps)
      out[n++] = t;
  }
  return n;
}

/* ScalarFormatter's decimals: the fewest that write every tick exactly. */
static int decimals(const double *t, int n) {
  for (int d = 0; d < 12; d++) {
    double p = pow(10, d);
    bool exact = true;
    for (int i = 0; i < n && exact; i++)
      exact = fabs(t[i] * p - round(t[i] * p)) < 1e-6 * fmax(1, fabs(t[i] * p));
    if (exact)
      return d;
  }
  return 12;
}

/* The power of ten of v > 0 (log10 rounded down, or up), 0 for anything else: a tick or a
 * range past the doubles (1e308 - -1e308) takes nothing out. */
static int power_of_ten(double v, bool up) {
  if (!(v > 0) || !isfinite(v))
    return 0;
  return (int)(up ? ceil(log10(v)) : floor(log10(v)));
}

FmtScalar fmt_scalar_format(const double *t, int n, const double lim[2]) {
  FmtScalar f = {0};
  bool finite = n > 0 && isfinite(lim[1] - lim[0]);
  for (int i = 0; i < n; i++)
    finite = finite && isfinite(t[i]);
  if (!finite) {
    f.decimals = n > 0 ? decimals(t, n < FMT_MAX_TICKS ? n : FMT_MAX_TICKS) : 0;
    return f;
  }
  double lmin = t[0], lmax = t[0], big = 0;
  for (int i = 0; i < n; i++)
    lmin = fmin(lmin, t[i]), lmax = fmax(lmax, t[i]), big = fmax(big, fabs(t[i]));
  if (lmin != lmax && !(lmin <= 0 && lmax >= 0)) {
    double lo = fmin(fabs(lmin), fabs(lmax)), hi = fmax(fabs(lmin), fabs(lmax));
    int top = power_of_ten(hi, true), p = top;
    /* the smallest power of ten at which the two ends agree, or (when they straddle a
     * multiple of a large one) are no more than one apart */
    while (p > top - 400 && floor(lo / pow(10, p)) == floor(hi / pow(10, p)))
      p--;
    p++;
    if ((hi - lo) / pow(10, p) <= 1e-2) {
      for (p = top; p > top - 400 && floor(hi / pow(10, p)) - floor(lo / pow(10, p)) <= 1;)
        p--;
      p++;
    }
    if (floor(hi / pow(10, p)) >= 1000)
      f.offset = copysign(floor(hi / pow(10, p)) * pow(10, p), lmin);
  }
  int oom = power_of_ten(f.offset != 0 ? fabs(lim[1] - lim[0]) : big, false);
  f.oom = oom <= -5 || oom >= 6 ? oom : 0;
  double scaled[FMT_MAX_TICKS];
  for (int i = 0; i < n && i < FMT_MAX_TICKS; i++)
    scaled[i] = (t[i] - f.offset) / pow(10, f.oom);
  f.decimals = decimals(scaled, n < FMT_MAX_TICKS ? n : FMT_MAX_TICKS);
  return f;
}

void fmt_tick_label(char *buf, size_t n, const FmtScalar *f, double v) {
  v = (v - f->offset) / pow(10, f->oom);
  snprintf(buf, n, "%s%.*f", v < 0 && round(v * pow(10, f->decimals)) != 0 ? "\u2212" : "",
           f->decimals, fabs(v));
}

void fmt_offset_text(char *buf, size_t n, const FmtScalar *f) {
  char sci[32] = "", off[64] = "";
  if (f->oom)
    snprintf(sci, sizeof sci, "1e%s%d", f->oom < 0 ? "\u2212" : "", abs(f->oom));
  if (f->offset != 0) {
    int e = (int)floor(log10(fabs(f->offset)));
    double m = round(fabs(f->offset) / pow(10, e) * 1e10) / 1e10;
    char mant[32], exp[16] = "";
    snprintf(mant, sizeof mant, m == floor(m) ? "%.0f" : "%.10g", m);
    if (e)
      snprintf(exp, sizeof exp, "e%s%d", e < 0 ? "\u2212" : "", abs(e));
    snprintf(off, sizeof off, "%s%s%s", f->offset > 0 ? "+" : "\u2212", mant, exp);
  }
  snprintf(buf, n, "%s%s", sci, off);
}
