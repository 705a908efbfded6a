/* test_cli.c — the nnc command's exit statuses: 0 success, 1 bad model or data, 2 a bad
 * command line (with the usage), 3 internal errors; --help, --version, -D, --threads,
 * --no-cache. */
#include "cli_run.h"

#include <dirent.h>

#include "nnc.h"

TestSuite(tools, .init = cli_setup, .fini = cli_teardown);

Test(tools, help_prints_every_command) {
  CliRun *r = cli_run("--help");
  cr_assert_eq(r->status, 0);
  const char *cmds[] = {"nnc run", "nnc check", "nnc summary", "nnc emit", "--log", "--plot",
                        "--threads", "--seed", "-D NAME=PATH", "Exit status"};
  for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
    cr_expect(strstr(r->out, cmds[i]), "--help lacks %s", cmds[i]);
}

Test(tools, version_prints_the_library_version) {
  CliRun *r = cli_run("--version");
  cr_assert_eq(r->status, 0);
  cr_expect_str_eq(r->out, "nnc " NNC_VERSION "\n");
}

Test(tools, bad_command_lines_exit_2_with_the_usage) {
  static const char *const bad[] = {
      "",                                            /* no file */
      "run",                                         /* no file */
      "run MODELS/small.nn --frobnicate",            /* unknown option */
      "run MODELS/small.nn MODELS/plain.nn",         /* two files */
      "run MODELS/small.nn --threads 0",
      "run MODELS/small.nn --threads many",
      "run MODELS/small.nn --threads",
      "run MODELS/small.nn --seed -1",
      "run MODELS/small.nn --seed 12x",
      "run MODELS/small.nn -D X",                    /* NAME=PATH wanted */
      "run MODELS/small.nn -D =x.csv",
      "run MODELS/small.nn -D X=x.csv -D X=y.csv",   /* which one? */
      "run MODELS/small.nn --log",
      "run MODELS/small.nn --stage=ir",              /* an option of emit */
      "check MODELS/small.nn --log l.csv",           /* an option of run */
      "check MODELS/small.nn -D X=x.csv",
      "summary MODELS/small.nn --plot p.svg",
      "emit MODELS/small.nn",                        /* no stage */
      "emit --stage=bytecode MODELS/small.nn",
      "emit --stage= MODELS/small.nn",
      "emit --stage=ir --format=png MODELS/small.nn",  /* text, dot or svg */
      "emit --stage=ir --format MODELS/small.nn",
      "emit --stage=llvm --format=dot MODELS/small.nn", /* only graphs are drawn */
      "emit --stage=asm --format=svg MODELS/small.nn",
      "emit --stage=ast --format=dot MODELS/small.nn",
      "emit --format=svg MODELS/small.nn",           /* no stage */
      "run MODELS/small.nn --format=dot",            /* an option of emit */
      "summary MODELS/small.nn --format=text",
      "emit --stage=opt --profile MODELS/small.nn",  /* an option of run */
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    CliRun *r = cli_run(bad[i]);
    cr_expect_eq(r->status, 2, "nnc %s: exit %d, stderr: %s", bad[i], r->status, r->err);
    cr_expect(strstr(r->err, "usage: nnc run FILE"), "nnc %s: no usage in: %s", bad[i], r->err);
  }
}

Test(tools, profile_prints_each_kernels_time_at_exit) {
  for (int run = 0; run < 2; run++) { /* the second would find the step in the compile cache */
    CliRun *r = cli_run("run MODELS/small.nn --profile --threads 1");
    cr_assert_eq(r->status, 0, "stderr: %s", r->err);
    cr_expect(strstr(r->err, "nnc profile: wall time per kernel"), "%s", r->err);
    cr_expect(strstr(r->err, " matmul "), "run %d: no matmul row in: %s", run + 1, r->err);
    cr_expect(strstr(r->err, "GFLOP/s"), "%s", r->err);
  }
  CliRun *plain = cli_run("run MODELS/small.nn --threads 1");
  cr_expect(!strstr(plain->err, "nnc profile"), "profiled without --profile: %s", plain->err);
}

Test(tools, missing_model_file_exits_1_naming_it) {
  CliRun *r = cli_run("run no_such_model.nn");
  cr_expect_eq(r->status, 1);
  cr_expect(strstr(r->err, "no_such_model.nn"), "%s", r->err);
}

Test(tools, bad_model_exits_1_with_a_located_diagnostic) {
  const char *cmds[] = {"run MODELS/misspelled.nn", "check MODELS/misspelled.nn",
                        "summary MODELS/misspelled.nn", "emit --stage=ir MODELS/misspelled.nn"};
  for (int i = 0; i < 4; i++) {
    CliRun *r = cli_run(cmds[i]);
    cr_expect_eq(r->status, 1, "%s: exit %d", cmds[i], r->status);
    cr_expect(strstr(r->err, "misspelled.nn:6:41: error: "), "%s: %s", cmds[i], r->err);
    cr_expect(strstr(r->err, "did you mean 'sigmoid'?"), "%s: %s", cmds[i], r->err);
    cr_expect_str_eq(r->out, "", "%s printed on stdout: %s", cmds[i], r->out);
  }
}

/* An endless device as the model file is refused after a bounded read, not read forever. */
Test(tools, endless_model_file_exits_1_naming_it, .timeout = 60) {
  CliRun *r = cli_run("check /dev/zero");
  cr_expect_eq(r->status, 1);
  cr_expect(strstr(r->err, "/dev/zero: more than 16 MiB"), "%s", r->err);
}

