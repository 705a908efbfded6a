/* sklearn_cm_display.c — sklearn.metrics.ConfusionMatrixDisplay, as scikit-learn 1.2 draws
 * it on pyplot's axes: the matrix as an image (viridis), each count written in its cell in
 * the colormap's end that reads on it, ticks at every class named by display_labels (else
 * 0 .. n-1), "True label" and "Predicted label", and a colorbar. from_predictions computes
 * the matrix with confusion_matrix and names the classes as they appear in the labels. */
#include <math.h>
#include <string.h>

#include "pylib.h"

/* __init__(self, confusion_matrix, *, display_labels=None) */
static Obj *cmd_init(Interp *I, Obj *self, Obj **args) {
  fe_incref(args[0]), fe_incref(args[1]);
  return pl_set_attr(I, self, "confusion_matrix", args[0]) &&
                 pl_set_attr(I, self, "display_labels", args[1])
             ? fe_none(I)
             : NULL;
}

/* The text of count v as plot writes it: values_format, else the shorter of '.2g' and (for
 * integer matrices) 'd'. NULL raised. */
static Obj *count_text(Interp *I, double v, bool ints, Obj *values_format) {
  Obj *x = ints ? fe_int(I, (int64_t)v) : fe_float(I, v), *r = NULL;
  if (x && values_format != &I->none) {
    r = fe_format(I, x, values_format);
  } else if (x) {
    Obj *g = fe_str_cstr(I, ".2g"), *d = ints ? fe_str_cstr(I, "d") : NULL;
    Obj *tg = g ? fe_format(I, x, g) : NULL, *td = tg && d ? fe_format(I, x, d) : NULL;
    r = td && FE_STR(td)->len < FE_STR(tg)->len ? td : tg;
    fe_incref(r);
    fe_decref(I, td), fe_decref(I, tg), fe_decref(I, d), fe_decref(I, g);
  }
  fe_decref(I, x);
  return r;
}

/* Each count at its cell's centre: the colormap's low end on high counts, its high end on
 * low ones (below the middle of the range). */
static bool write_counts(Interp *I, FmtAxes *ax, const FmtArtist *image, const NdArray *m,
                         bool ints, Obj *values_format) {
  const double *v = (const double *)m->data;
  double lo = v[0], hi = v[0];
  for (int64_t i = 1; i < m->size; i++)
    lo = v[i] < lo ? v[i] : lo, hi = v[i] > hi ? v[i] : hi;
  uint32_t low_end = fmt_cmap_color(image->cmap, 0, 0, 1);
  uint32_t high_end = fmt_cmap_color(image->cmap, 1, 0, 1);
  for (int64_t r = 0; r < image->rows; r++)
    for (int64_t c = 0; c < image->cols; c++) {
      double x = v[r * image->cols + c];
      Obj *s = count_text(I, x, ints, values_format);
      FmtArtist *t = s ? fmt_axes_add(ax, FMT_TEXT, 1) : NULL;
      bool ok = t && fmt_strdup(FE_STR(s)->s, &t->text);
      fe_decref(I, s);
      if (!ok)
        return I->exc_pending ? false : (fe_nomem(I), false);
      t->x[0] = (double)c, t->y[0] = (double)r, t->ha = 'c', t->va = 'c', t->size = 10;
      t->color = x < (hi + lo) / 2 ? high_end : low_end;
    }
  return true;
}

/* ax.set_xticks(range(n), labels) and the same of y. */
static bool name_classes(Interp *I, Obj *axes, int64_t n, Obj *labels) {
  Obj *at = pl_range_list(I, n);
  Obj *args[2] = {at, labels != &I->none ? labels : at};
  Obj *x = at ? fe_call_method(I, axes, "set_xticks", args, 2) : NULL;
  Obj *y = x ? fe_call_method(I, axes, "set_yticks", args, 2) : NULL;
  fe_decref(I, x), fe_decref(I, y), fe_decref(I, at);
  return y != NULL;
}

static bool set_text(Interp *I, Obj *axes, const char *method, const char *text) {
  Obj *s = fe_str_cstr(I, text), *r = s ? fe_call_method(I, axes, method, &s, 1) : NULL;
  fe_decref(I, s), fe_decref(I, r);
  return r != NULL;
}

/* plot(self, *, include_values=True, cmap='viridis', xticks_rotation='horizontal',
 * values_format=None, ax=None, colorbar=True, im_kw=None, text_kw=None): self. */
