/* layers.c — the model's layer graph: the node builders of nnc.h (input, dense, activation,
 * add, concatenate, outputs), Keras's layer names, per-sample widths and layer info.
 *
 * Nodes live in creation order and only read earlier nodes, so the array is a topological
 * order and a cycle cannot be expressed. Each builder validates everything before it
 * changes the model, so a failed call adds nothing. Widths are inferred as nodes are added
 * when the input's size is known; a Sequential model without an input gets an input node of
 * unknown width, and keras_infer_widths fills every width once the data tells the size.
 * Dense nodes also own an entry of model.layers (weights.c and nnc_model_kernel read it).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "keras.h"

static const char *const prefixes[] = {
    [LK_INPUT] = "input_layer", [LK_DENSE] = "dense", [LK_ACTIVATION] = "activation",
    [LK_ADD] = "add", [LK_CONCAT] = "concatenate"};
static const char *const types[] = {
    [LK_INPUT] = "InputLayer", [LK_DENSE] = "Dense", [LK_ACTIVATION] = "Activation",
    [LK_ADD] = "Add", [LK_CONCAT] = "Concatenate"};

const char *keras_layer_prefix(LayerKind k) {
  return prefixes[k];
}

static bool name_taken(const nnc_model *m, const char *name) {
  for (int i = 0; i < m->nnodes; i++)
    if (strcmp(m->nodes[i].name, name) == 0)
      return true;
  return false;
}

static char *copy(const char *s) {
  size_t n = strlen(s) + 1;
  char *c = base_malloc(n);
  if (c)
    memcpy(c, s, n);
  return c;
}

/* The user's name, or prefix, prefix_1, ... numbered per kind as Keras numbers the layers
 * it names (a layer given its own name takes no number), skipping names already taken. */
static char *node_name(const nnc_model *m, LayerKind k, const char *want) {
  char buf[64];
  if (want)
    return copy(want);
  int count = 0;
  for (int i = 0; i < m->nnodes; i++)
    count += m->nodes[i].kind == k && m->nodes[i].auto_named;
  for (int j = count;; j++) {
    snprintf(buf, sizeof buf, j ? "%s_%d" : "%s", prefixes[k], j);
    if (!name_taken(m, buf))
      return copy(buf);
  }
}

static nnc_status check_name(const nnc_model *m, const char *name, const char *fn) {
  if (name && (!*name || strchr(name, '/') || strchr(name, '@') || strlen(name) > 100))
    return base_error(NNC_ERR_ARG, "%s: a layer name must be 1 to 100 characters without '/' or '@'",
                    fn);
  if (name && name_taken(m, name))
    return base_error(NNC_ERR_ARG, "%s: a layer named '%s' already exists", fn, name);
  return NNC_OK;
}

/* The checks every builder starts with. */
static nnc_status check_common(const nnc_model *m, const void *id, const char *name,
                               const char *fn) {
  if (!m || !id)
    return base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, m ? "id" : "model");
  if (m->compiled)
    return base_error(NNC_ERR_ARG, "%s: the model is already compiled; add layers before "
                    "nnc_model_compile", fn);
  return check_name(m, name, fn);
}

static nnc_status check_ids(const nnc_model *m, int n, const int *ids, const char *fn) {
  if (n > 0 && !ids)
    return base_error(NNC_ERR_ARG, "%s: inputs is NULL", fn);
  for (int i = 0; i < n; i++)
    if (ids[i] < 0 || ids[i] >= m->nnodes)
      return base_error(NNC_ERR_ARG, "%s: %d is not a layer of this model (it has %d, ids 0 to %d)",
                      fn, ids[i], m->nnodes, m->nnodes - 1);
  return NNC_OK;
}

/* Appends a node reading ids[0..n); its name from `name` (or the default). */
static nnc_status push_node(nnc_model *m, LayerKind k, int n, const int *ids, const char *name,
                            LayerNode **out) {
  if (m->nnodes == m->capnodes) {
    int cap = m->capnodes ? 2 * m->capnodes : 8;
    LayerNode *p = base_realloc(m->nodes, (size_t)cap * sizeof *p);
    if (!p)
      return base_error(NNC_ERR_NOMEM, "out of memory adding a layer");
    m->nodes = p;
    m->capnodes = cap;
  }
  LayerNode *l = &m->nodes[m->nnodes];
  memset(l, 0, sizeof *l);
  l->kind = k;
  l->dense = -1;
  l->ninputs = n;
  l->name = node_name(m, k, name);
  l->auto_named = !name;
  l->inputs = base_calloc((size_t)n + 1, sizeof *l->inputs);
  if (!l->name || !l->inputs) {
    base_free(l->name);
    base_free(l->inputs);
    return base_error(NNC_ERR_NOMEM, "out of memory adding a layer");
  }
  if (n)
    memcpy(l->inputs, ids, (size_t)n * sizeof *ids);
  m->nnodes++;
  *out = l;
  return NNC_OK;
}

