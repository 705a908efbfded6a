/* class.c — classes: the type objects themselves, instances of user classes, and the
 * descriptors a class body uses (property, staticmethod, classmethod) and super().
 *
 * A class has one base (single inheritance). Built-in and library classes come from table
 * rows (FeClassDef): their methods are native functions in the class dict and their
 * instances have the row's C layout. A user class may derive from object, from an exception
 * class or from a library class whose instances are attribute bags (keras.callbacks.Callback);
 * its instances use that layout, whose slots call the class's dunder methods (__len__,
 * __add__, __eq__, ...) when a user class defines them.
 */
#include <stddef.h>
#include <string.h>

#include "frontend.h"
#include "base.h"

/* ---- the class objects ---- */

static void class_clear(Interp *I, Obj *o) {
  Class *c = (Class *)o;
  fe_setref(I, &c->dict, NULL);
  Obj *b = c->base ? &c->base->hd : NULL, *s = c->ctor_sig ? &c->ctor_sig->hd : NULL;
  c->base = NULL;
  c->ctor_sig = NULL;
  fe_decref(I, b);
  fe_decref(I, s);
}

static void class_finalize(Interp *I, Obj *o) {
  (void)I;
  Class *c = (Class *)o;
  base_free(c->name);
  base_free(c->module);
}

static void class_traverse(Obj *o, FeVisit visit, void *arg) {
  Class *c = (Class *)o;
  if (c->dict)
    visit(c->dict, arg);
  if (c->base)
    visit(&c->base->hd, arg);
  if (c->ctor_sig)
    visit(&c->ctor_sig->hd, arg);
}

static Obj *class_repr(Interp *I, Obj *o) {
  Class *c = (Class *)o;
  if (!c->module || strcmp(c->module, "builtins") == 0)
    return fe_strf(I, "<class '%s'>", c->name);
  return fe_strf(I, "<class '%s.%s'>", c->module, c->name);
}

static Obj *class_getattr(Interp *I, Obj *o, Obj *name) {
  Class *c = (Class *)o;
  if (fe_str_is(name, "__name__") || fe_str_is(name, "__qualname__"))
    return fe_str_cstr(I, c->name);
  if (fe_str_is(name, "__module__"))
    return fe_str_cstr(I, c->module ? c->module : "builtins");
  if (fe_str_is(name, "__base__") || fe_str_is(name, "__bases__")) {
    Obj *b = c->base ? &c->base->hd : fe_none(I);
    if (c->base)
      fe_incref(b);
    if (fe_str_is(name, "__base__"))
      return b;
    Obj *t = c->base ? fe_tuple_pack(I, 1, b) : fe_tuple_new(I, 0);
    fe_decref(I, b);
    return t;
  }
  Obj *v = fe_class_lookup(c, name);
  if (!v)
    return NULL;
  if (FE_IS(v, staticmethod)) {
    fe_incref(((Method *)v)->fn);
    return ((Method *)v)->fn;
  }
  if (FE_IS(v, classmethod))
    return fe_bound_method(I, ((Method *)v)->fn, o);
  fe_incref(v);
  return v;
}

static int class_setattr(Interp *I, Obj *o, Obj *name, Obj *v) {
  Class *c = (Class *)o;
  if (!c->dict && !(c->dict = fe_dict_new(I)))
    return -1;
  if (v)
    return fe_dict_set(I, c->dict, name, v);
  int r = fe_dict_del(I, c->dict, name);
  if (r == 0)
    fe_throw(I, EXC_AttributeError, "type object '%s' has no attribute '%s'", c->name,
             FE_STR(name)->s);
  return r == 1 ? 0 : -1;
}

const Layout fe_class_layout = {
    .name = "type", .size = sizeof(Class), .clear = class_clear, .finalize = class_finalize,
    .traverse = class_traverse, .repr = class_repr, .getattr = class_getattr,
    .setattr = class_setattr, .call = fe_class_call,
};

/* A class with no members yet. */
static Class *class_alloc(Interp *I, const char *name, const char *module, Class *base,
                          const Layout *L) {
  Class *c = (Class *)fe_new(I, I->cls_type, sizeof(Class));
  if (!c)
    return NULL;
  c->name = base_strdup(name);
  c->module = base_strdup(module ? module : "builtins");
  c->dict = fe_dict_new(I);
  c->layout = L;
  c->base = base;
  if (base)
    fe_incref(&base->hd);
  if (!c->name || !c->module || !c->dict) {
    fe_decref(I, (Obj *)c);
    return (Class *)fe_nomem(I);
  }
  return c;
}

