/* plt_annotate.c — annotate(text, xy, xytext=None, xycoords='data', textcoords=None,
 * arrowprops=None): a text at xytext (in textcoords: 'data', 'axes fraction', or 'offset
 * points' / 'offset pixels' from xy; at xy when not given), left-aligned on its baseline
 * unless the text keywords say, and with arrowprops an arrow from it to xy (in xycoords:
 * 'data' or 'axes fraction'), as matplotlib 3.6 draws one (formats/chart_arrow.c): with an
 * arrowstyle ('-', '->', '<-', '<->'; shrinkA, shrinkB, color, edgecolor, linewidth), or
 * without one the filled arrow of old (width, headwidth, headlength, shrink, facecolor,
 * edgecolor, color, linewidth). Returns the Text. */
#include <math.h>
#include <string.h>

#include "pylib.h"

enum { TEXT, XY, XYTEXT, XYCOORDS, TEXTCOORDS, ARROWPROPS, CLIP, KWARGS };

/* A pair of numbers; false raised. */
static bool pair(Interp *I, Obj *v, const char *what, double out[2]) {
  Obj *const *items;
  int64_t n;
  if (!fe_seq_items(I, v, &items, &n) || n != 2)
    return I->exc_pending ? false
                          : (fe_throw(I, EXC_ValueError, "%s must be a pair (x, y)", what), false);
  return fe_as_double(I, items[0], &out[0]) == 0 && fe_as_double(I, items[1], &out[1]) == 0;
}

/* coords' name: 'd' data, 'a' axes fraction, 'p' offset points, 'x' offset pixels (offsets
 * only where `offsets`); 0 raised. */
static char coords(Interp *I, Obj *v, bool offsets) {
  static const struct {
    const char *name;
    char code;
  } names[] = {{"data", 'd'}, {"axes fraction", 'a'}, {"offset points", 'p'},
               {"offset pixels", 'x'}};
  for (int i = 0; i < (offsets ? 4 : 2); i++)
    if (fe_str_is(v, names[i].name))
      return names[i].code;
  fe_throw(I, EXC_NotImplementedError, "annotate: nnc places a text or its point in 'data' or "
           "'axes fraction'%s, not %s", offsets ? " (the text also in 'offset points' or 'offset "
           "pixels')" : "", FE_IS(v, str) ? FE_STR(v)->s : fe_typename(v));
  return 0;
}

/* A colour among the props under either name, into *out; false raised. */
static bool prop_color(Interp *I, Obj *props, const char *name, const char *alias,
                       uint32_t *out) {
  Obj *v = fe_dict_getstr(I, props, name);
  v = v || !alias ? v : fe_dict_getstr(I, props, alias);
  return !v || pl_color(I, v, out);
}

/* A number among the props, into *out; false raised. */
static bool prop_number(Interp *I, Obj *props, const char *name, double *out) {
  Obj *v = fe_dict_getstr(I, props, name);
  return !v || fe_as_double(I, v, out) == 0;
}

