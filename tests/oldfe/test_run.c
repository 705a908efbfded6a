/* test_run.c — model files executed through nnc.h: training, evaluation, printing, summary,
 * and runtime failures reported at the statement that caused them. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "frontend.h"
#include "ir.h"
#include "support.h"

static char xpath[128], ypath[128];

/* 256 samples of 4 features; the label is 1 when x0 + x1 > 0. */
static void make_data(void) {
  snprintf(xpath, sizeof xpath, "/tmp/nnc_fe_run_%ld_x.npy", (long)clock());
  snprintf(ypath, sizeof ypath, "/tmp/nnc_fe_run_%ld_y.npy", (long)clock());
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

static void drop_data(void) {
  remove(xpath);
  remove(ypath);
}

typedef struct {
  Source s;
  nnc_status st;
  char out[8192];
} Ran;

/* Checks and runs text with X and Y defined as the generated data; print() goes to out. */
static Ran *run(const char *text) {
  static Ran r;
  memset(&r, 0, sizeof r);
  fe_source_init(&r.s, "m.py", text, strlen(text));
  Module *m = NULL;
  FeChecked objs = {0};
  r.st = fe_parse(&r.s, &m);
  if (r.st == NNC_OK)
    r.st = fe_check(&r.s, m, &objs);
  if (r.st == NNC_OK)
    r.st = fe_lowerable(&r.s, m);
  if (r.st == NNC_OK) {
    const char *names[] = {"X", "Y"}, *paths[] = {xpath, ypath};
    FILE *out = tmpfile();
    cr_assert(out);
    FeRunOptions o = {.define_names = names, .define_paths = paths, .ndefines = 2, .seed = 5,
                      .seeded = true, .out = out};
    r.st = fe_run(&r.s, m, &objs, &o);
    rewind(out);
    r.out[fread(r.out, 1, sizeof r.out - 1, out)] = 0;
    fclose(out);
  }
  fe_module_free(m);
  base_free(objs.objs);
  return &r;
}

static const char head[] =
    "import tensorflow as tf\n"
    "from tensorflow.keras import Sequential\n"
    "from tensorflow.keras.layers import Dense, Input\n"
    "X = load('x.npy')\n"
    "Y = load('y.npy')\n";

TestSuite(frontend, .init = make_data, .fini = drop_data);

Test(frontend, trains_and_evaluates_a_sequential_model_file) {
  char text[2048];
  snprintf(text, sizeof text, "%s"
           "model = Sequential([Dense(8, activation='relu', input_shape=(4,)), Dense(1, activation='sigmoid')])\n"
           "model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.05),\n"
           "              loss='binary_crossentropy', metrics=['accuracy'])\n"
           "model.fit(X, Y, epochs=40, batch_size=32, verbose=0)\n"
           "loss, acc = model.evaluate(X, Y, verbose=0)\n"
           "print(loss, acc)\n", head);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", r->s.ndiags ? r->s.diags[0].msg : nnc_last_error());
  double loss, acc;
  cr_assert_eq(sscanf(r->out, "%lf %lf", &loss, &acc), 2, "output: %s", r->out);
  cr_assert_lt(loss, 0.3);
  cr_assert_gt(acc, 0.9);
}

Test(frontend, builds_a_model_with_add_and_predicts) {
  char text[2048];
  snprintf(text, sizeof text, "%s"
           "model = Sequential()\nmodel.add(Input(shape=(4,)))\nmodel.add(Dense(3))\n"
           "model.add(Dense(2, activation='softmax'))\n"
           "model.summary()\nP = model.predict(X, verbose=0)\nprint(P)\n", head);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", r->s.ndiags ? r->s.diags[0].msg : nnc_last_error());
  cr_assert(strstr(r->out, "dense (Dense)                     (None, 3)                             15\n"), "%s", r->out);
  cr_assert(strstr(r->out, " Total params: 23 (0.09 KB)\n"), "%s", r->out);
  cr_assert(strstr(r->out, "\n ...\n"), "%s", r->out);
}

Test(frontend, prints_values_as_python_does) {
  Ran *r = run("x = 2.5\nprint(1, x, 'a', [1, 'b', -0.5], (3,), (), None, True, 1e-3, 3.)\n");
  cr_assert_eq(r->st, NNC_OK);
  cr_assert_str_eq(r->out, "1 2.5 a [1, 'b', -0.5] (3,) () None True 0.001 3.0\n");
}

Test(frontend, reports_a_missing_data_file_at_its_load) {
  Ran *r = run("a = 1\nZ = load('/nonexistent/z.npy')\nprint('not reached')\n");
  cr_assert_eq(r->st, NNC_ERR_IO);
  cr_assert_eq(r->s.ndiags, 1);
  cr_assert_eq(r->s.diags[0].pos.line, 2);
  cr_assert_eq(r->s.diags[0].pos.col, 5);
  cr_assert(strstr(r->s.diags[0].msg, "/nonexistent/z.npy"), "%s", r->s.diags[0].msg);
  cr_assert_str_eq(r->out, "");
}

Test(frontend, reports_data_that_does_not_fit_the_model_at_fit) {
  char text[2048];
  snprintf(text, sizeof text, "%s"
           "model = Sequential([Dense(2, input_shape=(5,))])\nmodel.compile(loss='mse')\n"
           "model.fit(X, Y, verbose=0)\n", head);
  Ran *r = run(text);
  cr_assert_neq(r->st, NNC_OK);
  cr_assert_eq(r->s.ndiags, 1);
  cr_assert_eq(r->s.diags[0].pos.line, 8, "%d: %s", r->s.diags[0].pos.line, r->s.diags[0].msg);
}

static Ran *run_file(const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/oldfe/models/%s", NNC_TEST_DATA, name);
  FILE *f = fopen(path, "rb");
  cr_assert(f, "%s", path);
  static char text[8192];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = 0;
  return run(text);
}

Test(frontend, runs_a_functional_model_file_with_two_branches) {
  Ran *r = run_file("functional.nn");
  cr_assert_eq(r->st, NNC_OK, "%s", r->s.ndiags ? r->s.diags[0].msg : nnc_last_error());
  cr_assert(strstr(r->out, "Model: \"functional\"\n"), "%s", r->out);
  cr_assert(strstr(r->out, "input_layer (InputLayer)          (None, 4)                              0   -\n"), "%s", r->out);
  cr_assert(strstr(r->out, "concatenate (Concatenate)         (None, 32)                             0   dense[0][0], dense_2[0][0]\n"), "%s", r->out);
  cr_assert(strstr(r->out, "dense_3 (Dense)                   (None, 16)                           528   concatenate[0][0]\n"), "%s", r->out);
  cr_assert(strstr(r->out, "add (Add)                         (None, 16)                             0   dense_3[0][0], dense[0][0]\n"), "%s", r->out);
  cr_assert(strstr(r->out, "activation (Activation)           (None, 16)                             0   add[0][0]\n"), "%s", r->out);
  cr_assert(strstr(r->out, "head (Dense)                      (None, 1)                             17   activation[0][0]\n"), "%s", r->out);
  cr_assert(strstr(r->out, " Total params: 977 (3.82 KB)\n"), "%s", r->out);
  double loss, acc;
  cr_assert_eq(sscanf(strstr(r->out, "Non-trainable params: 0 (0.00 B)\n") + 33, "%lf %lf", &loss, &acc), 2, "output: %s", r->out);
  cr_assert_lt(loss, 0.3);
  cr_assert_gt(acc, 0.9);
}

Test(frontend, fit_takes_validation_data_initial_epoch_and_early_stopping) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
           "from tensorflow.keras.callbacks import EarlyStopping\n"
           "model = Sequential([Input(shape=(4,)), Dense(8, activation='relu'), Dense(1, activation='sigmoid')])\n"
           "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])\n"
           "stop = EarlyStopping(monitor='val_accuracy', min_delta=10, patience=1, restore_best_weights=True)\n"
           "model.fit(X, Y, epochs=30, validation_data=(X, Y), callbacks=[stop], initial_epoch=2, verbose=0)\n"
           "print(model.evaluate(X, Y, verbose=0))\n", head);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", r->s.ndiags ? r->s.diags[0].msg : nnc_last_error());
  double loss, acc;
  cr_assert_eq(sscanf(r->out, "[%lf, %lf]", &loss, &acc), 2, "%s", r->out);
  cr_assert(isfinite(loss));
}

