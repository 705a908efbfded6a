/* iter.c — iteration: range objects, dict views, and one iterator object whose kind says
 * what it walks (a sequence by index, a range, a dict's entries, zip, enumerate, map,
 * filter, reversed). An iterator's next returns NULL without an exception when it is done.
 * Walking a dict whose size changed raises RuntimeError, as in Python.
 */
#include <string.h>

#include "frontend.h"
#include "base.h"

typedef enum { IT_SEQ, IT_RANGE, IT_DICT, IT_ZIP, IT_ENUM, IT_MAP, IT_FILTER,
              IT_REVERSED } IterKind;

typedef struct {
  Obj hd;
  IterKind kind;
  Obj *src;           /* the sequence, dict, or a tuple of iterators */
  Obj *fn;            /* map/filter: the function */
  int64_t i, n, step; /* position, length (dict: entries at start), range step */
  int64_t count;      /* dict: live entries at start; enumerate: the next number */
  ViewKind view;
  bool strict;        /* zip(strict=True) */
  bool done;
} Iter;

static Iter *new_iter(Interp *I, IterKind k, Obj *src) {
  Iter *it = (Iter *)fe_new(I, I->cls_iter, sizeof(Iter));
  if (!it)
    return NULL;
  it->kind = k;
  it->src = src;
  if (src)
    fe_incref(src);
  return it;
}

static void iter_clear(Interp *I, Obj *o) {
  Iter *it = (Iter *)o;
  fe_setref(I, &it->src, NULL);
  fe_setref(I, &it->fn, NULL);
}

static void iter_traverse(Obj *o, FeVisit visit, void *arg) {
  Iter *it = (Iter *)o;
  if (it->src)
    visit(it->src, arg);
  if (it->fn)
    visit(it->fn, arg);
}

static Obj *iter_self(Interp *I, Obj *o) {
  (void)I;
  fe_incref(o);
  return o;
}

static Obj *seq_next(Interp *I, Iter *it) {
  Obj *s = it->src;
  if (FE_IS(s, str)) {
    Str *t = FE_STR(s);
    if (it->i >= t->len)
      return NULL;
    int64_t j = it->i + 1;
    while (j < t->len && ((unsigned char)t->s[j] & 0xC0) == 0x80)
      j++;
    Obj *c = fe_str_new(I, t->s + it->i, (size_t)(j - it->i));
    it->i = j;
    return c;
  }
  Obj *const *v;
  int64_t n;
  if (!fe_seq_items(I, s, &v, &n)) {   /* any object with __getitem__ and __len__ */
    Obj *k = fe_int(I, it->i);
    Obj *r = k ? fe_getitem(I, s, k) : NULL;
    fe_decref(I, k);
    if (!r && fe_pending(I, EXC_IndexError)) {
      fe_decref(I, fe_exc_take(I));
      return NULL;
    }
    it->i++;
    return r;
  }
  if (it->i >= n)
    return NULL;
  Obj *x = v[it->i++];
  fe_incref(x);
  return x;
}

static Obj *dict_next(Interp *I, Iter *it) {
  Dict *d = FE_DICT(it->src);
  if (d->count != it->count) {
    it->count = -1;
    return fe_throw(I, EXC_RuntimeError, "dictionary changed size during iteration");
  }
  Obj *k, *v;
  if (!fe_dict_next(it->src, &it->i, &k, &v))
    return NULL;
  if (it->view == VIEW_KEYS || !v) {
    fe_incref(k);
    return k;
  }
  if (it->view == VIEW_VALUES) {
    fe_incref(v);
    return v;
  }
  return fe_tuple_pack(I, 2, k, v);
}

static Obj *zip_next(Interp *I, Iter *it) {
  Tuple *its = FE_TUPLE(it->src);
  if (it->done || its->n == 0)
    return NULL;
  Obj *t = fe_tuple_new(I, its->n);
  if (!t)
    return NULL;
  for (int64_t i = 0; i < its->n; i++) {
    Obj *x = fe_next(I, its->v[i]);
    if (!x) {
      if (!I->exc_pending && it->strict && i > 0)
        fe_throw(I, EXC_ValueError, "zip() argument %lld is shorter than argument%s 1%s",
                 (long long)i + 1, i > 1 ? "s" : "", i > 1 ? "-" : "");
      it->done = true;
      fe_decref(I, t);
      return NULL;
    }
    FE_TUPLE(t)->v[i] = x;
  }
  return t;
}

