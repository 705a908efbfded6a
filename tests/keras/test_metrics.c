/* test_metrics.c — every compile metric against real Keras 3's numbers (reference/make.py
 * wrote them): the metric updated with two batches, as fit's steps update it, then its
 * result; "accuracy" resolved as Keras 3 resolves it; metrics that read the other kind of
 * targets refused at compile. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "keras.h"
#include "reference/metrics.inc"

enum { NREF = sizeof met_ref / sizeof met_ref[0] };

/* The loss whose targets the reference's are: what compile pairs the metric with. */
static nnc_loss_kind loss_for(int target) {
  return target == M_IDS ? NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY
         : target == M_YC ? NNC_LOSS_CATEGORICAL_CROSSENTROPY
         : target == M_Y ? NNC_LOSS_MEAN_SQUARED_ERROR : NNC_LOSS_BINARY_CROSSENTROPY;
}

static nnc_model *compiled(int64_t units, nnc_loss_kind loss, nnc_metric k, double arg) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  nnc_model_add_input(m, 3);
  nnc_dense_options d = nnc_dense(units, NNC_ACT_SIGMOID);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(loss);
  c.nmetrics = 1;
  c.metrics[0] = k;
  c.metric_args[0] = arg;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  return m;
}

/* rows [r0, r0+3) of a [6, w] array as a tensor */
static nnc_tensor *rows(const double *a, int64_t w, int r0, bool ids) {
  int64_t shape[2] = {3, w};
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_new(NNC_F64, ids ? 1 : 2, shape, &t), NNC_OK);
  memcpy(nnc_tensor_data(t), a + r0 * w, (size_t)(3 * w) * sizeof(double));
  return t;
}

Test(metrics, every_metric_is_keras_after_two_batches) {
  for (int i = 0; i < NREF; i++) {
    nnc_metric k;
    cr_assert_eq(nnc_metric_from_name(met_ref[i].name, &k), NNC_OK, "%s", met_ref[i].name);
    bool ids = met_ref[i].target == M_IDS;
    int64_t units = met_ref[i].target == M_YB1 ? 1 : 4;
    nnc_model *m = compiled(units, loss_for(met_ref[i].target), k, met_ref[i].arg);
    Metrics ms = {0};
    cr_assert_eq(keras_metrics_reset(m, &ms), NNC_OK);
    double p[24];                       /* the first `units` columns of met_p */
    for (int r = 0; r < 6; r++)
      for (int j = 0; j < units; j++)
        p[r * units + j] = met_p[r * 4 + j];
    for (int r0 = 0; r0 < 6; r0 += 3) {
      nnc_tensor *pt = rows(p, units, r0, false), *yt = rows(met_t[met_ref[i].target], ids ? 1 : units, r0, ids);
      keras_metrics_update(m, &ms, pt, yt, 3);
      nnc_tensor_free(pt);
      nnc_tensor_free(yt);
    }
    double got;
    keras_metrics_result(m, &ms, &got);
    cr_expect(fabs(got - met_ref[i].want) <= 1e-6 * fmax(fabs(met_ref[i].want), 1e-3),
              "%s(%g) on %d: %.9g, Keras %.9g", met_ref[i].name, met_ref[i].arg,
              met_ref[i].target, got, met_ref[i].want);
    keras_metrics_free(&ms);
    nnc_model_free(m);
  }
}

Test(metrics, every_metric_has_a_reference) {
  for (int k = 0; nnc_metric_name((nnc_metric)k); k++) {
    bool found = false;
    for (int i = 0; i < NREF; i++) {
      nnc_metric r;
      found |= nnc_metric_from_name(met_ref[i].name, &r) == NNC_OK && (int)r == k;
    }
    cr_expect(found, "%s has no Keras reference in make.py", nnc_metric_name((nnc_metric)k));
  }
}

