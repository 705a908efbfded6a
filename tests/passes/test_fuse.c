/* test_fuse.c — pass_fuse: golden files, equal results, the verifier's group rules, the plan.
 *
 * Each tests/passes/golden/fuse_*.ir holds an input graph and, after a line `# expect:`,
 * the graph printed after pass_fuse followed by pass_fuse_report's text as `# ` comments
 * (so the expected part still parses). The golden test parses the input, checks its
 * round trip, runs the pass, verifies, and compares. NNC_UPDATE_GOLDEN=1 rewrites the
 * expected parts; review the diff as a behaviour change. Fusion reorders values, so the
 * equivalence tests evaluate the input and the fused graph with ir_eval on the same leaves
 * and require equal outputs and equal leaves after the ASSIGNs, also on random graphs.
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

static Graph *fused(const char *text, const char *name) {
  Graph *g = parse_ok(text, name);
  cr_assert_eq(pass_fuse(g, &(PassCtx){0}), NNC_OK, "%s: %s", name, base_last_error());
  cr_assert_eq(ir_verify(g), NNC_OK, "%s after fuse: %s", name, base_last_error());
  return g;
}

/* print(g) then the report, each line as a comment; malloc'd. */
static char *golden_text(const Graph *g, const char *name) {
  char *graph = print_round_trip(g, name);
  const char *rep = pass_fuse_report(g);
  cr_assert_not_null(rep);
  char *out = calloc(strlen(graph) + 3 * strlen(rep) + 16, 1), *p = out;
  p += sprintf(p, "%s", graph);
  for (const char *l = rep; *l;) {
    size_t n = strcspn(l, "\n");
    p += sprintf(p, "# %.*s\n", (int)n, l);
    l += n + (l[n] == '\n');
  }
  base_free(graph);
  return out;
}

static void check_golden(const char *path) {
  char *text = slurp(path);
  char *mark = strstr(text, expect_mark);
  cr_assert_not_null(mark, "%s has no '# expect:' line", path);
  const char *want = mark + strlen(expect_mark);
  *mark = 0;
  Graph *g = fused(text, path);
  char *got = golden_text(g, path);
  if (getenv("NNC_UPDATE_GOLDEN")) {
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    fprintf(f, "%s%s%s", text, expect_mark, got);
    fclose(f);
  } else {
    cr_assert_str_eq(got, want, "%s:\n--- got\n%s--- want\n%s", path, got, want);
    ir_graph_free(parse_ok(want, path)); /* the expected text parses and verifies too */
  }
  free(got);
  ir_graph_free(g);
  free(text);
}

static int each_golden(void (*fn)(const char *path)) {
  DIR *d = opendir(GOLDEN_DIR);
  cr_assert_not_null(d, "cannot open %s", GOLDEN_DIR);
  int n = 0;
  for (struct dirent *e; (e = readdir(d));) {
    size_t len = strlen(e->d_name);
    if (strncmp(e->d_name, "fuse_", 5) != 0 || len < 4 || strcmp(e->d_name + len - 3, ".ir"))
      continue;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", GOLDEN_DIR, e->d_name);
    fn(path);
    n++;
  }
  closedir(d);
  return n;
}

Test(passes, fuse_golden_files) {
  cr_assert_geq(each_golden(check_golden), 3);
}

/* ---------------------------------------------------------------- equivalence */

static void fill_leaves(const Graph *g, double **vals, uint64_t seed) {
  TestRng r = test_rng(seed);
  evalbuf_fill(g, vals, &r, -2, 2);
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    for (int64_t j = 0; (ir_op_flags(v->op) & OPF_LEAF) && j < ir_numel(v->shape); j++)
      if (v->dtype == DT_I32)
        vals[i][j] = round(vals[i][j] * 5);
  }
}

static void compare(const double *x, const double *y, int64_t n, const char *what) {
  for (int64_t j = 0; j < n; j++)
    cr_assert(x[j] == y[j] || (isnan(x[j]) && isnan(y[j])), "%s element %ld: %.17g vs %.17g",
              what, (long)j, x[j], y[j]);
}