Test(tools, a_define_no_load_uses_exits_2_naming_it) {
  /* small.nn loads X and Y: a misspelt -D would otherwise train on the file's own data */
  CliRun *r = cli_run("run MODELS/small.nn -D Z=x.csv");
  cr_expect_eq(r->status, 2, "%s", r->err);
  cr_expect(strstr(r->err, "nnc: -D Z=x.csv: ") && strstr(r->err, "small.nn has no `Z = load(...)`"),
            "%s", r->err);
  cr_expect(!strstr(r->err, "Epoch"), "it ran: %s", r->err);
}

Test(tools, missing_data_file_exits_1_naming_it) {
  CliRun *r = cli_run("run MODELS/small.nn -D X=absent.csv");
  cr_expect_eq(r->status, 1);
  cr_expect(strstr(r->err, "absent.csv"), "%s", r->err);
}

Test(tools, success_exits_0_and_print_goes_to_stdout) {
  CliRun *r = cli_run("run MODELS/small.nn --seed 3 --threads 2");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_expect_str_eq(r->out, "done\n");
  /* stdout is a file, not a terminal: Keras's verbose=2 lines, two per epoch, on stderr */
  cr_expect_eq(cli_count(r->err, "Epoch "), 3, "%s", r->err);
  cr_expect(strstr(r->err, "Epoch 3/3\n3/3 - "), "%s", r->err);
  cr_expect(strstr(r->err, " - accuracy: "), "%s", r->err);
  cr_expect(strstr(r->err, " - val_loss: "), "%s", r->err);
  cr_expect(!strchr(r->err, '\x1b'), "escape codes off a terminal: %s", r->err);
}

Test(tools, evaluate_and_predict_end_with_keras_finished_line) {
  CliRun *r = cli_run("run MODELS/evaluates.nn --seed 3");
  cr_assert_eq(r->status, 0, "%s", r->err);
  /* 64 samples: 4 steps of 16 for evaluate, 2 of predict's default 32; verbose=0 is silent */
  cr_expect(strncmp(r->err, "4/4 - ", 6) == 0, "%s", r->err);
  cr_expect(strstr(r->err, "us/step - accuracy: ") || strstr(r->err, "ms/step - accuracy: "),
            "%s", r->err);
  const char *predict = strstr(r->err, "\n2/2 - ");
  cr_expect(predict && strstr(predict, "/step\n") && !strstr(predict, "loss"), "%s", r->err);
  cr_expect_eq(cli_count(r->err, "/step"), 2, "%s", r->err);
}

Test(tools, bare_file_means_run_and_check_runs_nothing) {
  CliRun *r = cli_run("MODELS/small.nn");
  cr_expect_eq(r->status, 0, "%s", r->err);
  cr_expect_str_eq(r->out, "done\n");
  r = cli_run("check MODELS/small.nn");
  cr_expect_eq(r->status, 0, "%s", r->err);
  cr_expect_str_eq(r->out, "");
  cr_expect_str_eq(r->err, "");
}

Test(tools, dash_d_rebinds_a_load) {
  CliRun *r = cli_run("run MODELS/plain.nn -D X=x784.csv -D Y=y784.csv --log l.csv");
  cr_expect_eq(r->status, 0, "%s", r->err);
  cr_expect(strstr(cli_file("l.csv"), "\n4,"), "%s", cli_file("l.csv"));
}

/* The number of compile-cache entries in dir (0 when it does not exist). */
static int cache_entries(const char *dir) {
  DIR *d = opendir(dir);
  int n = 0;
  for (struct dirent *e; d && (e = readdir(d)) != NULL;)
    n += strstr(e->d_name, ".nnco") != NULL;
  if (d)
    closedir(d);
  return n;
}

/* The log file name without its last column (seconds), into out. */
static void log_without_seconds(const char *name, char *out, size_t cap) {
  const char *in = cli_file(name);
  size_t n = 0;
  while (*in && n + 1 < cap) {
    const char *end = strchr(in, '\n'), *stop = end ? end : in + strlen(in), *comma = in;
    for (const char *p = in; p < stop; p++)
      if (*p == ',')
        comma = p;
    for (const char *p = in; p < comma && n + 2 < cap; p++)
      out[n++] = *p;
    out[n++] = '\n';
    in = end ? end + 1 : stop;
  }
  out[n] = 0;
}

Test(tools, no_cache_neither_reads_nor_writes_the_compile_cache) {
  static char dir[600], a[4096], b[4096], c[4096];
  snprintf(dir, sizeof dir, "%s/cache", cli_dir);
  cr_assert_eq(setenv("NNC_CACHE", dir, 1), 0);
  CliRun *r = cli_run("run MODELS/small.nn --seed 3 --no-cache --log a.csv");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_expect_eq(cache_entries(dir), 0);
  r = cli_run("run MODELS/small.nn --seed 3 --log b.csv");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_expect_gt(cache_entries(dir), 0);
  r = cli_run("run MODELS/small.nn --seed 3 --log c.csv"); /* its steps from the cache */
  cr_assert_eq(r->status, 0, "%s", r->err);
  log_without_seconds("a.csv", a, sizeof a);
  log_without_seconds("b.csv", b, sizeof b);
  log_without_seconds("c.csv", c, sizeof c);
  cr_expect(strchr(a, ','), "%s", a);
  cr_expect_str_eq(a, b);
  cr_expect_str_eq(a, c);
  r = cli_run("summary MODELS/small.nn --no-cache");
  cr_expect_eq(r->status, 2, "%s", r->err);
}
