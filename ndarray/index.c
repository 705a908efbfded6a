/* index.c — a[ix] and a[ix] = v with numpy's rules.
 *
 * An index is first split as numpy splits it. The basic part (ints, slices, ..., None)
 * becomes a view of a, in which every dimension that an index array selects along is
 * kept whole. Without index arrays that view is the answer (a numpy scalar when ints
 * picked one element). With them (integer arrays, and masks turned into their nonzero
 * positions), ints count as 0-d index arrays, all index arrays broadcast to one shape B,
 * and the result is B's elements gathered from the view: shaped B + rest, or pre + B +
 * post when the index arrays sat next to each other (numpy's rule, so a[0, :, [1, 2]]
 * puts B first). Assignment walks the same positions and scatters into them; with
 * repeated indices the last write wins, as in numpy.
 */
#include <string.h>

#include "ndarray.h"

NdIndex nd_ix_int(int64_t i) {
  return (NdIndex){.kind = ND_IX_INT, .i = i};
}

NdIndex nd_ix_slice(int64_t start, int64_t stop, int64_t step, int has) {
  return (NdIndex){.kind = ND_IX_SLICE, .start = start, .stop = stop, .step = step, .has = has};
}

NdIndex nd_ix_all(void) {
  return (NdIndex){.kind = ND_IX_SLICE};
}

NdIndex nd_ix_ellipsis(void) {
  return (NdIndex){.kind = ND_IX_ELLIPSIS};
}

NdIndex nd_ix_newaxis(void) {
  return (NdIndex){.kind = ND_IX_NEWAXIS};
}

NdIndex nd_ix_array(const NdArray *array) {
  return (NdIndex){.kind = ND_IX_ARRAY, .array = array};
}

typedef struct {
  NdArray *view;                /* a with the basic part applied */
  bool element;                 /* one int per dimension: the result is a scalar */
  int nadv;                     /* index arrays, masks expanded */
  int dim[ND_MAXDIM];           /* the view dimension each selects along */
  NdArray *ind[ND_MAXDIM];      /* int64, in bounds; owned */
} Plan;

static void plan_free(Plan *p) {
  nd_unref(p->view);
  for (int k = 0; k < p->nadv; k++)
    nd_unref(p->ind[k]);
}

static bool out_of_bounds(int64_t i, int axis, int64_t size) {
  return nd_fail(ND_E_INDEX, "index %lld is out of bounds for axis %d with size %lld",
                 (long long)i, axis, (long long)size), false;
}

/* Python's slice.indices: the first index, the step and the count along a dimension. */
static bool slice_range(const NdIndex *s, int64_t len, int64_t *start, int64_t *step,
                        int64_t *count) {
  int64_t st = s->has & ND_HAS_STEP ? s->step : 1;
  if (st == 0)
    return nd_fail(ND_E_VALUE, "slice step cannot be zero"), false;
  int64_t lo = st < 0 ? -1 : 0, hi = st < 0 ? len - 1 : len;
  int64_t b = st < 0 ? hi : lo, e = st < 0 ? lo : hi;
  if (s->has & ND_HAS_START) {
    b = s->start < 0 ? s->start + len : s->start;
    b = b < lo ? lo : b > hi ? hi : b;
  }
  if (s->has & ND_HAS_STOP) {
    e = s->stop < 0 ? s->stop + len : s->stop;
    e = e < lo ? lo : e > hi ? hi : e;
  }
  *start = b;
  *step = st;
  if (st > 0)
    *count = b < e ? (e - b - 1) / st + 1 : 0;
  else
    *count = e < b ? (b - e - 1) / (-st) + 1 : 0;
  return true;
}

/* How many dimensions of a the item uses up. */
static int consumes(const NdIndex *x) {
  switch (x->kind) {
  case ND_IX_INT: case ND_IX_SLICE: return 1;
  case ND_IX_ARRAY: return x->array->dtype == ND_BOOL ? x->array->ndim : 1;
  case ND_IX_ELLIPSIS: case ND_IX_NEWAXIS: return 0;
  }
  return 0;
}

/* A 0-d integer array indexes like an int. */
static bool as_int(const NdIndex *x, int64_t *i) {
  if (x->kind == ND_IX_INT) {
    *i = x->i;
    return true;
  }
  if (x->kind == ND_IX_ARRAY && x->array->ndim == 0 && nd_dtype_is_int(x->array->dtype)) {
    *i = nd_get(x->array, NULL).i;
    return true;
  }
  return false;
}

