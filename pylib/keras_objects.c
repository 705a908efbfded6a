/* keras_objects.c — the Keras objects a model is made of: layers, losses, optimizers and
 * callbacks (each a KObj holding its constructor's arguments by name), Keras tensors of the
 * functional API, and the checks of the names Keras accepts as strings.
 *
 * A row per class: its signature is Keras 3's, so a call is checked and bound as Keras binds
 * it; arguments nnc cannot honour yet are accepted by name and refused when given a value.
 * Calling a layer on Keras tensors records a new tensor; shapes that cannot fit are refused
 * at that call, as Keras refuses them.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "pylib.h"

/* ---- the names Keras accepts as strings (the tables of names/) ---- */

/* The table's id for a str v, or -1 (also for a str with a NUL inside). */
static int find_name(Interp *I, const NameTable *t, Obj *v) {
  if (!v || !FE_ISA(I, v, str) || strlen(FE_STR(v)->s) != (size_t)FE_STR(v)->len)
    return -1;
  return names_find(t, FE_STR(v)->s);
}

int pl_loss_kind(const char *name) {
  return names_find(&names_losses, name);
}

int pl_optimizer_kind(const char *name) {
  return names_find(&names_optimizers, name);
}

/* A str argument that must be a name of table t: 0, or the table's message (a hint only
 * for a slip of the same name, or that Keras has the name and nnc does not yet). */
static int vocab(Interp *I, const NameTable *t, Obj *v, char *msg, size_t len) {
  if (find_name(I, t, v) >= 0)
    return 0;
  char q[64];
  fe_quote(q, sizeof q, FE_STR(v)->s, (size_t)FE_STR(v)->len, 40);
  names_unknown(t, FE_STR(v)->s, q, msg, len);
  return FE_VALUE_ERR;
}

static void show(Interp *I, Obj *v, char *buf, size_t n) {
  Obj *r = fe_repr(I, v);
  if (r && FE_STR(r)->len <= 60)
    snprintf(buf, n, "%s", FE_STR(r)->s);
  else
    snprintf(buf, n, "a %s", fe_typename(v));
  fe_decref(I, r);
  fe_decref(I, fe_exc_take(I));
}

/* activation=: None, a name, a function of keras.activations or of keras.ops (which Keras
 * calls as it is, with keras.ops's defaults), or the object a call of one with arguments makes
 * ({"class_name": ..., "config": {...}}; nnc's layer config checks it). */
static int c_activation(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  (void)p;
  if (v == &I->none || pl_activation_function(I, v) >= 0 || pl_ops_activation_function(I, v) >= 0)
    return 0;
  if (FE_ISA(I, v, str))
    return vocab(I, &names_activations, v, msg, n);
  Obj *cls = FE_ISA(I, v, dict) ? fe_dict_getstr(I, v, "class_name") : NULL;
  if (cls && FE_ISA(I, cls, str))
    return vocab(I, &names_activations, cls, msg, n);
  char s[160] = "a Python function (a lambda or def): nnc compiles the model and does not run "
                "Python inside it";
  if (!FE_ISA(I, v, function))
    show(I, v, s, sizeof s);
  snprintf(msg, n, "activation must be the name of an activation such as 'relu' or a function "
           "of keras.activations or keras.ops, found %s", s);
  return FE_TYPE_ERR;
}

static int c_initializer(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  if (pl_is_kobj(I, v, KK_CONFIG_OBJECT, KK_CONFIG_OBJECT))
    return 0;
  if (FE_ISA(I, v, str))
    return vocab(I, &names_initializers, v, msg, n);
  char s[80];
  show(I, v, s, sizeof s);
  snprintf(msg, n, "%s must be the name of an initializer such as 'glorot_uniform', found %s", p,
           s);
  return FE_TYPE_ERR;
}

static int c_loss(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  (void)p;
  if (pl_is_kobj(I, v, KK_LOSS, KK_LOSS))
    return 0;
  if (FE_ISA(I, v, str))
    return vocab(I, &names_losses, v, msg, n);
  if (FE_ISA(I, v, type)) {
    const char *c = ((Class *)v)->name;
    snprintf(msg, n,
             "loss must be a loss such as BinaryCrossentropy() or 'mse', found the class %s "
             "(call it: %s(...))", c, c);
    return FE_TYPE_ERR;
  }
  char s[80];
  show(I, v, s, sizeof s);
  snprintf(msg, n, "loss must be a loss such as BinaryCrossentropy() or 'mse', found %s", s);
  return FE_TYPE_ERR;
}

/* An optimizer's learning_rate: a number >= 0 (Keras trains nothing at 0, and accepts it;
 * numpy's too, as a sweep over np.logspace gives them) or a schedule object. */
static int c_lrate(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  double d;
  if (pl_is_kobj(I, v, KK_SCHEDULE, KK_SCHEDULE))
    return 0;
  if (pl_is_real(I, v) && fe_as_double(I, v, &d) == 0 && d >= 0)
    return 0;
  char s[80];
  show(I, v, s, sizeof s);
  snprintf(msg, n, "%s must be a number >= 0 or a schedule, found %s", p, s);
  return FE_TYPE_ERR;
}

static int c_optimizer(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  (void)p;
  if (pl_is_kobj(I, v, KK_OPTIMIZER, KK_OPTIMIZER))
    return 0;
  if (FE_ISA(I, v, str))
    return vocab(I, &names_optimizers, v, msg, n);
  char s[80];
  if (FE_ISA(I, v, type)) {
    snprintf(msg, n, "optimizer must be an optimizer such as Adam() or 'adam', found the class %s "
             "(call it: %s(...))", ((Class *)v)->name, ((Class *)v)->name);
    return FE_TYPE_ERR;
  }
  show(I, v, s, sizeof s);
  snprintf(msg, n, "optimizer must be an optimizer such as Adam() or 'adam', found %s", s);
  return FE_TYPE_ERR;
}

static int c_metrics(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  Obj *const *items;
  int64_t k;
  if (v == &I->none)
    return 0;
  if (!fe_seq_items(I, v, &items, &k)) {
    char s[80];
    show(I, v, s, sizeof s);
    snprintf(msg, n, "%s must be a list of metric names such as ['accuracy'], found %s", p, s);
    return FE_TYPE_ERR;
  }
  for (int64_t i = 0; i < k; i++) {
    if (pl_is_kobj(I, items[i], KK_METRIC, KK_METRIC))
      continue;
    if (!FE_ISA(I, items[i], str)) {
      char s[80];
      show(I, items[i], s, sizeof s);
      snprintf(msg, n, "%s must hold metric names such as 'accuracy' or metric objects such "
               "as keras.metrics.AUC(), found %s", p, s);
      return FE_TYPE_ERR;
    }
    int r = vocab(I, &names_metrics, items[i], msg, n);
    if (r)
      return r;
  }
  return 0;
}

/* Whether v is one of numpy's numbers (not a Python int or float). */
static bool numpy_number(Interp *I, Obj *v) {
  return pl_is_real(I, v) && !fe_is_int(I, v) && !FE_ISA(I, v, float);
}

/* v with numpy's numbers as Python's (np.int64(16) as 16), also inside a tuple or list (a
 * shape), as Keras keeps them; a new reference, NULL with an exception. */
static Obj *python_numbers(Interp *I, Obj *v) {
  if (numpy_number(I, v))
    return pl_scalar_py(I, nd_get(PL_ND(v), NULL));
  Obj *const *items;
  int64_t n;
  bool seq = (FE_ISA(I, v, tuple) || FE_ISA(I, v, list)) && fe_seq_items(I, v, &items, &n);
  bool any = false;
  for (int64_t i = 0; seq && i < n; i++)
    any |= numpy_number(I, items[i]);
  if (!any) {
    fe_incref(v);
    return v;
  }
  Obj *out = FE_ISA(I, v, tuple) ? fe_tuple_new(I, n) : fe_list_new(I, n);
  for (int64_t i = 0; out && i < n; i++) {
    Obj *x = python_numbers(I, items[i]);
    if (!x)
      fe_setref(I, &out, NULL);
    else if (FE_ISA(I, out, tuple))
      FE_TUPLE(out)->v[i] = x;
    else
      FE_LIST(out)->v[i] = x;
  }
  return out;
}

/* A shape: a tuple (or list) of 1 to PL_KT_RANK positive ints. */
static int c_shape(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  Obj *const *items;
  int64_t k;
  char s[80];
  if (!fe_seq_items(I, v, &items, &k)) {
    show(I, v, s, sizeof s);
    snprintf(msg, n, "%s must be a tuple of positive integers such as (784,), found %s", p, s);
    return FE_TYPE_ERR;
  }
  for (int64_t i = 0; i < k; i++) {
    Obj *item = python_numbers(I, items[i]);   /* numpy's ints are ints here */
    bool good = item && fe_is_int(I, item) && !FE_ISA(I, item, bool) && ((Int *)item)->v >= 1 &&
                ((Int *)item)->v <= INT32_MAX;
    fe_decref(I, item);
    if (!good) {
      show(I, items[i], s, sizeof s);
      snprintf(msg, n,
               "%s must be a tuple of positive integers such as (784,), but item %lld is %s", p,
               (long long)i + 1, s);
      return FE_VALUE_ERR;
    }
  }
  if (k < 1 || k > PL_KT_RANK) {
    if (k)
      snprintf(msg, n, "%s of rank %lld is not supported by nnc run yet: a sample has rank 1 "
               "to %d, such as (28, 28)", p, (long long)k, PL_KT_RANK);
    else
      snprintf(msg, n, "%s must have a dimension, such as (784,)", p);
    return FE_VALUE_ERR;
  }
  return 0;
}

static int c_monitor(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  if (FE_ISA(I, v, str)) /* any log key; fit tells one it cannot follow, as Keras does */
    return 0;
  snprintf(msg, n, "%s must be a log key such as 'val_loss'", p);
  return FE_TYPE_ERR;
}

static int c_mode(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  if (FE_ISA(I, v, str) && (fe_str_is(v, "auto") || fe_str_is(v, "min") || fe_str_is(v, "max")))
    return 0;
  char s[80];
  show(I, v, s, sizeof s);
  snprintf(msg, n, "%s must be 'auto', 'min' or 'max', found %s", p, s);
  return FE_VALUE_ERR;
}

