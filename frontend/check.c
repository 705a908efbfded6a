/* check.c — the static checker: names, calls, argument types and the model's life cycle.
 *
 * A model file has no control flow, so the checker runs it abstractly, statement by
 * statement: every expression gets a ValueKind, literals are followed through names
 * (`n = 25; Dense(n)` checks 25), and objects (layers, models, Keras tensors) are numbered so
 * that `model.fit` can be refused when `model` was never compiled. Every call to the
 * vocabulary (vocab.c) is matched against the callable's parameters; its EX_CALL node gets
 * `args`, one node per parameter with Keras's defaults filled in, which is all the lowering
 * needs. An expression in error gets VK_UNKNOWN, and nothing is reported about an unknown
 * value, so one mistake makes one message.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "base.h"

typedef struct {
  ValueKind vk;
  const Callable *fn;
  int obj, mod;
  const Node *lit;
} Ann;

typedef struct {
  const char *name;
  Ann a;
} Binding;

typedef struct {
  Source *s;
  Module *m;
  FeChecked *objs;
  Binding *b;
  int nb, cap;
  bool nomem;
  /* By object number, beside objs: the call that made a layer or an Input, and the width
   * (features) of a Keras tensor, 0 when unknown; so shapes that cannot fit in the
   * functional API are reported before anything runs. */
  const Node **made;
  int64_t *width;
  int sidecap;
} Checker;

static const Ann unknown = {VK_UNKNOWN, NULL, -1, -1, NULL};

