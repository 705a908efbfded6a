/* driver.h — the compile driver: a graph in, every stage out (the graph after each part of
 * the pipeline, LLVM IR, assembly, the JIT function). The Keras level (keras/), the graph
 * level of nnc.h (api_graph.c) and nnc emit all compile through it, so there is one
 * pipeline and what nnc emit shows is what runs.
 *
 * The driver stands on ir/, passes/ and codegen/ and hides the last two: this header
 * includes neither passes.h nor codegen.h. What builds on it sees graphs (ir.h), stages,
 * compiled-function handles and scratch sizes.
 *
 * Sections below follow the .c files that define them.
 */
#ifndef NNC_DRIVER_H
#define NNC_DRIVER_H

#include "ir.h"

/* compile.c — the pipeline, one flat list, run in this order:
 *
 *   FORWARD  the graph as given, verified
 *   GRAD     autodiff appends d loss / d wrt (only with a loss)
 *   OPT      the optimizer's update of every wrt (only with an optimizer), simplify, fuse
 *   PLANNED  the memory plan: what codegen compiles
 *   LLVM     the LLVM IR text for the host CPU, optimized (only when kept)
 *   ASM      the host assembly text (only when kept)
 *   JIT      the function, called through driver_run
 *   OBJECT   instead of JIT: the function added to an object for a target (job->object,
 *            named job->object_fn), ahead of time (nnc build); driver_object_write then
 *            writes the object with the program around its functions
 *
 * The verifier runs on the graph that comes in and after every pass; a failure names the
 * pass. NNC_DISABLE and NNC_DUMP_AFTER (passes/run.c) switch passes off and dump the graph
 * after them for debugging. */
typedef enum {
  DRIVER_FORWARD,
  DRIVER_GRAD,
  DRIVER_OPT,
  DRIVER_PLANNED,
  DRIVER_LLVM,
  DRIVER_ASM,
  DRIVER_JIT,
  DRIVER_OBJECT,
  DRIVER_NSTAGES
} DriverStage;

/* A JIT for the host; the functions compiled into it live until driver_jit_free. */
typedef struct DriverJit DriverJit;
nnc_status driver_jit_new(DriverJit **out);
void driver_jit_free(DriverJit *jit);                /* NULL is fine */

/* An object file being made for a target (triple and CPU NULL: the host's, as the JIT
 * compiles, so the object computes the JIT's bits; an unknown one is NNC_ERR_ARG). Its
 * functions are the graphs compiled with stop == DRIVER_OBJECT; driver_object_write
 * verifies p (whose entries name those functions), emits it and hands out the object code
 * (base_free *bytes), once. */
typedef struct DriverObject DriverObject;
nnc_status driver_object_new(const char *triple, const char *cpu, DriverObject **out);
void driver_object_free(DriverObject *o);           /* NULL is fine */
nnc_status driver_object_write(DriverObject *o, const Program *p, char **bytes, size_t *n);

/* A compiled function: fn(slots, scratch), where slots are the planned graph's ir_slots()
 * in order (leaves but consts, then outputs) and scratch holds scratch_bytes, 64-aligned. */
typedef struct {
  void (*code)(void);                                 /* the entry; call it through driver_run */
} DriverFn;
/* Runs f on the runtime's thread pool. */
void driver_run(DriverFn f, void *const *slots, void *scratch);
/* The same for f compiled with early_outputs: ready(user, k) runs on the calling thread as
 * soon as output k is in its slot, while f goes on; f returns after the last ready. */
typedef void DriverReady(void *user, int output);
void driver_run_ready(DriverFn f, void *const *slots, void *scratch, DriverReady *ready,
                      void *user);

typedef struct {
  Value *loss;                  /* scalar to differentiate; NULL: none (inference) */
  int nwrt;
  Value **wrt;                  /* with respect to these (caller's memory) */
  Value **grads;                /* out: [nwrt] d loss / d wrt[i] as values of g; may be NULL */
  bool grads_out;               /* each d loss / d wrt[i] also becomes an output, in order
                                   after g's own (data-parallel fit sums them across ranks
                                   between this graph and an update graph) */
  bool early_outputs;           /* stop == DRIVER_JIT: each output is copied to its slot as
                                   soon as it is made, and announced (driver_run_ready) */
  bool grads_in;                /* no loss: grads holds the gradients opt applies (leaves of
                                   g), the update graph of a data-parallel step */
  const nnc_optimizer *opt;     /* the update of every wrt (needs a loss or grads_in); NULL:
                                   none */
  Value *(*constrain)(Graph *g, int i, Value *updated, void *user); /* see PassCtx; NULL */
  void *user;                   /* constrain's */
  int nno_decay;
  const char *const *no_decay;  /* variable names weight decay skips (Keras's var_names) */
  DriverStage stop;             /* the last stage to run */
  unsigned keep;                /* 1u << stage for each stage to hand out in DriverOut */
  DriverJit *jit;               /* where stop == DRIVER_JIT compiles */
  DriverObject *object;         /* where stop == DRIVER_OBJECT adds the function */
  const char *object_fn;        /* and its name there */
  unsigned disabled;            /* PASS_NO_* bits (passes.h): optional passes to skip */
} DriverJob;

