/* test_parse.c — the parser: valid Python printed back as S-expressions, a table of syntax
 * errors with their line:col and message, and robustness on junk (deep nesting, random
 * bytes, mutations of a valid file): no crash, no hang, every failure reported. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "base.h"
#include "support.h"

/* Parses text and returns its printed AST (static buffer); asserts no errors. */
static const char *ast(const char *text) {
  static char out[16384];
  Source s;
  Ast *a;
  fe_source_init(&s, "t.py", text, strlen(text));
  nnc_status st = fe_parse(&s, &a);
  cr_assert_eq(st, NNC_OK, "%s: %d:%d: %s", text, s.ndiags ? s.diags[0].pos.line : 0,
               s.ndiags ? s.diags[0].pos.col : 0, s.ndiags ? s.diags[0].msg : "?");
  char *p = fe_ast_print(a);
  cr_assert(p);
  snprintf(out, sizeof out, "%s", p);
  base_free(p);
  fe_ast_free(a);
  return out;
}

Test(frontend, parses_the_lecture_code) {
  cr_assert_str_eq(ast("import tensorflow as tf\nfrom tensorflow.keras.layers import Dense\n"
                       "model = Sequential([\n    Dense(units=25, activation='sigmoid'),\n])\n"
                       "model.fit(X, Y, epochs=100)\n"),
                   "(import tensorflow as tf)\n(from tensorflow.keras.layers import Dense)\n"
                   "(= model (call Sequential [(call Dense units=25 activation=\"sigmoid\")]))\n"
                   "(call (. model fit) X Y epochs=100)\n");
}

Test(frontend, parses_operators_with_python_precedence) {
  cr_assert_str_eq(ast("x = a + b * c ** -d ** 2 // e - f @ g\n"),
                   "(= x (- (+ a (// (* b (** c (- (** d 2)))) e)) (@ f g)))\n");
  cr_assert_str_eq(ast("y = not a < b <= c and d or e if f else g\n"),
                   "(= y (if f (or (and (not (cmp a < b <= c)) d) e) g))\n");
  cr_assert_str_eq(ast("z = a in b and c not in d and e is not None and f is g\n"),
                   "(= z (and (cmp a in b) (cmp c not in d) (cmp e is not None) (cmp f is g)))\n");
  cr_assert_str_eq(ast("w = ~a | b & c ^ d << 1 >> 2\n"),
                   "(= w (| (~ a) (^ (& b c) (>> (<< d 1) 2))))\n");
}

Test(frontend, parses_indexing_slicing_and_attributes) {
  cr_assert_str_eq(ast("a = X[:, 0:8]\nb = h.history['loss'][-1]\nc = X.shape[1:]\nd = x[::2, ..., "
                       "None]\n"),
                   "(= a ([] X (tuple (: _ _ _) (: 0 8 _))))\n"
                   "(= b ([] ([] (. h history) \"loss\") (- 1)))\n"
                   "(= c ([] (. X shape) (: 1 _ _)))\n"
                   "(= d ([] x (tuple (: _ _ 2) ... None)))\n");
}

Test(frontend, parses_compound_statements) {
  cr_assert_str_eq(ast("for i, (a, b) in enumerate(z):\n    if a:\n        continue\n    elif b:\n "
                       "       break\nelse:\n    pass\n"),
                   "(for (tuple i (tuple a b)) (call enumerate z) (do (if a (do (continue)) (else "
                       "(if b (do (break)))))) (else (pass)))\n");
  cr_assert_str_eq(ast("while x > 0:\n    x -= 1\n"), "(while (cmp x > 0) (do (-= x 1)))\n");
  cr_assert_str_eq(ast("try:\n    f()\nexcept (A, B) as e:\n    raise C('x') from e\nexcept:\n    "
                       "raise\nelse:\n    g()\nfinally:\n    h()\n"),
                   "(try (do (call f)) (except (tuple A B) e (do (raise (call C \"x\") from e))) "
                       "(except _ _ (do (raise))) (else (call g)) (finally (call h)))\n");
  cr_assert_str_eq(ast("with open(p) as f, g():\n    pass\n"),
                   "(with (call open p) as f (call g) as _ (do (pass)))\n");
}

