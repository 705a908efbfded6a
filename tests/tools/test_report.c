/* test_report.c — nnc run's --log CSV (columns for what was measured, one row per epoch)
 * and --plot SVG (well-formed, one series per quantity). */
#include "cli_run.h"

#include <math.h>
#include <sys/stat.h>

#include "formats.h"

TestSuite(tools, .init = cli_setup, .fini = cli_teardown);

static int lines(const char *s) {
  return cli_count(s, "\n");
}

Test(tools, log_has_every_column_with_metrics_and_validation) {
  CliRun *r = cli_run("run MODELS/small.nn --log l.csv");
  cr_assert_eq(r->status, 0, "%s", r->err);
  const char *csv = cli_file("l.csv");
  cr_expect(strncmp(csv, "epoch,loss,accuracy,val_loss,val_accuracy,seconds\n", 50) == 0, "%s", csv);
  cr_expect_eq(lines(csv), 4, "%s", csv);
  int e;
  double loss, acc, vloss, vacc, secs;
  const char *row3 = strstr(csv, "\n3,");
  cr_assert(row3, "%s", csv);
  cr_expect_eq(sscanf(row3 + 1, "%d,%lf,%lf,%lf,%lf,%lf", &e, &loss, &acc, &vloss, &vacc, &secs), 6);
  cr_expect(loss > 0 && acc >= 0 && acc <= 1 && vloss > 0 && vacc >= 0 && vacc <= 1 && secs >= 0);
}

Test(tools, log_has_only_what_was_measured) {
  CliRun *r = cli_run("run MODELS/plain.nn --log=l.csv");
  cr_assert_eq(r->status, 0, "%s", r->err);
  const char *csv = cli_file("l.csv");
  cr_expect(strncmp(csv, "epoch,loss,seconds\n1,", 21) == 0, "%s", csv);
  cr_expect_eq(lines(csv), 5, "%s", csv);
}

Test(tools, log_stops_with_early_stopping) {
  CliRun *r = cli_run("run MODELS/early.nn --log l.csv");
  cr_assert_eq(r->status, 0, "%s", r->err);
  int rows = lines(cli_file("l.csv")) - 1;
  cr_expect(rows >= 3 && rows <= 4, "%d rows", rows);
}

Test(tools, log_that_cannot_be_written_exits_1_before_training) {
  CliRun *r = cli_run("run MODELS/small.nn --log no/such/dir/l.csv");
  cr_expect_eq(r->status, 1);
  cr_expect(strstr(r->err, "no/such/dir/l.csv"), "%s", r->err);
  cr_expect_str_eq(r->out, "");
}

/* Tags open and close in order; attributes are quoted. */
static bool well_formed(const char *s) {
  const char *stack[64];
  size_t lens[64];
  int depth = 0;
  for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<')) {
    const char *end = strchr(p, '>');
    if (!end)
      return false;
    if (p[1] == '?' || p[1] == '!')
      continue;
    int quotes = 0;
    for (const char *q = p; q < end; q++)
      quotes += *q == '"';
    if (quotes % 2)
      return false;
    if (p[1] == '/') {
      size_t n = strcspn(p + 2, " >");
      if (depth == 0 || lens[depth - 1] != n || strncmp(stack[depth - 1], p + 2, n) != 0)
        return false;
      depth--;
    } else if (end[-1] != '/') {
      if (depth == 64)
        return false;
      stack[depth] = p + 1;
      lens[depth++] = strcspn(p + 1, " >");
    }
  }
  return depth == 0;
}

