/* test_layers.c — the layer graph of the Keras level: each layer kind's forward numbers
 * against hand values, Keras's names, layer info, misuse statuses, a two-branch model that
 * learns, and the Sequential calls giving bit-identical weights to the plain stack. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "keras.h"
#include "support.h"

#define OK(call) cr_assert_eq((call), NNC_OK, "%s: %s", #call, nnc_last_error())

static nnc_tensor *tensor(nnc_dtype t, int64_t d0, int64_t d1, const double *vals) {
  int64_t s[2] = {d0, d1};
  nnc_tensor *x;
  OK(nnc_tensor_new(t, 2, s, &x));
  for (int64_t i = 0; vals && i < d0 * d1; i++)
    rt_tensor_set(x, i, vals[i]);
  return x;
}

static void set(nnc_tensor *t, const double *vals) {
  cr_assert_not_null(t);
  for (int64_t i = 0; i < nnc_tensor_numel(t); i++)
    rt_tensor_set(t, i, vals[i]);
}

static nnc_model *model(int64_t features, int *x) {
  nnc_model *m;
  OK(nnc_model_new(&m));
  OK(nnc_model_input(m, 1, &features, NULL, x));
  return m;
}

static int dense(nnc_model *m, int in, int64_t units, nnc_activation a) {
  nnc_dense_options d = nnc_dense(units, a);
  int id;
  OK(nnc_model_dense(m, in, &d, &id));
  return id;
}

/* Compiles in f64 for mean squared error, predicts x, compares with want (n x units). */
static void predicts(nnc_model *m, const nnc_tensor *x, const double *want, int64_t units) {
  nnc_tensor *p;
  OK(nnc_model_predict(m, x, 32, &p));
  cr_assert_eq(nnc_tensor_dim(p, 1), units);
  for (int64_t i = 0; i < nnc_tensor_numel(p); i++)
    cr_assert_float_eq(rt_tensor_get(p, i), want[i], 1e-12, "element %lld: %.17g, want %.17g",
                       (long long)i, rt_tensor_get(p, i), want[i]);
  nnc_tensor_free(p);
}

static void compile64(nnc_model *m) {
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  c.dtype = NNC_F64;
  OK(nnc_model_compile(m, &c));
}

static const double X2[] = {1, -1, 2, 1};                    /* two samples of 2 features */
static const double W1[] = {1, 2, 3, 4}, B1[] = {0.5, -0.5}; /* a = x W1 + b1 */
/* a = [-1.5, -2.5] and [5.5, 7.5] */

Test(runtime, layers_dense_and_activation_forward) {
  int x, a, r, s;
  nnc_model *m = model(2, &x);
  a = dense(m, x, 2, NNC_ACT_LINEAR);
  OK(nnc_model_activation(m, a, NNC_ACT_SIGMOID, NULL, &r));
  OK(nnc_model_activation(m, r, NNC_ACT_LEAKY_RELU, NULL, &s)); /* positive: unchanged */
  compile64(m);
  set(nnc_model_kernel(m, 0), W1);
  set(nnc_model_bias(m, 0), B1);
  nnc_tensor *xt = tensor(NNC_F64, 2, 2, X2);
  double sg[4] = {1 / (1 + exp(1.5)), 1 / (1 + exp(2.5)), 1 / (1 + exp(-5.5)), 1 / (1 + exp(-7.5))};
  predicts(m, xt, sg, 2);
  nnc_model_free(m);
  m = model(2, &x);
  a = dense(m, x, 2, NNC_ACT_LINEAR);
  OK(nnc_model_activation(m, a, NNC_ACT_LEAKY_RELU, NULL, &r));
  compile64(m);
  set(nnc_model_kernel(m, 0), W1);
  set(nnc_model_bias(m, 0), B1);
  /* Keras's activations.leaky_relu: negative_slope 0.2 */
  predicts(m, xt, (double[]){-0.3, -0.5, 5.5, 7.5}, 2);
  nnc_tensor_free(xt);
  nnc_model_free(m);
}

