/* test_normalization.c — the preprocessing layer Normalization and nnc_model_adapt
 * (layer_norm.c): Keras 3's numbers for its docstring's examples, a kept axis inside a
 * sample (numpy's), the weights and parameter counts Keras makes, and the refusals. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "nnc.h"
#include "support.h"

#define OK(call) cr_assert_eq((call), NNC_OK, "%s: %s", #call, nnc_last_error())

static nnc_tensor *tensor(int rank, const int64_t *shape, const double *vals) {
  nnc_tensor *t;
  OK(nnc_tensor_new(NNC_F64, rank, shape, &t));
  memcpy(nnc_tensor_data(t), vals, (size_t)nnc_tensor_numel(t) * sizeof(double));
  return t;
}

static void close_to(const double *got, const double *want, int64_t n, const char *what) {
  for (int64_t i = 0; i < n; i++)
    cr_assert(fabs(got[i] - want[i]) <= 1e-12 * (1 + fabs(want[i])), "%s[%lld]: %.17g, want %.17g",
              what, (long long)i, got[i], want[i]);
}

/* [InputLayer(shape), Normalization(config)] compiled in float64. */
static nnc_model *normalizer(int rank, const int64_t *shape, const char *config) {
  nnc_model *m;
  OK(nnc_model_new(&m));
  char in[64];
  snprintf(in, sizeof in, rank == 1 ? "{\"shape\": [%lld]}" : "{\"shape\": [%lld, %lld]}",
           (long long)shape[0], (long long)shape[rank > 1]);
  OK(nnc_model_add_layer_config(m, "InputLayer", in));
  OK(nnc_model_add_layer_config(m, "Normalization", config));
  return m;
}

static void compile(nnc_model *m) {
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  c.dtype = NNC_F64;
  OK(nnc_model_compile(m, &c));
}

/* predict(x) of n samples of width w equals want. */
static void predicts(nnc_model *m, const double *x, int64_t n, int64_t w, const double *want) {
  nnc_tensor *t = tensor(2, (int64_t[]){n, w}, x), *p;
  OK(nnc_model_predict(m, t, n, &p));
  close_to(nnc_tensor_cdata(p), want, n * w, "predict");
  nnc_tensor_free(p);
  nnc_tensor_free(t);
}

/* Keras's docstring: adapt to [[0,7,4],[2,9,6],[0,7,4],[2,9,6]] (mean 1, 8, 5; variance 1),
 * then [[0,7,4]] normalizes to [-1,-1,-1]; invert=True maps [[1,2,3]] to [2,10,8]. */
static const double docstring_data[] = {0, 7, 4, 2, 9, 6, 0, 7, 4, 2, 9, 6};

Test(normalization, adapt_per_feature_as_keras_docstring) {
  nnc_model *m = normalizer(1, (int64_t[]){3}, NULL);
  nnc_tensor *d = tensor(2, (int64_t[]){4, 3}, docstring_data);
  OK(nnc_model_adapt(m, 1, d));
  compile(m);
  predicts(m, (double[]){0, 7, 4}, 1, 3, (double[]){-1, -1, -1});
  close_to(nnc_tensor_cdata(nnc_model_weight(m, "normalization/mean")), (double[]){1, 8, 5}, 3,
           "mean");
  close_to(nnc_tensor_cdata(nnc_model_weight(m, "normalization/variance")), (double[]){1, 1, 1},
           3, "variance");
  nnc_tensor *count = nnc_model_weight(m, "normalization/count");
  cr_assert(count && nnc_tensor_dtype(count) == NNC_I32 && nnc_tensor_rank(count) == 0);
  cr_assert_eq(*(const int32_t *)nnc_tensor_cdata(count), 0, "Keras never updates count");
  /* Keras counts mean, variance and count (3 + 3 + 1) as non-trainable */
  cr_assert_eq(nnc_model_param_count(m), 0);
  cr_assert_eq(nnc_model_non_trainable_count(m), 7);
  nnc_model_free(m);

  m = normalizer(1, (int64_t[]){3}, "{\"invert\": true}");
  compile(m); /* adapt after the weights exist writes them */
  OK(nnc_model_adapt(m, 1, d));
  predicts(m, (double[]){1, 2, 3}, 1, 3, (double[]){2, 10, 8});
  nnc_tensor_free(d);
  nnc_model_free(m);
}

/* axis=None: one mean (3) and variance (2) of all of [1..5]; and the same given directly,
 * Normalization(mean=3., variance=2.), which makes no weights. */
Test(normalization, one_statistic_for_all_or_given_as_keras_docstring) {
  const double x[] = {1, 2, 3}, want[] = {-sqrt(2.0), -sqrt(0.5), 0};
  nnc_model *m = normalizer(1, (int64_t[]){1}, "{\"axis\": null}");
  nnc_tensor *d = tensor(2, (int64_t[]){5, 1}, (double[]){1, 2, 3, 4, 5});
  OK(nnc_model_adapt(m, 1, d));
  compile(m);
  predicts(m, x, 3, 1, want);
  cr_assert_eq(nnc_tensor_rank(nnc_model_weight(m, "normalization/mean")), 0);
  cr_assert_eq(nnc_model_non_trainable_count(m), 3);
  char *json = nnc_model_layer_config(m, 1);
  cr_assert(strstr(json, "\"axis\":null"), "%s", json);
  nnc_string_free(json);
  nnc_model_free(m);

  m = normalizer(1, (int64_t[]){1}, "{\"mean\": 3.0, \"variance\": 2.0}");
  compile(m);
  predicts(m, x, 3, 1, want);
  cr_assert_eq(nnc_model_non_trainable_count(m), 0, "given statistics are no weights");
  cr_assert_null(nnc_model_weight(m, "normalization/mean"));
  TEST_EXPECT(nnc_model_adapt(m, 1, d), NNC_ERR_ARG, "was given mean and variance");
  nnc_tensor_free(d);
  nnc_model_free(m);
}

