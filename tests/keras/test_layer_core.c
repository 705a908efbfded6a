/* test_layer_core.c — the core layers by class and configuration (layer_core.c, config.c,
 * net.c): Flatten, Reshape, Dropout, Dense's arguments (regularizers, constraints,
 * initializer objects), shared layers, Add and Concatenate of many inputs. Models are built
 * as Keras builds them and trained one SGD step from the weights Keras started from; the
 * loss, the weights and evaluate's loss must be Keras 3's (reference/layers.inc, written
 * by reference/make_layers.py). */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "keras.h"
#include "support.h"

#define OK(call) cr_assert_eq((call), NNC_OK, "%s: %s", #call, nnc_last_error())

enum { MAX_CASE_WEIGHTS = 8 };

/* Keras 3's losses lose digits at float64 (its MeanSquaredError of a float64 batch agrees
 * with the exact mean of squares to about 1e-8), so losses are compared to 1e-7; the
 * predictions to 1e-12, the trained weights to 1e-8 (sums in another order, and tanh's
 * derivative, differ by up to 1e-9). */
#define LOSS_TOL 1e-7

typedef struct {
  const double *x, *y;
  int n;
  const double *before;         /* predict before training */
  double loss, eval_loss;       /* fit's one step, evaluate after it */
  int64_t trainable;
  int nweights;
  struct {
    const char *name;
    int64_t size;
    const double *init, *after;
  } weights[MAX_CASE_WEIGHTS];
} LayerCase;

#include "reference/layers.inc"

static nnc_tensor *tensor(int rank, const int64_t *shape, const double *vals) {
  nnc_tensor *t;
  OK(nnc_tensor_new(NNC_F64, rank, shape, &t));
  if (vals)
    memcpy(nnc_tensor_data(t), vals, (size_t)t->numel * sizeof(double));
  return t;
}

static void close_to(const double *got, const double *want, int64_t n, double tol,
                     const char *what) {
  for (int64_t i = 0; i < n; i++)
    cr_assert(fabs(got[i] - want[i]) <= tol * (1 + fabs(want[i])), "%s[%lld]: %.17g, Keras %.17g",
              what, (long long)i, got[i], want[i]);
}

static void compile_sgd(nnc_model *m) {
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  c.optimizer = nnc_sgd();
  c.optimizer.learning_rate = 0.1;
  c.dtype = NNC_F64;
  OK(nnc_model_compile(m, &c));
}

static int last_loss(const nnc_epoch_log *log, void *user) {
  *(double *)user = log->loss;
  return 0;
}

/* Compiles m, sets Keras's initial weights, checks predict, one step of fit, the weights
 * and evaluate against the case. x's samples are `shape`. */
