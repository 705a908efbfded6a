/* object.c — a Program (ir.h) as one relocatable object file for a target: nnc build.
 *
 * Each graph is emitted by emit.c exactly as the JIT emits it (the same kernels, vector
 * width and pipeline, so on the host the object computes the JIT's bits), made internal
 * and linked into one module. Around the graphs go the exported functions:
 *   PREFIX_train_step  builds the graph's slot array on its stack from the state block and
 *                      its arguments, runs the graph, returns the loss from the state;
 *   PREFIX_predict     the same a batch at a time, a last partial batch copied through the
 *                      state's staging rows by plain loops;
 *   PREFIX_init        the fills (object_init.c);
 *   PREFIX_param_count, _param_name, _param  tables of the named tensors.
 * Graphs call their parallel kernels through a pool (codegen.h); here it is a constant
 * inside the object that runs every task on the calling thread, so the object needs no
 * threads. Nothing here, in the graphs or in vmath.c calls a library: after optimization
 * the object references no outside symbol (the tests check with nm).
 */
#include <string.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Linker.h>

#include "cg.h"

struct CgObject {
  LLVMTargetMachineRef tm;
  int vector_bytes;             /* cg_target_machine_for's, for every graph */
  LLVMContextRef ctx;
  LLVMModuleRef mod;            /* the graphs added so far, then the whole object */
  bool emitted;
};

/* What the glue functions share while they are emitted. */
typedef struct {
  Cg c;
  const Program *p;
  LLVMTypeRef t_size;           /* size_t of the target */
  LLVMTypeRef t_real;           /* the program's dtype */
  LLVMValueRef pool;            /* the serial CgPool constant */
} Glue;

nnc_status cg_object_new(const char *triple, const char *cpu, CgObject **out) {
  *out = NULL;
  CgObject *o = base_calloc(1, sizeof *o);
  if (!o)
    return base_error(NNC_ERR_NOMEM, "codegen: out of memory");
  bool bare;
  nnc_status st = cg_target_machine_for(triple, cpu, &o->tm, &o->vector_bytes, &bare);
  if (st) {
    base_free(o);
    return st;
  }
  o->ctx = LLVMContextCreate();
  o->mod = LLVMModuleCreateWithNameInContext("nnc", o->ctx);
  *out = o;
  return NNC_OK;
}

void cg_object_free(CgObject *o) {
  if (!o)
    return;
  LLVMDisposeModule(o->mod);
  LLVMContextDispose(o->ctx);
  LLVMDisposeTargetMachine(o->tm);
  base_free(o);
}

bool cg_object_has_f64(const CgObject *o) {
  char *triple = LLVMGetTargetMachineTriple(o->tm);
  bool arm32 = strncmp(triple, "arm", 3) == 0 || strncmp(triple, "thumb", 5) == 0;
  LLVMDisposeMessage(triple);
  return !arm32;
}

nnc_status cg_object_add(CgObject *o, const Graph *g, const char *fn) {
  if (o->emitted || !fn || LLVMGetNamedFunction(o->mod, fn))
    return base_error(NNC_ERR_ARG, "codegen: cannot add graph '%s' to this object", fn ? fn : "");
  LLVMModuleRef m;
  nnc_status st = cg_emit_module_for(g, o->ctx, fn, o->vector_bytes, &m);
  if (st)
    return st;
  if (LLVMLinkModules2(o->mod, m)) /* takes m; fn stays external until emit (the linker
                                      would drop an internal function nothing calls yet) */
    return base_error(NNC_ERR_INTERNAL, "codegen: cannot link graph '%s' into the object", fn);
  return NNC_OK;
}

/* ---- glue helpers ---- */

static LLVMValueRef add_fn(Glue *gl, const char *suffix, LLVMTypeRef ret, LLVMTypeRef *params,
                           unsigned n, bool exported) {
  Cg *c = &gl->c;
  char name[160];
  snprintf(name, sizeof name, "%s%s", exported ? gl->p->prefix : "nnc.", suffix);
  LLVMValueRef fn = LLVMAddFunction(c->mod, name, LLVMFunctionType(ret, params, n, 0));
  if (!exported)
    LLVMSetLinkage(fn, LLVMInternalLinkage);
  cg_add_attr(c, fn, LLVMAttributeFunctionIndex, "nounwind");
  c->fn = fn;
  LLVMPositionBuilderAtEnd(c->b, LLVMAppendBasicBlockInContext(c->ctx, fn, "entry"));
  return fn;
}

