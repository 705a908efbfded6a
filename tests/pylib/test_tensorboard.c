/* test_tensorboard.c — keras.callbacks.TensorBoard in a model file writes the event files
 * Keras 3 writes: tests/keras/keras3/tensorboard_model.py run by nnc must print and write
 * what Keras printed and wrote (tensorboard_keras.txt: the History, then the files as
 * TensorBoard's reader listed them), listed here by tfevents_reader.h, which checks every
 * record's CRCs. Where Keras's venv is at hand (NNC_KERAS_PYTHON, else /tmp/kv/bin/python,
 * with tensorboard installed) TensorBoard's own reader lists nnc's files too. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"
#include "support_run.h"
#include "tfevents_reader.h"

static PlRan *run(const char *text) {
  static PlRan r;
  return pl_test_run(&r, "m.py", text, strlen(text), (PlRunHow){.in_test_dir = true});
}

static const char *first(const PlRan *r) {
  return r->s.ndiags ? r->s.diags[0].msg : nnc_last_error();
}

/* The listing of log_dir in the test directory (malloc'd). */
static char *listing(const char *log_dir) {
  FILE *out = tmpfile();
  cr_assert(out);
  tfr_list(out, test_path(log_dir));
  rewind(out);
  char *text = test_slurp(out);
  fclose(out);
  return text;
}

TestSuite(pylib_tensorboard, .init = test_dir_make, .fini = test_dir_remove);

/* TensorBoard's own reader on nnc's files, where Keras's venv has it: its listing must be
 * the fixture's (the History lines left out). */
static void tensorboard_reads(const char *want) {
  const char *py = getenv("NNC_KERAS_PYTHON") ? getenv("NNC_KERAS_PYTHON") : "/tmp/kv/bin/python";
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "%s -c 'import tensorboard' 2>/dev/null", py);
  if (access(py, X_OK) != 0 || system(cmd) != 0) {
    cr_log_info("no Python with tensorboard at %s: TensorBoard's reader not run", py);
    return;
  }
  snprintf(cmd, sizeof cmd, "%s %s/keras/keras3/tensorboard_list.py %s 2>/dev/null", py,
           NNC_TEST_DATA, test_path("tb_logs"));
  FILE *p = popen(cmd, "r");
  cr_assert(p);
  char *got = test_slurp(p);
  cr_assert_eq(pclose(p), 0, "%s", cmd);
  cr_expect_str_eq(got, strstr(want, "train file"));
  free(got);
}

Test(pylib_tensorboard, writes_the_events_keras_writes) {
  char *model = test_read_data("keras/keras3/tensorboard_model.py"),
       *want = test_read_data("keras/keras3/tensorboard_keras.txt");
  PlRan *p = run(model);
  cr_assert_eq(p->st, NNC_OK, "%s", first(p));
  char *files = listing("tb_logs"), got[16384];
  snprintf(got, sizeof got, "%s%s", p->out, files);
  cr_expect_str_eq(got, want);
  cr_expect_eq(test_temporaries(), 0);
  tensorboard_reads(want);
  free(files);
  free(model);
  free(want);
}

static const char small[] =
    "import numpy as np\nimport keras\n"
    "x = np.array([[0.1, 0.5], [0.9, 0.2], [0.4, 0.4]], dtype='float32')\n"
    "y = np.array([[0.0], [1.0], [0.0]], dtype='float32')\n"
    "m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation='sigmoid')])\n"
    "m.compile('sgd', 'binary_crossentropy')\n";

static PlRan *fit_with(const char *tensorboard) {
  static char text[4096];
  snprintf(text, sizeof text, "%sh = m.fit(x, y, epochs=2, verbose=0, callbacks=[%s])\n"
           "print(h.history['loss'])\n", small, tensorboard);
  return run(text);
}

/* Without validation data no validation directory; write_graph=False writes no model; with
 * write_steps_per_second each epoch's rate of steps, a positive number. */
Test(pylib_tensorboard, follows_its_arguments) {
  PlRan *p = fit_with("keras.callbacks.TensorBoard('tb', write_graph=False, "
                      "write_steps_per_second=True)");
  cr_assert_eq(p->st, NNC_OK, "%s", first(p));
  char *files = listing("tb");
  cr_expect(!strstr(files, "validation"), "%s", files);
  cr_expect(!strstr(files, " keras "), "%s", files);
  cr_expect(strstr(files, "train 0 epoch_loss scalars b'' DT_FLOAT 0 "), "%s", files);
  cr_expect(strstr(files, "train 1 epoch_learning_rate scalars b'' DT_FLOAT 0 0.01\n"), "%s",
            files);
  const char *sps = strstr(files, "train 1 epoch_steps_per_second scalars b'' DT_FLOAT 0 ");
  cr_assert(sps, "%s", files);
  cr_expect_gt(strtod(sps + strlen("train 1 epoch_steps_per_second scalars b'' DT_FLOAT 0 "),
                      NULL), 0);
  free(files);
}

/* What nnc does not write is refused by its argument's name, before any training. */
Test(pylib_tensorboard, refuses_what_it_does_not_write) {
  static const char *const calls[][2] = {
      {"keras.callbacks.TensorBoard(update_freq='batch')", "update_freq"},
      {"keras.callbacks.TensorBoard(update_freq=10)", "update_freq"},
      {"keras.callbacks.TensorBoard(histogram_freq=1)", "histogram_freq"},
      {"keras.callbacks.TensorBoard(profile_batch=2)", "profile_batch"},
      {"keras.callbacks.TensorBoard(embeddings_freq=1)", "embeddings_freq"},
  };
  for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
    PlRan *p = fit_with(calls[i][0]);
    char want[128];
    snprintf(want, sizeof want, "NotImplementedError: TensorBoard(%s=...)", calls[i][1]);
    cr_expect_neq(p->st, NNC_OK, "%s", calls[i][0]);
    cr_expect(strstr(first(p), want), "%s: %s", calls[i][0], first(p));
  }
  cr_expect(access(test_path("logs"), F_OK) != 0, "a refused fit made its directory");
}

/* A log_dir that cannot be a directory stops fit with the place named. */
Test(pylib_tensorboard, an_unmakeable_log_dir_is_an_error) {
  test_write_text("file", "x");
  PlRan *p = fit_with("keras.callbacks.TensorBoard('file/logs')");
  cr_expect_neq(p->st, NNC_OK);
  cr_expect(strstr(first(p), "TensorBoard: file/logs/train: cannot make the directory 'file': "
                   "something else has that name"), "%s", first(p));
}

/* A vector metric's logs (one value per class) stop fit with tf.summary.scalar's error, as
 * in Keras. */
Test(pylib_tensorboard, a_vector_metric_is_keras_error) {
  static char text[4096];
  snprintf(text, sizeof text, "import numpy as np\nimport keras\n" TEST_TWELVE_SAMPLES
           "m.compile('sgd', 'categorical_crossentropy', metrics=[keras.metrics.F1Score()])\n"
           "m.fit(x, y, epochs=1, verbose=0, callbacks=[keras.callbacks.TensorBoard('tb')])\n");
  PlRan *p = run(text);
  cr_expect_neq(p->st, NNC_OK);
  cr_expect(strstr(first(p), "TensorBoard: logs['f1_score']: Expected scalar shape, "
                   "saw shape: (3,)."), "%s", first(p));
}
