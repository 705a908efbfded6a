/* plt_twin.c — twinx(): a second y axis on the same place, as matplotlib 3.6 makes one: a new
 * axes sharing the host's x axis, its own y axis (ticks, labels, offset and label) at the
 * right, its x axis hidden and its face unpainted so that the host shows through; it becomes
 * the current axes. */
#include "pylib.h"

/* Axes.twinx() */
Obj *pl_axes_twinx(Interp *I, Obj *self, Obj **args) {
  (void)args;
  PlAxes *host = (PlAxes *)self;
  FmtAxes *twin = fmt_figure_twin(((PlFigure *)host->fig)->f, host->ax, 0);
  if (!twin)
    return fe_nomem(I);
  twin->y_right = twin->hidden[0] = twin->faceless = true;
  return pl_axes_object(I, host->fig, twin);
}

/* pyplot.twinx(ax=None): the same on ax, or on gca(). */
Obj *pl_twinx(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (args[0] != &I->none && !pl_is_axes(args[0]))
    return fe_throw(I, EXC_TypeError, "twinx: ax must be an Axes, not %s", fe_typename(args[0]));
  Obj *ax = args[0] != &I->none ? (fe_incref(args[0]), args[0]) : pl_gca(I);
  Obj *r = ax ? pl_axes_twinx(I, ax, NULL) : NULL;
  fe_decref(I, ax);
  return r;
}
