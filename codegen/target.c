/* target.c — target machines and the optimization pipeline.
 *
 * LLVM's native target is initialised once per process (pthread_once), and the host's
 * vector width read then. Every module gets its machine's triple and data layout before it
 * is optimized, and LLVMRunPasses is given that machine. The JIT compiles for the host;
 * nnc build also for other targets (cg_target_machine_for), whose back ends are initialised
 * on first use. LLVM's C API cannot ask whether it knows a CPU name: an unknown one only
 * makes LLVM print "is not a recognized processor" to stderr and carry on with a generic
 * CPU. So the machine is created with stderr caught in a temporary file, and that line
 * becomes an error (anything else caught is passed on to stderr).
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
 *
 * LLVM's fatal errors go to base_fatal (the message names LLVM; the nnc command exits 3).
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <llvm-c/ErrorHandling.h>
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

/* LLVM calls this on an error it cannot return from ("Cannot select", out of memory in
 * its own allocators), then exits 1. */
static void llvm_fatal(const char *reason) {
  base_fatal("LLVM", reason);
}

static void init_native(void) {
  LLVMInstallFatalErrorHandler(llvm_fatal);
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
  if (force && (strcmp(force, "32") == 0 || strcmp(force, "64") == 0))
    return atoi(force);
  return avx512 ? 64 : 32;
}

