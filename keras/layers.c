/* layers.c — the builders of nnc.h: layers by Keras class and configuration (and the typed
 * shortcuts that make those configurations), calls of layers on earlier ones, Keras's layer
 * names, and what nnc_model_layer tells of a call.
 *
 * Every builder checks everything before it changes the model, so a failed call adds
 * nothing: a new Layer is made and configured aside, its node appended, and the net's shapes
 * inferred (all or nothing, net.c); when inference refuses, the node is taken back. A
 * Sequential model without an input gets an InputLayer of unknown shape at its first layer;
 * keras_model_build gives it the data's shape. Layer names are unique in a model; a shared
 * layer's calls all carry its one name.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "keras.h"

/* A layer's or a nested model's name in the model. */
bool keras_name_taken(const nnc_model *m, const char *name) {
  for (int i = 0; i < m->nlayers; i++)
    if (strcmp(m->layers[i]->name, name) == 0)
      return true;
  for (int i = 0; i < m->net.nnests; i++)
    if (strcmp(m->net.nests[i].name, name) == 0)
      return true;
  return false;
}

/* The prefix of l's names: its row's, or an Operation's ("multiply", "re_lu"), as Keras
 * names the nodes of keras.ops and keras.activations. */
static const char *prefix_of(const Layer *l) {
  if (l->kind == NNC_LAYER_OPERATION)
    return keras_operation(l).prefix;
  return names_layer((int)l->kind)->prefix;
}

/* The user's name, or prefix, prefix_1, ... numbered per class as Keras numbers the layers
 * it names (a layer given its own name takes no number), skipping names already taken. */
static char *layer_name(const nnc_model *m, const Layer *l, const char *want) {
  char buf[64];
  if (want)
    return base_strdup(want);
  int count = 0;
  const char *prefix = prefix_of(l);
  for (int i = 0; i < m->nlayers; i++)
    count += m->layers[i]->auto_named && strcmp(prefix_of(m->layers[i]), prefix) == 0;
  for (int j = count;; j++) {
    snprintf(buf, sizeof buf, j ? "%s_%d" : "%s", prefix, j);
    if (!keras_name_taken(m, buf))
      return base_strdup(buf);
  }
}

static nnc_status check_name(const nnc_model *m, const char *name, const char *fn) {
  if (name && (!*name || strchr(name, '/') || strchr(name, '@') || strlen(name) > 100))
    return base_error(NNC_ERR_ARG, "%s: a layer name must be 1 to 100 characters without '/' "
                      "or '@'", fn);
  if (name && keras_name_taken(m, name))
    return base_error(NNC_ERR_ARG, "%s: a layer named '%s' already exists", fn, name);
  return NNC_OK;
}

static nnc_status check_model(const nnc_model *m, const char *fn) {
  if (!m)
    return base_error(NNC_ERR_ARG, "%s: model is NULL", fn);
  if (m->compiled)
    return base_error(NNC_ERR_ARG, "%s: the model is already compiled; add layers before "
                      "nnc_model_compile", fn);
  return NNC_OK;
}

static nnc_status check_ids(const nnc_model *m, int n, const int *ids, const char *fn) {
  if (n < 1 || !ids)
    return base_error(NNC_ERR_ARG, "%s: %s", fn, ids ? "no inputs" : "inputs is NULL");
  for (int i = 0; i < n; i++)
    if (ids[i] < 0 || ids[i] >= m->net.nnodes)
      return base_error(NNC_ERR_ARG, "%s: %d is not a layer of this model (it has %d, ids 0 "
                        "to %d)", fn, ids[i], m->net.nnodes, m->net.nnodes - 1);
  return NNC_OK;
}

/* ---- making a layer ---- */

/* The weights' initializers, regularizers, constraints and trainability from the config. */
static void weights_from_config(Layer *l) {
  bool trainable = keras_arg(&l->cfg, "trainable")->num != 0;
  for (int i = 0; i < l->nweights; i++) {
    Weight *w = &l->w[i];
    const WeightSpec *s = w->spec;
    w->trainable = trainable && s->kind == WK_TRAINABLE;
    nnc_initializer named = s->init[0] && !keras_arg_has(&l->cfg, s->init)
                                ? (nnc_initializer)names_find(&names_initializers, s->init)
                                : NNC_INIT_ZEROS;
    w->init = keras_arg_has(&l->cfg, s->init) ? keras_arg(&l->cfg, s->init)->init
                                              : keras_init_of(named);
    w->reg = s->reg[0] ? keras_arg(&l->cfg, s->reg)->reg : (nnc_regularizer){0, 0};
    w->con = s->con[0] ? keras_arg(&l->cfg, s->con)->con : (nnc_constraint){0};
  }
}

