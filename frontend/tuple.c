/* tuple.c — the tuple type, and what every sequence shares: index and slice arithmetic,
 * lexicographic comparison, and repr with Python's guard against a container that holds
 * itself ("[...]").
 */
#include <stdarg.h>
#include <string.h>

#include "frontend.h"
#include "base.h"

/* ---- shared by sequences ---- */

static int slice_part(Interp *I, Obj *v, int64_t *out) {
  if (v == &I->none)
    return 0;
  if (fe_as_int(I, v, out) < 0) {
    fe_decref(I, fe_exc_take(I));
    fe_throw(I, EXC_TypeError, "slice indices must be integers or None");
    return -1;
  }
  return 1;
}

int fe_slice_indices(Interp *I, Obj *slice, int64_t n, int64_t *start, int64_t *stop,
                     int64_t *step, int64_t *count) {
  Slice *s = (Slice *)slice;
  int64_t a = 0, b = 0, k = 1;
  int ha, hb, hk;
  if ((hk = slice_part(I, s->step, &k)) < 0 || (ha = slice_part(I, s->start, &a)) < 0 ||
      (hb = slice_part(I, s->stop, &b)) < 0)
    return -1;
  if (k == 0) {
    fe_throw(I, EXC_ValueError, "slice step cannot be zero");
    return -1;
  }
  if (!ha)
    a = k > 0 ? 0 : n - 1;
  else if (a < 0)
    a = a + n < 0 ? (k > 0 ? 0 : -1) : a + n;
  else if (a >= n)
    a = k > 0 ? n : n - 1;
  if (!hb)
    b = k > 0 ? n : -1;
  else if (b < 0)
    b = b + n < 0 ? (k > 0 ? 0 : -1) : b + n;
  else if (b >= n)
    b = k > 0 ? n : n - 1;
  int64_t c = 0;
  if (k > 0 && b > a)
    c = (b - a - 1) / k + 1;
  else if (k < 0 && a > b)
    c = (a - b - 1) / (-k) + 1;
  *start = a;
  *stop = b;
  *step = k;
  *count = c;
  return 0;
}

int fe_seq_index(Interp *I, Obj *key, int64_t n, const char *tname, int64_t *out) {
  int64_t i;
  if (FE_IS(key, float) || fe_as_int(I, key, &i) < 0) {
    if (I->exc_pending)
      fe_decref(I, fe_exc_take(I));
    if (strcmp(tname, "string") == 0)
      fe_throw(I, EXC_TypeError, "string indices must be integers, not '%s'", fe_typename(key));
    else
      fe_throw(I, EXC_TypeError, "%s indices must be integers or slices, not %s", tname,
               fe_typename(key));
    return -1;
  }
  if (i < 0)
    i += n;
  if (i < 0 || i >= n) {
    fe_throw(I, EXC_IndexError, "%s index out of range", tname);
    return -1;
  }
  *out = i;
  return 0;
}

/* Objects whose repr is being made, so a container inside itself prints as [...]. */
static bool repr_enter(Interp *I, Obj *o, bool *again) {
  *again = false;
  if (!fe_enter_call(I))
    return false;
  for (int i = 0; i < I->nrepr; i++)
    if (I->repr_active[i] == o) {
      *again = true;
      fe_leave_call(I);
      return true;
    }
  if (I->nrepr < FE_REPR_DEPTH)
    I->repr_active[I->nrepr++] = o;
  return true;
}

static void repr_leave(Interp *I, Obj *o) {
  if (I->nrepr > 0 && I->repr_active[I->nrepr - 1] == o)
    I->nrepr--;
  fe_leave_call(I);
}

Obj *fe_seq_repr(Interp *I, Obj *const *v, int64_t n, const char *open, const char *close) {
  BaseBuf b = {0};
  base_buf_puts(&b, open);
  for (int64_t i = 0; i < n; i++) {
    if (i)
      base_buf_puts(&b, ", ");
    if (!fe_sb_repr(I, &b, v[i])) {
      base_buf_free(&b);
      return NULL;
    }
  }
  if (n == 1 && strcmp(open, "(") == 0)
    base_buf_puts(&b, ",");
  base_buf_puts(&b, close);
  return fe_sb_finish(I, &b);
}

/* repr of a container o whose items are v[0..n): guards against o inside itself. */
static Obj *guarded_repr(Interp *I, Obj *o, Obj *const *v, int64_t n, const char *open,
                         const char *close) {
  bool again;
  if (!repr_enter(I, o, &again))
    return NULL;
  if (again)
    return fe_strf(I, "%s...%s", open, close);
  Obj *r = fe_seq_repr(I, v, n, open, close);
  repr_leave(I, o);
  return r;
}