void keras_nodes_free(nnc_model *m) {
  for (int i = 0; i < m->nnodes; i++) {
    base_free(m->nodes[i].name);
    base_free(m->nodes[i].inputs);
  }
  base_free(m->nodes);
  m->nodes = NULL;
  m->nnodes = m->capnodes = 0;
}

int keras_output_node(const nnc_model *m) {
  return m->output >= 0 ? m->output : m->nnodes - 1;
}

/* ---- widths ---- */

/* "(None, 3)" or "(None, ?)". */
static const char *shape_text(int64_t w, char *buf, size_t n) {
  if (w > 0)
    snprintf(buf, n, "(None, %lld)", (long long)w);
  else
    snprintf(buf, n, "(None, ?)");
  return buf;
}

/* The width of node l from its inputs'; NNC_ERR_SHAPE when they do not fit. */
static nnc_status infer(const nnc_model *m, LayerNode *l, const char *fn) {
  const LayerNode *in0 = l->ninputs ? &m->nodes[l->inputs[0]] : NULL;
  char a[48], b[48];
  switch (l->kind) {
  case LK_INPUT: return NNC_OK;
  case LK_DENSE:
    l->width = keras_activation_width(m->layers[l->dense].opt.activation,
                                      m->layers[l->dense].opt.units);
    return NNC_OK;
  case LK_ACTIVATION: l->width = keras_activation_width(l->act, in0->width); return NNC_OK;
  case LK_ADD:
    l->width = in0->width;
    for (int i = 1; i < l->ninputs; i++) {
      const LayerNode *o = &m->nodes[l->inputs[i]];
      if (o->width != in0->width && o->width > 0 && in0->width > 0)
        return base_error(NNC_ERR_SHAPE, "%s: Add needs inputs of one shape, but '%s' is %s and "
                        "'%s' is %s", fn, in0->name, shape_text(in0->width, a, sizeof a),
                        o->name, shape_text(o->width, b, sizeof b));
      if (o->width <= 0)
        l->width = 0;
    }
    return NNC_OK;
  case LK_CONCAT:
    l->width = 0;
    for (int i = 0; i < l->ninputs; i++) {
      int64_t w = m->nodes[l->inputs[i]].width;
      if (w <= 0) {
        l->width = 0;
        return NNC_OK;
      }
      l->width += w;
    }
    return NNC_OK;
  }
  return NNC_OK;
}

nnc_status keras_infer_widths(nnc_model *m, const char *fn) {
  for (int i = 0; i < m->nnodes; i++) {
    LayerNode *l = &m->nodes[i];
    nnc_status s = infer(m, l, fn);
    if (s != NNC_OK)
      return s;
    if (l->kind == LK_DENSE)
      m->layers[l->dense].in = m->nodes[l->inputs[0]].width;
  }
  return NNC_OK;
}

/* ---- builders ---- */

static nnc_status add_input_node(nnc_model *m, int64_t features, const char *name, int *id) {
  LayerNode *l;
  nnc_status s = push_node(m, LK_INPUT, 0, NULL, name, &l);
  if (s != NNC_OK)
    return s;
  l->width = features;
  m->input = m->nnodes - 1;
  m->features = features;
  *id = m->input;
  return NNC_OK;
}

nnc_status nnc_model_input(nnc_model *m, int rank, const int64_t *shape, const char *name,
                           int *id) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_input";
  nnc_status s = check_common(m, id, name, fn);
  if (s != NNC_OK)
    return s;
  if (m->input >= 0)
    return base_error(NNC_ERR_ARG, "%s: the model has an input already (one input is supported)", fn);
  if (rank < 1 || rank > 3 || !shape)
    return base_error(NNC_ERR_ARG, "%s: shape must be given with rank 1 to 3, found rank %d%s", fn,
                    rank, shape ? "" : " and NULL");
  for (int i = 0; i < rank; i++)
    if (shape[i] <= 0)
      return base_error(NNC_ERR_ARG, "%s: dimensions must be positive, found %lld", fn,
                      (long long)shape[i]);
  if (rank > 1)
    return base_error(NNC_ERR_SHAPE, "%s: inputs of more than one dimension (shape (%lld, %lld%s)) "
                    "are not supported yet; flatten the data to [n, features]", fn,
                    (long long)shape[0], (long long)shape[1], rank > 2 ? ", ..." : "");
  m->sequential = false; /* Keras's functional form */
  return add_input_node(m, shape[0], name, id);
}