/* Index array x (integers) along dimension `axis` of size len, as int64 in bounds. */
static NdArray *int_index(const NdArray *x, int axis, int64_t len) {
  if (x->dtype != ND_BOOL && !nd_dtype_is_int(x->dtype) && x->size > 0) /* a[[]] is fine */
    return nd_fail(ND_E_INDEX, "arrays used as indices must be of integer (or boolean) type");
  NdArray *ind = nd_astype(x, ND_INT64);
  int64_t *v = ind ? (int64_t *)ind->data : NULL;
  for (int64_t k = 0; ind && k < ind->size; k++) {
    if (v[k] < -len || v[k] >= len) {
      out_of_bounds(v[k], axis, len);
      nd_unref(ind);
      return NULL;
    }
    if (v[k] < 0)
      v[k] += len;
  }
  return ind;
}

/* A mask along dimensions [at, at + mask->ndim) of a: its nonzero positions, one index
 * array per dimension, appended to p. */
static bool mask_index(Plan *p, const NdArray *a, int at, const NdArray *mask, int vdim) {
  for (int i = 0; i < mask->ndim; i++)
    if (mask->shape[i] != a->shape[at + i])
      return nd_fail(ND_E_INDEX, "boolean index did not match indexed array along dimension "
                     "%d; dimension is %lld but corresponding boolean dimension is %lld", at + i,
                     (long long)a->shape[at + i], (long long)mask->shape[i]), false;
  NdArray *nz[ND_MAXDIM];
  int n = nd_nonzero(mask, nz);
  if (n < 0)
    return false;
  for (int i = 0; i < n; i++) {
    p->dim[p->nadv] = vdim + i;
    p->ind[p->nadv++] = nz[i];
  }
  return true;
}

/* The basic part of the index as a view, and the index arrays (see the file comment). */
static bool plan(NdArray *a, int n, const NdIndex *ix, Plan *p) {
  *p = (Plan){0};
  int used = 0, ellipses = 0;
  bool arrays = false;
  for (int k = 0; k < n; k++) {
    int64_t dummy;
    used += consumes(&ix[k]);
    ellipses += ix[k].kind == ND_IX_ELLIPSIS;
    arrays = arrays || (ix[k].kind == ND_IX_ARRAY && !as_int(&ix[k], &dummy));
  }
  if (ellipses > 1)
    return nd_fail(ND_E_INDEX, "an index can only have a single ellipsis ('...')"), false;
  if (used > a->ndim)
    return nd_fail(ND_E_INDEX, "too many indices for array: array is %d-dimensional, but %d "
                   "were indexed", a->ndim, used), false;
  int64_t dims[ND_MAXDIM], strides[ND_MAXDIM], offset = 0;
  int d = 0, nd = 0, ints = 0;
  for (int k = 0; k < n; k++) {
    const NdIndex *x = &ix[k];
    int64_t i;
    if (nd >= ND_MAXDIM && x->kind != ND_IX_INT)
      return nd_fail(ND_E_INDEX, "number of dimensions must be within [0, %d]", ND_MAXDIM),
             false;
    if (as_int(x, &i) && !arrays) {
      if (i < -a->shape[d] || i >= a->shape[d])
        return out_of_bounds(i, d, a->shape[d]);
      offset += (i < 0 ? i + a->shape[d] : i) * a->strides[d];
      d++;
      ints++;
    } else if (x->kind == ND_IX_SLICE) {
      int64_t start, step, count;
      if (!slice_range(x, a->shape[d], &start, &step, &count))
        return false;
      offset += count ? start * a->strides[d] : 0;
      dims[nd] = count;
      strides[nd++] = a->strides[d++] * step;
    } else if (x->kind == ND_IX_NEWAXIS) {
      dims[nd] = 1;
      strides[nd++] = 0;
    } else if (x->kind == ND_IX_ELLIPSIS) {
      for (int e = 0; e < a->ndim - used; e++) {
        dims[nd] = a->shape[d];
        strides[nd++] = a->strides[d++];
      }
    } else if (x->kind == ND_IX_ARRAY && x->array->dtype == ND_BOOL && x->array->ndim > 0) {
      if (!mask_index(p, a, d, x->array, nd))
        return false;
      for (int e = 0; e < x->array->ndim; e++) {
        dims[nd] = a->shape[d];
        strides[nd++] = a->strides[d++];
      }
    } else if (x->kind == ND_IX_ARRAY && x->array->dtype == ND_BOOL) {
      return nd_fail(ND_E_INDEX, "a 0-d boolean index is not supported in nnc"), false;
    } else { /* an index array, or an int among index arrays */
      NdArray *zero = NULL;
      if (x->kind == ND_IX_INT && !(zero = nd_scalar_i64(x->i)))
        return false;
      p->ind[p->nadv] = int_index(zero ? zero : x->array, d, a->shape[d]);
      nd_unref(zero);
      if (!p->ind[p->nadv])
        return false;
      p->dim[p->nadv++] = nd;
      dims[nd] = a->shape[d];
      strides[nd++] = a->strides[d++];
    }
  }
  for (; d < a->ndim; d++) { /* the rest, whole */
    dims[nd] = a->shape[d];
    strides[nd++] = a->strides[d];
  }
  p->element = !arrays && ints == a->ndim && n == ints;
  p->view = nd_view(a, nd, dims, strides, offset);
  return p->view != NULL;
}

