/* layer_core.c — the core layers of names/layers.def: InputLayer, Dense, Activation,
 * Concatenate, Flatten, Reshape, Dropout; their shape rules and forward passes as IR.
 *
 * Shapes here are one sample's (no batch axis); values are [batch, ...sample]. Keras's axes
 * count the batch as 0 (keras_sample_axis maps them). Dense acts on the last axis: a rank-2
 * input is one matmul, exactly the graph a stack of Dense layers always had (so its fused
 * kernels are unchanged); higher ranks are reshaped to rows around it. Dropout's mask is
 * drawn inside the step by random_uniform, keyed by the layer's seed and its step counter,
 * and kept where u < 1 − rate, scaling kept values by 1/(1 − rate) as Keras's backend does
 * (select(mask, x / keep, 0)).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "keras.h"

int keras_sample_axis(int64_t axis, int rank) {
  int64_t a = axis < 0 ? axis + rank + 1 : axis;
  if (a < 0 || a > rank)
    return -2;
  return (int)a - 1;
}

static const char *cls(const Shaping *s) {
  return names_layer(s->l->kind)->cls;
}

static nnc_status one_input(Shaping *s) {
  if (s->n != 1)
    return base_error(NNC_ERR_ARG, "%s: %s takes one input, found %d", s->fn, cls(s), s->n);
  return NNC_OK;
}

/* ---- InputLayer ---- */

nnc_status shape_input(Shaping *s) {
  const ArgVal *shape = keras_arg(&s->l->cfg, "shape"), *batch = keras_arg(&s->l->cfg, "batch_shape");
  *s->out = (Shape){-1, {0}};
  if (!shape->null) {
    s->out->rank = shape->n;
    memcpy(s->out->dim, shape->ints, (size_t)shape->n * sizeof *shape->ints);
  } else if (!batch->null) {
    s->out->rank = batch->n - 1;
    memcpy(s->out->dim, batch->ints + 1, (size_t)(batch->n - 1) * sizeof *batch->ints);
  }
  return NNC_OK;
}

Value *fwd_input(Call *c) {
  return c->in[0];
}

Value *fwd_identity(Call *c) {
  return c->in[0];
}

/* The last axis of a sample of shape out after activation a (glu halves it), or
 * NNC_ERR_SHAPE for glu on an odd one. */
static nnc_status activated(const Shaping *s, const ArgVal *a, Shape *out) {
  int64_t *last = &out->dim[out->rank - 1];
  nnc_status st = keras_activation_check(a->act, a->args, *last, s->fn);
  if (st == NNC_OK)
    *last = keras_activation_width(a->act, *last);
  return st;
}

/* One input, its shape kept (the elementwise activation layers). */
nnc_status shape_same(Shaping *s) {
  nnc_status st = one_input(s);
  if (st == NNC_OK)
    *s->out = s->in[0];
  return st;
}

/* ---- Dense ---- */

nnc_status shape_dense(Shaping *s) {
  nnc_status st = one_input(s);
  if (st != NNC_OK)
    return st;
  Shape in = s->in[0];
  int64_t units = (int64_t)keras_arg(&s->l->cfg, "units")->num;
  if (in.rank < 1)
    return base_error(NNC_ERR_SHAPE, "%s: Dense needs inputs of at least 2 dimensions", s->fn);
  s->w[0] = ir_shape(2, in.dim[in.rank - 1], units);
  if (keras_arg(&s->l->cfg, "use_bias")->num)
    s->w[1] = ir_shape(1, units);
  *s->out = in;
  s->out->dim[in.rank - 1] = units;
  return activated(s, keras_arg(&s->l->cfg, "activation"), s->out);
}

