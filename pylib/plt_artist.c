/* plt_artist.c — what is drawn on an axes as the object matplotlib returns for it: Line2D
 * (plot's lines), Text (text's, a pie's labels), Wedge (a pie's slices), Rectangle (a bar
 * of bar's set), Polygon (fill's, axhspan's), LineCollection (hlines'), and as legend
 * handles PolyCollection (fill_between's) and PathCollection (scatter's). Each names
 * its artist, found again in its figure before each use, so that one dropped by clf() is
 * changed no more. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pylib.h"

typedef struct {
  Obj hd;
  Obj *axes;           /* the Axes object that drew the artist, or NULL */
  const FmtArtist *a;  /* compared only */
  FmtArtist *own;      /* owned: one made by hand (Patch(), Line2D(...)) until an axes adopts
                          it, or NULL */
  double shape[6];     /* for the repr: a Wedge's centre x and y, radius, angles from and to
                          (degrees) and ring width (0: None); a Rectangle's lower left x, y,
                          width, height and angle */
  int64_t bar;         /* a Rectangle's bar in its bar set a */
  uint32_t face;       /* a Rectangle's fill: its bar set's, or the one set_color gave */
} PlArtist;

static void artist_clear(Interp *I, Obj *o) {
  fe_setref(I, &((PlArtist *)o)->axes, NULL);
}

static void artist_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((PlArtist *)o)->axes)
    visit(((PlArtist *)o)->axes, arg);
}

static void artist_finalize(Interp *I, Obj *o) {
  (void)I;
  fmt_artist_free(((PlArtist *)o)->own);
  ((PlArtist *)o)->own = NULL;
}

#define ARTIST_LAYOUT(class_name, repr_fn, str_fn)                                          \
  {.name = class_name, .size = sizeof(PlArtist), .clear = artist_clear,                     \
   .traverse = artist_traverse, .finalize = artist_finalize, .repr = repr_fn, .str = str_fn}

/* The artist: its own, or the one its figure still holds (drawn, or cleared by clf()), or
 * NULL. */
static FmtArtist *artist(Obj *self) {
  const PlArtist *o = (const PlArtist *)self;
  if (o->own)
    return o->own;
  const PlFigure *fig = o->axes ? (const PlFigure *)((PlAxes *)o->axes)->fig : NULL;
  for (int i = -1; fig && i < fig->ncleared; i++) {
    const FmtFigure *f = i < 0 ? fig->f : fig->cleared[i];
    for (int j = 0; f && j < f->n; j++)
      for (int k = 0; k < f->axes[j]->n; k++)
        if (f->axes[j]->a[k] == o->a)
          return f->axes[j]->a[k];
  }
  return NULL;
}

/* Text(x, y, 'what it says'), as matplotlib writes one. */
static Obj *text_repr(Interp *I, Obj *o) {
  const FmtArtist *a = artist(o);
  Obj *v[3] = {fe_float(I, a ? a->x[0] : 0), fe_float(I, a ? a->y[0] : 0),
               fe_str_cstr(I, a && a->text ? a->text : "")}, *r[3] = {NULL};
  for (int i = 0; i < 3; i++)
    r[i] = v[i] ? fe_repr(I, v[i]) : NULL;
  Obj *out = r[0] && r[1] && r[2] ? fe_strf(I, "Text(%s, %s, %s)", FE_STR(r[0])->s,
                                            FE_STR(r[1])->s, FE_STR(r[2])->s) : NULL;
  for (int i = 0; i < 3; i++)
    fe_decref(I, v[i]), fe_decref(I, r[i]);
  return out;
}

const Layout pl_text_layout = ARTIST_LAYOUT("Text", text_repr, NULL);

static Obj *wedge_repr(Interp *I, Obj *o) {
  const double *w = ((PlArtist *)o)->shape;
  char width[32] = "None";
  if (w[5] > 0)
    snprintf(width, sizeof width, "%g", w[5]);
  return fe_strf(I, "Wedge(center=(%g, %g), r=%g, theta1=%g, theta2=%g, width=%s)", w[0], w[1],
                 w[2], w[3], w[4], width);
}

const Layout pl_wedge_layout = ARTIST_LAYOUT("Wedge", wedge_repr, NULL);

static Obj *rect_repr(Interp *I, Obj *o) {
  const double *r = ((PlArtist *)o)->shape;
  return fe_strf(I, "Rectangle(xy=(%g, %g), width=%g, height=%g, angle=%g)", r[0], r[1], r[2],
                 r[3], r[4]);
}

const Layout pl_rect_layout = ARTIST_LAYOUT("Rectangle", rect_repr, NULL);

/* Line2D(label), as matplotlib's str() writes one. */
static Obj *line_str(Interp *I, Obj *o) {
  const FmtArtist *a = artist(o);
  return fe_strf(I, "Line2D(%s)", a && a->label ? a->label : "");
}

/* <matplotlib.lines.Line2D object at 0x...>: Python's repr of an object of a module. */
static Obj *object_repr(Interp *I, Obj *o) {
  const Layout *l = o->cls->layout;
  const char *where = l == &pl_line_layout ? "lines"
                      : l == &pl_polygon_layout || l == &pl_circle_layout || l == &pl_patch_layout
                          ? "patches"
                          : "collections";
  return fe_strf(I, "<matplotlib.%s.%s object at %p>", where, l->name, (void *)o);
}

