/* dict.c — dicts and sets: one hash table that keeps insertion order.
 *
 * Entries are appended to an array (a deleted one leaves a hole with key NULL); an index
 * table of a power-of-two size maps hashes to entries by linear probing, -1 marking an empty
 * slot and -2 a deleted one. Growing rebuilds both and drops the holes. A set is the same
 * table with NULL values. Keys compare as Python's do (1 == 1.0 == True hash alike);
 * str keys, the common case, compare by bytes without calling back into Python.
 */
#include <string.h>

#include "frontend.h"
#include "base.h"

enum { EMPTY = -1, DELETED = -2 };

static bool same_str(const Obj *a, const Obj *b) {
  const Str *x = (const Str *)a, *y = (const Str *)b;
  return x->len == y->len && memcmp(x->s, y->s, (size_t)x->len) == 0;
}

static bool is_str(const Obj *o) {
  return o->cls->layout == &fe_str_layout;
}

/* The hash of a key (I may be NULL for str keys). */
static int key_hash(Interp *I, Obj *key, int64_t *h) {
  if (is_str(key)) {
    *h = fe_str_hash(FE_STR(key));
    return 0;
  }
  if (!I)
    return -1;
  const Layout *L = key->cls->layout;
  if (!L->hash && (L == &fe_list_layout || L == &fe_dict_layout || L == &fe_set_layout ||
                   (L->user == false && L->getitem && L->setitem))) {
    fe_throw(I, EXC_TypeError, "unhashable type: '%s'", fe_typename(key));
    return -1;
  }
  return fe_hash(I, key, h);
}

/* The entry holding key, or -1; -2 with an exception. *slot: where it is or would go. */
static int64_t lookup(Interp *I, Dict *d, Obj *key, int64_t h, int64_t *slot) {
  if (!d->nindex) {
    *slot = -1;
    return -1;
  }
  uint64_t mask = (uint64_t)d->nindex - 1, i = (uint64_t)h & mask;
  int64_t first_free = -1;
  for (int64_t probes = 0; probes < d->nindex; probes++, i = (i + 1) & mask) {
    int64_t ix = d->index[i];
    if (ix == EMPTY) {
      *slot = first_free >= 0 ? first_free : (int64_t)i;
      return -1;
    }
    if (ix == DELETED) {
      if (first_free < 0)
        first_free = (int64_t)i;
      continue;
    }
    DictEntry *e = &d->e[ix];
    if (e->key == key) {
      *slot = (int64_t)i;
      return ix;
    }
    if (e->hash != h)
      continue;
    int eq;
    if (is_str(key) && is_str(e->key))
      eq = same_str(key, e->key);
    else if (!I)
      eq = 0;
    else
      eq = fe_eq(I, e->key, key);
    if (eq < 0)
      return -2;
    if (eq) {
      *slot = (int64_t)i;
      return ix;
    }
  }
  *slot = first_free;
  return -1;
}

static int rebuild(Interp *I, Dict *d, int64_t want) {
  int64_t nindex = 8;
  while (nindex * 2 < want * 3)
    nindex *= 2;
  int64_t *index = base_malloc((size_t)nindex * sizeof *index);
  DictEntry *e = base_malloc((size_t)(want > 4 ? want : 4) * sizeof *e);
  if (!index || !e) {
    base_free(index);
    base_free(e);
    fe_nomem(I);
    return -1;
  }
  for (int64_t i = 0; i < nindex; i++)
    index[i] = EMPTY;
  int64_t n = 0;
  for (int64_t k = 0; k < d->ne; k++) {
    if (!d->e[k].key)
      continue;
    e[n] = d->e[k];
    uint64_t i = (uint64_t)e[n].hash & (uint64_t)(nindex - 1);
    while (index[i] != EMPTY)
      i = (i + 1) & (uint64_t)(nindex - 1);
    index[i] = n++;
  }
  base_free(d->index);
  base_free(d->e);
  d->index = index;
  d->nindex = nindex;
  d->e = e;
  d->ne = n;
  d->cape = want > 4 ? want : 4;
  return 0;
}

Obj *fe_dict_new(Interp *I) {
  return fe_new(I, I->cls_dict, sizeof(Dict));
}