Obj *fe_container_repr(Interp *I, Obj *o, Obj *const *v, int64_t n, const char *open,
                       const char *close) {
  return guarded_repr(I, o, v, n, open, close);
}

bool fe_repr_enter(Interp *I, Obj *o, bool *again) {
  return repr_enter(I, o, again);
}

void fe_repr_leave(Interp *I, Obj *o) {
  repr_leave(I, o);
}

int fe_seq_compare(Interp *I, int cmp, Obj *const *a, int64_t na, Obj *const *b, int64_t nb) {
  int64_t i = 0;
  for (; i < na && i < nb; i++) {
    int e = fe_eq(I, a[i], b[i]);
    if (e < 0)
      return -1;
    if (!e)
      break;
  }
  if (i >= na || i >= nb)
    return fe_order_holds(cmp, na < nb ? -1 : na > nb);
  if (cmp == PYC_EQ)
    return 0;
  if (cmp == PYC_NE)
    return 1;
  Obj *r = fe_compare(I, cmp, a[i], b[i]);
  if (!r)
    return -1;
  int t = fe_truth(I, r);
  fe_decref(I, r);
  return t;
}

bool fe_seq_items(Interp *I, Obj *o, Obj *const **items, int64_t *n) {
  if (FE_IS(o, list)) {
    *items = FE_LIST(o)->v;
    *n = FE_LIST(o)->n;
    return true;
  }
  if (FE_IS(o, tuple)) {
    *items = FE_TUPLE(o)->v;
    *n = FE_TUPLE(o)->n;
    return true;
  }
  return o->cls->layout->items && fe_seq_items(I, o->cls->layout->items(o), items, n);
}

bool fe_is_seq(Interp *I, Obj *o) {
  return FE_IS(o, list) || FE_IS(o, tuple) || o->cls->layout->items != NULL;
}

/* ---- tuples ---- */

Obj *fe_tuple_new(Interp *I, int64_t n) {
  if (n == 0 && I->empty_tuple) {
    fe_incref(I->empty_tuple);
    return I->empty_tuple;
  }
  if (n < 0 || (uint64_t)n > ((size_t)1 << 40) / sizeof(Obj *))
    return fe_throw(I, EXC_MemoryError, "tuple too long");
  Tuple *t = (Tuple *)fe_new(I, I->cls_tuple, sizeof(Tuple) + (size_t)n * sizeof(Obj *));
  if (t)
    t->n = n;
  return (Obj *)t;
}

Obj *fe_tuple_pack(Interp *I, int n, ...) {
  Obj *t = fe_tuple_new(I, n);
  if (!t)
    return NULL;
  va_list ap;
  va_start(ap, n);
  for (int i = 0; i < n; i++) {
    Obj *v = va_arg(ap, Obj *);
    fe_incref(v);
    FE_TUPLE(t)->v[i] = v;
  }
  va_end(ap);
  return t;
}

Obj *fe_tuple_from_iter(Interp *I, Obj *iterable) {
  if (FE_IS(iterable, tuple)) {
    fe_incref(iterable);
    return iterable;
  }
  Obj *l = fe_list_from_iter(I, iterable);
  if (!l)
    return NULL;
  Obj *t = fe_tuple_new(I, FE_LIST(l)->n);
  for (int64_t i = 0; t && i < FE_LIST(l)->n; i++) {
    FE_TUPLE(t)->v[i] = FE_LIST(l)->v[i];
    fe_incref(FE_LIST(l)->v[i]);
  }
  fe_decref(I, l);
  return t;
}

static void tuple_clear(Interp *I, Obj *o) {
  Tuple *t = FE_TUPLE(o);
  for (int64_t i = 0; i < t->n; i++)
    fe_setref(I, &t->v[i], NULL);
}

static void tuple_traverse(Obj *o, FeVisit visit, void *arg) {
  Tuple *t = FE_TUPLE(o);
  for (int64_t i = 0; i < t->n; i++)
    if (t->v[i])
      visit(t->v[i], arg);
}

static Obj *tuple_repr(Interp *I, Obj *o) {
  return guarded_repr(I, o, FE_TUPLE(o)->v, FE_TUPLE(o)->n, "(", ")");
}

