/* interp.c — the interpreter: making one (the built-in classes, immortal values,
 * exceptions and builtins), the static stages and the run of a file as __main__, and
 * taking it down so that nothing outlives it.
 *
 * The classes of the built-in types are made in two steps because they need each other:
 * every class object first, without members; then, once str, dict and the rest exist,
 * each class's dict is filled from its table row. An uncaught exception becomes a
 * diagnostic at the place it was raised, with a note for each call it came through.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "base.h"

enum { MAX_CALLS = 1000, DEFAULT_STACK = 4 << 20, GC_EVERY = 200000 };

/* A built-in class: the Interp field that holds it, its name, layout, table row and base. */
typedef struct {
  size_t field;
  const char *name;
  const Layout *layout;
  const FeClassDef *def;
  size_t base;        /* the Interp field of the base; 0: object */
  bool builtin;       /* a name in builtins */
} BuiltinClass;

#define F(f) offsetof(Interp, f)
static const BuiltinClass classes[] = {
    {F(cls_object), "object", &fe_instance_layout, &fe_object_class, 0, true},
    {F(cls_int), "int", &fe_int_layout, &fe_int_class, 0, true},
    {F(cls_bool), "bool", &fe_bool_layout, &fe_bool_class, F(cls_int), true},
    {F(cls_float), "float", &fe_float_layout, &fe_float_class, 0, true},
    {F(cls_str), "str", &fe_str_layout, &fe_str_class, 0, true},
    {F(cls_list), "list", &fe_list_layout, &fe_list_class, 0, true},
    {F(cls_tuple), "tuple", &fe_tuple_layout, &fe_tuple_class, 0, true},
    {F(cls_dict), "dict", &fe_dict_layout, &fe_dict_class, 0, true},
    {F(cls_set), "set", &fe_set_layout, &fe_set_class, 0, true},
    {F(cls_frozen), "frozenset", &fe_frozenset_layout, &fe_frozenset_class, 0, true},
    {F(cls_bytes), "bytes", &fe_bytes_layout, &fe_bytes_class, 0, true},
    {F(cls_slice), "slice", &fe_slice_layout, &fe_slice_class, 0, true},
    {F(cls_range), "range", &fe_range_layout, &fe_range_class, 0, true},
    {F(cls_none), "NoneType", &fe_none_layout, NULL, 0, false},
    {F(cls_function), "function", &fe_function_layout, NULL, 0, false},
    {F(cls_native), "builtin_function_or_method", &fe_native_layout, NULL, 0, false},
    {F(cls_method), "method", &fe_method_layout, NULL, 0, false},
    {F(cls_module), "module", &fe_module_layout, NULL, 0, false},
    {F(cls_cell), "cell", &fe_cell_layout, NULL, 0, false},
    {F(cls_iter), "iterator", &fe_iter_layout, NULL, 0, false},
    {F(cls_sig), "signature", &fe_sig_layout, NULL, 0, false},
    {F(cls_property), "property", &fe_property_layout, &fe_property_class, 0, true},
    {F(cls_staticmethod), "staticmethod", &fe_staticmethod_layout, &fe_staticmethod_class, 0, true},
    {F(cls_classmethod), "classmethod", &fe_classmethod_layout, &fe_classmethod_class, 0, true},
    {F(cls_super), "super", &fe_super_layout, NULL, 0, false},
    {F(cls_file), "TextIOWrapper", &fe_file_layout, &fe_file_class, 0, false},
    {F(cls_dictview), "dict_view", &fe_dictview_layout, NULL, 0, false},
    {F(cls_ellipsis), "ellipsis", &fe_ellipsis_layout, NULL, 0, false},
    {F(cls_notimpl), "NotImplementedType", &fe_notimpl_layout, NULL, 0, false},
};
#undef F

static Class **field(Interp *I, size_t off) {
  return (Class **)((char *)I + off);
}

static void immortal(Obj *o, Class *c) {
  o->cls = c;
  o->refs = INTPTR_MAX / 2;
}

