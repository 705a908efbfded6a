/* test_ops.c — every op, JIT-compiled on random shapes and inputs, against ir_eval:
 * f64 within 1e-12 and f32 within 1e-5 (cgtest.h defines the error measure). */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include "cgtest.h"

enum { TRIALS = 6 };

static int irand(TestRng *r, int lo, int hi) { /* inclusive */
  return lo + (int)floor(test_uniform(r, 0, hi - lo + 1 - 1e-9));
}

static Shape rand_shape(TestRng *r, int minrank, int maxdim) {
  Shape s = {irand(r, minrank, 4), {0}};
  for (int d = 0; d < s.rank; d++)
    s.dim[d] = irand(r, 1, maxdim);
  return s;
}

/* A shape that broadcasts to s: some leading dims dropped, some dims set to 1. */
static Shape bcast_of(TestRng *r, Shape s) {
  int drop = irand(r, 0, s.rank);
  Shape b = {s.rank - drop, {0}};
  for (int d = 0; d < b.rank; d++)
    b.dim[d] = test_uniform(r, 0, 1) < 0.4 ? 1 : s.dim[d + drop];
  return b;
}

static const DType floats[2] = {DT_F64, DT_F32};
static double worst_by_dtype[3]; /* per DType, for the log line of each test */

static void log_worst(const char *what) {
  cr_log_info("%s: worst error f64 %.3g, f32 %.3g", what, worst_by_dtype[DT_F64],
              worst_by_dtype[DT_F32]);
}

/* Compiles and runs g, asserts the error bound (scaled by `loose`), returns the error. */
static double check_tol(Ct *t, TestRng *r, DType dt, const char *what, double loose) {
  ct_fill(t, r);
  ct_compile(t);
  ct_run(t);
  double e = ct_err(t), tol = ct_tol(dt) * loose;
  cr_expect(e <= tol, "%s %s: error %.3g > %.3g", what, ir_dtype_name(dt), e, tol);
  worst_by_dtype[dt] = fmax(worst_by_dtype[dt], e);
  return e;
}

static double check(Ct *t, TestRng *r, DType dt, const char *what) {
  return check_tol(t, r, dt, what, 1);
}

static double unary(OpKind op, double num, double lo, double hi, uint64_t seed) {
  TestRng r = test_rng(seed);
  double worst = 0;
  for (int trial = 0; trial < TRIALS; trial++)
    for (int k = 0; k < 2; k++) {
      Graph *g = ir_graph_new();
      Value *x = ir_input(g, "x", floats[k], rand_shape(&r, 0, 9));
      Value p = {.op = op, .nargs = 1, .args = {x}, .num = num};
      ir_output(g, ir_build(g, &p));
      Ct t;
      ct_init(&t, g);
      ct_range(&t, x, lo, hi);
      char what[64];
      snprintf(what, sizeof what, "%s(num=%g)", ir_op_name(op), num);
      worst = fmax(worst, check(&t, &r, floats[k], what));
      ct_free(&t);
    }
  return worst;
}

Test(codegen, unary_ops) {
  double w = 0;
  w = fmax(w, unary(OP_NEG, 0, -5, 5, 1));
  w = fmax(w, unary(OP_EXP, 0, -3, 3, 2));
  w = fmax(w, unary(OP_EXP, 0, -80, 80, 3));
  w = fmax(w, unary(OP_LOG, 0, 1e-6, 10, 4));
  w = fmax(w, unary(OP_LOG, 0, 0.5, 2, 5));
  w = fmax(w, unary(OP_SQRT, 0, 0, 100, 6));
  w = fmax(w, unary(OP_ABS, 0, -5, 5, 7));
  w = fmax(w, unary(OP_SIGMOID, 0, -30, 30, 8));
  w = fmax(w, unary(OP_RELU, 0, -5, 5, 9));
  w = fmax(w, unary(OP_TANH, 0, -10, 10, 10));
  w = fmax(w, unary(OP_TANH, 0, -1e-3, 1e-3, 11));
  w = fmax(w, unary(OP_LEAKY_RELU, 0.3, -5, 5, 12));
  (void)w;
  log_worst("unary ops");
}

