/* bridge.c — the Keras-level model seen from the graph level: nnc_model_graph hands out the
 * graph of the model's prediction step as an nnc_graph, the very graph nnc_model_predict
 * compiles (keras_build_graph), so a program can differentiate it, extend it and compile it
 * with the graph API. The weights are params named as weight files name them, and their
 * values stay the model's: the graph holds no copy of them.
 */
#include <string.h>

#include "keras.h"

/* The leaf named "x" (keras_build_graph makes it first). */
static Value *input_x(const Graph *g) {
  for (int i = 0; i < g->nvalues; i++)
    if (g->values[i]->op == OP_INPUT && strcmp(g->values[i]->name, "x") == 0)
      return g->values[i];
  return NULL;
}

static void clear(nnc_graph **out, nnc_value **x, nnc_value **pred) {
  if (out)
    *out = NULL;
  if (x)
    *x = NULL;
  if (pred)
    *pred = NULL;
}

nnc_status nnc_model_graph(nnc_model *m, int64_t batch, nnc_graph **out, nnc_value **x,
                           nnc_value **pred) {
  clear(out, x, pred); /* even when the model is NULL or busy */
  KERAS_ENTER(m);
  const char *fn = "nnc_model_graph";
  if (!out || !x || !pred)
    return base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, !out ? "out" : !x ? "x" : "pred");
  if (batch < 1)
    return base_error(NNC_ERR_ARG, "%s: batch must be at least 1, found %lld", fn,
                      (long long)batch);
  if (!m->compiled || keras_input_shape(m).rank < 0)
    return base_error(NNC_ERR_ARG, "%s: the model needs nnc_model_compile and a known input "
                      "shape (an input layer, or a first fit)", fn);
  nnc_status s = keras_model_build(m, keras_input_shape(m));
  Forward f = {0};
  if (s == NNC_OK)
    s = keras_build_graph(m, VAR_PREDICT, batch, &f);
  if (s == NNC_OK) {
    *pred = (nnc_value *)f.g->outputs[f.g->noutputs - 1];
    *x = (nnc_value *)input_x(f.g);
    f.g->noutputs = 0; /* as a new graph's: nnc_jit is told its outputs */
    *out = (nnc_graph *)f.g;
    f.g = NULL; /* the caller's now */
  }
  keras_forward_free(&f);
  return s;
}

/* The optimizer is checked here, where Keras's rules for its arguments live (keras_opt_check);
 * the graph, the loss and the params in driver_function_new. */
nnc_status nnc_train_step(nnc_graph *g, nnc_value *loss, int nparams, nnc_value *const *params,
                          const nnc_optimizer *opt, nnc_function **out) {
  const char *fn = "nnc_train_step";
  if (out)
    *out = NULL;
  if (!opt)
    return base_error(NNC_ERR_ARG, "%s: opt is NULL (nnc_sgd(), nnc_adam(), "
                      "nnc_optimizer_defaults(kind))", fn);
  nnc_status s = keras_opt_check(opt, fn);
  if (s != NNC_OK)
    return s;
  DriverTrain t = {.loss = loss, .nwrt = nparams, .wrt = params, .opt = opt,
                   .rate = nnc_schedule_value};
  return driver_function_new(g, 1, &loss, &t, out);
}