/* Adds rows of functions to a class dict: methods (bound on lookup) or statics. */
static int add_fns(Interp *I, Class *c, const FeFnDef *rows, bool statics) {
  for (const FeFnDef *f = rows; f && f->name; f++) {
    char fname[128];
    snprintf(fname, sizeof fname, "%s.%s", c->name, f->name);
    Sig *sig = fe_sig_parse(I, f->sig ? f->sig : "(*args, **kwargs)", f->name);
    if (!sig)
      return -1;
    Obj *fn = fe_native_new(I, f, sig, NULL);
    fe_decref(I, (Obj *)sig);
    if (!fn)
      return -1;
    if (!statics)
      ((Native *)fn)->owner = c;
    Obj *v = fn;
    if (statics) {
      Method *sm = (Method *)fe_new(I, I->cls_staticmethod, sizeof(Method));
      if (sm)
        sm->fn = fn;
      else
        fe_decref(I, fn);
      v = (Obj *)sm;
    }
    int r = v ? fe_dict_setstr(I, c->dict, f->name, v) : -1;
    fe_decref(I, v);
    if (r < 0)
      return -1;
  }
  return 0;
}

Class *fe_class_from_def(Interp *I, const FeClassDef *def, Class *base, const char *module) {
  const Layout *L = def->layout ? def->layout : base ? base->layout : &fe_instance_layout;
  Class *c = class_alloc(I, def->name, module, base, L);
  if (c && fe_class_fill(I, c, def) < 0) {
    fe_decref(I, (Obj *)c);
    return NULL;
  }
  return c;
}

int fe_class_fill(Interp *I, Class *c, const FeClassDef *def) {
  c->def = def;
  bool ok = add_fns(I, c, def->methods, false) == 0 && add_fns(I, c, def->statics, true) == 0;
  for (const FeGetDef *g = def->props; ok && g && g->name; g++) {
    /* A property whose getter and setter are native functions over the row. */
    Method *p = (Method *)fe_new(I, I->cls_property, sizeof(Method));
    Obj *getter = fe_str_cstr(I, g->name);
    ok = p && getter;
    if (ok) {
      p->fn = getter;      /* a str: the row's name; get_native finds the row through it */
      getter = NULL;
      ok = fe_dict_setstr(I, c->dict, g->name, &p->hd) == 0;
    }
    fe_decref(I, getter);
    fe_decref(I, p ? &p->hd : NULL);
  }
  for (const FeConstDef *k = def->consts; ok && k && k->name; k++) {
    Obj *v = fe_const_value(I, k);
    ok = v && fe_dict_setstr(I, c->dict, k->name, v) == 0;
    fe_decref(I, v);
  }
  if (ok && def->ctor)
    ok = (c->ctor_sig = fe_sig_parse(I, def->ctor_sig ? def->ctor_sig : "(*args, **kwargs)",
                                     def->name)) != NULL;
  return ok ? 0 : -1;
}

/* The row of a library property named by a str, searching the class and its bases. */
static const FeGetDef *prop_row(const Class *c, Obj *name) {
  for (; c; c = c->base)
    for (const FeGetDef *g = c->def ? c->def->props : NULL; g && g->name; g++)
      if (fe_str_is(name, g->name))
        return g;
  return NULL;
}

/* Whether instances of base can be extended by a user class. */
static bool extensible(const Class *base) {
  for (const Class *c = base; c; c = c->base)
    if (c->def && c->def->ctor)
      return false;
  return base->layout->dict_offset != 0;
}

