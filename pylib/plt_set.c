/* plt_set.c — Axes.set(**kwargs), as matplotlib's Artist.set: each keyword k given to the
 * axes' own set_k, in the order written (ax.set(title='Loss', yscale='log', xlim=(0, 10)),
 * seaborn tutorials' way of naming their axes); the list of what the setters returned. */
#include "pylib.h"

Obj *pl_axes_set(Interp *I, Obj *self, Obj **args) {
  Dict *d = FE_DICT(args[0]);
  Obj *out = fe_list_new(I, 0);
  for (int64_t i = 0; out && i < d->ne; i++) {
    if (!d->e[i].key)
      continue;
    const char *name = FE_STR(d->e[i].key)->s;
    Obj *setter = fe_strf(I, "set_%s", name), *r = NULL;
    int has = setter ? fe_hasattr(I, self, setter) : -1;
    if (has == 0)
      fe_throw(I, EXC_AttributeError, "%s.set() got an unexpected keyword argument '%s'",
               self->cls->name, name);
    if (has > 0)
      r = fe_call_method(I, self, FE_STR(setter)->s, &d->e[i].value, 1);
    if (!r || fe_list_append(I, out, r) < 0)
      fe_setref(I, &out, NULL);
    fe_decref(I, setter), fe_decref(I, r);
  }
  return out;
}
