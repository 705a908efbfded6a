/* keras.h — the Keras-level model behind nnc.h: layers, weights and their initializers, the
 * compiled variants of a model, fit/evaluate/predict, metrics, the progress display, weight
 * files and checkpoints. It builds graphs with the ir_ builders and compiles them through the
 * driver; data files come from formats/.
 *
 * Sections below follow the .c files that define them.
 */
#ifndef NNC_KERAS_H
#define NNC_KERAS_H

#include <stdbool.h>
#include <stdint.h>

#include "formats.h"
#include "driver.h"
#include "progress.h"
#include "runtime.h"
#include "saving.h"

/* What Keras 3 calls an operation: its module and class ("keras.src.ops.numpy",
 * "Multiply"), and the prefix of its nodes' names ("multiply"). */
typedef struct {
  const char *module, *cls, *prefix;
} KerasOp;

/* activations.c — Keras's activations as IR, the builders of names/activations.def. */
/* a on x with args[0..NNC_ACT_ARGS) (NULL: Keras's defaults), checked before. */
Value *keras_activate(Graph *g, nnc_activation a, const double *args, Value *x);
void keras_activation_init(nnc_activation a, double *args); /* Keras's defaults; NaN: required */
/* NNC_ERR_ARG naming fn and the argument when Keras refuses args or nnc cannot do them (an
 * axis that is not the last), NNC_ERR_SHAPE for glu on an odd width (0: not known yet). */
nnc_status keras_activation_check(nnc_activation a, const double *args, int64_t width,
                                  const char *fn);
/* keras.activations.NAME's argument i after x (NULL past the last), and its default as the
 * table writes it in Python ("0.0", "None", "False", "REQUIRED") in *def (def may be NULL). */
const char *keras_activation_arg(nnc_activation a, int i, const char **def);
/* The operation a call of a on a Keras tensor makes (names/activations.def's op column);
 * NULL where Keras makes none. */
const KerasOp *keras_activation_op(nnc_activation a);
/* The operation keras.ops.NAME makes of a Keras tensor (names/activations.def's kops column);
 * NULL where keras.ops has no NAME. It takes the first keras_activation_kop_args(a) of a's
 * arguments (NNC_ACT_ARGS: all of them). */
const KerasOp *keras_activation_kop(nnc_activation a);
int keras_activation_kop_args(nnc_activation a);
/* The arguments keras.ops.NAME(x) computes with (keras.ops's defaults: gelu's approximate is
 * true), where keras.ops has NAME. */
void keras_activation_kops_init(nnc_activation a, double *args);
bool keras_activation_row(nnc_activation a);     /* reads a whole sample's features */
int64_t keras_activation_width(nnc_activation a, int64_t width); /* glu: width / 2 */

/* config.c — a layer's configuration: Keras's get_config(), checked against its row of
 * names/layers.def (and the rows of initializers.def, regularizers.def, constraints.def for
 * the objects it holds), held as one ArgVal per argument. */
enum { INIT_ARGS = 6 };
typedef struct {
  nnc_initializer kind;
  double a[INIT_ARGS];          /* the row's arguments in order: numbers, an LA_CHOICE's
                                   index, a seed (NaN when null) */
} Initializer;

typedef struct {
  bool null;                    /* null: given so, or Keras's default */
  double num;                   /* numbers, integers, booleans (0/1), an LA_CHOICE's index */
  int n;                        /* list arguments: their length */
  int64_t ints[IR_MAX_RANK];    /* shapes and axes (-1 for a target shape's free dimension,
                                   0 for a noise shape's null); LA_OPERAND: a matrix's rows
                                   and columns */
  double *nums;                 /* LA_NUMS, an LA_OPERAND's matrix: n numbers, row by row
                                   (owned) */
  char *str;                    /* LA_STR (owned) */
  nnc_activation act;
  double args[NNC_ACT_ARGS];    /* act's arguments (Keras's defaults unless set in C) */
  bool kops;                    /* act is keras.ops.NAME given as a function: args are
                                   keras.ops's defaults, saved as the name alone (Keras's
                                   get_config() writes "gelu" for keras.ops.gelu too) */
  Initializer init;
  nnc_regularizer reg;
  nnc_constraint con;
} ArgVal;

typedef struct {
  nnc_layer_kind kind;
  int nrow, nbase;              /* the row's arguments, then the base's not in the row */
  const ArgSpec **spec;         /* [nrow + nbase] (owned array) */
  ArgVal *v;                    /* [nrow + nbase] (owned) */
} LayerConfig;

/* Keras's defaults for every argument of class k (required ones null). */
nnc_status keras_config_defaults(nnc_layer_kind k, LayerConfig *c, const char *fn);
/* Sets c's arguments from a JSON object's (text; NULL or "" is {}), each checked; the
 * message names fn, the class and the argument. c is unchanged on failure. */
nnc_status keras_config_set(LayerConfig *c, const char *json, const char *fn);
/* Every required argument has a value (NNC_ERR_ARG naming the first that has not). */
nnc_status keras_config_complete(const LayerConfig *c, const char *fn);
void keras_config_free(LayerConfig *c);
/* Argument `name` of c's row or base (an internal name: a missing one is a bug). */
const ArgVal *keras_arg(const LayerConfig *c, const char *name);
ArgVal *keras_arg_set(LayerConfig *c, const char *name);
bool keras_arg_has(const LayerConfig *c, const char *name); /* false for "" */
/* c as Keras's get_config(): a JSON object with "name" first; NULL when out of memory. */
char *keras_config_json(const LayerConfig *c, const char *name);
struct cJSON;
/* A serialized Keras object: {"module", "class_name", "config" (taken), "registered_name":
 * null}, as keras.saving.serialize_keras_object writes an initializer, loss or optimizer. */
struct cJSON *keras_object_json(const char *module, const char *cls, struct cJSON *config);
/* Keras's defaults for initializer k. */
Initializer keras_init_of(nnc_initializer k);

/* init.c — Keras's initializers; fans as Keras computes them. */
void keras_fans(const nnc_tensor *t, double *fan_in, double *fan_out);
/* How `in` fills t, as a state fill of nnc build (ir.h; offset left 0); NNC_ERR_ARG for
 * an unknown kind or one an object cannot draw (a seed, a mean, Orthogonal, Identity).
 * keras_init_fill draws exactly that from r. */
nnc_status keras_init_rule(const nnc_tensor *t, const Initializer *in, Fill *out);
/* Fills t as `in` says: with its own seed when it has one (the same numbers each time, as
 * Keras), else from r. */
nnc_status keras_init_fill(nnc_tensor *t, const Initializer *in, Rng *r);

