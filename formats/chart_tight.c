/* chart_tight.c — tight_layout: subplot parameters that make room for every axes' labels.
 *
 * matplotlib's rule (_tight_layout.py), in the figure's fractions: each axes' decorations
 * (chart.c's fmt_axes_extent) overhang its grid cell by some amount on each side. The outer
 * margins are the largest overhang on that side of the figure plus pad; the gap between two
 * columns is the largest sum of the right overhang of one and the left overhang of the next,
 * plus w_pad (rows alike, with h_pad), which becomes wspace as a fraction of the cells' new
 * width. A suptitle adds its height and a pad to the top margin. Grids of different sizes
 * take part when each divides the largest (a 2x1 and a 2x2 grid: the 2x1's cells span two
 * columns). Pads are in font sizes (font.size): 1.08 is 1.08 x 10 pt.
 *
 * When rect is given, a second round puts the first round's margins inside rect and sets
 * the gaps again between them, as matplotlib does. Text is measured by DejaVu Sans' advance
 * widths without kerning and a line by Agg's hinted height (chart.c), so the numbers come
 * within a pixel or so of matplotlib's rather than equal to them.
 */
#include <math.h>
#include <string.h>

#include "formats.h"

enum { MAX_GRID = 50 }; /* pyplot's limit on rows and columns */

typedef struct {
  int rows, cols;
  double h[MAX_GRID][MAX_GRID + 1]; /* horizontal overhangs at each column boundary, per row */
  double v[MAX_GRID + 1][MAX_GRID]; /* vertical overhangs at each row boundary, per column */
} Spaces;

/* The largest of the grid's overhangs at column boundaries lo .. hi - 1 (h) or row boundaries
 * (v); -inf when the range is empty. */
static double most(const Spaces *s, bool horizontal, int lo, int hi) {
  double m = -INFINITY;
  for (int a = 0; a < (horizontal ? s->rows : s->cols); a++)
    for (int i = lo; i < hi; i++)
      m = fmax(m, horizontal ? s->h[a][i] : s->v[i][a]);
  return m;
}

static bool same_cell(const FmtAxes *a, const FmtAxes *b) {
  return a->nrows == b->nrows && a->ncols == b->ncols && a->index == b->index;
}

/* The overhangs of every cell's axes at its edges, in figure fractions: those of the box
 * holding all the axes in a cell (a host and its twins), as matplotlib takes a subplot
 * spec's; NULL, or why not. */
static const char *overhangs(const FmtFigure *f, Spaces *s) {
  memset(s, 0, sizeof *s);
  for (int i = 0; i < f->n; i++) {
    s->rows = f->axes[i]->nrows > s->rows ? f->axes[i]->nrows : s->rows;
    s->cols = f->axes[i]->ncols > s->cols ? f->axes[i]->ncols : s->cols;
  }
  double W = f->w * 100, H = f->h * 100; /* chart.c's 100 dpi */
  for (int i = 0; i < f->n; i++) {
    const FmtAxes *ax = f->axes[i];
    if (s->rows % ax->nrows || s->cols % ax->ncols)
      return "number of rows and columns in subplot specifications must be multiples of one "
             "another";
    bool seen = false;
    for (int j = 0; j < i; j++)
      seen |= same_cell(f->axes[j], ax);
    if (seen)
      continue;
    int dr = s->rows / ax->nrows, dc = s->cols / ax->ncols;
    int r0 = (ax->index - 1) / ax->ncols * dr, c0 = (ax->index - 1) % ax->ncols * dc;
    double c[4], e[4];
    fmt_axes_extent(f, ax, c, e);
    for (int j = i + 1; j < f->n; j++) {
      double cj[4], ej[4];
      if (!same_cell(f->axes[j], ax))
        continue;
      fmt_axes_extent(f, f->axes[j], cj, ej);
      e[0] = fmin(e[0], ej[0]), e[1] = fmin(e[1], ej[1]);
      e[2] = fmax(e[2], ej[2]), e[3] = fmax(e[3], ej[3]);
    }
    for (int r = r0; r < r0 + dr; r++) {
      s->h[r][c0] += (c[0] - e[0]) / W;
      s->h[r][c0 + dc] += (e[2] - c[2]) / W;
    }
    for (int k = c0; k < c0 + dc; k++) {
      s->v[r0][k] += (c[1] - e[1]) / H;
      s->v[r0 + dr][k] += (e[3] - c[3]) / H;
    }
  }
  return NULL;
}

