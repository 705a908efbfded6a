/* test_bridge.c — the model as a graph (keras/bridge.c): the graph nnc_model_graph hands out,
 * compiled with nnc_jit and fed the model's weights by their argument names, predicts what
 * nnc_model_predict does; nnc_grad differentiates it as any graph. */
#include <criterion/criterion.h>
#include <string.h>

#include "nnc.h"
#include "support.h"

enum { B = 5, F = 3, U = 2 };

static nnc_model *model(void) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_set_seed(m, 11), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, F), NNC_OK);
  nnc_dense_options d = nnc_dense(4, NNC_ACT_TANH);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  d = nnc_dense(U, NNC_ACT_SIGMOID);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  c.dtype = NNC_F64;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  return m;
}

/* Compiles outputs of g and calls it with x and the model's weights, by argument name. */
static void run(nnc_model *m, nnc_graph *g, int n, nnc_value *const *outs, double *x,
                double **results) {
  nnc_function *f;
  cr_assert_eq(nnc_jit(g, n, outs, &f), NNC_OK, "%s", nnc_last_error());
  int arity = nnc_function_arity(f), leaves = arity - n;
  cr_assert_eq(nnc_function_results(f), n);
  void *args[16];
  cr_assert_leq(arity, 16);
  for (int i = 0; i < leaves; i++) {
    const char *name = nnc_function_arg_name(f, i);
    cr_assert(name, "%s", nnc_last_error());
    nnc_tensor *w = strcmp(name, "x") ? nnc_model_weight(m, name) : NULL;
    cr_assert(w || !strcmp(name, "x"), "argument %d, '%s', is none of the model's weights", i, name);
    cr_assert(!w || nnc_tensor_numel(w) == nnc_function_arg_numel(f, i), "%s", name);
    args[i] = w ? nnc_tensor_data(w) : x;
  }
  for (int i = 0; i < n; i++)
    args[leaves + i] = results[i];
  cr_assert_eq(nnc_function_call(f, args), NNC_OK, "%s", nnc_last_error());
  nnc_function_free(f);
}

Test(bridge, the_models_graph_predicts_as_the_model) {
  nnc_model *m = model();
  nnc_graph *g;
  nnc_value *pred;
  nnc_value *xv;
  cr_assert_eq(nnc_model_graph(m, B, &g, &xv, &pred), NNC_OK, "%s", nnc_last_error());
  double x[B * F], got[B * U];
  for (int i = 0; i < B * F; i++)
    x[i] = (double)(i % 7) / 3 - 1;
  run(m, g, 1, &pred, x, (double *[]){got});
  nnc_tensor *xt, *want;
  cr_assert_eq(nnc_tensor_new(NNC_F64, 2, (int64_t[]){B, F}, &xt), NNC_OK);
  memcpy(nnc_tensor_data(xt), x, sizeof x);
  cr_assert_eq(nnc_model_predict(m, xt, B, &want), NNC_OK, "%s", nnc_last_error());
  const double *w = nnc_tensor_data(want);
  for (int i = 0; i < B * U; i++)
    cr_assert_float_eq(got[i], w[i], 1e-12, "prediction %d", i);
  nnc_tensor_free(xt);
  nnc_tensor_free(want);
  nnc_graph_free(g);
  nnc_model_free(m);
}

static double predicted_sum(nnc_model *m, const double *x) {
  nnc_tensor *xt, *p;
  cr_assert_eq(nnc_tensor_new(NNC_F64, 2, (int64_t[]){1, F}, &xt), NNC_OK);
  memcpy(nnc_tensor_data(xt), x, F * sizeof *x);
  cr_assert_eq(nnc_model_predict(m, xt, 1, &p), NNC_OK, "%s", nnc_last_error());
  const double *pd = nnc_tensor_data(p);
  double sum = 0;
  for (int i = 0; i < U; i++)
    sum += pd[i];
  nnc_tensor_free(xt);
  nnc_tensor_free(p);
  return sum;
}

/* d sum(pred) / d x by nnc_grad on the model's graph, against central differences of the
 * model's own predict. */
Test(bridge, the_models_graph_differentiates) {
  nnc_model *m = model();
  nnc_graph *g;
  nnc_value *x, *pred, *dx;
  cr_assert_eq(nnc_model_graph(m, 1, &g, &x, &pred), NNC_OK, "%s", nnc_last_error());
  nnc_value *sum = nnc_sum(g, pred, ~0u, 0);
  cr_assert_eq(nnc_grad(g, sum, 1, &x, &dx), NNC_OK, "%s", nnc_last_error());
  double at[F] = {0.3, -0.7, 0.2}, got[F], s;
  run(m, g, 2, (nnc_value *[]){sum, dx}, at, (double *[]){&s, got});
  cr_assert_float_eq(s, predicted_sum(m, at), 1e-12);
  for (int i = 0; i < F; i++) {
    double h = 1e-5, up[F], down[F];
    memcpy(up, at, sizeof at);
    memcpy(down, at, sizeof at);
    up[i] += h, down[i] -= h;
    double want = (predicted_sum(m, up) - predicted_sum(m, down)) / (2 * h);
    cr_assert_float_eq(got[i], want, 1e-8, "d/dx%d: %g, central differences %g", i, got[i], want);
  }
  nnc_graph_free(g);
  nnc_model_free(m);
}
