/* test_api_graph.c — the graph level of nnc.h: build, differentiate, JIT, call; sticky
 * errors; the calling convention (creation order, then outputs) and its element counts. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "nnc.h"

/* f(x, w) = mean(sigmoid(x @ w)) with x [4,3], w [3,2], and df/dw by hand. */
static void reference(const double *x, const double *w, double *f, double *dw) {
  double s[4][2];
  *f = 0;
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 2; j++) {
      double z = 0;
      for (int k = 0; k < 3; k++)
        z += x[i * 3 + k] * w[k * 2 + j];
      s[i][j] = 1 / (1 + exp(-z));
      *f += s[i][j] / 8;
    }
  for (int k = 0; k < 3; k++)
    for (int j = 0; j < 2; j++) {
      dw[k * 2 + j] = 0;
      for (int i = 0; i < 4; i++)
        dw[k * 2 + j] += x[i * 3 + k] * s[i][j] * (1 - s[i][j]) / 8;
    }
}

Test(runtime, graph_grad_jit_call_matches_hand_values) {
  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  int64_t xs[2] = {4, 3}, ws[2] = {3, 2};
  nnc_value *x = nnc_input(g, "x", NNC_F64, 2, xs);
  nnc_value *w = nnc_param(g, "w", NNC_F64, 2, ws, NNC_INIT_GLOROT_UNIFORM);
  nnc_value *loss = nnc_mean(g, nnc_sigmoid(g, nnc_matmul(g, x, w)), ~0u, 0);
  nnc_value *dw;
  cr_assert_eq(nnc_grad(g, loss, 1, &w, &dw), NNC_OK, "%s", nnc_last_error());
  nnc_value *outs[2] = {loss, dw};
  nnc_function *f;
  cr_assert_eq(nnc_jit(g, 2, outs, &f), NNC_OK, "%s", nnc_last_error());
  nnc_graph_free(g); /* the function keeps its own copy */
  cr_assert_eq(nnc_function_arity(f), 4);
  cr_assert_eq(nnc_function_arg_numel(f, 0), 12);
  cr_assert_eq(nnc_function_arg_numel(f, 1), 6);
  cr_assert_eq(nnc_function_arg_numel(f, 2), 1);
  cr_assert_eq(nnc_function_arg_numel(f, 3), 6);
  cr_assert_eq(nnc_function_arg_numel(f, 4), -1);
  cr_assert_eq(nnc_function_arg_numel(f, -1), -1);
  double xb[12], wb[6], lb = 0, dwb[6], lr, dwr[6];
  for (int i = 0; i < 12; i++)
    xb[i] = sin(i + 1.0);
  for (int i = 0; i < 6; i++)
    wb[i] = cos(2.0 * i) / 2;
  reference(xb, wb, &lr, dwr);
  cr_assert_eq(nnc_function_call(f, (void *[]){xb, wb, &lb, dwb}), NNC_OK);
  cr_assert_float_eq(lb, lr, 1e-12);
  for (int i = 0; i < 6; i++)
    cr_assert_float_eq(dwb[i], dwr[i], 1e-12, "dw[%d] %g vs %g", i, dwb[i], dwr[i]);
  /* a second call with other data gives the new values */
  for (int i = 0; i < 12; i++)
    xb[i] = -xb[i];
  reference(xb, wb, &lr, dwr);
  cr_assert_eq(nnc_function_call(f, (void *[]){xb, wb, &lb, dwb}), NNC_OK);
  cr_assert_float_eq(lb, lr, 1e-12);
  nnc_function_free(f);
}

