/* onnx_export.c — nnc_model_export_onnx: the inference graph of a model as an ONNX file.
 *
 * Opset 17, IR version 8. The graph input is the model's input layer, [batch, ...sample]
 * with a symbolic batch dimension; the output is the output layer's value, named after it.
 * The export walks the model's net: each node (a call of a layer) writes its output under
 * its layer's name ("<layer>/call_<k>" for a shared layer's later calls, which read the
 * initializers its first call made). Each layer class is one row of `layers` below and
 * each activation one row of `acts`, so a new class or activation is a row and, where no
 * single ONNX op fits, a small emitter:
 * Dense is Gemm (MatMul without a bias) with the kernel and bias as initializers, and its
 * activation follows as the standard op (Relu, Sigmoid, Softmax over the last axis, ...);
 * activations ONNX lacks (GELU, SiLU, Mish, relu with arguments, ...) are small compositions of
 * standard ops (GELU with Erf, or Tanh for approximate=True). A kind or
 * activation without a row is refused by name. Training-only layers have no node.
 *
 * The messages are protobuf-c's structs (onnx.pb-c.h); every piece of them is allocated
 * here and recorded in Ex.owned, so one free releases the lot whatever failed. Initializers
 * point at the model's own weights (raw_data) rather than copying them.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "keras.h"
#include "onnx.pb-c.h"

enum { ONNX_OPSET = 17, ONNX_IR_VERSION = 8 };

typedef struct {
  const nnc_model *m;
  const char *fn;
  Onnx__GraphProto *g;
  size_t capnodes, capinits;
  void **owned;                 /* every allocation of the message; freed together */
  int nowned, capowned;
  int32_t elem;                 /* ONNX's FLOAT or DOUBLE, as the model is compiled */
  nnc_status s;                 /* the first failure (sticky) */
} Ex;

static void *take(Ex *e, size_t n) {
  if (e->s != NNC_OK)
    return NULL;
  if (e->nowned == e->capowned) {
    int cap = e->capowned ? 2 * e->capowned : 64;
    void **o = base_realloc(e->owned, (size_t)cap * sizeof *o);
    if (!o) {
      e->s = base_error(NNC_ERR_NOMEM, "%s: out of memory", e->fn);
      return NULL;
    }
    e->owned = o;
    e->capowned = cap;
  }
  void *p = base_calloc(1, n ? n : 1);
  if (!p)
    e->s = base_error(NNC_ERR_NOMEM, "%s: out of memory", e->fn);
  else
    e->owned[e->nowned++] = p;
  return p;
}

static char *str(Ex *e, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *s = take(e, (size_t)n + 1);
  if (s) {
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
  }
  return s;
}

/* Appends node `op` reading in[0..nin) and writing out; NULL after a failure. */
static Onnx__NodeProto *node(Ex *e, const char *op, int nin, const char *const *in,
                             const char *out) {
  Onnx__NodeProto *n = take(e, sizeof *n);
  char **ins = take(e, (size_t)nin * sizeof *ins);
  char **outs = take(e, sizeof *outs);
  if (!n || !ins || !outs)
    return NULL;
  NNC_ASSERT(e->g->n_node < e->capnodes);
  onnx__node_proto__init(n);
  n->op_type = (char *)op;
  n->name = str(e, "%s/%s", out, op);
  memcpy(ins, in, (size_t)nin * sizeof *ins);
  n->n_input = (size_t)nin;
  n->input = ins;
  outs[0] = (char *)out;
  n->n_output = 1;
  n->output = outs;
  e->g->node[e->g->n_node++] = n;
  return n;
}

static Onnx__AttributeProto *attr(Ex *e, Onnx__NodeProto *n, const char *name) {
  Onnx__AttributeProto *a = n ? take(e, sizeof *a) : NULL;
  Onnx__AttributeProto **list = a ? take(e, (n->n_attribute + 1) * sizeof *list) : NULL;
  if (!list)
    return NULL;
  onnx__attribute_proto__init(a);
  a->name = (char *)name;
  a->has_type = 1;
  if (n->n_attribute)            /* memcpy from NULL is undefined even for 0 bytes */
    memcpy(list, n->attribute, n->n_attribute * sizeof *list);
  list[n->n_attribute++] = a;
  n->attribute = list;
  return a;
}

static void attr_int(Ex *e, Onnx__NodeProto *n, const char *name, int64_t v) {
  Onnx__AttributeProto *a = attr(e, n, name);
  if (a) {
    a->type = ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__INT;
    a->has_i = 1;
    a->i = v;
  }
}

