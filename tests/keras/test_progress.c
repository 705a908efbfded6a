/* test_progress.c — Keras's progress display: the bar redrawn in place on a terminal, one
 * line per epoch elsewhere, Keras's number and time formats. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "keras.h"

static char text[8192];

static void take(FILE *f) {
  rewind(f);
  text[fread(text, 1, sizeof text - 1, f)] = '\0';
  fclose(f);
}

/* The metrics in compile's order: the line sorts them with the loss, as Keras's logs. */
static const char *const keys[] = {"mae", "accuracy"};
static const double vals[] = {0.25, 0.9912}, val_vals[] = {0.125, 0.995};

static nnc_batch_log batch(int64_t step, double seconds) {
  nnc_batch_log b = {3, 100, step, 54, 0.0312, 0.9912, seconds, 2, keys, vals, NULL, NULL};
  return b;
}

Test(runtime, progress_on_a_terminal_draws_keras_bar) {
  FILE *f = tmpfile();
  Progress p;
  keras_progress_init(&p, f, true);
  nnc_batch_log b = batch(1, 0.001);
  keras_progress_batch(&p, &b);
  b = batch(27, 0.027);
  keras_progress_batch(&p, &b);            /* within 50 ms of the last draw: skipped */
  b = batch(54, 0.054);
  keras_progress_batch(&p, &b);
  nnc_epoch_log e = {3, 0.0312, 0.9912, NAN, NAN, 0.054, NAN, 2, keys, vals,
                     (double[]){NAN, NAN}, NULL, NULL, NULL};
  keras_progress_epoch(&p, &e, 100);
  take(f);
  cr_expect(strncmp(text, "Epoch 3/100\n\r 1/54 ", 19) == 0, "%s", text);
  cr_expect(!strstr(text, "27/54"), "a redraw within 50 ms: %s", text);
  const char *last = strrchr(text, '\r');
  cr_assert(last);
  const char *want = "\r54/54 \x1b[1m━━━━━━━━━━━━━━━━━━━━\x1b[0m\x1b[2m\x1b[0m 0s 1ms/step - "
                     "accuracy: 0.9912 - loss: 0.0312 - mae: 0.2500\x1b[K\n";
  cr_expect_str_eq(last, want);
}

Test(runtime, progress_elsewhere_is_one_line_per_epoch) {
  FILE *f = tmpfile();
  Progress p;
  keras_progress_init(&p, f, false);
  for (int64_t s = 1; s <= 54; s++) {
    nnc_batch_log b = batch(s, 0.1 * (double)s);
    keras_progress_batch(&p, &b);
  }
  nnc_epoch_log e = {3, 0.0312, 0.9912, 0.0004, 0.995, 65.4, NAN, 2, keys, vals, val_vals, NULL, NULL, NULL};
  keras_progress_epoch(&p, &e, 100);
  take(f);
  cr_expect_str_eq(text, "Epoch 3/100\n54/54 - 1:05 - 1s/step - accuracy: 0.9912 - loss: 0.0312 - "
                         "mae: 0.2500 - val_accuracy: 0.9950 - val_loss: 4.0000e-04 - "
                         "val_mae: 0.1250\n");
}

Test(runtime, progress_leaves_out_what_was_not_measured) {
  FILE *f = tmpfile();
  Progress p;
  keras_progress_init(&p, f, false);
  nnc_batch_log b = {1, 1, 1, 1, 0.5, NAN, 0.00002, 0, NULL, NULL, NULL, NULL};
  keras_progress_batch(&p, &b);
  nnc_epoch_log e = {1, 0.5, NAN, NAN, NAN, 0.00002, NAN, 0, NULL, NULL, NULL, NULL, NULL, NULL};
  keras_progress_epoch(&p, &e, 1);
  take(f);
  cr_expect_str_eq(text, "1/1 - 0s - 20us/step - loss: 0.5000\n"); /* one epoch: no line */
}

Test(runtime, evaluate_and_predict_end_with_one_finished_line) {
  FILE *f = tmpfile();
  keras_progress_total(f, true, 6, 0.012, 0.0312, 2, keys, vals);
  keras_progress_total(f, false, 6, 0.012, 0.0312, 2, keys, vals);
  keras_progress_total(f, false, 1, 0.04, NAN, 0, NULL, NULL);   /* predict: no values */
  take(f);
  cr_expect_str_eq(text, "6/6 \x1b[1m━━━━━━━━━━━━━━━━━━━━\x1b[0m\x1b[2m\x1b[0m 0s 2ms/step - "
                         "accuracy: 0.9912 - loss: 0.0312 - mae: 0.2500\n"
                         "6/6 - 0s - 2ms/step - accuracy: 0.9912 - loss: 0.0312 - mae: 0.2500\n"
                         "1/1 - 0s - 40ms/step\n");
}
