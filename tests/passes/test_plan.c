/* test_plan.c — pass_plan: offsets by liveness never overlap while both values live.
 *
 * Besides checking the invariant directly, the random-graph test evaluates every planned
 * value inside one shared arena (f64 graphs, so a byte offset / 8 is an element offset)
 * and compares the outputs with an evaluation in separate buffers: a wrong plan lets a
 * later value overwrite an earlier one before its last use.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "evalbuf.h"
#include "passes.h"

static bool in_scratch(const Value *v) {
  return !(ir_op_flags(v->op) & OPF_LEAF) && v->op != OP_ASSIGN;
}

static int64_t bytes_of(const Value *v) {
  return ir_numel(v->shape) * (int64_t)ir_dtype_size(v->dtype);
}

/* last[i]: last use of value i, nvalues for outputs. Caller frees. */
static int *last_uses(const Graph *g) {
  int *last = calloc((size_t)g->nvalues + 1, sizeof *last);
  for (int i = 0; i < g->nvalues; i++) {
    last[i] = i;
    for (int j = 0; j < g->values[i]->nargs; j++)
      last[g->values[i]->args[j]->id] = i;
  }
  for (int i = 0; i < g->noutputs; i++)
    last[g->outputs[i]->id] = g->nvalues;
  return last;
}

/* The plan's invariants, checked pair by pair. */
static void check_plan(const Graph *g) {
  cr_assert(g->planned);
  int *last = last_uses(g);
  for (int i = 0; i < g->nvalues; i++) {
    const Value *a = g->values[i];
    if (!in_scratch(a)) {
      cr_assert_eq(a->offset, -1, "%%%d (%s) is not in scratch", i, ir_op_name(a->op));
      continue;
    }
    cr_assert(a->offset >= 0 && a->offset % 64 == 0, "%%%d offset %ld", i, (long)a->offset);
    cr_assert_leq(a->offset + bytes_of(a), g->scratch_bytes, "%%%d past the arena", i);
    for (int j = i + 1; j < g->nvalues; j++) {
      const Value *b = g->values[j];
      if (!in_scratch(b) || j > last[i])
        continue; /* b is defined after a's last use: they may share */
      bool apart = a->offset + bytes_of(a) <= b->offset || b->offset + bytes_of(b) <= a->offset;
      cr_assert(apart, "%%%d [%ld,+%ld) and %%%d [%ld,+%ld) overlap while both live", i,
                (long)a->offset, (long)bytes_of(a), j, (long)b->offset, (long)bytes_of(b));
    }
  }
  free(last);
}

static int64_t sum_of_sizes(const Graph *g) {
  int64_t s = 0;
  for (int i = 0; i < g->nvalues; i++)
    if (in_scratch(g->values[i]))
      s += (bytes_of(g->values[i]) + 63) / 64 * 64;
  return s;
}

/* ---------------------------------------------------------------- random graphs */

static const Shape *shapes(void) {
  static Shape s[4];
  s[0] = ir_shape(2, 4L, 8L);
  s[1] = ir_shape(2, 8L, 4L);
  s[2] = ir_shape(2, 4L, 4L);
  s[3] = ir_shape(1, 8L);
  return s;
}

/* A random value of shape s, or NULL when there is none. */
static Value *pick(Graph *g, TestRng *r, Shape s) {
  int n = g->nvalues, start = (int)test_uniform(r, 0, n);
  for (int k = 0; k < n; k++) {
    Value *v = g->values[(start + k) % n];
    if (v->op != OP_ASSIGN && ir_shape_eq(v->shape, s))
      return v;
  }
  return NULL;
}