static void attr_float(Ex *e, Onnx__NodeProto *n, const char *name, double v) {
  Onnx__AttributeProto *a = attr(e, n, name);
  if (a) {
    a->type = ONNX__ATTRIBUTE_PROTO__ATTRIBUTE_TYPE__FLOAT;
    a->has_f = 1;
    a->f = (float)v;
  }
}

/* An initializer named `name` of ONNX type elem whose data is `data` (borrowed, not copied). */
static const char *init_raw(Ex *e, const char *name, int rank, const int64_t *shape, int32_t elem,
                            void *data, size_t bytes) {
  Onnx__TensorProto *p = take(e, sizeof *p);
  int64_t *dims = take(e, (size_t)rank * sizeof *dims);
  if (!p || !dims || !name)
    return NULL;
  NNC_ASSERT(e->g->n_initializer < e->capinits);
  onnx__tensor_proto__init(p);
  p->name = (char *)name;
  if (rank)
    memcpy(dims, shape, (size_t)rank * sizeof *dims);
  p->n_dims = (size_t)rank;
  p->dims = dims;
  p->has_data_type = 1;
  p->data_type = elem;
  p->has_raw_data = 1;
  p->raw_data.len = bytes;
  p->raw_data.data = data;
  e->g->initializer[e->g->n_initializer++] = p;
  return name;
}

/* An initializer named `name` whose data is t's, of the model's dtype. */
static const char *init(Ex *e, const char *name, const nnc_tensor *t) {
  return init_raw(e, name, t->rank, t->shape, e->elem, t->data,
                  (size_t)t->numel * rt_dtype_size(t->dtype));
}

/* A scalar initializer "<at>/<what>" of the model's dtype. */
static const char *scalar(Ex *e, const char *at, const char *what, double v) {
  nnc_tensor *t = take(e, sizeof *t);
  void *data = take(e, 8);
  if (!t || !data)
    return NULL;
  *t = (nnc_tensor){.magic = BASE_MAGIC_TENSOR, .dtype = e->elem == ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE ? NNC_F64 : NNC_F32,
                    .rank = 0, .numel = 1, .data = data};
  rt_tensor_set(t, 0, v);
  return init(e, str(e, "%s/%s", at, what), t);
}

/* ---- activations: the result's name (in itself for linear), NULL after a failure ---- */

struct ActRow;
typedef const char *(*ActEmit)(Ex *e, const struct ActRow *r, const char *x, const char *out,
                               const double *args);

typedef struct ActRow {
  const char *op;               /* the ONNX op the emitter writes, when it writes one */
  ActEmit emit;                 /* NULL: no ONNX form yet */
  double k[2];                  /* the emitter's constants */
} ActRow;

/* out = a <op> b, an intermediate named "<out>/<step>" unless step is NULL (the last step). */
static const char *binary(Ex *e, const char *op, const char *a, const char *b, const char *out,
                          const char *step) {
  const char *in[2] = {a, b};
  const char *name = step ? str(e, "%s/%s", out, step) : out;
  return a && b && name && node(e, op, 2, in, name) ? name : NULL;
}

static const char *unary(Ex *e, const char *op, const char *a, const char *out, const char *step) {
  const char *name = step ? str(e, "%s/%s", out, step) : out;
  return a && name && node(e, op, 1, &a, name) ? name : NULL;
}

static const char *where(Ex *e, const char *cond, const char *a, const char *b, const char *out,
                         const char *step) {
  const char *in[3] = {cond, a, b};
  const char *name = step ? str(e, "%s/%s", out, step) : out;
  return cond && a && b && name && node(e, "Where", 3, in, name) ? name : NULL;
}

static const char *act_identity(Ex *e, const ActRow *r, const char *x, const char *out,
                                const double *args) {
  (void)e, (void)r, (void)out, (void)args;
  return x;
}

static const char *act_op(Ex *e, const ActRow *r, const char *x, const char *out,
                          const double *args) {
  (void)args;
  return unary(e, r->op, x, out, NULL);
}

/* Softmax and LogSoftmax over a sample's features. */
static const char *act_softmax(Ex *e, const ActRow *r, const char *x, const char *out,
                               const double *args) {
  (void)args;
  Onnx__NodeProto *n = node(e, r->op, 1, &x, out);
  attr_int(e, n, "axis", -1);
  return n ? out : NULL;
}

/* LeakyRelu, Elu, Celu: the op with alpha = the activation's first argument. */
static const char *act_alpha(Ex *e, const ActRow *r, const char *x, const char *out,
                             const double *args) {
  Onnx__NodeProto *n = node(e, r->op, 1, &x, out);
  attr_float(e, n, "alpha", args[0]);
  return n ? out : NULL;
}

