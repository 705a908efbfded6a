/* api_graph.c — the graph level of nnc.h: builders, gradients, JIT-compiled functions.
 *
 * An nnc_graph is an ir Graph and an nnc_value an ir Value (pointer casts; the public
 * types are never defined), so builders forward to the ir_ builders and share their sticky
 * errors. nnc_grad and nnc_jit go through the compile driver (compile.c), which verifies
 * after every pass. nnc_jit compiles a private copy of the graph, so the caller may free or
 * extend the original. Its calling convention is fixed before any pass runs: the copy's leaves
 * (inputs and params, in creation order) then the outputs. Passes may drop a leaf the
 * outputs do not need; the function maps its compiled slots back to those arguments by
 * leaf name (outputs by position), so the caller's argument list never changes.
 *
 * A training step (nnc_train_step) is compiled the same way with the optimizer's update
 * appended; the STATE leaves that pass_optimizer adds (moments, the rate, beta powers) are no
 * arguments: the function owns their buffers, filled at compile as the pass says, and
 * arg_of_slot marks their slots as -1 - k for state k. The function also owns the step counter
 * (Keras's optimizer.iterations): with a learning-rate schedule, each call first writes the
 * schedule's rate at that count into the STATE "<opt>/learning_rate", as fit does for a
 * model, so a schedule never recompiles.
 *
 * Calls of one function may run on many threads at once: the code is read-only, and each call
 * has its own slot list and scratch (the first call in flight takes the function's scratch,
 * a concurrent one allocates its own for the call). Handles carry a tag (base/handle.c), so a
 * freed graph or function is refused with NNC_ERR_ARG rather than read.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "driver.h"

#define G(g) live((g), __func__)
#define V(v) ((Value *)(v))
#define NV(v) ((nnc_value *)(v))

/* One argument of a function as the caller passes it. */
typedef struct {
  const char *name;           /* the leaf's name (f->g's arena), or a result's (result_names) */
  DType dtype;
  Shape shape;
  int64_t numel;
} FnArg;

struct nnc_function {
  uint32_t magic;             /* BASE_MAGIC_FUNCTION while alive */
  Graph *g;                   /* the compiled copy (owned) */
  DriverJit *jit;             /* owns the code (owned) */
  DriverFn fn;
  int arity;                  /* the caller's arguments, results last */
  FnArg *args;                /* [arity] (owned) */
  char (*result_names)[24];   /* [results] "output_0", "output_1", ... (owned) */
  int nslots;
  int *arg_of_slot;           /* [nslots] the argument that feeds compiled slot i (owned) */
  size_t scratch_bytes;
  void *scratch_raw, *scratch; /* scratch_bytes, 64-aligned (owned), for one call at a time */
  atomic_flag scratch_busy;   /* a call is using scratch; others make their own */
  bool trains;                /* a training step: calls update params and state, one at a time */
  int nstates;
  void **states;              /* [nstates] the optimizer's STATE buffers, in state_raw (owned) */
  void *state_raw;            /* one block, each buffer 64-aligned and filled at compile */
  int lr_state;               /* the index in states of "<opt>/learning_rate", -1: none */
  DType lr_dtype;             /* its dtype (the first param's) */
  bool scheduled;             /* sched gives each call's rate */
  nnc_lr_schedule sched;      /* a copy; boundaries and values point into sched_arrays */
  double *sched_arrays;       /* PiecewiseConstantDecay's boundaries, then values (owned) */
  double (*rate)(const nnc_lr_schedule *s, int64_t step); /* sched's value at a step */
  _Atomic int64_t iterations; /* training calls run: the schedule's step */
};

/* What a freed graph or a pointer that is no graph stands for: a graph whose sticky error
 * says so, which every builder returns NULL for and nothing writes to. */
static Graph dead = {.status = NNC_ERR_ARG, .msg = "not a live graph (freed?)"};

/* g as a Graph when it is a live one; else `dead`, with the error in nnc_last_error. */
static Graph *live(const nnc_graph *g, const char *fn) {
  if (!g)
    return NULL;
  if (base_check_tag(((const Graph *)g)->magic, BASE_MAGIC_GRAPH, fn, "graph") != NNC_OK)
    return &dead;
  return (Graph *)g;
}

nnc_status nnc_graph_new(nnc_graph **out) {
  if (!out)
    return base_error(NNC_ERR_ARG, "nnc_graph_new: out is NULL");
  Graph *g = ir_graph_new();
  *out = (nnc_graph *)g;
  return g ? NNC_OK : base_error(NNC_ERR_NOMEM, "nnc_graph_new: out of memory");
}

