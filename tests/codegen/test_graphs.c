/* test_graphs.c — random multi-op graphs (a generator chains random ops on values of
 * compatible shapes), JIT-compiled and compared with ir_eval. Ops with a restricted domain
 * get guarded operands (log of |x|+0.5, division by |x|+1), so the graphs stay away from
 * poles and only rounding separates the two sides; one_hot and casts to int, whose results
 * jump at a rounding boundary, are covered by test_ops instead. */
#include "cgtest.h"

enum { GRAPHS = 40, STEPS = 14, POOL = 64 };

typedef struct {
  Graph *g;
  TestRng *r;
  DType dt;
  Value *pool[POOL];
  int n, nleaves;
} Gen;

static int irand(TestRng *r, int lo, int hi) {
  return lo + (int)floor(test_uniform(r, 0, hi - lo + 1 - 1e-9));
}

static Value *add_pool(Gen *s, Value *v) {
  if (v && s->n < POOL)
    s->pool[s->n++] = v;
  return v;
}

static Value *leaf(Gen *s, Shape sh) {
  char name[16];
  snprintf(name, sizeof name, "l%d", s->nleaves++);
  if (irand(s->r, 0, 2) == 0)
    return add_pool(s, ir_param(s->g, name, s->dt, sh, INIT_ZEROS));
  return add_pool(s, ir_input(s->g, name, s->dt, sh));
}

/* A recent value, more often than an old one. */
static Value *pick(Gen *s) {
  int lo = s->n > 6 ? s->n - 6 : 0;
  return s->pool[irand(s->r, 0, 3) ? irand(s->r, lo, s->n - 1) : irand(s->r, 0, s->n - 1)];
}

/* A pool value that broadcasts with a, or a new leaf that does. */
static Value *partner(Gen *s, Value *a) {
  for (int tries = 0; tries < 8; tries++) {
    Value *b = pick(s);
    Shape out;
    if (ir_broadcast_shape(a->shape, b->shape, &out) && ir_numel(out) <= 4096)
      return b;
  }
  Shape b = a->shape;
  for (int d = 0; d < b.rank; d++)
    if (irand(s->r, 0, 2) == 0)
      b.dim[d] = 1;
  return leaf(s, b);
}

static Value *guard_pos(Gen *s, Value *x, double c) {
  return ir_binary(s->g, OP_ADD, ir_unary(s->g, OP_ABS, x), ir_scalar(s->g, s->dt, c));
}

static Value *unary_step(Gen *s, Value *a) {
  static const OpKind safe[] = {OP_NEG, OP_ABS, OP_RELU, OP_SIGMOID, OP_TANH, OP_ERF, OP_GELU};
  Graph *g = s->g;
  switch (irand(s->r, 0, 6)) {
  case 0: return ir_unary(g, safe[irand(s->r, 0, 6)], a);
  case 1: return ir_leaky_relu(g, a, 0.2);
  case 2: return ir_unary(g, OP_EXP, ir_unary(g, OP_TANH, a));
  case 3: return ir_unary(g, OP_LOG, guard_pos(s, a, 0.5));
  case 4: return ir_unary(g, OP_SQRT, ir_unary(g, OP_ABS, a));
  case 5: return ir_pow(g, ir_unary(g, OP_TANH, a), irand(s->r, 0, 1) ? 2 : 3);
  default:
    if (a->shape.rank == 0)
      return ir_unary(g, OP_SIGMOID, a);
    return ir_softmax(g, irand(s->r, 0, 1) ? OP_SOFTMAX : OP_LOG_SOFTMAX, a);
  }
}

static Value *binary_step(Gen *s, Value *a) {
  static const OpKind ops[] = {OP_ADD, OP_SUB, OP_MUL, OP_MAX, OP_MIN};
  Graph *g = s->g;
  Value *b = partner(s, a);
  switch (irand(s->r, 0, 3)) {
  case 0: return ir_binary(g, OP_DIV, a, guard_pos(s, b, 1));
  case 1: return ir_select(g, ir_cmp(g, (CmpKind)irand(s->r, 0, 5), a, b), a, b);
  default: return ir_binary(g, ops[irand(s->r, 0, 4)], a, b);
  }
}

/* a as 2-D [rows, cols]: a reshape when it is not already. */
static Value *as_2d(Gen *s, Value *a) {
  if (a->shape.rank == 2)
    return a;
  int64_t rows = a->shape.rank ? a->shape.dim[0] : 1;
  return ir_reshape(s->g, a, ir_shape(2, rows, ir_numel(a->shape) / rows));
}