/* penalty.c — regularizers as loss terms and constraints as updates, as IR. */
Value *keras_regularize(Graph *g, Value *x, nnc_regularizer r); /* NULL for {0, 0} */
Value *keras_constrain(Graph *g, Value *w, const nnc_constraint *c);
nnc_status keras_check_constraint(const nnc_constraint *c, const char *fn);
/* Sets c's argument `name` (max_value, min_value, rate or axis) to x. */
void keras_constraint_field(nnc_constraint *c, const char *name, double x);

/* optimizer.c — the model's optimizer at run time (the update is passes/optimizer.c's). */
/* x as a variable of the model's dtype holds it (float32 unless the model is float64): the
 * learning rate, and the loss and metrics fit and evaluate report, which Keras keeps in
 * float32 variables (a History of 10/11 holds 0.9090909361839294). */
double keras_rounded(const nnc_model *m, double x);
typedef struct {
  double lr;                    /* the learning-rate variable, rounded to the model's dtype */
  bool scheduled;               /* sched gives the rate, not lr */
  nnc_lr_schedule sched;        /* a copy; boundaries and values point into arrays */
  double *arrays;               /* owned: PiecewiseConstantDecay's boundaries, then values */
  int64_t iterations;           /* steps applied since compile: Keras's optimizer.iterations */
  int nno_decay;
  char **no_decay;              /* owned: exclude_from_weight_decay's var_names */
} OptState;
nnc_status keras_opt_check(const nnc_optimizer *o, const char *fn);
/* Copies what the model keeps of o (the schedule and its arrays) at nnc_model_compile. */
nnc_status keras_opt_compile(nnc_model *m, const nnc_optimizer *o);
void keras_opt_free(OptState *s);
/* The optimizer-state (STATE) tensor named `name` ("adam/learning_rate", "dense/kernel/m");
 * NULL before a training step that makes it is compiled. */
nnc_tensor *keras_state(const nnc_model *m, const char *name);
/* The rate of the step after `iteration` steps, rounded to the model's dtype. */
double keras_lr_at(const nnc_model *m, int64_t iteration);
/* Writes keras_lr_at(iteration) where the training step reads it (once one is compiled). */
void keras_lr_write(nnc_model *m, int64_t iteration);
/* Takes the rate back from the training step's STATE (after a checkpoint is loaded). */
void keras_lr_read(nnc_model *m);

/* schedules.c — Keras's learning-rate schedules (names/schedules.def). */
const char *keras_schedule_class(nnc_schedule_kind k); /* "ExponentialDecay", ... */
nnc_status keras_schedule_check(const nnc_lr_schedule *s, const char *fn);

/* layers.c, net.c — the model's layers and the graph of their calls.
 *
 * A Layer is Keras's layer object: a class, a configuration, weights. A LayerNode is one
 * call of a layer on earlier nodes' outputs; calling a layer twice (nnc_model_call_layer)
 * makes two nodes of one Layer, sharing its weights. A Net is a model's nodes in creation
 * order (a node reads earlier ones only, so the order is topological). Layers are counted:
 * the model's list and each node hold a reference, the last release frees them. */
enum { MAX_WEIGHTS = 4 };

typedef struct {
  const WeightSpec *spec;       /* its row in layers.def */
  bool used;                    /* the layer has it (no bias with use_bias false) */
  bool trainable;               /* the row's kind and the layer's `trainable` */
  DType dtype;                  /* DT_I32 for FROZEN_I32, else the model's */
  Shape shape;                  /* set when the layer is built */
  Initializer init;
  nnc_regularizer reg;
  nnc_constraint con;
  nnc_tensor *t;                /* owned; NULL until the weights are made */
  double *preset;               /* owned: the values it takes when made (Normalization's
                                   adapt), npreset of them; NULL: its initializer's */
  int64_t npreset;
} Weight;

typedef struct Net Net;
typedef struct Layer {
  int refs;                     /* nodes and nested nets holding it */
  nnc_layer_kind kind;
  char *name;                   /* owned: "dense_1", the user's, or the nested model's */
  bool auto_named;              /* the name is nnc's (Keras's numbering counts only those) */
  LayerConfig cfg;
  bool built;                   /* the weights' shapes are set (by its first call) */
  Weight w[MAX_WEIGHTS];        /* the row's weights, in its order */
  int nweights;
} Layer;

typedef struct {
  Layer *layer;                 /* a reference */
  int ninputs;
  int *inputs;                  /* owned; ids of earlier nodes of the same net */
  Shape out;                    /* one sample's output; rank -1 while unknown */
  int call;                     /* which call of its layer it is in this net (Keras's node
                                   index) */
  int nest;                     /* 1 + the index of the nested model it belongs to in the
                                   net's nests; 0: a layer of the model itself */
} LayerNode;

/* A model nested in another (nest.c): its layers' calls are copied into the outer net as
 * nodes first..last, sharing the inner model's Layers (so its weights), and Keras shows it
 * as one layer of the outer model named after the inner model. */
typedef struct {
  char *name;                   /* owned: the inner model's name, "sequential" */
  bool sequential;              /* Keras's class: Sequential, else Functional */
  char *input_name;             /* owned: the inner model's InputLayer's name */
  int input;                    /* the outer node the inner model's input reads */
  int first, last, output;      /* its nodes, and which of them is its output */
} Nest;

struct Net {
  int nnodes, cap;
  LayerNode *nodes;                  /* owned */
  int input;                    /* in[0]: the first input's InputLayer node, -1 while none */
  int nin;                      /* the model's inputs (Keras's model.inputs) */
  int *in;                      /* owned, [nin]: their InputLayer nodes in the model's order
                                   (creation order, or nnc_model_set_inputs's) */
  int output;                   /* -1: the last node */
  bool sequential;              /* a Sequential model's (not built with nnc_model_input) */
  int nnests;
  Nest *nests;                  /* owned */
};

/* A layer's three functions, from layers.def. */
typedef struct {
  Layer *l;
  int n;
  const Shape *in;              /* the inputs' sample shapes (all known) */
  const char *const *names;     /* the inputs' layer names, for messages */
  Shape *out;                   /* out: the output's sample shape */
  Shape *w;                     /* out: w[k] for each weight the layer has (rank -1: none) */
  const char *fn;               /* the API function, for messages */
} Shaping;
typedef struct Call Call;
typedef nnc_status LayerShape(Shaping *s);
typedef Value *LayerForward(Call *c);
struct Call {
  struct Fwd *F;                /* the graph being built (model.c) */
  Graph *g;
  Layer *l;
  const LayerNode *node;
  int n;
  Value **in;                   /* the inputs' values, [batch, ...] */
  const char *path;             /* the layer's path in weight names: "dense", "inner/dense" */
  DType dt;                     /* the model's */
  bool training;                /* fit's step (Keras's training=True) */
  bool bf16;                    /* mixed_bfloat16: matmuls on bf16 operands */
};
/* Copies weight w of l's preset values into its tensor; NNC_ERR_SHAPE when their count is
 * not its. */
