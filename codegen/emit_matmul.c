/* emit_matmul.c — C[M,N] = op(A)[M,K] x op(B)[K,N], op = transpose when trans_a/trans_b.
 *
 * f32 and f64 use a register-blocked kernel written in vector IR, shaped by the static
 * sizes: C is cut into column panels of NR = nv*W columns (W lanes per vector: 16 f32 on
 * AVX-512, 8 on AVX2, 4 on NEON, 1 on Cortex-M4 for nnc build; nv = 2, or up to 8 when C
 * has only 1-3 rows) and each panel into blocks of MR rows (6 on AVX2, else 8). A block
 * keeps its MR x nv accumulators in loop phis; each step of k broadcasts MR elements of A
 * and multiplies them with nv vectors of row k of B (llvm.fmuladd: an FMA wherever the
 * target has one, a multiply and an add elsewhere, never a call to libm's fma), so the inner
 * loop is broadcast + FMA, like a hand-written BLAS kernel. Each C element still sums over k in order with the same roundings, so the
 * result does not depend on the blocking (nor on how blocks are shared out between threads).
 * Awkward widths (25, 15, 10, 1 columns) take a last panel of fewer vectors whose last one
 * is masked; rows left over after the MR-row blocks take one smaller block.
 *
 * Transposes are folded in, never materialised: A is only read as broadcast scalars, so
 * trans_a just changes its indexing. B is read as vectors along j: without trans_b a row of
 * B is contiguous and is loaded in place (masked at the panel's edge); with trans_b, or
 * from PACK_ROWS rows of C on, each panel is packed into a [K][NR] stack buffer
 * (zero-padded), which the blocks then read as aligned vectors (where B's rows lie far
 * apart, the panel's first block packs it as it multiplies). A panel that would exceed
 * MAX_PANEL bytes falls back to the simple loops below, as does i32. NNC_VECTOR_BYTES=32 or
 * 64 in the environment forces the AVX2 or the AVX-512 shapes on any host (for tests; LLVM
 * splits the wide vectors).
 *
 * The epilogue (cg.h) runs once per finished run of consecutive row blocks of a panel,
 * right after their stores: rows [i0, i0+rows) x columns [j0, j0+cols) hold final sums, the
 * runs tile C exactly and come in row order within a panel. A run is one block, or, when
 * the panel is all of C's width, as many blocks as make its rows fill whole cache lines. Its
 * panel hook brackets each column panel (the simple path is one panel of all columns).
 *
 * Threads: the column panels are the tasks (cg_matmul_tasks). A task packs its own panel of
 * B on its own stack, runs its blocks top to bottom and their epilogues; nothing is shared
 * between panels but the read-only A and B, so any split gives the same bits. A matmul of
 * fewer than MIN_TASKS panels whose epilogue has no panel hook also cuts each panel's rows
 * into chunks (a 2-D split, cut_of): a chunk's task packs the panel for itself and runs the
 * chunk's blocks, so a one-panel matmul (a last layer of 10 units) splits too.
 *
 * The simple path: an i-k-j loop nest with constant bounds (four rows of C share each row
 * of B), or for trans_b alone an i-j-k dot product whose accumulation carries `reassoc`.
 */
#include <stdlib.h>
#include <string.h>

#include "cg.h"

typedef struct {
  int64_t M, N, K;
  Operand a, b;                /* strides over the (i, k) and (k, j) loop pairs */
} Mm;

/* The length of the sums: columns of op(A). */
static int64_t depth(const Value *v) {
  return v->trans_a ? v->args[0]->shape.dim[0] : v->args[0]->shape.dim[1];
}

static void setup(Cg *c, const Value *v, LLVMValueRef *args, Mm *m) {
  const Value *a = v->args[0], *b = v->args[1];
  m->M = v->shape.dim[0];
  m->N = v->shape.dim[1];
  m->K = depth(v);
  cg_operand(c, &m->a, a, a->shape, args[0]);
  cg_operand(c, &m->b, b, b->shape, args[1]);
  if (a->op != OP_CONST) { /* A(i,k) */
    m->a.stride[0] = v->trans_a ? 1 : m->K;
    m->a.stride[1] = v->trans_a ? m->M : 1;
  }
  if (b->op != OP_CONST) { /* B(k,j) */
    m->b.stride[0] = v->trans_b ? 1 : m->N;
    m->b.stride[1] = v->trans_b ? m->K : 1;
  }
}

static LLVMValueRef mul(Cg *c, LLVMValueRef x, int64_t k) {
  if (k == 1)
    return x;
  LLVMValueRef r = LLVMBuildMul(c->b, x, cg_i64(c, k), "");
  if (!LLVMIsConstant(r)) {
    LLVMSetNUW(r, 1);
    LLVMSetNSW(r, 1);
  }
  return r;
}

static LLVMValueRef add(Cg *c, LLVMValueRef x, LLVMValueRef y) {
  LLVMValueRef r = LLVMBuildAdd(c->b, x, y, "");
  if (!LLVMIsConstant(r)) {
    LLVMSetNUW(r, 1);
    LLVMSetNSW(r, 1);
  }
  return r;
}

static LLVMValueRef at(Cg *c, const Operand *o, LLVMValueRef r, LLVMValueRef s) {
  if (!o->base)
    return o->konst;
  return cg_load(c, o, add(c, mul(c, r, o->stride[0]), mul(c, s, o->stride[1])));
}

/* ---- the simple path ---- */

