/* plt_axes.c — what draws on an axes: plot, scatter, hist, bar (its BarContainer of
 * Rectangles, each recoloured by set_color), imshow and text, and the axes' decorations
 * (title, labels, limits, legend, grid, axis, ticks and their labels, colorbar), as Axes methods and as
 * pyplot's functions on gca(), with matplotlib's semantics: plot's [marker][line][colour]
 * format strings and x, y, fmt groups, the colour cycle each new line or bar set takes,
 * hist's bins and counts as numpy.histogram's, legend(labels) naming the artists in order.
 * The arrays are copied when drawn, so later changes to them change nothing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pylib.h"

static FmtAxes *fax(Obj *self) {
  return ((PlAxes *)self)->ax;
}

static Obj *nomem(Interp *I) {
  return fe_throw(I, EXC_MemoryError, "out of memory");
}

/* A value's elements as float64, C-ordered (a new array), or NULL with an exception. */
static NdArray *floats(Interp *I, Obj *v) {
  NdArray *a = pl_array_arg(I, v), *f = a ? nd_astype(a, ND_FLOAT64) : NULL;
  nd_unref(a);
  if (a && !f)
    pl_nd_raise(I);
  return f;
}

static const double *fdata(const NdArray *a) {
  return (const double *)a->data;
}

/* ---- colours ---- */

typedef struct {
  const char *name;
  uint32_t rgb;
} NamedColor;

/* matplotlib's single letters first (fmt strings index them), then CSS4's 148 names, then
 * the tab: ones. */
static const NamedColor named[] = {
    {"b", 0x0000ff}, {"g", 0x008000}, {"r", 0xff0000}, {"c", 0x00bfbf}, {"m", 0xbf00bf},
    {"y", 0xbfbf00}, {"k", 0x000000}, {"w", 0xffffff},
    {"aliceblue", 0xf0f8ff}, {"antiquewhite", 0xfaebd7}, {"aqua", 0x00ffff},
    {"aquamarine", 0x7fffd4}, {"azure", 0xf0ffff}, {"beige", 0xf5f5dc}, {"bisque", 0xffe4c4},
    {"black", 0x000000}, {"blanchedalmond", 0xffebcd}, {"blue", 0x0000ff},
    {"blueviolet", 0x8a2be2}, {"brown", 0xa52a2a}, {"burlywood", 0xdeb887},
    {"cadetblue", 0x5f9ea0}, {"chartreuse", 0x7fff00}, {"chocolate", 0xd2691e},
    {"coral", 0xff7f50}, {"cornflowerblue", 0x6495ed}, {"cornsilk", 0xfff8dc},
    {"crimson", 0xdc143c}, {"cyan", 0x00ffff}, {"darkblue", 0x00008b}, {"darkcyan", 0x008b8b},
    {"darkgoldenrod", 0xb8860b}, {"darkgray", 0xa9a9a9}, {"darkgreen", 0x006400},
    {"darkgrey", 0xa9a9a9}, {"darkkhaki", 0xbdb76b}, {"darkmagenta", 0x8b008b},
    {"darkolivegreen", 0x556b2f}, {"darkorange", 0xff8c00}, {"darkorchid", 0x9932cc},
    {"darkred", 0x8b0000}, {"darksalmon", 0xe9967a}, {"darkseagreen", 0x8fbc8f},
    {"darkslateblue", 0x483d8b}, {"darkslategray", 0x2f4f4f}, {"darkslategrey", 0x2f4f4f},
    {"darkturquoise", 0x00ced1}, {"darkviolet", 0x9400d3}, {"deeppink", 0xff1493},
    {"deepskyblue", 0x00bfff}, {"dimgray", 0x696969}, {"dimgrey", 0x696969},
    {"dodgerblue", 0x1e90ff}, {"firebrick", 0xb22222}, {"floralwhite", 0xfffaf0},
    {"forestgreen", 0x228b22}, {"fuchsia", 0xff00ff}, {"gainsboro", 0xdcdcdc},
    {"ghostwhite", 0xf8f8ff}, {"gold", 0xffd700}, {"goldenrod", 0xdaa520}, {"gray", 0x808080},
    {"green", 0x008000}, {"greenyellow", 0xadff2f}, {"grey", 0x808080}, {"honeydew", 0xf0fff0},
    {"hotpink", 0xff69b4}, {"indianred", 0xcd5c5c}, {"indigo", 0x4b0082}, {"ivory", 0xfffff0},
    {"khaki", 0xf0e68c}, {"lavender", 0xe6e6fa}, {"lavenderblush", 0xfff0f5},
    {"lawngreen", 0x7cfc00}, {"lemonchiffon", 0xfffacd}, {"lightblue", 0xadd8e6},
    {"lightcoral", 0xf08080}, {"lightcyan", 0xe0ffff}, {"lightgoldenrodyellow", 0xfafad2},
    {"lightgray", 0xd3d3d3}, {"lightgreen", 0x90ee90}, {"lightgrey", 0xd3d3d3},
    {"lightpink", 0xffb6c1}, {"lightsalmon", 0xffa07a}, {"lightseagreen", 0x20b2aa},
    {"lightskyblue", 0x87cefa}, {"lightslategray", 0x778899}, {"lightslategrey", 0x778899},
    {"lightsteelblue", 0xb0c4de}, {"lightyellow", 0xffffe0}, {"lime", 0x00ff00},
    {"limegreen", 0x32cd32}, {"linen", 0xfaf0e6}, {"magenta", 0xff00ff}, {"maroon", 0x800000},
    {"mediumaquamarine", 0x66cdaa}, {"mediumblue", 0x0000cd}, {"mediumorchid", 0xba55d3},
    {"mediumpurple", 0x9370db}, {"mediumseagreen", 0x3cb371}, {"mediumslateblue", 0x7b68ee},
    {"mediumspringgreen", 0x00fa9a}, {"mediumturquoise", 0x48d1cc}, {"mediumvioletred", 0xc71585},
    {"midnightblue", 0x191970}, {"mintcream", 0xf5fffa}, {"mistyrose", 0xffe4e1},
    {"moccasin", 0xffe4b5}, {"navajowhite", 0xffdead}, {"navy", 0x000080}, {"oldlace", 0xfdf5e6},
    {"olive", 0x808000}, {"olivedrab", 0x6b8e23}, {"orange", 0xffa500}, {"orangered", 0xff4500},
    {"orchid", 0xda70d6}, {"palegoldenrod", 0xeee8aa}, {"palegreen", 0x98fb98},
    {"paleturquoise", 0xafeeee}, {"palevioletred", 0xdb7093}, {"papayawhip", 0xffefd5},
    {"peachpuff", 0xffdab9}, {"peru", 0xcd853f}, {"pink", 0xffc0cb}, {"plum", 0xdda0dd},
    {"powderblue", 0xb0e0e6}, {"purple", 0x800080}, {"rebeccapurple", 0x663399}, {"red", 0xff0000},
    {"rosybrown", 0xbc8f8f}, {"royalblue", 0x4169e1}, {"saddlebrown", 0x8b4513},
    {"salmon", 0xfa8072}, {"sandybrown", 0xf4a460}, {"seagreen", 0x2e8b57}, {"seashell", 0xfff5ee},
    {"sienna", 0xa0522d}, {"silver", 0xc0c0c0}, {"skyblue", 0x87ceeb}, {"slateblue", 0x6a5acd},
    {"slategray", 0x708090}, {"slategrey", 0x708090}, {"snow", 0xfffafa},
    {"springgreen", 0x00ff7f}, {"steelblue", 0x4682b4}, {"tan", 0xd2b48c}, {"teal", 0x008080},
    {"thistle", 0xd8bfd8}, {"tomato", 0xff6347}, {"turquoise", 0x40e0d0}, {"violet", 0xee82ee},
    {"wheat", 0xf5deb3}, {"white", 0xffffff}, {"whitesmoke", 0xf5f5f5}, {"yellow", 0xffff00},
    {"yellowgreen", 0x9acd32},
    {"tab:blue", 0x1f77b4}, {"tab:orange", 0xff7f0e}, {"tab:green", 0x2ca02c},
    {"tab:red", 0xd62728}, {"tab:purple", 0x9467bd}, {"tab:brown", 0x8c564b},
    {"tab:pink", 0xe377c2}, {"tab:gray", 0x7f7f7f}, {"tab:olive", 0xbcbd22},
    {"tab:cyan", 0x17becf},
};

/* A colour as matplotlib reads one: a name, 'C0'..'C9', '#rrggbb', '#rgb', a grey level
 * '0.5', or an (r, g, b[, a]) tuple of fractions. False with ValueError. */
/* A colour's channel in [0, 1] as a byte, as matplotlib's to_hex rounds it (halves to
 * even). */
static uint32_t channel(double v) {
  return (uint32_t)nearbyint(v * 255);
}

/* A one-letter colour: matplotlib's, or seaborn's after set_color_codes. */
static uint32_t letter(Interp *I, char c) {
  const PlState *st = pl_state(I);
  const char *code = strchr("bgrmyck", c);
  if (st->color_codes && code)
    return st->codes[code - "bgrmyck"];
  return named[strchr("bgrcmykw", c) - "bgrcmykw"].rgb;
}

static bool color_of(Interp *I, Obj *v, uint32_t *out) {
  if (FE_IS(v, str)) {
    const char *s = FE_STR(v)->s;
    if (s[0] && !s[1] && strchr("bgrcmykw", s[0]))
      return *out = letter(I, s[0]), true;
    for (size_t i = 0; i < sizeof named / sizeof *named; i++)
      if (strcmp(named[i].name, s) == 0)
        return *out = named[i].rgb, true;
    char *end;
    uint32_t cycle[FMT_MAX_CYCLE];
    int m = s[0] == 'C' && s[1] >= '0' && s[1] <= '9' && !s[2] ? pl_rc_cycle(I, cycle) : -1;
    if (m >= 0)   /* 'CN': the colour cycle's, as rcParams give it now */
      return m > 0 && (*out = cycle[(s[1] - '0') % m], true);
    size_t n = strlen(s);
    if (s[0] == '#' && (n == 7 || n == 9) && strspn(s + 1, "0123456789abcdefABCDEF") == n - 1) {
      unsigned long c = strtoul(s + 1, NULL, 16);
      return *out = (uint32_t)(n == 9 ? c >> 8 : c), true;
    }
    if (s[0] == '#' && n == 4 && strspn(s + 1, "0123456789abcdefABCDEF") == 3) {
      unsigned long c = strtoul(s + 1, NULL, 16);
      *out = (uint32_t)(((c >> 8) & 15) * 0x110000 + ((c >> 4) & 15) * 0x1100 + (c & 15) * 0x11);
      return true;
    }
    double g = strtod(s, &end);
    if (end != s && !*end && g >= 0 && g <= 1) {
      uint32_t k = channel(g);
      return *out = k << 16 | k << 8 | k, true;
    }
    fe_throw(I, EXC_ValueError, "%s is not a valid value for color", s);
    return false;
  }
  Obj *const *it;
  int64_t n;
  if (fe_seq_items(I, v, &it, &n) && (n == 3 || n == 4)) {
    *out = 0;
    for (int k = 0; k < 3; k++) {
      double c;
      if (fe_as_double(I, it[k], &c) < 0)
        return false;
      if (!(c >= 0 && c <= 1))
        return fe_throw(I, EXC_ValueError, "RGBA values should be within 0-1 range"), false;
      *out |= channel(c) << (16 - 8 * k);
    }
    return true;
  }
  if (!I->exc_pending)
    fe_throw(I, EXC_ValueError, "Invalid RGBA argument: a color is a name, '#rrggbb' or a tuple");
  return false;
}

bool pl_color(Interp *I, Obj *v, uint32_t *out) {
  return color_of(I, v, out);
}

