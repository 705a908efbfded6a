/* emit_layout.c — ops that move elements: transpose, reshape, broadcast, one_hot, concat,
 * slice; and random_uniform, whose elements are a function of their index.
 *
 * Concat and slice view their shapes around the axis as [outer, axis * inner] rows and copy
 * row pieces (a CONST operand, from a slice's VJP, fills its piece); LLVM's loop vectorizer
 * takes the inner loops. random_uniform hashes each element's index as ir_random_mix says
 * (ir.h), in 64-bit integers, so it draws exactly what the reference draws.
 *
 * Reshape is a byte copy (both sides are row-major); broadcast reuses the elementwise
 * strided nest. one_hot compares each class id, rounded half away from zero as C's round(),
 * with the float column index, so NaN or out-of-range ids give a zero row and nothing is
 * ever converted to an integer.
 */
#include <stdlib.h>

#include "cg.h"

typedef struct {
  const Value *v;
  LLVMValueRef out, in;
  unsigned w;
} Tiles;

/* out[C][R] = in[R][C] in tiles of w x w: w rows loaded as vectors, transposed in registers
 * (cg_transpose_vectors), stored as w rows. Task L's weight gradient transposes a [256, 1024] activation
 * every step (passes/layout.c): element by element, the loop took 3.5 ns an element.
 * This emits the output's rows [first, first + rows), a multiple of w (a task's). */
static void tiles(Cg *c, void *ctx, LLVMValueRef first, int64_t rows) {
  const Tiles *t = ctx;
  LLVMValueRef out = t->out, in = t->in;
  unsigned w = t->w;
  int64_t R = t->v->args[0]->shape.dim[0], C = t->v->args[0]->shape.dim[1];
  LLVMTypeRef ety = cg_type(c, t->v->dtype), vty = LLVMVectorType(ety, w);
  unsigned align = (unsigned)ir_dtype_size(t->v->dtype);
  CgLoop i, j;
  cg_loop_begin(c, &i, R / w);
  cg_loop_begin(c, &j, rows / w);
  LLVMValueRef r0 = LLVMBuildMul(c->b, i.iv, cg_i64(c, w), "");
  LLVMValueRef c0 = LLVMBuildAdd(c->b, first, LLVMBuildMul(c->b, j.iv, cg_i64(c, w), ""), "");
  LLVMValueRef row[64];
  for (unsigned k = 0; k < w; k++) {
    LLVMValueRef at = LLVMBuildAdd(c->b, LLVMBuildMul(c->b, LLVMBuildAdd(c->b, r0, cg_i64(c, k), ""),
                                                      cg_i64(c, C), ""), c0, "");
    row[k] = cg_vector_load(c, vty, LLVMBuildGEP2(c->b, ety, in, &at, 1, ""), NULL, align);
  }
  cg_transpose_vectors(c, row, w);
  for (unsigned k = 0; k < w; k++) {
    LLVMValueRef at = LLVMBuildAdd(c->b, LLVMBuildMul(c->b, LLVMBuildAdd(c->b, c0, cg_i64(c, k), ""),
                                                      cg_i64(c, R), ""), r0, "");
    cg_vector_store(c, row[k], LLVMBuildGEP2(c->b, ety, out, &at, 1, ""), NULL, align);
  }
  j.vector = i.vector = true;
  cg_loop_end(c, &j);
  cg_loop_end(c, &i);
}

/* Whether v transposes in tiles of w (its lanes) x w. */
static bool tiled(Cg *c, const Value *v, unsigned *w) {
  const Value *a = v->args[0];
  int64_t R = a->shape.dim[0], C = a->shape.dim[1];
  *w = cg_lanes(c, (int)ir_dtype_size(v->dtype));
  return a->op != OP_CONST && *w > 1 && R % *w == 0 && C % *w == 0 && R > 0 && C > 0;
}

/* A tiled transpose splits into runs of its output's rows (the input's columns), whole
 * tiles each. */
int64_t cg_transpose_tasks(Cg *c, const Value *v) {
  unsigned w;
  if (v->op != OP_TRANSPOSE || !tiled(c, v, &w))
    return 0;
  int64_t rows = v->shape.dim[0], chunk = cg_row_chunk(rows, ir_numel(v->shape), w);
  return chunk ? (rows + chunk - 1) / chunk : 0;
}