Test(frontend, reports_an_early_stopping_without_validation_at_fit) {
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

Test(frontend, reports_shapes_that_cannot_fit_before_anything_runs) {
  Ran *r = run("from keras import Input, Model\nfrom keras.layers import Dense, Add, Concatenate\n"
               "print('not reached')\n"
               "x = Input(shape=(4,))\na = Dense(3)(x)\nb = Dense(5)(x)\n"
               "s = Add()([a, b])\nc = Concatenate(axis=2)([a, b])\nm = Model(x, s)\n");
  cr_assert_eq(r->st, NNC_ERR_TYPE);
  cr_assert_eq(r->s.nerrors, 2);
  cr_assert_eq(r->s.diags[0].pos.line, 7);
  cr_assert_eq(r->s.diags[0].pos.col, 5);
  cr_assert_str_eq(r->s.diags[0].msg, "Add needs inputs of one shape, but item 1 is (None, 3) and item 2 is (None, 5)");
  cr_assert_eq(r->s.diags[1].pos.line, 8);
  cr_assert_eq(r->s.diags[1].pos.col, 22);
  cr_assert_str_eq(r->s.diags[1].msg, "axis=2 cannot concatenate vectors: use -1 (or 1), the feature axis");
  cr_assert_str_eq(r->out, "");
}

Test(frontend, builds_a_residual_add_of_the_input) {
  Ran *r = run("from keras import Input, Model\nfrom keras.layers import Dense, Add\n"
               "x = Input(shape=(4,))\na = Dense(4)(x)\n"
               "s = Add()([a, x])\nm = Model(x, s)\nprint('built')\n");
  cr_assert_eq(r->st, NNC_OK, "%s", r->s.ndiags ? r->s.diags[0].msg : "");
  cr_assert_str_eq(r->out, "built\n");
}

Test(frontend, refuses_what_the_layer_graph_cannot_do_yet) {
  Ran *r = run("from keras import Input, Model\nfrom keras.layers import Dense, Add\n"
               "x = Input(shape=(28, 28))\nd = Dense(3)\na = d(x)\nb = d(a)\n"
               "m = Model(x, [a, b])\n"
               "from keras import Sequential\ns = Sequential([Dense(2), Add()])\n");
  cr_assert_eq(r->st, NNC_ERR_TYPE);
  cr_assert_eq(r->s.nerrors, 4);
  cr_assert_str_eq(r->s.diags[0].msg, "an input of more than one dimension is not supported by nnc run yet");
  cr_assert_eq(r->s.diags[0].pos.line, 3);
  cr_assert_str_eq(r->s.diags[1].msg, "calling the same layer twice (shared weights) is not supported by "
                                      "nnc run yet; make a new layer for each call");
  cr_assert_eq(r->s.diags[1].pos.line, 6);
  cr_assert_str_eq(r->s.diags[2].msg, "a model with more than one output is not supported by nnc run yet");
  cr_assert_eq(r->s.diags[2].pos.line, 7);
  cr_assert_str_eq(r->s.diags[3].msg, "Add joins several tensors and cannot be a layer of a Sequential "
                                      "model; use the functional API (Model(inputs, outputs))");
  cr_assert_eq(r->s.diags[3].pos.line, 9);
  cr_assert_str_eq(r->out, "");
}
