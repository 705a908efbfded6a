/* func.c — signatures and calls: how arguments meet parameters.
 *
 * A Sig is the parameter list of a function, whether a table wrote it as text ("(x, /,
 * y=1, *args, units: posint, **kw)", parsed here) or a def built it from its parameters. One
 * mapping (fe_sig_map) decides where each argument goes and words every mismatch, so the
 * static checker and the run time report a bad call identically; annotations name checks
 * (FeCheck) that literal arguments meet before anything runs and every value meets at run
 * time. Native functions (tables), user functions (eval.c runs them) and bound methods are
 * the callable objects defined here.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "base.h"

/* ---- Sig objects ---- */

static void sig_clear(Interp *I, Obj *o) {
  Sig *s = (Sig *)o;
  for (int i = 0; i < s->n; i++) {
    fe_setref(I, &s->p[i].name, NULL);
    fe_setref(I, &s->p[i].def, NULL);
  }
}

static void sig_finalize(Interp *I, Obj *o) {
  (void)I;
  base_free(((Sig *)o)->p);
}

static void sig_traverse(Obj *o, FeVisit visit, void *arg) {
  Sig *s = (Sig *)o;
  for (int i = 0; i < s->n; i++) {
    if (s->p[i].name)
      visit(s->p[i].name, arg);
    if (s->p[i].def)
      visit(s->p[i].def, arg);
  }
}

const Layout fe_sig_layout = {
    .name = "signature", .size = sizeof(Sig), .clear = sig_clear, .finalize = sig_finalize,
    .traverse = sig_traverse,
};

/* A Sig of n parameters, filled by the caller; its counts are set by sig_done. */
static Sig *sig_new(Interp *I, int n, const char *fname) {
  Sig *s = (Sig *)fe_new(I, I->cls_sig, sizeof(Sig));
  if (!s)
    return NULL;
  s->fname = fname;
  s->p = base_calloc((size_t)(n ? n : 1), sizeof(SigParam));
  if (!s->p) {
    fe_decref(I, (Obj *)s);
    fe_nomem(I);
    return NULL;
  }
  s->varargs = s->varkw = -1;
  return s;
}

static void sig_done(Sig *s) {
  s->npos = 0;
  for (int i = 0; i < s->n; i++) {
    ParamKind k = s->p[i].kind;
    if (k == PK_VARARGS)
      s->varargs = i;
    else if (k == PK_VARKW)
      s->varkw = i;
    if ((k == PK_POS || k == PK_POS_ONLY) && s->npos == i)
      s->npos = i + 1;
  }
}

Sig *fe_sig_from_params(Interp *I, const FnInfo *fn, Obj *const *defaults) {
  Sig *s = sig_new(I, fn->nparams, fn->name);
  if (!s)
    return NULL;
  for (int i = 0; i < fn->nparams; i++) {
    SigParam *p = &s->p[i];
    p->kind = fn->params[i].kind;
    if (!(p->name = fe_str_cstr(I, fn->params[i].name))) {
      fe_decref(I, (Obj *)s);
      return NULL;
    }
    s->n = i + 1;
    if ((p->def = defaults ? defaults[i] : NULL))
      fe_incref(p->def);
  }
  s->n = fn->nparams;
  sig_done(s);
  return s;
}

/* ---- parsing a table's signature text ---- */

typedef struct {
  const char *p;
  Interp *I;
  bool bad;
} SigText;

static void ws(SigText *t) {
  while (*t->p == ' ')
    t->p++;
}

static bool eat(SigText *t, const char *s) {
  ws(t);
  size_t n = strlen(s);
  if (strncmp(t->p, s, n) != 0)
    return false;
  t->p += n;
  return true;
}

static size_t ident(SigText *t) {
  ws(t);
  size_t n = 0;
  while (isalnum((unsigned char)t->p[n]) || t->p[n] == '_')
    n++;
  return n;
}