/* g and its fused copy h on the same leaves (same relative order: same numbers). */
static void check_same_results(const Graph *g, const Graph *h, uint64_t seed, const char *name) {
  double **a = evalbuf_new(g), **b = evalbuf_new(h);
  fill_leaves(g, a, seed);
  fill_leaves(h, b, seed);
  cr_assert_eq(ir_eval(g, a), NNC_OK, "%s", base_last_error());
  cr_assert_eq(ir_eval(h, b), NNC_OK, "%s", base_last_error());
  char what[160];
  for (int k = 0; k < g->noutputs; k++) {
    snprintf(what, sizeof what, "%s seed %lu output %d", name, (unsigned long)seed, k);
    compare(a[g->outputs[k]->id], b[h->outputs[k]->id], ir_numel(g->outputs[k]->shape), what);
  }
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    if (!v->name)
      continue;
    const Value *w = ir_find(h, v->name);
    snprintf(what, sizeof what, "%s seed %lu leaf %s", name, (unsigned long)seed, v->name);
    compare(a[v->id], b[w->id], ir_numel(v->shape), what);
  }
  evalbuf_free(g, a);
  evalbuf_free(h, b);
}

static void equivalent_one(const char *path) {
  char *text = slurp(path);
  *strstr(text, expect_mark) = 0;
  Graph *g = parse_ok(text, path), *h = fused(text, path);
  for (uint64_t seed = 1; seed <= 3; seed++)
    check_same_results(g, h, seed, path);
  ir_graph_free(g);
  ir_graph_free(h);
  free(text);
}

Test(passes, fuse_golden_inputs_evaluate_the_same) {
  cr_assert_geq(each_golden(equivalent_one), 3);
}

/* Random graphs over [4,4] and [4] values: elementwise ops, matmuls, reductions, ASSIGNs to
 * PARAMs and STATEs in the middle with reads before and after them. */
static Value *pick(TestRng *r, Value **pool, int n) {
  return pool[(int)test_uniform(r, 0, n)];
}

static Value *random_value(Graph *g, TestRng *r, Value **pool, int n, Value **leaves) {
  static const OpKind un[] = {OP_TANH, OP_NEG, OP_SIGMOID, OP_RELU, OP_ABS};
  static const OpKind bin[] = {OP_ADD, OP_SUB, OP_MUL, OP_MAX};
  Value *a = pick(r, pool, n), *b = pick(r, pool, n);
  switch ((int)test_uniform(r, 0, 8)) {
  case 0: case 1: return ir_unary(g, un[(int)test_uniform(r, 0, 5)], a);
  case 2: case 3: case 4: return ir_binary(g, bin[(int)test_uniform(r, 0, 4)], a, b);
  case 5: return ir_matmul(g, a, b, test_uniform(r, 0, 1) < 0.3, test_uniform(r, 0, 1) < 0.3);
  case 6: return ir_binary(g, OP_ADD, a, ir_reduce(g, OP_SUM, b, 1u, false));
  default: {
    Value *t = pick(r, leaves, 3), *x = ir_unary(g, OP_TANH, a);
    ir_assign(g, t, x);
    return ir_binary(g, OP_MUL, t, b); /* reads the new value */
  }
  }
}

static Graph *random_graph(uint64_t seed) {
  TestRng r = test_rng(seed);
  Graph *g = ir_graph_new();
  Value *pool[64], *leaves[3];
  pool[0] = ir_input(g, "x", DT_F64, ir_shape(2, 4L, 4L));
  pool[1] = leaves[0] = ir_param(g, "w", DT_F64, ir_shape(2, 4L, 4L), INIT_ZEROS);
  pool[2] = leaves[1] = ir_param(g, "v", DT_F64, ir_shape(2, 4L, 4L), INIT_ZEROS);
  pool[3] = leaves[2] = ir_state(g, "s", DT_F64, ir_shape(2, 4L, 4L), 0.5);
  int n = 4;
  while (n < 40) {
    Value *v = random_value(g, &r, pool, n, leaves);
    pool[n++] = v;
  }
  ir_output(g, pool[n - 1]);
  ir_output(g, pool[n - 7]);
  cr_assert_eq(g->status, NNC_OK, "%s", g->msg);
  return g;
}

