/* emit.c — a planned graph as one LLVM function, and the text of what it becomes.
 *
 * `void NAME(ptr slots, ptr scratch, ptr pool)` calls one internal kernel per value in SSA
 * order (cg.h explains the kernel model) or per fusion group (pass_fuse's contiguous values
 * of one `group`, emitted by emit_fused.c; members the plan keeps in registers have no
 * pointer), then copies the outputs into their slots. Each call's pointers are made just
 * before it (a slot pointer loaded, a planned value's scratch+offset computed), not once at
 * the top: a pointer made at the top lives across every kernel up to its last use, so once
 * the kernels are inlined the backend's liveness work grows with layers x kernels.
 *
 * A kernel worth splitting (cg_matmul_tasks) is ranged: its parameters end with the task
 * range [begin, end). Main stores its pointers in a stack array and calls
 * pool->run(pool, NAME.task, array, tasks); the trampoline NAME.task(ctx, begin, end) loads
 * them back and calls the kernel, which is inlined there. Main never calls a trampoline
 * directly, so the kernel is compiled once. Every pointer handed to a kernel
 * is `noalias`: slots never alias each other, and the planner never lets a value share bytes
 * with an operand (checked here, since a violation would be silently miscompiled).
 * The module is verified before anyone optimizes or runs it. When profiled (profile.c),
 * main also calls pool->mark on entry and after each kernel. A graph with early_outputs
 * copies each output right after the kernel that makes its value and then calls
 * pool->ready(pool, k), so the caller can use it while the rest runs (outputs made by no
 * kernel: at the end, each announced too).
 *
 * A part (cg_emit_part, for a split compile: split.h) is the same walk that builds only
 * main's calls [lo, hi) and their kernels, so each part's module holds only its own code and
 * the parts together cost one emission; its profiler marks reuse the whole module's ids.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Analysis.h>

#include "cg.h"

typedef struct {
  Cg c;
  const char *name;          /* main's */
  LLVMValueRef main;
  bool *buffered;            /* per value id: it has a buffer (not CONST, ASSIGN, registers) */
  int *slot;                 /* per value id: slot index of a leaf, else -1 */
  int nleaves;               /* slots before the outputs */
  int ncalls;                /* main's calls so far, built or skipped */
  int lo, hi;                /* main's calls built: [lo, hi) */
  CgMarks *marks;            /* profiler ids of main's marks: filled by the whole module's
                                emission, read back by a part's (NULL: none kept) */
  bool part;                 /* a part: its marks come from `marks` */
  int nmarks;                /* marks seen so far */
} Emit;

/* Whether main's next call is built here (a part builds only its own); counts it. */
static bool next_call(Emit *e) {
  int k = e->ncalls++;
  return k >= e->lo && k < e->hi;
}

/* The profiler id of main's next mark: registered (label, flops) and noted in the whole
 * module, read back from the notes in a part. -1: none (the profiler's table is full). */
static int64_t mark_id(Emit *e, const char *label, double flops) {
  int k = e->nmarks++;
  if (e->part)
    return e->marks && k < e->marks->n ? e->marks->id[k] : -1;
  int64_t id = cg_profile_register(e->name, label, flops);
  if (e->marks && e->marks->n < CG_MAX_MARKS)
    e->marks->id[e->marks->n++] = id;
  return id;
}

nnc_status cg_fail(Cg *c, nnc_status code, const char *fmt, ...) {
  if (c->st)
    return c->st;
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  c->st = base_error(code, "%s", buf);
  return c->st;
}

LLVMTypeRef cg_type(Cg *c, DType t) {
  switch (t) {
  case DT_F32: return c->t_f32;
  case DT_F64: return c->t_f64;
  case DT_I32: return c->t_i32;
  }
  nnc_unreachable("unknown dtype");
}

LLVMTypeRef cg_vtype(Cg *c, DType t) {
  return c->lanes > 1 ? LLVMVectorType(cg_type(c, t), c->lanes) : cg_type(c, t);
}

LLVMValueRef cg_const(Cg *c, DType t, double x) {
  LLVMValueRef k = t == DT_I32 ? LLVMConstInt(c->t_i32, (unsigned long long)(int64_t)x, 1)
                               : LLVMConstReal(cg_type(c, t), x);
  return c->lanes > 1 ? cg_splat(c, k, c->lanes) : k;
}

LLVMValueRef cg_i64(Cg *c, int64_t x) {
  return LLVMConstInt(c->t_i64, (unsigned long long)x, 1);
}

void cg_add_attr(Cg *c, LLVMValueRef fn, unsigned idx, const char *name) {
  unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
  LLVMAddAttributeAtIndex(fn, idx, LLVMCreateEnumAttribute(c->ctx, kind, 0));
}

