/* test_sample_weight.c — fit's sample_weight and class_weight (sample_weight.c): one SGD
 * step of a Dense(1) on mean squared error, against Keras's sum_over_batch_size written out:
 * loss = Σ wᵢ(pᵢ − yᵢ)²/n, ∂loss/∂k = Σ wᵢ·2(pᵢ − yᵢ)xᵢ/n, ∂loss/∂b = Σ wᵢ·2(pᵢ − yᵢ)/n. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "nnc.h"
#include "support.h"

#define OK(call) cr_assert_eq((call), NNC_OK, "%s: %s", #call, nnc_last_error())

enum { N = 4 };
static const double X[N] = {1, 2, 3, -1}, Y[N] = {1, 0, 1, 0}, K0 = 0.5, B0 = 0.25, LR = 0.1;

static nnc_tensor *column(const double *v) {
  nnc_tensor *t;
  OK(nnc_tensor_new(NNC_F64, 2, (int64_t[]){N, 1}, &t));
  memcpy(nnc_tensor_data(t), v, N * sizeof *v);
  return t;
}

static int last_loss(const nnc_epoch_log *log, void *user) {
  *(double *)user = log->loss;
  return 0;
}

/* One full-batch step with f's weights; the loss fit reports and the kernel and bias after. */
static void step(nnc_fit_options *f, double *loss, double *k, double *b) {
  nnc_model *m;
  OK(nnc_model_new(&m));
  OK(nnc_model_add_layer_config(m, "InputLayer", "{\"shape\": [1]}"));
  OK(nnc_model_add_layer_config(m, "Dense", "{\"units\": 1}"));
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  c.optimizer = nnc_sgd();
  c.optimizer.learning_rate = LR;
  c.dtype = NNC_F64;
  OK(nnc_model_compile(m, &c));
  *(double *)nnc_tensor_data(nnc_model_kernel(m, 0)) = K0;
  *(double *)nnc_tensor_data(nnc_model_bias(m, 0)) = B0;
  nnc_tensor *x = column(X), *y = column(Y);
  f->batch_size = N;
  f->shuffle = 0;
  f->verbose = 0;
  f->on_epoch = last_loss;
  f->user = loss;
  OK(nnc_model_fit(m, x, y, f));
  *k = *(const double *)nnc_tensor_cdata(nnc_model_kernel(m, 0));
  *b = *(const double *)nnc_tensor_cdata(nnc_model_bias(m, 0));
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

/* Keras's numbers for weights w, from the formulas above. */
static void keras(const double *w, double *loss, double *k, double *b) {
  double l = 0, gk = 0, gb = 0;
  for (int i = 0; i < N; i++) {
    double e = K0 * X[i] + B0 - Y[i];
    l += w[i] * e * e;
    gk += w[i] * 2 * e * X[i];
    gb += w[i] * 2 * e;
  }
  *loss = l / N;
  *k = K0 - LR * gk / N;
  *b = B0 - LR * gb / N;
}

static void same(const double *w, nnc_fit_options *f) {
  double got[3], want[3];
  step(f, &got[0], &got[1], &got[2]);
  keras(w, &want[0], &want[1], &want[2]);
  for (int i = 0; i < 3; i++)
    cr_assert(fabs(got[i] - want[i]) < 1e-12, "%s: %.17g, Keras %.17g",
              (const char *[]){"loss", "kernel", "bias"}[i], got[i], want[i]);
}

Test(sample_weight, weighs_each_samples_loss_as_keras) {
  const double w[N] = {2, 0.5, 0, 1};
  nnc_tensor *sw;
  OK(nnc_tensor_new(NNC_F64, 1, (int64_t[]){N}, &sw));
  memcpy(nnc_tensor_data(sw), w, sizeof w);
  nnc_fit_options f = nnc_fit_defaults();
  f.sample_weight = sw;
  same(w, &f);
  nnc_tensor_free(sw);
  f = nnc_fit_defaults(); /* and unweighted, from the same model kind: all weights 1 */
  same((double[]){1, 1, 1, 1}, &f);
}

Test(sample_weight, class_weight_weighs_by_each_samples_class) {
  const double cw[2] = {0.25, 3}; /* Y is 1, 0, 1, 0 */
  nnc_fit_options f = nnc_fit_defaults();
  f.class_weight = cw;
  f.nclass_weights = 2;
  same((double[]){3, 0.25, 3, 0.25}, &f);
}

Test(sample_weight, refuses_what_keras_refuses) {
  nnc_model *m;
  OK(nnc_model_new(&m));
  OK(nnc_model_add_layer_config(m, "InputLayer", "{\"shape\": [1]}"));
  OK(nnc_model_add_layer_config(m, "Dense", "{\"units\": 1}"));
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  c.dtype = NNC_F64;
  OK(nnc_model_compile(m, &c));
  nnc_tensor *x = column(X), *y = column(Y), *short_w;
  OK(nnc_tensor_new(NNC_F64, 1, (int64_t[]){N - 1}, &short_w));
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  f.class_weight = (double[]){1};
  f.nclass_weights = 1;
  TEST_EXPECT(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG, "no weight for class 1 (sample 0)");
  f.sample_weight = short_w;
  TEST_EXPECT(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG, "class_weight and sample_weight at the "
              "same time");
  f.class_weight = NULL;
  f.nclass_weights = 0;
  TEST_EXPECT(nnc_model_fit(m, x, y, &f), NNC_ERR_SHAPE, "one weight per sample");
  nnc_tensor_free(short_w);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}
