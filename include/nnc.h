/* nnc.h — the public C API of nnc, a tensor graph compiler with automatic differentiation.
 *
 * Two levels share this header.
 *
 * The Keras level trains a graph of layers (Dense, Activation, Add, Concatenate; see
 * nnc_model_input for the functional form); a stack of Dense layers reads:
 *
 *     nnc_model *m;
 *     nnc_model_new(&m);
 *     nnc_model_add_input(m, 784);
 *     nnc_dense_options d = nnc_dense(25, NNC_ACT_SIGMOID);
 *     nnc_model_add_dense(m, &d);
 *     d = nnc_dense(15, NNC_ACT_SIGMOID); nnc_model_add_dense(m, &d);
 *     d = nnc_dense(1, NNC_ACT_SIGMOID);  nnc_model_add_dense(m, &d);
 *     nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
 *     c.optimizer = nnc_adam();
 *     if (nnc_model_compile(m, &c) != NNC_OK) fprintf(stderr, "%s\n", nnc_last_error());
 *     nnc_fit_options f = nnc_fit_defaults();
 *     f.epochs = 100;
 *     nnc_model_fit(m, x, y, &f);                 // x: f32[n,784], y: f32[n,1]
 *     nnc_model_free(m);
 *
 * The graph level builds values and ops, asks for gradients and JIT-compiles a graph into a
 * function called on caller-owned buffers:
 *
 *     nnc_graph *g; nnc_graph_new(&g);
 *     int64_t xs[2] = {4, 3}, ws[2] = {3, 2};
 *     nnc_value *x = nnc_input(g, "x", NNC_F64, 2, xs);
 *     nnc_value *w = nnc_param(g, "w", NNC_F64, 2, ws, NNC_INIT_GLOROT_UNIFORM);
 *     nnc_value *loss = nnc_mean(g, nnc_sigmoid(g, nnc_matmul(g, x, w)), ~0u, 0);
 *     nnc_value *dw;
 *     nnc_grad(g, loss, 1, &w, &dw);              // appends the backward pass
 *     nnc_value *outs[2] = {loss, dw};
 *     nnc_function *f; nnc_jit(g, 2, outs, &f);   // arguments: x, w, then loss, dw
 *     void *args[4] = {xbuf, wbuf, &lossbuf, dwbuf};
 *     nnc_function_call(f, args);
 *     nnc_function_free(f); nnc_graph_free(g);
 *
 * Conventions: every fallible call returns nnc_status and, when it is not NNC_OK, leaves a
 * one-line message that nnc_last_error() returns. Graph builders return NULL instead and
 * record a sticky error in the graph (NULL in gives NULL out), so a whole expression can be
 * built and checked once with nnc_graph_status(). The caller owns what it passes in;
 * every nnc_X_new has an nnc_X_free, which accepts NULL.
 *
 * Threads (docs/c-api.md; tests/threads/rules.c checks each rule under ThreadSanitizer):
 * - safe from any thread at any time: nnc_version, nnc_version_number, nnc_status_name,
 *   nnc_last_error (per thread: the last failure on this thread), the name lookups, the
 *   _defaults() functions, nnc_init, nnc_shutdown, nnc_set_threads, nnc_threads,
 *   nnc_set_compile_cache; and nnc_cancel and nnc_model_cancel, from a signal handler too;
 * - set before other threads use nnc: nnc_set_allocator, nnc_set_log;
 *   a context's settings, before its objects are used;
 * - an nnc_model: one thread at a time, enforced. Each nnc_model_* call takes the model's
 *   try-lock: a call from a second thread while one runs returns NNC_ERR_BUSY at once and
 *   changes nothing (nnc_model_free of a busy model frees nothing). The thread in a call (a
 *   fit's callbacks) may call into the model again. The tensors a model hands out
 *   (nnc_model_kernel, nnc_model_weight) are part of it;
 * - an nnc_function: any number of threads at once (nnc_function_call, _checked, the
 *   argument queries), but for a training step (nnc_train_step), whose calls run one at a
 *   time (NNC_ERR_BUSY while another thread's runs);
 * - an nnc_graph, an nnc_tensor: one thread at a time, unchecked;
 * - different objects are independent: use them from as many threads as you like.
 */
#ifndef NNC_H
#define NNC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(NNC_BUILDING)
#define NNC_API __attribute__((visibility("default")))
#else
#define NNC_API
#endif

#include "nnc_version.h" /* NNC_VERSION_MAJOR, _MINOR, _PATCH, NNC_VERSION, NNC_VERSION_NUMBER */

/* ---------------------------------------------------------------------------------------
 * Versions (docs/c-api.md). The library's soname carries the major version (libnnc.so.1);
 * within one major version a symbol is never removed and a struct only grows at its end.
 * These give the version of the library loaded, which may be newer than the header's. */
/* "MAJOR.MINOR.PATCH", static; never NULL. Safe from any thread. */
NNC_API const char *nnc_version(void);
/* MAJOR * 10000 + MINOR * 100 + PATCH, as NNC_VERSION_NUMBER. Safe from any thread. */
NNC_API int nnc_version_number(void);

typedef enum nnc_status {
  NNC_OK = 0,
  NNC_ERR_ARG,      /* a bad argument: NULL, negative size, wrong order of calls */
  NNC_ERR_SYNTAX,   /* text that does not parse */
  NNC_ERR_SHAPE,    /* shapes that do not fit */
  NNC_ERR_TYPE,     /* dtypes that do not fit */
  NNC_ERR_IO,       /* a file that cannot be read or written */
  NNC_ERR_NOMEM,    /* an allocation failed */
  NNC_ERR_CORRUPT,  /* a file whose contents are malformed */
  NNC_ERR_JIT,      /* LLVM refused to compile */
  NNC_ERR_NUMERIC,  /* training produced NaN or Inf */
  NNC_ERR_INTERNAL, /* a bug in nnc: please report it */
  NNC_ERR_CANCELLED, /* stopped by nnc_cancel, nnc_model_cancel or a fit callback */
  NNC_ERR_BUSY,     /* the object is in use by another thread (one thread at a time) */
} nnc_status;

/* The message of the last failed call on this thread; never NULL, valid until the next call. */
NNC_API const char *nnc_last_error(void);
/* "NNC_ERR_SHAPE" and so on; never NULL. */
NNC_API const char *nnc_status_name(nnc_status s);

/* Allocation hook: every allocation nnc makes for the default context's objects goes through
 * these (a context may have its own: nnc_context_options). NULL restores malloc. A block
 * of the default context is freed by the hook set when it is freed: change the hook only
 * while nnc holds none of the old one's memory, or make the new free take the old blocks. */
typedef struct nnc_allocator {
  void *(*realloc)(void *user, void *ptr, size_t size); /* size 0 never passed */
  void (*free)(void *user, void *ptr);
  void *user;
} nnc_allocator;
NNC_API void nnc_set_allocator(const nnc_allocator *a);

/* Threads that compiled steps (training, evaluation, prediction, nnc_run) use, the calling
 * one included: 1 to 1024, or 0 for the cores this process may run on (the default). Large
 * matmuls are split into column panels that the threads share; every panel is computed the
 * same way on any thread, so results are bit-identical for every count. Waits for a step in
 * flight on another thread. NNC_ERR_NOMEM when not every thread could start (memory for the
 * stacks or the process's thread limit ran out): the message says how many run, and the
 * pool runs with those. */
NNC_API nnc_status nnc_set_threads(int n);
/* The compile cache: the object code of each compiled step is kept in dir, and a step
 * compiled before (same graph, nnc, LLVM and CPU) is loaded from it instead of compiled.
 * enabled 0 turns it off for this process; dir NULL means $NNC_CACHE, else
 * $XDG_CACHE_HOME/nnc, else ~/.cache/nnc (NNC_CACHE=off: no cache). NNC_CACHE_MAX bounds
 * its size (bytes, or with K, M or G; default 256M): the least recently used entries go.
 * Damaged entries are rebuilt; a directory that cannot be written is noted once (as a
 * warning to the log function, nnc_set_log; else on stderr) and left alone. Takes effect at the next compile (NNC_CACHE_MAX is read again); dir is
 * copied. NNC_ERR_NOMEM only. */
NNC_API nnc_status nnc_set_compile_cache(int enabled, const char *dir);
NNC_API int nnc_threads(void);
/* Messages for a person (fit's epoch lines, the Keras callbacks' messages, warnings) go to
 * stderr unless a log function is set: then each is passed to fn as one line without its
 * newline, on the thread that made it (a fit's thread). NULL restores stderr. Set it before
 * other threads use nnc. Errors are not logged: they come back as statuses. */
typedef enum nnc_log_level { NNC_LOG_INFO, NNC_LOG_WARNING } nnc_log_level;
typedef void (*nnc_log_fn)(nnc_log_level level, const char *line, void *user);
NNC_API void nnc_set_log(nnc_log_fn fn, void *user);

/* Settings of the host process that nnc changes only when asked (docs/c-api.md); a library
 * user who never calls nnc_init gets none of them. flags is an OR of NNC_INIT_*; each call
 * replaces the last. NNC_ERR_ARG for an unknown flag. Safe from any thread. */
#define NNC_INIT_PREFAULT_HEAP 1u /* before LLVM compiles on a thread, map its next 4 MB of
                                     heap in one system call and raise glibc's mmap and trim
                                     thresholds for the whole process (a faster first compile,
                                     mostly in virtual machines); the nnc command sets it */
NNC_API nnc_status nnc_init(unsigned flags);

/* Joins the pool's worker threads, waiting for a step in flight; call it before unloading
 * libnnc or exiting under a leak checker. nnc keeps working after it, each step on its
 * calling thread alone, until nnc_set_threads starts a pool again. Safe from any thread. */
NNC_API void nnc_shutdown(void);

/* A context: settings for the objects made in it (nnc_model_new_in, nnc_graph_new_in,
 * nnc_tensor_new_in, the file loaders' _in forms) instead of the whole process. Each
 * setting left unset is the process-wide one above, which is what objects made with nnc_model_new, nnc_graph_new and
 * nnc_tensor_new get (the default context). What an object makes is made in its context:
 * a model's graphs (nnc_model_graph), tensors (nnc_model_predict) and compiled steps, the
 * functions nnc_jit and nnc_train_step compile from a graph, a graph's printed text. While a
 * thread is in a call on such an object, that context's settings apply on that thread:
 * - allocator: every allocation nnc makes for the object goes through its realloc, and is
 *   given back to its free, whichever thread frees it (LLVM's own memory, the JIT's code
 *   pages and the JSON, zlib and HDF5 libraries' working memory do not; docs/c-api.md);
 * - threads: its steps run on at most that many (0: the pool's, nnc_set_threads) of the
 *   process pool's threads, with the same bits;
 * - log: its messages go to its log function (NULL: nnc_set_log's, else stderr);
 * - compile_cache: where its compiled steps are cached (-1: nnc_set_compile_cache's).
 * Set a context up before its objects are used; it may serve objects on many threads at
 * once. nnc_context_free refuses (NNC_ERR_BUSY in nnc_last_error) while a model, or any
 * block allocated in the context (a graph, tensor, function or string), lives.
 * NNC_ERR_ARG for NULL, a freed context or a setting outside its range. docs/c-api.md. */
typedef struct nnc_context nnc_context;
typedef struct nnc_context_options {
  size_t struct_size;              /* sizeof the struct as the caller was compiled: set by
                                      nnc_context_defaults() (docs/c-api.md, Versions) */
  nnc_allocator allocator;         /* the context's allocation hooks, realloc and free both set
                                      or both NULL (the process's, nnc_set_allocator); user is
                                      passed to them. Called from any thread that uses the
                                      context's objects: they must be thread-safe then */
  int threads;                     /* 0 to 1024; 0: the process pool's count */
  nnc_log_fn log;                  /* NULL: nnc_set_log's function, else stderr */
  void *log_user;                  /* passed to log */
  int compile_cache;               /* -1: the process's setting (nnc_set_compile_cache);
                                      0: off; 1: on, in compile_cache_dir */
  const char *compile_cache_dir;   /* NULL: $NNC_CACHE, else $XDG_CACHE_HOME/nnc, else
                                      ~/.cache/nnc; copied */
} nnc_context_options;
/* Every setting the process's: no allocator, threads 0, no log, compile_cache -1. */
NNC_API nnc_context_options nnc_context_defaults(void);
/* A new context with o's settings (NULL: nnc_context_defaults()); its own struct comes from
 * o->allocator. NNC_ERR_ARG for a bad setting or an o not from nnc_context_defaults(),
 * NNC_ERR_NOMEM. */
NNC_API nnc_status nnc_context_new_with(const nnc_context_options *o, nnc_context **out);
NNC_API nnc_status nnc_context_new(nnc_context **out); /* nnc_context_new_with(NULL, out) */
NNC_API void nnc_context_free(nnc_context *c);
NNC_API nnc_status nnc_context_set_threads(nnc_context *c, int n);
NNC_API nnc_status nnc_context_set_log(nnc_context *c, nnc_log_fn fn, void *user);

typedef enum nnc_dtype { NNC_F32, NNC_F64, NNC_I32 } nnc_dtype;

/* ---------------------------------------------------------------------------------------
 * Tensors: a dense, C-ordered, owned buffer with a dtype and a shape (rank 0 to 4). */
typedef struct nnc_tensor nnc_tensor;

/* A zero-filled tensor. Fails with NNC_ERR_ARG on a bad rank or negative dimension. */
NNC_API nnc_status nnc_tensor_new(nnc_dtype dtype, int rank, const int64_t *shape, nnc_tensor **out);
/* As nnc_tensor_new, in context c (NULL: the default); NNC_ERR_ARG for a freed context.
 * nnc_tensor_new and nnc_graph_new make theirs in the calling thread's current context: the
 * default, or inside a call on a context's object (a fit's callback) that context. */
NNC_API nnc_status nnc_tensor_new_in(nnc_context *c, nnc_dtype dtype, int rank,
                                     const int64_t *shape, nnc_tensor **out);
NNC_API void nnc_tensor_free(nnc_tensor *t);
NNC_API nnc_dtype nnc_tensor_dtype(const nnc_tensor *t);
NNC_API int nnc_tensor_rank(const nnc_tensor *t);
NNC_API int64_t nnc_tensor_dim(const nnc_tensor *t, int axis); /* 0 when axis is out of range */
NNC_API int64_t nnc_tensor_numel(const nnc_tensor *t);
/* The elements; owned by t, valid until nnc_tensor_free. */
NNC_API void *nnc_tensor_data(nnc_tensor *t);
NNC_API const void *nnc_tensor_cdata(const nnc_tensor *t);
/* Reads a NumPy .npy file (format 1.0, 2.0 or 3.0; little-endian <f4, <f8, |u1, <i4 or <i8;
 * C order) into a new tensor of dtype `want`, converting the elements (to NNC_I32 by
 * truncation). The caller frees *out with nnc_tensor_free; *out is NULL on failure.
 * Fails with NNC_ERR_IO when the file cannot be read, NNC_ERR_CORRUPT when it is malformed
 * (bad magic, bad header, fortran_order True, a shape the file's size cannot back),
 * NNC_ERR_TYPE for an unsupported dtype and NNC_ERR_SHAPE for a rank above 4; the message
 * names the file and the byte offset. Nothing larger than the file is ever allocated. */
