/* runtime.h — the runtime behind nnc.h: tensors, random numbers, initializers, .npy files,
 * the Keras-level model (build, fit, evaluate, predict) and the graph-level API.
 *
 * The runtime sits on top of ir/, passes/ and codegen/: it builds graphs with the ir_
 * builders, runs the pass pipelines, JIT-compiles with cg_jit_compile and calls the result
 * on buffers it owns. It never walks the IR beyond binding a compiled function's slots by
 * leaf name. Sections below follow the .c files that define them.
 */
#ifndef NNC_RUNTIME_H
#define NNC_RUNTIME_H

#include <stdbool.h>
#include <stdint.h>

#include "codegen.h"
#include "ir.h"
#include "nnc.h"
#include "passes.h"

/* tensor.c — a dense, C-ordered tensor whose data is 64-byte aligned. */
struct nnc_tensor {
  nnc_dtype dtype;
  int rank;                     /* 0..4 */
  int64_t shape[IR_MAX_RANK];   /* dims beyond rank are 1 */
  int64_t numel;                /* product of shape */
  void *raw;                    /* what ir_malloc returned (owned) */
  void *data;                   /* raw rounded up to 64 bytes; numel elements */
};

size_t rt_dtype_size(nnc_dtype t);   /* 0 for a dtype out of range */
const char *rt_dtype_name(nnc_dtype t); /* "f32", "f64", "i32", "?" */
bool rt_dtype_ok(nnc_dtype t);
/* Like nnc_tensor_new but leaves the data uninitialised. */
nnc_status rt_tensor_alloc(nnc_dtype dtype, int rank, const int64_t *shape, nnc_tensor **out);
nnc_status rt_tensor_copy(const nnc_tensor *t, nnc_tensor **out);
/* Element i as a double, and back (I32 truncates toward zero). */
double rt_tensor_get(const nnc_tensor *t, int64_t i);
void rt_tensor_set(nnc_tensor *t, int64_t i, double v);
/* Converts n elements between dtypes (F32, F64, I32). */
void rt_convert(void *dst, nnc_dtype dt, const void *src, nnc_dtype st, int64_t n);

/* rng.c — xoshiro256** seeded through splitmix64: the same seed gives the same numbers on
 * every machine and run. */
typedef struct { uint64_t s[4]; } Rng;
void rt_rng_seed(Rng *r, uint64_t seed);
uint64_t rt_rng_next(Rng *r);
double rt_rng_uniform(Rng *r);                     /* [0, 1), 53 random bits */
double rt_rng_range(Rng *r, double lo, double hi); /* [lo, hi) */
uint64_t rt_rng_below(Rng *r, uint64_t n);         /* uniform in [0, n), unbiased; 0 when n == 0 */
double rt_rng_normal(Rng *r);                      /* standard normal (Box-Muller) */
/* Normal(mean, std) redrawn while it falls more than 2 std from the mean (Keras). */
double rt_rng_truncated_normal(Rng *r, double mean, double std);
void rt_rng_shuffle(Rng *r, int64_t *idx, int64_t n); /* Fisher-Yates */

/* init.c — Keras's initializers; fans as Keras computes them. */
void rt_fans(const nnc_tensor *t, double *fan_in, double *fan_out);
nnc_status rt_init_fill(nnc_tensor *t, nnc_initializer k, Rng *r);

/* npy.c — NumPy .npy files, versions 1 to 3, little-endian f4/f8/u1/i4/i8, C order. */
nnc_status rt_npy_load(const char *path, nnc_dtype want, nnc_tensor **out);
nnc_status rt_npy_save(const nnc_tensor *t, const char *path);

/* model.c — the model, its layers and its compiled variants.
 *
 * The layers form a DAG of LayerNodes in creation order (a node's inputs are earlier nodes,
 * so the order is topological and cycles cannot be built). Layers with weights (Dense) are
 * also listed in `layers`, in creation order: layers[i] is "the i-th layer that has
 * weights", whose kernel and bias nnc_model_kernel/bias return and weights.c saves. */
