/* layer_norm.c — the normalization layers of names/layers.def: BatchNormalization and
 * LayerNormalization, as keras/src/layers/normalization computes them, and the preprocessing
 * layer Normalization with its adapt() (keras/src/layers/preprocessing/normalization.py).
 *
 * Both normalize x by a mean and a (biased) variance, `(x − μ)/√(σ² + ε)·γ + β`, with the
 * statistics kept (keepdims) so they broadcast back. BatchNormalization takes them over
 * every axis but `axis` (the batch's) in fit and moves its moving statistics towards them,
 * `moving = moving·momentum + batch·(1 − momentum)`, written when the step ends; evaluate
 * and predict read the moving ones. LayerNormalization takes each sample's over `axis`.
 * γ and β (shape: the normalized axes' dimensions) are reshaped to broadcast; a layer
 * without `scale` (`center`) has no γ (β).
 *
 * Normalization keeps a mean and a variance per index of its kept axes, frozen weights that
 * adapt(data) sets (numpy's mean and biased variance over the other axes, in double) before
 * or after the weights are made: the values wait in the weights' presets until then. Given
 * `mean` and `variance` instead, the layer has no weights and uses them as constants.
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

/* ---- Normalization ---- */

enum { NORM_MEAN, NORM_VARIANCE, NORM_COUNT };

/* The sample axes Normalization keeps: its axis argument's, none for null (axis=None). */
static bool kept_axes(const LayerConfig *cfg, int rank, bool *on) {
  const ArgVal *a = keras_arg(cfg, "axis");
  if (!a->null)
    return sample_axes(a, rank, on);
  memset(on, 0, (size_t)rank * sizeof *on);
  return true;
}

nnc_status shape_normalization(Shaping *s) {
  bool on[IR_MAX_RANK];
  char buf[64];
  const LayerConfig *cfg = &s->l->cfg;
  if (s->n != 1)
    return base_error(NNC_ERR_ARG, "%s: Normalization takes one input, found %d", s->fn, s->n);
  if (!kept_axes(cfg, s->in[0].rank, on))
    return base_error(NNC_ERR_ARG, "%s: Normalization: axis is out of range (or the batch axis) "
                      "for inputs %s", s->fn, keras_shape_text(s->in[0], buf, sizeof buf));
  Shape kept = param_shape(s->in[0], on);
  const ArgVal *mean = keras_arg(cfg, "mean"), *var = keras_arg(cfg, "variance");
  if (mean->null != var->null)
    return base_error(NNC_ERR_ARG, "%s: Normalization: when setting values directly, both "
                      "mean and variance must be set", s->fn);
  if (!mean->null && (mean->n != var->n || (mean->n != 1 && mean->n != keras_shape_numel(kept))))
    return base_error(NNC_ERR_SHAPE, "%s: Normalization: mean and variance must be one number "
                      "or %lld (one per index of the kept axes), found %d and %d", s->fn,
                      (long long)keras_shape_numel(kept), mean->n, var->n);
  if (mean->null) {
    s->w[NORM_MEAN] = s->w[NORM_VARIANCE] = kept;
    s->w[NORM_COUNT] = ir_shape(0);
  }
  *s->out = s->in[0];
  return NNC_OK;
}

/* Numbers v[0..n) as a constant of shape wide (n = 1 broadcasts). */
static Value *constant(Call *c, const double *v, int n, Shape wide) {
  if (n == 1)
    return ir_scalar(c->g, c->dt, v[0]);
  Value *acc = NULL;
  for (int i = 0; i < n; i++) {
    Value *e = ir_const(c->g, c->dt, ir_shape(1, 1L), v[i]);
    acc = acc ? ir_concat(c->g, acc, e, 0) : e;
  }
  return ir_reshape(c->g, acc, wide);
}

/* The layer's mean or variance, broadcastable against x. */
static Value *statistic(Call *c, int i, const char *arg, Shape wide) {
  if (c->l->w[i].used)
    return ir_reshape(c->g, keras_weight(c, i), wide);
  const ArgVal *v = keras_arg(&c->l->cfg, arg);
  return constant(c, v->nums, v->n, wide);
}

Value *fwd_normalization(Call *c) {
  Graph *g = c->g;
  Value *x = c->in[0];
  bool on[IR_MAX_RANK];
  kept_axes(&c->l->cfg, x->shape.rank - 1, on);
  Shape wide = x->shape;
  for (int i = 0; i < wide.rank; i++)
    if (i == 0 || !on[i - 1])
      wide.dim[i] = 1;
  Value *mean = statistic(c, NORM_MEAN, "mean", wide);
  Value *var = statistic(c, NORM_VARIANCE, "variance", wide);
  Value *scale = ir_binary(g, OP_MAX, ir_unary(g, OP_SQRT, var), ir_scalar(g, c->dt, 1e-7));
  if (keras_arg(&c->l->cfg, "invert")->num)
    return ir_binary(g, OP_ADD, mean, ir_binary(g, OP_MUL, x, scale));
  return ir_binary(g, OP_DIV, ir_binary(g, OP_SUB, x, mean), scale);
}

