/* list.c — the list type: a growable array of references, with Python's slice assignment,
 * in-place += and a stable sort (merge sort, so equal keys keep their order, and a key
 * function is called once per item).
 */
#include <string.h>

#include "frontend.h"
#include "base.h"

static int reserve(Interp *I, List *l, int64_t n) {
  if (n <= l->cap)
    return 0;
  if (n > ((int64_t)1 << 40) / (int64_t)sizeof(Obj *)) {
    fe_throw(I, EXC_MemoryError, "list too long");
    return -1;
  }
  int64_t cap = l->cap ? l->cap : 4;
  while (cap < n)
    cap *= 2;
  Obj **v = base_realloc(l->v, (size_t)cap * sizeof *v);
  if (!v) {
    fe_nomem(I);
    return -1;
  }
  l->v = v;
  l->cap = cap;
  return 0;
}

Obj *fe_list_new(Interp *I, int64_t n) {
  List *l = (List *)fe_new(I, I->cls_list, sizeof(List));
  if (!l)
    return NULL;
  if (reserve(I, l, n) < 0) {
    fe_decref(I, (Obj *)l);
    return NULL;
  }
  if (n)
    memset(l->v, 0, (size_t)n * sizeof(Obj *));
  l->n = n;
  return (Obj *)l;
}

int fe_list_append(Interp *I, Obj *list, Obj *v) {
  List *l = FE_LIST(list);
  if (reserve(I, l, l->n + 1) < 0)
    return -1;
  fe_incref(v);
  l->v[l->n++] = v;
  return 0;
}

int fe_list_append_text(Interp *I, Obj *list, const char *text) {
  Obj *s = fe_str_cstr(I, text);
  int r = s ? fe_list_append(I, list, s) : -1;
  fe_decref(I, s);
  return r;
}

int fe_list_extend(Interp *I, Obj *list, Obj *iterable) {
  Obj *const *items;
  int64_t n;
  if (fe_seq_items(I, iterable, &items, &n)) {
    List *l = FE_LIST(list);
    if (reserve(I, l, l->n + n) < 0)
      return -1;
    fe_seq_items(I, iterable, &items, &n);  /* l.extend(l): the items moved with the reserve */
    for (int64_t i = 0; i < n; i++) {
      Obj *v = items[i];
      fe_incref(v);
      l->v[l->n + i] = v;
    }
    l->n += n;
    return 0;
  }
  Obj *it = fe_iter(I, iterable);
  if (!it)
    return -1;
  for (Obj *x; (x = fe_next(I, it));) {
    int r = fe_list_append(I, list, x);
    fe_decref(I, x);
    if (r < 0)
      break;
  }
  fe_decref(I, it);
  return I->exc_pending ? -1 : 0;
}

Obj *fe_list_from_iter(Interp *I, Obj *iterable) {
  Obj *l = fe_list_new(I, 0);
  if (l && fe_list_extend(I, l, iterable) < 0) {
    fe_decref(I, l);
    return NULL;
  }
  return l;
}

/* ---- layout ---- */

static void list_clear(Interp *I, Obj *o) {
  List *l = FE_LIST(o);
  Obj **v = l->v;
  int64_t n = l->n;
  l->v = NULL;
  l->n = l->cap = 0;
  for (int64_t i = 0; i < n; i++)
    fe_decref(I, v[i]);
  base_free(v);
}

static void list_traverse(Obj *o, FeVisit visit, void *arg) {
  List *l = FE_LIST(o);
  for (int64_t i = 0; i < l->n; i++)
    if (l->v[i])
      visit(l->v[i], arg);
}

static Obj *list_repr(Interp *I, Obj *o) {
  return fe_container_repr(I, o, FE_LIST(o)->v, FE_LIST(o)->n, "[", "]");
}

static int64_t list_len(Interp *I, Obj *o) {
  (void)I;
  return FE_LIST(o)->n;
}

static Obj *list_compare(Interp *I, int cmp, Obj *a, Obj *b) {
  if (!FE_IS(b, list))
    return fe_notimpl(I);
  int r = fe_seq_compare(I, cmp, FE_LIST(a)->v, FE_LIST(a)->n, FE_LIST(b)->v, FE_LIST(b)->n);
  return r < 0 ? NULL : fe_bool(I, r);
}

