/* plt_scale.c — an axis' scale: set_xscale/set_yscale ('linear', or 'log' with its base),
 * get_xscale/get_yscale, and the plots that set one first (semilogx, semilogy, loglog), on
 * an Axes and on pyplot's current one. Axes sharing an axis share its scale, as in
 * matplotlib. chart.c draws a log axis (formats/chart_log.c its ticks). */
#include "pylib.h"

static const char *const scale_names[] = {"linear", "log", "symlog", "asinh", "logit",
                                          "function", "functionlog"};
enum { LINEAR, LOG, NSCALES = sizeof scale_names / sizeof *scale_names };

static FmtAxes *fax(Obj *self) {
  return ((PlAxes *)self)->ax;
}

/* The log base kwargs give ('linear': none may be given), as LogScale checks them. */
static bool scale_kwargs(Interp *I, const char *fn, int scale, Obj *kwargs, double *base) {
  Dict *d = FE_DICT(kwargs);
  *base = 10;
  for (int64_t i = 0; i < d->ne; i++) {
    Obj *key = d->e[i].key, *v = d->e[i].value;
    if (!key)
      continue;
    if (scale == LOG && fe_str_is(key, "base")) {
      if (fe_as_double(I, v, base) < 0)
        return false;
    } else if (scale == LOG && fe_str_is(key, "subs")) {
      if (v != &I->none)
        return fe_throw(I, EXC_NotImplementedError, "%s('log', subs=) is not supported by nnc "
                        "yet: the minor ticks are matplotlib's automatic ones", fn);
    } else if (scale == LOG && fe_str_is(key, "nonpositive")) {
      if (!fe_str_is(v, "clip") && !fe_str_is(v, "mask"))
        return pl_invalid_value(I, v, "nonpositive", "'clip', 'mask'");
      if (fe_str_is(v, "mask"))
        return fe_throw(I, EXC_NotImplementedError, "%s('log', nonpositive='mask') is not "
                        "supported by nnc yet: values <= 0 are clipped", fn);
    } else {
      return fe_throw(I, EXC_TypeError, "%s.__init__() got an unexpected keyword argument "
                      "'%s'", scale == LOG ? "LogScale" : "LinearScale", FE_STR(key)->s);
    }
  }
  if (scale == LOG && (!(*base > 0) || *base == 1))
    return fe_throw(I, EXC_ValueError, "The log base cannot be <= 0 or == 1");
  return true;
}

/* set_xscale(value, **kwargs) for axis k: on these axes and those sharing the axis. */
static Obj *set_scale(Interp *I, Obj *self, Obj *value, Obj *kwargs, int k) {
  char fn[16];
  snprintf(fn, sizeof fn, "set_%cscale", k ? 'y' : 'x');
  int scale = -1;
  for (int i = 0; i < NSCALES; i++)
    scale = fe_str_is(value, scale_names[i]) ? i : scale;
  if (scale < 0) {
    pl_invalid_value(I, value, "scale", "'linear', 'log', 'symlog', 'asinh', 'logit', "
                     "'function', 'functionlog'");
    return NULL;
  }
  if (scale > LOG)
    return fe_throw(I, EXC_NotImplementedError, "%s('%s') is not supported by nnc yet: "
                    "'linear' and 'log' are", fn, scale_names[scale]);
  double base;
  if (!scale_kwargs(I, fn, scale, kwargs, &base))
    return NULL;
  pl_axis_scale(fax(self), k, scale == LOG ? base : 0);
  return fe_none(I);
}

void pl_axis_scale(FmtAxes *ax, int k, double log_base) {
  FmtAxes *o = ax;
  do {
    o->log_base[k] = log_base;
    o = o->share[k];
  } while (o && o != ax);
}

bool pl_log_kwarg(Interp *I, FmtAxes *ax, int k, Obj *kwargs) {
  Obj *log = fe_dict_getstr(I, kwargs, "log");
  int on = log ? fe_truth(I, log) : 0;
  if (on > 0)
    pl_axis_scale(ax, k, 10);
  return on >= 0;
}

Obj *pl_axes_set_xscale(Interp *I, Obj *self, Obj **args) {
  return set_scale(I, self, args[0], args[1], 0);
}
Obj *pl_axes_set_yscale(Interp *I, Obj *self, Obj **args) {
  return set_scale(I, self, args[0], args[1], 1);
}

static Obj *get_scale(Interp *I, Obj *self, int k) {
  return fe_str_cstr(I, scale_names[fax(self)->log_base[k] ? LOG : LINEAR]);
}
Obj *pl_axes_get_xscale(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return get_scale(I, self, 0);
}
Obj *pl_axes_get_yscale(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return get_scale(I, self, 1);
}

/* Whether kwargs' key is one of the scale's keywords a log plot passes on for axis k. */
static bool scale_key(Obj *key, int k) {
  static const char *const names[2][6] = {
      {"base", "subs", "nonpositive", "basex", "subsx", "nonposx"},
      {"base", "subs", "nonpositive", "basey", "subsy", "nonposy"}};
  for (int i = 0; i < 6; i++)
    if (fe_str_is(key, names[k][i]))
      return true;
  return false;
}

/* semilogx (axes 1: x), semilogy (2), loglog (3): the log scale set on those axes with the
 * keywords that are the scale's, then plot(*args) with the others. */
static Obj *log_plot(Interp *I, Obj *self, Obj **args, int axes) {
  Dict *d = FE_DICT(args[1]);
  Obj *scale_kw[2] = {fe_dict_new(I), fe_dict_new(I)}, *rest = fe_dict_new(I), *r = NULL;
  bool ok = scale_kw[0] && scale_kw[1] && rest;
  for (int64_t i = 0; ok && i < d->ne; i++) {
    Obj *key = d->e[i].key;
    bool taken = false;
    for (int k = 0; key && k < 2; k++)
      if (axes & (1 << k) && scale_key(key, k)) {
        taken = true;
        ok = fe_dict_set(I, scale_kw[k], key, d->e[i].value) >= 0;
      }
    if (key && !taken)
      ok = ok && fe_dict_set(I, rest, key, d->e[i].value) >= 0;
  }
  for (int k = 0; ok && k < 2; k++)
    if (axes & (1 << k)) {
      Obj *log = fe_str_cstr(I, "log"), *none = log ? set_scale(I, self, log, scale_kw[k], k)
                                                    : NULL;
      ok = none != NULL;
      fe_decref(I, log), fe_decref(I, none);
    }
  if (ok)
    r = pl_call_kw_result(I, self, "plot", FE_TUPLE(args[0])->v, (int)FE_TUPLE(args[0])->n,
                          rest);
  fe_decref(I, scale_kw[0]), fe_decref(I, scale_kw[1]), fe_decref(I, rest);
  return r;
}

Obj *pl_axes_semilogx(Interp *I, Obj *self, Obj **args) {
  return log_plot(I, self, args, 1);
}
Obj *pl_axes_semilogy(Interp *I, Obj *self, Obj **args) {
  return log_plot(I, self, args, 2);
}
Obj *pl_axes_loglog(Interp *I, Obj *self, Obj **args) {
  return log_plot(I, self, args, 3);
}
