/* test_init.c — Keras initializers: bounds, moments of big draws, determinism, fans. */
#include <criterion/criterion.h>
#include <math.h>

#include "keras.h"

static nnc_tensor *draw(nnc_initializer k, int64_t in, int64_t out, uint64_t seed) {
  int64_t shape[2] = {in, out};
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_new(NNC_F64, 2, shape, &t), NNC_OK);
  Rng r;
  rt_rng_seed(&r, seed);
  Initializer init = keras_init_of(k);
  cr_assert_eq(keras_init_fill(t, &init, &r), NNC_OK);
  return t;
}

static void moments(const nnc_tensor *t, double *mean, double *std, double *maxabs) {
  const double *d = nnc_tensor_cdata(t);
  double s = 0, q = 0, m = 0;
  for (int64_t i = 0; i < t->numel; i++) {
    s += d[i];
    q += d[i] * d[i];
    m = fmax(m, fabs(d[i]));
  }
  *mean = s / (double)t->numel;
  *std = sqrt(q / (double)t->numel - *mean * *mean);
  *maxabs = m;
}

Test(runtime, init_glorot_uniform_bounds_and_std) {
  nnc_tensor *t = draw(NNC_INIT_GLOROT_UNIFORM, 400, 200, 1);
  double mean, std, m, limit = sqrt(6.0 / 600);
  moments(t, &mean, &std, &m);
  cr_assert_leq(m, limit);
  cr_assert_gt(m, 0.99 * limit);
  cr_assert_float_eq(mean, 0, 0.002);
  cr_assert_float_eq(std, limit / sqrt(3), 0.002);
  nnc_tensor_free(t);
}

Test(runtime, init_he_uniform_bounds) {
  nnc_tensor *t = draw(NNC_INIT_HE_UNIFORM, 300, 300, 2);
  double mean, std, m, limit = sqrt(6.0 / 300);
  moments(t, &mean, &std, &m);
  cr_assert_leq(m, limit);
  cr_assert_gt(m, 0.99 * limit);
  cr_assert_float_eq(std, limit / sqrt(3), 0.003);
  nnc_tensor_free(t);
}

Test(runtime, init_he_normal_truncated_with_keras_std) {
  nnc_tensor *t = draw(NNC_INIT_HE_NORMAL, 500, 200, 3);
  double mean, std, m;
  double sigma = sqrt(2.0 / 500) / 0.87962566;
  moments(t, &mean, &std, &m);
  cr_assert_leq(m, 2 * sigma);
  cr_assert_float_eq(mean, 0, 0.002);
  /* the correction makes the truncated draw's std the untruncated target */
  cr_assert_float_eq(std, sqrt(2.0 / 500), 0.002);
  nnc_tensor_free(t);
}

Test(runtime, init_glorot_normal_truncated_with_keras_std) {
  nnc_tensor *t = draw(NNC_INIT_GLOROT_NORMAL, 300, 500, 4);
  double mean, std, m;
  double sigma = sqrt(2.0 / 800) / 0.87962566;
  moments(t, &mean, &std, &m);
  cr_assert_leq(m, 2 * sigma);
  cr_assert_float_eq(std, sqrt(2.0 / 800), 0.002);
  nnc_tensor_free(t);
}

Test(runtime, init_zeros_and_ones) {
  nnc_tensor *z = draw(NNC_INIT_ZEROS, 3, 4, 0), *o = draw(NNC_INIT_ONES, 3, 4, 0);
  for (int i = 0; i < 12; i++) {
    cr_assert_eq(((double *)z->data)[i], 0.0);
    cr_assert_eq(((double *)o->data)[i], 1.0);
  }
  nnc_tensor_free(z);
  nnc_tensor_free(o);
}

Test(runtime, init_is_deterministic) {
  nnc_tensor *a = draw(NNC_INIT_GLOROT_UNIFORM, 20, 10, 42);
  nnc_tensor *b = draw(NNC_INIT_GLOROT_UNIFORM, 20, 10, 42);
  nnc_tensor *c = draw(NNC_INIT_GLOROT_UNIFORM, 20, 10, 43);
  cr_assert_arr_eq(a->data, b->data, 200 * sizeof(double));
  cr_assert_neq(memcmp(a->data, c->data, 200 * sizeof(double)), 0);
  nnc_tensor_free(a);
  nnc_tensor_free(b);
  nnc_tensor_free(c);
}

Test(runtime, init_fans_follow_keras) {
  double fi, fo;
  int64_t s4[4] = {3, 3, 16, 32};
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 4, s4, &t), NNC_OK);
  keras_fans(t, &fi, &fo);
  cr_assert_eq(fi, 144);
  cr_assert_eq(fo, 288);
  nnc_tensor_free(t);
  int64_t s1[1] = {25};
  cr_assert_eq(nnc_tensor_new(NNC_F32, 1, s1, &t), NNC_OK);
  keras_fans(t, &fi, &fo);
  cr_assert_eq(fi, 25);
  cr_assert_eq(fo, 25);
  nnc_tensor_free(t);
}

Test(runtime, init_unknown_kind_is_an_error) {
  int64_t s[1] = {3};
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 1, s, &t), NNC_OK);
  Rng r;
  rt_rng_seed(&r, 0);
  Initializer in = {.kind = (nnc_initializer)77};
  cr_assert_eq(keras_init_fill(t, &in, &r), NNC_ERR_ARG);
  nnc_tensor_free(t);
}

/* f32 weights are drawn in f32 (runtime/rng.c), with the same laws. */
Test(runtime, init_f32_draws_follow_the_same_laws) {
  int64_t shape[2] = {500, 200};
  nnc_tensor *t, *u;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, shape, &t), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F64, 2, shape, &u), NNC_OK);
  Rng r;
  rt_rng_seed(&r, 5);
  Initializer he = keras_init_of(NNC_INIT_HE_NORMAL), glorot = keras_init_of(NNC_INIT_GLOROT_UNIFORM);
  cr_assert_eq(keras_init_fill(t, &he, &r), NNC_OK);
  rt_convert(u->data, NNC_F64, t->data, NNC_F32, t->numel);
  double mean, std, m, sigma = sqrt(2.0 / 500) / 0.87962566;
  moments(u, &mean, &std, &m);
  cr_assert_leq(m, 2 * sigma * (1 + 1e-6));
  cr_assert_float_eq(std, sqrt(2.0 / 500), 0.002);
  rt_rng_seed(&r, 5);
  cr_assert_eq(keras_init_fill(t, &glorot, &r), NNC_OK);
  rt_convert(u->data, NNC_F64, t->data, NNC_F32, t->numel);
  moments(u, &mean, &std, &m);
  cr_assert_leq(m, sqrt(6.0 / 700) * (1 + 1e-6));
  cr_assert_float_eq(std, sqrt(6.0 / 700) / sqrt(3), 0.002);
  nnc_tensor_free(t);
  nnc_tensor_free(u);
}
