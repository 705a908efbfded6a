/* codegen.h — planned IR to native code through the LLVM C API.
 *
 * A compiled graph is one function
 *     void fn(void *const *slots, void *scratch)
 * where slots are the graph's ir_slots() in order (leaves but consts, then outputs) and
 * scratch holds g->scratch_bytes bytes, 64-byte aligned. Values run in SSA order; an ASSIGN
 * writes its target's slot when its turn comes. Only this module includes LLVM headers.
 */
#ifndef NNC_CODEGEN_H
#define NNC_CODEGEN_H

#include "ir.h"

typedef void (*CgEntry)(void *const *slots, void *scratch);
typedef struct CgJit CgJit;

/* jit.c — one LLJIT for the host CPU; compiled functions live until cg_jit_free. */
nnc_status cg_jit_new(CgJit **out);
void cg_jit_free(CgJit *jit);
/* Emits g (planned) as a function, verifies it, optimizes at O3 and returns its address. */
nnc_status cg_jit_compile(CgJit *jit, const Graph *g, CgEntry *entry);

/* emit.c — the text of the generated LLVM IR (after O3 when optimize) or assembly for the
 * host; ir_free the result. */
nnc_status cg_emit_text(const Graph *g, bool assembly, bool optimize, char **out);

#endif
