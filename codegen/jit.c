/* jit.c — one ORC LLJIT for the host; graphs become callable functions.
 *
 * Each build makes its module in a fresh LLVMContext, verifies it, optimizes it with the
 * host target machine and emits an object with that same machine (so codegen runs at the
 * level target.c chooses, which LLJIT's own IR layer would not let us choose from C); the
 * object's bytes are handed out (cg_jit_build), so the compile cache stores exactly what a
 * load links. A load adds the objects to the main JITDylib under a resource tracker of
 * their own, removed again if they fail to link; code lives until cg_jit_free. Target
 * machines and the prefaulted heap are made at the first build: a JIT that only loads cached
 * code never needs them.
 *
 * A large module is compiled on several threads (split.h): the calling thread emits each
 * part but the first from the graph into an LLVMContext of its own (cg_emit_part), each
 * thread optimizes and emits its parts with a target machine of its own (made on that
 * thread the first time, then kept), and the calling thread also does part 0, the module
 * cut down. The extra threads start before the module is emitted and wait for the plan, so
 * that their start, which takes from one to five milliseconds on these VMs, and their target
 * machines overlap the emission. Only LLVM runs on the extra threads: nnc's allocator hook and
 * error slot are touched by the calling thread alone (a failing thread's message is copied
 * back). The objects are then added one after the other under the mutex that serialises
 * compiles, since one LLJIT shared across threads corrupts concurrent adds. The number of
 * threads is the CPUs found idle (idle.c), at most 2 (the only count measured), or
 * NNC_JIT_THREADS (n: always n parts or more, for tests). A module above PART_INSTS
 * instructions is cut into parts of at most about that many whatever the threads, each
 * thread compiling its share of them in turn: LLVM's work on one function grows faster than
 * the function (a step of 200 Dense layers, 120,000 instructions, compiled in 6.4 s of CPU
 * whole and 2.9 s in 8 parts; bench/compile_layers.sh). NNC_JIT_PART_INSTS sets that bound,
 * for tests. ORC's error reporter is
 * redirected so nothing is printed: failures come back as statuses. Each thread has its
 * heap mapped before LLVM runs on it (prefault.c).
 *
 * Splitting puts 55% of the instructions on the critical path and the code runs as fast; on
 * a busy machine a second thread adds little, hence the check for an idle CPU. The
 * measurements are in bench/DECISIONS.md.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>

#include "split.h"

enum {
  MAX_THREADS = 2,        /* compile threads used by default, at most */
  SPLIT_MIN_INSTS = 600,  /* a smaller module compiles in a few ms: one thread */
  PART_INSTS = 16000,     /* a larger part compiles in more than its share of time */
};

struct CgJit {
  LLVMOrcLLJITRef jit;
  LLVMTargetMachineRef tm[CG_MAX_PARTS]; /* tm[p] optimizes and emits part p; made at first use */
  int threads;                           /* parts a compile may split into */
  int min_insts;                         /* smaller modules are compiled whole */
  int part_insts;                        /* larger parts are cut smaller */
  bool forced;                           /* NNC_JIT_THREADS: split whatever the load */
  pthread_mutex_t mu;
  unsigned long count;                   /* functions compiled so far: the next name */
};

/* One part's compile: its module, then its object, or its failure. */
typedef struct {
  LLVMContextRef ctx;           /* parts but the first: the part's own, with its module */
  LLVMModuleRef mod;            /* disposed with ctx once compiled */
  LLVMMemoryBufferRef obj;      /* out: the object code */
  nnc_status st;                /* out */
  char msg[512];                /* out: the message when st != NNC_OK */
} Part;

/* The threads of one build. They start before the module is emitted, so that their start
 * (a millisecond or more on these VMs) and their target machines overlap the emission, and
 * wait until the plan is released: the split and its parts, or NULL parts (nothing to do). */
typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t ready;
  bool released;
  const CgSplit *split;
  Part *parts;                  /* [split->nparts] */
} Crew;

