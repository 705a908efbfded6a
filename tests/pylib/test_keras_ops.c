/* test_keras_ops.c — operators and keras.ops on Keras tensors (pylib/keras_ops.c, the
 * Operation and merge layers of keras/layer_ops.c and keras/layer_merge.c), and
 * keras.backend. A functional model that uses every operation trains one full-batch SGD
 * step; its loss must be the model's maths written out in C (f64), and the step must be
 * the gradient of that written-out loss, taken by central differences. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "pylib.h"
#include "support.h"

enum { NS = 64, NF = 4, NH = 3, NC = 13 };   /* samples, features, units, concatenated */
#define LR 0.005                              /* SGD's learning rate */

static char xpath[512], ypath[512];

static void make_data(void) {
  test_dir_make();
  snprintf(xpath, sizeof xpath, "%s", test_path("x.npy"));
  snprintf(ypath, sizeof ypath, "%s", test_path("y.npy"));
  int64_t xs[2] = {NS, NF}, ys[2] = {NS, 1};
  nnc_tensor *x, *y;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, &y), NNC_OK);
  float *xd = nnc_tensor_data(x), *yd = nnc_tensor_data(y);
  TestRng r = test_rng(11);
  for (int i = 0; i < NS; i++) {
    for (int j = 0; j < NF; j++)
      xd[i * NF + j] = (float)test_uniform(&r, -1, 1);
    yd[i] = (float)(xd[i * NF] * xd[i * NF + 1] - xd[i * NF + 2]);
  }
  cr_assert_eq(nnc_tensor_save(x, xpath), NNC_OK);
  cr_assert_eq(nnc_tensor_save(y, ypath), NNC_OK);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

TestSuite(keras_ops, .init = make_data, .fini = test_dir_remove);

typedef struct {
  Source s;
  nnc_status st;
  int code;
  char out[16384];
} Ran;

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
  PlOptions o = {.define_names = names, .define_paths = paths, .ndefines = 2, .seed = 7,
                 .seeded = true};
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

/* ---- the model, in Python and in C ---- */

static const char model_text[] =
    "import keras\n"
    "from keras import ops\n"
    "from keras.layers import Input, Dense, Multiply, Subtract, Average, Maximum, Minimum\n"
    "X = load('x.npy')\nY = load('y.npy')\n"
    "inp = Input(shape=(4,))\n"
    "a = Dense(3)(inp)\n"
    "b = Dense(3)(inp)\n"
    "u = a * b - a / (ops.square(b) + 2.0) + (-a) * 0.5 + 2.0 - b\n"
    "v = (1.5 - a) ** 2 + 2.0 ** b + abs(b) + ops.sqrt(ops.square(a) + 1.0) + "
    "ops.log(ops.exp(b) + 1.0)\n"
    "w = ops.maximum(a, b) + ops.minimum(a, 0.3) + Maximum()([a, b]) * Minimum()([a, b]) + "
    "Average()([a, b]) + Multiply()([a, b]) + Subtract()([a, b]) / 2.0 + "
    "ops.absolute(ops.negative(b)) - ops.divide(a, 4.0) + ops.multiply(2.0, a) + "
    "ops.subtract(b, a) + ops.add(a, 1.0) + ops.power(b, 2)\n"
    "m = ops.mean(u, axis=-1, keepdims=True)\n"
    "s = ops.sum(v, axis=1, keepdims=True)\n"
    "mx = ops.max(w, axis=-1, keepdims=True)\n"
    "mn = ops.min(u * m, axis=(1,), keepdims=True)\n"
    "h = ops.concatenate([u, v / 10.0, w / 10.0, m, s / 10.0, mx, mn], axis=-1)\n"
    "out = Dense(1)(h)\n"
    "model = keras.Model(inp, out)\n";

/* The weights as save_weights names them. */
typedef struct {
  double k0[NF * NH], b0[NH], k1[NF * NH], b1[NH], k2[NC], b2;
} Weights;

static const char *const wnames[] = {"dense/kernel", "dense/bias", "dense_1/kernel",
                                     "dense_1/bias", "dense_2/kernel", "dense_2/bias"};
static const int wsizes[] = {NF * NH, NH, NF * NH, NH, NC, 1};

