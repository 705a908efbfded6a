/* npfloat.c — floats as numpy 1.24 prints them, for ndarray's repr and str and for the text
 * outside it that quotes a float array (Keras's warnings print a per-class metric's array).
 *
 * This follows numpy's arrayprint.py in what it decides: FloatingFormat's choice between
 * positional and scientific notation (any |x| >= 1e8, or without suppress a smallest |x|
 * below 1e-4 or a ratio above 1000) and its padding of every element to the widest integer
 * and fraction parts, from two passes over the values shown; _extendLine's wrapping at the
 * line width. The digits are dragon4's in numpy's default 'maxprec' mode: the shortest that
 * read back (base_shortest_digits), cut to `precision` digits after the point with the exact
 * value rounded half to even when they are longer (glibc's printf rounds exactly).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"

static void spaces(BaseBuf *s, int n) {
  for (int i = 0; i < n; i++)
    base_buf_put(s, " ", 1);
}

/* ---- dragon4's digits ---- */

typedef struct {
  char d[400];                  /* significant digits, no leading or trailing zeros */
  int n;                        /* how many (0 for zero) */
  int decpt;                    /* |v| = 0.d x 10^decpt */
} Digits;

static void strip(Digits *g) {
  while (g->n > 0 && g->d[g->n - 1] == '0')
    g->n--;
  g->d[g->n] = 0;
  if (g->n == 0)
    g->decpt = 1;
}

static Digits shortest(double v, bool single) {
  Digits g;
  g.n = base_shortest_digits(v, single, g.d, &g.decpt);
  strip(&g);
  return g;
}

/* The digits of text up to end (a printf of |v|), the point's place decpt moved past any
 * leading zeros. */
static Digits collect(const char *text, const char *end, int decpt) {
  Digits g = {.n = 0, .decpt = decpt};
  for (const char *c = text; c < end; c++) {
    if (*c == '.')
      continue;
    if (g.n == 0 && *c == '0') { /* leading zeros move the point */
      g.decpt--;
      continue;
    }
    g.d[g.n++] = *c;
  }
  strip(&g);
  return g;
}

/* |v| rounded half to even at `frac` digits after the point. */
static Digits fixed(double v, int frac) {
  char text[420];
  snprintf(text, sizeof text, "%.*f", frac, fabs(v));
  char *dot = strchr(text, '.');
  return collect(text, text + strlen(text), dot ? (int)(dot - text) : (int)strlen(text));
}

/* |v| rounded half to even to 1 + prec significant digits. */
static Digits significant(double v, int prec) {
  char text[420];
  snprintf(text, sizeof text, "%.*e", prec, fabs(v));
  char *e = strchr(text, 'e');
  return collect(text, e, atoi(e + 1) + 1);
}

/* The fraction digits after trimming (frac holds them, *n their count). */
static const char *finish_frac(const BaseDragon *o, char *frac, int *n) {
  while (*n < o->min_digits)
    frac[(*n)++] = '0';
  frac[*n] = 0;
  if (*n == 0)
    return o->trim == '0' ? "0" : "";
  return frac;
}

/* The sign and integer part, padded on the left. */
static void put_int_part(BaseBuf *s, const BaseDragon *o, bool neg, const char *digits) {
  int len = (int)strlen(digits) + (neg || o->plus);
  spaces(s, o->pad_left - len);
  if (neg || o->plus)
    base_buf_put(s, neg ? "-" : "+", 1);
  base_buf_puts(s, digits);
}

/* dragon4's digit choice: the shortest unique digits, but at least min_digits and at most
 * precision after the point, the extra or fewer ones from the exact value rounded (so a
 * float32 padded to 7 digits shows its binary value: -2.9000001e+00). */
