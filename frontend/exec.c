/* exec.c — the evaluator of statements.
 *
 * fe_exec_block runs statements in order and says how the block ended: normally, by break,
 * continue or return (with the value in *ret), or with an exception pending (X_ERROR, the
 * statement's place added to its traceback). try/except/finally and with follow Python: a
 * finally block runs on every way out and a break or return inside it wins; __exit__ sees
 * the exception and may swallow it. Every so many allocations, between statements, the
 * cycle collector runs.
 */
#include <string.h>

#include "frontend.h"
#include "base.h"

enum { GC_EVERY = 100000 };

static ExecStatus fail(Interp *I, Frame *f, Node *st) {
  fe_exc_place(I, f, st->pos, f->name);
  return X_ERROR;
}

static ExecStatus assign(Interp *I, Frame *f, Node *st) {
  if (st->items.n == 1 && st->items.v[0]->kind == E_NAME && st->a->kind == E_CALL) {
    I->assign_call = st->a;       /* eval_call tells the call NAME while it runs */
    I->assign_next = st->items.v[0]->name;
  }
  Obj *v = fe_eval(I, f, st->a);
  I->assign_call = NULL;
  if (!v)
    return X_ERROR;
  for (int i = 0; i < st->items.n; i++)
    if (fe_assign(I, f, st->items.v[i], v) < 0) {
      fe_decref(I, v);
      return fail(I, f, st->items.v[i]);
    }
  fe_decref(I, v);
  return X_NORMAL;
}

static ExecStatus augassign(Interp *I, Frame *f, Node *st) {
  Node *t = st->a;
  Obj *obj = NULL, *key = NULL, *old = NULL, *rhs = NULL, *r = NULL;
  int ok = -1;
  if (t->kind == E_NAME) {
    old = fe_eval(I, f, t);
  } else if (t->kind == E_ATTR) {
    if ((obj = fe_eval(I, f, t->a)) && (key = fe_node_name(I, t)))
      fe_incref(key), old = fe_getattr(I, obj, key);
  } else if ((obj = fe_eval(I, f, t->a)) && (key = fe_eval(I, f, t->b))) {
    old = fe_getitem(I, obj, key);
  }
  if (old && (rhs = fe_eval(I, f, st->b)) && (r = fe_inplace(I, st->op, old, rhs))) {
    if (t->kind == E_NAME)
      ok = fe_assign(I, f, t, r);
    else if (t->kind == E_ATTR)
      ok = fe_setattr(I, obj, key, r);
    else
      ok = fe_setitem(I, obj, key, r);
  }
  fe_decref(I, obj);
  fe_decref(I, key);
  fe_decref(I, old);
  fe_decref(I, rhs);
  fe_decref(I, r);
  return ok < 0 ? fail(I, f, st) : X_NORMAL;
}

/* ---- control flow ---- */

static int truth_of(Interp *I, Frame *f, Node *e) {
  Obj *v = fe_eval(I, f, e);
  if (!v)
    return -1;
  int t = fe_truth(I, v);
  fe_decref(I, v);
  if (t < 0)
    fe_exc_place(I, f, e->pos, f->name);
  return t;
}

static ExecStatus if_stmt(Interp *I, Frame *f, Node *st, Obj **ret) {
  int t = truth_of(I, f, st->a);
  if (t < 0)
    return X_ERROR;
  return fe_exec_block(I, f, t ? &st->body : &st->orelse, ret);
}

static ExecStatus while_stmt(Interp *I, Frame *f, Node *st, Obj **ret) {
  for (;;) {
    int t = truth_of(I, f, st->a);
    if (t < 0)
      return X_ERROR;
    if (!t)
      return fe_exec_block(I, f, &st->orelse, ret);
    ExecStatus s = fe_exec_block(I, f, &st->body, ret);
    if (s == X_BREAK)
      return X_NORMAL;
    if (s == X_RETURN || s == X_ERROR)
      return s;
  }
}

