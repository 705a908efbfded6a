/* test_losses.c — each Keras loss against numbers worked out from Keras's formulas
 * (eps = 1e-7), including saturated probabilities where the clipping decides the result,
 * the examples printed in Keras's documentation, and the sigmoid/softmax rewrite. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "ir.h"

/* Evaluates the graph with `data[i]` filling the i-th input (in id order); returns v. */
static double eval_scalar(Graph *g, Value *v, const double *const *data) {
  cr_assert_eq(g->status, NNC_OK, "graph: %s", g->msg);
  cr_assert_not_null(v);
  cr_assert_eq(v->shape.rank, 0, "the loss is not a scalar");
  double **vals = calloc((size_t)g->nvalues, sizeof *vals);
  int next = 0;
  for (int i = 0; i < g->nvalues; i++) {
    const Value *x = g->values[i];
    int64_t n = ir_numel(x->shape);
    vals[i] = calloc((size_t)n + 1, sizeof **vals);
    if (x->op == OP_INPUT)
      memcpy(vals[i], data[next++], (size_t)n * sizeof **vals);
  }
  cr_assert_eq(ir_eval(g, vals), NNC_OK, "eval: %s", base_last_error());
  double r = vals[v->id][0];
  for (int i = 0; i < g->nvalues; i++)
    free(vals[i]);
  free(vals);
  return r;
}

/* loss(pred, target) with pred f64 of shape ps and target of type tt/ts */
static double loss_of(LossKind k, bool logits, Shape ps, const double *p, DType tt, Shape ts,
                      const double *t) {
  Graph *g = ir_graph_new();
  Value *pred = ir_input(g, "pred", DT_F64, ps);
  Value *target = ir_input(g, "target", tt, ts);
  Value *l = ir_loss(g, k, pred, target, logits);
  double r = eval_scalar(g, l, (const double *[]){p, t});
  ir_graph_free(g);
  return r;
}

#define NEAR(a, b, tol) cr_expect(fabs((a) - (b)) <= (tol), "%.17g, expected %.17g", (a), (b))

/* -log(eps + eps): a saturated probability on the wrong side */
static const double SAT = 15.424948470398375;

Test(ir, loss_bce_clips_saturated_probabilities) {
  /* y, p = (1, .9), (0, .2), (1, 0), (0, 1): -log(.9+eps), -log(.8+eps), SAT, SAT */
  double want = (-log(0.9 + 1e-7) - log(0.8 + 1e-7) + 2 * SAT) / 4;
  double r = loss_of(LOSS_BCE, false, ir_shape(2, 4L, 1L), (double[]){0.9, 0.2, 0, 1}, DT_F64,
                     ir_shape(2, 4L, 1L), (double[]){1, 0, 1, 0});
  NEAR(r, want, 1e-9); /* 1 - (1 - eps) is not exactly eps in f64 */
  NEAR(r, 7.794600192980217, 1e-12);
}

Test(ir, loss_bce_matches_keras_documentation) {
  double r = loss_of(LOSS_BCE, false, ir_shape(2, 2L, 2L), (double[]){0.6, 0.4, 0.4, 0.6},
                     DT_F64, ir_shape(2, 2L, 2L), (double[]){0, 1, 0, 0});
  NEAR(r, 0.815, 5e-4);
  r = loss_of(LOSS_BCE, true, ir_shape(1, 4L), (double[]){-18.6, 0.51, 2.94, -12.8}, DT_F64,
              ir_shape(1, 4L), (double[]){0, 1, 0, 0});
  NEAR(r, 0.865, 5e-4);
}

Test(ir, loss_bce_from_logits_is_stable) {
  /* max(z,0) - z y + log(1 + exp(-|z|)) for (z, y) = (2, 1), (-1, 0), (0, .5) */
  double want = (log(1 + exp(-2.0)) + log(1 + exp(-1.0)) + log(2.0)) / 3;
  double r = loss_of(LOSS_BCE, true, ir_shape(2, 3L, 1L), (double[]){2, -1, 0}, DT_F64,
                     ir_shape(2, 3L, 1L), (double[]){1, 0, 0.5});
  NEAR(r, want, 1e-12);
  NEAR(r, 0.3777789597070469, 1e-12);
  r = loss_of(LOSS_BCE, true, ir_shape(2, 2L, 1L), (double[]){100, -100}, DT_F64,
              ir_shape(2, 2L, 1L), (double[]){0, 1});
  NEAR(r, 100.0, 1e-12);
}

/* mean over the last axis, then over the batch: [[1,.9],[.5,1]] against [[1,0],[.5,1]] */
Test(ir, loss_bce_means_over_last_axis_then_batch) {
  double b[4] = {-log(0.9 + 1e-7), -log(1 - 0.3 + 1e-7), -log(0.5 + 1e-7),
                 -log(1 - 1e-7 + 1e-7)};
  double r = loss_of(LOSS_BCE, false, ir_shape(2, 2L, 2L), (double[]){0.9, 0.3, 0.5, 1},
                     DT_F64, ir_shape(2, 2L, 2L), (double[]){1, 0, 0.5, 1});
  NEAR(r, ((b[0] + b[1]) / 2 + (b[2] + b[3]) / 2) / 2, 1e-12);
  NEAR(r, 0.2887955465470717, 1e-9);
}

