/* plt_rc.c — matplotlib's rcParams: the settings new figures and their axes are drawn with.
 *
 * One RcParams object per run is matplotlib.rcParams and pyplot.rcParams. It takes every key
 * matplotlib 3.6 has. The ones nnc draws (the table below: how each is read, and its default
 * written as a style sheet writes it) are checked when set, as matplotlib's validators check
 * them (ValueError naming the key); the others are kept as given, and the first time a model
 * file sets one, nnc says that it is not drawn. A key matplotlib does not have is its
 * KeyError. Values are kept as Python values, so a file reads back what it set.
 *
 * pyplot reads them each time it makes a figure (pl_rc_current): the figure's size, subplot
 * parameters and layout, and the FmtStyle its axes are drawn in. Style sheets
 * (matplotlib.c) and seaborn's themes (seaborn_theme.c) are rcParams set through rc_set.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "pylib.h"

/* How a key's value is read. */
typedef enum {
  RC_COLOR,       /* a colour; 'E5E5E5' without '#' as in a style sheet */
  RC_COLOR_OR,    /* a colour, or 'inherit' or 'auto': another key's colour */
  RC_SIZE,        /* a font size: points, or 'xx-small' .. 'xx-large', relative to font.size */
  RC_SIZE_NONE,   /* a font size, or None: font.size */
  RC_FLOAT,
  RC_FLOAT_NONE,  /* a number, or None */
  RC_BOOL,
  RC_PAIR,        /* two numbers: (6.4, 4.8) or '6.4, 4.8' */
  RC_DASH,        /* a line style: '-', '--', '-.', ':' or their names */
  RC_DIRECTION,   /* 'in', 'out', 'inout' */
  RC_GRID_AXIS,   /* 'both', 'x', 'y' */
  RC_BELOW,       /* True, False or 'line' */
  RC_CYCLE,       /* a cycler of colours: cycler('color', [...]) */
  RC_CMAP,        /* a colormap's name */
} RcKind;

typedef struct {
  const char *key;
  RcKind kind;
  const char *dflt;
} RcKey;

enum {
  FIGSIZE, FIGURE_FACE, FIGURE_TITLESIZE, AUTOLAYOUT, CONSTRAINED, SP_LEFT, SP_RIGHT, SP_BOTTOM,
  SP_TOP, SP_WSPACE, SP_HSPACE, FONT_SIZE, AXES_FACE, AXES_EDGE, AXES_WIDTH, AXES_GRID,
  GRID_AXIS, AXISBELOW, LABEL_COLOR, LABEL_SIZE, TITLE_SIZE, TITLE_COLOR, PROP_CYCLE,
  SPINE_LEFT, SPINE_BOTTOM, SPINE_RIGHT, SPINE_TOP, TEXT_COLOR, XTICK_COLOR, YTICK_COLOR,
  XTICK_LABELSIZE, YTICK_LABELSIZE, XTICK_SIZE, YTICK_SIZE, XTICK_WIDTH, YTICK_WIDTH,
  XTICK_PAD, YTICK_PAD, XMINOR_SIZE, YMINOR_SIZE, XMINOR_WIDTH, YMINOR_WIDTH, XMINOR_PAD,
  YMINOR_PAD, XTICK_DIR, YTICK_DIR, XTICK_BOTTOM, YTICK_LEFT, GRID_COLOR,
  GRID_STYLE, GRID_WIDTH, GRID_ALPHA, LEGEND_FRAME, LEGEND_FACE, LEGEND_EDGE, LEGEND_ALPHA,
  LEGEND_SIZE, LEGEND_TITLE_SIZE, LINE_WIDTH, MARKER_SIZE, PATCH_FORCE_EDGE, PATCH_EDGE,
  PATCH_WIDTH, IMAGE_CMAP, INTERACTIVE, NDRAWN
};

/* The keys nnc reads (all drawn, but interactive: plt.ion()'s mode), with matplotlib 3.6's
 * defaults (matplotlibrc). */
