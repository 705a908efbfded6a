/* test_nan.c — fit's NaN/Inf guard: a loss that turns NaN or Inf, or an update that leaves
 * a NaN or Inf in a weight or optimizer state while the loss stays finite, stops training
 * with NNC_ERR_NUMERIC naming the epoch, the step and the tensor, and the model keeps the
 * weights and optimizer state of the last good step, bit for bit as a run that stopped there
 * (also past the guard's periodic copy, where the steps since are replayed). */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <math.h>
#include <string.h>

#include "keras.h"
#include "support.h"

enum { BS = 4 };

/* x = [n, 1] and y = x (the identity is learnt); sample `poison` (when >= 0) gets y = big,
 * or with on_x x = big and y = 0. */
static void data(int64_t n, int64_t poison, float big, bool on_x, nnc_tensor **x, nnc_tensor **y) {
  int64_t s[2] = {n, 1};
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, s, x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, s, y), NNC_OK);
  float *xd = nnc_tensor_data(*x), *yd = nnc_tensor_data(*y);
  for (int64_t i = 0; i < n; i++)
    xd[i] = yd[i] = 1e-3f * (float)(1 + i % 5);
  if (poison >= 0) {
    xd[poison] = on_x ? big : xd[poison];
    yd[poison] = on_x ? 0 : big;
  }
}

/* 1 -> 3 (tanh) -> 1, or 1 -> 1 without a bias when !hidden; f32, MSE, the given
 * optimizer; seed 5. */
static nnc_model *model_of(nnc_optimizer opt, bool hidden) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_set_seed(m, 5), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 1), NNC_OK);
  nnc_dense_options d = nnc_dense(3, NNC_ACT_TANH);
  if (hidden)
    cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  d = nnc_dense(1, NNC_ACT_LINEAR);
  d.use_bias = hidden;
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  c.optimizer = opt;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  return m;
}

static nnc_model *model(nnc_optimizer opt) {
  return model_of(opt, true);
}

static nnc_fit_options plain(int epochs) {
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = epochs;
  f.batch_size = BS;
  f.shuffle = 0;
  f.verbose = 0;
  return f;
}

/* Every weight and optimizer buffer of a and b equal, bit for bit. */
static void same_state(nnc_model *a, nnc_model *b) {
  TensorRef *wa, *wb;
  int na, nb;
  cr_assert_eq(keras_model_tensors(a, true, "test", &wa, &na), NNC_OK);
  cr_assert_eq(keras_model_tensors(b, true, "test", &wb, &nb), NNC_OK);
  cr_assert_eq(na, nb);
  for (int i = 0; i < na; i++) {
    cr_assert_str_eq(wa[i].name, wb[i].name);
    size_t bytes = (size_t)wa[i].t->numel * rt_dtype_size(wa[i].t->dtype);
    cr_assert(memcmp(wa[i].t->data, wb[i].t->data, bytes) == 0, "%s differs", wa[i].name);
  }
  base_free(wa);
  base_free(wb);
}

static bool finite_state(nnc_model *m) {
  TensorRef *w;
  int n;
  cr_assert_eq(keras_model_tensors(m, true, "test", &w, &n), NNC_OK);
  bool ok = true;
  for (int i = 0; i < n; i++)
    for (int64_t k = 0; k < w[i].t->numel; k++)
      ok = ok && isfinite(rt_tensor_get(w[i].t, k));
  base_free(w);
  return ok;
}

/* Trains a fresh model on the first `steps` batches of x, y (one epoch, in order). */
static nnc_model *reference(nnc_optimizer opt, bool hidden, const nnc_tensor *x,
                            const nnc_tensor *y, int64_t steps) {
  nnc_model *m = model_of(opt, hidden);
  nnc_tensor *xs, *ys;
  data(steps * BS, -1, 0, false, &xs, &ys);
  memcpy(nnc_tensor_data(xs), nnc_tensor_cdata(x), (size_t)(steps * BS) * sizeof(float));
  memcpy(nnc_tensor_data(ys), nnc_tensor_cdata(y), (size_t)(steps * BS) * sizeof(float));
  nnc_fit_options f = plain(1);
  cr_assert_eq(nnc_model_fit(m, xs, ys, &f), NNC_OK, "%s", nnc_last_error());
  nnc_tensor_free(xs);
  nnc_tensor_free(ys);
  return m;
}

