/* np_printoptions.c — how numpy prints arrays: set_printoptions, get_printoptions, and the
 * printoptions context manager tutorials wrap one print in (the TensorFlow regression
 * tutorial's `with np.printoptions(precision=2, suppress=True):`). The options themselves
 * are ndarray/'s, for the whole process, as numpy's are. */
#include "pylib.h"

#define OPTIONS_SIG                                                                          \
  "(precision=None, threshold=None, edgeitems=None, linewidth=None, suppress=None, "        \
  "nanstr=None, infstr=None, formatter=None, sign=None, floatmode=None, *, legacy=None)"

static bool opt_int(Interp *I, Obj *v, int64_t *out) {
  return v == &I->none || fe_as_int(I, v, out) == 0;
}

/* o changed by set_printoptions' arguments (None: kept); false with an exception. */
static bool options_of(Interp *I, Obj **args, NdPrintOptions *o) {
  int64_t precision = o->precision, threshold = o->threshold, edge = o->edgeitems;
  int64_t width = o->linewidth;
  if (!opt_int(I, args[0], &precision) || !opt_int(I, args[1], &threshold) ||
      !opt_int(I, args[2], &edge) || !opt_int(I, args[3], &width))
    return false;
  if (args[4] != &I->none) {
    int s = fe_truth(I, args[4]);
    if (s < 0)
      return false;
    o->suppress = s;
  }
  for (int k = 5; k <= 10; k++)
    if (k != 8 && args[k] != &I->none)
      return fe_throw(I, EXC_NotImplementedError, "set_printoptions with nanstr, infstr, "
                      "formatter, floatmode or legacy is not supported by nnc yet"), false;
  if (args[8] != &I->none) {
    if (!FE_ISA(I, args[8], str) || FE_STR(args[8])->len != 1)
      return fe_throw(I, EXC_ValueError, "sign option must be one of ' ', '+', or '-'"), false;
    o->sign = FE_STR(args[8])->s[0];
  }
  o->precision = (int)(precision < INT32_MAX ? precision : INT32_MAX);
  o->threshold = threshold;
  o->edgeitems = (int)(edge < INT32_MAX ? edge : INT32_MAX);
  o->linewidth = (int)(width < INT32_MAX ? width : INT32_MAX);
  return true;
}

/* The interpreter's options become o, once checked. */
static bool set_options(Interp *I, const NdPrintOptions *o) {
  if (!nd_check_printoptions(o))
    return pl_nd_raise(I), false;
  pl_state(I)->print_options = *o;
  return true;
}

static Obj *np_set_printoptions(Interp *I, Obj *self, Obj **args) {
  (void)self;
  NdPrintOptions o = pl_state(I)->print_options;
  return options_of(I, args, &o) && set_options(I, &o) ? fe_none(I) : NULL;
}

/* get_printoptions(): the options as numpy 1.24 lists them. */
static Obj *np_get_printoptions(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  NdPrintOptions o = pl_state(I)->print_options;
  char sign[2] = {o.sign, 0};
  Obj *d = fe_dict_new(I);
  Obj *v[] = {fe_int(I, o.edgeitems), fe_int(I, o.threshold), fe_str_cstr(I, "maxprec"),
              fe_int(I, o.precision), fe_bool(I, o.suppress), fe_int(I, o.linewidth),
              fe_str_cstr(I, "nan"), fe_str_cstr(I, "inf"), fe_str_cstr(I, sign), fe_none(I),
              fe_bool(I, false)};
  static const char *const names[] = {"edgeitems", "threshold", "floatmode", "precision",
                                      "suppress", "linewidth", "nanstr", "infstr", "sign",
                                      "formatter", "legacy"};
  for (size_t k = 0; k < sizeof v / sizeof *v; k++) {
    if (d && (!v[k] || fe_dict_setstr(I, d, names[k], v[k]) < 0))
      fe_setref(I, &d, NULL);
    fe_decref(I, v[k]);
  }
  return d;
}

/* printoptions(...): the options to print with inside a with block, and those before. */
typedef struct {
  Obj hd;
  NdPrintOptions wanted, saved;
} PrintOptions;

static const Layout layout = {.name = "printoptions", .size = sizeof(PrintOptions)};

static Obj *po_new(Interp *I, Obj *cls, Obj **args) {
  NdPrintOptions o = pl_state(I)->print_options;
  if (!options_of(I, args, &o))
    return NULL;
  PrintOptions *p = (PrintOptions *)fe_new(I, (Class *)cls, sizeof(PrintOptions));
  if (p)
    p->wanted = o;
  return p ? &p->hd : NULL;
}

/* __enter__: the options set (the ones before kept), get_printoptions() as numpy gives it. */
static Obj *po_enter(Interp *I, Obj *self, Obj **args) {
  PrintOptions *p = (PrintOptions *)self;
  p->saved = pl_state(I)->print_options;
  return set_options(I, &p->wanted) ? np_get_printoptions(I, NULL, args) : NULL;
}

static Obj *po_exit(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return set_options(I, &((PrintOptions *)self)->saved) ? fe_none(I) : NULL;
}

static const FeFnDef po_methods[] = {
    {"__enter__", po_enter, "()", NULL, NULL},
    {"__exit__", po_exit, "(*args)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeClassDef classes[] = {
    {.name = "printoptions", .layout = &layout, .ctor = po_new, .ctor_sig = OPTIONS_SIG,
     .methods = po_methods},
    {.name = NULL},
};

static const FeFnDef fns[] = {
    {"set_printoptions", np_set_printoptions, OPTIONS_SIG, NULL, NULL},
    {"get_printoptions", np_get_printoptions, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_numpy_printoptions_def = {.name = "numpy", .fns = fns, .classes = classes};
