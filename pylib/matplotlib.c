/* matplotlib.c — the matplotlib package (matplotlib.use(backend), which changes nothing:
 * nnc draws SVG files and opens no window), matplotlib.cm's colormaps by name (what a
 * plot's cmap= takes: pyplot.c draws the ones formats/chart.c has, and names the others it
 * refuses) and matplotlib.style: style.use and style.context set rcParams (plt_rc.c) to a
 * style sheet's settings (plt_styles.c). pyplot itself is pyplot.c and plt_axes.c. */
#include <stdio.h>
#include <string.h>

#include "pylib.h"

/* matplotlib.cm's colormaps that nnc does not draw, by name: a plot refuses them by name */
static const FeConstDef undrawn[] = {
    {"RdYlBu", FC_STR, 0, 0, "RdYlBu"}, {"rainbow", FC_STR, 0, 0, "rainbow"},
    {"bwr", FC_STR, 0, 0, "bwr"}, {"Paired", FC_STR, 0, 0, "Paired"},
    {"tab10", FC_STR, 0, 0, "tab10"}, {NULL, FC_NONE, 0, 0, NULL},
};

/* The ones formats/chart.c draws, and each reversed (plt.cm.gray_r), by name. */
static int cm_init(Interp *I, Obj *module) {
  Obj *d = ((Module *)module)->dict;
  for (int i = 0; i < fmt_cmap_count(); i++)
    for (int reversed = 0; reversed < 2; reversed++) {
      char name[64];
      snprintf(name, sizeof name, "%s%s", fmt_cmap_name(i), reversed ? "_r" : "");
      Obj *v = fe_str_cstr(I, name);
      int r = v ? fe_dict_setstr(I, d, name, v) : -1;
      fe_decref(I, v);
      if (r < 0)
        return -1;
    }
  return 0;
}

/* The sheet a style's name gives: a name of style.available, or a 'seaborn' or 'seaborn-x'
 * of before 3.6, which matplotlib 3.6 takes as 'seaborn-v0_8-x' with a deprecation warning
 * (said once). NULL for another name. */
static const char *const *sheet_of(Interp *I, const char *name) {
  char renamed[64];
  if (strncmp(name, "seaborn", 7) == 0 && strncmp(name, "seaborn-v0_8", 12) != 0) {
    snprintf(renamed, sizeof renamed, "seaborn-v0_8%s", name + 7);
    const char *const *sheet = pl_style_sheet(renamed);
    PlState *st = pl_state(I);
    if (sheet && !st->warned_mpl_style && !st->warnings_off)
      fprintf(fe_err(I), "MatplotlibDeprecationWarning: The seaborn styles shipped by "
              "Matplotlib are deprecated since 3.6, as they no longer correspond to the styles "
              "shipped by seaborn. However, they will remain available as "
              "'seaborn-v0_8-<style>'. Alternatively, directly use the seaborn API instead.\n");
    st->warned_mpl_style |= sheet != NULL;
    return sheet;
  }
  return pl_style_sheet(name);
}

/* The settings of a style (a name, or a dict) added to the dict d; false with matplotlib's
 * OSError for a name it lacks. 'default' is every drawn key's default. */
static bool settings_of(Interp *I, Obj *style, Obj *d) {
  if (FE_ISA(I, style, dict)) {
    Obj *k, *v;
    for (int64_t pos = 0; fe_dict_next(style, &pos, &k, &v);)
      if (fe_dict_set(I, d, k, v) < 0)
        return false;
    return true;
  }
  if (!FE_ISA(I, style, str))
    return fe_throw(I, EXC_TypeError, "a style is a name or a dict of settings"), false;
  const char *name = FE_STR(style)->s;
  if (strcmp(name, "default") == 0)
    return pl_rc_default_settings(I, d);
  const char *const *sheet = sheet_of(I, name);
  if (!sheet)
    return fe_throw(I, EXC_OSError, "'%s' not found in the style library and input is not a "
                    "valid URL or path; see `style.available` for list of available styles",
                    name), false;
  for (int i = 0; sheet[i]; i += 2) {
    Obj *v = fe_str_cstr(I, sheet[i + 1]);
    bool ok = v && fe_dict_setstr(I, d, sheet[i], v) == 0;
    fe_decref(I, v);
    if (!ok)
      return false;
  }
  return true;
}

/* The settings of style: a style's name, a dict of settings, or a list of them (later ones
 * over earlier ones), as a new dict. */
static Obj *style_settings(Interp *I, Obj *style) {
  Obj *one[1] = {style}, *const *v = one;
  int64_t n = 1;
  if (!FE_ISA(I, style, str) && !FE_ISA(I, style, dict) && !fe_seq_items(I, style, &v, &n))
    return fe_throw(I, EXC_TypeError, "style.use() takes a style's name, a dict or a list");
  Obj *d = fe_dict_new(I);
  for (int64_t i = 0; d && i < n; i++)
    if (!settings_of(I, v[i], d))
      fe_setref(I, &d, NULL);
  return d;
}

/* style.use(style): its settings made rcParams. */
static Obj *style_use(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *d = style_settings(I, args[0]);
  bool ok = d && pl_rc_apply(I, d, true);
  fe_decref(I, d);
  return ok ? fe_none(I) : NULL;
}

/* style.context(style, after_reset=False): rcParams with its settings inside a with block. */
static Obj *style_context(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (fe_truth(I, args[1]) != 0)
    return I->exc_pending ? NULL : fe_throw(I, EXC_NotImplementedError, "style.context("
                                            "after_reset=True) is not supported by nnc yet");
  return pl_rc_context(I, style_settings(I, args[0]), true);
}

static int style_init(Interp *I, Obj *module) {
  Obj *list = fe_list_new(I, 0);
  for (int i = 0; list && pl_style_name(i); i++) {
    Obj *name = fe_str_cstr(I, pl_style_name(i));
    if (!name || fe_list_append(I, list, name) < 0)
      fe_setref(I, &list, NULL);
    fe_decref(I, name);
  }
  int r = list ? fe_dict_setstr(I, ((Module *)module)->dict, "available", list) : -1;
  fe_decref(I, list);
  return r;
}

static const FeFnDef style_fns[] = {
    {"use", style_use, "(style)", NULL, NULL},
    {"context", style_context, "(style, after_reset=False)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* matplotlib.use(backend, *, force=True): nnc has one backend, SVG files. */
static Obj *mpl_use(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!FE_ISA(I, args[0], str))
    return fe_throw(I, EXC_TypeError, "backend must be a str");
  return fe_none(I);
}

static const FeFnDef matplotlib_fns[] = {
    {"use", mpl_use, "(backend, *, force=True)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_matplotlib_def = {.name = "matplotlib", .fns = matplotlib_fns};
const FeModuleDef pl_matplotlib_style_def = {.name = "matplotlib.style", .fns = style_fns,
                                             .init = style_init};
const FeModuleDef pl_pyplot_style_def = {.name = "matplotlib.pyplot.style",
                                         .alias_of = "matplotlib.style"};
const FeModuleDef pl_matplotlib_cm_def = {.name = "matplotlib.cm", .consts = undrawn,
                                          .init = cm_init};
const FeModuleDef pl_pyplot_cm_def = {.name = "matplotlib.pyplot.cm", .alias_of = "matplotlib.cm"};
