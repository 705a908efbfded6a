/* emit_matmul_bf16.c — an f32 MATMUL with the bf16 flag (Keras's mixed_bfloat16): C = op(A)
 * op(B) with both operands rounded to bfloat16 (nearest even, subnormals to zero) and the
 * products summed in f32.
 *
 * Both operands are packed as bf16 pairs along k, the layout AVX512-BF16's vdpbf16ps reads:
 * an i32 holds (x[k], x[k+1]) for even k, the low half k's. A is packed whole once per call
 * (rows contiguous in k, or with trans_a rows side by side for each pair), B one column
 * panel of NR = 32 columns at a time ([K/2][NR] pairs); an odd K gets a zero last partner.
 * A block of MR rows x 2 vectors keeps its accumulators in loop phis; each step of the pair
 * loop broadcasts one pair of A per row and multiplies it with two vectors of the panel.
 *
 * Three ways to run the blocks, the first the host allows:
 * - AMX (AMX-BF16, and Linux lending the tile state): blocks of 32 x 32 as 2 x 2 tiles of
 *   16 x 16 f32, tdpbf16ps on tiles of 16 rows of packed A and 16 pairs of the panel; A and
 *   the panel are zero-padded to whole tiles. bench/DECISIONS.md says why not vdpbf16ps.
 * - AVX512-BF16 (NNC_BF16=avx512 forces it over AMX): the packing converts with
 *   vcvtne2ps2bf16, the step is vdpbf16ps.
 * - generic (another CPU, an object file for another target, NNC_BF16=emulate for tests):
 *   the rounding is integer arithmetic and the step two f32 FMAs per pair in the order
 *   vdpbf16ps adds them (k+1's product, then k's). Products of bf16 values are exact in
 *   f32, so this and vdpbf16ps round the same sums: the same bits (subnormal sums aside,
 *   which vdpbf16ps flushes). It says so once on stderr.
 *
 * Tasks are runs of column panels (each packs A again, so there are few), and the
 * epilogue runs after each block with emit_matmul.c's contract (cg.h). A CONST operand,
 * or a panel or packed A too big for the stack, takes the simple path: a scalar i-j-k loop
 * over rounded operands, sums in k order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cg.h"

enum {
  NR = 32, NV = 2, W = 16,    /* columns per panel: NV vectors of W f32 lanes */
  MR = 8,                     /* rows per block: MR x NV accumulators */
  AMX_MR = 32,                /* rows per AMX block: 2 x 2 tiles of 16 x 16 f32 */
  TILE = 16,                  /* rows of a tile, and pairs of k per tile step */
  MAX_PANEL = 256 << 10,      /* bytes of one packed panel of B on the stack */
  MAX_A = 1 << 20,            /* bytes of the packed A on the stack */
  TASK_MACS = 1 << 22,        /* as emit_matmul.c: smaller matmuls run whole */
  TASKS = 4,                  /* at most: each task packs all of A again, so a task is a run
                                 of panels, not one as in emit_matmul.c */
};

typedef struct {
  int64_t M, N, K, KH;        /* KH = pairs along k, (K+1)/2 */
  int64_t KP;                 /* pairs per packed row: KH, or with AMX rounded up to TILE */
  bool ta, tb, hw;            /* transposes; vdpbf16ps and vcvtne2ps2bf16 */
  bool amx;                   /* AMX-BF16 tiles (tdpbf16ps) for the blocks */
  LLVMValueRef a, b, out;     /* the operands' and C's buffers */
  LLVMValueRef ap, bp;        /* packed A, the packed panel of B: i32 pairs */
  LLVMValueRef tile;          /* AMX: a 16 x 16 f32 tile on its way to C's edge */
  int64_t MP;                 /* rows of packed A: M, or with AMX rounded up to TILE */
  int64_t a_rs, a_ks;         /* packed A: i32s from row i to i+1, and from pair kk to kk+1 */
  LLVMTypeRef vf, vi;         /* <16 x float>, <16 x i32> */
  const CgEpilogue *ep;
  const CgRange *range;
  int64_t per_task;           /* panels per task */
} Bf;

/* Whether the host runs vdpbf16ps with AVX-512 vectors. */
static bool host_vector_bf16(void) {
  return cg_vector_bytes() == 64 && cg_host_has("+avx512bf16");
}

/* ... and the JIT's code may use them (AVX-512 not turned off for tests). */
static bool host_has_bf16(const Cg *c) {
  return c->vector_bytes == 0 && host_vector_bf16();
}

static bool emulate_forced(void) {
  const char *e = getenv("NNC_BF16");
  return e && strcmp(e, "emulate") == 0;
}

/* Linux lends AMX's tile registers only to a process that asks (arch_prctl); once. */
static bool amx_granted;
static pthread_once_t amx_once = PTHREAD_ONCE_INIT;
static void ask_amx(void) {
  enum { ARCH_REQ_XCOMP_PERM = 0x1023, XFEATURE_XTILEDATA = 18 };
  amx_granted = syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA) == 0;
}

