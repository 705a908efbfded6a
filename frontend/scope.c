/* scope.c — Python's scoping, resolved before anything runs.
 *
 * Two walks. The first builds a scope for the module, each def and lambda, each class body
 * and each comprehension, and records every name each one binds (assignments, for and with
 * targets, imports, defs, classes, parameters, except-as) and its global and nonlocal
 * declarations. The second resolves each name where it is used: a local of a function is
 * a frame slot; a name an inner function reads from an enclosing function is a cell there
 * and a free variable in every scope between (class bodies included, which pass it on but
 * do not themselves provide names to functions); everything else is global, then builtin.
 *
 * Reported here: names bound nowhere (with a hint, or the import that would provide them),
 * module-level names read before any statement binds them, nonlocal names with no binding.
 */
#include <string.h>

#include "frontend.h"
#include "base.h"

typedef struct {
  Source *s;
  Ast *a;
  Interp *I;
  Scope *cur;
  Scope *module;
  int top;            /* index of the module-level statement being walked */
  bool deferred;      /* inside a def or lambda body: runs later, not in statement order */
  bool quiet;         /* the first resolving walk: finds cells, reports nothing */
  bool nomem;
} Resolver;

/* ---- scopes and symbols ---- */

static Scope *new_scope(Resolver *R, ScopeKind k, const char *name) {
  Scope *sc = fe_alloc(R->a, sizeof *sc);
  if (!sc) {
    R->nomem = true;
    return NULL;
  }
  sc->kind = k;
  sc->parent = R->cur;
  sc->name = name;
  return sc;
}

Sym *fe_scope_find(const Scope *sc, const char *name) {
  for (int i = 0; i < sc->nsyms; i++)
    if (strcmp(sc->syms[i].name, name) == 0)
      return &sc->syms[i];
  return NULL;
}

static Sym *add_sym(Resolver *R, Scope *sc, const char *name, Pos p) {
  Sym *s = fe_scope_find(sc, name);
  if (s)
    return s;
  if (sc->nsyms == sc->capsyms) {
    int cap = sc->capsyms ? sc->capsyms * 2 : 8;
    Sym *v = fe_alloc(R->a, (size_t)cap * sizeof *v);
    if (!v) {
      R->nomem = true;
      return NULL;
    }
    if (sc->nsyms)
      memcpy(v, sc->syms, (size_t)sc->nsyms * sizeof *v);
    sc->syms = v;
    sc->capsyms = cap;
  }
  s = &sc->syms[sc->nsyms++];
  *s = (Sym){.name = name, .slot = -1, .first = p, .first_top = -1};
  return s;
}

/* Records that `name` is bound in the current scope (a module name may also be bound from a
 * function that declares it global). value: the assigned expression of `name = value`. */
static void bind(Resolver *R, const char *name, Pos p, unsigned flags, Node *value) {
  Scope *sc = R->cur;
  Sym *s = add_sym(R, sc, name, p);
  if (!s)
    return;
  if ((s->flags & SYM_GLOBAL) && sc->kind != SC_MODULE) {
    Sym *g = add_sym(R, R->module, name, p);
    if (g) {
      g->flags |= SYM_ASSIGNED;
      g->nbind += 2;      /* bound from a function: not a single known value */
    }
    return;
  }
  if (!(s->flags & (SYM_ASSIGNED | SYM_PARAM)))
    s->first = p;
  s->flags |= flags;
  s->nbind++;
  s->value = s->nbind == 1 ? value : NULL;
  if (sc->kind == SC_MODULE && s->first_top < 0)
    s->first_top = R->top;
}

/* ---- the first walk: what each scope binds ---- */

static void declare_block(Resolver *R, const NodeList *body);
static void declare_expr(Resolver *R, Node *e);

