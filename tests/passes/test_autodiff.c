/* test_autodiff.c — gradients of composite graphs and of each op's special cases against
 * central finite differences, in f64 (tests/codegen/test_ops.c walks every op of the table).
 *
 * A case builds y = op(x...) on f64 inputs, then loss = sum(y * w) with random weights w so
 * every element of y matters, runs pass_autodiff, and evaluates the gradients with ir_eval.
 * Each input element is then nudged by ±h and the loss re-evaluated; the two must agree to a
 * relative error |a-b| / max(|a|, |b|, 1e-3) of at most 1e-6. Inputs are drawn away from
 * kinks (0 for relu/abs, ties for max/min, clip edges for the losses).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "passes.h"
#include "support.h"

#define TOL 1e-6
#define H 1e-5

typedef enum {
  D_ANY,   /* U(-2, 2) */
  D_POS,   /* U(0.5, 2): log, sqrt, fractional powers, CCE probabilities */
  D_GRID,  /* an integer + U(-0.2, 0.2) */
  D_HALF,  /* an integer + 0.5 + U(-0.2, 0.2): never within 0.1 of a D_GRID value or 0 */
  D_PROB,  /* U(0.05, 0.95) */
  D_BIT,   /* 0 or 1 */
  D_CLASS, /* an integer in [0, hi) */
} Domain;

typedef struct {
  Graph *g;
  Value *x[4];   /* differentiated inputs */
  Domain dom[4];
  int nx;
  Value *aux[4]; /* inputs that are not differentiated */
  Domain adom[4];
  double hi[4];
  int naux;
  TestRng rng;
} Case;

static double sample(TestRng *r, Domain d, double hi) {
  switch (d) {
  case D_POS: return test_uniform(r, 0.5, 2);
  case D_GRID: return round(test_uniform(r, -2, 2)) + test_uniform(r, -0.2, 0.2);
  case D_HALF: return round(test_uniform(r, -2, 2)) + 0.5 + test_uniform(r, -0.2, 0.2);
  case D_PROB: return test_uniform(r, 0.05, 0.95);
  case D_BIT: return test_uniform(r, 0, 1) < 0.5;
  case D_CLASS: return floor(test_uniform(r, 0, hi));
  case D_ANY: break;
  }
  return test_uniform(r, -2, 2);
}

static Case begin(uint64_t seed) {
  Case c = {.g = ir_graph_new(), .rng = test_rng(seed)};
  cr_assert_not_null(c.g);
  return c;
}

static Value *arg(Case *c, Shape s, Domain d) {
  char name[16];
  snprintf(name, sizeof name, "x%d", c->nx);
  Value *v = ir_input(c->g, name, DT_F64, s);
  c->x[c->nx] = v;
  c->dom[c->nx++] = d;
  return v;
}

static Value *aux(Case *c, DType t, Shape s, Domain d, double hi) {
  char name[16];
  snprintf(name, sizeof name, "aux%d", c->naux);
  Value *v = ir_input(c->g, name, t, s);
  c->aux[c->naux] = v;
  c->adom[c->naux] = d;
  c->hi[c->naux++] = hi;
  return v;
}

static double **buffers(const Graph *g) {
  double **vals = calloc((size_t)g->nvalues, sizeof *vals);
  for (int i = 0; i < g->nvalues; i++)
    vals[i] = calloc((size_t)ir_numel(g->values[i]->shape) + 1, sizeof **vals);
  return vals;
}

static void free_buffers(const Graph *g, double **vals) {
  for (int i = 0; i < g->nvalues; i++)
    free(vals[i]);
  free(vals);
}

static void fill(double *buf, const Value *v, TestRng *r, Domain d, double hi) {
  for (int64_t i = 0; i < ir_numel(v->shape); i++)
    buf[i] = sample(r, d, hi);
}

static double loss_at(const Graph *g, double **vals, const Value *loss) {
  nnc_status st = ir_eval(g, vals);
  cr_assert_eq(st, NNC_OK, "eval: %s", base_last_error());
  return vals[loss->id][0];
}

/* loss = sum(y * w) over every axis */
static Value *weighted_sum(Case *c, Value *y, Value **w) {
  cr_assert_not_null(y, "building the op: %s", c->g->msg);
  *w = ir_input(c->g, "w", DT_F64, y->shape);
  Value *p = ir_binary(c->g, OP_MUL, y, *w);
  if (p->shape.rank == 0)
    return p;
  return ir_reduce(c->g, OP_SUM, p, (1u << p->shape.rank) - 1, false);
}

