/* builtins.c — what the model file's builtins compute beyond the Keras level of nnc.h.
 *
 * r2_score is scikit-learn's (sklearn.metrics.r2_score with its default "uniform_average"):
 * the coefficient of determination of each output column, averaged. It is here rather than
 * among the runtime's metrics because it is computed once, on whole arrays, after training.
 */
#include <math.h>

#include "frontend.h"
#include "base.h"

static double at(const nnc_tensor *t, int64_t i) {
  const void *d = nnc_tensor_cdata(t);
  switch (nnc_tensor_dtype(t)) {
  case NNC_F32: return ((const float *)d)[i];
  case NNC_F64: return ((const double *)d)[i];
  default: return ((const int32_t *)d)[i];
  }
}

/* R^2 of column j of k columns over n rows. */
static double column(const nnc_tensor *yt, const nnc_tensor *yp, int64_t n, int64_t k, int64_t j) {
  double mean = 0, res = 0, tot = 0;
  for (int64_t i = 0; i < n; i++)
    mean += at(yt, i * k + j);
  mean /= (double)n;
  for (int64_t i = 0; i < n; i++) {
    double d = at(yt, i * k + j) - mean, r = at(yt, i * k + j) - at(yp, i * k + j);
    tot += d * d;
    res += r * r;
  }
  return tot > 0 ? 1 - res / tot : res == 0 ? 1 : 0;
}

nnc_status fe_r2_score(const nnc_tensor *y_true, const nnc_tensor *y_pred, double *out) {
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
