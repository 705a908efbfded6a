/* plt_cycler.c — cycler(), as matplotlib re-exports it (matplotlib.cycler, pyplot.cycler)
 * and the cycler package gives it: the value of rcParams['axes.prop_cycle']. A Cycler holds
 * one list of values per property, all as long; nnc draws its 'color' list (plt_rc.c).
 * by_key() gives them back, as tutorials read the colour cycle:
 * plt.rcParams['axes.prop_cycle'].by_key()['color']. */
#include "pylib.h"

typedef struct {
  Obj hd;
  Obj *by_key;   /* owned: a dict from property name to its list of values */
} Cycler;

static void cy_clear(Interp *I, Obj *o) {
  fe_setref(I, &((Cycler *)o)->by_key, NULL);
}

static void cy_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((Cycler *)o)->by_key)
    visit(((Cycler *)o)->by_key, arg);
}

static Obj *cy_repr(Interp *I, Obj *o);
static Obj *cy_iter(Interp *I, Obj *self);
static int64_t cy_len(Interp *I, Obj *self);
static const Layout layout = {.name = "Cycler", .size = sizeof(Cycler), .clear = cy_clear,
                              .traverse = cy_traverse, .repr = cy_repr, .len = cy_len,
                              .iter = cy_iter};

/* How many values each property has (they all have as many). */
static int64_t cy_len_of(Obj *o) {
  Obj *k, *v;
  int64_t pos = 0;
  return fe_dict_next(((Cycler *)o)->by_key, &pos, &k, &v) ? FE_LIST(v)->n : 0;
}

/* cycler(cycler) | cycler(label, values) | cycler(**kwargs) */
static Obj *cy_new(Interp *I, Obj *cls, Obj **args) {
  Obj *pos = args[0], *kw = args[1], *const *p;
  int64_t np;
  if (!fe_seq_items(I, pos, &p, &np))
    return NULL;
  Cycler *c = NULL;
  if (np == 1 && p[0]->cls->layout == &layout && FE_DICT(kw)->count == 0) {   /* a copy */
    c = (Cycler *)fe_new(I, (Class *)cls, sizeof(Cycler));
    if (c && !(c->by_key = fe_call_method(I, ((Cycler *)p[0])->by_key, "copy", NULL, 0)))
      fe_setref(I, (Obj **)&c, NULL);
    return (Obj *)c;
  }
  if ((np != 0 && np != 2) || (np == 2 && FE_DICT(kw)->count > 0) ||
      (np == 0 && FE_DICT(kw)->count == 0))
    return fe_throw(I, EXC_TypeError, "cycler() takes a label and its values, or keywords "
                    "naming properties");
  c = (Cycler *)fe_new(I, (Class *)cls, sizeof(Cycler));
  if (!c || !(c->by_key = fe_dict_new(I)))
    return c ? (fe_decref(I, &c->hd), fe_nomem(I)) : NULL;
  Obj *k, *v;
  int64_t n = -1;
  for (int64_t at = 0, i = 0; np == 2 ? i < 1 : fe_dict_next(kw, &at, &k, &v); i++) {
    if (np == 2)
      k = p[0], v = p[1];
    Obj *list = FE_ISA(I, k, str) ? fe_list_from_iter(I, v) : NULL;
    bool ok = list && (n < 0 || FE_LIST(list)->n == n) && fe_dict_set(I, c->by_key, k, list) == 0;
    if (list && n >= 0 && FE_LIST(list)->n != n)
      fe_throw(I, EXC_ValueError, "Can only add equal length cycles");
    else if (!FE_ISA(I, k, str))
      fe_throw(I, EXC_TypeError, "a cycler's property is named by a str");
    n = list ? FE_LIST(list)->n : n;
    fe_decref(I, list);
    if (!ok) {
      fe_decref(I, &c->hd);
      return NULL;
    }
  }
  return &c->hd;
}

