/* exc.c — exceptions: raising, matching, their text, and where they came through.
 *
 * An exception is an instance of a class derived from BaseException; raising one puts it in
 * I->exc_pending and every function returns NULL (or -1) until a try statement takes it.
 * As it leaves each frame, the evaluator adds the place to its traceback (one entry per
 * frame), so the report names where it was raised and each call it came through. A
 * MemoryError is made in advance so running out of memory can always be reported.
 */
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "frontend.h"
#include "base.h"

static void exc_clear(Interp *I, Obj *o) {
  Exc *e = (Exc *)o;
  fe_setref(I, &e->dict, NULL);
  fe_setref(I, &e->args, NULL);
}

static void exc_finalize(Interp *I, Obj *o) {
  (void)I;
  Exc *e = (Exc *)o;
  base_free(e->tb);
  e->tb = NULL;
}

static void exc_traverse(Obj *o, FeVisit visit, void *arg) {
  Exc *e = (Exc *)o;
  if (e->dict)
    visit(e->dict, arg);
  if (e->args)
    visit(e->args, arg);
}

Obj *fe_exc_str(Interp *I, Obj *exc) {
  Exc *e = (Exc *)exc;
  if (!e->args || FE_TUPLE(e->args)->n == 0)
    return fe_str_new(I, "", 0);
  if (FE_TUPLE(e->args)->n == 1) {
    Obj *a = FE_TUPLE(e->args)->v[0];
    if (fe_isinstance(exc, I->exc[EXC_KeyError]))
      return fe_repr(I, a);
    return fe_str(I, a);
  }
  return fe_repr(I, e->args);
}

static Obj *exc_str(Interp *I, Obj *o) {
  Obj *m = fe_class_lookup(o->cls, I->names.str);
  if (m && o->cls->layout->user && !FE_IS(m, native))
    return fe_call1(I, m, o);
  return fe_exc_str(I, o);
}

static Obj *exc_repr(Interp *I, Obj *o) {
  Exc *e = (Exc *)o;
  Obj *args = e->args;
  if (!args || FE_TUPLE(args)->n == 0)
    return fe_strf(I, "%s()", fe_typename(o));
  Obj *r = fe_repr(I, FE_TUPLE(args)->n == 1 ? FE_TUPLE(args)->v[0] : args);
  if (!r)
    return NULL;
  Obj *s = FE_TUPLE(args)->n == 1 ? fe_strf(I, "%s(%s)", fe_typename(o), FE_STR(r)->s)
                                  : fe_strf(I, "%s%s", fe_typename(o), FE_STR(r)->s);
  fe_decref(I, r);
  return s;
}

const Layout fe_exc_layout = {
    .name = "BaseException", .size = sizeof(Exc), .dict_offset = offsetof(Exc, dict),
    .clear = exc_clear, .finalize = exc_finalize, .traverse = exc_traverse, .repr = exc_repr,
    .str = exc_str, .user = true,
};

static Obj *m_init(Interp *I, Obj *self, Obj **args) {
  fe_incref(args[0]);
  fe_setref(I, &((Exc *)self)->args, args[0]);
  return fe_none(I);
}

static Obj *m_str(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return fe_exc_str(I, self);
}

static Obj *get_args(Interp *I, Obj *self) {
  Obj *a = ((Exc *)self)->args;
  if (!a)
    return fe_tuple_new(I, 0);
  fe_incref(a);
  return a;
}

static int set_args(Interp *I, Obj *self, Obj *v) {
  Obj *t = fe_tuple_from_iter(I, v);
  if (!t)
    return -1;
  fe_setref(I, &((Exc *)self)->args, t);
  return 0;
}