Value *fwd_dense(Call *c) {
  Graph *g = c->g;
  Value *x = c->in[0];
  Shape xs = x->shape;
  int64_t k = xs.dim[xs.rank - 1], units = (int64_t)keras_arg(&c->l->cfg, "units")->num;
  if (xs.rank > 2) /* rows of the last axis */
    x = ir_reshape(g, x, ir_shape(2, ir_numel(xs) / k, k));
  Value *h = ir_matmul_bf16(g, x, keras_weight(c, 0), false, false, c->bf16);
  if (c->l->w[1].used)
    h = ir_binary(g, OP_ADD, h, keras_weight(c, 1));
  if (xs.rank > 2) {
    xs.dim[xs.rank - 1] = units;
    h = ir_reshape(g, h, xs);
  }
  const ArgVal *a = keras_arg(&c->l->cfg, "activation");
  return keras_activate(g, a->act, a->args, h);
}

/* ---- Activation ---- */

nnc_status shape_activation(Shaping *s) {
  nnc_status st = one_input(s);
  if (st == NNC_OK && s->in[0].rank < 1)
    st = base_error(NNC_ERR_SHAPE, "%s: Activation needs inputs of at least 2 dimensions", s->fn);
  if (st != NNC_OK)
    return st;
  *s->out = s->in[0];
  return activated(s, keras_arg(&s->l->cfg, "activation"), s->out);
}

Value *fwd_activation(Call *c) {
  const ArgVal *a = keras_arg(&c->l->cfg, "activation");
  return keras_activate(c->g, a->act, a->args, c->in[0]);
}

/* ---- Concatenate (the other merge layers: layer_merge.c) ---- */

nnc_status shape_concatenate(Shaping *s) {
  char a[64], b[64];
  if (s->n < 2)
    return base_error(NNC_ERR_ARG, "%s: Concatenate needs at least 2 inputs, found %d", s->fn,
                      s->n);
  int64_t axis = (int64_t)keras_arg(&s->l->cfg, "axis")->num;
  int rank = s->in[0].rank, k = keras_sample_axis(axis, rank);
  if (k == -1)
    return base_error(NNC_ERR_SHAPE, "%s: cannot concatenate along the batch axis (axis %lld); "
                      "use axis=-1", s->fn, (long long)axis);
  if (k == -2)
    return base_error(NNC_ERR_ARG, "%s: Concatenate: axis %lld is out of range for inputs of "
                      "rank %d (use 1 to %d, or -1 to -%d)", s->fn, (long long)axis, rank + 1,
                      rank, rank);
  *s->out = s->in[0];
  for (int i = 1; i < s->n; i++) {
    bool fit = s->in[i].rank == rank;
    for (int d = 0; fit && d < rank; d++)
      fit = d == k || s->in[i].dim[d] == s->in[0].dim[d];
    if (!fit)
      return base_error(NNC_ERR_SHAPE, "%s: Concatenate along axis %lld needs the other axes "
                        "to agree, but '%s' is %s and '%s' is %s", s->fn, (long long)axis,
                        s->names[0], keras_shape_text(s->in[0], a, sizeof a), s->names[i],
                        keras_shape_text(s->in[i], b, sizeof b));
    s->out->dim[k] += s->in[i].dim[k];
  }
  return NNC_OK;
}

/* Joins in[lo, hi) along the value axis `axis`, as a balanced tree of pairs. */
static Value *join(Graph *g, Value **in, int lo, int hi, int axis) {
  if (hi - lo == 1)
    return in[lo];
  int mid = lo + (hi - lo) / 2;
  return ir_concat(g, join(g, in, lo, mid, axis), join(g, in, mid, hi, axis), axis);
}

Value *fwd_concatenate(Call *c) {
  int64_t axis = (int64_t)keras_arg(&c->l->cfg, "axis")->num;
  int k = keras_sample_axis(axis, c->node->out.rank);
  return join(c->g, c->in, 0, c->n, k + 1);
}

/* ---- Flatten and Reshape ---- */

nnc_status shape_flatten(Shaping *s) {
  nnc_status st = one_input(s);
  if (st == NNC_OK)
    *s->out = ir_shape(1, keras_shape_numel(s->in[0]));
  return st;
}