static LLVMBasicBlockRef block(Glue *gl, const char *name) {
  return LLVMAppendBasicBlockInContext(gl->c.ctx, gl->c.fn, name);
}

static LLVMValueRef at(Glue *gl, LLVMValueRef base, int64_t bytes) {
  LLVMValueRef off = cg_i64(&gl->c, bytes);
  return LLVMBuildInBoundsGEP2(gl->c.b, LLVMInt8TypeInContext(gl->c.ctx), base, &off, 1, "");
}

static LLVMValueRef size_const(Glue *gl, int64_t x) {
  return LLVMConstInt(gl->t_size, (unsigned long long)x, 0);
}

/* The CgPool whose run(self, task, ctx, n) calls task(ctx, 0, n) here when n > 0. */
static void serial_pool(Glue *gl) {
  Cg *c = &gl->c;
  LLVMTypeRef tp[3] = {c->t_ptr, c->t_i64, c->t_i64};
  LLVMTypeRef task_ty = LLVMFunctionType(c->t_void, tp, 3, 0);
  LLVMTypeRef rp[4] = {c->t_ptr, c->t_ptr, c->t_ptr, c->t_i64};
  LLVMValueRef run = add_fn(gl, "serial_run", c->t_void, rp, 4, false);
  LLVMBasicBlockRef go = LLVMAppendBasicBlockInContext(c->ctx, run, "go");
  LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(c->ctx, run, "done");
  LLVMValueRef n = LLVMGetParam(run, 3);
  LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntSGT, n, cg_i64(c, 0), ""), go, done);
  LLVMPositionBuilderAtEnd(c->b, go);
  LLVMValueRef args[3] = {LLVMGetParam(run, 2), cg_i64(c, 0), n};
  LLVMBuildCall2(c->b, task_ty, LLVMGetParam(run, 1), args, 3, "");
  LLVMBuildBr(c->b, done);
  LLVMPositionBuilderAtEnd(c->b, done);
  LLVMBuildRetVoid(c->b);
  LLVMTypeRef pool_ty = LLVMStructTypeInContext(c->ctx, &c->t_ptr, 1, 0);
  gl->pool = LLVMAddGlobal(c->mod, pool_ty, "nnc.serial_pool");
  LLVMSetInitializer(gl->pool, LLVMConstNamedStruct(pool_ty, &run, 1));
  LLVMSetGlobalConstant(gl->pool, 1);
  LLVMSetLinkage(gl->pool, LLVMInternalLinkage);
}

/* A constant array of the program's dtype-independent tables: count values of ty. */
static LLVMValueRef table(Glue *gl, const char *name, LLVMTypeRef ty, LLVMValueRef *vals, int n) {
  LLVMTypeRef aty = LLVMArrayType2(ty, (uint64_t)n);
  LLVMValueRef g = LLVMAddGlobal(gl->c.mod, aty, name);
  LLVMSetInitializer(g, LLVMConstArray2(ty, vals, (uint64_t)n));
  LLVMSetGlobalConstant(g, 1);
  LLVMSetLinkage(g, LLVMPrivateLinkage);
  return g;
}

static LLVMValueRef cstring(Glue *gl, const char *s) {
  LLVMValueRef k = LLVMConstStringInContext(gl->c.ctx, s, (unsigned)strlen(s), 0);
  LLVMValueRef g = LLVMAddGlobal(gl->c.mod, LLVMTypeOf(k), "nnc.name");
  LLVMSetInitializer(g, k);
  LLVMSetGlobalConstant(g, 1);
  LLVMSetLinkage(g, LLVMPrivateLinkage);
  LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
  return g;
}

