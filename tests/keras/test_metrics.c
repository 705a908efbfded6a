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
