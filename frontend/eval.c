/* eval.c — the tree-walking evaluator of expressions, and calls of user functions.
 *
 * fe_eval returns a new reference, or NULL with an exception pending whose traceback has
 * the place of the innermost node that failed in this frame (one entry per frame: outer
 * nodes of the same frame add nothing). Names are read where scope.c said they live: a
 * frame slot, a cell, the closure, a class namespace, the globals, the builtins. Constants
 * and names are made into values once and cached on their nodes.
 *
 * A comprehension runs in a frame of its own, like a function called in place; a generator
 * expression is evaluated eagerly into an iterator over its values (model files never need
 * an infinite one). Recursion is bounded: expressions by the parser's depth limit, calls by
 * fe_enter_call (the Python depth and the C stack).
 */
#include <string.h>

#include "frontend.h"
#include "base.h"

static Obj *fail_at(Interp *I, Frame *f, Pos p) {
  fe_exc_place(I, f, p, f->name);
  return NULL;
}

/* The value cached on a node (a constant, or a name as a str), made on first use. */
static Obj *cached(Interp *I, Node *e) {
  if (e->value)
    return e->value;
  Obj *v = NULL;
  if (e->kind == E_CONST) {
    switch (e->cval) {
    case C_INT: v = fe_int(I, e->ival); break;
    case C_FLOAT: v = fe_float(I, e->fval); break;
    case C_STR: v = fe_str_new(I, e->str, e->slen); break;
    case C_BYTES: v = fe_bytes_new(I, e->str, e->slen); break;
    case C_TRUE: v = fe_bool(I, true); break;
    case C_FALSE: v = fe_bool(I, false); break;
    case C_NONE: v = fe_none(I); break;
    case C_ELLIPSIS: v = &I->ellipsis; fe_incref(v); break;
    }
  } else {
    v = fe_str_cstr(I, e->name);
  }
  if (!v)
    return NULL;
  if (!fe_ast_own(I, I->ast, v)) {
    fe_decref(I, v);
    return NULL;
  }
  return e->value = v;
}

Obj *fe_node_name(Interp *I, Node *e) {
  return cached(I, e);
}

/* ---- names ---- */

static Obj *unbound(Interp *I, const char *name, bool free) {
  if (free)
    return fe_throw(I, EXC_NameError, "cannot access free variable '%s' where it is not associated "
                    "with a value in enclosing scope", name);
  return fe_throw(I, EXC_UnboundLocalError, "cannot access local variable '%s' where it is not "
                  "associated with a value", name);
}

static Obj *global(Interp *I, Frame *f, Node *e, Obj *ns) {
  Obj *key = cached(I, e);
  if (!key)
    return NULL;
  int err = 0;
  Obj *v = ns ? fe_dict_get(I, ns, key, &err) : NULL;
  if (!v && !err)
    v = fe_dict_get(I, f->globals, key, &err);
  if (!v && !err)
    v = fe_dict_get(I, I->builtins, key, &err);
  if (v) {
    fe_incref(v);
    return v;
  }
  return err ? NULL : fe_throw(I, EXC_NameError, "name '%s' is not defined", e->name);
}

static Obj *load_name(Interp *I, Frame *f, Node *e) {
  Obj *v = NULL;
  switch (e->ref.kind) {
  case REF_LOCAL:
    if (!(v = f->locals[e->ref.slot]))
      return unbound(I, e->name, false);
    break;
  case REF_CELL:
    if (!(v = ((Cell *)f->locals[e->ref.slot])->value))
      return unbound(I, e->name, false);
    break;
  case REF_FREE:
    if (!(v = ((Cell *)FE_TUPLE(f->closure)->v[e->ref.slot])->value))
      return unbound(I, e->name, true);
    break;
  case REF_CLASS:
  case REF_UNRESOLVED: case REF_GLOBAL:
    return global(I, f, e, e->ref.kind == REF_CLASS ? f->ns : NULL);
  }
  fe_incref(v);
  return v;
}