static LLVMValueRef madd(Cg *c, DType t, LLVMValueRef x, LLVMValueRef y, LLVMValueRef acc) {
  if (t == DT_I32)
    return LLVMBuildAdd(c->b, LLVMBuildMul(c->b, x, y, ""), acc, "");
  LLVMValueRef args[3] = {x, y, acc};
  return cg_intrinsic(c, "llvm.fmuladd", LLVMTypeOf(x), args, 3);
}

enum { ROWS = 4 }; /* rows (ikj) or columns (ijk) of C computed together */

/* Rows first .. first + nblk*r - 1 of C, r rows at a time: for each k, r elements of A
 * scale one row of B into r rows of C, so B streams from memory once per r rows. */
static void ikj(Cg *c, const Value *v, LLVMValueRef out, const Mm *m, int r, int64_t first,
                int64_t nblk, const CgEpilogue *ep) {
  DType t = v->dtype;
  CgLoop i, k, j, z;
  LLVMValueRef row[ROWS], off[ROWS], a[ROWS];
  cg_loop_begin(c, &i, nblk);
  LLVMValueRef base = add(c, mul(c, i.iv, r), cg_i64(c, first));
  for (int q = 0; q < r; q++) {
    row[q] = add(c, base, cg_i64(c, q));
    off[q] = mul(c, row[q], m->N);
  }
  cg_loop_begin(c, &z, m->N);
  for (int q = 0; q < r; q++)
    cg_store(c, t, out, add(c, off[q], z.iv), cg_const(c, t, 0));
  cg_loop_end(c, &z);
  if (m->K > 0) {
    cg_loop_begin(c, &k, m->K);
    for (int q = 0; q < r; q++)
      a[q] = at(c, &m->a, row[q], k.iv);
    cg_loop_begin(c, &j, m->N);
    LLVMValueRef bkj = at(c, &m->b, k.iv, j.iv);
    Operand o = {.dt = t, .base = out};
    for (int q = 0; q < r; q++) {
      LLVMValueRef idx = add(c, off[q], j.iv);
      cg_store(c, t, out, idx, madd(c, t, a[q], bkj, cg_load(c, &o, idx)));
    }
    cg_loop_end(c, &j);
    cg_loop_end(c, &k);
  }
  if (ep)
    ep->emit(c, ep->ctx, row[0], r, cg_i64(c, 0), m->N);
  cg_loop_end(c, &i);
}

/* The panel hook of ep (if any) around the simple path's single panel. */
static void whole_panel(Cg *c, const Mm *m, const CgEpilogue *ep, bool end) {
  if (ep && ep->panel)
    ep->panel(c, ep->ctx, cg_i64(c, 0), m->N, end);
}

/* C[i,j] = sum_k A(i,k) B(k,j) for columns first .. first + nblk*r - 1, r columns at a
 * time: each A(i,k) loaded feeds r dot products, each kept in a register accumulator. */
static void ijk(Cg *c, const Value *v, LLVMValueRef out, const Mm *m, int r, int64_t first,
                int64_t nblk, const CgEpilogue *ep) {
  DType t = v->dtype;
  LLVMTypeRef ty = cg_type(c, t);
  LLVMValueRef acc[ROWS], col[ROWS];
  for (int q = 0; q < r; q++)
    acc[q] = cg_alloca(c, ty);
  CgLoop i, j, k;
  cg_loop_begin(c, &i, m->M);
  cg_loop_begin(c, &j, nblk);
  LLVMValueRef base = add(c, mul(c, j.iv, r), cg_i64(c, first));
  for (int q = 0; q < r; q++) {
    col[q] = add(c, base, cg_i64(c, q));
    LLVMBuildStore(c->b, cg_const(c, t, 0), acc[q]);
  }
  if (m->K > 0) {
    cg_loop_begin(c, &k, m->K);
    LLVMValueRef aik = at(c, &m->a, i.iv, k.iv);
    for (int q = 0; q < r; q++) {
      LLVMValueRef s = madd(c, t, aik, at(c, &m->b, k.iv, col[q]),
                            LLVMBuildLoad2(c->b, ty, acc[q], ""));
      if (t != DT_I32)
        LLVMSetFastMathFlags(s, LLVMFastMathAllowReassoc | LLVMFastMathAllowContract);
      LLVMBuildStore(c->b, s, acc[q]);
    }
    cg_loop_end(c, &k);
  }
  LLVMValueRef off = mul(c, i.iv, m->N);
  for (int q = 0; q < r; q++)
    cg_store(c, t, out, add(c, off, col[q]), LLVMBuildLoad2(c->b, ty, acc[q], ""));
  if (ep)
    ep->emit(c, ep->ctx, i.iv, 1, col[0], r);
  cg_loop_end(c, &j);
  cg_loop_end(c, &i);
}

static void simple(Cg *c, const Value *v, LLVMValueRef out, const Mm *m, const CgEpilogue *ep) {
  c->loop_vectorize = true;
  whole_panel(c, m, ep, false);
  if (v->trans_b && !v->trans_a) {
    int64_t nblk = m->N / ROWS, nrest = m->N % ROWS;
    if (nblk > 0)
      ijk(c, v, out, m, ROWS, 0, nblk, ep);
    if (nrest > 0)
      ijk(c, v, out, m, 1, nblk * ROWS, nrest, ep);
  } else {
    int64_t blocks = m->M / ROWS, rest = m->M % ROWS;
    if (blocks > 0)
      ikj(c, v, out, m, ROWS, 0, blocks, ep);
    if (rest > 0)
      ikj(c, v, out, m, 1, blocks * ROWS, rest, ep);
  }
  whole_panel(c, m, ep, true);
}