/* A keyword of **kwargs under either of its names (borrowed), or NULL. */
static Obj *kw(Interp *I, Obj *kwargs, const char *name, const char *alias) {
  Obj *v = kwargs ? fe_dict_getstr(I, kwargs, name) : NULL;
  return v || !alias || !kwargs ? v : fe_dict_getstr(I, kwargs, alias);
}

static bool set_label(Interp *I, char **slot, Obj *v) {
  base_free(*slot);
  *slot = NULL;
  if (!v || v == &I->none)
    return true;
  Obj *s = fe_str(I, v);
  bool ok = s && fmt_strdup(FE_STR(s)->s, slot);
  if (s && !ok)
    nomem(I);
  fe_decref(I, s);
  return ok;
}

/* dashes=(on, off, ...): a line's own pattern, in points at width 1 (matplotlib scales it
 * by the width); an empty one is solid. */
static bool dash_pattern(Interp *I, Obj *dashes, FmtArtist *a) {
  Obj *const *v;
  int64_t n;
  if (!fe_seq_items(I, dashes, &v, &n) || n % 2 || n > 16)
    return fe_throw(I, EXC_ValueError, "dashes= takes an even number of lengths, at most 16, "
                    "(on, off, ...)"), false;
  for (int64_t i = 0; i < n; i++)
    if (fe_as_double(I, v[i], &a->dashes[i]) < 0)
      return false;
  a->ndashes = (int)n;
  return true;
}

/* marker=: one of matplotlib's letters, or none ('None', '', ' ', None). */
static bool marker_of(Interp *I, Obj *v, char *out) {
  const char *m = FE_IS(v, str) ? FE_STR(v)->s : NULL;
  if (v == &I->none || (m && (!strcmp(m, "None") || !m[0] || !strcmp(m, " "))))
    return *out = 0, true;
  if (m && strlen(m) == 1 && strchr(FMT_MARKERS, m[0]))
    return *out = m[0], true;
  if (m)
    return fe_throw(I, EXC_ValueError, "Unrecognized marker style '%s'", m), false;
  return fe_throw(I, EXC_NotImplementedError, "marker=%s: nnc draws the markers of one "
                  "letter ('o', 's', '^', ...)", fe_typename(v)), false;
}

/* A line's alpha and its markers' face (markerfacecolor, mfc: a colour or 'none'), edge
 * colour (mec) and width (mew): given any of the three, the markers are outlined, mew
 * points wide (lines.markeredgewidth, 1), in mec or the line's colour, as matplotlib draws
 * them. */
static bool marker_paint(Interp *I, FmtArtist *a, Obj *kwargs) {
  Obj *alpha = kw(I, kwargs, "alpha", NULL), *mfc = kw(I, kwargs, "markerfacecolor", "mfc");
  Obj *mec = kw(I, kwargs, "markeredgecolor", "mec"), *mew = kw(I, kwargs, "markeredgewidth",
                                                                "mew");
  mfc = mfc != &I->none ? mfc : NULL, mec = mec != &I->none ? mec : NULL;
  mew = mew != &I->none ? mew : NULL;
  if ((alpha && alpha != &I->none && fe_as_double(I, alpha, &a->alpha) < 0) ||
      (mew && fe_as_double(I, mew, &a->mew) < 0))
    return false;
  if (!mfc && !mec && !mew)
    return true;
  a->mew = mew ? a->mew : 1;
  bool hollow = mfc && fe_str_is(mfc, "none");
  if ((mfc && !hollow && !color_of(I, mfc, &a->face)) || (mec && !color_of(I, mec, &a->edge)))
    return false;
  a->faced = mfc != NULL, a->edged = mec != NULL;
  a->face = hollow ? FMT_NO_COLOR : a->face;
  return true;
}

/* The colour, line style, width and label keywords a line or patch takes. */
bool pl_line_style(Interp *I, FmtArtist *a, Obj *kwargs) {
  Obj *c = kw(I, kwargs, "color", "c"), *lw = kw(I, kwargs, "linewidth", "lw");
  Obj *ls = kw(I, kwargs, "linestyle", "ls"), *ms = kw(I, kwargs, "markersize", "ms");
  Obj *mk = kw(I, kwargs, "marker", NULL);
  if (c && c != &I->none && !color_of(I, c, &a->color))
    return false;
  if ((lw && fe_as_double(I, lw, &a->lw) < 0) || (ms && fe_as_double(I, ms, &a->size) < 0))
    return false;
  if (ls && FE_IS(ls, str)) {
    static const char *const styles[] = {"-", "--", "-.", ":", "", "solid", "dashed",
                                         "dashdot", "dotted", "None"};
    int k = 0;
    while (k < 10 && strcmp(styles[k], FE_STR(ls)->s) != 0)
      k++;
    if (k == 10)
      return fe_throw(I, EXC_ValueError, "%s is not a valid value for ls", FE_STR(ls)->s), false;
    a->dash = (FmtDash)(k % 5);
  }
  if (mk && !marker_of(I, mk, &a->marker))
    return false;
  Obj *dashes = kw(I, kwargs, "dashes", NULL);
  if (dashes && !dash_pattern(I, dashes, a))
    return false;
  Obj *label = kw(I, kwargs, "label", NULL);   /* a setter's keyword alone keeps the label */
  return marker_paint(I, a, kwargs) && (!label || set_label(I, &a->label, label));
}

/* The outline and opacity keywords a patch takes (bar's and hist's rectangles,
 * fill_between's areas): an edgecolor outlines it, linewidth wide (matplotlib's
 * patch.linewidth, 1, by default), and alpha makes both fill and outline see-through. */
bool pl_patch_style(Interp *I, FmtArtist *a, Obj *kwargs) {
  Obj *ec = kw(I, kwargs, "edgecolor", "ec"), *lw = kw(I, kwargs, "linewidth", "lw");
  Obj *alpha = kw(I, kwargs, "alpha", NULL);
  if (ec && ec != &I->none && !fe_str_is(ec, "none")) {
    if (!color_of(I, ec, &a->edge))
      return false;
    a->edged = true;
    a->lw = 1;
  }
  if ((lw && lw != &I->none && fe_as_double(I, lw, &a->lw) < 0) ||
      (alpha && alpha != &I->none && fe_as_double(I, alpha, &a->alpha) < 0))
    return false;
  a->edge_alpha = a->alpha;
  return true;
}

/* ---- plot ---- */

/* plot's format string: [marker][line][colour] in any order. */
static bool fmt_string(Interp *I, const char *s, FmtArtist *a) {
  bool line = false;
  a->dash = FMT_SOLID;
  for (const char *p = s; *p; p++) {
    if (p[0] == '-' && p[1] == '-')
      a->dash = FMT_DASHED, p++, line = true;
    else if (p[0] == '-' && p[1] == '.')
      a->dash = FMT_DASHDOT, p++, line = true;
    else if (*p == '-')
      a->dash = FMT_SOLID, line = true;
    else if (*p == ':')
      a->dash = FMT_DOTTED, line = true;
    else if (strchr(FMT_MARKERS, *p))
      a->marker = *p;
    else if (strchr("bgrcmykw", *p))
      a->color = letter(I, *p);
    else if (p[0] == 'C' && p[1] >= '0' && p[1] <= '9') {   /* 'C1--': the cycle's colour 1 */
      char cn[3] = {'C', p[1], 0};
      Obj *c = fe_str_cstr(I, cn);
      bool ok = c && color_of(I, c, &a->color);
      fe_decref(I, c);
      if (!ok)
        return false;
      p++;
    } else
      return fe_throw(I, EXC_ValueError, "'%s' is not a valid format string (unrecognized "
                      "character '%c')", s, *p), false;
  }
  if (a->marker && !line)
    a->dash = FMT_NOLINE;
  return true;
}

/* One line of y against x (columns of 2-d arrays each make a line). */
static bool add_lines(Interp *I, Obj *self, NdArray *x, NdArray *y, const char *fmt, Obj *kwargs) {
  int64_t n = y->ndim ? y->shape[0] : 1, k = y->ndim == 2 ? y->shape[1] : 1;
  if (y->ndim > 2 || (x && (x->ndim > 1 || (x->ndim ? x->shape[0] : 1) != n))) {
    fe_throw(I, EXC_ValueError, "x and y must have same first dimension, but have shapes (%lld,) "
             "and (%lld,)", (long long)(x ? x->size : n), (long long)n);
    return false;
  }
  for (int64_t j = 0; j < k; j++) {
    FmtArtist *a = fmt_axes_add(fax(self), FMT_LINE, n);
    if (!a)
      return nomem(I), false;
    a->color = 0xffffffff;
    if ((fmt && !fmt_string(I, fmt, a)) || !pl_line_style(I, a, kwargs))
      return false;
    if (a->color == 0xffffffff)
      a->color = fmt_axes_next_color(fax(self));
    for (int64_t i = 0; i < n; i++) {
      a->x[i] = x ? fdata(x)[i] : (double)i;
      a->y[i] = fdata(y)[i * k + j];
    }
  }
  return true;
}

/* plot(*args, scalex=True, scaley=True, data=None, **kwargs): groups of [x], y, [fmt]; a
 * list of the Line2D drawn. */
static Obj *a_plot(Interp *I, Obj *self, Obj **args) {
  Obj *const *v;
  int64_t n;
  int first = fax(self)->n;
  if (!pl_props_check(I, "plot", args[4], &pl_line_props) || !fe_seq_items(I, args[0], &v, &n))
    return NULL;
  for (int64_t i = 0; i < n;) {
    bool two = i + 1 < n && !FE_IS(v[i + 1], str);
    NdArray *x = two ? floats(I, v[i]) : NULL, *y = !two || x ? floats(I, v[i + two]) : NULL;
    i += 1 + two;
    const char *fmt = i < n && FE_IS(v[i], str) ? FE_STR(v[i++])->s : NULL;
    bool ok = y && add_lines(I, self, x, y, fmt, args[4]);
    nd_unref(x);
    nd_unref(y);
    if (!ok)
      return NULL;
  }
  Obj *lines = fe_list_new(I, 0);
  for (int i = first; lines && i < fax(self)->n; i++) {
    Obj *l = pl_artist_object(I, &pl_line_layout, self, fax(self)->a[i]);
    if (!l || fe_list_append(I, lines, l) < 0)
      fe_setref(I, &lines, NULL);
    fe_decref(I, l);
  }
  return lines;
}

/* ---- scatter ---- */

static bool cmap_arg(Interp *I, Obj *v, const char *dflt, int *out) {
  const char *name = !v || v == &I->none ? dflt : FE_IS(v, str) ? FE_STR(v)->s : NULL;
  if (!name)
    return fe_throw(I, EXC_TypeError, "cmap must be a colormap name"), false;
  *out = fmt_cmap_find(name);
  if (*out < 0)
    fe_throw(I, EXC_NotImplementedError, "the colormap '%s' is not drawn by nnc yet: use gray, "
             "binary, Greys, Blues, viridis, plasma, Spectral, RdBu, coolwarm or jet", name);
  return *out >= 0;
}

static bool scale_args(Interp *I, Obj *lo, Obj *hi, FmtArtist *a) {
  return (lo == &I->none || fe_as_double(I, lo, &a->vmin) == 0) &&
         (hi == &I->none || fe_as_double(I, hi, &a->vmax) == 0);
}

