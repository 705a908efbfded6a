/* test_eval.c — the reference evaluator against results computed by hand, one op at a time. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "ir.h"

/* Buffers for every value of g (at least one double each), freed by done(). */
static double **buffers(const Graph *g) {
  double **vals = calloc((size_t)g->nvalues, sizeof *vals);
  for (int i = 0; i < g->nvalues; i++)
    vals[i] = calloc((size_t)ir_numel(g->values[i]->shape) + 1, sizeof **vals);
  return vals;
}

static void done(Graph *g, double **vals) {
  for (int i = 0; i < g->nvalues; i++)
    free(vals[i]);
  free(vals);
  ir_graph_free(g);
}

static void fill(double **vals, const Value *v, const double *x) {
  for (int64_t i = 0; i < ir_numel(v->shape); i++)
    vals[v->id][i] = x[i];
}

static void run(const Graph *g, double **vals) {
  cr_assert_eq(g->status, NNC_OK, "graph: %s", g->msg);
  nnc_status st = ir_eval(g, vals);
  cr_assert_eq(st, NNC_OK, "eval: %s", base_last_error());
}

static void expect(double **vals, const Value *v, const double *want) {
  cr_assert_not_null(v);
  for (int64_t i = 0; i < ir_numel(v->shape); i++)
    cr_expect(fabs(vals[v->id][i] - want[i]) <= 1e-12 * (1 + fabs(want[i])),
              "%s: element %ld is %.17g, expected %.17g", ir_op_name(v->op), (long)i,
              vals[v->id][i], want[i]);
}

/* Builds op(x) for x = xs (shape [n]) and compares with want. */
static void check_unary(OpKind op, double num, const double *xs, int n, const double *want) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F64, ir_shape(1, (int64_t)n));
  Value *y = op == OP_POW ? ir_pow(g, x, num)
             : op == OP_LEAKY_RELU ? ir_leaky_relu(g, x, num)
                                   : ir_unary(g, op, x);
  double **vals = buffers(g);
  fill(vals, x, xs);
  run(g, vals);
  expect(vals, y, want);
  done(g, vals);
}

Test(ir, eval_unary_ops) {
  const double x[4] = {-2, -0.5, 0.25, 3};
  check_unary(OP_NEG, 0, x, 4, (double[]){2, 0.5, -0.25, -3});
  check_unary(OP_EXP, 0, x, 4, (double[]){exp(-2), exp(-0.5), exp(0.25), exp(3)});
  check_unary(OP_ABS, 0, x, 4, (double[]){2, 0.5, 0.25, 3});
  check_unary(OP_RELU, 0, x, 4, (double[]){0, 0, 0.25, 3});
  check_unary(OP_LEAKY_RELU, 0.1, x, 4, (double[]){-0.2, -0.05, 0.25, 3});
  check_unary(OP_TANH, 0, x, 4, (double[]){tanh(-2), tanh(-0.5), tanh(0.25), tanh(3)});
  check_unary(OP_SIGMOID, 0, x, 4,
              (double[]){1 / (1 + exp(2)), 1 / (1 + exp(0.5)), 1 / (1 + exp(-0.25)),
                         1 / (1 + exp(-3))});
  const double p[3] = {0.25, 1, 4};
  check_unary(OP_LOG, 0, p, 3, (double[]){log(0.25), 0, log(4)});
  check_unary(OP_SQRT, 0, p, 3, (double[]){0.5, 1, 2});
  check_unary(OP_POW, 3, p, 3, (double[]){0.015625, 1, 64});
  check_unary(OP_POW, -0.5, p, 3, (double[]){2, 1, 0.5});
}

Test(ir, eval_sigmoid_saturates_without_overflow) {
  check_unary(OP_SIGMOID, 0, (double[]){-800, 800}, 2, (double[]){0, 1});
}

Test(ir, eval_cast_truncates_to_int_and_rounds_to_f32) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F64, ir_shape(1, 4L));
  Value *i = ir_cast(g, x, DT_I32);
  Value *f = ir_cast(g, x, DT_F32);
  double **vals = buffers(g);
  fill(vals, x, (double[]){-1.7, 2.9, 0.1, 7});
  run(g, vals);
  expect(vals, i, (double[]){-1, 2, 0, 7});
  expect(vals, f, (double[]){(float)-1.7, (float)2.9, (float)0.1, 7});
  done(g, vals);
}

