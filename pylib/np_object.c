/* np_object.c — numpy's object arrays (dtype=object), as pandas gives them: df.values and
 * df.to_numpy() of a frame that mixes text and numbers, and Series.values of text. Brownlee's
 * tutorials slice one (X = dataset[:, 0:4].astype(float), Y = dataset[:, 4]) and hand the text
 * column to LabelEncoder.
 *
 * ndarray/ holds numbers only, so an object array is a value of its own here: a list of the
 * elements in C order and a shape of one or two axes. Its class is named numpy.ndarray, so
 * type() reads as numpy's, but it is not an instance of np.ndarray's class. It supports what
 * tutorials do with one: shape, ndim, size, dtype (printed 'object'; a str here, not a numpy
 * dtype), len, iteration, indexing with ints, slices, lists and masks (one array index at a
 * time), == and != elementwise, astype, tolist, copy, ravel/flatten, reshape and T, and
 * numpy's printing (elements by repr, unpadded, wrapped at 75 columns, summarized beyond 1000).
 * Wherever numpy wants numbers (np.array(x), a scaler, fit) it is converted as astype(float)
 * would (astype(int) when every element is an int), with numpy's message for text. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pylib.h"

typedef struct {
  Obj hd;
  Obj *items;         /* list of the elements in C order (owned) */
  int ndim;           /* 1 or 2 */
  int64_t shape[2];
} ObjArray;

static void oa_clear(Interp *I, Obj *o) {
  fe_setref(I, &((ObjArray *)o)->items, NULL);
}

static void oa_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((ObjArray *)o)->items)
    visit(((ObjArray *)o)->items, arg);
}

static Obj *const *elems(const Obj *o) {
  return (Obj *const *)((List *)((const ObjArray *)o)->items)->v;
}

static int64_t oa_size(const ObjArray *a) {
  return a->ndim == 1 ? a->shape[0] : a->shape[0] * a->shape[1];
}

extern const Layout pl_objarray_layout;

bool pl_is_objarray(const Obj *v) {
  return v->cls->layout == &pl_objarray_layout;
}

Obj *pl_objarray_new(Interp *I, int ndim, const int64_t *shape, Obj *items) {
  NNC_ASSERT(ndim == 1 || ndim == 2);
  Class *cls = pl_state(I)->np_object;
  if (!cls) {   /* numpy's init makes the class */
    Obj *m = fe_import(I, "numpy");
    fe_decref(I, m);
    cls = pl_state(I)->np_object;
  }
  ObjArray *a = cls ? (ObjArray *)fe_new(I, cls, sizeof(ObjArray)) : NULL;
  if (!a) {
    fe_decref(I, items);
    return NULL;
  }
  a->items = items;
  a->ndim = ndim;
  a->shape[0] = shape[0], a->shape[1] = ndim == 2 ? shape[1] : 0;
  NNC_ASSERT(fe_len(I, items) == oa_size(a));
  return &a->hd;
}

Obj *pl_objarray_items(Obj *v, int *ndim) {
  *ndim = ((ObjArray *)v)->ndim;
  return ((ObjArray *)v)->items;
}

/* Whether a list of n holds a str. */
static bool any_text(Interp *I, Obj *const *v, int64_t n) {
  for (int64_t i = 0; i < n; i++)
    if (FE_ISA(I, v[i], str))
      return true;
  return false;
}

