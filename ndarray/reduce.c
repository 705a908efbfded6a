/* reduce.c — reductions along axes: sum, prod, mean, var, std, min, max, argmin, argmax,
 * all, any, count_nonzero, ptp; and cumsum/cumprod.
 *
 * The order of the additions follows numpy's, so float results match it to the bit. Two
 * shapes of work, told apart after axes of length 1 are set aside:
 *  - the last axis is reduced ("inner"): each output element sums its block run by run, a
 *    run being the longest stretch along the merged innermost axes, with numpy's pairwise
 *    summation (8 accumulators, blocks of 128) for float sums, 8192 elements at a time
 *    (numpy's buffer: np.sum of a long float32 array is a sequential sum of pairwise sums
 *    of 8192-element blocks). When the input must be cast (ints summed as float64 for
 *    mean), the 8192-element buffers of cast values cross runs, as numpy's do. Outputs are
 *    independent and split over the thread pool.
 *  - the last axis is kept ("outer"): the output starts at the identity (or the first
 *    slice, for min and max) and each slice along the reduced axes is folded into it in C
 *    order with the binary ufunc's kernel, which is numpy's order there too.
 * mean, var and std are built from these with ufuncs, as numpy's _methods.py builds them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ndarray.h"
#include "runtime.h"

enum { BUFSIZE = 8192 };        /* numpy's ufunc buffer, in elements */

typedef union {
  bool b;
  uint8_t u8;
  int32_t i32;
  int64_t i64;
  float f32;
  double f64;
} Acc;

/* Element i of a run at p: contiguous (_c, where the compiler vectorizes the loops) or
 * with a byte stride (_s). Every loop below comes in both versions. */
#define AT_c(T, p, i, st) (((const T *)(p))[i])
#define AT_s(T, p, i, st) (*(const T *)((p) + (i) * (st)))

/* ---- numpy's pairwise summation ---- */

#define PAIRWISE(T, V)                                                                      \
  static T pairwise_##T##_##V(const char *a, int64_t n, int64_t s) {                      \
    (void)s;                                                                              \
    if (n < 8) {                                                                          \
      T res = 0;                                                                          \
      for (int64_t i = 0; i < n; i++)                                                     \
        res += AT_##V(T, a, i, s);                                                        \
      return res;                                                                         \
    }                                                                                     \
    if (n <= 128) {                                                                       \
      T r[8];                                                                             \
      for (int k = 0; k < 8; k++)                                                         \
        r[k] = AT_##V(T, a, k, s);                                                        \
      int64_t i;                                                                          \
      for (i = 8; i < n - (n % 8); i += 8)                                                \
        for (int k = 0; k < 8; k++)                                                       \
          r[k] += AT_##V(T, a, i + k, s);                                                 \
      T res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));          \
      for (; i < n; i++)                                                                  \
        res += AT_##V(T, a, i, s);                                                        \
      return res;                                                                         \
    }                                                                                     \
    int64_t n2 = n / 2;                                                                   \
    n2 -= n2 % 8;                                                                         \
    return pairwise_##T##_##V(a, n2, s) + pairwise_##T##_##V(a + n2 * s, n - n2, s);      \
  }
PAIRWISE(float, c)
PAIRWISE(float, s)
PAIRWISE(double, c)
PAIRWISE(double, s)

/* ---- folding one run into an accumulator ---- */

/* maximum(m, x) and minimum(m, x) as kernels.c computes them. */
#define MAXV(m, x) ((m) > (x) || (m) != (m) ? (m) : (x))
#define MINV(m, x) ((m) < (x) || (m) != (m) ? (m) : (x))

static bool mul_b(bool m, bool x) { return m && x; }
static float mul_f32(float m, float x) { return m * x; }
static double mul_f64(double m, double x) { return m * x; }
#define MUL_INT(T, S, U) static T mul_##S(T m, T x) { return (T)((U)m * (U)x); }
MUL_INT(uint8_t, u8, uint32_t)
MUL_INT(int32_t, i32, uint32_t)
MUL_INT(int64_t, i64, uint64_t)