static Obj *list_getitem(Interp *I, Obj *o, Obj *key) {
  List *l = FE_LIST(o);
  if (FE_IS(key, slice))
    return fe_seq_slice(I, l->v, l->n, key, true);
  int64_t i;
  if (fe_seq_index(I, key, l->n, "list", &i) < 0)
    return NULL;
  fe_incref(l->v[i]);
  return l->v[i];
}

/* Replaces items start..stop (step 1) with the items of src. */
static int replace_range(Interp *I, List *l, int64_t start, int64_t stop, Obj *const *src,
                         int64_t n) {
  if (stop < start)
    stop = start;
  int64_t old = stop - start, grow = n - old;
  Obj **gone = old ? base_malloc((size_t)old * sizeof(Obj *)) : NULL;
  if ((old && !gone) || reserve(I, l, l->n + (grow > 0 ? grow : 0)) < 0) {
    base_free(gone);
    if (!I->exc_pending)
      fe_nomem(I);
    return -1;
  }
  if (old)
    memcpy(gone, l->v + start, (size_t)old * sizeof(Obj *));
  memmove(l->v + start + n, l->v + stop, (size_t)(l->n - stop) * sizeof(Obj *));
  for (int64_t i = 0; i < n; i++) {
    l->v[start + i] = src[i];
    fe_incref(src[i]);
  }
  l->n += grow;
  for (int64_t i = 0; i < old; i++)
    fe_decref(I, gone[i]);
  base_free(gone);
  return 0;
}

static int assign_slice(Interp *I, List *l, Obj *key, Obj *v) {
  int64_t start, stop, step, count;
  if (fe_slice_indices(I, key, l->n, &start, &stop, &step, &count) < 0)
    return -1;
  Obj *seq = v ? fe_list_from_iter(I, v) : fe_list_new(I, 0);
  if (!seq)
    return -1;
  List *s = FE_LIST(seq);
  int r = 0;
  if (step == 1) {
    r = replace_range(I, l, start, stop, s->v, s->n);
  } else if (!v) {                       /* del l[a:b:k] */
    for (int64_t i = count - 1; i >= 0 && r == 0; i--) {
      int64_t at = start + i * step;
      r = replace_range(I, l, at, at + 1, NULL, 0);
    }
  } else if (s->n != count) {
    fe_throw(I, EXC_ValueError,
             "attempt to assign sequence of size %lld to extended slice of size %lld",
             (long long)s->n, (long long)count);
    r = -1;
  } else {
    for (int64_t i = 0; i < count; i++) {
      fe_incref(s->v[i]);
      fe_setref(I, &l->v[start + i * step], s->v[i]);
    }
  }
  fe_decref(I, seq);
  return r;
}

static int list_setitem(Interp *I, Obj *o, Obj *key, Obj *v) {
  List *l = FE_LIST(o);
  if (FE_IS(key, slice))
    return assign_slice(I, l, key, v);
  int64_t i;
  if (fe_seq_index(I, key, l->n, "list", &i) < 0) {
    if (fe_pending(I, EXC_IndexError)) {
      fe_decref(I, fe_exc_take(I));
      fe_throw(I, EXC_IndexError, "list assignment index out of range");
    }
    return -1;
  }
  if (!v)
    return replace_range(I, l, i, i + 1, NULL, 0);
  fe_incref(v);
  fe_setref(I, &l->v[i], v);
  return 0;
}

static int list_contains(Interp *I, Obj *o, Obj *x) {
  return fe_seq_contains(I, FE_LIST(o)->v, FE_LIST(o)->n, x);
}

static Obj *list_binop(Interp *I, int op, Obj *a, Obj *b, bool reflected) {
  return fe_seq_binop(I, op, a, b, reflected, true);
}

static Obj *list_inplace(Interp *I, int op, Obj *a, Obj *b) {
  if (op == PY_ADD) {
    if (fe_list_extend(I, a, b) < 0)
      return NULL;
    fe_incref(a);
    return a;
  }
  return fe_notimpl(I);
}

