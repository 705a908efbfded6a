/* keras.c — nnc's Keras level, as an embedder uses it: a model in its own context (its log
 * lines go to our function, its steps to at most 2 threads, its memory through our
 * allocator), trained, evaluated, then a second fit cancelled by its on_epoch callback and
 * told from a finished fit by its status.
 * The data: two interleaved half-moons, made here. Exits 1 unless accuracy reaches 95%.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <nnc.h>

enum { N = 512 };

static void log_line(nnc_log_level level, const char *line, void *user) {
  printf("[%s %s] %s\n", (const char *)user, level == NNC_LOG_WARNING ? "warning" : "info", line);
}

/* The context's allocator: malloc's, counting the blocks nnc holds (one thread uses the
 * context's objects here; with several, the counts would need atomics). */
static long held, allocations;

static void *counted_realloc(void *user, void *p, size_t n) {
  (void)user;
  void *q = realloc(p, n);
  if (q && !p)
    held++, allocations++;
  return q;
}

static void counted_free(void *user, void *p) {
  (void)user;
  held--;
  free(p);
}

static int cancel_after_first(const nnc_epoch_log *log, void *user) {
  (void)user;
  return log->epoch >= 1 ? NNC_FIT_CANCEL : NNC_FIT_CONTINUE;
}

static nnc_status moons(nnc_context *ctx, nnc_tensor **x, nnc_tensor **y) {
  nnc_status s = nnc_tensor_new_in(ctx, NNC_F32, 2, (int64_t[]){N, 2}, x);
  if (s == NNC_OK)
    s = nnc_tensor_new_in(ctx, NNC_F32, 2, (int64_t[]){N, 1}, y);
  if (s != NNC_OK)
    return s;
  float *xd = nnc_tensor_data(*x), *yd = nnc_tensor_data(*y);
  for (int i = 0; i < N; i++) {
    double t = 3.14159265 * (i / 2) / (N / 2), up = i % 2;
    xd[2 * i] = (float)(up ? cos(t) : 1 - cos(t));
    xd[2 * i + 1] = (float)(up ? sin(t) : 0.5 - sin(t));
    yd[i] = (float)up;
  }
  return NNC_OK;
}

static nnc_status build(nnc_model *m) {
  nnc_status s = nnc_model_set_seed(m, 42);
  if (s == NNC_OK)
    s = nnc_model_add_input(m, 2);
  nnc_dense_options d = nnc_dense(16, NNC_ACT_TANH);
  if (s == NNC_OK)
    s = nnc_model_add_dense(m, &d);
  d = nnc_dense(1, NNC_ACT_SIGMOID);
  if (s == NNC_OK)
    s = nnc_model_add_dense(m, &d);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer = nnc_adam();
  c.optimizer.learning_rate = 0.02;
  c.accuracy = 1;
  return s == NNC_OK ? nnc_model_compile(m, &c) : s;
}

int main(void) {
  nnc_context *ctx = NULL;
  nnc_model *m = NULL;
  nnc_tensor *x = NULL, *y = NULL;
  nnc_metrics out = {0};
  nnc_context_options o = nnc_context_defaults();
  o.log = log_line, o.log_user = "moons";
  o.threads = 2;
  o.allocator = (nnc_allocator){counted_realloc, counted_free, NULL};
  nnc_status s = nnc_context_new_with(&o, &ctx);
  if (s == NNC_OK)
    s = nnc_model_new_in(ctx, &m);
  if (s == NNC_OK)
    s = moons(ctx, &x, &y);
  if (s == NNC_OK)
    s = build(m);
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 40, f.batch_size = 32, f.verbose = 2;
  if (s == NNC_OK)
    s = nnc_model_fit(m, x, y, &f);
  if (s == NNC_OK)
    s = nnc_model_evaluate(m, x, y, 64, &out);
  if (s == NNC_OK) {
    printf("accuracy %.3f after %d epochs\n", out.accuracy, nnc_model_epoch(m));
    f.on_epoch = cancel_after_first, f.verbose = 0;
    nnc_status c = nnc_model_fit(m, x, y, &f);
    printf("a fit its callback cancels: %s (%s)\n", nnc_status_name(c), nnc_last_error());
    if (c != NNC_ERR_CANCELLED)
      s = NNC_ERR_INTERNAL;
  } else {
    fprintf(stderr, "keras: %s\n", nnc_last_error());
  }
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
  nnc_context_free(ctx);
  printf("%ld allocations through the context's allocator, %ld blocks still held\n",
         allocations, held);
  nnc_shutdown();
  return s == NNC_OK && out.accuracy >= 0.95 && held == 0 ? 0 : 1;
}
