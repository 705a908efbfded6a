/* sklearn_linear.c — sklearn.linear_model.LinearRegression, the baseline tutorials fit beside
 * their network: ordinary least squares on X centred (fit_intercept=True, the default), the
 * intercept from the means, as scikit-learn 1.2 fits it. The least-squares problem is
 * ndarray's nd_lstsq, the minimum-norm solution SciPy's lstsq gives scikit-learn (singular
 * values below machine epsilon times the largest count as zero), so a rank-deficient X (one-hot
 * columns of every category beside the intercept) and fewer samples than features get
 * scikit-learn's coefficients; rank_ and singular_ are set as scikit-learn sets them.
 * sample_weight and positive=True are refused. y of one column gives coef_ [p] and a float
 * intercept_, of k columns coef_ [k, p] and intercept_ [k] (0.0 without fit_intercept). */
#include <float.h>
#include <math.h>
#include <string.h>

#include "pylib.h"

/* The columns' means of a [n, m] into mean (zeros without centring), a centred in place. */
static void centre(double *a, int64_t n, int64_t m, bool on, double *mean) {
  for (int64_t j = 0; j < m; j++) {
    double s = 0;
    for (int64_t i = 0; on && i < n; i++)
      s += a[i * m + j];
    mean[j] = on ? s / (double)n : 0;
    for (int64_t i = 0; on && i < n; i++)
      a[i * m + j] -= mean[j];
  }
}

static NdArray *targets(Interp *I, Obj *y, int64_t n) {
  NdArray *a = pl_array_arg(I, y), *f = a && a->ndim >= 1 && a->ndim <= 2
      ? nd_astype(a, ND_FLOAT64) : NULL;
  if (a && f && f->shape[0] != n)
    fe_throw(I, EXC_ValueError, "Found input variables with inconsistent numbers of samples: "
             "[%lld, %lld]", (long long)n, (long long)f->shape[0]);
  else if (a && !f && !I->exc_pending)
    fe_throw(I, EXC_ValueError, "y should be a 1d or 2d array, got an array of %d dimensions",
             a->ndim);
  nd_unref(a);
  if (I->exc_pending)
    nd_unref(f), f = NULL;
  return f;
}

static Obj *lr_init(Interp *I, Obj *self, Obj **args) {
  /* (fit_intercept, copy_X, n_jobs, positive) */
  if (fe_truth(I, args[3]) == 1)
    return fe_throw(I, EXC_NotImplementedError, "LinearRegression(positive=True) is not "
                    "supported by nnc yet");
  int on = fe_truth(I, args[0]);
  return on >= 0 && pl_set_attr(I, self, "fit_intercept", fe_bool(I, on == 1)) ? fe_none(I)
                                                                                 : NULL;
}