const Layout fe_list_layout = {
    .name = "list", .size = sizeof(List), .clear = list_clear, .traverse = list_traverse,
    .repr = list_repr, .hash = NULL, .binop = list_binop, .inplace = list_inplace,
    .compare = list_compare, .len = list_len, .getitem = list_getitem, .setitem = list_setitem,
    .contains = list_contains, .iter = fe_seq_iter,
};

/* ---- sort ---- */

typedef struct {
  Obj *key, *value;
} Pair;

/* a < b by the keys: 1, 0, or -1 with an exception. */
static int less(Interp *I, const Pair *a, const Pair *b) {
  Obj *r = fe_compare(I, PYC_LT, a->key, b->key);
  if (!r)
    return -1;
  int t = fe_truth(I, r);
  fe_decref(I, r);
  return t;
}

static int merge_sort(Interp *I, Pair *v, Pair *tmp, int64_t n) {
  if (n < 2)
    return 0;
  int64_t h = n / 2;
  if (merge_sort(I, v, tmp, h) < 0 || merge_sort(I, v + h, tmp, n - h) < 0)
    return -1;
  int64_t i = 0, j = h, k = 0;
  while (i < h && j < n) {
    int lt = less(I, &v[j], &v[i]);   /* take from the right only when strictly less: stable */
    if (lt < 0)
      return -1;
    tmp[k++] = lt ? v[j++] : v[i++];
  }
  while (i < h)
    tmp[k++] = v[i++];
  while (j < n)
    tmp[k++] = v[j++];
  memcpy(v, tmp, (size_t)n * sizeof *v);
  return 0;
}

int fe_list_sort(Interp *I, Obj *list, Obj *key, bool reverse) {
  List *l = FE_LIST(list);
  int64_t n = l->n;
  if (n < 2)
    return 0;
  Pair *v = base_malloc((size_t)n * 2 * sizeof(Pair));
  if (!v) {
    fe_nomem(I);
    return -1;
  }
  int64_t nkeys = 0;
  int r = 0;
  for (int64_t i = 0; i < n; i++) {
    Obj *k = key && key != &I->none ? fe_call1(I, key, l->v[i]) : l->v[i];
    if (!k) {
      r = -1;
      break;
    }
    if (!key || key == &I->none)
      fe_incref(k);
    v[i] = (Pair){k, l->v[i]};
    nkeys++;
  }
  if (r == 0 && reverse)    /* reverse, sort, reverse: equal items keep their order */
    for (int64_t a = 0, b = n - 1; a < b; a++, b--) {
      Pair t = v[a];
      v[a] = v[b];
      v[b] = t;
    }
  if (r == 0)
    r = merge_sort(I, v, v + n, n);
  if (r == 0 && reverse)
    for (int64_t a = 0, b = n - 1; a < b; a++, b--) {
      Pair t = v[a];
      v[a] = v[b];
      v[b] = t;
    }
  if (r == 0 && l->n == n)
    for (int64_t i = 0; i < n; i++)
      l->v[i] = v[i].value;
  for (int64_t i = 0; i < nkeys; i++)
    fe_decref(I, v[i].key);
  base_free(v);
  return r;
}

/* ---- methods ---- */

#define SELF FE_LIST(self)

static Obj *m_append(Interp *I, Obj *self, Obj **args) {
  return fe_list_append(I, self, args[0]) < 0 ? NULL : fe_none(I);
}

static Obj *m_extend(Interp *I, Obj *self, Obj **args) {
  return fe_list_extend(I, self, args[0]) < 0 ? NULL : fe_none(I);
}

static Obj *m_insert(Interp *I, Obj *self, Obj **args) {
  int64_t i;
  if (fe_as_int(I, args[0], &i) < 0)
    return NULL;
  if (i < 0)
    i = i + SELF->n < 0 ? 0 : i + SELF->n;
  if (i > SELF->n)
    i = SELF->n;
  return replace_range(I, SELF, i, i, &args[1], 1) < 0 ? NULL : fe_none(I);
}

