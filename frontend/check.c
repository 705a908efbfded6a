/* check.c — library calls checked before anything runs.
 *
 * Library modules are tables, so importing one has no effect beyond making its objects:
 * the checker imports what the file imports and follows names to what they stand for. A name
 * bound once (by an import or a plain assignment) stands for its value: a module, a library
 * function or class, a literal, or an instance of a library class (what a call of that class,
 * or of a function whose row names its result, returns). Then:
 *  - an import of a module nnc does not have, or of a name a module lacks, is reported;
 *  - an attribute of a module, a library class or an instance of a class without an
 *    attribute dict that does not exist is reported (with a hint when one is close);
 *  - a call of a library function, class or method is mapped onto its signature exactly as
 *    the run time binds it (fe_sig_map): unknown keywords, too many or missing arguments are
 *    reported, and every literal argument goes through its parameter's check;
 *  - a library class whose layout says it is built without effects (Keras's layers,
 *    optimizers, callbacks), called with literal arguments only outside a try block, is
 *    built, and what its constructor refuses (Dropout(1.5), SGD(momentum=-1)) is reported
 *    as the run would;
 *  - a call of a function the table refuses (input(), eval()) is reported with its reason.
 * Anything not known statically (user classes, values computed at run time) is left alone:
 * the checker never reports what might be fine.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "frontend.h"
#include "base.h"
#include "names.h"

enum { MAX_FOLLOW = 16, MAX_ARGS = 256 };

typedef enum { SV_UNKNOWN, SV_VALUE, SV_INSTANCE, SV_METHOD } SvKind;

typedef struct {
  SvKind kind;
  Obj *o;             /* SV_VALUE: the value; SV_INSTANCE: its class; SV_METHOD: a native
                         method of an instance's class, its self implied (borrowed from the pool) */
  char text[160];     /* how the file names it, for messages: "tensorflow.keras" */
} SVal;

/* What a followed name stood for, kept so that each name is followed once: a file whose
 * values name each other many times over (y = f(x, x); z = g(y, y); ...) is walked once, not
 * once per path. A name still being followed stands for nothing known (y = f(y)). */
typedef struct {
  const Sym *sym;     /* NULL: a free slot */
  bool busy;
  SVal v;
} Followed;

typedef struct {
  Interp *I;
  Source *s;
  Ast *a;
  Scope *cur;         /* the scope of the statement being walked */
  Obj *pool;          /* a list holding every value the checker made */
  int follow;         /* names followed to their values, nested */
  Followed *followed; /* an open-addressed table by symbol, a power of two in size */
  int nfollowed, capfollowed;
  Node *calling;      /* the callee of the call being checked (an attribute called as a method) */
  FILE *sink;         /* what objects built by the checker print (a warning) goes there */
  int in_try;         /* try blocks around the statement: a refusal there may be caught */
  bool nomem;
} Checker;

static const SVal unknown = {SV_UNKNOWN, NULL, ""};

