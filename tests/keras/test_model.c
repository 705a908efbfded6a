/* test_model.c — every misuse of the Keras-level API gives a status and a clear message,
 * never an abort, and changes nothing; names, parameter counts and weight accessors. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "keras.h"

#define EXPECT(call, code, text)                                                              \
  do {                                                                                        \
    nnc_status s_ = (call);                                                                   \
    cr_assert_eq(s_, code, "%s: got %s: %s", #call, nnc_status_name(s_), nnc_last_error());   \
    cr_assert(strstr(nnc_last_error(), text), "%s: message lacks '%s': %s", #call, text,      \
              nnc_last_error());                                                              \
  } while (0)

static nnc_model *small(int64_t in, int64_t out, nnc_activation act) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  if (in)
    cr_assert_eq(nnc_model_add_input(m, in), NNC_OK);
  nnc_dense_options d = nnc_dense(4, NNC_ACT_RELU);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  d = nnc_dense(out, act);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  return m;
}

static nnc_tensor *tensor(nnc_dtype t, int rank, int64_t d0, int64_t d1) {
  int64_t s[2] = {d0, d1};
  nnc_tensor *x;
  cr_assert_eq(nnc_tensor_new(t, rank, s, &x), NNC_OK);
  return x;
}

Test(runtime, model_null_arguments) {
  EXPECT(nnc_model_new(NULL), NNC_ERR_ARG, "NULL");
  EXPECT(nnc_model_add_input(NULL, 3), NNC_ERR_ARG, "NULL");
  EXPECT(nnc_model_add_dense(NULL, NULL), NNC_ERR_ARG, "model is NULL");
  EXPECT(nnc_model_set_seed(NULL, 1), NNC_ERR_ARG, "NULL");
  EXPECT(nnc_model_compile(NULL, NULL), NNC_ERR_ARG, "model is NULL");
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  EXPECT(nnc_model_add_dense(m, NULL), NNC_ERR_ARG, "options is NULL");
  EXPECT(nnc_model_compile(m, NULL), NNC_ERR_ARG, "options is NULL");
  nnc_fit_options f = nnc_fit_defaults();
  EXPECT(nnc_model_fit(NULL, NULL, NULL, &f), NNC_ERR_ARG, "NULL");
  nnc_metrics met;
  EXPECT(nnc_model_evaluate(NULL, NULL, NULL, 32, &met), NNC_ERR_ARG, "NULL");
  nnc_tensor *p = (nnc_tensor *)1;
  EXPECT(nnc_model_predict(NULL, NULL, 32, &p), NNC_ERR_ARG, "NULL");
  cr_assert_null(p);
  EXPECT(nnc_model_predict(m, NULL, 32, NULL), NNC_ERR_ARG, "out is NULL");
  cr_assert_eq(nnc_model_param_count(NULL), 0);
  cr_assert_null(nnc_model_kernel(NULL, 0));
  cr_assert_null(nnc_model_bias(NULL, 0));
  cr_assert_eq(nnc_model_compile_ms(NULL), 0);
  nnc_model_free(m);
  nnc_model_free(NULL);
}

Test(runtime, model_bad_input_and_layers) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  EXPECT(nnc_model_add_input(m, 0), NNC_ERR_ARG, "positive");
  EXPECT(nnc_model_add_input(m, -5), NNC_ERR_ARG, "-5");
  nnc_dense_options d = nnc_dense(0, NNC_ACT_RELU);
  EXPECT(nnc_model_add_dense(m, &d), NNC_ERR_ARG, "units must be positive");
  d.units = -3;
  EXPECT(nnc_model_add_dense(m, &d), NNC_ERR_ARG, "-3");
  d = nnc_dense(3, (nnc_activation)99);
  EXPECT(nnc_model_add_dense(m, &d), NNC_ERR_ARG, "activation");
  d = nnc_dense(3, NNC_ACT_RELU);
  d.kernel_initializer = (nnc_initializer)42;
  EXPECT(nnc_model_add_dense(m, &d), NNC_ERR_ARG, "initializer");
  d = nnc_dense(3, NNC_ACT_LEAKY_RELU);
  d.alpha = NAN; /* leaky_relu's negative_slope */
  EXPECT(nnc_model_add_dense(m, &d), NNC_ERR_ARG, "negative_slope must be finite");
  d = nnc_dense(3, NNC_ACT_THRESHOLD); /* Keras's threshold has no defaults */
  EXPECT(nnc_model_add_dense(m, &d), NNC_ERR_ARG, "threshold is required");
  d = nnc_dense(3, NNC_ACT_GLU);
  EXPECT(nnc_model_add_dense(m, &d), NNC_ERR_SHAPE, "even");
  d = nnc_dense(4, NNC_ACT_SOFTMAX);
  d.args[0] = 0;
  EXPECT(nnc_model_add_dense(m, &d), NNC_ERR_ARG, "axis must be the last axis");
  d = nnc_dense(3, NNC_ACT_RELU);
  d.name = "";
  EXPECT(nnc_model_add_dense(m, &d), NNC_ERR_ARG, "name");
  d.name = "a/b";
  EXPECT(nnc_model_add_dense(m, &d), NNC_ERR_ARG, "'/'");
  cr_assert_eq(m->nlayers, 0, "failed calls add nothing");
  d.name = "hidden";
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  EXPECT(nnc_model_add_dense(m, &d), NNC_ERR_ARG, "'hidden' already exists");
  EXPECT(nnc_model_add_input(m, 3), NNC_ERR_ARG, "input must come first");
  nnc_model_free(m);
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 3), NNC_OK);
  EXPECT(nnc_model_add_input(m, 3), NNC_ERR_ARG, "once");
  nnc_model_free(m);
}