/* Element i of the constant table t of n values of ty. */
static LLVMValueRef load_entry(Glue *gl, LLVMValueRef t, LLVMTypeRef ty, int n, LLVMValueRef i) {
  Cg *c = &gl->c;
  LLVMValueRef idx[2] = {cg_i64(c, 0), LLVMBuildZExt(c->b, i, c->t_i64, "")};
  LLVMValueRef p = LLVMBuildInBoundsGEP2(c->b, LLVMArrayType2(ty, (uint64_t)n), t, idx, 2, "");
  return LLVMBuildLoad2(c->b, ty, p, "");
}

/* ---- the param accessors ---- */

/* PREFIX_param_name(i): the i-th name, NULL past the end. */
static void param_name_fn(Glue *gl, LLVMValueRef tnames, int n) {
  Cg *c = &gl->c;
  LLVMValueRef fn = add_fn(gl, "_param_name", c->t_ptr, &gl->t_size, 1, true);
  LLVMBasicBlockRef in = block(gl, "in"), out = block(gl, "out");
  LLVMValueRef i = LLVMGetParam(fn, 0);
  LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntULT, i, size_const(gl, n), ""), in, out);
  LLVMPositionBuilderAtEnd(c->b, in);
  LLVMBuildRet(c->b, load_entry(gl, tnames, c->t_ptr, n, i));
  LLVMPositionBuilderAtEnd(c->b, out);
  LLVMBuildRet(c->b, LLVMConstNull(c->t_ptr));
}

/* PREFIX_param(state, i, elements): state + the i-th offset, its count in *elements unless
 * elements is NULL; NULL and 0 past the end. */
static void param_fn(Glue *gl, LLVMValueRef toffs, LLVMValueRef tnumel, int n) {
  Cg *c = &gl->c;
  LLVMTypeRef pp[3] = {c->t_ptr, gl->t_size, c->t_ptr};
  LLVMValueRef fn = add_fn(gl, "_param", c->t_ptr, pp, 3, true);
  LLVMBasicBlockRef in = block(gl, "in"), out = block(gl, "out");
  LLVMBasicBlockRef tell = block(gl, "tell"), done = block(gl, "done");
  LLVMValueRef i = LLVMGetParam(fn, 1);
  LLVMValueRef elements = LLVMGetParam(fn, 2);
  LLVMValueRef ok = LLVMBuildICmp(c->b, LLVMIntULT, i, size_const(gl, n), "");
  LLVMBuildCondBr(c->b, ok, in, out);
  LLVMPositionBuilderAtEnd(c->b, in);
  LLVMValueRef off = load_entry(gl, toffs, gl->t_size, n, i);
  LLVMValueRef ptr = LLVMBuildInBoundsGEP2(c->b, LLVMInt8TypeInContext(c->ctx), LLVMGetParam(fn, 0),
                                           &off, 1, "");
  LLVMValueRef count = load_entry(gl, tnumel, gl->t_size, n, i);
  LLVMBuildBr(c->b, tell);
  LLVMPositionBuilderAtEnd(c->b, out);
  LLVMBuildBr(c->b, tell);
  LLVMPositionBuilderAtEnd(c->b, tell);
  LLVMValueRef rp = LLVMBuildPhi(c->b, c->t_ptr, ""), rn = LLVMBuildPhi(c->b, gl->t_size, "");
  LLVMValueRef pv[2] = {ptr, LLVMConstNull(c->t_ptr)}, nv[2] = {count, size_const(gl, 0)};
  LLVMBasicBlockRef from[2] = {in, out};
  LLVMAddIncoming(rp, pv, from, 2);
  LLVMAddIncoming(rn, nv, from, 2);
  LLVMBasicBlockRef store = block(gl, "store");
  LLVMBuildCondBr(c->b, LLVMBuildIsNotNull(c->b, elements, ""), store, done);
  LLVMPositionBuilderAtEnd(c->b, store);
  LLVMBuildStore(c->b, rn, elements);
  LLVMBuildBr(c->b, done);
  LLVMPositionBuilderAtEnd(c->b, done);
  LLVMBuildRet(c->b, rp);
}