Test(runtime, layers_add_and_concatenate_forward) {
  /* c = [a + relu(a), x]; y = c W2 + b2 reads the concatenation through kernel slices */
  int x, a, r, s, c, y;
  nnc_model *m = model(2, &x);
  a = dense(m, x, 2, NNC_ACT_LINEAR);
  OK(nnc_model_activation(m, a, NNC_ACT_RELU, NULL, &r));
  OK(nnc_model_add_layer(m, 2, (int[]){a, r}, NULL, &s));
  OK(nnc_model_concatenate(m, 2, (int[]){s, x}, -1, NULL, &c));
  y = dense(m, c, 1, NNC_ACT_LINEAR);
  OK(nnc_model_set_outputs(m, 1, &y));
  compile64(m);
  set(nnc_model_kernel(m, 0), W1);
  set(nnc_model_bias(m, 0), B1);
  cr_assert_eq(nnc_tensor_dim(nnc_model_kernel(m, 1), 0), 4);
  set(nnc_model_kernel(m, 1), (double[]){1, -1, 2, 0.5});
  set(nnc_model_bias(m, 1), (double[]){0.25});
  nnc_tensor *xt = tensor(NNC_F64, 2, 2, X2);
  predicts(m, xt, (double[]){2.75, 0.75}, 1);
  nnc_tensor_free(xt);
  nnc_model_free(m);
}

Test(runtime, layers_concatenate_and_add_as_outputs) {
  /* the output is a concatenation (joined through 0/1 matrices) */
  int x, a, c, s, t;
  nnc_model *m = model(2, &x);
  a = dense(m, x, 2, NNC_ACT_LINEAR);
  OK(nnc_model_concatenate(m, 2, (int[]){x, a}, 1, NULL, &c));
  compile64(m);
  set(nnc_model_kernel(m, 0), W1);
  set(nnc_model_bias(m, 0), B1);
  nnc_tensor *xt = tensor(NNC_F64, 2, 2, X2);
  predicts(m, xt, (double[]){1, -1, -1.5, -2.5, 2, 1, 5.5, 7.5}, 4);
  nnc_model_free(m);
  /* Add of a concatenation and a plain tensor (split differently), then softmax over it */
  m = model(2, &x);
  a = dense(m, x, 2, NNC_ACT_LINEAR);
  OK(nnc_model_concatenate(m, 2, (int[]){x, a}, -1, NULL, &c));
  int d = dense(m, x, 4, NNC_ACT_LINEAR);
  OK(nnc_model_add_layer(m, 2, (int[]){c, d}, NULL, &s));
  OK(nnc_model_activation(m, c, NNC_ACT_SOFTMAX, NULL, &t));
  int both[2] = {s, t}, u;
  OK(nnc_model_concatenate(m, 2, both, -1, NULL, &u));
  compile64(m);
  set(nnc_model_kernel(m, 0), W1);
  set(nnc_model_bias(m, 0), B1);
  set(nnc_model_kernel(m, 1), (double[]){1, 0, 0, 1, 0, 1, 1, 0});
  set(nnc_model_bias(m, 1), (double[]){0, 0, 0, 0.5});
  double want[16];
  for (int i = 0; i < 2; i++) {
    const double *xi = X2 + 2 * i;
    double av[2] = {xi[0] * 1 + xi[1] * 3 + 0.5, xi[0] * 2 + xi[1] * 4 - 0.5};
    double cv[4] = {xi[0], xi[1], av[0], av[1]};
    double dv[4] = {xi[0], xi[1], xi[1], xi[0] + 0.5}; /* kernel rows [1,0,0,1], [0,1,1,0] */
    double z = 0;
    for (int k = 0; k < 4; k++)
      z += exp(cv[k]);
    for (int k = 0; k < 4; k++) {
      want[i * 8 + k] = cv[k] + dv[k];
      want[i * 8 + 4 + k] = exp(cv[k]) / z;
    }
  }
  predicts(m, xt, want, 8);
  nnc_tensor_free(xt);
  nnc_model_free(m);
}