NNC_API nnc_status nnc_tensor_load(const char *path, nnc_dtype want, nnc_tensor **out);
/* Each file loader (nnc_tensor_load, _csv, _idx; nnc_model_load_onnx, _keras, _tfjs) makes
 * its tensor or model, and allocates its working memory, in the calling thread's current
 * context: the default, or inside a call on a context's object (a fit's callback) that
 * context. Its _in form loads in context c instead (NULL: the default context, wherever it
 * is called); a model loaded so belongs to c as if made by nnc_model_new_in(c). NNC_ERR_ARG
 * for a freed context; otherwise as the loader. */
NNC_API nnc_status nnc_tensor_load_in(nnc_context *c, const char *path, nnc_dtype want,
                                      nnc_tensor **out);
/* Writes t as a .npy file (format 1.0, <f4, <f8 or <i4 as t's dtype), as every file nnc
 * writes is written: into a new temporary ".NAME.nnc-XXXXXX" beside the file (created
 * exclusively, so no planted file or link can redirect it), synced, then renamed over it, so
 * path is the old file or the whole new one, even if the process dies mid-save. A symlink
 * stays and its target is replaced; the old file's permission bits are kept; a device such
 * as /dev/null is written straight through. NNC_ERR_IO on failure, with the old file intact
 * and no temporary left. */
NNC_API nnc_status nnc_tensor_save(const nnc_tensor *t, const char *path);

/* ---------------------------------------------------------------------------------------
 * Keras level */
typedef struct nnc_model nnc_model;

/* Keras 3's activations (keras.activations.NAME; docs/model-files.md gives each formula). */
typedef enum nnc_activation {
  NNC_ACT_LINEAR, NNC_ACT_SIGMOID, NNC_ACT_RELU, NNC_ACT_TANH, NNC_ACT_SOFTMAX, NNC_ACT_LEAKY_RELU,
  NNC_ACT_GELU,  /* Keras's 'gelu': the exact form, x P(X <= x) (nnc_gelu with approximate 0) */
  NNC_ACT_RELU6, NNC_ACT_ELU, NNC_ACT_SELU, NNC_ACT_CELU, NNC_ACT_SOFTPLUS, NNC_ACT_SOFTSIGN,
  NNC_ACT_SILU, NNC_ACT_HARD_SIGMOID, NNC_ACT_HARD_SILU, NNC_ACT_MISH, NNC_ACT_EXPONENTIAL,
  NNC_ACT_LOG_SOFTMAX, NNC_ACT_LOG_SIGMOID, NNC_ACT_HARD_TANH, NNC_ACT_TANH_SHRINK,
  NNC_ACT_SOFT_SHRINK, NNC_ACT_HARD_SHRINK, NNC_ACT_THRESHOLD, NNC_ACT_SPARSE_PLUS,
  NNC_ACT_SQUAREPLUS, NNC_ACT_SPARSE_SIGMOID,
  NNC_ACT_GLU,       /* halves a sample's features: Dense(units) with it gives units/2 */
  NNC_ACT_SPARSEMAX
} nnc_activation;

/* An activation's arguments after x, in the order keras.activations.NAME takes them
 * (relu: negative_slope, max_value, threshold; elu: alpha; threshold: threshold,
 * default_value; softmax: axis; gelu: approximate as 0 or 1; ...), the unused ones 0.
 * max_value None is +INFINITY. */
enum { NNC_ACT_ARGS = 3 };
/* Writes Keras's defaults for a's arguments to args[0..NNC_ACT_ARGS): NaN for those Keras
 * requires (threshold's two). NNC_ERR_ARG for an unknown activation or NULL args. */
NNC_API nnc_status nnc_activation_defaults(nnc_activation a, double *args);

/* By name with Keras's default arguments; nnc_model_layer_from_config takes them as objects
 * with arguments and seeds ({"class_name": "RandomUniform", "config": {"minval": -1, ...}}). */
typedef enum nnc_initializer {
  NNC_INIT_ZEROS, NNC_INIT_ONES, NNC_INIT_GLOROT_UNIFORM, NNC_INIT_GLOROT_NORMAL,
  NNC_INIT_HE_NORMAL, NNC_INIT_HE_UNIFORM, NNC_INIT_LECUN_NORMAL, NNC_INIT_LECUN_UNIFORM,
  NNC_INIT_RANDOM_UNIFORM, NNC_INIT_RANDOM_NORMAL, NNC_INIT_TRUNCATED_NORMAL, NNC_INIT_CONSTANT,
  NNC_INIT_VARIANCE_SCALING, NNC_INIT_ORTHOGONAL, NNC_INIT_IDENTITY
} nnc_initializer;

/* Keras's weight regularizers: l1·Σ|w| + l2·Σw² of a weight added to each batch's loss (of
 * a layer's output, divided by the batch size, for an activity regularizer). {0, 0}: none.
 * The kinds name the rows of Keras's names ('l1', 'l2', 'l1l2', 'l1_l2'); as numbers only
 * l1 and l2 matter. */
typedef enum nnc_regularizer_kind {
  NNC_REGULARIZER_L1, NNC_REGULARIZER_L2, NNC_REGULARIZER_L1L2, NNC_REGULARIZER_L1_L2
} nnc_regularizer_kind;
typedef struct nnc_regularizer { double l1, l2; } nnc_regularizer;
NNC_API nnc_regularizer nnc_l1(double l1);   /* Keras's L1(l1): default 0.01 */
NNC_API nnc_regularizer nnc_l2(double l2);   /* Keras's L2(l2): default 0.01 */

/* Keras's weight constraints, applied to a weight after each update inside the training step:
 * MaxNorm(max_value=2, axis=0), NonNeg(), UnitNorm(axis=0), MinMaxNorm(min_value=0,
 * max_value=1, rate=1, axis=0); norms over `axis` of the weight (0: a Dense kernel's
 * inputs). */
typedef enum nnc_constraint_kind {
  NNC_CONSTRAINT_NONE, NNC_CONSTRAINT_MAX_NORM, NNC_CONSTRAINT_NON_NEG, NNC_CONSTRAINT_UNIT_NORM,
  NNC_CONSTRAINT_MIN_MAX_NORM
} nnc_constraint_kind;
typedef struct nnc_constraint {
  nnc_constraint_kind kind;        /* NNC_CONSTRAINT_NONE: none */
  double max_value, min_value, rate;
  int axis;
} nnc_constraint;
/* Keras's defaults for kind (NNC_CONSTRAINT_NONE for a value that is not a kind). */
NNC_API nnc_constraint nnc_constraint_defaults(nnc_constraint_kind kind);

typedef enum nnc_loss_kind {
  NNC_LOSS_BINARY_CROSSENTROPY,
  NNC_LOSS_MEAN_SQUARED_ERROR,
  NNC_LOSS_CATEGORICAL_CROSSENTROPY,       /* one-hot targets */
  NNC_LOSS_SPARSE_CATEGORICAL_CROSSENTROPY, /* integer class targets, shape [n] or [n,1] */
  NNC_LOSS_MEAN_ABSOLUTE_ERROR, NNC_LOSS_MEAN_ABSOLUTE_PERCENTAGE_ERROR,
  NNC_LOSS_MEAN_SQUARED_LOGARITHMIC_ERROR, NNC_LOSS_HUBER, NNC_LOSS_LOG_COSH, NNC_LOSS_HINGE,
  NNC_LOSS_SQUARED_HINGE, NNC_LOSS_CATEGORICAL_HINGE, NNC_LOSS_KL_DIVERGENCE, NNC_LOSS_POISSON,
  NNC_LOSS_COSINE_SIMILARITY, NNC_LOSS_BINARY_FOCAL_CROSSENTROPY
} nnc_loss_kind;

/* A loss class's arguments other than from_logits, in Keras's order (BinaryCrossentropy:
 * label_smoothing, axis; Huber: delta; BinaryFocalCrossentropy: apply_class_balancing as 0
 * or 1, alpha, gamma, label_smoothing, axis; ...; docs/model-files.md lists them), the
 * unused ones 0. An axis must be the last (-1). */
enum { NNC_LOSS_ARGS = 5 };
/* Writes Keras's defaults for k's arguments to args[0..NNC_LOSS_ARGS). NNC_ERR_ARG for an
 * unknown loss or NULL args. */
NNC_API nnc_status nnc_loss_defaults(nnc_loss_kind k, double *args);

/* Keras 3's compile metrics (names/metrics.def; docs/model-files.md). */
typedef enum nnc_metric {
  NNC_METRIC_ACCURACY,             /* resolved as Keras's compile resolves "accuracy" */
  NNC_METRIC_BINARY_ACCURACY, NNC_METRIC_CATEGORICAL_ACCURACY,
  NNC_METRIC_SPARSE_CATEGORICAL_ACCURACY, NNC_METRIC_TOP_K_CATEGORICAL_ACCURACY,
  NNC_METRIC_SPARSE_TOP_K_CATEGORICAL_ACCURACY, NNC_METRIC_MEAN_ABSOLUTE_ERROR,
  NNC_METRIC_MEAN_SQUARED_ERROR, NNC_METRIC_ROOT_MEAN_SQUARED_ERROR,
  NNC_METRIC_MEAN_ABSOLUTE_PERCENTAGE_ERROR, NNC_METRIC_MEAN_SQUARED_LOGARITHMIC_ERROR,
  NNC_METRIC_AUC, NNC_METRIC_PRECISION, NNC_METRIC_RECALL, NNC_METRIC_F1_SCORE,
  NNC_METRIC_R2_SCORE, NNC_METRIC_FBETA_SCORE
} nnc_metric;
enum { NNC_METRICS_MAX = 16 };   /* metrics one compile takes */

/* F1Score's and FBetaScore's arguments (Keras's average, beta and threshold). */
typedef enum nnc_f_average {
  NNC_F_AVERAGE_NONE,              /* None: one value per class (a vector metric, below) */
  NNC_F_AVERAGE_MICRO, NNC_F_AVERAGE_MACRO, NNC_F_AVERAGE_WEIGHTED
} nnc_f_average;
typedef struct nnc_f_score {
  nnc_f_average average;           /* NONE */
  double beta;                     /* 1 (F1Score: always 1); > 0 */
  double threshold;                /* NAN (None): a sample's largest output is its positive;
                                      else outputs above it, in (0, 1] */
} nnc_f_score;

/* ---------------------------------------------------------------------------------------
 * Optimizers and learning-rate schedules (Keras 3's keras.optimizers and
 * keras.optimizers.schedules): names/optimizers.def and names/schedules.def list them. */
typedef enum nnc_optimizer_kind {
  NNC_OPT_SGD, NNC_OPT_ADAM, NNC_OPT_RMSPROP, NNC_OPT_ADAMW, NNC_OPT_NADAM, NNC_OPT_ADAGRAD,
  NNC_OPT_ADADELTA, NNC_OPT_ADAMAX, NNC_OPT_LION
} nnc_optimizer_kind;

typedef enum nnc_schedule_kind {
  NNC_SCHEDULE_EXPONENTIAL_DECAY,     /* lr0 · rateᵖ, p = step/decay_steps (floored: staircase) */
  NNC_SCHEDULE_PIECEWISE_CONSTANT_DECAY, /* values[i] while step <= boundaries[i] */
  NNC_SCHEDULE_POLYNOMIAL_DECAY,      /* (lr0 − end)(1 − p)^power + end, p capped at 1 or cycled */
  NNC_SCHEDULE_INVERSE_TIME_DECAY,    /* lr0 / (1 + rate·p) */
  NNC_SCHEDULE_COSINE_DECAY,          /* linear warmup to warmup_target, then half a cosine */
  NNC_SCHEDULE_COSINE_DECAY_RESTARTS, /* SGDR: cosines of growing length (t_mul), height (m_mul) */
  NNC_SCHEDULE_CUSTOM                 /* fn(step, user): a LearningRateSchedule of one's own */
} nnc_schedule_kind;

/* A learning rate that is a function of the optimizer's step count (Keras's `iterations`,
 * from 0): Keras's LearningRateSchedule objects, their arguments named as Keras names them.
 * nnc_schedule_defaults(kind) gives Keras's defaults (initial_learning_rate and the step
 * counts have none: set them). A field a kind does not read is ignored. */
typedef struct nnc_lr_schedule {
  nnc_schedule_kind kind;
  double initial_learning_rate;
  double decay_steps;              /* > 0 */
  double decay_rate;               /* Exponential, InverseTime */
  int staircase;                   /* Exponential, InverseTime: 0 */
  double end_learning_rate;        /* Polynomial: 0.0001 */
  double power;                    /* Polynomial: 1.0 */
  int cycle;                       /* Polynomial: 0 */
  double alpha;                    /* Cosine, CosineRestarts: 0.0, the floor as a fraction */
  double warmup_target;            /* Cosine: NAN (None: no warmup) */
  double warmup_steps;             /* Cosine: 0 */
  double first_decay_steps;        /* CosineRestarts: > 0 */
  double t_mul, m_mul;             /* CosineRestarts: 2.0, 1.0 */
  int nboundaries;                 /* PiecewiseConstant: boundaries[n], values[n + 1] */
  const double *boundaries, *values; /* copied by nnc_model_compile */
  double (*fn)(int64_t step, void *user); /* CUSTOM: the rate at `step` */
  void *user;                      /* passed to fn */
} nnc_lr_schedule;
NNC_API nnc_lr_schedule nnc_schedule_defaults(nnc_schedule_kind kind);
/* The schedule's rate at `step` (>= 0), as Keras's schedule(step) computes it (in double:
 * the model rounds it to its dtype). NAN for a NULL or malformed schedule or a negative
 * step, with nnc_last_error saying why (nnc_model_compile refuses such a schedule). */
NNC_API double nnc_schedule_value(const nnc_lr_schedule *s, int64_t step);

/* An optimizer and its arguments; nnc_optimizer_defaults(kind) gives Keras's defaults, and a
 * field the kind does not read is ignored. Arguments Keras defaults to None are NAN here
 * (0 means the same: off). Every optimizer applies, as Keras's base optimizer does, first
 * the clipping of the gradients (clipnorm: each weight's gradient g·c/max(‖g‖, c);
 * global_clipnorm: all of them by c/max(‖all‖, c); clipvalue: each element to [−c, c]; at
 * most one of the three), then the decoupled weight decay w −= w·weight_decay·lr (for the
 * weights not named by nnc_model_exclude_from_weight_decay), then its update with the
 * decayed w. Formulas: docs/model-files.md, or names/optimizers.def. */
