/* np_index_tricks.c — numpy's np.c_ and np.r_: objects indexed with arrays to join them.
 * np.c_[a, b] stacks 1-d arrays as columns and joins 2-d ones side by side (the last axis),
 * as np.column_stack; np.r_[a, b] joins along the first axis, numbers taken as 1-d. The
 * slice forms (np.r_[0:5], np.c_['0', ...]) are refused by name. */
#include "pylib.h"

/* The arrays of an index (one item, or a tuple of them), each a new reference in out[]. */
static int items(Interp *I, Obj *key, NdArray **out, int cap, const char *what) {
  Obj *const *v = &key;
  int64_t n = 1;
  if (FE_IS(key, tuple))
    fe_seq_items(I, key, &v, &n);
  if (n > cap)
    return fe_throw(I, EXC_NotImplementedError, "%s with more than %d parts is not supported by "
                    "nnc yet", what, cap), -1;
  for (int64_t i = 0; i < n; i++) {
    if (FE_IS(v[i], slice) || FE_IS(v[i], str)) {
      fe_throw(I, EXC_NotImplementedError, "%s[...] with a %s is not supported by nnc yet", what,
               fe_typename(v[i]));
    } else {
      NdArray *a = pl_array_arg(I, v[i]);
      out[i] = a ? nd_atleast_nd(a, 1) : NULL;
      nd_unref(a);
      if (a && !out[i])
        pl_nd_raise(I);
    }
    if (!out[i]) {
      for (int64_t k = 0; k < i; k++)
        nd_unref(out[k]);
      return -1;
    }
  }
  return (int)n;
}

static Obj *join(Interp *I, Obj *key, bool columns) {
  enum { CAP = 32 };
  NdArray *a[CAP];
  int n = items(I, key, a, CAP, columns ? "np.c_" : "np.r_");
  if (n < 0)
    return NULL;
  NdArray *r = columns ? nd_column_stack(n, a) : nd_concatenate(n, a, 0);
  for (int i = 0; i < n; i++)
    nd_unref(a[i]);
  return pl_array_wrap(I, r);
}

static Obj *c_getitem(Interp *I, Obj *o, Obj *key) {
  (void)o;
  return join(I, key, true);
}

static Obj *r_getitem(Interp *I, Obj *o, Obj *key) {
  (void)o;
  return join(I, key, false);
}

static const Layout c_layout = {.name = "CClass", .size = sizeof(Obj), .getitem = c_getitem};
static const Layout r_layout = {.name = "RClass", .size = sizeof(Obj), .getitem = r_getitem};

static const FeClassDef classes[] = {
    {.name = "CClass", .layout = &c_layout},
    {.name = "RClass", .layout = &r_layout},
    {.name = NULL},
};

/* np.c_ and np.r_: one instance of each class. */
static int init(Interp *I, Obj *module) {
  static const char *const names[][2] = {{"CClass", "c_"}, {"RClass", "r_"}};
  Obj *d = ((Module *)module)->dict;
  for (int i = 0; i < 2; i++) {
    Obj *cls = fe_dict_getstr(I, d, names[i][0]);
    Obj *o = cls ? fe_new(I, (Class *)cls, sizeof(Obj)) : NULL;
    int r = o ? fe_dict_setstr(I, d, names[i][1], o) : -1;
    fe_decref(I, o);
    if (r < 0)
      return cls ? -1 : 0;   /* another table of numpy's name: this one's init comes too */
  }
  return 0;
}

const FeModuleDef pl_numpy_tricks_def = {.name = "numpy", .classes = classes, .init = init};