static ExecStatus for_stmt(Interp *I, Frame *f, Node *st, Obj **ret) {
  Obj *seq = fe_eval(I, f, st->b);
  if (!seq)
    return X_ERROR;
  Obj *it = fe_iter(I, seq);
  fe_decref(I, seq);
  if (!it)
    return fail(I, f, st->b);
  ExecStatus s = X_NORMAL;
  bool broke = false;
  for (Obj *x; (x = fe_next(I, it));) {
    int r = fe_assign(I, f, st->a, x);
    fe_decref(I, x);
    if (r < 0) {
      s = fail(I, f, st->a);
      break;
    }
    s = fe_exec_block(I, f, &st->body, ret);
    if (s == X_BREAK) {
      broke = true;
      s = X_NORMAL;
      break;
    }
    if (s == X_RETURN || s == X_ERROR)
      break;
    s = X_NORMAL;
  }
  fe_decref(I, it);
  if (s == X_NORMAL && I->exc_pending)
    return fail(I, f, st->b);
  if (s == X_NORMAL && !broke)
    s = fe_exec_block(I, f, &st->orelse, ret);
  return s;
}

/* ---- definitions ---- */

/* Applies decorators, innermost (last written) first; consumes v. */
static Obj *decorate(Interp *I, Frame *f, const NodeList *decs, Obj *v) {
  for (int i = decs->n - 1; v && i >= 0; i--) {
    Obj *d = fe_eval(I, f, decs->v[i]);
    Obj *r = d ? fe_call1(I, d, v) : NULL;
    fe_decref(I, d);
    fe_decref(I, v);
    v = r;
    if (!v)
      fe_exc_place(I, f, decs->v[i]->pos, f->name);
  }
  return v;
}

/* Binds a name by the statement's resolved ref (def, class, import, except-as). */
static int bind_ref(Interp *I, Frame *f, Node *st, const char *name, Obj *v) {
  Node n = {.kind = E_NAME, .pos = st->pos, .name = name, .ref = st->ref};
  if (!(n.value = fe_str_cstr(I, name)))   /* set, so the store caches nothing on this node */
    return -1;
  int r = fe_assign(I, f, &n, v);
  fe_decref(I, n.value);
  return r;
}

static ExecStatus def_stmt(Interp *I, Frame *f, Node *st) {
  Obj *fn = fe_make_function(I, f, st);
  if (!fn)
    return fail(I, f, st);
  fn = decorate(I, f, &st->items, fn);
  if (!fn)
    return X_ERROR;
  int r = bind_ref(I, f, st, st->name, fn);
  fe_decref(I, fn);
  return r < 0 ? fail(I, f, st) : X_NORMAL;
}

static ExecStatus class_stmt(Interp *I, Frame *f, Node *st) {
  Class *base = NULL;
  if (st->items2.n > 1) {
    fe_throw(I, EXC_TypeError, "multiple inheritance is not supported in nnc model files");
    return fail(I, f, st->items2.v[1]);
  }
  Obj *b = st->items2.n ? fe_eval(I, f, st->items2.v[0]) : NULL;
  if (st->items2.n && !b)
    return X_ERROR;
  if (b && !FE_IS(b, type)) {
    fe_throw(I, EXC_TypeError, "a class can only derive from a class, not from %s", fe_typename(b));
    fe_decref(I, b);
    return fail(I, f, st->items2.v[0]);
  }
  base = (Class *)b;
  Scope *sc = st->fn->scope;
  Obj *ns = fe_dict_new(I), *closure = ns ? fe_closure_of(I, f, sc) : NULL;
  Obj *modname = fe_dict_getstr(I, f->globals, "__name__");
  ExecStatus s = X_ERROR;
  Obj *cls = NULL;
  if (ns && (closure || !sc->nfree) &&
      (!modname || fe_dict_setstr(I, ns, "__module__", modname) == 0)) {
    Frame cf = {.back = f, .scope = sc, .closure = closure, .globals = f->globals, .ns = ns,
                .func = NULL,
                .name = st->name};
    Obj *ret = NULL;
    Frame *saved = I->frame;
    I->frame = &cf;
    s = fe_exec_block(I, &cf, &st->fn->body, &ret);
    I->frame = saved;
    fe_decref(I, ret);
    if (s != X_ERROR) {
      cls = fe_class_new(I, st->name, modname &&
                         FE_IS(modname, str) ? FE_STR(modname)->s : "__main__", base, ns);
      cls = cls ? decorate(I, f, &st->items, cls) : NULL;
      s = cls && bind_ref(I, f, st, st->name, cls) == 0 ? X_NORMAL : X_ERROR;
    }
  }
  fe_decref(I, cls);
  fe_decref(I, ns);
  fe_decref(I, closure);
  fe_decref(I, b);
  return s == X_ERROR ? fail(I, f, st) : X_NORMAL;
}

