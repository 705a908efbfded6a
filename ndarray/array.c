/* array.c — arrays, the refcounted buffers under them, views and numpy scalars.
 *
 * An NdArray is a header (dtype, shape, byte strides, a pointer to its first element)
 * over an NdBuffer, one allocation holding a reference count and 64-byte-aligned data.
 * Views are new headers over the same buffer, so writes through one show in the other, as
 * in numpy; the buffer goes when its last array does. Large buffers ask the kernel for
 * transparent huge pages, as numpy does: a fresh 376 MB result (x / 255.0 on MNIST) then
 * takes a few hundred page faults instead of ~90,000. Invariant: every element an array's
 * shape and strides reach lies inside its buffer, and strides are multiples of the
 * itemsize, so elements are always aligned.
 */
#define _DEFAULT_SOURCE /* madvise */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "ndarray.h"

struct NdBuffer {
  int refs;
  size_t bytes;                 /* usable bytes at data */
  char *data;                   /* 64-byte aligned, inside this allocation */
};

enum { HUGE_PAGE = 2 << 20, HUGE_FROM = 4 << 20 }; /* numpy advises from 4 MB on */

/* Asks for huge pages over the 2 MB-aligned part of [p, p + n); a kernel without them
 * refuses, which changes nothing. */
static void advise_huge(char *p, size_t n) {
#ifdef MADV_HUGEPAGE
  uintptr_t lo = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
  uintptr_t hi = ((uintptr_t)p + n) & ~(uintptr_t)(HUGE_PAGE - 1);
  if (hi > lo)
    madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
  (void)p, (void)n;
#endif
}

static NdBuffer *buffer_new(size_t bytes) {
  if (bytes > SIZE_MAX - sizeof(NdBuffer) - 64)
    return NULL;
  NdBuffer *b = base_malloc(sizeof(NdBuffer) + 64 + bytes);
  if (!b)
    return NULL;
  b->refs = 1;
  b->bytes = bytes;
  uintptr_t at = (uintptr_t)(b + 1);
  b->data = (char *)((at + 63) & ~(uintptr_t)63);
  if (bytes >= HUGE_FROM)
    advise_huge(b->data, bytes);
  return b;
}

NdArray *nd_ref(NdArray *a) {
  if (a)
    a->refs++;
  return a;
}

void nd_unref(NdArray *a) {
  if (!a || --a->refs > 0)
    return;
  if (--a->buf->refs == 0)
    base_free(a->buf);
  base_free(a);
}

char *nd_shape_str(int ndim, const int64_t *shape, bool compact, char *buf, size_t n) {
  size_t k = (size_t)snprintf(buf, n, "(");
  for (int i = 0; i < ndim && k < n; i++)
    k += (size_t)snprintf(buf + k, n - k, "%" PRId64 "%s", shape[i],
                          i + 1 < ndim ? (compact ? "," : ", ") : ndim == 1 ? "," : "");
  if (k < n)
    snprintf(buf + k, n - k, ")");
  return buf;
}

/* Bytes as numpy's MemoryError message gives them (_size_to_string): "96 bytes",
 * "358. MiB", "8.00 PiB". */
static void size_words(uint64_t bytes, char *buf, size_t n) {
  static const char *const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int bits = 0;
  for (uint64_t b = bytes; b > 1; b >>= 1)
    bits++;
  int u = (bits > 1 ? bits : 1) / 10;
  double v = (double)bytes / (double)((uint64_t)1 << (10 * u));
  if (round(v) == 1024) {
    u++;
    v /= 1024;
  }
  if (u == 0)
    snprintf(buf, n, "%.0f bytes", v);
  else if (round(v) < 1000)
    snprintf(buf, n, "%#.3g %s", v, units[u]);
  else
    snprintf(buf, n, "%#.0f %s", v, units[u]);
}

NdArray *nd_empty(NdDtype t, int ndim, const int64_t *shape) {
  if (ndim < 0 || ndim > ND_MAXDIM)
    return nd_fail(ND_E_VALUE, "maximum supported dimension for an ndarray is %d, found %d",
                   ND_MAXDIM, ndim);
  int64_t size = 1, span = 1, item = (int64_t)nd_dtype_size(t);
  for (int i = 0; i < ndim; i++) {
    if (shape[i] < 0)
      return nd_fail(ND_E_VALUE, "negative dimensions are not allowed");
    int64_t d = shape[i] ? shape[i] : 1;
    if (span > INT64_MAX / item / d)
      return nd_fail(ND_E_VALUE, "array is too big; `arr.size * arr.dtype.itemsize` is "
                     "larger than the maximum possible size.");
    span *= d;
    size *= shape[i];
  }
  NdArray *a = base_malloc(sizeof *a);
  NdBuffer *b = a ? buffer_new((size_t)(size * item)) : NULL;
  if (!b) {
    base_free(a);
    char words[32], dims[ND_SHAPE_STR];
    size_words((uint64_t)size * (uint64_t)item, words, sizeof words);
    return nd_fail(ND_E_MEMORY, "Unable to allocate %s for an array with shape %s and data "
                   "type %s (out of memory)", words,
                   nd_shape_str(ndim, shape, false, dims, sizeof dims), nd_dtype_name(t));
  }
  *a = (NdArray){.refs = 1, .dtype = t, .ndim = ndim, .size = size, .data = b->data, .buf = b};
  for (int i = ndim - 1; i >= 0; i--) {
    a->shape[i] = shape[i];
    a->strides[i] = item;
    item *= shape[i] ? shape[i] : 1;
  }
  return a;
}

