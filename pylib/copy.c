/* copy.c — Python's copy module: copy.copy (a new container with the same items; a new
 * instance of a user class with the same attributes; an array's copy) and copy.deepcopy
 * (the same, all the way down, each object copied once however often it is reached, so
 * shared parts and cycles come out shared and cyclic). Immutable values (numbers, strings,
 * functions, classes, modules) are themselves; what nnc cannot copy is refused by type.
 */
#include "pylib.h"

enum { MAX_DEPTH = 500 };

typedef struct {
  Interp *I;
  Obj *memo;          /* id(original) -> its copy */
  int depth;
} Deep;

static bool immutable(Interp *I, Obj *v) {
  return v == &I->none || v == &I->ellipsis || fe_is_number(I, v) || FE_ISA(I, v, str) ||
         FE_ISA(I, v, type) || FE_ISA(I, v, function) || FE_ISA(I, v, native) ||
         FE_ISA(I, v, module) || FE_ISA(I, v, range) || FE_ISA(I, v, slice) ||
         FE_ISA(I, v, frozen) || (pl_is_array(v) && PL_ND(v)->scalar) ||
         v->cls->layout == &pl_dtype_layout;
}

static Obj *deep(Deep *d, Obj *v);

/* A new instance of v's class whose attributes are v's: deep copies of them with d (the copy
 * remembered first, for cycles), else the same values. */
static Obj *instance_copy(Interp *I, Obj *v, Deep *d) {
  Obj *attrs = fe_getattr_str(I, v, "__dict__");
  Obj *r = attrs ? fe_new(I, v->cls, 0) : NULL;
  if (r && d) {
    Obj *key = fe_int(I, (int64_t)(intptr_t)v);
    int ok = key ? fe_dict_set(I, d->memo, key, r) : -1;
    fe_decref(I, key);
    if (ok < 0)
      fe_setref(I, &r, NULL);
  }
  int64_t pos = 0;
  Obj *k, *x;
  while (r && fe_dict_next(attrs, &pos, &k, &x)) {
    Obj *c = d ? deep(d, x) : x;
    if (!c || fe_setattr(I, r, k, c) < 0)
      fe_setref(I, &r, NULL);
    if (d)
      fe_decref(I, c);
  }
  fe_decref(I, attrs);
  return r;
}

static Obj *refuse(Interp *I, const char *fn, Obj *v) {
  return fe_throw(I, EXC_TypeError, "copy.%s() of a %s is not supported in nnc model files", fn,
                  fe_typename(v));
}

static Obj *shallow(Interp *I, Obj *v) {
  if (immutable(I, v) || FE_ISA(I, v, tuple)) {
    fe_incref(v);
    return v;
  }
  if (FE_ISA(I, v, list) || FE_ISA(I, v, dict) || FE_ISA(I, v, set) || pl_is_array(v))
    return fe_call_method(I, v, "copy", NULL, 0);
  if (v->cls->layout == &fe_instance_layout)
    return instance_copy(I, v, NULL);
  return refuse(I, "copy", v);
}

static Obj *c_copy(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return shallow(I, args[0]);
}

/* ---- deepcopy ---- */

/* Records v's copy r in the memo; r on success, NULL (r dropped) on failure. */
static Obj *remember(Deep *d, Obj *v, Obj *r) {
  Obj *key = r ? fe_int(d->I, (int64_t)(intptr_t)v) : NULL;
  int ok = key ? fe_dict_set(d->I, d->memo, key, r) : -1;
  fe_decref(d->I, key);
  if (ok < 0)
    fe_setref(d->I, &r, NULL);
  return r;
}

static Obj *deep_items(Deep *d, Obj *v) {
  Interp *I = d->I;
  if (FE_ISA(I, v, list)) {
    Obj *r = remember(d, v, fe_list_new(I, 0));
    for (int64_t i = 0; r && i < FE_LIST(v)->n; i++) {
      Obj *c = deep(d, FE_LIST(v)->v[i]);
      if (!c || fe_list_append(I, r, c) < 0)
        fe_setref(I, &r, NULL);
      fe_decref(I, c);
    }
    return r;
  }
  if (FE_ISA(I, v, tuple)) {
    Obj *r = fe_tuple_new(I, FE_TUPLE(v)->n);
    for (int64_t i = 0; r && i < FE_TUPLE(v)->n; i++)
      if (!(FE_TUPLE(r)->v[i] = deep(d, FE_TUPLE(v)->v[i])))
        fe_setref(I, &r, NULL);
    return remember(d, v, r);
  }
  bool dict = FE_ISA(I, v, dict);
  Obj *r = remember(d, v, dict ? fe_dict_new(I) : fe_set_new(I, false));
  int64_t pos = 0;
  Obj *k, *x;
  while (r && fe_dict_next(v, &pos, &k, &x)) {
    Obj *ck = deep(d, k), *cx = ck && dict ? deep(d, x) : NULL;
    if (!ck || (dict ? !cx || fe_dict_set(I, r, ck, cx) < 0 : fe_set_add(I, r, ck) < 0))
      fe_setref(I, &r, NULL);
    fe_decref(I, ck);
    fe_decref(I, cx);
  }
  return r;
}

static Obj *deep(Deep *d, Obj *v) {
  Interp *I = d->I;
  if (immutable(I, v)) {
    fe_incref(v);
    return v;
  }
  Obj *key = fe_int(I, (int64_t)(intptr_t)v);
  int err = 0;
  Obj *seen = key ? fe_dict_get(I, d->memo, key, &err) : NULL;
  fe_decref(I, key);
  if (seen || err || !key) {
    if (seen)
      fe_incref(seen);
    return seen ? seen : I->exc_pending ? NULL : fe_nomem(I);
  }
  if (d->depth >= MAX_DEPTH)
    return fe_throw(I, EXC_RecursionError, "maximum recursion depth exceeded in deepcopy");
  d->depth++;
  Obj *r;
  if (FE_ISA(I, v, list) || FE_ISA(I, v, tuple) || FE_ISA(I, v, dict) || FE_ISA(I, v, set))
    r = deep_items(d, v);
  else if (pl_is_array(v))
    r = remember(d, v, fe_call_method(I, v, "copy", NULL, 0));
  else if (v->cls->layout == &fe_instance_layout)
    r = instance_copy(I, v, d);
  else
    r = refuse(I, "deepcopy", v);
  d->depth--;
  return r;
}

static Obj *c_deepcopy(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (args[1] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "deepcopy(memo=...) is not supported by nnc yet");
  Deep d = {I, fe_dict_new(I), 0};
  Obj *r = d.memo ? deep(&d, args[0]) : NULL;
  fe_decref(I, d.memo);
  return r;
}

static const FeFnDef fns[] = {
    {"copy", c_copy, "(x, /)", NULL, NULL},
    {"deepcopy", c_deepcopy, "(x, memo=None)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_copy_def = {.name = "copy", .fns = fns};
