/* chart.c — figures of axes drawn as matplotlib draws them, as SVG.
 *
 * Each axes is drawn in its FmtStyle (chart_style.c: matplotlib's defaults, or what rcParams
 * and style sheets made of them): colours of the figure, the axes, spines, ticks, text and
 * grid, font sizes, tick lengths, pads and directions, the legend's frame, the colour cycle.
 * Fixed are 100 dpi, subplot parameters left 0.125, right 0.9, bottom 0.11, top 0.88, wspace
 * and hspace 0.2 (unless set), DejaVu Sans, and data limits widened by 5% margins except at sticky
 * edges (a bar's base, an image's border); ticks where MaxNLocator puts them (steps 1, 2,
 * 2.5, 5, 10; at most 9 intervals, fewer on a small axes) and labelled as ScalarFormatter
 * labels them (one number of decimals for all, a true minus sign, an offset or a power of ten
 * taken out into the axis' offset text, "1e10" or "+1e3", where that saves digits); text
 * measured by DejaVu Sans' advance widths; the legend a white box
 * with a light grey edge, placed by 'best' where it covers the fewest data points. A colorbar
 * takes what matplotlib's make_axes_gridspec gives it: the right 15% of its axes' cell after a
 * 5% gap, 20 times as tall as wide, with the colormap's 256 colours from vmin to vmax.
 *
 * Invariant: drawing reads the structs and changes nothing, so a figure can be written
 * twice (savefig, then show) with the same result. Every series is a <g class="series">
 * carrying its data in data-* attributes, and every axes its limits and ticks, so tests
 * compare what is drawn with what matplotlib draws, value by value.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"

#define DPI 100.0
#define PT (DPI / 72.0)              /* pixels per point */
#define PI 3.14159265358979323846
#define FONT "DejaVu Sans, Bitstream Vera Sans, Arial, Helvetica, sans-serif"

/* ---- figures, axes and artists ---- */

bool fmt_strdup(const char *s, char **out) {
  *out = NULL;
  if (!s)
    return true;
  *out = base_strdup(s);
  return *out != NULL;
}

FmtFigure *fmt_figure_new(double w, double h) {
  FmtFigure *f = base_calloc(1, sizeof *f);
  if (f)
    f->w = w, f->h = h, f->sp = fmt_default_subplot_params(), f->style = fmt_default_style();
  return f;
}

void fmt_artist_free(FmtArtist *a) {
  if (!a)
    return;
  base_free(a->x);
  base_free(a->y);
  base_free(a->w);
  base_free(a->b);
  base_free(a->c);
  base_free(a->sizes);
  base_free(a->fills);
  base_free(a->label);
  base_free(a->text);
  base_free(a);
}

static void axes_free(FmtAxes *ax) {
  for (int i = 0; i < ax->n; i++)
    fmt_artist_free(ax->a[i]);
  base_free(ax->a);
  base_free(ax->title);
  base_free(ax->xlabel);
  base_free(ax->ylabel);
  base_free(ax->cbar_label);
  for (int k = 0; k < 2; k++) {
    for (int i = 0; ax->tick_text[k] && i < ax->ntick_at[k]; i++)
      base_free(ax->tick_text[k][i]);
    base_free(ax->tick_text[k]);
    base_free(ax->tick_at[k]);
  }
  for (int i = 0; i < ax->nlegend; i++)
    base_free(ax->legend_labels[i]);
  base_free(ax->legend_labels);
  base_free(ax->legend_title);
  base_free(ax);
}

void fmt_figure_free(FmtFigure *f) {
  if (!f)
    return;
  for (int i = 0; i < f->n; i++)
    axes_free(f->axes[i]);
  if (f->legend)
    axes_free(f->legend);
  base_free(f->axes);
  base_free(f->suptitle);
  base_free(f);
}

/* Appends p to the array *v of *n (capacity *cap) pointers; false when out of memory. */
static bool push(void ***v, int *n, int *cap, void *p) {
  if (*n == *cap) {
    int c = *cap ? 2 * *cap : 4;
    void **w = base_realloc(*v, (size_t)c * sizeof *w);
    if (!w)
      return false;
    *v = w, *cap = c;
  }
  (*v)[(*n)++] = p;
  return true;
}

/* A new axes at place index of an nrows x ncols grid, in the figure's style. */
static FmtAxes *new_axes(FmtFigure *f, int nrows, int ncols, int index) {
  FmtAxes *a = base_calloc(1, sizeof *a);
  if (!a || !push((void ***)&f->axes, &f->n, &f->cap, a)) {
    base_free(a);
    return NULL;
  }
  a->nrows = nrows, a->ncols = ncols, a->index = index;
  a->style = f->style, a->grid = f->style.grid;
  return a;
}

FmtAxes *fmt_figure_axes(FmtFigure *f, int nrows, int ncols, int index) {
  for (int i = 0; i < f->n; i++) {
    FmtAxes *a = f->axes[i];
    if (a->nrows == nrows && a->ncols == ncols && a->index == index && !a->twin)
      return a;
  }
  return new_axes(f, nrows, ncols, index);
}

void fmt_axes_share(FmtAxes *a, FmtAxes *b, int k) {
  for (FmtAxes *x = a->share[k]; x && x != a; x = x->share[k])
    if (x == b)
      return;   /* already in one ring */
  FmtAxes *an = a->share[k] ? a->share[k] : a, *bn = b->share[k] ? b->share[k] : b;
  a->share[k] = bn, b->share[k] = an;   /* two rings spliced into one */
}

FmtAxes *fmt_figure_add_axes(FmtFigure *f, int nrows, int ncols, int index) {
  FmtAxes *a = new_axes(f, nrows, ncols, index);
  if (a)
    a->twin = true;
  return a;
}

void fmt_figure_remove(FmtFigure *f, FmtAxes *ax) {
  for (int k = 0; k < 2; k++) {
    FmtAxes *before = ax->share[k];
    while (before && before->share[k] != ax)
      before = before->share[k];
    if (before)   /* a ring of two leaves the other alone */
      before->share[k] = ax->share[k] == before ? NULL : ax->share[k];
  }
  for (int i = 0; i < f->n; i++)
    if (f->axes[i] == ax) {
      memmove(f->axes + i, f->axes + i + 1, sizeof *f->axes * (size_t)(f->n - i - 1));
      f->n--;
      break;
    }
  axes_free(ax);
}

FmtAxes *fmt_figure_twin(FmtFigure *f, FmtAxes *host, int k) {
  FmtAxes *a = fmt_figure_add_axes(f, host->nrows, host->ncols, host->index);
  if (a)
    fmt_axes_share(host, a, k);
  return a;
}

/* A new artist of n values in style st, with the array b when `based` (bars' bottoms, an
 * area's second curve); NULL when out of memory. */
static FmtArtist *artist_new(const FmtStyle *st, FmtArtistKind kind, int64_t n, bool based) {
  FmtArtist *a = base_calloc(1, sizeof *a);
  if (!a)
    return NULL;
  size_t m = n > 0 ? (size_t)n : 1;
  a->kind = kind, a->n = n, a->lw = st->line_width, a->vmin = a->vmax = NAN;
  a->channels = 1, a->size = kind == FMT_SCATTER ? 36 : st->marker_size;
  if ((kind == FMT_BARS || based) && st->patch_edged)   /* patch.force_edgecolor */
    a->edged = true, a->edge = st->patch_edge, a->lw = st->patch_width;
  a->x = base_calloc(m, sizeof(double));
  bool ok = a->x != NULL;
  if (kind != FMT_IMAGE)
    ok = ok && (a->y = base_calloc(m, sizeof(double)));
  if (kind == FMT_BARS)
    ok = ok && (a->w = base_calloc(m, sizeof(double)));
  if (based)
    ok = ok && (a->b = base_calloc(m, sizeof(double)));
  if (kind == FMT_SCATTER)
    ok = ok && (a->c = base_calloc(m, sizeof(double)));
  if (!ok)
    fmt_artist_free(a), a = NULL;
  return a;
}

static FmtArtist *add(FmtAxes *ax, FmtArtistKind kind, int64_t n, bool based) {
  FmtArtist *a = artist_new(&ax->style, kind, n, based);
  if (a && !fmt_axes_adopt(ax, a))
    fmt_artist_free(a), a = NULL;
  return a;
}

FmtArtist *fmt_artist_new(const FmtStyle *st, FmtArtistKind kind, int64_t n) {
  return artist_new(st, kind, n, kind == FMT_BARS);
}

FmtArtist *fmt_polygon_new(const FmtStyle *st, int64_t n, uint32_t color) {
  FmtArtist *a = artist_new(st, FMT_LINE, n, false);
  if (a)   /* a patch: outlined when patch.force_edgecolor says so */
    a->filled = a->closed = true, a->color = color, a->lw = st->patch_width,
    a->edged = st->patch_edged, a->edge = st->patch_edge;
  return a;
}

bool fmt_axes_adopt(FmtAxes *ax, FmtArtist *a) {
  return push((void ***)&ax->a, &ax->n, &ax->cap, a);
}

FmtArtist *fmt_axes_add(FmtAxes *ax, FmtArtistKind kind, int64_t n) {
  return add(ax, kind, n, kind == FMT_BARS);
}

FmtArtist *fmt_axes_add_fill(FmtAxes *ax, int64_t n, uint32_t color) {
  FmtArtist *a = add(ax, FMT_LINE, n, true);
  if (a)
    a->filled = true, a->color = color, a->lw = a->edged ? a->lw : 1;
  return a;
}

FmtArtist *fmt_axes_add_handle(FmtAxes *ax, const FmtArtist *of, const char *label) {
  FmtArtist *a = add(ax, of->kind == FMT_IMAGE ? FMT_BARS : of->kind, 0, false);
  if (!a)
    return NULL;
  FmtArtist look = *of;   /* its scalars; none of the arrays, which stay of's */
  look.n = 0, look.x = a->x, look.y = a->y, look.w = a->w, look.b = a->b, look.c = a->c;
  look.sizes = NULL, look.fills = NULL, look.text = NULL, look.label = NULL;
  look.kind = a->kind, look.legend_only = look.handle_copy = true;
  if (of->fills && of->n > 0)   /* a bar set's entry: its first bar */
    look.color = of->fills[0];
  *a = look;
  return fmt_strdup(label, &a->label) ? a : NULL;   /* unnamed, it is no entry */
}

void fmt_axes_drop_handles(FmtAxes *ax) {
  int kept = 0;
  for (int i = 0; i < ax->n; i++)
    if (ax->a[i]->handle_copy)
      fmt_artist_free(ax->a[i]);
    else
      ax->a[kept++] = ax->a[i];
  ax->n = kept;
}

FmtArtist *fmt_axes_add_polygon(FmtAxes *ax, int64_t n, uint32_t color) {
  FmtArtist *a = fmt_polygon_new(&ax->style, n, color);
  if (a && !fmt_axes_adopt(ax, a))
    fmt_artist_free(a), a = NULL;
  return a;
}

/* ---- colours ---- */

uint32_t fmt_axes_cycle_color(const FmtAxes *ax, int i) {
  int n = ax->style.ncycle > 0 ? ax->style.ncycle : 1;
  return ax->style.cycle[((i % n) + n) % n];
}

uint32_t fmt_axes_next_color(FmtAxes *ax) {
  return fmt_axes_cycle_color(ax, ax->next_color++);
}

uint32_t fmt_axes_next_patch_color(FmtAxes *ax) {
  return fmt_axes_cycle_color(ax, ax->next_patch++);
}

/* A colormap: colours at equal steps from 0 to 1, interpolated linearly between. */
typedef struct {
  const char *name;
  int n;
  uint32_t stops[11];
} Cmap;