LLVMValueRef cg_kernel_begin(Cg *c, const char *name, int nptr, const bool *readonly,
                             bool ranged) {
  LLVMTypeRef small[3 + IR_MAX_ARGS];
  int nparam = nptr + (ranged ? 2 : 0);
  LLVMTypeRef *params = nparam <= 3 + IR_MAX_ARGS ? small : base_malloc(sizeof *params * (size_t)nparam);
  if (!params) {
    cg_fail(c, NNC_ERR_NOMEM, "codegen: out of memory");
    params = small, nptr = nparam = 0;
  }
  for (int i = 0; i < nparam; i++)
    params[i] = i < nptr ? c->t_ptr : c->t_i64;
  LLVMTypeRef fty = LLVMFunctionType(c->t_void, params, (unsigned)nparam, 0);
  if (params != small)
    base_free(params);
  LLVMValueRef fn = LLVMAddFunction(c->mod, name, fty);
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  cg_add_attr(c, fn, LLVMAttributeFunctionIndex, "nounwind");
  for (int i = 0; i < nptr; i++) {
    cg_add_attr(c, fn, (unsigned)i + 1, "noalias");
    cg_add_attr(c, fn, (unsigned)i + 1, "nocapture");
    if (readonly[i])
      cg_add_attr(c, fn, (unsigned)i + 1, "readonly");
  }
  c->fn = fn;
  LLVMPositionBuilderAtEnd(c->b, LLVMAppendBasicBlockInContext(c->ctx, fn, "entry"));
  return fn;
}

/* fn is called from outside its module: it sets the FP mode (fpmode.c). */
static void mark_entry(Cg *c, LLVMValueRef fn) {
  LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                          LLVMCreateStringAttribute(c->ctx, CG_ENTRY_ATTR,
                                                    sizeof CG_ENTRY_ATTR - 1, "", 0));
}

void cg_kernel_end(Cg *c) {
  LLVMBuildRetVoid(c->b);
}

LLVMValueRef cg_intrinsic(Cg *c, const char *name, LLVMTypeRef ty, LLVMValueRef *args,
                          int nargs) {
  unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
  NNC_ASSERT(id != 0); /* a misspelt intrinsic name */
  LLVMValueRef fn = LLVMGetIntrinsicDeclaration(c->mod, id, &ty, 1);
  LLVMTypeRef fty = LLVMIntrinsicGetType(c->ctx, id, &ty, 1);
  return LLVMBuildCall2(c->b, fty, fn, args, (unsigned)nargs, "");
}

void cg_init_types(Cg *c, LLVMContextRef ctx) {
  c->ctx = ctx;
  c->t_void = LLVMVoidTypeInContext(ctx);
  c->t_ptr = LLVMPointerTypeInContext(ctx, 0);
  c->t_i1 = LLVMInt1TypeInContext(ctx);
  c->t_i32 = LLVMInt32TypeInContext(ctx);
  c->t_i64 = LLVMInt64TypeInContext(ctx);
  c->t_f32 = LLVMFloatTypeInContext(ctx);
  c->t_f64 = LLVMDoubleTypeInContext(ctx);
}

static int64_t nbytes(const Value *v) {
  return ir_numel(v->shape) * (int64_t)ir_dtype_size(v->dtype);
}

static bool has_buffer(const Value *v) {
  return v->op != OP_CONST && v->op != OP_ASSIGN;
}

static bool in_scratch(const Value *v) {
  return !(ir_op_flags(v->op) & OPF_LEAF) && v->op != OP_ASSIGN;
}

/* A fusion-group member the plan keeps in registers (the verifier checked who reads it). */
static bool in_registers(const Value *v) {
  return in_scratch(v) && v->group && v->offset < 0;
}

static bool overlap(const Value *a, const Value *b) {
  return in_scratch(a) && in_scratch(b) && a != b && a->offset < b->offset + nbytes(b) &&
         b->offset < a->offset + nbytes(a);
}

/* The scratch buffers one group touches are all apart: its kernel's pointers are noalias. */
static nnc_status check_group(const Graph *g, int first, int end) {
  for (int i = first; i < end; i++)
    for (int j = first; j < end; j++) {
      const Value *v = g->values[i], *w = g->values[j];
      for (int k = -1; k < v->nargs; k++)
        for (int l = -1; l < w->nargs; l++) {
          const Value *a = k < 0 ? v : v->args[k], *b = l < 0 ? w : w->args[l];
          if (!in_registers(a) && !in_registers(b) && overlap(a, b))
            return base_error(NNC_ERR_INTERNAL, "codegen: plan overlaps %%%d and %%%d, both used "
                            "by fusion group %d", a->id, b->id, v->group);
        }
    }
  return NNC_OK;
}

