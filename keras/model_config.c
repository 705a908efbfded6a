/* model_config.c — a model's architecture as Keras serializes it, and a model made from such
 * a serialization: the config.json of a .keras archive (Keras 3) and the modelTopology of
 * TensorFlow.js's model.json (Keras 2's form, which tfjs-layers reads).
 *
 * A Sequential model is its layers in order; a functional one lists each layer once with
 * its calls ("inbound_nodes"), each call naming the tensors it reads as (layer, call,
 * tensor) triples: Keras 3 writes them as "__keras_tensor__" objects under "args", Keras 2
 * and tfjs as [layer, call, tensor, kwargs] lists. A layer's "config" is its get_config()
 * (keras_config_json), so a layer class and its arguments are checked here exactly as
 * nnc_model_add_layer_config checks them: an unsupported class is refused by its name. The
 * reader takes either form whatever the file, rebuilds calls in any order the inputs allow,
 * and names every error after the file (`where`). Weights are not here (keras_archive.c,
 * tfjs.c).
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

#include "keras.h"

/* ---- writing ---- */

/* [null, d0, d1, ...]: a sample shape with Keras's batch axis. */
static cJSON *batch_shape(Shape s) {
  cJSON *a = cJSON_CreateArray();
  cJSON_AddItemToArray(a, cJSON_CreateNull());
  for (int i = 0; i < s.rank; i++)
    cJSON_AddItemToArray(a, cJSON_CreateNumber((double)s.dim[i]));
  return a;
}

/* Drops Keras 3's "module" and "registered_name" from every object in j (tfjs's form). */
static void strip_modules(cJSON *j) {
  if (cJSON_IsObject(j)) {
    cJSON_DeleteItemFromObjectCaseSensitive(j, "module");
    cJSON_DeleteItemFromObjectCaseSensitive(j, "registered_name");
  }
  for (cJSON *c = j ? j->child : NULL; c; c = c->next)
    strip_modules(c);
}

/* The InputLayer's config, as Keras writes it (nnc's row also holds `shape`, which Keras
 * refuses beside batch_shape). */
static cJSON *input_config(const Layer *l, Shape in, bool tfjs) {
  cJSON *c = cJSON_CreateObject();
  cJSON_AddItemToObject(c, tfjs ? "batch_input_shape" : "batch_shape", batch_shape(in));
  cJSON_AddStringToObject(c, "dtype", "float32");
  cJSON_AddFalseToObject(c, "sparse");
  if (!tfjs)
    cJSON_AddFalseToObject(c, "ragged");
  cJSON_AddStringToObject(c, "name", l->name);
  return c;
}

static cJSON *layer_config(const Layer *l, Shape in, bool tfjs) {
  if (l->kind == NNC_LAYER_INPUT)
    return input_config(l, in, tfjs);
  char *text = keras_config_json(&l->cfg, l->name);
  cJSON *c = text ? cJSON_Parse(text) : NULL;
  base_free(text);
  if (c && tfjs)
    strip_modules(c);
  return c;
}

/* One node's input shapes: Keras's build_config input_shape (a list of them for merges). */
static cJSON *input_shapes(const Net *net, const LayerNode *node) {
  if (node->ninputs == 1)
    return batch_shape(net->nodes[node->inputs[0]].out);
  cJSON *a = cJSON_CreateArray();
  for (int i = 0; i < node->ninputs; i++)
    cJSON_AddItemToArray(a, batch_shape(net->nodes[node->inputs[i]].out));
  return a;
}

/* An Operation's entry: Keras 3's operation (op_config.c), registered by its class. */
static cJSON *operation_entry(const Layer *l) {
  KerasOp op = keras_operation(l);
  cJSON *e = cJSON_CreateObject();
  cJSON_AddStringToObject(e, "module", op.module);
  cJSON_AddStringToObject(e, "class_name", op.cls);
  cJSON_AddItemToObject(e, "config", keras_op_config(l));
  cJSON_AddStringToObject(e, "registered_name", op.cls);
  return e;
}

