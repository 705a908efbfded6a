/* ir.h — the graph IR: typed values in SSA order, owned by one graph.
 *
 * A Graph is a list of Values. Every value has an op (ops.def), up to three operands that
 * come earlier in the list, a dtype and a static shape (the batch dimension included).
 * All nodes, shapes and strings live in the graph's arena; ir_graph_free frees them all.
 *
 * Builders (build.c) infer the result type as they append. A builder that is given NULL or
 * operands that do not fit records a sticky error in the graph and returns NULL, so a caller
 * may build a whole expression and check g->status once.
 *
 * Sections below follow the .c files that define them.
 */
#ifndef NNC_IR_H
#define NNC_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base.h"
#include "names.h"

typedef enum { DT_F32, DT_F64, DT_I32 } DType; /* same numbering as nnc_dtype */

enum { IR_MAX_RANK = 4, IR_MAX_ARGS = 3 };

typedef struct {
  int rank;                   /* 0 for a scalar */
  int64_t dim[IR_MAX_RANK];   /* dim[0] is the batch dimension where there is one */
} Shape;

enum { /* op flags, ops.def's fourth column */
  OPF_LEAF = 1 << 0,     /* no operands; storage outside the scratch arena (but CONST) */
  OPF_ELEMWISE = 1 << 1, /* result[i] depends only on operands' (broadcast) element i */
  OPF_COMMUTES = 1 << 2, /* f(a,b) == f(b,a) */
  OPF_REDUCE = 1 << 3,   /* reduces over `axes` */
  OPF_EFFECT = 1 << 4,   /* writes memory: never removed, never merged */
  OPF_FLOAT = 1 << 5,    /* defined on float operands only */
};

/* Attributes: the Value fields an op uses (ops.def's fifth column, ATTR(...) bits). The text
 * format writes them in this order: NAME and VALUE bare, the flags as their word alone, the
 * others as word=value; CMP is the op's suffix (cmp.lt), DTYPE and SHAPE are the type. */
typedef enum {
  AT_NAME,        /* name: a leaf's binding, a string literal */
  AT_VALUE,       /* num: a CONST's every element */
  AT_INIT,        /* init: a PARAM's initializer */
  AT_FILL,        /* num: a STATE's initial value */
  AT_EXPONENT,    /* num: POW's exponent, finite */
  AT_SLOPE,       /* num: LEAKY_RELU's slope below zero, finite */
  AT_ALPHA,       /* num: ELU's scale below zero, finite */
  AT_DEPTH,       /* num: ONE_HOT's class count */
  AT_START,       /* num: SLICE's first index along its axis */
  AT_SEED,        /* num: RANDOM_UNIFORM's seed, an integer in [0, 2^53) */
  AT_AXES,        /* axes: the reduced axes */
  AT_KEEPDIMS,    /* keepdims (a flag) */
  AT_TRANS_A,     /* trans_a (a flag) */
  AT_TRANS_B,     /* trans_b (a flag) */
  AT_APPROXIMATE, /* approximate (a flag): GELU's tanh form */
  AT_BF16,        /* bf16 (a flag): MATMUL's operands rounded to bfloat16, f32 sums */
  AT_CMP,         /* cmp: the comparison */
  AT_DTYPE,       /* dtype: given, not inferred from the operands */
  AT_SHAPE,       /* shape: given, not inferred from the operands */
  AT_COUNT
} AttrKind;
#define ATTR(a) (1u << AT_##a)

typedef enum {
#define OP(id, name, arity, flags, attrs, type, reference, vjp, codegen) OP_##id,
#include "ops.def"
#undef OP
  OP_COUNT
} OpKind;

typedef enum { CMP_LT, CMP_LE, CMP_GT, CMP_GE, CMP_EQ, CMP_NE } CmpKind; /* as nnc_cmp */

/* Parameter initializers: the rows of names/initializers.def, numbered as nnc_initializer. */
typedef enum {
#define INITIALIZER(id, ...) INIT_##id,
#include "initializers.def"
  INIT_COUNT
} InitKind;

