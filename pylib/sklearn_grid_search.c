/* sklearn_grid_search.c — sklearn.model_selection.GridSearchCV, the hyperparameter search
 * tutorials run over a KerasClassifier's batch_size, epochs, optimizer and model__ arguments,
 * as scikit-learn 1.2 runs it without n_jobs: every combination of the grid (ParameterGrid's
 * order: keys sorted, the last varying fastest; a list of grids one after another) is
 * cross-validated on the same folds (cv as cross_val_score takes it), a clone of the
 * estimator with the combination's parameters fitted per fold and scored; cv_results_ holds
 * scikit-learn's columns (times, params, each split's score, mean, std and rank), best_ the
 * first of the best mean, and with refit the best combination is fitted on all the data as
 * best_estimator_, which predict, predict_proba and score use. A fit's error is raised (as
 * error_score='raise'). */
#include <math.h>
#include <string.h>

#include "pylib.h"

/* The grid's combinations, a new list of dicts: ParameterGrid(param_grid). */
static Obj *combinations(Interp *I, Obj *grid) {
  Obj *grids = FE_ISA(I, grid, dict) ? fe_tuple_pack(I, 1, grid) : (fe_incref(grid), grid);
  Obj *all = grids ? fe_list_new(I, 0) : NULL, *it = all ? fe_iter(I, grids) : NULL, *g;
  while (it && (g = fe_next(I, it))) {
    Obj *keys = FE_ISA(I, g, dict) ? fe_dict_keys_list(I, g) : NULL;
    if (!FE_ISA(I, g, dict))
      fe_throw(I, EXC_TypeError, "Parameter grid is not a dict (%s)", pl_repr_text(I, g));
    int64_t n = keys && fe_list_sort(I, keys, NULL, false) == 0 ? FE_LIST(keys)->n : -1;
    Obj *lists[32];
    int64_t len[32], at[32] = {0}, total = 1;
    if (n > 32)
      fe_throw(I, EXC_NotImplementedError, "GridSearchCV: more than 32 parameters in a grid "
               "are not supported by nnc yet"), n = -1;
    for (int64_t i = 0; i < n; i++) {
      Obj *v = fe_dict_get(I, g, FE_LIST(keys)->v[i], &(int){0});
      bool seq = FE_ISA(I, v, list) || FE_ISA(I, v, tuple) || pl_is_array(v);
      if (!seq) {
        char key[128]; /* pl_repr_text's text lasts until its next call */
        snprintf(key, sizeof key, "%s", pl_repr_text(I, FE_LIST(keys)->v[i]));
        fe_throw(I, EXC_TypeError, "Parameter grid for parameter %s needs to be a list or a "
                 "numpy array, but got %s (of type %s) instead. Single values need to be "
                 "wrapped in a list with one element.", key, pl_repr_text(I, v), fe_typename(v));
        n = i;
        break;
      }
      lists[i] = FE_ISA(I, v, list) ? (fe_incref(v), v) : fe_list_from_iter(I, v);
      len[i] = lists[i] ? FE_LIST(lists[i])->n : 0;
      total *= len[i];
      if (lists[i] && !len[i]) {
        char key[128];
        snprintf(key, sizeof key, "%s", pl_repr_text(I, FE_LIST(keys)->v[i]));
        fe_throw(I, EXC_ValueError, "Parameter grid for parameter %s need to be a non-empty "
                 "sequence, got: %s", key, pl_repr_text(I, v));
        fe_setref(I, &lists[i], NULL);
      }
      if (!lists[i])
        n = i;
    }
    for (int64_t c = 0; !I->exc_pending && c < total; c++) {
      Obj *combo = fe_dict_new(I);
      for (int64_t i = 0; combo && i < n; i++)
        if (fe_dict_set(I, combo, FE_LIST(keys)->v[i], FE_LIST(lists[i])->v[at[i]]) < 0)
          fe_setref(I, &combo, NULL);
      if (!combo || fe_list_append(I, all, combo) < 0)
        fe_setref(I, &it, NULL);
      fe_decref(I, combo);
      for (int64_t i = n - 1; i >= 0 && ++at[i] == len[i]; i--) /* the last key fastest */
        at[i] = 0;
    }
    for (int64_t i = 0; i < n; i++)
      fe_decref(I, lists[i]);
    fe_decref(I, keys), fe_decref(I, g);
    if (I->exc_pending)
      fe_setref(I, &it, NULL);
  }
  if (!it || I->exc_pending)
    fe_setref(I, &all, NULL);
  fe_decref(I, grids), fe_decref(I, it);
  return all;
}