static void declare_target(Resolver *R, Node *t, Node *value) {
  if (!t)
    return;
  switch (t->kind) {
  case E_NAME: bind(R, t->name, t->pos, SYM_ASSIGNED, value); break;
  case E_TUPLE: case E_LIST:
    for (int i = 0; i < t->items.n; i++)
      declare_target(R, t->items.v[i], NULL);
    break;
  case E_STARRED: declare_target(R, t->a, NULL); break;
  FE_STMT_CASES: case E_CONST: case E_ATTR: case E_SUBSCRIPT: case E_SLICE: case E_CALL: case E_KW:
  case E_DSTAR: case E_BINOP: case E_UNARY: case E_BOOLOP: case E_COMPARE: case E_IFEXP:
  case E_LAMBDA: case E_SET: case E_DICT: case E_LISTCOMP: case E_SETCOMP: case E_GENEXP:
  case E_DICTCOMP: case E_FSTRING: case E_FORMAT:
    declare_expr(R, t); break;   /* a.b = ..., a[i] = ...: their parts are reads */
  }
}

/* A nested scope for fn (its parameters bound first), walked with body. */
static void declare_function(Resolver *R, FnInfo *fn, ScopeKind k) {
  Scope *sc = new_scope(R, k, fn->name);
  if (!sc)
    return;
  fn->scope = sc;
  Scope *outer = R->cur;
  bool deferred = R->deferred;
  R->cur = sc;
  R->deferred = k != SC_CLASS && k != SC_COMP ? true : deferred;
  for (int i = 0; i < fn->nparams; i++)
    bind(R, fn->params[i].name, fn->params[i].pos, SYM_PARAM, NULL);
  if (k == SC_COMP) {
    for (int g = 0; g < fn->ngens; g++) {
      declare_target(R, fn->gens[g].target, NULL);
      if (g > 0)
        declare_expr(R, fn->gens[g].iter);
      for (int i = 0; i < fn->gens[g].ifs.n; i++)
        declare_expr(R, fn->gens[g].ifs.v[i]);
    }
  }
  declare_block(R, &fn->body);
  R->cur = outer;
  R->deferred = deferred;
}

static void declare_list(Resolver *R, const NodeList *l) {
  for (int i = 0; i < l->n; i++)
    declare_expr(R, l->v[i]);
}

static void declare_expr(Resolver *R, Node *e) {
  if (!e)
    return;
  switch (e->kind) {
  case E_LAMBDA:
    for (int i = 0; i < e->fn->nparams; i++)
      declare_expr(R, e->fn->params[i].def);
    declare_function(R, e->fn, SC_FUNCTION);
    return;
  case E_LISTCOMP: case E_SETCOMP: case E_GENEXP: case E_DICTCOMP:
    declare_expr(R, e->fn->gens[0].iter);
    {
      Scope *outer = R->cur;
      declare_function(R, e->fn, SC_COMP);
      Scope *sc = e->fn->scope;
      if (sc) {
        R->cur = sc;
        declare_expr(R, e->a);
        declare_expr(R, e->b);
        R->cur = outer;
      }
    }
    return;
  FE_STMT_CASES: case E_CONST: case E_NAME: case E_ATTR: case E_SUBSCRIPT: case E_SLICE:
  case E_CALL: case E_KW: case E_STARRED: case E_DSTAR: case E_BINOP: case E_UNARY: case E_BOOLOP:
  case E_COMPARE: case E_IFEXP: case E_LIST: case E_TUPLE: case E_SET: case E_DICT: case E_FSTRING:
  case E_FORMAT:
    break;
  }
  declare_expr(R, e->a);
  declare_expr(R, e->b);
  declare_expr(R, e->c);
  declare_list(R, &e->items);
}

