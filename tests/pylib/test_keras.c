/* test_keras.c — model files run through the Keras binding: training and evaluation,
 * the functional API, History and a user's callbacks, printing, and runtime failures
 * reported at the place that caused them. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "formats.h"
#include "support_run.h"
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

static char model_path[512];   /* m.py in the test directory: plt.show() writes beside it */

typedef PlRan Ran;

/* Checks and runs text with X and Y defined as the generated data; print() goes to out. */
static Ran *run(const char *text) {
  static Ran r;
  snprintf(model_path, sizeof model_path, "%s", test_path("m.py"));
  const char *names[] = {"X", "Y"}, *paths[] = {xpath, ypath};
  PlOptions o = {.define_names = names, .define_paths = paths, .ndefines = 2, .seed = 5,
                 .seeded = true, .model = model_path};
  return pl_test_run(&r, "m.py", text, strlen(text),
                     (PlRunHow){.options = &o, .in_test_dir = true}); /* files land there */
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

/* Runs head followed by body. */
static Ran *run_after_head(const char *body) {
  static char text[8192];
  cr_assert_lt(snprintf(text, sizeof text, "%s%s", head, body), (int)sizeof text);
  return run(text);
}

/* Python for a body: say_errors(*calls) calls each, printing what it raises as its type and
 * the first line of its message. */
#define SAY_ERRORS                                                                         \
  "def say_errors(*calls):\n"                                                              \
  "    for f in calls:\n"                                                                  \
  "        try:\n"                                                                         \
  "            f()\n"                                                                      \
  "        except Exception as e:\n"                                                       \
  "            print(type(e).__name__, str(e).split('\\n')[0])\n"

/* Runs head followed by body, which must succeed and print want. */
static void expect_printed(const char *body, const char *want) {
  Ran *r = run_after_head(body);
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_expect_str_eq(r->out, want);
}

TestSuite(pylib, .init = make_data, .fini = test_dir_remove);

Test(pylib, trains_and_evaluates_a_sequential_model_file) {
  Ran *r = run_after_head(
      "model = Sequential([Dense(8, activation='relu', input_shape=(4,)), Dense(1, "
      "activation='sigmoid')])\n"
      "model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.05),\n"
      "              loss='binary_crossentropy', metrics=['acc'])\n"
      "history = model.fit(X, Y, epochs=40, batch_size=32, verbose=0)\n"
      "loss, acc = model.evaluate(X, Y, verbose=0)\n"
      "print(loss, acc)\n"
      "h = history.history\n"
      "print(sorted(h), len(h['loss']), history.epoch[-1], h['loss'][-1] < h['loss'][0])\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  double loss, acc;
  cr_assert_eq(sscanf(r->out, "%lf %lf", &loss, &acc), 2, "output: %s", r->out);
  cr_assert_lt(loss, 0.3);
  cr_assert_gt(acc, 0.9);
  cr_assert(strstr(r->out, "['acc', 'loss'] 40 39 True\n"), "%s", r->out); /* as compile named it */
}

/* A learning rate swept over np.logspace is a numpy number: it trains as the same float
 * does (it was refused, then read as Adam's default). */
Test(pylib, takes_a_numpy_learning_rate) {
  expect_printed(
      "import numpy as np\n"
      "losses = []\n"
      "for lr in (0.05, np.float64(0.05), np.float32(0.25), 0.25):\n"
      "    tf.keras.utils.set_random_seed(1)\n"
      "    model = Sequential([Input(shape=(4,)), Dense(1, activation='sigmoid')])\n"
      "    model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=lr),\n"
      "                  loss='binary_crossentropy')\n"
      "    losses.append(model.fit(X, Y, epochs=2, verbose=0).history['loss'][-1])\n"
      "print(losses[0] == losses[1], losses[2] == losses[3], losses[0] != losses[3])\n",
      "True True True\n");
}

/* numpy's numbers as layer arguments (a width from y.max() + 1, a shape from X.shape of an
 * array made by numpy): kept as Python's, as Keras keeps them, and the model the same. */
Test(pylib, takes_numpy_numbers_as_layer_arguments) {
  expect_printed(
      "import numpy as np\n"
      "from tensorflow.keras.layers import Dropout\n"
      "losses = []\n"
      "for n, rate, width in ((4, 0.25, 8), (np.int64(4), np.float64(0.25), np.int32(8))):\n"
      "    tf.keras.utils.set_random_seed(1)\n"
      "    model = Sequential([Input(shape=(n,)), Dense(width, activation='relu'),\n"
      "                        Dropout(rate, seed=3), Dense(1, activation='sigmoid')])\n"
      "    model.compile(optimizer='adam', loss='binary_crossentropy')\n"
      "    losses.append(model.fit(X, Y, epochs=np.int64(2), verbose=0).history['loss'])\n"
      "    print(type(model.layers[1].rate).__name__, model.layers[0].units)\n"
      "print(losses[0] == losses[1])\n",
      "float 8\nfloat 8\nTrue\n");
}

/* As in Keras, models made one after another start from weights of their own (an ensemble
 * in a loop was n copies of one model), and a reseeding makes the same model again, its
 * Dropout masks included though Keras names the second Dropout dropout_3. */
Test(pylib, gives_each_model_its_own_seed) {
  expect_printed(
      "import numpy as np\n"
      "from tensorflow.keras.layers import Dropout\n"
      "def make():\n"
      "    m = Sequential([Input((4,)), Dense(8, activation='relu'), Dropout(0.5), Dense(1)])\n"
      "    m.compile(loss='mse')\n"
      "    return m\n"
      "a, b = make(), make()\n"
      "print(np.array_equal(a.get_weights()[0], b.get_weights()[0]))\n"
      "runs = []\n"
      "for i in range(2):\n"
      "    tf.keras.utils.set_random_seed(7)\n"
      "    m = make()\n"
      "    runs.append((m.get_weights()[0], m.fit(X, Y, epochs=2, verbose=0).history['loss']))\n"
      "print(np.array_equal(runs[0][0], runs[1][0]), runs[0][1] == runs[1][1], m.layers[1].name)\n",
      "False\nTrue True dropout_3\n");
}

/* scikeras's KerasClassifier as the tutorials use it: a model function given the keywords
 * it names (meta, a user's hidden=), labels of text encoded and decoded, a sigmoid's
 * probabilities as two columns, accuracy as score, random_state repeating a fit, and
 * cross_val_score fitting clones while the estimator stays unfitted. */
Test(pylib, wraps_a_model_function_as_a_classifier) {
  expect_printed(
      "import numpy as np\n"
      "from scikeras.wrappers import KerasClassifier\n"
      "from sklearn.metrics import accuracy_score\n"
      "from sklearn.model_selection import cross_val_score\n"
      "names = ['yes' if v > 0 else 'no' for v in Y.ravel()]\n"
      "def make(hidden, meta):\n"
      "    return Sequential([Input((meta['n_features_in_'],)), Dense(hidden, activation='relu'),\n"
      "                       Dense(1, activation='sigmoid')])\n"
      "c = KerasClassifier(model=make, hidden=8, loss='binary_crossentropy', optimizer='adam',\n"
      "                    epochs=30, verbose=0, random_state=3)\n"
      "print(c.fit(X, names) is c, c.classes_, c.n_classes_, c.target_type_, c.n_features_in_)\n"
      "p = c.predict_proba(X)\n"
      "print(p.shape, p.dtype, np.allclose(p.sum(axis=1), 1), isinstance(c.predict(X)[0], str))\n"
      "print(c.score(X, names) == accuracy_score(names, c.predict(X)), c.score(X, names) > 0.8)\n"
      "print(sorted(c.history_), len(c.history_['loss']), c.get_params()['hidden'])\n"
      "d = KerasClassifier(model=make, hidden=8, loss='binary_crossentropy', optimizer='adam',\n"
      "                    epochs=30, verbose=0, random_state=3).fit(X, names)\n"
      "print(np.array_equal(d.predict_proba(X), p))\n"
      "class Count(tf.keras.callbacks.Callback):\n"
      "    epochs = 0\n"
      "    def on_epoch_end(self, epoch, logs=None):\n"
      "        Count.epochs += 1\n"
      "s = cross_val_score(c.set_params(epochs=5), X, Y.ravel(), cv=3,\n"
      "                    fit_params={'callbacks': [Count()]})\n"
      "print(s.shape, hasattr(KerasClassifier(model=make), 'model_'), c.epochs, Count.epochs)\n"
      "c.fit(X, Y)\n"
      "print(c.predict(X[:2]).shape, c.predict_proba(X[:1]).shape, c.predict(X).dtype)\n",
      "True ['no' 'yes'] 2 binary 4\n"
      "(256, 2) float32 True True\n"
      "True True\n"
      "['loss'] 30 8\n"
      "True\n"
      "(3,) False 5 15\n"
      "(2, 1) (2,) float32\n");
}

/* One-hot labels stay one-hot (to_categorical's), predicted as one-hot int rows, a model the
 * function compiled is kept as compiled, build_fn still works with SciKeras's warning, and
 * KerasRegressor predicts in y's shape and scores R², in a Pipeline whose fit routes mlp__
 * keywords. */
Test(pylib, wraps_one_hot_labels_and_regressors_in_a_pipeline) {
  expect_printed(
      "import numpy as np\n"
      "from scikeras.wrappers import KerasClassifier, KerasRegressor\n"
      "from sklearn.metrics import r2_score\n"
      "from sklearn.pipeline import Pipeline\n"
      "from sklearn.preprocessing import StandardScaler\n"
      "from tensorflow.keras.utils import to_categorical\n"
      "def two():\n"
      "    m = Sequential([Input((4,)), Dense(2, activation='softmax')])\n"
      "    m.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])\n"
      "    return m\n"
      "c = KerasClassifier(build_fn=two, epochs=3, verbose=0).fit(X, to_categorical(Y))\n"
      "print(c.target_type_, c.classes_, c.predict(X[:2]).dtype, c.predict(X).sum(axis=1).max())\n"
      "print(sorted(c.history_))\n"
      "def line():\n"
      "    return Sequential([Input((4,)), Dense(1)])\n"
      "t = X @ np.array([1.0, -2.0, 0.5, 3.0])\n"
      "p = Pipeline([('scale', StandardScaler()), ('mlp', KerasRegressor(model=line, loss='mse',\n"
      "              optimizer='sgd', optimizer__momentum=0.5, verbose=0))])\n"
      "p.fit(X, t, mlp__epochs=40)\n"
      "y = p.predict(X)\n"
      "print(y.shape, y.dtype, p.score(X, t) == r2_score(t, y), p.score(X, t) > 0.9)\n"
      "o = p['mlp'].model_.optimizer\n"
      "print(len(p['mlp'].history_['loss']), p._estimator_type, type(o).__name__, o.momentum)\n",
      "UserWarning: ``build_fn`` will be renamed to ``model`` in a future "
      "release, at which point use of ``build_fn`` will raise an Error "
      "instead.\n"
      "multilabel-indicator [0 1] int64 1\n"
      "['accuracy', 'loss']\n"
      "(256,) float32 True True\n"
      "40 regressor SGD 0.5\n");
}

/* GridSearchCV over a KerasClassifier's fit and model__ parameters, and over a Pipeline's
 * step: every combination cross-validated, the best refitted. */
Test(pylib, grid_searches_a_keras_classifier) {
  expect_printed(
      "from scikeras.wrappers import KerasClassifier\n"
      "from sklearn.model_selection import GridSearchCV\n"
      "from sklearn.pipeline import make_pipeline\n"
      "from sklearn.preprocessing import StandardScaler\n"
      "def make(hidden=4):\n"
      "    m = Sequential([Input((4,)), Dense(hidden, activation='relu'),\n"
      "                    Dense(1, activation='sigmoid')])\n"
      "    m.compile(loss='binary_crossentropy', optimizer='adam', metrics=['accuracy'])\n"
      "    return m\n"
      "grid = GridSearchCV(KerasClassifier(model=make, verbose=0),\n"
      "                    dict(epochs=[1, 20], model__hidden=[2, 8]), cv=2, verbose=1)\n"
      "g = grid.fit(X, Y.ravel())\n"
      "r = g.cv_results_\n"
      "print(g is grid, [p['epochs'] for p in r['params']], list(r['param_model__hidden']))\n"
      "print(g.best_params_['epochs'], r['rank_test_score'].dtype, r['split1_test_score'].shape)\n"
      "print(g.best_estimator_.model_.layers[0].units == g.best_params_['model__hidden'])\n"
      "print(g.predict(X[:5]).shape, g.score(X, Y.ravel()) > 0.5)\n"
      "p = make_pipeline(StandardScaler(), KerasClassifier(model=make, verbose=0))\n"
      "s = GridSearchCV(p, {'kerasclassifier__epochs': [1, 2]}, cv=2).fit(X, Y.ravel())\n"
      "print(s.best_estimator_[-1].epochs == s.best_params_['kerasclassifier__epochs'])\n"
      "n = len(s.best_estimator_[-1].history_['loss'])\n"
      "print(p[-1].epochs, n == s.best_params_['kerasclassifier__epochs'])\n",
      "Fitting 2 folds for each of 4 candidates, totalling 8 fits\n"
      "True [1, 1, 20, 20] [2, 8, 2, 8]\n"
      "20 int32 (4,)\n"
      "True\n"
      "(5,) True\n"
      "True\n"
      "1 True\n");
}

/* Removes the lines of text that hold word. */
static void drop_lines_with(char *text, const char *word) {
  char *w = text;
  for (char *line = text; *line;) {
    size_t n = strcspn(line, "\n");
    n += line[n] == '\n';
    char keep = line[n];
    line[n] = 0; /* the line alone, for strstr */
    bool drop = strstr(line, word) != NULL;
    line[n] = keep;
    if (!drop)
      memmove(w, line, n), w += n;
    line += n;
  }
  *w = 0;
}

/* Keras 3's own keras.wrappers: the model function gets X, y (one-hot for the classifier)
 * and model_kwargs, fits with fit_kwargs, history_ is the History; predictions come back
 * as labels in y's shape; and Keras's refusals. (Their predict reports its steps, as
 * Keras's does: those lines are left out.) */
Test(pylib, wraps_models_as_keras_wrappers_do) {
  Ran *r = run_after_head(
      "import numpy as np\n"
      "from keras.wrappers import SKLearnClassifier, SKLearnRegressor\n"
      "names = ['yes' if v > 0 else 'no' for v in Y.ravel()]\n"
      "def make(X, y, hidden=4):\n"
      "    m = Sequential([Input((X.shape[1],)), Dense(hidden, activation='relu'),\n"
      "                    Dense(y.shape[1], activation='softmax')])\n"
      "    m.compile(loss='categorical_crossentropy', optimizer='adam')\n"
      "    return m\n"
      "c = SKLearnClassifier(make, model_kwargs={'hidden': 8}, fit_kwargs={'epochs': 3})\n"
      "print(c.fit(X, names, verbose=0) is c, c.classes_, type(c.history_).__name__)\n"
      "print(c.model_.layers[0].units, len(c.history_.history['loss']), c._estimator_type)\n"
      "p = c.predict(X[:3])\n"
      "print(p.shape, isinstance(p[0], str), 0 <= c.score(X, names) <= 1)\n"
      "def reg(X, y):\n"
      "    m = Sequential([Input((4,)), Dense(y.shape[1])])\n"
      "    m.compile(loss='mse', optimizer='sgd')\n"
      "    return m\n"
      "t = X.sum(axis=1)\n"
      "r = SKLearnRegressor(reg).fit(X, t, epochs=2, verbose=0)\n"
      "print(r.predict(X[:3]).shape, r.predict(X[:3]).dtype, type(r.score(X, t)).__name__)\n"
      "bare = lambda X, y: Sequential([Input((4,)), Dense(1)])\n"
      SAY_ERRORS
      "say_errors(lambda: SKLearnClassifier(make).fit(X, t),\n"
      "           lambda: SKLearnClassifier(make).predict(X),\n"
      "           lambda: SKLearnClassifier(make).fit(X, np.zeros(256)),\n"
      "           lambda: SKLearnRegressor(bare).fit(X, t))\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  drop_lines_with(r->out, "/step");
  cr_expect_str_eq(r->out,
      "True ['no' 'yes'] History\n"
      "8 3 classifier\n"
      "(3,) True True\n"
      "(3,) float32 float\n"
      "ValueError Only binary and multiclass target types are supported. Target type: "
      "continuous\n"
      "ValueError This SKLearnClassifier instance is not fitted yet. Call 'fit' with "
      "appropriate arguments before using this estimator.\n"
      "ValueError Classifier can't train when only one class is present.\n"
      "RuntimeError Given model needs to be compiled, and have a loss and an optimizer.\n");
}

/* What SciKeras and Pipeline refuse, in their words. */
Test(pylib, refuses_what_scikeras_refuses) {
  expect_printed(
      "import numpy as np\n"
      "from scikeras.wrappers import KerasClassifier, KerasRegressor\n"
      "from sklearn.pipeline import make_pipeline\n"
      "from sklearn.preprocessing import StandardScaler\n"
      "def bare():\n"
      "    return Sequential([Input((4,)), Dense(1)])\n"
      SAY_ERRORS
      "say_errors(lambda: KerasRegressor().fit(X, Y), lambda: KerasRegressor(model=3).fit(X, Y),\n"
      "           lambda: KerasRegressor(model=bare).fit(X, Y),\n"
      "           lambda: KerasClassifier(model=bare, loss='mse').fit(X, X[:, 0]),\n"
      "           lambda: KerasRegressor(model=bare, loss='mse').predict(X),\n"
      "           lambda: KerasRegressor(model=bare, loss='mse', warm_start=True).fit(X, Y),\n"
      "           lambda: KerasRegressor(model=bare, loss='mse').fit(X[:, 0], Y),\n"
      "           lambda: KerasRegressor(model=bare, loss='mse', optimizer='adamx',\n"
      "                                  optimizer__learning_rate=1).fit(X, Y),\n"
      "           lambda: make_pipeline(StandardScaler(), KerasRegressor(model=bare, loss='mse'))\n"
      "                   .fit(X, Y, epochs=2))\n",
      "ValueError If not using the ``build_fn`` param, you must implement ``_keras_build_fn``\n"
      "TypeError ``model`` must be a callable, a Keras Model instance or None\n"
      "ValueError You must provide a loss or a compiled model\n"
      "ValueError Unknown label type: continuous.\n"
      "ValueError Estimator needs to be fit before `predict` can be called\n"
      "NotImplementedError KerasRegressor(warm_start=...) is not supported by nnc yet\n"
      "ValueError Expected 2D array, got 1D array instead\n"
      "ValueError Could not interpret optimizer identifier: adamx\n"
      "ValueError Pipeline.fit does not accept the epochs parameter. You can pass parameters "
      "to specific steps of your pipeline using the stepname__parameter format, e.g. "
      "`Pipeline.fit(X, y, logisticregression__sample_weight=sample_weight)`.\n");
}

Test(pylib, evaluates_as_keras_returns) {
  Ran *r = run_after_head(
      "m = Sequential([Dense(1, activation='sigmoid')])\n"
      "m.compile(loss='binary_crossentropy')\nm.fit(X, Y, verbose=0)\n"
      "print(type(m.evaluate(X, Y, verbose=0)).__name__)\n"
      "m.compile(loss='binary_crossentropy', metrics=['acc'])\n"
      "r = m.evaluate(X, Y, verbose=0)\nprint(type(r).__name__, len(r))\n"
      "print(list(m.evaluate(X, Y, verbose=0, return_dict=True)))\n"
      "h = m.fit(X, Y, epochs=2, batch_size=50, validation_split=0.25, verbose=0)\n"
      "print(h.params)\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  /* 192 training samples of 256 in batches of 50: 4 steps */
  /* Keras 3 logs a metric under the name compile was given */
  cr_assert_str_eq(r->out, "float\nlist 2\n['acc', 'loss']\n"
                           "{'verbose': 0, 'epochs': 2, 'steps': 4}\n");
}

Test(pylib, builds_a_model_with_add_and_predicts) {
  Ran *r = run_after_head(
      "model = Sequential()\nmodel.add(Input(shape=(4,)))\nmodel.add(Dense(3))\n"
      "model.add(Dense(2, activation='softmax'))\n"
      "model.summary()\nP = model.predict(X, verbose=0)\nprint(P)\nprint(P.shape, len(P))\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert(strstr(r->out,
                   "│ dense (Dense)                   │ (None, 3)              │            15 │\n"),
                   "%s", r->out);
  cr_assert(strstr(r->out, " Total params: 23 (92.00 B)\n"), "%s", r->out);
  /* numpy's printing: all 512 values (under its threshold of 1000), float32 digits */
  cr_assert(strstr(r->out, "\n[[0.") && !strstr(r->out, "..."), "%s", r->out);
  cr_assert(strstr(r->out, "]]\n(256, 2) 256\n"), "%s", r->out);
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
  Ran *r = run_after_head(
      "model = Sequential([Dense(2, input_shape=(5,))])\nmodel.compile(loss='mse')\n"
      "model.fit(X, Y, verbose=0)\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert_eq(r->s.ndiags, 1);
  cr_assert_eq(r->s.diags[0].pos.line, 8, "%d: %s", r->s.diags[0].pos.line, r->s.diags[0].msg);
  cr_assert_null(strstr(r->s.diags[0].msg, "nnc_model_fit"), "%s", r->s.diags[0].msg);
}

Test(pylib, refuses_fit_before_compile) {
  Ran *r = run_after_head(
      "m = Sequential([Dense(1)])\nm.fit(X, Y)\n");
  cr_assert_str_eq(first(r),
                   "RuntimeError: the model is not compiled; call compile(...) before fit()");
  cr_assert_eq(r->s.diags[0].pos.line, 7);
}

/* Runs pylib/models/name; the text stays until the next call, since the result's source
 * points into it. */
static Ran *run_file(const char *name) {
  static char *text;
  char rel[256];
  snprintf(rel, sizeof rel, "pylib/models/%s", name);
  free(text);
  text = test_read_data(rel);
  return run(text);
}

Test(pylib, runs_a_functional_model_file_with_two_branches) {
  Ran *r = run_file("functional.nn");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert(strstr(r->out, "Model: \"functional\"\n"), "%s", r->out);
  /* Keras 3's table, layers in its order (by depth, then by traversal) */
  cr_assert(strstr(r->out,
                   "│ input_layer         │ (None, 4)         │          0 │ -                 │\n"
                   "│ (InputLayer)        │"), "%s", r->out);
  cr_assert(strstr(r->out,
                   "│ dense_1 (Dense)     │ (None, 16)        │         80 │ input_layer[0][0] │\n"
                   "├"), "%s", r->out);
  cr_assert(strstr(r->out,
                   "│ concatenate         │ (None, 32)        │          0 │ dense[0][0],      │\n"
                   "│ (Concatenate)       │                   │            │ dense_2[0][0]     │\n"),
            "%s", r->out);
  cr_assert(strstr(r->out,
                   "│ add (Add)           │ (None, 16)        │          0 │ dense_3[0][0],    │\n"
                   "│                     │                   │            │ dense[0][0]       │\n"),
            "%s", r->out);
  cr_assert(strstr(r->out,
                   "│ head (Dense)        │ (None, 1)         │         17 │ activation[0][0]  │\n"),
            "%s", r->out);
  cr_assert(strstr(r->out, " Total params: 977 (3.82 KB)\n"), "%s", r->out);
  double loss, acc;
  cr_assert_eq(sscanf(strstr(r->out, "Non-trainable params: 0 (0.00 B)\n") + 33, "%lf %lf", &loss,
                      &acc), 2, "output: %s", r->out);
  cr_assert_lt(loss, 0.3);
  cr_assert_gt(acc, 0.9);
}

Test(pylib, runs_a_tutorial_with_its_surroundings) {
  Ran *r = run_file("tutorial.py");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert(strstr(r->out, "TensorFlow 2.20.0, Keras 3.11.3, Python 3\n"), "%s", r->out);
  cr_assert(strstr(r->out, "X: 256 samples of 4 features\n"), "%s", r->out);
  cr_assert(strstr(r->out, "epochs in "), "%s", r->out);
  cr_assert(strstr(r->out, "      val_loss: "), "%s", r->out);
}

Test(pylib, fit_takes_validation_data_initial_epoch_and_early_stopping) {
  Ran *r = run_after_head(
      "from tensorflow.keras.callbacks import EarlyStopping\n"
      "model = Sequential([Input(shape=(4,)), Dense(8, activation='relu'), Dense(1, "
      "activation='sigmoid')])\n"
      "model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['acc'])\n"
      "stop = EarlyStopping(monitor='val_acc', min_delta=10, patience=1, "
      "restore_best_weights=True)\n"
      "h = model.fit(X, Y, epochs=30, validation_data=(X, Y), callbacks=[stop], "
      "initial_epoch=2, verbose=0)\n"
      "print(model.evaluate(X, Y, verbose=0), h.epoch)\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  double loss, acc;
  cr_assert_eq(sscanf(r->out, "[%lf, %lf]", &loss, &acc), 2, "%s", r->out);
  cr_assert(isfinite(loss));
  cr_assert(strstr(r->out, "[2, 3]\n"), "%s", r->out);
}

/* As Keras: EarlyStopping warns that its monitor is missing, and training goes on. */
Test(pylib, runs_an_early_stopping_without_validation) {
  Ran *r = run_after_head(
      "from tensorflow.keras.callbacks import EarlyStopping\n"
      "model = Sequential([Dense(1, input_shape=(4,))])\nmodel.compile(loss='mse')\n"
      "h = model.fit(X, Y, epochs=3, callbacks=[EarlyStopping()], verbose=0)\n"
      "print(len(h.history['loss']))\n");
  cr_assert_eq(r->st, NNC_OK, "%s", r->s.ndiags ? r->s.diags[0].msg : nnc_last_error());
  cr_assert_str_eq(r->out, "3\n");
}

/* Callbacks monitor any logged key, each way as Keras 3's mode='auto' reads the metric
 * (mae lower, R2Score higher), and a key that names no metric is Keras's ValueError. Keras
 * 3.15.1 (JAX) on this file: 12 epochs, these rates, a checkpoint every epoch (val_fit rises
 * from -1.40236 to -0.00853), warnings for the two val_ keys and the ValueError. */
Test(pylib, callbacks_monitor_any_logged_metric_as_keras) {
  char text[4096];
  snprintf(text, sizeof text,
           "import os\nimport numpy as np\nimport keras\n"
           "d = '%s'\n"
           "X = (2 * np.sin(np.arange(192).reshape(64, 3) * 0.37)).astype('float32')\n"
           "y = (X @ np.array([1.0, -2.0, 0.5], dtype='float32') + 0.1).reshape(-1, 1)\n"
           "model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4, "
               "activation='relu'), keras.layers.Dense(1)])\n"
           "model.compile(optimizer=keras.optimizers.SGD(0.02), loss='mse', "
               "metrics=['mae', keras.metrics.R2Score(name='fit')])\n"
           "model.set_weights([np.linspace(-1, 1, 12).reshape(3, 4).astype('float32'), "
               "np.zeros(4, 'float32'), np.linspace(-0.5, 0.7, 4).reshape(4, 1)"
               ".astype('float32'), np.zeros(1, 'float32')])\n"
           "cbs = [keras.callbacks.ModelCheckpoint(os.path.join(d, 'ck-{epoch:02d}.weights.h5'), "
               "monitor='val_fit', save_best_only=True, save_weights_only=True),\n"
           "       keras.callbacks.ReduceLROnPlateau(monitor='mae', patience=1, factor=0.5, "
               "min_delta=0.05),\n"
           "       keras.callbacks.EarlyStopping(monitor='val_mae', patience=2, "
               "min_delta=0.01)]\n"
           "h = model.fit(X, y, epochs=40, batch_size=16, validation_split=0.25, "
               "shuffle=False, verbose=0, callbacks=cbs)\n"
           "print(len(h.history['loss']), [round(v, 6) for v in h.history['learning_rate']])\n"
           "print(len([f for f in os.listdir(d) if f.startswith('ck-')]))\n"
           "for mon, mode in [('val_mae', 'min'), ('val_fit', 'auto'), ('fit', 'auto'), "
               "('val_acc', 'auto')]:\n"
           "    try:\n"
           "        model.fit(X, y, epochs=2, verbose=0, "
               "callbacks=[keras.callbacks.EarlyStopping(monitor=mon, mode=mode)])\n"
           "        print(mon, 'ok')\n"
           "    except ValueError as e:\n"
           "        print(type(e).__name__, e)\n", test_dir());
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert_str_eq(r->out,
                   "12 [0.02, 0.02, 0.02, 0.02, 0.02, 0.02, 0.01, 0.01, 0.005, 0.0025, "
                   "0.00125, 0.000625]\n"
                   "12\n"
                   "val_mae ok\n" /* after the warnings on stderr (callbacks' test) */
                   "val_fit ok\n"
                   "fit ok\n"
                   "ValueError EarlyStopping callback received monitor=val_acc, but Keras isn't "
                   "able to automatically determine whether that metric should be maximized or "
                   "minimized. Pass `mode='max'` in order to monitor based on the highest "
                   "metric value, or pass `mode='min'` in order to use the lowest value.\n");
}

/* learning_rate=0.0 is accepted and trains nothing, AdamW's decoupled decay (scaled by the
 * rate) included; a negative rate is refused. Keras 3.15.1: True for all three. */
Test(pylib, a_learning_rate_of_zero_leaves_the_weights_as_keras) {
  Ran *r = run("import numpy as np\nimport keras\n"
               "X = (2 * np.sin(np.arange(48).reshape(16, 3) * 0.37)).astype('float32')\n"
               "y = (X[:, :1] > 0).astype('float32')\n"
               "for opt in [keras.optimizers.SGD(learning_rate=0.0, momentum=0.9), "
                   "keras.optimizers.AdamW(learning_rate=0.0, weight_decay=0.1), "
                   "keras.optimizers.Adam(0.0)]:\n"
               "    m = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2, "
                   "activation='relu'), keras.layers.Dense(1, activation='sigmoid')])\n"
               "    m.compile(optimizer=opt, loss='binary_crossentropy')\n"
               "    before = [w.copy() for w in m.get_weights()]\n"
               "    m.fit(X, y, epochs=3, batch_size=4, verbose=0)\n"
               "    print(type(opt).__name__, all(np.array_equal(a, b) for a, b in "
                   "zip(before, m.get_weights())))\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert_str_eq(r->out, "SGD True\nAdamW True\nAdam True\n");
  r = run("import keras\nkeras.optimizers.SGD(learning_rate=-0.5)\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(first(r), "learning_rate must be a number >= 0 or a schedule, found -0.5"),
            "%s", first(r));
}

/* Adam's, AdamW's and Nadam's powers of β are Keras's, bit for bit: 600 steps of one weight
 * (batch 1, so the gradient 2(w − 0.3) rounds alike) print the weight Keras 3.15.1 prints
 * (JAX 0.10.2, the same text run with KERAS_BACKEND=jax). β powers kept as products rounded
 * each step miss all twelve in the last digits; Nadam also needs 1 − β rounded as Keras's. */
Test(pylib, adam_family_powers_of_beta_are_keras_s_bit_for_bit) {
  Ran *r = run("import numpy as np\nimport keras\n"
               "x = np.ones((200, 1), dtype='float32')\n"
               "y = np.full((200, 1), 0.3, dtype='float32')\n"
               "for opt in [keras.optimizers.Adam(learning_rate=0.01),\n"
               "            keras.optimizers.Adam(learning_rate=0.01, amsgrad=True),\n"
               "            keras.optimizers.AdamW(learning_rate=0.01, weight_decay=0.05),\n"
               "            keras.optimizers.Nadam(learning_rate=0.01)]:\n"
               "    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, "
                   "use_bias=False, kernel_initializer=keras.initializers.Constant(2.0))])\n"
               "    model.compile(optimizer=opt, loss='mse')\n"
               "    for e in range(3):\n"
               "        model.fit(x, y, batch_size=1, epochs=1, shuffle=False, verbose=0)\n"
               "        print(type(opt).__name__, e, [float(w.ravel()[0]) for w in "
                   "model.get_weights()])\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert_str_eq(r->out, "Adam 0 [0.5957558155059814]\n"
                           "Adam 1 [0.31403061747550964]\n"
                           "Adam 2 [0.30015382170677185]\n"
                           "Adam 0 [0.5958837866783142]\n"
                           "Adam 1 [0.31662607192993164]\n"
                           "Adam 2 [0.3003977835178375]\n"
                           "AdamW 0 [0.5377160906791687]\n"
                           "AdamW 1 [0.29901233315467834]\n"
                           "AdamW 2 [0.29274600744247437]\n"
                           "Nadam 0 [0.6244204044342041]\n"
                           "Nadam 1 [0.318244993686676]\n"
                           "Nadam 2 [0.3002750873565674]\n");
}

/* save_weights before compile: Keras builds a model with an Input at once, so its weights
 * (as initialised) save and load; an unbuilt model is Keras's ValueError. Keras 3.15.1 prints
 * the same lines (its messages: "You are saving a model that has not yet been built. ..."). */
Test(pylib, save_weights_before_compile_as_keras) {
  char text[4096];
  snprintf(text, sizeof text,
           "import os\nimport numpy as np\nimport keras\nd = '%s'\n"
           "m = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])\n"
           "m.save_weights(os.path.join(d, 'a.weights.h5'))\n"
           "m2 = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])\n"
           "m2.load_weights(os.path.join(d, 'a.weights.h5'))\n"
           "print(np.array_equal(m.get_weights()[0], m2.get_weights()[0]))\n"
           "inp = keras.Input(shape=(3,))\n"
           "f = keras.Model(inp, keras.layers.Dense(2)(inp))\n"
           "f.save_weights(os.path.join(d, 'f.weights.h5'))\nprint('functional ok')\n"
           "u = keras.Sequential([keras.layers.Dense(2)])\n"
           "for call in (lambda: u.save_weights(os.path.join(d, 'u.weights.h5')), "
               "lambda: u.load_weights(os.path.join(d, 'a.weights.h5'))):\n"
           "    try:\n        call()\n"
           "    except ValueError as e:\n"
           "        print(type(e).__name__, 'a model that has not yet been built' in str(e))\n",
           test_dir());
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert_str_eq(r->out, "True\nfunctional ok\nValueError True\nValueError True\n");
}

/* load_weights(skip_mismatch=True) loads a file whose weights all match, as Keras's; of one
 * whose second layer differs it loads the first layer and leaves the second as it was, as
 * Keras 3.15.1 does (tests/keras/test_skip_mismatch.c checks the warning and the numbers
 * against Keras's). */
Test(pylib, load_weights_skips_the_mismatched_layers) {
  char text[4096];
  snprintf(text, sizeof text,
           "import os\nimport numpy as np\nimport keras\nd = '%s'\n"
           "m = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(3), "
           "keras.layers.Dense(1)])\n"
           "m.compile(loss='mse')\n"
           "m.save_weights(os.path.join(d, 'a.weights.h5'))\n"
           "same = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(3), "
           "keras.layers.Dense(1)])\n"
           "same.compile(loss='mse')\n"
           "same.load_weights(os.path.join(d, 'a.weights.h5'), skip_mismatch=True)\n"
           "print(all(np.array_equal(a, b) for a, b in zip(m.get_weights(), same.get_weights())))\n"
           "other = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(3), "
           "keras.layers.Dense(2)])\n"
           "other.compile(loss='mse')\n"
           "other.set_weights([np.full(w.shape, 0.5, np.float32) for w in other.get_weights()])\n"
           "before = other.get_weights()\n"
           "other.load_weights(os.path.join(d, 'a.weights.h5'), skip_mismatch=True)\n"
           "w = other.get_weights()\n"
           "print([np.array_equal(a, b) for a, b in zip(w, m.get_weights()[:2] + before[2:])])\n"
           "print(np.array_equal(w[0], before[0]))\n",
           test_dir());
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_expect_str_eq(r->out, "True\n[True, True, True, True]\nFalse\n");
}

/* A compiled, trained model's save_weights holds its optimizer's variables, which
 * load_weights restores into a model whose optimizer fit has built (b goes on as a, which
 * never stopped) and skips, with Keras's warning on stderr, in a model only compiled (c's
 * optimizer starts afresh). This program prints "True\nTrue\n" in Keras 3.15.1 (JAX), whose
 * warning names c's optimizer 'adam_2' (Keras counts optimizers per session; nnc names it
 * 'adam'). */
Test(pylib, load_weights_restores_the_optimizer_as_keras) {
  char text[4096];
  snprintf(text, sizeof text,
           "import os\n"
           "import numpy as np\n"
           "import keras\n"
           "d = '%s'\n"
           "x = np.sin(0.7 * np.arange(36.0)).reshape(12, 3).astype('float32')\n"
           "y = np.cos(0.3 * np.arange(24.0)).reshape(12, 2).astype('float32')\n"
           "def make():\n"
           "    m = keras.Sequential([keras.Input(shape=(3,)),\n"
           "                          keras.layers.Dense(4, activation='tanh'),\n"
           "                          keras.layers.Dense(2)])\n"
           "    m.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss='mse')\n"
           "    return m\n"
           "a, b, c = make(), make(), make()\n"
           "b.set_weights(a.get_weights())\n"
           "c.set_weights(a.get_weights())\n"
           "a.fit(x, y, epochs=2, batch_size=4, shuffle=False, verbose=0)\n"
           "a.save_weights(os.path.join(d, 'a.weights.h5'))\n"
           "b.fit(x, y, epochs=1, batch_size=4, shuffle=False, verbose=0)\n"
           "b.load_weights(os.path.join(d, 'a.weights.h5'))\n"
           "c.load_weights(os.path.join(d, 'a.weights.h5'))\n"
           "for m in (a, b, c):\n"
           "    m.fit(x, y, epochs=1, batch_size=4, shuffle=False, verbose=0)\n"
           "def diff(m, n):\n"
           "    return max(float(np.max(np.abs(p - q)))\n"
           "               for p, q in zip(m.get_weights(), n.get_weights()))\n"
           "print(diff(a, b) < 1e-6)\n"
           "print(diff(a, c) > 1e-4)\n",
           test_dir());
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert_str_eq(r->out, "True\nTrue\n");
}

Test(pylib, calls_a_users_callback_and_honours_stop_training) {
  Ran *r = run_after_head(
      "from keras.callbacks import Callback\n"
      "class Stopper(Callback):\n"
      "    def __init__(self):\n        super().__init__()\n        self.calls = []\n"
      "    def on_train_begin(self, logs=None):\n        self.calls.append('begin')\n"
      "    def on_epoch_begin(self, epoch, logs=None):\n        "
      "self.calls.append(f'b{epoch}')\n"
      "    def on_epoch_end(self, epoch, logs=None):\n"
      "        self.calls.append(f'e{epoch}:' + ','.join(sorted(logs)))\n"
      "        if epoch == 2:\n            self.model.stop_training = True\n"
      "    def on_train_batch_end(self, batch, logs=None):\n        self.last = batch\n"
      "    def on_train_end(self, logs=None):\n        self.calls.append('end')\n"
      "s = Stopper()\n"
      "m = Sequential([Dense(1, "
      "activation='sigmoid')])\nm.compile(loss='binary_crossentropy', metrics=['acc'])\n"
      "h = m.fit(X, Y, epochs=10, batch_size=64, verbose=0, callbacks=[s])\n"
      "print(s.calls, s.last, len(h.history['loss']), s.model is m)\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  /* Keras 3 logs a metric under the name compile was given: acc */
  cr_assert_str_eq(r->out, "['begin', 'b0', 'e0:acc,loss', 'b1', 'e1:acc,loss', 'b2', "
                           "'e2:acc,loss', 'end'] 3 3 True\n");
}

Test(pylib, reports_an_exception_in_a_callback_with_its_calls) {
  Ran *r = run_after_head(
      "from keras.callbacks import Callback\n"
      "class Boom(Callback):\n    def on_epoch_end(self, epoch, logs=None):\n        raise "
      "ValueError(f'boom at {epoch}')\n"
      "def train(m):\n    m.fit(X, Y, epochs=3, verbose=0, callbacks=[Boom()])\n"
      "m = Sequential([Dense(1)])\nm.compile(loss='mse')\ntrain(m)\n");
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
  cr_assert_str_eq(r->out,
                   "Add needs inputs of one shape (or of size 1 where they differ), but item 1 "
                   "is (None, 3) and item 2 is (None, 5)\n");
  cr_assert_eq(r->s.diags[0].pos.line, 10);
  cr_assert_eq(r->s.diags[0].pos.col, 5);
  cr_assert_str_eq(r->s.diags[0].msg,
                   "ValueError: axis=2 cannot concatenate vectors: use -1 (or 1), the feature "
                   "axis");
}

Test(pylib, builds_a_residual_add_of_the_input) {
  Ran *r = run("from keras import Input, Model\nfrom keras.layers import Dense, Add\n"
               "x = Input(shape=(4,))\na = Dense(4)(x)\n"
               "s = Add()([a, x])\nm = Model(x, s)\nprint('built', m.count_params())\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert_str_eq(r->out, "built 20\n");
}


/* model.build(input_shape) and the input_shape and output_shape properties: Keras 3.15 (JAX)
 * prints these lines for the same file, the AttributeError of an unbuilt model included. */
Test(pylib, build_and_the_model_shapes_as_keras) {
  Ran *r = run("import keras\nfrom keras import layers\n"
               "m = keras.Sequential([layers.Dense(4, activation='relu'), layers.Dense(2)])\n"
               "try:\n    print(m.input_shape)\n"
               "except AttributeError as e:\n    print('AttributeError:', e)\n"
               "m.build((None, 3))\n"
               "print(m.input_shape, m.output_shape, m.count_params(), len(m.weights))\n"
               "m.build((None, 3))\nprint(m.count_params())\n"
               "s = keras.Sequential([keras.Input((4, 5)), layers.Flatten(), layers.Dense(3)])\n"
               "print(s.input_shape, s.output_shape)\n"
               "x = keras.Input((6,))\n"
               "f = keras.Model(x, layers.Dense(2)(layers.Dense(5)(x)))\n"
               "print(f.input_shape, f.output_shape)\n"
               "m.build((None, 5))\n");
  cr_assert_str_eq(r->out,
                   "AttributeError: Sequential model 'sequential' has no defined input shape yet.\n"
                   "(None, 3) (None, 2) 26 4\n26\n(None, 4, 5) (None, 3)\n(None, 6) (None, 2)\n");
  cr_assert_eq(r->s.diags[0].pos.line, 17);
  cr_assert(strstr(first(r), "input is (None, 3), not (None, 5)"), "%s", first(r));
}
/* model.optimizer and its learning_rate, iterations and name: Keras 3.15 (JAX) prints these
 * lines for the same file, a LearningRateScheduler's rates and the steps seen by a callback
 * included. */
Test(pylib, model_optimizer_and_its_variables_as_keras) {
  Ran *r = run(
               "import numpy as np\n"
               "import keras\n"
               "m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])\n"
               "try:\n"
               "    m.optimizer\n"
               "except AttributeError as e:\n"
               "    print('AttributeError:', e)\n"
               "m.compile(optimizer='adam', loss='mse')\n"
               "o = m.optimizer\n"
               "print(type(o).__name__, o.name, m.optimizer is o)\n"
               "print(o.learning_rate)\n"
               "print(float(o.learning_rate), float(o.learning_rate * 0.5), "
                   "o.learning_rate.numpy())\n"
               "o.learning_rate = 0.01\n"
               "print(float(m.optimizer.learning_rate))\n"
               "o.learning_rate.assign(0.02)\n"
               "print(float(o.learning_rate), o.learning_rate.shape, o.learning_rate.dtype, "
                   "o.learning_rate.path)\n"
               "class CB(keras.callbacks.Callback):\n"
               "    def on_epoch_end(self, epoch, logs=None):\n"
               "        print(epoch, float(self.model.optimizer.learning_rate), "
                   "int(self.model.optimizer.iterations))\n"
               "m.fit(np.ones((4, 2)), np.ones((4, 1)), epochs=2, batch_size=2, verbose=0,\n"
               "      callbacks=[CB(), keras.callbacks.LearningRateScheduler(lambda e, lr: lr * 0.5)])\n"
               "print(o.iterations)\n"
               "sgd = keras.optimizers.SGD(learning_rate=0.1)\n"
               "m.compile(optimizer=sgd, loss='mse')\n"
               "print(m.optimizer is sgd, sgd.learning_rate, keras.optimizers.RMSprop().name)\n"
               "s = keras.optimizers.SGD(keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.5))\n"
               "print(s.learning_rate)\n"
               "try:\n"
               "    s.learning_rate = 0.3\n"
               "except TypeError as e:\n"
               "    print('TypeError:', str(e)[:60])\n"
               "print(hasattr(o, 'lr'), hasattr(s, 'lr'), hasattr(o, 'learning_rate'))\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert_str_eq(r->out,
                   "AttributeError: 'Sequential' object has no attribute 'optimizer'\n"
                   "Adam adam True\n"
                   "<Variable path=adam/learning_rate, shape=(), dtype=float32, value=0.0010000000474974513>\n"
                   "0.0010000000474974513 0.0005000000237487257 0.001\n"
                   "0.009999999776482582\n"
                   "0.019999999552965164 () float32 adam/learning_rate\n"
                   "0 0.009999999776482582 2\n"
                   "1 0.004999999888241291 4\n"
                   "<Variable path=adam/iteration, shape=(), dtype=int32, value=4>\n"
                   "True <Variable path=sgd/learning_rate, shape=(), dtype=float32, value=0.10000000149011612> rm_sprop\n"
                   "0.1\n"
                   "TypeError: This optimizer was created with a `LearningRateSchedule` obj\n"
                   "False False True\n");
}

/* load_weights of Keras's legacy .h5 model file into models that exist: in order
 * (topological) under other names, by_name, and skip_mismatch, with Keras's ValueErrors.
 * Keras 3.15 (JAX) prints these lines for the same file, but for the file's name before its
 * messages; its warnings, which go to the log here, are checked in
 * tests/keras/test_legacy_h5.c. */
Test(pylib, load_weights_of_a_legacy_h5_file_as_keras) {
  Ran *r = run(
               "import numpy as np\n"
               "import keras\n"
               "x = np.linspace(-1, 1, 12).reshape(4, 3).astype('float32')\n"
               "def model(name, units=4, extra=False):\n"
               "    layers = [keras.Input((3,)), keras.layers.Dense(units, activation='relu', name=name + '_hid'),\n"
               "              keras.layers.Dropout(0.1), keras.layers.Dense(2, name=name + '_out')]\n"
               "    if extra:\n"
               "        layers.append(keras.layers.Dense(1, name=name + '_extra'))\n"
               "    return keras.Sequential(layers, name=name)\n"
               "a = model('a')\n"
               "a.compile(optimizer='adam', loss='mse')\n"
               "a.set_weights([np.cos(np.arange(w.size) + i).reshape(w.shape).astype('float32')\n"
               "               for i, w in enumerate(a.get_weights())])\n"
               "a.save('a.h5')\n"
               "b = model('b')\n"
               "b.load_weights('a.h5')\n"
               "print(np.abs(b.predict(x, verbose=0) - a.predict(x, verbose=0)).max())\n"
               "for bad, why in [(model('c', extra=True), 'count'), (model('d', units=5), 'shape')]:\n"
               "    try:\n"
               "        bad.load_weights('a.h5')\n"
               "    except ValueError as e:\n"
               "        print(why, 'ValueError:', e)\n"
               "i = keras.Input((3,))\n"
               "f = keras.Model(i, keras.layers.Dense(2, name='a_out')(keras.layers.Dense(4, activation='relu', name='zz')(i)))\n"
               "f.load_weights('a.h5', by_name=True)\n"
               "print([float(w) for w in f.get_layer('a_out').get_weights()[1]], "
                   "float(np.abs(f.get_layer('zz').get_weights()[1]).sum() > 0))\n"
               "try:\n"
               "    f.load_weights('a.keras', by_name=True)\n"
               "except ValueError as e:\n"
               "    print('ValueError:', e)\n"
               "g = model('d', units=5)\n"
               "g.load_weights('a.h5', skip_mismatch=True)\n"
               "print([float(w) for w in g.get_layer('d_out').get_weights()[1]])\n"
               "h = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, use_bias=False, "
                   "name='a_hid')], name='h')\n"
               "try:\n"
               "    h.load_weights('a.h5', by_name=True)\n"
               "except ValueError as e:\n"
               "    print('ValueError:', e)\n"
               "h.load_weights('a.h5', by_name=True, skip_mismatch=True)\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert_str_eq(r->out,
                   "WARNING:absl:You are saving your model as an HDF5 file via `model.save()` or "
                   "`keras.saving.save_model(model)`. This file format is considered legacy. We "
                   "recommend using instead the native Keras format, e.g. "
                   "`model.save('my_model.keras')` or `keras.saving.save_model(model, "
                   "'my_model.keras')`. \n"
                   "0.0\n"
                   "count ValueError: a.h5: Layer count mismatch when loading weights from file. Model expected 3 layers, found 2 saved layers.\n"
                   "shape ValueError: a.h5: Shape mismatch in layer #0 (named d_hid)for weight d/d_hid/kernel. Weight expects shape (3, 5). Received saved weight with shape (3, 4)\n"
                   "[-0.9899924993515015, -0.6536436080932617] 0.0\n"
                   "ValueError: `by_name` only supports loading legacy '.h5' or '.hdf5' files. Received: a.keras\n"
                   "[-0.9899924993515015, -0.6536436080932617]\n"
                   "ValueError: a.h5: Weight count mismatch for layer #0 (named a_hid). Layer expects 1 weight(s). Received 2 saved weight(s)\n");
}

/* LambdaCallback's functions run as the hooks of their names, on_batch_end= (Keras 2's name,
 * an attribute of the instance) and a Callback's own on_batch_end included, which Callback's
 * on_train_batch_end calls: Keras 3.15 (JAX) prints these lines for the same file. */
Test(pylib, lambda_callback_and_keras_2_batch_hooks_as_keras) {
  Ran *r = run(
               "import numpy as np\n"
               "import keras\n"
               "m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])\n"
               "m.compile(optimizer=keras.optimizers.SGD(0.1), loss='mse')\n"
               "x, y = np.ones((6, 2)), np.ones((6, 1))\n"
               "seen = []\n"
               "cb = keras.callbacks.LambdaCallback(\n"
               "    on_epoch_begin=lambda epoch, logs: print('begin', epoch),\n"
               "    on_batch_end=lambda batch, logs: seen.append((batch, sorted(logs))),\n"
               "    on_train_end=lambda logs: print('end', len(seen)))\n"
               "print(type(cb).__name__, isinstance(cb, keras.callbacks.Callback), "
                   "cb.on_batch_end is not None)\n"
               "class Old(keras.callbacks.Callback):\n"
               "    def on_batch_end(self, batch, logs=None):\n"
               "        print('old', batch)\n"
               "m.fit(x, y, epochs=2, batch_size=3, verbose=0, callbacks=[cb, Old()])\n"
               "print(seen)\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert_str_eq(r->out,
                   "LambdaCallback True True\n"
                   "begin 0\nold 0\nold 1\nbegin 1\nold 0\nold 1\nend 4\n"
                   "[(0, ['loss']), (1, ['loss']), (0, ['loss']), (1, ['loss'])]\n");
}

/* Every hook of a callback of the user's own, in fit (the batches' begin and end, the
 * validation's test hooks with their running logs, on_train_end's logs), evaluate and predict,
 * and stop_training set in a batch, which ends that epoch with its validation. Keras 3.15
 * (JAX) prints the same lines for the same file. */
Test(pylib, callback_hooks_around_fit_evaluate_and_predict_as_keras) {
  Ran *r = run(
      "import numpy as np\n"
      "import keras\n"
      "\n"
      "class Log(keras.callbacks.Callback):\n"
      "    def on_train_begin(self, logs=None): print('train_begin', logs)\n"
      "    def on_train_end(self, logs=None): print('train_end', sorted(logs))\n"
      "    def on_epoch_begin(self, epoch, logs=None): print('epoch_begin', epoch, logs)\n"
      "    def on_epoch_end(self, epoch, logs=None): print('epoch_end', epoch, sorted(logs))\n"
      "    def on_train_batch_begin(self, batch, logs=None): print('train_batch_begin', batch, "
          "logs)\n"
      "    def on_train_batch_end(self, batch, logs=None): print('train_batch_end', batch, "
          "sorted(logs))\n"
      "    def on_test_begin(self, logs=None): print('test_begin', logs)\n"
      "    def on_test_end(self, logs=None): print('test_end', {k: round(v, 4) for k, "
          "v in logs.items()})\n"
      "    def on_test_batch_begin(self, batch, logs=None): print('test_batch_begin', batch, "
          "logs)\n"
      "    def on_test_batch_end(self, batch, logs=None):\n"
      "        print('test_batch_end', batch, {k: round(v, 4) for k, v in logs.items()})\n"
      "    def on_predict_begin(self, logs=None): print('predict_begin', logs)\n"
      "    def on_predict_end(self, logs=None): print('predict_end', logs)\n"
      "    def on_predict_batch_begin(self, batch, logs=None): print('predict_batch_begin', "
          "batch, logs)\n"
      "    def on_predict_batch_end(self, batch, logs=None):\n"
      "        print('predict_batch_end', batch, sorted(logs), logs['outputs'].shape)\n"
      "\n"
      "class Stop(keras.callbacks.Callback):\n"
      "    def on_train_batch_end(self, batch, logs=None):\n"
      "        print('stop batch', batch)\n"
      "        if batch == 1:\n"
      "            self.model.stop_training = True\n"
      "    def on_test_end(self, logs=None): print('stop test_end')\n"
      "    def on_epoch_end(self, epoch, logs=None): print('stop epoch_end', epoch, sorted(logs))\n"
      "\n"
      "x = (np.arange(30).reshape(10, 3) % 7 / 7).astype('float32')\n"
      "y = (x.sum(axis=1) > 1.5).astype('float32')\n"
      "m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1, activation='sigmoid', "
          "kernel_initializer='ones')])\n"
      "m.compile(optimizer='sgd', loss='binary_crossentropy', metrics=['accuracy'])\n"
      "m.fit(x, y, batch_size=4, epochs=1, validation_data=(x[:6], y[:6]), callbacks=[Log()], "
          "verbose=0, shuffle=False)\n"
      "print([round(v, 4) for v in m.evaluate(x, y, batch_size=5, callbacks=[Log()], verbose=0)])\n"
      "print(m.predict(x, batch_size=8, callbacks=[Log()], verbose=0).shape)\n"
      "h = m.fit(x, y, batch_size=2, epochs=3, validation_data=(x[:6], y[:6]), "
          "callbacks=[Stop()], verbose=0, shuffle=False)\n"
      "print(len(h.history['loss']), m.optimizer.iterations.numpy())\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert_str_eq(r->out,
                   "train_begin {}\n"
                   "epoch_begin 0 {}\n"
                   "train_batch_begin 0 {}\n"
                   "train_batch_end 0 ['accuracy', 'loss']\n"
                   "train_batch_begin 1 {}\n"
                   "train_batch_end 1 ['accuracy', 'loss']\n"
                   "train_batch_begin 2 {}\n"
                   "train_batch_end 2 ['accuracy', 'loss']\n"
                   "test_begin {}\n"
                   "test_batch_begin 0 {}\n"
                   "test_batch_end 0 {'accuracy': 0.25, 'loss': 0.9783}\n"
                   "test_batch_begin 1 {}\n"
                   "test_batch_end 1 {'accuracy': 0.3333, 'loss': 0.8845}\n"
                   "test_end {'accuracy': 0.3333, 'loss': 0.8845}\n"
                   "epoch_end 0 ['accuracy', 'loss', 'val_accuracy', 'val_loss']\n"
                   "train_end ['accuracy', 'loss', 'val_accuracy', 'val_loss']\n"
                   "test_begin {}\n"
                   "test_batch_begin 0 {}\n"
                   "test_batch_end 0 {'accuracy': 0.4, 'loss': 0.8209}\n"
                   "test_batch_begin 1 {}\n"
                   "test_batch_end 1 {'accuracy': 0.4, 'loss': 0.7813}\n"
                   "test_end {'accuracy': 0.4, 'loss': 0.7813}\n"
                   "[0.7813, 0.4]\n"
                   "predict_begin {}\n"
                   "predict_batch_begin 0 {}\n"
                   "predict_batch_end 0 ['outputs'] (8, 1)\n"
                   "predict_batch_begin 1 {}\n"
                   "predict_batch_end 1 ['outputs'] (2, 1)\n"
                   "predict_end {}\n"
                   "(10, 1)\n"
                   "stop batch 0\n"
                   "stop batch 1\n"
                   "stop test_end\n"
                   "stop epoch_end 0 ['accuracy', 'loss', 'val_accuracy', 'val_loss']\n"
                   "1 5\n");
}

/* The data of the two tests below. */
static const char weights_data[] =
      "import numpy as np\n"
      "import keras\n"
      "from keras import layers\n"
      "x = (np.arange(40).reshape(10, 4) % 7 / 7).astype('float32')\n"
      "y = (x.sum(axis=1) > 2).astype('float32')\n";

/* A Dense layer's kernel and bias as Variables (read as arrays, assigned in place, with
 * Keras's error for a value of another shape); a weight the layer has not is Keras's
 * AttributeError. Keras 3.15 (JAX) prints the same lines (and numpy 2's warning about its
 * __array__). */
Test(pylib, a_layer_s_weights_are_its_attributes_as_keras) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
      "m = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation='relu', "
          "name='hidden', kernel_initializer='ones'), layers.Dense(1, activation='sigmoid', "
          "name='out', kernel_initializer='ones')])\n"
      "m.compile(optimizer='adam', loss='binary_crossentropy')\n"
      "m.fit(x, y, epochs=2, batch_size=5, verbose=0, shuffle=False)\n"
      "l = m.get_layer('hidden')\n"
      "print(l.kernel.shape, l.bias.shape, type(l.kernel).__name__, l.kernel.name, "
          "m.layers[1].bias.name)\n"
      "print(np.round(l.kernel.numpy(), 4)[0].tolist(), np.asarray(l.bias).dtype)\n"
      "print(np.array_equal(np.array(l.kernel), m.get_weights()[0]))\n"
      "l.kernel.assign(np.zeros((4, 3), 'float32'))\n"
      "l.bias.assign([1.0, 2.0, 3.0])\n"
      "print(m.get_weights()[0].sum(), m.get_weights()[1].tolist())\n"
      "print(np.round(m.predict(x[:2], verbose=0).ravel(), 4).tolist())\n"
      "try:\n"
      "    l.kernel.assign(np.zeros((3, 3)))\n"
      "except ValueError as e:\n"
      "    print('ValueError', str(e)[:120])\n"
      "try:\n"
      "    l.gamma\n"
      "except AttributeError as e:\n"
      "    print('AttributeError', e)\n", weights_data);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert_str_eq(r->out,
                   "(4, 3) (3,) Variable kernel bias\n"
                   "[0.9959999918937683, 0.9959999918937683, 0.9959999918937683] float32\n"
                   "True\n"
                   "0.0 [1.0, 2.0, 3.0]\n"
                   "[0.9975000023841858, 0.9975000023841858]\n"
                   "ValueError The shape of the target variable and the shape of the target "
                   "value in `variable.assign(value)` must match. variable.shap\n"
                   "AttributeError 'Dense' object has no attribute 'gamma'\n");
}

/* trainable_weights and non_trainable_weights (and the _variables names) of a model and of
 * its layers: BatchNormalization's moving statistics and a layer made with trainable=False
 * among the second, in Keras's order. Keras 3.15 (JAX) prints the same lines. */
Test(pylib, trainable_and_frozen_weights_as_keras) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
      "m = keras.Sequential([keras.Input((4,)), layers.Dense(3, activation='relu', "
          "name='hidden'), layers.BatchNormalization(name='bn'), layers.Dense(2, name='frozen', "
          "trainable=False), layers.Dense(1, activation='sigmoid', name='out')])\n"
      "m.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])\n"
      "m.fit(x, y, epochs=1, batch_size=5, verbose=0)\n"
      "print([(w.name, tuple(w.shape)) for w in m.trainable_weights])\n"
      "print([(w.name, tuple(w.shape)) for w in m.non_trainable_weights])\n"
      "print(len(m.weights), len(m.trainable_variables), len(m.non_trainable_variables), "
          "len(m.variables))\n"
      "bn = m.get_layer('bn')\n"
      "print([w.name for w in bn.trainable_weights], [w.name for w in bn.non_trainable_weights], "
          "[w.name for w in bn.variables])\n"
      "print([w.name for w in m.get_layer('frozen').trainable_weights], "
          "[w.name for w in m.get_layer('frozen').non_trainable_weights])\n", weights_data);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert_str_eq(r->out,
                   "[('kernel', (4, 3)), ('bias', (3,)), ('gamma', (3,)), ('beta', (3,)), "
                   "('kernel', (2, 1)), ('bias', (1,))]\n"
                   "[('moving_mean', (3,)), ('moving_variance', (3,)), ('kernel', (3, 2)), "
                   "('bias', (2,))]\n"
                   "10 6 4 10\n"
                   "['gamma', 'beta'] ['moving_mean', 'moving_variance'] ['gamma', 'beta', "
                   "'moving_mean', 'moving_variance']\n"
                   "[] ['kernel', 'bias']\n");
}

/* get_config() of a layer (in a model or not) and of a model, and to_json(): the
 * configuration Keras 3 writes in a .keras archive, read back as Python values, and the JSON
 * text with json.dumps's separators. Keras 3.15 (JAX) prints the same lines. */
Test(pylib, get_config_and_to_json_as_keras) {
  Ran *r = run(
      "import numpy as np\n"
      "import keras\n"
      "from keras import layers\n"
      "d = layers.Dense(4, activation='relu', name='d')\n"
      "c = d.get_config()\n"
      "print(c['units'], c['activation'], c['use_bias'], "
      "c['kernel_initializer']['class_name'], c['name'])\n"
      "print(layers.Dropout(0.3).get_config()['rate'], type(c['units']).__name__)\n"
      "m = keras.Sequential([keras.Input((3,)), d, layers.Dense(1, activation='sigmoid')])\n"
      "c = m.get_config()\n"
      "print(c['name'], [l['class_name'] for l in c['layers']], "
      "c['layers'][1]['config']['units'])\n"
      "print(m.layers[0].get_config()['name'], m.layers[1].get_config()['activation'])\n"
      "j = m.to_json()\n"
      "print(type(j).__name__, '\"class_name\": \"Sequential\"' in j, '\"units\": 4' in j)\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert_str_eq(r->out,
                   "4 relu True GlorotUniform d\n"
                   "0.3 int\n"
                   "sequential ['InputLayer', 'Dense', 'Dense'] 4\n"
                   "d sigmoid\n"
                   "str True True\n");
}

/* optimizer.get_config(): Keras 3's keys in its order (the base class's, then the
 * optimizer's own), the learning rate as the float32 it is (as it is now, on a model's
 * optimizer), AdamW's weight_decay among the base keys. Keras 3.15 (JAX) prints the same. */
Test(pylib, optimizer_get_config_as_keras) {
  Ran *r = run(
      "from tensorflow import keras\n"
      "for o in [keras.optimizers.SGD(0.1, momentum=0.9), keras.optimizers.RMSprop(),\n"
      "          keras.optimizers.AdamW(), keras.optimizers.Adam(learning_rate=0.01,\n"
      "                                                          clipnorm=1.0)]:\n"
      "    c = o.get_config()\n"
      "    print(list(c)[11:], [c[k] for k in list(c)[11:]], c['learning_rate'],\n"
      "          c['weight_decay'], c['clipnorm'])\n"
      "print(list(keras.optimizers.Lion().get_config())[:11])\n"
      "m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])\n"
      "m.compile(optimizer='nadam', loss='mse')\n"
      "m.optimizer.learning_rate = 0.005\n"
      "print(m.optimizer.get_config()['learning_rate'], m.optimizer.get_config()['name'])\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert_str_eq(
      r->out,
      "['momentum', 'nesterov'] [0.9, False] 0.10000000149011612 None None\n"
      "['rho', 'momentum', 'epsilon', 'centered'] [0.9, 0.0, 1e-07, False] "
      "0.0010000000474974513 None None\n"
      "['beta_1', 'beta_2', 'epsilon', 'amsgrad'] [0.9, 0.999, 1e-07, False] "
      "0.0010000000474974513 0.004 None\n"
      "['beta_1', 'beta_2', 'epsilon', 'amsgrad'] [0.9, 0.999, 1e-07, False] "
      "0.009999999776482582 None 1.0\n"
      "['name', 'learning_rate', 'weight_decay', 'clipnorm', 'global_clipnorm', 'clipvalue', "
      "'use_ema', 'ema_momentum', 'ema_overwrite_frequency', 'loss_scale_factor', "
      "'gradient_accumulation_steps']\n"
      "0.004999999888241291 nadam\n");
}

/* layer.activation is the function (linear for None), as Keras's activations.get makes it;
 * get_config() keeps the name. Keras 3.15 (JAX) prints the same lines. */
Test(pylib, a_layer_s_activation_is_a_function_as_keras) {
  Ran *r = run(
      "import keras\n"
      "from keras import layers\n"
      "d = layers.Dense(4, activation='relu')\n"
      "print(d.activation.__name__, callable(d.activation))\n"
      "print(layers.Dense(2).activation.__name__, layers.Dense(2, "
      "activation=None).activation.__name__)\n"
      "print(layers.Dense(2, activation=keras.activations.sigmoid).activation.__name__)\n"
      "print(layers.Activation('tanh').activation.__name__)\n"
      "m = keras.Sequential([keras.Input((3,)), d])\n"
      "print(m.layers[0].activation.__name__, m.layers[0].get_config()['activation'])\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert_str_eq(r->out,
                   "relu True\n"
                   "linear linear\n"
                   "sigmoid\n"
                   "tanh\n"
                   "relu relu\n");
}

/* A LearningRateScheduler schedule of Keras 2's one argument: schedule(epoch, lr) raises
 * TypeError, so Keras 3 calls schedule(epoch); a TypeError of that call goes on from fit.
 * Keras 3.15 (JAX) prints 0.25 for the same file, then stops at the second fit with
 * "TypeError: typo() missing 1 required positional argument: 'lr'". */
Test(pylib, learning_rate_scheduler_takes_a_schedule_of_the_epoch_alone_as_keras) {
  Ran *r = run("import numpy as np\n"
               "import keras\n"
               "m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])\n"
               "m.compile(optimizer=keras.optimizers.SGD(0.1), loss='mse')\n"
               "x, y = np.ones((6, 2)), np.ones((6, 1))\n"
               "m.fit(x, y, epochs=2, verbose=0, callbacks=[\n"
               "    keras.callbacks.LearningRateScheduler(lambda epoch: 0.5 / (epoch + 1))])\n"
               "print(float(m.optimizer.learning_rate))\n"
               "def typo(epoch, lr):\n"
               "    raise TypeError('inside')\n"
               "m.fit(x, y, epochs=1, verbose=0, "
                   "callbacks=[keras.callbacks.LearningRateScheduler(typo)])\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert_str_eq(r->out, "0.25\n");
  cr_assert_str_eq(first(r), "TypeError: typo() missing required argument 'lr'");
  cr_assert_eq(r->s.diags[0].pos.line, 11);
}

/* ModelCheckpoint writes what Keras 3's writes for the name (a .keras archive, a legacy .h5
 * model file), which load_model reads back, and refuses other names with Keras's
 * ValueErrors: Keras 3.15 (JAX) prints these lines for the same file. */
Test(pylib, model_checkpoint_writes_keras_s_files) {
  Ran *r = run(
               "import os\n"
               "import numpy as np\n"
               "import keras\n"
               "x = np.linspace(-1, 1, 40).reshape(20, 2).astype('float32')\n"
               "y = x.sum(axis=1, keepdims=True)\n"
               "m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, "
                   "activation='relu'), keras.layers.Dense(1)])\n"
               "m.compile(optimizer='adam', loss=keras.losses.MeanSquaredError())\n"
               "m.fit(x, y, epochs=3, verbose=0, validation_split=0.25,\n"
               "      callbacks=[keras.callbacks.ModelCheckpoint('ckd/best.keras', save_best_only=True)])\n"
               "m.fit(x, y, epochs=2, verbose=0, "
                   "callbacks=[keras.callbacks.ModelCheckpoint('ckd/e{epoch}.h5')])\n"
               "print(sorted(os.listdir('ckd')))\n"
               "for f in ['ckd/best.keras', 'ckd/e2.h5']:\n"
               "    b = keras.models.load_model(f)\n"
               "    print(f, type(b).__name__, b.count_params())\n"
               "print(np.allclose(keras.models.load_model('ckd/e2.h5').predict(x, verbose=0), "
                   "m.predict(x, verbose=0), atol=1e-6))\n"
               "for name, w in [('ckd/w.hdf5', False), ('ckd/w.keras', True)]:\n"
               "    try:\n"
               "        m.fit(x, y, epochs=1, verbose=0, "
                   "callbacks=[keras.callbacks.ModelCheckpoint(name, save_weights_only=w)])\n"
               "    except ValueError as e:\n"
               "        print('ValueError:', e)\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert_str_eq(r->out,
                   "['best.keras', 'e1.h5', 'e2.h5']\n"
                   "ckd/best.keras Sequential 13\n"
                   "ckd/e2.h5 Sequential 13\n"
                   "True\n"
                   "ValueError: The filepath provided must end in `.keras` (Keras model format). Received: filepath=ckd/w.hdf5\n"
                   "ValueError: When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided must end in `.weights.h5` (Keras weights format). Received: filepath=ckd/w.keras\n");
}

/* keras.layers.add, concatenate and the other functional forms of the merge layers, their
 * keyword arguments passed to the layer: Keras 3.15 (JAX) prints these lines. */
Test(pylib, merge_functions_as_keras) {
  Ran *r = run(
               "import numpy as np\n"
               "import keras\n"
               "from keras import layers\n"
               "a = keras.Input(shape=(4,))\n"
               "h1 = layers.Dense(3, kernel_initializer='ones')(a)\n"
               "h2 = layers.Dense(3, kernel_initializer='ones', bias_initializer='ones')(a)\n"
               "outs = [layers.add([h1, h2]), layers.subtract([h1, h2]), layers.multiply([h1, h2]),\n"
               "        layers.average([h1, h2]), layers.maximum([h1, h2]), layers.minimum([h1, h2], name='least'),\n"
               "        layers.concatenate([h1, h2]), layers.concatenate([h1, h2], axis=1, name='joined')]\n"
               "for o in outs:\n"
               "    m = keras.Model(a, o)\n"
               "    print(m.layers[-1].name, m.output_shape, m.predict(np.ones((1, 4)), "
                   "verbose=0).tolist())\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert_str_eq(r->out,
                   "add (None, 3) [[9.0, 9.0, 9.0]]\n"
                   "subtract (None, 3) [[-1.0, -1.0, -1.0]]\n"
                   "multiply (None, 3) [[20.0, 20.0, 20.0]]\n"
                   "average (None, 3) [[4.5, 4.5, 4.5]]\n"
                   "maximum (None, 3) [[5.0, 5.0, 5.0]]\n"
                   "least (None, 3) [[4.0, 4.0, 4.0]]\n"
                   "concatenate (None, 6) [[4.0, 4.0, 4.0, 5.0, 5.0, 5.0]]\n"
                   "joined (None, 6) [[4.0, 4.0, 4.0, 5.0, 5.0, 5.0]]\n");
}

/* A layer object called twice is one layer with one set of weights, as in Keras: Keras 3.15
 * (JAX) gives these parameters and losses for the same file (keras for tensorflow.keras). */
Test(pylib, a_layer_called_twice_shares_its_weights_as_keras) {
  Ran *r = run("import numpy as np\nfrom tensorflow import keras\n"
               "from tensorflow.keras import layers, initializers\n"
               "x = keras.Input(shape=(3,))\n"
               "a = layers.Dense(3, kernel_initializer=initializers.Constant(0.1),\n"
               "                 bias_initializer=initializers.Constant(0.2))(x)\n"
               "d = layers.Dense(3, activation='tanh', kernel_initializer='identity',\n"
               "                 bias_initializer='ones')\n"
               "c = d(d(a))\n"
               "m = keras.Model(x, layers.Dense(1, kernel_initializer=initializers.Constant(0.5))(c))\n"
               "m.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss='mse')\n"
               "X = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-0.75, 0.5, 1.0],\n"
               "              [2.0, -0.5, 0.25], [0.1, 0.9, -1.2], [-1.1, 0.3, 0.7]])\n"
               "Y = np.array([[1.0], [0.2], [-1.0], [0.5], [0.0], [1.5]])\n"
               "h = m.fit(X, Y, batch_size=4, epochs=3, shuffle=False, verbose=0)\n"
               "print(m.count_params(), [round(v, 5) for v in h.history['loss']])\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert_str_eq(r->out, "28 [1.62099, 0.78771, 0.75976]\n");
}

/* A layer object in two models is one layer, as in Keras: training one model moves the
 * other's predictions. The numbers are Keras 3.15's (JAX) for the same file. */
Test(pylib, a_layer_in_two_models_shares_its_weights_as_keras) {
  Ran *r = run("import numpy as np\nimport keras\nfrom keras import layers\n"
               "x = np.sin(np.arange(40, dtype='float32')).reshape(10, 4)\n"
               "y = np.cos(np.arange(10, dtype='float32')).reshape(10, 1)\n"
               "enc = layers.Dense(2, kernel_initializer='ones')\n"
               "m1 = keras.Sequential([keras.Input((4,)), enc, layers.Dense(1, "
                   "kernel_initializer='ones')])\n"
               "m2 = keras.Sequential([keras.Input((4,)), enc, layers.Dense(3, "
                   "kernel_initializer='ones')])\n"
               "m1.compile(optimizer='sgd', loss='mse')\nm2.compile(optimizer='sgd', loss='mse')\n"
               "print(m2.predict(x, verbose=0)[:2].astype('float64').round(5).tolist())\n"
               "m1.fit(x, y, epochs=2, batch_size=5, shuffle=False, verbose=0)\n"
               "print(m2.predict(x, verbose=0)[:2].astype('float64').round(5).tolist())\n"
               "print(enc.get_weights()[0][:, 0].astype('float64').round(5).tolist())\n"
               /* the functional API: a layer called in one model, then in another */
               "enc = layers.Dense(2, kernel_initializer='ones', name='enc')\n"
               "i1 = keras.Input((4,))\n"
               "f1 = keras.Model(i1, layers.Dense(1, kernel_initializer='ones')(enc(i1)))\n"
               "i2 = keras.Input((4,))\nf2 = keras.Model(i2, enc(i2))\n"
               "f1.compile(optimizer='sgd', loss='mse')\n"
               "f1.fit(x, y, epochs=2, batch_size=5, shuffle=False, verbose=0)\n"
               "print(f2.predict(x, verbose=0)[:2, 0].astype('float64').round(5).tolist())\n"
               /* a model nested in two models */
               "base = keras.Sequential([keras.Input((4,)), layers.Dense(2, "
                   "kernel_initializer='ones')])\n"
               "s1 = keras.Sequential([base, layers.Dense(1, kernel_initializer='ones')])\n"
               "s2 = keras.Sequential([base, layers.Dense(3, kernel_initializer='ones')])\n"
               "s2.compile(optimizer='sgd', loss='mse')\n"
               "s2.fit(x, np.ones((10, 3)), epochs=1, batch_size=5, shuffle=False, verbose=0)\n"
               "print(s1.predict(x, verbose=0)[:2, 0].astype('float64').round(5).tolist())\n"
               "print(m1.count_params(), f2.count_params(), s1.count_params(), s2.count_params())\n"
               /* a Sequential model's layer called on a Keras tensor; a layer called twice
                * in one model and once in another */
               "d = layers.Dense(4)\ns = keras.Sequential([keras.Input(shape=(4,)), d])\n"
               "t = keras.Input(shape=(4,))\nprint(keras.Model(t, d(t)).count_params())\n"
               "a = d(t)\nm = keras.Model(t, d(a))\nn = keras.Model(t, a)\n"
               "print(m.count_params(), n.count_params())\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert_str_eq(r->out,
                   "[[3.78378, 3.78378, 3.78378], [-2.67631, -2.67631, -2.67631]]\n"
                   "[[3.39466, 3.39466, 3.39466], [-2.40429, -2.40429, -2.40429]]\n"
                   "[0.98341, 0.89045, 0.89821, 0.99956]\n"
                   "[1.69733, -1.20215]\n"
                   "[3.62265, -2.42387]\n"
                   "13 10 13 19\n"
                   "20\n20 20\n");
}

Test(pylib, refuses_what_the_layer_graph_cannot_do_yet) {
  Ran *r;
  r = run("from keras import Input, Model\nfrom keras.layers import Dense\n"
          "x = Input(shape=(4,))\na = Dense(3)(x)\nb = Dense(2)(a)\nm = Model(x, [a, b])\n");
  cr_assert_str_eq(first(r),
                   "NotImplementedError: a model with more than one output is not supported by nnc "
                   "run yet");
  r = run("from keras import Sequential\nfrom keras.layers import Dense, Add\ns = "
          "Sequential([Dense(2), Add()])\n");
  cr_assert_str_eq(first(r),
                   "TypeError: Add joins several tensors and cannot be a layer of a Sequential "
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

/* A program that checks TensorFlow's version sees one whose tf.keras is Keras 3. */
Test(pylib, tells_tensorflow_s_version_and_keras_s_apart) {
  Ran *r = run("import tensorflow as tf\nimport keras\nprint(tf.__version__ >= '2.16', "
               "tf.__version__ < '3', keras.__version__ >= '3')\n");
  cr_assert_eq(r->st, NNC_OK, "%s", r->out);
  cr_assert_str_eq(r->out, "True True True\n");
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

Test(pylib, trains_a_gelu_model_file_as_training_written_out_in_c) {
  char before[600], after[600], text[2048];
  snprintf(before, sizeof before, "%s.before.safetensors", xpath);
  snprintf(after, sizeof after, "%s.after.safetensors", xpath);
  snprintf(text, sizeof text, "%s"
           "model = Sequential([Dense(5, activation='gelu', input_shape=(4,)), Dense(1)])\n"
           "model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=0.2), loss='mse')\n"
           "model.save_weights('%s')\n"
           "model.fit(X, Y, epochs=2, batch_size=32, shuffle=False, verbose=0)\n"
           "model.save_weights('%s')\n", head, before, after);
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
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

/* Keras 3 feeds a vector to a model one feature wide as a column, and takes the older
 * input_dim= for input_shape=. */
Test(pylib, feeds_a_vector_to_a_one_feature_model_and_takes_input_dim) {
  Ran *r = run("import numpy as np\nfrom tensorflow import keras\n"
               "m = keras.Sequential([keras.layers.Dense(units=1, input_shape=[1])])\n"
               "m.compile(optimizer='sgd', loss='mean_squared_error')\n"
               "xs = np.array([-1.0, 0.0, 1.0, 2.0, 3.0, 4.0])\n"
               "m.fit(xs, 5 * xs + 1, epochs=500, verbose=0)\n"
               "p = m.predict(np.array([10.0]), verbose=0)\n"
               "print(p.shape, round(float(p[0, 0])))\n"
               "d = keras.Sequential([keras.layers.Dense(4, input_dim=3), keras.layers.Dense(1)])\n"
               "print(d.count_params())\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert_str_eq(r->out, "(1, 1) 51\n21\n");
}

/* model(x) on data is predict's one batch, as Keras's eager call in inference; on a Keras
 * tensor it nests the model (test below); on anything else it is refused. */
Test(pylib, calls_a_model_on_data_as_predict) {
  Ran *r = run("import numpy as np\nfrom tensorflow import keras\n"
               "m = keras.Sequential([keras.layers.Dense(2, input_shape=(3,)),\n"
               "                      keras.layers.Dropout(0.5)])\n"
               "x = np.arange(12.0).reshape(4, 3)\n"
               "print(callable(m), np.array_equal(m(x), m.predict(x, verbose=0)), m(x).shape)\n"
               "p = m([keras.Input(shape=(3,))])\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert_str_eq(r->out, "True True (4, 2)\n");
  cr_assert_eq(r->s.diags[0].pos.line, 7);
  cr_assert(strstr(r->s.diags[0].msg, "TypeError: a model is called with one argument"), "%s",
            r->s.diags[0].msg);
}

Test(pylib, a_model_called_on_data_gives_a_float32_array) {
  Ran *r = run("import numpy as np\nfrom tensorflow import keras\n"
               "m = keras.Sequential([keras.layers.Dense(2, input_shape=(3,))])\n"
               "print(callable(m))\np = m(np.ones((1, 3))).numpy()\n"
               "print(p.shape, p.dtype, bool((p == m.predict(np.ones((1, 3)), verbose=0)).all()))\n"
               "print(m(keras.Input(shape=(3,))).shape)\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  /* .numpy(): the array itself; on a Keras tensor, the tensor of the nested model */
  cr_assert_str_eq(r->out, "True\n(1, 2) float32 True\n(None, 2)\n");
}

Test(pylib, flatten_reshape_and_dropout_build_from_their_configs) {
  Ran *r = run_after_head(
      "from tensorflow.keras.layers import Flatten, Reshape, Dropout, Concatenate\n"
      "import numpy as np\n"
      "X3 = np.reshape(X, (256, 2, 2))\n"
      "m = Sequential([Flatten(input_shape=(2, 2)), Dense(8, activation='relu'),\n"
      "                Dropout(0.25, seed=1), Reshape((2, 4)), Flatten(),\n"
      "                Dense(1, activation='sigmoid')])\n"
      "m.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.05),\n"
      "          loss='binary_crossentropy', metrics=['accuracy'])\n"
      "m.summary()\n"
      "m.fit(X3, Y, epochs=30, verbose=0)\n"
      "loss, acc = m.evaluate(X3, Y, verbose=0)\nprint(acc > 0.9)\n"
      "i = Input(shape=(4,))\n"
      "h = Dense(1)(i)\n"
      "o = Dense(1, activation='sigmoid')(Concatenate()([Dropout(0.5)(h)] * 70))\n"
      "f = tf.keras.Model(i, o)\nf.compile(loss='binary_crossentropy')\n"
      "f.fit(X, Y, verbose=0)\nprint(f.count_params())\n");
  cr_assert(strstr(r->out, "│ reshape (Reshape)               │ (None, 2, 4)           │             0 │"),
            "%s", r->out);
  cr_assert(strstr(r->out, "True\n76\n"), "70 copies joined, one Dense(1) of 70: %s", r->out);
  /* refused by the check, before anything runs */
  r = run("from tensorflow.keras.layers import Dropout, Input\nDropout(rate=2.0)(Input((4,)))\n");
  cr_assert_neq(r->st, NNC_OK, "rate 2.0 is refused");
  cr_assert(strstr(first(r), "Dropout: argument 'rate' must be a number in [0, 1], found 2"),
            "%s", first(r));
}

Test(pylib, builds_the_activation_layer_classes) {
  Ran *r = run_after_head(
      "from tensorflow.keras.layers import ReLU, LeakyReLU, PReLU, ELU, Softmax\n"
      "m = Sequential([Dense(6, input_shape=(4,)), ReLU(max_value=6.0, negative_slope=0.1),\n"
      "                Dense(6), LeakyReLU(alpha=0.2), PReLU(), ELU(alpha=0.5),\n"
      "                Dense(2), Softmax()])\n"
      "m.compile(loss='categorical_crossentropy')\nm.summary()\n"
      "print(abs(m.predict(X, verbose=0).sum(axis=1) - 1).max() < 1e-6)\n");
  cr_assert(strstr(r->out, "│ p_re_lu (PReLU)                 │ (None, 6)              │             6 │"),
            "%s", r->out);
  cr_assert(strstr(r->out, " Trainable params: 92 (368.00 B)\n"), "%s", r->out);
  cr_assert(strstr(r->out, "\nTrue\n"), "softmax rows sum to 1: %s", r->out);
  r = run("from tensorflow.keras.layers import ReLU\nReLU(negative_slope=-1.0)\n");
  cr_assert_neq(r->st, NNC_OK, "a negative slope is refused");
  cr_assert(strstr(first(r), "ReLU: argument 'negative_slope'"), "%s", first(r));
}

Test(pylib, batch_and_layer_normalization_count_as_keras_counts_them) {
  Ran *r = run_after_head(
      "from tensorflow.keras.layers import BatchNormalization, LayerNormalization\n"
      "m = Sequential([Dense(16, activation='relu', input_shape=(4,)),\n"
      "                BatchNormalization(momentum=0.9), LayerNormalization(),\n"
      "                Dense(1, activation='sigmoid')])\n"
      "m.compile(loss='binary_crossentropy')\nm.summary()\nm.fit(X, Y, verbose=0)\n"
      "print('count', m.count_params())\n");
  cr_assert(strstr(r->out, " Trainable params: 161 (644.00 B)\n"
                           " Non-trainable params: 32 (128.00 B)\n"), "%s", r->out);
  cr_assert(strstr(r->out, "count 193\n"), "count_params() counts every weight: %s", r->out);
  r = run("from tensorflow.keras.layers import BatchNormalization\n"
          "BatchNormalization(momentum='fast')\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(first(r), "argument 'momentum' must be a number"), "%s", first(r));
}

/* Keras 3's optimizers with their arguments (and Keras 2's lr=), the built-in callbacks and
 * fit's steps_per_epoch, as a tutorial would write them. */
Test(pylib, trains_with_keras_optimizers_and_callbacks) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
           "import os\n"
           "from tensorflow.keras.callbacks import (ReduceLROnPlateau, CSVLogger, ModelCheckpoint,\n"
           "    LearningRateScheduler, TerminateOnNaN)\n"
           "from tensorflow.keras.optimizers import SGD\n"
           "d = '%s'\n"
           "model = Sequential([Dense(1, input_shape=(4,))])\n"
           "model.compile(optimizer=SGD(lr=0.1, momentum=0.5, clipnorm=1.0), loss='mse')\n"
           "h = model.fit(X, Y, epochs=4, verbose=0, steps_per_epoch=3, callbacks=[\n"
           "    ReduceLROnPlateau(monitor='loss', factor=0.5, patience=1, min_delta=10),\n"
           "    CSVLogger(os.path.join(d, 'log.csv')), TerminateOnNaN(),\n"
           "    ModelCheckpoint(os.path.join(d, 'm-{epoch:02d}.weights.h5'), monitor='loss',\n"
           "                    save_weights_only=True)])\n"
           "print([round(v, 6) for v in h.history['learning_rate']], h.params['steps'])\n"
           "print(sorted(f for f in os.listdir(d) if f.startswith('m-') or f == 'log.csv'))\n"
           "m2 = Sequential([Dense(1, input_shape=(4,))])\n"
           "m2.compile(optimizer='Nadam', loss='mse')\n"
           "h2 = m2.fit(X, Y, epochs=2, verbose=2,\n"
           "            callbacks=[LearningRateScheduler(lambda e, lr: lr / 2)])\n"
           "print([round(v, 7) for v in h2.history['learning_rate']], h2.params['verbose'])\n",
           head, test_dir());
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert_str_eq(r->out,
                   "UserWarning: SGD(lr=...): `lr` is Keras 2's name for `learning_rate` (Keras "
                   "3 refuses it)\n"
                   "[0.1, 0.1, 0.05, 0.025] 3\n"
                   "['log.csv', 'm-01.weights.h5', 'm-02.weights.h5', 'm-03.weights.h5', "
                   "'m-04.weights.h5']\n"
                   "[0.0005, 0.00025] 2\n");
}

/* ReduceLROnPlateau and LearningRateScheduler together: callbacks run in the list's order
 * sharing one logs dict, each of the two writing learning_rate as it runs, and History last.
 * So with ReduceLROnPlateau first the logs end with its lowered rate; a CSVLogger between
 * them writes the rate before; one before both has no learning_rate column. Rates, losses
 * and files as Keras 3.15 (JAX) gives them for the same file. */
Test(pylib, learning_rate_logs_follow_the_callbacks_order_as_keras) {
  char text[4096];
  snprintf(text, sizeof text,
           "import numpy as np\nimport keras\nimport os\n"
           "x = np.array([[1.0, 2.0], [2.0, 1.0], [0.5, -1.0], [-1.0, 0.5]], dtype='float32')\n"
           "y = np.array([[1.0], [0.0], [2.0], [-1.0]], dtype='float32')\n"
           "for order in ['rcs', 'src', 'crs']:\n"
           "    model = keras.Sequential([keras.Input((2,)),\n"
           "                              keras.layers.Dense(1, kernel_initializer='ones')])\n"
           "    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss='mse')\n"
           "    path = os.path.join('%s', order + '.csv')\n"
           "    cb = {'r': keras.callbacks.ReduceLROnPlateau(monitor='loss', factor=0.5,\n"
           "                                                 patience=0, min_delta=10.0),\n"
           "          's': keras.callbacks.LearningRateScheduler(lambda e, lr: lr * 0.9),\n"
           "          'c': keras.callbacks.CSVLogger(path)}\n"
           "    h = model.fit(x, y, epochs=4, batch_size=4, verbose=0, shuffle=False,\n"
           "                  callbacks=[cb[k] for k in order])\n"
           "    print(order, h.history['learning_rate'])\n"
           "    print([round(v, 5) for v in h.history['loss']])\n"
           "    rows = [r.split(',') for r in open(path).read().split()]\n"
           "    print(rows[0], [[round(float(v), 5) for v in r[1:len(r) // 2 + 1]]\n"
           "                    for r in rows[1:]])\n",
           test_dir());
  Ran *r = run(text);
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert_str_eq(r->out,
      "rcs [0.09000000357627869, 0.04050000011920929, 0.01822499930858612, 0.00820124987512827]\n"
      "[4.875, 2.40389, 1.70524, 1.55729]\n"
      "['epoch', 'learning_rate', 'loss', 'val_learning_rate', 'val_loss'] [[0.09, 4.875], "
      "[0.081, 2.40389], [0.03645, 1.70524], [0.0164, 1.55729]]\n"
      "src [0.09000000357627869, 0.08100000023841858, 0.03644999861717224, 0.01640249975025654]\n"
      "[4.875, 2.40389, 1.70524, 1.55729]\n"
      "['epoch', 'learning_rate', 'loss', 'val_learning_rate', 'val_loss'] [[0.09, 4.875], "
      "[0.081, 2.40389], [0.03645, 1.70524], [0.0164, 1.55729]]\n"
      "crs [0.09000000357627869, 0.04050000011920929, 0.01822499930858612, 0.00820124987512827]\n"
      "[4.875, 2.40389, 1.70524, 1.55729]\n"
      "['epoch', 'loss', 'val_loss'] [[4.875], [2.40389], [1.70524], [1.55729]]\n");
}

/* A schedule as learning_rate: PiecewiseConstantDecay([1], [0.1, 0.0]) trains steps 0 and 1
 * at 0.1 and then not at all, so five epochs of one batch end where two at 0.1 end. */
Test(pylib, trains_with_a_learning_rate_schedule) {
  Ran *r = run_after_head(
      "import keras\n"
      "from tensorflow.keras.optimizers.schedules import PiecewiseConstantDecay\n"
      "from tensorflow.keras.optimizers import SGD\n"
      "def run(opt, epochs):\n"
      "    keras.utils.set_random_seed(1)\n"
      "    m = Sequential([Dense(1, input_shape=(4,))])\n"
      "    m.compile(optimizer=opt, loss='mse')\n"
      "    m.fit(X, Y, epochs=epochs, batch_size=256, verbose=0, shuffle=False)\n"
      "    return m.evaluate(X, Y, verbose=0)\n"
      "a = run(SGD(learning_rate=PiecewiseConstantDecay([1], [0.1, 0.0])), 5)\n"
      "b = run(SGD(learning_rate=0.1), 2)\n"
      "c = run(SGD(learning_rate=0.1), 5)\n"
      "print(a == b, a != c)\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert_str_eq(r->out, "True True\n");
  r = run("import keras\n"
          "keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=0, decay_rate=0.5)\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(first(r), "decay_steps must be a positive number, found 0"), "%s", first(r));
}

Test(pylib, runs_a_tutorials_scikit_learn_preparation_and_plots) {
  /* the corpus's iris and circles programs in small: sklearn's data, split and scaler,
   * to_categorical, pyplot calls that draw nothing, fit(shuffle='true') as Keras reads it */
  Ran *r = run_after_head(
      "import matplotlib.pyplot as plt\nfrom matplotlib import pyplot\n"
      "from keras.utils import to_categorical\n"
      "from sklearn.datasets import load_iris, make_circles\n"
      "from sklearn.model_selection import train_test_split\n"
      "from sklearn.preprocessing import StandardScaler\nfrom numpy import where\n"
      "iris = load_iris()\n"
      "Yc = to_categorical(iris['target'])\n"
      "print(Yc.shape, Yc.dtype, Yc[0], Yc[149], to_categorical([[1], [0]], 3).shape)\n"
      "a, b, c, d = train_test_split(iris.data, Yc, test_size=0.2, random_state=1)\n"
      "s = StandardScaler()\na = s.fit_transform(a)\nb = s.transform(b)\n"
      "m = Sequential([Dense(8, activation='relu', input_shape=(4,)),\n"
      "               Dense(3, activation='softmax')])\n"
      "m.compile(optimizer='adam', loss='categorical_crossentropy', "
      "metrics=['accuracy'])\n"
      "h = m.fit(a, c, epochs=60, batch_size=8, shuffle='true', verbose=0)\n"
      "print(m.evaluate(b, d, verbose=0)[1] > 0.8)\n"
      "plt.plot(h.history['accuracy'], label='train')\nplt.legend()\nplt.show()\n"
      "X, y = make_circles(n_samples=100, noise=0.1, random_state=1)\n"
      "ix = where(y == 0)\npyplot.scatter(X[ix, 0], X[ix, 1])\n"
      "print(X[ix, 0].shape)\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  char want[1024];
  snprintf(want, sizeof want, "(150, 3) float64 [1. 0. 0.] [0. 0. 1.] (2, 3)\nTrue\n"
           "Figure 1: %s\n(1, 50)\n", test_path("m-fig1.svg"));
  cr_assert_str_eq(r->out, want);
  cr_assert_eq(access(test_path("m-fig1.svg"), R_OK), 0, "show() wrote no figure");
}

Test(pylib, refuses_fit_shuffle_batch_by_name) {
  Ran *r = run_after_head(
      "m = Sequential([Dense(1)])\nm.compile(loss='mse')\n"
      "m.fit(X, Y, shuffle='batch', verbose=0)\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert_str_eq(first(r),
                   "NotImplementedError: fit(shuffle='batch') is not supported by nnc yet");
}

Test(pylib, loads_fashion_mnist_as_keras_gives_it, .timeout = 60) {
  /* the files of Debian's dataset-fashion-mnist (scripts/fetch-data.sh installs it) */
  Ran *r = run("from tensorflow import keras\n"
               "(a, b), (c, d) = keras.datasets.fashion_mnist.load_data()\n"
               "print(a.shape, a.dtype, b.shape, b.dtype, c.shape, d.shape)\n"
               "print(a[0, 10, 10:15], d[:5], a.max(), b.max())\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert_str_eq(r->out, "(60000, 28, 28) uint8 (60000,) uint8 (10000, 28, 28) (10000,)\n"
                           "[  0   0   0 193 228] [9 2 1 1 6] 255 9\n");
}

Test(pylib, refuses_a_path_with_a_nul_as_python_does) {
  /* C would read "x.npy\0/etc/passwd" as x.npy */
  static const char *const calls[] = {"load('x.npy\\0/etc/passwd')", "open('x.npy\\0.txt')",
                                      "save(X, 'out\\0.npy')", "np.load('x.npy\\0')",
                                      "np.savetxt('t\\0.csv', X)", "os.path.exists('x\\0')"};
  for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
    char text[1024];
    snprintf(text, sizeof text, "%simport numpy as np\nimport os\nZ = %s\n", head, calls[i]);
    Ran *r = run(text);
    cr_expect_neq(r->st, NNC_OK, "%s was accepted", calls[i]);
    cr_expect_str_eq(first(r), "ValueError: embedded null byte", "%s", calls[i]);
  }
}

Test(pylib, refuses_a_callback_file_name_with_a_nul) {
  /* ModelCheckpoint's and CSVLogger's files, which C would write as the file "cut" */
  static const char *const cbs[] = {"ModelCheckpoint('%s\\0.safetensors')",
                                    "CSVLogger('%s\\0.csv')"};
  char cut[512];
  snprintf(cut, sizeof cut, "%s", test_path("cut"));
  for (size_t i = 0; i < sizeof cbs / sizeof *cbs; i++) {
    char cb[1024], text[2048];
    snprintf(cb, sizeof cb, cbs[i], cut);
    snprintf(text, sizeof text, "%sfrom tensorflow.keras.callbacks import *\n"
             "m = Sequential([Dense(1)])\nm.compile(loss='mse')\n"
             "m.fit(X, Y, epochs=1, verbose=0, callbacks=[%s])\n", head, cb);
    Ran *r = run(text);
    cr_expect_neq(r->st, NNC_OK, "%s was accepted", cb);
    cr_expect_str_eq(first(r), "ValueError: embedded null byte", "%s", cb);
    cr_expect_neq(access(cut, F_OK), 0, "%s wrote %s", cb, cut);
    unlink(cut);
  }
}

Test(pylib, refuses_a_layer_name_with_a_nul_as_keras_s_strings_do) {
  Ran *r = run_after_head(
      "m = Sequential([Dense(2, name='a\\0b')])\n");
  cr_expect_neq(r->st, NNC_OK);
  cr_expect_str_eq(first(r), "ValueError: Dense(name=...): embedded null byte");
}

Test(pylib, saves_what_the_file_name_says) {
  Ran *r = run_after_head(
      "import numpy as np\n"
      "save(np.array([[0.1, 2.0], [3.5, -1e-8]], dtype=np.float32), 'a.csv')\n"
      "print(open('a.csv').read(), end='')\nA = load('a.csv')\nprint(A.dtype, A[1, 1])\n"
      "save(np.arange(3), 'i.csv')\nprint(open('i.csv').read().split())\n"
      "save(X, 'plain')\nprint(load('plain.npy').shape)\nsave(X, 'w.h5')\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_expect_str_eq(r->out, "0.100000001,2\n3.5,-9.99999994e-09\nfloat32 -1e-08\n"
                           "['0', '1', '2']\n(256, 4)\n");
  cr_expect_str_eq(first(r), "ValueError: save() writes .npy and .csv files, not '.h5' files "
                             "(np.savetxt writes other text)");
}

/* load() reads finite numbers only, so save() does not write a CSV it could not read back. */
Test(pylib, saves_no_csv_that_load_cannot_read) {
  const char *arrays[] = {"np.array([1.0, np.nan])", "np.array([[np.inf]])", "np.zeros((2, 0))",
                          "np.zeros((2, 2, 2))"};
  const char *says[] = {"element [1, 0] is nan", "element [0, 0] is inf", "an empty array",
                        "not a 3D one"};
  for (int i = 0; i < 4; i++) {
    char text[512];
    snprintf(text, sizeof text, "import numpy as np\nsave(%s, 'n.csv')\n", arrays[i]);
    Ran *r = run(text);
    cr_expect_neq(r->st, NNC_OK, "%s was saved", arrays[i]);
    cr_expect(strstr(first(r), "n.csv: ") && strstr(first(r), says[i]), "%s: %s", arrays[i],
              first(r));
  }
}

Test(pylib, says_error_once_for_a_data_file_error) {
  FILE *f = fopen(test_path("bad.csv"), "w");
  cr_assert(f);
  fputs("1,2\n3,x\n", f);
  fclose(f);
  char text[1024];
  snprintf(text, sizeof text, "B = load('%s')\n", test_path("bad.csv"));
  Ran *r = run(text);
  cr_assert_neq(r->st, NNC_OK);
  const char *msg = first(r), *tail = "bad.csv:2:3: 'x' is not a number";
  cr_expect(strlen(msg) > strlen(tail) && !strcmp(msg + strlen(msg) - strlen(tail), tail), "%s",
            msg);
  cr_expect(!strstr(msg, "error:"), "%s", msg);
}

Test(pylib, accepts_a_utf8_bom_as_python_does) {
  Ran *r = run("\xEF\xBB\xBFprint('bom', 1)\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_expect_str_eq(r->out, "bom 1\n");
}

Test(pylib, holds_a_data_set_in_a_pandas_data_frame) {
  /* corpus 19's use of pandas; a column is a Series, printed as pandas prints it (the rest
   * of pandas is compared with Debian's in test_modules.c) */
  Ran *r = run_after_head(
      "import numpy as np\nimport pandas as pd\n"
      "from sklearn.datasets import load_breast_cancer\n"
      "from sklearn.model_selection import train_test_split\n"
      "from sklearn.preprocessing import StandardScaler\n"
      "data = load_breast_cancer()\n"
      "df = pd.DataFrame(data.data, columns=data.feature_names)\n"
      "df['target'] = data.target\n"
      "print(df.shape, len(df), df.columns[:2], df['mean radius'][:2], df.values.dtype)\n"
      "X = df.drop('target', axis=1)\n"
      "print(X.shape, 'target' in X.columns, df.drop(columns=['target', "
      "'worst area']).shape)\n"
      "a, b, c, d = train_test_split(X, df['target'], test_size=0.2, random_state=42)\n"
      "print(a.shape, b.shape, c.shape, d.shape, StandardScaler().fit_transform(a).shape)\n"
      "small = pd.DataFrame({'x': [1.0, 2.0], 'y': [3, 4]})\nsmall['z'] = 0\n"
      "print(small, small.to_numpy().tolist(), small[['y', 'x']].values.tolist())\n"
      "print(pd.DataFrame([1, 2, 3]).shape, pd.DataFrame({}).shape)\n"
      "m = Sequential([Dense(1, activation='sigmoid')])\n"
      "m.compile(loss='binary_crossentropy')\nm.fit(small[['x', 'y']], small['z'], "
      "verbose=0)\n"
      "small['w']\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_expect_str_eq(r->out,
                   "(569, 31) 569 Index(['mean radius', 'mean texture'], dtype='object') "
                   "0    17.99\n1    20.57\n"
                   "Name: mean radius, dtype: float64 float64\n"
                   "(569, 30) False (569, 29)\n(455, 30) (114, 30) (455,) (114,) (455, 30)\n"
                   "     x  y  z\n0  1.0  3  0\n1  2.0  4  0 [[1.0, 3.0, 0.0], [2.0, 4.0, 0.0]] "
                   "[[3.0, 1.0], [4.0, 2.0]]\n(3, 1) (0, 0)\n");
  cr_expect_str_eq(first(r), "KeyError: 'w'");
}

/* keras.mixed_precision.set_global_policy('mixed_bfloat16') makes the models compiled
 * afterwards multiply in bf16 (results move, a little); 'float32' brings back the same bits;
 * other policies are refused by name. */
Test(pylib, mixed_bfloat16_policy) {
  Ran *r = run_after_head(
      "import keras\n"
      "def run():\n"
      "    keras.utils.set_random_seed(1)\n"
      "    m = Sequential([Dense(16, activation='relu', input_shape=(4,)), Dense(1)])\n"
      "    m.compile(optimizer='adam', loss='mse')\n"
      "    m.fit(X, Y, epochs=3, batch_size=32, verbose=0, shuffle=False)\n"
      "    return m.predict(X, verbose=0)\n"
      "a = run()\n"
      "keras.mixed_precision.set_global_policy('mixed_bfloat16')\n"
      "b = run()\n"
      "tf.keras.mixed_precision.set_global_policy('float32')\n"
      "c = run()\n"
      "print((a != b).any(), (a == c).all(), abs(a - b).max() < 0.05 * abs(a).max())\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert_str_eq(r->out, "True True True\n");
  r = run("import keras\nkeras.mixed_precision.set_global_policy('mixed_float16')\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(first(r), "set_global_policy('mixed_float16') is not supported by nnc yet"),
            "%s", first(r));
  r = run("import keras\nkeras.mixed_precision.set_global_policy('mixed_bf16')\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(first(r), "Cannot convert 'mixed_bf16' to a mixed precision DTypePolicy"),
            "%s", first(r));
}

/* model.save('m.keras') writes Keras 3's archive; keras.models.load_model rebuilds it as a
 * Sequential or a functional model with the same predictions, and so does keras.saving's
 * pair (save_model, load_model), the functional one with operations on Keras tensors. */
Test(pylib, saves_and_loads_keras_archives) {
  Ran *r = run_after_head(
      "import keras\nimport numpy as np\n"
      "s = Sequential([Input((4,)), Dense(3, activation='relu'), Dense(1)])\n"
      "s.compile(loss='mse')\n"
      "s.fit(X, Y, epochs=1, verbose=0)\n"
      "s.save('s.keras')\n"
      "inp = Input((4,))\n"
      "h = keras.layers.Add()([Dense(2)(inp), Dense(2)(inp)])\n"
      "h = keras.activations.gelu(h / 2.0 - keras.ops.mean(h, axis=-1, keepdims=True))\n"
      "f = keras.Model(inp, Dense(1, activation='sigmoid')(h))\n"
      "f.compile(loss='mse')\n"
      "keras.saving.save_model(f, 'f.keras')\n"
      "for m, p in ((s, 's.keras'), (f, 'f.keras')):\n"
      "    back = keras.saving.load_model(p) if m is f else keras.models.load_model(p)\n"
      "    print(back, np.abs(back.predict(X, verbose=0) - m.predict(X, verbose=0)).max())\n"
      "tf.keras.models.load_model('missing.keras')\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert_str_eq(r->out, "<Sequential name=sequential, built=True> 0.0\n"
                           "<Functional name=functional, built=True> 0.0\n");
  cr_assert(strstr(first(r), "missing.keras"), "%s", first(r));
}

/* load_model gives back a model compiled as it was saved (.keras and legacy .h5), so fit runs
 * without compile, unless compile=False; tfjs.converters writes and reads TensorFlow.js's
 * format. */
Test(pylib, loaded_models_keep_their_compile_and_tfjs_converters_round_trip) {
  Ran *r = run_after_head(
      "import keras\nimport numpy as np\nimport tensorflowjs as tfjs\n"
      "s = Sequential([Input((4,)), Dense(3, activation='relu'), Dense(1, activation='sigmoid')])\n"
      "s.compile(optimizer=keras.optimizers.SGD(0.1), loss='binary_crossentropy', "
      "metrics=['accuracy'])\n"
      "s.fit(X, Y, epochs=1, verbose=0)\n"
      "s.save('s.keras')\n"
      "s.save('s.h5')\n"
      "s.save('bare.h5', include_optimizer=False)\n"
      "for p in ('s.keras', 's.h5'):\n"
      "    back = keras.models.load_model(p)\n"
      "    print(p, sorted(back.fit(X, Y, epochs=1, verbose=0).history))\n"
      "tfjs.converters.save_keras_model(s, 'js')\n"
      "back = tfjs.converters.load_keras_model('js/model.json')\n"
      "print(np.abs(back.predict(X, verbose=0) - s.predict(X, verbose=0)).max())\n"
      "u = keras.models.load_model('s.h5', compile=False)\n"
      "u.fit(X, Y, epochs=1, verbose=0)\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(r->out, "WARNING:absl:You are saving your model as an HDF5 file via "
                           "`model.save()`"), "%s", r->out);
  cr_assert(strstr(r->out, "s.keras ['accuracy', 'loss']\ns.h5 ['accuracy', 'loss']\n0.0\n"),
            "%s", r->out);
  cr_assert(strstr(first(r), "not compiled"), "%s", first(r));
  /* s.h5 holds the optimizer's variables (one epoch of 8 batches of 32); bare.h5 none */
  nnc_model *m;
  cr_assert_eq(nnc_model_load_keras(test_path("s.h5"), &m), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_iterations(m), 8, "%lld", (long long)nnc_model_iterations(m));
  nnc_model_free(m);
  cr_assert_eq(nnc_model_load_keras(test_path("bare.h5"), &m), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_iterations(m), 0);
  nnc_model_free(m);
}

Test(pylib, tfjs_converters_refuse_what_they_cannot_do) {
  Ran *r = run_after_head(
      "import tensorflowjs as tfjs\n"
      "s = Sequential([Input((4,)), Dense(1)])\n"
      "save(X, 'file.npy')\n"
      "try:\n"
      "    tfjs.converters.save_keras_model(s, 'file.npy')\n"
      "except ValueError as e:\n"
      "    print(e)\n"
      "tfjs.converters.save_keras_model(s, 'q', quantization_dtype_map={'uint8': '*'})\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(r->out, "Path \"file.npy\" already exists as a file (not a directory).\n"),
            "%s", r->out);
  cr_assert(strstr(first(r), "save_keras_model(quantization_dtype_map=...) is not supported"),
            "%s", first(r));
}

/* The TF regression tutorial's normalizer: adapt() before the model, its mean and variance
 * read then, Keras's summary (the statistics non-trainable, count included), predictions
 * that use the adapted mean. */
Test(pylib, normalization_adapts_as_the_regression_tutorial) {
  Ran *r = run("import numpy as np\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n"
               "x = np.array([[0., 7., 4.], [2., 9., 6.], [0., 7., 4.], [2., 9., 6.]])\n"
               "norm = layers.Normalization(axis=-1)\nnorm.adapt(x)\n"
               "print(norm.mean.numpy(), norm.variance.numpy())\n"
               "m = keras.Sequential([norm, layers.Dense(1, kernel_initializer='ones')])\n"
               "m.summary()\n"
               "print(m.predict(np.array([[1., 8., 5.], [2., 9., 6.]]), verbose=0).ravel())\n"
               "m.summary()\n"
               "h = layers.Normalization(input_shape=[1,], axis=None)\n"
               "h.adapt(np.array([1., 2., 3., 4., 5.]))\n"
               "m2 = keras.Sequential([h, layers.Dense(units=1, kernel_initializer='ones')])\n"
               "print(m2.predict(np.array([1., 3.]), verbose=0).ravel())\n");
  /* unbuilt, the adapted layer counts already, as Keras 3.15 prints it (its output shape
   * there Keras gives as the adapt data's, nnc as "?") */
  cr_assert(strstr(r->out, "│             7 │\n├─────────────────────────────────┼─────────"
                           "───────────────┼───────────────┤\n│ dense (Dense)                   "
                           "│ ?                      │   0 (unbuilt) │"), "%s", r->out);
  cr_assert(strstr(r->out, "│ normalization (Normalization)   │ (None, 3)              │             7 │"),
            "%s", r->out);
  cr_assert(strstr(r->out, " Non-trainable params: 7 (28.00 B)\n"), "%s", r->out);
  /* read at once after adapt, shaped to broadcast over a batch, as Keras 3 gives them */
  cr_assert(strstr(r->out, "[[1. 8. 5.]] [[1. 1. 1.]]\n"), "%s", r->out);
  /* (x − mean)/1 summed by a kernel of ones: 0, then 1 + 1 + 1 */
  cr_assert(strstr(r->out, "[0. 3.]\n"), "%s", r->out);
  /* axis=None: (x − 3)/√2 */
  cr_assert(strstr(r->out, "[-1.4142135  0.       ]\n"), "%s", r->out);
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
}

/* adapt() again, after eager calls and in a model: later calls and the model use the new
 * statistics, as Keras 3.15 prints for the same file (its predict function traced before a
 * new adapt keeps the old ones; model(x) and eager calls do not). */
Test(pylib, a_normalization_adapts_again_as_keras) {
  Ran *r = run("import numpy as np\nimport keras\n"
               "a = np.array([[1.0, 2.0], [3.0, 6.0]], dtype='float32')\n"
               "b = np.array([[0.0, 10.0], [4.0, 20.0], [8.0, 30.0]], dtype='float32')\n"
               "x = np.array([[2.0, 4.0]], dtype='float32')\n"
               "norm = keras.layers.Normalization()\n"
               "norm.adapt(a)\nprint(norm(x))\n"
               "norm.adapt(b)\nprint(norm(x))\n"
               "model = keras.Sequential([keras.Input((2,)), norm])\n"
               "print(model.predict(x, verbose=0))\n"
               "norm.adapt(a)\nprint(model(x))\nprint(norm(x))\n"
               "print([w.tolist() for w in norm.get_weights()])\n"
               "i = keras.Input((2,))\nn2 = keras.layers.Normalization()\no = n2(i)\n"
               "n2.adapt(b)\nprint(keras.Model(i, o).predict(x, verbose=0))\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert_str_eq(r->out, "[[0. 0.]]\n[[-0.6123724 -1.9595919]]\n[[-0.6123724 -1.9595919]]\n"
                   "[[0. 0.]]\n[[0. 0.]]\n[[2.0, 4.0], [1.0, 4.0], 0]\n"
                   "[[-0.6123724 -1.9595919]]\n");
}

/* keras.Input and InputLayer (shape=, Keras 2's input_shape= with Keras 3's warning) first in
 * a Sequential model, of any rank. */
Test(pylib, input_layers_start_a_sequential_model) {
  Ran *r = run("from tensorflow import keras\nfrom tensorflow.keras import layers\n"
               "a = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2)])\n"
               "b = keras.Sequential([layers.InputLayer(input_shape=(3,)), layers.Dense(2)])\n"
               "c = keras.Sequential([layers.InputLayer(shape=(28, 28)), layers.Flatten(),\n"
               "                      layers.Dense(2)])\n"
               "d = keras.Sequential()\nd.add(keras.Input(shape=(4,), name='pixels'))\n"
               "d.add(layers.Dense(1))\n"
               "print(a.count_params(), b.count_params(), c.count_params(), d.count_params())\n");
  cr_assert(strstr(r->out, "UserWarning: Argument `input_shape` is deprecated."), "%s", r->out);
  cr_assert(strstr(r->out, "8 8 1570 5\n"), "3·2+2, 784·2+2, 4+1: %s", r->out);
  /* refused by the check, before the file runs */
  r = run("from tensorflow.keras import layers\nlayers.InputLayer(shape=(0,))\n");
  cr_assert_neq(r->st, NNC_OK, "a shape of 0 is refused");
  cr_assert(strstr(first(r), "InputLayer: argument 'shape'"), "%s", first(r));
}

/* keras.initializers, keras.regularizers and keras.constraints objects with arguments: a
 * seeded initializer draws the same weights in two models; RandomUniform(minval=v, maxval=v)
 * is v everywhere; the regularizer adds l2·Σw² to the loss (evaluate on a zero-error target). */
Test(pylib, initializer_regularizer_and_constraint_objects) {
  Ran *r = run("import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\n"
               "from keras.initializers import RandomUniform\n"
               "from tensorflow.keras import regularizers, constraints\n"
               "def model():\n"
               "    return keras.Sequential([keras.layers.Dense(2, input_shape=(3,),\n"
               "        kernel_initializer=keras.initializers.HeNormal(seed=1))])\n"
               "x = np.ones((1, 3))\n"
               "print(np.array_equal(model().predict(x, verbose=0), model().predict(x, "
                   "verbose=0)))\n"
               "m = keras.Sequential([keras.layers.Dense(1, input_shape=(3,),\n"
               "    kernel_initializer=tf.keras.initializers.RandomUniform(minval=0.5, maxval=0.5),\n"
               "    bias_initializer=keras.initializers.Constant(value=0.25),\n"
               "    kernel_regularizer=regularizers.l2(0.01), kernel_constraint=constraints.MaxNorm(3))])\n"
               "m.compile(loss='mse')\n"
               "print(m.evaluate(x, np.array([[1.75]]), verbose=0))\n"
               "keras.layers.Dense(1, kernel_initializer=RandomUniform(seed='a'))\n"
               "keras.Sequential([keras.layers.Dense(1, input_shape=(3,),\n"
               "    kernel_initializer=RandomUniform(seed='a'))])\n");
  cr_assert(strstr(r->out, "True\n"), "%s", r->out);
  /* predict 3·0.5 + 0.25 = 1.75: the loss is the penalty 0.01·3·0.25 = 0.0075 (in float32) */
  cr_assert(strstr(r->out, "0.00749999983"), "%s", r->out);
  cr_assert_neq(r->st, NNC_OK, "a seed that is no integer is refused");
  cr_assert(strstr(first(r), "argument 'seed' must be an integer seed"), "%s", first(r));
  cr_assert_eq(r->s.diags[0].pos.line, 18, "at the model that uses it");
}

/* Metric objects with arguments beside names, logged under their names. With p = sigmoid(x)
 * for x = -2, -1, 0.5, 1, 3 and y = 0, 1, 0, 1, 1: AUC 5/6 (5 of the 6 positive-negative
 * pairs in order), precision 2/3 (p > 0.5 at three samples, two positive), binary accuracy
 * with threshold 0.9 is 3/5, mae 0.3578 (numpy: abs(p − y).mean()). */
Test(pylib, metric_objects_with_arguments_beside_names) {
  Ran *r = run("import numpy as np\nfrom tensorflow import keras\n"
               "m = keras.Sequential([keras.layers.Dense(1, input_shape=(1,), "
                   "activation='sigmoid',\n"
               "    kernel_initializer='ones')])\n"
               "m.compile(loss='binary_crossentropy', metrics=[keras.metrics.AUC(),\n"
               "    keras.metrics.Precision(name='p'), 'mae',\n"
               "    keras.metrics.BinaryAccuracy(threshold=0.9)])\n"
               "x = np.array([[-2.], [-1.], [0.5], [1.], [3.]])\n"
               "y = np.array([[0.], [1.], [0.], [1.], [1.]])\n"
               "d = m.evaluate(x, y, verbose=0, return_dict=True)\n"
               "print(sorted(d))\n"
               "print(round(d['auc'], 4), round(d['p'], 4), round(d['binary_accuracy'], 4),\n"
               "      round(d['mae'], 4))\n");
  cr_assert(strstr(r->out, "['auc', 'binary_accuracy', 'loss', 'mae', 'p']\n"), "%s", r->out);
  cr_assert(strstr(r->out, "0.8333 0.6667 0.6 0.3578\n"), "%s", r->out);
  r = run("from tensorflow import keras\nkeras.metrics.AUC(num_thresholds=100)\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(first(r), "AUC(num_thresholds=...) is not supported by nnc yet"), "%s",
            first(r));
}

/* fit(class_weight=, sample_weight=): one full-batch SGD step of y = k·x + b (k 0.5, b 0.25)
 * on x = 1, 2 and y = 1, 0 with weights 3 and 0.25 (class 1 and 0): Keras's loss
 * Σ w·e²/n = (3·0.0625 + 0.25·1.5625)/2 = 0.2890625, the same either way. */
Test(pylib, fit_weighs_samples_by_class_or_by_sample) {
  Ran *r = run("import numpy as np\nfrom tensorflow import keras\n"
               "def model():\n"
               "    m = keras.Sequential([keras.layers.Dense(1, input_shape=(1,),\n"
               "        kernel_initializer=keras.initializers.Constant(0.5),\n"
               "        bias_initializer=keras.initializers.Constant(0.25))])\n"
               "    m.compile(optimizer='sgd', loss='mse')\n"
               "    return m\n"
               "x = np.array([[1.], [2.]])\ny = np.array([[1.], [0.]])\n"
               "h = model().fit(x, y, class_weight={0: 0.25, 1: 3}, shuffle=False, verbose=0)\n"
               "g = model().fit(x, y, sample_weight=np.array([3., 0.25]), shuffle=False, verbose=0)\n"
               "print(round(h.history['loss'][0], 6), round(g.history['loss'][0], 6))\n"
               "model().fit(x, y, sample_weight=np.array([1.]), verbose=0)\n");
  cr_assert(strstr(r->out, "0.289062 0.289062\n"), "%s", r->out);
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(first(r), "sample_weight must hold one weight per sample"), "%s", first(r));
}

/* evaluate(sample_weight=) on the model above, untrained: Keras 3 weighs the loss,
 * Σ w·e²/n = 0.2890625 whatever the batch size, and not compile's metrics (mse 0.8125 as
 * unweighted, e² being 0.0625 and 1.5625); a weight count that is not the samples' is
 * refused at its place. */
Test(pylib, evaluate_weighs_the_loss_by_sample_as_keras) {
  Ran *r = run("import numpy as np\nfrom tensorflow import keras\n"
               "m = keras.Sequential([keras.layers.Dense(1, input_shape=(1,),\n"
               "    kernel_initializer=keras.initializers.Constant(0.5),\n"
               "    bias_initializer=keras.initializers.Constant(0.25))])\n"
               "m.compile(optimizer='sgd', loss='mse', metrics=['mse'])\n"
               "x = np.array([[1.], [2.]])\ny = np.array([[1.], [0.]])\nw = np.array([3., 0.25])\n"
               "print([round(v, 6) for v in m.evaluate(x, y, verbose=0)])\n"
               "print([round(v, 6) for v in m.evaluate(x, y, sample_weight=w, verbose=0)])\n"
               "print(round(m.evaluate(x, y, sample_weight=w.reshape(2, 1), batch_size=1,\n"
               "                       verbose=0, return_dict=True)['loss'], 6))\n"
               "m.evaluate(x, y, sample_weight=np.ones(3), verbose=0)\n");
  cr_assert(strstr(r->out, "[0.8125, 0.8125]\n[0.289062, 0.8125]\n0.289062\n"), "%s", r->out);
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(first(r), "sample_weight must hold one weight per sample ([2] or [2, 1]), "
                   "found 3 values"), "%s", first(r));
}

/* A model nested in another, as Keras 3 nests it: one row of the summary named after it,
 * its weights shared (fitting the outer model moves base.predict too), in a Sequential
 * model and called on a Keras tensor in the functional API. */
Test(pylib, a_model_nests_in_another_sharing_its_weights) {
  Ran *r = run_after_head(
      "import numpy as np\n"
      "base = Sequential([Input(shape=(4,)), Dense(3, activation='relu')])\n"
      "model = Sequential([base, Dense(1, activation='sigmoid')])\n"
      "model.summary()\n"
      "before = base.predict(X, verbose=0)\n"
      "model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.05),\n"
      "              loss='binary_crossentropy', metrics=['accuracy'])\n"
      "model.fit(X, Y, epochs=20, verbose=0)\n"
      "after = base.predict(X, verbose=0)\n"
      "print('moved', np.abs(after - before).max() > 1e-3)\n"
      "print('trained', model.evaluate(X, Y, verbose=0)[1] > 0.9)\n"
      "inp = Input(shape=(4,))\n"
      "f = tf.keras.Model(inp, Dense(1)(base(inp)))\n"
      "f.summary()\n"
      "print(f.count_params(), np.abs(f.predict(X, verbose=0)).shape)\n"
      "model.save_weights('m.weights.h5')\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert(strstr(r->out, "Model: \"sequential_1\"\n"), "%s", r->out);
  cr_assert(strstr(r->out, "│ sequential (Sequential)         │ (None, 3)              │            15 │\n"),
            "%s", r->out);
  cr_assert(strstr(r->out, "│ dense_1 (Dense)                 │ (None, 1)              │             4 │\n"),
            "%s", r->out);
  cr_assert(strstr(r->out, "moved True\ntrained True\n"), "%s", r->out);
  /* Keras 3.15 names: building base and model took "functional" and "functional_1" */
  const char *f = strstr(r->out, "Model: \"functional_2\"\n");
  cr_assert(f, "%s", r->out);
  /* Keras 3.15 names: `model` made InputLayer input_layer_1, this Input is the third */
  cr_assert(strstr(f, "│ input_layer_2 (InputLayer)      │ (None, 4)              │             0 │\n"
                      "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
                      "│ sequential (Sequential)         │ (None, 3)              │            15 │\n"),
            "%s", r->out);
  cr_assert(strstr(r->out, "19 (256, 1)\n"), "%s", r->out);
}

/* tf.nn's activations are Keras's: as activation= (the lecture's tf.nn.relu), and on data
 * (TensorFlow's quickstart turns logits into probabilities with tf.nn.softmax). */
Test(pylib, tf_nn_activations_are_keras_s) {
  Ran *r = run("import numpy as np\nimport tensorflow as tf\n"
               "m = tf.keras.models.Sequential([\n"
               "    tf.keras.layers.Dense(4, activation=tf.nn.relu, input_shape=(2,)),\n"
               "    tf.keras.layers.Dense(3, activation=tf.nn.softmax)])\n"
               "p = m.predict(np.ones((2, 2)), verbose=0)\n"
               "print(np.allclose(p.sum(axis=1), 1.0))\n"
               "s = tf.nn.softmax(np.array([[0., 0.], [0., np.log(3.)]])).numpy()\n"
               "print(s)\n"
               "print(tf.nn.sigmoid(np.array([0.])), tf.nn.tanh(np.array([0.])))\n"
               "tf.nn.softmax(3.0)\n");
  cr_assert(strstr(r->out, "True\n[[0.5  0.5 ]\n [0.25 0.75]]\n[0.5] [0.]\n"), "%s", r->out);
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(first(r), "softmax: nnc applies an activation to data of rank 1 to 8, "
                   "found rank 0"), "%s", first(r));
}

/* A loss object called on data gives Keras 3's value (reduction sum_over_batch_size), a
 * float32 scalar whose .numpy() is itself, as TensorFlow's quickstart calls it. The wanted
 * numbers are Keras 3.15's (JAX backend) on the same arrays, every row of names/losses.def
 * with from_logits, label smoothing, sample weights and the focal loss's arguments. */
Test(pylib, loss_objects_called_on_data_give_keras_s_values) {
  Ran *r = run("import numpy as np\nimport tensorflow as tf\nL = tf.keras.losses\n"
               "p = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])\n"
               "z = np.array([[1.5, -0.5, 0.25], [-1.0, 0.5, 2.0]])\n"
               "y = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])\n"
               "ids = np.array([0, 2], dtype=np.uint8)\n"
               "r = np.array([[0.5, 1.5, 2.0], [3.0, 0.25, 1.0]])\n"
               "w = np.array([0.25, 2.0])\n"
               "got = [L.BinaryCrossentropy()(y, p),\n"
               "  L.BinaryCrossentropy(from_logits=True, label_smoothing=0.1)(y, z),\n"
               "  L.CategoricalCrossentropy()(y, p),\n"
               "  L.CategoricalCrossentropy(from_logits=True)(y, z, sample_weight=w),\n"
               "  L.SparseCategoricalCrossentropy()(ids, p),\n"
               "  L.SparseCategoricalCrossentropy(from_logits=True)(ids, z),\n"
               "  L.MeanSquaredError()(y, r), L.MeanAbsoluteError()(y, r, w),\n"
               "  L.MeanAbsolutePercentageError()(r, p), L.MeanSquaredLogarithmicError()(r, p),\n"
               "  L.Huber(delta=0.5)(y, r), L.LogCosh()(y, z), L.Hinge()(y, z),\n"
               "  L.SquaredHinge()(y, z), L.CategoricalHinge()(y, z), L.KLDivergence()(y, p),\n"
               "  L.Poisson()(y, r), L.CosineSimilarity()(y, z),\n"
               "  L.BinaryFocalCrossentropy(from_logits=True, gamma=1.5)(y, z),\n"
               "  L.BinaryFocalCrossentropy(apply_class_balancing=True)(y, p)]\n"
               "keras = [0.27634, 0.5213661, 0.43375027, 0.28530532, 0.43375027, 0.29663163,\n"
               "  2.59375, 1.25, 63.05556, 0.5464938, 0.5052084, 0.20980586, 0.5416667,\n"
               "  0.6770834, 0.0, 0.43374747, 1.4905245, -0.90495706, 0.16684861, 0.010134747]\n"
               "print(len(got), np.allclose([v.numpy() for v in got], keras, rtol=1e-6, atol=0))\n"
               "v = L.MeanSquaredError()([[0., 1.], [0., 0.]], [[1., 1.], [1., 0.]])\n"
               "print(v, v.numpy(), v.dtype, callable(L.Hinge()))\n"
               "try:\n"
               "    L.MeanSquaredError()(np.ones((2, 3)), np.ones((2, 4)))\n"
               "except ValueError as e:\n"
               "    print(e)\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert_str_eq(r->out, "20 True\n0.5 0.5 float32 True\n"
                   "loss: target f64[2,3] does not fit prediction f64[2,4]\n");
}

/* Metric objects without a name take Keras's automatic ones (auc, auc_1, ...), and a name
 * given twice in one compile gets Keras's suffix. */
Test(pylib, metric_names_are_made_unique_as_keras) {
  Ran *r = run_after_head(
      "m = Sequential([Input(shape=(4,)), Dense(1, activation='sigmoid')])\n"
      "a, b = tf.keras.metrics.AUC(), tf.keras.metrics.AUC()\n"
      "print(a.name, b.name, tf.keras.metrics.Precision().name, tf.keras.metrics.AUC().name)\n"
      "m.compile(loss='binary_crossentropy', metrics=[a, b])\n"
      "print(sorted(m.fit(X, Y, epochs=1, verbose=0).history))\n"
      "m.compile(loss='binary_crossentropy', metrics=['accuracy', 'accuracy',\n"
      "          tf.keras.metrics.BinaryAccuracy(), tf.keras.metrics.BinaryAccuracy()])\n"
      "print(sorted(m.evaluate(X, Y, verbose=0, return_dict=True)))\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert(strstr(r->out, "auc auc_1 precision auc_2\n['auc', 'auc_1', 'loss']\n"
                           "['accuracy', 'accuracy_1', 'binary_accuracy', 'binary_accuracy_1', "
                           "'loss']\n"), "%s", r->out);
}

/* keras.Input of rank 2 in the functional API, flattened or not: Dense acts on the last axis
 * as Keras's does. */
Test(pylib, functional_inputs_of_rank_two) {
  Ran *r = run("import numpy as np\nfrom tensorflow import keras\n"
               "inp = keras.Input(shape=(28, 28))\n"
               "print(inp.shape)\n"
               "h = keras.layers.Flatten()(inp)\n"
               "print(h.shape)\n"
               "m = keras.Model(inp, keras.layers.Dense(10, activation='softmax')(h))\n"
               "m.compile(optimizer='adam', loss='sparse_categorical_crossentropy',\n"
               "          metrics=['accuracy'])\n"
               "x = np.random.rand(64, 28, 28)\ny = np.arange(64) % 10\n"
               "m.fit(x, y, epochs=2, verbose=0)\n"
               "print(m.predict(x[:3], verbose=0).shape, m.count_params())\n"
               "d = keras.layers.Dense(5)(inp)\n"
               "f = keras.layers.Flatten()(d)\n"
               "print(d.shape, keras.Model(inp, f).predict(x[:2], verbose=0).shape)\n"
               "print(keras.layers.Reshape((7, -1))(inp).shape)\n"
               "keras.layers.Reshape((7, 100))(inp)\n");
  cr_assert(strstr(r->out, "(None, 28, 28)\n(None, 784)\n(3, 10) 7850\n"
                           "(None, 28, 5) (2, 140)\n(None, 7, 112)\n"), "%s", r->out);
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(first(r), "Reshape: the input (None, 28, 28) cannot take the shape "
                   "(None, 7, 100): their sizes differ"), "%s", first(r));
}

/* model.layers holds the objects the file made, in Keras 3's order: a Sequential model's
 * without its InputLayer, a functional model's with it (made when first asked for, then
 * the same object); get_layer finds them by name or index with Keras's messages. */
Test(pylib, model_layers_are_the_file_s_layer_objects) {
  Ran *r = run("from tensorflow import keras\n"
               "d = keras.layers.Dense(2, name='h')\n"
               "m = keras.Sequential([keras.Input((3,)), d, keras.layers.BatchNormalization(),\n"
               "                      keras.layers.Dense(1, use_bias=False)])\n"
               "print(m.layers[0] is d, [l.name for l in m.layers])\n"
               "print(m.get_layer('h') is d, m.get_layer(index=-1).name)\n"
               "inp = keras.Input((3,))\n"
               "f = keras.Model(inp, keras.layers.Dense(1)(inp))\n"
               "print([type(l).__name__ for l in f.layers], f.layers[0] is f.layers[0])\n"
               "for k in [{}, {'name': 'h', 'index': 1}, {'index': 3}]:\n"
               "    try:\n"
               "        m.get_layer(**k)\n"
               "    except ValueError as e:\n"
               "        print(e)\n"
               "m.get_layer('nope')\n");
  cr_assert_str_eq(r->out, "True ['h', 'batch_normalization', 'dense']\n"
                           "True dense\n"
                           "['InputLayer', 'Dense'] True\n"
                           "Provide either a layer name or layer index at `get_layer`.\n"
                           "Provide only a layer name or a layer index. Received: index=1, "
                           "name=h.\n"
                           "Was asked to retrieve layer at index 3 but model only has 3 "
                           "layers.\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(first(r), "No such layer: nope. Existing layers are: ['h', "
                   "'batch_normalization', 'dense']."), "%s", first(r));
}

/* get_weights and set_weights of layers and models, in Keras's order (kernel, bias; gamma,
 * beta, moving_mean, moving_variance; a nested model's through either model), with Keras's
 * checks; a model with an Input has its weights before compile, as Keras builds it there.
 * The printed values are Keras 3.11's for the same file. */
Test(pylib, layers_and_models_get_and_set_their_weights) {
  Ran *r = run("import numpy as np\nfrom tensorflow import keras\n"
               "d = keras.layers.Dense(2, activation='relu', name='h')\n"
               "m = keras.Sequential([keras.Input((3,)), d, keras.layers.BatchNormalization(),\n"
               "                      keras.layers.Dense(1, use_bias=False)])\n"
               "print(keras.layers.Dense(3).get_weights())\n"
               "print([w.shape for w in d.get_weights()], len(m.weights))\n"
               "m.compile(loss='mse')\n"
               "print([w.shape for w in m.get_weights()])\n"
               "m.set_weights([np.arange(6).reshape(3, 2) / 10, np.array([0.5, -0.5]),\n"
               "               np.full(2, 2.0), np.array([0.1, 0.2]), np.array([1.0, 0.5]),\n"
               "               np.array([4.0, 0.25]), np.array([[1.0], [-2.0]])])\n"
               "p = m.predict(np.array([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]]), verbose=0)\n"
               "print(np.round(p, 4).tolist())\n"
               "d.set_weights([np.ones((3, 2)), np.zeros(2)])\n"
               "print(m.get_layer('batch_normalization').get_weights()[3].tolist(),\n"
               "      d.get_weights()[0].sum())\n"
               "print(np.round(m.predict(np.array([[1.0, 2.0, 3.0]]), verbose=0), 4).tolist())\n"
               "for w in [[np.ones((3, 2))], [np.ones((2, 3)), np.zeros(2)]]:\n"
               "    try:\n"
               "        d.set_weights(w)\n"
               "    except ValueError as e:\n"
               "        print(e)\n"
               "inner = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n"
               "outer = keras.Sequential([inner, keras.layers.Dense(1)])\n"
               "outer.compile(loss='mse')\n"
               "inner.set_weights([np.ones((3, 2)), np.zeros(2)])\n"
               "print(len(outer.get_weights()), outer.get_weights()[0].sum())\n"
               "n = keras.layers.Normalization()\n"
               "n.adapt(np.array([[1.0, 2.0], [3.0, 4.0]]))\n"
               "keras.Sequential([keras.Input((2,)), n]).compile(loss='mse')\n"
               "print([(w.shape, w.dtype.name) for w in n.get_weights()])\n"
               "m.set_weights(m.get_weights()[:2])\n");
  cr_assert_str_eq(r->out, "[]\n"
                   "[(3, 2), (2,)] 7\n"
                   "[(3, 2), (2,), (2,), (2,), (2,), (2,), (2, 1)]\n"
                   "[[-8.781000137329102], [-0.2992999851703644]]\n"
                   "[4.0, 0.25] 6.0\n"
                   "[[-39.21289825439453]]\n"
                   "You called `set_weights(weights)` on layer 'h' with a weight list of length "
                   "1, but the layer was expecting 2 weights.\n"
                   "Layer h weight shape (3, 2) is not compatible with provided weight shape "
                   "(2, 3).\n"
                   "4 6.0\n"
                   "[((2,), 'float32'), ((2,), 'float32'), ((), 'int32')]\n");
  cr_assert_neq(r->st, NNC_OK);
  cr_assert(strstr(first(r), "You called `set_weights(weights)` on layer 'sequential' with a "
                   "weight list of length 2, but the layer was expecting 7 weights."), "%s",
            first(r));
}

/* Keras builds a model at its Inputs: its weights exist, and set_weights and predict work,
 * before compile, with several inputs too; a model without an input shape has none. Keras
 * 3.15 (JAX) prints these lines for the same file. */
Test(pylib, a_model_with_inputs_has_its_weights_before_compile) {
  Ran *r = run("import numpy as np\n"
               "import keras\n"
               "m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])\n"
               "print(len(m.weights), [w.shape for w in m.get_weights()], "
                   "[len(l.weights) for l in m.layers])\n"
               "m.set_weights([np.ones((3, 2)), np.zeros(2)])\n"
               "print(m.predict(np.ones((1, 3)), verbose=0))\n"
               "a = keras.Input((2,), name='a'); b = keras.Input((1,), name='b')\n"
               "f = keras.Model([a, b], keras.layers.Dense(1, name='o')(keras.layers.concatenate([a, b])))\n"
               "print([w.shape for w in f.get_weights()])\n"
               "f.set_weights([np.array([[1.0], [2.0], [3.0]]), np.array([0.5])])\n"
               "print(f.predict([np.ones((1, 2)), np.ones((1, 1))], verbose=0))\n"
               "u = keras.Sequential([keras.layers.Dense(2)])\n"
               "print(u.weights, u.get_weights())\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert_str_eq(r->out, "2 [(3, 2), (2,)] [2]\n"
                           "[[3. 3.]]\n"
                           "[(3, 1), (1,)]\n"
                           "[[6.5]]\n"
                           "[] []\n");
}

/* layer.weights and model.weights: keras.Variable objects read when asked (set_weights shows
 * through), as Keras 3.11 prints them for the same file. */
Test(pylib, weights_are_variables_with_a_name_shape_and_numpy) {
  Ran *r = run("import numpy as np\nimport keras\n"
               "d = keras.layers.Dense(2, name='h')\n"
               "m = keras.Sequential([keras.Input((3,)), d, keras.layers.BatchNormalization()])\n"
               "m.compile(loss='mse')\n"
               "print([(w.name, w.shape) for w in m.weights])\n"
               "print(len(d.weights), d.weights[1].name, d.weights[1].dtype)\n"
               "d.set_weights([np.ones((3, 2)), np.array([1.0, 2.0])])\n"
               "print(d.weights[1].numpy(), type(m.weights[0]).__name__)\n"
               "print(keras.layers.Dense(2).weights)\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert_str_eq(r->out, "[('kernel', (3, 2)), ('bias', (2,)), ('gamma', (2,)), "
                           "('beta', (2,)), ('moving_mean', (2,)), ('moving_variance', (2,))]\n"
                           "2 bias float32\n"
                           "[1. 2.] Variable\n"
                           "[]\n");
}

/* Keras names a layer when it is made, one counter per name for the run: a second model's
 * Dense is dense_2, and an unnamed Dense beside a nested model's Dense is no duplicate.
 * The names are Keras 3.15's for the same file (summaries, model.layers). */
Test(pylib, names_layers_per_run_as_keras) {
  Ran *r = run("import keras\nfrom keras import layers\n"
               "m1 = keras.Sequential([keras.Input((4,)), layers.Dense(3), layers.Dense(1)])\n"
               "m2 = keras.Sequential([keras.Input((4,)), layers.Dense(2)])\n"
               "print([l.name for l in m1.layers], [l.name for l in m2.layers])\n"
               "inner = keras.Sequential([layers.Dense(1)])\n"
               "m3 = keras.Sequential([layers.Dense(5, input_dim=4), inner])\n"
               "m3.summary()\n"
               "print([l.name for l in m3.layers], layers.ReLU().name)\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_assert(strstr(r->out, "['dense', 'dense_1'] ['dense_2']\n"), "%s", r->out);
  cr_assert(strstr(r->out, "Model: \"sequential_3\"\n"), "%s", r->out);
  cr_assert(strstr(r->out, "│ dense_4 (Dense)                 │ (None, 5)              │            25 │\n"
                           "├─────────────────────────────────┼────────────────────────┼───────────────┤\n"
                           "│ sequential_2 (Sequential)       │ (None, 1)              │             6 │\n"),
            "%s", r->out);
  cr_assert(strstr(r->out, "['dense_4', 'sequential_2'] re_lu\n"), "%s", r->out);
}

/* A layer called on an array computes its output now, as Keras's eager call: the same
 * numbers as Keras 3.15 (JAX) for this file; the layer keeps the weights it was built with,
 * and a model it joins afterwards shares them. Other classes are refused by name. */
Test(pylib, a_layer_called_on_data_computes_as_keras) {
  Ran *r = run("import numpy as np\nimport keras\nfrom keras import layers\n"
               "X = np.sin(np.arange(24, dtype='float32')).reshape(6, 4)\n"
               "norm = layers.Normalization()\nnorm.adapt(X)\n"
               "r = lambda v: np.asarray(v).astype('float64').round(5).tolist()\n"
               "print(r(norm(X)[:2]))\n"
               "d = layers.Dense(3, kernel_initializer='ones', bias_initializer='ones')\n"
               "print(r(d(np.ones((2, 4)))), np.asarray(d(np.ones((2, 4)))).dtype)\n"
               "m = keras.Sequential([keras.Input((4,)), d])\n"
               "print(r(m.predict(X[:1], verbose=0)), len(d.get_weights()))\n"
               "print(np.asarray(layers.Flatten()(np.ones((2, 3, 2)))).shape)\n"
               "print(r(layers.ReLU()(X[:1])), r(layers.Activation('tanh')(X[:1])))\n"
               "print(r(layers.Dropout(0.5)(X[:1])), r(layers.Softmax()(X[:1])))\n"
               "layers.BatchNormalization()(X)\n");
  cr_assert_str_eq(r->out,
                   "[[-0.07919, 0.96743, 1.26991, 0.27701], [-1.19938, -1.37641, -0.49251, 1.06026]]\n"
                   "[[5.0, 5.0, 5.0], [5.0, 5.0, 5.0]] float32\n"
                   "[[2.89189, 2.89189, 2.89189]] 2\n"
                   "(2, 6)\n"
                   "[[0.0, 0.84147, 0.9093, 0.14112]] [[0.0, 0.68659, 0.72079, 0.14019]]\n"
                   "[[0.0, 0.84147, 0.9093, 0.14112]] [[0.1438, 0.33359, 0.357, 0.1656]]\n");
  cr_assert_str_eq(first(r), "NotImplementedError: calling a BatchNormalization layer on data "
                             "(an array) is not supported by nnc yet: put it in a model, or "
                             "call it on a Keras tensor");
  cr_assert_eq(r->s.diags[0].pos.line, 16);
}

/* User callbacks run at their place in the list, as Keras's CallbackList runs it, all on one
 * logs dict: one after ReduceLROnPlateau sees its learning_rate (Keras appends the key after
 * the sorted ones), and what one sets (a key of its own, a metric changed) is what
 * EarlyStopping monitors, CSVLogger writes and History records after it. The expected text
 * is what Keras 3.15.1 (KERAS_BACKEND=jax) printed for the same program. */
Test(pylib, users_callbacks_run_at_their_place_in_the_list) {
  Ran *r = run(
           "import numpy as np\n"
           "import keras\n"
           "\n"
           TEST_TWELVE_SAMPLES
           "m.compile(keras.optimizers.SGD(0.5), 'categorical_crossentropy',\n"
           "          metrics=['accuracy'])\n"
           TEST_TWELVE_WEIGHTS
           "\n"
           "class Show(keras.callbacks.Callback):\n"
           "    def __init__(self, name):\n"
           "        super().__init__()\n"
           "        self.name = name\n"
           "    def on_epoch_end(self, epoch, logs=None):\n"
           "        print(self.name, epoch, {k: round(v, 5) for k, v in logs.items()})\n"
           "\n"
           "class Score(keras.callbacks.Callback):\n"
           "    def on_epoch_end(self, epoch, logs=None):\n"
           "        logs['score'] = [1.0, 2.0, 2.0, 3.0][epoch]\n"
           "        logs['accuracy'] = 0.25\n"
           "        self.logs = logs\n"
           "\n"
           "class Same(keras.callbacks.Callback):\n"
           "    def on_epoch_end(self, epoch, logs=None):\n"
           "        print('same dict:', logs is score.logs)\n"
           "\n"
           "score = Score()\n"
           "h = m.fit(x, y, epochs=4, batch_size=5, shuffle=False, verbose=0, callbacks=[\n"
           "    Show('first'),\n"
           "    keras.callbacks.ReduceLROnPlateau(monitor='loss', mode='max', factor=0.5,\n"
           "                                      patience=0),\n"
           "    Show('after ReduceLROnPlateau'),\n"
           "    score,\n"
           "    keras.callbacks.EarlyStopping(monitor='score', mode='max', patience=0),\n"
           "    keras.callbacks.CSVLogger('log.csv'),\n"
           "    Same()])\n"
           "for line in open('log.csv').read().splitlines():\n"
           "    r = line.split(',')\n"
           "    print(r[:3], r[3] if r[0] == 'epoch' else round(float(r[3]), 5), r[4:])\n"
           "for k, v in h.history.items():\n"
           "    print(k, [round(e, 5) for e in v])\n");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  cr_assert_str_eq(r->out,
                   "first 0 {'accuracy': 0.5, 'loss': 1.41774}\n"
                   "after ReduceLROnPlateau "
                   "0 {'accuracy': 0.5, 'loss': 1.41774, 'learning_rate': 0.5}\n"
                   "same dict: True\n"
                   "first 1 {'accuracy': 0.58333, 'loss': 1.06004}\n"
                   "after ReduceLROnPlateau "
                   "1 {'accuracy': 0.58333, 'loss': 1.06004, 'learning_rate': 0.5}\n"
                   "same dict: True\n"
                   "first 2 {'accuracy': 0.5, 'loss': 0.8302}\n"
                   "after ReduceLROnPlateau "
                   "2 {'accuracy': 0.5, 'loss': 0.8302, 'learning_rate': 0.25}\n"
                   "same dict: True\n"
                   "['epoch', 'accuracy', 'learning_rate'] loss "
                   "['score', 'val_accuracy', 'val_learning_rate', 'val_loss', 'val_score']\n"
                   "['0', '0.25', '0.5'] 1.41774 ['1.0', 'NA', 'NA', 'NA', 'NA']\n"
                   "['1', '0.25', '0.5'] 1.06004 ['2.0', 'NA', 'NA', 'NA', 'NA']\n"
                   "['2', '0.25', '0.25'] 0.8302 ['2.0', 'NA', 'NA', 'NA', 'NA']\n"
                   "accuracy [0.25, 0.25, 0.25]\n"
                   "loss [1.41774, 1.06004, 0.8302]\n"
                   "learning_rate [0.5, 0.5, 0.25]\n"
                   "score [1.0, 2.0, 2.0]\n");
}

/* Keras's Sequential builds a Functional of its layers once its input is known (at the end of
 * Sequential([...]), after each add) or else at its first use, and each takes a "functional"
 * name: a tutorial that makes a Sequential before its functional model prints
 * Model: "functional_3". The names are Keras 3.15.1's (JAX) for the same program. */
Test(pylib, counts_each_sequential_build_in_the_functional_names_as_keras) {
  Ran *r = run_after_head(
      "import numpy as np\nimport keras\nfrom keras import layers\n"
      "i = keras.Input(shape=(3,))\n"
      "print(keras.Model(i, layers.Dense(2)(i)).name)\n"
      "s = keras.Sequential([layers.Dense(2)])\n"
      "s = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2)])\n"
      "print(keras.Model(i, layers.Dense(2)(i)).name)\n"
      "s = keras.Sequential()\n"
      "s.add(layers.Dense(2, input_shape=(3,)))\ns.add(layers.Dense(2))\ns.add(layers.Dense(2))\n"
      "print(s.name, keras.Model(i, layers.Dense(2)(i)).name)\n"
      "x = np.zeros((4, 3))\ny = np.zeros((4, 1))\n"
      "s = keras.Sequential([layers.Dense(1)])\ns.compile(loss='mse')\n"
      "s.fit(x, y, verbose=0)\ns.fit(x, y, verbose=0)\n"
      "print(keras.Model(i, layers.Dense(2)(i)).name)\n"
      "t = keras.Sequential([keras.Input(shape=(3,))])\nt.add(layers.Dense(2))\n"
      "print(keras.Model(i, layers.Dense(2)(i)).name)\n");
  cr_assert_eq(r->st, NNC_OK, "%s\n%s", first(r), r->out);
  cr_expect_str_eq(r->out, "functional\nfunctional_2\nsequential_2 functional_6\n"
                           "functional_8\nfunctional_10\n");
}

/* Line by line, a and b agree: words that are numbers within tol, the rest exactly. */
static void expect_same_output(const char *got, const char *want, double tol) {
  while (*got && *want) {
    size_t gn = strcspn(got, " \n"), wn = strcspn(want, " \n");
    char *ge, *we;
    double g = strtod(got, &ge), w = strtod(want, &we);
    if (ge == got + gn && we == want + wn && gn && wn)
      cr_expect_leq(fabs(g - w), tol, "%.*s against Keras's %.*s", (int)gn, got, (int)wn, want);
    else
      cr_assert(gn == wn && !memcmp(got, want, gn), "nnc: %.60s\nKeras: %.60s", got, want);
    got += gn, want += wn;
    cr_assert_eq(*got, *want, "nnc: %.60s\nKeras: %.60s", got, want);
    if (*got)
      got++, want++;
  }
  cr_assert(!*got && !*want, "left over: nnc %.60s\nKeras %.60s", got, want);
}

Test(pylib, a_model_of_two_inputs_runs_as_keras_runs_it) {
  Ran *r = run_file("wide_deep.py");
  cr_assert_eq(r->st, NNC_OK, "%s", first(r));
  char *want = test_read_data("pylib/models/wide_deep.keras.txt");
  const char *end = strstr(want, " Non-trainable params");
  cr_assert(end);
  cr_assert(!strncmp(r->out, want, (size_t)(end - want)), "summary:\n%s", r->out); /* bytes */
  expect_same_output(r->out, want, 1e-5);
  free(want);
}