/* The bad loss at `bad` (a step of epoch 1) keeps exactly the state after step `kept`. */
static void expect_kept(nnc_optimizer opt, int64_t bad, float big, int64_t kept) {
  nnc_tensor *x, *y;
  data(120 * BS, (bad - 1) * BS, big, false, &x, &y);
  nnc_model *m = model(opt);
  nnc_fit_options f = plain(3);
  nnc_status s = nnc_model_fit(m, x, y, &f);
  cr_assert_eq(s, NNC_ERR_NUMERIC, "%s: %s", nnc_status_name(s), nnc_last_error());
  char want[64];
  snprintf(want, sizeof want, "at epoch 1, step %lld;", (long long)bad);
  cr_assert(strstr(nnc_last_error(), want), "%s", nnc_last_error());
  snprintf(want, sizeof want, "after step %lld of epoch 1, the last good step", (long long)kept);
  cr_assert(strstr(nnc_last_error(), want), "%s", nnc_last_error());
  cr_assert_eq(nnc_model_epoch(m), 0, "no epoch finished");
  cr_assert(finite_state(m));
  nnc_model *r = reference(opt, true, x, y, kept);
  same_state(m, r);
  nnc_model_free(r);
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

Test(runtime, nan_guard_keeps_the_step_before_the_bad_loss) {
  /* y = 1e30 overflows the loss at its own step: the guard's copy is the epoch's start */
  expect_kept(nnc_adam(), 20, 1e30f, 19);
}

Test(runtime, nan_guard_replays_the_steps_since_its_last_copy) {
  /* step 100 is past the copy after step 64: steps 65..99 are replayed */
  expect_kept(nnc_adam(), 100, 1e30f, 99);
  nnc_optimizer sgd = nnc_sgd();
  sgd.momentum = 0.9;
  expect_kept(sgd, 119, 1e30f, 118);
}

Test(runtime, nan_guard_catches_an_update_that_overflowed_at_its_step) {
  /* 1 -> 1 linear without a bias, x = 5e18, y = 0 at step 70: the loss (~1e37) is finite in
   * f32, the SGD update at lr 1e4 (~1e41) is not: the guard stops at step 70, naming the
   * weight, and keeps the state after step 69 */
  nnc_optimizer sgd = nnc_sgd();
  sgd.learning_rate = 1e4;
  nnc_tensor *x, *y;
  data(120 * BS, 69 * BS, 5e18f, true, &x, &y);
  nnc_model *m = model_of(sgd, false);
  nnc_fit_options f = plain(1);
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_NUMERIC, "%s", nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "the update made 'dense/kernel' Inf at epoch 1, step 70;"),
            "%s", nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "after step 69 of epoch 1"), "%s", nnc_last_error());
  nnc_model *r = reference(sgd, false, x, y, 69);
  same_state(m, r);
  nnc_model_free(r);
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

Test(runtime, nan_guard_at_the_first_step_of_an_epoch_keeps_the_last_epoch) {
  nnc_tensor *x, *y;
  data(8 * BS, -1, 0, false, &x, &y);
  nnc_model *m = model(nnc_adam()), *r = model(nnc_adam());
  nnc_fit_options f = plain(2);
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_fit(r, x, y, &f), NNC_OK);
  cr_assert_eq(nnc_model_epoch(m), 2);
  ((float *)nnc_tensor_data(y))[0] = INFINITY;
  f.epochs = 4;
  f.initial_epoch = 2;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_NUMERIC);
  cr_assert(strstr(nnc_last_error(), "at epoch 3, step 1;"), "%s", nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "at the start of epoch 3"), "%s", nnc_last_error());
  cr_assert_eq(nnc_model_epoch(m), 2);
  same_state(m, r);
  nnc_model_free(r);
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

Test(runtime, nan_guard_stops_a_learning_rate_of_a_million) {
  /* the seed model's shape on blobs: SGD at 1e6 with MSE diverges within a few steps */
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 16), NNC_OK);
  const int64_t units[3] = {25, 15, 1};
  for (int i = 0; i < 3; i++) {
    nnc_dense_options d = nnc_dense(units[i], i < 2 ? NNC_ACT_RELU : NNC_ACT_LINEAR);
    cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  }
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  c.optimizer = nnc_sgd();
  c.optimizer.learning_rate = 1e6;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK);
  int64_t xs[2] = {256, 16}, ys[2] = {256, 1};
  nnc_tensor *x, *y;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, &y), NNC_OK);
  TestRng r = test_rng(3);
  for (int64_t i = 0; i < 256 * 16; i++)
    ((float *)nnc_tensor_data(x))[i] = (float)test_uniform(&r, 0, 1);
  for (int64_t i = 0; i < 256; i++)
    ((float *)nnc_tensor_data(y))[i] = (float)test_uniform(&r, 0, 1);
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 5;
  f.verbose = 0;
  nnc_status s = nnc_model_fit(m, x, y, &f);
  cr_assert_eq(s, NNC_ERR_NUMERIC, "%s: %s", nnc_status_name(s), nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "the loss is "), "%s", nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "at epoch 1, step "), "%s", nnc_last_error());
  cr_assert(finite_state(m), "the kept weights are finite");
  nnc_metrics met;
  cr_assert_eq(nnc_model_evaluate(m, x, y, 32, &met), NNC_OK, "the model is still usable");
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

