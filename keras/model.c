/* model.c — the Keras-level model: a graph of layers (layers.c builds it), its weights and
 * its compiled functions ("variants").
 *
 * Life cycle: new -> [set_seed] -> [add_input] -> add_dense... (or input, dense, activation,
 * add_layer, concatenate, set_outputs) -> compile -> fit/evaluate/predict. compile validates everything and, when the input size is known, initialises the
 * weights and JIT-compiles the training step for the default batch size, so errors surface
 * there; without an input, the first fit/evaluate/predict takes the size from x.
 *
 * A variant is the graph of one (kind, batch size) — training step, evaluation or
 * prediction — built with the ir_ builders and compiled by the driver (driver.h).
 * Its forward pass walks the layer nodes in order.
 * Its slots are bound once, by leaf name: params to the model's weight tensors, STATE
 * leaves to optimizer buffers shared by every variant (created on first sight, filled with
 * the STATE's value), "x"/"y" and the outputs to the variant's own batch buffers. All
 * variants share one 64-aligned scratch buffer sized for the largest; its address is
 * passed at each call, so growing it never invalidates a binding. The graph itself is freed
 * once compiled: the model never walks the IR after binding.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keras.h"

nnc_status nnc_model_new(nnc_model **out) {
  return nnc_model_new_in(NULL, out);
}

nnc_status nnc_model_new_in(nnc_context *c, nnc_model **out) {
  if (!out)
    return base_error(NNC_ERR_ARG, "nnc_model_new: out is NULL");
  *out = NULL;
  nnc_status s = base_context_adopt(c, "nnc_model_new_in");
  if (s != NNC_OK)
    return s;
  const nnc_context *was = base_context_swap(c); /* the model's memory is c's */
  nnc_model *m = base_calloc(1, sizeof *m);
  base_context_swap(was);
  *out = m;
  if (!m) {
    base_context_release(c);
    return base_error(NNC_ERR_NOMEM, "nnc_model_new: out of memory");
  }
  m->magic = BASE_MAGIC_MODEL;
  m->ctx = c;
  m->net.input = m->net.output = -1;
  m->net.sequential = true;     /* until the functional builders say otherwise */
  nnc_model_set_seed(m, 0);
  return NNC_OK;
}

static void variant_free(Variant *v) {
  if (!v)
    return;
  base_free(v->slots);
  nnc_tensor_free(v->x);
  nnc_tensor_free(v->y);
  nnc_tensor_free(v->w);
  nnc_tensor_free(v->loss);
  nnc_tensor_free(v->pred);
  base_free(v);
}

/* Drops the compiled functions and the optimizer state (a new compile starts afresh). */
void keras_drop_variants(nnc_model *m) {
  for (int i = 0; i < m->nvariants; i++)
    variant_free(m->variants[i]);
  m->nvariants = 0;
  for (int i = 0; i < m->nstates; i++) {
    base_free(m->states[i].name);
    nnc_tensor_free(m->states[i].t);
  }
  m->nstates = 0;
  for (int i = 0; i < m->nconsts; i++) {
    base_free(m->consts[i].name);
    nnc_tensor_free(m->consts[i].t);
  }
  m->nconsts = 0;
  driver_jit_free(m->jit);
  m->jit = NULL;
  m->train_compile_ms = 0;
  keras_grads_free(&m->grads);
}

/* Whether another model holds l too (a model nested in another shares its layers). */
static bool shared(const nnc_model *m, const Layer *l) {
  int mine = 1;                 /* the model's list, then each node */
  for (int i = 0; i < m->net.nnodes; i++)
    mine += m->net.nodes[i].layer == l;
  return l->refs > mine;
}

/* Frees the weights, but those another model shares (its compiled functions read them). */
static void drop_weights(nnc_model *m) {
  for (int i = 0; i < m->nlayers; i++)
    for (int k = 0; !shared(m, m->layers[i]) && k < m->layers[i]->nweights; k++) {
      nnc_tensor_free(m->layers[i]->w[k].t);
      m->layers[i]->w[k].t = NULL;
    }
  m->built = false;
}

/* Takes the model's lock for good, so no call can enter it while it goes; a model in a call
 * (on another thread, or this one's callback) is left alone, with the reason in
 * nnc_last_error. */
void nnc_model_free(nnc_model *m) {
  if (!m || base_check_tag(m->magic, BASE_MAGIC_MODEL, __func__, "model") != NNC_OK ||
      base_lock_enter(&m->lock, __func__, "model") != NNC_OK)
    return;
  if (m->lock.depth > 0) {
    base_lock_leave(&m->lock);
    base_error(NNC_ERR_BUSY, "nnc_model_free: the model is in a call on this thread (a "
               "callback of its own fit?); not freed");
    return;
  }
  m->magic = BASE_MAGIC_DEAD;
  keras_drop_variants(m);
  keras_layers_free(m);         /* a layer's last reference frees its weights */
  base_free(m->variants);
  base_free(m->states);
  base_free(m->consts);
  base_free(m->scratch_raw);
  base_free(m->name);
  keras_opt_free(&m->opt);
  keras_metrics_free(&m->evaluated);
  base_context_release(m->ctx);
  base_free(m);
}

nnc_status nnc_model_set_seed(nnc_model *m, uint64_t seed) {
  KERAS_ENTER(m);
  if (!m)
    return base_error(NNC_ERR_ARG, "nnc_model_set_seed: model is NULL");
  m->seed = seed;
  rt_rng_seed(&m->shuffle_rng, seed ^ 0x5851F42D4C957F2Dull); /* a stream apart from init's */
  return NNC_OK;
}

