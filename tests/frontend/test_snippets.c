/* test_snippets.c — Python's printing, compared with CPython: every part of snippets.py
 * (grammar, arithmetic, formatting, builtins, classes, exceptions) runs through nnc's
 * interpreter and through python3, and the two outputs must be the same bytes. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frontend.h"
#include "support.h"

/* nnc's output of a snippet (diagnostics appended, so a failure shows them). */
static char *run_nnc(const char *name, const char *text, size_t len) {
  FILE *out = tmpfile();
  cr_assert(out);
  FeConfig cfg = {.out = out, .err = out};
  Interp *I = fe_interp_new(&cfg);
  cr_assert(I);
  Source *s = calloc(1, sizeof *s);
  fe_source_init(s, name, text, len);
  Ast *a = NULL;
  int code = 0;
  if (fe_check_text(I, s, &a) == NNC_OK)
    fe_run(I, s, a, &code);
  fe_diags_print(s, out);
  fe_ast_release(I, a);
  fe_ast_free(a);
  cr_expect_eq(fe_interp_free(I), 0, "%s: objects whose references were lost", name);
  free(s);
  rewind(out);
  char *r = test_slurp(out);
  fclose(out);
  return r;
}

TestSuite(frontend, .init = test_dir_make, .fini = test_dir_remove);

Test(frontend, prints_every_snippet_as_cpython_does, .timeout = 120) {
  test_compare_with_python("frontend/snippets.py", 20, run_nnc);
}

/* A script's __file__ is its absolute path, as Python 3.9 on gives it, when it is run by a
 * relative name. */
Test(frontend, main_module_s_file_is_its_absolute_path) {
  const char *text = "print(__file__)\n";
  char *abs = realpath(test_write_text("main.py", text), NULL);
  cr_assert(abs);
  cr_assert_eq(chdir(test_dir()), 0);
  char *got = run_nnc("main.py", text, strlen(text));
  cr_assert(strncmp(got, abs, strlen(abs)) == 0 && strcmp(got + strlen(abs), "\n") == 0,
            "%s, not %s", got, abs);
  free(abs);
  free(got);
}