Test(tools, plot_is_a_well_formed_svg_with_each_series) {
  CliRun *r = cli_run("run MODELS/small.nn --plot p.svg");
  cr_assert_eq(r->status, 0, "%s", r->err);
  const char *svg = cli_file("p.svg");
  cr_expect(strncmp(svg, "<?xml", 5) == 0);
  cr_expect(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
  cr_expect(well_formed(svg), "%s", svg);
  const char *series[] = {"\"loss\"", "\"val_loss\"", "\"accuracy\"", "\"val_accuracy\""};
  for (int i = 0; i < 4; i++) {
    char want[64];
    snprintf(want, sizeof want, "data-name=%s", series[i]);
    cr_expect_eq(cli_count(svg, want), 1, "series %s", series[i]);
  }
  /* three epochs: three points in the loss line */
  const char *pts = strstr(strstr(svg, "data-name=\"loss\""), "points=\"");
  cr_assert(pts);
  char line[512];
  snprintf(line, sizeof line, "%.*s", (int)strcspn(pts + 8, "\""), pts + 8);
  cr_expect_eq(cli_count(line, ","), 3, "%s", line);
}

Test(tools, plot_without_metrics_has_only_the_loss) {
  CliRun *r = cli_run("run MODELS/plain.nn --plot p.svg");
  cr_assert_eq(r->status, 0, "%s", r->err);
  const char *svg = cli_file("p.svg");
  cr_expect(well_formed(svg));
  cr_expect_eq(cli_count(svg, "class=\"series\""), 1);
  cr_expect(!strstr(svg, "accuracy"));
}

/* ---- outputs never destroy what the run reads or what the user had ---- */

static const char *const small_nn =
    "from tensorflow.keras import Sequential\n"
    "from tensorflow.keras.layers import Dense\n"
    "X = load('x.csv')\n"
    "Y = load('y.csv')\n"
    "model = Sequential([Dense(4, activation='tanh'), Dense(1, activation='sigmoid')])\n"
    "model.compile(loss='binary_crossentropy', metrics=['accuracy'])\n"
    "model.fit(X, Y, epochs=2, validation_split=0.25)\n";

Test(tools, an_output_over_the_model_file_is_refused_and_the_file_kept) {
  cli_write("m.nn", small_nn);
  const char *opts[] = {"--log m.nn", "--plot m.nn", "--log ./m.nn", "--plot=m.nn --log l.csv"};
  for (size_t i = 0; i < sizeof opts / sizeof *opts; i++) {
    char args[128];
    snprintf(args, sizeof args, "run m.nn %s", opts[i]);
    CliRun *r = cli_run(args);
    cr_expect_eq(r->status, 2, "%s: %s", opts[i], r->err);
    cr_expect(strstr(r->err, "is the model file"), "%s: %s", opts[i], r->err);
    cr_assert_str_eq(cli_file("m.nn"), small_nn, "%s", opts[i]);
  }
}

Test(tools, an_output_over_a_data_file_is_refused_and_the_data_kept) {
  cli_write("m.nn", small_nn);
  char x[1 << 14];
  snprintf(x, sizeof x, "%s", cli_file("x.csv"));
  CliRun *r = cli_run("run m.nn -D X=x.csv --log x.csv");
  cr_expect_eq(r->status, 2, "%s", r->err);
  cr_expect(strstr(r->err, "-D X"), "%s", r->err);
  r = cli_run("run m.nn --plot y.csv");      /* read by load(), not named by -D */
  cr_expect_eq(r->status, 1, "%s", r->err);
  cr_expect(strstr(r->err, "--plot y.csv is a file this run reads"), "%s", r->err);
  r = cli_run("run m.nn --log x.csv");
  cr_expect_eq(r->status, 1, "%s", r->err);
  cr_assert_str_eq(cli_file("x.csv"), x, "the data is untouched");
  cr_expect(cli_file("y.csv")[0] != '<', "no plot was written over y.csv");
  char cmd[600];
  snprintf(cmd, sizeof cmd, "cd '%s' && ln -s x.csv link.csv", cli_dir);
  cr_assert_eq(system(cmd), 0);
  r = cli_run("run m.nn --log link.csv");    /* an input under another name */
  cr_expect_eq(r->status, 1, "%s", r->err);
  cr_assert_str_eq(cli_file("x.csv"), x, "the data is untouched");
}

Test(tools, log_and_plot_of_one_name_are_refused) {
  CliRun *r = cli_run("run MODELS/small.nn --log o.txt --plot o.txt");
  cr_expect_eq(r->status, 2, "%s", r->err);
  cr_expect(strstr(r->err, "both name o.txt"), "%s", r->err);
}

Test(tools, a_run_that_fails_before_fit_leaves_old_outputs_as_they_were) {
  cli_write("l.csv", "an old log\n");
  cli_write("p.svg", "an old plot\n");
  CliRun *r = cli_run("run MODELS/small.nn -D X=absent.csv --log l.csv --plot p.svg");
  cr_expect_eq(r->status, 1, "%s", r->err);
  cr_expect(strstr(r->err, "absent.csv"), "%s", r->err);
  cr_expect_str_eq(cli_file("l.csv"), "an old log\n");
  cr_expect_str_eq(cli_file("p.svg"), "an old plot\n");
}

Test(tools, the_log_is_written_through_a_symlink_which_stays) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "cd '%s' && mkdir runs && ln -s runs/today.csv l.csv && "
           "ln -s runs/p.svg p.svg", cli_dir);
  cr_assert_eq(system(cmd), 0);
  CliRun *r = cli_run("run MODELS/small.nn --log l.csv --plot p.svg");
  cr_assert_eq(r->status, 0, "%s", r->err);
  struct stat st;
  snprintf(cmd, sizeof cmd, "%s/l.csv", cli_dir);
  cr_assert_eq(lstat(cmd, &st), 0);
  cr_expect(S_ISLNK(st.st_mode), "the link was replaced");
  cr_expect(strncmp(cli_file("runs/today.csv"), "epoch,", 6) == 0);
  cr_expect(strncmp(cli_file("runs/p.svg"), "<?xml", 5) == 0);
}