/* scatter(x, y, s=None, c=None, marker=None, cmap=None, norm=None, vmin=None, vmax=None, ...) */
/* scatter's s: one size for every point (pt^2), or one per point. */
static bool point_sizes(Interp *I, Obj *s, FmtArtist *a) {
  if (s == &I->none)
    return true;
  if (FE_IS(s, int) || FE_IS(s, float))
    return fe_as_double(I, s, &a->size) == 0;
  NdArray *v = floats(I, s);
  bool ok = v && (v->size == 1 || v->size == a->n);
  if (v && !ok)
    fe_throw(I, EXC_ValueError, "s must be a scalar, or float array-like with the same size as "
             "x and y");
  if (ok && v->size == 1)
    a->size = fdata(v)[0];
  else if (ok && !(a->sizes = base_malloc((size_t)(a->n ? a->n : 1) * sizeof *a->sizes)))
    ok = (nomem(I), false);
  else if (ok)
    memcpy(a->sizes, v->data, (size_t)a->n * sizeof *a->sizes);
  nd_unref(v);
  return ok;
}

/* The points' outline: linewidths= (patch.linewidth by default) and edgecolors= (ec=):
 * 'face' (each point's own colour, matplotlib's default), 'none', or a colour. */
static bool scatter_edges(Interp *I, FmtAxes *ax, FmtArtist *a, Obj *widths, Obj *kwargs) {
  Obj *ec = kw(I, kwargs, "edgecolors", "edgecolor");
  ec = ec ? ec : kw(I, kwargs, "ec", NULL);
  a->lw = ax->style.patch_width;
  if (widths != &I->none && fe_as_double(I, widths, &a->lw) < 0)
    return false;
  a->face_edged = !ec || ec == &I->none || fe_str_is(ec, "face");
  if (a->face_edged || fe_str_is(ec, "none"))
    return true;
  a->edged = true;
  return color_of(I, ec, &a->edge);
}

static Obj *a_scatter(Interp *I, Obj *self, Obj **args) {
  static const PlProps props = {.cls = "PathCollection", .own = "plotnonfinite",
                                .drawn = "color ec edgecolor edgecolors label"};
  if (!pl_props_check(I, "scatter", args[11], &props))
    return NULL;
  NdArray *x = floats(I, args[0]), *y = x ? floats(I, args[1]) : NULL, *c = NULL;
  Obj *r = NULL;
  if (!y)
    goto done;
  if (x->size != y->size) {
    fe_throw(I, EXC_ValueError, "x and y must be the same size");
    goto done;
  }
  bool mapped = args[3] != &I->none && !FE_IS(args[3], str) && !FE_IS(args[3], tuple);
  if (mapped && !(c = floats(I, args[3])))
    goto done;
  /* numbers that do not match the points in count but make one RGB(A) colour are that
   * colour, as matplotlib takes them (a row of 3 or 4, or a 1 x 3 or 1 x 4 array) */
  bool rgba = c && c->size != x->size && (c->size == 3 || c->size == 4) &&
              (c->ndim == 1 || (c->ndim == 2 && c->shape[0] == 1));
  if (rgba && !(fdata(c)[0] >= 0 && fdata(c)[0] <= 1 && fdata(c)[1] >= 0 && fdata(c)[1] <= 1 &&
                fdata(c)[2] >= 0 && fdata(c)[2] <= 1)) {
    fe_throw(I, EXC_ValueError, "RGBA values should be within 0-1 range");
    goto done;
  }
  mapped &= !rgba;
  if (c && !rgba && c->size != x->size) {
    fe_throw(I, EXC_ValueError, "'c' argument has %lld elements, which is inconsistent with "
             "'x' and 'y' with size %lld.", (long long)c->size, (long long)x->size);
    goto done;
  }
  FmtArtist *a = fmt_axes_add(fax(self), FMT_SCATTER, x->size);
  if (!a) {
    nomem(I);
    goto done;
  }
  a->mapped = mapped;
  a->color = mapped || args[3] == &I->none ? fmt_axes_next_patch_color(fax(self)) : 0;
  for (int k = 0; rgba && k < 3; k++)
    a->color |= channel(fdata(c)[k]) << (16 - 8 * k);
  if (rgba && c->size == 4)
    a->alpha = fdata(c)[3];
  if (!mapped && !rgba && args[3] != &I->none && !color_of(I, args[3], &a->color))
    goto done;
  if (!point_sizes(I, args[2], a) ||
      (args[9] != &I->none && fe_as_double(I, args[9], &a->alpha) < 0) ||
      !cmap_arg(I, args[5], "viridis", &a->cmap) || !scale_args(I, args[7], args[8], a) ||
      !set_label(I, &a->label, kw(I, args[11], "label", NULL)))
    goto done;
  Obj *col = kw(I, args[11], "color", NULL);
  if (col && !color_of(I, col, &a->color))
    goto done;
  if (!scatter_edges(I, fax(self), a, args[10], args[11]))
    goto done;
  for (int64_t i = 0; i < x->size; i++) {
    a->x[i] = fdata(x)[i], a->y[i] = fdata(y)[i];
    a->c[i] = mapped ? fdata(c)[i] : 0;
  }
  r = pl_artist_object(I, &pl_points_layout, self, a);
done:
  nd_unref(x);
  nd_unref(y);
  nd_unref(c);
  return r;
}

/* ---- bar's patches: Rectangle and BarContainer ---- */

/* BarContainer: a tuple of Rectangles, indexed, iterated and counted as one. */
typedef struct {
  Obj hd;
  Obj *patches;        /* a tuple */
} PlBars;

static void bars_clear(Interp *I, Obj *o) {
  fe_setref(I, &((PlBars *)o)->patches, NULL);
}

static void bars_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((PlBars *)o)->patches)
    visit(((PlBars *)o)->patches, arg);
}

static Obj *bars_repr(Interp *I, Obj *o) {
  return fe_strf(I, "<BarContainer object of %lld artists>",
                 (long long)FE_TUPLE(((PlBars *)o)->patches)->n);
}

static int64_t bars_len(Interp *I, Obj *o) {
  (void)I;
  return FE_TUPLE(((PlBars *)o)->patches)->n;
}

static Obj *bars_getitem(Interp *I, Obj *o, Obj *key) {
  return fe_getitem(I, ((PlBars *)o)->patches, key);
}

static Obj *bars_iter(Interp *I, Obj *o) {
  return fe_iter(I, ((PlBars *)o)->patches);
}

const Layout pl_bars_layout = {.name = "BarContainer", .size = sizeof(PlBars),
                               .clear = bars_clear, .traverse = bars_traverse, .repr = bars_repr,
                               .len = bars_len, .getitem = bars_getitem, .iter = bars_iter};

const FmtArtist *pl_bars_artist(Obj *v) {
  int64_t i;
  if (v->cls->layout == &pl_bars_layout && FE_TUPLE(((PlBars *)v)->patches)->n > 0)
    v = FE_TUPLE(((PlBars *)v)->patches)->v[0];
  return pl_rect_bars(v, &i);
}

/* containers: a BarContainer for each bar set drawn on the axes (bar, barh, hist,
 * seaborn's countplot), in drawing order. */
static Obj *a_containers(Interp *I, Obj *self) {
  const FmtAxes *ax = fax(self);
  Obj *l = fe_list_new(I, 0);
  for (int i = 0; l && i < ax->n; i++) {
    const FmtArtist *a = ax->a[i];
    if (a->kind != FMT_BARS || a->patch || a->legend_only)
      continue;
    Obj *c = pl_bar_container(I, self, a);
    if (!c || fe_list_append(I, l, c) < 0)
      fe_setref(I, &l, NULL);
    fe_decref(I, c);
  }
  return l;
}

/* bar_label(container, labels=None, *, fmt='%g', label_type='edge', padding=0, **kwargs):
 * each bar's value (fmt % its length) or labels' text at its end, padding points beyond
 * (below a negative bar), or at its centre with label_type='center', as matplotlib's
 * annotations; the list of their Text objects. */
static Obj *a_bar_label(Interp *I, Obj *self, Obj **args) {
  if (args[0]->cls->layout != &pl_bars_layout)
    return fe_throw(I, EXC_TypeError, "bar_label takes a BarContainer (what bar returns, or "
                    "one of ax.containers)");
  bool center = fe_str_is(args[3], "center");
  double padding;
  if ((!center && !fe_str_is(args[3], "edge")) || fe_len(I, args[5]) > 0)
    return fe_throw(I, EXC_NotImplementedError, "bar_label takes label_type 'edge' or "
                    "'center', and no text keywords, in nnc");
  if (fe_as_double(I, args[4], &padding) < 0 || !FE_IS(args[2], str))
    return I->exc_pending ? NULL : fe_throw(I, EXC_TypeError, "fmt must be a str");
  Obj *patches = ((PlBars *)args[0])->patches, *texts = fe_list_new(I, 0);
  for (int64_t i = 0; texts && i < FE_TUPLE(patches)->n; i++) {
    int64_t at_bar;
    const FmtArtist *bars = pl_rect_bars(FE_TUPLE(patches)->v[i], &at_bar);
    if (!bars) {
      fe_setref(I, &texts, fe_throw(I, EXC_ValueError, "bar_label: the bars are no longer "
                                    "drawn"));
      break;
    }
    bool h = bars->horizontal;
    double len = bars->y[at_bar], base = bars->b[at_bar], across = bars->x[at_bar];
    Obj *at = args[1] != &I->none ? fe_int(I, i) : NULL;
    Obj *lab = at ? fe_getitem(I, args[1], at) : NULL;
    fe_decref(I, at);
    Obj *num = args[1] == &I->none ? fe_float(I, len) : NULL;
    Obj *text = lab ? fe_str(I, lab) : num ? fe_binop(I, PY_MOD, args[2], num) : NULL;
    FmtArtist *t = text && FE_IS(text, str) ? fmt_axes_add(fax(self), FMT_TEXT, 1) : NULL;
    double end = center ? base + len / 2 : base + len, sign = len < 0 ? -1 : 1;
    if (t && fmt_strdup(FE_STR(text)->s, &t->text)) {
      t->x[0] = h ? end : across, t->y[0] = h ? across : end, t->size = 10;
      t->offset_points = true;
      t->dx = h && !center ? sign * padding : 0, t->dy = !h && !center ? sign * padding : 0;
      t->ha = h && !center ? (sign > 0 ? 'l' : 'r') : 'c';
      t->va = !h && !center ? (sign > 0 ? 'd' : 't') : 'c';
    }
    Obj *made = t && t->text ? pl_artist_object(I, &pl_text_layout, self, t) : NULL;
    if (!made || fe_list_append(I, texts, made) < 0)
      fe_setref(I, &texts, I->exc_pending ? NULL : nomem(I));
    fe_decref(I, made), fe_decref(I, text), fe_decref(I, num), fe_decref(I, lab);
  }
  return texts;
}

/* The BarContainer of bar set a, drawn on the axes self. */
Obj *pl_bar_container(Interp *I, Obj *self, const FmtArtist *a) {
  Obj *t = fe_tuple_new(I, a->n);
  PlBars *bars = t ? (PlBars *)pl_pyplot_new(I, &pl_bars_layout) : NULL;
  if (!bars) {
    fe_decref(I, t);
    return NULL;
  }
  bars->patches = t;
  for (int64_t i = 0; i < a->n; i++)
    if (!(FE_TUPLE(t)->v[i] = pl_rect_object(I, self, a, i))) {
      fe_decref(I, &bars->hd);
      return NULL;
    }
  return &bars->hd;
}

/* ---- bar and hist ---- */

/* The places of text categories on axis k, as matplotlib's category axis gives them: 0, 1,
 * ... in order of first appearance, after the categories the axis has (its ticks at 0, 1,
 * ... named by them), each named by a tick there. NULL (no exception) when v is not a list,
 * tuple or object array of str; NULL with an exception when memory runs out. */