Test(passes, fuse_random_graphs_evaluate_the_same) {
  int grouped = 0;
  for (uint64_t seed = 1; seed <= 60; seed++) {
    Graph *g = random_graph(seed), *h = random_graph(seed);
    cr_assert_eq(pass_fuse(h, &(PassCtx){0}), NNC_OK, "%s", base_last_error());
    cr_assert_eq(ir_verify(h), NNC_OK, "seed %lu: %s", (unsigned long)seed, base_last_error());
    for (int i = 0; i < h->nvalues; i++)
      grouped += h->values[i]->group != 0;
    char name[32];
    snprintf(name, sizeof name, "random %lu", (unsigned long)seed);
    check_same_results(g, h, seed, name);
    PassCtx cx = {0};
    cr_assert_eq(pass_plan(h, &cx), NNC_OK);
    cr_assert_eq(ir_verify(h), NNC_OK, "seed %lu planned: %s", (unsigned long)seed,
                 base_last_error());
    ir_graph_free(g);
    ir_graph_free(h);
  }
  cr_assert_gt(grouped, 200, "fusion found only %d group members", grouped);
}

/* ---------------------------------------------------------------- the verifier */

static void refused(const char *text, const char *what) {
  Graph *g = NULL;
  cr_assert_eq(ir_parse(text, "t.ir", &g), NNC_OK, "%s", base_last_error());
  cr_assert_eq(ir_verify(g), NNC_ERR_INTERNAL, "accepted: %s", text);
  cr_assert(strstr(base_last_error(), what), "message: %s (expected %s)", base_last_error(), what);
  ir_graph_free(g);
}

#define HEAD "%x = input \"x\" : f32[2,3]\n%w = param \"w\" init=zeros : f32[3,3]\n" \
             "%b = param \"b\" init=zeros : f32[3]\n"

Test(passes, verify_accepts_a_group_and_round_trips_it) {
  const char *text = HEAD "%m = matmul %x, %w group=1 : f32[2,3]\n"
                          "%a = add %m, %b group=1 : f32[2,3]\n%s = sigmoid %a : f32[2,3]\n"
                          "%t = tanh %s group=2 : f32[2,3]\n%u = neg %t group=2 : f32[2,3]\n";
  Graph *g = parse_ok(text, "t.ir");
  cr_assert_eq(g->values[3]->group, 1);
  cr_assert_eq(g->values[5]->group, 0);
  char *s = ir_print(g);
  cr_assert(strstr(s, "%4 = add %3, %2 group=1 : f32[2,3]\n%5 = sigmoid %4 : f32[2,3]"), "%s", s);
  base_free(s);
  ir_graph_free(g);
}

Test(passes, verify_refuses_a_group_split_in_two) {
  refused(HEAD "%m = matmul %x, %w group=1 : f32[2,3]\n%a = add %m, %b group=1 : f32[2,3]\n"
               "%s = sigmoid %m : f32[2,3]\n"
               "%c = add %a, %b group=1 : f32[2,3]\n%d = neg %c group=1 : f32[2,3]\n",
          "group 1 comes after group 1");
}

Test(passes, verify_refuses_groups_out_of_order) {
  refused(HEAD "%m = tanh %x group=2 : f32[2,3]\n%n = neg %m group=2 : f32[2,3]\n"
               "%o = neg %n group=1 : f32[2,3]\n%p = neg %o group=1 : f32[2,3]\n",
          "group 1 comes after group 2");
}

Test(passes, verify_refuses_a_matmul_after_the_first_value) {
  refused(HEAD "%t = tanh %x group=1 : f32[2,3]\n%m = matmul %t, %w group=1 : f32[2,3]\n",
          "only its first value may be a matmul");
}

Test(passes, verify_refuses_a_reduction_first_in_a_group) {
  refused(HEAD "%s = sum %x axes=[0] group=1 : f32[3]\n%t = tanh %s group=1 : f32[3]\n",
          "a sum cannot be first in a fusion group");
}