Obj *fe_set_new(Interp *I, bool frozen) {
  return fe_new(I, frozen ? I->cls_frozen : I->cls_set, sizeof(Dict));
}

Obj *fe_dict_get(Interp *I, Obj *d, Obj *key, int *err) {
  int64_t h, slot;
  if (key_hash(I, key, &h) < 0) {
    *err = -1;
    return NULL;
  }
  int64_t ix = lookup(I, FE_DICT(d), key, h, &slot);
  if (ix == -2)
    *err = -1;
  return ix >= 0 ? FE_DICT(d)->e[ix].value : NULL;
}

static int64_t find_cstr(Dict *d, const char *key) {
  size_t n = strlen(key);
  for (int64_t k = 0; k < d->ne; k++) {
    Obj *ek = d->e[k].key;
    if (ek && is_str(ek) && (size_t)FE_STR(ek)->len == n && memcmp(FE_STR(ek)->s, key, n) == 0)
      return k;
  }
  return -1;
}

Obj *fe_dict_getstr(Interp *I, Obj *d, const char *key) {
  (void)I;
  int64_t k = find_cstr(FE_DICT(d), key);
  return k >= 0 ? FE_DICT(d)->e[k].value : NULL;
}

/* Inserts or replaces; value NULL for sets. */
static int insert(Interp *I, Dict *d, Obj *key, Obj *value) {
  int64_t h, slot;
  if (key_hash(I, key, &h) < 0)
    return -1;
  int64_t ix = lookup(I, d, key, h, &slot);
  if (ix == -2)
    return -1;
  if (ix >= 0) {
    if (value) {
      fe_incref(value);
      fe_setref(I, &d->e[ix].value, value);
    }
    return 0;
  }
  if (slot < 0 || d->ne == d->cape || (d->ne + 1) * 3 > d->nindex * 2) {
    if (rebuild(I, d, (d->count + 1) * 2) < 0)
      return -1;
    lookup(I, d, key, h, &slot);
  }
  fe_incref(key);
  if (value)
    fe_incref(value);
  d->e[d->ne] = (DictEntry){h, key, value};
  d->index[slot] = d->ne++;
  d->count++;
  return 0;
}

int fe_dict_set(Interp *I, Obj *d, Obj *key, Obj *v) {
  return insert(I, FE_DICT(d), key, v);
}

int fe_dict_setstr(Interp *I, Obj *d, const char *key, Obj *v) {
  Obj *k = fe_str_cstr(I, key);
  if (!k)
    return -1;
  int r = insert(I, FE_DICT(d), k, v);
  fe_decref(I, k);
  return r;
}

int fe_dict_del(Interp *I, Obj *d, Obj *key) {
  Dict *t = FE_DICT(d);
  int64_t h, slot;
  if (key_hash(I, key, &h) < 0)
    return -1;
  int64_t ix = lookup(I, t, key, h, &slot);
  if (ix < 0)
    return ix == -2 ? -1 : 0;
  t->index[slot] = DELETED;
  Obj *k = t->e[ix].key, *v = t->e[ix].value;
  t->e[ix].key = t->e[ix].value = NULL;
  t->count--;
  fe_decref(I, k);
  fe_decref(I, v);
  return 1;
}

bool fe_dict_next(Obj *d, int64_t *pos, Obj **key, Obj **value) {
  Dict *t = FE_DICT(d);
  while (*pos < t->ne) {
    DictEntry *e = &t->e[(*pos)++];
    if (e->key) {
      *key = e->key;
      if (value)
        *value = e->value;
      return true;
    }
  }
  return false;
}

int fe_set_add(Interp *I, Obj *s, Obj *v) {
  return insert(I, FE_DICT(s), v, NULL);
}

int fe_set_contains(Interp *I, Obj *s, Obj *v) {
  int err = 0;
  int64_t h, slot;
  if (key_hash(I, v, &h) < 0)
    return -1;
  int64_t ix = lookup(I, FE_DICT(s), v, h, &slot);
  (void)err;
  return ix == -2 ? -1 : ix >= 0;
}

