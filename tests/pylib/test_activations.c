/* test_activations.c — keras.activations in model files: the module, a function where a name
 * goes, a function called on a Keras tensor (with its arguments), and what nnc refuses. The
 * expected numbers are the formulas computed apart from nnc (numpy, float64). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "support.h"
#include "support_run.h"

typedef PlRan Ran;

/* Checks and runs text; print() goes to out. */
static Ran *run(const char *text) {
  static Ran r;
  PlOptions o = {.seed = 5, .seeded = true};
  return pl_test_run(&r, "m.py", text, strlen(text), (PlRunHow){.options = &o});
}

static const Diag *first(const Ran *r) {
  cr_assert(r->s.ndiags > 0, "no error reported: %s", r->out);
  return &r->s.diags[0];
}

static const char head[] =
    "import numpy as np\n"
    "import keras\n"
    "x = np.array([[-2.0, -0.5, 0.5, 1.5], [3.0, -3.0, 0.0, 0.25]], dtype=np.float32)\n";

TestSuite(activations);

Test(activations, are_a_module_of_keras_tf_keras_and_from_keras) {
  Ran *r = run("import keras\nimport tensorflow as tf\nfrom keras import activations\n"
               "print(activations.gelu is keras.activations.gelu is tf.keras.activations.gelu)\n"
               "print(keras.activations.swish is keras.activations.silu)\n"
               "print(keras.activations.hard_swish is keras.activations.hard_silu)\n"
               "print(keras.activations.threshold, keras.activations.sparse_sigmoid)\n");
  cr_assert_eq(r->st, NNC_OK, "%s", r->out);
  cr_assert_str_eq(r->out, "True\nTrue\nTrue\n<built-in function threshold> "
                           "<built-in function sparse_sigmoid>\n");
}

/* Keras 3's argument names and defaults: a wrong name is refused before anything runs, and
 * threshold's two arguments are required as in Keras. */
Test(activations, take_keras_argument_names) {
  Ran *r = run("import keras\ni = keras.Input(shape=(4,))\n"
               "keras.activations.gelu(i, approximat=True)\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(first(r)->msg, "approximat"), "%s", first(r)->msg);
  cr_assert_eq(first(r)->pos.line, 3);
  r = run("import keras\ni = keras.Input(shape=(4,))\nkeras.activations.threshold(i)\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(first(r)->msg, "missing required argument 'threshold'"), "%s", first(r)->msg);
}

/* gelu's tanh form and relu's arguments, each the operation Keras 3 makes of the call; the
 * file prints how far nnc's float32 predictions are from the float64 formulas. */
Test(activations, called_on_a_keras_tensor_add_keras_operations_with_arguments) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
           "off = lambda m, want: float(abs(m.predict(x, verbose=0) - np.array(want)).max())\n"
           "i = keras.Input(shape=(4,))\n"
           "t = keras.activations.gelu(i, approximate=True)\n"
           "e = keras.activations.gelu(i)\n"
           "r = keras.activations.relu(t, negative_slope=0.1, max_value=1.0)\n"
           /* 0.5x(1 + tanh(√(2/π)(x + 0.044715x³))) */
           "tanh_form = [[-0.04540231, -0.15428599, 0.34571401, 1.39957158],\n"
           "             [2.99636261, -0.00363739, 0.0, 0.14967535]]\n"
           /* 0.5x(1 + erf(x/√2)) */
           "erf_form = [[-0.04550026, -0.15426877, 0.34573123, 1.3997892],\n"
           "            [2.99595031, -0.00404969, 0.0, 0.14967658]]\n"
           /* of the tanh form: min(t, 1) above 0, 0.1·t below */
           "relu_args = [[-0.00454023, -0.0154286, 0.34571401, 1.0],\n"
           "             [1.0, -0.00036374, 0.0, 0.14967535]]\n"
           "print(off(keras.Model(i, t), tanh_form) < 1e-6, off(keras.Model(i, t), erf_form) > 1e-4)\n"
           "print(off(keras.Model(i, e), erf_form) < 1e-6)\n"
           "m = keras.Model(i, keras.activations.linear(r))\n"
           "print(off(m, relu_args) < 1e-6)\n"
           "g = keras.activations.exponential(keras.activations.swish(keras.activations.glu(r)))\n"
           "keras.Model(i, g).summary()\n", head);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", r->out);
  cr_assert(strstr(r->out, "True True\nTrue\nTrue\n"), "%s", r->out);
  /* Keras 3.15's summary of the same model (glu halves the features) */
  cr_assert(strstr(r->out,
      "│ gelu (Gelu)                     │ (None, 4)              │             0 │\n"
      "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
      "│ re_lu (ReLU)                    │ (None, 4)              │             0 │\n"
      "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
      "│ glu (Glu)                       │ (None, 2)              │             0 │\n"
      "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
      "│ silu (Silu)                     │ (None, 2)              │             0 │\n"
      "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
      "│ exp (Exp)                       │ (None, 2)              │             0 │\n"), "%s", r->out);
  cr_assert(!strstr(r->out, "linear"), "linear is its input, no layer, as Keras's: %s", r->out);
}