/* Selu and HardSigmoid: the op with Keras's constants as its two attributes. */
static const char *act_two_attrs(Ex *e, const ActRow *r, const char *x, const char *out,
                                 const double *args) {
  (void)args;
  bool selu = strcmp(r->op, "Selu") == 0;
  Onnx__NodeProto *n = node(e, r->op, 1, &x, out);
  attr_float(e, n, "alpha", r->k[0]);
  attr_float(e, n, selu ? "gamma" : "beta", r->k[1]);
  return n ? out : NULL;
}

/* relu6, hard_tanh: Clip to [k0, k1]. */
static const char *act_clip(Ex *e, const ActRow *r, const char *x, const char *out,
                            const double *args) {
  (void)args;
  const char *in[3] = {x, scalar(e, out, "min", r->k[0]), scalar(e, out, "max", r->k[1])};
  return in[1] && in[2] && node(e, "Clip", 3, in, out) ? out : NULL;
}

/* soft_shrink (k0 = 1: x ∓ threshold) and hard_shrink (k0 = 0: x) outside ±threshold. */
static const char *act_shrink(Ex *e, const ActRow *r, const char *x, const char *out,
                              const double *args) {
  Onnx__NodeProto *n = node(e, "Shrink", 1, &x, out);
  attr_float(e, n, "lambd", args[0]);
  attr_float(e, n, "bias", r->k[0] * args[0]);
  return n ? out : NULL;
}

/* silu: x·sigmoid(x); mish: x·tanh(softplus(x)). */
static const char *act_x_times(Ex *e, const ActRow *r, const char *x, const char *out,
                               const double *args) {
  (void)args;
  const char *f = strcmp(r->op, "Mish") == 0
                      ? unary(e, "Tanh", unary(e, "Softplus", x, out, "softplus"), out, "tanh")
                      : unary(e, r->op, x, out, "f");
  return binary(e, "Mul", x, f, out, NULL);
}

static const char *act_tanh_shrink(Ex *e, const ActRow *r, const char *x, const char *out,
                                   const double *args) {
  (void)r, (void)args;
  return binary(e, "Sub", x, unary(e, "Tanh", x, out, "tanh"), out, NULL);
}

/* −softplus(−x) */
static const char *act_log_sigmoid(Ex *e, const ActRow *r, const char *x, const char *out,
                                   const double *args) {
  (void)r, (void)args;
  return unary(e, "Neg", unary(e, "Softplus", unary(e, "Neg", x, out, "neg"), out, "softplus"),
               out, NULL);
}

/* keras.activations.relu with its arguments, as Keras computes it: x where x > threshold
 * (else 0; relu(x) for threshold 0), clipped to [0, max_value] when there is one, minus
 * negative_slope·relu(threshold − x). Relu alone for the defaults. */
static const char *act_relu(Ex *e, const ActRow *r, const char *x, const char *out,
                            const double *args) {
  double slope = args[0], max = args[1], t = args[2];
  bool clip_max = !isinf(max), last_pos = slope == 0;
  const char *pos_name = clip_max || !last_pos ? "positive" : NULL;
  const char *th = t != 0 ? scalar(e, out, "threshold", t) : NULL;
  const char *pos = t != 0 ? where(e, binary(e, "Greater", x, th, out, "above"), x,
                                   scalar(e, out, "zero", 0.0), out, pos_name)
                           : unary(e, r->op, x, out, pos_name);
  if (clip_max) {
    const char *in[3] = {pos, scalar(e, out, "min", 0.0), scalar(e, out, "max_value", max)};
    pos = last_pos ? out : str(e, "%s/clipped", out);
    if (!in[0] || !in[1] || !in[2] || !pos || !node(e, "Clip", 3, in, pos))
      return NULL;
  }
  if (last_pos)
    return pos;
  const char *below = unary(e, "Relu", t != 0 ? binary(e, "Sub", th, x, out, "shifted")
                                              : unary(e, "Neg", x, out, "neg"), out, "below");
  return binary(e, "Sub", pos, binary(e, "Mul", scalar(e, out, "negative_slope", slope), below,
                                      out, "slope_below"), out, NULL);
}

/* x above threshold, else default_value */
static const char *act_threshold(Ex *e, const ActRow *r, const char *x, const char *out,
                                 const double *args) {
  (void)r;
  const char *above = binary(e, "Greater", x, scalar(e, out, "threshold", args[0]), out, "above");
  return where(e, above, x, scalar(e, out, "default_value", args[1]), out, NULL);
}

