/* np_ops.c — what the language does with an array: operators (numpy's broadcasting and type
 * rules, through ufuncs), comparisons into boolean arrays, truth, len, iteration over the
 * first axis, indexing and assignment through an index, printing as numpy prints, and the
 * conversion of a one-value array to a Python number (int(), float(), format specs).
 *
 * An operand that is no variable's value (the evaluator says so through
 * fe_is_temporary) lends its memory to the result, as numpy's temporary elision does:
 * `x.astype(np.float32) / 255` allocates once.
 */
#include <string.h>

#include "pylib.h"

/* ---- operands ---- */

/* The array an operand stands for (a new reference), or NULL: NotImplemented when the value
 * is none of numpy's (no exception), or the conversion failed (an exception). A temporary
 * array is taken from its wrapper, which the evaluator then only frees. */
static NdArray *operand(Interp *I, Obj *v, bool take) {
  if (pl_is_array(v)) {
    if (take && fe_is_temporary(I, v)) {
      NdArray *a = PL_ND(v);
      ((PlArray *)v)->a = NULL;
      return a;
    }
    return nd_ref(PL_ND(v));
  }
  if (FE_IS(v, bool))
    return nd_scalar_bool(((Int *)v)->v != 0);
  if (FE_IS(v, int))
    return nd_scalar_i64(((Int *)v)->v);
  if (FE_IS(v, float))
    return nd_scalar_f64(((Float *)v)->v);
  if (fe_is_seq(I, v)) {
    NdArray *a = pl_array_of(I, v, ND_NODTYPE, false);
    if (!a)
      pl_nd_raise(I);
    return a;
  }
  return NULL;
}

static bool op_ufunc(int op, NdUfunc *f) {
  switch (op) {
  case PY_ADD: *f = ND_ADD; return true;
  case PY_SUB: *f = ND_SUBTRACT; return true;
  case PY_MUL: *f = ND_MULTIPLY; return true;
  case PY_DIV: *f = ND_TRUE_DIVIDE; return true;
  case PY_FLOORDIV: *f = ND_FLOOR_DIVIDE; return true;
  case PY_MOD: *f = ND_REMAINDER; return true;
  case PY_POW: *f = ND_POWER; return true;
  case PY_AND: *f = ND_BITWISE_AND; return true;
  case PY_OR: *f = ND_BITWISE_OR; return true;
  case PY_XOR: *f = ND_BITWISE_XOR; return true;
  default: return false;
  }
}

static Obj *array_binop(Interp *I, int op, Obj *a, Obj *b, bool reflected) {
  NdUfunc f;
  if (op != PY_MATMUL && !op_ufunc(op, &f))
    return fe_notimpl(I);
  NdArray *y = operand(I, b, true);
  if (!y)
    return I->exc_pending ? NULL : fe_notimpl(I);
  NdArray *x = operand(I, a, true);
  if (reflected) {
    NdArray *t = x;
    x = y;
    y = t;
  }
  if (op == PY_MATMUL) {
    NdArray *r = nd_matmul(x, y);
    nd_unref(x);
    nd_unref(y);
    return pl_array_wrap(I, r);
  }
  return pl_array_wrap(I, nd_ufunc_take(f, x, y));
}

/* a op= b writes into a (numpy's same_kind rule: int_array /= 2 is refused); a numpy
 * scalar is immutable, so it rebinds to a op b as a number would. */
static Obj *array_inplace(Interp *I, int op, Obj *a, Obj *b) {
  NdUfunc f;
  if (PL_ND(a)->scalar || !op_ufunc(op, &f))
    return fe_notimpl(I);
  NdArray *y = operand(I, b, false);
  if (!y)
    return I->exc_pending ? NULL : fe_notimpl(I);
  bool ok = nd_ufunc_out(f, PL_ND(a), y, PL_ND(a));
  nd_unref(y);
  if (!ok)
    return pl_nd_raise(I);
  fe_incref(a);
  return a;
}

static Obj *array_unary(Interp *I, int op, Obj *a) {
  NdArray *x = PL_ND(a);
  if (op == PY_ADD && x->dtype == ND_BOOL)   /* numpy 1.24's operator quirk: a copy */
    return pl_array_wrap(I, x->scalar ? nd_ref(x) : nd_copy(x));
  NdUfunc f = op == PY_SUB ? ND_NEGATIVE : op == PY_ADD ? ND_POSITIVE : ND_INVERT;
  return pl_array_wrap(I, nd_ufunc(f, x, NULL));
}