static Value *layout_step(Gen *s, Value *a) {
  Graph *g = s->g;
  switch (irand(s->r, 0, 4)) {
  case 0: {
    Value *m = as_2d(s, a);
    bool ta = irand(s->r, 0, 1), tb = irand(s->r, 0, 1);
    int64_t k = m->shape.dim[ta ? 0 : 1], n = irand(s->r, 1, 9);
    Value *w = leaf(s, tb ? ir_shape(2, n, k) : ir_shape(2, k, n));
    return ir_matmul(g, m, w, ta, tb);
  }
  case 1: return ir_transpose(g, as_2d(s, a));
  case 2: {
    unsigned axes = (unsigned)irand(s->r, 0, (1 << a->shape.rank) - 1);
    return ir_reduce(g, irand(s->r, 0, 1) ? OP_SUM : OP_MEAN, a, axes, irand(s->r, 0, 1));
  }
  case 3: {
    if (a->shape.rank >= 4 || ir_numel(a->shape) > 512)
      return ir_unary(g, OP_NEG, a);
    Shape big = {a->shape.rank + 1, {irand(s->r, 1, 4)}};
    for (int d = 0; d < a->shape.rank; d++)
      big.dim[d + 1] = a->shape.dim[d];
    return ir_broadcast(g, a, big);
  }
  default: return ir_binary(g, OP_MUL, a, ir_const(g, s->dt, a->shape, 0.75));
  }
}

static Graph *generate(TestRng *r, DType dt) {
  Gen s = {ir_graph_new(), r, dt, {0}, 0, 0};
  Shape base = {irand(r, 1, 3), {0}};
  for (int d = 0; d < base.rank; d++)
    base.dim[d] = irand(r, 1, 8);
  leaf(&s, base);
  leaf(&s, base);
  for (int i = 0; i < STEPS && s.g->status == NNC_OK; i++) {
    Value *a = pick(&s);
    int kind = irand(r, 0, 2);
    add_pool(&s, kind == 0 ? unary_step(&s, a) : kind == 1 ? binary_step(&s, a)
                                                            : layout_step(&s, a));
  }
  ir_output(s.g, s.pool[s.n - 1]);
  for (int k = 0; k < 2; k++)
    ir_output(s.g, s.pool[irand(r, 2, s.n - 1)]);
  return s.g;
}

Test(codegen, random_graphs_vs_eval) {
  TestRng r = test_rng(2024);
  double worst[2] = {0, 0};
  static const DType dts[2] = {DT_F64, DT_F32};
  static const double tol[2] = {1e-12, 1e-4};
  for (int i = 0; i < GRAPHS; i++)
    for (int k = 0; k < 2; k++) {
      /* the same graph in both dtypes; seeds far apart (nearby seeds give shifted streams) */
      TestRng gr = test_rng(1000 + 100003 * (uint64_t)i);
      Graph *g = generate(&gr, dts[k]);
      cr_assert_eq(g->status, NNC_OK, "generator: %s", g->msg);
      Ct t;
      ct_init(&t, g);
      ct_fill(&t, &r);
      ct_compile(&t);
      ct_run(&t);
      double e = ct_err(&t);
      worst[k] = fmax(worst[k], e);
      if (!(e <= tol[k])) {
        char *text = ir_print(g);
        cr_expect(e <= tol[k], "graph %d %s: error %.3g > %.3g\n%s", i, ir_dtype_name(dts[k]),
                  e, tol[k], text);
        base_free(text);
      }
      ct_free(&t);
    }
  cr_log_info("random graphs: worst error f64 %.3g, f32 %.3g", worst[0], worst[1]);
}

/* The same random graphs differentiated: loss = sum of the last output, gradients with
 * respect to every leaf, so the backward graphs (reductions of broadcasts, transposed
 * matmuls, select masks...) run through the JIT too. f64 only: in f32 a comparison near a
 * tie may go the other way than in the f64 reference, which is not a codegen error.
 * Errors are floored at 1e-3 absolute: the values are O(1), and a gradient that is exactly
 * 0 in one evaluation order is ~1e-17 of rounding noise in another. */
Test(codegen, random_graph_gradients_vs_eval) {
  TestRng r = test_rng(77);
  double worst = 0;
  for (int i = 0; i < GRAPHS / 2; i++) {
    TestRng gr = test_rng(5000 + 100003 * (uint64_t)i);
    Graph *g = generate(&gr, DT_F64);
    cr_assert_eq(g->status, NNC_OK, "generator: %s", g->msg);
    Value *last = g->outputs[0];
    Value *loss = ir_reduce(g, OP_SUM, last, (1u << last->shape.rank) - 1, false);
    Value *wrt[POOL], *grads[POOL];
    int n = 0;
    for (int k = 0; k < g->nvalues; k++)
      if (g->values[k]->op == OP_INPUT || g->values[k]->op == OP_PARAM)
        wrt[n++] = g->values[k];
    PassCtx cx = {.loss = loss, .nwrt = n, .wrt = wrt, .grads = grads};
    cr_assert_eq(pass_autodiff(g, &cx), NNC_OK, "autodiff: %s", base_last_error());
    ir_output(g, loss);
    for (int k = 0; k < n; k++)
      ir_output(g, grads[k]);
    Ct t;
    ct_init(&t, g);
    t.atol = 1e-3; /* some gradients are exactly 0 and the reference's are ~1e-17 noise */
    ct_fill(&t, &r);
    ct_compile(&t);
    ct_run(&t);
    double e = ct_err(&t);
    worst = fmax(worst, e);
    if (!(e <= 1e-12)) {
      char *text = ir_print(g);
      cr_expect(e <= 1e-12, "graph %d: error %.3g\n%s", i, e, text);
      base_free(text);
    }
    ct_free(&t);
  }
  cr_log_info("random graph gradients: worst error f64 %.3g", worst);
}