/* The plan must give every scratch value a range inside the arena, apart from its operands. */
static nnc_status check_plan(const Graph *g) {
  if (!g->planned)
    return base_error(NNC_ERR_ARG, "codegen: the graph is not planned (run pass_plan first)");
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    if (v->group && (i == 0 || g->values[i - 1]->group != v->group)) {
      int end = i + 1;
      while (end < g->nvalues && g->values[end]->group == v->group)
        end++;
      nnc_status st = check_group(g, i, end);
      if (st)
        return st;
    }
    if (!in_scratch(v) || in_registers(v))
      continue;
    if (v->offset < 0 || v->offset + nbytes(v) > g->scratch_bytes)
      return base_error(NNC_ERR_ARG, "codegen: %%%d has no place in the %lld-byte scratch arena",
                      v->id, (long long)g->scratch_bytes);
    for (int k = 0; k < v->nargs; k++) {
      const Value *a = v->args[k];
      if (a->op == OP_ASSIGN)
        return base_error(NNC_ERR_ARG, "codegen: %%%d uses assign %%%d as an operand", v->id, a->id);
      if (in_scratch(a) && !in_registers(a) && a->offset < v->offset + nbytes(v) &&
          v->offset < a->offset + nbytes(a))
        return base_error(NNC_ERR_INTERNAL, "codegen: plan overlaps %%%d with its operand %%%d",
                        v->id, a->id);
    }
  }
  return NNC_OK;
}

static void begin_main(Emit *e, const char *name) {
  Cg *c = &e->c;
  LLVMTypeRef params[3] = {c->t_ptr, c->t_ptr, c->t_ptr};
  e->main = LLVMAddFunction(c->mod, name, LLVMFunctionType(c->t_void, params, 3, 0));
  cg_add_attr(c, e->main, LLVMAttributeFunctionIndex, "nounwind");
  mark_entry(c, e->main);
  for (unsigned i = 1; i <= 2; i++) {
    cg_add_attr(c, e->main, i, "noalias");
    cg_add_attr(c, e->main, i, "nocapture");
  }
  cg_add_attr(c, e->main, 1, "readonly");
  c->fn = e->main;
  LLVMPositionBuilderAtEnd(c->b, LLVMAppendBasicBlockInContext(c->ctx, e->main, "entry"));
}

/* `void NAME.task(ptr ctx, i64 begin, i64 end)`: calls kernel fn with the n pointers that
 * ctx holds and the range. */
static LLVMValueRef trampoline(Emit *e, LLVMValueRef fn, int n) {
  Cg *c = &e->c;
  char name[80];
  size_t len;
  snprintf(name, sizeof name, "%s.task", LLVMGetValueName2(fn, &len));
  LLVMTypeRef params[3] = {c->t_ptr, c->t_i64, c->t_i64};
  LLVMValueRef t = LLVMAddFunction(c->mod, name, LLVMFunctionType(c->t_void, params, 3, 0));
  LLVMSetLinkage(t, LLVMInternalLinkage);
  cg_add_attr(c, t, LLVMAttributeFunctionIndex, "nounwind");
  mark_entry(c, t);
  LLVMPositionBuilderAtEnd(c->b, LLVMAppendBasicBlockInContext(c->ctx, t, "entry"));
  LLVMValueRef small[3 + IR_MAX_ARGS], *args = n + 2 <= 3 + IR_MAX_ARGS ? small
                                                    : base_malloc(sizeof *args * (size_t)(n + 2));
  if (!args) {
    cg_fail(c, NNC_ERR_NOMEM, "codegen: out of memory");
    LLVMBuildRetVoid(c->b);
    return t;
  }
  for (int i = 0; i < n; i++) {
    LLVMValueRef idx = cg_i64(c, i);
    LLVMValueRef p = LLVMBuildInBoundsGEP2(c->b, c->t_ptr, LLVMGetParam(t, 0), &idx, 1, "");
    args[i] = LLVMBuildLoad2(c->b, c->t_ptr, p, "");
  }
  args[n] = LLVMGetParam(t, 1);
  args[n + 1] = LLVMGetParam(t, 2);
  LLVMBuildCall2(c->b, LLVMGlobalGetValueType(fn), fn, args, (unsigned)n + 2, "");
  LLVMBuildRetVoid(c->b);
  if (args != small)
    base_free(args);
  return t;
}