const char *cg_bf16_path(void) {
  if (!host_vector_bf16() || emulate_forced())
    return "emulate";
  if (getenv("NNC_BF16") || !cg_host_has("+amx-bf16"))
    return "avx512";
  pthread_once(&amx_once, ask_amx);
  return amx_granted ? "amx" : "avx512";
}

/* AMX-BF16 where the host has it and lends it, unless NNC_BF16 asks for a vector path. */
static bool use_amx(const Cg *c) {
  return host_has_bf16(c) && strcmp(cg_bf16_path(), "amx") == 0;
}

/* Once per process: the generic path is slower, and a user timing mixed_bfloat16 should know
 * (not when a test asked for it). */
static void say_emulated(const Cg *c) {
  static int said;
  if (c->vector_bytes == 0 && !host_has_bf16(c) && !emulate_forced() &&
      !__atomic_exchange_n(&said, 1, __ATOMIC_RELAXED))
    base_log(NNC_LOG_WARNING, "nnc: warning: this CPU lacks AVX512-BF16; bf16 matmuls convert "
             "to f32 and use f32 FMA (correct, slower)\n");
}

/* ---- small IR helpers ---- */

static LLVMValueRef imul(Cg *c, LLVMValueRef x, int64_t k) {
  return k == 1 ? x : LLVMBuildNUWMul(c->b, x, cg_i64(c, k), "");
}

static LLVMValueRef iadd(Cg *c, LLVMValueRef x, int64_t k) {
  return k == 0 ? x : LLVMBuildNUWAdd(c->b, x, cg_i64(c, k), "");
}

static LLVMValueRef gep(Cg *c, LLVMTypeRef t, LLVMValueRef p, LLVMValueRef idx) {
  return LLVMBuildInBoundsGEP2(c->b, t, p, &idx, 1, "");
}

static LLVMValueRef splat_i32(Cg *c, uint32_t x) {
  return cg_splat(c, LLVMConstInt(c->t_i32, x, 0), W);
}

/* A call of a non-overloaded intrinsic. */
static LLVMValueRef x86(Cg *c, const char *name, LLVMValueRef *args, unsigned n) {
  unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
  NNC_ASSERT(id != 0);
  LLVMValueRef fn = LLVMGetIntrinsicDeclaration(c->mod, id, NULL, 0);
  return LLVMBuildCall2(c->b, LLVMIntrinsicGetType(c->ctx, id, NULL, 0), fn, args, n, "");
}

/* The 16 f32 at p (only the first n exist; the rest read as 0). */
static LLVMValueRef load16(Cg *c, const Bf *f, LLVMValueRef p, int64_t n) {
  if (n <= 0)
    return LLVMConstNull(f->vf);
  return cg_vector_load(c, f->vf, p, n >= W ? NULL : cg_lane_mask(c, W, n), 4);
}

/* ---- rounding to bf16 pairs ---- */

/* The bf16 bits of each lane of x in the high half of an i32, the low half 0: nearest even,
 * a subnormal to signed zero, a NaN kept quiet. */
static LLVMValueRef round_hi(Cg *c, const Bf *f, LLVMValueRef x) {
  LLVMBuilderRef b = c->b;
  LLVMValueRef u = LLVMBuildBitCast(b, x, f->vi, "");
  LLVMValueRef tiny = LLVMBuildICmp(b, LLVMIntEQ, LLVMBuildAnd(b, u, splat_i32(c, 0x7f800000u), ""),
                                    LLVMConstNull(f->vi), "");
  u = LLVMBuildSelect(b, tiny, LLVMBuildAnd(b, u, splat_i32(c, 0x80000000u), ""), u, "");
  LLVMValueRef odd = LLVMBuildAnd(b, LLVMBuildLShr(b, u, splat_i32(c, 16), ""), splat_i32(c, 1), "");
  LLVMValueRef r = LLVMBuildAdd(b, LLVMBuildAdd(b, u, splat_i32(c, 0x7fff), ""), odd, "");
  LLVMValueRef nan = LLVMBuildFCmp(b, LLVMRealUNO, x, x, "");
  r = LLVMBuildSelect(b, nan, LLVMBuildOr(b, u, splat_i32(c, 0x00400000u), ""), r, "");
  return LLVMBuildAnd(b, r, splat_i32(c, 0xffff0000u), "");
}

/* Lane q: the pair (e[q], o[q]) as bf16, e's in the low half. */
static LLVMValueRef pairs(Cg *c, const Bf *f, LLVMValueRef e, LLVMValueRef o) {
  if (!f->hw)
    return LLVMBuildOr(c->b, round_hi(c, f, o),
                       LLVMBuildLShr(c->b, round_hi(c, f, e), splat_i32(c, 16), ""), "");
  LLVMValueRef args[2] = {o, e}; /* vcvtne2ps2bf16: e's halves first, then o's */
  LLVMValueRef h = x86(c, "llvm.x86.avx512bf16.cvtne2ps2bf16.512", args, 2);
  LLVMValueRef idx[32];
  for (unsigned q = 0; q < 32; q++)
    idx[q] = LLVMConstInt(c->t_i32, q / 2 + (q & 1) * W, 0);
  h = LLVMBuildShuffleVector(c->b, h, LLVMGetPoison(LLVMTypeOf(h)), LLVMConstVector(idx, 32), "");
  return LLVMBuildBitCast(c->b, h, f->vi, "");
}

