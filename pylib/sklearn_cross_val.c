/* sklearn_cross_val.c — sklearn.model_selection's cross_val_score and cross_val_predict, the
 * one-line evaluation tutorials print beside their network, as scikit-learn 1.2 runs them:
 * cv folds (an int: StratifiedKFold for a classifier, KFold otherwise, both unshuffled; or
 * a splitter object), each fitting a clone of the estimator (a new instance of its class
 * with its constructor parameters, the attributes without a trailing underscore) on the
 * training rows and scoring or predicting the test rows. The splitters, the estimators and
 * the metrics are the library's own, called as a model file would call them. */
#include <string.h>

#include "pylib.h"


/* Whether v is an estimator to clone: an instance with fit, not a Keras model (which a
 * KerasClassifier's model= shares). */
static bool estimator(Interp *I, Obj *v) {
  if (FE_ISA(I, v, type) || pl_is_model(I, v))
    return false;
  Obj *fit = fe_getattr_str(I, v, "fit");
  if (!fit)
    fe_decref(I, fe_exc_take(I));
  fe_decref(I, fit);
  return fit != NULL;
}

/* A parameter's value for the clone: estimators cloned, in lists and tuples too (a
 * Pipeline's steps), other values shared. */
static Obj *cloned_param(Interp *I, Obj *v) {
  bool list = FE_ISA(I, v, list);
  if (list || FE_ISA(I, v, tuple)) {
    int64_t n = list ? FE_LIST(v)->n : FE_TUPLE(v)->n;
    Obj *r = list ? fe_list_new(I, n) : fe_tuple_new(I, n);
    for (int64_t i = 0; r && i < n; i++) {
      Obj *c = cloned_param(I, list ? FE_LIST(v)->v[i] : FE_TUPLE(v)->v[i]);
      if (!c)
        fe_setref(I, &r, NULL);
      else if (list)
        FE_LIST(r)->v[i] = c;
      else
        FE_TUPLE(r)->v[i] = c;
    }
    return r;
  }
  if (estimator(I, v))
    return pl_clone(I, v);
  fe_incref(v);
  return v;
}

/* Made without its __init__, whose arguments are these attributes, and given them. */
Obj *pl_clone(Interp *I, Obj *est) {
  Obj *dict = fe_getattr_str(I, est, "__dict__");
  Obj *fresh = dict ? fe_new(I, est->cls, 0) : NULL, *k, *v;
  for (int64_t pos = 0; fresh && fe_dict_next(dict, &pos, &k, &v);) {
    const char *name = FE_STR(k)->s;
    size_t n = strlen(name);
    Obj *c = n && name[n - 1] != '_' ? cloned_param(I, v) : NULL;
    if (c ? fe_setattr(I, fresh, k, c) < 0 : I->exc_pending != NULL)
      fe_setref(I, &fresh, NULL);
    fe_decref(I, c);
  }
  fe_decref(I, dict);
  return fresh;
}

static bool is_classifier(Interp *I, Obj *est) {
  Obj *t = fe_getattr_str(I, est, "_estimator_type");
  if (!t)
    fe_decref(I, fe_exc_take(I));
  bool yes = t && fe_str_is(t, "classifier");
  fe_decref(I, t);
  return yes;
}

/* check_cv: a splitter for cv (None: 5 folds; StratifiedKFold for a classifier); a new
 * reference. */
static Obj *splitter(Interp *I, Obj *cv, Obj *est) {
  if (cv != &I->none && !fe_is_int(I, cv)) {
    fe_incref(cv);
    return cv;
  }
  Obj *mod = fe_import(I, "sklearn.model_selection");
  Obj *cls = mod ? fe_getattr_str(I, mod, is_classifier(I, est) ? "StratifiedKFold" : "KFold")
                 : NULL;
  Obj *k = cls ? (cv == &I->none ? fe_int(I, 5) : (fe_incref(cv), cv)) : NULL;
  Obj *s = k ? fe_call1(I, cls, k) : NULL;
  fe_decref(I, mod), fe_decref(I, cls), fe_decref(I, k);
  return s;
}

/* scikit-learn's scorer names nnc has: the metric function and the sign of its value. */
static const struct {
  const char *name, *metric;
  double sign;
} scorers[] = {
    {"accuracy", "accuracy_score", 1},
    {"r2", "r2_score", 1},
    {"neg_mean_squared_error", "mean_squared_error", -1},
    {"neg_mean_absolute_error", "mean_absolute_error", -1},
};

