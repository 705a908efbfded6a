/* test_linalg.c — matmul (1-d promotion, batch broadcasting, every dtype), dot (N-d) and
 * outer against numpy; float products within rounding of numpy's BLAS; a large product
 * split over threads against a plain triple loop. */
#include "ndtest.h"

#define L(s, t) nt_keep(nt_lit(s, t))

Test(linalg, products_match_numpy) {
  const char *exprs[] = {
      "np.array([[1, 2], [3, 4]]) @ np.array([[5, 6], [7, 8]])",
      "np.array([[1, 2], [3, 4]], dtype=np.uint8) @ np.array([[200, 6], [7, 8]], dtype=np.uint8)",
      "np.array([1, 2, 3], dtype=np.int32) @ np.array([4, 5, 6], dtype=np.int32)",
      "np.array([1, 2]) @ np.array([[1, 2, 3], [4, 5, 6]])",
      "np.array([[1, 2, 3], [4, 5, 6]]) @ np.array([1, 0, 1])",
      "np.array([[True, False], [False, False]]) @ np.array([[True, True], [False, True]])",
      "np.array([[[1, 2]], [[3, 4]]]) @ np.array([[5], [6]])",
      "np.array([[1, 2, 3]]) @ np.array([[1, 2]])",
      "np.array(3) @ np.array([1])",
      "CLOSE:np.array([[0.1, 0.2], [0.3, 0.4]], dtype=np.float32) @ np.array([[1.5], [-2.5]], dtype=np.float32)",
      "CLOSE:np.array([[0.1, 0.2, 0.3]]) @ np.array([[1], [2], [3]], dtype=np.int32)",
      "np.dot(np.array([1, 2]), np.array([3, 4]))",
      "np.dot(np.array([[1, 2], [3, 4]]), 2)",
      "np.dot(np.arange(24).reshape(2, 3, 4), np.arange(8).reshape(4, 2))",
      "np.dot(np.arange(24).reshape(2, 3, 4), np.arange(4))",
      "np.dot(np.arange(6).reshape(2, 3), np.arange(24).reshape(2, 3, 4))",
      "np.dot(np.arange(6).reshape(2, 3), np.arange(4))",
      "np.outer(np.array([1, 2, 3]), np.array([[4.5, 5.5]]))",
  };
  NdArray *a24 = nd_reshape(L("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, "
                              "20, 21, 22, 23]", ND_NODTYPE), 3, (int64_t[]){2, 3, 4});
  NdArray *a8 = nd_reshape(L("[0, 1, 2, 3, 4, 5, 6, 7]", ND_NODTYPE), 2, (int64_t[]){4, 2});
  NdArray *a6 = nd_reshape(L("[0, 1, 2, 3, 4, 5]", ND_NODTYPE), 2, (int64_t[]){2, 3});
  NdArray *b24 = nd_reshape(a24, 3, (int64_t[]){2, 3, 4});
  nt_keep(a24), nt_keep(a8), nt_keep(a6), nt_keep(b24);
  char *mine[] = {
      nt_text(nd_matmul(L("[[1, 2], [3, 4]]", ND_NODTYPE), L("[[5, 6], [7, 8]]", ND_NODTYPE))),
      nt_text(nd_matmul(L("[[1, 2], [3, 4]]", ND_UINT8), L("[[200, 6], [7, 8]]", ND_UINT8))),
      nt_text(nd_matmul(L("[1, 2, 3]", ND_INT32), L("[4, 5, 6]", ND_INT32))),
      nt_text(nd_matmul(L("[1, 2]", ND_NODTYPE), L("[[1, 2, 3], [4, 5, 6]]", ND_NODTYPE))),
      nt_text(nd_matmul(L("[[1, 2, 3], [4, 5, 6]]", ND_NODTYPE), L("[1, 0, 1]", ND_NODTYPE))),
      nt_text(nd_matmul(L("[[True, False], [False, False]]", ND_NODTYPE),
                        L("[[True, True], [False, True]]", ND_NODTYPE))),
      nt_text(nd_matmul(L("[[[1, 2]], [[3, 4]]]", ND_NODTYPE), L("[[5], [6]]", ND_NODTYPE))),
      nt_text(nd_matmul(L("[[1, 2, 3]]", ND_NODTYPE), L("[[1, 2]]", ND_NODTYPE))),
      nt_text(nd_matmul(L("3", ND_NODTYPE), L("[1]", ND_NODTYPE))),
      nt_close_text(nd_matmul(L("[[0.1, 0.2], [0.3, 0.4]]", ND_FLOAT32), L("[[1.5], [-2.5]]", ND_FLOAT32))),
      nt_close_text(nd_matmul(L("[[0.1, 0.2, 0.3]]", ND_NODTYPE), L("[[1], [2], [3]]", ND_INT32))),
      nt_text(nd_dot(L("[1, 2]", ND_NODTYPE), L("[3, 4]", ND_NODTYPE))),
      nt_text(nd_dot(L("[[1, 2], [3, 4]]", ND_NODTYPE), L("2", ND_NODTYPE))),
      nt_text(nd_dot(a24, a8)),
      nt_text(nd_dot(a24, L("[0, 1, 2, 3]", ND_NODTYPE))),
      nt_text(nd_dot(a6, b24)),
      nt_text(nd_dot(a6, L("[0, 1, 2, 3]", ND_NODTYPE))),
      nt_text(nd_outer(L("[1, 2, 3]", ND_NODTYPE), L("[[4.5, 5.5]]", ND_NODTYPE))),
  };
  nt_compare(sizeof exprs / sizeof exprs[0], exprs, mine);
  nt_drop_kept();
}

Test(linalg, large_product_matches_a_plain_loop) {
  int64_t n = 300, k = 517, m = 130;
  NdArray *a = nd_empty(ND_FLOAT64, 2, (int64_t[]){n, k}), *b = nd_empty(ND_FLOAT64, 2, (int64_t[]){k, m});
  for (int64_t i = 0; i < n * k; i++)
    ((double *)a->data)[i] = (double)((i * 7919) % 101) / 50 - 1;
  for (int64_t i = 0; i < k * m; i++)
    ((double *)b->data)[i] = (double)((i * 104729) % 89) / 44 - 1;
  NdArray *c = nd_matmul(a, b);
  for (int64_t i = 0; i < n; i += 37)
    for (int64_t j = 0; j < m; j += 11) {
      double s = 0;
      for (int64_t p = 0; p < k; p++)
        s += ((double *)a->data)[i * k + p] * ((double *)b->data)[p * m + j];
      cr_expect(fabs(((double *)c->data)[i * m + j] - s) <= 1e-12 * (1 + fabs(s)));
    }
  nd_unref(a), nd_unref(b), nd_unref(c);
}