/* The sum of a run added to m: ints wrap as numpy's, floats pairwise, bools or. */
#define ADD_INT(T, S, U, V)                                                                 \
  static T add_##S##_##V(T m, const char *p, int64_t n, int64_t st) {                     \
    (void)st;                                                                             \
    U r = (U)m;                                                                           \
    for (int64_t i = 0; i < n; i++)                                                       \
      r += (U)AT_##V(T, p, i, st);                                                        \
    return (T)r;                                                                          \
  }
#define ADDS(V)                                                                             \
  ADD_INT(uint8_t, u8, uint32_t, V) ADD_INT(int32_t, i32, uint32_t, V)                     \
  ADD_INT(int64_t, i64, uint64_t, V)                                                      \
  static bool add_b_##V(bool m, const char *p, int64_t n, int64_t st) {                   \
    (void)st;                                                                             \
    for (int64_t i = 0; i < n && !m; i++)                                                 \
      m = AT_##V(bool, p, i, st);                                                         \
    return m;                                                                             \
  }                                                                                       \
  static float add_f32_##V(float m, const char *p, int64_t n, int64_t st) {               \
    return m + pairwise_float_##V(p, n, st);                                              \
  }                                                                                       \
  static double add_f64_##V(double m, const char *p, int64_t n, int64_t st) {             \
    return m + pairwise_double_##V(p, n, st);                                             \
  }
ADDS(c)
ADDS(s)

