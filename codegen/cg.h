/* cg.h — what the codegen files share; never included outside codegen/.
 *
 * Emission model: the graph becomes one exported function `void NAME(ptr slots, ptr scratch,
 * ptr pool)` that calls, in SSA order, one small internal kernel function per value or fusion
 * group. A kernel takes the result pointer and one pointer per operand that has a buffer,
 * all `noalias`, so the loops left to LLVM's vectorizer need no runtime alias checks; the
 * pipeline inlines the kernels (one call site each) and keeps the no-alias facts as scope
 * metadata. CONST
 * operands have no pointer: their loads are the constant itself.
 *
 * Sections follow the .c files that define them.
 */
#ifndef NNC_CG_H
#define NNC_CG_H

#include <llvm-c/Core.h>
#include <llvm-c/TargetMachine.h>

#include "codegen.h"

typedef struct {
  LLVMContextRef ctx;
  LLVMModuleRef mod;
  LLVMBuilderRef b;
  LLVMTypeRef t_void, t_ptr, t_i1, t_i32, t_i64, t_f32, t_f64;
  LLVMValueRef fn;           /* the kernel being emitted */
  const Graph *g;
  nnc_status st;             /* first error while emitting, else NNC_OK */
  unsigned lanes;            /* > 1 inside a vector loop body (vector.c), else 0 */
  LLVMValueRef mask;         /* that body's lanes (a constant <lanes x i1>); NULL: all */
  bool loop_vectorize;       /* a scalar loop was left for LLVM's loop vectorizer */
  int vector_bytes;          /* the target's vector width (cg_target_vector_bytes); 0: the host's */
  bool profile;              /* main marks each kernel's end through pool->mark (profile.c) */
  bool guard;                /* kernels that assign params or state note NaN/Inf (guard.c) */
  bool guarding;             /* the current kernel notes what it assigns (guard.c) */
  int nguard;                /* its running notes: one stack slot per type noted */
  LLVMValueRef guard_slot[4];
} Cg;

/* An operand as a kernel sees it: a buffer with per-loop-dim strides, or a constant. */
typedef struct {
  DType dt;
  LLVMValueRef base;           /* pointer; NULL for a constant */
  LLVMValueRef konst;          /* the scalar when base is NULL */
  int64_t stride[IR_MAX_RANK]; /* elements per step of each loop dim (0 = broadcast) */
  int64_t lane;                /* in a vector body: elements from one lane to the next */
} Operand;

/* A range of tasks [begin, end) (i64 values) of a kernel split for threads (cg_matmul_tasks,
 * cg_transpose_tasks, cg_fused_tasks). */
typedef struct {
  LLVMValueRef begin, end;
} CgRange;

/* ops.def's codegen column, declared here from the table itself.
 * LANE(f): f computes one element of v from its operands' loaded elements x (lanewise in a
 * vector body, scalar otherwise); elementwise kernels and fused groups call it (through
 * cg_scalar_op). It may assume the operands' dtypes passed v's type rule.
 * KERNEL(f): f emits v's whole kernel into the current function: `out` is v's buffer (an
 * ASSIGN's target), args[k] operand k's (NULL for a CONST); range is the task range when
 * cg_matmul_tasks(v) or cg_transpose_tasks(v) > 0, else NULL. */
typedef LLVMValueRef CgLane(Cg *c, const Value *v, LLVMValueRef *x);
typedef void CgKernel(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                      const CgRange *range);
#define LANE(f) CgLane f;
#define KERNEL(f) CgKernel f;
#define NO_KERNEL
#define OP(id, name, arity, flags, attrs, type, reference, vjp, codegen) codegen
#include "ops.def"
#undef OP
#undef LANE
#undef KERNEL
#undef NO_KERNEL

/* target.c — target machines and the optimization pipeline */
nnc_status cg_target_init(void);
nnc_status cg_target_machine(LLVMTargetMachineRef *out);   /* host CPU and features */
/* Bytes in the host's widest vector register: 64 with AVX-512, else 32 (NNC_VECTOR_BYTES=32
 * in the environment forces 32, for tests of the AVX2 shapes on any host). */
