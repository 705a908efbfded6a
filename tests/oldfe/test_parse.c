/* test_parse.c — the parser on valid model files: the AST printed back as S-expressions. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "ir.h"

/* Parses text and returns its printed AST (static buffer); asserts no errors. */
static const char *ast(const char *text) {
  static char out[8192];
  Source s;
  Module *m;
  fe_source_init(&s, "t.py", text, strlen(text));
  nnc_status st = fe_parse(&s, &m);
  cr_assert_eq(st, NNC_OK, "%s", s.ndiags ? s.diags[0].msg : "?");
  char *p = fe_ast_print(m);
  cr_assert(p);
  snprintf(out, sizeof out, "%s", p);
  base_free(p);
  fe_module_free(m);
  return out;
}

static char *slurp(const char *name, size_t *len) {
  char path[512];
  snprintf(path, sizeof path, "%s/oldfe/models/%s", NNC_TEST_DATA, name);
  FILE *f = fopen(path, "rb");
  cr_assert(f, "cannot open %s", path);
  static char buf[1 << 16];
  *len = fread(buf, 1, sizeof buf, f);
  fclose(f);
  return buf;
}

Test(frontend, parses_the_lecture_code) {
  size_t n;
  char *text = slurp("lecture.py", &n);
  Source s;
  Module *m;
  fe_source_init(&s, "lecture.py", text, n);
  cr_assert_eq(fe_parse(&s, &m), NNC_OK);
  char *p = fe_ast_print(m);
  cr_assert_str_eq(p,
      "(import tensorflow as tf)\n"
      "(from tensorflow.keras import Sequential)\n"
      "(from tensorflow.keras.layers import Dense)\n"
      "(from tensorflow.keras.losses import BinaryCrossentropy)\n"
      "(= X (call load \"data/mnist01_train_x.npy\"))\n"
      "(= Y (call load \"data/mnist01_train_y.npy\"))\n"
      "(= model (call Sequential [(call Dense units=25 activation=\"sigmoid\") "
      "(call Dense units=15 activation=\"sigmoid\") (call Dense units=1 activation=\"sigmoid\")]))\n"
      "(call (. model compile) loss=(call BinaryCrossentropy))\n"
      "(call (. model fit) X Y epochs=100)\n");
  base_free(p);
  fe_module_free(m);
}

Test(frontend, parses_the_functional_form) {
  cr_assert_str_eq(ast("h = Dense(128, activation='relu')(x)\ny = Add()([h1, h2])\n"),
                   "(= h (call (call Dense 128 activation=\"relu\") x))\n"
                   "(= y (call (call Add) [h1 h2]))\n");
}

Test(frontend, parses_sequential_then_add) {
  cr_assert_str_eq(ast("model = Sequential()\nmodel.add(Dense(1))\n"),
                   "(= model (call Sequential))\n(call (. model add) (call Dense 1))\n");
}

Test(frontend, parses_dotted_paths) {
  cr_assert_str_eq(ast("l = tf.keras.layers.Dense(3)\n"),
                   "(= l (call (. (. (. tf keras) layers) Dense) 3))\n");
}

Test(frontend, parses_imports) {
  cr_assert_str_eq(ast("import a.b as c, d\nfrom x.y import (p as q, r,)\nfrom m import n\n"),
                   "(import a.b as c)\n(import d)\n(from x.y import p as q, r)\n(from m import n)\n");
}

Test(frontend, parses_literals) {
  cr_assert_str_eq(ast("x = [1, -2, 1e-3, .5, 3., -0.25, 'a' \"b\", True, False, None, (784,), (), (1)]\n"),
                   "(= x [1 -2 0.001 0.5 3.0 -0.25 \"ab\" True False None (tuple 784) (tuple) 1])\n");
}

Test(frontend, parses_tuple_assignment) {
  cr_assert_str_eq(ast("a, b = f(), g()\n(c, d) = e\nx, = y\n"),
                   "(= (a b) (tuple (call f) (call g)))\n(= (c d) e)\n(= (x) y)\n");
}

Test(frontend, parses_semicolons_continuations_and_trailing_commas) {
  cr_assert_str_eq(ast("a = 1; b = 2;\nc = f(1,\n      2,)\nd = \\\n  3\n"),
                   "(= a 1)\n(= b 2)\n(= c (call f 1 2))\n(= d 3)\n");
}

Test(frontend, parses_negation_of_names_and_nested_minus) {
  cr_assert_str_eq(ast("a = -x\nb = --5\nc = -(2.5)\n"), "(= a (- x))\n(= b 5)\n(= c -2.5)\n");
}

Test(frontend, parses_a_file_without_final_newline_or_statements) {
  cr_assert_str_eq(ast("x = 1"), "(= x 1)\n");
  cr_assert_str_eq(ast(""), "");
  cr_assert_str_eq(ast("# only a comment\n\n"), "");
}

Test(frontend, parses_every_model_file) {
  const char *files[] = {"lecture.py", "functional.py", "sequential_add.py", "dotted.py"};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    size_t n;
    char *text = slurp(files[i], &n);
    Source s;
    Module *m;
    fe_source_init(&s, files[i], text, n);
    cr_assert_eq(fe_parse(&s, &m), NNC_OK, "%s: %s", files[i], s.ndiags ? s.diags[0].msg : "");
    cr_assert_gt(m->nstmts, 5);
    fe_module_free(m);
  }
}

Test(frontend, keeps_positions_of_nodes) {
  const char *text = "m.fit(X,\n  epochs = 3)\n";
  Source s;
  Module *m;
  fe_source_init(&s, "t.py", text, strlen(text));
  cr_assert_eq(fe_parse(&s, &m), NNC_OK);
  const Node *call = m->stmts[0]->lhs;
  cr_assert_eq(call->kind, EX_CALL);
  cr_assert_eq(call->lhs->npos.col, 3);
  const Node *kw = call->items[1];
  cr_assert_eq(kw->kind, EX_KW);
  cr_assert_eq(kw->npos.line, 2);
  cr_assert_eq(kw->npos.col, 3);
  cr_assert_eq(kw->lhs->pos.col, 12);
  fe_module_free(m);
}
