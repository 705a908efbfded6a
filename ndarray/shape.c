/* shape.c — shapes and axes: reshape, transpose, squeeze, expand_dims, joining arrays,
 * tiling, repeating, flipping, broadcasting and meshgrid.
 *
 * Everything that numpy answers with a view answers with a view here (reshape when the
 * strides allow, transpose, squeeze, expand_dims, flip, broadcast_to); reshape decides as
 * numpy's _attempt_nocopy_reshape does, so a.reshape(...) shares memory exactly when it does
 * in numpy. Joining functions allocate the result once and copy each input into its slice.
 */
#include <string.h>

#include "ndarray.h"

/* The strides a view of a with the new shape needs, or false when the elements of a are
 * not laid out evenly enough (then reshape copies). C order; a->size > 0. */
static bool nocopy_strides(const NdArray *a, int nd, const int64_t *dims, int64_t *strides) {
  int64_t od[ND_MAXDIM], os[ND_MAXDIM];
  int on = 0;
  for (int i = 0; i < a->ndim; i++)
    if (a->shape[i] != 1) {
      od[on] = a->shape[i];
      os[on++] = a->strides[i];
    }
  int oi = 0, oj = 1, ni = 0, nj = 1;
  while (ni < nd && oi < on) {
    int64_t np = dims[ni], op = od[oi];
    while (np != op) {
      if (np < op)
        np *= dims[nj++];
      else
        op *= od[oj++];
    }
    for (int k = oi; k < oj - 1; k++) /* the old axes of this group must merge */
      if (os[k] != od[k + 1] * os[k + 1])
        return false;
    strides[nj - 1] = os[oj - 1];
    for (int k = nj - 1; k > ni; k--)
      strides[k - 1] = strides[k] * dims[k];
    ni = nj++;
    oi = oj++;
  }
  int64_t last = ni >= 1 ? strides[ni - 1] : (int64_t)nd_dtype_size(a->dtype);
  for (int k = ni; k < nd; k++)
    strides[k] = last;
  return true;
}

/* The shape with its -1 filled in, checked against size. */
static bool resolve_shape(const NdArray *a, int nd, const int64_t *in, int64_t *out) {
  int unknown = -1;
  int64_t known = 1;
  if (nd > ND_MAXDIM)
    return nd_fail(ND_E_VALUE, "maximum supported dimension for an ndarray is %d, found %d",
                   ND_MAXDIM, nd), false;
  for (int i = 0; i < nd; i++) {
    out[i] = in[i];
    if (in[i] == -1) {
      if (unknown >= 0)
        return nd_fail(ND_E_VALUE, "can only specify one unknown dimension"), false;
      unknown = i;
    } else if (in[i] < 0) {
      return nd_fail(ND_E_VALUE, "negative dimensions not allowed"), false;
    } else if (in[i] && known > INT64_MAX / in[i]) {
      known = -1;
      break;
    } else {
      known *= in[i];
    }
  }
  if (unknown >= 0 && known > 0 && a->size % known == 0)
    out[unknown] = a->size / known;
  else if (unknown >= 0)
    known = -1;
  if (unknown < 0 ? known != a->size : known < 0) {
    char s[ND_SHAPE_STR];
    return nd_fail(ND_E_VALUE, "cannot reshape array of size %lld into shape %s",
                   (long long)a->size, nd_shape_str(nd, in, false, s, sizeof s)), false;
  }
  return true;
}

static void c_strides(NdDtype t, int nd, const int64_t *dims, int64_t *strides) {
  int64_t st = (int64_t)nd_dtype_size(t);
  for (int i = nd - 1; i >= 0; i--) {
    strides[i] = st;
    st *= dims[i] ? dims[i] : 1;
  }
}

NdArray *nd_reshape(NdArray *a, int ndim, const int64_t *shape) {
  int64_t dims[ND_MAXDIM], strides[ND_MAXDIM];
  if (!resolve_shape(a, ndim, shape, dims))
    return NULL;
  if (a->size == 0) {
    c_strides(a->dtype, ndim, dims, strides);
    return nd_view(a, ndim, dims, strides, 0);
  }
  if (nocopy_strides(a, ndim, dims, strides))
    return nd_view(a, ndim, dims, strides, 0);
  NdArray *c = nd_copy(a);
  NdArray *v = c ? nd_reshape(c, ndim, dims) : NULL;
  nd_unref(c);
  return v;
}