Test(codegen, pow) {
  static const double ints[] = {0, 1, 2, 3, -1, -2, 7, 70};
  static const double fracs[] = {0.5, 1.5, -0.5, 2.7, -1.3};
  double w = 0;
  for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
    w = fmax(w, unary(OP_POW, ints[i], -1.5, 1.5, 20 + i));
  for (size_t i = 0; i < sizeof fracs / sizeof *fracs; i++)
    w = fmax(w, unary(OP_POW, fracs[i], 0.01, 5, 40 + i));
  (void)w;
  log_worst("pow");
}

static double binary(OpKind op, CmpKind cmp, DType dt, double lo, double hi, uint64_t seed) {
  TestRng r = test_rng(seed);
  double worst = 0;
  for (int trial = 0; trial < 2 * TRIALS; trial++) {
    Graph *g = ir_graph_new();
    Shape s = rand_shape(&r, 0, 7), sb = bcast_of(&r, s);
    bool swap = trial & 1;
    Value *a = ir_input(g, "a", dt, swap ? sb : s);
    Value *b = ir_input(g, "b", dt, swap ? s : sb);
    Value p = {.op = op, .nargs = 2, .args = {a, b}, .cmp = cmp};
    ir_output(g, ir_build(g, &p));
    Ct t;
    ct_init(&t, g);
    if (op == OP_DIV)
      ct_range(&t, b, lo, hi);
    worst = fmax(worst, check(&t, &r, dt, ir_op_name(op)));
    ct_free(&t);
  }
  return worst;
}

Test(codegen, binary_ops_broadcast) {
  static const OpKind ops[] = {OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MAX, OP_MIN};
  double w = 0;
  for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
    for (int k = 0; k < 2; k++)
      w = fmax(w, binary(ops[i], CMP_LT, floats[k], 0.5, 3, 100 + i));
  for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
    w = fmax(w, binary(ops[i], CMP_LT, DT_I32, 1, 5, 200 + i));
  (void)w;
  log_worst("binary ops");
}

Test(codegen, cmp_all_kinds) {
  for (CmpKind c = CMP_LT; c <= CMP_NE; c++) {
    binary(OP_CMP, c, DT_F64, 0, 0, 300 + c);
    binary(OP_CMP, c, DT_F32, 0, 0, 310 + c);
    binary(OP_CMP, c, DT_I32, 0, 0, 320 + c); /* integers in [-2,2): many ties */
  }
}

Test(codegen, select) {
  TestRng r = test_rng(400);
  for (int trial = 0; trial < 2 * TRIALS; trial++) {
    DType dt = floats[trial & 1];
    Graph *g = ir_graph_new();
    Shape s = rand_shape(&r, 0, 6);
    Value *c = ir_input(g, "c", trial % 3 ? DT_I32 : dt, bcast_of(&r, s));
    Value *a = ir_input(g, "a", dt, s);
    Value *b = ir_input(g, "b", dt, bcast_of(&r, s));
    ir_output(g, ir_select(g, c, a, b));
    Ct t;
    ct_init(&t, g);
    ct_range(&t, c, 0, 2);
    check(&t, &r, dt, "select");
    ct_free(&t);
  }
}

Test(codegen, cast_all_pairs) {
  static const DType all[3] = {DT_F32, DT_F64, DT_I32};
  TestRng r = test_rng(500);
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++) {
      Graph *g = ir_graph_new();
      Value *x = ir_input(g, "x", all[i], rand_shape(&r, 0, 8));
      ir_output(g, ir_cast(g, x, all[j]));
      Ct t;
      ct_init(&t, g);
      ct_range(&t, x, -50, 50);
      check(&t, &r, all[j] == DT_F32 || all[i] == DT_F32 ? DT_F32 : DT_F64, "cast");
      ct_free(&t);
    }
}

