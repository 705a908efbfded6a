/* emit_matmul.c — C[M,N] = op(A)[M,K] x op(B)[K,N], op = transpose when trans_a/trans_b.
 *
 * The lowering is an i-k-j loop nest with constant bounds: the innermost j loop walks rows
 * of C and (without trans_b) a row of B at unit stride, so LLVM vectorizes it with FMA
 * (llvm.fmuladd) and no runtime alias checks. Four rows of C share each row of B, which
 * cuts B's memory traffic by four once B outgrows the cache. Each C element still sums
 * over k in order, as the reference does. Operands are read through strides, so a
 * transpose costs only locality. With trans_b alone the j loop would stride through B, so
 * that case is an i-j-k dot product (unit stride in A and B, four columns of C per load of
 * A) whose accumulation carries `reassoc`, letting LLVM vectorize it into partial sums: a
 * different summation order, the same rounding bound. A register-blocked kernel can
 * replace either behind cg_emit_matmul.
 */
#include "cg.h"

typedef struct {
  int64_t M, N, K;
  Operand a, b;                /* strides over the (i, k) and (k, j) loop pairs */
} Mm;

static void setup(Cg *c, const Value *v, LLVMValueRef *args, Mm *m) {
  const Value *a = v->args[0], *b = v->args[1];
  m->M = v->shape.dim[0];
  m->N = v->shape.dim[1];
  m->K = v->trans_a ? a->shape.dim[0] : a->shape.dim[1];
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

static LLVMValueRef at(Cg *c, const Operand *o, LLVMValueRef r, LLVMValueRef s) {
  if (!o->base)
    return o->konst;
  LLVMValueRef i = LLVMBuildMul(c->b, r, cg_i64(c, o->stride[0]), "");
  LLVMValueRef j = LLVMBuildMul(c->b, s, cg_i64(c, o->stride[1]), "");
  return cg_load(c, o, LLVMBuildAdd(c->b, i, j, ""));
}

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
  LLVMValueRef base = LLVMBuildAdd(c->b, LLVMBuildMul(c->b, i.iv, cg_i64(c, r), ""),
                                   cg_i64(c, first), "");
  for (int q = 0; q < r; q++) {
    row[q] = LLVMBuildAdd(c->b, base, cg_i64(c, q), "");
    off[q] = LLVMBuildMul(c->b, row[q], cg_i64(c, m->N), "row");
  }
  cg_loop_begin(c, &z, m->N);
  for (int q = 0; q < r; q++)
    cg_store(c, t, out, LLVMBuildAdd(c->b, off[q], z.iv, ""), cg_const(c, t, 0));
  cg_loop_end(c, &z);
  if (m->K > 0) {
    cg_loop_begin(c, &k, m->K);
    for (int q = 0; q < r; q++)
      a[q] = at(c, &m->a, row[q], k.iv);
    cg_loop_begin(c, &j, m->N);
    LLVMValueRef bkj = at(c, &m->b, k.iv, j.iv);
    Operand o = {.dt = t, .base = out};
    for (int q = 0; q < r; q++) {
      LLVMValueRef idx = LLVMBuildAdd(c->b, off[q], j.iv, "");
      cg_store(c, t, out, idx, madd(c, t, a[q], bkj, cg_load(c, &o, idx)));
    }
    j.unroll = k.unroll = true;
    cg_loop_end(c, &j);
    cg_loop_end(c, &k);
  }
  if (ep)
    ep->emit(c, ep->ctx, row[0], r, cg_i64(c, 0), m->N);
  cg_loop_end(c, &i);
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
  LLVMValueRef base = LLVMBuildAdd(c->b, LLVMBuildMul(c->b, j.iv, cg_i64(c, r), ""),
                                   cg_i64(c, first), "");
  for (int q = 0; q < r; q++) {
    col[q] = LLVMBuildAdd(c->b, base, cg_i64(c, q), "");
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
  LLVMValueRef off = LLVMBuildMul(c->b, i.iv, cg_i64(c, m->N), "");
  for (int q = 0; q < r; q++)
    cg_store(c, t, out, LLVMBuildAdd(c->b, off, col[q], ""), LLVMBuildLoad2(c->b, ty, acc[q], ""));
  if (ep)
    ep->emit(c, ep->ctx, i.iv, 1, col[0], r);
  cg_loop_end(c, &j);
  cg_loop_end(c, &i);
}

void cg_emit_matmul(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                    const CgEpilogue *ep) {
  Mm m;
  setup(c, v, args, &m);
  if (v->trans_b && !v->trans_a) {
    int64_t nblk = m.N / ROWS, nrest = m.N % ROWS;
    if (nblk > 0)
      ijk(c, v, out, &m, ROWS, 0, nblk, ep);
    if (nrest > 0)
      ijk(c, v, out, &m, 1, nblk * ROWS, nrest, ep);
    return;
  }
  int64_t blocks = m.M / ROWS, rest = m.M % ROWS;
  if (blocks > 0)
    ikj(c, v, out, &m, ROWS, 0, blocks, ep);
  if (rest > 0)
    ikj(c, v, out, &m, 1, blocks * ROWS, rest, ep);
}
