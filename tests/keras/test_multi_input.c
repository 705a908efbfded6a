/* test_multi_input.c — models of several inputs through the C API: built with one
 * nnc_model_input per input, ordered by nnc_model_set_inputs, fed through
 * nnc_model_pack_inputs; Keras's own file of such a model (fixtures/make_keras_wide_deep.py,
 * which lists the inputs in another order than the model's) predicts as Keras predicted, and
 * round-trips through nnc's .keras and .weights.h5 files (ONNX export: test_onnx.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "support.h"
#include "support_files.h"

TestSuite(multi_input, .init = test_dir_make, .fini = test_dir_remove);

static nnc_tensor *load(const char *name) {
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_load(test_keras_fixture(name), NNC_F32, &t), NNC_OK, "%s",
               nnc_last_error());
  return t;
}

static void compile(nnc_model *m) {
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
}

/* The fixture's inputs packed for m, and m's prediction on them. */
static nnc_tensor *predict_fixture(nnc_model *m) {
  nnc_tensor *xs[2] = {load("wide_deep_wide.npy"), load("wide_deep_deep.npy")}, *x, *y;
  cr_assert_eq(nnc_model_pack_inputs(m, 2, (const nnc_tensor *const *)xs, &x), NNC_OK, "%s",
               nnc_last_error());
  cr_assert_eq(nnc_model_predict(m, x, 4, &y), NNC_OK, "%s", nnc_last_error());
  nnc_tensor_free(xs[0]);
  nnc_tensor_free(xs[1]);
  nnc_tensor_free(x);
  return y;
}

static void expect_keras_prediction(nnc_model *m, const char *what) {
  nnc_tensor *want = load("wide_deep_pred.npy"), *got = predict_fixture(m);
  cr_expect_lt(test_max_diff(got, want), 1e-5, "%s: nnc and Keras differ by %g", what,
               test_max_diff(got, want));
  nnc_tensor_free(want);
  nnc_tensor_free(got);
}

static const char *input_name(const nnc_model *m, int k) {
  int id;
  nnc_layer_info li;
  nnc_model_input_count(m, k, &id);
  cr_assert_eq(nnc_model_layer(m, id, &li), NNC_OK, "%s", nnc_last_error());
  return li.name;
}

Test(multi_input, a_keras_file_of_two_inputs_loads_in_its_input_order_and_predicts_as_keras) {
  nnc_model *m;
  cr_assert_eq(nnc_model_load_keras(test_keras_fixture("wide_deep.keras"), &m), NNC_OK, "%s",
               nnc_last_error());
  cr_assert_eq(nnc_model_input_count(m, 0, NULL), 2);
  cr_assert_str_eq(input_name(m, 0), "wide");  /* input_layers' order, not the layers' */
  cr_assert_str_eq(input_name(m, 1), "deep");
  compile(m);
  expect_keras_prediction(m, "loaded");
  /* nnc's own archive and weights file keep the order and the weights */
  cr_assert_eq(nnc_model_save_keras(m, test_path("m.keras")), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_save_weights(m, test_path("m.weights.h5")), NNC_OK, "%s",
               nnc_last_error());
  nnc_model *back;
  cr_assert_eq(nnc_model_load_keras(test_path("m.keras"), &back), NNC_OK, "%s", nnc_last_error());
  cr_assert_str_eq(input_name(back, 0), "wide");
  compile(back);
  expect_keras_prediction(back, "nnc's archive");
  nnc_model_free(back);
  nnc_model_free(m);
}

/* The fixture's model built in C, its inputs made deep first and ordered as Keras's. */
static nnc_model *built_in_c(void) {
  nnc_model *m;
  int wide, deep, flat, hidden, cat, out;
  int64_t ws[1] = {3}, ds[2] = {2, 2};
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_input(m, 2, ds, "deep", &deep), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_input(m, 1, ws, "wide", &wide), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_flatten(m, deep, &flat), NNC_OK, "%s", nnc_last_error());
  nnc_dense_options d = nnc_dense(5, NNC_ACT_TANH);
  d.name = "hidden";
  cr_assert_eq(nnc_model_dense(m, flat, &d, &hidden), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_concatenate(m, 2, (int[]){wide, hidden}, -1, NULL, &cat), NNC_OK);
  d = nnc_dense(2, NNC_ACT_LINEAR);
  d.name = "out";
  cr_assert_eq(nnc_model_dense(m, cat, &d, &out), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_input_count(m, 0, NULL), 2);
  cr_assert_str_eq(input_name(m, 0), "deep"); /* the order of the calls, until set */
  cr_assert_eq(nnc_model_set_inputs(m, 2, (int[]){wide, deep}), NNC_OK, "%s", nnc_last_error());
  return m;
}

Test(multi_input, a_model_built_in_c_takes_keras_weights_and_predicts_as_keras) {
  nnc_model *m = built_in_c();
  cr_assert_str_eq(input_name(m, 0), "wide");
  cr_assert_str_eq(input_name(m, 1), "deep");
  compile(m);
  cr_assert_eq(nnc_model_load_weights(m, test_keras_fixture("wide_deep.weights.h5")), NNC_OK,
               "%s", nnc_last_error());
  expect_keras_prediction(m, "built in C");
  nnc_model_free(m);
}