static void declare_stmt(Resolver *R, Node *st) {
  switch (st->kind) {
  case S_ASSIGN:
    for (int i = 0; i < st->items.n; i++)
      declare_target(R, st->items.v[i], st->items.n == 1 ? st->a : NULL);
    declare_expr(R, st->a);
    break;
  case S_AUGASSIGN:
    declare_target(R, st->a, NULL);
    if (st->a->kind == E_NAME) {
      Sym *s = fe_scope_find(R->cur, st->a->name);
      if (s)
        s->nbind++;
    }
    declare_expr(R, st->b);
    break;
  case S_ANNASSIGN:
    if (st->b)
      declare_target(R, st->a, st->b);
    else if (st->a->kind == E_NAME && R->cur->kind == SC_FUNCTION)
      bind(R, st->a->name, st->a->pos, SYM_ASSIGNED, NULL);
    declare_expr(R, st->b);
    break;
  case S_FOR:
    declare_target(R, st->a, NULL);
    declare_expr(R, st->b);
    declare_block(R, &st->body);
    declare_block(R, &st->orelse);
    break;
  case S_WITH:
    for (int i = 0; i < st->items.n; i++) {
      declare_expr(R, st->items.v[i]->a);
      declare_target(R, st->items.v[i]->b, NULL);
    }
    declare_block(R, &st->body);
    break;
  case S_DEF:
    declare_list(R, &st->items);
    for (int i = 0; i < st->fn->nparams; i++)
      declare_expr(R, st->fn->params[i].def);
    bind(R, st->name, st->npos, SYM_ASSIGNED, NULL);
    declare_function(R, st->fn, SC_FUNCTION);
    break;
  case S_CLASS:
    declare_list(R, &st->items);
    declare_list(R, &st->items2);
    bind(R, st->name, st->npos, SYM_ASSIGNED, NULL);
    declare_function(R, st->fn, SC_CLASS);
    break;
  case S_IMPORT: {
    char first[256];
    size_t n = strcspn(st->name, ".");
    snprintf(first, sizeof first, "%.*s", (int)(n < 255 ? n : 255), st->name);
    const char *bound = st->alias ? st->alias : fe_strndup(R->a, first, strlen(first));
    if (bound)
      bind(R, bound, st->alias ? st->npos : st->pos, SYM_ASSIGNED | SYM_IMPORTED, NULL);
    break;
  }
  case S_FROM:
    for (int i = 0; i < st->items.n; i++) {
      Node *it = st->items.v[i];
      if (strcmp(it->name, "*") == 0)
        R->cur->star_import = true;
      else
        bind(R, it->alias ? it->alias : it->name, it->alias ? it->npos : it->pos,
             SYM_ASSIGNED | SYM_IMPORTED, NULL);
    }
    break;
  case S_GLOBAL: case S_NONLOCAL:
    for (int i = 0; i < st->items.n; i++) {
      Node *n = st->items.v[i];
      Sym *s = fe_scope_find(R->cur, n->name);
      if (s && (s->flags & (SYM_ASSIGNED | SYM_PARAM)) && R->cur->kind != SC_MODULE)
        fe_error(R->s, NNC_ERR_SYNTAX, n->pos, "name '%s' is %s before its %s declaration", n->name,
                 s->flags & SYM_PARAM ? "a parameter" : "assigned",
                 st->kind == S_GLOBAL ? "global" : "nonlocal");
      else if (st->kind == S_NONLOCAL && R->cur->kind == SC_MODULE)
        fe_error(R->s, NNC_ERR_SYNTAX, n->pos, "nonlocal declaration not allowed at module level");
      else if ((s = add_sym(R, R->cur, n->name, n->pos)))
        s->flags |= st->kind == S_GLOBAL ? SYM_GLOBAL : SYM_NONLOCAL;
    }
    break;
  case S_DEL:
    for (int i = 0; i < st->items.n; i++)
      declare_target(R, st->items.v[i], NULL);
    break;
  case S_TRY:
    declare_block(R, &st->body);
    for (int i = 0; i < st->items.n; i++) {
      Node *h = st->items.v[i];
      declare_expr(R, h->a);
      if (h->name)
        bind(R, h->name, h->npos, SYM_ASSIGNED, NULL);
      declare_block(R, &h->body);
    }
    declare_block(R, &st->orelse);
    declare_block(R, &st->final);
    break;
  case S_IF: case S_WHILE:
    declare_expr(R, st->a);
    declare_block(R, &st->body);
    declare_block(R, &st->orelse);
    break;
  FE_EXPR_CASES: case S_EXPR: case S_BREAK: case S_CONTINUE: case S_PASS: case S_RETURN:
  case S_ASSERT: case S_RAISE: case S_HANDLER: case S_WITHITEM:
    declare_expr(R, st->a);
    declare_expr(R, st->b);
    break;
  }
}

