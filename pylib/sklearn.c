/* sklearn.c — the part of scikit-learn the examples print with: sklearn.metrics.r2_score
 * (the coefficient of determination of each output column, averaged: scikit-learn's default
 * "uniform_average"). The scikit-learn subset grows here, one row per function. */
#include "pylib.h"

/* R^2 of column j of k columns over n rows. */
static double column(const nnc_tensor *yt, const nnc_tensor *yp, int64_t n, int64_t k, int64_t j) {
  double mean = 0, res = 0, tot = 0;
  for (int64_t i = 0; i < n; i++)
    mean += rt_tensor_get(yt, i * k + j);
  mean /= (double)n;
  for (int64_t i = 0; i < n; i++) {
    double d = rt_tensor_get(yt, i * k + j) - mean,
        r = rt_tensor_get(yt, i * k + j) - rt_tensor_get(yp, i * k + j);
    tot += d * d;
    res += r * r;
  }
  return tot > 0 ? 1 - res / tot : res == 0 ? 1 : 0;
}

nnc_status pl_r2_score(const nnc_tensor *y_true, const nnc_tensor *y_pred, double *out) {
  int64_t n = nnc_tensor_rank(y_true) ? nnc_tensor_dim(y_true, 0) : 1;
  int64_t m = nnc_tensor_rank(y_pred) ? nnc_tensor_dim(y_pred, 0) : 1;
  int64_t values = nnc_tensor_numel(y_true);
  if (n != m || values != nnc_tensor_numel(y_pred) || n < 2)
    return base_error(NNC_ERR_SHAPE, "r2_score: y_true has %lld values in %lld rows and y_pred "
                    "%lld in %lld; both need the same, and at least 2 rows", (long long)values,
                    (long long)n, (long long)nnc_tensor_numel(y_pred), (long long)m);
  int64_t k = values / n;
  double sum = 0;
  for (int64_t j = 0; j < k; j++)
    sum += column(y_true, y_pred, n, k, j);
  *out = sum / (double)k;
  return NNC_OK;
}

static Obj *s_r2_score(Interp *I, Obj *self, Obj **args) {
  (void)self;
  nnc_tensor *t = pl_tensor_from(I, args[0], NNC_F64, false, "y_true");
  nnc_tensor *p = t ? pl_tensor_from(I, args[1], NNC_F64, false, "y_pred") : NULL;
  double r;
  nnc_status st = p ? pl_r2_score(t, p, &r) : NNC_OK;
  nnc_tensor_free(t);
  nnc_tensor_free(p);
  if (!p)
    return NULL;
  return st == NNC_OK ? fe_float(I, r) : pl_raise_status(I, st);
}

static const FeFnDef metrics_fns[] = {
    {"r2_score", s_r2_score,
     "(y_true, y_pred, *, sample_weight=None, multioutput='uniform_average', "
                             "force_finite=True)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_sklearn_def = {.name = "sklearn"};
const FeModuleDef pl_sklearn_metrics_def = {.name = "sklearn.metrics", .fns = metrics_fns};