static double rel_err(double a, double b) {
  double d = fmax(fmax(fabs(a), fabs(b)), 1e-3);
  return fabs(a - b) / d;
}

/* Compares every analytic gradient element with central differences; returns the worst
 * relative error. */
static double compare(Case *c, double **vals, Value *loss, Value *const *grads) {
  double worst = 0;
  for (int i = 0; i < c->nx; i++) {
    int64_t n = ir_numel(c->x[i]->shape);
    double *an = malloc((size_t)(n + 1) * sizeof *an);
    loss_at(c->g, vals, loss);
    memcpy(an, vals[grads[i]->id], (size_t)n * sizeof *an);
    double *x = vals[c->x[i]->id];
    for (int64_t j = 0; j < n; j++) {
      double x0 = x[j];
      x[j] = x0 + H;
      double lp = loss_at(c->g, vals, loss);
      x[j] = x0 - H;
      double lm = loss_at(c->g, vals, loss);
      x[j] = x0;
      double e = rel_err(an[j], (lp - lm) / (2 * H));
      cr_expect(e <= TOL, "d/dx%d[%ld]: autodiff %.12g, differences %.12g (rel %.3g)", i,
                (long)j, an[j], (lp - lm) / (2 * H), e);
      worst = fmax(worst, e);
    }
    free(an);
  }
  return worst;
}

/* Differentiates sum(y * w) with respect to every arg and checks against differences. */
static double finish(Case *c, Value *y) {
  Value *w, *grads[4];
  Value *loss = weighted_sum(c, y, &w);
  PassCtx cx = {.loss = loss, .nwrt = c->nx, .wrt = c->x, .grads = grads};
  nnc_status st = pass_autodiff(c->g, &cx);
  cr_assert_eq(st, NNC_OK, "autodiff: %s", base_last_error());
  cr_assert_eq(ir_verify(c->g), NNC_OK, "verify: %s", base_last_error());
  for (int i = 0; i < c->nx; i++) {
    cr_assert_eq(grads[i]->dtype, c->x[i]->dtype);
    cr_assert(ir_shape_eq(grads[i]->shape, c->x[i]->shape), "grad %d has the wrong shape", i);
  }
  double **vals = buffers(c->g);
  for (int i = 0; i < c->nx; i++)
    fill(vals[c->x[i]->id], c->x[i], &c->rng, c->dom[i], 0);
  for (int i = 0; i < c->naux; i++)
    fill(vals[c->aux[i]->id], c->aux[i], &c->rng, c->adom[i], c->hi[i]);
  fill(vals[w->id], w, &c->rng, D_ANY, 0);
  double worst = compare(c, vals, loss, grads);
  free_buffers(c->g, vals);
  ir_graph_free(c->g);
  return worst;
}

static Shape random_shape(TestRng *r, int rank, int maxdim) {
  Shape s = {rank, {0}};
  for (int i = 0; i < rank; i++)
    s.dim[i] = 1 + (int64_t)floor(test_uniform(r, 0, maxdim));
  return s;
}

/* A shape that broadcasts to s: some leading axes dropped, some others set to 1. */
static Shape broadcastable(TestRng *r, Shape s) {
  int drop = (int)floor(test_uniform(r, 0, s.rank + 1));
  Shape b = {s.rank - drop, {0}};
  for (int i = 0; i < b.rank; i++)
    b.dim[i] = test_uniform(r, 0, 1) < 0.5 ? 1 : s.dim[i + drop];
  return b;
}

static void report(const char *what, double worst) {
  cr_log_info("%s: worst relative error %.3g", what, worst);
}

/* the same value on both sides: the two contributions must add up */
Test(passes, autodiff_value_used_twice) {
  Case c = begin(4000);
  Value *x = arg(&c, ir_shape(2, 2L, 3L), D_HALF);
  Value *y = ir_binary(c.g, OP_DIV, ir_binary(c.g, OP_MUL, x, x), ir_unary(c.g, OP_EXP, x));
  report("reuse", finish(&c, y));
}

