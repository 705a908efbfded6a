/* rules.c — the thread rules of nnc.h as a plain program, for ThreadSanitizer (Criterion's
 * runner does not start under TSan): two fits on one model at once, and a fit and predicts
 * racing on it (each call runs whole or is refused, and the weights are those of the fits
 * that ran, in a row); one function called from many threads; one training step
 * (nnc_train_step) from two, one call at a time; a fit, an evaluate and a predict
 * cancelled from another thread; and two contexts with allocators of their own used on two
 * threads at once. scripts/test.sh builds it with -fsanitize=thread; ctest runs it in
 * every build. Exit 0 when every rule holds. */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nnc.h"

enum { N = 64, F = 4, THREADS = 4 };

static atomic_int failures; /* CHECK runs on the rules' threads too */
#define CHECK(cond, ...) \
  ((cond) ? (void)0 : (fprintf(stderr, "rules.c:%d: ", __LINE__), fprintf(stderr, __VA_ARGS__), \
                       fputc('\n', stderr), (void)failures++))

static nnc_tensor *x, *y;
static pthread_barrier_t start;

static void data(void) {
  int64_t xs[2] = {N, F}, ys[2] = {N, 1};
  nnc_tensor_new(NNC_F32, 2, xs, &x);
  nnc_tensor_new(NNC_F32, 2, ys, &y);
  float *xd = nnc_tensor_data(x), *yd = nnc_tensor_data(y);
  for (int i = 0; i < N * F; i++)
    xd[i] = (float)((i * 37 % 101) - 50) / 50.0f;
  for (int i = 0; i < N; i++)
    yd[i] = xd[i * F] + xd[i * F + 1] > 0;
}

static nnc_model *model_in(nnc_context *ctx) {
  nnc_model *m = NULL;
  nnc_model_new_in(ctx, &m);
  nnc_model_set_seed(m, 7);
  nnc_model_add_input(m, F);
  nnc_dense_options d = nnc_dense(8, NNC_ACT_RELU);
  nnc_model_add_dense(m, &d);
  d = nnc_dense(1, NNC_ACT_SIGMOID);
  nnc_model_add_dense(m, &d);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  CHECK(nnc_model_compile(m, &c) == NNC_OK, "compile: %s", nnc_last_error());
  return m;
}

static nnc_model *model(void) {
  return model_in(NULL);
}

static nnc_fit_options fit_options(void) {
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 20, f.batch_size = 8, f.verbose = 0;
  return f;
}

/* Each thread fits or predicts on one model; each call runs whole or gets NNC_ERR_BUSY. */
typedef struct {
  nnc_model *m;
  int fit;                    /* fit, else predict */
  int ok, busy, other;
} ModelUser;

static void *use_model(void *arg) {
  ModelUser *u = arg;
  pthread_barrier_wait(&start);
  for (int i = 0; i < (u->fit ? 3 : 30); i++) {
    nnc_fit_options f = fit_options();
    nnc_tensor *p = NULL;
    nnc_status s = u->fit ? nnc_model_fit(u->m, x, y, &f) : nnc_model_predict(u->m, x, 16, &p);
    nnc_tensor_free(p);
    u->ok += s == NNC_OK, u->busy += s == NNC_ERR_BUSY, u->other += s != NNC_OK && s != NNC_ERR_BUSY;
  }
  return NULL;
}

/* Whether m's weights are bit for bit those of a fresh model fitted `fits` times in a row:
 * a refused call changed nothing, and the calls that ran did not mix. */
static int same_as_serial(nnc_model *m, int fits) {
  nnc_model *ref = model();
  for (int i = 0; i < fits; i++) {
    nnc_fit_options f = fit_options();
    CHECK(nnc_model_fit(ref, x, y, &f) == NNC_OK, "serial fit: %s", nnc_last_error());
  }
  int same = 1;
  for (int l = 0; l < 2; l++) {
    const nnc_tensor *a[2] = {nnc_model_kernel(m, l), nnc_model_bias(m, l)};
    const nnc_tensor *b[2] = {nnc_model_kernel(ref, l), nnc_model_bias(ref, l)};
    for (int k = 0; k < 2; k++)
      same &= memcmp(nnc_tensor_cdata(a[k]), nnc_tensor_cdata(b[k]),
                     (size_t)nnc_tensor_numel(a[k]) * sizeof(float)) == 0;
  }
  nnc_model_free(ref);
  return same;
}