/* PREFIX_param_count, _param_name and _param over constant tables of the named tensors. */
static void accessors(Glue *gl) {
  Cg *c = &gl->c;
  const Program *p = gl->p;
  int n = p->nnamed;
  LLVMValueRef *names = base_calloc((size_t)n + 1, sizeof *names);
  LLVMValueRef *offs = base_calloc((size_t)n + 1, sizeof *offs);
  LLVMValueRef *numel = base_calloc((size_t)n + 1, sizeof *numel);
  if (!names || !offs || !numel) {
    cg_fail(c, NNC_ERR_NOMEM, "codegen: out of memory");
    n = 0;
  }
  for (int i = 0; i < n; i++) {
    names[i] = cstring(gl, p->named[i].name);
    offs[i] = size_const(gl, p->named[i].offset);
    numel[i] = size_const(gl, ir_numel(p->named[i].shape));
  }
  LLVMValueRef tnames = table(gl, "nnc.names", c->t_ptr, names, n);
  LLVMValueRef toffs = table(gl, "nnc.offsets", gl->t_size, offs, n);
  LLVMValueRef tnumel = table(gl, "nnc.numels", gl->t_size, numel, n);
  base_free(names), base_free(offs), base_free(numel);
  add_fn(gl, "_param_count", gl->t_size, NULL, 0, true);
  LLVMBuildRet(c->b, size_const(gl, n));
  param_name_fn(gl, tnames, n);
  param_fn(gl, toffs, tnumel, n);
}

/* ---- the entries ---- */

/* Stores the pointer of each slot whose binding kind is in `kinds` (bits) into slots. */
static void bind_slots(Glue *gl, const Entry *e, LLVMValueRef slots, unsigned kinds,
                       LLVMValueRef state, LLVMValueRef x, LLVMValueRef y) {
  Cg *c = &gl->c;
  int n = ir_slots(e->g, NULL);
  LLVMTypeRef aty = LLVMArrayType2(c->t_ptr, (uint64_t)n);
  for (int k = 0; k < n; k++) {
    const Binding *b = &e->slots[k];
    if (!(kinds >> b->kind & 1))
      continue;
    LLVMValueRef v = b->kind == BIND_X ? x : b->kind == BIND_Y ? y : at(gl, state, b->offset);
    LLVMValueRef idx[2] = {cg_i64(c, 0), cg_i64(c, k)};
    LLVMBuildStore(c->b, v, LLVMBuildInBoundsGEP2(c->b, aty, slots, idx, 2, ""));
  }
}

static void run_graph(Glue *gl, const Entry *e, LLVMValueRef slots, LLVMValueRef state) {
  Cg *c = &gl->c;
  LLVMValueRef g = LLVMGetNamedFunction(c->mod, e->fn);
  if (!g) {
    cg_fail(c, NNC_ERR_ARG, "codegen: the object has no graph '%s'", e->fn);
    return;
  }
  LLVMValueRef args[3] = {slots, at(gl, state, e->scratch), gl->pool};
  LLVMBuildCall2(c->b, LLVMGlobalGetValueType(g), g, args, 3, "");
  LLVMSetLinkage(g, LLVMInternalLinkage);
}

static void train_entry(Glue *gl, const Entry *e) {
  Cg *c = &gl->c;
  LLVMTypeRef params[3] = {c->t_ptr, c->t_ptr, c->t_ptr};
  LLVMValueRef fn = add_fn(gl, "_train_step", gl->t_real, params, 3, true);
  LLVMValueRef state = LLVMGetParam(fn, 0);
  LLVMValueRef slots = cg_alloca(c, LLVMArrayType2(c->t_ptr, (uint64_t)ir_slots(e->g, NULL)));
  bind_slots(gl, e, slots, 1u << BIND_STATE | 1u << BIND_X | 1u << BIND_Y, state,
             LLVMGetParam(fn, 1), LLVMGetParam(fn, 2));
  run_graph(gl, e, slots, state);
  LLVMValueRef loss = at(gl, state, e->slots[e->loss].offset);
  LLVMBuildRet(c->b, LLVMBuildLoad2(c->b, gl->t_real, loss, "loss"));
}