static void err(Checker *C, Pos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err(Checker *C, Pos p, const char *fmt, ...) {
  char msg[FE_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  fe_error(C->s, NNC_ERR_TYPE, p, "%s", msg);
}

/* " (did you mean 'x'?)" or "". */
static const char *hint(char *buf, size_t n, const char *name, const char *const *cands, int nc) {
  const char *s = fe_suggest(name, cands, nc);
  if (!s)
    return "";
  snprintf(buf, n, " (did you mean '%s'?)", s);
  return buf;
}

static Ann annotate(Node *e, Ann a) {
  e->vk = a.vk;
  e->fn = a.fn;
  e->obj = a.obj;
  e->mod = a.mod;
  e->lit = a.lit;
  return a;
}

static Ann ann_of(const Node *e) {
  return (Ann){e->vk, e->fn, e->obj, e->mod, e->lit};
}

static Ann kind(ValueKind vk) {
  Ann a = unknown;
  a.vk = vk;
  return a;
}

/* ---- objects and bindings ---- */

static int new_obj(Checker *C, ValueKind vk, const Callable *fn) {
  FeChecked *o = C->objs;
  if (o->nobjs == o->cap) {
    int cap = o->cap ? o->cap * 2 : 16;
    FeObject *v = base_realloc(o->objs, (size_t)cap * sizeof *v);
    if (!v) {
      C->nomem = true;
      return -1;
    }
    o->objs = v;
    o->cap = cap;
  }
  if (o->nobjs >= C->sidecap) {
    int cap = C->sidecap ? C->sidecap * 2 : 16;
    const Node **mv = base_realloc(C->made, (size_t)cap * sizeof *mv);
    if (mv)
      C->made = mv;
    int64_t *wv = mv ? base_realloc(C->width, (size_t)cap * sizeof *wv) : NULL;
    if (!wv) {
      C->nomem = true;
      return -1;
    }
    C->width = wv;
    C->sidecap = cap;
  }
  C->made[o->nobjs] = NULL;
  C->width[o->nobjs] = 0;
  o->objs[o->nobjs] = (FeObject){.vk = vk, .fn = fn};
  return o->nobjs++;
}

static FeObject *obj(Checker *C, int i) {
  return i >= 0 && i < C->objs->nobjs ? &C->objs->objs[i] : NULL;
}

static Binding *lookup(Checker *C, const char *name) {
  for (int i = C->nb - 1; i >= 0; i--)
    if (strcmp(C->b[i].name, name) == 0)
      return &C->b[i];
  return NULL;
}

static void bind(Checker *C, const char *name, Ann a) {
  Binding *b = lookup(C, name);
  if (b) {
    b->a = a;
    return;
  }
  if (C->nb == C->cap) {
    int cap = C->cap ? C->cap * 2 : 16;
    Binding *v = base_realloc(C->b, (size_t)cap * sizeof *v);
    if (!v) {
      C->nomem = true;
      return;
    }
    C->b = v;
    C->cap = cap;
  }
  C->b[C->nb++] = (Binding){name, a};
}

/* ---- describing values in messages ---- */

static const char *const kind_names[] = {
    [VK_UNKNOWN] = "a value", [VK_MODULE] = "a module", [VK_CALLABLE] = "a class",
    [VK_METHOD] = "a method", [VK_LAYER] = "a layer", [VK_MODEL] = "a model",
    [VK_SYMBOLIC] = "a Keras tensor", [VK_TENSOR] = "a tensor", [VK_LOSS] = "a loss",
    [VK_OPTIMIZER] = "an optimizer", [VK_CALLBACK] = "a callback",
    [VK_HISTORY] = "the history fit() returns", [VK_METRICS] = "the metrics evaluate() returns",
    [VK_INT] = "an integer", [VK_FLOAT] = "a number", [VK_STR] = "a string", [VK_BOOL] = "a bool",
    [VK_NONE] = "None", [VK_LIST] = "a list", [VK_TUPLE] = "a tuple",
};

static void describe_lit(const Node *l, char *buf, size_t n) {
  char q[64];
  switch (l->kind) {
  case EX_INT: snprintf(buf, n, "%lld", (long long)l->ival); break;
  case EX_FLOAT: snprintf(buf, n, "%g", l->fval); break;
  case EX_STR: snprintf(buf, n, "'%s'", fe_quote(q, sizeof q, l->str, l->slen, 32)); break;
  case EX_BOOL: snprintf(buf, n, "%s", l->ival ? "True" : "False"); break;
  case EX_NONE: snprintf(buf, n, "None"); break;
  case EX_LIST: snprintf(buf, n, "a list"); break;
  default: snprintf(buf, n, "a tuple"); break;
  }
}

/* What a message says was found: "-5", "'ten'", "a Dense layer", "'X' (a tensor)". */
static const char *describe(Checker *C, const Node *e, char *buf, size_t n) {
  if (e->lit) {
    describe_lit(e->lit, buf, n);
    return buf;
  }
  char what[80];
  const FeObject *o = obj(C, e->obj);
  if (e->vk == VK_CALLABLE)
    snprintf(what, sizeof what, "the class %s (call it: %s(...))", e->fn->name, e->fn->name);
  else if (e->vk == VK_LAYER && o && o->fn)
    snprintf(what, sizeof what, "a %s layer", o->fn->name);
  else
    snprintf(what, sizeof what, "%s", kind_names[e->vk]);
  if (e->kind == EX_NAME && e->vk != VK_CALLABLE)
    snprintf(buf, n, "'%s' (%s)", e->name, what);
  else
    snprintf(buf, n, "%s", what);
  return buf;
}

/* ---- names, attributes, imports ---- */

/* Where a known Keras name lives, for "import it" hints. */
static const char *home_of(const Callable *c) {
  for (int i = 0; i < fe_nmodules; i++)
    if (fe_modules[i].ns & c->ns)
      return fe_modules[i].path;
  return NULL;
}

static int binding_names(Checker *C, const char **names, int cap) {
  int n = 0;
  for (int i = 0; i < C->nb && n < cap; i++)
    names[n++] = C->b[i].name;
  for (int i = 0; i < fe_nvocab && n < cap; i++)
    if (fe_vocab[i].ns & NS_BUILTIN)
      names[n++] = fe_vocab[i].name;
  return n;
}

static Ann undefined(Checker *C, const Node *e) {
  static const char *const mods[][2] = {{"tf", "tensorflow"}, {"np", "numpy"}, {"keras", "keras"}};
  char h[96];
  for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++)
    if (strcmp(e->name, mods[i][0]) == 0) {
      err(C, e->pos, "undefined name '%s' (import it: import %s%s%s)", e->name, mods[i][1],
          strcmp(mods[i][0], mods[i][1]) ? " as " : "", strcmp(mods[i][0], mods[i][1]) ? mods[i][0] : "");
      return unknown;
    }
  const Callable *c = fe_vocab_find(e->name, ~(unsigned)NS_MODEL);
  if (c && home_of(c)) {
    err(C, e->pos, "undefined name '%s' (import it: from %s import %s)", e->name, home_of(c), e->name);
    return unknown;
  }
  const char *names[256];
  int n = binding_names(C, names, 256);
  err(C, e->pos, "undefined name '%s'%s", e->name, hint(h, sizeof h, e->name, names, n));
  return unknown;
}

/* What `module.name` or `from module import name` means; unknown when it is not there. */
static Ann member(int mod, const char *name) {
  char path[256];
  snprintf(path, sizeof path, "%s.%s", fe_modules[mod].path, name);
  int sub = fe_module_find(path, strlen(path));
  Ann a = unknown;
  if (sub >= 0) {
    a.vk = VK_MODULE;
    a.mod = sub;
  } else if ((a.fn = fe_vocab_find(name, fe_modules[mod].ns))) {
    a.vk = VK_CALLABLE;
  }
  return a;
}

/* The names module `mod` holds, for suggestions. */
static int members(int mod, const char **names, int cap) {
  int n = 0;
  size_t len = strlen(fe_modules[mod].path);
  for (int i = 0; i < fe_nmodules && n < cap; i++) {
    const char *p = fe_modules[i].path;
    if (strncmp(p, fe_modules[mod].path, len) == 0 && p[len] == '.' && !strchr(p + len + 1, '.'))
      names[n++] = p + len + 1;
  }
  for (int i = 0; i < fe_nvocab && n < cap; i++)
    if (fe_vocab[i].ns & fe_modules[mod].ns)
      names[n++] = fe_vocab[i].name;
  return n;
}

/* The name table of the classes module `mod` holds, or NULL. */
static const NameTable *class_table(int mod) {
  switch (fe_modules[mod].ns) {
  case NS_LOSSES: return &names_losses;
  case NS_OPTIMIZERS: return &names_optimizers;
  case NS_METRICS: return &names_metrics;
  default: return NULL;
  }
}

static Ann no_member(Checker *C, Pos p, int mod, const char *name, bool from) {
  const char *names[64];
  char h[96];
  const NameTable *t = class_table(mod);
  if (t && names_keras_only(t, name)) { /* Keras's, and never a hint to a different one */
    err(C, p, "%s '%s' of '%s' is not supported by nnc yet", t->what, name, fe_modules[mod].path);
    return unknown;
  }
  int n = members(mod, names, 64);
  if (from)
    err(C, p, "cannot import '%s' from '%s'%s", name, fe_modules[mod].path, hint(h, sizeof h, name, names, n));
  else
    err(C, p, "module '%s' has no '%s'%s", fe_modules[mod].path, name, hint(h, sizeof h, name, names, n));
  return unknown;
}

static int find_module(Checker *C, const Node *st) {
  int mod = fe_module_find(st->name, strlen(st->name));
  if (mod >= 0)
    return mod;
  const char *names[64];
  char h[96];
  for (int i = 0; i < fe_nmodules; i++)
    names[i] = fe_modules[i].path;
  const char *s = fe_suggest(st->name, names, fe_nmodules);
  if (s)
    snprintf(h, sizeof h, " (did you mean '%s'?)", s);
  else
    snprintf(h, sizeof h, " (a model file can import tensorflow, keras and numpy)");
  err(C, st->pos, "unknown module '%s'%s", st->name, h);
  return -1;
}

static void import_stmt(Checker *C, const Node *st) {
  int mod = find_module(C, st);
  if (mod < 0)
    return;
  if (st->alias) {
    bind(C, st->alias, (Ann){VK_MODULE, NULL, -1, mod, NULL});
    return;
  }
  /* import a.b.c binds a */
  const char *dot = strchr(st->name, '.');
  size_t len = dot ? (size_t)(dot - st->name) : strlen(st->name);
  const char *top = fe_strndup(C->m, st->name, len);
  if (!top) {
    C->nomem = true;
    return;
  }
  bind(C, top, (Ann){VK_MODULE, NULL, -1, fe_module_find(top, len), NULL});
}

static void from_stmt(Checker *C, const Node *st) {
  int mod = find_module(C, st);
  if (mod < 0)
    return;
  for (int i = 0; i < st->nitems; i++) {
    const Node *n = st->items[i];
    Ann a = member(mod, n->name);
    if (a.vk == VK_UNKNOWN)
      no_member(C, n->pos, mod, n->name, true);
    else
      bind(C, n->alias ? n->alias : n->name, a);
  }
}

/* ---- expressions ---- */

static Ann eval(Checker *C, Node *e);
static Ann call(Checker *C, Node *e);

static Ann attribute(Checker *C, Node *e) {
  Ann l = eval(C, e->lhs);
  char d[120], h[96];
  if (l.vk == VK_UNKNOWN)
    return unknown;
  if (l.vk == VK_MODULE) {
    Ann a = member(l.mod, e->name);
    return a.vk == VK_UNKNOWN ? no_member(C, e->npos, l.mod, e->name, false) : a;
  }
  const Callable *m = fe_vocab_find(e->name, NS_MODEL);
  if (l.vk == VK_MODEL && m) {
    Ann a = {VK_METHOD, m, l.obj, -1, NULL};
    return a;
  }
  if (l.vk == VK_MODEL) {
    const char *names[32];
    int n = 0;
    for (int i = 0; i < fe_nvocab && n < 32; i++)
      if (fe_vocab[i].ns & NS_MODEL)
        names[n++] = fe_vocab[i].name;
    err(C, e->npos, "a model has no method '%s'%s", e->name, hint(h, sizeof h, e->name, names, n));
    return unknown;
  }
  describe(C, e->lhs, d, sizeof d);
  if (m)
    err(C, e->npos, "%s() needs a model, but %s is not one", e->name, d);
  else
    err(C, e->npos, "%s has no attribute '%s'", d, e->name);
  return unknown;
}

/* -x: only numbers, folded into a new literal. */
static Ann negate(Checker *C, Node *e) {
  Ann a = eval(C, e->lhs);
  char d[120];
  if (a.vk == VK_UNKNOWN)
    return unknown;
  if (!a.lit || (a.lit->kind != EX_INT && a.lit->kind != EX_FLOAT)) {
    err(C, e->pos, "unary '-' needs a number, found %s", describe(C, e->lhs, d, sizeof d));
    return unknown;
  }
  Node *n = fe_node(C->m, a.lit->kind, e->pos);
  if (!n) {
    C->nomem = true;
    return unknown;
  }
  n->ival = -a.lit->ival;
  n->fval = -a.lit->fval;
  Ann r = kind(a.vk);
  r.lit = n;
  annotate(n, r);
  return r;
}

static Ann eval_expr(Checker *C, Node *e) {
  switch (e->kind) {
  case EX_INT: {
    Ann a = kind(e->toobig ? VK_UNKNOWN : VK_INT);
    a.lit = e->toobig ? NULL : e;
    return a;
  }
  case EX_FLOAT: { Ann a = kind(VK_FLOAT); a.lit = e; return a; }
  case EX_STR: { Ann a = kind(VK_STR); a.lit = e; return a; }
  case EX_BOOL: { Ann a = kind(VK_BOOL); a.lit = e; return a; }
  case EX_NONE: { Ann a = kind(VK_NONE); a.lit = e; return a; }
  case EX_LIST:
  case EX_TUPLE: {
    for (int i = 0; i < e->nitems; i++)
      eval(C, e->items[i]);
    Ann a = kind(e->kind == EX_LIST ? VK_LIST : VK_TUPLE);
    a.lit = e;
    return a;
  }
  case EX_NAME: {
    const Binding *b = lookup(C, e->name);
    if (b)
      return b->a;
    const Callable *c = fe_vocab_find(e->name, NS_BUILTIN);
    return c ? (Ann){VK_CALLABLE, c, -1, -1, NULL} : undefined(C, e);
  }
  case EX_ATTR: return attribute(C, e);
  case EX_CALL: return call(C, e);
  case EX_NEG: return negate(C, e);
  default:
    err(C, e->pos, "keyword argument outside a call");
    return unknown;
  }
}

static Ann eval(Checker *C, Node *e) {
  return annotate(e, eval_expr(C, e));
}


/* ---- argument types ---- */

static const char *const expect[] = {
    [PT_ANY] = "anything", [PT_POS_INT] = "a positive integer",
    [PT_NONNEG_INT] = "a non-negative integer", [PT_INT] = "an integer",
    [PT_POS_NUM] = "a positive number", [PT_NONNEG_NUM] = "a non-negative number",
    [PT_FRACTION] = "a number in [0, 1)", [PT_UNIT] = "a number in [0, 1]",
    [PT_BOOL] = "True or False", [PT_STR] = "a string", [PT_PATH] = "a file name (a string)",
    [PT_ACTIVATION] = "an activation name such as 'relu'",
    [PT_INITIALIZER] = "an initializer name such as 'glorot_uniform'",
    [PT_SHAPE] = "a tuple of positive integers such as (784,)", [PT_LAYER] = "a layer",
    [PT_LAYERS] = "a list of layers", [PT_SYMBOLIC] = "a Keras tensor (from Input(...) or a layer call)",
    [PT_SYMBOLICS] = "a Keras tensor or a list of them",
    [PT_LOSS] = "a loss such as BinaryCrossentropy() or 'mse'",
    [PT_OPTIMIZER] = "an optimizer such as Adam() or 'adam'",
    [PT_METRICS] = "a list of metric names such as ['accuracy']",
    [PT_TENSOR] = "a tensor (from load(...))", [PT_VALIDATION] = "a tuple (x, y) of tensors",
    [PT_CALLBACKS] = "a list of callbacks", [PT_VERBOSE] = "'auto', 0, 1 or 2",
    [PT_MONITOR] = "a quantity such as 'val_loss'", [PT_MODE] = "'auto', 'min' or 'max'",
};

static bool mismatch(Checker *C, const Param *p, const Node *arg) {
  char d[120];
  err(C, arg->pos, "%s must be %s%s, found %s", p->name, expect[p->type & ~FE_OR_NONE],
      (p->type & FE_OR_NONE) ? " or None" : "", describe(C, arg, d, sizeof d));
  return false;
}

static bool check_int(Checker *C, const Param *p, const Node *arg, int64_t lo) {
  if (arg->vk != VK_INT)
    return mismatch(C, p, arg);
  if (!arg->lit)
    return true;
  if (arg->lit->ival < lo)
    return mismatch(C, p, arg);
  if (arg->lit->ival > INT32_MAX) {
    err(C, arg->pos, "%s must be at most %d, found %lld", p->name, INT32_MAX, (long long)arg->lit->ival);
    return false;
  }
  return true;
}

static bool check_num(Checker *C, const Param *p, const Node *arg) {
  if (arg->vk != VK_INT && arg->vk != VK_FLOAT)
    return mismatch(C, p, arg);
  if (!arg->lit)
    return true;
  double v = arg->lit->kind == EX_INT ? (double)arg->lit->ival : arg->lit->fval;
  switch (p->type & ~FE_OR_NONE) {
  case PT_POS_NUM: return v > 0 || mismatch(C, p, arg);
  case PT_NONNEG_NUM: return v >= 0 || mismatch(C, p, arg);
  case PT_FRACTION: return (v >= 0 && v < 1) || mismatch(C, p, arg);
  default: return (v >= 0 && v <= 1) || mismatch(C, p, arg);
  }
}

/* A string literal that must be a name of table t (names.h says how names match). */
static bool check_name(Checker *C, const Param *p, const Node *arg, const NameTable *t) {
  if (arg->vk != VK_STR)
    return mismatch(C, p, arg);
  const Node *l = arg->lit;
  if (!l)
    return true;
  bool whole = strlen(l->str) == l->slen; /* no NUL inside */
  if (whole && names_find(t, l->str) >= 0)
    return true;
  char q[64], msg[FE_MSG_MAX];
  names_unknown(t, whole ? l->str : "", fe_quote(q, sizeof q, l->str, l->slen, 32), msg, sizeof msg);
  err(C, arg->pos, "%s", msg);
  return false;
}

static bool is_input(Checker *C, const Node *e) {
  const FeObject *o = obj(C, e->obj);
  return e->vk == VK_SYMBOLIC && o && o->fn && o->fn->id == FN_INPUT;
}

/* The items of a list or tuple literal, each checked by `ok`; NULL-tolerant of unknowns. */
static bool check_items(Checker *C, const Param *p, const Node *arg, int min, int max,
                        bool (*ok)(Checker *, const Node *, int)) {
  const Node *l = arg->lit;
  char d[120];
  if ((arg->vk != VK_LIST && arg->vk != VK_TUPLE) || !l)
    return mismatch(C, p, arg);
  if (l->nitems < min || l->nitems > max) {
    err(C, arg->pos, "%s must have %s%d item%s, found %d", p->name, min == max ? "" : l->nitems < min ? "at least " : "at most ",
        l->nitems < min ? min : max, (l->nitems < min ? min : max) == 1 ? "" : "s", l->nitems);
    return false;
  }
  bool good = true;
  for (int i = 0; i < l->nitems; i++) {
    const Node *it = l->items[i];
    if (it->vk != VK_UNKNOWN && !ok(C, it, i)) {
      err(C, it->pos, "%s must be %s, but item %d is %s", p->name, expect[p->type & ~FE_OR_NONE], i + 1,
          describe(C, it, d, sizeof d));
      good = false;
    }
  }
  return good;
}

static bool item_layer(Checker *C, const Node *e, int i) {
  return e->vk == VK_LAYER || (i == 0 && is_input(C, e));
}
static bool item_pos_int(Checker *C, const Node *e, int i) {
  (void)C, (void)i;
  return e->vk == VK_INT && (!e->lit || (e->lit->ival > 0 && e->lit->ival <= INT32_MAX));
}
static bool item_symbolic(Checker *C, const Node *e, int i) {
  (void)C, (void)i;
  return e->vk == VK_SYMBOLIC;
}
static bool item_tensor(Checker *C, const Node *e, int i) {
  (void)C, (void)i;
  return e->vk == VK_TENSOR;
}
static bool item_callback(Checker *C, const Node *e, int i) {
  (void)C, (void)i;
  return e->vk == VK_CALLBACK;
}
static bool item_metric(Checker *C, const Node *e, int i) {
  (void)C, (void)i;
  return e->vk == VK_STR && (!e->lit || names_find(&names_metrics, e->lit->str) >= 0);
}

static bool check_metrics(Checker *C, const Param *p, const Node *arg) {
  const Node *l = arg->lit;
  if ((arg->vk == VK_LIST || arg->vk == VK_TUPLE) && l)
    for (int i = 0; i < l->nitems; i++)
      if (l->items[i]->vk == VK_STR && l->items[i]->lit) {
        Param one = {p->name, PT_METRICS, NULL, false};
        return check_name(C, &one, l->items[i], &names_metrics) &&
               check_items(C, p, arg, 0, 64, item_metric);
      }
  return check_items(C, p, arg, 0, 64, item_metric);
}

static bool check_choice(Checker *C, const Param *p, const Node *arg, const char *const *names, int n) {
  if (arg->vk != VK_STR)
    return mismatch(C, p, arg);
  return !arg->lit || fe_string_index(names, n, arg->lit->str) >= 0 || mismatch(C, p, arg);
}

static bool check_type(Checker *C, const Param *p, const Node *arg) {
  static const char *const modes[] = {"auto", "min", "max"};
  int t = p->type & ~FE_OR_NONE;
  if (arg->vk == VK_UNKNOWN || t == PT_ANY || (arg->vk == VK_NONE && (p->type & FE_OR_NONE)))
    return true;
  switch (t) {
  case PT_POS_INT: return check_int(C, p, arg, 1);
  case PT_NONNEG_INT: return check_int(C, p, arg, 0);
  case PT_INT: return arg->vk == VK_INT || mismatch(C, p, arg);
  case PT_POS_NUM: case PT_NONNEG_NUM: case PT_FRACTION: case PT_UNIT: return check_num(C, p, arg);
  case PT_BOOL: return arg->vk == VK_BOOL || mismatch(C, p, arg);
  case PT_STR: case PT_PATH: return arg->vk == VK_STR || mismatch(C, p, arg);
  case PT_ACTIVATION:
    return arg->vk == VK_NONE || check_name(C, p, arg, &names_activations);
  case PT_INITIALIZER: return check_name(C, p, arg, &names_initializers);
  case PT_SHAPE: return check_items(C, p, arg, 1, 3, item_pos_int);
  case PT_LAYER: return item_layer(C, arg, 0) || mismatch(C, p, arg);
  case PT_LAYERS: return check_items(C, p, arg, 0, 4096, item_layer);
  case PT_SYMBOLIC: return arg->vk == VK_SYMBOLIC || mismatch(C, p, arg);
  case PT_SYMBOLICS: return arg->vk == VK_SYMBOLIC || check_items(C, p, arg, 1, 64, item_symbolic);
  case PT_LOSS: return arg->vk == VK_LOSS || check_name(C, p, arg, &names_losses);
  case PT_OPTIMIZER: return arg->vk == VK_OPTIMIZER || check_name(C, p, arg, &names_optimizers);
  case PT_METRICS: return check_metrics(C, p, arg);
  case PT_TENSOR: return arg->vk == VK_TENSOR || mismatch(C, p, arg);
  case PT_VALIDATION: return check_items(C, p, arg, 2, 2, item_tensor);
  case PT_CALLBACKS: return check_items(C, p, arg, 0, 64, item_callback);
  case PT_VERBOSE:
    if (arg->vk == VK_INT && arg->lit && arg->lit->ival >= 0 && arg->lit->ival <= 2)
      return true;
    return (arg->vk == VK_STR && arg->lit && strcmp(arg->lit->str, "auto") == 0) || mismatch(C, p, arg);
  case PT_MONITOR: return check_name(C, p, arg, &names_monitors);
  case PT_MODE: return check_choice(C, p, arg, modes, 3);
  default: return true;
  }
}

/* ---- calls ---- */

static void eval_args(Checker *C, Node *e) {
  for (int i = 0; i < e->nitems; i++) {
    Node *a = e->items[i];
    if (a->kind == EX_KW)
      annotate(a, eval(C, a->lhs));
    else
      eval(C, a);
  }
}

/* A parameter's default, from its Python text in the table, as an annotated literal. */
static Node *default_node(Checker *C, const char *text, Pos p) {
  size_t len = strlen(text);
  NodeKind k = strcmp(text, "None") == 0 ? EX_NONE
             : strcmp(text, "True") == 0 || strcmp(text, "False") == 0 ? EX_BOOL
             : text[0] == '\'' ? EX_STR : strpbrk(text, ".e") ? EX_FLOAT : EX_INT;
  Node *n = fe_node(C->m, k, p);
  if (!n) {
    C->nomem = true;
    return NULL;
  }
  static const ValueKind vk[] = {[EX_NONE] = VK_NONE, [EX_BOOL] = VK_BOOL, [EX_STR] = VK_STR,
                                 [EX_FLOAT] = VK_FLOAT, [EX_INT] = VK_INT};
  n->ival = k == EX_BOOL ? text[0] == 'T' : strtoll(text, NULL, 10);
  n->fval = strtod(text, NULL);
  if (k == EX_STR) {
    n->slen = len - 2;
    n->str = fe_strndup(C->m, text + 1, len - 2);
    if (!n->str)
      C->nomem = true;
  }
  Ann a = kind(vk[k]);
  a.lit = n;
  annotate(n, a);
  return n;
}

/* Puts each argument of call e in its parameter's slot; reports what does not fit. */
static bool match_args(Checker *C, Node *e, const Callable *fn, Node **args) {
  char h[96];
  int npos = 0, given = 0;
  while (npos < fn->nparams && !fn->params[npos].kwonly)
    npos++;
  for (int i = 0; i < e->nitems; i++)
    given += e->items[i]->kind != EX_KW;
  bool ok = true, from_kw[FE_MAX_PARAMS] = {false};
  for (int i = 0, k = 0; i < e->nitems; i++) {
    Node *a = e->items[i];
    if (a->kind != EX_KW) {
      if (k == npos) {
        err(C, a->pos, "%s() takes at most %d positional argument%s, found %d", fn->name, npos,
            npos == 1 ? "" : "s", given);
        ok = false;
        k++;
      } else if (k < npos) {
        args[k++] = a;
      }
      continue;
    }
    int idx = fe_param_index(fn, a->name);
    if (idx < 0) {
      const char *names[FE_MAX_PARAMS];
      for (int j = 0; j < fn->nparams; j++)
        names[j] = fn->params[j].name;
      err(C, a->npos, "unknown keyword argument '%s' for %s()%s", a->name, fn->name,
          hint(h, sizeof h, a->name, names, fn->nparams));
      ok = false;
    } else if (args[idx] && !from_kw[idx]) {
      err(C, a->npos, "%s() got multiple values for argument '%s'", fn->name, a->name);
      ok = false;
    } else {
      args[idx] = a->lhs;
      from_kw[idx] = true;
    }
  }
  return ok;
}

static bool fill_args(Checker *C, Node *e, const Callable *fn, Node **args) {
  bool ok = true;
  for (int i = 0; i < fn->nparams; i++) {
    const Param *p = &fn->params[i];
    if (args[i]) {
      ok = check_type(C, p, args[i]) && ok;
    } else if (p->def) {
      args[i] = default_node(C, p->def, e->pos);
    } else {
      Pos at = e->lhs->kind == EX_ATTR ? e->lhs->npos : e->pos;
      err(C, at, "%s() missing required argument '%s'", fn->name, p->name);
      ok = false;
    }
  }
  return ok;
}

/* fit, evaluate, predict need layers, and all but predict a compiled model. */
static void life_cycle(Checker *C, const Node *e, const Callable *fn, const FeObject *o) {
  Pos at = e->lhs->kind == EX_ATTR ? e->lhs->npos : e->pos;
  if (!o)
    return;
  if (o->nlayers == 0)
    err(C, at, "the model has no layers yet; add them before %s()", fn->name);
  else if (!o->compiled && fn->id != FN_PREDICT)
    err(C, at, "the model is not compiled; call compile(...) before %s()", fn->name);
}

/* The argument is None (given so, or by default), or absent. */
static bool none_arg(const Node *call, const char *param) {
  const Node *l = fe_literal(fe_arg(call, param));
  return !fe_arg(call, param) || (l && l->kind == EX_NONE);
}

static Ann effects(Checker *C, Node *e, const Callable *fn, int recv) {
  Ann r = kind(fn->result);
  r.fn = fn;                  /* a call's node keeps what it called */
  FeObject *o = obj(C, recv);
  const Node *l;
  switch (fn->id) {
  case FN_COMPILE:
    if (!o)
      break;
    o->compiled = true;
    l = e->args[2] ? e->args[2]->lit : NULL;
    o->metrics = l && (l->kind == EX_LIST || l->kind == EX_TUPLE) && l->nitems > 0;
    break;
  case FN_FIT: case FN_EVALUATE: case FN_PREDICT: life_cycle(C, e, fn, o); break;
  case FN_DENSE: /* Keras refuses both: input_dim=n means input_shape=(n,) */
    if (!none_arg(e, "input_shape") && !none_arg(e, "input_dim"))
      err(C, fe_arg(e, "input_dim")->pos, "give Dense input_shape= or input_dim=, not both");
    break;
  case FN_ADD_LAYER:
    if (o && !o->sequential)
      err(C, e->lhs->npos, "add() needs a Sequential model; this one was made by Model(...)");
    if (o)
      o->nlayers++;
    break;
  default: break;
  }
  r.obj = recv;
  if (fn->result == VK_LAYER || fn->result == VK_MODEL || fn->result == VK_SYMBOLIC) {
    r.obj = new_obj(C, fn->result, fn);
    FeObject *n = obj(C, r.obj);
    if (n) {
      C->made[r.obj] = e;
      l = fn->id == FN_INPUT && e->args[0] ? e->args[0]->lit : NULL;
      if (l && (l->kind == EX_LIST || l->kind == EX_TUPLE) && l->nitems == 1 && l->items[0]->lit)
        C->width[r.obj] = l->items[0]->lit->ival;
    }
    if (n && fn->id == FN_SEQUENTIAL) {
      l = e->args[0] ? e->args[0]->lit : NULL;
      n->sequential = true;
      n->nlayers = l && (l->kind == EX_LIST || l->kind == EX_TUPLE) ? l->nitems : 0;
    } else if (n && fn->id == FN_MODEL) {
      n->nlayers = 1;
    }
  }
  return r;
}

static Ann vocab_call(Checker *C, Node *e, Ann f) {
  const Callable *fn = f.fn;
  e->fn = fn;
  eval_args(C, e);
  if (fn->variadic) {
    for (int i = 0; i < e->nitems; i++)
      if (e->items[i]->kind == EX_KW)
        err(C, e->items[i]->npos, "%s() takes no keyword arguments here", fn->name);
    Ann r = kind(fn->result);
    r.fn = fn;
    return r;
  }
  Node **args = fe_alloc(C->m, (size_t)(fn->nparams ? fn->nparams : 1) * sizeof(Node *));
  if (!args) {
    C->nomem = true;
    return unknown;
  }
  e->args = args;
  e->nargs = fn->nparams;
  bool ok = match_args(C, e, fn, args);
  ok = fill_args(C, e, fn, args) && ok;
  /* The effects happen even after an error (a compile() with a typo still counts as one,
   * so fit() does not complain too); a value in error is unknown unless it is an object. */
  Ann r = effects(C, e, fn, f.obj);
  if (!ok && fn->result != VK_LAYER && fn->result != VK_MODEL && fn->result != VK_SYMBOLIC) {
    r = unknown;
    r.fn = fn;
  }
  return r;
}

static int64_t int_lit(const Node *call, const char *p) {
  const Node *l = fe_literal(fe_arg(call, p));
  return l && l->kind == EX_INT ? l->ival : 0;
}

/* The width of what layer `layer` makes from the tensors `a` stands for (one, or a list),
 * 0 when unknown; reports an Add of different widths and a Concatenate axis out of range. */
static int64_t layer_width(Checker *C, const Node *e, int layer, const Node *a) {
  const Node *made = layer >= 0 && layer < C->objs->nobjs ? C->made[layer] : NULL;
  bool multi = a->lit && (a->lit->kind == EX_LIST || a->lit->kind == EX_TUPLE);
  int n = multi ? a->lit->nitems : 1;
  int64_t w0 = 0, sum = 0;
  if (!made || !made->args)
    return 0;
  for (int i = 0; i < n; i++) {
    const Node *t = multi ? a->lit->items[i] : a;
    int64_t w = t->obj >= 0 && t->obj < C->objs->nobjs ? C->width[t->obj] : 0;
    if (made->fn->id == FN_ADD && w > 0 && w0 > 0 && w != w0) {
      err(C, e->pos, "Add needs inputs of one shape, but item 1 is (None, %lld) and item %d is "
          "(None, %lld)", (long long)w0, i + 1, (long long)w);
      return 0;
    }
    w0 = i == 0 ? w : w0;
    sum = sum >= 0 && w > 0 ? sum + w : -1;
  }
  int64_t axis = int_lit(made, "axis");
  switch (made->fn->id) {
  case FN_DENSE: return int_lit(made, "units");
  case FN_ACTIVATION: case FN_ADD: return w0;
  case FN_CONCATENATE:
    if (axis != 1 && axis != -1)
      err(C, fe_arg(made, "axis")->pos, "axis=%lld cannot concatenate vectors: use -1 (or 1), the "
          "feature axis", (long long)axis);
    return sum > 0 ? sum : 0;
  default: return 0;
  }
}

/* The functional API: layer(tensor), or Add()([a, b]). */
static Ann layer_call(Checker *C, Node *e, Ann f) {
  eval_args(C, e);
  const FeObject *o = obj(C, f.obj);
  const Callable *fn = o ? o->fn : NULL;
  bool multi = fn && (fn->id == FN_ADD || fn->id == FN_CONCATENATE);
  char d[120];
  Node *a = e->nitems == 1 && e->items[0]->kind != EX_KW ? e->items[0] : NULL;
  if (!a) {
    err(C, e->pos, "a layer is called with one argument: %s", multi ? "a list of Keras tensors" : "a Keras tensor");
    return unknown;
  }
  bool ok = multi ? (a->vk == VK_LIST || a->vk == VK_TUPLE) && a->lit && a->lit->nitems >= 2
                  : a->vk == VK_SYMBOLIC;
  for (int i = 0; ok && multi && i < a->lit->nitems; i++)
    ok = a->lit->items[i]->vk == VK_SYMBOLIC || a->lit->items[i]->vk == VK_UNKNOWN;
  if (!ok && a->vk != VK_UNKNOWN) {
    err(C, a->pos, "%s() layer must be called on %s, found %s", fn ? fn->name : "the",
        multi ? "a list of at least two Keras tensors" : "a Keras tensor (from Input(...) or a layer call)",
        describe(C, a, d, sizeof d));
    return unknown;
  }
  Ann r = kind(VK_SYMBOLIC);
  int64_t w = layer_width(C, e, f.obj, a);
  r.obj = new_obj(C, VK_SYMBOLIC, fn);
  if (r.obj >= 0)
    C->width[r.obj] = w;
  r.fn = fn;
  return r;
}

static Ann call(Checker *C, Node *e) {
  Ann f = eval(C, e->lhs);
  char d[120];
  switch (f.vk) {
  case VK_CALLABLE:
  case VK_METHOD: return vocab_call(C, e, f);
  case VK_LAYER: return layer_call(C, e, f);
  case VK_UNKNOWN: eval_args(C, e); return unknown;
  case VK_MODEL:
    eval_args(C, e);
    err(C, e->pos, "calling a model is not supported in a model file; use model.predict(x)");
    return unknown;
  default:
    eval_args(C, e);
    err(C, e->pos, "%s is not callable", describe(C, e->lhs, d, sizeof d));
    return unknown;
  }
}

/* ---- statements ---- */

static void unpack(Checker *C, Node *st, Ann a) {
  int n = st->nitems;
  char d[120];
  const FeObject *o = obj(C, a.obj);
  bool ok = false;
  if ((a.vk == VK_TUPLE || a.vk == VK_LIST) && a.lit) {
    if (!(ok = a.lit->nitems == n))
      err(C, st->lhs->pos, "cannot unpack %d values into %d names", a.lit->nitems, n);
    for (int i = 0; ok && i < n; i++)
      bind(C, st->items[i]->name, annotate(st->items[i], ann_of(a.lit->items[i])));
  } else if (a.vk == VK_METRICS) {
    if (!(ok = o && o->metrics && n == 2))
      err(C, st->lhs->pos, "evaluate() returns %s here, not %d values",
          o && o->metrics ? "2 values (loss, accuracy)" : "only the loss (compile with metrics=['accuracy'] for two)", n);
    for (int i = 0; ok && i < n; i++)
      bind(C, st->items[i]->name, annotate(st->items[i], kind(VK_FLOAT)));
  } else if (a.vk != VK_UNKNOWN) {
    err(C, st->lhs->pos, "cannot unpack %s into %d names", describe(C, st->lhs, d, sizeof d), n);
  }
  for (int i = 0; !ok && i < n; i++)
    bind(C, st->items[i]->name, unknown);
}

static void stmt(Checker *C, Node *st) {
  switch (st->kind) {
  case ST_IMPORT: import_stmt(C, st); break;
  case ST_FROM: from_stmt(C, st); break;
  case ST_EXPR: eval(C, st->lhs); break;
  case ST_ASSIGN: {
    Ann a = eval(C, st->lhs);
    if (!st->ival)
      bind(C, st->items[0]->name, annotate(st->items[0], a));
    else
      unpack(C, st, a);
    break;
  }
  default: break;
  }
}

nnc_status fe_check(Source *s, Module *m, FeChecked *objs) {
  FeChecked local = {0};
  Checker C = {.s = s, .m = m, .objs = objs ? objs : &local};
  memset(C.objs, 0, sizeof *C.objs);
  for (int i = 0; i < m->nstmts && !fe_full(s) && !C.nomem; i++)
    stmt(&C, m->stmts[i]);
  base_free(C.b);
  base_free(C.made);
  base_free(C.width);
  base_free(local.objs);
  if (C.nomem)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory while checking the model file", s->file);
  fe_diags_sort(s);
  return fe_status(s);
}

nnc_status fe_check_text(Source *s, Module **out) {
  nnc_status st = fe_parse(s, out);
  if (st != NNC_OK)
    return st;
  return fe_check(s, *out, NULL);
}

const Node *fe_arg(const Node *call, const char *param) {
  if (!call || !call->fn || !call->args)
    return NULL;
  int i = fe_param_index(call->fn, param);
  return i >= 0 && i < call->nargs ? call->args[i] : NULL;
}

const Node *fe_literal(const Node *e) {
  return e ? e->lit : NULL;
}
