/* net.c — layers and the graphs of their calls: a Layer's life (counted references), a
 * Net's nodes, shape inference over a net, and the model's weights by name.
 *
 * Invariants: a node reads earlier nodes of its own net only, so walking a net in order
 * visits inputs first. A Layer is built (its weights' shapes fixed) by the first call whose
 * input shapes are known; every later call must give it inputs that yield the same weight
 * shapes. Inference over a net is all or nothing: shapes are computed into scratch and
 * committed only when every node fits, so a failed build leaves the layers as they were.
 */
#include <stdio.h>
#include <string.h>

#include "keras.h"

Layer *keras_layer_new(nnc_layer_kind k) {
  Layer *l = base_calloc(1, sizeof *l);
  if (!l)
    return NULL;
  const LayerRow *row = names_layer((int)k);
  l->kind = k;
  l->nweights = row->nweights;
  for (int i = 0; i < row->nweights; i++) {
    l->w[i].spec = &row->weights[i];
    l->w[i].shape.rank = -1;
  }
  return l;
}

void keras_layer_release(Layer *l) {
  if (!l || --l->refs > 0)
    return;
  for (int i = 0; i < l->nweights; i++) {
    nnc_tensor_free(l->w[i].t);
    base_free(l->w[i].preset);
  }
  keras_config_free(&l->cfg);
  base_free(l->name);
  base_free(l);
}

void keras_net_free(Net *n) {
  for (int i = 0; i < n->nnodes; i++) {
    keras_layer_release(n->nodes[i].layer);
    base_free(n->nodes[i].inputs);
  }
  base_free(n->nodes);
  n->nodes = NULL;
  n->nnodes = n->cap = 0;
  base_free(n->in);
  n->in = NULL;
  n->nin = 0;
  keras_nests_free(n);
}

int keras_net_output(const Net *n) {
  return n->output >= 0 ? n->output : n->nnodes - 1;
}

int64_t keras_shape_numel(Shape s) {
  int64_t n = 1;
  for (int i = 0; i < s.rank; i++)
    n *= s.dim[i];
  return n;
}

/* ---- shapes ---- */

static bool same_shape(Shape a, Shape b) {
  if (a.rank != b.rank)
    return false;
  for (int i = 0; i < a.rank; i++)
    if (a.dim[i] != b.dim[i])
      return false;
  return true;
}

const char *keras_shape_text(Shape s, char *buf, size_t n) {
  if (s.rank < 0) {
    snprintf(buf, n, "?");
    return buf;
  }
  size_t k = (size_t)snprintf(buf, n, s.rank ? "(None" : "(None,");
  for (int i = 0; i < s.rank && k < n; i++)
    k += (size_t)snprintf(buf + k, n - k, ", %lld", (long long)s.dim[i]);
  if (k < n)
    snprintf(buf + k, n - k, ")");
  return buf;
}

const char *keras_weight_text(Shape s, char *buf, size_t n) {
  size_t k = (size_t)snprintf(buf, n, "[");
  for (int i = 0; i < s.rank && k < n; i++)
    k += (size_t)snprintf(buf + k, n - k, "%s%lld", i ? ", " : "", (long long)s.dim[i]);
  if (k < n)
    snprintf(buf + k, n - k, "]");
  return buf;
}

/* LayerNode i's shape from its inputs' (out[] holds the net's shapes so far); *known false when
 * an input's is not known yet. w receives the weights' shapes. */
static nnc_status node_shape(const Net *n, int i, Shape *out, Shape *w, bool *known,
                             const char *fn) {
  const LayerNode *node = &n->nodes[i];
  int k = node->ninputs;
  Shape *in = base_malloc(((size_t)k + 1) * sizeof *in);
  const char **names = base_malloc(((size_t)k + 1) * sizeof *names);
  nnc_status s = in && names ? NNC_OK : base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  *known = true;
  for (int j = 0; s == NNC_OK && j < k; j++) {
    in[j] = out[node->inputs[j]];
    names[j] = n->nodes[node->inputs[j]].layer->name;
    *known = *known && in[j].rank >= 0;
  }
  if (s == NNC_OK && *known) {
    for (int j = 0; j < node->layer->nweights; j++)
      w[j] = (Shape){-1, {0}};
    Shaping sh = {node->layer, k, in, names, &out[i], w, fn};
    s = keras_layer_shape(node->layer->kind)(&sh);
    *known = s == NNC_OK && out[i].rank >= 0;
  }
  base_free(in);
  base_free(names);
  return s;
}

