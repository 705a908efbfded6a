/* test_threads.c — a model whose matmuls are split into tasks of the thread pool trains to
 * the same bits on 1, 2 and 3 threads. */
#include <criterion/criterion.h>
#include <string.h>

#include "keras.h"
#include "support.h"

/* Trains 160 -> 160 relu -> 224 tanh -> 1 sigmoid, batch 128 (the second layer's matmuls
 * are large enough to split, the first layer's bias gradient is summed beside one) for two
 * epochs on `threads`; returns the weights. */
static void train_on(int threads, nnc_tensor *x, nnc_tensor *y, float *out, size_t cap) {
  cr_assert_eq(nnc_set_threads(threads), NNC_OK);
  nnc_model *m = NULL;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_set_seed(m, 9), NNC_OK);
  static const int64_t units[3] = {160, 224, 1};
  static const nnc_activation acts[3] = {NNC_ACT_RELU, NNC_ACT_TANH, NNC_ACT_SIGMOID};
  for (int l = 0; l < 3; l++) {
    nnc_dense_options d = nnc_dense(units[l], acts[l]);
    cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  }
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer = nnc_adam();
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 2, f.batch_size = 128, f.verbose = 0;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  size_t n = 0;
  for (int l = 0; l < 6; l++) {
    const nnc_tensor *k = l % 2 ? nnc_model_bias(m, l / 2) : nnc_model_kernel(m, l / 2);
    cr_assert(k && n + (size_t)k->numel <= cap);
    memcpy(out + n, k->data, (size_t)k->numel * sizeof(float));
    n += (size_t)k->numel;
  }
  nnc_model_free(m);
}

Test(threads, model_trains_to_the_same_bits_on_any_count) {
  int64_t xs[2] = {256, 160}, ys[2] = {256, 1};
  nnc_tensor *x = NULL, *y = NULL;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, &y), NNC_OK);
  TestRng r = test_rng(5);
  float *xd = x->data, *yd = y->data;
  for (int i = 0; i < 256; i++) {
    double s = 0;
    for (int j = 0; j < 160; j++)
      s += (xd[i * 160 + j] = (float)test_uniform(&r, -1, 1)) * (j % 3 ? 1 : -1);
    yd[i] = s > 0;
  }
  enum { CAP = 160 * 160 + 160 * 224 + 224 + 160 + 224 + 1 };
  static float w1[CAP], w2[CAP], w3[CAP];
  train_on(1, x, y, w1, CAP);
  train_on(2, x, y, w2, CAP);
  train_on(3, x, y, w3, CAP);
  cr_expect(memcmp(w1, w2, sizeof w1) == 0, "2 threads changed the weights");
  cr_expect(memcmp(w1, w3, sizeof w1) == 0, "3 threads changed the weights");
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

/* 64 -> 512 relu -> 10 logits at batch 1024: the last layer's matmul (1024x10, K = 512) and
 * its weight gradient are one column panel each, large enough to split, so their rows are
 * cut into chunks (a 2-D split). Trained on `threads`, then predicted; returns the last
 * layer's weights and the predictions. */
static void one_panel_on(int threads, nnc_tensor *x, nnc_tensor *y, float *w, float *pred) {
  cr_assert_eq(nnc_set_threads(threads), NNC_OK);
  nnc_model *m = NULL;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_set_seed(m, 3), NNC_OK);
  nnc_dense_options d1 = nnc_dense(512, NNC_ACT_RELU), d2 = nnc_dense(10, NNC_ACT_LINEAR);
  cr_assert_eq(nnc_model_add_dense(m, &d1), NNC_OK);
  cr_assert_eq(nnc_model_add_dense(m, &d2), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY);
  c.from_logits = true;
  c.optimizer = nnc_adam();
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 2, f.batch_size = 1024, f.verbose = 0;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  const nnc_tensor *k = nnc_model_kernel(m, 1);
  memcpy(w, k->data, 512 * 10 * sizeof(float));
  nnc_tensor *p = NULL;
  cr_assert_eq(nnc_model_predict(m, x, 1024, &p), NNC_OK, "%s", nnc_last_error());
  memcpy(pred, p->data, 2048 * 10 * sizeof(float));
  nnc_tensor_free(p);
  nnc_model_free(m);
}

Test(threads, one_panel_matmuls_split_by_rows_give_the_same_bits) {
  int64_t xs[2] = {2048, 64}, ys[1] = {2048};
  nnc_tensor *x = NULL, *y = NULL;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_I32, 1, ys, &y), NNC_OK);
  TestRng r = test_rng(11);
  float *xd = x->data;
  int32_t *yd = y->data;
  for (int i = 0; i < 2048; i++) {
    for (int j = 0; j < 64; j++)
      xd[i * 64 + j] = (float)test_uniform(&r, -1, 1);
    yd[i] = (int32_t)((xd[i * 64] > 0) + 2 * (xd[i * 64 + 1] > 0) + 4 * (xd[i * 64 + 2] > 0));
  }
  static float w1[5120], w2[5120], p1[20480], p2[20480];
  one_panel_on(1, x, y, w1, p1);
  one_panel_on(2, x, y, w2, p2);
  cr_expect(memcmp(w1, w2, sizeof w1) == 0, "2 threads changed the last layer's weights");
  cr_expect(memcmp(p1, p2, sizeof p1) == 0, "2 threads changed the predictions");
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}