void cg_kernel_transpose(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                         const CgRange *range) {
  LLVMValueRef in = args[0];
  const Value *a = v->args[0];
  int64_t R = a->shape.dim[0], C = a->shape.dim[1];
  Tiles t = {v, out, in, 0};
  if (tiled(c, v, &t.w)) {
    if (range)
      cg_row_tasks(c, range, C, cg_row_chunk(C, R * C, t.w), tiles, &t);
    else
      tiles(c, &t, cg_i64(c, 0), C);
    return;
  }
  Operand o;
  cg_operand(c, &o, a, a->shape, in);
  CgNest n;
  int64_t dim[2] = {R, C}, ost[2] = {1, R};
  c->loop_vectorize = true;
  cg_nest_begin(c, &n, 2, dim);
  LLVMValueRef x = cg_load(c, &o, cg_nest_index(c, &n, o.stride));
  cg_store(c, v->dtype, out, cg_nest_index(c, &n, ost), x);
  cg_nest_end(c, &n);
}

void cg_kernel_one_hot(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                       const CgRange *range) {
  (void)range;
  LLVMValueRef in = args[0];
  const Value *a = v->args[0];
  int64_t n = ir_numel(a->shape), depth = v->shape.dim[v->shape.rank - 1];
  Operand o;
  cg_operand(c, &o, a, a->shape, in);
  o.stride[0] = a->op == OP_CONST ? 0 : 1;
  c->loop_vectorize = true;
  CgLoop row, col;
  cg_loop_begin(c, &row, n);
  LLVMValueRef id = cg_load(c, &o, row.iv);
  DType ct = a->dtype == DT_I32 ? DT_F64 : a->dtype;
  if (a->dtype == DT_I32)
    id = LLVMBuildSIToFP(c->b, id, c->t_f64, "");
  else
    id = cg_round(c, a->dtype, id);
  cg_loop_begin(c, &col, depth);
  /* from i32: i64 to float is a libcall on 32-bit cores (nnc build) */
  LLVMValueRef j = LLVMBuildSIToFP(c->b, LLVMBuildTrunc(c->b, col.iv, c->t_i32, ""),
                                   cg_type(c, ct), "");
  LLVMValueRef hit = LLVMBuildFCmp(c->b, LLVMRealOEQ, id, j, "");
  LLVMValueRef y = LLVMBuildSelect(c->b, hit, cg_const(c, v->dtype, 1), cg_const(c, v->dtype, 0), "");
  LLVMValueRef idx = LLVMBuildAdd(c->b, LLVMBuildMul(c->b, row.iv, cg_i64(c, depth), ""), col.iv, "");
  cg_store(c, v->dtype, out, idx, y);
  cg_loop_end(c, &col);
  cg_loop_end(c, &row);
}

/* A reshaped CONST is still a fill; anything else is a byte copy. */
void cg_kernel_reshape(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                       const CgRange *range) {
  (void)range;
  const Value *a = v->args[0];
  if (a->op == OP_CONST)
    cg_emit_broadcast(c, a, v->shape, out, NULL);
  else
    cg_emit_copy(c, a, out, args[0]);
}

void cg_kernel_broadcast(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                         const CgRange *range) {
  (void)range;
  cg_emit_broadcast(c, v->args[0], v->shape, out, args[0]);
}

static int axis_of(const Value *v) {
  int k = 0;
  while (k < IR_MAX_RANK && !(v->axes >> k & 1u))
    k++;
  return k;
}

/* The dims before axis k, and the elements of one step along it. */
static void around(Shape s, int k, int64_t *outer, int64_t *inner) {
  *outer = *inner = 1;
  for (int i = 0; i < s.rank; i++) {
    if (i < k)
      *outer *= s.dim[i];
    if (i > k)
      *inner *= s.dim[i];
  }
}

/* dst[o * drow + doff + j] = src[o * srow + soff + j] for o < outer, j < len. */
typedef struct {
  int64_t outer, len, drow, doff, srow, soff;
} Piece;