nnc_status keras_weight_preset(const Layer *l, Weight *w);
/* An unseeded Dropout's seed: from the model's seed and the call's place in the net, not
 * its layer's name, which Keras's automatic naming changes from model to model. */
uint64_t keras_node_seed(const Call *c);
/* Weight i of the call's layer as a leaf of the graph (made on first use, named PATH/NAME;
 * a trainable one is trained, with its regularizer and constraint). */
Value *keras_weight(Call *c, int i);
/* The matrix argument `arg` of the call's layer (an LA_OPERAND's) as a leaf of the graph,
 * named const:PATH/ARG, in the model's dtype: a constant of the model, kept beside its
 * compiled functions and never trained, counted or saved with the weights. */
Value *keras_constant(Call *c, const char *arg);
/* Weight i's value after this step, written when the step ends (a later call replaces
 * it). */
void keras_weight_assign(Call *c, int i, Value *v);
/* A scalar i32 STATE of the model named PATH/NAME, 0 at first and advanced by one at the end
 * of each training step: Dropout's seed generator, so its masks differ from step to step. */
Value *keras_step_counter(Call *c, const char *name);
/* Keras's axis `axis` (the batch axis is 0, negatives count from the end) of a sample of
 * rank `rank`, as an index into the sample's dims (0 = the first after the batch); -1 for
 * the batch axis, -2 when out of range. */
int keras_sample_axis(int64_t axis, int rank);
/* Every layer's functions (keras/layer_*.c), from its row of layers.def. */
#define LAYER(id, cls, prefix, args, weights, shape, train, infer, doc) \
  LayerShape shape;                                                     \
  LayerForward train, infer;
#include "layers.def"
LayerShape *keras_layer_shape(nnc_layer_kind k);
LayerForward *keras_layer_forward(nnc_layer_kind k, bool training);

/* nest.c — models nested in models. */
/* The nest node i of n belongs to, or NULL for a layer of the model itself. */
const Nest *keras_node_nest(const Net *n, int i);
/* The path of node i's layer in weight names: "dense", or "sequential/dense" in a nest. */
const char *keras_node_path(const Net *n, int i, char *buf, size_t size);
void keras_nests_free(Net *n);

/* layer_merge.c — a sample shape a and b broadcast to (*out), as Keras's merge layers and
 * keras.ops broadcast: one rank, and a size 1 where two differ. NNC_ERR_SHAPE naming fn,
 * what (the class or operation) and the inputs an and bn otherwise. */
nnc_status keras_broadcast_samples(const char *fn, const char *what, Shape a, Shape b,
                                   const char *an, const char *bn, Shape *out);
/* layer_ops.c — the operations of keras.ops an Operation layer applies (keras_ops.def). */
typedef enum { KOP_UNARY, KOP_BINARY, KOP_REDUCE, KOP_MATRIX, KOP_ACTIVATION } KopKind;
typedef enum {
#define KOP(id, name, cls, kind, fn, doc) KOP_##id,
#include "keras_ops.def"
  KOP_COUNT
} KopId;
const char *keras_op_name(KopId k);      /* "multiply" */
KopKind keras_op_kind(KopId k);
KerasOp keras_operation(const Layer *l);  /* l: an Operation layer */
/* The Operation layer's row of Keras's (module, class): -1 for none. With KOP_ACTIVATION_OP,
 * *act is the activation whose operation that is. */
int keras_operation_find(const char *module, const char *cls, nnc_activation *act);
/* op_config.c — the Operation layer in Keras 3's model config. */
struct cJSON *keras_op_config(const Layer *l);      /* Keras's config of l's operation */
void keras_op_call_args(const Layer *l, struct cJSON *args); /* puts the constant in place */
bool keras_op_entry(const struct cJSON *entry);      /* whether Keras wrote an operation */
bool keras_op_constant(const struct cJSON *arg);     /* whether a call's argument is no tensor */
/* The config of nnc's Operation layer for Keras's operation entry (written to *out, owned
 * by cJSON's allocator): NNC_ERR_ARG for an operation nnc lacks. */
nnc_status keras_op_from_entry(const struct cJSON *entry, const char *where, char **out);

/* The class Keras 3 shows for l: its own, or an Operation's operation's ("Multiply"). */
const char *keras_layer_type(const Layer *l);
Layer *keras_layer_new(nnc_layer_kind k);
void keras_layer_release(Layer *l);
void keras_net_free(Net *n);
int keras_net_output(const Net *n);      /* -1 when there are no nodes */
/* Infers every node's shape from the input's; NNC_ERR_SHAPE (naming fn and the layer) when
 * shapes do not fit. Builds (sets weight shapes of) the layers called for the first time. */
nnc_status keras_net_infer(Net *n, const char *fn);
/* Calls fn for every weight of the model's layers (nested ones too), in weight-file order,
 * with its name ("dense/kernel", "inner/dense/bias"); stops at a non-zero return. */
typedef int WeightFn(void *user, const char *name, Weight *w);
int keras_model_weights(const nnc_model *m, WeightFn *fn, void *user);
int64_t keras_shape_numel(Shape s);   /* of a known sample shape */
/* "(None, 28, 28)" for a sample shape, "?" while unknown; "[784, 25]" for a weight's. */
const char *keras_shape_text(Shape s, char *buf, size_t n);
const char *keras_weight_text(Shape s, char *buf, size_t n);

/* model.c — the model and its compiled variants. */
/* VAR_GRAD and VAR_UPDATE split VAR_TRAIN in two for a data-parallel fit (data_parallel.c):
 * GRAD is the step up to the gradients, which it writes into the model's GradBuf; UPDATE
 * applies GradBuf's (by then summed over ranks) as the optimizer's update. */
typedef enum { VAR_TRAIN, VAR_EVAL, VAR_PREDICT, VAR_GRAD, VAR_UPDATE } VariantKind;

typedef struct {
  char *name;                   /* owned */
  nnc_tensor *t;                /* owned */
} NamedTensor;