typedef struct nnc_optimizer {
  nnc_optimizer_kind kind;
  double learning_rate;            /* >= 0 (0 trains nothing, as in Keras): the rate of step 0
                                      on (nnc_model_set_learning_rate) */
  const nnc_lr_schedule *learning_rate_schedule; /* NULL: learning_rate; copied at compile */
  double momentum;                 /* SGD, RMSprop */
  int nesterov;                    /* SGD */
  double beta_1, beta_2;           /* Adam, AdamW, Nadam, Adamax, Lion */
  double rho;                      /* RMSprop, Adadelta */
  double epsilon;                  /* all but SGD and Lion */
  int amsgrad;                     /* Adam, AdamW */
  int centered;                    /* RMSprop */
  double initial_accumulator_value; /* Adagrad */
  double weight_decay;             /* NAN (AdamW: 0.004) */
  double clipnorm, clipvalue, global_clipnorm; /* NAN */
} nnc_optimizer;
/* Keras's defaults for optimizer `kind` (a value of another kind: the defaults of SGD). */
NNC_API nnc_optimizer nnc_optimizer_defaults(nnc_optimizer_kind kind);
NNC_API nnc_optimizer nnc_sgd(void);     /* lr 0.01, no momentum */
NNC_API nnc_optimizer nnc_adam(void);    /* lr 1e-3, beta 0.9/0.999, epsilon 1e-7 */
NNC_API nnc_optimizer nnc_rmsprop(void); /* lr 1e-3, rho 0.9, epsilon 1e-7 */

typedef struct nnc_dense_options {
  size_t struct_size;              /* sizeof the struct as the caller was compiled: set by
                                      nnc_dense() (docs/c-api.md, Versions) */
  int64_t units;
  nnc_activation activation;
  union {                          /* the activation's arguments (nnc_activation_defaults) */
    double args[NNC_ACT_ARGS];
    double alpha;                  /* args[0], the older name (NNC_ACT_LEAKY_RELU's slope) */
  };
  int use_bias;
  nnc_initializer kernel_initializer; /* with Keras's default arguments, unseeded */
  nnc_initializer bias_initializer;
  const char *name;                /* NULL: dense, dense_1, ... as Keras names them, counted
                                      within the model (model files count over the run, as
                                      Keras does, and pass every name); copied */
  nnc_regularizer kernel_regularizer, bias_regularizer, activity_regularizer; /* {0, 0}: none */
  nnc_constraint kernel_constraint, bias_constraint;                    /* none */
} nnc_dense_options;
/* units and activation, the rest Keras's defaults: bias on, glorot_uniform kernel, zero bias,
 * no regularizers or constraints. */
NNC_API nnc_dense_options nnc_dense(int64_t units, nnc_activation activation);

struct nnc_graph;                  /* the graph level's (below), for custom_loss */
struct nnc_value;
typedef struct nnc_compile_options {
  size_t struct_size;              /* sizeof the struct as the caller was compiled: set by
                                      nnc_compile_defaults() (docs/c-api.md, Versions) */
  nnc_loss_kind loss;
  int from_logits;                 /* the last layer's output is a logit */
  nnc_optimizer optimizer;
  int accuracy;                    /* also report the accuracy metric */
  nnc_dtype dtype;                 /* NNC_F32 (default) or NNC_F64 */
  /* Keras's 'mixed_bfloat16' policy (0: 'float32', the default; f32 only): each Dense
   * layer's matmul, and its gradients', rounds its operands to bfloat16 and sums in f32
   * (AVX512-BF16's vdpbf16ps where the CPU has it; elsewhere f32 FMA, slower, said once as
   * a warning to the log function, else on stderr). Weights, optimizer state, the loss and everything else stay f32. */
  int mixed_bfloat16;
  double loss_args[NNC_LOSS_ARGS]; /* the loss's other arguments (nnc_loss_defaults) */
  /* More metrics, reported in the logs, the progress line and nnc_metrics under their keys
   * (NULL: the metric's name; copied at compile), with one argument each: binary_accuracy's
   * threshold (0.5), top-k's k (5), AUC's curve (0 ROC, 1 PR); nnc_metric_default_arg. The
   * accuracy flag above adds "accuracy" when no metric is NNC_METRIC_ACCURACY. */
  int nmetrics;
  nnc_metric metrics[NNC_METRICS_MAX];
  const char *metric_keys[NNC_METRICS_MAX];
  double metric_args[NNC_METRICS_MAX];
  /* A loss built at the graph level (the bridge between the two levels; NULL: `loss`).
   * nnc calls it each time it builds a training or evaluation step (once per batch size),
   * with that step's graph, its prediction [batch, units] and target y [batch, units] (as
   * `loss` would get them: `loss` still says whether y holds class ids), and custom_user.
   * It returns a scalar built in g from pred and y with the graph builders (nnc_param is
   * not for it: the model's weights are its own), which the step differentiates and
   * minimizes, and which the logs report as "loss". NULL back, or a value not scalar, fails
   * the compile with NNC_ERR_ARG; a builder's error with its status. */
  struct nnc_value *(*custom_loss)(struct nnc_graph *g, struct nnc_value *pred,
                                   struct nnc_value *y, void *user);
  void *custom_user;
  /* F1Score's and FBetaScore's arguments, metric i's at [i]; ignored for other metrics */
  nnc_f_score f_scores[NNC_METRICS_MAX];
} nnc_compile_options;
/* Keras's default argument of metric k (0.5, 5 or 0 as above). */
NNC_API double nnc_metric_default_arg(nnc_metric k);
/* The given loss, RMSprop as Keras's compile() defaults to, f32, no metrics. */
NNC_API nnc_compile_options nnc_compile_defaults(nnc_loss_kind loss);
/* c's loss (loss, from_logits, loss_args) on y_true and y_pred, as a Keras loss object called
 * on them gives it (reduction "sum_over_batch_size"): the mean over the batch of each sample's
 * loss, times its sample_weight ([batch]; NULL: none). Computed in f64 from the same graph
 * fit's steps build for the loss. NNC_ERR_SHAPE or NNC_ERR_ARG for shapes or arguments the
 * loss refuses, with *out NaN. */
NNC_API nnc_status nnc_loss_value(const nnc_compile_options *c, const nnc_tensor *y_true,
                                  const nnc_tensor *y_pred, const nnc_tensor *sample_weight,
                                  double *out);

/* ---------------------------------------------------------------------------------------
 * Names, as Keras spells them. Each kind (activations, initializers, losses, optimizers,
 * metrics, monitored quantities) is one table inside nnc, which model files, these
 * functions, checkpoints and docs/model-files.md share.
 *
 * nnc_X_from_name accepts every name Keras accepts for a kind nnc implements, matched as
 * Keras's get() matches it: exactly, but for optimizers ("Adam", "adam", "ADAM") and the
 * metric names "accuracy" and "acc", whose case does not matter; losses and initializers by
 * their class names too ("BinaryCrossentropy", "GlorotUniform"), and aliases ("mse", "bce").
 * It writes the id to *out and returns NNC_OK, or NNC_ERR_ARG with a message that offers a
 * near spelling of an accepted name ("unknown activation 'sigmod' (did you mean
 * 'sigmoid'?)"), says that Keras has the name but nnc does not yet ("activation 'elu' is
 * not supported by nnc yet (...)"), or lists what nnc knows. A hint never offers a name of
 * different maths. NNC_ERR_ARG too for a NULL name or out.
 *
 * nnc_X_name gives the canonical name ("mean_squared_error" for NNC_LOSS_MEAN_SQUARED_ERROR),
 * which nnc_X_from_name maps back to the same id: a static string, or NULL for a value that
 * is not one of the enum's. */
NNC_API nnc_status nnc_activation_from_name(const char *name, nnc_activation *out);
NNC_API const char *nnc_activation_name(nnc_activation a);
NNC_API nnc_status nnc_initializer_from_name(const char *name, nnc_initializer *out);
NNC_API const char *nnc_initializer_name(nnc_initializer k);
NNC_API nnc_status nnc_loss_from_name(const char *name, nnc_loss_kind *out);
NNC_API const char *nnc_loss_name(nnc_loss_kind k);
NNC_API nnc_status nnc_optimizer_from_name(const char *name, nnc_optimizer_kind *out);
NNC_API const char *nnc_optimizer_name(nnc_optimizer_kind k);
NNC_API nnc_status nnc_metric_from_name(const char *name, nnc_metric *out);
NNC_API const char *nnc_metric_name(nnc_metric k);

/* Early stopping as Keras's EarlyStopping callback: after each epoch the monitored quantity
 * improves when it beats the best so far by more than min_delta (lower for losses, higher
 * for accuracies, or as `mode` says); training stops once `patience` epochs in a row have
 * not improved (patience 0: at the first epoch without improvement). With
 * restore_best_weights the weights of the best epoch are put back when training ends,
 * whether it stopped early or ran to its last epoch (the optimizer state is not restored).
 * All zeros (as in nnc_fit_defaults) is Keras's EarlyStopping() but switched off. */
typedef enum nnc_monitor {
  NNC_MONITOR_VAL_LOSS, NNC_MONITOR_LOSS, NNC_MONITOR_VAL_ACCURACY, NNC_MONITOR_ACCURACY
} nnc_monitor;
typedef enum nnc_mode { NNC_MODE_AUTO, NNC_MODE_MIN, NNC_MODE_MAX } nnc_mode;
typedef struct nnc_early_stopping {
  int enabled;                     /* 0: no early stopping */
  nnc_monitor monitor;             /* val_loss (any other log key: nnc_fit_options'
                                      early_stopping_monitor); missing from the logs (val_*
                                      without validation data): a warning, and no stopping */
  double min_delta;                /* 0; its absolute value is used, as Keras's */
  int patience;                    /* 0; >= 0 */
  nnc_mode mode;                   /* auto: min for losses, else the metric's way (below) */
  int restore_best_weights;        /* 0 */
  int verbose;                     /* 0; 1: "Epoch N: early stopping" and the restore on stderr */
  int has_baseline;                /* 0 (baseline=None); 1: improvements that do not beat
                                      `baseline` leave the patience count running */
  double baseline;
  int start_from_epoch;            /* 0; >= 0: epochs (from the first) it does not look at */
} nnc_early_stopping;
/* The monitored quantity's log key ("val_loss", ...), as nnc_X_from_name/nnc_X_name above. */
NNC_API nnc_status nnc_monitor_from_name(const char *name, nnc_monitor *out);
NNC_API const char *nnc_monitor_name(nnc_monitor k);
/* Keras's EarlyStopping() defaults, enabled. */
NNC_API nnc_early_stopping nnc_early_stopping_defaults(void);

/* One epoch's results, passed to nnc_fit_options.on_epoch. NaN where not measured. */
typedef struct nnc_epoch_log {
  int epoch;                       /* from 1 */
  double loss, accuracy;
  double val_loss, val_accuracy;
  double seconds;                  /* wall time of the epoch's training steps */
  double learning_rate;            /* the logs' learning_rate once the callbacks ran (Keras's
                                      logs hold it when a ReduceLROnPlateau or
                                      LearningRateScheduler runs); without them the rate
                                      after the epoch, nnc_model_learning_rate */
  int nmetrics;                    /* the compiled metrics, "accuracy" among them */
  const char *const *metric_keys;  /* their log keys, in compile's order; live while called */
  const double *metrics, *val_metrics; /* their values (val_: NaN without validation data) */
  /* Every metric's values: metric i's are metric_values[metric_offsets[i] ..
   * metric_offsets[i + 1]), one for a scalar metric, one per class for F1Score and
   * FBetaScore with average NONE (a vector metric, whose metrics[i] is the mean of its
   * values, what Keras's progress line shows). val_metric_values: NULL without validation
   * data. Live while called. */
  const int64_t *metric_offsets;   /* [nmetrics + 1] */
  const double *metric_values, *val_metric_values;
} nnc_epoch_log;

/* Keras's other built-in callbacks, each an option struct of nnc_fit_options (one of each
 * per fit). At the end of an epoch fit runs them in the order of nnc_fit_options'
 * callback_order, as Keras runs a fit's callbacks list, with the caller's own among them
 * (NNC_CALLBACK_USER), then on_epoch. The logs they share
 * gain learning_rate, the rate then, when ReduceLROnPlateau (before it lowers the rate) or
 * LearningRateScheduler runs, as Keras's write it: with ReduceLROnPlateau before
 * LearningRateScheduler, the logs end with the lowered rate. A callback whose monitored
 * quantity the epoch does not have (val_loss without validation data) warns on stderr,
 * once per fit, listing the keys it has, and does nothing, as Keras's do. Each follows its
 * Keras 3 class line by line; docs/model-files.md lists their arguments. */
typedef enum nnc_callback {        /* names/callbacks.def's rows, USER among them */
  NNC_CALLBACK_EARLY_STOPPING, NNC_CALLBACK_REDUCE_LR_ON_PLATEAU, NNC_CALLBACK_MODEL_CHECKPOINT,
  NNC_CALLBACK_CSV_LOGGER, NNC_CALLBACK_LEARNING_RATE_SCHEDULER, NNC_CALLBACK_TERMINATE_ON_NAN,
  NNC_CALLBACK_USER,               /* a callback of the caller's own: on_user_callback */
  NNC_CALLBACK_TENSORBOARD         /* rows added since USER come after it */
} nnc_callback;

/* The logs of an epoch as Keras's callbacks share them (one dict, passed down the list):
 * loss, every compiled metric by its key, val_loss and the val_ keys with validation data,
 * learning_rate once ReduceLROnPlateau or LearningRateScheduler has written it, and what a
 * callback of the caller's own set; sorted by key. Live while on_user_callback runs. */
typedef struct nnc_logs nnc_logs;
NNC_API int nnc_logs_count(const nnc_logs *l);
/* Key i (from 0, below nnc_logs_count), owned by the logs; NULL for another i. */
NNC_API const char *nnc_logs_key(const nnc_logs *l, int i);
/* The values of key i into *values (owned by the logs): returns their count, one, or one
 * per class for a vector metric (as nnc_epoch_log's); 0 for another i. */
NNC_API int64_t nnc_logs_values(const nnc_logs *l, int i, const double **values);
/* logs[key] = value, as a Python callback's assignment: replaces the key's value (a vector
 * metric's too) or adds the key (copied); the callbacks after this one read the new value
 * (EarlyStopping monitoring a key the caller adds, CSVLogger writing it). NNC_ERR_ARG for
 * an empty key or one of 64 bytes or more, or when the logs hold 16 keys of the caller's. */
NNC_API nnc_status nnc_logs_set(nnc_logs *l, const char *key, double value);

/* ReduceLROnPlateau: once `patience` epochs have not improved the monitored quantity by
 * more than min_delta, the learning rate becomes max(lr·factor, min_lr) (when lr > min_lr),
 * then `cooldown` epochs pass before it counts again. Needs an optimizer compiled with a
 * learning rate, not a schedule (NNC_ERR_ARG at fit). */
