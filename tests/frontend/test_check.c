/* test_check.c — the static checker: valid model files check cleanly and come out annotated;
 * a table of broken files checks each first message and its line:col; robustness on junk. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "frontend.h"
#include "ir.h"
#include "support.h"

/* Four lines most table cases start with, so they can use the usual names. */
static const char prelude[] =
    "from tensorflow.keras import Sequential, Input, Model\n"
    "from tensorflow.keras.layers import Dense, Add\n"
    "from tensorflow.keras.losses import BinaryCrossentropy\n"
    "X = load('x.npy')\n";

typedef struct {
  bool prelude;
  const char *body;
  const char *want;   /* "LINE:COL: MESSAGE" of the first diagnostic */
  int count;          /* how many diagnostics in all */
} Broken;

static const Broken broken[] = {
    {true, "Dense(units='ten')\n", "5:13: units must be a positive integer, found 'ten'", 1},
    {true, "Dense(units=-5)\n", "5:13: units must be a positive integer, found -5", 1},
    {true, "Dense(units=1000000000000)\n", "5:13: units must be at most 2147483647, found 1000000000000", 1},
    {true, "Dense(units=10**12)\n", "5:15: operator '**' is not supported in a model file", 1},
    {true, "Dense(4, activation='sigmod')\n", "5:21: unknown activation 'sigmod' (did you mean 'sigmoid'?)", 1},
    {true, "Dense(4, activaton='relu')\n", "5:10: unknown keyword argument 'activaton' for Dense() (did you mean 'activation'?)", 1},
    {true, "Dense(activation='relu')\n", "5:1: Dense() missing required argument 'units'", 1},
    {true, "Dense(4, kernel_initializer='glorot')\n", "5:29: unknown initializer 'glorot' (nnc knows "
     "'zeros', 'ones', 'glorot_uniform', 'glorot_normal', 'he_normal', 'he_uniform', "
     "'lecun_normal', 'lecun_uniform', 'random_uniform', 'random_normal', 'truncated_normal', "
     "'constant', ...)", 1},
    /* hints never point to a name with different maths; Keras's other names are called so */
    {true, "Dense(4, activation='elu')\n", "5:21: activation 'elu' is not supported by nnc yet (nnc knows "
     "'linear', 'sigmoid', 'relu', 'tanh', 'softmax', 'leaky_relu', 'gelu')", 1},
    {true, "Dense(4, activation='relu6')\n", "5:21: activation 'relu6' is not supported by nnc yet (nnc knows "
     "'linear', 'sigmoid', 'relu', 'tanh', 'softmax', 'leaky_relu', 'gelu')", 1},
    {true, "Dense(4, activation='LeakyReLU')\n", "5:21: unknown activation 'LeakyReLU' (did you mean 'leaky_relu'?)", 1},
    {true, "Dense(4, activation='selu')\n", "5:21: activation 'selu' is not supported by nnc yet (nnc knows "
     "'linear', 'sigmoid', 'relu', 'tanh', 'softmax', 'leaky_relu', 'gelu')", 1},
    {true, "Dense(4, activation='gelo')\n", "5:21: unknown activation 'gelo' (nnc knows "
     "'linear', 'sigmoid', 'relu', 'tanh', 'softmax', 'leaky_relu', 'gelu')", 1},
    {true, "Dense(4, kernel_initializer='Glorot_Uniform')\n", "5:29: unknown initializer 'Glorot_Uniform' (did you mean 'glorot_uniform'?)", 1},
    {true, "Dense(4, input_shape=(3,), input_dim=3)\n", "5:38: give Dense input_shape= or input_dim=, not both", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss='mae')\n", "6:16: loss 'mae' is not supported by nnc yet (nnc knows "
     "'binary_crossentropy', 'mean_squared_error', 'categorical_crossentropy', 'sparse_categorical_crossentropy')", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss='binary_cross_entropy')\n", "6:16: unknown loss 'binary_cross_entropy' (did you mean 'binary_crossentropy'?)", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss='mse', optimizer='Nadam')\n", "6:33: optimizer 'Nadam' is not supported by nnc yet (nnc knows "
     "'sgd', 'adam', 'rmsprop')", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss='mse', metrics=['mae'])\n", "6:32: metric 'mae' is not supported by nnc yet (nnc knows 'accuracy')", 1},
    {true, "Dense(4, use_bias='yes')\n", "5:19: use_bias must be True or False, found 'yes'", 1},
    {true, "Dense(4, 'relu', True, 'zeros', 'zeros', 7)\n", "5:42: Dense() takes at most 5 positional arguments, found 6", 1},
    {true, "Dense(4, units=5)\n", "5:10: Dense() got multiple values for argument 'units'", 1},
    {true, "Dense(2.5)\n", "5:7: units must be a positive integer, found 2.5", 1},
    {true, "X.fit(X, X)\n", "5:3: fit() needs a model, but 'X' (a tensor) is not one", 1},
    {true, "m = Sequential([Dense(1)])\nm.fit(X, X)\n", "6:3: the model is not compiled; call compile(...) before fit()", 1},
    {true, "m = Sequential()\nm.compile(loss='mse')\nm.fit(X, X)\n", "7:3: the model has no layers yet; add them before fit()", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss='binary_crossentropyy')\n", "6:16: unknown loss 'binary_crossentropyy' (did you mean 'binary_crossentropy'?)", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss='mse', optimizer='adamw')\n", "6:33: optimizer 'adamw' is not supported by nnc yet (nnc knows "
     "'sgd', 'adam', 'rmsprop')", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss='mse', optimizer='adma')\n", "6:33: unknown optimizer 'adma' (nnc knows "
     "'sgd', 'adam', 'rmsprop')", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss='mse', metrics=['acuracy'])\n", "6:32: unknown metric 'acuracy' (did you mean 'accuracy'?)", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(optimizer='sgd')\n", "6:3: compile() missing required argument 'loss'", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss=BinaryCrossentropy)\n", "6:16: loss must be a loss such as BinaryCrossentropy() or 'mse', found the class BinaryCrossentropy (call it: BinaryCrossentropy(...))", 1},
    {true, "m = Sequential([Dense(1)])\nm.fitt(X, X)\n", "6:3: a model has no method 'fitt' (did you mean 'fit'?)", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss='mse')\nm.fit(X, X, epochs=0)\n", "7:20: epochs must be a positive integer, found 0", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss='mse')\nm.fit(X, X, validation_split=1.5)\n", "7:30: validation_split must be a number in [0, 1), found 1.5", 1},
    {true, "m = Sequential([Dense(1)])\nm.compile(loss='mse')\nm.fit(X, [1, 2])\n", "7:10: y must be a tensor (from load(...)), found a list", 1},
    {true, "model = Sequential([Dense(1)])\nmodle.summary()\n", "6:1: undefined name 'modle' (did you mean 'model'?)", 1},
    {true, "Dens(3)\n", "5:1: undefined name 'Dens' (did you mean 'Dense'?)", 1},
    {true, "Sequential([Dense(1), X])\n", "5:23: layers must be a list of layers, but item 2 is 'X' (a tensor)", 1},
    {true, "Sequential([Dense(1), Input(shape=(3,))])\n", "5:23: layers must be a list of layers, but item 2 is a Keras tensor", 1},
    {true, "Input(shape=784)\n", "5:13: shape must be a tuple of positive integers such as (784,), found 784", 1},
    {true, "Input(shape=(784, 0))\n", "5:19: shape must be a tuple of positive integers such as (784,), but item 2 is 0", 1},
    {true, "a, b = 1, 2, 3\n", "5:8: cannot unpack 3 values into 2 names", 1},
    {true, "a, b = X\n", "5:8: cannot unpack 'X' (a tensor) into 2 names", 1},
    {true, "Model(X, X)\n", "5:7: inputs must be a Keras tensor or a list of them, found 'X' (a tensor)", 2},
    {true, "Add()(X)\n", "5:7: Add() layer must be called on a list of at least two Keras tensors, found 'X' (a tensor)", 1},
    {true, "Dense(1)(1, 2)\n", "5:1: a layer is called with one argument: a Keras tensor", 1},
    {true, "X(3)\n", "5:1: 'X' (a tensor) is not callable", 1},
    {true, "print(1, end='')\n", "5:10: print() takes no keyword arguments here", 1},
    {true, "m = Model(Input(shape=(2,)), Input(shape=(2,)))\nm.add(Dense(1))\n", "6:3: add() needs a Sequential model; this one was made by Model(...)", 1},
    {true, "Dense(4, activation=-relu)\n", "5:22: undefined name 'relu'", 1},
    {false, "import torch\n", "1:8: unknown module 'torch' (a model file can import tensorflow, keras and numpy)", 1},
    {false, "import tensorflw as tf\n", "1:8: unknown module 'tensorflw' (did you mean 'tensorflow'?)", 1},
    {false, "from tensorflow.keras.layers import Dens\n", "1:37: cannot import 'Dens' from 'tensorflow.keras.layers' (did you mean 'Dense'?)", 1},
    {false, "from tensorflow.keras import Sequentail\n", "1:30: cannot import 'Sequentail' from 'tensorflow.keras' (did you mean 'Sequential'?)", 1},
    {false, "import tensorflow as tf\ntf.keras.layers.Conv2D(3)\n", "2:17: module 'tensorflow.keras.layers' has no 'Conv2D'", 1},
    {false, "from tensorflow.keras.optimizers import Nadam\n", "1:41: optimizer 'Nadam' of 'tensorflow.keras.optimizers' is not supported by nnc yet", 1},
    {false, "import keras\nkeras.losses.Huber()\n", "2:14: loss 'Huber' of 'keras.losses' is not supported by nnc yet", 1},
    {false, "import tensorflow as tf\ntf.keras.layrs.Dense(3)\n", "2:10: module 'tensorflow.keras' has no 'layrs' (did you mean 'layers'?)", 1},
    {false, "model = Sequential()\n", "1:9: undefined name 'Sequential' (import it: from tensorflow.keras import Sequential)", 1},
    {false, "X = lod('x.npy')\n", "1:5: undefined name 'lod' (did you mean 'load'?)", 1},
    {false, "tf.keras.Sequential()\n", "1:1: undefined name 'tf' (import it: import tensorflow as tf)", 1},
    {false, "x = (1,\ny = 2\n", "2:3: expected ',' or ')' to close '(' at 1:5, found '='", 1},
    {false, "model = Sequential([\n    Dense(3),\n\nmodel.fit(X)\n", "1:20: '[' was never closed", 1},
    {false, "f(1, 2]\n", "1:7: expected ',' or ')' to close '(' at 1:2, found ']'", 1},
    {false, "x = 1 +\n", "1:7: operator '+' is not supported in a model file", 1},
    {false, "def f():\n    return 1\nx = 2\n", "1:1: 'def' is not supported in a model file", 1},
    {false, "x = a + b\n", "1:7: operator '+' is not supported in a model file", 1},
    {false, "  x = 1\n", "1:3: unexpected indent", 1},
    {false, "x = 'abc\n", "1:5: unterminated string", 1},
    {false, "x = f\"{a}\"\n", "1:5: f-strings are not supported in a model file", 1},
    {false, "x = {1: 2}\n", "1:5: dictionaries and sets are not supported in a model file", 1},
    {false, "x[0] = 1\n", "1:2: indexing with [] is not supported in a model file", 1},
    {false, "f(a=1, a=2)\n", "1:8: duplicate keyword argument 'a'", 1},
    {false, "f(a=1, 2)\n", "1:8: positional argument follows keyword argument", 1},
    {false, "f() = 3\n", "1:1: cannot assign to a call", 1},
    {false, "a.b = 3\n", "1:1: assigning to an attribute is not supported in a model file", 1},
    {false, "a = b = 3\n", "1:7: chained assignment is not supported in a model file", 1},
    {false, "x = lambda y: y\n", "1:5: 'lambda' is not supported in a model file", 1},
    {false, "for i in x: pass\n", "1:1: 'for' is not supported in a model file", 1},
    {false, "if x:\n    y = 1\n", "1:1: 'if' is not supported in a model file", 1},
    {false, "x = y if z else w\n", "1:7: 'if' is not supported in a model file", 1},
    {false, "x = 0123\n", "1:5: leading zeros are not allowed in an integer", 1},
    {false, "x = 3abc\n", "1:5: invalid number literal", 1},
    {false, "x = $\n", "1:5: unexpected character '$'", 1},
    {false, "from . import x\n", "1:6: relative imports are not supported in a model file", 1},
    {false, "from tensorflow.keras.layers import *\n", "1:37: 'import *' is not supported in a model file: name what you import", 1},
    {false, "import\n", "1:7: expected a module name, found end of line", 1},
    {false, "x = 1 2\n", "1:7: expected end of line, found '2'", 1},
    {false, ")\n", "1:1: expected an expression, found ')'", 1},
    {false, "x = [1, 2)\n", "1:10: expected ',' or ']' to close '[' at 1:5, found ')'", 1},
    {false, "x = 'a' \\ 'b'\n", "1:9: unexpected character after line continuation '\\'", 1},
    {false, "x = 1e999\n", "1:5: float literal too big", 1},
    {false, "x = ((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))\n", "1:69: expression nested too deeply (at most 64 levels)", 1},
    {false, "x = a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i.j.k.l.m.n\n", "1:132: expression nested too deeply (at most 64 levels)", 1},
    {false, "x = 'a\\q'\ny = '\\u0041'\n", "2:6: escape '\\u' is not supported in a model file", 1},
    {false, "x = 1 if True\n", "1:7: 'if' is not supported in a model file", 1},
};