Obj *fe_class_new(Interp *I, const char *name, const char *module, Class *base, Obj *ns) {
  if (!base)
    base = I->cls_object;
  if (!extensible(base))
    return fe_throw(I, EXC_TypeError,
                    "deriving a class from '%s' is not supported in nnc model files",
                    base->name);
  Class *c = class_alloc(I, name, module, base,
                         base == I->cls_object ? &fe_instance_layout : base->layout);
  if (!c)
    return NULL;
  int64_t pos = 0;
  Obj *k, *v;
  while (fe_dict_next(ns, &pos, &k, &v)) {
    if (fe_dict_set(I, c->dict, k, v) < 0) {
      fe_decref(I, (Obj *)c);
      return NULL;
    }
    Obj *fn = FE_IS(v, staticmethod) || FE_IS(v, classmethod) || FE_IS(v, property)
        ? ((Method *)v)->fn : v;
    if (fn && FE_IS(fn, function) && !((Function *)fn)->owner) {
      ((Function *)fn)->owner = c;
      fe_incref(&c->hd);
    }
  }
  return (Obj *)c;
}

/* ---- calling a class ---- */

static Obj *type_of(Interp *I, Obj *const *args, int nargs, Obj *kwnames) {
  if (nargs != 1 || kwnames)
    return fe_throw(I, EXC_TypeError,
                    "type() takes 1 argument (making classes with type() is not supported)");
  fe_incref(&args[0]->cls->hd);
  return &args[0]->cls->hd;
}

Obj *fe_class_call(Interp *I, Obj *o, Obj *const *args, int nargs, Obj *kwnames) {
  Class *c = (Class *)o;
  if (c == I->cls_type)
    return type_of(I, args, nargs, kwnames);
  if (c->def && c->def->ctor)
    return fe_call_def(I, &(FeFnDef){c->def->name, c->def->ctor, NULL, NULL, NULL}, c->ctor_sig, o,
                       args, nargs, kwnames);
  Obj *self = fe_new(I, c, 0);
  if (!self)
    return NULL;
  if (c->layout == &fe_exc_layout) {     /* BaseException.__new__ keeps the arguments */
    int npos = nargs - (kwnames ? (int)FE_TUPLE(kwnames)->n : 0);
    Obj *t = fe_tuple_new(I, npos);
    for (int i = 0; t && i < npos; i++) {
      FE_TUPLE(t)->v[i] = args[i];
      fe_incref(args[i]);
    }
    if (!t) {
      fe_decref(I, self);
      return NULL;
    }
    ((Exc *)self)->args = t;
  }
  Obj *init = fe_class_lookup(c, I->names.init);
  if (!init) {
    if (nargs) {
      fe_decref(I, self);
      return fe_throw(I, EXC_TypeError, "%s() takes no arguments", c->name);
    }
    return self;
  }
  enum { SMALL = 16 };
  Obj *small[SMALL], **all = nargs + 1 <= SMALL
      ? small : base_malloc((size_t)(nargs + 1) * sizeof(Obj *));
  if (!all) {
    fe_decref(I, self);
    return fe_nomem(I);
  }
  all[0] = self;
  for (int i = 0; i < nargs; i++)
    all[i + 1] = args[i];
  Obj *r = fe_call(I, init, all, nargs + 1, kwnames);
  if (all != small)
    base_free(all);
  if (r && r != &I->none) {
    fe_decref(I, r);
    r = fe_throw(I, EXC_TypeError, "__init__() should return None, not '%s'", fe_typename(r));
  }
  if (!r) {
    fe_decref(I, self);
    return NULL;
  }
  fe_decref(I, r);
  return self;
}

/* ---- instances of user classes ---- */

typedef struct {
  Obj hd;
  Obj *dict;
} Instance;

static void instance_clear(Interp *I, Obj *o) {
  fe_setref(I, &((Instance *)o)->dict, NULL);
}

static void instance_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((Instance *)o)->dict)
    visit(((Instance *)o)->dict, arg);
}

Obj *fe_user_method(Interp *I, Obj *o, const char *name) {
  (void)I;
  for (const Class *c = o->cls; c; c = c->base) {
    Obj *v = c->dict ? fe_dict_getstr(I, c->dict, name) : NULL;
    if (v) /* a library class's method row (an unbound native) counts as one too */
      return FE_IS(v, function) || (FE_IS(v, native) && !((Native *)v)->self) ? v : NULL;
  }
  return NULL;
}

/* Calls a user dunder method with o and more arguments; NULL without an exception: absent. */
static Obj *dunder(Interp *I, Obj *o, const char *name, Obj *const *more, int n) {
  Obj *m = fe_user_method(I, o, name);
  if (!m)
    return NULL;
  Obj *args[4] = {o};
  for (int i = 0; i < n && i < 3; i++)
    args[i + 1] = more[i];
  return fe_call(I, m, args, n + 1, NULL);
}