/* sum(gelu(x)) and its gradient, both forms, against Keras's formulas written out. */
Test(runtime, graph_gelu_both_forms_and_gradient) {
  const double pi = 3.14159265358979323846, c = sqrt(2 / pi), k = 0.044715;
  for (int approx = 0; approx < 2; approx++) {
    nnc_graph *g;
    cr_assert_eq(nnc_graph_new(&g), NNC_OK);
    int64_t n = 7;
    nnc_value *x = nnc_input(g, "x", NNC_F64, 1, &n);
    nnc_value *y = nnc_gelu(g, x, approx), *loss = nnc_sum(g, y, ~0u, 0), *dx;
    cr_assert_eq(nnc_grad(g, loss, 1, &x, &dx), NNC_OK, "%s", nnc_last_error());
    nnc_function *f;
    cr_assert_eq(nnc_jit(g, 2, (nnc_value *[]){y, dx}, &f), NNC_OK, "%s", nnc_last_error());
    nnc_graph_free(g);
    double xb[7] = {-6, -2.5, -1, -1e-3, 0.5, 1.5, 4}, yb[7], db[7];
    cr_assert_eq(nnc_function_call(f, (void *[]){xb, yb, db}), NNC_OK);
    for (int i = 0; i < 7; i++) {
      double a = xb[i], cdf, dcdf;
      if (approx) {
        double t = tanh(c * (a + k * a * a * a));
        cdf = 0.5 * (1 + t);
        dcdf = 0.5 * (1 - t * t) * c * (1 + 3 * k * a * a);
      } else {
        cdf = 0.5 * (1 + erf(a / sqrt(2)));
        dcdf = exp(-a * a / 2) / sqrt(2 * pi);
      }
      cr_expect_float_eq(yb[i], a * cdf, 1e-12 * fmax(1, fabs(a)), "gelu(%g): %.17g", a, yb[i]);
      cr_expect_float_eq(db[i], cdf + a * dcdf, 1e-12, "gelu'(%g): %.17g", a, db[i]);
    }
    nnc_function_free(f);
  }
}

Test(runtime, graph_f32_elementwise_and_broadcast) {
  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  int64_t as[2] = {2, 3}, bs[1] = {3};
  nnc_value *a = nnc_input(g, "a", NNC_F32, 2, as);
  nnc_value *b = nnc_input(g, "b", NNC_F32, 1, bs);
  nnc_value *y = nnc_maximum(g, nnc_mul(g, a, b), nnc_scalar(g, NNC_F32, 1.0));
  nnc_function *f;
  cr_assert_eq(nnc_jit(g, 1, &y, &f), NNC_OK, "%s", nnc_last_error());
  float av[6] = {1, 2, 3, -1, -2, -3}, bv[3] = {2, 0.25f, 1}, out[6];
  cr_assert_eq(nnc_function_call(f, (void *[]){av, bv, out}), NNC_OK);
  float want[6] = {2, 1, 3, 1, 1, 1};
  for (int i = 0; i < 6; i++)
    cr_assert_float_eq(out[i], want[i], 1e-6);
  nnc_function_free(f);
  nnc_graph_free(g);
}