static void model_rule(const char *what, int fit0, int fit1) {
  nnc_model *m = model();
  ModelUser u[2] = {{m, fit0, 0, 0, 0}, {m, fit1, 0, 0, 0}};
  pthread_t t[2];
  pthread_barrier_init(&start, NULL, 2);
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, use_model, &u[i]);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  pthread_barrier_destroy(&start);
  for (int i = 0; i < 2; i++)
    CHECK(u[i].other == 0, "%s: thread %d: %d calls failed otherwise than busy", what, i,
          u[i].other);
  CHECK(u[0].ok + u[1].ok > 0, "%s: no call ran", what);
  int fits = fit0 * u[0].ok + fit1 * u[1].ok;
  CHECK(same_as_serial(m, fits), "%s: the weights are not those of %d fits in a row", what,
        fits);
  printf("%s: %d calls ran, %d were refused as busy; the weights are %d fits' in a row\n",
         what, u[0].ok + u[1].ok, u[0].busy + u[1].busy, fits);
  nnc_model_free(m);
}

/* nnc_model_cancel from another thread: it takes no lock and stops the fit in flight. The
 * fit would run for hours; on_batch says it has started, then main cancels it. */
static atomic_int fit_started;

static void note_start(const nnc_batch_log *b, void *user) {
  (void)b, (void)user;
  atomic_store(&fit_started, 1);
}

static void *fit_long(void *arg) {
  nnc_model *m = arg;
  nnc_fit_options f = fit_options();
  f.epochs = 1000000000, f.on_batch = note_start;
  return (void *)(intptr_t)nnc_model_fit(m, x, y, &f);
}

/* evaluate or predict in a loop on this thread while another cancels until one stops. */
typedef struct {
  nnc_model *m;
  atomic_int done;
} Canceller;

static void *cancel_until_done(void *arg) {
  Canceller *c = arg;
  while (!atomic_load(&c->done))
    nnc_model_cancel(c->m);
  return NULL;
}

static void cancel_call_rule(int predict) {
  nnc_model *m = model();
  Canceller c = {m, 0};
  pthread_t t;
  pthread_create(&t, NULL, cancel_until_done, &c);
  nnc_status s = NNC_OK;
  int calls = 0;
  for (; calls < 100000 && s == NNC_OK; calls++) {
    nnc_tensor *p = NULL;
    nnc_metrics met;
    s = predict ? nnc_model_predict(m, x, 1, &p) : nnc_model_evaluate(m, x, y, 1, &met);
    CHECK(s != NNC_ERR_CANCELLED || p == NULL, "cancel: a cancelled predict gave a tensor");
    nnc_tensor_free(p);
  }
  atomic_store(&c.done, 1);
  pthread_join(t, NULL);
  CHECK(s == NNC_ERR_CANCELLED, "cancel: %s returned %s", predict ? "predict" : "evaluate",
        nnc_status_name(s));
  printf("cancel: %s stopped by another thread at call %d\n", predict ? "a predict" :
         "an evaluate", calls);
  nnc_model_free(m);
}

static void cancel_rule(void) {
  cancel_call_rule(0);
  cancel_call_rule(1);
  nnc_model *m = model();
  pthread_t t;
  pthread_create(&t, NULL, fit_long, m);
  while (!atomic_load(&fit_started))
    sched_yield();
  int running = nnc_model_cancel(m);
  void *status;
  pthread_join(t, &status);
  CHECK(running == 1, "cancel: nnc_model_cancel found no call in flight (%d)", running);
  CHECK((nnc_status)(intptr_t)status == NNC_ERR_CANCELLED, "cancel: the fit returned %s",
        nnc_status_name((nnc_status)(intptr_t)status));
  printf("cancel: a fit stopped by another thread after %d epochs\n", nnc_model_epoch(m));
  nnc_model_free(m);
}

/* One function from THREADS threads, each with its data and the answer it gave alone. */
enum { B = 64, K = 64, CALLS = 50 };
typedef struct {
  nnc_function *f;
  double x[B * K], w[K * K], want_loss, want_dw[K * K];
  int wrong;
} Caller;