/* The class objects, without members (type's own class is itself). */
static bool make_classes(Interp *I) {
  Class *t = base_calloc(1, sizeof(Class));
  if (!t)
    return false;
  Obj *h = &I->gc_head;
  t->hd.cls = t;
  t->hd.refs = 1;                /* I's; type's own class is itself, a reference not counted */
  t->hd.gc_next = h->gc_next;
  t->hd.gc_prev = h;
  h->gc_next->gc_prev = &t->hd;
  h->gc_next = &t->hd;
  I->nobjs++;
  t->layout = &fe_class_layout;
  I->cls_type = t;
  for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
    Class *c = (Class *)fe_new(I, t, sizeof(Class));
    if (!c)
      return false;
    c->layout = classes[i].layout;
    *field(I, classes[i].field) = c;
  }
  for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
    Class *c = *field(I, classes[i].field);
    if (classes[i].field != offsetof(Interp, cls_object)) {
      c->base = classes[i].base ? *field(I, classes[i].base) : I->cls_object;
      fe_incref(&c->base->hd);
    }
  }
  t->base = I->cls_object;
  fe_incref(&t->base->hd);
  return true;
}

/* Names, dicts and members of the built-in classes. */
static bool fill_classes(Interp *I) {
  for (size_t i = 0; i <= sizeof classes / sizeof classes[0]; i++) {
    Class *c = i < sizeof classes / sizeof classes[0] ? *field(I, classes[i].field) : I->cls_type;
    const char *name = i < sizeof classes / sizeof classes[0] ? classes[i].name : "type";
    const FeClassDef *def = i < sizeof classes / sizeof classes[0]
        ? classes[i].def : &fe_type_class;
    if (!(c->name = base_strdup(name)) || !(c->module = base_strdup("builtins")) || !(c->dict = fe_dict_new(I)))
      return false;
    if (def && fe_class_fill(I, c, def) < 0)
      return false;
  }
  return true;
}

static bool make_exceptions(Interp *I) {
  static const struct { const char *name; int base; } rows[] = {
#define FE_EXC_ROW(n, b) {#n, b},
      FE_EXCEPTIONS(FE_EXC_ROW)
#undef FE_EXC_ROW
  };
  static const FeClassDef base_def = {
      .name = "BaseException", .layout = &fe_exc_layout, .methods = fe_exc_methods,
          .props = fe_exc_props,
  };
  for (int k = 0; k < EXC_COUNT; k++) {
    FeClassDef def = {.name = rows[k].name, .layout = &fe_exc_layout};
    Class *base = rows[k].base < 0 ? I->cls_object : I->exc[rows[k].base];
    Class *c = k == 0 ? fe_class_from_def(I, &base_def, base, "builtins")
                      : fe_class_from_def(I, &def, base, "builtins");
    if (!c)
      return false;
    if (k > 0)
      c->def = NULL;             /* the row was on the stack: instances are made generically */
    I->exc[k] = c;
  }
  Exc *m = (Exc *)fe_new(I, I->exc[EXC_MemoryError], 0);
  Obj *msg = m ? fe_str_cstr(I, "out of memory") : NULL;
  if (!msg || !(m->args = fe_tuple_pack(I, 1, msg))) {
    fe_decref(I, msg);
    fe_decref(I, (Obj *)m);
    return false;
  }
  fe_decref(I, msg);
  if (!(m->tb = base_malloc(64 * sizeof *m->tb))) {
    fe_decref(I, (Obj *)m);
    return false;
  }
  m->captb = 64;                  /* so that placing it never needs memory */
  I->memerr = &m->hd;
  return true;
}

