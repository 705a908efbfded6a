/* test_eval.c — the evaluator at run time: an uncaught exception reported at its place with
 * a note per call it came through, recursion bounded with a clear error (Python calls and
 * the C stack both), reference cycles freed, deep structures freed without deep C recursion,
 * and every allocation failure becoming MemoryError with nothing leaked. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "base.h"
#include "support.h"

typedef struct {
  Source s;
  nnc_status st;
  int code;
  int64_t leaked;
  char out[4096];
} Ran;

/* Runs text with the modules of defs (n of them) registered. */
static Ran *run_with(const char *text, const FeModuleDef *const *defs, int n) {
  static Ran r;
  memset(&r, 0, sizeof r);
  FILE *out = tmpfile();
  FeConfig cfg = {.out = out, .err = out};
  Interp *I = fe_interp_new(&cfg);
  cr_assert(I);
  cr_assert_eq(fe_register_modules(I, defs, n), NNC_OK);
  fe_source_init(&r.s, "m.py", text, strlen(text));
  Ast *a = NULL;
  r.st = fe_check_text(I, &r.s, &a);
  if (r.st == NNC_OK)
    r.st = fe_run(I, &r.s, a, &r.code);
  rewind(out);
  r.out[fread(r.out, 1, sizeof r.out - 1, out)] = 0;
  fclose(out);
  fe_ast_release(I, a);
  fe_ast_free(a);
  r.leaked = fe_interp_free(I);
  return &r;
}

static Ran *run(const char *text) {
  return run_with(text, NULL, 0);
}

static const char *rendered(const Ran *r) {
  static char buf[8192];
  FILE *f = tmpfile();
  fe_diags_print(&r->s, f);
  rewind(f);
  buf[fread(buf, 1, sizeof buf - 1, f)] = 0;
  fclose(f);
  return buf;
}

/* A library function that fails without raising: a fault to report, never a silent end. */
static Obj *quiet_fault(Interp *I, Obj *self, Obj **args) {
  (void)I, (void)self, (void)args;
  return NULL;
}

Test(frontend, reports_a_library_function_that_fails_without_an_exception) {
  static const FeFnDef fns[] = {{"quiet", quiet_fault, "()", NULL, NULL},
                                {NULL, NULL, NULL, NULL, NULL}};
  static const FeModuleDef faulty = {.name = "faulty", .fns = fns};
  const FeModuleDef *defs[] = {&faulty};
  Ran *r = run_with("import faulty\nprint('yes')\nfaulty.quiet()\nprint('no')\n", defs, 1);
  cr_assert_eq(r->code, 1);
  cr_assert_str_eq(r->out, "yes\n");
  cr_assert(strstr(rendered(r), "m.py:3:1: error: RuntimeError: quiet() failed without saying "
                                "why: a fault in nnc, please report it"), "%s", rendered(r));
}

Test(frontend, reports_an_uncaught_exception_with_the_calls_it_came_through) {
  Ran *r = run("def g(x):\n    return 1 / x\ndef f(x):\n    return g(x) + "
               "1\nprint(f(2))\nf(0)\nprint('no')\n");
  cr_assert_eq(r->code, 1);
  cr_assert_str_eq(r->out, "1.5\n");
  cr_assert_str_eq(rendered(r),
                   "m.py:2:14: error: ZeroDivisionError: division by zero\n    return 1 / x\n      "
                       "       ^\n"
                   "m.py:4:12: note: g() was called from here\n    return g(x) + 1\n           ^\n"
                   "m.py:6:1: note: f() was called from here\nf(0)\n^\n");
  cr_assert_eq(r->leaked, 0);
}

Test(frontend, reports_errors_at_the_attribute_or_subscript) {
  Ran *r = run("d = {'loss': [0.5]}\nv = d['los']\n");
  cr_assert_str_eq(r->s.diags[0].msg, "KeyError: 'los'");
  cr_assert_eq(r->s.diags[0].pos.col, 5);
  r = run("s = 'text'\nn = s.lenght\n");
  cr_assert_str_eq(r->s.diags[0].msg, "AttributeError: 'str' object has no attribute 'lenght'");
  cr_assert_eq(r->s.diags[0].pos.col, 7);
  r = run("raise ValueError\n");
  cr_assert_str_eq(r->s.diags[0].msg, "ValueError");
  r = run("class E(Exception):\n    def __str__(self):\n        return 'custom text'\nraise E()\n");
  cr_assert_str_eq(r->s.diags[0].msg, "E: custom text");
}

Test(frontend, bounds_recursion_with_a_clear_error) {
  Ran *r = run("def down(n):\n    return down(n + 1)\ndown(0)\n");
  cr_assert_str_eq(r->s.diags[0].msg, "RecursionError: maximum recursion depth exceeded");
  cr_assert_eq(r->s.diags[0].pos.line, 2);
  cr_assert_eq(r->leaked, 0);
  r = run("def f(n):\n    try:\n        return f(n + 1)\n    except RecursionError:\n        "
          "return n\n"
          "print(f(0) > 100)\n");
  cr_assert_str_eq(r->out, "True\n");
}