Test(frontend, parses_functions_classes_and_lambdas) {
  cr_assert_str_eq(ast("@dec\ndef f(a, b=1, *args, c, d=2, **kw) -> int:\n    '''doc'''\n    "
                       "global g\n    return lambda x, y=0: x + y\n"),
                   "(def f (a b=1 *args c:kw d:kw=2 **kw) (do \"doc\" (global g) (return (lambda "
                       "(x y=0) (+ x y)))))\n");
  cr_assert_str_eq(ast("def g(x, /, y, *, z): pass\n"), "(def g (x:pos y z:kw) (do (pass)))\n");
  cr_assert_str_eq(ast("class C(Base):\n    n: int = 0\n    def m(self):\n        return "
                       "super().m()\n"),
                   "(class C (Base) (do (: n int 0) (def m (self) (do (return (call (. (call "
                       "super) m)))))))\n");
}

Test(frontend, parses_displays_and_comprehensions) {
  cr_assert_str_eq(ast("a = [x * y for x in r if x for y in s]\nb = {k: v for k, v in "
                       "d.items()}\nc = {1, *s}\nd = {**a, 'k': 2}\ne = (i for i in r)\nf = ()\ng "
                       "= (1,)\n"),
                   "(= a (listcomp (* x y) (for x r (if x)) (for y s)))\n"
                   "(= b (dictcomp k v (for (tuple k v) (call (. d items)))))\n"
                   "(= c {1 *s})\n(= d (dict **a \"k\" 2))\n(= e (genexp i (for i r)))\n(= f "
                       "(tuple))\n(= g (tuple 1))\n");
  cr_assert_str_eq(ast("s = sum(x * x for x in v)\n"),
                   "(= s (call sum (genexp (* x x) (for x v))))\n");
}

Test(frontend, parses_f_strings_with_nested_fields) {
  cr_assert_str_eq(ast("s = f'{acc:.2%} {n:,} {x!r:>{w}} {{lit}} {a=}'\n"),
                   "(= s (f {acc:(f \".2%\")} \" \" {n:(f \",\")} \" \" {x!r:(f \">\" {w})} \" {\" "
                       "\"lit}\" \" \" \"a=\" {a!r}))\n");
  cr_assert_str_eq(ast("s = 'a' f\"{b}\" 'c'\n"), "(= s (f \"a\" {b} \"c\"))\n");
  cr_assert_str_eq(ast("s = f'''{\n  x}'''\n"), "(= s (f {x}))\n");
}

Test(frontend, parses_bytes_literals_joined_as_one_constant) {
  cr_assert_str_eq(ast("s = b'a\\x00' rb\"\\n\"\n"), "(= s b\"a\\x00\\\\n\")\n");
}

Test(frontend, parses_unpacking_assignments_and_chains) {
  cr_assert_str_eq(ast("a, *b = c = d\nx[0], y.z = 1, 2\n"),
                   "(= (tuple a *b) c d)\n(= (tuple ([] x 0) (. y z)) (tuple 1 2))\n");
}

Test(frontend, parses_simple_statements_on_one_line) {
  cr_assert_str_eq(ast("a = 1; b = 2;\nif a: b = 3; c = 4\n"),
                   "(= a 1)\n(= b 2)\n(if a (do (= b 3) (= c 4)))\n");
}

typedef struct {
  const char *text;
  const char *want;   /* "LINE:COL: MESSAGE" of the first diagnostic */
  int count;          /* how many diagnostics in all */
} Broken;