/* A compile thread: parts w, w + nworkers, ... of the plan, with target machine tm[w]. */
typedef struct {
  CgJit *jit;
  Crew *crew;
  const char *name;             /* the exported function */
  int w, nworkers;
  bool started;                 /* a thread runs it (else the caller does, after its own) */
  pthread_t thread;
} Worker;

static nnc_status jit_error(LLVMErrorRef err, const char *what) {
  char *m = LLVMGetErrorMessage(err);
  nnc_status st = base_error(NNC_ERR_JIT, "codegen: %s: %s", what, m);
  LLVMDisposeErrorMessage(m);
  return st;
}

static void quiet(void *ctx, LLVMErrorRef err) {
  (void)ctx;
  LLVMConsumeError(err);
}

/* Online CPUs, at most MAX_THREADS, for modules of SPLIT_MIN_INSTS or more; or
 * NNC_JIT_THREADS for every module of two functions or more (tests split small graphs). */
static void thread_count(CgJit *j) {
  const char *env = getenv("NNC_JIT_THREADS");
  long n;
  if (env && *env) {
    n = strtol(env, NULL, 10);
    j->min_insts = 0;
    j->forced = true;
  } else {
    n = sysconf(_SC_NPROCESSORS_ONLN);
    n = n < MAX_THREADS ? n : MAX_THREADS;
    j->min_insts = SPLIT_MIN_INSTS;
  }
  j->threads = n < 1 ? 1 : n > CG_MAX_PARTS ? CG_MAX_PARTS : (int)n;
  const char *part = getenv("NNC_JIT_PART_INSTS"); /* tests cut small graphs into many parts */
  j->part_insts = part && *part ? (int)strtol(part, NULL, 10) : PART_INSTS;
}

nnc_status cg_jit_new(CgJit **out) {
  if (!out)
    return base_error(NNC_ERR_ARG, "cg_jit_new: NULL result pointer");
  *out = NULL;
  nnc_status st = cg_target_init();
  if (st)
    return st;
  CgJit *j = base_calloc(1, sizeof *j);
  if (!j)
    return base_error(NNC_ERR_NOMEM, "cg_jit_new: out of memory");
  LLVMOrcLLJITBuilderRef builder = LLVMOrcCreateLLJITBuilder();
  LLVMErrorRef err = LLVMOrcCreateLLJIT(&j->jit, builder);
  if (err) {
    base_free(j);
    return jit_error(err, "cannot create the JIT");
  }
  LLVMOrcExecutionSessionSetErrorReporter(LLVMOrcLLJITGetExecutionSession(j->jit), quiet, NULL);
  pthread_mutex_init(&j->mu, NULL);
  thread_count(j);
  *out = j;
  return NNC_OK;
}

void cg_jit_free(CgJit *jit) {
  if (!jit)
    return;
  LLVMErrorRef err = LLVMOrcDisposeLLJIT(jit->jit);
  if (err)
    LLVMConsumeError(err);
  for (int p = 0; p < CG_MAX_PARTS; p++)
    if (jit->tm[p])
      LLVMDisposeTargetMachine(jit->tm[p]);
  pthread_mutex_destroy(&jit->mu);
  base_free(jit);
}

/* Optimizes mod and emits its object code with tm; mod stays the caller's. */
static nnc_status optimize_emit(LLVMModuleRef mod, LLVMTargetMachineRef tm,
                                LLVMMemoryBufferRef *obj) {
  cg_module_for_target(mod, tm);
  nnc_status st = cg_optimize(mod, tm);
  if (st)
    return st;
  char *msg = NULL;
  if (LLVMTargetMachineEmitToMemoryBuffer(tm, mod, LLVMObjectFile, &msg, obj)) {
    st = base_error(NNC_ERR_JIT, "codegen: cannot emit code: %s", msg ? msg : "?");
    LLVMDisposeMessage(msg);
  }
  return st;
}

