/* split.c — cutting a graph's module between kernel calls for parallel compiles (split.h).
 *
 * Plan: each call in main costs the instructions it runs (its callee's, or a pool task's);
 * the cuts fall where the running total is closest to p/nparts of the whole, each part
 * keeping at least one call. main qualifies when it is a single block, no call's result is
 * used, and it writes memory only through calls (pool->run included) and stores to its own
 * allocas (a task's array of pointers): then dropping the calls of other parts from a copy
 * leaves exactly this part's effects, and the loads, addresses and stores only those calls
 * needed are cleaned up by the pipeline (instcombine).
 */
#include <stdio.h>
#include <string.h>

#include "split.h"

enum { MAX_ARGS = 8 }; /* main's parameters a part's call to the next can pass */

/* A defined function's instructions and those of the defined functions it calls, to
 * depth levels (a pool task's trampoline calls its kernel). */
static int fn_cost(LLVMValueRef f, int depth) {
  int n = 0;
  for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b; b = LLVMGetNextBasicBlock(b))
    for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i)) {
      LLVMValueRef callee = LLVMIsACallInst(i) ? LLVMGetCalledValue(i) : NULL;
      n += depth > 0 && callee && LLVMIsAFunction(callee) && !LLVMIsDeclaration(callee)
               ? fn_cost(callee, depth - 1)
               : 1;
    }
  return n;
}

/* A call in main costs what it runs: its callee, or for pool->run the task function among
 * its arguments. */
static int call_cost(LLVMValueRef call) {
  int n = 1;
  for (int k = 0; k < LLVMGetNumOperands(call); k++) {
    LLVMValueRef f = LLVMGetOperand(call, (unsigned)k);
    if (LLVMIsAFunction(f) && !LLVMIsDeclaration(f))
      n += fn_cost(f, 1);
  }
  return n;
}

/* Whether instruction i allows a cut: no effect outside main's stack but through a call
 * (a pool task's pointers are stored into an alloca'd array, through a GEP). */
static bool cuttable(LLVMValueRef i) {
  if (LLVMIsACallInst(i))
    return LLVMGetFirstUse(i) == NULL;
  if (LLVMIsAStoreInst(i)) {
    LLVMValueRef p = LLVMGetOperand(i, 1);
    while (LLVMIsAGetElementPtrInst(p))
      p = LLVMGetOperand(p, 0);
    return LLVMIsAAllocaInst(p) != NULL;
  }
  return !LLVMIsAAtomicRMWInst(i) && !LLVMIsAAtomicCmpXchgInst(i) && !LLVMIsAFenceInst(i) &&
         !LLVMIsAInvokeInst(i);
}

void cg_split_plan(LLVMModuleRef mod, const char *main, int maxparts, int min_insts,
                   int part_insts, CgSplit *out) {
  memset(out, 0, sizeof *out);
  out->nparts = 1;
  LLVMValueRef f = LLVMGetNamedFunction(mod, main);
  if (!f || LLVMCountBasicBlocks(f) != 1 || LLVMCountParams(f) > MAX_ARGS)
    return;
  int64_t total = 0;
  int ncalls = 0;
  for (LLVMValueRef i = LLVMGetFirstInstruction(LLVMGetEntryBasicBlock(f)); i;
       i = LLVMGetNextInstruction(i)) {
    if (!cuttable(i))
      return;
    if (LLVMIsACallInst(i)) {
      total += call_cost(i);
      ncalls++;
    } else {
      total++;
    }
  }
  int64_t bound = part_insts > 0 ? (total + part_insts - 1) / part_insts : 1;
  int n = maxparts < CG_MAX_PARTS ? maxparts : CG_MAX_PARTS;
  n = bound > n ? (bound < CG_MAX_CUTS ? (int)bound : CG_MAX_CUTS) : n;
  n = n < ncalls ? n : ncalls;
  if (n < 2 || total < min_insts)
    return;
  out->nparts = n;
  out->cut[n] = ncalls;
  int64_t before = 0; /* cost of the calls before call k */
  int k = 0, p = 1;
  for (LLVMValueRef i = LLVMGetFirstInstruction(LLVMGetEntryBasicBlock(f)); i && p < n;
       i = LLVMGetNextInstruction(i)) {
    if (!LLVMIsACallInst(i))
      continue;
    int64_t cost = call_cost(i), goal = total * p / n;
    /* cut before call k when that lands nearer the goal than cutting after it, as long as
     * every part keeps a call */
    while (p < n && k > out->cut[p - 1] &&
           (before + cost / 2 >= goal || ncalls - k <= n - p)) {
      out->cut[p++] = k;
      goal = total * p / n;
    }
    before += cost;
    k++;
  }
  while (p < n) { /* the rest: one call per remaining part, at the end */
    out->cut[p] = ncalls - (n - p);
    p++;
  }
}

/* Deletes internal functions nothing calls any more (a deletion may free more). */
static void drop_unused(LLVMModuleRef mod) {
  bool again = true;
  while (again) {
    again = false;
    LLVMValueRef f = LLVMGetFirstFunction(mod);
    while (f) {
      LLVMValueRef next = LLVMGetNextFunction(f);
      if (LLVMGetLinkage(f) == LLVMInternalLinkage && !LLVMGetFirstUse(f)) {
        LLVMDeleteFunction(f);
        again = true;
      }
      f = next;
    }
  }
}

static void part_name(char *buf, size_t size, const char *main, int p) {
  if (p == 0)
    snprintf(buf, size, "%s", main);
  else
    snprintf(buf, size, "%s.%d", main, p);
}

void cg_split_keep(LLVMModuleRef mod, const char *main, const CgSplit *s, int p) {
  LLVMValueRef f = LLVMGetNamedFunction(mod, main);
  if (s->nparts <= 1 || !f)
    return;
  LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(f);
  int k = 0;
  LLVMValueRef i = LLVMGetFirstInstruction(entry);
  while (i) {
    LLVMValueRef next = LLVMGetNextInstruction(i);
    if (LLVMIsACallInst(i)) {
      if (k < s->cut[p] || k >= s->cut[p + 1])
        LLVMInstructionEraseFromParent(i);
      k++;
    }
    i = next;
  }
  cg_split_link(mod, main, s, p);
}

void cg_split_link(LLVMModuleRef mod, const char *main, const CgSplit *s, int p) {
  LLVMValueRef f = LLVMGetNamedFunction(mod, main);
  if (s->nparts <= 1 || !f)
    return;
  LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(f);
  char name[256];
  if (p + 1 < s->nparts) { /* then the next part */
    part_name(name, sizeof name, main, p + 1);
    LLVMTypeRef ty = LLVMGlobalGetValueType(f);
    LLVMValueRef callee = LLVMAddFunction(mod, name, ty);
    LLVMValueRef args[MAX_ARGS];
    unsigned nargs = LLVMCountParams(f);
    for (unsigned a = 0; a < nargs; a++)
      args[a] = LLVMGetParam(f, a);
    LLVMBuilderRef b = LLVMCreateBuilderInContext(LLVMGetModuleContext(mod));
    LLVMPositionBuilderBefore(b, LLVMGetBasicBlockTerminator(entry));
    LLVMBuildCall2(b, ty, callee, args, nargs, "");
    LLVMDisposeBuilder(b);
  }
  if (p > 0) {
    part_name(name, sizeof name, main, p);
    LLVMSetValueName2(f, name, strlen(name));
  }
  drop_unused(mod);
}