static bool make_builtins(Interp *I) {
  if (!(I->builtins = fe_dict_new(I)) || !(I->modules = fe_dict_new(I)))
    return false;
  for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++)
    if (classes[i].builtin &&
        fe_dict_setstr(I, I->builtins, classes[i].name, &(*field(I, classes[i].field))->hd) < 0)
      return false;
  if (fe_dict_setstr(I, I->builtins, "type", &I->cls_type->hd) < 0)
    return false;
  for (int k = 0; k < EXC_COUNT; k++)
    if (fe_dict_setstr(I, I->builtins, I->exc[k]->name, &I->exc[k]->hd) < 0)
      return false;
  if (fe_dict_setstr(I, I->builtins, "Ellipsis", &I->ellipsis) < 0 ||
      fe_dict_setstr(I, I->builtins, "NotImplemented", &I->notimpl) < 0 ||
      fe_dict_setstr(I, I->builtins, "EnvironmentError", &I->exc[EXC_OSError]->hd) < 0 ||
      fe_dict_setstr(I, I->builtins, "IOError", &I->exc[EXC_OSError]->hd) < 0)
    return false;
  for (const FeFnDef *f = fe_builtins_def.fns; f->name; f++) {
    Sig *sig = fe_sig_parse(I, f->sig, f->name);
    Obj *fn = sig ? fe_native_new(I, f, sig, NULL) : NULL;
    if (sig)
      fe_decref(I, (Obj *)sig);
    int r = fn ? fe_dict_setstr(I, I->builtins, f->name, fn) : -1;
    fe_decref(I, fn);
    if (r < 0)
      return false;
  }
  return true;
}

static bool make_names(Interp *I) {
#define FE_NAME_MAKE(f, s) if (!(I->names.f = fe_str_cstr(I, s))) return false;
  FE_NAMES(FE_NAME_MAKE)
#undef FE_NAME_MAKE
  return true;
}

Interp *fe_interp_new(const FeConfig *cfg) {
  Interp *I = base_calloc(1, sizeof(Interp));
  if (!I) {
    base_error(NNC_ERR_NOMEM, "out of memory making the interpreter");
    return NULL;
  }
  if (cfg)
    I->cfg = *cfg;
  I->gc_head.gc_next = I->gc_head.gc_prev = &I->gc_head;
  bool ok = make_classes(I);
  if (ok) {
    immortal(&I->none, I->cls_none);
    immortal(&I->ellipsis, I->cls_ellipsis);
    immortal(&I->notimpl, I->cls_notimpl);
    immortal(&I->false_.hd, I->cls_bool);
    immortal(&I->true_.hd, I->cls_bool);
    I->true_.v = 1;
    for (int i = 0; i < 262; i++) {
      immortal(&I->small[i].hd, I->cls_int);
      I->small[i].v = i - 5;
    }
    Tuple *t = (Tuple *)fe_new(I, I->cls_tuple, sizeof(Tuple));
    I->empty_tuple = t ? &t->hd : NULL;
    ok = I->empty_tuple && make_names(I) && fill_classes(I) && make_exceptions(I) &&
        make_builtins(I);
  }
  if (!ok) {
    fe_interp_free(I);
    base_error(NNC_ERR_NOMEM, "out of memory making the interpreter");
    return NULL;
  }
  return I;
}

void fe_set_host(Interp *I, void *host) {
  I->host = host;
}

void fe_set_at_end(Interp *I, void (*at_end)(Interp *I)) {
  I->at_end = at_end;
}

void *fe_host(Interp *I) {
  return I->host;
}

const char *fe_assign_target(Interp *I) {
  return I->assign_name;
}

FILE *fe_out(Interp *I) {
  return I->cfg.out ? I->cfg.out : stdout;
}

FILE *fe_err(Interp *I) {
  return I->cfg.err ? I->cfg.err : stderr;
}

int64_t fe_live_objects(const Interp *I) {
  return I->nobjs;
}

