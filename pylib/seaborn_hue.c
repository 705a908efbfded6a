/* seaborn_hue.c — how seaborn 0.12 colours a plot by a hue variable (its HueMapping).
 *
 * The levels: hue_order's, else the sorted booleans or 0s and 1s, else text in order of
 * appearance (categorical_order), each coloured from matplotlib's cycle in turn; or, for a
 * hue of other numbers, their sorted distinct values coloured through seaborn's default
 * cubehelix colormap over their range. At most ten categories (more take seaborn's husl
 * colours) and six numbers (more make seaborn's brief legend): the rest is refused.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pylib.h"

/* seaborn's colormap for a hue of numbers ("ch:", cubehelix_palette(as_cmap=True)) at t in
 * [0, 1]: a table of 256 colours from light (.85) to dark (.15) of matplotlib's cubehelix
 * (start 0, rotation .4, gamma 1, hue .8), each itself read from that colormap's 256-entry
 * table, as matplotlib reads colormaps (entry int(t * 256), the last for t = 1). */
static uint32_t seaborn_cubehelix(double t) {
  static const double p[3][2] = {{-0.14861, 1.78277}, {-0.29227, -0.90649}, {1.97294, 0.0}};
  int i = t >= 1 ? 255 : t <= 0 ? 0 : (int)(t * 256);
  double x = 0.85 + (0.15 - 0.85) * i / 255.0;
  double v = (x >= 1 ? 255 : (int)(x * 256)) / 255.0;
  double a = 0.8 * v * (1 - v) / 2, phi = 2 * 3.14159265358979323846 * (0.4 * v);
  uint32_t rgb = 0;
  for (int k = 0; k < 3; k++) {
    double c = fmin(1, fmax(0, v + a * (p[k][0] * cos(phi) + p[k][1] * sin(phi))));
    rgb = rgb << 8 | (uint32_t)nearbyint(c * 255); /* to_hex rounds half to even */
  }
  return rgb;
}

enum { FULL_LEGEND = 6 }; /* numeric levels a legend shows in full (seaborn's brief_ticks) */

/* A hue of numbers: its sorted distinct values, coloured through seaborn_cubehelix over
 * their range; each named as numpy prints a scalar of the column's type. */
static bool numeric_levels(Interp *I, NdArray *a, PlHue *h) {
  NdArray *f = nd_astype(a, ND_FLOAT64);
  int64_t n = f ? f->size : 0, k = 0;
  double *v = base_malloc(sizeof *v * (size_t)(n + 1));
  h->of = base_malloc(sizeof *h->of * (size_t)(n + 1));
  if (!f || !v || !h->of) {
    nd_unref(f), base_free(v);
    return f ? (fe_nomem(I), false) : (pl_nd_raise(I), false);
  }
  const double *d = (const double *)f->data;
  for (int64_t i = 0; i < n; i++)
    if (d[i] == d[i])
      v[k++] = d[i];
  qsort(v, (size_t)k, sizeof *v, pl_cmp_double);
  int64_t m = 0;
  for (int64_t i = 0; i < k; i++)
    if (m == 0 || v[i] != v[m - 1])
      v[m++] = v[i];
  bool ok = m <= FULL_LEGEND;
  if (!ok)
    fe_throw(I, EXC_NotImplementedError, "hue= of %lld distinct numbers takes "
             "seaborn's brief legend, not supported by nnc yet (%d at most)", (long long)m,
             FULL_LEGEND);
  ok = ok && (h->levels = fe_list_new(I, 0)) &&
       (h->colors = base_malloc(sizeof *h->colors * (size_t)(m + 1)));
  for (int64_t j = 0; ok && j < m; j++) {
    Obj *num = nd_dtype_is_int(a->dtype) ? fe_int(I, (int64_t)v[j]) : fe_float(I, v[j]);
    Obj *s = num ? fe_str(I, num) : NULL;
    ok = s && fe_list_append(I, h->levels, s) == 0;
    fe_decref(I, s), fe_decref(I, num);
    h->colors[j] = seaborn_cubehelix(m > 1 ? (v[j] - v[0]) / (v[m - 1] - v[0]) : 0);
  }
  for (int64_t i = 0; ok && i < n; i++) {
    h->of[i] = -1;
    for (int64_t j = 0; j < m && h->of[i] < 0; j++)
      if (d[i] == v[j])
        h->of[i] = j;
  }
  nd_unref(f), base_free(v);
  return ok || (!I->exc_pending && (fe_nomem(I), false));
}

/* A hue of categories (all, a list of its values): the levels (hue_order's, else sorted
 * booleans or 0s and 1s when `binary`, else in order of appearance, as seaborn's
 * categorical_order), each coloured from the cycle. */