Test(passes, autodiff_cmp_passes_nothing) {
  Case c = begin(4100);
  Value *a = arg(&c, ir_shape(2, 3L, 2L), D_GRID);
  Value *b = arg(&c, ir_shape(1, 2L), D_HALF);
  Value *y = ir_binary(c.g, OP_ADD, ir_cmp(c.g, CMP_GT, a, b), ir_binary(c.g, OP_MUL, a, b));
  report("cmp", finish(&c, y));
}

Test(passes, autodiff_select_routes_and_broadcasts) {
  double worst = 0;
  for (uint64_t seed = 0; seed < 8; seed++) {
    Case c = begin(4200 + seed);
    Shape s = random_shape(&c.rng, 1 + (int)(seed % 3), 3);
    Value *cond = aux(&c, seed & 1 ? DT_I32 : DT_F64, broadcastable(&c.rng, s), D_BIT, 0);
    Value *a = arg(&c, seed & 2 ? s : broadcastable(&c.rng, s), D_ANY);
    Value *b = arg(&c, seed & 2 ? broadcastable(&c.rng, s) : s, D_ANY);
    worst = fmax(worst, finish(&c, ir_select(c.g, cond, a, b)));
  }
  report("select", worst);
}

Test(passes, autodiff_matmul_every_trans_flag) {
  double worst = 0;
  for (uint64_t seed = 0; seed < 12; seed++) {
    bool ta = seed & 1, tb = seed & 2;
    Case c = begin(5000 + seed);
    Shape mk = random_shape(&c.rng, 2, 5), kn = random_shape(&c.rng, 2, 5);
    kn.dim[0] = mk.dim[1];
    Value *a = arg(&c, ta ? ir_shape(2, mk.dim[1], mk.dim[0]) : mk, D_ANY);
    Value *b = arg(&c, tb ? ir_shape(2, kn.dim[1], kn.dim[0]) : kn, D_ANY);
    worst = fmax(worst, finish(&c, ir_matmul(c.g, a, b, ta, tb)));
  }
  report("matmul", worst);
}

Test(passes, autodiff_transpose) {
  Case c = begin(5100);
  Value *x = arg(&c, ir_shape(2, 3L, 4L), D_ANY);
  report("transpose", finish(&c, ir_transpose(c.g, x)));
}

/* every axis subset of ranks 0..4, with and without keepdims, for SUM and MEAN */
Test(passes, autodiff_reductions_every_axes_and_keepdims) {
  double worst = 0;
  for (int rank = 0; rank <= 4; rank++) {
    for (unsigned axes = 0; axes < 1u << rank; axes++) {
      for (int kd = 0; kd < 4; kd++) {
        Case c = begin(6000 + 100 * (uint64_t)rank + 4 * axes + (uint64_t)kd);
        Value *x = arg(&c, random_shape(&c.rng, rank, 3), D_ANY);
        OpKind op = kd & 2 ? OP_MEAN : OP_SUM;
        worst = fmax(worst, finish(&c, ir_reduce(c.g, op, x, axes, kd & 1)));
      }
    }
  }
  report("sum, mean", worst);
}

Test(passes, autodiff_softmax_and_log_softmax) {
  double worst = 0;
  for (uint64_t seed = 0; seed < 8; seed++) {
    Case c = begin(7000 + seed);
    Value *x = arg(&c, random_shape(&c.rng, 1 + (int)(seed % 3), 4), D_ANY);
    worst = fmax(worst, finish(&c, ir_softmax(c.g, seed & 1 ? OP_LOG_SOFTMAX : OP_SOFTMAX, x)));
  }
  report("softmax", worst);
}

Test(passes, autodiff_reshape_and_broadcast) {
  double worst = 0;
  Case c = begin(7100);
  Value *x = arg(&c, ir_shape(2, 2L, 6L), D_ANY);
  worst = fmax(worst, finish(&c, ir_reshape(c.g, x, ir_shape(3, 3L, 2L, 2L))));
  for (uint64_t seed = 0; seed < 8; seed++) {
    c = begin(7200 + seed);
    Shape s = random_shape(&c.rng, 1 + (int)(seed % 4), 3);
    x = arg(&c, broadcastable(&c.rng, s), D_ANY);
    worst = fmax(worst, finish(&c, ir_broadcast(c.g, x, s)));
  }
  report("reshape, broadcast", worst);
}