/* A layer of class k with its defaults, then `json`'s arguments, every one checked; not yet
 * named nor part of the model. */
static nnc_status new_layer(nnc_layer_kind k, const char *json, const char *fn, Layer **out) {
  Layer *l = keras_layer_new(k);
  nnc_status s = l ? keras_config_defaults(k, &l->cfg, fn)
                   : base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  if (s == NNC_OK)
    s = keras_config_set(&l->cfg, json, fn);
  if (s == NNC_OK)
    s = keras_config_complete(&l->cfg, fn);
  if (s != NNC_OK) {
    if (l)
      l->refs = 1;
    keras_layer_release(l);
    return s;
  }
  *out = l;
  return NNC_OK;
}

/* Names l (its "name" argument or Keras's numbering) once everything else is checked. */
static nnc_status name_layer(nnc_model *m, Layer *l, const char *fn) {
  const char *want = keras_arg(&l->cfg, "name")->str;
  nnc_status s = check_name(m, want, fn);
  if (s != NNC_OK)
    return s;
  l->name = layer_name(m, l, want);
  l->auto_named = !want;
  if (!l->name)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  weights_from_config(l);
  return NNC_OK;
}

static nnc_status grow(void **p, int *cap, int need, size_t size, const char *fn) {
  if (need <= *cap)
    return NNC_OK;
  int c = *cap ? 2 * *cap : 8;
  void *q = base_realloc(*p, (size_t)c * size);
  if (!q)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory adding a layer", fn);
  *p = q;
  *cap = c;
  return NNC_OK;
}

static bool listed(const nnc_model *m, const Layer *l) {
  for (int i = 0; i < m->nlayers; i++)
    if (m->layers[i] == l)
      return true;
  return false;
}

/* Calls of l in the net so far (a layer nested from another model has calls there too). */
static int calls_in(const Net *n, const Layer *l) {
  int c = 0;
  for (int i = 0; i < n->nnodes; i++)
    c += n->nodes[i].layer == l;
  return c;
}

void keras_pop_call(nnc_model *m) {
  LayerNode *node = &m->net.nodes[--m->net.nnodes];
  Layer *l = node->layer;
  base_free(node->inputs);
  if (node->call == 0) { /* its first call: it leaves the model's list too */
    for (int i = 0; i < m->nlayers; i++)
      if (m->layers[i] == l) {
        memmove(&m->layers[i], &m->layers[i + 1],
                (size_t)(m->nlayers - i - 1) * sizeof *m->layers);
        m->nlayers--;
        keras_layer_release(l);
        break;
      }
  }
  for (int k = 0; k < m->net.nin; k++) /* an InputLayer leaves the model's inputs */
    if (m->net.in[k] == m->net.nnodes) {
      memmove(&m->net.in[k], &m->net.in[k + 1], (size_t)(m->net.nin - k - 1) * sizeof(int));
      m->net.nin--;
      break;
    }
  m->net.input = m->net.nin > 0 ? m->net.in[0] : -1;
  keras_layer_release(l);
}

/* Room in net->in for one more input. */
static nnc_status grow_inputs(Net *net, const char *fn) {
  int *in = base_realloc(net->in, ((size_t)net->nin + 1) * sizeof *in);
  if (!in)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory adding an input", fn);
  net->in = in;
  return NNC_OK;
}