/* What Keras 3 refuses on a Keras tensor, nnc refuses with Keras's error at the call: glu on
 * an odd width, and the activations Keras computes with JAX functions. */
Test(activations, refused_on_a_keras_tensor_as_keras_refuses) {
  Ran *r = run("import keras\ni = keras.Input(shape=(5,))\nkeras.activations.glu(i)\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(first(r)->msg, "axis size must be divisible by 2. Received: x.shape=(None, 5) "
                   "with axis=-1"), "%s", first(r)->msg);
  cr_assert_eq(first(r)->pos.line, 3);
  const char *refused[] = {"hard_silu", "hard_swish", "mish", "sparsemax"};
  for (size_t k = 0; k < sizeof refused / sizeof *refused; k++) {
    char text[256];
    snprintf(text, sizeof text, "import keras\ni = keras.Input(shape=(4,))\n"
             "keras.activations.%s(i)\n", refused[k]);
    r = run(text);
    cr_assert_neq(r->st, NNC_OK, "%s", refused[k]);
    cr_assert(strstr(first(r)->msg, "cannot be called on a Keras tensor") &&
              strstr(first(r)->msg, "keras.layers.Activation("), "%s", first(r)->msg);
    cr_assert_eq(first(r)->pos.line, 3);
  }
}

/* A function where Keras takes a name: Dense(activation=...) and Activation(...). */
Test(activations, stand_for_their_names_in_layers) {
  char text[2048];
  snprintf(text, sizeof text, "%s"
           "m = keras.Sequential([keras.Input(shape=(4,)),\n"
           "    keras.layers.Activation(keras.activations.elu),\n"
           "    keras.layers.Dense(4, activation=keras.activations.softsign,\n"
           "                       kernel_initializer='identity')])\n"
           /* softsign(elu(x)): elu(x) = e^x - 1 below 0, then y/(1 + |y|) */
           "want = [[-0.46371056, -0.2823667, 0.33333333, 0.6], [0.75, -0.48723548, 0.0, 0.2]]\n"
           "print(float(abs(m.predict(x, verbose=0) - np.array(want)).max()) < 1e-6)\n", head);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", r->out);
  cr_assert_str_eq(r->out, "True\n");
}

/* nnc runs no Python inside a model: a lambda is refused at its place. On an array an
 * activation computes, as in Keras, with the arguments given. */
Test(activations, refuse_python_functions_and_compute_on_arrays) {
  char text[2048];
  snprintf(text, sizeof text, "%s"
           "m = keras.Sequential([keras.Input(shape=(4,)),\n"
           "    keras.layers.Dense(4, activation=lambda t: keras.activations.relu(t))])\n", head);
  Ran *r = run(text);
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(first(r)->msg, "or a function of keras.activations or keras.ops, found a "
                                  "Python function (a lambda or def)"), "%s", first(r)->msg);
  cr_assert_eq(first(r)->pos.line, 5);
  /* keras.activations.relu(x, negative_slope=0.1) on x, printed by Keras 3.15.1 (JAX) */
  snprintf(text, sizeof text, "%sprint(keras.activations.relu(x))\n"
           "want = [[-0.2, -0.05, 0.5, 1.5], [3.0, -0.3, 0.0, 0.25]]\n"
           "print(float(abs(keras.activations.relu(x, negative_slope=0.1) - np.array(want))"
           ".max()) < 1e-6)\n", head);
  r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", r->out);
  cr_assert_str_eq(r->out, "[[0.   0.   0.5  1.5 ]\n [3.   0.   0.   0.25]]\nTrue\n");
}

/* keras.ops' activations are a vocabulary of their own: keras.ops.relu makes relu (Relu), not
 * keras.activations.relu's re_lu (ReLU), keras.ops.gelu defaults to the tanh form, and
 * hard_silu (hard_swish) and sparsemax work on Keras tensors. The summary and the numbers
 * are Keras 3.15.1's (JAX backend) for this same file, printed by model.summary() and
 * model.predict(x). */
