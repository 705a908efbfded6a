/* test_callbacks.c — the built-in callbacks' behaviour beyond what test_keras3.c compares
 * with Keras's files: ModelCheckpoint's path fields, TerminateOnNaN, the epoch-begin hook,
 * the caller's own callbacks among them, and the misuses fit refuses before training. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keras.h"
#include "support.h"

static const char *format(const char *pattern) {
  static char out[256];
  KerasLogs l = {.epoch = 3, .n = 2, .keys = {"loss", "val_loss"}, .values = {0.123456, -2.5}};
  nnc_status s = keras_format_path(pattern, &l, out, sizeof out);
  return s == NNC_OK ? out : nnc_last_error();
}

Test(callbacks, checkpoint_paths_format_as_python_does) {
  /* each expectation is Python's str.format of the same pattern */
  cr_expect_str_eq(format("m-{epoch:02d}-{val_loss:.2f}.keras"), "m-03--2.50.keras");
  cr_expect_str_eq(format("{epoch}/{loss}"), "3/0.123456");
  cr_expect_str_eq(format("{epoch:03}_{loss:.3e}"), "003_1.235e-01");
  cr_expect_str_eq(format("{val_loss:08.3f}|{epoch:4d}|{loss:.1%}"), "-002.500|   3|12.3%");
  cr_expect_str_eq(format("{{epoch}}-{epoch:.2f}"), "{epoch}-3.00");
  cr_expect_str_eq(format("{loss:g}"), "0.123456");
}

Test(callbacks, checkpoint_paths_that_cannot_format_are_refused) {
  cr_expect(strstr(format("{val_accuracy}"), "the logs have no 'val_accuracy'"), "%s",
            format("{val_accuracy}"));
  cr_expect(strstr(format("{loss:d}"), "'d' for the epoch only"), "%s", format("{loss:d}"));
  cr_expect(strstr(format("{epoch:>5}"), "is not one nnc knows"), "%s", format("{epoch:>5}"));
  cr_expect(strstr(format("{epoch"), "'{' without '}'"), "%s", format("{epoch"));
  cr_expect(strstr(format("a}b"), "single '}'"), "%s", format("a}b"));
}

/* y = w·x, one weight, MSE, plain SGD, f64; with nmetrics 1 the mean absolute error too. */
static nnc_model *linear_measured(nnc_optimizer opt, int nmetrics) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 1), NNC_OK);
  nnc_dense_options d = nnc_dense(1, NNC_ACT_LINEAR);
  d.use_bias = 0;
  d.kernel_initializer = NNC_INIT_ONES;
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  c.optimizer = opt;
  c.dtype = NNC_F64;
  c.nmetrics = nmetrics;
  c.metrics[0] = NNC_METRIC_MEAN_ABSOLUTE_ERROR;
  c.metric_keys[0] = "mae";
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  return m;
}

static nnc_model *linear(nnc_optimizer opt) {
  return linear_measured(opt, 0);
}

static nnc_tensor *column(int64_t n, double v) {
  int64_t s[2] = {n, 1};
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_new(NNC_F64, 2, s, &t), NNC_OK);
  for (int64_t i = 0; i < n; i++)
    ((double *)t->data)[i] = v;
  return t;
}

static int epochs_seen(const nnc_epoch_log *log, void *user) {
  ((double *)user)[log->epoch] = log->loss;
  return 0;
}

Test(callbacks, terminate_on_nan_ends_fit_cleanly_with_the_last_good_weights,
     .init = cr_redirect_stderr) {
  nnc_model *m = linear(nnc_sgd());
  nnc_tensor *x = column(6, 0.5), *y = column(6, 0);
  ((double *)x->data)[5] = 1e300; /* the second batch's loss overflows to Inf */
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 3, f.batch_size = 4, f.shuffle = 0, f.verbose = 0;
  f.terminate_on_nan = 1;
  double loss[4] = {0, 0, 0, 0};
  f.on_epoch = epochs_seen;
  f.user = loss;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_epoch(m), 1, "the epoch ends, and training with it");
  cr_assert(isinf(loss[1]), "the epoch's callbacks see the bad loss: %g", loss[1]);
  cr_assert_float_eq(*(double *)nnc_model_kernel(m, 0)->data, 0.995, 1e-15, "step 1's update");
  cr_assert_eq(nnc_model_iterations(m), 1);
  fflush(stderr);
  cr_assert_stderr_eq_str("Batch 1: Invalid loss, terminating training\n");
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