/* ids that stay away from .5 get a zero gradient; the one-hot rows weight another input */
Test(passes, autodiff_one_hot_ids_get_nothing) {
  Case c = begin(7300);
  Value *ids = arg(&c, ir_shape(1, 4L), D_GRID);
  Value *x = arg(&c, ir_shape(2, 4L, 3L), D_ANY);
  Value *oh = ir_one_hot(c.g, ids, 3, DT_F64);
  report("one_hot", finish(&c, ir_binary(c.g, OP_MUL, oh, x)));
}

Test(passes, autodiff_cast_between_floats_and_from_ints) {
  Case c = begin(7400);
  Value *x = arg(&c, ir_shape(1, 5L), D_ANY);
  Value *i = ir_cast(c.g, ir_unary(c.g, OP_EXP, x), DT_I32); /* no gradient flows back */
  Value *y = ir_binary(c.g, OP_MUL, ir_cast(c.g, x, DT_F64), ir_cast(c.g, i, DT_F64));
  report("cast", finish(&c, y));
}

/* f32 -> f64: the adjoint comes back as f32, and equals the weights rounded to f32 */
Test(passes, autodiff_cast_f32_to_f64) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F32, ir_shape(1, 3L));
  Value *w = ir_input(g, "w", DT_F64, ir_shape(1, 3L));
  Value *l = ir_reduce(g, OP_SUM, ir_binary(g, OP_MUL, ir_cast(g, x, DT_F64), w), 1u, false);
  Value *dx;
  PassCtx cx = {.loss = l, .nwrt = 1, .wrt = &x, .grads = &dx};
  cr_assert_eq(pass_autodiff(g, &cx), NNC_OK, "%s", base_last_error());
  cr_assert_eq(dx->dtype, DT_F32);
  double **vals = buffers(g);
  double ws[3] = {0.1, -0.2, 0.3};
  memcpy(vals[w->id], ws, sizeof ws);
  cr_assert_eq(ir_eval(g, vals), NNC_OK, "%s", base_last_error());
  for (int j = 0; j < 3; j++)
    cr_expect_eq(vals[dx->id][j], (double)(float)ws[j]);
  free_buffers(g, vals);
  ir_graph_free(g);
}

/* a two-layer network with every contribution summed through the chain */
Test(passes, autodiff_small_network) {
  Case c = begin(7500);
  Value *x = arg(&c, ir_shape(2, 4L, 3L), D_ANY);
  Value *w1 = arg(&c, ir_shape(2, 3L, 5L), D_ANY);
  Value *b1 = arg(&c, ir_shape(1, 5L), D_ANY);
  Value *w2 = arg(&c, ir_shape(2, 5L, 2L), D_ANY);
  Graph *g = c.g;
  Value *h = ir_unary(g, OP_TANH, ir_binary(g, OP_ADD, ir_matmul(g, x, w1, false, false), b1));
  Value *z = ir_matmul(g, h, w2, false, false);
  Value *y = ir_binary(g, OP_MUL, ir_softmax(g, OP_SOFTMAX, z), ir_unary(g, OP_SIGMOID, z));
  report("network", finish(&c, y));
}

/* Each loss with and without logits, and the sigmoid/softmax rewrite. */
static double loss_case(LossKind k, int variant, uint64_t seed) {
  Case c = begin(seed);
  int64_t B = 1 + (int64_t)floor(test_uniform(&c.rng, 0, 4));
  int64_t C = 1 + (int64_t)floor(test_uniform(&c.rng, 0, 4));
  bool logits = variant == 1, rewrite = variant == 2;
  if (k == LOSS_CCE || k == LOSS_SCCE)
    C += 1;
  Shape ps = ir_shape(2, B, C);
  Domain pd = logits || rewrite ? D_ANY : (k == LOSS_CCE || k == LOSS_SCCE ? D_POS : D_PROB);
  if (k == LOSS_MSE)
    pd = D_ANY;
  Value *p = arg(&c, ps, pd);
  Value *t;
  if (k == LOSS_SCCE)
    t = aux(&c, seed & 1 ? DT_I32 : DT_F64, seed & 2 ? ir_shape(2, B, 1L) : ir_shape(1, B),
            D_CLASS, (double)C);
  else if (C == 1 && (seed & 1))
    t = aux(&c, DT_F64, ir_shape(1, B), D_PROB, 0); /* [B] targets against [B,1] */
  else
    t = aux(&c, DT_F64, ps, D_PROB, 0);
  if (rewrite)
    p = ir_unary(c.g, OP_SIGMOID, p);
  if (rewrite && (k == LOSS_CCE || k == LOSS_SCCE))
    p = ir_softmax(c.g, OP_SOFTMAX, c.x[0]);
  return finish(&c, ir_loss(c.g, k, p, t, logits));
}

