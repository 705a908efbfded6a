/* test_keras.c — model files run through the Keras binding: training and evaluation,
 * the functional API, History and a user's callbacks, printing, and runtime failures
 * reported at the place that caused them. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pylib.h"
#include "support.h"

static char xpath[512], ypath[512];

/* 256 samples of 4 features; the label is 1 when x0 + x1 > 0. */
static void make_data(void) {
  test_dir_make();
  snprintf(xpath, sizeof xpath, "%s", test_path("x.npy"));
  snprintf(ypath, sizeof ypath, "%s", test_path("y.npy"));
  int64_t xs[2] = {256, 4}, ys[2] = {256, 1};
  nnc_tensor *x, *y;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, &y), NNC_OK);
  float *xd = nnc_tensor_data(x), *yd = nnc_tensor_data(y);
  TestRng r = test_rng(3);
  for (int i = 0; i < 256; i++) {
    for (int j = 0; j < 4; j++)
      xd[i * 4 + j] = (float)test_uniform(&r, -1, 1);
    yd[i] = xd[i * 4] + xd[i * 4 + 1] > 0;
  }
  cr_assert_eq(nnc_tensor_save(x, xpath), NNC_OK);
  cr_assert_eq(nnc_tensor_save(y, ypath), NNC_OK);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

typedef struct {
  Source s;
  nnc_status st;
  int code;
  char out[16384];
} Ran;

/* Checks and runs text with X and Y defined as the generated data; print() goes to out. */
static Ran *run(const char *text) {
  static Ran r;
  memset(&r, 0, sizeof r);
  fe_source_init(&r.s, "m.py", text, strlen(text));
  FILE *out = tmpfile();
  cr_assert(out);
  FeConfig cfg = {.out = out, .err = out};
  Interp *I = fe_interp_new(&cfg);
  cr_assert(I);
  const char *names[] = {"X", "Y"}, *paths[] = {xpath, ypath};
  PlOptions o = {.define_names = names, .define_paths = paths, .ndefines = 2, .seed = 5, .seeded = true};
  cr_assert_eq(pl_register(I, &o), NNC_OK);
  Ast *a = NULL;
  r.st = fe_check_text(I, &r.s, &a);
  if (r.st == NNC_OK)
    r.st = fe_run(I, &r.s, a, &r.code);
  rewind(out);
  r.out[fread(r.out, 1, sizeof r.out - 1, out)] = 0;
  fclose(out);
  fe_ast_release(I, a);
  fe_ast_free(a);
  pl_unregister(I);
  cr_assert_eq(fe_interp_free(I), 0, "references lost");
  return &r;
}

static const char *first(const Ran *r) {
  return r->s.ndiags ? r->s.diags[0].msg : nnc_last_error();
}

static const char head[] =
    "import tensorflow as tf\n"
    "from tensorflow.keras import Sequential\n"
    "from tensorflow.keras.layers import Dense, Input\n"
    "X = load('x.npy')\n"
    "Y = load('y.npy')\n";

TestSuite(pylib, .init = make_data, .fini = test_dir_remove);

Test(pylib, trains_and_evaluates_a_sequential_model_file) {
  char text[2048];
  snprintf(text, sizeof text, "%s"
           "model = Sequential([Dense(8, activation='relu', input_shape=(4,)), Dense(1, activation='sigmoid')])\n"
           "model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.05),\n"
           "              loss='binary_crossentropy', metrics=['accuracy'])\n"
           "history = model.fit(X, Y, epochs=40, batch_size=32, verbose=0)\n"
           "loss, acc = model.evaluate(X, Y, verbose=0)\n"
           "print(loss, acc)\n"
           "h = history.history\n"
           "print(sorted(h), len(h['loss']), history.epoch[-1], h['loss'][-1] < h['loss'][0])\n", head);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  double loss, acc;
  cr_assert_eq(sscanf(r->out, "%lf %lf", &loss, &acc), 2, "output: %s", r->out);
  cr_assert_lt(loss, 0.3);
  cr_assert_gt(acc, 0.9);
  cr_assert(strstr(r->out, "['accuracy', 'loss'] 40 39 True\n"), "%s", r->out);
}