/* A clone of est with the combination's parameters set. */
static Obj *configured(Interp *I, Obj *est, Obj *combo) {
  Obj *c = pl_clone(I, est), *k, *v;
  for (int64_t pos = 0; c && fe_dict_next(combo, &pos, &k, &v);)
    if (!pl_set_param(I, c, k, v))
      fe_setref(I, &c, NULL);
  return c;
}

static double mean_of(const double *v, int64_t n) {
  double s = 0;
  for (int64_t i = 0; i < n; i++)
    s += v[i];
  return s / (double)n;
}

static double std_of(const double *v, int64_t n) {
  double m = mean_of(v, n), s = 0;
  for (int64_t i = 0; i < n; i++)
    s += (v[i] - m) * (v[i] - m);
  return sqrt(s / (double)n);
}

/* results[key] = a float64 array of the n values v. */
static bool put_column(Interp *I, Obj *results, const char *key, const double *v, int64_t n) {
  NdArray *a = nd_empty(ND_FLOAT64, 1, &n);
  if (a)
    memcpy(a->data, v, (size_t)n * sizeof *v);
  Obj *o = pl_array_wrap(I, a);
  bool ok = o && fe_dict_setstr(I, results, key, o) == 0;
  fe_decref(I, o);
  return ok;
}

/* The search's scores: score[c * k + s] for combination c and split s, and the times. */
typedef struct {
  int64_t ncombos, nsplits;
  double *score, *fit_time, *score_time;
} Search;

/* Fits and scores every combination on every fold. */
static bool search(Interp *I, Obj *self, Obj *combos, Obj *folds, Obj *x, Obj *y, Obj *fit_params,
                   Search *s) {
  Obj *est = fe_getattr_str(I, self, "estimator");
  Obj *scoring = est ? fe_getattr_str(I, self, "scoring") : NULL;
  bool ok = scoring && pl_cv_valid_scoring(I, scoring);
  for (int64_t c = 0; ok && c < s->ncombos; c++) {
    Obj *base = configured(I, est, FE_LIST(combos)->v[c]);
    ok = base != NULL;
    for (int64_t f = 0; ok && f < s->nsplits; f++) {
      Obj *const *fold = FE_TUPLE(FE_LIST(folds)->v[f])->v;
      int64_t at = c * s->nsplits + f;
      double t0 = base_seconds();
      Obj *m = pl_cv_fit(I, base, x, y, fold[0], fit_params);
      double t1 = base_seconds();
      Obj *xs = m ? fe_getitem(I, x, fold[1]) : NULL, *ys = xs ? fe_getitem(I, y, fold[1]) : NULL;
      ok = ys && pl_cv_score(I, m, scoring, xs, ys, &s->score[at]);
      s->fit_time[at] = t1 - t0;
      s->score_time[at] = base_seconds() - t1;
      fe_decref(I, m), fe_decref(I, xs), fe_decref(I, ys);
    }
    fe_decref(I, base);
  }
  fe_decref(I, est), fe_decref(I, scoring);
  return ok;
}

/* results['param_NAME'] for each parameter of the combinations, in sorted order: an object
 * array of its values (None where a combination of another grid lacks it; scikit-learn
 * masks those). */