static NdArray *categories(Interp *I, FmtAxes *ax, int k, Obj *v) {
  int ndim = 1;
  Obj *items = pl_is_objarray(v) ? pl_objarray_items(v, &ndim) : v, *const *s;
  int64_t n;
  if (!fe_is_seq(I, items) || ndim != 1 ||
      !fe_seq_items(I, items, &s, &n) || n == 0)
    return NULL;
  for (int64_t i = 0; i < n; i++)
    if (!FE_IS(s[i], str))
      return NULL;
  int had = ax->tick_text[k] ? ax->ntick_at[k] : 0;
  for (int i = 0; i < had; i++)
    had = ax->tick_at[k][i] == i ? had : 0;
  NdArray *at = nd_empty(ND_FLOAT64, 1, &n);
  char **names = at ? base_calloc((size_t)(had + n), sizeof *names) : NULL;
  double *ticks = names ? base_malloc((size_t)(had + n) * sizeof *ticks) : NULL;
  int m = 0;
  bool ok = ticks != NULL;
  for (int i = 0; ok && i < had; i++, m++)
    ok = fmt_strdup(ax->tick_text[k][i], &names[m]);
  for (int64_t i = 0; ok && i < n; i++) {
    int j = 0;
    while (j < m && strcmp(names[j], FE_STR(s[i])->s) != 0)
      j++;
    if (j == m)
      ok = fmt_strdup(FE_STR(s[i])->s, &names[m++]);
    ((double *)at->data)[i] = j;
  }
  for (int i = 0; ok && i < m; i++)
    ticks[i] = i;
  if (ok) {
    for (int i = 0; ax->tick_text[k] && i < ax->ntick_at[k]; i++)
      base_free(ax->tick_text[k][i]);
    base_free(ax->tick_text[k]), base_free(ax->tick_at[k]);
    ax->tick_text[k] = names, ax->tick_at[k] = ticks, ax->ntick_at[k] = m;
    return at;
  }
  for (int i = 0; names && i < m; i++)
    base_free(names[i]);
  base_free(names), base_free(ticks), nd_unref(at);
  return nomem(I), NULL;
}

/* bar(x, height, width=0.8, bottom=None, *, align='center', data=None, **kwargs), or with
 * horizontal barh(y, width, height=0.8, left=None, ...), whose arguments come in the same
 * places; x (y) may be text categories. */
/* The keywords bar passes on to its rectangles, and its own ones (error bars, ...). */
#define BAR_OWN "capsize ecolor error_kw log orientation tick_label xerr yerr"

static Obj *bars(Interp *I, Obj *self, Obj **args, bool horizontal) {
  static const PlProps props = {.cls = "Rectangle", .own = BAR_OWN,
                                .drawn = "alpha color ec edgecolor label linewidth log lw"};
  if (!pl_props_check(I, horizontal ? "barh" : "bar", args[6], &props) ||
      !pl_log_kwarg(I, fax(self), !horizontal, args[6]))
    return NULL;
  NdArray *x = categories(I, fax(self), horizontal, args[0]);
  if (!x && I->exc_pending)
    return NULL;
  x = x ? x : floats(I, args[0]);
  NdArray *h = x ? floats(I, args[1]) : NULL;
  NdArray *w = h ? floats(I, args[2]) : NULL;
  NdArray *b = w && args[3] != &I->none ? floats(I, args[3]) : NULL;
  Obj *r = NULL;
  int64_t n = x && h ? (x->size > h->size ? x->size : h->size) : 0;
  bool edge = fe_str_is(args[4], "edge");
  if (!w || (args[3] != &I->none && !b))
    goto done;
  NdArray *all[4] = {x, h, w, b};
  for (int k = 0; k < 4; k++)
    if (all[k] && all[k]->size != 1 && all[k]->size != n) {
      fe_throw(I, EXC_ValueError, "shape mismatch: objects cannot be broadcast to a single shape");
      goto done;
    }
  FmtArtist *a = fmt_axes_add(fax(self), FMT_BARS, n);
  if (!a) {
    nomem(I);
    goto done;
  }
  a->horizontal = horizontal;
  a->color = 0xffffffff;   /* the colour cycle moves on only for a bar set without color= */
  if (!pl_line_style(I, a, args[6]) || !pl_patch_style(I, a, args[6]))
    goto done;
  if (a->color == 0xffffffff)
    a->color = fmt_axes_next_patch_color(fax(self));
  for (int64_t i = 0; i < n; i++) {
    a->w[i] = fdata(w)[w->size == 1 ? 0 : i];
    a->x[i] = fdata(x)[x->size == 1 ? 0 : i] + (edge ? a->w[i] / 2 : 0);
    a->y[i] = fdata(h)[h->size == 1 ? 0 : i];
    a->b[i] = b ? fdata(b)[b->size == 1 ? 0 : i] : 0;
  }
  r = pl_bar_container(I, self, a);
done:
  nd_unref(x), nd_unref(h), nd_unref(w), nd_unref(b);
  return r;
}

static Obj *a_bar(Interp *I, Obj *self, Obj **args) {
  return bars(I, self, args, false);
}

static Obj *a_barh(Interp *I, Obj *self, Obj **args) {
  return bars(I, self, args, true);
}

/* hist(x, bins=None, range=None, density=False, weights=None, ...): numpy.histogram's
 * counts drawn as touching bars (edgecolor=, linewidth=, alpha= as bar's); returns (n, bins,
 * patches), patches None in nnc. */
static Obj *a_hist(Interp *I, Obj *self, Obj **args) {
  static const PlProps props = {.cls = "Rectangle", .own = BAR_OWN,
                                .drawn = "alpha ec edgecolor linewidth log lw"};
  if (!pl_props_check(I, "hist", args[14], &props) || !pl_log_kwarg(I, fax(self), 1, args[14]))
    return NULL;
  for (int k = 5; k <= 7; k++)
    if (k != 7 ? args[k] != &I->false_.hd && args[k] != &I->none : !fe_str_is(args[k], "bar"))
      return fe_throw(I, EXC_NotImplementedError, "hist(%s=...) is not supported by nnc yet",
                      k == 5 ? "cumulative" : k == 6 ? "bottom" : "histtype");
  NdArray *x = floats(I, args[0]), *edges = NULL, *counts = NULL, *given = NULL, *wts = NULL;
  NdHistOpts o = {0};
  Obj *r = NULL;
  if (!x)
    return NULL;
  if (x->ndim > 1 && x->shape[1] != 1) {
    nd_unref(x);
    return fe_throw(I, EXC_NotImplementedError, "hist of several data sets (a 2-d x) is not "
                    "supported by nnc yet");
  }
  if (args[1] != &I->none && !pl_hist_bins(I, args[1], &o, &given))
    goto done;
  if (given) { /* matplotlib's edges are floats, whatever numpy's would be */
    NdArray *f = nd_astype(given, ND_FLOAT64);
    nd_unref(given);
    if (!(o.edges = given = f)) {
      pl_nd_raise(I);
      goto done;
    }
  }
  if (args[2] != &I->none) {
    Obj *const *rv;
    int64_t rn;
    if (!fe_seq_items(I, args[2], &rv, &rn) || rn != 2 || fe_as_double(I, rv[0], &o.lo) < 0 ||
        fe_as_double(I, rv[1], &o.hi) < 0) {
      if (!I->exc_pending)
        fe_throw(I, EXC_ValueError, "range must be a pair (min, max)");
      goto done;
    }
    o.has_range = true;
  }
  if (!o.has_range) {   /* matplotlib's range: nanmin to nanmax, so missing values drop out */
    double lo = INFINITY, hi = -INFINITY;
    for (int64_t i = 0; i < x->size; i++)
      if (!isnan(fdata(x)[i]))
        lo = fmin(lo, fdata(x)[i]), hi = fmax(hi, fdata(x)[i]);
    o.has_range = lo <= hi, o.lo = lo, o.hi = hi;
  }
  if (args[4] != &I->none && !(o.weights = wts = floats(I, args[4])))
    goto done;
  o.density = fe_truth(I, args[3]) == 1;
  if (!nd_histogram(x, &o, &counts, &edges)) {
    pl_nd_raise(I);
    goto done;
  }
  NdArray *cf = nd_astype(counts, ND_FLOAT64);
  FmtArtist *a = cf ? fmt_axes_add(fax(self), FMT_BARS, cf->size) : NULL;
  if (!a) {
    nd_unref(cf);
    cf ? nomem(I) : pl_nd_raise(I);
    goto done;
  }
  if (args[11] == &I->none)  /* the colour cycle moves on only without color= */
    a->color = fmt_axes_next_color(fax(self));
  if ((args[11] != &I->none && !color_of(I, args[11], &a->color)) ||
      !pl_patch_style(I, a, args[14])) {
    nd_unref(cf);
    goto done;
  }
  for (int64_t i = 0; i < cf->size; i++) {
    double l = fdata(edges)[i], rr = fdata(edges)[i + 1];
    a->x[i] = (l + rr) / 2, a->w[i] = rr - l, a->y[i] = fdata(cf)[i];
  }
  Obj *n = set_label(I, &a->label, args[12]) ? pl_array_wrap(I, cf) : NULL;
  Obj *bins = n ? pl_array_wrap(I, nd_ref(edges)) : NULL;
  r = bins ? fe_tuple_pack(I, 3, n, bins, &I->none) : NULL;
  if (!n)
    nd_unref(cf);
  fe_decref(I, n);
  fe_decref(I, bins);
done:
  nd_unref(x), nd_unref(edges), nd_unref(counts), nd_unref(given), nd_unref(wts);
  return r;
}

/* ---- imshow ---- */

/* AxesImage and Colorbar: the Axes object an image is drawn on, or a colorbar is beside. */
typedef struct {
  Obj hd;
  Obj *axes;
} PlOnAxes;

static void on_axes_clear(Interp *I, Obj *o) {
  fe_setref(I, &((PlOnAxes *)o)->axes, NULL);
}

static void on_axes_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((PlOnAxes *)o)->axes)
    visit(((PlOnAxes *)o)->axes, arg);
}

const Layout pl_image_layout = {.name = "AxesImage", .size = sizeof(PlOnAxes),
                                .clear = on_axes_clear, .traverse = on_axes_traverse};
const Layout pl_colorbar_layout = {.name = "Colorbar", .size = sizeof(PlOnAxes),
                                   .clear = on_axes_clear, .traverse = on_axes_traverse};

/* A new object of layout naming axes. */
static Obj *on_axes(Interp *I, const Layout *layout, Obj *axes) {
  PlOnAxes *o = (PlOnAxes *)pl_pyplot_new(I, layout);
  if (o) {
    fe_incref(axes);
    o->axes = axes;
  }
  return o ? &o->hd : NULL;
}

Obj *pl_axes_of_mappable(Obj *v) {
  if (v->cls->layout == &pl_points_layout)
    return pl_artist_axes(v);
  return v->cls->layout == &pl_image_layout ? ((PlOnAxes *)v)->axes : NULL;
}

/* imshow(X, cmap=None, norm=None, *, aspect=None, interpolation=None, alpha=None,
 * vmin=None, vmax=None, origin=None, extent=None, **kwargs) */