static const Cmap cmaps[] = {
    {"viridis", 9, {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962,
                    0xaddc30, 0xfde725}},
    {"gray", 2, {0x000000, 0xffffff}},
    {"binary", 2, {0xffffff, 0x000000}},
    {"Greys", 9, {0xffffff, 0xf0f0f0, 0xd9d9d9, 0xbdbdbd, 0x969696, 0x737373, 0x525252,
                  0x252525, 0x000000}},
    {"Blues", 9, {0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5,
                  0x08519c, 0x08306b}},
    {"plasma", 8, {0x0d0887, 0x5302a3, 0x8b0aa5, 0xb83289, 0xdb5c68, 0xf48849, 0xfebd2a,
                   0xf0f921}},
    {"Spectral", 11, {0x9e0142, 0xd53e4f, 0xf46d43, 0xfdae61, 0xfee08b, 0xffffbf, 0xe6f598,
                      0xabdda4, 0x66c2a5, 0x3288bd, 0x5e4fa2}},
    {"RdBu", 11, {0x67001f, 0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7, 0xd1e5f0,
                  0x92c5de, 0x4393c3, 0x2166ac, 0x053061}},
    {"coolwarm", 11, {0x3b4cc0, 0x5977e3, 0x7b9ff9, 0x9ebeff, 0xc0d4f5, 0xdddcdc, 0xf2cbb7,
                      0xf7ac8e, 0xee8468, 0xd65244, 0xb40426}},
    {"jet", 9, {0x00007f, 0x0000ff, 0x007fff, 0x00ffff, 0x7fff7f, 0xffff00, 0xff7f00,
                0xff0000, 0x7f0000}},
    {"magma", 11, {0x000004, 0x140e36, 0x3b0f70, 0x641a80, 0x8c2981, 0xb73779, 0xde4968,
                   0xf7705c, 0xfe9f6d, 0xfecf92, 0xfcfdbf}},
    {"inferno", 11, {0x000004, 0x160b39, 0x420a68, 0x6a176e, 0x932667, 0xbc3754, 0xdd513a,
                     0xf37819, 0xfca50a, 0xf6d746, 0xfcffa4}},
    {"cividis", 11, {0x00224e, 0x083370, 0x35456c, 0x4f576c, 0x666970, 0x7d7c78, 0x948e77,
                     0xaea371, 0xc8b866, 0xe5cf52, 0xfee838}},
    {"YlGnBu", 11, {0xffffd9, 0xf1faba, 0xd6efb3, 0xabdeb7, 0x73c8bd, 0x40b5c4, 0x2498c1,
                    0x2072b1, 0x234da0, 0x1f2f87, 0x081d58}},
    {"YlOrRd", 11, {0xffffcc, 0xfff1a9, 0xfee187, 0xfeca66, 0xfeab49, 0xfd8c3c, 0xfc5b2e,
                    0xed2e21, 0xd41020, 0xb00026, 0x800026}},
    {"Greens", 11, {0xf7fcf5, 0xe9f7e5, 0xd3eecd, 0xb8e3b2, 0x98d594, 0x73c476, 0x4bb062,
                    0x2f974e, 0x157f3b, 0x006428, 0x00441b}},
    {"Reds", 11, {0xfff5f0, 0xfee5d8, 0xfdcab5, 0xfcab8f, 0xfc8a6a, 0xfb694a, 0xf14432,
                  0xd92523, 0xbc141a, 0x980c13, 0x67000d}},
    {"Oranges", 11, {0xfff5eb, 0xfee9d4, 0xfdd9b4, 0xfdc38d, 0xfda762, 0xfd8c3b, 0xf3701b,
                     0xe25508, 0xc54102, 0x9e3303, 0x7f2704}},
    {"Purples", 11, {0xfcfbfd, 0xf2f0f7, 0xe2e2ef, 0xcecfe5, 0xb6b6d8, 0x9e9ac8, 0x8683bd,
                     0x7262ac, 0x61409b, 0x4f1f8b, 0x3f007d}},
    {"BuPu", 11, {0xf7fcfd, 0xe5eff6, 0xccddec, 0xb2cae1, 0x9ab4d6, 0x8c95c6, 0x8c74b5,
                  0x8a51a5, 0x852d90, 0x760c71, 0x4d004b}},
    {"RdYlGn", 11, {0xa50026, 0xd62f27, 0xf46d43, 0xfdad60, 0xfee08b, 0xfeffbe, 0xd9ef8b,
                    0xa5d86a, 0x66bd63, 0x199750, 0x006837}},
    /* seaborn's own */
    {"rocket", 11, {0x03051a, 0x251433, 0x4c1d4b, 0x751f58, 0xa11a5b, 0xcb1b4f, 0xe83f3f,
                    0xf3714d, 0xf69c73, 0xf7c6a6, 0xfaebdd}},
    {"mako", 11, {0x0b0405, 0x251729, 0x382a54, 0x413f80, 0x395d9c, 0x357ba3, 0x3497a9,
                  0x3eb4ad, 0x60ceac, 0xa9e1bd, 0xdef5e5}},
    {"icefire", 11, {0xbde7db, 0x75b8ce, 0x3885d0, 0x4a4fa5, 0x302e4a, 0x1f1e1e, 0x4a252e,
                     0x932e44, 0xd34936, 0xf18f51, 0xffd4ac}},
    {"vlag", 11, {0x2369bd, 0x5b84bd, 0x87a0c4, 0xafbcd1, 0xd9dce5, 0xfaf5f4, 0xecd3d2,
                  0xdbaba8, 0xcc8582, 0xbb5e5d, 0xa9373b}},
    {"flare", 11, {0xedb081, 0xeb9872, 0xe77e63, 0xe2655c, 0xd64f5f, 0xc14168, 0xaa3a6e,
                   0x923371, 0x7a2e70, 0x62296a, 0x4b2362}},
    {"crest", 11, {0xa5cd90, 0x89bf91, 0x6db290, 0x57a490, 0x44948f, 0x33858d, 0x24768b,
                   0x1c6689, 0x215584, 0x28437b, 0x2c3172}},
};

enum { NCMAPS = sizeof cmaps / sizeof *cmaps };

int fmt_cmap_find(const char *name) {
  size_t n = strlen(name);
  bool rev = n > 2 && strcmp(name + n - 2, "_r") == 0;
  for (int i = 0; i < NCMAPS; i++)
    if (strncmp(cmaps[i].name, name, n - 2 * rev) == 0 &&
        cmaps[i].name[n - 2 * rev] == '\0')
      return i + NCMAPS * rev;
  return -1;
}

int fmt_cmap_count(void) {
  return fmt_cmap_find("rocket");   /* the first of seaborn's own */
}

const char *fmt_cmap_name(int cmap) {
  return cmaps[cmap % NCMAPS].name;
}

/* The suffix of a reversed colormap's name. */
static const char *reversed(int cmap) {
  return cmap >= NCMAPS ? "_r" : "";
}

static uint32_t mix(uint32_t a, uint32_t b, double t) {
  uint32_t r = 0;
  for (int sh = 0; sh <= 16; sh += 8) {
    double ca = (a >> sh) & 255, cb = (b >> sh) & 255;
    r |= (uint32_t)lround(ca + (cb - ca) * t) << sh;
  }
  return r;
}

/* The colour of v on the scale [lo, hi]: matplotlib's Normalize, clipped. */
uint32_t fmt_cmap_color(int cmap, double v, double lo, double hi) {
  const Cmap *c = &cmaps[cmap % NCMAPS];
  double t = hi > lo ? (v - lo) / (hi - lo) : 0;
  t = isnan(t) ? 0 : t < 0 ? 0 : t > 1 ? 1 : t;
  t = cmap >= NCMAPS ? 1 - t : t;   /* a name_r */
  double pos = t * (c->n - 1);
  int i = (int)pos;
  return i >= c->n - 1 ? c->stops[c->n - 1] : mix(c->stops[i], c->stops[i + 1], pos - i);
}

/* ---- limits and ticks ---- */

enum { MAX_TICKS = FMT_MAX_TICKS, MAX_MINOR = 96 };

typedef struct {
  const FmtStyle *st;               /* the axes' */
  bool right;                       /* its y axis at the right (a twin's) */
  double x, y, w, h;                /* the axes box in pixels, y down */
  double lim[2][2];                 /* view limits: [0] x, [1] y; lim[k][0] at the left/bottom */
  double base[2];                   /* a log axis' base; 0: a linear axis */
  double ticks[2][MAX_TICKS + MAX_MINOR];   /* the major ticks, then a log axis' minor ones */
  const char *labels[2][MAX_TICKS + MAX_MINOR]; /* set_xticks's labels of the ticks, or NULL:
                                                   the number */
  int nticks[2], nminor[2];
} Box;

static void widen(double *lo, double *hi, double v) {
  if (isfinite(v)) {
    *lo = v < *lo ? v : *lo;
    *hi = v > *hi ? v : *hi;
  }
}

/* What the artists of an axis span: their data, the sticky edges they bring, and the least
 * positive data value (where a log axis starts when the data reach zero). */
typedef struct {
  double lo, hi, slo, shi, pos;
} Range;

static void data(Range *r, double v) {
  widen(&r->lo, &r->hi, v);
  if (v > 0 && v < r->pos)
    r->pos = v;
}

/* An image's left, right, bottom and top: its extent, or pixel centres at the integers. */
static void image_extent(const FmtArtist *a, double e[4]) {
  if (a->has_extent) {
    memcpy(e, a->extent, sizeof a->extent);
    return;
  }
  e[0] = -0.5, e[1] = (double)a->cols - 0.5, e[2] = (double)a->rows - 0.5, e[3] = -0.5;
}

/* What the artists span on axis k (0 x, 1 y). */
static Range data_range(const FmtAxes *ax, int k) {
  Range r = {INFINITY, -INFINITY, INFINITY, -INFINITY, INFINITY};
  for (int i = 0; i < ax->n; i++) {
    const FmtArtist *a = ax->a[i];
    if (a->kind == FMT_TEXT)
      continue;   /* text does not move the limits, as in matplotlib */
    if (a->kind == FMT_IMAGE) {
      double e[4];
      image_extent(a, e);
      for (int side = 0; side < 2; side++)
        data(&r, e[2 * k + side]), widen(&r.slo, &r.shi, e[2 * k + side]);
      continue;
    }
    if (a->spans[k] || a->unscaled)
      continue;
    if (a->held) {
      data(&r, a->held_box[2 * k]), data(&r, a->held_box[2 * k + 1]);
      continue;
    }
    if (k == 1 && a->sticky_zero && a->n > 0)
      widen(&r.slo, &r.shi, 0);
    for (int64_t j = 0; j < a->n; j++) {
      if (k == 1 && a->filled && !a->closed && isfinite(a->x[j]))
        data(&r, a->b[j]);   /* the second curve, where the first is drawn */
      if (a->kind != FMT_BARS) {
        data(&r, k ? a->y[j] : a->x[j]);
      } else if (k == (int)a->horizontal) { /* across the bars */
        data(&r, a->x[j] - a->w[j] / 2), data(&r, a->x[j] + a->w[j] / 2);
      } else {
        data(&r, a->b[j]), data(&r, a->b[j] + a->y[j]);
        if (!a->patch)
          widen(&r.slo, &r.shi, a->b[j]);
      }
    }
  }
  return r;
}

static bool has_image(const FmtAxes *ax) {
  for (int i = 0; i < ax->n; i++)
    if (ax->a[i]->kind == FMT_IMAGE)
      return true;
  return false;
}

/* Whether an image asks for square pixels (imshow's default aspect). */
static bool square_pixels(const FmtAxes *ax) {
  for (int i = 0; i < ax->n; i++)
    if (ax->a[i]->kind == FMT_IMAGE && !ax->a[i]->aspect_auto)
      return true;
  return false;
}

/* A linear axis' limits of the data range r: 5% margins, a single value widened by 5%
 * first (matplotlib's nonsingular); 0 .. 1 for no data. */
static bool linear_limits(const Range *r, double *lo, double *hi, double *a, double *b) {
  if (!(r->lo <= r->hi))
    return false;
  /* Data beyond ±1e300 (a loss of 1e308) is drawn at the edge: the range, its margins and
   * every pixel position stay finite. */
  *lo = fmin(fmax(r->lo, -1e300), 1e300), *hi = fmin(fmax(r->hi, -1e300), 1e300);
  if (*hi - *lo < 1e-12 * fmax(1, fabs(*lo))) {
    double d = *lo == 0 ? 0.05 : fabs(*lo) * 0.05;
    *lo -= d, *hi += d;
  }
  double m = 0.05 * (*hi - *lo);
  *a = *lo - m, *b = *hi + m;
  return true;
}

/* A log axis' limits of the data range r, as LogLocator.nonsingular and autoscale_view
 * make them: from the least positive value when the data reach zero, a single value
 * widened to the powers of the base about it, then margins of 5% of the decades in view;
 * 1 .. 10 (and margins) with no positive data. */
static void log_limits(const Range *r, double base, double *lo, double *hi, double *a,
                       double *b) {
  *lo = r->lo <= 0 ? (isfinite(r->pos) ? r->pos : 1e-300) : r->lo, *hi = r->hi;
  if (!(r->lo <= r->hi) || !(r->hi > 0))
    *lo = 1, *hi = 10;
  double t0 = fmt_log_scale(*lo, base), t1 = fmt_log_scale(*hi, base);
  if (t0 == t1) {   /* the powers strictly below and above */
    t0 = floor(t0) == t0 ? t0 - 1 : floor(t0), t1 = ceil(t1) == t1 ? t1 + 1 : ceil(t1);
    *lo = pow(base, t0), *hi = pow(base, t1);
  }
  double m = 0.05 * (t1 - t0);   /* within ±1e300, as a linear axis keeps its data */
  *a = pow(base, fmax(t0 - m, fmt_log_scale(1e-300, base)));
  *b = pow(base, fmin(t1 + m, fmt_log_scale(1e300, base)));
}

/* The view limits of axis k: the data range plus margins, held at sticky edges; an image's
 * y axis runs downwards. */
static void auto_limits(const FmtAxes *ax, int k, double out[2]) {
  Range r = data_range(ax, k);
  for (const FmtAxes *o = ax->share[k]; o && o != ax; o = o->share[k]) {
    Range s = data_range(o, k);   /* shared: every sibling's data and sticky edges */
    r.lo = fmin(r.lo, s.lo), r.hi = fmax(r.hi, s.hi), r.pos = fmin(r.pos, s.pos);
    r.slo = fmin(r.slo, s.slo), r.shi = fmax(r.shi, s.shi);
  }
  double lo, hi, a, b, sticky[2] = {r.slo, r.shi};
  if (ax->log_base[k]) {
    log_limits(&r, ax->log_base[k], &lo, &hi, &a, &b);
  } else if (!linear_limits(&r, &lo, &hi, &a, &b)) {
    out[0] = 0, out[1] = 1;
    return;
  }
  for (int i = 0; i < 2; i++) {   /* a sticky edge inside a margin stops it there */
    if (sticky[i] <= lo && sticky[i] >= a)
      a = sticky[i];
    if (sticky[i] >= hi && sticky[i] <= b)
      b = sticky[i];
  }
  out[0] = a, out[1] = b;
  if (k == 1 && has_image(ax))
    out[0] = b, out[1] = a;
}

/* The view limits of axis k: set_xlim's where given (NaN: that side automatic), on these
 * axes or else on one sharing the axis. */
void fmt_axes_view(const FmtAxes *ax, int k, double out[2]) {
  auto_limits(ax, k, out);
  const FmtAxes *set = ax;
  for (const FmtAxes *o = ax->share[k]; !set->has_lim[k] && o && o != ax; o = o->share[k])
    set = o;
  for (int i = 0; set->has_lim[k] && i < 2; i++)   /* a log axis ignores limits <= 0 */
    if (!isnan(set->lim[k][i]) && !(ax->log_base[k] && set->lim[k][i] <= 0))
      out[i] = set->lim[k][i];
}

/* ---- layout ---- */

static void scale_of(const FmtArtist *a, const double *v, int64_t n, double *lo, double *hi);

/* DejaVu Sans' advance widths of ' ' .. '~' in 2048ths of an em (its hmtx table, as
 * matplotlib's font gives them); kerning is left out. */
static const short advance[95] = {
    651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, 1303,
    1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087,
    2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604, 604, 1343, 1141, 1767, 1532,
    1612, 1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799, 690, 799, 1716,
    1024, 1024, 1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995, 1298,
    1253, 1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716,
};

double fmt_text_width(const char *s, double size_pt) {
  double w = 0;
  for (const unsigned char *c = (const unsigned char *)s; *c; c++)
    if (*c >= ' ' && *c <= '~')
      w += advance[*c - ' '];
    else if (strncmp((const char *)c, "\u2212", 3) == 0)   /* the minus sign, as '+' */
      w += advance['+' - ' '];
    else if ((*c & 0xc0) != 0x80 && *c >= 0x80)   /* other characters: as a digit */
      w += advance['0' - ' '];
  return w / 2048 * size_pt * PT;
}