static const RcKey drawn[NDRAWN] = {
    [FIGSIZE] = {"figure.figsize", RC_PAIR, "6.4, 4.8"},
    [FIGURE_FACE] = {"figure.facecolor", RC_COLOR, "white"},
    [FIGURE_TITLESIZE] = {"figure.titlesize", RC_SIZE, "large"},
    [AUTOLAYOUT] = {"figure.autolayout", RC_BOOL, "False"},
    [CONSTRAINED] = {"figure.constrained_layout.use", RC_BOOL, "False"},
    [SP_LEFT] = {"figure.subplot.left", RC_FLOAT, "0.125"},
    [SP_RIGHT] = {"figure.subplot.right", RC_FLOAT, "0.9"},
    [SP_BOTTOM] = {"figure.subplot.bottom", RC_FLOAT, "0.11"},
    [SP_TOP] = {"figure.subplot.top", RC_FLOAT, "0.88"},
    [SP_WSPACE] = {"figure.subplot.wspace", RC_FLOAT, "0.2"},
    [SP_HSPACE] = {"figure.subplot.hspace", RC_FLOAT, "0.2"},
    [FONT_SIZE] = {"font.size", RC_FLOAT, "10"},
    [AXES_FACE] = {"axes.facecolor", RC_COLOR, "white"},
    [AXES_EDGE] = {"axes.edgecolor", RC_COLOR, "black"},
    [AXES_WIDTH] = {"axes.linewidth", RC_FLOAT, "0.8"},
    [AXES_GRID] = {"axes.grid", RC_BOOL, "False"},
    [GRID_AXIS] = {"axes.grid.axis", RC_GRID_AXIS, "both"},
    [AXISBELOW] = {"axes.axisbelow", RC_BELOW, "line"},
    [LABEL_COLOR] = {"axes.labelcolor", RC_COLOR, "black"},
    [LABEL_SIZE] = {"axes.labelsize", RC_SIZE, "medium"},
    [TITLE_SIZE] = {"axes.titlesize", RC_SIZE, "large"},
    [TITLE_COLOR] = {"axes.titlecolor", RC_COLOR_OR, "auto"},
    [PROP_CYCLE] = {"axes.prop_cycle", RC_CYCLE,
                    "cycler('color', ['1f77b4', 'ff7f0e', '2ca02c', 'd62728', '9467bd', "
                    "'8c564b', 'e377c2', '7f7f7f', 'bcbd22', '17becf'])"},
    [SPINE_LEFT] = {"axes.spines.left", RC_BOOL, "True"},
    [SPINE_BOTTOM] = {"axes.spines.bottom", RC_BOOL, "True"},
    [SPINE_RIGHT] = {"axes.spines.right", RC_BOOL, "True"},
    [SPINE_TOP] = {"axes.spines.top", RC_BOOL, "True"},
    [TEXT_COLOR] = {"text.color", RC_COLOR, "black"},
    [XTICK_COLOR] = {"xtick.color", RC_COLOR, "black"},
    [YTICK_COLOR] = {"ytick.color", RC_COLOR, "black"},
    [XTICK_LABELSIZE] = {"xtick.labelsize", RC_SIZE, "medium"},
    [YTICK_LABELSIZE] = {"ytick.labelsize", RC_SIZE, "medium"},
    [XTICK_SIZE] = {"xtick.major.size", RC_FLOAT, "3.5"},
    [YTICK_SIZE] = {"ytick.major.size", RC_FLOAT, "3.5"},
    [XTICK_WIDTH] = {"xtick.major.width", RC_FLOAT, "0.8"},
    [YTICK_WIDTH] = {"ytick.major.width", RC_FLOAT, "0.8"},
    [XTICK_PAD] = {"xtick.major.pad", RC_FLOAT, "3.5"},
    [YTICK_PAD] = {"ytick.major.pad", RC_FLOAT, "3.5"},
    [XMINOR_SIZE] = {"xtick.minor.size", RC_FLOAT, "2"},
    [YMINOR_SIZE] = {"ytick.minor.size", RC_FLOAT, "2"},
    [XMINOR_WIDTH] = {"xtick.minor.width", RC_FLOAT, "0.6"},
    [YMINOR_WIDTH] = {"ytick.minor.width", RC_FLOAT, "0.6"},
    [XMINOR_PAD] = {"xtick.minor.pad", RC_FLOAT, "3.4"},
    [YMINOR_PAD] = {"ytick.minor.pad", RC_FLOAT, "3.4"},
    [XTICK_DIR] = {"xtick.direction", RC_DIRECTION, "out"},
    [YTICK_DIR] = {"ytick.direction", RC_DIRECTION, "out"},
    [XTICK_BOTTOM] = {"xtick.bottom", RC_BOOL, "True"},
    [YTICK_LEFT] = {"ytick.left", RC_BOOL, "True"},
    [GRID_COLOR] = {"grid.color", RC_COLOR, "#b0b0b0"},
    [GRID_STYLE] = {"grid.linestyle", RC_DASH, "-"},
    [GRID_WIDTH] = {"grid.linewidth", RC_FLOAT, "0.8"},
    [GRID_ALPHA] = {"grid.alpha", RC_FLOAT, "1.0"},
    [LEGEND_FRAME] = {"legend.frameon", RC_BOOL, "True"},
    [LEGEND_FACE] = {"legend.facecolor", RC_COLOR_OR, "inherit"},
    [LEGEND_EDGE] = {"legend.edgecolor", RC_COLOR_OR, "0.8"},
    [LEGEND_ALPHA] = {"legend.framealpha", RC_FLOAT_NONE, "0.8"},
    [LEGEND_SIZE] = {"legend.fontsize", RC_SIZE, "medium"},
    [LEGEND_TITLE_SIZE] = {"legend.title_fontsize", RC_SIZE_NONE, "None"},
    [LINE_WIDTH] = {"lines.linewidth", RC_FLOAT, "1.5"},
    [MARKER_SIZE] = {"lines.markersize", RC_FLOAT, "6"},
    [PATCH_FORCE_EDGE] = {"patch.force_edgecolor", RC_BOOL, "False"},
    [PATCH_EDGE] = {"patch.edgecolor", RC_COLOR, "black"},
    [PATCH_WIDTH] = {"patch.linewidth", RC_FLOAT, "1"},
    [IMAGE_CMAP] = {"image.cmap", RC_CMAP, "viridis"},
    [INTERACTIVE] = {"interactive", RC_BOOL, "False"},
};