static Obj *a_imshow(Interp *I, Obj *self, Obj **args) {
  static const PlProps props = {.cls = "AxesImage"};
  NdArray *x = pl_props_check(I, "imshow", args[10], &props) ? floats(I, args[0]) : NULL;
  if (!x)
    return NULL;
  bool rgb = x->ndim == 3 && (x->shape[2] == 3 || x->shape[2] == 4);
  if (!(x->ndim == 2 || rgb)) {
    fe_throw(I, EXC_TypeError, "Invalid shape (%lld%s) for image data", (long long)x->shape[0],
             x->ndim == 1 ? ",)" : ", ...)");
    nd_unref(x);
    return NULL;
  }
  FmtArtist *a = fmt_axes_add(fax(self), FMT_IMAGE, x->size);
  bool ok = a && cmap_arg(I, args[1], "viridis", &a->cmap) && scale_args(I, args[6], args[7], a);
  if (ok && args[3] != &I->none) {
    a->aspect_auto = fe_str_is(args[3], "auto");
    if (!a->aspect_auto && !fe_str_is(args[3], "equal")) {
      fe_throw(I, EXC_NotImplementedError, "imshow(aspect=) takes 'auto' or 'equal' in nnc");
      ok = false;
    }
  }
  if (ok && args[9] != &I->none) {
    NdArray *e = floats(I, args[9]);
    ok = e && e->size == 4;
    if (ok)
      memcpy(a->extent, fdata(e), sizeof a->extent), a->has_extent = true;
    else if (e)
      fe_throw(I, EXC_ValueError, "extent is (left, right, bottom, top)");
    nd_unref(e);
  }
  if (ok) {
    a->rows = x->shape[0], a->cols = x->shape[1], a->channels = rgb ? (int)x->shape[2] : 1;
    memcpy(a->x, fdata(x), (size_t)x->size * sizeof(double));
    bool bytes = rgb && pl_is_array(args[0]) && nd_dtype_is_int(PL_ND(args[0])->dtype);
    for (int64_t i = 0; bytes && i < x->size; i++)   /* integer RGB: bytes, 0 to 255 */
      a->x[i] /= 255;
  }
  nd_unref(x);
  return ok ? on_axes(I, &pl_image_layout, self) : a ? NULL : nomem(I);
}

/* ---- colorbar ---- */

/* colorbar(mappable=None, cax=None, ax=None, **kwargs): a vertical colorbar for the last image
 * or scatter of the axes (ax, else the AxesImage mappable's, else axes), as pyplot's falls
 * back to the current image. Draws nothing else of kwargs than label. */
Obj *pl_axes_colorbar(Interp *I, Obj *axes, Obj **args) {
  static const PlProps props = {
      .cls = "Colorbar", .wording = PL_INIT, .drawn = "label",
      .own = "alpha anchor aspect boundaries cmap drawedges extend extendfrac extendrect "
             "filled format fraction location norm orientation pad panchor shrink spacing "
             "ticklocation ticks use_gridspec values"};
  if (!pl_props_check(I, "colorbar", args[3], &props))
    return NULL;
  if (args[2] != &I->none && !pl_is_axes(args[2]))
    return fe_throw(I, EXC_NotImplementedError, "colorbar(ax=) takes one Axes in nnc: a "
                    "colorbar beside several axes is not supported yet");
  Obj *owner = args[2] != &I->none ? args[2] : pl_axes_of_mappable(args[0]);
  owner = owner ? owner : axes;
  FmtAxes *ax = fax(owner);
  int shown = 0;
  for (int i = 0; i < ax->n; i++)
    if (ax->a[i]->kind == FMT_IMAGE || ax->a[i]->kind == FMT_SCATTER)
      shown = i + 1;
  if (!shown)
    return fe_throw(I, EXC_RuntimeError, "No mappable was found to use for colorbar creation. "
                    "First define a mappable such as an image (with imshow) or a contour set "
                    "(with contourf).");
  if (!set_label(I, &ax->cbar_label, kw(I, args[3], "label", NULL)))
    return NULL;
  ax->colorbar = shown;
  return on_axes(I, &pl_colorbar_layout, owner);
}

static Obj *a_colorbar(Interp *I, Obj *self, Obj **args) {
  return pl_axes_colorbar(I, self, args);
}

/* Colorbar.set_label(label, loc=None, **kwargs): the text beside the bar. */
static Obj *cb_set_label(Interp *I, Obj *self, Obj **args) {
  return set_label(I, &fax(((PlOnAxes *)self)->axes)->cbar_label, args[0]) ? fe_none(I) : NULL;
}

