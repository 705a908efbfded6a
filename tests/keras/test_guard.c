/* test_guard.c — one thread at a time per model (keras/guard.c): a second thread that calls
 * into a model while a call is in flight gets NNC_ERR_BUSY and changes nothing; the thread
 * in the call may call again; a freed model gives NNC_ERR_ARG; and every public call on a
 * model in keras/ takes the guard first. scripts/test.sh runs this file under
 * ThreadSanitizer too. */
#define _POSIX_C_SOURCE 200809L /* glob */
#include <criterion/criterion.h>
#include <glob.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keras.h"
#include "support.h"

enum { N = 64, F = 4 };

static nnc_tensor *x, *y;

static void data(void) {
  int64_t xs[2] = {N, F}, ys[2] = {N, 1};
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, &y), NNC_OK);
  TestRng r = test_rng(3);
  float *xd = nnc_tensor_data(x), *yd = nnc_tensor_data(y);
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < F; j++)
      xd[i * F + j] = (float)test_uniform(&r, -1, 1);
    yd[i] = xd[i * F] + xd[i * F + 1] > 0;
  }
}

static void undata(void) {
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

static nnc_model *model(void) {
  nnc_model *m = NULL;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_set_seed(m, 7), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, F), NNC_OK);
  nnc_dense_options d = nnc_dense(8, NNC_ACT_RELU);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  d = nnc_dense(1, NNC_ACT_SIGMOID);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer = nnc_adam();
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  return m;
}

static nnc_fit_options fit_options(int (*on_epoch)(const nnc_epoch_log *, void *), void *user) {
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 3, f.batch_size = 16, f.verbose = 0, f.shuffle = 0;
  f.on_epoch = on_epoch, f.user = user;
  return f;
}

/* The first layer's kernel after training: what corruption would change. */
static void kernel_of(nnc_model *m, float *out) {
  const nnc_tensor *k = nnc_model_kernel(m, 0);
  cr_assert(k);
  memcpy(out, nnc_tensor_cdata(k), F * 8 * sizeof(float));
}

/* What another thread got from each call it tried while the model was in a fit. */
typedef struct {
  nnc_model *m;
  nnc_status fit, predict, evaluate, save, summary, free_;
  char msg[256];
  int calls;                   /* on_epoch calls */
} Intruder;

static void *intrude(void *arg) {
  Intruder *in = arg;
  nnc_fit_options f = fit_options(NULL, NULL);
  in->fit = nnc_model_fit(in->m, x, y, &f);
  snprintf(in->msg, sizeof in->msg, "%s", nnc_last_error());
  nnc_tensor *p = NULL;
  in->predict = nnc_model_predict(in->m, x, 16, &p);
  nnc_tensor_free(p);
  nnc_metrics mt;
  in->evaluate = nnc_model_evaluate(in->m, x, y, 16, &mt);
  in->save = nnc_model_save_weights(in->m, "/nonexistent/never-written.safetensors");
  in->summary = nnc_model_summary(in->m, stderr, 80);
  nnc_model_free(in->m); /* refused: the model is in use */
  in->free_ = strstr(nnc_last_error(), "in use") ? NNC_ERR_BUSY : NNC_OK;
  return NULL;
}

/* on_epoch runs on the fitting thread, which holds the model: another thread tries it then. */
static int intrude_once(const nnc_epoch_log *log, void *user) {
  (void)log;
  Intruder *in = user;
  if (in->calls++ == 0) {
    pthread_t t;
    cr_assert_eq(pthread_create(&t, NULL, intrude, in), 0);
    pthread_join(t, NULL);
  }
  return 0;
}

Test(guard, a_second_thread_gets_busy_and_changes_nothing, .init = data, .fini = undata) {
  float alone[F * 8], shared[F * 8];
  nnc_model *m = model();
  nnc_fit_options f = fit_options(NULL, NULL);
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  kernel_of(m, alone);
  nnc_model_free(m);

  m = model();
  Intruder in = {.m = m};
  f = fit_options(intrude_once, &in);
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_expect_eq(in.fit, NNC_ERR_BUSY, "a second fit: %s", nnc_status_name(in.fit));
  cr_expect(strstr(in.msg, "nnc_model_fit: the model is in use by another thread"), "%s", in.msg);
  cr_expect_eq(in.predict, NNC_ERR_BUSY);
  cr_expect_eq(in.evaluate, NNC_ERR_BUSY);
  cr_expect_eq(in.save, NNC_ERR_BUSY);
  cr_expect_eq(in.summary, NNC_ERR_BUSY);
  cr_expect_eq(in.free_, NNC_ERR_BUSY);
  kernel_of(m, shared);
  cr_expect(memcmp(alone, shared, sizeof alone) == 0, "the refused calls changed the weights");
  /* the fit is over: the lock is free again, for this thread or any other */
  nnc_tensor *p = NULL;
  cr_expect_eq(nnc_model_predict(m, x, 16, &p), NNC_OK, "%s", nnc_last_error());
  nnc_tensor_free(p);
  nnc_model_free(m);
}

/* Two threads predicting on one model as fast as they can: each call either runs whole
 * (the same predictions as alone) or is refused with NNC_ERR_BUSY. ThreadSanitizer checks
 * that no two calls ever touched the model at once. */
typedef struct {
  nnc_model *m;
  const float *want;
  int ok, busy, wrong;
} Racer;

