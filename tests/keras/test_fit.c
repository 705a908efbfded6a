/* test_fit.c — the Keras-level training loop: it learns, it is deterministic, it follows
 * Keras's batching, validation split and optimizer formulas, and it stops cleanly on NaN. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "keras.h"
#include "support.h"

static nnc_tensor *tensor(nnc_dtype t, int rank, int64_t d0, int64_t d1) {
  int64_t s[2] = {d0, d1};
  nnc_tensor *x;
  cr_assert_eq(nnc_tensor_new(t, rank, s, &x), NNC_OK);
  return x;
}

/* n samples of k Gaussian blobs in 2-D (centres on a circle of radius 3, std 0.7), in a
 * fixed interleaved order; labels one-hot [n,k] (k > 1), 0/1 [n,1] (k == 1: two blobs), or
 * class ids (sparse). */
typedef enum { LAB_BINARY, LAB_ONEHOT, LAB_SPARSE } Labels;

static void blobs(int64_t n, int k, Labels lab, uint64_t seed, nnc_tensor **x, nnc_tensor **y) {
  int classes = lab == LAB_BINARY ? 2 : k;
  *x = tensor(NNC_F32, 2, n, 2);
  *y = lab == LAB_ONEHOT ? tensor(NNC_F32, 2, n, k)
       : lab == LAB_SPARSE ? tensor(NNC_I32, 1, n, 0) : tensor(NNC_F32, 2, n, 1);
  TestRng r = test_rng(seed);
  float *xd = (*x)->data;
  for (int64_t i = 0; i < n; i++) {
    int c = (int)(i % classes);
    double a = 6.283185307179586 * c / classes;
    for (int d = 0; d < 2; d++) {
      double u1 = test_uniform(&r, 1e-12, 1), u2 = test_uniform(&r, 0, 1);
      double z = sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2);
      xd[i * 2 + d] = (float)(3 * (d ? sin(a) : cos(a)) + 0.7 * z);
    }
    if (lab == LAB_ONEHOT)
      ((float *)(*y)->data)[i * k + c] = 1;
    else if (lab == LAB_SPARSE)
      ((int32_t *)(*y)->data)[i] = c;
    else
      ((float *)(*y)->data)[i] = (float)c;
  }
}

static nnc_model *mlp(int64_t out, nnc_activation act, uint64_t seed) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_set_seed(m, seed), NNC_OK);
  nnc_dense_options d = nnc_dense(8, NNC_ACT_RELU);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  d = nnc_dense(out, act);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  return m;
}

static nnc_fit_options quiet(int epochs, int64_t bs) {
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = epochs;
  f.batch_size = bs;
  f.verbose = 0;
  return f;
}

Test(runtime, fit_learns_two_blobs) {
  nnc_tensor *x, *y;
  blobs(300, 1, LAB_BINARY, 1, &x, &y);
  nnc_model *m = mlp(1, NNC_ACT_SIGMOID, 7);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer = nnc_adam();
  c.optimizer.learning_rate = 0.02;
  c.accuracy = 1;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_metrics before, after;
  cr_assert_eq(nnc_model_evaluate(m, x, y, 32, &before), NNC_OK, "%s", nnc_last_error());
  nnc_fit_options f = quiet(20, 32);
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_evaluate(m, x, y, 32, &after), NNC_OK, "%s", nnc_last_error());
  cr_assert_lt(after.loss, before.loss / 4, "loss %g -> %g", before.loss, after.loss);
  cr_assert_geq(after.accuracy, 0.97, "accuracy %g", after.accuracy);
  /* predict agrees with evaluate's accuracy */
  nnc_tensor *p;
  cr_assert_eq(nnc_model_predict(m, x, 50, &p), NNC_OK, "%s", nnc_last_error());
  int64_t right = 0;
  for (int64_t i = 0; i < 300; i++)
    right += (((float *)p->data)[i] > 0.5f) == (((float *)y->data)[i] > 0.5f);
  cr_assert_float_eq((double)right / 300, after.accuracy, 1e-12);
  nnc_tensor_free(p);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

Test(runtime, fit_learns_three_classes_sparse_and_onehot) {
  for (int sparse = 0; sparse < 2; sparse++) {
    nnc_tensor *x, *y;
    blobs(300, 3, sparse ? LAB_SPARSE : LAB_ONEHOT, 2, &x, &y);
    nnc_model *m = mlp(3, sparse ? NNC_ACT_LINEAR : NNC_ACT_SOFTMAX, 3);
    nnc_compile_options c = nnc_compile_defaults(
        sparse ? NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY : NNC_LOSS_CATEGORICAL_CROSSENTROPY);
    c.from_logits = sparse;
    c.optimizer = nnc_adam();
    c.optimizer.learning_rate = 0.02;
    c.accuracy = 1;
    cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
    nnc_fit_options f = quiet(20, 16);
    cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
    nnc_metrics r;
    cr_assert_eq(nnc_model_evaluate(m, x, y, 64, &r), NNC_OK, "%s", nnc_last_error());
    cr_assert_geq(r.accuracy, 0.95, "sparse %d: accuracy %g", sparse, r.accuracy);
    nnc_tensor_free(x);
    nnc_tensor_free(y);
    nnc_model_free(m);
  }
}