/* ---- the register-blocked path ---- */

enum {
  MAX_MR = 8, MAX_NV = 8,      /* largest block: MAX_MR rows x MAX_NV vectors */
  MAX_PANEL = 256 << 10,       /* bytes of one packed panel of B on the stack */
  PACK_ROWS = 64,              /* without trans_b, B is packed from this many rows of C on */
  FAR_ROW_BYTES = 1024,        /* rows of B this far apart are prefetched and packed by the
                                  first block (prefetch_next_rows) */
  MAX_RUN = 64,                /* rows of C one epilogue call may cover (blocks_per_epilogue) */
  PREFETCH_K = 24,             /* steps of k ahead that a strided A is prefetched */
  ELEMENT_MACS = 64,           /* an element of C costs at least this many multiply-adds of
                                  work (its store, its epilogue), however short K is */
  TASK_MACS = 1 << 22,         /* fewer multiply-adds than this (~25 us) run whole: waking a
                                  sleeping worker takes tens of microseconds in these VMs, and
                                  a late worker that claims the last panel makes the caller
                                  wait for it (task M's 3.2M-MAC matmuls ran 1.5x slower split) */
  MIN_TASKS = 4,               /* a split kernel with fewer column panels than this cuts them
                                  into row chunks too (cut_of): two threads and a spare task,
                                  so a preempted thread holds up less */
};

typedef struct {
  Mm m;
  DType t;
  int w;                       /* lanes per vector */
  int mr, nv;                  /* a full block: mr rows x nv vectors of w columns */
  int64_t nr;                  /* columns per panel: nv * w */
  unsigned esize;              /* bytes per element */
  LLVMTypeRef ety, vty;
  LLVMValueRef out;
  LLVMValueRef panel;          /* [K][nr] packed B, or NULL: B read in place */
  bool trans_b;
  const CgEpilogue *ep;
  const CgRange *range;        /* the tasks to run, or NULL for all */
  int64_t panels, chunks, chunk_rows; /* the tasks: each panel's rows cut into chunks of
                                  chunk_rows (the last may have fewer); task = chunk x panels
                                  + panel */
  LLVMValueRef row0;           /* the panel's first row: its chunk's */
  int64_t nrows;               /* rows of the chunk */
} Blk;

/* Vector width and block shape for v's dtype on c's target. */
static void shape_for_target(Cg *c, Blk *k, const Value *v) {
  k->t = v->dtype;
  k->esize = (unsigned)ir_dtype_size(k->t);
  k->w = (int)cg_lanes(c, (int)k->esize);
  /* accumulators: 12 of AVX2's 16 ymm; 16 of the 32 registers of AVX-512, NEON and VFPv4 */
  int accumulators = k->w * (int)k->esize == 32 ? 12 : 16;
  k->mr = accumulators / 2;
  k->nv = 2;
  /* Fewer rows than a block (predict at batch 1 or 2) would leave most accumulators unused
   * and each FMA waiting on the one before it in its chain: widen the panel instead, so the
   * block still keeps enough FMAs in flight and reads longer runs of each row of B. Only
   * where B is read in place: a packed panel of that width would cost what it saves. */
  int64_t M = v->shape.dim[0];
  if (M > 0 && M < k->mr / 2 && !v->trans_b) {
    int64_t wide = accumulators / M, need = (v->shape.dim[1] + k->w - 1) / k->w;
    wide = wide < need ? wide : need;
    k->nv = (int)(wide > MAX_NV ? MAX_NV : wide < 2 ? 2 : wide);
  }
  k->nr = (int64_t)k->nv * k->w;
  k->ety = cg_type(c, k->t);
  k->vty = LLVMVectorType(k->ety, (unsigned)k->w);
}

static LLVMValueRef elem_ptr(Cg *c, const Blk *k, LLVMValueRef base, LLVMValueRef idx) {
  return LLVMBuildInBoundsGEP2(c->b, k->ety, base, &idx, 1, "");
}

/* The lanes of a vector of which only the first n exist: NULL when all do. */
static LLVMValueRef first_lanes(Cg *c, const Blk *k, int64_t n) {
  return n >= k->w ? NULL : cg_lane_mask(c, (unsigned)k->w, n);
}

/* The vector at base[idx .. idx+w), of which only the first n lanes exist (the rest 0). */
static LLVMValueRef vload(Cg *c, const Blk *k, LLVMValueRef base, LLVMValueRef idx,
                          int64_t n, unsigned align) {
  return cg_vector_load(c, k->vty, elem_ptr(c, k, base, idx), first_lanes(c, k, n), align);
}

/* Stores the first n lanes of x at base[idx ..). */
static void vstore(Cg *c, const Blk *k, LLVMValueRef base, LLVMValueRef idx, int64_t n,
                   LLVMValueRef x) {
  cg_vector_store(c, x, elem_ptr(c, k, base, idx), first_lanes(c, k, n), k->esize);
}

/* Ends a loop whose body is already vector code: no unrolling, no loop vectorizer. */
static void loop_end(Cg *c, CgLoop *l) {
  l->vector = true;
  cg_loop_end(c, l);
}

/* Vector v of a row of B as stored without trans_b, from bk = &B[kk][j0] (lanes past cols
 * are 0). */
