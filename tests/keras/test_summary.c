/* test_summary.c — nnc_model_summary prints what Keras 3's model.summary() prints for the
 * same model, byte for byte: each golden file of golden/summary/ is Keras 3.15.1's own
 * output (make_goldens.py there builds the same models in Keras), and each test builds that
 * model through the C API. COLUMNS fixes the terminal width Keras sizes its default from. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keras.h"
#include "support.h"

/* Keras's summary of the model `name`, valid until the next call. */
static const char *golden(const char *name) {
  static char *text;
  char rel[256];
  snprintf(rel, sizeof rel, "keras/golden/summary/%s.txt", name);
  free(text);
  text = test_read_data(rel);
  return text;
}

/* The summary as text; the caller frees it. */
static char *summary(const nnc_model *m, int line_length) {
  char *buf = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&buf, &n);
  cr_assert(f);
  nnc_status s = nnc_model_summary(m, f, line_length);
  fclose(f);
  cr_assert_eq(s, NNC_OK, "%s", nnc_last_error());
  return buf;
}

static void expect_golden(const nnc_model *m, int line_length, const char *name) {
  char *got = summary(m, line_length);
  cr_expect_str_eq(got, golden(name), "%s:\n%s", name, got);
  free(got);
}

static void dense(nnc_model *m, int64_t units, nnc_activation a) {
  nnc_dense_options d = nnc_dense(units, a);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK, "%s", nnc_last_error());
}

/* The lecture's model: 784 -> 25 -> 15 -> 1, sigmoids. */
static nnc_model *lecture(void) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 784), NNC_OK);
  dense(m, 25, NNC_ACT_SIGMOID);
  dense(m, 15, NNC_ACT_SIGMOID);
  dense(m, 1, NNC_ACT_SIGMOID);
  return m;
}

static void columns(const char *c) {
  cr_assert_eq(setenv("COLUMNS", c, 1), 0);
}

Test(keras, summary_of_a_sequential_model_is_keras_s) {
  columns("80");               /* a pipe or a file: Keras takes 80, less 4 */
  nnc_model *m = lecture();
  expect_golden(m, 0, "sequential");
  expect_golden(m, 76, "sequential");
  expect_golden(m, 40, "sequential_40"); /* wrapped headers, a count cut with "…" */
  columns("200");
  expect_golden(m, 0, "sequential_wide");
  nnc_model_free(m);
}

Test(keras, summary_of_an_unbuilt_model_is_keras_s) {
  columns("80");
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  expect_golden(m, 0, "empty");
  dense(m, 25, NNC_ACT_SIGMOID);
  dense(m, 15, NNC_ACT_SIGMOID);
  dense(m, 1, NNC_ACT_SIGMOID);
  expect_golden(m, 0, "unbuilt");
  nnc_model_free(m);

  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  dense(m, 25, NNC_ACT_LINEAR);
  int a;
  cr_assert_eq(nnc_model_activation(m, 1, NNC_ACT_RELU, NULL, &a), NNC_OK);
  dense(m, 1, NNC_ACT_LINEAR);
  expect_golden(m, 0, "unbuilt_activation");
  nnc_model_free(m);
}

/* nnc_model_build gives an unbuilt model its input, as Keras's model.build((None, 784)): its
 * summary is then the lecture model's (Keras prints the same golden after build). */
Test(keras, build_gives_an_unbuilt_model_its_input) {
  columns("80");
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  int64_t shape = 784, other = 3;
  cr_assert_eq(nnc_model_build(m, 1, &shape), NNC_ERR_ARG); /* no layers yet */
  dense(m, 25, NNC_ACT_SIGMOID);
  dense(m, 15, NNC_ACT_SIGMOID);
  dense(m, 1, NNC_ACT_SIGMOID);
  cr_assert_eq(nnc_model_build(m, 0, &shape), NNC_ERR_ARG);
  cr_assert_eq(nnc_model_build(m, 1, &shape), NNC_OK, "%s", nnc_last_error());
  expect_golden(m, 0, "sequential");
  cr_assert_eq(nnc_model_build(m, 1, &shape), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_build(m, 1, &other), NNC_ERR_SHAPE);
  cr_assert(strstr(nnc_last_error(), "input is (None, 784), not (None, 3)"), "%s",
            nnc_last_error());
  expect_golden(m, 0, "sequential");
  nnc_model_free(m);
}

Test(keras, summary_wraps_and_cuts_long_names_as_keras) {
  columns("80");
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 4), NNC_OK);
  nnc_dense_options d = nnc_dense(3, NNC_ACT_LINEAR);
  d.name = "hidden_layer_with_a_very_long_name_indeed";
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  int a;
  cr_assert_eq(nnc_model_activation(m, 1, NNC_ACT_RELU, NULL, &a), NNC_OK);
  dense(m, 1, NNC_ACT_LINEAR);
  cr_assert_eq(nnc_model_set_name(m, "my_model"), NNC_OK);
  expect_golden(m, 0, "named");
  nnc_model_free(m);
}

/* After one epoch of fit, Keras has built the optimizer and counts its variables. */
static void fitted(nnc_optimizer o, const char *name) {
  columns("80");
  nnc_model *m = lecture();
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer = o;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  expect_golden(m, 0, "sequential");       /* compiled, not fitted: no optimizer yet */
  int64_t xs[2] = {64, 784}, ys[2] = {64, 1};
  nnc_tensor *x, *y;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, &y), NNC_OK);
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  expect_golden(m, 0, name);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK); /* a new optimizer, not built yet */
  expect_golden(m, 0, "sequential");
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

Test(keras, summary_after_fit_counts_adam_s_variables) {
  fitted(nnc_adam(), "fitted_adam");
}