/* A callback of one's own: sets the rate before each epoch, and stops before the third. */
static int before_epoch(int epoch, void *user) {
  nnc_model *m = user;
  cr_assert_eq(nnc_model_set_learning_rate(m, 0.1 * epoch), NNC_OK);
  return epoch == 3;
}

static int rate_seen(const nnc_epoch_log *log, void *user) {
  nnc_model *m = user;
  cr_assert_float_eq(log->learning_rate, 0.1 * log->epoch, 1e-15);
  cr_assert_float_eq(nnc_model_learning_rate(m), 0.1 * log->epoch, 1e-15);
  return 0;
}

Test(callbacks, on_epoch_begin_sets_the_rate_and_can_stop) {
  nnc_model *m = linear(nnc_sgd());
  nnc_tensor *x = column(2, 1), *y = column(2, 0);
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 5, f.batch_size = 2, f.verbose = 0;
  f.on_epoch_begin = before_epoch;
  f.on_epoch = rate_seen;
  f.user = m;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_epoch(m), 2);
  /* w = 1, loss w², gradient 2w: w·(1 − 0.2)·(1 − 0.4) */
  cr_assert_float_eq(*(double *)nnc_model_kernel(m, 0)->data, 0.8 * 0.6, 1e-15);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

static double nine_tenths(int epoch, double lr, void *user) {
  (void)epoch, (void)user;
  return lr * 0.9;
}

static int keep_rate(const nnc_epoch_log *log, void *user) {
  ((double *)user)[log->epoch - 1] = log->learning_rate;
  return 0;
}

/* The logs' learning_rate is the one written last: ReduceLROnPlateau (before it halves the
 * rate, which it does from the second epoch on) and LearningRateScheduler (the rate then)
 * each write it in callback_order; Keras's fit of the same list logs the same. */
