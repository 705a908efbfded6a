/* seaborn_line.c — seaborn's lineplot of y against x, as seaborn 0.12 draws it: tutorials
 * draw their learning curves with it, one call per curve with a label.
 *
 * Rows where x or y is missing are left out; the rest are sorted by x (then y). When an x
 * repeats, the line goes through the mean of its ys (estimator='mean'); seaborn's bootstrapped
 * confidence band around it is not drawn (said once). The line is the Axes' plot with the
 * keywords given (color, label, linewidth, ...), so it takes the cycle's next colour; the
 * axes are named by x and y, and a legend is made when some artist has a label. A Series or
 * a list as data is y against its index; a DataFrame as data alone is seaborn's wide form,
 * a line per number column (wide_form).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pylib.h"

typedef struct {
  double x, y;
  int64_t at;    /* the row's place, for a stable order */
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

/* The rows with both values, sorted when `sort`, as the line's points: one per x, the mean
 * of its ys when `mean` and the x repeats. *n: how many; *repeats: some x repeated. */
static Row *points(Interp *I, const NdArray *x, const NdArray *y, bool sort, bool mean,
                   int64_t *n, bool *repeats) {
  Row *r = base_malloc(sizeof *r * (size_t)(x->size + 1));
  if (!r)
    return fe_nomem(I), NULL;
  int64_t m = 0;
  for (int64_t i = 0; i < x->size; i++) {
    double a = ((double *)x->data)[i], b = ((double *)y->data)[i];
    if (a == a && b == b)
      r[m] = (Row){a, b, i}, m++;
  }
  if (sort)
    qsort(r, (size_t)m, sizeof *r, by_x_then_y);
  *repeats = false;
  int64_t k = 0;
  for (int64_t i = 0; i < m; i++) {
    int64_t same = -1; /* an earlier point of the same x */
    for (int64_t j = sort ? (k > 0 ? k - 1 : 0) : 0; mean && j < k && same < 0; j++)
      if (r[j].x == r[i].x)
        same = j;
    if (same < 0) {
      r[k] = r[i], r[k].at = 1, k++;
      continue;
    }
    *repeats = true; /* the group's sum and count, then their mean */
    r[same].at++;
    r[same].y += r[i].y;
  }
  for (int64_t i = 0; mean && i < k; i++)
    r[i].y /= (double)r[i].at;
  *n = mean ? k : m;
  return r;
}

/* ax.plot(xs, ys, **kwargs): the line as pyplot draws it, keywords and all. */
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
  Dict *d = kwargs && kwargs != &I->none ? FE_DICT(kwargs) : NULL;
  int64_t nkw = d ? d->count : 0, k = 0;
  Obj **args = base_malloc(sizeof *args * (size_t)(2 + nkw));
  Obj *names = fe_tuple_new(I, nkw), *method = fe_getattr_str(I, axes, "plot"), *line = NULL;
  if (xo && yo && args && names && method) {
    args[k++] = xo, args[k++] = yo;
    for (int64_t i = 0; d && i < d->ne; i++)
      if (d->e[i].key) {
        fe_incref(FE_TUPLE(names)->v[k - 2] = d->e[i].key);
        args[k++] = d->e[i].value;
      }
    line = fe_call(I, method, args, (int)k, nkw ? names : NULL);
  } else if (!I->exc_pending) {
    fe_nomem(I);
  }
  bool ok = line != NULL;
  fe_decref(I, line), fe_decref(I, method), fe_decref(I, names), fe_decref(I, xo);
  fe_decref(I, yo);
  base_free(args);
  return ok;
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
static bool wide_form(Interp *I, Obj *frame, Obj *axes, bool sort, bool mean, bool legend,
                      Obj *kwargs) {
  Obj *names = fe_getattr_str(I, frame, "columns"), *const *v;
  int64_t n, m = 0;
  bool ok = names && fe_seq_items(I, names, &v, &n);
  Obj **shown = ok ? base_calloc((size_t)(n ? n : 1), sizeof *shown) : NULL;
  ok = ok && (shown || (fe_nomem(I), false));
  for (int64_t j = 0; ok && j < n; j++) {
    Obj *col = fe_getitem(I, frame, v[j]), *xname = NULL, *yname = NULL;
    NdArray *x = NULL, *y = NULL;
    ok = col != NULL;
    Obj *values = ok ? pl_series_column(col) : NULL;
    bool text = values && pl_col_is_text(I, values);
    fe_decref(I, values);
    Row *pts = NULL;
    int64_t k = 0;
    bool repeats;
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
           (pts = points(I, x, y, sort, mean, &k, &repeats)) &&
           (kw = line_keywords(I, kwargs, fmt_tab10((int)m), dashes, nd, NULL)) &&
           plot(I, axes, pts, k, kw);
      shown[m++] = v[j];
    }
    base_free(pts);
    nd_unref(x), nd_unref(y);
    fe_decref(I, col), fe_decref(I, xname), fe_decref(I, yname), fe_decref(I, kw);
  }
  for (int64_t j = 0; ok && legend && j < m; j++) {
    double dashes[16];
    int nd = style_dashes(j, dashes);
    Obj *kw = line_keywords(I, NULL, fmt_tab10((int)j), dashes, nd, shown[j]);
    ok = kw && plot(I, axes, NULL, 0, kw);
    fe_decref(I, kw);
  }
  base_free(shown);
  fe_decref(I, names);
  return ok && (!legend || pl_seaborn_legend(I, axes, NULL));
}

static Obj *unsupported(Interp *I, const char *what) {
  return fe_throw(I, EXC_NotImplementedError, "lineplot(%s) is not supported by nnc yet: give "
                  "x= and y= (columns of data=, or values), estimator, sort, legend, ax and "
                  "the line's keywords", what);
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
  bool mean = fe_str_is(args[16], "mean");
  if (!mean && args[16] != &I->none)
    return unsupported(I, "estimator= other than 'mean' or None");
  int sort = fe_truth(I, args[21]), legend = fe_truth(I, args[24]);
  if (sort < 0 || legend < 0)
    return NULL;
  NdArray *x = NULL, *y = NULL;
  Obj *xname = NULL, *yname = NULL, *xv = NULL, *yv = NULL, *axes = NULL, *r = NULL;
  Row *pts = NULL;
  bool ok;
  PlState *st = pl_state(I);
  if (args[1] == &I->none && args[2] == &I->none && st->pd_frame &&
      args[0]->cls == st->pd_frame) {
    ok = (axes = pl_seaborn_axes(I, args[26])) &&
         wide_form(I, args[0], axes, sort == 1, mean, legend == 1, args[27]);
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
  bool repeats = false;
  ok = ok && (pts = points(I, x, y, sort == 1, mean, &n, &repeats)) &&
       (axes = pl_seaborn_axes(I, args[26])) && plot(I, axes, pts, n, args[27]);
  if (ok && repeats && fe_truth(I, args[17]) == 1 && !st->warned_seaborn_band && !st->warnings_off)
    fprintf(stderr, "nnc: lineplot's confidence band around the mean of repeated x values is "
            "not drawn by nnc\n");
  st->warned_seaborn_band |= ok && repeats;
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