static bool put_params(Interp *I, Obj *results, Obj *combos) {
  Obj *names = fe_dict_new(I), *k, *v;
  for (int64_t c = 0; names && c < FE_LIST(combos)->n; c++)
    for (int64_t pos = 0; names && fe_dict_next(FE_LIST(combos)->v[c], &pos, &k, &v);)
      if (fe_dict_set(I, names, k, &I->none) < 0)
        fe_setref(I, &names, NULL);
  Obj *sorted = names ? fe_dict_keys_list(I, names) : NULL;
  bool ok = sorted && fe_list_sort(I, sorted, NULL, false) == 0;
  int64_t n = FE_LIST(combos)->n;
  for (int64_t i = 0; ok && i < FE_LIST(sorted)->n; i++) {
    Obj *name = FE_LIST(sorted)->v[i], *items = fe_list_new(I, n);
    for (int64_t c = 0; items && c < n; c++) {
      Obj *at = fe_dict_get(I, FE_LIST(combos)->v[c], name, &(int){0});
      FE_LIST(items)->v[c] = at ? at : &I->none;
      fe_incref(FE_LIST(items)->v[c]);
    }
    Obj *col = items ? pl_objarray_new(I, 1, &n, items) : NULL;
    char key[160];
    snprintf(key, sizeof key, "param_%s", FE_STR(name)->s);
    ok = col && fe_dict_setstr(I, results, key, col) == 0;
    fe_decref(I, col);
  }
  fe_decref(I, names), fe_decref(I, sorted);
  return ok;
}

/* cv_results_ from the search, and the index of the best combination (rank 1, first). */
static Obj *results_of(Interp *I, Obj *combos, const Search *s, int64_t *best) {
  int64_t nc = s->ncombos, k = s->nsplits;
  double *col = base_malloc((size_t)(4 * nc + k) * sizeof(double));
  double *mean = col + nc, *std = mean + nc, *ranks = std + nc;
  Obj *r = col ? fe_dict_new(I) : NULL;
  static const char *const times[] = {"fit_time", "score_time"};
  for (int t = 0; r && t < 2; t++) {
    const double *v = t ? s->score_time : s->fit_time;
    char key[32];
    for (int64_t c = 0; c < nc; c++)
      mean[c] = mean_of(v + c * k, k), std[c] = std_of(v + c * k, k);
    snprintf(key, sizeof key, "mean_%s", times[t]);
    bool ok = put_column(I, r, key, mean, nc);
    snprintf(key, sizeof key, "std_%s", times[t]);
    if (!ok || !put_column(I, r, key, std, nc))
      fe_setref(I, &r, NULL);
  }
  if (r && !(put_params(I, r, combos) && fe_dict_setstr(I, r, "params", combos) == 0))
    fe_setref(I, &r, NULL);
  for (int64_t f = 0; r && f < k; f++) {
    char key[48];
    for (int64_t c = 0; c < nc; c++)
      col[c] = s->score[c * k + f];
    snprintf(key, sizeof key, "split%lld_test_score", (long long)f);
    if (!put_column(I, r, key, col, nc))
      fe_setref(I, &r, NULL);
  }
  *best = 0;
  for (int64_t c = 0; col && c < nc; c++) {
    mean[c] = mean_of(s->score + c * k, k), std[c] = std_of(s->score + c * k, k);
    *best = mean[c] > mean[*best] ? c : *best;
  }
  for (int64_t c = 0; col && c < nc; c++) { /* rankdata(-mean, method='min') */
    ranks[c] = 1;
    for (int64_t d = 0; d < nc; d++)
      ranks[c] += mean[d] > mean[c];
  }
  if (r && !(put_column(I, r, "mean_test_score", mean, nc) &&
             put_column(I, r, "std_test_score", std, nc) &&
             put_column(I, r, "rank_test_score", ranks, nc)))
    fe_setref(I, &r, NULL);
  if (r) { /* the ranks as int32, as scikit-learn gives them */
    Obj *f = fe_dict_getstr(I, r, "rank_test_score");
    NdArray *i32 = nd_astype(PL_ND(f), ND_INT32);
    Obj *o = pl_array_wrap(I, i32);
    if (!o || fe_dict_setstr(I, r, "rank_test_score", o) < 0)
      fe_setref(I, &r, NULL);
    fe_decref(I, o);
  }
  base_free(col);
  if (!col)
    fe_nomem(I);
  return r;
}

