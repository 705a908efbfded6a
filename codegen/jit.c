/* jit.c — one ORC LLJIT for the host; graphs become callable functions.
 *
 * Each compile builds its module in a fresh LLVMContext, verifies it, optimizes it with the
 * host target machine, emits an object with that same machine (so codegen runs at the level
 * target.c chooses, which LLJIT's own IR layer would not let us choose from C) and adds the
 * object to the main JITDylib. Function names are unique per CgJit (nnc_fn_<n>), so no
 * resource trackers are needed; code lives until cg_jit_free.
 *
 * A large module is compiled on several threads (split.h): its bitcode is read back into
 * one LLVMContext per extra thread, each thread keeps its part and optimizes and emits it
 * with a target machine of its own (made on that thread the first time, then kept), and the
 * calling thread does part 0. Only LLVM runs on the extra threads: nnc's allocator hook and
 * error slot are touched by the calling thread alone (a failing thread's message is copied
 * back). The objects are then added one after the other under the mutex that serialises
 * compiles, since one LLJIT shared across threads corrupts concurrent adds. The number of
 * threads is the CPUs idle at that moment, at most 2 (the only count measured), or
 * NNC_JIT_THREADS (1: never split; n: always n parts, for tests). ORC's error reporter is
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

#include <llvm-c/BitReader.h>
#include <llvm-c/BitWriter.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>

#include "split.h"

enum {
  MAX_THREADS = 2,        /* compile threads used by default, at most */
  SPLIT_MIN_INSTS = 600,  /* a smaller module compiles in a few ms: one thread */
};

struct CgJit {
  LLVMOrcLLJITRef jit;
  LLVMTargetMachineRef tm[CG_MAX_PARTS]; /* tm[p] optimizes and emits part p; tm[0] always */
  int threads;                           /* parts a compile may split into */
  int min_insts;                         /* smaller modules are compiled whole */
  bool forced;                           /* NNC_JIT_THREADS: split whatever the load */
  pthread_mutex_t mu;
  unsigned long count;                   /* functions compiled so far: the next name */
};

/* One part's compile on its thread. */
typedef struct {
  CgJit *jit;
  LLVMMemoryBufferRef bitcode;  /* the whole module, shared read-only */
  const CgSplit *split;
  const char *name;             /* the exported function */
  int part;
  bool started;                 /* a thread runs it (else the caller did or will) */
  pthread_t thread;
  LLVMMemoryBufferRef obj;      /* out: the object code */
  nnc_status st;                /* out */
  char msg[512];                /* out: the message when st != NNC_OK */
} Part;

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
}

/* CPUs running nothing right now: online CPUs minus the running threads in /proc/stat
 * (this one included); all of them when that cannot be read. A part on a thread that
 * waits for a CPU only adds its own cost (~+30% CPU in all on a busy 2-core machine). */
static int idle_cpus(void) {
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN), running = 0;
  FILE *f = fopen("/proc/stat", "r");
  if (f) {
    char line[256];
    while (fgets(line, sizeof line, f))
      if (strncmp(line, "procs_running ", 14) == 0) {
        running = strtol(line + 14, NULL, 10);
        break;
      }
    fclose(f);
  }
  long idle = ncpu - (running > 0 ? running - 1 : 0);
  return idle < 1 ? 0 : (int)idle;
}

