/* plt_pie.c — pie(x, ...): a wedge for each value, as matplotlib 3.6 draws one. The values
 * are float32, each a fraction of their sum (normalize=False: of 1); wedges go round from
 * startangle (degrees from the x axis) anticlockwise unless counterclock=False, each moved
 * out by its explode along its middle, in the next patch colour or colors= cycled. A label
 * lies labeldistance radii out along a wedge's middle (at the tick label size, left-aligned
 * on the right half), autopct's text (a format of the percentage, or a function of it)
 * pctdistance radii out, centred. The axes keep equal units; without frame=True they lose
 * their face, spines and ticks and show -1.25 to 1.25 about the centre. wedgeprops set the
 * wedges (width= makes rings), textprops both texts. Returns (wedges, texts) or (wedges,
 * texts, autotexts), as Wedge and Text objects. */
#include <math.h>
#include <string.h>

#include "pylib.h"

enum { X, EXPLODE, LABELS, COLORS, AUTOPCT, PCTDISTANCE, SHADOW, LABELDISTANCE, STARTANGLE,
       RADIUS, COUNTERCLOCK, WEDGEPROPS, TEXTPROPS, CENTER, FRAME, ROTATELABELS, NORMALIZE,
       DATA };

static const double PI = 3.14159265358979323846;

/* The values, each a fraction of the circle, as float32 as matplotlib keeps them. */
static float *fractions(Interp *I, Obj *v, bool normalize, int64_t *n) {
  NdArray *a = pl_array_arg(I, v), *f = a ? nd_astype(a, ND_FLOAT64) : NULL;
  nd_unref(a);
  if (a && !f)
    return pl_nd_raise(I), NULL;
  if (f && f->ndim > 1)
    fe_throw(I, EXC_ValueError, "x must be 1D");
  float *x = f && !I->exc_pending ? base_malloc((size_t)(f->size ? f->size : 1) * sizeof *x)
                                   : NULL;
  if (f && !I->exc_pending && !x)
    fe_nomem(I);
  float sum = 0;
  bool negative = false;
  for (int64_t i = 0; x && i < f->size; i++)
    x[i] = (float)((const double *)f->data)[i], sum += x[i], negative |= x[i] < 0;
  if (!x)
    ;
  else if (negative)
    fe_throw(I, EXC_ValueError, "Wedge sizes 'x' must be non negative values");
  else if (!isfinite(sum))   /* matplotlib fails later, on the NaNs it divides into */
    fe_throw(I, EXC_ValueError, "pie: the values must be finite numbers");
  else if (!normalize && sum > 1)
    fe_throw(I, EXC_ValueError, "Cannot plot an unnormalized pie with sum(x) > 1");
  else if (normalize && f->size > 0 && sum == 0)
    fe_throw(I, EXC_ValueError, "pie: the values sum to 0, so they are no fractions of a "
             "circle");
  for (int64_t i = 0; x && !I->exc_pending && normalize && i < f->size; i++)
    x[i] /= sum;
  *n = f ? f->size : 0;
  nd_unref(f);
  if (I->exc_pending)
    base_free(x), x = NULL;
  return x;
}

/* labels= or explode=: a sequence of as many items as x (None: none given). */
static bool per_wedge(Interp *I, Obj *v, int64_t n, const char *what, Obj **list) {
  *list = NULL;
  if (v == &I->none)
    return true;
  Obj *const *items;
  int64_t m;
  *list = fe_list_from_iter(I, v);
  if (*list && fe_seq_items(I, *list, &items, &m) && m != n)
    fe_throw(I, EXC_ValueError, "'%s' must be of length 'x'", what);
  if (I->exc_pending)
    fe_setref(I, list, NULL);
  return *list != NULL;
}

/* The angles (degrees) of an arc's corners from t1 to t2: a degree apart at most, and at
 * each multiple of 90 between, where the arc reaches furthest along an axis, so that its
 * limits are the curve's own. n: how many (with out NULL: only counted). */
