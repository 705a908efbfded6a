/* scipy_sparse.c — scipy.sparse's csr_matrix as far as a tutorial meets one: the default
 * output of scikit-learn's OneHotEncoder (sparse_output=True), which the tutorial turns into
 * an array at once (`OneHotEncoder().fit_transform(y).toarray()`), and csr_matrix(array).
 *
 * The matrix is kept dense inside (a 2-D array): one-hot codes are small, and what a user can
 * see is SciPy's all the same: shape, nnz (the nonzero entries, the ones SciPy stores),
 * dtype, format, the repr, and the str that lists coordinates and values, in the texts of
 * SciPy 1.10, the one beside the scikit-learn 1.2 and numpy 1.24 nnc follows (the first and
 * last 25 entries beyond 50). Arithmetic, indexing and todense (a numpy.matrix, which nnc
 * lacks) are refused. */
#include <string.h>

#include "pylib.h"

typedef struct {
  Obj hd;
  NdArray *dense;     /* [rows, cols], owned */
} Sparse;

enum { MAXPRINT = 50 }; /* SciPy's maxprint: entries str() lists before it cuts */

#define DENSE(o) (((Sparse *)(o))->dense)

static Class *csr_class(Interp *I) {
  Obj *m = fe_import(I, "scipy.sparse");
  Obj *c = m ? fe_dict_getstr(I, ((Module *)m)->dict, "csr_matrix") : NULL;
  fe_decref(I, m);
  return c && FE_ISA(I, c, type) ? (Class *)c : NULL;
}

Obj *pl_csr_wrap(Interp *I, NdArray *dense) {
  if (!dense)
    return pl_nd_raise(I);
  Class *c = csr_class(I);
  Sparse *s = c ? (Sparse *)fe_new(I, c, sizeof(Sparse)) : NULL;
  if (!s) {
    nd_unref(dense);
    return I->exc_pending ? NULL : fe_throw(I, EXC_RuntimeError, "scipy.sparse is missing");
  }
  s->dense = dense;
  return &s->hd;
}

static const Layout sparse_layout;

NdArray *pl_csr_dense(const Obj *v) {
  return v->cls->layout == &sparse_layout ? DENSE(v) : NULL;
}

static void sparse_finalize(Interp *I, Obj *o) {
  (void)I;
  nd_unref(DENSE(o));
  DENSE(o) = NULL;
}

/* The value at flat position i, as the numpy scalar SciPy lists. */
static NdScalar at(const NdArray *a, int64_t i) {
  int64_t idx[2] = {i / a->shape[1], i % a->shape[1]};
  return nd_get(a, idx);
}

static bool nonzero(NdScalar v) {
  return v.dtype == ND_BOOL ? v.b : nd_dtype_is_int(v.dtype) ? v.i != 0 : v.f != 0;
}

static int64_t nnz(const NdArray *a) {
  int64_t n = 0, size = a->shape[0] * a->shape[1];
  for (int64_t i = 0; i < size; i++)
    n += nonzero(at(a, i));
  return n;
}

static Obj *sparse_repr(Interp *I, Obj *o) {
  NdArray *a = DENSE(o);
  return fe_strf(I, "<%lldx%lld sparse matrix of type '<class 'numpy.%s'>'\n\twith %lld "
                 "stored elements in Compressed Sparse Row format>", (long long)a->shape[0],
                 (long long)a->shape[1], nd_dtype_name(a->dtype), (long long)nnz(a));
}

/* Appends "  (i, j)\tv" for the stored entries number first..last-1 (row-major order), one
 * a line. */
static bool list_entries(Interp *I, BaseBuf *b, const NdArray *a, int64_t first, int64_t last) {
  int64_t size = a->shape[0] * a->shape[1], k = 0;
  for (int64_t i = 0; i < size && k < last; i++) {
    NdScalar v = at(a, i);
    if (!nonzero(v) || k++ < first)
      continue;
    Obj *s = pl_scalar_wrap(I, v), *t = s ? fe_str(I, s) : NULL;
    fe_decref(I, s);
    if (!t)
      return false;
    base_buf_printf(b, "%s  (%lld, %lld)\t%s", k > first + 1 ? "\n" : "",
                    (long long)(i / a->shape[1]), (long long)(i % a->shape[1]), FE_STR(t)->s);
    fe_decref(I, t);
  }
  return true;
}

/* SciPy 1.10's str: the entries alone (nothing when there are none). */
static Obj *sparse_str(Interp *I, Obj *o) {
  NdArray *a = DENSE(o);
  int64_t n = nnz(a);
  BaseBuf b = {0};
  bool good = n <= MAXPRINT ? list_entries(I, &b, a, 0, n)
      : list_entries(I, &b, a, 0, MAXPRINT / 2) && (base_buf_puts(&b, "\n  :\t:\n"), true) &&
        list_entries(I, &b, a, n - (MAXPRINT - MAXPRINT / 2), n);
  Obj *r = !good ? NULL : b.nomem ? fe_nomem(I) : fe_str_new(I, b.p ? b.p : "", b.n);
  base_buf_free(&b);
  return r;
}

static int64_t sparse_len(Interp *I, Obj *o) {
  (void)o;
  fe_throw(I, EXC_TypeError, "sparse matrix length is ambiguous; use getnnz() or shape[0]");
  return -1;
}

