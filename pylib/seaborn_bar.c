/* seaborn_bar.c — seaborn's barplot, as seaborn 0.12 draws it: how tutorials compare a
 * number across classes (sns.barplot(x='Pclass', y='Survived', data=df)), split by a hue,
 * or show a model's feature importances (sns.barplot(x=scores, y=names)).
 *
 * The number variable is grouped by the categorical one (ordered as countplot orders them,
 * order= else) and, with hue=, by the hue's levels (hue_order=). Each group's estimate
 * (seaborn_estimate.c) is a bar at 0, 1, ..., width wide (with hue, the levels side by side
 * in it, dodge=), upright unless the categories are on y (text y, or orient='h'). Without a
 * hue every bar takes the next colour (seaborn_palette.c); with one, each level its colour
 * and a legend entry, titled with the hue's name. The error bar of each is a line in errcolor,
 * errwidth wide (1.8 lines' widths), with caps capsize wide. The categorical axis runs from
 * -0.5 to n - 0.5 (downwards when it is y), its ticks named by the categories, and the axes
 * by the variables.
 */
#include <math.h>

#include "pylib.h"

/* barplot's arguments, in its signature's order. */
enum { DATA, X, Y, HUE, ORDER, HUE_ORDER, ESTIMATOR, ERRORBAR, N_BOOT, UNITS, SEED, ORIENT,
       COLOR, PALETTE, SATURATION, WIDTH, ERRCOLOR, ERRWIDTH, CAPSIZE, DODGE, CI, AX, KWARGS };

/* The groups' rows: categories (keys) by hue levels (hue_keys, or one level). */
typedef struct {
  Obj *values, *cat, *hue;     /* the variables (cat, hue may be NULL) */
  Obj *num_name, *cat_name, *hue_name;
  PlCategories c, h;
  int64_t nc, nh;
  bool horizontal;
} Groups;

static void groups_free(Interp *I, Groups *g) {
  fe_decref(I, g->values), fe_decref(I, g->cat), fe_decref(I, g->hue);
  fe_decref(I, g->num_name), fe_decref(I, g->cat_name), fe_decref(I, g->hue_name);
  fe_decref(I, g->c.keys), base_free(g->c.count), fe_decref(I, g->h.keys);
  base_free(g->h.count);
}

/* The variables, which one holds the categories (seaborn's orient), and their levels. */
static bool groups_of(Interp *I, Obj **args, Groups *g) {
  if (args[X] == &I->none && args[Y] == &I->none)
    return fe_throw(I, EXC_NotImplementedError, "barplot of wide-form data is not supported by "
                    "nnc yet: give x= and y="), false;
  Obj *x = NULL, *y = NULL, *xname = NULL, *yname = NULL;
  bool ok = (args[X] == &I->none || (x = pl_seaborn_variable(I, args[DATA], args[X], &xname))) &&
            (args[Y] == &I->none || (y = pl_seaborn_variable(I, args[DATA], args[Y], &yname)));
  Obj *yc = ok && y ? pl_col_of(I, y) : NULL;
  bool text_y = yc && pl_col_is_text(I, yc);
  ok = ok && (!y || yc);
  fe_decref(I, yc);
  /* seaborn's orient: given, else h when x alone or y holds the categories (text) */
  g->horizontal = fe_str_is(args[ORIENT], "h") || (args[ORIENT] == &I->none && (!y || text_y));
  g->values = g->horizontal ? x : y, g->cat = g->horizontal ? y : x;
  g->num_name = g->horizontal ? xname : yname, g->cat_name = g->horizontal ? yname : xname;
  if (!g->values)
    return ok && (fe_throw(I, EXC_NotImplementedError, "barplot of the categories alone is "
                           "not supported by nnc yet: give the number variable too"), false);
  Obj *blank = g->cat ? NULL : fe_list_new(I, 1);   /* no categories: one group named '' */
  if (blank && !(FE_LIST(blank)->v[0] = fe_str_cstr(I, "")))
    fe_setref(I, &blank, NULL);
  ok = ok && (g->cat || blank) &&
       pl_seaborn_categories(I, g->cat ? g->cat : blank, g->cat ? args[ORDER] : &I->none,
                             &g->c);
  fe_decref(I, blank);
  if (ok && args[HUE] != &I->none)
    ok = (g->hue = pl_seaborn_variable(I, args[DATA], args[HUE], &g->hue_name)) &&
         pl_seaborn_categories(I, g->hue, args[HUE_ORDER], &g->h);
  g->nc = ok ? FE_LIST(g->c.keys)->n : 0, g->nh = ok && g->hue ? FE_LIST(g->h.keys)->n : 1;
  return ok;
}