Test(runtime, model_default_names_follow_keras) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  nnc_dense_options d = nnc_dense(3, NNC_ACT_RELU);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  d.name = "dense_2";
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  d.name = NULL;
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  /* layers[0] is the InputLayer the first Dense made */
  cr_assert_str_eq(m->layers[1]->name, "dense");
  cr_assert_str_eq(m->layers[2]->name, "dense_2");
  /* Keras numbers only the layers it names; a number already taken is skipped */
  cr_assert_str_eq(m->layers[3]->name, "dense_1");
  cr_assert_str_eq(m->layers[4]->name, "dense_3");
  nnc_model_free(m);
}

Test(runtime, model_bad_compile_options) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  EXPECT(nnc_model_compile(m, &c), NNC_ERR_ARG, "no layers");
  nnc_model_free(m);
  m = small(3, 1, NNC_ACT_SIGMOID);
  c.loss = (nnc_loss_kind)17;
  EXPECT(nnc_model_compile(m, &c), NNC_ERR_ARG, "loss");
  c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.dtype = NNC_I32;
  EXPECT(nnc_model_compile(m, &c), NNC_ERR_TYPE, "dtype");
  c.dtype = NNC_F64;
  c.mixed_bfloat16 = 1;
  EXPECT(nnc_model_compile(m, &c), NNC_ERR_TYPE, "mixed_bfloat16 keeps variables in float32");
  c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer.learning_rate = -1; /* 0 trains nothing, and is accepted as in Keras */
  EXPECT(nnc_model_compile(m, &c), NNC_ERR_ARG, "learning_rate");
  c.optimizer.learning_rate = NAN;
  EXPECT(nnc_model_compile(m, &c), NNC_ERR_ARG, "learning_rate");
  c.optimizer = nnc_adam();
  c.optimizer.beta_1 = 1.0;
  EXPECT(nnc_model_compile(m, &c), NNC_ERR_ARG, "beta_1");
  c.optimizer = nnc_sgd();
  c.optimizer.momentum = -0.5;
  EXPECT(nnc_model_compile(m, &c), NNC_ERR_ARG, "momentum");
  c.optimizer = nnc_rmsprop();
  c.optimizer.epsilon = -1;
  EXPECT(nnc_model_compile(m, &c), NNC_ERR_ARG, "epsilon");
  c.optimizer.kind = (nnc_optimizer_kind)9;
  EXPECT(nnc_model_compile(m, &c), NNC_ERR_ARG, "optimizer");
  c = nnc_compile_defaults(NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY);
  EXPECT(nnc_model_compile(m, &c), NNC_ERR_SHAPE, "2 units");
  cr_assert_null(nnc_model_kernel(m, 0), "failed compiles initialise nothing");
  nnc_model_free(m);
}

