/* chart_arrow.c — annotate's arrow as matplotlib 3.6's FancyArrowPatch draws it, in pixels
 * (y down): from the middle of the text's box (or, for the arrow of arrowprops without an
 * arrowstyle, the corner or edge middle of the box nearest the point), cut where it leaves
 * the box padded 2 points, to the point, each end then shortened by its shrink; a straight
 * path (connectionstyle arc3), a headed end set back so that the line's width ends at the
 * tip. The shaft and heads are an SVG path. */
#include <math.h>

#include "formats.h"

/* Where the segment from p (inside the box) to q leaves box: the fraction of the way. */
static double leaves(const double p[2], const double q[2], const double box[4]) {
  double t = 1;
  for (int k = 0; k < 2; k++) {
    double d = q[k] - p[k];
    if (d > 0)
      t = fmin(t, (box[2 + k] - p[k]) / d);
    else if (d < 0)
      t = fmin(t, (box[k] - p[k]) / d);
  }
  return fmax(t, 0);
}

/* The value of the three (low edge, middle, high edge) nearest v. */
static double nearest(double lo, double hi, double v) {
  double mid = (lo + hi) / 2, best = lo;
  if (fabs(mid - v) < fabs(best - v))
    best = mid;
  return fabs(hi - v) < fabs(best - v) ? hi : best;
}

static void point(BaseBuf *d, char cmd, double x, double y) {
  base_buf_printf(d, "%c%.2f %.2f", cmd, x, y);
}

/* An open head at tip t pointing along u (unit), `length` back and `width` aside each way. */
static void open_head(BaseBuf *d, const double t[2], const double u[2], double length,
                      double width) {
  double n[2] = {-u[1], u[0]};
  point(d, 'M', t[0] - u[0] * length + n[0] * width, t[1] - u[1] * length + n[1] * width);
  point(d, 'L', t[0], t[1]);
  point(d, 'L', t[0] - u[0] * length - n[0] * width, t[1] - u[1] * length - n[1] * width);
}

bool fmt_arrow_path(const FmtArrow *ar, const double box[4], const double to[2], double pt,
                    double scale, BaseBuf *d) {
  bool simple = ar->style == 'y';
  double from[2] = {(box[0] + box[2]) / 2, (box[1] + box[3]) / 2};
  if (simple)   /* the arrow of old: from the box's point nearest the target */
    from[0] = nearest(box[0], box[2], to[0]), from[1] = nearest(box[1], box[3], to[1]);
  double pad[4] = {box[0] - 2 * pt, box[1] - 2 * pt, box[2] + 2 * pt, box[3] + 2 * pt};
  double r = hypot(to[0] - from[0], to[1] - from[1]);
  if (box[2] > box[0]) {   /* an empty text cuts nothing */
    double t = leaves(from, to, pad);
    from[0] += t * (to[0] - from[0]), from[1] += t * (to[1] - from[1]);
  }
  double len = hypot(to[0] - from[0], to[1] - from[1]);
  double cut[2] = {simple ? ar->shrink_frac * r : ar->shrink[0] * pt,
                   simple ? ar->shrink_frac * r : ar->shrink[1] * pt};
  if (!(len > cut[0] + cut[1]))
    return false;
  double u[2] = {(to[0] - from[0]) / len, (to[1] - from[1]) / len}, n[2] = {-u[1], u[0]};
  double s[2] = {from[0] + u[0] * cut[0], from[1] + u[1] * cut[0]};
  double e[2] = {to[0] - u[0] * cut[1], to[1] - u[1] * cut[1]};
  len -= cut[0] + cut[1];
  if (simple) {   /* a shaft `width` wide, then a head: one outline */
    double tw = ar->head[0] * pt / 2, hw = ar->head[1] * pt / 2;
    double hl = fmin(ar->head[2] * pt, len), base[2] = {e[0] - u[0] * hl, e[1] - u[1] * hl};
    point(d, 'M', s[0] + n[0] * tw, s[1] + n[1] * tw);
    point(d, 'L', base[0] + n[0] * tw, base[1] + n[1] * tw);
    point(d, 'L', base[0] + n[0] * hw, base[1] + n[1] * hw);
    point(d, 'L', e[0], e[1]);
    point(d, 'L', base[0] - n[0] * hw, base[1] - n[1] * hw);
    point(d, 'L', base[0] - n[0] * tw, base[1] - n[1] * tw);
    point(d, 'L', s[0] - n[0] * tw, s[1] - n[1] * tw);
    base_buf_printf(d, "Z");
    return true;
  }
  double hl = ar->head[1] * scale, hw = ar->head[2] * scale, back[2] = {-u[0], -u[1]};
  bool at_end = ar->style == '>' || ar->style == 'b', at_start = ar->style == '<' ||
                                                                 ar->style == 'b';
  /* a headed end set back so that a line lw wide ends at the tip, as matplotlib's */
  double set_back = 0.5 * ar->lw * pt * hypot(hl, hw) / hw;
  for (int k = 0; k < 2; k++) {
    s[k] += at_start ? u[k] * set_back : 0;
    e[k] -= at_end ? u[k] * set_back : 0;
  }
  point(d, 'M', s[0], s[1]);
  point(d, 'L', e[0], e[1]);
  if (at_end)
    open_head(d, e, u, hl, hw);
  if (at_start)
    open_head(d, s, back, hl, hw);
  return true;
}
