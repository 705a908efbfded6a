/* onnx_import.c — nnc_model_load_onnx: an MLP from an ONNX file as an nnc model, the way
 * exporters (torch.onnx.export, nnc export, tf2onnx) write one.
 *
 * The graph's one input is [batch, d1, ...], flattened to d1·... features. Nodes are read in
 * the file's (topological) order. A Gemm, or a MatMul with a constant right side, becomes a
 * Dense layer, and the nodes that only refine it are folded in: an Add of a constant vector
 * (the bias), a BatchNormalization in inference form (scale, shift, mean and variance into
 * kernel and bias), and one activation; each must be the only reader of what it refines.
 * Activations elsewhere become Activation layers, an Add of two layers an Add layer, Concat
 * on axis 1 a Concatenate. Flatten, a Reshape to [batch, features], Identity and Dropout
 * (inference) pass their input through; Constant nodes and initializers are constants.
 * Any other node is refused with its name and op type, before any model exists.
 *
 * Weights are converted to f32 and copied into the model once its layers exist
 * (keras_model_build), so compile, fit, predict, summary and export work as on any model.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "keras.h"
#include "onnx.pb-c.h"

typedef struct {
  const char *path;
  const Onnx__GraphProto *g;
  nnc_model *m;
  const char **vname;           /* value names that are layers; vlayer[i] the layer id */
  int *vlayer;
  int nv, capv;
  nnc_tensor **kernels, **biases; /* per Dense layer, in creation order (owned) */
  int ndense;
  bool *done;                   /* per node: folded into an earlier one */
} Im;

static const Onnx__AttributeProto *find_attr(const Onnx__NodeProto *n, const char *name) {
  for (size_t i = 0; i < n->n_attribute; i++)
    if (n->attribute[i]->name && strcmp(n->attribute[i]->name, name) == 0)
      return n->attribute[i];
  return NULL;
}

static int64_t attr_i(const Onnx__NodeProto *n, const char *name, int64_t dflt) {
  const Onnx__AttributeProto *a = find_attr(n, name);
  return a && a->has_i ? a->i : dflt;
}

static double attr_f(const Onnx__NodeProto *n, const char *name, double dflt) {
  const Onnx__AttributeProto *a = find_attr(n, name);
  return a && a->has_f ? a->f : dflt;
}

/* protobuf-c leaves an absent string NULL: every name read from the file goes through these. */
static const char *text(const char *s) {
  return s ? s : "";
}

static bool is(const Onnx__NodeProto *n, const char *op) {
  return strcmp(text(n->op_type), op) == 0;
}

static const char *nname(const Onnx__NodeProto *n) {
  return n->name && n->name[0] ? n->name : "(unnamed)";
}

static nnc_status refuse(Im *im, const Onnx__NodeProto *n, const char *why) {
  return base_error(NNC_ERR_ARG, "%s: node '%s' (%s): %s", im->path, nname(n),
                    n->op_type ? n->op_type : "?", why);
}

/* The constant named `name`: an initializer or a Constant node's value; NULL otherwise. */
static const Onnx__TensorProto *constant(const Im *im, const char *name) {
  if (!name)
    return NULL;
  for (size_t i = 0; i < im->g->n_initializer; i++)
    if (strcmp(text(im->g->initializer[i]->name), name) == 0)
      return im->g->initializer[i];
  for (size_t i = 0; i < im->g->n_node; i++) {
    const Onnx__NodeProto *n = im->g->node[i];
    if (is(n, "Constant") && n->n_output == 1 && strcmp(text(n->output[0]), name) == 0) {
      const Onnx__AttributeProto *a = find_attr(n, "value");
      return a ? a->t : NULL;
    }
  }
  return NULL;
}

static nnc_status const_tensor(Im *im, const Onnx__NodeProto *n, const char *name, nnc_tensor **t) {
  const Onnx__TensorProto *p = constant(im, name);
  if (!p)
    return refuse(im, n, "a weight that is not a constant (initializer or Constant)");
  return fmt_onnx_tensor(im->path, p, NNC_F32, t);
}

static int layer_of(const Im *im, const char *name) {
  for (int i = im->nv - 1; i >= 0; i--)
    if (strcmp(im->vname[i], text(name)) == 0)
      return im->vlayer[i];
  return -1;
}

