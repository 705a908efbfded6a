/* object_init.c — PREFIX_init(void *state, uint64_t seed): an object's fills (ir.h) in IR.
 *
 * The draws repeat runtime/rng.c operation for operation: splitmix64 seeding, xoshiro256**,
 * uniforms from the top 24 (f32) or 53 (f64) bits, Marsaglia's polar method with rng.c's
 * logarithm, and keras/init.c's a*u - b and a*z. Each IEEE operation is one instruction
 * without fast-math flags, and LLVM fuses none of them into an FMA (only llvm.fmuladd may
 * become one), so PREFIX_init gives nnc's weights bit for bit on every target; rng.c and this
 * file change together (tests/keras/test_build.c compares them), with base.h's constants.
 */
#include "cg.h"

typedef struct {
  Cg *c;
  LLVMValueRef next;            /* i64 nnc.rng_next(ptr s) */
  LLVMValueRef uniform[2];      /* T nnc.uniform.T(ptr s), [0] f32, [1] f64; NULL until used */
  LLVMValueRef log[2];          /* T nnc.log.T(T x) */
  LLVMValueRef normal[2];       /* T nnc.normal.T(ptr s, T limit) */
} Init;

static int di(DType t) {
  return t == DT_F64;
}

/* Starts internal function `name`; the caller ends it with a ret. */
static LLVMValueRef begin(Cg *c, const char *name, LLVMTypeRef ret, LLVMTypeRef *params,
                          unsigned n) {
  LLVMValueRef fn = LLVMAddFunction(c->mod, name, LLVMFunctionType(ret, params, n, 0));
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  cg_add_attr(c, fn, LLVMAttributeFunctionIndex, "nounwind");
  c->fn = fn;
  LLVMPositionBuilderAtEnd(c->b, LLVMAppendBasicBlockInContext(c->ctx, fn, "entry"));
  return fn;
}

static LLVMValueRef k64(Cg *c, uint64_t x) {
  return LLVMConstInt(c->t_i64, x, 0);
}

static LLVMValueRef rotl(Cg *c, LLVMValueRef x, int k) {
  return LLVMBuildOr(c->b, LLVMBuildShl(c->b, x, k64(c, (uint64_t)k), ""),
                     LLVMBuildLShr(c->b, x, k64(c, (uint64_t)(64 - k)), ""), "");
}

static LLVMValueRef word(Cg *c, LLVMValueRef s, int i) {
  LLVMValueRef idx = cg_i64(c, i);
  return LLVMBuildInBoundsGEP2(c->b, c->t_i64, s, &idx, 1, "");
}

/* rt_rng_next: xoshiro256** on the four words at s. */
static void emit_next(Init *in) {
  Cg *c = in->c;
  in->next = begin(c, "nnc.rng_next", c->t_i64, &c->t_ptr, 1);
  LLVMValueRef sp = LLVMGetParam(in->next, 0), s[4];
  for (int i = 0; i < 4; i++)
    s[i] = LLVMBuildLoad2(c->b, c->t_i64, word(c, sp, i), "");
  LLVMValueRef result = LLVMBuildMul(c->b, rotl(c, LLVMBuildMul(c->b, s[1], k64(c, 5), ""), 7),
                                     k64(c, 9), "");
  LLVMValueRef t = LLVMBuildShl(c->b, s[1], k64(c, 17), "");
  s[2] = LLVMBuildXor(c->b, s[2], s[0], "");
  s[3] = LLVMBuildXor(c->b, s[3], s[1], "");
  s[1] = LLVMBuildXor(c->b, s[1], s[2], "");
  s[0] = LLVMBuildXor(c->b, s[0], s[3], "");
  s[2] = LLVMBuildXor(c->b, s[2], t, "");
  s[3] = rotl(c, s[3], 45);
  for (int i = 0; i < 4; i++)
    LLVMBuildStore(c->b, s[i], word(c, sp, i));
  LLVMBuildRet(c->b, result);
}

static LLVMValueRef call(Cg *c, LLVMValueRef fn, LLVMValueRef *args, unsigned n) {
  return LLVMBuildCall2(c->b, LLVMGlobalGetValueType(fn), fn, args, n, "");
}