/* Keras 3's BinaryAccuracy compares logits with 0.5 too (compile_utils.get_metric does not
 * look at from_logits). */
Test(runtime, fit_from_logits_binary_accuracy_thresholds_at_half_as_keras_3) {
  nnc_tensor *x, *y;
  blobs(200, 1, LAB_BINARY, 4, &x, &y);
  nnc_model *m = mlp(1, NNC_ACT_LINEAR, 5);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.from_logits = 1;
  c.optimizer = nnc_adam();
  c.optimizer.learning_rate = 0.02;
  c.accuracy = 1;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_fit_options f = quiet(15, 32);
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  nnc_metrics r;
  cr_assert_eq(nnc_model_evaluate(m, x, y, 32, &r), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *p;
  cr_assert_eq(nnc_model_predict(m, x, 32, &p), NNC_OK);
  int64_t right = 0;
  for (int64_t i = 0; i < 200; i++)
    right += (((float *)p->data)[i] > 0.5f) == (((float *)y->data)[i] > 0.5f);
  cr_assert_float_eq((double)right / 200, r.accuracy, 1e-12);
  nnc_tensor_free(p);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

static void train_copy(uint64_t seed, nnc_tensor **k0, nnc_tensor **k1) {
  nnc_tensor *x, *y;
  blobs(100, 1, LAB_BINARY, 6, &x, &y);
  nnc_model *m = mlp(1, NNC_ACT_SIGMOID, seed);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_fit_options f = quiet(3, 16);
  f.validation_split = 0.1;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(rt_tensor_copy(nnc_model_kernel(m, 0), k0), NNC_OK);
  cr_assert_eq(rt_tensor_copy(nnc_model_kernel(m, 1), k1), NNC_OK);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

Test(runtime, fit_same_seed_gives_bit_identical_weights) {
  nnc_tensor *a0, *a1, *b0, *b1, *c0, *c1;
  train_copy(99, &a0, &a1);
  train_copy(99, &b0, &b1);
  train_copy(100, &c0, &c1);
  cr_assert_arr_eq(a0->data, b0->data, 16 * sizeof(float));
  cr_assert_arr_eq(a1->data, b1->data, 8 * sizeof(float));
  cr_assert_neq(memcmp(a0->data, c0->data, 16 * sizeof(float)), 0);
  nnc_tensor *all[] = {a0, a1, b0, b1, c0, c1};
  for (int i = 0; i < 6; i++)
    nnc_tensor_free(all[i]);
}

static int record(const nnc_epoch_log *log, void *user) {
  ((nnc_epoch_log *)user)[log->epoch - 1] = *log;
  return 0;
}

static nnc_tensor *rows(const nnc_tensor *t, int64_t from, int64_t to) {
  int64_t w = t->rank == 2 ? t->shape[1] : 1;
  nnc_tensor *r = tensor(t->dtype, t->rank, to - from, w);
  size_t es = rt_dtype_size(t->dtype);
  memcpy(r->data, (char *)t->data + (size_t)(from * w) * es, (size_t)((to - from) * w) * es);
  return r;
}

Test(runtime, fit_validation_split_takes_the_tail_before_shuffling) {
  nnc_tensor *x, *y;
  blobs(100, 1, LAB_BINARY, 8, &x, &y);
  /* poison the last 20 labels: if training ever saw them its loss would be NaN */
  for (int i = 80; i < 100; i++)
    ((float *)y->data)[i] = NAN;
  nnc_model *m = mlp(1, NNC_ACT_SIGMOID, 1);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_epoch_log logs[3];
  nnc_fit_options f = quiet(3, 16);
  f.validation_split = 0.2;
  f.on_epoch = record;
  f.user = logs;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  for (int e = 0; e < 3; e++) {
    cr_assert(isfinite(logs[e].loss));
    cr_assert(isnan(logs[e].val_loss));
    cr_assert(isnan(logs[e].accuracy), "accuracy was not asked for");
  }
  /* with clean labels, val_loss is evaluate() on the last 20 samples after the epoch */
  for (int i = 80; i < 100; i++)
    ((float *)y->data)[i] = (float)(i % 2);
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *xv = rows(x, 80, 100), *yv = rows(y, 80, 100);
  nnc_metrics r;
  cr_assert_eq(nnc_model_evaluate(m, xv, yv, 7, &r), NNC_OK, "%s", nnc_last_error());
  cr_assert_float_eq(r.loss, logs[2].val_loss, 1e-6, "%g vs %g", r.loss, logs[2].val_loss);
  nnc_tensor_free(xv);
  nnc_tensor_free(yv);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

/* y = w·x, one weight, MSE, plain SGD, f64, no shuffling: every step is predictable, so the
 * final weight shows which samples each step saw. */
static nnc_model *linear(nnc_optimizer opt, int use_bias) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 1), NNC_OK);
  nnc_dense_options d = nnc_dense(1, NNC_ACT_LINEAR);
  d.use_bias = use_bias;
  d.kernel_initializer = NNC_INIT_ONES;
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  c.optimizer = opt;
  c.dtype = NNC_F64;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  return m;
}

Test(runtime, fit_uneven_batches_train_on_every_sample) {
  nnc_optimizer sgd = nnc_sgd();
  sgd.learning_rate = 0.01;
  nnc_model *m = linear(sgd, 0);
  nnc_tensor *x = tensor(NNC_F64, 2, 10, 1), *y = tensor(NNC_F64, 2, 10, 1);
  double *xd = x->data;
  for (int i = 0; i < 10; i++)
    xd[i] = i + 1;
  /* by hand: batches [0,4) [4,8) [8,10); loss = mean(w²x²); dL/dw = 2w·mean(x²) */
  double w = 1, loss_sum = 0;
  for (int e = 0; e < 2; e++)
    for (int start = 0; start < 10; start += 4) {
      int b = start + 4 <= 10 ? 4 : 2;
      double mx2 = 0;
      for (int i = start; i < start + b; i++)
        mx2 += xd[i] * xd[i] / b;
      if (e == 1)
        loss_sum += w * w * mx2 * b;
      w -= sgd.learning_rate * 2 * w * mx2;
    }
  nnc_epoch_log logs[2];
  nnc_fit_options f = quiet(2, 4);
  f.shuffle = 0;
  f.on_epoch = record;
  f.user = logs;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_float_eq(*(double *)nnc_model_kernel(m, 0)->data, w, 1e-12);
  cr_assert_float_eq(logs[1].loss, loss_sum / 10, 1e-12, "%.17g vs %.17g", logs[1].loss, loss_sum / 10);
  /* evaluate with an uneven batch also counts every sample */
  nnc_metrics r;
  cr_assert_eq(nnc_model_evaluate(m, x, y, 3, &r), NNC_OK, "%s", nnc_last_error());
  cr_assert_float_eq(r.loss, w * w * 38.5, 1e-9); /* mean of x² over 1..10 is 38.5 */
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

/* One step on two samples of y = w·x + b (w = 1, b = 0) against hand-computed updates. */
static void first_step(nnc_optimizer opt, double *w, double *b) {
  nnc_model *m = linear(opt, 1);
  nnc_tensor *x = tensor(NNC_F64, 2, 2, 1), *y = tensor(NNC_F64, 2, 2, 1);
  ((double *)x->data)[0] = 1, ((double *)x->data)[1] = 2;
  ((double *)y->data)[0] = 3, ((double *)y->data)[1] = -1;
  nnc_fit_options f = quiet(1, 2);
  f.shuffle = 0;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  *w = *(double *)nnc_model_kernel(m, 0)->data;
  *b = *(double *)nnc_model_bias(m, 0)->data;
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

/* residuals r = w x + b - y = (1-3, 2+1) = (-2, 3); gw = mean(2 r x) = 4, gb = mean(2 r) = 1 */
static const double GW = 4, GB = 1;

Test(runtime, fit_first_step_sgd_momentum_nesterov) {
  double w, b;
  nnc_optimizer o = nnc_sgd();
  first_step(o, &w, &b);
  cr_assert_float_eq(w, 1 - 0.01 * GW, 1e-12);
  cr_assert_float_eq(b, -0.01 * GB, 1e-12);
  o.momentum = 0.9; /* v = -lr g; w += v */
  first_step(o, &w, &b);
  cr_assert_float_eq(w, 1 - 0.01 * GW, 1e-12);
  o.nesterov = 1; /* v = -lr g; w += mu v - lr g */
  first_step(o, &w, &b);
  cr_assert_float_eq(w, 1 - 0.9 * 0.01 * GW - 0.01 * GW, 1e-12);
  cr_assert_float_eq(b, -0.9 * 0.01 * GB - 0.01 * GB, 1e-12);
}

Test(runtime, fit_first_step_adam) {
  double w, b;
  nnc_optimizer o = nnc_adam();
  first_step(o, &w, &b);
  double alpha = 1e-3 * sqrt(1 - 0.999) / (1 - 0.9);
  double mw = 0.1 * GW, vw = 0.001 * GW * GW, mb = 0.1 * GB, vb = 0.001 * GB * GB;
  cr_assert_float_eq(w, 1 - alpha * mw / (sqrt(vw) + 1e-7), 1e-12, "%.17g", w);
  cr_assert_float_eq(b, -alpha * mb / (sqrt(vb) + 1e-7), 1e-12, "%.17g", b);
}

Test(runtime, fit_first_step_rmsprop) {
  double w, b;
  nnc_optimizer o = nnc_rmsprop();
  first_step(o, &w, &b);
  cr_assert_float_eq(w, 1 - 1e-3 * GW / sqrt(0.1 * GW * GW + 1e-7), 1e-12, "%.17g", w);
  cr_assert_float_eq(b, -1e-3 * GB / sqrt(0.1 * GB * GB + 1e-7), 1e-12, "%.17g", b);
}

Test(runtime, fit_nan_loss_stops_and_keeps_the_last_good_step) {
  nnc_model *m = linear(nnc_sgd(), 0);
  nnc_tensor *x = tensor(NNC_F64, 2, 6, 1), *y = tensor(NNC_F64, 2, 6, 1);
  for (int i = 0; i < 6; i++)
    ((double *)x->data)[i] = 0.5;
  ((double *)x->data)[5] = 1e300; /* the second batch's loss overflows to Inf */
  nnc_fit_options f = quiet(3, 4);
  f.shuffle = 0;
  int calls = 0;
  nnc_status s = nnc_model_fit(m, x, y, &f);
  cr_assert_eq(s, NNC_ERR_NUMERIC, "%s", nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "epoch 1, step 2"), "%s", nnc_last_error());
  /* step 1 (x = 0.5, y = 0): dL/dw = 2w·mean(x²) = 0.5, w = 1 - 0.01·0.5; step 2 is undone */
  cr_assert_float_eq(*(double *)nnc_model_kernel(m, 0)->data, 0.995, 1e-15, "step 1's update is kept");
  (void)calls;
  /* the model is still usable */
  ((double *)x->data)[5] = 0.5;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_lt(*(double *)nnc_model_kernel(m, 0)->data, 1.0);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

static int stop_now(const nnc_epoch_log *log, void *user) {
  ++*(int *)user;
  return log->epoch >= 2;
}

Test(runtime, fit_callback_stops_training) {
  nnc_model *m = linear(nnc_sgd(), 1);
  nnc_tensor *x = tensor(NNC_F64, 2, 5, 1), *y = tensor(NNC_F64, 2, 5, 1);
  int calls = 0;
  nnc_fit_options f = quiet(10, 2);
  f.on_epoch = stop_now;
  f.user = &calls;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(calls, 2);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

Test(runtime, fit_verbose_prints_one_line_per_epoch, .init = cr_redirect_stderr) {
  nnc_tensor *x, *y;
  blobs(40, 1, LAB_BINARY, 9, &x, &y);
  nnc_model *m = mlp(1, NNC_ACT_SIGMOID, 1);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.accuracy = 1;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 2;
  f.validation_split = 0.25;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  fflush(stderr);
  char buf[1024] = {0};
  size_t n = fread(buf, 1, sizeof buf - 1, cr_get_redirected_stderr());
  cr_assert_gt(n, 0u);
  cr_assert(strstr(buf, "Epoch 1/2 - "), "%s", buf);
  cr_assert(strstr(buf, "Epoch 2/2 - "), "%s", buf);
  cr_assert(strstr(buf, "s - loss: "), "%s", buf);
  cr_assert(strstr(buf, " - accuracy: "), "%s", buf);
  cr_assert(strstr(buf, " - val_loss: "), "%s", buf);
  cr_assert(strstr(buf, " - val_accuracy: "), "%s", buf);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

Test(runtime, fit_variants_are_cached_per_batch_size) {
  nnc_model *m = linear(nnc_sgd(), 1);
  int before = m->nvariants; /* compile made the training step for batch 32 */
  cr_assert_eq(before, 1);
  cr_assert_gt(nnc_model_compile_ms(m), 0);
  nnc_tensor *x = tensor(NNC_F64, 2, 10, 1), *y = tensor(NNC_F64, 2, 10, 1);
  nnc_fit_options f = quiet(2, 4);
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(m->nvariants, 3, "train 4 and train 2 were added");
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(m->nvariants, 3, "and reused");
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

Test(runtime, fit_recompile_keeps_weights_and_resets_the_optimizer) {
  nnc_optimizer adam = nnc_adam();
  nnc_model *m = linear(adam, 1);
  nnc_tensor *x = tensor(NNC_F64, 2, 2, 1), *y = tensor(NNC_F64, 2, 2, 1);
  ((double *)x->data)[0] = 1, ((double *)x->data)[1] = 2;
  ((double *)y->data)[0] = 3, ((double *)y->data)[1] = -1;
  nnc_fit_options f = quiet(1, 2);
  f.shuffle = 0;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  double w1 = *(double *)nnc_model_kernel(m, 0)->data;
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  c.optimizer = adam;
  c.dtype = NNC_F64;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(*(double *)nnc_model_kernel(m, 0)->data, w1, "weights survive a recompile");
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  /* a fresh Adam's first step moves w by about lr·sign(g): the state was reset */
  double w2 = *(double *)nnc_model_kernel(m, 0)->data;
  cr_assert_float_eq(fabs(w2 - w1), 1e-3, 1e-6, "step %g", w2 - w1);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

Test(runtime, fit_sparse_labels_as_column_of_floats) {
  nnc_tensor *x, *yi;
  blobs(90, 3, LAB_SPARSE, 10, &x, &yi);
  nnc_tensor *y = tensor(NNC_F32, 2, 90, 1);
  for (int i = 0; i < 90; i++)
    ((float *)y->data)[i] = (float)((int32_t *)yi->data)[i];
  nnc_model *m = mlp(3, NNC_ACT_SOFTMAX, 2);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY);
  c.accuracy = 1;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_metrics a, b;
  cr_assert_eq(nnc_model_evaluate(m, x, y, 32, &a), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_evaluate(m, x, yi, 32, &b), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(a.loss, b.loss, "[n,1] f32 and [n] i32 class ids are the same labels");
  cr_assert_eq(a.accuracy, b.accuracy);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_tensor_free(yi);
  nnc_model_free(m);
}

/* ---- validation_data, initial_epoch, EarlyStopping ---- */

static int count_steps(const nnc_batch_log *log, void *user) {
  (void)log;
  ++*(int *)user;
  return 0;
}

static void on_batch_count(const nnc_batch_log *log, void *user) {
  count_steps(log, ((void **)user)[1]);
}

static int record_through(const nnc_epoch_log *log, void *user) {
  return record(log, ((void **)user)[0]);
}

Test(runtime, fit_validation_data_val_loss_is_evaluate_on_it) {
  nnc_tensor *x, *y, *xv, *yv;
  blobs(96, 1, LAB_BINARY, 21, &x, &y);
  blobs(40, 1, LAB_BINARY, 22, &xv, &yv);
  nnc_model *m = mlp(1, NNC_ACT_SIGMOID, 3);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.accuracy = 1;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_epoch_log logs[2];
  int steps = 0;
  void *both[2] = {logs, &steps};
  nnc_fit_options f = quiet(2, 16);
  f.x_val = xv;
  f.y_val = yv;
  f.validation_split = 0.5; /* replaced by validation_data, as in Keras */
  f.on_epoch = record_through;
  f.on_batch = on_batch_count;
  f.user = both;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(steps, 12, "every sample of x trains: 2 epochs of 6 batches, found %d steps", steps);
  nnc_metrics met;
  cr_assert_eq(nnc_model_evaluate(m, xv, yv, 16, &met), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(logs[1].val_loss, met.loss, "%.17g vs %.17g", logs[1].val_loss, met.loss);
  cr_assert_eq(logs[1].val_accuracy, met.accuracy);
  cr_assert_neq(logs[0].val_loss, logs[1].val_loss);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_tensor_free(xv);
  nnc_tensor_free(yv);
  nnc_model_free(m);
}

/* Keras's on_test_batch_end logs: the loss and accuracy over the samples so far, batch by
 * batch, the last being evaluate's result. */
typedef struct {
  int batches;
  int64_t steps;
  double loss, accuracy, first_loss;
} Running;

static void running(const nnc_batch_log *b, void *user) {
  Running *r = user;
  cr_expect_eq(b->step, ++r->batches, "in order");
  cr_expect_eq(b->epoch, 1);
  r->steps = b->steps;
  r->loss = b->loss, r->accuracy = b->accuracy;
  if (b->step == 1)
    r->first_loss = b->loss;
}

Test(runtime, evaluate_with_reports_each_batch_as_keras_s_test_hooks) {
  nnc_tensor *x, *y;
  blobs(40, 1, LAB_BINARY, 22, &x, &y);
  nnc_model *m = mlp(1, NNC_ACT_SIGMOID, 3);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.accuracy = 1;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_metrics whole, first, hooked;
  Running r = {0};
  nnc_evaluate_options o = nnc_evaluate_defaults();
  o.batch_size = 16, o.on_batch = running, o.user = &r;
  cr_assert_eq(nnc_model_evaluate_with(m, x, y, &o, &hooked), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_evaluate(m, x, y, 16, &whole), NNC_OK);
  cr_assert_eq(r.batches, 3, "40 samples in batches of 16");
  cr_assert_eq(r.steps, 3);
  cr_assert_eq(hooked.loss, whole.loss);
  cr_assert_eq(r.loss, whole.loss, "the last batch's logs are the result");
  cr_assert_eq(r.accuracy, whole.accuracy);
  nnc_tensor *x16, *y16;
  blobs(16, 1, LAB_BINARY, 22, &x16, &y16); /* the same first 16 samples */
  cr_assert_eq(nnc_model_evaluate(m, x16, y16, 16, &first), NNC_OK);
  cr_assert_eq(r.first_loss, first.loss, "the first batch's logs are over its samples");
  o.on_batch = NULL;
  o.sample_weight = y; /* weights 0 and 1: as nnc_model_evaluate_weighted */
  cr_assert_eq(nnc_model_evaluate_with(m, x, y, &o, &hooked), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_evaluate_weighted(m, x, y, y, 16, &whole), NNC_OK);
  cr_assert_eq(hooked.loss, whole.loss);
  cr_assert_eq(nnc_model_evaluate_with(m, x, y, NULL, &hooked), NNC_OK, "NULL: the defaults");
  cr_assert_eq(nnc_model_evaluate(m, x, y, 32, &whole), NNC_OK);
  cr_assert_eq(hooked.loss, whole.loss);
  o.batch_size = 0;
  TEST_EXPECT(nnc_model_evaluate_with(m, x, y, &o, &hooked), NNC_ERR_ARG, "batch_size");
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_tensor_free(x16);
  nnc_tensor_free(y16);
  nnc_model_free(m);
}

Test(runtime, fit_validation_data_is_checked) {
  nnc_tensor *x, *y;
  blobs(32, 1, LAB_BINARY, 23, &x, &y);
  nnc_tensor *x3 = tensor(NNC_F32, 2, 10, 3), *y10 = tensor(NNC_F32, 2, 10, 1);
  nnc_model *m = mlp(1, NNC_ACT_SIGMOID, 3);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_fit_options f = quiet(1, 16);
  f.x_val = x;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "both x_val and y_val"), "%s", nnc_last_error());
  f.x_val = x3;
  f.y_val = y10;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_SHAPE);
  cr_assert(strstr(nnc_last_error(), "validation_data: x's samples are (None, 3), the model's input is (None, 2)"), "%s", nnc_last_error());
  f.x_val = x;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_SHAPE);
  cr_assert(strstr(nnc_last_error(), "x has 32 samples but y has 10"), "%s", nnc_last_error());
  f = quiet(1, 16);
  f.initial_epoch = -1;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "initial_epoch"), "%s", nnc_last_error());
  nnc_tensor *all[] = {x, y, x3, y10};
  for (int i = 0; i < 4; i++)
    nnc_tensor_free(all[i]);
  nnc_model_free(m);
}

/* mlp(1, sigmoid, seed 5) on 64 blobs, accuracy on, validation_split 0.25, batches of 16,
 * fitted with f's epochs, initial_epoch and early_stopping; *kernels gets a copy of both
 * kernels side by side, logs[e-1] epoch e's log, *ran the number of epochs run. */
static void train_es(const nnc_fit_options *opt, nnc_epoch_log *logs, int *ran, float kernels[24]) {
  nnc_tensor *x, *y;
  blobs(64, 1, LAB_BINARY, 31, &x, &y);
  nnc_model *m = mlp(1, NNC_ACT_SIGMOID, 5);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.accuracy = 1;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_fit_options f = *opt;
  nnc_epoch_log local[64];
  f.on_epoch = record;
  f.user = logs ? logs : local;
  f.validation_split = 0.25;
  f.batch_size = 16;
  f.verbose = 0;
  for (int i = 0; i < 64; i++)
    ((nnc_epoch_log *)f.user)[i].epoch = 0;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  if (ran)
    for (*ran = 0; *ran < f.epochs && ((nnc_epoch_log *)f.user)[*ran].epoch == *ran + 1; ++*ran)
      ;
  memcpy(kernels, nnc_model_kernel(m, 0)->data, 16 * sizeof(float));
  memcpy(kernels + 16, nnc_model_kernel(m, 1)->data, 8 * sizeof(float));
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

static void trained(int epochs, float kernels[24]) {
  nnc_fit_options f = quiet(epochs, 16);
  train_es(&f, NULL, NULL, kernels);
}

static nnc_fit_options with_es(int epochs, nnc_monitor mon, double min_delta, int patience,
                               nnc_mode mode, int restore) {
  nnc_fit_options f = quiet(epochs, 16);
  f.early_stopping = nnc_early_stopping_defaults();
  f.early_stopping.monitor = mon;
  f.early_stopping.min_delta = min_delta;
  f.early_stopping.patience = patience;
  f.early_stopping.mode = mode;
  f.early_stopping.restore_best_weights = restore;
  return f;
}

Test(runtime, fit_initial_epoch_trains_the_epochs_after_it) {
  nnc_epoch_log logs[64];
  float a[24], b[24], none[24];
  nnc_fit_options f = quiet(5, 16);
  f.initial_epoch = 3;
  int ran = 0;
  train_es(&f, logs, &ran, a);
  cr_assert_eq(logs[3].epoch, 4, "the first epoch trained is initial_epoch + 1");
  cr_assert_eq(logs[4].epoch, 5);
  cr_assert_eq(logs[0].epoch + logs[1].epoch + logs[2].epoch, 0, "epochs 1..3 are not trained");
  trained(2, b);
  cr_assert_arr_eq(a, b, sizeof a, "5 epochs from initial_epoch 3 are 2 epochs of training");
  f.initial_epoch = 5;
  train_es(&f, logs, &ran, none);
  trained(0, b);
  cr_assert_arr_eq(none, b, sizeof b, "initial_epoch == epochs trains nothing");
}

Test(runtime, fit_early_stopping_stops_after_patience_epochs_without_improvement) {
  float k[24], want[24];
  int ran;
  /* min_delta so large that no epoch improves on the first: stop at epoch 1 + patience */
  nnc_fit_options f = with_es(20, NNC_MONITOR_LOSS, 1e9, 2, NNC_MODE_MIN, 0);
  train_es(&f, NULL, &ran, k);
  cr_assert_eq(ran, 3, "ran %d epochs", ran);
  trained(3, want);
  cr_assert_arr_eq(k, want, sizeof k, "without restore_best_weights the last weights stay");
  f.early_stopping.patience = 0; /* Keras never stops at the first epoch */
  train_es(&f, NULL, &ran, k);
  cr_assert_eq(ran, 2, "ran %d epochs", ran);
  f.early_stopping.enabled = 0;
  train_es(&f, NULL, &ran, k);
  cr_assert_eq(ran, 20);
}

Test(runtime, fit_early_stopping_restores_the_best_epoch_when_it_stops) {
  float k[24], want[24];
  int ran;
  nnc_fit_options f = with_es(20, NNC_MONITOR_VAL_LOSS, 1e9, 2, NNC_MODE_AUTO, 1);
  train_es(&f, NULL, &ran, k);
  cr_assert_eq(ran, 3);
  trained(1, want);
  cr_assert_arr_eq(k, want, sizeof k, "the weights of epoch 1, the best");
}

Test(runtime, fit_early_stopping_restores_the_best_epoch_at_the_last_epoch) {
  float k[24], want[24];
  int ran;
  nnc_fit_options f = with_es(4, NNC_MONITOR_LOSS, 1e9, 10, NNC_MODE_MIN, 1);
  train_es(&f, NULL, &ran, k);
  cr_assert_eq(ran, 4, "never stopped");
  trained(1, want);
  cr_assert_arr_eq(k, want, sizeof k, "the weights of epoch 1, the best, also after the last epoch");
}

/* Keras's rule on a recorded sequence: the epoch it stops after (0: none) and the best. */
static void keras_rule(const double *v, int n, bool max, int patience, int *stop, int *best) {
  double b = NAN;
  int wait = 0;
  *stop = 0;
  *best = 0;
  for (int e = 1; e <= n && !*stop; e++) {
    wait++;
    if (isnan(b) || (max ? v[e - 1] > b : v[e - 1] < b)) {
      b = v[e - 1];
      *best = e;
      wait = 0;
    } else if (wait >= patience && e > 1) {
      *stop = e;
    }
  }
}

Test(runtime, fit_early_stopping_follows_keras_on_the_recorded_quantities) {
  nnc_monitor mons[] = {NNC_MONITOR_VAL_ACCURACY, NNC_MONITOR_VAL_LOSS, NNC_MONITOR_ACCURACY};
  for (int i = 0; i < 3; i++) {
    float k[24], want[24];
    nnc_epoch_log logs[64];
    int ran;
    nnc_fit_options f = with_es(12, mons[i], 0, 1, NNC_MODE_AUTO, 1);
    train_es(&f, logs, &ran, k);
    double v[64];
    for (int e = 0; e < ran; e++)
      v[e] = mons[i] == NNC_MONITOR_VAL_LOSS ? logs[e].val_loss
           : mons[i] == NNC_MONITOR_ACCURACY ? logs[e].accuracy : logs[e].val_accuracy;
    int stop, best;
    keras_rule(v, ran, mons[i] != NNC_MONITOR_VAL_LOSS, 1, &stop, &best);
    cr_assert_eq(stop ? stop : 12, ran, "monitor %d: ran %d epochs, Keras stops after %d", i, ran, stop);
    trained(best, want);
    cr_assert_arr_eq(k, want, sizeof k, "monitor %d: the weights of epoch %d", i, best);
  }
}

Test(runtime, fit_early_stopping_misuse) {
  nnc_tensor *x, *y;
  blobs(32, 1, LAB_BINARY, 24, &x, &y);
  nnc_model *m = mlp(1, NNC_ACT_SIGMOID, 3);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_fit_options f = quiet(2, 16);
  f.early_stopping = nnc_early_stopping_defaults();
  f.early_stopping.monitor = NNC_MONITOR_LOSS;
  f.early_stopping.patience = -1;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "patience"), "%s", nnc_last_error());
  f.early_stopping.patience = 0;
  f.early_stopping.mode = (nnc_mode)7;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "unknown mode 7"), "%s", nnc_last_error());
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