/* In main: the ranged kernel fn over `tasks` tasks, its n pointers callargs, through the pool. */
static void call_tasks(Emit *e, LLVMValueRef fn, LLVMValueRef *callargs, int n, int64_t tasks) {
  Cg *c = &e->c;
  LLVMBasicBlockRef here = LLVMGetInsertBlock(c->b);
  LLVMValueRef task = trampoline(e, fn, n);
  LLVMPositionBuilderAtEnd(c->b, here);
  c->fn = e->main;
  LLVMValueRef ctx = cg_alloca(c, LLVMArrayType2(c->t_ptr, (uint64_t)n));
  for (int i = 0; i < n; i++) {
    LLVMValueRef idx[2] = {cg_i64(c, 0), cg_i64(c, i)};
    LLVMBuildStore(c->b, callargs[i],
                   LLVMBuildInBoundsGEP2(c->b, LLVMArrayType2(c->t_ptr, (uint64_t)n), ctx, idx, 2, ""));
  }
  LLVMValueRef pool = LLVMGetParam(e->main, 2);
  LLVMValueRef run = LLVMBuildLoad2(c->b, c->t_ptr, pool, "run");
  LLVMTypeRef params[4] = {c->t_ptr, c->t_ptr, c->t_ptr, c->t_i64};
  LLVMValueRef args[4] = {pool, task, ctx, cg_i64(c, tasks)};
  LLVMBuildCall2(c->b, LLVMFunctionType(c->t_void, params, 4, 0), run, args, 4, "");
}

/* Calls kernel fn (ranged when tasks > 0) from main with its pointers callargs. */
static void call_kernel(Emit *e, LLVMValueRef fn, LLVMValueRef *callargs, int n, int64_t tasks) {
  Cg *c = &e->c;
  if (tasks > 0)
    call_tasks(e, fn, callargs, n, tasks);
  else
    LLVMBuildCall2(c->b, LLVMGlobalGetValueType(fn), fn, callargs, (unsigned)n, "");
}

/* The range parameters of a ranged kernel with n pointers, or NULL when not ranged. */
static const CgRange *range_params(LLVMValueRef fn, int n, int64_t tasks, CgRange *r) {
  if (tasks <= 0)
    return NULL;
  r->begin = LLVMGetParam(fn, (unsigned)n);
  r->end = LLVMGetParam(fn, (unsigned)n + 1);
  return r;
}

/* In main: pool's hook in its pointer slot `slot` called as hook(pool, arg). */
static void call_pool_hook(Emit *e, int64_t slot, const char *name, int64_t arg) {
  Cg *c = &e->c;
  LLVMValueRef pool = LLVMGetParam(e->main, 2), idx = cg_i64(c, slot);
  LLVMValueRef at = LLVMBuildInBoundsGEP2(c->b, c->t_ptr, pool, &idx, 1, "");
  LLVMValueRef fn = LLVMBuildLoad2(c->b, c->t_ptr, at, name);
  LLVMTypeRef params[2] = {c->t_ptr, c->t_i64};
  LLVMValueRef args[2] = {pool, cg_i64(c, arg)};
  LLVMBuildCall2(c->b, LLVMFunctionType(c->t_void, params, 2, 0), fn, args, 2, "");
}

/* In main, when profiling: pool->mark(pool, kernel). */
static void call_mark(Emit *e, int64_t kernel) {
  if (e->c.profile && next_call(e))
    call_pool_hook(e, 1, "mark", kernel);
}

/* In main of a graph with early_outputs: pool->ready(pool, k), output k being in its slot. */
static void call_ready(Emit *e, int k) {
  if (next_call(e))
    call_pool_hook(e, 2, "ready", k);
}

/* Appends printf-style text to buf (size n, used *len), truncating. */
static void append(char *buf, size_t n, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void append(char *buf, size_t n, size_t *len, const char *fmt, ...) {
  if (*len >= n - 1)
    return;
  va_list ap;
  va_start(ap, fmt);
  int k = vsnprintf(buf + *len, n - *len, fmt, ap);
  va_end(ap);
  *len = k < 0 ? *len : (size_t)k >= n - *len ? n - 1 : *len + (size_t)k;
}

/* After the kernel of values [first, end), when profiling: its row (value id, ops, shape;
 * a matmul head's FLOPs) and its mark. */
static void profile_kernel(Emit *e, int first, int end) {
  if (!e->c.profile)
    return;
  if (e->part) {
    int64_t id = mark_id(e, NULL, 0);
    if (id >= 0)
      call_mark(e, id);
    return;
  }
  const Graph *g = e->c.g;
  const Value *h = g->values[first];
  char label[96];
  size_t len = 0;
  append(label, sizeof label, &len, "%%%d %s", h->id, ir_op_name(h->op));
  if (h->op == OP_MATMUL)
    append(label, sizeof label, &len, "%s%s", h->trans_a ? "^T" : "", h->trans_b ? "*^T" : "");
  for (int d = 0; d < h->shape.rank; d++)
    append(label, sizeof label, &len, "%c%lld", d ? 'x' : ' ', (long long)h->shape.dim[d]);
  double flops = 0;
  if (h->op == OP_MATMUL) {
    int64_t k = h->trans_a ? h->args[0]->shape.dim[0] : h->args[0]->shape.dim[1];
    append(label, sizeof label, &len, " k%lld", (long long)k);
    flops = 2.0 * (double)ir_numel(h->shape) * (double)k;
  }
  for (int i = first + 1; i < end; i++)
    append(label, sizeof label, &len, "%s%s", i == first + 1 ? " +" : ",",
           ir_op_name(g->values[i]->op));
  int64_t id = mark_id(e, label, flops);
  if (id >= 0)
    call_mark(e, id);
}

/* Which values have a buffer: a slot (leaves and outputs) or scratch bytes. */
static void bind_buffers(Emit *e, Value **slots) {
  const Graph *g = e->c.g;
  for (int i = 0; i < g->nvalues; i++)
    e->slot[i] = -1;
  for (int s = 0; s < e->nleaves; s++)
    e->slot[slots[s]->id] = s;
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    e->buffered[i] = e->slot[i] >= 0 || (in_scratch(v) && !in_registers(v));
  }
}