static Obj *instance_repr(Interp *I, Obj *o) {
  Obj *r = dunder(I, o, "__repr__", NULL, 0);
  if (r || I->exc_pending)
    return r;
  const char *mod = o->cls->module;
  return fe_strf(I, "<%s%s%s object at %p>", mod ? mod : "", mod ? "." : "", o->cls->name,
                 (void *)o);
}

static Obj *instance_str(Interp *I, Obj *o) {
  Obj *r = dunder(I, o, "__str__", NULL, 0);
  if (r && !FE_IS(r, str)) {
    fe_decref(I, r);
    return fe_throw(I, EXC_TypeError, "__str__ returned non-string (type %s)", fe_typename(r));
  }
  return r || I->exc_pending ? r : instance_repr(I, o);
}

static const char *const binop_names[PY_COUNT][2] = {
    [PY_ADD] = {"__add__", "__radd__"}, [PY_SUB] = {"__sub__", "__rsub__"},
    [PY_MUL] = {"__mul__", "__rmul__"}, [PY_DIV] = {"__truediv__", "__rtruediv__"},
    [PY_FLOORDIV] = {"__floordiv__", "__rfloordiv__"}, [PY_MOD] = {"__mod__", "__rmod__"},
    [PY_POW] = {"__pow__", "__rpow__"}, [PY_MATMUL] = {"__matmul__", "__rmatmul__"},
    [PY_AND] = {"__and__", "__rand__"}, [PY_OR] = {"__or__", "__ror__"},
    [PY_XOR] = {"__xor__", "__rxor__"}, [PY_LSHIFT] = {"__lshift__", "__rlshift__"},
    [PY_RSHIFT] = {"__rshift__", "__rrshift__"},
};

static Obj *instance_binop(Interp *I, int op, Obj *a, Obj *b, bool reflected) {
  const char *name = op >= 0 && op < PY_COUNT ? binop_names[op][reflected] : NULL;
  Obj *r = name ? dunder(I, a, name, &b, 1) : NULL;
  return r || I->exc_pending ? r : fe_notimpl(I);
}

static Obj *instance_unary(Interp *I, int op, Obj *a) {
  const char *name = op == PY_SUB ? "__neg__" : op == PY_ADD ? "__pos__" : op == PY_INVERT
      ? "__invert__" : NULL;
  Obj *r = name ? dunder(I, a, name, NULL, 0) : NULL;
  return r || I->exc_pending ? r : fe_notimpl(I);
}

static Obj *instance_compare(Interp *I, int cmp, Obj *a, Obj *b) {
  static const char *const names[] = {"__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__"};
  Obj *r = cmp <= PYC_NE ? dunder(I, a, names[cmp], &b, 1) : NULL;
  if (!r && !I->exc_pending && cmp == PYC_NE) {   /* != is the negation of a user's == */
    Obj *eq = dunder(I, a, "__eq__", &b, 1);
    if (eq && eq != &I->notimpl) {
      int t = fe_truth(I, eq);
      fe_decref(I, eq);
      return t < 0 ? NULL : fe_bool(I, !t);
    }
    r = eq;
  }
  return r || I->exc_pending ? r : fe_notimpl(I);
}

static int64_t instance_len(Interp *I, Obj *o) {
  Obj *r = dunder(I, o, "__len__", NULL, 0);
  if (!r) {
    if (!I->exc_pending)
      fe_throw(I, EXC_TypeError, "object of type '%s' has no len()", fe_typename(o));
    return -1;
  }
  int64_t n;
  int st = fe_as_int(I, r, &n);
  fe_decref(I, r);
  return st < 0 ? -1 : n;
}

static int instance_truth(Interp *I, Obj *o) {
  Obj *r = dunder(I, o, "__bool__", NULL, 0);
  if (!r && !I->exc_pending && fe_user_method(I, o, "__len__")) {
    int64_t n = instance_len(I, o);
    return n < 0 ? -1 : n > 0;
  }
  if (!r)
    return I->exc_pending ? -1 : 1;
  int t = fe_truth(I, r);
  fe_decref(I, r);
  return t;
}

