/* test_guard.c — the NaN guard fused into the update (codegen/guard.c): a kernel that
 * assigns a float param or state ORs 1 into the flag word after the scratch when an
 * element it wrote is NaN or ±Inf, fused with the update's arithmetic or as an ASSIGN of
 * its own, in f32 and f64, in the vector body and in a tail's active lanes; finite updates
 * leave the flag alone, and so do a tail's inactive lanes. */
#define _POSIX_C_SOURCE 200809L
#include "cgtest.h"

enum { N = 37 }; /* two vectors of 16 f32 and a tail of 5 */

/* w -= x, over N elements: fused (one kernel) or with the ASSIGN a copy kernel of its own. */
static Graph *update(DType dt, bool fused, Value **x) {
  Graph *g = ir_graph_new();
  *x = ir_input(g, "x", dt, ir_shape(1, (int64_t)N));
  Value *w = ir_param(g, "w", dt, ir_shape(1, (int64_t)N), INIT_ZEROS);
  ir_assign(g, w, ir_binary(g, OP_SUB, w, *x));
  cr_assert_eq(g->status, NNC_OK, "%s", g->msg);
  PassCtx cx = {0};
  if (fused)
    cr_assert_eq(pass_fuse(g, &cx), NNC_OK, "%s", base_last_error());
  return g;
}

/* The flag after one step in which x[at] = bad (at < 0: all of x finite). */
static int32_t flag_after(DType dt, bool fused, int at, double bad) {
  Value *x;
  Ct t;
  ct_init(&t, update(dt, fused, &x));
  TestRng r = test_rng(7);
  ct_fill(&t, &r);
  int xs = -1;
  for (int s = 0; s < t.nslots; s++)
    xs = t.slots[s] == x ? s : xs;
  cr_assert_geq(xs, 0);
  if (at >= 0)
    ct_put(t.buf[xs], dt, (size_t)at, bad);
  int64_t off = cg_guard_offset(t.g);
  cr_assert_geq(off, 0, "a graph that assigns a param has the guard's flag");
  cr_assert_leq(off + 4, cg_scratch_bytes(t.g));
  int32_t *flag = (int32_t *)((char *)t.scratch + off);
  *flag = 0;
  ct_compile(&t);
  t.fn(t.buf, t.scratch, ct_pool());
  int32_t f = *flag;
  ct_free(&t);
  return f;
}

static void each_place(DType dt, bool fused) {
  cr_expect_eq(flag_after(dt, fused, -1, 0), 0, "finite update");
  cr_expect_eq(flag_after(dt, fused, 0, INFINITY), 1, "Inf in the first vector");
  cr_expect_eq(flag_after(dt, fused, 20, NAN), 1, "NaN in the second vector");
  cr_expect_eq(flag_after(dt, fused, N - 1, -INFINITY), 1, "-Inf in the tail");
  cr_expect_eq(flag_after(dt, fused, N - 1, 1e30), 0, "a large finite value");
}

Test(guard, fused_update_f32) {
  each_place(DT_F32, true);
}

Test(guard, fused_update_f64) {
  each_place(DT_F64, true);
}

Test(guard, assign_of_its_own_f32) {
  each_place(DT_F32, false);
}

Test(guard, assign_of_its_own_f64) {
  each_place(DT_F64, false);
}

Test(guard, a_graph_that_assigns_no_param_has_no_flag) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F32, ir_shape(1, (int64_t)N));
  ir_output(g, ir_unary(g, OP_NEG, x));
  PassCtx cx = {0};
  cr_assert_eq(pass_plan(g, &cx), NNC_OK, "%s", base_last_error());
  cr_expect_eq(cg_guard_offset(g), -1);
  cr_expect_eq(cg_scratch_bytes(g), g->scratch_bytes);
  ir_graph_free(g);
}

/* NNC_NAN_GUARD=off: no flag, no notes (fit then scans the state), and a target id of its
 * own, so the compile cache never mixes the two kinds of code. */
Test(guard, off_by_name) {
  char *on = NULL, *off = NULL;
  cr_assert_eq(cg_target_id(&on), NNC_OK);
  cr_assert_eq(setenv("NNC_NAN_GUARD", "off", 1), 0);
  cr_assert_eq(cg_target_id(&off), NNC_OK);
  cr_expect_str_neq(on, off);
  Value *x;
  Graph *g = update(DT_F32, true, &x);
  PassCtx cx = {0};
  cr_assert_eq(pass_plan(g, &cx), NNC_OK, "%s", base_last_error());
  cr_expect_eq(cg_guard_offset(g), -1);
  cr_expect_eq(cg_scratch_bytes(g), g->scratch_bytes);
  ir_graph_free(g);
  base_free(on);
  base_free(off);
}
