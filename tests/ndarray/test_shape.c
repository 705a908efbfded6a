/* test_shape.c — reshape (views where numpy gives views), transpose, squeeze, expand_dims,
 * the joins, tile, repeat, flip, broadcast_to and meshgrid against numpy, and the errors. */
#include "ndtest.h"

static NdArray *A(void) { /* np.arange(24).reshape(2, 3, 4) */
  NdArray *f = nt_lit("[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, "
                      "20, 21, 22, 23]", ND_NODTYPE);
  NdArray *r = nd_reshape(f, 3, (int64_t[]){2, 3, 4});
  nd_unref(f);
  return r;
}
#define PA "np.arange(24).reshape(2, 3, 4)"

static NdArray *keep(NdArray *r, NdArray *a) { /* r, dropping a */
  nd_unref(a);
  return r;
}

static char *c_reshape1(void) { NdArray *a = A(); return nt_text(keep(nd_reshape(a, 2, (int64_t[]){-1, 6}), a)); }
static char *c_reshape2(void) { NdArray *a = A(); return nt_text(keep(nd_reshape(a, 1, (int64_t[]){5}), a)); }
static char *c_reshape3(void) { NdArray *a = A(); return nt_text(keep(nd_reshape(a, 2, (int64_t[]){-1, -1}), a)); }
static char *c_reshape4(void) {
  NdArray *a = A(), *t = nd_transpose(a, 0, NULL), *r = nd_reshape(t, 2, (int64_t[]){4, 6});
  nd_unref(t);
  return nt_text(keep(r, a));
}
static char *c_transpose(void) { NdArray *a = A(); return nt_text(keep(nd_transpose(a, 3, (int[]){1, 0, 2}), a)); }
static char *c_transpose_bad(void) { NdArray *a = A(); return nt_text(keep(nd_transpose(a, 2, (int[]){1, 0}), a)); }
static char *c_swap(void) { NdArray *a = A(); return nt_text(keep(nd_swapaxes(a, 0, -1), a)); }
static char *c_move(void) { NdArray *a = A(); return nt_text(keep(nd_moveaxis(a, 0, -1), a)); }
static char *c_ravel(void) {
  NdArray *a = A(), *t = nd_transpose(a, 0, NULL);
  return nt_text(keep(keep(nd_ravel(t), t), a));
}
static char *c_squeeze(void) {
  NdArray *a = nt_lit("[[[1], [2]]]", ND_NODTYPE);
  return nt_text(keep(nd_squeeze(a, (NdAxes){0}), a));
}
static char *c_squeeze_ax(void) {
  NdArray *a = nt_lit("[[[1], [2]]]", ND_NODTYPE);
  return nt_text(keep(nd_squeeze(a, nd_axis(-1)), a));
}
static char *c_squeeze_bad(void) {
  NdArray *a = nt_lit("[[[1], [2]]]", ND_NODTYPE);
  return nt_text(keep(nd_squeeze(a, nd_axis(1)), a));
}
static char *c_expand(void) {
  NdArray *a = nt_lit("[1, 2]", ND_NODTYPE);
  return nt_text(keep(nd_expand_dims(a, (NdAxes){true, 2, {0, -1}}), a));
}
static char *c_concat(void) {
  NdArray *a = nt_lit("[[1, 2], [3, 4]]", ND_UINT8), *b = nt_lit("[[5.5, 6.5]]", ND_FLOAT32);
  NdArray *r = nd_concatenate(2, (NdArray *[]){a, b}, 0);
  nd_unref(b);
  return nt_text(keep(r, a));
}
static char *c_concat_none(void) {
  NdArray *a = nt_lit("[[1, 2], [3, 4]]", ND_NODTYPE), *b = nt_lit("[5]", ND_NODTYPE);
  NdArray *r = nd_concatenate(2, (NdArray *[]){a, b}, ND_NOAXIS);
  nd_unref(b);
  return nt_text(keep(r, a));
}
static char *c_concat_bad(void) {
  NdArray *a = nt_lit("[[1, 2], [3, 4]]", ND_NODTYPE), *b = nt_lit("[[5, 6, 7]]", ND_NODTYPE);
  NdArray *r = nd_concatenate(2, (NdArray *[]){a, b}, 0);
  nd_unref(b);
  return nt_text(keep(r, a));
}
static char *c_concat_nd(void) {
  NdArray *a = nt_lit("[[1, 2], [3, 4]]", ND_NODTYPE), *b = nt_lit("[5, 6]", ND_NODTYPE);
  NdArray *r = nd_concatenate(2, (NdArray *[]){a, b}, 0);
  nd_unref(b);
  return nt_text(keep(r, a));
}
static char *c_stack(void) {
  NdArray *a = nt_lit("[1, 2, 3]", ND_NODTYPE), *b = nt_lit("[4, 5, 6]", ND_NODTYPE);
  NdArray *r = nd_stack(2, (NdArray *[]){a, b}, 1);
  nd_unref(b);
  return nt_text(keep(r, a));
}
static char *c_vstack(void) {
  NdArray *a = nt_lit("[1, 2, 3]", ND_NODTYPE), *b = nt_lit("[[4, 5, 6], [7, 8, 9]]", ND_NODTYPE);
  NdArray *r = nd_vstack(2, (NdArray *[]){a, b});
  nd_unref(b);
  return nt_text(keep(r, a));
}
static char *c_hstack(void) {
  NdArray *a = nt_lit("[[1], [2]]", ND_NODTYPE), *b = nt_lit("[[4, 5], [7, 8]]", ND_NODTYPE);
  NdArray *r = nd_hstack(2, (NdArray *[]){a, b});
  nd_unref(b);
  return nt_text(keep(r, a));
}
static char *c_hstack1(void) {
  NdArray *a = nt_lit("[1, 2]", ND_NODTYPE), *b = nt_lit("3.5", ND_NODTYPE);
  NdArray *r = nd_hstack(2, (NdArray *[]){a, b});
  nd_unref(b);
  return nt_text(keep(r, a));
}
static char *c_column(void) {
  NdArray *a = nt_lit("[1, 2]", ND_NODTYPE), *b = nt_lit("[[3, 4], [5, 6]]", ND_NODTYPE);
  NdArray *r = nd_column_stack(2, (NdArray *[]){a, b});
  nd_unref(b);
  return nt_text(keep(r, a));
}
static char *c_tile(void) {
  NdArray *a = nt_lit("[[1, 2], [3, 4]]", ND_NODTYPE);
  return nt_text(keep(nd_tile(a, 1, (int64_t[]){2}), a));
}
static char *c_tile2(void) {
  NdArray *a = nt_lit("[1, 2]", ND_NODTYPE);
  return nt_text(keep(nd_tile(a, 3, (int64_t[]){2, 1, 3}), a));
}
static char *c_repeat(void) {
  NdArray *a = nt_lit("[[1, 2], [3, 4]]", ND_NODTYPE), *r = nt_lit("2", ND_NODTYPE);
  NdArray *x = nd_repeat(a, r, ND_NOAXIS);
  nd_unref(r);
  return nt_text(keep(x, a));
}
static char *c_repeat_ax(void) {
  NdArray *a = nt_lit("[[1, 2], [3, 4]]", ND_NODTYPE), *r = nt_lit("[1, 3]", ND_NODTYPE);
  NdArray *x = nd_repeat(a, r, 1);
  nd_unref(r);
  return nt_text(keep(x, a));
}
static char *c_flip(void) { NdArray *a = A(); return nt_text(keep(nd_flip(a, nd_axis(1)), a)); }
static char *c_flip_all(void) { NdArray *a = A(); return nt_text(keep(nd_flip(a, (NdAxes){0}), a)); }
static char *c_bcast(void) {
  NdArray *a = nt_lit("[1, 2, 3]", ND_NODTYPE);
  return nt_text(keep(nd_broadcast_to(a, 2, (int64_t[]){2, 3}), a));
}
static char *c_mesh(void) {
  NdArray *x = nt_lit("[1, 2, 3]", ND_NODTYPE), *y = nt_lit("[4.5, 5.5]", ND_NODTYPE), *out[2];
  cr_assert(nd_meshgrid(2, (NdArray *[]){x, y}, false, out));
  NdArray *s = nd_stack(2, out, 0);
  nd_unref(out[0]), nd_unref(out[1]), nd_unref(y);
  return nt_text(keep(s, x));
}
static char *c_atleast(void) {
  NdArray *a = nt_lit("[1, 2]", ND_NODTYPE);
  return nt_text(keep(nd_atleast_nd(a, 3), a));
}

