/* obj.c — objects: allocation, reference counts, and the operations every value supports
 * (repr, str, truth, hashing, comparison, arithmetic dispatch, attributes, items, length,
 * iteration, calls), each dispatched through the object's class layout.
 *
 * Invariants: every object but the immortal ones (None, the booleans, small ints, ...) is on
 * the interpreter's list and holds a reference to its class; an object is freed when its
 * count reaches zero, its references dropped first. Freeing nests (a list frees its items);
 * past a small depth the rest is deferred to a queue the outermost free drains, so a long
 * chain of objects cannot overflow the C stack.
 */
#include <string.h>

#include "frontend.h"
#include "base.h"

enum { DEALLOC_NEST = 64 };

Obj *fe_new(Interp *I, Class *cls, size_t size) {
  if (size == 0)
    size = cls->layout->size;
  Obj *o = base_calloc(1, size);
  if (!o)
    return fe_nomem(I);
  o->cls = cls;
  fe_incref(&cls->hd);
  o->refs = 1;
  Obj *h = &I->gc_head;
  o->gc_next = h->gc_next;
  o->gc_prev = h;
  h->gc_next->gc_prev = o;
  h->gc_next = o;
  I->nobjs++;
  I->allocs_since_gc++;
  return o;
}

static void unlink_obj(Obj *o) {
  o->gc_prev->gc_next = o->gc_next;
  o->gc_next->gc_prev = o->gc_prev;
  o->gc_prev = o->gc_next = NULL;
}

static void free_now(Interp *I, Obj *o) {
  const Layout *L = o->cls->layout;
  o->refs = 1;                    /* a clear that decrefs back to us must not free us twice */
  if (L->clear)
    L->clear(I, o);
  if (L->finalize)
    L->finalize(I, o);
  Class *c = o->cls;
  bool self = &c->hd == o;        /* type is its own class: that reference is not counted */
  base_free(o);
  I->nobjs--;
  if (!self)
    fe_decref(I, (Obj *)c);
}

void fe_dealloc(Interp *I, Obj *o) {
  if (!o->gc_prev)
    return;                       /* immortal */
  unlink_obj(o);
  if (I->dealloc_depth >= DEALLOC_NEST) {
    o->gc_next = I->trash;
    I->trash = o;
    return;
  }
  I->dealloc_depth++;
  free_now(I, o);
  if (I->dealloc_depth == 1) {
    while (I->trash) {
      Obj *t = I->trash;
      I->trash = t->gc_next;
      free_now(I, t);
    }
  }
  I->dealloc_depth--;
}

Obj *fe_none(Interp *I) {
  fe_incref(&I->none);
  return &I->none;
}

Obj *fe_bool(Interp *I, bool b) {
  Obj *o = b ? &I->true_.hd : &I->false_.hd;
  fe_incref(o);
  return o;
}

Obj *fe_notimpl(Interp *I) {
  fe_incref(&I->notimpl);
  return &I->notimpl;
}

bool fe_is_subclass(const Class *a, const Class *b) {
  for (; a; a = a->base)
    if (a == b)
      return true;
  return false;
}

bool fe_isinstance(const Obj *o, const Class *c) {
  return fe_is_subclass(o->cls, c);
}

const char *fe_typename(const Obj *o) {
  return o->cls->name;
}

/* ---- text ---- */

Obj *fe_repr(Interp *I, Obj *o) {
  const Layout *L = o->cls->layout;
  if (L->repr)
    return L->repr(I, o);
  return fe_strf(I, "<%s object>", fe_typename(o));
}

Obj *fe_str(Interp *I, Obj *o) {
  if (FE_IS(o, str)) {
    fe_incref(o);
    return o;
  }
  const Layout *L = o->cls->layout;
  return L->str ? L->str(I, o) : fe_repr(I, o);
}

/* ---- truth, hashing, equality ---- */

int fe_truth(Interp *I, Obj *o) {
  if (o == &I->none || o == &I->false_.hd)
    return 0;
  if (o == &I->true_.hd)
    return 1;
  const Layout *L = o->cls->layout;
  if (L->truth)
    return L->truth(I, o);
  if (L->len) {
    int64_t n = L->len(I, o);
    return n < 0 ? -1 : n > 0;
  }
  return 1;
}

int fe_hash(Interp *I, Obj *o, int64_t *h) {
  const Layout *L = o->cls->layout;
  if (L->hash)
    return L->hash(I, o, h);
  *h = (int64_t)((uintptr_t)o >> 4);
  return 0;
}

