/* plt_fill.c — fill_between(x, y1, y2=0, where=None): the area between two curves, as
 * matplotlib 3.6's PolyCollection of it: one polygon for each run of points where `where`
 * holds and x, y1 and y2 are all finite; the next patch colour unless color= or facecolor=
 * give one; no outline unless color= (which colours both) or edgecolor= asks for one, 1 pt
 * wide; alpha for fill and outline alike; both axes' limits moved by the points filled only.
 * A scalar y1 or y2 is a level line. interpolate=True and step= are refused. */
#include <math.h>
#include <string.h>

#include "pylib.h"

enum { X, Y1, Y2, WHERE, INTERPOLATE, STEP, KWARGS };

/* Argument k's values as float64: x any number of them, y1 and y2 n or a scalar; NULL with
 * matplotlib's error. */
static NdArray *curve(Interp *I, Obj *v, int k, int64_t n) {
  static const char *const names[] = {"x", "y1", "y2"};
  NdArray *a = pl_array_arg(I, v), *f = a ? nd_astype(a, ND_FLOAT64) : NULL;
  nd_unref(a);
  if (a && !f)
    return pl_nd_raise(I), NULL;
  if (f && f->ndim > 1)
    fe_throw(I, EXC_ValueError, "'%s' is not 1-dimensional", names[k]);
  else if (f && k > 0 && f->size != 1 && f->size != n)
    fe_throw(I, EXC_ValueError, "shape mismatch: objects cannot be broadcast to a single shape. "
             " Mismatch is between arg 0 with shape (%lld,) and arg %d with shape (%lld,).",
             (long long)n, k, (long long)f->size);
  if (f && I->exc_pending)
    nd_unref(f), f = NULL;
  return f;
}

/* where= as n flags (NULL: all), false with matplotlib's error. */
static bool where_flags(Interp *I, Obj *v, int64_t n, NdArray **out) {
  *out = NULL;
  if (v == &I->none)
    return true;
  NdArray *a = pl_array_arg(I, v), *b = a ? nd_astype(a, ND_BOOL) : NULL;
  nd_unref(a);
  if (a && !b)
    return pl_nd_raise(I), false;
  if (b && b->size != n) {
    fe_throw(I, EXC_ValueError, "where size (%lld) does not match x size (%lld)",
             (long long)b->size, (long long)n);
    nd_unref(b), b = NULL;
  }
  return (*out = b) != NULL;
}

/* The colours into *a: color= fills and outlines, facecolor= (fc=) fills, or the axes'
 * next patch colour; the other patch keywords as bar's; label=. */
static bool area_style(Interp *I, FmtAxes *ax, FmtArtist *a, Obj *kwargs) {
  Obj *color = kwargs ? fe_dict_getstr(I, kwargs, "color") : NULL;
  Obj *face = kwargs ? fe_dict_getstr(I, kwargs, "facecolor") : NULL;
  Obj *label = kwargs ? fe_dict_getstr(I, kwargs, "label") : NULL;
  face = face || !kwargs ? face : fe_dict_getstr(I, kwargs, "fc");
  bool colored = color && color != &I->none, faced = face && face != &I->none;
  if ((colored && !pl_color(I, color, &a->color)) || (faced && !pl_color(I, face, &a->color)))
    return false;
  a->edged = colored, a->edge = colored ? a->color : 0;
  if (!colored && !faced)
    a->color = fmt_axes_next_patch_color(ax);
  if (!pl_patch_style(I, a, kwargs))
    return false;
  Obj *text = label && label != &I->none ? fe_str(I, label) : NULL;
  if (text && !fmt_strdup(FE_STR(text)->s, &a->label))
    fe_nomem(I);
  fe_decref(I, text);
  return !I->exc_pending;
}

/* Axes.fill_between(x, y1, y2=0, where=None, interpolate=False, step=None, **kwargs) */
Obj *pl_axes_fill_between(Interp *I, Obj *self, Obj **args) {
  static const PlProps props = {.cls = "PolyCollection",
                                .drawn = "alpha color ec edgecolor facecolor fc label linewidth lw"};
  int interpolate = pl_props_check(I, "fill_between", args[KWARGS], &props)
                        ? fe_truth(I, args[INTERPOLATE]) : -1;
  if (interpolate < 0)
    return NULL;
  if (interpolate || args[STEP] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "fill_between(interpolate=True) and step= are "
                    "not supported by nnc yet: give x, y1, y2, where and the colours");
  FmtAxes *ax = ((PlAxes *)self)->ax;
  FmtArtist st = {.lw = 1};   /* the keywords, read before anything is drawn */
  NdArray *x = curve(I, args[X], 0, 0), *y[2] = {NULL, NULL}, *where = NULL;
  int64_t n = x ? x->size : 0;
  bool ok = x && (y[0] = curve(I, args[Y1], 1, n)) && (y[1] = curve(I, args[Y2], 2, n)) &&
            where_flags(I, args[WHERE], n, &where) && area_style(I, ax, &st, args[KWARGS]);
  FmtArtist *a = ok ? fmt_axes_add_fill(ax, n, st.color) : NULL;
  if (ok && !a)
    fe_nomem(I), ok = false;
  if (ok) {
    a->alpha = st.alpha, a->edge_alpha = st.edge_alpha, a->lw = st.lw;
    a->edged = st.edged, a->edge = st.edge, a->label = st.label, st.label = NULL;
  }
  for (int64_t i = 0; ok && i < n; i++) {
    const double *v[3] = {(const double *)x->data, (const double *)y[0]->data,
                          (const double *)y[1]->data};
    double p[3] = {v[0][i], v[1][y[0]->size > 1 ? i : 0], v[2][y[1]->size > 1 ? i : 0]};
    bool in = (!where || ((const bool *)where->data)[i]) && isfinite(p[0]) &&
              isfinite(p[1]) && isfinite(p[2]);
    a->x[i] = in ? p[0] : NAN, a->y[i] = in ? p[1] : NAN, a->b[i] = in ? p[2] : NAN;
  }
  base_free(st.label);
  nd_unref(x), nd_unref(y[0]), nd_unref(y[1]), nd_unref(where);
  return ok ? fe_none(I) : NULL;
}

