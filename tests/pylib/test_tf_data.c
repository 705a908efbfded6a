/* test_tf_data.c — tf.data.Dataset from arrays, as the TensorFlow tutorials feed Keras:
 * from_tensor_slices, map, shuffle, batch, repeat, take, its reprs and length, and fit,
 * evaluate and predict on it. The expected texts are what TensorFlow 2.21 with Keras 3.15.1
 * (JAX) printed for the same programs, but for the dtypes of the elements, which are numpy's
 * arrays in nnc where TensorFlow gives eager tensors. */
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

TestSuite(pylib_tf_data, .init = test_dir_make, .fini = test_dir_remove);

static const char data[] =
    "import numpy as np\nimport tensorflow as tf\nimport keras\n"
    "x = np.array([[0.5, -1.0], [1.5, 2.0], [-0.5, 0.25], [2.0, -1.5], [1.0, 1.0]], "
    "dtype=np.float32)\n"
    "y = np.array([0, 1, 0, 1, 1])\n"
    "ds = tf.data.Dataset.from_tensor_slices((x, y))\n";

Test(pylib_tf_data, prints_and_walks_a_dataset_as_tensorflow) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
           "print(ds, len(ds))\n"
           "print(ds.shuffle(3), len(ds.shuffle(3).batch(2)))\n"
           "print(ds.shuffle(3).batch(2))\n"
           "print(tf.data.Dataset.from_tensor_slices(x).batch(2, drop_remainder=True))\n"
           "print(ds.batch(2).prefetch(tf.data.AUTOTUNE))\n"
           "print(ds.cache())\n"
           "for a, c in ds.batch(2).take(1):\n"
           "    print(a.shape, a.dtype.name, c.shape, len(ds.batch(2)), len(ds.batch(2).take(2)))\n"
           "print(list(ds.batch(3).as_numpy_iterator())[1])\n"
           "print(sorted(int(c) for a, c in ds.shuffle(5)), len(list(ds.take(2))))\n", data);
  PlRan *p = run(text);
  cr_assert_eq(p->st, NNC_OK, "%s", first(p));
  cr_expect_str_eq(p->out,
      "<_TensorSliceDataset element_spec=(TensorSpec(shape=(2,), dtype=tf.float32, name=None), "
      "TensorSpec(shape=(), dtype=tf.int64, name=None))> 5\n"
      "<_ShuffleDataset element_spec=(TensorSpec(shape=(2,), dtype=tf.float32, name=None), "
      "TensorSpec(shape=(), dtype=tf.int64, name=None))> 3\n"
      "<_BatchDataset element_spec=(TensorSpec(shape=(None, 2), dtype=tf.float32, name=None), "
      "TensorSpec(shape=(None,), dtype=tf.int64, name=None))>\n"
      "<_BatchDataset element_spec=TensorSpec(shape=(2, 2), dtype=tf.float32, name=None)>\n"
      "<_PrefetchDataset element_spec=(TensorSpec(shape=(None, 2), dtype=tf.float32, "
      "name=None), TensorSpec(shape=(None,), dtype=tf.int64, name=None))>\n"
      "<CacheDataset element_spec=(TensorSpec(shape=(2,), dtype=tf.float32, name=None), "
      "TensorSpec(shape=(), dtype=tf.int64, name=None))>\n"
      "(2, 2) float32 (2,) 3 2\n"
      "(array([[ 2. , -1.5],\n"
      "       [ 1. ,  1. ]], dtype=float32), array([1, 1]))\n"
      "[0, 0, 1, 1, 1] 2\n");
}

/* map calls the function on each element (a tuple's parts as its arguments), before batch
 * and shuffle; tf.cast and tf.float32 as the TensorFlow Datasets tutorial normalizes images.
 * TensorFlow 2.21 printed these lines for the same program. */
