/* test_train_step.c — nnc_train_step: forward, backward and the optimizer's update in one
 * compiled function. A least-squares problem pred = x @ w + b, loss = mean((pred - y)^2),
 * trained for N steps, against the updates written here from Keras 3's formulas
 * (keras/src/optimizers/sgd.py and adam.py); every optimizer of the table reduces the loss;
 * bad input is refused. */
#include <criterion/criterion.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "nnc.h"

enum { N = 4, K = 3, STEPS = 12 };

static const double X[N * K] = {0.5, -1.0, 2.0, 1.5, 0.25, -0.5, -2.0, 1.0, 0.75, 0.1, 0.3, -1.2};
static const double Y[N] = {1.0, -0.5, 2.0, 0.25};

/* The problem in dtype t: arguments x, y, w, b, then the loss. */
typedef struct {
  nnc_graph *g;
  nnc_value *loss, *params[2];
} Problem;

static Problem problem(nnc_dtype t) {
  Problem p;
  cr_assert_eq(nnc_graph_new(&p.g), NNC_OK);
  int64_t xs[2] = {N, K}, ys[2] = {N, 1}, ws[2] = {K, 1}, bs[1] = {1};
  nnc_value *x = nnc_input(p.g, "x", t, 2, xs);
  nnc_value *y = nnc_input(p.g, "y", t, 2, ys);
  p.params[0] = nnc_param(p.g, "w", t, 2, ws, NNC_INIT_ZEROS);
  p.params[1] = nnc_param(p.g, "b", t, 1, bs, NNC_INIT_ZEROS);
  nnc_value *r = nnc_sub(p.g, nnc_add(p.g, nnc_matmul(p.g, x, p.params[0]), p.params[1]), y);
  p.loss = nnc_mean(p.g, nnc_mul(p.g, r, r), ~0u, 0);
  cr_assert_eq(nnc_graph_status(p.g), NNC_OK, "%s", nnc_graph_error(p.g));
  return p;
}

/* theta = {w0, w1, w2, b}: the loss and its gradient by hand. */
static double grad(const double *theta, double *g) {
  double loss = 0;
  memset(g, 0, (K + 1) * sizeof *g);
  for (int i = 0; i < N; i++) {
    double r = theta[K] - Y[i];
    for (int k = 0; k < K; k++)
      r += X[i * K + k] * theta[k];
    loss += r * r / N;
    for (int k = 0; k < K; k++)
      g[k] += 2 * r * X[i * K + k] / N;
    g[K] += 2 * r / N;
  }
  return loss;
}

/* Keras 3's updates of one weight element, with its slots m and v; t counts from 1. */
static void keras_update(const nnc_optimizer *o, int t, double *w, double g, double *m, double *v) {
  double lr = o->learning_rate;
  if (o->kind == NNC_OPT_SGD && o->momentum == 0) {
    *w -= lr * g;                              /* sgd.py: variable.assign_sub(lr * gradient) */
  } else if (o->kind == NNC_OPT_SGD) {
    *m = o->momentum * *m - g * lr;            /* m.assign(-gradient * lr + m * momentum) */
    *w += o->nesterov ? o->momentum * *m - g * lr : *m;
  } else {                                     /* adam.py */
    double alpha = lr * sqrt(1 - pow(o->beta_2, t)) / (1 - pow(o->beta_1, t));
    *m += (g - *m) * (1 - o->beta_1);
    *v += (g * g - *v) * (1 - o->beta_2);
    *w -= (*m * alpha) / (sqrt(*v) + o->epsilon);
  }
}