static int c_verbose(Interp *I, const char *p, Obj *v, char *msg, size_t n) {
  if ((FE_ISA(I, v, str) && strcmp(FE_STR(v)->s, "auto") == 0) ||
      (fe_is_int(I, v) && ((Int *)v)->v >= 0 && ((Int *)v)->v <= 2))
    return 0;
  char s[80];
  show(I, v, s, sizeof s);
  snprintf(msg, n, "%s must be 'auto', 0, 1 or 2, found %s", p, s);
  return FE_VALUE_ERR;
}

const FeCheckDef pl_keras_checks[] = {
    {"activation", c_activation}, {"initializer", c_initializer}, {"loss", c_loss},
    {"optimizer", c_optimizer}, {"metrics", c_metrics}, {"shape", c_shape}, {"monitor", c_monitor},
    {"mode", c_mode}, {"verbose", c_verbose}, {"lrate", c_lrate},
    {NULL, NULL},
};

/* ---- KObj ---- */

static void kobj_clear(Interp *I, Obj *o) {
  KObj *k = (KObj *)o;
  Obj *m = k->model ? &k->model->hd : NULL;
  k->model = NULL;
  fe_setref(I, &k->dict, NULL);
  fe_setref(I, &k->adapted, NULL);
  fe_decref(I, m);
}

static void kobj_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((KObj *)o)->dict)
    visit(((KObj *)o)->dict, arg);
  if (((KObj *)o)->adapted)
    visit(((KObj *)o)->adapted, arg);
  if (((KObj *)o)->model)
    visit(&((KObj *)o)->model->hd, arg);
}

static Obj *kobj_repr(Interp *I, Obj *o) {
  return fe_strf(I, "<%s.%s object>", o->cls->module, fe_typename(o));
}

static Obj *layer_call(Interp *I, Obj *f, Obj *const *args, int nargs, Obj *kwnames);

static const Layout kobj_layout = {
    .name = "KerasObject", .size = sizeof(KObj), .dict_offset = offsetof(KObj, dict),
    .clear = kobj_clear, .traverse = kobj_traverse, .repr = kobj_repr, .checker_builds = true,
};
/* Loss objects, called on data. */
static const Layout loss_layout = {
    .name = "Loss", .size = sizeof(KObj), .dict_offset = offsetof(KObj, dict),
    .clear = kobj_clear, .traverse = kobj_traverse, .repr = kobj_repr, .call = pl_loss_call,
    .checker_builds = true,
};
const Layout pl_layer_layout = {
    .name = "Layer", .size = sizeof(KObj), .dict_offset = offsetof(KObj, dict),
    .clear = kobj_clear, .traverse = kobj_traverse, .repr = kobj_repr, .call = layer_call,
    .getattr = pl_layer_getattr, .getattr_data_only = true,
    .checker_builds = true,
};

bool pl_is_kobj(Interp *I, Obj *v, KKind lo, KKind hi) {
  (void)I;
  const Layout *L = v->cls->layout;
  return (L == &kobj_layout || L == &pl_layer_layout || L == &loss_layout) &&
      ((KObj *)v)->kind >= lo && ((KObj *)v)->kind <= hi;
}

Obj *pl_kobj_arg(Interp *I, Obj *o, const char *name) {
  KObj *k = (KObj *)o;
  return k->dict ? fe_dict_getstr(I, k->dict, name) : NULL;
}

/* A KObj of class cls holding the bound arguments of its signature. */
/* Sets dict's "name" to Keras's automatic name from prefix when it holds none (or None);
 * false with an exception. */
static bool auto_named(Interp *I, Obj *dict, const char *prefix) {
  Obj *n = fe_dict_getstr(I, dict, "name");
  if (n && n != &I->none)
    return true;
  char buf[64];
  Obj *s = fe_str_cstr(I, pl_unique_name(I, prefix, buf, sizeof buf));
  bool good = s && fe_dict_setstr(I, dict, "name", s) == 0;
  fe_decref(I, s);
  return good;
}

/* A layer's name as Keras gives it when it is made: from its class's prefix ("dense"). */
static bool layer_auto_name(Interp *I, Obj *layer) {
  int row = names_find(&names_layers, fe_typename(layer));
  return auto_named(I, ((KObj *)layer)->dict, row >= 0 ? names_layer(row)->prefix : "layer");
}

/* dict[key] = v, numpy's numbers kept as Python's; false with an exception. */
static bool keep_arg(Interp *I, Obj *dict, Obj *key, Obj *v) {
  Obj *kept = python_numbers(I, v);
  bool ok = kept && fe_dict_set(I, dict, key, kept) == 0;
  fe_decref(I, kept);
  return ok;
}

static Obj *make(Interp *I, Obj *cls, KKind kind, Obj **args) {
  Class *c = (Class *)cls;
  KObj *o = (KObj *)fe_new(I, c, sizeof(KObj));
  if (!o || !(o->dict = fe_dict_new(I))) {
    fe_decref(I, o ? &o->hd : NULL);
    return NULL;
  }
  o->kind = kind;
  const Sig *sig = c->ctor_sig;
  for (int i = 0; i < sig->n; i++) {
    Obj *v = args[i];
    if (!v)
      continue;
    if (sig->p[i].kind == PK_VARKW) {        /* **kwargs: each keyword as an attribute */
      int64_t pos = 0;
      Obj *k, *x;
      while (fe_dict_next(v, &pos, &k, &x))
        if (!keep_arg(I, o->dict, k, x))
          goto fail;
    } else if (!keep_arg(I, o->dict, sig->p[i].name, v)) {
      goto fail;
    }
  }
  if (kind <= KK_LAYER && !layer_auto_name(I, &o->hd))   /* Keras names it now */
    goto fail;
  return (Obj *)o;
fail:
  fe_decref(I, (Obj *)o);
  return NULL;
}

/* Arguments nnc cannot honour yet: refused by name when given anything but their default. */
static Obj *refuse_given(Interp *I, Obj *o, const char *const *names) {
  for (int i = 0; names[i]; i++) {
    Obj *v = pl_kobj_arg(I, o, names[i]);
    if (v && v != &I->none) {
      fe_throw(I, EXC_NotImplementedError, "%s(%s=...) is not supported by nnc yet",
               fe_typename(o), names[i]);
      fe_decref(I, o);
      return NULL;
    }
  }
  return o;
}

/* ---- a layer's arguments as the config nnc_model_add_layer_config reads ---- */

static bool put(PlJson *j, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(j->buf ? j->buf + j->n : NULL, j->cap - j->n, fmt, ap);
  va_end(ap);
  if (k < 0)
    return false;
  if ((size_t)k >= j->cap - j->n) {   /* grow and write again */
    size_t cap = 2 * j->cap > j->n + (size_t)k + 1 ? 2 * j->cap : j->n + (size_t)k + 256;
    char *p = base_realloc(j->buf, cap);
    if (!p)
      return false;
    j->buf = p, j->cap = cap;
    va_start(ap, fmt);
    vsnprintf(j->buf + j->n, j->cap - j->n, fmt, ap);
    va_end(ap);
  }
  j->n += (size_t)k;
  return true;
}

void pl_json_free(PlJson *j) {
  base_free(j->buf);
  *j = (PlJson){0};
}

static bool json_value(Interp *I, PlJson *j, Obj *v);

/* An initializer, regularizer or constraint as Keras's config of it: {"class_name": its
 * class, "config": the arguments given (None ones left to Keras's defaults)}. */
static bool json_object(Interp *I, PlJson *j, Obj *v) {
  int64_t pos = 0;
  Obj *k, *x;
  bool good = put(j, "{\"class_name\": \"%s\", \"config\": {", fe_typename(v)), first = true;
  while (good && fe_dict_next(((KObj *)v)->dict, &pos, &k, &x))
    if (x != &I->none) {
      good = put(j, "%s\"%s\": ", first ? "" : ", ", FE_STR(k)->s) && json_value(I, j, x);
      first = false;
    }
  return good && put(j, "}}");
}

/* v as JSON: None, bools, ints, floats, strs, lists or tuples of them, and initializer,
 * regularizer and constraint objects. */
static bool json_value(Interp *I, PlJson *j, Obj *v) {
  Obj *const *items;
  int64_t n;
  if (pl_is_kobj(I, v, KK_CONFIG_OBJECT, KK_CONFIG_OBJECT))
    return json_object(I, j, v);
  if (v == &I->none)
    return put(j, "null");
  if (v == &I->true_.hd || v == &I->false_.hd)
    return put(j, v == &I->true_.hd ? "true" : "false");
  if (FE_ISA(I, v, int))
    return put(j, "%lld", (long long)((Int *)v)->v);
  if (FE_ISA(I, v, float))
    return isfinite(((Float *)v)->v) && put(j, "%.17g", ((Float *)v)->v);
  if (FE_ISA(I, v, str)) {
    const char *s = FE_STR(v)->s;
    bool good = strlen(s) == (size_t)FE_STR(v)->len && put(j, "\"");
    for (; good && *s; s++)
      good = (unsigned char)*s >= 0x20 && put(j, *s == '"' || *s == '\\' ? "\\%c" : "%c", *s);
    return good && put(j, "\"");
  }
  int act = pl_activation_function(I, v);     /* keras.activations.NAME: its name */
  if (act >= 0)
    return put(j, "\"%s\"", nnc_activation_name((nnc_activation)act));
  act = pl_ops_activation_function(I, v);     /* keras.ops.NAME: keras.ops's defaults */
  if (act >= 0)
    return put(j, "{\"module\": \"keras.ops\", \"class_name\": \"function\", "
               "\"config\": \"%s\"}", nnc_activation_name((nnc_activation)act));
  if (FE_ISA(I, v, dict)) {                   /* str keys: an activation with arguments */
    int64_t pos = 0;
    Obj *k, *x;
    bool good = put(j, "{");
    for (int i = 0; good && fe_dict_next(v, &pos, &k, &x); i++)
      good = FE_ISA(I, k, str) && (!i || put(j, ", ")) && json_value(I, j, k) && put(j, ": ") &&
             json_value(I, j, x);
    return good && put(j, "}");
  }
  if ((FE_ISA(I, v, list) || FE_ISA(I, v, tuple)) && fe_seq_items(I, v, &items, &n)) {
    bool good = put(j, "[");
    for (int64_t i = 0; good && i < n; i++)
      good = (!i || put(j, ", ")) && json_value(I, j, items[i]);
    return good && put(j, "]");
  }
  return false;
}