typedef struct nnc_reduce_lr_on_plateau {
  int enabled;                     /* 0: off */
  nnc_monitor monitor;             /* val_loss */
  double factor;                   /* 0.1; in [0, 1) */
  int patience;                    /* 10 */
  int verbose;                     /* 0; 1: "Epoch N: ReduceLROnPlateau reducing ..." */
  nnc_mode mode;                   /* auto */
  double min_delta;                /* 1e-4 */
  int cooldown;                    /* 0 */
  double min_lr;                   /* 0 */
} nnc_reduce_lr_on_plateau;
NNC_API nnc_reduce_lr_on_plateau nnc_reduce_lr_on_plateau_defaults(void); /* enabled */

/* ModelCheckpoint: after each epoch saves to `filepath` formatted with the epoch's logs as
 * Python's str.format does: {epoch} (from 1) and the log keys ({loss}, {val_loss},
 * {accuracy}, {val_accuracy}, {learning_rate}, each compiled metric's key and val_ key),
 * each with an optional format spec
 * ([0][width][.precision][d|f|e|g|%]): "ckpt-{epoch:02d}-{val_loss:.2f}.safetensors". A
 * field the logs do not have is NNC_ERR_ARG when fit starts. save_weights_only writes
 * nnc_model_save_weights's file (by its name: .weights.h5 or .safetensors); else a name
 * ending ".keras", ".h5" or ".hdf5" gets nnc_model_save_keras's file, as Keras's
 * model.save, and any other nnc_model_save_checkpoint's (the weights and the whole training
 * state, safetensors). With save_best_only it saves only when the monitored quantity improves on the
 * best so far (which starts at initial_value_threshold; NAN: none). */
typedef struct nnc_model_checkpoint {
  const char *filepath;            /* NULL: off; copied at fit */
  nnc_monitor monitor;             /* val_loss */
  int verbose;                     /* 0; 1: a line on stderr per save (or non-save) */
  int save_best_only;              /* 0 */
  int save_weights_only;           /* 0 */
  nnc_mode mode;                   /* auto */
  double initial_value_threshold;  /* NAN */
} nnc_model_checkpoint;
NNC_API nnc_model_checkpoint nnc_model_checkpoint_defaults(const char *filepath);

/* CSVLogger: a row per epoch, flushed as it is written: "epoch" (from 0, as Keras writes
 * it) then the log keys sorted by name; with no validation data the val_ columns are there
 * too, holding NA (Keras's quirk). Numbers as Python's repr. append: add to an existing
 * file, with no header when it is not empty. NNC_ERR_IO when it cannot be written. The
 * file is replaced whole at the first row (as nnc_tensor_save writes): a fit that fails
 * before it leaves the old file as it was. */
typedef struct nnc_csv_logger {
  const char *filename;            /* NULL: off */
  char separator;                  /* ',' (0 means ',') */
  int append;                      /* 0 */
} nnc_csv_logger;

/* LearningRateScheduler: before each epoch the rate becomes schedule(epoch from 0, the
 * current rate, user). A result that is negative or not finite stops fit with NNC_ERR_ARG.
 * Needs a settable rate, as ReduceLROnPlateau. */
typedef struct nnc_lr_scheduler {
  double (*schedule)(int epoch, double lr, void *user); /* NULL: off */
  void *user;
  int verbose;                     /* 0; 1: "Epoch N: LearningRateScheduler setting ..." */
} nnc_lr_scheduler;

/* TensorBoard: TensorFlow event files that TensorBoard reads (tensorboard --logdir=log_dir),
 * as Keras 3's callback writes them with update_freq 'epoch'. In log_dir/train, after each
 * epoch, at step epoch - 1 (from 0): epoch_<key> for each key of the logs but the val_ ones
 * (epoch_loss, epoch_accuracy, ...; a key the caller's callbacks set too), then
 * epoch_learning_rate (nnc_model_learning_rate then) and, with write_steps_per_second,
 * epoch_steps_per_second (steps over the seconds since the epoch began). With validation
 * data, in log_dir/validation: evaluation_<key>_vs_iterations for each val_ key without its
 * prefix at step nnc_model_iterations, then epoch_<key> at the epoch's step. Scalars are
 * float32 tensors of the "scalars" plugin, as tf.summary.scalar writes them; a vector
 * metric's logs (one value per class) are NNC_ERR_ARG, as tf.summary.scalar refuses them.
 * write_graph: when fit starts, the model's architecture as Keras's model.to_json() under
 * the tag "keras" at step 0 (TensorBoard's graph plugin draws it). Each file is named
 * events.out.tfevents.<seconds>.<host>.<pid>.<n>.v2, made with its directories (NNC_ERR_IO
 * when they cannot be) and flushed after each epoch. */
typedef struct nnc_tensorboard {
  const char *log_dir;             /* NULL: off; read during fit */
  int write_graph;                 /* 1 */
  int write_steps_per_second;      /* 0 */
} nnc_tensorboard;

/* One training step's progress, passed to nnc_fit_options.on_batch after the step. */
typedef struct nnc_batch_log {
  int epoch, epochs;               /* from 1 */
  int64_t step, steps;             /* from 1; steps = batches in an epoch */
  double loss, accuracy;           /* means over the epoch's samples so far; NaN if not measured */
  double seconds;                  /* since the epoch's first step */
  int nmetrics;                    /* as nnc_epoch_log's: over the epoch's samples so far */
  const char *const *metric_keys;
  const double *metrics;
  const int64_t *metric_offsets;   /* every metric's values, as nnc_epoch_log's */
  const double *metric_values;
} nnc_batch_log;

/* What on_epoch and on_epoch_begin return. Any other non-zero value stops as NNC_FIT_STOP. */
typedef enum nnc_fit_action {
  NNC_FIT_CONTINUE = 0,
  NNC_FIT_STOP = 1,                /* a finished fit (Keras's model.stop_training): NNC_OK */
  NNC_FIT_CANCEL = 2,              /* stop now: fit returns NNC_ERR_CANCELLED, no on_train_end */
} nnc_fit_action;

typedef struct nnc_fit_options {
  size_t struct_size;              /* sizeof the struct as the caller was compiled: set by
                                      nnc_fit_defaults() (docs/c-api.md, Versions) */
  int epochs;                      /* 1 */
  int64_t batch_size;              /* 32 */
  double validation_split;         /* 0: the last fraction of the samples, taken before shuffling */
  int shuffle;                     /* 1 */
  int verbose;                     /* 1 (or 2): one line per epoch on stderr; 0: silent.
                                      A display (nnc run's) draws a bar for 1 on a terminal */
  /* Called after each epoch; returns an nnc_fit_action (NNC_FIT_STOP: Keras's
   * stop_training, a finished fit; NNC_FIT_CANCEL: NNC_ERR_CANCELLED). May be NULL. */
  int (*on_epoch)(const nnc_epoch_log *log, void *user);
  void *user;
  /* Called after each training step with the same user (progress displays). May be NULL.
   * It stops the fit by calling nnc_model_cancel on the model (NNC_ERR_CANCELLED). */
  void (*on_batch)(const nnc_batch_log *log, void *user);
  /* Validation data (not owned; both or neither), evaluated after each epoch; it replaces
   * validation_split as in Keras. Checked as nnc_model_evaluate checks its x and y. */
  const nnc_tensor *x_val, *y_val;
  /* 0; epochs are counted as Keras counts them: fit trains epochs initial_epoch+1 ..
   * epochs (none when initial_epoch >= epochs), numbered so in the logs. */
  int initial_epoch;
  nnc_early_stopping early_stopping; /* switched off by default; looked at before on_epoch */
  /* Keras's other callbacks (above), all off by default. */
  nnc_reduce_lr_on_plateau reduce_lr_on_plateau;
  nnc_model_checkpoint model_checkpoint;
  nnc_csv_logger csv_logger;
  nnc_lr_scheduler lr_scheduler;
  /* TerminateOnNaN: a NaN or Inf loss ends fit with NNC_OK instead of NNC_ERR_NUMERIC, after
   * "Batch N: Invalid loss, terminating training" on stderr and the end-of-epoch callbacks
   * (whose loss is NaN); the weights are still those of the last good step. */
  int terminate_on_nan;
  /* Called before each epoch (from 1) with user, after LearningRateScheduler: the place to
   * set the learning rate (nnc_model_set_learning_rate) for a callback of one's own.
   * Returns an nnc_fit_action, as on_epoch: a stop comes before the epoch. May be NULL. */
  int (*on_epoch_begin)(int epoch, void *user);
  /* 0: every batch of the data. Else the batches per epoch; an epoch goes on from where the
   * last one stopped, and the data is reshuffled when it runs out, as Keras's iterator. */
  int64_t steps_per_epoch;
  int64_t validation_batch_size;   /* 0: batch_size */
  /* Keras's sample_weight: the training samples' loss weights, [n] or [n, 1] (not owned), or
   * NULL. A batch's loss is then Σ w·loss / batch, Keras's sum_over_batch_size. */
  const nnc_tensor *sample_weight;
  /* Keras's class_weight as an array (not owned), or NULL: a sample of class c weighs
   * class_weight[c], c < nclass_weights; its class is its class id, its one-hot target's
   * largest entry, or a single target rounded (0/1). Not with sample_weight (Keras refuses
   * both). Validation losses are not weighted. */
  const double *class_weight;
  int nclass_weights;
  /* The log keys EarlyStopping, ReduceLROnPlateau and ModelCheckpoint monitor, in place of
   * their `monitor` (which names the losses and accuracies only): any key of an epoch's
   * logs, "val_mae", "auc", a metric's own key; NULL: `monitor`. Read during fit. Their
   * mode auto is Keras's rule: lower is better for loss and val_loss, else the way of the
   * compiled metric the key names without its val_ (higher for accuracies, AUC, precision,
   * recall, F1, R²; lower for the errors); a key that names none stops fit with
   * NNC_ERR_ARG at the end of the first epoch, as Keras's ValueError. */
  const char *early_stopping_monitor, *reduce_lr_monitor, *checkpoint_monitor;
  /* The order the built-in callbacks run in at the end of an epoch (not owned; each at most
   * once; those left out run after, in the default order): NULL is LearningRateScheduler,
   * ModelCheckpoint, ReduceLROnPlateau, EarlyStopping, CSVLogger, TensorBoard.
   * NNC_CALLBACK_USER may come any number of times: each is a call of on_user_callback at
   * that place. */
  const nnc_callback *callback_order;
  int ncallback_order;
  /* A callback of the caller's own at the end of epoch `epoch` (from 1), called for
   * callback_order's NNC_CALLBACK_USER entries in turn, index counting them from 0, with the
   * logs as the callbacks before it left them (nnc_logs_set changes them for those after
   * it). Returns an nnc_fit_action, as on_epoch: NNC_FIT_STOP stops after this epoch's
   * callbacks have all run. NULL: the entries do nothing. */
  int (*on_user_callback)(int index, int epoch, nnc_logs *logs, void *user);
  /* Non-zero: the training data repeats without end, as a tf.data.Dataset's repeat(): an
   * epoch of steps_per_epoch (> 0) steps runs on into the next pass over the data (in a new
   * order when shuffle) instead of being cut short where the pass ends. */
  int repeat;
  nnc_tensorboard tensorboard;     /* off by default (log_dir NULL); runs after CSVLogger */
  /* Called after each validation batch of an epoch with user: the loss and metrics over the
   * validation samples so far (step from 1 of steps, the epoch's number), what Keras's
   * on_test_batch_end sees. In a data-parallel fit, this rank's batches. May be NULL. */
  void (*on_val_batch)(const nnc_batch_log *log, void *user);
} nnc_fit_options;
NNC_API nnc_fit_options nnc_fit_defaults(void);

typedef struct nnc_metrics {
  double loss, accuracy;           /* accuracy NaN if not asked */
  int nmetrics;                    /* the compiled metrics, as nnc_epoch_log's */
  const char *const *metric_keys;  /* owned by the model, until it is compiled again */
  double metrics[NNC_METRICS_MAX]; /* a vector metric's: the mean of its values */
} nnc_metrics;
/* The values of metric i (in compile's order) from the model's last nnc_model_evaluate or
 * nnc_model_evaluate_weighted: their count (1 for a scalar metric, the classes for a vector
 * metric, as nnc_epoch_log's) and in *values the values, owned by the model until its next
 * evaluate or compile (docs/c-api.md, Vector metrics). 0 and NULL when i is not a metric or
 * no evaluate has run since the compile; 0 (*values untouched) while the model is busy in
 * another thread's call. */
NNC_API int64_t nnc_model_metric_values(const nnc_model *m, int i, const double **values);

/* An empty model; free it with nnc_model_free. The seed fixes initial weights and shuffling. */
NNC_API nnc_status nnc_model_new(nnc_model **out);
/* nnc_model_new in context c (NULL: the default context), which must outlive the model. */
NNC_API nnc_status nnc_model_new_in(nnc_context *c, nnc_model **out);
NNC_API void nnc_model_free(nnc_model *m);
/* The seed (default 0) of a model's random numbers: xoshiro256** seeded through splitmix64,
 * one stream for the initial weights (drawn when the weights are built, layer by layer,
 * kernel then bias) and one for shuffling (advancing with each epoch). Set it before the
 * weights are built; the same seed and data give bit-identical weights. NNC_ERR_ARG for NULL. */
NNC_API nnc_status nnc_model_set_seed(nnc_model *m, uint64_t seed);
/* The Sequential form: the shape of one sample (without the batch dimension), a vector of
 * `features`; then each Dense layer reads the layer added before it. Without an input the
 * first fit/evaluate/predict takes the shape from x. These are nnc_model_input and
 * nnc_model_dense on the last layer added. */
NNC_API nnc_status nnc_model_add_input(nnc_model *m, int64_t features);
NNC_API nnc_status nnc_model_add_dense(nnc_model *m, const nnc_dense_options *d);
/* The Sequential form's input of any shape: one sample is [shape[0], ..., shape[rank-1]],
 * rank 1 to 3 (Keras's Input(shape=(28, 28))). NNC_ERR_ARG as nnc_model_add_input. */
NNC_API nnc_status nnc_model_add_input_shape(nnc_model *m, int rank, const int64_t *shape);
/* Keras's model.build(input_shape) for a model whose input shape is not given yet: one sample
 * is [shape[0], ..., shape[rank-1]] (no batch dimension). Infers every layer's shape and makes
 * the weights, as the first fit would. NNC_OK when the model is already built for that shape;
 * NNC_ERR_SHAPE when its input is another shape or a layer cannot take it; NNC_ERR_ARG for a
 * model without layers or a rank outside 1..3. */
NNC_API nnc_status nnc_model_build(nnc_model *m, int rank, const int64_t *shape);