static const Broken broken[] = {
    {"x = (1,\ny = 2\n", "1:5: '(' was never closed", 1},
    {"x = f(1,\n      2\ny = [3\nz = 4\n", "1:6: '(' was never closed", 2},
    {"model = Sequential([\n    Dense(3),\n\nmodel.fit(X)\n", "1:20: '[' was never closed", 1},
    {"f(1, 2]\n", "1:7: expected ',' or ')' to close '(' at 1:2, found ']'", 1},
    {"x = 1 +\n", "1:8: expected an expression, found end of line", 1},
    {"  x = 1\n", "1:3: unexpected indent", 1},
    {"x = 'abc\n", "1:5: unterminated string", 1},
    {"f(a=1, a=2)\n", "1:8: duplicate keyword argument 'a'", 1},
    {"f(a=1, 2)\n", "1:8: positional argument follows keyword argument", 1},
    {"f() = 3\n", "1:1: cannot assign to a call", 1},
    {"a + 1 = 3\n", "1:1: cannot assign to an expression", 1},
    {"x = 0123\n",
     "1:5: leading zeros in a decimal integer are not allowed; use an 0o prefix for octal "
     "integers", 1},
    {"x = 3abc\n", "1:5: invalid number literal", 1},
    {"x = $\n", "1:5: unexpected character '$'", 1},
    {"from . import x\n", "1:1: relative imports are not supported in nnc model files", 1},
    {"import\n", "1:7: expected a module name, found end of line", 1},
    {"x = 1 2\n", "1:7: expected end of line, found '2'", 1},
    {")\n", "1:1: expected an expression, found ')'", 1},
    {"x = [1, 2)\n", "1:10: expected ',' or ']' to close '[' at 1:5, found ')'", 1},
    {"x = 'a' \\ 'b'\n", "1:9: unexpected character after line continuation '\\'", 1},
    {"if x:\ny = 1\n", "2:1: expected an indented block after 'if' on line 1", 1},
    {"def f(:\n    pass\n", "1:7: expected a parameter name, found ':'", 1},
    {"def f(a, a): pass\n", "1:10: duplicate parameter 'a'", 1},
    {"def f(a=1, b): pass\n", "1:12: a parameter without a default follows one with a default", 1},
    {"return 1\n", "1:1: 'return' outside function", 1},
    {"break\n", "1:1: 'break' outside loop", 1},
    {"for x in y:\n    def f():\n        continue\n", "3:9: 'continue' outside loop", 1},
    {"x = yield 1\n", "1:5: 'yield' is not supported in nnc model files", 1},
    {"async def f(): pass\n", "1:1: 'async' is not supported in nnc model files", 1},
    {"x = (y := 1)\n", "1:8: ':=' is not supported in nnc model files", 1},
    {"else:\n    pass\n", "1:1: 'else' without the statement it belongs to", 1},
    {"try:\n    pass\n", "1:1: expected 'except' or 'finally' block", 1},
    {"x = f'{}'\n", "1:8: f-string: empty expression not allowed", 1},
    {"x = f'{a'\n", "1:7: f-string: expecting '}'", 1},
    {"x = f'a}b'\n", "1:8: f-string: single '}' is not allowed", 1},
    {"x = f'{a!x}'\n", "1:9: f-string: invalid conversion character: expected 's', 'r', or 'a'", 1},
    {"a, *b, *c = d\n", "1:8: multiple starred expressions in assignment", 1},
    {"del f()\n", "1:5: cannot delete a call", 1},
    {"class C(metaclass=M): pass\n",
     "1:9: class keywords (metaclass=...) are not supported in nnc model files", 1},
    {"x = 1 if y\n", "1:11: expected 'else' in a conditional expression, found end of line", 1},
    {"x = 1\ny = (\nz = $\n", "2:5: '(' was never closed", 2},
    {"x = b'a' 'b'\n", "1:5: cannot mix bytes and nonbytes literals", 1},
    {"x = (f'{y}'\n     b'b')\n", "1:6: cannot mix bytes and nonbytes literals", 1},
};

