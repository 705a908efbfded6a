/* layer_norm.c — the normalization layers of names/layers.def: BatchNormalization and
 * LayerNormalization, as keras/src/layers/normalization computes them.
 *
 * Both normalize x by a mean and a (biased) variance, `(x − μ)/√(σ² + ε)·γ + β`, with the
 * statistics kept (keepdims) so they broadcast back. BatchNormalization takes them over
 * every axis but `axis` (the batch's) in fit and moves its moving statistics towards them,
 * `moving = moving·momentum + batch·(1 − momentum)`, written when the step ends; evaluate
 * and predict read the moving ones. LayerNormalization takes each sample's over `axis`.
 * γ and β (shape: the normalized axes' dimensions) are reshaped to broadcast; a layer
 * without `scale` (`center`) has no γ (β).
 */
#include <string.h>

#include "keras.h"

/* Weight order of both rows: gamma, beta (then BatchNormalization's moving_mean and
 * moving_variance). */
enum { GAMMA, BETA, MOVING_MEAN, MOVING_VARIANCE };

/* ---- shapes ---- */

/* The sample axes of Keras's axis argument (an int or a list); false when one is the
 * batch's or out of range. */
static bool sample_axes(const ArgVal *a, int rank, bool *on) {
  memset(on, 0, (size_t)rank * sizeof *on);
  int n = a->n ? a->n : 1;
  for (int i = 0; i < n; i++) {
    int k = keras_sample_axis(a->n ? a->ints[i] : (int64_t)a->num, rank);
    if (k < 0)
      return false;
    on[k] = true;
  }
  return true;
}

/* The shape of gamma and beta: the dimensions of the axes that are on. */
static Shape param_shape(Shape in, const bool *on) {
  Shape w = {0, {0}};
  for (int i = 0; i < in.rank; i++)
    if (on[i])
      w.dim[w.rank++] = in.dim[i];
  return w;
}

static nnc_status norm_shape(Shaping *s, bool *on) {
  char buf[64];
  const char *cls = names_layer(s->l->kind)->cls;
  if (s->n != 1)
    return base_error(NNC_ERR_ARG, "%s: %s takes one input, found %d", s->fn, cls, s->n);
  if (!sample_axes(keras_arg(&s->l->cfg, "axis"), s->in[0].rank, on))
    return base_error(NNC_ERR_ARG, "%s: %s: axis is out of range (or the batch axis) for "
                      "inputs %s", s->fn, cls, keras_shape_text(s->in[0], buf, sizeof buf));
  Shape w = param_shape(s->in[0], on);
  if (keras_arg(&s->l->cfg, "scale")->num)
    s->w[GAMMA] = w;
  if (keras_arg(&s->l->cfg, "center")->num)
    s->w[BETA] = w;
  *s->out = s->in[0];
  return NNC_OK;
}

nnc_status shape_batch_norm(Shaping *s) {
  bool on[IR_MAX_RANK];
  nnc_status st = norm_shape(s, on);
  if (st == NNC_OK && keras_arg(&s->l->cfg, "axis")->n > 1)
    st = base_error(NNC_ERR_ARG, "%s: BatchNormalization: axis must be one integer", s->fn);
  if (st == NNC_OK)
    s->w[MOVING_MEAN] = s->w[MOVING_VARIANCE] = param_shape(s->in[0], on);
  return st;
}

nnc_status shape_layer_norm(Shaping *s) {
  bool on[IR_MAX_RANK];
  if (keras_arg(&s->l->cfg, "rms_scaling")->num)
    return base_error(NNC_ERR_ARG, "%s: LayerNormalization: rms_scaling=True is not supported "
                      "by nnc yet", s->fn);
  return norm_shape(s, on);
}

/* ---- forward ---- */

/* The value axes (the batch is 0) reduced for the statistics: BatchNormalization's all but
 * its axis, LayerNormalization's its axes. `kept` receives the statistics' shape, `wide`
 * the shape γ and β broadcast as (the axis' dimensions, 1 elsewhere). */