/* ---- NaN or Inf in the weights while the loss stays finite ---- */

/* 4 -> 8 relu -> 1 sigmoid, binary cross-entropy, Adam; seed 5. */
static nnc_model *relu_model(void) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_set_seed(m, 5), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 4), NNC_OK);
  nnc_dense_options d = nnc_dense(8, NNC_ACT_RELU);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  d = nnc_dense(1, NNC_ACT_SIGMOID);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer = nnc_adam();
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  return m;
}

static void relu_data(nnc_tensor **x, nnc_tensor **y) {
  int64_t xs[2] = {32, 4}, ys[2] = {32, 1};
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, y), NNC_OK);
  for (int i = 0; i < 32 * 4; i++)
    ((float *)nnc_tensor_data(*x))[i] = (float)(i % 9) / 9.0f - 0.4f;
  for (int i = 0; i < 32; i++)
    ((float *)nnc_tensor_data(*y))[i] = (float)(i % 2);
}

Test(runtime, nan_guard_catches_nan_in_x_behind_a_relu) {
  nnc_tensor *x, *y;
  relu_data(&x, &y);
  ((float *)nnc_tensor_data(x))[9 * 4 + 2] = NAN; /* sample 9, feature 2: in step 3 */
  nnc_model *m = relu_model(), *r = relu_model();
  nnc_fit_options f = plain(2);
  nnc_status s = nnc_model_fit(m, x, y, &f);
  cr_assert_eq(s, NNC_ERR_NUMERIC, "%s: %s", nnc_status_name(s), nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "the update made 'dense/kernel' NaN at epoch 1, step 3;"),
            "%s", nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "x holds NaN in sample 9, feature 2"), "%s",
            nnc_last_error());
  cr_assert(finite_state(m));
  nnc_tensor *x8, *y8;
  relu_data(&x8, &y8); /* the two good steps alone */
  x8->shape[0] = y8->shape[0] = 8;
  x8->numel = 8 * 4;
  y8->numel = 8;
  f.epochs = 1;
  cr_assert_eq(nnc_model_fit(r, x8, y8, &f), NNC_OK);
  same_state(m, r);
  nnc_model_free(m);
  nnc_model_free(r);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_tensor_free(x8);
  nnc_tensor_free(y8);
}

static void count_batch(const nnc_batch_log *log, void *user) {
  (void)log;
  ++*(int *)user;
}

/* The update kernels raise the guard's flag as they write the NaN (codegen/guard.c), so
 * training stops after the step that made it, not at the next scan of the state: step 4
 * never runs and on_batch saw steps 1 and 2 only. */
Test(runtime, nan_guard_stops_right_after_the_step_that_made_the_nan) {
  nnc_tensor *x, *y;
  relu_data(&x, &y);
  ((float *)nnc_tensor_data(x))[9 * 4 + 2] = NAN; /* sample 9: in step 3 of 8 */
  nnc_model *m = relu_model();
  nnc_fit_options f = plain(1);
  int batches = 0;
  f.on_batch = count_batch;
  f.user = &batches;
  nnc_status s = nnc_model_fit(m, x, y, &f);
  cr_assert_eq(s, NNC_ERR_NUMERIC, "%s: %s", nnc_status_name(s), nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "at epoch 1, step 3;"), "%s", nnc_last_error());
  cr_assert_eq(batches, 2, "on_batch ran for %d steps", batches);
  cr_assert(finite_state(m));
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

