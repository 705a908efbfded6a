/* test_sklearn.c — sklearn.metrics.r2_score, which the diabetes example prints:
 * scikit-learn's coefficient of determination, averaged over output columns. */
#include <criterion/criterion.h>
#include <math.h>

#include "pylib.h"

static nnc_tensor *tensor(int rows, int cols, const float *v) {
  int64_t shape[2] = {rows, cols};
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_new(NNC_F32, cols ? 2 : 1, shape, &t), NNC_OK);
  for (int i = 0; i < rows * (cols ? cols : 1); i++)
    ((float *)nnc_tensor_data(t))[i] = v[i];
  return t;
}

static double r2(int rows, int cols, const float *yt, const float *yp) {
  nnc_tensor *a = tensor(rows, cols, yt), *b = tensor(rows, cols, yp);
  double out = NAN;
  cr_assert_eq(pl_r2_score(a, b, &out), NNC_OK, "%s", nnc_last_error());
  nnc_tensor_free(a);
  nnc_tensor_free(b);
  return out;
}

Test(pylib, r2_is_one_for_a_perfect_fit_and_zero_for_the_mean) {
  float y[4] = {1, 2, 3, 6}, mean[4] = {3, 3, 3, 3};
  cr_expect_float_eq(r2(4, 1, y, y), 1.0, 1e-12);
  cr_expect_float_eq(r2(4, 0, y, mean), 0.0, 1e-12);
}

Test(pylib, r2_matches_scikit_learn) {
  /* sklearn.metrics.r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]) == 0.9486081370449679 */
  float yt[4] = {3, -0.5f, 2, 7}, yp[4] = {2.5f, 0, 2, 8};
  cr_expect_float_eq(r2(4, 1, yt, yp), 0.9486081370449679, 1e-7);
  /* two columns: r2_score([[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]])
   * == 0.9368005266622779 (uniform average) */
  float mt[6] = {0.5f, 1, -1, 1, 7, -6}, mp[6] = {0, 2, -1, 2, 8, -5};
  cr_expect_float_eq(r2(3, 2, mt, mp), 0.9368005266622779, 1e-7);
  /* worse than the mean is negative */
  float bad[4] = {6, 3, 2, 1};
  cr_expect_lt(r2(4, 1, yt, bad), 0);
}

Test(pylib, r2_refuses_mismatched_shapes) {
  float v[4] = {1, 2, 3, 4};
  nnc_tensor *a = tensor(4, 1, v), *b = tensor(2, 2, v), *c = tensor(1, 1, v);
  double out;
  cr_expect_eq(pl_r2_score(a, b, &out), NNC_ERR_SHAPE);
  cr_expect(strstr(nnc_last_error(), "r2_score: y_true has 4 values in 4 rows"), "%s",
            nnc_last_error());
  cr_expect_eq(pl_r2_score(c, c, &out), NNC_ERR_SHAPE);
  nnc_tensor_free(a);
  nnc_tensor_free(b);
  nnc_tensor_free(c);
}