nnc_status keras_push_call(nnc_model *m, Layer *l, int n, const int *inputs, const char *fn,
                           int *id) {
  Net *net = &m->net;
  bool first = !listed(m, l);
  nnc_status s = grow((void **)&net->nodes, &net->cap, net->nnodes + 1, sizeof *net->nodes, fn);
  if (s == NNC_OK && first)
    s = grow((void **)&m->layers, &m->caplayers, m->nlayers + 1, sizeof *m->layers, fn);
  if (s == NNC_OK && l->kind == NNC_LAYER_INPUT)
    s = grow_inputs(net, fn);
  int *in = s == NNC_OK ? base_calloc((size_t)n + 1, sizeof *in) : NULL;
  if (s == NNC_OK && !in)
    s = base_error(NNC_ERR_NOMEM, "%s: out of memory adding a layer", fn);
  if (s != NNC_OK) {
    if (first && l->refs == 0) {
      l->refs = 1;
      keras_layer_release(l);
    }
    return s;
  }
  if (n)
    memcpy(in, inputs, (size_t)n * sizeof *in);
  if (first) {
    m->layers[m->nlayers++] = l;
    l->refs++;
  }
  l->refs++;
  net->nodes[net->nnodes] = (LayerNode){l, n, in, {-1, {0}}, calls_in(net, l), 0};
  if (l->kind == NNC_LAYER_INPUT) {
    net->in[net->nin++] = net->nnodes;
    net->input = net->in[0];
  }
  net->nnodes++;
  s = keras_net_infer(net, fn);
  if (s != NNC_OK) {
    keras_pop_call(m);
    return s;
  }
  Shape shape = keras_input_shape(m);
  m->features = shape.rank >= 0 ? keras_shape_numel(shape) : 0;
  if (id)
    *id = net->nnodes - 1;
  return NNC_OK;
}

/* A new layer (checked, unnamed) called on inputs: named, then appended. */
static nnc_status add_new(nnc_model *m, Layer *l, int n, const int *inputs, const char *fn,
                          int *id) {
  nnc_status s = name_layer(m, l, fn);
  if (s != NNC_OK) {
    l->refs = 1;
    keras_layer_release(l);
    return s;
  }
  return keras_push_call(m, l, n, inputs, fn, id);
}

/* ---- the input ---- */

nnc_status keras_add_input(nnc_model *m, int rank, const int64_t *shape, const char *name,
                           const char *fn, int *id) {
  if (rank < 0 || rank > IR_MAX_RANK - 1 || (rank && !shape))
    return base_error(NNC_ERR_ARG, "%s: shape must be given with rank 1 to %d, found rank %d%s",
                      fn, IR_MAX_RANK - 1, rank, rank && !shape ? " and NULL" : "");
  for (int i = 0; i < rank; i++)
    if (shape[i] <= 0)
      return base_error(NNC_ERR_ARG, "%s: dimensions must be positive, found %lld", fn,
                        (long long)shape[i]);
  Layer *l;
  nnc_status s = new_layer(NNC_LAYER_INPUT, NULL, fn, &l);
  if (s != NNC_OK)
    return s;
  ArgVal *sv = keras_arg_set(&l->cfg, "shape");
  sv->null = rank == 0;
  sv->n = rank;
  for (int i = 0; i < rank; i++)
    sv->ints[i] = shape[i];
  if (name && !(keras_arg_set(&l->cfg, "name")->str = base_strdup(name))) {
    l->refs = 1;
    keras_layer_release(l);
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  }
  return add_new(m, l, 0, NULL, fn, id);
}

nnc_status nnc_model_input(nnc_model *m, int rank, const int64_t *shape, const char *name,
                           int *id) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_input";
  nnc_status s = check_model(m, fn);
  if (s == NNC_OK && !id)
    s = base_error(NNC_ERR_ARG, "%s: id is NULL", fn);
  if (s == NNC_OK && rank < 1)
    s = base_error(NNC_ERR_ARG, "%s: shape must be given with rank 1 to %d, found rank %d", fn,
                   IR_MAX_RANK - 1, rank);
  if (s == NNC_OK && m->net.nnodes > 0 && m->net.sequential)
    s = base_error(NNC_ERR_ARG, "%s: the model has layers already", fn);
  if (s != NNC_OK)
    return s;
  s = keras_add_input(m, rank, shape, name, fn, id);
  if (s == NNC_OK)
    m->net.sequential = false; /* Keras's functional form */
  return s;
}

static nnc_status sequential_input(nnc_model *m, int rank, const int64_t *shape,
                                   const char *fn) {
  nnc_status s = check_model(m, fn);
  if (s == NNC_OK && m->net.nnodes > 0)
    s = base_error(NNC_ERR_ARG, "%s: the input must come first, and once", fn);
  if (s == NNC_OK && rank < 1)
    s = base_error(NNC_ERR_ARG, "%s: the input's shape must have rank 1 to %d, found %d", fn,
                   IR_MAX_RANK - 1, rank);
  int id;
  return s == NNC_OK ? keras_add_input(m, rank, shape, NULL, fn, &id) : s;
}

