/* test_scope.c — Python's scoping resolved before anything runs: undefined names with their
 * hints, names read before any statement binds them, nonlocal and global misuse, and the
 * scopes of classes, comprehensions and closures (checked by running what they resolve). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"

typedef struct {
  Source s;
  nnc_status st;
  char out[4096];
} Result;

/* Checks text (and runs it when clean); the output of print() goes to out. */
static Result *go(const char *text) {
  static Result r;
  memset(&r, 0, sizeof r);
  FILE *out = tmpfile();
  FeConfig cfg = {.out = out, .err = out};
  Interp *I = fe_interp_new(&cfg);
  cr_assert(I);
  fe_source_init(&r.s, "m.py", text, strlen(text));
  Ast *a = NULL;
  int code;
  r.st = fe_check_text(I, &r.s, &a);
  if (r.st == NNC_OK)
    r.st = fe_run(I, &r.s, a, &code);
  rewind(out);
  r.out[fread(r.out, 1, sizeof r.out - 1, out)] = 0;
  fclose(out);
  fe_ast_release(I, a);
  fe_ast_free(a);
  cr_assert_eq(fe_interp_free(I), 0);
  return &r;
}

static const char *diag(const Result *r, int i) {
  static char buf[FE_MSG_MAX + 32];
  cr_assert_lt(i, r->s.ndiags, "only %d diagnostics", r->s.ndiags);
  snprintf(buf, sizeof buf, "%d:%d: %s", r->s.diags[i].pos.line, r->s.diags[i].pos.col,
           r->s.diags[i].msg);
  return buf;
}

Test(frontend, reports_undefined_names_with_hints) {
  Result *r = go("count = 1\nprint(cuont)\nprnt(count)\nlen2 = 3\nx = undefined_thing\n");
  cr_assert_eq(r->s.nerrors, 3);
  cr_assert_str_eq(diag(r, 0), "2:7: undefined name 'cuont' (did you mean 'count'?)");
  cr_assert_str_eq(diag(r, 1), "3:1: undefined name 'prnt' (did you mean 'print'?)");
  cr_assert_str_eq(diag(r, 2), "5:5: undefined name 'undefined_thing'");
}

Test(frontend, resolves_names_bound_later_in_functions) {
  Result *r = go("def f():\n    return g() + late\ndef g():\n    return 1\nlate = 2\nprint(f())\n");
  cr_assert_eq(r->st, NNC_OK, "%s", diag(r, 0));
  cr_assert_str_eq(r->out, "3\n");
}

Test(frontend, reports_a_module_name_read_before_it_is_bound) {
  Result *r = go("print(total)\ntotal = 0\nfor i in range(3):\n    if i:\n        print(prev)\n    "
                 "prev = i\n");
  cr_assert_eq(r->s.nerrors, 1);
  cr_assert_str_eq(diag(r, 0), "1:7: name 'total' is used before it is assigned (on line 2)");
}

Test(frontend, keeps_comprehension_variables_inside) {
  Result *r = go("squares = [x * x for x in range(3)]\nprint(x)\n");
  cr_assert_str_eq(diag(r, 0), "2:7: undefined name 'x'");
}

Test(frontend, keeps_class_names_from_its_methods) {
  Result *r = go("class C:\n    k = 1\n    twice = k * 2\n    def m(self):\n        return k\n");
  cr_assert_eq(r->s.nerrors, 1);
  cr_assert_str_eq(diag(r, 0), "5:16: undefined name 'k'");
}

Test(frontend, reports_nonlocal_and_global_misuse) {
  Result *r = go("def f():\n    nonlocal q\n    q = 1\nnonlocal z\ndef g():\n    y = 1\n    global "
                 "y\n");
  cr_assert_eq(r->s.nerrors, 3);
  cr_assert_str_eq(diag(r, 0), "2:14: no binding for nonlocal 'q' found");
  cr_assert_str_eq(diag(r, 1), "4:10: nonlocal declaration not allowed at module level");
  cr_assert_str_eq(diag(r, 2), "7:12: name 'y' is assigned before its global declaration");
}

Test(frontend, shares_cells_between_closures) {
  Result *r = go("def make():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n     "
                 "   return n\n"
                 "    def get():\n        return n\n    return inc, get\n"
                 "inc, get = make()\ninc(); inc()\nprint(get())\n"
                 "def outer(a):\n    class K:\n        def m(self):\n            return a * 2\n    "
                     "return K().m()\n"
                 "print(outer(21))\n"
                 "def gen(k):\n    return [lambda: i * k for i in range(3)]\nprint([f() for f in "
                     "gen(10)])\n");
  cr_assert_eq(r->st, NNC_OK, "%s", diag(r, 0));
  cr_assert_str_eq(r->out, "2\n42\n[20, 20, 20]\n");
}

Test(frontend, binds_globals_from_functions) {
  Result *r = go("def setup():\n    global config\n    config = {'lr': "
                 "0.1}\nsetup()\nprint(config['lr'])\n");
  cr_assert_eq(r->st, NNC_OK, "%s", diag(r, 0));
  cr_assert_str_eq(r->out, "0.1\n");
}

Test(frontend, reports_an_unbound_local_at_run_time) {
  Result *r = go("x = 1\ndef f():\n    print(x)\n    x = 2\nf()\n");
  cr_assert_eq(r->s.nerrors, 1);
  cr_assert_str_eq(diag(r, 0),
                   "3:11: UnboundLocalError: cannot access local variable 'x' where it is "
                               "not associated with a value");
}
