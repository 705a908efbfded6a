/* test_build.c — builders: inferred types, broadcasting, and the errors they record. */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "support.h"

static Graph *g;

static void setup(void) {
  g = ir_graph_new();
  cr_assert_not_null(g);
}

static void teardown(void) {
  ir_graph_free(g);
}

TestSuite(ir, .init = setup, .fini = teardown);

static void expect_type(const Value *v, const char *want) {
  cr_assert_not_null(v, "builder failed: %s", g->msg);
  char got[96];
  ir_print_type(got, sizeof got, v->dtype, v->shape);
  cr_expect_str_eq(got, want);
}

static void expect_error(nnc_status code, const char *msg) {
  cr_expect_eq(g->status, code, "status %s, want %s (%s)", nnc_status_name(g->status),
               nnc_status_name(code), g->msg);
  cr_expect_str_eq(g->msg, msg);
  cr_expect_str_eq(nnc_last_error(), msg);
}

Test(ir, leaves_keep_their_type_and_ids) {
  Value *x = ir_input(g, "x", DT_F32, ir_shape(2, (int64_t)32, (int64_t)784));
  Value *w = ir_param(g, "w", DT_F32, ir_shape(2, (int64_t)784, (int64_t)25), INIT_GLOROT_UNIFORM);
  Value *c = ir_scalar(g, DT_F64, 0.5);
  expect_type(x, "f32[32,784]");
  expect_type(w, "f32[784,25]");
  expect_type(c, "f64[]");
  cr_expect_eq(x->id, 0);
  cr_expect_eq(w->id, 1);
  cr_expect_eq(c->id, 2);
  cr_expect_eq(x->offset, -1);
  cr_expect_eq(ir_find(g, "w"), w);
  cr_expect_null(ir_find(g, "nope"));
  cr_expect_eq(g->status, NNC_OK);
}

Test(ir, matmul_infers_and_reports_inner_mismatch) {
  Value *x = ir_input(g, "x", DT_F32, ir_shape(2, (int64_t)32, (int64_t)784));
  Value *w = ir_param(g, "w", DT_F32, ir_shape(2, (int64_t)784, (int64_t)25), INIT_ZEROS);
  Value *bad = ir_param(g, "b", DT_F32, ir_shape(2, (int64_t)785, (int64_t)25), INIT_ZEROS);
  expect_type(ir_matmul(g, x, w, false, false), "f32[32,25]");
  expect_type(ir_matmul(g, x, x, true, false), "f32[784,784]");
  expect_type(ir_matmul(g, x, x, false, true), "f32[32,32]");
  cr_expect_null(ir_matmul(g, x, bad, false, false));
  expect_error(NNC_ERR_SHAPE, "matmul: inner dimensions differ: f32[32,784] x f32[785,25]");
}

Test(ir, binary_broadcasts_numpy_style) {
  Value *a = ir_input(g, "a", DT_F32, ir_shape(2, (int64_t)32, (int64_t)25));
  Value *b = ir_input(g, "b", DT_F32, ir_shape(1, (int64_t)25));
  Value *c = ir_input(g, "c", DT_F32, ir_shape(3, (int64_t)4, (int64_t)1, (int64_t)1));
  expect_type(ir_binary(g, OP_ADD, a, b), "f32[32,25]");
  expect_type(ir_binary(g, OP_MUL, b, c), "f32[4,1,25]");
  expect_type(ir_binary(g, OP_SUB, a, ir_scalar(g, DT_F32, 1)), "f32[32,25]");
  expect_type(ir_cmp(g, CMP_GT, a, b), "f32[32,25]");
  Value *d = ir_input(g, "d", DT_F32, ir_shape(1, (int64_t)24));
  cr_expect_null(ir_binary(g, OP_ADD, a, d));
  expect_error(NNC_ERR_SHAPE, "add: shapes do not broadcast: f32[32,25] vs f32[24]");
}