nnc_status nnc_model_add_input(nnc_model *m, int64_t features) {
  KERAS_ENTER(m);
  if (m && features <= 0)
    return base_error(NNC_ERR_ARG, "nnc_model_add_input: features must be positive, found %lld",
                      (long long)features);
  return sequential_input(m, 1, &features, "nnc_model_add_input");
}

nnc_status nnc_model_add_input_shape(nnc_model *m, int rank, const int64_t *shape) {
  KERAS_ENTER(m);
  return sequential_input(m, rank, shape, "nnc_model_add_input_shape");
}

/* The Sequential form's next layer: on the last node, after an InputLayer made from the
 * layer's input_shape or input_dim (or of unknown shape) when it is the first. */
/* The InputLayer a Sequential model without one takes for its first layer l. */
static nnc_status first_input(nnc_model *m, const Layer *l, const char *fn) {
  const ArgVal *shape = keras_arg(&l->cfg, "input_shape"), *dim = keras_arg(&l->cfg, "input_dim");
  int64_t d = (int64_t)dim->num;
  int in;
  return !shape->null ? keras_add_input(m, shape->n, shape->ints, NULL, fn, &in)
         : !dim->null ? keras_add_input(m, 1, &d, NULL, fn, &in)
                      : keras_add_input(m, 0, NULL, NULL, fn, &in);
}

static nnc_status append(nnc_model *m, Layer *l, const char *fn, int *id) {
  bool made = m->net.nnodes == 0;
  nnc_status s = made ? first_input(m, l, fn) : NNC_OK;
  if (s != NNC_OK) {
    l->refs = 1;
    keras_layer_release(l);
    return s;
  }
  int last = m->net.nnodes - 1;
  s = add_new(m, l, 1, &last, fn, id);
  if (s != NNC_OK && made) /* take back the input made for it */
    keras_pop_call(m);
  return s;
}

/* ---- by class and configuration ---- */

static nnc_status class_of(const char *cls, const char *fn, nnc_layer_kind *k) {
  int id = cls ? names_find(&names_layers, cls) : -1;
  if (id >= 0) {
    *k = (nnc_layer_kind)id;
    return NNC_OK;
  }
  char msg[400];
  if (!cls)
    return base_error(NNC_ERR_ARG, "%s: the class name is NULL", fn);
  names_unknown(&names_layers, cls, cls, msg, sizeof msg);
  return base_error(NNC_ERR_ARG, "%s: %s", fn, msg);
}

nnc_status nnc_model_add_layer_config(nnc_model *m, const char *cls, const char *config) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_add_layer_config";
  nnc_layer_kind k;
  Layer *l;
  nnc_status s = check_model(m, fn);
  if (s == NNC_OK)
    s = class_of(cls, fn, &k);
  if (s == NNC_OK)
    s = new_layer(k, config, fn, &l);
  if (s != NNC_OK)
    return s;
  if (k != NNC_LAYER_INPUT)
    return append(m, l, fn, NULL);
  const ArgVal *shape = keras_arg(&l->cfg, "shape"), *batch = keras_arg(&l->cfg, "batch_shape");
  s = m->net.nnodes ? base_error(NNC_ERR_ARG, "%s: the input must come first, and once", fn)
      : shape->null && batch->null
          ? base_error(NNC_ERR_ARG, "%s: InputLayer: give 'shape' or 'batch_shape'", fn)
          : NNC_OK;
  if (s != NNC_OK) {
    l->refs = 1;
    keras_layer_release(l);
    return s;
  }
  return add_new(m, l, 0, NULL, fn, NULL);
}

nnc_status nnc_layer_check_config(const char *cls, const char *config) {
  const char *fn = "nnc_layer_check_config";
  nnc_layer_kind k = NNC_LAYER_INPUT;
  Layer *l;
  nnc_status s = class_of(cls, fn, &k);
  if (s == NNC_OK)
    s = new_layer(k, config, fn, &l);
  if (s == NNC_OK) {
    l->refs = 1;
    keras_layer_release(l);
  }
  return s;
}

nnc_status nnc_model_layer_from_config(nnc_model *m, const char *cls, const char *config,
                                       int n, const int *inputs, int *id) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_layer_from_config";
  nnc_layer_kind k;
  Layer *l;
  nnc_status s = check_model(m, fn);
  if (s == NNC_OK && !id)
    s = base_error(NNC_ERR_ARG, "%s: id is NULL", fn);
  if (s == NNC_OK)
    s = class_of(cls, fn, &k);
  if (s == NNC_OK && k == NNC_LAYER_INPUT)
    s = base_error(NNC_ERR_ARG, "%s: an InputLayer reads nothing: use nnc_model_input", fn);
  if (s == NNC_OK)
    s = check_ids(m, n, inputs, fn);
  if (s == NNC_OK)
    s = new_layer(k, config, fn, &l);
  if (s != NNC_OK)
    return s;
  m->net.sequential = false;
  return add_new(m, l, n, inputs, fn, id);
}

