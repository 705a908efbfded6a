/* print.c — repr and str of arrays and numpy scalars, as numpy 1.24 prints them.
 *
 * This follows numpy's arrayprint.py line by line in what it decides: FloatingFormat's
 * choice between positional and scientific notation (any |x| >= 1e8, or without suppress
 * a smallest |x| below 1e-4 or a ratio above 1000), its padding of every element to the
 * widest integer and fraction parts, _formatArray's wrapping at the line width with a
 * hanging indent, summarization to edgeitems around "..." for arrays above threshold, and
 * array_repr's dtype suffix. The digits are dragon4's in numpy's default 'maxprec' mode:
 * the shortest that read back (base_shortest_digits), cut to `precision` digits after the
 * point with the exact value rounded half to even when they are longer (glibc's printf
 * rounds exactly). Elements never hold newlines, so numpy's multi-line word case is absent.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndarray.h"

static NdPrintOptions options = {
    .precision = 8, .threshold = 1000, .edgeitems = 3, .linewidth = 75, .sign = '-'};

NdPrintOptions nd_get_printoptions(void) {
  return options;
}

bool nd_set_printoptions(const NdPrintOptions *o) {
  if (o->precision < 0)
    return nd_fail(ND_E_VALUE, "precision must be a non-negative integer"), false;
  if (o->threshold < 0)
    return nd_fail(ND_E_VALUE, "threshold must be non-NAN, try sys.maxsize for untruncated "
                   "representation"), false;
  if (o->sign != '-' && o->sign != '+' && o->sign != ' ')
    return nd_fail(ND_E_VALUE, "sign option must be one of ' ', '+', or '-'"), false;
  if (o->edgeitems < 0 || o->linewidth < 1)
    return nd_fail(ND_E_VALUE, "edgeitems and linewidth must be positive"), false;
  options = *o;
  return true;
}

/* ---- padding ---- */

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