static Obj *lr_fit(Interp *I, Obj *self, Obj **args) {
  if (args[2] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "LinearRegression.fit(sample_weight=...) is "
                    "not supported by nnc yet");
  Obj *fi = fe_getattr_str(I, self, "fit_intercept");
  int on = fi ? fe_truth(I, fi) : -1;
  fe_decref(I, fi);
  NdDtype kept;
  NdArray *x = on >= 0 ? pl_check_array(I, args[0], &kept) : NULL;
  NdArray *y = x ? targets(I, args[1], x->shape[0]) : NULL;
  if (!y) {
    nd_unref(x);
    return NULL;
  }
  int64_t n = x->shape[0], p = x->shape[1], k = y->ndim == 2 ? y->shape[1] : 1;
  int64_t cshape[2] = {k, p}, xk[2] = {p, k}, nsv = n < p ? n : p, rank = 0;
  NdArray *b = nd_copy(y), *sol = nd_empty(ND_FLOAT64, 2, xk), *sv = nd_empty(ND_FLOAT64, 1, &nsv);
  NdArray *xm = nd_empty(ND_FLOAT64, 1, &p), *ym = nd_empty(ND_FLOAT64, 1, &k);
  NdArray *coef = nd_empty(ND_FLOAT64, y->ndim, y->ndim == 2 ? cshape : &p);
  NdArray *icpt = nd_empty(ND_FLOAT64, 1, &k);
  bool good = b && sol && sv && xm && ym && coef && icpt;
  if (good) {
    double *a = (double *)x->data, *bd = (double *)b->data, *c = (double *)coef->data;
    double *xs = (double *)sol->data;
    centre(a, n, p, on == 1, (double *)xm->data);
    centre(bd, n, k, on == 1, (double *)ym->data);
    good = nd_lstsq(a, n, p, bd, k, DBL_EPSILON, xs, &rank, (double *)sv->data);
    for (int64_t t = 0; good && t < k; t++) { /* coef_ is the solution transposed */
      double s = ((double *)ym->data)[t];
      for (int64_t j = 0; j < p; j++) {
        c[t * p + j] = xs[j * k + t];
        s -= ((double *)xm->data)[j] * c[t * p + j];
      }
      ((double *)icpt->data)[t] = s;
    }
  }
  if (!good && !I->exc_pending)
    pl_nd_raise(I);
  /* scikit-learn: 0.0 without an intercept, else a float64 or one per target column */
  Obj *ic = !good ? NULL : on != 1 ? fe_float(I, 0) : y->ndim == 1
      ? pl_scalar_wrap(I, (NdScalar){.dtype = ND_FLOAT64, .f = ((double *)icpt->data)[0]}) : NULL;
  good = good && pl_set_array_attr(I, self, "coef_", nd_ref(coef)) &&
         (ic ? pl_set_attr(I, self, "intercept_", ic)
             : pl_set_array_attr(I, self, "intercept_", nd_ref(icpt))) &&
         pl_set_attr(I, self, "rank_", fe_int(I, rank)) &&
         pl_set_array_attr(I, self, "singular_", nd_ref(sv)) &&
         pl_set_attr(I, self, "n_features_in_", fe_int(I, p));
  nd_unref(x), nd_unref(y), nd_unref(b), nd_unref(xm), nd_unref(ym), nd_unref(coef);
  nd_unref(sol), nd_unref(sv);
  nd_unref(icpt);
  if (!good)
    return NULL;
  fe_incref(self);
  return self;
}

/* X @ coef_.T + intercept_: [n] for one target column, else [n, k]. */
static NdArray *predicted(Interp *I, Obj *self, Obj *xv) {
  Obj *cv = fe_getattr_str(I, self, "coef_");
  if (!cv) {
    fe_decref(I, fe_exc_take(I));
    fe_throw(I, EXC_ValueError, "This LinearRegression instance is not fitted yet. Call 'fit' "
             "with appropriate arguments before using this estimator.");
    return NULL;
  }
  Obj *iv = fe_getattr_str(I, self, "intercept_");
  NdDtype kept;
  NdArray *coef = PL_ND(cv), *ic = iv ? pl_array_arg(I, iv) : NULL;
  NdArray *x = ic ? pl_check_array(I, xv, &kept) : NULL, *r = NULL;
  int64_t p = coef->shape[coef->ndim - 1], k = coef->ndim == 2 ? coef->shape[0] : 1;
  if (x && x->shape[1] != p)
    fe_throw(I, EXC_ValueError, "X has %lld features, but LinearRegression is expecting %lld "
             "features as input.", (long long)x->shape[1], (long long)p);
  int64_t shape[2] = {x ? x->shape[0] : 0, k};
  if (x && !I->exc_pending && (r = nd_empty(ND_FLOAT64, coef->ndim, shape))) {
    NdArray *cf = nd_astype(coef, ND_FLOAT64), *icf = nd_astype(ic, ND_FLOAT64);
    for (int64_t i = 0; cf && icf && i < shape[0]; i++)
      for (int64_t t = 0; t < k; t++) {
        double s = ((double *)icf->data)[icf->size > 1 ? t : 0];
        for (int64_t j = 0; j < p; j++)
          s += ((double *)x->data)[i * p + j] * ((double *)cf->data)[t * p + j];
        ((double *)r->data)[i * k + t] = s;
      }
    nd_unref(cf), nd_unref(icf);
  } else if (x && !I->exc_pending) {
    pl_nd_raise(I);
  }
  fe_decref(I, cv), fe_decref(I, iv);
  nd_unref(ic), nd_unref(x);
  return I->exc_pending ? (nd_unref(r), NULL) : r;
}