Obj *pl_objarray_from_text(Interp *I, Obj *v) {
  Obj *const *rows;
  int64_t n, m = -1;
  if ((!FE_ISA(I, v, list) && !FE_ISA(I, v, tuple)) || !fe_seq_items(I, v, &rows, &n))
    return NULL;
  bool nested = n > 0 && (FE_ISA(I, rows[0], list) || FE_ISA(I, rows[0], tuple)), text = false;
  for (int64_t i = 0; nested && i < n; i++) {   /* rows of equal length */
    Obj *const *row;
    int64_t k;
    if ((!FE_ISA(I, rows[i], list) && !FE_ISA(I, rows[i], tuple)) ||
        !fe_seq_items(I, rows[i], &row, &k) || (m >= 0 && k != m))
      return NULL;
    m = k, text |= any_text(I, row, k);
  }
  if (!(nested ? text : any_text(I, rows, n)))
    return NULL;
  Obj *items = fe_list_new(I, 0);
  for (int64_t i = 0; items && nested && i < n; i++)
    if (fe_list_extend(I, items, rows[i]) < 0)
      fe_setref(I, &items, NULL);
  if (items && !nested && fe_list_extend(I, items, v) < 0)
    fe_setref(I, &items, NULL);
  int64_t shape[2] = {n, m};
  return items ? pl_objarray_new(I, nested ? 2 : 1, shape, items) : NULL;
}

/* ---- elements as numbers ---- */

/* The text of a str element for a message (numpy quotes it as repr does). */
static void *convert_fail(Interp *I, Obj *e, const char *what) {
  Obj *r = fe_repr(I, e);
  nd_fail(ND_E_VALUE, "%s: %s", what, r ? FE_STR(r)->s : "?");
  fe_decref(I, r);
  return NULL;
}

/* float(e), as numpy's astype(float) calls it; false with ndarray/'s failure recorded. */
static bool elem_double(Interp *I, Obj *e, double *out) {
  if (FE_ISA(I, e, str)) {
    const char *s = FE_STR(e)->s;
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    while (end != s && (*end == ' ' || *end == '\t' || *end == '\n'))
      end++;
    if (end == s || *end)
      return convert_fail(I, e, "could not convert string to float"), false;
    return true;
  }
  if (fe_as_double(I, e, out) == 0)
    return true;
  fe_decref(I, fe_exc_take(I));
  nd_fail(ND_E_TYPE, "float() argument must be a string or a real number, not '%s'",
          fe_typename(e));
  return false;
}

/* int(e): a float is truncated, a str must spell an integer. */
static bool elem_int(Interp *I, Obj *e, int64_t *out) {
  if (fe_is_int(I, e))
    return fe_as_int(I, e, out) == 0;
  if (FE_ISA(I, e, str)) {
    const char *s = FE_STR(e)->s;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || errno)
      return convert_fail(I, e, "invalid literal for int() with base 10"), false;
    *out = v;
    return true;
  }
  double d;
  if (!elem_double(I, e, &d))
    return false;
  if (!isfinite(d))
    return nd_fail(ND_E_VALUE, "cannot convert float %s to integer",
                   isnan(d) ? "NaN" : "infinity"), false;
  *out = (int64_t)d;
  return true;
}

/* The dtype numpy's numeric functions see: int64 when every element is an int (bool when
 * every one is a bool), else float64. */
static NdDtype natural_dtype(Interp *I, const ObjArray *a) {
  bool ints = true, bools = true;
  Obj *const *v = elems(&a->hd);
  for (int64_t i = 0; i < oa_size(a); i++) {
    bools = bools && FE_ISA(I, v[i], bool);
    ints = ints && fe_is_int(I, v[i]);
  }
  return oa_size(a) == 0 ? ND_FLOAT64 : bools ? ND_BOOL : ints ? ND_INT64 : ND_FLOAT64;
}

/* Element i of a new C-ordered array: d, or k for the integer dtypes. */
static void store(NdArray *r, int64_t i, double d, int64_t k) {
  switch (r->dtype) {
  case ND_BOOL: ((bool *)r->data)[i] = d != 0; break;
  case ND_UINT8: ((uint8_t *)r->data)[i] = (uint8_t)k; break;
  case ND_INT32: ((int32_t *)r->data)[i] = (int32_t)k; break;
  case ND_INT64: ((int64_t *)r->data)[i] = k; break;
  case ND_FLOAT32: ((float *)r->data)[i] = (float)d; break;
  case ND_FLOAT64: ((double *)r->data)[i] = d; break;
  case ND_NODTYPE: nnc_unreachable("an array of no dtype");
  }
}

