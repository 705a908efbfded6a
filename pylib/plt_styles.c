/* plt_styles.c — matplotlib 3.6's style sheets (style.available), as the rcParams nnc draws:
 * each sheet's settings of those keys, in its file's order and written as its file writes
 * them, so that style.use sets them through the same checks as rcParams (plt_rc.c). The
 * sheets' other settings (fonts, markers, savefig, ...) are not drawn by nnc and are left
 * out. */
#include <string.h>

#include "pylib.h"

static const char *const solarize_light2[] = {
    "figure.facecolor", "FDF6E3",
    "lines.linewidth", "2.0",
    "axes.titlesize", "16",
    "axes.labelsize", "12",
    "axes.labelcolor", "657b83",
    "axes.facecolor", "eee8d5",
    "axes.edgecolor", "eee8d5",
    "axes.axisbelow", "True",
    "axes.prop_cycle", "cycler('color', ['268BD2', '2AA198', '859900', 'B58900', 'CB4B16', "
    "'DC322F', 'D33682', '6C71C4'])",
    "axes.grid", "True",
    "grid.color", "fdf6e3",
    "grid.linestyle", "-",
    "grid.linewidth", "1",
    "xtick.color", "657b83",
    "xtick.direction", "out",
    "ytick.color", "657b83",
    "ytick.direction", "out",
    NULL};
static const char *const classic_test_patch[] = {
    NULL};
static const char *const mpl_gallery[] = {
    "axes.grid", "True",
    "axes.axisbelow", "True",
    "figure.figsize", "2, 2",
    "figure.subplot.left", "0.01",
    "figure.subplot.right", "0.99",
    "figure.subplot.bottom", "0.01",
    "figure.subplot.top", "0.99",
    "xtick.major.size", "0.0",
    "ytick.major.size", "0.0",
    "image.cmap", "Blues",
    "axes.prop_cycle", "cycler('color', ['1f77b4', '58a1cf', 'abd0e6'])",
    NULL};
static const char *const mpl_gallery_nogrid[] = {
    "axes.grid", "False",
    "axes.axisbelow", "True",
    "figure.figsize", "2, 2",
    "figure.subplot.left", "0.01",
    "figure.subplot.right", "0.99",
    "figure.subplot.bottom", "0.01",
    "figure.subplot.top", "0.99",
    "xtick.major.size", "0.0",
    "ytick.major.size", "0.0",
    "image.cmap", "Blues",
    "axes.prop_cycle", "cycler('color', ['1f77b4', '82bbdb', 'ccdff1'])",
    NULL};
static const char *const bmh[] = {
    "lines.linewidth", "2.0",
    "patch.linewidth", "0.5",
    "patch.edgecolor", "eeeeee",
    "axes.facecolor", "eeeeee",
    "axes.edgecolor", "bcbcbc",
    "axes.grid", "True",
    "axes.titlesize", "x-large",
    "axes.labelsize", "large",
    "axes.prop_cycle", "cycler('color', ['348ABD', 'A60628', '7A68A6', '467821', 'D55E00', "
    "'CC79A7', '56B4E9', '009E73', 'F0E442', '0072B2'])",
    "grid.color", "b2b2b2",
    "grid.linestyle", "--",
    "grid.linewidth", "0.5",
    "xtick.direction", "in",
    "ytick.direction", "in",
    NULL};
