/* test_matmul_bf16.c — the bf16 matmul kernel (emit_matmul_bf16.c), on the host's
 * vdpbf16ps where it has AVX512-BF16 and on the generic path (NNC_BF16=emulate):
 * - tight: against ir_eval, which rounds the operands to bf16 and sums exactly, within f32
 *   summation error, |C - ref| <= 1e-6 (1 + K/256) sum_k |rA rB|;
 * - loose: against the f32 product of the unrounded operands, within the two roundings of
 *   a product's operands: bf16 keeps 8 significant bits, so each rounding is at most 2^-8
 *   relative and a product at most 2^-7 + 2^-16 off; the bound is 2^-7 (1 + 1e-3) of sum_k |A B|;
 * - the two paths give the same bits;
 * every trans_a/trans_b combination, the models' shapes, odd K, partial panels, tasks run in
 * reverse order (cgtest.h's pool), and a fused epilogue (bias and relu) through pass_fuse.
 */
#define _POSIX_C_SOURCE 200809L /* setenv */

#include <stdint.h>

#include "cgtest.h"

typedef struct {
  int64_t M, K, N;
} Dims;

static const Dims dims[] = {
    {32, 784, 25}, {32, 25, 15}, {784, 32, 25}, {25, 32, 15}, {15, 32, 1}, {1, 784, 25},
    {256, 784, 10}, {784, 256, 10}, {1, 1, 1}, {17, 33, 65}, {9, 8, 48}, {33, 7, 31},
    {64, 300, 96}, {40, 3, 70},
};

static Graph *graph(Dims d, bool ta, bool tb) {
  Graph *g = ir_graph_new();
  Value *a = ir_input(g, "a", DT_F32, ta ? ir_shape(2, d.K, d.M) : ir_shape(2, d.M, d.K));
  Value *b = ir_input(g, "b", DT_F32, tb ? ir_shape(2, d.N, d.K) : ir_shape(2, d.K, d.N));
  ir_output(g, ir_matmul_bf16(g, a, b, ta, tb, true));
  return g;
}

static double elem(const Ct *t, const Value *x, bool trans, int64_t r, int64_t s) {
  int64_t cols = x->shape.dim[1];
  return t->vals[x->id][trans ? s * cols + r : r * cols + s];
}

typedef struct {
  double tight, loose;  /* worst errors as the header defines them */
} Errs;

static Errs errors(const Ct *t, const Value *v) {
  const Value *a = v->args[0], *b = v->args[1];
  int64_t M = v->shape.dim[0], N = v->shape.dim[1];
  int64_t K = v->trans_a ? a->shape.dim[0] : a->shape.dim[1];
  Errs e = {0, 0};
  for (int64_t i = 0; i < M; i++)
    for (int64_t j = 0; j < N; j++) {
      double mag = 0, rmag = 0, exact = 0;
      for (int64_t k = 0; k < K; k++) {
        double x = elem(t, a, v->trans_a, i, k), y = elem(t, b, v->trans_b, k, j);
        mag += fabs(x * y);
        exact += x * y;
        rmag += fabs(ir_bf16_round(x) * ir_bf16_round(y));
      }
      double got = ct_get(t->buf[t->nslots - 1], DT_F32, (size_t)(i * N + j));
      e.tight = fmax(e.tight, fabs(got - t->vals[v->id][i * N + j]) / fmax(rmag, 1e-300));
      e.loose = fmax(e.loose, fabs(got - exact) / fmax(mag, 1e-300));
    }
  return e;
}

/* Runs one case; *bits gets C's bits (n floats) when not NULL. */
static Errs run(Dims d, bool ta, bool tb, uint64_t seed, float *bits) {
  Ct t;
  TestRng r = test_rng(seed);
  ct_init(&t, graph(d, ta, tb));
  ct_fill(&t, &r);
  ct_compile(&t);
  ct_run(&t);
  Errs e = errors(&t, t.g->outputs[0]);
  if (bits)
    memcpy(bits, t.buf[t.nslots - 1], (size_t)(d.M * d.N) * sizeof *bits);
  ct_free(&t);
  return e;
}