Test(frontend, reports_each_syntax_error_at_its_place) {
  int n = sizeof broken / sizeof broken[0];
  for (int i = 0; i < n; i++) {
    Source s;
    Ast *a = NULL;
    fe_source_init(&s, "m.py", broken[i].text, strlen(broken[i].text));
    nnc_status st = fe_parse(&s, &a);
    cr_assert_eq(st, NNC_ERR_SYNTAX, "case %d (%s) was accepted", i, broken[i].text);
    char got[FE_MSG_MAX + 32];
    snprintf(got, sizeof got, "%d:%d: %s", s.diags[0].pos.line, s.diags[0].pos.col, s.diags[0].msg);
    cr_expect_str_eq(got, broken[i].want, "case %d (%s)", i, broken[i].text);
    cr_expect_eq(s.nerrors, broken[i].count, "case %d (%s): %d errors", i, broken[i].text,
                 s.nerrors);
    fe_ast_free(a);
  }
}

Test(frontend, limits_nesting_with_a_clear_error) {
  char text[400] = "x = ";
  for (int i = 0; i < 150; i++)
    strcat(text, "(");
  strcat(text, "1\n");
  Source s;
  Ast *a = NULL;
  fe_source_init(&s, "m.py", text, strlen(text));
  cr_assert_eq(fe_parse(&s, &a), NNC_ERR_SYNTAX);
  cr_assert_str_eq(s.diags[0].msg, "expression nested too deeply (at most 100 levels)");
  cr_assert_eq(s.diags[0].pos.col, 5 + FE_MAX_DEPTH);
  fe_ast_free(a);
}

Test(frontend, reports_errors_of_every_statement_in_one_round) {
  const char *text = "x = $\ndef f(a b):\n    y = @\nfor in z:\n    pass\nok = 1\nw = (1,\n";
  Source s;
  Ast *a = NULL;
  fe_source_init(&s, "m.py", text, strlen(text));
  fe_parse(&s, &a);
  cr_assert_geq(s.nerrors, 4);
  cr_assert_eq(s.diags[0].pos.line, 1);
  cr_assert_eq(s.diags[1].pos.line, 2);
  cr_assert_eq(s.diags[2].pos.line, 3);
  cr_assert_eq(s.diags[3].pos.line, 4);
  fe_ast_free(a);
}

/* A bracket never closed ends its statement at the next line that starts no deeper, so the
 * statements after it are parsed and checked too; brackets that close join lines as ever. */
Test(frontend, a_bracket_never_closed_hides_no_later_error) {
  const char *text = "m = Sequential([Dense(3),\n               Dense(1)\n"
                     "def f(:\n    pass\nx = [1,\n2]\nw = $\nlast = (1\n";
  Source s;
  Ast *a = NULL;
  fe_source_init(&s, "m.py", text, strlen(text));
  fe_parse(&s, &a);
  cr_assert_eq(s.nerrors, 4);
  cr_expect_str_eq(s.diags[0].msg, "'[' was never closed");  /* the innermost, as Python */
  cr_expect_eq(s.diags[0].pos.line, 1);
  cr_expect_eq(s.diags[0].pos.col, 16);
  cr_expect_eq(s.diags[1].pos.line, 3);
  cr_expect_str_eq(s.diags[2].msg, "unexpected character '$'");
  cr_expect_eq(s.diags[2].pos.line, 7);
  cr_expect_str_eq(s.diags[3].msg, "'(' was never closed");
  cr_expect_eq(s.diags[3].pos.line, 8);
  cr_assert(a);
  bool joined = false;  /* x = [1,\n2] stays one statement */
  for (int i = 0; i < a->body.n; i++)
    joined |= a->body.v[i]->pos.line == 5;
  cr_expect(joined);
  fe_ast_free(a);
}

/* ---- robustness: nothing a fuzzer can write may crash or hang the front end ---- */

