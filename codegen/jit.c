/* jit.c — one ORC LLJIT for the host; graphs become callable functions.
 *
 * Each compile builds its module in a fresh LLVMContext, verifies it, optimizes it at O3
 * with the host target machine, emits an object with that same machine (so codegen runs at
 * the Aggressive level, which LLJIT's own IR layer would not let us choose from C) and adds
 * the object to the main JITDylib. Function names are unique per CgJit (nnc_fn_<n>), so no
 * resource trackers are needed; code lives until cg_jit_free. A mutex serialises compiles,
 * since one LLJIT shared across threads corrupts concurrent adds. ORC's error reporter is
 * redirected so nothing is printed: failures come back as statuses.
 */
#include <pthread.h>
#include <stdio.h>

#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>

#include "cg.h"

struct CgJit {
  LLVMOrcLLJITRef jit;
  LLVMTargetMachineRef tm;     /* optimizes and emits every module */
  pthread_mutex_t mu;
  unsigned long count;         /* functions compiled so far: the next name */
};

static nnc_status jit_error(LLVMErrorRef err, const char *what) {
  char *m = LLVMGetErrorMessage(err);
  nnc_status st = ir_error(NNC_ERR_JIT, "codegen: %s: %s", what, m);
  LLVMDisposeErrorMessage(m);
  return st;
}

static void quiet(void *ctx, LLVMErrorRef err) {
  (void)ctx;
  LLVMConsumeError(err);
}

nnc_status cg_jit_new(CgJit **out) {
  if (!out)
    return ir_error(NNC_ERR_ARG, "cg_jit_new: NULL result pointer");
  *out = NULL;
  CgJit *j = ir_calloc(1, sizeof *j);
  if (!j)
    return ir_error(NNC_ERR_NOMEM, "cg_jit_new: out of memory");
  nnc_status st = cg_target_machine(&j->tm);
  if (st) {
    ir_free(j);
    return st;
  }
  LLVMOrcLLJITBuilderRef builder = LLVMOrcCreateLLJITBuilder();
  LLVMErrorRef err = LLVMOrcCreateLLJIT(&j->jit, builder);
  if (err) {
    LLVMDisposeTargetMachine(j->tm);
    ir_free(j);
    return jit_error(err, "cannot create the JIT");
  }
  LLVMOrcExecutionSessionSetErrorReporter(LLVMOrcLLJITGetExecutionSession(j->jit), quiet, NULL);
  pthread_mutex_init(&j->mu, NULL);
  *out = j;
  return NNC_OK;
}

void cg_jit_free(CgJit *jit) {
  if (!jit)
    return;
  LLVMErrorRef err = LLVMOrcDisposeLLJIT(jit->jit);
  if (err)
    LLVMConsumeError(err);
  LLVMDisposeTargetMachine(jit->tm);
  pthread_mutex_destroy(&jit->mu);
  ir_free(jit);
}

/* Optimizes mod and hands its object code to the JIT; mod stays the caller's. */
static nnc_status add_module(CgJit *jit, LLVMModuleRef mod) {
  cg_module_for_target(mod, jit->tm);
  nnc_status st = cg_optimize(mod, jit->tm);
  if (st)
    return st;
  char *msg = NULL;
  LLVMMemoryBufferRef obj;
  if (LLVMTargetMachineEmitToMemoryBuffer(jit->tm, mod, LLVMObjectFile, &msg, &obj)) {
    st = ir_error(NNC_ERR_JIT, "codegen: cannot emit code: %s", msg ? msg : "?");
    LLVMDisposeMessage(msg);
    return st;
  }
  LLVMErrorRef err = LLVMOrcLLJITAddObjectFile(jit->jit, LLVMOrcLLJITGetMainJITDylib(jit->jit), obj);
  return err ? jit_error(err, "cannot add code to the JIT") : NNC_OK;
}

static nnc_status compile_locked(CgJit *jit, const Graph *g, CgEntry *entry) {
  char name[48];
  snprintf(name, sizeof name, "nnc_fn_%lu", jit->count++);
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMModuleRef mod = NULL;
  nnc_status st = cg_emit_module(g, ctx, name, &mod);
  if (!st) {
    st = add_module(jit, mod);
    LLVMDisposeModule(mod);
  }
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
    return ir_error(NNC_ERR_ARG, "cg_jit_compile: NULL argument");
  *entry = NULL;
  pthread_mutex_lock(&jit->mu);
  nnc_status st = compile_locked(jit, g, entry);
  pthread_mutex_unlock(&jit->mu);
  return st;
}
