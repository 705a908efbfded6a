/* test_log.c — with nnc_set_log, fit's epoch lines reach the embedder's function one line
 * each, and nothing of them goes to stderr. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdlib.h>
#include <string.h>

#include "keras.h"

typedef struct {
  int lines;
  char first[256];
  bool newline;                /* a line carried a newline */
} Seen;

static void keep(nnc_log_level level, const char *line, void *user) {
  Seen *s = user;
  if (s->lines++ == 0)
    snprintf(s->first, sizeof s->first, "%d %s", (int)level, line);
  s->newline |= strchr(line, '\n') != NULL;
}

Test(log, fit_lines_go_to_the_log_function, .init = cr_redirect_stderr) {
  int64_t xs[2] = {8, 2}, ys[2] = {8, 1};
  nnc_tensor *x, *y;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, &y), NNC_OK);
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 2), NNC_OK);
  nnc_dense_options d = nnc_dense(1, NNC_ACT_LINEAR);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  Seen seen = {0};
  nnc_set_log(keep, &seen);
  nnc_fit_options f = nnc_fit_defaults();
  f.epochs = 2, f.verbose = 2;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  nnc_set_log(NULL, NULL);
  cr_expect_eq(seen.lines, 2);
  cr_expect(strncmp(seen.first, "0 Epoch 1/2 - ", 14) == 0, "%s", seen.first);
  cr_expect(!seen.newline);
  fflush(stderr);
  cr_expect_stderr_eq_str("");
  nnc_model_free(m);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

/* The compile cache's notes (driver/cache.c) are messages for a person too: with a log
 * function they reach it as warnings, and nothing goes to stderr. */
Test(log, the_compile_caches_notes_go_to_the_log_function, .init = cr_redirect_stderr) {
  Seen seen = {0};
  nnc_set_log(keep, &seen);
  setenv("NNC_CACHE_MAX", "lots", 1);
  cr_assert_eq(nnc_set_compile_cache(1, "/nonexistent/nnc-cache"), NNC_OK); /* reads it */
  unsetenv("NNC_CACHE_MAX");
  nnc_set_compile_cache(0, NULL);
  nnc_set_log(NULL, NULL);
  cr_expect_eq(seen.lines, 1);
  cr_expect(strstr(seen.first, "1 nnc: note: NNC_CACHE_MAX='lots' is not a size"), "%s",
            seen.first);
  cr_expect(!seen.newline);
  fflush(stderr);
  cr_expect_stderr_eq_str("");
}
