/* seaborn_estimate.c — seaborn 0.12's EstimateAggregator: a group's estimate and its error
 * bar, as barplot (and the other statistical plots) compute them.
 *
 * The estimate is the values' mean, median or sum with missing values left out (pandas'
 * Series.agg), or their count ('size'). The error bar is ('ci', level): the percentile
 * interval of n_boot bootstrap estimates, each over a resample of the values drawn as seaborn
 * draws it (numpy's default_rng(seed).integers(0, n, n), a new generator for each group);
 * ('pi', level): the values' own percentile interval; ('sd', k) and ('se', k): k standard
 * deviations (errors) about the estimate; or none. A group of one value or none has none.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pylib.h"

static const char *const methods[] = {"", "ci", "pi", "sd", "se"};
static const double default_levels[] = {0, 95, 95, 1, 1};

/* The estimator: a name, or numpy's function of that name. */
static bool estimator_of(Interp *I, Obj *v, PlEstimator *out) {
  static const char *const names[] = {"mean", "median", "sum", "size"};
  Obj *np = FE_ISA(I, v, str) ? NULL : fe_import(I, "numpy");
  for (int k = 0; k < 4; k++) {
    Obj *f = np ? fe_getattr_str(I, np, names[k]) : NULL;
    bool same = np ? f == v : fe_str_is(v, names[k]);
    fe_decref(I, f);
    if (same) {
      fe_decref(I, np);
      return *out = (PlEstimator)k, true;
    }
  }
  fe_decref(I, np);
  return fe_throw(I, EXC_NotImplementedError, "estimator= takes 'mean', 'median', 'sum' or "
                  "'size' (or numpy's function of that name) in nnc"), false;
}

/* errorbar=: None, a method's name, or (name, level). */
static bool errorbar_of(Interp *I, Obj *v, PlAggregator *g) {
  g->method = PL_ERR_NONE;
  if (v == &I->none)
    return true;
  Obj *const *items = &v;
  int64_t n = 1;
  bool pair = FE_ISA(I, v, tuple) || FE_ISA(I, v, list);
  if ((!FE_ISA(I, v, str) && !pair) || (pair && (!fe_seq_items(I, v, &items, &n) || n != 2 ||
                                                 !FE_ISA(I, items[0], str))))
    return fe_throw(I, EXC_TypeError, "`errorbar` must be a callable, string, or (string, "
                    "number) tuple"), false;
  for (int k = PL_ERR_CI; k <= PL_ERR_SE; k++)
    if (fe_str_is(items[0], methods[k]))
      g->method = (PlErrorMethod)k;
  if (g->method == PL_ERR_NONE)
    return fe_throw(I, EXC_ValueError, "`errorbar` must be one of ['ci', 'pi', 'se', 'sd'], "
                    "but '%s' was passed.", FE_STR(items[0])->s), false;
  g->level = default_levels[g->method];
  return n == 1 || fe_as_double(I, items[1], &g->level) == 0;
}

bool pl_seaborn_aggregator(Interp *I, Obj *estimator, Obj *errorbar, Obj *n_boot, Obj *seed,
                           PlAggregator *g) {
  *g = (PlAggregator){0};
  if (!estimator_of(I, estimator, &g->estimator) || !errorbar_of(I, errorbar, g) ||
      fe_as_int(I, n_boot, &g->n_boot) < 0)
    return false;
  if (seed == &I->none)
    return true;
  int64_t s;
  if (!fe_is_int(I, seed) || fe_as_int(I, seed, &s) < 0 || s < 0)
    return I->exc_pending ? false : (fe_throw(I, EXC_NotImplementedError, "seed= takes a "
                                     "non-negative int or None in nnc"), false);
  g->seeded = true, g->seed = (uint64_t)s;
  return true;
}

/* ci= of before seaborn 0.12 stands for errorbar=None, 'sd' or ('ci', ci), with seaborn's
 * warning. */
Obj *pl_seaborn_errorbar_arg(Interp *I, Obj *errorbar, Obj *ci) {
  if (fe_str_is(ci, "deprecated")) {
    fe_incref(errorbar);
    return errorbar;
  }
  errorbar = ci == &I->none || fe_str_is(ci, "sd") ? (fe_incref(ci), ci) : NULL;
  if (!errorbar) {
    Obj *kind = fe_str_cstr(I, "ci");
    errorbar = kind ? fe_tuple_new(I, 2) : NULL;
    if (errorbar)
      FE_TUPLE(errorbar)->v[0] = kind, fe_incref(FE_TUPLE(errorbar)->v[1] = ci);
    else
      fe_decref(I, kind);
  }
  Obj *text = errorbar ? fe_repr(I, errorbar) : NULL;
  PlState *st = pl_state(I);
  if (text && !st->warnings_off && strcmp(st->said_ci, FE_STR(text)->s) != 0)
    fprintf(fe_err(I), "FutureWarning: The `ci` parameter is deprecated. Use `errorbar=%s` for "
            "the same effect.\n", FE_STR(text)->s);
  if (text)
    snprintf(st->said_ci, sizeof st->said_ci, "%s", FE_STR(text)->s);
  if (errorbar && !text)
    fe_setref(I, &errorbar, NULL);
  fe_decref(I, text);
  return errorbar;
}