NdArray *pl_objarray_numbers(Interp *I, Obj *v, NdDtype t) {
  const ObjArray *a = (const ObjArray *)v;
  if (t == ND_NODTYPE)
    t = natural_dtype(I, a);
  NdArray *r = nd_empty(t, a->ndim, a->shape);
  Obj *const *e = elems(v);
  for (int64_t i = 0; r && i < r->size; i++) {
    double d = 0;
    int64_t k = 0;
    int b = t == ND_BOOL ? fe_truth(I, e[i]) : 0;
    bool ok = t == ND_BOOL ? b >= 0 : nd_dtype_is_int(t) ? elem_int(I, e[i], &k)
                                                        : elem_double(I, e[i], &d);
    if (!ok) {
      if (I->exc_pending)   /* a bool() that raised: ndarray/'s failure carries its text */
        fe_decref(I, fe_exc_take(I)), nd_fail(ND_E_VALUE, "an element has no truth value");
      nd_unref(r);
      return NULL;
    }
    store(r, i, t == ND_BOOL ? (double)(b == 1) : nd_dtype_is_int(t) ? (double)k : d, k);
  }
  return r;
}

/* ---- printing, as numpy's _formatArray lays out an array ---- */

typedef struct {
  Interp *I;
  const ObjArray *a;
  const char *sep;        /* ", " for repr, " " for str */
  bool summary;           /* more than 1000 elements: 3 at each end of each axis, then ... */
  bool failed;
} Fmt;

static void spaces(BaseBuf *b, size_t n) {
  for (size_t k = 0; k < n; k++)
    base_buf_put(b, " ", 1);
}

/* Appends word to line, first moving line to s when word would pass width (numpy's
 * _extendLine, which never wraps a line holding only its indent). */
static void extend_line(BaseBuf *s, BaseBuf *line, const char *word, size_t width, size_t hang) {
  if (line->n + strlen(word) > width && line->n > hang) {
    while (line->n && line->p[line->n - 1] == ' ')
      line->n--;
    base_buf_put(s, line->p, line->n);
    base_buf_put(s, "\n", 1);
    line->n = 0;
    spaces(line, hang);
  }
  base_buf_puts(line, word);
}

/* The place of item i of the n shown along an axis, or -1 for the "..." between them. */
static int64_t item_at(const Fmt *f, int64_t n, int64_t k) {
  if (!f->summary || n <= 6)
    return k;
  return k < 3 ? k : k == 3 ? -1 : n - 7 + k;
}

static int64_t items_shown(const Fmt *f, int64_t n) {
  return f->summary && n > 6 ? 7 : n;
}

/* The text of the sub-array at element offset `at` from `axis` on (numpy's recurser), with
 * continuation lines indented by hang and lines at most width wide. */
static void recurse(Fmt *f, BaseBuf *out, int axis, int64_t at, size_t hang, size_t width) {
  const ObjArray *a = f->a;
  int64_t n = a->shape[axis], stride = axis + 1 < a->ndim ? a->shape[axis + 1] : 1;
  BaseBuf s = {0};
  if (axis + 1 == a->ndim) {
    BaseBuf line = {0};
    spaces(&line, hang);
    for (int64_t k = 0; k < items_shown(f, n) && !f->failed; k++) {
      int64_t i = item_at(f, n, k);
      Obj *r = i < 0 ? NULL : fe_repr(f->I, elems(&a->hd)[at + i]);
      f->failed = i >= 0 && !r;
      extend_line(&s, &line, r ? FE_STR(r)->s : "...", width - 1, hang);
      fe_decref(f->I, r);
      if (k + 1 < items_shown(f, n))
        base_buf_puts(&line, f->sep);
    }
    base_buf_put(&s, line.p, line.n);
    base_buf_free(&line);
  } else {
    const char *line_sep = f->sep[0] == ',' ? ",\n" : "\n";
    for (int64_t k = 0; k < items_shown(f, n) && !f->failed; k++) {
      int64_t i = item_at(f, n, k);
      spaces(&s, hang);
      if (i < 0)
        base_buf_puts(&s, "...");
      else
        recurse(f, &s, axis + 1, at + i * stride, hang + 1, width - 1);
      if (k + 1 < items_shown(f, n))
        base_buf_puts(&s, line_sep);
    }
  }
  base_buf_puts(out, "[");
  if (s.n > hang)
    base_buf_put(out, s.p + hang, s.n - hang);
  base_buf_puts(out, "]");
  base_buf_free(&s);
}