Test(multi_input, pack_inputs_puts_each_sample_side_by_side_in_the_input_order) {
  nnc_model *m = built_in_c();
  nnc_tensor *w, *d, *x;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, (int64_t[]){2, 3}, &w), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 3, (int64_t[]){2, 2, 2}, &d), NNC_OK);
  for (int i = 0; i < 6; i++)
    ((float *)nnc_tensor_data(w))[i] = (float)(10 + i);
  for (int i = 0; i < 8; i++)
    ((float *)nnc_tensor_data(d))[i] = (float)(20 + i);
  cr_assert_eq(nnc_model_pack_inputs(m, 2, (const nnc_tensor *[]){w, d}, &x), NNC_OK, "%s",
               nnc_last_error());
  cr_assert_eq(nnc_tensor_rank(x), 2);
  cr_assert_eq(nnc_tensor_dim(x, 0), 2);
  cr_assert_eq(nnc_tensor_dim(x, 1), 7);
  const float want[14] = {10, 11, 12, 20, 21, 22, 23, 13, 14, 15, 24, 25, 26, 27};
  cr_assert_arr_eq(nnc_tensor_data(x), want, sizeof want);
  nnc_tensor_free(x);
  /* wrong count, order (shapes), dtype and sample counts are refused by name */
  cr_assert_eq(nnc_model_pack_inputs(m, 1, (const nnc_tensor *[]){w}, &x), NNC_ERR_ARG);
  cr_assert_str_eq(nnc_last_error(), "nnc_model_pack_inputs: the model has 2 inputs, found 1 "
                                     "tensors");
  cr_assert_eq(nnc_model_pack_inputs(m, 2, (const nnc_tensor *[]){d, w}, &x), NNC_ERR_SHAPE);
  cr_assert_str_eq(nnc_last_error(), "nnc_model_pack_inputs: input 'wide' takes samples of "
                                     "shape (None, 3), found (None, 2, 2)");
  nnc_tensor *d64, *d3;
  cr_assert_eq(nnc_tensor_new(NNC_F64, 3, (int64_t[]){2, 2, 2}, &d64), NNC_OK);
  cr_assert_eq(nnc_model_pack_inputs(m, 2, (const nnc_tensor *[]){w, d64}, &x), NNC_ERR_ARG);
  cr_assert_str_eq(nnc_last_error(), "nnc_model_pack_inputs: input 'deep' is f64, input 'wide' "
                                     "f32; give them one dtype");
  cr_assert_eq(nnc_tensor_new(NNC_F32, 3, (int64_t[]){3, 2, 2}, &d3), NNC_OK);
  cr_assert_eq(nnc_model_pack_inputs(m, 2, (const nnc_tensor *[]){w, d3}, &x), NNC_ERR_SHAPE);
  cr_assert_str_eq(nnc_last_error(), "nnc_model_pack_inputs: input 'deep' has 3 samples, input "
                                     "'wide' 2");
  nnc_tensor_free(w), nnc_tensor_free(d), nnc_tensor_free(d64), nnc_tensor_free(d3);
  nnc_model_free(m);
}

Test(multi_input, set_inputs_refuses_what_is_not_each_input_once) {
  nnc_model *m = built_in_c();
  cr_assert_eq(nnc_model_set_inputs(m, 1, (int[]){0}), NNC_ERR_ARG);
  cr_assert_str_eq(nnc_last_error(), "nnc_model_set_inputs: the model has 2 inputs, found 1 ids");
  cr_assert_eq(nnc_model_set_inputs(m, 2, (int[]){0, 2}), NNC_ERR_ARG);
  cr_assert_str_eq(nnc_last_error(), "nnc_model_set_inputs: 2 is not an InputLayer of this model");
  cr_assert_eq(nnc_model_set_inputs(m, 2, (int[]){1, 1}), NNC_ERR_ARG);
  cr_assert_str_eq(nnc_last_error(), "nnc_model_set_inputs: input 'wide' is given twice");
  cr_assert_str_eq(input_name(m, 0), "wide"); /* unchanged */
  int id = 7;
  cr_assert_eq(nnc_model_input_count(m, 2, &id), 2);
  cr_assert_eq(id, -1);
  nnc_model_free(m);
}

Test(multi_input, a_model_of_two_inputs_evaluates_and_trains_on_packed_data) {
  nnc_model *m = built_in_c();
  compile(m);
  cr_assert_eq(nnc_model_load_weights(m, test_keras_fixture("wide_deep.weights.h5")), NNC_OK,
               "%s", nnc_last_error());
  nnc_tensor *xs[2] = {load("wide_deep_wide.npy"), load("wide_deep_deep.npy")}, *x;
  nnc_tensor *y = load("wide_deep_pred.npy");
  cr_assert_eq(nnc_model_pack_inputs(m, 2, (const nnc_tensor *const *)xs, &x), NNC_OK);
  nnc_metrics met;
  cr_assert_eq(nnc_model_evaluate(m, x, y, 32, &met), NNC_OK, "%s", nnc_last_error());
  cr_assert_lt(met.loss, 1e-10); /* Keras's own predictions as targets */
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 2, f.verbose = 0, f.validation_split = 0.34;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  nnc_tensor_free(xs[0]), nnc_tensor_free(xs[1]), nnc_tensor_free(x), nnc_tensor_free(y);
  nnc_model_free(m);
}

/* A Sequential model's first layer makes its InputLayer; when the layer is refused, the input
 * goes with it, and the next first layer makes the one input. */
Test(multi_input, a_refused_first_layer_takes_its_input_back) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_layer_config(m, "Reshape", "{\"target_shape\": [3], "
                                          "\"input_shape\": [4]}"), NNC_ERR_SHAPE);
  cr_assert_eq(nnc_model_input_count(m, 0, NULL), 0);
  cr_assert_eq(nnc_model_layer_count(m), 0);
  cr_assert_eq(nnc_model_add_layer_config(m, "Dense", "{\"units\": 2, \"input_shape\": [4]}"),
               NNC_OK, "%s", nnc_last_error());
  int id = -1;
  cr_assert_eq(nnc_model_input_count(m, 0, &id), 1);
  cr_assert_eq(id, 0);
  nnc_model_free(m);
}