/* ---- imports ---- */

static ExecStatus import_stmt(Interp *I, Frame *f, Node *st) {
  Obj *m = fe_import(I, st->name);
  if (!m)
    return fail(I, f, st);
  Obj *bound = m;
  char first[256];
  if (!st->alias && strchr(st->name, '.')) {   /* import a.b binds a */
    snprintf(first, sizeof first, "%.*s", (int)strcspn(st->name, "."), st->name);
    bound = fe_import(I, first);
    fe_decref(I, m);
    if (!bound)
      return fail(I, f, st);
  } else {
    snprintf(first, sizeof first, "%s", st->alias ? st->alias : st->name);
  }
  int r = bind_ref(I, f, st, first, bound);
  fe_decref(I, bound);
  return r < 0 ? fail(I, f, st) : X_NORMAL;
}

static ExecStatus from_stmt(Interp *I, Frame *f, Node *st) {
  Obj *m = fe_import(I, st->name);
  if (!m)
    return fail(I, f, st);
  for (int i = 0; i < st->items.n; i++) {
    Node *it = st->items.v[i];
    if (strcmp(it->name, "*") == 0) {
      Obj *d = ((Module *)m)->dict, *target = f->ns ? f->ns : f->globals;
      int64_t pos = 0;
      Obj *k, *v;
      while (fe_dict_next(d, &pos, &k, &v))
        if (FE_IS(k, str) && FE_STR(k)->s[0] != '_' && fe_dict_set(I, target, k, v) < 0) {
          fe_decref(I, m);
          return fail(I, f, it);
        }
      continue;
    }
    Obj *name = fe_node_name(I, it), *v = name ? fe_getattr(I, m, name) : NULL;
    if (!v && fe_pending(I, EXC_AttributeError)) {
      fe_decref(I, fe_exc_take(I));
      fe_throw(I, EXC_ImportError, "cannot import name '%s' from '%s'", it->name, st->name);
    }
    int r = v ? bind_ref(I, f, it, it->alias ? it->alias : it->name, v) : -1;
    fe_decref(I, v);
    if (r < 0) {
      fe_decref(I, m);
      return fail(I, f, it);
    }
  }
  fe_decref(I, m);
  return X_NORMAL;
}

/* ---- exceptions ---- */

static ExecStatus raise_stmt(Interp *I, Frame *f, Node *st) {
  if (!st->a) {
    if (!I->handling) {
      fe_throw(I, EXC_RuntimeError, "No active exception to reraise");
      return fail(I, f, st);
    }
    fe_incref(I->handling);
    Obj *old = I->exc_pending;
    I->exc_pending = I->handling;   /* a bare raise keeps the traceback it had */
    fe_decref(I, old);
    return X_ERROR;
  }
  Obj *e = fe_eval(I, f, st->a);
  if (!e)
    return X_ERROR;
  if (st->b) {
    Obj *cause = fe_eval(I, f, st->b);
    fe_decref(I, cause);
    if (!cause) {
      fe_decref(I, e);
      return X_ERROR;
    }
  }
  fe_raise(I, e);
  fe_decref(I, e);
  return fail(I, f, st);
}