static Obj *array_compare(Interp *I, int cmp, Obj *a, Obj *b) {
  static const NdUfunc fs[] = {[PYC_LT] = ND_LESS, [PYC_LE] = ND_LESS_EQUAL,
                               [PYC_GT] = ND_GREATER, [PYC_GE] = ND_GREATER_EQUAL,
                               [PYC_EQ] = ND_EQUAL, [PYC_NE] = ND_NOT_EQUAL};
  NdArray *y = operand(I, b, false);
  if (!y)
    return I->exc_pending ? NULL : fe_notimpl(I);
  NdArray *r = nd_ufunc(fs[cmp], PL_ND(a), y);
  nd_unref(y);
  /* numpy 1.24's operator quirk: == and != on shapes that do not broadcast say False and
   * True (with a DeprecationWarning) where np.equal raises */
  if (!r && (cmp == PYC_EQ || cmp == PYC_NE) && nd_error_kind() == ND_E_VALUE)
    return fe_bool(I, cmp == PYC_NE);
  return pl_array_wrap(I, r);
}

static int array_truth(Interp *I, Obj *o) {
  bool t;
  if (!nd_truth(PL_ND(o), &t)) {
    pl_nd_raise(I);
    return -1;
  }
  return t;
}

static int64_t array_len(Interp *I, Obj *o) {
  int64_t n;
  if (!nd_len(PL_ND(o), &n)) {
    pl_nd_raise(I);
    return -1;
  }
  return n;
}

/* x in a: (a == x).any() */
static int array_contains(Interp *I, Obj *o, Obj *v) {
  NdArray *y = operand(I, v, false);
  if (!y) {
    if (!I->exc_pending)
      return 0;
    return -1;
  }
  NdArray *eq = nd_ufunc(ND_EQUAL, PL_ND(o), y);
  nd_unref(y);
  NdArray *any = eq ? nd_reduce(ND_ANY, eq, NULL) : NULL;
  nd_unref(eq);
  bool t = false;
  bool ok = any && nd_truth(any, &t);
  nd_unref(any);
  if (!ok) {
    pl_nd_raise(I);
    return -1;
  }
  return t;
}

static Obj *array_iter(Interp *I, Obj *o) {
  if (PL_ND(o)->ndim == 0)
    return fe_throw(I, EXC_TypeError, "iteration over a 0-d array");
  return fe_seq_iter(I, o);
}

static Obj *array_to_number(Interp *I, Obj *o) {
  NdScalar v;
  if (PL_ND(o)->size != 1)
    return fe_throw(I, EXC_TypeError, "only size-1 arrays can be converted to Python scalars");
  if (!nd_item(PL_ND(o), &v))
    return pl_nd_raise(I);
  return pl_scalar_py(I, v);
}

/* A numpy scalar hashes as the Python number it equals; an array is unhashable. */
static int array_hash(Interp *I, Obj *o, int64_t *h) {
  if (!PL_ND(o)->scalar) {
    fe_throw(I, EXC_TypeError, "unhashable type: 'numpy.ndarray'");
    return -1;
  }
  Obj *n = array_to_number(I, o);
  int r = n ? fe_hash(I, n, h) : -1;
  fe_decref(I, n);
  return r;
}

static Obj *text(Interp *I, char *s) {
  if (!s)
    return fe_nomem(I);
  Obj *r = fe_str_cstr(I, s);
  base_free(s);
  return r;
}

static Obj *array_repr(Interp *I, Obj *o) {
  return text(I, nd_repr_with(PL_ND(o), &pl_state(I)->print_options));
}

static Obj *array_str(Interp *I, Obj *o) {
  return text(I, nd_str_with(PL_ND(o), &pl_state(I)->print_options));
}

/* format(x, spec): a numpy scalar formats as the Python number it equals (also with an
 * empty spec: f"{np.float32(0.1)}" is 0.10000000149011612); an array prints as str()
 * with an empty spec, and only a 0-d one takes a spec. */
static Obj *array_format(Interp *I, Obj *o, Obj *spec) {
  NdArray *a = PL_ND(o);
  if (!a->scalar && FE_STR(spec)->len == 0)
    return array_str(I, o);
  if (!a->scalar && a->ndim > 0)
    return fe_throw(I, EXC_TypeError,
                    "unsupported format string passed to numpy.ndarray.__format__");
  Obj *n = array_to_number(I, o);
  Obj *r = n ? fe_format(I, n, spec) : NULL;
  fe_decref(I, n);
  return r;
}