/* F1Score's and FBetaScore's arguments, in Keras's ranges. */
static nnc_status check_f_score(const nnc_compile_options *c, int i) {
  const nnc_f_score *f = &c->f_scores[i];
  const char *fn = "nnc_model_compile", *name = nnc_metric_name(c->metrics[i]);
  if ((unsigned)f->average > NNC_F_AVERAGE_WEIGHTED)
    return base_error(NNC_ERR_ARG, "%s: metric %s's average must be an nnc_f_average, found %d",
                      fn, name, (int)f->average);
  if (!(f->beta > 0 && isfinite(f->beta)))
    return base_error(NNC_ERR_ARG, "%s: metric %s's beta must be > 0, found %g", fn, name,
                      f->beta);
  if (!isnan(f->threshold) && !(f->threshold > 0 && f->threshold <= 1))
    return base_error(NNC_ERR_ARG, "%s: metric %s's threshold must verify 0 < threshold <= 1 "
                      "(NAN: None), found %g", fn, name, f->threshold);
  return NNC_OK;
}

/* A metric that reads class ids needs a sparse loss's targets, and one that reads one-hot
 * rows needs the others. */
static nnc_status check_metric(const nnc_model *m, const nnc_compile_options *c, int i) {
  const char *fn = "nnc_model_compile", *name = nnc_metric_name(c->metrics[i]);
  if (!name)
    return base_error(NNC_ERR_ARG, "%s: unknown metric %d", fn, (int)c->metrics[i]);
  if (c->metric_keys[i] && strlen(c->metric_keys[i]) >= sizeof m->metric_keys[0])
    return base_error(NNC_ERR_ARG, "%s: metric name '%.20s...' is longer than %d bytes", fn,
                      c->metric_keys[i], (int)sizeof m->metric_keys[0] - 1);
  double a = c->metric_args[i];
  nnc_metric k = c->metrics[i];
  bool ids = ir_loss_flags((LossKind)c->loss) & LOSS_CLASS_IDS;
  bool wants_ids = k == NNC_METRIC_SPARSE_CATEGORICAL_ACCURACY ||
                   k == NNC_METRIC_SPARSE_TOP_K_CATEGORICAL_ACCURACY;
  bool wants_rows = k == NNC_METRIC_CATEGORICAL_ACCURACY ||
                    k == NNC_METRIC_TOP_K_CATEGORICAL_ACCURACY || k == NNC_METRIC_F1_SCORE ||
                    k == NNC_METRIC_FBETA_SCORE;
  if ((wants_ids && !ids) || (wants_rows && ids))
    return base_error(NNC_ERR_ARG, "%s: metric %s needs %s targets, but the loss %s takes %s", fn,
                      name, wants_ids ? "class-id" : "one-hot", nnc_loss_name(c->loss),
                      ids ? "class ids" : "one value per output unit");
  bool top_k = k == NNC_METRIC_TOP_K_CATEGORICAL_ACCURACY ||
               k == NNC_METRIC_SPARSE_TOP_K_CATEGORICAL_ACCURACY;
  if (!isfinite(a) || (top_k && (a < 1 || a != floor(a))) || (k == NNC_METRIC_AUC && a != 0 && a != 1))
    return base_error(NNC_ERR_ARG, "%s: metric %s's argument %s, found %g", fn, name,
                      top_k ? "k must be a positive integer" : k == NNC_METRIC_AUC
                      ? "(the curve) must be 0 (ROC) or 1 (PR)" : "must be finite", a);
  return k == NNC_METRIC_F1_SCORE || k == NNC_METRIC_FBETA_SCORE ? check_f_score(c, i) : NNC_OK;
}

static nnc_status check_metrics(const nnc_model *m, const nnc_compile_options *c) {
  if (c->nmetrics < 0 || c->nmetrics > NNC_METRICS_MAX)
    return base_error(NNC_ERR_ARG, "nnc_model_compile: nmetrics must be in [0, %d], found %d",
                      NNC_METRICS_MAX, c->nmetrics);
  for (int i = 0; i < c->nmetrics; i++) {
    nnc_status s = check_metric(m, c, i);
    if (s != NNC_OK)
      return s;
  }
  return NNC_OK;
}

/* c's metrics into m->copt, the keys copied into the model, "accuracy" added for the
 * accuracy flag. */
static void take_metrics(nnc_model *m, const nnc_compile_options *c) {
  nnc_compile_options *o = &m->copt;
  bool has_acc = false;
  for (int i = 0; i < o->nmetrics; i++)
    has_acc |= o->metrics[i] == NNC_METRIC_ACCURACY;
  if (c->accuracy && !has_acc && o->nmetrics < NNC_METRICS_MAX) {
    o->metrics[o->nmetrics] = NNC_METRIC_ACCURACY;
    o->metric_args[o->nmetrics] = 0;
    o->metric_keys[o->nmetrics++] = NULL;
  }
  for (int i = 0; i < o->nmetrics; i++) {
    const char *key = o->metric_keys[i] ? o->metric_keys[i] : nnc_metric_name(o->metrics[i]);
    snprintf(m->metric_keys[i], sizeof m->metric_keys[i], "%s", key);
    o->metric_keys[i] = m->metric_keys[i];
  }
  o->accuracy = keras_accuracy_index(m) >= 0;
}

static nnc_status check_compile(const nnc_model *m, const nnc_compile_options *c) {
  const char *fn = "nnc_model_compile";
  nnc_status s = keras_check_graph(m, fn);
  if (s != NNC_OK)
    return s;
  if (!nnc_loss_name(c->loss))
    return base_error(NNC_ERR_ARG, "%s: unknown loss %d", fn, (int)c->loss);
  if (c->dtype != NNC_F32 && c->dtype != NNC_F64)
    return base_error(NNC_ERR_TYPE, "%s: dtype must be NNC_F32 or NNC_F64, found %d", fn,
                    (int)c->dtype);
  if (c->mixed_bfloat16 && c->dtype != NNC_F32)
    return base_error(NNC_ERR_TYPE, "%s: mixed_bfloat16 keeps variables in float32; dtype "
                      "must be NNC_F32, found %s", fn, rt_dtype_name(c->dtype));
  char msg[160];
  if (!ir_loss_args_ok((LossKind)c->loss, c->loss_args, 2, msg, sizeof msg))
    return base_error(NNC_ERR_ARG, "%s: %s", fn, msg);
  s = check_metrics(m, c);
  if (s != NNC_OK)
    return s;
  bool classes = ir_loss_flags((LossKind)c->loss) & LOSS_CLASS_AXIS;
  if (classes && keras_out_units(m) > 0 && keras_out_units(m) < 2)
    return base_error(NNC_ERR_SHAPE, "%s: %s needs a last layer of at least 2 units (one per "
                    "class), found %lld", fn, nnc_loss_name(c->loss), (long long)keras_out_units(m));
  return keras_opt_check(&c->optimizer, fn);
}