static Value *random_op(Graph *g, TestRng *r) {
  const Shape *s = shapes();
  Value *a = g->values[(int)test_uniform(r, 0, g->nvalues)];
  while (a->op == OP_ASSIGN)
    a = g->values[a->id - 1];
  static const OpKind un[] = {OP_TANH, OP_SIGMOID, OP_NEG, OP_ABS};
  static const OpKind bin[] = {OP_ADD, OP_SUB, OP_MUL, OP_MAX};
  switch ((int)test_uniform(r, 0, 6)) {
  case 0: case 1: return ir_unary(g, un[(int)test_uniform(r, 0, 4)], a);
  case 2: {
    Value *b = pick(g, r, a->shape);
    if (ir_shape_eq(a->shape, s[0]) && test_uniform(r, 0, 1) < 0.5)
      b = pick(g, r, s[3]); /* [4,8] with [8]: broadcast */
    return ir_binary(g, bin[(int)test_uniform(r, 0, 4)], a, b ? b : a);
  }
  case 3: {
    Value *x = pick(g, r, s[0]), *y = pick(g, r, s[1]);
    return x && y ? ir_matmul(g, x, y, false, false) : ir_unary(g, OP_TANH, a);
  }
  case 4: return a->shape.rank == 2 ? ir_transpose(g, a) : ir_unary(g, OP_NEG, a);
  default: {
    Value *x = pick(g, r, s[0]);
    return x ? ir_reduce(g, OP_SUM, x, 1u, false) : ir_unary(g, OP_ABS, a);
  }
  }
}

static Graph *random_graph(uint64_t seed, int n) {
  TestRng r = test_rng(seed);
  Graph *g = ir_graph_new();
  const Shape *s = shapes();
  ir_input(g, "x", DT_F64, s[0]);
  ir_input(g, "y", DT_F64, s[1]);
  ir_param(g, "b", DT_F64, s[3], INIT_ZEROS);
  Value *st = ir_state(g, "s", DT_F64, s[2], 0.5);
  ir_scalar(g, DT_F64, 2.0);
  for (int i = 0; i < n; i++) {
    Value *v = random_op(g, &r);
    cr_assert_not_null(v, "seed %lu: %s", (unsigned long)seed, g->msg);
    if (i == n / 2 && ir_shape_eq(v->shape, s[2]))
      ir_assign(g, st, v);
    if (test_uniform(&r, 0, 1) < 0.08)
      ir_output(g, v);
  }
  ir_output(g, g->values[g->nvalues - 1]);
  cr_assert_eq(g->status, NNC_OK, "%s", g->msg);
  return g;
}

/* Evaluates g with every planned value inside one arena; returns the buffers (leaves and
 * CONSTs separate, as they live outside scratch). */
static double **eval_in_arena(const Graph *g, const double *const *leaves, double *arena) {
  double **vals = calloc((size_t)g->nvalues + 1, sizeof *vals);
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    if (in_scratch(v))
      vals[i] = arena + v->offset / 8;
    else if (v->op != OP_ASSIGN)
      vals[i] = (double *)leaves[i];
  }
  cr_assert_eq(ir_eval(g, vals), NNC_OK, "%s", base_last_error());
  return vals;
}

static void check_arena_eval(const Graph *g, uint64_t seed) {
  TestRng r = test_rng(seed);
  double **ref = evalbuf_new(g), **leaves = evalbuf_new(g);
  evalbuf_fill(g, ref, &r, -1, 1);
  for (int i = 0; i < g->nvalues; i++)
    if (ref[i])
      memcpy(leaves[i], ref[i], (size_t)ir_numel(g->values[i]->shape) * sizeof(double));
  cr_assert_eq(ir_eval(g, ref), NNC_OK, "%s", base_last_error());
  double *arena = calloc((size_t)g->scratch_bytes / 8 + 1, sizeof *arena);
  double **got = eval_in_arena(g, (const double *const *)leaves, arena);
  for (int k = 0; k < g->noutputs; k++) {
    const Value *o = g->outputs[k];
    for (int64_t j = 0; j < ir_numel(o->shape); j++)
      cr_assert_eq(got[o->id][j], ref[o->id][j], "seed %lu output %d (%%%d) element %ld",
                   (unsigned long)seed, k, o->id, (long)j);
  }
  free(got);
  free(arena);
  evalbuf_free(g, ref);
  evalbuf_free(g, leaves);
}

/* ---------------------------------------------------------------- tests */

