/* ndarray.h — numpy's ndarray in C: the array library under the model-file language's `np.*`,
 * array methods and operators. It follows numpy 1.24's semantics (broadcasting, type
 * promotion with value-based casting of scalars, views, indexing, printing) and knows nothing
 * of the interpreter. Stands on base/, runtime/ (threads, RNG, nnc_tensor) and formats/.
 *
 * Usage, as the interpreter binds it:
 *
 *     NdArray *x = nd_load("data/x.npy");                  // np.load: uint8 [60000, 28, 28]
 *     if (!x) report(nd_error_class(), base_last_error());  // "FileNotFoundError", message
 *     NdArray *s = nd_scalar_f64(255.0);                   // a Python float operand
 *     NdArray *y = nd_ufunc(ND_TRUE_DIVIDE, x, s);         // x / 255.0 -> float64
 *     NdIndex ix[2] = {nd_ix_slice(0, 8, 1, ND_HAS_STOP), nd_ix_int(0)};
 *     NdArray *v = nd_getitem(y, 2, ix);                   // y[:8, 0] : a view
 *     NdReduceOpts o = {.axis = nd_axis(0)};
 *     NdArray *m = nd_reduce(ND_MEAN, v, &o);              // v.mean(axis=0)
 *     char *text = nd_repr(m);                             // "array([0., ...])", base_free it
 *     nd_unref(s); nd_unref(y); nd_unref(v); nd_unref(m); nd_unref(x);
 *
 * Conventions:
 *  - Every NdArray * a function returns is a new reference the caller owns and drops with
 *    nd_unref (which accepts NULL). Arguments are borrowed. Views (basic slicing, reshape
 *    where possible, transpose, ravel of a contiguous array) share their data with the
 *    array they come from: writes through one are seen through the other.
 *  - Python scalars enter as 0-d arrays (nd_scalar_*); they take part in promotion by value,
 *    as numpy 1.24 does (uint8_array + 1 stays uint8, float32_array * 2.0 stays float32,
 *    uint8_array / 255.0 is float64).
 *  - A 0-d result of a ufunc, a full reduction or an all-integer index is a numpy scalar
 *    (NdArray.scalar is true: np.float64 and kin); it prints as a scalar, not as array(...).
 *  - Failure: NULL (or false) and a one-line message in numpy's words through base_error;
 *    nd_error_class() names the Python exception numpy raises. Nothing aborts on bad input.
 *    The caller adds the place.
 *  - Option structs are zero-initialised for numpy's defaults ({0} or a NULL pointer).
 *  - Dtypes nnc lacks: where numpy's answer would be int8, int16 or uint16 it is int32 here,
 *    uint32 or uint64 become int64, float16 becomes float32 (np.sqrt(uint8) is float32, and
 *    uint8_array.sum() is int64 where numpy says uint64).
 *  - Single-threaded use of one array at a time; large elementwise work is split over the
 *    runtime's thread pool internally.
 *
 * Sections below follow the .c files that define them.
 */
#ifndef NNC_NDARRAY_H
#define NNC_NDARRAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base.h"

enum { ND_MAXDIM = 32 };          /* numpy's NPY_MAXDIMS */
enum { ND_NOAXIS = -2147483647 - 1 }; /* axis=None where a function takes one int axis */