static int tuple_hash(Interp *I, Obj *o, int64_t *h) {
  uint64_t acc = 0x27d4eb2f165667c5ull;
  Tuple *t = FE_TUPLE(o);
  for (int64_t i = 0; i < t->n; i++) {
    int64_t x;
    if (fe_hash(I, t->v[i], &x) < 0)
      return -1;
    acc += (uint64_t)x * 0xc2b2ae3d27d4eb4full;
    acc = (acc << 31) | (acc >> 33);
    acc *= 0x9e3779b185ebca87ull;
  }
  *h = (int64_t)((acc ^ (uint64_t)t->n) >> 1);
  return 0;
}

static int64_t tuple_len(Interp *I, Obj *o) {
  (void)I;
  return FE_TUPLE(o)->n;
}

static Obj *tuple_compare(Interp *I, int cmp, Obj *a, Obj *b) {
  if (!FE_IS(b, tuple))
    return fe_notimpl(I);
  int r = fe_seq_compare(I, cmp, FE_TUPLE(a)->v, FE_TUPLE(a)->n, FE_TUPLE(b)->v, FE_TUPLE(b)->n);
  return r < 0 ? NULL : fe_bool(I, r);
}

static Obj *slice_of(Interp *I, Obj *const *v, int64_t n, Obj *key, bool list) {
  int64_t start, stop, step, count;
  if (fe_slice_indices(I, key, n, &start, &stop, &step, &count) < 0)
    return NULL;
  Obj *r = list ? fe_list_new(I, count) : fe_tuple_new(I, count);
  Obj **out = r ? (list ? FE_LIST(r)->v : FE_TUPLE(r)->v) : NULL;
  for (int64_t i = 0; r && i < count; i++) {
    out[i] = v[start + i * step];
    fe_incref(out[i]);
  }
  return r;
}

Obj *fe_seq_slice(Interp *I, Obj *const *v, int64_t n, Obj *key, bool list) {
  return slice_of(I, v, n, key, list);
}

static Obj *tuple_getitem(Interp *I, Obj *o, Obj *key) {
  Tuple *t = FE_TUPLE(o);
  if (FE_IS(key, slice))
    return slice_of(I, t->v, t->n, key, false);
  int64_t i;
  if (fe_seq_index(I, key, t->n, "tuple", &i) < 0)
    return NULL;
  fe_incref(t->v[i]);
  return t->v[i];
}

static int seq_contains(Interp *I, Obj *const *v, int64_t n, Obj *x) {
  for (int64_t i = 0; i < n; i++) {
    int e = fe_eq(I, v[i], x);
    if (e)
      return e;
  }
  return 0;
}

int fe_seq_contains(Interp *I, Obj *const *v, int64_t n, Obj *x) {
  return seq_contains(I, v, n, x);
}

static int tuple_contains(Interp *I, Obj *o, Obj *x) {
  return seq_contains(I, FE_TUPLE(o)->v, FE_TUPLE(o)->n, x);
}

/* a + b and a * k for tuples (list: the same for lists). */
Obj *fe_seq_binop(Interp *I, int op, Obj *a, Obj *b, bool reflected, bool list) {
  Obj *const *va = NULL, *const *vb = NULL;
  int64_t na = 0, nb = 0;
  fe_seq_items(I, a, &va, &na);
  if (op == PY_ADD && !reflected) {
    if (b->cls != a->cls)
      return fe_throw(I, EXC_TypeError, "can only concatenate %s (not \"%s\") to %s", a->cls->name,
                      fe_typename(b), a->cls->name);
    fe_seq_items(I, b, &vb, &nb);
    Obj *r = list ? fe_list_new(I, na + nb) : fe_tuple_new(I, na + nb);
    Obj **out = r ? (list ? FE_LIST(r)->v : FE_TUPLE(r)->v) : NULL;
    for (int64_t i = 0; r && i < na + nb; i++) {
      out[i] = i < na ? va[i] : vb[i - na];
      fe_incref(out[i]);
    }
    return r;
  }
  if (op == PY_MUL && fe_is_int(I, b)) {
    int64_t k = ((Int *)b)->v < 0 ? 0 : ((Int *)b)->v;
    if (na && k > (int64_t)(1 << 28) / na)
      return fe_throw(I, EXC_MemoryError, "repeated sequence too long");
    Obj *r = list ? fe_list_new(I, na * k) : fe_tuple_new(I, na * k);
    Obj **out = r ? (list ? FE_LIST(r)->v : FE_TUPLE(r)->v) : NULL;
    for (int64_t i = 0; r && i < na * k; i++) {
      out[i] = va[i % na];
      fe_incref(out[i]);
    }
    return r;
  }
  return fe_notimpl(I);
}