/* Value i's buffer at the builder's position in main: a slot's pointer loaded, a scratch
 * address computed, at each use (see the top of the file). */
static LLVMValueRef ptr_here(Emit *e, int i) {
  Cg *c = &e->c;
  const Value *v = c->g->values[i];
  if (!e->buffered[i])
    return NULL;
  if (e->slot[i] >= 0) {
    LLVMValueRef idx = cg_i64(c, e->slot[i]);
    LLVMValueRef p = LLVMBuildInBoundsGEP2(c->b, c->t_ptr, LLVMGetParam(e->main, 0), &idx, 1, "");
    return LLVMBuildLoad2(c->b, c->t_ptr, p, "");
  }
  LLVMValueRef off = cg_i64(c, v->offset);
  return LLVMBuildInBoundsGEP2(c->b, LLVMInt8TypeInContext(c->ctx), LLVMGetParam(e->main, 1),
                               &off, 1, "");
}

/* The guard's flag word (guard.c) at the builder's position in main. */
static LLVMValueRef guard_here(Emit *e) {
  Cg *c = &e->c;
  LLVMValueRef off = cg_i64(c, cg_guard_word(c->g));
  return LLVMBuildInBoundsGEP2(c->b, LLVMInt8TypeInContext(c->ctx), LLVMGetParam(e->main, 1),
                               &off, 1, "guard");
}

/* Emits the kernel of one value (a call in main, a body in a new internal function). */
static void emit_value(Emit *e, const Value *v) {
  Cg *c = &e->c;
  if ((ir_op_flags(v->op) & OPF_LEAF) || ir_numel(v->shape) == 0)
    return;
  NNC_ASSERT((unsigned)v->op < OP_COUNT); /* the verifier's */
  CgKernel *kernel = cg_kernel_of(v->op);
  if (!kernel) {
    cg_fail(c, NNC_ERR_INTERNAL, "codegen: %%%d: %s has no kernel in ir/ops.def", v->id,
            ir_op_name(v->op));
    return;
  }
  if (v->op == OP_ASSIGN && v->args[0] == v->args[1])
    return; /* assign %p, %p: nothing moves (and a self-copy would break noalias) */
  if (!next_call(e)) {
    profile_kernel(e, v->id, v->id + 1);
    return;
  }
  const Value *dst = v->op == OP_ASSIGN ? v->args[0] : v;
  int first = v->op == OP_ASSIGN ? 1 : 0;
  bool guarded = c->guard && cg_guards(v);
  LLVMValueRef callargs[2 + IR_MAX_ARGS];
  bool ro[2 + IR_MAX_ARGS];
  int n = 0;
  callargs[n] = ptr_here(e, dst->id);
  ro[n++] = false;
  for (int k = first; k < v->nargs; k++)
    if (has_buffer(v->args[k])) {
      callargs[n] = ptr_here(e, v->args[k]->id);
      ro[n++] = true;
    }
  if (guarded) { /* the guard's flag, after the buffers */
    callargs[n] = guard_here(e);
    ro[n] = false;
  }
  int np = n + guarded;
  char name[64];
  snprintf(name, sizeof name, "k%d.%s", v->id, ir_op_name(v->op));
  int64_t tasks = v->op == OP_TRANSPOSE ? cg_transpose_tasks(c, v)
                                        : cg_matmul_tasks(c, v, true); /* no epilogue */
  LLVMBasicBlockRef here = LLVMGetInsertBlock(c->b);
  LLVMValueRef fn = cg_kernel_begin(c, name, np, ro, tasks > 0);
  LLVMValueRef out = LLVMGetParam(fn, 0), args[IR_MAX_ARGS] = {NULL, NULL, NULL};
  CgRange range;
  for (int k = first, p = 1; k < v->nargs; k++)
    args[k] = has_buffer(v->args[k]) ? LLVMGetParam(fn, (unsigned)p++) : NULL;
  if (guarded)
    cg_guard_begin(c);
  kernel(c, v, out, args, range_params(fn, np, tasks, &range));
  if (guarded) {
    cg_guard_buffer(c, dst, out);
    cg_guard_end(c, LLVMGetParam(fn, (unsigned)n));
  }
  cg_kernel_end(c);
  LLVMPositionBuilderAtEnd(c->b, here);
  call_kernel(e, fn, callargs, np, tasks);
  profile_kernel(e, v->id, v->id + 1);
}

