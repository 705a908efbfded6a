/* test_optimizer.c — pass_optimizer against Keras's formulas, computed by hand here.
 *
 * The model: params w: f64[3] and b: f64[], input x: f64[3],
 *     loss = mean((w·x + b − 1)²)       (elementwise product, b broadcast)
 * so dL/dw_i = (2/3)·r_i·x_i and dL/db = (2/3)·Σ r_i with r_i = w_i·x_i + b − 1.
 * Each test runs pass_autodiff + pass_optimizer, then evaluates the graph three times with
 * ir_eval on the same buffers (ASSIGNs write the param and state buffers, so they feed the
 * next step) with a new x each step, and compares w, b and the optimizer's state with the
 * formulas applied in plain C (tolerance 1e-12).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "evalbuf.h"
#include "passes.h"

enum { N = 3, P = N + 1 }; /* P: w_0..w_2 then b */

typedef struct {
  Graph *g;
  Value *w, *b, *x, *loss;
  Value *grads[2];
} Model;

static Model model(void) {
  Model m = {.g = ir_graph_new()};
  Graph *g = m.g;
  m.w = ir_param(g, "dense/kernel", DT_F64, ir_shape(1, (int64_t)N), INIT_ZEROS);
  m.b = ir_param(g, "dense/bias", DT_F64, ir_shape(0), INIT_ZEROS);
  m.x = ir_input(g, "x", DT_F64, ir_shape(1, (int64_t)N));
  Value *r = ir_binary(g, OP_SUB, ir_binary(g, OP_ADD, ir_binary(g, OP_MUL, m.w, m.x), m.b),
                       ir_scalar(g, DT_F64, 1.0));
  m.loss = ir_reduce(g, OP_MEAN, ir_binary(g, OP_MUL, r, r), 1u, false);
  ir_output(g, m.loss);
  cr_assert_eq(g->status, NNC_OK, "%s", g->msg);
  return m;
}

static void lower(Model *m, const nnc_optimizer *o) {
  Value *wrt[2] = {m->w, m->b};
  PassCtx cx = {.loss = m->loss, .nwrt = 2, .wrt = wrt, .grads = m->grads, .opt = o};
  cr_assert_eq(pass_autodiff(m->g, &cx), NNC_OK, "%s", base_last_error());
  cr_assert_eq(pass_optimizer(m->g, &cx), NNC_OK, "%s", base_last_error());
}

/* The hand-computed side: params and the optimizer's memory, one slot per scalar. */
typedef struct {
  double w[P], m[P], v[P];
  int t;
} Ref;

static void grad(const Ref *r, const double *x, double *gr) {
  double sum = 0;
  for (int i = 0; i < N; i++) {
    double res = r->w[i] * x[i] + r->w[N] - 1.0;
    gr[i] = 2.0 / N * res * x[i];
    sum += res;
  }
  gr[N] = 2.0 / N * sum;
}

static void ref_step(Ref *r, const nnc_optimizer *o, const double *x) {
  double g[P];
  grad(r, x, g);
  r->t++;
  double lr = o->learning_rate, mu = o->momentum;
  for (int i = 0; i < P; i++) {
    if (o->kind == NNC_OPT_SGD && mu == 0) {
      r->w[i] -= lr * g[i];
    } else if (o->kind == NNC_OPT_SGD) {
      r->m[i] = mu * r->m[i] - lr * g[i];
      r->w[i] += o->nesterov ? mu * r->m[i] - lr * g[i] : r->m[i];
    } else if (o->kind == NNC_OPT_ADAM) {
      r->m[i] += (g[i] - r->m[i]) * (1 - o->beta_1);
      r->v[i] += (g[i] * g[i] - r->v[i]) * (1 - o->beta_2);
      double alpha = lr * sqrt(1 - pow(o->beta_2, r->t)) / (1 - pow(o->beta_1, r->t));
      r->w[i] -= alpha * r->m[i] / (sqrt(r->v[i]) + o->epsilon);
    } else {
      r->v[i] = o->rho * r->v[i] + (1 - o->rho) * g[i] * g[i];
      r->w[i] -= lr * g[i] / sqrt(r->v[i] + o->epsilon);
    }
  }
}

/* Compares a leaf's buffer (the param's or a state's) with the reference's P scalars. */
static void expect_leaf(const Graph *g, double **vals, const char *name, const char *suffix,
                        const double *want, int step) {
  char full[64];
  for (int k = 0; k < 2; k++) {
    const char *base = k == 0 ? "dense/kernel" : "dense/bias";
    snprintf(full, sizeof full, "%s%s", base, suffix);
    Value *v = ir_find(g, full);
    cr_assert_not_null(v, "no leaf named %s", full);
    int64_t n = k == 0 ? N : 1;
    for (int64_t i = 0; i < n; i++) {
      double got = vals[v->id][i], w = want[k == 0 ? i : N];
      cr_assert(fabs(got - w) <= 1e-12 * (1 + fabs(w)), "%s %s[%ld] step %d: got %.17g want %.17g",
                name, full, (long)i, step, got, w);
    }
  }
}

