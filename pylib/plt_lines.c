/* plt_lines.c — reference lines: axhline(y, xmin, xmax) and axvline(x, ymin, ymax), a line
 * across the axes (xmin, xmax in fractions of its width, so it moves only the y limits), and
 * hlines(y, xmin, xmax) and vlines(x, ymin, ymax), lines between data values (a
 * LineCollection in matplotlib, here one line broken by NaN between them). As matplotlib's
 * Line2D and LineCollection, they take lines.color ('C0') unless given a colour, and do not
 * move the colour cycle; the keywords are plot's (color, linestyle, linewidth, label, ...).
 * They return a Line2D (axhline, axvline) or a LineCollection (hlines, vlines).
 * errorbar draws its line with plot, then the bars as such segments and their caps as '_'
 * (or '|') markers, as matplotlib 3.6 does. */
#include <math.h>
#include <stdio.h>

#include "pylib.h"

/* A line of n points on ax in the style its keywords give, coloured 'C0' unless they say;
 * NULL raised. */
static FmtArtist *line(Interp *I, Obj *self, int64_t n, Obj *kwargs) {
  FmtAxes *ax = ((PlAxes *)self)->ax;
  FmtArtist *a = fmt_axes_add(ax, FMT_LINE, n);
  if (!a)
    return fe_nomem(I), NULL;
  a->color = fmt_axes_cycle_color(ax, 0);
  return pl_line_style(I, a, kwargs) ? a : NULL;
}

/* axhline (k 0: along x at y) or axvline (k 1). */
static Obj *span(Interp *I, Obj *self, Obj **args, int k) {
  double at, lo, hi;
  if (!pl_props_check(I, k ? "axvline" : "axhline", args[3], &pl_line_props) ||
      fe_as_double(I, args[0], &at) < 0 || fe_as_double(I, args[1], &lo) < 0 ||
      fe_as_double(I, args[2], &hi) < 0)
    return NULL;
  FmtArtist *a = line(I, self, 2, args[3]);
  if (!a)
    return NULL;
  double *along = k ? a->y : a->x, *across = k ? a->x : a->y;
  along[0] = lo, along[1] = hi, across[0] = across[1] = at;
  a->spans[k] = true;
  return pl_artist_object(I, &pl_line_layout, self, a);
}

Obj *pl_axes_axhline(Interp *I, Obj *self, Obj **args) {
  return span(I, self, args, 0);
}

Obj *pl_axes_axvline(Interp *I, Obj *self, Obj **args) {
  return span(I, self, args, 1);
}

/* A value or a sequence of them as float64 (a new array); NULL raised. */
static NdArray *values(Interp *I, Obj *v) {
  NdArray *a = pl_array_arg(I, v), *f = a ? nd_astype(a, ND_FLOAT64) : NULL;
  nd_unref(a);
  return a && !f ? (pl_nd_raise(I), NULL) : f;
}

/* hlines (k 0: each from xmin to xmax at its y) or vlines (k 1), colors= and linestyles=
 * as plot's color and linestyle. */
static Obj *segments(Interp *I, Obj *self, Obj **args, int k) {
  static const PlProps props = {.cls = "LineCollection", .drawn = "alpha label linewidth lw"};
  if (!pl_props_check(I, k ? "vlines" : "hlines", args[5], &props))
    return NULL;
  NdArray *v[3] = {values(I, args[0]), NULL, NULL};
  v[1] = v[0] ? values(I, args[1]) : NULL;
  v[2] = v[1] ? values(I, args[2]) : NULL;
  int64_t n = 0;
  for (int j = 0; v[2] && j < 3; j++)
    n = v[j]->size > n ? v[j]->size : n;
  bool ok = v[2] != NULL;
  for (int j = 0; ok && j < 3; j++)
    if (v[j]->size != 1 && v[j]->size != n)
      ok = (fe_throw(I, EXC_ValueError, "the positions and their ends must be as many, or "
                     "one"), false);
  Obj *kw = ok ? fe_call_method(I, args[5], "copy", NULL, 0) : NULL;
  ok = kw && (args[3] == &I->none || fe_dict_setstr(I, kw, "color", args[3]) == 0) &&
       (args[4] == &I->none || fe_dict_setstr(I, kw, "linestyle", args[4]) == 0);
  FmtArtist *a = ok ? line(I, self, 3 * n, kw) : NULL;
  if (a)
    a->collection = true;
  for (int64_t i = 0; a && i < n; i++) {   /* from, to, then a gap */
    const double *p[3];
    for (int j = 0; j < 3; j++)
      p[j] = (const double *)v[j]->data + (v[j]->size > 1 ? i : 0);
    double *along = k ? a->y : a->x, *across = k ? a->x : a->y;
    along[3 * i] = *p[1], along[3 * i + 1] = *p[2], along[3 * i + 2] = NAN;
    across[3 * i] = across[3 * i + 1] = *p[0], across[3 * i + 2] = NAN;
  }
  fe_decref(I, kw);
  for (int j = 0; j < 3; j++)
    nd_unref(v[j]);
  return a ? pl_artist_object(I, &pl_segments_layout, self, a) : NULL;
}

Obj *pl_axes_hlines(Interp *I, Obj *self, Obj **args) {
  return segments(I, self, args, 0);
}

Obj *pl_axes_vlines(Interp *I, Obj *self, Obj **args) {
  return segments(I, self, args, 1);
}

