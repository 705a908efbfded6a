/* metrics.c — compile(metrics=[...]) as Keras 3 computes them: each metric a streaming
 * state updated batch by batch from the predictions and targets, and a result at any time
 * (Keras's update_state and result), so an epoch's value covers all its samples so far.
 *
 * "accuracy" (and "acc", any case) is resolved as Keras 3's compile resolves it: binary
 * when the output has one unit, sparse categorical when the targets are class ids, else
 * categorical. Thresholds are Keras's: 0.5 for binary accuracy, precision and recall (the
 * model's logits are not special: Keras thresholds what the model outputs); AUC's 200
 * thresholds (i/199 for i in 1..198, and -eps, 1+eps at the ends) with its interpolation
 * for ROC (trapezoids) and PR (Davis and Goadrich). Ties in argmax go to the first index;
 * top-k ranks the true class by how many predictions exceed it, as Keras's in_top_k.
 * F1Score and FBetaScore follow Keras's FBetaScore: counts per class, its epsilons, and
 * with average None one value per class (a vector metric: Metrics.values holds every
 * metric's values, the result its mean).
 * Every state is sums in double, so the result does not depend on the batch size beyond
 * rounding; a result is rounded to the model's dtype, as Keras's float32 metric variables
 * hold it.
 */
#include <math.h>
#include <string.h>

#include "keras.h"

#define EPS 1e-7
enum { AUC_THRESHOLDS = 200 };

/* ---- the state: a metric's sums ---- */

/* Doubles a metric's state needs for `units` outputs. */
static int64_t state_size(nnc_metric k, int64_t units) {
  switch (k) {
  case NNC_METRIC_AUC: return 4 * AUC_THRESHOLDS;       /* tp, fp, tn, fn per threshold */
  case NNC_METRIC_PRECISION: case NNC_METRIC_RECALL: return 3; /* tp, fp, fn */
  case NNC_METRIC_F1_SCORE: case NNC_METRIC_FBETA_SCORE:
    return 4 * units;                                    /* tp, fp, fn, true count per class */
  case NNC_METRIC_R2_SCORE: return 4 * units;           /* sum y, sum y^2, sum e^2, count */
  case NNC_METRIC_ACCURACY: case NNC_METRIC_BINARY_ACCURACY: case NNC_METRIC_CATEGORICAL_ACCURACY:
  case NNC_METRIC_SPARSE_CATEGORICAL_ACCURACY: case NNC_METRIC_TOP_K_CATEGORICAL_ACCURACY:
  case NNC_METRIC_SPARSE_TOP_K_CATEGORICAL_ACCURACY: case NNC_METRIC_MEAN_ABSOLUTE_ERROR:
  case NNC_METRIC_MEAN_SQUARED_ERROR: case NNC_METRIC_ROOT_MEAN_SQUARED_ERROR:
  case NNC_METRIC_MEAN_ABSOLUTE_PERCENTAGE_ERROR: case NNC_METRIC_MEAN_SQUARED_LOGARITHMIC_ERROR:
    return 2;                                            /* sum of values, count */
  }
  return 0;
}

/* The rows of a batch as Keras sees them: pred [n, units], y [n, units] or class ids [n]. */
typedef struct {
  const nnc_tensor *pred, *y;
  int64_t n, units;
  bool ids;
} Batch;

static double P(const Batch *b, int64_t r, int64_t j) { return rt_tensor_get(b->pred, r * b->units + j); }
static double Y(const Batch *b, int64_t r, int64_t j) {
  return rt_tensor_get(b->y, b->ids ? r : r * b->units + j);
}

static int64_t argmax_row(const Batch *b, int64_t r, bool of_y) {
  int64_t best = 0;
  for (int64_t j = 1; j < b->units; j++)
    if ((of_y ? Y(b, r, j) : P(b, r, j)) > (of_y ? Y(b, r, best) : P(b, r, best)))
      best = j;
  return best;
}

static int64_t true_class(const Batch *b, int64_t r) {
  return b->ids ? (int64_t)llround(Y(b, r, 0)) : argmax_row(b, r, true);
}

/* 1 + the predictions of row r above the true class's, at most k (Keras's in_top_k) */
static bool in_top_k(const Batch *b, int64_t r, double k) {
  int64_t c = true_class(b, r);
  double at = c >= 0 && c < b->units ? P(b, r, c) : -INFINITY;
  int64_t rank = 1;
  for (int64_t j = 0; j < b->units; j++)
    rank += P(b, r, j) > at;
  return (double)rank <= k;
}

