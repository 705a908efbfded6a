/* seaborn_line.c — seaborn's lineplot of y against x, as seaborn 0.12 draws it: tutorials
 * draw their learning curves with it, one call per curve with a label.
 *
 * Rows where x or y is missing are left out; the rest are sorted by x (then y). When an x
 * repeats, the line goes through each x's estimate (seaborn_estimate.c: the mean of its ys
 * by default) and a band, the estimate's error bar (a bootstrapped 95% interval by default),
 * is filled around it in the line's colour at opacity 0.2, as seaborn's fill_between. The
 * line is the Axes' plot with the keywords given (color, label, linewidth, ...), so it takes
 * the cycle's next colour; the axes are named by x and y, and a legend is made when some
 * artist has a label. A Series or a list as data is y against its index; a DataFrame as data
 * alone is seaborn's wide form, a line per number column (wide_form).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pylib.h"

typedef struct {
  double x, y;
  double lo, hi;   /* the error bar around y, NaN when none */
  int64_t at;      /* the row's place, for a stable order; then its group */
} Row;

static int by_x_then_y(const void *a, const void *b) {
  const Row *p = a, *q = b;
  if (p->x != q->x)
    return p->x < q->x ? -1 : 1;
  if (p->y != q->y)
    return p->y < q->y ? -1 : 1;
  return p->at < q->at ? -1 : p->at > q->at;
}

/* x and y of a vector given as data: its index (or 0, 1, ...) and its values. */
static bool vector_xy(Interp *I, Obj *data, NdArray **x, NdArray **y, Obj **xname, Obj **yname) {
  PlState *st = pl_state(I);
  bool series = st->pd_series && data->cls == st->pd_series;
  int64_t first = 0;
  Obj *index = series ? pl_series_index(data, &first) : NULL;
  if (series && !(*yname = fe_getattr_str(I, data, "name")))
    return false;
  *xname = NULL;
  if (!(*y = pl_seaborn_floats(I, data)))
    return false;
  if (index)
    return (*x = pl_seaborn_floats(I, index)) != NULL;
  *x = nd_empty(ND_FLOAT64, 1, (int64_t[]){(*y)->size});
  for (int64_t i = 0; *x && i < (*y)->size; i++)
    ((double *)(*x)->data)[i] = (double)(first + i);
  return *x || (fe_nomem(I), false);
}

/* Each group's estimate and error bar, in place of its rows: r[0 .. *k) are the groups
 * (at: each row's group, numbered in order of first appearance; k groups). False when out
 * of memory. */
static bool aggregate(const PlAggregator *agg, Row *r, int64_t m, int64_t k) {
  int64_t *start = base_calloc((size_t)k + 1, sizeof *start);
  double *ys = base_malloc(sizeof *ys * (size_t)(m + 1));
  bool ok = start && ys;
  for (int64_t i = 0; ok && i < m; i++)   /* the groups' rows side by side, in row order */
    start[r[i].at + 1]++;
  for (int64_t g = 0; ok && g < k; g++)
    start[g + 1] += start[g];
  for (int64_t i = 0, *next = start; ok && i < m; i++)
    ys[next[r[i].at]++] = r[i].y;
  for (int64_t g = k; ok && g > 0; g--)   /* back to each group's first place */
    start[g] = start[g - 1];
  if (ok)
    start[0] = 0;
  int64_t *first = ok ? base_malloc(sizeof *first * (size_t)(k + 1)) : NULL;
  ok = first != NULL;
  for (int64_t i = m - 1; ok && i >= 0; i--)   /* each group's first row */
    first[r[i].at] = i;
  for (int64_t g = 0; ok && g < k; g++) {
    int64_t n = start[g + 1] - start[g];
    NdArray *v = nd_empty(ND_FLOAT64, 1, &n);
    double out[3];
    if (v)
      memcpy(v->data, ys + start[g], sizeof *ys * (size_t)n);
    ok = v && pl_seaborn_aggregate(agg, v, out);
    nd_unref(v);
    r[g] = (Row){r[first[g]].x, out[0], out[1], out[2], g};   /* first[g] >= g: unread */
  }
  base_free(first), base_free(start), base_free(ys);
  return ok;
}

/* The rows with both values, sorted when `sort`, as the line's points: when an x repeats and
 * agg is given (estimator=None: NULL), one per x, its estimate. *n: how many. NULL raised. */