static Obj *literal(SigText *t);

static Obj *tuple_literal(SigText *t) {
  Interp *I = t->I;
  Obj *l = fe_list_new(I, 0);
  while (l && !eat(t, ")")) {
    Obj *v = literal(t);
    if (!v || fe_list_append(I, l, v) < 0) {
      fe_decref(I, v);
      fe_decref(I, l);
      return NULL;
    }
    fe_decref(I, v);
    eat(t, ",");
  }
  Obj *r = l ? fe_tuple_from_iter(I, l) : NULL;
  fe_decref(I, l);
  return r;
}

/* A default: a number, a quoted string, True/False/None, a tuple of them. */
static Obj *literal(SigText *t) {
  Interp *I = t->I;
  ws(t);
  const char *p = t->p;
  if (*p == '\'' || *p == '"') {
    char buf[64];
    size_t n = 0;
    const char *e = p + 1;
    for (; *e && *e != *p && n + 1 < sizeof buf; e++)
      buf[n++] = *e == '\\' && e[1] ? (++e, *e == 'n' ? '\n' : *e == 't' ? '\t' : *e) : *e;
    if (*e != *p)
      return t->bad = true, NULL;
    t->p = e + 1;
    return fe_str_new(I, buf, n);
  }
  if (eat(t, "("))
    return tuple_literal(t);
  size_t n = ident(t);
  if (n == 4 && strncmp(p, "None", 4) == 0)
    return t->p += 4, fe_none(I);
  if (n == 4 && strncmp(p, "True", 4) == 0)
    return t->p += 4, fe_bool(I, true);
  if (n == 5 && strncmp(p, "False", 5) == 0)
    return t->p += 5, fe_bool(I, false);
  char *end;
  double d = strtod(p, &end);
  if (end == p)
    return t->bad = true, NULL;
  bool isint = true;
  for (const char *q = p; q < end; q++)
    isint &= !strchr(".eEn", *q);
  t->p = end;
  return isint ? fe_int(I, strtoll(p, NULL, 10)) : fe_float(I, d);
}

static bool param(SigText *t, SigParam *p, ParamKind kind) {
  size_t n = ident(t);
  if (!n)
    return t->bad = true, false;
  if (!(p->name = fe_str_new(t->I, t->p, n)))
    return false;
  t->p += n;
  p->kind = kind;
  if (eat(t, ":")) {
    size_t a = ident(t);
    char name[48];
    snprintf(name, sizeof name, "%.*s", (int)(a < 47 ? a : 47), t->p);
    t->p += a;
    p->or_none = eat(t, "|None") || eat(t, "| None");
    if (!(p->check = fe_check_find(t->I, name)))
      return t->bad = true, false;
  }
  if (eat(t, "=")) {
    if (eat(t, "<missing>"))
      p->optional = true;
    else if (!(p->def = literal(t)))
      return false;
  }
  return true;
}

Sig *fe_sig_parse(Interp *I, const char *text, const char *fname) {
  int n = 1;
  for (const char *c = text; *c; c++)
    n += *c == ',';
  Sig *s = sig_new(I, n, fname);
  if (!s)
    return NULL;
  SigText t = {text, I, false};
  ParamKind kind = PK_POS;
  bool ok = eat(&t, "(");
  while (ok && !eat(&t, ")")) {
    if (eat(&t, "/")) {
      for (int i = 0; i < s->n; i++)
        s->p[i].kind = PK_POS_ONLY;
    } else if (eat(&t, "**")) {
      ok = param(&t, &s->p[s->n++], PK_VARKW);
    } else if (eat(&t, "*")) {
      kind = PK_KW_ONLY;
      ws(&t);
      if (*t.p != ',')
        ok = param(&t, &s->p[s->n++], PK_VARARGS);
    } else {
      ok = s->n < n && param(&t, &s->p[s->n++], kind);
    }
    if (ok && !eat(&t, ",") && (ws(&t), *t.p != ')'))
      ok = false;
  }
  if (!ok) {
    fe_decref(I, (Obj *)s);
    if (!I->exc_pending)
      fe_throw(I, EXC_RuntimeError, "internal error: bad signature for %s in a module table: %s",
               fname, text);
    return NULL;
  }
  sig_done(s);
  return s;
}