typedef struct {
  nnc_dense_options opt;        /* as given; opt.name points at name */
  char *name;                   /* owned copy: "dense", "dense_1", ... or the user's */
  int64_t in;                   /* inputs, known once the model's input is */
  nnc_tensor *kernel, *bias;    /* owned; [in, units] and [units]; NULL before init */
} Layer;

typedef enum { LK_INPUT, LK_DENSE, LK_ACTIVATION, LK_ADD, LK_CONCAT } LayerKind;

typedef struct {
  LayerKind kind;
  char *name;                   /* owned: "input_layer", "dense", "add_1", ... or the user's */
  int ninputs;
  int *inputs;                  /* owned; ids of earlier nodes (none for LK_INPUT) */
  int64_t width;                /* features of one sample's output; 0 while unknown */
  int dense;                    /* LK_DENSE: index into nnc_model.layers */
  nnc_activation act;           /* LK_ACTIVATION */
  double alpha;                 /* LK_ACTIVATION: leaky_relu's slope */
} LayerNode;

typedef enum { VAR_TRAIN, VAR_EVAL, VAR_PREDICT } VariantKind;

typedef struct {
  char *name;                   /* owned */
  nnc_tensor *t;                /* owned */
} NamedTensor;

/* One compiled function of the model for one batch size. */
typedef struct {
  VariantKind kind;
  int64_t batch;
  CgEntry fn;
  int nslots;
  void **slots;                 /* owned array; points into the buffers below and the model */
  nnc_tensor *x, *y;            /* [batch, in] and the target batch (y absent for PREDICT) */
  nnc_tensor *loss, *pred;      /* scalar and [batch, units] (loss absent for PREDICT) */
  int64_t scratch_bytes;
  double compile_ms;            /* graph building, passes and JIT */
} Variant;

struct nnc_model {
  int nlayers, caplayers;
  Layer *layers;                /* owned; the Dense layers, in creation order */
  int nnodes, capnodes;
  LayerNode *nodes;             /* owned; every layer, the input included, in creation order */
  int input;                    /* the input node's id, -1 before there is one */
  int output;                   /* the output node's id; -1: the last node */
  int64_t features;             /* 0 until known */
  bool compiled;                /* nnc_model_compile succeeded */
  bool built;                   /* weights exist */
  nnc_compile_options copt;
  uint64_t seed;
  Rng shuffle_rng;              /* seeded at set_seed; advances with each shuffle */
  int nvariants, capvariants;
  Variant **variants;           /* owned */
  int nstates, capstates;
  NamedTensor *states;          /* optimizer state by leaf name, shared by variants */
  void *scratch_raw;            /* owned; scratch is it rounded up to 64 bytes */
  void *scratch;
  int64_t scratch_cap;
  CgJit *jit;                   /* owned; created on the first compile */
  double train_compile_ms;      /* of the first training-step variant */
  int nselects, capselects;
  NamedTensor *selects;         /* constant 0/1 matrices that join concatenated parts */
  int epoch;                    /* epochs trained: fit's last finished epoch, or a checkpoint's */
};

int64_t rt_out_units(const nnc_model *m);           /* width of the output layer */
bool rt_sparse(const nnc_model *m);
/* Initialises the weights for `features` inputs (once) and compiles nothing. */
nnc_status rt_model_build(nnc_model *m, int64_t features);

/* layers.c — the layer graph: the node builders of nnc.h, names, shapes, layer info. */
int rt_output_node(const nnc_model *m);             /* -1 when there are no nodes */
/* Infers every node's width from the input's; NNC_ERR_SHAPE when shapes do not fit. */
nnc_status rt_infer_widths(nnc_model *m, const char *fn);
/* Checks the graph can be compiled: an output that is a layer, one input, every node
 * leading to the output, at least one Dense layer. */
nnc_status rt_check_graph(const nnc_model *m, const char *fn);
void rt_nodes_free(nnc_model *m);
/* The compiled variant for (kind, batch), compiling and caching it on first use. */
nnc_status rt_variant_get(nnc_model *m, VariantKind kind, int64_t batch, Variant **out);
void rt_variant_run(nnc_model *m, Variant *v);
double rt_variant_loss(const Variant *v);