/* 0 at or below −1, x at or above 1, (x + 1)²/4 between */
static const char *act_sparse_plus(Ex *e, const ActRow *r, const char *x, const char *out,
                                   const double *args) {
  (void)r, (void)args;
  const char *one = scalar(e, out, "one", 1.0);
  const char *x1 = binary(e, "Add", x, one, out, "plus1");
  const char *mid = binary(e, "Mul", binary(e, "Mul", x1, x1, out, "square"),
                           scalar(e, out, "quarter", 0.25), out, "middle");
  const char *hi = where(e, binary(e, "GreaterOrEqual", x, one, out, "high"), x, mid, out, "upper");
  const char *lo = binary(e, "LessOrEqual", x, scalar(e, out, "minus_one", -1.0), out, "low");
  return where(e, lo, scalar(e, out, "zero", 0.0), hi, out, NULL);
}

/* (x + √(x² + b))/2 */
static const char *act_squareplus(Ex *e, const ActRow *r, const char *x, const char *out,
                                  const double *args) {
  (void)r;
  const char *x2b = binary(e, "Add", binary(e, "Mul", x, x, out, "square"),
                           scalar(e, out, "b", args[0]), out, "plus_b");
  const char *sum = binary(e, "Add", x, unary(e, "Sqrt", x2b, out, "sqrt"), out, "sum");
  return binary(e, "Div", sum, scalar(e, out, "two", 2.0), out, NULL);
}

/* GELU: x·Φ(x) = 0.5·x·(1 + erf(x/√2)), or with approximate 0.5·x·(1 + tanh(√(2/π)·(x +
 * 0.044715·x³))), as Keras computes them. */
static const char *act_gelu(Ex *e, const ActRow *r, const char *x, const char *out,
                            const double *args) {
  (void)r;
  const char *t;
  if (args[0] != 0) {
    const char *x3 = binary(e, "Mul", binary(e, "Mul", x, x, out, "x2"), x, out, "x3");
    const char *in = binary(e, "Add", x, binary(e, "Mul", x3, scalar(e, out, "c", 0.044715), out,
                                                "cx3"), out, "inner");
    t = unary(e, "Tanh", binary(e, "Mul", in, scalar(e, out, "k", 0.7978845608028654), out, "scaled"),
              out, "tanh");
  } else {
    t = unary(e, "Erf", binary(e, "Div", x, scalar(e, out, "sqrt2", 1.4142135623730951), out,
                                      "scaled"),
              out, "erf");
  }
  const char *one = binary(e, "Add", t, scalar(e, out, "one", 1.0), out, "plus1");
  return binary(e, "Mul", binary(e, "Mul", x, one, out, "x_times"), scalar(e, out, "half", 0.5),
                out, NULL);
}

/* One row per activation of names/activations.def that ONNX can express; glu and sparsemax
 * (a split and a sort over the features) have none yet and are refused by name. */
static const ActRow acts[] = {
    [NNC_ACT_LINEAR] = {"Identity", act_identity, {0}},
    [NNC_ACT_SIGMOID] = {"Sigmoid", act_op, {0}},
    [NNC_ACT_RELU] = {"Relu", act_relu, {0}},
    [NNC_ACT_TANH] = {"Tanh", act_op, {0}},
    [NNC_ACT_SOFTMAX] = {"Softmax", act_softmax, {0}},
    [NNC_ACT_LEAKY_RELU] = {"LeakyRelu", act_alpha, {0}},
    [NNC_ACT_GELU] = {"Erf", act_gelu, {0}},
    [NNC_ACT_RELU6] = {"Clip", act_clip, {0, 6}},
    [NNC_ACT_ELU] = {"Elu", act_alpha, {0}},
    /* jax.nn.selu's alpha and scale, which ONNX's defaults round differently */
    [NNC_ACT_SELU] = {"Selu", act_two_attrs, {1.6732632423543772, 1.0507009873554805}},
    [NNC_ACT_CELU] = {"Celu", act_alpha, {0}},
    [NNC_ACT_SOFTPLUS] = {"Softplus", act_op, {0}},
    [NNC_ACT_SOFTSIGN] = {"Softsign", act_op, {0}},
    [NNC_ACT_SILU] = {"Sigmoid", act_x_times, {0}},
    [NNC_ACT_HARD_SIGMOID] = {"HardSigmoid", act_two_attrs, {1.0 / 6, 0.5}},
    [NNC_ACT_HARD_SILU] = {"HardSwish", act_op, {0}},
    [NNC_ACT_MISH] = {"Mish", act_x_times, {0}}, /* ONNX's Mish needs opset 18 */
    [NNC_ACT_EXPONENTIAL] = {"Exp", act_op, {0}},
    [NNC_ACT_LOG_SOFTMAX] = {"LogSoftmax", act_softmax, {0}},
    [NNC_ACT_LOG_SIGMOID] = {"Softplus", act_log_sigmoid, {0}},
    [NNC_ACT_HARD_TANH] = {"Clip", act_clip, {-1, 1}},
    [NNC_ACT_TANH_SHRINK] = {"Tanh", act_tanh_shrink, {0}},
    [NNC_ACT_SOFT_SHRINK] = {"Shrink", act_shrink, {1}},
    [NNC_ACT_HARD_SHRINK] = {"Shrink", act_shrink, {0}},
    [NNC_ACT_THRESHOLD] = {"Where", act_threshold, {0}},
    [NNC_ACT_SPARSE_PLUS] = {"Where", act_sparse_plus, {0}},
    [NNC_ACT_SQUAREPLUS] = {"Sqrt", act_squareplus, {0}},
    [NNC_ACT_SPARSE_SIGMOID] = {"HardSigmoid", act_two_attrs, {0.5, 0.5}},
};

