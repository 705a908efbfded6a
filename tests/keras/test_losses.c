/* test_losses.c — every loss against real Keras 3's numbers (reference/make.py wrote them):
 * the loss of a batch and its gradient in the prediction, with and without sample weights,
 * through the graph level (nnc_loss_weighted, nnc_grad, nnc_jit) in f64 and f32; bad
 * arguments refused as Keras refuses them or nnc cannot do them. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "keras.h"
#include "reference/losses.inc"

enum { NREF = sizeof loss_ref / sizeof loss_ref[0] };

static bool near(double got, double want, double rel) {
  return fabs(got - want) <= rel * fmax(fabs(want), 1e-2);
}

/* Copies n doubles into buf as dtype dt. */
static void *as(nnc_dtype dt, const double *x, int n, double *buf) {
  for (int k = 0; k < n; k++)
    if (dt == NNC_F64)
      buf[k] = x[k];
    else
      ((float *)buf)[k] = (float)x[k];
  return buf;
}

static double get(nnc_dtype dt, const double *buf, int k) {
  return dt == NNC_F64 ? buf[k] : ((const float *)buf)[k];
}

/* The loss and d loss / d pred of reference i, pred [3, 4] of dtype dt. */
static void run(int i, nnc_dtype dt, double *loss, double *dp) {
  nnc_loss_kind kind;
  cr_assert_eq(nnc_loss_from_name(loss_ref[i].cls, &kind), NNC_OK, "%s", nnc_last_error());
  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  bool ids = loss_ref[i].target == T_IDS, w = loss_ref[i].weighted;
  int64_t ps[2] = {3, 4}, ts[2] = {3, ids ? 1 : 4}, ws[1] = {3};
  nnc_value *p = nnc_param(g, "p", dt, 2, ps, NNC_INIT_ZEROS);
  nnc_value *t = nnc_input(g, "t", dt, ids ? 1 : 2, ts);
  nnc_value *sw = w ? nnc_input(g, "sw", dt, 1, ws) : NULL;
  nnc_value *l = nnc_loss_weighted(g, kind, loss_ref[i].from_logits, loss_ref[i].args, p, t, sw);
  cr_assert_eq(nnc_graph_status(g), NNC_OK, "%s: %s", loss_ref[i].cls, nnc_graph_error(g));
  nnc_value *d;
  cr_assert_eq(nnc_grad(g, l, 1, &p, &d), NNC_OK, "%s: %s", loss_ref[i].cls, nnc_last_error());
  nnc_function *f;
  cr_assert_eq(nnc_jit(g, 2, (nnc_value *[]){l, d}, &f), NNC_OK, "%s", nnc_last_error());
  nnc_graph_free(g);
  double pb[12], tb[12], wb[3], lb[1], db[12];
  as(dt, loss_ref[i].logits_in ? loss_z : loss_p, 12, pb);
  as(dt, loss_t[loss_ref[i].target], ids ? 3 : 12, tb);
  as(dt, loss_sw, 3, wb);
  void *args[5] = {pb, tb, w ? (void *)wb : lb, w ? (void *)lb : db, db};
  cr_assert_eq(nnc_function_call(f, args), NNC_OK, "%s", nnc_last_error());
  nnc_function_free(f);
  *loss = get(dt, lb, 0);
  for (int k = 0; k < 12; k++)
    dp[k] = get(dt, db, k);
}

static void check(nnc_dtype dt, double rel) {
  for (int i = 0; i < NREF; i++) {
    double loss, dp[12];
    run(i, dt, &loss, dp);
    const double *a = loss_ref[i].args;
    cr_expect(near(loss, loss_ref[i].loss, rel), "%s(logits %d, %g, %g, %g, %g) weighted %d: "
              "%.9g, Keras %.9g", loss_ref[i].cls, loss_ref[i].from_logits, a[0], a[1], a[2],
              a[3], loss_ref[i].weighted, loss, loss_ref[i].loss);
    for (int k = 0; k < 12; k++)
      cr_expect(near(dp[k], loss_ref[i].dp[k], rel), "%s(logits %d, %g, %g, %g, %g) weighted "
                "%d: dp[%d] %.9g, Keras %.9g", loss_ref[i].cls, loss_ref[i].from_logits, a[0],
                a[1], a[2], a[3], loss_ref[i].weighted, k, dp[k], loss_ref[i].dp[k]);
  }
}

Test(losses, every_loss_is_keras_value_and_gradient_f64) {
  check(NNC_F64, 1e-6);
}

Test(losses, every_loss_is_keras_value_and_gradient_f32) {
  check(NNC_F32, 1e-4);
}

/* A new f64 tensor of shape [n, m] holding x. */
static nnc_tensor *tensor(const double *x, int64_t n, int64_t m) {
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_new(NNC_F64, 2, (int64_t[]){n, m}, &t), NNC_OK);
  memcpy(nnc_tensor_data(t), x, (size_t)(n * m) * sizeof *x);
  return t;
}

/* A loss object called on arrays (nnc_loss_value, the reference evaluation of the same
 * graph): Keras's value for every reference. */