nnc_status nnc_model_add_input(nnc_model *m, int64_t features) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_add_input";
  if (!m)
    return base_error(NNC_ERR_ARG, "%s: model is NULL", fn);
  if (m->compiled)
    return base_error(NNC_ERR_ARG, "%s: the model is already compiled", fn);
  if (m->nnodes > 0)
    return base_error(NNC_ERR_ARG, "%s: the input must come first, and once", fn);
  if (features <= 0)
    return base_error(NNC_ERR_ARG, "%s: features must be positive, found %lld", fn,
                    (long long)features);
  int id;
  return add_input_node(m, features, NULL, &id);
}

static nnc_status check_dense(const nnc_dense_options *d, const char *fn) {
  if (d->units <= 0)
    return base_error(NNC_ERR_ARG, "%s: units must be positive, found %lld", fn, (long long)d->units);
  nnc_status s = keras_activation_check(d->activation, d->args, d->units, fn);
  if (s != NNC_OK)
    return s;
  if (!nnc_initializer_name(d->kernel_initializer) || !nnc_initializer_name(d->bias_initializer))
    return base_error(NNC_ERR_ARG, "%s: unknown initializer %d", fn,
                    nnc_initializer_name(d->kernel_initializer) ? (int)d->bias_initializer
                                                                : (int)d->kernel_initializer);
  return NNC_OK;
}

static nnc_status grow_layers(nnc_model *m) {
  if (m->nlayers < m->caplayers)
    return NNC_OK;
  int cap = m->caplayers ? 2 * m->caplayers : 4;
  Layer *p = base_realloc(m->layers, (size_t)cap * sizeof *p);
  if (!p)
    return base_error(NNC_ERR_NOMEM, "out of memory adding a layer");
  m->layers = p;
  m->caplayers = cap;
  return NNC_OK;
}

/* Appends the Dense node and its Layer; everything was checked. */
static nnc_status push_dense(nnc_model *m, int input, const nnc_dense_options *d, int *id) {
  LayerNode *l;
  nnc_status s = grow_layers(m);
  if (s == NNC_OK)
    s = push_node(m, LK_DENSE, 1, &input, d->name, &l);
  if (s != NNC_OK)
    return s;
  Layer *w = &m->layers[m->nlayers];
  memset(w, 0, sizeof *w);
  w->name = copy(l->name);
  if (!w->name) {
    m->nnodes--;
    base_free(l->name);
    base_free(l->inputs);
    return base_error(NNC_ERR_NOMEM, "out of memory adding a layer");
  }
  w->opt = *d;
  w->opt.name = w->name;
  w->in = m->nodes[input].width;
  l->dense = m->nlayers++;
  l->width = keras_activation_width(d->activation, d->units);
  *id = m->nnodes - 1;
  return NNC_OK;
}

nnc_status nnc_model_dense(nnc_model *m, int input, const nnc_dense_options *d, int *id) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_dense";
  if (m && !d)
    return base_error(NNC_ERR_ARG, "%s: options is NULL", fn);
  nnc_status s = check_common(m, id, d ? d->name : NULL, fn);
  if (s == NNC_OK)
    s = check_dense(d, fn);
  if (s == NNC_OK)
    s = check_ids(m, 1, &input, fn);
  return s == NNC_OK ? push_dense(m, input, d, id) : s;
}

nnc_status nnc_model_add_dense(nnc_model *m, const nnc_dense_options *d) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_add_dense";
  if (!m || !d)
    return base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, m ? "options" : "model");
  int id = 0;
  nnc_status s = check_common(m, &id, d->name, fn);
  if (s == NNC_OK)
    s = check_dense(d, fn);
  if (s == NNC_OK && m->nnodes == 0) /* the size comes from the data at the first fit */
    s = add_input_node(m, 0, NULL, &id);
  return s == NNC_OK ? push_dense(m, m->nnodes - 1, d, &id) : s;
}

nnc_status nnc_model_activation(nnc_model *m, int input, nnc_activation a, const char *name,
                                int *id) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_activation";
  nnc_status s = check_common(m, id, name, fn);
  double args[NNC_ACT_ARGS];
  keras_activation_init(a, args);
  if (s == NNC_OK)
    s = keras_activation_check(a, args, 0, fn);
  if (s == NNC_OK)
    s = check_ids(m, 1, &input, fn);
  LayerNode *l;
  if (s == NNC_OK)
    s = push_node(m, LK_ACTIVATION, 1, &input, name, &l);
  if (s != NNC_OK)
    return s;
  l->act = a;
  keras_activation_init(a, l->args);
  infer(m, l, fn);
  *id = m->nnodes - 1;
  return NNC_OK;
}