Test(metrics, accuracy_resolves_as_keras_3_compile) {
  nnc_model *m = compiled(1, NNC_LOSS_MEAN_SQUARED_ERROR, NNC_METRIC_ACCURACY, 0);
  cr_expect_eq(keras_metric_resolve(m, NNC_METRIC_ACCURACY), NNC_METRIC_BINARY_ACCURACY);
  nnc_model_free(m);
  /* two units and binary cross-entropy: categorical in Keras 3 (Keras 2 chose binary) */
  m = compiled(2, NNC_LOSS_BINARY_CROSSENTROPY, NNC_METRIC_ACCURACY, 0);
  cr_expect_eq(keras_metric_resolve(m, NNC_METRIC_ACCURACY), NNC_METRIC_CATEGORICAL_ACCURACY);
  cr_expect_str_eq(m->copt.metric_keys[0], "accuracy");
  nnc_model_free(m);
  m = compiled(3, NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, NNC_METRIC_ACCURACY, 0);
  cr_expect_eq(keras_metric_resolve(m, NNC_METRIC_ACCURACY), NNC_METRIC_SPARSE_CATEGORICAL_ACCURACY);
  nnc_model_free(m);
}

Test(metrics, compile_refuses_metrics_that_read_other_targets) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  nnc_model_add_input(m, 3);
  nnc_dense_options d = nnc_dense(4, NNC_ACT_SOFTMAX);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_CATEGORICAL_CROSSENTROPY);
  c.nmetrics = 1;
  c.metrics[0] = NNC_METRIC_SPARSE_CATEGORICAL_ACCURACY;
  cr_expect_eq(nnc_model_compile(m, &c), NNC_ERR_ARG);
  cr_expect(strstr(nnc_last_error(), "sparse_categorical_accuracy needs class-id targets"), "%s",
            nnc_last_error());
  c.metrics[0] = NNC_METRIC_TOP_K_CATEGORICAL_ACCURACY;
  c.metric_args[0] = 0;
  cr_expect_eq(nnc_model_compile(m, &c), NNC_ERR_ARG);
  cr_expect(strstr(nnc_last_error(), "k must be a positive integer"), "%s", nnc_last_error());
  c.nmetrics = NNC_METRICS_MAX + 1;
  cr_expect_eq(nnc_model_compile(m, &c), NNC_ERR_ARG);
  nnc_model_free(m);
}

/* The logs carry every metric under its key, and evaluate gives the same as the last epoch
 * would on the same data and weights. */
Test(metrics, fit_and_evaluate_report_every_metric) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  nnc_model_add_input(m, 4);
  nnc_dense_options d = nnc_dense(4, NNC_ACT_SIGMOID);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.accuracy = 1;
  c.nmetrics = 2;
  c.metrics[0] = NNC_METRIC_MEAN_ABSOLUTE_ERROR, c.metric_keys[0] = "mae";
  c.metrics[1] = NNC_METRIC_AUC;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  int64_t s[2] = {6, 4};
  nnc_tensor *x, *y;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, s, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, s, &y), NNC_OK);
  for (int i = 0; i < 24; i++)
    ((float *)nnc_tensor_data(x))[i] = (float)met_p[i], ((float *)nnc_tensor_data(y))[i] = (float)met_t[M_YB][i];
  nnc_metrics e;
  cr_assert_eq(nnc_model_evaluate(m, x, y, 32, &e), NNC_OK, "%s", nnc_last_error());
  cr_expect_eq(e.nmetrics, 3);
  cr_expect_str_eq(e.metric_keys[0], "mae");
  cr_expect_str_eq(e.metric_keys[1], "auc");
  cr_expect_str_eq(e.metric_keys[2], "accuracy");
  cr_expect(e.metrics[0] > 0 && e.metrics[0] < 1 && e.metrics[1] >= 0 && e.metrics[1] <= 1);
  cr_expect_eq(e.accuracy, e.metrics[2]);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

/* On epoch's logs: keeps the first one's vector metric values. */
static double logged[4];
static int64_t logged_n;
static int keep_epoch(const nnc_epoch_log *log, void *user) {
  (void)user;
  const int64_t *off = log->metric_offsets;
  logged_n = off[1] - off[0];
  memcpy(logged, log->metric_values + off[0], (size_t)logged_n * sizeof *logged);
  cr_expect_null(log->val_metric_values);
  return NNC_FIT_CONTINUE;
}