static void declare_block(Resolver *R, const NodeList *body) {
  for (int i = 0; i < body->n && !R->nomem; i++) {
    if (R->cur == R->module && !R->deferred && body == &R->a->body)
      R->top = i;
    declare_stmt(R, body->v[i]);
  }
}

/* Frame slots: parameters first, in order, then the other locals. */
static void assign_slots(Scope *sc) {
  if (sc->kind != SC_FUNCTION && sc->kind != SC_COMP)
    return;
  int n = 0;
  for (int pass = 0; pass < 2; pass++)
    for (int i = 0; i < sc->nsyms; i++) {
      Sym *s = &sc->syms[i];
      bool param = s->flags & SYM_PARAM, local = (s->flags & (SYM_ASSIGNED | SYM_PARAM)) &&
                                                !(s->flags & (SYM_GLOBAL | SYM_NONLOCAL));
      if (local && param == (pass == 0))
        s->slot = n++;
    }
  sc->nlocals = n;
}

/* ---- the second walk: where each use is found ---- */

static bool is_local(const Scope *sc, const Sym *s) {
  return s && (s->flags & (SYM_ASSIGNED | SYM_PARAM)) &&
      !(s->flags & (SYM_GLOBAL | SYM_NONLOCAL)) &&
         sc->kind != SC_MODULE;
}

static int free_index(Resolver *R, Scope *sc, const char *name) {
  for (int i = 0; i < sc->nfree; i++)
    if (strcmp(sc->free[i], name) == 0)
      return i;
  if (sc->nfree == sc->capfree) {
    int cap = sc->capfree ? sc->capfree * 2 : 4;
    const char **v = fe_alloc(R->a, (size_t)cap * sizeof *v);
    if (!v) {
      R->nomem = true;
      return 0;
    }
    if (sc->nfree)
      memcpy(v, sc->free, (size_t)sc->nfree * sizeof *v);
    sc->free = v;
    sc->capfree = cap;
  }
  sc->free[sc->nfree] = name;
  return sc->nfree++;
}

/* The function scope above sc (class bodies skipped) that has name as a local, or NULL when
 * the name is global. */
static Scope *owner(const Scope *sc, const char *name) {
  for (Scope *p = sc->parent; p && p->kind != SC_MODULE; p = p->parent) {
    if (p->kind == SC_CLASS)
      continue;
    Sym *s = fe_scope_find(p, name);
    if (s && (s->flags & SYM_GLOBAL))
      return NULL;
    if (is_local(p, s)) {
      s->flags |= SYM_CELL;
      return p;
    }
  }
  return NULL;
}

/* Makes name free in every scope from sc up to (not including) its owner; sc's index. */
static int make_free(Resolver *R, Scope *sc, Scope *own, const char *name) {
  int idx = free_index(R, sc, name);
  for (Scope *q = sc->parent; q && q != own; q = q->parent)
    free_index(R, q, name);
  return idx;
}