/* pred = sigmoid(30), y = 0: the probability form would clip to SAT; the logits form
 * on the sigmoid's operand gives 30 + log(1 + e^-30). */
Test(ir, loss_bce_of_a_sigmoid_uses_its_logits) {
  Graph *g = ir_graph_new();
  Value *z = ir_input(g, "z", DT_F64, ir_shape(2, 1L, 1L));
  Value *y = ir_input(g, "y", DT_F64, ir_shape(2, 1L, 1L));
  Value *l = ir_loss(g, LOSS_BCE, ir_unary(g, OP_SIGMOID, z), y, false);
  double r = eval_scalar(g, l, (const double *[]){(double[]){30}, (double[]){0}});
  NEAR(r, 30 + log1p(exp(-30.0)), 1e-12);
  ir_graph_free(g);
}

Test(ir, loss_mse) {
  /* per sample: (0 + 4)/2 and (9 + 0)/2, then the mean */
  double r = loss_of(LOSS_MSE, false, ir_shape(2, 2L, 2L), (double[]){1, 2, 3, 4}, DT_F64,
                     ir_shape(2, 2L, 2L), (double[]){1, 0, 0, 4});
  NEAR(r, 3.25, 1e-12);
  r = loss_of(LOSS_MSE, false, ir_shape(2, 2L, 2L), (double[]){1, 1, 1, 0}, DT_F64,
              ir_shape(2, 2L, 2L), (double[]){0, 1, 0, 0});
  NEAR(r, 0.5, 1e-12); /* Keras's documentation example */
}

/* [B] targets against [B,1] predictions pair up element by element (a broadcast to [B,B]
 * would give 21/9), and the reverse; integer targets are cast */
Test(ir, loss_targets_of_rank_one_are_reshaped) {
  double r = loss_of(LOSS_MSE, false, ir_shape(2, 3L, 1L), (double[]){1, 2, 3}, DT_F64,
                     ir_shape(1, 3L), (double[]){0, 1, 2});
  NEAR(r, 1.0, 1e-12);
  r = loss_of(LOSS_MSE, false, ir_shape(1, 3L), (double[]){1, 2, 3}, DT_I32, ir_shape(2, 3L, 1L),
              (double[]){0, 1, 2});
  NEAR(r, 1.0, 1e-12);
  r = loss_of(LOSS_BCE, false, ir_shape(2, 2L, 1L), (double[]){0.9, 0.2}, DT_I32,
              ir_shape(1, 2L), (double[]){1, 0});
  NEAR(r, (-log(0.9 + 1e-7) - log(0.8 + 1e-7)) / 2, 1e-12);
}

Test(ir, loss_cce_normalises_and_clips) {
  /* row 2 sums to 4 and becomes [.5, .25, .25] */
  double r = loss_of(LOSS_CCE, false, ir_shape(2, 2L, 3L), (double[]){0.2, 0.6, 0.2, 2, 1, 1},
                     DT_F64, ir_shape(2, 2L, 3L), (double[]){0, 1, 0, 0, 0, 1});
  NEAR(r, (-log(0.6) - log(0.25)) / 2, 1e-12);
  /* the true class has probability 0: clipped to eps */
  r = loss_of(LOSS_CCE, false, ir_shape(2, 1L, 3L), (double[]){1, 0, 0}, DT_F64,
              ir_shape(2, 1L, 3L), (double[]){0, 1, 0});
  NEAR(r, -log(1e-7), 1e-9);
  NEAR(r, 16.11809565095832, 1e-9);
  r = loss_of(LOSS_CCE, false, ir_shape(2, 2L, 3L), (double[]){0.05, 0.95, 0, 0.1, 0.8, 0.1},
              DT_F64, ir_shape(2, 2L, 3L), (double[]){0, 1, 0, 0, 0, 1});
  NEAR(r, 1.177, 5e-4); /* Keras's documentation example */
}

Test(ir, loss_cce_from_logits) {
  double r = loss_of(LOSS_CCE, true, ir_shape(2, 1L, 3L), (double[]){1, 2, 3}, DT_F64,
                     ir_shape(2, 1L, 3L), (double[]){0, 0, 1});
  NEAR(r, log(1 + exp(-1.0) + exp(-2.0)), 1e-12);
  double lse = log(exp(1.0) + exp(2.0) + exp(3.0));
  r = loss_of(LOSS_CCE, true, ir_shape(2, 1L, 3L), (double[]){1, 2, 3}, DT_F64,
              ir_shape(2, 1L, 3L), (double[]){0.5, 0.5, 0});
  NEAR(r, 0.5 * (lse - 1) + 0.5 * (lse - 2), 1e-12);
  NEAR(r, 1.9076059644443801, 1e-12);
}