static const struct {
  const char *py;
  char *(*c)(void);
} cases[] = {
    {PA ".reshape(-1, 6)", c_reshape1},
    {PA ".reshape(5)", c_reshape2},
    {PA ".reshape(-1, -1)", c_reshape3},
    {PA ".T.reshape(4, 6)", c_reshape4},
    {PA ".transpose(1, 0, 2)", c_transpose},
    {PA ".transpose(1, 0)", c_transpose_bad},
    {PA ".swapaxes(0, -1)", c_swap},
    {"np.moveaxis(" PA ", 0, -1)", c_move},
    {PA ".T.ravel()", c_ravel},
    {"np.squeeze(np.array([[[1], [2]]]))", c_squeeze},
    {"np.squeeze(np.array([[[1], [2]]]), axis=-1)", c_squeeze_ax},
    {"np.squeeze(np.array([[[1], [2]]]), axis=1)", c_squeeze_bad},
    {"np.expand_dims(np.array([1, 2]), (0, -1))", c_expand},
    {"np.concatenate([np.array([[1, 2], [3, 4]], dtype=np.uint8), np.array([[5.5, 6.5]], dtype=np.float32)])", c_concat},
    {"np.concatenate([np.array([[1, 2], [3, 4]]), np.array([5])], axis=None)", c_concat_none},
    {"np.concatenate([np.array([[1, 2], [3, 4]]), np.array([[5, 6, 7]])])", c_concat_bad},
    {"np.concatenate([np.array([[1, 2], [3, 4]]), np.array([5, 6])])", c_concat_nd},
    {"np.stack([np.array([1, 2, 3]), np.array([4, 5, 6])], axis=1)", c_stack},
    {"np.vstack([np.array([1, 2, 3]), np.array([[4, 5, 6], [7, 8, 9]])])", c_vstack},
    {"np.hstack([np.array([[1], [2]]), np.array([[4, 5], [7, 8]])])", c_hstack},
    {"np.hstack([np.array([1, 2]), np.array(3.5)])", c_hstack1},
    {"np.column_stack([np.array([1, 2]), np.array([[3, 4], [5, 6]])])", c_column},
    {"np.tile(np.array([[1, 2], [3, 4]]), 2)", c_tile},
    {"np.tile(np.array([1, 2]), (2, 1, 3))", c_tile2},
    {"np.repeat(np.array([[1, 2], [3, 4]]), 2)", c_repeat},
    {"np.repeat(np.array([[1, 2], [3, 4]]), [1, 3], axis=1)", c_repeat_ax},
    {"np.flip(" PA ", 1)", c_flip},
    {"np.flip(" PA ")", c_flip_all},
    {"np.broadcast_to(np.array([1, 2, 3]), (2, 3))", c_bcast},
    {"np.stack(np.meshgrid(np.array([1, 2, 3]), np.array([4.5, 5.5])))", c_mesh},
    {"np.atleast_3d(np.array([1, 2]))", c_atleast},
};
enum { N = sizeof cases / sizeof cases[0] };