/* The layer's entry: class, config, and Keras 3's module and build_config. */
static cJSON *layer_entry(const Net *net, const LayerNode *node, bool tfjs) {
  const Layer *l = node->layer;
  if (l->kind == NNC_LAYER_OPERATION)
    return operation_entry(l);
  cJSON *e = cJSON_CreateObject();
  if (!tfjs)
    cJSON_AddStringToObject(e, "module", "keras.layers");
  cJSON_AddStringToObject(e, "class_name", names_layer((int)l->kind)->cls);
  cJSON_AddItemToObject(e, "config", layer_config(l, node->out, tfjs));
  if (!tfjs)
    cJSON_AddNullToObject(e, "registered_name");
  if (!tfjs && node->ninputs > 0) {
    cJSON *b = cJSON_AddObjectToObject(e, "build_config");
    cJSON_AddItemToObject(b, "input_shape", input_shapes(net, node));
  }
  return e;
}

/* [layer, call, 0]: the tensor a node makes, as Keras's history names it. */
static cJSON *history(const LayerNode *n) {
  cJSON *h = cJSON_CreateArray();
  cJSON_AddItemToArray(h, cJSON_CreateString(n->layer->name));
  cJSON_AddItemToArray(h, cJSON_CreateNumber(n->call));
  cJSON_AddItemToArray(h, cJSON_CreateNumber(0));
  return h;
}

/* One call of a layer: Keras 3's {"args": [...], "kwargs": {}} of __keras_tensor__ objects
 * (a merge reads one list of them), or Keras 2's list of [layer, call, tensor, {}]. */
static cJSON *inbound_node(const Net *net, const LayerNode *node, bool tfjs) {
  cJSON *tensors = cJSON_CreateArray();
  for (int i = 0; i < node->ninputs; i++) {
    const LayerNode *src = &net->nodes[node->inputs[i]];
    cJSON *t = history(src);
    if (tfjs) {
      cJSON_AddItemToArray(t, cJSON_CreateObject());
    } else {
      cJSON *kt = cJSON_CreateObject(), *c = cJSON_CreateObject();
      cJSON_AddStringToObject(kt, "class_name", "__keras_tensor__");
      cJSON_AddItemToObject(kt, "config", c);
      cJSON_AddItemToObject(c, "shape", batch_shape(src->out));
      cJSON_AddStringToObject(c, "dtype", "float32");
      cJSON_AddItemToObject(c, "keras_history", t);
      t = kt;
    }
    cJSON_AddItemToArray(tensors, t);
  }
  if (tfjs)
    return tensors;
  cJSON *call = cJSON_CreateObject(), *args = cJSON_AddArrayToObject(call, "args");
  if (node->layer->kind == NNC_LAYER_OPERATION) {   /* its operands in order, each an arg */
    keras_op_call_args(node->layer, tensors);
    cJSON_ReplaceItemInObjectCaseSensitive(call, "args", tensors);
  } else if (node->ninputs > 1) {
    cJSON_AddItemToArray(args, tensors);
  } else {
    cJSON *only = cJSON_DetachItemFromArray(tensors, 0);
    cJSON_Delete(tensors);
    if (only)
      cJSON_AddItemToArray(args, only);
  }
  cJSON_AddObjectToObject(call, "kwargs");
  return call;
}

/* A functional model's layers, each once (at its first call) with all its calls. */
static void functional_layers(const nnc_model *m, cJSON *config, bool tfjs) {
  const Net *net = &m->net;
  cJSON *layers = cJSON_AddArrayToObject(config, "layers");
  for (int i = 0; i < net->nnodes; i++) {
    if (net->nodes[i].call != 0)
      continue;
    cJSON *e = layer_entry(net, &net->nodes[i], tfjs);
    cJSON_AddStringToObject(e, "name", net->nodes[i].layer->name);
    cJSON *calls = cJSON_AddArrayToObject(e, "inbound_nodes");
    for (int k = i; k < net->nnodes; k++)
      if (net->nodes[k].layer == net->nodes[i].layer && net->nodes[k].ninputs > 0)
        cJSON_AddItemToArray(calls, inbound_node(net, &net->nodes[k], tfjs));
    cJSON_AddItemToArray(layers, e);
  }
  cJSON *in = cJSON_AddArrayToObject(config, "input_layers");
  for (int k = 0; k < net->nin; k++)
    cJSON_AddItemToArray(in, history(&net->nodes[net->in[k]]));
  cJSON *out = cJSON_AddArrayToObject(config, "output_layers");
  cJSON_AddItemToArray(out, history(&net->nodes[keras_net_output(net)]));
}

