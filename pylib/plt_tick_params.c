/* plt_tick_params.c — Axes.tick_params(axis='both', which='major', reset=False, **kwargs)
 * and pyplot's: how the ticks of one axis or both look, as matplotlib's set_tick_params
 * changes them on axes already made: the labels' size, colour and rotation, the marks'
 * colour, length, width, direction and pad, which marks and labels are drawn (bottom and
 * labelbottom for x, left and labelleft for y), and the grid lines' style. which='minor'
 * (or 'both') sets the minor ticks' length, width and pad; the minor ticks share the rest
 * with the major ones. minorticks_on() and minorticks_off(): minor ticks on a linear axis,
 * as matplotlib's AutoMinorLocator places them (a log axis always has its own). */
#include <string.h>

#include "pylib.h"

enum { LABELSIZE, LABELCOLOR, COLORS, COLOR, LENGTH, WIDTH, PAD, DIRECTION, ROTATION, MARKS,
       LABELS, FAR_SIDE, GRID_COLOR, GRID_ALPHA, GRID_WIDTH, GRID_STYLE };

/* The keywords, each with the axis it belongs to (-1: either). */
static const struct {
  const char *name;
  int what, axis;
} keys[] = {
    {"labelsize", LABELSIZE, -1}, {"labelcolor", LABELCOLOR, -1}, {"colors", COLORS, -1},
    {"color", COLOR, -1}, {"length", LENGTH, -1}, {"size", LENGTH, -1}, {"width", WIDTH, -1},
    {"pad", PAD, -1}, {"direction", DIRECTION, -1}, {"rotation", ROTATION, -1},
    {"labelrotation", ROTATION, -1}, {"bottom", MARKS, 0}, {"left", MARKS, 1},
    {"labelbottom", LABELS, 0}, {"labelleft", LABELS, 1}, {"top", FAR_SIDE, 0},
    {"right", FAR_SIDE, 1}, {"labeltop", FAR_SIDE, 0}, {"labelright", FAR_SIDE, 1},
    {"grid_color", GRID_COLOR, -1}, {"grid_alpha", GRID_ALPHA, -1},
    {"grid_linewidth", GRID_WIDTH, -1}, {"grid_linestyle", GRID_STYLE, -1},
};
enum { NKEYS = sizeof keys / sizeof *keys };

/* Keyword `what` with value v applied to the minor ticks of axis k of ax (their length,
 * width and pad: nothing else is their own); false raised. */
static bool apply_minor(Interp *I, FmtAxes *ax, int k, int what, Obj *v) {
  FmtStyle *st = &ax->style;
  double *field = what == LENGTH ? &st->minor_size[k] : what == WIDTH ? &st->minor_width[k]
                  : what == PAD  ? &st->minor_pad[k]
                                 : NULL;
  return !field || fe_as_double(I, v, field) == 0;
}