FmtSubplotParams fmt_default_subplot_params(void) {
  return (FmtSubplotParams){.left = 0.125, .right = 0.9, .bottom = 0.11, .top = 0.88,
                            .wspace = 0.2, .hspace = 0.2};
}

/* Agg's hinted height and descent of "lp" in DejaVu Sans at 100 dpi, by the size in whole
 * points from 5 (matplotlib's get_text_width_height_descent); beyond 40 in proportion. */
static const unsigned char line_px[][2] = {
    {6, 1},   {9, 2},   {10, 2},  {10, 2},  {13, 3},  {14, 3},  {15, 3},  {15, 3},  {18, 4},
    {19, 4},  {20, 4},  {23, 5},  {23, 5},  {24, 5},  {26, 6},  {28, 6},  {28, 6},  {29, 6},
    {31, 7},  {33, 7},  {34, 7},  {34, 7},  {36, 8},  {38, 8},  {40, 9},  {40, 9},  {42, 9},
    {43, 9},  {45, 10}, {47, 10}, {47, 10}, {48, 10}, {50, 11}, {52, 11}, {52, 11}, {54, 12}};
enum { NLINE_PX = sizeof line_px / sizeof *line_px };

static const unsigned char *line_of(double size_pt) {
  long i = lround(size_pt) - 5;
  return line_px[i < 0 ? 0 : i >= NLINE_PX ? NLINE_PX - 1 : i];
}

double fmt_text_height(double size_pt) {
  return size_pt > 40.5 ? line_px[NLINE_PX - 1][0] * size_pt / 40 : line_of(size_pt)[0];
}

/* The part of fmt_text_height below the baseline. */
static double descent(double size_pt) {
  return size_pt > 40.5 ? line_px[NLINE_PX - 1][1] * size_pt / 40 : line_of(size_pt)[1];
}

/* The cell of axes ax in the figure's grid: GridSpec's, by the figure's subplot parameters
 * (wspace and hspace are the gaps as fractions of a cell's width and height). */
static void cell(const FmtFigure *f, const FmtAxes *ax, Box *b) {
  *b = (Box){.st = &ax->style, .right = ax->y_right};
  const FmtSubplotParams *sp = &f->sp;
  double W = f->w * DPI, H = f->h * DPI;
  double cw = (sp->right - sp->left) / (ax->ncols + sp->wspace * (ax->ncols - 1));
  double ch = (sp->top - sp->bottom) / (ax->nrows + sp->hspace * (ax->nrows - 1));
  int r = (ax->index - 1) / ax->ncols, c = (ax->index - 1) % ax->ncols;
  b->x = (sp->left + c * (1 + sp->wspace) * cw) * W, b->w = cw * W;
  b->y = (1 - sp->top + r * (1 + sp->hspace) * ch) * H, b->h = ch * H;
}

/* The nbins MaxNLocator gets on axis k of len pixels: XAxis.get_tick_space is the length
 * over three tick label sizes, YAxis's over two; at most 9. */
static int nbins(const FmtStyle *st, double len, int k) {
  int n = (int)(len / PT / (st->tick_label_size[k] * (k ? 2 : 3)));
  return n < 1 ? 1 : n > 9 ? 9 : n;
}

/* set_xticks's ticks of axis k that are in view, with their labels. */
static void placed_ticks(const FmtAxes *ax, int k, Box *b) {
  double lo = fmin(b->lim[k][0], b->lim[k][1]), hi = fmax(b->lim[k][0], b->lim[k][1]);
  double eps = (hi - lo) * 1e-10;
  b->nticks[k] = 0;
  for (int i = 0; i < ax->ntick_at[k] && b->nticks[k] < MAX_TICKS; i++) {
    double t = ax->tick_at[k][i];
    if (t < lo - eps || t > hi + eps)
      continue;
    b->labels[k][b->nticks[k]] = ax->tick_text[k] ? ax->tick_text[k][i] : NULL;
    b->ticks[k][b->nticks[k]++] = t;
  }
}

/* aspect 'd': one data unit as long on both axes by widening the limits of one axis about
 * their centre, as matplotlib's apply_aspect with adjustable='datalim' chooses it. */
static void equal_limits(const FmtAxes *ax, Box *b) {
  double xsize = fmax(fabs(b->lim[0][1] - b->lim[0][0]), 1e-30);
  double ysize = fmax(fabs(b->lim[1][1] - b->lim[1][0]), 1e-30);
  double ratio = b->h / b->w, y_expander = ratio * xsize / ysize - 1;
  if (fabs(y_expander) < 0.005)
    return;
  Range x = data_range(ax, 0), y = data_range(ax, 1);
  double xr = 1.05 * (x.hi - x.lo), yr = 1.05 * (y.hi - y.lo);
  double Ysize = ratio * xsize, Xsize = ysize / ratio;
  bool adjust_y = xsize - xr > 0 && ysize - yr > 0
                      ? (Ysize - yr > 0 && y_expander < 0) || (Xsize - xr < 0 && y_expander > 0)
                      : y_expander > 0;
  int k = adjust_y ? 1 : 0;
  double size = adjust_y ? Ysize : Xsize, mid = (b->lim[k][0] + b->lim[k][1]) / 2;
  double dir = b->lim[k][1] >= b->lim[k][0] ? 1 : -1;   /* an inverted axis stays inverted */
  b->lim[k][0] = mid - dir * size / 2, b->lim[k][1] = mid + dir * size / 2;
}

/* Axes ax's box: its cell, less the colorbar's room (a fifth) when it has one; an image (and
 * aspect 'b') keeps square pixels by shrinking the box about its centre (towards its
 * colorbar at the right, when it has one: make_axes_gridspec anchors the parent there). */
static void place(const FmtFigure *f, const FmtAxes *ax, Box *b) {
  cell(f, ax, b);
  if (ax->colorbar)
    b->w *= 0.8;
  for (int k = 0; k < 2; k++)
    fmt_axes_view(ax, k, b->lim[k]);
  if (ax->aspect == 'd')
    equal_limits(ax, b);
  if (square_pixels(ax) || ax->aspect == 'b') {
    double dx = fabs(b->lim[0][1] - b->lim[0][0]), dy = fabs(b->lim[1][1] - b->lim[1][0]);
    double s = fmin(b->w / dx, b->h / dy);
    b->x += (b->w - s * dx) / (ax->colorbar ? 1 : 2), b->y += (b->h - s * dy) / 2;
    b->w = s * dx, b->h = s * dy;
  }
  for (int k = 0; k < 2; k++) {
    int room = nbins(b->st, k ? b->h : b->w, k);
    b->base[k] = ax->log_base[k];
    if (ax->ntick_at[k] > 0)
      placed_ticks(ax, k, b);
    else if (b->base[k])
      b->nticks[k] = fmt_log_ticks(b->lim[k], b->base[k], room, b->ticks[k], MAX_TICKS);
    else
      b->nticks[k] = fmt_locate_ticks(b->lim[k][0], b->lim[k][1], room, b->ticks[k], MAX_TICKS);
    if (b->base[k])
      b->nminor[k] = fmt_log_minor_ticks(b->lim[k], b->base[k], room, b->ticks[k] + b->nticks[k],
                                         MAX_MINOR);
    else if (ax->minor_ticks[k])
      b->nminor[k] = fmt_auto_minor_ticks(b->ticks[k], b->nticks[k], b->lim[k],
                                          b->ticks[k] + b->nticks[k], MAX_MINOR);
  }
}

/* The colour scale of the artist a colorbar shows: its vmin and vmax or its values' range,
 * widened as matplotlib's nonsingular(expander=0.1) widens a single value. */
static void cbar_scale(const FmtArtist *a, double *lo, double *hi) {
  *lo = 0, *hi = 1;
  if (a->kind == FMT_IMAGE && a->channels == 1)
    scale_of(a, a->x, a->n, lo, hi);
  else if (a->kind == FMT_SCATTER && a->mapped)
    scale_of(a, a->c, a->n, lo, hi);
  if (!(*hi > *lo) && isfinite(*lo)) {
    double d = *lo == 0 ? 0.1 : 0.1 * fabs(*lo);
    *lo -= d, *hi += d;
  }
}

/* The colour scale of a colorbar's artist (the colours) and the part of it the bar shows. */
static void cbar_range(const FmtArtist *a, double scale[2], double shown[2]) {
  cbar_scale(a, &scale[0], &scale[1]);
  shown[0] = a->bar_part ? a->bar_lo : scale[0], shown[1] = a->bar_part ? a->bar_hi : scale[1];
}

/* The colorbar's box: the right 15% of the cell after the axes' 80% and a 5% gap, 20 times
 * as tall as wide, anchored at its left; limits 0..1 by vmin..vmax. Tick space comes from the
 * cell's height, as matplotlib counts it before the aspect is applied. */
static void cbar_place(const FmtFigure *f, const FmtAxes *ax, Box *b) {
  Box c;
  cell(f, ax, &c);
  *b = (Box){.st = &ax->style};
  double room = 0.15 * c.w;
  b->x = c.x + 0.85 * c.w, b->w = fmin(room, c.h / 20), b->h = b->w * 20;
  b->y = c.y + (c.h - b->h) / 2;
  b->lim[0][0] = 0, b->lim[0][1] = 1;
  double scale[2];
  cbar_range(ax->a[ax->colorbar - 1], scale, b->lim[1]);
  b->nticks[0] = 0;
  b->nticks[1] = fmt_locate_ticks(b->lim[1][0], b->lim[1][1], nbins(b->st, c.h, 1), b->ticks[1],
                                  MAX_TICKS);
}

/* v on axis k's scale: itself, or its log (v <= 0 a thousand powers down, as matplotlib's
 * LogTransform clips it). */
static double scaled(const Box *b, int k, double v) {
  if (!b->base[k])
    return v;
  return v > 0 ? fmt_log_scale(v, b->base[k]) : -1000;
}

/* Where v falls between axis k's limits, 0 .. 1 on its scale; far outside (clipped) for v
 * near ±DBL_MAX, whose distance to a limit overflows. */
static double fraction(const Box *b, int k, double v) {
  double lo = scaled(b, k, b->lim[k][0]), hi = scaled(b, k, b->lim[k][1]);
  return fmin(fmax((scaled(b, k, v) - lo) / (hi - lo), -1e6), 1e6);
}
static double px(const Box *b, double x) {
  return b->x + fraction(b, 0, x) * b->w;
}
static double py(const Box *b, double y) {
  return b->y + b->h - fraction(b, 1, y) * b->h;
}

/* Where a line's value v on axis k lies in pixels: in data, or across the axes for a span. */
static double at(const Box *b, const FmtArtist *a, int k, double v) {
  if (a->spans[k])
    return k ? b->y + (1 - v) * b->h : b->x + v * b->w;
  return k ? py(b, v) : px(b, v);
}

/* ---- drawing ---- */

static void color_attr(BaseBuf *s, const char *attr, uint32_t c) {
  base_buf_printf(s, " %s=\"#%06x\"", attr, c & 0xffffff);
}

static void values_attr(BaseBuf *s, const char *name, const double *v, int64_t n) {
  base_buf_printf(s, " data-%s=\"", name);
  for (int64_t i = 0; i < n; i++)
    base_buf_printf(s, "%s%.10g", i ? " " : "", v[i]);
  base_buf_printf(s, "\"");
}

static void text_open(BaseBuf *s, double x, double y, double size_pt, uint32_t color,
                      const char *anchor, const char *extra) {
  base_buf_printf(s, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.2f\" text-anchor=\"%s\" "
                  "stroke=\"none\" fill=\"#%06x\"%s>", x, y, size_pt * PT, anchor,
                  color & 0xffffff, extra);
}

static void text(BaseBuf *s, double x, double y, double size_pt, uint32_t color,
                 const char *anchor, const char *extra, const char *str) {
  text_open(s, x, y, size_pt, color, anchor, extra);
  fmt_svg_text(s, str);
  base_buf_printf(s, "</text>\n");
}

/* A line's dash pattern in line widths, into out: its own, else matplotlib's
 * (lines.dashed_pattern and the others), which matplotlib scales by the width. The count of
 * lengths, 0 for a solid line or none. */
static int dash_lengths(const FmtArtist *a, double out[16]) {
  static const double pat[][4] = {{0}, {3.7, 1.6}, {6.4, 1.6, 1, 1.6}, {1, 1.65}};
  if (a->dash == FMT_NOLINE || (a->dash == FMT_SOLID && a->ndashes == 0))
    return 0;
  int n = a->ndashes ? a->ndashes : a->dash == FMT_DASHDOT ? 4 : 2;
  for (int i = 0; i < n; i++)
    out[i] = a->ndashes ? a->dashes[i] : pat[a->dash][i];
  return n;
}

static void dash_attr(BaseBuf *s, const FmtArtist *a) {
  double d[16];
  int n = dash_lengths(a, d);
  for (int i = 0; i < n; i++)
    base_buf_printf(s, "%s%.2f", i ? " " : " stroke-dasharray=\"", d[i] * a->lw * PT);
  if (n)
    base_buf_printf(s, "\"");
}

/* How a marker is painted: its fill and outline colours (NO_PAINT: none), the outline's
 * width in points, and the opacity of both (0 means 1). */
enum { NO_PAINT = FMT_NO_COLOR };
typedef struct {
  uint32_t fill, stroke;
  double width, alpha;
} Paint;

static void paint_attrs(BaseBuf *s, const Paint *p) {
  if (p->fill == NO_PAINT)
    base_buf_printf(s, " fill=\"none\"");
  else
    color_attr(s, "fill", p->fill);
  if (p->stroke != NO_PAINT) {
    color_attr(s, "stroke", p->stroke);
    base_buf_printf(s, " stroke-width=\"%.2f\"", p->width * PT);
  }
  if (p->alpha > 0 && p->alpha < 1)
    base_buf_printf(s, " fill-opacity=\"%.3g\" stroke-opacity=\"%.3g\"", p->alpha, p->alpha);
}

/* A closed path through n points (unit: the marker's half size r, y up) turned by deg
 * degrees, about (x, y). */
static void unit_path(BaseBuf *s, double x, double y, double r, const double (*v)[2], int n,
                      double deg) {
  double c = cos(deg * PI / 180), sn = sin(deg * PI / 180);
  for (int i = 0; i < n; i++)
    base_buf_printf(s, "%s%.2f %.2f", i ? "L" : "<path d=\"M", x + r * (c * v[i][0] - sn * v[i][1]),
                    y - r * (sn * v[i][0] + c * v[i][1]));
  base_buf_printf(s, "Z\"");
}