static Obj *iter_next(Interp *I, Obj *o) {
  Iter *it = (Iter *)o;
  switch (it->kind) {
  case IT_SEQ: return seq_next(I, it);
  case IT_RANGE:
    if (it->i >= it->n)
      return NULL;
    return fe_int(I, ((Range *)it->src)->start + (it->i++) * it->step);
  case IT_DICT: return dict_next(I, it);
  case IT_ZIP: return zip_next(I, it);
  case IT_ENUM: {
    Obj *x = fe_next(I, it->src);
    if (!x)
      return NULL;
    Obj *k = fe_int(I, it->count++);
    Obj *t = k ? fe_tuple_pack(I, 2, k, x) : NULL;
    fe_decref(I, k);
    fe_decref(I, x);
    return t;
  }
  case IT_MAP: {
    Tuple *its = FE_TUPLE(it->src);
    Obj *args[16];
    int n = 0;
    for (int64_t i = 0; i < its->n && i < 16; i++) {
      if (!(args[n] = fe_next(I, its->v[i])))
        break;
      n++;
    }
    Obj *r = n == its->n && n > 0 ? fe_call(I, it->fn, args, n, NULL) : NULL;
    for (int i = 0; i < n; i++)
      fe_decref(I, args[i]);
    return r;
  }
  case IT_FILTER:
    for (Obj *x; (x = fe_next(I, it->src));) {
      Obj *keep = it->fn == &I->none ? (fe_incref(x), x) : fe_call1(I, it->fn, x);
      int t = keep ? fe_truth(I, keep) : -1;
      fe_decref(I, keep);
      if (t == 1)
        return x;
      fe_decref(I, x);
      if (t < 0)
        return NULL;
    }
    return NULL;
  case IT_REVERSED: {
    if (it->i < 0)
      return NULL;
    Obj *k = fe_int(I, it->i--);
    Obj *r = k ? fe_getitem(I, it->src, k) : NULL;
    fe_decref(I, k);
    return r;
  }
  }
  return NULL;
}

static Obj *iter_repr(Interp *I, Obj *o) {
  static const char *const names[] = {"iterator", "range_iterator", "dict_iterator", "zip",
                                      "enumerate", "map", "filter", "reversed"};
  return fe_strf(I, "<%s object>", names[((Iter *)o)->kind]);
}

const Layout fe_iter_layout = {
    .name = "iterator", .size = sizeof(Iter), .clear = iter_clear, .traverse = iter_traverse,
    .repr = iter_repr, .iter = iter_self, .next = iter_next,
};

Obj *fe_seq_iter(Interp *I, Obj *seq) {
  return (Obj *)new_iter(I, IT_SEQ, seq);
}

/* A tuple of iterators over each item of iterables (a tuple). */
static Obj *iterators(Interp *I, Obj *iterables) {
  Tuple *src = FE_TUPLE(iterables);
  Obj *t = fe_tuple_new(I, src->n);
  for (int64_t i = 0; t && i < src->n; i++)
    if (!(FE_TUPLE(t)->v[i] = fe_iter(I, src->v[i]))) {
      fe_decref(I, t);
      return NULL;
    }
  return t;
}

Obj *fe_zip(Interp *I, Obj *iterables, bool strict) {
  Obj *its = iterators(I, iterables);
  if (!its)
    return NULL;
  Iter *it = new_iter(I, IT_ZIP, its);
  fe_decref(I, its);
  if (it)
    it->strict = strict;
  return (Obj *)it;
}

Obj *fe_enumerate(Interp *I, Obj *iterable, int64_t start) {
  Obj *src = fe_iter(I, iterable);
  if (!src)
    return NULL;
  Iter *it = new_iter(I, IT_ENUM, src);
  fe_decref(I, src);
  if (it)
    it->count = start;
  return (Obj *)it;
}

Obj *fe_map(Interp *I, Obj *fn, Obj *iterables) {
  if (FE_TUPLE(iterables)->n == 0)
    return fe_throw(I, EXC_TypeError, "map() must have at least two arguments.");
  if (FE_TUPLE(iterables)->n > 16)
    return fe_throw(I, EXC_TypeError, "map() of more than 16 iterables is not supported");
  Obj *its = iterators(I, iterables);
  if (!its)
    return NULL;
  Iter *it = new_iter(I, IT_MAP, its);
  fe_decref(I, its);
  if (it) {
    it->fn = fn;
    fe_incref(fn);
  }
  return (Obj *)it;
}