/* Stores v (borrowed) into a name; v NULL deletes it. */
static int store_name(Interp *I, Frame *f, Node *e, Obj *v) {
  Obj **slot = NULL;
  switch (e->ref.kind) {
  case REF_LOCAL: slot = &f->locals[e->ref.slot]; break;
  case REF_CELL: slot = &((Cell *)f->locals[e->ref.slot])->value; break;
  case REF_FREE: slot = &((Cell *)FE_TUPLE(f->closure)->v[e->ref.slot])->value; break;
  case REF_UNRESOLVED: case REF_GLOBAL: case REF_CLASS: {
    Obj *key = cached(I, e), *d = e->ref.kind == REF_CLASS && f->ns ? f->ns : f->globals;
    if (!key)
      return -1;
    if (v)
      return fe_dict_set(I, d, key, v);
    int r = fe_dict_del(I, d, key);
    if (r == 0)
      fe_throw(I, EXC_NameError, "name '%s' is not defined", e->name);
    return r == 1 ? 0 : -1;
  }
  }
  if (!v && !*slot) {
    unbound(I, e->name, e->ref.kind == REF_FREE);
    return -1;
  }
  if (v)
    fe_incref(v);
  fe_setref(I, slot, v);
  return 0;
}

/* ---- unpacking and assignment ---- */

static int unpack(Interp *I, Frame *f, Node *t, Obj *v) {
  Obj *l = fe_list_from_iter(I, v);
  if (!l) {
    if (fe_pending(I, EXC_TypeError)) {
      fe_decref(I, fe_exc_take(I));
      fe_throw(I, EXC_TypeError, "cannot unpack non-iterable %s object", fe_typename(v));
    }
    return -1;
  }
  int64_t n = FE_LIST(l)->n, want = t->items.n, star = -1;
  for (int i = 0; i < t->items.n; i++)
    if (t->items.v[i]->kind == E_STARRED)
      star = i;
  int r = 0;
  if (star < 0 && n != want) {
    if (n > want)
      fe_throw(I, EXC_ValueError, "too many values to unpack (expected %lld)", (long long)want);
    else
      fe_throw(I, EXC_ValueError, "not enough values to unpack (expected %lld, got %lld)",
               (long long)want, (long long)n);
    r = -1;
  } else if (star >= 0 && n < want - 1) {
    fe_throw(I, EXC_ValueError, "not enough values to unpack (expected at least %lld, got %lld)",
             (long long)want - 1, (long long)n);
    r = -1;
  }
  for (int64_t i = 0, k = 0; r == 0 && i < want; i++) {
    Node *ti = t->items.v[i];
    if (i == star) {
      int64_t take = n - (want - 1);
      Obj *rest = fe_list_new(I, take);
      for (int64_t j = 0; rest && j < take; j++) {
        FE_LIST(rest)->v[j] = FE_LIST(l)->v[k + j];
        fe_incref(FE_LIST(rest)->v[j]);
      }
      r = rest ? fe_assign(I, f, ti->a, rest) : -1;
      fe_decref(I, rest);
      k += take;
    } else {
      r = fe_assign(I, f, ti, FE_LIST(l)->v[k++]);
    }
  }
  fe_decref(I, l);
  return r;
}

/* o.name = v or o[k] = v for a target t of either kind; v NULL deletes. */
static int store_into(Interp *I, Frame *f, Node *t, Obj *v) {
  Obj *o = fe_eval(I, f, t->a);
  int r = -1;
  if (o && t->kind == E_ATTR) {
    Obj *name = cached(I, t);
    r = name ? fe_setattr(I, o, name, v) : -1;
  } else if (o) {
    Obj *k = fe_eval(I, f, t->b);
    r = k ? fe_setitem(I, o, k, v) : -1;
    fe_decref(I, k);
  }
  fe_decref(I, o);
  if (r < 0)
    fail_at(I, f, t->kind == E_ATTR ? t->npos : t->pos);
  return r;
}

int fe_assign(Interp *I, Frame *f, Node *t, Obj *v) {
  switch (t->kind) {
  case E_NAME: return store_name(I, f, t, v);
  case E_TUPLE: case E_LIST: return unpack(I, f, t, v);
  case E_ATTR: case E_SUBSCRIPT:
    return store_into(I, f, t, v);
  FE_STMT_CASES: case E_CONST: case E_SLICE: case E_CALL: case E_KW: case E_STARRED: case E_DSTAR:
  case E_BINOP: case E_UNARY: case E_BOOLOP: case E_COMPARE: case E_IFEXP: case E_LAMBDA:
  case E_SET: case E_DICT: case E_LISTCOMP: case E_SETCOMP: case E_GENEXP: case E_DICTCOMP:
  case E_FSTRING: case E_FORMAT:
    break;
  }
  fe_throw(I, EXC_TypeError, "cannot assign to this expression");
  return -1;
}