/* Each row's group, cat * nh + hue (-1: a key missing), or NULL raised. */
static int64_t *rows_of(Interp *I, const Groups *g, int64_t n) {
  Obj *cats = g->cat ? fe_list_from_iter(I, g->cat) : NULL;
  Obj *hues = g->hue ? fe_list_from_iter(I, g->hue) : NULL;
  int64_t *of = (!g->cat || cats) && (!g->hue || hues)
                    ? base_malloc(sizeof *of * (size_t)(n ? n : 1)) : NULL;
  bool ok = of != NULL;
  if (ok && ((cats && FE_LIST(cats)->n != n) || (hues && FE_LIST(hues)->n != n))) {
    fe_throw(I, EXC_ValueError, "barplot's variables must have the same length: %lld values "
             "grouped by %lld", (long long)n,
             (long long)(cats && FE_LIST(cats)->n != n ? FE_LIST(cats)->n : FE_LIST(hues)->n));
    ok = false;
  }
  for (int64_t i = 0; ok && i < n; i++) {
    int64_t c = cats ? pl_seaborn_key_index(I, g->c.keys, FE_LIST(cats)->v[i]) : 0;
    int64_t h = hues ? pl_seaborn_key_index(I, g->h.keys, FE_LIST(hues)->v[i]) : 0;
    ok = c >= -1 && h >= -1;
    of[i] = c < 0 || h < 0 ? -1 : c * g->nh + h;
  }
  if (of && !ok)
    base_free(of), of = NULL;
  if (!of && !I->exc_pending)
    fe_nomem(I);
  fe_decref(I, cats), fe_decref(I, hues);
  return of;
}

/* Each group's estimate, low and high end (3 per group); NULL raised. */
static double *statistics(Interp *I, const Groups *g, const PlAggregator *agg) {
  NdArray *v = pl_seaborn_floats(I, g->values);
  int64_t *of = v ? rows_of(I, g, v->size) : NULL, groups = g->nc * g->nh;
  double *stat = of ? base_malloc(sizeof *stat * (size_t)(3 * groups + 1)) : NULL;
  bool ok = stat != NULL;
  for (int64_t k = 0; ok && k < groups; k++) {
    int64_t n = 0, whole = 0;
    for (int64_t i = 0; i < v->size; i++)
      n += of[i] == k, whole += of[i] >= 0 && of[i] / g->nh == k / g->nh;
    NdArray *part = nd_empty(ND_FLOAT64, 1, &n);
    for (int64_t i = 0, m = 0; part && i < v->size; i++)
      if (of[i] == k)
        ((double *)part->data)[m++] = ((double *)v->data)[i];
    ok = part && pl_seaborn_aggregate(agg, part, &stat[3 * k]);
    if (g->hue && whole == 0)   /* a category without rows: no bars, as seaborn */
      stat[3 * k] = stat[3 * k + 1] = stat[3 * k + 2] = NAN;
    nd_unref(part);
  }
  if (!ok && stat)
    fe_nomem(I), base_free(stat), stat = NULL;
  base_free(of), nd_unref(v);
  return stat;
}

/* A line from (x0, y0) to (x1, y1), swapped when horizontal. */
static bool segment(FmtAxes *ax, bool horizontal, double x0, double x1, double y0, double y1,
                    uint32_t color, double lw) {
  FmtArtist *a = fmt_axes_add(ax, FMT_LINE, 2);
  if (!a)
    return false;
  double *along = horizontal ? a->y : a->x, *across = horizontal ? a->x : a->y;
  along[0] = x0, along[1] = x1, across[0] = y0, across[1] = y1;
  a->color = color, a->lw = lw;
  return true;
}

typedef struct {
  double width, lw, capsize;   /* capsize < 0: none */
  uint32_t *colors;            /* each category's, or with a hue each level's */
  Obj *kwargs;                 /* the bars' own keywords (borrowed) */
  uint32_t errcolor;
  bool dodge, errorbars;
} BarStyle;

/* The bars of hue level j (or all), and their error bars. */
static bool draw_level(Interp *I, FmtAxes *ax, const Groups *g, const double *stat, int64_t j,
                       const BarStyle *st) {
  double each = g->hue && st->dodge ? st->width / (double)g->nh : st->width;
  double offset = g->hue ? pl_seaborn_hue_offset(st->width, g->nh, j, st->dodge) : 0;
  FmtArtist *bars = fmt_axes_add(ax, FMT_BARS, g->nc);
  bool ok = bars && (bars->fills = base_malloc(sizeof *bars->fills * (size_t)(g->nc + 1))) &&
            (!g->hue || fmt_strdup(FE_STR(FE_LIST(g->h.keys)->v[j])->s, &bars->label));
  for (int64_t i = 0; ok && i < g->nc; i++) {
    bars->x[i] = (double)i + offset, bars->w[i] = each, bars->y[i] = stat[3 * (i * g->nh + j)];
    bars->fills[i] = st->colors[g->hue ? j : i];
  }
  if (ok)
    bars->color = st->colors[g->hue ? j : 0], bars->horizontal = g->horizontal;
  ok = ok && pl_patch_style(I, bars, st->kwargs);   /* alpha, edgecolor, linewidth */
  for (int64_t i = 0; ok && st->errorbars && i < g->nc; i++) {
    const double *s = &stat[3 * (i * g->nh + j)];
    double at = (double)i + offset, cap = st->capsize / 2;
    ok = segment(ax, g->horizontal, at, at, s[1], s[2], st->errcolor, st->lw) &&
         (st->capsize < 0 ||
          (segment(ax, g->horizontal, at - cap, at + cap, s[1], s[1], st->errcolor, st->lw) &&
           segment(ax, g->horizontal, at - cap, at + cap, s[2], s[2], st->errcolor, st->lw)));
  }
  return ok;
}