/* The 16 pairs of 32 consecutive f32 at p (the first n exist, the rest 0). */
static LLVMValueRef run_pairs(Cg *c, const Bf *f, LLVMValueRef p, int64_t n) {
  LLVMValueRef lo = load16(c, f, p, n), hi = load16(c, f, gep(c, c->t_f32, p, cg_i64(c, W)), n - W);
  if (f->hw) {
    LLVMValueRef args[2] = {hi, lo}; /* lo's 16 bf16 then hi's: the pairs in order */
    return LLVMBuildBitCast(c->b, x86(c, "llvm.x86.avx512bf16.cvtne2ps2bf16.512", args, 2),
                            f->vi, "");
  }
  LLVMValueRef ev[W], od[W];
  for (unsigned q = 0; q < W; q++) {
    ev[q] = LLVMConstInt(c->t_i32, 2 * q, 0);
    od[q] = LLVMConstInt(c->t_i32, 2 * q + 1, 0);
  }
  return pairs(c, f, LLVMBuildShuffleVector(c->b, lo, hi, LLVMConstVector(ev, W), ""),
               LLVMBuildShuffleVector(c->b, lo, hi, LLVMConstVector(od, W), ""));
}

static void store_pairs(Cg *c, LLVMValueRef base, LLVMValueRef idx, int64_t n,
                        LLVMValueRef x, unsigned align) {
  cg_vector_store(c, x, gep(c, c->t_i32, base, idx), n >= W ? NULL : cg_lane_mask(c, W, n), align);
}

static void end_loop(Cg *c, CgLoop *l) {
  l->vector = true;
  cg_loop_end(c, l);
}

/* ---- packing ---- */

/* Rows of A contiguous in k (no trans_a): row i's pairs at ap[i*KP ..). */
static void pack_a_rows(Cg *c, const Bf *f) {
  CgLoop il, kl;
  int64_t chunks = (f->K + 2 * W - 1) / (2 * W);
  cg_loop_begin(c, &il, f->M);
  LLVMValueRef row = gep(c, c->t_f32, f->a, imul(c, il.iv, f->K));
  LLVMValueRef dst = imul(c, il.iv, f->KP);
  for (int part = 0; part < 2; part++) { /* the full chunks in a loop, then the last one */
    int64_t n = part ? 1 : chunks - 1, first = part ? chunks - 1 : 0;
    if (n <= 0)
      continue;
    cg_loop_begin(c, &kl, n);
    LLVMValueRef ch = iadd(c, kl.iv, first), k0 = imul(c, ch, 2 * W);
    int64_t left = part ? f->K - first * 2 * W : 2 * W; /* f32s in this chunk */
    LLVMValueRef x = run_pairs(c, f, gep(c, c->t_f32, row, k0), left);
    store_pairs(c, f->ap, LLVMBuildNUWAdd(c->b, dst, imul(c, ch, W), ""), (left + 1) / 2, x, 4);
    end_loop(c, &kl);
  }
  end_loop(c, &il);
}

/* pairs(E, O) of rows k and k+1 of a matrix stored [K][ld], 16 columns from j (n exist),
 * O = 0 past the last row. */
static LLVMValueRef two_rows(Cg *c, const Bf *f, LLVMValueRef base, int64_t ld, LLVMValueRef kk,
                             LLVMValueRef j, int64_t n, bool last_odd) {
  LLVMValueRef e = gep(c, c->t_f32, base, LLVMBuildNUWAdd(c->b, imul(c, kk, 2 * ld), j, ""));
  LLVMValueRef o = last_odd ? LLVMConstNull(f->vf) : load16(c, f, gep(c, c->t_f32, e, cg_i64(c, ld)), n);
  return pairs(c, f, load16(c, f, e, n), o);
}

/* The columns [j0, j0+cols) of the panel being packed (NULL when packing A). */
typedef struct {
  LLVMValueRef j0;
  int64_t cols;
} PanelAt;

/* The pair loop of a [K][ld] matrix: body(kk) for every pair, an odd K's last with O = 0. */
typedef void PairBody(Cg *c, const Bf *f, const PanelAt *p, LLVMValueRef kk, bool last_odd);
static void pair_loop(Cg *c, const Bf *f, const PanelAt *p, PairBody *body) {
  CgLoop kl;
  if (f->K / 2 > 0) {
    cg_loop_begin(c, &kl, f->K / 2);
    body(c, f, p, kl.iv, false);
    end_loop(c, &kl);
  }
  if (f->K % 2)
    body(c, f, p, cg_i64(c, f->K / 2), true);
}

