/* test_data_parallel.c — the training step of a data-parallel fit (keras/data_parallel.c),
 * in one process: the gradient step and the update step, with the gradients passed between
 * them through the model's buffer, train what the one fused step trains (within float
 * rounding: the update is no longer fused into the gradient's kernel), with its loss,
 * metrics and validation, BatchNormalization's moving statistics included; gradients in
 * buckets (NNC_DP_BUCKET_MB, each handed over as backward makes it) train the same bits as
 * one buffer, and a bad bucket size is refused by name. The sum across ranks itself is
 * tests/distributed/run.sh's, under mpirun. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "keras.h"
#include "support.h"

enum { N = 101, F = 5 };

static void data(nnc_tensor **x, nnc_tensor **y) {
  int64_t xs[2] = {N, F}, ys[2] = {N, 1};
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, y), NNC_OK);
  float *xd = nnc_tensor_data(*x), *yd = nnc_tensor_data(*y);
  for (int i = 0; i < N * F; i++)
    xd[i] = (float)((i * 37 % 101) - 50) / 50.0f;
  for (int i = 0; i < N; i++)
    yd[i] = xd[i * F] - xd[i * F + 1] * xd[i * F + 2] > 0;
}

static nnc_model *model(bool bn) {
  nnc_model *m = NULL;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  nnc_model_set_seed(m, 5);
  nnc_model_add_input(m, F);
  nnc_dense_options d = nnc_dense(12, NNC_ACT_RELU);
  nnc_model_add_dense(m, &d);
  if (bn)
    cr_assert_eq(nnc_model_add_layer_config(m, "BatchNormalization", NULL), NNC_OK, "%s",
                 nnc_last_error());
  d = nnc_dense(1, NNC_ACT_SIGMOID);
  nnc_model_add_dense(m, &d);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.nmetrics = 1;
  c.metrics[0] = NNC_METRIC_ACCURACY;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  return m;
}

static int last_epoch(const nnc_epoch_log *e, void *user) {
  *(nnc_epoch_log *)user = *e;
  return 0;
}

/* Fits a fresh model (split: through the two-function step) and hands out its last epoch. */
static nnc_model *fit(bool bn, bool split, nnc_epoch_log *log) {
  nnc_tensor *x, *y;
  data(&x, &y);
  nnc_model *m = model(bn);
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 6, f.batch_size = 16, f.verbose = 0, f.validation_split = 0.2;
  f.on_epoch = last_epoch, f.user = log;
  keras_dp_always = split;
  nnc_status s = nnc_model_fit(m, x, y, &f);
  keras_dp_always = false;
  cr_assert_eq(s, NNC_OK, "%s", nnc_last_error());
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  return m;
}

static void same_weight(nnc_model *a, nnc_model *b, const char *name) {
  nnc_tensor *ta = nnc_model_weight(a, name), *tb = nnc_model_weight(b, name);
  cr_assert(ta && tb, "%s", name);
  const float *pa = nnc_tensor_data(ta), *pb = nnc_tensor_data(tb);
  double worst = 0;
  for (int64_t i = 0; i < nnc_tensor_numel(ta); i++)
    worst = fmax(worst, fabs(pa[i] - pb[i]) / fmax(fabs(pa[i]), 1e-2));
  cr_expect_lt(worst, 1e-5, "%s: relative difference %g", name, worst);
}

static void split_trains_as_fused(bool bn) {
  nnc_epoch_log la, lb;
  nnc_model *a = fit(bn, false, &la), *b = fit(bn, true, &lb);
  same_weight(a, b, "dense/kernel");
  same_weight(a, b, "dense_1/bias");
  if (bn) {
    same_weight(a, b, "batch_normalization/gamma");
    same_weight(a, b, "batch_normalization/moving_mean");
    same_weight(a, b, "batch_normalization/moving_variance");
  }
  cr_expect_eq(la.epoch, 6);
  cr_expect_eq(lb.epoch, 6);
  cr_expect_float_eq(la.loss, lb.loss, 1e-5, "%g vs %g", la.loss, lb.loss);
  cr_expect_float_eq(la.accuracy, lb.accuracy, 1e-9);
  cr_expect_float_eq(la.val_loss, lb.val_loss, 1e-5);
  cr_expect_eq(nnc_model_iterations(a), nnc_model_iterations(b));
  nnc_model_free(a);
  nnc_model_free(b);
}

Test(keras, the_split_step_trains_what_the_fused_step_trains) {
  split_trains_as_fused(false);
}

Test(keras, the_split_step_moves_batch_norm_statistics_as_the_fused_step) {
  split_trains_as_fused(true);
}

/* The bits of every weight of a and b are the same. */
static void same_bits(nnc_model *a, nnc_model *b, const char *name) {
  nnc_tensor *ta = nnc_model_weight(a, name), *tb = nnc_model_weight(b, name);
  cr_assert(ta && tb, "%s", name);
  cr_expect(memcmp(nnc_tensor_data(ta), nnc_tensor_data(tb),
                   (size_t)nnc_tensor_numel(ta) * sizeof(float)) == 0,
            "%s: buckets changed the bits", name);
}

Test(keras, gradients_in_buckets_train_the_bits_of_one_buffer) {
  nnc_epoch_log la, lb;
  cr_assert_eq(setenv("NNC_DP_BUCKET_MB", "0", 1), 0);
  nnc_model *a = fit(false, true, &la);
  cr_assert_eq(setenv("NNC_DP_BUCKET_MB", "0.0001", 1), 0); /* a bucket a weight or two */
  nnc_model *b = fit(false, true, &lb);
  unsetenv("NNC_DP_BUCKET_MB");
  cr_expect_gt(b->grads.nbuckets, 1, "%d buckets", b->grads.nbuckets);
  cr_expect_eq(a->grads.nbuckets, 1);
  nnc_epoch_log lc;
  nnc_model *c = fit(false, true, &lc); /* the default: the last layer's bucket, the rest */
  cr_expect_eq(c->grads.nbuckets, 2, "%d buckets by default", c->grads.nbuckets);
  cr_expect_eq(c->grads.cut[1], 2, "the first bucket holds weights from %d on", c->grads.cut[1]);
  same_bits(a, c, "dense/kernel");
  nnc_model_free(c);
  static const char *const names[] = {"dense/kernel", "dense/bias", "dense_1/kernel",
                                      "dense_1/bias"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    same_bits(a, b, names[i]);
  cr_expect_eq(la.loss, lb.loss);
  cr_expect_eq(la.val_loss, lb.val_loss);
  nnc_model_free(a);
  nnc_model_free(b);
}

Test(keras, a_bad_bucket_size_is_refused_by_name) {
  nnc_tensor *x, *y;
  data(&x, &y);
  nnc_model *m = model(false);
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 1, f.verbose = 0;
  cr_assert_eq(setenv("NNC_DP_BUCKET_MB", "-3", 1), 0);
  keras_dp_always = true;
  nnc_status s = nnc_model_fit(m, x, y, &f);
  keras_dp_always = false;
  unsetenv("NNC_DP_BUCKET_MB");
  cr_expect_eq(s, NNC_ERR_ARG);
  cr_expect(strstr(nnc_last_error(), "NNC_DP_BUCKET_MB=-3: expected the megabytes"), "%s",
            nnc_last_error());
  cr_expect_eq(nnc_model_iterations(m), 0, "a refused fit trained");
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}
