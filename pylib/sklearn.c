/* sklearn.c — sklearn.metrics' regression scores: r2_score (the coefficient of
 * determination), mean_squared_error (squared=False: its root) and mean_absolute_error, each
 * computed per output column and averaged (scikit-learn's default "uniform_average"). The
 * classification scores are in sklearn_metrics.c. */
#include <math.h>

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

/* The mean over columns of each column's mean error: |d| (absolute) or d^2, rooted per
 * column when root. */
static Obj *mean_error(Interp *I, Obj **args, bool absolute, bool root) {
  nnc_tensor *t = pl_tensor_from(I, args[0], NNC_F64, false, "y_true");
  nnc_tensor *p = t ? pl_tensor_from(I, args[1], NNC_F64, false, "y_pred") : NULL;
  Obj *out = NULL;
  if (p) {
    int64_t n = nnc_tensor_rank(t) ? nnc_tensor_dim(t, 0) : 1, values = nnc_tensor_numel(t);
    int64_t m = nnc_tensor_rank(p) ? nnc_tensor_dim(p, 0) : 1;
    if (n != m || values != nnc_tensor_numel(p) || n < 1) {
      fe_throw(I, EXC_ValueError, "Found input variables with inconsistent numbers of samples "
               "or outputs: y_true has %lld values in %lld rows, y_pred %lld in %lld",
               (long long)values, (long long)n, (long long)nnc_tensor_numel(p), (long long)m);
    } else {
      int64_t k = values / n;
      double sum = 0;
      for (int64_t j = 0; j < k; j++) {
        double e = 0;
        for (int64_t i = 0; i < n; i++) {
          double d = rt_tensor_get(t, i * k + j) - rt_tensor_get(p, i * k + j);
          e += absolute ? fabs(d) : d * d;
        }
        sum += root ? sqrt(e / (double)n) : e / (double)n;
      }
      out = fe_float(I, sum / (double)k);
    }
  }
  nnc_tensor_free(t);
  nnc_tensor_free(p);
  return out;
}

/* Refuses what nnc does not weigh or split yet: sample_weight, multioutput. */
static bool plain(Interp *I, Obj *weights, Obj *multioutput, const char *fn) {
  if (weights == &I->none && fe_str_is(multioutput, "uniform_average"))
    return true;
  fe_throw(I, EXC_NotImplementedError, "%s(%s=...) is not supported by nnc yet", fn,
           weights != &I->none ? "sample_weight" : "multioutput");
  return false;
}

static Obj *s_mse(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int squared = fe_truth(I, args[4]);
  if (squared < 0 || !plain(I, args[2], args[3], "mean_squared_error"))
    return NULL;
  return mean_error(I, args, false, !squared);
}

static Obj *s_mae(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return plain(I, args[2], args[3], "mean_absolute_error") ? mean_error(I, args, true, false)
                                                            : NULL;
}

static const FeFnDef metrics_fns[] = {
    {"mean_squared_error", s_mse,
     "(y_true, y_pred, *, sample_weight=None, multioutput='uniform_average', squared=True)",
     NULL, NULL},
    {"mean_absolute_error", s_mae,
     "(y_true, y_pred, *, sample_weight=None, multioutput='uniform_average')", NULL, NULL},
    {"r2_score", s_r2_score,
     "(y_true, y_pred, *, sample_weight=None, multioutput='uniform_average', "
                             "force_finite=True)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_sklearn_def = {.name = "sklearn"};

/* scikit-learn 1.2's public names of sklearn.metrics (dir(sklearn.metrics)) that nnc lacks:
 * refused by name, never offered as a slip of another name (median_absolute_error is not
 * mean_absolute_error). */
static const char metrics_lacks[] =
    "DetCurveDisplay DistanceMetric PrecisionRecallDisplay "
    "PredictionErrorDisplay RocCurveDisplay SCORERS adjusted_mutual_info_score "
    "adjusted_rand_score auc average_precision_score balanced_accuracy_score brier_score_loss "
    "calinski_harabasz_score check_scoring class_likelihood_ratios cluster "
    "completeness_score consensus_score coverage_error d2_absolute_error_score "
    "d2_pinball_score d2_tweedie_score davies_bouldin_score dcg_score det_curve "
    "euclidean_distances explained_variance_score fbeta_score fowlkes_mallows_score "
    "get_scorer get_scorer_names hamming_loss hinge_loss homogeneity_completeness_v_measure "
    "homogeneity_score jaccard_score label_ranking_average_precision_score label_ranking_loss "
    "log_loss make_scorer matthews_corrcoef max_error mean_absolute_percentage_error "
    "mean_gamma_deviance mean_pinball_loss mean_poisson_deviance mean_squared_log_error "
    "mean_tweedie_deviance median_absolute_error multilabel_confusion_matrix "
    "mutual_info_score nan_euclidean_distances ndcg_score normalized_mutual_info_score "
    "pair_confusion_matrix pairwise pairwise_distances pairwise_distances_argmin "
    "pairwise_distances_argmin_min pairwise_distances_chunked pairwise_kernels "
    "precision_recall_curve precision_recall_fscore_support rand_score roc_curve "
    "silhouette_samples silhouette_score top_k_accuracy_score v_measure_score zero_one_loss";

const FeModuleDef pl_sklearn_metrics_def = {.name = "sklearn.metrics", .fns = metrics_fns,
                                            .lacks = metrics_lacks};