Test(runtime, model_wrong_order_of_calls) {
  nnc_model *m = small(3, 1, NNC_ACT_SIGMOID);
  nnc_tensor *x = tensor(NNC_F32, 2, 8, 3), *y = tensor(NNC_F32, 2, 8, 1), *p;
  nnc_fit_options f = nnc_fit_defaults();
  nnc_metrics met;
  EXPECT(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG, "not compiled");
  EXPECT(nnc_model_evaluate(m, x, y, 32, &met), NNC_ERR_ARG, "not compiled");
  EXPECT(nnc_model_predict(m, x, 32, &p), NNC_ERR_ARG, "not compiled");
  cr_assert_null(nnc_model_kernel(m, 0));
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_dense_options d = nnc_dense(2, NNC_ACT_RELU);
  EXPECT(nnc_model_add_dense(m, &d), NNC_ERR_ARG, "already compiled");
  EXPECT(nnc_model_add_input(m, 3), NNC_ERR_ARG, "already compiled");
  cr_assert_eq(nnc_model_layer_count(m), 3, "the input and two Dense layers");
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

Test(runtime, model_bad_data) {
  nnc_model *m = small(3, 2, NNC_ACT_SOFTMAX);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_CATEGORICAL_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *x = tensor(NNC_F32, 2, 8, 3), *y = tensor(NNC_F32, 2, 8, 2);
  nnc_tensor *y7 = tensor(NNC_F32, 2, 7, 2), *x4 = tensor(NNC_F32, 2, 8, 4);
  nnc_tensor *x64 = tensor(NNC_F64, 2, 8, 3), *yi = tensor(NNC_I32, 2, 8, 2);
  nnc_tensor *y3 = tensor(NNC_F32, 2, 8, 3), *x1 = tensor(NNC_F32, 1, 8, 0);
  nnc_tensor *x0 = tensor(NNC_F32, 2, 0, 3), *y0 = tensor(NNC_F32, 2, 0, 2);
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  nnc_tensor *k0;
  cr_assert_eq(rt_tensor_copy(nnc_model_kernel(m, 0), &k0), NNC_OK);
  EXPECT(nnc_model_fit(m, x, NULL, &f), NNC_ERR_ARG, "y is NULL");
  EXPECT(nnc_model_fit(m, NULL, y, &f), NNC_ERR_ARG, "x is NULL");
  EXPECT(nnc_model_fit(m, x, y7, &f), NNC_ERR_SHAPE, "x has 8 samples but y has 7");
  EXPECT(nnc_model_fit(m, x4, y, &f), NNC_ERR_SHAPE, "x's samples are (None, 4), the model's input is (None, 3)");
  EXPECT(nnc_model_fit(m, x, yi, &f), NNC_ERR_TYPE, "y is i32");
  EXPECT(nnc_model_fit(m, x, y3, &f), NNC_ERR_SHAPE,
         "y must be [n, 2] (the last layer's units), found [8, 3]");
  nnc_tensor *y1 = tensor(NNC_F32, 1, 8, 0); /* not class ids: 0.5 each */
  for (int i = 0; i < 8; i++)
    ((float *)nnc_tensor_data(y1))[i] = 0.5f;
  EXPECT(nnc_model_fit(m, x, y1, &f), NNC_ERR_SHAPE, "found [8]");
  nnc_tensor_free(y1);
  EXPECT(nnc_model_fit(m, x1, y, &f), NNC_ERR_SHAPE, "rank 1");
  EXPECT(nnc_model_fit(m, x0, y0, &f), NNC_ERR_SHAPE, "empty");
  f.epochs = -1;
  EXPECT(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG, "epochs");
  f = nnc_fit_defaults();
  f.batch_size = 0;
  EXPECT(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG, "batch_size");
  f = nnc_fit_defaults();
  f.validation_split = 1.0;
  EXPECT(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG, "validation_split");
  f.validation_split = NAN;
  EXPECT(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG, "validation_split");
  f.validation_split = 0.95;
  EXPECT(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG, "no training samples");
  nnc_metrics met;
  EXPECT(nnc_model_evaluate(m, x, y, 0, &met), NNC_ERR_ARG, "batch_size");
  EXPECT(nnc_model_evaluate(m, x, y, 32, NULL), NNC_ERR_ARG, "out is NULL");
  EXPECT(nnc_model_evaluate(m, x, y7, 32, &met), NNC_ERR_SHAPE, "samples");
  nnc_tensor *p;
  EXPECT(nnc_model_predict(m, x, -1, &p), NNC_ERR_ARG, "batch_size");
  EXPECT(nnc_model_predict(m, x4, 32, &p), NNC_ERR_SHAPE, "x's samples are (None, 4)");
  cr_assert_arr_eq(k0->data, nnc_model_kernel(m, 0)->data, 12 * sizeof(float),
                   "failed calls leave the weights alone");
  nnc_tensor *all[] = {x, y, y7, x4, x64, yi, y3, x1, x0, y0, k0};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    nnc_tensor_free(all[i]);
  nnc_model_free(m);
}

Test(runtime, model_bad_sparse_labels) {
  nnc_model *m = small(3, 4, NNC_ACT_SOFTMAX);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *x = tensor(NNC_F32, 2, 4, 3), *y = tensor(NNC_I32, 1, 4, 0);
  nnc_tensor *y2 = tensor(NNC_F32, 2, 4, 2);
  ((int32_t *)y->data)[2] = 4;
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  EXPECT(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG, "y[2] = 4 is not a class id in [0, 4)");
  ((int32_t *)y->data)[2] = -1;
  EXPECT(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG, "y[2] = -1");
  ((float *)y2->data)[0] = 0.5f;
  EXPECT(nnc_model_fit(m, x, y2, &f), NNC_ERR_SHAPE, "class ids");
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_tensor_free(y2);
  nnc_model_free(m);
}

Test(runtime, model_param_count_and_weights) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  nnc_dense_options d = nnc_dense(25, NNC_ACT_SIGMOID);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  d = nnc_dense(15, NNC_ACT_SIGMOID);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  d = nnc_dense(1, NNC_ACT_SIGMOID);
  d.use_bias = 0;
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  cr_assert_eq(nnc_model_param_count(m), 0, "unknown before the input");
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  cr_assert_null(nnc_model_kernel(m, 0), "no input: weights wait for the first fit");
  nnc_tensor *x = tensor(NNC_F32, 2, 5, 784), *p;
  cr_assert_eq(nnc_model_predict(m, x, 32, &p), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_tensor_dim(p, 0), 5);
  cr_assert_eq(nnc_tensor_dim(p, 1), 1);
  cr_assert_eq(nnc_model_param_count(m), 784 * 25 + 25 + 25 * 15 + 15 + 15);
  nnc_tensor *k = nnc_model_kernel(m, 1);
  cr_assert_not_null(k);
  cr_assert_eq(nnc_tensor_dim(k, 0), 25);
  cr_assert_eq(nnc_tensor_dim(k, 1), 15);
  cr_assert_eq(nnc_tensor_dim(nnc_model_bias(m, 1), 0), 15);
  cr_assert_null(nnc_model_bias(m, 2), "use_bias off");
  cr_assert_null(nnc_model_kernel(m, 3));
  cr_assert_null(nnc_model_kernel(m, -1));
  /* biases start at zero, kernels within the glorot limit */
  const float *b = nnc_tensor_cdata(nnc_model_bias(m, 0));
  const float *w = nnc_tensor_cdata(nnc_model_kernel(m, 0));
  double limit = sqrt(6.0 / (784 + 25));
  for (int i = 0; i < 25; i++)
    cr_assert_eq(b[i], 0.0f);
  for (int i = 0; i < 784 * 25; i++)
    cr_assert_leq(fabs(w[i]), limit);
  nnc_tensor_free(x);
  nnc_tensor_free(p);
  nnc_model_free(m);
}