/* Keras's EarlyStopping warns when its monitor is not in the logs and lets training go on. */
Test(runtime, fit_early_stopping_without_its_monitor_warns_and_trains_on,
     .init = cr_redirect_stderr) {
  nnc_tensor *x, *y;
  blobs(32, 1, LAB_BINARY, 24, &x, &y);
  nnc_model *m = mlp(1, NNC_ACT_SIGMOID, 3);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_fit_options f = quiet(3, 16);
  f.early_stopping = nnc_early_stopping_defaults(); /* val_loss, and no validation data */
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_epoch(m), 3, "all epochs trained");
  f.early_stopping.monitor = NNC_MONITOR_ACCURACY; /* compiled without the metric */
  f.early_stopping.mode = NNC_MODE_MAX; /* auto cannot tell its way: Keras's ValueError */
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  fflush(stderr);
  cr_assert_stderr_eq_str(
      "UserWarning: Early stopping conditioned on metric `val_loss` which is not available. "
      "Available metrics are: loss\n"
      "UserWarning: Early stopping conditioned on metric `accuracy` which is not available. "
      "Available metrics are: loss\n", "once per fit");
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

Test(runtime, fit_early_stopping_verbose_says_when_it_stops_and_restores,
     .init = cr_redirect_stderr) {
  float k[24];
  int ran;
  nnc_fit_options f = with_es(20, NNC_MONITOR_LOSS, 1e9, 2, NNC_MODE_MIN, 1);
  f.early_stopping.verbose = 1;
  train_es(&f, NULL, &ran, k);
  fflush(stderr);
  cr_assert_stderr_eq_str("Epoch 3: early stopping\n"
                          "Restoring model weights from the end of the best epoch: 1.\n");
}

