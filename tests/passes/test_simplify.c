/* test_simplify.c — pass_simplify: golden files, and equal results before and after.
 *
 * Each tests/passes/golden/simplify_*.ir holds an input graph and, after a line
 * `# expect:`, the graph printed after pass_simplify. The golden test parses the input,
 * checks that it round-trips through the printer, runs the pass, verifies and compares the
 * printed result (and that the expected text itself round-trips). Set NNC_UPDATE_GOLDEN=1
 * to rewrite the expected parts; review the diff as a behaviour change.
 * The equivalence tests evaluate a graph and its simplified copy with ir_eval on the same
 * random inputs and compare every output and every leaf an ASSIGN wrote.
 */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evalbuf.h"
#include "golden.h"
#include "passes.h"

static Graph *simplified(const char *text, const char *name) {
  Graph *g = parse_ok(text, name);
  cr_assert_eq(pass_simplify(g, &(PassCtx){0}), NNC_OK, "%s: %s", name, base_last_error());
  cr_assert_eq(ir_verify(g), NNC_OK, "%s after simplify: %s", name, base_last_error());
  return g;
}

static void update_golden(const char *path, const char *input, const char *got) {
  FILE *f = fopen(path, "wb");
  cr_assert_not_null(f);
  fprintf(f, "%s%s%s", input, expect_mark, got);
  fclose(f);
}

/* Compares one golden file; returns 1 when it was found and checked. */
static int check_golden(const char *path) {
  char *text = slurp(path);
  char *mark = strstr(text, expect_mark);
  cr_assert_not_null(mark, "%s has no '# expect:' line", path);
  const char *want = mark + strlen(expect_mark);
  *mark = 0; /* text is now the input part */
  Graph *in = parse_ok(text, path);
  base_free(print_round_trip(in, path));
  ir_graph_free(in);
  Graph *g = simplified(text, path);
  char *got = print_round_trip(g, path);
  if (getenv("NNC_UPDATE_GOLDEN"))
    update_golden(path, text, got);
  else
    cr_assert_str_eq(got, want, "%s:\n--- got\n%s--- want\n%s", path, got, want);
  base_free(got);
  ir_graph_free(g);
  free(text);
  return 1;
}

/* Calls fn on every golden/simplify_*.ir; returns how many. */
static int each_golden(void (*fn)(const char *path)) {
  DIR *d = opendir(GOLDEN_DIR);
  cr_assert_not_null(d, "cannot open %s", GOLDEN_DIR);
  int n = 0;
  for (struct dirent *e; (e = readdir(d));) {
    size_t len = strlen(e->d_name);
    if (strncmp(e->d_name, "simplify_", 9) != 0 || len < 4 || strcmp(e->d_name + len - 3, ".ir"))
      continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", GOLDEN_DIR, e->d_name);
    fn(path);
    n++;
  }
  closedir(d);
  return n;
}

static void golden_one(const char *path) {
  check_golden(path);
}

Test(passes, simplify_golden_files) {
  int n = each_golden(golden_one);
  cr_assert_geq(n, 7, "only %d golden files found in %s", n, GOLDEN_DIR);
}

/* ---------------------------------------------------------------- equivalence */

static bool same_number(double a, double b) {
  if (isnan(a) || isnan(b))
    return isnan(a) && isnan(b);
  return a == b || fabs(a - b) <= 1e-12 * fmax(fabs(a), fabs(b));
}

static void fill_leaves(const Graph *g, double **vals, uint64_t seed) {
  TestRng r = test_rng(seed);
  evalbuf_fill(g, vals, &r, -2, 2);
  for (int i = 0; i < g->nvalues; i++) { /* leaves hold numbers of their own dtype */
    const Value *v = g->values[i];
    for (int64_t j = 0; (ir_op_flags(v->op) & OPF_LEAF) && j < ir_numel(v->shape); j++)
      if (v->dtype == DT_I32)
        vals[i][j] = round(vals[i][j] * 5);
      else if (v->dtype == DT_F32)
        vals[i][j] = (float)vals[i][j];
  }
}

static void compare_buffers(const Value *a, const double *x, const Value *b, const double *y,
                            const char *what) {
  cr_assert(ir_shape_eq(a->shape, b->shape) && a->dtype == b->dtype, "%s: type changed", what);
  for (int64_t j = 0; j < ir_numel(a->shape); j++)
    cr_assert(same_number(x[j], y[j]), "%s element %ld: %.17g before, %.17g after", what,
              (long)j, x[j], y[j]);
}