static Row *points(Interp *I, const NdArray *x, const NdArray *y, bool sort,
                   const PlAggregator *agg, int64_t *n) {
  Row *r = base_malloc(sizeof *r * (size_t)(x->size + 1));
  if (!r)
    return fe_nomem(I), NULL;
  int64_t m = 0;
  for (int64_t i = 0; i < x->size; i++) {
    double a = ((double *)x->data)[i], b = ((double *)y->data)[i];
    if (a == a && b == b)
      r[m] = (Row){a, b, NAN, NAN, i}, m++;
  }
  if (sort)
    qsort(r, (size_t)m, sizeof *r, by_x_then_y);
  bool repeats = false;
  int64_t k = 0;   /* groups: each row's is that of an earlier row of the same x, or new */
  for (int64_t i = 0; i < m; i++) {
    int64_t same = -1;
    for (int64_t j = sort ? i - 1 : 0; j >= 0 && j < i && same < 0; j++)
      if (r[j].x == r[i].x)
        same = r[j].at;
    repeats |= same >= 0;
    r[i].at = same >= 0 ? same : k++;
  }
  *n = m;
  if (agg && repeats) {
    if (!aggregate(agg, r, m, k))
      return base_free(r), fe_nomem(I), NULL;
    *n = k;
  }
  return r;
}

/* Sets kw[name] = v unless kw has name or alias; false raised. */
static bool set_default(Interp *I, Obj *kw, const char *name, const char *alias, Obj *v) {
  bool given = fe_dict_getstr(I, kw, name) || fe_dict_getstr(I, kw, alias);
  bool ok = v && (given || fe_dict_setstr(I, kw, name, v) == 0);
  fe_decref(I, v);
  return ok;
}

/* ax.plot(xs, ys, **kwargs): the line as pyplot draws it, keywords and all, its markers
 * outlined in white 0.75 points wide unless the keywords say, as seaborn draws them. */
static bool plot(Interp *I, Obj *axes, const Row *r, int64_t n, Obj *kwargs) {
  NdArray *xs = nd_empty(ND_FLOAT64, 1, (int64_t[]){n});
  NdArray *ys = nd_empty(ND_FLOAT64, 1, (int64_t[]){n});
  for (int64_t i = 0; xs && ys && i < n; i++)
    ((double *)xs->data)[i] = r[i].x, ((double *)ys->data)[i] = r[i].y;
  Obj *xo = xs ? pl_array_wrap(I, xs) : NULL, *yo = ys ? pl_array_wrap(I, ys) : NULL;
  if (!xs || !ys) {
    nd_unref(xs), nd_unref(ys);
    fe_nomem(I);
  }
  Obj *kw = kwargs && kwargs != &I->none ? fe_call_method(I, kwargs, "copy", NULL, 0)
                                         : fe_dict_new(I);
  bool ok = xo && yo && kw &&
            set_default(I, kw, "markeredgewidth", "mew", fe_float(I, 0.75)) &&
            set_default(I, kw, "markeredgecolor", "mec", fe_str_cstr(I, "w")) &&
            pl_call_kw(I, axes, "plot", (Obj *[]){xo, yo}, 2, kw);
  fe_decref(I, kw), fe_decref(I, xo), fe_decref(I, yo);
  return ok;
}

/* The line through the points, with kwargs, then (agg: an error bar asked for) seaborn's
 * band around it: fill_between(x, lo, hi, color=the line's colour, alpha=0.2), empty where
 * no x repeats. */
static bool line_with_band(Interp *I, Obj *axes, const Row *r, int64_t n, Obj *kwargs,
                           const PlAggregator *agg) {
  FmtAxes *ax = ((PlAxes *)axes)->ax;
  if (!plot(I, axes, r, n, kwargs))
    return false;
  if (!agg || agg->method == PL_ERR_NONE)
    return true;
  uint32_t color = ax->a[ax->n - 1]->color;
  FmtArtist *a = fmt_axes_add_fill(ax, n, color);
  for (int64_t i = 0; a && i < n; i++)
    a->x[i] = r[i].x, a->y[i] = r[i].lo, a->b[i] = r[i].hi;
  if (a)
    a->alpha = a->edge_alpha = 0.2, a->edged = true, a->edge = color;
  return a || (fe_nomem(I), false);
}

enum { MOST_STYLES = 59 };   /* the dash patterns that fit a line's 16 lengths */

/* seaborn's dash pattern for style level j < MOST_STYLES (its unique_dashes), in points at
 * width 1, into out: none (solid), four fixed ones, then for p = 3, 4, ... segments runs of
 * 3 and 1.25 points (one to p - 1 threes) between runs of 4 and 1 (p - 1 fours down to
 * one), each segment followed by a gap of the run's shorter length. The count of lengths. */