int fe_delete(Interp *I, Frame *f, Node *t) {
  switch (t->kind) {
  case E_NAME:
    if (store_name(I, f, t, NULL) < 0)
      return fail_at(I, f, t->pos), -1;
    return 0;
  case E_TUPLE: case E_LIST:
    for (int i = 0; i < t->items.n; i++)
      if (fe_delete(I, f, t->items.v[i]) < 0)
        return -1;
    return 0;
  case E_ATTR: case E_SUBSCRIPT:
    return store_into(I, f, t, NULL);
  FE_STMT_CASES: case E_CONST: case E_SLICE: case E_CALL: case E_KW: case E_STARRED: case E_DSTAR:
  case E_BINOP: case E_UNARY: case E_BOOLOP: case E_COMPARE: case E_IFEXP: case E_LAMBDA:
  case E_SET: case E_DICT: case E_LISTCOMP: case E_SETCOMP: case E_GENEXP: case E_DICTCOMP:
  case E_FSTRING: case E_FORMAT:
    break;
  }
  fe_throw(I, EXC_TypeError, "cannot delete this expression");
  return -1;
}


/* ---- calls ---- */

/* A growing argument vector; the first SMALL live on the stack. */
enum { SMALL = 16 };
typedef struct {
  Obj **v;
  int n, cap;
  Obj *small[SMALL];
  Obj *kwnames;     /* a list of str while building, then a tuple */
} Args;

static bool args_push(Interp *I, Args *a, Obj *v) {
  if (a->n == a->cap) {
    int cap = a->cap * 2;
    if (cap > 4096) {
      fe_decref(I, v);
      fe_throw(I, EXC_TypeError, "too many arguments in a call (at most 4096)");
      return false;
    }
    Obj **nv = base_malloc((size_t)cap * sizeof *nv);
    if (!nv) {
      fe_decref(I, v);
      fe_nomem(I);
      return false;
    }
    memcpy(nv, a->v, (size_t)a->n * sizeof *nv);
    if (a->v != a->small)
      base_free(a->v);
    a->v = nv;
    a->cap = cap;
  }
  a->v[a->n++] = v;
  return true;
}

static void args_free(Interp *I, Args *a) {
  for (int i = 0; i < a->n; i++)
    fe_decref(I, a->v[i]);
  if (a->v != a->small)
    base_free(a->v);
  fe_decref(I, a->kwnames);
}

/* A keyword argument name (borrowed str) with its value (owned). */
static bool add_keyword(Interp *I, Args *a, Obj *name, Obj *v) {
  if (!a->kwnames && !(a->kwnames = fe_list_new(I, 0))) {
    fe_decref(I, v);
    return false;
  }
  for (int64_t i = 0; i < FE_LIST(a->kwnames)->n; i++)
    if (fe_eq(I, FE_LIST(a->kwnames)->v[i], name) == 1) {
      fe_decref(I, v);
      fe_throw(I, EXC_TypeError, "got multiple values for keyword argument '%s'", FE_STR(name)->s);
      return false;
    }
  if (fe_list_append(I, a->kwnames, name) < 0) {
    fe_decref(I, v);
    return false;
  }
  return args_push(I, a, v);
}

/* Evaluates a call's arguments: positional (with *x expanded), then keywords (**x too). */
static bool eval_args(Interp *I, Frame *f, const NodeList *items, Args *a) {
  for (int i = 0; i < items->n; i++) {
    Node *it = items->v[i];
    if (it->kind == E_KW || it->kind == E_DSTAR)
      continue;
    Obj *v = fe_eval(I, f, it->kind == E_STARRED ? it->a : it);
    if (!v)
      return false;
    if (it->kind != E_STARRED) {
      if (!args_push(I, a, v))
        return false;
      continue;
    }
    Obj *l = fe_list_from_iter(I, v);
    fe_decref(I, v);
    if (!l)
      return fail_at(I, f, it->pos), false;
    for (int64_t k = 0; k < FE_LIST(l)->n; k++) {
      fe_incref(FE_LIST(l)->v[k]);
      if (!args_push(I, a, FE_LIST(l)->v[k])) {
        fe_decref(I, l);
        return false;
      }
    }
    fe_decref(I, l);
  }
  for (int i = 0; i < items->n; i++) {
    Node *it = items->v[i];
    if (it->kind == E_KW) {
      Obj *name = cached(I, it), *v = name ? fe_eval(I, f, it->a) : NULL;
      if (!v || !add_keyword(I, a, name, v))
        return false;
    } else if (it->kind == E_DSTAR) {
      Obj *d = fe_eval(I, f, it->a);
      if (!d)
        return false;
      if (!fe_isinstance(d, I->cls_dict)) {
        fe_throw(I, EXC_TypeError, "argument after ** must be a mapping, not %s", fe_typename(d));
        fe_decref(I, d);
        return fail_at(I, f, it->pos), false;
      }
      int64_t pos = 0;
      Obj *k, *v;
      bool ok = true;
      while (ok && fe_dict_next(d, &pos, &k, &v)) {
        if (!FE_IS(k, str)) {
          fe_throw(I, EXC_TypeError, "keywords must be strings");
          ok = false;
        } else {
          fe_incref(v);
          ok = add_keyword(I, a, k, v);
        }
      }
      fe_decref(I, d);
      if (!ok)
        return fail_at(I, f, it->pos), false;
    }
  }
  if (a->kwnames) {
    Obj *t = fe_tuple_from_iter(I, a->kwnames);
    fe_decref(I, a->kwnames);
    a->kwnames = t;
    if (!t)
      return false;
  }
  return true;
}