nnc_status cg_jit_new(CgJit **out) {
  if (!out)
    return base_error(NNC_ERR_ARG, "cg_jit_new: NULL result pointer");
  *out = NULL;
  cg_prefault_heap(); /* before the LLJIT, whose making is the first of LLVM's allocations */
  CgJit *j = base_calloc(1, sizeof *j);
  if (!j)
    return base_error(NNC_ERR_NOMEM, "cg_jit_new: out of memory");
  nnc_status st = cg_target_machine(&j->tm[0]);
  if (st) {
    base_free(j);
    return st;
  }
  LLVMOrcLLJITBuilderRef builder = LLVMOrcCreateLLJITBuilder();
  LLVMErrorRef err = LLVMOrcCreateLLJIT(&j->jit, builder);
  if (err) {
    LLVMDisposeTargetMachine(j->tm[0]);
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

/* Part p >= 1: its own context, its copy of the module from bitcode, its target machine. */
static void *compile_part(void *arg) {
  Part *t = arg;
  cg_prefault_heap();
  LLVMTargetMachineRef *tm = &t->jit->tm[t->part];
  t->st = *tm ? NNC_OK : cg_target_machine(tm);
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMModuleRef mod = NULL;
  if (!t->st && LLVMParseBitcodeInContext2(ctx, t->bitcode, &mod))
    t->st = base_error(NNC_ERR_JIT, "codegen: cannot read back the module's bitcode");
  if (!t->st) {
    cg_split_keep(mod, t->name, t->split, t->part);
    t->st = optimize_emit(mod, *tm, &t->obj);
  }
  if (t->st)
    snprintf(t->msg, sizeof t->msg, "%s", base_last_error());
  if (mod)
    LLVMDisposeModule(mod);
  LLVMContextDispose(ctx);
  return NULL;
}

/* Compiles mod (already split-planned) into one object per part: parts >= 1 on threads
 * (or here, when a thread cannot start), part 0 on this thread. */
static nnc_status compile_parts(CgJit *jit, LLVMModuleRef mod, const char *name,
                                const CgSplit *split, Part *parts) {
  int n = split->nparts;
  LLVMMemoryBufferRef bitcode = n > 1 ? LLVMWriteBitcodeToMemoryBuffer(mod) : NULL;
  if (n > 1 && !bitcode)
    return base_error(NNC_ERR_JIT, "codegen: cannot write the module's bitcode");
  for (int p = 1; p < n; p++) {
    parts[p] = (Part){.jit = jit, .bitcode = bitcode, .split = split, .name = name, .part = p};
    parts[p].started = pthread_create(&parts[p].thread, NULL, compile_part, &parts[p]) == 0;
  }
  cg_split_keep(mod, name, split, 0);
  nnc_status st = optimize_emit(mod, jit->tm[0], &parts[0].obj);
  for (int p = 1; p < n; p++) {
    if (parts[p].started)
      pthread_join(parts[p].thread, NULL);
    else
      compile_part(&parts[p]);
    if (!st && parts[p].st)
      st = base_error(parts[p].st, "%s", parts[p].msg);
  }
  if (bitcode)
    LLVMDisposeMemoryBuffer(bitcode);
  return st;
}

/* Hands every part's object to the JIT (each add takes its buffer, even when it fails). */
static nnc_status add_objects(CgJit *jit, Part *parts, int n) {
  nnc_status st = NNC_OK;
  LLVMOrcJITDylibRef lib = LLVMOrcLLJITGetMainJITDylib(jit->jit);
  for (int p = 0; p < n; p++) {
    if (!parts[p].obj)
      continue;
    if (st) {
      LLVMDisposeMemoryBuffer(parts[p].obj);
      continue;
    }
    LLVMErrorRef err = LLVMOrcLLJITAddObjectFile(jit->jit, lib, parts[p].obj);
    if (err)
      st = jit_error(err, "cannot add code to the JIT");
  }
  return st;
}

static nnc_status compile_locked(CgJit *jit, const Graph *g, CgEntry *entry) {
  char name[48];
  snprintf(name, sizeof name, "nnc_fn_%lu", jit->count++);
  cg_prefault_heap();
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMModuleRef mod = NULL;
  CgSplit split = {.nparts = 1};
  Part parts[CG_MAX_PARTS] = {0};
  nnc_status st = cg_emit_module(g, ctx, name, &mod);
  if (!st) {
    int threads = jit->threads;
    if (threads > 1 && !jit->forced) {
      int idle = idle_cpus();
      threads = idle < threads ? (idle > 1 ? idle : 1) : threads;
    }
    cg_split_plan(mod, name, threads, jit->min_insts, &split);
  }
  if (!st)
    st = compile_parts(jit, mod, name, &split, parts);
  for (int p = 0; p < split.nparts; p++) /* on failure: frees what was emitted */
    if (st && parts[p].obj)
      LLVMDisposeMemoryBuffer(parts[p].obj);
  if (!st)
    st = add_objects(jit, parts, split.nparts);
  if (mod)
    LLVMDisposeModule(mod);
  LLVMOrcExecutorAddress addr = 0;
  if (!st) {
    LLVMErrorRef err = LLVMOrcLLJITLookup(jit->jit, &addr, name);
    if (err)
      st = jit_error(err, "cannot find the compiled function");
  }
  LLVMContextDispose(ctx);
  if (!st)
    *entry = (CgEntry)(uintptr_t)addr;
  return st;
}

nnc_status cg_jit_compile(CgJit *jit, const Graph *g, CgEntry *entry) {
  if (!jit || !entry)
    return base_error(NNC_ERR_ARG, "cg_jit_compile: NULL argument");
  *entry = NULL;
  pthread_mutex_lock(&jit->mu);
  nnc_status st = compile_locked(jit, g, entry);
  pthread_mutex_unlock(&jit->mu);
  return st;
}