const Layout pl_line_layout = ARTIST_LAYOUT("Line2D", object_repr, line_str);

const Layout pl_polygon_layout = ARTIST_LAYOUT("Polygon", object_repr, NULL);
const Layout pl_circle_layout = ARTIST_LAYOUT("Circle", object_repr, NULL);
const Layout pl_patch_layout = ARTIST_LAYOUT("Patch", object_repr, NULL);
const Layout pl_polys_layout = ARTIST_LAYOUT("PolyCollection", object_repr, NULL);
const Layout pl_points_layout = ARTIST_LAYOUT("PathCollection", object_repr, NULL);
const Layout pl_segments_layout = ARTIST_LAYOUT("LineCollection", object_repr, NULL);

const FmtArtist *pl_artist_of(Obj *v) {
  const Layout *const layouts[] = {&pl_line_layout,    &pl_text_layout,   &pl_wedge_layout,
                                   &pl_polygon_layout, &pl_circle_layout, &pl_patch_layout,
                                   &pl_polys_layout,   &pl_points_layout, &pl_segments_layout,
                                   &pl_rect_layout};
  for (size_t i = 0; i < sizeof layouts / sizeof *layouts; i++)
    if (v->cls->layout == layouts[i])
      return artist(v);
  return NULL;
}

Obj *pl_artist_object(Interp *I, const Layout *layout, Obj *axes, const FmtArtist *a) {
  PlArtist *o = (PlArtist *)pl_pyplot_new(I, layout);
  if (o) {
    fe_incref(axes);
    o->axes = axes, o->a = a;
  }
  return &o->hd;
}

Obj *pl_artist_axes(Obj *v) {
  return pl_artist_of(v) ? ((PlArtist *)v)->axes : NULL;
}

Obj *pl_wedge_object(Interp *I, Obj *axes, const FmtArtist *a, const double wedge[6]) {
  Obj *o = pl_artist_object(I, &pl_wedge_layout, axes, a);
  if (o)
    memcpy(((PlArtist *)o)->shape, wedge, sizeof ((PlArtist *)o)->shape);
  return o;
}

Obj *pl_rect_object(Interp *I, Obj *axes, const FmtArtist *a, int64_t i) {
  PlArtist *r = (PlArtist *)pl_artist_object(I, &pl_rect_layout, axes, a);
  if (!r)
    return NULL;
  r->bar = i, r->face = a->color;
  double across = a->x[i] - a->w[i] / 2;   /* the rectangle's left or (barh) bottom */
  double *s = r->shape;
  if (a->horizontal)
    s[0] = a->b[i], s[1] = across, s[2] = a->y[i], s[3] = a->w[i];
  else
    s[0] = across, s[1] = a->b[i], s[2] = a->w[i], s[3] = a->y[i];
  return &r->hd;
}

FmtArtist *pl_rect_bars(Obj *v, int64_t *bar) {
  FmtArtist *a = v->cls->layout == &pl_rect_layout ? artist(v) : NULL;
  *bar = a ? ((PlArtist *)v)->bar : 0;
  return a && a->kind == FMT_BARS && *bar < a->n ? a : NULL;
}

/* set_color(c), set_facecolor(color): the bar's fill (None: the bar set's colour); a
 * rectangle made by hand, its fill (and outline, when it has one). */
static Obj *r_set_color(Interp *I, Obj *self, Obj **args) {
  PlArtist *r = (PlArtist *)self;
  int64_t i;
  FmtArtist *a = pl_rect_bars(self, &i), *drawn = a ? NULL : artist(self);
  uint32_t c = a ? a->color : r->face;
  if (args[0] != &I->none && !pl_color(I, args[0], &c))
    return NULL;
  r->face = c;
  if (drawn)
    drawn->color = c, drawn->edge = drawn->edged ? c : drawn->edge;
  if (a && !a->fills) {
    if (!(a->fills = base_malloc((size_t)a->n * sizeof *a->fills)))
      return fe_nomem(I);
    for (int64_t j = 0; j < a->n; j++)
      a->fills[j] = a->color;
  }
  if (a)
    a->fills[i] = c;
  return fe_none(I);
}

/* get_x(), get_y(), get_width(), get_height(): where the bar was drawn. */
static Obj *r_get_x(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return fe_float(I, ((PlArtist *)self)->shape[0]);
}
static Obj *r_get_y(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return fe_float(I, ((PlArtist *)self)->shape[1]);
}
static Obj *r_get_width(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return fe_float(I, ((PlArtist *)self)->shape[2]);
}
static Obj *r_get_height(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return fe_float(I, ((PlArtist *)self)->shape[3]);
}

