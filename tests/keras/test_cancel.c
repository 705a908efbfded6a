/* test_cancel.c — stopping a call on one model (nnc_model_cancel, keras/fit.c) and a fit's
 * callbacks asking to stop: a cancel is told from a finished fit by NNC_ERR_CANCELLED, from
 * on_batch, on_epoch, on_epoch_begin, another thread and a signal handler; evaluate and
 * predict stop too; a cancel reaches only the call in flight. nnc_model_stop_training from
 * on_batch ends the epoch early and the fit as finished. tests/threads/rules.c runs the
 * other-thread case under ThreadSanitizer. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

#include "nnc.h"
#include "support.h"

enum { N = 64, F = 4 };

static nnc_tensor *x, *y;

static void data(void) {
  int64_t xs[2] = {N, F}, ys[2] = {N, 1};
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, &y), NNC_OK);
  TestRng r = test_rng(5);
  float *xd = nnc_tensor_data(x), *yd = nnc_tensor_data(y);
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < F; j++)
      xd[i * F + j] = (float)test_uniform(&r, -1, 1);
    yd[i] = xd[i * F] - xd[i * F + 2] > 0;
  }
}

static void undata(void) {
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

TestSuite(cancel, .init = data, .fini = undata);

static nnc_model *model(void) {
  nnc_model *m = NULL;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, F), NNC_OK);
  nnc_dense_options d = nnc_dense(8, NNC_ACT_RELU);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  d = nnc_dense(1, NNC_ACT_SIGMOID);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  return m;
}

/* What a callback sees: the model, and when to act. */
typedef struct {
  nnc_model *m;
  int epoch, action, cancel_said;
} Stopper;

static nnc_fit_options fit_options(int epochs, Stopper *st) {
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = epochs, f.batch_size = 16, f.verbose = 0, f.user = st;
  return f;
}

static void cancel_at_step_3(const nnc_batch_log *b, void *user) {
  Stopper *st = user;
  if (b->epoch == st->epoch && b->step == 3)
    st->cancel_said = nnc_model_cancel(st->m);
}

Test(cancel, on_batch_stops_its_fit_before_the_next_step) {
  Stopper st = {model(), 2, 0, -5};
  nnc_fit_options f = fit_options(5, &st);
  f.on_batch = cancel_at_step_3;
  TEST_EXPECT(nnc_model_fit(st.m, x, y, &f), NNC_ERR_CANCELLED, "epoch 2 before step 4");
  cr_assert_eq(st.cancel_said, 1, "the model was in a call (this one)");
  cr_assert_eq(nnc_model_epoch(st.m), 1, "epoch 1 is the last finished");
  cr_assert_eq(nnc_model_iterations(st.m), 4 + 3, "4 steps of epoch 1, 3 of epoch 2");
  f.on_batch = NULL;
  cr_assert_eq(nnc_model_fit(st.m, x, y, &f), NNC_OK, "the cancel was for that fit only: %s",
               nnc_last_error());
  nnc_model_free(st.m);
}

/* Keras's stop_training set in a batch callback: epoch 2 ends after its step 2, with its
 * validation and on_epoch, and the fit is a finished one. */
typedef struct {
  Stopper st;
  int epochs_seen, last_epoch_steps, val_batches;
  double last_loss, val_loss_seen;
} StopSeen;

static void stop_at_step_2(const nnc_batch_log *b, void *user) {
  StopSeen *s = user;
  s->last_epoch_steps = (int)b->step;
  s->last_loss = b->loss;
  if (s->st.action && b->epoch == s->st.epoch && b->step == 2)
    s->st.cancel_said = nnc_model_stop_training(s->st.m);
}

static int count_epochs(const nnc_epoch_log *e, void *user) {
  StopSeen *s = user;
  s->epochs_seen++;
  cr_expect_eq(e->loss, s->last_loss, "the epoch's loss is over the steps it ran");
  cr_expect_eq(e->val_loss, s->val_loss_seen, "and its validation ran whole");
  return NNC_FIT_CONTINUE;
}

static void count_val_batches(const nnc_batch_log *b, void *user) {
  StopSeen *s = user;
  s->val_batches++;
  cr_expect_eq(b->steps, 2, "16 validation samples in batches of 8");
  s->val_loss_seen = b->loss;
}

Test(cancel, stop_training_in_a_batch_ends_the_epoch_as_keras) {
  StopSeen s = {{model(), 2, 1, -5}, 0, 0, 0, 0, 0};
  nnc_fit_options f = fit_options(5, &s.st);
  f.user = &s;
  f.on_batch = stop_at_step_2;
  f.on_epoch = count_epochs;
  f.on_val_batch = count_val_batches;
  f.validation_split = 0.25, f.validation_batch_size = 8; /* 3 steps of 16, 2 of 8 */
  cr_assert_eq(nnc_model_fit(s.st.m, x, y, &f), NNC_OK, "a finished fit: %s", nnc_last_error());
  cr_assert_eq(s.st.cancel_said, 1, "the model was in a call (this one)");
  cr_assert_eq(s.epochs_seen, 2);
  cr_assert_eq(s.last_epoch_steps, 2, "no step after the request");
  cr_assert_eq(s.val_batches, 2 * 2, "both epochs validated");
  cr_assert_eq(nnc_model_epoch(s.st.m), 2);
  cr_assert_eq(nnc_model_iterations(s.st.m), 3 + 2);
  s.st.action = 0;
  cr_assert_eq(nnc_model_fit(s.st.m, x, y, &f), NNC_OK, "the request was for that fit only");
  cr_assert_eq(s.epochs_seen, 2 + 5);
  cr_assert_eq(s.last_epoch_steps, 3);
  nnc_model_free(s.st.m);
}

