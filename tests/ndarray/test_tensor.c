/* test_tensor.c — ndarrays to nnc_tensor and back: dtypes converted, shapes kept, any
 * layout, and arrays a tensor cannot hold refused. */
#include "ndtest.h"

Test(tensor, round_trip_keeps_shape_and_values) {
  NdArray *a = nt_lit("[[1, 2, 3], [4, 5, 6]]", ND_UINT8), *t = nd_transpose(a, 0, NULL);
  nnc_tensor *x;
  cr_assert_eq(nd_to_tensor(t, NNC_F32, &x), NNC_OK);
  cr_expect(nnc_tensor_rank(x) == 2 && nnc_tensor_dim(x, 0) == 3 && nnc_tensor_dtype(x) == NNC_F32);
  const float *f = nnc_tensor_cdata(x);
  cr_expect(f[0] == 1 && f[1] == 4 && f[5] == 6);
  NdArray *b = nd_from_tensor(x);
  char *s = nt_text(b);
  cr_expect_str_eq(s, "array([[1., 4.],\n       [2., 5.],\n       [3., 6.]], dtype=float32)");
  free(s);
  nnc_tensor_free(x);
  NdArray *d = nt_lit("[1.7, -2.7]", ND_NODTYPE);
  cr_assert_eq(nd_to_tensor(d, NNC_I32, &x), NNC_OK);
  cr_expect(((const int32_t *)nnc_tensor_cdata(x))[1] == -2);
  nnc_tensor_free(x);
  nd_unref(a), nd_unref(t), nd_unref(d);
}

Test(tensor, too_many_dimensions_are_refused) {
  NdArray *a = nd_zeros(ND_FLOAT32, 5, (int64_t[]){1, 1, 1, 1, 2});
  nnc_tensor *x = (nnc_tensor *)1;
  cr_expect_eq(nd_to_tensor(a, NNC_F32, &x), NNC_ERR_SHAPE);
  cr_expect_null(x);
  cr_expect_str_eq(nd_error_class(), "ValueError");
  NdArray *z = nd_scalar_f64(2.5);
  cr_expect_eq(nd_to_tensor(z, NNC_F64, &x), NNC_OK);
  cr_expect_eq(nnc_tensor_rank(x), 0);
  nnc_tensor_free(x);
  nd_unref(a), nd_unref(z);
}