Obj *fe_filter(Interp *I, Obj *fn, Obj *iterable) {
  Obj *src = fe_iter(I, iterable);
  if (!src)
    return NULL;
  Iter *it = new_iter(I, IT_FILTER, src);
  fe_decref(I, src);
  if (it) {
    it->fn = fn;
    fe_incref(fn);
  }
  return (Obj *)it;
}

Obj *fe_reversed(Interp *I, Obj *seq) {
  Obj *m = fe_class_lookup(seq->cls, I->names.reversed);
  if (m)
    return fe_call1(I, m, seq);
  if (FE_IS(seq, dict) || FE_IS(seq, set) || !seq->cls->layout->getitem || !seq->cls->layout->len)
    return fe_throw(I, EXC_TypeError, "'%s' object is not reversible", fe_typename(seq));
  int64_t n = fe_len(I, seq);
  if (n < 0)
    return NULL;
  Iter *it = new_iter(I, IT_REVERSED, seq);
  if (it)
    it->i = n - 1;
  return (Obj *)it;
}

/* ---- range ---- */

Obj *fe_range_new(Interp *I, int64_t start, int64_t stop, int64_t step) {
  if (step == 0)
    return fe_throw(I, EXC_ValueError, "range() arg 3 must not be zero");
  Range *r = (Range *)fe_new(I, I->cls_range, sizeof(Range));
  if (r) {
    r->start = start;
    r->stop = stop;
    r->step = step;
  }
  return (Obj *)r;
}

static int64_t range_count(const Range *r) {
  if (r->step > 0 && r->stop > r->start)
    return (int64_t)(((uint64_t)r->stop - (uint64_t)r->start - 1) / (uint64_t)r->step + 1);
  if (r->step < 0 && r->start > r->stop)
    return (int64_t)(((uint64_t)r->start - (uint64_t)r->stop - 1) / (uint64_t)(-r->step) + 1);
  return 0;
}

static int64_t range_len(Interp *I, Obj *o) {
  (void)I;
  return range_count((Range *)o);
}

static Obj *range_iter(Interp *I, Obj *o) {
  Iter *it = new_iter(I, IT_RANGE, o);
  if (it) {
    it->n = range_count((Range *)o);
    it->step = ((Range *)o)->step;
  }
  return (Obj *)it;
}

static Obj *range_repr(Interp *I, Obj *o) {
  Range *r = (Range *)o;
  if (r->step == 1)
    return fe_strf(I, "range(%lld, %lld)", (long long)r->start, (long long)r->stop);
  return fe_strf(I, "range(%lld, %lld, %lld)", (long long)r->start, (long long)r->stop,
                 (long long)r->step);
}

static Obj *range_getitem(Interp *I, Obj *o, Obj *key) {
  Range *r = (Range *)o;
  int64_t n = range_count(r);
  if (FE_IS(key, slice)) {
    int64_t start, stop, step, count;
    if (fe_slice_indices(I, key, n, &start, &stop, &step, &count) < 0)
      return NULL;
    int64_t a = r->start + start * r->step, k = r->step * step;
    return fe_range_new(I, a, a + count * k, k);
  }
  int64_t i;
  if (fe_seq_index(I, key, n, "range object", &i) < 0)
    return NULL;
  return fe_int(I, r->start + i * r->step);
}

static int range_contains(Interp *I, Obj *o, Obj *v) {
  Range *r = (Range *)o;
  if (!fe_is_int(I, v)) {
    for (int64_t i = 0, n = range_count(r); i < n; i++) {
      Obj *x = fe_int(I, r->start + i * r->step);
      int e = x ? fe_eq(I, x, v) : -1;
      fe_decref(I, x);
      if (e)
        return e;
    }
    return 0;
  }
  int64_t x = ((Int *)v)->v;
  if (r->step > 0 ? (x < r->start || x >= r->stop) : (x > r->start || x <= r->stop))
    return 0;
  return (x - r->start) % r->step == 0;
}

static Obj *range_compare(Interp *I, int cmp, Obj *a, Obj *b) {
  if ((cmp != PYC_EQ && cmp != PYC_NE) || !FE_IS(b, range))
    return fe_notimpl(I);
  Range *x = (Range *)a, *y = (Range *)b;
  int64_t n = range_count(x);
  bool eq = n == range_count(y) &&
      (n == 0 || (x->start == y->start && (n == 1 || x->step == y->step)));
  return fe_bool(I, eq == (cmp == PYC_EQ));
}