nnc_status nnc_model_call_layer(nnc_model *m, int layer, int n, const int *inputs, int *id) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_call_layer";
  nnc_status s = check_model(m, fn);
  if (s == NNC_OK && !id)
    s = base_error(NNC_ERR_ARG, "%s: id is NULL", fn);
  if (s == NNC_OK)
    s = check_ids(m, 1, &layer, fn);
  if (s == NNC_OK)
    s = check_ids(m, n, inputs, fn);
  if (s != NNC_OK)
    return s;
  Layer *l = m->net.nodes[layer].layer;
  if (l->kind == NNC_LAYER_INPUT)
    return base_error(NNC_ERR_ARG, "%s: '%s' is an InputLayer, which cannot be called", fn,
                      l->name);
  m->net.sequential = false;
  return keras_push_call(m, l, n, inputs, fn, id);
}

nnc_status nnc_model_share_layer(nnc_model *m, nnc_model *from, int layer, int n,
                                 const int *inputs, int *id) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_share_layer";
  nnc_status s = check_model(m, fn);
  if (s == NNC_OK && !from)
    s = base_error(NNC_ERR_ARG, "%s: from is NULL", fn);
  if (s == NNC_OK)
    s = check_ids(from, 1, &layer, fn);
  if (s == NNC_OK && id)
    s = check_ids(m, n, inputs, fn);
  if (s != NNC_OK)
    return s;
  Layer *l = from->net.nodes[layer].layer;
  if (l->kind == NNC_LAYER_INPUT)
    return base_error(NNC_ERR_ARG, "%s: '%s' is an InputLayer, which cannot be shared", fn,
                      l->name);
  if (!listed(m, l) && keras_name_taken(m, l->name))
    return base_error(NNC_ERR_ARG, "%s: a layer named '%s' already exists", fn, l->name);
  if (id) {
    m->net.sequential = false;
    return keras_push_call(m, l, n, inputs, fn, id);
  }
  bool made = m->net.nnodes == 0;
  s = made ? first_input(m, l, fn) : NNC_OK;
  int last = m->net.nnodes - 1;
  if (s == NNC_OK)
    s = keras_push_call(m, l, 1, &last, fn, NULL);
  if (s != NNC_OK && made && m->net.nnodes > 0) /* take back the input made for it */
    keras_pop_call(m);
  return s;
}

/* ---- typed shortcuts ---- */

static nnc_status check_dense(const nnc_dense_options *d, const char *fn) {
  if (d->units <= 0)
    return base_error(NNC_ERR_ARG, "%s: units must be positive, found %lld", fn,
                      (long long)d->units);
  nnc_status s = keras_activation_check(d->activation, d->args, d->units, fn);
  if (s != NNC_OK)
    return s;
  if (!nnc_initializer_name(d->kernel_initializer) || !nnc_initializer_name(d->bias_initializer))
    return base_error(NNC_ERR_ARG, "%s: unknown initializer %d", fn,
                      nnc_initializer_name(d->kernel_initializer) ? (int)d->bias_initializer
                                                                  : (int)d->kernel_initializer);
  const nnc_regularizer *r[] = {&d->kernel_regularizer, &d->bias_regularizer,
                                &d->activity_regularizer};
  for (int i = 0; i < 3; i++)
    if (!(r[i]->l1 >= 0) || !(r[i]->l2 >= 0) || !isfinite(r[i]->l1) || !isfinite(r[i]->l2))
      return base_error(NNC_ERR_ARG, "%s: a regularizer's l1 and l2 must be finite and >= 0", fn);
  s = keras_check_constraint(&d->kernel_constraint, fn);
  return s == NNC_OK ? keras_check_constraint(&d->bias_constraint, fn) : s;
}