#define S1(a) ir_shape(1, (int64_t)(a))
#define S2(a, b) ir_shape(2, (int64_t)(a), (int64_t)(b))
#define S3(a, b, c) ir_shape(3, (int64_t)(a), (int64_t)(b), (int64_t)(c))

Test(ir, unary_ops_keep_the_operand_type) {
  Value *x = ir_input(g, "x", DT_F64, S2(3, 4));
  OpKind ops[] = {OP_NEG, OP_EXP, OP_LOG, OP_SQRT, OP_ABS, OP_SIGMOID, OP_RELU, OP_TANH};
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
    expect_type(ir_unary(g, ops[i], x), "f64[3,4]");
  expect_type(ir_pow(g, x, 2), "f64[3,4]");
  expect_type(ir_leaky_relu(g, x, 0.3), "f64[3,4]");
  expect_type(ir_cast(g, x, DT_I32), "i32[3,4]");
  expect_type(ir_softmax(g, OP_SOFTMAX, x), "f64[3,4]");
  expect_type(ir_softmax(g, OP_LOG_SOFTMAX, x), "f64[3,4]");
  expect_type(ir_transpose(g, x), "f64[4,3]");
}

Test(ir, reductions_drop_or_keep_axes) {
  Value *x = ir_input(g, "x", DT_F32, S3(2, 3, 4));
  expect_type(ir_reduce(g, OP_SUM, x, 1u << 1, false), "f32[2,4]");
  expect_type(ir_reduce(g, OP_SUM, x, 1u << 1, true), "f32[2,1,4]");
  expect_type(ir_reduce(g, OP_MEAN, x, 7, false), "f32[]");
  expect_type(ir_reduce(g, OP_MEAN, x, 5, true), "f32[1,3,1]");
  expect_type(ir_reduce(g, OP_SUM, x, 0, false), "f32[2,3,4]");
  cr_expect_null(ir_reduce(g, OP_SUM, x, 1u << 3, false));
  expect_error(NNC_ERR_SHAPE, "sum: axes=[3] reach beyond the rank of f32[2,3,4]");
}

Test(ir, layout_ops_take_their_type_from_attributes) {
  Value *x = ir_input(g, "x", DT_F32, S2(1, 25));
  Value *ids = ir_input(g, "ids", DT_I32, S1(32));
  expect_type(ir_reshape(g, x, S1(25)), "f32[25]");
  expect_type(ir_reshape(g, x, S3(5, 5, 1)), "f32[5,5,1]");
  expect_type(ir_broadcast(g, x, S2(32, 25)), "f32[32,25]");
  expect_type(ir_broadcast(g, x, S3(2, 3, 25)), "f32[2,3,25]");
  expect_type(ir_one_hot(g, ids, 10, DT_F64), "f64[32,10]");
  cr_expect_null(ir_reshape(g, x, S1(24)));
  expect_error(NNC_ERR_SHAPE, "reshape: element counts differ: f32[1,25] to f32[24]");
}

Test(ir, broadcast_to_a_smaller_shape_fails) {
  Value *x = ir_input(g, "x", DT_F32, S2(3, 25));
  cr_expect_null(ir_broadcast(g, x, S1(25)));
  expect_error(NNC_ERR_SHAPE, "broadcast: cannot broadcast f32[3,25] to f32[25]");
}

Test(ir, select_and_cmp) {
  Value *c = ir_input(g, "c", DT_I32, S2(4, 1));
  Value *a = ir_input(g, "a", DT_F32, S1(5));
  Value *b = ir_scalar(g, DT_F32, 0);
  expect_type(ir_select(g, c, a, b), "f32[4,5]");
  Value *k = ir_cmp(g, CMP_EQ, a, b);
  expect_type(k, "f32[5]");
  cr_expect_eq(k->cmp, CMP_EQ);
  cr_expect_null(ir_select(g, c, a, c));
  expect_error(NNC_ERR_TYPE, "select: operand dtypes differ: f32[5] vs i32[4,1]");
}