static LLVMValueRef b_direct(Cg *c, const Blk *k, LLVMValueRef bk, int v, int64_t cols) {
  return vload(c, k, bk, cg_i64(c, (int64_t)v * k->w), cols - (int64_t)v * k->w, k->esize);
}

/* Vector v of row kk of B in panel j0 (cols columns exist), from bk = the row's start in B
 * or in the packed panel. */
static LLVMValueRef b_row(Cg *c, const Blk *k, LLVMValueRef bk, int v, int64_t cols) {
  const Mm *m = &k->m;
  if (!m->b.base)
    return cg_splat(c, m->b.konst, (unsigned)k->w);
  if (!k->panel)
    return b_direct(c, k, bk, v, cols);
  return vload(c, k, bk, cg_i64(c, (int64_t)v * k->w), k->w, k->esize * (unsigned)k->w);
}

/* A(i0+r, kk) in every lane, from ak = &A(i0, kk). */
static LLVMValueRef a_bcast(Cg *c, const Blk *k, LLVMValueRef ak, int r) {
  const Operand *a = &k->m.a;
  if (!a->base)
    return cg_splat(c, a->konst, (unsigned)k->w);
  Operand o = {.dt = a->dt, .base = ak};
  return cg_splat(c, cg_load(c, &o, cg_i64(c, r * a->stride[0])), (unsigned)k->w);
}

/* &base[idx], or NULL for a constant operand. */
static LLVMValueRef offset(Cg *c, const Blk *k, LLVMValueRef base, LLVMValueRef idx) {
  return base ? elem_ptr(c, k, base, idx) : NULL;
}

static LLVMValueRef fma3(Cg *c, const Blk *k, LLVMValueRef a, LLVMValueRef b, LLVMValueRef s) {
  LLVMValueRef args[3] = {a, b, s};
  return cg_intrinsic(c, "llvm.fmuladd", k->vty, args, 3);
}

/* A pointer that starts at `start` before loop l and moves (walk_on) a fixed number of
 * elements per step: a phi; start itself when l is not a loop, or for a constant's NULL. */
static LLVMValueRef walker(Cg *c, const CgLoop *l, LLVMValueRef start, LLVMBasicBlockRef pre) {
  if (!l->header || !start)
    return start;
  LLVMValueRef p = LLVMBuildPhi(c->b, c->t_ptr, "walk");
  LLVMAddIncoming(p, &start, &pre, 1);
  return p;
}

static void walk_on(Cg *c, const Blk *k, const CgLoop *l, LLVMValueRef p, int64_t step) {
  if (!l->header || !p)
    return;
  LLVMValueRef next = elem_ptr(c, k, p, cg_i64(c, step));
  LLVMBasicBlockRef latch = LLVMGetInsertBlock(c->b);
  LLVMAddIncoming(p, &next, &latch, 1);
}

/* With trans_a a step of k moves A to new cache lines (M elements on), several KB apart, which
 * the blocks of a panel walk anew: ask for the lines of step k + PREFETCH_K now (the first
 * and last row's, from ak = &A(i0, k)). A prefetch never faults, so steps past K are fine. */
static void prefetch_to(Cg *c, const Blk *k, LLVMValueRef p, int64_t off, int locality) {
  LLVMValueRef idx = cg_i64(c, off);
  LLVMValueRef args[4] = {LLVMBuildGEP2(c->b, k->ety, p, &idx, 1, ""), /* may pass the end */
                          LLVMConstInt(c->t_i32, 0, 0),
                          LLVMConstInt(c->t_i32, (unsigned)locality, 0),
                          LLVMConstInt(c->t_i32, 1, 0)};
  cg_intrinsic(c, "llvm.prefetch", c->t_ptr, args, 4);
}

static void prefetch(Cg *c, const Blk *k, LLVMValueRef p, int64_t off) {
  prefetch_to(c, k, p, off, 3);
}

static void prefetch_a(Cg *c, const Blk *k, LLVMValueRef ak, int rows) {
  const Operand *a = &k->m.a;
  if (!a->base || a->stride[1] * (int64_t)k->esize < 64)
    return;
  int64_t first = PREFETCH_K * a->stride[1], last = first + (rows - 1) * a->stride[0];
  prefetch(c, k, ak, first);
  if ((last - first) * (int64_t)k->esize >= 64 / 2) /* else one line, or two half used */
    prefetch(c, k, ak, last);
}

/* acc[r][v] += A(i0+r, k) B(k, j0 + v*w ..) over k = 0..K-1, the sums carried in phis.
 * The addresses in A and in B are pointers stepped once per k (the loads are at constant
 * offsets from them), as loop strength reduction would have rewritten them. */