static int arc_angles(double t1, double t2, double *out) {
  int n = 0;
  double from = t1;
  for (double q = floor(t1 / 90) * 90 + 90;; q += 90) {
    double to = fmin(q, t2);
    int steps = (int)fmax(1, ceil(to - from));
    for (int i = 0; i < steps; i++, n++)
      if (out)
        out[n] = from + (to - from) * i / steps;
    from = to;
    if (to >= t2)
      break;
  }
  if (out)
    out[n] = t2;
  return n + 1;
}

/* The wedge's outline from theta1 to theta2 degrees, r out from c, as a polygon: an arc and
 * the centre, or (0 < width < r) an outer arc and the inner one back. */
static FmtArtist *wedge(Interp *I, FmtAxes *ax, const double c[2], double r, double width,
                        double t1, double t2, uint32_t color) {
  bool full = fabs(t2 - t1 - 360) <= 1e-12, ring = width > 0 && width < r;
  if (full)   /* a whole circle (one value): no line to the centre */
    t1 = 0, t2 = 360;
  int all = arc_angles(t1, t2, NULL), m = all - full;   /* a circle's last corner is its first */
  double *t = base_malloc((size_t)all * sizeof *t);
  FmtArtist *a = t ? fmt_axes_add_polygon(ax, ring ? 2 * m : m + !full, color) : NULL;
  if (!a) {
    base_free(t);
    return fe_nomem(I), NULL;
  }
  arc_angles(t1, t2, t);
  for (int i = 0; i < m; i++) {
    double turn = t[i] * PI / 180;
    a->x[i] = c[0] + r * cos(turn), a->y[i] = c[1] + r * sin(turn);
    if (ring)
      a->x[2 * m - 1 - i] = c[0] + (r - width) * cos(turn),
      a->y[2 * m - 1 - i] = c[1] + (r - width) * sin(turn);
  }
  if (!ring && !full)
    a->x[m] = c[0], a->y[m] = c[1];
  base_free(t);
  return a;
}

/* wedgeprops: the patch keywords, facecolor (fc) and width. */
static bool wedge_props(Interp *I, FmtArtist *a, Obj *props, double *width) {
  *width = 0;
  if (props == &I->none)
    return true;
  static const PlProps wedge = {.cls = "Wedge",
                                .drawn = "alpha ec edgecolor facecolor fc linewidth lw width"};
  if (!FE_IS(props, dict))
    return fe_throw(I, EXC_TypeError, "wedgeprops must be a dict"), false;
  if (!pl_props_check(I, "wedgeprops", props, &wedge))
    return false;
  Obj *face = fe_dict_getstr(I, props, "facecolor"), *w = fe_dict_getstr(I, props, "width");
  face = face ? face : fe_dict_getstr(I, props, "fc");
  return pl_patch_style(I, a, props) && (!face || pl_color(I, face, &a->color)) &&
         (!w || w == &I->none || fe_as_double(I, w, width) == 0);
}

/* A text of the pie at (x, y): its size, alignment and turn, then textprops. */
static FmtArtist *pie_text(Interp *I, FmtAxes *ax, double x, double y, Obj *s, double size,
                           char ha, char va, double rotation, Obj *props) {
  Obj *t = fe_str(I, s);
  FmtArtist *a = t ? fmt_axes_add(ax, FMT_TEXT, 1) : NULL;
  if (t && !a)
    fe_nomem(I);
  if (a) {
    a->x[0] = x, a->y[0] = y, a->size = size, a->ha = ha, a->va = va, a->rotation = rotation;
    a->color = ax->style.text_color;
    if (!fmt_strdup(FE_STR(t)->s, &a->text))
      fe_nomem(I);
  }
  fe_decref(I, t);
  if (a && !I->exc_pending && props != &I->none && !pl_text_props(I, a, props))
    return NULL;
  return I->exc_pending ? NULL : a;
}