static void run(const nnc_optimizer *o, const char *name, const char *m_suffix,
                const char *v_suffix) {
  Model m = model();
  lower(&m, o);
  cr_assert_eq(m.g->status, NNC_OK, "%s", m.g->msg);
  double **vals = evalbuf_new(m.g);
  Ref r = {.w = {0.3, -0.2, 0.5, 0.1}};
  memcpy(vals[m.w->id], r.w, N * sizeof(double));
  vals[m.b->id][0] = r.w[N];
  for (int i = 0; i < m.g->nvalues; i++)
    for (int64_t j = 0; m.g->values[i]->op == OP_STATE && j < ir_numel(m.g->values[i]->shape); j++)
      vals[i][j] = m.g->values[i]->num; /* the runtime's initial state */
  TestRng rng = test_rng(42);
  for (int step = 1; step <= 3; step++) {
    double x[N];
    for (int i = 0; i < N; i++)
      x[i] = vals[m.x->id][i] = test_uniform(&rng, -2, 2);
    cr_assert_eq(ir_eval(m.g, vals), NNC_OK, "%s", base_last_error());
    ref_step(&r, o, x);
    expect_leaf(m.g, vals, name, "", r.w, step);
    if (m_suffix)
      expect_leaf(m.g, vals, name, m_suffix, r.m, step);
    if (v_suffix)
      expect_leaf(m.g, vals, name, v_suffix, r.v, step);
  }
  evalbuf_free(m.g, vals);
  ir_graph_free(m.g);
}

static nnc_optimizer opt(nnc_optimizer_kind k, double lr) {
  nnc_optimizer o = {.kind = k, .learning_rate = lr, .beta_1 = 0.9, .beta_2 = 0.999,
                     .rho = 0.9, .epsilon = 1e-7};
  return o;
}

Test(passes, optimizer_sgd_matches_keras) {
  nnc_optimizer o = opt(NNC_OPT_SGD, 0.1);
  run(&o, "sgd", NULL, NULL);
}

Test(passes, optimizer_momentum_matches_keras) {
  nnc_optimizer o = opt(NNC_OPT_SGD, 0.1);
  o.momentum = 0.9;
  run(&o, "momentum", "/momentum", NULL);
}

Test(passes, optimizer_nesterov_matches_keras) {
  nnc_optimizer o = opt(NNC_OPT_SGD, 0.05);
  o.momentum = 0.8;
  o.nesterov = 1;
  run(&o, "nesterov", "/momentum", NULL);
}

Test(passes, optimizer_adam_matches_keras) {
  nnc_optimizer o = opt(NNC_OPT_ADAM, 0.1);
  run(&o, "adam", "/m", "/v");
}

Test(passes, optimizer_adam_with_other_betas_matches_keras) {
  nnc_optimizer o = opt(NNC_OPT_ADAM, 0.01);
  o.beta_1 = 0.5;
  o.beta_2 = 0.75;
  o.epsilon = 1e-3;
  run(&o, "adam", "/m", "/v");
}

Test(passes, optimizer_rmsprop_matches_keras) {
  nnc_optimizer o = opt(NNC_OPT_RMSPROP, 0.01);
  run(&o, "rmsprop", NULL, "/v");
}

Test(passes, optimizer_assigns_come_after_every_other_value) {
  nnc_optimizer o = opt(NNC_OPT_ADAM, 0.001);
  Model m = model();
  int before = m.g->nvalues;
  lower(&m, &o);
  int first_assign = -1, nassign = 0;
  for (int i = 0; i < m.g->nvalues; i++) {
    if (m.g->values[i]->op == OP_ASSIGN) {
      nassign++;
      if (first_assign < 0)
        first_assign = i;
    } else {
      cr_assert(first_assign < 0, "%%%d (%s) follows an ASSIGN", i,
                ir_op_name(m.g->values[i]->op));
    }
  }
  cr_assert_eq(nassign, 2 * 3 + 1, "w, m, v per param and the step count");
  cr_assert_gt(first_assign, before);
  Value *n = ir_find(m.g, "adam/iteration");
  cr_assert_not_null(n);
  cr_assert_eq(n->op, OP_STATE);
  cr_assert_eq(n->dtype, DT_F64, "the params' dtype");
  cr_assert_eq(n->num, 0.0);
  cr_assert_eq(n->shape.rank, 0);
  cr_assert_null(ir_find(m.g, "adam/beta_1_power"), "the powers are computed, not kept");
  ir_graph_free(m.g);
}

