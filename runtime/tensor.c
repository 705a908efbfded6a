/* tensor.c — nnc_tensor: a dtype, a shape of rank 0..4 and an owned, C-ordered buffer.
 *
 * Invariant: numel == product of shape[0..rank) and the buffer holds numel elements; the
 * data pointer is 64-byte aligned (compiled code may load it with wide vectors), so the
 * allocation is over-sized by 63 bytes and `raw` keeps what the hook returned. Sizes are
 * checked for overflow before anything is allocated.
 */
#include <math.h>
#include <string.h>

#include "runtime.h"

size_t rt_dtype_size(nnc_dtype t) {
  switch (t) {
  case NNC_F32: return 4;
  case NNC_F64: return 8;
  case NNC_I32: return 4;
  }
  return 0;
}

const char *rt_dtype_name(nnc_dtype t) {
  switch (t) {
  case NNC_F32: return "f32";
  case NNC_F64: return "f64";
  case NNC_I32: return "i32";
  }
  return "?";
}

bool rt_dtype_ok(nnc_dtype t) {
  return rt_dtype_size(t) != 0;
}

/* The element count of a shape, or -1 (with the message set) when it is invalid. */
static int64_t count(const char *fn, nnc_dtype dtype, int rank, const int64_t *shape) {
  if (!rt_dtype_ok(dtype))
    return base_error(NNC_ERR_ARG, "%s: unknown dtype %d", fn, (int)dtype), -1;
  if (rank < 0 || rank > RT_MAX_RANK)
    return base_error(NNC_ERR_ARG, "%s: rank %d is outside 0..%d", fn, rank, RT_MAX_RANK), -1;
  if (rank > 0 && !shape)
    return base_error(NNC_ERR_ARG, "%s: shape is NULL for rank %d", fn, rank), -1;
  int64_t n = 1, limit = (INT64_MAX - 64) / (int64_t)rt_dtype_size(dtype);
  for (int i = 0; i < rank; i++) {
    if (shape[i] < 0)
      return base_error(NNC_ERR_ARG, "%s: dimension %d is negative (%lld)", fn, i,
                      (long long)shape[i]), -1;
    if (shape[i] > 0 && n > limit / shape[i])
      return base_error(NNC_ERR_ARG, "%s: the shape's element count overflows", fn), -1;
    n *= shape[i];
  }
  if ((uint64_t)n * rt_dtype_size(dtype) > (uint64_t)SIZE_MAX - 64)
    return base_error(NNC_ERR_ARG, "%s: the tensor is too large for this machine", fn), -1;
  return n;
}

nnc_status rt_tensor_alloc(nnc_dtype dtype, int rank, const int64_t *shape, nnc_tensor **out) {
  if (!out)
    return base_error(NNC_ERR_ARG, "nnc_tensor_new: out is NULL");
  *out = NULL;
  int64_t n = count("nnc_tensor_new", dtype, rank, shape);
  if (n < 0)
    return NNC_ERR_ARG;
  nnc_tensor *t = base_calloc(1, sizeof *t);
  size_t bytes = (size_t)n * rt_dtype_size(dtype);
  void *raw = t ? base_malloc(bytes + 63) : NULL;
  if (!raw) {
    base_free(t);
    return base_error(NNC_ERR_NOMEM, "nnc_tensor_new: out of memory for %zu bytes", bytes);
  }
  t->magic = BASE_MAGIC_TENSOR;
  t->dtype = dtype;
  t->rank = rank;
  for (int i = 0; i < RT_MAX_RANK; i++)
    t->shape[i] = i < rank ? shape[i] : 1;
  t->numel = n;
  t->raw = raw;
  t->data = (void *)(((uintptr_t)raw + 63) & ~(uintptr_t)63);
  *out = t;
  return NNC_OK;
}

