/* test_modules.c — the modules model files use, compared with CPython: every part of
 * snippets.py (math, os.path, files, sys, datetime, time, warnings, random, copy) and of
 * numpy_snippets.py (numpy, against Debian's numpy 1.24 under /usr/bin/python3) runs through
 * nnc's interpreter and through python3, and the two outputs must be the same bytes. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pylib.h"
#include "support.h"

static const char *python(void) {
  return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

static char *slurp(FILE *f, size_t *n) {
  size_t cap = 1 << 16;
  char *buf = malloc(cap);
  *n = 0;
  for (size_t k; buf && (k = fread(buf + *n, 1, cap - *n - 1, f)) > 0;) {
    *n += k;
    if (*n + 1 == cap)
      buf = realloc(buf, cap *= 2);
  }
  if (buf)
    buf[*n] = 0;
  return buf;
}

/* nnc's output of a snippet (diagnostics appended, so a failure shows them). */
static char *run_nnc(const char *name, const char *text, size_t len) {
  FILE *out = tmpfile();
  cr_assert(out);
  FeConfig cfg = {.out = out, .err = out};
  Interp *I = fe_interp_new(&cfg);
  cr_assert(I);
  cr_assert_eq(pl_register(I, NULL), NNC_OK);
  Source *s = calloc(1, sizeof *s);
  fe_source_init(s, name, text, len);
  char cwd[1024];
  cr_assert(getcwd(cwd, sizeof cwd));
  cr_assert_eq(chdir(test_dir()), 0);   /* files a snippet writes go where CPython's go */
  Ast *a = NULL;
  int code = 0;
  if (fe_check_text(I, s, &a) == NNC_OK)
    fe_run(I, s, a, &code);
  fe_diags_print(s, out);
  cr_assert_eq(chdir(cwd), 0);
  fe_ast_release(I, a);
  fe_ast_free(a);
  pl_unregister(I);
  cr_expect_eq(fe_interp_free(I), 0, "%s: objects whose references were lost", name);
  free(s);
  rewind(out);
  size_t n;
  char *r = slurp(out, &n);
  fclose(out);
  return r;
}

static char *run_python(const char *text, size_t len) {
  const char *path = test_write("snippet.py", text, len);
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "cd %s && %s %s 2>/dev/null", test_dir(), python(), path);
  FILE *p = popen(cmd, "r");
  cr_assert(p);
  size_t n;
  char *r = slurp(p, &n);
  pclose(p);
  return r;
}

TestSuite(pylib, .init = test_dir_make, .fini = test_dir_remove);

/* Runs each "# ---- name" part of tests/pylib/FILE both ways; at least min_parts. */
static void compare_parts(const char *file, int min_parts) {
  char path[512];
  snprintf(path, sizeof path, "%s/pylib/%s", NNC_TEST_DATA, file);
  FILE *f = fopen(path, "rb");
  cr_assert(f, "%s", path);
  size_t n;
  char *all = slurp(f, &n);
  fclose(f);
  int parts = 0;
  for (char *p = strstr(all, "# ---- "); p; parts++) {
    char name[64];
    sscanf(p + 7, "%63s", name);
    char *body = strchr(p, '\n') + 1, *next = strstr(body, "# ---- ");
    size_t len = next ? (size_t)(next - body) : strlen(body);
    char *want = run_python(body, len), *got = run_nnc(name, body, len);
    cr_expect_str_eq(got, want, "snippet '%s' printed differently:\n--- nnc\n%s--- python\n%s", name, got, want);
    free(want);
    free(got);
    p = next;
  }
  cr_assert_geq(parts, min_parts);
  free(all);
}

Test(pylib, prints_every_module_snippet_as_cpython_does, .timeout = 120) {
  compare_parts("snippets.py", 8);
}

Test(pylib, prints_every_numpy_snippet_as_numpy_does, .timeout = 120) {
  compare_parts("numpy_snippets.py", 14);
}
