/* seaborn.c — seaborn's heatmap, which tutorials draw a confusion matrix or df.corr() with,
 * and countplot, which shows how balanced the classes are, on pyplot's axes
 * (formats/chart.c) as seaborn 0.12 lays them out; histplot is seaborn_hist.c's, kdeplot
 * seaborn_kde.c's, lineplot seaborn_line.c's, scatterplot seaborn_scatter.c's, barplot
 * seaborn_bar.c's, boxplot seaborn_box.c's.
 *
 * heatmap: one cell per value between integer edges, the y axis downwards, ticks at the
 * cells' centres labelled with a frame's columns and index (else 0, 1, ...), no spines, each
 * value written in its cell (annot) in a colour that reads on it, and a colorbar. Masked
 * cells are left empty. countplot: a bar per category (numbers sorted, text in order of
 * appearance) in seaborn's desaturated colours, the categories named under them, "count".
 *
 * seaborn's themes (set, set_theme, set_style, set_context, set_palette, despine) are
 * accepted and change nothing: figures keep matplotlib's default style, said once.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pylib.h"

/* The values of v as float64, rows x cols (a 1-D array is one column); *ints when they are
 * integers (fmt='d' formats them). NULL with an exception. */
static NdArray *matrix_of(Interp *I, Obj *v, bool *ints) {
  NdArray *a = pl_array_arg(I, v), *f = a ? nd_astype(a, ND_FLOAT64) : NULL;
  if (a && !f)
    pl_nd_raise(I);
  if (ints)
    *ints = a && (nd_dtype_is_int(a->dtype) || a->dtype == ND_BOOL);
  nd_unref(a);
  if (f && f->ndim != 2 && f->ndim != 1) {
    fe_throw(I, EXC_ValueError, "Must pass 2-d input. shape=(%lld%s)", (long long)f->shape[0],
             f->ndim == 0 ? "" : ", ...");
    nd_unref(f);
    return NULL;
  }
  return f;
}

static int64_t rows_of(const NdArray *m) {
  return m->shape[0];
}
static int64_t cols_of(const NdArray *m) {
  return m->ndim == 2 ? m->shape[1] : 1;
}

/* Ticks of axis k at the centres of every `every`-th of n cells, labelled from labels (which
 * this takes); every 0: none. */
static void put_ticks(FmtAxes *ax, int k, int64_t n, int64_t every, char **labels) {
  int64_t m = every > 0 ? (n + every - 1) / every : 0;
  double *at = base_malloc((size_t)(m ? m : 1) * sizeof *at);
  char **text = base_calloc((size_t)(m ? m : 1), sizeof *text);
  for (int64_t i = 0; at && text && i < m; i++) {
    at[i] = (double)(i * every) + 0.5;
    text[i] = labels[i * every], labels[i * every] = NULL;
  }
  for (int64_t i = 0; i < n; i++)
    base_free(labels[i]);
  base_free(labels);
  for (int i = 0; ax->tick_text[k] && i < ax->ntick_at[k]; i++)
    base_free(ax->tick_text[k][i]);
  base_free(ax->tick_text[k]);
  base_free(ax->tick_at[k]);
  ax->tick_at[k] = at, ax->tick_text[k] = text;
  ax->ntick_at[k] = at && text ? (int)m : 0;
  ax->noticks[k] = ax->ntick_at[k] == 0;
}

/* str() of each label of a list, *n of them (owned); NULL raised. */
static char **labels_given(Interp *I, Obj *list, int64_t *n) {
  *n = fe_len(I, list);
  char **l = *n >= 0 ? base_calloc((size_t)(*n ? *n : 1), sizeof *l) : NULL;
  bool ok = l != NULL;
  for (int64_t i = 0; ok && i < *n; i++) {
    Obj *key = fe_int(I, i), *item = key ? fe_getitem(I, list, key) : NULL;
    Obj *s = item ? fe_str(I, item) : NULL;
    ok = s && (l[i] = base_strdup(FE_STR(s)->s)) != NULL;
    fe_decref(I, s), fe_decref(I, item), fe_decref(I, key);
  }
  if (!ok && !I->exc_pending)
    fe_nomem(I);
  for (int64_t i = 0; !ok && l && i < *n; i++)
    base_free(l[i]);
  if (!ok)
    base_free(l), l = NULL;
  return l;
}