/* One output's term of a mean metric's per-sample value (its mean over the outputs). */
static double term(nnc_metric k, double p, double y, double arg) {
  double e = p - y;
  if (k == NNC_METRIC_BINARY_ACCURACY)
    return (p > arg ? 1.0 : 0.0) == y;
  if (k == NNC_METRIC_MEAN_ABSOLUTE_ERROR)
    return fabs(e);
  if (k == NNC_METRIC_MEAN_ABSOLUTE_PERCENTAGE_ERROR)
    return 100 * fabs(e / fmax(fabs(y), EPS));
  if (k == NNC_METRIC_MEAN_SQUARED_LOGARITHMIC_ERROR) {
    double l = log(fmax(p, EPS) + 1) - log(fmax(y, EPS) + 1);
    return l * l;
  }
  return e * e; /* MSE, RMSE */
}

/* The per-sample value of a mean metric (Keras's MeanMetricWrapper of its function). */
static double sample_value(nnc_metric k, const Batch *b, int64_t r, double arg) {
  if (k == NNC_METRIC_CATEGORICAL_ACCURACY || k == NNC_METRIC_SPARSE_CATEGORICAL_ACCURACY)
    return argmax_row(b, r, false) == true_class(b, r);
  if (k == NNC_METRIC_TOP_K_CATEGORICAL_ACCURACY || k == NNC_METRIC_SPARSE_TOP_K_CATEGORICAL_ACCURACY)
    return in_top_k(b, r, arg);
  double s = 0;
  for (int64_t j = 0; j < b->units; j++)
    s += term(k, P(b, r, j), Y(b, r, j), arg);
  return s / (double)b->units;
}

static double auc_threshold(int i) {
  return i == 0 ? -EPS : i == AUC_THRESHOLDS - 1 ? 1 + EPS : (double)i / (AUC_THRESHOLDS - 1);
}

static void update_auc(double *s, const Batch *b) {
  double *tp = s, *fp = s + AUC_THRESHOLDS, *tn = fp + AUC_THRESHOLDS, *fn = tn + AUC_THRESHOLDS;
  for (int64_t r = 0; r < b->n; r++)
    for (int64_t j = 0; j < b->units; j++) {
      double p = P(b, r, j);
      bool pos = Y(b, r, j) != 0;
      for (int i = 0; i < AUC_THRESHOLDS; i++) {
        bool above = p > auc_threshold(i);
        tp[i] += pos && above, fp[i] += !pos && above, tn[i] += !pos && !above,
            fn[i] += pos && !above;
      }
    }
}

/* Precision and recall: counts over every element, the prediction above 0.5 */
static void update_pr(double *s, const Batch *b) {
  for (int64_t r = 0; r < b->n; r++)
    for (int64_t j = 0; j < b->units; j++) {
      bool above = P(b, r, j) > 0.5, pos = Y(b, r, j) != 0;
      s[0] += pos && above, s[1] += !pos && above, s[2] += pos && !above;
    }
}

/* FBetaScore's counts per class. A positive prediction: above the threshold, or with
 * threshold None (NaN) the row's largest, ties all positive, unless it is 0 (Keras's
 * abs > 1e-9, so a row of zeros has none). */
static void update_fbeta(double *s, const Batch *b, double threshold) {
  for (int64_t r = 0; r < b->n; r++) {
    double top = P(b, r, argmax_row(b, r, false));
    for (int64_t j = 0; j < b->units; j++) {
      double v = P(b, r, j), y = Y(b, r, j);
      double p = isnan(threshold) ? v >= top && fabs(v) > 1e-9 : v > threshold;
      double *c = s + 4 * j;
      c[0] += p * y, c[1] += p * (1 - y), c[2] += (1 - p) * y, c[3] += y;
    }
  }
}

static void update_r2(double *s, const Batch *b) {
  for (int64_t r = 0; r < b->n; r++)
    for (int64_t j = 0; j < b->units; j++) {
      double y = Y(b, r, j), e = y - P(b, r, j);
      s[4 * j] += y, s[4 * j + 1] += y * y, s[4 * j + 2] += e * e, s[4 * j + 3] += 1;
    }
}

static void update(nnc_metric k, double *s, const Batch *b, double arg, const nnc_f_score *f) {
  if (k == NNC_METRIC_AUC) {
    update_auc(s, b);
  } else if (k == NNC_METRIC_PRECISION || k == NNC_METRIC_RECALL) {
    update_pr(s, b);
  } else if (k == NNC_METRIC_F1_SCORE || k == NNC_METRIC_FBETA_SCORE) {
    update_fbeta(s, b, f->threshold);
  } else if (k == NNC_METRIC_R2_SCORE) {
    update_r2(s, b);
  } else {
    for (int64_t r = 0; r < b->n; r++)
      s[0] += sample_value(k, b, r, arg);
    s[1] += (double)b->n;
  }
}