typedef struct Value Value;
struct Value {
  int id;                     /* index in Graph.values; operands have smaller ids */
  OpKind op;
  DType dtype;
  Shape shape;
  int nargs;
  Value *args[IR_MAX_ARGS];
  /* attributes; which ones matter depends on op */
  double num;                 /* CONST fill, POW exponent, LEAKY_RELU slope, ELU alpha, STATE fill,
                                 ONE_HOT depth, SLICE start, RANDOM_UNIFORM seed */
  unsigned axes;              /* SUM/MEAN: bit i set = reduce axis i; CONCAT/SLICE: the one axis */
  bool keepdims;              /* SUM/MEAN */
  bool trans_a, trans_b;      /* MATMUL: use the operand transposed */
  bool approximate;           /* GELU: the tanh form */
  bool bf16;                  /* MATMUL (f32): operands rounded to bfloat16 (nearest even,
                                 subnormals to 0), products summed in f32 */
  CmpKind cmp;                /* CMP */
  InitKind init;              /* PARAM */
  const char *name;           /* INPUT/PARAM/STATE: binding name (arena), else NULL */
  int64_t offset;             /* scratch byte offset set by pass_plan; -1 = not in scratch */
  int group;                  /* fusion group set by pass_fuse (0 = its own kernel): the
                                 values of one group are contiguous and run as one kernel */
};

typedef struct Arena Arena;

typedef struct {
  uint32_t magic;             /* BASE_MAGIC_GRAPH while alive (the C API checks it) */
  Value **values;             /* SSA order; owned by the graph */
  int nvalues, cap;
  Value **outputs;            /* what a compiled function writes back, in order */
  int noutputs, outcap;
  int64_t scratch_bytes;      /* set by pass_plan: size of the arena a call needs */
  bool planned;               /* offsets are valid */
  nnc_status status;          /* first error recorded by a builder, else NNC_OK */
  char msg[256];              /* its message */
  Arena *arena;
  const char *fuse_report;    /* pass_fuse's report (arena), NULL before pass_fuse runs */
  bool early_outputs;         /* codegen copies each output to its slot as soon as its value
                                 is made and then calls pool->ready with its index (a
                                 data-parallel step sums gradients while backward runs) */
} Graph;

/* graph.c */
Graph *ir_graph_new(void);                          /* NULL when out of memory */
void ir_graph_free(Graph *g);
void *ir_arena_alloc(Graph *g, size_t n);           /* zeroed, lives as long as g */
const char *ir_strdup(Graph *g, const char *s);
Value *ir_append(Graph *g, const Value *proto);     /* copies proto, sets id; no checks */
nnc_status ir_fail(Graph *g, nnc_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));          /* records g's sticky error */
void ir_output(Graph *g, Value *v);
void ir_replace_uses(Graph *g, Value *from, Value *to);   /* in operands and outputs */
void ir_remove(Graph *g, const bool *dead);         /* drops values, renumbers the rest */
void ir_toposort(Graph *g);                         /* restore operands-first order, stably */
int ir_slots(const Graph *g, Value **slots);        /* leaves (not CONST) in id order, then outputs; returns count */
Value *ir_find(const Graph *g, const char *name);   /* leaf by name, or NULL */
/* A copy of g (values, outputs, plan, fusion report) with its own arena; the original is untouched. */
nnc_status ir_clone(const Graph *g, Graph **out);

/* shape.c — shapes and dtypes */
int64_t ir_numel(Shape s);
bool ir_shape_eq(Shape a, Shape b);
bool ir_broadcast_shape(Shape a, Shape b, Shape *out);  /* numpy rules */
Shape ir_shape(int rank, ...);                      /* ir_shape(2, 32L, 784L): int64_t dims */
size_t ir_dtype_size(DType t);
bool ir_is_float(DType t);
const char *ir_dtype_name(DType t);
const char *ir_cmp_name(CmpKind c);
const char *ir_init_name(InitKind k);

/* ops.c — the op table's columns every module asks about, and the attributes they name.
 * Out-of-range ops answer "?", -1, 0 rather than reading out of bounds. */
const char *ir_op_name(OpKind op);
int ir_op_arity(OpKind op);
unsigned ir_op_flags(OpKind op);
unsigned ir_op_attrs(OpKind op);                    /* ATTR(...) bits */
const char *ir_attr_word(AttrKind a);               /* its word in the text format */
void ir_attrs_copy(Value *dst, const Value *src);   /* the fields of src's op's attributes */
bool ir_attrs_equal(const Value *a, const Value *b);/* same op, same attribute fields */

