/* test_verify.c — the verifier accepts valid graphs and names the value of every broken
 * invariant: each test builds a valid graph, corrupts one field by hand, and checks. */
#include <criterion/criterion.h>
#include <string.h>

#include "ir.h"

#define S1(a) ir_shape(1, (int64_t)(a))
#define S2(a, b) ir_shape(2, (int64_t)(a), (int64_t)(b))

/* %0 x:f32[4,3]  %1 w:f32[3,2]  %2 s:f32[3,2]  %3 c:f32[]  %4 matmul  %5 add  %6 sigmoid
 * %7 sum  %8 matmul trans_a  %9 mul  %10 assign w  %11 assign s  %12 mean; outputs %12, %6 */
static Graph *g;
static Value *v[13];

static void setup(void) {
  g = ir_graph_new();
  v[0] = ir_input(g, "x", DT_F32, S2(4, 3));
  v[1] = ir_param(g, "w", DT_F32, S2(3, 2), INIT_GLOROT_UNIFORM);
  v[2] = ir_state(g, "s", DT_F32, S2(3, 2), 0);
  v[3] = ir_scalar(g, DT_F32, 0.5);
  v[4] = ir_matmul(g, v[0], v[1], false, false);
  v[5] = ir_binary(g, OP_ADD, v[4], v[3]);
  v[6] = ir_unary(g, OP_SIGMOID, v[5]);
  v[7] = ir_reduce(g, OP_SUM, v[6], 1, false);
  v[8] = ir_matmul(g, v[0], v[6], true, false);
  v[9] = ir_binary(g, OP_MUL, v[8], v[3]);
  v[10] = ir_assign(g, v[1], v[9]);
  v[11] = ir_assign(g, v[2], v[8]);
  v[12] = ir_reduce(g, OP_MEAN, v[6], 3, false);
  ir_output(g, v[12]);
  ir_output(g, v[6]);
  cr_assert_eq(g->status, NNC_OK, "%s", g->msg);
  cr_assert_eq(ir_verify(g), NNC_OK, "%s", nnc_last_error());
}

static void teardown(void) {
  ir_graph_free(g);
}

TestSuite(ir, .init = setup, .fini = teardown);

static void expect_broken(const char *msg) {
  nnc_status st = ir_verify(g);
  cr_expect_eq(st, NNC_ERR_INTERNAL, "status %s (%s)", nnc_status_name(st), nnc_last_error());
  cr_expect_str_eq(nnc_last_error(), msg);
}

/* A plan that fits: non-leaf non-assign values at 64-aligned offsets, the rest -1. */
static void plan(void) {
  int64_t at = 0;
  for (int i = 0; i < g->nvalues; i++) {
    Value *x = g->values[i];
    if ((ir_op_flags(x->op) & OPF_LEAF) || x->op == OP_ASSIGN)
      continue;
    x->offset = at;
    at += (ir_numel(x->shape) * (int64_t)ir_dtype_size(x->dtype) + 63) / 64 * 64;
  }
  g->scratch_bytes = at;
  g->planned = true;
}

Test(ir, verify_accepts_valid_and_planned_graphs) {
  cr_expect_eq(ir_verify(g), NNC_OK);
  plan();
  cr_expect_eq(ir_verify(g), NNC_OK, "%s", nnc_last_error());
}

Test(ir, verify_id_must_equal_index) {
  v[5]->id = 7;
  expect_broken("verify: values[5] (add) has id 7");
}

Test(ir, verify_null_value) {
  g->values[3] = NULL;
  expect_broken("verify: values[3] is NULL");
}

Test(ir, verify_unknown_op) {
  v[6]->op = OP_COUNT;
  char want[64];
  snprintf(want, sizeof want, "verify: %%6 (?): unknown op %d", (int)OP_COUNT);
  expect_broken(want);
}

Test(ir, verify_operand_defined_later) {
  v[5]->args[1] = v[9];
  expect_broken("verify: %5 (add): operand 1 is %9, defined later");
}

Test(ir, verify_operand_is_the_value_itself) {
  v[6]->args[0] = v[6];
  expect_broken("verify: %6 (sigmoid): operand 0 is the value itself");
}

Test(ir, verify_operand_of_another_graph) {
  Graph *h = ir_graph_new();
  Value *y = ir_input(h, "y", DT_F32, ir_shape(0));
  v[5]->args[1] = y;
  expect_broken("verify: %5 (add): operand 1 is not a value of this graph");
  ir_graph_free(h);
}

Test(ir, verify_operand_null) {
  v[9]->args[0] = NULL;
  expect_broken("verify: %9 (mul): operand 0 is NULL");
}

Test(ir, verify_arity) {
  v[5]->nargs = 3;
  v[5]->args[2] = v[3];
  expect_broken("verify: %5 (add): expected 2 operands, found 3");
}

Test(ir, verify_result_dtype) {
  v[6]->dtype = DT_F64;
  expect_broken("verify: %6 (sigmoid): type is f64[4,2], but its operands give f32[4,2]");
}

Test(ir, verify_result_shape) {
  v[4]->shape.dim[1] = 3;
  expect_broken("verify: %4 (matmul): type is f32[4,3], but its operands give f32[4,2]");
}

Test(ir, verify_operand_dtypes_agree) {
  v[3]->dtype = DT_F64; /* the const itself is fine; add sees f32 + f64 */
  expect_broken("verify: %5 (add): operand dtypes differ: f32[4,2] vs f64[]");
}