/* A value of a full reduction; NaN when it failed. */
static double reduced(NdReduce op, const NdArray *a, int ddof) {
  NdReduceOpts o = {.ddof = ddof, .dtype = ND_NODTYPE};
  NdArray *r = nd_reduce(op, a, &o);
  double v = r ? ((double *)r->data)[0] : NAN;
  nd_unref(r);
  return v;
}

NdArray *pl_seaborn_present(const NdArray *v) {
  int64_t n = 0;
  for (int64_t i = 0; i < v->size; i++)
    n += !isnan(((double *)v->data)[i]);
  NdArray *kept = nd_empty(ND_FLOAT64, 1, &n);
  for (int64_t i = 0, k = 0; kept && i < v->size; i++)
    if (!isnan(((double *)v->data)[i]))
      ((double *)kept->data)[k++] = ((double *)v->data)[i];
  return kept;
}

/* The q-th percentile of v's present values (q < 0: their median, as np.median computes
 * it), NaN when there are none; false when out of memory. */
static bool percentile(const NdArray *v, double q, double *out) {
  NdArray *kept = pl_seaborn_present(v), *at = kept ? nd_scalar_f64(q) : NULL, *p = NULL;
  *out = NAN;
  if (at && kept->size > 0)
    p = q < 0 ? nd_median(kept, (NdAxes){0}, false) : nd_percentile(kept, at, (NdAxes){0}, false);
  if (p)
    *out = ((double *)p->data)[0];
  bool ok = at && (kept->size == 0 || p);
  nd_unref(p), nd_unref(kept), nd_unref(at);
  return ok;
}

/* The estimate of v (float64, NaN for missing), as pandas' agg and numpy's nan-functions
 * compute it: sums pairwise over the values with the missing ones as 0. */
static bool estimate(PlEstimator e, const NdArray *v, double *out) {
  if (e == PL_EST_SIZE)
    return *out = (double)v->size, true;
  if (e == PL_EST_MEDIAN)
    return percentile(v, -1, out);
  NdArray *zeroed = nd_copy(v);
  if (!zeroed)
    return false;
  int64_t present = 0;
  for (int64_t i = 0; i < v->size; i++) {
    double *x = &((double *)zeroed->data)[i];
    present += !isnan(*x);
    *x = isnan(*x) ? 0 : *x;
  }
  double sum = reduced(ND_SUM, zeroed, 0);
  nd_unref(zeroed);
  *out = e == PL_EST_SUM ? sum : present ? sum / (double)present : NAN;
  return true;
}

/* The bootstrap's estimates: n_boot resamples of v drawn with replacement. */
static NdArray *bootstrap(const PlAggregator *g, const NdArray *v) {
  int64_t n = v->size, nb = g->n_boot > 0 ? g->n_boot : 0;
  NdRandom *r = nd_random_new(g->seeded, g->seed);
  NdArray *boots = r ? nd_empty(ND_FLOAT64, 1, &nb) : NULL;
  NdArray *sample = boots ? nd_empty(ND_FLOAT64, 1, &n) : NULL;
  bool ok = sample != NULL;
  for (int64_t b = 0; ok && b < nb; b++) {
    NdArray *at = nd_random_integers(r, 0, n, 1, &n, ND_INT64);
    for (int64_t i = 0; at && i < n; i++)
      ((double *)sample->data)[i] = ((double *)v->data)[((int64_t *)at->data)[i]];
    ok = at && estimate(g->estimator, sample, &((double *)boots->data)[b]);
    nd_unref(at);
  }
  nd_unref(sample);
  if (r)
    nd_random_free(r);
  if (!ok)
    nd_unref(boots), boots = NULL;
  return boots;
}

bool pl_seaborn_aggregate(const PlAggregator *g, const NdArray *v, double out[3]) {
  out[1] = out[2] = NAN;
  if (!estimate(g->estimator, v, &out[0]))
    return false;
  if (g->method == PL_ERR_NONE || v->size <= 1)
    return true;
  if (g->method == PL_ERR_SD || g->method == PL_ERR_SE) {
    NdArray *kept = pl_seaborn_present(v);
    if (!kept)
      return false;
    double n = (double)kept->size, half = n > 1 ? reduced(ND_STD, kept, 1) * g->level : NAN;
    nd_unref(kept);
    half /= g->method == PL_ERR_SE ? sqrt(n) : 1;
    out[1] = out[0] - half, out[2] = out[0] + half;
    return true;
  }
  const NdArray *from = v;
  NdArray *boots = g->method == PL_ERR_CI ? bootstrap(g, v) : NULL;
  if (g->method == PL_ERR_CI && !(from = boots))
    return false;
  double edge = (100 - g->level) / 2;
  bool ok = percentile(from, edge, &out[1]) && percentile(from, 100 - edge, &out[2]);
  nd_unref(boots);
  return ok;
}