static void *call_many(void *arg) {
  Caller *c = arg;
  pthread_barrier_wait(&start);
  for (int i = 0; i < CALLS; i++) {
    double loss, dw[K * K];
    nnc_status s = nnc_function_call(c->f, (void *[]){c->x, c->w, &loss, dw});
    c->wrong += s != NNC_OK || loss != c->want_loss || memcmp(dw, c->want_dw, sizeof dw) != 0;
  }
  return NULL;
}

static void function_rule(void) {
  nnc_graph *g;
  nnc_graph_new(&g);
  int64_t xs[2] = {B, K}, ws[2] = {K, K};
  nnc_value *xv = nnc_input(g, "x", NNC_F64, 2, xs);
  nnc_value *w = nnc_param(g, "w", NNC_F64, 2, ws, NNC_INIT_GLOROT_UNIFORM);
  nnc_value *z = nnc_matmul(g, xv, w);
  nnc_value *loss = nnc_sum(g, nnc_mul(g, nnc_tanh(g, z), nnc_sigmoid(g, z)), ~0u, 0), *dw;
  nnc_function *f = NULL;
  CHECK(nnc_grad(g, loss, 1, &w, &dw) == NNC_OK && nnc_jit(g, 2, (nnc_value *[]){loss, dw}, &f) ==
        NNC_OK, "jit: %s", nnc_last_error());
  nnc_graph_free(g);
  if (!f)
    return;
  static Caller c[THREADS];
  for (int t = 0; t < THREADS; t++) {
    c[t].f = f;
    for (int i = 0; i < B * K; i++)
      c[t].x[i] = (double)((i * (t + 3)) % 17 - 8) / 8;
    for (int i = 0; i < K * K; i++)
      c[t].w[i] = (double)((i * (t + 5)) % 13 - 6) / 24;
    nnc_function_call(f, (void *[]){c[t].x, c[t].w, &c[t].want_loss, c[t].want_dw});
  }
  pthread_t th[THREADS];
  pthread_barrier_init(&start, NULL, THREADS);
  for (int t = 0; t < THREADS; t++)
    pthread_create(&th[t], NULL, call_many, &c[t]);
  for (int t = 0; t < THREADS; t++)
    pthread_join(th[t], NULL);
  pthread_barrier_destroy(&start);
  for (int t = 0; t < THREADS; t++)
    CHECK(c[t].wrong == 0, "function: thread %d: %d of %d calls gave another answer", t,
          c[t].wrong, CALLS);
  printf("function: %d threads x %d calls, each its own answer\n", THREADS, CALLS);
  nnc_function_free(f);
}

/* A training step (nnc_train_step) from two threads: its calls run one at a time, each
 * whole or refused with NNC_ERR_BUSY, and the state counts exactly the calls that ran. */
typedef struct {
  nnc_function *f;
  double xb[B * K], w[K * K];
  int ok, busy, other;
} Trainer;

static atomic_int refused; /* a call was refused: the threads met, enough calls */

static void *train_many(void *arg) {
  Trainer *t = arg;
  pthread_barrier_wait(&start);
  for (int i = 0; i < CALLS || (i < 100 * CALLS && !atomic_load(&refused)); i++) {
    double loss;
    nnc_status s = nnc_function_call(t->f, (void *[]){t->xb, t->w, &loss});
    t->ok += s == NNC_OK, t->busy += s == NNC_ERR_BUSY;
    if (s == NNC_ERR_BUSY)
      atomic_store(&refused, 1);
    t->other += s != NNC_OK && s != NNC_ERR_BUSY;
  }
  return NULL;
}

static void train_step_rule(void) {
  nnc_graph *g;
  nnc_graph_new(&g);
  int64_t xs[2] = {B, K}, ws[2] = {K, K};
  nnc_value *xv = nnc_input(g, "x", NNC_F64, 2, xs);
  nnc_value *w = nnc_param(g, "w", NNC_F64, 2, ws, NNC_INIT_ZEROS);
  nnc_value *z = nnc_matmul(g, xv, w);
  nnc_value *loss = nnc_mean(g, nnc_mul(g, z, z), ~0u, 0);
  nnc_optimizer o = nnc_adam();
  nnc_function *f = NULL;
  CHECK(nnc_train_step(g, loss, 1, &w, &o, &f) == NNC_OK, "train_step: %s", nnc_last_error());
  nnc_graph_free(g);
  if (!f)
    return;
  static Trainer t[2];
  for (int k = 0; k < 2; k++) {
    t[k].f = f;
    for (int i = 0; i < B * K; i++)
      t[k].xb[i] = (double)((i * (k + 3)) % 17 - 8) / 8;
  }
  pthread_t th[2];
  pthread_barrier_init(&start, NULL, 2);
  for (int k = 0; k < 2; k++)
    pthread_create(&th[k], NULL, train_many, &t[k]);
  for (int k = 0; k < 2; k++)
    pthread_join(th[k], NULL);
  pthread_barrier_destroy(&start);
  int ok = t[0].ok + t[1].ok;
  CHECK(t[0].other + t[1].other == 0, "train_step: calls failed otherwise than busy");
  CHECK(nnc_function_iterations(f) == ok, "train_step: %lld iterations for %d calls that ran",
        (long long)nnc_function_iterations(f), ok);
  printf("train_step: %d calls ran, %d were refused as busy\n", ok, t[0].busy + t[1].busy);
  nnc_function_free(f);
}