static int style_dashes(int64_t j, double out[16]) {
  static const double fixed[][8] = {{0}, {4, 1.5}, {1, 1}, {3, 1.25, 1.5, 1.25}, {5, 1, 1, 1}};
  static const int nfixed[] = {0, 2, 2, 4, 4};
  if (j < 5) {
    memcpy(out, fixed[j], sizeof fixed[j]);
    return nfixed[j];
  }
  int p = 3;
  for (j -= 5; j >= 2 * (p - 1); p++)
    j -= 2 * (p - 1);
  bool fours = j % 2;
  int64_t q = j / 2, big = fours ? p - 1 - q : q + 1;   /* the long segments, first */
  for (int i = 0; i < p; i++) {
    out[2 * i] = i < big ? (fours ? 4 : 3) : (fours ? 1 : 1.25);
    out[2 * i + 1] = fours ? 1 : 1.25;
  }
  return 2 * p;
}

/* kwargs with a line's colour, dashes (n lengths) and label (NULL: none): a new dict. */
static Obj *line_keywords(Interp *I, Obj *kwargs, uint32_t color, const double *dashes, int n,
                          Obj *label) {
  Obj *kw = fe_dict_new(I), *key, *v;
  bool given = kwargs && kwargs != &I->none;
  for (int64_t pos = 0; kw && given && fe_dict_next(kwargs, &pos, &key, &v);)
    if (fe_dict_set(I, kw, key, v) < 0)
      fe_setref(I, &kw, NULL);
  char hex[8];
  snprintf(hex, sizeof hex, "#%06x", (unsigned)color & 0xffffff);
  Obj *c = kw ? fe_str_cstr(I, hex) : NULL, *d = c ? fe_tuple_new(I, n) : NULL;
  for (int i = 0; d && i < n; i++)
    if (!(FE_TUPLE(d)->v[i] = fe_float(I, dashes[i])))
      fe_setref(I, &d, NULL);
  bool ok = d && fe_dict_setstr(I, kw, "color", c) == 0 &&
            fe_dict_setstr(I, kw, "dashes", d) == 0 &&
            (!label || fe_dict_setstr(I, kw, "label", label) == 0);
  fe_decref(I, c), fe_decref(I, d);
  if (!ok)
    fe_setref(I, &kw, NULL);
  return kw;
}

/* lineplot(data=frame), seaborn's wide form: each number column against the row labels in
 * a colour of the cycle (from its start) and a dash pattern of its own, then a legend of
 * the columns, whose handles are empty lines labelled by them (of the default width, not
 * the keywords'), as seaborn adds them. */
static bool wide_form(Interp *I, Obj *frame, Obj *axes, bool sort, const PlAggregator *agg,
                      bool legend, Obj *kwargs) {
  Obj *names = fe_getattr_str(I, frame, "columns"), *const *v;
  int64_t n, m = 0;
  bool ok = names && fe_seq_items(I, names, &v, &n);
  Obj **shown = ok ? base_calloc((size_t)(n ? n : 1), sizeof *shown) : NULL;
  ok = ok && (shown || (fe_nomem(I), false));
  const FmtAxes *fax = ((PlAxes *)axes)->ax;   /* its columns take the cycle from its start */
  for (int64_t j = 0; ok && j < n; j++) {
    Obj *col = fe_getitem(I, frame, v[j]), *xname = NULL, *yname = NULL;
    NdArray *x = NULL, *y = NULL;
    ok = col != NULL;
    Obj *values = ok ? pl_series_column(col) : NULL;
    bool text = values && pl_col_is_text(I, values);
    fe_decref(I, values);
    Row *pts = NULL;
    int64_t k = 0;
    double dashes[16];
    Obj *kw = NULL;
    if (ok && !text && m == MOST_STYLES) {
      fe_throw(I, EXC_NotImplementedError, "lineplot of more than %d columns is not "
               "supported by nnc", MOST_STYLES);
      ok = false;
    }
    if (ok && !text) {
      int nd = style_dashes(m, dashes);
      ok = vector_xy(I, col, &x, &y, &xname, &yname) &&
           (pts = points(I, x, y, sort, agg, &k)) &&
           (kw = line_keywords(I, kwargs, fmt_axes_cycle_color(fax, (int)m), dashes, nd,
                                  NULL)) &&
           line_with_band(I, axes, pts, k, kw, agg);
      shown[m++] = v[j];
    }
    base_free(pts);
    nd_unref(x), nd_unref(y);
    fe_decref(I, col), fe_decref(I, xname), fe_decref(I, yname), fe_decref(I, kw);
  }
  for (int64_t j = 0; ok && legend && j < m; j++) {
    double dashes[16];
    int nd = style_dashes(j, dashes);
    Obj *kw = line_keywords(I, NULL, fmt_axes_cycle_color(fax, (int)j), dashes, nd, shown[j]);
    ok = kw && plot(I, axes, NULL, 0, kw);
    fe_decref(I, kw);
  }
  base_free(shown);
  fe_decref(I, names);
  return ok && (!legend || pl_seaborn_legend(I, axes, NULL));
}