/* Every key matplotlib 3.6 has (rcParams.keys(), its private ones aside). */
static const char all_keys[] =
    "agg.path.chunksize animation.bitrate animation.codec animation.convert_args "
    "animation.convert_path animation.embed_limit animation.ffmpeg_args animation.ffmpeg_path "
    "animation.frame_format animation.html animation.writer axes.autolimit_mode "
    "axes.axisbelow axes.edgecolor axes.facecolor axes.formatter.limits "
    "axes.formatter.min_exponent axes.formatter.offset_threshold axes.formatter.use_locale "
    "axes.formatter.use_mathtext axes.formatter.useoffset axes.grid axes.grid.axis "
    "axes.grid.which axes.labelcolor axes.labelpad axes.labelsize axes.labelweight "
    "axes.linewidth axes.prop_cycle axes.spines.bottom axes.spines.left axes.spines.right "
    "axes.spines.top axes.titlecolor axes.titlelocation axes.titlepad axes.titlesize "
    "axes.titleweight axes.titley axes.unicode_minus axes.xmargin axes.ymargin axes.zmargin "
    "axes3d.grid backend backend_fallback boxplot.bootstrap boxplot.boxprops.color "
    "boxplot.boxprops.linestyle boxplot.boxprops.linewidth boxplot.capprops.color "
    "boxplot.capprops.linestyle boxplot.capprops.linewidth boxplot.flierprops.color "
    "boxplot.flierprops.linestyle boxplot.flierprops.linewidth boxplot.flierprops.marker "
    "boxplot.flierprops.markeredgecolor boxplot.flierprops.markeredgewidth "
    "boxplot.flierprops.markerfacecolor boxplot.flierprops.markersize boxplot.meanline "
    "boxplot.meanprops.color boxplot.meanprops.linestyle boxplot.meanprops.linewidth "
    "boxplot.meanprops.marker boxplot.meanprops.markeredgecolor "
    "boxplot.meanprops.markerfacecolor boxplot.meanprops.markersize boxplot.medianprops.color "
    "boxplot.medianprops.linestyle boxplot.medianprops.linewidth boxplot.notch "
    "boxplot.patchartist boxplot.showbox boxplot.showcaps boxplot.showfliers "
    "boxplot.showmeans boxplot.vertical boxplot.whiskerprops.color "
    "boxplot.whiskerprops.linestyle boxplot.whiskerprops.linewidth boxplot.whiskers "
    "contour.algorithm contour.corner_mask contour.linewidth contour.negative_linestyle "
    "date.autoformatter.day date.autoformatter.hour date.autoformatter.microsecond "
    "date.autoformatter.minute date.autoformatter.month date.autoformatter.second "
    "date.autoformatter.year date.converter date.epoch date.interval_multiples "
    "docstring.hardcopy errorbar.capsize figure.autolayout figure.constrained_layout.h_pad "
    "figure.constrained_layout.hspace figure.constrained_layout.use "
    "figure.constrained_layout.w_pad figure.constrained_layout.wspace figure.dpi "
    "figure.edgecolor figure.facecolor figure.figsize figure.frameon figure.labelsize "
    "figure.labelweight figure.max_open_warning figure.raise_window figure.subplot.bottom "
    "figure.subplot.hspace figure.subplot.left figure.subplot.right figure.subplot.top "
    "figure.subplot.wspace figure.titlesize figure.titleweight font.cursive font.family "
    "font.fantasy font.monospace font.sans-serif font.serif font.size font.stretch font.style "
    "font.variant font.weight grid.alpha grid.color grid.linestyle grid.linewidth hatch.color "
    "hatch.linewidth hist.bins image.aspect image.cmap image.composite_image "
    "image.interpolation image.lut image.origin image.resample interactive keymap.back "
    "keymap.copy keymap.forward keymap.fullscreen keymap.grid keymap.grid_minor keymap.help "
    "keymap.home keymap.pan keymap.quit keymap.quit_all keymap.save keymap.xscale "
    "keymap.yscale keymap.zoom legend.borderaxespad legend.borderpad legend.columnspacing "
    "legend.edgecolor legend.facecolor legend.fancybox legend.fontsize legend.framealpha "
    "legend.frameon legend.handleheight legend.handlelength legend.handletextpad "
    "legend.labelcolor legend.labelspacing legend.loc legend.markerscale legend.numpoints "
    "legend.scatterpoints legend.shadow legend.title_fontsize lines.antialiased lines.color "
    "lines.dash_capstyle lines.dash_joinstyle lines.dashdot_pattern lines.dashed_pattern "
    "lines.dotted_pattern lines.linestyle lines.linewidth lines.marker lines.markeredgecolor "
    "lines.markeredgewidth lines.markerfacecolor lines.markersize lines.scale_dashes "
    "lines.solid_capstyle lines.solid_joinstyle markers.fillstyle mathtext.bf mathtext.cal "
    "mathtext.default mathtext.fallback mathtext.fontset mathtext.it mathtext.rm mathtext.sf "
    "mathtext.tt patch.antialiased patch.edgecolor patch.facecolor patch.force_edgecolor "
    "patch.linewidth path.effects path.simplify path.simplify_threshold path.sketch path.snap "
    "pcolor.shading pcolormesh.snap pdf.compression pdf.fonttype pdf.inheritcolor "
    "pdf.use14corefonts pgf.preamble pgf.rcfonts pgf.texsystem polaraxes.grid "
    "ps.distiller.res ps.fonttype ps.papersize ps.useafm ps.usedistiller savefig.bbox "
    "savefig.directory savefig.dpi savefig.edgecolor savefig.facecolor savefig.format "
    "savefig.orientation savefig.pad_inches savefig.transparent scatter.edgecolors "
    "scatter.marker svg.fonttype svg.hashsalt svg.image_inline text.antialiased text.color "
    "text.hinting text.hinting_factor text.kerning_factor text.latex.preamble text.parse_math "
    "text.usetex timezone tk.window_focus toolbar webagg.address webagg.open_in_browser "
    "webagg.port webagg.port_retries xaxis.labellocation xtick.alignment xtick.bottom "
    "xtick.color xtick.direction xtick.labelbottom xtick.labelcolor xtick.labelsize "
    "xtick.labeltop xtick.major.bottom xtick.major.pad xtick.major.size xtick.major.top "
    "xtick.major.width xtick.minor.bottom xtick.minor.pad xtick.minor.size xtick.minor.top "
    "xtick.minor.visible xtick.minor.width xtick.top yaxis.labellocation ytick.alignment "
    "ytick.color ytick.direction ytick.labelcolor ytick.labelleft ytick.labelright "
    "ytick.labelsize ytick.left ytick.major.left ytick.major.pad ytick.major.right "
    "ytick.major.size ytick.major.width ytick.minor.left ytick.minor.pad ytick.minor.right "
    "ytick.minor.size ytick.minor.visible ytick.minor.width ytick.right";

/* A value read as its key's kind says. */
typedef struct {
  double num, pair[2];
  bool flag;          /* RC_BOOL */
  bool relative;      /* RC_SIZE: num is a factor of font.size */
  bool word;          /* RC_COLOR_OR's word, RC_SIZE_NONE's None */
  uint32_t color;
  int code;           /* RC_DASH: FmtDash; RC_DIRECTION 'o' 'i' 'b'; RC_GRID_AXIS 'b' 'x' 'y';
                         RC_BELOW 0 1 2; RC_CMAP its index */
  uint32_t cycle[FMT_MAX_CYCLE];
  int ncycle;
} RcValue;

/* The RcParams object: its values by key, in a dict. */
typedef struct {
  Obj hd;
  Obj *d;             /* owned */
  Obj *said;          /* owned: a set of the undrawn keys set so far */
} Rc;

/* ValueError "Key KEY: " and what (a format of one %s: v's repr), as matplotlib says it. */
static Obj *bad(Interp *I, const char *key, Obj *v, const char *what) {
  Obj *r = fe_repr(I, v);
  char msg[256];
  snprintf(msg, sizeof msg, what, r ? FE_STR(r)->s : "the value");
  fe_throw(I, EXC_ValueError, "Key %s: %s", key, msg);
  fe_decref(I, r);
  return NULL;
}

static bool number(Interp *I, Obj *v, double *out) {
  if (FE_ISA(I, v, str)) {
    char *end;
    *out = strtod(FE_STR(v)->s, &end);
    return end != FE_STR(v)->s && !*end;
  }
  return !FE_ISA(I, v, bool) && fe_as_double(I, v, out) == 0;
}

static int word_of(Obj *v, const char *const *words) {
  for (int i = 0; words[i]; i++)
    if (fe_str_is(v, words[i]))
      return i;
  return -1;
}

/* Whether v is '#rrggbb' or '#rrggbbaa' without its '#', as a style sheet writes it. */
static bool bare_hex(Interp *I, Obj *v) {
  size_t n = FE_ISA(I, v, str) ? strlen(FE_STR(v)->s) : 0;
  return (n == 6 || n == 8) && strspn(FE_STR(v)->s, "0123456789abcdefABCDEF") == n;
}