nnc_status nnc_graph_new_in(nnc_context *c, nnc_graph **out) {
  if (out)
    *out = NULL;
  if (c && base_context_check(c, __func__) != NNC_OK)
    return NNC_ERR_ARG;
  const nnc_context *was = base_context_swap(c);
  nnc_status s = nnc_graph_new(out);
  base_context_swap(was);
  return s;
}

/* Calls on a graph or a function allocate in its context, the one its block was made in
 * (base/alloc.c): enter makes it the thread's current one, leave restores the caller's. */
static const nnc_context *enter(const void *obj) {
  return base_context_swap(base_owner(obj));
}

static void leave(const nnc_context *was) {
  base_context_swap(was);
}

void nnc_graph_free(nnc_graph *g) {
  Graph *l = G(g);
  if (l != &dead)
    ir_graph_free(l);
}

nnc_status nnc_graph_status(const nnc_graph *g) {
  return g ? G(g)->status : NNC_ERR_ARG;
}

const char *nnc_graph_error(const nnc_graph *g) {
  if (!g)
    return "graph is NULL";
  return G(g)->status == NNC_OK ? "" : G(g)->msg;
}

char *nnc_graph_print(const nnc_graph *g) {
  const Graph *l = G(g);
  if (!l || l == &dead)
    return NULL;
  const nnc_context *was = enter(l);
  char *text = ir_print(l);
  leave(was);
  return text;
}

void nnc_string_free(char *s) {
  base_free(s);
}

/* A Shape from the public (rank, dims); records an error in g when they cannot be one. */
static bool make_shape(Graph *g, const char *fn, int rank, const int64_t *dims, Shape *s) {
  memset(s, 0, sizeof *s);
  if (rank < 0 || rank > IR_MAX_RANK) {
    ir_fail(g, NNC_ERR_SHAPE, "%s: rank must be 0 to %d, found %d", fn, IR_MAX_RANK, rank);
    return false;
  }
  if (rank > 0 && !dims) {
    ir_fail(g, NNC_ERR_ARG, "%s: shape is NULL for rank %d", fn, rank);
    return false;
  }
  s->rank = rank;
  for (int i = 0; i < rank; i++)
    s->dim[i] = dims[i];
  return true;
}

nnc_value *nnc_input(nnc_graph *g, const char *name, nnc_dtype t, int rank, const int64_t *shape) {
  Shape s;
  if (!g || G(g)->status || !make_shape(G(g), "input", rank, shape, &s))
    return NULL;
  return NV(ir_input(G(g), name, (DType)t, s));
}

nnc_value *nnc_param(nnc_graph *g, const char *name, nnc_dtype t, int rank, const int64_t *shape,
                     nnc_initializer init) {
  Shape s;
  if (!g || G(g)->status || !make_shape(G(g), "param", rank, shape, &s))
    return NULL;
  return NV(ir_param(G(g), name, (DType)t, s, (InitKind)init));
}

nnc_value *nnc_scalar(nnc_graph *g, nnc_dtype t, double value) {
  return g ? NV(ir_scalar(G(g), (DType)t, value)) : NULL;
}

static nnc_value *bin(nnc_graph *g, OpKind op, nnc_value *a, nnc_value *b) {
  return g ? NV(ir_binary(G(g), op, V(a), V(b))) : NULL;
}

nnc_value *nnc_add(nnc_graph *g, nnc_value *a, nnc_value *b) { return bin(g, OP_ADD, a, b); }
nnc_value *nnc_sub(nnc_graph *g, nnc_value *a, nnc_value *b) { return bin(g, OP_SUB, a, b); }
nnc_value *nnc_mul(nnc_graph *g, nnc_value *a, nnc_value *b) { return bin(g, OP_MUL, a, b); }
nnc_value *nnc_div(nnc_graph *g, nnc_value *a, nnc_value *b) { return bin(g, OP_DIV, a, b); }
nnc_value *nnc_maximum(nnc_graph *g, nnc_value *a, nnc_value *b) { return bin(g, OP_MAX, a, b); }
nnc_value *nnc_minimum(nnc_graph *g, nnc_value *a, nnc_value *b) { return bin(g, OP_MIN, a, b); }

nnc_value *nnc_compare(nnc_graph *g, nnc_cmp c, nnc_value *a, nnc_value *b) {
  return g ? NV(ir_cmp(G(g), (CmpKind)c, V(a), V(b))) : NULL;
}

nnc_value *nnc_select(nnc_graph *g, nnc_value *cond, nnc_value *a, nnc_value *b) {
  return g ? NV(ir_select(G(g), V(cond), V(a), V(b))) : NULL;
}