static void read_weights(const char *path, Weights *w) {
  StSet *s;
  cr_assert_eq(fmt_st_read(path, &s), NNC_OK, "%s", nnc_last_error());
  double *dst = (double *)w;
  for (int k = 0; k < 6; k++) {
    nnc_tensor *t = fmt_st_get(s, wnames[k]);
    cr_assert(t && nnc_tensor_numel(t) == wsizes[k], "%s", wnames[k]);
    for (int i = 0; i < wsizes[k]; i++)
      *dst++ = ((const float *)nnc_tensor_cdata(t))[i];
  }
  fmt_st_free(s);
}

/* The model's output for one sample x, as model_text says, in f64. */
static double forward(const Weights *W, const float *x) {
  double a[NH], b[NH], u[NH], v[NH], w[NH], h[NC];
  for (int j = 0; j < NH; j++) {
    a[j] = W->b0[j], b[j] = W->b1[j];
    for (int f = 0; f < NF; f++)
      a[j] += x[f] * W->k0[f * NH + j], b[j] += x[f] * W->k1[f * NH + j];
  }
  double m = 0, s = 0, mx = -INFINITY, mn = INFINITY;
  for (int j = 0; j < NH; j++) {
    u[j] = a[j] * b[j] - a[j] / (b[j] * b[j] + 2.0) + (-a[j]) * 0.5 + 2.0 - b[j];
    v[j] = pow(1.5 - a[j], 2) + pow(2.0, b[j]) + fabs(b[j]) + sqrt(a[j] * a[j] + 1.0) +
           log(exp(b[j]) + 1.0);
    double hi = fmax(a[j], b[j]), lo = fmin(a[j], b[j]);
    w[j] = hi + fmin(a[j], 0.3) + hi * lo + (a[j] + b[j]) / 2 + a[j] * b[j] +
           (a[j] - b[j]) / 2.0 + fabs(-b[j]) - a[j] / 4.0 + 2.0 * a[j] + (b[j] - a[j]) +
           (a[j] + 1.0) + pow(b[j], 2);
    m += u[j] / NH;
    s += v[j];
    mx = fmax(mx, w[j]);
  }
  for (int j = 0; j < NH; j++)
    mn = fmin(mn, u[j] * m);
  for (int j = 0; j < NH; j++)
    h[j] = u[j], h[NH + j] = v[j] / 10.0, h[2 * NH + j] = w[j] / 10.0;
  h[9] = m, h[10] = s / 10.0, h[11] = mx, h[12] = mn;
  double o = W->b2;
  for (int k = 0; k < NC; k++)
    o += h[k] * W->k2[k];
  return o;
}

static double mse(const Weights *W, const float *x, const float *y) {
  double sum = 0;
  for (int i = 0; i < NS; i++) {
    double d = forward(W, x + i * NF) - y[i];
    sum += d * d;
  }
  return sum / NS;
}

Test(keras_ops, trains_a_model_of_every_operation_as_its_maths_written_out) {
  char before[600], after[600], text[8192];
  snprintf(before, sizeof before, "%s.before.safetensors", xpath);
  snprintf(after, sizeof after, "%s.after.safetensors", xpath);
  snprintf(text, sizeof text, "%s"
           "model.compile(optimizer=keras.optimizers.SGD(learning_rate=%g), loss='mse')\n"
           "model.save_weights('%s')\n"
           "print('%%.9g' %% model.evaluate(X, Y, verbose=0, batch_size=%d))\n"
           "model.fit(X, Y, epochs=1, batch_size=%d, shuffle=False, verbose=0)\n"
           "model.save_weights('%s')\n"
           "print('%%.9g' %% model.evaluate(X, Y, verbose=0, batch_size=%d))\n",
           model_text, LR, before, NS, NS, after, NS);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  double loss0, loss1;
  cr_assert_eq(sscanf(r->out, "%lf %lf", &loss0, &loss1), 2, "output: %s", r->out);
  Weights w0, w1;
  read_weights(before, &w0);
  read_weights(after, &w1);
  nnc_tensor *x, *y;
  cr_assert_eq(nnc_tensor_load(xpath, NNC_F32, &x), NNC_OK);
  cr_assert_eq(nnc_tensor_load(ypath, NNC_F32, &y), NNC_OK);
  const float *xd = nnc_tensor_cdata(x), *yd = nnc_tensor_cdata(y);
  double want0 = mse(&w0, xd, yd), want1 = mse(&w1, xd, yd);
  cr_assert(fabs(loss0 - want0) <= 1e-5 * fabs(want0), "loss %.9g, by hand %.9g", loss0, want0);
  cr_assert(fabs(loss1 - want1) <= 1e-5 * fabs(want1), "loss %.9g, by hand %.9g", loss1, want1);
  cr_assert_lt(loss1, loss0, "one step of SGD lowers the loss: %g, then %g", loss0, loss1);
  /* the step is -lr times the gradient of the written-out loss */
  double *p0 = (double *)&w0, *p1 = (double *)&w1, worst = 0;
  for (size_t k = 0; k < sizeof w0 / sizeof(double); k++) {
    Weights wp = w0, wm = w0;
    double eps = 1e-6;
    ((double *)&wp)[k] += eps;
    ((double *)&wm)[k] -= eps;
    double g = (mse(&wp, xd, yd) - mse(&wm, xd, yd)) / (2 * eps);
    double step = (p0[k] - p1[k]) / LR;
    worst = fmax(worst, fabs(step - g) / fmax(fabs(g), 1e-1));
  }
  cr_log_info("keras.ops model: loss %.6g -> %.6g, worst gradient difference %.3g", loss0,
              loss1, worst);
  cr_assert_leq(worst, 2e-3, "nnc's step is %.3g from the written-out gradient", worst);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  remove(before);
  remove(after);
}