static bool color(Interp *I, Obj *v, uint32_t *out) {
  if (bare_hex(I, v)) {
    Obj *h = fe_strf(I, "#%s", FE_STR(v)->s);
    bool ok = h && pl_color(I, h, out);
    fe_decref(I, h);
    return ok;
  }
  return pl_color(I, v, out);
}

/* cycler('color', [...]) as a style sheet writes it, or a Cycler of colours. */
static bool cycle_of(Interp *I, Obj *v, RcValue *r) {
  Obj *colors = NULL;
  if (FE_ISA(I, v, str)) {   /* the sheet's text: the quoted colours between [ and ] */
    const char *s = FE_STR(v)->s, *open = strchr(s, '['), *close = strrchr(s, ']');
    if (strncmp(s, "cycler('color', '", 17) == 0 && strchr(s + 17, '\'')) {   /* 'bgrcmyk' */
      const char *end = strchr(s + 17, '\'');
      colors = fe_list_new(I, end - (s + 17));
      for (int64_t i = 0; colors && i < end - (s + 17); i++)
        if (!(FE_LIST(colors)->v[i] = fe_str_new(I, s + 17 + i, 1)))
          fe_setref(I, &colors, NULL);
      open = close = NULL;
    } else if (strncmp(s, "cycler('color'", 14) != 0 || !open || !close) {
      return false;
    }
    if (open)
      colors = fe_list_new(I, 0);
    for (const char *p = open ? open + 1 : NULL; colors && p && p < close;) {
      while (p < close && (*p == ' ' || *p == ',' || *p == '\'' || *p == '"'))
        p++;
      const char *q = p;
      while (q < close && *q != '\'' && *q != '"' && *q != ',')
        q++;
      Obj *c = q > p ? fe_str_new(I, p, (size_t)(q - p)) : NULL;
      if (q > p && (!c || fe_list_append(I, colors, c) < 0))
        fe_setref(I, &colors, NULL);
      fe_decref(I, c);
      p = q;
    }
  } else {
    colors = pl_cycler_colors(I, v);
  }
  Obj *const *items;
  int64_t n = 0;
  bool ok = colors && fe_seq_items(I, colors, &items, &n) && n > 0;
  for (int64_t i = 0; ok && i < n && i < FMT_MAX_CYCLE; i++)
    ok = color(I, items[i], &r->cycle[i]);
  r->ncycle = (int)(n < FMT_MAX_CYCLE ? n : FMT_MAX_CYCLE);
  fe_decref(I, colors);
  return ok;
}

/* A bool as matplotlib's validate_bool reads one (True, 1, 'yes', 'on', ...). */
static bool boolean(Interp *I, Obj *v, bool *out) {
  static const char *const yes[] = {"t", "y", "yes", "on", "true", "1", NULL};
  static const char *const no[] = {"f", "n", "no", "off", "false", "0", NULL};
  if (FE_ISA(I, v, str)) {
    char low[8] = "";
    for (int i = 0; i < 7 && FE_STR(v)->s[i]; i++)
      low[i] = (char)tolower((unsigned char)FE_STR(v)->s[i]);
    Obj *w = fe_str_cstr(I, low);
    int t = w ? word_of(w, yes) : -1, f = w ? word_of(w, no) : -1;
    fe_decref(I, w);
    return (t >= 0 || f >= 0) && (*out = t >= 0, true);
  }
  double x;
  if (FE_ISA(I, v, bool) || (fe_as_double(I, v, &x) == 0 && (x == 0 || x == 1)))
    return *out = fe_truth(I, v) == 1, true;
  return false;
}

/* Reads v as key k's kind into r; false with ValueError naming the key. */
static bool read_value(Interp *I, int k, Obj *v, RcValue *r) {
  static const char *const sizes[] = {"xx-small", "x-small", "small", "medium", "large",
                                      "x-large", "xx-large", "smaller", "larger", NULL};
  static const double scale[] = {0.579, 0.694, 0.833, 1.0, 1.2, 1.44, 1.728, 0.833, 1.2};
  static const char *const dashes[] = {"-", "--", "-.", ":", "None", "solid", "dashed",
                                       "dashdot", "dotted", "none", " ", "", NULL};
  static const FmtDash dash_of[] = {FMT_SOLID, FMT_DASHED, FMT_DASHDOT, FMT_DOTTED, FMT_NOLINE,
                                    FMT_SOLID, FMT_DASHED, FMT_DASHDOT, FMT_DOTTED, FMT_NOLINE,
                                    FMT_NOLINE, FMT_NOLINE};
  static const char *const directions[] = {"out", "in", "inout", NULL};
  static const char *const axes[] = {"both", "x", "y", NULL};
  const char *key = drawn[k].key;
  *r = (RcValue){0};
  int w;
  Obj *const *two;
  int64_t n;
  switch (drawn[k].kind) {
  case RC_COLOR_OR:
    if (fe_str_is(v, "inherit") || fe_str_is(v, "auto"))
      return r->word = true;
    /* fall through */
  case RC_COLOR:
    if (color(I, v, &r->color))
      return true;
    fe_decref(I, fe_exc_take(I));
    return bad(I, key, v, "%s does not look like a color arg"), false;
  case RC_SIZE_NONE:
  case RC_FLOAT_NONE:
    if (v == &I->none || fe_str_is(v, "None"))
      return r->word = true;
    if (drawn[k].kind == RC_FLOAT_NONE)
      goto a_number;
    /* fall through */
  case RC_SIZE:
    if ((w = word_of(v, sizes)) >= 0)
      return r->num = scale[w], r->relative = true;
    /* fall through */
  case RC_FLOAT:
  a_number:
    if (number(I, v, &r->num))
      return true;
    fe_decref(I, fe_exc_take(I));
    return bad(I, key, v, drawn[k].kind == RC_SIZE || drawn[k].kind == RC_SIZE_NONE
                              ? "%s is not a valid font size" : "Could not convert %s to float"),
           false;
  case RC_BOOL:
    return boolean(I, v, &r->flag) || (bad(I, key, v, "Cannot convert %s to bool"), false);
  case RC_PAIR:
    if (FE_ISA(I, v, str)) {
      char *end;
      r->pair[0] = strtod(FE_STR(v)->s, &end);
      if (end != FE_STR(v)->s && *end == ',' && (r->pair[1] = strtod(end + 1, &end), !*end))
        return true;
    } else if (fe_seq_items(I, v, &two, &n) && n == 2 && number(I, two[0], &r->pair[0]) &&
               number(I, two[1], &r->pair[1])) {
      return true;
    }
    fe_decref(I, fe_exc_take(I));
    return bad(I, key, v, "%s is not a pair of numbers"), false;
  case RC_DASH:
    if ((w = word_of(v, dashes)) >= 0)
      return r->code = (int)dash_of[w], true;
    return bad(I, key, v, "%s is not a valid line style"), false;
  case RC_DIRECTION:
    if ((w = word_of(v, directions)) >= 0)
      return r->code = "oib"[w], true;
    return bad(I, key, v, "%s is not one of 'in', 'out', 'inout'"), false;
  case RC_GRID_AXIS:
    if ((w = word_of(v, axes)) >= 0)
      return r->code = "bxy"[w], true;
    return bad(I, key, v, "%s is not one of 'both', 'x', 'y'"), false;
  case RC_BELOW:
    if (fe_str_is(v, "line"))
      return r->code = 1, true;
    if (boolean(I, v, &r->flag))
      return r->code = r->flag ? 0 : 2, true;
    return bad(I, key, v, "%s is not True, False or 'line'"), false;
  case RC_CYCLE:
    if (cycle_of(I, v, r))
      return true;
    fe_decref(I, fe_exc_take(I));
    return bad(I, key, v, "%s is not a cycler of colours nnc draws"), false;
  case RC_CMAP:
    if (FE_ISA(I, v, str) && (r->code = fmt_cmap_find(FE_STR(v)->s)) >= 0)
      return true;
    return bad(I, key, v, "%s is not a colormap nnc draws"), false;
  }
  return false;
}