/* A Sequential model's layers in order: Keras 3 lists the InputLayer, Keras 2 gives the
 * first layer a batch_input_shape instead. */
static void sequential_layers(const nnc_model *m, cJSON *config, bool tfjs) {
  const Net *net = &m->net;
  cJSON *layers = cJSON_AddArrayToObject(config, "layers");
  for (int i = 0; i < net->nnodes; i++) {
    const LayerNode *node = &net->nodes[i];
    if (node->layer->kind == NNC_LAYER_INPUT && tfjs)
      continue;
    cJSON *e = layer_entry(net, node, tfjs);
    if (tfjs && i == 1)
      cJSON_AddItemToObject(cJSON_GetObjectItemCaseSensitive(e, "config"), "batch_input_shape",
                            batch_shape(net->nodes[0].out));
    cJSON_AddItemToArray(layers, e);
  }
  if (!tfjs)
    cJSON_AddItemToObject(config, "build_input_shape", batch_shape(keras_input_shape(m)));
}

/* cJSON allocates with malloc, outside nnc's allocator hook (as config.c's writer does):
 * only the final text's allocation is checked here. */
nnc_status keras_model_config(const nnc_model *m, bool tfjs, const char *fn, char **out) {
  *out = NULL;
  if (m->net.input < 0 || keras_input_shape(m).rank < 0)
    return base_error(NNC_ERR_ARG, "%s: the model's input shape is not known yet", fn);
  if (m->net.nnests > 0)
    return base_error(NNC_ERR_ARG, "%s: the model holds model '%s'; saving the architecture "
                      "of a nested model is not supported by nnc yet (save_weights is)", fn,
                      m->net.nests[0].name);
  for (int i = 0; tfjs && i < m->nlayers; i++)
    if (m->layers[i]->kind == NNC_LAYER_OPERATION)
      return base_error(NNC_ERR_ARG, "%s: TensorFlow.js's layers format has no operations, and "
                        "'%s' is one (%s): save this model as .keras", fn, m->layers[i]->name,
                        keras_operation(m->layers[i]).cls);
  bool seq = keras_sequential(m);
  cJSON *top = cJSON_CreateObject();
  if (!tfjs)
    cJSON_AddStringToObject(top, "module", seq ? "keras" : "keras.src.models.functional");
  cJSON_AddStringToObject(top, "class_name", seq ? "Sequential" : tfjs ? "Model" : "Functional");
  cJSON *config = cJSON_AddObjectToObject(top, "config");
  cJSON_AddStringToObject(config, "name", keras_model_name(m));
  cJSON_AddTrueToObject(config, "trainable");
  if (seq)
    sequential_layers(m, config, tfjs);
  else
    functional_layers(m, config, tfjs);
  if (tfjs) {
    cJSON_AddStringToObject(top, "keras_version", "tfjs-layers 4.22.0");
    cJSON_AddStringToObject(top, "backend", "tensor_flow.js");
  } else {
    cJSON_AddItemToObject(top, "registered_name",
                          seq ? cJSON_CreateNull() : cJSON_CreateString("Functional"));
    cJSON *b = cJSON_AddObjectToObject(top, "build_config");
    cJSON_AddItemToObject(b, "input_shape", m->net.nin > 1 ? cJSON_CreateNull() /* Keras's */
                                                           : batch_shape(keras_input_shape(m)));
  }
  char *text = cJSON_PrintUnformatted(top);
  cJSON_Delete(top);
  if (!text)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  *out = text;
  return NNC_OK;
}

/* ---- reading ---- */