/* The labels of a frame's columns (k 0) or index (k 1), else 0 .. n-1: n strs (owned). */
static char **labels_of(Interp *I, Obj *data, int k, int64_t n) {
  PlState *st = pl_state(I);
  bool frame = st->pd_frame && data->cls == st->pd_frame;
  Obj *names = frame ? fe_getattr_str(I, data, k ? "index" : "columns") : pl_range_list(I, n);
  int64_t m;
  char **l = names ? labels_given(I, names, &m) : NULL;
  fe_decref(I, names);
  return l;
}

/* seaborn's axis labels of a heatmap: the names of a frame's columns and index, else none
 * (what the axes had is replaced). */
static bool axis_labels(Interp *I, Obj *data, Obj *axes) {
  PlState *st = pl_state(I);
  bool frame = st->pd_frame && data->cls == st->pd_frame;
  Obj *x = frame ? pl_frame_columns_name(data) : NULL;
  Obj *y = frame ? pl_frame_index_name(data) : NULL;
  Obj *blank = fe_str_new(I, "", 0);
  bool ok = blank && pl_axes_set_text(I, axes, "set_xlabel", x ? x : blank) &&
            pl_axes_set_text(I, axes, "set_ylabel", y ? y : blank);
  fe_decref(I, blank);
  return ok;
}

/* xticklabels= / yticklabels=: "auto" (as many as fit without overlapping, seaborn's rule of
 * one per font height), True (all), False (none), an int n (every n-th), or the labels (one
 * tick each, from the first cell on, however many cells there are). */
static bool ticks_arg(Interp *I, Obj *arg, Obj *data, FmtAxes *ax, int k, int64_t n,
                      double inches) {
  int64_t every = 1;
  char **labels = NULL;
  if (fe_str_is(arg, "auto")) {
    int64_t most = (int64_t)(inches / (10.0 / 72));
    every = most < 1 ? 0 : n / most + 1;
  } else if (arg == &I->false_.hd) {
    every = 0;
  } else if (fe_is_int(I, arg) && arg != &I->true_.hd) {
    if (fe_as_int(I, arg, &every) < 0)
      return false;
  } else if (arg != &I->true_.hd) { /* as many ticks as labels, from the first cell on */
    if (!(labels = labels_given(I, arg, &n)))
      return false;
  }
  if (!labels && !(labels = labels_of(I, data, k, n)))
    return false;
  put_ticks(ax, k, n, every, labels);
  return true;
}

/* seaborn's relative_luminance: W3C's, of an sRGB colour. */
static double luminance(uint32_t c) {
  double w[3] = {0.2126, 0.7152, 0.0722}, lum = 0;
  for (int i = 0; i < 3; i++) {
    double v = ((c >> (16 - 8 * i)) & 255) / 255.0;
    lum += w[i] * (v <= 0.03928 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4));
  }
  return lum;
}

/* The text of one annotation: format(v, fmt), an int when the values are. */
static char *annotation(Interp *I, double v, bool ints, Obj *fmt) {
  Obj *x = ints ? fe_int(I, (int64_t)v) : fe_float(I, v);
  Obj *s = x ? fe_format(I, x, fmt) : NULL;
  char *r = s ? base_strdup(FE_STR(s)->s) : NULL;
  if (s && !r)
    fe_nomem(I);
  fe_decref(I, s), fe_decref(I, x);
  return r;
}

/* Each unmasked cell's value (or annot's) as a text at its centre, '.15' grey on light
 * cells and white on dark ones unless annot_kws gives a colour. */
static bool annotate(Interp *I, FmtAxes *ax, const FmtArtist *image, const NdArray *annot,
                     bool ints, Obj *fmt, Obj *kws) {
  Obj *color = kws ? fe_dict_getstr(I, kws, "color") : NULL;
  Obj *size = kws ? fe_dict_getstr(I, kws, "fontsize") : NULL;
  size = size ? size : kws ? fe_dict_getstr(I, kws, "size") : NULL;
  double pt = 10;
  if (size && fe_as_double(I, size, &pt) < 0)
    return false;
  const double *v = (const double *)annot->data;
  for (int64_t r = 0; r < image->rows; r++)
    for (int64_t c = 0; c < image->cols; c++) {
      double cell = image->x[r * image->cols + c];
      if (isnan(cell))
        continue;
      FmtArtist *t = fmt_axes_add(ax, FMT_TEXT, 1);
      if (!t)
        return fe_nomem(I), false;
      t->x[0] = (double)c + 0.5, t->y[0] = (double)r + 0.5, t->ha = 'c', t->va = 'c';
      t->size = pt;
      uint32_t under = fmt_cmap_color(image->cmap, cell, image->vmin, image->vmax);
      t->color = luminance(under) > 0.408 ? 0x262626 : 0xffffff;
      if (color && !pl_color(I, color, &t->color))
        return false;
      if (!(t->text = annotation(I, v[r * image->cols + c], ints, fmt)))
        return false;
    }
  return true;
}