static nnc_status bind(Im *im, const char *name, int id) {
  if (im->nv == im->capv) {
    int cap = im->capv ? 2 * im->capv : 32;
    const char **vn = base_realloc(im->vname, (size_t)cap * sizeof *vn);
    if (vn)
      im->vname = vn;
    int *vl = vn ? base_realloc(im->vlayer, (size_t)cap * sizeof *vl) : NULL;
    if (!vl)
      return base_error(NNC_ERR_NOMEM, "%s: out of memory", im->path);
    im->vlayer = vl;
    im->capv = cap;
  }
  im->vname[im->nv] = text(name);
  im->vlayer[im->nv++] = id;
  return NNC_OK;
}

/* The node reading `value`, when exactly one node (and no graph output) reads it. */
static int sole_reader(const Im *im, const char *value) {
  int found = -1;
  for (size_t i = 0; i < im->g->n_node; i++)
    for (size_t k = 0; k < im->g->node[i]->n_input; k++)
      if (strcmp(text(im->g->node[i]->input[k]), value) == 0) {
        if (found >= 0)
          return -1;
        found = (int)i;
      }
  for (size_t i = 0; i < im->g->n_output; i++)
    if (strcmp(text(im->g->output[i]->name), value) == 0)
      return -1;
  return found;
}

/* ---- activations ---- */

/* ONNX's single-op activations. `arg` names the attribute that is the activation's first
 * argument (with ONNX's default); the ops whose attributes select among Keras's activations
 * (HardSigmoid, Shrink) or must equal Keras's constants (Selu) are decided in keras_form. */
static const struct {
  const char *op;
  nnc_activation act;
  const char *arg;
  double dflt;
} act_ops[] = {
    {"Relu", NNC_ACT_RELU, NULL, 0}, {"Sigmoid", NNC_ACT_SIGMOID, NULL, 0},
    {"Tanh", NNC_ACT_TANH, NULL, 0}, {"Softmax", NNC_ACT_SOFTMAX, NULL, 0},
    {"LogSoftmax", NNC_ACT_LOG_SOFTMAX, NULL, 0}, {"LeakyRelu", NNC_ACT_LEAKY_RELU, "alpha", 0.01},
    {"Elu", NNC_ACT_ELU, "alpha", 1.0}, {"Celu", NNC_ACT_CELU, "alpha", 1.0},
    {"Selu", NNC_ACT_SELU, NULL, 0}, {"Softplus", NNC_ACT_SOFTPLUS, NULL, 0},
    {"Softsign", NNC_ACT_SOFTSIGN, NULL, 0}, {"HardSwish", NNC_ACT_HARD_SILU, NULL, 0},
    {"Exp", NNC_ACT_EXPONENTIAL, NULL, 0}, {"Mish", NNC_ACT_MISH, NULL, 0},
    {"HardSigmoid", NNC_ACT_HARD_SIGMOID, NULL, 0}, {"Shrink", NNC_ACT_SOFT_SHRINK, "lambd", 0.5},
};

static bool near(double a, double b) {
  return fabs(a - b) <= 1e-6 * fabs(b);
}

/* Whether n's attributes give one of Keras's activations; *a may change to the one they
 * give (HardSigmoid's alpha 1/6 is hard_sigmoid, 0.5 sparse_sigmoid; Shrink with bias 0 is
 * hard_shrink, with bias = lambd soft_shrink). */
static bool keras_form(const Onnx__NodeProto *n, nnc_activation *a) {
  if (is(n, "Selu")) /* jax.nn.selu's constants, which ONNX's defaults round differently */
    return near(attr_f(n, "alpha", 1.67326319217681884765625), 1.6732632423543772) &&
           near(attr_f(n, "gamma", 1.05070102214813232421875), 1.0507009873554805);
  if (is(n, "HardSigmoid")) {
    double alpha = attr_f(n, "alpha", 0.2);
    if (attr_f(n, "beta", 0.5) != 0.5 || !(near(alpha, 1.0 / 6) || alpha == 0.5))
      return false;
    *a = alpha == 0.5 ? NNC_ACT_SPARSE_SIGMOID : NNC_ACT_HARD_SIGMOID;
  }
  if (is(n, "Shrink")) {
    double bias = attr_f(n, "bias", 0), lambd = attr_f(n, "lambd", 0.5);
    if (bias != 0 && bias != lambd)
      return false;
    *a = bias == 0 ? NNC_ACT_HARD_SHRINK : NNC_ACT_SOFT_SHRINK;
  }
  return true;
}