nnc_status nnc_model_compile(nnc_model *m, const nnc_compile_options *caller) {
  KERAS_ENTER(m);
  if (!caller)
    return base_error(NNC_ERR_ARG, "nnc_model_compile: options is NULL");
  nnc_compile_options defaults = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR), copt;
  const nnc_compile_options *c = &copt;
  nnc_status s = base_struct_read(&copt, &defaults, sizeof copt, caller, __func__,
                                  "nnc_compile_options");
  if (s == NNC_OK)
    s = check_compile(m, c);
  if (s != NNC_OK)
    return s;
  keras_drop_variants(m);
  if (m->built && m->copt.dtype != c->dtype)
    drop_weights(m);
  m->copt = *c;
  keras_metrics_free(&m->evaluated);
  s = keras_opt_compile(m, &c->optimizer);   /* the copies the model keeps: keras/optimizer.c */
  if (s != NNC_OK)
    return s;
  m->copt.optimizer.learning_rate_schedule = NULL; /* the caller's: m->opt has the copy */
  take_metrics(m, c);
  m->compiled = true;
  m->optimizer_built = false;   /* Keras's compile makes a new optimizer, built at fit */
  if (keras_input_shape(m).rank >= 0) {
    Variant *v;
    s = keras_model_build(m, keras_input_shape(m));
    if (s == NNC_OK)
      s = keras_variant_get(m, VAR_TRAIN, nnc_fit_defaults().batch_size, &v);
    if (s != NNC_OK) {
      keras_drop_variants(m);
      m->compiled = false;
    }
  }
  return s;
}

int64_t keras_out_units(const nnc_model *m) {
  int out = keras_net_output(&m->net);
  return out >= 0 && m->net.nodes[out].out.rank >= 0 ? keras_shape_numel(m->net.nodes[out].out)
                                                     : 0;
}

bool keras_sparse(const nnc_model *m) {
  return ir_loss_flags((LossKind)m->copt.loss) & LOSS_CLASS_IDS;
}

Shape keras_input_shape(const nnc_model *m) {
  const Net *n = &m->net;
  if (n->nin <= 1)
    return n->input >= 0 ? n->nodes[n->input].out : (Shape){-1, {0}};
  Shape packed = {1, {0}};
  for (int k = 0; k < n->nin; k++) {
    if (n->nodes[n->in[k]].out.rank < 0)
      return (Shape){-1, {0}};
    packed.dim[0] += keras_shape_numel(n->nodes[n->in[k]].out);
  }
  return packed;
}

/* Makes the weights of l that do not exist yet, drawing from r. */
static nnc_status make_weights(nnc_model *m, Layer *l, Rng *r) {
  for (int k = 0; k < l->nweights; k++) {
    Weight *w = &l->w[k];
    DType want = w->spec->kind == WK_FROZEN_I32 ? DT_I32 : (DType)m->copt.dtype;
    if (w->used && w->t && w->dtype != want) /* made by another model that shares it */
      return base_error(NNC_ERR_ARG, "build: '%s/%s' is shared with another model that made it "
                        "in another dtype; compile both in one dtype", l->name, w->spec->name);
    if (!w->used || w->t)
      continue;
    w->dtype = want;
    nnc_status s = rt_tensor_alloc((nnc_dtype)w->dtype, w->shape.rank, w->shape.dim, &w->t);
    if (s == NNC_OK)
      s = keras_init_fill(w->t, &w->init, r);
    if (s == NNC_OK && w->preset)
      s = keras_weight_preset(l, w);
    if (s != NNC_OK)
      return s;
  }
  return NNC_OK;
}

nnc_status keras_weight_preset(const Layer *l, Weight *w) {
  if (w->npreset != w->t->numel)
    return base_error(NNC_ERR_SHAPE, "build: '%s/%s' was adapted to %lld values, but the "
                      "layer's input gives it %lld", l->name, w->spec->name,
                      (long long)w->npreset, (long long)w->t->numel);
  for (int64_t i = 0; i < w->npreset; i++)
    rt_tensor_set(w->t, i, w->preset[i]);
  return NNC_OK;
}

/* A Sequential model's input of unknown shape takes `in`. */
static void set_input_shape(nnc_model *m, Shape in) {
  if (m->net.input < 0 || m->net.nodes[m->net.input].out.rank >= 0)
    return;
  ArgVal *v = keras_arg_set(&m->net.nodes[m->net.input].layer->cfg, "shape");
  v->null = false;
  v->n = in.rank;
  memcpy(v->ints, in.dim, (size_t)in.rank * sizeof *in.dim);
}

nnc_status keras_model_build(nnc_model *m, Shape in) {
  if (m->built)
    return NNC_OK;
  set_input_shape(m, in);
  nnc_status s = keras_net_infer(&m->net, "build");
  if (s != NNC_OK)
    return s;
  m->features = keras_shape_numel(keras_input_shape(m));
  Rng r;
  rt_rng_seed(&r, m->seed);
  for (int i = 0; i < m->nlayers && s == NNC_OK; i++)
    s = make_weights(m, m->layers[i], &r);
  if (s != NNC_OK) {
    drop_weights(m);
    return s;
  }
  m->built = true;
  return NNC_OK;
}