NdArray *nd_transpose(NdArray *a, int naxes, const int *axes) {
  int perm[ND_MAXDIM];
  if (naxes == 0) {
    for (int i = 0; i < a->ndim; i++)
      perm[i] = a->ndim - 1 - i;
  } else {
    if (naxes != a->ndim)
      return nd_fail(ND_E_VALUE, "axes don't match array");
    uint64_t seen = 0;
    for (int i = 0; i < naxes; i++) {
      perm[i] = axes[i];
      if (!nd_norm_axis(&perm[i], a->ndim))
        return NULL;
      if (seen >> perm[i] & 1)
        return nd_fail(ND_E_VALUE, "repeated axis in transpose");
      seen |= (uint64_t)1 << perm[i];
    }
  }
  int64_t dims[ND_MAXDIM], strides[ND_MAXDIM];
  for (int i = 0; i < a->ndim; i++) {
    dims[i] = a->shape[perm[i]];
    strides[i] = a->strides[perm[i]];
  }
  return nd_view(a, a->ndim, dims, strides, 0);
}

NdArray *nd_swapaxes(NdArray *a, int a1, int a2) {
  if (!nd_norm_axis(&a1, a->ndim) || !nd_norm_axis(&a2, a->ndim))
    return NULL;
  int perm[ND_MAXDIM];
  for (int i = 0; i < a->ndim; i++)
    perm[i] = i == a1 ? a2 : i == a2 ? a1 : i;
  return nd_transpose(a, a->ndim, perm);
}

NdArray *nd_moveaxis(NdArray *a, int from, int to) {
  if (!nd_norm_axis(&from, a->ndim) || !nd_norm_axis(&to, a->ndim))
    return NULL;
  int perm[ND_MAXDIM], k = 0;
  for (int i = 0; i < a->ndim; i++)
    if (i != from)
      perm[k++] = i;
  memmove(perm + to + 1, perm + to, sizeof(int) * (size_t)(a->ndim - 1 - to));
  perm[to] = from;
  if (a->ndim == 0)
    return nd_view(a, 0, NULL, NULL, 0);
  return nd_transpose(a, a->ndim, perm);
}

NdArray *nd_ravel(NdArray *a) {
  int64_t n = a->size;
  return nd_reshape(a, 1, &n);
}

NdArray *nd_flatten(const NdArray *a) {
  NdArray *c = nd_copy(a);
  NdArray *v = c ? nd_ravel(c) : NULL;
  nd_unref(c);
  return v;
}

NdArray *nd_squeeze(NdArray *a, NdAxes axes) {
  uint64_t mask = 0;
  if (axes.given) {
    if (!nd_norm_axes(&axes, a->ndim, &mask))
      return NULL;
    for (int i = 0; i < a->ndim; i++)
      if (mask >> i & 1 && a->shape[i] != 1)
        return nd_fail(ND_E_VALUE, "cannot select an axis to squeeze out which has size not "
                       "equal to one");
  } else {
    for (int i = 0; i < a->ndim; i++)
      if (a->shape[i] == 1)
        mask |= (uint64_t)1 << i;
  }
  int64_t dims[ND_MAXDIM], strides[ND_MAXDIM];
  int nd = 0;
  for (int i = 0; i < a->ndim; i++)
    if (!(mask >> i & 1)) {
      dims[nd] = a->shape[i];
      strides[nd++] = a->strides[i];
    }
  return nd_view(a, nd, dims, strides, 0);
}

NdArray *nd_expand_dims(NdArray *a, NdAxes axes) {
  int nd = a->ndim + (axes.given ? axes.n : 1);
  if (nd > ND_MAXDIM)
    return nd_fail(ND_E_VALUE, "maximum supported dimension for an ndarray is %d, found %d",
                   ND_MAXDIM, nd);
  uint64_t mask;
  if (!axes.given)
    axes = nd_axis(0);
  if (!nd_norm_axes(&axes, nd, &mask))
    return NULL;
  int64_t dims[ND_MAXDIM], strides[ND_MAXDIM];
  for (int i = 0, k = 0; i < nd; i++) {
    if (mask >> i & 1) {
      dims[i] = 1;
      strides[i] = 0;
    } else {
      dims[i] = a->shape[k];
      strides[i] = a->strides[k++];
    }
  }
  return nd_view(a, nd, dims, strides, 0);
}