Test(passes, verify_refuses_a_reduction_of_a_value_outside_the_group) {
  refused(HEAD "%t = tanh %x group=1 : f32[2,3]\n%s = sum %x axes=[0] group=1 : f32[3]\n",
          "in group 1, but reduces %0 from outside it");
}

Test(passes, verify_refuses_a_member_reading_its_groups_reduction) {
  refused(HEAD "%t = tanh %x group=1 : f32[2,3]\n%s = sum %t axes=[0] group=1 : f32[3]\n"
               "%u = add %t, %s group=1 : f32[2,3]\n",
          "%5 (add): reads %4, a reduction of its own group 1");
}

Test(passes, verify_refuses_a_reshape_of_its_own_group) {
  refused(HEAD "%t = tanh %x group=1 : f32[2,3]\n%r = reshape %x group=1 : f32[3,2]\n",
          "in group 1 of %3's shape");
  refused(HEAD "%t = tanh %x group=1 : f32[2,3]\n%r = reshape %t group=1 : f32[2,3]\n",
          "in group 1, but reshapes %3 of the same group");
}

Test(passes, verify_accepts_a_reduction_ending_a_group) {
  Graph *g = parse_ok(HEAD "%m = matmul %x, %w group=1 : f32[2,3]\n"
                           "%s = sum %m axes=[0] keepdims group=1 : f32[1,3]\n"
                           "%t = tanh %m group=1 : f32[2,3]\n",
                      "t.ir");
  ir_graph_free(g);
}

Test(passes, verify_refuses_two_shapes_in_a_group) {
  refused(HEAD "%m = matmul %x, %w group=1 : f32[2,3]\n%t = tanh %b group=1 : f32[3]\n",
          "in group 1 of %3's shape (f32[2,3]) but its type is f32[3]");
}

Test(passes, verify_refuses_a_group_of_one) {
  refused(HEAD "%m = matmul %x, %w group=1 : f32[2,3]\n", "group 1 has a single value");
}

Test(passes, verify_refuses_a_negative_group) {
  Graph *g = parse_ok(HEAD "%m = tanh %x : f32[2,3]\n%n = neg %m : f32[2,3]\n", "t.ir");
  g->values[3]->group = g->values[4]->group = -1;
  cr_assert_eq(ir_verify(g), NNC_ERR_INTERNAL);
  cr_assert(strstr(base_last_error(), "%3 (tanh): group -1 is negative"), "%s", base_last_error());
  ir_graph_free(g);
}

Test(passes, verify_refuses_an_update_of_what_the_head_reads) {
  refused("%w = param \"w\" init=zeros : f32[3,3]\n%m = matmul %w, %w group=1 : f32[3,3]\n"
          "%d = sub %w, %m group=1 : f32[3,3]\n%a = assign %w, %d group=1 : f32[3,3]\n",
          "assigns %0, which its group's matmul %1 reads");
}

Test(passes, verify_refuses_a_register_value_read_outside_its_group) {
  Graph *g = parse_ok(HEAD "%m = matmul %x, %w group=1 : f32[2,3]\n"
                           "%a = add %m, %b group=1 : f32[2,3]\n%s = sigmoid %a : f32[2,3]\n",
                      "t.ir");
  cr_assert_eq(pass_plan(g, &(PassCtx){0}), NNC_OK);
  cr_assert_geq(g->values[4]->offset, 0, "read outside its group: it has a buffer");
  g->values[4]->offset = -1;
  cr_assert_eq(ir_verify(g), NNC_ERR_INTERNAL);
  cr_assert(strstr(base_last_error(), "%4 (add): has no buffer, but %5 outside its group 1 reads it"),
            "%s", base_last_error());
  g->values[4]->offset = 0;
  g->values[3]->offset = -1;
  cr_assert_eq(ir_verify(g), NNC_ERR_INTERNAL);
  cr_assert(strstr(base_last_error(), "heads group 1 but has no buffer"), "%s", base_last_error());
  ir_graph_free(g);
}