static Obj *tuple_binop(Interp *I, int op, Obj *a, Obj *b, bool reflected) {
  return fe_seq_binop(I, op, a, b, reflected, false);
}

static Obj *t_index(Interp *I, Obj *self, Obj **args) {
  Tuple *t = FE_TUPLE(self);
  for (int64_t i = 0; i < t->n; i++) {
    int e = fe_eq(I, t->v[i], args[0]);
    if (e < 0)
      return NULL;
    if (e)
      return fe_int(I, i);
  }
  return fe_throw(I, EXC_ValueError, "tuple.index(x): x not in tuple");
}

static Obj *t_count(Interp *I, Obj *self, Obj **args) {
  Tuple *t = FE_TUPLE(self);
  int64_t n = 0;
  for (int64_t i = 0; i < t->n; i++) {
    int e = fe_eq(I, t->v[i], args[0]);
    if (e < 0)
      return NULL;
    n += e;
  }
  return fe_int(I, n);
}

static Obj *tuple_ctor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return args[0] ? fe_tuple_from_iter(I, args[0]) : fe_tuple_new(I, 0);
}

const Layout fe_tuple_layout = {
    .name = "tuple", .size = sizeof(Tuple), .clear = tuple_clear, .traverse = tuple_traverse,
    .repr = tuple_repr, .hash = tuple_hash, .binop = tuple_binop, .compare = tuple_compare,
    .len = tuple_len, .getitem = tuple_getitem, .contains = tuple_contains, .iter = fe_seq_iter,
};

static const FeFnDef tuple_methods[] = {
    {"index", t_index, "(value, /)", NULL, NULL},
    {"count", t_count, "(value, /)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeClassDef fe_tuple_class = {
    .name = "tuple", .layout = &fe_tuple_layout, .ctor = tuple_ctor, .ctor_sig = "(iterable=(), /)",
    .methods = tuple_methods,
};

/* ---- slices ---- */

static void slice_clear(Interp *I, Obj *o) {
  Slice *s = (Slice *)o;
  fe_setref(I, &s->start, NULL);
  fe_setref(I, &s->stop, NULL);
  fe_setref(I, &s->step, NULL);
}

static void slice_traverse(Obj *o, FeVisit visit, void *arg) {
  Slice *s = (Slice *)o;
  Obj *parts[3] = {s->start, s->stop, s->step};
  for (int i = 0; i < 3; i++)
    if (parts[i])
      visit(parts[i], arg);
}

static Obj *slice_repr(Interp *I, Obj *o) {
  Slice *s = (Slice *)o;
  Obj *parts[3] = {s->start, s->stop, s->step};
  Obj *r = fe_seq_repr(I, parts, 3, "slice(", ")");
  return r;
}

static Obj *slice_compare(Interp *I, int cmp, Obj *a, Obj *b) {
  if (!FE_IS(b, slice))
    return fe_notimpl(I);
  Slice *x = (Slice *)a, *y = (Slice *)b;
  Obj *xa[3] = {x->start, x->stop, x->step}, *ya[3] = {y->start, y->stop, y->step};
  int r = fe_seq_compare(I, cmp, xa, 3, ya, 3);
  return r < 0 ? NULL : fe_bool(I, r);
}

static Obj *slice_get(Interp *I, Obj *v) {
  (void)I;
  fe_incref(v);
  return v;
}

static Obj *slice_start(Interp *I, Obj *self) {
  return slice_get(I, ((Slice *)self)->start);
}
static Obj *slice_stop(Interp *I, Obj *self) {
  return slice_get(I, ((Slice *)self)->stop);
}
static Obj *slice_step(Interp *I, Obj *self) {
  return slice_get(I, ((Slice *)self)->step);
}

const FeGetDef fe_slice_props[] = {
    {"start", slice_start, NULL}, {"stop", slice_stop, NULL}, {"step", slice_step, NULL},
    {NULL, NULL, NULL},
};

const Layout fe_slice_layout = {
    .name = "slice", .size = sizeof(Slice), .clear = slice_clear, .traverse = slice_traverse,
    .repr = slice_repr, .compare = slice_compare,
};

Obj *fe_slice_new(Interp *I, Obj *start, Obj *stop, Obj *step) {
  Slice *s = (Slice *)fe_new(I, I->cls_slice, sizeof(Slice));
  if (!s)
    return NULL;
  s->start = start ? start : &I->none;
  s->stop = stop ? stop : &I->none;
  s->step = step ? step : &I->none;
  fe_incref(s->start);
  fe_incref(s->stop);
  fe_incref(s->step);
  return (Obj *)s;
}