/* trans_a: A stored [K][M]; pair kk of rows i.. at ap[kk*M + i ..). */
static void a_cols_body(Cg *c, const Bf *f, const PanelAt *p, LLVMValueRef kk, bool last_odd) {
  (void)p;
  CgLoop il;
  int64_t nvec = (f->M + W - 1) / W;
  cg_loop_begin(c, &il, nvec);
  LLVMValueRef i = imul(c, il.iv, W);
  /* the last vector is masked when M is not a multiple of 16 */
  int64_t n = f->M % W == 0 ? W : f->M - (nvec - 1) * W;
  LLVMValueRef full = LLVMBuildICmp(c->b, LLVMIntULT, il.iv, cg_i64(c, nvec - 1), "");
  LLVMBasicBlockRef bf = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "pa.full");
  LLVMBasicBlockRef bl = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "pa.last");
  LLVMBasicBlockRef bn = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "pa.next");
  LLVMBuildCondBr(c->b, full, bf, bl);
  for (int part = 0; part < 2; part++) {
    LLVMPositionBuilderAtEnd(c->b, part ? bl : bf);
    int64_t m = part ? n : W;
    LLVMValueRef x = two_rows(c, f, f->a, f->M, kk, i, m, last_odd);
    if (f->amx) /* tiles read rows of pairs: each lane goes to its row */
      for (int64_t q = 0; q < m; q++) {
        LLVMValueRef at = LLVMBuildNUWAdd(c->b, imul(c, iadd(c, i, q), f->KP), kk, "");
        LLVMValueRef e = LLVMBuildExtractElement(c->b, x, LLVMConstInt(c->t_i32, (uint64_t)q, 0), "");
        LLVMSetAlignment(LLVMBuildStore(c->b, e, gep(c, c->t_i32, f->ap, at)), 4);
      }
    else
      store_pairs(c, f->ap, LLVMBuildNUWAdd(c->b, imul(c, kk, f->M), i, ""), m, x, 4);
    LLVMBuildBr(c->b, bn);
  }
  LLVMPositionBuilderAtEnd(c->b, bn);
  end_loop(c, &il);
}

static void pack_a(Cg *c, Bf *f) {
  f->a_rs = f->ta && !f->amx ? 1 : f->KP;
  f->a_ks = f->ta && !f->amx ? f->M : 1;
  if (f->ta)
    pair_loop(c, f, NULL, a_cols_body);
  else
    pack_a_rows(c, f);
}

/* No trans_b: rows k and k+1 of B, the panel's columns, as NV vectors of pairs. */
static void b_rows_body(Cg *c, const Bf *f, const PanelAt *p, LLVMValueRef kk, bool last_odd) {
  for (int v = 0; v < NV; v++) {
    int64_t n = p->cols - (int64_t)v * W;
    LLVMValueRef x = n > 0 ? two_rows(c, f, f->b, f->N, kk, iadd(c, p->j0, v * W), n, last_odd)
                           : LLVMConstNull(f->vi);
    store_pairs(c, f->bp, iadd(c, imul(c, kk, NR), v * W), W, x, 64);
  }
}

/* trans_b: B stored [N][K], each column of the panel a contiguous run of k; 16 pairs of a
 * column are scattered down the panel. */
static void pack_b_cols(Cg *c, const Bf *f, LLVMValueRef j0, int64_t cols) {
  if (cols < NR) /* the columns past the edge multiply as zeros */
    LLVMBuildMemSet(c->b, f->bp, LLVMConstInt(LLVMInt8TypeInContext(c->ctx), 0, 0),
                    cg_i64(c, f->KP * NR * 4), 64);
  int64_t chunks = (f->K + 2 * W - 1) / (2 * W);
  CgLoop jl, kl;
  cg_loop_begin(c, &jl, cols);
  LLVMValueRef col = gep(c, c->t_f32, f->b, imul(c, LLVMBuildNUWAdd(c->b, j0, jl.iv, ""), f->K));
  for (int part = 0; part < 2; part++) {
    int64_t n = part ? 1 : chunks - 1, first = part ? chunks - 1 : 0;
    if (n <= 0)
      continue;
    cg_loop_begin(c, &kl, n);
    LLVMValueRef ch = iadd(c, kl.iv, first);
    int64_t left = part ? f->K - first * 2 * W : 2 * W;
    LLVMValueRef x = run_pairs(c, f, gep(c, c->t_f32, col, imul(c, ch, 2 * W)), left);
    LLVMValueRef kk0 = imul(c, ch, W);
    for (int64_t q = 0; q < (left + 1) / 2; q++) {
      LLVMValueRef at = LLVMBuildNUWAdd(c->b, imul(c, iadd(c, kk0, q), NR), jl.iv, "");
      LLVMValueRef e = LLVMBuildExtractElement(c->b, x, LLVMConstInt(c->t_i32, (uint64_t)q, 0), "");
      LLVMSetAlignment(LLVMBuildStore(c->b, e, gep(c, c->t_i32, f->bp, at)), 4);
    }
    end_loop(c, &kl);
  }
  end_loop(c, &jl);
}