/* Keyword `what` with value v applied to axis k of ax; false raised. */
static bool apply(Interp *I, FmtAxes *ax, int k, int what, Obj *v) {
  FmtStyle *st = &ax->style;
  int on;
  switch (what) {
  case LABELSIZE:
    return pl_rc_font_size(I, v, st->font_size, &st->tick_label_size[k]);
  case LABELCOLOR:
    return pl_color(I, v, &st->tick_label_color[k]);
  case COLORS:
    return pl_color(I, v, &st->tick_color[k]) && pl_color(I, v, &st->tick_label_color[k]);
  case COLOR:
    return pl_color(I, v, &st->tick_color[k]);
  case LENGTH:
    return fe_as_double(I, v, &st->tick_size[k]) == 0;
  case WIDTH:
    return fe_as_double(I, v, &st->tick_width[k]) == 0;
  case PAD:
    return fe_as_double(I, v, &st->tick_pad[k]) == 0;
  case DIRECTION:
    for (int i = 0; i < 3; i++)
      if (fe_str_is(v, (const char *const[]){"out", "in", "inout"}[i]))
        return st->tick_dir[k] = "oib"[i], true;
    return fe_throw(I, EXC_ValueError, "direction must be 'in', 'out' or 'inout'"), false;
  case ROTATION:
    return fe_as_double(I, v, &ax->tick_rotation[k]) == 0;
  case MARKS:
  case LABELS:
    if ((on = fe_truth(I, v)) < 0)
      return false;
    if (what == MARKS)
      st->tick_marks[k] = on;
    else
      ax->inner[k] = !on;
    return true;
  case FAR_SIDE:   /* nnc draws ticks on the bottom and left only */
    if ((on = fe_truth(I, v)) > 0)
      fe_throw(I, EXC_NotImplementedError, "ticks on the top or the right are not drawn by nnc "
               "yet");
    return on == 0;
  case GRID_COLOR:
    return pl_color(I, v, &st->grid_color);
  case GRID_ALPHA:
    return fe_as_double(I, v, &st->grid_alpha) == 0;
  case GRID_WIDTH:
    return fe_as_double(I, v, &st->grid_width) == 0;
  case GRID_STYLE: {
    FmtArtist line = {.dash = st->grid_dash};
    Obj *kw = fe_dict_new(I);
    bool ok = kw && fe_dict_setstr(I, kw, "linestyle", v) == 0 && pl_line_style(I, &line, kw);
    fe_decref(I, kw);
    st->grid_dash = line.dash;
    return ok;
  }
  }
  return false;
}

Obj *pl_axes_tick_params(Interp *I, Obj *self, Obj **args) {
  static const char *const axes[] = {"x", "y", "both"};
  int which = -1;
  for (int i = 0; i < 3; i++)
    which = fe_str_is(args[0], axes[i]) ? i : which;
  if (which < 0)
    return fe_throw(I, EXC_ValueError, "axis must be 'x', 'y' or 'both'");
  int reset = fe_truth(I, args[2]);
  if (reset != 0)
    return reset < 0 ? NULL : fe_throw(I, EXC_NotImplementedError, "tick_params(reset=True) "
                                       "is not supported by nnc yet");
  int ticks = -1;   /* which: 0 major, 1 minor, 2 both */
  for (int i = 0; i < 3; i++)
    ticks = fe_str_is(args[1], (const char *const[]){"major", "minor", "both"}[i]) ? i : ticks;
  if (ticks < 0)
    return fe_throw(I, EXC_ValueError, "which must be 'major', 'minor' or 'both'");
  FmtAxes *ax = ((PlAxes *)self)->ax;
  Obj *name, *v;
  for (int64_t pos = 0; fe_dict_next(args[3], &pos, &name, &v);) {
    int i = 0;
    while (i < NKEYS && strcmp(keys[i].name, FE_STR(name)->s) != 0)
      i++;
    if (i == NKEYS)
      return fe_throw(I, EXC_ValueError, "keyword %s is not recognized; nnc takes labelsize, "
                      "labelcolor, colors, color, length, width, pad, direction, rotation, "
                      "bottom, left, labelbottom, labelleft and grid_color, grid_alpha, "
                      "grid_linewidth, grid_linestyle", FE_STR(name)->s);
    for (int k = 0; k < 2; k++)
      if ((which == 2 || which == k) && (keys[i].axis < 0 || keys[i].axis == k) &&
          !((ticks == 1 || apply(I, ax, k, keys[i].what, v)) &&
            (ticks == 0 || apply_minor(I, ax, k, keys[i].what, v))))
        return NULL;
  }
  return fe_none(I);
}

/* minorticks_on() (on true), minorticks_off(), on the axes and pyplot's current ones. */
static Obj *minor_ticks(Interp *I, Obj *ax, bool on) {
  FmtAxes *a = ((PlAxes *)ax)->ax;
  a->minor_ticks[0] = a->minor_ticks[1] = on;
  return fe_none(I);
}
Obj *pl_axes_minorticks_on(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return minor_ticks(I, self, true);
}
Obj *pl_axes_minorticks_off(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return minor_ticks(I, self, false);
}