nnc_status nnc_tensor_new(nnc_dtype dtype, int rank, const int64_t *shape, nnc_tensor **out) {
  nnc_status s = rt_tensor_alloc(dtype, rank, shape, out);
  if (s == NNC_OK)
    memset((*out)->data, 0, (size_t)(*out)->numel * rt_dtype_size(dtype));
  return s;
}

nnc_status nnc_tensor_new_in(nnc_context *c, nnc_dtype dtype, int rank, const int64_t *shape,
                             nnc_tensor **out) {
  if (c && base_context_check(c, __func__) != NNC_OK) {
    if (out)
      *out = NULL;
    return NNC_ERR_ARG;
  }
  const nnc_context *was = base_context_swap(c);
  nnc_status s = nnc_tensor_new(dtype, rank, shape, out);
  base_context_swap(was);
  return s;
}

nnc_status rt_tensor_copy(const nnc_tensor *t, nnc_tensor **out) {
  nnc_status s = rt_tensor_alloc(t->dtype, t->rank, t->shape, out);
  if (s == NNC_OK)
    memcpy((*out)->data, t->data, (size_t)t->numel * rt_dtype_size(t->dtype));
  return s;
}

/* t is a live tensor; a freed one, or another kind of handle, sets the error for fn. */
static bool live(const nnc_tensor *t, const char *fn) {
  return t && base_check_tag(t->magic, BASE_MAGIC_TENSOR, fn, "tensor") == NNC_OK;
}

void nnc_tensor_free(nnc_tensor *t) {
  if (!live(t, __func__))
    return;
  t->magic = BASE_MAGIC_DEAD;
  base_free(t->raw);
  base_free(t);
}

nnc_dtype nnc_tensor_dtype(const nnc_tensor *t) {
  return live(t, __func__) ? t->dtype : NNC_F32;
}

int nnc_tensor_rank(const nnc_tensor *t) {
  return live(t, __func__) ? t->rank : 0;
}

int64_t nnc_tensor_dim(const nnc_tensor *t, int axis) {
  if (!live(t, __func__) || axis < 0 || axis >= t->rank)
    return 0;
  return t->shape[axis];
}

int64_t nnc_tensor_numel(const nnc_tensor *t) {
  return live(t, __func__) ? t->numel : 0;
}

void *nnc_tensor_data(nnc_tensor *t) {
  return live(t, __func__) ? t->data : NULL;
}

const void *nnc_tensor_cdata(const nnc_tensor *t) {
  return live(t, __func__) ? t->data : NULL;
}

double rt_tensor_get(const nnc_tensor *t, int64_t i) {
  switch (t->dtype) {
  case NNC_F32: return ((const float *)t->data)[i];
  case NNC_F64: return ((const double *)t->data)[i];
  case NNC_I32: return ((const int32_t *)t->data)[i];
  }
  return 0;
}

static int32_t to_i32(double v) {
  if (!(v == v))
    return 0;
  if (v >= 2147483647.0)
    return INT32_MAX;
  if (v <= -2147483648.0)
    return INT32_MIN;
  return (int32_t)v;
}

void rt_tensor_set(nnc_tensor *t, int64_t i, double v) {
  switch (t->dtype) {
  case NNC_F32: ((float *)t->data)[i] = (float)v; break;
  case NNC_F64: ((double *)t->data)[i] = v; break;
  case NNC_I32: ((int32_t *)t->data)[i] = to_i32(v); break;
  }
}

void rt_convert(void *dst, nnc_dtype dt, const void *src, nnc_dtype st, int64_t n) {
  if (dt == st) {
    memcpy(dst, src, (size_t)n * rt_dtype_size(dt));
    return;
  }
  nnc_tensor s = {.magic = BASE_MAGIC_TENSOR, .dtype = st, .data = (void *)src},
             d = {.magic = BASE_MAGIC_TENSOR, .dtype = dt, .data = dst};
  for (int64_t i = 0; i < n; i++)
    rt_tensor_set(&d, i, rt_tensor_get(&s, i));
}