Test(pylib, evaluates_as_keras_returns) {
  char text[2048];
  snprintf(text, sizeof text, "%s"
           "m = Sequential([Dense(1, activation='sigmoid')])\n"
           "m.compile(loss='binary_crossentropy')\nm.fit(X, Y, verbose=0)\n"
           "print(type(m.evaluate(X, Y, verbose=0)).__name__)\n"
           "m.compile(loss='binary_crossentropy', metrics=['accuracy'])\n"
           "r = m.evaluate(X, Y, verbose=0)\nprint(type(r).__name__, len(r))\n"
           "print(sorted(m.evaluate(X, Y, verbose=0, return_dict=True)))\n", head);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert_str_eq(r->out, "float\nlist 2\n['accuracy', 'loss']\n");
}

Test(pylib, builds_a_model_with_add_and_predicts) {
  char text[2048];
  snprintf(text, sizeof text, "%s"
           "model = Sequential()\nmodel.add(Input(shape=(4,)))\nmodel.add(Dense(3))\n"
           "model.add(Dense(2, activation='softmax'))\n"
           "model.summary()\nP = model.predict(X, verbose=0)\nprint(P)\nprint(P.shape, len(P))\n", head);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert(strstr(r->out, "dense (Dense)                     (None, 3)                             15\n"), "%s", r->out);
  cr_assert(strstr(r->out, " Total params: 23 (0.09 KB)\n"), "%s", r->out);
  cr_assert(strstr(r->out, "\n ...\n"), "%s", r->out);
  cr_assert(strstr(r->out, "(256, 2) 256\n"), "%s", r->out);
}

Test(pylib, reports_a_missing_data_file_at_its_load) {
  Ran *r = run("a = 1\nZ = load('/nonexistent/z.npy')\nprint('not reached')\n");
  cr_assert_eq(r->st, NNC_ERR_IO);
  cr_assert_eq(r->s.ndiags, 1);
  cr_assert_eq(r->s.diags[0].pos.line, 2);
  cr_assert_eq(r->s.diags[0].pos.col, 5);
  cr_assert(strstr(r->s.diags[0].msg, "/nonexistent/z.npy"), "%s", r->s.diags[0].msg);
  cr_assert_null(strstr(r->s.diags[0].msg, "nnc_"), "%s", r->s.diags[0].msg);
  cr_assert_str_eq(r->out, "");
}

Test(pylib, reports_data_that_does_not_fit_the_model_at_fit) {
  char text[2048];
  snprintf(text, sizeof text, "%s"
           "model = Sequential([Dense(2, input_shape=(5,))])\nmodel.compile(loss='mse')\n"
           "model.fit(X, Y, verbose=0)\n", head);
  Ran *r = run(text);
  cr_assert_neq(r->st, NNC_OK);
  cr_assert_eq(r->s.ndiags, 1);
  cr_assert_eq(r->s.diags[0].pos.line, 8, "%d: %s", r->s.diags[0].pos.line, r->s.diags[0].msg);
  cr_assert_null(strstr(r->s.diags[0].msg, "nnc_model_fit"), "%s", r->s.diags[0].msg);
}

Test(pylib, refuses_fit_before_compile) {
  char text[2048];
  snprintf(text, sizeof text, "%s" "m = Sequential([Dense(1)])\nm.fit(X, Y)\n", head);
  Ran *r = run(text);
  cr_assert_str_eq(first(r), "RuntimeError: the model is not compiled; call compile(...) before fit()");
  cr_assert_eq(r->s.diags[0].pos.line, 7);
}

static Ran *run_file(const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/pylib/models/%s", NNC_TEST_DATA, name);
  FILE *f = fopen(path, "rb");
  cr_assert(f, "%s", path);
  static char text[16384];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = 0;
  return run(text);
}

