/* target.c — the host target machine and the O3 pipeline.
 *
 * LLVM's native target is initialised once per process (pthread_once). Every module gets
 * the host triple and data layout before it is optimized, and LLVMRunPasses is given the
 * host machine, so the vectorizer sees the real vector width (AVX-512 on Zen 4).
 */
#include <pthread.h>
#include <stdlib.h>

#include <llvm-c/Target.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "cg.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool init_ok;

static void init_native(void) {
  init_ok = !LLVMInitializeNativeTarget() && !LLVMInitializeNativeAsmPrinter();
}

nnc_status cg_target_init(void) {
  pthread_once(&once, init_native);
  if (!init_ok)
    return ir_error(NNC_ERR_JIT, "codegen: LLVM has no native target for this host");
  return NNC_OK;
}

nnc_status cg_target_machine(LLVMTargetMachineRef *out) {
  nnc_status st = cg_target_init();
  if (st)
    return st;
  char *triple = LLVMGetDefaultTargetTriple();
  char *cpu = LLVMGetHostCPUName();
  char *features = LLVMGetHostCPUFeatures();
  LLVMTargetRef target;
  char *msg = NULL;
  if (LLVMGetTargetFromTriple(triple, &target, &msg)) {
    st = ir_error(NNC_ERR_JIT, "codegen: no target for %s: %s", triple, msg ? msg : "?");
    LLVMDisposeMessage(msg);
  } else {
    *out = LLVMCreateTargetMachine(target, triple, cpu, features, LLVMCodeGenLevelAggressive,
                                   LLVMRelocPIC, LLVMCodeModelDefault);
    if (!*out)
      st = ir_error(NNC_ERR_JIT, "codegen: cannot create a target machine for %s", triple);
  }
  LLVMDisposeMessage(triple);
  LLVMDisposeMessage(cpu);
  LLVMDisposeMessage(features);
  return st;
}

void cg_module_for_target(LLVMModuleRef mod, LLVMTargetMachineRef tm) {
  char *triple = LLVMGetTargetMachineTriple(tm);
  LLVMSetTarget(mod, triple);
  LLVMDisposeMessage(triple);
  LLVMTargetDataRef layout = LLVMCreateTargetDataLayout(tm);
  LLVMSetModuleDataLayout(mod, layout);
  LLVMDisposeTargetData(layout);
}

nnc_status cg_optimize(LLVMModuleRef mod, LLVMTargetMachineRef tm) {
  LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
  LLVMPassBuilderOptionsSetLoopVectorization(opts, 1);
  LLVMPassBuilderOptionsSetSLPVectorization(opts, 1);
  LLVMPassBuilderOptionsSetLoopInterleaving(opts, 1);
  LLVMPassBuilderOptionsSetLoopUnrolling(opts, 1);
  LLVMErrorRef err = LLVMRunPasses(mod, "default<O3>", tm, opts);
  LLVMDisposePassBuilderOptions(opts);
  if (err) {
    char *m = LLVMGetErrorMessage(err);
    nnc_status st = ir_error(NNC_ERR_JIT, "codegen: optimization failed: %s", m);
    LLVMDisposeErrorMessage(m);
    return st;
  }
  return NNC_OK;
}