Test(pylib_tf_data, maps_each_element_as_tensorflow) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
           "u = tf.data.Dataset.from_tensor_slices(np.arange(6, dtype=np.uint8).reshape(3, 2))\n"
           "def scale(image, label):\n"
           "    return tf.cast(image, tf.float32) * 2., label\n"
           "m = ds.map(scale, num_parallel_calls=tf.data.experimental.AUTOTUNE)\n"
           "print(m, len(m), tf.data.experimental.AUTOTUNE)\n"
           "for a, c in m.batch(3).take(1):\n"
           "    print(np.asarray(a), np.asarray(c))\n"
           "print(u.map(lambda v: tf.cast(v, tf.float32) / 255.))\n"
           "print(list(u.map(lambda v: (v, v[0] + v[1])).batch(3).as_numpy_iterator()))\n"
           "print(sorted(float(a[0]) for a, c in m.shuffle(5).as_numpy_iterator()))\n", data);
  PlRan *p = run(text);
  cr_assert_eq(p->st, NNC_OK, "%s", first(p));
  cr_expect_str_eq(p->out,
      "<_ParallelMapDataset element_spec=(TensorSpec(shape=(2,), dtype=tf.float32, name=None), "
      "TensorSpec(shape=(), dtype=tf.int64, name=None))> 5 -1\n"
      "[[ 1.  -2. ]\n"
      " [ 3.   4. ]\n"
      " [-1.   0.5]] [0 1 0]\n"
      "<_MapDataset element_spec=TensorSpec(shape=(2,), dtype=tf.float32, name=None)>\n"
      "[(array([[0, 1],\n"
      "       [2, 3],\n"
      "       [4, 5]], dtype=uint8), array([1, 5, 9], dtype=uint8))]\n"
      "[-1.0, 1.0, 2.0, 3.0, 4.0]\n");
}

Test(pylib_tf_data, refuses_to_map_batches) {
  char text[1024];
  snprintf(text, sizeof text, "%sds.batch(2).map(lambda a, b: (a, b))\n", data);
  PlRan *p = run(text);
  cr_assert_neq(p->st, NNC_OK);
  cr_expect(strstr(first(p), "Dataset.map() after batch() or take() is not supported by nnc "
                   "yet: map, then batch"), "%s", first(p));
}

/* repeat() after batch: its passes one after another; fit's epochs of steps_per_epoch
 * batches run on into the next pass, as Keras's iterator over a repeated dataset; repeat(2)
 * makes an epoch of both passes. Unshuffled, so the very steps Keras takes: TensorFlow 2.21
 * with Keras 3.15.1 (JAX) printed these lines for the same program (the warning on stderr,
 * which the run here merges). */
Test(pylib_tf_data, repeats_its_batches_and_fit_runs_on_across_passes_as_keras) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
           "def model():\n"
           "    m = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, "
           "activation='sigmoid', kernel_initializer='ones')])\n"
           "    m.compile(optimizer=keras.optimizers.SGD(0.5), loss='binary_crossentropy', "
           "metrics=['accuracy'])\n"
           "    return m\n"
           "r = ds.batch(2).repeat()\n"
           "print(r, len(ds.batch(2).repeat(3)), len(r.take(7)))\n"
           "print([c.tolist() for a, c in ds.batch(2).repeat(2).as_numpy_iterator()])\n"
           "print([c.tolist() for a, c in r.take(4).as_numpy_iterator()])\n"
           "print(sorted(int(c) for a, b in ds.shuffle(5).batch(5).repeat(2) for c in b))\n"
           "m = model()\n"
           "h = m.fit(r, epochs=3, steps_per_epoch=4, verbose=0)\n"
           "print([round(v, 6) for v in h.history['loss']], h.params)\n"
           "print(np.round(m.get_weights()[0].ravel(), 6))\n"
           "m = model()\n"
           "h = m.fit(ds.batch(2).repeat(2), epochs=2, verbose=0)\n"
           "print([round(v, 6) for v in h.history['loss']], h.params)\n"
           "print(np.round(m.get_weights()[0].ravel(), 6))\n"
           "try:\n"
           "    len(r)\n"
           "except TypeError as e:\n"
           "    print(e)\n", data);
  PlRan *p = run(text);
  cr_assert_eq(p->st, NNC_OK, "%s", first(p));
  cr_expect_str_eq(p->out,
      "<_RepeatDataset element_spec=(TensorSpec(shape=(None, 2), dtype=tf.float32, name=None), "
      "TensorSpec(shape=(None,), dtype=tf.int64, name=None))> 9 7\n"
      "[[0, 1], [0, 1], [1], [0, 1], [0, 1], [1]]\n"
      "[[0, 1], [0, 1], [1], [0, 1]]\n"
      "[0, 0, 0, 0, 1, 1, 1, 1, 1, 1]\n"
      "UserWarning: `shuffle=True` was passed, but will be ignored since the data `x` was "
      "provided as a tf.data.Dataset. The Dataset is expected to already be shuffled (via "
      "`.shuffle(buffer_size)`).\n"
      "[0.335196, 0.318949, 0.220158] {'verbose': 0, 'epochs': 3, 'steps': 4}\n"
      "[1.812205 1.069655]\n"
      "[0.330771, 0.259225] {'verbose': 0, 'epochs': 2, 'steps': 6}\n"
      "[1.812205 1.069655]\n"
      "The dataset is infinite.\n");
}

