/* ufunc.c — numpy's elementwise functions: type resolution, broadcasting and the driver
 * that runs a kernel (kernels.c) over the operands.
 *
 * A ufunc's row in ufuncs.def names its type rule. The rule turns the inputs' dtypes (and,
 * for 0-d inputs, their values: nd_result_type) into the loop's dtype, to which the inputs
 * are cast, and the output's. Inputs that are not already of the loop's dtype are cast in
 * chunks into stack buffers, as numpy's buffered iterator does, so x / 255.0 on a uint8
 * array never allocates a float64 copy of x. An output that overlaps an input in another
 * layout (a[1:] += a[:-1]) reads from a copy of that input, as numpy does since 1.13.
 */
#include <string.h>

#include "ndarray.h"

typedef enum { ARITH, NOBOOL, NOTBOOL, DIVIDE, FLOAT, CMP, BITS, LOGIC, TEST } Rule;

static const struct {
  const char *name;
  int nin;
  Rule rule;
} rows[ND_NUFUNCS] = {
#define UFUNC(id, name, nin, rule) [ND_##id] = {name, nin, rule},
#include "ufuncs.def"
#undef UFUNC
};

enum { CHUNK = 1024 };          /* elements cast at a time */

bool nd_ufunc_find(const char *name, NdUfunc *out) {
  static const struct { const char *alias; NdUfunc f; } aliases[] = {
      {"true_divide", ND_TRUE_DIVIDE}, {"abs", ND_ABSOLUTE}, {"mod", ND_REMAINDER},
      {"bitwise_not", ND_INVERT}, {"fabs", ND_ABSOLUTE},
  };
  for (int f = 0; f < ND_NUFUNCS; f++)
    if (strcmp(rows[f].name, name) == 0) {
      *out = (NdUfunc)f;
      return true;
    }
  for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
    if (strcmp(aliases[i].alias, name) == 0) {
      *out = aliases[i].f;
      return true;
    }
  return false;
}

const char *nd_ufunc_name(NdUfunc f) {
  return rows[f].name;
}

int nd_ufunc_nin(NdUfunc f) {
  return rows[f].nin;
}

static bool no_loop(NdUfunc f) {
  return nd_fail(ND_E_TYPE, "ufunc '%s' not supported for the input types, and the inputs "
                 "could not be safely coerced to any supported types according to the casting "
                 "rule ''safe''", rows[f].name), false;
}

/* Bool operands of - and unary -/+, which numpy refuses by name. */
static bool bool_refused(NdUfunc f) {
  if (f == ND_SUBTRACT)
    return nd_fail(ND_E_TYPE, "numpy boolean subtract, the `-` operator, is not supported, use "
                   "the bitwise_xor, the `^` operator, or the logical_xor function instead."),
           false;
  if (f == ND_NEGATIVE)
    return nd_fail(ND_E_TYPE, "The numpy boolean negative, the `-` operator, is not supported, "
                   "use the `~` operator or the logical_not function instead."), false;
  return nd_fail(ND_E_TYPE, "ufunc '%s' did not contain a loop with signature matching types "
                 "<class 'numpy.dtype[bool_]'> -> None", rows[f].name), false;
}

/* The loop's dtype (inputs are cast to it) and the output's, by the ufunc's rule. */
static bool resolve(NdUfunc f, const NdArray *const *in, int nin, NdDtype *loop, NdDtype *out) {
  NdDtype common = nd_result_type(nin, (NdArray *const *)in);
  *out = *loop = ND_NODTYPE;
  switch (rows[f].rule) {
  case ARITH: *loop = common; break;
  case NOBOOL: *loop = common == ND_BOOL ? ND_INT32 : common; break; /* numpy: int8 */
  case NOTBOOL:
    if (common == ND_BOOL)
      return bool_refused(f);
    *loop = common;
    break;
  case DIVIDE: {
    bool ints = true;
    for (int i = 0; i < nin; i++)
      ints = ints && !nd_dtype_is_float(in[i]->dtype);
    *loop = ints ? ND_FLOAT64 : nd_result_float(nin, (NdArray *const *)in);
    break;
  }
  case FLOAT: *loop = nd_result_float(nin, (NdArray *const *)in); break;
  case CMP: *loop = common; *out = ND_BOOL; break;
  case BITS:
    if (nd_dtype_is_float(common))
      return no_loop(f);
    *loop = common;
    break;
  case LOGIC: *loop = ND_BOOL; *out = ND_BOOL; break;
  case TEST: *loop = common; *out = ND_BOOL; break;
  }
  if (*out == ND_NODTYPE)
    *out = *loop;
  if (!nd_kernels[f][*loop])
    return no_loop(f);
  return true;
}