/* The last line's length of b. */
static size_t last_line(const BaseBuf *b) {
  size_t k = b->n;
  while (k > 0 && b->p[k - 1] != '\n')
    k--;
  return b->n - k;
}

static Obj *format(Interp *I, Obj *o, bool repr) {
  const ObjArray *a = (const ObjArray *)o;
  Fmt f = {.I = I, .a = a, .sep = repr ? ", " : " ", .summary = oa_size(a) > 1000};
  BaseBuf out = {0};
  if (oa_size(a) == 0) {
    base_buf_puts(&out, repr ? "array([], " : "[]");
    if (repr && a->ndim == 2)
      base_buf_printf(&out, "shape=(%lld, %lld), ", (long long)a->shape[0],
                      (long long)a->shape[1]);
    if (repr)
      base_buf_puts(&out, "dtype=object)");
    return fe_sb_finish(I, &out);
  }
  if (repr)   /* numpy's prefix "array(" and suffix "," */
    base_buf_puts(&out, "array(");
  recurse(&f, &out, 0, 0, repr ? 7 : 1, repr ? 74 : 75);
  if (repr) {
    base_buf_puts(&out, ",");
    if (last_line(&out) + strlen("dtype=object)") + 1 > 75)
      base_buf_puts(&out, "\n      dtype=object)");
    else
      base_buf_puts(&out, " dtype=object)");
  }
  if (f.failed) {
    base_buf_free(&out);
    return NULL;
  }
  return fe_sb_finish(I, &out);
}

static Obj *oa_repr(Interp *I, Obj *o) {
  return format(I, o, true);
}

static Obj *oa_str(Interp *I, Obj *o) {
  return format(I, o, false);
}

/* ---- indexing ---- */

/* What a key picks along one axis: positions, and whether the axis goes (an int). */
typedef struct {
  NdArray *pos;       /* int64 positions (owned) */
  bool drop;
} AxisPick;

static bool pick_axis(Interp *I, Obj *key, int axis, int64_t n, AxisPick *p) {
  p->drop = false;
  if (key == &I->none || key->cls->layout == &fe_ellipsis_layout) {
    fe_throw(I, EXC_NotImplementedError, "indexing an object array with None or ... is not "
             "supported by nnc yet");
    return false;
  }
  if (fe_is_int(I, key) && !FE_ISA(I, key, bool)) {
    int64_t i;
    if (fe_as_int(I, key, &i) < 0)
      return false;
    if (i < -n || i >= n) {
      fe_throw(I, EXC_IndexError, "index %lld is out of bounds for axis %d with size %lld",
               (long long)i, axis, (long long)n);
      return false;
    }
    p->drop = true;
    p->pos = nd_empty(ND_INT64, 1, (int64_t[1]){1});
    if (p->pos)
      ((int64_t *)p->pos->data)[0] = i < 0 ? i + n : i;
  } else if (FE_IS(key, slice)) {
    int64_t start, stop, step, count;
    if (fe_slice_indices(I, key, n, &start, &stop, &step, &count) < 0)
      return false;
    p->pos = nd_empty(ND_INT64, 1, &count);
    for (int64_t k = 0; p->pos && k < count; k++)
      ((int64_t *)p->pos->data)[k] = start + k * step;
  } else {
    p->pos = pl_positions(I, key, n);
    return p->pos != NULL;
  }
  if (!p->pos)
    pl_nd_raise(I);
  return p->pos != NULL;
}

