/* seaborn_scatter.c — seaborn's scatterplot of y against x, its points coloured by a
 * category (hue), as seaborn 0.12 draws it: how tutorials look at two features and a class.
 *
 * Rows with a missing x, y or hue are left out. The points are circles of s=36 pt^2 in the
 * cycle's next colour (or color=), outlined in white; with hue, each point takes its
 * level's colour (seaborn_hue.c), and the legend, titled with the hue's name, has one entry
 * per level, each an empty scatter as seaborn makes them. The axes are named by x and y.
 */
#include "pylib.h"

enum { POINT_AREA = 36 }; /* matplotlib's lines.markersize squared */

/* The points' keywords: s, color (c), alpha, edgecolor (ec), linewidth (lw), label. */
static bool point_style(Interp *I, FmtArtist *pts, Obj *kwargs, bool hue) {
  Dict *d = kwargs && kwargs != &I->none ? FE_DICT(kwargs) : NULL;
  for (int64_t i = 0; d && i < d->ne; i++) {
    Obj *k = d->e[i].key, *v = d->e[i].value, *text = NULL;
    if (!k)
      continue;
    bool ok = fe_str_is(k, "s")           ? fe_as_double(I, v, &pts->size) == 0
              : fe_str_is(k, "color") || fe_str_is(k, "c") ? hue || pl_color(I, v, &pts->color)
              : fe_str_is(k, "alpha")     ? fe_as_double(I, v, &pts->alpha) == 0
              : fe_str_is(k, "edgecolor") || fe_str_is(k, "ec") ? pl_color(I, v, &pts->edge)
              : fe_str_is(k, "linewidth") || fe_str_is(k, "lw") ? fe_as_double(I, v, &pts->lw) == 0
              : fe_str_is(k, "label")
                  ? (text = fe_str(I, v)) && fmt_strdup(FE_STR(text)->s, &pts->label)
              : (fe_throw(I, EXC_NotImplementedError, "scatterplot(%s=...) is not supported by "
                          "nnc yet", FE_STR(k)->s), false);
    fe_decref(I, text);
    if (!ok)
      return I->exc_pending ? false : (fe_nomem(I), false);
  }
  return true;
}

/* scatterplot(data=None, *, x=None, y=None, hue=None, size=None, style=None, palette=None,
 * hue_order=None, hue_norm=None, sizes=None, size_order=None, size_norm=None, markers=True,
 * style_order=None, legend='auto', ax=None, **kwargs) */
Obj *pl_seaborn_scatterplot(Interp *I, Obj *self, Obj **args) {
  (void)self;
  static const char *const refused[] = {NULL, NULL, NULL, NULL, "size=", "style=", "palette=",
                                        NULL, "hue_norm=", "sizes=", "size_order=", "size_norm="};
  for (int k = 4; k < 12; k++)
    if (refused[k] && args[k] != &I->none)
      return fe_throw(I, EXC_NotImplementedError, "scatterplot(%s) is not supported by nnc yet: "
                      "give x=, y=, hue= (text or booleans), hue_order=, ax= and the points' "
                      "keywords", refused[k]);
  if (args[1] == &I->none || args[2] == &I->none)
    return fe_throw(I, EXC_NotImplementedError, "scatterplot without x= and y= (wide-form "
                    "data) is not supported by nnc yet: give both");
  int legend = fe_truth(I, args[14]);
  if (legend < 0)
    return NULL;
  Obj *names[3] = {NULL, NULL, NULL}, *vals[3] = {NULL, NULL, NULL}, *axes = NULL, *r = NULL;
  NdArray *x = NULL, *y = NULL;
  PlHue h = {NULL, NULL, NULL};
  bool hue = args[3] != &I->none;
  bool ok = true;
  for (int k = 0; ok && k < 2 + hue; k++)
    ok = (vals[k] = pl_seaborn_variable(I, args[0], args[1 + k], &names[k])) != NULL;
  ok = ok && (x = pl_seaborn_floats(I, vals[0])) && (y = pl_seaborn_floats(I, vals[1]));
  if (ok && x->size != y->size) {
    fe_throw(I, EXC_ValueError, "x and y have %lld and %lld values", (long long)x->size,
             (long long)y->size);
    ok = false;
  }
  ok = ok && (!hue || pl_seaborn_hue(I, vals[2], args[7], x->size, &h)) &&
       (axes = pl_seaborn_axes(I, args[15]));
  FmtAxes *ax = ok ? ((PlAxes *)axes)->ax : NULL;
  int64_t n = 0;
  for (int64_t i = 0; ok && i < x->size; i++)
    n += ((double *)x->data)[i] == ((double *)x->data)[i] &&
         ((double *)y->data)[i] == ((double *)y->data)[i] && (!hue || h.of[i] >= 0);
  FmtArtist *pts = ok ? fmt_axes_add(ax, FMT_SCATTER, n) : NULL;
  if (pts && hue && !(pts->fills = base_malloc(sizeof *pts->fills * (size_t)(n + 1))))
    pts = NULL;
  if (ok && !pts) {
    fe_nomem(I);
    ok = false;
  }
  if (ok) {
    pts->color = fmt_axes_next_patch_color(ax), pts->size = POINT_AREA;
    pts->edged = true, pts->edge = 0xffffff, pts->lw = 0.08 * 6;
    ok = point_style(I, pts, args[16], hue);
  }
  for (int64_t i = 0, k = 0; ok && i < x->size; i++) {
    double a = ((double *)x->data)[i], b = ((double *)y->data)[i];
    if (a == a && b == b && (!hue || h.of[i] >= 0)) {
      pts->x[k] = a, pts->y[k] = b;
      if (hue)
        pts->fills[k] = h.colors[h.of[i]];
      k++;
    }
  }
  for (int64_t j = 0; ok && hue && legend && j < FE_LIST(h.levels)->n; j++) {
    FmtArtist *proxy = fmt_axes_add(ax, FMT_SCATTER, 0); /* seaborn's legend handle */
    ok = proxy && fmt_strdup(FE_STR(FE_LIST(h.levels)->v[j])->s, &proxy->label);
    if (ok)
      proxy->color = h.colors[j], proxy->size = POINT_AREA;
    else
      fe_nomem(I);
  }
  ok = ok && pl_seaborn_name_axes(I, ax, names[0], names[1]) &&
       (!legend || pl_seaborn_legend(I, axes, hue ? names[2] : NULL));
  if (ok)
    fe_incref(r = axes);
  else if (!I->exc_pending)
    fe_nomem(I);
  nd_unref(x), nd_unref(y);
  for (int k = 0; k < 3; k++)
    fe_decref(I, names[k]), fe_decref(I, vals[k]);
  pl_seaborn_hue_free(I, &h), fe_decref(I, axes);
  return r;
}