/* One compiled function of the model for one batch size. */
typedef struct {
  VariantKind kind;
  int64_t batch;
  DriverFn fn;
  int nslots;
  void **slots;                 /* owned array; points into the buffers below and the model */
  nnc_tensor *x, *y;            /* [batch, ...input] and the target batch (y absent for PREDICT) */
  nnc_tensor *loss, *pred;      /* scalar and [batch, units] (loss absent for PREDICT) */
  nnc_tensor *w;                /* [batch] the samples' loss weights: TRAIN variants of a
                                   weighted model only, else NULL */
  int64_t scratch_bytes;
  int64_t guard_offset;         /* the NaN guard's flag word in scratch (codegen.h), -1: none */
  double compile_ms;            /* graph building, passes and JIT */
} Variant;

/* metrics.c's streaming state (see there). */
typedef struct {
  double *sums;                 /* owned; every metric's state, in compile's order */
  int64_t cap;                  /* doubles allocated */
  double *values;               /* owned: the last result's values, metric i's from off[i] */
  int64_t vcap;
  int64_t off[NNC_METRICS_MAX + 1]; /* [nmetrics + 1], keras_metric_length's sums */
} Metrics;

/* The gradients of a data-parallel step, one buffer summed in buckets (data_parallel.c). */
typedef struct {
  int n;                        /* trainable weights, in the training step's order */
  Weight **w;                   /* owned array of the model's weights */
  char **names;                 /* owned: each one's leaf name, "dense/kernel" */
  int64_t *at;                  /* [n + 1] offsets of each gradient in buf (elements);
                                   at[0] = 2 + step.cap, the tail's length */
  nnc_tensor *buf;              /* [at[n]] in the model's dtype (owned; NULL: none yet): what
                                   else a step sums over the ranks with the gradients (the
                                   tail: the loss, the cancel flag and the metrics' sums of
                                   the step's rows), then the gradients */
  int nbuckets;                 /* the gradients' allreduces in a step, in their order */
  int *cut;                     /* [nbuckets + 1] (owned): bucket j holds the gradients of
                                   weights [cut[j+1], cut[j]), from the last weights (cut[0]
                                   = n) down to the first (the last bucket: with the tail) */
  int *of;                      /* [n] (owned): the bucket of each weight's gradient */
  int *pending;                 /* [nbuckets] (owned): gradients of the step not yet made */
  int started;                  /* buckets of the step whose allreduce has started */
  int out0;                     /* the GRAD variants' output of weight 0's gradient */
  double share;                 /* the step's rows ÷ the global batch's, each gradient's
                                   scale before the sum */
  Metrics step;                 /* this rank's metrics of the step's rows */
  double *tailv;                /* [2 + step.cap] (owned): the buffer's tail as doubles */
  int nsynced;
  Weight **synced;              /* owned array: Forward.assigned, averaged over the ranks
                                   after each step */
} GradBuf;

struct nnc_model {
  Net net;                      /* the layers' calls */
  uint32_t magic;               /* BASE_MAGIC_MODEL while alive (guard.c) */
  BaseLock lock;                /* held by the thread in a call on the model (guard.c) */
  nnc_context *ctx;             /* not owned; NULL: the default context (guard.c) */
  const nnc_context *outer;     /* the thread's context before its call on the model */
  _Atomic unsigned cancels;     /* nnc_model_cancel's calls (fit.c); a call in flight stops
                                   when the count moves from its value at the call's start */
  _Atomic unsigned stops;       /* nnc_model_stop_training's calls (fit.c), counted likewise */
  int nlayers, caplayers;
  Layer **layers;               /* the distinct layers in first-call order, one reference each */
  int64_t features;             /* elements of one input sample; 0 until known */
  bool compiled;                /* nnc_model_compile succeeded */
  bool built;                   /* weights exist */
  nnc_compile_options copt;     /* copt.metric_keys point at metric_keys below */
  char metric_keys[NNC_METRICS_MAX][64];
  uint64_t seed;
  Rng shuffle_rng;              /* seeded at set_seed; advances with each shuffle */
  int nvariants, capvariants;
  Variant **variants;           /* owned */
  int nstates, capstates;
  NamedTensor *states;          /* optimizer state (and step counters) by leaf name, shared
                                   by variants */
  int nconsts, capconsts;
  NamedTensor *consts;          /* keras_constant's matrices by leaf name, shared by variants */
  void *scratch_raw;            /* owned; scratch is it rounded up to 64 bytes */
  void *scratch;
  int64_t scratch_cap;
  DriverJit *jit;               /* owned; created on the first compile */
  double train_compile_ms;      /* of the first training-step variant */
  int epoch;                    /* epochs trained: fit's last finished epoch, or a checkpoint's */
  char *name;                   /* owned; NULL: "sequential" or "functional" */
  bool optimizer_built;         /* fit ran since compile, where Keras builds the optimizer */
  bool weighted;                /* training steps read per-sample loss weights ("w") */
  bool eval_weighted;           /* so do evaluation steps (evaluate's sample_weight) */
  Metrics evaluated;            /* the last evaluate's (nnc_model_metric_values); freed at
                                   compile */
  OptState opt;                 /* the optimizer's rate, iterations and exclusions */
  GradBuf grads;                /* VAR_GRAD and VAR_UPDATE variants' gradients */
};

int64_t keras_out_units(const nnc_model *m);           /* elements of one output sample */
void keras_drop_variants(nnc_model *m); /* the compiled functions and optimizer state */
bool keras_sparse(const nnc_model *m);
/* Builds the layers for an input sample of shape `in` and makes every weight that does
 * not exist yet (once; in the compiled dtype); compiles nothing. */
nnc_status keras_model_build(nnc_model *m, Shape in);
/* Keras builds a model whose input shape is known at once, compiled or not: its weights are
 * made here when a call on the file at `path` needs them (saving or loading); NNC_ERR_ARG
 * with Keras's words for a model without an input shape, or m or path NULL. */
nnc_status keras_need_built(nnc_model *m, const char *fn, const char *path, bool saving);
/* The sample shape the compiled functions' x has (rank -1 while unknown): the one input's,
 * or for a model of several inputs their samples flattened and packed side by side, in the
 * model's input order: (sum of their elements,). */
Shape keras_input_shape(const nnc_model *m);
/* Where input k's elements start in a packed sample (keras_input_shape's). */
int64_t keras_input_offset(const nnc_model *m, int k);

/* The forward graph of (kind, batch): x, the layers, and for TRAIN and EVAL y and the loss
 * (with the regularizers' terms); outputs the loss (when there is one), then the
 * prediction. Leaves are named for binding: "x", "y", params "LAYER/WEIGHT" (the model's
 * weights, keras_weight_named), STATE leaves (step counters). */