/* A Dense layer configured as d says. */
static nnc_status dense_layer(const nnc_dense_options *d, const char *fn, Layer **out) {
  nnc_status s = check_dense(d, fn);
  if (s == NNC_OK)
    s = new_layer(NNC_LAYER_DENSE, "{\"units\": 1}", fn, out);
  if (s != NNC_OK)
    return s;
  LayerConfig *c = &(*out)->cfg;
  keras_arg_set(c, "units")->num = (double)d->units;
  keras_arg_set(c, "activation")->act = d->activation;
  memcpy(keras_arg_set(c, "activation")->args, d->args, sizeof d->args);
  keras_arg_set(c, "use_bias")->num = d->use_bias != 0;
  keras_arg_set(c, "kernel_initializer")->init = keras_init_of(d->kernel_initializer);
  keras_arg_set(c, "bias_initializer")->init = keras_init_of(d->bias_initializer);
  keras_arg_set(c, "kernel_regularizer")->reg = d->kernel_regularizer;
  keras_arg_set(c, "bias_regularizer")->reg = d->bias_regularizer;
  keras_arg_set(c, "activity_regularizer")->reg = d->activity_regularizer;
  keras_arg_set(c, "kernel_constraint")->con = d->kernel_constraint;
  keras_arg_set(c, "bias_constraint")->con = d->bias_constraint;
  if (d->name && !(keras_arg_set(c, "name")->str = base_strdup(d->name))) {
    (*out)->refs = 1;
    keras_layer_release(*out);
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  }
  return NNC_OK;
}

/* The caller's Dense options in this library's version (base/struct_size.c). */
static nnc_status dense_options(const nnc_dense_options *caller, const char *fn,
                                nnc_dense_options *out) {
  nnc_dense_options defaults = nnc_dense(1, NNC_ACT_LINEAR);
  return base_struct_read(out, &defaults, sizeof *out, caller, fn, "nnc_dense_options");
}

nnc_status nnc_model_dense(nnc_model *m, int input, const nnc_dense_options *caller, int *id) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_dense";
  Layer *l;
  nnc_dense_options opts, *d = &opts;
  nnc_status s = check_model(m, fn);
  if (s == NNC_OK && (!caller || !id))
    s = base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, caller ? "id" : "options");
  if (s == NNC_OK)
    s = dense_options(caller, fn, d);
  if (s == NNC_OK)
    s = check_ids(m, 1, &input, fn);
  if (s == NNC_OK)
    s = dense_layer(d, fn, &l);
  return s == NNC_OK ? add_new(m, l, 1, &input, fn, id) : s;
}

nnc_status nnc_model_add_dense(nnc_model *m, const nnc_dense_options *caller) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_add_dense";
  Layer *l;
  nnc_dense_options opts, *d = &opts;
  nnc_status s = check_model(m, fn);
  if (s == NNC_OK && !caller)
    s = base_error(NNC_ERR_ARG, "%s: options is NULL", fn);
  if (s == NNC_OK)
    s = dense_options(caller, fn, d);
  if (s == NNC_OK)
    s = dense_layer(d, fn, &l);
  return s == NNC_OK ? append(m, l, fn, NULL) : s;
}

/* A layer of class k with `json` on input (Sequential when id is NULL). */
static nnc_status typed(nnc_model *m, nnc_layer_kind k, const char *json, int input,
                        const char *fn, int *id) {
  Layer *l;
  nnc_status s = check_model(m, fn);
  if (s == NNC_OK && id)
    s = check_ids(m, 1, &input, fn);
  if (s == NNC_OK)
    s = new_layer(k, json, fn, &l);
  if (s != NNC_OK)
    return s;
  if (!id)
    return append(m, l, fn, NULL);
  m->net.sequential = m->net.sequential && input == m->net.nnodes - 1;
  return add_new(m, l, 1, &input, fn, id);
}

nnc_status nnc_model_activation(nnc_model *m, int input, nnc_activation a, const char *name,
                                int *id) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_activation";
  char json[160];
  if (!nnc_activation_name(a))
    return base_error(NNC_ERR_ARG, "%s: unknown activation %d", fn, (int)a);
  if (name && strlen(name) > 100)
    return base_error(NNC_ERR_ARG, "%s: a layer name must be 1 to 100 characters", fn);
  if (name && strpbrk(name, "\"\\"))
    return base_error(NNC_ERR_ARG, "%s: a layer name may not hold '\"' or '\\'", fn);
  snprintf(json, sizeof json, name ? "{\"activation\": \"%s\", \"name\": \"%s\"}"
                                   : "{\"activation\": \"%s\"}", nnc_activation_name(a), name);
  if (m && !id)
    return base_error(NNC_ERR_ARG, "%s: id is NULL", fn);
  return typed(m, NNC_LAYER_ACTIVATION, json, input, fn, id);
}