Test(ir, select_shapes_that_do_not_broadcast) {
  Value *c = ir_input(g, "c", DT_F32, S1(3));
  Value *a = ir_input(g, "a", DT_F32, S1(4));
  cr_expect_null(ir_select(g, c, a, a));
  expect_error(NNC_ERR_SHAPE, "select: shapes do not broadcast: f32[3], f32[4], f32[4]");
}

Test(ir, dtypes_must_agree) {
  Value *a = ir_input(g, "a", DT_F32, S1(3));
  Value *b = ir_input(g, "b", DT_F64, S1(3));
  cr_expect_null(ir_binary(g, OP_MUL, a, b));
  expect_error(NNC_ERR_TYPE, "mul: operand dtypes differ: f32[3] vs f64[3]");
}

Test(ir, transcendental_ops_need_floats) {
  Value *a = ir_input(g, "a", DT_I32, S1(3));
  cr_expect_null(ir_unary(g, OP_EXP, a));
  expect_error(NNC_ERR_TYPE, "exp: expected a float operand, found i32[3]");
}

Test(ir, matmul_needs_2d) {
  Value *a = ir_input(g, "a", DT_F32, S1(3));
  Value *b = ir_input(g, "b", DT_F32, S2(3, 2));
  cr_expect_null(ir_matmul(g, a, b, false, false));
  expect_error(NNC_ERR_SHAPE, "matmul: expected 2-D operands, found f32[3] x f32[3,2]");
}

Test(ir, matmul_mismatch_names_the_transposes) {
  Value *a = ir_input(g, "a", DT_F32, S2(3, 4));
  expect_type(ir_matmul(g, a, a, false, true), "f32[3,3]");
  cr_expect_null(ir_matmul(g, a, a, true, true));
  expect_error(NNC_ERR_SHAPE,
               "matmul: inner dimensions differ: f32[3,4] (trans_a) x f32[3,4] (trans_b)");
}

Test(ir, transpose_needs_2d) {
  Value *a = ir_input(g, "a", DT_F32, S3(1, 2, 3));
  cr_expect_null(ir_transpose(g, a));
  expect_error(NNC_ERR_SHAPE, "transpose: expected a 2-D operand, found f32[1,2,3]");
}

Test(ir, softmax_needs_an_axis) {
  Value *a = ir_scalar(g, DT_F32, 1);
  cr_expect_null(ir_softmax(g, OP_SOFTMAX, a));
  expect_error(NNC_ERR_SHAPE, "softmax: expected rank >= 1, found f32[]");
}

Test(ir, one_hot_depth_must_be_positive) {
  Value *ids = ir_input(g, "ids", DT_I32, S1(4));
  cr_expect_null(ir_one_hot(g, ids, 0, DT_F32));
  expect_error(NNC_ERR_ARG, "one_hot: depth must be a positive integer, found 0");
}

Test(ir, one_hot_depth_must_be_an_integer) {
  Value *ids = ir_input(g, "ids", DT_I32, S1(4));
  Value p = {0};
  p.op = OP_ONE_HOT, p.nargs = 1, p.args[0] = ids, p.num = 2.5, p.dtype = DT_F32;
  cr_expect_null(ir_build(g, &p));
  expect_error(NNC_ERR_ARG, "one_hot: depth must be a positive integer, found 2.5");
}

Test(ir, one_hot_of_rank_4_exceeds_the_rank_limit) {
  Value *ids = ir_input(g, "ids", DT_I32, ir_shape(4, (int64_t)1, (int64_t)1, (int64_t)1, (int64_t)1));
  cr_expect_null(ir_one_hot(g, ids, 3, DT_F32));
  expect_error(NNC_ERR_SHAPE, "one_hot: result rank would exceed 4: i32[1,1,1,1]");
}

