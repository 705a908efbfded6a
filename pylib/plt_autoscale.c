/* plt_autoscale.c — how an axes' limits follow its data: relim() lets lines whose points
 * set_data changed move the limits by their new points (until then their old ones hold, as
 * matplotlib's data limits do), autoscale(enable) gives axis limits back to the data or
 * fixes them where they are, and autoscale_view() is what nnc does at every drawing. */
#include "pylib.h"

/* Axes.relim(visible_only=False) */
Obj *pl_axes_relim(Interp *I, Obj *self, Obj **args) {
  (void)args;
  FmtAxes *ax = ((PlAxes *)self)->ax;
  for (int i = 0; i < ax->n; i++)
    ax->a[i]->held = false;
  return fe_none(I);
}

/* Axes.autoscale_view(tight=None, scalex=True, scaley=True): the limits are the data's
 * whenever the figure is drawn, so there is nothing left to do. */
Obj *pl_axes_autoscale_view(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return fe_none(I);
}

/* Axes.autoscale(enable=True, axis='both', tight=None): on, axis' limits follow the data
 * again (set_xlim's dropped); off, they stay where they are now; None leaves them. */
Obj *pl_axes_autoscale(Interp *I, Obj *self, Obj **args) {
  static const char *const axes[] = {"both", "x", "y"};
  int which = -1;
  for (int k = 0; k < 3; k++)
    which = fe_str_is(args[1], axes[k]) ? k : which;
  if (which < 0)
    return fe_throw(I, EXC_ValueError, "axis must be 'both', 'x' or 'y'");
  if (args[2] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "autoscale(tight=) is not supported by nnc "
                    "yet");
  int on = args[0] == &I->none ? -1 : fe_truth(I, args[0]);
  if (on < 0 && args[0] != &I->none)
    return NULL;
  FmtAxes *ax = ((PlAxes *)self)->ax;
  for (int k = 0; on >= 0 && k < 2; k++) {
    if (which && which != k + 1)
      continue;
    if (!on)
      fmt_axes_view(ax, k, ax->lim[k]);
    ax->has_lim[k] = !on;
  }
  return fe_none(I);
}