/* ---- nnc_cancel ---- */

static int cancel_calls;
static int running_seen;

static void cancel_at_epoch_2_step_3(const nnc_batch_log *b, void *user) {
  (void)user;
  if (b->epoch == 2 && b->step == 3) {
    running_seen = nnc_cancel();
    cancel_calls++;
  }
}

Test(runtime, fit_cancelled_stops_before_the_next_step_with_its_own_status) {
  nnc_tensor *x, *y;
  blobs(200, 1, LAB_BINARY, 3, &x, &y);
  nnc_model *m = mlp(1, NNC_ACT_SIGMOID, 7);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_fit_options f = quiet(5, 32);
  f.on_batch = cancel_at_epoch_2_step_3;
  TEST_EXPECT(nnc_model_fit(m, x, y, &f), NNC_ERR_CANCELLED, "epoch 2 before step 4");
  cr_assert_eq(cancel_calls, 1);
  cr_assert_eq(running_seen, 1, "nnc_cancel counts the fits running");
  cr_assert_eq(nnc_model_epoch(m), 1, "epoch 1 is the last finished");
  cr_assert_str_eq(nnc_status_name(NNC_ERR_CANCELLED), "NNC_ERR_CANCELLED");
  f.on_batch = NULL; /* the request was for that fit only */
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_cancel(), 0, "no fit is running");
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "a request made between fits is not kept");
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