/* The run's elements folded into *acc by op (started: *acc holds a value already). */
#define FOLD(E, T, S, V, unused)                                                            \
  static void fold_##S##_##V(NdReduce op, const char *p, int64_t n, int64_t st, Acc *acc, \
                             bool started) {                                              \
    T m = started ? acc->S : *(const T *)p;                                               \
    switch (op) {                                                                         \
    case ND_SUM: m = started ? m : 0; m = add_##S##_##V(m, p, n, st); break;              \
    case ND_PROD:                                                                         \
      m = started ? m : 1;                                                                \
      for (int64_t i = 0; i < n; i++)                                                     \
        m = mul_##S(m, AT_##V(T, p, i, st));                                              \
      break;                                                                              \
    case ND_MAX:                                                                          \
      for (int64_t i = 0; i < n; i++)                                                     \
        m = MAXV(m, AT_##V(T, p, i, st));                                                 \
      break;                                                                              \
    case ND_MIN:                                                                          \
      for (int64_t i = 0; i < n; i++)                                                     \
        m = MINV(m, AT_##V(T, p, i, st));                                                 \
      break;                                                                              \
    case ND_MEAN: case ND_VAR: case ND_STD: case ND_ARGMIN: case ND_ARGMAX: case ND_ALL:   \
    case ND_ANY: case ND_COUNT_NONZERO: case ND_PTP:                                      \
      nnc_unreachable("not a folding reduction");                                         \
    }                                                                                     \
    acc->S = m;                                                                           \
  }
ND_TYPES2(FOLD, c, _)
ND_TYPES2(FOLD, s, _)

static void fold(NdReduce op, NdDtype t, const char *p, int64_t n, int64_t st, Acc *acc,
                 bool started) {
  bool c = st == (int64_t)nd_dtype_size(t);
  switch (t) {
#define CASE(E, T, S)                                                                       \
  case E:                                                                                 \
    (c ? fold_##S##_c : fold_##S##_s)(op, p, n, st, acc, started);                        \
    break;
    ND_TYPES(CASE)
#undef CASE
  case ND_NODTYPE: nnc_unreachable("dtype");
  }
}

/* Integer sums into int64 need no cast buffer: the sum is exact in any order. Adds the
 * run's n elements of dtype t at p (stride st) to *acc, wrapping as int64 does. */
#define WSUM(T, V)                                                                          \
  static uint64_t wsum_##T##_##V(const char *p, int64_t n, int64_t st) {                  \
    (void)st;                                                                             \
    uint64_t r = 0;                                                                       \
    for (int64_t i = 0; i < n; i++)                                                       \
      r += (uint64_t)(int64_t)AT_##V(T, p, i, st);                                        \
    return r;                                                                             \
  }
WSUM(uint8_t, c)
WSUM(uint8_t, s)
WSUM(int32_t, c)
WSUM(int32_t, s)

static bool widening_sum(NdDtype t, const char *p, int64_t n, int64_t st, int64_t *acc) {
  bool c = st == (int64_t)nd_dtype_size(t);
  uint64_t r;
  if (t == ND_BOOL || t == ND_UINT8) /* a bool is one byte, 0 or 1 */
    r = c ? wsum_uint8_t_c(p, n, st) : wsum_uint8_t_s(p, n, st);
  else if (t == ND_INT32)
    r = c ? wsum_int32_t_c(p, n, st) : wsum_int32_t_s(p, n, st);
  else
    return false;
  *acc = (int64_t)((uint64_t)*acc + r);
  return true;
}

/* ---- the inner shape: one block per output element ---- */

typedef struct {
  NdReduce op;
  NdDtype in, acc;              /* the input's dtype and the accumulator's */
  NdCastFn cast;                /* in -> acc, NULL when they are the same */
  const NdArray *a;
  int nkept;
  int64_t kshape[ND_MAXDIM], kstride[ND_MAXDIM]; /* kept axes of the input */
  NdArray block;                /* the reduced axes as a header (data set per output) */
  NdArray *out;                 /* contiguous, nkept axes of kshape */
  int64_t per;                  /* outputs per parallel task */
} Inner;

typedef struct {
  const Inner *r;
  Acc acc;
  bool started;
  int64_t pending;              /* cast elements waiting in buf */
  _Alignas(64) char buf[BUFSIZE * 8];
} Block;

static void flush(Block *b) {
  if (b->pending) {
    fold(b->r->op, b->r->acc, b->buf, b->pending, (int64_t)nd_dtype_size(b->r->acc), &b->acc,
         b->started);
    b->started = true;
    b->pending = 0;
  }
}

static void block_run(void *ctx, char **p, const int64_t *s, int64_t n) {
  Block *b = ctx;
  const Inner *r = b->r;
  if (r->cast && r->op == ND_SUM && r->acc == ND_INT64 && widening_sum(r->in, p[0], n, s[0], &b->acc.i64))
    return;
  if (!r->cast) { /* numpy's buffered reduction hands the loop BUFSIZE at a time */
    for (int64_t at = 0; at < n; at += BUFSIZE) {
      fold(r->op, r->acc, p[0] + at * s[0], n - at < BUFSIZE ? n - at : BUFSIZE, s[0], &b->acc,
           b->started);
      b->started = true;
    }
    return;
  }
  int64_t isz = (int64_t)nd_dtype_size(r->acc);
  for (int64_t at = 0; at < n;) {
    int64_t m = BUFSIZE - b->pending < n - at ? BUFSIZE - b->pending : n - at;
    r->cast(b->buf + b->pending * isz, p[0] + at * s[0], m, isz, s[0]);
    b->pending += m;
    at += m;
    if (b->pending == BUFSIZE)
      flush(b);
  }
}

static void inner_outputs(void *ctx, int64_t begin, int64_t end) {
  const Inner *r = ctx;
  Block blk, *b = &blk; /* 64 KB of stack: the pool's threads have megabytes */
  NdArray block = r->block;
  const NdArray *one[1] = {&block};
  for (int64_t o = begin; o < end; o++) {
    int64_t rest = o;
    block.data = r->a->data;
    for (int i = r->nkept - 1; i >= 0; i--) {
      block.data += (rest % r->kshape[i]) * r->kstride[i];
      rest /= r->kshape[i];
    }
    b->r = r;
    b->started = r->op == ND_SUM || r->op == ND_PROD; /* from the identity */
    b->pending = 0;
    nd_write(r->acc, (char *)&b->acc, (NdScalar){.dtype = ND_INT64, .i = r->op == ND_PROD});
    if (block.ndim == 1) { /* one run (x.sum(axis=1)): no iterator to set up per output */
      char *p = block.data;
      block_run(b, &p, block.strides, block.shape[0]);
    } else {
      NdIter it;
      nd_iter_init(&it, 1, one, block.ndim, block.shape);
      nd_iter_range(&it, 0, it.size, block_run, b);
    }
    flush(b);
    memcpy(r->out->data + o * (int64_t)nd_dtype_size(r->acc), &b->acc, nd_dtype_size(r->acc));
  }
}

static void inner_tasks(void *ctx, int64_t begin, int64_t end);

/* The inner shape over a, into out (the kept axes, contiguous, of dtype acc). */
static void inner(NdReduce op, const NdArray *a, uint64_t mask, NdDtype acc, NdArray *out) {
  Inner ri, *r = &ri;
  *r = (Inner){.op = op, .in = a->dtype, .acc = acc, .a = a, .out = out,
               .cast = a->dtype == acc ? NULL : nd_cast_fn(a->dtype, acc)};
  r->block = (NdArray){.refs = 1, .dtype = a->dtype, .data = a->data};
  int order[ND_MAXDIM], nr = 0;
  for (int i = 0; i < a->ndim; i++) {
    if (mask >> i & 1) {
      order[nr++] = i;
    } else {
      r->kshape[r->nkept] = a->shape[i];
      r->kstride[r->nkept++] = a->strides[i];
    }
  }
  if (r->nkept == 0) /* a full reduction walks memory in order, as numpy's iterator does */
    for (int i = 1; i < nr; i++)
      for (int j = i; j > 0 && llabs(a->strides[order[j]]) > llabs(a->strides[order[j - 1]]); j--) {
        int t = order[j];
        order[j] = order[j - 1];
        order[j - 1] = t;
      }
  r->block.ndim = nr;
  for (int i = 0; i < nr; i++) {
    r->block.shape[i] = a->shape[order[i]];
    r->block.strides[i] = a->strides[order[i]];
  }
  int64_t work = a->size, outs = out->size;
  if (work >= (int64_t)1 << 16 && outs >= 2) {
    int64_t tasks = outs < 64 ? outs : 64;
    r->per = (outs + tasks - 1) / tasks;
    rt_parallel(inner_tasks, r, (outs + r->per - 1) / r->per);
  } else {
    inner_outputs(r, 0, outs);
  }
}

static void inner_tasks(void *ctx, int64_t begin, int64_t end) {
  const Inner *r = ctx;
  int64_t lo = begin * r->per, hi = end * r->per;
  inner_outputs(ctx, lo, hi < r->out->size ? hi : r->out->size);
}

/* ---- the outer shape: fold slices into the output with a binary kernel ---- */

static bool outer(NdReduce op, const NdArray *a, uint64_t mask, NdDtype acc, NdArray *out) {
  int64_t kshape[ND_MAXDIM], kstrides[ND_MAXDIM], st = (int64_t)nd_dtype_size(acc);
  for (int i = a->ndim - 1; i >= 0; i--) {
    kshape[i] = mask >> i & 1 ? 1 : a->shape[i];
    kstrides[i] = st;
    st *= kshape[i];
  }
  NdArray *keep = nd_view(out, a->ndim, kshape, kstrides, 0);
  if (!keep)
    return false;
  bool ok = true;
  if (op == ND_SUM || op == ND_PROD) {
    nd_fill(out, (NdScalar){.dtype = ND_INT64, .i = op == ND_PROD});
  } else { /* min, max: start from the first slice */
    NdArray *slice = nd_view((NdArray *)a, a->ndim, kshape, a->strides, 0);
    ok = slice && nd_assign(keep, slice);
    nd_unref(slice);
  }
  if (ok) {
    NdUfunc f = op == ND_SUM ? ND_ADD : op == ND_PROD ? ND_MULTIPLY
                : op == ND_MAX ? ND_MAXIMUM : ND_MINIMUM;
    const NdArray *ops[3] = {keep, keep, a};
    nd_ufunc_apply(f, acc, ops, 2, a->ndim, a->shape, false);
  }
  nd_unref(keep);
  return ok;
}

/* ---- the core: op over the axes in mask into a new array of the kept axes ---- */

static int64_t reduced_count(const NdArray *a, uint64_t mask) {
  int64_t n = 1;
  for (int i = 0; i < a->ndim; i++)
    if (mask >> i & 1)
      n *= a->shape[i];
  return n;
}

/* Folds a by op (ND_SUM, ND_PROD, ND_MIN, ND_MAX) over the axes in mask, accumulating in
 * acc, into a new contiguous array of the kept axes. */
static NdArray *core(NdReduce op, const NdArray *a, uint64_t mask, NdDtype acc) {
  int64_t kshape[ND_MAXDIM];
  int nk = 0;
  for (int i = 0; i < a->ndim; i++)
    if (!(mask >> i & 1))
      kshape[nk++] = a->shape[i];
  NdArray *out = nd_empty(acc, nk, kshape);
  if (!out || out->size == 0)
    return out;
  if (reduced_count(a, mask) == 0 && (op == ND_MIN || op == ND_MAX)) {
    nd_unref(out);
    return nd_fail(ND_E_VALUE, "zero-size array to reduction operation %s which has no "
                   "identity", op == ND_MIN ? "minimum" : "maximum");
  }
  int last = -1; /* the innermost axis that steps anywhere */
  for (int i = a->ndim - 1; i >= 0 && last < 0; i--)
    if (a->shape[i] > 1)
      last = i;
  if (last < 0 || mask >> last & 1) {
    inner(op, a, mask, acc, out);
  } else if (!outer(op, a, mask, acc, out)) {
    nd_unref(out);
    return NULL;
  }
  return out;
}

/* out reshaped to keep the reduced axes as length 1 when asked; marked a numpy scalar when
 * nothing is left. Consumes out. */
static NdArray *finish(NdArray *out, const NdArray *a, uint64_t mask, bool keepdims) {
  if (!out)
    return NULL;
  if (keepdims && a->ndim > 0) {
    int64_t shape[ND_MAXDIM];
    for (int i = 0; i < a->ndim; i++)
      shape[i] = mask >> i & 1 ? 1 : a->shape[i];
    NdArray *k = nd_reshape(out, a->ndim, shape);
    nd_unref(out);
    return k;
  }
  return nd_mark_scalar(out);
}

/* numpy's default accumulator of sum and prod: ints widen to int64 (uint64 for uint8 in
 * numpy), floats stay. */
static NdDtype sum_dtype(NdDtype t) {
  return t == ND_BOOL || t == ND_UINT8 || t == ND_INT32 ? ND_INT64 : t;
}

/* mean, var and std accumulate ints as float64. */
static NdDtype mean_dtype(NdDtype t, NdDtype given) {
  return given != ND_NODTYPE ? given : nd_dtype_is_float(t) ? t : ND_FLOAT64;
}

/* The kept-dims array x divided by n in place (numpy's true_divide with out=, unsafe). */
static bool divide_by(NdArray *x, int64_t n) {
  NdArray *d = nd_scalar_i64(n);
  bool ok = d && nd_ufunc_into(ND_TRUE_DIVIDE, x, d, x, ND_CAST_UNSAFE);
  nd_unref(d);
  return ok;
}

static NdArray *mean(const NdArray *a, uint64_t mask, NdDtype acc) {
  NdArray *s = core(ND_SUM, a, mask, acc);
  if (s && !divide_by(s, reduced_count(a, mask))) {
    nd_unref(s);
    return NULL;
  }
  return s;
}

/* numpy's _var: the mean kept as broadcastable, the squared deviations summed. */
static NdArray *var(const NdArray *a, uint64_t mask, NdDtype acc, int ddof, bool std) {
  NdArray *m = finish(mean(a, mask, acc), a, mask, true);
  NdArray *x = m ? nd_ufunc(ND_SUBTRACT, a, m) : NULL;
  NdArray *s = NULL;
  if (x)
    x->scalar = false; /* our temporary, squared in place */
  if (x && nd_ufunc_out(ND_MULTIPLY, x, x, x) && (s = core(ND_SUM, x, mask, acc))) {
    int64_t n = reduced_count(a, mask) - ddof;
    if (!divide_by(s, n < 0 ? 0 : n) || (std && !nd_ufunc_out(ND_SQRT, s, NULL, s))) {
      nd_unref(s);
      s = NULL;
    }
  }
  nd_unref(m);
  nd_unref(x);
  return s;
}

/* ---- argmin and argmax: the first extreme (the first NaN wins) ---- */

#define ARG(E, T, S)                                                                        \
  static int64_t arg_##S(bool max, const char *p, int64_t n, int64_t st) {                \
    T m = *(const T *)p;                                                                  \
    int64_t k = 0;                                                                        \
    for (int64_t i = 1; i < n && m == m; i++) {                                           \
      T x = *(const T *)(p + i * st);                                                     \
      if (max ? (x > m || x != x) : (x < m || x != x)) {                                  \
        m = x;                                                                            \
        k = i;                                                                            \
      }                                                                                   \
    }                                                                                     \
    return k;                                                                             \
  }
ND_TYPES(ARG)

static NdArray *argext(bool max, NdArray *a, const NdReduceOpts *o) {
  const char *name = max ? "argmax" : "argmin";
  if (a->ndim == 0) { /* numpy looks at a 0-d array as one of shape (1,) */
    NdArray *one = nd_reshape(a, 1, (int64_t[]){1});
    NdReduceOpts o1 = *o;
    o1.keepdims = false;
    NdArray *r = one ? argext(max, one, &o1) : NULL;
    nd_unref(one);
    return r;
  }
  if (o->axis.given && o->axis.n != 1)
    return nd_fail(ND_E_TYPE, "'tuple' object cannot be interpreted as an integer");
  int axis = o->axis.given ? o->axis.v[0] : 0;
  if (o->axis.given && !nd_norm_axis(&axis, a->ndim))
    return NULL;
  NdArray *src = o->axis.given ? nd_moveaxis(a, axis, -1) : nd_ravel(a);
  if (!src)
    return NULL;
  int64_t n = src->ndim ? src->shape[src->ndim - 1] : 1;
  if (n == 0) {
    nd_unref(src);
    return nd_fail(ND_E_VALUE, "attempt to get %s of an empty sequence", name);
  }
  NdArray *out = nd_empty(ND_INT64, src->ndim ? src->ndim - 1 : 0, src->shape);
  int64_t st = src->ndim ? src->strides[src->ndim - 1] : 0;
  for (int64_t k = 0; out && k < out->size; k++) {
    const char *p = src->data;
    int64_t rest = k;
    for (int i = out->ndim - 1; i >= 0; i--) {
      p += (rest % out->shape[i]) * src->strides[i];
      rest /= out->shape[i];
    }
    int64_t r = 0;
    switch (src->dtype) {
#define CASE(E, T, S) case E: r = arg_##S(max, p, n, st); break;
      ND_TYPES(CASE)
#undef CASE
    case ND_NODTYPE: nnc_unreachable("dtype");
    }
    ((int64_t *)out->data)[k] = r;
  }
  nd_unref(src);
  if (out && o->keepdims) {
    uint64_t mask = o->axis.given ? (uint64_t)1 << axis : ((uint64_t)1 << a->ndim) - 1;
    return finish(out, a, mask, true);
  }
  return nd_mark_scalar(out);
}

/* ---- the entry points ---- */

NdArray *nd_reduce(NdReduce op, const NdArray *a, const NdReduceOpts *opts) {
  NdReduceOpts o = opts ? *opts : (NdReduceOpts){0};
  if (op == ND_ARGMIN || op == ND_ARGMAX)
    return argext(op == ND_ARGMAX, (NdArray *)a, &o);
  uint64_t mask;
  bool ufunc_reduce = op != ND_MEAN && op != ND_VAR && op != ND_STD && op != ND_COUNT_NONZERO;
  if (a->ndim == 0 && o.axis.given && o.axis.n == 1 && ufunc_reduce &&
      (o.axis.v[0] == 0 || o.axis.v[0] == -1))
    o.axis.given = false; /* numpy's ufunc.reduce lets a 0-d array reduce over axis 0 or -1 */
  if (!nd_norm_axes(&o.axis, a->ndim, &mask))
    return NULL;
  NdArray *r = NULL;
  switch (op) {
  case ND_SUM: case ND_PROD:
    r = core(op, a, mask, o.dtype ? o.dtype : sum_dtype(a->dtype));
    break;
  case ND_MIN: case ND_MAX:
    r = core(op, a, mask, a->dtype);
    break;
  case ND_ALL: case ND_ANY: /* and, or: the product and sum of bools */
    r = core(op == ND_ALL ? ND_PROD : ND_SUM, a, mask, ND_BOOL);
    break;
  case ND_COUNT_NONZERO: {
    NdArray *b = nd_astype(a, ND_BOOL);
    r = b ? core(ND_SUM, b, mask, ND_INT64) : NULL;
    nd_unref(b);
    break;
  }
  case ND_MEAN:
    r = mean(a, mask, mean_dtype(a->dtype, o.dtype));
    break;
  case ND_VAR: case ND_STD:
    r = var(a, mask, mean_dtype(a->dtype, o.dtype), o.ddof, op == ND_STD);
    break;
  case ND_PTP: {
    NdArray *hi = core(ND_MAX, a, mask, a->dtype), *lo = hi ? core(ND_MIN, a, mask, a->dtype)
                                                             : NULL;
    r = lo ? nd_ufunc(ND_SUBTRACT, hi, lo) : NULL;
    if (r)
      r->scalar = false;
    nd_unref(hi);
    nd_unref(lo);
    break;
  }
  case ND_ARGMIN: case ND_ARGMAX:
    nnc_unreachable("handled above");
  }
  return finish(r, a, mask, o.keepdims);
}

/* ---- cumsum and cumprod ---- */

#define CUM(E, T, S)                                                                        \
  static void cum_##S(bool prod, char *data, int64_t outer_n, int64_t len, int64_t inner_n) { \
    for (int64_t o = 0; o < outer_n; o++) {                                               \
      T *p = (T *)data + o * len * inner_n;                                               \
      for (int64_t k = 1; k < len; k++)                                                   \
        for (int64_t i = 0; i < inner_n; i++) {                                           \
          T prev = p[(k - 1) * inner_n + i], *x = &p[k * inner_n + i];                    \
          *x = prod ? mul_##S(prev, *x) : cumadd_##S(prev, *x);                           \
        }                                                                                 \
    }                                                                                     \
  }