static void compare_with_keras(nnc_optimizer o) {
  Problem p = problem(NNC_F64);
  nnc_function *f;
  cr_assert_eq(nnc_train_step(p.g, p.loss, 2, p.params, &o, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_function_arity(f), 5);
  double w[K] = {0.1, -0.2, 0.3}, b = 0.05, loss;
  double theta[K + 1] = {0.1, -0.2, 0.3, 0.05}, m[K + 1] = {0}, v[K + 1] = {0}, gr[K + 1];
  void *args[5] = {(void *)X, (void *)Y, w, &b, &loss};
  for (int t = 1; t <= STEPS; t++) {
    cr_assert_eq(nnc_function_call(f, args), NNC_OK, "%s", nnc_last_error());
    double want = grad(theta, gr);
    cr_assert(fabs(loss - want) <= 1e-12, "step %d: loss %.17g, by hand %.17g", t, loss, want);
    for (int i = 0; i <= K; i++)
      keras_update(&o, t, &theta[i], gr[i], &m[i], &v[i]);
    for (int i = 0; i <= K; i++) {
      double got = i < K ? w[i] : b;
      cr_assert(fabs(got - theta[i]) <= 1e-12, "step %d weight %d: %.17g, Keras's %.17g", t, i,
                got, theta[i]);
    }
  }
  double first = grad((double[]){0.1, -0.2, 0.3, 0.05}, gr);
  cr_assert_lt(loss, first, "the loss did not fall: %g from %g", loss, first);
  nnc_function_free(f);
  nnc_graph_free(p.g);
}

Test(train_step, sgd_matches_keras_formula) {
  nnc_optimizer o = nnc_sgd();
  o.learning_rate = 0.05;
  compare_with_keras(o);
}

Test(train_step, sgd_momentum_matches_keras_formula) {
  nnc_optimizer o = nnc_sgd();
  o.learning_rate = 0.05;
  o.momentum = 0.9;
  compare_with_keras(o);
  o.nesterov = 1;
  compare_with_keras(o);
}

Test(train_step, adam_matches_keras_formula) {
  nnc_optimizer o = nnc_adam();
  o.learning_rate = 0.01;
  compare_with_keras(o);
}

/* Every optimizer of names/optimizers.def, with Keras's defaults and a rate that moves in
 * a few steps, in f32: the state the function owns is filled and carried. */
Test(train_step, every_optimizer_reduces_the_loss) {
  float x[N * K], y[N];
  for (int i = 0; i < N * K; i++)
    x[i] = (float)X[i];
  for (int i = 0; i < N; i++)
    y[i] = (float)Y[i];
  for (int k = NNC_OPT_SGD; k <= NNC_OPT_LION; k++) {
    Problem p = problem(NNC_F32);
    nnc_optimizer o = nnc_optimizer_defaults((nnc_optimizer_kind)k);
    o.learning_rate = k == NNC_OPT_ADADELTA ? 1.0 : 0.01;
    nnc_function *f;
    cr_assert_eq(nnc_train_step(p.g, p.loss, 2, p.params, &o, &f), NNC_OK, "%s: %s",
                 nnc_optimizer_name(o.kind), nnc_last_error());
    float w[K] = {0.1f, -0.2f, 0.3f}, b = 0.05f, loss, first = 0;
    void *args[5] = {x, y, w, &b, &loss};
    for (int t = 0; t < 30; t++) {
      cr_assert_eq(nnc_function_call(f, args), NNC_OK, "%s", nnc_last_error());
      if (t == 0)
        first = loss;
    }
    cr_assert(isfinite(loss) && loss < first, "%s: loss %g after 30 steps, %g at the first",
              nnc_optimizer_name(o.kind), (double)loss, (double)first);
    nnc_function_free(f);
    nnc_graph_free(p.g);
  }
}

/* Two functions of one graph keep separate states: the same steps give the same weights. */
Test(train_step, each_function_owns_its_state) {
  Problem p = problem(NNC_F64);
  nnc_optimizer o = nnc_adam();
  nnc_function *f1, *f2;
  cr_assert_eq(nnc_train_step(p.g, p.loss, 2, p.params, &o, &f1), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_train_step(p.g, p.loss, 2, p.params, &o, &f2), NNC_OK, "%s", nnc_last_error());
  double w1[K] = {0}, b1 = 0, w2[K] = {0}, b2 = 0, loss;
  void *a1[5] = {(void *)X, (void *)Y, w1, &b1, &loss}, *a2[5] = {(void *)X, (void *)Y, w2, &b2, &loss};
  for (int t = 0; t < 5; t++)
    cr_assert_eq(nnc_function_call(f1, a1), NNC_OK);
  for (int t = 0; t < 5; t++)
    cr_assert_eq(nnc_function_call(f2, a2), NNC_OK);
  cr_assert(memcmp(w1, w2, sizeof w1) == 0 && b1 == b2);
  nnc_function_free(f1);
  nnc_function_free(f2);
  nnc_graph_free(p.g);
}

/* A training step's calls run one at a time. The first call is held inside its custom
 * schedule (which runs once the call owns the state) while another thread calls: that call
 * gets NNC_ERR_BUSY at once and runs nothing. */
static struct {
  nnc_function *f;
  void **args;
  bool armed;                  /* the next schedule call lets the other thread call */
  nnc_status other;            /* what the other thread's call returned */
} held;

static void *call_from_another_thread(void *arg) {
  (void)arg;
  held.other = nnc_function_call(held.f, held.args);
  return NULL;
}

static double rate_while_another_thread_calls(int64_t step, void *user) {
  (void)step, (void)user;
  if (held.armed) {
    held.armed = false;
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, call_from_another_thread, NULL), 0);
    pthread_join(t, NULL);
  }
  return 0.1;
}