static nnc_value *un(nnc_graph *g, OpKind op, nnc_value *x) {
  return g ? NV(ir_unary(G(g), op, V(x))) : NULL;
}

nnc_value *nnc_neg(nnc_graph *g, nnc_value *x) { return un(g, OP_NEG, x); }
nnc_value *nnc_exp(nnc_graph *g, nnc_value *x) { return un(g, OP_EXP, x); }
nnc_value *nnc_log(nnc_graph *g, nnc_value *x) { return un(g, OP_LOG, x); }
nnc_value *nnc_sqrt(nnc_graph *g, nnc_value *x) { return un(g, OP_SQRT, x); }
nnc_value *nnc_abs(nnc_graph *g, nnc_value *x) { return un(g, OP_ABS, x); }
nnc_value *nnc_sigmoid(nnc_graph *g, nnc_value *x) { return un(g, OP_SIGMOID, x); }
nnc_value *nnc_relu(nnc_graph *g, nnc_value *x) { return un(g, OP_RELU, x); }
nnc_value *nnc_tanh(nnc_graph *g, nnc_value *x) { return un(g, OP_TANH, x); }
nnc_value *nnc_erf(nnc_graph *g, nnc_value *x) { return un(g, OP_ERF, x); }

nnc_value *nnc_gelu(nnc_graph *g, nnc_value *x, int approximate) {
  return g ? NV(ir_gelu(G(g), V(x), approximate != 0)) : NULL;
}

nnc_value *nnc_softplus(nnc_graph *g, nnc_value *x) { return un(g, OP_SOFTPLUS, x); }
nnc_value *nnc_mish(nnc_graph *g, nnc_value *x) { return un(g, OP_MISH, x); }

nnc_value *nnc_elu(nnc_graph *g, nnc_value *x, double alpha) {
  return g ? NV(ir_elu(G(g), V(x), alpha)) : NULL;
}

nnc_value *nnc_pow(nnc_graph *g, nnc_value *x, double exponent) {
  return g ? NV(ir_pow(G(g), V(x), exponent)) : NULL;
}

nnc_value *nnc_leaky_relu(nnc_graph *g, nnc_value *x, double slope) {
  return g ? NV(ir_leaky_relu(G(g), V(x), slope)) : NULL;
}

nnc_value *nnc_matmul_t(nnc_graph *g, nnc_value *a, nnc_value *b, int trans_a, int trans_b) {
  return g ? NV(ir_matmul(G(g), V(a), V(b), trans_a != 0, trans_b != 0)) : NULL;
}

nnc_value *nnc_matmul(nnc_graph *g, nnc_value *a, nnc_value *b) {
  return nnc_matmul_t(g, a, b, 0, 0);
}

nnc_value *nnc_transpose(nnc_graph *g, nnc_value *x) {
  return g ? NV(ir_transpose(G(g), V(x))) : NULL;
}

/* ~0u means every axis of x; other bits beyond its rank are the builder's error. */
static nnc_value *reduce(nnc_graph *g, OpKind op, nnc_value *x, unsigned axes, int keepdims) {
  if (!g)
    return NULL;
  if (axes == ~0u && x)
    axes = (1u << V(x)->shape.rank) - 1;
  return NV(ir_reduce(G(g), op, V(x), axes, keepdims != 0));
}

nnc_value *nnc_sum(nnc_graph *g, nnc_value *x, unsigned axes, int keepdims) {
  return reduce(g, OP_SUM, x, axes, keepdims);
}

nnc_value *nnc_mean(nnc_graph *g, nnc_value *x, unsigned axes, int keepdims) {
  return reduce(g, OP_MEAN, x, axes, keepdims);
}

nnc_value *nnc_softmax(nnc_graph *g, nnc_value *x) {
  return g ? NV(ir_softmax(G(g), OP_SOFTMAX, V(x))) : NULL;
}

nnc_value *nnc_log_softmax(nnc_graph *g, nnc_value *x) {
  return g ? NV(ir_softmax(G(g), OP_LOG_SOFTMAX, V(x))) : NULL;
}

nnc_value *nnc_reshape(nnc_graph *g, nnc_value *x, int rank, const int64_t *shape) {
  Shape s;
  if (!g || G(g)->status || !make_shape(G(g), "reshape", rank, shape, &s))
    return NULL;
  return NV(ir_reshape(G(g), V(x), s));
}