/* Evaluates g and its simplified copy h on the same leaves; every output and every leaf
 * (which ASSIGNs may have written) must agree. g and h are not changed otherwise. */
static void check_same_results(const Graph *g, const Graph *h, uint64_t seed, const char *name) {
  double **a = evalbuf_new(g), **b = evalbuf_new(h);
  fill_leaves(g, a, seed);
  fill_leaves(h, b, seed); /* same leaves in the same order: same numbers */
  cr_assert_eq(ir_eval(g, a), NNC_OK, "%s", base_last_error());
  cr_assert_eq(ir_eval(h, b), NNC_OK, "%s", base_last_error());
  cr_assert_eq(g->noutputs, h->noutputs);
  char what[160];
  for (int k = 0; k < g->noutputs; k++) {
    snprintf(what, sizeof what, "%s seed %lu output %d", name, (unsigned long)seed, k);
    compare_buffers(g->outputs[k], a[g->outputs[k]->id], h->outputs[k], b[h->outputs[k]->id],
                    what);
  }
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    if (!v->name)
      continue;
    const Value *w = ir_find(h, v->name);
    cr_assert_not_null(w, "%s: leaf %s was removed", name, v->name);
    snprintf(what, sizeof what, "%s seed %lu leaf %s", name, (unsigned long)seed, v->name);
    compare_buffers(v, a[v->id], w, b[w->id], what);
  }
  evalbuf_free(g, a);
  evalbuf_free(h, b);
}

static void equivalent_one(const char *path) {
  char *text = slurp(path);
  *strstr(text, expect_mark) = 0;
  Graph *g = parse_ok(text, path);
  Graph *h = simplified(text, path);
  for (uint64_t seed = 1; seed <= 5; seed++)
    check_same_results(g, h, seed, path);
  ir_graph_free(g);
  ir_graph_free(h);
  free(text);
}

Test(passes, simplify_golden_inputs_evaluate_the_same) {
  cr_assert_geq(each_golden(equivalent_one), 7);
}

/* A random f64 graph with plenty of redundancy: repeated ops on a small pool of values,
 * identities with 0 and 1, constant subexpressions, and an ASSIGN in the middle whose
 * target is read again afterwards. */
static Value *random_value(Graph *g, TestRng *r, Value **pool, int npool) {
  static const OpKind un[] = {OP_TANH, OP_NEG, OP_ABS, OP_SIGMOID, OP_EXP};
  static const OpKind bin[] = {OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MAX, OP_MIN};
  Value *a = pool[(int)test_uniform(r, 0, npool)], *b = pool[(int)test_uniform(r, 0, npool)];
  switch ((int)test_uniform(r, 0, 5)) {
  case 0: return ir_unary(g, un[(int)test_uniform(r, 0, 5)], a);
  case 1: return ir_binary(g, OP_MUL, a, ir_scalar(g, DT_F64, test_uniform(r, 0, 1) < 0.5 ? 1 : 0));
  case 2: return ir_binary(g, OP_ADD, ir_scalar(g, DT_F64, test_uniform(r, 0, 1) < 0.5 ? -0.0 : 0), a);
  case 3: return ir_select(g, ir_cmp(g, CMP_GT, a, b), a, b);
  default: {
    OpKind op = bin[(int)test_uniform(r, 0, 6)];
    return ir_binary(g, op, op == OP_DIV ? ir_unary(g, OP_EXP, a) : a, b);
  }
  }
}

static Graph *random_graph(uint64_t seed) {
  TestRng r = test_rng(seed);
  Graph *g = ir_graph_new();
  Value *pool[64];
  int n = 0;
  bool assigned = false;
  pool[n++] = ir_input(g, "x", DT_F64, ir_shape(1, 5L));
  pool[n++] = ir_param(g, "w", DT_F64, ir_shape(1, 5L), INIT_ZEROS);
  Value *s = pool[n++] = ir_state(g, "s", DT_F64, ir_shape(1, 5L), 0.25);
  pool[n++] = ir_binary(g, OP_ADD, ir_scalar(g, DT_F64, 2), ir_scalar(g, DT_F64, 0.5));
  for (int i = 0; i < 40 && n < 64; i++) {
    Value *v = random_value(g, &r, pool, n);
    if (i % 8 == 3)
      pool[n++] = v;
    if (i >= 20 && !assigned && ir_shape_eq(v->shape, s->shape))
      assigned = ir_assign(g, s, v) != NULL;
    if (test_uniform(&r, 0, 1) < 0.1 || i == 39)
      ir_output(g, v);
  }
  cr_assert_eq(g->status, NNC_OK, "%s", g->msg);
  return g;
}