Test(passes, optimizer_without_opt_changes_nothing) {
  Model m = model();
  lower(&m, NULL);
  for (int i = 0; i < m.g->nvalues; i++)
    cr_assert_neq(m.g->values[i]->op, OP_ASSIGN);
  cr_assert_null(ir_find(m.g, "dense/kernel/m"));
  ir_graph_free(m.g);
}

Test(passes, optimizer_skips_params_without_gradient) {
  Model m = model();
  Value *unused = ir_param(m.g, "unused", DT_F64, ir_shape(1, 2L), INIT_ZEROS);
  Value *wrt[2] = {m.w, unused}, *grads[2];
  nnc_optimizer o = opt(NNC_OPT_SGD, 0.1);
  PassCtx cx = {.loss = m.loss, .nwrt = 2, .wrt = wrt, .grads = grads, .opt = &o};
  cr_assert_eq(pass_autodiff(m.g, &cx), NNC_OK, "%s", base_last_error());
  cr_assert_eq(pass_optimizer(m.g, &cx), NNC_OK, "%s", base_last_error());
  int nassign = 0;
  for (int i = 0; i < m.g->nvalues; i++)
    if (m.g->values[i]->op == OP_ASSIGN) {
      nassign++;
      cr_assert_eq(m.g->values[i]->args[0], m.w);
    }
  cr_assert_eq(nassign, 1);
  ir_graph_free(m.g);
}

Test(passes, optimizer_rejects_a_wrt_that_is_not_a_param) {
  Model m = model();
  Value *wrt[1] = {m.x}, *grads[1] = {m.x};
  nnc_optimizer o = opt(NNC_OPT_SGD, 0.1);
  PassCtx cx = {.nwrt = 1, .wrt = wrt, .grads = grads, .opt = &o};
  cr_assert_eq(pass_optimizer(m.g, &cx), NNC_ERR_ARG);
  cr_assert(strstr(base_last_error(), "not a param"), "%s", base_last_error());
  ir_graph_free(m.g);
}

Test(passes, optimizer_f32_params_train_in_f32) {
  Graph *g = ir_graph_new();
  Value *w = ir_param(g, "w", DT_F32, ir_shape(1, 4L), INIT_ZEROS);
  Value *loss = ir_reduce(g, OP_SUM, ir_binary(g, OP_MUL, w, w), 1u, false);
  Value *wrt[1] = {w}, *grads[1];
  nnc_optimizer o = opt(NNC_OPT_ADAM, 0.001);
  PassCtx cx = {.loss = loss, .nwrt = 1, .wrt = wrt, .grads = grads, .opt = &o};
  cr_assert_eq(pass_autodiff(g, &cx), NNC_OK, "%s", base_last_error());
  cr_assert_eq(pass_optimizer(g, &cx), NNC_OK, "%s", base_last_error());
  for (int i = 0; i < g->nvalues; i++) /* only the powers are computed in f64 */
    cr_assert(g->values[i]->dtype == DT_F32 ||
              (g->values[i]->dtype == DT_F64 && g->values[i]->shape.rank == 0), "%%%d", i);
  ir_graph_free(g);
}

/* For a target without f64 arithmetic (an object for a Cortex-M4F), all of it is f32. */
Test(passes, optimizer_f32_params_without_f64_train_in_f32_alone) {
  static const nnc_optimizer_kind kinds[] = {NNC_OPT_ADAM, NNC_OPT_NADAM, NNC_OPT_ADAMAX};
  for (size_t n = 0; n < sizeof kinds / sizeof *kinds; n++) {
    Graph *g = ir_graph_new();
    Value *w = ir_param(g, "w", DT_F32, ir_shape(1, 4L), INIT_ZEROS);
    Value *loss = ir_reduce(g, OP_SUM, ir_binary(g, OP_MUL, w, w), 1u, false);
    Value *wrt[1] = {w}, *grads[1];
    nnc_optimizer o = opt(kinds[n], 0.001);
    PassCtx cx = {.loss = loss, .nwrt = 1, .wrt = wrt, .grads = grads, .opt = &o, .no_f64 = true};
    cr_assert_eq(pass_autodiff(g, &cx), NNC_OK, "%s", base_last_error());
    cr_assert_eq(pass_optimizer(g, &cx), NNC_OK, "%s", base_last_error());
    for (int i = 0; i < g->nvalues; i++)
      cr_assert_eq(g->values[i]->dtype, DT_F32, "%s: %%%d", nnc_optimizer_name(kinds[n]), i);
    ir_graph_free(g);
  }
}
