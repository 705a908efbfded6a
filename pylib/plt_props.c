/* plt_props.c — the keyword arguments a drawing call passes on to its artist, checked as
 * matplotlib 3.6 checks them: a name the artist has no setter for is matplotlib's
 * AttributeError (a typo such as colour= fails instead of being lost); a property nnc does
 * not draw (zorder=, hatch=, ...) is accepted and said once per call and name, so that no
 * keyword is dropped silently. Each artist's names are matplotlib's (its set_* methods,
 * aliases included). */
#include <stdio.h>
#include <string.h>

#include "pylib.h"

/* What every artist has (matplotlib.artist.Artist's setters). */
static const char artist_props[] =
    "agg_filter alpha animated clip_box clip_on clip_path figure gid in_layout label mouseover "
    "path_effects picker rasterized sketch_params snap transform url visible zorder";

#define PATCH_PROPS                                                                           \
  "aa antialiased capstyle color ec edgecolor facecolor fc fill hatch joinstyle linestyle "    \
  "linewidth ls lw"
#define COLLECTION_PROPS                                                                      \
  "aa antialiased antialiaseds array capstyle clim cmap color dashes ec edgecolor edgecolors " \
  "facecolor facecolors fc hatch joinstyle linestyle linestyles linewidth linewidths ls lw "   \
  "norm offset_transform offsets paths pickradius transOffset urls"

#define TEXT_PROPS                                                                            \
  "backgroundcolor bbox c color family font font_properties fontfamily fontname "               \
  "fontproperties fontsize fontstretch fontstyle fontvariant fontweight ha "                    \
  "horizontalalignment linespacing ma math_fontfamily multialignment name parse_math position " \
  "rotation rotation_mode size stretch style text transform_rotates_text usetex va variant "   \
  "verticalalignment weight wrap x y"

static const struct {
  const char *cls, *props;
} classes[] = {
    {"Line2D", "aa antialiased c color dash_capstyle dash_joinstyle dashes data drawstyle ds "
               "fillstyle gapcolor linestyle linewidth ls lw marker markeredgecolor "
               "markeredgewidth markerfacecolor markerfacecoloralt markersize markevery mec mew "
               "mfc mfcalt ms pickradius solid_capstyle solid_joinstyle xdata ydata"},
    {"Rectangle", PATCH_PROPS " angle bounds height width x xy y"},
    {"Patch", PATCH_PROPS},
    {"Polygon", PATCH_PROPS " closed xy"},
    {"Circle", PATCH_PROPS " angle center height radius width"},
    {"Wedge", PATCH_PROPS " center radius theta1 theta2 width"},
    {"PathCollection", COLLECTION_PROPS " sizes"},
    {"PolyCollection", COLLECTION_PROPS " sizes verts verts_and_codes"},
    {"LineCollection", COLLECTION_PROPS " colors segments verts"},
    {"Text", TEXT_PROPS},
    {"Annotation", TEXT_PROPS " anncoords annotation_clip"},
    {"AxesImage", "array clim cmap data extent filternorm filterrad interpolation "
                  "interpolation_stage norm resample"},
};

/* Whether the space-separated list has the word. */
static bool listed(const char *list, const char *word) {
  size_t n = strlen(word);
  for (const char *p = list; list && n && (p = strstr(p, word)) != NULL; p += n)
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0))
      return true;
  return false;
}

static bool is_property(const char *cls, const char *name) {
  if (listed(artist_props, name))
    return true;
  for (size_t i = 0; i < sizeof classes / sizeof *classes; i++)
    if (strcmp(classes[i].cls, cls) == 0)
      return listed(classes[i].props, name);
  return false;
}

/* Says once per run that fn's keyword name is not drawn; false raised. */
static bool say_not_drawn(Interp *I, const char *fn, const char *name) {
  PlState *st = pl_state(I);
  if (st->warnings_off)
    return true;
  if (!st->said && !(st->said = fe_set_new(I, false)))
    return false;
  Obj *key = fe_strf(I, "%s %s", fn, name);
  int seen = key ? fe_set_contains(I, st->said, key) : -1;
  if (seen == 0 && fe_set_add(I, st->said, key) < 0)
    seen = -1;
  fe_decref(I, key);
  if (seen == 0)
    fprintf(fe_err(I), "nnc: %s(%s=) is accepted but not drawn by nnc\n", fn, name);
  return seen >= 0;
}

bool pl_props_check(Interp *I, const char *fn, Obj *kwargs, const PlProps *p) {
  Obj *k, *v;
  for (int64_t pos = 0; kwargs && kwargs != &I->none && fe_dict_next(kwargs, &pos, &k, &v);) {
    const char *name = FE_STR(k)->s;
    if (listed(p->drawn, name))
      continue;
    if (!listed(p->own, name) && !is_property(p->cls, name))
      return p->wording == PL_UPDATE
                 ? fe_throw(I, EXC_AttributeError, "'%s' object has no property '%s'", p->cls,
                            name)
             : p->wording == PL_INIT
                 ? fe_throw(I, EXC_TypeError, "%s.__init__() got an unexpected keyword "
                            "argument '%s'", p->cls, name)
                 : fe_throw(I, EXC_AttributeError, "%s.set() got an unexpected keyword "
                            "argument '%s'", p->cls, name),
             false;
    if (!say_not_drawn(I, fn, name))
      return false;
  }
  return true;
}

const PlProps pl_line_props = {
    .cls = "Line2D",
    .drawn = "alpha c color dashes label linestyle ls linewidth lw marker markeredgecolor "
             "markeredgewidth markerfacecolor markersize mec mew mfc ms"};
const PlProps pl_polygon_props = {
    .cls = "Polygon", .drawn = "alpha color ec edgecolor facecolor fc label linewidth lw"};

bool pl_invalid_value(Interp *I, Obj *v, const char *what, const char *supported) {
  Obj *r = fe_repr(I, v);
  if (r)
    fe_throw(I, EXC_ValueError, "%s is not a valid value for %s; supported values are %s",
             FE_STR(r)->s, what, supported);
  fe_decref(I, r);
  return false;
}