/* ---- advanced indexing: gather and scatter ---- */

typedef struct {
  int nb;                       /* the broadcast index shape */
  int64_t bshape[ND_MAXDIM];
  int64_t *pos[ND_MAXDIM];      /* each index array broadcast to bshape, contiguous */
  NdArray *owned[ND_MAXDIM];
  NdArray rest;                 /* the view's other dimensions, as a header (data varies) */
  int pre;                      /* rest dimensions before the B block in the result; -1:
                                   B comes first (index arrays apart or at the front) */
} Adv;

static void adv_free(Adv *g, int n) {
  for (int k = 0; k < n; k++)
    nd_unref(g->owned[k]);
}

static bool adv_setup(const Plan *p, Adv *g) {
  *g = (Adv){.pre = -1};
  if (!nd_broadcast_shape(p->nadv, (const NdArray *const *)p->ind, &g->nb, g->bshape)) {
    char msg[1024];
    snprintf(msg, sizeof msg, "shape mismatch: indexing arrays could not be broadcast together "
             "with shapes%s", strstr(base_last_error(), "shapes") + 6);
    return nd_fail(ND_E_INDEX, "%s", msg), false;
  }
  for (int k = 0; k < p->nadv; k++) {
    NdArray *b = nd_broadcast_to(p->ind[k], g->nb, g->bshape);
    g->owned[k] = b ? nd_ascontiguous(b, ND_INT64) : NULL;
    nd_unref(b);
    if (!g->owned[k]) {
      adv_free(g, k);
      return false;
    }
    g->pos[k] = (int64_t *)g->owned[k]->data;
  }
  const NdArray *v = p->view;
  g->rest = (NdArray){.refs = 1, .dtype = v->dtype, .data = v->data};
  bool together = true;
  for (int k = 1; k < p->nadv; k++)
    together = together && p->dim[k] == p->dim[k - 1] + 1;
  for (int i = 0, k = 0; i < v->ndim; i++) {
    if (k < p->nadv && p->dim[k] == i) {
      k++;
      continue;
    }
    g->rest.shape[g->rest.ndim] = v->shape[i];
    g->rest.strides[g->rest.ndim++] = v->strides[i];
  }
  if (together && p->dim[0] > 0)
    g->pre = p->dim[0];
  return true;
}

/* Byte offset into the view of index combination b. */
static int64_t adv_offset(const Plan *p, const Adv *g, int64_t b) {
  int64_t off = 0;
  for (int k = 0; k < p->nadv; k++)
    off += g->pos[k][b] * p->view->strides[p->dim[k]];
  return off;
}

static void copy_block(void *ctx, char **ptr, const int64_t *s, int64_t n) {
  NdCastFn cast = (NdCastFn)(uintptr_t)ctx;
  cast(ptr[0], ptr[1], n, s[0], s[1]);
}

/* Copies the elements of header src into header dst (same shape), casting. */
static void copy_headers(const NdArray *dst, const NdArray *src) {
  const NdArray *pair[2] = {dst, src};
  NdIter it;
  nd_iter_init(&it, 2, pair, dst->ndim, dst->shape);
  nd_iter_range(&it, 0, it.size, copy_block, (void *)(uintptr_t)nd_cast_fn(src->dtype, dst->dtype));
}

/* The result's dimension order (B then rest) permuted to numpy's: pre + B + post. */
static int final_perm(const Adv *g, int *perm) {
  int nr = g->rest.ndim, n = 0;
  for (int i = 0; i < g->pre; i++)
    perm[n++] = g->nb + i;
  for (int i = 0; i < g->nb; i++)
    perm[n++] = i;
  for (int i = g->pre < 0 ? 0 : g->pre; i < nr; i++)
    perm[n++] = g->nb + i;
  return n;
}