/* Runs the handler that matches the pending exception; X_ERROR with it pending if none. */
static ExecStatus handle(Interp *I, Frame *f, Node *st, Obj **ret, bool *handled) {
  Obj *exc = fe_exc_take(I);
  *handled = false;
  for (int i = 0; i < st->items.n; i++) {
    Node *h = st->items.v[i];
    bool match = true;
    if (h->a) {
      Obj *spec = fe_eval(I, f, h->a);
      if (!spec) {
        fe_decref(I, exc);
        return X_ERROR;
      }
      match = fe_exc_matches(I, exc, spec);
      fe_decref(I, spec);
    }
    if (!match)
      continue;
    *handled = true;
    if (h->name && bind_ref(I, f, h, h->name, exc) < 0) {
      fe_decref(I, exc);
      return fail(I, f, h);
    }
    Obj *outer = I->handling;
    I->handling = exc;
    ExecStatus s = fe_exec_block(I, f, &h->body, ret);
    I->handling = outer;
    if (h->name) {              /* Python unbinds the name after the handler */
      Node n = {.kind = E_NAME, .name = h->name, .ref = h->ref};
      Obj *keep = s == X_ERROR ? fe_exc_take(I) : NULL;
      if ((n.value = fe_str_cstr(I, h->name)) && fe_delete(I, f, &n) < 0)
        fe_decref(I, fe_exc_take(I));
      fe_decref(I, n.value);
      if (keep)
        fe_setref(I, &I->exc_pending, keep);
    }
    fe_decref(I, exc);
    return s;
  }
  I->exc_pending = exc;
  return X_ERROR;
}

static ExecStatus try_stmt(Interp *I, Frame *f, Node *st, Obj **ret) {
  ExecStatus s = fe_exec_block(I, f, &st->body, ret);
  if (s == X_ERROR && st->items.n) {
    bool handled;
    s = handle(I, f, st, ret, &handled);
  } else if (s == X_NORMAL) {
    s = fe_exec_block(I, f, &st->orelse, ret);
  }
  if (!st->final.n)
    return s;
  Obj *pending = fe_exc_take(I), *saved_ret = s == X_RETURN ? *ret : NULL;
  if (s == X_RETURN)
    *ret = NULL;
  Obj *fin_ret = NULL;
  ExecStatus fs = fe_exec_block(I, f, &st->final, &fin_ret);
  if (fs != X_NORMAL) {           /* break, continue, return or an error in finally wins */
    fe_decref(I, pending);
    fe_decref(I, saved_ret);
    *ret = fin_ret;
    return fs;
  }
  fe_decref(I, fin_ret);
  I->exc_pending = pending;
  if (s == X_RETURN)
    *ret = saved_ret;
  return s;
}

static ExecStatus with_item(Interp *I, Frame *f, Node *st, int k, Obj **ret);

static ExecStatus with_stmt(Interp *I, Frame *f, Node *st, Obj **ret) {
  return with_item(I, f, st, 0, ret);
}

/* Enters item k, runs the rest (the next items, then the body), exits it. */
static ExecStatus with_item(Interp *I, Frame *f, Node *st, int k, Obj **ret) {
  if (k == st->items.n)
    return fe_exec_block(I, f, &st->body, ret);
  Node *item = st->items.v[k];
  Obj *ctx = fe_eval(I, f, item->a);
  if (!ctx)
    return X_ERROR;
  Obj *v = fe_call_method(I, ctx, "__enter__", NULL, 0);
  if (!v) {
    if (fe_pending(I, EXC_AttributeError)) {
      fe_decref(I, fe_exc_take(I));
      fe_throw(I, EXC_TypeError, "'%s' object does not support the context manager protocol",
               fe_typename(ctx));
    }
    fe_decref(I, ctx);
    return fail(I, f, item);
  }
  ExecStatus s = item->b && fe_assign(I, f, item->b, v) < 0
      ? fail(I, f, item) : with_item(I, f, st, k + 1, ret);
  fe_decref(I, v);
  Obj *exc = s == X_ERROR ? fe_exc_take(I) : NULL;
  Obj *args[3] = {exc ? &exc->cls->hd : &I->none, exc ? exc : &I->none, &I->none};
  Obj *r = fe_call_method(I, ctx, "__exit__", args, 3);
  fe_decref(I, ctx);
  if (!r) {
    fe_decref(I, exc);
    return fail(I, f, item);
  }
  int swallow = exc ? fe_truth(I, r) : 0;
  fe_decref(I, r);
  if (exc && swallow == 1) {
    fe_decref(I, exc);
    return X_NORMAL;
  }
  if (exc)
    I->exc_pending = exc;
  return s;
}