/* a: [2,3], b: [3] (broadcast along rows), c: [2,1] (broadcast along columns) */
Test(ir, eval_binary_ops_broadcast) {
  Graph *g = ir_graph_new();
  Value *a = ir_input(g, "a", DT_F64, ir_shape(2, 2L, 3L));
  Value *b = ir_input(g, "b", DT_F64, ir_shape(1, 3L));
  Value *c = ir_input(g, "c", DT_F64, ir_shape(2, 2L, 1L));
  Value *add = ir_binary(g, OP_ADD, a, b), *sub = ir_binary(g, OP_SUB, c, b);
  Value *mul = ir_binary(g, OP_MUL, a, c), *div = ir_binary(g, OP_DIV, a, b);
  Value *mx = ir_binary(g, OP_MAX, a, b), *mn = ir_binary(g, OP_MIN, a, c);
  Value *two = ir_scalar(g, DT_F64, 2), *sc = ir_binary(g, OP_MUL, two, a);
  double **vals = buffers(g);
  fill(vals, a, (double[]){1, 2, 3, 4, 5, 6});
  fill(vals, b, (double[]){10, 2, 4});
  fill(vals, c, (double[]){3, -1});
  run(g, vals);
  expect(vals, add, (double[]){11, 4, 7, 14, 7, 10});
  expect(vals, sub, (double[]){-7, 1, -1, -11, -3, -5});
  expect(vals, mul, (double[]){3, 6, 9, -4, -5, -6});
  expect(vals, div, (double[]){0.1, 1, 0.75, 0.4, 2.5, 1.5});
  expect(vals, mx, (double[]){10, 2, 4, 10, 5, 6});
  expect(vals, mn, (double[]){1, 2, 3, -1, -1, -1});
  expect(vals, sc, (double[]){2, 4, 6, 8, 10, 12});
  done(g, vals);
}

Test(ir, eval_int_division_truncates_and_rejects_zero) {
  Graph *g = ir_graph_new();
  Value *a = ir_input(g, "a", DT_I32, ir_shape(1, 3L));
  Value *b = ir_input(g, "b", DT_I32, ir_shape(1, 3L));
  Value *q = ir_binary(g, OP_DIV, a, b);
  double **vals = buffers(g);
  fill(vals, a, (double[]){7, -7, 1});
  fill(vals, b, (double[]){2, 2, 3});
  run(g, vals);
  expect(vals, q, (double[]){3, -3, 0});
  vals[b->id][2] = 0;
  cr_expect_eq(ir_eval(g, vals), NNC_ERR_NUMERIC);
  cr_expect(strstr(base_last_error(), "division by zero"), "message: %s", base_last_error());
  done(g, vals);
}

Test(ir, eval_cmp_every_kind) {
  Graph *g = ir_graph_new();
  Value *a = ir_input(g, "a", DT_F64, ir_shape(1, 3L));
  Value *b = ir_input(g, "b", DT_F64, ir_shape(0));
  Value *c[6];
  for (int k = 0; k < 6; k++)
    c[k] = ir_cmp(g, (CmpKind)k, a, b);
  double **vals = buffers(g);
  fill(vals, a, (double[]){1, 2, 3});
  vals[b->id][0] = 2;
  run(g, vals);
  expect(vals, c[CMP_LT], (double[]){1, 0, 0});
  expect(vals, c[CMP_LE], (double[]){1, 1, 0});
  expect(vals, c[CMP_GT], (double[]){0, 0, 1});
  expect(vals, c[CMP_GE], (double[]){0, 1, 1});
  expect(vals, c[CMP_EQ], (double[]){0, 1, 0});
  expect(vals, c[CMP_NE], (double[]){1, 0, 1});
  cr_expect_eq(c[0]->dtype, DT_F64);
  done(g, vals);
}

Test(ir, eval_select_broadcasts_all_three) {
  Graph *g = ir_graph_new();
  Value *c = ir_input(g, "c", DT_I32, ir_shape(2, 2L, 1L));
  Value *a = ir_input(g, "a", DT_F64, ir_shape(1, 3L));
  Value *b = ir_scalar(g, DT_F64, -1);
  Value *s = ir_select(g, c, a, b);
  double **vals = buffers(g);
  fill(vals, c, (double[]){0, 5});
  fill(vals, a, (double[]){1, 2, 3});
  run(g, vals);
  expect(vals, s, (double[]){-1, -1, -1, 1, 2, 3});
  done(g, vals);
}

