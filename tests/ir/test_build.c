/* test_build.c — builders: inferred types, broadcasting, and the errors they record. */
#include <criterion/criterion.h>
#include <string.h>

#include "ir.h"

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