/* build.c — appending builders; each infers and checks the result type */
Value *ir_build(Graph *g, const Value *proto);      /* generic: op, args and attributes from proto */
/* The result type of v from op, operands and attributes (the type itself for leaves, CAST,
 * RESHAPE, BROADCAST, ONE_HOT); the graph is not consulted; operands must be non-NULL.
 * On failure msg holds "OP: what: expected vs found" (the verifier shares these rules). */
nnc_status ir_infer(const Value *v, DType *dtype, Shape *shape, char *msg, size_t n);
Value *ir_input(Graph *g, const char *name, DType t, Shape s);
Value *ir_param(Graph *g, const char *name, DType t, Shape s, InitKind init);
Value *ir_state(Graph *g, const char *name, DType t, Shape s, double fill);
Value *ir_const(Graph *g, DType t, Shape s, double value);
Value *ir_scalar(Graph *g, DType t, double value);  /* const of shape [] */
/* An elementwise op of one operand whose attributes are absent or flags left unset:
 * NEG EXP LOG SQRT ABS SIGMOID RELU TANH ERF GELU (the exact form) SOFTPLUS MISH. */
Value *ir_unary(Graph *g, OpKind op, Value *x);
Value *ir_pow(Graph *g, Value *x, double exponent);
Value *ir_leaky_relu(Graph *g, Value *x, double slope);
Value *ir_gelu(Graph *g, Value *x, bool approximate);
Value *ir_elu(Graph *g, Value *x, double alpha);
Value *ir_cast(Graph *g, Value *x, DType t);
Value *ir_binary(Graph *g, OpKind op, Value *a, Value *b); /* ADD SUB MUL DIV MAX MIN */
Value *ir_cmp(Graph *g, CmpKind c, Value *a, Value *b);
Value *ir_select(Graph *g, Value *c, Value *a, Value *b);
Value *ir_matmul(Graph *g, Value *a, Value *b, bool trans_a, bool trans_b);
/* The same with the bf16 flag (Keras's mixed_bfloat16 policy) set as given. */
Value *ir_matmul_bf16(Graph *g, Value *a, Value *b, bool trans_a, bool trans_b, bool bf16);
Value *ir_transpose(Graph *g, Value *x);
Value *ir_reduce(Graph *g, OpKind op, Value *x, unsigned axes, bool keepdims); /* SUM MEAN */
Value *ir_softmax(Graph *g, OpKind op, Value *x);   /* SOFTMAX LOG_SOFTMAX */
Value *ir_reshape(Graph *g, Value *x, Shape s);
Value *ir_broadcast(Graph *g, Value *x, Shape s);
Value *ir_one_hot(Graph *g, Value *ids, int64_t depth, DType t);
Value *ir_assign(Graph *g, Value *target, Value *v);
/* a and b joined along `axis` (every other dimension equal). */
Value *ir_concat(Graph *g, Value *a, Value *b, int axis);
/* x[..., start:start+len, ...] along `axis`. */
Value *ir_slice(Graph *g, Value *x, int axis, int64_t start, int64_t len);
/* Uniform numbers in [0, 1) of dtype t and shape s, a function of (seed, *counter, element
 * index) alone: see ir_random_mix. counter: a scalar (the training step). */
Value *ir_random_uniform(Graph *g, Value *counter, uint64_t seed, DType t, Shape s);

/* losses.c — Keras losses as composites of the ops above: mean over the batch, a scalar.
 * A probability loss whose prediction is a sigmoid (softmax) value is rewritten to the
 * stable logits form on that value's operand. */
/* Keras's losses: the rows of names/losses.def, numbered as nnc_loss_kind. */
typedef enum {
#define LOSS(id, short, ...) LOSS_##short,
#include "losses.def"
  LOSS_COUNT
} LossKind;
Value *ir_loss(Graph *g, LossKind k, Value *pred, Value *target, bool from_logits);
/* The same with the loss's other arguments (nnc_loss_defaults' order; NULL: Keras's
 * defaults) and per-sample weights (NULL: none): mean over the batch of loss_i * w_i. */