/* numpy refuses negative integer exponents up front. */
static bool negative_power(const NdArray *e) {
  if (!nd_dtype_is_int(e->dtype) || e->dtype == ND_UINT8)
    return false;
  NdArray *zero = nd_scalar_i64(0), *neg = zero ? nd_ufunc(ND_LESS, e, zero) : NULL;
  NdReduceOpts o = {0};
  NdArray *any = neg ? nd_reduce(ND_ANY, neg, &o) : NULL;
  bool bad = any && *(bool *)any->data;
  nd_unref(zero);
  nd_unref(neg);
  nd_unref(any);
  if (bad)
    nd_fail(ND_E_VALUE, "Integers to negative integer powers are not allowed.");
  return bad;
}

typedef struct {
  NdKernel k;
  int nin;
  NdCastFn cin[2];              /* input to the loop's dtype; NULL: already that */
  NdCastFn cout;                /* loop's output dtype to out's; NULL: the same */
  int64_t isz, osz;             /* the loop's input and output itemsizes */
} Run;

/* Runs the kernel over n elements whose operands need casting, CHUNK at a time. */
static void run_cast(const Run *r, char **p, const int64_t *s, int64_t n) {
  _Alignas(64) char in[2][CHUNK * 8], res[CHUNK * 8], one[2][8];
  const char *src[2] = {p[1], r->nin > 1 ? p[2] : p[1]};
  int64_t st[2] = {s[1], r->nin > 1 ? s[2] : 0};
  for (int i = 0; i < r->nin; i++)
    if (r->cin[i] && st[i] == 0) { /* a broadcast value: cast it once */
      r->cin[i](one[i], src[i], 1, 0, 0);
      src[i] = one[i];
    }
  for (int64_t at = 0; at < n; at += CHUNK) {
    int64_t m = n - at < CHUNK ? n - at : CHUNK;
    const char *x[2];
    int64_t xs[2];
    for (int i = 0; i < 2; i++) {
      x[i] = src[i] + at * st[i];
      xs[i] = st[i];
      if (i < r->nin && r->cin[i] && st[i] != 0) {
        r->cin[i](in[i], x[i], m, r->isz, st[i]);
        x[i] = in[i];
        xs[i] = r->isz;
      }
    }
    if (r->cout) {
      r->k(res, x[0], x[1], m, r->osz, xs[0], xs[1]);
      r->cout(p[0] + at * s[0], res, m, s[0], r->osz);
    } else {
      r->k(p[0] + at * s[0], x[0], x[1], m, s[0], xs[0], xs[1]);
    }
  }
}

static void inner(void *ctx, char **p, const int64_t *s, int64_t n) {
  const Run *r = ctx;
  if (!r->cin[0] && !r->cin[1] && !r->cout)
    r->k(p[0], p[1], r->nin > 1 ? p[2] : p[1], n, s[0], s[1], r->nin > 1 ? s[2] : 0);
  else
    run_cast(r, p, s, n);
}

void nd_ufunc_apply(NdUfunc f, NdDtype loop, const NdArray *const *ops, int nin, int ndim,
                    const int64_t *shape, bool parallel) {
  NdDtype lout = rows[f].rule == CMP || rows[f].rule == LOGIC || rows[f].rule == TEST ? ND_BOOL
                                                                                     : loop;
  Run r = {.k = nd_kernels[f][loop], .nin = nin, .isz = (int64_t)nd_dtype_size(loop),
           .osz = (int64_t)nd_dtype_size(lout)};
  NNC_ASSERT(r.k);
  for (int i = 0; i < nin; i++)
    r.cin[i] = ops[i + 1]->dtype == loop ? NULL : nd_cast_fn(ops[i + 1]->dtype, loop);
  r.cout = ops[0]->dtype == lout ? NULL : nd_cast_fn(lout, ops[0]->dtype);
  NdIter it;
  nd_iter_init(&it, nin + 1, ops, ndim, shape);
  nd_iter_run(&it, inner, &r, parallel);
}

/* Runs f with the resolved loop dtype into out (already checked); inputs in[0..nin). */
static bool execute(NdUfunc f, const NdArray *const *in, int nin, NdDtype loop, NdArray *out) {
  NdArray *copies[2] = {NULL, NULL};
  const NdArray *ops[3] = {out};
  bool ok = true;
  for (int i = 0; i < nin; i++) {
    ops[i + 1] = in[i];
    if (nd_may_share(out, in[i]) && !nd_same_layout(out, in[i])) {
      if (!(copies[i] = nd_copy(in[i])))
        ok = false;
      ops[i + 1] = copies[i];
    }
  }
  if (ok)
    nd_ufunc_apply(f, loop, ops, nin, out->ndim, out->shape, true);
  nd_unref(copies[0]);
  nd_unref(copies[1]);
  return ok;
}