nnc_status nnc_model_build(nnc_model *m, int rank, const int64_t *shape) {
  KERAS_ENTER(m);
  if (rank < 1 || rank >= IR_MAX_RANK || !shape)
    return base_error(NNC_ERR_ARG, "nnc_model_build: a sample's shape must have rank 1 to %d, "
                      "found %d%s", IR_MAX_RANK - 1, rank, rank > 0 && !shape ? " and NULL" : "");
  Shape in = {rank, {0}}, have = keras_input_shape(m);
  memcpy(in.dim, shape, (size_t)rank * sizeof *shape);
  for (int i = 0; i < rank; i++)
    if (shape[i] < 1)
      return base_error(NNC_ERR_ARG, "nnc_model_build: dimension %d of the shape is %lld", i,
                        (long long)shape[i]);
  if (m->net.input < 0)
    return base_error(NNC_ERR_ARG, "nnc_model_build: the model has no layers to build");
  if (have.rank >= 0 && (have.rank != rank || memcmp(have.dim, in.dim, sizeof *shape * (size_t)rank))) {
    char a[64], b[64];
    return base_error(NNC_ERR_SHAPE, "nnc_model_build: the model's input is %s, not %s",
                      keras_shape_text(have, a, sizeof a), keras_shape_text(in, b, sizeof b));
  }
  return keras_model_build(m, in);
}

nnc_status keras_need_built(nnc_model *m, const char *fn, const char *path, bool saving) {
  if (!m || !path)
    return base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, m ? "path" : "the model");
  if (!m->built && m->net.input >= 0 && keras_input_shape(m).rank >= 0) {
    nnc_status s = keras_model_build(m, keras_input_shape(m));
    if (s != NNC_OK)
      return s;
  }
  if (!m->built)
    return base_error(NNC_ERR_ARG, "%s: %s: You are %s a model that has not yet been built "
                      "(it has no weights: give it an input shape, or fit it once)", fn, path,
                      saving ? "saving" : "loading weights into");
  return NNC_OK;
}

/* Elements of the model's weights that train (or do not). */
static int64_t count_params(const nnc_model *m, bool trainable) {
  int64_t n = 0;
  for (int i = 0; i < m->nlayers; i++) {
    const Layer *l = m->layers[i];
    for (int k = 0; l->built && k < l->nweights; k++)
      if (l->w[k].used && l->w[k].trainable == trainable)
        n += keras_shape_numel(l->w[k].shape);
  }
  return n;
}

int64_t nnc_model_param_count(const nnc_model *m) {
  KERAS_GUARD(m, 0);
  return m ? count_params(m, true) : 0;
}

int64_t nnc_model_non_trainable_count(const nnc_model *m) {
  KERAS_GUARD(m, 0);
  return m ? count_params(m, false) : 0;
}

/* Weight `name` ("kernel") of the layer-with-weights number `layer`. */
static nnc_tensor *layer_weight(nnc_model *m, int layer, const char *name) {
  if (!m || !m->built || layer < 0)
    return NULL;
  for (int i = 0; i < m->nlayers; i++) {
    Layer *l = m->layers[i];
    if (!l->nweights || layer--)
      continue;
    for (int k = 0; k < l->nweights; k++)
      if (l->w[k].used && strcmp(l->w[k].spec->name, name) == 0)
        return l->w[k].t;
    return NULL;
  }
  return NULL;
}

nnc_tensor *nnc_model_kernel(nnc_model *m, int layer) {
  KERAS_GUARD(m, NULL);
  return layer_weight(m, layer, "kernel");
}

nnc_tensor *nnc_model_bias(nnc_model *m, int layer) {
  KERAS_GUARD(m, NULL);
  return layer_weight(m, layer, "bias");
}

typedef struct {
  const char *name;
  Weight *found;
} Lookup;

static int lookup(void *user, const char *name, Weight *w) {
  Lookup *l = user;
  if (strcmp(name, l->name) != 0)
    return 0;
  l->found = w;
  return 1;
}

Weight *keras_weight_named(const nnc_model *m, const char *name) {
  Lookup l = {name, NULL};
  keras_model_weights(m, lookup, &l);
  return l.found;
}

nnc_tensor *nnc_model_weight(nnc_model *m, const char *name) {
  KERAS_GUARD(m, NULL);
  Weight *w = m && name ? keras_weight_named(m, name) : NULL;
  return w ? w->t : NULL;   /* made by m's build, or by another model nesting m's layers */
}

double nnc_model_compile_ms(const nnc_model *m) {
  KERAS_GUARD(m, 0);
  return m ? m->train_compile_ms : 0;
}

/* ---- building a variant's graph ---- */

/* The graph being built: each node's value, the weights as leaves (one per Weight, however
 * many calls read it), what trains, the regularizers' sum and the writes done at the end. */
typedef struct Fwd Fwd;
struct Fwd {
  nnc_model *m;
  Graph *g;
  DType dt;
  bool training;
  bool bf16;                    /* mixed_bfloat16: Dense matmuls on bf16 operands */
  Value **vals;                 /* [nnodes] */
  int nleaves, capleaves;
  Weight **lw;                  /* the leaves' weights */
  Value **lv, **next;           /* their leaves, and the values pending for them (or NULL) */
  Value **params;               /* the trainable leaves, in first-use order */
  int nparams;
  Value *penalty;               /* the regularizers' terms summed; NULL: none */
  int ncounters;
  Value **counters;             /* step counters, each advanced at the end of a step */
};

uint64_t keras_node_seed(const Call *c) {
  uint64_t i = (uint64_t)(c->node - c->F->m->net.nodes);
  return ir_random_mix(c->F->m->seed ^ ir_random_mix(i + 1));
}

static void add_penalty(Fwd *F, Value *term) {
  if (term)
    F->penalty = F->penalty ? ir_binary(F->g, OP_ADD, F->penalty, term) : term;
}

static int leaf_of(Fwd *F, const Weight *w) {
  for (int i = 0; i < F->nleaves; i++)
    if (F->lw[i] == w)
      return i;
  return -1;
}