FeCheck fe_check_find(Interp *I, const char *name) {
  for (const FeCheckDef *c = fe_core_checks; c->name; c++)
    if (strcmp(c->name, name) == 0)
      return c->check;
  for (int d = 0; d < I->ndefs; d++)
    for (const FeCheckDef *c = I->defs[d]->checks; c && c->name; c++)
      if (strcmp(c->name, name) == 0)
        return c->check;
  return NULL;
}

/* ---- binding ---- */

static const char *pname(const Sig *s, int i) {
  return FE_STR(s->p[i].name)->s;
}

static int find_param(const Sig *s, const char *kw) {
  for (int i = 0; i < s->n; i++)
    if (s->p[i].kind != PK_VARARGS && s->p[i].kind != PK_VARKW && s->p[i].kind != PK_POS_ONLY &&
        strcmp(pname(s, i), kw) == 0)
      return i;
  return -1;
}

static void too_many(const Sig *s, int npos, char *msg, size_t n) {
  int required = 0;
  for (int i = 0; i < s->npos; i++)
    required += !s->p[i].def && !s->p[i].optional;
  snprintf(msg, n, "%s() takes %s%d positional argument%s, found %d", s->fname,
           required < s->npos ? "at most " : "", s->npos, s->npos == 1 ? "" : "s", npos);
}

int fe_sig_map(const Sig *sig, int npos, const char *const *kw, int nkw, int *map, char *msg,
               size_t n, int *bad) {
  enum { MAXP = 256 };
  bool filled[MAXP] = {0};
  *bad = -1;
  for (int i = 0; i < npos; i++) {
    if (i < sig->npos && i < MAXP) {
      map[i] = i;
      filled[i] = true;
    } else if (sig->varargs >= 0) {
      map[i] = -1;
    } else {
      too_many(sig, npos, msg, n);
      *bad = i;
      return -1;
    }
  }
  for (int k = 0; k < nkw; k++) {
    int p = find_param(sig, kw[k]);
    if (p < 0 && sig->varkw >= 0) {
      map[npos + k] = -1;
      continue;
    }
    if (p < 0) {
      const char *names[MAXP];
      int nn = 0;
      for (int i = 0; i < sig->n && nn < MAXP; i++)
        if (sig->p[i].kind != PK_VARARGS && sig->p[i].kind != PK_VARKW &&
            sig->p[i].kind != PK_POS_ONLY)
          names[nn++] = pname(sig, i);
      char h[96];
      snprintf(msg, n, "unknown keyword argument '%s' for %s()%s", kw[k], sig->fname,
               fe_hint(h, sizeof h, kw[k], names, nn));
      *bad = npos + k;
      return -1;
    }
    if (p < MAXP && filled[p]) {
      snprintf(msg, n, "%s() got multiple values for argument '%s'", sig->fname, kw[k]);
      *bad = npos + k;
      return -1;
    }
    if (p < MAXP)
      filled[p] = true;
    map[npos + k] = p;
  }
  for (int i = 0; i < sig->n && i < MAXP; i++) {
    const SigParam *p = &sig->p[i];
    if (!filled[i] && !p->def && !p->optional && p->kind != PK_VARARGS && p->kind != PK_VARKW) {
      snprintf(msg, n, "%s() missing required argument '%s'", sig->fname, pname(sig, i));
      return -1;
    }
  }
  return 0;
}

int fe_sig_check(Interp *I, const Sig *sig, int param, Obj *v, char *msg, size_t n) {
  const SigParam *p = &sig->p[param];
  if (!p->check || !v || (p->or_none && v == &I->none))
    return 0;
  return p->check(I, pname(sig, param), v, msg, n);
}