Test(callbacks, the_rate_logged_follows_callback_order) {
  static const nnc_callback orders[2][2] = {
      {NNC_CALLBACK_REDUCE_LR_ON_PLATEAU, NNC_CALLBACK_LEARNING_RATE_SCHEDULER},
      {NNC_CALLBACK_LEARNING_RATE_SCHEDULER, NNC_CALLBACK_REDUCE_LR_ON_PLATEAU}};
  static const double want[2][3] = {{0.09, 0.0405, 0.018225}, {0.09, 0.081, 0.03645}};
  nnc_tensor *x = column(2, 1), *y = column(2, 0);
  for (int k = 0; k < 2; k++) {
    nnc_model *m = linear(nnc_sgd());
    cr_assert_eq(nnc_model_set_learning_rate(m, 0.1), NNC_OK);
    double seen[3];
    nnc_fit_options f = nnc_fit_defaults();
    f.epochs = 3, f.verbose = 0, f.on_epoch = keep_rate, f.user = seen;
    f.reduce_lr_on_plateau = nnc_reduce_lr_on_plateau_defaults();
    f.reduce_lr_on_plateau.monitor = NNC_MONITOR_LOSS;
    f.reduce_lr_on_plateau.factor = 0.5, f.reduce_lr_on_plateau.patience = 0;
    f.reduce_lr_on_plateau.min_delta = 10;
    f.lr_scheduler.schedule = nine_tenths;
    f.callback_order = orders[k], f.ncallback_order = 2;
    cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
    for (int e = 0; e < 3; e++)
      cr_assert_float_eq(seen[e], want[k][e], 1e-12, "order %d epoch %d: %g", k, e, seen[e]);
    nnc_model_free(m);
  }
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

typedef struct {
  char seen[4][3][160];          /* [epoch][slot]: the keys and values the slot read */
} Slots;

/* Slot k writes what it reads; slot 1 sets a score of its own (2, 3, 1 over the epochs)
 * and the loss to 7. */
static int slot(int k, int epoch, nnc_logs *l, void *user) {
  char *b = ((Slots *)user)->seen[epoch - 1][k];
  for (int i = 0; i < nnc_logs_count(l); i++) {
    const double *v;
    cr_assert_eq(nnc_logs_values(l, i, &v), 1);
    snprintf(b + strlen(b), 160 - strlen(b), "%s%s=%g", i ? " " : "", nnc_logs_key(l, i), *v);
  }
  if (k == 1) {
    cr_assert_eq(nnc_logs_set(l, "score", epoch == 2 ? 3 : epoch == 1 ? 2 : 1), NNC_OK);
    cr_assert_eq(nnc_logs_set(l, "loss", 7), NNC_OK);
    cr_assert_eq(nnc_logs_set(l, "", 7), NNC_ERR_ARG);
  }
  return NNC_FIT_CONTINUE;
}

/* NNC_CALLBACK_USER entries run at their place, as Keras runs a user's callbacks in the
 * list: the first before ReduceLROnPlateau has written learning_rate, the second after (the
 * rate before it lowers it, from the second epoch on), and what the second sets is what
 * EarlyStopping after it monitors (a score that stops improving at the third epoch) and the
 * third reads. */
Test(callbacks, users_callbacks_run_at_their_place_and_share_the_logs) {
  static const nnc_callback order[] = {
      NNC_CALLBACK_USER, NNC_CALLBACK_REDUCE_LR_ON_PLATEAU, NNC_CALLBACK_USER,
      NNC_CALLBACK_EARLY_STOPPING, NNC_CALLBACK_USER};
  nnc_tensor *x = column(2, 1), *y = column(2, 0);
  nnc_model *m = linear(nnc_sgd());
  cr_assert_eq(nnc_model_set_learning_rate(m, 0.5), NNC_OK);
  Slots seen = {0};
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 4, f.verbose = 0, f.on_user_callback = slot, f.user = &seen;
  f.reduce_lr_on_plateau = nnc_reduce_lr_on_plateau_defaults();
  f.reduce_lr_on_plateau.monitor = NNC_MONITOR_LOSS;
  f.reduce_lr_on_plateau.factor = 0.5, f.reduce_lr_on_plateau.patience = 0;
  f.reduce_lr_on_plateau.min_delta = 10;
  f.early_stopping = nnc_early_stopping_defaults();
  f.early_stopping_monitor = "score";
  f.early_stopping.mode = NNC_MODE_MAX;
  f.callback_order = order, f.ncallback_order = 5;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_expect_eq(nnc_model_epoch(m), 3, "EarlyStopping read the score");
  static const double rate[3] = {0.5, 0.5, 0.25}, score[3] = {2, 3, 1};
  for (int e = 0; e < 3; e++) {
    char want[3][160];
    const char *got0 = seen.seen[e][0];
    cr_assert(strncmp(got0, "loss=", 5) == 0 && !strchr(got0, ' '), "%s", got0);
    snprintf(want[1], sizeof want[1], "learning_rate=%g %s", rate[e], got0);
    snprintf(want[2], sizeof want[2], "learning_rate=%g loss=7 score=%g", rate[e], score[e]);
    cr_expect_str_eq(seen.seen[e][1], want[1]);
    cr_expect_str_eq(seen.seen[e][2], want[2]);
  }
  cr_expect_str_eq(seen.seen[3][0], "", "no fourth epoch");
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

static double nan_rate(int epoch, double lr, void *user) {
  (void)epoch, (void)lr, (void)user;
  return NAN;
}

Test(callbacks, misuses_are_refused_before_training) {
  nnc_lr_schedule sched = nnc_schedule_defaults(NNC_SCHEDULE_EXPONENTIAL_DECAY);
  sched.initial_learning_rate = 0.1, sched.decay_steps = 1, sched.decay_rate = 0.5;
  nnc_optimizer o = nnc_sgd();
  o.learning_rate_schedule = &sched;
  nnc_model *m = linear(o);
  nnc_tensor *x = column(2, 1), *y = column(2, 0);
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  f.reduce_lr_on_plateau = nnc_reduce_lr_on_plateau_defaults();
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "ReduceLROnPlateau sets the learning rate, but the "
                   "optimizer was compiled with a schedule (ExponentialDecay)"), "%s",
            nnc_last_error());
  f.reduce_lr_on_plateau.enabled = 0;
  f.model_checkpoint = nnc_model_checkpoint_defaults("/tmp/nnc-{val_loss:.2f}.safetensors");
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "the logs have no 'val_loss'"), "%s", nnc_last_error());
  cr_assert_eq(nnc_model_epoch(m), 0, "nothing trained");
  nnc_model_free(m);

  m = linear(nnc_sgd());
  f = nnc_fit_defaults();
  f.verbose = 0;
  f.reduce_lr_on_plateau = nnc_reduce_lr_on_plateau_defaults();
  f.reduce_lr_on_plateau.factor = 1.0;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "factor >= 1.0"), "%s", nnc_last_error());
  f.reduce_lr_on_plateau.enabled = 0;
  f.lr_scheduler.schedule = nan_rate;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "the schedule gave nan for epoch 0"), "%s", nnc_last_error());
  f.lr_scheduler.schedule = NULL;
  nnc_callback twice[2] = {NNC_CALLBACK_CSV_LOGGER, NNC_CALLBACK_CSV_LOGGER};
  f.callback_order = twice, f.ncallback_order = 2;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "callback_order: CSVLogger is given twice"), "%s",
            nnc_last_error());
  /* TensorBoard's row comes after USER in nnc_callback, and is a callback all the same */
  twice[0] = twice[1] = NNC_CALLBACK_TENSORBOARD;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "callback_order: TensorBoard is given twice"), "%s",
            nnc_last_error());
  twice[1] = (nnc_callback)(NNC_CALLBACK_TENSORBOARD + 1);
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "is not an nnc_callback"), "%s", nnc_last_error());
  f.ncallback_order = 0;
  f.steps_per_epoch = -1;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG);
  f.steps_per_epoch = 0;
  f.csv_logger.filename = "/nonexistent-dir/log.csv";
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_IO);
  cr_assert(strstr(nnc_last_error(), "CSVLogger: /nonexistent-dir/log.csv: cannot write"), "%s",
            nnc_last_error());
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

