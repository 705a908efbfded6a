/* test_nest.c — a model nested in another (nnc_model_add_model, nnc_model_call_model): the
 * weights are the inner model's own, so fitting the outer model trains the inner one and its
 * predictions follow; weight files name them as Keras 3 does; bad nesting is refused and
 * changes nothing. The summaries are in test_summary.c. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "keras.h"
#include "support.h"

TestSuite(nest, .init = test_dir_make, .fini = test_dir_remove);

static void dense(nnc_model *m, const char *json) {
  cr_assert_eq(nnc_model_add_layer_config(m, "Dense", json), NNC_OK, "%s", nnc_last_error());
}

/* Input (4,), Dense(3, relu): Keras's base = Sequential([Input((4,)), Dense(3, 'relu')]). */
static nnc_model *base_model(void) {
  nnc_model *m;
  int64_t four = 4;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_set_seed(m, 3), NNC_OK);
  cr_assert_eq(nnc_model_add_input_shape(m, 1, &four), NNC_OK);
  dense(m, "{\"units\": 3, \"activation\": \"relu\"}");
  return m;
}

/* Sequential([base, Dense(1, sigmoid)]). */
static nnc_model *outer_of(nnc_model *base) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_model(m, base), NNC_OK, "%s", nnc_last_error());
  dense(m, "{\"units\": 1, \"activation\": \"sigmoid\"}");
  return m;
}

/* 64 samples: y = 1 when x0 + x1 > 0. */
static void data(nnc_tensor **x, nnc_tensor **y) {
  int64_t xs[2] = {64, 4}, ys[2] = {64, 1};
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, y), NNC_OK);
  float *xd = nnc_tensor_data(*x), *yd = nnc_tensor_data(*y);
  TestRng r = test_rng(9);
  for (int i = 0; i < 64; i++) {
    for (int j = 0; j < 4; j++)
      xd[i * 4 + j] = (float)test_uniform(&r, -1, 1);
    yd[i] = xd[i * 4] + xd[i * 4 + 1] > 0;
  }
}

/* base's prediction of sample i from its weights as they are now: relu(x·W + b). */
static double by_hand(nnc_model *base, const float *x, int i, int unit) {
  const float *w = nnc_tensor_data(nnc_model_weight(base, "dense/kernel"));
  const float *b = nnc_tensor_data(nnc_model_weight(base, "dense/bias"));
  double z = b[unit];
  for (int k = 0; k < 4; k++)
    z += (double)x[i * 4 + k] * w[k * 3 + unit];
  return z > 0 ? z : 0;
}

Test(nest, fitting_the_outer_model_trains_the_inner_one) {
  nnc_model *base = base_model(), *m = outer_of(base);
  nnc_tensor *x, *y, *before = NULL, *after = NULL;
  data(&x, &y);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(base, &c), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_predict(base, x, 16, &before), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_param_count(m), 15 + 4);
  c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer.learning_rate = 0.05;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  /* one tensor, two names: the inner model's own and its path in the outer one */
  cr_assert_not_null(nnc_model_weight(base, "dense/kernel"));
  cr_assert_eq(nnc_model_weight(m, "sequential/dense/kernel"),
               nnc_model_weight(base, "dense/kernel"));
  cr_assert_null(nnc_model_weight(m, "dense/kernel"));
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 3;
  f.verbose = 0;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_predict(base, x, 16, &after), NNC_OK, "%s", nnc_last_error());
  const float *p0 = nnc_tensor_data(before), *p1 = nnc_tensor_data(after);
  double moved = 0;
  for (int i = 0; i < 64 * 3; i++)
    moved += fabs((double)p1[i] - p0[i]);
  cr_assert_gt(moved, 1e-3, "the inner model's predictions did not change");
  for (int i = 0; i < 64; i++)
    for (int u = 0; u < 3; u++)
      cr_assert_float_eq(p1[i * 3 + u], by_hand(base, nnc_tensor_data(x), i, u), 1e-5);
  nnc_tensor_free(before);
  nnc_tensor_free(after);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
  /* the inner model outlives the outer one with its weights */
  cr_assert_not_null(nnc_model_weight(base, "dense/kernel"));
  nnc_model_free(base);
}