Test(passes, plan_random_graphs_never_overlap_live_values) {
  for (uint64_t seed = 1; seed <= 40; seed++) {
    Graph *g = random_graph(seed, 10 + (int)(seed % 30));
    PassCtx cx = {0};
    cr_assert_eq(pass_plan(g, &cx), NNC_OK);
    check_plan(g);
    check_arena_eval(g, seed);
    ir_graph_free(g);
  }
}

Test(passes, plan_chain_reuses_memory) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F32, ir_shape(2, 32L, 100L));
  for (int i = 0; i < 20; i++)
    x = ir_unary(g, i % 2 ? OP_TANH : OP_SIGMOID, x);
  ir_output(g, x);
  PassCtx cx = {0};
  cr_assert_eq(pass_plan(g, &cx), NNC_OK);
  check_plan(g);
  /* a chain needs two buffers at a time: the operand and the result */
  cr_assert_eq(g->scratch_bytes, 2 * 32 * 100 * 4, "scratch %ld", (long)g->scratch_bytes);
  cr_assert_lt(g->scratch_bytes, sum_of_sizes(g));
  ir_graph_free(g);
}

Test(passes, plan_disabled_gives_every_value_its_own_slot) {
  Graph *g = random_graph(7, 25);
  PassCtx cx = {.disabled = PASS_NO_PLAN};
  cr_assert_eq(pass_plan(g, &cx), NNC_OK);
  check_plan(g);
  cr_assert_eq(g->scratch_bytes, sum_of_sizes(g));
  for (int i = 0; i < g->nvalues; i++)
    for (int j = i + 1; j < g->nvalues; j++)
      if (in_scratch(g->values[i]) && in_scratch(g->values[j]))
        cr_assert_neq(g->values[i]->offset, g->values[j]->offset);
  ir_graph_free(g);
}

Test(passes, plan_leaves_consts_and_assigns_stay_out_of_scratch) {
  Graph *g = ir_graph_new();
  Value *w = ir_param(g, "w", DT_F32, ir_shape(1, 10L), INIT_ZEROS);
  Value *c = ir_scalar(g, DT_F32, 3.0);
  Value *m = ir_binary(g, OP_MUL, w, c);
  Value *a = ir_assign(g, w, m);
  Value *t = ir_unary(g, OP_TANH, w);
  ir_output(g, t);
  cr_assert_eq(pass_plan(g, &(PassCtx){0}), NNC_OK);
  cr_assert_eq(w->offset, -1);
  cr_assert_eq(c->offset, -1);
  cr_assert_eq(a->offset, -1);
  cr_assert_geq(m->offset, 0);
  cr_assert_geq(t->offset, 0);
  /* m is read by the ASSIGN, which precedes t: they may share; both fit in 64 bytes */
  cr_assert_eq(g->scratch_bytes, 64);
  check_plan(g);
  ir_graph_free(g);
}

Test(passes, plan_outputs_live_to_the_end) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F64, ir_shape(1, 16L));
  Value *early = ir_unary(g, OP_EXP, x);
  ir_output(g, early);
  Value *y = x;
  for (int i = 0; i < 6; i++)
    y = ir_unary(g, OP_TANH, y);
  ir_output(g, y);
  cr_assert_eq(pass_plan(g, &(PassCtx){0}), NNC_OK);
  check_plan(g);
  for (int i = early->id + 1; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    cr_assert(v->offset >= early->offset + 128 || v->offset + 128 <= early->offset,
              "%%%d reuses the bytes of an output", i);
  }
  ir_graph_free(g);
}

Test(passes, plan_unused_value_gets_a_buffer_and_frees_it) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F32, ir_shape(1, 16L));
  Value *dead = ir_unary(g, OP_EXP, x);
  Value *y = ir_unary(g, OP_TANH, x);
  ir_output(g, y);
  cr_assert_eq(pass_plan(g, &(PassCtx){0}), NNC_OK);
  cr_assert_geq(dead->offset, 0);
  cr_assert_eq(y->offset, dead->offset, "the unused value's block is free again");
  cr_assert_eq(g->scratch_bytes, 64);
  ir_graph_free(g);
}