static void pack_b(Cg *c, const Bf *f, LLVMValueRef j0, int64_t cols) {
  if (f->tb) {
    pack_b_cols(c, f, j0, cols);
    return;
  }
  PanelAt p = {j0, cols};
  pair_loop(c, f, &p, b_rows_body);
}

/* ---- the blocks ---- */

/* Even and odd halves of pair lanes as f32 (the generic step's operands). */
static LLVMValueRef even_f32(Cg *c, const Bf *f, LLVMValueRef p) {
  return LLVMBuildBitCast(c->b, LLVMBuildShl(c->b, p, splat_i32(c, 16), ""), f->vf, "");
}

static LLVMValueRef odd_f32(Cg *c, const Bf *f, LLVMValueRef p) {
  return LLVMBuildBitCast(c->b, LLVMBuildAnd(c->b, p, splat_i32(c, 0xffff0000u), ""), f->vf, "");
}

static LLVMValueRef fma16(Cg *c, const Bf *f, LLVMValueRef x, LLVMValueRef y, LLVMValueRef s) {
  LLVMValueRef args[3] = {x, y, s};
  return cg_intrinsic(c, "llvm.fma", f->vf, args, 3);
}

/* acc + the dot products of a's and b's pairs, lane by lane. */
static LLVMValueRef step(Cg *c, const Bf *f, LLVMValueRef acc, LLVMValueRef a, LLVMValueRef b,
                         LLVMValueRef be, LLVMValueRef bo) {
  if (f->hw) {
    LLVMTypeRef bt = LLVMVectorType(LLVMBFloatTypeInContext(c->ctx), 32);
    LLVMValueRef args[3] = {acc, LLVMBuildBitCast(c->b, b, bt, ""), LLVMBuildBitCast(c->b, a, bt, "")};
    return x86(c, "llvm.x86.avx512bf16.dpbf16ps.512", args, 3);
  }
  acc = fma16(c, f, odd_f32(c, f, a), bo, acc);
  return fma16(c, f, even_f32(c, f, a), be, acc);
}

/* acc[r][v] += the rows' pairs times the panel's, over all pairs; the sums in phis. */
static void k_loop(Cg *c, const Bf *f, LLVMValueRef i0, int rows, LLVMValueRef (*acc)[NV]) {
  LLVMValueRef a0 = gep(c, c->t_i32, f->ap, imul(c, i0, f->a_rs));
  LLVMBasicBlockRef pre = LLVMGetInsertBlock(c->b);
  CgLoop kl;
  cg_loop_begin(c, &kl, f->KH);
  LLVMValueRef phi[MR][NV];
  for (int r = 0; r < rows && kl.header; r++)
    for (int v = 0; v < NV; v++) {
      phi[r][v] = LLVMBuildPhi(c->b, f->vf, "acc");
      LLVMAddIncoming(phi[r][v], &acc[r][v], &pre, 1);
      acc[r][v] = phi[r][v];
    }
  LLVMValueRef b0 = f->bp, ak = a0, bk = b0;
  if (kl.header) {
    ak = LLVMBuildPhi(c->b, c->t_ptr, "ak");
    bk = LLVMBuildPhi(c->b, c->t_ptr, "bk");
    LLVMAddIncoming(ak, &a0, &pre, 1);
    LLVMAddIncoming(bk, &b0, &pre, 1);
  }
  LLVMValueRef b[NV], be[NV] = {0}, bo[NV] = {0};
  for (int v = 0; v < NV; v++) {
    b[v] = cg_vector_load(c, f->vi, gep(c, c->t_i32, bk, cg_i64(c, v * W)), NULL, 64);
    if (!f->hw) {
      be[v] = even_f32(c, f, b[v]);
      bo[v] = odd_f32(c, f, b[v]);
    }
  }
  for (int r = 0; r < rows; r++) {
    LLVMValueRef p = gep(c, c->t_i32, ak, cg_i64(c, r * f->a_rs));
    LLVMValueRef ld = LLVMBuildLoad2(c->b, c->t_i32, p, "");
    LLVMSetAlignment(ld, 4);
    LLVMValueRef a = cg_splat(c, ld, W);
    for (int v = 0; v < NV; v++)
      acc[r][v] = step(c, f, acc[r][v], a, b[v], be[v], bo[v]);
  }
  if (kl.header) {
    LLVMValueRef an = gep(c, c->t_i32, ak, cg_i64(c, f->a_ks)), bn = gep(c, c->t_i32, bk, cg_i64(c, NR));
    LLVMBasicBlockRef latch = LLVMGetInsertBlock(c->b);
    LLVMAddIncoming(ak, &an, &latch, 1);
    LLVMAddIncoming(bk, &bn, &latch, 1);
    for (int r = 0; r < rows; r++)
      for (int v = 0; v < NV; v++)
        LLVMAddIncoming(phi[r][v], &acc[r][v], &latch, 1);
  }
  end_loop(c, &kl);
}