typedef struct {
  Graph *graph[DRIVER_NSTAGES]; /* kept FORWARD..PLANNED: copies of g at that stage (owned) */
  char *text[DRIVER_NSTAGES];   /* kept LLVM, ASM: the text (owned) */
  DriverFn fn;                  /* stop == DRIVER_JIT: the function (lives with the jit) */
  int64_t scratch_bytes;        /* from PLANNED on: the scratch a call needs */
  int64_t guard_offset;         /* stop == DRIVER_JIT: the NaN guard's flag word in scratch
                                   (cg_guard_offset, codegen.h), -1: none */
  int loss_output;              /* the loss's index in g->outputs, -1 when it is none */
  int ngrads;                   /* kept GRAD: job->nwrt, and in graph[DRIVER_GRAD] value */
  int *grad_ids, *wrt_ids;      /* grad_ids[i] is d loss / d value wrt_ids[i] (owned) */
} DriverOut;

/* Runs the pipeline on g in place up to job->stop, handing out the stages in job->keep.
 * On success g is the graph at job->stop (planned from PLANNED on) and *out holds the kept
 * stages; free them with driver_out_free, also after a failure. */
nnc_status driver_compile(Graph *g, const DriverJob *job, DriverOut *out);
void driver_out_free(DriverOut *out);

/* api_graph.c — nnc_jit's function of g's outputs; with train, a training step
 * (nnc_train_step, whose optimizer keras/bridge.c checks): outputs[0] is the loss, and after
 * its backward pass each of wrt[0..nwrt) (params of g) is updated in place by opt, whose state
 * the function owns. */
typedef struct {
  nnc_value *loss;
  int nwrt;
  nnc_value *const *wrt;
  const nnc_optimizer *opt;
  /* opt->learning_rate_schedule's rate at a step (nnc_schedule_value, which the Keras level
   * defines): the function copies the schedule and writes its rate before every call. */
  double (*rate)(const nnc_lr_schedule *s, int64_t step);
} DriverTrain;
nnc_status driver_function_new(nnc_graph *g, int noutputs, nnc_value *const *outputs,
                               const DriverTrain *train, nnc_function **out);

/* cache.c — the compile cache (nnc_set_compile_cache, NNC_CACHE, NNC_CACHE_MAX): the JIT
 * stage of driver_compile reads a graph's object code from it, or compiles and stores it. */
struct CgJit;
/* The key g (planned) is filed under: SHA-256 of its IR text, nnc's version and sources,
 * LLVM and the host target. */
nnc_status driver_cache_key(const Graph *g, uint8_t key[32]);
/* g's function in jit: from the cache when it holds g, else compiled (and stored). */
nnc_status driver_cache_compile(struct CgJit *jit, const Graph *g, DriverFn *out);
/* What the cache has done in this process (tests, nnc run's verbose output). */
typedef struct {
  int hits;                      /* functions loaded from an entry */
  int misses;                    /* compiled (no entry, or a damaged one) */
  int stores;                    /* entries written */
  int damaged;                   /* entries refused: noted, rebuilt */
  int evicted;                   /* entries removed for the size limit */
} DriverCacheStats;
DriverCacheStats driver_cache_stats(void);

/* cache_entry.c — the bytes of one cache entry: a header (magic, format version, key,
 * length, crc32s) and a graph's object files. */
enum { DRIVER_ENTRY_VERSION = 1, DRIVER_ENTRY_MAX_PARTS = 256 };
typedef struct {
  int n;
  const uint8_t *bytes[DRIVER_ENTRY_MAX_PARTS]; /* not owned */
  size_t len[DRIVER_ENTRY_MAX_PARTS];
} DriverParts;
/* The entry of parts filed under key into *out (base_free it), *n bytes. */
nnc_status driver_entry_encode(const uint8_t key[32], const DriverParts *parts, uint8_t **out,
                               size_t *n);
/* NULL when the n bytes at b are a sound entry filed under key, with *parts pointing into b;
 * else why not ("truncated", "payload checksum mismatch", ...), parts empty. */
const char *driver_entry_decode(const uint8_t *b, size_t n, const uint8_t key[32],
                                DriverParts *parts);

/* sha256.c — SHA-256, streaming. */
typedef struct {
  uint32_t h[8];
  uint64_t bytes;                /* hashed so far */
  uint8_t buf[64];
} DriverSha256;
void driver_sha256_init(DriverSha256 *s);
void driver_sha256_update(DriverSha256 *s, const void *data, size_t n);
void driver_sha256_final(DriverSha256 *s, uint8_t out[32]);

/* pool.c — the runtime's thread pool as the pool compiled code calls (driver/ only). */
struct CgPool *driver_pool(void);

#endif