static int instance_hash(Interp *I, Obj *o, int64_t *h) {
  Obj *r = dunder(I, o, "__hash__", NULL, 0);
  if (!r) {
    if (I->exc_pending)
      return -1;
    *h = (int64_t)((uintptr_t)o >> 4);
    return 0;
  }
  int st = fe_as_int(I, r, h);
  fe_decref(I, r);
  return st;
}

static Obj *instance_getitem(Interp *I, Obj *o, Obj *key) {
  Obj *r = dunder(I, o, "__getitem__", &key, 1);
  return r || I->exc_pending
      ? r : fe_throw(I, EXC_TypeError, "'%s' object is not subscriptable", fe_typename(o));
}

static int instance_setitem(Interp *I, Obj *o, Obj *key, Obj *v) {
  Obj *args[2] = {key, v};
  Obj *r = dunder(I, o, v ? "__setitem__" : "__delitem__", args, v ? 2 : 1);
  if (!r && !I->exc_pending)
    fe_throw(I, EXC_TypeError, "'%s' object does not support item %s", fe_typename(o),
             v ? "assignment" : "deletion");
  fe_decref(I, r);
  return r ? 0 : -1;
}

static int instance_contains(Interp *I, Obj *o, Obj *v) {
  Obj *r = dunder(I, o, "__contains__", &v, 1);
  if (!r) {
    if (I->exc_pending)
      return -1;
    Obj *it = fe_iter(I, o);     /* Python falls back to iterating */
    int found = 0;
    for (Obj *x; it && !found && (x = fe_next(I, it));) {
      found = fe_eq(I, x, v);
      fe_decref(I, x);
    }
    fe_decref(I, it);
    return I->exc_pending ? -1 : found;
  }
  int t = fe_truth(I, r);
  fe_decref(I, r);
  return t;
}

static Obj *instance_iter(Interp *I, Obj *o) {
  Obj *r = dunder(I, o, "__iter__", NULL, 0);
  if (r || I->exc_pending)
    return r;
  if (fe_user_method(I, o, "__getitem__"))
    return fe_seq_iter(I, o);
  return fe_throw(I, EXC_TypeError, "'%s' object is not iterable", fe_typename(o));
}

static Obj *instance_next(Interp *I, Obj *o) {
  Obj *r = dunder(I, o, "__next__", NULL, 0);
  if (!r && fe_pending(I, EXC_StopIteration)) {
    fe_decref(I, fe_exc_take(I));
    return NULL;
  }
  return r || I->exc_pending
      ? r : fe_throw(I, EXC_TypeError, "'%s' object is not an iterator", fe_typename(o));
}

static Obj *instance_call(Interp *I, Obj *o, Obj *const *args, int nargs, Obj *kwnames) {
  Obj *m = fe_user_method(I, o, "__call__");
  if (!m)
    return fe_throw(I, EXC_TypeError, "'%s' object is not callable", fe_typename(o));
  enum { SMALL = 16 };
  Obj *small[SMALL], **all = nargs + 1 <= SMALL
      ? small : base_malloc((size_t)(nargs + 1) * sizeof(Obj *));
  if (!all)
    return fe_nomem(I);
  all[0] = o;
  for (int i = 0; i < nargs; i++)
    all[i + 1] = args[i];
  Obj *r = fe_call(I, m, all, nargs + 1, kwnames);
  if (all != small)
    base_free(all);
  return r;
}

const Layout fe_instance_layout = {
    .name = "object", .size = sizeof(Instance), .dict_offset = offsetof(Instance, dict),
    .clear = instance_clear, .traverse = instance_traverse, .repr = instance_repr,
    .str = instance_str, .hash = instance_hash, .binop = instance_binop,
    .unary = instance_unary, .compare = instance_compare, .truth = instance_truth,
    .len = instance_len, .getitem = instance_getitem, .setitem = instance_setitem,
    .contains = instance_contains, .iter = instance_iter, .next = instance_next,
    .call = instance_call, .user = true,
};
const Layout fe_object_layout = {
    .name = "object", .size = sizeof(Instance), .dict_offset = offsetof(Instance, dict),
    .clear = instance_clear, .traverse = instance_traverse, .repr = instance_repr,
    .str = instance_str,
};