/* |v| rounded half to even at `frac` digits after the point. */
static Digits fixed(double v, int frac) {
  char text[420];
  snprintf(text, sizeof text, "%.*f", frac, fabs(v));
  Digits g = {.n = 0};
  char *dot = strchr(text, '.');
  int intlen = dot ? (int)(dot - text) : (int)strlen(text);
  g.decpt = intlen;
  for (char *c = text; *c; c++) {
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

/* |v| rounded half to even to 1 + prec significant digits. */
static Digits significant(double v, int prec) {
  char text[420];
  snprintf(text, sizeof text, "%.*e", prec, fabs(v));
  Digits g = {.n = 0};
  char *e = strchr(text, 'e');
  for (char *c = text; c < e; c++)
    if (*c != '.')
      g.d[g.n++] = *c;
  g.decpt = atoi(e + 1) + 1;
  strip(&g);
  return g;
}

typedef struct {
  int precision;                /* digits after the point at most; -1: no cut */
  int min_digits;               /* digits after the point at least (zeros added) */
  char trim;                    /* 'k' keep, '.' keep the point, '0' keep ".0", '-' drop */
  bool plus;                    /* '+' before non-negative values */
  int pad_left, pad_right;      /* spaces to align the integer and fraction parts */
  int exp_digits;               /* scientific: at least this many exponent digits */
} Dragon;

/* The fraction digits after trimming (frac holds them, *n their count). */
static const char *finish_frac(const Dragon *o, char *frac, int *n) {
  while (*n < o->min_digits)
    frac[(*n)++] = '0';
  frac[*n] = 0;
  if (*n == 0)
    return o->trim == '0' ? "0" : "";
  return frac;
}

/* The sign and integer part, padded on the left. */
static void put_int_part(BaseBuf *s, const Dragon *o, bool neg, const char *digits) {
  int len = (int)strlen(digits) + (neg || o->plus);
  spaces(s, o->pad_left - len);
  if (neg || o->plus)
    base_buf_put(s, neg ? "-" : "+", 1);
  base_buf_puts(s, digits);
}

/* dragon4's digit choice: the shortest unique digits, but at least min_digits and at most
 * precision after the point, the extra or fewer ones from the exact value rounded (so a
 * float32 padded to 7 digits shows its binary value: -2.9000001e+00). */
static void positional(BaseBuf *s, double v, bool single, const Dragon *o) {
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

static void scientific(BaseBuf *s, double v, bool single, const Dragon *o) {
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

/* ---- numpy scalars ---- */

size_t nd_format_scalar(NdScalar v, char *buf) {
  switch (v.dtype) {
  case ND_BOOL: return (size_t)sprintf(buf, "%s", v.b ? "True" : "False");
  case ND_UINT8: case ND_INT32: case ND_INT64: return (size_t)sprintf(buf, "%lld", (long long)v.i);
  case ND_FLOAT64: case ND_FLOAT32: break;
  case ND_NODTYPE: nnc_unreachable("dtype");
  }
  double x = v.f;
  if (v.dtype == ND_FLOAT64)
    return base_repr_double(x, buf);
  if (isnan(x) || isinf(x))
    return (size_t)sprintf(buf, "%s", isnan(x) ? "nan" : x < 0 ? "-inf" : "inf");
  BaseBuf s = {0};
  double ax = fabs(x);
  Dragon o = {.precision = -1, .exp_digits = 2};
  if (ax == 0 || (ax >= 1e-4 && ax < 1e16)) {
    o.trim = '0';
    positional(&s, x, true, &o);
  } else {
    o.trim = '-';
    scientific(&s, x, true, &o);
  }
  size_t n = s.nomem ? 0 : s.n;
  memcpy(buf, s.nomem ? "" : s.p, n + 1);
  base_free(s.p);
  return n;
}

/* ---- element formatters (FloatingFormat, IntegerFormat, BoolFormat) ---- */

typedef struct {
  NdDtype t;
  bool zero_d;                  /* bools of a 0-d array print without the leading space */
  int width;                    /* ints: the widest */
  bool exp;                     /* floats: scientific */
  Dragon d;                     /* floats: the second pass's settings */
  char sign;
} Fmt;

/* Calls fn on every element that will be printed: all, or the edges of a summarised array
 * (numpy's _leading_trailing). */
typedef void (*EachFn)(void *ctx, const char *p);
static void each_shown(const NdArray *a, int ax, const char *p, int64_t edge, bool summary,
                       EachFn fn, void *ctx) {
  if (ax == a->ndim) {
    fn(ctx, p);
    return;
  }
  int64_t len = a->shape[ax];
  bool cut = summary && len > 2 * edge;
  for (int64_t i = 0; i < len; i++) {
    if (cut && i == edge)
      i = len - edge;
    each_shown(a, ax + 1, p + i * a->strides[ax], edge, summary, fn, ctx);
  }
}

typedef struct {
  NdDtype t;
  /* ints */
  int64_t imin, imax;
  bool any;
  /* floats: the finite values, first pass */
  double maxabs, minabs;        /* over the finite non-zero values */
  bool nonzero, finite, nonfinite, neginf, negative;
  /* floats, second pass: the first-pass strings' widest parts */
  int precision;
  Fmt *fmt;
  int pad_left, frac_max, exp_size;
} Scan;

static double get_f(NdDtype t, const char *p) {
  return t == ND_FLOAT32 ? *(const float *)p : *(const double *)p;
}

/* First pass: the extremes. */
static void scan_values(void *ctx, const char *p) {
  Scan *s = ctx;
  if (!nd_dtype_is_float(s->t)) {
    int64_t v = nd_read(s->t, p).i;
    s->imin = !s->any || v < s->imin ? v : s->imin;
    s->imax = !s->any || v > s->imax ? v : s->imax;
    s->any = true;
    return;
  }
  double v = get_f(s->t, p);
  if (!isfinite(v)) {
    s->nonfinite = true;
    s->neginf = s->neginf || (isinf(v) && v < 0);
    return;
  }
  s->finite = true;
  s->negative = s->negative || signbit(v);
  if (v == 0)
    return;
  double a = fabs(v);
  s->maxabs = !s->nonzero || a > s->maxabs ? a : s->maxabs;
  s->minabs = !s->nonzero || a < s->minabs ? a : s->minabs;
  s->nonzero = true;
}

/* Second pass: the widths of the parts of each finite value's first-pass string. */
static void measure(void *ctx, const char *p) {
  Scan *s = ctx;
  double v = get_f(s->t, p);
  if (!isfinite(v))
    return;
  BaseBuf str = {0};
  Dragon d = {.precision = s->precision, .trim = '.', .plus = s->fmt->sign == '+'};
  bool single = s->t == ND_FLOAT32;
  if (s->fmt->exp)
    scientific(&str, v, single, &d);
  else
    positional(&str, v, single, &d);
  if (str.nomem) {
    base_free(str.p);
    return;
  }
  char *dot = strchr(str.p, '.'), *e = strchr(str.p, 'e');
  int ilen = (int)(dot - str.p), flen = (int)((e ? e : str.p + str.n) - dot - 1);
  s->pad_left = ilen > s->pad_left ? ilen : s->pad_left;
  s->frac_max = flen > s->frac_max ? flen : s->frac_max;
  if (e) {
    int elen = (int)strlen(e + 1) - 1; /* digits without the sign */
    s->exp_size = elen > s->exp_size ? elen : s->exp_size;
  }
  base_free(str.p);
}

static int digits_of(int64_t v) {
  char b[32];
  return snprintf(b, sizeof b, "%lld", (long long)v);
}

static void float_format(Fmt *f, const NdArray *a, Scan *s, bool summary) {
  const NdPrintOptions *o = &options;
  if (s->nonzero) {
    double ratio = a->dtype == ND_FLOAT32 ? (double)((float)s->maxabs / (float)s->minabs)
                                          : s->maxabs / s->minabs;
    f->exp = s->maxabs >= 1e8 || (!o->suppress && (s->minabs < 1e-4 || ratio > 1000.));
  }
  s->precision = o->precision;
  s->fmt = f;
  s->exp_size = -1;
  if (s->finite)
    each_shown(a, 0, a->data, o->edgeitems, summary, measure, s);
  f->d = (Dragon){.precision = o->precision, .plus = o->sign == '+', .exp_digits = s->exp_size};
  if (!s->finite) {
    f->d.pad_left = f->d.pad_right = 0;
    f->d.trim = '.';
  } else if (f->exp) {
    f->d.trim = 'k';
    f->d.precision = f->d.min_digits = s->frac_max;
    f->d.pad_left = s->pad_left;
    f->d.pad_right = s->exp_size + 2 + s->frac_max;
  } else {
    f->d.trim = '.';
    f->d.min_digits = 0;
    f->d.pad_left = s->pad_left;
    f->d.pad_right = s->frac_max;
  }
  if (o->sign == ' ' && !s->negative)
    f->d.pad_left++;
  if (s->nonfinite) {
    int offset = f->d.pad_right + 1, inflen = 3 + (o->sign != '-' || s->neginf);
    f->d.pad_left = f->d.pad_left > 3 - offset ? f->d.pad_left : 3 - offset;
    f->d.pad_left = f->d.pad_left > inflen - offset ? f->d.pad_left : inflen - offset;
  }
}

static Fmt make_format(const NdArray *a, bool summary) {
  Fmt f = {.t = a->dtype, .zero_d = a->ndim == 0, .sign = options.sign};
  Scan s = {.t = a->dtype};
  each_shown(a, 0, a->data, options.edgeitems, summary, scan_values, &s);
  if (nd_dtype_is_int(a->dtype) && s.any) {
    int w1 = digits_of(s.imax), w2 = digits_of(s.imin);
    f.width = w1 > w2 ? w1 : w2;
  }
  if (nd_dtype_is_float(a->dtype))
    float_format(&f, a, &s, summary);
  return f;
}

static void format_element(BaseBuf *s, const Fmt *f, const char *p) {
  if (f->t == ND_BOOL) {
    base_buf_puts(s, *(const bool *)p ? (f->zero_d ? "True" : " True") : "False");
    return;
  }
  if (nd_dtype_is_int(f->t)) {
    char b[32];
    snprintf(b, sizeof b, "%*lld", f->width, (long long)nd_read(f->t, p).i);
    base_buf_puts(s, b);
    return;
  }
  double v = get_f(f->t, p);
  if (!isfinite(v)) {
    const char *word = isnan(v) ? (f->sign == '+' ? "+nan" : "nan")
                                : v < 0 ? "-inf" : f->sign == '+' ? "+inf" : "inf";
    spaces(s, f->d.pad_left + f->d.pad_right + 1 - (int)strlen(word));
    base_buf_puts(s, word);
  } else if (f->exp) {
    scientific(s, v, f->t == ND_FLOAT32, &f->d);
  } else {
    positional(s, v, f->t == ND_FLOAT32, &f->d);
  }
}

/* ---- _formatArray ---- */

typedef struct {
  const NdArray *a;
  const Fmt *fmt;
  const char *sep;              /* ", " or " " */
  bool summary;
} Layout;

static size_t last_line_len(const BaseBuf *s) {
  char *nl = s->p ? strrchr(s->p, '\n') : NULL;
  return s->n - (nl ? (size_t)(nl - s->p) + 1 : 0);
}

/* numpy's _extendLine: word goes on line, or line is flushed to s and word starts the next. */
static void extend_line(BaseBuf *s, BaseBuf *line, const char *word, int width, const char *indent) {
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

static void recurse(const Layout *l, int ax, const char *p, const char *indent, int width,
                    BaseBuf *out);

/* Element or sub-array i of axis ax, formatted into a fresh string. */
static char *item(const Layout *l, int ax, const char *p, int64_t i, const char *indent, int width) {
  BaseBuf w = {0};
  const char *q = p + i * l->a->strides[ax];
  if (ax + 1 == l->a->ndim)
    format_element(&w, l->fmt, q);
  else
    recurse(l, ax + 1, q, indent, width, &w);
  if (!w.p)
    base_buf_puts(&w, "");
  return w.nomem ? (base_free(w.p), NULL) : w.p;
}

static void recurse(const Layout *l, int ax, const char *p, const char *indent, int width,
                    BaseBuf *out) {
  const NdArray *a = l->a;
  int left = a->ndim - ax;
  size_t il = strlen(indent);
  char *next = base_malloc(il + 2);
  if (!next) {
    out->nomem = true;
    return;
  }
  memcpy(next, indent, il);
  next[il] = ' ';
  next[il + 1] = 0;
  int64_t len = a->shape[ax], edge = options.edgeitems;
  bool cut = l->summary && 2 * edge < len;
  int64_t lead = cut ? edge : 0, trail = cut ? edge : len;
  BaseBuf s = {0};
  if (left == 1) {
    size_t sepr = strlen(l->sep);
    while (sepr > 0 && l->sep[sepr - 1] == ' ')
      sepr--;
    int ew = width - (int)(sepr > 1 ? sepr : 1);
    BaseBuf line = {0};
    base_buf_puts(&line, indent);
    for (int64_t i = 0; i < lead + trail; i++) {
      if (cut && i == lead) {
        extend_line(&s, &line, "...", ew, indent);
        base_buf_puts(&line, l->sep);
      }
      int64_t at = i < lead ? i : len - (lead + trail - i);
      char *w = item(l, ax, p, at, next, width - 1);
      if (!w) {
        s.nomem = true;
        break;
      }
      extend_line(&s, &line, w, ew, indent);
      base_free(w);
      if (i + 1 < lead + trail)
        base_buf_puts(&line, l->sep);
    }
    if (line.p)
      base_buf_put(&s, line.p, line.n);
    s.nomem = s.nomem || line.nomem;
    base_free(line.p);
  } else {
    size_t sepr = strlen(l->sep);
    while (sepr > 0 && l->sep[sepr - 1] == ' ')
      sepr--;
    char line_sep[ND_MAXDIM + 4];
    memcpy(line_sep, l->sep, sepr);
    for (int k = 0; k < left - 1; k++)
      line_sep[sepr + (size_t)k] = '\n';
    line_sep[sepr + (size_t)left - 1] = 0;
    for (int64_t i = 0; i < lead + trail; i++) {
      if (cut && i == lead) {
        base_buf_puts(&s, indent);
        base_buf_puts(&s, "...");
        base_buf_puts(&s, line_sep);
      }
      int64_t at = i < lead ? i : len - (lead + trail - i);
      char *w = item(l, ax, p, at, next, width - 1);
      if (!w) {
        s.nomem = true;
        break;
      }
      base_buf_puts(&s, indent);
      base_buf_puts(&s, w);
      base_free(w);
      if (i + 1 < lead + trail)
        base_buf_puts(&s, line_sep);
    }
  }
  base_free(next);
  base_buf_put(out, "[", 1);
  if (s.p && s.n >= il)
    base_buf_put(out, s.p + il, s.n - il);
  base_buf_put(out, "]", 1);
  out->nomem = out->nomem || s.nomem;
  base_free(s.p);
}

/* numpy's array2string for a non-empty array. */
static void array2string(BaseBuf *out, const NdArray *a, const char *sep, const char *prefix,
                         int suffix_len) {
  bool summary = a->size > options.threshold;
  Fmt f = make_format(a, summary);
  if (a->ndim == 0) {
    format_element(out, &f, a->data);
    return;
  }
  char indent[16];
  snprintf(indent, sizeof indent, " %*s", (int)strlen(prefix), "");
  Layout l = {a, &f, sep, summary};
  recurse(&l, 0, a->data, indent, options.linewidth - suffix_len, out);
}

static bool implied_dtype(NdDtype t) {
  return t == ND_FLOAT64 || t == ND_INT64 || t == ND_BOOL;
}

static char *done(BaseBuf *s) {
  if (s->nomem) {
    base_free(s->p);
    return nd_fail(ND_E_MEMORY, "out of memory printing an array");
  }
  return s->p;
}

static char *scalar_text(const NdArray *a) {
  char buf[BASE_REPR_MAX + 8];
  nd_format_scalar(nd_get(a, NULL), buf);
  BaseBuf s = {0};
  base_buf_puts(&s, buf);
  return done(&s);
}

char *nd_repr(const NdArray *a) {
  if (a->scalar)
    return scalar_text(a);
  bool skip = implied_dtype(a->dtype) && a->size > 0;
  BaseBuf s = {0};
  base_buf_puts(&s, "array(");
  if (a->size > 0 || (a->ndim == 1 && a->shape[0] == 0)) {
    if (a->size == 0)
      base_buf_puts(&s, "[]");
    else
      array2string(&s, a, ", ", "array(", 1);
  } else {
    char shape[ND_SHAPE_STR];
    base_buf_puts(&s, "[], shape=");
    base_buf_puts(&s, nd_shape_str(a->ndim, a->shape, false, shape, sizeof shape));
  }
  base_buf_puts(&s, skip ? ")" : ",");
  if (!skip && !s.nomem) {
    char dt[32];
    snprintf(dt, sizeof dt, "dtype=%s)", nd_dtype_name(a->dtype));
    if ((int)(last_line_len(&s) + strlen(dt) + 1) > options.linewidth)
      base_buf_puts(&s, "\n      ");
    else
      base_buf_puts(&s, " ");
    base_buf_puts(&s, dt);
  }
  return done(&s);
}

char *nd_str(const NdArray *a) {
  if (a->ndim == 0)
    return scalar_text(a);
  BaseBuf s = {0};
  if (a->size == 0)
    base_buf_puts(&s, "[]");
  else
    array2string(&s, a, " ", "", 0);
  return done(&s);
}