static Obj *eval_call(Interp *I, Frame *f, Node *e) {
  Args a = {.cap = SMALL};
  a.v = a.small;
  Obj *fn = NULL, *r = NULL;
  if (e->a->kind == E_ATTR) {          /* o.m(...): no bound method object in between */
    Obj *o = fe_eval(I, f, e->a->a), *self = NULL;
    Obj *name = o ? cached(I, e->a) : NULL;
    int st = name ? fe_lookup_method(I, o, name, &fn, &self) : -1;
    if (st == 0 && self) {
      fe_incref(self);
      args_push(I, &a, self);
    }
    fe_decref(I, o);
    if (st < 0) {
      args_free(I, &a);
      return o ? fail_at(I, f, e->a->npos) : NULL;
    }
  } else if (!(fn = fe_eval(I, f, e->a))) {
    return NULL;
  }
  const char *target = I->assign_call == e ? I->assign_next : NULL;
  if (target)
    I->assign_call = NULL;
  if (eval_args(I, f, &e->items, &a)) {
    I->assign_name = target;
    r = fe_call(I, fn, a.v, a.n, a.kwnames);
    I->assign_name = NULL;
  }
  fe_decref(I, fn);
  args_free(I, &a);
  return r ? r : fail_at(I, f, e->pos);
}

/* ---- user functions ---- */

/* The closure a new function or comprehension of scope sc takes from frame f. */
static Obj *closure_of(Interp *I, Frame *f, Scope *sc) {
  if (!sc->nfree)
    return NULL;
  Obj *t = fe_tuple_new(I, sc->nfree);
  for (int i = 0; t && i < sc->nfree; i++) {
    FreeVar c = sc->captures ? sc->captures[i] : (FreeVar){false, 0};
    Obj *cell = c.from_cell ? f->locals[c.index] : f->closure
        ? FE_TUPLE(f->closure)->v[c.index] : NULL;
    if (!cell) {
      fe_decref(I, t);
      return fe_throw(I, EXC_RuntimeError, "internal error: free variable '%s' has no cell",
                      sc->free[i]);
    }
    fe_incref(cell);
    FE_TUPLE(t)->v[i] = cell;
  }
  return t;
}

Obj *fe_closure_of(Interp *I, Frame *f, Scope *sc) {
  return closure_of(I, f, sc);
}

/* A function object for a def or lambda: defaults evaluated now, in frame f. */
Obj *fe_make_function(Interp *I, Frame *f, Node *def) {
  FnInfo *fn = def->fn;
  Obj *defs[256] = {0};
  bool ok = true;
  for (int i = 0; i < fn->nparams && i < 256 && ok; i++)
    if (fn->params[i].def)
      ok = (defs[i] = fe_eval(I, f, fn->params[i].def)) != NULL;
  Function *o = ok ? (Function *)fe_new(I, I->cls_function, sizeof(Function)) : NULL;
  if (o) {
    o->fn = fn;
    o->def = def;
    o->globals = f->globals;
    fe_incref(f->globals);
    o->name = fe_str_cstr(I, fn->name);
    if (f->func && f->func->qualname)
      o->qualname = fe_strf(I, "%s.<locals>.%s", FE_STR(f->func->qualname)->s, fn->name);
    else if (f->ns && f->name)
      o->qualname = fe_strf(I, "%s.%s", f->name, fn->name);
    else
      o->qualname = fe_str_cstr(I, fn->name);
    o->sig = fe_sig_from_params(I, fn, defs);
    o->closure = closure_of(I, f, fn->scope);
    ok = o->name && o->qualname && o->sig && (o->closure || !fn->scope->nfree);
  }
  for (int i = 0; i < fn->nparams && i < 256; i++)
    fe_decref(I, defs[i]);
  if (!ok && o) {
    fe_decref(I, (Obj *)o);
    o = NULL;
  }
  return o ? &o->hd : NULL;
}