typedef struct {
  Graph *g;                     /* owned */
  Value *loss;                  /* NULL for PREDICT */
  Value **params;               /* owned; the trainable params, nparams of them */
  Weight **pweights;            /* owned; the weight of each */
  int nparams;
  Weight **assigned;            /* owned; the float weights a training step writes that are
                                   not trained (BatchNormalization's moving statistics) */
  int nassigned;
} Forward;
nnc_status keras_build_graph(nnc_model *m, VariantKind kind, int64_t batch, Forward *out);
void keras_forward_free(Forward *f);
/* The training step's job: f's loss, params, the optimizer (written to *opt, which must
 * outlive the job: the rate of the model's current iteration) with weight decay's
 * exclusions, and the weights' constraints. */
void keras_train_job(nnc_model *m, Forward *f, nnc_optimizer *opt, DriverJob *job);
/* The model's weight named as weight files name it; NULL when none is. */
Weight *keras_weight_named(const nnc_model *m, const char *name);

/* guard.c — every public call on a model starts with KERAS_ENTER(m) (a status back) or
 * KERAS_GUARD(m, value) (value back when the model cannot be entered): NNC_ERR_ARG for NULL
 * or a freed model, NNC_ERR_BUSY while another thread is in a call on it. The lock is left
 * when the calling function returns, on every path (the cleanup attribute). */
nnc_status keras_enter(const nnc_model *m, const char *fn);
void keras_leave(nnc_model **held);
#define KERAS_GUARD(m, fail)                                               \
  nnc_model *keras_held_ __attribute__((cleanup(keras_leave))) = NULL;    \
  nnc_status keras_entry_ = keras_enter((m), __func__);                   \
  if (keras_entry_ != NNC_OK)                                             \
    return (fail);                                                        \
  keras_held_ = (nnc_model *)(m)
#define KERAS_ENTER(m) KERAS_GUARD(m, keras_entry_)
/* The compiled variant for (kind, batch), compiling and caching it on first use. */
nnc_status keras_variant_get(nnc_model *m, VariantKind kind, int64_t batch, Variant **out);
/* Compiles the variant for (kind, batch) afresh, replacing a cached one, and hands out the
 * driver's stages in keep (1u << DriverStage) into *stages: the very graphs and code the
 * model then runs. driver_out_free(stages) afterwards, also after a failure. */
nnc_status keras_variant_stages(nnc_model *m, VariantKind kind, int64_t batch, unsigned keep,
                                DriverOut *stages);
void keras_variant_run(nnc_model *m, Variant *v);
/* Runs a GRAD variant, calling ready(user, k) as soon as its output k is in its slot. */
void keras_variant_run_ready(nnc_model *m, Variant *v, DriverReady *ready, void *user);
double keras_variant_loss(const Variant *v);
/* Whether the last run wrote NaN or ±Inf into a weight or optimizer state (the NaN guard's
 * flag, fused into the update: codegen/guard.c); false when v has no guard. */
bool keras_variant_nonfinite(const nnc_model *m, const Variant *v);

/* The graph of a VAR_UPDATE variant: every weight of m->grads as a param, its gradient as an
 * input named "grad:" and the param's name, nothing else (the driver's optimizer pass adds
 * the update). out's params and pweights as keras_build_graph's; *grads the inputs. */
nnc_status keras_update_graph(nnc_model *m, Forward *out, Value ***grads);
/* The model's GradBuf, made from the training step's params (a GRAD variant's Forward). */
nnc_status keras_grads_init(nnc_model *m, const Forward *f);
void keras_grads_free(GradBuf *gb);

/* distributed.c — this process's rank in a data-parallel job (nnc_distributed_init) and the
 * collectives fit uses; outside a job the size is 1 and they do nothing. */
int keras_dist_rank(void);
int keras_dist_size(void);
void keras_dist_sum(void *x, int64_t n, nnc_dtype dt); /* summed over ranks, in place */
void keras_dist_bcast(void *p, size_t bytes);           /* rank 0's bytes to every rank */
/* Sums while the caller computes: keras_dist_isum queues a sum of x over the ranks, in place,
 * which a thread of nnc's makes (in the order queued, every rank queueing the same sums);
 * x is not to be touched, and no other collective called, until keras_dist_wait, which
 * returns once every queued sum is made. keras_dist_async says whether that thread can run
 * (a job of several ranks, an MPI of MPI_THREAD_SERIALIZED; starts it); else keras_dist_isum
 * sums at once. */
bool keras_dist_async(void);
void keras_dist_isum(void *x, int64_t n, nnc_dtype dt);
void keras_dist_wait(void);

/* data_parallel.c — fit's training step in a job of several ranks. Rank r of N takes rows
 * [b*r/N, b*(r+1)/N) of each global batch of b; its GRAD variant computes their loss and
 * gradients, each scaled by its share of the batch, the ranks sum them (in buckets, while
 * backward runs), and every rank's UPDATE variant applies that same sum: the gradient of the
 * global batch's mean loss, as one process computes it, up to the order of the float
 * additions. */
typedef struct {
  int64_t lo, n;                /* this rank's rows of the batch: positions lo.. lo+n-1 */
  Variant *v;                   /* the GRAD variant that ran them; NULL when n is 0 */
  double loss;                  /* the global batch's loss: the mean over all its samples */
  bool cancel;                  /* in: nnc_cancel was called here; out: on some rank */
  Metrics *sums;                /* in: the epoch's metrics of all ranks so far, to which
                                   the step's are added */
} DpStep;
/* Tests only: a fit of one process runs the two-function step too (shard: all rows). */
extern bool keras_dp_always;
/* The megabytes of gradients summed at once while backward runs, unless NNC_DP_BUCKET_MB
 * says otherwise (0: one sum after backward; bench/DISTRIBUTED.md measures both). */
#define KERAS_DP_BUCKET_MB 4.0
/* Compiles what steps of global batch b need on this rank (its shard's GRAD variant, the
 * UPDATE variant), so a step never compiles. */
nnc_status keras_dp_prepare(nnc_model *m, int64_t b);
/* One step on the global batch of rows idx[at..at+b) (positions when idx is NULL) of x, y;
 * every rank calls it with the same arguments. */
void keras_dp_step(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, const int64_t *idx,
                   int64_t at, int64_t b, DpStep *out);
/* Every rank's ints agree with rank 0's: else NNC_ERR_ARG naming (with what[i]) the first
 * that differs on this rank, or that another rank differs. Collective. */
nnc_status keras_dp_agree(const int64_t *v, const char *const *what, int n, const char *fn);

/* layers.c — the builders of nnc.h. */
/* Appends a call of l on inputs[0..n) to m's net and infers the shapes; a layer new to m
 * joins its list (a new layer's reference passes to the model, also when this fails). */