Test(runtime, graph_unused_input_keeps_its_argument) {
  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  int64_t s[1] = {3};
  nnc_value *unused = nnc_input(g, "unused", NNC_F64, 1, s);
  nnc_value *x = nnc_input(g, "x", NNC_F64, 1, s);
  (void)unused;
  nnc_value *y = nnc_sum(g, nnc_mul(g, x, x), ~0u, 0);
  nnc_function *f;
  cr_assert_eq(nnc_jit(g, 1, &y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_function_arity(f), 3);
  double u[3] = {100, 100, 100}, xv[3] = {1, 2, 3}, out = 0;
  cr_assert_eq(nnc_function_call(f, (void *[]){u, xv, &out}), NNC_OK);
  cr_assert_float_eq(out, 14, 1e-12);
  nnc_function_free(f);
  nnc_graph_free(g);
}

Test(runtime, graph_loss_builder) {
  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  int64_t s[2] = {2, 1};
  nnc_value *p = nnc_input(g, "p", NNC_F64, 2, s);
  nnc_value *t = nnc_input(g, "t", NNC_F64, 2, s);
  nnc_value *l = nnc_loss(g, NNC_LOSS_MEAN_SQUARED_ERROR, p, t, 0);
  nnc_function *f;
  cr_assert_eq(nnc_jit(g, 1, &l, &f), NNC_OK, "%s", nnc_last_error());
  double pv[2] = {1, 3}, tv[2] = {0, 1}, out = 0;
  cr_assert_eq(nnc_function_call(f, (void *[]){pv, tv, &out}), NNC_OK);
  cr_assert_float_eq(out, 2.5, 1e-12);
  nnc_function_free(f);
  nnc_graph_free(g);
}

Test(runtime, graph_sticky_errors) {
  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  cr_assert_eq(nnc_graph_status(g), NNC_OK);
  cr_assert_str_eq(nnc_graph_error(g), "");
  int64_t a[2] = {2, 3}, b[2] = {4, 5};
  nnc_value *x = nnc_input(g, "x", NNC_F32, 2, a);
  nnc_value *y = nnc_input(g, "y", NNC_F32, 2, b);
  cr_assert_null(nnc_add(g, x, y));
  cr_assert_eq(nnc_graph_status(g), NNC_ERR_SHAPE);
  cr_assert(strstr(nnc_graph_error(g), "add"), "%s", nnc_graph_error(g));
  cr_assert_null(nnc_exp(g, x)); /* sticky: later builders give NULL */
  cr_assert_eq(nnc_graph_status(g), NNC_ERR_SHAPE);
  nnc_function *f = (nnc_function *)1;
  cr_assert_eq(nnc_jit(g, 1, &x, &f), NNC_ERR_SHAPE);
  cr_assert_null(f);
  nnc_value *d;
  cr_assert_eq(nnc_grad(g, x, 1, &x, &d), NNC_ERR_SHAPE);
  nnc_graph_free(g);
}

Test(runtime, graph_bad_builder_arguments) {
  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  int64_t s[1] = {3};
  cr_assert_null(nnc_input(g, "x", NNC_F32, 5, s));
  cr_assert_eq(nnc_graph_status(g), NNC_ERR_SHAPE);
  nnc_graph_free(g);
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  cr_assert_null(nnc_input(g, "x", NNC_F32, 1, NULL));
  cr_assert_eq(nnc_graph_status(g), NNC_ERR_ARG);
  nnc_graph_free(g);
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  cr_assert_null(nnc_exp(g, NULL));
  cr_assert_eq(nnc_graph_status(g), NNC_ERR_ARG);
  nnc_graph_free(g);
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  nnc_input(g, "x", NNC_F32, 1, s);
  cr_assert_null(nnc_input(g, "x", NNC_F32, 1, s));
  cr_assert_neq(nnc_graph_status(g), NNC_OK);
  nnc_graph_free(g);
  cr_assert_null(nnc_exp(NULL, NULL));
  cr_assert_eq(nnc_graph_status(NULL), NNC_ERR_ARG);
  cr_assert_eq(nnc_graph_new(NULL), NNC_ERR_ARG);
  nnc_graph_free(NULL);
}

Test(runtime, graph_bad_grad_and_jit_arguments) {
  nnc_graph *g, *other;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  cr_assert_eq(nnc_graph_new(&other), NNC_OK);
  int64_t s[1] = {3};
  nnc_value *x = nnc_input(g, "x", NNC_F64, 1, s);
  nnc_value *o = nnc_input(other, "o", NNC_F64, 1, s);
  nnc_value *y = nnc_sum(g, x, ~0u, 0), *d;
  cr_assert_eq(nnc_grad(NULL, y, 1, &x, &d), NNC_ERR_ARG);
  cr_assert_eq(nnc_grad(g, NULL, 1, &x, &d), NNC_ERR_ARG);
  cr_assert_eq(nnc_grad(g, y, -1, &x, &d), NNC_ERR_ARG);
  cr_assert_eq(nnc_grad(g, y, 1, NULL, &d), NNC_ERR_ARG);
  cr_assert_eq(nnc_grad(g, y, 1, &o, &d), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "wrt[0]"), "%s", nnc_last_error());
  nnc_function *f;
  cr_assert_eq(nnc_jit(g, 0, &y, &f), NNC_ERR_ARG);
  cr_assert_eq(nnc_jit(g, 1, NULL, &f), NNC_ERR_ARG);
  cr_assert_eq(nnc_jit(g, 1, &o, &f), NNC_ERR_ARG);
  cr_assert_eq(nnc_jit(g, 1, &y, NULL), NNC_ERR_ARG);
  cr_assert_eq(nnc_jit(NULL, 1, &y, &f), NNC_ERR_ARG);
  cr_assert_eq(nnc_jit(g, 1, &y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_function_call(f, NULL), NNC_ERR_ARG);
  cr_assert_eq(nnc_function_call(NULL, (void *[]){NULL}), NNC_ERR_ARG);
  double out;
  cr_assert_eq(nnc_function_call(f, (void *[]){NULL, &out}), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "argument 0"), "%s", nnc_last_error());
  cr_assert_eq(nnc_function_arity(NULL), 0);
  nnc_function_free(f);
  nnc_function_free(NULL);
  nnc_graph_free(g);
  nnc_graph_free(other);
}

Test(runtime, graph_print_is_the_text_format) {
  nnc_graph *g;
  cr_assert_eq(nnc_graph_new(&g), NNC_OK);
  int64_t s[2] = {2, 2};
  nnc_value *x = nnc_input(g, "x", NNC_F32, 2, s);
  nnc_tanh(g, x);
  char *text = nnc_graph_print(g);
  cr_assert_not_null(text);
  cr_assert(strstr(text, "%0 = input \"x\" : f32[2,2]"), "%s", text);
  cr_assert(strstr(text, "%1 = tanh %0 : f32[2,2]"), "%s", text);
  nnc_string_free(text);
  nnc_graph_free(g);
}