/* Add and Concatenate: n inputs, checked, then the width inferred before anything stays. */
static nnc_status merge(nnc_model *m, LayerKind k, int n, const int *inputs, const char *name,
                        int *id, const char *fn) {
  nnc_status s = check_common(m, id, name, fn);
  if (s == NNC_OK && (n < 2 || n > 64))
    s = base_error(NNC_ERR_ARG, "%s: needs 2 to 64 inputs, found %d", fn, n);
  if (s == NNC_OK)
    s = check_ids(m, n, inputs, fn);
  LayerNode *l = NULL;
  if (s == NNC_OK)
    s = push_node(m, k, n, inputs, name, &l);
  if (s == NNC_OK)
    s = infer(m, l, fn);
  if (s != NNC_OK && l) { /* pushed, then refused: take it back */
    m->nnodes--;
    base_free(l->name);
    base_free(l->inputs);
  }
  if (s == NNC_OK)
    *id = m->nnodes - 1;
  return s;
}

nnc_status nnc_model_add_layer(nnc_model *m, int n, const int *inputs, const char *name, int *id) {
  KERAS_ENTER(m);
  return merge(m, LK_ADD, n, inputs, name, id, "nnc_model_add_layer");
}

nnc_status nnc_model_concatenate(nnc_model *m, int n, const int *inputs, int axis,
                                 const char *name, int *id) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_concatenate";
  if (m && axis != 1 && axis != -1) {
    if (axis == 0 || axis == -2)
      return base_error(NNC_ERR_SHAPE, "%s: cannot concatenate along the batch axis (axis %d); "
                      "use axis=-1", fn, axis);
    return base_error(NNC_ERR_ARG, "%s: axis %d is out of range for inputs of rank 2 (use 1 or -1)",
                    fn, axis);
  }
  return merge(m, LK_CONCAT, n, inputs, name, id, fn);
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
  if (s == NNC_OK && m->nodes[outputs[0]].kind == LK_INPUT)
    s = base_error(NNC_ERR_ARG, "%s: the output must be a layer, not the input '%s'", fn,
                 m->nodes[outputs[0]].name);
  if (s == NNC_OK)
    m->output = outputs[0];
  return s;
}

/* ---- the whole graph ---- */

nnc_status keras_check_graph(const nnc_model *m, const char *fn) {
  int out = keras_output_node(m);
  if (out < 0 || m->nodes[out].kind == LK_INPUT)
    return base_error(NNC_ERR_ARG, "%s: the model has no layers", fn);
  if (m->nlayers == 0)
    return base_error(NNC_ERR_ARG, "%s: the model has no layers with weights (add a Dense layer)", fn);
  bool *reach = base_calloc((size_t)m->nnodes, sizeof *reach);
  if (!reach)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  reach[out] = true;
  for (int i = out; i >= 0; i--)
    for (int j = 0; reach[i] && j < m->nodes[i].ninputs; j++)
      reach[m->nodes[i].inputs[j]] = true;
  int lost = -1;
  for (int i = 0; i < m->nnodes && lost < 0; i++)
    if (!reach[i])
      lost = i;
  base_free(reach);
  if (lost >= 0)
    return base_error(NNC_ERR_ARG, "%s: layer '%s' does not lead to the model's output '%s'", fn,
                    m->nodes[lost].name, m->nodes[out].name);
  return NNC_OK;
}

int nnc_model_layer_count(const nnc_model *m) {
  KERAS_GUARD(m, 0);
  return m ? m->nnodes : 0;
}

nnc_status nnc_model_layer(const nnc_model *m, int id, nnc_layer_info *out) {
  KERAS_ENTER(m);
  if (!m || !out)
    return base_error(NNC_ERR_ARG, "nnc_model_layer: %s is NULL", m ? "out" : "model");
  if (id < 0 || id >= m->nnodes)
    return base_error(NNC_ERR_ARG, "nnc_model_layer: %d is not a layer of this model (it has %d)",
                    id, m->nnodes);
  const LayerNode *l = &m->nodes[id];
  *out = (nnc_layer_info){.kind = (nnc_layer_kind)l->kind, .name = l->name,
                          .type = types[l->kind], .ninputs = l->ninputs, .inputs = l->inputs,
                          .units = l->width, .weights = l->dense,
                          .output = id == keras_output_node(m)};
  if (l->kind == LK_DENSE) {
    const Layer *w = &m->layers[l->dense];
    int64_t in = m->nodes[l->inputs[0]].width;
    out->params = in > 0 ? in * w->opt.units + (w->opt.use_bias ? w->opt.units : 0) : 0;
  }
  return NNC_OK;
}