nnc_status keras_push_call(nnc_model *m, Layer *l, int n, const int *inputs, const char *fn,
                           int *id);
/* An InputLayer of one sample's shape (rank 0: not known yet), named or NULL. */
nnc_status keras_add_input(nnc_model *m, int rank, const int64_t *shape, const char *name,
                           const char *fn, int *id);
/* Takes back the last node pushed. */
void keras_pop_call(nnc_model *m);
bool keras_name_taken(const nnc_model *m, const char *name);
/* Checks the graph can be compiled: an output that is a layer, one input, every node
 * leading to the output. */
nnc_status keras_check_graph(const nnc_model *m, const char *fn);
void keras_layers_free(nnc_model *m);

/* fit.c — training, evaluation and prediction loops. */
/* Tests only: the samples this process has evaluated (evaluate, fit's validation), so a test
 * can see that the ranks of a job share the validation. */
extern int64_t keras_eval_rows;
/* Copies rows idx[0..n) (or rows start.. when idx is NULL) of x into v->x and of y into
 * v->y (converted to the compiled dtype; class ids flattened). */
void keras_gather(const nnc_model *m, Variant *v, const nnc_tensor *x, const nnc_tensor *y,
               const int64_t *idx, int64_t start, int64_t n);
/* Checks x (and y when not NULL) against the model: dtype, rank, shape, sample counts. */
nnc_status keras_check_data(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, const char *fn);
/* Copies of every weight and optimizer buffer (the NaN guard's), or of the weights alone
 * (EarlyStopping's best epoch). */
typedef struct {
  int n;
  nnc_tensor **live;            /* the model's tensors (not owned) */
  nnc_tensor **copy;            /* owned */
} StateCopy;
nnc_status keras_snapshot_init(nnc_model *m, StateCopy *sn, bool states);
void keras_snapshot_copy(StateCopy *sn, bool restore); /* live -> copy, or back */
void keras_snapshot_free(StateCopy *sn);

/* sample_weight.c — fit's class_weight and sample_weight as one weight per sample. */
/* The weights of y's n samples into *out (base_malloc'd; NULL when f asks for none). */
nnc_status keras_sample_weights(const nnc_tensor *y, const nnc_fit_options *f, double **out);
/* evaluate's sample_weight (NULL: none, *out NULL) as one double per sample of y, checked
 * (NNC_ERR_SHAPE naming fn for a count that is not y's, NNC_ERR_ARG for a negative or
 * non-finite weight); free *out with base_free. */
nnc_status keras_sample_weight_vector(const nnc_tensor *y, const nnc_tensor *sw, const char *fn,
                                      double **out);
/* Copies rows idx[start..start+n) of the weights into v->w. */
void keras_gather_weights(Variant *v, const double *w, const int64_t *idx, int64_t start,
                          int64_t n);

/* pathformat.c — ModelCheckpoint's filepath formatted as Python's str.format, from an
 * epoch's logs as Keras's callbacks see them: the keys sorted by name. */
enum { LOG_USER_KEYS_MAX = 16, LOG_KEYS_MAX = 8 + 2 * NNC_METRICS_MAX + LOG_USER_KEYS_MAX };
typedef struct nnc_logs {
  int epoch;                    /* from 1: Keras formats epoch + 1 */
  int n;
  const char *keys[LOG_KEYS_MAX]; /* static strings, the model's metric keys, val_keys or
                                     user_keys */
  double values[LOG_KEYS_MAX];    /* a vector metric's: the mean of its values */
  const double *vectors[LOG_KEYS_MAX]; /* a vector metric's values (lens[i] > 1), else NULL */
  int64_t lens[LOG_KEYS_MAX];
  char val_keys[NNC_METRICS_MAX][72]; /* "val_" and a metric's key */
  char user_keys[LOG_USER_KEYS_MAX][64]; /* the keys nnc_logs_set added */
  int nuser_keys;
} KerasLogs;
nnc_status keras_format_path(const char *pattern, const KerasLogs *l, char *out, size_t cap);

/* callbacks.c — Keras's built-in callbacks as fit runs them (nnc_fit_options). */
typedef struct {
  double best;                  /* NaN: none yet (Keras's None) */
  int wait;                     /* epochs since the last improvement */
  int best_epoch, stopped_epoch; /* from 1; 0: none */
  StateCopy weights;             /* the best epoch's (restore_best_weights) */
} EarlyStop;
typedef struct {
  nnc_model *m;
  const nnc_fit_options *f;
  bool val;                     /* fit has validation data */
  EarlyStop es;
  double plateau_best;          /* ReduceLROnPlateau's best, wait and cooldown counter */
  int plateau_wait, cooldown;
  double ckpt_best;             /* ModelCheckpoint's best */
  FmtOut csv;                   /* CSVLogger's file; csv.path NULL when there is none */
  bool csv_header;              /* write the header before the first row */
  unsigned warned;              /* 1u << CallbackId whose missing monitor was reported */
  TfEvents tb_train, tb_val;    /* TensorBoard's writers; out.f NULL until first used */
  double tb_epoch_start;        /* wall seconds when the epoch began (steps_per_second) */
  int64_t tb_epoch_iterations;  /* the optimizer's iterations then */
} Callbacks;
/* Checks the options and the model (before any training). */
nnc_status keras_callbacks_check(const nnc_model *m, const nnc_fit_options *f, bool val);
nnc_status keras_callbacks_begin(Callbacks *cb, nnc_model *m, const nnc_fit_options *f, bool val);
/* Before epoch `epoch` (from 1); *stop when training should end before it. */
nnc_status keras_callbacks_epoch_begin(Callbacks *cb, int epoch, bool *stop);
/* After an epoch: completes log (learning_rate), runs the callbacks; *stop as above. */
nnc_status keras_callbacks_epoch_end(Callbacks *cb, nnc_epoch_log *log, bool *stop);
/* At the end of training, however it ended: closes files; when training `finished` (all its
 * epochs, or a callback stopped it) EarlyStopping's message and restore, as Keras's
 * on_train_end, which an error or a cancel (KeyboardInterrupt) skips: the model stays as
 * the last step left it. */
void keras_callbacks_end(Callbacks *cb, bool finished);
void keras_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2))); /* on stderr */
/* The logs of an epoch as Keras's callbacks see them before any of them ran: loss, the
 * metrics by key, and with val their val_ twins, sorted by key. */
void keras_logs_of(const nnc_model *m, bool val, const nnc_epoch_log *log, KerasLogs *l);

/* tensorboard.c — the TensorBoard callback (nnc_fit_options.tensorboard), called by
 * callbacks.c: at the start of fit, of each epoch, at its end in the callbacks' order, and
 * at the end of fit (closing the files). */