static Obj *lr_predict(Interp *I, Obj *self, Obj **args) {
  NdArray *r = predicted(I, self, args[0]);
  return r ? pl_array_wrap(I, r) : NULL;
}

/* score(X, y): r2_score(y, predict(X)), averaged over the target columns. */
static Obj *lr_score(Interp *I, Obj *self, Obj **args) {
  if (args[2] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "LinearRegression.score(sample_weight=...) "
                    "is not supported by nnc yet");
  NdArray *pred = predicted(I, self, args[0]);
  NdArray *y = pred ? targets(I, args[1], pred->shape[0]) : NULL;
  if (!y) {
    nd_unref(pred);
    return NULL;
  }
  int64_t n = y->shape[0], k = y->ndim == 2 ? y->shape[1] : 1;
  double total = 0;
  for (int64_t t = 0; t < k; t++) {
    double mean = 0, res = 0, tot = 0;
    for (int64_t i = 0; i < n; i++)
      mean += ((double *)y->data)[i * k + t];
    mean /= (double)n;
    for (int64_t i = 0; i < n; i++) {
      double v = ((double *)y->data)[i * k + t], e = v - ((double *)pred->data)[i * k + t];
      res += e * e, tot += (v - mean) * (v - mean);
    }
    total += tot > 0 ? 1 - res / tot : res > 0 ? 0 : 1;
  }
  nd_unref(pred), nd_unref(y);
  return fe_float(I, total / (double)k);
}

static const FeFnDef lr_methods[] = {
    {"__init__", lr_init, "(*, fit_intercept=True, copy_X=True, n_jobs=None, positive=False)",
     NULL, NULL},
    {"fit", lr_fit, "(X, y, sample_weight=None)", "sklearn.linear_model.LinearRegression", NULL},
    {"predict", lr_predict, "(X)", PL_ARRAY, NULL},
    {"score", lr_score, "(X, y, sample_weight=None)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* what cross_val_score's default folds and scores go by */
static const FeConstDef regressor[] = {
    {"_estimator_type", FC_STR, 0, 0, "regressor"},
    {NULL, FC_NONE, 0, 0, NULL},
};

static const FeClassDef classes[] = {
    {.name = "LinearRegression", .methods = lr_methods, .consts = regressor},
    {.name = NULL},
};

/* scikit-learn 1.2's public names of sklearn.linear_model (dir()) that nnc lacks */
const FeModuleDef pl_sklearn_linear_def = {
    .name = "sklearn.linear_model", .classes = classes,
    .lacks = "ARDRegression BayesianRidge ElasticNet ElasticNetCV GammaRegressor Hinge Huber "
             "HuberRegressor Lars LarsCV Lasso LassoCV LassoLars LassoLarsCV LassoLarsIC Log "
             "LogisticRegressionCV ModifiedHuber MultiTaskElasticNet "
             "MultiTaskElasticNetCV MultiTaskLasso MultiTaskLassoCV OrthogonalMatchingPursuit "
             "OrthogonalMatchingPursuitCV PassiveAggressiveClassifier PassiveAggressiveRegressor "
             "Perceptron PoissonRegressor QuantileRegressor RANSACRegressor Ridge RidgeCV "
             "RidgeClassifier RidgeClassifierCV SGDClassifier SGDOneClassSVM SGDRegressor "
             "SquaredLoss TheilSenRegressor TweedieRegressor enet_path lars_path lars_path_gram "
             "lasso_path orthogonal_mp orthogonal_mp_gram ridge_regression",
};