static Ref resolve_name(Resolver *R, const char *name) {
  Scope *sc = R->cur;
  if (sc->kind == SC_MODULE)
    return (Ref){REF_GLOBAL, 0};
  Sym *s = fe_scope_find(sc, name);
  if (s && (s->flags & SYM_GLOBAL))
    return (Ref){REF_GLOBAL, 0};
  if (sc->kind == SC_CLASS && s && (s->flags & SYM_ASSIGNED) && !(s->flags & SYM_NONLOCAL))
    return (Ref){REF_CLASS, 0};
  if (is_local(sc, s))
    return (Ref){s->flags & SYM_CELL ? REF_CELL : REF_LOCAL, s->slot};
  Scope *own = owner(sc, name);
  if (own)
    return (Ref){REF_FREE, make_free(R, sc, own, name)};
  return (Ref){sc->kind == SC_CLASS ? REF_CLASS : REF_GLOBAL, 0};
}

/* "(import it: import numpy as np)" for the names tutorials give modules. */
static const char *import_hint(Resolver *R, const char *name, char *buf, size_t n) {
  static const char *const conventional[][2] = {
      {"np", "numpy"}, {"tf", "tensorflow"}, {"pd", "pandas"}, {"plt", "matplotlib.pyplot"},
      {"keras", "keras"}, {"os", "os"}, {"sys", "sys"}, {"time", "time"}, {"math", "math"},
      {"random", "random"}, {"warnings", "warnings"}, {"datetime", "datetime"},
  };
  for (size_t i = 0; i < sizeof conventional / sizeof conventional[0]; i++)
    if (strcmp(name, conventional[i][0]) == 0 && fe_module_known(R->I, conventional[i][1])) {
      if (strcmp(name, conventional[i][1]) == 0)
        snprintf(buf, n, " (import it: import %s)", name);
      else
        snprintf(buf, n, " (import it: import %s as %s)", conventional[i][1], name);
      return buf;
    }
  /* a class or function a registered module has (its tables or what its init adds): the
   * shortest module name that has it, the first registered among equals */
  const char *names[256], *best = NULL;
  int nm = fe_module_names(R->I, names, 256);
  for (int i = 0; i < nm; i++) {
    if (best && strlen(names[i]) >= strlen(best))
      continue;
    Obj *m = fe_import(R->I, names[i]);
    Obj *v = m ? fe_dict_getstr(R->I, ((Module *)m)->dict, name) : NULL;
    if (v && (FE_ISA(R->I, v, type) || FE_ISA(R->I, v, native)))
      best = names[i];
    fe_decref(R->I, m);
    fe_decref(R->I, fe_exc_take(R->I));
  }
  if (best) {
    snprintf(buf, n, " (import it: from %s import %s)", best, name);
    return buf;
  }
  return NULL;
}

/* Names in scope at a use in sc: for hints. */
static int visible_names(Resolver *R, const Scope *sc, const char **names, int cap) {
  int n = 0;
  for (const Scope *p = sc; p && n < cap; p = p->parent)
    for (int i = 0; i < p->nsyms && n < cap; i++)
      if (p->syms[i].flags & (SYM_ASSIGNED | SYM_PARAM))
        names[n++] = p->syms[i].name;
  int64_t pos = 0;
  Obj *k, *v;
  while (n < cap && fe_dict_next(R->I->builtins, &pos, &k, &v))
    if (k->cls == R->I->cls_str && FE_STR(k)->s[0] != '_')
      names[n++] = FE_STR(k)->s;
  return n;
}

static bool star_provides(Resolver *R, const char *name) {
  (void)R;
  (void)name;
  return R->module->star_import;   /* the checker reports what a star import lacks */
}

/* Globals the running module has before its first line (fe_run): `if __name__ ==
 * "__main__":`, `os.path.dirname(__file__)`. */
static bool is_module_global(const char *name) {
  return strcmp(name, "__name__") == 0 || strcmp(name, "__file__") == 0;
}