static Graph *copy_of(const Graph *g) {
  char *text = ir_print(g);
  Graph *h = parse_ok(text, "copy");
  base_free(text);
  return h;
}

Test(passes, simplify_random_graphs_evaluate_the_same) {
  for (uint64_t seed = 1; seed <= 60; seed++) {
    Graph *g = random_graph(seed), *h = copy_of(g);
    cr_assert_eq(pass_simplify(h, &(PassCtx){0}), NNC_OK, "%s", base_last_error());
    cr_assert_eq(ir_verify(h), NNC_OK, "seed %lu: %s", (unsigned long)seed, base_last_error());
    cr_assert_leq(h->nvalues, g->nvalues);
    check_same_results(g, h, seed, "random graph");
    ir_graph_free(g);
    ir_graph_free(h);
  }
}

/* A whole training step: dense layer, sigmoid, loss, gradients and an Adam update. */
static Graph *training_step(void) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F64, ir_shape(2, 4L, 3L));
  Value *y = ir_input(g, "y", DT_F64, ir_shape(2, 4L, 2L));
  Value *w = ir_param(g, "dense/kernel", DT_F64, ir_shape(2, 3L, 2L), INIT_GLOROT_UNIFORM);
  Value *b = ir_param(g, "dense/bias", DT_F64, ir_shape(1, 2L), INIT_ZEROS);
  Value *z = ir_binary(g, OP_ADD, ir_matmul(g, x, w, false, false), b);
  Value *d = ir_binary(g, OP_SUB, ir_unary(g, OP_SIGMOID, z), y);
  Value *loss = ir_reduce(g, OP_MEAN, ir_binary(g, OP_MUL, d, d), 3u, false);
  ir_output(g, loss);
  Value *wrt[2] = {w, b}, *grads[2];
  nnc_optimizer o = {.kind = NNC_OPT_ADAM, .learning_rate = 0.1, .beta_1 = 0.9,
                     .beta_2 = 0.999, .epsilon = 1e-7};
  PassCtx cx = {.loss = loss, .nwrt = 2, .wrt = wrt, .grads = grads, .opt = &o};
  cr_assert_eq(pass_autodiff(g, &cx), NNC_OK, "%s", base_last_error());
  cr_assert_eq(pass_optimizer(g, &cx), NNC_OK, "%s", base_last_error());
  return g;
}

Test(passes, simplify_training_step_evaluates_the_same) {
  Graph *g = training_step(), *h = copy_of(g);
  cr_assert_eq(pass_simplify(h, &(PassCtx){0}), NNC_OK, "%s", base_last_error());
  cr_assert_eq(ir_verify(h), NNC_OK, "%s", base_last_error());
  cr_assert_lt(h->nvalues, g->nvalues, "Adam's repeated constants at least merge");
  for (uint64_t seed = 1; seed <= 3; seed++)
    check_same_results(g, h, seed, "training step");
  ir_graph_free(g);
  ir_graph_free(h);
}

Test(passes, simplify_reaches_a_fixed_point) {
  Graph *g = training_step();
  cr_assert_eq(pass_simplify(g, &(PassCtx){0}), NNC_OK);
  char *once = ir_print(g);
  cr_assert_eq(pass_simplify(g, &(PassCtx){0}), NNC_OK);
  char *twice = ir_print(g);
  cr_assert_str_eq(twice, once);
  base_free(once);
  base_free(twice);
  ir_graph_free(g);
}

Test(passes, simplify_keeps_unused_leaves_in_order) {
  Graph *g = ir_graph_new();
  ir_input(g, "a", DT_F32, ir_shape(1, 2L));
  ir_param(g, "b", DT_F32, ir_shape(1, 2L), INIT_ZEROS);
  ir_state(g, "c", DT_F32, ir_shape(0), 0.0);
  Value *k = ir_scalar(g, DT_F32, 1.0);
  Value *d = ir_input(g, "d", DT_F32, ir_shape(1, 2L));
  ir_output(g, ir_binary(g, OP_ADD, d, k));
  cr_assert_eq(pass_simplify(g, &(PassCtx){0}), NNC_OK);
  Value *slots[8];
  cr_assert_eq(ir_slots(g, slots), 5);
  const char *names[4] = {"a", "b", "c", "d"};
  for (int i = 0; i < 4; i++)
    cr_assert_str_eq(slots[i]->name, names[i]);
  ir_graph_free(g);
}
