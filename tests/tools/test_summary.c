/* test_summary.c — nnc summary: Keras 3's table and counts (as Keras 3 prints them for the
 * same model) for the lecture's model on 784 inputs (20,031 parameters), for functional
 * models, and for files without fit() (built or unbuilt as their input size is known), then
 * nnc's memory plan; nothing trained or printed. */
#include "cli_run.h"

TestSuite(tools, .init = cli_setup, .fini = cli_teardown);

Test(tools, summary_of_the_lecture_model) {
  CliRun *r = cli_run("summary MODELS/lecture.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  const char *want =
      "Model: \"sequential\"\n"
      "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓\n"
      "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃\n"
      "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩\n"
      "│ dense (Dense)                   │ (None, 25)             │        19,625 │\n"
      "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
      "│ dense_1 (Dense)                 │ (None, 15)             │           390 │\n"
      "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
      "│ dense_2 (Dense)                 │ (None, 1)              │            16 │\n"
      "└─────────────────────────────────┴────────────────────────┴───────────────┘\n"
      " Total params: 20,031 (78.25 KB)\n"
      " Trainable params: 20,031 (78.25 KB)\n"
      " Non-trainable params: 0 (0.00 B)\n";
  cr_expect(strncmp(r->out, want, strlen(want)) == 0, "got:\n%s", r->out);
  cr_expect(strstr(r->out, "Memory plan of the training step (batch 8, f32)"), "%s", r->out);
  cr_expect(strstr(r->out, "parameters               80,124 bytes (78.25 KB)"), "%s", r->out);
  /* Adam keeps m and v for every parameter, its step count and its learning rate */
  cr_expect(strstr(r->out, "optimizer state         160,256 bytes (156.50 KB)"), "%s", r->out);
  long scratch = 0;
  const char *s = strstr(r->out, "scratch");
  cr_assert(s);
  char digits[32] = "";
  for (const char *p = s + 7; *p && *p != 'b'; p++)
    if (*p >= '0' && *p <= '9')
      strncat(digits, p, 1);
  scratch = atol(digits);
  cr_expect(scratch > 8 * 25 * 4 && scratch < 10 * 1000 * 1000, "scratch %ld", scratch);
  cr_expect(!strstr(r->err, "Epoch"), "summary trained: %s", r->err);
}

Test(tools, summary_uses_the_fit_batch_and_silences_print) {
  CliRun *r = cli_run("summary MODELS/small.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_expect(strstr(r->out, "(batch 16, f32)"), "%s", r->out);
  cr_expect(strstr(r->out, " Total params: 49 (196.00 B)\n"), "%s", r->out);
  cr_expect(!strstr(r->out, "done"), "print() ran: %s", r->out);
}

/* Keras 3's own summary of the same model (tests/keras/golden/summary/make_goldens.py). */
static const char *keras(const char *name) {
  static char buf[8192];
  char path[512];
  snprintf(path, sizeof path, "%s/keras/golden/summary/%s.txt", NNC_TEST_DATA, name);
  cli_slurp(path, buf, sizeof buf);
  return buf;
}

/* out starts with Keras's text, and what follows starts with `then`. */
static void expect_keras_then(const CliRun *r, const char *golden, const char *then) {
  const char *want = keras(golden);
  size_t n = strlen(want);
  cr_expect(n > 0 && strncmp(r->out, want, n) == 0, "%s: got\n%s\nwant\n%s", golden, r->out, want);
  cr_expect(strncmp(r->out + (strlen(r->out) >= n ? n : 0), then, strlen(then)) == 0, "%s: got\n%s",
            golden, r->out);
}

Test(tools, summary_without_fit_or_input_is_keras_s_unbuilt_model) {
  CliRun *r = cli_run("summary MODELS/nofit.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  expect_keras_then(r, "tools_nofit", " Memory plan: not known before fit() gives the input size");
}

Test(tools, summary_without_fit_takes_the_input_size_from_input) {
  CliRun *r = cli_run("summary MODELS/nofit_input.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  expect_keras_then(r, "sequential", " Memory plan of the training step (batch 32, f32):\n");
  cr_expect(strstr(r->out, "optimizer state         160,256 bytes (156.50 KB)"), "%s", r->out);
}

Test(tools, summary_without_fit_takes_the_input_size_from_input_shape) {
  CliRun *r = cli_run("summary MODELS/nofit_input_shape.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  expect_keras_then(r, "tools_nofit_input_shape", " Memory plan of the training step (batch 32, f32):\n");
}

Test(tools, summary_without_fit_takes_the_input_size_from_input_dim) {
  CliRun *r = cli_run("summary MODELS/nofit_input_dim.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  expect_keras_then(r, "tools_nofit_input_dim", " Memory plan: none, the model is never compiled\n");
}

Test(tools, summary_needs_a_model) {
  CliRun *r = cli_run("summary MODELS/nomodel.nn");
  cr_expect_eq(r->status, 1);
  cr_expect(strstr(r->err, "makes no model to summarize"), "%s", r->err);
}

Test(tools, summary_of_a_functional_model_has_connections) {
  CliRun *r = cli_run("summary MODELS/branches.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  expect_keras_then(r, "tools_branches", " Memory plan of the training step (batch 8, f32):\n");
  cr_expect(strstr(r->out, "optimizer state               4 bytes"), "plain SGD keeps its rate alone: %s", r->out);
}