/* ---- descriptors: property, staticmethod, classmethod ----
 * All three are a Method: fn is the getter (or the wrapped function), self the setter. A
 * library property's fn is its name as a str (its row is found through the class). */

static Obj *property_get(Interp *I, Obj *prop, Obj *o) {
  Method *p = (Method *)prop;
  if (p->fn && FE_IS(p->fn, str)) {
    const FeGetDef *g = prop_row(o->cls, p->fn);
    return g ? g->get(I, o) : fe_throw(I, EXC_AttributeError, "unreadable attribute");
  }
  return p->fn ? fe_call1(I, p->fn, o) : fe_throw(I, EXC_AttributeError, "unreadable attribute");
}

Obj *fe_property_get(Interp *I, Obj *prop, Obj *o) {
  return property_get(I, prop, o);
}

int fe_property_set(Interp *I, Obj *prop, Obj *o, Obj *v) {
  Method *p = (Method *)prop;
  if (p->fn && FE_IS(p->fn, str)) {
    const FeGetDef *g = prop_row(o->cls, p->fn);
    if (!g || !g->set || !v) {
      fe_throw(I, EXC_AttributeError, "can't set attribute '%s'", FE_STR(p->fn)->s);
      return -1;
    }
    return g->set(I, o, v);
  }
  if (!p->self || !v) {
    fe_throw(I, EXC_AttributeError, "can't set attribute");
    return -1;
  }
  Obj *r = fe_call2(I, p->self, o, v);
  fe_decref(I, r);
  return r ? 0 : -1;
}

Obj *fe_property_new(Interp *I, Obj *getter) {
  Method *p = (Method *)fe_new(I, I->cls_property, sizeof(Method));
  if (p && getter) {
    p->fn = getter;
    fe_incref(getter);
  }
  return (Obj *)p;
}

static Obj *m_setter(Interp *I, Obj *self, Obj **args) {
  Method *old = (Method *)self;
  Method *p = (Method *)fe_property_new(I, old->fn);
  if (p) {
    p->self = args[0];
    fe_incref(args[0]);
  }
  return (Obj *)p;
}

static Obj *m_getter(Interp *I, Obj *self, Obj **args) {
  Method *p = (Method *)fe_property_new(I, args[0]);
  if (p && ((Method *)self)->self) {
    p->self = ((Method *)self)->self;
    fe_incref(p->self);
  }
  return (Obj *)p;
}

static Obj *property_ctor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Method *p = (Method *)fe_property_new(I, args[0] == &I->none ? NULL : args[0]);
  if (p && args[1] != &I->none) {
    p->self = args[1];
    fe_incref(args[1]);
  }
  return (Obj *)p;
}

static Obj *wrapper_ctor(Interp *I, Class *cls, Obj *fn) {
  Method *m = (Method *)fe_new(I, cls, sizeof(Method));
  if (m) {
    m->fn = fn;
    fe_incref(fn);
  }
  return (Obj *)m;
}

static Obj *staticmethod_ctor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return wrapper_ctor(I, I->cls_staticmethod, args[0]);
}

static Obj *classmethod_ctor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return wrapper_ctor(I, I->cls_classmethod, args[0]);
}

static void wrapper_clear(Interp *I, Obj *o) {
  Method *m = (Method *)o;
  fe_setref(I, &m->fn, NULL);
  fe_setref(I, &m->self, NULL);
}

static void wrapper_traverse(Obj *o, FeVisit visit, void *arg) {
  Method *m = (Method *)o;
  if (m->fn)
    visit(m->fn, arg);
  if (m->self)
    visit(m->self, arg);
}

const Layout fe_property_layout = {
    .name = "property", .size = sizeof(Method), .clear = wrapper_clear,
        .traverse = wrapper_traverse,
};
const Layout fe_staticmethod_layout = {
    .name = "staticmethod", .size = sizeof(Method), .clear = wrapper_clear,
        .traverse = wrapper_traverse,
};
const Layout fe_classmethod_layout = {
    .name = "classmethod", .size = sizeof(Method), .clear = wrapper_clear,
        .traverse = wrapper_traverse,
};