/* ---- @, // and % against Keras 3.15.1 (JAX) ---- */

/* Two models of x @ W, W @ x, x @ y, // and %: each prints its predictions, fit's three
 * losses and its predictions after. */
static const char matmul_program[] =
    "import numpy as np, keras\n"
    "from keras import ops\n"
    "from keras.layers import Input, Dense, Flatten\n"
    "X = np.linspace(-1.0, 1.0, 24).reshape(8, 3).astype('float32')\n"
    "Y = (X[:, :1] * X[:, 1:2] - X[:, 2:3]).astype('float32')\n"
    "W = np.array([[0.5, -1.0], [1.5, 0.25], [-0.75, 2.0]], dtype='float32')\n"
    "K = [np.array([[0.2, -0.4, 0.6], [0.8, 0.1, -0.3], [-0.5, 0.7, 0.25]]),\n"
    "     np.array([0.1, -0.2, 0.05]), np.array([[0.3], [-0.2], [0.1], [0.4], [-0.1], [0.25]]),\n"
    "     np.array([0.05])]\n"
    "def run(model, x, y, lr, batch):\n"
    "    model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr), loss='mse')\n"
    "    model.set_weights(K)\n"
    "    p = model.predict(x, verbose=0)\n"
    "    h = model.fit(x, y, epochs=3, batch_size=batch, shuffle=False, verbose=0)\n"
    "    q = model.predict(x, verbose=0)\n"
    "    print(' '.join(['%.7f' % v for v in list(p[:, 0]) + h.history['loss'] + list(q[:, 0])]))\n"
    "inp = Input(shape=(3,))\n"
    "d = Dense(3)(inp)\n"
    "h = d @ W\n"
    "u = ops.matmul(d, W)\n"
    "q = h % 0.7 + 2.5 % (h + 3.0) + ops.mod(h, u + 4.0)\n"
    "r = h // 0.5 + 1.0 // (u + 3.0) + ops.floor_divide(h, u + 4.0)\n"
    "run(keras.Model(inp, Dense(1)(ops.concatenate([q, r, h], axis=-1))), X, Y, 0.005, 8)\n"
    "L = np.array([[1.0, -0.5], [0.25, 0.75]], dtype='float32')\n"
    "x3 = Input(shape=(2, 3))\n"
    "e = Dense(3)(x3)\n"
    "c = (e @ W) @ ops.matmul(L, e)\n"
    "run(keras.Model(x3, Dense(1)(Flatten()(c))), X.reshape(4, 2, 3),\n"
    "    Y.reshape(4, 2).sum(axis=1, keepdims=True), 0.01, 4)\n";

/* What Keras printed for matmul_program. */
static const double keras_numbers[] = {
    -1.2057610, -0.4106523, -0.3832609, -0.3558695, 1.4245653, 0.2726086, 0.3022827, 0.7319566,
    2.0288928, 1.8837922, 1.7062064,
    -0.1440019, 0.0186556, -0.0832840, -0.0876249, 1.4821527, 1.5165191, 0.2930796, 0.7817721,
    0.2751510, 0.0747564, 0.0856916, 0.3079568,
    1.9575720, 1.9126184, 1.8645909,
    0.3872419, 0.1158591, 0.0901759, 0.3101922};