static LLVMValueRef K(Cg *c, DType t, double x) {
  return LLVMConstReal(cg_type(c, t), t == DT_F32 ? (double)(float)x : x);
}

/* rt_rng_uniform_f32: (float)(uint32_t)(next >> 40) * 2^-24; f64: (next >> 11) * 2^-53. */
static void emit_uniform(Init *in, DType t) {
  Cg *c = in->c;
  LLVMValueRef fn = begin(c, t == DT_F32 ? "nnc.uniform.f32" : "nnc.uniform.f64", cg_type(c, t),
                          &c->t_ptr, 1);
  LLVMValueRef p = LLVMGetParam(fn, 0);
  LLVMValueRef x = call(c, in->next, &p, 1), u;
  if (t == DT_F32)
    u = LLVMBuildUIToFP(c->b, LLVMBuildTrunc(c->b, LLVMBuildLShr(c->b, x, k64(c, 40), ""),
                                             c->t_i32, ""), c->t_f32, "");
  else
    u = LLVMBuildUIToFP(c->b, LLVMBuildLShr(c->b, x, k64(c, 11), ""), c->t_f64, "");
  LLVMBuildRet(c->b, LLVMBuildFMul(c->b, u, K(c, t, t == DT_F32 ? 0x1p-24 : 0x1p-53), ""));
  in->uniform[di(t)] = fn;
}

/* rt_log_f32 / rt_log_f64. */
static void emit_log(Init *in, DType t) {
  Cg *c = in->c;
  bool f32 = t == DT_F32;
  LLVMTypeRef ft = cg_type(c, t), it = f32 ? c->t_i32 : c->t_i64;
  LLVMValueRef fn = begin(c, f32 ? "nnc.log.f32" : "nnc.log.f64", ft, &ft, 1);
  LLVMValueRef b = LLVMBuildBitCast(c->b, LLVMGetParam(fn, 0), it, "");
  int mbits = f32 ? 23 : 52, bias = f32 ? 127 : 1023;
  int terms = f32 ? BASE_LOG_TERMS_F32 : BASE_LOG_TERMS_F64;
  uint64_t mmask = ((uint64_t)1 << mbits) - 1;
  LLVMValueRef e = LLVMBuildLShr(c->b, b, LLVMConstInt(it, (unsigned)mbits, 0), "");
  e = LLVMBuildSub(c->b, e, LLVMConstInt(it, (unsigned)bias, 0), "");
  b = LLVMBuildOr(c->b, LLVMBuildAnd(c->b, b, LLVMConstInt(it, mmask, 0), ""),
                  LLVMConstInt(it, (uint64_t)bias << mbits, 0), "");
  LLVMValueRef m = LLVMBuildBitCast(c->b, b, ft, "");
  LLVMValueRef big = LLVMBuildFCmp(c->b, LLVMRealOGT, m, K(c, t, BASE_SQRT2), "");
  m = LLVMBuildSelect(c->b, big, LLVMBuildFMul(c->b, m, K(c, t, 0.5), ""), m, "");
  e = LLVMBuildSelect(c->b, big, LLVMBuildAdd(c->b, e, LLVMConstInt(it, 1, 0), ""), e, "");
  LLVMValueRef f = LLVMBuildFSub(c->b, m, K(c, t, 1), "");
  LLVMValueRef s = LLVMBuildFDiv(c->b, f, LLVMBuildFAdd(c->b, f, K(c, t, 2), ""), "");
  LLVMValueRef z = LLVMBuildFMul(c->b, s, s, "");
  LLVMValueRef p = K(c, t, 2.0 / (2 * terms + 1));
  for (int j = terms - 1; j >= 1; j--)
    p = LLVMBuildFAdd(c->b, LLVMBuildFMul(c->b, p, z, ""), K(c, t, 2.0 / (2 * j + 1)), "");
  LLVMValueRef r = LLVMBuildFSub(c->b, f, LLVMBuildFMul(c->b, p, z, ""), "");
  LLVMValueRef lg = LLVMBuildFSub(c->b, f, LLVMBuildFMul(c->b, s, r, ""), "");
  LLVMValueRef ef = LLVMBuildSIToFP(c->b, e, ft, "");
  LLVMValueRef lo = LLVMBuildFMul(c->b, ef, K(c, t, f32 ? BASE_LN2_LO_F32 : BASE_LN2_LO_F64), "");
  lo = LLVMBuildFAdd(c->b, lo, lg, "");
  LLVMValueRef hi = LLVMBuildFMul(c->b, ef, K(c, t, f32 ? BASE_LN2_HI_F32 : BASE_LN2_HI_F64), "");
  LLVMBuildRet(c->b, LLVMBuildFAdd(c->b, hi, lo, ""));
  in->log[di(t)] = fn;
}

