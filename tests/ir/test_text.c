/* test_text.c — the IR text format: exact printing, round trips, parse errors. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "support.h"

TestSuite(ir);

#define S1(a) ir_shape(1, (int64_t)(a))
#define S2(a, b) ir_shape(2, (int64_t)(a), (int64_t)(b))

/* parse(text) must succeed; returns print of the result. */
static char *reprint(const char *text, const char *file) {
  Graph *g = NULL;
  nnc_status st = ir_parse(text, file, &g);
  cr_assert_eq(st, NNC_OK, "%s: %s", file, nnc_last_error());
  char *s = ir_print(g);
  cr_assert_not_null(s);
  ir_graph_free(g);
  return s;
}

static void expect_round_trip(const Graph *g) {
  char *a = ir_print(g);
  cr_assert_not_null(a);
  char *b = reprint(a, "printed");
  cr_expect_str_eq(b, a);
  base_free(a);
  base_free(b);
}

static void expect_parse_error(const char *text, nnc_status code, const char *msg) {
  Graph *g = (Graph *)1;
  nnc_status st = ir_parse(text, "t.ir", &g);
  cr_expect_eq(st, code, "status %s, want %s (%s)", nnc_status_name(st), nnc_status_name(code),
               nnc_last_error());
  cr_expect_null(g);
  cr_expect_str_eq(nnc_last_error(), msg);
}

Test(ir, print_writes_the_documented_format) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F32, S2(32, 784));
  Value *w = ir_param(g, "dense/kernel", DT_F32, S2(784, 25), INIT_GLOROT_UNIFORM);
  ir_state(g, "adam/m/dense/kernel", DT_F32, S2(784, 25), 0);
  Value *c = ir_scalar(g, DT_F32, 0.5);
  Value *m = ir_matmul(g, x, w, false, false);
  ir_matmul(g, x, m, true, false);
  Value *s = ir_reduce(g, OP_SUM, m, 1, true);
  ir_cmp(g, CMP_GT, m, c);
  Value *p = ir_pow(g, m, 2);
  ir_leaky_relu(g, m, 0.3);
  Value *r = ir_reshape(g, s, S1(25));
  ir_broadcast(g, r, S2(32, 25));
  ir_cast(g, m, DT_F64);
  Value *l = ir_reduce(g, OP_MEAN, p, 3, false);
  ir_output(g, l);
  cr_assert_eq(g->status, NNC_OK, "%s", g->msg);
  char *text = ir_print(g);
  cr_expect_str_eq(text,
                   "%0 = input \"x\" : f32[32,784]\n"
                   "%1 = param \"dense/kernel\" init=glorot_uniform : f32[784,25]\n"
                   "%2 = state \"adam/m/dense/kernel\" fill=0 : f32[784,25]\n"
                   "%3 = const 0.5 : f32[]\n"
                   "%4 = matmul %0, %1 : f32[32,25]\n"
                   "%5 = matmul %0, %4 trans_a : f32[784,25]\n"
                   "%6 = sum %4 axes=[0] keepdims : f32[1,25]\n"
                   "%7 = cmp.gt %4, %3 : f32[32,25]\n"
                   "%8 = pow %4 exponent=2 : f32[32,25]\n"
                   "%9 = leaky_relu %4 slope=0.3 : f32[32,25]\n"
                   "%10 = reshape %6 : f32[25]\n"
                   "%11 = broadcast %10 : f32[32,25]\n"
                   "%12 = cast %4 : f64[32,25]\n"
                   "%13 = mean %8 axes=[0,1] : f32[]\n"
                   "output %13\n");
  base_free(text);
  expect_round_trip(g);
  ir_graph_free(g);
}

Test(ir, print_type_formats_scalars_and_tensors) {
  char b[64];
  ir_print_type(b, sizeof b, DT_F32, S2(32, 784));
  cr_expect_str_eq(b, "f32[32,784]");
  ir_print_type(b, sizeof b, DT_I32, ir_shape(0));
  cr_expect_str_eq(b, "i32[]");
  ir_print_type(b, 8, DT_F64, S2(123456, 7)); /* truncated, still terminated */
  cr_expect_str_eq(b, "f64[123");
}

Test(ir, empty_graph_prints_empty_text) {
  Graph *g = ir_graph_new();
  char *s = ir_print(g);
  cr_expect_str_eq(s, "");
  base_free(s);
  ir_graph_free(g);
  char *t = reprint("# nothing here\n\n   \n", "empty");
  cr_expect_str_eq(t, "");
  base_free(t);
}