/* fit.c — training, evaluation and prediction loops. */
/* Copies rows idx[0..n) (or rows start.. when idx is NULL) of x into v->x and of y into
 * v->y (converted to the compiled dtype; class ids flattened). */
void rt_gather(const nnc_model *m, Variant *v, const nnc_tensor *x, const nnc_tensor *y,
               const int64_t *idx, int64_t start, int64_t n);
/* Checks x (and y when not NULL) against the model: dtype, rank, features, sample counts. */
nnc_status rt_check_data(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y, const char *fn);

/* metrics.c — accuracy counts as Keras's "accuracy" metric chooses them. */
typedef enum { ACC_BINARY, ACC_CATEGORICAL, ACC_SPARSE } AccuracyKind;
AccuracyKind rt_accuracy_kind(const nnc_model *m);
/* Correct predictions among n samples; binary counts every element (out of n*units). */
int64_t rt_accuracy_count(const nnc_model *m, const nnc_tensor *pred, const nnc_tensor *y,
                          int64_t n);
int64_t rt_accuracy_total(const nnc_model *m, int64_t n); /* the denominator */

/* api_graph.c — the graph level of nnc.h. nnc_graph and nnc_value are Graph and Value
 * (pointer casts); struct nnc_function, private to the file, holds the compiled copy of the
 * graph, its code and scratch, and the map from compiled slots to the caller's arguments. */

/* ---------------------------------------------------------------------------------------
 * Data and weight files beyond .npy: datafile.c, csv.c, idx.c, safetensors.c, weights.c.
 * The public readers (nnc_tensor_load_csv, nnc_tensor_load_idx) and the model's
 * save/load_weights are declared in nnc.h. */

/* threads.c — the process's thread pool (nnc_set_threads) for compiled functions. */
CgPool *rt_threads_pool(void);

/* datafile.c — files opened safely; a whole file in memory, plain or gzip (zlib recognises
 * the 1f 8b magic), or read in steps. */
typedef struct {
  unsigned char *data;          /* owned (rt_file_bytes_free); len bytes and a NUL after them */
  size_t len;                   /* bytes after decompression */
  bool gz;                      /* the file was gzip-compressed */
} FileBytes;
/* Opens path for reading if it is a regular file (*size: its size). A directory, FIFO,
 * device or socket is refused with NNC_ERR_IO naming what it is, without blocking; so is a
 * missing or unreadable file. size may be NULL. The caller fcloses *f. */
nnc_status rt_file_open(const char *path, FILE **f, size_t *size);
/* Fails with NNC_ERR_IO (missing, not a regular file, unreadable), NNC_ERR_CORRUPT (a bad
 * gzip stream) or NNC_ERR_NOMEM; *out is empty then. */
nnc_status rt_read_all(const char *path, FileBytes *out);
void rt_file_bytes_free(FileBytes *fb);
/* A file read in steps: rt_stream_fill(d, n) reads until fb.len >= n or the stream ends,
 * allocating no more than n + 1 bytes; the errors are rt_read_all's. Close it in any case. */
typedef struct {
  const char *path;
  struct gzFile_s *gz;          /* zlib's gzFile; owned */
  size_t size;                  /* bytes on disk */
  size_t cap;                   /* bytes allocated for fb.data */
  bool end;                     /* the stream has no more bytes */
  FileBytes fb;                 /* what has been read so far; owned */
} DataStream;
nnc_status rt_stream_open(const char *path, DataStream *d);
nnc_status rt_stream_fill(DataStream *d, size_t n);
/* The most bytes the stream can hold: the size of a plain file, deflate's largest expansion
 * of a gzip one (known after the first fill). */
size_t rt_stream_max(const DataStream *d);
void rt_stream_close(DataStream *d);
/* nnc_tensor_load's dispatch: true for .csv, .csv.gz, .idx, .idx.gz, -ubyte and -ubyte.gz
 * names, which rt_data_load reads (CSV header auto-detected, IDX unscaled). */