nnc_status keras_tensorboard_begin(Callbacks *cb);
void keras_tensorboard_epoch_begin(Callbacks *cb);
nnc_status keras_tensorboard_epoch_end(Callbacks *cb, const nnc_epoch_log *log,
                                       const KerasLogs *l);
void keras_tensorboard_end(Callbacks *cb);
/* The value of quantity k in an epoch's log: the field its row of names/monitors.def names. */
double keras_monitored(const nnc_epoch_log *log, nnc_monitor k);

/* metrics.c — compile's metrics as Keras 3 computes them: streaming sums per metric
 * (Metrics, above). */
nnc_metric keras_metric_resolve(const nnc_model *m, nnc_metric k); /* "accuracy" to its kind */
nnc_status keras_metrics_reset(const nnc_model *m, Metrics *ms);  /* zero, sized for m */
/* Adds n samples: pred [n, units], y as the variant's targets. */
void keras_metrics_update(const nnc_model *m, Metrics *ms, const nnc_tensor *pred,
                          const nnc_tensor *y, int64_t n);
/* Each metric's values into ms->values, and its scalar (their mean) into out[nmetrics]. */
void keras_metrics_result(const nnc_model *m, Metrics *ms, double *out);
/* Metric i's count of values: the classes for F1Score/FBetaScore with average None, else 1. */
int64_t keras_metric_length(const nnc_model *m, int i);
void keras_metrics_free(Metrics *ms);
double keras_metric_default_arg(nnc_metric k);
int keras_accuracy_index(const nnc_model *m); /* the first ACCURACY metric, or -1 */


/* table.c — the box table of Keras's summary(), drawn as the rich library draws it. */
enum { TABLE_COLS = 4 };
typedef struct {
  int ncols;
  int width[TABLE_COLS];        /* characters between borders, the padding spaces included */
  bool right[TABLE_COLS];       /* right-aligned */
} Table;
/* Column widths for Keras's positions (fractions of the line, the last 1.0) and a line
 * length; NNC_ERR_ARG when the line is too narrow (Keras: "Insufficient console width"). */
nnc_status keras_table_layout(Table *t, int ncols, const double *positions, int line_length);
/* A border: left corner, fill, joint between columns, right corner (box characters). */
void keras_table_rule(FILE *out, const Table *t, const char *left, const char *fill,
                      const char *joint, const char *right);
/* One row of cells, each wrapped to its column, between `bar`s; a cell shorter than the
 * row sits at its top, or at its bottom when `bottom` (rich's header). */
void keras_table_row(FILE *out, const Table *t, const char *bar, const char *const *text,
                     bool bottom);
/* text wrapped to width as rich's console.print wraps it, each line ended. */
void keras_print_wrapped(FILE *out, const char *text, int width);
/* The terminal's width as Python's shutil finds it: $COLUMNS, stdout's terminal, else 80. */
int keras_terminal_columns(void);

/* summary.c — nnc_model_summary, and the numbers as Keras writes them. */
void keras_commas(char *buf, size_t n, int64_t v);      /* "20,031" */
void keras_bytes(char *buf, size_t n, double bytes);    /* "78.25 KB": readable_memory_size */
/* Keras's Sequential: not made with nnc_model_input, and each layer reads the one before. */
bool keras_sequential(const nnc_model *m);
const char *keras_model_name(const nnc_model *m);       /* the user's, else Keras's default */

/* build_text.c — the files beside an object of nnc build (build.c writes the object): its
 * header NAME.h, the contract, and NAME_io.c, its weight files (keras/weights_io.c.in
 * after a few model-specific lines). Errors show in ferror(f). */
void keras_object_header(FILE *f, const Program *p, bool predict_only);
void keras_object_io(FILE *f, const Program *p);

/* ---------------------------------------------------------------------------------------
 * weights.c and checkpoint.c — the model's tensors by name, as weight files and checkpoints
 * hold them. A checkpoint is a safetensors file of the weights, the optimizer state under
 * the runtime's STATE names, and in "__metadata__" the epoch count and the shuffling RNG
 * (see checkpoint.c). */
typedef struct {
  char name[256];               /* "dense/kernel", "dense/kernel/m", "adam/iteration" */
  nnc_tensor *t;                /* the model's tensor (not owned) */
} TensorRef;
/* The model's weights in nnc_model_save_weights's order, then, when `states`, its optimizer
 * state in the order the runtime created it; *n of them. Free *out with base_free. NNC_ERR_ARG
 * for a name longer than TensorRef holds, NNC_ERR_NOMEM. */
nnc_status keras_model_tensors(nnc_model *m, bool states, const char *fn, TensorRef **out, int *n);
/* Every tensor of w present in set with its dtype and shape, and nothing else in set; the
 * message names path and the tensor ("... is not a WHAT of this model" for an extra one). */
nnc_status keras_check_tensors(const char *path, const StSet *set, const TensorRef *w, int n,
                            const char *what);
/* Copies set's tensors into w's (checked by keras_check_tensors first). */
void keras_copy_tensors(const StSet *set, const TensorRef *w, int n);
/* The model's weights from set, all checked (keras_check_tensors, naming path) before any is
 * copied; fn names the API call in errors. */
nnc_status keras_set_weights(nnc_model *m, const StSet *set, const char *path, const char *fn);
/* Writes keras_model_tensors's list to a safetensors file at path, with the metadata JSON
 * meta. */
nnc_status keras_save_tensors(nnc_model *m, bool states, const char *fn, const char *path,
                              const char *meta);

/* keras_archive.c — load_weights of a .keras archive: its model.weights.h5 as keras_h5_load
 * reads it, messages naming ARCHIVE[model.weights.h5]. */
nnc_status keras_archive_load_weights(nnc_model *m, const char *fn, const char *path,
                                      bool skip_mismatch);

/* h5weights.c — the weights in Keras 3's .weights.h5 layout (fn names the API call). */
nnc_status keras_h5_save(nnc_model *m, const char *fn, const char *path);
/* Every weight checked, then loaded; with skip_mismatch as skip_mismatch.c loads them. */
nnc_status keras_h5_load(nnc_model *m, const char *fn, const char *path, bool skip_mismatch);
/* The bytes keras_h5_save would write, in *image (base_free), named path in messages. */
nnc_status keras_h5_image(nnc_model *m, const char *fn, const char *path, void **image,
                          size_t *size);

