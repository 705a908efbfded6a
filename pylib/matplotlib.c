/* matplotlib.c — matplotlib.pyplot for a model file that runs with no screen: its plotting
 * calls are accepted and draw nothing, so the plots a tutorial makes around its model do not
 * stop it (`nnc run --plot FILE.svg` draws the learning curves). Each row lists a function
 * tutorials call; any other name is refused by the checker with a hint, as for every module.
 * Calls return None: code that uses what a plotting call returns (fig, ax = plt.subplots())
 * stops at the first use, with Python's error. */
#include "pylib.h"

static Obj *nothing(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return fe_none(I);
}

#define DRAWS_NOTHING(name) {name, nothing, "(*args, **kwargs)", NULL, NULL}

static const FeFnDef pyplot_fns[] = {
    DRAWS_NOTHING("axes"), DRAWS_NOTHING("axis"), DRAWS_NOTHING("bar"),
    DRAWS_NOTHING("barh"), DRAWS_NOTHING("clf"), DRAWS_NOTHING("close"),
    DRAWS_NOTHING("colorbar"), DRAWS_NOTHING("contour"), DRAWS_NOTHING("contourf"),
    DRAWS_NOTHING("errorbar"), DRAWS_NOTHING("figure"), DRAWS_NOTHING("fill_between"),
    DRAWS_NOTHING("grid"), DRAWS_NOTHING("hist"), DRAWS_NOTHING("imshow"),
    DRAWS_NOTHING("legend"), DRAWS_NOTHING("loglog"), DRAWS_NOTHING("pause"),
    DRAWS_NOTHING("plot"), DRAWS_NOTHING("savefig"), DRAWS_NOTHING("scatter"),
    DRAWS_NOTHING("semilogx"), DRAWS_NOTHING("semilogy"), DRAWS_NOTHING("show"),
    DRAWS_NOTHING("subplot"), DRAWS_NOTHING("suptitle"),
    DRAWS_NOTHING("text"), DRAWS_NOTHING("tight_layout"), DRAWS_NOTHING("title"),
    DRAWS_NOTHING("xlabel"), DRAWS_NOTHING("xlim"), DRAWS_NOTHING("xscale"),
    DRAWS_NOTHING("xticks"), DRAWS_NOTHING("ylabel"), DRAWS_NOTHING("ylim"),
    DRAWS_NOTHING("yscale"), DRAWS_NOTHING("yticks"),
    {NULL, NULL, NULL, NULL, NULL},
};

/* matplotlib.cm's colormaps, by name: what a plot's cmap= takes (and nnc draws nothing) */
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
const FeModuleDef pl_pyplot_def = {.name = "matplotlib.pyplot", .fns = pyplot_fns};