Value *keras_weight(Call *c, int i) {
  Fwd *F = c->F;
  Weight *w = &c->l->w[i];
  int k = leaf_of(F, w);
  if (k >= 0)
    return F->lv[k];
  char name[400];
  snprintf(name, sizeof name, "%s/%s", c->path, w->spec->name);
  DType dt = w->spec->kind == WK_FROZEN_I32 ? DT_I32 : F->dt;
  Value *v = ir_param(F->g, name, dt, w->shape, (InitKind)w->init.kind);
  if (!v)
    return NULL;
  k = F->nleaves++;
  F->lw[k] = w;
  F->lv[k] = v;
  F->next[k] = NULL;
  if (w->trainable) {
    F->params[F->nparams++] = v;
    add_penalty(F, keras_regularize(F->g, v, w->reg));
  }
  return v;
}

void keras_weight_assign(Call *c, int i, Value *v) {
  keras_weight(c, i);
  int k = leaf_of(c->F, &c->l->w[i]);
  if (k >= 0)
    c->F->next[k] = v;
}

static nnc_tensor *find_constant(const nnc_model *m, const char *name) {
  for (int i = 0; i < m->nconsts; i++)
    if (strcmp(m->consts[i].name, name) == 0)
      return m->consts[i].t;
  return NULL;
}

/* *out = a new entry `name` at the end of a model's list of named tensors (the list grows as
 * needed), holding a new tensor of dtype t and the given dims, its elements not yet set. */
static nnc_status named_push(NamedTensor **list, int *n, int *cap, const char *name, nnc_dtype t,
                             int rank, const int64_t *dims, NamedTensor **out) {
  if (*n == *cap) {
    int more = *cap ? 2 * *cap : 16;
    NamedTensor *p = base_realloc(*list, (size_t)more * sizeof *p);
    if (!p)
      return base_error(NNC_ERR_NOMEM, "compile: out of memory");
    *list = p;
    *cap = more;
  }
  NamedTensor *nt = &(*list)[*n];
  nnc_status s = (nt->name = base_strdup(name)) ? rt_tensor_alloc(t, rank, dims, &nt->t)
                                                : base_error(NNC_ERR_NOMEM, "compile: out of memory");
  if (s != NNC_OK) {
    base_free(nt->name);
    return s;
  }
  (*n)++;
  *out = nt;
  return NNC_OK;
}

/* The model's constant `name`, made from v's matrix in dtype dt the first time. */
static nnc_status keep_constant(nnc_model *m, const char *name, DType dt, const ArgVal *v,
                                nnc_tensor **out) {
  if ((*out = find_constant(m, name)))
    return NNC_OK;
  NamedTensor *nt;
  nnc_status s = named_push(&m->consts, &m->nconsts, &m->capconsts, name, (nnc_dtype)dt, 2,
                            v->ints, &nt);
  if (s != NNC_OK)
    return s;
  for (int64_t i = 0; i < v->n; i++)
    rt_tensor_set(nt->t, i, v->nums[i]);
  *out = nt->t;
  return NNC_OK;
}

Value *keras_constant(Call *c, const char *arg) {
  char name[400];
  snprintf(name, sizeof name, "const:%s/%s", c->path, arg);
  Value *leaf = ir_find(c->g, name);   /* a shared layer's second call */
  nnc_tensor *t = NULL;
  if (leaf)
    return leaf;
  nnc_status s = keep_constant(c->F->m, name, c->F->dt, keras_arg(&c->l->cfg, arg), &t);
  if (s != NNC_OK) {
    ir_fail(c->g, s, "%s", base_last_error());
    return NULL;
  }
  return ir_input(c->g, name, c->F->dt, ir_shape(2, t->shape[0], t->shape[1]));
}

Value *keras_step_counter(Call *c, const char *name) {
  char full[400];
  snprintf(full, sizeof full, "%s/%s", c->path, name);
  Value *v = ir_state(c->g, full, DT_I32, ir_shape(0), 0);
  if (v)
    c->F->counters[c->F->ncounters++] = v;
  return v;
}

/* What InputLayer node i reads of the compiled x: x itself, or for a model of several
 * inputs its columns of the packed x, shaped as its samples. */
static Value *input_value(Fwd *F, int i, Value *x) {
  const Net *n = &F->m->net;
  if (n->nin <= 1)
    return x;
  int k = 0;
  while (n->in[k] != i)
    k++;
  Shape sample = n->nodes[i].out, s = {sample.rank + 1, {x->shape.dim[0]}};
  memcpy(s.dim + 1, sample.dim, (size_t)sample.rank * sizeof *sample.dim);
  Value *cols = ir_slice(F->g, x, 1, keras_input_offset(F->m, k), keras_shape_numel(sample));
  return sample.rank == 1 ? cols : ir_reshape(F->g, cols, s);
}

/* The layers on x, in node order; the output node's value. */
static Value *forward(Fwd *F, Value *x) {
  const Net *net = &F->m->net;
  for (int i = 0; i < net->nnodes && F->g->status == NNC_OK; i++) { /* a layer reads values */
    const LayerNode *node = &net->nodes[i];
    Value *in[8];
    Value **ins = node->ninputs <= 8 ? in
                  : base_malloc((size_t)node->ninputs * sizeof *ins);
    if (!ins) {
      ir_fail(F->g, NNC_ERR_NOMEM, "compile: out of memory");
      return NULL;
    }
    for (int j = 0; j < node->ninputs; j++)
      ins[j] = F->vals[node->inputs[j]];
    if (node->layer->kind == NNC_LAYER_INPUT)
      ins[0] = input_value(F, i, x);
    char path[320];
    Call c = {F, F->g, node->layer, node, node->ninputs, ins,
              keras_node_path(net, i, path, sizeof path), F->dt, F->training, F->bf16};
    Value *out = keras_layer_forward(node->layer->kind, F->training)(&c);
    const ArgVal *act = keras_arg(&node->layer->cfg, "activity_regularizer");
    if (out && (act->reg.l1 != 0 || act->reg.l2 != 0)) /* divided by the batch's size */
      add_penalty(F, ir_binary(F->g, OP_DIV, keras_regularize(F->g, out, act->reg),
                               ir_scalar(F->g, out->dtype, (double)out->shape.dim[0])));
    F->vals[i] = out;
    if (ins != in)
      base_free(ins);
  }
  return F->g->status == NNC_OK ? F->vals[keras_net_output(net)] : NULL;
}