typedef struct {
  Source s;
  Module *m;
  nnc_status st;
  char text[4096];
} Checked;

static Checked *check_len(const char *text, size_t len) {
  static Checked c;
  fe_module_free(c.m);
  c.m = NULL;
  cr_assert_lt(len, sizeof c.text);
  memcpy(c.text, text, len);
  fe_source_init(&c.s, "m.py", c.text, len);
  c.st = fe_check_text(&c.s, &c.m);
  return &c;
}

static Checked *check(const char *text) {
  return check_len(text, strlen(text));
}

static char *slurp(const char *name, size_t *len) {
  char path[512];
  snprintf(path, sizeof path, "%s/frontend/models/%s", NNC_TEST_DATA, name);
  FILE *f = fopen(path, "rb");
  cr_assert(f, "cannot open %s", path);
  static char buf[1 << 16];
  *len = fread(buf, 1, sizeof buf, f);
  fclose(f);
  return buf;
}

static const char *render(const Source *s, int i) {
  static char buf[2048];
  FILE *f = tmpfile();
  cr_assert(f);
  fe_diag_render(s, &s->diags[i], f);
  rewind(f);
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  fclose(f);
  return buf;
}

Test(frontend, reports_each_broken_file_at_its_place) {
  int n = sizeof broken / sizeof broken[0];
  cr_assert_geq(n, 40);
  for (int i = 0; i < n; i++) {
    char text[2048];
    snprintf(text, sizeof text, "%s%s", broken[i].prelude ? prelude : "", broken[i].body);
    Checked *c = check(text);
    cr_assert_neq(c->st, NNC_OK, "case %d (%s) was accepted", i, broken[i].body);
    char got[FE_MSG_MAX + 32];
    snprintf(got, sizeof got, "%d:%d: %s", c->s.diags[0].pos.line, c->s.diags[0].pos.col, c->s.diags[0].msg);
    cr_expect_str_eq(got, broken[i].want, "case %d (%s): got %s", i, broken[i].body, got);
    cr_expect_eq(c->s.nerrors, broken[i].count, "case %d (%s): %d errors", i, broken[i].body, c->s.nerrors);
  }
}

