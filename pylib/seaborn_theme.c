/* seaborn_theme.c — seaborn 0.12's themes, as the rcParams it sets (plt_rc.c): set_theme
 * (and its old name set), set_style and axes_style (darkgrid, whitegrid, dark, white,
 * ticks), set_context and plotting_context (paper, notebook, talk, poster, with font_scale),
 * set_palette and set_color_codes (plt.plot(x, y, 'r') in seaborn's red), reset_defaults,
 * and despine, which takes spines off axes already made. axes_style and plotting_context
 * return their settings as an rc_context, so `with sns.axes_style('white'):` works. */
#include <string.h>

#include "pylib.h"

/* The keys a style sets and a context sets: rc= is filtered by them, as seaborn filters. */
static const char *const style_keys[] = {
    "axes.facecolor", "axes.edgecolor", "axes.grid", "axes.axisbelow", "axes.labelcolor",
    "figure.facecolor", "grid.color", "grid.linestyle", "text.color", "xtick.color",
    "ytick.color", "xtick.direction", "ytick.direction", "lines.solid_capstyle",
    "patch.edgecolor", "patch.force_edgecolor", "image.cmap", "font.family",
    "font.sans-serif", "xtick.bottom", "xtick.top", "ytick.left", "ytick.right",
    "axes.spines.left", "axes.spines.bottom", "axes.spines.right", "axes.spines.top", NULL};
static const char *const context_keys[] = {
    "font.size", "axes.labelsize", "axes.titlesize", "xtick.labelsize", "ytick.labelsize",
    "legend.fontsize", "legend.title_fontsize", "axes.linewidth", "grid.linewidth",
    "lines.linewidth", "lines.markersize", "patch.linewidth", "xtick.major.width",
    "ytick.major.width", "xtick.minor.width", "ytick.minor.width", "xtick.major.size",
    "ytick.major.size", "xtick.minor.size", "ytick.minor.size", NULL};
enum { NFONT_KEYS = 7 };   /* context_keys' first seven are font sizes */
static const double context_base[] = {12, 12, 12, 11, 11, 11, 12, 1.25, 1, 1.5, 6, 1, 1.25,
                                      1.25, 1, 1, 6, 6, 4, 4};

static bool listed(const char *const *keys, const char *key) {
  for (int i = 0; keys[i]; i++)
    if (strcmp(keys[i], key) == 0)
      return true;
  return false;
}

static bool put_text(Interp *I, Obj *d, const char *key, const char *v) {
  Obj *s = fe_str_cstr(I, v);
  bool ok = s && fe_dict_setstr(I, d, key, s) == 0;
  fe_decref(I, s);
  return ok;
}

/* rc's entries among keys added to d; false raised. */
static bool add_rc(Interp *I, Obj *d, Obj *rc, const char *const *keys) {
  if (rc == &I->none)
    return true;
  if (!FE_ISA(I, rc, dict))
    return fe_throw(I, EXC_TypeError, "rc must be a dict"), false;
  Obj *k, *v;
  for (int64_t pos = 0; fe_dict_next(rc, &pos, &k, &v);)
    if (FE_ISA(I, k, str) && listed(keys, FE_STR(k)->s) && fe_dict_set(I, d, k, v) < 0)
      return false;
  return true;
}

/* The index of name (a str) among names, or -1. */
static int named(Interp *I, const char *const *names, Obj *name) {
  for (int i = 0; names[i] && FE_ISA(I, name, str); i++)
    if (strcmp(names[i], FE_STR(name)->s) == 0)
      return i;
  return -1;
}

