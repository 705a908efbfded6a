/* split.h — one graph's module cut into parts that compile on separate threads.
 *
 * LLVM compiles a module on one thread, and a training step's module spends nearly all of
 * its compile in per-function work (instruction selection, register allocation, the
 * machine passes), so parts holding about half the instructions each, in their own
 * LLVMContext and compiled by their own target machine, take about half the time on two
 * cores.
 *
 * The cut is between kernel calls of the exported function `main` (straight-line code:
 * slot loads, scratch addresses, one call per kernel). Part p keeps the calls
 * [cut[p], cut[p+1]) and the kernels they call, which are still inlined into it: kernels
 * compiled as functions of their own spill their accumulators (the seed model's step ran
 * ~35% slower that way). Part 0 is `main` itself; part p > 0 is `main.<p>`, with main's
 * signature; each part but the last ends by calling the next, so the calls still run in
 * order. Part 0 is the planned module cut down by cg_split_keep; the others are emitted
 * from the graph as parts of their own (cg_emit_part), so no part costs the whole module.
 */
#ifndef NNC_CG_SPLIT_H
#define NNC_CG_SPLIT_H

#include "cg.h"

/* Parts compiled at once on threads, and parts in all: a module too big for one part
 * compiles in several, in turn on each thread, since LLVM's work on one function grows
 * faster than its size. */
enum { CG_MAX_PARTS = 4, CG_MAX_CUTS = CG_CODE_MAX };

typedef struct {
  int nparts;                    /* 1: compile whole */
  int cut[CG_MAX_CUTS + 1];      /* part p holds main's calls [cut[p], cut[p+1]) */
} CgSplit;

/* Plans mod (exported function `main`) into parts of about equal instruction counts (a
 * call costs its callee's instructions): maxparts of them, or more when that leaves a part
 * above part_insts (0: no bound), at most CG_MAX_CUTS and one call each. The module stays
 * whole when it has fewer than min_insts instructions, fewer than two calls, or when main is
 * not one block whose only effects outside its own stack are its calls. */
void cg_split_plan(LLVMModuleRef mod, const char *main, int maxparts, int min_insts,
                   int part_insts, CgSplit *out);
/* Cuts one copy of the planned module down to part p (see above): its calls, then
 * cg_split_link. */
void cg_split_keep(LLVMModuleRef mod, const char *main, const CgSplit *s, int p);
/* Makes a module that holds part p's calls alone (cut by cg_split_keep, or emitted as that
 * part: cg_emit_part) part p: main renamed, the call to the next part added, kernels no
 * longer called deleted. */
void cg_split_link(LLVMModuleRef mod, const char *main, const CgSplit *s, int p);

#endif