/* Appends the Text of artist a (NULL: raised) to list; false raised. */
static bool keep(Interp *I, Obj *list, Obj *axes, const FmtArtist *a) {
  Obj *o = a ? pl_artist_object(I, &pl_text_layout, axes, a) : NULL;
  bool ok = o && fe_list_append(I, list, o) == 0;
  fe_decref(I, o);
  return ok;
}

/* autopct's text of a wedge's percentage. */
static Obj *percent_text(Interp *I, Obj *autopct, double pct) {
  Obj *p = fe_float(I, pct), *s = NULL;
  if (p && FE_IS(autopct, str))
    s = fe_binop(I, PY_MOD, autopct, p);
  else if (p && autopct->cls->layout->call)
    s = fe_call(I, autopct, &p, 1, NULL);
  else if (p)
    fe_throw(I, EXC_TypeError, "autopct must be callable or a format string");
  fe_decref(I, p);
  return s;
}

/* The pie being drawn: its arguments read, its results so far, the angle it has reached
 * (a fraction of the circle). */
typedef struct {
  Obj *axes, *labels, *explode, *colors, *out[3];
  double center[2], radius, labeldistance, pctdistance, theta1;
  bool counterclock, shadow, rotatelabels, has_labeldistance;
} Pie;

/* Wedge k's colour: colors= cycled, or the axes' next patch colour; false raised. */
static bool wedge_color(Interp *I, const Pie *p, FmtAxes *ax, int64_t k, uint32_t *out) {
  Obj *const *cs;
  int64_t nc;
  if (!p->colors)
    return *out = fmt_axes_next_patch_color(ax), true;
  return fe_seq_items(I, p->colors, &cs, &nc) && pl_color(I, cs[k % nc], out);
}

/* matplotlib 3.6's Shadow of a wedge centred at c: its offset of -0.02 points, taken to
 * pixels at 100 dpi, moves it before the data transform, so by that in data units; 0.3 of
 * the wedge's colour at half opacity, outlined. False raised. */
static bool shadow(Interp *I, FmtAxes *ax, const Pie *p, const double c[2], double width,
                   double lo, double hi, const FmtArtist *style) {
  uint32_t dark = 0;
  for (int b = 0; b < 24; b += 8)
    dark |= (uint32_t)nearbyint(0.3 * (((style->color >> b) & 255) / 255.0) * 255) << b;
  double off = -0.02 * 100 / 72, at[2] = {c[0] + off, c[1] + off};
  FmtArtist *sh = wedge(I, ax, at, p->radius, width, lo, hi, dark);
  if (sh)
    sh->alpha = sh->edge_alpha = 0.5, sh->lw = style->lw, sh->edged = true, sh->edge = dark;
  return sh && (fmt_strdup("_nolegend_", &sh->label) || (fe_nomem(I), false));
}

/* A wedge's label (labeldistance radii out from c along its middle, `mid` radians) and
 * autopct's percentage (pctdistance radii out); false raised. */
static bool wedge_texts(Interp *I, Pie *p, Obj **args, const double c[2], double mid,
                        Obj *label, double frac) {
  FmtAxes *ax = ((PlAxes *)p->axes)->ax;
  bool ok = true;
  if (p->has_labeldistance) {
    double x = c[0] + p->labeldistance * p->radius * cos(mid);
    double y = c[1] + p->labeldistance * p->radius * sin(mid);
    double turn = p->rotatelabels ? mid * 180 / PI + (x > 0 ? 0 : 180) : 0;
    Obj *empty = label ? NULL : fe_str_cstr(I, "");
    FmtArtist *t = label || empty
                       ? pie_text(I, ax, x, y, label ? label : empty, ax->style.tick_label_size[0],
                                  x > 0 ? 'l' : 'r', p->rotatelabels ? (y > 0 ? 'd' : 't') : 'c',
                                  turn, args[TEXTPROPS])
                       : NULL;
    fe_decref(I, empty);
    ok = keep(I, p->out[1], p->axes, t);
  }
  if (ok && args[AUTOPCT] != &I->none) {
    double x = c[0] + p->pctdistance * p->radius * cos(mid);
    double y = c[1] + p->pctdistance * p->radius * sin(mid);
    Obj *s = percent_text(I, args[AUTOPCT], 100.0 * frac);
    FmtArtist *t = s ? pie_text(I, ax, x, y, s, ax->style.font_size, 'c', 'c', 0,
                                args[TEXTPROPS]) : NULL;
    fe_decref(I, s);
    ok = keep(I, p->out[2], p->axes, t);
  }
  return ok;
}