nnc_status nnc_model_flatten(nnc_model *m, int input, int *id) {
  KERAS_ENTER(m);
  return typed(m, NNC_LAYER_FLATTEN, NULL, input, "nnc_model_flatten", id);
}

nnc_status nnc_model_dropout(nnc_model *m, int input, double rate, int64_t seed, int *id) {
  KERAS_ENTER(m);
  char json[128];
  if (!(rate >= 0 && rate <= 1))
    return base_error(NNC_ERR_ARG, "nnc_model_dropout: rate must be in [0, 1], found %g", rate);
  if (seed < 0)
    snprintf(json, sizeof json, "{\"rate\": %.17g}", rate);
  else
    snprintf(json, sizeof json, "{\"rate\": %.17g, \"seed\": %lld}", rate, (long long)seed);
  return typed(m, NNC_LAYER_DROPOUT, json, input, "nnc_model_dropout", id);
}

/* Add and Concatenate. */
static nnc_status merge(nnc_model *m, nnc_layer_kind k, const char *json, int n,
                        const int *inputs, const char *fn, int *id) {
  Layer *l;
  nnc_status s = check_model(m, fn);
  if (s == NNC_OK && !id)
    s = base_error(NNC_ERR_ARG, "%s: id is NULL", fn);
  if (s == NNC_OK && n < 2)
    s = base_error(NNC_ERR_ARG, "%s: needs at least 2 inputs, found %d", fn, n);
  if (s == NNC_OK)
    s = check_ids(m, n, inputs, fn);
  if (s == NNC_OK)
    s = new_layer(k, json, fn, &l);
  if (s != NNC_OK)
    return s;
  m->net.sequential = false;
  return add_new(m, l, n, inputs, fn, id);
}

/* {"name": NAME, ...more} */
static nnc_status named_json(const char *name, const char *more, char *buf, size_t n,
                             const char *fn) {
  if (name && (strlen(name) > 100 || strpbrk(name, "\"\\")))
    return base_error(NNC_ERR_ARG, "%s: a layer name must be 1 to 100 characters without "
                      "'\"' or '\\'", fn);
  snprintf(buf, n, "{%s%s%s%s%s}", name ? "\"name\": \"" : "", name ? name : "",
           name ? "\"" : "", name && more[0] ? ", " : "", more);
  return NNC_OK;
}

nnc_status nnc_model_add_layer(nnc_model *m, int n, const int *inputs, const char *name, int *id) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_add_layer";
  char json[160];
  nnc_status s = named_json(name, "", json, sizeof json, fn);
  return s == NNC_OK ? merge(m, NNC_LAYER_ADD, json, n, inputs, fn, id) : s;
}

nnc_status nnc_model_concatenate(nnc_model *m, int n, const int *inputs, int axis,
                                 const char *name, int *id) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_concatenate";
  char json[200], more[32];
  snprintf(more, sizeof more, "\"axis\": %d", axis);
  nnc_status s = named_json(name, more, json, sizeof json, fn);
  return s == NNC_OK ? merge(m, NNC_LAYER_CONCATENATE, json, n, inputs, fn, id) : s;
}

nnc_status nnc_model_set_outputs(nnc_model *m, int n, const int *outputs) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_set_outputs";
  if (!m || !outputs)
    return base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, m ? "outputs" : "model");
  if (m->compiled)
    return base_error(NNC_ERR_ARG, "%s: the model is already compiled", fn);
  if (n != 1)
    return base_error(NNC_ERR_ARG, "%s: one output is supported, found %d", fn, n);
  nnc_status s = check_ids(m, 1, outputs, fn);
  if (s == NNC_OK && m->net.nodes[outputs[0]].layer->kind == NNC_LAYER_INPUT)
    s = base_error(NNC_ERR_ARG, "%s: the output must be a layer, not the input '%s'", fn,
                   m->net.nodes[outputs[0]].layer->name);
  if (s == NNC_OK)
    m->net.output = outputs[0];
  return s;
}

/* ---- the whole graph ---- */