Test(frontend, checks_the_valid_model_files_cleanly) {
  const char *files[] = {"lecture.py", "functional.py", "sequential_add.py", "dotted.py"};
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    size_t n;
    char *text = slurp(files[i], &n);
    Checked *c = check_len(text, n);
    cr_expect_eq(c->st, NNC_OK, "%s: %d:%d: %s", files[i], c->s.diags[0].pos.line,
                 c->s.diags[0].pos.col, c->s.diags[0].msg);
  }
}

Test(frontend, annotates_calls_with_every_argument_and_keras_defaults) {
  size_t n;
  char *text = slurp("lecture.py", &n);
  Checked *c = check_len(text, n);
  cr_assert_eq(c->st, NNC_OK);
  const Node *seq = c->m->stmts[6]->lhs;          /* model = Sequential([...]) */
  cr_assert_eq(seq->fn->id, FN_SEQUENTIAL);
  cr_assert_eq(seq->vk, VK_MODEL);
  const Node *layers = fe_literal(fe_arg(seq, "layers"));
  cr_assert_eq(layers->nitems, 3);
  const Node *d = layers->items[1];
  cr_assert_eq(d->fn->id, FN_DENSE);
  cr_assert_eq(fe_literal(fe_arg(d, "units"))->ival, 15);
  cr_assert_str_eq(fe_literal(fe_arg(d, "activation"))->str, "sigmoid");
  cr_assert_eq(fe_literal(fe_arg(d, "use_bias"))->ival, 1);
  cr_assert_str_eq(fe_literal(fe_arg(d, "kernel_initializer"))->str, "glorot_uniform");
  cr_assert_eq(fe_arg(d, "input_shape")->kind, EX_NONE);
  const Node *fit = c->m->stmts[8]->lhs;
  cr_assert_eq(fit->fn->id, FN_FIT);
  cr_assert_eq(fe_literal(fe_arg(fit, "epochs"))->ival, 100);
  cr_assert_eq(fe_literal(fe_arg(fit, "batch_size"))->ival, 32);
  cr_assert_float_eq(fe_literal(fe_arg(fit, "validation_split"))->fval, 0.0, 1e-12);
  cr_assert_eq(fe_arg(fit, "x")->vk, VK_TENSOR);
  const Node *compile = c->m->stmts[7]->lhs;
  cr_assert_str_eq(fe_literal(fe_arg(compile, "optimizer"))->str, "rmsprop");
  cr_assert_eq(fe_arg(compile, "loss")->fn->id, FN_LOSS);
  cr_assert_str_eq(fe_arg(compile, "loss")->fn->name, "BinaryCrossentropy");
  cr_assert_null(fe_arg(compile, "nonsense"));
}

