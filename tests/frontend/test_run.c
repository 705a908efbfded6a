/* test_run.c — model files executed through nnc.h: training, evaluation, printing, summary,
 * and runtime failures reported at the statement that caused them. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "formats.h"
#include "frontend.h"
#include "ir.h"
#include "support.h"

static char xpath[128], ypath[128];

/* 256 samples of 4 features; the label is 1 when x0 + x1 > 0. */
static void make_data(void) {
  setenv("COLUMNS", "80", 1); /* summaries as Keras prints them to a pipe */
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
  cr_assert(strstr(r->out, "│ dense (Dense)                   │ (None, 3)              │            15 │\n"), "%s", r->out);
  cr_assert(strstr(r->out, " Total params: 23 (92.00 B)\n"), "%s", r->out);
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

Test(frontend, summary_is_keras_s_for_unbuilt_and_numbered_models) {
  char text[2048];
  snprintf(text, sizeof text, "%s"
           "a = Sequential([Dense(3), Dense(1)])\na.summary()\n"
           "b = Sequential([Dense(2, input_dim=4)], name='mine')\nb.summary(line_length=60)\n"
           "c = Sequential([Input(shape=(4,)), Dense(2)])\nc.summary()\n", head);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", r->s.ndiags ? r->s.diags[0].msg : nnc_last_error());
  /* Keras's unbuilt model: no input size yet */
  cr_expect(strstr(r->out, "Model: \"sequential\"\n"), "%s", r->out);
  cr_expect(strstr(r->out, "│ dense (Dense)                   │ ?                      │   0 (unbuilt) │\n"), "%s", r->out);
  cr_expect(strstr(r->out, " Total params: 0 (0.00 B)\n"), "%s", r->out);
  /* input_dim gives the size; line_length the width */
  cr_expect(strstr(r->out, "Model: \"mine\"\n┏━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┓\n"), "%s", r->out);
  cr_expect(strstr(r->out, "│ dense (Dense)            │ (None, 2)         │        10 │\n"), "%s", r->out);
  /* Keras numbers the models it names */
  cr_expect(strstr(r->out, "Model: \"sequential_1\"\n"), "%s", r->out);
}

static Ran *run_file(const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/frontend/models/%s", NNC_TEST_DATA, name);
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
  /* model.summary() prints what Keras 3 prints for this model */
  char path[512], want[8192];
  snprintf(path, sizeof path, "%s/keras/golden/summary/functional.txt", NNC_TEST_DATA);
  FILE *f = fopen(path, "rb");
  cr_assert(f, "%s", path);
  want[fread(want, 1, sizeof want - 1, f)] = '\0';
  fclose(f);
  cr_assert(strncmp(r->out, want, strlen(want)) == 0, "got\n%s\nwant\n%s", r->out, want);
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

/* ---- gelu through a model file, against training written out in C ---- */

enum { NS = 256, NF = 4, NH = 5, NB = 32 };

typedef struct {
  double w1[NF * NH], b1[NH], w2[NH], b2;
} Mlp;

static void read_mlp(const char *path, Mlp *m) {
  StSet *s;
  cr_assert_eq(fmt_st_read(path, &s), NNC_OK, "%s", nnc_last_error());
  const char *names[4] = {"dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"};
  double *dst[4] = {m->w1, m->b1, m->w2, &m->b2};
  int n[4] = {NF * NH, NH, NH, 1};
  for (int k = 0; k < 4; k++) {
    nnc_tensor *t = fmt_st_get(s, names[k]);
    cr_assert(t && nnc_tensor_dtype(t) == NNC_F32 && nnc_tensor_numel(t) == n[k], "%s", names[k]);
    for (int i = 0; i < n[k]; i++)
      dst[k][i] = ((const float *)nnc_tensor_cdata(t))[i];
  }
  fmt_st_free(s);
}

/* One SGD step of Dense(NH, gelu) -> Dense(1) on mean squared error, in f64, with Keras's
 * gelu (the exact form) and its derivative P(z) + z p(z) from libm's erf. */
static void sgd_step(Mlp *m, const float *x, const float *y, double lr) {
  Mlp d = {0};
  for (int i = 0; i < NB; i++) {
    double z[NH], a[NH], out = m->b2;
    for (int h = 0; h < NH; h++) {
      z[h] = m->b1[h];
      for (int f = 0; f < NF; f++)
        z[h] += x[i * NF + f] * m->w1[f * NH + h];
      a[h] = 0.5 * z[h] * (1 + erf(z[h] / sqrt(2)));
      out += a[h] * m->w2[h];
    }
    double dout = 2 * (out - y[i]) / NB;
    d.b2 += dout;
    for (int h = 0; h < NH; h++) {
      double pdf = exp(-z[h] * z[h] / 2) / sqrt(2 * 3.14159265358979323846);
      double dz = dout * m->w2[h] * (0.5 * (1 + erf(z[h] / sqrt(2))) + z[h] * pdf);
      d.w2[h] += dout * a[h];
      d.b1[h] += dz;
      for (int f = 0; f < NF; f++)
        d.w1[f * NH + h] += x[i * NF + f] * dz;
    }
  }
  double *p = (double *)m, *g = (double *)&d;
  for (size_t k = 0; k < sizeof *m / sizeof(double); k++)
    p[k] -= lr * g[k];
}

Test(frontend, trains_a_gelu_model_file_as_training_written_out_in_c) {
  char before[160], after[160], text[2048];
  snprintf(before, sizeof before, "%s.before.safetensors", xpath);
  snprintf(after, sizeof after, "%s.after.safetensors", xpath);
  snprintf(text, sizeof text, "%s"
           "model = Sequential([Dense(5, activation='gelu', input_shape=(4,)), Dense(1)])\n"
           "model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.2), loss='mse')\n"
           "model.save_weights('%s')\n"
           "model.fit(X, Y, epochs=2, batch_size=32, shuffle=False, verbose=0)\n"
           "model.save_weights('%s')\n", head, before, after);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", r->s.ndiags ? r->s.diags[0].msg : nnc_last_error());
  Mlp start, want, got;
  read_mlp(before, &start);
  read_mlp(after, &got);
  want = start;
  nnc_tensor *x, *y;
  cr_assert_eq(nnc_tensor_load(xpath, NNC_F32, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_load(ypath, NNC_F32, &y), NNC_OK);
  for (int step = 0; step < 2 * NS / NB; step++) { /* two epochs, batches in order */
    int b = step % (NS / NB);
    sgd_step(&want, (const float *)nnc_tensor_cdata(x) + b * NB * NF,
             (const float *)nnc_tensor_cdata(y) + b * NB, 0.2);
  }
  const double *w = (double *)&want, *g = (double *)&got, *w0 = (double *)&start;
  double worst = 0, moved = 0;
  for (size_t k = 0; k < sizeof want / sizeof(double); k++) {
    worst = fmax(worst, fabs(g[k] - w[k]) / fmax(fabs(w[k]), 1e-2));
    moved = fmax(moved, fabs(w[k] - w0[k]));
  }
  cr_log_info("gelu model file: worst relative difference %.3g (weights moved up to %.3g)", worst,
              moved);
  cr_expect_gt(moved, 0.05, "the training barely moved the weights: %g", moved);
  cr_expect_leq(worst, 1e-5, "nnc's f32 training is %.3g from the f64 one", worst);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  remove(before);
  remove(after);
}
