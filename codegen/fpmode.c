/* fpmode.c — compiled code computes with subnormal floats flushed to zero, as Keras does.
 *
 * Keras 3 on JAX runs XLA's CPU code with the flush bits set: a subnormal result becomes 0
 * (jit(x * 0.5) of 2e-38f gives 0) and a subnormal operand counts as 0 (1e-39f + 1.2e-38f
 * gives 1.2e-38f, 1e-39f > 0 is false). nnc's steps do the same, which also keeps them off
 * a slow path: on Intel cores an operation with a subnormal operand or result takes a
 * microcode assist of a hundred cycles or more. Adam's moments of a weight whose gradient
 * stays 0 (a pixel that is black in every image) shrink by beta each step into subnormals,
 * and Task M's weight gradient with its Adam update ran 4x slower for them
 * (bench/DECISIONS.md).
 *
 * Each entry of a module (emit.c marks them CG_ENTRY_ATTR: the step's main and the task
 * trampolines that the pool's threads call) saves its thread's mode, sets the flush bits
 * and puts the saved mode back before it returns, so the caller's thread keeps its own.
 * x86-64: MXCSR's FTZ and DAZ; AArch64: FPCR.FZ, which flushes operands and results alike.
 * Other targets keep their mode: a 32-bit ARM core may have no FPU to hold the bit. Every
 * function of a module whose entries flush says so to LLVM ("denormal-fp-math"), so that
 * constant folding agrees with the hardware.
 */
#include <string.h>

#include "cg.h"

enum { X86_FTZ_DAZ = 0x8040, AARCH64_FZ = 1 << 24 };

typedef enum { FP_KEEP, FP_X86, FP_AARCH64 } FpArch;

static FpArch arch_of(LLVMModuleRef mod) {
  const char *triple = LLVMGetTarget(mod);
  size_t n = strcspn(triple, "-");
  if (n == 6 && strncmp(triple, "x86_64", 6) == 0)
    return FP_X86;
  if ((n == 7 && strncmp(triple, "aarch64", 7) == 0) || (n == 5 && strncmp(triple, "arm64", 5) == 0))
    return FP_AARCH64;
  return FP_KEEP;
}

static LLVMValueRef call(LLVMModuleRef mod, LLVMBuilderRef b, const char *name,
                         LLVMValueRef *args, unsigned nargs) {
  unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
  NNC_ASSERT(id != 0);
  LLVMValueRef fn = LLVMGetIntrinsicDeclaration(mod, id, NULL, 0);
  return LLVMBuildCall2(b, LLVMIntrinsicGetType(LLVMGetModuleContext(mod), id, NULL, 0), fn,
                        args, nargs, "");
}

/* The thread's mode word as it is now; on x86 through the stack slot `slot`. */
static LLVMValueRef get_mode(LLVMModuleRef mod, LLVMBuilderRef b, FpArch a, LLVMValueRef slot) {
  if (a == FP_AARCH64)
    return call(mod, b, "llvm.aarch64.get.fpcr", NULL, 0);
  call(mod, b, "llvm.x86.sse.stmxcsr", &slot, 1);
  return LLVMBuildLoad2(b, LLVMInt32TypeInContext(LLVMGetModuleContext(mod)), slot, "mode");
}

static void set_mode(LLVMModuleRef mod, LLVMBuilderRef b, FpArch a, LLVMValueRef slot,
                     LLVMValueRef mode) {
  if (a == FP_AARCH64) {
    call(mod, b, "llvm.aarch64.set.fpcr", &mode, 1);
    return;
  }
  LLVMBuildStore(b, mode, slot);
  call(mod, b, "llvm.x86.sse.ldmxcsr", &slot, 1);
}

static bool is_entry(LLVMValueRef fn) {
  return LLVMGetStringAttributeAtIndex(fn, LLVMAttributeFunctionIndex, CG_ENTRY_ATTR,
                                       sizeof CG_ENTRY_ATTR - 1) != NULL;
}

/* Brackets fn's body: the flush bits set at its start, the caller's mode back at each ret. */
static void bracket(LLVMModuleRef mod, LLVMBuilderRef b, FpArch a, LLVMValueRef fn) {
  LLVMContextRef ctx = LLVMGetModuleContext(mod);
  LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(fn);
  LLVMValueRef first = LLVMGetFirstInstruction(entry);
  if (first)
    LLVMPositionBuilderBefore(b, first);
  else
    LLVMPositionBuilderAtEnd(b, entry);
  LLVMValueRef slot = NULL;
  if (a == FP_X86) {
    slot = LLVMBuildAlloca(b, LLVMInt32TypeInContext(ctx), "fpmode");
    LLVMSetAlignment(slot, 4);
  }
  LLVMValueRef saved = get_mode(mod, b, a, slot);
  LLVMTypeRef ty = LLVMTypeOf(saved);
  unsigned long long bits = a == FP_X86 ? X86_FTZ_DAZ : AARCH64_FZ;
  set_mode(mod, b, a, slot, LLVMBuildOr(b, saved, LLVMConstInt(ty, bits, 0), ""));
  for (LLVMBasicBlockRef bb = entry; bb; bb = LLVMGetNextBasicBlock(bb)) {
    LLVMValueRef term = LLVMGetBasicBlockTerminator(bb);
    if (term && LLVMGetInstructionOpcode(term) == LLVMRet) {
      LLVMPositionBuilderBefore(b, term);
      set_mode(mod, b, a, slot, saved);
    }
  }
}

void cg_flush_subnormals(LLVMModuleRef mod) {
  FpArch a = arch_of(mod);
  if (a == FP_KEEP)
    return;
  LLVMContextRef ctx = LLVMGetModuleContext(mod);
  static const char key[] = "denormal-fp-math", value[] = "preserve-sign,preserve-sign";
  LLVMAttributeRef said = LLVMCreateStringAttribute(ctx, key, sizeof key - 1, value,
                                                    sizeof value - 1);
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  for (LLVMValueRef fn = LLVMGetFirstFunction(mod); fn; fn = LLVMGetNextFunction(fn)) {
    if (LLVMIsDeclaration(fn))
      continue;
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, said);
    if (is_entry(fn))
      bracket(mod, b, a, fn);
  }
  LLVMDisposeBuilder(b);
}