Test(frontend, follows_literals_through_names) {
  Checked *c = check("from keras.optimizers import Adam\nlr = 0.01\nn = -lr\nopt = Adam(learning_rate=lr)\nbad = Adam(n)\n");
  cr_assert_eq(c->s.nerrors, 1);
  cr_assert_str_eq(c->s.diags[0].msg, "learning_rate must be a positive number, found -0.01");
  cr_assert_eq(c->s.diags[0].pos.line, 5);
  cr_assert_float_eq(fe_literal(fe_arg(c->m->stmts[3]->lhs, "learning_rate"))->fval, 0.01, 1e-15);
  cr_assert_float_eq(fe_literal(fe_arg(c->m->stmts[3]->lhs, "beta_2"))->fval, 0.999, 1e-15);
}

Test(frontend, reports_all_errors_of_a_file_in_order) {
  Checked *c = check("import tensorflow as tf\n"
                     "from tensorflow.keras.layers import Dense\n"
                     "m = tf.keras.Sequential([Dense(units='ten'), Dense(2, activation='sigmod')])\n"
                     "m.compile(loss='mse', optimizer=tf.keras.optimizers.Adam(learning_rate=0))\n"
                     "m.fit(X, Y)\n");
  cr_assert_eq(c->s.nerrors, 5);
  const char *want[] = {
      "3:38: units must be a positive integer, found 'ten'",
      "3:66: unknown activation 'sigmod' (did you mean 'sigmoid'?)",
      "4:72: learning_rate must be a positive number, found 0",
      "5:7: undefined name 'X'",
      "5:10: undefined name 'Y'",
  };
  for (int i = 0; i < 5; i++) {
    char got[FE_MSG_MAX + 32];
    snprintf(got, sizeof got, "%d:%d: %s", c->s.diags[i].pos.line, c->s.diags[i].pos.col, c->s.diags[i].msg);
    cr_expect_str_eq(got, want[i]);
  }
  cr_assert_eq(c->st, NNC_ERR_TYPE);
  cr_assert_str_eq(nnc_last_error(), "m.py:3:38: error: units must be a positive integer, found 'ten'");
}

