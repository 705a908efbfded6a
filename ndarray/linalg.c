/* linalg.c — matrix products: np.matmul (the @ operator), np.dot and np.outer.
 *
 * matmul promotes 1-d operands as numpy does (a row on the left, a column on the right,
 * removed again from the result) and broadcasts the leading "batch" dimensions. Each
 * product of an [n, k] and a [k, m] matrix runs on contiguous copies in the result's dtype:
 * float32 and float64 through a blocked kernel (rows of C accumulate a * B[p, :] over
 * blocks of k and of columns, so the inner loop is a vectorized axpy over a stretch of B
 * that stays in cache), split over the thread pool by blocks of rows; ints wrap as numpy's
 * loops do; bools are "any (a and b)". numpy hands floats to BLAS, which sums in its own
 * order, so float results agree with numpy's to rounding, not to the bit.
 */
#include <string.h>

#include "ndarray.h"
#include "runtime.h"

enum {
  KB = 256,                     /* k per block */
  JB = 512,                     /* columns per block */
  IB = 16,                      /* rows per parallel task */
};

typedef struct {
  const char *a, *b;            /* [n, k] and [k, m], contiguous */
  char *c;                      /* [n, m], zeroed */
  int64_t n, k, m;
} Gemm;

#define GEMM(T)                                                                             \
  static void gemm_##T(void *ctx, int64_t begin, int64_t end) {                           \
    const Gemm *g = ctx;                                                                  \
    const T *A = (const T *)g->a, *B = (const T *)g->b;                                   \
    T *C = (T *)g->c;                                                                     \
    int64_t i1 = end * IB < g->n ? end * IB : g->n;                                       \
    for (int64_t p0 = 0; p0 < g->k; p0 += KB) {                                           \
      int64_t p1 = p0 + KB < g->k ? p0 + KB : g->k;                                       \
      for (int64_t j0 = 0; j0 < g->m; j0 += JB) {                                         \
        int64_t j1 = j0 + JB < g->m ? j0 + JB : g->m;                                     \
        for (int64_t i = begin * IB; i < i1; i++) {                                       \
          T *c = C + i * g->m;                                                            \
          for (int64_t p = p0; p < p1; p++) {                                             \
            T x = A[i * g->k + p];                                                        \
            const T *b = B + p * g->m;                                                    \
            for (int64_t j = j0; j < j1; j++)                                             \
              c[j] += x * b[j];                                                           \
          }                                                                               \
        }                                                                                 \
      }                                                                                   \
    }                                                                                     \
  }
GEMM(float)
GEMM(double)

/* Integers wrap as numpy's; bools are or-of-ands. */
#define IGEMM(T, U)                                                                         \
  static void igemm_##T(const Gemm *g) {                                                  \
    const T *A = (const T *)g->a, *B = (const T *)g->b;                                   \
    T *C = (T *)g->c;                                                                     \
    for (int64_t i = 0; i < g->n; i++)                                                    \
      for (int64_t j = 0; j < g->m; j++) {                                                \
        U s = 0;                                                                          \
        for (int64_t p = 0; p < g->k; p++)                                                \
          s += (U)A[i * g->k + p] * (U)B[p * g->m + j];                                   \
        C[i * g->m + j] = (T)s;                                                           \
      }                                                                                   \
  }
IGEMM(uint8_t, uint32_t)
IGEMM(int32_t, uint32_t)
IGEMM(int64_t, uint64_t)

static void bgemm(const Gemm *g) {
  const bool *A = (const bool *)g->a, *B = (const bool *)g->b;
  bool *C = (bool *)g->c;
  for (int64_t i = 0; i < g->n; i++)
    for (int64_t j = 0; j < g->m; j++) {
      bool s = false;
      for (int64_t p = 0; p < g->k && !s; p++)
        s = A[i * g->k + p] && B[p * g->m + j];
      C[i * g->m + j] = s;
    }
}

/* C = A B for contiguous matrices of dtype t; C zero-filled before. */
static void gemm(NdDtype t, Gemm *g) {
  int64_t tasks = (g->n + IB - 1) / IB;
  bool par = g->n * g->k * g->m >= (int64_t)1 << 18;
  RtTask blocked = t == ND_FLOAT32 ? gemm_float : gemm_double;
  switch (t) {
  case ND_FLOAT32: case ND_FLOAT64:
    if (par)
      rt_parallel(blocked, g, tasks);
    else
      blocked(g, 0, tasks);
    break;
  case ND_UINT8: igemm_uint8_t(g); break;
  case ND_INT32: igemm_int32_t(g); break;
  case ND_INT64: igemm_int64_t(g); break;
  case ND_BOOL: bgemm(g); break;
  case ND_NODTYPE: nnc_unreachable("dtype");
  }
}

static const char *const SIG = "(n?,k),(k,m?)->(n?,m?)";