/* The value kept for key k as matplotlib's validator returns it (a new reference): numbers as
 * floats, flags as bools, a size pair as a list, '#' before a bare hex colour; else v. */
static Obj *normal(Interp *I, int k, Obj *v, const RcValue *r) {
  switch (drawn[k].kind) {
  case RC_FLOAT:
    return fe_float(I, r->num);
  case RC_SIZE:
    return r->relative ? (fe_incref(v), v) : fe_float(I, r->num);
  case RC_BOOL:
    return fe_bool(I, r->flag);
  case RC_PAIR: {
    Obj *list = fe_list_new(I, 2);
    for (int i = 0; list && i < 2; i++)
      if (!(FE_LIST(list)->v[i] = fe_float(I, r->pair[i])))
        fe_setref(I, &list, NULL);
    return list;
  }
  case RC_COLOR:
    if (bare_hex(I, v))
      return fe_strf(I, "#%s", FE_STR(v)->s);
    break;
  case RC_CYCLE:   /* a sheet's text made a Cycler, as matplotlib's validator makes it */
    if (FE_ISA(I, v, str))
      return pl_cycler_of_colors(I, r->cycle, r->ncycle);
    break;
  case RC_COLOR_OR:
  case RC_SIZE_NONE:
  case RC_FLOAT_NONE:
  case RC_DASH:
  case RC_DIRECTION:
  case RC_GRID_AXIS:
  case RC_BELOW:
  case RC_CMAP:
    break;
  }
  return fe_incref(v), v;
}

static int drawn_index(const char *key) {
  for (int k = 0; k < NDRAWN; k++)
    if (strcmp(drawn[k].key, key) == 0)
      return k;
  return -1;
}

static bool known(const char *key) {
  size_t n = strlen(key);
  for (const char *p = all_keys; n && (p = strstr(p, key)) != NULL; p += n)
    if ((p == all_keys || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0))
      return true;
  return false;
}

/* Sets key to v in r, checked as its kind says; a key nnc does not draw is kept as given and
 * said once when `say`. False with an exception (KeyError for a key matplotlib lacks). */
static bool rc_put(Interp *I, Rc *r, const char *key, Obj *v, bool say) {
  int k = drawn_index(key);
  RcValue parsed;
  if (k < 0 && !known(key))
    return fe_throw(I, EXC_KeyError, "%s is not a valid rc parameter (see rcParams.keys() for "
                    "a list of valid parameters)", key), false;
  if (k >= 0 && !read_value(I, k, v, &parsed))
    return false;
  Obj *kept = k >= 0 ? normal(I, k, v, &parsed) : (fe_incref(v), v);
  if (!kept)
    return false;
  if (k < 0 && say && !pl_state(I)->warnings_off) {
    Obj *name = fe_str_cstr(I, key);
    int seen = name ? fe_set_contains(I, r->said, name) : -1;
    if (seen == 0 && fe_set_add(I, r->said, name) == 0)
      fprintf(fe_err(I), "nnc: rcParams['%s'] is kept but not drawn by nnc\n", key);
    fe_decref(I, name);
    if (seen < 0)
      return false;
  }
  bool ok = fe_dict_setstr(I, r->d, key, kept) == 0;
  fe_decref(I, kept);
  return ok;
}

/* Every drawn key at its default, the others removed (matplotlib's rcdefaults); the
 * interactive mode stays, as no style sets it. */
static bool rc_reset(Interp *I, Rc *r) {
  Obj *d = fe_dict_new(I), *mode = r->d ? fe_dict_getstr(I, r->d, drawn[INTERACTIVE].key) : NULL;
  if (!d)
    return false;
  if (mode)
    fe_incref(mode);
  fe_setref(I, &r->d, d);
  bool ok = true;
  for (int k = 0; ok && k < NDRAWN; k++)
    ok = pl_rc_set_text(I, drawn[k].key, drawn[k].dflt);
  ok = ok && (!mode || fe_dict_setstr(I, d, drawn[INTERACTIVE].key, mode) == 0);
  fe_decref(I, mode);
  return ok;
}

bool pl_rc_default_settings(Interp *I, Obj *d) {
  for (int k = 0; k < INTERACTIVE; k++) {   /* a style's keys */
    Obj *v = fe_str_cstr(I, drawn[k].dflt);
    bool ok = v && fe_dict_setstr(I, d, drawn[k].key, v) == 0;
    fe_decref(I, v);
    if (!ok)
      return false;
  }
  return true;
}

