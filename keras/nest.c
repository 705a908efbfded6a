/* nest.c — a model nested in another, as Keras nests them: Sequential([base, Dense(10)]) or
 * x = base(inputs) in the functional API.
 *
 * The inner model's layer calls are copied into the outer net, in order, as nodes that hold
 * the inner model's very Layers (counted references): the two models share the weight
 * tensors, so training the outer model trains the inner one, and the inner model's compiled
 * functions, which point at the same buffers, see the new weights. Its InputLayer is not
 * copied: what read it reads the outer node the inner model is called on. The copied nodes
 * are one Nest: summary() shows them as one row named after the inner model, weight files
 * name their weights under its name ("sequential/dense/kernel"). A model that nests a model
 * itself is refused (one level), as is a second call of the same inner model in one model.
 */
#include <stdio.h>
#include <string.h>

#include "keras.h"

const Nest *keras_node_nest(const Net *n, int i) {
  return i >= 0 && i < n->nnodes && n->nodes[i].nest ? &n->nests[n->nodes[i].nest - 1] : NULL;
}

const char *keras_node_path(const Net *n, int i, char *buf, size_t size) {
  const Nest *nest = keras_node_nest(n, i);
  if (nest)
    snprintf(buf, size, "%.150s/%.150s", nest->name, n->nodes[i].layer->name);
  else
    snprintf(buf, size, "%.300s", n->nodes[i].layer->name);
  return buf;
}

void keras_nests_free(Net *n) {
  for (int i = 0; i < n->nnests; i++) {
    base_free(n->nests[i].name);
    base_free(n->nests[i].input_name);
  }
  base_free(n->nests);
  n->nests = NULL;
  n->nnests = 0;
}

/* What nesting inner in m needs, checked before m changes. */
static nnc_status check_inner(const nnc_model *m, const nnc_model *inner, int input,
                              const char *fn) {
  if (m->compiled)
    return base_error(NNC_ERR_ARG, "%s: the model is already compiled; add layers before "
                      "nnc_model_compile", fn);
  if (inner == m)
    return base_error(NNC_ERR_ARG, "%s: a model cannot contain itself", fn);
  const char *name = keras_model_name(inner);
  if (inner->net.input < 0 || inner->net.nnodes < 2)
    return base_error(NNC_ERR_ARG, "%s: model '%s' has no %s yet; give it its layers (and "
                      "an input) before nesting it", fn, name,
                      inner->net.input < 0 ? "input" : "layers");
  if (inner->net.nin > 1)
    return base_error(NNC_ERR_ARG, "%s: model '%s' has %d inputs; nesting a model of several "
                      "inputs is not supported by nnc yet", fn, name, inner->net.nin);
  if (inner->net.nnests > 0)
    return base_error(NNC_ERR_ARG, "%s: model '%s' contains a model itself; nnc nests one "
                      "level of models", fn, name);
  if (keras_name_taken(m, name))
    return base_error(NNC_ERR_ARG, "%s: the model has a layer named '%s' already (a model "
                      "is nested once; give each model its own name)", fn, name);
  for (int i = 0; i < inner->nlayers; i++)
    for (int j = 0; j < m->nlayers; j++)
      if (m->layers[j] != inner->layers[i] && inner->layers[i]->kind != NNC_LAYER_INPUT &&
          !strcmp(m->layers[j]->name, inner->layers[i]->name))
        return base_error(NNC_ERR_ARG, "%s: the model has a layer named '%s' already, as "
                          "has model '%s'", fn, inner->layers[i]->name, name);
  Shape want = keras_input_shape(inner), got = m->net.nodes[input].out;
  char a[64], b[64];
  bool same = want.rank == got.rank;
  for (int i = 0; same && i < want.rank; i++)
    same = want.dim[i] == got.dim[i];
  if (want.rank >= 0 && got.rank >= 0 && !same)
    return base_error(NNC_ERR_SHAPE, "%s: model '%s' takes inputs of shape %s, but layer '%s' "
                      "gives %s", fn, name, keras_shape_text(want, a, sizeof a),
                      m->net.nodes[input].layer->name, keras_shape_text(got, b, sizeof b));
  return keras_check_graph(inner, fn);
}

/* A new Nest for inner at the end of m's nests (its nodes come next). */
static nnc_status new_nest(nnc_model *m, const nnc_model *inner, int input, const char *fn) {
  Net *n = &m->net;
  Nest *grown = base_realloc(n->nests, (size_t)(n->nnests + 1) * sizeof *grown);
  if (!grown)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  n->nests = grown;
  Nest *nest = &n->nests[n->nnests];
  *nest = (Nest){.name = base_strdup(keras_model_name(inner)),
                 .sequential = keras_sequential(inner),
                 .input_name = base_strdup(inner->net.nodes[inner->net.input].layer->name),
                 .input = input, .first = n->nnodes, .last = n->nnodes - 1, .output = -1};
  if (!nest->name || !nest->input_name) {
    base_free(nest->name);
    base_free(nest->input_name);
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  }
  n->nnests++;
  return NNC_OK;
}