static void copy_piece(Cg *c, DType t, LLVMValueRef dst, const Value *a, LLVMValueRef src,
                       Piece p) {
  if (p.outer * p.len == 0)
    return;
  Operand o;
  cg_operand(c, &o, a, a->shape, src);
  o.stride[0] = o.base ? p.srow : 0;
  o.stride[1] = o.base ? 1 : 0;
  int64_t dim[2] = {p.outer, p.len}, ost[2] = {p.drow, 1};
  CgNest n;
  c->loop_vectorize = true;
  cg_nest_begin(c, &n, 2, dim);
  LLVMValueRef si = LLVMBuildAdd(c->b, cg_nest_index(c, &n, o.stride), cg_i64(c, o.base ? p.soff : 0), "");
  LLVMValueRef di = LLVMBuildAdd(c->b, cg_nest_index(c, &n, ost), cg_i64(c, p.doff), "");
  cg_store(c, t, dst, di, cg_load(c, &o, si));
  cg_nest_end(c, &n);
}

void cg_kernel_concat(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                      const CgRange *range) {
  (void)range;
  int k = axis_of(v);
  int64_t outer, inner, at = 0;
  around(v->shape, k, &outer, &inner);
  for (int j = 0; j < 2; j++) {
    const Value *a = v->args[j];
    int64_t len = a->shape.dim[k] * inner;
    copy_piece(c, v->dtype, out, a, args[j],
               (Piece){outer, len, v->shape.dim[k] * inner, at, len, 0});
    at += len;
  }
}

void cg_kernel_slice(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                     const CgRange *range) {
  (void)range;
  const Value *x = v->args[0];
  int k = axis_of(v);
  int64_t outer, inner;
  around(v->shape, k, &outer, &inner);
  int64_t len = v->shape.dim[k] * inner;
  copy_piece(c, v->dtype, out, x, args[0],
             (Piece){outer, len, len, 0, x->shape.dim[k] * inner, (int64_t)v->num * inner});
}

static LLVMValueRef mix(Cg *c, LLVMValueRef z) {
  LLVMBuilderRef b = c->b;
  z = LLVMBuildMul(b, LLVMBuildXor(b, z, LLVMBuildLShr(b, z, cg_i64(c, 30), ""), ""),
                   LLVMConstInt(c->t_i64, IR_RANDOM_M1, false), "");
  z = LLVMBuildMul(b, LLVMBuildXor(b, z, LLVMBuildLShr(b, z, cg_i64(c, 27), ""), ""),
                   LLVMConstInt(c->t_i64, IR_RANDOM_M2, false), "");
  return LLVMBuildXor(b, z, LLVMBuildLShr(b, z, cg_i64(c, 31), ""), "");
}

void cg_kernel_random(Cg *c, const Value *v, LLVMValueRef out, LLVMValueRef *args,
                      const CgRange *range) {
  (void)range;
  LLVMBuilderRef b = c->b;
  const Value *a = v->args[0];
  int64_t n = ir_numel(v->shape);
  if (n == 0)
    return;
  Operand o;
  cg_operand(c, &o, a, a->shape, args[0]);
  LLVMValueRef step = cg_load(c, &o, cg_i64(c, 0));
  step = a->dtype == DT_I32 ? LLVMBuildSExt(b, step, c->t_i64, "")
                            : LLVMBuildFPToUI(b, step, c->t_i64, "");
  uint64_t key = ir_random_mix((uint64_t)v->num + IR_RANDOM_GAMMA);
  LLVMValueRef hi = LLVMBuildShl(b, step, cg_i64(c, 32), "");
  LLVMValueRef gamma = LLVMConstInt(c->t_i64, IR_RANDOM_GAMMA, false);
  bool f32 = v->dtype == DT_F32;
  c->loop_vectorize = true;
  CgLoop l;
  cg_loop_begin(c, &l, n);
  LLVMValueRef ctr = LLVMBuildAdd(b, LLVMBuildOr(b, hi, l.iv, ""), cg_i64(c, 1), "");
  LLVMValueRef z = mix(c, LLVMBuildAdd(b, LLVMConstInt(c->t_i64, key, false),
                                       LLVMBuildMul(b, ctr, gamma, ""), ""));
  z = LLVMBuildLShr(b, z, cg_i64(c, f32 ? 40 : 11), "");
  LLVMValueRef u = LLVMBuildFMul(b, LLVMBuildUIToFP(b, z, cg_type(c, v->dtype), ""),
                                 cg_const(c, v->dtype, f32 ? 0x1p-24 : 0x1p-53), "");
  cg_store(c, v->dtype, out, l.iv, u);
  cg_loop_end(c, &l);
}