static void err(Checker *C, Pos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void err(Checker *C, Pos p, const char *fmt, ...) {
  if (C->follow > 0)
    return;           /* following a name to its value: the walk reports that value where it is */
  char msg[FE_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  fe_error(C->s, NNC_ERR_TYPE, p, "%s", msg);
}

/* Drops a pending exception (what the checker cannot know is left to the run), noting
 * when memory ran out. */
static void swallow(Checker *C) {
  if (fe_pending(C->I, EXC_MemoryError))
    C->nomem = true;
  fe_decref(C->I, fe_exc_take(C->I));
}

/* Keeps v alive until the checker ends; returns it borrowed (NULL in, NULL out). */
static Obj *keep(Checker *C, Obj *v) {
  if (!v) {
    swallow(C);
    return NULL;
  }
  if (fe_list_append(C->I, C->pool, v) < 0)
    C->nomem = true;
  fe_decref(C->I, v);
  return v;
}

static SVal value(Checker *C, Obj *v, const char *text) {
  SVal r = {SV_VALUE, keep(C, v), ""};
  snprintf(r.text, sizeof r.text, "%s", text);
  return r.o ? r : unknown;
}

/* ---- what names and expressions stand for ---- */

static SVal eval(Checker *C, Node *e);

static bool is_str_obj(Checker *C, Obj *o) {
  return o && o->cls == C->I->cls_str;
}

/* The value an import statement binds to `name`. */
static SVal imported(Checker *C, Node *st, Node *item) {
  Interp *I = C->I;
  if (st->kind == S_IMPORT) {
    char first[256];
    const char *path = st->name;
    if (!st->alias) {
      snprintf(first, sizeof first, "%.*s", (int)strcspn(st->name, "."), st->name);
      path = first;
    }
    return fe_module_known(I, path) ? value(C, fe_import(I, path), path) : unknown;
  }
  if (!fe_module_known(I, st->name))
    return unknown;
  Obj *m = keep(C, fe_import(I, st->name));
  Obj *name = m ? fe_node_name(I, item) : NULL;
  char text[256];
  snprintf(text, sizeof text, "%s.%s", st->name, item->name);
  return name ? value(C, fe_getattr(I, m, name), text) : unknown;
}

/* The statement of the module that binds name once by an import, or NULL. */
static Node *import_of(Checker *C, const char *name, Node **item) {
  for (int i = 0; i < C->a->body.n; i++) {
    Node *st = C->a->body.v[i];
    if (st->kind == S_IMPORT) {
      size_t n = strcspn(st->name, ".");
      const char *bound = st->alias ? st->alias : st->name;
      size_t bn = st->alias ? strlen(bound) : n;
      if (strlen(name) == bn && strncmp(bound, name, bn) == 0)
        return st;
    } else if (st->kind == S_FROM) {
      for (int k = 0; k < st->items.n; k++) {
        Node *it = st->items.v[k];
        if (strcmp(it->alias ? it->alias : it->name, name) == 0) {
          *item = it;
          return st;
        }
      }
    }
  }
  return NULL;
}

static size_t sym_slot(const Sym *s, int cap) {
  return ((uintptr_t)s >> 4) * 0x9E3779B97F4A7C15u & (size_t)(cap - 1);
}

/* The entry of s in the table of followed names, a free one when s has none yet (NULL when
 * memory runs out). */
static Followed *followed(Checker *C, const Sym *s) {
  if (2 * (C->nfollowed + 1) > C->capfollowed) {
    int cap = C->capfollowed ? 2 * C->capfollowed : 64;
    Followed *t = base_calloc((size_t)cap, sizeof *t);
    if (!t)
      return C->nomem = true, NULL;
    for (int i = 0; i < C->capfollowed; i++) {
      Followed *o = &C->followed[i];
      size_t k = o->sym ? sym_slot(o->sym, cap) : 0;
      while (o->sym && t[k].sym)
        k = (k + 1) & (size_t)(cap - 1);
      if (o->sym)
        t[k] = *o;
    }
    base_free(C->followed);
    C->followed = t;
    C->capfollowed = cap;
  }
  size_t k = sym_slot(s, C->capfollowed);
  while (C->followed[k].sym && C->followed[k].sym != s)
    k = (k + 1) & (size_t)(C->capfollowed - 1);
  return &C->followed[k];
}

static SVal name_value(Checker *C, Node *e) {
  Scope *sc = e->ref.kind == REF_GLOBAL ? C->a->scope : e->ref.kind == REF_LOCAL ? C->cur : NULL;
  if (!sc)
    return unknown;
  Sym *s = fe_scope_find(sc, e->name);
  if (!s) {
    Obj *b = fe_dict_getstr(C->I, C->I->builtins, e->name);
    if (b && e->ref.kind == REF_GLOBAL && !C->a->scope->star_import) {
      fe_incref(b);
      return value(C, b, e->name);
    }
    return unknown;
  }
  if (s->nbind != 1 || C->follow >= MAX_FOLLOW)
    return unknown;
  if ((s->flags & SYM_IMPORTED) && sc == C->a->scope) {
    Node *item = NULL, *st = import_of(C, e->name, &item);
    return st ? imported(C, st, item) : unknown;
  }
  if (!s->value)
    return unknown;
  Followed *f = followed(C, s);
  if (!f)
    return unknown;
  if (f->sym)
    return f->busy ? unknown : f->v;
  *f = (Followed){.sym = s, .busy = true};
  C->nfollowed++;
  C->follow++;
  Scope *saved = C->cur;
  if (sc == C->a->scope)
    C->cur = sc;
  SVal v = eval(C, s->value);
  C->cur = saved;
  C->follow--;
  f = followed(C, s);   /* the table may have grown */
  f->busy = false;
  f->v = v;
  return v;
}

/* Names a module, class or instance has, for hints. */
static int member_names(Checker *C, SVal base, const char **names, int cap) {
  Obj *o = base.o;
  Obj *d = base.kind == SV_VALUE && FE_ISA(C->I, o, module) ? ((Module *)o)->dict : NULL;
  int n = 0;
  int64_t pos = 0;
  Obj *k, *v;
  while (d && n < cap && fe_dict_next(d, &pos, &k, &v))
    if (is_str_obj(C, k) && FE_STR(k)->s[0] != '_')
      names[n++] = FE_STR(k)->s;
  if (d) {                          /* submodules not imported yet */
    const char *mods[256];
    const char *mname = FE_STR(((Module *)o)->name)->s;
    size_t ml = strlen(mname);
    int nm = fe_module_names(C->I, mods, 256);
    for (int i = 0; i < nm && n < cap; i++)
      if (strncmp(mods[i], mname, ml) == 0 && mods[i][ml] == '.' && !strchr(mods[i] + ml + 1, '.'))
        names[n++] = mods[i] + ml + 1;
    return n;
  }
  Class *c = base.kind == SV_INSTANCE ? (Class *)o : FE_ISA(C->I, o, type) ? (Class *)o : NULL;
  for (; c && n < cap; c = c->base) {
    pos = 0;
    while (c->dict && n < cap && fe_dict_next(c->dict, &pos, &k, &v))
      if (is_str_obj(C, k) && FE_STR(k)->s[0] != '_')
        names[n++] = FE_STR(k)->s;
  }
  return n;
}

/* Whether the real module that base stands for has name (a table's `lacks` says so). */
static bool real_name(Checker *C, SVal base, const char *name) {
  Interp *I = C->I;
  if (base.kind != SV_VALUE || !FE_ISA(I, base.o, module))
    return false;
  const char *mod = FE_STR(((Module *)base.o)->name)->s;
  size_t n = strlen(name);
  for (int i = 0; i < I->ndefs; i++) {
    const char *w = I->defs[i]->lacks;
    if (!w || strcmp(I->defs[i]->name, mod) != 0)
      continue;
    for (const char *p = strstr(w, name); p; p = strstr(p + 1, name))
      if ((p == w || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
        return true;
  }
  return false;
}

/* " (did you mean 'x'?)" for a member of base, unless the real module has the name itself. */
static void member_hint(Checker *C, SVal base, const char *name, char *hint, size_t n) {
  enum { CAP = 512 };
  const char *names[CAP];
  if (real_name(C, base, name))
    hint[0] = '\0';
  else
    fe_hint(hint, n, name, names, member_names(C, base, names, CAP));
}

/* The source text of a dotted name (a.b.c), or "" when it is not one. */
static void dotted_text(const Node *e, char *buf, size_t n) {
  if (e->kind == E_NAME) {
    snprintf(buf, n, "%s", e->name);
  } else if (e->kind == E_ATTR) {
    dotted_text(e->a, buf, n);
    if (buf[0]) {
      size_t l = strlen(buf);
      snprintf(buf + l, n - l, ".%s", e->name);
    }
  } else {
    buf[0] = '\0';
  }
}

static SVal attribute(Checker *C, Node *e) {
  bool called = C->calling == e;
  SVal base = eval(C, e->a);
  if (base.kind == SV_UNKNOWN)
    return unknown;
  Interp *I = C->I;
  Obj *o = base.o, *name = fe_node_name(I, e);
  if (!name)
    return C->nomem = true, unknown;
  bool module = base.kind == SV_VALUE && FE_ISA(I, o, module);
  bool cls = base.kind == SV_VALUE && FE_ISA(I, o, type) && ((Class *)o)->def;
  /* an instance of a library class: attributes a dict or its getattr (a frame's columns)
   * may give are known only at run time, but a method a dict's instance is called with
   * must be its class's */
  bool inst = base.kind == SV_INSTANCE && ((Class *)o)->def;
  if (!module && !cls && !inst)
    return unknown;
  if (inst) {
    Obj *m = fe_class_lookup((Class *)o, name);
    if (m && FE_ISA(I, m, native)) {
      fe_incref(m);
      SVal r = {SV_METHOD, keep(C, m), ""};
      return r.o ? r : unknown;
    }
    const Layout *L = ((Class *)o)->layout;
    if (m || L->dict_offset || L->getattr) {
      if (!m && called && C->follow == 0 && (!L->getattr || L->getattr_data_only)) {
        enum { CAP = 256 };
        const char *names[CAP];
        char hint[160];
        fe_hint(hint, sizeof hint, e->name, names, member_names(C, base, names, CAP));
        err(C, e->npos, "'%s' object has no attribute '%s'%s", ((Class *)o)->name, e->name, hint);
      }
      return unknown;
    }
  }
  Obj *v = NULL;
  if (module)
    v = fe_module_getattr(I, o, name);
  else if ((v = fe_class_lookup((Class *)o, name)))
    fe_incref(v);
  swallow(C);
  char text[200];
  snprintf(text, sizeof text, "%s.%s", base.text, e->name);
  if (v) {
    if (inst && FE_ISA(I, v, property)) {
      fe_decref(I, v);
      return unknown;             /* a property's value is known only at run time */
    }
    /* a refused name (np.float16) is refused where it is used, not only where called */
    const FeFnDef *def = FE_ISA(I, v, native) ? ((Native *)v)->def : NULL;
    if (def && !def->fn && def->refusal && !called)
      err(C, e->npos, "%s", def->refusal);
    return value(C, v, text);
  }
  if (C->follow > 0)
    return unknown;   /* reported where the walk meets it; a hint is not cheap */
  char hint[160], src[200];
  member_hint(C, base, e->name, hint, sizeof hint);
  dotted_text(e, src, sizeof src);
  if (module && !hint[0] && src[0])
    err(C, e->npos, "'%s' is not available in nnc model files", src);
  else if (module)
    err(C, e->npos, "module '%s' has no '%s'%s", base.text, e->name, hint);
  else
    err(C, e->npos, "'%s' %s has no attribute '%s'%s", ((Class *)o)->name,
        inst ? "object" : "class",
        e->name, hint);
  return unknown;
}

/* ---- calls ---- */

/* The signature a call of v is bound to (self excluded), its name and what it returns. */
static Sig *callee_sig(Checker *C, SVal f, bool *method, const FeFnDef **def, Class **cls) {
  Interp *I = C->I;
  *method = false;
  *def = NULL;
  *cls = NULL;
  if (f.kind == SV_METHOD) {
    *def = ((Native *)f.o)->def;
    return ((Native *)f.o)->sig;
  }
  if (f.kind != SV_VALUE)
    return NULL;
  Obj *o = f.o;
  if (FE_ISA(I, o, native)) {
    Native *n = (Native *)o;
    *def = n->def;
    *method = n->owner && !n->self;
    return n->sig;
  }
  if (FE_ISA(I, o, type)) {
    Class *c = (Class *)o;
    *cls = c;
    if (c->def && c->def->ctor)
      return c->ctor_sig;
    Obj *init = fe_class_lookup(c, I->names.init);
    if (init && FE_ISA(I, init, native) && c->def) {
      *method = true;
      return ((Native *)init)->sig;
    }
  }
  return NULL;
}

/* An argument's value when it is known before anything runs: a literal, or a name or
 * attribute bound once to one or to a library object (a class, a function); else NULL. */
static Obj *literal_arg(Checker *C, Node *e) {
  Obj *v = keep(C, fe_literal(C->I, e));
  if (v)
    return v;
  if (e->kind == E_NAME || e->kind == E_ATTR) {
    SVal s = eval(C, e);
    if (s.kind == SV_VALUE && s.o)
      return s.o;
  }
  return NULL;
}

/* Builds cls from the literal arguments args (the last nkw by keyword, named kw) when its
 * layout allows it, reporting the constructor's refusal at the call; the instance goes. */
static void build(Checker *C, Node *e, Class *cls, Node **args, const char **kw, int n, int nkw) {
  Interp *I = C->I;
  if (!cls->def || !cls->def->ctor || !cls->layout || !cls->layout->checker_builds)
    return;
  Obj *vals[MAX_ARGS];
  for (int i = 0; i < n; i++)
    if (!(vals[i] = literal_arg(C, args[i]->kind == E_KW ? args[i]->a : args[i])))
      return;
  Obj *names = NULL;
  if (nkw) {
    names = keep(C, fe_tuple_new(I, nkw));
    for (int i = 0; names && i < nkw; i++)
      if (!(FE_TUPLE(names)->v[i] = fe_str_cstr(I, kw[i])))
        names = NULL;
    if (!names)
      return;
  }
  if (!C->sink && !(C->sink = fopen("/dev/null", "w")))
    return;
  FILE *out = I->cfg.out, *errs = I->cfg.err; /* the run prints warnings; the check does not */
  I->cfg.out = I->cfg.err = C->sink;
  I->checking = true;
  Obj *o = fe_call(I, &cls->hd, vals, n, names);
  I->checking = false;
  I->cfg.out = out;
  I->cfg.err = errs;
  if (o) {
    fe_decref(I, o);
    return;
  }
  if (fe_pending(I, EXC_MemoryError)) {
    swallow(C);
    return;
  }
  Obj *exc = fe_exc_take(I);
  Obj *msg = exc ? fe_str(I, exc) : NULL;
  if (msg && ((Exc *)exc)->status != NNC_OK)
    err(C, e->pos, "%s", FE_STR(msg)->s);   /* nnc's own wording, as the run reports it */
  else if (msg)
    err(C, e->pos, "%s: %s", fe_typename(exc), FE_STR(msg)->s);
  fe_decref(I, msg);
  fe_decref(I, exc);
  swallow(C);
}

static SVal call(Checker *C, Node *e) {
  Interp *I = C->I;
  C->calling = e->a;
  SVal f = eval(C, e->a);
  C->calling = NULL;
  for (int i = 0; i < e->items.n; i++)
    eval(C, e->items.v[i]->kind == E_KW || e->items.v[i]->kind == E_STARRED ||
         e->items.v[i]->kind == E_DSTAR
                ? e->items.v[i]->a : e->items.v[i]);
  bool method;
  const FeFnDef *def;
  Class *cls;
  Sig *sig = callee_sig(C, f, &method, &def, &cls);
  if (def && !def->fn) {
    err(C, e->pos, "%s", def->refusal ? def->refusal : "not available in nnc model files");
    return unknown;
  }
  if (!sig)
    return unknown;
  if (method)
    return unknown;               /* an unbound method: self comes first, unknown here */
  int npos = 0, nkw = 0, map[MAX_ARGS], bad;
  const char *kw[MAX_ARGS];
  Node *args[MAX_ARGS];
  bool starred = false;
  for (int i = 0; i < e->items.n && i < MAX_ARGS; i++) {
    Node *it = e->items.v[i];
    if (it->kind == E_STARRED || it->kind == E_DSTAR)
      starred = true;
    else if (it->kind == E_KW)
      kw[nkw++] = it->name;
    else
      args[npos++] = it;
  }
  if (e->items.n > MAX_ARGS || starred)
    return unknown;
  for (int i = 0, k = npos; i < e->items.n; i++)
    if (e->items.v[i]->kind == E_KW)
      args[k++] = e->items.v[i];
  char msg[FE_MSG_MAX];
  if (fe_sig_map(sig, npos, kw, nkw, map, msg, sizeof msg, &bad) < 0) {
    Node *at = bad >= 0 ? args[bad] : e;
    Pos p = at->kind == E_KW ? at->npos : at == e && e->a->kind == E_ATTR ? e->a->npos : at->pos;
    err(C, p, "%s", msg);
    return unknown;
  }
  int before = C->s->nerrors;
  for (int i = 0; i < npos + nkw; i++) {
    if (map[i] < 0)
      continue;
    Node *arg = args[i]->kind == E_KW ? args[i]->a : args[i];
    Obj *lit = sig->p[map[i]].check ? literal_arg(C, arg) : NULL;
    if (lit && fe_sig_check(I, sig, map[i], lit, msg, sizeof msg))
      err(C, arg->pos, "%s", msg);
    swallow(C);
  }
  if (cls && C->s->nerrors == before && C->follow == 0 && C->in_try == 0)
    build(C, e, cls, args, kw, npos + nkw, nkw);
  if (cls)
    return (SVal){SV_INSTANCE, &cls->hd, ""};
  if (def && def->returns) {
    const char *dot = strrchr(def->returns, '.');
    char path[256];
    snprintf(path, sizeof path, "%.*s", dot ? (int)(dot - def->returns) : 0, def->returns);
    Obj *m = dot && fe_module_known(I, path) ? keep(C, fe_import(I, path)) : NULL;
    Obj *c = m ? keep(C, fe_getattr_str(I, m, dot + 1)) : NULL;
    if (c && FE_ISA(I, c, type))
      return (SVal){SV_INSTANCE, c, ""};
  }
  return unknown;
}

static SVal eval(Checker *C, Node *e) {
  if (!e || C->nomem)
    return unknown;
  switch (e->kind) {
  case E_NAME: return name_value(C, e);
  case E_ATTR: return attribute(C, e);
  case E_CALL: return call(C, e);
  case E_CONST:
    return value(C, fe_literal(C->I, e), "");
  FE_STMT_CASES: case E_SUBSCRIPT: case E_SLICE: case E_KW: case E_STARRED: case E_DSTAR:
  case E_BINOP: case E_UNARY: case E_BOOLOP: case E_COMPARE: case E_IFEXP: case E_LAMBDA:
  case E_LIST: case E_TUPLE: case E_SET: case E_DICT: case E_LISTCOMP: case E_SETCOMP:
  case E_GENEXP: case E_DICTCOMP: case E_FSTRING: case E_FORMAT:
    break;
  }
  SVal parts[64];
  int n = e->kind == E_TUPLE || e->kind == E_LIST ? e->items.n : 0;
  SVal a = eval(C, e->a);
  eval(C, e->b);
  eval(C, e->c);
  for (int i = 0; i < e->items.n; i++) {
    SVal v = eval(C, e->items.v[i]);
    if (i < 64)
      parts[i] = v;
  }
  Interp *I = C->I;
  if (e->kind == E_UNARY && (e->op == PY_SUB || e->op == PY_ADD) && a.kind == SV_VALUE &&
      fe_is_number(I, a.o) && !FE_ISA(I, a.o, bool)) {
    return value(C, fe_unary(I, e->op, a.o), "");
  }
  if (n > 0 && n <= 64) {                /* a display of known values is known */
    Obj *l = fe_list_new(I, n);
    for (int i = 0; l && i < n; i++) {
      if (parts[i].kind != SV_VALUE) {
        fe_decref(I, l);
        return unknown;
      }
      FE_LIST(l)->v[i] = parts[i].o;
      fe_incref(parts[i].o);
    }
    if (l && e->kind == E_TUPLE) {
      Obj *t = fe_tuple_from_iter(I, l);
      fe_decref(I, l);
      l = t;
    }
    return l ? value(C, l, "") : unknown;
  }
  return unknown;
}

/* ---- imports ---- */

/* Modules of Python or of other libraries, each a few edits from a module nnc has: a name as
 * near to one of these as to nnc's is not a slip ('scipy' is not 'copy', nor 'cmath' 'math'). */
static const char *const elsewhere[] = {
    "cmath", "cupy", "keras_cv", "keras_nlp", "numba", "runpy", "scipy", "sympy",
    "tensorflow_addons", "tensorflow_hub", "timeit",
};

static bool nearer_elsewhere(const char *name, const char *near) {
  int d = names_edit_distance(name, near, 64);
  for (size_t i = 0; i < sizeof elsewhere / sizeof *elsewhere; i++)
    if (names_edit_distance(name, elsewhere[i], d) <= d)
      return true;
  return false;
}

/* " (did you mean 'a.b'?)" for a slip in the last part of a dotted module name, its package
 * known; else "". The whole path is not compared: 'keras.initializers' is five edits from
 * 'keras.optimizers' in eighteen letters, yet another module. */
static void module_hint(Interp *I, const char *name, char *hint, size_t n) {
  enum { CAP = 256 };
  const char *names[CAP], *lasts[CAP];
  int count = fe_module_names(I, names, CAP), k = 0;
  const char *dot = strrchr(name, '.');
  size_t plen = dot ? (size_t)(dot - name) + 1 : 0;   /* the package, its dot included */
  for (int i = 0; i < count; i++)
    if (strncmp(names[i], name, plen) == 0 && !strchr(names[i] + plen, '.'))
      lasts[k++] = names[i] + plen;
  const char *near = fe_suggest(name + plen, lasts, k);
  if (near && plen == 0 && nearer_elsewhere(name, near))
    near = NULL;
  if (near)
    snprintf(hint, n, " (did you mean '%.*s%s'?)", (int)plen, name, near);
  else
    hint[0] = '\0';
}

static void check_import(Checker *C, Node *st) {
  Interp *I = C->I;
  if (fe_module_known(I, st->name)) {
    if (st->kind == S_FROM)
      for (int i = 0; i < st->items.n; i++) {
        Node *it = st->items.v[i];
        if (strcmp(it->name, "*") == 0)
          continue;
        Obj *m = keep(C, fe_import(I, st->name)), *name = m ? fe_node_name(I, it) : NULL;
        Obj *v = name ? fe_getattr(I, m, name) : NULL;
        swallow(C);
        if (v) {
          fe_decref(I, v);
          continue;
        }
        if (!m)
          continue;
        char hint[160], sub[256];
        snprintf(sub, sizeof sub, "%s.%s", st->name, it->name);
        const char *why = fe_module_refusal(I, sub); /* a submodule nnc refuses */
        member_hint(C, (SVal){SV_VALUE, m, ""}, it->name, hint, sizeof hint);
        if (why)
          err(C, it->pos, "cannot import '%s' from '%s': %s", it->name, st->name, why);
        else
          err(C, it->pos, "cannot import '%s' from '%s'%s", it->name, st->name, hint);
      }
    return;
  }
  char hint[160];
  Pos p = st->pos;
  if (st->kind == S_FROM)
    p.col += 5;                   /* the module name after "from " */
  const char *why = fe_module_refusal(I, st->name);
  module_hint(I, st->name, hint, sizeof hint);
  if (why)
    err(C, p, "module '%s' is not available in nnc model files: %s", st->name, why);
  else if (hint[0])
    err(C, p, "unknown module '%s'%s", st->name, hint);
  else
    err(C, p, "module '%s' is not available in nnc model files", st->name);
}

/* ---- the walk ---- */

static bool has_star(const Node *t) {
  for (int i = 0; i < t->items.n; i++)
    if (t->items.v[i]->kind == E_STARRED)
      return true;
  return false;
}

/* a, b = 1, 2, 3: a display of values unpacked into a different number of targets. */
static void check_unpack(Checker *C, Node *t, Node *v) {
  if ((t->kind != E_TUPLE && t->kind != E_LIST) || (v->kind != E_TUPLE && v->kind != E_LIST) ||
      has_star(t) || has_star(v) || t->items.n == v->items.n)
    return;
  if (v->items.n > t->items.n)
    err(C, v->pos, "too many values to unpack (expected %d)", t->items.n);
  else
    err(C, v->pos, "not enough values to unpack (expected %d, got %d)", t->items.n, v->items.n);
}

static void check_block(Checker *C, const NodeList *body);

static void check_fn(Checker *C, FnInfo *fn) {
  if (!fn || !fn->scope)
    return;
  Scope *saved = C->cur;
  C->cur = fn->scope;
  for (int g = 0; g < fn->ngens; g++) {
    if (g > 0)
      eval(C, fn->gens[g].iter);
    for (int i = 0; i < fn->gens[g].ifs.n; i++)
      eval(C, fn->gens[g].ifs.v[i]);
  }
  check_block(C, &fn->body);
  C->cur = saved;
}

/* Expressions, with the scopes of lambdas and comprehensions inside them. */
static void check_expr(Checker *C, Node *e) {
  if (!e)
    return;
  if (e->kind == E_LAMBDA || e->kind == E_LISTCOMP || e->kind == E_SETCOMP || e->kind == E_GENEXP ||
      e->kind == E_DICTCOMP) {
    for (int i = 0; i < e->fn->nparams; i++)
      check_expr(C, e->fn->params[i].def);
    if (e->fn->ngens)
      check_expr(C, e->fn->gens[0].iter);
    Scope *saved = C->cur;
    check_fn(C, e->fn);
    C->cur = e->fn->scope ? e->fn->scope : saved;
    check_expr(C, e->a);
    check_expr(C, e->b);
    C->cur = saved;
    return;
  }
  if (e->kind == E_CALL || e->kind == E_ATTR || e->kind == E_NAME) {
    eval(C, e);
    for (Node *x = e; x && (x->kind == E_CALL || x->kind == E_ATTR); x = x->a)
      for (int i = 0; x->kind == E_CALL && i < x->items.n; i++) {
        Node *it = x->items.v[i];
        Node *v = it->kind == E_KW || it->kind == E_STARRED || it->kind == E_DSTAR ? it->a : it;
        if (v->kind == E_LAMBDA || v->kind == E_LISTCOMP || v->kind == E_GENEXP ||
            v->kind == E_DICTCOMP ||
            v->kind == E_SETCOMP)
          check_expr(C, v);
      }
    return;
  }
  check_expr(C, e->a);
  check_expr(C, e->b);
  check_expr(C, e->c);
  for (int i = 0; i < e->items.n; i++)
    check_expr(C, e->items.v[i]);
}

static void check_stmt(Checker *C, Node *st) {
  switch (st->kind) {
  case S_IMPORT: case S_FROM: check_import(C, st); return;
  case S_DEF:
    for (int i = 0; i < st->items.n; i++)
      check_expr(C, st->items.v[i]);
    for (int i = 0; i < st->fn->nparams; i++)
      check_expr(C, st->fn->params[i].def);
    check_fn(C, st->fn);
    return;
  case S_CLASS:
    for (int i = 0; i < st->items.n; i++)
      check_expr(C, st->items.v[i]);
    for (int i = 0; i < st->items2.n; i++)
      check_expr(C, st->items2.v[i]);
    check_fn(C, st->fn);
    return;
  case S_TRY:
    C->in_try++;
    check_block(C, &st->body);
    C->in_try--;
    for (int i = 0; i < st->items.n; i++) {
      check_expr(C, st->items.v[i]->a);
      check_block(C, &st->items.v[i]->body);
    }
    check_block(C, &st->orelse);
    check_block(C, &st->final);
    return;
  case S_WITH:
    for (int i = 0; i < st->items.n; i++) {
      check_expr(C, st->items.v[i]->a);
      check_expr(C, st->items.v[i]->b);
    }
    check_block(C, &st->body);
    return;
  case S_ASSIGN:
    for (int i = 0; i < st->items.n; i++) {
      Node *t = st->items.v[i];
      if (t->kind != E_NAME)
        check_expr(C, t);
      check_unpack(C, t, st->a);
    }
    check_expr(C, st->a);
    return;
  FE_EXPR_CASES: case S_EXPR: case S_AUGASSIGN: case S_ANNASSIGN: case S_IF: case S_WHILE:
  case S_FOR: case S_BREAK: case S_CONTINUE: case S_PASS: case S_RETURN: case S_GLOBAL:
  case S_NONLOCAL: case S_DEL: case S_ASSERT: case S_RAISE: case S_HANDLER: case S_WITHITEM:
    check_expr(C, st->a);
    check_expr(C, st->b);
    check_expr(C, st->c);
    for (int i = 0; i < st->items.n; i++)
      check_expr(C, st->items.v[i]);
    check_block(C, &st->body);
    check_block(C, &st->orelse);
    return;
  }
}

static void check_block(Checker *C, const NodeList *body) {
  for (int i = 0; i < body->n && !C->nomem; i++)
    check_stmt(C, body->v[i]);
}

nnc_status fe_check_calls(Interp *I, Source *s, Ast *a) {
  Checker C = {.I = I, .s = s, .a = a, .cur = a->scope, .pool = fe_list_new(I, 0)};
  if (!C.pool) {
    fe_decref(I, fe_exc_take(I));
    return base_error(NNC_ERR_NOMEM, "%s: out of memory while checking", s->file);
  }
  check_block(&C, &a->body);
  base_free(C.followed);
  if (C.sink)
    fclose(C.sink);
  fe_decref(I, C.pool);
  swallow(&C);
  if (C.nomem)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory while checking", s->file);
  fe_diags_sort(s);
  return fe_status(s);
}