/* axes_style(style, rc)'s settings as a new dict (style None: none but rc's). */
static Obj *style_settings(Interp *I, Obj *style, Obj *rc) {
  static const char *const styles[] = {"white", "dark", "whitegrid", "darkgrid", "ticks", NULL};
  static const char *const common[] = {
      "figure.facecolor", "white", "axes.labelcolor", ".15", "xtick.direction", "out",
      "ytick.direction", "out", "xtick.color", ".15", "ytick.color", ".15",
      "axes.axisbelow", "True", "grid.linestyle", "-", "text.color", ".15",
      "lines.solid_capstyle", "round", "patch.edgecolor", "w", "patch.force_edgecolor", "True",
      "image.cmap", "rocket", "xtick.top", "False", "ytick.right", "False",
      "axes.spines.left", "True", "axes.spines.bottom", "True", "axes.spines.right", "True",
      "axes.spines.top", "True", NULL};
  /* axes.facecolor, axes.edgecolor and grid.color of each style, in styles' order */
  static const char *const colors[][3] = {{"white", ".15", ".8"}, {"#EAEAF2", "white", "white"},
                                          {"white", ".8", ".8"}, {"#EAEAF2", "white", "white"},
                                          {"white", ".15", ".8"}};
  Obj *d = fe_dict_new(I);
  if (!d || style == &I->none)
    return d && add_rc(I, d, rc, style_keys) ? d : (fe_decref(I, d), NULL);
  int s = named(I, styles, style);
  bool ok = s >= 0 || (fe_throw(I, EXC_ValueError, "style must be one of white, dark, "
                                "whitegrid, darkgrid, ticks"), false);
  for (int i = 0; ok && common[i]; i += 2)
    ok = put_text(I, d, common[i], common[i + 1]);
  const char *grid = s == 2 || s == 3 ? "True" : "False", *ticks = s == 4 ? "True" : "False";
  ok = ok && put_text(I, d, "axes.grid", grid) &&
       put_text(I, d, "axes.facecolor", colors[s][0]) &&
       put_text(I, d, "axes.edgecolor", colors[s][1]) &&
       put_text(I, d, "grid.color", colors[s][2]) && put_text(I, d, "xtick.bottom", ticks) &&
       put_text(I, d, "ytick.left", ticks) && add_rc(I, d, rc, style_keys);
  return ok ? d : (fe_decref(I, d), NULL);
}

/* plotting_context(context, font_scale, rc)'s settings as a new dict: seaborn's base sizes
 * scaled by the context, the fonts also by font_scale. */
static Obj *context_settings(Interp *I, Obj *context, Obj *font_scale, Obj *rc) {
  static const char *const contexts[] = {"paper", "notebook", "talk", "poster", NULL};
  static const double scaling[] = {0.8, 1, 1.5, 2};
  Obj *d = fe_dict_new(I);
  if (!d || context == &I->none)
    return d && add_rc(I, d, rc, context_keys) ? d : (fe_decref(I, d), NULL);
  int c = named(I, contexts, context);
  double scale = 1;
  bool ok = (c >= 0 || (fe_throw(I, EXC_ValueError, "context must be in paper, notebook, "
                                 "talk, poster"), false)) &&
            fe_as_double(I, font_scale, &scale) == 0;
  for (int i = 0; ok && context_keys[i]; i++) {
    Obj *v = fe_float(I, context_base[i] * scaling[c] * (i < NFONT_KEYS ? scale : 1));
    ok = v && fe_dict_setstr(I, d, context_keys[i], v) == 0;
    fe_decref(I, v);
  }
  ok = ok && add_rc(I, d, rc, context_keys);
  return ok ? d : (fe_decref(I, d), NULL);
}

/* Sets the settings a new dict holds (taken), as rcParams.update; false raised. seaborn's
 * own keys that nnc does not draw (minor ticks, caps, fonts) go unsaid. */
static bool apply(Interp *I, Obj *d) {
  bool ok = d && pl_rc_apply(I, d, false);
  fe_decref(I, d);
  return ok;
}

/* set_color_codes(palette='deep'): 'b', 'g', 'r', 'm', 'y', 'c' as the palette's six
 * colours, 'k' as 0.1 grey; 'reset' gives matplotlib's back. */