Test(ir, rank_above_4_is_refused) {
  Shape s = ir_shape(5, (int64_t)1, (int64_t)1, (int64_t)1, (int64_t)1, (int64_t)1);
  cr_expect_null(ir_input(g, "x", DT_F32, s));
  expect_error(NNC_ERR_SHAPE, "input: rank must be 0 to 4, found 5");
}

Test(ir, negative_dims_are_refused) {
  cr_expect_null(ir_param(g, "w", DT_F32, S2(3, -1), INIT_ZEROS));
  expect_error(NNC_ERR_SHAPE, "param: dimension 1 is negative: f32[3,-1]");
}

Test(ir, element_count_overflow_is_an_error) {
  int64_t big = 1000000000000; /* 10^12 x 10^12 elements overflow int64 */
  cr_expect_null(ir_input(g, "x", DT_F32, S2(big, big)));
  expect_error(NNC_ERR_SHAPE, "input: too many elements: f32[1000000000000,1000000000000]");
}

Test(ir, inferred_overflow_is_an_error_too) {
  Value *a = ir_input(g, "a", DT_F32, S2(3037000500, 1));
  Value *b = ir_input(g, "b", DT_F32, S2(1, 3037000500));
  cr_expect_not_null(a);
  cr_expect_not_null(b);
  cr_expect_null(ir_binary(g, OP_ADD, a, b));
  cr_expect_eq(g->status, NNC_ERR_SHAPE);
  cr_expect(strstr(g->msg, "add: too many elements") == g->msg, "%s", g->msg);
}

Test(ir, leaves_need_unique_names) {
  cr_expect_not_null(ir_input(g, "x", DT_F32, S1(3)));
  cr_expect_null(ir_state(g, "x", DT_F32, S1(3), 0));
  expect_error(NNC_ERR_ARG, "state: duplicate leaf name \"x\" (already %0)");
}

Test(ir, leaves_need_a_name) {
  cr_expect_null(ir_input(g, NULL, DT_F32, S1(3)));
  expect_error(NNC_ERR_ARG, "input: a name is required");
}

Test(ir, names_are_copied_into_the_arena) {
  char name[8] = "abc";
  Value *x = ir_input(g, name, DT_F32, S1(3));
  name[0] = 'z';
  cr_expect_str_eq(x->name, "abc");
  cr_expect_neq(x->name, name);
}

Test(ir, assign_target_must_be_param_or_state) {
  Value *x = ir_input(g, "x", DT_F32, S1(3));
  Value *w = ir_param(g, "w", DT_F32, S1(3), INIT_ZEROS);
  Value *a = ir_assign(g, w, x);
  expect_type(a, "f32[3]");
  cr_expect_null(ir_assign(g, x, w));
  expect_error(NNC_ERR_ARG, "assign: target must be a param or state, found input %0");
}

Test(ir, assign_value_must_match_target) {
  Value *w = ir_param(g, "w", DT_F32, S1(3), INIT_ZEROS);
  Value *v = ir_input(g, "v", DT_F32, S1(4));
  cr_expect_null(ir_assign(g, w, v));
  expect_error(NNC_ERR_SHAPE, "assign: shapes differ: target f32[3], value f32[4]");
}

Test(ir, assign_is_never_an_operand) {
  Value *w = ir_param(g, "w", DT_F32, S1(3), INIT_ZEROS);
  Value *a = ir_assign(g, w, ir_unary(g, OP_NEG, w));
  cr_expect_null(ir_unary(g, OP_NEG, a));
  expect_error(NNC_ERR_ARG, "neg: operand 0 is an assign, which has no value");
}