/* The cells' colour scale: vmin and vmax, else the values' range. About center the scale
 * reaches as far on both sides and the colorbar shows only vmin .. vmax in bar[] (seaborn's
 * recentred colormap); else bar[] is left alone. */
static bool scale(Interp *I, Obj **args, const NdArray *m, double *lo, double *hi,
                  double bar[2]) {
  *lo = INFINITY, *hi = -INFINITY;
  const double *v = (const double *)m->data;
  for (int64_t i = 0; i < m->size; i++)
    if (!isnan(v[i]))
      *lo = fmin(*lo, v[i]), *hi = fmax(*hi, v[i]);
  if ((args[1] != &I->none && fe_as_double(I, args[1], lo) < 0) ||
      (args[2] != &I->none && fe_as_double(I, args[2], hi) < 0))
    return false;
  if (args[4] != &I->none) {
    double center;
    if (fe_as_double(I, args[4], &center) < 0)
      return false;
    double reach = fmax(*hi - center, center - *lo);
    bar[0] = *lo, bar[1] = *hi;
    *lo = center - reach, *hi = center + reach;
  }
  return true;
}

/* NaN in the cells mask= marks (a bool array or frame of the data's shape). */
static bool apply_mask(Interp *I, Obj *mask, NdArray *m) {
  if (mask == &I->none)
    return true;
  NdArray *k = matrix_of(I, mask, NULL);
  if (!k)
    return false;
  bool same = k->size == m->size;
  double *v = (double *)m->data;
  for (int64_t i = 0; same && i < m->size; i++)
    if (((const double *)k->data)[i] != 0)
      v[i] = NAN;
  nd_unref(k);
  if (!same)
    fe_throw(I, EXC_ValueError, "Mask must have the same shape as data.");
  return same;
}

Obj *pl_seaborn_axes(Interp *I, Obj *ax) {
  if (ax == &I->none)
    return pl_gca(I);
  if (!pl_is_axes(ax))
    return fe_throw(I, EXC_TypeError, "ax must be a matplotlib Axes");
  fe_incref(ax);
  return ax;
}

/* heatmap(data, *, vmin, vmax, cmap, center, robust, annot, fmt, annot_kws, linewidths,
 * linecolor, cbar, cbar_kws, cbar_ax, square, xticklabels, yticklabels, mask, ax, **kwargs) */