Test(runtime, layers_are_named_as_keras_names_them) {
  int x, a, b, c, d, e, f, g;
  nnc_model *m = model(3, &x);
  a = dense(m, x, 2, NNC_ACT_RELU);
  b = dense(m, x, 2, NNC_ACT_RELU);
  OK(nnc_model_activation(m, a, NNC_ACT_TANH, NULL, &c));
  OK(nnc_model_add_layer(m, 2, (int[]){a, b}, NULL, &d));
  OK(nnc_model_add_layer(m, 2, (int[]){c, d}, NULL, &e));
  OK(nnc_model_concatenate(m, 3, (int[]){c, d, e}, -1, "joined", &f));
  nnc_dense_options o = nnc_dense(1, NNC_ACT_SIGMOID);
  o.name = "head";
  OK(nnc_model_dense(m, f, &o, &g));
  const char *want[] = {"input_layer", "dense", "dense_1", "activation", "add", "add_1", "joined", "head"};
  const char *types[] = {"InputLayer", "Dense", "Dense", "Activation", "Add", "Add", "Concatenate", "Dense"};
  const int64_t units[] = {3, 2, 2, 2, 2, 2, 6, 1}, params[] = {0, 8, 8, 0, 0, 0, 0, 7};
  cr_assert_eq(nnc_model_layer_count(m), 8);
  for (int i = 0; i < 8; i++) {
    nnc_layer_info li;
    OK(nnc_model_layer(m, i, &li));
    cr_assert_str_eq(li.name, want[i]);
    cr_assert_str_eq(li.type, types[i]);
    cr_assert_eq(li.units, units[i], "%s: %lld", li.name, (long long)li.units);
    cr_assert_eq(li.params, params[i], "%s: %lld", li.name, (long long)li.params);
    cr_assert_eq(li.output, i == 7);
  }
  nnc_layer_info li;
  OK(nnc_model_layer(m, f, &li));
  cr_assert_eq(li.ninputs, 3);
  cr_assert_eq(li.inputs[2], e);
  OK(nnc_model_layer(m, g, &li));
  cr_assert_eq(li.weights, 2, "the third layer with weights");
  cr_assert_eq(nnc_model_param_count(m), 23);
  cr_assert_str_eq(li.name, "head");
  TEST_EXPECT(nnc_model_activation(m, g, NNC_ACT_RELU, "dense_1", &a), NNC_ERR_ARG, "'dense_1' already exists");
  o.name = "add";
  TEST_EXPECT(nnc_model_dense(m, g, &o, &a), NNC_ERR_ARG, "'add' already exists");
  TEST_EXPECT(nnc_model_layer(m, 8, &li), NNC_ERR_ARG, "not a layer");
  nnc_model_free(m);
}

