/* layer_activation.c — the activation layers of names/layers.def: ReLU, LeakyReLU, PReLU,
 * ELU and Softmax, as Keras 3's keras/src/layers/activations/ computes them.
 *
 * Each but PReLU is keras.activations.NAME with the layer's arguments (keras_activate, the
 * same IR as Dense(activation=NAME) with those arguments), so the layer and the activation
 * string train alike. PReLU trains alpha, one per element of a sample (shape: the sample's,
 * 1 along each of shared_axes), and computes relu(x) − alpha·relu(−x), Keras's formula.
 */
#include <math.h>
#include <string.h>

#include "keras.h"

static double arg(const Call *c, const char *name) {
  return keras_arg(&c->l->cfg, name)->num;
}

Value *fwd_relu(Call *c) {
  const ArgVal *max = keras_arg(&c->l->cfg, "max_value");
  double args[NNC_ACT_ARGS] = {arg(c, "negative_slope"), max->null ? INFINITY : max->num,
                               arg(c, "threshold")};
  return keras_activate(c->g, NNC_ACT_RELU, args, c->in[0]);
}

Value *fwd_leaky_relu(Call *c) {
  double args[NNC_ACT_ARGS] = {arg(c, "negative_slope")};
  return keras_activate(c->g, NNC_ACT_LEAKY_RELU, args, c->in[0]);
}

Value *fwd_elu(Call *c) {
  double args[NNC_ACT_ARGS] = {arg(c, "alpha")};
  return keras_activate(c->g, NNC_ACT_ELU, args, c->in[0]);
}

/* ---- PReLU ---- */

nnc_status shape_prelu(Shaping *s) {
  nnc_status st = shape_same(s);
  if (st != NNC_OK)
    return st;
  const ArgVal *shared = keras_arg(&s->l->cfg, "shared_axes");
  Shape w = s->in[0];
  for (int i = 0; !shared->null && i < shared->n; i++) {
    int64_t a = shared->ints[i];
    if (a < 1 || a > w.rank)
      return base_error(NNC_ERR_ARG, "%s: PReLU: shared_axes %lld is not an axis of a sample "
                        "(1 to %d; the batch is 0)", s->fn, (long long)a, w.rank);
    w.dim[a - 1] = 1;
  }
  s->w[0] = w;
  return NNC_OK;
}

Value *fwd_prelu(Call *c) {
  Graph *g = c->g;
  Value *x = c->in[0];
  Value *pos = ir_unary(g, OP_RELU, x), *neg = ir_unary(g, OP_RELU, ir_unary(g, OP_NEG, x));
  return ir_binary(g, OP_SUB, pos, ir_binary(g, OP_MUL, keras_weight(c, 0), neg));
}

/* ---- Softmax ---- */

nnc_status shape_softmax(Shaping *s) {
  nnc_status st = shape_same(s);
  int64_t axis = (int64_t)keras_arg(&s->l->cfg, "axis")->num;
  if (st == NNC_OK && keras_sample_axis(axis, s->in[0].rank) != s->in[0].rank - 1)
    st = base_error(NNC_ERR_ARG, "%s: Softmax: nnc takes the last axis only (axis -1 or %d), "
                    "found %lld", s->fn, s->in[0].rank, (long long)axis);
  return st;
}

Value *fwd_softmax(Call *c) {
  double args[NNC_ACT_ARGS] = {-1};
  return keras_activate(c->g, NNC_ACT_SOFTMAX, args, c->in[0]);
}