static Rc *rc_of(Interp *I) {
  PlState *st = pl_state(I);
  if (st->rc)
    return (Rc *)st->rc;
  Class *cls = fe_class_from_def(I, &pl_rc_class, NULL, "matplotlib");
  Rc *r = cls ? (Rc *)fe_new(I, cls, sizeof(Rc)) : NULL;
  fe_decref(I, (Obj *)cls);
  if (!r || !(r->said = fe_set_new(I, false))) {
    fe_decref(I, (Obj *)r);
    return I->exc_pending ? NULL : (fe_nomem(I), NULL);
  }
  st->rc = &r->hd;
  if (!rc_reset(I, r)) {
    fe_setref(I, &st->rc, NULL);
    return NULL;
  }
  return r;
}

Obj *pl_rc_params(Interp *I) {
  return (Obj *)rc_of(I);
}

Obj *pl_rc_value(Interp *I, const char *key) {
  Rc *r = rc_of(I);
  return r ? fe_dict_getstr(I, r->d, key) : NULL;
}

bool pl_rc_set(Interp *I, const char *key, Obj *v) {
  Rc *r = rc_of(I);
  return r && rc_put(I, r, key, v, false);
}

bool pl_rc_set_text(Interp *I, const char *key, const char *v) {
  Obj *s = fe_str_cstr(I, v);
  bool ok = s && pl_rc_set(I, key, s);
  fe_decref(I, s);
  return ok;
}

bool pl_rc_defaults(Interp *I) {
  Rc *r = rc_of(I);
  return r && rc_reset(I, r);
}

/* Key k's value as its kind reads it (its default when it cannot be read). */
static RcValue value(Interp *I, Rc *r, int k) {
  RcValue v;
  Obj *o = fe_dict_getstr(I, r->d, drawn[k].key);
  if (o && read_value(I, k, o, &v))
    return v;
  fe_decref(I, fe_exc_take(I));
  Obj *d = fe_str_cstr(I, drawn[k].dflt);
  if (!d || !read_value(I, k, d, &v))
    v = (RcValue){0};
  fe_decref(I, fe_exc_take(I));
  fe_decref(I, d);
  return v;
}

int pl_rc_cycle(Interp *I, uint32_t out[FMT_MAX_CYCLE]) {
  Rc *r = rc_of(I);
  if (!r)
    return 0;
  RcValue v = value(I, r, PROP_CYCLE);
  memcpy(out, v.cycle, sizeof v.cycle);
  return v.ncycle;
}

/* A font size in points: a name's factor of font.size, else its number. */
static double size_of(const RcValue *v, double font) {
  return v->relative ? v->num * font : v->num;
}

bool pl_rc_font_size(Interp *I, Obj *v, double font, double *out) {
  RcValue r;
  if (!read_value(I, LABEL_SIZE, v, &r)) {   /* in the words of a text's set_size */
    fe_decref(I, fe_exc_take(I));
    return fe_throw(I, EXC_ValueError, "Size is invalid. Valid font size are xx-small, "
                    "x-small, small, medium, large, x-large, xx-large, larger, smaller, None"),
           false;
  }
  *out = size_of(&r, font);
  return true;
}

bool pl_rc_legend(Interp *I, FmtStyle *s) {
  PlRc rc;
  if (!pl_rc_current(I, &rc))
    return false;
  s->legend_frame = rc.style.legend_frame, s->legend_face = rc.style.legend_face;
  s->legend_edge = rc.style.legend_edge, s->legend_alpha = rc.style.legend_alpha;
  s->legend_size = rc.style.legend_size, s->legend_title_size = rc.style.legend_title_size;
  return true;
}

bool pl_rc_current(Interp *I, PlRc *out) {
  Rc *r = rc_of(I);
  if (!r)
    return false;
  RcValue v[NDRAWN];
  for (int k = 0; k < NDRAWN; k++)
    v[k] = value(I, r, k);
  FmtStyle *s = &out->style;
  *s = fmt_default_style();
  double font = v[FONT_SIZE].num;
  out->w = v[FIGSIZE].pair[0], out->h = v[FIGSIZE].pair[1];
  out->tight = v[AUTOLAYOUT].flag || v[CONSTRAINED].flag;
  out->sp = (FmtSubplotParams){v[SP_LEFT].num, v[SP_RIGHT].num, v[SP_BOTTOM].num, v[SP_TOP].num,
                               v[SP_WSPACE].num, v[SP_HSPACE].num};
  s->figure_face = v[FIGURE_FACE].color, s->axes_face = v[AXES_FACE].color;
  s->edge = v[AXES_EDGE].color, s->edge_width = v[AXES_WIDTH].num;
  for (int i = 0; i < 4; i++)
    s->spines[i] = v[SPINE_LEFT + i].flag;
  s->text_color = v[TEXT_COLOR].color;
  s->label_color[0] = s->label_color[1] = v[LABEL_COLOR].color;
  s->title_color = v[TITLE_COLOR].word ? s->text_color : v[TITLE_COLOR].color;
  s->font_size = font;
  s->suptitle_size = size_of(&v[FIGURE_TITLESIZE], font);
  s->title_size = size_of(&v[TITLE_SIZE], font), s->label_size[0] = s->label_size[1] = size_of(&v[LABEL_SIZE], font);
  s->legend_size = size_of(&v[LEGEND_SIZE], font);
  s->legend_title_size = v[LEGEND_TITLE_SIZE].word ? font : size_of(&v[LEGEND_TITLE_SIZE], font);
  for (int k = 0; k < 2; k++) {   /* x then y: each pair of keys is adjacent */
    s->tick_color[k] = s->tick_label_color[k] = v[XTICK_COLOR + k].color;
    s->tick_label_size[k] = size_of(&v[XTICK_LABELSIZE + k], font);
    s->tick_size[k] = v[XTICK_SIZE + k].num, s->tick_width[k] = v[XTICK_WIDTH + k].num;
    s->tick_pad[k] = v[XTICK_PAD + k].num, s->tick_dir[k] = (char)v[XTICK_DIR + k].code;
    s->minor_size[k] = v[XMINOR_SIZE + k].num, s->minor_width[k] = v[XMINOR_WIDTH + k].num;
    s->minor_pad[k] = v[XMINOR_PAD + k].num;
    s->tick_marks[k] = v[XTICK_BOTTOM + k].flag;
  }
  s->grid = v[AXES_GRID].flag, s->grid_axis = (char)v[GRID_AXIS].code;
  s->grid_z = v[AXISBELOW].code, s->grid_color = v[GRID_COLOR].color;
  s->grid_width = v[GRID_WIDTH].num, s->grid_alpha = v[GRID_ALPHA].num;
  s->grid_dash = (FmtDash)v[GRID_STYLE].code;
  s->legend_frame = v[LEGEND_FRAME].flag;
  s->legend_face = v[LEGEND_FACE].word ? s->axes_face : v[LEGEND_FACE].color;
  s->legend_edge = v[LEGEND_EDGE].word ? s->edge : v[LEGEND_EDGE].color;
  s->legend_alpha = v[LEGEND_ALPHA].word ? 1 : v[LEGEND_ALPHA].num;
  s->line_width = v[LINE_WIDTH].num, s->marker_size = v[MARKER_SIZE].num;
  s->patch_edged = v[PATCH_FORCE_EDGE].flag, s->patch_edge = v[PATCH_EDGE].color;
  s->patch_width = v[PATCH_WIDTH].num;
  memcpy(s->cycle, v[PROP_CYCLE].cycle, sizeof s->cycle);
  s->ncycle = v[PROP_CYCLE].ncycle;
  s->cmap = v[IMAGE_CMAP].code;
  return true;
}