typedef struct {
  const char *where;            /* the file (and member), for messages */
  nnc_model *m;
  int nlayers;
  const cJSON **entries;        /* owned array: the config's layers */
  int **ids;                    /* owned: per layer, the nnc id of each call (-1: not yet) */
  int *ncalls;                  /* owned */
} Reader;

static nnc_status corrupt(const Reader *r, const char *what) {
  return base_error(NNC_ERR_CORRUPT, "%s: model config: %s", r->where, what);
}

static const cJSON *get(const cJSON *o, const char *key) {
  return cJSON_GetObjectItemCaseSensitive(o, key);
}

static const char *str_of(const cJSON *o, const char *key) {
  const cJSON *j = get(o, key);
  return cJSON_IsString(j) ? j->valuestring : NULL;
}

/* A layer's config as text for the builders, with Keras 2's batch_input_shape as Keras 3
 * spells it: batch_shape for an InputLayer, input_shape (without the batch) otherwise. */
static char *config_text(const cJSON *entry, bool input) {
  cJSON *c = cJSON_Duplicate(get(entry, "config"), true);
  if (!c)
    return NULL;
  cJSON *b = cJSON_DetachItemFromObjectCaseSensitive(c, "batch_input_shape");
  if (b && input) {
    cJSON_AddItemToObject(c, "batch_shape", b);
  } else if (b) {
    cJSON_Delete(cJSON_DetachItemFromArray(b, 0));
    cJSON_AddItemToObject(c, "input_shape", b);
  }
  char *text = cJSON_PrintUnformatted(c);
  cJSON_Delete(c);
  return text;
}

static nnc_status prefixed(const Reader *r, nnc_status s);

/* Adds one layer of a Sequential model, its message prefixed with the file. */
static nnc_status add_sequential(Reader *r, const cJSON *entry) {
  const char *cls = str_of(entry, "class_name");
  if (!cls || !cJSON_IsObject(get(entry, "config")))
    return corrupt(r, "a layer without a class_name string and a config object");
  char *text = config_text(entry, !strcmp(cls, "InputLayer"));
  nnc_status s = text ? nnc_model_add_layer_config(r->m, cls, text)
                      : base_error(NNC_ERR_NOMEM, "%s: out of memory", r->where);
  cJSON_free(text);
  return prefixed(r, s);
}

/* The sample shape of a functional model's InputLayer config (batch_shape, Keras 2's
 * batch_input_shape, or shape). */
static nnc_status input_shape(Reader *r, const cJSON *config, int *rank, int64_t *dims) {
  const cJSON *b = get(config, "batch_shape");
  if (!cJSON_IsArray(b))
    b = get(config, "batch_input_shape");
  const cJSON *s = cJSON_IsArray(b) ? b->child ? b->child->next : NULL : get(config, "shape");
  if (!cJSON_IsArray(b) && !cJSON_IsArray(s))
    return corrupt(r, "an InputLayer without batch_shape or shape");
  if (cJSON_IsArray(s))
    s = s->child;
  *rank = 0;
  for (; s; s = s->next) {
    if (*rank >= IR_MAX_RANK - 1 || !cJSON_IsNumber(s) || s->valuedouble < 1 ||
        s->valuedouble > 1e12 || s->valuedouble != (double)(int64_t)s->valuedouble)
      return corrupt(r, "an InputLayer's shape must be 1 to 3 positive integers");
    dims[(*rank)++] = (int64_t)s->valuedouble;
  }
  return *rank ? NNC_OK : corrupt(r, "an InputLayer's shape must be 1 to 3 positive integers");
}

/* The builder's error again, naming the file instead of the API function. */
static nnc_status prefixed(const Reader *r, nnc_status s) {
  if (s == NNC_ERR_NOMEM || s == NNC_ERR_CORRUPT)
    return s;
  char msg[1024];
  snprintf(msg, sizeof msg, "%s", nnc_last_error());
  if (!strncmp(msg, r->where, strlen(r->where)))   /* named after the file already */
    return s;
  const char *rest = msg;
  if (!strncmp(msg, "nnc_", 4) && strstr(msg, ": "))
    rest = strstr(msg, ": ") + 2;
  return base_error(s, "%s: %s", r->where, rest);
}