Test(ir, null_in_null_out_and_sticky_errors) {
  cr_expect_null(ir_unary(g, OP_NEG, NULL));
  expect_error(NNC_ERR_ARG, "neg: operand 0 is NULL");
  /* once failed, builders return NULL and keep the first message */
  Value *x = ir_input(g, "x", DT_F32, S1(3));
  cr_expect_null(x);
  cr_expect_null(ir_binary(g, OP_ADD, x, x));
  expect_error(NNC_ERR_ARG, "neg: operand 0 is NULL");
  cr_expect_eq(g->nvalues, 0);
}

Test(ir, operands_of_another_graph_are_refused) {
  Graph *h = ir_graph_new();
  Value *y = ir_input(h, "y", DT_F32, S1(3));
  Value *x = ir_input(g, "x", DT_F32, S1(3));
  cr_expect_null(ir_binary(g, OP_ADD, x, y));
  expect_error(NNC_ERR_ARG, "add: operand 1 belongs to another graph");
  ir_graph_free(h);
}

Test(ir, wrong_op_for_a_builder) {
  Value *x = ir_input(g, "x", DT_F32, S1(3));
  cr_expect_null(ir_unary(g, OP_ADD, x));
  expect_error(NNC_ERR_ARG, "ir_unary: add is not an op of this builder");
}

Test(ir, generic_build_checks_arity) {
  Value *x = ir_input(g, "x", DT_F32, S1(3));
  Value p = {0};
  p.op = OP_ADD, p.nargs = 1, p.args[0] = x;
  cr_expect_null(ir_build(g, &p));
  expect_error(NNC_ERR_ARG, "add: expected 2 operands, found 1");
}

Test(ir, build_keeps_only_the_attributes_the_op_uses) {
  Value *x = ir_input(g, "x", DT_F32, S1(3));
  Value p = {0};
  p.op = OP_NEG, p.nargs = 1, p.args[0] = x, p.num = 7, p.axes = 3, p.trans_a = true;
  p.name = "junk";
  Value *v = ir_build(g, &p);
  cr_assert_not_null(v);
  cr_expect_eq(v->num, 0);
  cr_expect_eq(v->axes, 0);
  cr_expect_not(v->trans_a);
  cr_expect_null(v->name);
  cr_expect_eq(v->offset, -1);
}

/* ---- graph.c ---- */

Test(ir, replace_uses_rewrites_operands_and_outputs) {
  Value *x = ir_input(g, "x", DT_F32, S1(3));
  Value *y = ir_input(g, "y", DT_F32, S1(3));
  Value *n = ir_unary(g, OP_NEG, x);
  Value *a = ir_binary(g, OP_ADD, x, n);
  ir_output(g, x);
  ir_replace_uses(g, x, y);
  cr_expect_eq(n->args[0], y);
  cr_expect_eq(a->args[0], y);
  cr_expect_eq(g->outputs[0], y);
}

Test(ir, remove_renumbers_and_keeps_order) {
  Value *x = ir_input(g, "x", DT_F32, S1(3));
  Value *dead1 = ir_unary(g, OP_EXP, x);
  Value *n = ir_unary(g, OP_NEG, x);
  ir_unary(g, OP_LOG, dead1);
  ir_output(g, n);
  bool dead[4] = {false, true, false, true};
  ir_remove(g, dead);
  cr_expect_eq(g->nvalues, 2);
  cr_expect_eq(g->values[0], x);
  cr_expect_eq(g->values[1], n);
  cr_expect_eq(n->id, 1);
  cr_expect_eq(g->outputs[0], n);
}

Test(ir, removing_an_output_is_a_bug, .signal = SIGABRT) {
  Value *x = ir_input(g, "x", DT_F32, S1(3));
  ir_output(g, x);
  bool dead[1] = {true};
  ir_remove(g, dead);
}