/* skip_mismatch.c — load_weights(skip_mismatch=True) of Keras 3's .weights.h5 layout. */
typedef struct {
  const Layer *l;
  const char *group;            /* "layers/dense_1/vars": its datasets are "<group>/0", ... */
  const TensorRef *w;           /* its used weights in the file's order, named by their paths */
  int n;
} H5Layer;
/* Loads into each of the n layers the variables of set (read from path) that fit, as
 * Keras's load_weights(skip_mismatch=True) does, and warns with Keras's text about the
 * layers that did not load. NNC_ERR_TYPE (a dataset of another dtype) or NNC_ERR_CORRUPT (a
 * layer's datasets not numbered 0, 1, ...) before anything changes; NNC_ERR_NOMEM. */
nnc_status keras_skip_mismatch_load(const nnc_model *m, const char *path, const StSet *set,
                                    const H5Layer *layers, int n);

/* optimizer_vars.c — the optimizer's variables in Keras 3's order (optimizer.variables), as
 * a .keras archive holds them under "optimizer/vars/<i>". */
typedef enum { OV_ITERATION, OV_LEARNING_RATE, OV_SLOT, OV_SHARED } OptVarRole;
typedef struct {
  OptVarRole role;
  char state[256];              /* the training step's STATE holding it ("dense/kernel/m",
                                   "nadam/u_product"); OV_ITERATION: m->opt.iterations */
  char path[320];               /* Keras's variable.path: "adam/sequential_dense_kernel_momentum"
                                   (the optimizer's default name; "variable" for Nadam's
                                   u_product, which Keras makes outside the optimizer's scope) */
  nnc_dtype dtype;              /* Keras's: int32 for the iteration, else the weight's */
  int rank;
  int64_t shape[RT_MAX_RANK];
  double fill;                  /* its value before the first step (and the rate's value) */
} OptVar;
/* The compiled model's optimizer variables (none for a model not compiled; the iteration and
 * the rate only while the optimizer is not built); free *out with base_free. NNC_ERR_ARG for
 * a name too long, NNC_ERR_NOMEM. */
nnc_status keras_opt_vars(nnc_model *m, const char *fn, OptVar **out, int *n);
/* A new tensor holding v's current value (its fill while its STATE does not exist). */
nnc_status keras_opt_var_value(const nnc_model *m, const OptVar *v, nnc_tensor **out);
/* A compiled m's optimizer variables read from "optimizer/vars/" of the .weights.h5 file at
 * h5path and checked, to be assigned by keras_opt_vars_done once the rest of the file is
 * checked: another count (none in a file without them) is warned about now, naming the
 * optimizer `name`, and loads nothing. Errors as keras_opt_vars_load's (l is then empty);
 * nothing for a model not compiled. */
typedef struct {
  OptVar *v;                    /* owned: the model's variables, n of them */
  int n;
  StSet *set;                   /* owned: the file's, or NULL */
} OptLoad;
nnc_status keras_opt_vars_read(nnc_model *m, const char *fn, const char *h5path,
                               const char *where, const char *name, OptLoad *l);
/* With apply, assigns l's variables when their count is the model's (the iteration with the
 * running powers and the rate, each slot); frees l in every case. */
void keras_opt_vars_done(nnc_model *m, OptLoad *l, bool apply);
/* Keras's optimizer.set_weights (a legacy .h5 file's optimizer_weights): assigns values[i]
 * to v[i] for i below both counts, in order, and stops at the first of another shape,
 * returning its index (those before it stay assigned, as in Keras), else -1. */
int keras_opt_set_weights(nnc_model *m, const OptVar *v, int nv, const nnc_tensor *const *values,
                          int n);
/* Restores a compiled m's optimizer variables from "optimizer/vars/" of the .weights.h5
 * file at h5path (messages name `where`), as Keras's load_own_variables: another count is
 * warned about (naming the optimizer `name`) and loads nothing; NNC_ERR_SHAPE for a variable
 * of another shape, NNC_ERR_CORRUPT for a missing index or an iteration that is not a count,
 * errors of fmt_h5_read. Marks the optimizer built, as Keras's compile_from_config does. */
nnc_status keras_opt_vars_load(nnc_model *m, const char *h5path, const char *where,
                               const char *name);

/* model_config.c — the architecture as Keras serializes it: Keras 3's config.json (tfjs
 * false) or tfjs's modelTopology, Keras 2's form (tfjs true). *out: cJSON's text, freed
 * with cJSON_free. NNC_ERR_ARG while the input shape is unknown, NNC_ERR_NOMEM. */
nnc_status keras_model_config(const nnc_model *m, bool tfjs, const char *fn, char **out);
/* A new model, its weights built (initial values), from either form; messages name
 * `where`. NNC_ERR_CORRUPT for a config that is not one, or whose weights would need more
 * than max_bytes as float32 (the size of the file that holds them: a config cannot make
 * nnc allocate what the file does not back), NNC_ERR_ARG naming a class nnc does not have
 * (model or layer) or an argument it refuses, NNC_ERR_SHAPE, NNC_ERR_NOMEM. */
nnc_status keras_model_from_config(const char *json, size_t len, const char *where,
                                   uint64_t max_bytes, nnc_model **out);
/* compile_config.c — compile's arguments as Keras 3 serializes them (config.json's
 * "compile_config", a legacy .h5 file's training_config): a new cJSON object, or NULL for a
 * model not compiled, or compiled with what has no such form (a learning-rate schedule, a
 * loss built at the graph level). keras_compile_from_config compiles m from one (Keras's
 * compile_from_config); NNC_ERR_ARG naming `where` and the key for what nnc refuses. */
#define KERAS_VERSION "3.11.3" /* the Keras whose semantics nnc follows (docs/model-files.md) */
struct cJSON *keras_compile_config(const nnc_model *m);
nnc_status keras_compile_from_config(nnc_model *m, const struct cJSON *cc, const char *where);

/* legacy_h5.c — Keras's legacy whole-model .h5 file (model.save("m.h5")): written
 * atomically, with include_optimizer a compiled model's optimizer variables; loaded into a
 * new model with its weights, compiled when the file has a training_config, its optimizer
 * variables restored when it has them. Errors name the file: NNC_ERR_CORRUPT (not a model
 * file, a dataset its optimizer_weights list lacks), those of keras_model_from_config,
 * keras_check_tensors and keras_compile_from_config. */
nnc_status keras_legacy_h5_save(nnc_model *m, const char *fn, const char *path,
                                bool include_optimizer);
nnc_status keras_legacy_h5_load(const char *path, nnc_model **out);

/* Makes sure the optimizer state exists (it is created when a training step is compiled:
 * compiles one for the default batch size when none is). */
nnc_status keras_ensure_states(nnc_model *m, const char *fn);

#endif
