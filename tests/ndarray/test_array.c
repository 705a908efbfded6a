/* test_array.c — references and views, numpy scalars, item/truth/len, tolist through the
 * visitor, assignment with broadcasting and overlap, contiguity, and every allocation
 * failing in turn without a leak. */
#include "ndtest.h"
#include "support.h"

Test(array, views_share_the_buffer_and_outlive_their_base) {
  NdArray *a = nt_lit("[[1, 2, 3], [4, 5, 6]]", ND_NODTYPE);
  NdIndex row = nd_ix_int(1);
  NdArray *v = nd_getitem(a, 1, &row);
  nd_unref(a); /* the view keeps the buffer */
  cr_expect_eq(((int64_t *)v->data)[2], 6);
  NdArray *r = nd_ref(v);
  cr_expect_eq(r, v);
  cr_expect_eq(v->refs, 2);
  nd_unref(r);
  nd_unref(v);
  nd_unref(NULL);
}

Test(array, item_truth_and_len) {
  NdArray *one = nt_lit("[[2.5]]", ND_NODTYPE), *two = nt_lit("[1, 2]", ND_NODTYPE),
          *zero = nt_lit("[]", ND_NODTYPE), *s = nd_scalar_f64(0.0);
  NdScalar v;
  cr_expect(nd_item(one, &v) && v.dtype == ND_FLOAT64 && v.f == 2.5);
  cr_expect_not(nd_item(two, &v));
  cr_expect_str_eq(base_last_error(), "can only convert an array of size 1 to a Python scalar");
  bool t;
  cr_expect(nd_truth(one, &t) && t);
  cr_expect(nd_truth(s, &t) && !t);
  cr_expect(nd_truth(zero, &t) && !t);
  cr_expect_not(nd_truth(two, &t));
  cr_expect_str_eq(base_last_error(), "The truth value of an array with more than one element "
                   "is ambiguous. Use a.any() or a.all()");
  int64_t n;
  cr_expect(nd_len(two, &n) && n == 2);
  cr_expect_not(nd_len(s, &n));
  cr_expect_str_eq(base_last_error(), "len() of unsized object");
  cr_expect_str_eq(nd_error_class(), "TypeError");
  nd_unref(one), nd_unref(two), nd_unref(zero), nd_unref(s);
}

typedef struct {
  char out[256];
  int first;                    /* no comma before the next item */
} Text;

static void sep(Text *t) {
  if (!t->first)
    strcat(t->out, ", ");
  t->first = 0;
}
static bool begin(void *ctx, int64_t n) {
  (void)n;
  sep(ctx);
  strcat(((Text *)ctx)->out, "[");
  ((Text *)ctx)->first = 1;
  return true;
}
static bool end(void *ctx) {
  strcat(((Text *)ctx)->out, "]");
  ((Text *)ctx)->first = 0;
  return true;
}
static bool scalar(void *ctx, NdScalar v) {
  Text *t = ctx;
  sep(t);
  char b[40];
  if (v.dtype == ND_BOOL)
    strcat(t->out, v.b ? "True" : "False");
  else if (v.dtype == ND_INT64)
    sprintf(b, "%lld", (long long)v.i), strcat(t->out, b);
  else
    base_repr_double(v.f, b), strcat(t->out, b);
  cr_expect(v.dtype == ND_BOOL || v.dtype == ND_INT64 || v.dtype == ND_FLOAT64);
  return true;
}

static const char *tolist(const NdArray *a) {
  static Text t;
  memset(&t, 0, sizeof t);
  t.first = 1;
  NdVisitor v = {&t, begin, end, scalar};
  cr_assert(nd_tolist(a, &v));
  return t.out;
}

Test(array, tolist_gives_python_values) {
  NdArray *a = nt_lit("[[0.1, 2], [3, 4]]", ND_FLOAT32), *b = nt_lit("[[1, 2], [3, 4]]", ND_UINT8),
          *c = nt_lit("[True]", ND_NODTYPE), *d = nd_scalar_f64(1.5);
  cr_expect_str_eq(tolist(a), "[[0.10000000149011612, 2.0], [3.0, 4.0]]"); /* numpy's too */
  NdArray *t = nd_transpose(b, 0, NULL);
  cr_expect_str_eq(tolist(t), "[[1, 3], [2, 4]]");
  cr_expect_str_eq(tolist(c), "[True]");
  cr_expect_str_eq(tolist(d), "1.5");
  nd_unref(a), nd_unref(b), nd_unref(c), nd_unref(d), nd_unref(t);
}

Test(array, assign_broadcasts_casts_and_handles_overlap) {
  NdArray *a = nd_zeros(ND_INT32, 2, (int64_t[]){2, 3}), *row = nt_lit("[1.9, -2.9, 3]", ND_NODTYPE);
  cr_assert(nd_assign(a, row));
  char *s = nt_text(nd_ref(a));
  cr_expect_str_eq(s, "array([[ 1, -2,  3],\n       [ 1, -2,  3]], dtype=int32)");
  free(s);
  NdArray *bad = nt_lit("[1, 2]", ND_NODTYPE);
  cr_expect_not(nd_assign(a, bad));
  cr_expect_str_eq(base_last_error(), "could not broadcast input array from shape (2,) into shape (2, 3)");
  NdArray *r = nd_flip(a, (NdAxes){0});
  cr_assert(nd_assign(a, r)); /* reversed onto itself */
  s = nt_text(nd_ref(a));
  cr_expect_str_eq(s, "array([[ 3, -2,  1],\n       [ 3, -2,  1]], dtype=int32)");
  free(s);
  nd_fill(a, (NdScalar){.dtype = ND_FLOAT64, .f = 7.9});
  cr_expect_eq(((int32_t *)a->data)[5], 7);
  cr_expect(nd_is_contiguous(a));
  cr_expect_not(nd_is_contiguous(r));
  cr_expect_eq(nd_nbytes(a), 24);
  nd_unref(a), nd_unref(row), nd_unref(bad), nd_unref(r);
}

static nnc_status build_and_print(void *arg) {
  (void)arg;
  NdArray *a = nd_zeros(ND_FLOAT64, 2, (int64_t[]){3, 4});
  NdArray *one = a ? nd_scalar_f64(1.5) : NULL;
  NdArray *b = one ? nd_ufunc(ND_ADD, a, one) : NULL;
  NdReduceOpts o = {.axis = {true, 1, {0}}};
  NdArray *m = b ? nd_reduce(ND_MEAN, b, &o) : NULL;
  NdIndex ix[2] = {nd_ix_slice(1, 0, 1, ND_HAS_START), nd_ix_int(-1)};
  NdArray *g = m ? nd_getitem(b, 2, ix) : NULL;
  char *s = g ? nd_repr(g) : NULL;
  nnc_status st = s ? NNC_OK : NNC_ERR_NOMEM;
  base_free(s);
  nd_unref(a), nd_unref(one), nd_unref(b), nd_unref(m), nd_unref(g);
  if (st != NNC_OK && nd_error_kind() != ND_E_MEMORY)
    return NNC_ERR_INTERNAL;
  return st;
}

Test(array, every_allocation_can_fail_cleanly) {
  test_until_ok(build_and_print, NULL, 200);
}
