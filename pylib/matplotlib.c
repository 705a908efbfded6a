/* matplotlib.c — the matplotlib package and matplotlib.cm's colormaps by name (what a
 * plot's cmap= takes: pyplot.c draws the ones formats/chart.c has, and names the others it
 * refuses). pyplot itself is pyplot.c and plt_axes.c. */
#include <stdio.h>

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

const FeModuleDef pl_matplotlib_def = {.name = "matplotlib"};
const FeModuleDef pl_matplotlib_cm_def = {.name = "matplotlib.cm", .consts = undrawn,
                                          .init = cm_init};
const FeModuleDef pl_pyplot_cm_def = {.name = "matplotlib.pyplot.cm", .alias_of = "matplotlib.cm"};