void base_dragon_positional(BaseBuf *s, double v, bool single, const BaseDragon *o) {
  Digits g = shortest(v, single);
  int nfrac = g.n - g.decpt;
  if (o->precision >= 0 && nfrac > o->precision)
    g = fixed(v, o->precision);
  else if (nfrac < o->min_digits)
    g = fixed(v, o->min_digits);
  char ip[420], frac[420];
  int ni = 0, nf = 0;
  for (int i = 0; i < g.decpt; i++)
    ip[ni++] = i < g.n ? g.d[i] : '0';
  if (ni == 0)
    ip[ni++] = '0';
  ip[ni] = 0;
  for (int i = g.decpt < 0 ? g.decpt : 0; i < 0; i++)
    frac[nf++] = '0';
  for (int i = g.decpt > 0 ? g.decpt : 0; i < g.n; i++)
    frac[nf++] = g.d[i];
  const char *f = finish_frac(o, frac, &nf);
  put_int_part(s, o, signbit(v), ip);
  if (o->trim != '-' || *f)
    base_buf_put(s, ".", 1);
  base_buf_puts(s, f);
  spaces(s, o->pad_right - (int)strlen(f));
}

void base_dragon_scientific(BaseBuf *s, double v, bool single, const BaseDragon *o) {
  Digits g = shortest(v, single);
  if (o->precision >= 0 && g.n - 1 > o->precision)
    g = significant(v, o->precision);
  else if (g.n - 1 < o->min_digits && v != 0)
    g = significant(v, o->min_digits);
  char ip[2] = {g.n ? g.d[0] : '0', 0}, frac[420];
  int nf = 0;
  for (int i = 1; i < g.n; i++)
    frac[nf++] = g.d[i];
  const char *f = finish_frac(o, frac, &nf);
  put_int_part(s, o, signbit(v), ip);
  if (o->trim != '-' || *f)
    base_buf_put(s, ".", 1);
  base_buf_puts(s, f);
  int e = g.n ? g.decpt - 1 : 0;
  char ex[32];
  int width = o->exp_digits < 2 ? 2 : o->exp_digits > 5 ? 5 : o->exp_digits;
  snprintf(ex, sizeof ex, "e%c%0*d", e < 0 ? '-' : '+', width, abs(e) % 100000);
  base_buf_puts(s, ex);
}

/* ---- FloatingFormat ---- */

void base_float_format_scan(BaseFloatFormat *f, double v) {
  if (!isfinite(v)) {
    f->nonfinite = true;
    f->neginf = f->neginf || (isinf(v) && v < 0);
    return;
  }
  f->finite = true;
  f->negative = f->negative || signbit(v);
  if (v == 0)
    return;
  double a = fabs(v);
  f->maxabs = !f->nonzero || a > f->maxabs ? a : f->maxabs;
  f->minabs = !f->nonzero || a < f->minabs ? a : f->minabs;
  f->nonzero = true;
}

void base_float_format_choose(BaseFloatFormat *f) {
  if (f->nonzero) {
    double ratio = f->single ? (double)((float)f->maxabs / (float)f->minabs)
                             : f->maxabs / f->minabs;
    f->exp = f->maxabs >= 1e8 || (!f->suppress && (f->minabs < 1e-4 || ratio > 1000.));
  }
  f->exp_size = -1;
}

/* The second pass: the widths of the parts of each finite value's first-pass string. */
void base_float_format_measure(BaseFloatFormat *f, double v) {
  if (!isfinite(v))
    return;
  BaseBuf str = {0};
  BaseDragon d = {.precision = f->precision, .trim = '.', .plus = f->sign == '+'};
  if (f->exp)
    base_dragon_scientific(&str, v, f->single, &d);
  else
    base_dragon_positional(&str, v, f->single, &d);
  if (str.nomem) {
    base_free(str.p);
    return;
  }
  char *dot = strchr(str.p, '.'), *e = strchr(str.p, 'e');
  int ilen = (int)(dot - str.p), flen = (int)((e ? e : str.p + str.n) - dot - 1);
  f->pad_left = ilen > f->pad_left ? ilen : f->pad_left;
  f->frac_max = flen > f->frac_max ? flen : f->frac_max;
  if (e) {
    int elen = (int)strlen(e + 1) - 1; /* digits without the sign */
    f->exp_size = elen > f->exp_size ? elen : f->exp_size;
  }
  base_free(str.p);
}