static Obj *s_heatmap(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (fe_truth(I, args[5]) == 1)
    return fe_throw(I, EXC_NotImplementedError, "heatmap(robust=True) is not supported by nnc "
                    "yet: give vmin and vmax");
  if (args[13] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "heatmap(cbar_ax=) is not supported by nnc yet");
  const char *cmap_name = args[3] == &I->none ? (args[4] == &I->none ? "rocket" : "icefire")
                          : FE_ISA(I, args[3], str) ? FE_STR(args[3])->s : NULL;
  int cmap = cmap_name ? fmt_cmap_find(cmap_name) : -1;
  if (cmap < 0)
    return fe_throw(I, EXC_NotImplementedError, "heatmap(cmap=%s%s%s) is not drawn by nnc yet: "
                    "give one of matplotlib's or seaborn's common colormaps by name",
                    cmap_name ? "'" : "", cmap_name ? cmap_name : "...", cmap_name ? "'" : "");
  bool ints;
  NdArray *m = matrix_of(I, args[0], &ints), *annot = NULL;
  Obj *axes = m ? pl_seaborn_axes(I, args[18]) : NULL;
  if (!axes) {
    nd_unref(m);
    return NULL;
  }
  FmtAxes *ax = ((PlAxes *)axes)->ax;
  FmtFigure *fig = ((PlFigure *)((PlAxes *)axes)->fig)->f;
  int64_t rows = rows_of(m), cols = cols_of(m);
  bool cbar = fe_truth(I, args[11]) == 1, ok = apply_mask(I, args[17], m);
  FmtArtist *image = ok ? fmt_axes_add(ax, FMT_IMAGE, m->size) : NULL;
  ok = ok && (image || (fe_nomem(I), false));
  double bar[2];
  ok = ok && scale(I, args, m, &image->vmin, &image->vmax, bar);
  if (ok && args[4] != &I->none)
    image->bar_part = true, image->bar_lo = bar[0], image->bar_hi = bar[1];
  if (ok) {
    memcpy(image->x, m->data, (size_t)m->size * sizeof(double));
    image->rows = rows, image->cols = cols, image->channels = 1, image->cmap = cmap;
    image->has_extent = true, image->aspect_auto = fe_truth(I, args[14]) != 1;
    double e[4] = {0, (double)cols, (double)rows, 0};
    memcpy(image->extent, e, sizeof e);
    /* seaborn sets the limits to the cells, y downwards, whatever the axes held before */
    double lim[2][2] = {{0, (double)cols}, {(double)rows, 0}};
    memcpy(ax->lim, lim, sizeof lim);
    ax->has_lim[0] = ax->has_lim[1] = true;
    ax->spineless = true;
    if (cbar)
      ax->colorbar = ax->n;
  }
  Obj *label = ok && args[12] != &I->none ? fe_dict_getstr(I, args[12], "label") : NULL;
  if (label && ok) {
    Obj *s = fe_str(I, label);
    ok = s && fmt_strdup(FE_STR(s)->s, &ax->cbar_label);
    fe_decref(I, s);
  }
  /* the axes' size in inches, as GridSpec and the colorbar leave it */
  const FmtSubplotParams *sp = &fig->sp;
  double w = fig->w * (sp->right - sp->left) / (ax->ncols + sp->wspace * (ax->ncols - 1)) *
             (cbar ? 0.8 : 1);
  double h = fig->h * (sp->top - sp->bottom) / (ax->nrows + sp->hspace * (ax->nrows - 1));
  ok = ok && ticks_arg(I, args[15], args[0], ax, 0, cols, w) &&
       ticks_arg(I, args[16], args[0], ax, 1, rows, h);
  ok = ok && axis_labels(I, args[0], axes);
  /* seaborn's labels: x level, y turned upright; each turned the other way if they overlap */
  double widest[2] = {0, 0};
  for (int k = 0; ok && k < 2; k++)
    for (int i = 0; i < ax->ntick_at[k]; i++)
      widest[k] = fmax(widest[k], fmt_text_width(ax->tick_text[k][i], 10));
  int64_t every[2] = {ax->ntick_at[0] > 1 ? (int64_t)(ax->tick_at[0][1] - ax->tick_at[0][0]) : 1,
                      ax->ntick_at[1] > 1 ? (int64_t)(ax->tick_at[1][1] - ax->tick_at[1][0]) : 1};
  ax->tick_rotation[0] = widest[0] > w * 100 / (double)cols * (double)every[0] ? 90 : 0;
  ax->tick_rotation[1] = widest[1] > h * 100 / (double)rows * (double)every[1] ? 0 : 90;
  if (ok && args[6] != &I->none && args[6] != &I->false_.hd) {
    bool annot_ints = ints;
    annot = FE_ISA(I, args[6], bool) ? nd_ref(m) : matrix_of(I, args[6], &annot_ints);
    ok = annot != NULL;
    if (ok && annot->size != m->size) {
      fe_throw(I, EXC_ValueError, "`data` and `annot` must have same shape.");
      ok = false;
    }
    if (ok && annot == m) /* the values as given, masked cells too (they are skipped) */
      annot_ints = ints;
    ok = ok && annotate(I, ax, image, annot, annot_ints, args[7],
                        args[8] == &I->none ? NULL : args[8]);
  }
  nd_unref(annot);
  nd_unref(m);
  if (!ok)
    fe_setref(I, &axes, NULL);
  return axes;
}

/* ---- what the plots share ---- */

NdArray *pl_seaborn_floats(Interp *I, Obj *v) {
  NdArray *a = pl_array_arg(I, v), *f = a ? nd_astype(a, ND_FLOAT64) : NULL;
  if (a && !f)
    pl_nd_raise(I);
  nd_unref(a);
  return f;
}