const FeFnDef fe_exc_methods[] = {
    {"__init__", m_init, "(*args)", NULL, NULL},
    {"__str__", m_str, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeGetDef fe_exc_props[] = {
    {"args", get_args, set_args},
    {NULL, NULL, NULL},
};

/* ---- raising ---- */

static void set_pending(Interp *I, Obj *e) {
  Obj *old = I->exc_pending;
  I->exc_pending = e;
  fe_decref(I, old);
}

Obj *fe_nomem(Interp *I) {
  if (!I->memerr) {             /* the interpreter is still being made: it will fail as a whole */
    base_error(NNC_ERR_NOMEM, "out of memory");
    return NULL;
  }
  Exc *e = (Exc *)I->memerr;
  e->ntb = 0;
  e->tb_frame = NULL;
  fe_incref(I->memerr);
  set_pending(I, I->memerr);
  return NULL;
}

static Obj *make(Interp *I, Class *cls, Obj *msg) {
  Obj *args = msg ? fe_tuple_pack(I, 1, msg) : fe_tuple_new(I, 0);
  if (!args)
    return NULL;
  Exc *e = (Exc *)fe_new(I, cls, 0);
  if (!e) {
    fe_decref(I, args);
    return NULL;
  }
  e->args = args;
  return (Obj *)e;
}

Obj *fe_throw(Interp *I, ExcKind k, const char *fmt, ...) {
  if (!I->exc[k])                 /* the interpreter is still being made */
    return fe_nomem(I);
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  Obj *msg = fe_str_cstr(I, small);
  Obj *e = msg ? make(I, I->exc[k], msg) : NULL;
  fe_decref(I, msg);
  if (e)
    set_pending(I, e);
  return NULL;
}

Obj *fe_throw_status(Interp *I, ExcKind k, nnc_status st, const char *msg) {
  Obj *m = fe_str_cstr(I, msg);
  Obj *e = m ? make(I, I->exc[k], m) : NULL;
  fe_decref(I, m);
  if (e) {
    ((Exc *)e)->status = st;
    set_pending(I, e);
  }
  return NULL;
}

Obj *fe_raise(Interp *I, Obj *exc) {
  if (FE_IS(exc, type) && fe_is_subclass((Class *)exc, I->exc[EXC_BaseException])) {
    Obj *e = fe_call0(I, exc);
    if (!e)
      return NULL;
    exc = e;
  } else if (fe_isinstance(exc, I->exc[EXC_BaseException])) {
    fe_incref(exc);
  } else {
    return fe_throw(I, EXC_TypeError, "exceptions must derive from BaseException");
  }
  if (!fe_isinstance(exc, I->exc[EXC_BaseException])) {
    fe_decref(I, exc);
    return fe_throw(I, EXC_TypeError, "exceptions must derive from BaseException");
  }
  Exc *e = (Exc *)exc;
  e->ntb = 0;                     /* a new raise starts a new traceback */
  e->tb_frame = NULL;
  set_pending(I, exc);
  return NULL;
}

bool fe_exc_matches(Interp *I, Obj *exc, Obj *spec) {
  if (FE_IS(spec, tuple)) {
    for (int64_t i = 0; i < FE_TUPLE(spec)->n; i++)
      if (fe_exc_matches(I, exc, FE_TUPLE(spec)->v[i]))
        return true;
    return false;
  }
  return FE_IS(spec, type) && fe_isinstance(exc, (Class *)spec);
}

Obj *fe_exc_take(Interp *I) {
  Obj *e = I->exc_pending;
  I->exc_pending = NULL;
  return e;
}

bool fe_pending(const Interp *I, ExcKind k) {
  return I->exc_pending && fe_isinstance(I->exc_pending, I->exc[k]);
}

void fe_exc_place(Interp *I, const void *frame, Pos p, const char *fn) {
  Exc *e = (Exc *)I->exc_pending;
  if (!e || (e->ntb && e->tb_frame == frame) || p.line <= 0)
    return;
  if (e->ntb == e->captb) {
    if (e->captb >= 64)
      return;                     /* a deep recursion: the first 64 places tell enough */
    int cap = e->captb ? e->captb * 2 : 4;
    TbEntry *tb = base_realloc(e->tb, (size_t)cap * sizeof *tb);
    if (!tb) {
      fe_nomem(I);                /* MemoryError's own places are allocated in advance */
      return;
    }
    e->tb = tb;
    e->captb = cap;
  }
  e->tb[e->ntb++] = (TbEntry){p, fn};
  e->tb_frame = frame;
}

nnc_status fe_exc_status(Interp *I, Obj *exc) {
  Exc *e = (Exc *)exc;
  if (e->status != NNC_OK)
    return e->status;
  if (fe_isinstance(exc, I->exc[EXC_MemoryError]))
    return NNC_ERR_NOMEM;
  if (fe_isinstance(exc, I->exc[EXC_OSError]))
    return NNC_ERR_IO;
  if (fe_isinstance(exc, I->exc[EXC_TypeError]) || fe_isinstance(exc, I->exc[EXC_AttributeError]) ||
      fe_isinstance(exc, I->exc[EXC_NameError]))
    return NNC_ERR_TYPE;
  return NNC_ERR_ARG;
}
