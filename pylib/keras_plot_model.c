/* keras_plot_model.c — keras.utils.plot_model(model, to_file='model.png', ...): the picture
 * of the model's forward graph for one sample (nnc_model_plot_dot), in the format to_file's
 * extension names, as Keras writes it: .png (Keras's default), .svg, .pdf through the host's
 * renderer (the nnc command's Graphviz, PlOptions.render_dot), .dot as the DOT text itself.
 *
 * The picture is nnc's graph of the model's operations (matmul, add, relu, ...), not Keras's
 * boxes of layers; show_shapes and the other drawing options do not change it, since every
 * value in it already shows its shape. */
#include <string.h>

#include "pylib.h"

/* The format a file's extension names ("png" without one, as pydot writes). */
static const char *format_of(const char *path) {
  const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
  return dot && (!slash || dot > slash) ? dot + 1 : "png";
}

static bool known_format(const char *f) {
  static const char *const known[] = {"png", "svg", "pdf", "dot", "jpg", "jpeg", "gif"};
  for (size_t i = 0; i < sizeof known / sizeof *known; i++)
    if (strcmp(f, known[i]) == 0)
      return true;
  return false;
}

/* Writes the picture of m's DOT text (dot, at its start) to path in format, through the safe
 * writer (formats/outfile.c): path keeps its old picture until the new one is whole. */
static Obj *write_picture(Interp *I, FILE *dot, const char *format, const char *path) {
  nnc_status (*render)(FILE *, const char *, FILE *) = pl_state(I)->o.render_dot;
  if (strcmp(format, "dot") != 0 && !render)
    return fe_throw(I, EXC_NotImplementedError, "plot_model(to_file='%s'): drawing needs the "
                    "nnc command's Graphviz; here only a .dot file can be written", path);
  FmtOut out;
  nnc_status st = fmt_out_open(&out, path);
  if (st != NNC_OK)
    return pl_raise_status(I, st);
  if (strcmp(format, "dot") == 0) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, dot)) > 0)
      fwrite(buf, 1, n, out.f); /* a short write sets the stream's error: the commit fails */
  } else {
    st = render(dot, strcmp(format, "jpg") == 0 ? "jpeg" : format, out.f);
  }
  if (st == NNC_OK)
    st = fmt_out_commit(&out);
  nnc_status closed = fmt_out_close(&out);
  if (st == NNC_OK)
    st = closed;
  return st == NNC_OK ? fe_none(I) : pl_raise_status(I, st);
}

/* plot_model(model, to_file='model.png', show_shapes=False, show_dtype=False,
 * show_layer_names=False, rankdir='TB', expand_nested=False, dpi=200,
 * show_layer_activations=False, show_trainable=False, **kwargs) */
static Obj *plot_model(Interp *I, Obj *self, Obj **args) {
  (void)self;
  if (!pl_is_model(I, args[0]))
    return fe_throw(I, EXC_TypeError, "plot_model takes a Keras model, not %s",
                    fe_typename(args[0]));
  if (!FE_IS(args[1], str))
    return fe_throw(I, EXC_TypeError, "to_file must be a string, found %s", fe_typename(args[1]));
  const char *path = fe_path_bytes(I, args[1]);
  if (!path)
    return NULL;
  const char *format = format_of(path);
  if (!known_format(format))
    return fe_throw(I, EXC_ValueError, "plot_model: '%s' is not a picture format nnc writes "
                    "(png, svg, pdf, jpg, gif, dot)", format);
  FILE *dot = tmpfile();
  if (!dot)
    return fe_throw(I, EXC_OSError, "plot_model: cannot make a temporary file");
  nnc_status st = nnc_model_plot_dot(((PlModel *)args[0])->m, dot);
  rewind(dot);
  Obj *r = st == NNC_OK ? write_picture(I, dot, format, path) : pl_raise_status(I, st);
  fclose(dot);
  return r;
}

static const FeFnDef plot_fns[] = {
    {"plot_model", plot_model, "(model, to_file='model.png', show_shapes=False, "
     "show_dtype=False, show_layer_names=False, rankdir='TB', expand_nested=False, dpi=200, "
     "show_layer_activations=False, show_trainable=False, **kwargs)", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

const FeModuleDef pl_keras_plot_model_def = {.name = "keras.utils", .fns = plot_fns};
