/* plt_artist.c — what is drawn on an axes as the object matplotlib returns for it: Line2D
 * (plot's lines), Text (text's, a pie's labels), Wedge (a pie's slices), Polygon (fill's,
 * axhspan's), LineCollection (hlines'), and as legend handles PolyCollection (fill_between's)
 * and PathCollection (scatter's). Each names
 * its artist, found again in its figure before each use, so that one dropped by clf() is
 * changed no more. */
#include <stdio.h>
#include <string.h>

#include "pylib.h"

typedef struct {
  Obj hd;
  Obj *fig;            /* the Figure object whose axes hold the artist */
  const FmtArtist *a;  /* compared only */
  double wedge[6];     /* a Wedge's centre x and y, radius, angles from and to (degrees) and
                          ring width (0: None), for its repr */
} PlArtist;

static void artist_clear(Interp *I, Obj *o) {
  fe_setref(I, &((PlArtist *)o)->fig, NULL);
}

static void artist_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((PlArtist *)o)->fig)
    visit(((PlArtist *)o)->fig, arg);
}

/* The artist, if its figure still holds it (drawn, or cleared by clf()), or NULL. */
static FmtArtist *artist(Obj *self) {
  const PlArtist *o = (const PlArtist *)self;
  const PlFigure *fig = (const PlFigure *)o->fig;   /* NULL: made by hand */
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

const Layout pl_text_layout = {.name = "Text", .size = sizeof(PlArtist), .clear = artist_clear,
                               .traverse = artist_traverse, .repr = text_repr};

static Obj *wedge_repr(Interp *I, Obj *o) {
  const double *w = ((PlArtist *)o)->wedge;
  char width[32] = "None";
  if (w[5] > 0)
    snprintf(width, sizeof width, "%g", w[5]);
  return fe_strf(I, "Wedge(center=(%g, %g), r=%g, theta1=%g, theta2=%g, width=%s)", w[0], w[1],
                 w[2], w[3], w[4], width);
}

const Layout pl_wedge_layout = {.name = "Wedge", .size = sizeof(PlArtist),
                                .clear = artist_clear, .traverse = artist_traverse,
                                .repr = wedge_repr};

/* Line2D(label), as matplotlib's str() writes one. */
static Obj *line_str(Interp *I, Obj *o) {
  const FmtArtist *a = artist(o);
  return fe_strf(I, "Line2D(%s)", a && a->label ? a->label : "");
}

/* <matplotlib.lines.Line2D object at 0x...>: Python's repr of an object of a module. */
static Obj *object_repr(Interp *I, Obj *o) {
  static const char *const where[] = {"lines", "patches", "collections"};
  const Layout *const layouts[] = {&pl_line_layout, &pl_polygon_layout};
  int k = 0;
  while (k < 2 && o->cls->layout != layouts[k])
    k++;
  return fe_strf(I, "<matplotlib.%s.%s object at %p>", where[k], o->cls->layout->name,
                 (void *)o);
}

const Layout pl_line_layout = {.name = "Line2D", .size = sizeof(PlArtist), .clear = artist_clear,
                               .traverse = artist_traverse, .repr = object_repr,
                               .str = line_str};

const Layout pl_polygon_layout = {.name = "Polygon", .size = sizeof(PlArtist),
                                  .clear = artist_clear, .traverse = artist_traverse,
                                  .repr = object_repr};
const Layout pl_polys_layout = {.name = "PolyCollection", .size = sizeof(PlArtist),
                                .clear = artist_clear, .traverse = artist_traverse,
                                .repr = object_repr};
const Layout pl_points_layout = {.name = "PathCollection", .size = sizeof(PlArtist),
                                 .clear = artist_clear, .traverse = artist_traverse,
                                 .repr = object_repr};
const Layout pl_segments_layout = {.name = "LineCollection", .size = sizeof(PlArtist),
                                   .clear = artist_clear, .traverse = artist_traverse,
                                   .repr = object_repr};

const FmtArtist *pl_artist_of(Obj *v) {
  const Layout *const layouts[] = {&pl_line_layout,    &pl_text_layout,  &pl_wedge_layout,
                                   &pl_polygon_layout, &pl_polys_layout, &pl_points_layout,
                                   &pl_segments_layout};
  for (size_t i = 0; i < sizeof layouts / sizeof *layouts; i++)
    if (v->cls->layout == layouts[i])
      return artist(v);
  return NULL;
}

Obj *pl_artist_object(Interp *I, const Layout *layout, Obj *axes, const FmtArtist *a) {
  PlArtist *o = (PlArtist *)pl_pyplot_new(I, layout);
  if (o) {
    fe_incref(((PlAxes *)axes)->fig);
    o->fig = ((PlAxes *)axes)->fig, o->a = a;
  }
  return &o->hd;
}

Obj *pl_wedge_object(Interp *I, Obj *axes, const FmtArtist *a, const double wedge[6]) {
  Obj *o = pl_artist_object(I, &pl_wedge_layout, axes, a);
  if (o)
    memcpy(((PlArtist *)o)->wedge, wedge, sizeof ((PlArtist *)o)->wedge);
  return o;
}

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
  return fe_str_cstr(I, a && a->text ? a->text : "");
}

static Obj *t_get_position(Interp *I, Obj *self, Obj **args) {
  (void)args;
  const FmtArtist *a = artist(self);
  Obj *x = fe_float(I, a ? a->x[0] : 0), *y = x ? fe_float(I, a ? a->y[0] : 0) : NULL;
  Obj *t = y ? fe_tuple_pack(I, 2, x, y) : NULL;
  fe_decref(I, x), fe_decref(I, y);
  return t;
}

const FeFnDef pl_text_methods[] = {
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
  return fe_str_cstr(I, a && a->label ? a->label : "");
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

const FeFnDef pl_line_methods[] = {
    {"get_label", a_get_label, "()", NULL, NULL},
    {"set_label", l_set_label, "(s)", NULL, NULL},
    {"get_color", l_get_color, "()", NULL, NULL},
    {"set_color", l_set_color, "(color)", NULL, NULL},
    {"get_linewidth", l_get_linewidth, "()", NULL, NULL},
    {"set_linewidth", l_set_linewidth, "(w)", NULL, NULL},
    {"set_linestyle", l_set_linestyle, "(ls)", NULL, NULL},
    {"set_marker", l_set_marker, "(marker)", NULL, NULL},
    {"get_xdata", l_get_xdata, "(orig=True)", NULL, NULL},
    {"get_ydata", l_get_ydata, "(orig=True)", NULL, NULL},
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
