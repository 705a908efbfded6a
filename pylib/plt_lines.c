/* plt_lines.c — reference lines: axhline(y, xmin, xmax) and axvline(x, ymin, ymax), a line
 * across the axes (xmin, xmax in fractions of its width, so it moves only the y limits), and
 * hlines(y, xmin, xmax) and vlines(x, ymin, ymax), lines between data values (a
 * LineCollection in matplotlib, here one line broken by NaN between them). As matplotlib's
 * Line2D and LineCollection, they take lines.color ('C0') unless given a colour, and do not
 * move the colour cycle; the keywords are plot's (color, linestyle, linewidth, label, ...). */
#include <math.h>

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
  if (fe_as_double(I, args[0], &at) < 0 || fe_as_double(I, args[1], &lo) < 0 ||
      fe_as_double(I, args[2], &hi) < 0)
    return NULL;
  FmtArtist *a = line(I, self, 2, args[3]);
  if (!a)
    return NULL;
  double *along = k ? a->y : a->x, *across = k ? a->x : a->y;
  along[0] = lo, along[1] = hi, across[0] = across[1] = at;
  a->spans[k] = true;
  return fe_none(I);
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
  return a ? fe_none(I) : NULL;
}

Obj *pl_axes_hlines(Interp *I, Obj *self, Obj **args) {
  return segments(I, self, args, 0);
}

Obj *pl_axes_vlines(Interp *I, Obj *self, Obj **args) {
  return segments(I, self, args, 1);
}