Test(frontend, renders_carets_under_the_error) {
  Checked *c = check("from tensorflow.keras.layers import Dense\nlayer = Dense(units=25, activation='sigmod')\n");
  cr_assert_str_eq(render(&c->s, 0),
                   "m.py:2:36: error: unknown activation 'sigmod' (did you mean 'sigmoid'?)\n"
                   "layer = Dense(units=25, activation='sigmod')\n"
                   "                                   ^\n");
  c = check("model = Sequential([\n    Dense(3),\n\nmodel.fit(X)\n");
  cr_assert_str_eq(render(&c->s, 0),
                   "m.py:1:20: error: '[' was never closed\n"
                   "model = Sequential([\n"
                   "                   ^\n");
  c = check("x = 1\n\tmodel.fit(X)\n");
  cr_assert_str_eq(render(&c->s, 0), "m.py:2:2: error: unexpected indent\n\tmodel.fit(X)\n\t^\n");
}

Test(frontend, stops_after_the_error_cap) {
  char text[4096] = "";
  for (int i = 0; i < 40; i++)
    strcat(text, "x = $\n");
  Checked *c = check(text);
  cr_assert_eq(c->s.ndiags, FE_MAX_DIAGS);
  cr_assert_geq(c->s.nerrors, FE_MAX_DIAGS);
}