static void array_finalize(Interp *I, Obj *o) {
  (void)I;
  nd_unref(PL_ND(o));
  ((PlArray *)o)->a = NULL;
}

/* ---- indexing ---- */

enum { MAX_INDEX = 2 * ND_MAXDIM };

typedef struct {
  NdIndex ix[MAX_INDEX];
  NdArray *held[MAX_INDEX];   /* arrays made for the index, dropped after use */
  int n, nheld;
} Index;

static void index_free(Index *x) {
  for (int i = 0; i < x->nheld; i++)
    nd_unref(x->held[i]);
}

static bool slice_part(Interp *I, Obj *v, int64_t *out, int *has, int bit) {
  if (v == &I->none)
    return true;
  *has |= bit;
  return fe_as_int(I, v, out) == 0;
}

/* One item of Python's index tuple. */
static bool index_item(Interp *I, Obj *k, Index *x) {
  NdIndex *ix = &x->ix[x->n++];
  if (fe_is_int(I, k) && !FE_IS(k, bool)) {
    *ix = nd_ix_int(((Int *)k)->v);
  } else if (FE_IS(k, slice)) {
    Slice *s = (Slice *)k;
    int64_t v[3] = {0, 0, 1};
    int has = 0;
    if (!slice_part(I, s->start, &v[0], &has, ND_HAS_START) ||
        !slice_part(I, s->stop, &v[1], &has, ND_HAS_STOP) ||
        !slice_part(I, s->step, &v[2], &has, ND_HAS_STEP))
      return false;
    *ix = nd_ix_slice(v[0], v[1], v[2], has);
  } else if (k == &I->ellipsis) {
    *ix = nd_ix_ellipsis();
  } else if (k == &I->none) {
    *ix = nd_ix_newaxis();
  } else if (pl_is_array(k) || FE_IS(k, list) || FE_IS(k, bool) || FE_IS(k, tuple)) {
    /* a tuple inside the index tuple is a sequence, as numpy reads it: X[np.where(c), 0] */
    NdArray *a = pl_array_of(I, k, ND_NODTYPE, false);
    if (!a) {
      pl_nd_raise(I);
      return false;
    }
    x->held[x->nheld++] = a;
    *ix = nd_ix_array(a);
  } else {
    fe_throw(I, EXC_IndexError, "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis "
             "(`None`) and integer or boolean arrays are valid indices");
    return false;
  }
  return true;
}

static bool index_of(Interp *I, Obj *key, Index *x) {
  x->n = x->nheld = 0;
  Obj *const *items = &key;
  int64_t n = 1;
  if (FE_IS(key, tuple))
    fe_seq_items(I, key, &items, &n);
  if (n > MAX_INDEX) {
    fe_throw(I, EXC_IndexError, "too many indices for array: %lld were indexed", (long long)n);
    return false;
  }
  for (int64_t i = 0; i < n; i++)
    if (!index_item(I, items[i], x)) {
      index_free(x);
      return false;
    }
  return true;
}

static Obj *array_getitem(Interp *I, Obj *o, Obj *key) {
  Index x;
  if (!index_of(I, key, &x))
    return NULL;
  NdArray *r = nd_getitem(PL_ND(o), x.n, x.ix);
  index_free(&x);
  return pl_array_wrap(I, r);
}

static int array_setitem(Interp *I, Obj *o, Obj *key, Obj *v) {
  if (!v) {
    fe_throw(I, EXC_ValueError, "cannot delete array elements");
    return -1;
  }
  if (PL_ND(o)->scalar) {
    fe_throw(I, EXC_TypeError, "'%s' object does not support item assignment", fe_typename(o));
    return -1;
  }
  Index x;
  if (!index_of(I, key, &x))
    return -1;
  NdArray *val = pl_array_of(I, v, ND_NODTYPE, false);
  bool ok = val && nd_setitem(PL_ND(o), x.n, x.ix, val);
  nd_unref(val);
  index_free(&x);
  if (!ok) {
    pl_nd_raise(I);
    return -1;
  }
  return 0;
}

const Layout pl_array_layout = {
    .name = "ndarray", .size = sizeof(PlArray), .finalize = array_finalize, .repr = array_repr,
    .str = array_str, .hash = array_hash, .binop = array_binop, .inplace = array_inplace,
    .unary = array_unary, .compare = array_compare, .truth = array_truth, .len = array_len,
    .getitem = array_getitem, .setitem = array_setitem, .contains = array_contains,
    .iter = array_iter, .to_number = array_to_number, .format = array_format,
};