static Obj *unsupported(Interp *I, const char *what) {
  return fe_throw(I, EXC_NotImplementedError, "lineplot(%s) is not supported by nnc yet: give "
                  "x= and y= (columns of data=, or values), estimator, errorbar, n_boot, "
                  "seed, sort, legend, ax and the line's keywords", what);
}

/* lineplot(data=None, *, x=None, y=None, hue=None, size=None, style=None, units=None,
 * palette=None, hue_order=None, hue_norm=None, sizes=None, size_order=None, size_norm=None,
 * dashes=True, markers=None, style_order=None, estimator='mean', errorbar=('ci', 95),
 * n_boot=1000, seed=None, orient='x', sort=True, err_style='band', err_kws=None,
 * legend='auto', ci='deprecated', ax=None, **kwargs) */
Obj *pl_seaborn_lineplot(Interp *I, Obj *self, Obj **args) {
  (void)self;
  static const char *const grouping[] = {"hue=", "size=", "style=", "units="};
  for (int k = 3; k <= 6; k++)
    if (args[k] != &I->none)
      return unsupported(I, grouping[k - 3]);
  if (!fe_str_is(args[20], "x"))
    return unsupported(I, "orient='y'");
  if (!fe_str_is(args[22], "band") || args[23] != &I->none)
    return unsupported(I, "err_style='bars' or err_kws=");
  int sort = fe_truth(I, args[21]), legend = fe_truth(I, args[24]);
  if (sort < 0 || legend < 0)
    return NULL;
  PlAggregator aggregator, *agg = args[16] == &I->none ? NULL : &aggregator;
  Obj *errorbar = agg ? pl_seaborn_errorbar_arg(I, args[17], args[25]) : NULL;
  bool read = !agg || (errorbar && pl_seaborn_aggregator(I, args[16], errorbar, args[18],
                                                         args[19], agg));
  fe_decref(I, errorbar);
  if (!read)
    return NULL;
  NdArray *x = NULL, *y = NULL;
  Obj *xname = NULL, *yname = NULL, *xv = NULL, *yv = NULL, *axes = NULL, *r = NULL;
  Row *pts = NULL;
  bool ok;
  PlState *st = pl_state(I);
  if (args[1] == &I->none && args[2] == &I->none && st->pd_frame &&
      args[0]->cls == st->pd_frame) {
    ok = (axes = pl_seaborn_axes(I, args[26])) &&
         wide_form(I, args[0], axes, sort == 1, agg, legend == 1, args[27]);
    r = ok ? axes : NULL;
    if (!ok)
      fe_decref(I, axes);
    return r;
  }
  if (args[1] == &I->none && args[2] == &I->none) {
    if (args[0] == &I->none || FE_ISA(I, args[0], dict))
      return unsupported(I, "wide-form data: a dict or no data");
    ok = vector_xy(I, args[0], &x, &y, &xname, &yname);
  } else if (args[1] == &I->none || args[2] == &I->none) {
    return unsupported(I, args[1] == &I->none ? "y= without x=" : "x= without y=");
  } else {
    ok = (xv = pl_seaborn_variable(I, args[0], args[1], &xname)) &&
         (yv = pl_seaborn_variable(I, args[0], args[2], &yname)) &&
         (x = pl_seaborn_floats(I, xv)) &&
         (y = pl_seaborn_floats(I, yv));
    if (ok && x->size != y->size) {
      fe_throw(I, EXC_ValueError, "x and y have %lld and %lld values", (long long)x->size,
               (long long)y->size);
      ok = false;
    }
  }
  int64_t n = 0;
  ok = ok && (pts = points(I, x, y, sort == 1, agg, &n)) &&
       (axes = pl_seaborn_axes(I, args[26])) && line_with_band(I, axes, pts, n, args[27], agg);
  ok = ok && pl_seaborn_name_axes(I, ((PlAxes *)axes)->ax, xname, yname) &&
       (!legend || pl_seaborn_legend(I, axes, NULL));
  if (ok)
    fe_incref(r = axes);
  else if (!I->exc_pending)
    fe_nomem(I);
  base_free(pts);
  nd_unref(x), nd_unref(y);
  fe_decref(I, xname), fe_decref(I, yname), fe_decref(I, xv), fe_decref(I, yv);
  fe_decref(I, axes);
  return r;
}
