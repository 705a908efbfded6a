/* data.c — data as model files hold it before the array library lands: a Tensor value over
 * an nnc_tensor (printed as the old runner printed it, with len() and .shape), and nnc's
 * builtins load(path) and save(x, path). With `-D NAME=PATH` on the command line, the
 * statement `NAME = load(...)` reads PATH instead.
 */
#include <string.h>

#include "pylib.h"

typedef struct {
  Obj hd;
  nnc_tensor *t;      /* owned */
} Tensor;

static Class *tensor_class(Interp *I) {
  Obj *c = fe_dict_getstr(I, I->builtins, "Tensor");
  return c && FE_ISA(I, c, type) ? (Class *)c : NULL;
}

Obj *pl_tensor_wrap(Interp *I, nnc_tensor *t) {
  Class *c = tensor_class(I);
  Tensor *o = c ? (Tensor *)fe_new(I, c, sizeof(Tensor)) : NULL;
  if (!o) {
    nnc_tensor_free(t);
    return I->exc_pending ? NULL : fe_throw(I, EXC_RuntimeError, "internal error: no Tensor class");
  }
  o->t = t;
  return (Obj *)o;
}

bool pl_is_tensor(Interp *I, Obj *v) {
  Class *c = tensor_class(I);
  return c && v->cls == c;
}

nnc_tensor *pl_tensor_of(Interp *I, Obj *v, const char *param) {
  if (pl_is_tensor(I, v))
    return ((Tensor *)v)->t;
  fe_throw(I, EXC_TypeError, "%s must be data (from load(...)), found %s", param, fe_typename(v));
  return NULL;
}

static void tensor_finalize(Interp *I, Obj *o) {
  (void)I;
  nnc_tensor_free(((Tensor *)o)->t);
  ((Tensor *)o)->t = NULL;
}

/* Rows and columns, the first and last three of each when there are more than six. */
static Obj *tensor_repr(Interp *I, Obj *o) {
  const nnc_tensor *t = ((Tensor *)o)->t;
  int rank = nnc_tensor_rank(t);
  int64_t rows = rank >= 1 ? nnc_tensor_dim(t, 0) : 1;
  int64_t cols = rank >= 2 ? nnc_tensor_numel(t) / (rows ? rows : 1) : 0;
  StrBuf b = {0};
  fe_sb_puts(&b, "[");
  for (int64_t r = 0; r < rows; r++) {
    if (rows > 6 && r == 3) {
      fe_sb_puts(&b, rank >= 2 ? "\n ..." : " ...");
      r = rows - 3;
    }
    if (rank >= 2)
      fe_sb_puts(&b, r ? "\n [" : "[");
    int64_t n = rank >= 2 ? cols : 1;
    for (int64_t c = 0; c < n; c++) {
      if (n > 6 && c == 3) {
        fe_sb_puts(&b, " ...");
        c = n - 3;
      }
      fe_sb_printf(&b, "%s%.6g", c || (rank < 2 && r) ? " " : "", rt_tensor_get(t, r * n + c));
    }
    if (rank >= 2)
      fe_sb_puts(&b, "]");
  }
  fe_sb_puts(&b, "]");
  return fe_sb_finish(I, &b);
}

static int64_t tensor_len(Interp *I, Obj *o) {
  const nnc_tensor *t = ((Tensor *)o)->t;
  if (nnc_tensor_rank(t) == 0) {
    fe_throw(I, EXC_TypeError, "len() of unsized object");
    return -1;
  }
  return nnc_tensor_dim(t, 0);
}

static Obj *get_shape(Interp *I, Obj *self) {
  const nnc_tensor *t = ((Tensor *)self)->t;
  int rank = nnc_tensor_rank(t);
  Obj *s = fe_tuple_new(I, rank);
  for (int i = 0; s && i < rank; i++)
    if (!(FE_TUPLE(s)->v[i] = fe_int(I, nnc_tensor_dim(t, i)))) {
      fe_decref(I, s);
      return NULL;
    }
  return s;
}

static const Layout tensor_layout = {
    .name = "Tensor", .size = sizeof(Tensor), .finalize = tensor_finalize, .repr = tensor_repr,
    .len = tensor_len,
};

static const FeGetDef tensor_props[] = {{"shape", get_shape, NULL}, {NULL, NULL, NULL}};

/* ---- load and save ---- */

static Obj *b_load(Interp *I, Obj *self, Obj **args) {
  (void)self;
  const char *target = fe_assign_target(I);
  const char *path = target ? pl_defined_path(I, target) : NULL;
  if (!path) {
    if (!FE_ISA(I, args[0], str))
      return fe_throw(I, EXC_TypeError, "load() needs a file name, not %s", fe_typename(args[0]));
    path = FE_STR(args[0])->s;
  }
  nnc_tensor *t = NULL;
  nnc_status st = nnc_tensor_load(path, NNC_F32, &t);
  if (st != NNC_OK)
    return pl_raise_status(I, st);
  return pl_tensor_wrap(I, t);
}

static Obj *b_save(Interp *I, Obj *self, Obj **args) {
  (void)self;
  nnc_tensor *t = pl_tensor_of(I, args[0], "the data to save");
  if (!t)
    return NULL;
  if (!FE_ISA(I, args[1], str))
    return fe_throw(I, EXC_TypeError, "save() needs a file name, not %s", fe_typename(args[1]));
  nnc_status st = nnc_tensor_save(t, FE_STR(args[1])->s);
  return st == NNC_OK ? fe_none(I) : pl_raise_status(I, st);
}

/* np.save(file, arr): numpy's order of the arguments. */
static Obj *np_save(Interp *I, Obj *self, Obj **args) {
  Obj *swapped[2] = {args[1], args[0]};
  return b_save(I, self, swapped);
}

static const FeFnDef fns[] = {
    {"load", b_load, "(file)", NULL, NULL},
    {"save", b_save, "(x, file)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeFnDef numpy_fns[] = {
    {"load", b_load, "(file, mmap_mode=None, allow_pickle=False, fix_imports=True, encoding='ASCII')", NULL, NULL},
    {"save", np_save, "(file, arr, allow_pickle=True, fix_imports=True)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* numpy until the array library is bound: np.load and np.save of data. */
const FeModuleDef pl_numpy_def = {.name = "numpy", .fns = numpy_fns};

static const FeClassDef classes[] = {
    {.name = "Tensor", .layout = &tensor_layout, .props = tensor_props},
    {.name = NULL},
};

const FeModuleDef pl_builtins_def = {.name = "builtins", .fns = fns, .classes = classes};