int fe_eq(Interp *I, Obj *a, Obj *b) {
  if (a == b)
    return 1;
  Obj *r = fe_compare(I, PYC_EQ, a, b);
  if (!r)
    return -1;
  int t = fe_truth(I, r);
  fe_decref(I, r);
  return t;
}

/* ---- comparison ---- */

static int swapped(int cmp) {
  switch (cmp) {
  case PYC_LT: return PYC_GT;
  case PYC_LE: return PYC_GE;
  case PYC_GT: return PYC_LT;
  case PYC_GE: return PYC_LE;
  default: return cmp;
  }
}

Obj *fe_compare(Interp *I, int cmp, Obj *a, Obj *b) {
  if (cmp == PYC_IS || cmp == PYC_IS_NOT)
    return fe_bool(I, (a == b) == (cmp == PYC_IS));
  if (cmp == PYC_IN || cmp == PYC_NOT_IN) {
    int r = fe_contains(I, b, a);
    return r < 0 ? NULL : fe_bool(I, (r == 1) == (cmp == PYC_IN));
  }
  const Layout *la = a->cls->layout, *lb = b->cls->layout;
  if (la->compare) {
    Obj *r = la->compare(I, cmp, a, b);
    if (r != &I->notimpl)
      return r;
    fe_decref(I, r);
  }
  if (lb->compare && lb != la) {
    Obj *r = lb->compare(I, swapped(cmp), b, a);
    if (r != &I->notimpl)
      return r;
    fe_decref(I, r);
  }
  if (cmp == PYC_EQ || cmp == PYC_NE)
    return fe_bool(I, (a == b) == (cmp == PYC_EQ));
  return fe_throw(I, EXC_TypeError, "'%s' not supported between instances of '%s' and '%s'",
                  fe_cmp_text[cmp], fe_typename(a), fe_typename(b));
}

/* ---- arithmetic ---- */

Obj *fe_binop(Interp *I, int op, Obj *a, Obj *b) {
  const Layout *la = a->cls->layout, *lb = b->cls->layout;
  bool b_first = lb != la && lb->binop && fe_is_subclass(b->cls, a->cls) && b->cls != a->cls;
  if (la->binop && !b_first) {
    Obj *r = la->binop(I, op, a, b, false);
    if (r != &I->notimpl)
      return r;
    fe_decref(I, r);
  }
  if (lb->binop && (lb != la || b_first)) {
    Obj *r = lb->binop(I, op, b, a, true);
    if (r != &I->notimpl)
      return r;
    fe_decref(I, r);
  }
  if (b_first && la->binop) {
    Obj *r = la->binop(I, op, a, b, false);
    if (r != &I->notimpl)
      return r;
    fe_decref(I, r);
  }
  return fe_throw(I, EXC_TypeError, "unsupported operand type(s) for %s: '%s' and '%s'",
                  fe_op_text[op], fe_typename(a), fe_typename(b));
}

Obj *fe_inplace(Interp *I, int op, Obj *a, Obj *b) {
  const Layout *la = a->cls->layout;
  if (la->inplace) {
    Obj *r = la->inplace(I, op, a, b);
    if (r != &I->notimpl)
      return r;
    fe_decref(I, r);
  }
  return fe_binop(I, op, a, b);
}

Obj *fe_unary(Interp *I, int op, Obj *a) {
  if (op == PY_BANG) {
    int t = fe_truth(I, a);
    return t < 0 ? NULL : fe_bool(I, !t);
  }
  const Layout *L = a->cls->layout;
  if (L->unary) {
    Obj *r = L->unary(I, op, a);
    if (r != &I->notimpl)
      return r;
    fe_decref(I, r);
  }
  return fe_throw(I, EXC_TypeError, "bad operand type for unary %s: '%s'", fe_op_text[op],
                  fe_typename(a));
}

/* ---- attributes ---- */

Obj *fe_class_lookup(const Class *c, Obj *name) {
  for (; c; c = c->base) {
    int err = 0;
    Obj *v = c->dict ? fe_dict_get(NULL, c->dict, name, &err) : NULL;
    if (v)
      return v;
  }
  return NULL;
}

static Obj **dict_slot(Obj *o) {
  size_t off = o->cls->layout->dict_offset;
  return off ? (Obj **)((char *)o + off) : NULL;
}