static unsigned reduced_axes(Call *c, bool batch, Shape *kept, Shape *wide) {
  Shape x = c->in[0]->shape;
  bool on[IR_MAX_RANK];
  sample_axes(keras_arg(&c->l->cfg, "axis"), x.rank - 1, on);
  unsigned axes = 0;
  *kept = *wide = x;
  for (int i = 0; i < x.rank; i++) {
    bool norm = i > 0 && on[i - 1];
    if (!norm)
      wide->dim[i] = 1;
    if (norm != batch) { /* BatchNormalization reduces what is not its axis */
      axes |= 1u << i;
      kept->dim[i] = 1;
    }
  }
  return axes;
}

/* Weight i reshaped to broadcast as `wide`; NULL when the layer has none. */
static Value *broadcast(Call *c, int i, Shape wide) {
  return c->l->w[i].used ? ir_reshape(c->g, keras_weight(c, i), wide) : NULL;
}

/* (x − mean)/√(var + ε)·γ + β. */
static Value *normalize(Call *c, Value *mean, Value *var, Shape wide) {
  Graph *g = c->g;
  Value *x = c->in[0];
  double eps = keras_arg(&c->l->cfg, "epsilon")->num;
  Value *inv = ir_binary(g, OP_DIV, ir_scalar(g, c->dt, 1),
                         ir_unary(g, OP_SQRT, ir_binary(g, OP_ADD, var, ir_scalar(g, c->dt, eps))));
  Value *gamma = broadcast(c, GAMMA, wide), *beta = broadcast(c, BETA, wide);
  if (gamma)
    inv = ir_binary(g, OP_MUL, inv, gamma);
  Value *y = ir_binary(g, OP_MUL, ir_binary(g, OP_SUB, x, mean), inv);
  return beta ? ir_binary(g, OP_ADD, y, beta) : y;
}

/* The biased variance of x over axes, its mean given (both kept). */
static Value *variance(Graph *g, Value *x, Value *mean, unsigned axes) {
  Value *d = ir_binary(g, OP_SUB, x, mean);
  return ir_reduce(g, OP_MEAN, ir_binary(g, OP_MUL, d, d), axes, true);
}

/* moving·momentum + batch·(1 − momentum), to be written at the step's end. */
static void move(Call *c, int i, Value *batch) {
  Graph *g = c->g;
  double mu = keras_arg(&c->l->cfg, "momentum")->num;
  Value *m = keras_weight(c, i);
  Value *stat = ir_reshape(g, batch, c->l->w[i].shape);
  keras_weight_assign(c, i, ir_binary(g, OP_ADD, ir_binary(g, OP_MUL, m, ir_scalar(g, c->dt, mu)),
                                      ir_binary(g, OP_MUL, stat, ir_scalar(g, c->dt, 1 - mu))));
}

Value *fwd_batch_norm_train(Call *c) {
  Shape kept, wide;
  unsigned axes = reduced_axes(c, true, &kept, &wide);
  Value *mean = ir_reduce(c->g, OP_MEAN, c->in[0], axes, true);
  Value *var = variance(c->g, c->in[0], mean, axes);
  move(c, MOVING_MEAN, mean);
  move(c, MOVING_VARIANCE, var);
  return normalize(c, mean, var, wide);
}

Value *fwd_batch_norm_infer(Call *c) {
  Shape kept, wide;
  reduced_axes(c, true, &kept, &wide);
  return normalize(c, broadcast(c, MOVING_MEAN, wide), broadcast(c, MOVING_VARIANCE, wide), wide);
}

Value *fwd_layer_norm(Call *c) {
  Shape kept, wide;
  unsigned axes = reduced_axes(c, false, &kept, &wide);
  Value *mean = ir_reduce(c->g, OP_MEAN, c->in[0], axes, true);
  return normalize(c, mean, variance(c->g, c->in[0], mean, axes), wide);
}