static void check_bytes(const char *text, size_t n) {
  Interp *I = fe_interp_new(NULL);
  cr_assert(I);
  Source *s = malloc(sizeof *s);
  Ast *a = NULL;
  fe_source_init(s, "fuzz.py", text, n);
  nnc_status st = fe_check_text(I, s, &a);
  cr_assert(st == NNC_OK || s->ndiags > 0 || st == NNC_ERR_NOMEM);
  FILE *devnull = fopen("/dev/null", "w");
  fe_diags_print(s, devnull);
  fclose(devnull);
  if (a) {
    char *p = fe_ast_print(a);
    base_free(p);
  }
  fe_ast_release(I, a);
  fe_ast_free(a);
  cr_assert_eq(fe_interp_free(I), 0);
  free(s);
}

Test(frontend, survives_deep_nesting) {
  static char text[200010];
  const char *starts[] = {"(", "[", "-", "f(", "a.", "not ", "lambda: ", "1 + ", "x[", "{1: ",
                          "2 ** ", "f'{"};
  for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++) {
    size_t n = 0, w = strlen(starts[k]);
    while (n + w < 200000) {
      memcpy(text + n, starts[k], w);
      n += w;
    }
    text[n++] = '1';
    check_bytes(text, n);
  }
  size_t n = 0;       /* blocks nested as deep as indentation goes */
  for (int d = 0; d < 150 && n < 100000; d++) {
    memset(text + n, ' ', (size_t)d);
    n += (size_t)d;
    memcpy(text + n, "if x:\n", 6);
    n += 6;
  }
  check_bytes(text, n);
}

Test(frontend, survives_random_bytes, .timeout = 60) {
  TestRng r = test_rng(7);
  static char text[512];
  for (int iter = 0; iter < 1000; iter++) {
    size_t n = (size_t)test_uniform(&r, 0, sizeof text);
    for (size_t i = 0; i < n; i++)
      text[i] = (char)(int)test_uniform(&r, 0, 256);
    check_bytes(text, n);
  }
}

Test(frontend, survives_mutations_of_a_valid_file, .timeout = 60) {
  static const char orig[] =
      "import numpy as np\n"
      "class Cb:\n    def on_epoch_end(self, epoch, logs=None):\n        print(f'{epoch:03d} "
          "{logs}')\n"
      "def f(a, b=2, *c, **d):\n    '''doc'''\n    return [x * y for x in a for y in c if x] or "
          "{k: v for k, v in d.items()}\n"
      "try:\n    z = f((1, 2), 3)[::2]\nexcept (ValueError, KeyError) as e:\n    raise\nfinally:\n "
          "   pass\n"
      "with open('x') as fh:\n    lines = fh.read().split('\\n')\n"
      "while True:\n    break\nprint('%5.2f' % 3.14159, \"\"\"multi\nline\"\"\", lambda q: q + "
          "1)\n";
  static const char alphabet[] = "()[]{},.=:;'\"\\#\n\t -+*eE0123456789_xabcXYZ@%f!\x00\xff\xc3";
  static char text[4096];
  size_t n0 = sizeof orig - 1;
  TestRng r = test_rng(11);
  for (int iter = 0; iter < 1500; iter++) {
    memcpy(text, orig, n0);
    size_t n = n0;
    int edits = 1 + (int)test_uniform(&r, 0, 4);
    for (int e = 0; e < edits; e++) {
      size_t at = (size_t)test_uniform(&r, 0, (double)n);
      char c = alphabet[(int)test_uniform(&r, 0, sizeof alphabet - 1)];
      int op = (int)test_uniform(&r, 0, 3);
      if (op == 0) {
        text[at] = c;
      } else if (op == 1 && n > 1) {
        memmove(text + at, text + at + 1, n - at - 1);
        n--;
      } else if (n + 1 < sizeof text) {
        memmove(text + at + 1, text + at, n - at);
        text[at] = c;
        n++;
      }
    }
    size_t cut = test_uniform(&r, 0, 1) < 0.1 ? (size_t)test_uniform(&r, 0, (double)n) : n;
    check_bytes(text, cut);
  }
}