/* matplotlib's regular polygon of n corners (one straight up, then turned by deg), or its
 * star of n points (inner: the inner corners' radius, 0 for a polygon). */
static void regular_path(BaseBuf *s, double x, double y, double r, int n, double inner,
                         double deg) {
  double v[16][2];
  int k = 0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < (inner > 0 ? 2 : 1); j++) {
      double a = PI / 2 + (2 * i + j) * PI / n, len = j ? inner : 1;
      v[k][0] = len * cos(a), v[k][1] = len * sin(a), k++;
    }
  unit_path(s, x, y, r, v, k, deg);
}

/* A marker centred at (x, y) painted as p says; the strokes ('x', '+', ...) in the outline's
 * colour, else the fill's. */
static void marker_painted(BaseBuf *s, char m, double x, double y, double size_pt,
                           const Paint *p) {
  static const double plus[12][2] = {{-1, -3}, {1, -3}, {1, -1}, {3, -1}, {3, 1}, {1, 1},
                                     {1, 3},   {-1, 3}, {-1, 1}, {-3, 1}, {-3, -1}, {-1, -1}};
  static const double tri[3][2] = {{0, 1}, {-1, -1}, {1, -1}};
  static const double spokes[4][3][2] = {{{0, -1}, {0.8, 0.5}, {-0.8, 0.5}},
                                         {{0, 1}, {0.8, -0.5}, {-0.8, -0.5}},
                                         {{-1, 0}, {0.5, 0.8}, {0.5, -0.8}},
                                         {{1, 0}, {-0.5, 0.8}, {-0.5, -0.8}}};
  double r = size_pt * PT / 2, filled_plus[12][2];
  if (m == '.')
    r /= 2;
  for (int i = 0; i < 12; i++)
    filled_plus[i][0] = plus[i][0] / 3, filled_plus[i][1] = plus[i][1] / 3;
  if (m == ',') {   /* one pixel */
    base_buf_printf(s, "<rect x=\"%.2f\" y=\"%.2f\" width=\"1\" height=\"1\"", x - 0.5, y - 0.5);
  } else if (m == 'p' || m == 'h' || m == 'H' || m == '8' || m == '*') {
    regular_path(s, x, y, r, m == 'p' || m == '*' ? 5 : m == '8' ? 8 : 6,
                 m == '*' ? 0.381966 : 0, m == 'H' ? 30 : m == '8' ? 22.5 : 0);
  } else if (m == '<' || m == '>') {
    unit_path(s, x, y, r, tri, 3, m == '<' ? 90 : -90);
  } else if (m == 'P' || m == 'X') {
    unit_path(s, x, y, r, (const double (*)[2])filled_plus, 12, m == 'X' ? 45 : 0);
  } else if (m >= '1' && m <= '4') {   /* three strokes from the centre */
    const double (*v)[2] = spokes[m - '1'];
    base_buf_printf(s, "<path d=\"M%.2f %.2fL%.2f %.2fM%.2f %.2fL%.2f %.2fM%.2f %.2fL%.2f %.2f\"",
                    x, y, x + r * v[0][0], y - r * v[0][1], x, y, x + r * v[1][0],
                    y - r * v[1][1], x, y, x + r * v[2][0], y - r * v[2][1]);
    Paint line = {NO_PAINT, p->stroke != NO_PAINT ? p->stroke : p->fill,
                  p->stroke != NO_PAINT ? p->width : 1, p->alpha};
    paint_attrs(s, &line);
    base_buf_printf(s, "/>\n");
    return;
  } else if (m == 's' || m == 'D') {
    base_buf_printf(s, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"%s", x - r, y - r,
                    2 * r, 2 * r, m == 'D' ? "" : "");
    if (m == 'D')
      base_buf_printf(s, " transform=\"rotate(45 %.2f %.2f)\"", x, y);
  } else if (m == 'd') {   /* the thin diamond: 'D' narrowed to 0.6 of its width */
    double h = r * sqrt(2), w = 0.6 * h;
    base_buf_printf(s, "<path d=\"M%.2f %.2fL%.2f %.2fL%.2f %.2fL%.2f %.2fZ\"", x, y - h, x + w, y,
                    x, y + h, x - w, y);
  } else if (m == '^' || m == 'v') {
    double d = m == '^' ? -r : r;
    base_buf_printf(s, "<path d=\"M%.2f %.2fL%.2f %.2fL%.2f %.2fZ\"", x, y + d, x - r, y - d, x + r,
                    y - d);
  } else if (m == 'x' || m == '+' || m == '_' || m == '|') {   /* strokes */
    if (m == '_' || m == '|')   /* errorbar's caps: one stroke across or along */
      base_buf_printf(s, "<path d=\"M%.2f %.2fL%.2f %.2f\"", m == '_' ? x - r : x,
                      m == '_' ? y : y - r, m == '_' ? x + r : x, m == '_' ? y : y + r);
    else
      base_buf_printf(s, "<path d=\"M%.2f %.2fL%.2f %.2fM%.2f %.2fL%.2f %.2f\"", x - r,
                      y - (m == '+' ? 0 : r), x + r, y + (m == '+' ? 0 : r),
                      x - (m == '+' ? 0 : r), y + r, x + (m == '+' ? 0 : r), y - r);
    Paint line = {NO_PAINT, p->stroke != NO_PAINT ? p->stroke : p->fill,
                  p->stroke != NO_PAINT ? p->width : 1, p->alpha};
    paint_attrs(s, &line);
    base_buf_printf(s, "/>\n");
    return;
  } else {
    base_buf_printf(s, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\"", x, y, r);
  }
  paint_attrs(s, p);
  base_buf_printf(s, "/>\n");
}

/* A marker of colour c; hollow: its outline alone, 1 point wide. */
static void marker(BaseBuf *s, char m, double x, double y, double size_pt, uint32_t c,
                   bool hollow) {
  Paint p = {hollow ? NO_PAINT : c, hollow ? c : NO_PAINT, 1, 0};
  marker_painted(s, m, x, y, size_pt, &p);
}

/* A LINE's markers: filled with its face (markerfacecolor, maybe none) or colour; outlined
 * mew points wide in its edge (markeredgecolor) or colour, an unfilled marker 1 point wide
 * at least. */
static Paint line_marker_paint(const FmtArtist *a) {
  uint32_t fill = a->faced ? a->face : a->color;
  double width = a->mew > 0 ? a->mew : fill == NO_PAINT ? 1 : 0;
  return (Paint){fill, width > 0 ? (a->edged ? a->edge : a->color) : NO_PAINT, width, a->alpha};
}

static void series_open(BaseBuf *s, const FmtArtist *a, const char *kind) {
  base_buf_printf(s, "<g class=\"series\" data-kind=\"%s\"", kind);
  if (a->label) {
    base_buf_printf(s, " data-name=\"");
    fmt_svg_text(s, a->label);
    base_buf_printf(s, "\"");
  }
}

/* data-dashes="6 2.25": a line's dash pattern in points, empty when solid or none */
static void dashes_attr(BaseBuf *s, const FmtArtist *a) {
  double d[16];
  int n = dash_lengths(a, d);
  base_buf_printf(s, " data-dashes=\"");
  for (int i = 0; i < n; i++)
    base_buf_printf(s, "%s%.6g", i ? " " : "", d[i] * a->lw);
  base_buf_printf(s, "\"");
}

static void draw_line(BaseBuf *s, const Box *b, const FmtArtist *a) {
  series_open(s, a, a->collection ? "segments" : "line");
  values_attr(s, "x", a->x, a->n);
  values_attr(s, "y", a->y, a->n);
  color_attr(s, "data-color", a->color);
  dashes_attr(s, a);
  Paint paint = line_marker_paint(a);
  if (a->alpha > 0 && a->alpha < 1)
    base_buf_printf(s, " data-alpha=\"%g\"", a->alpha);
  if (a->marker)
    base_buf_printf(s, " data-marker=\"%c\"", a->marker);
  if (a->marker && paint.stroke != NO_PAINT) {   /* data-paint="face edge width" */
    char face[8] = "none";
    if (paint.fill != NO_PAINT)
      snprintf(face, sizeof face, "#%06x", paint.fill & 0xffffff);
    base_buf_printf(s, " data-paint=\"%s #%06x %g\"", face, paint.stroke & 0xffffff,
                    paint.width);
  }
  base_buf_printf(s, ">\n");
  bool open = false;
  for (int64_t i = 0; a->dash != FMT_NOLINE && i <= a->n; i++) {
    bool ok = i < a->n && isfinite(a->x[i]) && isfinite(a->y[i]);
    if (!ok) {
      if (open)
        base_buf_printf(s, "\"/>\n");
      open = false;
      continue;
    }
    if (!open) {
      base_buf_printf(s, "<polyline fill=\"none\" stroke-width=\"%.2f\" stroke-linejoin=\"round\" "
                      "stroke-linecap=\"square\"", a->lw * PT);
      color_attr(s, "stroke", a->color);
      if (a->alpha > 0 && a->alpha < 1)
        base_buf_printf(s, " stroke-opacity=\"%.3g\"", a->alpha);
      dash_attr(s, a);
      base_buf_printf(s, " points=\"");
    }
    base_buf_printf(s, "%s%.2f,%.2f", open ? " " : "", at(b, a, 0, a->x[i]), at(b, a, 1, a->y[i]));
    open = true;
  }
  for (int64_t i = 0; a->marker && i < a->n; i++)
    if (isfinite(a->x[i]) && isfinite(a->y[i]))
      marker_painted(s, a->marker, at(b, a, 0, a->x[i]), at(b, a, 1, a->y[i]), a->size, &paint);
  base_buf_printf(s, "</g>\n");
}

/* A filled line's outline and opacities, as attributes: matplotlib's patches and
 * collections take alpha for both fill and edge, seaborn's densities only for the fill. */
static void area_style(BaseBuf *s, const FmtArtist *a, uint32_t fill) {
  if (fill == FMT_NO_COLOR)   /* facecolor='none': an outline alone */
    base_buf_printf(s, " fill=\"none\"");
  else
    color_attr(s, "fill", fill);
  if (a->alpha > 0 && a->alpha < 1)
    base_buf_printf(s, " fill-opacity=\"%.3g\"", a->alpha);
  if (a->edged) {
    color_attr(s, "stroke", a->edge);
    base_buf_printf(s, " stroke-width=\"%.2f\"", a->lw * PT);
    if (a->edge_alpha > 0 && a->edge_alpha < 1)
      base_buf_printf(s, " stroke-opacity=\"%.3g\"", a->edge_alpha);
  }
}

static bool area_point(const FmtArtist *a, int64_t i) {
  return isfinite(a->x[i]) && isfinite(a->y[i]) && isfinite(a->b[i]);
}

/* A polygon through a's finite points, as matplotlib's Polygon and Wedge patches. */
static void draw_polygon(BaseBuf *s, const Box *b, const FmtArtist *a) {
  series_open(s, a, "polygon");
  values_attr(s, "x", a->x, a->n);
  values_attr(s, "y", a->y, a->n);
  color_attr(s, "data-color", a->color);
  base_buf_printf(s, ">\n<polygon stroke-linejoin=\"round\"");
  area_style(s, a, a->color);
  base_buf_printf(s, " points=\"");
  for (int64_t k = 0, m = 0; k < a->n; k++)
    if (isfinite(at(b, a, 0, a->x[k]) + at(b, a, 1, a->y[k])))
      base_buf_printf(s, "%s%.2f,%.2f", m++ ? " " : "", at(b, a, 0, a->x[k]),
                      at(b, a, 1, a->y[k]));
  base_buf_printf(s, "\"/>\n</g>\n");
}

/* A filled line: a polygon along y and back along b for each run of points where all three
 * are finite, as fill_between's PolyCollection. */
static void draw_fill(BaseBuf *s, const Box *b, const FmtArtist *a) {
  if (a->closed) {
    draw_polygon(s, b, a);
    return;
  }
  series_open(s, a, "fill");
  values_attr(s, "x", a->x, a->n);
  values_attr(s, "y", a->y, a->n);
  values_attr(s, "y2", a->b, a->n);
  color_attr(s, "data-color", a->color);
  base_buf_printf(s, ">\n");
  for (int64_t i = 0, j; i < a->n; i = j) {
    for (j = i; j < a->n && area_point(a, j); j++) {}
    if (j == i) {
      j++;
      continue;
    }
    base_buf_printf(s, "<polygon stroke-linejoin=\"round\"");
    area_style(s, a, a->color);
    base_buf_printf(s, " points=\"");
    for (int64_t k = i; k < j; k++)
      base_buf_printf(s, "%.2f,%.2f ", px(b, a->x[k]), py(b, a->y[k]));
    for (int64_t k = j - 1; k >= i; k--)
      base_buf_printf(s, "%.2f,%.2f%s", px(b, a->x[k]), py(b, a->b[k]), k > i ? " " : "");
    base_buf_printf(s, "\"/>\n");
  }
  base_buf_printf(s, "</g>\n");
}

static void scale_of(const FmtArtist *a, const double *v, int64_t n, double *lo, double *hi) {
  *lo = a->vmin, *hi = a->vmax;
  double dlo = INFINITY, dhi = -INFINITY;
  for (int64_t i = 0; i < n; i++)
    widen(&dlo, &dhi, v[i]);
  if (isnan(*lo))
    *lo = dlo;
  if (isnan(*hi))
    *hi = dhi;
}