Test(shape, functions_match_numpy) {
  const char *exprs[N];
  char *mine[N];
  for (int i = 0; i < N; i++) {
    exprs[i] = cases[i].py;
    mine[i] = cases[i].c();
  }
  nt_compare(N, exprs, mine);
}

Test(shape, reshape_shares_memory_exactly_when_numpy_does) {
  NdArray *a = A(), *r = nd_reshape(a, 2, (int64_t[]){6, 4});
  cr_expect_eq(r->data, a->data); /* contiguous: a view */
  NdIndex mid[3] = {nd_ix_all(), nd_ix_all(), nd_ix_slice(1, 3, 1, ND_HAS_START | ND_HAS_STOP)};
  NdArray *s = nd_getitem(a, 3, mid); /* (2, 3, 2): pairs with gaps between them */
  NdArray *v = nd_reshape(s, 2, (int64_t[]){6, 2});  /* numpy: a view */
  cr_expect(nd_may_share(v, a));
  NdArray *c = nd_reshape(s, 1, (int64_t[]){12});     /* numpy: a copy */
  cr_expect_not(nd_may_share(c, a));
  cr_expect_null(nd_reshape(a, 2, (int64_t[]){-1, -1}));
  cr_expect_str_eq(base_last_error(), "can only specify one unknown dimension");
  nd_unref(a), nd_unref(r), nd_unref(s), nd_unref(v), nd_unref(c);
}