static void check_global(Resolver *R, Node *e) {
  Sym *g = fe_scope_find(R->module, e->name);
  if (g && (g->flags & SYM_ASSIGNED)) {
    if (!R->deferred && R->cur == R->module && g->first_top > R->top && g->first_top >= 0)
      fe_error(R->s, NNC_ERR_TYPE, e->pos, "name '%s' is used before it is assigned (on line %d)",
               e->name, g->first.line);
    return;
  }
  if (fe_dict_getstr(R->I, R->I->builtins, e->name) || star_provides(R, e->name) ||
      is_module_global(e->name))
    return;
  enum { CAP = 512 };
  const char *names[CAP];
  char hint[160], imp[160];
  const char *h = import_hint(R, e->name, imp, sizeof imp);
  if (!h)
    h = fe_hint(hint, sizeof hint, e->name, names, visible_names(R, R->cur, names, CAP));
  fe_error(R->s, NNC_ERR_TYPE, e->pos, "undefined name '%s'%s", e->name, h);
}

static void resolve_block(Resolver *R, const NodeList *body);
static void resolve_expr(Resolver *R, Node *e);

static void resolve_name_node(Resolver *R, Node *e, bool load) {
  e->ref = resolve_name(R, e->name);
  if (!load || R->quiet)
    return;
  if (e->ref.kind == REF_CLASS) {
    Sym *s = fe_scope_find(R->cur, e->name);
    if (s && (s->flags & SYM_ASSIGNED))
      return;
  }
  if (e->ref.kind == REF_GLOBAL || e->ref.kind == REF_CLASS)
    check_global(R, e);
}

static void resolve_target(Resolver *R, Node *t) {
  if (!t)
    return;
  if (t->kind == E_NAME)
    t->ref = resolve_name(R, t->name);
  else if (t->kind == E_TUPLE || t->kind == E_LIST)
    for (int i = 0; i < t->items.n; i++)
      resolve_target(R, t->items.v[i]);
  else if (t->kind == E_STARRED)
    resolve_target(R, t->a);
  else
    resolve_expr(R, t);
}

static void resolve_function(Resolver *R, FnInfo *fn) {
  Scope *outer = R->cur;
  bool deferred = R->deferred;
  if (!fn->scope)
    return;
  R->cur = fn->scope;
  R->deferred = fn->scope->kind == SC_FUNCTION ? true : deferred;
  if (fn->scope->kind == SC_COMP) {
    for (int g = 0; g < fn->ngens; g++) {
      resolve_target(R, fn->gens[g].target);
      if (g > 0)
        resolve_expr(R, fn->gens[g].iter);
      for (int i = 0; i < fn->gens[g].ifs.n; i++)
        resolve_expr(R, fn->gens[g].ifs.v[i]);
    }
  }
  resolve_block(R, &fn->body);
  R->cur = outer;
  R->deferred = deferred;
}

static void resolve_list(Resolver *R, const NodeList *l) {
  for (int i = 0; i < l->n; i++)
    resolve_expr(R, l->v[i]);
}

static void resolve_expr(Resolver *R, Node *e) {
  if (!e)
    return;
  switch (e->kind) {
  case E_NAME: resolve_name_node(R, e, true); return;
  case E_LAMBDA:
    for (int i = 0; i < e->fn->nparams; i++)
      resolve_expr(R, e->fn->params[i].def);
    resolve_function(R, e->fn);
    return;
  case E_LISTCOMP: case E_SETCOMP: case E_GENEXP: case E_DICTCOMP: {
    resolve_expr(R, e->fn->gens[0].iter);
    resolve_function(R, e->fn);
    Scope *outer = R->cur;
    if (e->fn->scope) {
      R->cur = e->fn->scope;
      resolve_expr(R, e->a);
      resolve_expr(R, e->b);
      R->cur = outer;
    }
    return;
  }
  FE_STMT_CASES: case E_CONST: case E_ATTR: case E_SUBSCRIPT: case E_SLICE: case E_CALL: case E_KW:
  case E_STARRED: case E_DSTAR: case E_BINOP: case E_UNARY: case E_BOOLOP: case E_COMPARE:
  case E_IFEXP: case E_LIST: case E_TUPLE: case E_SET: case E_DICT: case E_FSTRING: case E_FORMAT:
    break;
  }
  resolve_expr(R, e->a);
  resolve_expr(R, e->b);
  resolve_expr(R, e->c);
  resolve_list(R, &e->items);
}