Test(pylib_tf_data, refuses_repeat_before_batch_and_an_endless_epoch) {
  static const struct { const char *line, *want; } cases[] = {
      {"ds.repeat().batch(2)\n",
       "Dataset.repeat() before batch() is not supported by nnc yet: batch, then repeat"},
      {"m = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])\n"
       "m.compile(loss='mse')\n"
       "m.fit(ds.batch(2).repeat(), epochs=1)\n",
       "fit(): the tf.data.Dataset repeats without end, so an epoch would never end: give "
       "steps_per_epoch, the batches of an epoch"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char text[2048];
    snprintf(text, sizeof text, "%s%s", data, cases[i].line);
    PlRan *p = run(text);
    cr_assert_neq(p->st, NNC_OK, "%s", cases[i].line);
    cr_expect(strstr(first(p), cases[i].want), "%s", first(p));
  }
}

/* Unshuffled, in batches of 2: the very steps Keras takes, so the same numbers. */
Test(pylib_tf_data, fit_evaluate_and_predict_take_its_batches_as_keras) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
           "def model():\n"
           "    m = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1, "
           "activation='sigmoid', kernel_initializer='ones')])\n"
           "    m.compile(optimizer=keras.optimizers.SGD(0.5), loss='binary_crossentropy', "
           "metrics=['accuracy'])\n"
           "    return m\n"
           "m = model()\n"
           "h = m.fit(ds.batch(2), epochs=3, shuffle=False, verbose=0)\n"
           "print([round(v, 6) for v in h.history['loss']], h.params)\n"
           "print(np.round(m.get_weights()[0].ravel(), 6), [round(v, 6) for v in "
           "m.evaluate(ds.batch(4), verbose=0)])\n"
           "print(np.round(m.predict(ds.batch(3), verbose=0).ravel(), 6))\n"
           "h = model().fit(ds.batch(2), validation_data=ds.batch(5), epochs=1, shuffle=False, "
           "verbose=0)\n"
           "print(sorted(h.history))\n"
           "for f in [lambda: model().fit(ds.batch(2), y, verbose=0),\n"
           "          lambda: model().fit(ds.batch(2), validation_split=0.2, verbose=0)]:\n"
           "    try:\n"
           "        f()\n"
           "    except ValueError as e:\n"
           "        print('ValueError:', e)\n", data);
  PlRan *p = run(text);
  cr_assert_eq(p->st, NNC_OK, "%s", first(p));
  cr_expect_str_eq(p->out,
      "[0.357679, 0.303864, 0.271644] {'verbose': 0, 'epochs': 3, 'steps': 3}\n"
      "[1.674052 1.024058] [0.236212, 1.0]\n"
      "[0.410648 0.98769  0.319675 0.83723  0.925797]\n"
      "['accuracy', 'loss', 'val_accuracy', 'val_loss']\n"
      "ValueError: When providing `x` as a tf.data.Dataset, `y` should not be passed. Instead, "
      "the targets should be included as part of the tf.data.Dataset.\n"
      "ValueError: Argument `validation_split` is only supported for tensors or NumPy "
      "arrays.Found incompatible type in the input: [<class "
      "'tensorflow.python.data.ops.batch_op._BatchDataset'>]\n");
}