int fe_bind(Interp *I, const Sig *sig, Obj *const *args, int nargs, Obj *kwnames, Obj **out) {
  enum { MAXA = 256 };
  int nkw = kwnames ? (int)FE_TUPLE(kwnames)->n : 0, npos = nargs - nkw;
  if (nargs > MAXA) {
    fe_throw(I, EXC_TypeError, "%s(): too many arguments (at most %d)", sig->fname, MAXA);
    return -1;
  }
  const char *kw[MAXA];
  int map[MAXA], bad;
  char msg[FE_MSG_MAX];
  for (int k = 0; k < nkw; k++)
    kw[k] = FE_STR(FE_TUPLE(kwnames)->v[k])->s;
  if (fe_sig_map(sig, npos, kw, nkw, map, msg, sizeof msg, &bad) < 0) {
    fe_throw(I, EXC_TypeError, "%s", msg);
    return -1;
  }
  for (int i = 0; i < sig->n; i++)
    out[i] = NULL;
  Obj *rest = sig->varargs >= 0 ? fe_list_new(I, 0) : NULL;
  Obj *kwd = sig->varkw >= 0 ? fe_dict_new(I) : NULL;
  bool ok = (sig->varargs < 0 || rest) && (sig->varkw < 0 || kwd);
  for (int i = 0; ok && i < nargs; i++) {
    if (map[i] >= 0) {
      out[map[i]] = args[i];
      fe_incref(args[i]);
    } else if (i < npos) {
      ok = fe_list_append(I, rest, args[i]) == 0;
    } else {
      ok = fe_dict_set(I, kwd, FE_TUPLE(kwnames)->v[i - npos], args[i]) == 0;
    }
  }
  if (ok && rest) {
    out[sig->varargs] = fe_tuple_from_iter(I, rest);
    ok = out[sig->varargs] != NULL;
  }
  if (ok && kwd) {
    out[sig->varkw] = kwd;
    kwd = NULL;
  }
  fe_decref(I, rest);
  fe_decref(I, kwd);
  for (int i = 0; ok && i < sig->n; i++) {
    if (!out[i] && sig->p[i].def) {
      out[i] = sig->p[i].def;
      fe_incref(out[i]);
    }
    int k = fe_sig_check(I, sig, i, out[i], msg, sizeof msg);
    if (k) {
      fe_throw(I, k == FE_TYPE_ERR ? EXC_TypeError : EXC_ValueError, "%s", msg);
      ok = false;
    }
  }
  if (!ok)
    for (int i = 0; i < sig->n; i++)
      fe_setref(I, &out[i], NULL);
  return ok ? 0 : -1;
}

/* ---- native functions ---- */

Obj *fe_native_new(Interp *I, const FeFnDef *def, Sig *sig, Obj *self) {
  Native *f = (Native *)fe_new(I, I->cls_native, sizeof(Native));
  if (!f)
    return NULL;
  f->def = def;
  f->sig = sig;
  fe_incref(&sig->hd);
  f->self = self;
  if (self)
    fe_incref(self);
  return (Obj *)f;
}

static void native_clear(Interp *I, Obj *o) {
  Native *f = (Native *)o;
  Obj *s = f->sig ? &f->sig->hd : NULL;
  f->sig = NULL;
  fe_decref(I, s);
  fe_setref(I, &f->self, NULL);
}

static void native_traverse(Obj *o, FeVisit visit, void *arg) {
  Native *f = (Native *)o;
  if (f->sig)
    visit(&f->sig->hd, arg);
  if (f->self)
    visit(f->self, arg);
}