Test(runtime, layers_misuse_gives_a_status_and_adds_nothing) {
  int x, a, b, id = -7;
  int64_t two[2] = {28, 28}, three = 3;
  nnc_model *m;
  OK(nnc_model_new(&m));
  TEST_EXPECT(nnc_model_input(m, 4, (int64_t[]){2, 2, 2, 2}, NULL, &x), NNC_ERR_ARG,
              "rank 1 to 3, found rank 4");
  TEST_EXPECT(nnc_model_input(m, 2, two, "a/b", &x), NNC_ERR_ARG, "without");
  TEST_EXPECT(nnc_model_input(m, 1, (int64_t[]){0}, NULL, &x), NNC_ERR_ARG, "positive");
  TEST_EXPECT(nnc_model_input(m, 1, &three, NULL, NULL), NNC_ERR_ARG, "id is NULL");
  TEST_EXPECT(nnc_model_input(NULL, 1, &three, NULL, &x), NNC_ERR_ARG, "model is NULL");
  OK(nnc_model_input(m, 1, &three, "pixels", &x));
  /* a second input is one more of the model's (tests/keras/test_multi_input.c), by its own name */
  TEST_EXPECT(nnc_model_input(m, 1, &three, "pixels", &a), NNC_ERR_ARG,
              "a layer named 'pixels' already exists");
  nnc_dense_options d = nnc_dense(4, NNC_ACT_RELU);
  TEST_EXPECT(nnc_model_dense(m, 5, &d, &id), NNC_ERR_ARG, "5 is not a layer of this model");
  TEST_EXPECT(nnc_model_dense(m, -1, &d, &id), NNC_ERR_ARG, "-1 is not a layer");
  /* a layer reads only layers that exist: the id it would get is not one, so no cycle */
  TEST_EXPECT(nnc_model_dense(m, nnc_model_layer_count(m), &d, &id), NNC_ERR_ARG, "1 is not a layer");
  a = dense(m, x, 4, NNC_ACT_RELU);
  b = dense(m, x, 5, NNC_ACT_RELU);
  int nn = nnc_model_layer_count(m);
  TEST_EXPECT(nnc_model_add_layer(m, 2, (int[]){a, b}, NULL, &id), NNC_ERR_SHAPE,
         "'dense' is (None, 4) and 'dense_1' is (None, 5)");
  TEST_EXPECT(nnc_model_add_layer(m, 1, &a, NULL, &id), NNC_ERR_ARG, "at least 2 inputs");
  TEST_EXPECT(nnc_model_add_layer(m, 2, (int[]){a, 9}, NULL, &id), NNC_ERR_ARG, "9 is not a layer");
  TEST_EXPECT(nnc_model_concatenate(m, 2, (int[]){a, b}, 2, NULL, &id), NNC_ERR_ARG, "axis 2 is out of range");
  TEST_EXPECT(nnc_model_concatenate(m, 2, (int[]){a, b}, -3, NULL, &id), NNC_ERR_ARG, "out of range");
  TEST_EXPECT(nnc_model_concatenate(m, 2, (int[]){a, b}, 0, NULL, &id), NNC_ERR_SHAPE, "batch axis");
  TEST_EXPECT(nnc_model_activation(m, a, (nnc_activation)42, NULL, &id), NNC_ERR_ARG, "activation");
  TEST_EXPECT(nnc_model_activation(m, a, NNC_ACT_RELU, "a/b", &id), NNC_ERR_ARG, "'/'");
  TEST_EXPECT(nnc_model_set_outputs(m, 2, (int[]){a, b}), NNC_ERR_ARG, "one output");
  TEST_EXPECT(nnc_model_set_outputs(m, 1, &x), NNC_ERR_ARG, "not the input");
  cr_assert_eq(nnc_model_layer_count(m), nn, "failed calls add nothing");
  cr_assert_eq(id, -7, "failed calls write no id");
  /* b leads nowhere */
  OK(nnc_model_set_outputs(m, 1, &a));
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  TEST_EXPECT(nnc_model_compile(m, &c), NNC_ERR_ARG, "layer 'dense_1' does not lead to the model's output 'dense'");
  OK(nnc_model_concatenate(m, 2, (int[]){a, b}, -1, NULL, &id));
  OK(nnc_model_set_outputs(m, 1, &id));
  OK(nnc_model_compile(m, &c));
  TEST_EXPECT(nnc_model_dense(m, id, &d, &a), NNC_ERR_ARG, "already compiled");
  TEST_EXPECT(nnc_model_set_outputs(m, 1, &a), NNC_ERR_ARG, "already compiled");
  nnc_model_free(m);
  /* a Sequential model mixed with an explicit input */
  m = model(3, &x);
  OK(nnc_model_activation(m, x, NNC_ACT_RELU, NULL, &a));
  TEST_EXPECT(nnc_model_add_input(m, 3), NNC_ERR_ARG, "input must come first");
  nnc_model_free(m);
}

/* Four features; the label is 1 when x0 * x1 > 0 (not linearly separable). */
static void quadrants(int64_t n, uint64_t seed, nnc_tensor **x, nnc_tensor **y) {
  *x = tensor(NNC_F32, n, 4, NULL);
  *y = tensor(NNC_F32, n, 1, NULL);
  TestRng r = test_rng(seed);
  float *xd = nnc_tensor_data(*x), *yd = nnc_tensor_data(*y);
  for (int64_t i = 0; i < n; i++) {
    for (int j = 0; j < 4; j++)
      xd[i * 4 + j] = (float)test_uniform(&r, -1, 1);
    yd[i] = xd[i * 4] * xd[i * 4 + 1] > 0;
  }
}

static int record(const nnc_epoch_log *log, void *user) {
  double *losses = user;
  losses[log->epoch - 1] = log->loss;
  return 0;
}