static void *race(void *arg) {
  Racer *r = arg;
  for (int i = 0; i < 40; i++) {
    nnc_tensor *p = NULL;
    nnc_status s = nnc_model_predict(r->m, x, 16, &p);
    if (s == NNC_OK)
      r->ok++, r->wrong += memcmp(nnc_tensor_cdata(p), r->want, N * sizeof(float)) != 0;
    else
      r->busy += s == NNC_ERR_BUSY, r->wrong += s != NNC_ERR_BUSY;
    nnc_tensor_free(p);
  }
  return NULL;
}

Test(guard, racing_calls_run_whole_or_are_refused, .init = data, .fini = undata) {
  nnc_model *m = model();
  nnc_fit_options f = fit_options(NULL, NULL);
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *want = NULL;
  cr_assert_eq(nnc_model_predict(m, x, 16, &want), NNC_OK);
  Racer r[2] = {{.m = m, .want = nnc_tensor_cdata(want)}, {.m = m, .want = nnc_tensor_cdata(want)}};
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    cr_assert_eq(pthread_create(&t[i], NULL, race, &r[i]), 0);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  for (int i = 0; i < 2; i++) {
    cr_expect_eq(r[i].wrong, 0, "thread %d: %d calls neither whole nor refused", i, r[i].wrong);
    cr_expect_eq(r[i].ok + r[i].busy, 40);
  }
  /* Only the other thread can hold the model, and each of its calls finishes whole. */
  for (int i = 0; i < 2; i++)
    cr_expect(r[i].busy == 0 || r[1 - i].ok > 0, "thread %d refused while the other never ran", i);
  nnc_tensor_free(want);
  nnc_model_free(m);
}

/* A callback of fit calls back into its own model on the fitting thread: allowed. */
static int reenter(const nnc_epoch_log *log, void *user) {
  (void)log;
  nnc_model *m = user;
  cr_expect_eq(nnc_model_set_learning_rate(m, 1e-3), NNC_OK, "%s", nnc_last_error());
  cr_expect(nnc_model_param_count(m) == F * 8 + 8 + 8 + 1);
  nnc_model_free(m); /* refused: the model is in this very call */
  cr_expect(strstr(nnc_last_error(), "in a call on this thread"), "%s", nnc_last_error());
  return 0;
}

Test(guard, the_thread_in_a_call_may_call_again, .init = data, .fini = undata) {
  nnc_model *m = model();
  nnc_fit_options f = fit_options(reenter, NULL);
  f.user = m;
  cr_expect_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  nnc_model_free(m);
}

/* Every nnc_model_X(nnc_model *m, ...) or (const nnc_model *m, ...) defined in keras/ takes
 * KERAS_ENTER(m) or KERAS_GUARD(m, ...) in its first three lines (an out pointer may be
 * cleared before); nnc_model_free takes the lock itself, and nnc_model_cancel and
 * nnc_model_stop_training take none (they are made while another thread holds it). So a call added later without the guard fails
 * here. */
Test(guard, every_model_call_takes_the_guard) {
  char pattern[512];
  snprintf(pattern, sizeof pattern, "%s/../keras/*.c", NNC_TEST_DATA);
  glob_t files;
  cr_assert_eq(glob(pattern, 0, NULL, &files), 0, "%s", pattern);
  int checked = 0;
  for (size_t i = 0; i < files.gl_pathc; i++) {
    char line[512], name[128] = "";
    const char *path = files.gl_pathv[i];
    FILE *f = fopen(path, "r");
    cr_assert(f, "%s", path);
    bool in_sig = false;
    int want_guard = 0; /* lines of the body left to find it in */
    while (fgets(line, sizeof line, f)) {
      if (want_guard > 0 && (strstr(line, "KERAS_ENTER(m);") || strstr(line, "KERAS_GUARD(m, ")))
        want_guard = 0, checked++;
      else if (want_guard > 0 && --want_guard == 0)
        cr_expect(false, "%s: %s does not open with KERAS_ENTER(m)", path, name);
      const char *p = strstr(line, "nnc_model_");
      if (!in_sig && p && line[0] != ' ' && line[0] != '/' && !strchr(line, ';') &&
          (strstr(line, "(nnc_model *m") || strstr(line, "(const nnc_model *m")) &&
          !strstr(line, "nnc_model_free(") && !strstr(line, "nnc_model_cancel(") &&
          !strstr(line, "nnc_model_stop_training(")) {
        sscanf(p, "%127[a-z_]", name);
        in_sig = true;
      }
      if (in_sig && strchr(line, '{'))
        in_sig = false, want_guard = 3;
    }
    fclose(f);
  }
  globfree(&files);
  cr_expect(checked >= 30, "only %d calls found: has the scan gone wrong?", checked);
}

Test(guard, a_freed_model_is_refused) {
  nnc_model *m = NULL;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_expect_eq(nnc_model_set_seed(m, 1), NNC_OK);
  /* keep the freed block from the allocator, so reading it is defined: the tag is checked */
  test_alloc_quarantine(true);
  nnc_model_free(m);
  cr_expect_eq(nnc_model_set_seed(m, 1), NNC_ERR_ARG);
  cr_expect_str_eq(nnc_last_error(), "nnc_model_set_seed: the model was freed");
  nnc_model_free(m); /* a double free: refused, no abort */
  cr_expect_str_eq(nnc_last_error(), "nnc_model_free: the model was freed");
  test_alloc_quarantine(false);
}