static bool categorical_levels(Interp *I, Obj *all, Obj *order, bool binary, int64_t nrows,
                               PlHue *h) {
  Obj *sorted = NULL;
  bool booleans = true;
  for (int64_t i = 0; i < FE_LIST(all)->n; i++)
    booleans &= FE_ISA(I, FE_LIST(all)->v[i], bool) || pl_is_nan(I, FE_LIST(all)->v[i]);
  if (order == &I->none && (booleans || binary))
    sorted = fe_list_new(I, 0);
  for (int b = 0; sorted && b < 2; b++) /* the first 0 (False), then the first 1 (True) */
    for (int64_t i = 0; i < FE_LIST(all)->n; i++) {
      Obj *v = FE_LIST(all)->v[i];
      if (!pl_is_nan(I, v) && fe_truth(I, v) == b) {
        if (fe_list_append(I, sorted, v) < 0)
          fe_setref(I, &sorted, NULL);
        break;
      }
    }
  Obj *names = order != &I->none ? fe_list_from_iter(I, order) : sorted ? sorted : all;
  h->levels = fe_list_new(I, 0);
  h->of = base_malloc(sizeof *h->of * (size_t)(nrows + 1));
  bool ok = names && h->levels && h->of && FE_LIST(all)->n == nrows;
  for (int64_t i = 0; ok && i < FE_LIST(names)->n; i++) {
    Obj *v = FE_LIST(names)->v[i], *s = pl_is_nan(I, v) ? NULL : fe_str(I, v);
    int in = s ? fe_seq_contains(I, FE_LIST(h->levels)->v, FE_LIST(h->levels)->n, s) : 1;
    ok = in == 1 || (in == 0 && fe_list_append(I, h->levels, s) == 0);
    fe_decref(I, s);
  }
  for (int64_t i = 0; ok && i < nrows; i++) {
    Obj *v = FE_LIST(all)->v[i], *s = pl_is_nan(I, v) ? NULL : fe_str(I, v);
    h->of[i] = -1;
    for (int64_t j = 0; s && j < FE_LIST(h->levels)->n && h->of[i] < 0; j++)
      if (strcmp(FE_STR(s)->s, FE_STR(FE_LIST(h->levels)->v[j])->s) == 0)
        h->of[i] = j;
    fe_decref(I, s);
  }
  uint32_t cycle[FMT_MAX_CYCLE];   /* the current palette: the colour cycle */
  int ncycle = ok ? pl_rc_cycle(I, cycle) : 0;
  ok = ok && ncycle > 0;
  if (ok && FE_LIST(h->levels)->n > ncycle) {
    fe_throw(I, EXC_NotImplementedError, "hue= of %lld levels takes seaborn's "
             "husl colours, not supported by nnc yet (%d at most: the colour cycle's)",
             (long long)FE_LIST(h->levels)->n, ncycle);
    ok = false;
  }
  ok = ok && (h->colors = base_malloc(sizeof *h->colors * (size_t)(FE_LIST(h->levels)->n + 1)));
  for (int64_t j = 0; ok && j < FE_LIST(h->levels)->n; j++)
    h->colors[j] = cycle[j];
  if (!ok && !I->exc_pending && names && FE_LIST(all)->n != nrows)
    fe_throw(I, EXC_ValueError, "hue has %lld values for %lld rows", (long long)FE_LIST(all)->n,
             (long long)nrows);
  else if (!ok && !I->exc_pending)
    fe_nomem(I);
  if (names != all && names != sorted)
    fe_decref(I, names);
  fe_decref(I, sorted);
  return ok;
}

bool pl_seaborn_hue(Interp *I, Obj *values, Obj *order, int64_t nrows, PlHue *h) {
  Obj *all = fe_list_from_iter(I, values);
  NdArray *a = all ? pl_array_of(I, all, ND_NODTYPE, false) : NULL;
  bool numbers = a && (nd_dtype_is_int(a->dtype) || nd_dtype_is_float(a->dtype));
  bool binary = numbers; /* only 0s and 1s: seaborn takes them as categories */
  NdArray *f = numbers ? nd_astype(a, ND_FLOAT64) : NULL;
  for (int64_t i = 0; f && i < f->size; i++) {
    double v = ((double *)f->data)[i];
    binary &= v == 0 || v == 1 || v != v;
  }
  nd_unref(f);
  bool ok;
  if (numbers && !binary) {
    ok = a->size == nrows && numeric_levels(I, a, h);
    if (a->size != nrows)
      fe_throw(I, EXC_ValueError, "hue has %lld values for %lld rows", (long long)a->size,
               (long long)nrows);
  } else {
    ok = all && categorical_levels(I, all, order, binary, nrows, h);
  }
  nd_unref(a), fe_decref(I, all);
  return ok;
}

void pl_seaborn_hue_free(Interp *I, PlHue *h) {
  fe_decref(I, h->levels), base_free(h->colors), base_free(h->of);
  *h = (PlHue){NULL, NULL, NULL};
}

bool pl_seaborn_hue_legend(Interp *I, Obj *axes, const PlHue *h, FmtArtistKind kind,
                           double alpha, Obj *title) {
  FmtAxes *ax = ((PlAxes *)axes)->ax;
  for (int64_t j = 0; j < FE_LIST(h->levels)->n; j++) {
    FmtArtist *handle = fmt_axes_add(ax, kind, 0);
    if (!handle || !fmt_strdup(FE_STR(FE_LIST(h->levels)->v[j])->s, &handle->label))
      return fe_nomem(I), false;
    handle->legend_only = true, handle->color = h->colors[j], handle->alpha = alpha;
    handle->lw = 1.5;
  }
  return pl_seaborn_legend(I, axes, title);
}