/* Any layer by Keras's class name and its configuration, as Keras's layer.get_config() gives
 * it and its constructor takes it: a JSON object of arguments by name, e.g.
 *
 *     nnc_model_add_layer_config(m, "Dense", "{\"units\": 25, \"activation\": \"relu\", "
 *         "\"kernel_initializer\": {\"class_name\": \"RandomUniform\", "
 *         "\"config\": {\"minval\": -0.05, \"maxval\": 0.05, \"seed\": 7}}}");
 *
 * The classes, their arguments, defaults and weights are the rows of layers.def
 * (docs/model-files.md lists them): InputLayer, Dense, Activation, Add, Concatenate, Flatten,
 * Reshape, Dropout, BatchNormalization, LayerNormalization, ReLU, LeakyReLU, PReLU, ELU,
 * Softmax, Normalization. Every class also takes Keras's Layer arguments: name, trainable,
 * dtype, autocast, activity_regularizer, input_shape and input_dim (on the first layer of a
 * Sequential model they give it its input). Initializers, regularizers and constraints are
 * names ("he_normal", "l2", "max_norm") or objects {"class_name": ..., "config": {...}}
 * ("module" and "registered_name" keys are ignored). An activation is a name ("gelu"), an
 * object with arguments ({"class_name": "gelu", "config": {"approximate": true}}), Keras's
 * serialized function ({"class_name": "function", "config": "gelu"}), or, with "module":
 * "keras.ops", keras.ops.gelu given as a layer's activation: computed with keras.ops's defaults
 * (approximate true) and written back as "gelu", as Keras's get_config() writes it
 * (docs/model-files.md, Activations). config may be NULL or "" for {}.
 * The layer reads the last layer added (Sequential), or the ids given (below); the config is
 * copied. NNC_ERR_SYNTAX for text that is not a JSON object; NNC_ERR_ARG, naming the class and
 * the argument, for an unknown class or argument, a value of the wrong type or range, a
 * missing required argument, or an argument nnc does not implement given a value (the
 * message says which), and as the other builders below; NNC_ERR_SHAPE when the inputs'
 * shapes do not fit. A failed call adds nothing. */
NNC_API nnc_status nnc_model_add_layer_config(nnc_model *m, const char *cls, const char *config);
/* Checks a class and its configuration as nnc_model_add_layer_config does, with no model:
 * Keras's constructor's errors (shapes are checked when the layer is added). */
NNC_API nnc_status nnc_layer_check_config(const char *cls, const char *config);
/* The functional form of nnc_model_add_layer_config: the layer called on layers inputs[0..n)
 * (one for most classes; two or more for Add, Multiply, Average, Maximum, Minimum and
 * Concatenate; two for Subtract; one or two for Operation, a keras.ops node, or one for an
 * Operation of op "activation", keras.activations.NAME called on a Keras tensor, or of op
 * "ops_activation", keras.ops.NAME of the same activation, which Keras 3 makes as an
 * operation of its own: keras.ops.relu's Relu, not ReLU), its id in *id. */
NNC_API nnc_status nnc_model_layer_from_config(nnc_model *m, const char *cls, const char *config,
                                               int n, const int *inputs, int *id);
/* Calls the layer of layer `layer` again, on inputs[0..n): Keras's shared layer (a layer
 * object used twice). Both calls use the same weights, one tensor each, and training sums
 * their gradients. The inputs must have the shapes the layer was built for (NNC_ERR_SHAPE).
 * The new id names this call; nnc_model_layer tells that both are one layer (its `shared`).
 * NNC_ERR_ARG for an InputLayer or an id out of range. */
NNC_API nnc_status nnc_model_call_layer(nnc_model *m, int layer, int n, const int *inputs,
                                        int *id);
/* Calls layer `layer` of model `from` in m: Keras's layer object used by two models (an
 * encoder alone and inside an autoencoder). The two models hold the one layer, so they share
 * its weights: fitting either changes the other's predictions, whichever built them first.
 * On inputs[0..n) with *id as nnc_model_call_layer; with id NULL, Sequential's form: after
 * m's last layer (first, m takes an InputLayer from the layer's input_shape or input_dim, or
 * of unknown shape). The inputs must have the shapes the layer was built for
 * (NNC_ERR_SHAPE). NNC_ERR_ARG for NULL models, m compiled, an id out of range, an
 * InputLayer, or another layer of m with the same name. A failed call adds nothing. */
NNC_API nnc_status nnc_model_share_layer(nnc_model *m, nnc_model *from, int layer, int n,
                                         const int *inputs, int *id);
/* Keras's model inside a model: Sequential([base, Dense(10)]) is nnc_model_add_model(m,
 * base) then a Dense; x = base(inputs) is nnc_model_call_model(m, base, inputs, &x). inner, a
 * model with an input and layers, runs as one layer of m: added after the last layer (first,
 * m takes inner's input shape), or called on layer `input` (*id: inner's output there). The
 * layers are shared, not copied: both models read the same weights, so fitting m trains
 * inner, and inner's predictions see it (Keras's semantics). Summaries show inner as one
 * row, "sequential (Sequential)" with its parameter count; weight files name its weights under
 * its name: "sequential/dense/kernel", and in .weights.h5 "layers/sequential/layers/dense/...".
 * Both models stay usable and are freed on their own. NNC_ERR_ARG for NULL, m compiled,
 * inner being m or without input or layers, inner nesting a model itself (one level), a
 * name m has already (inner's or one of its layers'); NNC_ERR_SHAPE when the input's shape is
 * not inner's. A failed call adds nothing. */
NNC_API nnc_status nnc_model_add_model(nnc_model *m, nnc_model *inner);
NNC_API nnc_status nnc_model_call_model(nnc_model *m, nnc_model *inner, int input, int *id);
/* The layer's configuration as JSON, as Keras's get_config() writes it: every argument by name
 * with its value or Keras's default (objects as {"class_name": ..., "config": {...}}). The
 * caller frees it with nnc_string_free; NULL for a bad id or out of memory. */
NNC_API char *nnc_model_layer_config(const nnc_model *m, int layer);
/* Keras's model.to_json(): the architecture as the .keras archive's config.json holds it
 * (class_name, config with every layer's, build_config, and compile_config for a compiled
 * model), in *out, which the caller frees with nnc_string_free. NNC_ERR_ARG while the
 * model's input shape is not known or for a nested model, as nnc_model_save. */
NNC_API nnc_status nnc_model_to_json(const nnc_model *m, char **out);
/* The model's weight named as weight files name it ("dense/kernel",
 * "batch_normalization/moving_mean"); owned by the model,
 * valid until the model is freed. NULL before the weights are built (by m, or by a model m
 * is nested in, whose weights they are too) or for a name that is none of the model's. */
NNC_API nnc_tensor *nnc_model_weight(nnc_model *m, const char *name);
/* Keras's Normalization.adapt(data): layer `layer` (a Normalization made without mean and
 * variance) takes as its mean and variance those of data [n, ...] per index of its kept axes,
 * over every other axis (numpy's mean and biased variance, in double), now when its weights
 * exist, else when they are made. data (any dtype) is not kept. NNC_ERR_ARG for another
 * layer, a bad id or a NULL or freed tensor; NNC_ERR_SHAPE for data without samples or whose
 * kept axes differ from those the layer was built for. Nothing changes on failure. */
NNC_API nnc_status nnc_model_adapt(nnc_model *m, int layer, const nnc_tensor *data);

/* Typed shortcuts for C: the configs these build. Each appends (Sequential) when id is NULL
 * and input is ignored, else reads layer `input` and writes the new id to *id. */
NNC_API nnc_status nnc_model_flatten(nnc_model *m, int input, int *id);
/* rate in [0, 1]; seed < 0 for none (then one is drawn from the model's seed). */
NNC_API nnc_status nnc_model_dropout(nnc_model *m, int input, double rate, int64_t seed, int *id);

/* The functional form: layers are nodes of a graph, each named by an id (from 0, in the
 * order they were added) that the builder writes to *id. A layer reads layers added before
 * it, so the graph has no cycles. Layers are named as Keras names them, each kind with its
 * own counter: input_layer, dense, dense_1, activation, add, concatenate, ...; `name`
 * (NULL for the default; copied) overrides it, and a name already in the model is an error.
 * Every builder fails with NNC_ERR_ARG on a NULL model or id, an id that is not a layer of
 * the model, a bad name, or after nnc_model_compile, and with NNC_ERR_SHAPE when shapes do
 * not fit; a failed call adds nothing.
 *
 *     int x, h1, h2, s, y;
 *     int64_t shape[1] = {784};
 *     nnc_model_input(m, 1, shape, NULL, &x);
 *     nnc_dense_options d = nnc_dense(64, NNC_ACT_RELU);
 *     nnc_model_dense(m, x, &d, &h1);
 *     nnc_model_dense(m, h1, &d, &h2);
 *     int both[2] = {h1, h2};
 *     nnc_model_add_layer(m, 2, both, NULL, &s);
 *     d = nnc_dense(10, NNC_ACT_LINEAR);
 *     nnc_model_dense(m, s, &d, &y);
 *     nnc_model_set_outputs(m, 1, &y);
 *
 * One sample is [shape[0], ..., shape[rank-1]], rank 1 to 3 (x then has one more axis, the
 * samples, first). Layers act on the last axis unless they say otherwise (Flatten makes a
 * vector of each sample). A model may have several inputs (Keras's Model(inputs=[a, b])):
 * call nnc_model_input once for each; their order is the order of these calls unless
 * nnc_model_set_inputs gives another. fit, evaluate and predict of such a model take one x
 * holding every input's sample side by side, flattened, in that order (nnc_model_pack_inputs
 * makes it from one tensor per input). */
NNC_API nnc_status nnc_model_input(nnc_model *m, int rank, const int64_t *shape, const char *name,
                                   int *id);
/* The model's inputs in a new order (Keras's `inputs` list): ids[0..n) are its InputLayers,
 * each once. NNC_ERR_ARG for NULL, after nnc_model_compile, n other than the model's count of
 * inputs, or an id that is not one of them or comes twice; nothing changes on failure. */
NNC_API nnc_status nnc_model_set_inputs(nnc_model *m, int n, const int *ids);
/* The model's count of inputs (0 for NULL or none yet), and in *id (when not NULL) the
 * InputLayer id of input k, or -1 when k is out of range. */
NNC_API int nnc_model_input_count(const nnc_model *m, int k, int *id);
/* The x that fit, evaluate and predict of a model of several inputs take: a new tensor
 * [samples, F] of xs[0]'s dtype, where row i holds sample i of xs[0], xs[1], ... flattened
 * and side by side (F the sum of the inputs' sample sizes), written to *out (free it with
 * nnc_tensor_free). xs[k] is input k's data: [samples, its sample shape]. NNC_ERR_ARG for
 * NULL, n other than the model's count of inputs, or tensors of different dtypes;
 * NNC_ERR_SHAPE naming the input for a sample shape that is not the input's, or sample
 * counts that differ; NNC_ERR_NOMEM. */
NNC_API nnc_status nnc_model_pack_inputs(const nnc_model *m, int n, const nnc_tensor *const *xs,
                                         nnc_tensor **out);
/* Dense on layer `input` (the options' name applies). */
NNC_API nnc_status nnc_model_dense(nnc_model *m, int input, const nnc_dense_options *d, int *id);
/* An activation applied to layer `input`, with Keras's default arguments (NNC_ERR_ARG for one
 * that has none: NNC_ACT_THRESHOLD). */
NNC_API nnc_status nnc_model_activation(nnc_model *m, int input, nnc_activation a,
                                        const char *name, int *id);
/* Keras's Add: the elementwise sum of n >= 2 layers of the same shape (NNC_ERR_SHAPE
 * naming both shapes otherwise); any number of them. */
NNC_API nnc_status nnc_model_add_layer(nnc_model *m, int n, const int *inputs, const char *name,
                                       int *id);
/* Keras's Concatenate of n >= 2 layers along `axis`, counted as Keras counts it with the
 * batch axis first (1 or -1 for vectors); the other axes must agree. NNC_ERR_ARG for an
 * axis out of range, NNC_ERR_SHAPE for the batch axis (0, or -rank-1). */
NNC_API nnc_status nnc_model_concatenate(nnc_model *m, int n, const int *inputs, int axis,
                                         const char *name, int *id);
/* The model's output: n must be 1 for now (one output is supported). Without this call the
 * output is the last layer added. Every layer must lead to the output, or compile fails
 * with NNC_ERR_ARG naming the layer that does not. */
NNC_API nnc_status nnc_model_set_outputs(nnc_model *m, int n, const int *outputs);

/* The layer classes: the rows of layers.def, in order. */
typedef enum nnc_layer_kind {
  NNC_LAYER_INPUT, NNC_LAYER_DENSE, NNC_LAYER_ACTIVATION, NNC_LAYER_ADD, NNC_LAYER_CONCATENATE,
  NNC_LAYER_FLATTEN, NNC_LAYER_RESHAPE, NNC_LAYER_DROPOUT, NNC_LAYER_BATCH_NORMALIZATION,
  NNC_LAYER_LAYER_NORMALIZATION, NNC_LAYER_RELU, NNC_LAYER_LEAKY_RELU, NNC_LAYER_PRELU,
  NNC_LAYER_ELU, NNC_LAYER_SOFTMAX, NNC_LAYER_NORMALIZATION,
  NNC_LAYER_SUBTRACT, NNC_LAYER_MULTIPLY, NNC_LAYER_AVERAGE, NNC_LAYER_MAXIMUM, NNC_LAYER_MINIMUM,
  NNC_LAYER_OPERATION
} nnc_layer_kind;
/* Keras's class name of a kind ("BatchNormalization"); NULL for a value that is not one. */
NNC_API const char *nnc_layer_class(nnc_layer_kind k);
/* What nnc_model_layer tells of one layer call; pointers are owned by the model and valid
 * until the next call that adds a layer, or nnc_model_free. */
typedef struct nnc_layer_info {
  nnc_layer_kind kind;
  const char *name;                /* "dense_1" */
  const char *type;                /* Keras's class: "InputLayer", "Dense", "Activation", ...;
                                      an Operation's operation's: "Multiply", "Gelu", "ReLU" */
  int ninputs;
  const int *inputs;               /* the ids of the layers it reads */
  int64_t units;                   /* elements of one sample's output; 0 while not known */
  int64_t params;                  /* its weights' element count, trainable or not; 0 while
                                      not known */
  int weights;                     /* a layer with weights: its index for nnc_model_kernel/bias
                                      (the first call of a shared layer's), else -1 */
  int output;                      /* 1 for the model's output layer */
  int rank;                        /* of one sample's output (0 while not known) */
  int64_t shape[3];                /* that shape, rank dims of it */
  int64_t trainable_params;        /* those of params that train */
  int shared;                      /* the id of this layer's first call when this call is a
                                      later one (nnc_model_call_layer), else -1 */
} nnc_layer_info;
/* Number of layers, the input included (0 for NULL). */
NNC_API int nnc_model_layer_count(const nnc_model *m);
/* Layer `id`; NNC_ERR_ARG when out of range or NULL. */
NNC_API nnc_status nnc_model_layer(const nnc_model *m, int id, nnc_layer_info *out);
/* Builds and JIT-compiles the training step; weights are initialised here. */
NNC_API nnc_status nnc_model_compile(nnc_model *m, const nnc_compile_options *c);
/* x: [n, features] of the compiled dtype; y: [n, units] (or [n]/[n,1] of class ids for the
 * sparse loss, any numeric dtype). Fails with NNC_ERR_SHAPE when they disagree, and with
 * NNC_ERR_NUMERIC when a loss turns NaN or Inf, keeping the last good weights. */