Test(frontend, bounds_the_c_stack_of_deep_structures) {
  Ran *r = run("a = []\nfor i in range(100000):\n    a = [a]\ntry:\n    print(a)\nexcept "
               "RecursionError:\n"
               "    print('too deep')\nb = {}\nfor i in range(100000):\n    b = {'k': b}\ndel a, "
                   "b\nprint('freed')\n");
  cr_assert_eq(r->st, NNC_OK, "%s", r->s.ndiags ? r->s.diags[0].msg : "");
  cr_assert_str_eq(r->out, "too deep\nfreed\n");
  cr_assert_eq(r->leaked, 0);
}

Test(frontend, frees_reference_cycles) {
  Ran *r = run("class Node:\n    def __init__(self):\n        self.me = self\n        self.items = "
               "[self, {'n': self}]\n"
               "for i in range(300000):\n    n = Node()\nl = []\nl.append(l)\nd = {}\nd['d'] = d\n"
               "def f():\n    return f\ng = f\nprint('ok')\n");
  cr_assert_eq(r->st, NNC_OK, "%s", r->s.ndiags ? r->s.diags[0].msg : "");
  cr_assert_str_eq(r->out, "ok\n");
  cr_assert_eq(r->leaked, 0);
}

Test(frontend, reports_a_uncaught_exception_inside_a_handler) {
  Ran *r = run("try:\n    1 / 0\nexcept ZeroDivisionError:\n    undefined_later = [][1]\n");
  cr_assert_str_eq(r->s.diags[0].msg, "IndexError: list index out of range");
  cr_assert_eq(r->s.diags[0].pos.line, 4);
}

Test(frontend, runs_finally_and_with_on_every_way_out) {
  Ran *r = run("class C:\n    def __enter__(self):\n        print('enter')\n        return self\n"
               "    def __exit__(self, t, v, tb):\n        print('exit', t.__name__ if t else "
                   "None)\n        return t is KeyError\n"
               "with C():\n    raise KeyError('k')\nprint('swallowed')\n"
               "for i in range(3):\n    try:\n        if i == 1:\n            break\n    "
                   "finally:\n        print('fin', i)\n"
               "def f():\n    with C() as c:\n        return 'ret'\nprint(f())\n");
  cr_assert_eq(r->st, NNC_OK, "%s", r->s.ndiags ? r->s.diags[0].msg : "");
  cr_assert_str_eq(r->out,
                   "enter\nexit KeyError\nswallowed\nfin 0\nfin 1\nenter\nexit None\nret\n");
}

/* ---- out of memory ---- */

static const char oom_program[] =
    "class Point:\n    def __init__(self, x, y):\n        self.x, self.y = x, y\n"
    "    def __repr__(self):\n        return f'Point({self.x}, {self.y:.2f})'\n"
    "pts = [Point(i, i / 3) for i in range(20)]\n"
    "d = {str(p): p for p in pts}\n"
    "s = sorted(d, key=lambda k: -len(k))\n"
    "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    msg = '%s (%d)' % (e, len(s))\n"
    "print(msg, s[:2], '{:>6}'.format('x'), max(p.y for p in pts))\n";

static nnc_status oom_step(void *arg) {
  (void)arg;
  FILE *out = fopen("/dev/null", "w");
  FeConfig cfg = {.out = out, .err = out};
  Interp *I = fe_interp_new(&cfg);
  if (!I) {
    fclose(out);
    return NNC_ERR_NOMEM;
  }
  Source *s = malloc(sizeof *s);
  fe_source_init(s, "oom.py", oom_program, sizeof oom_program - 1);
  Ast *a = NULL;
  int code = 0;
  nnc_status st = fe_check_text(I, s, &a);
  if (st == NNC_OK)
    st = fe_run(I, s, a, &code);
  fe_ast_release(I, a);
  fe_ast_free(a);
  int64_t leaked = fe_interp_free(I);
  free(s);
  fclose(out);
  if (leaked)
    return base_error(NNC_ERR_INTERNAL, "%lld objects leaked", (long long)leaked);
  return st;
}

Test(frontend, survives_every_allocation_failing, .timeout = 300) {
  long ok = test_until_ok_walk(oom_step, NULL, (TestOomWalk){.max = 200000, .dense = 3000});
  cr_assert_gt(ok, 1000);
}

Test(frontend, survives_single_allocation_failures, .timeout = 300) {
  long ok = test_until_ok_walk(oom_step, NULL,
                               (TestOomWalk){.max = 200000, .dense = 3000, .once = true});
  cr_assert_gt(ok, 1000);
}