static const char *const classic[] = {
    "lines.linewidth", "1.0",
    "lines.markersize", "6",
    "patch.linewidth", "1.0",
    "patch.force_edgecolor", "True",
    "patch.edgecolor", "k",
    "font.size", "12.0",
    "text.color", "k",
    "axes.facecolor", "w",
    "axes.edgecolor", "k",
    "axes.linewidth", "1.0",
    "axes.grid", "False",
    "axes.grid.axis", "both",
    "axes.titlesize", "large",
    "axes.labelsize", "medium",
    "axes.labelcolor", "k",
    "axes.axisbelow", "False",
    "axes.prop_cycle", "cycler('color', 'bgrcmyk')",
    "axes.spines.bottom", "True",
    "axes.spines.left", "True",
    "axes.spines.right", "True",
    "axes.spines.top", "True",
    "xtick.bottom", "True",
    "xtick.major.size", "4",
    "xtick.major.width", "0.5",
    "xtick.major.pad", "4",
    "xtick.color", "k",
    "xtick.labelsize", "medium",
    "xtick.direction", "in",
    "ytick.left", "True",
    "ytick.major.size", "4",
    "ytick.major.width", "0.5",
    "ytick.major.pad", "4",
    "ytick.color", "k",
    "ytick.labelsize", "medium",
    "ytick.direction", "in",
    "grid.color", "k",
    "grid.linestyle", ":",
    "grid.linewidth", "0.5",
    "grid.alpha", "1.0",
    "legend.fontsize", "large",
    "legend.frameon", "True",
    "legend.framealpha", "None",
    "legend.facecolor", "inherit",
    "legend.edgecolor", "inherit",
    "figure.titlesize", "medium",
    "figure.figsize", "8, 6",
    "figure.facecolor", "0.75",
    "figure.autolayout", "False",
    "figure.subplot.left", "0.125",
    "figure.subplot.right", "0.9",
    "figure.subplot.bottom", "0.1",
    "figure.subplot.top", "0.9",
    "figure.subplot.wspace", "0.2",
    "figure.subplot.hspace", "0.2",
    "image.cmap", "jet",
    NULL};
static const char *const dark_background[] = {
    "patch.edgecolor", "white",
    "text.color", "white",
    "axes.facecolor", "black",
    "axes.edgecolor", "white",
    "axes.labelcolor", "white",
    "axes.prop_cycle", "cycler('color', ['8dd3c7', 'feffb3', 'bfbbd9', 'fa8174', '81b1d2', "
    "'fdb462', 'b3de69', 'bc82bd', 'ccebc4', 'ffed6f'])",
    "xtick.color", "white",
    "ytick.color", "white",
    "grid.color", "white",
    "figure.facecolor", "black",
    NULL};
static const char *const fast[] = {
    NULL};
static const char *const fivethirtyeight[] = {
    "lines.linewidth", "4",
    "axes.prop_cycle", "cycler('color', ['008fd5', 'fc4f30', 'e5ae38', '6d904f', '8b8b8b', "
    "'810f7c'])",
    "axes.facecolor", "f0f0f0",
    "axes.labelsize", "large",
    "axes.axisbelow", "true",
    "axes.grid", "true",
    "axes.edgecolor", "f0f0f0",
    "axes.linewidth", "3.0",
    "axes.titlesize", "x-large",
    "patch.edgecolor", "f0f0f0",
    "patch.linewidth", "0.5",
    "grid.linestyle", "-",
    "grid.linewidth", "1.0",
    "grid.color", "cbcbcb",
    "xtick.major.size", "0",
    "ytick.major.size", "0",
    "font.size", "14.0",
    "figure.subplot.left", "0.08",
    "figure.subplot.right", "0.95",
    "figure.subplot.bottom", "0.07",
    "figure.facecolor", "f0f0f0",
    NULL};
static const char *const ggplot[] = {
    "patch.linewidth", "0.5",
    "patch.edgecolor", "EEEEEE",
    "font.size", "10.0",
    "axes.facecolor", "E5E5E5",
    "axes.edgecolor", "white",
    "axes.linewidth", "1",
    "axes.grid", "True",
    "axes.titlesize", "x-large",
    "axes.labelsize", "large",
    "axes.labelcolor", "555555",
    "axes.axisbelow", "True",
    "axes.prop_cycle", "cycler('color', ['E24A33', '348ABD', '988ED5', '777777', 'FBC15E', "
    "'8EBA42', 'FFB5B8'])",
    "xtick.color", "555555",
    "xtick.direction", "out",
    "ytick.color", "555555",
    "ytick.direction", "out",
    "grid.color", "white",
    "grid.linestyle", "-",
    "figure.facecolor", "white",
    NULL};