/* The activation of node n and its arguments args[0..NNC_ACT_ARGS) (Keras's defaults, then
 * the node's attribute); false when n is none that nnc has. */
static bool activation_of(const Onnx__NodeProto *n, nnc_activation *a, double *args) {
  for (size_t i = 0; i < sizeof act_ops / sizeof *act_ops; i++)
    if (is(n, act_ops[i].op)) {
      *a = act_ops[i].act;
      if (!keras_form(n, a))
        return false;
      nnc_activation_defaults(*a, args);
      if (act_ops[i].arg)
        args[0] = attr_f(n, act_ops[i].arg, act_ops[i].dflt);
      return true;
    }
  return false;
}

static bool softmax_axis_ok(const Onnx__NodeProto *n) {
  int64_t axis = attr_i(n, "axis", -1);
  return !(is(n, "Softmax") || is(n, "LogSoftmax")) || axis == -1 || axis == 1;
}

/* ---- Dense: Gemm or MatMul, and what folds into it ---- */

/* kernel [in, units] from B (transposed when transB) times alpha. */
static nnc_status gemm_kernel(Im *im, const Onnx__NodeProto *n, nnc_tensor **k) {
  nnc_tensor *b = NULL;
  nnc_status s = const_tensor(im, n, n->input[1], &b);
  if (s != NNC_OK)
    return s;
  if (b->rank != 2) {
    nnc_tensor_free(b);
    return refuse(im, n, "its weight is not a matrix");
  }
  bool t = is(n, "Gemm") && attr_i(n, "transB", 0);
  double alpha = is(n, "Gemm") ? attr_f(n, "alpha", 1.0) : 1.0;
  int64_t shape[2] = {b->shape[t ? 1 : 0], b->shape[t ? 0 : 1]};
  s = rt_tensor_alloc(NNC_F32, 2, shape, k);
  for (int64_t i = 0; s == NNC_OK && i < shape[0]; i++)
    for (int64_t j = 0; j < shape[1]; j++)
      rt_tensor_set(*k, i * shape[1] + j, alpha * rt_tensor_get(b, t ? j * shape[0] + i
                                                                      : i * shape[1] + j));
  nnc_tensor_free(b);
  return s;
}

/* Adds constant `name` (scaled) to the bias [units], broadcasting a scalar or [1, units]. */
static nnc_status add_bias(Im *im, const Onnx__NodeProto *n, const char *name, double scale,
                           int64_t units, nnc_tensor **bias) {
  nnc_tensor *c = NULL;
  nnc_status s = const_tensor(im, n, name, &c);
  if (s != NNC_OK)
    return s;
  if (c->numel != units && c->numel != 1) {
    nnc_tensor_free(c);
    return refuse(im, n, "a bias whose size is not the layer's units");
  }
  int64_t shape[1] = {units};
  if (!*bias && (s = nnc_tensor_new(NNC_F32, 1, shape, bias)) != NNC_OK) {
    nnc_tensor_free(c);
    return s;
  }
  for (int64_t j = 0; j < units; j++)
    rt_tensor_set(*bias, j, rt_tensor_get(*bias, j) + scale * rt_tensor_get(c, c->numel == 1 ? 0 : j));
  nnc_tensor_free(c);
  return NNC_OK;
}

/* BatchNormalization(x, scale, B, mean, var) folded: y = (x - mean)·scale/√(var+ε) + B. */
static nnc_status fold_bn(Im *im, const Onnx__NodeProto *n, nnc_tensor *k, nnc_tensor **bias) {
  if (n->n_input != 5)
    return refuse(im, n, "expected 5 inputs");
  int64_t units = k->shape[1];
  nnc_tensor *p[4] = {NULL};
  nnc_status s = NNC_OK;
  for (int i = 0; s == NNC_OK && i < 4; i++)
    if ((s = const_tensor(im, n, n->input[i + 1], &p[i])) == NNC_OK && p[i]->numel != units)
      s = refuse(im, n, "parameters whose size is not the layer's units");
  int64_t shape[1] = {units};
  if (s == NNC_OK && !*bias)
    s = nnc_tensor_new(NNC_F32, 1, shape, bias); /* zeros */
  double eps = attr_f(n, "epsilon", 1e-5);
  for (int64_t j = 0; s == NNC_OK && j < units; j++) {
    double f = rt_tensor_get(p[0], j) / sqrt(rt_tensor_get(p[3], j) + eps);
    for (int64_t i = 0; i < k->shape[0]; i++)
      rt_tensor_set(k, i * units + j, rt_tensor_get(k, i * units + j) * f);
    rt_tensor_set(*bias, j, (rt_tensor_get(*bias, j) - rt_tensor_get(p[2], j)) * f +
                                rt_tensor_get(p[1], j));
  }
  for (int i = 0; i < 4; i++)
    nnc_tensor_free(p[i]);
  return s;
}