/* Calls def with self and the arguments bound to sig. */
static Obj *call_native(Interp *I, const FeFnDef *def, Sig *sig, Obj *self, Obj *const *args,
                        int nargs, Obj *kwnames) {
  enum { SMALL = 16 };
  if (!def->fn)
    return fe_throw(I, EXC_NotImplementedError, "%s",
                    def->refusal ? def->refusal : "not available in nnc model files");
  Obj *small[SMALL], **bound = sig->n <= SMALL
      ? small : base_malloc((size_t)sig->n * sizeof(Obj *));
  if (!bound)
    return fe_nomem(I);
  Obj *r = NULL;
  if (fe_bind(I, sig, args, nargs, kwnames, bound) == 0) {
    r = def->fn(I, self, bound);
    if (!r && !I->exc_pending)   /* a fault of nnc's own, never a silent end of the run */
      fe_throw(I, EXC_RuntimeError, "%s() failed without saying why: a fault in nnc, please "
               "report it", def->name);
    for (int i = 0; i < sig->n; i++)
      fe_decref(I, bound[i]);
  }
  if (bound != small)
    base_free(bound);
  return r;
}

Obj *fe_call_def(Interp *I, const FeFnDef *def, Sig *sig, Obj *self, Obj *const *args, int nargs,
                 Obj *kwnames) {
  return call_native(I, def, sig, self, args, nargs, kwnames);
}

static Obj *native_call(Interp *I, Obj *o, Obj *const *args, int nargs, Obj *kwnames) {
  Native *f = (Native *)o;
  Obj *self = f->self;
  if (!self && f->owner) {        /* a method taken from its class: the first argument is self */
    int npos = nargs - (kwnames ? (int)FE_TUPLE(kwnames)->n : 0);
    if (npos < 1 || !fe_isinstance(args[0], f->owner))
      return fe_throw(I, EXC_TypeError, "descriptor '%s' of '%s' object needs an argument",
                      f->def->name,
                      f->owner->name);
    self = args[0];
    args++;
    nargs--;
  }
  if (!fe_enter_call(I))
    return NULL;
  Obj *r = call_native(I, f->def, f->sig, self, args, nargs, kwnames);
  fe_leave_call(I);
  return r;
}

static Obj *native_repr(Interp *I, Obj *o) {
  Native *f = (Native *)o;
  if (f->self)
    return fe_strf(I, "<built-in method %s of %s object>", f->def->name, fe_typename(f->self));
  return fe_strf(I, "<built-in function %s>", f->def->name);
}

/* __name__ and __qualname__ as CPython gives a built-in: 'len', 'list.append'. */
static Obj *native_getattr(Interp *I, Obj *o, Obj *name) {
  Native *f = (Native *)o;
  if (fe_str_is(name, "__name__"))
    return fe_str_cstr(I, f->def->name);
  if (fe_str_is(name, "__qualname__")) {
    const char *owner = f->owner ? f->owner->name : f->self ? fe_typename(f->self) : NULL;
    return owner ? fe_strf(I, "%s.%s", owner, f->def->name) : fe_str_cstr(I, f->def->name);
  }
  return fe_generic_getattr(I, o, name);
}

const Layout fe_native_layout = {
    .name = "builtin_function_or_method", .size = sizeof(Native), .clear = native_clear,
    .traverse = native_traverse, .repr = native_repr, .getattr = native_getattr,
    .call = native_call,
};

/* ---- user functions ---- */

static void function_clear(Interp *I, Obj *o) {
  Function *f = (Function *)o;
  fe_setref(I, &f->globals, NULL);
  fe_setref(I, &f->closure, NULL);
  Obj *s = f->sig ? &f->sig->hd : NULL;
  f->sig = NULL;
  fe_decref(I, s);
  fe_setref(I, &f->name, NULL);
  fe_setref(I, &f->qualname, NULL);
  fe_setref(I, &f->dict, NULL);
  Obj *c = f->owner ? &f->owner->hd : NULL;
  f->owner = NULL;
  fe_decref(I, c);
}