Test(passes, autodiff_losses) {
  double worst = 0;
  for (int k = LOSS_BCE; k <= LOSS_SCCE; k++)
    for (int variant = 0; variant < 3; variant++)
      for (uint64_t seed = 0; seed < 6; seed++)
        worst = fmax(worst, loss_case((LossKind)k, variant, 8000 + 100 * (uint64_t)k +
                                                                10 * (uint64_t)variant + seed));
  report("losses", worst);
}

/* What the pass appends, apart from the gradients' values. */
static int appended(Graph *g, Value *loss, int nwrt, Value **wrt, Value **grads) {
  int before = g->nvalues;
  PassCtx cx = {.loss = loss, .nwrt = nwrt, .wrt = wrt, .grads = grads};
  cr_assert_eq(pass_autodiff(g, &cx), NNC_OK, "%s", base_last_error());
  cr_assert_eq(ir_verify(g), NNC_OK, "verify: %s", base_last_error());
  return g->nvalues - before;
}

/* loss = sum(exp(x) * tanh(p)): differentiating only x builds nothing for tanh(p) */
Test(passes, autodiff_only_values_between_wrt_and_loss) {
  Value *gr[2];
  int n[2];
  for (int both = 0; both < 2; both++) {
    Graph *g = ir_graph_new();
    Value *x = ir_input(g, "x", DT_F64, ir_shape(1, 3L));
    Value *p = ir_param(g, "p", DT_F64, ir_shape(1, 3L), INIT_ZEROS);
    Value *t = ir_unary(g, OP_TANH, p);
    Value *l = ir_reduce(g, OP_SUM, ir_binary(g, OP_MUL, ir_unary(g, OP_EXP, x), t), 1u, false);
    Value *wrt[2] = {x, p};
    n[both] = appended(g, l, 1 + both, wrt, gr);
    for (int i = l->id + 1; i < g->nvalues && !both; i++)
      for (int k = 0; k < g->values[i]->nargs; k++)
        cr_expect_neq(g->values[i]->args[k], p, "%%%d reads p without needing it", i);
    ir_graph_free(g);
  }
  cr_expect_gt(n[1], n[0]);
}

/* loss = sum(x @ w + c) with respect to w only: the matmul's VJP also builds x's adjoint and
 * the add's the constant's, and neither may stay in the graph. Every appended value is a
 * gradient or read by a later one. */
Test(passes, autodiff_keeps_nothing_that_reaches_no_gradient) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F64, ir_shape(2, 4L, 3L));
  Value *w = ir_param(g, "w", DT_F64, ir_shape(2, 3L, 2L), INIT_ZEROS);
  Value *y = ir_binary(g, OP_ADD, ir_matmul(g, x, w, false, false), ir_scalar(g, DT_F64, 2));
  Value *l = ir_reduce(g, OP_SUM, y, 3u, false), *gr[1];
  int first = g->nvalues;
  appended(g, l, 1, &w, gr);
  bool *read = calloc((size_t)g->nvalues, sizeof *read);
  read[gr[0]->id] = true;
  for (int i = g->nvalues - 1; i >= first; i--) {
    cr_expect(read[i], "%%%d (%s) reaches no gradient", i, ir_op_name(g->values[i]->op));
    for (int k = 0; k < g->values[i]->nargs; k++)
      read[g->values[i]->args[k]->id] = true;
  }
  for (int i = first; i < g->nvalues; i++)
    cr_expect(g->values[i]->op != OP_MATMUL || g->values[i]->shape.dim[0] == 3, "%%%d is dx", i);
  free(read);
  ir_graph_free(g);
}

Test(passes, autodiff_unrelated_wrt_gets_zero) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F64, ir_shape(1, 3L));
  Value *q = ir_param(g, "q", DT_F32, ir_shape(2, 2L, 2L), INIT_ZEROS);
  Value *late = ir_unary(g, OP_NEG, x);
  Value *l = ir_reduce(g, OP_SUM, x, 1u, false);
  Value *late2 = ir_unary(g, OP_EXP, x); /* after the loss */
  Value *wrt[4] = {q, x, late, late2}, *gr[4];
  appended(g, l, 4, wrt, gr);
  for (int i = 0; i < 4; i++) {
    if (i == 1)
      continue; /* x is the one the loss reads */
    cr_expect_eq(gr[i]->op, OP_CONST);
    cr_expect_eq(gr[i]->num, 0);
    cr_expect_eq(gr[i]->dtype, wrt[i]->dtype);
    cr_expect(ir_shape_eq(gr[i]->shape, wrt[i]->shape));
  }
  cr_expect_neq(gr[1]->op, OP_CONST);
  ir_graph_free(g);
}