static nnc_status keep_weights(Im *im, nnc_tensor *k, nnc_tensor *b) {
  nnc_tensor **ks = base_realloc(im->kernels, (size_t)(im->ndense + 1) * sizeof *ks);
  if (ks)
    im->kernels = ks;
  nnc_tensor **bs = ks ? base_realloc(im->biases, (size_t)(im->ndense + 1) * sizeof *bs) : NULL;
  if (!bs)
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", im->path);
  im->biases = bs;
  im->kernels[im->ndense] = k;
  im->biases[im->ndense++] = b;
  return NNC_OK;
}


/* Features of node id's output when it is a vector sample; 0 otherwise or while unknown. */
static int64_t width(const Im *im, int id) {
  Shape o = im->m->net.nodes[id].out;
  return o.rank == 1 ? o.dim[0] : 0;
}

/* Folds the sole readers of *out (Add of a constant, BatchNormalization, one activation)
 * into the Dense layer being made; *out becomes the last folded node's output. */
static nnc_status fold(Im *im, const char **out, nnc_tensor *k, nnc_tensor **bias,
                       nnc_dense_options *d) {
  for (;;) {
    int r = sole_reader(im, *out);
    if (r < 0)
      return NNC_OK;
    const Onnx__NodeProto *n = im->g->node[r];
    const char *other = n->n_input == 2 ? n->input[strcmp(text(n->input[0]), *out) == 0] : NULL;
    bool last = false;
    nnc_status s = NNC_OK;
    if (is(n, "Add") && other && constant(im, other))
      s = add_bias(im, n, other, 1.0, k->shape[1], bias);
    else if (is(n, "BatchNormalization") && strcmp(text(n->input[0]), *out) == 0)
      s = fold_bn(im, n, k, bias);
    else if (activation_of(n, &d->activation, d->args) && softmax_axis_ok(n))
      last = true;              /* an activation ends the layer */
    else
      return NNC_OK;
    if (s != NNC_OK)
      return s;
    if (n->n_output < 1)
      return refuse(im, n, "no output");
    im->done[r] = true;
    *out = n->output[0];
    if (last)
      return NNC_OK;
  }
}

static nnc_status dense(Im *im, const Onnx__NodeProto *n, int in) {
  bool gemm = is(n, "Gemm");
  if (n->n_input < 2 || (gemm && attr_i(n, "transA", 0)))
    return refuse(im, n, "needs a constant weight as its second input and no transA");
  nnc_tensor *k = NULL, *bias = NULL;
  nnc_status s = gemm_kernel(im, n, &k);
  if (s == NNC_OK && gemm && n->n_input >= 3 && n->input[2] && n->input[2][0])
    s = add_bias(im, n, n->input[2], attr_f(n, "beta", 1.0), k->shape[1], &bias);
  nnc_dense_options d = nnc_dense(s == NNC_OK ? k->shape[1] : 1, NNC_ACT_LINEAR);
  const char *out = n->output[0];
  if (s == NNC_OK)
    s = fold(im, &out, k, &bias, &d);
  d.use_bias = bias != NULL;
  int id = -1;
  if (s == NNC_OK && (s = nnc_model_dense(im->m, in, &d, &id)) == NNC_OK &&
      width(im, in) && width(im, in) != k->shape[0])
    s = refuse(im, n, "its weight does not fit the features it reads");
  if (s == NNC_OK && (s = keep_weights(im, k, bias)) == NNC_OK)
    return bind(im, out, id);
  nnc_tensor_free(k);
  nnc_tensor_free(bias);
  return s;
}