/* Drops every reference the interpreter holds, collects, and frees what is left. */
int64_t fe_interp_free(Interp *I) {
  if (!I)
    return 0;
  fe_setref(I, &I->exc_pending, NULL);
  fe_setref(I, &I->handling, NULL);
  fe_setref(I, &I->main, NULL);
  fe_setref(I, &I->modules, NULL);
  fe_setref(I, &I->builtins, NULL);
  fe_setref(I, &I->memerr, NULL);
  fe_setref(I, &I->empty_tuple, NULL);
#define FE_NAME_DROP(f, s) fe_setref(I, &I->names.f, NULL);
  FE_NAMES(FE_NAME_DROP)
#undef FE_NAME_DROP
  for (int k = 0; k < EXC_COUNT; k++) {
    Obj *c = I->exc[k] ? &I->exc[k]->hd : NULL;
    I->exc[k] = NULL;
    fe_decref(I, c);
  }
  for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
    Class **c = field(I, classes[i].field);
    Obj *o = *c ? &(*c)->hd : NULL;
    *c = NULL;
    fe_decref(I, o);
  }
  Obj *t = I->cls_type ? &I->cls_type->hd : NULL;
  I->cls_type = NULL;
  fe_decref(I, t);
  while (fe_collect(I) > 0) {
  }
  /* Anything left is held by a reference nnc lost track of: free it all the same. */
  int64_t leaked = I->nobjs;
  Obj *h = &I->gc_head;
  if (leaked && getenv("NNC_DEBUG_LEAKS"))
    for (Obj *o = h->gc_next; o != h; o = o->gc_next) {
      fprintf(stderr, "leaked: a %s with %ld references %s\n", o->cls->layout->name, (long)o->refs,
              o->cls->layout == &fe_class_layout && ((Class *)o)->name ? ((Class *)o)->name : "");
    }
  for (Obj *o = h->gc_next; o != h; o = o->gc_next)
    fe_incref(o);
  for (Obj *o = h->gc_next; o != h; o = o->gc_next)
    if (o->cls->layout->clear)
      o->cls->layout->clear(I, o);
  for (Obj *o = h->gc_next, *next; o != h; o = next) {
    next = o->gc_next;
    if (o->cls->layout->finalize)
      o->cls->layout->finalize(I, o);
  }
  for (Obj *o = h->gc_next, *next; o != h; o = next) {
    next = o->gc_next;
    base_free(o);
  }
  base_free(I->defs);
  base_free(I);
  return leaked;
}

/* ---- calls and the stack ---- */

bool fe_enter_call(Interp *I) {
  char probe;
  uintptr_t here = (uintptr_t)&probe;
  size_t limit = I->cfg.stack_limit ? I->cfg.stack_limit : DEFAULT_STACK;
  if (!I->stack_base)
    I->stack_base = here;
  if (I->depth >= MAX_CALLS || (I->stack_base > here && I->stack_base - here > limit)) {
    fe_throw(I, EXC_RecursionError, "maximum recursion depth exceeded");
    return false;
  }
  I->depth++;
  return true;
}

void fe_leave_call(Interp *I) {
  I->depth--;
}

/* ---- the static stages ---- */

nnc_status fe_check(Interp *I, Source *s, Ast *a) {
  I->ast = a;
  I->src = s;
  nnc_status st = fe_scope(s, a, I);
  if (st == NNC_ERR_NOMEM)
    return st;
  st = fe_check_calls(I, s, a);
  if (st == NNC_ERR_NOMEM)
    return st;
  fe_diags_sort(s);
  return fe_status(s);
}

nnc_status fe_check_text(Interp *I, Source *s, Ast **out) {
  nnc_status st = fe_parse(s, out);
  if (st == NNC_ERR_NOMEM || !*out)
    return st;
  nnc_status cs = fe_check(I, s, *out);
  return cs == NNC_ERR_NOMEM ? cs : fe_status(s);
}

/* ---- running ---- */

static void report(Interp *I, Source *s, Obj *exc) {
  Exc *e = (Exc *)exc;
  nnc_status code = fe_exc_status(I, exc);
  Obj *msg = fe_str(I, exc);
  if (!msg)
    fe_decref(I, fe_exc_take(I));
  const char *m = msg ? FE_STR(msg)->s : "";
  Pos p = e->ntb ? e->tb[0].pos : (Pos){0, 0};
  if (e->status != NNC_OK)
    fe_error(s, code, p, "%s", m);      /* nnc's own wording of a library failure */
  else if (*m)
    fe_error(s, code, p, "%s: %s", fe_typename(exc), m);
  else
    fe_error(s, code, p, "%s", fe_typename(exc));
  for (int i = 1; i < e->ntb; i++)
    fe_note(s, e->tb[i].pos, "%s() was called from here", e->tb[i - 1].fn);
  fe_decref(I, msg);
}