/* An allocator that counts its blocks and tags each with itself, so a block given back to
 * the wrong allocator is seen (and leaked rather than freed by the wrong hook). */
typedef struct {
  atomic_long allocs, live, foreign;
} Counter;
enum { TAG = 16 };

static void *counting_realloc(void *user, void *p, size_t n) {
  Counter *c = user;
  char *raw = p ? (char *)p - TAG : NULL;
  if (raw && *(Counter **)raw != c) {
    atomic_fetch_add(&c->foreign, 1);
    return NULL;
  }
  char *q = realloc(raw, n + TAG);
  if (!q)
    return NULL;
  if (!raw)
    atomic_fetch_add(&c->allocs, 1), atomic_fetch_add(&c->live, 1);
  *(Counter **)q = c;
  return q + TAG;
}

static void counting_free(void *user, void *p) {
  Counter *c = user;
  char *raw = (char *)p - TAG;
  if (*(Counter **)raw != c) {
    atomic_fetch_add(&c->foreign, 1);
    return;
  }
  atomic_fetch_sub(&c->live, 1);
  free(raw);
}

/* A thread's own context: a model made, fitted and freed in it; its prediction is left for
 * main to free on its thread. */
typedef struct {
  Counter count;
  nnc_context *ctx;
  nnc_tensor *pred;
} ContextUser;

static void *use_context(void *arg) {
  ContextUser *u = arg;
  nnc_context_options o = nnc_context_defaults();
  o.allocator = (nnc_allocator){counting_realloc, counting_free, &u->count};
  o.threads = 1;
  CHECK(nnc_context_new_with(&o, &u->ctx) == NNC_OK, "context: %s", nnc_last_error());
  pthread_barrier_wait(&start);
  nnc_model *m = model_in(u->ctx);
  nnc_fit_options f = fit_options();
  f.epochs = 3;
  CHECK(nnc_model_fit(m, x, y, &f) == NNC_OK, "context: fit: %s", nnc_last_error());
  CHECK(nnc_model_predict(m, x, 16, &u->pred) == NNC_OK, "context: predict: %s", nnc_last_error());
  nnc_model_free(m);
  return NULL;
}

static void context_rule(void) {
  static ContextUser u[2];
  pthread_t t[2];
  pthread_barrier_init(&start, NULL, 2);
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, use_context, &u[i]);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  pthread_barrier_destroy(&start);
  for (int i = 0; i < 2; i++) {
    nnc_tensor_free(u[i].pred); /* on this thread: back to its context's allocator */
    nnc_context_free(u[i].ctx);
    CHECK(atomic_load(&u[i].count.allocs) > 100, "context %d: %ld allocations seen", i,
          atomic_load(&u[i].count.allocs));
    CHECK(atomic_load(&u[i].count.live) == 0 && atomic_load(&u[i].count.foreign) == 0,
          "context %d: %ld blocks live after every free, %ld given back to another allocator",
          i, atomic_load(&u[i].count.live), atomic_load(&u[i].count.foreign));
  }
  printf("contexts: two threads, %ld and %ld allocations, each through its own allocator\n",
         atomic_load(&u[0].count.allocs), atomic_load(&u[1].count.allocs));
}

int main(void) {
  data();
  model_rule("two fits at once", 1, 1);
  model_rule("fit and predict at once", 1, 0);
  function_rule();
  train_step_rule();
  cancel_rule();
  context_rule();
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_shutdown();
  return failures ? 1 : 0;
}