/* F1Score and FBetaScore as Keras 3's on met_p and the one-hot targets in two batches of
 * three (the model passes x through: identity kernel, linear): the vector of the classes'
 * scores without `average`, one number with it; nnc_metrics holds a vector's mean. Keras
 * 3.15.1 (JAX, float64): FBetaScore(beta=2.0) [0.5555555123456806, 0, 0.4999999550000022, 0];
 * with threshold=0.5 [0.999999930000003, 0, 0.9090908429752096, 0.624999929687504];
 * F1Score(average='micro') 0.333333283662796, 'weighted' 0.38888882777778266. */
Test(metrics, f_scores_give_keras_vectors_and_averages) {
  static const double want[][4] = {{0.5555555123456806, 0, 0.4999999550000022, 0},
                                   {0.999999930000003, 0, 0.9090908429752096, 0.624999929687504},
                                   {0.333333283662796}, {0.38888882777778266}};
  static const int64_t len[] = {4, 4, 1, 1};
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  nnc_model_add_input(m, 4);
  nnc_dense_options d = nnc_dense(4, NNC_ACT_LINEAR);
  d.kernel_initializer = NNC_INIT_IDENTITY;
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_CATEGORICAL_CROSSENTROPY);
  c.optimizer = nnc_sgd();
  c.optimizer.learning_rate = 0; /* the fit below leaves the weights as they are */
  c.nmetrics = 4;
  c.metrics[0] = c.metrics[1] = NNC_METRIC_FBETA_SCORE;
  c.metrics[2] = c.metrics[3] = NNC_METRIC_F1_SCORE;
  c.f_scores[0].beta = c.f_scores[1].beta = 2;
  c.f_scores[1].threshold = 0.5;
  c.f_scores[2].average = NNC_F_AVERAGE_MICRO;
  c.f_scores[3].average = NNC_F_AVERAGE_WEIGHTED;
  c.dtype = NNC_F64;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  int64_t s[2] = {6, 4};
  nnc_tensor *x, *y;
  cr_assert_eq(nnc_tensor_new(NNC_F64, 2, s, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F64, 2, s, &y), NNC_OK);
  memcpy(nnc_tensor_data(x), met_p, sizeof met_p);
  memcpy(nnc_tensor_data(y), met_t[M_YC], sizeof met_t[M_YC]);
  const double *v;
  cr_expect_eq(nnc_model_metric_values(m, 0, &v), 0, "no evaluate yet");
  cr_expect_null(v);
  nnc_metrics e;
  cr_assert_eq(nnc_model_evaluate(m, x, y, 3, &e), NNC_OK, "%s", nnc_last_error());
  for (int i = 0; i < 4; i++) {
    cr_assert_eq(nnc_model_metric_values(m, i, &v), len[i], "metric %d", i);
    double mean = 0;
    for (int j = 0; j < len[i]; j++) {
      cr_expect(fabs(v[j] - want[i][j]) <= 1e-6, "metric %d class %d: %.9g, Keras %.9g", i, j,
                v[j], want[i][j]);
      mean += v[j] / (double)len[i];
    }
    cr_expect(fabs(e.metrics[i] - mean) < 1e-12, "metric %d: %g, the mean %g", i, e.metrics[i], mean);
  }
  cr_expect_eq(nnc_model_metric_values(m, 4, &v), 0);
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0, f.batch_size = 3, f.shuffle = 0, f.epochs = 1, f.on_epoch = keep_epoch;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(logged_n, 4);
  for (int j = 0; j < 4; j++)
    cr_expect(fabs(logged[j] - want[0][j]) <= 1e-6, "epoch log class %d: %.9g", j, logged[j]);
  c.f_scores[1].threshold = 1.5;
  cr_expect_eq(nnc_model_compile(m, &c), NNC_ERR_ARG);
  cr_expect(strstr(nnc_last_error(), "threshold must verify 0 < threshold <= 1"), "%s",
            nnc_last_error());
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}