bool pl_seaborn_name_axes(Interp *I, FmtAxes *ax, Obj *xname, Obj *yname) {
  Obj *names[2] = {xname, yname};
  char **labels[2] = {&ax->xlabel, &ax->ylabel};
  bool ok = true;
  for (int k = 0; ok && k < 2; k++) {
    Obj *text = names[k] && names[k] != &I->none && !*labels[k] ? fe_str(I, names[k]) : NULL;
    ok = (!text && !I->exc_pending) || (text && fmt_strdup(FE_STR(text)->s, labels[k]));
    if (text && !ok)
      fe_nomem(I);
    fe_decref(I, text);
  }
  return ok;
}

bool pl_seaborn_legend(Interp *I, Obj *axes, Obj *title) {
  const FmtAxes *ax = ((PlAxes *)axes)->ax;
  bool labelled = false;
  for (int i = 0; i < ax->n; i++)
    labelled |= ax->a[i]->label && ax->a[i]->label[0] != '_';
  if (!labelled)
    return true;
  Obj *method = fe_getattr_str(I, axes, "legend"), *kw = fe_tuple_new(I, 1), *shown = NULL;
  if (method && kw && (FE_TUPLE(kw)->v[0] = fe_str_new(I, "title", 5)))
    shown = fe_call(I, method, title ? &title : (Obj *[]){&I->none}, 1, kw);
  fe_decref(I, kw), fe_decref(I, method);
  if (!shown && !I->exc_pending)
    fe_nomem(I);
  fe_decref(I, shown);
  return shown != NULL;
}

/* ---- countplot ---- */

Obj *pl_seaborn_variable(Interp *I, Obj *data, Obj *x, Obj **label) {
  *label = NULL;
  PlState *st = pl_state(I);
  if (x == &I->none && (data == &I->none || (st->pd_frame && data->cls == st->pd_frame)))
    return fe_throw(I, EXC_NotImplementedError, "a plot of wide-form data (%s) is not supported "
                    "by nnc yet: give x=", data == &I->none ? "no x and no data" : "a DataFrame");
  Obj *values = x == &I->none ? data : FE_ISA(I, x, str) ? fe_getitem(I, data, x) : x;
  if (!values)
    return NULL;
  if (values == data || values == x)
    fe_incref(values);
  if (FE_ISA(I, x, str))
    fe_incref(*label = x);
  else if (st->pd_series && values->cls == st->pd_series &&
           !(*label = fe_getattr_str(I, values, "name")))
    fe_setref(I, &values, NULL);
  return values;
}

double pl_seaborn_hue_offset(double width, int64_t n, int64_t j, bool dodge) {
  if (!dodge || n < 2)
    return 0;
  double step = (width - width / (double)n) / (double)(n - 1), sum = 0;
  for (int64_t k = 0; k < n; k++)   /* np.linspace's points, its last exactly the end */
    sum += k == n - 1 ? width - width / (double)n : (double)k * step;
  return (j == n - 1 ? width - width / (double)n : (double)j * step) - sum / (double)n;
}

