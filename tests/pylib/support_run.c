/* support_run.c — see support_run.h. */
#include "support_run.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

PlRan *pl_test_run(PlRan *r, const char *name, const char *text, size_t len, PlRunHow how) {
  free(r->out);
  memset(r, 0, sizeof *r);
  fe_source_init(&r->s, name, text, len);
  FILE *out = tmpfile();
  cr_assert(out);
  FeConfig cfg = {.out = out, .err = out};
  Interp *I = fe_interp_new(&cfg);
  cr_assert(I);
  cr_assert_eq(pl_register(I, how.options), NNC_OK);
  char cwd[1024];
  if (how.in_test_dir) {
    cr_assert(getcwd(cwd, sizeof cwd));
    cr_assert_eq(chdir(test_dir()), 0); /* files the text writes go where CPython's would */
  }
  Ast *a = NULL;
  r->st = fe_check_text(I, &r->s, &a);
  if (r->st == NNC_OK)
    r->st = fe_run(I, &r->s, a, &r->code);
  if (how.diags)
    fe_diags_print(&r->s, out);
  if (how.in_test_dir)
    cr_assert_eq(chdir(cwd), 0);
  fe_ast_release(I, a);
  fe_ast_free(a);
  pl_unregister(I);
  cr_expect_eq(fe_interp_free(I), 0, "%s: objects whose references were lost", name);
  rewind(out);
  r->out = test_slurp(out);
  fclose(out);
  return r;
}