/* A = [[1,2,3],[4,5,6]] (2x3), B = [[1,0],[2,1],[0,3]] (3x2); A B = [[5,11],[14,23]].
 * The transposed operands are stored transposed, so every flag combination gives A B. */
Test(ir, eval_matmul_every_trans_flag) {
  const double A[6] = {1, 2, 3, 4, 5, 6}, At[6] = {1, 4, 2, 5, 3, 6};
  const double B[6] = {1, 0, 2, 1, 0, 3}, Bt[6] = {1, 2, 0, 0, 1, 3};
  for (int f = 0; f < 4; f++) {
    bool ta = f & 1, tb = f & 2;
    Graph *g = ir_graph_new();
    Value *a = ir_input(g, "a", DT_F64, ta ? ir_shape(2, 3L, 2L) : ir_shape(2, 2L, 3L));
    Value *b = ir_input(g, "b", DT_F64, tb ? ir_shape(2, 2L, 3L) : ir_shape(2, 3L, 2L));
    Value *y = ir_matmul(g, a, b, ta, tb);
    double **vals = buffers(g);
    fill(vals, a, ta ? At : A);
    fill(vals, b, tb ? Bt : B);
    run(g, vals);
    expect(vals, y, (double[]){5, 11, 14, 23});
    done(g, vals);
  }
}

Test(ir, eval_transpose) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F64, ir_shape(2, 2L, 3L));
  Value *t = ir_transpose(g, x);
  double **vals = buffers(g);
  fill(vals, x, (double[]){1, 2, 3, 4, 5, 6});
  run(g, vals);
  cr_expect(t->shape.dim[0] == 3 && t->shape.dim[1] == 2);
  expect(vals, t, (double[]){1, 4, 2, 5, 3, 6});
  done(g, vals);
}

/* x = [[[1,2],[3,4],[5,6]], [[7,8],[9,10],[11,12]]], shape [2,3,2] */
Test(ir, eval_sum_and_mean_over_axes) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F64, ir_shape(3, 2L, 3L, 2L));
  Value *s0 = ir_reduce(g, OP_SUM, x, 1u, false);
  Value *s1 = ir_reduce(g, OP_SUM, x, 2u, true);
  Value *s02 = ir_reduce(g, OP_SUM, x, 5u, false);
  Value *all = ir_reduce(g, OP_SUM, x, 7u, false);
  Value *m2 = ir_reduce(g, OP_MEAN, x, 4u, true);
  Value *m01 = ir_reduce(g, OP_MEAN, x, 3u, false);
  Value *none = ir_reduce(g, OP_SUM, x, 0u, false);
  double **vals = buffers(g);
  fill(vals, x, (double[]){1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  run(g, vals);
  expect(vals, s0, (double[]){8, 10, 12, 14, 16, 18});
  cr_expect(s1->shape.rank == 3 && s1->shape.dim[1] == 1);
  expect(vals, s1, (double[]){9, 12, 27, 30});
  expect(vals, s02, (double[]){1 + 2 + 7 + 8, 3 + 4 + 9 + 10, 5 + 6 + 11 + 12});
  expect(vals, all, (double[]){78});
  expect(vals, m2, (double[]){1.5, 3.5, 5.5, 7.5, 9.5, 11.5});
  expect(vals, m01, (double[]){6, 7});
  expect(vals, none, (double[]){1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  done(g, vals);
}

Test(ir, eval_softmax_and_log_softmax_are_stable) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F64, ir_shape(2, 2L, 3L));
  Value *s = ir_softmax(g, OP_SOFTMAX, x), *ls = ir_softmax(g, OP_LOG_SOFTMAX, x);
  double **vals = buffers(g);
  fill(vals, x, (double[]){1, 2, 3, 1000, 1001, 1002});
  run(g, vals);
  double z = 1 + exp(1) + exp(2);
  double p[3] = {1 / z, exp(1) / z, exp(2) / z};
  expect(vals, s, (double[]){p[0], p[1], p[2], p[0], p[1], p[2]});
  double l[3] = {-log(z), 1 - log(z), 2 - log(z)};
  expect(vals, ls, (double[]){l[0], l[1], l[2], l[0], l[1], l[2]});
  done(g, vals);
}

Test(ir, eval_reshape_and_broadcast) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F64, ir_shape(2, 2L, 3L));
  Value *r = ir_reshape(g, x, ir_shape(2, 3L, 2L));
  Value *c = ir_input(g, "c", DT_F64, ir_shape(2, 2L, 1L));
  Value *bc = ir_broadcast(g, c, ir_shape(3, 2L, 2L, 3L));
  Value *row = ir_input(g, "row", DT_F64, ir_shape(1, 3L));
  Value *br = ir_broadcast(g, row, ir_shape(2, 2L, 3L));
  double **vals = buffers(g);
  fill(vals, x, (double[]){1, 2, 3, 4, 5, 6});
  fill(vals, c, (double[]){7, 8});
  fill(vals, row, (double[]){1, 2, 3});
  run(g, vals);
  expect(vals, r, (double[]){1, 2, 3, 4, 5, 6});
  expect(vals, bc, (double[]){7, 7, 7, 8, 8, 8, 7, 7, 7, 8, 8, 8});
  expect(vals, br, (double[]){1, 2, 3, 1, 2, 3});
  done(g, vals);
}