/* arrowprops into ar (its style 0 when None); false raised. */
static bool arrow_props(Interp *I, Obj *props, const FmtStyle *st, FmtArrow *ar) {
  static const char *const known[] = {"arrowstyle", "shrinkA", "shrinkB", "connectionstyle",
                                      "color", "edgecolor", "ec", "facecolor", "fc",
                                      "linewidth", "lw", "width", "headwidth", "headlength",
                                      "shrink"};
  if (props == &I->none)
    return true;
  if (!FE_IS(props, dict))
    return fe_throw(I, EXC_TypeError, "arrowprops must be a dict"), false;
  Obj *k, *v;
  for (int64_t pos = 0; fe_dict_next(props, &pos, &k, &v);) {
    bool ok = false;
    for (size_t i = 0; FE_IS(k, str) && i < sizeof known / sizeof *known; i++)
      ok |= fe_str_is(k, known[i]);
    if (!ok)
      return fe_throw(I, EXC_NotImplementedError, "arrowprops: nnc draws %s, not '%s'",
                      "arrowstyle, shrinkA, shrinkB, color, edgecolor, facecolor, linewidth, "
                      "width, headwidth, headlength and shrink",
                      FE_IS(k, str) ? FE_STR(k)->s : "?"), false;
  }
  Obj *style = fe_dict_getstr(I, props, "arrowstyle");
  Obj *connect = fe_dict_getstr(I, props, "connectionstyle");
  if (connect && !fe_str_is(connect, "arc3") && !fe_str_is(connect, "arc3,rad=0") &&
      !fe_str_is(connect, "arc3,rad=0.0"))
    return fe_throw(I, EXC_NotImplementedError, "arrowprops: nnc draws straight arrows "
                    "(connectionstyle 'arc3'), not a curve"), false;
  static const struct {
    const char *name;
    char code;
  } styles[] = {{"-", '-'}, {"->", '>'}, {"<-", '<'}, {"<->", 'b'}};
  ar->style = style ? 0 : 'y';
  for (size_t i = 0; style && i < sizeof styles / sizeof *styles; i++)
    ar->style = fe_str_is(style, styles[i].name) ? styles[i].code : ar->style;
  if (!ar->style)
    return fe_throw(I, EXC_NotImplementedError, "arrowprops: nnc draws the arrowstyles '-', "
                    "'->', '<-' and '<->'"), false;
  bool simple = ar->style == 'y';   /* its head in points, an arrowstyle's in text sizes */
  ar->face = st->ncycle ? st->cycle[0] : 0, ar->edge = st->patch_edge, ar->lw = st->patch_width;
  ar->faced = simple;
  ar->head[0] = 4, ar->head[1] = simple ? 12 : 0.4, ar->head[2] = simple ? 12 : 0.2;
  ar->shrink[0] = ar->shrink[1] = simple ? 0 : 2;
  if (!prop_color(I, props, "color", NULL, &ar->face) ||
      !prop_color(I, props, "color", NULL, &ar->edge) ||
      !prop_color(I, props, "facecolor", "fc", &ar->face) ||
      !prop_color(I, props, "edgecolor", "ec", &ar->edge) ||
      !prop_number(I, props, "linewidth", &ar->lw) || !prop_number(I, props, "lw", &ar->lw) ||
      !prop_number(I, props, "width", &ar->head[0]) ||
      !prop_number(I, props, "headwidth", &ar->head[1]) ||
      !prop_number(I, props, "headlength", &ar->head[2]) ||
      !prop_number(I, props, "shrink", &ar->shrink_frac) ||
      !prop_number(I, props, "shrinkA", &ar->shrink[0]) ||
      !prop_number(I, props, "shrinkB", &ar->shrink[1]))
    return false;
  return true;
}

/* Axes.annotate(text, xy, xytext=None, xycoords='data', textcoords=None, arrowprops=None,
 * annotation_clip=None, **kwargs) */
Obj *pl_axes_annotate(Interp *I, Obj *self, Obj **args) {
  static const PlProps props = {.cls = "Annotation", .wording = PL_UPDATE,
                                .drawn = PL_TEXT_DRAWN};
  FmtAxes *ax = ((PlAxes *)self)->ax;
  double xy[2], at[2];
  if (!pl_props_check(I, "annotate", args[KWARGS], &props))
    return NULL;
  char xyc = coords(I, args[XYCOORDS], false);
  char tc = !xyc ? 0 : args[TEXTCOORDS] == &I->none ? xyc : coords(I, args[TEXTCOORDS], true);
  if (!tc || !pair(I, args[XY], "xy", xy) ||
      (args[XYTEXT] != &I->none && !pair(I, args[XYTEXT], "xytext", at)))
    return NULL;
  if (args[XYTEXT] == &I->none)
    at[0] = tc == 'p' || tc == 'x' ? 0 : xy[0], at[1] = tc == 'p' || tc == 'x' ? 0 : xy[1];
  FmtArrow arrow = {0};
  if (!arrow_props(I, args[ARROWPROPS], &ax->style, &arrow))
    return NULL;
  Obj *s = fe_str(I, args[TEXT]);
  FmtArtist *a = s ? fmt_axes_add(ax, FMT_TEXT, 1) : NULL;
  if (s && !a)
    fe_nomem(I);
  if (a) {
    bool offset = tc == 'p' || tc == 'x';
    double unit = tc == 'x' ? 0.72 : 1;   /* pixels at 100 dpi, in points */
    a->size = ax->style.font_size, a->ha = 'l', a->va = 'b', a->color = ax->style.text_color;
    a->offset_points = offset, a->dx = at[0] * unit, a->dy = at[1] * unit;
    a->x[0] = offset ? xy[0] : at[0], a->y[0] = offset ? xy[1] : at[1];
    a->frac_at = (offset ? xyc : tc) == 'a';
    a->arrow = arrow;
    a->arrow.to[0] = xy[0], a->arrow.to[1] = xy[1], a->arrow.to_frac = xyc == 'a';
    if (!fmt_strdup(FE_STR(s)->s, &a->text))
      fe_nomem(I);
  }
  fe_decref(I, s);
  if (!a || I->exc_pending || !pl_text_props(I, a, args[KWARGS]))
    return NULL;
  return pl_artist_object(I, &pl_text_layout, self, a);
}