/* The weights' shapes w against those the layer was built with. */
static nnc_status same_weights(const Layer *l, const Shape *w, Shape in, const char *fn) {
  char a[64], b[64], c[64];
  for (int k = 0; k < l->nweights; k++)
    if (l->built && l->w[k].used && !same_shape(l->w[k].shape, w[k]))
      return base_error(NNC_ERR_SHAPE, "%s: layer '%s' was built for other inputs: its weight "
                        "'%s' is %s, this call's input %s would make it %s", fn, l->name,
                        l->w[k].spec->name, keras_weight_text(l->w[k].shape, a, sizeof a),
                        keras_shape_text(in, b, sizeof b), keras_weight_text(w[k], c, sizeof c));
  return NNC_OK;
}

/* Shapes of every node into out (and weight shapes into ws, MAX_WEIGHTS per node). */
static nnc_status infer_all(Net *n, Shape *out, Shape *ws, const char *fn) {
  for (int i = 0; i < n->nnodes; i++) {
    bool known;
    Shape *w = &ws[(size_t)i * MAX_WEIGHTS];
    out[i] = (Shape){-1, {0}};
    nnc_status s = node_shape(n, i, out, w, &known, fn);
    if (s == NNC_OK && known)
      s = same_weights(n->nodes[i].layer, w, n->nodes[i].ninputs ? out[n->nodes[i].inputs[0]]
                                                                  : out[i], fn);
    if (s != NNC_OK)
      return s;
  }
  return NNC_OK;
}

nnc_status keras_net_infer(Net *n, const char *fn) {
  Shape *out = base_calloc((size_t)n->nnodes + 1, sizeof *out);
  Shape *ws = base_calloc((size_t)n->nnodes * MAX_WEIGHTS + 1, sizeof *ws);
  nnc_status s = out && ws ? infer_all(n, out, ws, fn)
                           : base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  for (int i = 0; s == NNC_OK && i < n->nnodes; i++) {
    LayerNode *node = &n->nodes[i];
    Layer *l = node->layer;
    node->out = out[i];
    if (out[i].rank < 0 || l->built)
      continue;
    for (int k = 0; k < l->nweights; k++) {
      l->w[k].shape = ws[(size_t)i * MAX_WEIGHTS + (size_t)k];
      l->w[k].used = l->w[k].shape.rank >= 0;
    }
    l->built = true;
  }
  base_free(out);
  base_free(ws);
  return s;
}

/* ---- listings ---- */


static bool called_before(const Net *n, int i) {
  for (int j = 0; j < i; j++)
    if (n->nodes[j].layer == n->nodes[i].layer)
      return true;
  return false;
}

/* Walks a net's weights, layer by layer in first-call order, named LAYER/WEIGHT (a nested
 * model's NEST/LAYER/WEIGHT). */
static int walk(const Net *n, WeightFn *fn, void *user) {
  int r = 0;
  for (int i = 0; i < n->nnodes && !r; i++) {
    Layer *l = n->nodes[i].layer;
    char name[512], path[320];
    if (called_before(n, i))
      continue;
    keras_node_path(n, i, path, sizeof path);
    for (int k = 0; k < l->nweights && !r; k++) {
      if (!l->w[k].used)
        continue;
      snprintf(name, sizeof name, "%.300s/%.64s", path, l->w[k].spec->name);
      r = fn(user, name, &l->w[k]);
    }
  }
  return r;
}

int keras_model_weights(const nnc_model *m, WeightFn *fn, void *user) {
  return walk(&m->net, fn, user);
}

/* ---- the table ---- */

static LayerShape *const shapes[] = {
#define LAYER(id, cls, prefix, args, weights, shape, train, infer, doc) [NNC_LAYER_##id] = shape,
#include "layers.def"
};
static LayerForward *const trains[] = {
#define LAYER(id, cls, prefix, args, weights, shape, train, infer, doc) [NNC_LAYER_##id] = train,
#include "layers.def"
};
static LayerForward *const infers[] = {
#define LAYER(id, cls, prefix, args, weights, shape, train, infer, doc) [NNC_LAYER_##id] = infer,
#include "layers.def"
};

LayerShape *keras_layer_shape(nnc_layer_kind k) {
  return shapes[k];
}

LayerForward *keras_layer_forward(nnc_layer_kind k, bool training) {
  return training ? trains[k] : infers[k];
}