static const char *activation(Ex *e, nnc_activation a, const double *args, const char *in,
                              const char *out, const char *layer) {
  if ((size_t)a >= sizeof acts / sizeof *acts || !acts[a].emit) {
    if (e->s == NNC_OK)
      e->s = base_error(NNC_ERR_ARG, "%s: layer '%s': activation '%s' has no ONNX form in nnc "
                        "yet", e->fn, layer, nnc_activation_name(a) ? nnc_activation_name(a) : "?");
    return NULL;
  }
  return in && out ? acts[a].emit(e, &acts[a], in, out, args) : NULL;
}

/* ---- layers: each writes its output's name into names[id] ---- */

typedef void (*LayerEmit)(Ex *e, int id, const char **names);

static const LayerNode *node_of(const Ex *e, int id) {
  return &e->m->net.nodes[id];
}

/* Node id's output: its layer's name, "<name>/call_<k>" for a shared layer's later calls. */
static const char *out_name(Ex *e, int id) {
  const LayerNode *n = node_of(e, id);
  return n->call ? str(e, "%s/call_%d", n->layer->name, n->call) : n->layer->name;
}

/* Weight k of node id's layer as an initializer "<layer>/<weight>": made at its first call,
 * read by name at later ones. */
static const char *weight(Ex *e, int id, int k) {
  const Layer *l = node_of(e, id)->layer;
  const char *name = str(e, "%s/%s", l->name, l->w[k].spec->name);
  return node_of(e, id)->call ? name : init(e, name, l->w[k].t);
}

/* A constant vector "<at>/<what>" of n elements v (BatchNormalization without scale or
 * center). */
static const char *filled(Ex *e, const char *at, const char *what, int64_t n, double v) {
  nnc_tensor *t = take(e, sizeof *t);
  void *data = take(e, (size_t)n * 8);
  if (!t || !data)
    return NULL;
  *t = (nnc_tensor){.dtype = e->elem == ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE ? NNC_F64 : NNC_F32,
                    .rank = 1, .shape = {n}, .numel = n, .data = data};
  for (int64_t i = 0; i < n; i++)
    rt_tensor_set(t, i, v);
  return init(e, str(e, "%s/%s", at, what), t);
}

static const char *input_of(const Ex *e, int id, const char **names, int k) {
  return names[node_of(e, id)->inputs[k]];
}

static void refuse(Ex *e, int id, const char *why) {
  if (e->s == NNC_OK)
    e->s = base_error(NNC_ERR_ARG, "%s: layer '%s' (%s): %s has no ONNX form in nnc yet", e->fn,
                      node_of(e, id)->layer->name, keras_layer_type(node_of(e, id)->layer), why);
}

static void lay_input(Ex *e, int id, const char **names) {
  names[id] = node_of(e, id)->layer->name;
}

static void lay_identity(Ex *e, int id, const char **names) {
  names[id] = input_of(e, id, names, 0);
}

/* Gemm for a vector sample (MatMul without a bias); MatMul and Add over the last axis of
 * larger ones. */