/* Wedge k of the pie, its shadow, label and percentage; false raised. */
static bool slice(Interp *I, Pie *p, Obj **args, int64_t k, double frac) {
  FmtAxes *ax = ((PlAxes *)p->axes)->ax;
  double t1 = p->theta1, t2 = p->counterclock ? t1 + frac : t1 - frac;
  double mid = PI * (t1 + t2), c[2] = {p->center[0], p->center[1]}, expl = 0, width;
  Obj *label = p->labels ? FE_LIST(p->labels)->v[k] : NULL;
  if (p->explode && fe_as_double(I, FE_LIST(p->explode)->v[k], &expl) < 0)
    return false;
  c[0] += expl * cos(mid), c[1] += expl * sin(mid);
  FmtArtist style = {.lw = ax->style.patch_width, .edged = ax->style.patch_edged,
                     .edge = ax->style.patch_edge};
  bool ok = wedge_color(I, p, ax, k, &style.color) &&
            wedge_props(I, &style, args[WEDGEPROPS], &width);
  double lo = 360 * fmin(t1, t2), hi = 360 * fmax(t1, t2);
  ok = ok && (!p->shadow || shadow(I, ax, p, c, width, lo, hi, &style));
  FmtArtist *w = ok ? wedge(I, ax, c, p->radius, width, lo, hi, style.color) : NULL;
  if (w) {
    w->edged = style.edged, w->edge = style.edge, w->lw = style.lw;
    w->alpha = style.alpha, w->edge_alpha = style.edge_alpha;
    Obj *name = label ? fe_str(I, label) : NULL;
    ok = (!label || name) && (!name || fmt_strdup(FE_STR(name)->s, &w->label) ||
                              (fe_nomem(I), false));
    fe_decref(I, name);
  }
  Obj *wo = ok && w ? pl_wedge_object(I, p->axes, w, (double[6]){c[0], c[1], p->radius, lo, hi,
                                                                  width}) : NULL;
  ok = wo && fe_list_append(I, p->out[0], wo) == 0;
  fe_decref(I, wo);
  ok = ok && wedge_texts(I, p, args, c, mid, label, frac);
  p->theta1 = t2;
  return ok;
}

/* Moves the shadows among ax's artists from first on before the wedges, keeping their order:
 * matplotlib draws each just under its wedge's z-order, so all of them first. */
static void shadows_first(FmtAxes *ax, int first) {
  for (int i = first, to = first; i < ax->n; i++) {
    FmtArtist *a = ax->a[i];
    if (!a->closed || !a->label || strcmp(a->label, "_nolegend_") != 0)
      continue;
    memmove(&ax->a[to + 1], &ax->a[to], (size_t)(i - to) * sizeof *ax->a);
    ax->a[to++] = a;
  }
}