Test(runtime, layers_two_branch_model_learns) {
  int x, h1, h2, c, s, y;
  nnc_model *m = model(4, &x);
  OK(nnc_model_set_seed(m, 11));
  h1 = dense(m, x, 16, NNC_ACT_RELU);
  h2 = dense(m, x, 16, NNC_ACT_TANH);
  OK(nnc_model_concatenate(m, 2, (int[]){h1, h2}, -1, NULL, &c));
  int h3 = dense(m, c, 16, NNC_ACT_RELU);
  OK(nnc_model_add_layer(m, 2, (int[]){h3, h1}, NULL, &s));
  y = dense(m, s, 1, NNC_ACT_SIGMOID);
  OK(nnc_model_set_outputs(m, 1, &y));
  nnc_compile_options co = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  co.optimizer = nnc_adam();
  co.optimizer.learning_rate = 0.02;
  co.accuracy = 1;
  OK(nnc_model_compile(m, &co));
  nnc_tensor *xt, *yt;
  quadrants(512, 3, &xt, &yt);
  double losses[60];
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 60;
  f.verbose = 0;
  f.on_epoch = record;
  f.user = losses;
  OK(nnc_model_fit(m, xt, yt, &f));
  nnc_metrics met;
  OK(nnc_model_evaluate(m, xt, yt, 64, &met));
  cr_assert_lt(losses[59], 0.5 * losses[0], "loss %g -> %g", losses[0], losses[59]);
  cr_assert_gt(met.accuracy, 0.93, "accuracy %g", met.accuracy);
  nnc_tensor_free(xt);
  nnc_tensor_free(yt);
  nnc_model_free(m);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++) {
    h ^= b[i];
    h *= 1099511628211ull;
  }
  return h;
}

/* 6 -> 5 tanh -> 4 relu -> 1 sigmoid, seed 7, Adam, 3 epochs of 80 samples in batches of
 * 16, validation_split 0.2; the hash of every weight's bytes. `functional` builds the same
 * stack through nnc_model_input/nnc_model_dense. */
static uint64_t stack_hash(bool functional) {
  nnc_model *m;
  OK(nnc_model_new(&m));
  OK(nnc_model_set_seed(m, 7));
  int64_t xs[2] = {100, 6}, ys[2] = {100, 1}, six = 6;
  nnc_tensor *x, *y;
  OK(nnc_tensor_new(NNC_F32, 2, xs, &x));
  OK(nnc_tensor_new(NNC_F32, 2, ys, &y));
  float *xd = nnc_tensor_data(x), *yd = nnc_tensor_data(y);
  uint32_t s = 12345;
  for (int i = 0; i < 600; i++) {
    s = s * 1664525u + 1013904223u;
    xd[i] = (float)((s >> 8) / 16777216.0 * 2 - 1);
  }
  for (int i = 0; i < 100; i++)
    yd[i] = xd[i * 6] - xd[i * 6 + 2] > 0;
  nnc_dense_options d[3] = {nnc_dense(5, NNC_ACT_TANH), nnc_dense(4, NNC_ACT_RELU),
                            nnc_dense(1, NNC_ACT_SIGMOID)};
  int id;
  if (functional)
    OK(nnc_model_input(m, 1, &six, NULL, &id));
  for (int i = 0; i < 3; i++)
    OK(functional ? nnc_model_dense(m, id, &d[i], &id) : nnc_model_add_dense(m, &d[i]));
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer = nnc_adam();
  c.accuracy = 1;
  OK(nnc_model_compile(m, &c));
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 3;
  f.batch_size = 16;
  f.validation_split = 0.2;
  f.verbose = 0;
  OK(nnc_model_fit(m, x, y, &f));
  uint64_t h = 14695981039346656037ull;
  for (int i = 0; i < 3; i++) {
    nnc_tensor *k = nnc_model_kernel(m, i), *b = nnc_model_bias(m, i);
    h = fnv(h, nnc_tensor_data(k), (size_t)nnc_tensor_numel(k) * 4);
    h = fnv(h, nnc_tensor_data(b), (size_t)nnc_tensor_numel(b) * 4);
  }
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
  return h;
}

