/* test_iter.c — broadcast shapes, the merging of axes, and flat ranges that start and end
 * inside runs (what splitting over the thread pool relies on). */
#include "ndtest.h"

Test(iter, broadcast_shapes) {
  NdArray *a = nd_zeros(ND_INT32, 3, (int64_t[]){4, 1, 3}), *b = nd_zeros(ND_INT32, 2, (int64_t[]){5, 1});
  const NdArray *both[2] = {a, b};
  int nd;
  int64_t shape[ND_MAXDIM];
  cr_assert(nd_broadcast_shape(2, both, &nd, shape));
  cr_expect(nd == 3 && shape[0] == 4 && shape[1] == 5 && shape[2] == 3);
  NdArray *c = nd_zeros(ND_INT32, 1, (int64_t[]){2});
  const NdArray *bad[2] = {a, c};
  cr_expect_not(nd_broadcast_shape(2, bad, &nd, shape));
  cr_expect_str_eq(base_last_error(), "operands could not be broadcast together with shapes (4,1,3) (2,) ");
  nd_unref(a), nd_unref(b), nd_unref(c);
}

Test(iter, contiguous_axes_merge_into_one_run) {
  NdArray *a = nd_zeros(ND_FLOAT32, 3, (int64_t[]){2, 3, 4});
  const NdArray *one[1] = {a};
  NdIter it;
  nd_iter_init(&it, 1, one, 3, a->shape);
  cr_expect(it.ndim == 1 && it.shape[0] == 24 && it.strides[0][0] == 4);
  NdArray *t = nd_transpose(a, 0, NULL);
  const NdArray *tt[1] = {t};
  nd_iter_init(&it, 1, tt, 3, t->shape);
  cr_expect_eq(it.ndim, 3);
  nd_unref(a), nd_unref(t);
}

static void count(void *ctx, char **p, const int64_t *s, int64_t n) {
  int64_t *sum = ctx;
  for (int64_t i = 0; i < n; i++)
    *sum += *(const int64_t *)(p[0] + i * s[0]);
}

Test(iter, ranges_cover_each_element_once) {
  NdScalar z = {.dtype = ND_INT64, .i = 0}, o = {.dtype = ND_INT64, .i = 1};
  NdArray *f = nd_arange(z, (NdScalar){.dtype = ND_INT64, .i = 60}, true, o, ND_NODTYPE);
  NdArray *a = nd_reshape(f, 3, (int64_t[]){3, 4, 5}), *t = nd_transpose(a, 0, NULL);
  const NdArray *one[1] = {t};
  NdIter it;
  nd_iter_init(&it, 1, one, 3, t->shape);
  for (int64_t cut = 0; cut <= 60; cut += 7) {
    int64_t lo = 0, hi = 0;
    nd_iter_range(&it, 0, cut, count, &lo);
    nd_iter_range(&it, cut, 60, count, &hi);
    cr_expect_eq(lo + hi, 59 * 60 / 2);
  }
  nd_unref(f), nd_unref(a), nd_unref(t);
}