static void draw_scatter(BaseBuf *s, const Box *b, const FmtArtist *a) {
  series_open(s, a, "scatter");
  values_attr(s, "x", a->x, a->n);
  values_attr(s, "y", a->y, a->n);
  double lo = 0, hi = 1;
  if (a->mapped) {
    values_attr(s, "c", a->c, a->n);
    scale_of(a, a->c, a->n, &lo, &hi);
  }
  if (a->edged) /* the group's stroke outlines each filled marker */
    color_attr(s, "stroke", a->edge);
  if (a->edged || a->face_edged)
    base_buf_printf(s, " stroke-width=\"%.2f\"", a->lw * PT);
  if (a->alpha > 0 && a->alpha < 1)   /* each point's own: overlapping points darken */
    base_buf_printf(s, " fill-opacity=\"%.3g\" stroke-opacity=\"%.3g\"", a->alpha, a->alpha);
  base_buf_printf(s, ">\n");
  for (int64_t i = 0; i < a->n; i++) {
    if (!isfinite(a->x[i]) || !isfinite(a->y[i]))
      continue;
    double x = px(b, a->x[i]), y = py(b, a->y[i]), size = sqrt(a->sizes ? a->sizes[i] : a->size);
    uint32_t c = a->mapped ? fmt_cmap_color(a->cmap, a->c[i], lo, hi)
                 : a->fills ? a->fills[i] : a->color;
    if (!a->face_edged || a->edged) {
      marker(s, 'o', x, y, size, c, false);
      continue;
    }
    base_buf_printf(s, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\"", x, y, size * PT / 2);
    color_attr(s, "fill", c);
    color_attr(s, "stroke", c);   /* outlined in its own colour */
    base_buf_printf(s, "/>\n");
  }
  base_buf_printf(s, "</g>\n");
}

/* Bar i of a in pixels: its left, top, width and height; false when it is not finite. */
static bool bar_rect(const Box *b, const FmtArtist *a, int64_t i, double r[4]) {
  bool h = a->horizontal;
  double across0 = a->x[i] - a->w[i] / 2, across1 = a->x[i] + a->w[i] / 2;
  double along0 = a->b[i], along1 = a->b[i] + a->y[i];
  double x0 = px(b, h ? along0 : across0), x1 = px(b, h ? along1 : across1);
  double y0 = py(b, h ? across0 : along0), y1 = py(b, h ? across1 : along1);
  r[0] = fmin(x0, x1), r[1] = fmin(y0, y1), r[2] = fabs(x1 - x0), r[3] = fabs(y1 - y0);
  return isfinite(x0 + x1 + y0 + y1);
}

/* Bar i's fill, its opacity and its outline, as attributes. */
static void bar_style(BaseBuf *s, const FmtArtist *a, int64_t i) {
  area_style(s, a, a->fills ? a->fills[i] : a->color);
}

/* Bars, upright or (horizontal) along x: the data-* attributes name their sizes as bar's
 * and barh's parameters do. */
static void draw_bars(BaseBuf *s, const Box *b, const FmtArtist *a) {
  bool h = a->horizontal;
  series_open(s, a, a->patch ? "patch" : h ? "barh" : "bar");
  values_attr(s, h ? "y" : "x", a->x, a->n);
  values_attr(s, h ? "width" : "height", a->y, a->n);
  values_attr(s, h ? "height" : "width", a->w, a->n);
  values_attr(s, h ? "left" : "bottom", a->b, a->n);
  base_buf_printf(s, ">\n");
  for (int64_t i = 0; i < a->n; i++) {
    double r[4];
    if (!bar_rect(b, a, i, r))
      continue;
    base_buf_printf(s, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"", r[0],
                    r[1], r[2], r[3]);
    bar_style(s, a, i);
    base_buf_printf(s, "/>\n");
  }
  base_buf_printf(s, "</g>\n");
}

/* An image as one rectangle per pixel ('nearest', as matplotlib shows small images). */
static void draw_image(BaseBuf *s, const Box *b, const FmtArtist *a) {
  double lo = 0, hi = 1;
  if (a->channels == 1)
    scale_of(a, a->x, a->n, &lo, &hi);
  series_open(s, a, "image");
  base_buf_printf(s, " data-shape=\"%lld %lld %d\" data-cmap=\"%s%s\" data-vmin=\"%.10g\" "
                  "data-vmax=\"%.10g\" shape-rendering=\"crispEdges\">\n", (long long)a->rows,
                  (long long)a->cols, a->channels,
                  a->channels == 1 ? fmt_cmap_name(a->cmap) : "rgb",
                  a->channels == 1 ? reversed(a->cmap) : "", lo, hi);
  double e[4];
  image_extent(a, e);
  double dx = (e[1] - e[0]) / (double)a->cols, dy = (e[2] - e[3]) / (double)a->rows;
  double cw = fabs(px(b, e[0] + dx) - px(b, e[0])), chh = fabs(py(b, e[3] + dy) - py(b, e[3]));
  for (int64_t r = 0; r < a->rows; r++)
    for (int64_t c = 0; c < a->cols; c++) {
      const double *v = a->x + (r * a->cols + c) * a->channels;
      uint32_t col = 0;
      if (a->channels == 1)
        col = fmt_cmap_color(a->cmap, v[0], lo, hi);
      if (a->channels == 1 && isnan(v[0]))
        continue;   /* matplotlib's 'bad' colour: transparent */
      for (int k = 0; a->channels > 1 && k < 3; k++)
        col |= (uint32_t)lround(fmin(1, fmax(0, v[k])) * 255) << (16 - 8 * k);
      double x0 = e[0] + (double)c * dx, y0 = e[3] + (double)r * dy;
      base_buf_printf(s, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"",
                      fmin(px(b, x0), px(b, x0 + dx)), fmin(py(b, y0), py(b, y0 + dy)),
                      cw + 0.3, chh + 0.3);
      color_attr(s, "fill", col);
      base_buf_printf(s, "/>\n");
    }
  base_buf_printf(s, "</g>\n");
}

/* A text's anchor in pixels and how far its baseline lies below it. */
static void text_anchor(const Box *b, const FmtArtist *a, double *x, double *y, double *down) {
  double em = a->size * PT;
  *x = a->frac_at ? b->x + a->x[0] * b->w : px(b, a->x[0]);
  *y = a->frac_at ? b->y + (1 - a->y[0]) * b->h : py(b, a->y[0]);
  if (a->offset_points)
    *x += a->dx * PT, *y -= a->dy * PT;
  *down = a->va == 't' ? 0.76 * em : a->va == 'c' ? 0.36 * em : a->va == 'd' ? -0.24 * em : 0;
}

/* A text's box before it is turned (pixels: x0, y0, x1, y1), as draw_text places it; an
 * empty text's is its anchor, as matplotlib's. */
static void text_box(const Box *b, const FmtArtist *a, double box[4]) {
  double x, y, down, size = a->size, w = fmt_text_width(a->text ? a->text : "", size);
  text_anchor(b, a, &x, &y, &down);
  if (!a->text || !a->text[0]) {
    box[0] = box[2] = x, box[1] = box[3] = y;
    return;
  }
  box[0] = a->ha == 'l' ? x : a->ha == 'r' ? x - w : x - w / 2, box[2] = box[0] + w;
  box[3] = y + down + descent(size), box[1] = box[3] - fmt_text_height(size);
}

/* Where annotate's arrow of text a ends, in pixels. */
static void arrow_end(const Box *b, const FmtArtist *a, double to[2]) {
  const FmtArrow *ar = &a->arrow;
  to[0] = ar->to_frac ? b->x + ar->to[0] * b->w : px(b, ar->to[0]);
  to[1] = ar->to_frac ? b->y + (1 - ar->to[1]) * b->h : py(b, ar->to[1]);
}

/* annotate's arrow of text a, drawn before its text. */
static void draw_arrow(BaseBuf *s, const Box *b, const FmtArtist *a) {
  const FmtArrow *ar = &a->arrow;
  double box[4], to[2];
  text_box(b, a, box);
  arrow_end(b, a, to);
  BaseBuf d = {0};
  if (fmt_arrow_path(ar, box, to, PT, a->size * PT, &d) && d.p) {
    base_buf_printf(s, "<path class=\"arrow\" data-to=\"%.10g %.10g\" d=\"%s\" "
                    "stroke-width=\"%.2f\"", ar->to[0], ar->to[1], d.p, ar->lw * PT);
    if (ar->faced)
      color_attr(s, "fill", ar->face);
    else
      base_buf_printf(s, " fill=\"none\"");
    color_attr(s, "stroke", ar->edge);
    base_buf_printf(s, "/>\n");
  }
  base_buf_free(&d);
}

/* A text at its anchor (data units), aligned as ha and va ask, turned by its rotation. */
static void draw_text(BaseBuf *s, const Box *b, const FmtArtist *a) {
  series_open(s, a, "text");
  values_attr(s, "x", a->offset_points ? &a->dx : a->x, 1);
  values_attr(s, "y", a->offset_points ? &a->dy : a->y, 1);
  color_attr(s, "data-color", a->color);
  base_buf_printf(s, ">\n");
  if (a->arrow.style)
    draw_arrow(s, b, a);
  double x, y, down, em = a->size * PT;
  text_anchor(b, a, &x, &y, &down);
  char rot[96] = "";
  if (a->rotation != 0)
    snprintf(rot, sizeof rot, " transform=\"rotate(%.2f %.2f %.2f)\"", -a->rotation, x, y);
  base_buf_printf(s, "<text x=\"%.2f\" y=\"%.2f\" font-size=\"%.2f\" text-anchor=\"%s\"%s%s",
                  x, y + down, em, a->ha == 'l' ? "start" : a->ha == 'r' ? "end" : "middle", rot,
                  a->bold ? " font-weight=\"bold\"" : "");
  color_attr(s, "fill", a->color);
  base_buf_printf(s, ">");
  fmt_svg_text(s, a->text ? a->text : "");
  base_buf_printf(s, "</text>\n</g>\n");
}

/* Artists in matplotlib's z-order: images, then bars and scatters (1), then the grid (1.5,
 * drawn by the caller between the passes), then lines (2). */
static void draw_artists(BaseBuf *s, const Box *b, const FmtAxes *ax, bool lines) {
  for (int i = 0; i < ax->n; i++) {
    const FmtArtist *a = ax->a[i];
    if ((a->kind == FMT_LINE && !a->filled) != lines || a->legend_only)
      continue;
    switch (a->kind) {
    case FMT_LINE: a->filled ? draw_fill(s, b, a) : draw_line(s, b, a); break;
    case FMT_SCATTER: draw_scatter(s, b, a); break;
    case FMT_BARS: draw_bars(s, b, a); break;
    case FMT_IMAGE:
    case FMT_TEXT: break;
    }
  }
}

static bool is_minor(const Box *b, int k, int i) {
  return i >= b->nticks[k];
}

/* The grid lines at the major ticks of the axes axes.grid.axis names and at the minor
 * ticks of those grid(which=) named, in grid.* style. */
static void grid(BaseBuf *s, const Box *b, const FmtAxes *ax) {
  const FmtStyle *st = b->st;
  FmtArtist line = {.dash = st->grid_dash, .lw = st->grid_width};
  base_buf_printf(s, "<g class=\"grid\" stroke-width=\"%.2f\"", st->grid_width * PT);
  color_attr(s, "stroke", st->grid_color);
  if (st->grid_alpha < 1)
    base_buf_printf(s, " stroke-opacity=\"%.3g\"", st->grid_alpha);
  dash_attr(s, &line);
  base_buf_printf(s, ">\n");
  for (int k = 0; k < 2; k++)
    for (int i = 0; i < b->nticks[k] + b->nminor[k]; i++) {
      if (is_minor(b, k, i) ? !ax->minor_grid[k] : !ax->grid || st->grid_axis == "yx"[k])
        continue;
      double p = k ? py(b, b->ticks[1][i]) : px(b, b->ticks[0][i]);
      base_buf_printf(s, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n",
                      k ? b->x : p, k ? p : b->y, k ? b->x + b->w : p, k ? p : b->y + b->h);
    }
  base_buf_printf(s, "</g>\n");
}

/* The part of axis k's tick marks out of the axes: all of them pointing 'out', half
 * 'inout', none 'in'. */
static double out_part(const FmtStyle *st, int k) {
  return st->tick_dir[k] == 'o' ? 1 : st->tick_dir[k] == 'b' ? 0.5 : 0;
}

/* How far axis k's major tick marks reach out of the axes (pixels). matplotlib pads the
 * labels by it, drawn or not. */
static double tick_out(const FmtStyle *st, int k) {
  return out_part(st, k) * st->tick_size[k] * PT;
}

/* Where axis k's tick labels start, out from the axes (pixels). */
static double label_gap(const FmtStyle *st, int k) {
  return tick_out(st, k) + st->tick_pad[k] * PT;
}

/* label_gap of tick i of axis k: a minor tick's by its own length and pad. */
static double gap_of(const Box *b, int k, int i) {
  const FmtStyle *st = b->st;
  if (!is_minor(b, k, i))
    return label_gap(st, k);
  return (out_part(st, k) * st->minor_size[k] + st->minor_pad[k]) * PT;
}

static double tick_font(const Box *b, int k) {
  return b->st->tick_label_size[k];
}

/* Whether tick i of axis k is labelled in mathtext: a log axis' own label. */
static bool math_label(const Box *b, int k, int i) {
  return b->base[k] && !b->labels[k][i];
}

/* Tick i of axis k's label: set_xticks's, else its number as f or the log axis writes it
 * (into num). */
static const char *tick_text(const Box *b, int k, int i, const FmtScalar *f, char *num,
                             size_t n) {
  if (b->labels[k][i])
    return b->labels[k][i];
  if (b->base[k])
    fmt_log_label(num, n, b->base[k], b->ticks[k][i], b->lim[k]);
  else
    fmt_tick_label(num, n, f, b->ticks[k][i]);
  return num;
}

/* A tick left without a label: a log axis' its formatter leaves so, a linear axis' minor
 * ones. */
static bool unlabelled(const Box *b, int k, int i, const char *lab) {
  return (math_label(b, k, i) && !lab[0]) || (is_minor(b, k, i) && !b->base[k]);
}

static double label_width(const Box *b, int k, int i, const char *lab) {
  return math_label(b, k, i) ? fmt_log_label_width(lab, tick_font(b, k))
                             : fmt_text_width(lab, tick_font(b, k));
}

/* matplotlib measures a label with an exponent 18.6 px tall where a line of text is 14. */
#define MATH_HEIGHT 1.33

/* The box (x0, y0, x1, y1) tick label i of axis k fills when it is w wide, turned by
 * `rotation` degrees about its centre, as matplotlib aligns it: an x label's box below the
 * tick, centred on it (ha 'r': ending there, 'l': starting there); a y label's box ending
 * left of the tick, centred on it. */