nnc_value *nnc_loss(nnc_graph *g, nnc_loss_kind k, nnc_value *pred, nnc_value *target, int from_logits) {
  return g ? NV(ir_loss(G(g), (LossKind)k, V(pred), V(target), from_logits != 0)) : NULL;
}

nnc_value *nnc_loss_weighted(nnc_graph *g, nnc_loss_kind k, int from_logits, const double *args,
                             nnc_value *pred, nnc_value *target, nnc_value *sample_weight) {
  if (!g)
    return NULL;
  return NV(ir_loss_with(G(g), (LossKind)k, V(pred), V(target), from_logits != 0, args,
                         V(sample_weight)));
}

nnc_status nnc_loss_defaults(nnc_loss_kind k, double *args) {
  if (!nnc_loss_name(k) || !args)
    return base_error(NNC_ERR_ARG, "nnc_loss_defaults: %s", args ? "unknown loss" : "args is NULL");
  ir_loss_defaults((LossKind)k, args);
  return NNC_OK;
}

static bool owned(const Graph *g, const Value *v) {
  return v && v->id >= 0 && v->id < g->nvalues && g->values[v->id] == v;
}

nnc_status nnc_grad(nnc_graph *g, nnc_value *y, int n, nnc_value *const *wrt, nnc_value **grads) {
  if (!g)
    return base_error(NNC_ERR_ARG, "nnc_grad: graph is NULL");
  if (G(g)->status)
    return base_error(G(g)->status, "%s", G(g)->msg);
  if (!owned(G(g), V(y)) || n < 0 || (n > 0 && (!wrt || !grads)))
    return base_error(NNC_ERR_ARG, "nnc_grad: y must be a value of this graph, n >= 0, and wrt "
                    "and grads non-NULL (found n = %d)", n);
  for (int i = 0; i < n; i++)
    if (!owned(G(g), V(wrt[i])))
      return base_error(NNC_ERR_ARG, "nnc_grad: wrt[%d] is not a value of this graph", i);
  DriverJob job = {.loss = V(y), .nwrt = n, .wrt = (Value **)wrt, .grads = (Value **)grads,
                   .stop = DRIVER_GRAD};
  DriverOut out;
  const nnc_context *was = enter(G(g));
  nnc_status s = driver_compile(G(g), &job, &out);
  driver_out_free(&out);
  leave(was);
  return s;
}

static void function_free(nnc_function *f) {
  f->magic = BASE_MAGIC_DEAD;
  driver_jit_free(f->jit);
  ir_graph_free(f->g);
  base_free(f->args);
  base_free(f->result_names);
  base_free(f->arg_of_slot);
  base_free(f->scratch_raw);
  base_free(f->states);
  base_free(f->state_raw);
  base_free(f->sched_arrays);
  base_free(f);
}

/* NNC_OK for a live function, else NNC_ERR_ARG naming fn. */
static nnc_status check_fn(const nnc_function *f, const char *fn) {
  if (!f)
    return base_error(NNC_ERR_ARG, "%s: function is NULL", fn);
  return base_check_tag(f->magic, BASE_MAGIC_FUNCTION, fn, "function");
}

void nnc_function_free(nnc_function *f) {
  if (f && check_fn(f, __func__) == NNC_OK)
    function_free(f);
}

/* Records the calling convention of the copy before passes run: names of the leaf
 * arguments (pointing into f->g's arena, which outlives this) and every element count. */
static nnc_status record_args(nnc_function *f, const char ***names) {
  int n = ir_slots(f->g, NULL), leaves = n - f->g->noutputs;
  Value **slots = base_calloc((size_t)n + 1, sizeof *slots);
  f->args = base_calloc((size_t)n + 1, sizeof *f->args);
  f->result_names = base_calloc((size_t)f->g->noutputs + 1, sizeof *f->result_names);
  *names = base_calloc((size_t)n + 1, sizeof **names);
  if (!slots || !f->args || !f->result_names || !*names) {
    base_free(slots);
    return base_error(NNC_ERR_NOMEM, "nnc_jit: out of memory");
  }
  ir_slots(f->g, slots);
  for (int i = 0; i < n; i++) {
    const char *name = i < leaves ? slots[i]->name : NULL;
    (*names)[i] = name;
    if (!name) {
      snprintf(f->result_names[i - leaves], sizeof *f->result_names, "output_%d", i - leaves);
      name = f->result_names[i - leaves];
    }
    f->args[i] = (FnArg){name, slots[i]->dtype, slots[i]->shape, ir_numel(slots[i]->shape)};
  }
  f->arity = n;
  base_free(slots);
  return NNC_OK;
}

static size_t state_bytes(const Value *v) {
  return ((size_t)ir_numel(v->shape) * ir_dtype_size(v->dtype) + 63) & ~(size_t)63;
}

