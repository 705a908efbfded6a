/* test_modules.c — the modules model files use, compared with CPython: every part of
 * snippets.py (math, os.path, files, sys, datetime, time, warnings, random, copy) and of
 * numpy_snippets.py (numpy, against Debian's numpy 1.24 under /usr/bin/python3) and of
 * sklearn_snippets.py (against Debian's scikit-learn 1.2) runs through
 * nnc's interpreter and through python3, and the two outputs must be the same bytes. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pylib.h"
#include "support.h"

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
  char *r = test_slurp(out);
  fclose(out);
  return r;
}

TestSuite(pylib, .init = test_dir_make, .fini = test_dir_remove);

Test(pylib, prints_every_module_snippet_as_cpython_does, .timeout = 120) {
  test_compare_with_python("pylib/snippets.py", 9, run_nnc);
}

Test(pylib, prints_every_numpy_snippet_as_numpy_does, .timeout = 120) {
  test_compare_with_python("pylib/numpy_snippets.py", 14, run_nnc);
}

Test(pylib, prints_every_sklearn_snippet_as_scikit_learn_does, .timeout = 120) {
  test_compare_with_python("pylib/sklearn_snippets.py", 4, run_nnc);
}