static Obj *g_init(Interp *I, Obj *self, Obj **args) {
  static const char *const names[] = {"estimator", "param_grid", "scoring", "n_jobs", "refit",
                                      "cv", "verbose", "pre_dispatch", "error_score",
                                      "return_train_score"};
  if (args[8] && !fe_str_is(args[8], "raise"))
    return fe_throw(I, EXC_NotImplementedError, "GridSearchCV(error_score=%s) is not supported "
                    "by nnc yet: a fit's error is raised, as error_score='raise' does",
                    pl_repr_text(I, args[8]));
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    Obj *v = args[i] ? (fe_incref(args[i]), args[i]) : fe_float(I, NAN); /* error_score=nan */
    if (!pl_set_attr(I, self, names[i], v))
      return NULL;
  }
  return fe_none(I);
}

/* fit(X, y=None, *, groups=None, **fit_params): the search, then the refit. */
static Obj *g_fit(Interp *I, Obj *self, Obj **args) {
  if (args[2] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "GridSearchCV.fit(groups=...) is not "
                    "supported by nnc yet");
  Obj *grid = fe_getattr_str(I, self, "param_grid"), *est = fe_getattr_str(I, self, "estimator");
  Obj *cv = fe_getattr_str(I, self, "cv"), *x = NULL, *y = NULL;
  Obj *combos = grid && est && cv ? combinations(I, grid) : NULL;
  Obj *folds = combos ? pl_cv_folds(I, est, args[0], args[1], cv, &x, &y) : NULL;
  Search s = {.ncombos = combos ? FE_LIST(combos)->n : 0, .nsplits = folds ? FE_LIST(folds)->n : 0};
  int64_t cells = s.ncombos * s.nsplits, best = 0;
  s.score = folds ? base_calloc((size_t)(3 * cells + 1), sizeof(double)) : NULL;
  s.fit_time = s.score + cells, s.score_time = s.fit_time + cells;
  Obj *verbose = s.score ? fe_getattr_str(I, self, "verbose") : NULL;
  int64_t talk = 0;
  if (verbose && fe_as_int(I, verbose, &talk) == 0 && talk > 0)
    fprintf(fe_out(I), "Fitting %lld folds for each of %lld candidates, totalling %lld fits\n",
            (long long)s.nsplits, (long long)s.ncombos, (long long)cells);
  Obj *results = verbose && !I->exc_pending && search(I, self, combos, folds, x, y, args[3], &s)
                     ? results_of(I, combos, &s, &best) : NULL;
  bool ok = results && pl_set_attr(I, self, "cv_results_", (fe_incref(results), results)) &&
            pl_set_attr(I, self, "best_index_", fe_int(I, best)) &&
            pl_set_attr(I, self, "best_score_", fe_float(I, mean_of(s.score + best * s.nsplits,
                                                                     s.nsplits))) &&
            pl_set_attr(I, self, "best_params_",
                        (fe_incref(FE_LIST(combos)->v[best]), FE_LIST(combos)->v[best])) &&
            pl_set_attr(I, self, "n_splits_", fe_int(I, s.nsplits));
  Obj *refit = ok ? fe_getattr_str(I, self, "refit") : NULL;
  if (refit && fe_truth(I, refit) == 1) {
    double t0 = base_seconds();
    Obj *b = configured(I, est, FE_LIST(combos)->v[best]), *xy[2] = {args[0], args[1]};
    Obj *f = b ? pl_call_kw_result(I, b, "fit", xy, 2, args[3]) : NULL;
    ok = f && pl_set_attr(I, self, "best_estimator_", (fe_incref(b), b)) &&
         pl_set_attr(I, self, "refit_time_", fe_float(I, base_seconds() - t0));
    fe_decref(I, b), fe_decref(I, f);
  }
  base_free(s.score);
  fe_decref(I, grid), fe_decref(I, est), fe_decref(I, cv), fe_decref(I, x), fe_decref(I, y);
  fe_decref(I, combos), fe_decref(I, folds), fe_decref(I, verbose), fe_decref(I, results);
  fe_decref(I, refit);
  return ok && !I->exc_pending ? (fe_incref(self), self) : NULL;
}