/* The first layer's kernel after fit(f) from the same seed and data, with its status. */
static nnc_status kernel_after(nnc_fit_options *f, float k[7]) {
  nnc_tensor *x, *y;
  blobs(200, 1, LAB_BINARY, 3, &x, &y);
  nnc_model *m = mlp(1, NNC_ACT_SIGMOID, 7);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_status s = nnc_model_fit(m, x, y, f);
  memcpy(k, nnc_model_kernel(m, 0)->data, 7 * sizeof(float));
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  return s;
}

/* Keras's on_train_end does not run after a KeyboardInterrupt: a cancelled fit keeps the
 * weights its last step left, not EarlyStopping's best ones. */
Test(runtime, fit_cancelled_is_not_undone_by_restore_best_weights) {
  float best[7], finished[7], cancelled_k[7];
  nnc_fit_options f = quiet(1, 32);
  cr_assert_eq(kernel_after(&f, best), NNC_OK, "%s", nnc_last_error());
  f = quiet(3, 32);
  f.early_stopping = nnc_early_stopping_defaults();
  f.early_stopping.monitor = NNC_MONITOR_LOSS;
  f.early_stopping.min_delta = 1e9; /* no epoch improves on the first: epoch 1 is the best */
  f.early_stopping.patience = 10;
  f.early_stopping.restore_best_weights = 1;
  cr_assert_eq(kernel_after(&f, finished), NNC_OK, "%s", nnc_last_error());
  cr_assert_arr_eq(finished, best, sizeof best, "a finished fit restores epoch 1's weights");
  f.on_batch = cancel_at_epoch_2_step_3;
  cr_assert_eq(kernel_after(&f, cancelled_k), NNC_ERR_CANCELLED, "%s", nnc_last_error());
  cr_assert_arr_neq(cancelled_k, best, sizeof best, "the cancel's weights were replaced");
}