/* ---- statements ---- */

static ExecStatus exec_stmt(Interp *I, Frame *f, Node *st, Obj **ret) {
  Obj *v;
  switch (st->kind) {
  case S_EXPR:
    if (st->a->kind == E_CONST)
      return X_NORMAL;          /* a docstring */
    if (!(v = fe_eval(I, f, st->a)))
      return fail(I, f, st);
    fe_decref(I, v);
    return X_NORMAL;
  case S_ASSIGN: return assign(I, f, st);
  case S_AUGASSIGN: return augassign(I, f, st);
  case S_ANNASSIGN:
    if (!st->b)
      return X_NORMAL;
    if (!(v = fe_eval(I, f, st->b)))
      return fail(I, f, st);
    if (fe_assign(I, f, st->a, v) < 0) {
      fe_decref(I, v);
      return fail(I, f, st);
    }
    fe_decref(I, v);
    return X_NORMAL;
  case S_IF: return if_stmt(I, f, st, ret);
  case S_WHILE: return while_stmt(I, f, st, ret);
  case S_FOR: return for_stmt(I, f, st, ret);
  case S_BREAK: return X_BREAK;
  case S_CONTINUE: return X_CONTINUE;
  case S_PASS: case S_GLOBAL: case S_NONLOCAL: return X_NORMAL;
  case S_RETURN:
    if (!(v = st->a ? fe_eval(I, f, st->a) : fe_none(I)))
      return fail(I, f, st);
    fe_setref(I, ret, v);
    return X_RETURN;
  case S_DEF: return def_stmt(I, f, st);
  case S_CLASS: return class_stmt(I, f, st);
  case S_IMPORT: return import_stmt(I, f, st);
  case S_FROM: return from_stmt(I, f, st);
  case S_DEL:
    for (int i = 0; i < st->items.n; i++)
      if (fe_delete(I, f, st->items.v[i]) < 0)
        return fail(I, f, st);
    return X_NORMAL;
  case S_ASSERT: {
    int t = truth_of(I, f, st->a);
    if (t < 0)
      return X_ERROR;
    if (t)
      return X_NORMAL;
    Obj *msg = st->b ? fe_eval(I, f, st->b) : NULL;
    if (st->b && !msg)
      return X_ERROR;
    Obj *e = fe_call(I, &I->exc[EXC_AssertionError]->hd, &msg, msg ? 1 : 0, NULL);
    fe_decref(I, msg);
    if (e) {
      fe_raise(I, e);
      fe_decref(I, e);
    }
    return fail(I, f, st);
  }
  case S_RAISE: return raise_stmt(I, f, st);
  case S_TRY: return try_stmt(I, f, st, ret);
  case S_WITH: return with_stmt(I, f, st, ret);
  FE_EXPR_CASES: case S_HANDLER: case S_WITHITEM:
    break;
  }
  fe_throw(I, EXC_RuntimeError, "internal error: a statement the evaluator does not know");
  return fail(I, f, st);
}

ExecStatus fe_exec_block(Interp *I, Frame *f, const NodeList *body, Obj **ret) {
  for (int i = 0; i < body->n; i++) {
    if (I->allocs_since_gc > GC_EVERY)
      fe_collect(I);
    ExecStatus s = exec_stmt(I, f, body->v[i], ret);
    if (s != X_NORMAL)
      return s;
  }
  return X_NORMAL;
}