static void k_loop(Cg *c, const Blk *k, LLVMValueRef i0, int rows, LLVMValueRef j0,
                   int64_t cols, int nv, bool packs, LLVMValueRef (*acc)[MAX_NV]) {
  LLVMValueRef ai = offset(c, k, k->m.a.base, mul(c, i0, k->m.a.stride[0]));
  bool in_place = !k->panel || packs;
  LLVMValueRef bj = in_place ? offset(c, k, k->m.b.base, j0) : k->panel;
  LLVMBasicBlockRef pre = LLVMGetInsertBlock(c->b);
  CgLoop kl;
  cg_loop_begin(c, &kl, k->m.K);
  LLVMValueRef phi[MAX_MR][MAX_NV];
  for (int r = 0; r < rows && kl.header; r++)
    for (int v = 0; v < nv; v++) {
      phi[r][v] = LLVMBuildPhi(c->b, k->vty, "acc");
      LLVMAddIncoming(phi[r][v], &acc[r][v], &pre, 1);
      acc[r][v] = phi[r][v];
    }
  LLVMValueRef ak = walker(c, &kl, ai, pre), bk = walker(c, &kl, bj, pre);
  LLVMValueRef pk = packs ? walker(c, &kl, k->panel, pre) : NULL;
  if (kl.header)
    prefetch_a(c, k, ak, rows);
  LLVMValueRef b[MAX_NV];
  for (int v = 0; v < nv; v++)
    b[v] = packs ? b_direct(c, k, bk, v, cols) : b_row(c, k, bk, v, cols);
  for (int v = 0; packs && v < k->nv; v++) {
    LLVMValueRef x = v < nv ? b[v] : LLVMConstNull(k->vty);
    LLVMSetAlignment(LLVMBuildStore(c->b, x, elem_ptr(c, k, pk, cg_i64(c, (int64_t)v * k->w))),
                     k->esize * (unsigned)k->w);
  }
  for (int r = 0; r < rows; r++) {
    LLVMValueRef a = a_bcast(c, k, ak, r);
    for (int v = 0; v < nv; v++)
      acc[r][v] = fma3(c, k, a, b[v], acc[r][v]);
  }
  walk_on(c, k, &kl, ak, k->m.a.stride[1]);
  walk_on(c, k, &kl, bk, in_place ? k->m.N : k->nr);
  walk_on(c, k, &kl, pk, k->nr);
  LLVMBasicBlockRef latch = LLVMGetInsertBlock(c->b);
  for (int r = 0; r < rows && kl.header; r++)
    for (int v = 0; v < nv; v++)
      LLVMAddIncoming(phi[r][v], &acc[r][v], &latch, 1);
  loop_end(c, &kl);
}

/* The block C[i0 .. i0+rows, j0 .. j0+cols): sums and stores (panel() runs the epilogue). */
static void block(Cg *c, const Blk *k, LLVMValueRef i0, int rows, LLVMValueRef j0,
                  int64_t cols, bool packs) {
  int nv = (int)((cols + k->w - 1) / k->w);
  LLVMValueRef acc[MAX_MR][MAX_NV], row[MAX_MR];
  for (int r = 0; r < rows; r++) {
    row[r] = add(c, i0, cg_i64(c, r));
    for (int v = 0; v < nv; v++)
      acc[r][v] = LLVMConstNull(k->vty);
  }
  if (k->m.K > 0)
    k_loop(c, k, i0, rows, j0, cols, nv, packs, acc);
  for (int r = 0; r < rows; r++)
    for (int v = 0; v < nv; v++) {
      LLVMValueRef idx = add(c, add(c, mul(c, row[r], k->m.N), j0),
                             cg_i64(c, (int64_t)v * k->w));
      vstore(c, k, k->out, idx, cols - (int64_t)v * k->w, acc[r][v]);
    }
}

/* With trans_b, panel rows kk0 .. kk0+w from the stored B^T, whose row j holds
 * B(kk, j) for consecutive kk: for each w x w tile of the panel, w rows of B^T (row j0+jt+l
 * from kk0 on, or 0 past cols) are loaded as vectors, transposed in registers and stored
 * as the panel's rows. Each line of B^T is read whole, once. A masked gather per panel
 * row read lines K elements apart instead, 16 or 32 of them in one L1 set, and cost task
 * L's input gradient a quarter of its time. */
static void transposed_rows(Cg *c, const Blk *k, LLVMValueRef j0, int64_t cols,
                            LLVMValueRef kk0) {
  const Operand *b = &k->m.b;
  for (int64_t jt = 0; jt < k->nr; jt += k->w) {
    LLVMValueRef row[64];
    for (int l = 0; l < k->w; l++) {
      LLVMValueRef j = add(c, j0, cg_i64(c, jt + l));
      LLVMValueRef at = add(c, mul(c, j, b->stride[1]), kk0);
      row[l] = jt + l < cols ? vload(c, k, b->base, at, k->w, k->esize) : LLVMConstNull(k->vty);
    }
    cg_transpose_vectors(c, row, (unsigned)k->w);
    for (int64_t q = 0; q < k->w; q++) {
      LLVMValueRef at = add(c, mul(c, add(c, kk0, cg_i64(c, q)), k->nr), cg_i64(c, jt));
      LLVMSetAlignment(LLVMBuildStore(c->b, row[q], elem_ptr(c, k, k->panel, at)),
                       k->esize * (unsigned)k->w);
    }
  }
}

/* Panel rows kk0 .. kk0+n (n < w: the last K % w) from the stored B^T, one per step of a
 * loop: lane l of the row's vector v is B^T(j0 + v*w + l, kk), a scalar load inserted into
 * the vector (0 past cols). A register transpose of these rows would take a whole tile of
 * shuffles, and LLVM's instruction selection spends some 3 ms compiling each 16 x 16 tile:
 * most of a small model's compile, where K is under a vector's lanes (bench/DECISIONS.md).
 * Masked gathers compiled as fast but ran slower. */