/* Part p > 0 from its module, which is disposed with its context (parts of the same
 * worker run one after the other). Only LLVM runs here: the message is copied out. */
static void compile_part(Worker *w, int p, LLVMTargetMachineRef tm) {
  Part *t = &w->crew->parts[p];
  cg_split_link(t->mod, w->name, w->crew->split, p);
  t->st = optimize_emit(t->mod, tm, &t->obj);
  if (t->st)
    snprintf(t->msg, sizeof t->msg, "%s", base_last_error());
  LLVMDisposeModule(t->mod);
  LLVMContextDispose(t->ctx);
  t->mod = NULL, t->ctx = NULL;
}

/* Worker w >= 1 on its thread: its target machine (made there the first time, then kept),
 * then, once the plan is released, its parts. */
static void *work_parts(void *arg) {
  Worker *w = arg;
  Crew *c = w->crew;
  cg_prefault_heap();
  LLVMTargetMachineRef *tm = &w->jit->tm[w->w];
  nnc_status st = *tm ? NNC_OK : cg_target_machine(tm);
  pthread_mutex_lock(&c->mu);
  while (!c->released)
    pthread_cond_wait(&c->ready, &c->mu);
  pthread_mutex_unlock(&c->mu);
  for (int p = w->w; c->parts && p < c->split->nparts; p += w->nworkers) {
    if (st) {
      c->parts[p].st = st;
      snprintf(c->parts[p].msg, sizeof c->parts[p].msg, "%s", base_last_error());
    } else {
      compile_part(w, p, *tm);
    }
  }
  return NULL;
}

/* Starts workers 1 .. threads - 1 of crew c (workers[0] is the calling thread's); they
 * wait for crew_release. */
static void crew_start(Crew *c, Worker *workers, CgJit *jit, const char *name, int threads) {
  *c = (Crew){.released = false};
  pthread_mutex_init(&c->mu, NULL);
  pthread_cond_init(&c->ready, NULL);
  for (int w = 0; w < threads; w++)
    workers[w] = (Worker){.jit = jit, .crew = c, .name = name, .w = w, .nworkers = threads};
  for (int w = 1; w < threads; w++)
    workers[w].started = base_thread_start(&workers[w].thread, work_parts, &workers[w]) == 0;
}

/* Hands the workers the plan (parts NULL: there is nothing for them to do). */
static void crew_release(Crew *c, const CgSplit *split, Part *parts) {
  pthread_mutex_lock(&c->mu);
  c->split = split, c->parts = parts, c->released = true;
  pthread_cond_broadcast(&c->ready);
  pthread_mutex_unlock(&c->mu);
}

/* Waits for the workers, running here those whose thread did not start. */
static void crew_join(Crew *c, Worker *workers, int threads) {
  for (int w = 1; w < threads; w++) {
    if (workers[w].started)
      pthread_join(workers[w].thread, NULL);
    else
      work_parts(&workers[w]);
  }
  pthread_cond_destroy(&c->ready);
  pthread_mutex_destroy(&c->mu);
}

/* The calling thread's share of a released plan: its parts (p = nworkers, 2 nworkers, ...),
 * then part 0, mod cut down; then the workers' results, once they are done. */
static nnc_status compile_parts(CgJit *jit, LLVMModuleRef mod, Worker *workers, int threads) {
  const CgSplit *split = workers[0].crew->split;
  Part *parts = workers[0].crew->parts;
  nnc_status st0 = jit->tm[0] ? NNC_OK : cg_target_machine(&jit->tm[0]);
  for (int p = threads; p < split->nparts && !st0; p += threads)
    compile_part(&workers[0], p, jit->tm[0]);
  cg_split_keep(mod, workers[0].name, split, 0);
  parts[0].st = st0 ? st0 : optimize_emit(mod, jit->tm[0], &parts[0].obj);
  crew_join(workers[0].crew, workers, threads);
  nnc_status st = parts[0].st;
  for (int p = 1; p < split->nparts && !st; p++)
    if (parts[p].st)
      st = base_error(parts[p].st, "%s", parts[p].msg);
  return st;
}