/* ---- one node ---- */

/* Reshape to [batch or -1 or 0, width] keeps a sample a vector: a pass-through. */
static bool flat_reshape(Im *im, const Onnx__NodeProto *n, int in) {
  const Onnx__TensorProto *t = n->n_input == 2 ? constant(im, n->input[1]) : NULL;
  nnc_tensor *shape = NULL;
  if (!t || fmt_onnx_tensor(im->path, t, NNC_F64, &shape) != NNC_OK)
    return false;
  int64_t w = width(im, in);
  bool ok = shape->numel == 2 && (rt_tensor_get(shape, 1) == (double)w ||
                                  (rt_tensor_get(shape, 1) == -1 && rt_tensor_get(shape, 0) != -1));
  nnc_tensor_free(shape);
  return ok;
}

static nnc_status node(Im *im, size_t i) {
  const Onnx__NodeProto *n = im->g->node[i];
  if (im->done[i] || is(n, "Constant"))
    return NNC_OK;
  if (n->n_input < 1 || n->n_output < 1)
    return refuse(im, n, "no input or output");
  int in = layer_of(im, n->input[0]), id;
  if (in < 0)
    return refuse(im, n, "its first input is not computed from the model's input");
  nnc_activation a;
  double args[NNC_ACT_ARGS];
  nnc_status s = NNC_OK;
  if (is(n, "Gemm") || is(n, "MatMul"))
    return dense(im, n, in);
  if (is(n, "Identity") || is(n, "Dropout") || (is(n, "Flatten") && attr_i(n, "axis", 1) == 1) ||
      (is(n, "Reshape") && flat_reshape(im, n, in)))
    return bind(im, n->output[0], in);
  if (activation_of(n, &a, args) && softmax_axis_ok(n)) {
    nnc_status s2 = nnc_model_activation(im->m, in, a, NULL, &id);
    if (s2 == NNC_OK) /* the layer's own arguments, which no model-file name carries */
      memcpy(keras_arg_set(&im->m->net.nodes[id].layer->cfg, "activation")->args, args,
             sizeof args);
    return s2 != NNC_OK ? s2 : bind(im, n->output[0], id);
  }
  if ((is(n, "Add") || is(n, "Sum") || (is(n, "Concat") && attr_i(n, "axis", 1) == 1)) &&
      n->n_input >= 2 && n->n_input <= 64) {
    int ids[64];
    for (size_t k = 0; k < n->n_input; k++)
      if ((ids[k] = layer_of(im, n->input[k])) < 0)
        return refuse(im, n, "an input that is not a layer (nnc adds layers only)");
    s = is(n, "Concat") ? nnc_model_concatenate(im->m, (int)n->n_input, ids, 1, NULL, &id)
                        : nnc_model_add_layer(im->m, (int)n->n_input, ids, NULL, &id);
    return s != NNC_OK ? s : bind(im, n->output[0], id);
  }
  return refuse(im, n, "not an op nnc imports (MLPs: Gemm, MatMul, Add, activations, Softmax, "
                       "Flatten, Reshape, BatchNormalization, Dropout, Identity, Constant)");
}

/* ---- the graph ---- */

static nnc_status input(Im *im) {
  const Onnx__ValueInfoProto *v = NULL;
  for (size_t i = 0; i < im->g->n_input; i++)
    if (!constant(im, im->g->input[i]->name)) {
      if (v)
        return base_error(NNC_ERR_ARG, "%s: more than one graph input (nnc imports graphs of "
                          "one input)", im->path);
      v = im->g->input[i];
    }
  const Onnx__TypeProto__Tensor *t =
      v && v->type && v->type->value_case == ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE ? v->type->tensor_type : NULL;
  if (!t || !t->shape || t->shape->n_dim < 2)
    return base_error(NNC_ERR_SHAPE, "%s: the graph input must be a tensor [batch, features, ...]",
                      im->path);
  int64_t features = 1;
  for (size_t d = 1; d < t->shape->n_dim; d++) {
    const Onnx__TensorShapeProto__Dimension *dim = t->shape->dim[d];
    if (dim->value_case != ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE ||
        dim->dim_value <= 0 || features > (INT64_C(1) << 40) / dim->dim_value)
      return base_error(NNC_ERR_SHAPE, "%s: input '%s': dimension %zu must be a fixed size",
                        im->path, text(v->name), d);
    features *= dim->dim_value;
  }
  int64_t shape[1] = {features};
  int id;
  nnc_status s = nnc_model_input(im->m, 1, shape, NULL, &id);
  return s != NNC_OK ? s : bind(im, v->name, id);
}