Obj *fe_dict_keys_list(Interp *I, Obj *d) {
  Obj *l = fe_list_new(I, 0);
  int64_t pos = 0;
  Obj *k;
  while (l && fe_dict_next(d, &pos, &k, NULL))
    if (fe_list_append(I, l, k) < 0) {
      fe_decref(I, l);
      return NULL;
    }
  return l;
}

/* ---- layout ---- */

static void dict_clear(Interp *I, Obj *o) {
  Dict *d = FE_DICT(o);
  DictEntry *e = d->e;
  int64_t ne = d->ne;
  base_free(d->index);
  d->e = NULL;
  d->index = NULL;
  d->ne = d->cape = d->count = d->nindex = 0;
  for (int64_t i = 0; i < ne; i++) {
    fe_decref(I, e[i].key);
    fe_decref(I, e[i].value);
  }
  base_free(e);
}

static void dict_traverse(Obj *o, FeVisit visit, void *arg) {
  Dict *d = FE_DICT(o);
  for (int64_t i = 0; i < d->ne; i++) {
    if (d->e[i].key)
      visit(d->e[i].key, arg);
    if (d->e[i].value)
      visit(d->e[i].value, arg);
  }
}

static Obj *dict_repr(Interp *I, Obj *o) {
  bool again;
  if (!fe_repr_enter(I, o, &again))
    return NULL;
  if (again)
    return fe_str_cstr(I, "{...}");
  BaseBuf b = {0};
  base_buf_puts(&b, "{");
  int64_t pos = 0, i = 0;
  Obj *k, *v;
  bool ok = true;
  while (ok && fe_dict_next(o, &pos, &k, &v)) {
    if (i++)
      base_buf_puts(&b, ", ");
    ok = fe_sb_repr(I, &b, k);
    base_buf_puts(&b, ": ");
    ok = ok && fe_sb_repr(I, &b, v);
  }
  base_buf_puts(&b, "}");
  fe_repr_leave(I, o);
  if (!ok) {
    base_buf_free(&b);
    return NULL;
  }
  return fe_sb_finish(I, &b);
}

static int64_t dict_len(Interp *I, Obj *o) {
  (void)I;
  return FE_DICT(o)->count;
}

static Obj *dict_getitem(Interp *I, Obj *o, Obj *key) {
  int err = 0;
  Obj *v = fe_dict_get(I, o, key, &err);
  if (v) {
    fe_incref(v);
    return v;
  }
  if (err)
    return NULL;
  Obj *missing = fe_class_lookup(o->cls, I->names.missing);
  if (missing && o->cls != I->cls_dict)
    return fe_call2(I, missing, o, key);
  return fe_key_error(I, key);
}

Obj *fe_key_error(Interp *I, Obj *key) {
  Obj *args = fe_tuple_pack(I, 1, key);
  Obj *e = args ? fe_new(I, I->exc[EXC_KeyError], 0) : NULL;
  if (!e) {
    fe_decref(I, args);
    return NULL;
  }
  ((Exc *)e)->args = args;
  fe_raise(I, e);
  fe_decref(I, e);
  return NULL;
}

static int dict_setitem(Interp *I, Obj *o, Obj *key, Obj *v) {
  if (v)
    return fe_dict_set(I, o, key, v);
  int r = fe_dict_del(I, o, key);
  if (r == 0) {
    Obj *e = dict_getitem(I, o, key);   /* raises the KeyError */
    fe_decref(I, e);
    return -1;
  }
  return r < 0 ? -1 : 0;
}

static int dict_contains(Interp *I, Obj *o, Obj *key) {
  int err = 0;
  Obj *v = fe_dict_get(I, o, key, &err);
  return err ? -1 : v != NULL;
}

static Obj *dict_compare(Interp *I, int cmp, Obj *a, Obj *b) {
  if ((cmp != PYC_EQ && cmp != PYC_NE) || !fe_isinstance(b, I->cls_dict))
    return fe_notimpl(I);
  bool eq = FE_DICT(a)->count == FE_DICT(b)->count;
  int64_t pos = 0;
  Obj *k, *v;
  while (eq && fe_dict_next(a, &pos, &k, &v)) {
    int err = 0;
    Obj *w = fe_dict_get(I, b, k, &err);
    if (err)
      return NULL;
    int e = w ? fe_eq(I, v, w) : 0;
    if (e < 0)
      return NULL;
    eq = e;
  }
  return fe_bool(I, eq == (cmp == PYC_EQ));
}