bool cg_host_has(const char *feat) {
  pthread_once(&once, init_native);
  return has_feature(host_features, feat);
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

static pthread_once_t all_once = PTHREAD_ONCE_INIT;

static void init_all(void) {
  LLVMInitializeAllTargetInfos();
  LLVMInitializeAllTargets();
  LLVMInitializeAllTargetMCs();
  LLVMInitializeAllAsmPrinters();
}

/* The bytes written to fd 2 while LLVM makes the machine; NULL when they cannot be caught. */
typedef struct {
  FILE *tmp;
  int saved;
} Caught;

static void catch_stderr(Caught *c) {
  fflush(stderr);
  c->tmp = tmpfile();
  c->saved = c->tmp ? dup(2) : -1;
  if (c->saved >= 0 && dup2(fileno(c->tmp), 2) < 0) {
    close(c->saved);
    c->saved = -1;
  }
}

/* Restores stderr; *text is what was caught (base_free it), or NULL when nothing could be. */
static nnc_status release_stderr(Caught *c, char **text) {
  *text = NULL;
  long n = c->saved >= 0 ? ftell(c->tmp) : -1;
  if (c->saved >= 0) {
    dup2(c->saved, 2);
    close(c->saved);
  }
  if (n >= 0 && !(*text = base_malloc((size_t)n + 1))) {
    fclose(c->tmp);
    return base_error(NNC_ERR_NOMEM, "codegen: out of memory");
  }
  if (*text) {
    rewind(c->tmp);
    (*text)[fread(*text, 1, (size_t)n, c->tmp)] = 0;
  }
  if (c->tmp)
    fclose(c->tmp);
  return NNC_OK;
}

static int vector_bytes_for(const char *triple, bool on_host) {
  size_t n = strcspn(triple, "-");
  bool x86 = (n == 6 && strncmp(triple, "x86_64", 6) == 0) || (n == 4 && triple[0] == 'i');
  if (x86)
    return on_host ? cg_vector_bytes() : 32;
  if (strncmp(triple, "aarch64", 7) == 0 || strncmp(triple, "arm64", 5) == 0)
    return 16;
  if (strncmp(triple, "arm", 3) == 0 || strncmp(triple, "thumb", 5) == 0)
    return 4;
  return 16;
}

static nnc_status make_machine(LLVMTargetRef t, const char *triple, const char *cpu,
                               const char *features, bool bare, LLVMTargetMachineRef *out) {
  Caught c;
  catch_stderr(&c);
  *out = LLVMCreateTargetMachine(t, triple, cpu, features, LLVMCodeGenLevelLess,
                                 bare ? LLVMRelocStatic : LLVMRelocPIC, LLVMCodeModelDefault);
  char *said;
  nnc_status st = release_stderr(&c, &said);
  if (!st && !*out)
    st = base_error(NNC_ERR_JIT, "codegen: cannot create a target machine for %s", triple);
  if (!st && said && strstr(said, "not a recognized processor"))
    st = base_error(NNC_ERR_ARG, "unknown CPU '%s' for target %s", cpu, triple);
  for (char *line = !st ? said : NULL; line && *line;) { /* LLVM's warnings, as nnc's */
    size_t n = strcspn(line, "\n");
    base_log(NNC_LOG_WARNING, "%.*s\n", (int)n, line);
    line += n + (line[n] == '\n');
  }
  base_free(said);
  if (st && *out) {
    LLVMDisposeTargetMachine(*out);
    *out = NULL;
  }
  return st;
}

nnc_status cg_target_machine_for(const char *triple, const char *cpu, LLVMTargetMachineRef *out,
                                 int *vector_bytes, bool *bare) {
  nnc_status st = cg_target_init();
  if (st)
    return st;
  pthread_once(&all_once, init_all);
  char *norm = LLVMNormalizeTargetTriple(triple ? triple : host_triple);
  bool host = strcmp(norm, host_triple) == 0 && (!cpu || strcmp(cpu, host_cpu) == 0);
  const char *c = cpu ? cpu : strcmp(norm, host_triple) == 0 ? host_cpu : "generic";
  LLVMTargetRef t;
  char *msg = NULL;
  if (LLVMGetTargetFromTriple(norm, &t, &msg)) {
    st = base_error(NNC_ERR_ARG, "unknown target '%s': LLVM has no back end for it",
                    triple ? triple : norm);
    LLVMDisposeMessage(msg);
  } else {
    *bare = strstr(norm, "-none") != NULL;
    *vector_bytes = vector_bytes_for(norm, host);
    st = make_machine(t, norm, c, host ? host_features : "", *bare, out);
  }
  LLVMDisposeMessage(norm);
  return st;
}

void cg_module_for_target(LLVMModuleRef mod, LLVMTargetMachineRef tm) {
  char *triple = LLVMGetTargetMachineTriple(tm);
  LLVMSetTarget(mod, triple);
  LLVMDisposeMessage(triple);
  LLVMTargetDataRef layout = LLVMCreateTargetDataLayout(tm);
  LLVMSetModuleDataLayout(mod, layout);
  LLVMDisposeTargetData(layout);
  cg_flush_subnormals(mod);
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

bool cg_wants_loop_vectorizer(LLVMModuleRef mod) {
  return LLVMGetModuleFlag(mod, flag, sizeof flag - 1) != NULL;
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
  bool vectorize = cg_wants_loop_vectorizer(mod);
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

nnc_status cg_target_id(char **out) {
  *out = NULL;
  nnc_status st = cg_target_init();
  if (st)
    return st;
  unsigned major, minor, patch;
  LLVMGetVersion(&major, &minor, &patch);
  /* bf16 matmuls differ by path (a profiled step is never cached: driver/cache.c) */
  const char *fmt = "llvm %u.%u.%u; %s; %s; %s; vector %d; level less; -disable-lsr; %s; %s; "
                    "bf16 %s; nan guard %s";
  const char *guard = cg_guard_enabled() ? "on" : "off";
  int n = snprintf(NULL, 0, fmt, major, minor, patch, host_triple, host_cpu, host_features,
                   cg_vector_bytes(), pipeline, pipeline_vectorize, cg_bf16_path(), guard);
  if (!(*out = base_malloc((size_t)n + 1)))
    return base_error(NNC_ERR_NOMEM, "codegen: out of memory");
  snprintf(*out, (size_t)n + 1, fmt, major, minor, patch, host_triple, host_cpu, host_features,
           cg_vector_bytes(), pipeline, pipeline_vectorize, cg_bf16_path(), guard);
  return NNC_OK;
}