static bool color_codes(Interp *I, Obj *palette) {
  static const char *const names[] = {"deep", "muted", "pastel", "bright", "dark",
                                      "colorblind", NULL};
  PlState *st = pl_state(I);
  if (fe_str_is(palette, "reset"))
    return st->color_codes = false, true;
  char six[32] = "";
  for (int i = 0; names[i] && FE_ISA(I, palette, str); i++)
    if (strncmp(FE_STR(palette)->s, names[i], strlen(names[i])) == 0) {
      const char *rest = FE_STR(palette)->s + strlen(names[i]);   /* 'deep' or 'deep6' */
      if (!*rest || strcmp(rest, "6") == 0)
        snprintf(six, sizeof six, "%s6", names[i]);
    }
  if (!six[0])
    return fe_throw(I, EXC_ValueError, "Cannot set colors with palette '%s'",
                    FE_ISA(I, palette, str) ? FE_STR(palette)->s : "?"), false;
  Obj *name = fe_str_cstr(I, six);
  uint32_t c[FMT_MAX_CYCLE];
  int n = name ? pl_seaborn_palette(I, name, 6, c) : 0;
  fe_decref(I, name);
  if (n != 6)
    return false;
  memcpy(st->codes, c, 6 * sizeof *c);
  st->codes[6] = 0x1a1a1a;
  return st->color_codes = true;
}

/* set_palette(palette, n_colors=None, desat=None, color_codes=False) */
static Obj *s_set_palette(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t n = 0;
  if ((args[1] != &I->none && fe_as_int(I, args[1], &n) < 0))
    return NULL;
  if (args[2] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "set_palette(desat=) is not supported by nnc "
                    "yet");
  uint32_t c[FMT_MAX_CYCLE];
  int m = pl_seaborn_palette(I, args[0], n, c);
  Obj *cycler = m ? pl_cycler_of_colors(I, c, m) : NULL;
  bool ok = cycler && pl_rc_set(I, "axes.prop_cycle", cycler);
  fe_decref(I, cycler);
  int codes = ok ? fe_truth(I, args[3]) : 0;
  if (codes == 1 && !color_codes(I, args[0]))   /* seaborn passes over a palette without */
    fe_decref(I, fe_exc_take(I));
  return ok && codes >= 0 ? fe_none(I) : NULL;
}

/* color_palette(palette=None, n_colors=None, desat=None, as_cmap=False): the colours as a
 * list of (r, g, b) fractions, seaborn's palette= and color= take them. */
static Obj *s_color_palette(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t n = 0;
  if (args[1] != &I->none && fe_as_int(I, args[1], &n) < 0)
    return NULL;
  if (args[2] != &I->none || fe_truth(I, args[3]) != 0)
    return I->exc_pending ? NULL : fe_throw(I, EXC_NotImplementedError, "color_palette("
                                            "desat=, as_cmap=True) is not supported by nnc yet");
  uint32_t c[FMT_MAX_CYCLE];
  int m = pl_seaborn_palette(I, args[0], n, c);
  Obj *list = m ? fe_list_new(I, m) : NULL;
  for (int i = 0; list && i < m; i++) {
    Obj *rgb = FE_LIST(list)->v[i] = fe_tuple_new(I, 3);
    for (int k = 0; rgb && k < 3; k++)
      if (!(FE_TUPLE(rgb)->v[k] = fe_float(I, (double)(c[i] >> (16 - 8 * k) & 0xff) / 255)))
        rgb = NULL;
    if (!rgb)
      fe_setref(I, &list, NULL);
  }
  return list;
}

static Obj *s_set_color_codes(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return color_codes(I, args[0]) ? fe_none(I) : NULL;
}

static Obj *s_set_style(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return apply(I, style_settings(I, args[0], args[1])) ? fe_none(I) : NULL;
}

static Obj *s_set_context(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return apply(I, context_settings(I, args[0], args[1], args[2])) ? fe_none(I) : NULL;
}

static Obj *s_axes_style(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return pl_rc_context(I, style_settings(I, args[0], args[1]), false);   /* a with block */
}

static Obj *s_plotting_context(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return pl_rc_context(I, context_settings(I, args[0], args[1], args[2]), false);
}

/* set_theme(context='notebook', style='darkgrid', palette='deep', font='sans-serif',
 * font_scale=1, color_codes=True, rc=None) */