bool pl_seaborn_categories(Interp *I, Obj *values, Obj *order, PlCategories *c) {
  c->keys = fe_list_new(I, 0), c->count = NULL;
  NdArray *a = c->keys ? pl_array_of(I, values, ND_NODTYPE, false) : NULL;
  bool numbers = a && (nd_dtype_is_int(a->dtype) || nd_dtype_is_float(a->dtype));
  Obj *items = NULL;
  if (numbers) {
    NdArray *f = nd_astype(a, ND_FLOAT64), *sorted = f ? nd_copy(f) : NULL;
    int64_t n = sorted ? sorted->size : 0;
    double *v = sorted ? (double *)sorted->data : NULL;
    if (v)
      qsort(v, (size_t)n, sizeof *v, pl_cmp_double);
    items = fe_list_new(I, 0);
    for (int64_t i = 0; items && i < n; i++) {
      if (isnan(v[i]) || (i > 0 && v[i] == v[i - 1]))
        continue;
      Obj *x = nd_dtype_is_int(a->dtype) ? fe_int(I, (int64_t)v[i]) : fe_float(I, v[i]);
      if (!x || fe_list_append(I, items, x) < 0)
        fe_setref(I, &items, NULL);
      fe_decref(I, x);
    }
    nd_unref(sorted), nd_unref(f);
  }
  nd_unref(a);   /* text is not an array: it is counted below as Python values */
  Obj *all = fe_list_from_iter(I, values);
  Obj *names = order != &I->none ? fe_list_from_iter(I, order) : items ? items : all;
  if (items && names != items)
    fe_decref(I, items), items = NULL;
  if (!all || !names) {
    fe_decref(I, all), fe_decref(I, names == all ? NULL : names);
    return false;
  }
  bool ok = true;
  for (int64_t i = 0; ok && i < FE_LIST(names)->n; i++) {
    Obj *s = fe_str(I, FE_LIST(names)->v[i]);
    int in = s ? fe_seq_contains(I, FE_LIST(c->keys)->v, FE_LIST(c->keys)->n, s) : -1;
    ok = in == 1 || (in == 0 && fe_list_append(I, c->keys, s) == 0);
    fe_decref(I, s);
  }
  int64_t k = FE_LIST(c->keys)->n;
  ok = ok && (c->count = base_calloc((size_t)(k ? k : 1), sizeof *c->count));
  for (int64_t i = 0; ok && i < FE_LIST(all)->n; i++) {
    Obj *s = fe_str(I, FE_LIST(all)->v[i]);
    for (int64_t j = 0; s && j < k; j++)
      if (fe_bytes_order(FE_STR(s)->s, FE_STR(s)->len, FE_STR(FE_LIST(c->keys)->v[j])->s,
                         FE_STR(FE_LIST(c->keys)->v[j])->len) == 0)
        c->count[j]++;
    ok = s != NULL;
    fe_decref(I, s);
  }
  fe_decref(I, all);
  if (names != all)
    fe_decref(I, names);
  return ok || (!I->exc_pending && (fe_nomem(I), false));
}

int64_t pl_seaborn_key_index(Interp *I, Obj *keys, Obj *v) {
  Obj *s = fe_str(I, v);
  int64_t r = s ? -1 : -2;
  for (int64_t j = 0; s && r == -1 && j < FE_LIST(keys)->n; j++)
    if (fe_bytes_order(FE_STR(s)->s, FE_STR(s)->len, FE_STR(FE_LIST(keys)->v[j])->s,
                       FE_STR(FE_LIST(keys)->v[j])->len) == 0)
      r = j;
  fe_decref(I, s);
  return r;
}

/* How many rows hold each pair of x's category i and the hue's level j: n[i * nh + j]
 * (owned); NULL raised. */
static double *pair_counts(Interp *I, Obj *x, const PlCategories *c, Obj *hue,
                           const PlCategories *h) {
  int64_t nx = FE_LIST(c->keys)->n, nh = FE_LIST(h->keys)->n;
  Obj *xs = fe_list_from_iter(I, x), *hs = xs ? fe_list_from_iter(I, hue) : NULL;
  double *n = hs ? base_calloc((size_t)(nx * nh + 1), sizeof *n) : NULL;
  bool ok = n != NULL;
  if (ok && FE_LIST(xs)->n != FE_LIST(hs)->n) {
    fe_throw(I, EXC_ValueError, "hue has %lld values for %lld rows", (long long)FE_LIST(hs)->n,
             (long long)FE_LIST(xs)->n);
    ok = false;
  }
  for (int64_t r = 0; ok && r < FE_LIST(xs)->n; r++) {
    int64_t i = pl_seaborn_key_index(I, c->keys, FE_LIST(xs)->v[r]);
    int64_t j = i >= -1 ? pl_seaborn_key_index(I, h->keys, FE_LIST(hs)->v[r]) : -2;
    ok = i >= -1 && j >= -1;
    if (i >= 0 && j >= 0)
      n[i * nh + j]++;
  }
  if (!ok && n && !I->exc_pending)
    fe_nomem(I);
  fe_decref(I, xs), fe_decref(I, hs);
  if (!ok)
    base_free(n), n = NULL;
  return n;
}

/* countplot(data=None, *, x=None, y=None, hue=None, order=None, hue_order=None, orient=None,
 * color=None, palette=None, saturation=0.75, width=0.8, dodge=True, ax=None, **kwargs):
 * a bar per category of x (a column of data, or the values), as seaborn 0.12 draws it; with
 * hue=, a set of bars per level (its levels as the categories are ordered, hue_order='s
 * else), side by side in the category's width unless dodge=False, each level in the next
 * desaturated colour and named in a legend titled with the hue's name. */