static bool is_array_key(Interp *I, Obj *k) {
  return !fe_is_int(I, k) && !FE_IS(k, slice);
}

static Obj *oa_getitem(Interp *I, Obj *o, Obj *key) {
  const ObjArray *a = (const ObjArray *)o;
  Obj *const *keys = &key;
  int64_t nk = 1;
  if (FE_IS(key, tuple))
    fe_seq_items(I, key, &keys, &nk);
  if (nk > a->ndim)
    return fe_throw(I, EXC_IndexError, "too many indices for array: array is %d-dimensional, "
                    "but %lld were indexed", a->ndim, (long long)nk);
  if (nk == 2 && is_array_key(I, keys[0]) && is_array_key(I, keys[1]))
    return fe_throw(I, EXC_NotImplementedError, "indexing an object array with two arrays at "
                    "once is not supported by nnc yet: index one axis, then the other");
  AxisPick p[2] = {{0}};
  bool ok = true;
  for (int k = 0; ok && k < a->ndim; k++) {
    Obj *all = k < nk ? NULL : fe_slice_new(I, NULL, NULL, NULL);
    ok = (k < nk || all) && pick_axis(I, k < nk ? keys[k] : all, k, a->shape[k], &p[k]);
    fe_decref(I, all);
  }
  Obj *r = NULL;
  if (ok) {
    int64_t n0 = p[0].pos->size, n1 = a->ndim == 2 ? p[1].pos->size : 1;
    const int64_t *i0 = (int64_t *)p[0].pos->data, *i1 = a->ndim == 2 ? (int64_t *)p[1].pos->data : NULL;
    Obj *items = fe_list_new(I, 0);
    for (int64_t x = 0; items && x < n0; x++)
      for (int64_t y = 0; items && y < n1; y++) {
        Obj *e = elems(o)[a->ndim == 2 ? i0[x] * a->shape[1] + i1[y] : i0[x]];
        if (fe_list_append(I, items, e) < 0)
          fe_setref(I, &items, NULL);
      }
    int ndim = 0;
    int64_t shape[2];
    for (int k = 0; k < a->ndim; k++)
      if (!p[k].drop)
        shape[ndim++] = p[k].pos->size;
    if (items && ndim == 0) {
      r = ((List *)items)->v[0];
      fe_incref(r);
      fe_decref(I, items);
    } else if (items) {
      r = pl_objarray_new(I, ndim, shape, items);
    }
  }
  nd_unref(p[0].pos), nd_unref(p[1].pos);
  return r;
}

static int64_t oa_len(Interp *I, Obj *o) {
  (void)I;
  return ((ObjArray *)o)->shape[0];
}

/* Iterating gives the elements of a 1-d array, the rows of a 2-d one. */
static Obj *oa_iter(Interp *I, Obj *o) {
  const ObjArray *a = (const ObjArray *)o;
  Obj *rows = fe_list_new(I, 0);
  for (int64_t i = 0; rows && i < a->shape[0]; i++) {
    Obj *k = fe_int(I, i), *row = k ? oa_getitem(I, o, k) : NULL;
    if (!row || fe_list_append(I, rows, row) < 0)
      fe_setref(I, &rows, NULL);
    fe_decref(I, k), fe_decref(I, row);
  }
  Obj *it = rows ? fe_iter(I, rows) : NULL;
  fe_decref(I, rows);
  return it;
}