void base_float_format_finish(BaseFloatFormat *f) {
  BaseDragon *d = &f->d;
  *d = (BaseDragon){.precision = f->precision, .plus = f->sign == '+', .exp_digits = f->exp_size};
  if (!f->finite) {
    d->pad_left = d->pad_right = 0;
    d->trim = '.';
  } else if (f->exp) {
    d->trim = 'k';
    d->precision = d->min_digits = f->frac_max;
    d->pad_left = f->pad_left;
    d->pad_right = f->exp_size + 2 + f->frac_max;
  } else {
    d->trim = '.';
    d->min_digits = 0;
    d->pad_left = f->pad_left;
    d->pad_right = f->frac_max;
  }
  if (f->sign == ' ' && !f->negative)
    d->pad_left++;
  if (f->nonfinite) {
    int offset = d->pad_right + 1, inflen = 3 + (f->sign != '-' || f->neginf);
    d->pad_left = d->pad_left > 3 - offset ? d->pad_left : 3 - offset;
    d->pad_left = d->pad_left > inflen - offset ? d->pad_left : inflen - offset;
  }
}

void base_float_format_put(BaseBuf *s, const BaseFloatFormat *f, double v) {
  if (!isfinite(v)) {
    const char *word = isnan(v) ? (f->sign == '+' ? "+nan" : "nan")
                                : v < 0 ? "-inf" : f->sign == '+' ? "+inf" : "inf";
    spaces(s, f->d.pad_left + f->d.pad_right + 1 - (int)strlen(word));
    base_buf_puts(s, word);
  } else if (f->exp) {
    base_dragon_scientific(s, v, f->single, &f->d);
  } else {
    base_dragon_positional(s, v, f->single, &f->d);
  }
}

/* ---- lines ---- */

void base_np_extend_line(BaseBuf *s, BaseBuf *line, const char *word, int width,
                         const char *indent) {
  size_t wl = strlen(word), il = strlen(indent);
  bool wrap = (int)(line->n + wl) > width && line->n > il;
  if (wrap) {
    size_t n = line->n;
    while (n > 0 && line->p[n - 1] == ' ')
      n--;
    base_buf_put(s, line->p, n);
    base_buf_put(s, "\n", 1);
    line->n = 0;
    base_buf_puts(line, indent);
  }
  base_buf_puts(line, word);
}

void base_np_str_floats(BaseBuf *out, const double *v, int64_t n, bool single) {
  BaseFloatFormat f = {.precision = 8, .sign = '-', .single = single};
  for (int64_t i = 0; i < n; i++)
    base_float_format_scan(&f, single ? (float)v[i] : v[i]);
  base_float_format_choose(&f);
  for (int64_t i = 0; f.finite && i < n; i++)
    base_float_format_measure(&f, single ? (float)v[i] : v[i]);
  base_float_format_finish(&f);
  BaseBuf s = {0}, line = {0}, word = {0};
  base_buf_puts(&line, " ");
  for (int64_t i = 0; i < n; i++) {
    word.n = 0;
    base_buf_puts(&word, "");
    base_float_format_put(&word, &f, single ? (float)v[i] : v[i]);
    base_np_extend_line(&s, &line, word.nomem ? "" : word.p, 74, " ");
    if (i + 1 < n)
      base_buf_puts(&line, " ");
  }
  if (line.p)
    base_buf_put(&s, line.p, line.n);
  base_buf_put(out, "[", 1);
  if (s.p && s.n >= 1)
    base_buf_put(out, s.p + 1, s.n - 1);
  base_buf_put(out, "]", 1);
  out->nomem = out->nomem || s.nomem || line.nomem || word.nomem;
  base_free(s.p);
  base_free(line.p);
  base_free(word.p);
}