static Obj *s_countplot(Interp *I, Obj *self, Obj **args) {
  (void)self;
  static const char *const unsupported[] = {NULL, NULL, "y", NULL, NULL, NULL, "orient"};
  for (int i = 2; i < 7; i++)
    if (unsupported[i] && args[i] != &I->none)
      return fe_throw(I, EXC_NotImplementedError, "countplot(%s=...) is not supported by nnc "
                      "yet: give x= (and hue=)", unsupported[i]);
  if (args[1] == &I->none)
    return fe_throw(I, EXC_NotImplementedError, "countplot without x= (wide-form data) is not "
                    "supported by nnc yet: give x=");
  double width, saturation;
  int dodge = fe_truth(I, args[11]);
  if (fe_as_double(I, args[10], &width) < 0 || fe_as_double(I, args[9], &saturation) < 0 ||
      dodge < 0)
    return NULL;
  bool hue = args[3] != &I->none;
  Obj *label = NULL, *hue_label = NULL, *hue_values = NULL, *axes = NULL;
  Obj *values = pl_seaborn_variable(I, args[0], args[1], &label);
  PlCategories c = {NULL, NULL}, h = {NULL, NULL};
  double *pairs = NULL;
  bool ok = values && pl_seaborn_categories(I, values, args[4], &c);
  if (ok && hue)
    ok = (hue_values = pl_seaborn_variable(I, args[0], args[3], &hue_label)) &&
         pl_seaborn_categories(I, hue_values, args[5], &h) &&
         (pairs = pair_counts(I, values, &c, hue_values, &h));
  uint32_t *colors = ok ? pl_seaborn_level_colors(I, args[7], args[8], hue ? h.keys : c.keys,
                                                  hue, saturation, NULL) : NULL;
  axes = colors ? pl_seaborn_axes(I, args[12]) : NULL;
  FmtAxes *ax = axes ? ((PlAxes *)axes)->ax : NULL;
  int64_t k = ok ? FE_LIST(c.keys)->n : 0, nh = hue && ok ? FE_LIST(h.keys)->n : 1;
  double each = hue && dodge ? width / (double)nh : width;
  for (int64_t j = 0; ax && j < nh; j++) {
    FmtArtist *bars = fmt_axes_add(ax, FMT_BARS, k);
    ok = bars && (bars->fills = base_malloc((size_t)(k ? k : 1) * sizeof *bars->fills)) &&
         (!hue || fmt_strdup(FE_STR(FE_LIST(h.keys)->v[j])->s, &bars->label));
    double offset = hue ? pl_seaborn_hue_offset(width, nh, j, dodge) : 0;
    for (int64_t i = 0; ok && i < k; i++) {
      bars->x[i] = (double)i + offset, bars->w[i] = each;
      bars->y[i] = hue ? pairs[i * nh + j] : c.count[i];
      bars->fills[i] = colors[hue ? j : i];
    }
    if (!ok)
      break;
    bars->color = colors[hue ? j : 0];
  }
  if (ok && ax) {
    ax->has_lim[0] = true, ax->lim[0][0] = -0.5, ax->lim[0][1] = (double)k - 0.5;
    Obj *ticks[2] = {pl_range_list(I, k), c.keys};
    Obj *r = ticks[0] ? fe_call_method(I, axes, "set_xticks", ticks, 2) : NULL;
    ok = r != NULL;
    fe_decref(I, r), fe_decref(I, ticks[0]);
  }
  Obj *text = ok && ax && label && label != &I->none ? fe_str(I, label) : NULL;
  ok = ok && ax && (!text || fmt_strdup(FE_STR(text)->s, &ax->xlabel)) &&
       fmt_strdup("count", &ax->ylabel) && (!hue || pl_seaborn_legend(I, axes, hue_label));
  fe_decref(I, text);
  if (!ok && !I->exc_pending)
    fe_nomem(I);
  fe_decref(I, c.keys), base_free(c.count), fe_decref(I, h.keys), base_free(h.count);
  base_free(pairs), base_free(colors), fe_decref(I, label), fe_decref(I, values);
  fe_decref(I, hue_label);
  fe_decref(I, hue_values);
  if (!ok)
    fe_setref(I, &axes, NULL);
  return axes;
}

#define HEATMAP_SIG                                                                          \
  "(data, *, vmin=None, vmax=None, cmap=None, center=None, robust=False, annot=None, "      \
  "fmt='.2g', annot_kws=None, linewidths=0, linecolor='white', cbar=True, cbar_kws=None, "  \
  "cbar_ax=None, square=False, xticklabels='auto', yticklabels='auto', mask=None, ax=None, " \
  "**kwargs)"