bool pl_cv_score(Interp *I, Obj *est, Obj *scoring, Obj *x, Obj *y, double *out) {
  Obj *args[3] = {est, x, y}, *r = NULL;
  if (scoring == &I->none) {
    r = fe_call_method(I, est, "score", args + 1, 2);
  } else if (!FE_IS(scoring, str)) {
    r = fe_call(I, scoring, args, 3, NULL);
  } else {
    size_t i = 0;
    for (; i < sizeof scorers / sizeof *scorers && !fe_str_is(scoring, scorers[i].name); i++)
      ;
    Obj *pred = fe_call_method(I, est, "predict", &x, 1);
    Obj *mod = pred ? fe_import(I, "sklearn.metrics") : NULL;
    Obj *f = mod ? fe_getattr_str(I, mod, scorers[i].metric) : NULL;
    r = f ? fe_call2(I, f, y, pred) : NULL;
    fe_decref(I, pred), fe_decref(I, mod), fe_decref(I, f);
    if (r && scorers[i].sign < 0) {
      double d;
      fe_as_double(I, r, &d);
      fe_decref(I, r);
      r = fe_float(I, -d);
    }
  }
  bool good = r && fe_as_double(I, r, out) == 0;
  fe_decref(I, r);
  return good;
}

bool pl_cv_valid_scoring(Interp *I, Obj *scoring) {
  if (scoring == &I->none || FE_IS(scoring, function) || FE_IS(scoring, native))
    return true;
  if (!FE_IS(scoring, str))
    return fe_throw(I, EXC_ValueError, "scoring value should either be a callable, string or "
                    "None. %s was passed", pl_repr_text(I, scoring)), false;
  for (size_t i = 0; i < sizeof scorers / sizeof *scorers; i++)
    if (fe_str_is(scoring, scorers[i].name))
      return true;
  return fe_throw(I, EXC_ValueError, "%s is not a valid scoring value. Use "
                  "sklearn.metrics.get_scorer_names() to get valid options.",
                  pl_repr_text(I, scoring)), false;
}

Obj *pl_cv_fit(Interp *I, Obj *est, Obj *x, Obj *y, Obj *train, Obj *fit_params) {
  Obj *xt = fe_getitem(I, x, train), *yt = xt ? fe_getitem(I, y, train) : NULL;
  Obj *m = yt ? pl_clone(I, est) : NULL, *args[2] = {xt, yt};
  Obj *f = m ? pl_call_kw_result(I, m, "fit", args, 2, fit_params) : NULL;
  fe_decref(I, xt), fe_decref(I, yt), fe_decref(I, f);
  if (!f)
    fe_setref(I, &m, NULL);
  return m;
}

Obj *pl_cv_folds(Interp *I, Obj *est, Obj *xv, Obj *yv, Obj *cv, Obj **x, Obj **y) {
  *x = pl_array_wrap(I, pl_array_arg(I, xv));
  *y = *x ? pl_array_wrap(I, pl_array_arg(I, yv)) : NULL;
  Obj *sp = *y ? splitter(I, cv, est) : NULL, *args[2] = {*x, *y};
  Obj *split = sp ? fe_call_method(I, sp, "split", args, 2) : NULL;
  Obj *folds = split ? fe_list_new(I, 0) : NULL, *it = folds ? fe_iter(I, split) : NULL, *fold;
  while (it && (fold = fe_next(I, it))) {
    bool pair = FE_IS(fold, tuple) && FE_TUPLE(fold)->n == 2;
    if (!pair)
      fe_throw(I, EXC_TypeError, "cv.split() must yield (train, test) pairs");
    if (!pair || fe_list_append(I, folds, fold) < 0)
      fe_setref(I, &it, NULL);
    fe_decref(I, fold);
  }
  if (!it || I->exc_pending) {
    fe_setref(I, &folds, NULL), fe_setref(I, x, NULL), fe_setref(I, y, NULL);
  }
  fe_decref(I, sp), fe_decref(I, split), fe_decref(I, it);
  return folds;
}

typedef bool (*FoldFn)(Interp *I, Obj *model, Obj *xs, Obj *ys, Obj *test, void *acc);

/* Runs every fold of cv over (X, y), calling each with the clone fitted with fit_params (a
 * dict or None) and the test rows. */