/* The tutorials' fit keeps its default shuffle=True, which Keras ignores for a dataset with
 * a warning (shown once, as Python shows one place's warning); a shuffled dataset trains. */
Test(pylib_tf_data, warns_once_that_fit_ignores_shuffle_and_refuses_elements) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
           "m = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(2)])\n"
           "m.compile(loss='sparse_categorical_crossentropy', metrics=['accuracy'])\n"
           "train = ds.shuffle(100).batch(2)\n"
           "print(len(m.fit(train, epochs=2, verbose=0).history['loss']))\n"
           "m.fit(train, verbose=0)\n"
           "m.fit(ds, verbose=0)\n", data);
  PlRan *p = run(text); /* stderr comes with print()'s output here */
  cr_expect_str_eq(p->out, "UserWarning: `shuffle=True` was passed, but will be ignored since "
                           "the data `x` was provided as a tf.data.Dataset. The Dataset is "
                           "expected to already be shuffled (via `.shuffle(buffer_size)`).\n"
                           "2\n");
  cr_expect_str_eq(first(p), "ValueError: fit(): the tf.data.Dataset gives single elements, "
                   "and Keras takes each element as a batch: call .batch(batch_size) on it");
}

/* validation_data as a dataset of single elements is refused as x is, before training */
Test(pylib_tf_data, refuses_an_unbatched_validation_dataset) {
  char text[4096];
  snprintf(text, sizeof text, "%s"
           "m = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(2)])\n"
           "m.compile(loss='sparse_categorical_crossentropy')\n"
           "m.fit(ds.batch(2), validation_data=ds, verbose=0)\n", data);
  PlRan *p = run(text);
  cr_expect_str_eq(first(p), "ValueError: fit(): the tf.data.Dataset gives single elements, "
                   "and Keras takes each element as a batch: call .batch(batch_size) on it");
}

/* tf.math's functions on a Python float (a float32 tensor in TensorFlow), an array and an
 * int: TensorFlow 2.21 prints these values; its exp of an int is an error, as nnc's. */
Test(pylib_tf_data, tf_math_computes_as_tensorflow) {
  PlRan *r = run("import numpy as np\nimport tensorflow as tf\n"
                 "e = tf.math.exp(-0.1)\nprint(e.dtype, float(e))\n"
                 "print(tf.math.log(np.array([1.0, 2.0], dtype=np.float32)).tolist(), "
                 "float(tf.math.sqrt(4.0)), int(tf.math.abs(-3)))\n"
                 "try:\n    tf.math.exp(1)\nexcept TypeError as ex:\n    print(ex)\n");
  cr_assert_eq(r->st, NNC_OK, "%s", r->out);
  cr_assert_str_eq(r->out, "float32 0.904837429523468\n[0.0, 0.6931471824645996] 2.0 3\n"
                           "tf.math.exp: TensorFlow computes it for float tensors, found int32\n");
}

/* tf.linspace as the regression tutorial calls it (a Python float start: float32, the int
 * stop converted to it), and its steps as TensorFlow's kernel adds them in float32. */
Test(pylib_tf_data, tf_linspace_computes_as_tensorflow) {
  PlRan *r = run("import numpy as np\nimport tensorflow as tf\n"
                 "x = tf.linspace(0.0, 250, 251)\nprint(x.dtype, x.shape, float(x[-1]))\n"
                 "print(tf.linspace(0.0, 1.0, 4).tolist())\n"
                 "print(tf.linspace(np.float64(2), 3, 3).tolist(),\n"
                 "      tf.linspace(1.0, 2.0, 1).tolist())\n"
                 "try:\n    tf.linspace(1, 5, 3)\nexcept TypeError as ex:\n    print(ex)\n");
  cr_assert_eq(r->st, NNC_OK, "%s", r->out);
  cr_assert_str_eq(r->out, "float32 (251,) 250.0\n"
                           "[0.0, 0.3333333432674408, 0.6666666865348816, 1.0]\n"
                           "[2.0, 2.5, 3.0] [1.0]\n"
                           "tf.linspace: TensorFlow computes it for float tensors, found int32\n");
}