/* The writes of a training step: pending weight values and the step counters. */
static void finish_step(Fwd *F) {
  for (int k = 0; k < F->nleaves; k++)
    if (F->next[k])
      ir_assign(F->g, F->lv[k], F->next[k]);
  for (int k = 0; k < F->ncounters; k++)
    ir_assign(F->g, F->counters[k],
              ir_binary(F->g, OP_ADD, F->counters[k], ir_scalar(F->g, DT_I32, 1)));
}

static bool fwd_alloc(Fwd *F) {
  int cap = 1;
  for (int i = 0; i < F->m->nlayers; i++)
    cap += F->m->layers[i]->nweights;
  F->lw = base_calloc((size_t)cap, sizeof *F->lw);
  F->lv = base_calloc((size_t)cap, sizeof *F->lv);
  F->next = base_calloc((size_t)cap, sizeof *F->next);
  F->params = base_calloc((size_t)cap, sizeof *F->params);
  F->vals = base_calloc((size_t)F->m->net.nnodes + 1, sizeof *F->vals);
  F->counters = base_calloc((size_t)F->m->net.nnodes + 1, sizeof *F->counters);
  return F->g && F->lw && F->lv && F->next && F->params && F->vals && F->counters;
}

static void fwd_free(Fwd *F) {
  base_free(F->lv);
  base_free(F->next);
  base_free(F->vals);
  base_free(F->counters);
}

static Shape batch_shape(int64_t batch, Shape sample) {
  Shape s = {sample.rank + 1, {batch}};
  memcpy(s.dim + 1, sample.dim, (size_t)sample.rank * sizeof *sample.dim);
  return s;
}

/* The caller's graph-level loss (nnc_compile_options.custom_loss): a scalar of g, else NULL
 * with g's error set. */
static Value *custom_loss(nnc_model *m, Graph *g, Value *pred, Value *y) {
  Value *l = (Value *)m->copt.custom_loss((nnc_graph *)g, (nnc_value *)pred, (nnc_value *)y,
                                          m->copt.custom_user);
  if (g->status == NNC_OK && (!l || l->shape.rank != 0))
    ir_fail(g, NNC_ERR_ARG, "custom_loss returned %s; it must return a scalar built in the "
            "graph it was given", l ? "a value that is not a scalar" : "NULL");
  return g->status == NNC_OK ? l : NULL;
}

/* Whether (kind)'s steps read per-sample loss weights: fit's with sample or class weights,
 * evaluate's with sample_weight. */
static bool weighted(const nnc_model *m, VariantKind kind) {
  return (kind == VAR_TRAIN && m->weighted) || (kind == VAR_EVAL && m->eval_weighted);
}

nnc_status keras_build_graph(nnc_model *m, VariantKind kind, int64_t batch, Forward *out) {
  Fwd F = {.m = m, .g = ir_graph_new(), .dt = (DType)m->copt.dtype,
           .training = kind == VAR_TRAIN || kind == VAR_GRAD, .bf16 = m->copt.mixed_bfloat16 != 0};
  bool ok = fwd_alloc(&F);
  *out = (Forward){.g = F.g, .params = F.params, .pweights = F.lw};
  Graph *g = F.g;
  nnc_status s = ok ? NNC_OK : base_error(NNC_ERR_NOMEM, "compile: out of memory");
  if (s == NNC_OK) {
    Value *x = ir_input(g, "x", F.dt, batch_shape(batch, keras_input_shape(m)));
    Value *pred = forward(&F, x);
    if (kind != VAR_PREDICT) {
      Shape ys = keras_sparse(m) ? ir_shape(1, batch) : ir_shape(2, batch, keras_out_units(m));
      Value *y = ir_input(g, "y", F.dt, ys);
      Value *w = weighted(m, kind) ? ir_input(g, "w", F.dt, ir_shape(1, batch)) : NULL;
      out->loss = m->copt.custom_loss ? custom_loss(m, g, pred, y)
                                      : ir_loss_with(g, (LossKind)m->copt.loss, pred, y,
                                                     m->copt.from_logits != 0, m->copt.loss_args, w);
      if (F.penalty && out->loss)
        out->loss = ir_binary(g, OP_ADD, out->loss, ir_cast(g, F.penalty, out->loss->dtype));
      ir_output(g, out->loss);
    }
    ir_output(g, pred);
    if (F.training)
      finish_step(&F);
    if (g->status)
      s = base_error(g->status, "compile: %s", g->msg);
  }
  out->assigned = base_calloc((size_t)F.nleaves + 1, sizeof *out->assigned);
  if (s == NNC_OK && !out->assigned)
    s = base_error(NNC_ERR_NOMEM, "compile: out of memory");
  for (int i = 0; s == NNC_OK && i < F.nleaves; i++)
    if (F.next[i] && !F.lw[i]->trainable && F.lw[i]->dtype != DT_I32)
      out->assigned[out->nassigned++] = F.lw[i];
  /* the weight of each trainable leaf, in params' order, for the constraints */
  for (int i = 0, k = 0; s == NNC_OK && i < F.nleaves; i++)
    if (F.lw[i]->trainable)
      F.lw[k++] = F.lw[i];
  out->nparams = F.nparams;
  fwd_free(&F);
  return s;
}

/* ---- binding a compiled variant ---- */

/* The buffer of a STATE leaf (optimizer memory or a step counter, filled with v->num),
 * shared by every variant and created on first sight. */