Test(losses, every_loss_called_on_arrays_is_keras_value) {
  for (int i = 0; i < NREF; i++) {
    nnc_loss_kind kind;
    cr_assert_eq(nnc_loss_from_name(loss_ref[i].cls, &kind), NNC_OK);
    nnc_compile_options c = nnc_compile_defaults(kind);
    c.from_logits = loss_ref[i].from_logits;
    memcpy(c.loss_args, loss_ref[i].args, sizeof c.loss_args);
    bool ids = loss_ref[i].target == T_IDS;
    nnc_tensor *p = tensor(loss_ref[i].logits_in ? loss_z : loss_p, 3, 4);
    nnc_tensor *t = tensor(loss_t[loss_ref[i].target], 3, ids ? 1 : 4);
    nnc_tensor *w = loss_ref[i].weighted ? tensor(loss_sw, 3, 1) : NULL;
    double v;
    cr_assert_eq(nnc_loss_value(&c, t, p, w, &v), NNC_OK, "%s", nnc_last_error());
    cr_expect(near(v, loss_ref[i].loss, 1e-6), "%s(logits %d, %g) weighted %d: %.9g, Keras %.9g",
              loss_ref[i].cls, loss_ref[i].from_logits, loss_ref[i].args[0],
              loss_ref[i].weighted, v, loss_ref[i].loss);
    nnc_tensor_free(p), nnc_tensor_free(t), nnc_tensor_free(w);
  }
}

/* Shapes that do not fit, and a NULL, are errors with *out NaN. */
Test(losses, a_loss_on_arrays_refuses_what_does_not_fit) {
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  nnc_tensor *p = tensor(loss_p, 3, 4), *t = tensor(loss_p, 4, 3);
  double v = 0;
  cr_expect_eq(nnc_loss_value(&c, t, p, NULL, &v), NNC_ERR_SHAPE);
  cr_expect(isnan(v));
  cr_expect(strstr(nnc_last_error(), "does not fit"), "%s", nnc_last_error());
  cr_expect_eq(nnc_loss_value(NULL, t, p, NULL, &v), NNC_ERR_ARG);
  nnc_tensor_free(p), nnc_tensor_free(t);
}

Test(losses, every_loss_has_a_reference) {
  for (int k = 0; nnc_loss_name((nnc_loss_kind)k); k++) {
    bool found = false;
    for (int i = 0; i < NREF; i++) {
      nnc_loss_kind r;
      found |= nnc_loss_from_name(loss_ref[i].cls, &r) == NNC_OK && (int)r == k;
    }
    cr_expect(found, "%s has no Keras reference in make.py", nnc_loss_name((nnc_loss_kind)k));
  }
}

/* The weights as [n, 1] count as [n]; a C caller's defaults are Keras's. */
Test(losses, weights_of_shape_n_1_and_default_arguments) {
  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  int64_t ps[2] = {3, 4}, ws[2] = {3, 1};
  nnc_value *p = nnc_input(g, "p", NNC_F64, 2, ps), *t = nnc_input(g, "t", NNC_F64, 2, ps);
  nnc_value *sw = nnc_input(g, "sw", NNC_F64, 2, ws);
  nnc_value *l = nnc_loss_weighted(g, NNC_LOSS_HUBER, 0, NULL, p, t, sw);
  cr_assert_eq(nnc_graph_status(g), NNC_OK, "%s", nnc_graph_error(g));
  nnc_function *f;
  cr_assert_eq(nnc_jit(g, 1, &l, &f), NNC_OK, "%s", nnc_last_error());
  nnc_graph_free(g);
  double out;
  cr_assert_eq(nnc_function_call(f, (void *[]){(void *)loss_z, (void *)loss_t[T_Y],
                                                (void *)loss_sw, &out}), NNC_OK);
  nnc_function_free(f);
  for (int i = 0; i < NREF; i++)
    if (!strcmp(loss_ref[i].cls, "Huber") && loss_ref[i].args[0] == 1 && loss_ref[i].weighted)
      cr_expect(near(out, loss_ref[i].loss, 1e-6), "%.12g, Keras %.12g", out, loss_ref[i].loss);
  double args[NNC_LOSS_ARGS];
  cr_expect_eq(nnc_loss_defaults(NNC_LOSS_BINARY_FOCAL_CROSSENTROPY, args), NNC_OK);
  cr_expect(args[0] == 0 && args[1] == 0.25 && args[2] == 2 && args[3] == 0 && args[4] == -1);
  cr_expect_eq(nnc_loss_defaults((nnc_loss_kind)99, args), NNC_ERR_ARG);
}

static void refused(nnc_loss_kind k, int which, double v, const char *want) {
  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  int64_t ps[2] = {3, 4};
  nnc_value *p = nnc_input(g, "p", NNC_F64, 2, ps), *t = nnc_input(g, "t", NNC_F64, 2, ps);
  double args[NNC_LOSS_ARGS];
  nnc_loss_defaults(k, args);
  args[which] = v;
  cr_expect_null(nnc_loss_weighted(g, k, 0, args, p, t, NULL));
  cr_expect(strstr(nnc_graph_error(g), want), "%s", nnc_graph_error(g));
  nnc_graph_free(g);
}

Test(losses, arguments_keras_refuses_are_refused) {
  refused(NNC_LOSS_BINARY_CROSSENTROPY, 0, 1.5, "binary_crossentropy's argument label_smoothing "
          "must be in [0, 1], found 1.5");
  refused(NNC_LOSS_CATEGORICAL_CROSSENTROPY, 1, 0, "axis must be the last axis (-1), found 0");
  refused(NNC_LOSS_HUBER, 0, NAN, "huber's argument delta must be finite");
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  nnc_model_add_input(m, 3);
  nnc_dense_options d = nnc_dense(2, NNC_ACT_LINEAR);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_COSINE_SIMILARITY);
  c.loss_args[0] = 0;
  cr_expect_eq(nnc_model_compile(m, &c), NNC_ERR_ARG);
  cr_expect(strstr(nnc_last_error(), "cosine_similarity's argument axis"), "%s", nnc_last_error());
  nnc_model_free(m);
}
