/* test_activations.c — every activation against real Keras 3's numbers (reference/make.py
 * wrote them): its value and the gradient of sum(w * f(x)) through the graph level
 * (nnc_activate, nnc_grad, nnc_jit), in f64 and f32; bad arguments refused as Keras refuses
 * them; and in a Dense layer's training step, the activation applied in the matmul's epilogue
 * and its derivative in the backward matmul's. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "keras.h"
#include "reference/activations.inc"

enum { NREF = sizeof act_ref / sizeof act_ref[0] };

/* Some references are rounded through f32 (Keras's tanh returns float32 on float64 input). */
static bool near(double got, double want, double rel) {
  return fabs(got - want) <= rel * fmax(fabs(want), 1e-3);
}

/* y = f(x) and dx = d sum(w * y) / dx for x [2, 4] of dtype dt, through the graph level. */
static void run(int i, nnc_dtype dt, double *y, double *dx) {
  nnc_activation a;
  cr_assert_eq(nnc_activation_from_name(act_ref[i].name, &a), NNC_OK, "%s", nnc_last_error());
  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  int64_t xs[2] = {2, 4}, ws[2] = {2, act_ref[i].outs / 2};
  nnc_value *x = nnc_param(g, "x", dt, 2, xs, NNC_INIT_ZEROS);
  nnc_value *w = nnc_input(g, "w", dt, 2, ws);
  nnc_value *fx = nnc_activate(g, a, act_ref[i].args, x);
  nnc_value *l = nnc_sum(g, nnc_mul(g, w, fx), ~0u, 0), *d;
  cr_assert_eq(nnc_graph_status(g), NNC_OK, "%s: %s", act_ref[i].name, nnc_graph_error(g));
  cr_assert_eq(nnc_grad(g, l, 1, &x, &d), NNC_OK, "%s: %s", act_ref[i].name, nnc_last_error());
  nnc_value *outs[2] = {fx, d};
  nnc_function *f;
  cr_assert_eq(nnc_jit(g, 2, outs, &f), NNC_OK, "%s: %s", act_ref[i].name, nnc_last_error());
  nnc_graph_free(g);
  double wv[8] = {0};
  for (int k = 0; k < act_ref[i].outs; k++) /* w [2, outs/2]: the first columns of act_w */
    wv[k] = act_w[(k / (act_ref[i].outs / 2)) * 4 + k % (act_ref[i].outs / 2)];
  if (dt == NNC_F64) {
    double xb[8];
    memcpy(xb, act_x, sizeof xb);
    cr_assert_eq(nnc_function_call(f, (void *[]){xb, wv, y, dx}), NNC_OK);
  } else {
    float xb[8], wb[8], yb[8], db[8];
    for (int k = 0; k < 8; k++)
      xb[k] = (float)act_x[k], wb[k] = (float)wv[k];
    cr_assert_eq(nnc_function_call(f, (void *[]){xb, wb, yb, db}), NNC_OK);
    for (int k = 0; k < 8; k++)
      y[k] = yb[k], dx[k] = db[k];
  }
  nnc_function_free(f);
}

static void check(nnc_dtype dt, double rel) {
  for (int i = 0; i < NREF; i++) {
    double y[8], dx[8];
    run(i, dt, y, dx);
    for (int k = 0; k < act_ref[i].outs; k++)
      cr_expect(near(y[k], act_ref[i].y[k], rel), "%s(%g, %g, %g) y[%d] = %.9g, Keras %.9g",
                act_ref[i].name, act_ref[i].args[0], act_ref[i].args[1], act_ref[i].args[2], k,
                y[k], act_ref[i].y[k]);
    for (int k = 0; k < 8; k++)
      cr_expect(near(dx[k], act_ref[i].dx[k], rel), "%s(%g, %g, %g) dx[%d] = %.9g, Keras %.9g",
                act_ref[i].name, act_ref[i].args[0], act_ref[i].args[1], act_ref[i].args[2], k,
                dx[k], act_ref[i].dx[k]);
  }
}

Test(activations, every_activation_is_keras_value_and_gradient_f64) {
  check(NNC_F64, 1e-6);
}

Test(activations, every_activation_is_keras_value_and_gradient_f32) {
  check(NNC_F32, 2e-5);
}

Test(activations, every_keras_activation_has_a_reference) {
  for (int a = 0; nnc_activation_name((nnc_activation)a); a++) {
    bool found = false;
    for (int i = 0; i < NREF; i++)
      found |= strcmp(act_ref[i].name, nnc_activation_name((nnc_activation)a)) == 0;
    cr_expect(found, "%s has no Keras reference in make.py", nnc_activation_name((nnc_activation)a));
  }
  cr_expect_str_empty(names_activations.keras_only);
}

/* Ties: Keras sorts, so tied features take one rank each and its tau sums a different S_r
 * for each (Keras 3.15, JAX, float64: keras.activations.sparsemax of these rows). */
