/* plt_polygon.c — polygons as matplotlib 3.6 adds them: fill(x, y, [color], ...) one per
 * group, in the next patch colour unless a colour is given, moving both axes' limits; and
 * axhspan(ymin, ymax, xmin=0, xmax=1) and axvspan(xmin, xmax, ymin=0, ymax=1), a band across
 * the axes (its ends in fractions of the axes, so only the other axis' limits move) in
 * patch.facecolor ('C0'). The keywords are a patch's: color (face and edge), facecolor (fc),
 * edgecolor (ec), linewidth (lw), alpha, label. Each returns its Polygon objects. */
#include "pylib.h"

bool pl_patch_props(Interp *I, FmtArtist *a, Obj *kwargs) {
  Obj *color = fe_dict_getstr(I, kwargs, "color"), *face = fe_dict_getstr(I, kwargs, "facecolor");
  Obj *label = fe_dict_getstr(I, kwargs, "label");
  face = face ? face : fe_dict_getstr(I, kwargs, "fc");
  bool colored = color && color != &I->none, unfilled = face && fe_str_is(face, "none");
  if ((colored && !pl_color(I, color, &a->color)) ||
      (face && face != &I->none && !unfilled && !pl_color(I, face, &a->color)))
    return false;
  if (colored)
    a->edged = true, a->edge = a->color;
  if (unfilled)   /* facecolor='none': an outline alone */
    a->color = FMT_NO_COLOR;
  Obj *text = label && label != &I->none ? fe_str(I, label) : NULL;
  if (text && !fmt_strdup(FE_STR(text)->s, &a->label))
    fe_nomem(I);
  fe_decref(I, text);
  return !I->exc_pending && pl_patch_style(I, a, kwargs);
}

/* axhspan (k 1: a band of y values across x) or axvspan (k 0). */
static Obj *band(Interp *I, Obj *self, Obj **args, int k) {
  double v[4];   /* lo, hi in data; from, to in fractions of the axes */
  if (!pl_props_check(I, k ? "axhspan" : "axvspan", args[4], &pl_polygon_props))
    return NULL;
  for (int i = 0; i < 4; i++)
    if (fe_as_double(I, args[i], &v[i]) < 0)
      return NULL;
  FmtAxes *ax = ((PlAxes *)self)->ax;
  FmtArtist *a = fmt_axes_add_polygon(ax, 4, fmt_axes_cycle_color(ax, 0));
  if (!a)
    return fe_nomem(I);
  double *across = k ? a->x : a->y, *along = k ? a->y : a->x;
  static const int corner[4][2] = {{0, 0}, {0, 1}, {1, 1}, {1, 0}};
  for (int i = 0; i < 4; i++)   /* matplotlib's order of corners */
    across[i] = v[2 + corner[i][0]], along[i] = v[corner[i][1]];
  a->spans[!k] = true;
  return pl_patch_props(I, a, args[4]) ? pl_artist_object(I, &pl_polygon_layout, self, a) : NULL;
}

Obj *pl_axes_axhspan(Interp *I, Obj *self, Obj **args) {
  return band(I, self, args, 1);
}
Obj *pl_axes_axvspan(Interp *I, Obj *self, Obj **args) {
  return band(I, self, args, 0);
}

/* One polygon through x and y (float64 arrays of one axis, as long); NULL raised. */
static Obj *polygon(Interp *I, Obj *self, Obj *xv, Obj *yv, Obj *fmt, Obj *kwargs) {
  NdArray *x = pl_array_arg(I, xv), *y = x ? pl_array_arg(I, yv) : NULL;
  NdArray *fx = y ? nd_astype(x, ND_FLOAT64) : NULL, *fy = fx ? nd_astype(y, ND_FLOAT64) : NULL;
  if (y && !fy)
    pl_nd_raise(I);
  else if (fy && (fx->ndim != 1 || fy->ndim != 1 || fx->size != fy->size))
    fe_throw(I, EXC_ValueError, "x and y must have same first dimension, but have shapes "
             "(%lld,) and (%lld,)", (long long)fx->size, (long long)fy->size);
  FmtAxes *ax = ((PlAxes *)self)->ax;
  uint32_t color = 0;
  bool ok = fy && !I->exc_pending && (!fmt || pl_color(I, fmt, &color));
  FmtArtist *a = ok ? fmt_axes_add_polygon(ax, fx->size, 0) : NULL;
  if (ok && !a)
    fe_nomem(I);
  Obj *given = fe_dict_getstr(I, kwargs, "color");
  if (a) {   /* a colour given, by fmt or color=, leaves the cycle where it is */
    a->color = fmt || (given && given != &I->none) ? color : fmt_axes_next_patch_color(ax);
    for (int64_t i = 0; i < fx->size; i++)
      a->x[i] = ((const double *)fx->data)[i], a->y[i] = ((const double *)fy->data)[i];
  }
  nd_unref(x), nd_unref(y), nd_unref(fx), nd_unref(fy);
  return a && pl_patch_props(I, a, kwargs) ? pl_artist_object(I, &pl_polygon_layout, self, a) : NULL;
}

/* fill(*args, data=None, **kwargs): groups of x, y and an optional colour. */
Obj *pl_axes_fill(Interp *I, Obj *self, Obj **args) {
  Obj *const *v;
  int64_t n;
  if (!pl_props_check(I, "fill", args[2], &pl_polygon_props) || !fe_seq_items(I, args[0], &v, &n))
    return NULL;
  Obj *out = fe_list_new(I, 0);
  for (int64_t i = 0; out && i < n;) {
    if (i + 1 >= n) {
      fe_setref(I, &out, fe_throw(I, EXC_ValueError, "fill takes groups of x, y and an "
                                  "optional colour: x without its y"));
      break;
    }
    Obj *fmt = i + 2 < n && FE_IS(v[i + 2], str) ? v[i + 2] : NULL;
    Obj *p = polygon(I, self, v[i], v[i + 1], fmt, args[2]);
    if (!p || fe_list_append(I, out, p) < 0)
      fe_setref(I, &out, NULL);
    fe_decref(I, p);
    i += fmt ? 3 : 2;
  }
  return out;
}