/* 2u - 1 for a fresh uniform u. */
static LLVMValueRef signed_uniform(Init *in, DType t, LLVMValueRef s) {
  Cg *c = in->c;
  LLVMValueRef u = call(c, in->uniform[di(t)], &s, 1);
  return LLVMBuildFSub(c->b, LLVMBuildFMul(c->b, K(c, t, 2), u, ""), K(c, t, 1), "");
}

/* rt_rng_normal_f32 / _f64: the polar method, redrawn while |z| > limit. */
static void emit_normal(Init *in, DType t) {
  Cg *c = in->c;
  LLVMTypeRef params[2] = {c->t_ptr, cg_type(c, t)};
  LLVMValueRef fn = begin(c, t == DT_F32 ? "nnc.normal.f32" : "nnc.normal.f64", cg_type(c, t),
                          params, 2);
  LLVMValueRef sp = LLVMGetParam(fn, 0), limit = LLVMGetParam(fn, 1);
  LLVMBasicBlockRef draw = LLVMAppendBasicBlockInContext(c->ctx, fn, "draw");
  LLVMBasicBlockRef inside = LLVMAppendBasicBlockInContext(c->ctx, fn, "inside");
  LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(c->ctx, fn, "done");
  LLVMBuildBr(c->b, draw);
  LLVMPositionBuilderAtEnd(c->b, draw);
  LLVMValueRef u = signed_uniform(in, t, sp), v = signed_uniform(in, t, sp);
  LLVMValueRef uu = LLVMBuildFMul(c->b, u, u, ""), vv = LLVMBuildFMul(c->b, v, v, "");
  LLVMValueRef s = LLVMBuildFAdd(c->b, uu, vv, "");
  LLVMValueRef out = LLVMBuildOr(c->b, LLVMBuildFCmp(c->b, LLVMRealOGE, s, K(c, t, 1), ""),
                                 LLVMBuildFCmp(c->b, LLVMRealOEQ, s, K(c, t, 0), ""), "");
  LLVMBuildCondBr(c->b, out, draw, inside);
  LLVMPositionBuilderAtEnd(c->b, inside);
  LLVMValueRef l = call(c, in->log[di(t)], &s, 1);
  LLVMValueRef q = LLVMBuildFDiv(c->b, LLVMBuildFMul(c->b, K(c, t, -2), l, ""), s, "");
  q = cg_intrinsic(c, "llvm.sqrt", cg_type(c, t), &q, 1);
  LLVMValueRef z = LLVMBuildFMul(c->b, u, q, "");
  LLVMValueRef a = cg_intrinsic(c, "llvm.fabs", cg_type(c, t), &z, 1);
  LLVMBuildCondBr(c->b, LLVMBuildFCmp(c->b, LLVMRealOGT, a, limit, ""), draw, done);
  LLVMPositionBuilderAtEnd(c->b, done);
  LLVMBuildRet(c->b, z);
  in->normal[di(t)] = fn;
}

/* The helpers the fills draw with, each emitted once. */
static void helpers(Init *in, const Program *p) {
  emit_next(in);
  for (int i = 0; i < p->nfills; i++) {
    const Fill *f = &p->fills[i];
    DType t = f->dtype;
    if ((f->kind == FILL_UNIFORM || f->kind == FILL_NORMAL) && !in->uniform[di(t)])
      emit_uniform(in, t);
    if (f->kind == FILL_NORMAL && !in->normal[di(t)]) {
      emit_log(in, t);
      emit_normal(in, t);
    }
  }
}