/* C[i0 .. i0+rows, j0 .. j0+cols): sums, stores, then the epilogue. */
static void block(Cg *c, const Bf *f, LLVMValueRef i0, int rows, LLVMValueRef j0, int64_t cols) {
  LLVMValueRef acc[MR][NV];
  for (int r = 0; r < rows; r++)
    for (int v = 0; v < NV; v++)
      acc[r][v] = LLVMConstNull(f->vf);
  k_loop(c, f, i0, rows, acc);
  for (int r = 0; r < rows; r++)
    for (int v = 0; v < NV && v * W < cols; v++) {
      LLVMValueRef idx = LLVMBuildNUWAdd(c->b, imul(c, iadd(c, i0, r), f->N), iadd(c, j0, v * W), "");
      int64_t n = cols - (int64_t)v * W;
      cg_vector_store(c, acc[r][v], gep(c, c->t_f32, f->out, idx),
                      n >= W ? NULL : cg_lane_mask(c, W, n), 4);
    }
  if (f->ep)
    f->ep->emit(c, f->ep->ctx, i0, rows, j0, cols);
}

/* ---- AMX blocks ---- */

static LLVMValueRef i16c(Cg *c, int64_t x) {
  return LLVMConstInt(LLVMInt16TypeInContext(c->ctx), (uint64_t)x, 0);
}

/* A tile of `rows` rows of `bytes` bytes from p, rows `stride` bytes apart. */
static LLVMValueRef tile_load(Cg *c, int64_t rows, int64_t bytes, LLVMValueRef p, int64_t stride) {
  LLVMValueRef args[4] = {i16c(c, rows), i16c(c, bytes), p, cg_i64(c, stride)};
  return x86(c, "llvm.x86.tileloadd64.internal", args, 4);
}

/* Tile (r, v) of a block: stored in place when whole, else through f->tile, of which the
 * existing m x n corner is copied out. */
static void tile_store(Cg *c, const Bf *f, LLVMValueRef i0, LLVMValueRef j0, int64_t m, int64_t n,
                       LLVMValueRef t) {
  LLVMValueRef dst = gep(c, c->t_f32, f->out, LLVMBuildNUWAdd(c->b, imul(c, i0, f->N), j0, ""));
  bool whole = m == TILE && n == TILE;
  LLVMValueRef a[5] = {i16c(c, TILE), i16c(c, TILE * 4), whole ? dst : f->tile,
                       cg_i64(c, whole ? f->N * 4 : TILE * 4), t};
  x86(c, "llvm.x86.tilestored64.internal", a, 5);
  for (int64_t r = 0; !whole && r < m; r++) {
    LLVMValueRef x = load16(c, f, gep(c, c->t_f32, f->tile, cg_i64(c, r * TILE)), n);
    cg_vector_store(c, x, gep(c, c->t_f32, dst, cg_i64(c, r * f->N)),
                    n >= W ? NULL : cg_lane_mask(c, W, n), 4);
  }
}

/* C[i0 .. i0+rows, j0 .. j0+cols) (rows <= 32, cols <= 32) as up to 2 x 2 tiles: per step
 * of 16 pairs, tdpbf16ps of an A tile (rows of packed A) and a B tile (rows of the panel).
 * Every tile is a whole 16 x 64 bytes (packed A has zero rows past M, the panel zero
 * columns past the edge): LLVM's tile register allocation failed on mixed shapes. */
static void amx_block(Cg *c, const Bf *f, LLVMValueRef i0, int rows, LLVMValueRef j0,
                      int64_t cols) {
  int nr = (rows + TILE - 1) / TILE, nc = (int)((cols + TILE - 1) / TILE);
  int64_t m[2], n[2];
  for (int r = 0; r < nr; r++)
    m[r] = rows - r * TILE < TILE ? rows - r * TILE : TILE;
  for (int v = 0; v < nc; v++)
    n[v] = cols - v * TILE < TILE ? cols - v * TILE : TILE;
  LLVMTypeRef tt = LLVMX86AMXTypeInContext(c->ctx);
  LLVMValueRef acc[2][2], phi[2][2];
  for (int r = 0; r < nr; r++)
    for (int v = 0; v < nc; v++) {
      LLVMValueRef a[2] = {i16c(c, TILE), i16c(c, TILE * 4)};
      acc[r][v] = x86(c, "llvm.x86.tilezero.internal", a, 2);
    }
  LLVMBasicBlockRef pre = LLVMGetInsertBlock(c->b);
  CgLoop kl;
  cg_loop_begin(c, &kl, f->KP / TILE);
  for (int r = 0; r < nr && kl.header; r++)
    for (int v = 0; v < nc; v++) {
      phi[r][v] = LLVMBuildPhi(c->b, tt, "tacc");
      LLVMAddIncoming(phi[r][v], &acc[r][v], &pre, 1);
      acc[r][v] = phi[r][v];
    }
  LLVMValueRef kk = imul(c, kl.iv, TILE), at[2];
  for (int r = 0; r < nr; r++) {
    LLVMValueRef idx = LLVMBuildNUWAdd(c->b, imul(c, iadd(c, i0, r * TILE), f->KP), kk, "");
    at[r] = tile_load(c, TILE, TILE * 4, gep(c, c->t_i32, f->ap, idx), f->KP * 4);
  }
  for (int v = 0; v < nc; v++) { /* one B tile at a time: 4 sums + 2 A + 1 B of 8 tiles */
    LLVMValueRef bt = tile_load(c, TILE, TILE * 4,
                                gep(c, c->t_i32, f->bp, iadd(c, imul(c, kk, NR), v * TILE)), NR * 4);
    for (int r = 0; r < nr; r++) {
      LLVMValueRef a[6] = {i16c(c, TILE), i16c(c, TILE * 4), i16c(c, TILE * 4), acc[r][v], at[r], bt};
      acc[r][v] = x86(c, "llvm.x86.tdpbf16ps.internal", a, 6);
    }
  }
  LLVMBasicBlockRef latch = LLVMGetInsertBlock(c->b);
  for (int r = 0; r < nr && kl.header; r++)
    for (int v = 0; v < nc; v++)
      LLVMAddIncoming(phi[r][v], &acc[r][v], &latch, 1);
  end_loop(c, &kl);
  for (int r = 0; r < nr; r++)
    for (int v = 0; v < nc; v++)
      tile_store(c, f, iadd(c, i0, r * TILE), iadd(c, j0, v * TILE), m[r], n[v], acc[r][v]);
  if (f->ep)
    f->ep->emit(c, f->ep->ctx, i0, rows, j0, cols);
}