/* Emits parts 1.. of g's split module, each into a context of its own (the first comes
 * from the whole module, mod, whose marks those parts reuse). */
static nnc_status emit_parts(const Graph *g, LLVMModuleRef mod, const char *name,
                             const CgSplit *split, const CgMarks *marks, Part *parts) {
  bool vectorize = cg_wants_loop_vectorizer(mod);
  nnc_status st = NNC_OK;
  for (int p = 1; p < split->nparts && !st; p++) {
    parts[p].ctx = LLVMContextCreate();
    st = cg_emit_part(g, parts[p].ctx, name, split->cut[p], split->cut[p + 1], marks,
                      vectorize, &parts[p].mod);
  }
  return st;
}

/* Disposes of what compile_parts did not (after a failure). */
static void free_parts(Part *parts, int n) {
  for (int p = 1; p < n; p++) {
    if (parts[p].mod)
      LLVMDisposeModule(parts[p].mod);
    if (parts[p].ctx)
      LLVMContextDispose(parts[p].ctx);
  }
}

/* Copies every part's object out of its buffer into *code (or frees them all on failure). */
static nnc_status take_objects(Part *parts, int n, nnc_status st, CgCode *code) {
  for (int p = 0; p < n; p++) {
    if (!parts[p].obj)
      continue;
    size_t len = LLVMGetBufferSize(parts[p].obj);
    char *bytes = st ? NULL : base_malloc(len ? len : 1);
    if (!st && !bytes)
      st = base_error(NNC_ERR_NOMEM, "codegen: out of memory for %zu bytes of code", len);
    if (bytes) {
      memcpy(bytes, LLVMGetBufferStart(parts[p].obj), len);
      code->obj[code->n] = bytes;
      code->len[code->n++] = len;
    }
    LLVMDisposeMemoryBuffer(parts[p].obj);
  }
  if (st)
    cg_code_free(code);
  return st;
}

static nnc_status build_locked(CgJit *jit, const Graph *g, const char *name, CgCode *code) {
  cg_prefault_heap();
  int threads = jit->threads;
  if (threads > 1 && !jit->forced) {
    int idle = cg_idle_cpus(sysconf(_SC_NPROCESSORS_ONLN), threads, cg_runnable_threads, NULL);
    threads = idle < threads ? (idle > 1 ? idle : 1) : threads;
  }
  Crew crew;
  Worker workers[CG_MAX_PARTS];
  crew_start(&crew, workers, jit, name, threads);
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMModuleRef mod = NULL;
  CgSplit split = {.nparts = 1};
  Part *parts = NULL;
  CgMarks *marks = base_malloc(sizeof *marks);
  nnc_status st = marks ? cg_emit_module_marks(g, ctx, name, marks, &mod)
                        : base_error(NNC_ERR_NOMEM, "codegen: out of memory");
  if (!st) {
    cg_split_plan(mod, name, threads, jit->min_insts, jit->part_insts, &split);
    if (!(parts = base_calloc((size_t)split.nparts, sizeof *parts)))
      st = base_error(NNC_ERR_NOMEM, "codegen: out of memory");
  }
  if (!st)
    st = emit_parts(g, mod, name, &split, marks, parts);
  crew_release(&crew, &split, st ? NULL : parts);
  if (st)
    crew_join(&crew, workers, threads);
  else
    st = compile_parts(jit, mod, workers, threads);
  if (parts) {
    free_parts(parts, split.nparts);
    st = take_objects(parts, split.nparts, st, code);
  }
  base_free(parts);
  base_free(marks);
  if (mod)
    LLVMDisposeModule(mod);
  LLVMContextDispose(ctx);
  return st;
}