/* ---- results ---- */

static double div0(double a, double b) { return b == 0 ? 0 : a / b; } /* divide_no_nan */

static double auc_roc(const double *tp, const double *fp, const double *tn, const double *fn) {
  double area = 0;
  for (int i = 0; i + 1 < AUC_THRESHOLDS; i++) {
    double fpr0 = div0(fp[i], fp[i] + tn[i]), fpr1 = div0(fp[i + 1], fp[i + 1] + tn[i + 1]);
    double tpr0 = div0(tp[i], tp[i] + fn[i]), tpr1 = div0(tp[i + 1], tp[i + 1] + fn[i + 1]);
    area += (fpr0 - fpr1) * (tpr0 + tpr1) / 2;
  }
  return area;
}

/* Keras's interpolated precision-recall area (Davis and Goadrich, 2006) */
static double auc_pr(const double *tp, const double *fp, const double *fn) {
  double area = 0;
  for (int i = 0; i + 1 < AUC_THRESHOLDS; i++) {
    double dtp = tp[i] - tp[i + 1], p0 = tp[i] + fp[i], p1 = tp[i + 1] + fp[i + 1];
    double slope = div0(dtp, fmax(p0 - p1, 0)), intercept = tp[i + 1] - slope * p1;
    double ratio = p0 > 0 && p1 > 0 ? div0(p0, fmax(p1, 0)) : 1;
    area += div0(slope * (dtp + intercept * log(ratio)), fmax(tp[i + 1] + fn[i + 1], 0));
  }
  return area;
}

/* F-beta of counts c (tp, fp, fn), with Keras's epsilons */
static double fbeta_of(const double *c, double beta) {
  double p = c[0] / (c[0] + c[1] + EPS), r = c[0] / (c[0] + c[2] + EPS), b2 = beta * beta;
  return (1 + b2) * (p * r / (b2 * p + r + EPS));
}

/* FBetaScore's values into out: one per class (average None), else one. Micro sums the
 * classes' counts first, as Keras's scalar state does. */
static void fbeta(const double *s, int64_t units, const nnc_f_score *f, double beta, double *out) {
  double micro[3] = {0}, weights = 0, sum = 0, weighted = 0;
  for (int64_t j = 0; j < units; j++) {
    const double *c = s + 4 * j;
    double v = fbeta_of(c, beta);
    if (f->average == NNC_F_AVERAGE_NONE)
      out[j] = v;
    micro[0] += c[0], micro[1] += c[1], micro[2] += c[2];
    weights += c[3], sum += v, weighted += v * c[3];
  }
  if (f->average == NNC_F_AVERAGE_MICRO)
    out[0] = fbeta_of(micro, beta);
  else if (f->average == NNC_F_AVERAGE_MACRO)
    out[0] = sum / (double)units;
  else if (f->average == NNC_F_AVERAGE_WEIGHTED)
    out[0] = weighted / (weights + EPS);
}

/* 1 - SS_res/SS_tot per output (0 where SS_tot is 0), averaged uniformly */
static double r2(const double *s, int64_t units) {
  double sum = 0;
  for (int64_t j = 0; j < units; j++) {
    const double *o = s + 4 * j;
    double total = o[1] - o[0] * div0(o[0], o[3]);
    double raw = 1 - o[2] / total;
    sum += isinf(raw) ? 0 : raw;
  }
  return sum / (double)units;
}

static double scalar(nnc_metric k, const double *s, int64_t units, double arg) {
  const double *tp = s, *fp = s + AUC_THRESHOLDS, *tn = fp + AUC_THRESHOLDS, *fn = tn + AUC_THRESHOLDS;
  if (k == NNC_METRIC_AUC)
    return arg != 0 ? auc_pr(tp, fp, fn) : auc_roc(tp, fp, tn, fn);
  if (k == NNC_METRIC_PRECISION)
    return div0(s[0], s[0] + s[1]);
  if (k == NNC_METRIC_RECALL)
    return div0(s[0], s[0] + s[2]);
  if (k == NNC_METRIC_R2_SCORE)
    return r2(s, units);
  if (k == NNC_METRIC_ROOT_MEAN_SQUARED_ERROR)
    return sqrt(div0(s[0], s[1]));
  return div0(s[0], s[1]);
}

/* ---- the model's metrics ---- */

/* The argument of the i-th metric: "accuracy" takes its resolved metric's default. */
static double arg_of(const nnc_model *m, int i, nnc_metric resolved) {
  nnc_metric k = m->copt.metrics[i];
  return k == NNC_METRIC_ACCURACY ? keras_metric_default_arg(resolved) : m->copt.metric_args[i];
}