/* ---- error.c — the Python exception of the last failure ---- */
typedef enum {
  ND_E_VALUE,                   /* ValueError */
  ND_E_TYPE,                    /* TypeError */
  ND_E_INDEX,                   /* IndexError */
  ND_E_MEMORY,                  /* MemoryError */
  ND_E_NOTFOUND,                /* FileNotFoundError */
  ND_E_OS,                      /* OSError */
  ND_E_ZERODIV,                 /* ZeroDivisionError */
  ND_E_OVERFLOW,                /* OverflowError */
} NdErrClass;
/* "ValueError" and so on, for the last nd_ call that failed on this thread. */
const char *nd_error_class(void);
NdErrClass nd_error_kind(void);
/* Records a failure of class k with a printf message; returns NULL for `return nd_fail(...)`. */
void *nd_fail(NdErrClass k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- dtype.c — the six dtypes, their names, promotion and casting ---- */
typedef enum {
  ND_NODTYPE,                   /* "not given" in option structs; never an array's dtype */
  ND_BOOL,
  ND_UINT8,
  ND_INT32,
  ND_INT64,
  ND_FLOAT32,
  ND_FLOAT64,
} NdDtype;
enum { ND_NDTYPES = ND_FLOAT64 + 1 };

const char *nd_dtype_name(NdDtype t);   /* numpy's name: "float32" */
const char *nd_dtype_str(NdDtype t);    /* the array-protocol string: "<f4", "|u1", "|b1" */
char nd_dtype_char(NdDtype t);          /* dtype.char: '?', 'B', 'i', 'l', 'f', 'd' */
size_t nd_dtype_size(NdDtype t);        /* itemsize in bytes */
bool nd_dtype_is_float(NdDtype t);
bool nd_dtype_is_int(NdDtype t);        /* uint8, int32, int64 (not bool) */
/* What np.dtype() accepts for these types: "float32", "float", "f4", "<f4", "double",
 * "int64", "int", "i8", "uint8", "u1", "bool", "?", "b1", "int32", "i4", "single", ...;
 * Python's builtins float, int and bool map to "float", "int", "bool". An unknown name fails
 * with TypeError "data type 'x' not understood"; a numpy dtype nnc lacks ("int16") fails
 * with TypeError naming it. */
bool nd_dtype_parse(const char *s, NdDtype *out);

typedef struct NdArray NdArray;
/* np.result_type(*args): numpy 1.24's promotion, value-based for 0-d arguments when arrays
 * of at least as high a kind (bool < int < float) are present. n >= 1. */
NdDtype nd_result_type(int n, NdArray *const *args);
NdDtype nd_promote_types(NdDtype a, NdDtype b);  /* np.promote_types */
typedef enum { ND_CAST_NO, ND_CAST_SAFE, ND_CAST_SAME_KIND, ND_CAST_UNSAFE } NdCasting;
bool nd_can_cast(NdDtype from, NdDtype to, NdCasting c);  /* np.can_cast on dtypes */

/* ---- array.c — arrays, buffers, views and scalars ---- */
typedef struct NdBuffer NdBuffer;       /* refcounted memory shared by an array and its views */
struct NdArray {                        /* fields are read-only outside ndarray/ */
  int refs;                             /* references (nd_ref, nd_unref) */
  NdDtype dtype;
  bool scalar;                          /* a numpy scalar (np.float64(...)), always 0-d */
  int ndim;                             /* 0 to ND_MAXDIM */
  int64_t size;                         /* product of shape */
  int64_t shape[ND_MAXDIM];
  int64_t strides[ND_MAXDIM];           /* bytes between neighbours along each axis; may be 0
                                           (broadcast) or negative (reversed) */
  char *data;                           /* the element at index (0, ..., 0) */
  NdBuffer *buf;                        /* owned reference to the memory data points into */
};

NdArray *nd_ref(NdArray *a);            /* another reference to a; returns a */
void nd_unref(NdArray *a);              /* drops one; the last frees the array (NULL is fine) */

/* An uninitialised C-ordered array; MemoryError when it cannot be allocated, ValueError for
 * a negative dimension or ndim above ND_MAXDIM. */
NdArray *nd_empty(NdDtype t, int ndim, const int64_t *shape);
/* Numpy scalars, also the way a Python value enters an operation (Python float is float64,
 * int is int64, bool is bool). nd_scalar_of converts v to dtype t. */
typedef struct {
  NdDtype dtype;                        /* which field holds the value: */
  bool b;                               /* ND_BOOL */
  int64_t i;                            /* ND_UINT8, ND_INT32, ND_INT64 */
  double f;                             /* ND_FLOAT32, ND_FLOAT64 */
} NdScalar;
NdArray *nd_scalar(NdScalar v);
NdArray *nd_scalar_f64(double v);
NdArray *nd_scalar_i64(int64_t v);
NdArray *nd_scalar_bool(bool v);
NdArray *nd_scalar_of(NdDtype t, NdScalar v);  /* np.float32(2.5) and kin */
NdScalar nd_scalar_cast(NdScalar v, NdDtype t); /* numpy's unsafe cast of one value */
double nd_scalar_to_double(NdScalar v);

/* a.item(): the one element of a size-1 array, in the array's dtype (its i or f is the
 * Python int or float a.item() gives; ValueError "can only convert an array of size 1 to a
 * Python scalar" otherwise). Also what int(a), float(a) take. */
bool nd_item(const NdArray *a, NdScalar *out);
/* The element at a full index (each 0 <= idx[k] < shape[k]; not checked). */
NdScalar nd_get(const NdArray *a, const int64_t *idx);
/* bool(a): ValueError "The truth value of an array with more than one element is
 * ambiguous. Use a.any() or a.all()" for size > 1; False for an empty array (numpy 1.24
 * warns). */
bool nd_truth(const NdArray *a, bool *out);
/* len(a): shape[0]; TypeError "len() of unsized object" for 0-d. */
bool nd_len(const NdArray *a, int64_t *out);

bool nd_is_contiguous(const NdArray *a);  /* C-contiguous (a.flags.c_contiguous) */
int64_t nd_nbytes(const NdArray *a);
NdArray *nd_copy(const NdArray *a);       /* a.copy(): C-ordered, never a scalar */
NdArray *nd_astype(const NdArray *a, NdDtype t); /* a.astype(t): always a copy, unsafe cast */
/* np.ascontiguousarray(a, dtype): a itself (a new reference) when already C-contiguous of
 * that dtype (ND_NODTYPE: a's), else a copy. */
NdArray *nd_ascontiguous(NdArray *a, NdDtype t);
/* A view of a's data with another shape and strides (bytes, relative to a->data + offset).
 * The caller guarantees the view stays inside a's buffer. */
NdArray *nd_view(NdArray *a, int ndim, const int64_t *shape, const int64_t *strides,
                 int64_t offset);
/* Copies src into dst, broadcasting src to dst's shape and casting unsafely (ValueError
 * "could not broadcast input array from shape (2,) into shape (3,)"). Overlapping src and
 * dst (a[1:] = a[:-1]) are handled. */
bool nd_assign(NdArray *dst, const NdArray *src);
/* Fills a with one value (a.fill(v), a[...] = v). */
void nd_fill(NdArray *a, NdScalar v);

/* a.tolist(): nested lists of Python scalars, handed to the visitor depth first. A 0-d
 * array gives one scalar call. Any callback returning false stops the walk (false out). */
typedef struct {
  void *ctx;
  bool (*begin_list)(void *ctx, int64_t n); /* n items follow, then end_list */
  bool (*end_list)(void *ctx);
  bool (*scalar)(void *ctx, NdScalar v);     /* bool, int (i) or float (f) */
} NdVisitor;
bool nd_tolist(const NdArray *a, const NdVisitor *v);

/* ---- create.c — np.array and the constructors ---- */
/* How np.array reads the interpreter's values: describe says what a value is; child gives
 * item i of a sequence. Lists and tuples are sequences; an NdArray (or numpy scalar) inside
 * is taken whole (np.array([a, b]) stacks them). */
typedef enum {
  ND_ITEM_SEQ,                  /* a list or tuple of len items */
  ND_ITEM_BOOL,
  ND_ITEM_INT,
  ND_ITEM_FLOAT,
  ND_ITEM_ARRAY,                /* array: borrowed */
  ND_ITEM_OTHER,                /* anything else: type_name says what, for the error */
} NdItemKind;
typedef struct {
  NdItemKind kind;
  int64_t len;                  /* ND_ITEM_SEQ */
  bool b;                       /* ND_ITEM_BOOL */
  int64_t i;                    /* ND_ITEM_INT */
  double f;                     /* ND_ITEM_FLOAT */
  NdArray *array;               /* ND_ITEM_ARRAY */
  const char *type_name;        /* ND_ITEM_OTHER: "str", "NoneType", ... */
} NdItem;
typedef struct {
  void *ctx;
  void (*describe)(void *ctx, const void *value, NdItem *out);
  const void *(*child)(void *ctx, const void *seq, int64_t i);
} NdWalker;
/* np.array(value, dtype=t) (t ND_NODTYPE: inferred as numpy does: bools only give bool,
 * ints int64, any float float64, arrays their result type). Ragged nesting is numpy's
 * ValueError "setting an array element with a sequence. The requested array has an
 * inhomogeneous shape after 1 dimensions. ..."; ND_ITEM_OTHER a TypeError. Always a new
 * array; nd_asarray returns an array value itself when no conversion is needed. */
NdArray *nd_array(const NdWalker *w, const void *value, NdDtype t);
NdArray *nd_asarray(const NdWalker *w, const void *value, NdDtype t);

NdArray *nd_zeros(NdDtype t, int ndim, const int64_t *shape);  /* t ND_NODTYPE: float64 */
NdArray *nd_ones(NdDtype t, int ndim, const int64_t *shape);
/* np.full(shape, v, dtype): t ND_NODTYPE takes v's dtype (numpy's rule for a scalar fill). */
NdArray *nd_full(NdDtype t, int ndim, const int64_t *shape, NdScalar v);
/* zeros_like and kin: a's shape, dtype t (ND_NODTYPE: a's). */
NdArray *nd_empty_like(const NdArray *a, NdDtype t);
NdArray *nd_zeros_like(const NdArray *a, NdDtype t);
NdArray *nd_ones_like(const NdArray *a, NdDtype t);
NdArray *nd_full_like(const NdArray *a, NdScalar v, NdDtype t);
/* np.eye(n, m, k, dtype) (m < 0: m = n); np.identity(n) is nd_eye(n, -1, 0, t). */
NdArray *nd_eye(int64_t n, int64_t m, int64_t k, NdDtype t);
/* np.arange(start, stop, step, dtype): the dtype is the arguments' result type unless t is
 * given; has_stop false is arange(start) (0 to start). ZeroDivisionError "division by zero"
 * for a zero step. */
NdArray *nd_arange(NdScalar start, NdScalar stop, bool has_stop, NdScalar step, NdDtype t);
/* np.linspace(start, stop, num, endpoint, dtype) (t ND_NODTYPE: float64). */
NdArray *nd_linspace(double start, double stop, int64_t num, bool endpoint, NdDtype t);
/* np.logspace(start, stop, num, endpoint, base, dtype): base to the powers linspace gives. */
NdArray *nd_logspace(double start, double stop, int64_t num, bool endpoint, double base,
                     NdDtype t);
/* np.geomspace(start, stop, num, endpoint, dtype): a geometric sequence from start to stop
 * (both nonzero, of one sign), its ends exactly those. */
NdArray *nd_geomspace(double start, double stop, int64_t num, bool endpoint, NdDtype t);

/* ---- ufunc.c — elementwise functions, one table row each (ufuncs.def) ----
 * Operators: + add, - subtract, * multiply, / true_divide, // floor_divide, % remainder,
 * ** power, == equal, != not_equal, < less, <= less_equal, > greater, >= greater_equal,
 * & bitwise_and, | bitwise_or, ^ bitwise_xor, unary - negative, unary + positive,
 * ~ invert, abs() absolute; @ is nd_matmul. `a op= b` is nd_ufunc_out(f, a, b, a).
 * Two operator-level quirks of numpy 1.24 are the interpreter's to keep: == and != on
 * shapes that do not broadcast give False and True (with a DeprecationWarning) where
 * np.equal raises, and unary + on a bool array returns a copy where np.positive raises. */
typedef enum {
#define UFUNC(id, name, nin, rule) ND_##id,
#include "ufuncs.def"
#undef UFUNC
  ND_NUFUNCS
} NdUfunc;
/* f(a) or f(a, b) (b NULL for a unary f) with broadcasting and numpy's type rules: a new
 * array, or a numpy scalar when every input is 0-d. ValueError "operands could not be
 * broadcast together with shapes (3,4) (5,) "; numpy's UFuncTypeError (TypeError) "ufunc
 * 'bitwise_and' not supported for the input types, ..." for a type without a loop. */
NdArray *nd_ufunc(NdUfunc f, const NdArray *a, const NdArray *b);
/* The same into out (which must have the broadcast shape; the result is cast to out's
 * dtype under same_kind casting, numpy's rule for `out=` and in-place operators: float into
 * int is numpy's UFuncTypeError "Cannot cast ufunc 'add' output from dtype('float64') to
 * dtype('int64') with casting rule 'same_kind'"). out may be a or b. Returns false on
 * failure, out unchanged. */
bool nd_ufunc_out(NdUfunc f, const NdArray *a, const NdArray *b, NdArray *out);
/* nd_ufunc for expression temporaries: takes over one reference to a and one to b (NULL
 * allowed), which the caller must not use afterwards. When an input holds the only
 * reference to its memory and has the result's dtype and shape, the result is computed
 * into it, as numpy's temporary elision does: x.astype(np.float32) / 255 allocates once.
 * The interpreter uses it for operands that are no variable's value. */
NdArray *nd_ufunc_take(NdUfunc f, NdArray *a, NdArray *b);
bool nd_ufunc_find(const char *name, NdUfunc *out);  /* "add", "sqrt", ...; also "divide",
                                                        "abs", "mod", "conjugate"-less aliases */
const char *nd_ufunc_name(NdUfunc f);
int nd_ufunc_nin(NdUfunc f);

/* ---- reduce.c — reductions along axes ---- */
typedef struct {
  bool given;                   /* false: axis=None (every axis) */
  int n;                        /* axes in v: one for axis=k, several for a tuple */
  int v[ND_MAXDIM];             /* may be negative, counting from the end */
} NdAxes;
NdAxes nd_axis(int axis);       /* {true, 1, {axis}}; ND_NOAXIS gives axis=None */

typedef enum {
  ND_SUM, ND_PROD, ND_MEAN, ND_VAR, ND_STD, ND_MIN, ND_MAX, ND_ARGMIN, ND_ARGMAX,
  ND_ALL, ND_ANY, ND_COUNT_NONZERO, ND_PTP,
} NdReduce;
typedef struct {
  NdAxes axis;                  /* argmin, argmax: at most one axis */
  bool keepdims;
  int ddof;                     /* var, std */
  NdDtype dtype;                /* the accumulator and result (sum, prod, mean, var, std);
                                   ND_NODTYPE: numpy's default */
} NdReduceOpts;
/* a.sum(axis=..., keepdims=...) and the rest (o may be NULL). A full reduction gives a
 * numpy scalar. Integer sums accumulate in int64 (bool, uint8 and int32 too, as numpy on a
 * 64-bit Linux); mean, var and std of ints are float64; float sums are pairwise as numpy's.
 * ValueError "zero-size array to reduction operation maximum which has no identity" for
 * min/max/argmin/argmax over nothing; numpy's AxisError (a ValueError and IndexError; we
 * say ValueError) "axis 2 is out of bounds for array of dimension 2". */
NdArray *nd_reduce(NdReduce op, const NdArray *a, const NdReduceOpts *o);
/* np.cumsum(a, axis) / np.cumprod (op ND_SUM or ND_PROD; axis ND_NOAXIS flattens). */
NdArray *nd_cumulate(NdReduce op, const NdArray *a, int axis, NdDtype t);

/* ---- index.c — a[...] and a[...] = v ----
 * One item per position of Python's index tuple: a[1:3, None, ..., idx] is four items. A
 * list used as an index (a[[0, 2]]) becomes an array first (nd_array); a numpy integer
 * scalar (0-d integer array) acts as an int. */
typedef enum { ND_IX_INT, ND_IX_SLICE, ND_IX_ELLIPSIS, ND_IX_NEWAXIS, ND_IX_ARRAY } NdIndexKind;
enum { ND_HAS_START = 1, ND_HAS_STOP = 2, ND_HAS_STEP = 4 }; /* slice parts Python wrote */
typedef struct {
  NdIndexKind kind;
  int64_t i;                    /* ND_IX_INT (negative counts from the end) */
  int64_t start, stop, step;    /* ND_IX_SLICE, each meaningful when its ND_HAS_ bit is set */
  int has;                      /* ND_HAS_* bits: a[::2] has only ND_HAS_STEP */
  const NdArray *array;         /* ND_IX_ARRAY: integers or a bool mask; borrowed */
} NdIndex;
NdIndex nd_ix_int(int64_t i);
NdIndex nd_ix_slice(int64_t start, int64_t stop, int64_t step, int has);
NdIndex nd_ix_all(void);        /* : */
NdIndex nd_ix_ellipsis(void);
NdIndex nd_ix_newaxis(void);
NdIndex nd_ix_array(const NdArray *array);
/* a[ix]: a view for basic indexing (ints, slices, ..., None), a copy for advanced (int
 * arrays, masks), a numpy scalar when ints select one element. IndexError "index 5 is out
 * of bounds for axis 0 with size 3", "too many indices for array: array is 2-dimensional,
 * but 3 were indexed", "boolean index did not match indexed array along dimension 0; ...";
 * ValueError "slice step cannot be zero". */
NdArray *nd_getitem(NdArray *a, int n, const NdIndex *ix);
/* a[ix] = v, v broadcast to the selection and cast to a's dtype (unsafely, as numpy). */
bool nd_setitem(NdArray *a, int n, const NdIndex *ix, const NdArray *v);

/* ---- shape.c — shapes, axes, joining and repeating ---- */
/* a.reshape(shape), one dimension may be -1: a view when the data allows, else a copy.
 * ValueError "cannot reshape array of size 12 into shape (5,)". */
NdArray *nd_reshape(NdArray *a, int ndim, const int64_t *shape);
/* a.transpose(axes) (naxes 0: reversed; a.T), a view. */
NdArray *nd_transpose(NdArray *a, int naxes, const int *axes);
NdArray *nd_swapaxes(NdArray *a, int a1, int a2);
NdArray *nd_moveaxis(NdArray *a, int from, int to);
NdArray *nd_ravel(NdArray *a);          /* a view when contiguous, else a copy */
NdArray *nd_flatten(const NdArray *a);  /* always a copy */
/* np.squeeze(a, axis): axes not given drop every length-1 axis; ValueError "cannot select
 * an axis to squeeze out which has size not equal to one". A view. */
NdArray *nd_squeeze(NdArray *a, NdAxes axes);
NdArray *nd_expand_dims(NdArray *a, NdAxes axes);  /* a view */
/* np.concatenate(arrays, axis) (ND_NOAXIS flattens first), np.stack, np.vstack, hstack,
 * column_stack: the arrays' result type; ValueError "all the input array dimensions except
 * for the concatenation axis must match exactly, but along dimension 1, the array at index 0
 * has size 2 and the array at index 1 has size 3" and numpy's other messages. */
NdArray *nd_concatenate(int n, NdArray *const *arrays, int axis);
NdArray *nd_stack(int n, NdArray *const *arrays, int axis);
NdArray *nd_vstack(int n, NdArray *const *arrays);
NdArray *nd_hstack(int n, NdArray *const *arrays);
NdArray *nd_column_stack(int n, NdArray *const *arrays);
NdArray *nd_atleast_nd(NdArray *a, int ndim);  /* np.atleast_1d/2d/3d (ndim 1..3) */
/* np.tile(a, reps) and np.repeat(a, repeats, axis): repeats is one count (size 1) or one per
 * element along the axis; axis ND_NOAXIS flattens. */
NdArray *nd_tile(const NdArray *a, int n, const int64_t *reps);
NdArray *nd_repeat(const NdArray *a, const NdArray *repeats, int axis);
NdArray *nd_flip(NdArray *a, NdAxes axes);        /* a view; axes not given: every axis */
/* np.broadcast_to(a, shape): a read-only-by-convention view with zero strides. */
NdArray *nd_broadcast_to(NdArray *a, int ndim, const int64_t *shape);
/* np.meshgrid(*xs, indexing='xy' or 'ij'): n arrays into out[0..n-1] (copies). */
bool nd_meshgrid(int n, NdArray *const *xs, bool ij, NdArray **out);

/* ---- math.c — selection, rounding, comparison of whole arrays ---- */
/* np.where(cond, x, y): broadcast together, x and y's result type. */
NdArray *nd_where(const NdArray *cond, const NdArray *x, const NdArray *y);
/* np.nonzero(a) (and np.where(cond)): a.ndim int64 index arrays into out (at most
 * max(ndim, 1)); returns how many, -1 on failure. */
int nd_nonzero(const NdArray *a, NdArray **out);
/* np.clip(a, lo, hi), either bound NULL for None (not both: ValueError "One of max or min
 * must be given"). */
NdArray *nd_clip(const NdArray *a, const NdArray *lo, const NdArray *hi);
/* np.round(a, decimals) / a.round(decimals): half to even, numpy's way (x * 10**d rounded,
 * then divided back); ints stay ints (negative decimals round them). */
NdArray *nd_round(const NdArray *a, int decimals);
/* np.isclose(a, b, rtol, atol, equal_nan) and np.allclose: |a - b| <= atol + rtol * |b|. */
NdArray *nd_isclose(const NdArray *a, const NdArray *b, double rtol, double atol,
                    bool equal_nan);
bool nd_allclose(const NdArray *a, const NdArray *b, double rtol, double atol, bool equal_nan,
                 bool *out);
/* np.array_equal(a, b): same shape and elements. */
bool nd_array_equal(const NdArray *a, const NdArray *b, bool *out);

/* ---- linalg.c — products ---- */
/* a @ b (np.matmul): 1-d operands are promoted as numpy does, leading dimensions
 * broadcast; ValueError "matmul: Input operand 1 has a mismatch in its core dimension 0,
 * with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 3 is different from 4)". */
NdArray *nd_matmul(const NdArray *a, const NdArray *b);
NdArray *nd_dot(const NdArray *a, const NdArray *b);    /* np.dot / a.dot(b) */
NdArray *nd_outer(const NdArray *a, const NdArray *b);  /* np.outer */

/* ---- sort.c — sorting, unique values, counting, percentiles, histograms ---- */
/* np.sort(a, axis) / np.argsort (ND_NOAXIS flattens; default -1). Stable; NaN sort last. */
NdArray *nd_sort(const NdArray *a, int axis);
NdArray *nd_argsort(const NdArray *a, int axis);
bool nd_sort_inplace(NdArray *a, int axis);  /* a.sort(axis) */
/* np.unique(a, return_index, return_inverse, return_counts): the sorted unique values of
 * the flattened array into out[0], then the index, inverse and counts arrays that were
 * asked for, in that order; returns how many arrays (1 to 4), -1 on failure. */
typedef struct {
  bool return_index, return_inverse, return_counts;
} NdUniqueOpts;
int nd_unique(const NdArray *a, const NdUniqueOpts *o, NdArray **out);
/* np.bincount(x, weights, minlength): x of non-negative ints (ValueError "'list' argument
 * must have no negative elements"); weights may be NULL. */
NdArray *nd_bincount(const NdArray *x, const NdArray *weights, int64_t minlength);
/* np.percentile(a, q, axis, keepdims) with numpy's default linear method; q in [0, 100],
 * a scalar or an array (its shape leads the result's). np.median is q = 50. */
NdArray *nd_percentile(const NdArray *a, const NdArray *q, NdAxes axis, bool keepdims);
NdArray *nd_median(const NdArray *a, NdAxes axis, bool keepdims);
/* np.histogram(a, bins, range): bins equal-width bins over [lo, hi] (has_range false:
 * a.min() to a.max()), as many as a rule's width needs (bins='auto', ...), or the edges in
 * `edges` (non-NULL: bins ignored). *counts gets int64 counts, *edges_out the float64
 * edges. */
typedef enum {
  ND_BINS_GIVEN,                /* `bins` of them */
  ND_BINS_AUTO,                 /* the smaller of FD's and Sturges' widths (Sturges' when FD
                                   gives 0) */
  ND_BINS_FD,                   /* Freedman-Diaconis: 2 IQR n^(-1/3) */
  ND_BINS_STURGES,              /* ptp / (log2 n + 1) */
  ND_BINS_SQRT,                 /* ptp / sqrt n */
  ND_BINS_RICE,                 /* ptp / (2 n^(1/3)) */
  ND_BINS_SCOTT,                /* (24 sqrt(pi) / n)^(1/3) std */
} NdBinRule;
typedef struct {
  int64_t bins;                 /* 0: numpy's default of 10 */
  NdBinRule rule;
  const NdArray *edges;         /* explicit bin edges, increasing */
  bool has_range;
  double lo, hi;
  const NdArray *weights;       /* NULL: counts */
  bool density;
} NdHistOpts;
bool nd_histogram(const NdArray *a, const NdHistOpts *o, NdArray **counts, NdArray **edges_out);

/* ---- mt19937.c — numpy's legacy RandomState stream, bit for bit ---- */
enum { ND_MT_WORDS = 624 };
typedef struct {
  uint32_t key[ND_MT_WORDS];  /* the twister's state */
  int pos;                    /* next word of key to temper; ND_MT_WORDS: twist first */
  bool has_gauss;             /* the polar method's second normal is waiting in gauss */
  double gauss;
} NdMt19937;
typedef struct {
  uint32_t bits;              /* what is left of one 32-bit output */
  int left;                   /* draws left in bits; 0: take a new output */
} NdMtBuffer;                 /* numpy's buffer for uint8 and bool draws, one per fill */
void nd_mt_seed(NdMt19937 *m, uint32_t seed);                     /* RandomState(seed) */
void nd_mt_seed_array(NdMt19937 *m, const uint32_t *key, int n);  /* RandomState([k0, k1..]) */
uint32_t nd_mt_next32(NdMt19937 *m);
uint64_t nd_mt_next64(NdMt19937 *m);                              /* two outputs, high first */
double nd_mt_double(NdMt19937 *m);                                /* random_sample: 53 bits */
double nd_mt_gauss(NdMt19937 *m);                                 /* standard_normal */
uint64_t nd_mt_interval(NdMt19937 *m, uint64_t max);              /* [0, max]: shuffle's draw */
uint64_t nd_mt_bounded(NdMt19937 *m, uint64_t range);             /* [0, range]: randint's */
/* [0, range] for uint8 (width 8) or bool (width 1) draws, from the fill's buffer b. */
uint64_t nd_mt_bounded_small(NdMt19937 *m, uint64_t range, int width, NdMtBuffer *b);

/* ---- pcg64.c — numpy's Generator stream (SeedSequence + PCG64), bit for bit ---- */
typedef struct {
  uint64_t hi, lo;            /* the 128-bit LCG state, high and low halves */
  uint64_t inc_hi, inc_lo;    /* its increment (odd): the stream */
  bool has32;                 /* u32 holds the high half of the last 64-bit output */
  uint32_t u32;
} NdPcg64;
/* SeedSequence(entropy).generate_state(4, uint64) into PCG64's state and stream: entropy is
 * the seed's 32-bit words, lowest first ([0] for seed 0; none hashes as [0]). */
void nd_pcg_seed(NdPcg64 *g, const uint32_t *entropy, int n);
uint64_t nd_pcg_next64(NdPcg64 *g);
uint32_t nd_pcg_next32(NdPcg64 *g);          /* halves of one 64-bit output, low first */
double nd_pcg_double(NdPcg64 *g);            /* random(): 53 bits */
float nd_pcg_float(NdPcg64 *g);              /* random(dtype=float32): 24 bits of next32 */
uint64_t nd_pcg_interval(NdPcg64 *g, uint64_t max);   /* [0, max]: shuffle's draw */
uint64_t nd_pcg_bounded(NdPcg64 *g, uint64_t range);  /* [0, range]: integers' (Lemire) */
/* [0, range] for uint8 (width 8) or bool (width 1) draws, from the fill's buffer b. */
uint64_t nd_pcg_bounded_small(NdPcg64 *g, uint64_t range, int width, NdMtBuffer *b);

/* ---- ziggurat.c — numpy's Generator normals ---- */
double nd_pcg_gauss(NdPcg64 *g);             /* standard_normal (float64) */
float nd_pcg_gauss_f32(NdPcg64 *g);          /* standard_normal(dtype=float32) */

/* ---- ziggurat_exp.c — numpy's Generator exponentials ---- */
double nd_pcg_exponential(NdPcg64 *g);       /* standard_exponential (float64) */

/* ---- random.c — np.random and np.random.default_rng generators ----
 * Two kinds of generator. numpy's legacy RandomState (np.random.*, np.random.RandomState,
 * scikit-learn's random_state) runs on mt19937.c and gives numpy 1.24's numbers bit for bit.
 * default_rng's Generators run on pcg64.c and give numpy's Generator numbers bit for bit
 * (PCG64 seeded by SeedSequence). A shape with ndim < 0 is size=None: the result is then a numpy
 * scalar (numpy gives a Python float or int there; nd_item converts). rand/random/
 * random_sample are uniform(0, 1), randn is normal(0, 1), randint and Generator.integers are
 * nd_random_integers. */
typedef struct NdRandom NdRandom;
/* The RandomState behind np.random.* (never NULL). It starts as if seeded with 0, so a model
 * file that never seeds runs the same way twice; seed it from --seed or np.random.seed. */
NdRandom *nd_random_global(void);
NdRandom *nd_random_new(bool seeded, uint64_t seed);  /* default_rng(seed) or default_rng() */
/* default_rng(seed) for a seed given as numpy's SeedSequence takes it: 32-bit words, lowest
 * first (a list seed is its ints' words in order); n may be 0. */
NdRandom *nd_random_new_words(const uint32_t *words, int n);
NdRandom *nd_random_legacy_new(bool seeded, uint64_t seed);  /* RandomState(seed) */
void nd_random_free(NdRandom *r);
/* np.random.seed(s) or seed(). A legacy seed above 2**32 - 1 seeds as numpy seeds the array
 * [low 32 bits, high 32 bits]. */
void nd_random_seed(NdRandom *r, bool seeded, uint64_t seed);
/* RandomState.seed(array): 1..ND_MT_WORDS words, as numpy's init_by_array (legacy only). */
void nd_random_seed_words(NdRandom *r, const uint32_t *key, int n);
bool nd_random_is_legacy(const NdRandom *r);
/* One draw of either kind: uniform in [0, 1), standard normal, standard exponential
 * (RandomState: -log(1 - U); a Generator: its ziggurat). */
double nd_random_next_double(NdRandom *r);
double nd_random_next_normal(NdRandom *r);
double nd_random_next_exponential(NdRandom *r);
NdArray *nd_random_uniform(NdRandom *r, double lo, double hi, int ndim, const int64_t *shape);
/* Generator.random(dtype=float32) (24 bits of a 32-bit draw) and standard_normal(dtype=
 * float32) (numpy's float ziggurat), gauss false and true; Generators only. */
NdArray *nd_random_float32(NdRandom *r, bool gauss, int ndim, const int64_t *shape);
NdArray *nd_random_normal(NdRandom *r, double loc, double scale, int ndim,
                          const int64_t *shape);
/* randint(lo, hi, size, dtype): hi exclusive (ValueError "high <= low"); t ND_NODTYPE:
 * int64. */
NdArray *nd_random_integers(NdRandom *r, int64_t lo, int64_t hi, int ndim, const int64_t *shape,
                            NdDtype t);
/* shuffle(x): in place along axis 0. permutation(n) or of an array's first axis (a copy). */
bool nd_random_shuffle(NdRandom *r, NdArray *x);
NdArray *nd_random_permutation(NdRandom *r, const NdArray *x);  /* x 0-d int: arange(x) */
/* choice(a, size, replace, p, shuffle): a is an array or a 0-d int (arange(a)); p NULL for
 * uniform (ValueError "probabilities do not sum to 1", "Cannot take a larger sample than
 * population when 'replace=False'"). Generator.choice(shuffle=False): without replace and p,
 * the sample in Floyd's order (and another cut-off to the partial shuffle); RandomState
 * ignores shuffle. */
NdArray *nd_random_choice(NdRandom *r, const NdArray *a, int ndim, const int64_t *shape,
                          bool replace, const NdArray *p, bool shuffle);

/* ---- svd.c — the thin singular value decomposition ---- */
/* a [n][p] (row-major) = u [n][r] diag(s [r]) vt [r][p], r = min(n, p), the singular values
 * largest first and the columns of u and rows of vt orthonormal (zero for a zero singular
 * value), in no particular sign. false (MemoryError recorded) when memory runs out. */
bool nd_svd(const double *a, int64_t n, int64_t p, double *u, double *s, double *vt);

/* ---- lstsq.c — least squares of minimum norm ---- */
/* x [p][k] minimising |a x - b| (a [n][p], b [n][k], row-major), the shortest such x, as
 * LAPACK's gelsd finds it: singular values at or below rcond times the largest count as 0.
 * Sets *rank and sv[0 .. min(n, p)), the singular values, largest first. false (MemoryError
 * recorded) when memory runs out. */
bool nd_lstsq(const double *a, int64_t n, int64_t p, const double *b, int64_t k, double rcond,
              double *x, int64_t *rank, double *sv);

/* ---- distributions.c — exponential, lognormal, poisson and binomial draws ---- */
typedef enum {
  ND_EXPONENTIAL,              /* x: scale */
  ND_LOGNORMAL,                /* x: mean, y: sigma */
  ND_POISSON,                  /* x: lam */
  ND_BINOMIAL,                 /* x: n (cast to int64), y: p */
} NdDistribution;
/* Draws of d, float64 (int64 for poisson and binomial), numpy's numbers for either kind of
 * generator. The parameters (y NULL for one) broadcast together and, for a size (ndim >= 0),
 * to shape; size None with 0-d parameters gives a scalar. ValueError with numpy's texts for
 * a parameter out of range ("lam < 0 or lam is NaN", "p < 0, p > 1 or p contains NaNs",
 * ...) or shapes that do not broadcast. */
NdArray *nd_random_draws(NdRandom *r, NdDistribution d, const NdArray *x, const NdArray *y,
                         int ndim, const int64_t *shape);

/* ---- print.c — repr and str as numpy 1.24 prints them ---- */
typedef struct {
  int precision;                /* 8 */
  int64_t threshold;            /* 1000: summarise arrays with more elements */
  int edgeitems;                /* 3 */
  int linewidth;                /* 75 */
  bool suppress;                /* false: small numbers may switch to scientific notation */
  char sign;                    /* '-' (default), '+' or ' ' */
} NdPrintOptions;
/* numpy's defaults. Options are the caller's to keep: an interpreter keeps its own, so that
 * two in one process do not share np.set_printoptions. */
NdPrintOptions nd_default_printoptions(void);
/* np.set_printoptions' checks: false with ValueError for a negative precision or threshold,
 * an unknown sign, or edgeitems or linewidth out of range. */
bool nd_check_printoptions(const NdPrintOptions *o);
/* repr(a) and str(a): "array([1. , 0.5])" and "[1.  0.5]"; a numpy scalar prints as one
 * ("0.5", "3", "True"). A new string the caller base_frees; NULL when out of memory. */
char *nd_repr(const NdArray *a);
char *nd_str(const NdArray *a);
/* The same, printed with options o rather than numpy's defaults. */
char *nd_repr_with(const NdArray *a, const NdPrintOptions *o);
char *nd_str_with(const NdArray *a, const NdPrintOptions *o);
/* np.format_float_positional / repr of a numpy float scalar: the shortest digits that read
 * back as the same float32 (t ND_FLOAT32) or float64. Python's repr(float) is
 * base_repr_double (base/float.c). Writes at most 32 bytes; returns the length. */
size_t nd_format_scalar(NdScalar v, char *buf);

/* ---- npyio.c — files ---- */
/* np.load of a .npy file: any rank, the six dtypes. FileNotFoundError "[Errno 2] No such
 * file or directory: 'x.npy'"; ValueError for a malformed file (the message names the file
 * and byte offset). */
NdArray *nd_load(const char *path);
/* The member KEY.npy of an .npz archive (np.load(path)[key]); ValueError naming the archive
 * for a missing member or a damaged archive. */
NdArray *nd_load_npz(const char *path, const char *key);
/* np.save(path, a): ".npy" is appended when path lacks it, as numpy does. */
bool nd_save(const char *path, const NdArray *a);
/* np.loadtxt / np.genfromtxt: numbers separated by `delimiter` (0: any whitespace), lines
 * starting at `comments` skipped. loadtxt refuses a missing or bad value (ValueError
 * "data.csv: could not convert string 'x' to float64 at row 2, column 3.": numpy's words
 * after the file's name); genfromtxt reads it as nan.
 * The result is 2-d [rows, cols], squeezed as numpy does (one row or one column gives 1-d). */
typedef struct {
  char delimiter;               /* 0: whitespace */
  const char *comments;         /* NULL: "#"; "" turns comments off */
  int64_t skiprows;             /* loadtxt skiprows, genfromtxt skip_header */
  int64_t skip_footer;          /* genfromtxt only */
  int nusecols;                 /* 0: every column */
  const int64_t *usecols;       /* column numbers, negative from the end */
  NdDtype dtype;                /* ND_NODTYPE: float64 */
  int ndmin;                    /* 0, 1 or 2 */
  bool unpack;                  /* transpose the result */
  const char *filling_values;   /* genfromtxt: what a missing value becomes (NULL: nan) */
} NdTextOpts;
NdArray *nd_loadtxt(const char *path, const NdTextOpts *o);
NdArray *nd_genfromtxt(const char *path, const NdTextOpts *o);
/* np.savetxt(path, a, fmt, delimiter, newline, header, footer, comments): a 1-d or 2-d
 * array, each value through the printf format fmt ("%.18e" by default; one % per value). */
typedef struct {
  const char *fmt;              /* NULL: "%.18e" */
  const char *delimiter;        /* NULL: " " */
  const char *newline;          /* NULL: "\n" */
  const char *header, *footer;  /* NULL: none; each line prefixed by comments */
  const char *comments;         /* NULL: "# " */
} NdSaveTxtOpts;
bool nd_savetxt(const char *path, const NdArray *a, const NdSaveTxtOpts *o);
/* save(a, "x.csv"): comma-separated values that nnc_tensor_load_csv reads back bit for
 * bit; ValueError naming path for a rank other than 1 or 2, an empty array, or a NaN or
 * infinity (the reader takes neither). */
bool nd_save_csv(const char *path, const NdArray *a);

/* ---- tensor.c — to and from nnc_tensor (the Keras level) ---- */
/* A new tensor with a's shape (rank 0 to 4: ValueError above) and dtype want (NNC_F32 by
 * default at the Keras level), the values converted. */
nnc_status nd_to_tensor(const NdArray *a, nnc_dtype want, nnc_tensor **out);
NdArray *nd_from_tensor(const nnc_tensor *t);  /* a copy: float32, float64 or int32 */

/* ==== Internal to ndarray/: what its files share. The interpreter uses none of this. ==== */

/* The six dtypes as X-macro rows: X(enum, C type, short name). ND_TYPES2 is the same list
 * for use inside an expansion of ND_TYPES, with two arguments passed through. */
#define ND_TYPES(X)                                                                         \
  X(ND_BOOL, bool, b) X(ND_UINT8, uint8_t, u8) X(ND_INT32, int32_t, i32)                    \
  X(ND_INT64, int64_t, i64) X(ND_FLOAT32, float, f32) X(ND_FLOAT64, double, f64)
#define ND_TYPES2(X, A, B)                                                                  \
  X(ND_BOOL, bool, b, A, B) X(ND_UINT8, uint8_t, u8, A, B) X(ND_INT32, int32_t, i32, A, B)  \
  X(ND_INT64, int64_t, i64, A, B) X(ND_FLOAT32, float, f32, A, B)                           \
  X(ND_FLOAT64, double, f64, A, B)

/* dtype.c — the smallest float that holds nd_result_type's answer (numpy's loop search
 * for float-only ufuncs: sqrt of uint8 is float16 there, float32 here). */
NdDtype nd_result_float(int n, NdArray *const *args);

/* cast.c — element conversions: n elements from src (stride ss bytes) to dst (stride ds). */
typedef void (*NdCastFn)(char *dst, const char *src, int64_t n, int64_t ds, int64_t ss);
NdCastFn nd_cast_fn(NdDtype from, NdDtype to);
NdScalar nd_read(NdDtype t, const char *p);
void nd_write(NdDtype t, char *p, NdScalar v);   /* v converted to t */

/* kernels.c — one inner loop per (ufunc, loop dtype): n elements of the inputs a (and b)
 * into o, strides in bytes. NULL where numpy has no loop for that dtype. */
typedef void (*NdKernel)(char *o, const char *a, const char *b, int64_t n, int64_t so,
                         int64_t sa, int64_t sb);
extern const NdKernel nd_kernels[ND_NUFUNCS][ND_NDTYPES];

/* ufunc.c — the driver under nd_ufunc, for reductions and other internal callers. */
/* Runs f's kernel for loop dtype `loop` over ops = {out, in...} broadcast to (ndim, shape),
 * casting inputs and output as needed; no checks. Not parallel when out is broadcast. */
void nd_ufunc_apply(NdUfunc f, NdDtype loop, const NdArray *const *ops, int nin, int ndim,
                    const int64_t *shape, bool parallel);
/* nd_ufunc_out with another casting rule for the output. */
bool nd_ufunc_into(NdUfunc f, const NdArray *a, const NdArray *b, NdArray *out,
                   NdCasting casting);

/* array.c — shape helpers. */
NdArray *nd_new_like_shape(NdDtype t, const NdArray *a);  /* empty, a's shape */
/* "(3, 4)", "(5,)", "()" as Python prints a shape tuple; compact drops the spaces, as
 * numpy's broadcast message does ("(3,4)"). Returns buf. */
char *nd_shape_str(int ndim, const int64_t *shape, bool compact, char *buf, size_t n);
enum { ND_SHAPE_STR = ND_MAXDIM * 22 + 4 };
/* axis normalised into [0, ndim): numpy's AxisError message otherwise. */
bool nd_norm_axis(int *axis, int ndim);
/* axes normalised, sorted ascending, checked for repeats ("repeated axis"); not given:
 * every axis. *mask gets one bit per axis taken. */
bool nd_norm_axes(const NdAxes *axes, int ndim, uint64_t *mask);
/* True when no other array (no view) uses a's buffer. */
bool nd_sole_owner(const NdArray *a);
/* True when a and b may share memory (same buffer; conservative). */
bool nd_may_share(const NdArray *a, const NdArray *b);
/* True when a and b are the same elements in the same order (an in-place a += 1). */
bool nd_same_layout(const NdArray *a, const NdArray *b);
NdArray *nd_mark_scalar(NdArray *a);  /* sets a->scalar when a is 0-d; returns a */
/* src without the leading length-1 axes it has beyond ndim, as numpy's assignment drops
 * them (x[0] = [[1, 2, 3]] fills a row): a header over src's memory and buffer, valid
 * while src is. */
NdArray nd_strip_leading(const NdArray *src, int ndim);

/* iter.c — walking several arrays of one shape together. The shape is coalesced (axes
 * merged where every operand is contiguous across them), so the inner loop is as long as
 * the layout allows. */
enum { ND_MAXOPS = 4 };
typedef struct {
  int nop;                              /* operands */
  int ndim;                             /* >= 1; shape[ndim - 1] is the inner loop */
  int64_t size;                         /* elements in all */
  int64_t shape[ND_MAXDIM];
  int64_t strides[ND_MAXOPS][ND_MAXDIM]; /* bytes; 0 where an operand is broadcast */
  char *data[ND_MAXOPS];
} NdIter;
/* The broadcast shape of n arrays: ValueError "operands could not be broadcast together
 * with shapes (3,4) (5,) " otherwise. */
bool nd_broadcast_shape(int n, const NdArray *const *a, int *ndim, int64_t *shape);
/* Sets it up for ops broadcast to (ndim, shape); the caller checked they broadcast. */
void nd_iter_init(NdIter *it, int nop, const NdArray *const *ops, int ndim,
                  const int64_t *shape);
/* fn(ctx, ptrs, strides, n) once per inner run, over the flat elements [begin, end). */
typedef void (*NdInner)(void *ctx, char **ptrs, const int64_t *strides, int64_t n);
void nd_iter_range(const NdIter *it, int64_t begin, int64_t end, NdInner fn, void *ctx);
/* The whole iteration, split over the thread pool when it is large (fn must then be safe to
 * run on disjoint ranges at once). */
void nd_iter_run(const NdIter *it, NdInner fn, void *ctx, bool parallel);

#endif
