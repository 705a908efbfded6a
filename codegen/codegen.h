/* codegen.h — planned IR to native code through the LLVM C API.
 *
 * A compiled graph is one function
 *     void fn(void *const *slots, void *scratch, CgPool *pool)
 * where slots are the graph's ir_slots() in order (leaves but consts, then outputs) and
 * scratch holds cg_scratch_bytes(g) bytes (g->scratch_bytes and the guard's flag word),
 * 64-byte aligned. Values run in SSA order; an ASSIGN
 * writes its target's slot when its turn comes. Only this module includes LLVM headers.
 *
 * Large matmul kernels are split into tasks (column panels of C, each with its epilogue) and
 * handed to pool->run, which may run them on several threads. Every task computes the same
 * bits whichever thread runs it and however the tasks are grouped, so the results do not
 * depend on the pool: cg_serial_pool() runs everything on the calling thread.
 */
#ifndef NNC_CODEGEN_H
#define NNC_CODEGEN_H

#include "ir.h"

/* A parallel loop body: tasks [begin, end) of a kernel whose pointers ctx holds. */
typedef void (*CgTask)(void *ctx, int64_t begin, int64_t end);
typedef struct CgPool CgPool;
struct CgPool {
  /* Runs task over [0, n) split into contiguous ranges, all done when it returns. */
  void (*run)(CgPool *self, CgTask task, void *ctx, int64_t n);
  /* Called by code compiled while cg_profiling(): with -1 on entry, then with a kernel's
   * profile index after each kernel. NULL in pools that never run such code. */
  void (*mark)(CgPool *self, int64_t kernel);
  /* Called by code of a graph with early_outputs (ir.h) once output k is in its slot, on
   * the thread that called the function, in the order backward makes them. NULL in pools
   * that never run such code. */
  void (*ready)(CgPool *self, int64_t output);
};
/* Runs task(ctx, 0, n) on the calling thread. */
CgPool *cg_serial_pool(void);

typedef void (*CgEntry)(void *const *slots, void *scratch, CgPool *pool);

/* guard.c — the JIT's code ORs 1 into the i32 at scratch + cg_guard_offset(g) when a
 * kernel writes NaN or ±Inf into a float param or state (the NaN guard, fused into the
 * update); the caller clears it. The offset is -1 when g writes no float param or state.
 * cg_scratch_bytes(g): the scratch a JIT-compiled call of g needs, that flag word included
 * when g has one. */
enum { CG_GUARD_BYTES = 64 };
int64_t cg_guard_offset(const Graph *g);
int64_t cg_scratch_bytes(const Graph *g);
typedef struct CgJit CgJit;

/* jit.c — one LLJIT for the host CPU; compiled functions live until cg_jit_free.
 *
 * A graph's code is relocatable object code (one object per part of a split module), made
 * by cg_jit_build and linked into the JIT by cg_jit_load: the compile cache (driver/)
 * stores the bytes between the two, so fresh and cached code are the same bytes. */
enum { CG_CODE_MAX = 256 };      /* objects per graph, at most (split.h's CG_MAX_CUTS) */
typedef struct {
  int n;
  char *obj[CG_CODE_MAX];        /* owned: base_malloc'd object files */
  size_t len[CG_CODE_MAX];       /* bytes */
} CgCode;
nnc_status cg_jit_new(CgJit **out);
void cg_jit_free(CgJit *jit);
/* Emits g (planned) as the exported function name, verifies it, optimizes it (target.c)
 * and emits it for the host into *code (cg_code_free it; empty on failure). */
nnc_status cg_jit_build(CgJit *jit, const Graph *g, const char *name, CgCode *code);
void cg_code_free(CgCode *code);
/* Links code into the JIT and returns the address of its function name; when the JIT
 * defines name already, returns that instead (code is not used). Code that fails to link
 * leaves nothing behind. */
nnc_status cg_jit_load(CgJit *jit, const CgCode *code, const char *name, CgEntry *entry);
/* Whether the JIT defines name already, and its address. */
bool cg_jit_find(CgJit *jit, const char *name, CgEntry *entry);
/* cg_jit_build and cg_jit_load under a name of its own (nnc_fn_<n>). */
nnc_status cg_jit_compile(CgJit *jit, const Graph *g, CgEntry *entry);

/* profile.c — per-kernel wall times of JIT-compiled steps, printed to stderr at exit. On
 * when NNC_PROFILE is set (not "0"; "cpu": the thread's CPU time) at the first compile;
 * pools forward marks here. */
bool cg_profiling(void);
void cg_profile_mark(int64_t kernel);
/* target.c — what the host's code depends on besides the graph: LLVM's version, the
 * triple, CPU and features, the vector width and the optimization pipeline, as one line
 * into *out (base_free it). */
nnc_status cg_target_id(char **out);

/* emit.c — the text of the generated LLVM IR (optimized when optimize) or assembly for the
 * host; base_free the result. */
nnc_status cg_emit_text(const Graph *g, bool assembly, bool optimize, char **out);

/* object.c — ahead-of-time object code for a target (nnc build): graphs are added one by
 * one, each as an internal function, then the program's exported functions are emitted
 * around them (ir.h's Program) and the whole module becomes one relocatable object. The
 * object is freestanding: its graphs call a serial pool inside it (no threads), its math is
 * vmath.c's, and it references no symbol outside itself. */
typedef struct CgObject CgObject;
/* triple and cpu as cg_target_machine_for (codegen/cg.h) takes them: NULL for the host's. */
nnc_status cg_object_new(const char *triple, const char *cpu, CgObject **out);
void cg_object_free(CgObject *o);                  /* NULL is fine */
/* Emits planned g as the object's internal function fn (an Entry's fn). */
nnc_status cg_object_add(CgObject *o, const Graph *g, const char *fn);
/* Whether the target computes f64 in hardware: not 32-bit Arm, whose Cortex-M FPUs are
 * single-precision (f64 would call soft-float helpers, outside the object). */
bool cg_object_has_f64(const CgObject *o);
/* Verifies p (ir_program_verify), emits its functions and optimizes the module for the
 * target, then writes the object code to *bytes (base_free it), *n bytes. Once per object. */
nnc_status cg_object_emit(CgObject *o, const Program *p, char **bytes, size_t *n);

#endif