nnc_metric keras_metric_resolve(const nnc_model *m, nnc_metric k) {
  if (k != NNC_METRIC_ACCURACY)
    return k;
  if (keras_out_units(m) == 1)
    return NNC_METRIC_BINARY_ACCURACY;
  return keras_sparse(m) ? NNC_METRIC_SPARSE_CATEGORICAL_ACCURACY : NNC_METRIC_CATEGORICAL_ACCURACY;
}

static bool is_fbeta(nnc_metric k) {
  return k == NNC_METRIC_F1_SCORE || k == NNC_METRIC_FBETA_SCORE;
}

int64_t keras_metric_length(const nnc_model *m, int i) {
  bool vector = is_fbeta(m->copt.metrics[i]) && m->copt.f_scores[i].average == NNC_F_AVERAGE_NONE;
  return vector ? keras_out_units(m) : 1;
}

/* Metric i's values (keras_metric_length of them) of its state s into out. */
static void values(const nnc_model *m, int i, nnc_metric k, const double *s, int64_t units,
                   double *out) {
  const nnc_f_score *f = &m->copt.f_scores[i];
  if (is_fbeta(k))
    fbeta(s, units, f, k == NNC_METRIC_F1_SCORE ? 1 : f->beta, out);
  else
    out[0] = scalar(k, s, units, arg_of(m, i, k));
}

/* Grows *p to hold n doubles (*cap of them now), zeroed. */
static nnc_status zeroed(double **p, int64_t *cap, int64_t n) {
  if (n > *cap) {
    double *q = base_realloc(*p, (size_t)n * sizeof *q);
    if (!q)
      return base_error(NNC_ERR_NOMEM, "metrics: out of memory");
    *p = q, *cap = n;
  }
  if (n)
    memset(*p, 0, (size_t)n * sizeof **p);
  return NNC_OK;
}

nnc_status keras_metrics_reset(const nnc_model *m, Metrics *ms) {
  int64_t units = keras_out_units(m), total = 0;
  ms->off[0] = 0;
  for (int i = 0; i < m->copt.nmetrics; i++) {
    total += state_size(keras_metric_resolve(m, m->copt.metrics[i]), units);
    ms->off[i + 1] = ms->off[i] + keras_metric_length(m, i);
  }
  nnc_status s = zeroed(&ms->sums, &ms->cap, total);
  return s == NNC_OK ? zeroed(&ms->values, &ms->vcap, ms->off[m->copt.nmetrics]) : s;
}

void keras_metrics_update(const nnc_model *m, Metrics *ms, const nnc_tensor *pred,
                          const nnc_tensor *y, int64_t n) {
  Batch b = {pred, y, n, keras_out_units(m), keras_sparse(m)};
  double *s = ms->sums;
  for (int i = 0; i < m->copt.nmetrics; i++) {
    nnc_metric k = keras_metric_resolve(m, m->copt.metrics[i]);
    update(k, s, &b, arg_of(m, i, k), &m->copt.f_scores[i]);
    s += state_size(k, b.units);
  }
}

/* A vector metric's scalar is the mean of its values, what Keras's progress bar shows. */
void keras_metrics_result(const nnc_model *m, Metrics *ms, double *out) {
  int64_t units = keras_out_units(m);
  const double *s = ms->sums;
  for (int i = 0; i < m->copt.nmetrics; i++) {
    nnc_metric k = keras_metric_resolve(m, m->copt.metrics[i]);
    double *v = ms->values + ms->off[i], sum = 0;
    values(m, i, k, s, units, v);
    for (int64_t j = 0; j < ms->off[i + 1] - ms->off[i]; j++)
      sum += v[j] = keras_rounded(m, v[j]);
    out[i] = keras_rounded(m, sum / (double)(ms->off[i + 1] - ms->off[i]));
    s += state_size(k, units);
  }
}

void keras_metrics_free(Metrics *ms) {
  base_free(ms->sums);
  base_free(ms->values);
  *ms = (Metrics){0};
}

int keras_accuracy_index(const nnc_model *m) {
  for (int i = 0; i < m->copt.nmetrics; i++)
    if (m->copt.metrics[i] == NNC_METRIC_ACCURACY)
      return i;
  return -1;
}

double nnc_metric_default_arg(nnc_metric k) {
  return keras_metric_default_arg(k);
}

double keras_metric_default_arg(nnc_metric k) {
  return k == NNC_METRIC_BINARY_ACCURACY ? 0.5
         : k == NNC_METRIC_TOP_K_CATEGORICAL_ACCURACY ||
                 k == NNC_METRIC_SPARSE_TOP_K_CATEGORICAL_ACCURACY ? 5 : 0;
}