Test(frontend, accepts_unpacking_evaluate_with_metrics) {
  Checked *c = check("from keras import Sequential\nfrom keras.layers import Dense\nX = load('x')\n"
                     "m = Sequential([Dense(1)])\nm.compile(loss='mse', metrics=['accuracy'])\n"
                     "loss, acc = m.evaluate(X, X)\nprint(loss, acc)\n"
                     "m2 = Sequential([Dense(1)])\nm2.compile(loss='mse')\nl2, a2 = m2.evaluate(X, X)\n");
  cr_assert_eq(c->s.nerrors, 1);
  cr_assert_str_eq(c->s.diags[0].msg,
                   "evaluate() returns only the loss (compile with metrics=['accuracy'] for two) here, not 2 values");
  cr_assert_eq(c->s.diags[0].pos.line, 10);
}

/* ---- robustness: nothing a fuzzer can write may crash or hang the front end ---- */

Test(frontend, survives_deep_nesting) {
  static char text[200010];
  const char *starts[] = {"(", "[", "-", "f(", "a."};
  for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++) {
    size_t n = 0, w = strlen(starts[k]);
    while (n + w < 200000) {
      memcpy(text + n, starts[k], w);
      n += w;
    }
    text[n++] = '1';
    Source s;
    Module *m = NULL;
    fe_source_init(&s, "deep.py", text, n);
    cr_assert_neq(fe_check_text(&s, &m), NNC_OK);
    fe_module_free(m);
  }
}

static void check_bytes(const char *text, size_t n) {
  Source s;
  Module *m = NULL;
  fe_source_init(&s, "fuzz.py", text, n);
  nnc_status st = fe_check_text(&s, &m);
  cr_assert(st == NNC_OK || s.ndiags > 0);
  FILE *devnull = fopen("/dev/null", "w");
  fe_diags_print(&s, devnull);
  fclose(devnull);
  if (m) {
    char *p = fe_ast_print(m);
    base_free(p);
  }
  fe_module_free(m);
}

Test(frontend, survives_random_bytes) {
  TestRng r = test_rng(7);
  static char text[512];
  for (int iter = 0; iter < 2000; iter++) {
    size_t n = (size_t)test_uniform(&r, 0, sizeof text);
    for (size_t i = 0; i < n; i++)
      text[i] = (char)(int)test_uniform(&r, 0, 256);
    check_bytes(text, n);
  }
}

Test(frontend, survives_mutations_of_a_valid_file) {
  static const char alphabet[] = "()[]{},.=:;'\"\\#\n\t -+*eE0123456789_xabcXYZ\x00\xff\xc3";
  size_t n0;
  char *orig = slurp("functional.py", &n0);
  static char text[1 << 16];
  TestRng r = test_rng(11);
  for (int iter = 0; iter < 3000; iter++) {
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