/* rt_rng_seed: splitmix64 fills the four words at s from the seed. */
static void seed(Cg *c, LLVMValueRef s, LLVMValueRef x) {
  for (int i = 0; i < 4; i++) {
    x = LLVMBuildAdd(c->b, x, k64(c, 0x9E3779B97F4A7C15ull), "");
    LLVMValueRef z = x;
    z = LLVMBuildMul(c->b, LLVMBuildXor(c->b, z, LLVMBuildLShr(c->b, z, k64(c, 30), ""), ""),
                     k64(c, 0xBF58476D1CE4E5B9ull), "");
    z = LLVMBuildMul(c->b, LLVMBuildXor(c->b, z, LLVMBuildLShr(c->b, z, k64(c, 27), ""), ""),
                     k64(c, 0x94D049BB133111EBull), "");
    z = LLVMBuildXor(c->b, z, LLVMBuildLShr(c->b, z, k64(c, 31), ""), "");
    LLVMBuildStore(c->b, z, word(c, s, i));
  }
}

/* Element i of the region at base: the value of fill f there (SELECT: its zeros). */
static LLVMValueRef value(Init *in, const Fill *f, LLVMValueRef s) {
  Cg *c = in->c;
  DType t = f->dtype;
  if (f->kind == FILL_UNIFORM) {
    LLVMValueRef u = call(c, in->uniform[di(t)], &s, 1);
    return LLVMBuildFSub(c->b, LLVMBuildFMul(c->b, K(c, t, f->a), u, ""), K(c, t, f->b), "");
  }
  if (f->kind == FILL_NORMAL) {
    LLVMValueRef args[2] = {s, K(c, t, f->b)};
    return LLVMBuildFMul(c->b, K(c, t, f->a), call(c, in->normal[di(t)], args, 2), "");
  }
  return cg_const(c, t, f->kind == FILL_CONST ? f->a : 0);
}

static void fill(Init *in, const Fill *f, LLVMValueRef state, LLVMValueRef s) {
  Cg *c = in->c;
  int64_t n = ir_numel(f->shape);
  if (n == 0)
    return;
  LLVMValueRef off = cg_i64(c, f->offset);
  LLVMTypeRef i8 = LLVMInt8TypeInContext(c->ctx);
  LLVMValueRef base = LLVMBuildInBoundsGEP2(c->b, i8, state, &off, 1, "");
  CgLoop l;
  cg_loop_begin(c, &l, n);
  cg_store(c, f->dtype, base, l.iv, value(in, f, s));
  cg_loop_end(c, &l);
  if (f->kind != FILL_SELECT)
    return;
  int64_t rows = f->shape.dim[0], cols = f->shape.dim[1];
  int64_t ones = rows < cols - f->col0 ? rows : cols - f->col0;
  if (ones <= 0)
    return;
  cg_loop_begin(c, &l, ones);   /* (r, col0 + r) */
  LLVMValueRef idx = LLVMBuildAdd(c->b, LLVMBuildMul(c->b, l.iv, cg_i64(c, cols + 1), ""),
                                  cg_i64(c, f->col0), "");
  cg_store(c, f->dtype, base, idx, cg_const(c, f->dtype, 1));
  cg_loop_end(c, &l);
}

void cg_object_init(Cg *c, const Program *p) {
  Init in = {.c = c};
  helpers(&in, p);
  LLVMTypeRef params[2] = {c->t_ptr, c->t_i64};
  char name[160];
  snprintf(name, sizeof name, "%s_init", p->prefix);
  LLVMValueRef fn = LLVMAddFunction(c->mod, name, LLVMFunctionType(c->t_void, params, 2, 0));
  cg_add_attr(c, fn, LLVMAttributeFunctionIndex, "nounwind");
  c->fn = fn;
  LLVMPositionBuilderAtEnd(c->b, LLVMAppendBasicBlockInContext(c->ctx, fn, "entry"));
  LLVMValueRef s = cg_alloca(c, LLVMArrayType2(c->t_i64, 4));
  seed(c, s, LLVMGetParam(fn, 1));
  for (int i = 0; i < p->nfills; i++)
    fill(&in, &p->fills[i], LLVMGetParam(fn, 0), s);
  LLVMBuildRetVoid(c->b);
}
