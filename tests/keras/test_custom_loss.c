/* test_custom_loss.c — a loss built at the graph level and trained at the Keras level
 * (nnc_compile_options.custom_loss): a class-weighted hinge loss, mean(w_i max(0, 1 - y_i
 * p_i)) with w = 2 for y = 1 and 1 for y = -1, checked against numbers worked by hand for
 * one Dense(1) layer: its value at evaluate, and one SGD step's new weights. */
#include <criterion/criterion.h>
#include <string.h>

#include "nnc.h"
#include "support.h"

static nnc_value *weighted_hinge(nnc_graph *g, nnc_value *pred, nnc_value *y, void *user) {
  int *calls = user;
  ++*calls;
  nnc_value *one = nnc_scalar(g, NNC_F64, 1);
  nnc_value *margin = nnc_maximum(g, nnc_scalar(g, NNC_F64, 0), nnc_sub(g, one, nnc_mul(g, y, pred)));
  nnc_value *w = nnc_select(g, nnc_compare(g, NNC_CMP_GT, y, nnc_scalar(g, NNC_F64, 0)),
                            nnc_scalar(g, NNC_F64, 2), one);
  return nnc_mean(g, nnc_mul(g, w, margin), ~0u, 0);
}

/* x [[1,0],[0,1],[1,1],[-1,2]], y [1,-1,1,-1], kernel [0.5,-0.25], bias 0.1: predictions
 * [0.6,-0.15,0.35,-0.9], margins [0.4,0.85,0.65,0.1] (all > 0), weighted [0.8,0.85,1.3,0.1],
 * mean 0.7625. Gradient of the mean: dp = -w y / 4 = [-0.5,0.25,-0.5,0.25]; dkernel = x' dp =
 * [-1.25, 0.25], dbias = -0.5; SGD at 0.1: kernel [0.625,-0.275], bias 0.15. */
static const double X[4][2] = {{1, 0}, {0, 1}, {1, 1}, {-1, 2}}, Y[4] = {1, -1, 1, -1};

static nnc_model *model(int *calls, nnc_tensor **x, nnc_tensor **y) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 2), NNC_OK);
  nnc_dense_options d = nnc_dense(1, NNC_ACT_LINEAR);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_HINGE); /* y as [n, 1] values */
  c.dtype = NNC_F64;
  c.optimizer = nnc_sgd();
  c.optimizer.learning_rate = 0.1;
  c.custom_loss = weighted_hinge, c.custom_user = calls;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  double *k = nnc_tensor_data(nnc_model_kernel(m, 0)), *b = nnc_tensor_data(nnc_model_bias(m, 0));
  k[0] = 0.5, k[1] = -0.25, b[0] = 0.1;
  cr_assert_eq(nnc_tensor_new(NNC_F64, 2, (int64_t[]){4, 2}, x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F64, 2, (int64_t[]){4, 1}, y), NNC_OK);
  memcpy(nnc_tensor_data(*x), X, sizeof X);
  memcpy(nnc_tensor_data(*y), Y, sizeof Y);
  return m;
}

Test(custom_loss, a_weighted_hinge_loss_evaluates_and_trains_as_worked_by_hand) {
  int calls = 0;
  nnc_tensor *x, *y;
  nnc_model *m = model(&calls, &x, &y);
  nnc_metrics out;
  cr_assert_eq(nnc_model_evaluate(m, x, y, 4, &out), NNC_OK, "%s", nnc_last_error());
  cr_assert_float_eq(out.loss, 0.7625, 1e-12);
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 1, f.batch_size = 4, f.shuffle = 0, f.verbose = 0;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  const double *k = nnc_tensor_data(nnc_model_kernel(m, 0)), *b = nnc_tensor_data(nnc_model_bias(m, 0));
  cr_assert_float_eq(k[0], 0.625, 1e-12);
  cr_assert_float_eq(k[1], -0.275, 1e-12);
  cr_assert_float_eq(b[0], 0.15, 1e-12);
  cr_assert_geq(calls, 2, "built for the training and the evaluation step");
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

static nnc_value *not_scalar(nnc_graph *g, nnc_value *pred, nnc_value *y, void *user) {
  (void)user;
  return nnc_sub(g, pred, y);
}

Test(custom_loss, a_loss_that_is_not_a_scalar_fails_the_compile) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 2), NNC_OK);
  nnc_dense_options d = nnc_dense(1, NNC_ACT_LINEAR);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  c.custom_loss = not_scalar;
  TEST_EXPECT(nnc_model_compile(m, &c), NNC_ERR_ARG, "custom_loss returned a value that is not a scalar");
  nnc_model_free(m);
}
