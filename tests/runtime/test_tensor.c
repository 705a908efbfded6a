/* test_tensor.c — nnc_tensor: creation, shape queries, zero fill, alignment, bad shapes. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "runtime.h"
#include "support.h"

Test(runtime, tensor_new_is_zeroed_and_aligned) {
  int64_t shape[3] = {2, 3, 5};
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_new(NNC_F64, 3, shape, &t), NNC_OK);
  cr_assert_eq(nnc_tensor_rank(t), 3);
  cr_assert_eq(nnc_tensor_dim(t, 1), 3);
  cr_assert_eq(nnc_tensor_dim(t, 3), 0);
  cr_assert_eq(nnc_tensor_dim(t, -1), 0);
  cr_assert_eq(nnc_tensor_numel(t), 30);
  cr_assert_eq(nnc_tensor_dtype(t), NNC_F64);
  cr_assert_eq((uintptr_t)nnc_tensor_data(t) % 64, 0);
  const double *d = nnc_tensor_cdata(t);
  for (int i = 0; i < 30; i++)
    cr_assert_eq(d[i], 0.0);
  nnc_tensor_free(t);
}

Test(runtime, tensor_scalar_and_empty) {
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_new(NNC_I32, 0, NULL, &t), NNC_OK);
  cr_assert_eq(nnc_tensor_numel(t), 1);
  nnc_tensor_free(t);
  int64_t shape[2] = {0, 7};
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, shape, &t), NNC_OK);
  cr_assert_eq(nnc_tensor_numel(t), 0);
  cr_assert_not_null(nnc_tensor_data(t));
  nnc_tensor_free(t);
  nnc_tensor_free(NULL);
}

Test(runtime, tensor_bad_shapes_are_errors) {
  nnc_tensor *t = (nnc_tensor *)1;
  int64_t neg[2] = {3, -1};
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, neg, &t), NNC_ERR_ARG);
  cr_assert_null(t);
  cr_assert(strstr(nnc_last_error(), "negative"), "%s", nnc_last_error());
  int64_t five[5] = {1, 1, 1, 1, 1};
  cr_assert_eq(nnc_tensor_new(NNC_F32, 5, five, &t), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "rank"), "%s", nnc_last_error());
  cr_assert_eq(nnc_tensor_new(NNC_F32, -1, five, &t), NNC_ERR_ARG);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, NULL, &t), NNC_ERR_ARG);
  cr_assert_eq(nnc_tensor_new((nnc_dtype)9, 1, five, &t), NNC_ERR_ARG);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 1, five, NULL), NNC_ERR_ARG);
  int64_t huge[4] = {1 << 20, 1 << 20, 1 << 20, 1 << 20};
  cr_assert_eq(nnc_tensor_new(NNC_F32, 4, huge, &t), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "overflow"), "%s", nnc_last_error());
  int64_t big[2] = {INT64_MAX / 2, 3};
  cr_assert_eq(nnc_tensor_new(NNC_F64, 2, big, &t), NNC_ERR_ARG);
}

Test(runtime, tensor_queries_accept_null) {
  cr_assert_eq(nnc_tensor_rank(NULL), 0);
  cr_assert_eq(nnc_tensor_numel(NULL), 0);
  cr_assert_null(nnc_tensor_data(NULL));
  cr_assert_null(nnc_tensor_cdata(NULL));
}

Test(runtime, tensor_convert_between_dtypes) {
  float f[3] = {1.5f, -2.75f, 3.0f};
  double d[3];
  int32_t i[3];
  rt_convert(d, NNC_F64, f, NNC_F32, 3);
  cr_assert_eq(d[1], -2.75);
  rt_convert(i, NNC_I32, d, NNC_F64, 3);
  cr_assert_eq(i[0], 1);
  cr_assert_eq(i[1], -2);
  cr_assert_eq(i[2], 3);
}

static nnc_status new_tensor(void *arg) {
  (void)arg;
  int64_t shape[1] = {10};
  nnc_tensor *t = (nnc_tensor *)1;
  nnc_status s = nnc_tensor_new(NNC_F32, 1, shape, &t);
  if (s != NNC_OK)
    cr_assert_null(t);
  nnc_tensor_free(t);
  return s;
}

Test(runtime, tensor_out_of_memory_is_a_status) {
  cr_assert_geq(test_until_ok(new_tensor, NULL, 0), 2, "the header and the data");
}