bool pl_json_put(Interp *I, PlJson *j, const char *text, Obj *v) {
  if (put(j, "%s", text) && (!v || json_value(I, j, v)))
    return true;
  fe_throw(I, EXC_TypeError, "nnc cannot write %s as a layer's configuration",
           v ? fe_typename(v) : "this");
  return false;
}

bool pl_config_json(Interp *I, Obj *layer, PlJson *j) {
  int64_t pos = 0;
  Obj *k, *v;
  j->n = 0;
  bool good = put(j, "{");
  while (good && fe_dict_next(((KObj *)layer)->dict, &pos, &k, &v)) {
    good = put(j, "%s\"%s\": ", j->n > 1 ? ", " : "", FE_STR(k)->s) && json_value(I, j, v);
    if (!good && FE_ISA(I, v, str) && strlen(FE_STR(v)->s) != (size_t)FE_STR(v)->len)
      fe_throw(I, EXC_ValueError, "%s(%s=...): embedded null byte", fe_typename(layer),
               FE_STR(k)->s);
    else if (!good)
      fe_throw(I, EXC_TypeError, "%s(%s=%s): nnc takes numbers, strings, None, lists of "
               "them and initializer, regularizer and constraint objects here",
               fe_typename(layer), FE_STR(k)->s, fe_typename(v));
  }
  return good && put(j, "}");
}

/* A layer of names/layers.def's other classes, its arguments checked as Keras's constructor
 * checks them. */
static Obj *config_layer_new(Interp *I, Obj *self, Obj **args) {
  Obj *o = make(I, self, KK_LAYER, args);
  PlJson j = {0};
  if (o && (!pl_config_json(I, o, &j) ||
            nnc_layer_check_config(fe_typename(o), j.buf) != NNC_OK)) {
    if (!I->exc_pending)
      pl_raise_status(I, NNC_ERR_ARG);
    fe_decref(I, o);
    o = NULL;
  }
  pl_json_free(&j);
  return o;
}

/* Normalization.adapt(data): nnc computes the statistics in a model, so a copy of data is
 * kept (what it held at adapt, as Keras computes them then) and the layer, in no model yet,
 * is put in one of its own whose input is a sample of data (as a call on data does): its
 * mean and variance can be read at once, as in Keras. Data of one axis has no sample shape
 * to give, so that layer adapts when it joins a model (Sequential([...]) or a call in the
 * functional API). A layer in a model already adapts there now, as Keras adapts again:
 * every model sharing the layer sees the new statistics. */
static Obj *norm_adapt(Interp *I, Obj *self, Obj **args) {
  KObj *k = (KObj *)self;
  if (args[1] != &I->none || args[2] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "adapt(batch_size=, steps=) is not supported by "
                    "nnc yet: give the data as one array");
  NdArray *a = pl_array_arg(I, args[0]), *c = a ? nd_copy(a) : NULL; /* data as it is now */
  int rank = a ? a->ndim : 0;
  nd_unref(a);
  Obj *kept = c ? pl_array_wrap(I, c) : a ? pl_nd_raise(I) : NULL;
  nnc_tensor *t = kept ? pl_tensor_from(I, kept, NNC_F64, true, "data") : NULL; /* checked */
  nnc_tensor_free(t);
  if (!t) {
    fe_decref(I, kept);
    return NULL;
  }
  fe_setref(I, &k->adapted, kept);
  if (!k->model && rank >= 2 && !pl_layer_place(I, self, kept))
    return NULL;
  return !k->model || pl_adapt_in(I, self, k->model->m, k->layer_id) ? fe_none(I) : NULL;
}

bool pl_adapt_in(Interp *I, Obj *layer, nnc_model *m, int id) {
  Obj *data = ((KObj *)layer)->adapted;
  if (!data)
    return true;
  nnc_tensor *t = pl_tensor_from(I, data, NNC_F64, true, "data");
  nnc_status st = t ? nnc_model_adapt(m, id, t) : NNC_OK;
  nnc_tensor_free(t);
  if (st != NNC_OK)
    pl_raise_status(I, st);
  return t && st == NNC_OK;
}