/* CSVLogger writes through the safe writer: a fit that fails before its first row leaves the
 * old file as it was and no temporary; append starts from the old rows, without a header. */
Test(callbacks, csv_logger_replaces_its_file_whole_and_appends_to_it,
     .init = test_dir_make, .fini = test_dir_remove) {
  nnc_model *m = linear(nnc_sgd());
  nnc_tensor *x = column(2, 1), *y = column(2, 0);
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  f.epochs = 2;
  f.csv_logger.filename = test_write_text("log.csv", "epoch,loss\r\n0,1\r\n");
  f.lr_scheduler.schedule = nan_rate; /* fails at the first epoch's start */
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG);
  cr_assert_str_eq(test_read_text("log.csv"), "epoch,loss\r\n0,1\r\n");
  cr_assert_eq(test_temporaries(), 0);
  f.lr_scheduler.schedule = NULL;
  f.csv_logger.append = 1;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  const char *text = test_read_text("log.csv");
  const char *kept = "epoch,loss\r\n0,1\r\n0,";
  cr_assert(strncmp(text, kept, strlen(kept)) == 0, "%s", text);
  cr_assert_eq(strstr(text + 1, "epoch"), NULL, "no second header: %s", text);
  cr_assert_neq(strstr(text, "\r\n1,"), NULL, "%s", text);
  f.csv_logger.append = 0;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  const char *fresh = "epoch,loss,val_loss\r\n0,";
  cr_assert(strncmp(test_read_text("log.csv"), fresh, strlen(fresh)) == 0, "%s",
            test_read_text("log.csv"));
  cr_assert_eq(test_temporaries(), 0);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

/* Keras's logs hold every compiled metric, so its CSVLogger has a column for each (and a
 * val_ one) and ModelCheckpoint's path can name them. w = 1, x = 1, y = 0: the first epoch's
 * loss and mean absolute error are both 1, measured before the step. */