static const char *const grayscale[] = {
    "patch.edgecolor", "black",
    "text.color", "black",
    "axes.facecolor", "white",
    "axes.edgecolor", "black",
    "axes.labelcolor", "black",
    "axes.prop_cycle", "cycler('color', ['0.00', '0.40', '0.60', '0.70'])",
    "xtick.color", "black",
    "ytick.color", "black",
    "grid.color", "black",
    "figure.facecolor", "0.75",
    "image.cmap", "gray",
    NULL};
static const char *const seaborn_v0_8[] = {
    "axes.axisbelow", "True",
    "axes.edgecolor", "white",
    "axes.facecolor", "EAEAF2",
    "axes.grid", "True",
    "axes.labelcolor", ".15",
    "axes.labelsize", "11",
    "axes.linewidth", "0",
    "axes.prop_cycle", "cycler('color', ['4C72B0', '55A868', 'C44E52', '8172B2', 'CCB974', "
    "'64B5CD'])",
    "axes.titlesize", "12",
    "figure.facecolor", "white",
    "figure.figsize", "8.0, 5.5",
    "grid.color", "white",
    "grid.linestyle", "-",
    "grid.linewidth", "1",
    "image.cmap", "Greys",
    "legend.fontsize", "10",
    "legend.frameon", "False",
    "lines.linewidth", "1.75",
    "lines.markersize", "7",
    "patch.linewidth", ".3",
    "text.color", ".15",
    "xtick.color", ".15",
    "xtick.direction", "out",
    "xtick.labelsize", "10",
    "xtick.major.pad", "7",
    "xtick.major.size", "0",
    "xtick.major.width", "1",
    "ytick.color", ".15",
    "ytick.direction", "out",
    "ytick.labelsize", "10",
    "ytick.major.pad", "7",
    "ytick.major.size", "0",
    "ytick.major.width", "1",
    NULL};
static const char *const seaborn_v0_8_bright[] = {
    "axes.prop_cycle", "cycler('color', ['003FFF', '03ED3A', 'E8000B', '8A2BE2', 'FFC400', "
    "'00D7FF'])",
    NULL};
static const char *const seaborn_v0_8_colorblind[] = {
    "axes.prop_cycle", "cycler('color', ['0072B2', '009E73', 'D55E00', 'CC79A7', 'F0E442', "
    "'56B4E9'])",
    NULL};
static const char *const seaborn_v0_8_dark[] = {
    "figure.facecolor", "white",
    "text.color", ".15",
    "axes.labelcolor", ".15",
    "legend.frameon", "False",
    "xtick.direction", "out",
    "ytick.direction", "out",
    "xtick.color", ".15",
    "ytick.color", ".15",
    "axes.axisbelow", "True",
    "image.cmap", "Greys",
    "grid.linestyle", "-",
    "axes.grid", "False",
    "axes.facecolor", "EAEAF2",
    "axes.edgecolor", "white",
    "axes.linewidth", "0",
    "grid.color", "white",
    "xtick.major.size", "0",
    "ytick.major.size", "0",
    NULL};
static const char *const seaborn_v0_8_dark_palette[] = {
    "axes.prop_cycle", "cycler('color', ['001C7F', '017517', '8C0900', '7600A1', 'B8860B', "
    "'006374'])",
    NULL};
static const char *const seaborn_v0_8_darkgrid[] = {
    "figure.facecolor", "white",
    "text.color", ".15",
    "axes.labelcolor", ".15",
    "legend.frameon", "False",
    "xtick.direction", "out",
    "ytick.direction", "out",
    "xtick.color", ".15",
    "ytick.color", ".15",
    "axes.axisbelow", "True",
    "image.cmap", "Greys",
    "grid.linestyle", "-",
    "axes.grid", "True",
    "axes.facecolor", "EAEAF2",
    "axes.edgecolor", "white",
    "axes.linewidth", "0",
    "grid.color", "white",
    "xtick.major.size", "0",
    "ytick.major.size", "0",
    NULL};