Test(keras_ops, matmul_floor_divide_and_mod_train_as_keras) {
  Ran *r = run(matmul_program);
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  const char *p = r->out;
  int n = (int)(sizeof keras_numbers / sizeof *keras_numbers), i = 0;
  for (char *end; i < n; i++, p = end) {
    double v = strtod(p, &end);
    cr_assert(end != p, "number %d missing in: %s", i, r->out);
    cr_assert(fabs(v - keras_numbers[i]) <= 2e-6 + 1e-5 * fabs(keras_numbers[i]),
              "number %d: nnc %.7f, Keras %.7f", i, v, keras_numbers[i]);
  }
}

Test(keras_ops, summary_shows_matmul_floor_divide_and_mod_as_keras) {
  Ran *r = run("import numpy as np, keras\nfrom keras import ops\n"
               "from keras.layers import Input, Dense\n"
               "W = np.array([[0.5, -1.0], [1.5, 0.25], [-0.75, 2.0]], dtype='float32')\n"
               "x = Input(shape=(2, 3))\nd = Dense(3)(x)\nh = d @ W\nf = h // 0.5\n"
               "g = ops.mod(h, f)\nc = g @ ops.matmul(np.array([[1.0, 2.0], [0.5, -1.0]]), d)\n"
               "m = keras.Model(x, c)\nm.summary()\nprint(m.count_params())\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert_str_eq(r->out,
    "Model: \"functional\"\n"
    "┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓\n"
    "┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃\n"
    "┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩\n"
    "│ input_layer         │ (None, 2, 3)      │          0 │ -                 │\n"
    "│ (InputLayer)        │                   │            │                   │\n"
    "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n"
    "│ dense (Dense)       │ (None, 2, 3)      │         12 │ input_layer[0][0] │\n"
    "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n"
    "│ matmul (Matmul)     │ (None, 2, 2)      │          0 │ dense[0][0]       │\n"
    "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n"
    "│ floor_divide        │ (None, 2, 2)      │          0 │ matmul[0][0]      │\n"
    "│ (FloorDivide)       │                   │            │                   │\n"
    "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n"
    "│ mod (Mod)           │ (None, 2, 2)      │          0 │ matmul[0][0],     │\n"
    "│                     │                   │            │ floor_divide[0][… │\n"
    "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n"
    "│ matmul_1 (Matmul)   │ (None, 2, 3)      │          0 │ dense[0][0]       │\n"
    "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n"
    "│ matmul_2 (Matmul)   │ (None, 2, 3)      │          0 │ mod[0][0],        │\n"
    "│                     │                   │            │ matmul_1[0][0]    │\n"
    "└─────────────────────┴───────────────────┴────────────┴───────────────────┘\n"
    " Total params: 12 (48.00 B)\n"
    " Trainable params: 12 (48.00 B)\n"
    " Non-trainable params: 0 (0.00 B)\n"
    "12\n");
}

/* A 300 x 200 matrix (more JSON than a layer's config used to hold) as `W @ x` and `x @ W`:
 * saved in the .keras file's config, loaded back, and never a weight. */
Test(keras_ops, keeps_a_constant_matrix_in_the_config_not_the_weights) {
  char text[4096];
  snprintf(text, sizeof text,
           "import numpy as np, keras\nfrom keras.layers import Input, Dense, Flatten\n"
           "W = (np.arange(60000) %% 7).reshape(300, 200)\n"
           "x = Input(shape=(1, 300))\n"
           "d = Dense(300, kernel_initializer='zeros', bias_initializer='ones')(x)\n"
           "y = Flatten()(np.ones((2, 1)) @ (d @ W))\n"
           "m = keras.Model(x, Dense(1, kernel_initializer='ones')(y))\n"
           "m.compile(optimizer='sgd', loss='mse')\n"
           "X = np.ones((2, 1, 300))\np = m.predict(X, verbose=0)\n"
           "print(m.count_params(), len(m.weights), p[0, 0])\n"
           "m.save('%s')\nm2 = keras.models.load_model('%s')\n"
           "print(abs(m2.predict(X, verbose=0) - p).max())\n"
           "m.export('%s', format='onnx')\n",
           test_path("m.keras"), test_path("m.keras"), test_path("m.onnx"));
  Ran *r = run(text);
  /* d is all ones, so the 2 x 200 values Flatten makes are the sums of W's columns, twice */
  cr_assert(strstr(r->out, "90701 4 359988.0\n0.0\n"), "%s", r->out);
  cr_assert_str_eq(first(r), "layer 'matmul' (Matmul): the operation has no ONNX form "
                   "in nnc yet");
  remove(test_path("m.keras"));
}