static bool each_fold(Interp *I, Obj *est, Obj *xv, Obj *yv, Obj *cv, Obj *fit_params,
                      FoldFn each, void *acc) {
  if (fit_params != &I->none && !FE_ISA(I, fit_params, dict))
    return fe_throw(I, EXC_TypeError, "fit_params must be a dict, found %s",
                    fe_typename(fit_params)), false;
  Obj *x, *y, *folds = pl_cv_folds(I, est, xv, yv, cv, &x, &y);
  bool good = folds != NULL;
  for (int64_t i = 0; good && i < FE_LIST(folds)->n; i++) {
    Obj *train = FE_TUPLE(FE_LIST(folds)->v[i])->v[0], *test = FE_TUPLE(FE_LIST(folds)->v[i])->v[1];
    Obj *m = pl_cv_fit(I, est, x, y, train, fit_params == &I->none ? NULL : fit_params);
    Obj *xs = m ? fe_getitem(I, x, test) : NULL, *ys = xs ? fe_getitem(I, y, test) : NULL;
    good = ys && each(I, m, xs, ys, test, acc);
    fe_decref(I, m), fe_decref(I, xs), fe_decref(I, ys);
  }
  fe_decref(I, x), fe_decref(I, y), fe_decref(I, folds);
  return good;
}

typedef struct {
  Obj *scoring;         /* borrowed */
  double v[256];        /* each fold's score */
  int64_t n;
} Scores;

static bool score_fold(Interp *I, Obj *m, Obj *xs, Obj *ys, Obj *test, void *acc) {
  (void)test;
  Scores *s = acc;
  if (s->n == (int64_t)(sizeof s->v / sizeof *s->v))
    return fe_throw(I, EXC_NotImplementedError, "cross_val_score: more than %d folds are not "
                    "supported by nnc yet", (int)s->n), false;
  return pl_cv_score(I, m, s->scoring, xs, ys, &s->v[s->n++]);
}

/* (estimator, X, y=None, *, groups=None, scoring=None, cv=None, ...): a fit's error is
 * raised, as error_score='raise' does. */
static Obj *cross_val_score(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Scores s = {.scoring = args[4]};
  if (!pl_cv_valid_scoring(I, s.scoring) ||
      !each_fold(I, args[0], args[1], args[2], args[5], args[8], score_fold, &s))
    return NULL;
  NdArray *a = nd_empty(ND_FLOAT64, 1, &s.n);
  if (a)
    memcpy(a->data, s.v, sizeof(double) * (size_t)s.n);
  return pl_array_wrap(I, a);
}

typedef struct {
  Obj *out;             /* the predictions in the rows' order (an array), or NULL */
  int64_t n;            /* rows */
} Predictions;

/* out[test] = m.predict(xs), out made of the first fold's dtype and row shape. */
static bool predict_fold(Interp *I, Obj *m, Obj *xs, Obj *ys, Obj *test, void *acc) {
  (void)ys;
  Predictions *p = acc;
  Obj *pred = fe_call_method(I, m, "predict", &xs, 1);
  if (pred && !p->out && pl_is_array(pred)) {
    NdArray *a = PL_ND(pred);
    int64_t shape[ND_MAXDIM];
    memcpy(shape, a->shape, sizeof(int64_t) * (size_t)a->ndim);
    shape[0] = p->n;
    p->out = pl_array_wrap(I, nd_zeros(a->dtype, a->ndim, shape));
  }
  bool good = pred && p->out && fe_setitem(I, p->out, test, pred) == 0;
  fe_decref(I, pred);
  return good;
}

/* (estimator, X, y=None, *, groups=None, cv=None, ..., method='predict') */
static Obj *cross_val_predict(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!fe_str_is(args[9], "predict"))
    return fe_throw(I, EXC_NotImplementedError, "cross_val_predict(method=%s) is not "
                    "supported by nnc yet", pl_repr_text(I, args[9]));
  NdArray *x = pl_array_arg(I, args[1]);
  Predictions p = {.n = x && x->ndim > 0 ? x->shape[0] : 0};
  nd_unref(x);
  if (!x || !each_fold(I, args[0], args[1], args[2], args[4], args[7], predict_fold, &p)) {
    fe_decref(I, p.out);
    return NULL;
  }
  return p.out;
}

static const FeFnDef fns[] = {
    {"cross_val_score", cross_val_score,
     "(estimator, X, y=None, *, groups=None, scoring=None, cv=None, n_jobs=None, verbose=0, "
         "fit_params=None, pre_dispatch='2*n_jobs', error_score=None)", PL_ARRAY, NULL},
    {"cross_val_predict", cross_val_predict,
     "(estimator, X, y=None, *, groups=None, cv=None, n_jobs=None, verbose=0, fit_params=None, "
         "pre_dispatch='2*n_jobs', method='predict')", PL_ARRAY, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_sklearn_cross_val_def = {.name = "sklearn.model_selection", .fns = fns};
