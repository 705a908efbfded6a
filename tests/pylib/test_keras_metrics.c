/* test_keras_metrics.c — keras.metrics.F1Score and FBetaScore in a model file as Keras 3
 * gives them: one value per class without `average` (a float32 array in History, evaluate
 * and the logs), one number with it, and what the callbacks make of a vector. The expected
 * text is what Keras 3.15.1 (JAX) printed for the same program and weights. */
#include <criterion/criterion.h>
#include <string.h>

#include "support_run.h"
#include "support.h"

static PlRan *run(const char *text) {
  static PlRan r;
  return pl_test_run(&r, "m.py", text, strlen(text), (PlRunHow){.in_test_dir = true});
}

static const char *first(const PlRan *r) {
  return r->s.ndiags ? r->s.diags[0].msg : nnc_last_error();
}

TestSuite(pylib_metrics, .init = test_dir_make, .fini = test_dir_remove);

/* Twelve samples of three unbalanced classes (3, 4 and 5 samples), a softmax layer with
 * fixed weights, SGD in batches of 5. */
static const char model[] =
    "import numpy as np\nimport keras\n"
    TEST_TWELVE_SAMPLES
    "def fixed():\n"
    "    " TEST_TWELVE_WEIGHTS
    "def r(v):\n"
    "    return np.round(np.asarray(v, dtype='float64'), 6).tolist()\n";

Test(pylib_metrics, f_scores_per_epoch_and_in_evaluate_as_keras) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
           "m.compile(keras.optimizers.SGD(0.5), 'categorical_crossentropy', metrics=[\n"
           "    keras.metrics.F1Score(), keras.metrics.F1Score(average='macro', name='f1_macro'),\n"
           "    keras.metrics.F1Score(average='micro', name='f1_micro'),\n"
           "    keras.metrics.F1Score(average='weighted', name='f1_weighted'),\n"
           "    keras.metrics.F1Score(threshold=0.5, name='f1_t'),\n"
           "    keras.metrics.FBetaScore(beta=2.0)])\n"
           "fixed()\n"
           "h = m.fit(x, y, epochs=3, batch_size=5, shuffle=False, verbose=0)\n"
           "for k in sorted(h.history): print(k, [r(v) for v in h.history[k]])\n"
           "v = h.history['f1_score'][0]\n"
           "print(type(v).__name__, v.dtype, v.shape, type(h.history['f1_macro'][0]).__name__)\n"
           "print([r(v) for v in m.evaluate(x, y, verbose=0)])\n"
           "d = m.evaluate(x, y, verbose=0, return_dict=True)\n"
           "print({k: r(v) for k, v in d.items()})\n", model);
  PlRan *p = run(text);
  cr_assert_eq(p->st, NNC_OK, "%s", first(p));
  cr_expect_str_eq(p->out,
      "f1_macro [0.477778, 0.546032, 0.349206]\n"
      "f1_micro [0.5, 0.583333, 0.5]\n"
      "f1_score [[0.333333, 0.5, 0.6], [0.4, 0.571428, 0.666667], [0.0, 0.333333, 0.714286]]\n"
      "f1_t [[0.0, 0.0, 0.25], [0.0, 0.333333, 0.444444], [0.0, 0.4, 0.8]]\n"
      "f1_weighted [0.5, 0.568254, 0.40873]\n"
      "fbeta_score [[0.333333, 0.5, 0.6], [0.357143, 0.526316, 0.740741], "
      "[0.0, 0.277778, 0.862069]]\n"
      "loss [1.417738, 1.060045, 0.841659]\n"
      "ndarray float32 (3,) float\n"
      "[0.696366, [0.4, 0.333333, 0.769231], 0.500855, 0.583333, 0.531624, "
      "[0.0, 0.4, 0.833333], [0.357143, 0.277778, 0.892857]]\n"
      "{'f1_macro': 0.500855, 'f1_micro': 0.583333, 'f1_score': [0.4, 0.333333, 0.769231], "
      "'f1_t': [0.0, 0.4, 0.833333], 'f1_weighted': 0.531624, "
      "'fbeta_score': [0.357143, 0.277778, 0.892857], 'loss': 0.696366}\n");
}

/* CSVLogger writes a vector as Keras's quoted list; EarlyStopping and ReduceLROnPlateau fail
 * at their first comparison (the second epoch), ModelCheckpoint warns and saves every epoch. */