NdArray *nd_new_like_shape(NdDtype t, const NdArray *a) {
  return nd_empty(t, a->ndim, a->shape);
}

NdArray *nd_view(NdArray *a, int ndim, const int64_t *shape, const int64_t *strides,
                 int64_t offset) {
  NdArray *v = base_malloc(sizeof *v);
  if (!v)
    return nd_fail(ND_E_MEMORY, "out of memory for an array view");
  *v = (NdArray){.refs = 1, .dtype = a->dtype, .ndim = ndim, .size = 1,
                 .data = a->data + offset, .buf = a->buf};
  for (int i = 0; i < ndim; i++) {
    v->shape[i] = shape[i];
    v->strides[i] = strides[i];
    v->size *= shape[i];
  }
  a->buf->refs++;
  return v;
}

NdArray *nd_mark_scalar(NdArray *a) {
  if (a && a->ndim == 0)
    a->scalar = true;
  return a;
}

NdArray *nd_scalar(NdScalar v) {
  NdArray *a = nd_empty(v.dtype, 0, NULL);
  if (a) {
    nd_write(v.dtype, a->data, v);
    a->scalar = true;
  }
  return a;
}

NdArray *nd_scalar_f64(double v) {
  return nd_scalar((NdScalar){.dtype = ND_FLOAT64, .f = v});
}

NdArray *nd_scalar_i64(int64_t v) {
  return nd_scalar((NdScalar){.dtype = ND_INT64, .i = v});
}

NdArray *nd_scalar_bool(bool v) {
  return nd_scalar((NdScalar){.dtype = ND_BOOL, .b = v});
}

NdArray *nd_scalar_of(NdDtype t, NdScalar v) {
  return nd_scalar(nd_scalar_cast(v, t));
}

static char *element(const NdArray *a, const int64_t *idx) {
  char *p = a->data;
  for (int i = 0; i < a->ndim; i++)
    p += idx[i] * a->strides[i];
  return p;
}

NdScalar nd_get(const NdArray *a, const int64_t *idx) {
  return nd_read(a->dtype, element(a, idx));
}

/* The element at flat C-order position k. */
static NdScalar flat_get(const NdArray *a, int64_t k) {
  int64_t idx[ND_MAXDIM];
  for (int i = a->ndim - 1; i >= 0; i--) {
    idx[i] = k % a->shape[i];
    k /= a->shape[i];
  }
  return nd_get(a, idx);
}

bool nd_item(const NdArray *a, NdScalar *out) {
  if (a->size != 1)
    return nd_fail(ND_E_VALUE, "can only convert an array of size 1 to a Python scalar"),
           false;
  *out = flat_get(a, 0);
  return true;
}

bool nd_truth(const NdArray *a, bool *out) {
  if (a->size > 1)
    return nd_fail(ND_E_VALUE, "The truth value of an array with more than one element is "
                   "ambiguous. Use a.any() or a.all()"), false;
  *out = a->size == 1 && nd_scalar_cast(flat_get(a, 0), ND_BOOL).b;
  return true;
}

bool nd_len(const NdArray *a, int64_t *out) {
  if (a->ndim == 0)
    return nd_fail(ND_E_TYPE, "len() of unsized object"), false;
  *out = a->shape[0];
  return true;
}

bool nd_is_contiguous(const NdArray *a) {
  int64_t want = (int64_t)nd_dtype_size(a->dtype);
  if (a->size == 0)
    return true;
  for (int i = a->ndim - 1; i >= 0; i--) {
    if (a->shape[i] != 1 && a->strides[i] != want)
      return false;
    want *= a->shape[i];
  }
  return true;
}

int64_t nd_nbytes(const NdArray *a) {
  return a->size * (int64_t)nd_dtype_size(a->dtype);
}

bool nd_sole_owner(const NdArray *a) {
  return a->buf->refs == 1;
}

bool nd_may_share(const NdArray *a, const NdArray *b) {
  return a->buf == b->buf && a->size > 0 && b->size > 0;
}

bool nd_same_layout(const NdArray *a, const NdArray *b) {
  if (a->data != b->data || a->ndim != b->ndim)
    return false;
  for (int i = 0; i < a->ndim; i++)
    if (a->shape[i] != b->shape[i] || (a->shape[i] > 1 && a->strides[i] != b->strides[i]))
      return false;
  return true;
}

static void copy_inner(void *ctx, char **p, const int64_t *s, int64_t n) {
  NdCastFn cast = (NdCastFn)(uintptr_t)ctx;
  cast(p[0], p[1], n, s[0], s[1]);
}

