/* matplotlib.c — the matplotlib package and matplotlib.cm's colormaps by name (what a
 * plot's cmap= takes: pyplot.c draws the ones formats/chart.c has, and names the others it
 * refuses). pyplot itself is pyplot.c and plt_axes.c. */
#include "pylib.h"

/* matplotlib.cm's colormaps, by name */
static const FeConstDef colormaps[] = {
    {"Spectral", FC_STR, 0, 0, "Spectral"}, {"viridis", FC_STR, 0, 0, "viridis"},
    {"plasma", FC_STR, 0, 0, "plasma"}, {"inferno", FC_STR, 0, 0, "inferno"},
    {"magma", FC_STR, 0, 0, "magma"}, {"cividis", FC_STR, 0, 0, "cividis"},
    {"coolwarm", FC_STR, 0, 0, "coolwarm"}, {"bwr", FC_STR, 0, 0, "bwr"},
    {"RdBu", FC_STR, 0, 0, "RdBu"}, {"RdYlBu", FC_STR, 0, 0, "RdYlBu"},
    {"jet", FC_STR, 0, 0, "jet"}, {"rainbow", FC_STR, 0, 0, "rainbow"},
    {"binary", FC_STR, 0, 0, "binary"}, {"gray", FC_STR, 0, 0, "gray"},
    {"Greys", FC_STR, 0, 0, "Greys"}, {"Blues", FC_STR, 0, 0, "Blues"},
    {"Reds", FC_STR, 0, 0, "Reds"}, {"Greens", FC_STR, 0, 0, "Greens"},
    {"Paired", FC_STR, 0, 0, "Paired"}, {"tab10", FC_STR, 0, 0, "tab10"},
    {NULL, FC_NONE, 0, 0, NULL},
};

const FeModuleDef pl_matplotlib_def = {.name = "matplotlib"};
const FeModuleDef pl_matplotlib_cm_def = {.name = "matplotlib.cm", .consts = colormaps};
const FeModuleDef pl_pyplot_cm_def = {.name = "matplotlib.pyplot.cm", .alias_of = "matplotlib.cm"};