nnc_status shape_reshape(Shaping *s) {
  nnc_status st = one_input(s);
  if (st != NNC_OK)
    return st;
  const ArgVal *t = keras_arg(&s->l->cfg, "target_shape");
  int64_t have = keras_shape_numel(s->in[0]), known = 1;
  int free_dim = -1;
  Shape out = {t->n, {0}};
  for (int i = 0; i < t->n; i++) {
    out.dim[i] = t->ints[i];
    if (t->ints[i] < 0)
      free_dim = i;
    else
      known *= t->ints[i];
  }
  if (free_dim >= 0 && known > 0 && have % known == 0)
    out.dim[free_dim] = have / known;
  char a[64], b[64];
  if (keras_shape_numel(out) != have || (free_dim >= 0 && out.dim[free_dim] <= 0))
    return base_error(NNC_ERR_SHAPE, "%s: Reshape: cannot reshape %s into target_shape %s: the "
                      "element counts differ", s->fn, keras_shape_text(s->in[0], a, sizeof a),
                      keras_weight_text((Shape){t->n, {t->ints[0], t->ints[1], t->ints[2]}}, b,
                                        sizeof b));
  *s->out = out;
  return NNC_OK;
}

/* Flatten and Reshape: the same elements in row-major order. */
Value *fwd_reshape(Call *c) {
  Shape to = c->node->out;
  Shape full = {to.rank + 1, {c->in[0]->shape.dim[0]}};
  memcpy(full.dim + 1, to.dim, (size_t)to.rank * sizeof *to.dim);
  return ir_reshape(c->g, c->in[0], full);
}

/* ---- Dropout ---- */

nnc_status shape_dropout(Shaping *s) {
  nnc_status st = one_input(s);
  if (st != NNC_OK)
    return st;
  const ArgVal *ns = keras_arg(&s->l->cfg, "noise_shape");
  Shape in = s->in[0];
  bool fit = ns->null || ns->n == in.rank + 1;
  for (int i = 1; fit && !ns->null && i < ns->n; i++)
    fit = ns->ints[i] == 0 || ns->ints[i] == 1 || ns->ints[i] == in.dim[i - 1];
  char a[64];
  if (!fit)
    return base_error(NNC_ERR_SHAPE, "%s: Dropout: noise_shape must have the input's rank %d "
                      "(the batch first), each entry null, 1 or the input's, for inputs %s",
                      s->fn, in.rank + 1, keras_shape_text(in, a, sizeof a));
  *s->out = in;
  return NNC_OK;
}

/* The seed of this call's mask: the layer's `seed`, or keras_node_seed's; a second call of
 * a shared layer gets a stream of its own. */
static uint64_t mask_seed(Call *c) {
  const ArgVal *seed = keras_arg(&c->l->cfg, "seed");
  uint64_t s = seed->null ? keras_node_seed(c) : (uint64_t)seed->num;
  s += (uint64_t)c->node->call * IR_RANDOM_GAMMA;
  return s & ((1ull << 53) - 1);
}

Value *fwd_dropout_train(Call *c) {
  Graph *g = c->g;
  Value *x = c->in[0];
  double rate = keras_arg(&c->l->cfg, "rate")->num, keep = 1 - rate;
  if (rate == 0)
    return x;
  const ArgVal *ns = keras_arg(&c->l->cfg, "noise_shape");
  Shape noise = x->shape;
  for (int i = 0; !ns->null && i < ns->n; i++)
    if (ns->ints[i])
      noise.dim[i] = ns->ints[i];
  Value *step = keras_step_counter(c, "seed_generator_state");
  Value *u = ir_random_uniform(g, step, mask_seed(c), c->dt, noise);
  Value *kept = ir_cmp(g, CMP_LT, u, ir_scalar(g, c->dt, keep));
  Value *scaled = keep > 0 ? ir_binary(g, OP_DIV, x, ir_scalar(g, c->dt, keep)) : x;
  return ir_select(g, kept, scaled, ir_scalar(g, c->dt, 0));
}