NdArray nd_strip_leading(const NdArray *src, int ndim) {
  NdArray h = *src;
  int drop = 0;
  while (h.ndim - drop > ndim && h.shape[drop] == 1)
    drop++;
  h.ndim -= drop;
  memmove(h.shape, h.shape + drop, sizeof(int64_t) * (size_t)h.ndim);
  memmove(h.strides, h.strides + drop, sizeof(int64_t) * (size_t)h.ndim);
  return h;
}

bool nd_assign(NdArray *dst, const NdArray *full) {
  NdArray stripped = nd_strip_leading(full, dst->ndim);
  const NdArray *src = &stripped;
  const NdArray *pair[2] = {dst, src};
  int nd;
  int64_t shape[ND_MAXDIM];
  if (src->ndim > dst->ndim || !nd_broadcast_shape(2, pair, &nd, shape) || nd != dst->ndim ||
      memcmp(shape, dst->shape, sizeof(int64_t) * (size_t)nd) != 0) {
    char s1[ND_SHAPE_STR], s2[ND_SHAPE_STR];
    return nd_fail(ND_E_VALUE, "could not broadcast input array from shape %s into shape %s",
                   nd_shape_str(full->ndim, full->shape, false, s1, sizeof s1),
                   nd_shape_str(dst->ndim, dst->shape, false, s2, sizeof s2)), false;
  }
  NdArray *tmp = NULL;
  if (nd_may_share(dst, src) && !nd_same_layout(dst, src)) { /* a[1:] = a[:-1] */
    if (!(tmp = nd_copy(src)))
      return false;
    src = tmp;
    pair[1] = src;
  }
  NdIter it;
  nd_iter_init(&it, 2, pair, dst->ndim, dst->shape);
  nd_iter_run(&it, copy_inner, (void *)(uintptr_t)nd_cast_fn(src->dtype, dst->dtype), true);
  nd_unref(tmp);
  return true;
}

void nd_fill(NdArray *a, NdScalar v) {
  char one[8];
  nd_write(a->dtype, one, v);
  NdArray src = {.refs = 1, .dtype = a->dtype, .ndim = 0, .size = 1, .data = one,
                 .buf = NULL};
  const NdArray *pair[2] = {a, &src};
  NdIter it;
  nd_iter_init(&it, 2, pair, a->ndim, a->shape);
  nd_iter_run(&it, copy_inner, (void *)(uintptr_t)nd_cast_fn(a->dtype, a->dtype), true);
}

NdArray *nd_astype(const NdArray *a, NdDtype t) {
  NdArray *c = nd_new_like_shape(t, a);
  if (c && !nd_assign(c, a)) {
    nd_unref(c);
    return NULL;
  }
  return c;
}

NdArray *nd_copy(const NdArray *a) {
  return nd_astype(a, a->dtype);
}

NdArray *nd_ascontiguous(NdArray *a, NdDtype t) {
  if ((t == ND_NODTYPE || t == a->dtype) && nd_is_contiguous(a) && !a->scalar)
    return nd_ref(a);
  return nd_astype(a, t == ND_NODTYPE ? a->dtype : t);
}

bool nd_norm_axis(int *axis, int ndim) {
  if (*axis < -ndim || *axis >= ndim)
    return nd_fail(ND_E_VALUE, "axis %d is out of bounds for array of dimension %d", *axis,
                   ndim), false;
  if (*axis < 0)
    *axis += ndim;
  return true;
}

bool nd_norm_axes(const NdAxes *axes, int ndim, uint64_t *mask) {
  *mask = 0;
  if (!axes || !axes->given) {
    *mask = ndim == 64 ? ~(uint64_t)0 : ((uint64_t)1 << ndim) - 1;
    return true;
  }
  for (int i = 0; i < axes->n; i++) {
    int ax = axes->v[i];
    if (!nd_norm_axis(&ax, ndim))
      return false;
    if (*mask & ((uint64_t)1 << ax))
      return nd_fail(ND_E_VALUE, "duplicate value in 'axis'"), false;
    *mask |= (uint64_t)1 << ax;
  }
  return true;
}

NdAxes nd_axis(int axis) {
  if (axis == ND_NOAXIS)
    return (NdAxes){0};
  return (NdAxes){.given = true, .n = 1, .v = {axis}};
}

/* Depth-first walk of tolist: axis `ax` of a at element pointer p. */
static bool visit(const NdArray *a, int ax, const char *p, const NdVisitor *v) {
  if (ax == a->ndim) {
    NdScalar s = nd_read(a->dtype, p);
    if (s.dtype == ND_UINT8 || s.dtype == ND_INT32)
      s.dtype = ND_INT64; /* a Python int */
    if (s.dtype == ND_FLOAT32)
      s.dtype = ND_FLOAT64; /* a Python float: float32 values widen exactly */
    return v->scalar(v->ctx, s);
  }
  if (!v->begin_list(v->ctx, a->shape[ax]))
    return false;
  for (int64_t i = 0; i < a->shape[ax]; i++)
    if (!visit(a, ax + 1, p + i * a->strides[ax], v))
      return false;
  return v->end_list(v->ctx);
}

bool nd_tolist(const NdArray *a, const NdVisitor *v) {
  return visit(a, 0, a->data, v);
}