static bool cumadd_b(bool a, bool b) { return a || b; }
static uint8_t cumadd_u8(uint8_t a, uint8_t b) { return (uint8_t)(a + b); }
static int32_t cumadd_i32(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
static int64_t cumadd_i64(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }
static float cumadd_f32(float a, float b) { return a + b; }
static double cumadd_f64(double a, double b) { return a + b; }
ND_TYPES(CUM)

NdArray *nd_cumulate(NdReduce op, const NdArray *a, int axis, NdDtype t) {
  NNC_ASSERT(op == ND_SUM || op == ND_PROD);
  NdDtype acc = t ? t : sum_dtype(a->dtype);
  NdArray *flat = NULL;
  if (axis == ND_NOAXIS) {
    if (!(flat = nd_ravel((NdArray *)a)))
      return NULL;
    a = flat;
    axis = 0;
  }
  if (!nd_norm_axis(&axis, a->ndim < 1 ? 1 : a->ndim)) {
    nd_unref(flat);
    return NULL;
  }
  NdArray *out = nd_astype(a, acc);
  nd_unref(flat);
  if (!out || out->ndim == 0)
    return out;
  int64_t outer_n = 1, inner_n = 1;
  for (int i = 0; i < axis; i++)
    outer_n *= out->shape[i];
  for (int i = axis + 1; i < out->ndim; i++)
    inner_n *= out->shape[i];
  switch (acc) {
#define CASE(E, T, S) case E: cum_##S(op == ND_PROD, out->data, outer_n, out->shape[axis], inner_n); break;
    ND_TYPES(CASE)
#undef CASE
  case ND_NODTYPE: nnc_unreachable("dtype");
  }
  return out;
}
