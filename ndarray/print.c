/* print.c — repr and str of arrays and numpy scalars, as numpy 1.24 prints them.
 *
 * This follows numpy's arrayprint.py line by line in what it decides: FloatingFormat (its
 * choice of notation and padding, and dragon4's digits, are base/npfloat.c's, which text
 * outside ndarray quoting a float array shares) fed the elements shown, _formatArray's
 * wrapping at the line width with a hanging indent, summarization to edgeitems around
 * "..." for arrays above threshold, and array_repr's dtype suffix. Elements never hold
 * newlines, so numpy's multi-line word case is absent.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ndarray.h"

NdPrintOptions nd_default_printoptions(void) {
  return (NdPrintOptions){
      .precision = 8, .threshold = 1000, .edgeitems = 3, .linewidth = 75, .sign = '-'};
}

bool nd_check_printoptions(const NdPrintOptions *o) {
  if (o->precision < 0)
    return nd_fail(ND_E_VALUE, "precision must be a non-negative integer"), false;
  if (o->threshold < 0)
    return nd_fail(ND_E_VALUE, "threshold must be non-NAN, try sys.maxsize for untruncated "
                   "representation"), false;
  if (o->sign != '-' && o->sign != '+' && o->sign != ' ')
    return nd_fail(ND_E_VALUE, "sign option must be one of ' ', '+', or '-'"), false;
  if (o->edgeitems < 0 || o->linewidth < 1)
    return nd_fail(ND_E_VALUE, "edgeitems and linewidth must be positive"), false;
  return true;
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
  BaseDragon o = {.precision = -1, .exp_digits = 2};
  if (ax == 0 || (ax >= 1e-4 && ax < 1e16)) {
    o.trim = '0';
    base_dragon_positional(&s, x, true, &o);
  } else {
    o.trim = '-';
    base_dragon_scientific(&s, x, true, &o);
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
  BaseFloatFormat ff;           /* floats */
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
  BaseFloatFormat *ff;          /* floats */
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
  base_float_format_scan(s->ff, get_f(s->t, p));
}

/* Second pass: the widths of the parts of each finite value's first-pass string. */
static void measure(void *ctx, const char *p) {
  Scan *s = ctx;
  base_float_format_measure(s->ff, get_f(s->t, p));
}

static int digits_of(int64_t v) {
  char b[32];
  return snprintf(b, sizeof b, "%lld", (long long)v);
}

static void float_format(const NdArray *a, Scan *s, int64_t edge, bool summary) {
  BaseFloatFormat *f = s->ff;
  base_float_format_choose(f);
  if (f->finite)
    each_shown(a, 0, a->data, edge, summary, measure, s);
  base_float_format_finish(f);
}

static Fmt make_format(const NdArray *a, const NdPrintOptions *o, bool summary) {
  Fmt f = {.t = a->dtype, .zero_d = a->ndim == 0,
           .ff = {.precision = o->precision, .suppress = o->suppress, .sign = o->sign,
                  .single = a->dtype == ND_FLOAT32}};
  Scan s = {.t = a->dtype, .ff = &f.ff};
  each_shown(a, 0, a->data, o->edgeitems, summary, scan_values, &s);
  if (nd_dtype_is_int(a->dtype) && s.any) {
    int w1 = digits_of(s.imax), w2 = digits_of(s.imin);
    f.width = w1 > w2 ? w1 : w2;
  }
  if (nd_dtype_is_float(a->dtype))
    float_format(a, &s, o->edgeitems, summary);
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
  base_float_format_put(s, &f->ff, get_f(f->t, p));
}

/* ---- _formatArray ---- */

typedef struct {
  const NdArray *a;
  const Fmt *fmt;
  const char *sep;              /* ", " or " " */
  bool summary;
  int64_t edge;                 /* the options' edgeitems */
} Layout;

static size_t last_line_len(const BaseBuf *s) {
  char *nl = s->p ? strrchr(s->p, '\n') : NULL;
  return s->n - (nl ? (size_t)(nl - s->p) + 1 : 0);
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
  int64_t len = a->shape[ax], edge = l->edge;
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
        base_np_extend_line(&s, &line, "...", ew, indent);
        base_buf_puts(&line, l->sep);
      }
      int64_t at = i < lead ? i : len - (lead + trail - i);
      char *w = item(l, ax, p, at, next, width - 1);
      if (!w) {
        s.nomem = true;
        break;
      }
      base_np_extend_line(&s, &line, w, ew, indent);
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
static void array2string(BaseBuf *out, const NdArray *a, const NdPrintOptions *o,
                         const char *sep, const char *prefix, int suffix_len) {
  bool summary = a->size > o->threshold;
  Fmt f = make_format(a, o, summary);
  if (a->ndim == 0) {
    format_element(out, &f, a->data);
    return;
  }
  char indent[16];
  snprintf(indent, sizeof indent, " %*s", (int)strlen(prefix), "");
  Layout l = {a, &f, sep, summary, o->edgeitems};
  recurse(&l, 0, a->data, indent, o->linewidth - suffix_len, out);
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
  NdPrintOptions o = nd_default_printoptions();
  return nd_repr_with(a, &o);
}

char *nd_str(const NdArray *a) {
  NdPrintOptions o = nd_default_printoptions();
  return nd_str_with(a, &o);
}

char *nd_repr_with(const NdArray *a, const NdPrintOptions *o) {
  if (a->scalar)
    return scalar_text(a);
  bool skip = implied_dtype(a->dtype) && a->size > 0;
  BaseBuf s = {0};
  base_buf_puts(&s, "array(");
  if (a->size > 0 || (a->ndim == 1 && a->shape[0] == 0)) {
    if (a->size == 0)
      base_buf_puts(&s, "[]");
    else
      array2string(&s, a, o, ", ", "array(", 1);
  } else {
    char shape[ND_SHAPE_STR];
    base_buf_puts(&s, "[], shape=");
    base_buf_puts(&s, nd_shape_str(a->ndim, a->shape, false, shape, sizeof shape));
  }
  base_buf_puts(&s, skip ? ")" : ",");
  if (!skip && !s.nomem) {
    char dt[32];
    snprintf(dt, sizeof dt, "dtype=%s)", nd_dtype_name(a->dtype));
    if ((int)(last_line_len(&s) + strlen(dt) + 1) > o->linewidth)
      base_buf_puts(&s, "\n      ");
    else
      base_buf_puts(&s, " ");
    base_buf_puts(&s, dt);
  }
  return done(&s);
}

char *nd_str_with(const NdArray *a, const NdPrintOptions *o) {
  if (a->ndim == 0)
    return scalar_text(a);
  BaseBuf s = {0};
  if (a->size == 0)
    base_buf_puts(&s, "[]");
  else
    array2string(&s, a, o, " ", "", 0);
  return done(&s);
}