static const char *const seaborn_v0_8_deep[] = {
    "axes.prop_cycle", "cycler('color', ['4C72B0', '55A868', 'C44E52', '8172B2', 'CCB974', "
    "'64B5CD'])",
    NULL};
static const char *const seaborn_v0_8_muted[] = {
    "axes.prop_cycle", "cycler('color', ['4878CF', '6ACC65', 'D65F5F', 'B47CC7', 'C4AD66', "
    "'77BEDB'])",
    NULL};
static const char *const seaborn_v0_8_notebook[] = {
    "figure.figsize", "8.0, 5.5",
    "axes.labelsize", "11",
    "axes.titlesize", "12",
    "xtick.labelsize", "10",
    "ytick.labelsize", "10",
    "legend.fontsize", "10",
    "grid.linewidth", "1",
    "lines.linewidth", "1.75",
    "patch.linewidth", ".3",
    "lines.markersize", "7",
    "xtick.major.width", "1",
    "ytick.major.width", "1",
    "xtick.major.pad", "7",
    "ytick.major.pad", "7",
    NULL};
static const char *const seaborn_v0_8_paper[] = {
    "figure.figsize", "6.4, 4.4",
    "axes.labelsize", "8.8",
    "axes.titlesize", "9.6",
    "xtick.labelsize", "8",
    "ytick.labelsize", "8",
    "legend.fontsize", "8",
    "grid.linewidth", "0.8",
    "lines.linewidth", "1.4",
    "patch.linewidth", "0.24",
    "lines.markersize", "5.6",
    "xtick.major.width", "0.8",
    "ytick.major.width", "0.8",
    "xtick.major.pad", "5.6",
    "ytick.major.pad", "5.6",
    NULL};
static const char *const seaborn_v0_8_pastel[] = {
    "axes.prop_cycle", "cycler('color', ['92C6FF', '97F0AA', 'FF9F9A', 'D0BBFF', 'FFFEA3', "
    "'B0E0E6'])",
    NULL};
static const char *const seaborn_v0_8_poster[] = {
    "figure.figsize", "12.8, 8.8",
    "axes.labelsize", "17.6",
    "axes.titlesize", "19.2",
    "xtick.labelsize", "16",
    "ytick.labelsize", "16",
    "legend.fontsize", "16",
    "grid.linewidth", "1.6",
    "lines.linewidth", "2.8",
    "patch.linewidth", "0.48",
    "lines.markersize", "11.2",
    "xtick.major.width", "1.6",
    "ytick.major.width", "1.6",
    "xtick.major.pad", "11.2",
    "ytick.major.pad", "11.2",
    NULL};
static const char *const seaborn_v0_8_talk[] = {
    "figure.figsize", "10.4, 7.15",
    "axes.labelsize", "14.3",
    "axes.titlesize", "15.6",
    "xtick.labelsize", "13",
    "ytick.labelsize", "13",
    "legend.fontsize", "13",
    "grid.linewidth", "1.3",
    "lines.linewidth", "2.275",
    "patch.linewidth", "0.39",
    "lines.markersize", "9.1",
    "xtick.major.width", "1.3",
    "ytick.major.width", "1.3",
    "xtick.major.pad", "9.1",
    "ytick.major.pad", "9.1",
    NULL};
static const char *const seaborn_v0_8_ticks[] = {
    "figure.facecolor", "white",
    "text.color", ".15",
    "axes.labelcolor", ".15",
    "legend.frameon", "False",
    "xtick.direction", "out",
    "ytick.direction", "out",
    "xtick.color", ".15",
    "ytick.color", ".15",
    "axes.axisbelow", "True",
    "image.cmap", "Greys",
    "grid.linestyle", "-",
    "axes.grid", "False",
    "axes.facecolor", "white",
    "axes.edgecolor", ".15",
    "axes.linewidth", "1.25",
    "grid.color", ".8",
    "xtick.major.size", "6",
    "ytick.major.size", "6",
    NULL};