static void lay_dense(Ex *e, int id, const char **names) {
  const LayerNode *n = node_of(e, id);
  const Layer *l = n->layer;
  const ArgVal *act = keras_arg(&l->cfg, "activation");
  bool linear = act->act == NNC_ACT_LINEAR, bias = l->w[1].used;
  bool flat = e->m->net.nodes[n->inputs[0]].out.rank == 1;
  const char *name = out_name(e, id);
  const char *in[3] = {input_of(e, id, names, 0), weight(e, id, 0), bias ? weight(e, id, 1) : NULL};
  const char *z = linear ? name : str(e, "%s/linear", name);
  if (!in[0] || !in[1] || (bias && !in[2]) || !z)
    return;
  if (flat && !node(e, bias ? "Gemm" : "MatMul", bias ? 3 : 2, in, z))
    return;
  if (!flat && !(bias ? binary(e, "Add", binary(e, "MatMul", in[0], in[1], z, "matmul"), in[2],
                               z, NULL)
                      : binary(e, "MatMul", in[0], in[1], z, NULL)))
    return;
  names[id] = linear ? z : activation(e, act->act, act->args, z, name, l->name);
}

static void lay_activation(Ex *e, int id, const char **names) {
  const LayerNode *n = node_of(e, id);
  const ArgVal *act = keras_arg(&n->layer->cfg, "activation");
  names[id] = activation(e, act->act, act->args, input_of(e, id, names, 0), out_name(e, id),
                         n->layer->name);
}

/* keras.activations' operations as the Activation layer; keras.ops' have no form yet. */
static void lay_operation(Ex *e, int id, const char **names) {
  KopId k = (KopId)keras_arg(&node_of(e, id)->layer->cfg, "op")->num;
  if (keras_op_kind(k) == KOP_ACTIVATION)
    lay_activation(e, id, names);
  else
    refuse(e, id, "the operation");
}

static void lay_merge(Ex *e, int id, const char **names, const char *op) {
  const LayerNode *l = node_of(e, id);
  const char **in = take(e, (size_t)l->ninputs * sizeof *in);
  const char *name = out_name(e, id);
  if (!in || !name)
    return;
  for (int i = 0; i < l->ninputs; i++)
    in[i] = names[l->inputs[i]];
  Onnx__NodeProto *n = node(e, op, l->ninputs, in, name);
  if (strcmp(op, "Concat") == 0) {
    int64_t axis = (int64_t)keras_arg(&l->layer->cfg, "axis")->num;
    attr_int(e, n, "axis", keras_sample_axis(axis, e->m->net.nodes[l->inputs[0]].out.rank) + 1);
  }
  names[id] = n ? name : NULL;
}

static void lay_add(Ex *e, int id, const char **names) {
  lay_merge(e, id, names, "Sum");
}

static void lay_concat(Ex *e, int id, const char **names) {
  lay_merge(e, id, names, "Concat");
}

static void lay_subtract(Ex *e, int id, const char **names) {
  lay_merge(e, id, names, "Sub");
}

/* ONNX's Mul takes two inputs; Keras's Multiply any number. */
static void lay_multiply(Ex *e, int id, const char **names) {
  if (node_of(e, id)->ninputs == 2)
    lay_merge(e, id, names, "Mul");
  else
    refuse(e, id, "Multiply of more than two inputs");
}

static void lay_average(Ex *e, int id, const char **names) {
  lay_merge(e, id, names, "Mean");
}

static void lay_maximum(Ex *e, int id, const char **names) {
  lay_merge(e, id, names, "Max");
}

static void lay_minimum(Ex *e, int id, const char **names) {
  lay_merge(e, id, names, "Min");
}

/* Flatten and Reshape: Reshape to [0 (the batch, kept), ...the sample's shape]. */
static void lay_reshape(Ex *e, int id, const char **names) {
  Shape o = node_of(e, id)->out;
  const char *name = out_name(e, id);
  int64_t *dims = take(e, (size_t)(o.rank + 1) * sizeof *dims), n = o.rank + 1;
  if (!dims || !name)
    return;
  for (int i = 0; i < o.rank; i++)
    dims[i + 1] = o.dim[i];
  const char *shape = init_raw(e, str(e, "%s/shape", name), 1, &n,
                               ONNX__TENSOR_PROTO__DATA_TYPE__INT64, dims, (size_t)n * sizeof *dims);
  names[id] = binary(e, "Reshape", input_of(e, id, names, 0), shape, name, NULL);
}

/* In inference, a vector sample: ONNX's BatchNormalization of the moving statistics. */
static void lay_batch_norm(Ex *e, int id, const char **names) {
  const LayerNode *n = node_of(e, id);
  const Layer *l = n->layer;
  if (n->out.rank != 1) {
    refuse(e, id, "BatchNormalization of a sample of more than one axis");
    return;
  }
  const char *name = out_name(e, id);
  int64_t c = n->out.dim[0];
  const char *in[5] = {input_of(e, id, names, 0),
                       l->w[0].used ? weight(e, id, 0) : filled(e, name, "scale", c, 1),
                       l->w[1].used ? weight(e, id, 1) : filled(e, name, "B", c, 0),
                       weight(e, id, 2), weight(e, id, 3)};
  for (int i = 0; i < 5; i++)
    if (!in[i] || !name)
      return;
  Onnx__NodeProto *bn = node(e, "BatchNormalization", 5, in, name);
  attr_float(e, bn, "epsilon", keras_arg(&l->cfg, "epsilon")->num);
  names[id] = bn ? name : NULL;
}