static void resolve_stmt(Resolver *R, Node *st) {
  switch (st->kind) {
  case S_ASSIGN:
    resolve_expr(R, st->a);
    for (int i = 0; i < st->items.n; i++)
      resolve_target(R, st->items.v[i]);
    break;
  case S_AUGASSIGN:
    resolve_expr(R, st->b);
    if (st->a->kind == E_NAME)
      resolve_name_node(R, st->a, true);
    else
      resolve_expr(R, st->a);
    break;
  case S_ANNASSIGN:
    resolve_expr(R, st->b);
    resolve_target(R, st->a);
    break;
  case S_FOR:
    resolve_expr(R, st->b);
    resolve_target(R, st->a);
    resolve_block(R, &st->body);
    resolve_block(R, &st->orelse);
    break;
  case S_WITH:
    for (int i = 0; i < st->items.n; i++) {
      resolve_expr(R, st->items.v[i]->a);
      resolve_target(R, st->items.v[i]->b);
    }
    resolve_block(R, &st->body);
    break;
  case S_DEF:
    resolve_list(R, &st->items);
    for (int i = 0; i < st->fn->nparams; i++)
      resolve_expr(R, st->fn->params[i].def);
    st->ref = resolve_name(R, st->name);
    resolve_function(R, st->fn);
    break;
  case S_CLASS:
    resolve_list(R, &st->items);
    resolve_list(R, &st->items2);
    st->ref = resolve_name(R, st->name);
    resolve_function(R, st->fn);
    break;
  case S_IMPORT: {
    char first[256];
    size_t n = strcspn(st->name, ".");
    snprintf(first, sizeof first, "%.*s", (int)(n < 255 ? n : 255), st->name);
    st->ref = resolve_name(R, st->alias ? st->alias : first);
    break;
  }
  case S_FROM:
    for (int i = 0; i < st->items.n; i++) {
      Node *it = st->items.v[i];
      if (strcmp(it->name, "*") != 0)
        it->ref = resolve_name(R, it->alias ? it->alias : it->name);
    }
    break;
  case S_NONLOCAL:
    for (int i = 0; i < st->items.n; i++)
      if (R->cur->kind != SC_MODULE && !owner(R->cur, st->items.v[i]->name) && !R->quiet)
        fe_error(R->s, NNC_ERR_SYNTAX, st->items.v[i]->pos, "no binding for nonlocal '%s' found",
                 st->items.v[i]->name);
    break;
  case S_DEL:
    for (int i = 0; i < st->items.n; i++)
      resolve_target(R, st->items.v[i]);
    break;
  case S_TRY:
    resolve_block(R, &st->body);
    for (int i = 0; i < st->items.n; i++) {
      Node *h = st->items.v[i];
      resolve_expr(R, h->a);
      if (h->name)
        h->ref = resolve_name(R, h->name);
      resolve_block(R, &h->body);
    }
    resolve_block(R, &st->orelse);
    resolve_block(R, &st->final);
    break;
  case S_IF: case S_WHILE:
    resolve_expr(R, st->a);
    resolve_block(R, &st->body);
    resolve_block(R, &st->orelse);
    break;
  FE_EXPR_CASES: case S_EXPR: case S_BREAK: case S_CONTINUE: case S_PASS: case S_RETURN:
  case S_GLOBAL: case S_ASSERT: case S_RAISE: case S_HANDLER: case S_WITHITEM:
    resolve_expr(R, st->a);
    resolve_expr(R, st->b);
    break;
  }
}