/* The training graph the plain Dense stack built before the layer graph existed, as
 * NNC_DUMP_AFTER=autodiff printed it (its forward values); with it the seeded weights were
 * bit-identical (hash 0x49913983a358da9d with the codegen of that day). */
static const char before[] =
    "%0 = input \"x\" : f32[16,6]\n"
    "%1 = param \"dense/kernel\" init=glorot_uniform : f32[6,5]\n"
    "%2 = matmul %0, %1 : f32[16,5]\n"
    "%3 = param \"dense/bias\" init=zeros : f32[5]\n"
    "%4 = add %2, %3 : f32[16,5]\n"
    "%5 = tanh %4 : f32[16,5]\n"
    "%6 = param \"dense_1/kernel\" init=glorot_uniform : f32[5,4]\n"
    "%7 = matmul %5, %6 : f32[16,4]\n"
    "%8 = param \"dense_1/bias\" init=zeros : f32[4]\n"
    "%9 = add %7, %8 : f32[16,4]\n"
    "%10 = relu %9 : f32[16,4]\n"
    "%11 = param \"dense_2/kernel\" init=glorot_uniform : f32[4,1]\n"
    "%12 = matmul %10, %11 : f32[16,1]\n"
    "%13 = param \"dense_2/bias\" init=zeros : f32[1]\n"
    "%14 = add %12, %13 : f32[16,1]\n"
    "%15 = sigmoid %14 : f32[16,1]\n"
    "%16 = input \"y\" : f32[16,1]\n"
;

Test(runtime, layers_sequential_calls_build_the_graph_they_built_before_the_layer_graph,
     .init = cr_redirect_stderr) {
  setenv("NNC_DUMP_AFTER", "autodiff", 1);
  uint64_t h = stack_hash(false);
  unsetenv("NNC_DUMP_AFTER");
  fflush(stderr);
  FILE *f = cr_get_redirected_stderr();
  static char text[1 << 16];
  size_t n = fread(text, 1, sizeof text - 1, f);
  text[n] = 0;
  cr_assert(strstr(text, before), "the graph changed:\n%.2000s", text);
  cr_assert_eq(stack_hash(true), h, "the functional calls give the same weights, bit for bit");
}

/* ---- out of memory ---- */

/* A functional model's whole life (concatenation, validation data, early stopping with
 * restore). */
static nnc_status graph_scenario(void *arg) {
  (void)arg;
  nnc_status s;
  nnc_model *m = NULL;
  nnc_tensor *x = NULL, *y = NULL;
  int64_t xs[2] = {32, 3}, ys[2] = {32, 1}, three = 3;
  int in, a, b, c, o;
  TEST_TRY(nnc_tensor_new(NNC_F32, 2, xs, &x));
  TEST_TRY(nnc_tensor_new(NNC_F32, 2, ys, &y));
  TEST_TRY(nnc_model_new(&m));
  TEST_TRY(nnc_model_input(m, 1, &three, NULL, &in));
  nnc_dense_options d = nnc_dense(4, NNC_ACT_RELU);
  TEST_TRY(nnc_model_dense(m, in, &d, &a));
  TEST_TRY(nnc_model_activation(m, a, NNC_ACT_TANH, NULL, &b));
  TEST_TRY(nnc_model_concatenate(m, 2, (int[]){a, b}, -1, NULL, &c));
  d = nnc_dense(1, NNC_ACT_SIGMOID);
  TEST_TRY(nnc_model_dense(m, c, &d, &o));
  nnc_compile_options co = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  TEST_TRY(nnc_model_compile(m, &co));
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  f.epochs = 2;
  f.x_val = x;
  f.y_val = y;
  f.early_stopping = nnc_early_stopping_defaults();
  f.early_stopping.restore_best_weights = 1;
  TEST_TRY(nnc_model_fit(m, x, y, &f));
out:
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
  return s;
}

Test(runtime, layers_out_of_memory_fails_cleanly) {
  cr_assert_eq(graph_scenario(NULL), NNC_OK, "%s", nnc_last_error());
  /* each allocation alone fails: the first one by one, then a spread over the rest */
  test_until_ok_walk(graph_scenario, NULL, (TestOomWalk){.max = 100000, .dense = 60, .once = true});
}
