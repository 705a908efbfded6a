/* test_bridge_train.c — nnc_train_step against the Keras level: a graph written as a Dense
 * layer computes (x @ kernel + bias, the mean squared error) and trained with the model's
 * optimizer on the same batches gives the very weights nnc_model_fit gives, bit for bit. */
#include <criterion/criterion.h>
#include <string.h>

#include "nnc.h"

enum { N = 8, F = 3, EPOCHS = 10 };

static void same_weights_as_fit(nnc_optimizer opt) {
  float x[N * F], y[N];
  for (int i = 0; i < N * F; i++)
    x[i] = (float)((i * 7) % 11) / 5 - 1;
  for (int i = 0; i < N; i++)
    y[i] = x[i * F] - 2 * x[i * F + 1] + 0.5f * x[i * F + 2] + 0.25f;

  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_set_seed(m, 3), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, F), NNC_OK);
  nnc_dense_options d = nnc_dense(1, NNC_ACT_LINEAR);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  c.optimizer = opt;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *kt = nnc_model_weight(m, "dense/kernel"), *bt = nnc_model_weight(m, "dense/bias");
  cr_assert(kt && bt, "%s", nnc_last_error());
  float kernel[F], bias[1];
  memcpy(kernel, nnc_tensor_data(kt), sizeof kernel);
  memcpy(bias, nnc_tensor_data(bt), sizeof bias);

  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  nnc_value *xv = nnc_input(g, "x", NNC_F32, 2, (int64_t[]){N, F});
  nnc_value *yv = nnc_input(g, "y", NNC_F32, 2, (int64_t[]){N, 1});
  nnc_value *params[2] = {nnc_param(g, "kernel", NNC_F32, 2, (int64_t[]){F, 1}, NNC_INIT_ZEROS),
                          nnc_param(g, "bias", NNC_F32, 1, (int64_t[]){1}, NNC_INIT_ZEROS)};
  nnc_value *pred = nnc_add(g, nnc_matmul(g, xv, params[0]), params[1]);
  nnc_value *loss = nnc_loss(g, NNC_LOSS_MEAN_SQUARED_ERROR, pred, yv, 0);
  nnc_function *f;
  cr_assert_eq(nnc_train_step(g, loss, 2, params, &opt, &f), NNC_OK, "%s", nnc_last_error());
  float l;
  void *args[5] = {x, y, kernel, bias, &l};
  for (int e = 0; e < EPOCHS; e++)
    cr_assert_eq(nnc_function_call(f, args), NNC_OK, "%s", nnc_last_error());

  nnc_tensor *xt, *yt;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, (int64_t[]){N, F}, &xt), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, (int64_t[]){N, 1}, &yt), NNC_OK);
  memcpy(nnc_tensor_data(xt), x, sizeof x);
  memcpy(nnc_tensor_data(yt), y, sizeof y);
  nnc_fit_options fo = nnc_fit_defaults();
  fo.epochs = EPOCHS;
  fo.batch_size = N;
  fo.shuffle = 0;
  fo.verbose = 0;
  cr_assert_eq(nnc_model_fit(m, xt, yt, &fo), NNC_OK, "%s", nnc_last_error());
  const float *kw = nnc_tensor_data(kt), *bw = nnc_tensor_data(bt);
  for (int i = 0; i < F; i++)
    cr_assert(memcmp(&kernel[i], &kw[i], sizeof *kw) == 0, "%s kernel[%d]: %.9g, fit's %.9g",
              nnc_optimizer_name(opt.kind), i, (double)kernel[i], (double)kw[i]);
  cr_assert(memcmp(bias, bw, sizeof *bw) == 0, "%s bias: %.9g, fit's %.9g",
            nnc_optimizer_name(opt.kind), (double)bias[0], (double)bw[0]);
  nnc_tensor_free(xt);
  nnc_tensor_free(yt);
  nnc_function_free(f);
  nnc_graph_free(g);
  nnc_model_free(m);
}

Test(bridge_train, sgd_gives_fits_weights) {
  nnc_optimizer o = nnc_sgd();
  o.learning_rate = 0.05;
  same_weights_as_fit(o);
}

Test(bridge_train, sgd_momentum_gives_fits_weights) {
  nnc_optimizer o = nnc_sgd();
  o.learning_rate = 0.05;
  o.momentum = 0.9;
  same_weights_as_fit(o);
}

Test(bridge_train, adam_gives_fits_weights) {
  nnc_optimizer o = nnc_adam();
  o.learning_rate = 0.01;
  same_weights_as_fit(o);
}