static Obj *range_get_start(Interp *I, Obj *self) {
  return fe_int(I, ((Range *)self)->start);
}
static Obj *range_get_stop(Interp *I, Obj *self) {
  return fe_int(I, ((Range *)self)->stop);
}
static Obj *range_get_step(Interp *I, Obj *self) {
  return fe_int(I, ((Range *)self)->step);
}

const Layout fe_range_layout = {
    .name = "range", .size = sizeof(Range), .repr = range_repr, .compare = range_compare,
    .len = range_len, .getitem = range_getitem, .contains = range_contains, .iter = range_iter,
};

static Obj *range_ctor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int64_t a, b = 0, k = 1;
  if (fe_as_int(I, args[0], &a) < 0 || (args[1] && fe_as_int(I, args[1], &b) < 0) ||
      (args[2] && fe_as_int(I, args[2], &k) < 0))
    return NULL;
  if (!args[1]) {
    b = a;
    a = 0;
  }
  return fe_range_new(I, a, b, k);
}

static const FeGetDef range_props[] = {
    {"start", range_get_start, NULL}, {"stop", range_get_stop, NULL},
        {"step", range_get_step, NULL},
    {NULL, NULL, NULL},
};

const FeClassDef fe_range_class = {
    .name = "range", .layout = &fe_range_layout, .ctor = range_ctor,
    .ctor_sig = "(start_or_stop, stop=<missing>, step=<missing>, /)", .props = range_props,
};

/* ---- dict views ---- */

typedef struct {
  Obj hd;
  Obj *dict;
  ViewKind kind;
} View;

Obj *fe_dict_view(Interp *I, Obj *d, ViewKind k) {
  View *v = (View *)fe_new(I, I->cls_dictview, sizeof(View));
  if (v) {
    v->dict = d;
    fe_incref(d);
    v->kind = k;
  }
  return (Obj *)v;
}

static void view_clear(Interp *I, Obj *o) {
  fe_setref(I, &((View *)o)->dict, NULL);
}

static void view_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((View *)o)->dict)
    visit(((View *)o)->dict, arg);
}

static int64_t view_len(Interp *I, Obj *o) {
  (void)I;
  return FE_DICT(((View *)o)->dict)->count;
}

static Obj *view_iter(Interp *I, Obj *o) {
  View *v = (View *)o;
  Iter *it = new_iter(I, IT_DICT, v->dict);
  if (it) {
    it->view = v->kind;
    it->count = FE_DICT(v->dict)->count;
  }
  return (Obj *)it;
}

static Obj *view_repr(Interp *I, Obj *o) {
  static const char *const names[] = {"dict_keys", "dict_values", "dict_items"};
  Obj *l = fe_list_from_iter(I, o);
  if (!l)
    return NULL;
  Obj *r = fe_repr(I, l);
  fe_decref(I, l);
  Obj *s = r ? fe_strf(I, "%s(%s)", names[((View *)o)->kind], FE_STR(r)->s) : NULL;
  fe_decref(I, r);
  return s;
}

static int view_contains(Interp *I, Obj *o, Obj *x) {
  View *v = (View *)o;
  if (v->kind == VIEW_KEYS) {
    int err = 0;
    Obj *r = fe_dict_get(I, v->dict, x, &err);
    return err ? -1 : r != NULL;
  }
  if (v->kind == VIEW_ITEMS) {
    if (!FE_IS(x, tuple) || FE_TUPLE(x)->n != 2)
      return 0;
    int err = 0;
    Obj *r = fe_dict_get(I, v->dict, FE_TUPLE(x)->v[0], &err);
    return err ? -1 : r ? fe_eq(I, r, FE_TUPLE(x)->v[1]) : 0;
  }
  int64_t pos = 0;
  Obj *k, *val;
  while (fe_dict_next(v->dict, &pos, &k, &val)) {
    int e = fe_eq(I, val, x);
    if (e)
      return e;
  }
  return 0;
}

const Layout fe_dictview_layout = {
    .name = "dict_view", .size = sizeof(View), .clear = view_clear, .traverse = view_traverse,
    .repr = view_repr, .len = view_len, .contains = view_contains, .iter = view_iter,
};