Test(codegen, matmul_trans_flags) {
  TestRng r = test_rng(600);
  double w = 0;
  for (int trial = 0; trial < 16; trial++) {
    DType dt = trial == 15 ? DT_I32 : floats[trial & 1];
    bool ta = trial >> 1 & 1, tb = trial >> 2 & 1;
    int64_t M = irand(&r, 1, 40), K = irand(&r, 1, 40), N = irand(&r, 1, 40);
    Graph *g = ir_graph_new();
    Value *a = ir_input(g, "a", dt, ta ? ir_shape(2, K, M) : ir_shape(2, M, K));
    Value *b = ir_input(g, "b", dt, tb ? ir_shape(2, N, K) : ir_shape(2, K, N));
    ir_output(g, ir_matmul(g, a, b, ta, tb));
    Ct t;
    ct_init(&t, g);
    w = fmax(w, check(&t, &r, dt, "matmul"));
    ct_free(&t);
  }
  (void)w;
  log_worst("matmul");
}

Test(codegen, transpose) {
  TestRng r = test_rng(700);
  for (int trial = 0; trial < TRIALS; trial++) {
    Graph *g = ir_graph_new();
    Value *x = ir_input(g, "x", floats[trial & 1], rand_shape(&r, 2, 12));
    x = ir_reshape(g, x, ir_shape(2, x->shape.dim[0], ir_numel(x->shape) / x->shape.dim[0]));
    ir_output(g, ir_transpose(g, x));
    Ct t;
    ct_init(&t, g);
    check(&t, &r, floats[trial & 1], "transpose");
    ct_free(&t);
  }
}

/* SUM/MEAN over random axes of random shapes: inner axes kept (lanes along the result) and
 * reduced (vectors of partial sums), runs longer and shorter than a vector. */
static void sum_mean(uint64_t seed, int trials) {
  TestRng r = test_rng(seed);
  for (int trial = 0; trial < trials; trial++) {
    DType dt = trial % 7 == 6 ? DT_I32 : floats[trial & 1];
    OpKind op = trial & 2 ? OP_MEAN : OP_SUM;
    Graph *g = ir_graph_new();
    Value *x = ir_input(g, "x", dt, rand_shape(&r, 0, 9));
    unsigned axes = (unsigned)irand(&r, 0, (1 << x->shape.rank) - 1);
    ir_output(g, ir_reduce(g, op, x, axes, trial & 4));
    Ct t;
    ct_init(&t, g);
    ct_range(&t, x, dt == DT_I32 ? -20 : -2, dt == DT_I32 ? 20 : 2);
    char what[96], ty[48];
    ir_print_type(ty, sizeof ty, dt, x->shape);
    snprintf(what, sizeof what, "%s %s axes=0x%x", ir_op_name(op), ty, axes);
    /* an f32 sum of n terms rounds n times: its error grows with n */
    double n = (double)ir_numel(x->shape) / (double)ct_count(t.g->outputs[0]);
    check_tol(&t, &r, dt, what, dt == DT_F32 ? fmax(1, n / 16) : 1);
    ct_free(&t);
  }
}

Test(codegen, sum_mean_axes_keepdims) {
  sum_mean(800, 8 * TRIALS);
  log_worst("sum/mean");
}

/* Vector bodies of the AVX2 width (8 f32 or 4 f64 lanes, forced on any host): the other
 * tests run at the host's. */
Test(codegen, avx2_lanes) {
  setenv("NNC_VECTOR_BYTES", "32", 1);
  unary(OP_EXP, 0, -5, 5, 1000);
  unary(OP_SIGMOID, 0, -5, 5, 1001);
  binary(OP_DIV, CMP_LT, DT_F64, 0.5, 3, 1002);
  binary(OP_SUB, CMP_LT, DT_I32, 1, 5, 1003);
  binary(OP_CMP, CMP_GE, DT_F32, 0, 0, 1004);
  sum_mean(1005, 3 * TRIALS);
  unsetenv("NNC_VECTOR_BYTES");
  log_worst("AVX2 lanes");
}