NdArray *nd_atleast_nd(NdArray *a, int ndim) {
  if (a->ndim >= ndim)
    return nd_view(a, a->ndim, a->shape, a->strides, 0);
  int64_t dims[3] = {1, 1, 1};
  switch (a->ndim) {
  case 0: break;
  case 1: dims[1] = a->shape[0]; break; /* (1, n) or (1, n, 1) */
  default: dims[0] = a->shape[0]; dims[1] = a->shape[1]; break; /* 2-d to 3-d */
  }
  return nd_reshape(a, ndim, dims);
}

/* ---- joining ---- */

static bool need_arrays(int n, const char *what) {
  if (n <= 0)
    return nd_fail(ND_E_VALUE, "need at least one array to %s", what), false;
  return true;
}

NdArray *nd_concatenate(int n, NdArray *const *arrays, int axis) {
  if (!need_arrays(n, "concatenate"))
    return NULL;
  if (axis == ND_NOAXIS) {
    NdArray **flat = base_calloc((size_t)n, sizeof *flat);
    if (!flat)
      return nd_fail(ND_E_MEMORY, "out of memory");
    NdArray *r = NULL;
    int k = 0;
    while (k < n && (flat[k] = nd_ravel(arrays[k])))
      k++;
    if (k == n)
      r = nd_concatenate(n, flat, 0);
    for (int i = 0; i < k; i++)
      nd_unref(flat[i]);
    base_free(flat);
    return r;
  }
  const NdArray *first = arrays[0];
  if (first->ndim == 0)
    return nd_fail(ND_E_VALUE, "zero-dimensional arrays cannot be concatenated");
  if (!nd_norm_axis(&axis, first->ndim))
    return NULL;
  int64_t dims[ND_MAXDIM];
  memcpy(dims, first->shape, sizeof dims);
  dims[axis] = 0;
  for (int k = 0; k < n; k++) {
    const NdArray *b = arrays[k];
    if (b->ndim != first->ndim)
      return nd_fail(ND_E_VALUE, "all the input arrays must have same number of dimensions, "
                     "but the array at index 0 has %d dimension(s) and the array at index %d "
                     "has %d dimension(s)", first->ndim, k, b->ndim);
    for (int i = 0; i < b->ndim; i++)
      if (i != axis && b->shape[i] != first->shape[i])
        return nd_fail(ND_E_VALUE, "all the input array dimensions except for the "
                       "concatenation axis must match exactly, but along dimension %d, the "
                       "array at index 0 has size %lld and the array at index %d has size %lld",
                       i, (long long)first->shape[i], k, (long long)b->shape[i]);
    dims[axis] += b->shape[axis];
  }
  NdArray *out = nd_empty(nd_result_type(n, arrays), first->ndim, dims);
  int64_t at = 0;
  for (int k = 0; out && k < n; k++) {
    int64_t sub[ND_MAXDIM];
    memcpy(sub, dims, sizeof sub);
    sub[axis] = arrays[k]->shape[axis];
    NdArray *slot = nd_view(out, out->ndim, sub, out->strides, at * out->strides[axis]);
    if (!slot || !nd_assign(slot, arrays[k])) {
      nd_unref(slot);
      nd_unref(out);
      return NULL;
    }
    nd_unref(slot);
    at += sub[axis];
  }
  return out;
}

/* Applies f to each array and concatenates the results along axis (axis computed from the
 * first transformed array by pick, when pick is not NULL). */
static NdArray *join_each(int n, NdArray *const *arrays, NdArray *(*f)(NdArray *, void *),
                          void *arg, int axis, int (*pick)(const NdArray *)) {
  if (!need_arrays(n, "concatenate"))
    return NULL;
  NdArray **t = base_calloc((size_t)n, sizeof *t);
  if (!t)
    return nd_fail(ND_E_MEMORY, "out of memory");
  int k = 0;
  while (k < n && (t[k] = f(arrays[k], arg)))
    k++;
  NdArray *r = k == n ? nd_concatenate(n, t, pick ? pick(t[0]) : axis) : NULL;
  for (int i = 0; i < k; i++)
    nd_unref(t[i]);
  base_free(t);
  return r;
}