static const FeFnDef property_methods[] = {
    {"setter", m_setter, "(fset, /)", NULL, NULL},
    {"getter", m_getter, "(fget, /)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeClassDef fe_property_class = {
    .name = "property", .layout = &fe_property_layout, .ctor = property_ctor,
    .ctor_sig = "(fget=None, fset=None, fdel=None, doc=None)", .methods = property_methods,
};
const FeClassDef fe_staticmethod_class = {
    .name = "staticmethod", .layout = &fe_staticmethod_layout, .ctor = staticmethod_ctor,
    .ctor_sig = "(function, /)",
};
const FeClassDef fe_classmethod_class = {
    .name = "classmethod", .layout = &fe_classmethod_layout, .ctor = classmethod_ctor,
    .ctor_sig = "(function, /)",
};

/* ---- super ---- */

typedef struct {
  Obj hd;
  Class *cls;         /* look after this class in self's */
  Obj *self;
} Super;

Obj *fe_super(Interp *I, Class *cls, Obj *self) {
  Super *s = (Super *)fe_new(I, I->cls_super, sizeof(Super));
  if (!s)
    return NULL;
  s->cls = cls;
  fe_incref(&cls->hd);
  s->self = self;
  fe_incref(self);
  return (Obj *)s;
}

static void super_clear(Interp *I, Obj *o) {
  Super *s = (Super *)o;
  Obj *c = s->cls ? &s->cls->hd : NULL;
  s->cls = NULL;
  fe_decref(I, c);
  fe_setref(I, &s->self, NULL);
}

static void super_traverse(Obj *o, FeVisit visit, void *arg) {
  Super *s = (Super *)o;
  if (s->cls)
    visit(&s->cls->hd, arg);
  if (s->self)
    visit(s->self, arg);
}

static Obj *super_getattr(Interp *I, Obj *o, Obj *name) {
  Super *s = (Super *)o;
  Obj *v = fe_class_lookup(s->cls->base, name);
  if (!v)
    return fe_throw(I, EXC_AttributeError, "'super' object has no attribute '%s'", FE_STR(name)->s);
  if (FE_IS(v, function) || (FE_IS(v, native) && !((Native *)v)->self))
    return fe_bound_method(I, v, s->self);
  if (FE_IS(v, property))
    return property_get(I, v, s->self);
  if (FE_IS(v, staticmethod)) {
    fe_incref(((Method *)v)->fn);
    return ((Method *)v)->fn;
  }
  if (FE_IS(v, classmethod))
    return fe_bound_method(I, ((Method *)v)->fn, &s->self->cls->hd);
  fe_incref(v);
  return v;
}

const Layout fe_super_layout = {
    .name = "super", .size = sizeof(Super), .clear = super_clear, .traverse = super_traverse,
    .getattr = super_getattr,
};

/* ---- object and type ---- */

static Obj *object_init(Interp *I, Obj *self, Obj **args) {
  (void)self;
  (void)args;
  return fe_none(I);
}

static const FeFnDef object_methods[] = {
    {"__init__", object_init, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeClassDef fe_object_class = {
    .name = "object", .layout = &fe_instance_layout, .methods = object_methods,
};

static Obj *none_repr(Interp *I, Obj *o) {
  (void)o;
  return fe_str_cstr(I, "None");
}

static int none_truth(Interp *I, Obj *o) {
  (void)I;
  (void)o;
  return 0;
}

static Obj *ellipsis_repr(Interp *I, Obj *o) {
  (void)o;
  return fe_str_cstr(I, "Ellipsis");
}

static Obj *notimpl_repr(Interp *I, Obj *o) {
  (void)o;
  return fe_str_cstr(I, "NotImplemented");
}

const Layout fe_none_layout = {.name = "NoneType", .size = sizeof(Obj), .repr = none_repr,
                               .truth = none_truth};
const Layout fe_ellipsis_layout = {.name = "ellipsis", .size = sizeof(Obj), .repr = ellipsis_repr};
const Layout fe_notimpl_layout = {.name = "NotImplementedType", .size = sizeof(Obj),
                                  .repr = notimpl_repr};

/* ---- cells ---- */

static void cell_clear(Interp *I, Obj *o) {
  fe_setref(I, &((Cell *)o)->value, NULL);
}

static void cell_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((Cell *)o)->value)
    visit(((Cell *)o)->value, arg);
}

const Layout fe_cell_layout = {
    .name = "cell", .size = sizeof(Cell), .clear = cell_clear, .traverse = cell_traverse,
};