/* ReLU, LeakyReLU, ELU and Softmax: their activation with the layer's arguments. */
static void act_layer(Ex *e, int id, const char **names, nnc_activation a, const double *args) {
  const LayerNode *n = node_of(e, id);
  names[id] = activation(e, a, args, input_of(e, id, names, 0), out_name(e, id), n->layer->name);
}

static double num(const Ex *e, int id, const char *arg) {
  return keras_arg(&node_of(e, id)->layer->cfg, arg)->num;
}

static void lay_relu(Ex *e, int id, const char **names) {
  const ArgVal *max = keras_arg(&node_of(e, id)->layer->cfg, "max_value");
  double args[NNC_ACT_ARGS] = {num(e, id, "negative_slope"), max->null ? INFINITY : max->num,
                               num(e, id, "threshold")};
  act_layer(e, id, names, NNC_ACT_RELU, args);
}

static void lay_leaky_relu(Ex *e, int id, const char **names) {
  act_layer(e, id, names, NNC_ACT_LEAKY_RELU, (double[NNC_ACT_ARGS]){num(e, id, "negative_slope")});
}

static void lay_elu(Ex *e, int id, const char **names) {
  act_layer(e, id, names, NNC_ACT_ELU, (double[NNC_ACT_ARGS]){num(e, id, "alpha")});
}

static void lay_softmax(Ex *e, int id, const char **names) {
  act_layer(e, id, names, NNC_ACT_SOFTMAX, (double[NNC_ACT_ARGS]){-1});
}

/* PReLU: ONNX's PRelu, its slope alpha broadcast as Keras broadcasts it. */
static void lay_prelu(Ex *e, int id, const char **names) {
  names[id] = binary(e, "PRelu", input_of(e, id, names, 0), weight(e, id, 0), out_name(e, id),
                     NULL);
}

static void lay_layer_norm(Ex *e, int id, const char **names) {
  (void)names;
  refuse(e, id, "LayerNormalization");
}

static void lay_normalization(Ex *e, int id, const char **names) {
  (void)names;
  refuse(e, id, "Normalization");
}

static const LayerEmit layers[] = {
    [NNC_LAYER_INPUT] = lay_input,           [NNC_LAYER_DENSE] = lay_dense,
    [NNC_LAYER_ACTIVATION] = lay_activation, [NNC_LAYER_ADD] = lay_add,
    [NNC_LAYER_CONCATENATE] = lay_concat,    [NNC_LAYER_FLATTEN] = lay_reshape,
    [NNC_LAYER_RESHAPE] = lay_reshape,       [NNC_LAYER_DROPOUT] = lay_identity,
    [NNC_LAYER_BATCH_NORMALIZATION] = lay_batch_norm,
    [NNC_LAYER_LAYER_NORMALIZATION] = lay_layer_norm,
    [NNC_LAYER_RELU] = lay_relu,             [NNC_LAYER_LEAKY_RELU] = lay_leaky_relu,
    [NNC_LAYER_PRELU] = lay_prelu,           [NNC_LAYER_ELU] = lay_elu,
    [NNC_LAYER_SOFTMAX] = lay_softmax,       [NNC_LAYER_NORMALIZATION] = lay_normalization,
    [NNC_LAYER_SUBTRACT] = lay_subtract,     [NNC_LAYER_MULTIPLY] = lay_multiply,
    [NNC_LAYER_AVERAGE] = lay_average,       [NNC_LAYER_MAXIMUM] = lay_maximum,
    [NNC_LAYER_MINIMUM] = lay_minimum,       [NNC_LAYER_OPERATION] = lay_operation,
};

/* ---- the model ---- */