Test(passes, autodiff_loss_with_respect_to_itself_is_one) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F32, ir_shape(0));
  Value *l = ir_unary(g, OP_EXP, x);
  Value *wrt[2] = {l, l}, *gr[2];
  appended(g, l, 2, wrt, gr);
  for (int i = 0; i < 2; i++) {
    cr_expect_eq(gr[i]->op, OP_CONST);
    cr_expect_eq(gr[i]->num, 1);
  }
  ir_graph_free(g);
}

Test(passes, autodiff_rejects_bad_requests) {
  Graph *g = ir_graph_new(), *other = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F64, ir_shape(1, 3L));
  Value *ids = ir_input(g, "ids", DT_I32, ir_shape(1, 3L));
  Value *ox = ir_input(other, "x", DT_F64, ir_shape(0));
  Value *vec = ir_unary(g, OP_EXP, x);
  Value *l = ir_reduce(g, OP_SUM, vec, 1u, false);
  Value *gr[1];
  PassCtx cx = {.loss = vec, .nwrt = 1, .wrt = &x, .grads = gr};
  cr_expect_eq(pass_autodiff(g, &cx), NNC_ERR_SHAPE);
  cr_expect(strstr(base_last_error(), "scalar"), "message: %s", base_last_error());
  cx.loss = ox;
  cr_expect_eq(pass_autodiff(g, &cx), NNC_ERR_ARG);
  cx.loss = l;
  cx.wrt = &ids;
  cr_expect_eq(pass_autodiff(g, &cx), NNC_ERR_TYPE);
  cr_expect(strstr(base_last_error(), "i32"), "message: %s", base_last_error());
  cx.wrt = &ox;
  cr_expect_eq(pass_autodiff(g, &cx), NNC_ERR_ARG);
  cr_expect_eq(pass_autodiff(NULL, &cx), NNC_ERR_ARG);
  ir_graph_free(g);
  ir_graph_free(other);
}

/* Every row of ops.def names a VJP or says NO_GRAD: a NULL there is refused below, and
 * this names the row. */
Test(passes, autodiff_every_op_has_a_vjp_or_no_grad) {
  for (OpKind op = 0; op < OP_COUNT; op++)
    cr_expect(ir_has_vjp(op), "%s: its row in ir/ops.def has no VJP (write one in ir/vjp.c, "
              "or say NO_GRAD when no gradient flows by the op's math)", ir_op_name(op));
}

/* A value whose op has no VJP is refused, naming it, and the graph is left as it was; the
 * gradient is never a zero. Every row has a VJP, so the op here is one past the table. */
Test(passes, autodiff_refuses_an_op_without_a_vjp) {
  Graph *g = ir_graph_new();
  Value *x = ir_input(g, "x", DT_F64, ir_shape(1, 3L));
  Value *y = ir_unary(g, OP_EXP, x);
  Value *l = ir_reduce(g, OP_SUM, y, 1u, false);
  int n = g->nvalues;
  y->op = OP_COUNT;
  Value *gr[1] = {NULL};
  PassCtx cx = {.loss = l, .nwrt = 1, .wrt = &x, .grads = gr};
  cr_expect_eq(pass_autodiff(g, &cx), NNC_ERR_ARG);
  cr_expect(strstr(base_last_error(), "%1 (?) lies between the loss and a value to "
                   "differentiate, but its op has no VJP"), "message: %s", base_last_error());
  cr_expect_eq(g->nvalues, n, "a refused graph gains no values");
  cr_expect_null(gr[0], "no gradient, not a zero");
  Value *dy = ir_const(g, DT_F64, y->shape, 1.0), *d[IR_MAX_ARGS];
  cr_expect_eq(ir_vjp(g, y, dy, d), NNC_ERR_ARG);
  cr_expect(strstr(base_last_error(), "has no VJP"), "message: %s", base_last_error());
  cr_expect_null(d[0]);
  y->op = OP_EXP;
  ir_graph_free(g);
}