Test(runtime, model_option_defaults_are_keras) {
  nnc_optimizer s = nnc_sgd(), a = nnc_adam(), r = nnc_rmsprop();
  cr_assert_eq(s.kind, NNC_OPT_SGD);
  cr_assert_eq(s.learning_rate, 0.01);
  cr_assert_eq(s.momentum, 0.0);
  cr_assert_eq(s.nesterov, 0);
  cr_assert_eq(a.kind, NNC_OPT_ADAM);
  cr_assert_eq(a.learning_rate, 1e-3);
  cr_assert_eq(a.beta_1, 0.9);
  cr_assert_eq(a.beta_2, 0.999);
  cr_assert_eq(a.epsilon, 1e-7);
  cr_assert_eq(r.kind, NNC_OPT_RMSPROP);
  cr_assert_eq(r.learning_rate, 1e-3);
  cr_assert_eq(r.rho, 0.9);
  cr_assert_eq(r.epsilon, 1e-7);
  nnc_dense_options d = nnc_dense(7, NNC_ACT_TANH);
  cr_assert_eq(d.units, 7);
  cr_assert_eq(d.use_bias, 1);
  cr_assert_eq(d.kernel_initializer, NNC_INIT_GLOROT_UNIFORM);
  cr_assert_eq(d.bias_initializer, NNC_INIT_ZEROS);
  cr_assert_eq(d.alpha, 0);     /* tanh has no argument */
  cr_assert_eq(nnc_dense(7, NNC_ACT_LEAKY_RELU).alpha, 0.2); /* keras.activations.leaky_relu */
  cr_assert_null(d.name);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(c.optimizer.kind, NNC_OPT_RMSPROP);
  cr_assert_eq(c.dtype, NNC_F32);
  cr_assert_eq(c.from_logits, 0);
  cr_assert_eq(c.accuracy, 0);
  nnc_fit_options f = nnc_fit_defaults();
  cr_assert_eq(f.epochs, 1);
  cr_assert_eq(f.batch_size, 32);
  cr_assert_eq(f.shuffle, 1);
  cr_assert_eq(f.validation_split, 0.0);
  cr_assert_null(f.on_epoch);
}

