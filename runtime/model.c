/* model.c — the Keras-level model: a stack of Dense layers, its weights and its compiled
 * functions ("variants").
 *
 * Life cycle: new -> [set_seed] -> [add_input] -> add_dense... -> compile -> fit/evaluate/
 * predict. compile validates everything and, when the input size is known, initialises the
 * weights and JIT-compiles the training step for the default batch size, so errors surface
 * there; without an input, the first fit/evaluate/predict takes the size from x.
 *
 * A variant is the graph of one (kind, batch size) — training step, evaluation or
 * prediction — built with the ir_ builders, run through the pass pipeline and compiled.
 * Its slots are bound once, by leaf name: params to the model's weight tensors, STATE
 * leaves to optimizer buffers shared by every variant (created on first sight, filled with
 * the STATE's value), "x"/"y" and the outputs to the variant's own batch buffers. All
 * variants share one 64-aligned scratch buffer sized for the largest; its address is
 * passed at each call, so growing it never invalidates a binding. The graph itself is freed
 * once compiled: the runtime never walks the IR after binding.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "runtime.h"

static double now_ms(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

nnc_status nnc_model_new(nnc_model **out) {
  if (!out)
    return ir_error(NNC_ERR_ARG, "nnc_model_new: out is NULL");
  nnc_model *m = ir_calloc(1, sizeof *m);
  *out = m;
  if (!m)
    return ir_error(NNC_ERR_NOMEM, "nnc_model_new: out of memory");
  nnc_model_set_seed(m, 0);
  return NNC_OK;
}

static void variant_free(Variant *v) {
  if (!v)
    return;
  ir_free(v->slots);
  nnc_tensor_free(v->x);
  nnc_tensor_free(v->y);
  nnc_tensor_free(v->loss);
  nnc_tensor_free(v->pred);
  ir_free(v);
}

/* Drops the compiled functions and the optimizer state (a new compile starts afresh). */
static void drop_variants(nnc_model *m) {
  for (int i = 0; i < m->nvariants; i++)
    variant_free(m->variants[i]);
  m->nvariants = 0;
  for (int i = 0; i < m->nstates; i++) {
    ir_free(m->states[i].name);
    nnc_tensor_free(m->states[i].t);
  }
  m->nstates = 0;
  cg_jit_free(m->jit);
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

void nnc_model_free(nnc_model *m) {
  if (!m)
    return;
  drop_variants(m);
  drop_weights(m);
  for (int i = 0; i < m->nlayers; i++)
    ir_free(m->layers[i].name);
  ir_free(m->layers);
  ir_free(m->variants);
  ir_free(m->states);
  ir_free(m->scratch_raw);
  ir_free(m);
}

nnc_status nnc_model_set_seed(nnc_model *m, uint64_t seed) {
  if (!m)
    return ir_error(NNC_ERR_ARG, "nnc_model_set_seed: model is NULL");
  m->seed = seed;
  rt_rng_seed(&m->shuffle_rng, seed ^ 0x5851F42D4C957F2Dull); /* a stream apart from init's */
  return NNC_OK;
}

nnc_status nnc_model_add_input(nnc_model *m, int64_t features) {
  if (!m)
    return ir_error(NNC_ERR_ARG, "nnc_model_add_input: model is NULL");
  if (m->compiled)
    return ir_error(NNC_ERR_ARG, "nnc_model_add_input: the model is already compiled");
  if (m->nlayers > 0 || m->features > 0)
    return ir_error(NNC_ERR_ARG, "nnc_model_add_input: the input must come first, and once");
  if (features <= 0)
    return ir_error(NNC_ERR_ARG, "nnc_model_add_input: features must be positive, found %lld",
                    (long long)features);
  m->features = features;
  return NNC_OK;
}

static bool name_taken(const nnc_model *m, const char *name) {
  for (int i = 0; i < m->nlayers; i++)
    if (strcmp(m->layers[i].name, name) == 0)
      return true;
  return false;
}

/* The user's name, or dense, dense_1, ... (the first that is free). */
static char *layer_name(const nnc_model *m, const char *want) {
  char buf[64];
  if (!want) {
    for (int k = m->nlayers;; k++) {
      snprintf(buf, sizeof buf, k ? "dense_%d" : "dense", k);
      if (!name_taken(m, buf))
        break;
    }
    want = buf;
  }
  size_t n = strlen(want) + 1;
  char *s = ir_malloc(n);
  if (s)
    memcpy(s, want, n);
  return s;
}

static nnc_status check_dense(const nnc_model *m, const nnc_dense_options *d) {
  const char *fn = "nnc_model_add_dense";
  if (d->units <= 0)
    return ir_error(NNC_ERR_ARG, "%s: units must be positive, found %lld", fn, (long long)d->units);
  if ((unsigned)d->activation > NNC_ACT_LEAKY_RELU)
    return ir_error(NNC_ERR_ARG, "%s: unknown activation %d", fn, (int)d->activation);
  if (d->activation == NNC_ACT_LEAKY_RELU && !isfinite(d->alpha))
    return ir_error(NNC_ERR_ARG, "%s: alpha must be finite", fn);
  if ((unsigned)d->kernel_initializer > NNC_INIT_HE_UNIFORM ||
      (unsigned)d->bias_initializer > NNC_INIT_HE_UNIFORM)
    return ir_error(NNC_ERR_ARG, "%s: unknown initializer %d", fn,
                    (unsigned)d->kernel_initializer > NNC_INIT_HE_UNIFORM
                        ? (int)d->kernel_initializer : (int)d->bias_initializer);
  if (d->name && (!*d->name || strchr(d->name, '/') || strlen(d->name) > 100))
    return ir_error(NNC_ERR_ARG, "%s: a layer name must be 1 to 100 characters without '/'", fn);
  if (d->name && name_taken(m, d->name))
    return ir_error(NNC_ERR_ARG, "%s: a layer named '%s' already exists", fn, d->name);
  return NNC_OK;
}

nnc_status nnc_model_add_dense(nnc_model *m, const nnc_dense_options *d) {
  if (!m || !d)
    return ir_error(NNC_ERR_ARG, "nnc_model_add_dense: %s is NULL", m ? "options" : "model");
  if (m->compiled)
    return ir_error(NNC_ERR_ARG, "nnc_model_add_dense: the model is already compiled; "
                    "add layers before nnc_model_compile");
  nnc_status s = check_dense(m, d);
  if (s != NNC_OK)
    return s;
  if (m->nlayers == m->caplayers) {
    int cap = m->caplayers ? 2 * m->caplayers : 4;
    Layer *p = ir_realloc(m->layers, (size_t)cap * sizeof *p);
    if (!p)
      return ir_error(NNC_ERR_NOMEM, "nnc_model_add_dense: out of memory");
    m->layers = p;
    m->caplayers = cap;
  }
  Layer *l = &m->layers[m->nlayers];
  memset(l, 0, sizeof *l);
  l->name = layer_name(m, d->name);
  if (!l->name)
    return ir_error(NNC_ERR_NOMEM, "nnc_model_add_dense: out of memory");
  l->opt = *d;
  l->opt.name = l->name;
  m->nlayers++;
  return NNC_OK;
}

static nnc_status check_optimizer(const nnc_optimizer *o) {
  const char *fn = "nnc_model_compile";
  if ((unsigned)o->kind > NNC_OPT_RMSPROP)
    return ir_error(NNC_ERR_ARG, "%s: unknown optimizer %d", fn, (int)o->kind);
  if (!(o->learning_rate > 0) || !isfinite(o->learning_rate))
    return ir_error(NNC_ERR_ARG, "%s: learning_rate must be positive and finite, found %g", fn,
                    o->learning_rate);
  bool in01 = o->momentum >= 0 && o->momentum < 1 && o->beta_1 >= 0 && o->beta_1 < 1 &&
              o->beta_2 >= 0 && o->beta_2 < 1 && o->rho >= 0 && o->rho < 1;
  if (!in01)
    return ir_error(NNC_ERR_ARG, "%s: momentum, beta_1, beta_2 and rho must be in [0, 1)", fn);
  if (!(o->epsilon >= 0) || !isfinite(o->epsilon))
    return ir_error(NNC_ERR_ARG, "%s: epsilon must be >= 0 and finite, found %g", fn, o->epsilon);
  return NNC_OK;
}

static nnc_status check_compile(const nnc_model *m, const nnc_compile_options *c) {
  const char *fn = "nnc_model_compile";
  if (m->nlayers == 0)
    return ir_error(NNC_ERR_ARG, "%s: the model has no layers", fn);
  if ((unsigned)c->loss > NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY)
    return ir_error(NNC_ERR_ARG, "%s: unknown loss %d", fn, (int)c->loss);
  if (c->dtype != NNC_F32 && c->dtype != NNC_F64)
    return ir_error(NNC_ERR_TYPE, "%s: dtype must be NNC_F32 or NNC_F64, found %d", fn,
                    (int)c->dtype);
  bool cat = c->loss == NNC_LOSS_CATEGORICAL_CROSSENTROPY ||
             c->loss == NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
  if (cat && m->layers[m->nlayers - 1].opt.units < 2)
    return ir_error(NNC_ERR_SHAPE, "%s: categorical cross-entropy needs a last layer of at "
                    "least 2 units, found %lld", fn,
                    (long long)m->layers[m->nlayers - 1].opt.units);
  return check_optimizer(&c->optimizer);
}

nnc_status nnc_model_compile(nnc_model *m, const nnc_compile_options *c) {
  if (!m || !c)
    return ir_error(NNC_ERR_ARG, "nnc_model_compile: %s is NULL", m ? "options" : "model");
  nnc_status s = check_compile(m, c);
  if (s != NNC_OK)
    return s;
  drop_variants(m);
  if (m->built && m->copt.dtype != c->dtype)
    drop_weights(m);
  m->copt = *c;
  m->compiled = true;
  if (m->features > 0) {
    Variant *v;
    s = rt_model_build(m, m->features);
    if (s == NNC_OK)
      s = rt_variant_get(m, VAR_TRAIN, nnc_fit_defaults().batch_size, &v);
    if (s != NNC_OK) {
      drop_variants(m);
      m->compiled = false;
    }
  }
  return s;
}

int64_t rt_out_units(const nnc_model *m) {
  return m->nlayers ? m->layers[m->nlayers - 1].opt.units : 0;
}

bool rt_sparse(const nnc_model *m) {
  return m->copt.loss == NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY;
}

static nnc_status init_layer(nnc_model *m, Layer *l, Rng *r) {
  int64_t ks[2] = {l->in, l->opt.units};
  nnc_status s = rt_tensor_alloc(m->copt.dtype, 2, ks, &l->kernel);
  if (s == NNC_OK)
    s = rt_init_fill(l->kernel, l->opt.kernel_initializer, r);
  if (s == NNC_OK && l->opt.use_bias)
    s = rt_tensor_alloc(m->copt.dtype, 1, ks + 1, &l->bias);
  if (s == NNC_OK && l->opt.use_bias)
    s = rt_init_fill(l->bias, l->opt.bias_initializer, r);
  return s;
}

nnc_status rt_model_build(nnc_model *m, int64_t features) {
  if (m->built)
    return NNC_OK;
  m->features = features;
  Rng r;
  rt_rng_seed(&r, m->seed);
  int64_t in = features;
  for (int i = 0; i < m->nlayers; i++) {
    m->layers[i].in = in;
    nnc_status s = init_layer(m, &m->layers[i], &r);
    if (s != NNC_OK) {
      drop_weights(m);
      return s;
    }
    in = m->layers[i].opt.units;
  }
  m->built = true;
  return NNC_OK;
}

int64_t nnc_model_param_count(const nnc_model *m) {
  if (!m || m->features <= 0)
    return 0;
  int64_t n = 0, in = m->features;
  for (int i = 0; i < m->nlayers; i++) {
    const nnc_dense_options *d = &m->layers[i].opt;
    n += in * d->units + (d->use_bias ? d->units : 0);
    in = d->units;
  }
  return n;
}

nnc_tensor *nnc_model_kernel(nnc_model *m, int layer) {
  if (!m || !m->built || layer < 0 || layer >= m->nlayers)
    return NULL;
  return m->layers[layer].kernel;
}

nnc_tensor *nnc_model_bias(nnc_model *m, int layer) {
  if (!m || !m->built || layer < 0 || layer >= m->nlayers)
    return NULL;
  return m->layers[layer].bias;
}

double nnc_model_compile_ms(const nnc_model *m) {
  return m ? m->train_compile_ms : 0;
}

/* ---- building a variant's graph ---- */

static Value *activate(Graph *g, const nnc_dense_options *d, Value *h) {
  switch (d->activation) {
  case NNC_ACT_LINEAR: return h;
  case NNC_ACT_SIGMOID: return ir_unary(g, OP_SIGMOID, h);
  case NNC_ACT_RELU: return ir_unary(g, OP_RELU, h);
  case NNC_ACT_TANH: return ir_unary(g, OP_TANH, h);
  case NNC_ACT_SOFTMAX: return ir_softmax(g, OP_SOFTMAX, h);
  case NNC_ACT_LEAKY_RELU: return ir_leaky_relu(g, h, d->alpha);
  }
  return NULL;
}

/* Dense layers on x; params[] receives every param (kernel, then bias, layer by layer). */
static Value *forward(nnc_model *m, Graph *g, Value *x, Value **params, int *nparams) {
  DType dt = (DType)m->copt.dtype;
  char name[128];
  Value *h = x;
  *nparams = 0;
  for (int i = 0; i < m->nlayers; i++) {
    Layer *l = &m->layers[i];
    snprintf(name, sizeof name, "%s/kernel", l->name);
    Value *w = ir_param(g, name, dt, ir_shape(2, l->in, l->opt.units),
                        (InitKind)l->opt.kernel_initializer);
    params[(*nparams)++] = w;
    h = ir_matmul(g, h, w, false, false);
    if (l->opt.use_bias) {
      snprintf(name, sizeof name, "%s/bias", l->name);
      Value *b = ir_param(g, name, dt, ir_shape(1, l->opt.units), (InitKind)l->opt.bias_initializer);
      params[(*nparams)++] = b;
      h = ir_binary(g, OP_ADD, h, b);
    }
    h = activate(g, &l->opt, h);
  }
  return h;
}

/* Builds and optimises the graph of (kind, batch) into *out. */
static nnc_status build_graph(nnc_model *m, VariantKind kind, int64_t batch, Graph **out) {
  Graph *g = ir_graph_new();
  Value **params = ir_calloc((size_t)m->nlayers * 2 + 1, sizeof *params);
  Value **grads = ir_calloc((size_t)m->nlayers * 2 + 1, sizeof *grads);
  if (!g || !params || !grads) {
    ir_graph_free(g), ir_free(params), ir_free(grads);
    return ir_error(NNC_ERR_NOMEM, "compile: out of memory");
  }
  DType dt = (DType)m->copt.dtype;
  int np;
  Value *x = ir_input(g, "x", dt, ir_shape(2, batch, m->features));
  Value *pred = forward(m, g, x, params, &np), *loss = NULL;
  if (kind != VAR_PREDICT) {
    Shape ys = rt_sparse(m) ? ir_shape(1, batch) : ir_shape(2, batch, rt_out_units(m));
    Value *y = ir_input(g, "y", dt, ys);
    loss = ir_loss(g, (LossKind)m->copt.loss, pred, y, m->copt.from_logits != 0);
    ir_output(g, loss);
  }
  ir_output(g, pred);
  nnc_status s = g->status ? ir_error(g->status, "compile: %s", g->msg) : ir_verify(g);
  PassCtx cx = {.loss = loss, .nwrt = np, .wrt = params, .grads = grads,
                .opt = &m->copt.optimizer, .verify = true};
  if (s == NNC_OK)
    s = kind == VAR_TRAIN ? pass_pipeline_train(g, &cx) : pass_pipeline_infer(g, &cx);
  ir_free(params);
  ir_free(grads);
  if (s != NNC_OK) {
    ir_graph_free(g);
    return s;
  }
  *out = g;
  return NNC_OK;
}

/* ---- binding a compiled variant ---- */

static nnc_tensor *param_tensor(nnc_model *m, const char *name) {
  for (int i = 0; i < m->nlayers; i++) {
    Layer *l = &m->layers[i];
    size_t n = strlen(l->name);
    if (strncmp(name, l->name, n) != 0 || name[n] != '/')
      continue;
    if (strcmp(name + n + 1, "kernel") == 0)
      return l->kernel;
    if (strcmp(name + n + 1, "bias") == 0)
      return l->bias;
  }
  return NULL;
}

/* The optimizer buffer named like v, created filled with v->num on first sight. */
static nnc_status state_tensor(nnc_model *m, const Value *v, nnc_tensor **out) {
  for (int i = 0; i < m->nstates; i++)
    if (strcmp(m->states[i].name, v->name) == 0) {
      *out = m->states[i].t;
      if ((*out)->numel != ir_numel(v->shape) || (int)(*out)->dtype != (int)v->dtype)
        return ir_error(NNC_ERR_INTERNAL, "compile: state '%s' changed type", v->name);
      return NNC_OK;
    }
  if (m->nstates == m->capstates) {
    int cap = m->capstates ? 2 * m->capstates : 16;
    NamedTensor *p = ir_realloc(m->states, (size_t)cap * sizeof *p);
    if (!p)
      return ir_error(NNC_ERR_NOMEM, "compile: out of memory");
    m->states = p;
    m->capstates = cap;
  }
  NamedTensor *nt = &m->states[m->nstates];
  size_t n = strlen(v->name) + 1;
  nt->name = ir_malloc(n);
  nnc_status s = nt->name ? rt_tensor_alloc((nnc_dtype)v->dtype, v->shape.rank, v->shape.dim, &nt->t)
                          : ir_error(NNC_ERR_NOMEM, "compile: out of memory");
  if (s != NNC_OK) {
    ir_free(nt->name);
    return s;
  }
  memcpy(nt->name, v->name, n);
  for (int64_t i = 0; i < nt->t->numel; i++)
    rt_tensor_set(nt->t, i, v->num);
  m->nstates++;
  *out = nt->t;
  return NNC_OK;
}

static nnc_status alloc_buffers(nnc_model *m, Variant *v) {
  nnc_dtype dt = m->copt.dtype;
  int64_t xs[2] = {v->batch, m->features}, ps[2] = {v->batch, rt_out_units(m)};
  nnc_status s = rt_tensor_alloc(dt, 2, xs, &v->x);
  if (s == NNC_OK)
    s = nnc_tensor_new(dt, 2, ps, &v->pred);
  if (s == NNC_OK && v->kind != VAR_PREDICT)
    s = nnc_tensor_new(dt, rt_sparse(m) ? 1 : 2, ps, &v->y);
  if (s == NNC_OK && v->kind != VAR_PREDICT)
    s = nnc_tensor_new(dt, 0, NULL, &v->loss);
  return s;
}

static nnc_status bind_leaf(nnc_model *m, Variant *v, const Value *leaf, void **slot) {
  nnc_tensor *t = NULL;
  nnc_status s = NNC_OK;
  if (leaf->op == OP_INPUT && strcmp(leaf->name, "x") == 0)
    t = v->x;
  else if (leaf->op == OP_INPUT && strcmp(leaf->name, "y") == 0)
    t = v->y;
  else if (leaf->op == OP_PARAM)
    t = param_tensor(m, leaf->name);
  else if (leaf->op == OP_STATE)
    s = state_tensor(m, leaf, &t);
  if (s == NNC_OK && !t)
    s = ir_error(NNC_ERR_INTERNAL, "compile: no buffer for leaf '%s'", leaf->name);
  if (s == NNC_OK)
    *slot = t->data;
  return s;
}

static nnc_status bind(nnc_model *m, Variant *v, const Graph *g) {
  int n = ir_slots(g, NULL), nout = g->noutputs;
  Value **slots = ir_calloc((size_t)n + 1, sizeof *slots);
  v->slots = ir_calloc((size_t)n + 1, sizeof *v->slots);
  if (!slots || !v->slots) {
    ir_free(slots);
    return ir_error(NNC_ERR_NOMEM, "compile: out of memory");
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
  ir_free(slots);
  return s;
}

static nnc_status grow_scratch(nnc_model *m, int64_t bytes) {
  if (bytes <= m->scratch_cap && m->scratch_raw)
    return NNC_OK;
  void *p = ir_malloc((size_t)bytes + 63);
  if (!p)
    return ir_error(NNC_ERR_NOMEM, "compile: out of memory for %lld bytes of scratch",
                    (long long)bytes);
  ir_free(m->scratch_raw);
  m->scratch_raw = p;
  m->scratch = (void *)(((uintptr_t)p + 63) & ~(uintptr_t)63);
  m->scratch_cap = bytes;
  return NNC_OK;
}

static nnc_status compile_variant(nnc_model *m, Variant *v) {
  double t0 = now_ms();
  Graph *g = NULL;
  nnc_status s = m->jit ? NNC_OK : cg_jit_new(&m->jit);
  if (s == NNC_OK)
    s = build_graph(m, v->kind, v->batch, &g);
  if (s == NNC_OK)
    s = cg_jit_compile(m->jit, g, &v->fn);
  if (s == NNC_OK)
    s = alloc_buffers(m, v);
  if (s == NNC_OK)
    s = bind(m, v, g);
  if (s == NNC_OK) {
    v->scratch_bytes = g->scratch_bytes;
    s = grow_scratch(m, g->scratch_bytes);
  }
  ir_graph_free(g);
  v->compile_ms = now_ms() - t0;
  return s;
}

nnc_status rt_variant_get(nnc_model *m, VariantKind kind, int64_t batch, Variant **out) {
  for (int i = 0; i < m->nvariants; i++)
    if (m->variants[i]->kind == kind && m->variants[i]->batch == batch) {
      *out = m->variants[i];
      return NNC_OK;
    }
  if (m->nvariants == m->capvariants) {
    int cap = m->capvariants ? 2 * m->capvariants : 8;
    Variant **p = ir_realloc(m->variants, (size_t)cap * sizeof *p);
    if (!p)
      return ir_error(NNC_ERR_NOMEM, "compile: out of memory");
    m->variants = p;
    m->capvariants = cap;
  }
  Variant *v = ir_calloc(1, sizeof *v);
  if (!v)
    return ir_error(NNC_ERR_NOMEM, "compile: out of memory");
  v->kind = kind;
  v->batch = batch;
  nnc_status s = compile_variant(m, v);
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

void rt_variant_run(nnc_model *m, Variant *v) {
  v->fn(v->slots, m->scratch);
}

double rt_variant_loss(const Variant *v) {
  return v->loss ? rt_tensor_get(v->loss, 0) : NAN;
}
