/* test_train.c — whole training-step graphs through the JIT.
 *
 * A two-layer network (matmul + bias + sigmoid, twice) with binary cross-entropy, its
 * gradients appended by pass_autodiff, compiled once; the JIT's gradients are checked
 * against central finite differences of the JIT's own loss (f32: relative error <= 1e-2,
 * f64: <= 1e-6) and, in f64, against ir_eval (<= 1e-12). Then the full pipeline (autodiff,
 * Adam as ASSIGNs on PARAMs and STATEs, simplify, plan) runs three steps in both and the
 * params, optimizer state and loss must agree after every step.
 */
#include "cgtest.h"

enum { B = 8, D = 13, H = 7 };

typedef struct {
  Graph *g;
  Value *x, *y, *p[4], *loss, *grads[4];
} Net;

static Net net(DType dt) {
  Net n;
  memset(&n, 0, sizeof n);
  Graph *g = n.g = ir_graph_new();
  n.x = ir_input(g, "x", dt, ir_shape(2, (int64_t)B, (int64_t)D));
  n.y = ir_input(g, "y", dt, ir_shape(2, (int64_t)B, (int64_t)1));
  n.p[0] = ir_param(g, "w1", dt, ir_shape(2, (int64_t)D, (int64_t)H), INIT_GLOROT_UNIFORM);
  n.p[1] = ir_param(g, "b1", dt, ir_shape(1, (int64_t)H), INIT_ZEROS);
  n.p[2] = ir_param(g, "w2", dt, ir_shape(2, (int64_t)H, (int64_t)1), INIT_GLOROT_UNIFORM);
  n.p[3] = ir_param(g, "b2", dt, ir_shape(1, (int64_t)1), INIT_ZEROS);
  Value *a = ir_unary(g, OP_SIGMOID, ir_binary(g, OP_ADD, ir_matmul(g, n.x, n.p[0], 0, 0), n.p[1]));
  Value *o = ir_unary(g, OP_SIGMOID, ir_binary(g, OP_ADD, ir_matmul(g, a, n.p[2], 0, 0), n.p[3]));
  n.loss = ir_loss(g, LOSS_BCE, o, n.y, false);
  return n;
}

static void fill_data(Ct *t, Net *n, TestRng *r) {
  ct_range(t, n->x, -1, 1);
  ct_range(t, n->y, 0, 2); /* floored below: labels 0 or 1 */
  for (int i = 0; i < 4; i++)
    ct_range(t, n->p[i], -0.8, 0.8);
  ct_fill(t, r);
  for (int i = 0; i < B; i++) {
    double y = t->vals[n->y->id][i] >= 1 ? 1 : 0;
    t->vals[n->y->id][i] = y;
    ct_put(t->buf[1], n->y->dtype, (size_t)i, y);
  }
}

/* Central difference of the JIT's loss in parameter slot s, element i. */
static double fd(Ct *t, int s, size_t i, DType dt, double h) {
  double w = ct_get(t->buf[s], dt, i), l[2];
  int out = t->nslots - 5; /* outputs: loss, then the four grads */
  for (int k = 0; k < 2; k++) {
    ct_put(t->buf[s], dt, i, k ? w - h : w + h);
    double wp = ct_get(t->buf[s], dt, i) - w; /* the step actually taken */
    t->fn(t->buf, t->scratch, cg_serial_pool());
    l[k] = ct_get(t->buf[out], dt, 0);
    if (k == 0)
      h = wp;
  }
  ct_put(t->buf[s], dt, i, w);
  return (l[0] - l[1]) / (2 * h);
}

static double check_fd(DType dt, double h, double tol, uint64_t seed) {
  TestRng r = test_rng(seed);
  Net n = net(dt);
  PassCtx cx = {.loss = n.loss, .nwrt = 4, .wrt = n.p, .grads = n.grads};
  cr_assert_eq(pass_autodiff(n.g, &cx), NNC_OK, "%s", base_last_error());
  ir_output(n.g, n.loss);
  for (int i = 0; i < 4; i++)
    ir_output(n.g, n.grads[i]);
  Ct t;
  ct_init(&t, n.g);
  fill_data(&t, &n, &r);
  ct_compile(&t);
  ct_run(&t);
  if (dt == DT_F64)
    cr_expect(ct_err(&t) <= 1e-12, "f64 JIT vs eval: %.3g", ct_err(&t));
  double *grad[4]; /* every fd() call overwrites the outputs: keep the gradients first */
  for (int pi = 0; pi < 4; pi++) {
    size_t count = ct_count(n.p[pi]);
    grad[pi] = malloc(count * sizeof **grad);
    for (size_t i = 0; i < count; i++)
      grad[pi][i] = ct_get(t.buf[t.nslots - 4 + pi], dt, i);
  }
  double worst = 0;
  for (int pi = 0; pi < 4; pi++) {
    size_t count = ct_count(n.p[pi]);
    for (size_t i = 0; i < count; i += 1 + count / 12) {
      double g = grad[pi][i], d = fd(&t, 2 + pi, i, dt, h); /* slots: x, y, w1, b1, w2, b2 */
      double e = fabs(g - d) / fmax(fmax(fabs(g), fabs(d)), 1e-3);
      worst = fmax(worst, e);
      cr_expect(e <= tol, "%s d loss / d %s[%zu]: jit %.9g, finite difference %.9g",
                ir_dtype_name(dt), n.p[pi]->name, i, g, d);
    }
    free(grad[pi]);
  }
  ct_free(&t);
  return worst;
}

Test(codegen, train_step_gradients_f32) {
  double w = check_fd(DT_F32, 1e-2, 1e-2, 7);
  cr_log_info("f32 gradients vs finite differences: worst relative error %.3g", w);
}

Test(codegen, train_step_gradients_f64) {
  double w = check_fd(DT_F64, 1e-5, 1e-6, 8);
  cr_log_info("f64 gradients vs finite differences: worst relative error %.3g", w);
}

/* The full pipeline with Adam: three calls, each compared with three ir_eval steps. */
Test(codegen, train_step_adam_three_steps) {
  static const DType dts[2] = {DT_F64, DT_F32};
  for (int k = 0; k < 2; k++) {
    TestRng r = test_rng(9 + (uint64_t)k);
    Net n = net(dts[k]);
    nnc_optimizer opt = {.kind = NNC_OPT_ADAM, .learning_rate = 0.05, .beta_1 = 0.9,
                         .beta_2 = 0.999, .epsilon = 1e-7};
    DriverJob job = {.loss = n.loss, .nwrt = 4, .wrt = n.p, .grads = n.grads, .opt = &opt,
                     .stop = DRIVER_PLANNED};
    DriverOut out;
    ir_output(n.g, n.loss); /* before simplify, which renumbers values */
    cr_assert_eq(driver_compile(n.g, &job, &out), NNC_OK, "%s", base_last_error());
    Ct t;
    ct_init(&t, n.g);
    fill_data(&t, &n, &r);
    ct_compile(&t);
    /* Adam divides by sqrt(v): in f32 that amplifies the rounding of small gradients */
    double tol = dts[k] == DT_F64 ? 1e-12 : 1e-3, worst = 0;
    for (int step = 0; step < 3; step++) {
      ct_run(&t);
      double e = ct_err(&t);
      worst = fmax(worst, e);
      cr_expect(e <= tol, "%s step %d: error %.3g", ir_dtype_name(dts[k]), step, e);
    }
    cr_log_info("adam, three steps, %s: worst error %.3g", ir_dtype_name(dts[k]), worst);
    ct_free(&t);
  }
}