Obj *fe_generic_getattr(Interp *I, Obj *o, Obj *name) {
  Obj *v = fe_class_lookup(o->cls, name);
  if (v && FE_IS(v, property))
    return fe_property_get(I, v, o);
  Obj **d = dict_slot(o);
  if (d && *d) {
    int err = 0;
    Obj *r = fe_dict_get(I, *d, name, &err);
    if (r) {
      fe_incref(r);
      return r;
    }
  }
  if (!v && d && fe_str_is(name, "__dict__")) {
    if (!*d && !(*d = fe_dict_new(I)))
      return NULL;
    fe_incref(*d);
    return *d;
  }
  if (!v)
    return NULL;
  if (FE_IS(v, function) || (FE_IS(v, native) && !((Native *)v)->self))
    return fe_bound_method(I, v, o);
  if (FE_IS(v, staticmethod)) {
    fe_incref(((Method *)v)->fn);
    return ((Method *)v)->fn;
  }
  if (FE_IS(v, classmethod))
    return fe_bound_method(I, ((Method *)v)->fn, &o->cls->hd);
  fe_incref(v);
  return v;
}

static Obj *no_attribute(Interp *I, Obj *o, Obj *name) {
  if (FE_IS(o, module))
    return fe_throw(I, EXC_AttributeError, "module '%s' has no attribute '%s'",
                    FE_STR(((Module *)o)->name)->s, FE_STR(name)->s);
  if (FE_IS(o, type))
    return fe_throw(I, EXC_AttributeError, "type object '%s' has no attribute '%s'",
                    ((Class *)o)->name, FE_STR(name)->s);
  return fe_throw(I, EXC_AttributeError, "'%s' object has no attribute '%s'", fe_typename(o),
                  FE_STR(name)->s);
}

Obj *fe_getattr(Interp *I, Obj *o, Obj *name) {
  const Layout *L = o->cls->layout;
  Obj *r = L->getattr ? L->getattr(I, o, name) : fe_generic_getattr(I, o, name);
  if (r || I->exc_pending)
    return r;
  if (L->user) {                  /* a user class's __getattr__ */
    Obj *ga = fe_class_lookup(o->cls, I->names.getattr);
    if (ga) {
      Obj *args[2] = {o, name};
      return fe_call(I, ga, args, 2, NULL);
    }
  }
  return no_attribute(I, o, name);
}

Obj *fe_getattr_str(Interp *I, Obj *o, const char *name) {
  Obj *n = fe_str_cstr(I, name);
  if (!n)
    return NULL;
  Obj *r = fe_getattr(I, o, n);
  fe_decref(I, n);
  return r;
}

int fe_setattr(Interp *I, Obj *o, Obj *name, Obj *v) {
  const Layout *L = o->cls->layout;
  if (L->setattr)
    return L->setattr(I, o, name, v);
  Obj *cv = fe_class_lookup(o->cls, name);
  if (cv && FE_IS(cv, property))
    return fe_property_set(I, cv, o, v);
  Obj **d = dict_slot(o);
  if (!d) {
    fe_throw(I, EXC_AttributeError, "'%s' object attribute '%s' is read-only", fe_typename(o),
             FE_STR(name)->s);
    return -1;
  }
  if (!*d && !(*d = fe_dict_new(I)))
    return -1;
  if (v)
    return fe_dict_set(I, *d, name, v);
  int r = fe_dict_del(I, *d, name);
  if (r == 0)
    no_attribute(I, o, name);
  return r == 1 ? 0 : -1;
}

int fe_hasattr(Interp *I, Obj *o, Obj *name) {
  Obj *r = fe_getattr(I, o, name);
  if (r) {
    fe_decref(I, r);
    return 1;
  }
  if (fe_pending(I, EXC_AttributeError)) {
    fe_decref(I, fe_exc_take(I));
    return 0;
  }
  return -1;
}

int fe_lookup_method(Interp *I, Obj *o, Obj *name, Obj **fn, Obj **self) {
  *self = NULL;
  const Layout *L = o->cls->layout;
  if (!L->getattr) {
    Obj *v = fe_class_lookup(o->cls, name);
    Obj **d = dict_slot(o);
    int err = 0;
    bool shadowed = d && *d && fe_dict_get(I, *d, name, &err);
    if (v && !shadowed && (FE_IS(v, function) || (FE_IS(v, native) && !((Native *)v)->self))) {
      fe_incref(v);
      *fn = v;
      *self = o;
      return 0;
    }
  }
  *fn = fe_getattr(I, o, name);
  return *fn ? 0 : -1;
}