/* ---- the RcParams object: a dict of every key, checked as it is set ---- */

static Rc *self_rc(Obj *self) {
  return (Rc *)self;
}

static Obj *rc_getitem(Interp *I, Obj *self, Obj *key) {
  int err = 0;
  Obj *v = fe_dict_get(I, self_rc(self)->d, key, &err);
  if (v)
    return fe_incref(v), v;
  if (err < 0)
    return NULL;
  if (FE_ISA(I, key, str) && known(FE_STR(key)->s))   /* never set: matplotlib's default, */
    return fe_none(I);                                 /* which nnc does not keep */
  return FE_ISA(I, key, str)
             ? fe_throw(I, EXC_KeyError, "%s is not a valid rc parameter (see "
                        "rcParams.keys() for a list of valid parameters)", FE_STR(key)->s)
             : fe_key_error(I, key);
}

static int rc_setitem(Interp *I, Obj *self, Obj *key, Obj *v) {
  if (!v)
    return fe_throw(I, EXC_TypeError, "rcParams' keys cannot be deleted"), -1;
  if (!FE_ISA(I, key, str))
    return fe_key_error(I, key), -1;
  return rc_put(I, self_rc(self), FE_STR(key)->s, v, true) ? 0 : -1;
}

static int rc_contains(Interp *I, Obj *self, Obj *key) {
  (void)self;
  return FE_ISA(I, key, str) && known(FE_STR(key)->s);
}

/* update(other=(), **kwargs): each pair set in turn, checked. */
static Obj *rc_update(Interp *I, Obj *self, Obj **args) {
  for (int a = 0; a < 2; a++) {
    Obj *d = args[a];
    if (a == 0 && !FE_ISA(I, d, dict)) {
      Obj *const *v;
      int64_t n;
      if (!fe_seq_items(I, d, &v, &n) || n > 0)
        return I->exc_pending ? NULL : fe_throw(I, EXC_TypeError, "rcParams.update() takes "
                                                "a dict");
      continue;
    }
    Obj *k, *v;
    for (int64_t pos = 0; fe_dict_next(d, &pos, &k, &v);)
      if (!FE_ISA(I, k, str) ? (fe_key_error(I, k), true)
                             : !rc_put(I, self_rc(self), FE_STR(k)->s, v, true))
        return NULL;
  }
  return fe_none(I);
}

static Obj *rc_get(Interp *I, Obj *self, Obj **args) {
  Obj *v = FE_ISA(I, args[0], str) ? fe_dict_get(I, self_rc(self)->d, args[0], &(int){0}) : NULL;
  v = v ? v : args[1];
  return fe_incref(v), v;
}

/* keys(), values(), items(), copy() and iteration: those of its dict */
static Obj *rc_dict_call(Interp *I, Obj *self, const char *name) {
  return fe_call_method(I, self_rc(self)->d, name, NULL, 0);
}
static Obj *rc_keys(Interp *I, Obj *self, Obj **args) {
  return (void)args, rc_dict_call(I, self, "keys");
}
static Obj *rc_values(Interp *I, Obj *self, Obj **args) {
  return (void)args, rc_dict_call(I, self, "values");
}
static Obj *rc_items(Interp *I, Obj *self, Obj **args) {
  return (void)args, rc_dict_call(I, self, "items");
}
static Obj *rc_copy(Interp *I, Obj *self, Obj **args) {
  return (void)args, rc_dict_call(I, self, "copy");
}
static Obj *rc_iter(Interp *I, Obj *self) {
  return fe_iter(I, self_rc(self)->d);
}
static int64_t rc_len(Interp *I, Obj *self) {
  (void)I;
  return FE_DICT(self_rc(self)->d)->count;
}

static void rc_clear(Interp *I, Obj *o) {
  fe_setref(I, &self_rc(o)->d, NULL);
  fe_setref(I, &self_rc(o)->said, NULL);
}

static void rc_traverse(Obj *o, FeVisit visit, void *arg) {
  if (self_rc(o)->d)
    visit(self_rc(o)->d, arg);
  if (self_rc(o)->said)
    visit(self_rc(o)->said, arg);
}

static Obj *rc_repr(Interp *I, Obj *o) {
  Obj *d = fe_repr(I, self_rc(o)->d);
  Obj *r = d ? fe_strf(I, "RcParams(%s)", FE_STR(d)->s) : NULL;
  fe_decref(I, d);
  return r;
}

static const Layout rc_layout = {.name = "RcParams", .size = sizeof(Rc), .clear = rc_clear,
                                 .traverse = rc_traverse, .repr = rc_repr, .len = rc_len,
                                 .getitem = rc_getitem, .setitem = rc_setitem,
                                 .contains = rc_contains, .iter = rc_iter};