static void label_box(const Box *b, int k, int i, double w, double rotation, char ha,
                      double box[4]) {
  double turn = rotation * PI / 180, h = fmt_text_height(tick_font(b, k));
  h *= math_label(b, k, i) ? MATH_HEIGHT : 1;
  double tw = fabs(cos(turn)) * w + fabs(sin(turn)) * h;
  double th = fabs(sin(turn)) * w + fabs(cos(turn)) * h;
  if (k == 0) {
    double p = px(b, b->ticks[0][i]), x0 = ha == 'r' ? p - tw : ha == 'l' ? p : p - tw / 2;
    double y0 = b->y + b->h + gap_of(b, 0, i);
    box[0] = x0, box[1] = y0, box[2] = x0 + tw, box[3] = y0 + th;
  } else {   /* a right axis' labels start right of its ticks */
    double p = py(b, b->ticks[1][i]), gap = gap_of(b, 1, i);
    double x0 = b->right ? b->x + b->w + gap : b->x - gap - tw;
    box[0] = x0, box[1] = p - th / 2, box[2] = x0 + tw, box[3] = p + th / 2;
  }
}

/* The ticks and (unless inner) their labels of axis k: level labels anchored at the tick (an
 * x label's top below it, a y label's end left of it), turned ones drawn about the centre of
 * their box. */
static void ticks(BaseBuf *s, const Box *b, int k, double rotation, char ha, bool inner) {
  const FmtStyle *st = b->st;
  FmtScalar f = fmt_scalar_format(b->ticks[k], b->nticks[k], b->lim[k]);
  double size = tick_font(b, k);
  uint32_t color = st->tick_label_color[k];
  base_buf_printf(s, "<g stroke-width=\"%.2f\"", st->tick_width[k] * PT);
  color_attr(s, "stroke", st->tick_color[k]);
  base_buf_printf(s, ">\n");
  for (int i = 0; i < b->nticks[k] + b->nminor[k]; i++) {
    double t = b->ticks[k][i], p = k ? py(b, t) : px(b, t), gap = gap_of(b, k, i);
    double len = (is_minor(b, k, i) ? st->minor_size[k] : st->tick_size[k]) * PT;
    double out = out_part(st, k) * len, in = len - out;
    char num[64], rot[96], width[48] = "";
    const char *lab = tick_text(b, k, i, &f, num, sizeof num);
    if (is_minor(b, k, i))
      snprintf(width, sizeof width, " stroke-width=\"%.2f\"", st->minor_width[k] * PT);
    if (st->tick_marks[k] && k == 0)
      base_buf_printf(s, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"%s/>\n", p,
                      b->y + b->h - in, p, b->y + b->h + out, width);
    else if (st->tick_marks[k] && b->right)
      base_buf_printf(s, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"%s/>\n",
                      b->x + b->w - in, p, b->x + b->w + out, p, width);
    else if (st->tick_marks[k])
      base_buf_printf(s, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"%s/>\n",
                      b->x - out, p, b->x + in, p, width);
    if (inner || unlabelled(b, k, i, lab))
      continue;
    double x, y;
    const char *anchor;
    rot[0] = 0;
    if (rotation != 0) {
      double box[4];
      label_box(b, k, i, label_width(b, k, i, lab), rotation, ha, box);
      x = (box[0] + box[2]) / 2, y = (box[1] + box[3]) / 2;
      snprintf(rot, sizeof rot, " transform=\"rotate(%.2f %.2f %.2f)\"", -rotation, x, y);
      y += (fmt_text_height(size) - 2 * descent(size)) / 2, anchor = "middle";
    } else if (k == 0) {
      x = p, y = b->y + b->h + gap + size * PT * 0.76;
      anchor = ha == 'r' ? "end" : ha == 'l' ? "start" : "middle";
    } else {
      x = b->right ? b->x + b->w + gap : b->x - gap, y = p + size * PT * 0.36;
      anchor = b->right ? "start" : "end";
    }
    text_open(s, x, y, size, color, anchor, rot);
    if (math_label(b, k, i))
      fmt_log_label_svg(s, lab, size * PT);
    else
      fmt_svg_text(s, lab);
    base_buf_printf(s, "</text>\n");
  }
  base_buf_printf(s, "</g>\n");
}

/* How far axis k's tick labels reach across the axis: the deepest label box's height below
 * an x axis, the widest's width beside a y axis (a minor tick's less what its label starts
 * nearer). */
static double tick_labels_depth(const Box *b, int k, double rotation) {
  FmtScalar f = fmt_scalar_format(b->ticks[k], b->nticks[k], b->lim[k]);
  double depth = 0;
  for (int i = 0; i < b->nticks[k] + b->nminor[k]; i++) {
    char num[64];
    double box[4];
    const char *lab = tick_text(b, k, i, &f, num, sizeof num);
    if (unlabelled(b, k, i, lab))
      continue;
    label_box(b, k, i, label_width(b, k, i, lab), rotation, 0, box);
    depth = fmax(depth, (k ? box[2] - box[0] : box[3] - box[1]) + gap_of(b, k, i) -
                            label_gap(b->st, k));
  }
  return depth;
}

static void ticks_attr(BaseBuf *s, const char *name, const double *t, int n) {
  values_attr(s, name, t, n);
}

/* data-xticklabels="a|b|..." for the labels set_xticks gave the ticks in view, if any. */
static void labels_attr(BaseBuf *s, const char *name, const Box *b, int k) {
  bool any = false;
  for (int i = 0; i < b->nticks[k]; i++)
    any |= b->labels[k][i] != NULL;
  if (!any)
    return;
  base_buf_printf(s, " data-%s=\"", name);
  for (int i = 0; i < b->nticks[k]; i++) {
    base_buf_printf(s, "%s", i ? "|" : "");
    fmt_svg_text(s, b->labels[k][i] ? b->labels[k][i] : "");
  }
  base_buf_printf(s, "\"");
}

/* data-xlog="10" data-xminor="2 3 ..." data-xloglabels="10^{0}|...|2\times10^{0}|..." for a
 * log axis: its base, minor ticks in view, and the labels of its major then minor ticks. */
static void log_attrs(BaseBuf *s, const Box *b, int k) {
  char c = k ? 'y' : 'x';
  base_buf_printf(s, " data-%clog=\"%.10g\"", c, b->base[k]);
  char name[16];
  snprintf(name, sizeof name, "%cminor", c);
  values_attr(s, name, b->ticks[k] + b->nticks[k], b->nminor[k]);
  base_buf_printf(s, " data-%cloglabels=\"", c);
  for (int i = 0; i < b->nticks[k] + b->nminor[k]; i++) {
    char num[64];
    base_buf_printf(s, "%s", i ? "|" : "");
    fmt_svg_text(s, tick_text(b, k, i, NULL, num, sizeof num));
  }
  base_buf_printf(s, "\"");
}

/* data-xoffset="1e10" data-xscaled="1.00|1.25|..." for an axis whose ticks are written
 * less an offset or over a power of ten. */
static void scaled_attrs(BaseBuf *s, const Box *b, int k, const char *off) {
  FmtScalar f = fmt_scalar_format(b->ticks[k], b->nticks[k], b->lim[k]);
  base_buf_printf(s, " data-%coffset=\"", k ? 'y' : 'x');
  fmt_svg_text(s, off);
  base_buf_printf(s, "\" data-%cscaled=\"", k ? 'y' : 'x');
  for (int i = 0; i < b->nticks[k]; i++) {
    char num[64];
    fmt_tick_label(num, sizeof num, &f, b->ticks[k][i]);
    base_buf_printf(s, "%s", i ? "|" : "");
    fmt_svg_text(s, num);
  }
  base_buf_printf(s, "\"");
}

/* Legend entry i's label (NULL: no entry): with legend(handles), a handle copy's; else
 * legend(labels)'s, or the artist's own unless empty or starting with '_'. */
static const char *entry(const FmtAxes *ax, int i) {
  if (ax->a[i]->kind == FMT_TEXT || ax->a[i]->handle_copy != ax->legend_handles)
    return NULL;   /* a text has no legend handle; legend(handles) names its handles alone */
  if (ax->legend_labels) {   /* naming the handles in drawing order */
    int handle = 0;
    for (int j = 0; j < i; j++)
      handle += ax->a[j]->kind != FMT_TEXT && !ax->a[j]->handle_copy;
    return handle < ax->nlegend ? ax->legend_labels[handle] : NULL;
  }
  const char *l = ax->a[i]->label;
  return l && l[0] && l[0] != '_' ? l : NULL;
}

/* Whether the segment p0 p1 meets the rectangle x, y, w, h (Liang and Barsky's clipping). */
static bool segment_meets(const double p0[2], const double p1[2], double x, double y, double w,
                          double h) {
  double d[2] = {p1[0] - p0[0], p1[1] - p0[1]}, t0 = 0, t1 = 1;
  double lo[2] = {x, y}, hi[2] = {x + w, y + h};
  for (int k = 0; k < 2; k++) {
    if (d[k] == 0) {
      if (p0[k] < lo[k] || p0[k] > hi[k])
        return false;
      continue;
    }
    double a = (lo[k] - p0[k]) / d[k], c = (hi[k] - p0[k]) / d[k];
    t0 = fmax(t0, fmin(a, c)), t1 = fmin(t1, fmax(a, c));
  }
  return t0 <= t1;
}

/* Whether line a crosses the rectangle between two of its points. */
static bool line_meets(const Box *b, const FmtArtist *a, double x, double y, double w,
                       double h) {
  for (int64_t j = 0; j + 1 < a->n; j++) {
    double p0[2] = {at(b, a, 0, a->x[j]), at(b, a, 1, a->y[j])};
    double p1[2] = {at(b, a, 0, a->x[j + 1]), at(b, a, 1, a->y[j + 1])};
    if (isfinite(p0[0] + p0[1] + p1[0] + p1[1]) && segment_meets(p0, p1, x, y, w, h))
      return true;
  }
  return false;
}

/* Whether polygon a's box (pixels) overlaps the rectangle, as matplotlib counts a patch. */
static bool polygon_meets(const Box *b, const FmtArtist *a, double x, double y, double w,
                          double h) {
  double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
  for (int64_t j = 0; j < a->n; j++)
    for (int k = 0; k < 2; k++) {
      double p = at(b, a, k, k ? a->y[j] : a->x[j]);
      lo[k] = fmin(lo[k], p), hi[k] = fmax(hi[k], p);
    }
  return lo[0] < x + w && hi[0] > x && lo[1] < y + h && hi[1] > y;
}

/* How many data points fall inside the rectangle (pixels), bars and patches overlap it and
 * lines cross it: what 'best' minimises, as matplotlib counts them. */
static int64_t covered(const Box *b, const FmtAxes *ax, double x, double y, double w, double h) {
  int64_t n = 0;
  for (int i = 0; i < ax->n; i++) {
    const FmtArtist *a = ax->a[i];
    if (a->closed)   /* a patch: its box */
      n += polygon_meets(b, a, x, y, w, h);
    if (a->kind == FMT_LINE && !a->filled && !a->collection)   /* a line through it counts */
      n += line_meets(b, a, x, y, w, h);   /* once, drawn or not (its path, as matplotlib) */
    bool counted = a->kind != FMT_IMAGE && a->kind != FMT_TEXT && !a->filled &&
                   !a->collection;   /* collections without points */
    for (int64_t j = 0; counted && j < a->n; j++) {
      double r[4];
      if (a->kind == FMT_BARS)
        n += bar_rect(b, a, j, r) && r[0] < x + w && r[0] + r[2] > x && r[1] < y + h &&
             r[1] + r[3] > y;
      else
        n += at(b, a, 0, a->x[j]) >= x && at(b, a, 0, a->x[j]) <= x + w &&
             at(b, a, 1, a->y[j]) >= y && at(b, a, 1, a->y[j]) <= y + h;
    }
  }
  return n;
}

static void legend_at(const Box *b, int loc, double em, double w, double h, double *x,
                      double *y) {
  double pad = 0.5 * em;                                   /* borderaxespad */
  static const int col[] = {0, 2, 0, 0, 2, 2, 0, 2, 1, 1, 1};  /* 0 left 1 centre 2 right */
  static const int row[] = {0, 0, 0, 2, 2, 1, 1, 1, 2, 0, 1};  /* 0 top 1 centre 2 bottom */
  *x = col[loc] == 0 ? b->x + pad : col[loc] == 2 ? b->x + b->w - pad - w : b->x + (b->w - w) / 2;
  *y = row[loc] == 0 ? b->y + pad : row[loc] == 2 ? b->y + b->h - pad - h : b->y + (b->h - h) / 2;
}

static void legend_handle(BaseBuf *s, const FmtArtist *a, double x, double y, double em) {
  double len = 2 * em;
  if (a->kind == FMT_LINE && !a->filled) {
    if (a->dash != FMT_NOLINE) {
      base_buf_printf(s, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke-width=\"%.2f\"",
                      x, y, x + len, y, a->lw * PT);
      color_attr(s, "stroke", a->color);
      if (a->alpha > 0 && a->alpha < 1)
        base_buf_printf(s, " stroke-opacity=\"%.3g\"", a->alpha);
      dash_attr(s, a);
      base_buf_printf(s, "/>\n");
    }
    Paint paint = line_marker_paint(a);
    if (a->marker)
      marker_painted(s, a->marker, x + len / 2, y, a->size, &paint);
  } else if (a->kind == FMT_SCATTER) {
    marker(s, 'o', x + len / 2, y, sqrt(a->size),
           a->mapped ? fmt_cmap_color(a->cmap, 0, 0, 1) : a->color, false);
  } else {
    base_buf_printf(s, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"", x,
                    y - 0.35 * em, len, 0.7 * em);
    bar_style(s, a, 0);   /* as the first bar, as matplotlib's patch handle */
    base_buf_printf(s, "/>\n");
  }
}

int fmt_legend_entries(const FmtAxes *ax) {
  int n = 0;
  for (int i = 0; i < ax->n; i++)
    n += entry(ax, i) != NULL;
  return n;
}

/* The legend's entries in columns, as matplotlib fills them: column by column, the first
 * n % cols columns one entry longer; each as wide as its handle (2 em), the pad (0.8 em)
 * and its widest label. */
typedef struct {
  int n, cols, rows;            /* entries, columns, rows of the longest column */
  double width[FMT_MAX_LEGEND_COLS];   /* each column's, pixels */
} LegendGrid;

/* Entry k's column and row in g. */
static void grid_place(const LegendGrid *g, int k, int *col, int *row) {
  int short_rows = g->n / g->cols, long_cols = g->n % g->cols;
  *col = 0;
  for (int start = 0;; (*col)++) {
    int rows = short_rows + (*col < long_cols);
    if (k < start + rows) {
      *row = k - start;
      return;
    }
    start += rows;
  }
}