Value *ir_loss_with(Graph *g, LossKind k, Value *pred, Value *target, bool from_logits,
                    const double *args, Value *sample_weight);
void ir_loss_defaults(LossKind k, double *args); /* Keras's; 0s for an unknown kind */
/* Whether k's args are ones Keras accepts and nnc can do for a prediction of `rank` axes
 * (an axis must be the last); if not, msg (n bytes) names the argument and why. */
bool ir_loss_args_ok(LossKind k, const double *args, int rank, char *msg, size_t n);
/* The loss's LOSS_CLASS_AXIS / LOSS_CLASS_IDS flags (names.h); 0 for an unknown kind. */
unsigned ir_loss_flags(LossKind k);

/* RANDOM_UNIFORM's generator, shared by the reference and codegen so the JIT and ahead-of-time
 * code draw the same numbers: SplitMix64's output function (Steele, Lea and Flood, 2014) of
 * the counter (step << 32 | element index), keyed by the mixed seed. Element i of step k is
 * ir_random_mix(ir_random_mix(seed + IR_RANDOM_GAMMA) + ((k << 32 | i) + 1) * IR_RANDOM_GAMMA);
 * an f32 takes its top 24 bits (times 2^-24), an f64 its top 53 (times 2^-53). */
#define IR_RANDOM_GAMMA 0x9E3779B97F4A7C15ull
#define IR_RANDOM_M1 0xBF58476D1CE4E5B9ull
#define IR_RANDOM_M2 0x94D049BB133111EBull
static inline uint64_t ir_random_mix(uint64_t z) {
  z = (z ^ (z >> 30)) * IR_RANDOM_M1;
  z = (z ^ (z >> 27)) * IR_RANDOM_M2;
  return z ^ (z >> 31);
}

/* print.c — the text format: one value per line, parse(print(g)) prints identically; a
 * planned graph starts with `scratch BYTES` and shows each buffer's `offset=` */
char *ir_print(const Graph *g);                     /* base_free the result; NULL when out of memory */
void ir_dump(const Graph *g, FILE *f);
void ir_print_type(char *buf, size_t n, DType t, Shape s); /* "f32[32,784]" */

/* dot.c — the graph as a Graphviz picture (DOT) written to f: the forward pass apart from
 * the backward pass and the update, leaves by kind, shapes on edges, each fused kernel a
 * cluster, the loss, the outputs and the gradients marked. NNC_ERR_IO when f fails. */
typedef struct {
  const char *title;            /* the picture's caption, or NULL */
  int loss;                     /* the loss's index in g->outputs; -1: none */
  int ngrads;                   /* value grad_ids[i] is d loss / d value wrt_ids[i] (autodiff's */
  const int *grad_ids, *wrt_ids; /* result, which is no output), labelled with wrt's name */
} IrDotOptions;
nnc_status ir_dot(const Graph *g, const IrDotOptions *o, FILE *f);

/* parse.c */
nnc_status ir_parse(const char *text, const char *filename, Graph **out);

/* verify.c — every invariant; the message names the value that broke it (NNC_ERR_INTERNAL),
 * or NNC_ERR_NOMEM when its table of leaf names cannot be allocated */
nnc_status ir_verify(const Graph *g);

/* eval.c — plain C reference semantics, in f64 whatever the dtype. vals[i] points to
 * ir_numel(values[i]->shape) doubles; leaves must be filled; ASSIGN writes its target. */
nnc_status ir_eval(const Graph *g, double *const *vals);
/* x (an f32 value) rounded to bfloat16 as AVX512-BF16's vcvtne2ps2bf16 does: to nearest even,
 * subnormals to zero of the same sign, NaN stays NaN. What a bf16 matmul's operands become. */
double ir_bf16_round(double x);
/* One element of elementwise value v from its operands' elements x[0..nargs), in f64, as
 * ir_eval computes it before truncating an i32 result: the constant folder's semantics. */
double ir_eval_elem(const Value *v, const double *x);