Test(activations, of_keras_ops_make_what_keras_ops_makes) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
           "i = keras.Input(shape=(4,))\n"
           "g = keras.ops.gelu(i)\n"
           "r = keras.ops.relu(keras.ops.subtract(g, 0.25))\n"
           "s = keras.ops.sparsemax(keras.ops.hard_swish(i))\n"
           "e = keras.ops.elu(keras.ops.swish(i), alpha=0.5)\n"
           "m = keras.Model(i, keras.ops.concatenate([g, r, s, e], axis=-1))\n"
           "m.summary()\n"
           "want = [[-0.04540235, -0.154286, 0.345714, 1.3995715, 0.0, 0.0, 0.095714,\n"
           "         1.1495715, 0.0, 0.0, 0.0, 0.35416663, -0.10605855, -0.08601167,\n"
           "         0.31122968, 1.2263616],\n"
           "        [2.9963627, -0.00363734, 0.0, 0.14967535, 2.7463627, 0.0, 0.0, 0.0, 1.0,\n"
           "         0.0, 0.0, 0.0, 2.8577223, -0.06630979, 0.0, 0.14054413]]\n"
           "print(float(abs(m.predict(x, verbose=0) - np.array(want)).max()) < 1e-5)\n", head);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", r->out);
  cr_assert(strstr(r->out,
      "┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃\n"
      "┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩\n"
      "│ input_layer         │ (None, 4)         │          0 │ -                 │\n"
      "│ (InputLayer)        │                   │            │                   │\n"
      "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n"
      "│ gelu (Gelu)         │ (None, 4)         │          0 │ input_layer[0][0] │\n"
      "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n"
      "│ subtract (Subtract) │ (None, 4)         │          0 │ gelu[0][0]        │\n"
      "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n"
      "│ hard_silu           │ (None, 4)         │          0 │ input_layer[0][0] │\n"
      "│ (HardSilu)          │                   │            │                   │\n"
      "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n"
      "│ silu (Silu)         │ (None, 4)         │          0 │ input_layer[0][0] │\n"
      "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n"
      "│ relu (Relu)         │ (None, 4)         │          0 │ subtract[0][0]    │\n"
      "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n"
      "│ sparsemax           │ (None, 4)         │          0 │ hard_silu[0][0]   │\n"
      "│ (Sparsemax)         │                   │            │                   │\n"
      "├─────────────────────┼───────────────────┼────────────┼───────────────────┤\n"
      "│ elu (Elu)           │ (None, 4)         │          0 │ silu[0][0]        │\n"),
      "%s", r->out);
  cr_assert(strstr(r->out, "\nTrue\n"), "%s", r->out);
}

/* On an array keras.ops' activations compute as Keras runs them eagerly, with keras.ops'
 * defaults (gelu's tanh form) and the arguments given: the numbers are Keras 3.15.1's (JAX)
 * of the same calls. */
Test(activations, of_keras_ops_compute_on_arrays) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
           "off = lambda y, want: float(abs(y - np.array(want)).max()) < 1e-5\n"
           "print(off(keras.ops.gelu(x), [[-0.04540235, -0.154286, 0.345714, 1.3995715],\n"
           "                              [2.9963627, -0.00363734, 0.0, 0.14967535]]))\n"
           "print(off(keras.ops.leaky_relu(x, negative_slope=0.3),\n"
           "          [[-0.6, -0.15, 0.5, 1.5], [3.0, -0.90000004, 0.0, 0.25]]))\n"
           "print(off(keras.ops.threshold(x, 0.4, -1.0),\n"
           "          [[-1.0, -1.0, 0.5, 1.5], [3.0, -1.0, -1.0, -1.0]]))\n"
           "print(off(keras.ops.sparsemax(x), [[0.0, 0.0, 0.0, 1.0], [1.0, 0.0, 0.0, 0.0]]))\n"
           "print(hasattr(keras.ops, 'mish'), keras.ops.swish is keras.ops.silu)\n", head);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", r->out);
  cr_assert_str_eq(r->out, "True\nTrue\nTrue\nTrue\nFalse True\n");
}

/* keras.ops' own argument lists: its relu takes none (Keras 3: "relu() got an unexpected
 * keyword argument 'max_value'"), and it has no mish. */