Test(callbacks, csv_logger_and_checkpoint_paths_see_every_metric,
     .init = test_dir_make, .fini = test_dir_remove) {
  nnc_model *m = linear_measured(nnc_sgd(), 1);
  nnc_tensor *x = column(4, 1), *y = column(4, 0);
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  f.shuffle = 0;
  f.validation_split = 0.5;
  f.csv_logger.filename = test_path("log.csv");
  char pattern[256];
  snprintf(pattern, sizeof pattern, "%s", test_path("m-{epoch}-{val_mae:.1f}.weights.h5"));
  f.model_checkpoint = nnc_model_checkpoint_defaults(pattern);
  f.model_checkpoint.save_weights_only = 1;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  const char *want = "epoch,loss,mae,val_loss,val_mae\r\n0,1.0,1.0,";
  const char *text = test_read_text("log.csv");
  cr_assert(strncmp(text, want, strlen(want)) == 0, "%s", text);
  cr_assert_null(strstr(text, "NA"), "%s", text);
  FILE *saved = fopen(test_path("m-1-1.0.weights.h5"), "rb");
  cr_assert_not_null(saved, "the checkpoint's path names val_mae");
  fclose(saved);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

/* The callbacks monitor any log key, mode auto taking the metric's way as Keras 3 does: mae
 * falls each epoch (w = 1, x = 1, y = 0: w shrinks by 2·lr·w), so with auto (min) nothing
 * triggers, and with max the plateau is at once. A key the logs lack warns listing every
 * key; a key that names no metric is Keras's ValueError after the first epoch. */
Test(callbacks, monitor_any_logged_key_in_its_metrics_way, .init = cr_redirect_stderr) {
  nnc_model *m = linear_measured(nnc_sgd(), 1);
  nnc_tensor *x = column(4, 1), *y = column(4, 0);
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0, f.epochs = 3;
  f.early_stopping = nnc_early_stopping_defaults();
  f.early_stopping.patience = 1;
  f.early_stopping_monitor = "mae";
  f.reduce_lr_on_plateau = nnc_reduce_lr_on_plateau_defaults();
  f.reduce_lr_on_plateau.factor = 0.5, f.reduce_lr_on_plateau.patience = 1;
  f.reduce_lr_monitor = "mae";
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_epoch(m), 3, "mae fell every epoch");
  cr_assert_float_eq(nnc_model_learning_rate(m), 0.01, 1e-12);
  f.early_stopping.mode = f.reduce_lr_on_plateau.mode = NNC_MODE_MAX;
  f.initial_epoch = 3, f.epochs = 6;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_epoch(m), 5, "stopped at the second epoch without a rise");
  cr_assert_float_eq(nnc_model_learning_rate(m), 0.005, 1e-9, "halved once");

  f = nnc_fit_defaults();
  f.verbose = 0, f.epochs = 2;
  f.early_stopping = nnc_early_stopping_defaults();
  f.early_stopping.mode = NNC_MODE_MIN;
  f.early_stopping_monitor = "val_mae"; /* no validation data */
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  f.early_stopping.mode = NNC_MODE_AUTO;
  f.early_stopping_monitor = "w";
  f.initial_epoch = nnc_model_epoch(m), f.epochs = f.initial_epoch + 3;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_ERR_ARG);
  cr_assert_str_eq(nnc_last_error(), "EarlyStopping callback received monitor=w, but Keras "
                   "isn't able to automatically determine whether that metric should be "
                   "maximized or minimized. Pass `mode='max'` in order to monitor based on "
                   "the highest metric value, or pass `mode='min'` in order to use the lowest "
                   "value.");
  cr_assert_eq(nnc_model_epoch(m), f.initial_epoch + 1, "raised at the first epoch's end");
  fflush(stderr);
  cr_assert_stderr_eq_str("UserWarning: Early stopping conditioned on metric `val_mae` which "
                          "is not available. Available metrics are: loss,mae\n");
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
}

/* save_weights_only = 0 writes the whole training state: a checkpoint that resumes. */
Test(callbacks, model_checkpoint_writes_a_checkpoint_and_makes_its_directory) {
  nnc_model *m = linear(nnc_adam());
  nnc_tensor *x = column(4, 1), *y = column(4, 0);
  char dir[] = "/tmp/nnc_ckpt_XXXXXX", pattern[128], path[128];
  cr_assert(mkdtemp(dir));
  snprintf(pattern, sizeof pattern, "%s/sub/e{epoch}.safetensors", dir);
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 2, f.verbose = 0;
  f.model_checkpoint = nnc_model_checkpoint_defaults(pattern);
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  nnc_model *r = linear(nnc_adam());
  snprintf(path, sizeof path, "%s/sub/e2.safetensors", dir);
  cr_assert_eq(nnc_model_load_checkpoint(r, path), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_epoch(r), 2);
  cr_assert_eq(nnc_model_iterations(r), 2);
  cr_assert_float_eq(*(double *)nnc_model_kernel(r, 0)->data,
                     *(double *)nnc_model_kernel(m, 0)->data, 0);
  char cmd[160];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  cr_assert_eq(system(cmd), 0);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
  nnc_model_free(r);
}