Test(nest, weight_files_name_the_inner_model_s_weights_as_keras) {
  nnc_model *base = base_model(), *m = outer_of(base);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  float *k0 = nnc_tensor_data(nnc_model_weight(m, "sequential/dense/kernel"));
  for (int i = 0; i < 12; i++)
    k0[i] = 0.25f * (float)i;
  /* Keras 3.15's model.save_weights of Sequential([base, Dense(1)]) */
  const char *h5 = test_path("m.weights.h5");
  cr_assert_eq(nnc_model_save_weights(m, h5), NNC_OK, "%s", nnc_last_error());
  StSet *set = NULL;
  cr_assert_eq(fmt_h5_read(h5, "layers/", &set), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *k = fmt_st_get(set, "layers/sequential/layers/dense/vars/0");
  cr_assert_not_null(k);
  cr_assert_eq(nnc_tensor_dim(k, 0), 4);
  cr_assert_eq(nnc_tensor_dim(k, 1), 3);
  cr_assert_not_null(fmt_st_get(set, "layers/sequential/layers/dense/vars/1"));
  cr_assert_not_null(fmt_st_get(set, "layers/dense/vars/0")); /* dense_1, the outer Dense */
  cr_assert_null(fmt_st_get(set, "layers/dense_1/vars/0"));
  fmt_st_free(set);
  /* and back: a second pair of models takes the first pair's weights */
  nnc_model *base2 = base_model(), *m2 = outer_of(base2);
  cr_assert_eq(nnc_model_compile(m2, &c), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_load_weights(m2, h5), NNC_OK, "%s", nnc_last_error());
  const float *a = nnc_tensor_data(nnc_model_weight(m, "sequential/dense/kernel"));
  const float *b = nnc_tensor_data(nnc_model_weight(m2, "sequential/dense/kernel"));
  cr_assert_arr_eq(a, b, 12 * sizeof *a);
  const char *st = test_path("m.safetensors");
  cr_assert_eq(nnc_model_save_weights(m, st), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(fmt_st_read(st, &set), NNC_OK, "%s", nnc_last_error());
  cr_assert_not_null(fmt_st_get(set, "sequential/dense/kernel"));
  cr_assert_not_null(fmt_st_get(set, "dense_1/bias"));
  fmt_st_free(set);
  nnc_model_free(m);
  nnc_model_free(base);
  nnc_model_free(m2);
  nnc_model_free(base2);
}

Test(nest, a_functional_model_calls_a_model_on_a_layer) {
  nnc_model *base = base_model(), *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  int x, b, out;
  int64_t four = 4;
  cr_assert_eq(nnc_model_input(m, 1, &four, NULL, &x), NNC_OK);
  cr_assert_eq(nnc_model_call_model(m, base, x, &b), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_layer_from_config(m, "Dense", "{\"units\": 1}", 1, &b, &out), NNC_OK,
               "%s", nnc_last_error());
  nnc_layer_info li;
  cr_assert_eq(nnc_model_layer(m, b, &li), NNC_OK);
  cr_assert_eq(li.units, 3);
  cr_assert_eq(nnc_model_param_count(m), 15 + 4);
  nnc_model_free(base);  /* the outer model keeps the layers it shares */
  nnc_tensor *xs, *ys, *p = NULL;
  data(&xs, &ys);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_predict(m, xs, 32, &p), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_tensor_dim(p, 1), 1);
  nnc_tensor_free(p);
  nnc_tensor_free(xs);
  nnc_tensor_free(ys);
  nnc_model_free(m);
}

Test(nest, bad_nesting_is_refused_and_adds_nothing) {
  nnc_model *base = base_model(), *m, *empty;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_new(&empty), NNC_OK);
  cr_assert_eq(nnc_model_add_model(m, NULL), NNC_ERR_ARG);
  cr_assert_eq(nnc_model_add_model(base, base), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "cannot contain itself"), "%s", nnc_last_error());
  cr_assert_eq(nnc_model_add_model(m, empty), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "has no input yet"), "%s", nnc_last_error());
  cr_assert_eq(nnc_model_layer_count(m), 0);
  /* an input of another shape */
  int64_t five = 5;
  cr_assert_eq(nnc_model_add_input_shape(m, 1, &five), NNC_OK);
  cr_assert_eq(nnc_model_add_model(m, base), NNC_ERR_SHAPE);
  cr_assert(strstr(nnc_last_error(), "model 'sequential' takes inputs of shape (None, 4), but "
                   "layer 'input_layer' gives (None, 5)"), "%s", nnc_last_error());
  cr_assert_eq(nnc_model_layer_count(m), 1);
  /* two levels, and the same model twice */
  nnc_model *outer = outer_of(base), *top;
  cr_assert_eq(nnc_model_new(&top), NNC_OK);
  cr_assert_eq(nnc_model_add_model(top, outer), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "contains a model itself"), "%s", nnc_last_error());
  int id, in = 0;
  cr_assert_eq(nnc_model_call_model(outer, base, in, &id), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "has a layer named 'sequential' already"), "%s",
            nnc_last_error());
  cr_assert_eq(nnc_model_call_model(outer, base, 99, &id), NNC_ERR_ARG);
  nnc_model_free(top);
  nnc_model_free(outer);
  nnc_model_free(empty);
  nnc_model_free(m);
  nnc_model_free(base);
}