static nnc_status named_tensor(nnc_model *m, const Value *v, nnc_tensor **out) {
  for (int i = 0; i < m->nstates; i++)
    if (strcmp(m->states[i].name, v->name) == 0) {
      *out = m->states[i].t;
      if ((*out)->numel != ir_numel(v->shape) || (int)(*out)->dtype != (int)v->dtype)
        return base_error(NNC_ERR_INTERNAL, "compile: buffer '%s' changed type", v->name);
      return NNC_OK;
    }
  NamedTensor *nt;
  nnc_status s = named_push(&m->states, &m->nstates, &m->capstates, v->name, (nnc_dtype)v->dtype,
                            v->shape.rank, v->shape.dim, &nt);
  if (s != NNC_OK)
    return s;
  for (int64_t i = 0; i < nt->t->numel; i++)
    rt_tensor_set(nt->t, i, v->num);
  *out = nt->t;
  return NNC_OK;
}

static nnc_status alloc_buffers(nnc_model *m, Variant *v) {
  nnc_dtype dt = m->copt.dtype;
  if (v->kind == VAR_UPDATE) /* reads the weights and m->grads only */
    return NNC_OK;
  Shape xs = batch_shape(v->batch, keras_input_shape(m));
  int64_t ps[2] = {v->batch, keras_out_units(m)};
  nnc_status s = rt_tensor_alloc(dt, xs.rank, xs.dim, &v->x);
  if (s == NNC_OK)
    s = nnc_tensor_new(dt, 2, ps, &v->pred);
  if (s == NNC_OK && v->kind != VAR_PREDICT)
    s = nnc_tensor_new(dt, keras_sparse(m) ? 1 : 2, ps, &v->y);
  if (s == NNC_OK && v->kind != VAR_PREDICT)
    s = nnc_tensor_new(dt, 0, NULL, &v->loss);
  if (s == NNC_OK && weighted(m, v->kind))
    s = nnc_tensor_new(dt, 1, &v->batch, &v->w);
  return s;
}

/* Where the gradient of the weight named `name` goes in the model's GradBuf. */
static nnc_status grad_slot(nnc_model *m, const char *name, void **slot) {
  GradBuf *gb = &m->grads;
  for (int i = 0; i < gb->n; i++)
    if (strcmp(gb->names[i], name) == 0) {
      *slot = (char *)gb->buf->data + (size_t)gb->at[i] * rt_dtype_size(gb->buf->dtype);
      return NNC_OK;
    }
  return base_error(NNC_ERR_INTERNAL, "compile: no gradient buffer for '%s'", name);
}

static nnc_status bind_leaf(nnc_model *m, Variant *v, const Value *leaf, void **slot) {
  nnc_tensor *t = NULL;
  nnc_status s = NNC_OK;
  if (leaf->op == OP_INPUT && strcmp(leaf->name, "x") == 0)
    t = v->x;
  else if (leaf->op == OP_INPUT && strcmp(leaf->name, "y") == 0)
    t = v->y;
  else if (leaf->op == OP_INPUT && strcmp(leaf->name, "w") == 0)
    t = v->w;
  else if (leaf->op == OP_INPUT && strncmp(leaf->name, "grad:", 5) == 0)
    s = grad_slot(m, leaf->name + 5, slot);
  else if (leaf->op == OP_PARAM && keras_weight_named(m, leaf->name))
    t = keras_weight_named(m, leaf->name)->t;
  else if (leaf->op == OP_STATE)
    s = named_tensor(m, leaf, &t);
  else if (leaf->op == OP_INPUT && strncmp(leaf->name, "const:", 6) == 0)
    t = find_constant(m, leaf->name);
  if (s == NNC_OK && !t && !*slot)
    s = base_error(NNC_ERR_INTERNAL, "compile: no buffer for leaf '%s'", leaf->name);
  if (s == NNC_OK && t)
    *slot = t->data;
  return s;
}

static nnc_status bind(nnc_model *m, Variant *v, const Graph *g) {
  int n = ir_slots(g, NULL), nout = g->noutputs;
  Value **slots = base_calloc((size_t)n + 1, sizeof *slots);
  v->slots = base_calloc((size_t)n + 1, sizeof *v->slots);
  if (!slots || !v->slots) {
    base_free(slots);
    return base_error(NNC_ERR_NOMEM, "compile: out of memory");
  }
  ir_slots(g, slots);
  v->nslots = n;
  nnc_status s = NNC_OK;
  for (int i = 0; i < n - nout && s == NNC_OK; i++)
    s = bind_leaf(m, v, slots[i], &v->slots[i]);
  int o = n - nout; /* the outputs: loss (TRAIN, EVAL, GRAD), pred, then GRAD's gradients */
  if (v->loss)
    v->slots[o++] = v->loss->data;
  if (v->pred)
    v->slots[o++] = v->pred->data;
  for (int i = 0; s == NNC_OK && o < n; i++)
    s = grad_slot(m, m->grads.names[i], &v->slots[o++]);
  base_free(slots);
  return s;
}

static nnc_status grow_scratch(nnc_model *m, int64_t bytes) {
  if (bytes <= m->scratch_cap && m->scratch_raw)
    return NNC_OK;
  void *p = base_malloc((size_t)bytes + 63);
  if (!p)
    return base_error(NNC_ERR_NOMEM, "compile: out of memory for %lld bytes of scratch",
                    (long long)bytes);
  base_free(m->scratch_raw);
  m->scratch_raw = p;
  m->scratch = (void *)(((uintptr_t)p + 63) & ~(uintptr_t)63);
  m->scratch_cap = bytes;
  return NNC_OK;
}

/* The optimizer's new value of trainable weight i (user: the weights, Forward.pweights)
 * under its constraint. */
static Value *constrain(Graph *g, int i, Value *updated, void *user) {
  return keras_constrain(g, updated, &((Weight **)user)[i]->con);
}

