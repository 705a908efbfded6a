/* plt_interactive.c — what pyplot does for a window, which a model file never opens: the
 * interactive mode (ion, ioff, isinteractive: rcParams['interactive']), draw() and a
 * figure's canvas (draw, draw_idle, flush_events), as matplotlib behaves with its Agg
 * backend, where they draw nothing on screen. Live plots of training (a callback that
 * updates a line, then draws the canvas and pauses) run, and the figure they save is the
 * last state. */
#include "pylib.h"

static bool interactive(Interp *I, int *on) {
  Obj *v = pl_rc_value(I, "interactive");
  *on = v ? fe_truth(I, v) : -1;
  return *on >= 0 || (!I->exc_pending && fe_nomem(I));
}

static bool set_interactive(Interp *I, bool on) {
  Obj *v = fe_bool(I, on);
  bool ok = v && pl_rc_set(I, "interactive", v);
  fe_decref(I, v);
  return ok;
}

/* What ion() and ioff() return: used in a with block, the mode before them comes back at
 * its end (matplotlib's ExitStack). */
typedef struct {
  Obj hd;
  bool was;
} Restore;

static Obj *restore_repr(Interp *I, Obj *o) {
  return fe_strf(I, "<contextlib.ExitStack object at %p>", (void *)o);
}

static const Layout restore_layout = {.name = "ExitStack", .size = sizeof(Restore),
                                      .repr = restore_repr};

static Obj *restore_enter(Interp *I, Obj *self, Obj **args) {
  (void)I, (void)args;
  fe_incref(self);
  return self;
}

static Obj *restore_exit(Interp *I, Obj *self, Obj **args) {
  (void)args;
  return set_interactive(I, ((Restore *)self)->was) ? fe_bool(I, false) : NULL;
}

static const FeFnDef restore_methods[] = {
    {"__enter__", restore_enter, "()", NULL, NULL},
    {"__exit__", restore_exit, "(*args)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ion() (on) or ioff(): the mode set, and an ExitStack that restores the one before. */
static Obj *switch_mode(Interp *I, bool on) {
  int was;
  if (!interactive(I, &was) || !set_interactive(I, on))
    return NULL;
  Obj *mpl = fe_import(I, "matplotlib.pyplot");
  Obj *cls = mpl ? fe_getattr_str(I, mpl, "ExitStack") : NULL;
  Restore *r = cls ? (Restore *)fe_new(I, (Class *)cls, 0) : NULL;
  if (r)
    r->was = was;
  fe_decref(I, cls), fe_decref(I, mpl);
  return &r->hd;
}

static Obj *p_ion(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return switch_mode(I, true);
}

static Obj *p_ioff(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return switch_mode(I, false);
}

/* interactive(b): the mode, as matplotlib.interactive sets it. */
static Obj *p_interactive(Interp *I, Obj *self, Obj **args) {
  (void)self;
  int on = fe_truth(I, args[0]);
  return on >= 0 && set_interactive(I, on) ? fe_none(I) : NULL;
}

static Obj *p_isinteractive(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  int on;
  return interactive(I, &on) ? fe_bool(I, on) : NULL;
}

/* draw(), draw_if_interactive(), and a canvas' draw, draw_idle and flush_events: a figure is
 * drawn when it is saved. */
static Obj *nothing(Interp *I, Obj *self, Obj **args) {
  (void)self, (void)args;
  return fe_none(I);
}

static const FeFnDef mode_fns[] = {
    {"ion", p_ion, "()", NULL, NULL},
    {"ioff", p_ioff, "()", NULL, NULL},
    {"interactive", p_interactive, "(b)", NULL, NULL},
    {"isinteractive", p_isinteractive, "()", NULL, NULL},
    {"draw", nothing, "()", NULL, NULL},
    {"draw_if_interactive", nothing, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeFnDef matplotlib_fns[] = {
    {"interactive", p_interactive, "(b)", NULL, NULL},
    {"is_interactive", p_isinteractive, "()", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* plt.ExitStack, as pyplot imports contextlib's. */
static const FeClassDef mode_classes[] = {
    {.name = "ExitStack", .layout = &restore_layout, .methods = restore_methods},
    {.name = NULL},
};

const FeModuleDef pl_pyplot_mode_def = {.name = "matplotlib.pyplot", .fns = mode_fns,
                                        .classes = mode_classes};
const FeModuleDef pl_matplotlib_mode_def = {.name = "matplotlib", .fns = matplotlib_fns};

/* ---- FigureCanvasAgg ---- */

typedef struct {
  Obj hd;
  Obj *figure;   /* owned */
} Canvas;

static void canvas_clear(Interp *I, Obj *o) {
  fe_setref(I, &((Canvas *)o)->figure, NULL);
}

static void canvas_traverse(Obj *o, FeVisit visit, void *arg) {
  if (((Canvas *)o)->figure)
    visit(((Canvas *)o)->figure, arg);
}

static Obj *canvas_repr(Interp *I, Obj *o) {
  return fe_strf(I, "<matplotlib.backends.backend_agg.FigureCanvasAgg object at %p>",
                 (void *)o);
}

static const Layout canvas_layout = {.name = "FigureCanvasAgg", .size = sizeof(Canvas),
                                     .clear = canvas_clear, .traverse = canvas_traverse,
                                     .repr = canvas_repr};

/* FigureCanvasAgg(figure=None) */
static Obj *canvas_new(Interp *I, Obj *cls, Obj **args) {
  Canvas *c = (Canvas *)fe_new(I, (Class *)cls, 0);
  if (c)
    fe_incref(c->figure = args[0]);
  return &c->hd;
}

static Obj *canvas_figure(Interp *I, Obj *self) {
  (void)I;
  fe_incref(((Canvas *)self)->figure);
  return ((Canvas *)self)->figure;
}

Obj *pl_figure_canvas(Interp *I, Obj *fig) {
  Obj *m = fe_import(I, "matplotlib.backends.backend_agg");
  Obj *cls = m ? fe_getattr_str(I, m, "FigureCanvasAgg") : NULL;
  Obj *c = cls ? fe_call(I, cls, &fig, 1, NULL) : NULL;
  fe_decref(I, cls), fe_decref(I, m);
  return c;
}

static const FeFnDef canvas_methods[] = {
    {"draw", nothing, "()", NULL, NULL},
    {"draw_idle", nothing, "(*args, **kwargs)", NULL, NULL},
    {"flush_events", nothing, "()", NULL, NULL},
    {"start_event_loop", nothing, "(timeout=0)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeGetDef canvas_props[] = {
    {"figure", canvas_figure, NULL},
    {NULL, NULL, NULL},
};

static const FeClassDef canvas_classes[] = {
    {.name = "FigureCanvasAgg", .layout = &canvas_layout, .ctor = canvas_new,
     .ctor_sig = "(figure=None)", .methods = canvas_methods, .props = canvas_props},
    {.name = NULL},
};

const FeModuleDef pl_backend_agg_def = {.name = "matplotlib.backends.backend_agg",
                                        .classes = canvas_classes};