/* steps_per_epoch: the guard names the step of the epoch and the sample of the pass. */
Test(runtime, nan_guard_names_the_sample_when_steps_per_epoch_splits_a_pass) {
  nnc_tensor *x, *y;
  relu_data(&x, &y);
  ((float *)nnc_tensor_data(x))[9 * 4 + 2] = NAN; /* the pass's step 3: epoch 2's first */
  nnc_model *m = relu_model();
  nnc_fit_options f = plain(3);
  f.steps_per_epoch = 2;
  TEST_EXPECT(nnc_model_fit(m, x, y, &f), NNC_ERR_NUMERIC,
              "'dense/kernel' NaN at epoch 2, step 1; the weights and optimizer state are kept "
              "as they were at the start of epoch 2; x holds NaN in sample 9, feature 2");
  cr_assert_eq(nnc_model_epoch(m), 1);
  cr_assert_eq(nnc_model_iterations(m), 2, "the optimizer's count is the last good step's");
  cr_assert(finite_state(m));
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

/* TerminateOnNaN: the same finding ends training cleanly, with the last good step's state. */
Test(runtime, nan_guard_with_terminate_on_nan_ends_fit_at_the_last_good_step,
     .init = cr_redirect_stderr) {
  nnc_tensor *x, *y;
  relu_data(&x, &y);
  ((float *)nnc_tensor_data(x))[9 * 4 + 2] = NAN;
  nnc_model *m = relu_model();
  nnc_fit_options f = plain(2);
  f.terminate_on_nan = 1;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_epoch(m), 1, "the epoch's callbacks ran, then training ended");
  cr_assert_eq(nnc_model_iterations(m), 2);
  cr_assert(finite_state(m));
  fflush(stderr);
  cr_assert_stderr_eq_str("Batch 2: the update made 'dense/kernel' NaN, terminating training\n");
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

/* An optimizer state corrupted before fit (as a hand-edited checkpoint could be). */
static void corrupt_state(nnc_model *m, const char *name, float value) {
  TensorRef *w;
  int n;
  cr_assert_eq(keras_model_tensors(m, true, "test", &w, &n), NNC_OK);
  bool found = false;
  for (int i = 0; i < n; i++)
    if (strcmp(w[i].name, name) == 0) {
      ((float *)w[i].t->data)[1] = value;
      found = true;
    }
  base_free(w);
  cr_assert(found, "no state %s", name);
}

static void expect_state_caught(const char *state, float value, const char *want) {
  nnc_tensor *x, *y;
  relu_data(&x, &y);
  nnc_model *m = relu_model();
  nnc_fit_options f = plain(1);
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  corrupt_state(m, state, value);
  f.epochs = 2;
  f.initial_epoch = 1;
  nnc_status s = nnc_model_fit(m, x, y, &f);
  cr_assert_eq(s, NNC_ERR_NUMERIC, "%s = %g: %s: %s", state, value, nnc_status_name(s),
               nnc_last_error());
  cr_assert(strstr(nnc_last_error(), want), "%s", nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "at epoch 2, step 1;"), "%s", nnc_last_error());
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

Test(runtime, nan_guard_catches_a_negative_adam_v) {
  /* √(negative v) is NaN */
  expect_state_caught("dense/kernel/v", -1.0f, "the update made 'dense/kernel' NaN");
}

Test(runtime, nan_guard_catches_an_adam_v_that_overflowed_under_a_finite_weight) {
  /* 1 -> 1 linear without a bias, x = 1e10 and y = 0 at step 5: the loss (~1e19) and the
   * gradient (~1e19) are finite in f32, g² is not: v turns Inf, and m/√v = 0 leaves the
   * weight finite */
  nnc_tensor *x, *y;
  data(8 * BS, 4 * BS, 1e10f, true, &x, &y);
  nnc_model *m = model_of(nnc_adam(), false);
  nnc_fit_options f = plain(1);
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_NUMERIC, "%s", nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "the update made 'dense/kernel/v' Inf at epoch 1, step 5;"),
            "%s", nnc_last_error());
  cr_assert(finite_state(m));
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

Test(runtime, nan_guard_refuses_to_train_from_a_nan_weight) {
  /* as weights loaded from a file that holds a NaN would be: nothing runs */
  nnc_tensor *x, *y;
  relu_data(&x, &y);
  nnc_model *m = relu_model();
  nnc_fit_options f = plain(1);
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  corrupt_state(m, "dense_1/kernel", NAN);
  f.epochs = 2;
  f.initial_epoch = 1;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_NUMERIC);
  cr_assert(strstr(nnc_last_error(), "'dense_1/kernel' NaN before training; nothing was trained"),
            "%s", nnc_last_error());
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}