static const Layout sparse_layout = {
    .name = "csr_matrix", .size = sizeof(Sparse), .finalize = sparse_finalize,
    .repr = sparse_repr, .str = sparse_str, .len = sparse_len,
};

/* csr_matrix(arg1, shape=None, dtype=None, copy=False) from a dense array-like (1-D: one
 * row, as SciPy makes it). */
static Obj *csr_ctor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (FE_ISA(I, args[0], tuple))
    return fe_throw(I, EXC_NotImplementedError, "csr_matrix((data, indices, indptr)) and "
                    "csr_matrix((data, (row, col))) are not supported by nnc yet: pass an array");
  NdDtype t;
  if (!pl_dtype_of(I, args[2], &t))
    return NULL;
  NdArray *a = pl_array_arg(I, args[0]);
  if (a && (a->ndim < 1 || a->ndim > 2)) {
    fe_throw(I, EXC_TypeError, "expected dimension <= 2 array or matrix");
    nd_unref(a);
    return NULL;
  }
  int64_t shape[2] = {a && a->ndim == 1 ? 1 : a ? a->shape[0] : 0, a ? a->shape[a->ndim - 1] : 0};
  int nd;
  int64_t want[8];
  if (a && args[1] != &I->none &&
      (!pl_shape_of(I, args[1], &nd, want) || nd != 2 || want[0] != shape[0] ||
       want[1] != shape[1])) {
    if (!I->exc_pending)
      fe_throw(I, EXC_NotImplementedError, "csr_matrix(shape=) other than the array's is not "
               "supported by nnc yet");
    nd_unref(a);
    return NULL;
  }
  NdArray *d = a ? nd_astype(a, t == ND_NODTYPE ? a->dtype : t) : NULL;
  NdArray *r = d ? nd_reshape(d, 2, shape) : NULL;
  nd_unref(a), nd_unref(d);
  return pl_csr_wrap(I, r);
}

static Obj *no_out(Interp *I, Obj **args, const char *fn) {
  if (args[1] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "csr_matrix.%s(out=) is not supported by "
                    "nnc yet", fn);
  return pl_c_order(I, args[0], fn) ? &I->none : NULL;
}

static Obj *csr_toarray(Interp *I, Obj *self, Obj **args) {
  if (!no_out(I, args, "toarray"))
    return NULL;
  return pl_array_wrap(I, nd_copy(DENSE(self)));
}

static Obj *get_shape(Interp *I, Obj *self) {
  return pl_shape_tuple(I, 2, DENSE(self)->shape);
}

static Obj *get_nnz(Interp *I, Obj *self) {
  return fe_int(I, nnz(DENSE(self)));
}

static Obj *get_dtype(Interp *I, Obj *self) {
  return pl_dtype_wrap(I, DENSE(self)->dtype);
}

static Obj *get_ndim(Interp *I, Obj *self) {
  (void)self;
  return fe_int(I, 2);
}

static Obj *get_format(Interp *I, Obj *self) {
  (void)self;
  return fe_str_cstr(I, "csr");
}

static Obj *s_issparse(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return fe_bool(I, pl_csr_dense(args[0]) != NULL);
}

static const FeFnDef csr_methods[] = {
    {"toarray", csr_toarray, "(order=None, out=None)", PL_ARRAY, NULL},
    {"todense", NULL, "(order=None, out=None)", NULL,
     "csr_matrix.todense() gives a numpy.matrix, which nnc does not have: toarray() gives the "
     "same values as an array"},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeGetDef csr_props[] = {
    {"shape", get_shape, NULL}, {"nnz", get_nnz, NULL}, {"dtype", get_dtype, NULL},
    {"ndim", get_ndim, NULL},   {"format", get_format, NULL}, {NULL, NULL, NULL},
};

static const FeClassDef classes[] = {
    {.name = "csr_matrix", .layout = &sparse_layout, .ctor = csr_ctor,
     .ctor_sig = "(arg1, shape=None, dtype: dtype = None, copy=False)", .methods = csr_methods,
     .props = csr_props},
    {.name = NULL},
};

static const FeFnDef fns[] = {
    {"issparse", s_issparse, "(x)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* SciPy 1.10's public names (dir() and the subpackages) that nnc lacks: none is a slip of
 * sparse, csr_matrix or issparse */
const FeModuleDef pl_scipy_def = {
    .name = "scipy",
    .lacks = "LowLevelCallable cluster constants datasets fft fftpack integrate interpolate io "
             "linalg misc ndimage odr optimize show_config signal spatial special stats test "
             "version",
};
const FeModuleDef pl_scipy_sparse_def = {
    .name = "scipy.sparse", .fns = fns, .classes = classes,
    .lacks = "SparseEfficiencyWarning SparseWarning base block_diag bmat bsr bsr_array "
             "bsr_matrix compressed construct coo coo_array coo_matrix csc csc_array csc_matrix "
             "csgraph csr csr_array data dia dia_array dia_matrix diags dok dok_array dok_matrix "
             "extract eye find hstack identity isspmatrix isspmatrix_bsr isspmatrix_coo "
             "isspmatrix_csc isspmatrix_csr isspmatrix_dia isspmatrix_dok isspmatrix_lil kron "
             "kronsum lil lil_array lil_matrix linalg load_npz rand random save_npz sparsetools "
             "spdiags spmatrix sputils test tril triu vstack",
};