static void check_all(const char *path) {
  for (size_t i = 0; i < sizeof dims / sizeof *dims; i++)
    for (int tr = 0; tr < 4; tr++) {
      Dims d = dims[i];
      Errs e = run(d, tr & 1, tr >> 1, 100 + i * 4 + (size_t)tr, NULL);
      double tight = 1e-6 * (1 + (double)d.K / 256), loose = 1.001 / 128;
      cr_expect(e.tight <= tight && e.loose <= loose,
                "%s %lldx%lldx%lld ta=%d tb=%d: %.3g against bf16 operands (bound %.3g), "
                "%.3g against f32 (bound %.3g)", path, (long long)d.M, (long long)d.K,
                (long long)d.N, tr & 1, tr >> 1, e.tight, tight, e.loose, loose);
    }
}

Test(codegen, matmul_bf16_host) {
  unsetenv("NNC_BF16");
  check_all("host");
}

Test(codegen, matmul_bf16_avx512) {
  setenv("NNC_BF16", "avx512", 1);
  check_all("avx512");
  unsetenv("NNC_BF16");
}

Test(codegen, matmul_bf16_emulated) {
  setenv("NNC_BF16", "emulate", 1);
  check_all("emulated");
  unsetenv("NNC_BF16");
}

/* Where the host has vdpbf16ps, the generic path adds in its order: the same bits. (AMX's
 * tdpbf16ps need not add a pair in that order; the tight bound above holds it.) */
Test(codegen, matmul_bf16_paths_agree) {
  Dims d = {37, 301, 70};
  size_t n = (size_t)(d.M * d.N);
  float *hw = malloc(n * sizeof *hw), *em = malloc(n * sizeof *em);
  for (int tr = 0; tr < 4; tr++) {
    setenv("NNC_BF16", "avx512", 1);
    run(d, tr & 1, tr >> 1, 7 + (uint64_t)tr, hw);
    setenv("NNC_BF16", "emulate", 1);
    run(d, tr & 1, tr >> 1, 7 + (uint64_t)tr, em);
    size_t diff = 0;
    for (size_t i = 0; i < n; i++)
      diff += memcmp(&hw[i], &em[i], sizeof *hw) != 0;
    cr_expect_eq(diff, 0, "ta=%d tb=%d: %zu of %zu elements differ", tr & 1, tr >> 1, diff, n);
  }
  unsetenv("NNC_BF16");
  free(hw);
  free(em);
}

/* A Dense layer's step, fused (matmul + bias + relu forward, the gradient matmuls with
 * their epilogues backward), against ir_eval with the same bf16 roundings. */
Test(codegen, matmul_bf16_fused_dense) {
  for (int path = 0; path < 2; path++) {
    if (path)
      setenv("NNC_BF16", "emulate", 1);
    Graph *g = ir_graph_new();
    Value *x = ir_input(g, "x", DT_F32, ir_shape(2, 64, 100));
    Value *w = ir_param(g, "d/kernel", DT_F32, ir_shape(2, 100, 70), INIT_GLOROT_UNIFORM);
    Value *b = ir_param(g, "d/bias", DT_F32, ir_shape(1, 70), INIT_ZEROS);
    Value *h = ir_unary(g, OP_RELU, ir_binary(g, OP_ADD, ir_matmul_bf16(g, x, w, 0, 0, 1), b));
    ir_output(g, ir_matmul_bf16(g, h, w, false, true, true));
    PassCtx cx = {0};
    cr_assert_eq(pass_fuse(g, &cx), NNC_OK, "fuse: %s", base_last_error());
    Ct t;
    TestRng r = test_rng(55);
    ct_init(&t, g);
    ct_fill(&t, &r);
    ct_compile(&t);
    ct_run(&t);
    double e = ct_err(&t);
    cr_expect(e <= 1e-5, "path %d: error %.3g", path, e);
    ct_free(&t);
  }
  unsetenv("NNC_BF16");
}