Test(codegen, softmax_log_softmax) {
  TestRng r = test_rng(900);
  double w = 0;
  for (int trial = 0; trial < 4 * TRIALS; trial++) {
    DType dt = floats[trial & 1];
    OpKind op = trial & 2 ? OP_LOG_SOFTMAX : OP_SOFTMAX;
    Graph *g = ir_graph_new();
    Value *x = ir_input(g, "x", dt, rand_shape(&r, 1, 12));
    ir_output(g, ir_softmax(g, op, x));
    Ct t;
    ct_init(&t, g);
    ct_range(&t, x, trial & 4 ? -300 : -5, trial & 4 ? 300 : 5);
    w = fmax(w, check(&t, &r, dt, ir_op_name(op)));
    ct_free(&t);
  }
  (void)w;
  log_worst("softmax");
}

Test(codegen, reshape_broadcast) {
  TestRng r = test_rng(1000);
  for (int trial = 0; trial < 2 * TRIALS; trial++) {
    DType dt = trial % 3 == 2 ? DT_I32 : floats[trial & 1];
    Graph *g = ir_graph_new();
    Shape s = rand_shape(&r, 0, 6);
    Value *x = ir_input(g, "x", dt, bcast_of(&r, s));
    Value *y = ir_broadcast(g, x, s);
    Shape flat = ir_shape(2, s.rank ? s.dim[0] : 1, ir_numel(s) / (s.rank ? s.dim[0] : 1));
    ir_output(g, y);
    ir_output(g, ir_reshape(g, y, flat));
    ir_output(g, ir_reshape(g, x, ir_shape(1, ir_numel(x->shape))));
    Ct t;
    ct_init(&t, g);
    check(&t, &r, dt, "reshape/broadcast");
    ct_free(&t);
  }
}

Test(codegen, one_hot) {
  static const DType all[3] = {DT_F32, DT_F64, DT_I32};
  TestRng r = test_rng(1100);
  for (int trial = 0; trial < 3 * TRIALS; trial++) {
    Graph *g = ir_graph_new();
    Value *ids = ir_input(g, "ids", all[trial % 3], rand_shape(&r, 0, 6));
    if (ids->shape.rank == 4)
      ids = ir_reshape(g, ids, ir_shape(1, ir_numel(ids->shape)));
    int depth = irand(&r, 1, 10);
    ir_output(g, ir_one_hot(g, ids, depth, all[(trial / 3) % 3]));
    Ct t;
    ct_init(&t, g);
    ct_range(&t, ids, -1.7, depth + 0.7);
    check(&t, &r, DT_F64, "one_hot");
    ct_free(&t);
  }
}

/* A CONST operand has no buffer: every kind of kernel must read it as the constant. */
Test(codegen, const_operands) {
  TestRng r = test_rng(1200);
  for (int k = 0; k < 2; k++) {
    DType dt = floats[k];
    Graph *g = ir_graph_new();
    Value *x = ir_input(g, "x", dt, ir_shape(2, 5, 7));
    Value *c = ir_const(g, dt, ir_shape(2, 7, 3), 0.25);
    Value *s = ir_scalar(g, dt, 1.5);
    ir_output(g, ir_matmul(g, x, c, false, false));
    ir_output(g, ir_binary(g, OP_MUL, s, x));
    ir_output(g, ir_unary(g, OP_EXP, s));
    ir_output(g, ir_reduce(g, OP_SUM, c, 1, false));
    ir_output(g, ir_softmax(g, OP_SOFTMAX, c));
    ir_output(g, ir_broadcast(g, s, ir_shape(2, 2, 3)));
    ir_output(g, ir_reshape(g, c, ir_shape(1, 21)));
    ir_output(g, ir_transpose(g, c));
    ir_output(g, ir_one_hot(g, s, 3, dt));
    ir_output(g, c);
    Ct t;
    ct_init(&t, g);
    check(&t, &r, dt, "const operands");
    ct_free(&t);
  }
}