/* The optimizer's rate: a scalar state named "<opt>/learning_rate" (per-param states are
 * "<param>/<slot>", and no slot is called that; passes/optimizer.c). */
static bool is_lr(const Value *v) {
  static const char suffix[] = "/learning_rate";
  size_t n = v->name ? strlen(v->name) : 0, k = sizeof suffix - 1;
  return v->shape.rank == 0 && n > k && strcmp(v->name + n - k, suffix) == 0;
}

/* The buffers of the STATE leaves among the first nleaf slots, each filled with its value. */
static nnc_status make_states(nnc_function *f, Value *const *slots, int nleaf) {
  size_t total = 64;
  for (int i = 0; i < nleaf; i++)
    total += slots[i]->op == OP_STATE ? state_bytes(slots[i]) : 0;
  f->states = base_calloc((size_t)f->nstates, sizeof *f->states);
  f->state_raw = base_calloc(1, total);
  if (!f->states || !f->state_raw)
    return base_error(NNC_ERR_NOMEM, "nnc_train_step: out of memory for the optimizer's state");
  char *at = (char *)(((uintptr_t)f->state_raw + 63) & ~(uintptr_t)63);
  for (int i = 0, k = 0; i < nleaf; i++) {
    const Value *v = slots[i];
    if (v->op != OP_STATE)
      continue;
    if (is_lr(v)) {
      f->lr_state = k;
      f->lr_dtype = v->dtype;
    }
    for (int64_t e = 0; e < ir_numel(v->shape); e++) {
      if (v->dtype == DT_F32)
        ((float *)at)[e] = (float)v->num;
      else if (v->dtype == DT_F64)
        ((double *)at)[e] = v->num;
      else
        ((int32_t *)at)[e] = (int32_t)v->num;
    }
    f->states[k++] = at;
    at += state_bytes(v);
  }
  return NNC_OK;
}

/* Maps the compiled slots back to the recorded arguments. */
static nnc_status map_slots(nnc_function *f, const char **names) {
  Graph *g = f->g;
  int n = ir_slots(g, NULL), nleaf = n - g->noutputs, argleaves = f->arity - g->noutputs;
  Value **slots = base_calloc((size_t)n + 1, sizeof *slots);
  f->arg_of_slot = base_calloc((size_t)n + 1, sizeof *f->arg_of_slot);
  if (!slots || !f->arg_of_slot) {
    base_free(slots);
    return base_error(NNC_ERR_NOMEM, "nnc_jit: out of memory");
  }
  ir_slots(g, slots);
  f->nslots = n;
  nnc_status s = NNC_OK;
  for (int i = 0; i < n && s == NNC_OK; i++) {
    f->arg_of_slot[i] = -1;
    if (i < nleaf && slots[i]->op == OP_STATE) {
      f->arg_of_slot[i] = -1 - f->nstates++;
      continue;
    }
    if (i >= nleaf)
      f->arg_of_slot[i] = argleaves + (i - nleaf);
    for (int a = 0; a < argleaves && i < nleaf; a++)
      if (names[a] && slots[i]->name && strcmp(names[a], slots[i]->name) == 0)
        f->arg_of_slot[i] = a;
    if (f->arg_of_slot[i] < 0)
      s = base_error(NNC_ERR_INTERNAL, "nnc_jit: compiled leaf '%s' is not an argument",
                   slots[i]->name ? slots[i]->name : "?");
  }
  if (s == NNC_OK && f->nstates > 0)
    s = make_states(f, slots, nleaf);
  base_free(slots);
  return s;
}

static nnc_status set_outputs(nnc_function *f, const Graph *src, int n, nnc_value *const *outs) {
  if (n < 1 || !outs)
    return base_error(NNC_ERR_ARG, "nnc_jit: needs at least one output (found %d)", n);
  for (int i = 0; i < n; i++) {
    if (!owned(src, V(outs[i])))
      return base_error(NNC_ERR_ARG, "nnc_jit: outputs[%d] is not a value of this graph", i);
    if (V(outs[i])->op == OP_ASSIGN)
      return base_error(NNC_ERR_ARG, "nnc_jit: outputs[%d] is an assign, which has no value", i);
    ir_output(f->g, f->g->values[V(outs[i])->id]);
  }
  return f->g->status ? base_error(f->g->status, "nnc_jit: %s", f->g->msg) : NNC_OK;
}