Test(pylib_metrics, callbacks_take_a_vector_metric_as_keras) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
           "m.compile(keras.optimizers.SGD(0.5), 'categorical_crossentropy',\n"
           "          metrics=[keras.metrics.F1Score()])\n"
           "fixed()\n"
           "m.fit(x, y, epochs=2, batch_size=5, shuffle=False, verbose=0,\n"
           "      callbacks=[keras.callbacks.CSVLogger('log.csv')])\n"
           "row = open('log.csv').read().splitlines()[1]\n"
           "print(row[row.index('\"'):row.rindex('\"') + 1])\n"
           "for cb in [keras.callbacks.EarlyStopping(monitor='f1_score'),\n"
           "           keras.callbacks.ReduceLROnPlateau(monitor='f1_score')]:\n"
           "    try:\n"
           "        m.fit(x, y, epochs=1, verbose=0, callbacks=[cb])\n"
           "        m.fit(x, y, epochs=2, verbose=0, callbacks=[cb])\n"
           "    except ValueError as e:\n"
           "        print(type(cb).__name__, 'ValueError')\n"
           "m.fit(x, y, epochs=1, verbose=0, callbacks=[keras.callbacks.ModelCheckpoint(\n"
           "    'a.weights.h5', save_weights_only=True, monitor='f1_score', save_best_only=True)])\n"
           "import os\nprint(os.path.exists('a.weights.h5'))\n", model);
  PlRan *p = run(text);
  cr_assert_eq(p->st, NNC_OK, "%s", first(p));
  cr_expect_str_eq(p->out, "\"\"\"[0.33333328, 0.49999994, 0.59999996]\"\"\"\n"
                           "EarlyStopping ValueError\nReduceLROnPlateau ValueError\nTrue\n");
}

Test(pylib_metrics, f_score_arguments_checked_as_keras) {
  PlRan *p = run("import keras\nkeras.metrics.F1Score(average='mean')\n");
  cr_expect_str_eq(first(p), "ValueError: Invalid `average` argument value. Expected one of: "
                   "{None, 'micro', 'macro', 'weighted'}. Received: average=mean");
  p = run("import keras\nkeras.metrics.FBetaScore(beta=2)\n");
  cr_expect_str_eq(first(p), "ValueError: Invalid `beta` argument value. It should be a Python "
                   "float. Received: beta=2 of type '<class 'int'>'");
  p = run("import keras\nkeras.metrics.F1Score(threshold=1.5)\n");
  cr_expect_str_eq(first(p), "ValueError: Invalid `threshold` argument value. It should verify "
                   "0 < threshold <= 1. Received: threshold=1.5");
}

/* ModelCheckpoint(save_best_only=True) with a vector monitor warns and saves every epoch; the
 * warning quotes the float32 array as numpy prints it, padded to one width. Keras 3.15.1 (JAX)
 * warned these two lines for the same program (warnings.showwarning printing
 * "UserWarning: " and the message). */
static void keep_lines(nnc_log_level level, const char *line, void *user) {
  (void)level;
  strncat(user, line, 4095 - strlen(user));
  strncat(user, "\n", 4095 - strlen(user));
}

Test(pylib_metrics, checkpoint_warns_of_a_vector_monitor_as_keras) {
  char text[4096], logged[4096] = "";
  snprintf(text, sizeof text, "%s"
           "m.compile(keras.optimizers.SGD(0.5), 'categorical_crossentropy',\n"
           "          metrics=[keras.metrics.F1Score()])\n"
           "fixed()\n"
           "m.fit(x, y, epochs=2, batch_size=5, shuffle=False, verbose=0,\n"
           "      callbacks=[keras.callbacks.ModelCheckpoint('a.weights.h5', monitor='f1_score',\n"
           "                 save_weights_only=True, save_best_only=True)])\n", model);
  nnc_set_log(keep_lines, logged);
  PlRan *p = run(text);
  nnc_set_log(NULL, NULL);
  cr_assert_eq(p->st, NNC_OK, "%s", first(p));
  cr_expect_str_eq(logged,
      "UserWarning: Can save best model only when `monitor` is a scalar value. Received: "
      "[0.33333328 0.49999994 0.59999996]. Falling back to `save_best_only=False`.\n"
      "UserWarning: Can save best model only when `monitor` is a scalar value. Received: "
      "[0.39999995 0.5714285  0.6666666 ]. Falling back to `save_best_only=False`.\n");
}

/* Keras keeps the loss and the metrics in float32 variables, so History and evaluate give
 * float32 values as Python floats: 3/7 is 0.4285714328289032, not 0.42857142857142855.
 * The expected lines are what Keras 3.15.1 (JAX) printed for this program (zero weights:
 * every prediction 0.5, class 0). */
Test(pylib_metrics, loss_and_metrics_are_float32_values_as_keras_reports_them) {
  PlRan *p = run(
      "import numpy as np\nimport keras\n"
      "x = np.arange(7.0).reshape(7, 1)\ny = np.array([0, 1, 0, 1, 1, 0, 1])\n"
      "m = keras.Sequential([keras.Input(shape=(1,)),\n"
      "    keras.layers.Dense(1, activation='sigmoid', kernel_initializer='zeros')])\n"
      "m.compile(optimizer='sgd', loss='binary_crossentropy', metrics=['accuracy'])\n"
      "h = m.fit(x, y, epochs=2, batch_size=7, shuffle=False, verbose=0)\n"
      "print(h.history['accuracy'])\n"
      "print(m.evaluate(x, y, verbose=0)[1], m.evaluate(x, y, verbose=0, "
      "return_dict=True)['accuracy'])\n"
      "h = m.fit(x, y, epochs=3, batch_size=3, shuffle=False, verbose=0)\n"
      "print(all(float(np.float32(v)) == v for v in h.history['loss'] + "
      "h.history['accuracy']))\n");
  cr_assert_eq(p->st, NNC_OK, "%s", first(p));
  cr_expect_str_eq(p->out, "[0.4285714328289032, 0.5714285969734192]\n"
                           "0.5714285969734192 0.5714285969734192\nTrue\n");
}