Test(keras, summary_after_fit_counts_sgd_s_variables) {
  fitted(nnc_sgd(), "fitted_sgd");
  nnc_optimizer o = nnc_sgd();
  o.momentum = 0.9;
  fitted(o, "fitted_sgd_momentum");
}

Test(keras, summary_after_fit_counts_rmsprop_s_variables) {
  fitted(nnc_rmsprop(), "fitted_rmsprop");
}

static int dense_on(nnc_model *m, int in, int64_t units, nnc_activation a, const char *name) {
  nnc_dense_options d = nnc_dense(units, a);
  d.name = name;
  int id;
  cr_assert_eq(nnc_model_dense(m, in, &d, &id), NNC_OK, "%s", nnc_last_error());
  return id;
}

/* tests/frontend/models/functional.nn's model. */
static nnc_model *joined(void) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  int64_t shape[1] = {4};
  int x, cat, sum, act;
  cr_assert_eq(nnc_model_input(m, 1, shape, NULL, &x), NNC_OK);
  int wide = dense_on(m, x, 16, NNC_ACT_RELU, NULL);
  int deep = dense_on(m, dense_on(m, x, 16, NNC_ACT_TANH, NULL), 16, NNC_ACT_RELU, NULL);
  int both[2] = {wide, deep};
  cr_assert_eq(nnc_model_concatenate(m, 2, both, -1, NULL, &cat), NNC_OK);
  int h[2] = {dense_on(m, cat, 16, NNC_ACT_LINEAR, NULL), wide};
  cr_assert_eq(nnc_model_add_layer(m, 2, h, NULL, &sum), NNC_OK);
  cr_assert_eq(nnc_model_activation(m, sum, NNC_ACT_RELU, NULL, &act), NNC_OK);
  int out = dense_on(m, act, 1, NNC_ACT_SIGMOID, "head");
  cr_assert_eq(nnc_model_set_outputs(m, 1, &out), NNC_OK);
  return m;
}

Test(keras, summary_of_a_functional_model_is_keras_s) {
  columns("80");
  nnc_model *m = joined();     /* Keras's order: by depth, then as met from the output */
  expect_golden(m, 0, "functional");
  expect_golden(m, 60, "functional_60");
  columns("200");
  expect_golden(m, 0, "functional_wide");
  nnc_model_free(m);

  columns("80");               /* a chain is drawn as a sequence, its input included */
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  int64_t shape[1] = {8};
  int x;
  cr_assert_eq(nnc_model_input(m, 1, shape, NULL, &x), NNC_OK);
  dense_on(m, dense_on(m, x, 4, NNC_ACT_RELU, NULL), 1, NNC_ACT_LINEAR, NULL);
  expect_golden(m, 0, "functional_chain");
  nnc_model_free(m);
}

Test(keras, summary_refuses_what_it_cannot_print) {
  nnc_model *m = lecture();
  TEST_EXPECT(nnc_model_summary(NULL, stdout, 0), NNC_ERR_ARG, "model is NULL");
  TEST_EXPECT(nnc_model_summary(m, NULL, 0), NNC_ERR_ARG, "out is NULL");
  TEST_EXPECT(nnc_model_summary(m, stdout, -1), NNC_ERR_ARG, "line_length");
  TEST_EXPECT(nnc_model_summary(m, stdout, 8), NNC_ERR_ARG, "too narrow");
  TEST_EXPECT(nnc_model_set_name(NULL, "x"), NNC_ERR_ARG, "NULL");
  cr_assert_eq(nnc_model_set_name(m, "a"), NNC_OK);
  cr_assert_eq(nnc_model_set_name(m, NULL), NNC_OK); /* back to "sequential" */
  columns("80");
  expect_golden(m, 0, "sequential");
  nnc_model_free(m);
}

/* A model nested in another is one row named after it, with its parameters (Keras 3's
 * Sequential([base, Dense(2)]), and a functional model calling base beside other layers). */
Test(keras, summary_of_a_nested_model_is_keras_s) {
  columns("80");               /* the goldens were made writing to a file */
  nnc_model *base, *m;
  int64_t four = 4;
  cr_assert_eq(nnc_model_new(&base), NNC_OK);
  cr_assert_eq(nnc_model_add_input_shape(base, 1, &four), NNC_OK);
  dense(base, 3, NNC_ACT_RELU);
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_set_name(m, "sequential_1"), NNC_OK);
  cr_assert_eq(nnc_model_add_model(m, base), NNC_OK, "%s", nnc_last_error());
  dense(m, 2, NNC_ACT_LINEAR);
  expect_golden(m, 0, "nested");
  nnc_model_free(m);

  int x, h, b, d3, sum, out;
  cr_assert_eq(nnc_model_set_name(base, "base"), NNC_OK);
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_set_name(m, "outer"), NNC_OK);
  cr_assert_eq(nnc_model_input(m, 1, &four, "x", &x), NNC_OK);
  cr_assert_eq(nnc_model_layer_from_config(m, "Dense", "{\"units\": 5, \"activation\": "
                                           "\"relu\", \"name\": \"dense_1\"}", 1, &x, &h),
               NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_call_model(m, base, x, &b), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_layer_from_config(m, "Dense", "{\"units\": 3, \"name\": "
                                           "\"dense_3\"}", 1, &h, &d3), NNC_OK);
  int both[2] = {b, d3};
  cr_assert_eq(nnc_model_add_layer(m, 2, both, NULL, &sum), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_layer_from_config(m, "Dense", "{\"units\": 1, \"activation\": "
                                           "\"sigmoid\", \"name\": \"dense_2\"}", 1, &sum,
                                           &out), NNC_OK);
  expect_golden(m, 0, "nested_functional");
  nnc_model_free(m);
  nnc_model_free(base);
}
