/* activations.c — Keras's activations as IR: one builder per row of names/activations.def.
 *
 * A builder gets the pre-activation and the activation's one parameter (Keras's default
 * unless the C API's nnc_dense_options.alpha says otherwise), and returns the activation;
 * a ROW activation (softmax) reads a whole sample's features, so the model hands it a tensor
 * that is not split into parts (model.c joins a Concatenate's parts first).
 */
#include "keras.h"

enum { EACH, ROW }; /* activations.def's axis column */

static Value *act_linear(Graph *g, Value *x, double param) {
  (void)g, (void)param;
  return x;
}

static Value *act_sigmoid(Graph *g, Value *x, double param) {
  (void)param;
  return ir_unary(g, OP_SIGMOID, x);
}

static Value *act_relu(Graph *g, Value *x, double param) {
  (void)param;
  return ir_unary(g, OP_RELU, x);
}

static Value *act_tanh(Graph *g, Value *x, double param) {
  (void)param;
  return ir_unary(g, OP_TANH, x);
}

static Value *act_softmax(Graph *g, Value *x, double param) {
  (void)param;
  return ir_softmax(g, OP_SOFTMAX, x);
}

static Value *act_leaky_relu(Graph *g, Value *x, double negative_slope) {
  return ir_leaky_relu(g, x, negative_slope);
}

static Value *act_gelu(Graph *g, Value *x, double approximate) {
  return ir_gelu(g, x, approximate != 0);
}

static const struct {
  Value *(*build)(Graph *g, Value *x, double param);
  double param;                 /* Keras's default */
  bool row;                     /* reads a whole sample's features */
} rows[] = {
#define ACTIVATION(id, name, aliases, param, axis, build, doc) \
  [NNC_ACT_##id] = {build, param, axis == ROW},
#include "activations.def"
};

static bool known(nnc_activation a) {
  return nnc_activation_name(a) != NULL;
}

Value *keras_activate(Graph *g, nnc_activation a, double param, Value *x) {
  NNC_ASSERT(known(a)); /* the layer builders refused any other */
  return rows[a].build(g, x, param);
}

double keras_activation_param(nnc_activation a) {
  return known(a) ? rows[a].param : 0;
}

bool keras_activation_row(nnc_activation a) {
  return known(a) && rows[a].row;
}