/* A block of bytes aligned to 64; *raw is what to free. NULL when out of memory. */
static void *scratch_new(size_t bytes, void **raw) {
  *raw = base_malloc(bytes + 63);
  return *raw ? (void *)(((uintptr_t)*raw + 63) & ~(uintptr_t)63) : NULL;
}

/* Runs the whole pipeline on the copy and makes its scratch; with train, the backward
 * pass of the copy's first output and the update of train->wrt (the copy's values) too. */
static nnc_status compile(nnc_function *f, const char **names, const DriverTrain *train,
                          Value **wrt) {
  nnc_status s = driver_jit_new(&f->jit);
  DriverJob job = {.stop = DRIVER_JIT, .jit = f->jit};
  if (train) {
    job.loss = f->g->outputs[0];
    job.nwrt = train->nwrt;
    job.wrt = wrt;
    job.opt = train->opt;
  }
  DriverOut out = {0};
  if (s == NNC_OK)
    s = driver_compile(f->g, &job, &out);
  driver_out_free(&out);
  if (s == NNC_OK)
    s = map_slots(f, names);
  if (s != NNC_OK)
    return s;
  f->fn = out.fn;
  f->scratch_bytes = (size_t)out.scratch_bytes;
  f->scratch = scratch_new(f->scratch_bytes, &f->scratch_raw);
  return f->scratch ? NNC_OK : base_error(NNC_ERR_NOMEM, "nnc_jit: out of memory for %zu "
                                          "bytes of scratch", f->scratch_bytes);
}

/* NNC_OK when train's loss and params fit g (checked before anything is copied). */
static nnc_status check_train(const Graph *g, const DriverTrain *t) {
  const char *fn = "nnc_train_step";
  const Value *loss = V(t->loss);
  if (!owned(g, loss))
    return base_error(NNC_ERR_ARG, "%s: loss is %s", fn, loss ? "not a value of this graph" : "NULL");
  if (loss->shape.rank != 0 || loss->dtype == DT_I32)
    return base_error(NNC_ERR_ARG, "%s: loss must be a float scalar (rank 0), found a %s of rank %d",
                      fn, ir_dtype_name(loss->dtype), loss->shape.rank);
  if (t->nwrt < 1 || !t->wrt)
    return base_error(NNC_ERR_ARG, "%s: needs at least one param to update (found %d%s)", fn,
                      t->nwrt, t->wrt ? "" : ", params NULL");
  for (int i = 0; i < t->nwrt; i++) {
    const Value *p = V(t->wrt[i]);
    if (!owned(g, p) || p->op != OP_PARAM || p->dtype == DT_I32)
      return base_error(NNC_ERR_ARG, "%s: params[%d] is not a float nnc_param of this graph", fn, i);
    for (int j = 0; j < i; j++)
      if (t->wrt[j] == t->wrt[i])
        return base_error(NNC_ERR_ARG, "%s: params[%d] is params[%d] again ('%s')", fn, i, j,
                          p->name);
  }
  return NNC_OK;
}

static nnc_status function_new(Graph *src, int noutputs, nnc_value *const *outputs,
                               const DriverTrain *train, nnc_function **out);

/* Keeps train's schedule (its arrays copied), when it has one: keras_opt_check checked it. */
static nnc_status copy_schedule(nnc_function *f, const DriverTrain *train) {
  const nnc_lr_schedule *s = train ? train->opt->learning_rate_schedule : NULL;
  if (!s)
    return NNC_OK;
  f->scheduled = true;
  f->sched = *s;
  f->rate = train->rate;
  if (s->kind != NNC_SCHEDULE_PIECEWISE_CONSTANT_DECAY)
    return NNC_OK;
  size_t n = (size_t)s->nboundaries;
  f->sched_arrays = base_malloc((2 * n + 1) * sizeof *f->sched_arrays);
  if (!f->sched_arrays)
    return base_error(NNC_ERR_NOMEM, "nnc_train_step: out of memory for the schedule");
  memcpy(f->sched_arrays, s->boundaries, n * sizeof *f->sched_arrays);
  memcpy(f->sched_arrays + n, s->values, (n + 1) * sizeof *f->sched_arrays);
  f->sched.boundaries = f->sched_arrays;
  f->sched.values = f->sched_arrays + n;
  return NNC_OK;
}

