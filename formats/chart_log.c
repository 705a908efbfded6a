/* chart_log.c — a log axis' ticks and how they are written, as matplotlib 3.6 does it.
 *
 * LogLocator's major ticks are powers of the base, every stride-th decade, the stride growing
 * with the decades in view so that about numticks of them show. Its minor ticks ('auto'
 * subs) are 2 .. base-1 times each decade, when the majors are every decade and the view
 * spans ten decades or fewer; AutoLocator's ticks instead when at most one of those would
 * be in view. LogFormatterSciNotation writes "10^{-2}" and "2\times10^{-2}" (the TeX that
 * matplotlib's mathtext reads), and labels a tick that is not a power of the base only
 * when the view spans a decade or less.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"

/* Bases above this get no minor ticks and label their powers alone (matplotlib would make
 * base - 2 minor ticks a decade). */
#define MAX_SUBS_BASE 1000

/* The locator's and formatter's log, as matplotlib computes it (math.log(v) / math.log(b)). */
static double log_of(double v, double base) {
  return log(v) / log(base);
}

double fmt_log_scale(double v, double base) {
  return base == 10 ? log10(v) : base == 2 ? log2(v) : log(v) / log(base);
}

static bool close_to_int(double v) {
  return fabs(v - nearbyint(v)) < 1e-10;
}

/* LogLocator's stride: decades between major ticks. */
static long stride_of(double lmin, double lmax, int numticks) {
  long numdec = (long)floor(lmax) - (long)ceil(lmin);
  long stride = (numdec + 1) / numticks + 1;
  if (stride >= numdec)
    stride = numdec - 1 > 1 ? numdec - 1 : 1;
  return stride;
}

/* The logs of the view's ends; false when nnc puts no ticks there: limits not positive and
 * finite, or a base so near 1 that the decades are beyond counting. */
static bool view_logs(const double lim[2], double base, double *lmin, double *lmax) {
  double lo = fmin(lim[0], lim[1]), hi = fmax(lim[0], lim[1]);
  if (!(lo > 0) || !isfinite(hi))
    return false;
  *lmin = log_of(lo, base), *lmax = log_of(hi, base);
  return fabs(*lmin) < 1e15 && fabs(*lmax) < 1e15;
}

/* Whether v lies in lo .. hi, their logs compared with matplotlib's tolerance. */
static bool in_view(double v, double lmin, double lmax, double base) {
  double lv = log_of(v, base), eps = (lmax - lmin) * 1e-10;
  return lv >= lmin - eps && lv <= lmax + eps;
}

int fmt_log_ticks(const double lim[2], double base, int numticks, double *out, int max) {
  double lmin, lmax;
  if (!view_logs(lim, base, &lmin, &lmax))
    return 0;
  numticks = numticks < 2 ? 2 : numticks > 9 ? 9 : numticks;
  long stride = stride_of(lmin, lmax, numticks), n = 0;
  for (double d = floor(lmin) - (double)stride; d < ceil(lmax) + 2.0 * (double)stride && n < max;
       d += (double)stride)
    if (in_view(pow(base, d), lmin, lmax, base))
      out[n++] = pow(base, d);
  return (int)n;
}

int fmt_log_minor_ticks(const double lim[2], double base, int numticks, double *out, int max) {
  double lo = fmin(lim[0], lim[1]), hi = fmax(lim[0], lim[1]), lmin, lmax;
  if (!view_logs(lim, base, &lmin, &lmax) || base < 3 || base > MAX_SUBS_BASE)
    return 0;
  numticks = numticks < 2 ? 2 : numticks > 9 ? 9 : numticks;
  if (floor(lmax) - ceil(lmin) > 10 || stride_of(lmin, lmax, numticks) != 1)
    return 0;
  int n = 0, strictly_in = 0;
  for (double d = floor(lmin) - 1; d < ceil(lmax) + 2; d++)
    for (double sub = 2; sub < base; sub++) {
      double t = sub * pow(base, d);
      strictly_in += t >= lo && t <= hi;
      if (n < max && in_view(t, lmin, lmax, base))
        out[n++] = t;
    }
  if (strictly_in <= 1)   /* a sliver of a decade: AutoLocator's ticks, made without an axis */
    n = fmt_locate_ticks(lo, hi, 9, out, max);
  int kept = 0;   /* those on a major tick's place are not drawn twice */
  for (int i = 0; i < n; i++)
    if (!(fabs(log_of(out[i], base) - nearbyint(log_of(out[i], base))) <= (lmax - lmin) * 1e-5))
      out[kept++] = out[i];
  return kept;
}