Test(ir, round_trip_of_a_built_graph_with_every_builder) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "in \"q\" \\ x", DT_F64, S2(4, 3));
  Value *ids = ir_input(g, "ids", DT_I32, S1(4));
  Value *w = ir_param(g, "w", DT_F64, S2(3, 3), INIT_HE_UNIFORM);
  Value *st = ir_state(g, "v", DT_F64, S2(3, 3), 1.0 / 3);
  Value *c = ir_const(g, DT_F64, S1(3), -1e-300);
  Value *h = ir_matmul(g, x, w, false, true);
  Value *a = ir_binary(g, OP_DIV, h, c);
  for (OpKind op = OP_NEG; op <= OP_TANH; op++)
    if (op != OP_POW)
      a = ir_unary(g, op, a);
  a = ir_select(g, ir_cmp(g, CMP_NE, a, c), a, ir_leaky_relu(g, a, 0.1));
  Value *sm = ir_softmax(g, OP_LOG_SOFTMAX, a);
  Value *o = ir_one_hot(g, ids, 3, DT_F64);
  Value *d = ir_binary(g, OP_MIN, ir_matmul(g, sm, o, true, false), ir_pow(g, st, 0.5));
  ir_output(g, ir_transpose(g, sm));
  ir_assign(g, st, d);
  ir_assign(g, w, ir_broadcast(g, ir_reduce(g, OP_SUM, d, 1, false), S2(3, 3)));
  ir_output(g, ir_reduce(g, OP_MEAN, d, 3, false));
  ir_output(g, w);
  cr_assert_eq(g->status, NNC_OK, "%s", g->msg);
  expect_round_trip(g);
  ir_graph_free(g);
}

Test(ir, numbers_round_trip_exactly) {
  double xs[] = {0.1, 1.0 / 3, 2.0 / 3, 1e-300, 5e-324, 1.7976931348623157e308, -0.0,
                 123456789012345678.0, 0.3, 1e23, -7};
  TestRng r = test_rng(7);
  for (int i = 0; i < 200; i++) {
    Graph *g = ir_graph_new();
    double x = i < 11 ? xs[i] : test_uniform(&r, -1e6, 1e6) * pow(10, (i % 40) - 20);
    ir_scalar(g, DT_F64, x);
    char *a = ir_print(g);
    Graph *h = NULL;
    cr_assert_eq(ir_parse(a, "n", &h), NNC_OK, "%s", nnc_last_error());
    cr_expect_eq(memcmp(&h->values[0]->num, &x, sizeof x), 0, "%.17g printed as %s", x, a);
    base_free(a);
    ir_graph_free(g);
    ir_graph_free(h);
  }
}