static void inserted_rows(Cg *c, const Blk *k, LLVMValueRef j0, int64_t cols, int64_t kk0,
                          int64_t n) {
  const Operand *b = &k->m.b;
  CgLoop ql;
  cg_loop_begin(c, &ql, n);
  LLVMValueRef kk = add(c, ql.iv, cg_i64(c, kk0));
  LLVMValueRef bk = elem_ptr(c, k, b->base, add(c, mul(c, j0, b->stride[1]), kk));
  for (int v = 0; v < k->nv; v++) {
    LLVMValueRef x = LLVMConstNull(k->vty);
    for (int l = 0; l < k->w && (int64_t)v * k->w + l < cols; l++) {
      LLVMValueRef p = elem_ptr(c, k, bk, cg_i64(c, ((int64_t)v * k->w + l) * b->stride[1]));
      LLVMValueRef e = LLVMBuildLoad2(c->b, k->ety, p, "");
      LLVMSetAlignment(e, k->esize);
      x = LLVMBuildInsertElement(c->b, x, e, LLVMConstInt(c->t_i32, (unsigned)l, 0), "");
    }
    LLVMValueRef at = add(c, mul(c, kk, k->nr), cg_i64(c, (int64_t)v * k->w));
    LLVMSetAlignment(LLVMBuildStore(c->b, x, elem_ptr(c, k, k->panel, at)),
                     k->esize * (unsigned)k->w);
  }
  loop_end(c, &ql);
}

/* The whole panel from B^T (whose rows are contiguous: stride[0] is 1 with trans_b), w rows
 * of the panel at a time, then the rest one at a time. */
static void pack_transposed(Cg *c, const Blk *k, LLVMValueRef j0, int64_t cols) {
  int64_t full = k->m.K / k->w, rest = k->m.K % k->w;
  if (full > 0) {
    CgLoop kl;
    cg_loop_begin(c, &kl, full);
    transposed_rows(c, k, j0, cols, mul(c, kl.iv, k->w));
    loop_end(c, &kl);
  }
  if (rest > 0)
    inserted_rows(c, k, j0, cols, full * k->w, rest);
}

/* panel[kk][jj] = B(kk, j0+jj) for jj < cols, 0 for cols <= jj < nr. With trans_b the
 * panel is B^T's tiles transposed (pack_transposed); without, each row of the panel is a
 * contiguous run, copied as vectors (its lines were prefetched while the panel before was
 * multiplied: prefetch_next_rows). */
static void pack(Cg *c, const Blk *k, LLVMValueRef j0, int64_t cols) {
  if (!k->trans_b) {
    CgLoop kl;
    LLVMValueRef bj = offset(c, k, k->m.b.base, j0);
    cg_loop_begin(c, &kl, k->m.K);
    LLVMValueRef bk = offset(c, k, bj, mul(c, kl.iv, k->m.N));
    for (int v = 0; v < k->nv; v++) {
      LLVMValueRef x = v * k->w < cols ? b_direct(c, k, bk, v, cols) : LLVMConstNull(k->vty);
      LLVMValueRef idx = add(c, mul(c, kl.iv, k->nr), cg_i64(c, (int64_t)v * k->w));
      LLVMSetAlignment(LLVMBuildStore(c->b, x, elem_ptr(c, k, k->panel, idx)),
                       k->esize * (unsigned)k->w);
    }
    loop_end(c, &kl);
    return;
  }
  pack_transposed(c, k, j0, cols);
}