/* Wraps every local slot that an inner scope captures into a cell. */
static bool make_cells(Interp *I, Scope *sc, Obj **locals) {
  for (int i = 0; i < sc->nsyms; i++) {
    Sym *s = &sc->syms[i];
    if (!(s->flags & SYM_CELL) || s->slot < 0)
      continue;
    Cell *c = (Cell *)fe_new(I, I->cls_cell, sizeof(Cell));
    if (!c)
      return false;
    c->value = locals[s->slot];
    locals[s->slot] = &c->hd;
  }
  return true;
}

Obj *fe_function_call(Interp *I, Obj *fo, Obj *const *args, int nargs, Obj *kwnames) {
  Function *fn = (Function *)fo;
  Scope *sc = fn->fn->scope;
  if (!fe_enter_call(I))
    return NULL;
  int n = sc->nlocals > fn->sig->n ? sc->nlocals : fn->sig->n;
  Obj *small[SMALL] = {0}, **locals = n <= SMALL ? small : base_calloc((size_t)n, sizeof(Obj *));
  Obj *ret = NULL;
  if (!locals) {
    fe_leave_call(I);
    return fe_nomem(I);
  }
  if (fe_bind(I, fn->sig, args, nargs, kwnames, locals) == 0 && make_cells(I, sc, locals)) {
    Frame f = {.back = I->frame, .scope = sc, .locals = locals, .closure = fn->closure,
               .globals = fn->globals, .func = fn, .name = fn->fn->name};
    I->frame = &f;
    ExecStatus st = fe_exec_block(I, &f, &fn->fn->body, &ret);
    I->frame = f.back;
    if (st == X_ERROR) {
      fe_decref(I, ret);
      ret = NULL;
    } else if (!ret) {
      ret = fe_none(I);
    }
  }
  for (int i = 0; i < n; i++)
    fe_decref(I, locals[i]);
  if (locals != small)
    base_free(locals);
  fe_leave_call(I);
  return ret;
}

/* ---- comprehensions ---- */

typedef struct {
  Node *e;          /* the comprehension */
  Obj *out;         /* list, set or dict being filled */
} Comp;

static int comp_loop(Interp *I, Frame *f, Comp *c, int g, Obj *iterable);

/* One item: the ifs of generator g, then the next generator or the element. */
static int comp_item(Interp *I, Frame *f, Comp *c, int g) {
  FnInfo *fn = c->e->fn;
  for (int i = 0; i < fn->gens[g].ifs.n; i++) {
    Obj *t = fe_eval(I, f, fn->gens[g].ifs.v[i]);
    int truth = t ? fe_truth(I, t) : -1;
    fe_decref(I, t);
    if (truth <= 0)
      return truth;
  }
  if (g + 1 < fn->ngens) {
    Obj *it = fe_eval(I, f, fn->gens[g + 1].iter);
    int r = it ? comp_loop(I, f, c, g + 1, it) : -1;
    fe_decref(I, it);
    return r;
  }
  Obj *v = fe_eval(I, f, c->e->a);
  if (!v)
    return -1;
  int r;
  if (c->e->kind == E_DICTCOMP) {
    Obj *w = fe_eval(I, f, c->e->b);
    r = w ? fe_dict_set(I, c->out, v, w) : -1;
    fe_decref(I, w);
  } else if (c->e->kind == E_SETCOMP) {
    r = fe_set_add(I, c->out, v);
  } else {
    r = fe_list_append(I, c->out, v);
  }
  fe_decref(I, v);
  return r;
}

static int comp_loop(Interp *I, Frame *f, Comp *c, int g, Obj *iterable) {
  Obj *it = fe_iter(I, iterable);
  if (!it)
    return fail_at(I, f, c->e->fn->gens[g].iter->pos), -1;
  int r = 0;
  for (Obj *x; r >= 0 && (x = fe_next(I, it));) {
    r = fe_assign(I, f, c->e->fn->gens[g].target, x);
    fe_decref(I, x);
    if (r >= 0)
      r = comp_item(I, f, c, g);
  }
  fe_decref(I, it);
  return I->exc_pending ? -1 : 0;
}