Test(pylib, runs_a_functional_model_file_with_two_branches) {
  Ran *r = run_file("functional.nn");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert(strstr(r->out, "Model: \"functional\"\n"), "%s", r->out);
  cr_assert(strstr(r->out, "input_layer (InputLayer)          (None, 4)                              0   -\n"), "%s", r->out);
  cr_assert(strstr(r->out, "concatenate (Concatenate)         (None, 32)                             0   dense[0][0], dense_2[0][0]\n"), "%s", r->out);
  cr_assert(strstr(r->out, "add (Add)                         (None, 16)                             0   dense_3[0][0], dense[0][0]\n"), "%s", r->out);
  cr_assert(strstr(r->out, "head (Dense)                      (None, 1)                             17   activation[0][0]\n"), "%s", r->out);
  cr_assert(strstr(r->out, " Total params: 977 (3.82 KB)\n"), "%s", r->out);
  double loss, acc;
  cr_assert_eq(sscanf(strstr(r->out, "Non-trainable params: 0 (0.00 B)\n") + 33, "%lf %lf", &loss, &acc), 2, "output: %s", r->out);
  cr_assert_lt(loss, 0.3);
  cr_assert_gt(acc, 0.9);
}

Test(pylib, runs_a_tutorial_with_its_surroundings) {
  Ran *r = run_file("tutorial.py");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert(strstr(r->out, "TensorFlow 3.11.3, Keras 3.11.3, Python 3\n"), "%s", r->out);
  cr_assert(strstr(r->out, "X: 256 samples of 4 features\n"), "%s", r->out);
  cr_assert(strstr(r->out, "epochs in "), "%s", r->out);
  cr_assert(strstr(r->out, "      val_loss: "), "%s", r->out);
}

Test(pylib, fit_takes_validation_data_initial_epoch_and_early_stopping) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
           "from tensorflow.keras.callbacks import EarlyStopping\n"
           "model = Sequential([Input(shape=(4,)), Dense(8, activation='relu'), Dense(1, activation='sigmoid')])\n"
           "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])\n"
           "stop = EarlyStopping(monitor='val_accuracy', min_delta=10, patience=1, restore_best_weights=True)\n"
           "h = model.fit(X, Y, epochs=30, validation_data=(X, Y), callbacks=[stop], initial_epoch=2, verbose=0)\n"
           "print(model.evaluate(X, Y, verbose=0), h.epoch)\n", head);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  double loss, acc;
  cr_assert_eq(sscanf(r->out, "[%lf, %lf]", &loss, &acc), 2, "%s", r->out);
  cr_assert(isfinite(loss));
  cr_assert(strstr(r->out, "[2, 3]\n"), "%s", r->out);
}

Test(pylib, reports_an_early_stopping_without_validation_at_fit) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
           "from tensorflow.keras.callbacks import EarlyStopping\n"
           "model = Sequential([Dense(1, input_shape=(4,))])\nmodel.compile(loss='mse')\n"
           "model.fit(X, Y, callbacks=[EarlyStopping()], verbose=0)\n", head);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_ERR_ARG);
  cr_assert_eq(r->s.diags[0].pos.line, 9);
  cr_assert(strstr(r->s.diags[0].msg, "monitors val_loss, but fit has no validation data"), "%s", r->s.diags[0].msg);
}

Test(pylib, calls_a_users_callback_and_honours_stop_training) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
           "from keras.callbacks import Callback\n"
           "class Stopper(Callback):\n"
           "    def __init__(self):\n        super().__init__()\n        self.calls = []\n"
           "    def on_train_begin(self, logs=None):\n        self.calls.append('begin')\n"
           "    def on_epoch_begin(self, epoch, logs=None):\n        self.calls.append(f'b{epoch}')\n"
           "    def on_epoch_end(self, epoch, logs=None):\n"
           "        self.calls.append(f'e{epoch}:' + ','.join(sorted(logs)))\n"
           "        if epoch == 2:\n            self.model.stop_training = True\n"
           "    def on_train_batch_end(self, batch, logs=None):\n        self.last = batch\n"
           "    def on_train_end(self, logs=None):\n        self.calls.append('end')\n"
           "s = Stopper()\n"
           "m = Sequential([Dense(1, activation='sigmoid')])\nm.compile(loss='binary_crossentropy', metrics=['acc'])\n"
           "h = m.fit(X, Y, epochs=10, batch_size=64, verbose=0, callbacks=[s])\n"
           "print(s.calls, s.last, len(h.history['loss']), s.model is m)\n", head);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert_str_eq(r->out, "['begin', 'b0', 'e0:accuracy,loss', 'b1', 'e1:accuracy,loss', 'b2', "
                           "'e2:accuracy,loss', 'end'] 3 3 True\n");
}