static int find_layer(const Reader *r, const char *name) {
  for (int i = 0; name && i < r->nlayers; i++)
    if (!strcmp(str_of(r->entries[i], "name") ? str_of(r->entries[i], "name") : "", name))
      return i;
  return -1;
}

/* The nnc id of the tensor named by h ([layer, call, tensor, ...] or a __keras_tensor__),
 * -1 when that call is not made yet; NNC_ERR_CORRUPT for a name that is no layer. */
static nnc_status tensor_id(Reader *r, const cJSON *t, int *id) {
  if (cJSON_IsObject(t))
    t = get(get(t, "config"), "keras_history");
  const cJSON *name = cJSON_GetArrayItem(t, 0), *call = cJSON_GetArrayItem(t, 1),
              *k = cJSON_GetArrayItem(t, 2);
  int l = cJSON_IsString(name) ? find_layer(r, name->valuestring) : -1;
  if (l < 0 || !cJSON_IsNumber(call) || !cJSON_IsNumber(k) || k->valuedouble != 0 ||
      call->valuedouble < 0 || call->valuedouble >= r->ncalls[l] ||
      call->valuedouble != (int)call->valuedouble)
    return corrupt(r, "a layer reads a tensor that is no layer's output (a name, a call and "
                      "tensor 0 are needed)");
  *id = r->ids[l][(int)call->valuedouble];
  return NNC_OK;
}

enum { MAX_CALL_INPUTS = 64 };

/* The tensors a call reads: Keras 3's args (one tensor, or a list of them), or Keras 2's
 * list of histories. An operation's args also hold its operand that is not a tensor (op),
 * which is not one of them. */
static nnc_status call_inputs(Reader *r, const cJSON *node, bool op, int *n, int *ids) {
  const cJSON *list = node;
  if (cJSON_IsObject(node)) {
    const cJSON *args = get(node, "args");
    list = cJSON_GetArraySize(args) == 1 && cJSON_IsArray(args->child) ? args->child : args;
  }
  if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) < 1 ||
      cJSON_GetArraySize(list) > MAX_CALL_INPUTS)
    return corrupt(r, "a layer's call reads no tensors, or too many");
  *n = 0;
  for (const cJSON *t = list->child; t; t = t->next) {
    if (op && keras_op_constant(t))
      continue;
    nnc_status s = tensor_id(r, t, &ids[(*n)++]);
    if (s != NNC_OK)
      return s;
  }
  return *n ? NNC_OK : corrupt(r, "an operation's call reads no tensor");
}

/* Call k's layer config as text: an operation's as nnc's Operation layer's (*cls
 * "Operation"), another layer's with Keras 2's names made Keras 3's. */
static nnc_status call_config(const Reader *r, const cJSON *e, const char **cls, char **text) {
  if (keras_op_entry(e)) {
    *cls = "Operation";
    return keras_op_from_entry(e, r->where, text);
  }
  *text = config_text(e, false);
  return *text ? NNC_OK : base_error(NNC_ERR_NOMEM, "%s: out of memory", r->where);
}

/* Makes call k of layer i when its inputs exist (*made); the first call creates the layer. */
static nnc_status make_call(Reader *r, int i, int k, bool *made) {
  const cJSON *e = r->entries[i];
  const char *cls = str_of(e, "class_name");
  int n = 0, in[MAX_CALL_INPUTS], id = -1;
  nnc_status s = NNC_OK;
  *made = false;
  if (!strcmp(cls, "InputLayer")) {
    int rank = 0;
    int64_t dims[IR_MAX_RANK];
    s = input_shape(r, get(e, "config"), &rank, dims);
    if (s == NNC_OK)
      s = nnc_model_input(r->m, rank, dims, str_of(e, "name"), &id);
  } else {
    s = call_inputs(r, cJSON_GetArrayItem(get(e, "inbound_nodes"), k), keras_op_entry(e), &n,
                    in);
    for (int j = 0; j < n && s == NNC_OK; j++)
      if (in[j] < 0)
        return NNC_OK;
    char *text = NULL;
    if (s == NNC_OK && k == 0)
      s = call_config(r, e, &cls, &text);
    if (s == NNC_OK)
      s = k == 0 ? nnc_model_layer_from_config(r->m, cls, text, n, in, &id)
                 : nnc_model_call_layer(r->m, r->ids[i][0], n, in, &id);
    cJSON_free(text);
  }
  if (s != NNC_OK)
    return prefixed(r, s);
  r->ids[i][k] = id;
  *made = true;
  return NNC_OK;
}