Obj *pl_cycler_colors(Interp *I, Obj *v) {
  if (v->cls->layout != &layout)
    return fe_throw(I, EXC_TypeError, "not a cycler");
  Obj *colors = fe_dict_getstr(I, ((Cycler *)v)->by_key, "color");
  if (!colors)
    return fe_throw(I, EXC_ValueError, "the cycler has no 'color'");
  return fe_incref(colors), colors;
}

Obj *pl_cycler_of_colors(Interp *I, const uint32_t *c, int n) {
  Obj *list = fe_list_new(I, n);
  for (int i = 0; list && i < n; i++)
    if (!(FE_LIST(list)->v[i] = fe_strf(I, "#%06x", c[i] & 0xffffff)))
      fe_setref(I, &list, NULL);
  Obj *mod = list ? fe_import(I, "cycler") : NULL;
  Obj *cls = mod ? fe_getattr_str(I, mod, "Cycler") : NULL;
  Obj *label = cls ? fe_str_cstr(I, "color") : NULL;
  Obj *args[2] = {label, list};
  Obj *r = label ? fe_call(I, cls, args, 2, NULL) : NULL;
  fe_decref(I, label), fe_decref(I, cls), fe_decref(I, mod), fe_decref(I, list);
  return r;
}

static Obj *cy_by_key(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return fe_call_method(I, ((Cycler *)self)->by_key, "copy", NULL, 0);
}

/* Iteration: a dict of each property's i-th value, for each i. */
static Obj *cy_items(Interp *I, Obj *self) {
  int64_t n = cy_len_of(self);
  Obj *out = fe_list_new(I, n);
  for (int64_t i = 0; out && i < n; i++) {
    Obj *d = FE_LIST(out)->v[i] = fe_dict_new(I);
    Obj *k, *v;
    for (int64_t pos = 0; d && fe_dict_next(((Cycler *)self)->by_key, &pos, &k, &v);)
      if (fe_dict_set(I, d, k, FE_LIST(v)->v[i]) < 0)
        d = NULL;
    if (!d)
      fe_setref(I, &out, NULL);
  }
  return out;
}

static Obj *cy_iter(Interp *I, Obj *self) {
  Obj *items = cy_items(I, self), *it = items ? fe_iter(I, items) : NULL;
  fe_decref(I, items);
  return it;
}

static int64_t cy_len(Interp *I, Obj *self) {
  (void)I;
  return cy_len_of(self);
}

static Obj *cy_keys(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return fe_call_method(I, ((Cycler *)self)->by_key, "keys", NULL, 0);
}

/* cycler('color', ['#1f77b4', ...]), as the cycler package writes one property */
static Obj *cy_repr(Interp *I, Obj *o) {
  Obj *k, *v;
  int64_t pos = 0;
  if (!fe_dict_next(((Cycler *)o)->by_key, &pos, &k, &v))
    return fe_strf(I, "cycler()");
  Obj *rk = fe_repr(I, k), *rv = rk ? fe_repr(I, v) : NULL;
  Obj *r = rv ? fe_strf(I, "cycler(%s, %s)", FE_STR(rk)->s, FE_STR(rv)->s) : NULL;
  fe_decref(I, rk), fe_decref(I, rv);
  return r;
}

static const FeFnDef methods[] = {
    {"by_key", cy_by_key, "()", "dict", NULL},
    {"keys", cy_keys, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeClassDef classes[] = {
    {.name = "Cycler", .layout = &layout, .ctor = cy_new, .ctor_sig = "(*args, **kwargs)",
     .methods = methods},
    {.name = NULL},
};

/* cycler(...): a Cycler, as the class makes it */
static Obj *cycler(Interp *I, Obj *self, Obj **args) {
  (void)self;
  Obj *mod = fe_import(I, "cycler");
  Obj *cls = mod ? fe_getattr_str(I, mod, "Cycler") : NULL;
  Obj *r = cls ? cy_new(I, cls, args) : NULL;
  fe_decref(I, cls), fe_decref(I, mod);
  return r;
}

const FeFnDef pl_cycler_fns[] = {
    {"cycler", cycler, "(*args, **kwargs)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_cycler_def = {.name = "cycler", .fns = pl_cycler_fns, .classes = classes};