/* dst[0 .. count) = src[0 .. count) for count >= 1 elements of the program's dtype, an i64. */
static void copy_loop(Glue *gl, LLVMValueRef dst, LLVMValueRef src, LLVMValueRef count) {
  Cg *c = &gl->c;
  LLVMBasicBlockRef pre = LLVMGetInsertBlock(c->b);
  LLVMBasicBlockRef body = block(gl, "copy"), end = block(gl, "copied");
  LLVMBuildBr(c->b, body);
  LLVMPositionBuilderAtEnd(c->b, body);
  LLVMValueRef i = LLVMBuildPhi(c->b, c->t_i64, "");
  LLVMValueRef zero = cg_i64(c, 0);
  LLVMAddIncoming(i, &zero, &pre, 1);
  LLVMValueRef from = LLVMBuildInBoundsGEP2(c->b, gl->t_real, src, &i, 1, "");
  LLVMValueRef to = LLVMBuildInBoundsGEP2(c->b, gl->t_real, dst, &i, 1, "");
  LLVMBuildStore(c->b, LLVMBuildLoad2(c->b, gl->t_real, from, ""), to);
  LLVMValueRef next = LLVMBuildAdd(c->b, i, cg_i64(c, 1), "");
  LLVMAddIncoming(i, &next, &body, 1);
  LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntULT, next, count, ""), body, end);
  cg_loop_metadata(c, body, false);
  LLVMPositionBuilderAtEnd(c->b, end);
}

/* &base[i * width] */
static LLVMValueRef row(Glue *gl, LLVMValueRef base, LLVMValueRef i, int64_t width) {
  LLVMValueRef idx = LLVMBuildMul(gl->c.b, i, cg_i64(&gl->c, width), "");
  return LLVMBuildInBoundsGEP2(gl->c.b, gl->t_real, base, &idx, 1, "");
}

/* for (i = 0; i < n; i += batch): the rows [i, i+batch) in place, or the last rows through
 * the staging buffers. */
static void predict_entry(Glue *gl, const Entry *e) {
  Cg *c = &gl->c;
  const Program *p = gl->p;
  LLVMTypeRef params[4] = {c->t_ptr, c->t_ptr, c->t_ptr, gl->t_size};
  LLVMValueRef fn = add_fn(gl, "_predict", c->t_void, params, 4, true);
  LLVMValueRef state = LLVMGetParam(fn, 0), x = LLVMGetParam(fn, 1), y = LLVMGetParam(fn, 2);
  LLVMValueRef slots = cg_alloca(c, LLVMArrayType2(c->t_ptr, (uint64_t)ir_slots(e->g, NULL)));
  bind_slots(gl, e, slots, 1u << BIND_STATE, state, NULL, NULL);
  LLVMValueRef n = LLVMBuildZExt(c->b, LLVMGetParam(fn, 3), c->t_i64, "n");
  LLVMValueRef xs = at(gl, state, e->x_stage), ys = at(gl, state, e->y_stage);
  LLVMBasicBlockRef entry = LLVMGetInsertBlock(c->b);
  LLVMBasicBlockRef loop = block(gl, "rows"), stage = block(gl, "stage");
  LLVMBasicBlockRef run = block(gl, "run"), unstage = block(gl, "unstage");
  LLVMBasicBlockRef next = block(gl, "next"), done = block(gl, "done");
  LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntEQ, n, cg_i64(c, 0), ""), done, loop);

  LLVMPositionBuilderAtEnd(c->b, loop);
  LLVMValueRef i = LLVMBuildPhi(c->b, c->t_i64, "i"), zero = cg_i64(c, 0);
  LLVMAddIncoming(i, &zero, &entry, 1);
  LLVMValueRef left = LLVMBuildSub(c->b, n, i, "left");
  LLVMValueRef full = LLVMBuildICmp(c->b, LLVMIntUGE, left, cg_i64(c, p->batch), "full");
  LLVMValueRef xi = row(gl, x, i, p->in), yi = row(gl, y, i, p->out);
  LLVMBuildCondBr(c->b, full, run, stage);

  LLVMPositionBuilderAtEnd(c->b, stage);
  copy_loop(gl, xs, xi, LLVMBuildMul(c->b, left, cg_i64(c, p->in), ""));
  LLVMBasicBlockRef staged = LLVMGetInsertBlock(c->b);
  LLVMBuildBr(c->b, run);

  LLVMPositionBuilderAtEnd(c->b, run);
  LLVMValueRef xp = LLVMBuildPhi(c->b, c->t_ptr, ""), yp = LLVMBuildPhi(c->b, c->t_ptr, "");
  LLVMBasicBlockRef from[2] = {loop, staged};
  LLVMAddIncoming(xp, (LLVMValueRef[]){xi, xs}, from, 2);
  LLVMAddIncoming(yp, (LLVMValueRef[]){yi, ys}, from, 2);
  bind_slots(gl, e, slots, 1u << BIND_X | 1u << BIND_Y, state, xp, yp);
  run_graph(gl, e, slots, state);
  LLVMBuildCondBr(c->b, full, next, unstage);

  LLVMPositionBuilderAtEnd(c->b, unstage);
  copy_loop(gl, yi, ys, LLVMBuildMul(c->b, left, cg_i64(c, p->out), ""));
  LLVMBuildBr(c->b, next);

  LLVMPositionBuilderAtEnd(c->b, next);
  LLVMValueRef i2 = LLVMBuildAdd(c->b, i, cg_i64(c, p->batch), "");
  LLVMAddIncoming(i, &i2, &next, 1);
  LLVMBuildCondBr(c->b, LLVMBuildICmp(c->b, LLVMIntULT, i2, n, ""), loop, done);

  LLVMPositionBuilderAtEnd(c->b, done);
  LLVMBuildRetVoid(c->b);
}

