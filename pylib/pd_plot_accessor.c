/* pd_plot_accessor.c — s.plot and df.plot as pandas has them: an object that draws when
 * called (s.plot(kind='bar')) and has a method per kind (s.plot.bar(), df.plot.scatter(x, y)),
 * which tutorials use as often as the call.
 *
 * The accessor holds the Series' or frame's own plot, bound to it; a kind's method calls it
 * with kind= that kind and the rest of its arguments, so the kinds, keywords and errors are
 * the plot's. A frame's method passes its positional arguments on (x, y come first in
 * DataFrame.plot, as in df.plot.scatter('a', 'b')); a Series' plot takes kind first, so its
 * kinds' methods take keywords only. */
#include "pylib.h"

typedef struct {
  Obj hd;
  Obj *plot;     /* the target's plot function, bound to it */
  bool frame;    /* a DataFrame's (else a Series') */
} PdPlot;

static void plot_clear(Interp *I, Obj *o) {
  fe_setref(I, &((PdPlot *)o)->plot, NULL);
}

static void plot_traverse(Obj *o, FeVisit visit, void *arg) {
  PdPlot *p = (PdPlot *)o;
  if (p->plot)
    visit(p->plot, arg);
}

static Obj *plot_repr(Interp *I, Obj *o) {
  (void)o;
  return fe_strf(I, "<pandas.plotting._core.PlotAccessor object>");
}

static Obj *plot_call(Interp *I, Obj *f, Obj *const *args, int nargs, Obj *kwnames) {
  return fe_call(I, ((PdPlot *)f)->plot, args, nargs, kwnames);
}

const Layout pl_plot_accessor_layout = {.name = "PlotAccessor", .size = sizeof(PdPlot),
                                        .clear = plot_clear, .traverse = plot_traverse,
                                        .repr = plot_repr, .call = plot_call};

Obj *pl_plot_accessor(Interp *I, Obj *target, const FeFnDef *def, bool frame) {
  Sig *sig = fe_sig_parse(I, def->sig, def->name);
  Obj *fn = sig ? fe_native_new(I, def, sig, target) : NULL;
  fe_decref(I, sig ? &sig->hd : NULL);
  PdPlot *p = fn ? (PdPlot *)fe_new(I, pl_state(I)->pd_plot, sizeof(PdPlot)) : NULL;
  if (!p) {
    fe_decref(I, fn);
    return NULL;
  }
  p->plot = fn, p->frame = frame;
  return &p->hd;
}

/* The plot called with args (a frame's; a Series' kinds take none), kind=kind and kwargs. */
static Obj *draw(Interp *I, Obj *self, const char *kind, Obj *args, Obj *kwargs) {
  PdPlot *p = (PdPlot *)self;
  Obj *const *pos = NULL;
  int64_t npos = 0;
  if (!fe_seq_items(I, args, &pos, &npos))
    return NULL;
  if (npos > 0 && !p->frame)
    return fe_throw(I, EXC_TypeError, "Series.plot.%s() takes keyword arguments only", kind);
  Obj *k = fe_str_cstr(I, kind), *kw = k ? pl_kwargs_with(I, kwargs, "kind", k) : NULL;
  Obj *r = kw ? pl_call_kw_result(I, p->plot, NULL, pos, (int)npos, kw) : NULL;
  fe_decref(I, kw), fe_decref(I, k);
  return r;
}

#define KIND(name)                                                                         \
  static Obj *plot_##name(Interp *I, Obj *self, Obj **args) {                              \
    return draw(I, self, #name, args[0], args[1]);                                         \
  }
KIND(line) KIND(bar) KIND(barh) KIND(hist) KIND(box) KIND(scatter) KIND(pie)
#undef KIND

const FeFnDef pl_plot_accessor_methods[] = {
    {"line", plot_line, "(*args, **kwargs)", "matplotlib.pyplot.Axes", NULL},
    {"bar", plot_bar, "(*args, **kwargs)", "matplotlib.pyplot.Axes", NULL},
    {"barh", plot_barh, "(*args, **kwargs)", "matplotlib.pyplot.Axes", NULL},
    {"pie", plot_pie, "(*args, **kwargs)", "matplotlib.pyplot.Axes", NULL},
    {"hist", plot_hist, "(*args, **kwargs)", "matplotlib.pyplot.Axes", NULL},
    {"box", plot_box, "(*args, **kwargs)", "matplotlib.pyplot.Axes", NULL},
    {"scatter", plot_scatter, "(*args, **kwargs)", "matplotlib.pyplot.Axes", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};