/* Adds v to the group's buffer list unless it has no buffer or is there already. */
static void add_buffer(Emit *e, const Value *v, bool writes, const Value **buf, bool *ro,
                       int *n) {
  if (!e->buffered[v->id])
    return;
  for (int b = 0; b < *n; b++)
    if (buf[b] == v) {
      ro[b] = ro[b] && !writes;
      return;
    }
  buf[*n] = v;
  ro[(*n)++] = !writes;
}

/* The values [first, end) of one fusion group: one kernel, called once (emit_fused.c). */
static void emit_group(Emit *e, int first, int end) {
  Cg *c = &e->c;
  const Graph *g = c->g;
  if (ir_numel(g->values[first]->shape) == 0)
    return;
  if (!next_call(e)) {
    profile_kernel(e, first, end);
    return;
  }
  size_t cap = (size_t)(end - first) * (1 + IR_MAX_ARGS) + 1; /* and the guard's flag */
  bool guarded = false;
  for (int i = first; i < end; i++)
    guarded |= c->guard && cg_guards(g->values[i]);
  const Value **buf = base_malloc(sizeof *buf * cap);
  bool *ro = base_malloc(sizeof *ro * cap);
  LLVMValueRef *callargs = base_malloc(sizeof *callargs * cap), *params = base_malloc(sizeof *params * cap);
  int n = 0;
  if (!buf || !ro || !callargs || !params) {
    cg_fail(c, NNC_ERR_NOMEM, "codegen: out of memory");
  } else {
    for (int i = first; i < end; i++) {
      const Value *v = g->values[i];
      add_buffer(e, v->op == OP_ASSIGN ? v->args[0] : v, true, buf, ro, &n);
      for (int k = v->op == OP_ASSIGN ? 1 : 0; k < v->nargs; k++)
        add_buffer(e, v->args[k], false, buf, ro, &n);
    }
    for (int b = 0; b < n; b++)
      callargs[b] = ptr_here(e, buf[b]->id);
    if (guarded) { /* the guard's flag, after the buffers */
      callargs[n] = guard_here(e);
      ro[n] = false;
    }
    int np = n + guarded;
    char name[64];
    snprintf(name, sizeof name, "g%d.fused", g->values[first]->group);
    int64_t tasks = cg_fused_tasks(c, first);
    LLVMBasicBlockRef here = LLVMGetInsertBlock(c->b);
    LLVMValueRef fn = cg_kernel_begin(c, name, np, ro, tasks > 0);
    bool ok = c->st == NNC_OK; /* a failed begin leaves a kernel without parameters */
    for (int b = 0; ok && b < n; b++)
      params[b] = LLVMGetParam(fn, (unsigned)b);
    CgRange range;
    if (ok && guarded)
      cg_guard_begin(c);
    if (ok)
      cg_emit_fused(c, first, end, buf, params, n, range_params(fn, np, tasks, &range));
    if (ok && guarded)
      cg_guard_end(c, LLVMGetParam(fn, (unsigned)n));
    cg_kernel_end(c);
    LLVMPositionBuilderAtEnd(c->b, here);
    if (ok) {
      call_kernel(e, fn, callargs, np, tasks);
      profile_kernel(e, first, end);
    }
  }
  base_free(buf), base_free(ro), base_free(callargs), base_free(params);
}