nnc_status keras_check_graph(const nnc_model *m, const char *fn) {
  const Net *n = &m->net;
  int out = keras_net_output(n);
  if (out < 0 || n->nodes[out].layer->kind == NNC_LAYER_INPUT)
    return base_error(NNC_ERR_ARG, "%s: the model has no layers", fn);
  bool *reach = base_calloc((size_t)n->nnodes, sizeof *reach);
  if (!reach)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  reach[out] = true;
  for (int i = out; i >= 0; i--)
    for (int j = 0; reach[i] && j < n->nodes[i].ninputs; j++)
      reach[n->nodes[i].inputs[j]] = true;
  int lost = -1;
  for (int i = 0; i < n->nnodes && lost < 0; i++)
    if (!reach[i])
      lost = i;
  base_free(reach);
  if (lost >= 0)
    return base_error(NNC_ERR_ARG, "%s: layer '%s' does not lead to the model's output '%s'", fn,
                      n->nodes[lost].layer->name, n->nodes[out].layer->name);
  Shape o = n->nodes[out].out;
  char buf[64];
  if (o.rank > 1)
    return base_error(NNC_ERR_SHAPE, "%s: the model's output '%s' is %s; nnc's losses take "
                      "(None, units): add a Flatten layer", fn, n->nodes[out].layer->name,
                      keras_shape_text(o, buf, sizeof buf));
  return NNC_OK;
}

void keras_layers_free(nnc_model *m) {
  keras_net_free(&m->net);
  for (int i = 0; i < m->nlayers; i++)
    keras_layer_release(m->layers[i]);
  base_free(m->layers);
  m->layers = NULL;
  m->nlayers = m->caplayers = 0;
}

/* ---- what a call tells ---- */

int nnc_model_layer_count(const nnc_model *m) {
  KERAS_GUARD(m, 0);
  return m ? m->net.nnodes : 0;
}

const char *nnc_layer_class(nnc_layer_kind k) {
  const LayerRow *r = names_layer((int)k);
  return r ? r->cls : NULL;
}

/* The index of l among the model's layers that have weights; -1 when it has none. */
static int weights_index(const nnc_model *m, const Layer *l) {
  int k = 0;
  for (int i = 0; i < m->nlayers; i++) {
    if (m->layers[i] == l)
      return l->nweights ? k : -1;
    k += m->layers[i]->nweights > 0;
  }
  return -1;
}

const char *keras_layer_type(const Layer *l) {
  return l->kind == NNC_LAYER_OPERATION ? keras_operation(l).cls : nnc_layer_class(l->kind);
}

static int first_call(const Net *n, const Layer *l) {
  for (int i = 0; i < n->nnodes; i++)
    if (n->nodes[i].layer == l)
      return i;
  return -1;
}

nnc_status nnc_model_layer(const nnc_model *m, int id, nnc_layer_info *out) {
  KERAS_ENTER(m);
  if (!m || !out)
    return base_error(NNC_ERR_ARG, "nnc_model_layer: %s is NULL", m ? "out" : "model");
  if (id < 0 || id >= m->net.nnodes)
    return base_error(NNC_ERR_ARG, "nnc_model_layer: %d is not a layer of this model (it has "
                      "%d)", id, m->net.nnodes);
  const LayerNode *node = &m->net.nodes[id];
  const Layer *l = node->layer;
  *out = (nnc_layer_info){.kind = l->kind, .name = l->name, .type = keras_layer_type(l),
                          .ninputs = node->ninputs, .inputs = node->inputs,
                          .weights = weights_index(m, l),
                          .output = id == keras_net_output(&m->net), .rank = node->out.rank,
                          .shared = node->call ? first_call(&m->net, l) : -1};
  for (int k = 0; l->built && k < l->nweights; k++) {   /* adapt builds a layer of an unbuilt
                                                           model: its weights count already */
    if (!l->w[k].used)
      continue;
    int64_t n = keras_shape_numel(l->w[k].shape);
    out->params += n;
    out->trainable_params += l->w[k].trainable ? n : 0;
  }
  if (node->out.rank < 0) {
    out->rank = 0;
    return NNC_OK;
  }
  out->units = keras_shape_numel(node->out);
  memcpy(out->shape, node->out.dim, (size_t)node->out.rank * sizeof *out->shape);
  return NNC_OK;
}

char *nnc_model_layer_config(const nnc_model *m, int layer) {
  KERAS_GUARD(m, NULL);
  if (!m || layer < 0 || layer >= m->net.nnodes)
    return NULL;
  const Layer *l = m->net.nodes[layer].layer;
  return keras_config_json(&l->cfg, l->name);
}