/* Every layer's entry checked, and room for its calls' ids. */
static nnc_status functional_plan(Reader *r, const cJSON *layers) {
  r->nlayers = cJSON_GetArraySize(layers);
  r->entries = base_calloc((size_t)r->nlayers + 1, sizeof *r->entries);
  r->ids = base_calloc((size_t)r->nlayers + 1, sizeof *r->ids);
  r->ncalls = base_calloc((size_t)r->nlayers + 1, sizeof *r->ncalls);
  if (!r->entries || !r->ids || !r->ncalls)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", r->where);
  int i = 0;
  for (const cJSON *e = layers->child; e; e = e->next, i++) {
    const char *cls = str_of(e, "class_name");
    const cJSON *calls = get(e, "inbound_nodes");
    if (!cls || !str_of(e, "name") || !cJSON_IsObject(get(e, "config")) ||
        !cJSON_IsArray(calls))
      return corrupt(r, "a functional model's layer needs a class_name, a name, a config and "
                        "inbound_nodes");
    if (find_layer(r, str_of(e, "name")) >= 0)
      return corrupt(r, "two layers have the same name");
    r->entries[i] = e;
    bool input = !strcmp(cls, "InputLayer");
    r->ncalls[i] = input ? 1 : cJSON_GetArraySize(calls);
    if (!input && r->ncalls[i] == 0)
      return corrupt(r, "a layer that is never called");
    if (r->ncalls[i] > 1 << 16 || !(r->ids[i] = base_malloc((size_t)r->ncalls[i] * sizeof(int))))
      return base_error(NNC_ERR_NOMEM, "%s: out of memory", r->where);
    for (int k = 0; k < r->ncalls[i]; k++)
      r->ids[i][k] = -1;
  }
  return NNC_OK;
}

/* The model's inputs in the order of input_layers (Keras writes one input as its tensor,
 * several as a list of them); nothing to do for one input. */
static nnc_status input_order(Reader *r, const cJSON *list) {
  int n = nnc_model_input_count(r->m, 0, NULL), ids[64];
  if (n <= 1)
    return NNC_OK;
  if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) != n || n > 64)
    return corrupt(r, "'input_layers' must name each InputLayer of the model once");
  int k = 0;
  nnc_status s = NNC_OK;
  for (const cJSON *t = list->child; t && s == NNC_OK; t = t->next)
    s = tensor_id(r, t, &ids[k++]);
  if (s == NNC_OK && (s = nnc_model_set_inputs(r->m, n, ids)) != NNC_OK)
    s = prefixed(r, s);
  return s;
}

/* Makes calls in passes, each taking those whose inputs exist, until all are made. */
static nnc_status functional(Reader *r, const cJSON *config) {
  const cJSON *layers = get(config, "layers");
  if (!cJSON_IsArray(layers) || cJSON_GetArraySize(layers) > 1 << 16)
    return corrupt(r, "'layers' is not a list");
  nnc_status s = functional_plan(r, layers);
  for (bool progress = true; s == NNC_OK && progress;) {
    progress = false;
    for (int i = 0; s == NNC_OK && i < r->nlayers; i++)
      for (int k = 0; s == NNC_OK && k < r->ncalls[i]; k++) {
        bool made = false;
        if (r->ids[i][k] < 0 && (k == 0 || r->ids[i][0] >= 0))
          s = make_call(r, i, k, &made);
        progress = progress || made;
      }
  }
  for (int i = 0; s == NNC_OK && i < r->nlayers; i++)
    for (int k = 0; k < r->ncalls[i]; k++)
      if (r->ids[i][k] < 0)
        return corrupt(r, "the layers' calls form a cycle or read a missing input");
  const cJSON *out = get(config, "output_layers");
  if (s == NNC_OK && cJSON_IsArray(out) && cJSON_IsArray(out->child))
    out = cJSON_GetArraySize(out) == 1 ? out->child : NULL;
  int id = -1;
  if (s == NNC_OK && !cJSON_IsArray(out))
    return corrupt(r, "one output is supported ('output_layers' must name one tensor)");
  if (s == NNC_OK)
    s = tensor_id(r, out, &id);
  if (s == NNC_OK && (s = nnc_model_set_outputs(r->m, 1, &id)) != NNC_OK)
    s = prefixed(r, s);
  return s == NNC_OK ? input_order(r, get(config, "input_layers")) : s;
}