static Obj *comprehension(Interp *I, Frame *f, Node *e) {
  Scope *sc = e->fn->scope;
  Obj *first = fe_eval(I, f, e->fn->gens[0].iter);
  if (!first)
    return NULL;
  if (!fe_enter_call(I)) {
    fe_decref(I, first);
    return fail_at(I, f, e->pos);
  }
  Comp c = {e, e->kind == E_DICTCOMP ? fe_dict_new(I) : e->kind == E_SETCOMP ? fe_set_new(I, false)
                                                                              : fe_list_new(I, 0)};
  Obj *small[SMALL] = {0}, **locals = sc->nlocals <= SMALL
      ? small : base_calloc((size_t)sc->nlocals, sizeof(Obj *));
  Obj *closure = c.out && locals ? closure_of(I, f, sc) : NULL;
  int r = -1;
  if (!locals)
    fe_nomem(I);
  else if (c.out && (closure || !sc->nfree) && make_cells(I, sc, locals)) {
    Frame cf = {.back = f, .scope = sc, .locals = locals, .closure = closure, .globals = f->globals,
                .func = f->func, .name = f->name};
    Frame *saved = I->frame;
    I->frame = &cf;
    r = comp_loop(I, &cf, &c, 0, first);
    I->frame = saved;
  }
  for (int i = 0; locals && i < sc->nlocals; i++)
    fe_decref(I, locals[i]);
  if (locals != small)
    base_free(locals);
  fe_decref(I, closure);
  fe_decref(I, first);
  fe_leave_call(I);
  if (r < 0) {
    fe_decref(I, c.out);
    return NULL;
  }
  if (e->kind == E_GENEXP) {
    Obj *it = fe_iter(I, c.out);
    fe_decref(I, c.out);
    return it;
  }
  return c.out;
}

/* ---- displays ---- */

static Obj *display(Interp *I, Frame *f, Node *e) {
  Obj *l = fe_list_new(I, 0);
  for (int i = 0; l && i < e->items.n; i++) {
    Node *it = e->items.v[i];
    Obj *v = fe_eval(I, f, it->kind == E_STARRED ? it->a : it);
    int r = -1;
    if (v && it->kind == E_STARRED) {
      Obj *x = fe_list_from_iter(I, v);
      if (x) {
        r = 0;
        for (int64_t k = 0; r == 0 && k < FE_LIST(x)->n; k++)
          r = fe_list_append(I, l, FE_LIST(x)->v[k]);
        fe_decref(I, x);
      } else {
        fail_at(I, f, it->pos);
      }
    } else if (v) {
      r = fe_list_append(I, l, v);
    }
    fe_decref(I, v);
    if (r < 0) {
      fe_decref(I, l);
      return NULL;
    }
  }
  if (!l || e->kind == E_LIST)
    return l;
  Obj *r;
  if (e->kind == E_TUPLE) {
    r = fe_tuple_from_iter(I, l);
  } else {
    r = fe_set_new(I, false);
    for (int64_t k = 0; r && k < FE_LIST(l)->n; k++)
      if (fe_set_add(I, r, FE_LIST(l)->v[k]) < 0) {
        fe_decref(I, r);
        r = NULL;
      }
  }
  fe_decref(I, l);
  return r;
}

static Obj *dict_display(Interp *I, Frame *f, Node *e) {
  Obj *d = fe_dict_new(I);
  for (int i = 0; d && i < e->items.n; i++) {
    Node *k = e->items.v[i];
    int r = -1;
    if (k->kind == E_DSTAR) {
      Obj *m = fe_eval(I, f, k->a);
      if (m && fe_isinstance(m, I->cls_dict)) {
        int64_t pos = 0;
        Obj *kk, *vv;
        r = 0;
        while (r == 0 && fe_dict_next(m, &pos, &kk, &vv))
          r = fe_dict_set(I, d, kk, vv);
      } else if (m) {
        fe_throw(I, EXC_TypeError, "'%s' object is not a mapping", fe_typename(m));
      }
      fe_decref(I, m);
    } else {
      Obj *key = fe_eval(I, f, k), *v = key ? fe_eval(I, f, e->items.v[++i]) : NULL;
      r = v ? fe_dict_set(I, d, key, v) : -1;
      fe_decref(I, key);
      fe_decref(I, v);
    }
    if (r < 0) {
      fe_decref(I, d);
      return fail_at(I, f, k->pos);
    }
  }
  return d;
}

/* ---- f-strings ---- */