static void check_case_tol(nnc_model *m, const LayerCase *k, int rank, const int64_t *shape,
                           double tol) {
  int64_t xs[4] = {k->n}, ys[2] = {k->n, 1};
  memcpy(xs + 1, shape, (size_t)rank * sizeof *shape);
  nnc_tensor *x = tensor(rank + 1, xs, k->x), *y = tensor(2, ys, k->y), *p;
  compile_sgd(m);
  cr_assert_eq(nnc_model_param_count(m), k->trainable, "trainable params as Keras counts them");
  for (int i = 0; i < k->nweights; i++) {
    nnc_tensor *w = nnc_model_weight(m, k->weights[i].name);
    cr_assert_not_null(w, "weight '%s'", k->weights[i].name);
    cr_assert_eq(w->numel, k->weights[i].size, "%s", k->weights[i].name);
    memcpy(nnc_tensor_data(w), k->weights[i].init, (size_t)w->numel * sizeof(double));
  }
  OK(nnc_model_predict(m, x, k->n, &p));
  close_to(nnc_tensor_cdata(p), k->before, k->n, tol, "predict");
  nnc_fit_options f = nnc_fit_defaults();
  f.batch_size = k->n;
  f.shuffle = 0;
  f.verbose = 0;
  double loss = NAN;
  f.on_epoch = last_loss;
  f.user = &loss;
  OK(nnc_model_fit(m, x, y, &f));
  close_to(&loss, &k->loss, 1, LOSS_TOL, "fit's loss");
  for (int i = 0; i < k->nweights; i++)
    close_to(nnc_tensor_cdata(nnc_model_weight(m, k->weights[i].name)), k->weights[i].after,
             k->weights[i].size, tol > 1e-8 ? tol : 1e-8, k->weights[i].name);
  nnc_metrics met;
  OK(nnc_model_evaluate(m, x, y, k->n, &met));
  close_to(&met.loss, &k->eval_loss, 1, LOSS_TOL, "evaluate's loss");
  nnc_tensor_free(p);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

static void check_case(nnc_model *m, const LayerCase *k, int rank, const int64_t *shape) {
  check_case_tol(m, k, rank, shape, 1e-12);
}

/* Keras's normalization layers agree with their float64 formula to about 1e-8 only. */
#define NORM_TOL 1e-7

static nnc_model *sequential(const char *const *cls, const char *const *cfg, int n) {
  nnc_model *m;
  OK(nnc_model_new(&m));
  for (int i = 0; i < n; i++)
    OK(nnc_model_add_layer_config(m, cls[i], cfg[i]));
  return m;
}

Test(keras, regularizers_add_to_the_loss_as_keras_3) {
  const char *cls[] = {"InputLayer", "Dense", "Dense"};
  const char *cfg[] = {
      "{\"shape\": [3]}",
      "{\"units\": 2, \"activation\": \"sigmoid\", \"kernel_regularizer\": {\"class_name\": "
      "\"L2\", \"config\": {\"l2\": 0.01}}, \"bias_regularizer\": {\"class_name\": \"L1\", "
      "\"config\": {\"l1\": 0.02}}, \"activity_regularizer\": {\"class_name\": \"L1L2\", "
      "\"config\": {\"l1\": 0.003, \"l2\": 0.004}}}",
      "{\"units\": 1, \"kernel_regularizer\": {\"class_name\": \"L1L2\", \"config\": "
      "{\"l1\": 0.01, \"l2\": 0.02}}}"};
  check_case(sequential(cls, cfg, 3), &regularized, 1, (int64_t[]){3});
}

Test(keras, constraints_follow_each_update_as_keras_3) {
  const char *cls[] = {"InputLayer", "Dense", "Dense"};
  const char *cfg[] = {
      "{\"shape\": [3]}",
      "{\"units\": 2, \"activation\": \"tanh\", \"kernel_constraint\": {\"class_name\": "
      "\"MaxNorm\", \"config\": {\"max_value\": 0.4}}, \"bias_constraint\": \"non_neg\"}",
      "{\"units\": 1, \"kernel_constraint\": \"UnitNorm\"}"};
  check_case(sequential(cls, cfg, 3), &constrained, 1, (int64_t[]){3});
}

Test(keras, flatten_and_a_shared_layer_as_keras_3) {
  nnc_model *m;
  int x, h, s1, s2, out;
  OK(nnc_model_new(&m));
  OK(nnc_model_input(m, 2, (int64_t[]){2, 3}, NULL, &x));
  OK(nnc_model_flatten(m, x, &h));
  OK(nnc_model_layer_from_config(m, "Dense", "{\"units\": 6}", 1, &h, &h));
  OK(nnc_model_layer_from_config(m, "Dense", "{\"units\": 3, \"activation\": \"tanh\"}", 1, &h,
                                 &h));
  OK(nnc_model_layer_from_config(m, "Dense", "{\"units\": 3, \"activation\": \"tanh\", "
                                 "\"name\": \"shared\"}", 1, &h, &s1));
  OK(nnc_model_call_layer(m, s1, 1, &s1, &s2));
  OK(nnc_model_layer_from_config(m, "Dense", "{\"units\": 1}", 1, &s2, &out));
  nnc_layer_info li;
  OK(nnc_model_layer(m, s2, &li));
  cr_assert_eq(li.shared, s1, "the second call is of the first call's layer");
  cr_assert_str_eq(li.name, "shared");
  cr_assert_eq(li.weights, 2, "one layer with weights, whichever call");
  check_case(m, &flatten_shared, 2, (int64_t[]){2, 3});
}

Test(keras, reshape_then_dense_on_the_last_axis_as_keras_3) {
  const char *cls[] = {"InputLayer", "Reshape", "Dense", "Flatten", "Dense"};
  const char *cfg[] = {"{\"shape\": [6]}", "{\"target_shape\": [2, -1]}",
                       "{\"units\": 2, \"activation\": \"sigmoid\"}", NULL, "{\"units\": 1}"};
  nnc_model *m = sequential(cls, cfg, 5);
  nnc_layer_info li;
  OK(nnc_model_layer(m, 2, &li));
  cr_assert_eq(li.rank, 2);
  cr_assert_eq(li.shape[0], 2);
  cr_assert_eq(li.shape[1], 2, "Dense acts on the last axis: (None, 2, 2)");
  check_case(m, &reshape_rank3, 1, (int64_t[]){6});
}

Test(keras, add_and_concatenate_take_every_input_past_64) {
  nnc_model *m;
  int x, h, ids[70], cat, add, both, out;
  OK(nnc_model_new(&m));
  OK(nnc_model_input(m, 1, (int64_t[]){3}, NULL, &x));
  OK(nnc_model_layer_from_config(m, "Dense", "{\"units\": 2, \"activation\": \"tanh\"}", 1, &x,
                                 &h));
  for (int i = 0; i < 70; i++)
    ids[i] = h;
  OK(nnc_model_concatenate(m, 70, ids, -1, NULL, &cat));
  OK(nnc_model_add_layer(m, 70, ids, NULL, &add));
  OK(nnc_model_concatenate(m, 2, (int[]){cat, add}, -1, NULL, &both));
  OK(nnc_model_layer_from_config(m, "Dense", "{\"units\": 1}", 1, &both, &out));
  nnc_layer_info li;
  OK(nnc_model_layer(m, both, &li));
  cr_assert_eq(li.units, 142, "70 inputs of 2 joined, then the sum's 2");
  check_case(m, &many_inputs, 1, (int64_t[]){3});
}

/* ---- Dropout ---- */

/* Input(n) -> Dropout(rate, seed) -> Dense(1, no bias, zero kernel); MSE against y = 1 and
 * SGD(0.5) on one sample of ones make the kernel after one step the dropped input itself:
 * w = 0 − 0.5·2·(0 − 1)·d = d. */
static nnc_model *dropout_probe(int64_t n, const char *dropout) {
  nnc_model *m;
  OK(nnc_model_new(&m));
  OK(nnc_model_add_input(m, n));
  OK(nnc_model_add_layer_config(m, "Dropout", dropout));
  OK(nnc_model_add_layer_config(m, "Dense", "{\"units\": 1, \"use_bias\": false, "
                                "\"kernel_initializer\": \"zeros\"}"));
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  c.optimizer = nnc_sgd();
  c.optimizer.learning_rate = 0.5;
  c.dtype = NNC_F64;
  OK(nnc_model_compile(m, &c));
  return m;
}

static void step(nnc_model *m, int64_t n, int epochs) {
  nnc_tensor *x = tensor(2, (int64_t[]){1, n}, NULL), *y = tensor(2, (int64_t[]){1, 1}, NULL);
  for (int64_t i = 0; i < n; i++)
    ((double *)nnc_tensor_data(x))[i] = 1;
  ((double *)nnc_tensor_data(y))[0] = 1;
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  f.epochs = epochs;
  OK(nnc_model_fit(m, x, y, &f));
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

Test(keras, dropout_zeroes_rate_of_the_inputs_and_scales_the_rest_in_fit) {
  enum { N = 4000 };
  nnc_model *m = dropout_probe(N, "{\"rate\": 0.3, \"seed\": 42}");
  step(m, N, 1);
  const double *w = nnc_tensor_cdata(nnc_model_kernel(m, 0));
  int zeros = 0;
  for (int i = 0; i < N; i++) {
    cr_assert(w[i] == 0 || fabs(w[i] - 1 / 0.7) < 1e-12, "w[%d] = %g: 0 or 1/(1-rate)", i, w[i]);
    zeros += w[i] == 0;
  }
  cr_assert(fabs(zeros / (double)N - 0.3) < 0.03, "%d of %d dropped", zeros, N);
  nnc_model_free(m);
}

Test(keras, dropout_is_seeded_reproducible_and_new_each_step) {
  enum { N = 256 };
  nnc_model *a = dropout_probe(N, "{\"rate\": 0.5, \"seed\": 7}");
  nnc_model *b = dropout_probe(N, "{\"rate\": 0.5, \"seed\": 7}");
  nnc_model *c = dropout_probe(N, "{\"rate\": 0.5, \"seed\": 8}");
  step(a, N, 1);
  step(b, N, 1);
  step(c, N, 1);
  size_t bytes = N * sizeof(double);
  nnc_tensor *first;
  OK(rt_tensor_copy(nnc_model_kernel(a, 0), &first));
  cr_assert_arr_eq(nnc_tensor_cdata(nnc_model_kernel(a, 0)),
                   nnc_tensor_cdata(nnc_model_kernel(b, 0)), bytes, "one seed, one mask");
  cr_assert_arr_neq(nnc_tensor_cdata(nnc_model_kernel(a, 0)),
                    nnc_tensor_cdata(nnc_model_kernel(c, 0)), bytes, "another seed, another");
  step(a, N, 1); /* the second step's mask is another: its update differs from the first's */
  const double *w1 = nnc_tensor_cdata(first), *w2 = nnc_tensor_cdata(nnc_model_kernel(a, 0));
  int same = 0;
  for (int i = 0; i < N; i++)
    same += (w2[i] == w1[i]) == (w1[i] == 0);
  cr_assert_lt(same, N, "the step counter advances the mask");
  nnc_tensor_free(first);
  nnc_model_free(a);
  nnc_model_free(b);
  nnc_model_free(c);
}

Test(keras, dropout_is_off_in_predict_and_evaluate) {
  enum { N = 64 };
  nnc_model *m = dropout_probe(N, "{\"rate\": 0.9}");
  double *k = nnc_tensor_data(nnc_model_kernel(m, 0));
  for (int i = 0; i < N; i++)
    k[i] = 0.5;
  nnc_tensor *x = tensor(2, (int64_t[]){2, N}, NULL), *y = tensor(2, (int64_t[]){2, 1}, NULL), *p;
  for (int i = 0; i < 2 * N; i++)
    ((double *)nnc_tensor_data(x))[i] = 1;
  OK(nnc_model_predict(m, x, 2, &p));
  cr_assert_float_eq(((const double *)nnc_tensor_cdata(p))[1], 0.5 * N, 1e-12);
  nnc_metrics met;
  OK(nnc_model_evaluate(m, x, y, 2, &met));
  cr_assert_float_eq(met.loss, 0.25 * N * N, 1e-9);
  nnc_tensor_free(p);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

/* ---- MNIST's shape and configs ---- */

Test(keras, flatten_takes_mnist_shaped_samples_of_any_dtype) {
  nnc_model *m;
  OK(nnc_model_new(&m));
  OK(nnc_model_add_layer_config(m, "Flatten", "{\"input_shape\": [28, 28]}"));
  OK(nnc_model_add_layer_config(m, "Dense", "{\"units\": 10, \"activation\": \"softmax\"}"));
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY);
  OK(nnc_model_compile(m, &c));
  cr_assert_eq(nnc_model_param_count(m), 7850);
  nnc_tensor *x, *y;
  OK(nnc_tensor_new(NNC_I32, 3, (int64_t[]){8, 28, 28}, &x)); /* pixels as integers */
  OK(nnc_tensor_new(NNC_I32, 1, (int64_t[]){8}, &y));
  for (int64_t i = 0; i < x->numel; i++)
    ((int32_t *)nnc_tensor_data(x))[i] = (int32_t)(i * 37 % 256);
  for (int i = 0; i < 8; i++)
    ((int32_t *)nnc_tensor_data(y))[i] = i;
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  OK(nnc_model_fit(m, x, y, &f));
  nnc_tensor *bad;
  OK(nnc_tensor_new(NNC_F32, 3, (int64_t[]){8, 28, 27}, &bad));
  TEST_EXPECT(nnc_model_predict(m, bad, 8, &(nnc_tensor *){NULL}), NNC_ERR_SHAPE,
              "x's samples are (None, 28, 27), the model's input is (None, 28, 28)");
  nnc_tensor_free(bad);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

Test(keras, configs_are_checked_and_a_failed_call_adds_nothing) {
  nnc_model *m;
  OK(nnc_model_new(&m));
  OK(nnc_model_add_layer_config(m, "Dense", "{\"units\": 4, \"input_dim\": 3}"));
  int n = nnc_model_layer_count(m);
  cr_assert_eq(n, 2, "input_dim made the input");
  TEST_EXPECT(nnc_model_add_layer_config(m, "Dense", "{\"unit\": 4}"), NNC_ERR_ARG,
              "Dense: unknown argument 'unit' (did you mean 'units'?)");
  TEST_EXPECT(nnc_model_add_layer_config(m, "Dense", "{}"), NNC_ERR_ARG,
              "Dense: argument 'units' is required");
  TEST_EXPECT(nnc_model_add_layer_config(m, "Dense", "{\"units\": 0}"), NNC_ERR_ARG,
              "argument 'units' must be a positive integer, found 0");
  TEST_EXPECT(nnc_model_add_layer_config(m, "Dense", "{\"units\": 2, \"kernel_initializer\": "
              "{\"class_name\": \"RandomUniform\", \"config\": {\"minval\": \"a\"}}}"),
              NNC_ERR_ARG, "argument 'minval' must be a number");
  TEST_EXPECT(nnc_model_add_layer_config(m, "Dense", "{\"units\": 2, \"lora_rank\": 4}"),
              NNC_ERR_ARG, "'lora_rank' is not supported by nnc yet");
  TEST_EXPECT(nnc_model_add_layer_config(m, "Dense", "{\"units\": 2"), NNC_ERR_SYNTAX,
              "not a JSON object");
  TEST_EXPECT(nnc_model_add_layer_config(m, "Dropout", "{\"rate\": 1.5}"), NNC_ERR_ARG,
              "must be a number in [0, 1]");
  TEST_EXPECT(nnc_model_add_layer_config(m, "Conv2D", "{}"), NNC_ERR_ARG, "Conv2D");
  TEST_EXPECT(nnc_model_add_layer_config(m, "Reshape", "{\"target_shape\": [3, 3]}"),
              NNC_ERR_SHAPE, "cannot reshape (None, 4) into target_shape [3, 3]");
  TEST_EXPECT(nnc_model_add_layer_config(m, "Dense", "{\"units\": 2, \"name\": \"dense\"}"),
              NNC_ERR_ARG, "'dense' already exists");
  cr_assert_eq(nnc_model_layer_count(m), n, "nothing was added");
  OK(nnc_model_add_layer_config(m, "Dropout",
                                "{\"rate\": 0.25, \"seed\": 3}"));
  char *json = nnc_model_layer_config(m, 2);
  cr_assert(strstr(json, "\"name\":\"dropout\"") && strstr(json, "\"rate\":0.25") &&
                strstr(json, "\"seed\":3") && strstr(json, "\"noise_shape\":null"),
            "%s", json);
  nnc_string_free(json);
  nnc_model_free(m);
}

Test(keras, seeded_initializer_objects_draw_the_same_each_time) {
  const char *dense = "{\"units\": 5, \"kernel_initializer\": {\"class_name\": "
                      "\"RandomUniform\", \"config\": {\"minval\": -2, \"maxval\": -1, "
                      "\"seed\": 11}}, \"bias_initializer\": {\"class_name\": \"Constant\", "
                      "\"config\": {\"value\": 0.5}}}";
  nnc_model *m[2];
  for (int i = 0; i < 2; i++) {
    OK(nnc_model_new(&m[i]));
    OK(nnc_model_set_seed(m[i], (uint64_t)i + 1)); /* the model's seed does not matter */
    OK(nnc_model_add_input(m[i], 4));
    OK(nnc_model_add_layer_config(m[i], "Dense", dense));
    compile_sgd(m[i]);
  }
  const double *k0 = nnc_tensor_cdata(nnc_model_kernel(m[0], 0));
  cr_assert_arr_eq(k0, nnc_tensor_cdata(nnc_model_kernel(m[1], 0)), 20 * sizeof(double));
  for (int i = 0; i < 20; i++)
    cr_assert(k0[i] >= -2 && k0[i] < -1, "U(minval, maxval): %g", k0[i]);
  cr_assert_float_eq(((const double *)nnc_tensor_cdata(nnc_model_bias(m[0], 0)))[4], 0.5, 0);
  nnc_model_free(m[0]);
  nnc_model_free(m[1]);
}

/* ---- normalization ---- */

Test(keras, batch_normalization_trains_and_moves_its_statistics_as_keras_3) {
  const char *cls[] = {"InputLayer", "Dense", "BatchNormalization", "Dense"};
  const char *cfg[] = {"{\"shape\": [3]}", "{\"units\": 4}", "{\"momentum\": 0.9}",
                       "{\"units\": 1}"};
  nnc_model *m = sequential(cls, cfg, 4);
  compile_sgd(m);
  cr_assert_eq(nnc_model_non_trainable_count(m), 8, "moving_mean and moving_variance");
  check_case_tol(m, &batch_norm, 1, (int64_t[]){3}, NORM_TOL);
}

Test(keras, layer_normalization_over_one_axis_or_several_as_keras_3) {
  const char *cls[] = {"InputLayer", "LayerNormalization", "LayerNormalization", "Flatten",
                       "Dense"};
  const char *cfg[] = {"{\"shape\": [2, 3]}", NULL,
                       "{\"axis\": [1, 2], \"center\": false, \"epsilon\": 0.01}", NULL,
                       "{\"units\": 1}"};
  check_case_tol(sequential(cls, cfg, 5), &layer_norm, 2, (int64_t[]){2, 3}, NORM_TOL);
}

/* ---- activation layers ---- */

Test(keras, activation_layers_as_keras_3) {
  const char *cls[] = {"InputLayer", "Dense", "ReLU", "Dense", "LeakyReLU", "PReLU", "ELU",
                       "Softmax", "Flatten", "Dense"};
  const char *cfg[] = {"{\"shape\": [2, 3]}", "{\"units\": 3}",
                       "{\"max_value\": 0.4, \"negative_slope\": 0.1, \"threshold\": 0.05}",
                       "{\"units\": 3}", "{\"alpha\": 0.2}", "{\"shared_axes\": [1]}",
                       "{\"alpha\": 0.7}", NULL, NULL, "{\"units\": 1}"};
  nnc_model *m = sequential(cls, cfg, 10);
  nnc_layer_info li;
  OK(nnc_model_layer(m, 5, &li));
  cr_assert_str_eq(li.name, "p_re_lu", "Keras's snake case of PReLU");
  char *json = nnc_model_layer_config(m, 4);
  cr_assert(strstr(json, "\"negative_slope\":0.2"), "alpha is Keras 2's name: %s", json);
  nnc_string_free(json);
  check_case(m, &activation_layers, 2, (int64_t[]){2, 3});
}

Test(keras, activation_layers_refuse_what_keras_refuses) {
  TEST_EXPECT(nnc_layer_check_config("ReLU", "{\"negative_slope\": -1}"), NNC_ERR_ARG,
              "ReLU: argument 'negative_slope'");
  TEST_EXPECT(nnc_layer_check_config("LeakyReLU", "{\"negative_slope\": null}"), NNC_ERR_ARG,
              "LeakyReLU: argument 'negative_slope'");
  nnc_model *m;
  OK(nnc_model_new(&m));
  OK(nnc_model_add_input_shape(m, 2, (int64_t[]){2, 3}));
  TEST_EXPECT(nnc_model_add_layer_config(m, "Softmax", "{\"axis\": 1}"), NNC_ERR_ARG,
              "Softmax: nnc takes the last axis only (axis -1 or 2), found 1");
  TEST_EXPECT(nnc_model_add_layer_config(m, "PReLU", "{\"shared_axes\": [3]}"), NNC_ERR_ARG,
              "PReLU: shared_axes 3 is not an axis of a sample (1 to 2; the batch is 0)");
  cr_assert_eq(nnc_model_layer_count(m), 1, "a failed call adds nothing");
  nnc_model_free(m);
}