void keras_train_job(nnc_model *m, Forward *f, nnc_optimizer *opt, DriverJob *job) {
  *opt = m->copt.optimizer;
  opt->learning_rate = keras_lr_at(m, m->opt.iterations); /* what its STATE starts with */
  job->loss = f->loss; /* differentiate the loss and update the params */
  job->nwrt = f->nparams;
  job->wrt = f->params;
  job->opt = opt;
  job->nno_decay = m->opt.nno_decay;
  job->no_decay = (const char *const *)m->opt.no_decay;
  job->constrain = constrain;
  job->user = f->pweights;
}

void keras_forward_free(Forward *f) {
  ir_graph_free(f->g);
  base_free(f->params);
  base_free(f->pweights);
  base_free(f->assigned);
  *f = (Forward){0};
}

/* Builds the graph of v, compiles it through the driver (handing out the stages in keep,
 * into *stages) and binds it. */
static nnc_status compile_variant(nnc_model *m, Variant *v, unsigned keep, DriverOut *stages) {
  double t0 = base_seconds();
  Forward f = {0};
  nnc_status s = m->jit ? NNC_OK : driver_jit_new(&m->jit);
  Value **grads = NULL;
  if (s == NNC_OK)
    s = v->kind == VAR_UPDATE ? keras_update_graph(m, &f, &grads)
                              : keras_build_graph(m, v->kind, v->batch, &f);
  if (s == NNC_OK && v->kind == VAR_GRAD)
    s = keras_grads_init(m, &f);
  DriverJob job = {.stop = DRIVER_JIT, .keep = keep, .jit = m->jit};
  nnc_optimizer opt;
  if (v->kind == VAR_TRAIN || v->kind == VAR_UPDATE)
    keras_train_job(m, &f, &opt, &job);
  job.grads = grads;   /* UPDATE: the gradients it applies */
  job.grads_in = grads != NULL;
  if (v->kind == VAR_GRAD) { /* the step up to the gradients, which become outputs */
    job.loss = f.loss;
    job.nwrt = f.nparams;
    job.wrt = f.params;
    job.grads_out = true;
    job.early_outputs = true; /* each gradient summed while the rest of backward runs */
  }
  if (s == NNC_OK)
    s = driver_compile(f.g, &job, stages);
  v->fn = stages->fn;
  if (s == NNC_OK)
    s = alloc_buffers(m, v);
  if (s == NNC_OK)
    s = bind(m, v, f.g);
  if (s == NNC_OK) {
    v->scratch_bytes = stages->scratch_bytes;
    v->guard_offset = stages->guard_offset;
    s = grow_scratch(m, v->scratch_bytes);
  }
  keras_forward_free(&f);
  base_free(grads);
  v->compile_ms = (base_seconds() - t0) * 1e3;
  return s;
}

/* Compiles (kind, batch) as a new variant at the end of m->variants. */
static nnc_status add_variant(nnc_model *m, VariantKind kind, int64_t batch, unsigned keep,
                              DriverOut *stages, Variant **out) {
  *stages = (DriverOut){.loss_output = -1};
  if (m->nvariants == m->capvariants) {
    int cap = m->capvariants ? 2 * m->capvariants : 8;
    Variant **p = base_realloc(m->variants, (size_t)cap * sizeof *p);
    if (!p)
      return base_error(NNC_ERR_NOMEM, "compile: out of memory");
    m->variants = p;
    m->capvariants = cap;
  }
  Variant *v = base_calloc(1, sizeof *v);
  if (!v)
    return base_error(NNC_ERR_NOMEM, "compile: out of memory");
  v->kind = kind;
  v->batch = batch;
  v->guard_offset = -1;
  nnc_status s = compile_variant(m, v, keep, stages);
  if (s != NNC_OK) {
    variant_free(v);
    return s;
  }
  if (kind == VAR_TRAIN && m->train_compile_ms == 0)
    m->train_compile_ms = v->compile_ms;
  m->variants[m->nvariants++] = v;
  *out = v;
  return NNC_OK;
}

static int find_variant(const nnc_model *m, VariantKind kind, int64_t batch) {
  for (int i = 0; i < m->nvariants; i++)
    if (m->variants[i]->kind == kind && m->variants[i]->batch == batch &&
        (m->variants[i]->w != NULL) == weighted(m, kind))
      return i;
  return -1;
}

nnc_status keras_variant_get(nnc_model *m, VariantKind kind, int64_t batch, Variant **out) {
  int i = find_variant(m, kind, batch);
  if (i >= 0) {
    *out = m->variants[i];
    return NNC_OK;
  }
  DriverOut none;
  nnc_status s = add_variant(m, kind, batch, 0, &none, out);
  driver_out_free(&none);
  return s;
}

nnc_status keras_variant_stages(nnc_model *m, VariantKind kind, int64_t batch, unsigned keep,
                                DriverOut *stages) {
  int i = find_variant(m, kind, batch);
  if (i >= 0) { /* compiled without its stages kept: compile it again */
    variant_free(m->variants[i]);
    m->variants[i] = m->variants[--m->nvariants];
  }
  Variant *v;
  return add_variant(m, kind, batch, keep, stages, &v);
}

void keras_variant_run(nnc_model *m, Variant *v) {
  if (v->guard_offset >= 0)
    memset((char *)m->scratch + v->guard_offset, 0, sizeof(int32_t));
  driver_run(v->fn, v->slots, m->scratch);
}

void keras_variant_run_ready(nnc_model *m, Variant *v, DriverReady *ready, void *user) {
  if (v->guard_offset >= 0)
    memset((char *)m->scratch + v->guard_offset, 0, sizeof(int32_t));
  driver_run_ready(v->fn, v->slots, m->scratch, ready, user);
}

bool keras_variant_nonfinite(const nnc_model *m, const Variant *v) {
  int32_t flag = 0;
  if (v->guard_offset >= 0)
    memcpy(&flag, (const char *)m->scratch + v->guard_offset, sizeof flag);
  return flag != 0;
}

double keras_variant_loss(const Variant *v) {
  return v->loss ? rt_tensor_get(v->loss, 0) : NAN;
}