/* Samples [2, 3] with axis=1: a mean and variance per row, over the samples and the columns
 * (numpy: x.mean(axis=(0, 2)), x.var(axis=(0, 2))). */
Test(normalization, kept_axis_inside_a_sample_as_numpy) {
  const double data[] = {1, 2, 3, 4, 5, 6, 7, 8, 10, 0, -1, 2, 3, 3, 3, 9, 1, 4};
  const double mean[] = {4.444444444444445, 3.3333333333333335};
  const double var[] = {8.469135802469136, 8.88888888888889};
  const double want[] = {-1.1835854998978794, -0.8399639031533338, -0.49634230640878818,
                         0.22360679774997891, 0.55901699437494734, 0.89442719099991586};
  nnc_model *m = normalizer(2, (int64_t[]){2, 3}, "{\"axis\": 1}");
  OK(nnc_model_add_layer_config(m, "Flatten", NULL)); /* nnc's losses take vectors */
  nnc_tensor *d = tensor(3, (int64_t[]){3, 2, 3}, data), *p;
  OK(nnc_model_adapt(m, 1, d));
  compile(m);
  close_to(nnc_tensor_cdata(nnc_model_weight(m, "normalization/mean")), mean, 2, "mean");
  close_to(nnc_tensor_cdata(nnc_model_weight(m, "normalization/variance")), var, 2, "variance");
  OK(nnc_model_predict(m, d, 3, &p));
  close_to(nnc_tensor_cdata(p), want, 6, "the first sample");
  nnc_tensor_free(p);
  /* data whose kept axis differs from the built layer's */
  nnc_tensor *other = tensor(2, (int64_t[]){2, 3}, data);
  TEST_EXPECT(nnc_model_adapt(m, 1, other), NNC_ERR_SHAPE, "was built for a mean of shape [2]");
  nnc_tensor_free(other);
  nnc_tensor_free(d);
  nnc_model_free(m);
}

/* Adapted before the model knows its input, as Keras's tutorials do: the statistics wait
 * for the weights, and train with a Dense layer after them unchanged. */
Test(normalization, adapted_statistics_stay_through_fit) {
  nnc_model *m;
  OK(nnc_model_new(&m));
  OK(nnc_model_add_layer_config(m, "Normalization", NULL));
  OK(nnc_model_add_layer_config(m, "Dense", "{\"units\": 1}"));
  cr_assert_eq(nnc_model_layer_count(m), 3, "an InputLayer, then the two");
  nnc_tensor *d = tensor(2, (int64_t[]){4, 3}, docstring_data);
  OK(nnc_model_adapt(m, 1, d));
  compile(m);
  nnc_tensor *y = tensor(2, (int64_t[]){4, 1}, (double[]){1, 0, 1, 0});
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  OK(nnc_model_fit(m, d, y, &f));
  close_to(nnc_tensor_cdata(nnc_model_weight(m, "normalization/mean")), (double[]){1, 8, 5}, 3,
           "mean after fit");
  cr_assert_eq(nnc_model_param_count(m), 4);
  cr_assert_eq(nnc_model_non_trainable_count(m), 7);
  /* Keras 3's weight file holds count as an integer dataset: it goes there and back */
  test_dir_make();
  OK(nnc_model_save_weights(m, test_path("n.weights.h5")));
  double *mean = nnc_tensor_data(nnc_model_weight(m, "normalization/mean"));
  mean[0] = 42;
  OK(nnc_model_load_weights(m, test_path("n.weights.h5")));
  cr_assert_eq(mean[0], 1, "mean read back");
  test_dir_remove();
  nnc_tensor_free(y);
  nnc_tensor_free(d);
  nnc_model_free(m);
}

Test(normalization, refuses_what_keras_refuses) {
  TEST_EXPECT(nnc_layer_check_config("Normalization", "{\"axis\": \"x\"}"), NNC_ERR_ARG,
              "Normalization: argument 'axis'");
  nnc_model *m = normalizer(1, (int64_t[]){3}, NULL);
  nnc_tensor *d = tensor(2, (int64_t[]){4, 3}, docstring_data);
  TEST_EXPECT(nnc_model_adapt(m, 0, d), NNC_ERR_ARG, "only a Normalization layer adapts");
  TEST_EXPECT(nnc_model_adapt(m, 7, d), NNC_ERR_ARG, "7 is not a layer");
  TEST_EXPECT(nnc_model_adapt(m, 1, NULL), NNC_ERR_ARG, "data is NULL");
  TEST_EXPECT(nnc_model_add_layer_config(m, "Normalization", "{\"mean\": 1.0}"), NNC_ERR_ARG,
              "both mean and variance");
  TEST_EXPECT(nnc_model_add_layer_config(m, "Normalization",
                                         "{\"mean\": [1, 2], \"variance\": [1, 2]}"),
              NNC_ERR_SHAPE, "one number or 3");
  TEST_EXPECT(nnc_model_add_layer_config(m, "Normalization", "{\"axis\": 3}"), NNC_ERR_ARG,
              "axis is out of range");
  nnc_tensor_free(d);
  nnc_model_free(m);
}