static nnc_status build(Im *im) {
  if (im->g->n_output != 1)
    return base_error(NNC_ERR_ARG, "%s: %zu graph outputs (nnc models have one)", im->path,
                      im->g->n_output);
  nnc_status s = input(im);
  for (size_t i = 0; s == NNC_OK && i < im->g->n_node; i++) {
    const Onnx__NodeProto *n = im->g->node[i];
    if (!n->op_type || (n->domain && n->domain[0] && strcmp(n->domain, "ai.onnx") != 0))
      s = refuse(im, n, "not an op of the standard ONNX domain");
    else
      s = node(im, i);
  }
  int out = s == NNC_OK ? layer_of(im, im->g->output[0]->name) : -1;
  if (s == NNC_OK && out < 0)
    s = base_error(NNC_ERR_ARG, "%s: the graph output '%s' is not computed by layers nnc "
                   "imports", im->path, text(im->g->output[0]->name));
  if (s == NNC_OK)
    s = nnc_model_set_outputs(im->m, 1, &out);
  if (s == NNC_OK)
    s = keras_model_build(im->m, keras_input_shape(im->m));
  for (int i = 0, k = 0; s == NNC_OK && i < im->m->nlayers; i++) {
    Layer *l = im->m->layers[i]; /* the Dense layers, in the order dense() made them */
    if (l->kind != NNC_LAYER_DENSE)
      continue;
    nnc_tensor *kt = l->w[0].t, *bt = l->w[1].used ? l->w[1].t : NULL;
    if (k >= im->ndense || kt->numel != im->kernels[k]->numel)
      return base_error(NNC_ERR_SHAPE, "%s: layer '%s': weights do not fit", im->path, l->name);
    memcpy(kt->data, im->kernels[k]->data, (size_t)kt->numel * sizeof(float));
    if (bt)
      memcpy(bt->data, im->biases[k]->data, (size_t)bt->numel * sizeof(float));
    k++;
  }
  return s;
}

nnc_status nnc_model_load_onnx(const char *path, nnc_model **out) {
  if (!path || !out)
    return base_error(NNC_ERR_ARG, "nnc_model_load_onnx: %s is NULL", path ? "out" : "path");
  *out = NULL;
  Onnx__ModelProto *mp = NULL;
  nnc_status s = fmt_onnx_read(path, &mp);
  if (s == NNC_OK && !mp->graph)
    s = base_error(NNC_ERR_CORRUPT, "%s: an ONNX model without a graph", path);
  Im im = {.path = path, .g = s == NNC_OK ? mp->graph : NULL};
  if (s == NNC_OK && !(im.done = base_calloc(mp->graph->n_node + 1, sizeof *im.done)))
    s = base_error(NNC_ERR_NOMEM, "%s: out of memory", path);
  if (s == NNC_OK)
    s = nnc_model_new_in(base_context_current(), &im.m); /* nnc_model_load_onnx_in's */
  if (s == NNC_OK)
    s = build(&im);
  for (int i = 0; i < im.ndense; i++) {
    nnc_tensor_free(im.kernels[i]);
    nnc_tensor_free(im.biases[i]);
  }
  base_free(im.kernels);
  base_free(im.biases);
  base_free(im.vname);
  base_free(im.vlayer);
  base_free(im.done);
  fmt_onnx_free(mp);
  if (s != NNC_OK) {
    nnc_model_free(im.m);
    base_error_at(s, path); /* the model builder's own errors do not name the file */
  }
  else
    *out = im.m;
  return s;
}

nnc_status nnc_model_load_onnx_in(nnc_context *c, const char *path, nnc_model **out) {
  if (out)
    *out = NULL;
  if (c && base_context_check(c, __func__) != NNC_OK)
    return NNC_ERR_ARG;
  const nnc_context *was = base_context_swap(c); /* the model is made in the current one */
  nnc_status s = nnc_model_load_onnx(path, out);
  base_context_swap(was);
  return s;
}
