/* train_step.c — nnc's graph level trains with a Keras optimizer: graph.c's logistic
 * regression, but one compiled function (nnc_train_step) runs the forward pass, the backward
 * pass and Adam's update of w and b in place, Adam's state and step count kept inside the
 * function. Its learning rate follows Keras's CosineDecay with a warmup: up from 0 to 0.1 in
 * 20 steps, then down a cosine that would reach 0 at step 220.
 * Exits 1 unless the loss fell and every point is classified right.
 */
#include <math.h>
#include <stdio.h>

#include <nnc.h>

enum { N = 64 };

int main(void) {
  double x[N][2], y[N], w[2] = {0, 0}, b = 0, loss = 0;
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
  nnc_lr_schedule cosine = nnc_schedule_defaults(NNC_SCHEDULE_COSINE_DECAY);
  cosine.initial_learning_rate = 0.0;
  cosine.warmup_target = 0.1;
  cosine.warmup_steps = 20;
  cosine.decay_steps = 200;
  nnc_optimizer adam = nnc_adam();
  adam.learning_rate_schedule = &cosine; /* copied: cosine may go now */
  nnc_function *f = NULL;
  if (nnc_graph_status(g) != NNC_OK ||
      nnc_train_step(g, lv, 2, (nnc_value *[]){wv, bv}, &adam, &f) != NNC_OK) {
    fprintf(stderr, "train_step: %s\n", nnc_graph_status(g) ? nnc_graph_error(g) : nnc_last_error());
    nnc_graph_free(g);
    return 1;
  }
  nnc_graph_free(g); /* the function keeps its own copy */
  void *args[5] = {x, y, w, &b, &loss}; /* x, y, w, b (updated in place), then the loss */
  double first = NAN;
  for (int step = 0; step < 200; step++) {
    if (nnc_function_call(f, args) != NNC_OK) {
      fprintf(stderr, "train_step: %s\n", nnc_last_error());
      nnc_function_free(f);
      return 1;
    }
    if (step == 0)
      first = loss;
  }
  printf("adam: %lld steps, the rate now %.3g\n", (long long)nnc_function_iterations(f),
         nnc_function_learning_rate(f));
  nnc_function_free(f);
  int right = 0;
  for (int i = 0; i < N; i++)
    right += (x[i][0] * w[0] + x[i][1] * w[1] + b > 0) == (y[i] == 1);
  printf("adam: loss %.4f -> %.4f, w = (%.3f, %.3f), b = %.3f, %d of %d right\n", first, loss,
         w[0], w[1], b, right, N);
  nnc_shutdown();
  return loss < first && right == N ? 0 : 1;
}