static int update(Interp *I, Obj *d, Obj *src) {
  if (fe_isinstance(src, I->cls_dict)) {
    int64_t pos = 0;
    Obj *k, *v;
    while (fe_dict_next(src, &pos, &k, &v))
      if (fe_dict_set(I, d, k, v) < 0)
        return -1;
    return 0;
  }
  Obj *keys = fe_getattr_str(I, src, "keys");
  if (keys) {                       /* a mapping: keys() and [] */
    Obj *ks = fe_call0(I, keys);
    fe_decref(I, keys);
    Obj *it = ks ? fe_iter(I, ks) : NULL;
    fe_decref(I, ks);
    for (Obj *k; it && (k = fe_next(I, it));) {
      Obj *v = fe_getitem(I, src, k);
      int r = v ? fe_dict_set(I, d, k, v) : -1;
      fe_decref(I, v);
      fe_decref(I, k);
      if (r < 0)
        break;
    }
    fe_decref(I, it);
    return I->exc_pending ? -1 : 0;
  }
  fe_decref(I, fe_exc_take(I));
  Obj *it = fe_iter(I, src);
  if (!it)
    return -1;
  int64_t i = 0;
  for (Obj *pair; (pair = fe_next(I, it)); i++) {
    Obj *l = fe_list_from_iter(I, pair);
    fe_decref(I, pair);
    if (!l)
      break;
    int r = -1;
    if (FE_LIST(l)->n != 2)
      fe_throw(I, EXC_ValueError,
               "dictionary update sequence element #%lld has length %lld; 2 is required",
               (long long)i, (long long)FE_LIST(l)->n);
    else
      r = fe_dict_set(I, d, FE_LIST(l)->v[0], FE_LIST(l)->v[1]);
    fe_decref(I, l);
    if (r < 0)
      break;
  }
  fe_decref(I, it);
  return I->exc_pending ? -1 : 0;
}

static Obj *dict_binop(Interp *I, int op, Obj *a, Obj *b, bool reflected) {
  if (op != PY_OR || reflected || !fe_isinstance(b, I->cls_dict))
    return fe_notimpl(I);
  Obj *r = fe_dict_new(I);
  if (r && (update(I, r, a) < 0 || update(I, r, b) < 0)) {
    fe_decref(I, r);
    return NULL;
  }
  return r;
}

static Obj *dict_inplace(Interp *I, int op, Obj *a, Obj *b) {
  if (op != PY_OR)
    return fe_notimpl(I);
  if (update(I, a, b) < 0)
    return NULL;
  fe_incref(a);
  return a;
}

static Obj *dict_iter(Interp *I, Obj *o) {
  Obj *v = fe_dict_view(I, o, VIEW_KEYS);
  Obj *it = v ? fe_iter(I, v) : NULL;
  fe_decref(I, v);
  return it;
}

const Layout fe_dict_layout = {
    .name = "dict", .size = sizeof(Dict), .clear = dict_clear, .traverse = dict_traverse,
    .repr = dict_repr, .binop = dict_binop, .inplace = dict_inplace, .compare = dict_compare,
    .len = dict_len, .getitem = dict_getitem, .setitem = dict_setitem, .contains = dict_contains,
    .iter = dict_iter,
};

/* ---- dict methods ---- */

static Obj *d_get(Interp *I, Obj *self, Obj **args) {
  int err = 0;
  Obj *v = fe_dict_get(I, self, args[0], &err);
  if (err)
    return NULL;
  v = v ? v : args[1];
  fe_incref(v);
  return v;
}

static Obj *d_keys(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return fe_dict_view(I, self, VIEW_KEYS);
}

static Obj *d_values(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return fe_dict_view(I, self, VIEW_VALUES);
}

static Obj *d_items(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return fe_dict_view(I, self, VIEW_ITEMS);
}