static void any_block(Cg *c, const Bf *f, LLVMValueRef i0, int rows, LLVMValueRef j0,
                      int64_t cols) {
  if (f->amx)
    amx_block(c, f, i0, rows, j0, cols);
  else
    block(c, f, i0, rows, j0, cols);
}

static void panel(Cg *c, const Bf *f, LLVMValueRef j0, int64_t cols) {
  pack_b(c, f, j0, cols);
  if (f->ep && f->ep->panel)
    f->ep->panel(c, f->ep->ctx, j0, cols, false);
  int mr = f->amx ? AMX_MR : MR;
  int64_t nb = f->M / mr, rest = f->M % mr;
  if (nb > 0) {
    CgLoop il;
    cg_loop_begin(c, &il, nb);
    any_block(c, f, imul(c, il.iv, mr), mr, j0, cols);
    end_loop(c, &il);
  }
  if (rest > 0)
    any_block(c, f, cg_i64(c, nb * mr), (int)rest, j0, cols);
  if (f->ep && f->ep->panel)
    f->ep->panel(c, f->ep->ctx, j0, cols, true);
}

/* Panel p, when the task range holds it. */
static void panel_task(Cg *c, const Bf *f, LLVMValueRef p, int64_t cols) {
  if (!f->range) {
    panel(c, f, imul(c, p, NR), cols);
    return;
  }
  LLVMValueRef lo = imul(c, f->range->begin, f->per_task), hi = imul(c, f->range->end, f->per_task);
  LLVMValueRef in = LLVMBuildAnd(c->b, LLVMBuildICmp(c->b, LLVMIntSGE, p, lo, ""),
                                 LLVMBuildICmp(c->b, LLVMIntSLT, p, hi, ""), "");
  LLVMBasicBlockRef run = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "task");
  LLVMBasicBlockRef skip = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "task.end");
  LLVMBuildCondBr(c->b, in, run, skip);
  LLVMPositionBuilderAtEnd(c->b, run);
  panel(c, f, imul(c, p, NR), cols);
  LLVMBuildBr(c->b, skip);
  LLVMPositionBuilderAtEnd(c->b, skip);
}

static LLVMValueRef stack(Cg *c, int64_t n) {
  LLVMValueRef p = cg_alloca(c, LLVMArrayType2(c->t_i32, (uint64_t)n));
  LLVMSetAlignment(p, 64);
  return p;
}

static void blocked(Cg *c, Bf *f) {
  f->ap = stack(c, f->MP * f->KP);
  f->bp = stack(c, f->KP * NR);
  if (f->amx) { /* the pairs past KH and rows past M, which packing never writes, are zeros */
    f->tile = stack(c, TILE * TILE);
    LLVMValueRef zero = LLVMConstInt(LLVMInt8TypeInContext(c->ctx), 0, 0);
    LLVMBuildMemSet(c->b, f->ap, zero, cg_i64(c, f->MP * f->KP * 4), 64);
    LLVMBuildMemSet(c->b, f->bp, zero, cg_i64(c, f->KP * NR * 4), 64);
  }
  pack_a(c, f);
  int64_t np = f->N / NR, rest = f->N % NR;
  if (np > 0) {
    CgLoop jl;
    cg_loop_begin(c, &jl, np);
    panel_task(c, f, jl.iv, NR);
    end_loop(c, &jl);
  }
  if (rest > 0)
    panel_task(c, f, cg_i64(c, np), rest);
}

/* ---- the simple path ---- */