static void cancel_on_alarm(int sig) {
  (void)sig;
  nnc_cancel();
}

Test(runtime, fit_cancelled_from_a_signal_handler, .timeout = 60) {
  nnc_tensor *x, *y;
  blobs(2000, 1, LAB_BINARY, 3, &x, &y);
  nnc_model *m = mlp(1, NNC_ACT_SIGMOID, 7);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_fit_options f = quiet(1000000, 8);
  signal(SIGALRM, cancel_on_alarm);
  alarm(1);
  TEST_EXPECT(nnc_model_fit(m, x, y, &f), NNC_ERR_CANCELLED, "cancelled");
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

Test(runtime, fit_epoch_counts_near_int_max_do_not_overflow, .timeout = 60) {
  nnc_tensor *x, *y;
  blobs(16, 1, LAB_BINARY, 3, &x, &y);
  nnc_model *m = mlp(1, NNC_ACT_SIGMOID, 7);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_fit_options f = quiet(INT_MAX, 8);
  f.initial_epoch = INT_MAX - 1;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_epoch(m), INT_MAX, "one epoch, numbered INT_MAX");
  f.initial_epoch = INT_MAX;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_epoch(m), INT_MAX, "no epoch left");
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

Test(runtime, fit_class_ids_with_categorical_crossentropy_suggest_the_sparse_loss) {
  for (int column = 0; column < 2; column++) {
    nnc_tensor *x, *y;
    blobs(30, 3, LAB_SPARSE, 2, &x, &y);
    if (column) { /* [n, 1] */
      y->rank = 2;
      y->shape[1] = 1;
    }
    nnc_model *m = mlp(3, NNC_ACT_SOFTMAX, 3);
    nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_CATEGORICAL_CROSSENTROPY);
    cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
    nnc_fit_options f = quiet(1, 16);
    cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_SHAPE);
    cr_expect(strstr(nnc_last_error(), "y holds class ids (one column of integers from 0 to 2), "
                     "but categorical_crossentropy wants one-hot rows [n, 3]: use "
                     "loss='sparse_categorical_crossentropy'"), "%s", nnc_last_error());
    nnc_tensor_free(x);
    nnc_tensor_free(y);
    nnc_model_free(m);
  }
}