static Obj *d_pop(Interp *I, Obj *self, Obj **args) {
  int err = 0;
  Obj *v = fe_dict_get(I, self, args[0], &err);
  if (err)
    return NULL;
  if (!v) {
    if (args[1])
      return fe_incref(args[1]), args[1];
    return dict_getitem(I, self, args[0]);
  }
  fe_incref(v);
  if (fe_dict_del(I, self, args[0]) < 0) {
    fe_decref(I, v);
    return NULL;
  }
  return v;
}

static Obj *d_popitem(Interp *I, Obj *self, Obj **args) {
  (void)args;
  Dict *d = FE_DICT(self);
  for (int64_t i = d->ne - 1; i >= 0; i--)
    if (d->e[i].key) {
      Obj *t = fe_tuple_pack(I, 2, d->e[i].key, d->e[i].value);
      if (t && fe_dict_del(I, self, FE_TUPLE(t)->v[0]) < 0) {
        fe_decref(I, t);
        return NULL;
      }
      return t;
    }
  return fe_throw(I, EXC_KeyError, "popitem(): dictionary is empty");
}

static Obj *d_setdefault(Interp *I, Obj *self, Obj **args) {
  int err = 0;
  Obj *v = fe_dict_get(I, self, args[0], &err);
  if (err)
    return NULL;
  if (!v) {
    if (fe_dict_set(I, self, args[0], args[1]) < 0)
      return NULL;
    v = args[1];
  }
  fe_incref(v);
  return v;
}

static Obj *d_update(Interp *I, Obj *self, Obj **args) {
  if (args[0] && update(I, self, args[0]) < 0)
    return NULL;
  if (update(I, self, args[1]) < 0)
    return NULL;
  return fe_none(I);
}

static Obj *d_copy(Interp *I, Obj *self, Obj **args) {
  (void)args;
  Obj *r = fe_dict_new(I);
  if (r && update(I, r, self) < 0) {
    fe_decref(I, r);
    return NULL;
  }
  return r;
}

static Obj *d_clear(Interp *I, Obj *self, Obj **args) {
  (void)args;
  dict_clear(I, self);
  return fe_none(I);
}

static Obj *d_fromkeys(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *r = fe_dict_new(I);
  Obj *it = r ? fe_iter(I, args[0]) : NULL;
  for (Obj *k; it && (k = fe_next(I, it));) {
    int st = fe_dict_set(I, r, k, args[1]);
    fe_decref(I, k);
    if (st < 0)
      break;
  }
  fe_decref(I, it);
  if (I->exc_pending) {
    fe_decref(I, r);
    return NULL;
  }
  return r;
}

static Obj *dict_ctor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *r = fe_dict_new(I);
  if (r && ((args[0] && update(I, r, args[0]) < 0) || update(I, r, args[1]) < 0)) {
    fe_decref(I, r);
    return NULL;
  }
  return r;
}