static int64_t gcd(int64_t a, int64_t b) {
  while (b) {
    int64_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/* Row blocks per epilogue call. A panel that spans all of C's columns leaves each run of
 * rows contiguous in every buffer the epilogue walks (emit_fused.c merges its loops into
 * one), so runs are made of whole blocks whose rows fill whole 64-byte lines: each call then
 * starts on a line and its vectors split none. S1's Adam update of the [784, 25] kernel
 * took 8-row runs (every other one 32 bytes off a line) at 1.4x the time of 16-row runs. */
static int64_t line_blocks(const Blk *k, int64_t cols) {
  if (cols != k->m.N)
    return 1;
  int64_t line = 64 / gcd(cols * k->esize, 64);  /* rows that fill whole lines */
  int64_t run = k->mr / gcd(k->mr, line) * line; /* lcm(mr, line) */
  return run <= MAX_RUN ? run / k->mr : 1;
}

static int64_t blocks_per_epilogue(const Blk *k, int64_t cols) {
  return k->ep ? line_blocks(k, cols) : 1;
}

/* After block b (from 0) of nb: the epilogue of the run it completes, if it completes one. */
static void run_epilogue(Cg *c, const Blk *k, LLVMValueRef b, int64_t per, LLVMValueRef j0,
                         int64_t cols) {
  if (per == 1) {
    k->ep->emit(c, k->ep->ctx, add(c, k->row0, mul(c, b, k->mr)), k->mr, j0, cols);
    return;
  }
  LLVMValueRef next = add(c, b, cg_i64(c, 1));
  LLVMValueRef done = LLVMBuildICmp(c->b, LLVMIntEQ, LLVMBuildURem(c->b, next, cg_i64(c, per), ""),
                                    cg_i64(c, 0), "");
  LLVMBasicBlockRef ep = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "run.ep");
  LLVMBasicBlockRef after = LLVMAppendBasicBlockInContext(c->ctx, c->fn, "run.next");
  LLVMBuildCondBr(c->b, done, ep, after);
  LLVMPositionBuilderAtEnd(c->b, ep);
  LLVMValueRef i0 = add(c, k->row0, mul(c, LLVMBuildSub(c->b, next, cg_i64(c, per), ""), k->mr));
  k->ep->emit(c, k->ep->ctx, i0, per * k->mr, j0, cols);
  LLVMBuildBr(c->b, after);
  LLVMPositionBuilderAtEnd(c->b, after);
}

/* Without trans_b the rows of a panel of B lie N elements apart, a page apart for N = 1024,
 * where the hardware's prefetchers do not follow: a pack that read them from L3 or memory
 * cost task L's forward matmuls some 7% of their time. Where they lie FAR_ROW_BYTES apart or
 * more, block b of a panel's nb prefetches into L2 its share of the next panel's rows,
 * ceil(K / nb) from row b times that, so the loads are spread over the multiplying, where
 * the core has load slots to spare; and the panel's first block reads its rows of B in
 * place and packs them as it goes, so no loop waits on them alone (bench/DECISIONS.md). The
 * last panel prefetches lines past its columns, which costs a few loads and never faults. */
static bool far_rows(const Blk *k) {
  return k->panel && !k->trans_b && k->m.N * (int64_t)k->esize >= FAR_ROW_BYTES;
}

/* With trans_b the next panel is nr rows of B^T, one contiguous run of nr*K elements:
 * block b prefetches its share of the run's lines. */
static void prefetch_next_run(Cg *c, const Blk *k, LLVMValueRef j0, LLVMValueRef b,
                              int64_t nb) {
  int64_t line = 64 / k->esize, lines = (k->nr * k->m.K + line - 1) / line;
  int64_t share = (lines + nb - 1) / nb;
  LLVMValueRef first = add(c, mul(c, add(c, j0, cg_i64(c, k->nr)), k->m.K),
                           mul(c, b, share * line));
  CgLoop ql;
  cg_loop_begin(c, &ql, share);
  prefetch_to(c, k, offset(c, k, k->m.b.base, add(c, first, mul(c, ql.iv, line))), 0, 2);
  loop_end(c, &ql);
}

static void prefetch_next_rows(Cg *c, const Blk *k, LLVMValueRef j0, LLVMValueRef b,
                               int64_t nb) {
  if (k->panel && k->trans_b)
    prefetch_next_run(c, k, j0, b, nb);
  if (!far_rows(k))
    return;
  int64_t share = (k->m.K + nb - 1) / nb;
  LLVMValueRef first = mul(c, b, share);
  CgLoop ql;
  cg_loop_begin(c, &ql, share);
  LLVMValueRef row = add(c, first, ql.iv), next = add(c, j0, cg_i64(c, k->nr));
  LLVMValueRef bk = offset(c, k, k->m.b.base, add(c, mul(c, row, k->m.N), next));
  for (int v = 0; v < k->nv; v++)
    prefetch_to(c, k, bk, (int64_t)v * k->w, 2);
  loop_end(c, &ql);
}

/* Row block b of the panel's nb (packing the panel as it goes when `packs`), and the
 * epilogue of the run it completes. */
static void row_block(Cg *c, const Blk *k, LLVMValueRef b, int64_t nb, int64_t per,
                      LLVMValueRef j0, int64_t cols, bool packs) {
  prefetch_next_rows(c, k, j0, b, nb);
  block(c, k, add(c, k->row0, mul(c, b, k->mr)), k->mr, j0, cols, packs);
  if (k->ep && nb >= per)
    run_epilogue(c, k, b, per, j0, cols);
}

/* All row blocks of the panel of columns [j0, j0+cols), then (or along the way, every
 * `per` blocks) the epilogue over the rows finished, in row order. */
static void panel(Cg *c, const Blk *k, LLVMValueRef j0, int64_t cols) {
  int64_t nb = k->nrows / k->mr, rest = k->nrows % k->mr, per = blocks_per_epilogue(k, cols);
  bool fused = far_rows(k) && nb > 0;
  if (k->panel && !fused)
    pack(c, k, j0, cols);
  if (k->ep && k->ep->panel)
    k->ep->panel(c, k->ep->ctx, j0, cols, false);
  if (fused)
    row_block(c, k, cg_i64(c, 0), nb, per, j0, cols, true);
  if (nb > (int64_t)fused) {
    CgLoop il;
    cg_loop_begin(c, &il, nb - (int64_t)fused);
    row_block(c, k, add(c, il.iv, cg_i64(c, (int64_t)fused)), nb, per, j0, cols, false);
    loop_end(c, &il);
  }
  if (rest > 0)
    block(c, k, add(c, k->row0, cg_i64(c, nb * k->mr)), (int)rest, j0, cols, false);
  int64_t done = nb >= per ? nb / per * per * k->mr : 0; /* rows whose epilogue has run */
  if (k->ep && k->nrows > done)
    k->ep->emit(c, k->ep->ctx, add(c, k->row0, cg_i64(c, done)), k->nrows - done, j0, cols);
  if (k->ep && k->ep->panel)
    k->ep->panel(c, k->ep->ctx, j0, cols, true);
}

/* Panel p of `cols` columns in the current chunk, only if its task (task id t) is in the
 * task range; the loops over chunks and panels keep their constant trip counts and skip the
 * others. */
static void panel_task(Cg *c, const Blk *k, LLVMValueRef t, LLVMValueRef p, int64_t cols) {
  if (!k->range) {
    panel(c, k, mul(c, p, k->nr), cols);
    return;
  }
  LLVMBasicBlockRef after = cg_if_task(c, k->range, t);
  panel(c, k, mul(c, p, k->nr), cols);
  cg_if_end(c, after);
}

/* Every panel of the chunk `ch` (an i64 value), whose rows k->row0 and k->nrows are set. */
static void chunk(Cg *c, const Blk *k, LLVMValueRef ch) {
  int64_t np = k->m.N / k->nr, rest = k->m.N % k->nr;
  LLVMValueRef first = mul(c, ch, k->panels); /* the chunk's first task */
  if (np > 0) {
    CgLoop jl;
    cg_loop_begin(c, &jl, np);
    panel_task(c, k, add(c, first, jl.iv), jl.iv, k->nr);
    loop_end(c, &jl);
  }
  if (rest > 0)
    panel_task(c, k, add(c, first, cg_i64(c, np)), cg_i64(c, np), rest);
}

/* The chunks of rows in order: those of chunk_rows in a loop, then a shorter last one. */
static void blocked(Cg *c, Blk *k) {
  int64_t full = k->m.M / k->chunk_rows, last = k->m.M % k->chunk_rows;
  if (full > 0) {
    CgLoop cl;
    cg_loop_begin(c, &cl, full);
    k->row0 = mul(c, cl.iv, k->chunk_rows);
    k->nrows = k->chunk_rows;
    chunk(c, k, cl.iv);
    loop_end(c, &cl);
  }
  if (last > 0) {
    k->row0 = cg_i64(c, full * k->chunk_rows);
    k->nrows = last;
    chunk(c, k, cg_i64(c, full));
  }
}

/* Whether v takes the register-blocked path (k shaped for the host), not the simple one. */
static bool blockable(Cg *c, const Value *v, Blk *k) {
  if (v->dtype == DT_I32)
    return false;
  shape_for_target(c, k, v);
  bool big = depth(v) * k->nr * (int64_t)k->esize > MAX_PANEL;
  return !(v->trans_b && big && v->args[1]->op != OP_CONST);
}

/* How C is cut into tasks (k->panels, chunks, chunk_rows; one chunk of all rows when it is
 * not split by rows), and the number of tasks (0: run whole). The column panels are tasks
 * when there are two or more; with fewer than MIN_TASKS panels and by_rows (the epilogue
 * has no panel hook, which would see a panel's rows in one task), each panel's rows are cut
 * into chunks too: a 2-D split, so a matmul of one panel (a last layer of 10 units) splits.
 * A chunk's rows are whole epilogue runs (line_blocks), so its runs start where they would
 * in one task. Each element is still summed by one block over all of k, so any split gives
 * the same bits. */
static int64_t cut_of(Blk *k, bool by_rows) {
  int64_t M = k->m.M, N = k->m.N, K = k->m.K > ELEMENT_MACS ? k->m.K : ELEMENT_MACS;
  k->panels = (N + k->nr - 1) / k->nr;
  k->chunks = 1;
  k->chunk_rows = M > 0 ? M : 1;
  /* A few rows of C cost what reading B costs, not their multiply-adds: count a block's;
   * and a panel's masked columns cost what the others do: count whole panels. */
  int64_t cost_rows = M > k->mr ? M : k->mr;
  if (cost_rows * k->panels * k->nr * K < TASK_MACS)
    return 0;
  if (by_rows && k->panels < MIN_TASKS) {
    int64_t unit = k->mr * line_blocks(k, k->panels == 1 ? N : k->nr);
    int64_t want = (MIN_TASKS + k->panels - 1) / k->panels;
    int64_t rows = (M + want - 1) / want;
    rows = (rows + unit - 1) / unit * unit;
    k->chunk_rows = rows < M ? rows : M;
    k->chunks = (M + k->chunk_rows - 1) / k->chunk_rows;
  }
  int64_t tasks = k->panels * k->chunks;
  if (tasks < 2) {
    k->chunks = 1;
    k->chunk_rows = M;
    return 0;
  }
  return tasks;
}

int64_t cg_matmul_tasks(Cg *c, const Value *v, bool by_rows) {
  if (v->op == OP_MATMUL && v->bf16)
    return cg_matmul_bf16_tasks(c, v);
  Blk k = {0};
  if (v->op != OP_MATMUL || !blockable(c, v, &k))
    return 0;
  k.m.M = v->shape.dim[0];
  k.m.N = v->shape.dim[1];
  k.m.K = depth(v);
  return cut_of(&k, by_rows);
}

void cg_emit_matmul(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                    const CgEpilogue *ep, const CgRange *range) {
  if (v->bf16) {
    cg_emit_matmul_bf16(c, v, out, args, ep, range);
    return;
  }
  Blk k = {.out = out, .ep = ep, .range = range};
  setup(c, v, args, &k.m);
  if (!blockable(c, v, &k)) {
    simple(c, v, out, &k.m, ep);
    return;
  }
  k.trans_b = v->trans_b;
  bool big = k.m.K * k.nr * (int64_t)k.esize > MAX_PANEL;
  if (k.m.b.base && k.m.K > 0 && !big && (v->trans_b || k.m.M >= PACK_ROWS)) {
    k.panel = cg_alloca(c, LLVMArrayType2(k.ety, (uint64_t)(k.m.K * k.nr)));
    LLVMSetAlignment(k.panel, 64);
  }
  if (cut_of(&k, !(ep && ep->panel)) == 0 || !range) { /* whole: one chunk of all rows */
    k.chunks = 1;
    k.chunk_rows = k.m.M;
  }
  blocked(c, &k);
}

void cg_kernel_matmul(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                      const CgRange *range) {
  cg_emit_matmul(c, v, out, args, NULL, range);
}