/* x rounded to bf16, as an f32 scalar (round_hi on a one-lane splat). */
static LLVMValueRef round_scalar(Cg *c, const Bf *f, LLVMValueRef x) {
  LLVMValueRef v = round_hi(c, f, cg_splat(c, x, W));
  return LLVMBuildExtractElement(c->b, LLVMBuildBitCast(c->b, v, f->vf, ""),
                                 LLVMConstInt(c->t_i32, 0, 0), "");
}

static LLVMValueRef elem(Cg *c, const Operand *o, LLVMValueRef r, int64_t rs, LLVMValueRef s,
                         int64_t ss) {
  if (!o->base)
    return o->konst;
  return cg_load(c, o, LLVMBuildNUWAdd(c->b, imul(c, r, rs), imul(c, s, ss), ""));
}

static void simple(Cg *c, const Bf *f, const Value *v, LLVMValueRef *args) {
  Operand a, b;
  cg_operand(c, &a, v->args[0], v->args[0]->shape, args[0]);
  cg_operand(c, &b, v->args[1], v->args[1]->shape, args[1]);
  LLVMValueRef acc = cg_alloca(c, c->t_f32);
  if (f->ep && f->ep->panel)
    f->ep->panel(c, f->ep->ctx, cg_i64(c, 0), f->N, false);
  CgLoop i, j, k;
  cg_loop_begin(c, &i, f->M);
  cg_loop_begin(c, &j, f->N);
  LLVMBuildStore(c->b, LLVMConstReal(c->t_f32, 0), acc);
  if (f->K > 0) {
    cg_loop_begin(c, &k, f->K);
    LLVMValueRef x = elem(c, &a, i.iv, f->ta ? 1 : f->K, k.iv, f->ta ? f->M : 1);
    LLVMValueRef y = elem(c, &b, k.iv, f->tb ? 1 : f->N, j.iv, f->tb ? f->K : 1);
    LLVMValueRef s = LLVMBuildLoad2(c->b, c->t_f32, acc, "");
    LLVMValueRef fa[3] = {round_scalar(c, f, x), round_scalar(c, f, y), s};
    LLVMBuildStore(c->b, cg_intrinsic(c, "llvm.fma", c->t_f32, fa, 3), acc);
    cg_loop_end(c, &k);
  }
  LLVMValueRef idx = LLVMBuildNUWAdd(c->b, imul(c, i.iv, f->N), j.iv, "");
  LLVMBuildStore(c->b, LLVMBuildLoad2(c->b, c->t_f32, acc, ""), gep(c, c->t_f32, f->out, idx));
  cg_loop_end(c, &j);
  if (f->ep)
    f->ep->emit(c, f->ep->ctx, i.iv, 1, cg_i64(c, 0), f->N);
  cg_loop_end(c, &i);
  if (f->ep && f->ep->panel)
    f->ep->panel(c, f->ep->ctx, cg_i64(c, 0), f->N, true);
}

/* ---- entry points ---- */

static void setup(Cg *c, const Value *v, Bf *f) {
  const Value *a = v->args[0];
  f->M = v->shape.dim[0];
  f->N = v->shape.dim[1];
  f->K = v->trans_a ? a->shape.dim[0] : a->shape.dim[1];
  f->KH = (f->K + 1) / 2;
  f->ta = v->trans_a;
  f->tb = v->trans_b;
  f->hw = host_has_bf16(c) && !emulate_forced();
  f->amx = use_amx(c);
  f->KP = f->amx ? (f->KH + TILE - 1) / TILE * TILE : f->KH;
  f->MP = f->amx ? (f->M + TILE - 1) / TILE * TILE : f->M;
  f->vf = LLVMVectorType(c->t_f32, W);
  f->vi = LLVMVectorType(c->t_i32, W);
}

static bool blockable(const Value *v, const Bf *f) {
  return v->args[0]->op != OP_CONST && v->args[1]->op != OP_CONST && f->K > 0 &&
         f->KP * NR * 4 <= MAX_PANEL && f->MP * f->KP * 4 <= MAX_A;
}

/* Panels per task when split into tasks (f->range); 0 when not split. */
static int64_t per_task(const Value *v, const Bf *f) {
  int64_t panels = (f->N + NR - 1) / NR;
  if (!blockable(v, f) || panels < 2 || f->M * f->N * f->K < TASK_MACS)
    return 0;
  return (panels + TASKS - 1) / TASKS;
}

int64_t cg_matmul_bf16_tasks(Cg *c, const Value *v) {
  Bf f;
  setup(c, v, &f);
  int64_t per = per_task(v, &f);
  return per ? ((f.N + NR - 1) / NR + per - 1) / per : 0;
}

void cg_emit_matmul_bf16(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                         const CgEpilogue *ep, const CgRange *range) {
  Bf f = {.out = out, .a = args[0], .b = args[1], .ep = ep, .range = range};
  setup(c, v, &f);
  f.per_task = per_task(v, &f);
  say_emulated(c);
  if (blockable(v, &f))
    blocked(c, &f);
  else
    simple(c, &f, v, args);
}