/* a == b, a != b elementwise: b one value for every element, or as many as a holds. */
static Obj *oa_compare(Interp *I, int cmp, Obj *o, Obj *b) {
  if (cmp != PYC_EQ && cmp != PYC_NE)
    return fe_notimpl(I);
  const ObjArray *a = (const ObjArray *)o;
  Obj *other = NULL;
  if (pl_is_objarray(b)) {
    other = ((ObjArray *)b)->items;
    fe_incref(other);
  } else if (fe_is_seq(I, b) || pl_is_array(b)) {
    other = fe_list_from_iter(I, b);
  }
  if (other && fe_len(I, other) != oa_size(a)) {
    fe_decref(I, other);
    return fe_throw(I, EXC_ValueError, "operands could not be broadcast together: %lld and "
                    "%lld elements", (long long)oa_size(a), (long long)fe_len(I, other));
  }
  NdArray *r = nd_empty(ND_BOOL, a->ndim, a->shape);
  for (int64_t i = 0; r && i < r->size; i++) {
    int eq = fe_eq(I, elems(o)[i], other ? ((List *)other)->v[i] : b);
    if (eq < 0) {
      nd_unref(r);
      fe_decref(I, other);
      return NULL;
    }
    ((bool *)r->data)[i] = cmp == PYC_EQ ? eq == 1 : eq == 0;
  }
  fe_decref(I, other);
  return pl_array_wrap(I, r);
}

const Layout pl_objarray_layout = {
    .name = "ndarray", .size = sizeof(ObjArray), .clear = oa_clear, .traverse = oa_traverse,
    .repr = oa_repr, .str = oa_str, .len = oa_len, .getitem = oa_getitem, .iter = oa_iter,
    .compare = oa_compare,
};

/* ---- methods and properties ---- */

/* A new object array of a's shape (or 1-d when flat) holding items. */
static Obj *same_shape(Interp *I, const ObjArray *a, Obj *items, bool flat) {
  int64_t n = oa_size(a);
  return items ? pl_objarray_new(I, flat ? 1 : a->ndim, flat ? &n : a->shape, items) : NULL;
}

static bool is_object_dtype(Interp *I, Obj *t) {
  return t == &I->cls_object->hd || fe_str_is(t, "object") || fe_str_is(t, "O");
}

/* astype(dtype): numbers (float(e) or int(e) of each element, as numpy calls them), object
 * (a copy), or str: strs, kept in an object array (numpy's '<U' dtype does not exist in nnc). */
static Obj *m_astype(Interp *I, Obj *self, Obj **args) {
  const ObjArray *a = (const ObjArray *)self;
  if (!pl_c_order(I, args[1], "astype"))
    return NULL;
  if (is_object_dtype(I, args[0]))
    return same_shape(I, a, fe_list_from_iter(I, a->items), false);
  if (args[0] == &I->cls_str->hd || fe_str_is(args[0], "str") || fe_str_is(args[0], "U")) {
    Obj *items = fe_list_new(I, 0);
    for (int64_t i = 0; items && i < oa_size(a); i++) {
      Obj *s = fe_str(I, elems(self)[i]);
      if (!s || fe_list_append(I, items, s) < 0)
        fe_setref(I, &items, NULL);
      fe_decref(I, s);
    }
    return same_shape(I, a, items, false);
  }
  NdDtype t;
  if (!pl_dtype_of(I, args[0], &t))
    return NULL;
  return pl_array_wrap(I, pl_objarray_numbers(I, self, t == ND_NODTYPE ? ND_FLOAT64 : t));
}

static Obj *m_tolist(Interp *I, Obj *self, Obj **args) {
  (void)args;
  const ObjArray *a = (const ObjArray *)self;
  if (a->ndim == 1)
    return fe_list_from_iter(I, a->items);
  Obj *rows = fe_list_new(I, 0);
  for (int64_t i = 0; rows && i < a->shape[0]; i++) {
    Obj *row = fe_list_new(I, 0);
    for (int64_t j = 0; row && j < a->shape[1]; j++)
      if (fe_list_append(I, row, elems(self)[i * a->shape[1] + j]) < 0)
        fe_setref(I, &row, NULL);
    if (!row || fe_list_append(I, rows, row) < 0)
      fe_setref(I, &rows, NULL);
    fe_decref(I, row);
  }
  return rows;
}

static Obj *m_copy(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return same_shape(I, (ObjArray *)self, fe_list_from_iter(I, ((ObjArray *)self)->items), false);
}

static Obj *m_ravel(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return same_shape(I, (ObjArray *)self, fe_list_from_iter(I, ((ObjArray *)self)->items), true);
}