/* ---- adapt ---- */

/* Where each element of data [n, ...sample] falls among the kept indices: its flat index
 * over the kept axes only (row-major), for the element at flat position i. */
static int64_t kept_index(const nnc_tensor *data, const bool *on, int64_t i) {
  int64_t k = 0, stride = 1;
  for (int d = data->rank - 1; d >= 1; d--) {
    int64_t dim = data->shape[d], at = i % dim;
    i /= dim;
    if (on[d - 1]) {
      k += at * stride;
      stride *= dim;
    }
  }
  return k;
}

/* numpy's mean and (biased) var of data per kept index, into stats[0..k) and stats[k..2k). */
static void moments(const nnc_tensor *data, const bool *on, int64_t k, double *stats) {
  double *mean = stats, *var = stats + k;
  int64_t per = data->numel / k;
  for (int64_t i = 0; i < data->numel; i++)
    mean[kept_index(data, on, i)] += rt_tensor_get(data, i);
  for (int64_t j = 0; j < k; j++)
    mean[j] /= (double)per;
  for (int64_t i = 0; i < data->numel; i++) {
    double d = rt_tensor_get(data, i) - mean[kept_index(data, on, i)];
    var[kept_index(data, on, i)] += d * d;
  }
  for (int64_t j = 0; j < k; j++)
    var[j] /= (double)per;
}

/* The error of adapt's arguments, NNC_OK when layer `id` is a Normalization adapt can set. */
static nnc_status adaptable(const nnc_model *m, int id, const nnc_tensor *data, const char *fn) {
  if (id < 0 || id >= m->net.nnodes)
    return base_error(NNC_ERR_ARG, "%s: %d is not a layer of this model (it has %d)", fn, id,
                      m->net.nnodes);
  const Layer *l = m->net.nodes[id].layer;
  if (l->kind != NNC_LAYER_NORMALIZATION)
    return base_error(NNC_ERR_ARG, "%s: '%s' is a %s; only a Normalization layer adapts", fn,
                      l->name, names_layer(l->kind)->cls);
  if (!keras_arg(&l->cfg, "mean")->null)
    return base_error(NNC_ERR_ARG, "%s: '%s' was given mean and variance; adapt() sets them "
                      "only for a layer made without", fn, l->name);
  if (!data)
    return base_error(NNC_ERR_ARG, "%s: data is NULL", fn);
  nnc_status s = base_check_tag(data->magic, BASE_MAGIC_TENSOR, fn, "data");
  if (s == NNC_OK && (data->rank < 1 || data->shape[0] < 1 || data->numel < 1))
    s = base_error(NNC_ERR_SHAPE, "%s: data must hold at least one sample (its first axis)", fn);
  return s;
}

/* Weight i of l takes v[0..k) when it is made (now too, when it exists). */
static nnc_status preset(Layer *l, int i, const double *v, int64_t k) {
  Weight *w = &l->w[i];
  double *p = base_malloc((size_t)k * sizeof *p);
  if (!p)
    return base_error(NNC_ERR_NOMEM, "nnc_model_adapt: out of memory");
  memcpy(p, v, (size_t)k * sizeof *p);
  base_free(w->preset);
  w->preset = p;
  w->npreset = k;
  return w->t ? keras_weight_preset(l, w) : NNC_OK;
}

nnc_status nnc_model_adapt(nnc_model *m, int layer, const nnc_tensor *data) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_adapt";
  nnc_status s = adaptable(m, layer, data, fn);
  if (s != NNC_OK)
    return s;
  Layer *l = m->net.nodes[layer].layer;
  char a[64], b[64], c[64];
  Shape sample = {data->rank - 1, {0}};
  memcpy(sample.dim, data->shape + 1, (size_t)sample.rank * sizeof *sample.dim);
  bool on[IR_MAX_RANK];
  if (!kept_axes(&l->cfg, sample.rank, on))
    return base_error(NNC_ERR_ARG, "%s: '%s': axis is out of range (or the batch axis) for data "
                      "%s", fn, l->name, keras_shape_text(sample, a, sizeof a));
  Shape kept = param_shape(sample, on);
  Shape built = l->w[NORM_MEAN].shape;
  if (built.rank >= 0 && !ir_shape_eq(built, kept))
    return base_error(NNC_ERR_SHAPE, "%s: '%s' was built for a mean of shape %s, but data %s "
                      "gives %s", fn, l->name, keras_weight_text(built, a, sizeof a),
                      keras_shape_text(sample, b, sizeof b), keras_weight_text(kept, c, sizeof c));
  int64_t k = keras_shape_numel(kept);
  double *stats = base_calloc(2 * (size_t)k, sizeof *stats);
  if (!stats)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  moments(data, on, k, stats);
  s = preset(l, NORM_MEAN, stats, k);
  if (s == NNC_OK)
    s = preset(l, NORM_VARIANCE, stats + k, k);
  base_free(stats);
  return s;
}