static nnc_status sequential(Reader *r, const cJSON *config) {
  const cJSON *layers = cJSON_IsArray(config) ? config : get(config, "layers");
  if (!cJSON_IsArray(layers) || !layers->child)
    return corrupt(r, "a Sequential model's 'layers' must be a list of layers");
  nnc_status s = NNC_OK;
  for (const cJSON *e = layers->child; e && s == NNC_OK; e = e->next)
    s = add_sequential(r, e);
  return s;
}

static void reader_free(Reader *r) {
  for (int i = 0; r->ids && i < r->nlayers; i++)
    base_free(r->ids[i]);
  base_free(r->ids);
  base_free(r->entries);
  base_free(r->ncalls);
}

/* Whether the weights fit in max_bytes of float32 (the file's), before any is allocated. */
static nnc_status check_size(const Reader *r, uint64_t max_bytes) {
  uint64_t n = (uint64_t)nnc_model_param_count(r->m) + (uint64_t)nnc_model_non_trainable_count(r->m);
  if (n <= max_bytes / 4)
    return NNC_OK;
  return base_error(NNC_ERR_CORRUPT, "%s: the model's %llu weights need more bytes than its "
                    "weights file holds (%llu)", r->where, (unsigned long long)n,
                    (unsigned long long)max_bytes);
}

nnc_status keras_model_from_config(const char *json, size_t len, const char *where,
                                   uint64_t max_bytes, nnc_model **out) {
  *out = NULL;
  Reader r = {.where = where};
  cJSON *top = cJSON_ParseWithLength(json, len);
  if (!top)
    return corrupt(&r, "not JSON");
  const char *cls = str_of(top, "class_name");
  const cJSON *config = get(top, "config");
  bool seq = cls && !strcmp(cls, "Sequential");
  nnc_status s = NNC_OK;
  if (!cls)
    s = corrupt(&r, "no class_name");
  else if (!seq && strcmp(cls, "Functional") != 0 && strcmp(cls, "Model") != 0)
    s = base_error(NNC_ERR_ARG, "%s: the model's class '%.80s' is not one nnc rebuilds "
                   "(Sequential, Functional)", where, cls);
  else if (!cJSON_IsObject(config) && !(seq && cJSON_IsArray(config)))
    s = corrupt(&r, "no config object");
  if (s == NNC_OK)
    s = nnc_model_new_in(base_context_current(), &r.m); /* a loader's _in form's context */
  const char *name = str_of(config, "name");
  if (s == NNC_OK && name && (s = nnc_model_set_name(r.m, name)) != NNC_OK)
    s = prefixed(&r, s);
  if (s == NNC_OK)
    s = seq ? sequential(&r, config) : functional(&r, config);
  if (s == NNC_OK && keras_input_shape(r.m).rank < 0)
    s = base_error(NNC_ERR_ARG, "%s: the model's input shape is not given (an InputLayer or "
                   "the first layer's input shape)", where);
  if (s == NNC_OK)
    s = check_size(&r, max_bytes);
  if (s == NNC_OK)
    s = keras_model_build(r.m, keras_input_shape(r.m));
  reader_free(&r);
  cJSON_Delete(top);
  if (s != NNC_OK) {
    nnc_model_free(r.m);
    return s;
  }
  *out = r.m;
  return NNC_OK;
}