static const FeFnDef fns[] = {
    {"heatmap", s_heatmap, HEATMAP_SIG, "matplotlib.pyplot.Axes", NULL},
    {"boxplot", pl_seaborn_boxplot, "(data=None, *, x=None, y=None, hue=None, order=None, "
     "hue_order=None, orient=None, color=None, palette=None, saturation=0.75, width=0.8, "
     "dodge=True, fliersize=5, linewidth=None, whis=1.5, ax=None, **kwargs)",
     "matplotlib.pyplot.Axes", NULL},
    {"barplot", pl_seaborn_barplot, "(data=None, *, x=None, y=None, hue=None, order=None, "
     "hue_order=None, estimator='mean', errorbar=('ci', 95), n_boot=1000, units=None, "
     "seed=None, orient=None, color=None, palette=None, saturation=0.75, width=0.8, "
     "errcolor='.26', errwidth=None, capsize=None, dodge=True, ci='deprecated', ax=None, "
     "**kwargs)", "matplotlib.pyplot.Axes", NULL},
    {"countplot", s_countplot, "(data=None, *, x=None, y=None, hue=None, order=None, "
     "hue_order=None, orient=None, color=None, palette=None, saturation=0.75, width=0.8, "
     "dodge=True, ax=None, **kwargs)", "matplotlib.pyplot.Axes", NULL},
    {"histplot", pl_seaborn_histplot, "(data=None, *, x=None, y=None, hue=None, weights=None, "
     "stat='count', bins='auto', binwidth=None, binrange=None, discrete=None, cumulative=False, "
     "common_bins=True, common_norm=True, multiple='layer', element='bars', fill=True, shrink=1, "
     "kde=False, kde_kws=None, line_kws=None, thresh=0, pthresh=None, pmax=None, cbar=False, "
     "cbar_ax=None, cbar_kws=None, palette=None, hue_order=None, hue_norm=None, color=None, "
     "log_scale=None, legend=True, ax=None, **kwargs)", "matplotlib.pyplot.Axes", NULL},
    {"kdeplot", pl_seaborn_kdeplot, "(data=None, *, x=None, y=None, hue=None, weights=None, "
     "palette=None, hue_order=None, hue_norm=None, color=None, fill=None, multiple='layer', "
     "common_norm=True, common_grid=False, cumulative=False, bw_method='scott', bw_adjust=1, "
     "warn_singular=True, log_scale=None, levels=10, thresh=0.05, gridsize=200, cut=3, "
     "clip=None, legend=True, cbar=False, cbar_ax=None, cbar_kws=None, ax=None, **kwargs)",
     "matplotlib.pyplot.Axes", NULL},
    {"lineplot", pl_seaborn_lineplot, "(data=None, *, x=None, y=None, hue=None, size=None, "
     "style=None, units=None, palette=None, hue_order=None, hue_norm=None, sizes=None, "
     "size_order=None, size_norm=None, dashes=True, markers=None, style_order=None, "
     "estimator='mean', errorbar=('ci', 95), n_boot=1000, seed=None, orient='x', sort=True, "
     "err_style='band', err_kws=None, legend='auto', ci='deprecated', ax=None, **kwargs)",
     "matplotlib.pyplot.Axes", NULL},
    {"scatterplot", pl_seaborn_scatterplot, "(data=None, *, x=None, y=None, hue=None, "
     "size=None, style=None, palette=None, hue_order=None, hue_norm=None, sizes=None, "
     "size_order=None, size_norm=None, markers=True, style_order=None, legend='auto', ax=None, "
     "**kwargs)", "matplotlib.pyplot.Axes", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* seaborn 0.12's other public functions: refused by name. */
static const char seaborn_lacks[] =
    "JointGrid blend_palette boxenplot catplot "
    "clustermap crayon_palette cubehelix_palette dark_palette "
    "displot distplot diverging_palette ecdfplot jointplot light_palette "
    "lmplot load_dataset move_legend mpl_palette "
    "pointplot regplot relplot residplot rugplot "
    "stripplot swarmplot violinplot xkcd_palette";

const FeModuleDef pl_seaborn_def = {.name = "seaborn", .fns = fns, .lacks = seaborn_lacks};