Test(ir, verify_operand_shapes_fit) {
  v[1]->shape.dim[0] = 5;
  v[2]->shape.dim[0] = 5; /* keep the state's assign consistent; matmul breaks first */
  expect_broken("verify: %4 (matmul): inner dimensions differ: f32[4,3] x f32[5,2]");
}

Test(ir, verify_axes_within_rank) {
  v[7]->axes = 1u << 2;
  expect_broken("verify: %7 (sum): axes=[2] reach beyond the rank of f32[4,2]");
}

Test(ir, verify_leaf_needs_a_name) {
  v[0]->name = NULL;
  expect_broken("verify: %0 (input): a name is required");
}

Test(ir, verify_leaf_rank_and_dims) {
  v[3]->shape.rank = 5;
  expect_broken("verify: %3 (const): rank must be 0 to 4, found 5");
}

Test(ir, verify_leaf_negative_dim) {
  v[0]->shape.dim[0] = -4;
  expect_broken("verify: %0 (input): dimension 0 is negative: f32[-4,3]");
}

Test(ir, verify_param_initializer) {
  v[1]->init = (InitKind)42;
  expect_broken("verify: %1 (param): unknown initializer 42");
}

Test(ir, verify_leaf_names_unique) {
  v[2]->name = "x";
  expect_broken("verify: %2 (state): leaf name \"x\" is also the name of %0");
}

Test(ir, verify_only_leaves_have_names) {
  v[9]->name = "mul";
  expect_broken("verify: %9 (mul): has a name (\"mul\") but is not a named leaf");
}

Test(ir, verify_assign_target_is_param_or_state) {
  v[11]->args[0] = v[8]; /* a matmul: not a leaf */
  expect_broken("verify: %11 (assign): target must be a param or state, found matmul %8");
}

Test(ir, verify_assign_types_match) {
  v[11]->args[1] = v[6];
  expect_broken("verify: %11 (assign): shapes differ: target f32[3,2], value f32[4,2]");
}

Test(ir, verify_assign_is_never_an_operand) {
  v[12]->args[0] = v[10];
  expect_broken("verify: %12 (mean): operand 0 is an assign, which has no value");
}

Test(ir, verify_assign_is_never_an_output) {
  g->outputs[1] = v[11];
  expect_broken("verify: %11 (assign): is output 1, but an assign has no value");
}

Test(ir, verify_outputs_in_graph) {
  Graph *h = ir_graph_new();
  g->outputs[0] = ir_input(h, "y", DT_F32, ir_shape(0));
  expect_broken("verify: output 0 is not a value of this graph");
  g->outputs[0] = NULL;
  expect_broken("verify: output 0 is not a value of this graph");
  ir_graph_free(h);
}

Test(ir, verify_cmp_kind) {
  Value *k = ir_cmp(g, CMP_LT, v[6], v[3]);
  cr_assert_not_null(k);
  k->cmp = (CmpKind)9;
  expect_broken("verify: %13 (cmp): unknown comparison 9");
}

Test(ir, verify_offsets_are_aligned) {
  plan();
  v[6]->offset += 8;
  char want[96];
  snprintf(want, sizeof want, "verify: %%6 (sigmoid): offset %lld is not a 64-aligned scratch offset",
           (long long)v[6]->offset);
  expect_broken(want);
}

Test(ir, verify_offsets_are_in_scratch) {
  plan();
  g->scratch_bytes -= 64;
  expect_broken("verify: %12 (mean): bytes 384..388 lie beyond the scratch size 384");
}

Test(ir, verify_planned_values_have_offsets) {
  plan();
  v[5]->offset = -1;
  expect_broken("verify: %5 (add): offset -1 is not a 64-aligned scratch offset");
}

Test(ir, verify_leaves_and_assigns_have_no_offset) {
  plan();
  v[1]->offset = 0;
  expect_broken("verify: %1 (param): has offset 0, expected -1 (no buffer)");
  v[1]->offset = -1;
  v[3]->offset = 64; /* CONST has no buffer either, planned or not */
  expect_broken("verify: %3 (const): has offset 64, expected -1 (no buffer)");
  v[3]->offset = -1;
  v[10]->offset = 128;
  expect_broken("verify: %10 (assign): has offset 128, expected -1 (no buffer)");
}

Test(ir, verify_graph_with_a_recorded_error) {
  ir_binary(g, OP_ADD, v[0], v[1]);
  nnc_status st = ir_verify(g);
  cr_expect_eq(st, NNC_ERR_SHAPE);
  cr_expect_str_eq(nnc_last_error(),
                   "verify: the graph holds an error: add: shapes do not broadcast: f32[4,3] vs "
                   "f32[3,2]");
}

Test(ir, verify_counts) {
  int n = g->nvalues;
  g->nvalues = g->cap + 1;
  char want[96];
  snprintf(want, sizeof want, "verify: value list of %d entries with capacity %d", g->cap + 1,
           g->cap);
  expect_broken(want);
  g->nvalues = n;
}

Test(ir, verify_accepts_every_golden_file) {
  const char *files[] = {"every_op", "named", "numbers", "mlp_sgd"};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    char path[512];
    snprintf(path, sizeof path, "%s/ir/golden/%s.ir", NNC_TEST_DATA, files[i]);
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    static char text[1 << 16];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = 0;
    fclose(f);
    Graph *h;
    cr_assert_eq(ir_parse(text, path, &h), NNC_OK, "%s", nnc_last_error());
    cr_expect_eq(ir_verify(h), NNC_OK, "%s: %s", path, nnc_last_error());
    ir_graph_free(h);
  }
}
