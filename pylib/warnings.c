/* warnings.c — Python's warnings module, harmless: warn() prints "Category: message" on
 * stderr unless a filter said 'ignore'; the filter functions take Python's arguments. */
#include <string.h>

#include "pylib.h"

static Obj *w_filter(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (FE_ISA(I, args[0], str) && strcmp(FE_STR(args[0])->s, "ignore") == 0)
    pl_state(I)->warnings_off = true;
  else if (FE_ISA(I, args[0], str) && strcmp(FE_STR(args[0])->s, "default") == 0)
    pl_state(I)->warnings_off = false;
  return fe_none(I);
}

static Obj *w_reset(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  pl_state(I)->warnings_off = false;
  return fe_none(I);
}

static Obj *w_warn(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (pl_state(I)->warnings_off)
    return fe_none(I);
  const char *cat = args[1] != &I->none && FE_ISA(I, args[1], type)
      ? ((Class *)args[1])->name : "UserWarning";
  if (fe_isinstance(args[0], I->exc[EXC_Warning]))
    cat = fe_typename(args[0]);
  Obj *msg = fe_str(I, args[0]);
  if (!msg)
    return NULL;
  fprintf(fe_err(I), "%s: %s\n", cat, FE_STR(msg)->s);
  fe_decref(I, msg);
  return fe_none(I);
}

/* catch_warnings(): a context manager that puts the filters back as they were. */
static Obj *cw_init(Interp *I, Obj *self, Obj **args) {
  (void)args;
  Obj *was = fe_bool(I, pl_state(I)->warnings_off);
  int r = fe_setattr(I, self, I->names.args, was);
  fe_decref(I, was);
  return r < 0 ? NULL : fe_none(I);
}

static Obj *cw_enter(Interp *I, Obj *self, Obj **args) {
  (void)args;
  Obj *was = fe_bool(I, pl_state(I)->warnings_off);
  int r = fe_setattr(I, self, I->names.args, was);
  fe_decref(I, was);
  return r < 0 ? NULL : fe_none(I);
}

static Obj *cw_exit(Interp *I, Obj *self, Obj **args) {
  (void)args;
  Obj *was = fe_getattr(I, self, I->names.args);
  if (!was)
    return NULL;
  pl_state(I)->warnings_off = was == &I->true_.hd;
  fe_decref(I, was);
  return fe_bool(I, false);
}

static const FeFnDef cw_methods[] = {
    {"__init__", cw_init, "(record=False, **kwargs)", NULL, NULL},
    {"__enter__", cw_enter, "()", NULL, NULL},
    {"__exit__", cw_exit, "(*args)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeClassDef classes[] = {
    {.name = "catch_warnings", .methods = cw_methods},
    {.name = NULL},
};

static const FeFnDef fns[] = {
    {"filterwarnings", w_filter,
     "(action, message='', category=None, module='', lineno=0, append=False)", NULL, NULL},
    {"simplefilter", w_filter, "(action, category=None, lineno=0, append=False)", NULL, NULL},
    {"resetwarnings", w_reset, "()", NULL, NULL},
    {"warn", w_warn, "(message, category=None, stacklevel=1, source=None)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeConstDef consts[] = {{NULL, FC_NONE, 0, 0, NULL}};

/* The warning categories are the builtins' classes under the module's name too. */
static int warnings_init(Interp *I, Obj *m) {
  static const ExcKind cats[] = {EXC_Warning, EXC_UserWarning, EXC_DeprecationWarning,
                                 EXC_FutureWarning, EXC_RuntimeWarning};
  for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++)
    if (fe_dict_setstr(I, ((Module *)m)->dict, I->exc[cats[i]]->name, &I->exc[cats[i]]->hd) < 0)
      return -1;
  return 0;
}

const FeModuleDef pl_warnings_def = {
    .name = "warnings", .fns = fns, .classes = classes, .consts = consts, .init = warnings_init,
};