/* get_facecolor(): (r, g, b, a) as fractions. */
static Obj *r_get_facecolor(Interp *I, Obj *self, Obj **args) {
  (void)args;
  uint32_t c = ((PlArtist *)self)->face;
  Obj *v[4] = {NULL};
  for (int k = 0; k < 4; k++)
    v[k] = fe_float(I, k == 3 ? 1.0 : (double)((c >> (16 - 8 * k)) & 255) / 255);
  Obj *t = v[0] && v[1] && v[2] && v[3] ? fe_tuple_pack(I, 4, v[0], v[1], v[2], v[3]) : NULL;
  for (int k = 0; k < 4; k++)
    fe_decref(I, v[k]);
  return t;
}

const FeFnDef pl_rect_methods[] = {
    {"set_color", r_set_color, "(c)", NULL, NULL},
    {"set_facecolor", r_set_color, "(color)", NULL, NULL},
    {"get_facecolor", r_get_facecolor, "()", NULL, NULL},
    {"get_x", r_get_x, "()", NULL, NULL},
    {"get_y", r_get_y, "()", NULL, NULL},
    {"get_width", r_get_width, "()", NULL, NULL},
    {"get_height", r_get_height, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* A setter: the keyword `name` given v, applied to the artist if it is still drawn (else to
 * a copy, so that its checks still run). */
static Obj *set_prop(Interp *I, Obj *self, const char *name, Obj *v,
                     bool (*apply)(Interp *, FmtArtist *, Obj *)) {
  FmtArtist *a = artist(self), spare = {0};
  Obj *kw = fe_dict_new(I);
  bool ok = kw && fe_dict_setstr(I, kw, name, v) == 0 && apply(I, a ? a : &spare, kw);
  fe_decref(I, kw);
  base_free(spare.text), base_free(spare.label);
  return ok ? fe_none(I) : NULL;
}

static Obj *t_set_color(Interp *I, Obj *self, Obj **args) {
  return set_prop(I, self, "color", args[0], pl_text_props);
}
static Obj *t_set_fontsize(Interp *I, Obj *self, Obj **args) {
  return set_prop(I, self, "fontsize", args[0], pl_text_props);
}
static Obj *t_set_fontweight(Interp *I, Obj *self, Obj **args) {
  return set_prop(I, self, "fontweight", args[0], pl_text_props);
}
static Obj *t_set_rotation(Interp *I, Obj *self, Obj **args) {
  return set_prop(I, self, "rotation", args[0], pl_text_props);
}
static Obj *t_set_ha(Interp *I, Obj *self, Obj **args) {
  return set_prop(I, self, "ha", args[0], pl_text_props);
}
static Obj *t_set_va(Interp *I, Obj *self, Obj **args) {
  return set_prop(I, self, "va", args[0], pl_text_props);
}

/* set_text(s): str(s) is what it says. */
static Obj *t_set_text(Interp *I, Obj *self, Obj **args) {
  FmtArtist *a = artist(self);
  Obj *s = fe_str(I, args[0]);
  char *t = NULL;
  if (s && !fmt_strdup(FE_STR(s)->s, &t))
    fe_nomem(I);
  fe_decref(I, s);
  if (!t)
    return NULL;
  if (a)
    base_free(a->text), a->text = t;
  else
    base_free(t);
  return fe_none(I);
}

static Obj *t_get_text(Interp *I, Obj *self, Obj **args) {
  (void)args;
  const FmtArtist *a = artist(self);
  return pl_text_or_empty(I, a ? a->text : NULL);
}

static Obj *t_get_position(Interp *I, Obj *self, Obj **args) {
  (void)args;
  const FmtArtist *a = artist(self);
  return pl_float_pair(I, a ? a->x[0] : 0, a ? a->y[0] : 0);
}

static Obj *t_get_rotation(Interp *I, Obj *self, Obj **args) {
  (void)args;
  const FmtArtist *a = artist(self);
  return fe_float(I, a ? a->rotation : 0);
}

static Obj *t_get_fontsize(Interp *I, Obj *self, Obj **args) {
  (void)args;
  const FmtArtist *a = artist(self);
  return fe_float(I, a ? a->size : 0);
}

/* get_ha(), get_va(): the alignments' names. */
static Obj *t_get_ha(Interp *I, Obj *self, Obj **args) {
  (void)args;
  const FmtArtist *a = artist(self);
  char ha = a ? a->ha : 'l';
  return fe_str_cstr(I, ha == 'c' ? "center" : ha == 'r' ? "right" : "left");
}

static Obj *t_get_va(Interp *I, Obj *self, Obj **args) {
  (void)args;
  const FmtArtist *a = artist(self);
  char va = a ? a->va : 'b';
  return fe_str_cstr(I, va == 'd' ? "bottom" : va == 'c' ? "center" : va == 't' ? "top"
                                                                        : "baseline");
}

const FeFnDef pl_text_methods[] = {
    {"get_rotation", t_get_rotation, "()", NULL, NULL},
    {"get_fontsize", t_get_fontsize, "()", NULL, NULL},
    {"get_size", t_get_fontsize, "()", NULL, NULL},
    {"get_ha", t_get_ha, "()", NULL, NULL},
    {"get_horizontalalignment", t_get_ha, "()", NULL, NULL},
    {"get_va", t_get_va, "()", NULL, NULL},
    {"get_verticalalignment", t_get_va, "()", NULL, NULL},
    {"set_color", t_set_color, "(color)", NULL, NULL},
    {"set_fontsize", t_set_fontsize, "(fontsize)", NULL, NULL},
    {"set_size", t_set_fontsize, "(fontsize)", NULL, NULL},
    {"set_fontweight", t_set_fontweight, "(weight)", NULL, NULL},
    {"set_weight", t_set_fontweight, "(weight)", NULL, NULL},
    {"set_rotation", t_set_rotation, "(s)", NULL, NULL},
    {"set_ha", t_set_ha, "(align)", NULL, NULL},
    {"set_horizontalalignment", t_set_ha, "(align)", NULL, NULL},
    {"set_va", t_set_va, "(align)", NULL, NULL},
    {"set_verticalalignment", t_set_va, "(align)", NULL, NULL},
    {"set_text", t_set_text, "(s)", NULL, NULL},
    {"get_text", t_get_text, "()", NULL, NULL},
    {"get_position", t_get_position, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- Line2D ---- */

static Obj *l_set_color(Interp *I, Obj *self, Obj **args) {
  return set_prop(I, self, "color", args[0], pl_line_style);
}
static Obj *l_set_linewidth(Interp *I, Obj *self, Obj **args) {
  return set_prop(I, self, "linewidth", args[0], pl_line_style);
}
static Obj *l_set_linestyle(Interp *I, Obj *self, Obj **args) {
  return set_prop(I, self, "linestyle", args[0], pl_line_style);
}
static Obj *l_set_marker(Interp *I, Obj *self, Obj **args) {
  return set_prop(I, self, "marker", args[0], pl_line_style);
}
static Obj *l_set_label(Interp *I, Obj *self, Obj **args) {
  return set_prop(I, self, "label", args[0], pl_line_style);
}

static Obj *a_get_label(Interp *I, Obj *self, Obj **args) {
  (void)args;
  const FmtArtist *a = artist(self);
  return pl_text_or_empty(I, a ? a->label : NULL);
}

/* get_color(): '#rrggbb'. */
static Obj *l_get_color(Interp *I, Obj *self, Obj **args) {
  (void)args;
  const FmtArtist *a = artist(self);
  return fe_strf(I, "#%06x", a ? (unsigned)a->color : 0u);
}

static Obj *l_get_linewidth(Interp *I, Obj *self, Obj **args) {
  (void)args;
  const FmtArtist *a = artist(self);
  return fe_float(I, a ? a->lw : 0);
}

/* get_xdata() (k 0), get_ydata(): the points as float64 arrays. */
static Obj *l_data(Interp *I, Obj *self, int k) {
  const FmtArtist *a = artist(self);
  int64_t n = a ? a->n : 0;
  NdArray *v = nd_empty(ND_FLOAT64, 1, &n);
  for (int64_t i = 0; v && i < n; i++)
    ((double *)v->data)[i] = k ? a->y[i] : a->x[i];
  return v ? pl_array_wrap(I, v) : pl_nd_raise(I);
}
static Obj *l_get_xdata(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return l_data(I, self, 0);
}
static Obj *l_get_ydata(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return l_data(I, self, 1);
}

/* get_linestyle(): '-', '--', '-.', ':' or 'None'. */
static Obj *l_get_linestyle(Interp *I, Obj *self, Obj **args) {
  (void)args;
  static const char *const names[] = {"-", "--", "-.", ":", "None"};
  const FmtArtist *a = artist(self);
  return fe_str_cstr(I, names[a ? a->dash : FMT_SOLID]);
}

/* get_marker(): its letter, or 'None'. */
static Obj *l_get_marker(Interp *I, Obj *self, Obj **args) {
  (void)args;
  const FmtArtist *a = artist(self);
  return a && a->marker ? fe_str_new(I, &a->marker, 1) : fe_str_cstr(I, "None");
}

static Obj *l_get_markersize(Interp *I, Obj *self, Obj **args) {
  (void)args;
  const FmtArtist *a = artist(self);
  return fe_float(I, a ? a->size : 0);
}

/* get_data(): (xdata, ydata). */
static Obj *l_get_data(Interp *I, Obj *self, Obj **args) {
  (void)args;
  Obj *x = l_data(I, self, 0), *y = x ? l_data(I, self, 1) : NULL;
  Obj *t = y ? fe_tuple_pack(I, 2, x, y) : NULL;
  fe_decref(I, x), fe_decref(I, y);
  return t;
}

/* The line's points along k (0 x, 1 y) from the values of v: the line takes their count
 * (the other coordinate NaN past its own until it is set too), and the box of the points it
 * had holds the limits until relim(), as matplotlib's data limits do. False raised. */
static bool set_points(Interp *I, FmtArtist *a, int k, Obj *v) {
  NdArray *given = pl_array_arg(I, v), *f = given ? nd_astype(given, ND_FLOAT64) : NULL;
  nd_unref(given);
  if (!f) {
    if (given)
      pl_nd_raise(I);
    return false;
  }
  if (!a->held) {
    double box[4] = {INFINITY, -INFINITY, INFINITY, -INFINITY};
    for (int64_t i = 0; i < a->n; i++)
      for (int j = 0; j < 2; j++) {
        double p = j ? a->y[i] : a->x[i];
        if (isfinite(p))
          box[2 * j] = fmin(box[2 * j], p), box[2 * j + 1] = fmax(box[2 * j + 1], p);
      }
    memcpy(a->held_box, box, sizeof box), a->held = true;
  }
  int64_t n = f->size;
  if (n > a->n) {
    double *x = base_realloc(a->x, (size_t)n * sizeof *x);
    if (x)
      a->x = x;
    double *y = x ? base_realloc(a->y, (size_t)n * sizeof *y) : NULL;
    if (!y) {
      nd_unref(f);
      return fe_nomem(I), false;
    }
    a->y = y;
    for (int64_t i = a->n; i < n; i++)
      a->x[i] = a->y[i] = NAN;
  }
  a->n = n;
  for (int64_t i = 0; i < n; i++)
    (k ? a->y : a->x)[i] = ((const double *)f->data)[i];
  nd_unref(f);
  return true;
}

static Obj *l_set_xdata(Interp *I, Obj *self, Obj **args) {
  FmtArtist *a = artist(self);
  return !a || set_points(I, a, 0, args[0]) ? fe_none(I) : NULL;
}
static Obj *l_set_ydata(Interp *I, Obj *self, Obj **args) {
  FmtArtist *a = artist(self);
  return !a || set_points(I, a, 1, args[0]) ? fe_none(I) : NULL;
}

/* set_data(x, y), or set_data(xy): xy's two rows. */
static Obj *l_set_data(Interp *I, Obj *self, Obj **args) {
  Obj *const *v = FE_TUPLE(args[0])->v, *const *rows;
  int64_t n = FE_TUPLE(args[0])->n, nrows;
  if (n == 1) {
    if (!fe_seq_items(I, v[0], &rows, &nrows))
      return NULL;
    if (nrows != 2)
      return fe_throw(I, EXC_ValueError, "set_data(xy) takes two rows: x and y");
    v = rows, n = 2;
  }
  if (n != 2)
    return fe_throw(I, EXC_TypeError, "set_data() takes x and y, or xy, not %lld arguments",
                    (long long)n);
  FmtArtist *a = artist(self);
  return !a || (set_points(I, a, 0, v[0]) && set_points(I, a, 1, v[1])) ? fe_none(I) : NULL;
}

static Obj *l_set_alpha(Interp *I, Obj *self, Obj **args) {
  return set_prop(I, self, "alpha", args[0], pl_line_style);
}

static Obj *l_get_alpha(Interp *I, Obj *self, Obj **args) {
  (void)args;
  const FmtArtist *a = artist(self);
  return a && a->alpha > 0 ? fe_float(I, a->alpha) : fe_none(I);
}

const FeFnDef pl_line_methods[] = {
    {"get_label", a_get_label, "()", NULL, NULL},
    {"set_label", l_set_label, "(s)", NULL, NULL},
    {"get_color", l_get_color, "()", NULL, NULL},
    {"get_c", l_get_color, "()", NULL, NULL},
    {"set_color", l_set_color, "(color)", NULL, NULL},
    {"set_c", l_set_color, "(color)", NULL, NULL},
    {"get_linewidth", l_get_linewidth, "()", NULL, NULL},
    {"get_lw", l_get_linewidth, "()", NULL, NULL},
    {"set_linewidth", l_set_linewidth, "(w)", NULL, NULL},
    {"set_lw", l_set_linewidth, "(w)", NULL, NULL},
    {"set_linestyle", l_set_linestyle, "(ls)", NULL, NULL},
    {"set_ls", l_set_linestyle, "(ls)", NULL, NULL},
    {"set_marker", l_set_marker, "(marker)", NULL, NULL},
    {"get_xdata", l_get_xdata, "(orig=True)", NULL, NULL},
    {"get_ydata", l_get_ydata, "(orig=True)", NULL, NULL},
    {"get_data", l_get_data, "(orig=True)", NULL, NULL},
    {"get_linestyle", l_get_linestyle, "()", NULL, NULL},
    {"get_ls", l_get_linestyle, "()", NULL, NULL},
    {"get_marker", l_get_marker, "()", NULL, NULL},
    {"get_markersize", l_get_markersize, "()", NULL, NULL},
    {"get_ms", l_get_markersize, "()", NULL, NULL},
    {"set_xdata", l_set_xdata, "(x)", NULL, NULL},
    {"set_ydata", l_set_ydata, "(y)", NULL, NULL},
    {"set_data", l_set_data, "(*args)", NULL, NULL},
    {"set_alpha", l_set_alpha, "(alpha)", NULL, NULL},
    {"get_alpha", l_get_alpha, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* Polygon, PolyCollection, PathCollection: named handles. */
const FeFnDef pl_handle_methods[] = {
    {"get_label", a_get_label, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- Wedge ---- */

/* A wedge's fill: set_color colours its outline too, as a patch's does. */
static bool wedge_color(Interp *I, FmtArtist *a, Obj *kw) {
  Obj *v = fe_dict_getstr(I, kw, "color");
  if (!pl_color(I, v, &a->color))
    return false;
  a->edge = a->edged ? a->color : a->edge;
  return true;
}
static bool wedge_face(Interp *I, FmtArtist *a, Obj *kw) {
  return pl_color(I, fe_dict_getstr(I, kw, "facecolor"), &a->color);
}

static Obj *w_set_color(Interp *I, Obj *self, Obj **args) {
  return set_prop(I, self, "color", args[0], wedge_color);
}
static Obj *w_set_facecolor(Interp *I, Obj *self, Obj **args) {
  return set_prop(I, self, "facecolor", args[0], wedge_face);
}
static Obj *w_set_edgecolor(Interp *I, Obj *self, Obj **args) {
  return set_prop(I, self, "edgecolor", args[0], pl_patch_style);
}
static Obj *w_set_linewidth(Interp *I, Obj *self, Obj **args) {
  return set_prop(I, self, "linewidth", args[0], pl_patch_style);
}
static Obj *w_set_alpha(Interp *I, Obj *self, Obj **args) {
  return set_prop(I, self, "alpha", args[0], pl_patch_style);
}

const FeFnDef pl_wedge_methods[] = {
    {"set_color", w_set_color, "(c)", NULL, NULL},
    {"set_facecolor", w_set_facecolor, "(color)", NULL, NULL},
    {"set_edgecolor", w_set_edgecolor, "(color)", NULL, NULL},
    {"set_linewidth", w_set_linewidth, "(w)", NULL, NULL},
    {"set_alpha", w_set_alpha, "(alpha)", NULL, NULL},
    {"get_label", a_get_label, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- artists made by hand: legend proxies and patches to add ---- */

/* The new object obj (NULL: raised) owning artist a (taken; NULL: out of memory); NULL
 * raised. */
static Obj *hand_made(Interp *I, Obj *obj, FmtArtist *a) {
  if (!obj || !a) {
    fmt_artist_free(a);
    fe_decref(I, obj);
    return obj ? fe_nomem(I) : NULL;
  }
  PlArtist *o = (PlArtist *)obj;
  o->own = a, o->a = a;
  return obj;
}

static Obj *instance(Interp *I, Obj *cls) {
  return fe_new(I, (Class *)cls, 0);
}

/* The style rcParams give now; false raised. */
static bool current_style(Interp *I, FmtStyle *st) {
  PlRc rc;
  if (!pl_rc_current(I, &rc))
    return false;
  *st = rc.style;
  return true;
}

/* Line2D(xdata, ydata, **kwargs): a line of no axes (a legend proxy), in lines.color ('C0')
 * unless the keywords say, as plot's keywords style it. */
Obj *pl_line2d_new(Interp *I, Obj *cls, Obj **args) {
  FmtStyle st;
  NdArray *x = pl_props_check(I, "Line2D", args[2], &pl_line_props) && current_style(I, &st)
                   ? pl_array_arg(I, args[0]) : NULL;
  NdArray *y = x ? pl_array_arg(I, args[1]) : NULL;
  NdArray *fx = y ? nd_astype(x, ND_FLOAT64) : NULL, *fy = fx ? nd_astype(y, ND_FLOAT64) : NULL;
  if (y && !fy)
    pl_nd_raise(I);
  else if (fy && fx->size != fy->size)
    fe_throw(I, EXC_RuntimeError, "xdata and ydata must be the same length");
  FmtArtist *a = fy && !I->exc_pending ? fmt_artist_new(&st, FMT_LINE, fx->size) : NULL;
  if (a) {
    a->color = st.ncycle ? st.cycle[0] : 0;
    for (int64_t i = 0; i < fx->size; i++)
      a->x[i] = ((const double *)fx->data)[i], a->y[i] = ((const double *)fy->data)[i];
  }
  nd_unref(x), nd_unref(y), nd_unref(fx), nd_unref(fy);
  if (a && !pl_line_style(I, a, args[2]))
    fmt_artist_free(a), a = NULL;
  return I->exc_pending ? NULL : hand_made(I, instance(I, cls), a);
}

/* A polygon of n corners in patch.facecolor ('C0'), its keywords a patch's (cls's, the
 * class made); NULL raised. */
static FmtArtist *patch(Interp *I, const char *cls, int64_t n, Obj *kwargs) {
  FmtStyle st;
  PlProps props = pl_polygon_props;
  props.cls = cls;
  FmtArtist *a = pl_props_check(I, cls, kwargs, &props) && current_style(I, &st)
                     ? fmt_polygon_new(&st, n, st.ncycle ? st.cycle[0] : 0) : NULL;
  if (!a && !I->exc_pending)
    fe_nomem(I);
  if (a && !pl_patch_props(I, a, kwargs))
    fmt_artist_free(a), a = NULL;
  return a;
}

/* Patch(**kwargs): a patch of no shape, a legend proxy. */
Obj *pl_patch_new(Interp *I, Obj *cls, Obj **args) {
  FmtArtist *a = patch(I, "Patch", 0, args[0]);
  return a ? hand_made(I, instance(I, cls), a) : NULL;
}

/* Polygon(xy, closed=True, **kwargs): the corners, an N x 2 array. */
Obj *pl_polygon_new(Interp *I, Obj *cls, Obj **args) {
  NdArray *v = pl_array_arg(I, args[0]), *f = v ? nd_astype(v, ND_FLOAT64) : NULL;
  if (v && !f)
    pl_nd_raise(I);
  else if (f && (f->ndim != 2 || f->shape[1] != 2))
    fe_throw(I, EXC_ValueError, "xy must be an N x 2 array of corners");
  FmtArtist *a = f && !I->exc_pending ? patch(I, "Polygon", f->shape[0], args[2]) : NULL;
  for (int64_t i = 0; a && i < a->n; i++)
    a->x[i] = ((const double *)f->data)[2 * i], a->y[i] = ((const double *)f->data)[2 * i + 1];
  nd_unref(v), nd_unref(f);
  return a ? hand_made(I, instance(I, cls), a) : NULL;
}

/* Rectangle(xy, width, height, *, angle=0.0, **kwargs): four corners from xy, turned by
 * angle degrees about it. */
Obj *pl_rect_new(Interp *I, Obj *cls, Obj **args) {
  Obj *const *xy;
  int64_t n;
  double x[2], w, h, deg;
  if (!fe_seq_items(I, args[0], &xy, &n) || n != 2)
    return I->exc_pending ? NULL : fe_throw(I, EXC_ValueError, "xy must be (x, y)");
  if (fe_as_double(I, xy[0], &x[0]) < 0 || fe_as_double(I, xy[1], &x[1]) < 0 ||
      fe_as_double(I, args[1], &w) < 0 || fe_as_double(I, args[2], &h) < 0 ||
      fe_as_double(I, args[3], &deg) < 0)
    return NULL;
  FmtArtist *a = patch(I, "Rectangle", 4, args[4]);
  double c = cos(deg * 3.14159265358979323846 / 180), s = sin(deg * 3.14159265358979323846 / 180);
  static const double corner[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
  for (int i = 0; a && i < 4; i++) {
    double dx = corner[i][0] * w, dy = corner[i][1] * h;
    a->x[i] = x[0] + c * dx - s * dy, a->y[i] = x[1] + s * dx + c * dy;
  }
  Obj *o = a ? hand_made(I, instance(I, cls), a) : NULL;
  if (o) {
    PlArtist *r = (PlArtist *)o;
    double shape[6] = {x[0], x[1], w, h, deg};
    memcpy(r->shape, shape, sizeof shape), r->face = a->color;
  }
  return o;
}

/* Circle(xy, radius=5, **kwargs): drawn with a corner every degree. */
Obj *pl_circle_new(Interp *I, Obj *cls, Obj **args) {
  Obj *const *xy;
  int64_t n;
  double c[2], r;
  if (!fe_seq_items(I, args[0], &xy, &n) || n != 2)
    return I->exc_pending ? NULL : fe_throw(I, EXC_ValueError, "xy must be (x, y)");
  if (fe_as_double(I, xy[0], &c[0]) < 0 || fe_as_double(I, xy[1], &c[1]) < 0 ||
      fe_as_double(I, args[1], &r) < 0)
    return NULL;
  FmtArtist *a = patch(I, "Circle", 360, args[2]);
  for (int i = 0; a && i < 360; i++)
    a->x[i] = c[0] + r * cos(i * 3.14159265358979323846 / 180),
    a->y[i] = c[1] + r * sin(i * 3.14159265358979323846 / 180);
  return a ? hand_made(I, instance(I, cls), a) : NULL;
}

/* add_patch(p) (moving the limits to hold it) or add_artist (not): a patch or line made by
 * hand is drawn on these axes from then on; returns it. */
static Obj *adopt(Interp *I, Obj *self, Obj *v, bool scaled) {
  PlArtist *o = pl_artist_of(v) ? (PlArtist *)v : NULL;
  if (!o || !o->own)
    return fe_throw(I, EXC_ValueError, "add_patch and add_artist take a patch or line made by "
                    "hand (Circle, Polygon, Patch, Line2D) not yet added to an axes, not %s",
                    fe_typename(v));
  if (!fmt_axes_adopt(((PlAxes *)self)->ax, o->own))
    return fe_nomem(I);
  o->own->unscaled = !scaled;
  o->own = NULL;
  fe_incref(self);
  o->axes = self;
  fe_incref(v);
  return v;
}

Obj *pl_axes_add_patch(Interp *I, Obj *self, Obj **args) {
  return adopt(I, self, args[0], true);
}
Obj *pl_axes_add_artist(Interp *I, Obj *self, Obj **args) {
  return adopt(I, self, args[0], false);
}

/* ---- PathCollection.legend_elements ---- */

/* The values a mapped scatter's legend shows: each distinct one, or (more than num) the
 * ticks MaxNLocator(num, min_n_ticks=num - 1, steps=[1, 2, 2.5, 3, 5, 6, 8, 10]) puts
 * between the least and the greatest, as matplotlib picks them; how many (out: room for
 * FMT_MAX_TICKS). */
static int legend_values(const FmtArtist *a, int num, double *out) {
  int n = 0;
  double lo = INFINITY, hi = -INFINITY;
  for (int64_t i = 0; i < a->n; i++) {
    double v = a->c[i];
    if (!isfinite(v))
      continue;
    lo = fmin(lo, v), hi = fmax(hi, v);
    int at = 0;
    while (at < n && out[at] < v)
      at++;
    if (at < n && out[at] == v)
      continue;
    if (n == FMT_MAX_TICKS) {   /* too many to list: the locator's */
      n = num + 1;
      break;
    }
    memmove(out + at + 1, out + at, (size_t)(n - at) * sizeof *out);
    out[at] = v, n++;
  }
  if (num <= 0 || n <= num)
    return n;
  static const double steps[] = {1, 2, 2.5, 3, 5, 6, 8, 10};
  return fmt_max_n_locator(lo, hi, num, steps, 8, num - 1, out, FMT_MAX_TICKS);
}

/* legend_elements(prop='colors', num='auto', fmt=None, func=lambda x: x, **kwargs): a
 * round marker of the colour of each value shown (lines.markersize) and its label as
 * matplotlib's ScalarFormatter writes it in mathtext ('$\mathdefault{1}$'). */
static Obj *p_legend_elements(Interp *I, Obj *self, Obj **args) {
  if (!fe_str_is(args[0], "colors") || args[2] != &I->none || args[3] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "legend_elements: nnc gives prop='colors' with "
                    "its own labels, not sizes, fmt= or func=");
  int64_t num = 9;
  if (args[1] == &I->none)
    num = 0;
  else if (!fe_str_is(args[1], "auto") && fe_as_int(I, args[1], &num) < 0)
    return NULL;
  const FmtArtist *a = artist(self);
  FmtStyle st;
  if (!current_style(I, &st))
    return NULL;
  double v[FMT_MAX_TICKS], lo = INFINITY, hi = -INFINITY;
  int n = a && a->mapped ? legend_values(a, (int)num, v) : 0;
  for (int64_t i = 0; a && a->mapped && i < a->n; i++)
    if (isfinite(a->c[i]))
      lo = fmin(lo, a->c[i]), hi = fmax(hi, a->c[i]);
  lo = a && isfinite(a->vmin) ? a->vmin : lo, hi = a && isfinite(a->vmax) ? a->vmax : hi;
  double lim[2] = {n ? v[0] : 0, n ? v[n - 1] : 1};
  FmtScalar f = fmt_scalar_format(v, n, lim);
  f.offset = 0;   /* useOffset=False */
  Obj *handles = fe_list_new(I, 0), *labels = handles ? fe_list_new(I, 0) : NULL;
  bool ok = labels != NULL;
  for (int i = 0; ok && i < n; i++) {
    FmtArtist *h = fmt_artist_new(&st, FMT_LINE, 1);
    if (h)   /* outlined in its own colour as wide as the points: as large as that much more */
      h->dash = FMT_NOLINE, h->marker = 'o', h->color = fmt_cmap_color(a->cmap, v[i], lo, hi),
      h->size += a->face_edged ? a->lw : 0;
    Obj *o = hand_made(I, pl_pyplot_new(I, &pl_line_layout), h);
    char num_text[64], text[96];
    fmt_tick_label(num_text, sizeof num_text, &f, v[i]);
    snprintf(text, sizeof text, "$\\mathdefault{%s}$", num_text);
    ok = o && fe_list_append(I, handles, o) == 0 && fe_list_append_text(I, labels, text) == 0;
    fe_decref(I, o);
  }
  Obj *r = ok ? fe_tuple_pack(I, 2, handles, labels) : NULL;
  fe_decref(I, handles), fe_decref(I, labels);
  return r;
}

const FeFnDef pl_points_methods[] = {
    {"get_label", a_get_label, "()", NULL, NULL},
    {"legend_elements", p_legend_elements, "(prop='colors', num='auto', fmt=None, func=None, "
     "**kwargs)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* matplotlib.patches and matplotlib.lines: the classes pyplot also has (plt.Circle, ...). */
static const FeClassDef patches_classes[] = {
    {.name = "Patch", .layout = &pl_patch_layout, .ctor = pl_patch_new, .ctor_sig = PATCH_SIG,
     .methods = pl_handle_methods},
    {.name = "Circle", .layout = &pl_circle_layout, .ctor = pl_circle_new,
     .ctor_sig = CIRCLE_SIG, .methods = pl_handle_methods},
    {.name = "Polygon", .layout = &pl_polygon_layout, .ctor = pl_polygon_new,
     .ctor_sig = POLYGON_SIG, .methods = pl_handle_methods},
    {.name = "Rectangle", .layout = &pl_rect_layout, .ctor = pl_rect_new,
     .ctor_sig = RECT_SIG, .methods = pl_rect_methods},
    {.name = NULL},
};
static const FeClassDef lines_classes[] = {
    {.name = "Line2D", .layout = &pl_line_layout, .ctor = pl_line2d_new, .ctor_sig = LINE2D_SIG,
     .methods = pl_line_methods},
    {.name = NULL},
};
const FeModuleDef pl_mpl_patches_def = {.name = "matplotlib.patches", .classes = patches_classes};
const FeModuleDef pl_mpl_lines_def = {.name = "matplotlib.lines", .classes = lines_classes};
