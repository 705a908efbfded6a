/* bridge.c — the two levels of nnc's C API together.
 *
 * A Keras-level model trained with a loss written at the graph level (a hinge loss that
 * counts mistakes on the positive class twice, nnc_compile_options.custom_loss), then the
 * trained model taken back to the graph level (nnc_model_graph) to ask what the Keras level
 * cannot: the gradient of its output with respect to its input (which feature moves the
 * score), compiled with nnc_jit and fed the model's weights by name. Exits 1 unless the
 * model classifies 90% of the points and the gradient points along the true direction (1, -1).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <nnc.h>

enum { N = 256 };

static nnc_value *weighted_hinge(nnc_graph *g, nnc_value *pred, nnc_value *y, void *user) {
  (void)user;
  nnc_value *one = nnc_scalar(g, NNC_F64, 1);
  nnc_value *margin = nnc_maximum(g, nnc_scalar(g, NNC_F64, 0), nnc_sub(g, one, nnc_mul(g, y, pred)));
  nnc_value *w = nnc_select(g, nnc_compare(g, NNC_CMP_GT, y, nnc_scalar(g, NNC_F64, 0)),
                            nnc_scalar(g, NNC_F64, 2), one);
  return nnc_mean(g, nnc_mul(g, w, margin), ~0u, 0);
}

/* d pred / d x at one point, through the model's own graph. */
static nnc_status input_gradient(nnc_model *m, const double *at, double *grad) {
  nnc_graph *g;
  nnc_value *x, *pred, *dx;
  nnc_function *f = NULL;
  nnc_status s = nnc_model_graph(m, 1, &g, &x, &pred);
  if (s == NNC_OK)
    s = nnc_grad(g, nnc_sum(g, pred, ~0u, 0), 1, &x, &dx);
  if (s == NNC_OK)
    s = nnc_jit(g, 1, &dx, &f);
  nnc_graph_free(g);
  void *args[8]; /* x, the weights (a Dense layer's kernel and bias), then dx */
  int n = f ? nnc_function_arity(f) : 0;
  if (s == NNC_OK && (n < 2 || n > 8))
    s = NNC_ERR_INTERNAL;
  for (int i = 0; s == NNC_OK && i < n - 1; i++) {
    const char *name = nnc_function_arg_name(f, i);
    nnc_tensor *w = strcmp(name, "x") ? nnc_model_weight(m, name) : NULL;
    args[i] = w ? nnc_tensor_data(w) : (void *)at;
  }
  if (s == NNC_OK) {
    args[n - 1] = grad;
    s = nnc_function_call(f, args);
  }
  nnc_function_free(f);
  return s;
}

int main(void) {
  nnc_model *m = NULL;
  nnc_tensor *x = NULL, *y = NULL;
  nnc_status s = nnc_tensor_new(NNC_F64, 2, (int64_t[]){N, 2}, &x);
  if (s == NNC_OK)
    s = nnc_tensor_new(NNC_F64, 2, (int64_t[]){N, 1}, &y);
  if (s != NNC_OK)
    return 1;
  double *xd = nnc_tensor_data(x), *yd = nnc_tensor_data(y);
  for (int i = 0; i < N; i++) { /* the label: which side of x0 = x1 a point lies on */
    xd[2 * i] = sin(i * 0.91) * 2, xd[2 * i + 1] = cos(i * 1.37) * 2;
    yd[i] = xd[2 * i] - xd[2 * i + 1] > 0 ? 1 : -1;
  }
  s = nnc_model_new(&m);
  if (s == NNC_OK)
    s = nnc_model_add_input(m, 2);
  nnc_dense_options d = nnc_dense(1, NNC_ACT_LINEAR);
  if (s == NNC_OK)
    s = nnc_model_add_dense(m, &d);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_HINGE);
  c.dtype = NNC_F64;
  c.optimizer = nnc_sgd();
  c.optimizer.learning_rate = 0.05;
  c.custom_loss = weighted_hinge;
  if (s == NNC_OK)
    s = nnc_model_compile(m, &c);
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 50, f.verbose = 0;
  if (s == NNC_OK)
    s = nnc_model_fit(m, x, y, &f);
  nnc_tensor *p = NULL;
  if (s == NNC_OK)
    s = nnc_model_predict(m, x, 64, &p);
  int right = 0;
  for (int i = 0; s == NNC_OK && i < N; i++)
    right += (((double *)nnc_tensor_data(p))[i] > 0) == (yd[i] > 0);
  double at[2] = {0.5, 0.5}, grad[2] = {0, 0};
  if (s == NNC_OK)
    s = input_gradient(m, at, grad);
  if (s != NNC_OK)
    fprintf(stderr, "bridge: %s\n", nnc_last_error());
  else
    printf("%d of %d right; d score / d x = (%.3f, %.3f)\n", right, N, grad[0], grad[1]);
  nnc_tensor_free(p);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
  nnc_shutdown();
  /* the weighting gives up some negatives near the line to get the positives right */
  return s == NNC_OK && right >= N * 9 / 10 && grad[0] > 0 && grad[1] < 0 ? 0 : 1;
}