/* program.c — what an object file of nnc build holds: exported functions that each run a
 * planned graph on one caller-owned block of memory (the state), how the block starts, and
 * the named tensors in it. Plain data: keras/ describes a model with it, codegen/ emits it
 * (codegen/object.c), ir_program_verify checks that everything fits.
 *
 * How a region of the state starts: the regions are filled in list order, and the random
 * ones draw from one xoshiro256** stream seeded with NAME_init's seed, with the draws of
 * runtime/rng.c computed in the region's dtype (so nnc's C initializers and the object give
 * the same bits):
 *   FILL_CONST    every element a
 *   FILL_UNIFORM  a*u - b, u uniform in [0, 1) (rt_rng_uniform_f32, or 53 bits for f64)
 *   FILL_NORMAL   a*z, z a standard normal redrawn while |z| > b (rt_rng_normal_f32/_f64)
 *   FILL_SELECT   a [rows, cols] matrix of zeros with ones at (r, col0 + r) */
typedef enum { FILL_CONST, FILL_UNIFORM, FILL_NORMAL, FILL_SELECT } FillKind;
typedef struct {
  FillKind kind;
  DType dtype;
  int64_t offset;               /* bytes into the state */
  Shape shape;                  /* the region's elements; FILL_SELECT: [rows, cols] */
  double a, b;
  int64_t col0;                 /* FILL_SELECT */
} Fill;

/* Where a graph's slot points: into the state, or at the function's x or y argument. */
typedef enum { BIND_STATE, BIND_X, BIND_Y } BindKind;
typedef struct {
  BindKind kind;
  int64_t offset;               /* BIND_STATE: bytes into the state */
} Binding;

/* The exported functions (T is the program's dtype):
 *   ENTRY_TRAIN    T PREFIX_train_step(void *state, const T *x, const T *y): one batch of x
 *                  [batch, in] and y [batch, ylen]; returns the scalar of slot `loss`.
 *   ENTRY_PREDICT  void PREFIX_predict(void *state, const T *x, T *y, size_t n): n rows, a
 *                  batch at a time; a last partial batch goes through x_stage and y_stage,
 *                  one batch of x and of y in the state (they may lie in the scratch
 *                  arena, past the bytes this graph uses: the entries never run at once).
 * Each runs its graph with these slot bindings and its scratch at state + scratch. */
typedef enum { ENTRY_TRAIN, ENTRY_PREDICT } EntryKind;
typedef struct {
  EntryKind kind;
  const char *fn;               /* the graph's function in the object (not exported) */
  const Graph *g;               /* planned; not owned */
  Binding *slots;               /* [ir_slots(g)]: leaves, then outputs */
  int64_t scratch;              /* bytes into the state; 64-aligned */
  int loss;                     /* ENTRY_TRAIN: the slot of the loss */
  int64_t x_stage, y_stage;     /* ENTRY_PREDICT: bytes into the state */
} Entry;

/* A tensor in the state that PREFIX_param_name and PREFIX_param show. */
typedef struct {
  const char *name;             /* "dense/kernel" */
  Shape shape;
  int64_t offset;               /* bytes into the state */
} Named;

typedef struct {
  const char *prefix;           /* a C identifier: PREFIX_init, PREFIX_train_step, ... */
  DType dtype;                  /* of x, y, the loss and every named tensor */
  int64_t batch, in, out, ylen; /* rows per call; elements per row of x, prediction, target */
  int64_t state_bytes;          /* the block's size; the block is 64-aligned */
  int nentries, nfills, nnamed;
  Entry *entries;
  Fill *fills;
  Named *named;
} Program;

/* NNC_ERR_ARG naming the first thing that does not fit: an offset or region outside the
 * state, a misaligned one, a slot whose binding does not match its leaf (x and y by name,
 * with the program's row sizes), a prefix that is not a C identifier. */
nnc_status ir_program_verify(const Program *p);

/* vjp.c — each op's vector-Jacobian product as IR: given the adjoint dy of v, appends the
 * values of the adjoints of v's operands and stores them in dargs (NULL: no gradient flows).
 * NNC_ERR_ARG, naming the op, when its row in ops.def has no VJP (ir_has_vjp is false). */
bool ir_has_vjp(OpKind op);
nnc_status ir_vjp(Graph *g, Value *v, Value *dy, Value *dargs[IR_MAX_ARGS]);

#endif