const FeFnDef pl_colorbar_methods[] = {
    {"set_label", cb_set_label, "(label, loc=None, **kwargs)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---- decorations ---- */

/* A title or axis label: an empty one is none, taking no room, as matplotlib lays it out. */
static Obj *set_text(Interp *I, char **slot, Obj *v) {
  if (!set_label(I, slot, v))
    return NULL;
  if (*slot && !**slot)
    base_free(*slot), *slot = NULL;
  return fe_none(I);
}

static bool font_size(Interp *I, Obj *v, double *out);

/* A text's keywords: fontdict's, then **kwargs over them (a new dict), checked as fn's with
 * props; NULL raised. */
static Obj *text_kwargs(Interp *I, const char *fn, Obj *fontdict, Obj *kwargs,
                        const PlProps *props) {
  if (fontdict != &I->none && !FE_ISA(I, fontdict, dict))
    return fe_throw(I, EXC_TypeError, "'%s' object is not a mapping", fe_typename(fontdict));
  Obj *all = fontdict == &I->none ? fe_dict_new(I) : fe_call_method(I, fontdict, "copy", NULL, 0);
  Obj *k, *v;
  for (int64_t pos = 0; all && fe_dict_next(kwargs, &pos, &k, &v);)
    if (fe_dict_set(I, all, k, v) < 0)
      fe_setref(I, &all, NULL);
  if (all && !pl_props_check(I, fn, all, props))
    fe_setref(I, &all, NULL);
  return all;
}

/* set_title(label, fontdict=None, **kwargs): fontsize (size) and color (c) too. */
static Obj *a_title(Interp *I, Obj *self, Obj **args) {
  static const PlProps props = {.cls = "Text", .own = "loc pad",
                                .drawn = "c color fontsize size"};
  Obj *o = text_kwargs(I, "title", args[1], args[2], &props), *c = o ? kw(I, o, "color", "c") : NULL;
  bool ok = o && font_size(I, kw(I, o, "fontsize", "size"), &fax(self)->title_size) &&
            (!c || color_of(I, c, &fax(self)->style.title_color));
  fe_decref(I, o);
  return ok ? set_text(I, &fax(self)->title, args[0]) : NULL;
}
/* set_xlabel(xlabel, fontdict=None, **kwargs), set_ylabel (k 1): fontsize (size) and color
 * (c) too. */
static Obj *axis_label(Interp *I, Obj *self, Obj **args, int k) {
  static const PlProps props = {.cls = "Text", .own = "labelpad loc", .wording = PL_UPDATE,
                                .drawn = "c color fontsize size"};
  FmtStyle *st = &fax(self)->style;
  Obj *o = text_kwargs(I, k ? "ylabel" : "xlabel", args[1], args[2], &props);
  Obj *c = o ? kw(I, o, "color", "c") : NULL;
  bool ok = o && font_size(I, kw(I, o, "fontsize", "size"), &st->label_size[k]) &&
            (!c || color_of(I, c, &st->label_color[k]));
  fe_decref(I, o);
  return ok ? set_text(I, k ? &fax(self)->ylabel : &fax(self)->xlabel, args[0]) : NULL;
}
static Obj *a_xlabel(Interp *I, Obj *self, Obj **args) {
  return axis_label(I, self, args, 0);
}
static Obj *a_ylabel(Interp *I, Obj *self, Obj **args) {
  return axis_label(I, self, args, 1);
}

/* set_aspect(aspect, adjustable=None, anchor=None, share=False): 'equal' (or 1), one data
 * unit as long on both axes, by shrinking the box (adjustable 'box', the default) or by
 * widening the limits ('datalim'); 'auto' fills the box again. */
static Obj *a_set_aspect(Interp *I, Obj *self, Obj **args) {
  double v = 0;
  bool equal = fe_str_is(args[0], "equal") ||
               (fe_is_number(I, args[0]) && fe_as_double(I, args[0], &v) == 0 && v == 1);
  if (!equal && !fe_str_is(args[0], "auto"))
    return I->exc_pending ? NULL : fe_throw(I, EXC_NotImplementedError, "set_aspect takes "
                                            "'equal', 1 or 'auto' in nnc");
  if (args[1] != &I->none && !fe_str_is(args[1], "box") && !fe_str_is(args[1], "datalim"))
    return fe_throw(I, EXC_ValueError, "adjustable must be 'box' or 'datalim'");
  fax(self)->aspect = !equal ? 0 : fe_str_is(args[1], "datalim") ? 'd' : 'b';
  return fe_none(I);
}

Obj *pl_text_or_empty(Interp *I, const char *t) {
  return fe_str_cstr(I, t ? t : "");
}

Obj *pl_float_pair(Interp *I, double a, double b) {
  Obj *x = fe_float(I, a), *y = x ? fe_float(I, b) : NULL;
  Obj *t = y ? fe_tuple_pack(I, 2, x, y) : NULL;
  fe_decref(I, x), fe_decref(I, y);
  return t;
}

/* get_title(), get_xlabel(), get_ylabel(): the text set, or ''. */
static Obj *a_get_title(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return pl_text_or_empty(I, fax(self)->title);
}
static Obj *a_get_xlabel(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return pl_text_or_empty(I, fax(self)->xlabel);
}
static Obj *a_get_ylabel(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return pl_text_or_empty(I, fax(self)->ylabel);
}

/* xlim(*args, **kwargs): (left, right), a pair, left=/right=; returns the limits. */
static Obj *lim(Interp *I, Obj *self, Obj **args, int k) {
  FmtAxes *ax = fax(self);
  Obj *const *v;
  int64_t n;
  if (!fe_seq_items(I, args[0], &v, &n))
    return NULL;
  if (n == 1 && !fe_is_number(I, v[0]) && !fe_seq_items(I, v[0], &v, &n))
    return NULL;
  double lo = NAN, hi = NAN;
  Obj *l = kw(I, args[1], k ? "bottom" : "left", k ? "ymin" : "xmin");
  Obj *r = kw(I, args[1], k ? "top" : "right", k ? "ymax" : "xmax");
  if (n > 2)
    return fe_throw(I, EXC_TypeError, "%slim takes at most 2 values", k ? "y" : "x");
  if ((n >= 1 && v[0] != &I->none && fe_as_double(I, v[0], &lo) < 0) ||
      (n == 2 && v[1] != &I->none && fe_as_double(I, v[1], &hi) < 0) ||
      (l && l != &I->none && fe_as_double(I, l, &lo) < 0) ||
      (r && r != &I->none && fe_as_double(I, r, &hi) < 0))
    return NULL;
  for (int side = 0; ax->log_base[k] && side < 2; side++)
    if ((side ? hi : lo) <= 0)   /* fmt_axes_view ignores it */
      fprintf(fe_err(I), "UserWarning: Attempt to set non-positive %clim on a log-scaled axis "
              "will be ignored.\n", k ? 'y' : 'x');
  if (!isnan(lo) || !isnan(hi)) {
    ax->has_lim[k] = true;
    ax->lim[k][0] = lo, ax->lim[k][1] = hi;
  }
  double out[2];
  fmt_axes_view(ax, k, out);
  return pl_float_pair(I, out[0], out[1]);
}

/* get_xlim() (k 0), get_ylim(): the view limits the axes would be drawn with now. */
static Obj *view_of(Interp *I, Obj *self, int k) {
  double v[2];
  fmt_axes_view(fax(self), k, v);
  return pl_float_pair(I, v[0], v[1]);
}
static Obj *a_get_xlim(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return view_of(I, self, 0);
}
static Obj *a_get_ylim(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return view_of(I, self, 1);
}

static Obj *a_xlim(Interp *I, Obj *self, Obj **args) {
  return lim(I, self, args, 0);
}
static Obj *a_ylim(Interp *I, Obj *self, Obj **args) {
  return lim(I, self, args, 1);
}

/* Keeps legend(labels)'s labels, which name the artists in drawing order. */
static bool legend_labels(Interp *I, FmtAxes *ax, Obj *const *labels, int64_t n) {
  for (int i = 0; i < ax->nlegend; i++)
    base_free(ax->legend_labels[i]);
  base_free(ax->legend_labels);
  ax->nlegend = 0;
  ax->legend_labels = NULL;
  if (!labels)   /* none: the artists' own */
    return true;
  ax->legend_labels = base_calloc(n ? (size_t)n : 1, sizeof(char *));
  if (!ax->legend_labels)
    return nomem(I), false;
  for (; ax->nlegend < n; ax->nlegend++)
    if (!set_label(I, &ax->legend_labels[ax->nlegend], labels[ax->nlegend]))
      return false;
  return true;
}

/* bbox_to_anchor=(x, y) or (x, y, width, height) in axes fractions: where the legend is
 * placed, by loc, instead of the axes (None: the axes). */
static bool legend_anchor(Interp *I, FmtAxes *ax, Obj *v) {
  ax->legend_anchored = false;
  if (!v || v == &I->none)
    return true;
  Obj *const *items;
  int64_t n;
  if (!fe_seq_items(I, v, &items, &n) || (n != 2 && n != 4))
    return fe_throw(I, EXC_ValueError, "bbox_to_anchor takes (x, y) or (x, y, width, "
                    "height)"), false;
  double *a = ax->legend_anchor;
  a[2] = a[3] = 0;
  for (int64_t k = 0; k < n; k++)
    if (fe_as_double(I, items[k], &a[k]) < 0)
      return false;
  ax->legend_anchored = true;
  return true;
}

/* The legend's look as legend's keywords say, over rcParams' legend.*: fontsize,
 * title_fontsize, frameon, framealpha, facecolor ('inherit': the axes') and edgecolor. */
static bool legend_style(Interp *I, FmtStyle *st, Obj *kwargs) {
  Obj *frame = kw(I, kwargs, "frameon", NULL), *alpha = kw(I, kwargs, "framealpha", NULL);
  Obj *face = kw(I, kwargs, "facecolor", NULL), *edge = kw(I, kwargs, "edgecolor", NULL);
  int on = frame && frame != &I->none ? fe_truth(I, frame) : st->legend_frame;
  if (on < 0 || !font_size(I, kw(I, kwargs, "fontsize", NULL), &st->legend_size) ||
      !font_size(I, kw(I, kwargs, "title_fontsize", NULL), &st->legend_title_size) ||
      (alpha && alpha != &I->none && fe_as_double(I, alpha, &st->legend_alpha) < 0) ||
      (edge && edge != &I->none && !color_of(I, edge, &st->legend_edge)))
    return false;
  st->legend_frame = on;
  if (face && fe_str_is(face, "inherit"))
    st->legend_face = st->axes_face;
  else if (face && face != &I->none && !color_of(I, face, &st->legend_face))
    return false;
  return true;
}

/* legend(*args, loc=..., title=..., **kwargs): legend(), legend(labels), legend(handles,
 * labels), legend(handles=, labels=); loc a name or a code; a title above the entries. The
 * legend of ax, or (fig) ax is fig's legend, whose entries are its axes' artists and whose
 * place is the figure's upper right unless loc says ('best' is, as in matplotlib). */
Obj *pl_legend(Interp *I, FmtAxes *ax, const FmtFigure *fig, Obj **args) {
  static const char *const locs[] = {"best", "upper right", "upper left", "lower left",
                                     "lower right", "right", "center left", "center right",
                                     "lower center", "upper center", "center"};
  static const PlProps props = {
      .cls = "Legend", .wording = PL_INIT,
      .drawn = "bbox_to_anchor edgecolor facecolor fontsize framealpha frameon handles labels "
               "loc ncol ncols title title_fontsize",
      .own = "alignment bbox_transform borderaxespad borderpad columnspacing fancybox "
             "handleheight handlelength handler_map handletextpad labelcolor labelspacing "
             "markerfirst markerscale mode numpoints prop scatterpoints scatteryoffsets "
             "shadow title_fontproperties"};
  Obj *const *v, *const *labels;
  int64_t n, nl;
  if (!pl_props_check(I, "legend", args[1], &props) || !fe_seq_items(I, args[0], &v, &n) ||
      !pl_rc_legend(I, &ax->style) || !legend_style(I, &ax->style, args[1]))
    return NULL;
  if (n > 2)
    return fe_throw(I, EXC_TypeError, "legend() takes 0-2 positional arguments but %lld were "
                    "given", (long long)n);
  Obj *handles = n == 2 ? v[0] : kw(I, args[1], "handles", NULL);
  Obj *given = n == 2 ? v[1] : kw(I, args[1], "labels", NULL);
  fmt_axes_drop_handles(ax);   /* each legend made anew */
  ax->legend_handles = false;
  legend_labels(I, ax, NULL, 0);
  if (handles && !pl_legend_handles(I, ax, handles, given))
    return NULL;
  if (!handles && given && n == 0)   /* legend(labels=...): as legend(labels) */
    v = &given, n = 1;
  if (n == 1 && !handles && FE_IS(v[0], str))
    return fe_throw(I, EXC_TypeError, "legend(labels): labels must be a list of strings, not "
                    "one string");
  if (fig && !handles && !pl_figure_handles(I, ax, fig, n == 1 ? v[0] : NULL))
    return NULL;
  Obj *loc = kw(I, args[1], "loc", NULL);
  ax->legend_loc = FMT_LOC_BEST;
  if (loc && FE_IS(loc, str)) {
    int k = 0;
    while (k < 11 && strcmp(locs[k], FE_STR(loc)->s) != 0)
      k++;
    if (k == 11)
      return fe_throw(I, EXC_ValueError, "'%s' is not a valid value for loc", FE_STR(loc)->s);
    ax->legend_loc = k;
  } else if (loc) {
    int64_t k;
    if (fe_as_int(I, loc, &k) < 0)
      return NULL;
    if (k < 0 || k > 10)
      return fe_throw(I, EXC_ValueError, "%lld is not a valid value for loc", (long long)k);
    ax->legend_loc = (int)k;
  }
  if (fig && ax->legend_loc == FMT_LOC_BEST)
    ax->legend_loc = FMT_LOC_UPPER_RIGHT;
  Obj *ncols = kw(I, args[1], "ncols", "ncol");   /* entries in columns */
  int64_t cols = 1;
  if (ncols && fe_as_int(I, ncols, &cols) < 0)
    return NULL;
  if (cols < 1 || cols > FMT_MAX_LEGEND_COLS)
    return fe_throw(I, EXC_ValueError, "ncols must be from 1 to %d", FMT_MAX_LEGEND_COLS);
  ax->legend_cols = (int)cols;
  if (n == 0 && !handles && fmt_legend_entries(ax) == 0)   /* matplotlib's log, not a warning */
    fprintf(fe_err(I), "No artists with labels found to put in legend.  Note that artists "
            "whose label start with an underscore are ignored when legend() is called with no "
            "argument.\n");
  if (n == 1 && !handles && !fig) {
    Obj *list = fe_list_from_iter(I, v[0]);   /* a list, a tuple, an array, an Index */
    bool ok = list && fe_seq_items(I, list, &labels, &nl) && legend_labels(I, ax, labels, nl);
    fe_decref(I, list);
    if (!ok)
      return NULL;
  }
  if (!set_label(I, &ax->legend_title, kw(I, args[1], "title", NULL)) ||
      !legend_anchor(I, ax, kw(I, args[1], "bbox_to_anchor", NULL)))
    return NULL;
  ax->legend = true;
  return fe_none(I);
}

static Obj *a_legend(Interp *I, Obj *self, Obj **args) {
  return pl_legend(I, fax(self), NULL, args);
}

/* grid(visible=None, which='major', axis='both', **kwargs): the grid lines of the axes
 * named, at their major ticks, minor ticks or both, on, off, or (None) toggled unless
 * styled; the keywords (color, linestyle, linewidth, alpha) are the lines' style, as the
 * grid.* rcParams are. */
static Obj *a_grid(Interp *I, Obj *self, Obj **args) {
  static const char *const axes[] = {"both", "x", "y"};
  static const char *const whiches[] = {"major", "minor", "both"};
  FmtAxes *ax = fax(self);
  FmtStyle *st = &ax->style;
  int which_axes = -1, which = -1;
  for (int k = 0; k < 3; k++) {
    which_axes = fe_str_is(args[2], axes[k]) ? k : which_axes;
    which = fe_str_is(args[1], whiches[k]) ? k : which;
  }
  if (which_axes < 0)
    return fe_throw(I, EXC_ValueError, "axis must be 'both', 'x' or 'y'");
  if (which < 0) {
    pl_invalid_value(I, args[1], "which", "'major', 'minor', 'both'");
    return NULL;
  }
  FmtArtist line = {.color = st->grid_color, .lw = st->grid_width, .dash = st->grid_dash};
  bool styled = fe_len(I, args[3]) > 0, ok = !styled || pl_line_style(I, &line, args[3]);
  base_free(line.label);
  Obj *alpha = kw(I, args[3], "alpha", NULL);
  if (!ok || (alpha && alpha != &I->none && fe_as_double(I, alpha, &st->grid_alpha) < 0))
    return NULL;
  st->grid_color = line.color, st->grid_width = line.lw, st->grid_dash = line.dash;
  bool on[2];
  for (int k = 0; k < 2; k++) {
    bool major = ax->grid && (st->grid_axis == 'b' || st->grid_axis == "xy"[k]);
    bool chosen = which_axes == 0 || which_axes == k + 1;
    bool set = args[0] == &I->none ? styled || !(which == 1 ? ax->minor_grid[k] : major)
                                   : fe_truth(I, args[0]) == 1;
    on[k] = chosen && which != 1 ? set : major;
    ax->minor_grid[k] = chosen && which != 0 ? set : ax->minor_grid[k];
  }
  ax->grid = on[0] || on[1];
  st->grid_axis = on[0] && on[1] ? 'b' : on[0] ? 'x' : 'y';
  return fe_none(I);
}

/* axis('off' | 'on' | 'equal' | [xmin, xmax, ymin, ymax]) */
static Obj *a_axis(Interp *I, Obj *self, Obj **args) {
  FmtAxes *ax = fax(self);
  Obj *a = args[0];
  if (fe_str_is(a, "equal") || fe_str_is(a, "scaled")) { /* the limits, or the box, give */
    ax->aspect = fe_str_is(a, "equal") ? 'd' : 'b';
    return fe_none(I);
  }
  if (a == &I->none || fe_str_is(a, "tight"))
    return fe_none(I);
  if (FE_IS(a, bool) || fe_str_is(a, "off") || fe_str_is(a, "on")) {
    ax->off = fe_str_is(a, "off") || a == &I->false_.hd;
    return fe_none(I);
  }
  Obj *const *v;
  int64_t n;
  double l[4];
  if (!fe_seq_items(I, a, &v, &n) || n != 4) {
    return I->exc_pending ? NULL : fe_throw(I, EXC_ValueError, "axis() takes 'on', 'off', "
                                            "'equal' or [xmin, xmax, ymin, ymax]");
  }
  for (int i = 0; i < 4; i++)
    if (fe_as_double(I, v[i], &l[i]) < 0)
      return NULL;
  for (int k = 0; k < 2; k++)
    ax->has_lim[k] = true, ax->lim[k][0] = l[2 * k], ax->lim[k][1] = l[2 * k + 1];
  return fe_none(I);
}

/* The alignment letter of ha= / va= (l c r; b c t, baseline as bottom). */
static bool align_arg(Interp *I, Obj *v, const char *const names[3], char *out) {
  if (!v || v == &I->none)
    return true;
  bool vertical = names[0][0] == 'b';
  if (vertical && fe_str_is(v, "baseline"))
    return *out = 'b', true;
  for (int i = 0; i < 3; i++)   /* va='bottom': 'd', the text's descent above y */
    if (fe_str_is(v, names[i]))
      return *out = vertical && i == 0 ? 'd' : names[i][0], true;
  fe_throw(I, EXC_ValueError, "alignment must be '%s', '%s' or '%s'", names[0], names[1],
           names[2]);
  return false;
}

/* rotation= of tick labels or a text: degrees, or 'vertical' / 'horizontal'. */
static bool rotation_arg(Interp *I, Obj *v, double *out) {
  if (!v || v == &I->none)
    return true;
  if (FE_ISA(I, v, str)) {
    bool vertical = fe_str_is(v, "vertical"), horizontal = fe_str_is(v, "horizontal");
    if (vertical || horizontal)
      return *out = vertical ? 90 : 0, true;
    fe_throw(I, EXC_ValueError, "rotation must be 'vertical', 'horizontal' or a number");
    return false;
  }
  return fe_as_double(I, v, out) == 0;
}

/* The tick labels' keywords among kwargs, for axis k: rotation=, ha=
 * (horizontalalignment=), fontsize= (size=) and color= (c=). */
static bool label_args(Interp *I, Obj *kwargs, FmtAxes *ax, int k) {
  static const PlProps props = {
      .cls = "Text", .drawn = "c color fontsize ha horizontalalignment rotation size"};
  static const char *const ha[3] = {"left", "center", "right"};
  Obj *c = kw(I, kwargs, "color", "c");
  return pl_props_check(I, k ? "yticks" : "xticks", kwargs, &props) &&
         rotation_arg(I, kw(I, kwargs, "rotation", NULL), &ax->tick_rotation[k]) &&
         align_arg(I, kw(I, kwargs, "ha", "horizontalalignment"), ha, &ax->tick_ha[k]) &&
         font_size(I, kw(I, kwargs, "fontsize", "size"), &ax->style.tick_label_size[k]) &&
         (!c || color_of(I, c, &ax->style.tick_label_color[k]));
}

/* Labels for axis k's set ticks: one str per tick (each str() of the item). */
static bool tick_labels(Interp *I, FmtAxes *ax, int k, Obj *labels) {
  int64_t n = fe_len(I, labels);
  if (n < 0)
    return false;
  if (n != ax->ntick_at[k]) {
    fe_throw(I, EXC_ValueError, "The number of FixedLocator locations (%d), usually from a call "
             "to set_ticks, does not match the number of labels (%lld).", ax->ntick_at[k],
             (long long)n);
    return false;
  }
  char **text = base_calloc((size_t)(n ? n : 1), sizeof *text);
  if (!text)
    return nomem(I), false;
  bool ok = true;
  for (int64_t i = 0; i < n && ok; i++) {
    Obj *key = fe_int(I, i), *item = key ? fe_getitem(I, labels, key) : NULL;
    ok = item && set_label(I, &text[i], item);
    if (ok && !text[i])
      ok = fmt_strdup("", &text[i]) || (nomem(I), false);
    fe_decref(I, item);
    fe_decref(I, key);
  }
  for (int i = 0; ax->tick_text[k] && i < ax->ntick_at[k]; i++)
    base_free(ax->tick_text[k][i]);
  base_free(ax->tick_text[k]);
  ax->tick_text[k] = text;
  return ok;
}

/* Axis k's placed ticks and labels dropped. */
static void drop_ticks(FmtAxes *ax, int k) {
  for (int i = 0; ax->tick_text[k] && i < ax->ntick_at[k]; i++)
    base_free(ax->tick_text[k][i]);
  base_free(ax->tick_text[k]);
  base_free(ax->tick_at[k]);
  ax->tick_text[k] = NULL, ax->tick_at[k] = NULL, ax->ntick_at[k] = 0;
}

/* The axes sharing axis k with ax take its placed ticks and labels: matplotlib's shared axes
 * share one locator and formatter, so the last axes to set them names every one's (what
 * seaborn warns of when a FacetGrid maps barplot without order=). */
static bool share_ticks(Interp *I, FmtAxes *ax, int k) {
  int n = ax->ntick_at[k];
  for (FmtAxes *o = ax->share[k]; o && o != ax; o = o->share[k]) {
    drop_ticks(o, k);
    o->noticks[k] = ax->noticks[k];
    o->tick_at[k] = base_malloc((size_t)(n ? n : 1) * sizeof(double));
    o->tick_text[k] = ax->tick_text[k] ? base_calloc((size_t)(n ? n : 1), sizeof(char *)) : NULL;
    if (!o->tick_at[k] || (ax->tick_text[k] && !o->tick_text[k]))
      return nomem(I), false;
    memcpy(o->tick_at[k], ax->tick_at[k], (size_t)n * sizeof(double));
    o->ntick_at[k] = n;
    for (int i = 0; o->tick_text[k] && i < n; i++)
      if (!fmt_strdup(ax->tick_text[k][i], &o->tick_text[k][i]))
        return nomem(I), false;
  }
  return true;
}

/* xticks(ticks=None, labels=None, *, minor=False, **kwargs): [] hides the ticks, other ticks
 * are placed there (labelled with labels, else their numbers); rotation= turns the labels. */
static Obj *ticks(Interp *I, Obj *self, Obj **args, int k) {
  FmtAxes *ax = fax(self);
  if (!label_args(I, args[3], ax, k))
    return NULL;
  if (args[0] == &I->none) {
    if (args[1] != &I->none)
      return fe_throw(I, EXC_TypeError, "xticks(): Parameter 'labels' can't be set without "
                      "setting 'ticks'");
    return fe_none(I);
  }
  NdArray *t = floats(I, args[0]);
  if (!t)
    return NULL;
  ax->noticks[k] = t->size == 0;
  drop_ticks(ax, k);
  ax->tick_at[k] = base_malloc((size_t)(t->size ? t->size : 1) * sizeof(double));
  if (ax->tick_at[k]) {
    memcpy(ax->tick_at[k], fdata(t), (size_t)t->size * sizeof(double));
    ax->ntick_at[k] = (int)t->size;
  }
  nd_unref(t);
  if (!ax->tick_at[k])
    return nomem(I);
  if (args[1] != &I->none && !tick_labels(I, ax, k, args[1]))
    return NULL;
  return share_ticks(I, ax, k) ? fe_none(I) : NULL;
}

/* set_xticklabels(labels, *, fontdict=None, minor=False, **kwargs): for the set ticks. */
static Obj *ticklabels(Interp *I, Obj *self, Obj **args, int k) {
  FmtAxes *ax = fax(self);
  if (ax->ntick_at[k] == 0)
    return fe_throw(I, EXC_NotImplementedError, "set_%cticklabels needs the ticks placed first in "
                    "nnc: call set_%cticks(ticks) before it", k ? 'y' : 'x', k ? 'y' : 'x');
  if (!label_args(I, args[3], ax, k))
    return NULL;
  return tick_labels(I, ax, k, args[0]) && share_ticks(I, ax, k) ? fe_none(I) : NULL;
}

static Obj *a_xticklabels(Interp *I, Obj *self, Obj **args) {
  return ticklabels(I, self, args, 0);
}
static Obj *a_yticklabels(Interp *I, Obj *self, Obj **args) {
  return ticklabels(I, self, args, 1);
}

/* The font size of fontsize= / size=: points, or one of matplotlib's names (of the
 * default 10 points). */
static bool font_size(Interp *I, Obj *v, double *out) {
  return !v || v == &I->none || pl_rc_font_size(I, v, 10, out);
}

/* fontweight= (weight=): a name or a number from 100 to 900; bold from 'semibold' (600)
 * on, as the fonts matplotlib draws with have only two weights. */
static bool weight_arg(Interp *I, Obj *v, bool *bold) {
  static const struct {
    const char *name;
    int weight;
  } weights[] = {{"ultralight", 100}, {"light", 200}, {"normal", 400}, {"regular", 400},
                 {"book", 400}, {"medium", 500}, {"roman", 500}, {"semibold", 600},
                 {"demibold", 600}, {"demi", 600}, {"bold", 700}, {"heavy", 800},
                 {"extra bold", 800}, {"black", 900}};
  if (!v || v == &I->none)
    return true;
  double w = -1;
  for (size_t i = 0; FE_ISA(I, v, str) && i < sizeof weights / sizeof *weights; i++)
    w = fe_str_is(v, weights[i].name) ? weights[i].weight : w;
  if (FE_ISA(I, v, str) && w < 0)
    return fe_throw(I, EXC_ValueError, "'%s' is not a valid font weight", FE_STR(v)->s), false;
  if (!FE_ISA(I, v, str) && fe_as_double(I, v, &w) < 0)
    return false;
  *bold = w >= 600;
  return true;
}

bool pl_text_props(Interp *I, FmtArtist *a, Obj *o) {
  static const char *const ha[3] = {"left", "center", "right"};
  static const char *const va[3] = {"bottom", "center", "top"};
  Obj *c = kw(I, o, "color", "c");
  return font_size(I, kw(I, o, "fontsize", "size"), &a->size) &&
         (!c || color_of(I, c, &a->color)) &&
         align_arg(I, kw(I, o, "ha", "horizontalalignment"), ha, &a->ha) &&
         align_arg(I, kw(I, o, "va", "verticalalignment"), va, &a->va) &&
         rotation_arg(I, kw(I, o, "rotation", NULL), &a->rotation) &&
         weight_arg(I, kw(I, o, "fontweight", "weight"), &a->bold);
}

/* text(x, y, s, fontdict=None, **kwargs): a Text at (x, y) in data units, its keywords as
 * pl_text_props reads them. */
static Obj *a_text(Interp *I, Obj *self, Obj **args) {
  static const PlProps props = {.cls = "Text", .wording = PL_UPDATE, .drawn = PL_TEXT_DRAWN};
  double x, y;
  if (fe_as_double(I, args[0], &x) < 0 || fe_as_double(I, args[1], &y) < 0)
    return NULL;
  Obj *o = text_kwargs(I, "text", args[3], args[4], &props);
  FmtArtist *a = o ? fmt_axes_add(fax(self), FMT_TEXT, 1) : NULL;
  if (o && !a)
    nomem(I);
  if (a)
    a->x[0] = x, a->y[0] = y, a->size = 10, a->ha = 'l', a->va = 'b', a->color = 0;
  bool ok = a && set_label(I, &a->text, args[2]) && (a->text || fmt_strdup("", &a->text)) &&
            pl_text_props(I, a, o);
  fe_decref(I, o);
  return ok ? pl_artist_object(I, &pl_text_layout, self, a) : NULL;
}

static Obj *a_xticks(Interp *I, Obj *self, Obj **args) {
  return ticks(I, self, args, 0);
}
static Obj *a_yticks(Interp *I, Obj *self, Obj **args) {
  return ticks(I, self, args, 1);
}

/* The same function on pyplot's current axes. */
#define ON_GCA(fn)                                                                             \
  static Obj *g##fn(Interp *I, Obj *self, Obj **args) {                                        \
    (void)self;                                                                                \
    return pl_on_gca(I, fn, args);                                                             \
  }
ON_GCA(a_plot) ON_GCA(a_scatter) ON_GCA(a_bar) ON_GCA(a_barh) ON_GCA(a_hist) ON_GCA(a_imshow)
ON_GCA(a_title) ON_GCA(a_xlabel) ON_GCA(a_ylabel) ON_GCA(a_xlim) ON_GCA(a_ylim)
ON_GCA(a_legend) ON_GCA(a_grid) ON_GCA(a_axis) ON_GCA(a_xticks) ON_GCA(a_yticks)
ON_GCA(a_colorbar) ON_GCA(a_text) ON_GCA(a_bar_label) ON_GCA(pl_axes_axhline)
ON_GCA(pl_axes_axvline) ON_GCA(pl_axes_hlines) ON_GCA(pl_axes_vlines)
ON_GCA(pl_axes_tick_params) ON_GCA(pl_axes_errorbar) ON_GCA(pl_axes_fill)
ON_GCA(pl_axes_axhspan) ON_GCA(pl_axes_axvspan) ON_GCA(pl_axes_fill_between) ON_GCA(pl_axes_pie)
ON_GCA(pl_axes_autoscale) ON_GCA(pl_axes_annotate) ON_GCA(pl_axes_set_xscale)
ON_GCA(pl_axes_set_yscale) ON_GCA(pl_axes_semilogx) ON_GCA(pl_axes_semilogy)
ON_GCA(pl_axes_loglog) ON_GCA(pl_axes_minorticks_on) ON_GCA(pl_axes_minorticks_off)

#define PLOT_SIG "(*args, scalex=True, scaley=True, data=None, **kwargs)"
#define SCATTER_SIG "(x, y, s=None, c=None, marker=None, cmap=None, norm=None, vmin=None, " \
  "vmax=None, alpha=None, linewidths=None, **kwargs)"
#define BAR_SIG "(x, height, width=0.8, bottom=None, *, align='center', data=None, **kwargs)"
#define BARH_SIG "(y, width, height=0.8, left=None, *, align='center', data=None, **kwargs)"
#define HIST_SIG "(x, bins=None, range=None, density=False, weights=None, cumulative=False, " \
  "bottom=None, histtype='bar', align='mid', orientation='vertical', rwidth=None, color=None, " \
  "label=None, stacked=False, **kwargs)"
#define IMSHOW_SIG "(X, cmap=None, norm=None, *, aspect=None, interpolation=None, alpha=None, " \
  "vmin=None, vmax=None, origin=None, extent=None, **kwargs)"
#define TEXT_SIG(p) "(" p ", fontdict=None, **kwargs)"
#define TICKS_SIG "(ticks=None, labels=None, *, minor=False, **kwargs)"
#define TICKLABELS_SIG "(labels, *, fontdict=None, minor=False, **kwargs)"
#define TEXT_AT_SIG "(x, y, s, fontdict=None, **kwargs)"
#define AXHSPAN_SIG "(ymin, ymax, xmin=0, xmax=1, **kwargs)"
#define AXVSPAN_SIG "(xmin, xmax, ymin=0, ymax=1, **kwargs)"
#define FILL_SIG "(*args, data=None, **kwargs)"

const FeFnDef pl_axes_methods[] = {
    {"plot", a_plot, PLOT_SIG, NULL, NULL},
    {"scatter", a_scatter, SCATTER_SIG, NULL, NULL},
    {"bar", a_bar, BAR_SIG, NULL, NULL},
    {"barh", a_barh, BARH_SIG, NULL, NULL},
    {"hist", a_hist, HIST_SIG, NULL, NULL},
    {"boxplot", pl_axes_boxplot, PL_BOXPLOT_SIG, NULL, NULL},
    {"fill_between", pl_axes_fill_between, PL_FILL_BETWEEN_SIG, NULL, NULL},
    {"pie", pl_axes_pie, PL_PIE_SIG, NULL, NULL},
    {"twinx", pl_axes_twinx, "()", "matplotlib.pyplot.Axes", NULL},
    {"relim", pl_axes_relim, "(visible_only=False)", NULL, NULL},
    {"get_lines", pl_axes_get_lines, "()", NULL, NULL},
    {"autoscale_view", pl_axes_autoscale_view, "(tight=None, scalex=True, scaley=True)", NULL,
     NULL},
    {"autoscale", pl_axes_autoscale, PL_AUTOSCALE_SIG, NULL, NULL},
    {"get_legend_handles_labels", pl_axes_legend_handles_labels, "(legend_handler_map=None)",
     NULL, NULL},
    {"add_patch", pl_axes_add_patch, "(p)", NULL, NULL},
    {"add_artist", pl_axes_add_artist, "(a)", NULL, NULL},
    {"axhline", pl_axes_axhline, PL_AXHLINE_SIG, NULL, NULL},
    {"axhspan", pl_axes_axhspan, AXHSPAN_SIG, NULL, NULL},
    {"annotate", pl_axes_annotate, PL_ANNOTATE_SIG, NULL, NULL},
    {"axvspan", pl_axes_axvspan, AXVSPAN_SIG, NULL, NULL},
    {"fill", pl_axes_fill, FILL_SIG, NULL, NULL},
    {"axvline", pl_axes_axvline, PL_AXVLINE_SIG, NULL, NULL},
    {"hlines", pl_axes_hlines, PL_HLINES_SIG, NULL, NULL},
    {"vlines", pl_axes_vlines, PL_VLINES_SIG, NULL, NULL},
    {"tick_params", pl_axes_tick_params, PL_TICK_PARAMS_SIG, NULL, NULL},
    {"errorbar", pl_axes_errorbar, PL_ERRORBAR_SIG, NULL, NULL},
    {"imshow", a_imshow, IMSHOW_SIG, NULL, NULL},
    {"set_title", a_title, TEXT_SIG("label"), NULL, NULL},
    {"set_xlabel", a_xlabel, TEXT_SIG("xlabel"), NULL, NULL},
    {"set_ylabel", a_ylabel, TEXT_SIG("ylabel"), NULL, NULL},
    {"bar_label", a_bar_label, "(container, labels=None, *, fmt='%g', label_type='edge', "
     "padding=0, **kwargs)", NULL, NULL},
    {"set_aspect", a_set_aspect, "(aspect, adjustable=None, anchor=None, share=False)", NULL,
     NULL},
    {"get_title", a_get_title, "(loc='center')", NULL, NULL},
    {"get_xlabel", a_get_xlabel, "()", NULL, NULL},
    {"get_ylabel", a_get_ylabel, "()", NULL, NULL},
    {"set_xlim", a_xlim, "(*args, **kwargs)", NULL, NULL},
    {"get_xlim", a_get_xlim, "()", NULL, NULL},
    {"get_ylim", a_get_ylim, "()", NULL, NULL},
    {"set_ylim", a_ylim, "(*args, **kwargs)", NULL, NULL},
    {"set", pl_axes_set, "(**kwargs)", NULL, NULL},
    {"minorticks_on", pl_axes_minorticks_on, "()", NULL, NULL},
    {"minorticks_off", pl_axes_minorticks_off, "()", NULL, NULL},
    {"set_xscale", pl_axes_set_xscale, "(value, **kwargs)", NULL, NULL},
    {"set_yscale", pl_axes_set_yscale, "(value, **kwargs)", NULL, NULL},
    {"get_xscale", pl_axes_get_xscale, "()", NULL, NULL},
    {"get_yscale", pl_axes_get_yscale, "()", NULL, NULL},
    {"semilogx", pl_axes_semilogx, "(*args, **kwargs)", NULL, NULL},
    {"semilogy", pl_axes_semilogy, "(*args, **kwargs)", NULL, NULL},
    {"loglog", pl_axes_loglog, "(*args, **kwargs)", NULL, NULL},
    {"legend", a_legend, "(*args, **kwargs)", NULL, NULL},
    {"grid", a_grid, "(visible=None, which='major', axis='both', **kwargs)", NULL, NULL},
    {"axis", a_axis, "(arg=None, /, *, emit=True, **kwargs)", NULL, NULL},
    {"set_xticks", a_xticks, TICKS_SIG, NULL, NULL},
    {"set_yticks", a_yticks, TICKS_SIG, NULL, NULL},
    {"set_xticklabels", a_xticklabels, TICKLABELS_SIG, NULL, NULL},
    {"set_yticklabels", a_yticklabels, TICKLABELS_SIG, NULL, NULL},
    {"text", a_text, TEXT_AT_SIG, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeGetDef pl_axes_props[] = {
    {"containers", a_containers, NULL},
    {"lines", pl_axes_lines, NULL},
    {NULL, NULL, NULL},
};

const FeFnDef pl_axes_fns[] = {
    {"plot", ga_plot, PLOT_SIG, NULL, NULL},
    {"scatter", ga_scatter, SCATTER_SIG, NULL, NULL},
    {"bar", ga_bar, BAR_SIG, NULL, NULL},
    {"barh", ga_barh, BARH_SIG, NULL, NULL},
    {"hist", ga_hist, HIST_SIG, NULL, NULL},
    {"boxplot", pl_boxplot, PL_BOXPLOT_SIG, NULL, NULL},
    {"fill_between", gpl_axes_fill_between, PL_FILL_BETWEEN_SIG, NULL, NULL},
    {"pie", gpl_axes_pie, PL_PIE_SIG, NULL, NULL},
    {"twinx", pl_twinx, "(ax=None)", "matplotlib.pyplot.Axes", NULL},
    {"autoscale", gpl_axes_autoscale, PL_AUTOSCALE_SIG, NULL, NULL},
    {"axhline", gpl_axes_axhline, PL_AXHLINE_SIG, NULL, NULL},
    {"axhspan", gpl_axes_axhspan, AXHSPAN_SIG, NULL, NULL},
    {"annotate", gpl_axes_annotate, PL_ANNOTATE_SIG, NULL, NULL},
    {"axvspan", gpl_axes_axvspan, AXVSPAN_SIG, NULL, NULL},
    {"fill", gpl_axes_fill, FILL_SIG, NULL, NULL},
    {"axvline", gpl_axes_axvline, PL_AXVLINE_SIG, NULL, NULL},
    {"hlines", gpl_axes_hlines, PL_HLINES_SIG, NULL, NULL},
    {"vlines", gpl_axes_vlines, PL_VLINES_SIG, NULL, NULL},
    {"tick_params", gpl_axes_tick_params, PL_TICK_PARAMS_SIG, NULL, NULL},
    {"errorbar", gpl_axes_errorbar, PL_ERRORBAR_SIG, NULL, NULL},
    {"imshow", ga_imshow, IMSHOW_SIG, NULL, NULL},
    {"title", ga_title, TEXT_SIG("label"), NULL, NULL},
    {"xlabel", ga_xlabel, TEXT_SIG("xlabel"), NULL, NULL},
    {"ylabel", ga_ylabel, TEXT_SIG("ylabel"), NULL, NULL},
    {"xlim", ga_xlim, "(*args, **kwargs)", NULL, NULL},
    {"ylim", ga_ylim, "(*args, **kwargs)", NULL, NULL},
    {"xscale", gpl_axes_set_xscale, "(value, **kwargs)", NULL, NULL},
    {"minorticks_on", gpl_axes_minorticks_on, "()", NULL, NULL},
    {"minorticks_off", gpl_axes_minorticks_off, "()", NULL, NULL},
    {"yscale", gpl_axes_set_yscale, "(value, **kwargs)", NULL, NULL},
    {"semilogx", gpl_axes_semilogx, "(*args, **kwargs)", NULL, NULL},
    {"semilogy", gpl_axes_semilogy, "(*args, **kwargs)", NULL, NULL},
    {"loglog", gpl_axes_loglog, "(*args, **kwargs)", NULL, NULL},
    {"legend", ga_legend, "(*args, **kwargs)", NULL, NULL},
    {"grid", ga_grid, "(visible=None, which='major', axis='both', **kwargs)", NULL, NULL},
    {"axis", ga_axis, "(arg=None, /, *, emit=True, **kwargs)", NULL, NULL},
    {"xticks", ga_xticks, TICKS_SIG, NULL, NULL},
    {"yticks", ga_yticks, TICKS_SIG, NULL, NULL},
    {"colorbar", ga_colorbar, "(mappable=None, cax=None, ax=None, **kwargs)", NULL, NULL},
    {"text", ga_text, TEXT_AT_SIG, NULL, NULL},
    {"bar_label", ga_bar_label, "(container, labels=None, *, fmt='%g', label_type='edge', "
     "padding=0, **kwargs)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