nnc_status driver_function_new(nnc_graph *g, int noutputs, nnc_value *const *outputs,
                               const DriverTrain *train, nnc_function **out) {
  const char *fn = train ? "nnc_train_step" : "nnc_jit";
  if (!out)
    return base_error(NNC_ERR_ARG, "%s: out is NULL", fn);
  *out = NULL;
  if (!g)
    return base_error(NNC_ERR_ARG, "%s: graph is NULL", fn);
  if (G(g)->status)
    return base_error(G(g)->status, "%s", G(g)->msg);
  nnc_status s = train ? check_train(G(g), train) : NNC_OK;
  if (s != NNC_OK)
    return s;
  const nnc_context *was = enter(G(g)); /* the function is made in the graph's context */
  s = function_new(G(g), noutputs, outputs, train, out);
  leave(was);
  return s;
}

static nnc_status function_new(Graph *src, int noutputs, nnc_value *const *outputs,
                               const DriverTrain *train, nnc_function **out) {
  const char *fn = train ? "nnc_train_step" : "nnc_jit";
  nnc_function *f = base_calloc(1, sizeof *f);
  Value **wrt = train ? base_calloc((size_t)train->nwrt, sizeof *wrt) : NULL;
  if (!f || (train && !wrt)) {
    base_free(f);
    base_free(wrt);
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  }
  f->magic = BASE_MAGIC_FUNCTION;
  f->trains = train != NULL;
  f->lr_state = -1;
  atomic_flag_clear(&f->scratch_busy);
  const char **names = NULL;
  nnc_status s = copy_schedule(f, train);
  if (s == NNC_OK)
    s = ir_clone(src, &f->g);
  for (int i = 0; s == NNC_OK && train && i < train->nwrt; i++)
    wrt[i] = f->g->values[V(train->wrt[i])->id];
  if (s == NNC_OK)
    s = set_outputs(f, src, noutputs, outputs);
  if (s == NNC_OK)
    s = record_args(f, &names);
  if (s == NNC_OK)
    s = compile(f, names, train, wrt);
  base_free(names);
  base_free(wrt);
  if (s != NNC_OK) {
    function_free(f);
    return s;
  }
  *out = f;
  return NNC_OK;
}

nnc_status nnc_jit(nnc_graph *g, int noutputs, nnc_value *const *outputs, nnc_function **out) {
  return driver_function_new(g, noutputs, outputs, NULL, out);
}

int nnc_function_arity(const nnc_function *f) {
  return check_fn(f, __func__) == NNC_OK ? f->arity : 0;
}

int nnc_function_results(const nnc_function *f) {
  return check_fn(f, __func__) == NNC_OK ? f->g->noutputs : 0;
}

/* The argument i of f, or NULL (and an error naming fn) when there is none. */
static const FnArg *arg_of(const nnc_function *f, int i, const char *fn) {
  if (check_fn(f, fn) != NNC_OK)
    return NULL;
  if (i < 0 || i >= f->arity) {
    base_error(NNC_ERR_ARG, "%s: argument %d of a function of %d", fn, i, f->arity);
    return NULL;
  }
  return &f->args[i];
}

int64_t nnc_function_arg_numel(const nnc_function *f, int i) {
  const FnArg *a = arg_of(f, i, __func__);
  return a ? a->numel : -1;
}

const char *nnc_function_arg_name(const nnc_function *f, int i) {
  const FnArg *a = arg_of(f, i, __func__);
  return a ? a->name : NULL;
}

nnc_status nnc_function_arg_type(const nnc_function *f, int i, nnc_dtype *dtype, int *rank,
                                 int64_t *shape) {
  const FnArg *a = arg_of(f, i, __func__);
  if (!a)
    return NNC_ERR_ARG;
  if (dtype)
    *dtype = (nnc_dtype)a->dtype;
  if (rank)
    *rank = a->shape.rank;
  for (int k = 0; shape && k < a->shape.rank; k++)
    shape[k] = a->shape.dim[k];
  return NNC_OK;
}

/* The rate of the step after `step` calls, rounded to the rate's dtype as the step reads it. */
static double rate_at(const nnc_function *f, int64_t step) {
  double r = f->scheduled ? f->rate(&f->sched, step) : 0;
  if (!f->scheduled && f->lr_state >= 0)
    r = f->lr_dtype == DT_F32 ? *(const float *)f->states[f->lr_state]
                              : *(const double *)f->states[f->lr_state];
  return f->lr_dtype == DT_F32 ? (double)(float)r : r;
}

/* Before a training call: the schedule's rate of this step where the step reads it. A
 * custom schedule's fn may give what no rate is: refused, and nothing runs. */
static nnc_status write_rate(nnc_function *f, const char *fn) {
  if (!f->scheduled || f->lr_state < 0)
    return NNC_OK;
  int64_t step = atomic_load(&f->iterations);
  double r = rate_at(f, step);
  if (!(r >= 0) || !isfinite(r))
    return base_error(NNC_ERR_ARG, "%s: the learning-rate schedule gave %g at step %lld; a rate "
                      "must be >= 0 and finite", fn, r, (long long)step);
  if (f->lr_dtype == DT_F32)
    *(float *)f->states[f->lr_state] = (float)r;
  else
    *(double *)f->states[f->lr_state] = r;
  return NNC_OK;
}