/* Copies output k into its slot; an ASSIGN output reads its target after the update. */
static void emit_output(Emit *e, int k) {
  Cg *c = &e->c;
  const Value *v = c->g->outputs[k];
  if (v->op == OP_ASSIGN)
    v = v->args[0];
  if (ir_numel(v->shape) == 0 || !next_call(e))
    return;
  LLVMValueRef callargs[2];
  bool ro[2] = {false, true};
  int n = 0;
  LLVMValueRef idx = cg_i64(c, e->nleaves + k);
  LLVMValueRef p = LLVMBuildInBoundsGEP2(c->b, c->t_ptr, LLVMGetParam(e->main, 0), &idx, 1, "");
  callargs[n++] = LLVMBuildLoad2(c->b, c->t_ptr, p, "out");
  if (has_buffer(v))
    callargs[n++] = ptr_here(e, v->id);
  char name[64];
  snprintf(name, sizeof name, "out%d", k);
  LLVMBasicBlockRef here = LLVMGetInsertBlock(c->b);
  LLVMValueRef fn = cg_kernel_begin(c, name, n, ro, false);
  cg_emit_copy(c, v, LLVMGetParam(fn, 0), n > 1 ? LLVMGetParam(fn, 1) : NULL);
  cg_kernel_end(c);
  LLVMPositionBuilderAtEnd(c->b, here);
  LLVMBuildCall2(c->b, LLVMGlobalGetValueType(fn), fn, callargs, (unsigned)n, "");
}

/* Whether output k is copied as soon as its value is made: with early_outputs, a value the
 * body computes (a leaf has no kernel, and an ASSIGN output is read after the update). */
static bool early_output(const Graph *g, int k) {
  const Value *v = g->outputs[k];
  return g->early_outputs && v->op != OP_ASSIGN && !(ir_op_flags(v->op) & OPF_LEAF);
}

/* After the kernel of values [first, end): the early outputs among them, each copied and
 * announced. */
static void emit_early_outputs(Emit *e, int first, int end) {
  const Graph *g = e->c.g;
  for (int k = 0; k < g->noutputs && !e->c.st; k++)
    if (early_output(g, k) && g->outputs[k]->id >= first && g->outputs[k]->id < end) {
      emit_output(e, k);
      call_ready(e, k);
    }
}

static nnc_status verify(LLVMModuleRef mod) {
  char *msg = NULL;
  if (!LLVMVerifyModule(mod, LLVMReturnStatusAction, &msg)) {
    LLVMDisposeMessage(msg);
    return NNC_OK;
  }
  for (char *s = msg; s && *s; s++)
    if (*s == '\n')
      *s = ' ';
  nnc_status st = base_error(NNC_ERR_INTERNAL, "codegen: invalid LLVM IR: %.400s", msg ? msg : "?");
  LLVMDisposeMessage(msg);
  return st;
}

static nnc_status emit_graph(Emit *e, const char *name) {
  Cg *c = &e->c;
  const Graph *g = c->g;
  Value **slots = base_malloc(sizeof *slots * (size_t)(g->nvalues + g->noutputs + 1));
  e->buffered = base_calloc((size_t)g->nvalues + 1, sizeof *e->buffered);
  e->slot = base_malloc(sizeof *e->slot * ((size_t)g->nvalues + 1));
  if (!slots || !e->buffered || !e->slot) {
    base_free(slots);
    return base_error(NNC_ERR_NOMEM, "codegen: out of memory");
  }
  int nslots = ir_slots(g, slots);
  e->nleaves = nslots - g->noutputs;
  begin_main(e, name);
  bind_buffers(e, slots);
  base_free(slots);
  call_mark(e, -1);
  for (int i = 0; i < g->nvalues && !c->st;) {
    int grp = g->values[i]->group, end = i + 1;
    while (grp && end < g->nvalues && g->values[end]->group == grp)
      end++;
    if (grp)
      emit_group(e, i, end);
    else
      emit_value(e, g->values[i]);
    emit_early_outputs(e, i, end);
    i = end;
  }
  for (int k = 0; k < g->noutputs && !c->st; k++)
    if (!early_output(g, k)) {
      emit_output(e, k);
      if (g->early_outputs) /* a leaf's or an update's: ready at the end */
        call_ready(e, k);
    }
  int64_t copies = c->profile && g->noutputs > 0
                       ? mark_id(e, "outputs copied to their slots", 0) : -1;
  if (copies >= 0)
    call_mark(e, copies);
  LLVMBuildRetVoid(c->b);
  return c->st;
}

/* How emit_module builds: all of main, or a part of it. */
typedef struct {
  int vector_bytes;  /* 0: the host's */
  bool profile;
  CgMarks *marks;    /* the whole module's marks: noted, or read back in a part */
  bool part;         /* only main's calls [lo, hi); g and the plan were checked before */
  int lo, hi;
  bool loop_vectorize; /* a part: the whole module asked for the loop vectorizer */
  bool guard;        /* the NaN guard's notes (guard.c): the JIT's code only */
} How;

static nnc_status emit_module(const Graph *g, LLVMContextRef ctx, const char *name,
                              const How *how, LLVMModuleRef *out);

nnc_status cg_emit_module(const Graph *g, LLVMContextRef ctx, const char *name,
                          LLVMModuleRef *out) {
  return cg_emit_module_marks(g, ctx, name, NULL, out);
}