static Obj *s_set_theme(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *font = fe_dict_new(I);
  bool ok = font && fe_dict_setstr(I, font, "font.family", args[3]) == 0 &&
            apply(I, context_settings(I, args[0], args[4], &I->none)) &&
            apply(I, style_settings(I, args[1], font));
  fe_decref(I, font);
  Obj *palette[4] = {args[2], &I->none, &I->none, args[5]};
  Obj *r = ok ? s_set_palette(I, NULL, palette) : NULL;
  fe_decref(I, r);
  if (!r || (args[6] != &I->none && !pl_rc_apply(I, args[6], true)))
    return NULL;
  return fe_none(I);
}

static Obj *s_reset_defaults(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  pl_state(I)->color_codes = false;
  return pl_rc_defaults(I) ? fe_none(I) : NULL;
}

/* despine(fig=None, ax=None, top=True, right=True, left=False, bottom=False, offset=None,
 * trim=False): those spines off the axes (ax's, else fig's, else the current figure's). */
static Obj *s_despine(Interp *I, Obj *self, Obj **args) {
  (void)self;
  bool off[4];   /* left, bottom, right, top, as FmtStyle.spines */
  Obj *which[4] = {args[4], args[5], args[3], args[2]};
  for (int i = 0; i < 4; i++) {
    int t = fe_truth(I, which[i]);
    if (t < 0)
      return NULL;
    off[i] = t;
  }
  if (args[6] != &I->none || fe_truth(I, args[7]) != 0)
    return I->exc_pending ? NULL : fe_throw(I, EXC_NotImplementedError, "despine(offset=, "
                                            "trim=True) is not supported by nnc yet");
  Obj *fig = args[1] != &I->none ? NULL : args[0] != &I->none ? (fe_incref(args[0]), args[0])
                                                               : pl_gcf(I);
  if (args[1] == &I->none && !fig)
    return NULL;
  if (args[1] != &I->none && !pl_is_axes(args[1]))
    return fe_throw(I, EXC_TypeError, "despine(ax=) takes an Axes");
  FmtFigure *f = fig ? ((PlFigure *)fig)->f : NULL;
  int n = f ? f->n : 1;
  for (int a = 0; a < n; a++) {
    FmtAxes *ax = f ? f->axes[a] : ((PlAxes *)args[1])->ax;
    for (int i = 0; i < 4; i++)
      ax->style.spines[i] &= !off[i];
  }
  fe_decref(I, fig);
  return fe_none(I);
}

#define THEME_SIG                                                                            \
  "(context='notebook', style='darkgrid', palette='deep', font='sans-serif', font_scale=1, "  \
  "color_codes=True, rc=None)"

static const FeFnDef fns[] = {
    {"set_theme", s_set_theme, THEME_SIG, NULL, NULL},
    {"set", s_set_theme, THEME_SIG, NULL, NULL},
    {"set_style", s_set_style, "(style=None, rc=None)", NULL, NULL},
    {"axes_style", s_axes_style, "(style=None, rc=None)", NULL, NULL},
    {"set_context", s_set_context, "(context=None, font_scale=1, rc=None)", NULL, NULL},
    {"plotting_context", s_plotting_context, "(context=None, font_scale=1, rc=None)", NULL,
     NULL},
    {"set_palette", s_set_palette, "(palette, n_colors=None, desat=None, color_codes=False)",
     NULL, NULL},
    {"set_color_codes", s_set_color_codes, "(palette='deep')", NULL, NULL},
    {"color_palette", s_color_palette, "(palette=None, n_colors=None, desat=None, "
     "as_cmap=False)", "list", NULL},
    {"reset_defaults", s_reset_defaults, "()", NULL, NULL},
    {"reset_orig", s_reset_defaults, "()", NULL, NULL},
    {"despine", s_despine, "(fig=None, ax=None, top=True, right=True, left=False, "
     "bottom=False, offset=None, trim=False)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_seaborn_theme_def = {.name = "seaborn", .fns = fns};