static const FeFnDef dict_methods[] = {
    {"get", d_get, "(key, default=None, /)", NULL, NULL},
    {"keys", d_keys, "()", NULL, NULL},
    {"values", d_values, "()", NULL, NULL},
    {"items", d_items, "()", NULL, NULL},
    {"pop", d_pop, "(key, default=<missing>, /)", NULL, NULL},
    {"popitem", d_popitem, "()", NULL, NULL},
    {"setdefault", d_setdefault, "(key, default=None, /)", NULL, NULL},
    {"update", d_update, "(other=<missing>, /, **kwargs)", NULL, NULL},
    {"copy", d_copy, "()", NULL, NULL},
    {"clear", d_clear, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeFnDef dict_static[] = {
    {"fromkeys", d_fromkeys, "(iterable, value=None, /)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeClassDef fe_dict_class = {
    .name = "dict", .layout = &fe_dict_layout, .ctor = dict_ctor,
    .ctor_sig = "(mapping=<missing>, /, **kwargs)", .methods = dict_methods, .statics = dict_static,
};

/* ---- sets ---- */

static Obj *set_repr(Interp *I, Obj *o) {
  bool frozen = FE_IS(o, frozen);
  if (FE_DICT(o)->count == 0)
    return fe_str_cstr(I, frozen ? "frozenset()" : "set()");
  bool again;
  if (!fe_repr_enter(I, o, &again))
    return NULL;
  if (again)
    return fe_strf(I, "%s(...)", fe_typename(o));
  BaseBuf b = {0};
  base_buf_puts(&b, frozen ? "frozenset({" : "{");
  int64_t pos = 0, i = 0;
  Obj *k;
  bool ok = true;
  while (ok && fe_dict_next(o, &pos, &k, NULL)) {
    if (i++)
      base_buf_puts(&b, ", ");
    ok = fe_sb_repr(I, &b, k);
  }
  base_buf_puts(&b, frozen ? "})" : "}");
  fe_repr_leave(I, o);
  if (!ok) {
    base_buf_free(&b);
    return NULL;
  }
  return fe_sb_finish(I, &b);
}

static bool is_set(Interp *I, Obj *o) {
  return FE_IS(o, set) || FE_IS(o, frozen);
}

static int set_update(Interp *I, Obj *s, Obj *iterable) {
  Obj *it = fe_iter(I, iterable);
  if (!it)
    return -1;
  for (Obj *x; (x = fe_next(I, it));) {
    int r = fe_set_add(I, s, x);
    fe_decref(I, x);
    if (r < 0)
      break;
  }
  fe_decref(I, it);
  return I->exc_pending ? -1 : 0;
}

/* The set of items of a (kept when keep(b contains x) is true). */
static Obj *filtered(Interp *I, Obj *a, Obj *b, bool want_in_b, bool frozen) {
  Obj *r = fe_set_new(I, frozen);
  int64_t pos = 0;
  Obj *k;
  while (r && fe_dict_next(a, &pos, &k, NULL)) {
    int in = fe_set_contains(I, b, k);
    if (in < 0 || (in == want_in_b && fe_set_add(I, r, k) < 0)) {
      fe_decref(I, r);
      return NULL;
    }
  }
  return r;
}

static Obj *set_binop(Interp *I, int op, Obj *a, Obj *b, bool reflected) {
  if (!is_set(I, b))
    return fe_notimpl(I);
  if (reflected) {
    Obj *t = a;
    a = b;
    b = t;
  }
  bool frozen = FE_IS(a, frozen);
  switch (op) {
  case PY_OR: {
    Obj *r = fe_set_new(I, frozen);
    if (r && (set_update(I, r, a) < 0 || set_update(I, r, b) < 0)) {
      fe_decref(I, r);
      return NULL;
    }
    return r;
  }
  case PY_AND: return filtered(I, a, b, true, frozen);
  case PY_SUB: return filtered(I, a, b, false, frozen);
  case PY_XOR: {
    Obj *x = filtered(I, a, b, false, frozen), *y = x ? filtered(I, b, a, false, frozen) : NULL;
    int r = y ? set_update(I, x, y) : -1;
    fe_decref(I, y);
    if (r < 0) {
      fe_decref(I, x);
      return NULL;
    }
    return x;
  }
  default: return fe_notimpl(I);
  }
}

static Obj *set_inplace(Interp *I, int op, Obj *a, Obj *b) {
  if (FE_IS(a, frozen) || !is_set(I, b))
    return fe_notimpl(I);
  Obj *r = set_binop(I, op, a, b, false);
  if (!r || r == &I->notimpl)
    return r;
  dict_clear(I, a);
  int st = set_update(I, a, r);
  fe_decref(I, r);
  if (st < 0)
    return NULL;
  fe_incref(a);
  return a;
}

/* Every item of a is in b. */
static int subset(Interp *I, Obj *a, Obj *b) {
  int64_t pos = 0;
  Obj *k;
  while (fe_dict_next(a, &pos, &k, NULL)) {
    int in = fe_set_contains(I, b, k);
    if (in <= 0)
      return in;
  }
  return 1;
}

static Obj *set_compare(Interp *I, int cmp, Obj *a, Obj *b) {
  if (!is_set(I, b))
    return fe_notimpl(I);
  int64_t na = FE_DICT(a)->count, nb = FE_DICT(b)->count;
  int r;
  switch (cmp) {
  case PYC_EQ: case PYC_NE:
    r = na == nb ? subset(I, a, b) : 0;
    if (r >= 0 && cmp == PYC_NE)
      r = !r;
    break;
  case PYC_LE: r = subset(I, a, b); break;
  case PYC_LT: r = na < nb ? subset(I, a, b) : 0; break;
  case PYC_GE: r = subset(I, b, a); break;
  default: r = na > nb ? subset(I, b, a) : 0; break;
  }
  return r < 0 ? NULL : fe_bool(I, r);
}

static int set_hash(Interp *I, Obj *o, int64_t *h) {
  uint64_t acc = 0;
  int64_t pos = 0;
  Obj *k;
  while (fe_dict_next(o, &pos, &k, NULL)) {
    int64_t x;
    if (fe_hash(I, k, &x) < 0)
      return -1;
    acc ^= ((uint64_t)x ^ 89869747ull) * 3644798167ull;
  }
  *h = (int64_t)(acc >> 1);
  return 0;
}

static int set_contains(Interp *I, Obj *o, Obj *v) {
  return fe_set_contains(I, o, v);
}

static Obj *set_iter(Interp *I, Obj *o) {
  Obj *v = fe_dict_view(I, o, VIEW_KEYS);
  Obj *it = v ? fe_iter(I, v) : NULL;
  fe_decref(I, v);
  return it;
}

const Layout fe_set_layout = {
    .name = "set", .size = sizeof(Dict), .clear = dict_clear, .traverse = dict_traverse,
    .repr = set_repr, .binop = set_binop, .inplace = set_inplace, .compare = set_compare,
    .len = dict_len, .contains = set_contains, .iter = set_iter,
};
const Layout fe_frozenset_layout = {
    .name = "frozenset", .size = sizeof(Dict), .clear = dict_clear, .traverse = dict_traverse,
    .repr = set_repr, .hash = set_hash, .binop = set_binop, .compare = set_compare,
    .len = dict_len, .contains = set_contains, .iter = set_iter,
};

static Obj *s_add(Interp *I, Obj *self, Obj **args) {
  return fe_set_add(I, self, args[0]) < 0 ? NULL : fe_none(I);
}

static Obj *s_discard(Interp *I, Obj *self, Obj **args) {
  return fe_dict_del(I, self, args[0]) < 0 ? NULL : fe_none(I);
}

static Obj *s_remove(Interp *I, Obj *self, Obj **args) {
  int r = fe_dict_del(I, self, args[0]);
  if (r == 0)
    return fe_key_error(I, args[0]);
  return r < 0 ? NULL : fe_none(I);
}

static Obj *s_pop(Interp *I, Obj *self, Obj **args) {
  (void)args;
  Dict *d = FE_DICT(self);
  for (int64_t i = 0; i < d->ne; i++)
    if (d->e[i].key) {
      Obj *k = d->e[i].key;
      fe_incref(k);
      fe_dict_del(I, self, k);
      return k;
    }
  return fe_throw(I, EXC_KeyError, "pop from an empty set");
}

static Obj *s_update(Interp *I, Obj *self, Obj **args) {
  Tuple *t = FE_TUPLE(args[0]);
  for (int64_t i = 0; i < t->n; i++)
    if (set_update(I, self, t->v[i]) < 0)
      return NULL;
  return fe_none(I);
}

/* union/intersection/difference/symmetric_difference with any iterables. */
static Obj *s_combine(Interp *I, Obj *self, Obj **args, int op) {
  Obj *acc = self;
  fe_incref(acc);
  Tuple *t = FE_TUPLE(args[0]);
  for (int64_t i = 0; acc && i < t->n; i++) {
    Obj *other = fe_set_new(I, false);
    if (other && set_update(I, other, t->v[i]) < 0) {
      fe_decref(I, other);
      other = NULL;
    }
    Obj *r = other ? set_binop(I, op, acc, other, false) : NULL;
    fe_decref(I, other);
    fe_decref(I, acc);
    acc = r;
  }
  if (acc == self) {
    fe_decref(I, acc);
    Obj *r = fe_set_new(I, FE_IS(self, frozen));
    if (r && set_update(I, r, self) < 0) {
      fe_decref(I, r);
      return NULL;
    }
    return r;
  }
  return acc;
}

static Obj *s_union(Interp *I, Obj *self, Obj **args) {
  return s_combine(I, self, args, PY_OR);
}
static Obj *s_intersection(Interp *I, Obj *self, Obj **args) {
  return s_combine(I, self, args, PY_AND);
}
static Obj *s_difference(Interp *I, Obj *self, Obj **args) {
  return s_combine(I, self, args, PY_SUB);
}
static Obj *s_symdiff(Interp *I, Obj *self, Obj **args) {
  return s_combine(I, self, args, PY_XOR);
}

static Obj *s_relation(Interp *I, Obj *self, Obj *other, bool sub) {
  Obj *o = fe_set_new(I, false);
  if (!o || set_update(I, o, other) < 0) {
    fe_decref(I, o);
    return NULL;
  }
  int r = sub ? subset(I, self, o) : subset(I, o, self);
  fe_decref(I, o);
  return r < 0 ? NULL : fe_bool(I, r);
}

static Obj *s_issubset(Interp *I, Obj *self, Obj **args) {
  return s_relation(I, self, args[0], true);
}
static Obj *s_issuperset(Interp *I, Obj *self, Obj **args) {
  return s_relation(I, self, args[0], false);
}

static Obj *s_isdisjoint(Interp *I, Obj *self, Obj **args) {
  Obj *it = fe_iter(I, args[0]);
  int found = 0;
  for (Obj *x; it && !found && (x = fe_next(I, it));) {
    found = fe_set_contains(I, self, x);
    fe_decref(I, x);
  }
  fe_decref(I, it);
  return I->exc_pending ? NULL : fe_bool(I, !found);
}

static Obj *s_copy(Interp *I, Obj *self, Obj **args) {
  (void)args;
  Obj *r = fe_set_new(I, FE_IS(self, frozen));
  if (r && set_update(I, r, self) < 0) {
    fe_decref(I, r);
    return NULL;
  }
  return r;
}

static Obj *set_ctor_common(Interp *I, Obj **args, bool frozen) {
  Obj *r = fe_set_new(I, frozen);
  if (r && args[0] && set_update(I, r, args[0]) < 0) {
    fe_decref(I, r);
    return NULL;
  }
  return r;
}

static Obj *set_ctor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return set_ctor_common(I, args, false);
}

static Obj *frozenset_ctor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return set_ctor_common(I, args, true);
}

static const FeFnDef set_methods[] = {
    {"add", s_add, "(elem, /)", NULL, NULL},
    {"discard", s_discard, "(elem, /)", NULL, NULL},
    {"remove", s_remove, "(elem, /)", NULL, NULL},
    {"pop", s_pop, "()", NULL, NULL},
    {"update", s_update, "(*others)", NULL, NULL},
    {"clear", d_clear, "()", NULL, NULL},
    {"union", s_union, "(*others)", NULL, NULL},
    {"intersection", s_intersection, "(*others)", NULL, NULL},
    {"difference", s_difference, "(*others)", NULL, NULL},
    {"symmetric_difference", s_symdiff, "(*others)", NULL, NULL},
    {"issubset", s_issubset, "(other, /)", NULL, NULL},
    {"issuperset", s_issuperset, "(other, /)", NULL, NULL},
    {"isdisjoint", s_isdisjoint, "(other, /)", NULL, NULL},
    {"copy", s_copy, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeFnDef frozenset_methods[] = {
    {"union", s_union, "(*others)", NULL, NULL},
    {"intersection", s_intersection, "(*others)", NULL, NULL},
    {"difference", s_difference, "(*others)", NULL, NULL},
    {"symmetric_difference", s_symdiff, "(*others)", NULL, NULL},
    {"issubset", s_issubset, "(other, /)", NULL, NULL},
    {"issuperset", s_issuperset, "(other, /)", NULL, NULL},
    {"isdisjoint", s_isdisjoint, "(other, /)", NULL, NULL},
    {"copy", s_copy, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeClassDef fe_set_class = {
    .name = "set", .layout = &fe_set_layout, .ctor = set_ctor,
        .ctor_sig = "(iterable=<missing>, /)",
    .methods = set_methods,
};
const FeClassDef fe_frozenset_class = {
    .name = "frozenset", .layout = &fe_frozenset_layout, .ctor = frozenset_ctor,
    .ctor_sig = "(iterable=<missing>, /)", .methods = frozenset_methods,
};