/* The base as matplotlib writes it: an integer without a point, else Python's repr (the
 * fewest digits that read back as the base). */
static void base_text(char *buf, size_t n, double base) {
  if (base == floor(base)) {
    snprintf(buf, n, "%.0f", base);
    return;
  }
  for (int digits = 1; digits <= 17; digits++) {
    snprintf(buf, n, "%.*g", digits, base);
    if (strtod(buf, NULL) == base)
      return;
  }
}

void fmt_log_label(char *buf, size_t n, double base, double v, const double lim[2]) {
  buf[0] = 0;
  double lo = fmin(lim[0], lim[1]), hi = fmax(lim[0], lim[1]);
  if (!(v > 0) || !(lo > 0))
    return;
  double fx = log_of(v, base), decades = log_of(hi / lo, base);
  bool decade = close_to_int(fx);
  double exponent = decade ? nearbyint(fx) : floor(fx);
  double coeff = nearbyint(pow(base, fx - exponent));
  bool labelled = coeff == 1;   /* a power of the base; the others by the span in view */
  if (decades <= 0.4) {   /* the points of arange(1, base + 1) */
    labelled = coeff >= 1 && coeff < base + 1;
  } else if (decades <= 1 && base <= MAX_SUBS_BASE) {
    int parts = (int)base / 2;   /* the rounded points of geomspace(1, base, base // 2 + 1) */
    for (int i = 1; i <= parts && !labelled; i++)
      labelled = coeff == nearbyint(pow(base, (double)i / parts));
  }
  if (!labelled)
    return;
  char b[32];
  base_text(b, sizeof b, base);
  if (decade) {
    snprintf(buf, n, "%s^{%.0f}", b, exponent);
    return;
  }
  double c = pow(base, fx - floor(fx));
  snprintf(buf, n, "%.6g\\times%s^{%.0f}", close_to_int(c) ? nearbyint(c) : c, b, floor(fx));
}

/* A label's three parts: the coefficient ("" for none), the base and the exponent. */
static void label_parts(const char *label, char coeff[32], char base[32], char exp[32]) {
  const char *times = strstr(label, "\\times"), *b = times ? times + 6 : label;
  const char *up = strstr(b, "^{");
  snprintf(coeff, 32, "%.*s", times ? (int)(times - label) : 0, label);
  snprintf(base, 32, "%.*s", up ? (int)(up - b) : (int)strlen(b), b);
  snprintf(exp, 32, "%.*s", up ? (int)strcspn(up + 2, "}") : 0, up ? up + 2 : "");
}

/* The exponent as drawn: its minus sign U+2212. */
static void exponent_text(char out[40], const char *exp) {
  snprintf(out, 40, "%s%s", exp[0] == '-' ? "\u2212" : "", exp + (exp[0] == '-'));
}

/* mathtext's spacing: a thin space (0.2 em) each side of the cross, 0.01 em before the
 * exponent, which is set at 0.7 of the size and raised 0.383 em. */
#define THIN 0.2
#define EXPONENT_GAP 0.01
#define EXPONENT_SCALE 0.7
#define EXPONENT_RISE 0.383

double fmt_log_label_width(const char *label, double size_pt) {
  char coeff[32], base[32], exp[32], e[40];
  label_parts(label, coeff, base, exp);
  exponent_text(e, exp);
  double em = fmt_text_width("@", size_pt), w = 0;   /* DejaVu Sans' '@' is an em wide */
  if (coeff[0])   /* the cross as wide as '+' */
    w += fmt_text_width(coeff, size_pt) + fmt_text_width("+", size_pt) + 2 * THIN * em;
  return w + fmt_text_width(base, size_pt) + EXPONENT_GAP * em +
         fmt_text_width(e, size_pt * EXPONENT_SCALE);
}

void fmt_log_label_svg(BaseBuf *s, const char *label, double size_px) {
  char coeff[32], base[32], exp[32], e[40];
  label_parts(label, coeff, base, exp);
  exponent_text(e, exp);
  if (coeff[0])
    base_buf_printf(s, "%s<tspan dx=\"%.2f\">\u00d7</tspan><tspan dx=\"%.2f\">", coeff,
                    THIN * size_px, THIN * size_px);
  else
    base_buf_printf(s, "<tspan>");
  base_buf_printf(s, "%s</tspan><tspan dx=\"%.2f\" dy=\"%.2f\" font-size=\"%.2f\">%s</tspan>",
                  base, EXPONENT_GAP * size_px, -EXPONENT_RISE * size_px,
                  EXPONENT_SCALE * size_px, e);
}