/* The categorical axis: its limits, ticks named by the categories; the axes' names. */
static bool annotate(Interp *I, Obj *axes, const Groups *g) {
  FmtAxes *ax = ((PlAxes *)axes)->ax;
  int k = g->horizontal;
  ax->has_lim[k] = true;
  ax->lim[k][0] = k ? (double)g->nc - 0.5 : -0.5, ax->lim[k][1] = k ? -0.5 : (double)g->nc - 0.5;
  Obj *ticks[2] = {pl_range_list(I, g->nc), g->c.keys};
  Obj *r = ticks[0] ? fe_call_method(I, axes, k ? "set_yticks" : "set_xticks", ticks, 2) : NULL;
  Obj *xname = k ? g->num_name : g->cat_name, *yname = k ? g->cat_name : g->num_name;
  bool ok = r && pl_seaborn_name_axes(I, ax, xname, yname) &&
            (!g->hue || pl_seaborn_legend(I, axes, g->hue_name));
  fe_decref(I, r), fe_decref(I, ticks[0]);
  return ok;
}

/* barplot(data=None, *, x=None, y=None, hue=None, order=None, hue_order=None,
 * estimator='mean', errorbar=('ci', 95), n_boot=1000, units=None, seed=None, orient=None,
 * color=None, palette=None, saturation=0.75, width=0.8, errcolor='.26', errwidth=None,
 * capsize=None, dodge=True, ci='deprecated', ax=None, **kwargs) */
Obj *pl_seaborn_barplot(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (args[UNITS] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "barplot(units=) is not supported by nnc yet");
  static const char *const patch_keys[] = {"alpha", "edgecolor", "ec", "linewidth", "lw"};
  int64_t pos = 0;
  Obj *key, *value;
  while (fe_dict_next(args[KWARGS], &pos, &key, &value)) {
    bool known = false;
    for (size_t k = 0; k < sizeof patch_keys / sizeof *patch_keys; k++)
      known |= fe_str_is(key, patch_keys[k]);
    if (!known)
      return fe_throw(I, EXC_NotImplementedError, "barplot(%s=) is not supported by nnc yet: "
                      "of matplotlib's keywords it takes alpha, edgecolor and linewidth",
                      FE_ISA(I, key, str) ? FE_STR(key)->s : "?");
  }
  if (args[ORIENT] != &I->none && !fe_str_is(args[ORIENT], "h") && !fe_str_is(args[ORIENT], "v"))
    return fe_throw(I, EXC_ValueError, "orient must be 'v' or 'h'");
  BarStyle st = {.lw = 1.5 * 1.8, .capsize = -1, .kwargs = args[KWARGS]};   /* lines.linewidth
                                                                          times 1.8 */
  double saturation;
  int dodge = fe_truth(I, args[DODGE]);
  if (dodge < 0 || fe_as_double(I, args[WIDTH], &st.width) < 0 ||
      fe_as_double(I, args[SATURATION], &saturation) < 0 ||
      (args[ERRWIDTH] != &I->none && fe_as_double(I, args[ERRWIDTH], &st.lw) < 0) ||
      (args[CAPSIZE] != &I->none && fe_as_double(I, args[CAPSIZE], &st.capsize) < 0) ||
      !pl_color(I, args[ERRCOLOR], &st.errcolor))
    return NULL;
  st.dodge = dodge;
  Obj *errorbar = pl_seaborn_errorbar_arg(I, args[ERRORBAR], args[CI]);
  PlAggregator agg;
  bool ok = errorbar && pl_seaborn_aggregator(I, args[ESTIMATOR], errorbar, args[N_BOOT],
                                              args[SEED], &agg);
  fe_decref(I, errorbar);
  st.errorbars = ok && agg.method != PL_ERR_NONE;
  Groups g = {0};
  double *stat = ok && groups_of(I, args, &g) ? statistics(I, &g, &agg) : NULL;
  st.colors = stat ? pl_seaborn_level_colors(I, args[COLOR], args[PALETTE],
                                             g.hue ? g.h.keys : g.c.keys, g.hue, saturation,
                                             NULL)
                   : NULL;
  Obj *axes = st.colors ? pl_seaborn_axes(I, args[AX]) : NULL;
  FmtAxes *ax = axes ? ((PlAxes *)axes)->ax : NULL;
  ok = ax != NULL;
  for (int64_t j = 0; ok && j < g.nh; j++)
    ok = draw_level(I, ax, &g, stat, j, &st) || (!I->exc_pending && (fe_nomem(I), false));
  ok = ok && annotate(I, axes, &g);
  base_free(stat), base_free(st.colors), groups_free(I, &g);
  if (!ok)
    fe_setref(I, &axes, NULL);
  return axes;
}