static int act_after_epoch(const nnc_epoch_log *e, void *user) {
  Stopper *st = user;
  return e->epoch == st->epoch ? st->action : NNC_FIT_CONTINUE;
}

Test(cancel, on_epoch_cancel_is_told_from_a_finished_fit) {
  Stopper st = {model(), 2, NNC_FIT_STOP, 0};
  nnc_fit_options f = fit_options(5, &st);
  f.on_epoch = act_after_epoch;
  cr_assert_eq(nnc_model_fit(st.m, x, y, &f), NNC_OK, "stop_training is a finished fit");
  cr_assert_eq(nnc_model_epoch(st.m), 2);
  st.action = NNC_FIT_CANCEL;
  f.initial_epoch = 2, st.epoch = 3;
  TEST_EXPECT(nnc_model_fit(st.m, x, y, &f), NNC_ERR_CANCELLED, "on_epoch cancelled the fit after epoch 3");
  cr_assert_eq(nnc_model_epoch(st.m), 3, "epoch 3 finished before on_epoch saw it");
  nnc_model_free(st.m);
}

static int act_before_epoch(int epoch, void *user) {
  Stopper *st = user;
  return epoch == st->epoch ? st->action : NNC_FIT_CONTINUE;
}

Test(cancel, on_epoch_begin_cancel_comes_before_the_epoch) {
  Stopper st = {model(), 3, NNC_FIT_CANCEL, 0};
  nnc_fit_options f = fit_options(5, &st);
  f.on_epoch_begin = act_before_epoch;
  TEST_EXPECT(nnc_model_fit(st.m, x, y, &f), NNC_ERR_CANCELLED, "before epoch 3");
  cr_assert_eq(nnc_model_epoch(st.m), 2);
  cr_assert_eq(nnc_model_iterations(st.m), 2 * 4, "no step of epoch 3 ran");
  nnc_model_free(st.m);
}

Test(cancel, an_idle_model_keeps_no_request) {
  nnc_model *m = model();
  cr_assert_eq(nnc_model_cancel(m), 0, "no call in flight");
  nnc_metrics out;
  cr_assert_eq(nnc_model_evaluate(m, x, y, 8, &out), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *p = NULL;
  cr_assert_eq(nnc_model_predict(m, x, 8, &p), NNC_OK, "%s", nnc_last_error());
  nnc_tensor_free(p);
  cr_assert_eq(nnc_model_cancel(NULL), -1);
  nnc_model_free(m);   /* a freed model: test_misuse.c, under its allocator's quarantine */
}

/* Another thread cancels whatever runs on the model until told to stop; the main thread
 * repeats a call until one is cancelled. Every other call must run whole. */
typedef struct {
  nnc_model *m;
  atomic_int done;
  int in_flight;              /* cancels that found a call running */
} Canceller;

static void *cancel_until_done(void *arg) {
  Canceller *c = arg;
  while (!atomic_load(&c->done))
    c->in_flight += nnc_model_cancel(c->m) == 1;
  return NULL;
}

static void cancelled_from_another_thread(bool predict) {
  nnc_model *m = model();
  int64_t xs[2] = {20000, F};
  nnc_tensor *big, *big_y;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, &big), NNC_OK);
  xs[1] = 1;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, &big_y), NNC_OK);
  Canceller c = {.m = m};
  pthread_t t;
  cr_assert_eq(pthread_create(&t, NULL, cancel_until_done, &c), 0);
  nnc_status s = NNC_OK;
  for (int i = 0; i < 1000 && s == NNC_OK; i++) {
    nnc_tensor *p = NULL;
    nnc_metrics out;
    s = predict ? nnc_model_predict(m, big, 1, &p) : nnc_model_evaluate(m, big, big_y, 1, &out);
    if (s == NNC_ERR_CANCELLED)
      cr_assert_null(p, "a cancelled predict gives no tensor");
    nnc_tensor_free(p);
  }
  atomic_store(&c.done, 1);
  pthread_join(t, NULL);
  cr_assert_eq(s, NNC_ERR_CANCELLED, "%s", nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "cancelled before batch"), "%s", nnc_last_error());
  cr_assert_gt(c.in_flight, 0);
  nnc_tensor_free(big);
  nnc_tensor_free(big_y);
  nnc_model_free(m);
}

Test(cancel, predict_stops_when_another_thread_cancels, .timeout = 120) {
  cancelled_from_another_thread(true);
}

Test(cancel, evaluate_stops_when_another_thread_cancels, .timeout = 120) {
  cancelled_from_another_thread(false);
}

static nnc_model *alarmed;

static void cancel_on_alarm(int sig) {
  (void)sig;
  nnc_model_cancel(alarmed);
}

Test(cancel, fit_stops_from_a_signal_handler, .timeout = 60) {
  alarmed = model();
  nnc_fit_options f = fit_options(1000000, NULL);
  signal(SIGALRM, cancel_on_alarm);
  alarm(1);
  TEST_EXPECT(nnc_model_fit(alarmed, x, y, &f), NNC_ERR_CANCELLED, "cancelled");
  nnc_model_free(alarmed);
}