static Obj *cmd_plot(Interp *I, Obj *self, Obj **args) {
  if (args[6] != &I->none || args[7] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "ConfusionMatrixDisplay.plot(%s=...) is not "
                    "supported by nnc yet", args[6] != &I->none ? "im_kw" : "text_kw");
  double rotation = 0;
  if (fe_str_is(args[2], "vertical"))
    rotation = 90;
  else if (!fe_str_is(args[2], "horizontal") && fe_as_double(I, args[2], &rotation) < 0)
    return NULL;
  Obj *cm = fe_getattr_str(I, self, "confusion_matrix");
  NdArray *a = cm ? pl_array_arg(I, cm) : NULL, *m = a ? nd_astype(a, ND_FLOAT64) : NULL;
  bool ints = a && a->dtype != ND_FLOAT32 && a->dtype != ND_FLOAT64;
  nd_unref(a);
  if (cm && !m && !I->exc_pending)
    pl_nd_raise(I);
  if (m && (m->ndim != 2 || m->shape[0] != m->shape[1])) {
    fe_throw(I, EXC_ValueError, "confusion_matrix must be a square 2-D array");
    nd_unref(m), m = NULL;
  }
  Obj *axes = NULL, *fig = NULL, *im = NULL, *labels = NULL;
  if (m && args[4] == &I->none) {
    fig = pl_figure_new(I, NAN, NAN);
    axes = fig ? pl_subplot_of(I, fig, 1, 1, 1) : NULL;
  } else if (m && pl_is_axes(args[4])) {
    axes = args[4], fig = ((PlAxes *)axes)->fig;
    fe_incref(axes), fe_incref(fig);
  } else if (m) {
    fe_throw(I, EXC_TypeError, "ax must be a matplotlib Axes");
  }
  Obj *im_args[2] = {cm, args[1]};
  im = axes ? fe_call_method(I, axes, "imshow", im_args, 2) : NULL;
  FmtAxes *ax = im ? ((PlAxes *)axes)->ax : NULL;
  const FmtArtist *image = ax ? ax->a[ax->n - 1] : NULL;
  bool ok = image && (fe_truth(I, args[0]) != 1 ||
                      write_counts(I, ax, image, m, ints, args[3]));
  if (ok && fe_truth(I, args[5]) == 1) {
    Obj *cb_args[4] = {im, &I->none, axes, NULL};
    Obj *cb = pl_axes_colorbar(I, axes, cb_args);
    ok = cb != NULL;
    fe_decref(I, cb);
  }
  labels = ok ? fe_getattr_str(I, self, "display_labels") : NULL;
  ok = labels && name_classes(I, axes, m->shape[0], labels) &&
       set_text(I, axes, "set_ylabel", "True label") &&
       set_text(I, axes, "set_xlabel", "Predicted label");
  if (ok) {
    ax->tick_rotation[0] = rotation;
    fe_incref(im), fe_incref(fig), fe_incref(axes);
    ok = pl_set_attr(I, self, "im_", im) && pl_set_attr(I, self, "figure_", fig) &&
         pl_set_attr(I, self, "ax_", axes);
  }
  fe_decref(I, labels), fe_decref(I, im), fe_decref(I, axes), fe_decref(I, fig);
  fe_decref(I, cm);
  nd_unref(m);
  if (!ok)
    return NULL;
  fe_incref(self);
  return self;
}

/* from_predictions(y_true, y_pred, *, labels=None, sample_weight=None, normalize=None,
 * display_labels=None, include_values=True, xticks_rotation='horizontal',
 * values_format=None, cmap='viridis', ax=None, colorbar=True, im_kw=None, text_kw=None),
 * called on the class: a new display, plotted. */
static Obj *cmd_from_predictions(Interp *I, Obj *self, Obj **args) {
  (void)self; /* NULL: a static */
  if (args[2] != &I->none || args[3] != &I->none || args[4] != &I->none)
    return fe_throw(I, EXC_NotImplementedError, "ConfusionMatrixDisplay.from_predictions(%s=...)"
                    " is not supported by nnc yet", args[2] != &I->none ? "labels"
                    : args[3] != &I->none ? "sample_weight" : "normalize");
  Obj *metrics = fe_import(I, "sklearn.metrics");
  Obj *cls = metrics ? fe_getattr_str(I, metrics, "ConfusionMatrixDisplay") : NULL;
  Obj *fn = cls ? fe_getattr_str(I, metrics, "confusion_matrix") : NULL;
  Obj *cm = fn ? fe_call2(I, fn, args[0], args[1]) : NULL;
  Obj *names = args[5] != &I->none ? (fe_incref(args[5]), args[5])
               : cm ? pl_confusion_labels(I, args[0], args[1]) : NULL;
  Obj *disp = names ? fe_call1(I, cls, cm) : NULL;
  fe_incref(names);
  bool ok = disp && pl_set_attr(I, disp, "display_labels", names);
  /* plot's keywords, in its order */
  Obj *plot_args[8] = {args[6], args[9], args[7], args[8], args[10], args[11], args[12], args[13]};
  Obj *r = ok ? cmd_plot(I, disp, plot_args) : NULL;
  fe_decref(I, disp), fe_decref(I, names), fe_decref(I, cm), fe_decref(I, fn);
  fe_decref(I, cls), fe_decref(I, metrics);
  return r;
}

static const FeFnDef methods[] = {
    {"__init__", cmd_init, "(confusion_matrix, *, display_labels=None)", NULL, NULL},
    {"plot", cmd_plot, "(*, include_values=True, cmap='viridis', "
     "xticks_rotation='horizontal', values_format=None, ax=None, colorbar=True, im_kw=None, "
     "text_kw=None)", "sklearn.metrics.ConfusionMatrixDisplay", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeFnDef statics[] = {
    {"from_predictions", cmd_from_predictions, "(y_true, y_pred, *, labels=None, "
     "sample_weight=None, normalize=None, display_labels=None, include_values=True, "
     "xticks_rotation='horizontal', values_format=None, cmap='viridis', ax=None, "
     "colorbar=True, im_kw=None, text_kw=None)", "sklearn.metrics.ConfusionMatrixDisplay",
     NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static const FeClassDef classes[] = {
    {.name = "ConfusionMatrixDisplay", .methods = methods, .statics = statics},
    {.name = NULL},
};

const FeModuleDef pl_sklearn_cm_display_def = {.name = "sklearn.metrics", .classes = classes};