Test(train_step, a_call_while_another_thread_trains_is_busy) {
  Problem p = problem(NNC_F64);
  nnc_lr_schedule s = nnc_schedule_defaults(NNC_SCHEDULE_CUSTOM);
  s.fn = rate_while_another_thread_calls;
  nnc_optimizer o = nnc_sgd();
  o.learning_rate_schedule = &s;
  nnc_function *f;
  cr_assert_eq(nnc_train_step(p.g, p.loss, 2, p.params, &o, &f), NNC_OK, "%s", nnc_last_error());
  double w[K] = {0}, b = 0, loss;
  void *args[5] = {(void *)X, (void *)Y, w, &b, &loss};
  held.f = f, held.args = args, held.armed = true, held.other = NNC_OK;
  cr_assert_eq(nnc_function_call(f, args), NNC_OK, "%s", nnc_last_error());
  cr_expect_eq(held.other, NNC_ERR_BUSY, "the other thread's call: %s",
               nnc_status_name(held.other));
  cr_expect_eq(nnc_function_iterations(f), 1, "the refused call ran nothing");
  cr_assert_eq(nnc_function_call(f, args), NNC_OK, "free again once the first call is done");
  nnc_function_free(f);
  nnc_graph_free(p.g);
}

static void refused(nnc_status s, const char *part) {
  cr_assert_eq(s, NNC_ERR_ARG, "status %s", nnc_status_name(s));
  cr_assert(strstr(nnc_last_error(), part), "message: %s", nnc_last_error());
}

Test(train_step, bad_input_is_refused) {
  Problem p = problem(NNC_F64), other = problem(NNC_F64);
  nnc_optimizer o = nnc_sgd();
  nnc_function *f = (nnc_function *)&o;
  refused(nnc_train_step(p.g, p.loss, 2, p.params, NULL, &f), "opt is NULL");
  cr_assert_null(f);
  refused(nnc_train_step(p.g, p.loss, 2, p.params, &o, NULL), "out is NULL");
  refused(nnc_train_step(p.g, p.loss, 1, other.params, &o, &f), "params[0] is not");
  nnc_value *x = nnc_input(p.g, "z", NNC_F64, 0, NULL);
  refused(nnc_train_step(p.g, p.loss, 1, &x, &o, &f), "params[0] is not");
  nnc_value *twice[2] = {p.params[1], p.params[1]};
  refused(nnc_train_step(p.g, p.loss, 2, twice, &o, &f), "params[1] is params[0]");
  refused(nnc_train_step(p.g, p.loss, 0, p.params, &o, &f), "at least one param");
  nnc_value *vec = nnc_sum(p.g, p.params[0], 1, 0); /* [1], not a scalar */
  cr_assert_not_null(vec, "%s", nnc_graph_error(p.g));
  refused(nnc_train_step(p.g, vec, 2, p.params, &o, &f), "float scalar");
  refused(nnc_train_step(p.g, other.loss, 2, p.params, &o, &f), "loss is not a value");
  o.learning_rate = -1;
  refused(nnc_train_step(p.g, p.loss, 2, p.params, &o, &f), "learning_rate");
  nnc_lr_schedule s = nnc_schedule_defaults(NNC_SCHEDULE_EXPONENTIAL_DECAY);
  s.initial_learning_rate = 0.1;
  s.decay_rate = 0.5; /* decay_steps left 0 */
  o = nnc_sgd();
  o.learning_rate_schedule = &s;
  refused(nnc_train_step(p.g, p.loss, 2, p.params, &o, &f), "ExponentialDecay: decay_steps");
  s = nnc_schedule_defaults(NNC_SCHEDULE_PIECEWISE_CONSTANT_DECAY);
  refused(nnc_train_step(p.g, p.loss, 2, p.params, &o, &f), "needs boundaries and values");
  cr_assert_null(f);
  nnc_graph_free(p.g);
  nnc_graph_free(other.g);
}
