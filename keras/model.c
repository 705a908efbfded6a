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
 * Its forward pass walks the layer nodes in order (see Parts below for Concatenate).
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
#include <time.h>

#include "keras.h"

static double now_ms(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

nnc_status nnc_model_new(nnc_model **out) {
  if (!out)
    return base_error(NNC_ERR_ARG, "nnc_model_new: out is NULL");
  nnc_model *m = base_calloc(1, sizeof *m);
  *out = m;
  if (!m)
    return base_error(NNC_ERR_NOMEM, "nnc_model_new: out of memory");
  m->magic = BASE_MAGIC_MODEL;
  m->input = m->output = -1;
  m->sequential = true;         /* until nnc_model_input makes it functional */
  nnc_model_set_seed(m, 0);
  return NNC_OK;
}

static void variant_free(Variant *v) {
  if (!v)
    return;
  base_free(v->slots);
  nnc_tensor_free(v->x);
  nnc_tensor_free(v->y);
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
  for (int i = 0; i < m->nselects; i++) {
    base_free(m->selects[i].name);
    nnc_tensor_free(m->selects[i].t);
  }
  m->nselects = 0;
  driver_jit_free(m->jit);
  m->jit = NULL;
  m->train_compile_ms = 0;
}

static void drop_weights(nnc_model *m) {
  for (int i = 0; i < m->nlayers; i++) {
    nnc_tensor_free(m->layers[i].kernel);
    nnc_tensor_free(m->layers[i].bias);
    m->layers[i].kernel = m->layers[i].bias = NULL;
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
  drop_weights(m);
  for (int i = 0; i < m->nlayers; i++)
    base_free(m->layers[i].name);
  base_free(m->layers);
  keras_nodes_free(m);
  base_free(m->variants);
  base_free(m->states);
  base_free(m->selects);
  base_free(m->scratch_raw);
  base_free(m->name);
  keras_opt_free(&m->opt);
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
                    k == NNC_METRIC_TOP_K_CATEGORICAL_ACCURACY || k == NNC_METRIC_F1_SCORE;
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
  return NNC_OK;
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

nnc_status nnc_model_compile(nnc_model *m, const nnc_compile_options *c) {
  KERAS_ENTER(m);
  if (!m || !c)
    return base_error(NNC_ERR_ARG, "nnc_model_compile: %s is NULL", m ? "options" : "model");
  nnc_status s = check_compile(m, c);
  if (s != NNC_OK)
    return s;
  keras_drop_variants(m);
  if (m->built && m->copt.dtype != c->dtype)
    drop_weights(m);
  m->copt = *c;
  s = keras_opt_compile(m, &c->optimizer);   /* the copies the model keeps: keras/optimizer.c */
  if (s != NNC_OK)
    return s;
  m->copt.optimizer.learning_rate_schedule = NULL; /* the caller's: m->opt has the copy */
  take_metrics(m, c);
  m->compiled = true;
  m->optimizer_built = false;   /* Keras's compile makes a new optimizer, built at fit */
  if (m->features > 0) {
    Variant *v;
    s = keras_model_build(m, m->features);
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
  int out = keras_output_node(m);
  return out >= 0 ? m->nodes[out].width : 0;
}

bool keras_sparse(const nnc_model *m) {
  return ir_loss_flags((LossKind)m->copt.loss) & LOSS_CLASS_IDS;
}

static nnc_status init_layer(nnc_model *m, Layer *l, Rng *r) {
  int64_t ks[2] = {l->in, l->opt.units};
  nnc_status s = rt_tensor_alloc(m->copt.dtype, 2, ks, &l->kernel);
  if (s == NNC_OK)
    s = keras_init_fill(l->kernel, l->opt.kernel_initializer, r);
  if (s == NNC_OK && l->opt.use_bias)
    s = rt_tensor_alloc(m->copt.dtype, 1, ks + 1, &l->bias);
  if (s == NNC_OK && l->opt.use_bias)
    s = keras_init_fill(l->bias, l->opt.bias_initializer, r);
  return s;
}

nnc_status keras_model_build(nnc_model *m, int64_t features) {
  if (m->built)
    return NNC_OK;
  m->features = features;
  if (m->input >= 0)
    m->nodes[m->input].width = features;
  nnc_status s = keras_infer_widths(m, "build");
  if (s != NNC_OK)
    return s;
  Rng r;
  rt_rng_seed(&r, m->seed);
  for (int i = 0; i < m->nlayers; i++) {
    s = init_layer(m, &m->layers[i], &r);
    if (s != NNC_OK) {
      drop_weights(m);
      return s;
    }
  }
  m->built = true;
  return NNC_OK;
}

int64_t nnc_model_param_count(const nnc_model *m) {
  KERAS_GUARD(m, 0);
  if (!m || m->features <= 0)
    return 0;
  int64_t n = 0;
  for (int i = 0; i < m->nlayers; i++) {
    const Layer *l = &m->layers[i];
    n += l->in * l->opt.units + (l->opt.use_bias ? l->opt.units : 0);
  }
  return n;
}

nnc_tensor *nnc_model_kernel(nnc_model *m, int layer) {
  KERAS_GUARD(m, NULL);
  if (!m || !m->built || layer < 0 || layer >= m->nlayers)
    return NULL;
  return m->layers[layer].kernel;
}

nnc_tensor *nnc_model_bias(nnc_model *m, int layer) {
  KERAS_GUARD(m, NULL);
  if (!m || !m->built || layer < 0 || layer >= m->nlayers)
    return NULL;
  return m->layers[layer].bias;
}

double nnc_model_compile_ms(const nnc_model *m) {
  KERAS_GUARD(m, 0);
  return m ? m->train_compile_ms : 0;
}

/* ---- building a variant's graph ---- */

enum { MAX_PARTS = 64 };

/* A layer's output as parts side by side along the feature axis. A Concatenate is not
 * materialised until something needs one tensor: a Dense reads the parts through row slices
 * of its kernel ("dense/kernel@ROW" params bound inside the one kernel tensor) and
 * elementwise layers act part by part. Joining multiplies each part by a constant 0/1
 * matrix ("NODE/select@COLUMN" params, never trained) and sums. A plain stack has one part
 * everywhere, so its graph is exactly the Sequential one. */
typedef struct {
  int n;
  Value *v[MAX_PARTS];
  int64_t w[MAX_PARTS];         /* each part's features */
  Value *joined;                /* the parts as one tensor, once built */
} Parts;

typedef struct {
  nnc_model *m;
  Graph *g;
  DType dt;
  Parts *vals;                  /* [nnodes] */
  Value **params;               /* trainable: kernel (slices) then bias, layer by layer */
  int nparams;
} Fwd;

static Value *sum(Graph *g, Value *acc, Value *t) {
  return acc ? ir_binary(g, OP_ADD, acc, t) : t;
}

/* Node i's output as one tensor. */
static Value *join(Fwd *F, int i) {
  Parts *p = &F->vals[i];
  if (p->n == 1 || p->joined)
    return p->n == 1 ? p->v[0] : p->joined;
  int64_t total = 0, off = 0;
  for (int k = 0; k < p->n; k++)
    total += p->w[k];
  char name[160];
  for (int k = 0; k < p->n; k++) {
    snprintf(name, sizeof name, "%s/select@%lld", F->m->nodes[i].name, (long long)off);
    Value *s = ir_param(F->g, name, F->dt, ir_shape(2, p->w[k], total), INIT_ZEROS);
    p->joined = sum(F->g, p->joined, ir_matmul(F->g, p->v[k], s, false, false));
    off += p->w[k];
  }
  return p->joined;
}

static void set_one(Parts *p, Value *v, int64_t w) {
  p->n = 1;
  p->v[0] = v;
  p->w[0] = w;
}

static void dense(Fwd *F, int i) {
  const LayerNode *node = &F->m->nodes[i];
  const Layer *l = &F->m->layers[node->dense];
  const Parts *in = &F->vals[node->inputs[0]];
  Graph *g = F->g;
  int64_t units = l->opt.units, row = 0;
  char name[160];
  Value *h = NULL;
  for (int k = 0; k < in->n; k++) {
    if (in->n == 1)
      snprintf(name, sizeof name, "%s/kernel", l->name);
    else
      snprintf(name, sizeof name, "%s/kernel@%lld", l->name, (long long)row);
    Value *w = ir_param(g, name, F->dt, ir_shape(2, in->w[k], units),
                        (InitKind)l->opt.kernel_initializer);
    F->params[F->nparams++] = w;
    h = sum(g, h, ir_matmul(g, in->v[k], w, false, false));
    row += in->w[k];
  }
  if (l->opt.use_bias) {
    snprintf(name, sizeof name, "%s/bias", l->name);
    Value *b = ir_param(g, name, F->dt, ir_shape(1, units), (InitKind)l->opt.bias_initializer);
    F->params[F->nparams++] = b;
    h = ir_binary(g, OP_ADD, h, b);
  }
  set_one(&F->vals[i], keras_activate(g, l->opt.activation, l->opt.args, h),
          keras_activation_width(l->opt.activation, units));
}

static void activation(Fwd *F, int i) {
  const LayerNode *node = &F->m->nodes[i];
  const Parts *in = &F->vals[node->inputs[0]];
  Parts *out = &F->vals[i];
  if (keras_activation_row(node->act) && in->n > 1) { /* over the whole feature axis */
    set_one(out, keras_activate(F->g, node->act, node->args, join(F, node->inputs[0])),
            node->width);
    return;
  }
  out->n = in->n;
  for (int k = 0; k < in->n; k++) {
    out->v[k] = keras_activate(F->g, node->act, node->args, in->v[k]);
    out->w[k] = in->w[k];
  }
}

/* Add part by part when every input is split alike, else on joined tensors. */
static void add(Fwd *F, int i) {
  const LayerNode *node = &F->m->nodes[i];
  const Parts *p0 = &F->vals[node->inputs[0]];
  bool alike = true;
  for (int j = 1; j < node->ninputs; j++) {
    const Parts *p = &F->vals[node->inputs[j]];
    alike = alike && p->n == p0->n && memcmp(p->w, p0->w, (size_t)p->n * sizeof *p->w) == 0;
  }
  Parts *out = &F->vals[i];
  if (!alike) {
    Value *acc = NULL;
    for (int j = 0; j < node->ninputs; j++)
      acc = sum(F->g, acc, join(F, node->inputs[j]));
    set_one(out, acc, node->width);
    return;
  }
  out->n = p0->n;
  for (int k = 0; k < p0->n; k++) {
    out->v[k] = NULL;
    out->w[k] = p0->w[k];
    for (int j = 0; j < node->ninputs; j++)
      out->v[k] = sum(F->g, out->v[k], F->vals[node->inputs[j]].v[k]);
  }
}

static void concat(Fwd *F, int i) {
  const LayerNode *node = &F->m->nodes[i];
  int total = 0;
  for (int j = 0; j < node->ninputs; j++)
    total += F->vals[node->inputs[j]].n;
  Parts *out = &F->vals[i];
  out->n = 0;
  for (int j = 0; j < node->ninputs; j++) {
    const Parts *p = &F->vals[node->inputs[j]];
    if (total > MAX_PARTS) { /* node->ninputs <= 64: one part per input */
      out->v[out->n] = join(F, node->inputs[j]);
      out->w[out->n++] = F->m->nodes[node->inputs[j]].width;
      continue;
    }
    for (int k = 0; k < p->n; k++) {
      out->v[out->n] = p->v[k];
      out->w[out->n++] = p->w[k];
    }
  }
}

/* The layers on x, in node order; the output as one tensor. */
static Value *forward(Fwd *F, Value *x) {
  for (int i = 0; i < F->m->nnodes; i++) {
    switch (F->m->nodes[i].kind) {
    case LK_INPUT: set_one(&F->vals[i], x, F->m->features); break;
    case LK_DENSE: dense(F, i); break;
    case LK_ACTIVATION: activation(F, i); break;
    case LK_ADD: add(F, i); break;
    case LK_CONCAT: concat(F, i); break;
    }
  }
  return join(F, keras_output_node(F->m));
}

nnc_status keras_build_graph(nnc_model *m, VariantKind kind, int64_t batch, Forward *out) {
  size_t cap = (size_t)m->nlayers * (MAX_PARTS + 1) + 1;
  Fwd F = {.m = m, .g = ir_graph_new(), .dt = (DType)m->copt.dtype};
  F.vals = base_calloc((size_t)m->nnodes + 1, sizeof *F.vals);
  F.params = base_calloc(cap, sizeof *F.params);
  *out = (Forward){.g = F.g, .params = F.params};
  Graph *g = F.g;
  nnc_status s = NNC_OK;
  if (!g || !F.vals || !F.params)
    s = base_error(NNC_ERR_NOMEM, "compile: out of memory");
  if (s == NNC_OK) {
    Value *x = ir_input(g, "x", F.dt, ir_shape(2, batch, m->features));
    Value *pred = forward(&F, x);
    if (kind != VAR_PREDICT) {
      Shape ys = keras_sparse(m) ? ir_shape(1, batch) : ir_shape(2, batch, keras_out_units(m));
      Value *y = ir_input(g, "y", F.dt, ys);
      out->loss = ir_loss_with(g, (LossKind)m->copt.loss, pred, y, m->copt.from_logits != 0,
                               m->copt.loss_args, NULL);
      ir_output(g, out->loss);
    }
    ir_output(g, pred);
    if (g->status)
      s = base_error(g->status, "compile: %s", g->msg);
  }
  out->nparams = F.nparams;
  base_free(F.vals);
  return s;
}

/* ---- binding a compiled variant ---- */

nnc_tensor *keras_param_place(nnc_model *m, const char *name, int64_t *bytes) {
  const char *slash = strrchr(name, '/');
  if (!slash)
    return NULL;
  const char *what = slash + 1, *at = strchr(what, '@');
  size_t n = (size_t)(slash - name), wl = at ? (size_t)(at - what) : strlen(what);
  long long row = at ? strtoll(at + 1, NULL, 10) : 0;
  for (int i = 0; i < m->nlayers; i++) {
    Layer *l = &m->layers[i];
    if (strlen(l->name) != n || strncmp(name, l->name, n) != 0)
      continue;
    if (wl == 6 && strncmp(what, "kernel", 6) == 0 && l->kernel && row >= 0 && row < l->in) {
      *bytes = (int64_t)row * l->opt.units * (int64_t)rt_dtype_size(l->kernel->dtype);
      return l->kernel;
    }
    if (!at && strcmp(what, "bias") == 0 && l->bias) {
      *bytes = 0;
      return l->bias;
    }
  }
  return NULL;
}

/* The data a PARAM leaf names, or NULL. */
static void *param_data(nnc_model *m, const char *name) {
  int64_t bytes;
  nnc_tensor *t = keras_param_place(m, name, &bytes);
  return t ? (char *)t->data + bytes : NULL;
}

int64_t keras_select_column(const char *name) {
  const char *at = strrchr(name, '@');
  return at ? strtoll(at + 1, NULL, 10) : 0;
}

/* A "NODE/select@COLUMN" matrix [w, total]: ones where column = COLUMN + row. */
static void fill_select(nnc_tensor *t, const char *name) {
  int64_t off = keras_select_column(name);
  for (int64_t i = 0; i < t->numel; i++)
    rt_tensor_set(t, i, 0.0);
  for (int64_t r = 0; r < t->shape[0] && off + r < t->shape[1]; r++)
    rt_tensor_set(t, r * t->shape[1] + off + r, 1.0);
}

/* The buffer of a STATE leaf (optimizer memory, filled with v->num) or of a select matrix,
 * shared by every variant and created on first sight. */
static nnc_status named_tensor(nnc_model *m, const Value *v, bool select, nnc_tensor **out) {
  NamedTensor **list = select ? &m->selects : &m->states;
  int *n = select ? &m->nselects : &m->nstates, *capn = select ? &m->capselects : &m->capstates;
  for (int i = 0; i < *n; i++)
    if (strcmp((*list)[i].name, v->name) == 0) {
      *out = (*list)[i].t;
      if ((*out)->numel != ir_numel(v->shape) || (int)(*out)->dtype != (int)v->dtype)
        return base_error(NNC_ERR_INTERNAL, "compile: buffer '%s' changed type", v->name);
      return NNC_OK;
    }
  if (*n == *capn) {
    int cap = *capn ? 2 * *capn : 16;
    NamedTensor *p = base_realloc(*list, (size_t)cap * sizeof *p);
    if (!p)
      return base_error(NNC_ERR_NOMEM, "compile: out of memory");
    *list = p;
    *capn = cap;
  }
  NamedTensor *nt = &(*list)[*n];
  size_t len = strlen(v->name) + 1;
  nt->name = base_malloc(len);
  nnc_status s = nt->name ? rt_tensor_alloc((nnc_dtype)v->dtype, v->shape.rank, v->shape.dim, &nt->t)
                          : base_error(NNC_ERR_NOMEM, "compile: out of memory");
  if (s != NNC_OK) {
    base_free(nt->name);
    return s;
  }
  memcpy(nt->name, v->name, len);
  if (select)
    fill_select(nt->t, v->name);
  else
    for (int64_t i = 0; i < nt->t->numel; i++)
      rt_tensor_set(nt->t, i, v->num);
  (*n)++;
  *out = nt->t;
  return NNC_OK;
}

static nnc_status alloc_buffers(nnc_model *m, Variant *v) {
  nnc_dtype dt = m->copt.dtype;
  int64_t xs[2] = {v->batch, m->features}, ps[2] = {v->batch, keras_out_units(m)};
  nnc_status s = rt_tensor_alloc(dt, 2, xs, &v->x);
  if (s == NNC_OK)
    s = nnc_tensor_new(dt, 2, ps, &v->pred);
  if (s == NNC_OK && v->kind != VAR_PREDICT)
    s = nnc_tensor_new(dt, keras_sparse(m) ? 1 : 2, ps, &v->y);
  if (s == NNC_OK && v->kind != VAR_PREDICT)
    s = nnc_tensor_new(dt, 0, NULL, &v->loss);
  return s;
}

static nnc_status bind_leaf(nnc_model *m, Variant *v, const Value *leaf, void **slot) {
  nnc_tensor *t = NULL;
  void *data = NULL;
  nnc_status s = NNC_OK;
  if (leaf->op == OP_INPUT && strcmp(leaf->name, "x") == 0)
    t = v->x;
  else if (leaf->op == OP_INPUT && strcmp(leaf->name, "y") == 0)
    t = v->y;
  else if (leaf->op == OP_PARAM && strstr(leaf->name, "/select@"))
    s = named_tensor(m, leaf, true, &t);
  else if (leaf->op == OP_PARAM)
    data = param_data(m, leaf->name);
  else if (leaf->op == OP_STATE)
    s = named_tensor(m, leaf, false, &t);
  if (t)
    data = t->data;
  if (s == NNC_OK && !data)
    s = base_error(NNC_ERR_INTERNAL, "compile: no buffer for leaf '%s'", leaf->name);
  if (s == NNC_OK)
    *slot = data;
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
  if (s == NNC_OK && v->kind != VAR_PREDICT)
    v->slots[n - nout] = v->loss->data;
  if (s == NNC_OK)
    v->slots[n - 1] = v->pred->data;
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

/* Builds the graph of v, compiles it through the driver (handing out the stages in keep,
 * into *stages) and binds it. */
static nnc_status compile_variant(nnc_model *m, Variant *v, unsigned keep, DriverOut *stages) {
  double t0 = now_ms();
  Forward f = {0};
  nnc_status s = m->jit ? NNC_OK : driver_jit_new(&m->jit);
  if (s == NNC_OK)
    s = keras_build_graph(m, v->kind, v->batch, &f);
  DriverJob job = {.stop = DRIVER_JIT, .keep = keep, .jit = m->jit};
  nnc_optimizer opt = m->copt.optimizer;
  opt.learning_rate = keras_lr_at(m, m->opt.iterations); /* what its STATE starts with */
  if (v->kind == VAR_TRAIN) { /* differentiate the loss and update the params */
    job.loss = f.loss;
    job.nwrt = f.nparams;
    job.wrt = f.params;
    job.opt = &opt;
    job.nno_decay = m->opt.nno_decay;
    job.no_decay = (const char *const *)m->opt.no_decay;
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
    s = grow_scratch(m, v->scratch_bytes);
  }
  ir_graph_free(f.g);
  base_free(f.params);
  v->compile_ms = now_ms() - t0;
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
    if (m->variants[i]->kind == kind && m->variants[i]->batch == batch)
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
  driver_run(v->fn, v->slots, m->scratch);
}

double keras_variant_loss(const Variant *v) {
  return v->loss ? rt_tensor_get(v->loss, 0) : NAN;
}