nnc_status cg_emit_module_marks(const Graph *g, LLVMContextRef ctx, const char *name,
                                CgMarks *marks, LLVMModuleRef *out) {
  if (marks)
    marks->n = 0;
  How how = {.profile = cg_profiling(), .marks = marks, .hi = INT_MAX, .guard = true};
  return emit_module(g, ctx, name, &how, out);
}

nnc_status cg_emit_part(const Graph *g, LLVMContextRef ctx, const char *name, int lo, int hi,
                        const CgMarks *marks, bool loop_vectorize, LLVMModuleRef *out) {
  How how = {.profile = cg_profiling(), .marks = (CgMarks *)marks, .part = true, .lo = lo,
             .hi = hi, .loop_vectorize = loop_vectorize, .guard = true};
  return emit_module(g, ctx, name, &how, out);
}

nnc_status cg_emit_module_for(const Graph *g, LLVMContextRef ctx, const char *name,
                              int vector_bytes, LLVMModuleRef *out) {
  How how = {.vector_bytes = vector_bytes, .hi = INT_MAX};
  return emit_module(g, ctx, name, &how, out);
}

static nnc_status emit_module(const Graph *g, LLVMContextRef ctx, const char *name,
                              const How *how, LLVMModuleRef *out) {
  if (!g)
    return base_error(NNC_ERR_ARG, "codegen: no graph");
  if (g->status)
    return base_error(g->status, "%s", g->msg);
  nnc_status st = how->part ? NNC_OK : ir_verify(g); /* a part's graph was checked whole */
  if (!st && !how->part)
    st = check_plan(g);
  if (st)
    return st;
  Emit e = {.name = name, .lo = how->lo, .hi = how->hi, .marks = how->marks, .part = how->part};
  cg_init_types(&e.c, ctx);
  e.c.g = g;
  e.c.vector_bytes = how->vector_bytes;
  e.c.profile = how->profile;
  e.c.guard = how->guard && cg_guard_enabled();
  e.c.mod = LLVMModuleCreateWithNameInContext(name, ctx);
  e.c.b = LLVMCreateBuilderInContext(ctx);
  st = emit_graph(&e, name);
  if (e.c.loop_vectorize || how->loop_vectorize)
    cg_want_loop_vectorizer(e.c.mod);
  LLVMDisposeBuilder(e.c.b);
  base_free(e.buffered);
  base_free(e.slot);
  if (!st)
    st = verify(e.c.mod);
  if (st) {
    LLVMDisposeModule(e.c.mod);
    return st;
  }
  *out = e.c.mod;
  return NNC_OK;
}

static char *copy_text(const char *s, size_t n) {
  char *r = base_malloc(n + 1);
  if (r) {
    memcpy(r, s, n);
    r[n] = 0;
  }
  return r;
}

static nnc_status module_text(LLVMModuleRef mod, LLVMTargetMachineRef tm, bool assembly,
                              char **out) {
  if (!assembly) {
    char *s = LLVMPrintModuleToString(mod);
    *out = copy_text(s, strlen(s));
    LLVMDisposeMessage(s);
  } else {
    char *msg = NULL;
    LLVMMemoryBufferRef buf;
    if (LLVMTargetMachineEmitToMemoryBuffer(tm, mod, LLVMAssemblyFile, &msg, &buf)) {
      nnc_status st = base_error(NNC_ERR_JIT, "codegen: cannot emit assembly: %s", msg ? msg : "?");
      LLVMDisposeMessage(msg);
      return st;
    }
    *out = copy_text(LLVMGetBufferStart(buf), LLVMGetBufferSize(buf));
    LLVMDisposeMemoryBuffer(buf);
  }
  return *out ? NNC_OK : base_error(NNC_ERR_NOMEM, "codegen: out of memory");
}

nnc_status cg_emit_text(const Graph *g, bool assembly, bool optimize, char **out) {
  if (!out)
    return base_error(NNC_ERR_ARG, "codegen: no place for the text");
  *out = NULL;
  LLVMTargetMachineRef tm;
  nnc_status st = cg_target_machine(&tm);
  if (st)
    return st;
  LLVMContextRef ctx = LLVMContextCreate();
  LLVMModuleRef mod = NULL;
  st = cg_emit_module_for(g, ctx, "nnc_main", 0, &mod); /* the text is never profiled */
  if (!st) {
    cg_module_for_target(mod, tm);
    if (optimize)
      st = cg_optimize(mod, tm);
    if (!st)
      st = module_text(mod, tm, assembly, out);
    LLVMDisposeModule(mod);
  }
  LLVMContextDispose(ctx);
  LLVMDisposeTargetMachine(tm);
  return st;
}