static const FeFnDef rc_methods[] = {
    {"update", rc_update, "(other=(), /, **kwargs)", NULL, NULL},
    {"get", rc_get, "(key, default=None)", NULL, NULL},
    {"keys", rc_keys, "()", NULL, NULL},
    {"values", rc_values, "()", NULL, NULL},
    {"items", rc_items, "()", NULL, NULL},
    {"copy", rc_copy, "()", "dict", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeClassDef pl_rc_class = {.name = "RcParams", .layout = &rc_layout,
                                .methods = rc_methods};

/* ---- rc(group, **kwargs), rcdefaults() ---- */

/* rc('lines', linewidth=2, color='r'): group.name for each keyword (matplotlib's aliases
 * lw, ls, c, fc, ec, mew, aa taken), for each group of a tuple. */
static Obj *mpl_rc(Interp *I, Obj *self, Obj **args) {
  (void)self;
  static const char *const alias[][2] = {{"lw", "linewidth"}, {"ls", "linestyle"},
                                         {"c", "color"},      {"fc", "facecolor"},
                                         {"ec", "edgecolor"}, {"mew", "markeredgewidth"},
                                         {"aa", "antialiased"}};
  Obj *one[1] = {args[0]}, *const *groups = one;
  int64_t ng = 1;
  if (!FE_ISA(I, args[0], str) && !fe_seq_items(I, args[0], &groups, &ng))
    return NULL;
  Rc *r = rc_of(I);
  for (int64_t g = 0; r && g < ng; g++) {
    if (!FE_ISA(I, groups[g], str))
      return fe_throw(I, EXC_TypeError, "rc() takes a group's name, or a tuple of them");
    Obj *k, *v;
    for (int64_t pos = 0; fe_dict_next(args[1], &pos, &k, &v);) {
      const char *name = FE_STR(k)->s;
      for (size_t a = 0; a < sizeof alias / sizeof *alias; a++)
        name = strcmp(name, alias[a][0]) == 0 ? alias[a][1] : name;
      char key[128];
      snprintf(key, sizeof key, "%s.%s", FE_STR(groups[g])->s, name);
      if (!rc_put(I, r, key, v, true))
        return NULL;
    }
  }
  return r ? fe_none(I) : NULL;
}

static Obj *mpl_rcdefaults(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return pl_rc_defaults(I) ? fe_none(I) : NULL;
}

/* rc_context(rc=None): the settings inside a with block, those before restored after. */
typedef struct {
  Obj hd;
  Obj *wanted, *saved;   /* owned: a dict, or NULL */
  bool say;              /* say the keys of wanted nnc does not draw */
} RcContext;

static void ctx_clear(Interp *I, Obj *o) {
  fe_setref(I, &((RcContext *)o)->wanted, NULL);
  fe_setref(I, &((RcContext *)o)->saved, NULL);
}

static void ctx_traverse(Obj *o, FeVisit visit, void *arg) {
  RcContext *c = (RcContext *)o;
  if (c->wanted)
    visit(c->wanted, arg);
  if (c->saved)
    visit(c->saved, arg);
}

static const Layout ctx_layout = {.name = "rc_context", .size = sizeof(RcContext),
                                  .clear = ctx_clear, .traverse = ctx_traverse};

static Obj *new_context(Interp *I, Class *cls, Obj *settings, bool say) {
  RcContext *c = (RcContext *)fe_new(I, cls, sizeof(RcContext));
  if (c && settings && settings != &I->none)
    fe_incref(c->wanted = settings);
  if (c)
    c->say = say;
  return c ? &c->hd : NULL;
}

static Obj *ctx_new(Interp *I, Obj *cls, Obj **args) {
  if (args[0] != &I->none && !FE_ISA(I, args[0], dict))
    return fe_throw(I, EXC_TypeError, "rc_context(rc=) takes a dict");
  return new_context(I, (Class *)cls, args[0], true);
}

Obj *pl_rc_context(Interp *I, Obj *settings, bool say) {
  Obj *mpl = settings ? fe_import(I, "matplotlib") : NULL;
  Obj *cls = mpl ? fe_getattr_str(I, mpl, "rc_context") : NULL;
  Obj *r = cls ? new_context(I, (Class *)cls, settings, say) : NULL;
  fe_decref(I, cls), fe_decref(I, mpl), fe_decref(I, settings);
  return r;
}

static Obj *ctx_enter(Interp *I, Obj *self, Obj **args) {
  (void)args;
  RcContext *c = (RcContext *)self;
  Rc *r = rc_of(I);
  if (!r)
    return NULL;
  Obj *saved = fe_call_method(I, r->d, "copy", NULL, 0);
  if (!saved)
    return NULL;
  fe_setref(I, &c->saved, saved);
  if (c->wanted && !pl_rc_apply(I, c->wanted, c->say))
    return NULL;
  return fe_none(I);
}

static Obj *ctx_exit(Interp *I, Obj *self, Obj **args) {
  (void)args;
  RcContext *c = (RcContext *)self;
  Rc *r = rc_of(I);
  if (r && c->saved)   /* the settings of before, given back */
    fe_setref(I, &r->d, c->saved), c->saved = NULL;
  return r ? fe_bool(I, false) : NULL;
}

bool pl_rc_apply(Interp *I, Obj *settings, bool say) {
  Rc *r = rc_of(I);
  Obj *k, *v;
  for (int64_t pos = 0; r && fe_dict_next(settings, &pos, &k, &v);)
    if (!FE_ISA(I, k, str) || !rc_put(I, r, FE_STR(k)->s, v, say))
      return FE_ISA(I, k, str) ? false : (fe_key_error(I, k), false);
  return r != NULL;
}

static const FeFnDef ctx_methods[] = {
    {"__enter__", ctx_enter, "()", NULL, NULL},
    {"__exit__", ctx_exit, "(*args)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeClassDef pl_rc_classes[] = {
    {.name = "rc_context", .layout = &ctx_layout, .ctor = ctx_new, .ctor_sig = "(rc=None)",
     .methods = ctx_methods},
    {.name = NULL},
};


/* rcParams, rc(), rcdefaults(), rc_context() and cycler() in matplotlib and pyplot */
static const FeFnDef module_fns[] = {
    {"rc", mpl_rc, "(group, **kwargs)", NULL, NULL},
    {"rcdefaults", mpl_rcdefaults, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static int rc_init(Interp *I, Obj *module) {
  Obj *rc = pl_rc_params(I);
  return rc ? fe_dict_setstr(I, ((Module *)module)->dict, "rcParams", rc) : -1;
}

const FeModuleDef pl_matplotlib_rc_def = {.name = "matplotlib", .fns = module_fns,
                                          .classes = pl_rc_classes, .init = rc_init};
const FeModuleDef pl_pyplot_rc_def = {.name = "matplotlib.pyplot", .fns = module_fns,
                                      .classes = pl_rc_classes, .init = rc_init};
const FeModuleDef pl_matplotlib_cycler_def = {.name = "matplotlib", .fns = pl_cycler_fns};
const FeModuleDef pl_pyplot_cycler_def = {.name = "matplotlib.pyplot", .fns = pl_cycler_fns};