/* A tensor value [batch, ...sample] of the model's dtype. */
static Onnx__ValueInfoProto *value_info(Ex *e, const char *name, Shape sample) {
  int r = sample.rank + 1;
  Onnx__ValueInfoProto *v = take(e, sizeof *v);
  Onnx__TypeProto *ty = take(e, sizeof *ty);
  Onnx__TypeProto__Tensor *tt = take(e, sizeof *tt);
  Onnx__TensorShapeProto *sh = take(e, sizeof *sh);
  Onnx__TensorShapeProto__Dimension **dims = take(e, (size_t)r * sizeof *dims);
  Onnx__TensorShapeProto__Dimension *d = take(e, (size_t)r * sizeof *d);
  if (!v || !ty || !tt || !sh || !dims || !d)
    return NULL;
  onnx__value_info_proto__init(v);
  onnx__type_proto__init(ty);
  onnx__type_proto__tensor__init(tt);
  onnx__tensor_shape_proto__init(sh);
  for (int i = 0; i < r; i++) {
    onnx__tensor_shape_proto__dimension__init(&d[i]);
    dims[i] = &d[i];
    d[i].value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE;
    d[i].dim_value = i ? sample.dim[i - 1] : 0;
  }
  d[0].value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM;
  d[0].dim_param = "batch";
  sh->n_dim = (size_t)r;
  sh->dim = dims;
  tt->has_elem_type = 1;
  tt->elem_type = e->elem;
  tt->shape = sh;
  ty->value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE;
  ty->tensor_type = tt;
  v->name = (char *)name;
  v->type = ty;
  return v;
}

static void graph(Ex *e, Onnx__GraphProto *g) {
  const nnc_model *m = e->m;
  const Net *net = &m->net;
  onnx__graph_proto__init(g);
  g->name = (char *)keras_model_name(m);
  e->g = g;
  e->capnodes = 16 * (size_t)net->nnodes + 4;
  e->capinits = 8 * (size_t)net->nnodes + 4;
  g->node = take(e, e->capnodes * sizeof *g->node);
  g->initializer = take(e, e->capinits * sizeof *g->initializer);
  const char **names = take(e, (size_t)net->nnodes * sizeof *names);
  for (int i = 0; e->s == NNC_OK && i < net->nnodes; i++) {
    nnc_layer_kind k = net->nodes[i].layer->kind;
    if ((size_t)k < sizeof layers / sizeof *layers && layers[k])
      layers[k](e, i, names);
    else
      refuse(e, i, "the class");
  }
  int out = keras_net_output(net);
  g->input = take(e, (size_t)net->nin * sizeof *g->input); /* each InputLayer, in order */
  g->output = take(e, sizeof *g->output);
  if (e->s != NNC_OK || !g->input || !g->output)
    return;
  for (int k = 0; k < net->nin; k++)
    g->input[k] = value_info(e, names[net->in[k]], net->nodes[net->in[k]].out);
  g->output[0] = value_info(e, names[out], net->nodes[out].out);
  g->n_input = (size_t)net->nin;
  g->n_output = 1;
}

static Onnx__ModelProto *model_proto(Ex *e) {
  Onnx__ModelProto *mp = take(e, sizeof *mp);
  Onnx__OperatorSetIdProto *op = take(e, sizeof *op);
  Onnx__OperatorSetIdProto **ops = take(e, sizeof *ops);
  Onnx__GraphProto *g = take(e, sizeof *g);
  if (!mp || !op || !ops || !g)
    return NULL;
  onnx__model_proto__init(mp);
  onnx__operator_set_id_proto__init(op);
  op->domain = "";
  op->has_version = 1;
  op->version = ONNX_OPSET;
  ops[0] = op;
  mp->has_ir_version = 1;
  mp->ir_version = ONNX_IR_VERSION;
  mp->n_opset_import = 1;
  mp->opset_import = ops;
  mp->producer_name = "nnc";
  mp->producer_version = NNC_VERSION;
  mp->graph = g;
  graph(e, g);
  return e->s == NNC_OK ? mp : NULL;
}

nnc_status nnc_model_export_onnx(nnc_model *m, const char *path) {
  KERAS_ENTER(m);
  const char *fn = "nnc_model_export_onnx";
  if (!m || !path)
    return base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, m ? "path" : "the model");
  if (!m->built)
    return base_error(NNC_ERR_ARG, "%s: %s: the model has no weights yet (compile it with a "
                      "known input, fit it, or load its weights)", fn, path);
  Ex e = {.m = m, .fn = fn, .s = NNC_OK,
          .elem = m->copt.dtype == NNC_F64 ? ONNX__TENSOR_PROTO__DATA_TYPE__DOUBLE
                                           : ONNX__TENSOR_PROTO__DATA_TYPE__FLOAT};
  Onnx__ModelProto *mp = model_proto(&e);
  nnc_status s = mp ? fmt_onnx_write(path, mp) : e.s;
  for (int i = 0; i < e.nowned; i++)
    base_free(e.owned[i]);
  base_free(e.owned);
  return s;
}