Test(ir, nan_and_infinities_round_trip) {
  char *s = reprint("%a = const nan : f32[]\n%b = const -inf : f64[]\n%c = const inf : f64[]\n",
                    "n");
  cr_expect_str_eq(s, "%0 = const nan : f32[]\n%1 = const -inf : f64[]\n%2 = const inf : f64[]\n");
  base_free(s);
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  cr_assert_not_null(f, "cannot open %s", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
  s[n] = 0;
  fclose(f);
  return s;
}

Test(ir, every_golden_file_round_trips) {
  const char *dir = NNC_TEST_DATA "/ir/golden";
  DIR *d = opendir(dir);
  cr_assert_not_null(d, "no %s", dir);
  int n = 0;
  for (struct dirent *e; (e = readdir(d));) {
    size_t len = strlen(e->d_name);
    if (len < 4 || strcmp(e->d_name + len - 3, ".ir") != 0)
      continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    char *text = slurp(path);
    char *once = reprint(text, path);
    char *twice = reprint(once, path);
    cr_expect_str_eq(twice, once, "%s does not round-trip", path);
    snprintf(path + strlen(path) - 3, 16, ".printed"); /* the exact print, where given */
    FILE *f = fopen(path, "rb");
    if (f) {
      fclose(f);
      char *want = slurp(path);
      cr_expect_str_eq(once, want, "%s", path);
      free(want);
    }
    free(text);
    base_free(once);
    base_free(twice);
    n++;
  }
  closedir(d);
  cr_expect_geq(n, 4, "only %d golden files", n);
}

Test(ir, planned_graph_prints_its_plan_and_parses_back) {
  char *text = slurp(NNC_TEST_DATA "/ir/golden/planned.ir");
  Graph *g = NULL;
  cr_assert_eq(ir_parse(text, "planned.ir", &g), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(ir_verify(g), NNC_OK, "%s", nnc_last_error());
  cr_expect(g->planned);
  cr_expect_eq(g->scratch_bytes, 256);
  static const int64_t want[] = {-1, -1, -1, 0, -1, 64, 128};
  for (int i = 0; i < g->nvalues; i++)
    cr_expect_eq(g->values[i]->offset, want[i], "%%%d at %lld", i, (long long)g->values[i]->offset);
  expect_round_trip(g);
  Graph *c = NULL;
  cr_assert_eq(ir_clone(g, &c), NNC_OK);
  char *a = ir_print(g), *b = ir_print(c);
  cr_expect_str_eq(b, a, "a clone prints as its original");
  base_free(a);
  base_free(b);
  ir_graph_free(c);
  ir_graph_free(g);
  free(text);
}

Test(ir, unplanned_graph_prints_no_offsets) {
  Graph *g = NULL;
  cr_assert_eq(ir_parse("%x = input \"x\" : f32[3]\n%n = neg %x : f32[3]\noutput %n\n", "t", &g),
               NNC_OK);
  g->values[1]->offset = 0; /* stale: only a planned graph's offsets mean anything */
  char *s = ir_print(g);
  cr_expect_str_eq(s, "%0 = input \"x\" : f32[3]\n%1 = neg %0 : f32[3]\noutput %1\n");
  base_free(s);
  ir_graph_free(g);
}

Test(ir, error_plan_lines) {
  expect_parse_error("%x = input \"x\" : f32[3]\n%n = neg %x offset=0 : f32[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:2:20: error: offset= needs a 'scratch BYTES' line before the first "
                     "value (the graph is not planned)");
  expect_parse_error("%x = input \"x\" : f32[3]\nscratch 64\n", NNC_ERR_SYNTAX,
                     "t.ir:2:1: error: scratch must come before the first value");
  expect_parse_error("scratch 64\nscratch 64\n", NNC_ERR_SYNTAX,
                     "t.ir:2:1: error: scratch given twice");
  expect_parse_error("scratch -1\n", NNC_ERR_SYNTAX,
                     "t.ir:1:9: error: expected the scratch size in bytes, found '-1'");
  expect_parse_error("scratch 64 64\n", NNC_ERR_SYNTAX,
                     "t.ir:1:12: error: expected end of line after the scratch size, found '64'");
}

/* ---- parse errors: FILE:LINE:COL of the offending token ---- */

Test(ir, error_unknown_op_suggests_a_close_one) {
  expect_parse_error("%0 = input \"x\" : f32[3]\n%1 = matmull %0, %0 : f32[3,3]\n", NNC_ERR_SYNTAX,
                     "t.ir:2:6: error: unknown op 'matmull'; did you mean 'matmul'?");
  expect_parse_error("%0 = frobnicate : f32[]\n", NNC_ERR_SYNTAX,
                     "t.ir:1:6: error: unknown op 'frobnicate'");
  expect_parse_error("%0 = input \"x\" : f32[3]\n%1 = cmp.gtt %0, %0 : f32[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:2:6: error: unknown op 'cmp.gtt'; did you mean 'cmp.gt'?");
  expect_parse_error("%0 = input \"x\" : f32[3]\n%1 = cmp %0, %0 : f32[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:2:6: error: cmp needs a comparison: cmp.lt, cmp.le, cmp.gt, cmp.ge, "
                     "cmp.eq or cmp.ne");
}

Test(ir, error_undefined_value) {
  expect_parse_error("%x = input \"x\" : f32[3]\n%y = add %x, %z : f32[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:2:14: error: undefined value '%z'");
  expect_parse_error("output %q\n", NNC_ERR_SYNTAX, "t.ir:1:8: error: undefined value '%q'");
}

Test(ir, error_redefinition) {
  expect_parse_error("%x = input \"x\" : f32[3]\n\n  %x = neg %x : f32[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:3:3: error: redefinition of '%x' (first defined on line 1)");
}

Test(ir, error_bad_type) {
  expect_parse_error("%x = input \"x\" : f16[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:1:18: error: expected a dtype (f32, f64 or i32), found 'f16'");
  expect_parse_error("%x = input \"x\" : f32[3,x]\n", NNC_ERR_SYNTAX,
                     "t.ir:1:24: error: expected a dimension, found 'x'");
  expect_parse_error("%x = input \"x\" : f32[3,-1]\n", NNC_ERR_SYNTAX,
                     "t.ir:1:24: error: expected a dimension, found '-1'");
  expect_parse_error("%x = input \"x\" : f32[1,2,3,4,5]\n", NNC_ERR_SHAPE,
                     "t.ir:1:30: error: too many dimensions (at most 4)");
  expect_parse_error("%x = input \"x\" : f32[3\n", NNC_ERR_SYNTAX,
                     "t.ir:1:23: error: expected ',' or ']', found end of line");
  expect_parse_error("%x = input \"x\" : f32[99999999999999999999]\n", NNC_ERR_SYNTAX,
                     "t.ir:1:22: error: a dimension out of range: '99999999999999999999'");
}

Test(ir, error_declared_type_disagrees) {
  expect_parse_error("%a = input \"a\" : f32[32,784]\n%b = param \"b\" init=zeros : f32[784,25]\n"
                     "%c = matmul %a, %b : f32[32,26]\n",
                     NNC_ERR_SHAPE,
                     "t.ir:3:22: error: declared type f32[32,26], but matmul gives f32[32,25]");
  expect_parse_error("%a = input \"a\" : f32[3]\n%b = neg %a : f64[3]\n", NNC_ERR_TYPE,
                     "t.ir:2:15: error: declared type f64[3], but neg gives f32[3]");
}

Test(ir, error_builder_checks_point_at_the_op) {
  expect_parse_error("%a = input \"a\" : f32[32,784]\n%b = param \"b\" init=zeros : f32[785,25]\n"
                     "%c = matmul %a, %b : f32[32,25]\n",
                     NNC_ERR_SHAPE,
                     "t.ir:3:6: error: matmul: inner dimensions differ: f32[32,784] x f32[785,25]");
  expect_parse_error("%a = input \"a\" : f32[3]\n%b = input \"a\" : f32[3]\n", NNC_ERR_ARG,
                     "t.ir:2:6: error: input: duplicate leaf name \"a\" (already %0)");
  expect_parse_error("%a = input \"a\" : f32[3]\n%b = assign %a, %a : f32[3]\n", NNC_ERR_ARG,
                     "t.ir:2:6: error: assign: target must be a param or state, found input %0");
  expect_parse_error("%a = input \"a\" : f32[3]\n%b = sum %a axes=[0,2] : f32[]\n", NNC_ERR_SHAPE,
                     "t.ir:2:6: error: sum: axes=[0,2] reach beyond the rank of f32[3]");
  expect_parse_error("%a = input \"a\" : f32[3]\n%b = one_hot %a depth=0 : f32[3,0]\n",
                     NNC_ERR_ARG,
                     "t.ir:2:6: error: one_hot: depth must be a positive integer, found 0");
  expect_parse_error("%a = input \"\" : f32[3]\n", NNC_ERR_ARG,
                     "t.ir:1:6: error: input: a name is required");
}

Test(ir, error_missing_punctuation) {
  expect_parse_error("%x = input \"x\" f32[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:1:16: error: expected ':' before the type, found 'f32'");
  expect_parse_error("%x input \"x\" : f32[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:1:4: error: expected '=' after the value name, found 'input'");
  expect_parse_error("%x = input \"x\" : f32[3]\n%y = add %x %x : f32[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:2:13: error: expected ',' (add takes 2 operands), found '%x'");
  expect_parse_error("%x = input \"x\" : f32[3]\n%y = add %x : f32[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:2:13: error: expected ',' (add takes 2 operands), found ':'");
  expect_parse_error("%x = input \"x\" : f32[3] junk\n", NNC_ERR_SYNTAX,
                     "t.ir:1:25: error: expected end of line after the type, found 'junk'");
  expect_parse_error("x = input \"x\" : f32[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:1:1: error: expected '%name = ...' or 'output %name', found 'x'");
  expect_parse_error("% = input \"x\" : f32[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:1:1: error: expected a value name after '%'");
  expect_parse_error("%x = input x : f32[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:1:12: error: expected a name in double quotes, found 'x'");
}

Test(ir, error_strings) {
  expect_parse_error("%x = input \"abc : f32[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:1:12: error: unterminated string");
  expect_parse_error("%x = input \"ab\\\" : f32[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:1:12: error: unterminated string");
  expect_parse_error("%x = input \"a\\nb\" : f32[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:1:14: error: unknown escape '\\n' (only \\\" and \\\\)");
}

Test(ir, error_attributes) {
  expect_parse_error("%x = input \"x\" : f32[3]\n%p = pow %x : f32[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:2:13: error: pow needs exponent=");
  expect_parse_error("%x = input \"x\" : f32[3]\n%p = neg %x slope=2 : f32[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:2:13: error: neg takes no attribute 'slope'");
  expect_parse_error("%x = param \"x\" init=glorot : f32[3]\n", NNC_ERR_SYNTAX,
                     "t.ir:1:21: error: expected an initializer (zeros, ones, glorot_uniform, "
                     "glorot_normal, he_normal, he_uniform, lecun_normal, lecun_uniform, "
                     "random_uniform, random_normal, truncated_normal, constant, "
                     "variance_scaling, orthogonal, identity), found 'glorot'");
  expect_parse_error("%x = input \"x\" : f32[3,3]\n%m = matmul %x, %x trans_a trans_a : f32[3,3]\n",
                     NNC_ERR_SYNTAX, "t.ir:2:28: error: attribute 'trans_a' given twice");
  expect_parse_error("%x = input \"x\" : f32[3,3]\n%s = sum %x axes=[0,0] : f32[3]\n",
                     NNC_ERR_SYNTAX, "t.ir:2:21: error: axis 0 given twice");
  expect_parse_error("%x = input \"x\" : f32[3,3]\n%s = sum %x axes=[32] : f32[3]\n",
                     NNC_ERR_SYNTAX, "t.ir:2:19: error: an axis out of range: '32'");
  expect_parse_error("%c = const 1.2.3 : f32[]\n", NNC_ERR_SYNTAX,
                     "t.ir:1:12: error: bad number '1.2.3'");
  expect_parse_error("%c = const : f32[]\n", NNC_ERR_SYNTAX,
                     "t.ir:1:12: error: expected a number, found ':'");
  expect_parse_error("%x = state \"s\" fill 1 : f32[]\n", NNC_ERR_SYNTAX,
                     "t.ir:1:21: error: expected '=', found '1'");
}

Test(ir, error_file_name_defaults) {
  Graph *g;
  cr_expect_eq(ir_parse("%x = bogus\n", NULL, &g), NNC_ERR_SYNTAX);
  cr_expect_str_eq(nnc_last_error(), "<input>:1:6: error: unknown op 'bogus'");
  cr_expect_eq(ir_parse(NULL, "f", &g), NNC_ERR_ARG);
}

Test(ir, crlf_and_comments_are_accepted) {
  char *s = reprint("%x = input \"x\" : f32[3]   # a comment\r\n#only a comment\r\n"
                    "output %x\r\n", "crlf");
  cr_expect_str_eq(s, "%0 = input \"x\" : f32[3]\noutput %0\n");
  base_free(s);
}

/* Robustness: every prefix and many random mutations of valid text parse or fail cleanly
 * (the sanitizer build turns any out-of-bounds read into a failure). */
Test(ir, parser_survives_truncation_and_mutation) {
  char *text = slurp(NNC_TEST_DATA "/ir/golden/every_op.ir");
  size_t n = strlen(text);
  char *buf = malloc(n + 1);
  for (size_t k = 0; k <= n; k += 3) {
    memcpy(buf, text, k);
    buf[k] = 0;
    Graph *g = NULL;
    if (ir_parse(buf, "cut", &g) == NNC_OK)
      cr_expect_eq(ir_verify(g), NNC_OK, "%s", nnc_last_error());
    ir_graph_free(g);
  }
  TestRng r = test_rng(1);
  const char alphabet[] = "%=,:[]\"\\#\n 0123456789.-+eafinx_";
  for (int i = 0; i < 3000; i++) {
    memcpy(buf, text, n + 1);
    for (int m = 0; m < 1 + i % 4; m++) {
      size_t at = (size_t)test_uniform(&r, 0, (double)n);
      buf[at] = alphabet[(size_t)test_uniform(&r, 0, sizeof alphabet - 1)];
    }
    Graph *g = NULL;
    if (ir_parse(buf, "mut", &g) == NNC_OK)
      cr_expect_eq(ir_verify(g), NNC_OK, "%s", nnc_last_error());
    else
      cr_expect(strncmp(nnc_last_error(), "mut:", 4) == 0, "%s", nnc_last_error());
    ir_graph_free(g);
  }
  free(buf);
  free(text);
}

/* Parses and prints the text; ir_print tells of running out of memory by returning NULL. */
static nnc_status parse_and_print(void *text) {
  Graph *g = NULL;
  nnc_status st = ir_parse(text, "oom", &g);
  if (st != NNC_OK)
    cr_assert_null(g);
  char *s = st == NNC_OK ? ir_print(g) : NULL;
  if (st == NNC_OK && !s)
    st = base_error(NNC_ERR_NOMEM, "ir_print: out of memory");
  base_free(s);
  ir_graph_free(g);
  return st;
}

Test(ir, parse_and_print_out_of_memory) {
  char *text = slurp(NNC_TEST_DATA "/ir/golden/every_op.ir");
  test_until_ok(parse_and_print, text, 200);
  free(text);
}
