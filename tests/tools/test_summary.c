/* test_summary.c — nnc summary: Keras 3's table and counts for the lecture's model on 784
 * inputs (20,031 parameters), nnc's memory plan, and nothing trained or printed. */
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
  /* Adam keeps m and v for every parameter, and its step count */
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

Test(tools, summary_needs_a_fit) {
  CliRun *r = cli_run("summary MODELS/nofit.nn");
  cr_expect_eq(r->status, 1);
  cr_expect(strstr(r->err, "never calls fit()"), "%s", r->err);
}

Test(tools, summary_of_a_functional_model_has_connections) {
  CliRun *r = cli_run("summary MODELS/branches.nn");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_expect(strncmp(r->out, "Model: \"functional\"\n", 20) == 0, "%s", r->out);
  cr_expect(strstr(r->out, "┃ Layer (type)              ┃ Output Shape       ┃    Param # ┃ Connected to               ┃\n"),
            "%s", r->out);
  cr_expect(strstr(r->out, "│ input_layer (InputLayer)  │ (None, 4)          │          0 │ -                          │\n"),
            "%s", r->out);
  cr_expect(strstr(r->out, "│ smooth (Dense)            │ (None, 8)          │         40 │ input_layer[0][0]          │\n"),
            "%s", r->out);
  cr_expect(strstr(r->out, "│ add (Add)                 │ (None, 8)          │          0 │ dense[0][0], smooth[0][0]  │\n"),
            "%s", r->out);
  cr_expect(strstr(r->out, " Total params: 89 (356.00 B)\n"), "%s", r->out);
  cr_expect(strstr(r->out, "optimizer state               0 bytes"), "plain SGD keeps no state: %s", r->out);
}