/* The inputs as an array, checked against the ufunc's arity. */
static int inputs(NdUfunc f, const NdArray *a, const NdArray *b, const NdArray **in) {
  in[0] = a;
  in[1] = b;
  int nin = b ? 2 : 1;
  if (nin != rows[f].nin)
    return nd_fail(ND_E_TYPE, "%s() takes %d input%s, %d given", rows[f].name, rows[f].nin,
                   rows[f].nin > 1 ? "s" : "", nin), -1;
  return nin;
}

NdArray *nd_ufunc(NdUfunc f, const NdArray *a, const NdArray *b) {
  const NdArray *in[2];
  int nin = inputs(f, a, b, in), ndim;
  int64_t shape[ND_MAXDIM];
  NdDtype loop, lout;
  if (nin < 0 || !resolve(f, in, nin, &loop, &lout) || !nd_broadcast_shape(nin, in, &ndim, shape))
    return NULL;
  if (f == ND_POWER && nd_dtype_is_int(loop) && negative_power(in[1]))
    return NULL;
  NdArray *out = nd_empty(lout, ndim, shape);
  if (out && !execute(f, in, nin, loop, out)) {
    nd_unref(out);
    return NULL;
  }
  return ndim == 0 ? nd_mark_scalar(out) : out;
}

/* Whether x can hold the result in place: only ours, and laid out as a fresh result. */
static bool reusable(const NdArray *x, NdDtype t, int ndim, const int64_t *shape) {
  return x && x->refs == 1 && nd_sole_owner(x) && !x->scalar && x->dtype == t &&
         x->ndim == ndim && ndim > 0 && nd_is_contiguous(x) &&
         memcmp(x->shape, shape, sizeof(int64_t) * (size_t)ndim) == 0;
}

NdArray *nd_ufunc_take(NdUfunc f, NdArray *a, NdArray *b) {
  const NdArray *in[2];
  int nin = inputs(f, a, b, in), ndim = 0;
  int64_t shape[ND_MAXDIM];
  NdDtype loop, lout;
  NdArray *r = NULL;
  if (nin >= 0 && resolve(f, in, nin, &loop, &lout) && nd_broadcast_shape(nin, in, &ndim, shape) &&
      !(f == ND_POWER && nd_dtype_is_int(loop) && negative_power(in[1]))) {
    NdArray *into = reusable(a, lout, ndim, shape) ? a : reusable(b, lout, ndim, shape) ? b : NULL;
    if (into && execute(f, in, nin, loop, into))
      r = nd_ref(into);
    else if (!into)
      r = nd_ufunc(f, a, b);
  }
  nd_unref(a);
  nd_unref(b);
  return r;
}

bool nd_ufunc_out(NdUfunc f, const NdArray *a, const NdArray *b, NdArray *out) {
  return nd_ufunc_into(f, a, b, out, ND_CAST_SAME_KIND);
}

bool nd_ufunc_into(NdUfunc f, const NdArray *a, const NdArray *b, NdArray *out,
                   NdCasting casting) {
  const NdArray *in[2], *all[3];
  int nin = inputs(f, a, b, in), ndim;
  int64_t shape[ND_MAXDIM];
  NdDtype loop, lout;
  if (nin < 0)
    return false;
  all[0] = in[0];
  all[1] = in[1];
  all[nin] = out;
  if (!resolve(f, in, nin, &loop, &lout) || !nd_broadcast_shape(nin + 1, all, &ndim, shape))
    return false;
  if (ndim != out->ndim || memcmp(shape, out->shape, sizeof(int64_t) * (size_t)ndim) != 0) {
    char s1[ND_SHAPE_STR], s2[ND_SHAPE_STR];
    return nd_fail(ND_E_VALUE, "non-broadcastable output operand with shape %s doesn't match "
                   "the broadcast shape %s",
                   nd_shape_str(out->ndim, out->shape, true, s1, sizeof s1),
                   nd_shape_str(ndim, shape, true, s2, sizeof s2)), false;
  }
  if (!nd_can_cast(lout, out->dtype, casting))
    return nd_fail(ND_E_TYPE, "Cannot cast ufunc '%s' output from dtype('%s') to dtype('%s') "
                   "with casting rule 'same_kind'", rows[f].name, nd_dtype_name(lout),
                   nd_dtype_name(out->dtype)), false;
  if (out->scalar)
    return nd_fail(ND_E_TYPE, "numpy scalars are immutable"), false;
  if (f == ND_POWER && nd_dtype_is_int(loop) && negative_power(in[1]))
    return false;
  return execute(f, in, nin, loop, out);
}