static NdArray *gather(const Plan *p) {
  Adv g;
  if (!adv_setup(p, &g))
    return NULL;
  int64_t shape[ND_MAXDIM], bsize = 1;
  for (int i = 0; i < g.nb; i++)
    bsize *= (shape[i] = g.bshape[i]);
  for (int i = 0; i < g.rest.ndim; i++)
    shape[g.nb + i] = g.rest.shape[i];
  NdArray *out = g.nb + g.rest.ndim <= ND_MAXDIM ? nd_empty(p->view->dtype, g.nb + g.rest.ndim, shape)
                                                 : nd_fail(ND_E_INDEX, "too many dimensions");
  if (out) {
    NdArray dst = *out, src = g.rest;
    dst.ndim = g.rest.ndim;
    memcpy(dst.shape, g.rest.shape, sizeof dst.shape);
    memcpy(dst.strides, out->strides + g.nb, sizeof(int64_t) * (size_t)g.rest.ndim);
    int64_t block = bsize ? out->size / bsize * (int64_t)nd_dtype_size(out->dtype) : 0;
    for (int64_t b = 0; b < bsize; b++) {
      src.data = p->view->data + adv_offset(p, &g, b);
      dst.data = out->data + b * block;
      copy_headers(&dst, &src);
    }
  }
  adv_free(&g, p->nadv);
  if (out && g.pre > 0) {
    int perm[ND_MAXDIM], n = final_perm(&g, perm);
    NdArray *t = nd_transpose(out, n, perm);
    nd_unref(out);
    out = t;
  }
  return out;
}

static bool scatter(const Plan *p, const NdArray *value) {
  Adv g;
  if (!adv_setup(p, &g))
    return false;
  int perm[ND_MAXDIM], inv[ND_MAXDIM], n = final_perm(&g, perm);
  int64_t shape[ND_MAXDIM], bsize = 1;
  for (int i = 0; i < g.nb; i++)
    bsize *= g.bshape[i];
  for (int i = 0; i < n; i++) { /* the result's shape in numpy's order */
    int q = perm[i];
    shape[i] = q < g.nb ? g.bshape[q] : g.rest.shape[q - g.nb];
    inv[q] = i;
  }
  NdArray stripped = nd_strip_leading(value, n);
  NdArray *bv = nd_broadcast_to(&stripped, n, shape);
  NdArray *ordered = bv ? nd_transpose(bv, n, inv) : NULL; /* back to B then rest */
  NdArray *safe = ordered && nd_may_share(ordered, p->view) ? nd_copy(ordered)
                                                          : nd_ref(ordered);
  if (!bv) { /* numpy's words for a value that does not fit the selection */
    char s1[ND_SHAPE_STR], s2[ND_SHAPE_STR];
    nd_fail(ND_E_VALUE, "shape mismatch: value array of shape %s could not be broadcast to "
            "indexing result of shape %s", nd_shape_str(value->ndim, value->shape, true, s1,
                                                       sizeof s1),
            nd_shape_str(n, shape, true, s2, sizeof s2));
  }
  if (safe) {
    NdArray dst = g.rest, from = *safe;
    from.ndim = g.rest.ndim;
    memcpy(from.shape, g.rest.shape, sizeof from.shape);
    memcpy(from.strides, safe->strides + g.nb, sizeof(int64_t) * (size_t)g.rest.ndim);
    for (int64_t b = 0; b < bsize; b++) {
      int64_t off = 0, rest = b;
      for (int i = g.nb - 1; i >= 0; i--) {
        off += (rest % g.bshape[i]) * safe->strides[i];
        rest /= g.bshape[i];
      }
      from.data = safe->data + off;
      dst.data = p->view->data + adv_offset(p, &g, b);
      copy_headers(&dst, &from);
    }
  }
  bool ok = safe != NULL;
  nd_unref(bv);
  nd_unref(ordered);
  nd_unref(safe);
  adv_free(&g, p->nadv);
  return ok;
}

/* ---- entry points ---- */

NdArray *nd_getitem(NdArray *a, int n, const NdIndex *ix) {
  Plan p;
  if (!plan(a, n, ix, &p)) {
    plan_free(&p);
    return NULL;
  }
  NdArray *r;
  if (p.nadv)
    r = gather(&p);
  else if (p.element)
    r = nd_scalar(nd_get(p.view, NULL));
  else
    r = nd_ref(p.view);
  plan_free(&p);
  return r;
}

bool nd_setitem(NdArray *a, int n, const NdIndex *ix, const NdArray *v) {
  if (a->scalar)
    return nd_fail(ND_E_TYPE, "'numpy.%s' object does not support item assignment",
                   a->dtype == ND_BOOL ? "bool_" : nd_dtype_name(a->dtype)), false;
  Plan p;
  bool ok = plan(a, n, ix, &p) && (p.nadv ? scatter(&p, v) : nd_assign(p.view, v));
  plan_free(&p);
  return ok;
}
