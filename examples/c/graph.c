/* graph.c — nnc's graph level: logistic regression trained by gradient descent.
 *
 * Builds loss = binary_crossentropy(sigmoid(x w + b), y) for a batch of 64 points in two
 * classes, asks for d loss / d w and d loss / d b (nnc_grad), compiles loss and gradients
 * into one function (nnc_jit), prints what each argument is (nnc_function_arg_type), then
 * runs 300 steps of plain gradient descent on the caller's own buffers through the checked
 * call. Exits 1 unless the loss fell and every point is classified right.
 */
#include <math.h>
#include <stdio.h>

#include <nnc.h>

enum { N = 64 };

int main(void) {
  double x[N][2], y[N], w[2] = {0, 0}, b = 0, loss = 0, dw[2], db;
  for (int i = 0; i < N; i++) { /* class 1 around (1, 1), class 0 around (-1, -1) */
    y[i] = i % 2;
    x[i][0] = (y[i] ? 1 : -1) + 0.3 * sin(i * 1.7);
    x[i][1] = (y[i] ? 1 : -1) + 0.3 * cos(i * 2.3);
  }
  nnc_graph *g;
  if (nnc_graph_new(&g) != NNC_OK)
    return 1;
  nnc_value *xv = nnc_input(g, "x", NNC_F64, 2, (int64_t[]){N, 2});
  nnc_value *yv = nnc_input(g, "y", NNC_F64, 2, (int64_t[]){N, 1});
  nnc_value *wv = nnc_param(g, "w", NNC_F64, 2, (int64_t[]){2, 1}, NNC_INIT_ZEROS);
  nnc_value *bv = nnc_param(g, "b", NNC_F64, 1, (int64_t[]){1}, NNC_INIT_ZEROS);
  nnc_value *p = nnc_sigmoid(g, nnc_add(g, nnc_matmul(g, xv, wv), bv));
  nnc_value *lv = nnc_loss(g, NNC_LOSS_BINARY_CROSSENTROPY, p, yv, 0);
  nnc_value *grads[2];
  nnc_function *f = NULL;
  if (nnc_graph_status(g) != NNC_OK || nnc_grad(g, lv, 2, (nnc_value *[]){wv, bv}, grads) != NNC_OK ||
      nnc_jit(g, 3, (nnc_value *[]){lv, grads[0], grads[1]}, &f) != NNC_OK) {
    fprintf(stderr, "graph: %s\n", nnc_graph_status(g) ? nnc_graph_error(g) : nnc_last_error());
    nnc_graph_free(g);
    return 1;
  }
  nnc_graph_free(g); /* the function keeps its own copy */
  for (int i = 0; i < nnc_function_arity(f); i++) {
    nnc_dtype t;
    int rank;
    int64_t shape[4];
    nnc_function_arg_type(f, i, &t, &rank, shape);
    printf("argument %d: %s, rank %d, %lld elements\n", i, nnc_function_arg_name(f, i), rank,
           (long long)nnc_function_arg_numel(f, i));
  }
  void *args[7] = {x, y, w, &b, &loss, dw, &db};
  size_t bytes[7] = {sizeof x, sizeof y, sizeof w, sizeof b, sizeof loss, sizeof dw, sizeof db};
  double first = NAN;
  for (int step = 0; step < 300; step++) {
    if (nnc_function_call_checked(f, 7, args, bytes) != NNC_OK) {
      fprintf(stderr, "graph: %s\n", nnc_last_error());
      nnc_function_free(f);
      return 1;
    }
    if (step == 0)
      first = loss;
    w[0] -= 0.5 * dw[0], w[1] -= 0.5 * dw[1], b -= 0.5 * db;
  }
  nnc_function_free(f);
  int right = 0;
  for (int i = 0; i < N; i++)
    right += (x[i][0] * w[0] + x[i][1] * w[1] + b > 0) == (y[i] == 1);
  printf("loss %.4f -> %.4f, w = (%.3f, %.3f), b = %.3f, %d of %d right\n", first, loss, w[0],
         w[1], b, right, N);
  nnc_shutdown();
  return loss < first && right == N ? 0 : 1;
}