/* ---- the whole object ---- */

static nnc_status glue(CgObject *o, const Program *p) {
  Glue gl = {.p = p};
  Cg *c = &gl.c;
  cg_init_types(c, o->ctx);
  c->mod = o->mod;
  c->b = LLVMCreateBuilderInContext(o->ctx);
  c->vector_bytes = o->vector_bytes;
  LLVMTargetDataRef td = LLVMCreateTargetDataLayout(o->tm);
  gl.t_size = LLVMIntPtrTypeInContext(o->ctx, td);
  LLVMDisposeTargetData(td);
  gl.t_real = cg_type(c, p->dtype);
  serial_pool(&gl);
  for (int i = 0; i < p->nentries && !c->st; i++) {
    if (p->entries[i].kind == ENTRY_TRAIN)
      train_entry(&gl, &p->entries[i]);
    else
      predict_entry(&gl, &p->entries[i]);
  }
  if (!c->st)
    cg_object_init(c, p);
  if (!c->st)
    accessors(&gl);
  LLVMDisposeBuilder(c->b);
  return c->st;
}

static nnc_status verify(LLVMModuleRef mod) {
  char *msg = NULL;
  bool bad = LLVMVerifyModule(mod, LLVMReturnStatusAction, &msg);
  nnc_status st = bad ? base_error(NNC_ERR_INTERNAL, "codegen: invalid object IR: %.400s",
                                   msg ? msg : "?")
                      : NNC_OK;
  LLVMDisposeMessage(msg);
  return st;
}

nnc_status cg_object_emit(CgObject *o, const Program *p, char **bytes, size_t *n) {
  *bytes = NULL;
  *n = 0;
  if (o->emitted)
    return base_error(NNC_ERR_ARG, "codegen: this object was emitted already");
  o->emitted = true;
  nnc_status st = ir_program_verify(p);
  if (!st)
    st = glue(o, p);
  if (!st)
    st = verify(o->mod);
  if (!st) {
    cg_module_for_target(o->mod, o->tm);
    st = cg_optimize(o->mod, o->tm);
  }
  char *msg = NULL;
  LLVMMemoryBufferRef buf = NULL;
  if (!st && LLVMTargetMachineEmitToMemoryBuffer(o->tm, o->mod, LLVMObjectFile, &msg, &buf)) {
    st = base_error(NNC_ERR_JIT, "codegen: cannot emit the object: %s", msg ? msg : "?");
    LLVMDisposeMessage(msg);
  }
  if (!st) {
    *n = LLVMGetBufferSize(buf);
    *bytes = base_malloc(*n ? *n : 1);
    if (*bytes)
      memcpy(*bytes, LLVMGetBufferStart(buf), *n);
    else
      st = base_error(NNC_ERR_NOMEM, "codegen: out of memory");
  }
  if (buf)
    LLVMDisposeMemoryBuffer(buf);
  return st;
}