Test(pylib, reports_an_exception_in_a_callback_with_its_calls) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
           "from keras.callbacks import Callback\n"
           "class Boom(Callback):\n    def on_epoch_end(self, epoch, logs=None):\n        raise ValueError(f'boom at {epoch}')\n"
           "def train(m):\n    m.fit(X, Y, epochs=3, verbose=0, callbacks=[Boom()])\n"
           "m = Sequential([Dense(1)])\nm.compile(loss='mse')\ntrain(m)\n", head);
  Ran *r = run(text);
  cr_assert_eq(r->s.ndiags, 3);
  cr_assert_str_eq(r->s.diags[0].msg, "ValueError: boom at 0");
  cr_assert_eq(r->s.diags[0].pos.line, 9);
  cr_assert(r->s.diags[1].note);
  cr_assert_str_eq(r->s.diags[1].msg, "on_epoch_end() was called from here");
  cr_assert_eq(r->s.diags[1].pos.line, 11);
  cr_assert_str_eq(r->s.diags[2].msg, "train() was called from here");
  cr_assert_eq(r->s.diags[2].pos.line, 14);
}

Test(pylib, refuses_shapes_that_cannot_fit_at_the_layer_call) {
  Ran *r = run("from keras import Input, Model\nfrom keras.layers import Dense, Add, Concatenate\n"
               "x = Input(shape=(4,))\na = Dense(3)(x)\nb = Dense(5)(x)\n"
               "try:\n    s = Add()([a, b])\nexcept ValueError as e:\n    print(e)\n"
               "c = Concatenate(axis=2)([a, b])\n");
  cr_assert_str_eq(r->out, "Add needs inputs of one shape, but item 1 is (None, 3) and item 2 is (None, 5)\n");
  cr_assert_eq(r->s.diags[0].pos.line, 10);
  cr_assert_eq(r->s.diags[0].pos.col, 5);
  cr_assert_str_eq(r->s.diags[0].msg, "ValueError: axis=2 cannot concatenate vectors: use -1 (or 1), the feature axis");
}

Test(pylib, builds_a_residual_add_of_the_input) {
  Ran *r = run("from keras import Input, Model\nfrom keras.layers import Dense, Add\n"
               "x = Input(shape=(4,))\na = Dense(4)(x)\n"
               "s = Add()([a, x])\nm = Model(x, s)\nprint('built', m.count_params())\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert_str_eq(r->out, "built 20\n");
}

Test(pylib, refuses_what_the_layer_graph_cannot_do_yet) {
  Ran *r = run("from keras import Input, Model\nfrom keras.layers import Dense, Add\n"
               "x = Input(shape=(4,))\nd = Dense(3)\na = d(x)\nb = d(a)\n");
  cr_assert_str_eq(first(r), "NotImplementedError: calling the same layer twice (shared weights) is not "
                             "supported by nnc run yet; make a new layer for each call");
  cr_assert_eq(r->s.diags[0].pos.line, 6);
  r = run("from keras import Input, Model\nfrom keras.layers import Dense\n"
          "x = Input(shape=(4,))\na = Dense(3)(x)\nb = Dense(2)(a)\nm = Model(x, [a, b])\n");
  cr_assert_str_eq(first(r), "NotImplementedError: a model with more than one output is not supported by nnc run yet");
  r = run("from keras import Sequential\nfrom keras.layers import Dense, Add\ns = Sequential([Dense(2), Add()])\n");
  cr_assert_str_eq(first(r), "TypeError: Add joins several tensors and cannot be a layer of a Sequential "
                             "model; use the functional API (Model(inputs, outputs))");
}

Test(pylib, stops_cleanly_at_sys_exit) {
  Ran *r = run("import sys\nprint('before')\nsys.exit(3)\nprint('after')\n");
  cr_assert_eq(r->st, NNC_OK);
  cr_assert_eq(r->code, 3);
  cr_assert_str_eq(r->out, "before\n");
  r = run("import sys\nsys.exit()\n");
  cr_assert_eq(r->code, 0);
}