NNC_API nnc_status nnc_model_fit(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y,
                                 const nnc_fit_options *f);
/* Asks every nnc_model_fit running in the process, in any thread, to stop after its current
 * training step; each then returns NNC_ERR_CANCELLED (message: the epoch and step) with the
 * model as that step left it: the weights and optimizer state after the step, the epoch
 * count of the last finished epoch (nnc_model_epoch), no on_epoch call for the unfinished
 * epoch. A fit started after the call is not affected. Async-signal-safe: made for a SIGINT
 * or SIGTERM handler (the nnc command's exits with 130 or 143 after the run's outputs are
 * written). Returns the number of fits that were running. */
NNC_API int nnc_cancel(void);
/* Data-parallel training over MPI (docs/distributed.md). After nnc_distributed_init, every
 * nnc_model_fit in this process is one rank of a data-parallel fit over the communicator:
 * each rank takes its shard of every global batch (batch_size is the global batch, as with
 * Keras's MirroredStrategy), the gradients are summed across ranks before the optimizer's
 * update, and every rank applies the same update, so the weights stay identical. Loss and
 * metrics are global means; the shuffle order, stop decisions and the starting weights are
 * rank 0's, broadcast. Every rank must call fit with the same model, data sizes and options.
 * Only rank 0 writes files (weights, checkpoints, logs): on other ranks each file nnc writes
 * goes to /dev/null, and each write waits for rank 0's, so a file saved can be read back on
 * any rank. comm: a pointer to an MPI_Comm (nnc.h does not include mpi.h), which nnc
 * duplicates; NULL for MPI_COMM_WORLD. MPI is initialised when the caller has not. Call it
 * once, before any fit, from the thread that calls MPI. The gradients are summed in buckets
 * by a thread of nnc's while backward runs when MPI gives MPI_THREAD_SERIALIZED (nnc asks
 * for it; a caller that initialises MPI should too), else once after backward; validation
 * is shared out by batches and its sums reduced. NNC_ERR_ARG when nnc was built
 * without MPI (the message says so) or when called twice. */
NNC_API nnc_status nnc_distributed_init(const void *comm);
/* This process's rank and the number of ranks: 0 and 1 before nnc_distributed_init. */
NNC_API int nnc_distributed_rank(void);
NNC_API int nnc_distributed_size(void);
/* Ends every process of the job with `code` (MPI_Abort): for a rank whose call failed while
 * the others may be waiting for it in a collective. Returns only without MPI (does nothing). */
NNC_API void nnc_distributed_abort(int code);
/* Frees the communicator and finalises MPI when nnc_distributed_init initialised it. */
NNC_API void nnc_distributed_finalize(void);
/* Asks the nnc_model_fit, nnc_model_evaluate or nnc_model_predict in flight on m to stop
 * before its next step or batch; it then returns NNC_ERR_CANCELLED (message: where), fit
 * with the state nnc_cancel describes, evaluate and predict with no result (*out NULL). A
 * call on m started afterwards is not affected. Safe from any thread and async-signal-safe:
 * the one nnc_model_* call that takes no lock, so it never gives NNC_ERR_BUSY. A callback
 * of fit (on_batch, on_epoch, on_epoch_begin) cancels its own fit with it. Returns 1 when a
 * thread was in a call on m, 0 when none was, -1 for NULL or a model not alive (with no
 * message: writing one is not async-signal-safe). */
NNC_API int nnc_model_cancel(nnc_model *m);
/* Keras's model.stop_training = True set during an epoch: the nnc_model_fit in flight on m
 * runs no further step; it finishes the epoch as Keras does (its logs over the steps it ran,
 * the validation, the end-of-epoch callbacks) and returns NNC_OK. Made from a callback of
 * the fit (on_batch); a fit started afterwards is not affected. Takes no lock, like
 * nnc_model_cancel, and returns as it does. In a data-parallel fit it is looked at when
 * the epoch ends (the ranks agree on a stop there), not after each step. */
NNC_API int nnc_model_stop_training(nnc_model *m);
/* More on fit: f NULL means nnc_fit_defaults(). On NNC_ERR_NUMERIC the message names the
 * epoch and step, and the weights and optimizer state are those of the last good step: as
 * they were before the step whose loss was NaN or Inf (should those hold a NaN or Inf
 * themselves, the latest earlier finite ones, at most 64 steps back or to the start of the
 * epoch); nnc_model_epoch is the last epoch finished. Each epoch shuffles the samples from
 * their original order with the model's RNG. Each epoch's loss is the mean over all its samples (every batch,
 * the smaller last one included, weighted by its size), computed before each step's update.
 * evaluate and predict need batch_size >= 1 (NNC_ERR_ARG otherwise). */
NNC_API nnc_status nnc_model_evaluate(nnc_model *m, const nnc_tensor *x, const nnc_tensor *y,
                                      int64_t batch_size, nnc_metrics *out);
/* Keras's evaluate(x, y, sample_weight=w): w holds one weight per sample ([n] or [n, 1], any
 * numeric dtype, finite and >= 0). The loss is Keras 3's weighted one, Σ w·loss / n (the
 * regularizers' terms added as always); compile's metrics stay unweighted, as in Keras,
 * which weighs only weighted_metrics. NNC_ERR_SHAPE for a count that is not y's, NNC_ERR_ARG
 * for a NULL w or a bad weight; otherwise as nnc_model_evaluate. */
NNC_API nnc_status nnc_model_evaluate_weighted(nnc_model *m, const nnc_tensor *x,
                                               const nnc_tensor *y,
                                               const nnc_tensor *sample_weight,
                                               int64_t batch_size, nnc_metrics *out);
/* evaluate with Keras's per-batch callbacks: on_batch is called after each batch with user
 * and the loss and metrics over the samples so far (epoch 1 of 1, step from 1 of steps),
 * what Keras's on_test_batch_end sees. sample_weight NULL: unweighted. */
typedef struct nnc_evaluate_options {
  size_t struct_size;              /* set by nnc_evaluate_defaults() (docs/c-api.md, Versions) */
  int64_t batch_size;              /* 32 */
  const nnc_tensor *sample_weight; /* NULL, or nnc_model_evaluate_weighted's (not owned) */
  void (*on_batch)(const nnc_batch_log *log, void *user); /* may be NULL */
  void *user;
} nnc_evaluate_options;
NNC_API nnc_evaluate_options nnc_evaluate_defaults(void);
/* nnc_model_evaluate, or _weighted with o->sample_weight, and o's hook; o NULL: defaults. */
NNC_API nnc_status nnc_model_evaluate_with(nnc_model *m, const nnc_tensor *x,
                                           const nnc_tensor *y, const nnc_evaluate_options *o,
                                           nnc_metrics *out);
/* A new [n, units] tensor the caller frees. */
NNC_API nnc_status nnc_model_predict(nnc_model *m, const nnc_tensor *x, int64_t batch_size,
                                     nnc_tensor **out);
/* Number of trainable parameters, 0 before the input is known. */
NNC_API int64_t nnc_model_param_count(const nnc_model *m);
/* Number of non-trainable parameters (BatchNormalization's moving statistics, Normalization's
 * mean, variance and count, layers made with trainable false), 0 before the input is known. */
NNC_API int64_t nnc_model_non_trainable_count(const nnc_model *m);
/* The weights of the layer-with-weights number `layer` (from 0, in the order those layers
 * were added; in a Sequential model of Dense layers, the Dense layers in order): its weights
 * named "kernel" [inputs, units] and "bias" [units] (NULL for a layer without one; see
 * nnc_model_weight for others); owned by the model, valid until it is freed. NULL before the
 * weights are built or when out of range. */
NNC_API nnc_tensor *nnc_model_kernel(nnc_model *m, int layer);
NNC_API nnc_tensor *nnc_model_bias(nnc_model *m, int layer);
/* Prints the model's summary to `out` as Keras 3's model.summary() prints it, without its
 * colours: Model: "NAME", a table of the layers (Layer (type), Output Shape, Param #, and
 * Connected to for a functional model that is not a plain chain) in box characters, then
 * the total, trainable and non-trainable parameter counts with their size in bytes
 * ("Total params: 20,031 (78.25 KB)"), and once fit has run since compile, the optimizer's
 * variables as Keras counts them ("Optimizer params", part of the total). A Sequential
 * model (built with nnc_model_add_input/add_dense) whose input size is not known yet prints
 * as Keras prints an unbuilt model: Output Shape "?", each Dense layer "0 (unbuilt)".
 * line_length: the table's width in characters, or 0 for Keras's default (88, 108 with
 * Connected to, but at most the terminal's width less 4: $COLUMNS, else stdout's terminal,
 * else 80). Nothing is allocated; `out` is the caller's. NNC_ERR_ARG for NULL, a negative
 * line_length or one too narrow for the columns; NNC_ERR_IO when writing fails. */
NNC_API nnc_status nnc_model_summary(const nnc_model *m, FILE *out, int line_length);
/* Writes what Keras's plot_model draws, the model's forward graph for one sample (its
 * input through the layers to the prediction, no loss), as a Graphviz DOT picture to
 * `out` (render it with `dot -Tsvg`; the nnc command renders it for plot_model). Builds
 * the model first (makes its weights) when its input size is known. NNC_ERR_ARG for NULL
 * or a model whose input size is not known yet; NNC_ERR_IO when writing fails. */
NNC_API nnc_status nnc_model_plot_dot(nnc_model *m, FILE *out);
/* The model's name, as the summary shows it (copied; NULL restores the default: "functional"
 * for a model made with nnc_model_input, else "sequential").
 * NNC_ERR_ARG for a NULL model, NNC_ERR_NOMEM. */
NNC_API nnc_status nnc_model_set_name(nnc_model *m, const char *name);
/* The optimizer's learning rate now (Keras's model.optimizer.learning_rate): the variable,
 * or the schedule's value at nnc_model_iterations; rounded to the model's dtype, as the
 * training step uses it. NAN before nnc_model_compile or for NULL. */
NNC_API double nnc_model_learning_rate(const nnc_model *m);
/* Sets the learning-rate variable (model.optimizer.learning_rate = lr): the next training
 * step uses it, nothing is recompiled. A new nnc_model_compile starts from the options' rate
 * again. NNC_ERR_ARG before compile, for lr < 0 or not finite, and when the optimizer was
 * compiled with a schedule (Keras: "its learning rate is not settable"). */
NNC_API nnc_status nnc_model_set_learning_rate(nnc_model *m, double lr);
/* Training steps applied since nnc_model_compile (Keras's optimizer.iterations): a schedule's
 * step. Checkpoints keep it. 0 for NULL. */
NNC_API int64_t nnc_model_iterations(const nnc_model *m);
/* Keras's optimizer.exclude_from_weight_decay(var_names=...): weight decay skips a weight
 * whose variable name ("kernel", "bias": its name without the layer's) contains one of the
 * n strings (Keras searches them as regular expressions; nnc matches them as plain
 * substrings). Replaces an earlier list. Call it after nnc_model_compile, which starts with
 * none, and before the first fit after it (Keras: "before the optimizer is built"):
 * NNC_ERR_ARG otherwise, and for NULL names; NNC_ERR_NOMEM. */
NNC_API nnc_status nnc_model_exclude_from_weight_decay(nnc_model *m, int n,
                                                       const char *const *var_names);
/* Milliseconds spent building, optimising and JIT-compiling the first training step the
 * model compiled (for batch size 32 at nnc_model_compile when the input is known, else at
 * the first fit); 0 before. A new nnc_model_compile resets it. Never fails (0 for NULL). */
NNC_API double nnc_model_compile_ms(const nnc_model *m);

/* ---------------------------------------------------------------------------------------
 * Graph level. Values are owned by their graph and live until nnc_graph_free. */
typedef struct nnc_graph nnc_graph;
typedef struct nnc_value nnc_value;
typedef struct nnc_function nnc_function;

typedef enum nnc_cmp { NNC_CMP_LT, NNC_CMP_LE, NNC_CMP_GT, NNC_CMP_GE, NNC_CMP_EQ, NNC_CMP_NE } nnc_cmp;

NNC_API nnc_status nnc_graph_new(nnc_graph **out);
/* As nnc_graph_new, in context c (NULL: the default): the graph's memory, and that of the
 * functions compiled from it, comes from c's allocator. NNC_ERR_ARG for a freed context. */
NNC_API nnc_status nnc_graph_new_in(nnc_context *c, nnc_graph **out);
NNC_API void nnc_graph_free(nnc_graph *g);
/* NNC_OK, or the first error a builder recorded (its message is in nnc_graph_error). */
NNC_API nnc_status nnc_graph_status(const nnc_graph *g);
NNC_API const char *nnc_graph_error(const nnc_graph *g);
/* The graph in the IR text format; the caller frees the string with nnc_string_free. */
NNC_API char *nnc_graph_print(const nnc_graph *g);
NNC_API void nnc_string_free(char *s);

/* Leaves. Names must be unique within the graph. */
NNC_API nnc_value *nnc_input(nnc_graph *g, const char *name, nnc_dtype t, int rank, const int64_t *shape);
NNC_API nnc_value *nnc_param(nnc_graph *g, const char *name, nnc_dtype t, int rank, const int64_t *shape,
                             nnc_initializer init);
NNC_API nnc_value *nnc_scalar(nnc_graph *g, nnc_dtype t, double value);
/* Elementwise; binary ops broadcast as NumPy does. */
NNC_API nnc_value *nnc_add(nnc_graph *g, nnc_value *a, nnc_value *b);
NNC_API nnc_value *nnc_sub(nnc_graph *g, nnc_value *a, nnc_value *b);
NNC_API nnc_value *nnc_mul(nnc_graph *g, nnc_value *a, nnc_value *b);
NNC_API nnc_value *nnc_div(nnc_graph *g, nnc_value *a, nnc_value *b);
NNC_API nnc_value *nnc_maximum(nnc_graph *g, nnc_value *a, nnc_value *b);
NNC_API nnc_value *nnc_minimum(nnc_graph *g, nnc_value *a, nnc_value *b);
NNC_API nnc_value *nnc_compare(nnc_graph *g, nnc_cmp c, nnc_value *a, nnc_value *b); /* 1 or 0 */
NNC_API nnc_value *nnc_select(nnc_graph *g, nnc_value *cond, nnc_value *a, nnc_value *b);
NNC_API nnc_value *nnc_neg(nnc_graph *g, nnc_value *x);
NNC_API nnc_value *nnc_exp(nnc_graph *g, nnc_value *x);
NNC_API nnc_value *nnc_log(nnc_graph *g, nnc_value *x);
NNC_API nnc_value *nnc_sqrt(nnc_graph *g, nnc_value *x);
NNC_API nnc_value *nnc_abs(nnc_graph *g, nnc_value *x);
NNC_API nnc_value *nnc_pow(nnc_graph *g, nnc_value *x, double exponent);
NNC_API nnc_value *nnc_sigmoid(nnc_graph *g, nnc_value *x);
NNC_API nnc_value *nnc_relu(nnc_graph *g, nnc_value *x);
NNC_API nnc_value *nnc_tanh(nnc_graph *g, nnc_value *x);
NNC_API nnc_value *nnc_leaky_relu(nnc_graph *g, nnc_value *x, double slope);
/* The error function, elementwise; float operands only. */
NNC_API nnc_value *nnc_erf(nnc_graph *g, nnc_value *x);
/* Keras 3's gelu (keras.ops.gelu): x P(X <= x) for X ~ N(0,1), 0.5 x (1 + erf(x / sqrt 2));
 * approximate != 0: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). Float operands only. */