/* ---- shapes, names and errors ---- */

Test(keras_ops, records_shapes_and_names_as_keras) {
  Ran *r = run("import keras\nfrom keras import ops, Input\nfrom keras.layers import Dense\n"
               "x = Input(shape=(4,))\na = Dense(3)(x)\n"
               "print(ops.sum(a, axis=-1).shape, ops.mean(a, axis=1, keepdims=True).shape)\n"
               "print((a * True).shape, (a * ops.max(a, axis=-1, keepdims=True)).shape)\n"
               "print(ops.concatenate([a, x], axis=-1))\n"
               "p = a * a\nq = 1 - p\nr = ops.multiply(q, p)\n"
               "m = keras.Model(x, Dense(1)(r))\nm.summary()\n"
               "print(keras.backend.is_keras_tensor(p), keras.backend.is_keras_tensor(1.0))\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert(strstr(r->out, "(None,) (None, 1)\n(None, 3) (None, 3)\n"
                           "<KerasTensor shape=(None, 7), dtype=float32>\n"), "%s", r->out);
  /* Keras 3.15's names: one counter per name for the run, the unused `a * True` and
   * `a * ops.max(...)` counting too */
  cr_assert(strstr(r->out, "│ multiply_2          │ (None, 3)         │          0 │ dense[0][0],"),
            "%s", r->out);
  cr_assert(strstr(r->out, "│ subtract (Subtract) │"), "%s", r->out);
  cr_assert(strstr(r->out, "│ multiply_3          │"), "%s", r->out);
  cr_assert(strstr(r->out, "│ dense_1 (Dense)     │ (None, 1)         │          4 │ multiply_3[0][0]"),
            "%s", r->out);
  cr_assert(strstr(r->out, "True False\n"), "%s", r->out);
}

/* Python's / makes keras.ops.true_divide, keras.ops.divide its own class (Keras 3.15). */
Test(keras_ops, slash_is_true_divide_as_in_keras) {
  Ran *r = run("import keras\nx = keras.Input(shape=(2,))\n"
               "keras.Model(x, keras.ops.divide(x / 2.0, x)).summary()\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert(strstr(r->out, "│ true_divide         │ (None, 2)         │          0 │ input_layer[0][0] │\n"
                           "│ (TrueDivide)        │"), "%s", r->out);
  cr_assert(strstr(r->out, "│ divide (Divide)     │ (None, 2)         │          0 │ true_divide[0][0… │"),
            "%s", r->out);
}

/* A program that fails at `line` with message msg. */
static void fails_at(const char *text, int line, const char *msg) {
  Ran *r = run(text);
  cr_assert_neq(r->st, NNC_OK, "ran: %s", text);
  cr_assert_str_eq(first(r), msg);
  cr_assert_eq(r->s.diags[0].pos.line, line, "line %d for %s", r->s.diags[0].pos.line, msg);
}

#define HEAD "from keras import ops, Input\nfrom keras.layers import Dense, Subtract\n" \
             "x = Input(shape=(4,))\na = Dense(3)(x)\n"