Test(activations, of_keras_ops_take_keras_ops_arguments) {
  Ran *r = run("import keras\ni = keras.Input(shape=(4,))\nkeras.ops.relu(i, max_value=1.0)\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(first(r)->msg, "unknown keyword argument 'max_value' for relu()"), "%s",
            first(r)->msg);
  cr_assert_eq(first(r)->pos.line, 3);
  r = run("import keras\ni = keras.Input(shape=(4,))\nkeras.ops.mish(i)\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(first(r)->msg, "mish"), "%s", first(r)->msg);
}

/* keras.ops' functions as layers' activations (Dense, Activation; relu imported as the
 * "undefined name" hint says: from keras.ops import relu): each layer calls its function as
 * Keras does, with keras.ops's defaults (gelu's tanh form), yet saves it as the name alone,
 * so the loaded model computes keras.activations.gelu, the exact form. Keras 3.15.1 (JAX) ran
 * this same file: `before` and `after` are its model.predict(x) and its loaded model's, and
 * its layers' get_config()["activation"] (and the saved config.json) were "gelu",
 * "hard_silu", "sparsemax", "relu", "silu", "gelu". */
Test(activations, of_keras_ops_are_layer_activations_saved_by_name) {
  static const char *const saved[] = {"gelu", "hard_silu", "sparsemax", "relu", "silu", "gelu"};
  char text[4096];
  const char *path = test_path("kops_activation.keras");
  snprintf(text, sizeof text, "%s"
           "from keras.ops import relu\n"
           "W = np.array([[0.5, -1.0, 0.25], [1.0, 0.5, -0.5], [-0.75, 0.25, 1.0],\n"
           "              [0.2, -0.3, 0.6]], dtype=np.float32)\n"
           "b = np.array([0.1, -0.2, 0.05], dtype=np.float32)\n"
           "i = keras.Input(shape=(4,))\n"
           "dg = keras.layers.Dense(3, activation=keras.ops.gelu)\n"
           "dh = keras.layers.Dense(3, activation=keras.ops.hard_swish)\n"
           "ds = keras.layers.Dense(3, activation=keras.ops.sparsemax)\n"
           "dr = keras.layers.Dense(3, activation=relu)\n"
           "aw = keras.layers.Activation(keras.ops.swish)\n"
           "ag = keras.layers.Activation(keras.ops.gelu)\n"
           "m = keras.Model(i, keras.layers.Concatenate()([dg(i), dh(i), ds(i), dr(i), aw(i),\n"
           "                                              ag(i)]))\n"
           "m.predict(x, verbose=0)\n"
           "for d in [dg, dh, ds, dr]:\n"
           "    d.set_weights([W, b])\n"
           "before = [[-0.10362983, 1.0896786, 1.0617028, -0.37489584, 0.86260408, 0.84000003,\n"
           "           0, 0, 0, 0, 1.2249999, 1.2, -0.23840584, -0.18877034, 0.31122968,\n"
           "           1.2263616, -0.045402348, -0.154286, 0.345714, 1.3995715],\n"
           "          [-0.11971929, -8.5383647e-07, 2.4329209, -0.37125, -0, 2.2254167, 0, 0,\n"
           "           1, 0, 0, 2.45, 2.8577223, -0.14227763, 0, 0.14054413, 2.9963627,\n"
           "           -0.0036373436, 0, 0.14967535]]\n"
           "after = [[-0.10340677, 1.0898975, 1.0619165, -0.37489584, 0.86260408, 0.84000003,\n"
           "          0, 0, 0, 0, 1.2249999, 1.2, -0.23840584, -0.18877034, 0.31122968,\n"
           "          1.2263616, -0.045500267, -0.15426877, 0.34573123, 1.3997892],\n"
           "         [-0.11948583, -4.2905194e-06, 2.4325001, -0.37125, -0, 2.2254167, 0, 0,\n"
           "          1, 0, 0, 2.45, 2.8577223, -0.14227763, 0, 0.14054413, 2.9959502,\n"
           "          -0.004049696, 0, 0.14967658]]\n"
           "off = lambda m, want: float(abs(m.predict(x, verbose=0) - np.array(want)).max())\n"
           "print(off(m, before) < 1e-5, off(m, after) > 1e-4)\n"
           "m.save('%s')\n"
           "print(off(keras.saving.load_model('%s'), after) < 1e-5)\n", head, path, path);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", r->out);
  cr_assert_str_eq(r->out, "True True\nTrue\n");
  nnc_model *back;
  cr_assert_eq(nnc_model_load_keras(path, &back), NNC_OK, "%s", nnc_last_error());
  for (int k = 1; k <= 6; k++) {
    char *c = nnc_model_layer_config(back, k), want[64];
    snprintf(want, sizeof want, "\"activation\":\"%s\"", saved[k - 1]);
    cr_assert(c && strstr(c, want), "layer %d: %s", k, c);
    nnc_string_free(c);
  }
  nnc_model_free(back);
  remove(path);
}