static const char *const seaborn_v0_8_white[] = {
    "figure.facecolor", "white",
    "text.color", ".15",
    "axes.labelcolor", ".15",
    "legend.frameon", "False",
    "xtick.direction", "out",
    "ytick.direction", "out",
    "xtick.color", ".15",
    "ytick.color", ".15",
    "axes.axisbelow", "True",
    "image.cmap", "Greys",
    "grid.linestyle", "-",
    "axes.grid", "False",
    "axes.facecolor", "white",
    "axes.edgecolor", ".15",
    "axes.linewidth", "1.25",
    "grid.color", ".8",
    "xtick.major.size", "0",
    "ytick.major.size", "0",
    NULL};
static const char *const seaborn_v0_8_whitegrid[] = {
    "figure.facecolor", "white",
    "text.color", ".15",
    "axes.labelcolor", ".15",
    "legend.frameon", "False",
    "xtick.direction", "out",
    "ytick.direction", "out",
    "xtick.color", ".15",
    "ytick.color", ".15",
    "axes.axisbelow", "True",
    "image.cmap", "Greys",
    "grid.linestyle", "-",
    "axes.grid", "True",
    "axes.facecolor", "white",
    "axes.edgecolor", ".8",
    "axes.linewidth", "1",
    "grid.color", ".8",
    "xtick.major.size", "0",
    "ytick.major.size", "0",
    NULL};
static const char *const tableau_colorblind10[] = {
    "axes.prop_cycle", "cycler('color', ['006BA4', 'FF800E', 'ABABAB', '595959', '5F9ED1', "
    "'C85200', '898989', 'A2C8EC', 'FFBC79', 'CFCFCF'])",
    NULL};

static const struct {
  const char *name;
  const char *const *settings;   /* key, value, ..., NULL */
} sheets[] = {
    {"Solarize_Light2", solarize_light2},
    {"_classic_test_patch", classic_test_patch},
    {"_mpl-gallery", mpl_gallery},
    {"_mpl-gallery-nogrid", mpl_gallery_nogrid},
    {"bmh", bmh},
    {"classic", classic},
    {"dark_background", dark_background},
    {"fast", fast},
    {"fivethirtyeight", fivethirtyeight},
    {"ggplot", ggplot},
    {"grayscale", grayscale},
    {"seaborn-v0_8", seaborn_v0_8},
    {"seaborn-v0_8-bright", seaborn_v0_8_bright},
    {"seaborn-v0_8-colorblind", seaborn_v0_8_colorblind},
    {"seaborn-v0_8-dark", seaborn_v0_8_dark},
    {"seaborn-v0_8-dark-palette", seaborn_v0_8_dark_palette},
    {"seaborn-v0_8-darkgrid", seaborn_v0_8_darkgrid},
    {"seaborn-v0_8-deep", seaborn_v0_8_deep},
    {"seaborn-v0_8-muted", seaborn_v0_8_muted},
    {"seaborn-v0_8-notebook", seaborn_v0_8_notebook},
    {"seaborn-v0_8-paper", seaborn_v0_8_paper},
    {"seaborn-v0_8-pastel", seaborn_v0_8_pastel},
    {"seaborn-v0_8-poster", seaborn_v0_8_poster},
    {"seaborn-v0_8-talk", seaborn_v0_8_talk},
    {"seaborn-v0_8-ticks", seaborn_v0_8_ticks},
    {"seaborn-v0_8-white", seaborn_v0_8_white},
    {"seaborn-v0_8-whitegrid", seaborn_v0_8_whitegrid},
    {"tableau-colorblind10", tableau_colorblind10},
};

const char *const *pl_style_sheet(const char *name) {
  for (size_t i = 0; i < sizeof sheets / sizeof *sheets; i++)
    if (strcmp(sheets[i].name, name) == 0)
      return sheets[i].settings;
  return NULL;
}

const char *pl_style_name(int i) {
  return i >= 0 && (size_t)i < sizeof sheets / sizeof *sheets ? sheets[i].name : NULL;
}