Test(ir, toposort_moves_values_after_their_operands_stably) {
  Value *x = ir_input(g, "x", DT_F32, S1(3));
  Value *a = ir_unary(g, OP_NEG, x);
  Value *b = ir_unary(g, OP_EXP, x);
  Value *c = ir_unary(g, OP_LOG, x);
  Value *y = ir_input(g, "y", DT_F32, S1(3));
  a->args[0] = c;            /* a now uses c, which comes later */
  ir_toposort(g);
  Value *want[] = {x, b, c, a, y};
  for (int i = 0; i < 5; i++) {
    cr_expect_eq(g->values[i], want[i], "position %d", i);
    cr_expect_eq(g->values[i]->id, i);
  }
}

Test(ir, toposort_leaves_a_sorted_graph_alone) {
  Value *x = ir_input(g, "x", DT_F32, S1(3));
  Value *c = ir_scalar(g, DT_F32, 1);
  Value *a = ir_binary(g, OP_ADD, x, c);
  Value *y = ir_input(g, "y", DT_F32, S1(3));
  Value *b = ir_binary(g, OP_MUL, a, y);
  ir_toposort(g);
  Value *want[] = {x, c, a, y, b};
  for (int i = 0; i < 5; i++)
    cr_expect_eq(g->values[i], want[i], "position %d", i);
}

Test(ir, toposort_of_a_cycle_is_a_bug, .signal = SIGABRT) {
  Value *x = ir_input(g, "x", DT_F32, S1(3));
  Value *a = ir_unary(g, OP_NEG, x);
  Value *b = ir_unary(g, OP_EXP, a);
  a->args[0] = b;
  ir_toposort(g);
}

Test(ir, slots_are_leaves_then_outputs) {
  Value *x = ir_input(g, "x", DT_F32, S1(3));
  ir_scalar(g, DT_F32, 2);
  Value *w = ir_param(g, "w", DT_F32, S1(3), INIT_ONES);
  Value *s = ir_state(g, "s", DT_F32, S1(3), 0);
  Value *m = ir_binary(g, OP_MUL, x, w);
  ir_output(g, m);
  ir_output(g, w);
  cr_assert_eq(ir_slots(g, NULL), 5);
  Value *slots[5];
  cr_expect_eq(ir_slots(g, slots), 5);
  Value *want[] = {x, w, s, m, w};
  for (int i = 0; i < 5; i++)
    cr_expect_eq(slots[i], want[i], "slot %d", i);
}

Test(ir, many_values_and_big_arena_requests) {
  Value *x = ir_input(g, "x", DT_F32, S1(3));
  for (int i = 0; i < 5000; i++)
    x = ir_unary(g, OP_NEG, x);
  cr_assert_not_null(x);
  cr_expect_eq(g->nvalues, 5001);
  cr_expect_eq(x->id, 5000);
  unsigned char *big = ir_arena_alloc(g, 3 << 20);
  cr_assert_not_null(big);
  for (size_t i = 0; i < (3u << 20); i += 4096)
    cr_expect_eq(big[i], 0);
  cr_expect_eq(g->values[4000]->id, 4000);
}

/* Builds, sorts and prints a graph of 100 values; ir_graph_new and ir_print tell of running
 * out of memory by returning NULL, so their status is made here. */
static nnc_status build_and_print(void *arg) {
  (void)arg;
  Graph *h = ir_graph_new();
  if (!h)
    return base_error(NNC_ERR_NOMEM, "ir_graph_new: out of memory");
  Value *x = ir_input(h, "x", DT_F32, S1(3));
  for (int i = 0; i < 100; i++)
    x = ir_unary(h, OP_NEG, x);
  ir_output(h, x);
  cr_assert(x || h->status != NNC_OK, "a builder returned NULL with no error");
  ir_toposort(h);
  char *text = ir_print(h); /* also of a failed graph: it must not crash */
  nnc_status s = h->status;
  if (s == NNC_OK && !text)
    s = base_error(NNC_ERR_NOMEM, "ir_print: out of memory");
  base_free(text);
  ir_graph_free(h);
  return s;
}

Test(ir, out_of_memory_is_a_clean_error) {
  test_until_ok(build_and_print, NULL, 0);
}