/* softmax([0, 40]) puts e^-40 on class 0: clipped it would give -log(eps); the logits
 * form on the softmax's operand gives 40 + log(1 + e^-40) */
Test(ir, loss_cce_and_scce_of_a_softmax_use_its_logits) {
  for (int sparse = 0; sparse < 2; sparse++) {
    Graph *g = ir_graph_new();
    Value *z = ir_input(g, "z", DT_F64, ir_shape(2, 1L, 2L));
    Value *y = ir_input(g, "y", DT_F64, sparse ? ir_shape(1, 1L) : ir_shape(2, 1L, 2L));
    Value *l = ir_loss(g, sparse ? LOSS_SCCE : LOSS_CCE, ir_softmax(g, OP_SOFTMAX, z), y, false);
    const double *data[2] = {(double[]){0, 40}, sparse ? (double[]){0} : (double[]){1, 0}};
    NEAR(eval_scalar(g, l, data), 40 + log1p(exp(-40.0)), 1e-12);
    ir_graph_free(g);
  }
}

/* class ids of shape [B] or [B,1], in any dtype, give the same as one-hot CCE */
Test(ir, loss_scce_takes_class_ids) {
  const double p[6] = {0.05, 0.95, 0, 0.1, 0.8, 0.1}, ids[2] = {1, 2};
  double want = loss_of(LOSS_CCE, false, ir_shape(2, 2L, 3L), p, DT_F64, ir_shape(2, 2L, 3L),
                        (double[]){0, 1, 0, 0, 0, 1});
  NEAR(loss_of(LOSS_SCCE, false, ir_shape(2, 2L, 3L), p, DT_I32, ir_shape(1, 2L), ids), want,
       1e-12);
  NEAR(loss_of(LOSS_SCCE, false, ir_shape(2, 2L, 3L), p, DT_F32, ir_shape(2, 2L, 1L), ids),
       want, 1e-12);
  NEAR(want, 1.177, 5e-4);
  const double z[3] = {1, 2, 3};
  NEAR(loss_of(LOSS_SCCE, true, ir_shape(2, 1L, 3L), z, DT_I32, ir_shape(1, 1L), (double[]){2}),
       log(1 + exp(-1.0) + exp(-2.0)), 1e-12);
}

Test(ir, loss_result_has_the_prediction_dtype) {
  Graph *g = ir_graph_new();
  Value *p = ir_input(g, "p", DT_F32, ir_shape(2, 4L, 3L));
  Value *y = ir_input(g, "y", DT_I32, ir_shape(1, 4L));
  for (int k = LOSS_BCE; k <= LOSS_SCCE; k++) {
    for (int logits = 0; logits < 2; logits++) {
      Value *t = k == LOSS_SCCE ? y : p;
      Value *l = ir_loss(g, (LossKind)k, p, t, logits);
      cr_assert_not_null(l, "%s", g->msg);
      cr_expect_eq(l->dtype, DT_F32);
      cr_expect_eq(l->shape.rank, 0);
    }
  }
  cr_expect_eq(ir_verify(g), NNC_OK, "%s", base_last_error());
  ir_graph_free(g);
}

Test(ir, loss_rejects_mismatched_targets) {
  Graph *g = ir_graph_new();
  Value *p = ir_input(g, "p", DT_F32, ir_shape(2, 4L, 3L));
  Value *y = ir_input(g, "y", DT_F32, ir_shape(2, 4L, 2L));
  cr_expect_null(ir_loss(g, LOSS_MSE, p, y, false));
  cr_expect_eq(g->status, NNC_ERR_SHAPE);
  cr_expect(strstr(g->msg, "f32[4,2]") && strstr(g->msg, "f32[4,3]"), "message: %s", g->msg);
  ir_graph_free(g);

  g = ir_graph_new();
  p = ir_input(g, "p", DT_F32, ir_shape(2, 4L, 3L));
  Value *ids = ir_input(g, "ids", DT_I32, ir_shape(1, 3L));
  cr_expect_null(ir_loss(g, LOSS_SCCE, p, ids, true));
  cr_expect_eq(g->status, NNC_ERR_SHAPE);
  ir_graph_free(g);

  g = ir_graph_new();
  Value *ip = ir_input(g, "p", DT_I32, ir_shape(1, 4L));
  cr_expect_null(ir_loss(g, LOSS_BCE, ip, ip, false));
  cr_expect_eq(g->status, NNC_ERR_TYPE);
  cr_expect_null(ir_loss(g, LOSS_BCE, NULL, ip, false)); /* sticky: NULL stays NULL */
  ir_graph_free(g);

  g = ir_graph_new();
  cr_expect_null(ir_loss(g, LOSS_MSE, NULL, NULL, false));
  cr_expect_eq(g->status, NNC_ERR_ARG);
  ir_graph_free(g);
}
