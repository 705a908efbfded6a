/* plot.c — nnc_model_plot_dot: what Keras's plot_model draws, the model's forward graph for
 * one sample (x through the layers to the prediction, no loss), as the Graphviz picture of
 * ir/dot.c. The library writes the DOT text only; the nnc command renders it (picture.c).
 *
 * A model whose input size is known is built first (its weights made, as fit would make
 * them: the same draws in the same order, so plotting does not change the training). */
#include "keras.h"

nnc_status nnc_model_plot_dot(nnc_model *m, FILE *out) {
  KERAS_ENTER(m);
  if (!out)
    return base_error(NNC_ERR_ARG, "nnc_model_plot_dot: out is NULL");
  Shape in = keras_input_shape(m);
  if (in.rank < 0)
    return base_error(NNC_ERR_ARG, "nnc_model_plot_dot: the model has not been built yet: give "
                      "it an input shape (Input(shape=...), input_shape=...) or fit it first");
  nnc_status s = keras_model_build(m, in);
  Forward f = {0};
  if (s == NNC_OK)
    s = keras_build_graph(m, VAR_PREDICT, 1, &f);
  char title[600];
  snprintf(title, sizeof title, "Model: \"%.500s\", one sample", keras_model_name(m));
  IrDotOptions o = {.title = title, .loss = -1};
  if (s == NNC_OK)
    s = ir_dot(f.g, &o, out);
  keras_forward_free(&f);
  if (s == NNC_OK && ferror(out))
    s = base_error(NNC_ERR_IO, "nnc_model_plot_dot: writing failed");
  return s;
}