static NdArray *expand_at(NdArray *a, void *axis) {
  return nd_expand_dims(a, nd_axis(*(int *)axis));
}

NdArray *nd_stack(int n, NdArray *const *arrays, int axis) {
  if (!need_arrays(n, "stack"))
    return NULL;
  for (int k = 1; k < n; k++)
    if (arrays[k]->ndim != arrays[0]->ndim ||
        memcmp(arrays[k]->shape, arrays[0]->shape, sizeof(int64_t) * (size_t)arrays[0]->ndim))
      return nd_fail(ND_E_VALUE, "all input arrays must have the same shape");
  if (!nd_norm_axis(&axis, arrays[0]->ndim + 1))
    return NULL;
  return join_each(n, arrays, expand_at, &axis, axis, NULL);
}

static NdArray *at_least(NdArray *a, void *nd) {
  return nd_atleast_nd(a, *(int *)nd);
}

NdArray *nd_vstack(int n, NdArray *const *arrays) {
  int two = 2;
  return join_each(n, arrays, at_least, &two, 0, NULL);
}

static int hstack_axis(const NdArray *first) {
  return first->ndim == 1 ? 0 : 1;
}

NdArray *nd_hstack(int n, NdArray *const *arrays) {
  int one = 1;
  return join_each(n, arrays, at_least, &one, 0, hstack_axis);
}

/* column_stack's columns: 1-d (and 0-d) arrays stand up as [n, 1]. */
static NdArray *as_column(NdArray *a, void *unused) {
  (void)unused;
  if (a->ndim >= 2)
    return nd_view(a, a->ndim, a->shape, a->strides, 0);
  int64_t dims[2] = {a->size, 1};
  return nd_reshape(a, 2, dims);
}

NdArray *nd_column_stack(int n, NdArray *const *arrays) {
  return join_each(n, arrays, as_column, NULL, 1, NULL);
}

/* ---- repeating, flipping, broadcasting ---- */

NdArray *nd_broadcast_to(NdArray *a, int ndim, const int64_t *shape) {
  bool ok = ndim >= a->ndim && ndim <= ND_MAXDIM;
  int64_t strides[ND_MAXDIM];
  for (int i = 0; ok && i < ndim; i++) {
    int j = i - (ndim - a->ndim);
    ok = shape[i] >= 0 && (j < 0 || a->shape[j] == shape[i] || a->shape[j] == 1);
    strides[i] = j < 0 || a->shape[j] != shape[i] ? 0 : a->strides[j];
  }
  if (!ok) {
    char s1[ND_SHAPE_STR], s2[ND_SHAPE_STR];
    return nd_fail(ND_E_VALUE, "operands could not be broadcast together with remapped shapes "
                   "[original->remapped]: %s  and requested shape %s",
                   nd_shape_str(a->ndim, a->shape, true, s1, sizeof s1),
                   nd_shape_str(ndim, shape, true, s2, sizeof s2));
  }
  return nd_view(a, ndim, shape, strides, 0);
}

NdArray *nd_tile(const NdArray *a, int n, const int64_t *reps) {
  int nd = n > a->ndim ? n : a->ndim;
  if (2 * nd > ND_MAXDIM)
    return nd_fail(ND_E_VALUE, "np.tile: at most %d dimensions", ND_MAXDIM / 2);
  /* a as (1, s0, 1, s1, ...) broadcast to (r0, s0, r1, s1, ...), then laid out. */
  int64_t wide[ND_MAXDIM], dims[ND_MAXDIM], out[ND_MAXDIM];
  for (int i = 0; i < nd; i++) {
    int j = i - (nd - a->ndim), r = i - (nd - n);
    int64_t rep = r >= 0 ? reps[r] : 1;
    if (rep < 0)
      return nd_fail(ND_E_VALUE, "negative dimensions are not allowed");
    dims[2 * i] = 1;
    dims[2 * i + 1] = j >= 0 ? a->shape[j] : 1;
    wide[2 * i] = rep;
    wide[2 * i + 1] = dims[2 * i + 1];
    out[i] = rep * dims[2 * i + 1];
  }
  NdArray *c = nd_copy(a);
  NdArray *v = c ? nd_reshape(c, 2 * nd, dims) : NULL;
  NdArray *b = v ? nd_broadcast_to(v, 2 * nd, wide) : NULL;
  NdArray *r = b ? nd_reshape(b, nd, out) : NULL; /* broadcast strides force a copy */
  nd_unref(c);
  nd_unref(v);
  nd_unref(b);
  return r;
}