/* ids are rounded to nearest; outside [0, depth) gives a zero row */
Test(ir, eval_one_hot) {
  Graph *g = ir_graph_new();
  Value *ids = ir_input(g, "ids", DT_F64, ir_shape(1, 5L));
  Value *oh = ir_one_hot(g, ids, 3, DT_F32);
  Value *iids = ir_input(g, "iids", DT_I32, ir_shape(2, 1L, 2L));
  Value *ioh = ir_one_hot(g, iids, 2, DT_F64);
  double **vals = buffers(g);
  fill(vals, ids, (double[]){0, 2, 1.6, -1, 3});
  fill(vals, iids, (double[]){1, 0});
  run(g, vals);
  expect(vals, oh, (double[]){1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0});
  cr_expect(ioh->shape.rank == 3 && ioh->shape.dim[2] == 2);
  expect(vals, ioh, (double[]){0, 1, 1, 0});
  done(g, vals);
}

Test(ir, eval_const_fills_every_element) {
  Graph *g = ir_graph_new();
  Value *c = ir_const(g, DT_F32, ir_shape(2, 2L, 2L), 0.5);
  double **vals = buffers(g);
  run(g, vals);
  expect(vals, c, (double[]){0.5, 0.5, 0.5, 0.5});
  done(g, vals);
}

/* p = 1; y0 = p*2 (reads the old p); assign p := p+1; y1 = p*2 (reads the new p) */
Test(ir, eval_assign_writes_at_its_turn) {
  Graph *g = ir_graph_new();
  Value *p = ir_param(g, "p", DT_F64, ir_shape(1, 2L), INIT_ZEROS);
  Value *two = ir_scalar(g, DT_F64, 2);
  Value *y0 = ir_binary(g, OP_MUL, p, two);
  ir_assign(g, p, ir_binary(g, OP_ADD, p, ir_scalar(g, DT_F64, 1)));
  Value *y1 = ir_binary(g, OP_MUL, p, two);
  double **vals = buffers(g);
  fill(vals, p, (double[]){1, 3});
  run(g, vals);
  expect(vals, y0, (double[]){2, 6});
  expect(vals, p, (double[]){2, 4});
  expect(vals, y1, (double[]){4, 8});
  done(g, vals);
}

Test(ir, eval_rejects_missing_buffers_and_broken_graphs) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F64, ir_shape(1, 2L));
  ir_unary(g, OP_NEG, x);
  cr_expect_eq(ir_eval(g, NULL), NNC_ERR_ARG);
  double **vals = buffers(g);
  free(vals[1]);
  vals[1] = NULL;
  cr_expect_eq(ir_eval(g, vals), NNC_ERR_ARG);
  cr_expect(strstr(base_last_error(), "%1"), "message: %s", base_last_error());
  ir_unary(g, OP_LOG, NULL); /* a sticky error */
  cr_expect_neq(ir_eval(g, vals), NNC_OK);
  done(g, vals);
}