static bool fstring_into(Interp *I, Frame *f, Node *e, BaseBuf *b) {
  for (int i = 0; i < e->items.n; i++) {
    Node *p = e->items.v[i];
    if (p->kind == E_CONST) {
      base_buf_put(b, p->str, p->slen);
      continue;
    }
    Obj *v = fe_eval(I, f, p->a);
    if (!v)
      return false;
    if (p->op) {
      Obj *t = p->op == 's' ? fe_str(I, v) : fe_repr(I, v);
      fe_decref(I, v);
      if (!(v = t))
        return fail_at(I, f, p->pos), false;
    }
    BaseBuf spec = {0};
    base_buf_put(&spec, "", 0);
    bool ok = !p->b || fstring_into(I, f, p->b, &spec);
    if (ok && spec.nomem)
      ok = fe_nomem(I) != NULL;
    ok = ok && fe_format_into(I, b, v, spec.p, spec.n);
    base_buf_free(&spec);
    fe_decref(I, v);
    if (!ok)
      return fail_at(I, f, p->pos), false;
  }
  return true;
}

/* ---- expressions ---- */

static Obj *compare(Interp *I, Frame *f, Node *e) {
  Obj *left = fe_eval(I, f, e->items.v[0]);
  for (int i = 1; left && i < e->items.n; i++) {
    Obj *right = fe_eval(I, f, e->items.v[i]);
    if (!right) {
      fe_decref(I, left);
      return NULL;
    }
    Obj *r = fe_compare(I, e->ops[i - 1], left, right);
    fe_decref(I, left);
    if (!r || i + 1 == e->items.n) {
      fe_decref(I, right);
      return r ? r : fail_at(I, f, e->items.v[i - 1]->pos);
    }
    int t = fe_truth(I, r);
    if (t <= 0) {
      fe_decref(I, right);
      if (t < 0)
        fe_decref(I, r);
      return t < 0 ? fail_at(I, f, e->pos) : r;
    }
    fe_decref(I, r);
    left = right;
  }
  return left;
}

static Obj *boolop(Interp *I, Frame *f, Node *e) {
  Obj *v = NULL;
  for (int i = 0; i < e->items.n; i++) {
    fe_decref(I, v);
    if (!(v = fe_eval(I, f, e->items.v[i])))
      return NULL;
    if (i + 1 == e->items.n)
      break;
    int t = fe_truth(I, v);
    if (t < 0) {
      fe_decref(I, v);
      return fail_at(I, f, e->items.v[i]->pos);
    }
    if ((e->op == PY_AND) != (t == 1))
      break;
  }
  return v;
}

/* The index of a subscript: slices become slice objects, also inside a tuple. */
static Obj *index_value(Interp *I, Frame *f, Node *e) {
  if (e->kind == E_SLICE) {
    Obj *parts[3] = {0};
    Node *ns[3] = {e->a, e->b, e->c};
    for (int i = 0; i < 3; i++)
      if (ns[i] && !(parts[i] = fe_eval(I, f, ns[i]))) {
        for (int k = 0; k < i; k++)
          fe_decref(I, parts[k]);
        return NULL;
      }
    Obj *s = fe_slice_new(I, parts[0], parts[1], parts[2]);
    for (int i = 0; i < 3; i++)
      fe_decref(I, parts[i]);
    return s;
  }
  if (e->kind == E_TUPLE) {
    Obj *t = fe_tuple_new(I, e->items.n);
    for (int i = 0; t && i < e->items.n; i++)
      if (!(FE_TUPLE(t)->v[i] = index_value(I, f, e->items.v[i]))) {
        fe_decref(I, t);
        return NULL;
      }
    return t;
  }
  return fe_eval(I, f, e);
}

/* a op b with the operands only the evaluator holds marked as temporaries, for the slots
 * that reuse their memory; nested operations (in user methods) keep their own marks. */
static Obj *binop_temps(Interp *I, int op, Obj *a, Obj *b) {
  Obj *saved[2] = {I->temps[0], I->temps[1]};
  I->temps[0] = a->refs == 1 ? a : NULL;
  I->temps[1] = b->refs == 1 ? b : NULL;
  Obj *r = fe_binop(I, op, a, b);
  I->temps[0] = saved[0];
  I->temps[1] = saved[1];
  return r;
}

bool fe_is_temporary(const Interp *I, const Obj *o) {
  return o->refs == 1 && (o == I->temps[0] || o == I->temps[1]);
}