Test(passes, parse_refuses_a_bad_group_number) {
  Graph *g = NULL;
  cr_assert_eq(ir_parse(HEAD "%t = tanh %x group=-1 : f32[2,3]\n", "t.ir", &g), NNC_ERR_SYNTAX);
  cr_assert(strstr(base_last_error(), "t.ir:4:"), "%s", base_last_error());
  cr_assert_eq(ir_parse(HEAD "%t = tanh %x group=1 group=1 : f32[2,3]\n", "t.ir", &g),
               NNC_ERR_SYNTAX);
  cr_assert(strstr(base_last_error(), "attribute 'group' given twice"), "%s", base_last_error());
}

/* ---------------------------------------------------------------- plan and pipeline */

Test(passes, plan_keeps_group_values_read_only_inside_in_registers) {
  Graph *g = parse_ok(HEAD "%m = matmul %x, %w group=1 : f32[2,3]\n"
                           "%a = add %m, %b group=1 : f32[2,3]\n%s = sigmoid %a group=1 : f32[2,3]\n"
                           "%t = tanh %s : f32[2,3]\noutput %t\n",
                      "t.ir");
  cr_assert_eq(pass_plan(g, &(PassCtx){0}), NNC_OK);
  cr_assert_geq(g->values[3]->offset, 0, "the head accumulates in memory");
  cr_assert_eq(g->values[4]->offset, -1, "add: registers only");
  cr_assert_geq(g->values[5]->offset, 0, "sigmoid is read by tanh");
  cr_assert_neq(g->values[5]->offset, g->values[3]->offset, "one kernel writes both");
  cr_assert_eq(ir_verify(g), NNC_OK, "%s", base_last_error());
  cr_assert_eq(pass_plan(g, &(PassCtx){.disabled = PASS_NO_PLAN}), NNC_OK);
  cr_assert_eq(g->values[4]->offset, -1, "the same rule without sharing");
  ir_graph_free(g);
}

/* In a group, an operand from outside that dies at the first member must not lend its bytes
 * to a later member: the kernel reads it while it writes the member. */
Test(passes, plan_keeps_a_groups_buffers_apart) {
  Graph *g = parse_ok("%x = input \"x\" : f32[16]\n%e = exp %x : f32[16]\n"
                      "%n = neg %e group=1 : f32[16]\n%t = tanh %n group=1 : f32[16]\n"
                      "%s = sum %n axes=[0] : f32[]\n%u = add %t, %s : f32[16]\n"
                      "output %u\n",
                      "t.ir");
  cr_assert_eq(pass_plan(g, &(PassCtx){0}), NNC_OK);
  const Value *e = g->values[1], *t = g->values[3];
  cr_assert(e->offset + 64 <= t->offset || t->offset + 64 <= e->offset, "%%1 at %lld, %%3 at %lld",
            (long long)e->offset, (long long)t->offset);
  ir_graph_free(g);
}

Test(passes, fuse_runs_unless_told_not_to) {
  for (int off = 0; off < 2; off++) {
    Graph *g = parse_ok(HEAD "%m = matmul %x, %w : f32[2,3]\n%a = add %m, %b : f32[2,3]\n"
                             "%s = sigmoid %a : f32[2,3]\noutput %s\n",
                        "t.ir");
    PassCtx cx = {.verify = true, .disabled = off ? PASS_NO_FUSE : 0};
    cr_assert_eq(pass_run(g, &cx, "fuse", pass_fuse, PASS_NO_FUSE), NNC_OK, "%s", base_last_error());
    cr_assert_eq(pass_run(g, &cx, "plan", pass_plan, 0), NNC_OK, "%s", base_last_error());
    cr_assert_eq(g->values[3]->group, off ? 0 : 1);
    cr_assert_eq(g->values[5]->group, off ? 0 : 1);
    cr_assert(off ? pass_fuse_report(g) == NULL : strstr(pass_fuse_report(g), "3 kernels without fusion, 1 with it") != NULL);
    ir_graph_free(g);
  }
}