/* The gap between n cells in a span (figure fractions) as a fraction of a cell, wspace's
 * and hspace's unit; false when the gaps leave the cells no room. */
static bool share(double gap, double span, int n, double *out) {
  double cell = (span - gap * (n - 1)) / n;
  *out = gap / cell;
  return cell >= 0;
}

/* One round: the parameters for margins left .. top (NaN: found from the overhangs). */
static const char *adjust(const FmtFigure *f, const Spaces *s, const FmtTight *t,
                          const double margin[4], FmtSubplotParams *out) {
  double in = f->style.font_size / 72;    /* a font size (font.size), in inches */
  double pad_w = t->pad * in / f->w, pad_h = t->pad * in / f->h;
  double gap_w = (isnan(t->w_pad) ? t->pad : t->w_pad) * in / f->w;
  double gap_h = (isnan(t->h_pad) ? t->pad : t->h_pad) * in / f->h;
  double left = margin[0], bottom = margin[1], right = margin[2], top = margin[3];
  if (isnan(left))
    left = fmax(most(s, true, 0, 1), 0) + pad_w;
  if (isnan(right))
    right = fmax(most(s, true, s->cols, s->cols + 1), 0) + pad_w;
  if (isnan(top)) {
    top = fmax(most(s, false, 0, 1), 0) + pad_h;
    if (f->suptitle)
      top += fmt_text_height(f->style.suptitle_size) / (f->h * 100) + pad_h;   /* its line */
  }
  if (isnan(bottom))
    bottom = fmax(most(s, false, s->rows, s->rows + 1), 0) + pad_h;
  if (left + right >= 1)
    return "the left and right margins cannot be made large enough to accommodate all axes "
           "decorations";
  if (bottom + top >= 1)
    return "the bottom and top margins cannot be made large enough to accommodate all axes "
           "decorations";
  FmtSubplotParams p = f->sp;
  p.left = left, p.right = 1 - right, p.bottom = bottom, p.top = 1 - top;
  if (s->cols > 1 && !share(most(s, true, 1, s->cols) + gap_w, 1 - right - left, s->cols,
                            &p.wspace))
    return "tight_layout cannot make axes width small enough to accommodate all axes "
           "decorations";
  if (s->rows > 1 && !share(most(s, false, 1, s->rows) + gap_h, 1 - top - bottom, s->rows,
                            &p.hspace))
    return "tight_layout cannot make axes height small enough to accommodate all axes "
           "decorations";
  *out = p;
  return NULL;
}

nnc_status fmt_tight_params(const FmtFigure *f, const FmtTight *t, FmtSubplotParams *out,
                            const char **why) {
  static const FmtTight defaults = {1.08, NAN, NAN, {0, 0, 1, 1}};
  t = t ? t : &defaults;
  *out = f->sp;
  *why = NULL;
  if (f->n == 0)
    return NNC_OK;
  Spaces *s = base_malloc(sizeof *s);   /* 40 KB */
  if (!s)
    return base_error(NNC_ERR_NOMEM, "tight_layout: out of memory");
  *why = overhangs(f, s);
  double found[4] = {NAN, NAN, NAN, NAN};
  FmtSubplotParams first;
  *why = *why ? *why : adjust(f, s, t, found, &first);
  if (!*why) {
    const double *r = t->rect;   /* the first round's margins, inside rect */
    double inside[4] = {r[0] + first.left, r[1] + first.bottom, 1 - (r[2] - (1 - first.right)),
                        1 - (r[3] - (1 - first.top))};
    *why = adjust(f, s, t, inside, out);
  }
  base_free(s);
  return NNC_OK;
}
