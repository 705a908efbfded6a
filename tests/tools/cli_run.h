/* cli_run.h — running the built nnc binary (NNC_BINARY) from a test, in a fresh directory
 * that holds small generated data files:
 *   x.csv [64, 4] and y.csv [64, 1]      y = 1 when x0 + x1 > 0
 *   x784.csv [8, 784] and y784.csv [8, 1]
 *   tiny_x.csv [8, 3] and tiny_y.csv [8, 1]
 * Model files are under NNC_TEST_DATA/tools/models. Header-only (static inline) so each test
 * binary takes what it uses. */
#ifndef NNC_TESTS_CLI_RUN_H
#define NNC_TESTS_CLI_RUN_H

#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

typedef struct {
  int status;                       /* the exit status; -1 when it did not exit */
  char out[1 << 20];                /* stdout */
  char err[1 << 20];                /* stderr (fit's 500 epoch lines are ~64 KiB) */
} CliRun;

static char cli_dir[256];           /* the test's working directory */

/* Reads the file at path into buf; a file that does not fit fails the test, since a check
 * of the last number printed would otherwise read one from the middle. */
static inline void cli_slurp(const char *path, char *buf, size_t n) {
  FILE *f = fopen(path, "rb");
  size_t got = f ? fread(buf, 1, n - 1, f) : 0;
  buf[got] = '\0';
  bool cut = f && fgetc(f) != EOF;
  if (f)
    fclose(f);
  cr_assert(!cut, "%s is longer than the test's %zu-byte buffer", path, n);
}

/* Writes text as cli_dir/name. */
static inline void cli_write(const char *name, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", cli_dir, name);
  FILE *f = fopen(path, "w");
  cr_assert(f, "cannot write %s", path);
  fputs(text, f);
  fclose(f);
}

/* Opens cli_dir/xname and cli_dir/yname for writing: a data set's inputs and labels. */
static inline void cli_open_pair(const char *xname, const char *yname, FILE **x, FILE **y) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", cli_dir, xname);
  *x = fopen(path, "w");
  snprintf(path, sizeof path, "%s/%s", cli_dir, yname);
  *y = fopen(path, "w");
  cr_assert(*x && *y, "cannot write %s and %s in %s", xname, yname, cli_dir);
}

static inline void cli_write_data(void) {
  TestRng r = test_rng(11);
  FILE *x, *y;
  cli_open_pair("x.csv", "y.csv", &x, &y);
  for (int i = 0; i < 64; i++) {
    double v[4];
    for (int j = 0; j < 4; j++)
      v[j] = test_uniform(&r, -1, 1);
    fprintf(x, "%.6f,%.6f,%.6f,%.6f\n", v[0], v[1], v[2], v[3]);
    fprintf(y, "%d\n", v[0] + v[1] > 0);
  }
  fclose(x);
  fclose(y);
  cli_open_pair("x784.csv", "y784.csv", &x, &y);
  for (int i = 0; i < 8; i++) {
    for (int j = 0; j < 784; j++)
      fprintf(x, j ? ",%.2f" : "%.2f", test_uniform(&r, 0, 1));
    fprintf(x, "\n");
    fprintf(y, "%d\n", i % 2);
  }
  fclose(x);
  fclose(y);
  cli_open_pair("tiny_x.csv", "tiny_y.csv", &x, &y);
  for (int i = 0; i < 8; i++) {
    fprintf(x, "%g,%g,%g\n", (3 * i) / 24.0, (3 * i + 1) / 24.0, (3 * i + 2) / 24.0);
    fprintf(y, "%d\n", i % 2);
  }
  fclose(x);
  fclose(y);
}

/* A fresh directory with the data; call from a test's .init. */
static inline void cli_setup(void) {
  snprintf(cli_dir, sizeof cli_dir, "/tmp/nnc_cli_XXXXXX");
  cr_assert(mkdtemp(cli_dir));
  cr_assert_eq(setenv("COLUMNS", "80", 1), 0); /* summaries: the width of a pipe, as Keras */
  cli_write_data();
}

static inline void cli_teardown(void) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", cli_dir);
  cr_assert_eq(system(cmd), 0);
}

/* Runs `nnc ARGS` in directory dir (stdout and stderr to files in cli_dir); MODELS in args
 * stands for the model directory. */
static inline CliRun *cli_run_in(const char *dir, const char *args) {
  static CliRun r;
  char cmd[4096], expanded[2048] = "";
  const char *m = strstr(args, "MODELS");
  if (m)
    snprintf(expanded, sizeof expanded, "%.*s%s/tools/models%s", (int)(m - args), args,
             NNC_TEST_DATA, m + 6);
  snprintf(cmd, sizeof cmd, "cd '%s' && '%s' %s >'%s/out.txt' 2>'%s/err.txt' </dev/null", dir,
           NNC_BINARY, m ? expanded : args, cli_dir, cli_dir);
  int st = system(cmd);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  char path[512];
  snprintf(path, sizeof path, "%s/out.txt", cli_dir);
  cli_slurp(path, r.out, sizeof r.out);
  snprintf(path, sizeof path, "%s/err.txt", cli_dir);
  cli_slurp(path, r.err, sizeof r.err);
  return &r;
}

/* Runs `nnc ARGS` in cli_dir. */
static inline CliRun *cli_run(const char *args) {
  return cli_run_in(cli_dir, args);
}

/* The contents of a file in cli_dir (static buffer). */
static inline const char *cli_file(const char *name) {
  static char buf[1 << 18];
  char path[512];
  snprintf(path, sizeof path, "%s/%s", cli_dir, name);
  cli_slurp(path, buf, sizeof buf);
  return buf;
}

static inline int cli_count(const char *s, const char *what) {
  int n = 0;
  for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
    n++;
  return n;
}

#endif