nnc_status cg_jit_build(CgJit *jit, const Graph *g, const char *name, CgCode *code) {
  *code = (CgCode){0};
  if (!jit || !g || !name)
    return base_error(NNC_ERR_ARG, "cg_jit_build: NULL argument");
  pthread_mutex_lock(&jit->mu);
  nnc_status st = build_locked(jit, g, name, code);
  pthread_mutex_unlock(&jit->mu);
  return st;
}

void cg_code_free(CgCode *code) {
  for (int p = 0; p < code->n; p++)
    base_free(code->obj[p]);
  *code = (CgCode){0};
}

/* The address of name if this JIT defines it already (ORC's lookup also searches the process,
 * hence the prefix check the callers' names pass). */
static bool find_locked(CgJit *jit, const char *name, CgEntry *entry) {
  LLVMOrcExecutorAddress addr = 0;
  LLVMErrorRef err = LLVMOrcLLJITLookup(jit->jit, &addr, name);
  if (err) {
    LLVMConsumeError(err);
    return false;
  }
  *entry = (CgEntry)(uintptr_t)addr;
  return true;
}

bool cg_jit_find(CgJit *jit, const char *name, CgEntry *entry) {
  pthread_mutex_lock(&jit->mu);
  bool found = find_locked(jit, name, entry);
  pthread_mutex_unlock(&jit->mu);
  return found;
}

/* Adds the objects under one resource tracker, so that code which fails to link or to
 * define name leaves nothing behind and name can be defined again. */
static nnc_status load_locked(CgJit *jit, const CgCode *code, const char *name,
                              CgEntry *entry) {
  if (find_locked(jit, name, entry))
    return NNC_OK;
  LLVMOrcJITDylibRef lib = LLVMOrcLLJITGetMainJITDylib(jit->jit);
  LLVMOrcResourceTrackerRef rt = LLVMOrcJITDylibCreateResourceTracker(lib);
  nnc_status st = NNC_OK;
  for (int p = 0; p < code->n && !st; p++) {
    LLVMMemoryBufferRef buf =
        LLVMCreateMemoryBufferWithMemoryRangeCopy(code->obj[p], code->len[p], name);
    LLVMErrorRef err = LLVMOrcLLJITAddObjectFileWithRT(jit->jit, rt, buf);
    if (err)
      st = jit_error(err, "cannot add code to the JIT");
  }
  LLVMOrcExecutorAddress addr = 0;
  if (!st) {
    LLVMErrorRef err = LLVMOrcLLJITLookup(jit->jit, &addr, name);
    if (err)
      st = jit_error(err, "cannot find the compiled function");
  }
  if (st) {
    LLVMErrorRef err = LLVMOrcResourceTrackerRemove(rt);
    if (err)
      LLVMConsumeError(err);
  }
  LLVMOrcReleaseResourceTracker(rt);
  if (!st)
    *entry = (CgEntry)(uintptr_t)addr;
  return st;
}

nnc_status cg_jit_load(CgJit *jit, const CgCode *code, const char *name, CgEntry *entry) {
  if (!jit || !code || !name || !entry)
    return base_error(NNC_ERR_ARG, "cg_jit_load: NULL argument");
  *entry = NULL;
  pthread_mutex_lock(&jit->mu);
  nnc_status st = load_locked(jit, code, name, entry);
  pthread_mutex_unlock(&jit->mu);
  return st;
}

nnc_status cg_jit_compile(CgJit *jit, const Graph *g, CgEntry *entry) {
  if (!jit || !entry)
    return base_error(NNC_ERR_ARG, "cg_jit_compile: NULL argument");
  *entry = NULL;
  char name[48];
  pthread_mutex_lock(&jit->mu);
  snprintf(name, sizeof name, "nnc_fn_%lu", jit->count++);
  pthread_mutex_unlock(&jit->mu);
  CgCode code;
  nnc_status st = cg_jit_build(jit, g, name, &code);
  if (!st)
    st = cg_jit_load(jit, &code, name, entry);
  cg_code_free(&code);
  return st;
}