static Obj *m_pop(Interp *I, Obj *self, Obj **args) {
  int64_t i;
  if (fe_as_int(I, args[0], &i) < 0)
    return NULL;
  if (SELF->n == 0)
    return fe_throw(I, EXC_IndexError, "pop from empty list");
  if (i < 0)
    i += SELF->n;
  if (i < 0 || i >= SELF->n)
    return fe_throw(I, EXC_IndexError, "pop index out of range");
  Obj *v = SELF->v[i];
  memmove(SELF->v + i, SELF->v + i + 1, (size_t)(SELF->n - i - 1) * sizeof(Obj *));
  SELF->n--;
  return v;
}

static int64_t find(Interp *I, List *l, Obj *x) {
  for (int64_t i = 0; i < l->n; i++) {
    int e = fe_eq(I, l->v[i], x);
    if (e < 0)
      return -2;
    if (e)
      return i;
  }
  return -1;
}

static Obj *m_remove(Interp *I, Obj *self, Obj **args) {
  int64_t i = find(I, SELF, args[0]);
  if (i == -1)
    return fe_throw(I, EXC_ValueError, "list.remove(x): x not in list");
  return i < 0 || replace_range(I, SELF, i, i + 1, NULL, 0) < 0 ? NULL : fe_none(I);
}

static Obj *m_index(Interp *I, Obj *self, Obj **args) {
  int64_t i = find(I, SELF, args[0]);
  if (i == -1) {
    Obj *r = fe_repr(I, args[0]);
    Obj *e = r ? fe_throw(I, EXC_ValueError, "%s is not in list", FE_STR(r)->s) : NULL;
    fe_decref(I, r);
    return e;
  }
  return i < 0 ? NULL : fe_int(I, i);
}

static Obj *m_count(Interp *I, Obj *self, Obj **args) {
  int64_t n = 0;
  for (int64_t i = 0; i < SELF->n; i++) {
    int e = fe_eq(I, SELF->v[i], args[0]);
    if (e < 0)
      return NULL;
    n += e;
  }
  return fe_int(I, n);
}

static Obj *m_sort(Interp *I, Obj *self, Obj **args) {
  int rev = fe_truth(I, args[1]);
  if (rev < 0 || fe_list_sort(I, self, args[0], rev) < 0)
    return NULL;
  return fe_none(I);
}

static Obj *m_reverse(Interp *I, Obj *self, Obj **args) {
  (void)args;
  for (int64_t a = 0, b = SELF->n - 1; a < b; a++, b--) {
    Obj *t = SELF->v[a];
    SELF->v[a] = SELF->v[b];
    SELF->v[b] = t;
  }
  return fe_none(I);
}

static Obj *m_copy(Interp *I, Obj *self, Obj **args) {
  (void)args;
  Obj *r = fe_list_new(I, 0);
  if (r && fe_list_extend(I, r, self) < 0) {
    fe_decref(I, r);
    return NULL;
  }
  return r;
}

static Obj *m_clear(Interp *I, Obj *self, Obj **args) {
  (void)args;
  list_clear(I, self);
  return fe_none(I);
}

static Obj *list_ctor(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return args[0] ? fe_list_from_iter(I, args[0]) : fe_list_new(I, 0);
}

static const FeFnDef list_methods[] = {
    {"append", m_append, "(object, /)", NULL, NULL},
    {"extend", m_extend, "(iterable, /)", NULL, NULL},
    {"insert", m_insert, "(index, object, /)", NULL, NULL},
    {"pop", m_pop, "(index=-1, /)", NULL, NULL},
    {"remove", m_remove, "(value, /)", NULL, NULL},
    {"index", m_index, "(value, /)", NULL, NULL},
    {"count", m_count, "(value, /)", NULL, NULL},
    {"sort", m_sort, "(*, key=None, reverse=False)", NULL, NULL},
    {"reverse", m_reverse, "()", NULL, NULL},
    {"copy", m_copy, "()", NULL, NULL},
    {"clear", m_clear, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeClassDef fe_list_class = {
    .name = "list", .layout = &fe_list_layout, .ctor = list_ctor, .ctor_sig = "(iterable=(), /)",
    .methods = list_methods,
};