/* Error bars of one direction (k 0: along y, for yerr; 1: along x) for the n points of x, y:
 * err is a scalar, n values or 2 x n (below, above); the segments in `color`, lw wide, and
 * caps capsize points each side (0: none). False raised. */
static bool bars(Interp *I, Obj *self, const NdArray *x, const NdArray *y, Obj *err, int k,
                 uint32_t color, double lw, double capsize) {
  NdArray *e = values(I, err);
  int64_t n = x->size;
  if (!e)
    return false;
  bool two = e->ndim == 2 && e->shape[0] == 2 && e->shape[1] == n;
  if (!two && e->size != 1 && !(e->ndim == 1 && e->size == n)) {
    char shape[64];
    snprintf(shape, sizeof shape, e->ndim == 2 ? "(%lld, %lld)" : "(%lld,)",
             (long long)e->shape[0], (long long)(e->ndim == 2 ? e->shape[1] : 0));
    nd_unref(e);
    return fe_throw(I, EXC_ValueError, "'%cerr' (shape: %s) must be a scalar or a 1D or (2, n) "
                    "array-like whose shape matches '%c' (shape: (%lld,))", "yx"[k], shape,
                    "yx"[k], (long long)n), false;
  }
  FmtAxes *ax = ((PlAxes *)self)->ax;
  FmtArtist *seg = fmt_axes_add(ax, FMT_LINE, 3 * n), *cap[2] = {NULL, NULL};
  for (int c = 0; seg && capsize > 0 && c < 2; c++)
    if ((cap[c] = fmt_axes_add(ax, FMT_LINE, n)))
      cap[c]->dash = FMT_NOLINE, cap[c]->marker = k ? '|' : '_', cap[c]->size = 2 * capsize,
      cap[c]->color = color;
  bool ok = seg && (capsize <= 0 || (cap[0] && cap[1]));
  const double *px = (const double *)x->data, *py = (const double *)y->data;
  const double *pe = (const double *)e->data;
  for (int64_t i = 0; ok && i < n; i++) {
    double lo = pe[e->size == 1 ? 0 : i], hi = two ? pe[n + i] : lo;
    double at = k ? px[i] : py[i], ends[2] = {at - lo, at + hi};
    double *along = k ? seg->x : seg->y, *across = k ? seg->y : seg->x;
    along[3 * i] = ends[0], along[3 * i + 1] = ends[1], along[3 * i + 2] = NAN;
    across[3 * i] = across[3 * i + 1] = k ? py[i] : px[i], across[3 * i + 2] = NAN;
    for (int c = 0; cap[0] && c < 2; c++)
      (k ? cap[c]->x : cap[c]->y)[i] = ends[c], (k ? cap[c]->y : cap[c]->x)[i] = k ? py[i] : px[i];
  }
  if (seg)
    seg->color = color, seg->lw = lw, seg->collection = true;
  nd_unref(e);
  return ok || (I->exc_pending ? false : (fe_nomem(I), false));
}

/* errorbar(x, y, yerr=None, xerr=None, fmt='', ecolor=None, elinewidth=None, capsize=None,
 * ..., capthick=None, **kwargs): the line as plot(x, y, fmt, **kwargs) draws it ('none': no
 * line), then the bars in ecolor (the line's colour) elinewidth wide (lines.linewidth) with
 * capsize-point caps; the legend names the line. */
Obj *pl_axes_errorbar(Interp *I, Obj *self, Obj **args) {
  for (int i = 8; i <= 12; i++)   /* barsabove, lolims, uplims, xlolims, xuplims */
    if (fe_truth(I, args[i]) != 0)
      return I->exc_pending ? NULL : fe_throw(I, EXC_NotImplementedError, "errorbar with "
                                              "barsabove= or limits is not supported by nnc yet");
  int64_t every = 1;
  if (fe_as_int(I, args[13], &every) < 0 || every != 1)
    return I->exc_pending ? NULL : fe_throw(I, EXC_NotImplementedError, "errorbar(errorevery=) "
                                            "is not supported by nnc yet");
  NdArray *x = values(I, args[0]), *y = x ? values(I, args[1]) : NULL;
  bool ok = y && (x->size == y->size || (fe_throw(I, EXC_ValueError, "x and y must be the same "
                                                  "size"), false));
  bool none = fe_str_is(args[4], "none");
  FmtAxes *ax = ((PlAxes *)self)->ax;
  uint32_t color = 0;
  Obj *c = fe_dict_getstr(I, args[16], "color");
  c = c ? c : fe_dict_getstr(I, args[16], "c");
  if (ok && none)   /* no line: the bars take its colour, the cycle's next unless given */
    ok = c ? pl_color(I, c, &color) : (color = fmt_axes_next_color(ax), true);
  else if (ok)   /* the line, as plot draws it */
    ok = pl_call_kw(I, self, "plot", (Obj *[]){args[0], args[1], args[4]}, 3, args[16]) &&
         (color = ax->a[ax->n - 1]->color, true);
  double lw = ax->style.line_width, capsize = 0;
  ok = ok && (args[5] == &I->none || pl_color(I, args[5], &color)) &&
       (args[6] == &I->none || fe_as_double(I, args[6], &lw) == 0) &&
       (args[7] == &I->none || fe_as_double(I, args[7], &capsize) == 0);
  for (int k = 1; ok && k >= 0; k--)   /* xerr's first, as matplotlib adds them */
    if (args[2 + k] != &I->none)
      ok = bars(I, self, x, y, args[2 + k], k, color, lw, capsize);
  nd_unref(x), nd_unref(y);
  return ok ? fe_none(I) : NULL;
}