static void resolve_block(Resolver *R, const NodeList *body) {
  for (int i = 0; i < body->n && !R->nomem; i++) {
    if (R->cur == R->module && !R->deferred && body == &R->a->body)
      R->top = i;
    resolve_stmt(R, body->v[i]);
  }
}

/* ---- closures: how each scope's free variables are taken from its parent ---- */

static void set_captures(Resolver *R, Scope *sc) {
  if (!sc->nfree || !sc->parent)
    return;
  sc->captures = fe_alloc(R->a, (size_t)sc->nfree * sizeof(FreeVar));
  if (!sc->captures) {
    R->nomem = true;
    return;
  }
  for (int i = 0; i < sc->nfree; i++) {
    Sym *s = fe_scope_find(sc->parent, sc->free[i]);
    if (s && is_local(sc->parent, s) && sc->parent->kind != SC_CLASS) {
      s->flags |= SYM_CELL;
      sc->captures[i] = (FreeVar){true, s->slot};
    } else {
      sc->captures[i] = (FreeVar){false, free_index(R, sc->parent, sc->free[i])};
    }
  }
}

typedef void (*ScopeFn)(Resolver *R, Scope *sc);

static void each_scope_block(Resolver *R, const NodeList *body, ScopeFn f);

static void each_scope_expr(Resolver *R, Node *e, ScopeFn f) {
  if (!e)
    return;
  if (e->fn) {
    for (int i = 0; i < e->fn->nparams; i++)
      each_scope_expr(R, e->fn->params[i].def, f);
    for (int g = 0; g < e->fn->ngens; g++) {
      each_scope_expr(R, e->fn->gens[g].iter, f);
      for (int i = 0; i < e->fn->gens[g].ifs.n; i++)
        each_scope_expr(R, e->fn->gens[g].ifs.v[i], f);
    }
    each_scope_block(R, &e->fn->body, f);
    if (e->fn->scope)
      f(R, e->fn->scope);
  }
  each_scope_expr(R, e->a, f);
  each_scope_expr(R, e->b, f);
  each_scope_expr(R, e->c, f);
  for (int i = 0; i < e->items.n; i++)
    each_scope_expr(R, e->items.v[i], f);
  for (int i = 0; i < e->items2.n; i++)
    each_scope_expr(R, e->items2.v[i], f);
}

/* Calls f on every scope below body, innermost first. */
static void each_scope_block(Resolver *R, const NodeList *body, ScopeFn f) {
  for (int i = 0; i < body->n; i++) {
    Node *st = body->v[i];
    each_scope_expr(R, st, f);
    each_scope_block(R, &st->body, f);
    each_scope_block(R, &st->orelse, f);
    each_scope_block(R, &st->final, f);
    for (int k = 0; k < st->items.n; k++)
      if (st->items.v[k]->kind == S_HANDLER || st->items.v[k]->kind == S_WITHITEM)
        each_scope_block(R, &st->items.v[k]->body, f);
  }
}

static void slots_of(Resolver *R, Scope *sc) {
  (void)R;
  assign_slots(sc);
}

nnc_status fe_scope(Source *s, Ast *a, Interp *I) {
  Resolver R = {.s = s, .a = a, .I = I};
  R.module = R.cur = new_scope(&R, SC_MODULE, "<module>");
  if (!R.module)
    return base_error(NNC_ERR_NOMEM, "out of memory");
  a->scope = R.module;
  declare_block(&R, &a->body);
  each_scope_block(&R, &a->body, slots_of);
  /* Twice: the first walk learns which locals inner scopes capture (cells), so that the
   * second resolves every use of them, earlier ones included, as a cell. */
  for (int pass = 0; pass < 2 && !R.nomem; pass++) {
    R.cur = R.module;
    R.deferred = false;
    R.quiet = pass == 0;
    resolve_block(&R, &a->body);
  }
  each_scope_block(&R, &a->body, set_captures);
  if (R.nomem)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory while resolving names", s->file);
  fe_diags_sort(s);
  return fe_status(s);
}