int cg_vector_bytes(void);
/* Whether the host CPU has LLVM feature `feat` ("+avx512bf16"). */
bool cg_host_has(const char *feat);
/* A machine for another target (ahead-of-time code): triple NULL means the host's triple,
 * CPU and features, as the JIT uses; cpu NULL means the host's CPU on the host's triple and
 * "generic" elsewhere. An unknown triple or CPU is NNC_ERR_ARG, named. *vector_bytes is the
 * vector width codegen aims at there: the host's on the host, 32 on other x86 CPUs, 16 on
 * AArch64, 4 (scalar f32) on 32-bit Arm, whose f32 vectors are not IEEE; *bare is a triple
 * without an operating system (static code, no PIC). */
nnc_status cg_target_machine_for(const char *triple, const char *cpu, LLVMTargetMachineRef *out,
                                 int *vector_bytes, bool *bare);
/* Gives mod its machine's triple and data layout, and its entries the FP mode (fpmode.c). */
void cg_module_for_target(LLVMModuleRef mod, LLVMTargetMachineRef tm);
/* Marks mod as holding scalar loops for the loop vectorizer (Cg.loop_vectorize). */
void cg_want_loop_vectorizer(LLVMModuleRef mod);
bool cg_wants_loop_vectorizer(LLVMModuleRef mod);
nnc_status cg_optimize(LLVMModuleRef mod, LLVMTargetMachineRef tm);

/* fpmode.c: the functions marked CG_ENTRY_ATTR (emit.c: those called from outside the
 * module) run with subnormals flushed to zero on targets that have the bits; mod's triple
 * is set. */
#define CG_ENTRY_ATTR "nnc-entry"
void cg_flush_subnormals(LLVMModuleRef mod);

/* guard.c — the NaN guard in the update kernels (cg_guard_offset, cg_scratch_bytes in
 * codegen.h) */
bool cg_guard_enabled(void);               /* unless NNC_NAN_GUARD=off */
bool cg_guards(const Value *v);            /* an ASSIGN to a float PARAM or STATE */
bool cg_graph_guarded(const Graph *g);     /* some kernel of g has a guarded ASSIGN */
int64_t cg_guard_word(const Graph *g);     /* the flag's offset in scratch, when guarded */
void cg_guard_begin(Cg *c);                /* at a guarded kernel's entry */
/* Notes whether x (a float value written to a param or state: a vector in a vector body,
 * its active lanes) holds NaN or ±Inf. */
void cg_guard_note(Cg *c, LLVMValueRef x);
/* Notes every element of dst's buffer ptr (an unfused ASSIGN's target, after the copy). */
void cg_guard_buffer(Cg *c, const Value *dst, LLVMValueRef ptr);
void cg_guard_end(Cg *c, LLVMValueRef flag); /* ORs the kernel's note into *flag */

/* idle.c — CPUs running nothing now (ncpu less the other runnable threads that look
 * reports, this thread included in its count), looked at again a few times while fewer than
 * `want` are seen; the most found. */
typedef long CgLook(void *ctx);
long cg_runnable_threads(void *ctx);       /* the machine's, from /proc/loadavg; 1 if unknown */
int cg_idle_cpus(long ncpu, int want, CgLook *look, void *ctx);

/* prefault.c — maps the calling thread's next few MB of heap before LLVM runs on it */
void cg_prefault_heap(void);

/* profile.c — a kernel of step `step` (label, FLOPs per call, 0 if not counted) gets its
 * row; its index for pool->mark, or -1 when the table is full */
int64_t cg_profile_register(const char *step, const char *label, double flops);

/* emit.c — the graph as a module holding the function `name` (profiled when cg_profiling()) */
nnc_status cg_emit_module(const Graph *g, LLVMContextRef ctx, const char *name,
                          LLVMModuleRef *out);
/* The profiler ids of a module's marks, in main's order (profile.c's table holds as many). */
enum { CG_MAX_MARKS = 4096 };
typedef struct {
  int n;
  int64_t id[CG_MAX_MARKS];
} CgMarks;
/* cg_emit_module, noting its marks' ids in *marks (may be NULL). */
nnc_status cg_emit_module_marks(const Graph *g, LLVMContextRef ctx, const char *name,
                                CgMarks *marks, LLVMModuleRef *out);