Obj *fe_dir(Interp *I, Obj *o) {
  Obj *names = fe_list_new(I, 0);
  if (!names)
    return NULL;
  Obj **d = dict_slot(o);
  Obj *dicts[64];
  int nd = 0;
  if (FE_IS(o, module))
    dicts[nd++] = ((Module *)o)->dict;
  if (d && *d)
    dicts[nd++] = *d;
  for (Class *c = FE_IS(o, type) ? (Class *)o : o->cls; c && nd < 64; c = c->base)
    if (c->dict)
      dicts[nd++] = c->dict;
  for (int i = 0; i < nd; i++) {
    int64_t pos = 0;
    Obj *k, *v;
    while (fe_dict_next(dicts[i], &pos, &k, &v))
      if (FE_IS(k, str) && fe_list_append(I, names, k) < 0) {
        fe_decref(I, names);
        return NULL;
      }
  }
  if (fe_list_sort(I, names, NULL, false) < 0) {
    fe_decref(I, names);
    return NULL;
  }
  return names;
}

/* ---- items, length, iteration ---- */

Obj *fe_getitem(Interp *I, Obj *o, Obj *key) {
  const Layout *L = o->cls->layout;
  if (L->getitem)
    return L->getitem(I, o, key);
  if (FE_IS(o, type))
    return fe_throw(I, EXC_TypeError,
                    "type '%s' is not subscriptable (generic types are not supported)",
                    ((Class *)o)->name);
  return fe_throw(I, EXC_TypeError, "'%s' object is not subscriptable", fe_typename(o));
}

int fe_setitem(Interp *I, Obj *o, Obj *key, Obj *v) {
  const Layout *L = o->cls->layout;
  if (L->setitem)
    return L->setitem(I, o, key, v);
  fe_throw(I, EXC_TypeError, v ? "'%s' object does not support item assignment"
                               : "'%s' object does not support item deletion", fe_typename(o));
  return -1;
}

int64_t fe_len(Interp *I, Obj *o) {
  const Layout *L = o->cls->layout;
  if (L->len)
    return L->len(I, o);
  fe_throw(I, EXC_TypeError, "object of type '%s' has no len()", fe_typename(o));
  return -1;
}

Obj *fe_iter(Interp *I, Obj *o) {
  const Layout *L = o->cls->layout;
  if (L->iter)
    return L->iter(I, o);
  return fe_throw(I, EXC_TypeError, "'%s' object is not iterable", fe_typename(o));
}

Obj *fe_next(Interp *I, Obj *it) {
  const Layout *L = it->cls->layout;
  if (L->next)
    return L->next(I, it);
  return fe_throw(I, EXC_TypeError, "'%s' object is not an iterator", fe_typename(it));
}

int fe_contains(Interp *I, Obj *container, Obj *v) {
  const Layout *L = container->cls->layout;
  if (L->contains)
    return L->contains(I, container, v);
  Obj *it = fe_iter(I, container);
  if (!it) {
    if (fe_pending(I, EXC_TypeError)) {
      fe_decref(I, fe_exc_take(I));
      fe_throw(I, EXC_TypeError, "argument of type '%s' is not iterable", fe_typename(container));
    }
    return -1;
  }
  int found = 0;
  for (Obj *x; !found && (x = fe_next(I, it));) {
    found = fe_eq(I, x, v);
    fe_decref(I, x);
    if (found < 0)
      break;
  }
  fe_decref(I, it);
  return I->exc_pending ? -1 : found;
}

/* ---- calls ---- */

Obj *fe_call(Interp *I, Obj *f, Obj *const *args, int nargs, Obj *kwnames) {
  const Layout *L = f->cls->layout;
  if (L->call)
    return L->call(I, f, args, nargs, kwnames);
  return fe_throw(I, EXC_TypeError, "'%s' object is not callable", fe_typename(f));
}

Obj *fe_call0(Interp *I, Obj *f) {
  return fe_call(I, f, NULL, 0, NULL);
}

Obj *fe_call1(Interp *I, Obj *f, Obj *a) {
  return fe_call(I, f, &a, 1, NULL);
}

Obj *fe_call2(Interp *I, Obj *f, Obj *a, Obj *b) {
  Obj *args[2] = {a, b};
  return fe_call(I, f, args, 2, NULL);
}

Obj *fe_call_method(Interp *I, Obj *o, const char *name, Obj *const *args, int nargs) {
  enum { MAX = 16 };
  if (nargs >= MAX)
    return fe_throw(I, EXC_TypeError, "too many arguments");
  Obj *n = fe_str_cstr(I, name);
  if (!n)
    return NULL;
  Obj *fn, *self;
  int st = fe_lookup_method(I, o, n, &fn, &self);
  fe_decref(I, n);
  if (st < 0)
    return NULL;
  Obj *all[MAX + 1];
  int k = 0;
  if (self)
    all[k++] = self;
  for (int i = 0; i < nargs; i++)
    all[k++] = args[i];
  Obj *r = fe_call(I, fn, all, k, NULL);
  fe_decref(I, fn);
  return r;
}