/* a @ b with both at least 2-d (the 1-d cases are reshaped by the caller). */
static NdArray *matmul2(const NdArray *a, const NdArray *b, NdDtype t) {
  int64_t n = a->shape[a->ndim - 2], k = a->shape[a->ndim - 1], m = b->shape[b->ndim - 1];
  if (b->shape[b->ndim - 2] != k)
    return nd_fail(ND_E_VALUE, "matmul: Input operand 1 has a mismatch in its core dimension "
                   "0, with gufunc signature %s (size %lld is different from %lld)", SIG,
                   (long long)b->shape[b->ndim - 2], (long long)k);
  /* the batch dimensions broadcast */
  NdArray ha = *a, hb = *b;
  ha.ndim -= 2;
  hb.ndim -= 2;
  const NdArray *batch[2] = {&ha, &hb};
  int nb;
  int64_t shape[ND_MAXDIM];
  if (!nd_broadcast_shape(2, batch, &nb, shape))
    return NULL;
  shape[nb] = n;
  shape[nb + 1] = m;
  int64_t ashape[ND_MAXDIM], bshape[ND_MAXDIM];
  memcpy(ashape, shape, sizeof(int64_t) * (size_t)nb);
  memcpy(bshape, shape, sizeof(int64_t) * (size_t)nb);
  ashape[nb] = n, ashape[nb + 1] = k, bshape[nb] = k, bshape[nb + 1] = m;
  NdArray *av = nd_broadcast_to((NdArray *)a, nb + 2, ashape);
  NdArray *bv = av ? nd_broadcast_to((NdArray *)b, nb + 2, bshape) : NULL;
  NdArray *ac = bv ? nd_ascontiguous(av, t) : NULL, *bc = ac ? nd_ascontiguous(bv, t) : NULL;
  NdArray *c = bc ? nd_zeros(t, nb + 2, shape) : NULL;
  if (c) {
    int64_t batches = 1, item = (int64_t)nd_dtype_size(t);
    for (int i = 0; i < nb; i++)
      batches *= shape[i];
    for (int64_t q = 0; q < batches; q++) {
      Gemm g = {ac->data + q * n * k * item, bc->data + q * k * m * item,
                c->data + q * n * m * item, n, k, m};
      gemm(t, &g);
    }
  }
  nd_unref(av), nd_unref(bv), nd_unref(ac), nd_unref(bc);
  return c;
}

NdArray *nd_matmul(const NdArray *a, const NdArray *b) {
  for (int i = 0; i < 2; i++) {
    const NdArray *x = i ? b : a;
    if (x->ndim == 0)
      return nd_fail(ND_E_VALUE, "matmul: Input operand %d does not have enough dimensions "
                     "(has 0, gufunc core with signature %s requires 1)", i, SIG);
  }
  NdArray *pair[2] = {(NdArray *)a, (NdArray *)b};
  NdDtype t = nd_result_type(2, pair);
  int64_t row[2] = {1, a->shape[0]}, col[2] = {b->shape[0], 1};
  NdArray *a2 = a->ndim == 1 ? nd_reshape((NdArray *)a, 2, row) : nd_ref((NdArray *)a);
  NdArray *b2 = b->ndim == 1 ? nd_reshape((NdArray *)b, 2, col) : nd_ref((NdArray *)b);
  NdArray *c = a2 && b2 ? matmul2(a2, b2, t) : NULL;
  nd_unref(a2), nd_unref(b2);
  if (!c || (a->ndim > 1 && b->ndim > 1))
    return c;
  /* drop the dimensions the 1-d operands gained */
  int64_t shape[ND_MAXDIM];
  int nd = 0;
  for (int i = 0; i < c->ndim; i++)
    if (!((a->ndim == 1 && i == c->ndim - 2) || (b->ndim == 1 && i == c->ndim - 1)))
      shape[nd++] = c->shape[i];
  NdArray *r = nd_reshape(c, nd, shape);
  nd_unref(c);
  return nd_mark_scalar(r);
}

NdArray *nd_dot(const NdArray *a, const NdArray *b) {
  if (a->ndim == 0 || b->ndim == 0)
    return nd_ufunc(ND_MULTIPLY, a, b);
  int64_t k = a->shape[a->ndim - 1];
  int kb = b->ndim == 1 ? 0 : b->ndim - 2;
  if (b->shape[kb] != k) {
    char s1[ND_SHAPE_STR], s2[ND_SHAPE_STR];
    return nd_fail(ND_E_VALUE, "shapes %s and %s not aligned: %lld (dim %d) != %lld (dim %d)",
                   nd_shape_str(a->ndim, a->shape, true, s1, sizeof s1),
                   nd_shape_str(b->ndim, b->shape, true, s2, sizeof s2), (long long)k,
                   a->ndim - 1, (long long)b->shape[kb], kb);
  }
  if (a->ndim <= 2 && b->ndim <= 2)
    return nd_matmul(a, b);
  /* a as [rows, k]; b with its k axis first as [k, cols]; the product reshaped back */
  int64_t shape[ND_MAXDIM], rows = a->size / (k ? k : 1), cols = b->size / (k ? k : 1);
  int nd = 0;
  for (int i = 0; i < a->ndim - 1; i++)
    shape[nd++] = a->shape[i];
  for (int i = 0; i < b->ndim; i++)
    if (i != kb)
      shape[nd++] = b->shape[i];
  if (nd > ND_MAXDIM)
    return nd_fail(ND_E_VALUE, "dot: the result would have more than %d dimensions", ND_MAXDIM);
  NdArray *bm = nd_moveaxis((NdArray *)b, kb, 0);
  NdArray *a2 = nd_reshape((NdArray *)a, 2, (int64_t[]){rows, k});
  NdArray *b2 = bm ? nd_reshape(bm, 2, (int64_t[]){k, cols}) : NULL;
  NdArray *c = a2 && b2 ? nd_matmul(a2, b2) : NULL;
  NdArray *r = c ? nd_reshape(c, nd, shape) : NULL;
  nd_unref(bm), nd_unref(a2), nd_unref(b2), nd_unref(c);
  return r;
}

NdArray *nd_outer(const NdArray *a, const NdArray *b) {
  NdArray *x = nd_reshape((NdArray *)a, 2, (int64_t[]){a->size, 1});
  NdArray *y = x ? nd_reshape((NdArray *)b, 2, (int64_t[]){1, b->size}) : NULL;
  NdArray *r = y ? nd_ufunc(ND_MULTIPLY, x, y) : NULL;
  nd_unref(x), nd_unref(y);
  return r;
}