/* best_estimator_, or scikit-learn's error when the search was not refitted. */
static Obj *best(Interp *I, Obj *self, const char *method) {
  Obj *b = fe_getattr_str(I, self, "best_estimator_");
  if (!b) {
    fe_decref(I, fe_exc_take(I));
    fe_throw(I, EXC_AttributeError, "This 'GridSearchCV' has no attribute '%s'", method);
  }
  return b;
}

static Obj *g_delegate(Interp *I, Obj *self, Obj *x, const char *method) {
  Obj *b = best(I, self, method), *r = b ? fe_call_method(I, b, method, &x, 1) : NULL;
  fe_decref(I, b);
  return r;
}

static Obj *g_predict(Interp *I, Obj *self, Obj **args) {
  return g_delegate(I, self, args[0], "predict");
}

static Obj *g_predict_proba(Interp *I, Obj *self, Obj **args) {
  return g_delegate(I, self, args[0], "predict_proba");
}

/* score(X, y=None): the search's scoring of best_estimator_. */
static Obj *g_score(Interp *I, Obj *self, Obj **args) {
  Obj *b = best(I, self, "score"), *scoring = b ? fe_getattr_str(I, self, "scoring") : NULL;
  double v;
  bool ok = scoring && pl_cv_score(I, b, scoring, args[0], args[1], &v);
  fe_decref(I, b), fe_decref(I, scoring);
  return ok ? fe_float(I, v) : NULL;
}

static Obj *g_classes(Interp *I, Obj *self) {
  Obj *b = best(I, self, "classes_"), *r = b ? fe_getattr_str(I, b, "classes_") : NULL;
  fe_decref(I, b);
  return r;
}

static Obj *g_estimator_type(Interp *I, Obj *self) {
  Obj *e = fe_getattr_str(I, self, "estimator");
  Obj *r = e ? fe_getattr_str(I, e, "_estimator_type") : NULL;
  fe_decref(I, e);
  return r;
}

static const FeFnDef methods[] = {
    {"__init__", g_init,
     "(estimator, param_grid, *, scoring=None, n_jobs=None, refit=True, cv=None, verbose=0, "
         "pre_dispatch='2*n_jobs', error_score=<missing>, return_train_score=False)", NULL, NULL},
    {"fit", g_fit, "(X, y=None, *, groups=None, **fit_params)",
     "sklearn.model_selection.GridSearchCV", NULL},
    {"predict", g_predict, "(X)", NULL, NULL},
    {"predict_proba", g_predict_proba, "(X)", NULL, NULL},
    {"score", g_score, "(X, y=None)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeGetDef props[] = {
    {"classes_", g_classes, NULL},
    {"_estimator_type", g_estimator_type, NULL},
    {NULL, NULL, NULL},
};

static const FeClassDef classes[] = {
    {.name = "GridSearchCV", .methods = methods, .props = props},
    {.name = NULL},
};

const FeModuleDef pl_sklearn_grid_search_def = {.name = "sklearn.model_selection",
                                                .classes = classes};