/* Validation data whose loss is NaN: X has a NaN in the validation rows only. The log keeps
 * the column and the progress line shows it, as Keras's does. */
Test(tools, a_nan_val_loss_keeps_its_columns) {
  float xv[8 * 4];
  for (int i = 0; i < 32; i++)
    xv[i] = (float)(i % 7) / 7.0f;
  xv[5] = NAN;
  float yv[8] = {0, 1, 0, 1, 0, 1, 0, 1};
  char path[512];
  snprintf(path, sizeof path, "%s/xv.npy", cli_dir);
  int64_t xs[2] = {8, 4}, ys[2] = {8, 1};
  cr_assert_eq(fmt_npy_write(path, FMT_NPY_F4, 2, xs, xv), NNC_OK);
  snprintf(path, sizeof path, "%s/yv.npy", cli_dir);
  cr_assert_eq(fmt_npy_write(path, FMT_NPY_F4, 2, ys, yv), NNC_OK);
  cli_write("v.nn", "from tensorflow.keras import Sequential\n"
                    "from tensorflow.keras.layers import Dense\n"
                    "X = load('x.csv')\nY = load('y.csv')\n"
                    "XV = load('xv.npy')\nYV = load('yv.npy')\n"
                    "model = Sequential([Dense(1, activation='sigmoid')])\n"
                    "model.compile(loss='binary_crossentropy')\n"
                    "model.fit(X, Y, epochs=2, validation_data=(XV, YV))\n");
  CliRun *r = cli_run("run v.nn --log l.csv");
  cr_assert_eq(r->status, 0, "%s", r->err);
  const char *csv = cli_file("l.csv");
  cr_expect(strncmp(csv, "epoch,loss,val_loss,seconds\n1,", 30) == 0, "%s", csv);
  cr_expect(strstr(csv, ",nan,"), "%s", csv);
  cr_expect(strstr(r->err, " - val_loss: nan\n"), "the progress line, as Keras's: %s", r->err);
}

/* F1Score() gives one value per class: its cell holds them all, as a JSON array in quotes. The
 * expected values are Keras 3.15.1's (JAX) history for the same program:
 * KERAS_BACKEND=jax python, h.history['f1_score'] and ['val_f1_score'] printed as lists. */
Test(tools, log_writes_a_vector_metric_whole) {
  cli_write("f.nn",
      "import numpy as np\nimport keras\n"
      TEST_TWELVE_SAMPLES
      "m.compile(keras.optimizers.SGD(0.5), 'categorical_crossentropy',\n"
      "          metrics=['accuracy', keras.metrics.F1Score()])\n"
      TEST_TWELVE_WEIGHTS
      "m.fit(x, y, epochs=2, batch_size=5, shuffle=False, verbose=0, validation_data=(x, y))\n");
  CliRun *r = cli_run("run f.nn --log l.csv");
  cr_assert_eq(r->status, 0, "%s", r->err);
  const char *csv = cli_file("l.csv");
  const char *header = "epoch,loss,accuracy,f1_score,val_loss,val_accuracy,val_f1_score,seconds\n";
  cr_assert(strncmp(csv, header, strlen(header)) == 0, "%s", csv);
  static const double keras_f1[2][2][3] = {
      {{0.333333283662796, 0.4999999403953552, 0.5999999642372131},
       {0.3999999463558197, 0.5714284777641296, 0.6666666269302368}},
      {{0.3999999463558197, 0.5714284777641296, 0.6666666269302368},
       {0.0, 0.5714284777641296, 0.7692307233810425}}};
  const char *row = strchr(csv, '\n') + 1;
  for (int e = 0; e < 2; e++, row = strchr(row, '\n') + 1) {
    double loss, acc, f[3], vloss, vacc, vf[3];
    int n = sscanf(row, "%*d,%lf,%lf,\"[%lf,%lf,%lf]\",%lf,%lf,\"[%lf,%lf,%lf]\",", &loss, &acc,
                   &f[0], &f[1], &f[2], &vloss, &vacc, &vf[0], &vf[1], &vf[2]);
    cr_assert_eq(n, 10, "%s", row);
    for (int k = 0; k < 3; k++) {
      cr_expect(fabs(f[k] - keras_f1[e][0][k]) < 1e-6, "epoch %d class %d: %s", e + 1, k, row);
      cr_expect(fabs(vf[k] - keras_f1[e][1][k]) < 1e-6, "epoch %d class %d: %s", e + 1, k, row);
    }
  }
}
