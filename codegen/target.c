/* target.c — the host target machine and the optimization pipeline.
 *
 * LLVM's native target is initialised once per process (pthread_once), and the host's
 * vector width read then. Every module gets the host triple and data layout before it is
 * optimized, and LLVMRunPasses is given the host machine.
 *
 * The pipeline is a short custom list, not default<O3>: compile time of a training step
 * is dominated by per-function and per-instruction work in LLVM, and our IR needs little of
 * O3: it is vector code already (cg.h). Every internal kernel is marked alwaysinline and
 * inlined first, so the rest of the pipeline and the backend see one function (the backend
 * alone costs ~1 ms per function); the inliner turns the kernels' noalias parameters into
 * scope metadata. Then SROA (the few accumulator allocas), early CSE (a fused group's ops
 * repeat work: a sigmoid and the loss beside it both compute exp(-|z|)), instcombine and
 * simplifycfg.
 * Only a module with a loop left scalar (softmax, transpose, one_hot, the simple matmul
 * path) also gets the loop vectorizer, between instcombines: it and its cleanup are costly.
 *
 * The backend runs at the Less level: against Aggressive it skips the post-RA scheduler and
 * a few machine-level passes, compiles faster and runs as fast (bench/DECISIONS.md has the
 * numbers behind this paragraph). Loop strength reduction is off (below).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Support.h>
#include <llvm-c/Target.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "cg.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool init_ok;
static bool avx512;             /* the host has AVX-512F */
/* The host, asked once (each question costs ~0.3 ms); kept for the life of the process. */
static char *host_triple, *host_cpu, *host_features;

/* Whether the comma-separated LLVM feature list has `feat` (e.g. "+avx512f"). */
static bool has_feature(const char *list, const char *feat) {
  size_t n = strlen(feat);
  for (const char *p = list; p && (p = strstr(p, feat)) != NULL; p += n)
    if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == 0))
      return true;
  return false;
}

static void init_native(void) {
  init_ok = !LLVMInitializeNativeTarget() && !LLVMInitializeNativeAsmPrinter();
  /* Loop strength reduction rewrites the addresses of every loop; the matmul loops already
   * step pointers (emit_matmul.c), and without it the seed model's step compiled 15% faster
   * (LLVM instructions) and ran as fast. It is a process-wide LLVM option. */
  const char *argv[2] = {"nnc", "-disable-lsr"};
  LLVMParseCommandLineOptions(2, argv, "");
  host_triple = LLVMGetDefaultTargetTriple();
  host_cpu = LLVMGetHostCPUName();
  host_features = LLVMGetHostCPUFeatures();
  avx512 = has_feature(host_features, "+avx512f");
}

int cg_vector_bytes(void) {
  pthread_once(&once, init_native);
  const char *force = getenv("NNC_VECTOR_BYTES");
  return avx512 && !(force && strcmp(force, "32") == 0) ? 64 : 32;
}

nnc_status cg_target_init(void) {
  pthread_once(&once, init_native);
  if (!init_ok)
    return base_error(NNC_ERR_JIT, "codegen: LLVM has no native target for this host");
  return NNC_OK;
}

nnc_status cg_target_machine(LLVMTargetMachineRef *out) {
  nnc_status st = cg_target_init();
  if (st)
    return st;
  LLVMTargetRef target;
  char *msg = NULL;
  if (LLVMGetTargetFromTriple(host_triple, &target, &msg)) {
    st = base_error(NNC_ERR_JIT, "codegen: no target for %s: %s", host_triple, msg ? msg : "?");
    LLVMDisposeMessage(msg);
  } else {
    *out = LLVMCreateTargetMachine(target, host_triple, host_cpu, host_features,
                                   LLVMCodeGenLevelLess, LLVMRelocPIC, LLVMCodeModelDefault);
    if (!*out)
      st = base_error(NNC_ERR_JIT, "codegen: cannot create a target machine for %s", host_triple);
  }
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

/* Marks each internal function with a body alwaysinline: emit.c calls every kernel once. */
static void inline_kernels(LLVMModuleRef mod) {
  LLVMContextRef ctx = LLVMGetModuleContext(mod);
  unsigned kind = LLVMGetEnumAttributeKindForName("alwaysinline", 12);
  LLVMAttributeRef attr = LLVMCreateEnumAttribute(ctx, kind, 0);
  for (LLVMValueRef f = LLVMGetFirstFunction(mod); f; f = LLVMGetNextFunction(f))
    if (!LLVMIsDeclaration(f) && LLVMGetLinkage(f) == LLVMInternalLinkage)
      LLVMAddAttributeAtIndex(f, LLVMAttributeFunctionIndex, attr);
}

static const char flag[] = "nnc.loop-vectorize";

void cg_want_loop_vectorizer(LLVMModuleRef mod) {
  LLVMContextRef ctx = LLVMGetModuleContext(mod);
  LLVMAddModuleFlag(mod, LLVMModuleFlagBehaviorOverride, flag, sizeof flag - 1,
                    LLVMValueAsMetadata(LLVMConstInt(LLVMInt32TypeInContext(ctx), 1, 0)));
}

static const char pipeline[] =
    "always-inline,"
    "function(sroa,early-cse,instcombine<no-verify-fixpoint>,simplifycfg)";
static const char pipeline_vectorize[] =
    "always-inline,"
    "function(sroa,early-cse,instcombine<no-verify-fixpoint>,loop-vectorize,"
    "instcombine<no-verify-fixpoint>,simplifycfg)";

nnc_status cg_optimize(LLVMModuleRef mod, LLVMTargetMachineRef tm) {
  inline_kernels(mod);
  bool vectorize = LLVMGetModuleFlag(mod, flag, sizeof flag - 1) != NULL;
  LLVMPassBuilderOptionsRef opts = LLVMCreatePassBuilderOptions();
  LLVMPassBuilderOptionsSetLoopVectorization(opts, 1);
  LLVMPassBuilderOptionsSetLoopInterleaving(opts, 1);
  LLVMErrorRef err = LLVMRunPasses(mod, vectorize ? pipeline_vectorize : pipeline, tm, opts);
  LLVMDisposePassBuilderOptions(opts);
  if (err) {
    char *m = LLVMGetErrorMessage(err);
    nnc_status st = base_error(NNC_ERR_JIT, "codegen: optimization failed: %s", m);
    LLVMDisposeErrorMessage(m);
    return st;
  }
  return NNC_OK;
}