Test(runtime, model_sequential_calls_build_a_layer_graph) {
  nnc_model *m = small(0, 2, NNC_ACT_SOFTMAX);
  cr_assert_eq(nnc_model_layer_count(m), 3, "an input of unknown size, then the two Dense layers");
  nnc_layer_info li;
  cr_assert_eq(nnc_model_layer(m, 0, &li), NNC_OK);
  cr_assert_eq(li.kind, NNC_LAYER_INPUT);
  cr_assert_eq(li.units, 0);
  cr_assert_eq(nnc_model_layer(m, 2, &li), NNC_OK);
  cr_assert_eq(li.ninputs, 1);
  cr_assert_eq(li.inputs[0], 1);
  cr_assert_eq(li.output, 1);
  cr_assert_eq(li.params, 0, "unbuilt until the input's size is known, as in Keras");
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_CATEGORICAL_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *x = tensor(NNC_F32, 2, 8, 5), *p;
  cr_assert_eq(nnc_model_predict(m, x, 4, &p), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_layer(m, 0, &li), NNC_OK);
  cr_assert_eq(li.units, 5, "the data told the size");
  cr_assert_eq(nnc_model_layer(m, 1, &li), NNC_OK);
  cr_assert_eq(li.params, 5 * 4 + 4);
  cr_assert_eq(nnc_model_param_count(m), 24 + 4 * 2 + 2);
  int64_t five = 5;
  int id;
  EXPECT(nnc_model_input(m, 1, &five, NULL, &id), NNC_ERR_ARG, "already compiled");
  EXPECT(nnc_model_layer(m, 3, &li), NNC_ERR_ARG, "3 is not a layer");
  EXPECT(nnc_model_layer(NULL, 0, &li), NNC_ERR_ARG, "NULL");
  cr_assert_eq(nnc_model_layer_count(NULL), 0);
  nnc_tensor_free(p);
  nnc_tensor_free(x);
  nnc_model_free(m);
}

Test(runtime, model_optimizer_defaults_come_from_the_table) {
  nnc_optimizer s = nnc_optimizer_defaults(NNC_OPT_SGD), a = nnc_optimizer_defaults(NNC_OPT_ADAM);
  nnc_optimizer r = nnc_optimizer_defaults(NNC_OPT_RMSPROP);
  cr_expect(s.kind == NNC_OPT_SGD && s.learning_rate == 0.01 && s.momentum == 0 && !s.nesterov);
  cr_expect(a.kind == NNC_OPT_ADAM && a.learning_rate == 1e-3 && a.beta_1 == 0.9 &&
            a.beta_2 == 0.999 && a.epsilon == 1e-7);
  cr_expect(r.kind == NNC_OPT_RMSPROP && r.learning_rate == 1e-3 && r.rho == 0.9 && r.epsilon == 1e-7);
  cr_expect(s.beta_1 == 0.9 && s.epsilon == 1e-7, "fields of other kinds hold Keras defaults too");
  nnc_optimizer bad = nnc_optimizer_defaults((nnc_optimizer_kind)99);
  cr_expect(bad.kind == NNC_OPT_SGD && bad.learning_rate == 0.01);
}