NNC_API nnc_value *nnc_gelu(nnc_graph *g, nnc_value *x, int approximate);
/* log(1 + e^x), computed stably (Keras's softplus); float operands only. */
NNC_API nnc_value *nnc_softplus(nnc_graph *g, nnc_value *x);
/* x above 0, alpha (e^x - 1) below (Keras's elu); float operands only, alpha finite. */
NNC_API nnc_value *nnc_elu(nnc_graph *g, nnc_value *x, double alpha);
/* x tanh(softplus(x)) (Keras's mish); float operands only. */
NNC_API nnc_value *nnc_mish(nnc_graph *g, nnc_value *x);
/* Keras's activation a on x (rank >= 1; ROW activations such as softmax and glu read the
 * last axis) with its arguments args[0..NNC_ACT_ARGS) (nnc_activation_defaults; NULL for
 * the defaults): what Dense(activation=...) computes. NULL, with the graph's error set, for
 * arguments Keras refuses or nnc cannot do (an axis other than the last). */
NNC_API nnc_value *nnc_activate(nnc_graph *g, nnc_activation a, const double *args, nnc_value *x);
/* [M,K] x [K,N] -> [M,N]; trans_a/trans_b read an operand transposed. */
NNC_API nnc_value *nnc_matmul_t(nnc_graph *g, nnc_value *a, nnc_value *b, int trans_a, int trans_b);
NNC_API nnc_value *nnc_matmul(nnc_graph *g, nnc_value *a, nnc_value *b);
NNC_API nnc_value *nnc_transpose(nnc_graph *g, nnc_value *x);
/* Reductions over the axes whose bits are set (~0u: all). */
NNC_API nnc_value *nnc_sum(nnc_graph *g, nnc_value *x, unsigned axes, int keepdims);
NNC_API nnc_value *nnc_mean(nnc_graph *g, nnc_value *x, unsigned axes, int keepdims);
NNC_API nnc_value *nnc_softmax(nnc_graph *g, nnc_value *x);     /* over the last axis */
NNC_API nnc_value *nnc_log_softmax(nnc_graph *g, nnc_value *x); /* over the last axis */
NNC_API nnc_value *nnc_reshape(nnc_graph *g, nnc_value *x, int rank, const int64_t *shape);
/* A Keras loss of a batch: a scalar, the mean over the samples. */
NNC_API nnc_value *nnc_loss(nnc_graph *g, nnc_loss_kind k, nnc_value *pred, nnc_value *target, int from_logits);
/* Keras's loss k with its arguments args[0..NNC_LOSS_ARGS) (nnc_loss_defaults; NULL for the
 * defaults) and per-sample weights (NULL: none; shape [n] or [n, 1] for pred [n, ...]): the
 * mean over the batch of loss_i * sample_weight_i, as Keras's "sum_over_batch_size". NULL,
 * with the graph's error set, for arguments Keras refuses or shapes that do not fit. */
NNC_API nnc_value *nnc_loss_weighted(nnc_graph *g, nnc_loss_kind k, int from_logits,
                                     const double *args, nnc_value *pred, nnc_value *target,
                                     nnc_value *sample_weight);

/* Appends the backward pass: grads[i] = d y / d wrt[i] for a scalar y. */
NNC_API nnc_status nnc_grad(nnc_graph *g, nnc_value *y, int n, nnc_value *const *wrt, nnc_value **grads);

/* Compiles g into a function. Its arguments, in order: the graph's inputs and params in the
 * order they were created, then one buffer per output. The function keeps its own copy of
 * the graph; g may be freed or changed afterwards. */
NNC_API nnc_status nnc_jit(nnc_graph *g, int noutputs, nnc_value *const *outputs, nnc_function **out);
NNC_API void nnc_function_free(nnc_function *f);
NNC_API int nnc_function_arity(const nnc_function *f);
/* Element count of argument i, or -1 when out of range. */
NNC_API int64_t nnc_function_arg_numel(const nnc_function *f, int i);
/* args[i] points to a caller-owned buffer of the argument's dtype and element count. May run
 * on many threads at once (each call has its own scratch). */
NNC_API nnc_status nnc_function_call(nnc_function *f, void *const *args);

/* A training step: one function that runs the forward pass, the backward pass of `loss` (a
 * float scalar) and opt's update of params[0..nparams) (nnc_param values of g, each once),
 * Keras's optimizer (clipping, weight decay, then the rule of names/optimizers.def) applied
 * as a compiled Keras model applies it. Its arguments are nnc_jit's: g's inputs and params
 * in creation order, then one result, the loss before the update; each call updates the
 * params' buffers in place (params not listed are read only). The optimizer's state (Adam's
 * m and v, the powers of beta that stand for the iteration count, the learning rate) belongs
 * to the function: made at compile (zeros, Adagrad's initial_accumulator_value), carried from
 * call to call and freed by nnc_function_free, so a caller passes only what it owns and two
 * functions never share a state by mistake. Calls of one such function run one at a time
 * (NNC_ERR_BUSY while another thread's call runs). The function counts its calls (Keras's
 * optimizer.iterations, from 0: nnc_function_iterations); with opt->learning_rate_schedule
 * (copied, PiecewiseConstantDecay's arrays too) each call first sets the rate to the
 * schedule's value at that count, rounded to the params' dtype, as nnc_model_fit does for a
 * model compiled with it. NNC_ERR_ARG for a NULL out or opt, a loss that is not a float scalar
 * of g, a param that is not one of g's nnc_param values, or an argument of opt or of its
 * schedule Keras refuses; a call whose custom schedule gives a rate below 0 or not finite
 * returns NNC_ERR_ARG naming the step, and runs nothing. */
NNC_API nnc_status nnc_train_step(nnc_graph *g, nnc_value *loss, int nparams,
                                  nnc_value *const *params, const nnc_optimizer *opt,
                                  nnc_function **out);

/* A training step's calls so far (the step its schedule is at); 0 for another function. */
NNC_API int64_t nnc_function_iterations(const nnc_function *f);
/* The learning rate a training step's next call uses (its schedule's value at
 * nnc_function_iterations, rounded to the params' dtype); NAN, with NNC_ERR_ARG in
 * nnc_last_error, for a function not made by nnc_train_step. Safe from any thread (a custom
 * schedule's fn is then called on that thread). */
NNC_API double nnc_function_learning_rate(const nnc_function *f);

/* The bridge: model m's prediction step as a new graph (free it with nnc_graph_free), the
 * very graph nnc_model_predict compiles for batches of `batch` samples (inference: dropout
 * off). Its leaves: *x, the input "x" [batch, ...one sample...], then the model's weights
 * as params named as weight files name them ("dense/kernel"; their values are
 * nnc_model_weight's); *pred is the prediction [batch, units]. nnc_grad, the builders and
 * nnc_jit take it as any graph. NNC_ERR_ARG for a batch below 1, or before nnc_model_compile
 * with the input shape known. */
NNC_API nnc_status nnc_model_graph(nnc_model *m, int64_t batch, nnc_graph **out,
                                   nnc_value **x, nnc_value **pred);

/* ---------------------------------------------------------------------------------------
 * Checked calls and the arguments a function takes (docs/c-api.md). Every call below is
 * safe from any thread while f lives; a freed f gives NNC_ERR_ARG in most cases. */
/* Results among the arity arguments: the last nnc_function_results(f) of them. */
NNC_API int nnc_function_results(const nnc_function *f);
/* The name argument i was given (nnc_input, nnc_param), or for result k "output_k" (as
 * TensorFlow names a signature's unnamed outputs; a training step's one result, its loss, is
 * "output_0"); owned by f. NULL for an i out of range, with NNC_ERR_ARG in nnc_last_error. */
NNC_API const char *nnc_function_arg_name(const nnc_function *f, int i);
/* Argument i's dtype, rank and shape (shape has room for 4 dims; any pointer may be NULL).
 * NNC_ERR_ARG for an i out of range. */
NNC_API nnc_status nnc_function_arg_type(const nnc_function *f, int i, nnc_dtype *dtype,
                                         int *rank, int64_t *shape);
/* nnc_function_call with each buffer's size in bytes: refuses (NNC_ERR_ARG, naming the
 * argument, what it needs and what it got) nargs other than the arity, a buffer shorter than
 * its argument's element count times its dtype's size, or a NULL one; runs nothing then. */
NNC_API nnc_status nnc_function_call_checked(nnc_function *f, int nargs, void *const *args,
                                             const size_t *bytes);

/* ---------------------------------------------------------------------------------------
 * Data files beyond .npy, and model weights (csv.c, idx.c, safetensors.c, weights.c).
 *
 * nnc_tensor_load also reads, by file name: .csv and .csv.gz as nnc_tensor_load_csv with
 * NNC_CSV_HEADER_AUTO; .idx, -ubyte (and either with .gz) as nnc_tensor_load_idx without
 * flags. Other names are read as .npy. Errors name the file and a byte offset, or for CSV
 * FILE:LINE:COL; nothing larger than the (decompressed) file is ever allocated. */

typedef enum nnc_csv_header {
  NNC_CSV_HEADER_AUTO,          /* the first row is a header when one of its fields is not a number */
  NNC_CSV_HEADER_NONE,          /* every row is data */
  NNC_CSV_HEADER_SKIP           /* the first row is a header, whatever it holds */
} nnc_csv_header;
/* Reads a numeric CSV file (gzip-compressed or not) into a new [rows, cols] tensor of dtype
 * `want`. Fields are separated by commas only; LF or CRLF line ends, blank lines and blanks
 * around fields are ignored. Every data field must be a decimal number: an empty field, NaN,
 * Inf, text, or a value outside the dtype's range (I32: a non-integer too) is an error, as
 * is a row whose field count differs from the first row's. The caller frees *out (NULL on
 * failure). NNC_ERR_IO: missing, unreadable or a directory; NNC_ERR_CORRUPT: bad contents,
 * with the message "FILE:LINE:COL: error: ..."; NNC_ERR_ARG: bad arguments. */
NNC_API nnc_status nnc_tensor_load_csv(const char *path, nnc_dtype want, nnc_csv_header header,
                                       nnc_tensor **out);
NNC_API nnc_status nnc_tensor_load_csv_in(nnc_context *c, const char *path, nnc_dtype want,
                                          nnc_csv_header header, nnc_tensor **out);

#define NNC_IDX_SCALE 1u        /* u8 elements divided by 255: pixels in [0, 1] */
/* Reads an IDX file (the MNIST format; gzip-compressed or not) into a new tensor of the
 * file's shape (rank <= 4) and dtype `want`, converting the elements (to I32 by truncation).
 * Element types: u8, i8, i16, i32, f32, f64. flags: 0 or NNC_IDX_SCALE (u8 files only, else
 * NNC_ERR_ARG). The caller frees *out (NULL on failure). NNC_ERR_IO: missing, unreadable or
 * a directory; NNC_ERR_CORRUPT: bad magic or type, truncated, trailing bytes, dimensions the
 * file cannot back (message: file and byte offset, decompressed for gzip); NNC_ERR_SHAPE:
 * rank above 4. */
NNC_API nnc_status nnc_tensor_load_idx(const char *path, nnc_dtype want, unsigned flags,
                                       nnc_tensor **out);
NNC_API nnc_status nnc_tensor_load_idx_in(nnc_context *c, const char *path, nnc_dtype want,
                                          unsigned flags, nnc_tensor **out);

/* Saves the model's weights in the format its name ends with:
 * - ".weights.h5": Keras 3's HDF5 layout (model.save_weights), which Keras's load_weights
 *   reads: datasets "layers/<class>[_N]/vars/<i>" (dense, dense_1, ...: each layer's class
 *   numbered in order, Dense's variables 0 = kernel, 1 = bias), name attributes as Keras
 *   writes them, and for a compiled model its optimizer's variables "optimizer/vars/<i>" as
 *   in nnc_model_save_keras's archive (the iteration and the rate, each weight's slots once
 *   fit has run);
 * - ".safetensors": tensors named as Keras names its variables, "<layer>/kernel" [inputs,
 *   units] and "<layer>/bias" [units] (for layers with a bias), layers named dense,
 *   dense_1, ... unless given a name.
 * Any other name is refused with NNC_ERR_ARG (Keras too refuses save_weights("w.h5")), and
 * the message says what a known extension promises (w.h5 HDF5, m.keras a zip archive).
 * dtype F32 or F64 as compiled. The file is written as nnc_tensor_save writes, so path is
 * either the old file or the complete new one. A model whose input shape is known has its
 * weights made first if they do not exist yet (as Keras builds a model at its Input,
 * compiled or not; the same weights compile would make); NNC_ERR_ARG for a model without
 * one (give it an input, or fit it once), NNC_ERR_IO when writing fails. */
NNC_API nnc_status nnc_model_save_weights(nnc_model *m, const char *path);
/* Loads weights saved by nnc_model_save_weights: a ".weights.h5" file (Keras's own too), a
 * ".keras" archive's (its model.weights.h5, as Keras's load_weights reads it) or
 * a safetensors file with exactly those names,
 * shapes and dtype (any other name but .h5 and .hdf5), or a legacy .h5/.hdf5 file (a model
 * file Keras or nnc saved, Keras 2's save_weights file) as Keras 3's load_weights reads it:
 * the file's layers that hold weights taken in order by the model's layers that have them,
 * each weight by the last part of its dataset's path ("kernel", "kernel:0"), with Keras's
 * messages after the file's name for a count of layers or weights that differs
 * (NNC_ERR_ARG, "w.h5: Layer count mismatch when loading weights from file. ...") and a
 * shape (NNC_ERR_SHAPE, "w.h5: Shape mismatch in layer #0 (named dense)for weight ..."). An HDF5 file is parsed by libhdf5 in a child process, so
 * a corrupt one that crashes libhdf5 fails with NNC_ERR_CORRUPT. Every tensor is checked before any weight changes: a missing,
 * extra, wrongly shaped or wrongly typed tensor leaves the model as it was, and the message
 * names the tensor and what was expected and found (NNC_ERR_SHAPE, NNC_ERR_TYPE, or
 * NNC_ERR_CORRUPT for a missing or extra name); a malformed file fails as in reading it.
 * A .weights.h5 file's optimizer variables are restored into a compiled model as Keras's
 * load_weights restores them, the iteration count included, when their count is the
 * model's: a model whose optimizer fit has built has every slot, one only compiled the
 * iteration and the rate alone, so it skips a trained model's file with Keras's warning on
 * stderr ("UserWarning: Skipping variable loading for optimizer 'adam', because it has 2
 * variables whereas the saved optimizer has 20 variables. ") and keeps its optimizer state,
 * as it does for a file without them; one of another shape is NNC_ERR_SHAPE, naming it. A
 * model not compiled ignores them. Otherwise the optimizer state is kept. The weights are
 * made first as nnc_model_save_weights makes them; NNC_ERR_ARG for a model without an input shape, and for a checkpoint (load it with
 * nnc_model_load_checkpoint). */