/* Takes back the last nest and its nodes. */
static void drop_nest(nnc_model *m) {
  Net *n = &m->net;
  Nest *nest = &n->nests[n->nnests - 1];
  while (n->nnodes > nest->first)
    keras_pop_call(m);
  base_free(nest->name);
  base_free(nest->input_name);
  n->nnests--;
}

/* Copies inner's node k into m, its inputs mapped through ids (inner id -> m id). */
static nnc_status copy_node(nnc_model *m, const nnc_model *inner, int k, int *ids,
                            const char *fn) {
  const LayerNode *node = &inner->net.nodes[k];
  int in[8], *mapped = node->ninputs <= 8 ? in
                                          : base_malloc((size_t)node->ninputs * sizeof *mapped);
  if (!mapped)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  for (int j = 0; j < node->ninputs; j++)
    mapped[j] = ids[node->inputs[j]];
  nnc_status s = keras_push_call(m, node->layer, node->ninputs, mapped, fn, &ids[k]);
  if (s == NNC_OK)
    m->net.nodes[ids[k]].nest = m->net.nnests;
  if (mapped != in)
    base_free(mapped);
  return s;
}

/* inner's calls on node `input` of m; *id its output's node. All or nothing. */
static nnc_status nest_on(nnc_model *m, nnc_model *inner, int input, const char *fn, int *id) {
  KERAS_ENTER(inner);
  nnc_status s = check_inner(m, inner, input, fn);
  int *ids = s == NNC_OK ? base_malloc((size_t)inner->net.nnodes * sizeof *ids) : NULL;
  if (s == NNC_OK && !ids)
    s = base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  if (s == NNC_OK)
    s = new_nest(m, inner, input, fn);
  if (s != NNC_OK) {
    base_free(ids);
    return s;
  }
  ids[inner->net.input] = input;
  for (int k = 0; s == NNC_OK && k < inner->net.nnodes; k++)
    if (k != inner->net.input)
      s = copy_node(m, inner, k, ids, fn);
  Nest *nest = &m->net.nests[m->net.nnests - 1];
  if (s == NNC_OK) {
    nest->last = m->net.nnodes - 1;
    nest->output = ids[keras_net_output(&inner->net)];
    *id = nest->output;
  } else {
    drop_nest(m);
  }
  base_free(ids);
  return s;
}

/* The first layer of a Sequential model: it takes the inner model's input shape (unknown
 * when inner's is), as Keras builds a Sequential model from its first layer's input_shape. */
static nnc_status input_like(nnc_model *m, nnc_model *inner, const char *fn) {
  KERAS_ENTER(inner);
  if (inner == m)
    return base_error(NNC_ERR_ARG, "%s: a model cannot contain itself", fn);
  Shape in = keras_input_shape(inner);
  int id;
  return keras_add_input(m, in.rank > 0 ? in.rank : 0, in.dim, NULL, fn, &id);
}

nnc_status nnc_model_add_model(nnc_model *m, nnc_model *inner) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_add_model";
  nnc_status s = inner ? NNC_OK : base_error(NNC_ERR_ARG, "%s: the inner model is NULL", fn);
  if (s == NNC_OK && m->compiled)
    s = base_error(NNC_ERR_ARG, "%s: the model is already compiled; add layers before "
                   "nnc_model_compile", fn);
  bool made = s == NNC_OK && m->net.nnodes == 0;
  if (made)
    s = input_like(m, inner, fn);
  int id;
  if (s == NNC_OK)
    s = nest_on(m, inner, m->net.nnodes - 1, fn, &id);
  if (s != NNC_OK && made && m->net.nnodes > 0)
    keras_pop_call(m);
  return s;
}

nnc_status nnc_model_call_model(nnc_model *m, nnc_model *inner, int input, int *id) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_call_model";
  if (!inner || !id)
    return base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, inner ? "id" : "the inner model");
  if (input < 0 || input >= m->net.nnodes)
    return base_error(NNC_ERR_ARG, "%s: %d is not a layer of this model (it has %d)", fn, input,
                      m->net.nnodes);
  nnc_status s = nest_on(m, inner, input, fn, id);
  if (s == NNC_OK)
    m->net.sequential = false;
  return s;
}
