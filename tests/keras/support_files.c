/* support_files.c — see support_files.h. */
#include "support_files.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>

#include "keras.h"

const char *test_keras_fixture(const char *name) {
  static char buf[16][512];
  static int k;
  char *b = buf[k++ % 16];
  snprintf(b, sizeof buf[0], "%s/keras/fixtures/%s", NNC_TEST_DATA, name);
  return b;
}

static double element(const nnc_tensor *t, int64_t i) {
  return nnc_tensor_dtype(t) == NNC_F64 ? ((const double *)nnc_tensor_cdata(t))[i]
                                        : ((const float *)nnc_tensor_cdata(t))[i];
}

double test_max_diff(const nnc_tensor *a, const nnc_tensor *b) {
  cr_assert_eq(nnc_tensor_numel(a), nnc_tensor_numel(b));
  double d = 0;
  for (int64_t i = 0; i < nnc_tensor_numel(a); i++)
    d = fmax(d, fabs(element(a, i) - element(b, i)));
  return d;
}

nnc_tensor *test_load_npy(const char *path) {
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_load(path, NNC_F32, &t), NNC_OK, "%s", nnc_last_error());
  return t;
}

void test_opt_epoch(nnc_model *m) {
  nnc_tensor *x = test_load_npy(test_keras_fixture("opt_x.npy"));
  nnc_tensor *y = test_load_npy(test_keras_fixture("opt_y.npy"));
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  f.batch_size = 4;
  f.shuffle = 0;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

static int flatten_one(void *user, const char *name, Weight *w) {
  (void)name;
  TestWeights *f = user;
  for (int64_t i = 0; i < w->t->numel; i++, f->n++)
    if (f->n < TEST_MAX_WEIGHTS)
      f->v[f->n] = (float)rt_tensor_get(w->t, i);
  return 0;
}

TestWeights test_weights(const nnc_model *m) {
  TestWeights f = {.n = 0};
  keras_model_weights(m, flatten_one, &f);
  cr_assert_leq(f.n, TEST_MAX_WEIGHTS, "a model of %d weights", f.n);
  return f;
}

double test_weights_apart(const TestWeights *a, const float *b, int n) {
  cr_assert_eq(a->n, n);
  double d = 0;
  for (int i = 0; i < n; i++)
    d = fmax(d, fabs((double)a->v[i] - (double)b[i]));
  return d;
}

double test_weights_diff(const nnc_model *m, const char *npy) {
  nnc_tensor *want = test_load_npy(npy);
  TestWeights got = test_weights(m);
  double d = test_weights_apart(&got, nnc_tensor_cdata(want), (int)nnc_tensor_numel(want));
  nnc_tensor_free(want);
  return d;
}