static void function_traverse(Obj *o, FeVisit visit, void *arg) {
  Function *f = (Function *)o;
  Obj *refs[] = {f->globals, f->closure, f->sig ? &f->sig->hd : NULL, f->name, f->qualname,
                 f->dict, f->owner ? &f->owner->hd : NULL};
  for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++)
    if (refs[i])
      visit(refs[i], arg);
}

static Obj *function_repr(Interp *I, Obj *o) {
  Function *f = (Function *)o;
  return fe_strf(I, "<function %s at %p>", FE_STR(f->qualname ? f->qualname : f->name)->s,
                 (void *)o);
}

static Obj *function_getattr(Interp *I, Obj *o, Obj *name) {
  Function *f = (Function *)o;
  if (fe_str_is(name, "__name__")) {
    fe_incref(f->name);
    return f->name;
  }
  if (fe_str_is(name, "__qualname__")) {
    Obj *q = f->qualname ? f->qualname : f->name;
    fe_incref(q);
    return q;
  }
  return fe_generic_getattr(I, o, name);
}

const Layout fe_function_layout = {
    .name = "function", .size = sizeof(Function), .dict_offset = offsetof(Function, dict),
    .clear = function_clear, .traverse = function_traverse, .repr = function_repr,
    .getattr = function_getattr, .call = fe_function_call,
};

/* ---- bound methods ---- */

Obj *fe_bound_method(Interp *I, Obj *fn, Obj *self) {
  if (FE_IS(fn, native)) {
    Native *n = (Native *)fn;
    return fe_native_new(I, n->def, n->sig, self);
  }
  Method *m = (Method *)fe_new(I, I->cls_method, sizeof(Method));
  if (!m)
    return NULL;
  m->fn = fn;
  m->self = self;
  fe_incref(fn);
  fe_incref(self);
  return (Obj *)m;
}

static void method_clear(Interp *I, Obj *o) {
  Method *m = (Method *)o;
  fe_setref(I, &m->fn, NULL);
  fe_setref(I, &m->self, NULL);
}

static void method_traverse(Obj *o, FeVisit visit, void *arg) {
  Method *m = (Method *)o;
  if (m->fn)
    visit(m->fn, arg);
  if (m->self)
    visit(m->self, arg);
}

static Obj *method_call(Interp *I, Obj *o, Obj *const *args, int nargs, Obj *kwnames) {
  enum { SMALL = 16 };
  Method *m = (Method *)o;
  Obj *small[SMALL], **all = nargs + 1 <= SMALL
      ? small : base_malloc((size_t)(nargs + 1) * sizeof(Obj *));
  if (!all)
    return fe_nomem(I);
  all[0] = m->self;
  for (int i = 0; i < nargs; i++)
    all[i + 1] = args[i];
  Obj *r = fe_call(I, m->fn, all, nargs + 1, kwnames);
  if (all != small)
    base_free(all);
  return r;
}

static Obj *method_repr(Interp *I, Obj *o) {
  Method *m = (Method *)o;
  Obj *r = fe_repr(I, m->self);
  Obj *name = FE_IS(m->fn, function) ? ((Function *)m->fn)->qualname : NULL;
  Obj *s = r
      ? fe_strf(I, "<bound method %s of %s>", name ? FE_STR(name)->s : "?", FE_STR(r)->s) : NULL;
  fe_decref(I, r);
  return s;
}

static Obj *method_getattr(Interp *I, Obj *o, Obj *name) {
  Method *m = (Method *)o;
  if (fe_str_is(name, "__self__")) {
    fe_incref(m->self);
    return m->self;
  }
  if (fe_str_is(name, "__func__")) {
    fe_incref(m->fn);
    return m->fn;
  }
  return fe_getattr(I, m->fn, name);
}

const Layout fe_method_layout = {
    .name = "method", .size = sizeof(Method), .clear = method_clear, .traverse = method_traverse,
    .repr = method_repr, .getattr = method_getattr, .call = method_call,
};