bool rt_data_claims(const char *path);
nnc_status rt_data_load(const char *path, nnc_dtype want, nnc_tensor **out);

/* safetensors.c — named tensors behind a JSON header (see the file for the checks). */
typedef struct {
  char *name;                   /* owned */
  nnc_tensor *t;                /* owned */
} StTensor;
typedef struct {
  int n;
  StTensor *tensors;            /* owned; n of them, in the order of their data in the file */
  int nmeta;
  char **meta_keys, **meta_values; /* owned; the "__metadata__" pairs in header order */
} StSet;
/* Writes n tensors under unique names (not "__metadata__"), in that order, and the
 * metadata (NULL, or a JSON object of string values), atomically: PATH.tmp.PID is written,
 * fsync'ed and renamed over path; on failure path is untouched. NNC_ERR_ARG for bad
 * arguments, NNC_ERR_IO when writing fails, NNC_ERR_NOMEM. */
nnc_status rt_st_write(const char *path, int n, const char *const *names,
                       const nnc_tensor *const *tensors, const char *metadata_json);
/* Reads a whole file into a new set (free with rt_st_free), or fails having allocated no
 * tensor: NNC_ERR_IO, NNC_ERR_CORRUPT, NNC_ERR_TYPE (an unsupported dtype such as F16),
 * NNC_ERR_SHAPE (rank above 4), NNC_ERR_NOMEM. *out is NULL on failure. */
nnc_status rt_st_read(const char *path, StSet **out);
void rt_st_free(StSet *s);
nnc_tensor *rt_st_get(const StSet *s, const char *name); /* owned by s; NULL when absent */
const char *rt_st_meta(const StSet *s, const char *key); /* owned by s; NULL when absent */

/* ---------------------------------------------------------------------------------------
 * progress.c — Keras's progress display for fit, fed from nnc_fit_options.on_batch and
 * on_epoch: a bar redrawn in place on a terminal, one line per epoch elsewhere. */
typedef struct {
  FILE *out;                    /* not owned */
  bool tty;                     /* redraw one line in place, with escape codes */
  int64_t steps;                /* steps of the current epoch, from its batches */
  double last_draw;             /* seconds into the epoch of the last redraw; -1: none yet */
} RtProgress;
void rt_progress_init(RtProgress *p, FILE *out, bool tty);
void rt_progress_batch(RtProgress *p, const nnc_batch_log *b);
void rt_progress_epoch(RtProgress *p, const nnc_epoch_log *e, int epochs);

/* ---------------------------------------------------------------------------------------
 * weights.c and checkpoint.c — the model's tensors by name, as weight files and checkpoints
 * hold them. A checkpoint is a safetensors file of the weights, the optimizer state under
 * the runtime's STATE names, and in "__metadata__" the epoch count and the shuffling RNG
 * (see checkpoint.c). */
typedef struct {
  char name[256];               /* "dense/kernel", "dense/kernel/m", "adam/beta_1_power" */
  nnc_tensor *t;                /* the model's tensor (not owned) */
} RtNamed;
/* The model's weights in nnc_model_save_weights's order, then, when `states`, its optimizer
 * state in the order the runtime created it; *n of them. Free *out with ir_free. NNC_ERR_ARG
 * for a name longer than RtNamed holds, NNC_ERR_NOMEM. */
nnc_status rt_model_tensors(nnc_model *m, bool states, const char *fn, RtNamed **out, int *n);
/* Every tensor of w present in set with its dtype and shape, and nothing else in set; the
 * message names path and the tensor ("... is not a WHAT of this model" for an extra one). */
nnc_status rt_check_tensors(const char *path, const StSet *set, const RtNamed *w, int n,
                            const char *what);
/* Copies set's tensors into w's (checked by rt_check_tensors first). */
void rt_copy_tensors(const StSet *set, const RtNamed *w, int n);
/* Makes sure the optimizer state exists (it is created when a training step is compiled:
 * compiles one for the default batch size when none is). */
nnc_status rt_ensure_states(nnc_model *m, const char *fn);

#endif
