/* matplotlib.c — the matplotlib package (matplotlib.use(backend), which changes nothing:
 * nnc draws SVG files and opens no window), matplotlib.cm's colormaps by name (what a
 * plot's cmap= takes: pyplot.c draws the ones formats/chart.c has, and names the others it
 * refuses) and matplotlib.style, whose style sheets are accepted by name and not drawn
 * (said once): figures keep matplotlib's default style. pyplot itself is pyplot.c and
 * plt_axes.c. */
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

/* matplotlib 3.6's style.available */
static const char *const styles[] = {
    "Solarize_Light2", "_classic_test_patch", "_mpl-gallery", "_mpl-gallery-nogrid", "bmh",
    "classic", "dark_background", "fast", "fivethirtyeight", "ggplot", "grayscale",
    "seaborn-v0_8", "seaborn-v0_8-bright", "seaborn-v0_8-colorblind", "seaborn-v0_8-dark",
    "seaborn-v0_8-dark-palette", "seaborn-v0_8-darkgrid", "seaborn-v0_8-deep",
    "seaborn-v0_8-muted", "seaborn-v0_8-notebook", "seaborn-v0_8-paper", "seaborn-v0_8-pastel",
    "seaborn-v0_8-poster", "seaborn-v0_8-talk", "seaborn-v0_8-ticks", "seaborn-v0_8-white",
    "seaborn-v0_8-whitegrid", "tableau-colorblind10", NULL};

/* Whether name is a style matplotlib 3.6 uses: one of its sheets, 'default', or a
 * 'seaborn' or 'seaborn-x' of before 3.6, which it takes as 'seaborn-v0_8-x'. */
static bool known_style(const char *name) {
  char renamed[64];
  if (strncmp(name, "seaborn", 7) == 0 && strncmp(name, "seaborn-v0_8", 12) != 0) {
    snprintf(renamed, sizeof renamed, "seaborn-v0_8%s", name + 7);
    name = renamed;
  }
  for (int i = 0; styles[i]; i++)
    if (strcmp(styles[i], name) == 0)
      return true;
  return strcmp(name, "default") == 0;
}

/* style.use(style): a style's name, a dict of settings, or a list of them; matplotlib's
 * OSError for a name it lacks. */
static Obj *style_use(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *one[1] = {args[0]}, *const *v = one;
  int64_t n = 1;
  if (!FE_ISA(I, args[0], str) && !FE_ISA(I, args[0], dict) && !fe_seq_items(I, args[0], &v, &n))
    return fe_throw(I, EXC_TypeError, "style.use() takes a style's name, a dict or a list");
  bool drawn_anyway = true;   /* 'default' is what nnc draws */
  for (int64_t i = 0; i < n; i++) {
    if (FE_ISA(I, v[i], str) && !known_style(FE_STR(v[i])->s))
      return fe_throw(I, EXC_OSError, "'%s' not found in the style library and input is not "
                      "a valid URL or path; see `style.available` for list of available styles",
                      FE_STR(v[i])->s);
    drawn_anyway &= fe_str_is(v[i], "default");
  }
  PlState *st = pl_state(I);
  if (!drawn_anyway && !st->warned_mpl_style && !st->warnings_off)
    fprintf(stderr, "nnc: matplotlib's style sheets are not drawn by nnc: figures keep "
            "matplotlib's default style\n");
  st->warned_mpl_style |= !drawn_anyway;
  return fe_none(I);
}

static int style_init(Interp *I, Obj *module) {
  Obj *list = fe_list_new(I, 0);
  for (int i = 0; list && styles[i]; i++) {
    Obj *name = fe_str_cstr(I, styles[i]);
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