Test(keras_ops, refuses_what_cannot_fit_at_its_line) {
  fails_at(HEAD "b = Dense(2)(x)\nc = a * b\n", 6,
           "ValueError: keras.ops.multiply: Cannot broadcast shape, the shapes (None, 3) and "
           "(None, 2) differ where neither is 1");
  fails_at(HEAD "m = ops.mean(a)\n", 5,
           "NotImplementedError: keras.ops.mean(x) with axis=None reduces the batch axis too, "
           "which a model's output cannot do: give the sample's axes, such as axis=-1");
  fails_at(HEAD "m = ops.sum(a, axis=0)\n", 5,
           "NotImplementedError: keras.ops.sum over axis 0, the batch axis, is not something a "
           "model can do: each sample's output is its own");
  fails_at(HEAD "m = ops.max(a, axis=2)\n", 5,
           "ValueError: keras.ops.max: axis 2 is out of range for a tensor of rank 2");
  fails_at(HEAD "p = a ** a\n", 5,
           "NotImplementedError: keras.ops.power of two Keras tensors is not supported by nnc "
           "yet: the base or the exponent must be a number");
  fails_at(HEAD "p = a << 2\n", 5,
           "TypeError: '<<' on a Keras tensor (KerasTensor << int) is not supported by nnc: "
           "Keras tensors take + - * / // % ** @ and the functions of keras.ops");
  fails_at(HEAD "p = a @ a\n", 5,
           "ValueError: keras.ops.matmul: (None, 3) @ (None, 3): nnc multiplies (None, m, k) @ "
           "(None, k, n), (None, ..., k) @ (k, n) and (p, m) @ (None, m, k), the batch axis "
           "first");
  fails_at(HEAD "import numpy as np\np = np.ones((2, 2)) @ a\n", 6,
           "ValueError: keras.ops.matmul: (2, 2) @ (None, 3): nnc multiplies (None, m, k) @ "
           "(None, k, n), (None, ..., k) @ (k, n) and (p, m) @ (None, m, k), the batch axis "
           "first");
  fails_at(HEAD "p = ops.sum(a, axis=-1) @ [[1.0, 2.0]]\n", 5,
           "ValueError: keras.ops.matmul: (None,) @ (1, 2): nnc multiplies (None, m, k) @ "
           "(None, k, n), (None, ..., k) @ (k, n) and (p, m) @ (None, m, k), the batch axis "
           "first");
  fails_at(HEAD "p = ops.matmul(a, [1.0, 2.0, 3.0])\n", 5,
           "ValueError: keras.ops.matmul: nnc multiplies a Keras tensor by a matrix of 2 "
           "dimensions, found 1 (list); a vector v can be v.reshape(-1, 1)");
  fails_at(HEAD "p = a @ 2.0\n", 5,
           "ValueError: keras.ops.matmul: nnc multiplies a Keras tensor by a matrix of 2 "
           "dimensions, found 0 (float); a vector v can be v.reshape(-1, 1)");
  fails_at(HEAD "p = a @ [[1.0, 2.0], [3.0, float('nan')], [5.0, 6.0]]\n", 5,
           "ValueError: keras.ops.matmul: nnc takes a matrix of finite numbers, found nan");
  fails_at(HEAD "p = a * float('inf')\n", 5,
           "ValueError: keras.ops.multiply: nnc takes a finite number operand, found inf");
  fails_at(HEAD "p = a * [1.0, 2.0, 3.0]\n", 5,
           "TypeError: keras.ops.multiply(KerasTensor, list): nnc takes Keras tensors and "
           "numbers here (an array as an operand of a Keras tensor is not supported yet)");
  fails_at(HEAD "p = Subtract()([a, a, a])\n", 5,
           "ValueError: Subtract needs exactly 2 inputs, found 3");
  fails_at(HEAD "p = ops.concatenate([a, x])\n", 5,
           "ValueError: axis=0 cannot concatenate vectors: use -1 (or 1), the feature axis");
}

Test(keras_ops, runs_numpys_function_on_data) {
  Ran *r = run("import numpy as np\nfrom keras import ops\n"
               "print(ops.mean(np.array([[1.0, 2.0], [3.0, 5.0]]), axis=1))\n"
               "print(ops.maximum(np.array([1.0, 4.0]), 2.0), ops.square(3.0))\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert_str_eq(r->out, "[1.5 4. ]\n[2. 4.] 9.0\n");
}

Test(keras_ops, keras_backend_names_tutorials_call) {
  Ran *r = run("from keras import backend as K\nimport tensorflow as tf\nK.clear_session()\n"
               "print(K.epsilon(), K.floatx(), tf.keras.backend.image_data_format())\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert_str_eq(r->out, "1e-07 float32 channels_last\n");
  r = run("import tensorflow as tf\nx = 1\nlr = tf.keras.backend.get_value(x)\n");
  cr_assert(strstr(first(r), "keras.backend.get_value is tf.keras 2's and not in Keras 3"),
            "%s", first(r));
  cr_assert_eq(r->s.diags[0].pos.line, 3);
}