/* The outer model's build makes the inner model's weights too: the inner model names them
 * as its own before it is compiled itself (Keras's inner.get_weights() after the outer's). */
Test(nest, the_inner_model_names_the_weights_the_outer_one_made) {
  nnc_model *base = base_model(), *m = outer_of(base);
  cr_assert_null(nnc_model_weight(base, "dense/kernel"));
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *k = nnc_model_weight(base, "dense/kernel");
  cr_assert_not_null(k);
  cr_assert_eq(k, nnc_model_weight(m, "sequential/dense/kernel"));
  nnc_model_free(m);
  nnc_model_free(base);
}

/* nnc_model_share_layer: base's Dense in a second model (Sequential and functional form) is
 * the same layer: one weight tensor, and fitting the second model moves base's predictions.
 * Its name is taken, refused in a model that has another layer of that name. */
Test(nest, a_layer_shared_by_two_models_is_one_layer) {
  nnc_model *base = base_model(), *m, *f;
  int64_t four = 4;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input_shape(m, 1, &four), NNC_OK);
  cr_assert_eq(nnc_model_share_layer(m, base, 1, 0, NULL, NULL), NNC_OK, "%s", nnc_last_error());
  dense(m, "{\"units\": 1, \"activation\": \"sigmoid\", \"name\": \"out\"}");
  cr_assert_eq(nnc_model_param_count(m), 15 + 4);
  int in, id;
  cr_assert_eq(nnc_model_new(&f), NNC_OK);
  cr_assert_eq(nnc_model_input(f, 1, &four, NULL, &in), NNC_OK);
  cr_assert_eq(nnc_model_share_layer(f, base, 1, 1, &in, &id), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_share_layer(f, base, 1, 1, &id, &id), NNC_ERR_SHAPE);
  nnc_tensor *x, *y, *before = NULL, *after = NULL;
  data(&x, &y);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(f, &c), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_predict(f, x, 16, &before), NNC_OK, "%s", nnc_last_error());
  c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer.learning_rate = 0.05;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_weight(m, "dense/kernel"), nnc_model_weight(f, "dense/kernel"));
  nnc_fit_options o = nnc_fit_defaults();
  o.verbose = 0;
  cr_assert_eq(nnc_model_fit(m, x, y, &o), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_predict(f, x, 16, &after), NNC_OK, "%s", nnc_last_error());
  const float *a = nnc_tensor_data(after), *b = nnc_tensor_data(before);
  double moved = 0, off = 0;
  for (int i = 0; i < 64; i++)
    for (int u = 0; u < 3; u++) {
      moved = fmax(moved, fabs(a[i * 3 + u] - b[i * 3 + u]));
      off = fmax(off, fabs(a[i * 3 + u] - by_hand(base, nnc_tensor_data(x), i, u)));
    }
  cr_assert_gt(moved, 1e-3);
  cr_assert_lt(off, 1e-5);
  nnc_model *g;
  cr_assert_eq(nnc_model_new(&g), NNC_OK);
  cr_assert_eq(nnc_model_add_input_shape(g, 1, &four), NNC_OK);
  dense(g, "{\"units\": 3}");   /* "dense" too */
  cr_assert_eq(nnc_model_share_layer(g, base, 1, 0, NULL, NULL), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "a layer named 'dense' already exists"), "%s",
            nnc_last_error());
  cr_assert_eq(nnc_model_share_layer(g, base, 0, 0, NULL, NULL), NNC_ERR_ARG);
  cr_assert_eq(nnc_model_layer_count(g), 2);
  nnc_tensor_free(before);
  nnc_tensor_free(after);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(g);
  nnc_model_free(f);
  nnc_model_free(base);
  nnc_model_free(m);
}