static LegendGrid legend_grid(const FmtAxes *ax, double em) {
  LegendGrid g = {.n = fmt_legend_entries(ax)};
  g.cols = ax->legend_cols < 1 ? 1 : ax->legend_cols < g.n ? ax->legend_cols : g.n;
  g.cols = g.cols < FMT_MAX_LEGEND_COLS ? g.cols : FMT_MAX_LEGEND_COLS;
  g.rows = g.cols ? (g.n + g.cols - 1) / g.cols : 0;
  for (int i = 0, k = 0; i < ax->n; i++) {
    if (!entry(ax, i))
      continue;
    int col, row;
    grid_place(&g, k++, &col, &row);
    g.width[col] = fmax(g.width[col], 2.8 * em + fmt_text_width(entry(ax, i),
                                                                ax->style.legend_size));
  }
  return g;
}

/* The legend's entries, its box's place and size in pixels (x, y its top left) and its title
 * (or NULL), as matplotlib lays them out: the box at loc inside the axes, or with
 * bbox_to_anchor inside that box (a point's: loc's corner beside it), 'best' taking the
 * place that covers the fewest data. 0 entries: no legend. */
static int legend_box(const Box *b, const FmtAxes *ax, double *x, double *y, double *w,
                      double *h, const char **title) {
  double em = ax->style.legend_size * PT;
  LegendGrid g = legend_grid(ax, em);
  int n = g.n;
  if (n == 0)
    return 0;
  *title = ax->legend_title && *ax->legend_title ? ax->legend_title : NULL;
  *w = 0.4 * em * 2 + (g.cols - 1) * 2 * em;   /* the border pads, 2 em between columns */
  for (int c = 0; c < g.cols; c++)
    *w += g.width[c];
  *h = 0.4 * em * 2 + g.rows * em + (g.rows - 1) * 0.5 * em;
  if (*title) /* a line above the entries, centred */
    *w = fmax(*w, 0.4 * em * 2 + fmt_text_width(*title, ax->style.legend_title_size)),
    *h += 1.5 * em;
  Box in = *b;
  if (ax->legend_anchored) {   /* axes fractions, y upwards */
    const double *a = ax->legend_anchor;
    in.x = b->x + a[0] * b->w, in.w = a[2] * b->w;
    in.y = b->y + (1 - a[1] - a[3]) * b->h, in.h = a[3] * b->h;
  }
  int loc = ax->legend_loc;
  if (loc == FMT_LOC_BEST) {
    int64_t least = INT64_MAX;
    for (int c = 1; c <= 10; c++) {
      legend_at(&in, c, em, *w, *h, x, y);
      int64_t k = covered(b, ax, *x, *y, *w, *h);
      if (k < least)
        least = k, loc = c;
    }
  }
  legend_at(&in, loc, em, *w, *h, x, y);
  return n;
}

/* The legend of ax's artists in box b: an axes' (class "legend"), or the figure's (class
 * "figure-legend", b the figure); framed as its style says. */
static void legend(BaseBuf *s, const Box *b, const FmtAxes *ax, bool figure) {
  const FmtStyle *st = &ax->style;
  double size = st->legend_size, em = size * PT, x, y, w, h;
  const char *title;
  if (legend_box(b, ax, &x, &y, &w, &h, &title) == 0)
    return;
  base_buf_printf(s, "<g class=\"%slegend\">\n", figure ? "figure-" : "");
  if (st->legend_frame) {
    base_buf_printf(s, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" rx=\"%.2f\" "
                    "fill-opacity=\"%.3g\" stroke-width=\"%.2f\"", x, y, w, h, 0.2 * em,
                    st->legend_alpha, 1.0 * PT);
    color_attr(s, "fill", st->legend_face);
    color_attr(s, "stroke", st->legend_edge);
    base_buf_printf(s, "/>\n");
  }
  double ty = y + 0.4 * em + 0.5 * em;
  if (title) {
    text(s, x + w / 2, ty + 0.36 * em, st->legend_title_size, st->text_color, "middle",
         " class=\"legend-title\"", title);
    ty += 1.5 * em;
  }
  LegendGrid g = legend_grid(ax, em);
  for (int i = 0, k = 0; i < ax->n; i++) {
    if (!entry(ax, i))
      continue;
    int col, row;
    grid_place(&g, k++, &col, &row);
    double ex = x + 0.4 * em, ey = ty + row * 1.5 * em;
    for (int c = 0; c < col; c++)
      ex += g.width[c] + 2 * em;
    legend_handle(s, ax->a[i], ex, ey, em);
    text(s, ex + 2.8 * em, ey + 0.36 * em, size, st->text_color, "start", "", entry(ax, i));
  }
  base_buf_printf(s, "</g>\n");
}

/* How far the ticks of axis k and their labels (depth: how deep those are) reach out. */
static double tick_reach(const FmtAxes *ax, int k, double depth) {
  const FmtStyle *st = &ax->style;
  return ax->noticks[k] ? 0 : ax->inner[k] ? (st->tick_marks[k] ? tick_out(st, k) : 0)
                                           : label_gap(st, k) + depth;
}

/* Where the x label's line starts: below the axes, past its tick labels (wx: their depth)
 * and labelpad's 4 pt. */
static double xlabel_top(const FmtAxes *ax, const Box *b, double wx) {
  double line = fmt_text_height(ax->style.tick_label_size[0]);
  return b->y + b->h + tick_reach(ax, 0, fmax(line, wx)) + 4 * PT;
}

/* Where the y label's baseline lies (it reads upwards, its ascent to the left): left of the
 * tick labels (wy: their depth) and labelpad's 4 pt, or for a right axis its top that far
 * right of them. */
static double ylabel_x(const FmtAxes *ax, const Box *b, double wy) {
  double size = ax->style.label_size[1];
  if (ax->y_right)
    return b->x + b->w + tick_reach(ax, 1, wy) + 4 * PT + fmt_text_height(size) - descent(size);
  return b->x - tick_reach(ax, 1, wy) - 4 * PT - size * PT * 0.25;
}

/* Axis k's offset text: "" when its ticks are named or nothing was taken out of them. */
static void axis_offset(const Box *b, int k, char *buf, size_t n) {
  buf[0] = 0;
  if (b->base[k])
    return;
  for (int i = 0; i < b->nticks[k]; i++)
    if (b->labels[k][i])
      return;
  FmtScalar f = fmt_scalar_format(b->ticks[k], b->nticks[k], b->lim[k]);
  fmt_offset_text(buf, n, &f);
}

/* Where axis k's offset text is anchored (its baseline): the x axis' ends at the axes' right
 * edge, 3 pt below the tick labels; the y axis' starts at the left edge, 3 pt above. It is
 * written at the tick labels' size. */
static void offset_anchor(const FmtAxes *ax, const Box *b, int k, double *x, double *y) {
  double size = ax->style.tick_label_size[k], line = fmt_text_height(size);
  if (k == 0) {
    *x = b->x + b->w;
    *y = b->y + b->h + label_gap(&ax->style, 0) +
         fmax(line, tick_labels_depth(b, 0, ax->tick_rotation[0])) + 3 * PT + line -
         descent(size);
  } else {   /* above the y axis' end of the axes */
    *x = ax->y_right ? b->x + b->w : b->x, *y = b->y - 3 * PT;
  }
}

/* The spines axes.spines.* keeps (left, bottom, right, top): none for seaborn's heatmap, the
 * left (unless its axis is hidden) and the bottom after despine. */
static void spines(BaseBuf *s, const FmtAxes *ax, const Box *b) {
  const FmtStyle *st = &ax->style;
  bool on[4];
  for (int i = 0; i < 4; i++)
    on[i] = st->spines[i] && !ax->spineless && !(ax->despined && i >= 2);
  on[0] &= !(ax->despined && ax->hidden[1]);
  if (st->edge_width <= 0 || !(on[0] || on[1] || on[2] || on[3]))
    return;
  base_buf_printf(s, "<g class=\"spines\" stroke-width=\"%.2f\"", st->edge_width * PT);
  color_attr(s, "stroke", st->edge);
  base_buf_printf(s, ">\n");
  if (on[0] && on[1] && on[2] && on[3]) {
    base_buf_printf(s, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                    "fill=\"none\" stroke-linejoin=\"miter\"/>\n", b->x, b->y, b->w, b->h);
  } else {   /* a polyline for each run of spines, round the box from the top left */
    double x[4] = {b->x, b->x, b->x + b->w, b->x + b->w}, y[4] = {b->y, b->y + b->h, b->y + b->h,
                                                                  b->y};
    for (int i = 0; i < 4; i++) {
      if (!on[i] || on[(i + 3) % 4])
        continue;
      base_buf_printf(s, "<polyline fill=\"none\" points=\"%.2f,%.2f", x[i], y[i]);
      for (int j = i; j < i + 4 && on[j % 4]; j++)
        base_buf_printf(s, " %.2f,%.2f", x[(j + 1) % 4], y[(j + 1) % 4]);
      base_buf_printf(s, "\" stroke-linecap=\"square\"/>\n");
    }
  }
  base_buf_printf(s, "</g>\n");
}

static void frame(BaseBuf *s, const FmtAxes *ax, const Box *b) {
  const FmtStyle *st = &ax->style;
  spines(s, ax, b);
  for (int k = 0; k < 2; k++)
    if (!ax->noticks[k] && !ax->hidden[k])
      ticks(s, b, k, ax->tick_rotation[k], ax->tick_ha[k], ax->inner[k]);
  for (int k = 0; k < 2; k++) {
    char off[96];
    double x, y;
    axis_offset(b, k, off, sizeof off);
    offset_anchor(ax, b, k, &x, &y);
    if (!ax->noticks[k] && !ax->inner[k] && !ax->hidden[k] && off[0])
      text(s, x, y, st->tick_label_size[k], st->tick_label_color[k],
           k && !ax->y_right ? "start" : "end", "", off);
  }
  const double *size = st->label_size;
  if (ax->xlabel && !ax->label_hidden[0])
    text(s, b->x + b->w / 2,
         xlabel_top(ax, b, tick_labels_depth(b, 0, ax->tick_rotation[0])) + size[0] * PT * 0.9,
         size[0], st->label_color[0], "middle", "", ax->xlabel);
  if (ax->ylabel && !ax->label_hidden[1]) {
    double x = ylabel_x(ax, b, tick_labels_depth(b, 1, ax->tick_rotation[1]));
    char rot[96];
    snprintf(rot, sizeof rot, " transform=\"rotate(-90 %.2f %.2f)\"", x, b->y + b->h / 2);
    text(s, x, b->y + b->h / 2, size[1], st->label_color[1], "middle", rot, ax->ylabel);
  }
}

/* The colorbar beside ax, as an axes of its own: the colours as 256 bands from vmin (bottom)
 * to vmax, the outline, ticks and labels at the right, the label beyond them. */
static void colorbar(BaseBuf *s, const FmtFigure *f, const FmtAxes *ax) {
  const FmtStyle *st = &ax->style;
  const FmtArtist *a = ax->a[ax->colorbar - 1];
  int cmap = (a->kind == FMT_IMAGE && a->channels == 1) || a->mapped ? a->cmap : 0;
  Box b;
  cbar_place(f, ax, &b);
  base_buf_printf(s, "<g class=\"axes\" data-colorbar=\"%s%s\" data-xlim=\"0 1\" "
                  "data-ylim=\"%.10g %.10g\" data-xticks=\"\"", fmt_cmap_name(cmap),
                  reversed(cmap), b.lim[1][0], b.lim[1][1]);
  ticks_attr(s, "yticks", b.ticks[1], b.nticks[1]);
  char off[96];
  axis_offset(&b, 1, off, sizeof off);
  if (off[0])
    scaled_attrs(s, &b, 1, off);
  base_buf_printf(s, ">\n<g shape-rendering=\"crispEdges\">\n");
  double lo = b.lim[1][0], hi = b.lim[1][1], band = b.h / 256, scale[2], shown[2];
  cbar_range(a, scale, shown);
  for (int i = 0; i < 256; i++) {
    base_buf_printf(s, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"", b.x,
                    b.y + b.h - (i + 1) * band, b.w, band + 0.3);
    color_attr(s, "fill",
               fmt_cmap_color(cmap, lo + (i + 0.5) * (hi - lo) / 256, scale[0], scale[1]));
    base_buf_printf(s, "/>\n");
  }
  base_buf_printf(s, "</g>\n");
  if (st->edge_width > 0) {
    base_buf_printf(s, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"none\" "
                    "stroke-width=\"%.2f\"", b.x, b.y, b.w, b.h, st->edge_width * PT);
    color_attr(s, "stroke", st->edge);
    base_buf_printf(s, "/>\n");
  }
  FmtScalar sf = fmt_scalar_format(b.ticks[1], b.nticks[1], b.lim[1]);
  double out = tick_out(st, 1), in = st->tick_size[1] * PT - out, right = b.x + b.w;
  double size = st->tick_label_size[1];
  base_buf_printf(s, "<g stroke-width=\"%.2f\"", st->tick_width[1] * PT);
  color_attr(s, "stroke", st->tick_color[1]);
  base_buf_printf(s, ">\n");
  for (int i = 0; i < b.nticks[1]; i++) {
    double p = py(&b, b.ticks[1][i]);
    char lab[64];
    fmt_tick_label(lab, sizeof lab, &sf, b.ticks[1][i]);
    if (st->tick_marks[1])
      base_buf_printf(s, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"/>\n", right - in,
                      p, right + out, p);
    text(s, right + label_gap(st, 1), p + size * PT * 0.36, size, st->tick_label_color[1],
         "start", "", lab);
  }
  base_buf_printf(s, "</g>\n");
  if (off[0])   /* above the bar, ending at its right edge */
    text(s, b.x + b.w, b.y - 3 * PT, size, st->tick_label_color[1], "end", "", off);
  if (ax->cbar_label) {
    double x = right + label_gap(st, 1) + tick_labels_depth(&b, 1, 0) + 4 * PT +
               st->label_size[1] * PT * 0.75;
    char rot[96];
    snprintf(rot, sizeof rot, " transform=\"rotate(-90 %.2f %.2f)\"", x, b.y + b.h / 2);
    text(s, x, b.y + b.h / 2, st->label_size[1], st->label_color[1], "middle", rot,
         ax->cbar_label);
  }
  base_buf_printf(s, "</g>\n");
}