Obj *fe_eval(Interp *I, Frame *f, Node *e) {
  Obj *a, *b, *r = NULL;
  switch (e->kind) {
  case E_CONST:
    if ((r = cached(I, e)))
      fe_incref(r);
    return r;
  case E_NAME:
    r = load_name(I, f, e);
    break;
  case E_ATTR:
    if (!(a = fe_eval(I, f, e->a)))
      return NULL;
    b = cached(I, e);
    r = b ? fe_getattr(I, a, b) : NULL;
    fe_decref(I, a);
    return r ? r : fail_at(I, f, e->npos);
  case E_SUBSCRIPT:
    if (!(a = fe_eval(I, f, e->a)))
      return NULL;
    b = index_value(I, f, e->b);
    r = b ? fe_getitem(I, a, b) : NULL;
    fe_decref(I, a);
    fe_decref(I, b);
    break;
  case E_SLICE:
    r = index_value(I, f, e);
    break;
  case E_CALL:
    return eval_call(I, f, e);
  case E_BINOP:
    if (!(a = fe_eval(I, f, e->a)))
      return NULL;
    if (!(b = fe_eval(I, f, e->b))) {
      fe_decref(I, a);
      return NULL;
    }
    r = binop_temps(I, e->op, a, b);
    fe_decref(I, a);
    fe_decref(I, b);
    return r ? r : fail_at(I, f, e->npos.line ? e->npos : e->pos);
  case E_UNARY:
    if (!(a = fe_eval(I, f, e->a)))
      return NULL;
    r = fe_unary(I, e->op, a);
    fe_decref(I, a);
    break;
  case E_BOOLOP:
    return boolop(I, f, e);
  case E_COMPARE:
    return compare(I, f, e);
  case E_IFEXP: {
    if (!(a = fe_eval(I, f, e->a)))
      return NULL;
    int t = fe_truth(I, a);
    fe_decref(I, a);
    if (t < 0)
      return fail_at(I, f, e->a->pos);
    return fe_eval(I, f, t ? e->b : e->c);
  }
  case E_LAMBDA:
    r = fe_make_function(I, f, e);
    break;
  case E_LIST: case E_TUPLE: case E_SET:
    return display(I, f, e);
  case E_DICT:
    return dict_display(I, f, e);
  case E_LISTCOMP: case E_SETCOMP: case E_GENEXP: case E_DICTCOMP:
    return comprehension(I, f, e);
  case E_FSTRING: {
    BaseBuf sb = {0};
    base_buf_put(&sb, "", 0);
    if (!fstring_into(I, f, e, &sb)) {
      base_buf_free(&sb);
      return NULL;
    }
    r = fe_sb_finish(I, &sb);
    break;
  }
  FE_STMT_CASES: case E_KW: case E_STARRED: case E_DSTAR: case E_FORMAT:
    r = fe_throw(I, EXC_TypeError, "this expression cannot be evaluated here");
    break;
  }
  return r ? r : fail_at(I, f, e->pos);
}

/* ---- the checker's view of literals ---- */

Obj *fe_literal(Interp *I, const Node *e) {
  switch (e->kind) {
  case E_CONST: {
    Obj *v = cached(I, (Node *)e);
    if (v)
      fe_incref(v);
    return v;
  }
  case E_UNARY: {
    if (e->op != PY_SUB && e->op != PY_ADD)
      return NULL;
    Obj *a = fe_literal(I, e->a), *r = NULL;
    if (a && fe_is_number(I, a) && !FE_IS(a, bool))
      r = fe_unary(I, e->op, a);
    fe_decref(I, a);
    if (!r)
      fe_decref(I, fe_exc_take(I));
    return r;
  }
  case E_TUPLE: case E_LIST: {
    Obj *l = fe_list_new(I, e->items.n);
    for (int i = 0; l && i < e->items.n; i++)
      if (!(FE_LIST(l)->v[i] = fe_literal(I, e->items.v[i]))) {
        fe_decref(I, l);
        return NULL;
      }
    if (!l || e->kind == E_LIST)
      return l;
    Obj *t = fe_tuple_from_iter(I, l);
    fe_decref(I, l);
    return t;
  }
  FE_STMT_CASES: case E_NAME: case E_ATTR: case E_SUBSCRIPT: case E_SLICE: case E_CALL: case E_KW:
  case E_STARRED: case E_DSTAR: case E_BINOP: case E_BOOLOP: case E_COMPARE: case E_IFEXP:
  case E_LAMBDA: case E_SET: case E_DICT: case E_LISTCOMP: case E_SETCOMP: case E_GENEXP:
  case E_DICTCOMP: case E_FSTRING: case E_FORMAT:
    break;
  }
  return NULL;
}