static const FeFnDef normalization_methods[] = {
    {"adapt", norm_adapt, "(data, batch_size=None, steps=None)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* An initializer, regularizer or constraint: its arguments, checked where a layer's config
 * carries it (nnc_model_add_layer_config). */
static Obj *config_object_new(Interp *I, Obj *self, Obj **args) {
  return make(I, self, KK_CONFIG_OBJECT, args);
}

#define CTOR(fn, kind)                                        \
  static Obj *fn(Interp *I, Obj *self, Obj **args) {          \
    return make(I, self, kind, args);                         \
  }
CTOR(activation_new, KK_ACTIVATION)
CTOR(add_new, KK_ADD)
CTOR(merge_new, KK_MERGE)
CTOR(concatenate_new, KK_CONCATENATE)
CTOR(early_stopping_new, KK_EARLY_STOPPING)
#undef CTOR

/* A learning-rate schedule: its row of names/schedules.def is its class's. */
static Obj *schedule_new(Interp *I, Obj *self, Obj **args) {
  static const char *const classes[] = {
#define SCHEDULE(id, cls, value, params, doc) [NNC_SCHEDULE_##id] = cls,
#include "schedules.def"
  };
  KObj *o = (KObj *)make(I, self, KK_SCHEDULE, args);
  for (int i = 0; o && i < (int)(sizeof classes / sizeof *classes); i++)
    if (strcmp(classes[i], ((Class *)self)->name) == 0)
      o->id = i;
  return o ? &o->hd : NULL;
}

/* A callback of names/callbacks.def other than EarlyStopping: its row is its class's. */
static Obj *callback_new(Interp *I, Obj *self, Obj **args) {
  static const char *const classes[] = {
#define CALLBACK(id, cls, member, params, doc) [PL_CB_##id] = cls,
#include "callbacks.def"
  };
  KObj *o = (KObj *)make(I, self, KK_CALLBACK, args);
  for (int i = 0; o && i < (int)(sizeof classes / sizeof *classes); i++)
    if (strcmp(classes[i], ((Class *)self)->name) == 0)
      o->id = i;
  return o ? &o->hd : NULL;
}

/* The parameters of each row's HP column, space-separated: the ones nnc honours. */
#define HP(name, type, def) #name " "
static const char *const loss_params[] = {
#define LOSS(id, short, name, cls, aliases, flags, build, params, doc) [NNC_LOSS_##id] = params "",
#include "losses.def"
};
static const char *const optimizer_params[] = {
#define OPTIMIZER(id, name, cls, rule, slots, params, doc) [NNC_OPT_##id] = params "",
#include "optimizers.def"
};
#undef HP

/* name is one of the space-separated words. */
static bool listed(const char *words, const char *name) {
  size_t n = strlen(name);
  for (const char *p = words; *p; p += *p == ' ') {
    size_t k = strcspn(p, " ");
    if (k == n && strncmp(p, name, n) == 0)
      return true;
    p += k;
  }
  return false;
}

/* A loss or optimizer object of table t (its class is the row's): Keras's other arguments
 * (label_smoothing, amsgrad, weight_decay, ...) are refused when given anything but their
 * default, so nothing a file asks for is silently left out. */
static Obj *row_object(Interp *I, Obj *cls, KKind kind, const NameTable *t,
                       const char *const *honoured, Obj **args) {
  int id = names_find(t, ((Class *)cls)->name);
  KObj *o = id < 0 ? NULL : (KObj *)make(I, cls, kind, args);
  if (!o)
    return id < 0 ? fe_throw(I, EXC_RuntimeError, "internal error: no row for %s",
                             ((Class *)cls)->name) : NULL;
  o->id = id;
  const Sig *sig = ((Class *)cls)->ctor_sig;
  for (int i = 0; i < sig->n; i++) {
    const char *name = FE_STR(sig->p[i].name)->s;
    if (listed(honoured[id], name) || !sig->p[i].def || !args[i]) /* NULL: left out */
      continue;
    int same = fe_eq(I, args[i], sig->p[i].def);
    if (same != 1) {
      if (same == 0)
        fe_throw(I, EXC_NotImplementedError, "%s(%s=...) is not supported by nnc yet",
                 ((Class *)cls)->name, name);
      fe_decref(I, &o->hd);
      return NULL;
    }
  }
  return &o->hd;
}

static Obj *loss_new(Interp *I, Obj *self, Obj **args) {
  return row_object(I, self, KK_LOSS, &names_losses, loss_params, args);
}

/* Keras 2's argument names a file may still use (ARG_ALIAS rows), with a warning. */
static const struct {
  const char *old, *now, *why;
} arg_aliases[] = {
#define ARG_ALIAS(old, new, why) {#old, #new, why},
#include "optimizers.def"
};

static int sig_index(const Sig *sig, const char *name) {
  for (int i = 0; i < sig->n; i++)
    if (strcmp(FE_STR(sig->p[i].name)->s, name) == 0)
      return i;
  return -1;
}

/* An optimizer; an aliased argument given is moved to its new name for row_object, the old
 * name is left out of the object's attributes (Keras 3 has no `lr`), and the caller's array
 * is put back as it was. */
static Obj *optimizer_new(Interp *I, Obj *self, Obj **args) {
  const Sig *sig = ((Class *)self)->ctor_sig;
  enum { NALIAS = sizeof arg_aliases / sizeof *arg_aliases };
  int from[NALIAS], to[NALIAS];
  Obj *old[NALIAS], *now[NALIAS];
  for (int a = 0; a < NALIAS; a++) {
    from[a] = sig_index(sig, arg_aliases[a].old), to[a] = sig_index(sig, arg_aliases[a].now);
    if (from[a] < 0 || to[a] < 0) {
      from[a] = -1;
      continue;
    }
    old[a] = args[from[a]], now[a] = args[to[a]];
    args[from[a]] = NULL; /* make() leaves it out */
    if (old[a] == &I->none)
      continue;
    if (!pl_state(I)->warnings_off)
      fprintf(fe_err(I), "UserWarning: %s(%s=...): %s\n", ((Class *)self)->name,
              arg_aliases[a].old, arg_aliases[a].why);
    args[to[a]] = old[a];
  }
  Obj *o = row_object(I, self, KK_OPTIMIZER, &names_optimizers, optimizer_params, args);
  for (int a = NALIAS - 1; a >= 0; a--)
    if (from[a] >= 0) {
      args[from[a]] = old[a];
      args[to[a]] = now[a];
    }
  return o;
}

/* A config layer whose Keras 2 argument `old` became `now`: a value given under the old name
 * is taken, with Keras 3's warning; the caller's array is put back as it was. */
static Obj *renamed_arg_new(Interp *I, Obj *self, Obj **args, const char *old, const char *now) {
  const Sig *sig = ((Class *)self)->ctor_sig;
  int to = sig_index(sig, now), from = sig_index(sig, old);
  Obj *given = args[from], *was = args[to];
  if (given != &I->none) {
    if (!pl_state(I)->warnings_off)
      fprintf(fe_err(I), "UserWarning: Argument `%s` is deprecated. Use `%s` instead.\n", old,
              now);
    args[to] = given;
  }
  args[from] = NULL; /* make() leaves it out */
  Obj *o = config_layer_new(I, self, args);
  args[from] = given;
  args[to] = was;
  return o;
}

/* LeakyReLU(alpha=...): Keras 2's name of negative_slope. */
static Obj *leaky_relu_new(Interp *I, Obj *self, Obj **args) {
  return renamed_arg_new(I, self, args, "alpha", "negative_slope");
}

/* InputLayer(input_shape=...): Keras 2's name of shape. */
static Obj *input_layer_new(Interp *I, Obj *self, Obj **args) {
  return renamed_arg_new(I, self, args, "input_shape", "shape");
}

static Obj *dense_new(Interp *I, Obj *self, Obj **args) {
  static const char *const later[] = {"lora_rank", NULL};
  Obj *o = make(I, self, KK_DENSE, args);
  return o ? refuse_given(I, o, later) : NULL;
}

/* ---- Keras tensors ---- */

static void kt_clear(Interp *I, Obj *o) {
  KTensor *t = (KTensor *)o;
  fe_setref(I, &t->layer, NULL);
  fe_setref(I, &t->inputs, NULL);
  fe_setref(I, &t->config, NULL);
}

static void kt_traverse(Obj *o, FeVisit visit, void *arg) {
  KTensor *t = (KTensor *)o;
  Obj *refs[] = {t->layer, t->inputs, t->config};
  for (int i = 0; i < 3; i++)
    if (refs[i])
      visit(refs[i], arg);
}

const char *pl_ktensor_shape_text(const KTensor *t, char *buf, size_t n) {
  size_t k = (size_t)snprintf(buf, n, t->rank ? "(None" : "(None,");
  for (int i = 0; i < t->rank && k < n; i++)
    k += (size_t)snprintf(buf + k, n - k, ", %lld", (long long)t->dim[i]);
  if (k < n)
    snprintf(buf + k, n - k, ")");
  return buf;
}

static Obj *kt_repr(Interp *I, Obj *o) {
  char b[80];
  return fe_strf(I, "<KerasTensor shape=%s, dtype=float32>",
                 pl_ktensor_shape_text((KTensor *)o, b, sizeof b));
}

static Obj *kt_shape(Interp *I, Obj *self) {
  return pl_batch_shape_tuple(I, ((KTensor *)self)->rank, ((KTensor *)self)->dim);
}

static const Layout ktensor_layout = {
    .name = "KerasTensor", .size = sizeof(KTensor), .clear = kt_clear, .traverse = kt_traverse,
    .repr = kt_repr, .binop = pl_ktensor_binop, .unary = pl_ktensor_unary,
};

bool pl_is_ktensor(Interp *I, Obj *v) {
  (void)I;
  return v->cls->layout == &ktensor_layout;
}

static Class *ktensor_class(Interp *I) {
  Obj *m = fe_import(I, "keras.layers");
  Obj *c = m ? fe_dict_getstr(I, ((Module *)m)->dict, "KerasTensor") : NULL;
  fe_decref(I, m);
  return c && FE_ISA(I, c, type) ? (Class *)c : NULL;
}

Obj *pl_ktensor_new(Interp *I, Obj *layer, Obj *inputs, int rank, const int64_t *dim) {
  Class *c = ktensor_class(I);
  KTensor *t = c ? (KTensor *)fe_new(I, c, sizeof(KTensor)) : NULL;
  if (!t)
    return I->exc_pending
        ? NULL : fe_throw(I, EXC_RuntimeError, "internal error: no KerasTensor class");
  t->layer = layer;
  if (layer)
    fe_incref(layer);
  t->inputs = inputs ? inputs : fe_tuple_new(I, 0);
  if (inputs)
    fe_incref(inputs);
  t->rank = rank;
  for (int i = 0; i < rank; i++)
    t->dim[i] = dim[i];
  t->serial = ++pl_state(I)->serial;
  return t->inputs ? &t->hd : (fe_decref(I, (Obj *)t), NULL);
}

Obj *pl_config_layer_new(Interp *I, Obj *cls, Obj *dict) {
  KObj *o = (KObj *)fe_new(I, (Class *)cls, sizeof(KObj));
  if (!o)
    return NULL;
  o->kind = KK_LAYER;
  o->dict = dict;
  fe_incref(dict);
  return &o->hd;
}

/* The sample shape in tuple into out's rank and dim. */
static bool sample_shape_of(Interp *I, Obj *tuple, KTensor *out) {
  const Tuple *t = FE_TUPLE(tuple);
  out->rank = (int)t->n;
  for (int i = 0; i < out->rank; i++)
    if (fe_as_int(I, t->v[i], &out->dim[i]) < 0)
      return false;
  return true;
}

static int64_t sample_size(const KTensor *t) {
  int64_t n = 1;
  for (int i = 0; i < t->rank; i++)
    n *= t->dim[i];
  return n;
}

/* Reshape's output: target_shape with its one -1 resolved. */
static bool reshaped(Interp *I, KObj *layer, const KTensor *in, KTensor *out) {
  Obj *ts = fe_tuple_from_iter(I, pl_kobj_arg(I, &layer->hd, "target_shape"));
  int64_t known = 1, free_at = -1;
  bool good = ts && FE_TUPLE(ts)->n >= 1 && FE_TUPLE(ts)->n <= PL_KT_RANK;
  if (ts && !good)
    fe_throw(I, EXC_NotImplementedError, "Reshape: nnc takes a target_shape of rank 1 to %d",
             PL_KT_RANK);
  out->rank = good ? (int)FE_TUPLE(ts)->n : 0;
  for (int i = 0; good && i < out->rank; i++) {
    good = fe_as_int(I, FE_TUPLE(ts)->v[i], &out->dim[i]) == 0;
    if (good && out->dim[i] == -1 && free_at < 0)
      free_at = i;
    else if (good)
      known *= out->dim[i];
  }
  fe_decref(I, ts);
  if (good && free_at >= 0 && known > 0)
    out->dim[free_at] = sample_size(in) / known;
  if (good && sample_size(out) != sample_size(in)) {
    char a[80], b[80];
    fe_throw(I, EXC_ValueError, "Reshape: the input %s cannot take the shape %s: their sizes "
             "differ", pl_ktensor_shape_text(in, a, sizeof a),
             pl_ktensor_shape_text(out, b, sizeof b));
    good = false;
  }
  return good;
}

/* Input(shape, batch_size=None, dtype=None, sparse=None, batch_shape=None, name=None,
 *       tensor=None) */
static Obj *input_fn(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (args[1] != &I->none)
    return fe_throw(I, EXC_NotImplementedError,
                    "Input(batch_size=) is not supported by nnc run yet");
  Obj *given = fe_tuple_from_iter(I, args[0]), *shape = given ? python_numbers(I, given) : NULL;
  fe_decref(I, given);
  KTensor sh; /* the checker's `shape` type vouched for 1 to PL_KT_RANK positive ints */
  if (!shape || !sample_shape_of(I, shape, &sh)) {
    fe_decref(I, shape);
    return NULL;
  }
  Obj *t = pl_ktensor_new(I, NULL, NULL, sh.rank, sh.dim);
  Obj *cfg = t ? fe_dict_new(I) : NULL;
  if (!cfg || fe_dict_setstr(I, cfg, "shape", shape) < 0 ||
      fe_dict_setstr(I, cfg, "name", args[5]) < 0 || !auto_named(I, cfg, "input_layer")) {
    fe_decref(I, cfg);
    fe_decref(I, t);
    fe_decref(I, shape);
    return NULL;
  }
  fe_decref(I, shape);
  ((KTensor *)t)->config = cfg;
  return t;
}

/* The tensors a layer is called on: one, or a list of at least two for Add/Concatenate. */
static Obj *call_inputs(Interp *I, KObj *layer, Obj *arg) {
  bool joins = layer->kind >= KK_ADD && layer->kind <= KK_CONCATENATE;
  Obj *const *items;
  int64_t n;
  if (!joins) {
    if (!pl_is_ktensor(I, arg))
      return fe_throw(I, EXC_TypeError,
                      "a %s layer is called on a Keras tensor (from Input(...) or a "
                      "layer), found %s", fe_typename(&layer->hd), fe_typename(arg));
    return fe_tuple_pack(I, 1, arg);
  }
  if (!fe_seq_items(I, arg, &items, &n) || n < 2)
    return fe_throw(I, EXC_TypeError, "%s() layer must be called on a list of at least two Keras "
                    "tensors, found %s", fe_typename(&layer->hd), fe_typename(arg));
  for (int64_t i = 0; i < n; i++)
    if (!pl_is_ktensor(I, items[i]))
      return fe_throw(I, EXC_TypeError, "%s() layer must be called on a list of Keras tensors, but "
                      "item %lld is %s", fe_typename(&layer->hd), (long long)i + 1,
                          fe_typename(items[i]));
  return fe_tuple_from_iter(I, arg);
}

/* Inputs that broadcast as Keras's merge layers broadcast them (one rank; a size 1 where
 * two differ) into *out; false with Keras's error naming the items otherwise. */
static bool merged(Interp *I, const char *what, Tuple *in, KTensor *out) {
  *out = *(KTensor *)in->v[0];
  if (strcmp(what, "Subtract") == 0 && in->n != 2) {
    fe_throw(I, EXC_ValueError, "Subtract needs exactly 2 inputs, found %lld", (long long)in->n);
    return false;
  }
  for (int64_t i = 1; i < in->n; i++) {
    KTensor *t = (KTensor *)in->v[i];
    bool fit = t->rank == out->rank;
    for (int d = 0; fit && d < t->rank; d++) {
      fit = t->dim[d] == out->dim[d] || t->dim[d] == 1 || out->dim[d] == 1;
      if (fit && out->dim[d] == 1)
        out->dim[d] = t->dim[d];
    }
    if (!fit) {
      char a[80], b[80];
      fe_throw(I, EXC_ValueError, "%s needs inputs of one shape (or of size 1 where they "
               "differ), but item 1 is %s and item %lld is %s", what,
               pl_ktensor_shape_text((KTensor *)in->v[0], a, sizeof a), (long long)i + 1,
               pl_ktensor_shape_text(t, b, sizeof b));
      return false;
    }
  }
  return true;
}

/* Concatenate's output along Keras's axis `axis` (the batch is 0). */
static bool concatenated(Interp *I, KObj *layer, Tuple *in, KTensor *out) {
  int64_t axis;
  Obj *a = pl_kobj_arg(I, &layer->hd, "axis");
  if (!a || fe_as_int(I, a, &axis) < 0)
    return false;
  *out = *(KTensor *)in->v[0];
  int64_t k = axis < 0 ? axis + out->rank : axis - 1;
  if (out->rank == 1 && k != 0) {
    fe_throw(I, EXC_ValueError, "axis=%lld cannot concatenate vectors: use -1 (or 1), the "
             "feature axis", (long long)axis);
    return false;
  }
  if (k < 0 || k >= out->rank) {
    fe_throw(I, EXC_ValueError, axis == 0 || axis == -out->rank - 1
             ? "axis=%lld is the batch axis, which Concatenate cannot join: use -1, the "
               "feature axis" : "axis=%lld is out of range for inputs of rank %d",
             (long long)axis, out->rank + 1);
    return false;
  }
  for (int64_t i = 1; i < in->n; i++) {
    KTensor *t = (KTensor *)in->v[i];
    bool fit = t->rank == out->rank;
    for (int d = 0; fit && d < t->rank; d++)
      fit = d == k || t->dim[d] == out->dim[d];
    if (!fit) {
      char x[80], y[80];
      fe_throw(I, EXC_ValueError, "Concatenate along axis %lld needs the other axes to agree, "
               "but item 1 is %s and item %lld is %s", (long long)axis,
               pl_ktensor_shape_text((KTensor *)in->v[0], x, sizeof x), (long long)i + 1,
               pl_ktensor_shape_text(t, y, sizeof y));
      return false;
    }
    out->dim[k] += t->dim[k];
  }
  return true;
}

/* The sample shape layer makes from its inputs into *out; false with an exception when they
 * cannot fit. */
static bool out_shape(Interp *I, KObj *layer, Obj *inputs, KTensor *out) {
  Tuple *in = FE_TUPLE(inputs);
  *out = *(KTensor *)in->v[0];
  switch (layer->kind) {
  case KK_DENSE:
    if (out->rank == 0) {
      fe_throw(I, EXC_ValueError, "Dense needs an input with a feature axis, found (None,): "
               "keep the reduced axis with keepdims=True");
      return false;
    }
    out->dim[out->rank - 1] = ((Int *)pl_kobj_arg(I, &layer->hd, "units"))->v;
    return true;
  case KK_ACTIVATION: return true;
  case KK_ADD: case KK_MERGE: return merged(I, fe_typename(&layer->hd), in, out);
  case KK_CONCATENATE: return concatenated(I, layer, in, out);
  case KK_LAYER: /* the others keep their shape, but for Flatten and Reshape */
    if (!strcmp(fe_typename(&layer->hd), "Flatten")) {
      out->dim[0] = sample_size(out);
      out->rank = 1;
      return true;
    }
    return strcmp(fe_typename(&layer->hd), "Reshape") != 0 ||
           reshaped(I, layer, (KTensor *)in->v[0], out);
  case KK_LOSS: case KK_OPTIMIZER:
  case KK_EARLY_STOPPING: case KK_CALLBACK: case KK_SCHEDULE: case KK_METRIC:
  case KK_CONFIG_OBJECT:
    break;
  }
  fe_throw(I, EXC_TypeError, "%s is not a layer", fe_typename(&layer->hd));
  return false;
}

static Obj *layer_call(Interp *I, Obj *f, Obj *const *args, int nargs, Obj *kwnames) {
  KObj *layer = (KObj *)f;
  if (nargs != 1 || kwnames)
    return fe_throw(I, EXC_TypeError, "a layer is called with one argument: a Keras tensor");
  Obj *const *items;
  int64_t n;
  if (!pl_is_ktensor(I, args[0]) &&
      !(fe_seq_items(I, args[0], &items, &n) && n > 0 && pl_is_ktensor(I, items[0])))
    return pl_layer_on_data(I, f, args[0]);   /* on data: computed now, as Keras's eager call */
  Obj *inputs = call_inputs(I, layer, args[0]);
  if (!inputs)
    return NULL;
  KTensor shape;
  Obj *t = out_shape(I, layer, inputs, &shape)
      ? pl_ktensor_new(I, f, inputs, shape.rank, shape.dim) : NULL;
  fe_decref(I, inputs);
  if (t)
    layer->ncalls++;
  return t;
}

/* ---- the tables ---- */

static const FeGetDef ktensor_props[] = {{"shape", kt_shape, NULL}, {NULL, NULL, NULL}};

#define LAYER_KW "name: str|None = None, dtype=None, trainable=True"

const FeClassDef pl_layers_classes[] = {
    {.name = "Layer", .layout = &pl_layer_layout, .props = pl_layer_props,
     .methods = pl_layer_methods},
    {.name = "Dense", .base = "Layer", .layout = &pl_layer_layout, .ctor = dense_new,
     .ctor_sig = "(units: posint, activation: activation = None, use_bias: bool = True, "
                 "kernel_initializer: initializer = 'glorot_uniform', bias_initializer: "
                     "initializer = 'zeros', "
                 "kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, "
                 "kernel_constraint=None, bias_constraint=None, lora_rank=None, *, "
                 "input_shape: shape|None = None, input_dim: posint|None = None, " LAYER_KW ")"},
    {.name = "Activation", .base = "Layer", .layout = &pl_layer_layout, .ctor = activation_new,
     .ctor_sig = "(activation: activation, *, " LAYER_KW ")"},
    {.name = "Add", .base = "Layer", .layout = &pl_layer_layout, .ctor = add_new,
     .ctor_sig = "(*, " LAYER_KW ")"},
    {.name = "Subtract", .base = "Layer", .layout = &pl_layer_layout, .ctor = merge_new,
     .ctor_sig = "(*, " LAYER_KW ")"},
    {.name = "Multiply", .base = "Layer", .layout = &pl_layer_layout, .ctor = merge_new,
     .ctor_sig = "(*, " LAYER_KW ")"},
    {.name = "Average", .base = "Layer", .layout = &pl_layer_layout, .ctor = merge_new,
     .ctor_sig = "(*, " LAYER_KW ")"},
    {.name = "Maximum", .base = "Layer", .layout = &pl_layer_layout, .ctor = merge_new,
     .ctor_sig = "(*, " LAYER_KW ")"},
    {.name = "Minimum", .base = "Layer", .layout = &pl_layer_layout, .ctor = merge_new,
     .ctor_sig = "(*, " LAYER_KW ")"},
    {.name = "Concatenate", .base = "Layer", .layout = &pl_layer_layout, .ctor = concatenate_new,
     .ctor_sig = "(axis: int = -1, *, " LAYER_KW ")"},
    /* the classes nnc_model_add_layer_config builds from their arguments (names/layers.def
     * checks them) */
    {.name = "Flatten", .base = "Layer", .layout = &pl_layer_layout, .ctor = config_layer_new,
     .ctor_sig = "(data_format=None, *, input_shape=None, input_dim=None, " LAYER_KW ")"},
    {.name = "Reshape", .base = "Layer", .layout = &pl_layer_layout, .ctor = config_layer_new,
     .ctor_sig = "(target_shape, *, input_shape=None, input_dim=None, " LAYER_KW ")"},
    {.name = "Dropout", .base = "Layer", .layout = &pl_layer_layout, .ctor = config_layer_new,
     .ctor_sig = "(rate, noise_shape=None, seed=None, *, input_shape=None, input_dim=None, "
                 LAYER_KW ")"},
    {.name = "BatchNormalization", .base = "Layer", .layout = &pl_layer_layout,
     .ctor = config_layer_new,
     .ctor_sig = "(axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True, "
                 "beta_initializer='zeros', gamma_initializer='ones', "
                 "moving_mean_initializer='zeros', moving_variance_initializer='ones', "
                 "beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, "
                 "gamma_constraint=None, synchronized=False, *, input_shape=None, "
                 "input_dim=None, " LAYER_KW ")"},
    {.name = "LayerNormalization", .base = "Layer", .layout = &pl_layer_layout,
     .ctor = config_layer_new,
     .ctor_sig = "(axis=-1, epsilon=0.001, center=True, scale=True, rms_scaling=False, "
                 "beta_initializer='zeros', gamma_initializer='ones', beta_regularizer=None, "
                 "gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, *, "
                 "input_shape=None, input_dim=None, " LAYER_KW ")"},
    {.name = "ReLU", .base = "Layer", .layout = &pl_layer_layout, .ctor = config_layer_new,
     .ctor_sig = "(max_value=None, negative_slope=0.0, threshold=0.0, *, input_shape=None, "
                 "input_dim=None, " LAYER_KW ")"},
    {.name = "LeakyReLU", .base = "Layer", .layout = &pl_layer_layout, .ctor = leaky_relu_new,
     .ctor_sig = "(negative_slope=0.3, *, alpha=None, input_shape=None, input_dim=None, "
                 LAYER_KW ")"},
    {.name = "PReLU", .base = "Layer", .layout = &pl_layer_layout, .ctor = config_layer_new,
     .ctor_sig = "(alpha_initializer='Zeros', alpha_regularizer=None, alpha_constraint=None, "
                 "shared_axes=None, *, input_shape=None, input_dim=None, " LAYER_KW ")"},
    {.name = "ELU", .base = "Layer", .layout = &pl_layer_layout, .ctor = config_layer_new,
     .ctor_sig = "(alpha=1.0, *, input_shape=None, input_dim=None, " LAYER_KW ")"},
    {.name = "Softmax", .base = "Layer", .layout = &pl_layer_layout, .ctor = config_layer_new,
     .ctor_sig = "(axis=-1, *, input_shape=None, input_dim=None, " LAYER_KW ")"},
    {.name = "InputLayer", .base = "Layer", .layout = &pl_layer_layout, .ctor = input_layer_new,
     .ctor_sig = "(shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None, "
                 "input_tensor=None, optional=False, name: str|None = None, *, "
                 "input_shape=None)"},
    {.name = "Normalization", .base = "Layer", .layout = &pl_layer_layout,
     .ctor = config_layer_new, .methods = normalization_methods,
     .ctor_sig = "(axis=-1, mean=None, variance=None, invert=False, *, input_shape=None, "
                 "input_dim=None, " LAYER_KW ")"},
    {.name = "KerasTensor", .layout = &ktensor_layout, .props = ktensor_props,
     .methods = pl_ktensor_methods},
    {.name = NULL},
};

/* keras.layers.add(inputs, **kwargs) and the other functional forms of the merge layers:
 * Cls(**kwargs)(inputs), as Keras defines them. */
static Obj *merge_fn(Interp *I, const char *cls_name, Obj *inputs, Obj *kwargs) {
  enum { MAX_KW = 8 }; /* a merge layer takes name, dtype, trainable and axis */
  int64_t n = fe_len(I, kwargs), pos = 0;
  if (n > MAX_KW)
    return fe_throw(I, EXC_TypeError, "keras.layers: too many keyword arguments for %s",
                    cls_name);
  Obj *mod = fe_import(I, "keras.layers");
  Obj *cls = mod ? fe_dict_getstr(I, ((Module *)mod)->dict, cls_name) : NULL;
  Obj *names = cls ? fe_tuple_new(I, n) : NULL, *vals[MAX_KW], *k, *layer = NULL, *out = NULL;
  for (int64_t i = 0; names && fe_dict_next(kwargs, &pos, &k, &vals[i]); i++) {
    fe_incref(k);
    FE_TUPLE(names)->v[i] = k;
  }
  if (names && (layer = fe_call(I, cls, vals, (int)n, names)))
    out = fe_call1(I, layer, inputs);
  fe_decref(I, layer);
  fe_decref(I, names);
  fe_decref(I, mod);
  return out;
}

#define MERGE_FN(fn, cls)                                                                  \
  static Obj *fn##_fn(Interp *I, Obj *self, Obj **args) {                                  \
    (void)self;                                                                            \
    return merge_fn(I, cls, args[0], args[1]);                                             \
  }
MERGE_FN(add, "Add")
MERGE_FN(subtract, "Subtract")
MERGE_FN(multiply, "Multiply")
MERGE_FN(average, "Average")
MERGE_FN(maximum, "Maximum")
MERGE_FN(minimum, "Minimum")
#undef MERGE_FN

/* concatenate(inputs, axis=-1, **kwargs) */
static Obj *concatenate_fn(Interp *I, Obj *self, Obj **args) {
  (void)self;
  return fe_dict_setstr(I, args[2], "axis", args[1]) < 0
             ? NULL : merge_fn(I, "Concatenate", args[0], args[2]);
}

const FeFnDef pl_layers_fns[] = {
    {"add", add_fn, "(inputs, **kwargs)", "keras.layers.KerasTensor", NULL},
    {"subtract", subtract_fn, "(inputs, **kwargs)", "keras.layers.KerasTensor", NULL},
    {"multiply", multiply_fn, "(inputs, **kwargs)", "keras.layers.KerasTensor", NULL},
    {"average", average_fn, "(inputs, **kwargs)", "keras.layers.KerasTensor", NULL},
    {"maximum", maximum_fn, "(inputs, **kwargs)", "keras.layers.KerasTensor", NULL},
    {"minimum", minimum_fn, "(inputs, **kwargs)", "keras.layers.KerasTensor", NULL},
    {"concatenate", concatenate_fn, "(inputs, axis=-1, **kwargs)", "keras.layers.KerasTensor",
     NULL},
    {"Input", input_fn,
     "(shape: shape, batch_size=None, dtype=None, sparse=None, batch_shape=None, "
                        "name: str|None = None, tensor=None)", "keras.layers.KerasTensor", NULL},
/* Keras's layers nnc does not build (names/layers.def's KERAS_ONLY rows) import, as a tutorial
 * imports Conv2D beside the Dense it uses, and are refused where they are used. */
#define KERAS_ONLY(cls)                                                                    \
  {cls, NULL, "(*args, **kwargs)", NULL,                                                   \
   "keras.layers." cls " is not available in nnc model files: nnc builds dense networks"},
#include "layers.def"
    {NULL, NULL, NULL, NULL, NULL},
};

/* Throws Keras's ValueError for argument `what` of value v: "Invalid `what` argument value.
 * <why> Received: what=<str(v)>[ of type '<type>']". Returns false. */
static bool bad_f_arg(Interp *I, const char *what, Obj *v, const char *why, bool type) {
  Obj *s = fe_str(I, v);
  if (s)
    fe_throw(I, EXC_ValueError, "Invalid `%s` argument value. %s Received: %s=%s%s%s%s", what,
             why, what, FE_STR(s)->s, type ? " of type '<class '" : "", type ? fe_typename(v) : "",
             type ? "'>'" : "");
  fe_decref(I, s);
  return false;
}

/* F1Score's and FBetaScore's average, beta and threshold checked as Keras checks them. */
static bool f_score_args(Interp *I, const Sig *sig, Obj **args) {
  Obj *av = args[sig_index(sig, "average")], *th = args[sig_index(sig, "threshold")];
  int b = sig_index(sig, "beta");
  Obj *beta = b >= 0 ? args[b] : NULL;
  bool known = !av || av == &I->none || fe_str_is(av, "micro") || fe_str_is(av, "macro") ||
               fe_str_is(av, "weighted");
  if (!known)
    return bad_f_arg(I, "average", av, "Expected one of: {None, 'micro', 'macro', 'weighted'}.",
                     false);
  double v = 0;
  if (beta && !FE_ISA(I, beta, float))
    return bad_f_arg(I, "beta", beta, "It should be a Python float.", true);
  if (beta && (fe_as_double(I, beta, &v), v <= 0))
    return bad_f_arg(I, "beta", beta, "It should be > 0.", false);
  if (!th || th == &I->none)
    return true;
  if (!FE_ISA(I, th, float))
    return bad_f_arg(I, "threshold", th, "It should be a Python float.", true);
  if (fe_as_double(I, th, &v), v <= 0 || v > 1)
    return bad_f_arg(I, "threshold", th, "It should verify 0 < threshold <= 1.", false);
  return true;
}

/* A metric object of names/metrics.def (its class is one of the row's names). Arguments
 * nnc does not implement are refused unless they hold Keras's default. */
static Obj *metric_new(Interp *I, Obj *self, Obj **args) {
  static const char *const fixed[] = {"num_thresholds", "summation_method", "thresholds",
                                      "multi_label", "num_labels", "label_weights",
                                      "from_logits", "top_k", "class_id",
                                      "class_aggregation", "num_regressors", "from_sorted_ids",
                                      NULL};
  const Sig *sig = ((Class *)self)->ctor_sig;
  for (int i = 0; fixed[i]; i++) {
    int k = sig_index(sig, fixed[i]);
    int same = k < 0 || !args[k] ? 1 : fe_eq(I, args[k], sig->p[k].def);
    if (same < 0)
      return NULL;
    if (!same)
      return fe_throw(I, EXC_NotImplementedError, "%s(%s=...) is not supported by nnc yet "
                      "(only Keras's default)", ((Class *)self)->name, fixed[i]);
  }
  int curve = sig_index(sig, "curve");
  if (curve >= 0 && args[curve] && !fe_str_is(args[curve], "ROC") &&
      !fe_str_is(args[curve], "PR"))
    return fe_throw(I, EXC_ValueError, "Invalid AUC curve value: expected 'ROC' or 'PR'");
  if (sig_index(sig, "average") >= 0 && !f_score_args(I, sig, args))
    return NULL;
  KObj *o = (KObj *)make(I, self, KK_METRIC, args);
  if (o)
    o->id = names_find(&names_metrics, ((Class *)self)->name);
  Obj *name = o ? pl_kobj_arg(I, &o->hd, "name") : NULL;
  if (o && !I->checking && (!name || name == &I->none)) { /* AUC, Precision, Recall: Keras's
                                                             auto_name */
    char buf[64];
    pl_unique_name(I, nnc_metric_name((nnc_metric)o->id), buf, sizeof buf);
    Obj *s = fe_str_new(I, buf, strlen(buf));
    bool good = s && fe_dict_setstr(I, o->dict, "name", s) == 0;
    fe_decref(I, s);
    if (!good) {
      fe_decref(I, &o->hd);
      return NULL;
    }
  }
  return o ? &o->hd : NULL;
}

#define METRIC_KW "name=None, dtype=None"
const FeClassDef pl_metrics_classes[] = {
    {.name = "Metric", .layout = &kobj_layout},
    {.name = "BinaryAccuracy", .base = "Metric", .layout = &kobj_layout, .ctor = metric_new,
     .ctor_sig = "(name='binary_accuracy', dtype=None, threshold: number = 0.5)"},
    {.name = "CategoricalAccuracy", .base = "Metric", .layout = &kobj_layout, .ctor = metric_new,
     .ctor_sig = "(name='categorical_accuracy', dtype=None)"},
    {.name = "SparseCategoricalAccuracy", .base = "Metric", .layout = &kobj_layout,
     .ctor = metric_new, .ctor_sig = "(name='sparse_categorical_accuracy', dtype=None)"},
    {.name = "TopKCategoricalAccuracy", .base = "Metric", .layout = &kobj_layout,
     .ctor = metric_new,
     .ctor_sig = "(k: posint = 5, name='top_k_categorical_accuracy', dtype=None)"},
    {.name = "SparseTopKCategoricalAccuracy", .base = "Metric", .layout = &kobj_layout,
     .ctor = metric_new,
     .ctor_sig = "(k: posint = 5, name='sparse_top_k_categorical_accuracy', dtype=None, "
                 "from_sorted_ids=False)"},
    {.name = "MeanAbsoluteError", .base = "Metric", .layout = &kobj_layout, .ctor = metric_new,
     .ctor_sig = "(name='mean_absolute_error', dtype=None)"},
    {.name = "MeanSquaredError", .base = "Metric", .layout = &kobj_layout, .ctor = metric_new,
     .ctor_sig = "(name='mean_squared_error', dtype=None)"},
    {.name = "RootMeanSquaredError", .base = "Metric", .layout = &kobj_layout,
     .ctor = metric_new, .ctor_sig = "(name='root_mean_squared_error', dtype=None)"},
    {.name = "MeanAbsolutePercentageError", .base = "Metric", .layout = &kobj_layout,
     .ctor = metric_new, .ctor_sig = "(name='mean_absolute_percentage_error', dtype=None)"},
    {.name = "MeanSquaredLogarithmicError", .base = "Metric", .layout = &kobj_layout,
     .ctor = metric_new, .ctor_sig = "(name='mean_squared_logarithmic_error', dtype=None)"},
    {.name = "AUC", .base = "Metric", .layout = &kobj_layout, .ctor = metric_new,
     .ctor_sig = "(num_thresholds=200, curve='ROC', summation_method='interpolation', "
                 METRIC_KW ", thresholds=None, multi_label=False, num_labels=None, "
                 "label_weights=None, from_logits=False)"},
    {.name = "Precision", .base = "Metric", .layout = &kobj_layout, .ctor = metric_new,
     .ctor_sig = "(thresholds=None, top_k=None, class_id=None, " METRIC_KW ")"},
    {.name = "Recall", .base = "Metric", .layout = &kobj_layout, .ctor = metric_new,
     .ctor_sig = "(thresholds=None, top_k=None, class_id=None, " METRIC_KW ")"},
    {.name = "F1Score", .base = "Metric", .layout = &kobj_layout, .ctor = metric_new,
     .ctor_sig = "(average=None, threshold=None, name='f1_score', dtype=None)"},
    {.name = "FBetaScore", .base = "Metric", .layout = &kobj_layout, .ctor = metric_new,
     .ctor_sig = "(average=None, beta=1.0, threshold=None, name='fbeta_score', dtype=None)"},
    {.name = "R2Score", .base = "Metric", .layout = &kobj_layout, .ctor = metric_new,
     .ctor_sig = "(class_aggregation='uniform_average', num_regressors=0, name='r2_score', "
                 "dtype=None)"},
    {.name = NULL},
};
#undef METRIC_KW

/* The classes of names/initializers.def, regularizers.def and constraints.def, by Keras's
 * class names and the snake-case names Keras also exports (keras.regularizers.l2,
 * keras.initializers.he_normal). Every argument defaults to None, which stands for Keras's
 * default (the row's); the config check names the class and argument of a bad value. */
#define ARG(name, type, def, more) #name "=None, "
#define CONFIG_CLASS(cls, parent, args)                                                     \
  {.name = cls, .base = parent, .layout = &kobj_layout, .ctor = config_object_new,             \
   .ctor_sig = "(" args ")"},
const FeClassDef pl_initializers_classes[] = {
    {.name = "Initializer", .layout = &kobj_layout},
#define INITIALIZER(id, name, cls, aliases, fill, args, doc)                                \
  CONFIG_CLASS(cls, "Initializer", args) CONFIG_CLASS(name, "Initializer", args)
#include "initializers.def"
    {.name = NULL},
};
const FeClassDef pl_regularizers_classes[] = {
    {.name = "Regularizer", .layout = &kobj_layout},
#define REGULARIZER(id, name, cls, aliases, args, doc)                                      \
  CONFIG_CLASS(cls ? cls : name, "Regularizer", args)
#include "regularizers.def"
    CONFIG_CLASS("l1", "Regularizer", "l1=None")
    CONFIG_CLASS("l2", "Regularizer", "l2=None")
    {.name = NULL},
};
const FeClassDef pl_constraints_classes[] = {
    {.name = "Constraint", .layout = &kobj_layout},
#define CONSTRAINT(id, name, cls, aliases, args, apply, doc)                                \
  CONFIG_CLASS(cls, "Constraint", args) CONFIG_CLASS(name, "Constraint", args)
#include "constraints.def"
    {.name = NULL},
};
#undef CONFIG_CLASS
#undef ARG

/* Keras 3's signature of each loss and optimizer class, by its row's short name or id in
 * names/losses.def and names/optimizers.def (a new row without one fails the build). The
 * row's HP parameters are among them with the row's defaults (tests/pylib/test_names.c). */
#define LOSS_KW "reduction='sum_over_batch_size', name=None, dtype=None"
#define LOSS_SIG_BCE                                                                       \
  "(from_logits: bool = False, label_smoothing: unit = 0.0, axis: int = -1, " LOSS_KW ")"
#define LOSS_SIG_MSE "(" LOSS_KW ")"
#define LOSS_SIG_CCE LOSS_SIG_BCE
#define LOSS_SIG_SCCE "(from_logits: bool = False, ignore_class=None, " LOSS_KW ")"
#define LOSS_SIG_MAE LOSS_SIG_MSE
#define LOSS_SIG_MAPE LOSS_SIG_MSE
#define LOSS_SIG_MSLE LOSS_SIG_MSE
#define LOSS_SIG_HUBER "(delta: nonnegnum = 1.0, " LOSS_KW ")"
#define LOSS_SIG_LOG_COSH LOSS_SIG_MSE
#define LOSS_SIG_HINGE LOSS_SIG_MSE
#define LOSS_SIG_SQUARED_HINGE LOSS_SIG_MSE
#define LOSS_SIG_CATEGORICAL_HINGE LOSS_SIG_MSE
#define LOSS_SIG_KLD LOSS_SIG_MSE
#define LOSS_SIG_POISSON LOSS_SIG_MSE
#define LOSS_SIG_COSINE "(axis: int = -1, " LOSS_KW ")"
#define LOSS_SIG_FOCAL                                                                     \
  "(apply_class_balancing: bool = False, alpha: unit = 0.25, gamma: nonnegnum = 2.0, "       \
  "from_logits: bool = False, label_smoothing: unit = 0.0, axis: int = -1, " LOSS_KW ")"
#define OPT_CLIP                                                                           \
  "clipnorm: posnum|None = None, clipvalue: posnum|None = None, "                             \
  "global_clipnorm: posnum|None = None, "
#define OPT_TAIL                                                                           \
  "use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None, loss_scale_factor=None, "   \
  "gradient_accumulation_steps=None, name=None, lr=None"
#define OPT_KW "weight_decay: nonnegnum|None = None, " OPT_CLIP OPT_TAIL
#define OPT_SIG_SGD                                                                        \
  "(learning_rate: lrate = 0.01, momentum: unit = 0.0, nesterov: bool = False, " OPT_KW ")"
#define OPT_SIG_ADAM                                                                       \
  "(learning_rate: lrate = 0.001, beta_1: fraction = 0.9, beta_2: fraction = 0.999, "       \
  "epsilon: posnum = 1e-07, amsgrad: bool = False, " OPT_KW ")"
#define OPT_SIG_RMSPROP                                                                    \
  "(learning_rate: lrate = 0.001, rho: fraction = 0.9, momentum: unit = 0.0, "              \
  "epsilon: posnum = 1e-07, centered: bool = False, " OPT_KW ")"
#define OPT_SIG_ADAMW                                                                      \
  "(learning_rate: lrate = 0.001, weight_decay: nonnegnum = 0.004, beta_1: fraction = 0.9, " \
  "beta_2: fraction = 0.999, epsilon: posnum = 1e-07, amsgrad: bool = False, " OPT_CLIP       \
  OPT_TAIL ")"
#define OPT_SIG_NADAM                                                                      \
  "(learning_rate: lrate = 0.001, beta_1: fraction = 0.9, beta_2: fraction = 0.999, "       \
  "epsilon: posnum = 1e-07, " OPT_KW ")"
#define OPT_SIG_ADAGRAD                                                                    \
  "(learning_rate: lrate = 0.001, initial_accumulator_value: nonnegnum = 0.1, "            \
  "epsilon: posnum = 1e-07, " OPT_KW ")"
#define OPT_SIG_ADADELTA                                                                   \
  "(learning_rate: lrate = 0.001, rho: fraction = 0.95, epsilon: posnum = 1e-07, " OPT_KW ")"
#define OPT_SIG_ADAMAX                                                                     \
  "(learning_rate: lrate = 0.001, beta_1: fraction = 0.9, beta_2: fraction = 0.999, "       \
  "epsilon: posnum = 1e-07, " OPT_KW ")"
#define OPT_SIG_LION                                                                       \
  "(learning_rate: lrate = 0.001, beta_1: fraction = 0.9, beta_2: fraction = 0.99, " OPT_KW ")"

const FeClassDef pl_losses_classes[] = {
    {.name = "Loss", .layout = &loss_layout},
#define LOSS(id, short, canonical, cls, aliases, flags, build, params, doc)                \
  {.name = cls, .base = "Loss", .layout = &loss_layout, .ctor = loss_new,                   \
   .ctor_sig = LOSS_SIG_##short},
#include "losses.def"
    {.name = NULL},
};

/* Keras 3's signatures of the schedules of names/schedules.def. */
#define SCHED_START "(initial_learning_rate: number, decay_steps: posnum, "
const FeClassDef pl_schedules_classes[] = {
    {.name = "LearningRateSchedule", .layout = &kobj_layout},
    {.name = "ExponentialDecay", .base = "LearningRateSchedule", .layout = &kobj_layout,
     .ctor = schedule_new, .ctor_sig = SCHED_START "decay_rate: number, staircase: bool = False, "
                                       "name='ExponentialDecay')"},
    {.name = "PiecewiseConstantDecay", .base = "LearningRateSchedule", .layout = &kobj_layout,
     .ctor = schedule_new, .ctor_sig = "(boundaries, values, name='PiecewiseConstant')"},
    {.name = "PolynomialDecay", .base = "LearningRateSchedule", .layout = &kobj_layout,
     .ctor = schedule_new, .ctor_sig = SCHED_START "end_learning_rate: number = 0.0001, "
                                       "power: number = 1.0, cycle: bool = False, "
                                       "name='PolynomialDecay')"},
    {.name = "InverseTimeDecay", .base = "LearningRateSchedule", .layout = &kobj_layout,
     .ctor = schedule_new, .ctor_sig = SCHED_START "decay_rate: number, staircase: bool = False, "
                                       "name='InverseTimeDecay')"},
    {.name = "CosineDecay", .base = "LearningRateSchedule", .layout = &kobj_layout,
     .ctor = schedule_new, .ctor_sig = SCHED_START "alpha: number = 0.0, name='CosineDecay', "
                                       "warmup_target: number|None = None, "
                                       "warmup_steps: nonnegnum = 0)"},
    {.name = "CosineDecayRestarts", .base = "LearningRateSchedule", .layout = &kobj_layout,
     .ctor = schedule_new,
     .ctor_sig = "(initial_learning_rate: number, first_decay_steps: posnum, t_mul: number = 2.0, "
                 "m_mul: number = 1.0, alpha: number = 0.0, name='SGDRDecay')"},
    {.name = NULL},
};
#undef SCHED_START

const FeClassDef pl_optimizers_classes[] = {
    {.name = "Optimizer", .layout = &kobj_layout, .props = pl_optimizer_props,
     .methods = pl_optimizer_methods},
#define OPTIMIZER(id, canonical, cls, rule, slots, params, doc)                            \
  {.name = cls, .base = "Optimizer", .layout = &kobj_layout, .ctor = optimizer_new,         \
   .ctor_sig = OPT_SIG_##id},
#include "optimizers.def"
    {.name = NULL},
};

/* keras.callbacks.Callback: what a user's callback class derives from. Its hooks do nothing;
 * fit sets self.model and self.params before training. */
static Obj *cb_init(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return fe_none(I);
}

static Obj *cb_hook(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return fe_none(I);
}

static Obj *cb_set_model(Interp *I, Obj *self, Obj **args) {
  Obj *name = fe_str_cstr(I, "model");
  int r = name ? fe_setattr(I, self, name, args[0]) : -1;
  fe_decref(I, name);
  return r < 0 ? NULL : fe_none(I);
}

static Obj *cb_set_params(Interp *I, Obj *self, Obj **args) {
  Obj *name = fe_str_cstr(I, "params");
  int r = name ? fe_setattr(I, self, name, args[0]) : -1;
  fe_decref(I, name);
  return r < 0 ? NULL : fe_none(I);
}

/* on_train_batch_begin/end call on_batch_begin/end, the names Keras 2 gave them, as Keras's
 * Callback does: a callback that defines those, or a LambdaCallback given them, runs them. */
static Obj *cb_batch_alias(Interp *I, Obj *self, Obj **args, const char *name) {
  Obj *m = fe_getattr_str(I, self, name), *kw = m ? fe_tuple_new(I, 1) : NULL, *r = NULL;
  if (kw && (FE_TUPLE(kw)->v[0] = fe_str_cstr(I, "logs")))
    r = fe_call(I, m, (Obj *[]){args[0], args[1]}, 2, kw);   /* (batch, logs=logs) */
  fe_decref(I, kw);
  fe_decref(I, m);
  return r;
}

static Obj *cb_train_batch_begin(Interp *I, Obj *self, Obj **args) {
  return cb_batch_alias(I, self, args, "on_batch_begin");
}

static Obj *cb_train_batch_end(Interp *I, Obj *self, Obj **args) {
  return cb_batch_alias(I, self, args, "on_batch_end");
}

static const FeFnDef callback_methods[] = {
    {"__init__", cb_init, "()", NULL, NULL},
    {"set_model", cb_set_model, "(model)", NULL, NULL},
    {"set_params", cb_set_params, "(params)", NULL, NULL},
    {"on_train_begin", cb_hook, "(logs=None)", NULL, NULL},
    {"on_train_end", cb_hook, "(logs=None)", NULL, NULL},
    {"on_epoch_begin", cb_hook, "(epoch, logs=None)", NULL, NULL},
    {"on_epoch_end", cb_hook, "(epoch, logs=None)", NULL, NULL},
    {"on_batch_begin", cb_hook, "(batch, logs=None)", NULL, NULL},
    {"on_batch_end", cb_hook, "(batch, logs=None)", NULL, NULL},
    {"on_train_batch_begin", cb_train_batch_begin, "(batch, logs=None)", NULL, NULL},
    {"on_train_batch_end", cb_train_batch_end, "(batch, logs=None)", NULL, NULL},
    {"on_test_begin", cb_hook, "(logs=None)", NULL, NULL},
    {"on_test_end", cb_hook, "(logs=None)", NULL, NULL},
    {"on_test_batch_begin", cb_hook, "(batch, logs=None)", NULL, NULL},
    {"on_test_batch_end", cb_hook, "(batch, logs=None)", NULL, NULL},
    {"on_predict_begin", cb_hook, "(logs=None)", NULL, NULL},
    {"on_predict_end", cb_hook, "(logs=None)", NULL, NULL},
    {"on_predict_batch_begin", cb_hook, "(batch, logs=None)", NULL, NULL},
    {"on_predict_batch_end", cb_hook, "(batch, logs=None)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* keras.callbacks.LambdaCallback: as Keras's __init__, the other keyword arguments become the
 * instance's attributes (on_batch_end=, which on_train_batch_end calls), then each hook given
 * replaces the instance's hook of its name. fit runs it as a callback of the user's own. */
static Obj *lambda_cb_init(Interp *I, Obj *self, Obj **args) {
  static const char *const hooks[] = {"on_epoch_begin", "on_epoch_end", "on_train_begin",
                                      "on_train_end", "on_train_batch_begin",
                                      "on_train_batch_end"};
  enum { NHOOKS = sizeof hooks / sizeof *hooks };
  int64_t pos = 0;
  for (Obj *k, *v; fe_dict_next(args[NHOOKS], &pos, &k, &v);)
    if (fe_setattr(I, self, k, v) < 0)
      return NULL;
  for (int i = 0; i < NHOOKS; i++)
    if (args[i] != &I->none && (fe_incref(args[i]), !pl_set_attr(I, self, hooks[i], args[i])))
      return NULL;
  return fe_none(I);
}

static const FeFnDef lambda_callback_methods[] = {
    {"__init__", lambda_cb_init,
     "(on_epoch_begin=None, on_epoch_end=None, on_train_begin=None, on_train_end=None, "
         "on_train_batch_begin=None, on_train_batch_end=None, **kwargs)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeClassDef pl_callbacks_classes[] = {
    {.name = "Callback", .methods = callback_methods},
    {.name = "LambdaCallback", .base = "Callback", .methods = lambda_callback_methods},
    {.name = "EarlyStopping", .base = "Callback", .layout = &kobj_layout,
     .ctor = early_stopping_new,
     .ctor_sig = "(monitor: monitor = 'val_loss', min_delta: number = 0, patience: nonneg = 0, "
                 "verbose: nonneg = 0, mode: mode = 'auto', baseline=None, restore_best_weights: "
                     "bool = False, "
                 "start_from_epoch: nonneg = 0)"},
    {.name = "ReduceLROnPlateau", .base = "Callback", .layout = &kobj_layout,
     .ctor = callback_new,
     .ctor_sig = "(monitor: monitor = 'val_loss', factor: nonnegnum = 0.1, patience: nonneg = 10, "
                 "verbose: nonneg = 0, mode: mode = 'auto', min_delta: number = 0.0001, "
                 "cooldown: nonneg = 0, min_lr: nonnegnum = 0.0)"},
    {.name = "ModelCheckpoint", .base = "Callback", .layout = &kobj_layout,
     .ctor = callback_new,
     .ctor_sig = "(filepath: str, monitor: monitor = 'val_loss', verbose: nonneg = 0, "
                 "save_best_only: bool = False, save_weights_only: bool = False, "
                 "mode: mode = 'auto', save_freq='epoch', initial_value_threshold=None)"},
    {.name = "CSVLogger", .base = "Callback", .layout = &kobj_layout, .ctor = callback_new,
     .ctor_sig = "(filename: str, separator: str = ',', append: bool = False)"},
    {.name = "LearningRateScheduler", .base = "Callback", .layout = &kobj_layout,
     .ctor = callback_new, .ctor_sig = "(schedule: callable, verbose: nonneg = 0)"},
    {.name = "TerminateOnNaN", .base = "Callback", .layout = &kobj_layout,
     .ctor = callback_new, .ctor_sig = "(raise_error: bool = False)"},
    {.name = "TensorBoard", .base = "Callback", .layout = &kobj_layout, .ctor = callback_new,
     .ctor_sig = "(log_dir: str = 'logs', histogram_freq: nonneg = 0, write_graph: bool = True, "
                 "write_images: bool = False, write_steps_per_second: bool = False, "
                 "update_freq='epoch', profile_batch=0, embeddings_freq: nonneg = 0, "
                 "embeddings_metadata=None)"},
    {.name = NULL},
};