NdArray *nd_repeat(const NdArray *a, const NdArray *repeats, int axis) {
  NdArray *src = axis == ND_NOAXIS ? nd_flatten(a) : nd_ascontiguous((NdArray *)a, ND_NODTYPE);
  NdArray *reps = src ? nd_astype(repeats, ND_INT64) : NULL;
  NdArray *out = NULL;
  if (axis == ND_NOAXIS)
    axis = 0;
  if (!reps || !nd_norm_axis(&axis, src->ndim))
    goto done;
  int64_t len = src->shape[axis], *r = (int64_t *)reps->data, total = 0;
  if (reps->size != 1 && (reps->ndim != 1 || reps->size != len)) {
    char s1[ND_SHAPE_STR], s2[ND_SHAPE_STR];
    nd_fail(ND_E_VALUE, "operands could not be broadcast together with shape %s %s",
            nd_shape_str(1, &len, true, s1, sizeof s1),
            nd_shape_str(reps->ndim, reps->shape, true, s2, sizeof s2));
    goto done;
  }
  for (int64_t i = 0; i < len; i++) {
    int64_t k = r[reps->size == 1 ? 0 : i];
    if (k < 0) {
      nd_fail(ND_E_VALUE, "negative dimensions are not allowed");
      goto done;
    }
    total += k;
  }
  int64_t dims[ND_MAXDIM], outer = 1, chunk = (int64_t)nd_dtype_size(src->dtype);
  memcpy(dims, src->shape, sizeof dims);
  dims[axis] = total;
  for (int i = 0; i < axis; i++)
    outer *= src->shape[i];
  for (int i = axis + 1; i < src->ndim; i++)
    chunk *= src->shape[i];
  if (!(out = nd_empty(src->dtype, src->ndim, dims)))
    goto done;
  char *to = out->data;
  for (int64_t o = 0; o < outer; o++)
    for (int64_t i = 0; i < len; i++)
      for (int64_t k = r[reps->size == 1 ? 0 : i]; k > 0; k--, to += chunk)
        memcpy(to, src->data + (o * len + i) * chunk, (size_t)chunk);
done:
  nd_unref(src);
  nd_unref(reps);
  return out;
}

NdArray *nd_flip(NdArray *a, NdAxes axes) {
  uint64_t mask;
  if (!nd_norm_axes(&axes, a->ndim, &mask))
    return NULL;
  int64_t strides[ND_MAXDIM], offset = 0;
  for (int i = 0; i < a->ndim; i++) {
    strides[i] = a->strides[i];
    if (mask >> i & 1 && a->shape[i] > 0) {
      offset += (a->shape[i] - 1) * a->strides[i];
      strides[i] = -a->strides[i];
    }
  }
  return nd_view(a, a->ndim, a->shape, strides, offset);
}

bool nd_meshgrid(int n, NdArray *const *xs, bool ij, NdArray **out) {
  int64_t dims[ND_MAXDIM];
  if (n > ND_MAXDIM)
    return nd_fail(ND_E_VALUE, "np.meshgrid: at most %d arrays", ND_MAXDIM), false;
  for (int i = 0; i < n; i++)
    dims[i] = xs[i]->size;
  if (!ij && n >= 2) { /* 'xy': the first two axes swap */
    dims[0] = xs[1]->size;
    dims[1] = xs[0]->size;
  }
  for (int i = 0; i < n; i++) {
    int64_t shape[ND_MAXDIM];
    for (int k = 0; k < n; k++)
      shape[k] = 1;
    int at = !ij && n >= 2 && i < 2 ? 1 - i : i;
    shape[at] = xs[i]->size;
    NdArray *flat = nd_ravel(xs[i]);
    NdArray *v = flat ? nd_reshape(flat, n, shape) : NULL;
    NdArray *b = v ? nd_broadcast_to(v, n, dims) : NULL;
    out[i] = b ? nd_copy(b) : NULL;
    nd_unref(flat);
    nd_unref(v);
    nd_unref(b);
    if (!out[i]) {
      while (i > 0)
        nd_unref(out[--i]);
      return false;
    }
  }
  return true;
}