/* The keywords read before anything is drawn; false raised. */
static bool read_args(Interp *I, Pie *p, Obj **args, int64_t n) {
  int flags[3];
  Obj *const flag_args[3] = {args[COUNTERCLOCK], args[SHADOW], args[ROTATELABELS]};
  for (int i = 0; i < 3; i++)
    if ((flags[i] = fe_truth(I, flag_args[i])) < 0)
      return false;
  p->counterclock = flags[0], p->shadow = flags[1], p->rotatelabels = flags[2];
  double startangle;
  Obj *const *c;
  int64_t nc;
  p->has_labeldistance = args[LABELDISTANCE] != &I->none;
  if (fe_as_double(I, args[STARTANGLE], &startangle) < 0 ||
      fe_as_double(I, args[RADIUS], &p->radius) < 0 ||
      fe_as_double(I, args[PCTDISTANCE], &p->pctdistance) < 0 ||
      (p->has_labeldistance && fe_as_double(I, args[LABELDISTANCE], &p->labeldistance) < 0))
    return false;
  if (!(p->radius > 0))
    return fe_throw(I, EXC_ValueError, "radius must be a positive number, not %g", p->radius),
           false;
  if (!fe_seq_items(I, args[CENTER], &c, &nc) || nc != 2)
    return I->exc_pending ? false
           : (fe_throw(I, EXC_ValueError, "center must be (x, y)"), false);
  if (fe_as_double(I, c[0], &p->center[0]) < 0 || fe_as_double(I, c[1], &p->center[1]) < 0)
    return false;
  p->theta1 = startangle / 360;
  if (!per_wedge(I, args[LABELS], n, "label", &p->labels) ||
      !per_wedge(I, args[EXPLODE], n, "explode", &p->explode))
    return false;
  if (args[COLORS] != &I->none && !(p->colors = fe_list_from_iter(I, args[COLORS])))
    return false;
  if (p->colors && FE_LIST(p->colors)->n == 0)
    return fe_throw(I, EXC_ValueError, "colors must not be empty"), false;
  return true;
}

/* Axes.pie(x, explode=None, labels=None, colors=None, autopct=None, pctdistance=0.6,
 * shadow=False, labeldistance=1.1, startangle=0, radius=1, counterclock=True,
 * wedgeprops=None, textprops=None, center=(0, 0), frame=False, rotatelabels=False, *,
 * normalize=True, data=None) */
Obj *pl_axes_pie(Interp *I, Obj *self, Obj **args) {
  FmtAxes *ax = ((PlAxes *)self)->ax;
  int normalize = fe_truth(I, args[NORMALIZE]), frame = fe_truth(I, args[FRAME]);
  if (normalize < 0 || frame < 0)
    return NULL;
  static const PlProps text = {.cls = "Text", .drawn = PL_TEXT_DRAWN};
  if (args[TEXTPROPS] != &I->none && !FE_IS(args[TEXTPROPS], dict))
    return fe_throw(I, EXC_TypeError, "textprops must be a dict");
  if (args[TEXTPROPS] != &I->none && !pl_props_check(I, "textprops", args[TEXTPROPS], &text))
    return NULL;
  int64_t n = 0;
  float *x = fractions(I, args[X], normalize, &n);
  Pie p = {.axes = self};
  bool ok = x && read_args(I, &p, args, n);
  for (int i = 0; ok && i < 3; i++)
    ok = (p.out[i] = fe_list_new(I, 0)) != NULL;
  ax->aspect = 'b';   /* set_aspect('equal'), before anything else, as matplotlib */
  int first = ax->n;
  for (int64_t k = 0; ok && k < n; k++)
    ok = slice(I, &p, args, k, x[k]);
  if (ok && p.shadow)
    shadows_first(ax, first);
  if (ok && !frame) {
    ax->faceless = ax->spineless = true, ax->noticks[0] = ax->noticks[1] = true;
    for (int k = 0; k < 2; k++)
      ax->has_lim[k] = true, ax->lim[k][0] = p.center[k] - 1.25,
      ax->lim[k][1] = p.center[k] + 1.25;
  }
  Obj *r = !ok ? NULL
           : args[AUTOPCT] == &I->none ? fe_tuple_pack(I, 2, p.out[0], p.out[1])
                                       : fe_tuple_pack(I, 3, p.out[0], p.out[1], p.out[2]);
  base_free(x);
  fe_decref(I, p.labels), fe_decref(I, p.explode), fe_decref(I, p.colors);
  for (int i = 0; i < 3; i++)
    fe_decref(I, p.out[i]);
  return r;
}