/* Of the module cg_emit_module_marks made for g (which verified g and noted marks), only
 * main's calls [lo, hi) and the kernels they call: one part of a split compile (split.h).
 * loop_vectorize: whether that module asked for LLVM's loop vectorizer, which every part
 * then asks for too. */
nnc_status cg_emit_part(const Graph *g, LLVMContextRef ctx, const char *name, int lo, int hi,
                        const CgMarks *marks, bool loop_vectorize, LLVMModuleRef *out);
/* The same with vectors of vector_bytes (cg_target_machine_for; 0: the host's). */
nnc_status cg_emit_module_for(const Graph *g, LLVMContextRef ctx, const char *name,
                              int vector_bytes, LLVMModuleRef *out);
void cg_init_types(Cg *c, LLVMContextRef ctx);   /* c's context and t_ types */
void cg_add_attr(Cg *c, LLVMValueRef fn, unsigned idx, const char *name);
nnc_status cg_fail(Cg *c, nnc_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
LLVMTypeRef cg_type(Cg *c, DType t);       /* the element type */
LLVMTypeRef cg_vtype(Cg *c, DType t);      /* a value's type: a vector in a vector body */
LLVMValueRef cg_const(Cg *c, DType t, double x); /* splat in a vector body */
LLVMValueRef cg_i64(Cg *c, int64_t x);
/* Starts an internal kernel `void name(ptr noalias...)` with nptr pointer parameters, then,
 * when ranged, two i64 parameters: the task range [begin, end) it runs. The builder is left
 * in its entry block. The caller ends it with cg_kernel_end. */
LLVMValueRef cg_kernel_begin(Cg *c, const char *name, int nptr, const bool *readonly,
                             bool ranged);
void cg_kernel_end(Cg *c);
LLVMValueRef cg_intrinsic(Cg *c, const char *name, LLVMTypeRef ty, LLVMValueRef *args,
                          int nargs);

/* object_init.c — PREFIX_init of an object (object.c): the program's fills in IR, drawing
 * from xoshiro256** exactly as runtime/rng.c and keras/init.c do in C. */
void cg_object_init(Cg *c, const Program *p);

/* loops.c — counted loops with phi induction variables (bottom-tested, n >= 1) */
typedef struct {
  LLVMValueRef iv;             /* i64 phi, 0 .. n-1 */
  LLVMBasicBlockRef header, exit;
  int64_t n;
  bool vector;                 /* set before cg_loop_end: the body is vector code already */
} CgLoop;
typedef struct {
  int rank;
  int64_t dim[IR_MAX_RANK];
  CgLoop loop[IR_MAX_RANK];
} CgNest;
void cg_loop_begin(Cg *c, CgLoop *l, int64_t n);
void cg_loop_end(Cg *c, CgLoop *l);
void cg_nest_begin(Cg *c, CgNest *n, int rank, const int64_t *dim);
void cg_nest_end(Cg *c, CgNest *n);
/* Linear element index sum(iv[d] * stride[d]) over a nest's loops. */
LLVMValueRef cg_nest_index(Cg *c, const CgNest *n, const int64_t *stride);
/* The element at index, or in a vector body the lanes from index on, o->lane apart. */
LLVMValueRef cg_load(Cg *c, const Operand *o, LLVMValueRef index);
/* Stores x at index; in a vector body its lanes go to consecutive elements from index. */
void cg_store(Cg *c, DType t, LLVMValueRef base, LLVMValueRef index, LLVMValueRef x);
/* The body of a loop nest, emitted once per kind of step (see cg_vnest). */
typedef void CgBody(Cg *c, void *ctx, const CgNest *n);
/* A nest over dim[0..rank) whose innermost loop runs in vectors of `lanes` elements: body
 * is emitted for the full vectors (c->lanes set, in a loop when there are several) and
 * again for the rest (c->mask set), with the innermost iv at the lane-0 element. A rank-0
 * nest, or lanes <= 1, runs body once per element, scalar. */
void cg_vnest(Cg *c, unsigned lanes, int rank, const int64_t *dim, CgBody *body, void *ctx);
/* A stack slot in the kernel's entry block (promoted to a register by SROA). */
LLVMValueRef cg_alloca(Cg *c, LLVMTypeRef ty);
/* Merges adjacent dims that every stride set walks contiguously; returns the new rank. */
int cg_collapse(int rank, int64_t *dim, int64_t (*strides)[IR_MAX_RANK], int nstrides);
/* Code from here on runs only when task t (an i64 value) is in range, up to
 * cg_if_end(c, the block returned). */
LLVMBasicBlockRef cg_if_task(Cg *c, const CgRange *range, LLVMValueRef t);
void cg_if_end(Cg *c, LLVMBasicBlockRef after);
/* Row tasks: an elementwise kernel over R rows split for threads, each task a run of whole
 * rows; body emits rows [r0, r0 + rows). */
typedef void CgRows(Cg *c, void *ctx, LLVMValueRef r0, int64_t rows);
/* Rows per task, a multiple of unit, when a kernel of numel elements over R rows is worth
 * splitting; 0: run it whole. Its tasks: ceil(R / chunk). */
int64_t cg_row_chunk(int64_t R, int64_t numel, int64_t unit);
/* The tasks of range over R rows cut into chunks of `chunk` (the last may be shorter). */
void cg_row_tasks(Cg *c, const CgRange *range, int64_t R, int64_t chunk, CgRows *body,
                  void *ctx);

/* vector.c — vector values, masks and memory */
/* Lanes per vector for elements of `esize` bytes on c's target (at least 1). */
unsigned cg_lanes(const Cg *c, int esize);
LLVMValueRef cg_splat(Cg *c, LLVMValueRef x, unsigned lanes);
LLVMValueRef cg_lane_mask(Cg *c, unsigned lanes, int64_t n); /* the first n lanes set */
/* The vector of ty at p, of which only mask's lanes are read (the rest 0); mask NULL: all. */
LLVMValueRef cg_vector_load(Cg *c, LLVMTypeRef ty, LLVMValueRef p, LLVMValueRef mask,
                            unsigned align);
void cg_vector_store(Cg *c, LLVMValueRef x, LLVMValueRef p, LLVMValueRef mask, unsigned align);
/* Transposes the w x w matrix held in row[0..w), vectors of w lanes (w a power of two), in
 * registers: shuffles only. */
void cg_transpose_vectors(Cg *c, LLVMValueRef *row, unsigned w);
/* Loop metadata on latch: no unrolling, and for a vector body no loop vectorizer either. */
void cg_loop_metadata(Cg *c, LLVMBasicBlockRef latch, bool vector);

/* vmath.c — math in IR, f32 and f64, scalar or lanewise (polynomials, no libm calls);
 * also the lanes of ERF and GELU */
LLVMValueRef cg_exp(Cg *c, DType t, LLVMValueRef x);
LLVMValueRef cg_expm1(Cg *c, DType t, LLVMValueRef x);
LLVMValueRef cg_log(Cg *c, DType t, LLVMValueRef x);
LLVMValueRef cg_sigmoid(Cg *c, DType t, LLVMValueRef x);
LLVMValueRef cg_tanh(Cg *c, DType t, LLVMValueRef x);
LLVMValueRef cg_pow(Cg *c, DType t, LLVMValueRef x, double e);
LLVMValueRef cg_erf(Cg *c, DType t, LLVMValueRef x);
/* llvm.rint for |x| < 2^(mantissa bits - 1), and llvm.round, without their libm calls */
LLVMValueRef cg_rint(Cg *c, DType t, LLVMValueRef x);
LLVMValueRef cg_round(Cg *c, DType t, LLVMValueRef x);

/* emit_elementwise.c — elementwise ops, broadcasting, casts, copies */
/* The scalar result of elementwise op v on its operands' loaded scalars: its LANE. */
LLVMValueRef cg_scalar_op(Cg *c, const Value *v, LLVMValueRef *x);
/* Operand i of v seen from a loop nest over shape `out` (numpy broadcasting). */
void cg_operand(Cg *c, Operand *o, const Value *a, Shape out, LLVMValueRef ptr);
/* The kernel of every LANE op: one loop nest over the result. */
CgKernel cg_kernel_elementwise;
/* op's kernel from ops.def (cg_kernel_elementwise for a LANE op); NULL for a leaf. */
CgKernel *cg_kernel_of(OpKind op);
/* Lanes of a vector body over these values (NULL entries skipped): the widest dtype's. */
unsigned cg_lanes_for(const Cg *c, const Value *const *vals, int n);
/* dst of shape `to` = src broadcast NumPy-style (a plain copy when the shapes agree). */
void cg_emit_broadcast(Cg *c, const Value *src, Shape to, LLVMValueRef dst, LLVMValueRef srcptr);
/* Copies (or fills from a CONST) src into dst of src's shape and dtype. */
void cg_emit_copy(Cg *c, const Value *src, LLVMValueRef dst, LLVMValueRef srcptr);

/* emit_layout.c — transpose, reshape, broadcast, one_hot (their KERNELs) */
/* How many tasks a transpose splits into for threads (runs of its output's rows); 0: whole. */
int64_t cg_transpose_tasks(Cg *c, const Value *v);

/* emit_matmul.c */
/* Work done on a finished block of C while it is still in cache: rows [i0, i0+rows) and
 * columns [j0, j0+cols) of `out` hold their final sums when emit runs (a run of row blocks;
 * emit_matmul.c says which). i0 and j0 are i64 LLVM values, rows and cols constants. A
 * fused kernel uses it to apply bias, activation or an optimizer update as each block is
 * written (the matmul's epilogue).
 * C is swept in column panels: panel(j0, cols, false) runs before the first block of the
 * columns [j0, j0+cols), then their blocks follow in increasing row order, then
 * panel(j0, cols, true); no other block touches those columns. Panels may run on different
 * threads at once, so per-column work (a bias gradient's sum over rows) belongs in them. */
typedef struct {
  void (*emit)(Cg *c, void *ctx, LLVMValueRef i0, int64_t rows, LLVMValueRef j0, int64_t cols);
  void (*panel)(Cg *c, void *ctx, LLVMValueRef j0, int64_t cols, bool end); /* may be NULL */
  void *ctx;
} CgEpilogue;
/* How many tasks v is worth splitting into for threads; 0: run it whole. The tasks are its
 * column panels, and when there are few of them and by_rows, chunks of each panel's rows:
 * by_rows must be true exactly when the epilogue given to cg_emit_matmul has no panel hook. */
int64_t cg_matmul_tasks(Cg *c, const Value *v, bool by_rows);
/* ep may be NULL. range NULL: all of C; else only the tasks of range (then v must have
 * cg_matmul_tasks > 0). */
void cg_emit_matmul(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                    const CgEpilogue *ep, const CgRange *range);

/* emit_matmul_bf16.c — the same two for a MATMUL with the bf16 flag (emit_matmul.c's defer
 * to them) */
int64_t cg_matmul_bf16_tasks(Cg *c, const Value *v);
/* The path this process's bf16 matmuls take on the host: "amx", "avx512" or "emulate". It
 * asks Linux for AMX's tiles, so a step from the compile cache that uses them may run: it is
 * part of cg_target_id, computed for every compile, hit or miss. */
const char *cg_bf16_path(void);
void cg_emit_matmul_bf16(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                         const CgEpilogue *ep, const CgRange *range);

/* emit_fused.c — a fusion group (pass_fuse): values [first, end) of c->g as one kernel.
 * buf[0..nbuf) are the distinct values whose memory the group touches (the members that
 * have a buffer, ASSIGN targets, operands from outside), ptr[] their kernel parameters.
 * range NULL: the whole group; else only those tasks of its MATMUL head. */
void cg_emit_fused(Cg *c, int first, int end, const Value *const *buf, LLVMValueRef *ptr,
                   int nbuf, const CgRange *range);
/* The tasks the group's kernel splits into (its MATMUL head's), or 0. */
int64_t cg_fused_tasks(Cg *c, int first);

/* emit_reduce.c — sum, mean, softmax, log_softmax (their KERNELs) */

#endif