NNC_API nnc_status nnc_model_load_weights(nnc_model *m, const char *path);
/* The same, Keras's load_weights(path, skip_mismatch=...). With skip_mismatch non-zero, a
 * .weights.h5 or .keras file loads as Keras 3 loads it: each layer whose group in the file
 * holds as many variables as the layer has takes them in order up to the first of another
 * shape; a layer whose count differs (or that the file lacks) takes nothing, and the file's
 * layers the model lacks are ignored. The layers that did not load all or part of theirs
 * are named in Keras's warning on stderr ("UserWarning: A total of 1 objects could not be
 * loaded. Example error message for object <Dense name=out, built=True>: ..."). A dataset
 * of another dtype (NNC_ERR_TYPE) or a layer's datasets not numbered 0, 1, ...
 * (NNC_ERR_CORRUPT) change nothing, and so does an optimizer variable of another shape
 * (NNC_ERR_SHAPE, as without it). From a legacy .h5/.hdf5 file, a weight of another shape
 * keeps its value, each with Keras's warning ("UserWarning: Skipping loading weights for
 * layer #0 (named dense)due to mismatch in shape for weight ..."). NNC_ERR_ARG for
 * skip_mismatch with a file of nnc's own (safetensors), whose tensors match by name. */
NNC_API nnc_status nnc_model_load_weights_with(nnc_model *m, const char *path,
                                               int skip_mismatch);

/* Writes the model's inference graph as an ONNX file (opset 17): input [batch, ...one
 * sample's shape] with a symbolic batch dimension, named after the input layer (one such
 * input per InputLayer, in the model's order, for a model of several inputs); the trained
 * weights as initializers (a shared layer's once); Dense as Gemm (MatMul without a bias;
 * MatMul and Add on a sample of more than one axis) followed by its activation as the
 * standard ONNX op (Relu, Sigmoid, Softmax, Elu, Selu, HardSigmoid, Shrink, ...) or a small
 * composition of them (GELU through Erf, SiLU, Mish, relu with arguments, ...: every
 * activation but glu and sparsemax); Add as Sum, Concatenate as Concat, Flatten and Reshape
 * as Reshape, BatchNormalization of vector samples as BatchNormalization (its moving
 * statistics), Dropout as nothing; the output named after the output layer; f32 or f64 as
 * compiled. Written atomically, as save_weights writes. NNC_ERR_ARG before the weights exist
 * or for a layer or activation with no ONNX form yet (named: LayerNormalization, glu),
 * NNC_ERR_IO, NNC_ERR_NOMEM. */
NNC_API nnc_status nnc_model_export_onnx(nnc_model *m, const char *path);

/* Reads an MLP from an ONNX file into a new model (free it with nnc_model_free), with its
 * weights, ready for nnc_model_compile, fit, predict, summary and export: a functional
 * model whose input is the graph's input flattened to a vector. It takes what exporters
 * write for MLPs: Gemm, or MatMul with a constant and an Add of a constant vector, as
 * Dense; the single-op activations Relu, Sigmoid, Tanh, Softmax and LogSoftmax (last
 * axis), LeakyRelu, Elu, Celu, Selu, Softplus, Softsign, HardSigmoid, HardSwish, Exp, Mish
 * and Shrink, where their attributes give a Keras activation; Add or Sum of layers;
 * Concat on axis 1; BatchNormalization after a Dense (folded into its weights); Flatten,
 * Reshape to [batch, features], Dropout and Identity (passed through); Constant. Weights
 * become f32. NNC_ERR_ARG naming the node and its op type for anything else (nothing is
 * made), NNC_ERR_IO, NNC_ERR_CORRUPT (not an ONNX model), NNC_ERR_SHAPE, NNC_ERR_NOMEM. */
NNC_API nnc_status nnc_model_load_onnx(const char *path, nnc_model **out);
NNC_API nnc_status nnc_model_load_onnx_in(nnc_context *c, const char *path, nnc_model **out);

/* Keras 3's .keras archive (model.save("m.keras")): a zip of config.json (the architecture
 * as Keras serializes it: a Sequential model, or a functional one with its layers' calls;
 * and for a compiled model its compile_config: optimizer, loss and metrics as Keras 3
 * writes them), metadata.json and model.weights.h5 (the weights as nnc_model_save_weights
 * writes a .weights.h5 file), which keras.models.load_model reads. A name ending in ".h5"
 * or ".hdf5" (not ".weights.h5") writes Keras's legacy whole-model HDF5 file instead
 * (model_config and training_config attributes, the weights under "model_weights"), as
 * Keras 3's model.save("m.h5") does. A compiled model's archive also holds its optimizer's
 * variables as Keras 3 lists them, under "optimizer/vars/0".. of model.weights.h5: the
 * iteration count (int32), the learning rate (unless a schedule gives it) and, once fit has
 * run, every trainable weight's slots (Adam's momentum and velocity, ...), so Keras
 * continues training where nnc stopped. The legacy .h5 file holds the same variables as
 * Keras 3's writes them, in its group "optimizer_weights" (weight_names: their paths,
 * "adam/iteration", "adam/sequential_dense_kernel_momentum", ...). Neither holds the compile
 * configuration of a model compiled with a schedule or a custom loss. Written atomically.
 * NNC_ERR_ARG for another name or before the weights exist, NNC_ERR_IO, NNC_ERR_NOMEM. */
NNC_API nnc_status nnc_model_save_keras(nnc_model *m, const char *path);
/* The same, Keras's model.save(path, include_optimizer=...): with include_optimizer 0 the
 * legacy .h5 file holds no "optimizer_weights" (a .keras archive is the same either way, as
 * in Keras 3). */
NNC_API nnc_status nnc_model_save_keras_with(nnc_model *m, const char *path,
                                             int include_optimizer);
/* Reads a .keras archive, or a legacy ".h5"/".hdf5" model file, into a new model (free it
 * with nnc_model_free): its architecture from config.json (the file's model_config),
 * rebuilt from the layer classes nnc has (nnc_model_add_layer_config's checks: any other
 * class is refused by its name), and its weights, ready for fit, predict, summary and the
 * savers: compiled, as Keras's load_model compiles it, when the file holds a
 * compile_config (training_config) with a loss; else for nnc_model_compile. A compiled
 * model gets the archive's optimizer variables back (slots, rate, iteration count:
 * nnc_model_iterations), so fit goes on as in Keras; when their count is not the model's
 * (an archive of a model compiled but never trained) they are skipped with Keras's warning,
 * "UserWarning: Skipping variable loading for optimizer 'adam', because it has 6 variables
 * whereas the saved optimizer has 2 variables. ", and the optimizer starts afresh; one of
 * another shape is NNC_ERR_SHAPE naming it ("optimizer/vars/2"). A legacy .h5 file's
 * "optimizer_weights" are assigned in its weight_names order as Keras's set_weights assigns
 * them: the first one of another shape stops it with Keras's warning ("WARNING:absl:Error in
 * loading the saved optimizer state. ..."); a listed dataset missing is NNC_ERR_CORRUPT
 * naming it. NNC_ERR_ARG (a
 * class, argument or compile setting nnc refuses), NNC_ERR_IO, NNC_ERR_CORRUPT (not a zip
 * or HDF5 model file, a member missing or damaged, a config that is not a model's),
 * NNC_ERR_SHAPE (weights that do not fit), NNC_ERR_TYPE, NNC_ERR_NOMEM; every message
 * names the file (and the archive's member). */
NNC_API nnc_status nnc_model_load_keras(const char *path, nnc_model **out);
NNC_API nnc_status nnc_model_load_keras_in(nnc_context *c, const char *path, nnc_model **out);

/* TensorFlow.js's layers format, as tfjs's model.save("file://DIR") writes it and
 * tf.loadLayersModel reads it: path (a name ending in ".json", model.json) holds the
 * architecture in Keras 2's form ("modelTopology") and the weights' manifest, and
 * weights.bin beside it their float32 values (a model compiled in float64 is rounded).
 * Both are written atomically, weights.bin first. NNC_ERR_ARG for another name or before the
 * weights exist, NNC_ERR_IO, NNC_ERR_NOMEM. */
NNC_API nnc_status nnc_model_save_tfjs(nnc_model *m, const char *path);
/* Reads a tfjs layers model (model.json and the weight files its manifest names, which
 * must be in its directory) into a new model, as nnc_model_load_keras does: the layer
 * classes nnc has, and every weight by its name ("dense/kernel"), float32, once, with the
 * model's shapes. NNC_ERR_ARG, NNC_ERR_IO, NNC_ERR_CORRUPT (not JSON, a manifest whose sizes
 * disagree with the files), NNC_ERR_TYPE (a dtype other than float32, quantized weights),
 * NNC_ERR_SHAPE, NNC_ERR_NOMEM; messages name model.json. */
NNC_API nnc_status nnc_model_load_tfjs(const char *path, nnc_model **out);
NNC_API nnc_status nnc_model_load_tfjs_in(nnc_context *c, const char *path, nnc_model **out);

/* Checkpoints: the weights, the optimizer state, the epoch count and the shuffling RNG in
 * one safetensors file, so that training resumes exactly where it stopped:
 *
 *     nnc_model_fit(m, x, y, &f);                 // f.epochs = 2
 *     nnc_model_save_checkpoint(m, "ckpt.safetensors");
 *     ...                                         // later, maybe in another process:
 *     nnc_model_load_checkpoint(m2, "ckpt.safetensors");  // m2 built and compiled as m was
 *     f.initial_epoch = nnc_model_epoch(m2);      // 2
 *     f.epochs = 4;
 *     nnc_model_fit(m2, x, y, &f);                // = 4 epochs straight, bit for bit
 *
 * The file holds the weights under nnc_model_save_weights's names, the optimizer state
 * under the runtime's names ("dense/kernel/m", "dense/kernel/v", "adam/iteration", ...;
 * "<weight>/momentum" for SGD with momentum, "<weight>/v" for RMSprop), and in
 * "__metadata__" nnc_checkpoint ("1"), optimizer, epoch and shuffle_rng; it is written as
 * nnc_tensor_save writes (the old file or the complete new one, even if the process dies
 * mid-save). Saving from an on_epoch callback
 * gives a checkpoint of the end of that epoch (Keras's ModelCheckpoint). The optimizer state
 * exists once a training step is compiled; both calls compile one (batch 32) when none is.
 * NNC_ERR_ARG before the weights exist, NNC_ERR_IO when writing fails. */
NNC_API nnc_status nnc_model_save_checkpoint(nnc_model *m, const char *path);
/* Loads a checkpoint into a model built and compiled as the saved one was (same layers,
 * names, dtype and optimizer kind). Everything is checked before anything changes: every
 * weight and state tensor present with its shape and dtype and nothing else (messages as
 * nnc_model_load_weights's), the optimizer (NNC_ERR_ARG when it differs), the epoch and the
 * RNG (NNC_ERR_CORRUPT when malformed). Then the weights, the optimizer state, the epoch
 * count (nnc_model_epoch) and the shuffling RNG are the checkpoint's. A file of weights
 * alone (nnc_model_save_weights) is accepted too and loads as nnc_model_load_weights does:
 * the optimizer state, the epoch count and the RNG stay as they are. */
NNC_API nnc_status nnc_model_load_checkpoint(nnc_model *m, const char *path);
/* Epochs trained: the number of the last epoch fit finished (as Keras numbers them, so
 * counting initial_epoch), or the epoch of the last checkpoint loaded; 0 for a new model or
 * NULL. Fit's initial_epoch to resume with. */
NNC_API int nnc_model_epoch(const nnc_model *m);

/* ---------------------------------------------------------------------------------------
 * Ahead of time: a model's training step as an object file (nnc build). */
typedef struct nnc_build_options {
  size_t struct_size;              /* sizeof the struct as the caller was compiled: set by
                                      nnc_build_defaults() (docs/c-api.md, Versions) */
  const char *dir;                 /* an existing directory for the files */
  const char *name;                /* the files' stem and the functions' prefix: a C identifier */
  int64_t batch;                   /* samples per training step (and per run inside predict) */
  const char *target;              /* an LLVM target triple ("aarch64-linux-gnu",
                                      "thumbv7em-none-eabihf"); NULL: this machine */
  const char *cpu;                 /* an LLVM CPU name ("cortex-m4"); NULL: this machine's CPU on
                                      its own triple, "generic" on another */
  int predict_only;                /* only init, predict and the param accessors */
} nnc_build_options;
/* dir ".", name "model", batch 32, this machine, training included. */
NNC_API nnc_build_options nnc_build_defaults(void);
/* Compiles the model's training step (forward, loss, backward, optimizer update) and its
 * prediction ahead of time, for o->target, into three files in o->dir:
 *   NAME.o     the object: no nnc, LLVM, libc, libm, threads or allocation at run time, and
 *              no undefined symbol (it links into bare-metal firmware);
 *   NAME.h     its contract: NAME_BATCH, NAME_IN, NAME_OUT, NAME_TARGETS, NAME_STATE_SIZE and
 *              NAME_init(state, seed) (the weights of nnc_model_set_seed(seed) bit for bit),
 *              NAME_train_step(state, x, y) (one batch; returns the loss), NAME_predict
 *              (state, x, y, n), NAME_param_count/_param_name/_param (Keras names);
 *   NAME_io.c  NAME_save_weights and NAME_load_weights: the safetensors files of
 *              nnc_model_save_weights and nnc_model_load_weights.
 * On this machine the object's steps give the weights of nnc_model_fit bit for bit (same
 * seed, same batches); another target differs only by the rounding of fused multiply-adds.
 * The object runs on the calling thread. An f64 model on an FPU without doubles (Cortex-M4)
 * calls the compiler's soft-float helpers (__aeabi_d*), which libgcc provides. The model
 * must be compiled with its input size known (an input layer, or after a fit); its
 * weights' values do not matter (NAME_init makes them). The files are written to
 * temporaries in o->dir and renamed when all three are complete, so a failure leaves none
 * of them half-written. NNC_ERR_ARG for a model without an input size, a bad name or
 * batch, an unknown target or CPU; NNC_ERR_IO when o->dir cannot be written (the message
 * names it). */
NNC_API nnc_status nnc_model_build_object(nnc_model *m, const nnc_build_options *o);

#ifdef __cplusplus
}
#endif
#endif