int64_t nnc_function_iterations(const nnc_function *f) {
  return check_fn(f, __func__) == NNC_OK ? atomic_load(&f->iterations) : 0;
}

double nnc_function_learning_rate(const nnc_function *f) {
  if (check_fn(f, __func__) != NNC_OK)
    return NAN;
  if (!f->trains || f->lr_state < 0) {
    base_error(NNC_ERR_ARG, "nnc_function_learning_rate: not a training step (nnc_train_step)");
    return NAN;
  }
  return rate_at(f, atomic_load(&f->iterations));
}

/* Runs f on args (checked): the compiled slots from them, the function's scratch or, while
 * another thread's call has it, a scratch of this call's own. */
static nnc_status run_in(nnc_function *f, void *const *args, const char *fn) {
  void *stack[16], **slots = stack, *raw = NULL, *scratch = f->scratch;
  if (f->nslots > 16 && !(slots = base_malloc((size_t)f->nslots * sizeof *slots)))
    return base_error(NNC_ERR_NOMEM, "%s: out of memory", fn);
  bool shared = !atomic_flag_test_and_set(&f->scratch_busy);
  if (!shared && f->trains) {
    if (slots != stack)
      base_free(slots);
    return base_error(NNC_ERR_BUSY, "%s: the training step is running on another thread", fn);
  }
  if (!shared && !(scratch = scratch_new(f->scratch_bytes, &raw))) {
    if (slots != stack)
      base_free(slots);
    return base_error(NNC_ERR_NOMEM, "%s: out of memory for %zu bytes of scratch", fn,
                      f->scratch_bytes);
  }
  nnc_status s = f->trains ? write_rate(f, fn) : NNC_OK;
  for (int i = 0; i < f->nslots && s == NNC_OK; i++) {
    int a = f->arg_of_slot[i];
    slots[i] = a >= 0 ? args[a] : f->states[-1 - a];
  }
  if (s == NNC_OK)
    driver_run(f->fn, slots, scratch);
  if (s == NNC_OK && f->trains)
    atomic_fetch_add(&f->iterations, 1);
  if (shared)
    atomic_flag_clear(&f->scratch_busy);
  base_free(raw);
  if (slots != stack)
    base_free(slots);
  return s;
}

/* run_in in f's context: what a call allocates (a concurrent call's scratch) comes from it. */
static nnc_status run(nnc_function *f, void *const *args, const char *fn) {
  const nnc_context *was = enter(f);
  nnc_status s = run_in(f, args, fn);
  leave(was);
  return s;
}

nnc_status nnc_function_call(nnc_function *f, void *const *args) {
  const char *fn = __func__;
  nnc_status s = check_fn(f, fn);
  if (s)
    return s;
  if (!args)
    return base_error(NNC_ERR_ARG, "%s: args is NULL", fn);
  for (int i = 0; i < f->arity; i++)
    if (!args[i] && f->args[i].numel > 0)
      return base_error(NNC_ERR_ARG, "%s: argument %d is NULL", fn, i);
  return run(f, args, fn);
}

nnc_status nnc_function_call_checked(nnc_function *f, int nargs, void *const *args,
                                     const size_t *bytes) {
  const char *fn = __func__;
  nnc_status s = check_fn(f, fn);
  if (s)
    return s;
  if (!args || !bytes)
    return base_error(NNC_ERR_ARG, "%s: %s is NULL", fn, args ? "bytes" : "args");
  if (nargs != f->arity)
    return base_error(NNC_ERR_ARG, "%s: %d arguments for a function of %d", fn, nargs, f->arity);
  for (int i = 0; i < f->arity; i++) {
    const FnArg *a = &f->args[i];
    size_t need = (size_t)a->numel * ir_dtype_size(a->dtype);
    if (bytes[i] < need || (!args[i] && need > 0))
      return args[i] ? base_error(NNC_ERR_ARG, "%s: argument %d (%s, %lld %s) needs %zu bytes; "
                                  "the buffer holds %zu", fn, i, a->name,
                                  (long long)a->numel, ir_dtype_name(a->dtype), need, bytes[i])
                     : base_error(NNC_ERR_ARG, "%s: argument %d (%s) is NULL", fn, i, a->name);
  }
  return run(f, args, fn);
}