/* SystemExit's code: None is 0, an int itself, anything else is printed and gives 1. */
static int exit_code(Interp *I, Obj *exc) {
  Exc *e = (Exc *)exc;
  Obj *a = e->args && FE_TUPLE(e->args)->n ? FE_TUPLE(e->args)->v[0] : &I->none;
  if (a == &I->none)
    return 0;
  if (fe_is_int(I, a))
    return (int)((Int *)a)->v;
  Obj *s = fe_str(I, a);
  if (s) {
    fprintf(fe_err(I), "%s\n", FE_STR(s)->s);
    fe_decref(I, s);
  } else {
    fe_decref(I, fe_exc_take(I));
  }
  return 1;
}

/* __main__'s __file__: the file's absolute path, as Python 3.9 on gives a script's (the name
 * as given when the file is not on disk, as for a text run from memory). */
static Obj *main_file(Interp *I, const char *name) {
  char *abs = realpath(name, NULL);
  Obj *file = fe_str_cstr(I, abs ? abs : name);
  free(abs);
  return file;
}

nnc_status fe_run(Interp *I, Source *s, Ast *a, int *code) {
  *code = 0;
  I->src = s;
  char probe;
  I->stack_base = (uintptr_t)&probe;
  fe_setref(I, &I->main, fe_module_new(I, "__main__"));
  Obj *file = main_file(I, s->file);
  if (!I->main || !file || fe_dict_set(I, I->modules, I->names.main, I->main) < 0 ||
      fe_dict_setstr(I, ((Module *)I->main)->dict, "__builtins__", I->builtins) < 0 ||
      fe_dict_setstr(I, ((Module *)I->main)->dict, "__file__", file) < 0) {
    fe_decref(I, file);
    fe_decref(I, fe_exc_take(I));
    return base_error(NNC_ERR_NOMEM, "out of memory starting %s", s->file);
  }
  fe_decref(I, file);
  Frame f = {.scope = a->scope, .globals = ((Module *)I->main)->dict, .name = "<module>"};
  I->frame = &f;
  I->ast = a;
  Obj *ret = NULL;
  ExecStatus st = fe_exec_block(I, &f, &a->body, &ret);
  fe_decref(I, ret);
  I->frame = NULL;
  if (st != X_ERROR && I->at_end)
    I->at_end(I);
  nnc_status result = NNC_OK;
  if (st == X_ERROR) {
    Obj *exc = fe_exc_take(I);
    if (exc && fe_isinstance(exc, I->exc[EXC_SystemExit])) {
      *code = exit_code(I, exc);
    } else if (exc) {
      report(I, s, exc);
      result = fe_exc_status(I, exc);
      *code = 1;
    } else {   /* an error that raised nothing: a fault of nnc's, never a silent success */
      fprintf(stderr, "%s: error: the run stopped on a fault in nnc that raised no exception; "
              "please report it\n", s->file);
      result = base_error(NNC_ERR_INTERNAL, "%s: the run stopped without an exception", s->file);
      *code = 1;
    }
    fe_decref(I, exc);
  }
  fflush(fe_out(I));
  /* The run is over: its globals go, and with them every object the file made. */
  Obj *d = ((Module *)I->main)->dict;
  fe_incref(d);
  fe_dict_del(I, I->modules, I->names.main);
  fe_dict_layout.clear(I, d);
  fe_decref(I, d);
  fe_setref(I, &I->main, NULL);
  fe_decref(I, fe_exc_take(I));
  fe_collect(I);
  if (result != NNC_OK)
    return fe_status(s);
  return NNC_OK;
}

void fe_ast_release(Interp *I, Ast *a) {
  if (!a)
    return;
  for (int i = 0; i < a->nowned; i++)
    fe_decref(I, a->owned[i]);
  a->nowned = 0;
}

/* Keeps a value the run time cached on a node until fe_ast_release. */
bool fe_ast_own(Interp *I, Ast *a, Obj *v) {
  if (a->nowned == a->capowned) {
    int cap = a->capowned ? a->capowned * 2 : 64;
    Obj **o = base_realloc(a->owned, (size_t)cap * sizeof *o);
    if (!o) {
      fe_nomem(I);
      return false;
    }
    a->owned = o;
    a->capowned = cap;
  }
  a->owned[a->nowned++] = v;
  return true;
}