/* ---- extents: what tight_layout makes room for (chart_tight.c) ---- */

static double title_size(const FmtAxes *ax) {
  return ax->title_size > 0 ? ax->title_size : ax->style.title_size;
}

/* Widens e (x0, y0, x1, y1) to hold the box x0, y0, x1, y1. */
static void hold(double e[4], double x0, double y0, double x1, double y1) {
  e[0] = fmin(e[0], x0), e[1] = fmin(e[1], y0);
  e[2] = fmax(e[2], x1), e[3] = fmax(e[3], y1);
}

/* Widens e to hold a line of text of that size whose baseline starts at (x, y) (anchor 's'),
 * is centred there ('m') or ends there ('e'). */
static void hold_text(double e[4], double x, double y, double w, double size, char anchor) {
  double x0 = anchor == 's' ? x : anchor == 'e' ? x - w : x - w / 2;
  hold(e, x0, y - (fmt_text_height(size) - descent(size)), x0 + w, y + descent(size));
}

/* Axis k's tick labels as ticks() places them. */
static void hold_tick_labels(double e[4], const Box *b, int k, double rotation, char ha) {
  FmtScalar f = fmt_scalar_format(b->ticks[k], b->nticks[k], b->lim[k]);
  for (int i = 0; i < b->nticks[k] + b->nminor[k]; i++) {
    char num[64];
    double box[4];
    const char *lab = tick_text(b, k, i, &f, num, sizeof num);
    if (unlabelled(b, k, i, lab))
      continue;
    label_box(b, k, i, label_width(b, k, i, lab), rotation, ha, box);
    hold(e, box[0], box[1], box[2], box[3]);
  }
}

/* A text artist's box as draw_text places it: aligned, then turned about its anchor. */
static void hold_placed_text(double e[4], const Box *b, const FmtArtist *a) {
  double x, y, down, size = a->size, w = fmt_text_width(a->text ? a->text : "", size);
  text_anchor(b, a, &x, &y, &down);
  double x0 = a->ha == 'l' ? x : a->ha == 'r' ? x - w : x - w / 2;
  double y1 = y + down + descent(size), y0 = y1 - fmt_text_height(size);
  double turn = -a->rotation * PI / 180, c = cos(turn), s = sin(turn);
  double cx[4] = {x0, x0 + w, x0 + w, x0}, cy[4] = {y0, y0, y1, y1};
  for (int i = 0; i < 4; i++) {   /* each corner turned as the SVG rotate() turns it */
    double dx = cx[i] - x, dy = cy[i] - y;
    hold(e, x + c * dx - s * dy, y + s * dx + c * dy, x + c * dx - s * dy, y + s * dx + c * dy);
  }
  double to[2];
  if (a->arrow.style)   /* and its arrow's point */
    arrow_end(b, a, to), hold(e, to[0], to[1], to[0], to[1]);
}

void fmt_axes_extent(const FmtFigure *f, const FmtAxes *ax, double cellbox[4], double e[4]) {
  const FmtStyle *st = &ax->style;
  Box b, c;
  place(f, ax, &b);
  cell(f, ax, &c);
  cellbox[0] = c.x, cellbox[1] = c.y, cellbox[2] = c.x + c.w, cellbox[3] = c.y + c.h;
  e[0] = b.x, e[1] = b.y, e[2] = b.x + b.w, e[3] = b.y + b.h;
  if (!ax->off) {
    for (int k = 0; k < 2; k++) {
      char off[96];
      double x, y, size = st->tick_label_size[k], out = st->tick_marks[k] ? tick_out(st, k) : 0;
      axis_offset(&b, k, off, sizeof off);
      offset_anchor(ax, &b, k, &x, &y);
      if (!ax->noticks[k] && !ax->hidden[k] && b.nticks[k] + b.nminor[k] > 0)   /* the marks */
        hold(e, b.x - (k && !b.right ? out : 0), b.y, b.x + b.w + (k && b.right ? out : 0),
             b.y + b.h + (k ? 0 : out));
      bool labelled = !ax->noticks[k] && !ax->inner[k] && !ax->hidden[k];
      if (labelled && off[0])
        hold_text(e, x, y, fmt_text_width(off, size), size, k && !ax->y_right ? 's' : 'e');
      if (labelled)
        hold_tick_labels(e, &b, k, ax->tick_rotation[k], ax->tick_ha[k]);
    }
    const double *size = st->label_size;
    if (ax->xlabel && !ax->label_hidden[0]) {
      double y = xlabel_top(ax, &b, tick_labels_depth(&b, 0, ax->tick_rotation[0]));
      double w = fmt_text_width(ax->xlabel, size[0]), mid = b.x + b.w / 2;
      hold(e, mid - w / 2, y, mid + w / 2, y + fmt_text_height(size[0]));
    }
    if (ax->ylabel && !ax->label_hidden[1]) {   /* reads upwards: its ascent lies left */
      double x = ylabel_x(ax, &b, tick_labels_depth(&b, 1, ax->tick_rotation[1]));
      double w = fmt_text_width(ax->ylabel, size[1]), mid = b.y + b.h / 2;
      double line = fmt_text_height(size[1]);
      hold(e, x - (line - descent(size[1])), mid - w / 2, x + descent(size[1]), mid + w / 2);
    }
  }
  for (int i = 0; i < ax->n; i++)   /* texts: never clipped, so counted as matplotlib does */
    if (ax->a[i]->kind == FMT_TEXT)
      hold_placed_text(e, &b, ax->a[i]);
  double lx, ly, lw, lh;
  const char *title;
  if (ax->legend && legend_box(&b, ax, &lx, &ly, &lw, &lh, &title) > 0)
    hold(e, lx, ly, lx + lw, ly + lh);
  if (ax->title) {
    double size = title_size(ax);
    hold_text(e, b.x + b.w / 2, b.y - 6 * PT, fmt_text_width(ax->title, size), size, 'm');
  }
  if (ax->colorbar) {
    Box cb;
    cbar_place(f, ax, &cb);
    double size = st->tick_label_size[1], line = fmt_text_height(size);
    double right = cb.x + cb.w + label_gap(st, 1) + tick_labels_depth(&cb, 1, 0);
    hold(e, cb.x, cb.y - line / 2,
         right + (ax->cbar_label ? 4 * PT + fmt_text_height(st->label_size[1]) : 0),
         cb.y + cb.h + line / 2);
    char off[96];
    axis_offset(&cb, 1, off, sizeof off);
    if (off[0])   /* above the bar, ending at its right edge */
      hold_text(e, cb.x + cb.w, cb.y - 3 * PT, fmt_text_width(off, size), size, 'e');
  }
}

static void axes(BaseBuf *s, const FmtFigure *f, const FmtAxes *ax, int k) {
  const FmtStyle *st = &ax->style;
  Box b;
  place(f, ax, &b);
  base_buf_printf(s, "<g class=\"axes\" data-xlim=\"%.10g %.10g\" data-ylim=\"%.10g %.10g\"",
                  b.lim[0][0], b.lim[0][1], b.lim[1][0], b.lim[1][1]);
  ticks_attr(s, "xticks", b.ticks[0], ax->noticks[0] ? 0 : b.nticks[0]);
  ticks_attr(s, "yticks", b.ticks[1], ax->noticks[1] ? 0 : b.nticks[1]);
  for (int j = 0; j < 2; j++)
    if (b.base[j] && !ax->noticks[j])
      log_attrs(s, &b, j);
    else if (b.nminor[j] && !ax->noticks[j])   /* minorticks_on's */
      values_attr(s, j ? "yminor" : "xminor", b.ticks[j] + b.nticks[j], b.nminor[j]);
  labels_attr(s, "xticklabels", &b, 0);
  labels_attr(s, "yticklabels", &b, 1);
  for (int j = 0; j < 2; j++) {   /* ScalarFormatter's offset text, and the labels under it */
    char off[96];
    axis_offset(&b, j, off, sizeof off);
    if (off[0] && !ax->noticks[j])
      scaled_attrs(s, &b, j, off);
  }
  const char *axis_labels[2] = {ax->xlabel, ax->ylabel};
  for (int j = 0; j < 2; j++)
    if (axis_labels[j] && axis_labels[j][0]) {
      base_buf_printf(s, " data-%clabel=\"", j ? 'y' : 'x');
      fmt_svg_text(s, axis_labels[j]);
      base_buf_printf(s, "\"");
    }
  base_buf_printf(s, ">\n");
  if (!ax->off) {   /* without its frame, unpainted: it still says where the axes lie */
    base_buf_printf(s, "<rect class=\"patch\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
                    "height=\"%.2f\"", b.x, b.y, b.w, b.h);
    if (ax->faceless)
      base_buf_printf(s, " fill=\"none\"");
    else
      color_attr(s, "fill", st->axes_face);
    base_buf_printf(s, "/>\n");
  }
  base_buf_printf(s, "<clipPath id=\"clip%d\"><rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
                  "height=\"%.2f\"/></clipPath>\n<g clip-path=\"url(#clip%d)\">\n", k, b.x, b.y,
                  b.w, b.h, k);
  for (int i = 0; i < ax->n; i++)   /* images first: they lie under everything */
    if (ax->a[i]->kind == FMT_IMAGE)
      draw_image(s, &b, ax->a[i]);
  /* the grid at its z-order: axes.axisbelow */
  bool gridded = (ax->grid || ax->minor_grid[0] || ax->minor_grid[1]) && !ax->off;
  if (gridded && st->grid_z == 0)
    grid(s, &b, ax);
  draw_artists(s, &b, ax, false);
  if (gridded && st->grid_z == 1)
    grid(s, &b, ax);
  draw_artists(s, &b, ax, true);
  if (gridded && st->grid_z == 2)
    grid(s, &b, ax);
  base_buf_printf(s, "</g>\n");
  for (int i = 0; i < ax->n; i++)   /* texts (z-order 3) are not clipped */
    if (ax->a[i]->kind == FMT_TEXT)
      draw_text(s, &b, ax->a[i]);
  if (!ax->off)
    frame(s, ax, &b);
  if (ax->title)
    text(s, b.x + b.w / 2, b.y - 6 * PT, title_size(ax), st->title_color, "middle", "",
         ax->title);
  if (ax->legend)
    legend(s, &b, ax, false);
  base_buf_printf(s, "</g>\n");
  if (ax->colorbar)
    colorbar(s, f, ax);
}

/* The figure itself as a box, for its legend. */
static Box figure_box(const FmtFigure *f) {
  return (Box){.st = &f->style, .w = f->w * DPI, .h = f->h * DPI};
}

double fmt_figure_legend_width(const FmtFigure *f) {
  Box b = figure_box(f);
  double x, y, w, h;
  const char *title;
  return f->legend && legend_box(&b, f->legend, &x, &y, &w, &h, &title) > 0 ? w : 0;
}

/* The part of the figure a drawing shows: all of it, or (crop >= 0, savefig's
 * bbox_inches='tight') the box of everything drawn with crop pixels around it, as x, y, w, h. */
static void view_box(const FmtFigure *f, double crop, double v[4]) {
  double W = f->w * DPI, H = f->h * DPI, e[4] = {INFINITY, INFINITY, -INFINITY, -INFINITY};
  v[0] = 0, v[1] = 0, v[2] = W, v[3] = H;
  if (crop < 0)
    return;
  for (int i = 0; i < f->n; i++) {
    double cell[4], a[4];
    fmt_axes_extent(f, f->axes[i], cell, a);
    hold(e, a[0], a[1], a[2], a[3]);
  }
  if (f->suptitle) {   /* its top 0.02 of the height from the figure's */
    double size = f->style.suptitle_size, w = fmt_text_width(f->suptitle, size);
    hold(e, W / 2 - w / 2, 0.02 * H, W / 2 + w / 2, 0.02 * H + fmt_text_height(size));
  }
  Box fb = figure_box(f);
  double lx, ly, lw, lh;
  const char *title;
  if (f->legend && legend_box(&fb, f->legend, &lx, &ly, &lw, &lh, &title) > 0)
    hold(e, lx, ly, lx + lw, ly + lh);
  if (e[2] < e[0])
    return;
  v[0] = e[0] - crop, v[1] = e[1] - crop, v[2] = e[2] - e[0] + 2 * crop;
  v[3] = e[3] - e[1] + 2 * crop;
}

nnc_status fmt_figure_svg(const FmtFigure *f, double crop, BaseBuf *s) {
  *s = (BaseBuf){0};
  FmtFigure laid = *f;   /* layout='tight': drawn with tight_layout's parameters, f unchanged */
  const char *why;       /* when none fit, the figure's own parameters (as matplotlib) */
  nnc_status st = f->tight ? fmt_tight_params(f, NULL, &laid.sp, &why) : NNC_OK;
  if (st != NNC_OK)
    return st;
  f = &laid;
  double W = f->w * DPI, H = f->h * DPI, v[4];
  view_box(f, crop, v);
  base_buf_printf(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                  "width=\"%.0f\" height=\"%.0f\" viewBox=\"%.2f %.2f %.2f %.2f\" "
                  "font-family=\"%s\">\n<rect class=\"figure-patch\" x=\"%.2f\" y=\"%.2f\" "
                  "width=\"%.2f\" height=\"%.2f\"", v[2], v[3], v[0], v[1], v[2], v[3], FONT,
                  v[0], v[1], v[2], v[3]);
  color_attr(s, "fill", f->style.figure_face);
  base_buf_printf(s, "/>\n");
  for (int i = 0; i < f->n; i++)
    axes(s, f, f->axes[i], i);
  if (f->suptitle)
    text(s, W / 2, 0.02 * H + f->style.suptitle_size * PT, f->style.suptitle_size,
         f->style.text_color, "middle", "", f->suptitle);
  Box fb = figure_box(f);
  if (f->legend)
    legend(s, &fb, f->legend, true);
  base_buf_printf(s, "</svg>\n");
  if (s->nomem) {
    base_buf_free(s);
    return base_error(NNC_ERR_NOMEM, "out of memory drawing a figure");
  }
  return NNC_OK;
}

nnc_status fmt_figure_write(const FmtFigure *f, double crop, const char *path) {
  BaseBuf s;
  nnc_status st = fmt_figure_svg(f, crop, &s);
  if (st == NNC_OK)
    st = fmt_write_file(path, s.p, s.n);
  base_buf_free(&s);
  return st;
}