Test(activations, sparsemax_ties_give_keras_s_numbers) {
  static const double x[12] = {-0.2, -0.2, -0.2, -0.2, 0.2, -0.4, -0.4, -0.4,
                               -1.5, -0.25, -0.25, -1.5};
  static const double want[12] = {0.55, 0.55, 0.55, 0.55, 0.85, 0.25, 0.25, 0.25,
                                  0, 0.625, 0.625, 0};
  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  int64_t s[2] = {3, 4};
  nnc_value *in = nnc_input(g, "x", NNC_F64, 2, s);
  nnc_value *y = nnc_activate(g, NNC_ACT_SPARSEMAX, NULL, in);
  nnc_function *f;
  cr_assert_eq(nnc_jit(g, 1, &y, &f), NNC_OK, "%s", nnc_last_error());
  nnc_graph_free(g);
  double xb[12], yb[12];
  memcpy(xb, x, sizeof xb);
  cr_assert_eq(nnc_function_call(f, (void *[]){xb, yb}), NNC_OK);
  nnc_function_free(f);
  for (int i = 0; i < 12; i++)
    cr_expect(near(yb[i], want[i], 1e-12), "y[%d] = %.17g, Keras %.17g", i, yb[i], want[i]);
}

Test(activations, arguments_keras_refuses_are_refused) {
  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  int64_t s3[2] = {2, 3};
  nnc_value *x = nnc_input(g, "x", NNC_F64, 2, s3);
  cr_expect_null(nnc_activate(g, NNC_ACT_THRESHOLD, NULL, x)); /* no defaults in Keras */
  cr_expect(strstr(nnc_graph_error(g), "threshold's argument threshold is required"), "%s",
            nnc_graph_error(g));
  nnc_graph_free(g);
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  x = nnc_input(g, "x", NNC_F64, 2, s3);
  cr_expect_null(nnc_activate(g, NNC_ACT_GLU, NULL, x));
  cr_expect(strstr(nnc_graph_error(g), "even"), "%s", nnc_graph_error(g));
  nnc_graph_free(g);
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  x = nnc_input(g, "x", NNC_F64, 2, s3);
  double args[NNC_ACT_ARGS] = {0};
  cr_expect_null(nnc_activate(g, NNC_ACT_SOFTMAX, args, x)); /* axis 0: the batch */
  cr_expect(strstr(nnc_graph_error(g), "axis must be the last axis"), "%s", nnc_graph_error(g));
  nnc_graph_free(g);
  cr_expect_eq(nnc_activation_defaults((nnc_activation)99, args), NNC_ERR_ARG);
  cr_expect_eq(nnc_activation_defaults(NNC_ACT_RELU, args), NNC_OK);
  cr_expect(args[0] == 0 && isinf(args[1]) && args[2] == 0, "relu's defaults");
}

/* ---- in a Dense layer's training step ---- */

static bool in_group_with_matmul(const Graph *g, const Value *v, bool backward) {
  for (int i = 0; v->group && i < g->nvalues; i++) {
    const Value *u = g->values[i];
    if (u->op == OP_MATMUL && u->group == v->group && u->trans_b == backward)
      return true;
  }
  return false;
}

/* Dense(5, activation=a) then Dense(3): a's op (or its composite's `op`) in the forward
 * matmul's group, and some elementwise value (its derivative) in the backward dY·Wᵀ's. */
static void expect_fused(nnc_activation a, OpKind op) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  nnc_model_add_input(m, 6);
  nnc_dense_options d = nnc_dense(5, a);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  d = nnc_dense(3, NNC_ACT_LINEAR);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  DriverOut out = {0};
  cr_assert_eq(keras_variant_stages(m, VAR_TRAIN, 32, 1u << DRIVER_OPT, &out), NNC_OK);
  const Graph *g = out.graph[DRIVER_OPT];
  bool fwd = false, bwd = false;
  for (int i = 0; i < g->nvalues; i++) {
    const Value *v = g->values[i];
    fwd |= v->op == op && in_group_with_matmul(g, v, false);
    bwd |= (ir_op_flags(v->op) & OPF_ELEMWISE) && in_group_with_matmul(g, v, true);
  }
  cr_expect(fwd, "%s: no %s in a forward matmul's epilogue", nnc_activation_name(a), ir_op_name(op));
  cr_expect(bwd, "%s: the backward matmul has no fused derivative", nnc_activation_name(a));
  driver_out_free(&out);
  nnc_model_free(m);
}

Test(activations, dense_activations_fuse_forward_and_backward) {
  expect_fused(NNC_ACT_ELU, OP_ELU);
  expect_fused(NNC_ACT_SELU, OP_ELU);
  expect_fused(NNC_ACT_SOFTPLUS, OP_SOFTPLUS);
  expect_fused(NNC_ACT_MISH, OP_MISH);
  expect_fused(NNC_ACT_SILU, OP_SIGMOID);
  expect_fused(NNC_ACT_HARD_SILU, OP_MIN);
  expect_fused(NNC_ACT_LOG_SIGMOID, OP_SOFTPLUS);
}