/* reshape(*shape): the same elements in C order, as one or two axes (one may be -1). */
static Obj *m_reshape(Interp *I, Obj *self, Obj **args) {
  const ObjArray *a = (const ObjArray *)self;
  Obj *v = FE_TUPLE(args[0])->n == 1 ? FE_TUPLE(args[0])->v[0] : args[0];
  int ndim;
  int64_t shape[ND_MAXDIM], n = oa_size(a), known = 1, unknown = -1;
  if (!pl_c_order(I, args[1], "reshape") || !pl_shape_of(I, v, &ndim, shape))
    return NULL;
  if (ndim < 1 || ndim > 2)
    return fe_throw(I, EXC_NotImplementedError, "nnc's object arrays have one or two axes: "
                    "reshape to %d is not supported", ndim);
  for (int i = 0; i < ndim; i++)
    if (shape[i] == -1)
      unknown = i;
    else
      known *= shape[i];
  if (unknown >= 0 && known > 0 && n % known == 0)
    shape[unknown] = n / known, known = n;
  if (known != n) {
    char dims[64];
    snprintf(dims, sizeof dims, ndim == 1 ? "(%lld,)" : "(%lld,%lld)", (long long)shape[0],
             (long long)shape[ndim - 1]);
    return fe_throw(I, EXC_ValueError, "cannot reshape array of size %lld into shape %s",
                    (long long)n, dims);
  }
  return pl_objarray_new(I, ndim, shape, fe_list_from_iter(I, a->items));
}

/* a.flat: nnc gives the flattened copy, which iterates and indexes as numpy's flatiter. */
static Obj *p_flat(Interp *I, Obj *self) {
  return m_ravel(I, self, NULL);
}

static Obj *p_transpose(Interp *I, Obj *self) {
  const ObjArray *a = (const ObjArray *)self;
  if (a->ndim == 1)
    return m_copy(I, self, NULL);
  Obj *items = fe_list_new(I, 0);
  for (int64_t j = 0; items && j < a->shape[1]; j++)
    for (int64_t i = 0; items && i < a->shape[0]; i++)
      if (fe_list_append(I, items, elems(self)[i * a->shape[1] + j]) < 0)
        fe_setref(I, &items, NULL);
  int64_t shape[2] = {a->shape[1], a->shape[0]};
  return items ? pl_objarray_new(I, 2, shape, items) : NULL;
}

static Obj *p_shape(Interp *I, Obj *self) {
  return pl_shape_tuple(I, ((ObjArray *)self)->ndim, ((ObjArray *)self)->shape);
}

static Obj *p_ndim(Interp *I, Obj *self) {
  return fe_int(I, ((ObjArray *)self)->ndim);
}

static Obj *p_size(Interp *I, Obj *self) {
  return fe_int(I, oa_size((ObjArray *)self));
}

static Obj *p_dtype(Interp *I, Obj *self) {
  (void)self;
  return fe_str_cstr(I, "object");
}

static const FeFnDef oa_methods[] = {
    {"astype", m_astype, "(dtype, order='K', casting='unsafe', subok=True, copy=True)", PL_ARRAY,
     NULL},
    {"tolist", m_tolist, "()", "list", NULL},
    {"copy", m_copy, "(order='C')", PL_ARRAY, NULL},
    {"ravel", m_ravel, "(order='C')", PL_ARRAY, NULL},
    {"reshape", m_reshape, "(*shape, order='C')", PL_ARRAY, NULL},
    {"flatten", m_ravel, "(order='C')", PL_ARRAY, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeGetDef oa_props[] = {
    {"shape", p_shape, NULL},
    {"ndim", p_ndim, NULL},
    {"size", p_size, NULL},
    {"dtype", p_dtype, NULL},
    {"T", p_transpose, NULL},
    {"flat", p_flat, NULL},
    {NULL, NULL, NULL},
};

const FeClassDef pl_objarray_class = {.name = "ndarray", .layout = &pl_objarray_layout,
                                      .methods = oa_methods, .props = oa_props};
