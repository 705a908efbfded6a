/* test_modules.c — the modules model files use, compared with CPython: every part of
 * snippets.py (math, os.path, files, sys, datetime, time, warnings, random, copy, base64,
 * json), of numpy_snippets.py (numpy, against Debian's numpy 1.24 under /usr/bin/python3), of
 * sklearn_snippets.py (against Debian's scikit-learn 1.2) and of pandas_snippets.py (against
 * Debian's pandas 1.5) runs through nnc's interpreter and through python3, and the two
 * outputs must be the same bytes. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support_run.h"
#include "support.h"

/* nnc's output of a snippet (diagnostics appended, so a failure shows them). */
static char *run_nnc(const char *name, const char *text, size_t len) {
  static PlRan r;
  pl_test_run(&r, name, text, len, (PlRunHow){.in_test_dir = true, .diags = true});
  char *out = r.out;
  r.out = NULL; /* the caller's */
  return out;
}

TestSuite(pylib, .init = test_dir_make, .fini = test_dir_remove);

Test(pylib, prints_every_module_snippet_as_cpython_does, .timeout = 120) {
  test_compare_with_python("pylib/snippets.py", 11, run_nnc);
}

Test(pylib, prints_every_numpy_snippet_as_numpy_does, .timeout = 120) {
  test_compare_with_python("pylib/numpy_snippets.py", 20, run_nnc);
}

/* Each part starts CPython with scikit-learn for its reference (about 0.6 s each on a quiet
 * machine; ten times that with both cores busy, as in a parallel ctest). */
Test(pylib, prints_every_sklearn_snippet_as_scikit_learn_does, .timeout = 480) {
  test_compare_with_python("pylib/sklearn_snippets.py", 25, run_nnc);
}

/* ---- keras.datasets, on .npz files numpy writes ---- */

/* Runs python code in the test directory (numpy writes the files Keras would have). */
static char *python(const char *code) {
  char *cmd = malloc(strlen(code) + 256);
  sprintf(cmd, "cd %s && /usr/bin/python3 -c \"%s\" 2>&1", test_dir(), code);
  FILE *p = popen(cmd, "r");
  cr_assert(p, "%s", cmd);
  char *r = test_slurp(p);
  pclose(p);
  free(cmd);
  return r;
}

static char *nnc_text(const char *text) {
  return run_nnc("datasets.py", text, strlen(text));
}

/* script prints through nnc what it prints through Debian's Python. */
static void expect_as_python(const char *script) {
  char *got = nnc_text(script), *want = python(script);
  cr_expect_str_eq(got, want);
  free(got), free(want);
}

/* Writes d/NAME.npz with Keras's mnist keys: 9 train and 4 test images of random bytes. */
#define MNIST_WRITE(name, how)                                                               \
  "import numpy as np; r = np.random.RandomState(5); "                                       \
  "np." how "('" name "', x_train=r.randint(0, 256, (9, 28, 28)).astype(np.uint8), "          \
  "y_train=r.randint(0, 10, 9).astype(np.uint8), "                                           \
  "x_test=r.randint(0, 256, (4, 28, 28)).astype(np.uint8), y_test=np.arange(4, dtype=np.uint8))"
#define MNIST_PRINT                                                                          \
  "print(x_train.shape, x_train.dtype, y_train.shape, y_train.dtype, x_test.shape, "         \
  "y_test.shape)\n"                                                                          \
  "print(y_train, y_test, x_train[3, 10, :8], x_test[2, 27, 20:], x_train.sum(), "           \
  "x_test.max())\n"
#define MNIST_NUMPY                                                                          \
  "f = np.load('cache/mnist.npz'); x_train, y_train, x_test, y_test = f['x_train'], "         \
  "f['y_train'], f['x_test'], f['y_test']\n" MNIST_PRINT

static void expect_mnist_as_numpy(const char *load) {
  char *py_out = python("import numpy as np\n" MNIST_NUMPY);
  char nnc_src[1024];
  snprintf(nnc_src, sizeof nnc_src, "import tensorflow as tf\nfrom keras.datasets import mnist\n"
           "%s\n" MNIST_PRINT, load);
  char *got = nnc_text(nnc_src);
  cr_expect_str_eq(got, py_out, "--- nnc\n%s--- numpy\n%s", got, py_out);
  free(py_out);
  free(got);
}

Test(pylib, mnist_reads_a_compressed_npz_from_the_data_cache_as_numpy_does) {
  free(python("import os; os.mkdir('cache'); " MNIST_WRITE("cache/mnist.npz",
                                                           "savez_compressed")));
  cr_assert_eq(setenv("NNC_DATA", test_path("cache"), 1), 0);
  expect_mnist_as_numpy("(x_train, y_train), (x_test, y_test) = mnist.load_data()");
  expect_mnist_as_numpy("(x_train, y_train), (x_test, y_test) = "
                        "tf.keras.datasets.mnist.load_data()");
}

Test(pylib, mnist_reads_keras_own_cache_and_an_absolute_path) {
  /* a stored (uncompressed) archive, as Keras's own mnist.npz is */
  free(python("import os; os.makedirs('.keras/datasets'); os.mkdir('cache'); "
              MNIST_WRITE(".keras/datasets/mnist.npz", "savez")));
  free(python("import shutil; shutil.copy('.keras/datasets/mnist.npz', 'cache/mnist.npz')"));
  cr_assert_eq(setenv("HOME", test_dir(), 1), 0);
  cr_assert_eq(setenv("NNC_DATA", test_path("empty"), 1), 0);
  expect_mnist_as_numpy("(x_train, y_train), (x_test, y_test) = mnist.load_data()");
  char load[600];
  snprintf(load, sizeof load, "(x_train, y_train), (x_test, y_test) = "
           "mnist.load_data(path='%s')", test_path("cache/mnist.npz"));
  cr_assert_eq(setenv("HOME", test_path("empty"), 1), 0);
  expect_mnist_as_numpy(load);
}

/* The TensorFlow tutorial "Load NumPy data": keras.utils.get_file finds mnist.npz in a cache
 * (nnc's, then Keras's ~/.keras/datasets, as Keras returns a cached file's path without
 * downloading), and np.load of an .npz is numpy's NpzFile, a `with` context whose members load
 * by name; both print as numpy 1.24 prints the same archive. */
Test(pylib, get_file_finds_a_cached_npz_that_np_load_opens_as_numpy_does) {
  free(python("import os; os.makedirs('.keras/datasets'); os.mkdir('cache'); "
              MNIST_WRITE(".keras/datasets/mnist.npz", "savez")));
  free(python("import shutil; shutil.copy('.keras/datasets/mnist.npz', 'cache/mnist.npz')"));
  cr_assert_eq(setenv("HOME", test_dir(), 1), 0);
  cr_assert_eq(setenv("NNC_DATA", test_path("empty"), 1), 0);
#define NPZ_MORE                                                                             \
  "f = np.load(path)\n"                                                                      \
  "print(f.files, list(f.keys()), 'x_test' in f, 'x' in f, [k for k in f])\n"                 \
  "try:\n    f['x']\nexcept KeyError as e:\n    print('KeyError:', e)\n"
  char *want = python("import numpy as np\n" MNIST_NUMPY
                      "path = '.keras/datasets/mnist.npz'\n" NPZ_MORE);
  char *got = nnc_text(
      "import numpy as np\nimport tensorflow as tf\n"
      "path = tf.keras.utils.get_file('mnist.npz', "
      "'https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz')\n"
      "with np.load(path) as data:\n"
      "  x_train = data['x_train']\n  y_train = data['y_train']\n"
      "  x_test = data['x_test']\n  y_test = data['y_test']\n" MNIST_PRINT NPZ_MORE);
#undef NPZ_MORE
  cr_expect_str_eq(got, want, "--- nnc\n%s--- numpy\n%s", got, want);
  free(got), free(want);
  /* the file name from the URL's path, as Keras takes it */
  got = nnc_text("import keras\nprint(keras.utils.get_file(origin='https://a.b/c/mnist.npz?x=1')"
                 ".endswith('/.keras/datasets/mnist.npz'))\n");
  cr_expect_str_eq(got, "True\n");
  free(got);
  /* not cached: nnc does not download */
  char msg[800];
  snprintf(msg, sizeof msg, "FileNotFoundError: keras.utils.get_file(): auto-mpg.data is in "
           "neither nnc's data cache %s ($NNC_DATA) nor Keras's %s/.keras/datasets/auto-mpg.data, "
           "and nnc does not download: put the file from http://x/auto-mpg.data there",
           test_path("empty"), test_dir());
  char *bad = nnc_text("import keras\nkeras.utils.get_file('auto-mpg.data', "
                       "'http://x/auto-mpg.data')\n");
  cr_expect(strstr(bad, msg), "%s", bad);
  free(bad);
  /* as Keras: a path is no file name */
  bad = nnc_text("import keras\nkeras.utils.get_file('a/b.npz', 'http://x/b.npz')\n");
  cr_expect(strstr(bad, "ValueError: Paths are no longer accepted as the `fname` argument. To "
                        "specify the file's parent directory, use the `cache_dir` argument. "
                        "Received: fname=a/b.npz"), "%s", bad);
  free(bad);
}

/* What nnc prints for a snippet that fails to load a set: the exception's line. */
static void expect_failure(const char *src, const char *text) {
  char *got = nnc_text(src);
  cr_expect(strstr(got, text), "expected '%s' in:\n%s", text, got);
  free(got);
}

Test(pylib, keras_datasets_name_the_file_to_put_in_the_cache) {
  cr_assert_eq(setenv("HOME", test_dir(), 1), 0);
  cr_assert_eq(setenv("NNC_DATA", test_path("nowhere"), 1), 0);
  char want[600];
  snprintf(want, sizeof want, "FileNotFoundError: keras.datasets.mnist.load_data(): mnist.npz "
           "is in neither nnc's data cache %s ($NNC_DATA) nor Keras's ~/.keras/datasets, and "
           "nnc does not download: put Keras's mnist.npz there", test_path("nowhere"));
  expect_failure("from keras.datasets import mnist\nmnist.load_data()\n", want);
  expect_failure("from keras.datasets import boston_housing\nboston_housing.load_data()\n",
                 "put Keras's boston_housing.npz there");
  expect_failure("import tensorflow as tf\ntf.keras.datasets.california_housing.load_data()\n",
                 "put Keras's california_housing.npz there");
  expect_failure("from keras.datasets import cifar10\ncifar10.load_data()\n",
                 "put Keras's cifar-10-batches-py there");
  expect_failure("from keras.datasets import cifar100\ncifar100.load_data()\n",
                 "put Keras's cifar-100-python there");
  expect_failure("from keras.datasets import imdb\nimdb.load_data(num_words=10000)\n",
                 "put Keras's imdb.npz there");
  expect_failure("from keras.datasets import reuters\nreuters.load_data()\n",
                 "put Keras's reuters.npz there");
}

Test(pylib, sklearn_datasets_say_how_to_fetch_a_missing_file) {
  cr_assert_eq(setenv("NNC_DATA", test_path("nowhere"), 1), 0);
  char want[600];
  snprintf(want, sizeof want, "FileNotFoundError: [Errno 2] No such file or directory: "
           "'%s/sklearn/iris.csv' (scikit-learn's data file iris.csv: run "
           "scripts/fetch-data.sh sklearn, or install python3-sklearn)", test_path("nowhere"));
  expect_failure("from sklearn.datasets import load_iris\nload_iris()\n", want);
  expect_failure("from sklearn.datasets import load_diabetes\nload_diabetes()\n",
                 "data file diabetes_data_raw.csv.gz: run scripts/fetch-data.sh sklearn");
}

Test(pylib, mnist_refuses_a_damaged_archive_naming_it) {
  free(python("import os; os.mkdir('cache'); " MNIST_WRITE("cache/full.npz", "savez_compressed")
              "; b = open('cache/full.npz', 'rb').read(); "
              "open('cache/mnist.npz', 'wb').write(b[:len(b) // 2]); "
              "np.savez('cache/partial.npz', x_train=np.zeros(3))"));
  cr_assert_eq(setenv("NNC_DATA", test_path("cache"), 1), 0);
  expect_failure("from keras.datasets import mnist\nmnist.load_data()\n",
                 "not a readable .npz (zip) archive");
  expect_failure("from keras.datasets import mnist\nmnist.load_data(path='partial.npz')\n",
                 "y_train is not a file in the archive");
  free(python("open('cache/text.npz', 'w').write('no zip')"));
  expect_failure("from keras.datasets import mnist\nmnist.load_data(path='text.npz')\n",
                 "text.npz: not a readable .npz (zip) archive");
}

Test(pylib, boston_housing_splits_keras_file_as_keras_does) {
  /* 506 rows of 13 features, in Fortran order as in Keras's file: Keras keeps int(506 * 0.8)
   * = 404 rows for training */
  free(python("import os; os.mkdir('cache'); import numpy as np; "
              "x = np.asfortranarray(np.arange(506 * 13, dtype=np.float64).reshape(506, 13)); "
              "np.savez('cache/boston_housing.npz', x=x, y=x[:, 0] / 13)"));
  cr_assert_eq(setenv("NNC_DATA", test_path("cache"), 1), 0);
  char *got = nnc_text("from keras.datasets import boston_housing\n"
                       "(a, b), (c, d) = boston_housing.load_data()\n"
                       "print(a.shape, b.shape, c.shape, d.shape, a.dtype)\n"
                       "print(a[:, 0].sum() + c[:, 0].sum(), (a[:, 0] / 13 == b).all())\n"
                       "(a, b), (c, d) = boston_housing.load_data(test_split=0.5, seed=1)\n"
                       "print(a.shape, c.shape, sorted(list(b) + list(d)) == list(range(506)))\n");
  cr_expect_str_eq(got, "(404, 13) (404,) (102, 13) (102,) float64\n1660945.0 True\n"
                        "(253, 13) (253, 13) True\n");
  free(got);
  /* the rows Keras picks: np.random.RandomState(seed).shuffle(np.arange(506)) */
  char *want = python("import numpy as np\n"
                      "for s in (113, 1):\n"
                      "    i = np.arange(506); np.random.RandomState(s).shuffle(i)\n"
                      "    print(i[:6].tolist(), i[-4:].tolist())");
  got = nnc_text("from keras.datasets import boston_housing\n"
                 "for s in (113, 1):\n"
                 "    (a, b), (c, d) = boston_housing.load_data(seed=s)\n"
                 "    print(b[:6].astype(int).tolist(), d[-4:].astype(int).tolist())\n");
  cr_expect_str_eq(got, want, "--- nnc\n%s--- numpy\n%s", got, want);
  free(want);
  free(got);
}

/* keras.utils.normalize against Keras 3's numpy branch, restated with numpy (Debian has no
 * Keras): norm = np.atleast_1d(np.linalg.norm(x, order, axis)); norm[norm == 0] = 1;
 * x / np.expand_dims(norm, axis or -1). */
Test(pylib, keras_normalize_divides_by_numpy_norms_as_keras_does) {
  static const char *const calls =
      "x = np.array([[3.0, 4.0], [0.0, 0.0], [1.0, -1.5]])\n"
      "print(normalize(x), normalize(x, order=1), normalize(x, axis=1, order=np.inf))\n"
      "print(normalize(np.array([[1.0, 2.0], [3.0, -4.0]]), axis=0, order=3))\n"
      "print(normalize(np.array([[1, 2, 2]])), normalize(x.astype(np.float32)).dtype)\n"
      "print(normalize(np.array([1.0, 2.0, 2.0]), axis=0))\n"
      "print(normalize(np.arange(24.0).reshape(2, 3, 4), axis=1))\n";
  char py[2048], nn[2048];
  snprintf(py, sizeof py, "import numpy as np\n"
           "def normalize(x, axis=-1, order=2):\n"
           "    norm = np.atleast_1d(np.linalg.norm(x, order, axis))\n"
           "    norm[norm == 0] = 1\n"
           "    axis = axis or -1\n"
           "    return x / np.expand_dims(norm, axis)\n%s", calls);
  snprintf(nn, sizeof nn, "import numpy as np\nfrom keras.utils import normalize\n%s", calls);
  FILE *f = fopen(test_path("norm.py"), "w");
  cr_assert(f);
  fputs(py, f);
  fclose(f);
  char *want = python("exec(open('norm.py').read())"), *got = nnc_text(nn);
  cr_expect_str_eq(got, want, "--- nnc\n%s--- numpy\n%s", got, want);
  free(want);
  free(got);
}

Test(pylib, prints_every_pandas_snippet_as_pandas_does, .timeout = 120) {
  test_compare_with_python("pylib/pandas_snippets.py", 53, run_nnc);
}

/* The refusals of what nnc lacks, which pandas does. */
Test(pylib, refuses_the_correlations_and_sorts_nnc_lacks) {
  char *got = nnc_text(
      "import numpy as np\nimport pandas as pd\n"
      "df = pd.DataFrame({'a': [1.0, 2.0, 3.0], 'b': [2.0, np.nan, 1.0]})\n"
      "for bad in (lambda: df.corr(method='spearman'), lambda: df.corr(method=len),\n"
      "            lambda: df['a'].corr(df['b'][::-1]), lambda: df.sort_values(['a', 'b'])):\n"
      "    try:\n        bad()\n    except NotImplementedError as e:\n        print(e)\n");
  cr_expect_str_eq(got,
                   "corr(method='spearman') is not supported by nnc yet: only 'pearson'\n"
                   "corr(method=<a callable>) is not supported by nnc yet: only 'pearson'\n"
                   "Series.corr of Series with different labels is not supported by nnc yet "
                   "(pandas aligns them)\n"
                   "sort_values(by=) of 2 columns is not supported by nnc yet: sort by one\n",
                   "%s", got);
  free(got);
}

/* A wide frame fits the terminal's width as pandas reads it: $COLUMNS first. */
Test(pylib, fits_a_wide_frame_to_columns_as_pandas_does) {
  static const char code[] =
      "import numpy as np\nimport pandas as pd\n"
      "print(pd.DataFrame(np.arange(90).reshape(3, 30) * 1.5))\n";
  cr_assert_eq(setenv("COLUMNS", "120", 1), 0);
  char *got = nnc_text(code), *want = python(code);
  cr_expect_str_eq(got, want);
  cr_expect(strstr(got, "...") && strlen(strchr(got, '\n') + 1) > 0, "%s", got);
  cr_assert_eq(setenv("COLUMNS", "60", 1), 0);
  char *narrow = nnc_text(code);
  cr_expect_str_neq(narrow, got, "COLUMNS=60 printed as 120:\n%s", narrow);
  free(narrow), free(got), free(want);
}

/* df.T refuses what would give pandas columns of objects. */
Test(pylib, refuses_the_transposes_nnc_cannot_hold) {
  char *got = nnc_text(
      "import pandas as pd\n"
      "for bad in (pd.DataFrame({'x': [True], 'y': [1]}), pd.DataFrame({'x': ['u']}),\n"
      "            pd.DataFrame({'x': [1, 2]}).loc[[0, 0]]):\n"
      "    try:\n        bad.T\n    except NotImplementedError as e:\n        print(e)\n");
  cr_expect_str_eq(got,
                   "df.T of a frame mixing bool and number columns (dtype object) is not "
                   "supported by nnc yet\n"
                   "df.T of a frame with text columns (dtype object) is not supported by nnc yet\n"
                   "df.T of a frame whose row labels repeat is not supported by nnc yet\n",
                   "%s", got);
  free(got);
}

/* A frame's reductions refuse text as pandas 2 does, and by name what nnc lacks; so do
 * duplicated and drop_duplicates. */
Test(pylib, refuses_the_frame_reductions_nnc_cannot_do) {
  char *got = nnc_text(
      "import pandas as pd\n"
      "df = pd.DataFrame({'name': ['a', 'b'], 'ok': [True, False], 'n': [1, 2]})\n"
      "for bad in (df.mean, df[['ok', 'n']].max, lambda: df[['n']].sum(axis=1),\n"
      "            lambda: df.nunique(dropna=False), lambda: df.drop_duplicates(inplace=True),\n"
      "            lambda: df.duplicated(keep='middle')):\n"
      "    try:\n        bad()\n    except (TypeError, ValueError, NotImplementedError) as e:\n"
      "        print(type(e).__name__, e)\n");
  cr_expect_str_eq(got,
                   "TypeError DataFrame.mean of the text column 'name' (dtype object): select "
                   "the numeric columns, or give numeric_only=True\n"
                   "NotImplementedError DataFrame.max of bool columns beside numbers (dtype "
                   "object) is not supported by nnc yet\n"
                   "NotImplementedError DataFrame.sum along the rows (axis=1) is not supported "
                   "by nnc yet\n"
                   "NotImplementedError DataFrame.nunique(dropna=False) is not supported by nnc "
                   "yet\n"
                   "NotImplementedError drop_duplicates(inplace=True or ignore_index=True) is not "
                   "supported by nnc yet: assign the result\n"
                   "ValueError keep must be either \"first\", \"last\" or False\n",
                   "%s", got);
  free(got);
}

/* groupby refuses text as pandas 2 does, and by name what nnc lacks. */
Test(pylib, refuses_the_groupbys_nnc_cannot_do) {
  char *got = nnc_text(
      "import pandas as pd\n"
      "df = pd.DataFrame({'k': ['a', 'b', 'a'], 'x': [1, 2, 3], 't': ['u', 'v', 'w']})\n"
      "for bad in (lambda: df.groupby('k').mean(), lambda: df.groupby(['k', 'x']),\n"
      "            lambda: df.groupby('k', dropna=False), lambda: df.groupby('nope'),\n"
      "            lambda: df.groupby('k')['nope'], lambda: df.groupby('k').std(ddof=0),\n"
      "            lambda: df.groupby('k')['t'].mean(numeric_only=True),\n"
      "            lambda: df.groupby('k')['x'].agg(len), lambda: df.groupby('k').agg(['sum']),\n"
      "            lambda: df.groupby('k').agg({'x': 'cumsum'}),\n"
      "            lambda: df.groupby('k').agg({'t': 'mean'}), lambda: df.round(1.5),\n"
      "            lambda: df.abs(), lambda: df['t'].round()):\n"
      "    try:\n        bad()\n    except (TypeError, KeyError, NotImplementedError) as e:\n"
      "        print(type(e).__name__, e)\n");
  cr_expect_str_eq(got,
                   "TypeError GroupBy.mean of the text column 't' (dtype object): select the "
                   "numeric columns, as gb[['a', 'b']]\n"
                   "NotImplementedError groupby by several columns, a level or nothing is not "
                   "supported by nnc yet: group by one column's name\n"
                   "NotImplementedError groupby(dropna=False) is not supported by nnc yet\n"
                   "KeyError 'nope'\nKeyError 'nope'\n"
                   "NotImplementedError GroupBy.std(ddof=) other than 1 is not supported by nnc "
                   "yet\n"
                   "TypeError GroupBy.mean of the text column 't' (dtype object): select the "
                   "numeric columns, as gb[['a', 'b']]\n"
                   "NotImplementedError GroupBy.agg of this is not supported by nnc yet: a "
                   "reduction's name, a list of names on one column (gb['a']), or a dict of "
                   "column to name\n"
                   "NotImplementedError GroupBy.agg of this is not supported by nnc yet: a "
                   "reduction's name, a list of names on one column (gb['a']), or a dict of "
                   "column to name\n"
                   "NotImplementedError GroupBy.agg('cumsum') is not supported by nnc: name a "
                   "reduction (sum, mean, median, min, max, std, var, count, nunique)\n"
                   "TypeError GroupBy.mean of the text column 't' (dtype object): select the "
                   "numeric columns, as gb[['a', 'b']]\n"
                   "NotImplementedError DataFrame.round(decimals=) other than an int is not "
                   "supported by nnc yet\n"
                   "TypeError bad operand type for abs(): 'str'\n"
                   "TypeError Series.round of text (dtype object)\n",
                   "%s", got);
  free(got);
}

/* df.hist refuses what nnc lacks by name, and bad layouts and frames as pandas does; so do
 * Series.plot and Series.hist. */
Test(pylib, refuses_the_frame_histograms_nnc_cannot_draw) {
  char *got = nnc_text(
      "import pandas as pd\n"
      "df = pd.DataFrame({'a': [1, 2, 3], 'b': [0.5, 1.5, 1.0], 't': ['u', 'v', 'w']})\n"
      "for bad in (lambda: df.hist(by='t'), lambda: df.hist(sharex=True),\n"
      "            lambda: df.hist(layout=(1, 1)), lambda: df[['t']].hist(),\n"
      "            lambda: df['a'].plot(kind='area'), lambda: df['a'].hist(by=df['t']),\n"
      "            lambda: pd.Series([1, -1]).plot.pie()):\n"
      "    try:\n        bad()\n    except (ValueError, NotImplementedError) as e:\n"
      "        print(type(e).__name__, e)\n");
  cr_expect_str_eq(got,
                   "NotImplementedError DataFrame.hist(by=, ax=, backend= or the label sizes and "
                   "rotations) is not supported by nnc yet\n"
                   "NotImplementedError DataFrame.hist(sharex=, sharey=, legend=) is not "
                   "supported by nnc yet\n"
                   "ValueError Layout of 1x1 must be larger than required size 2\n"
                   "ValueError hist method requires numerical or datetime columns, nothing to "
                   "plot.\n"
                   "NotImplementedError Series.plot(kind=area) is not supported by nnc yet: give "
                   "'line', 'bar', 'barh', 'hist' or 'pie'\n"
                   "NotImplementedError Series.hist(by=, backend= or the label sizes and "
                   "rotations) is not supported by nnc yet\n"
                   "ValueError pie plot doesn't allow negative values\n",
                   "%s", got);
  free(got);
}

/* boxplot refuses what nnc lacks by name and bad shapes as matplotlib does; df.boxplot a
 * frame without numbers as pandas does. */
Test(pylib, refuses_the_boxplots_nnc_cannot_draw) {
  char *got = nnc_text(
      "import numpy as np\nimport pandas as pd\nimport matplotlib.pyplot as plt\n"
      "x = [1.0, 2.0, 5.0]\n"
      "for bad in (lambda: plt.boxplot(x, vert=False), lambda: plt.boxplot(x, notch=True),\n"
      "            lambda: plt.boxplot(x, medianprops={}), lambda: plt.boxplot(x, whis=(5, 95)),\n"
      "            lambda: plt.boxplot([x, x], positions=[1]),\n"
      "            lambda: plt.boxplot([x, x], labels=['a']),\n"
      "            lambda: plt.boxplot(np.zeros((2, 2, 2))),\n"
      "            lambda: pd.DataFrame({'t': ['u']}).boxplot(),\n"
      "            lambda: pd.DataFrame({'a': x}).boxplot(by='a')):\n"
      "    try:\n        bad()\n    except (ValueError, NotImplementedError) as e:\n"
      "        print(type(e).__name__, e)\n");
  cr_expect_str_eq(got,
                   "NotImplementedError boxplot(vert=False) is not supported by nnc yet\n"
                   "NotImplementedError boxplot(notch=, patch_artist=, meanline=, showmeans= or "
                   "autorange=) is not supported by nnc yet\n"
                   "NotImplementedError boxplot(sym=, bootstrap=, usermedians=, conf_intervals=, "
                   "the *props keywords or data=) is not supported by nnc yet\n"
                   "NotImplementedError boxplot(whis=) of percentiles is not supported by nnc "
                   "yet: give the multiple of the box's height\n"
                   "ValueError List of boxplot statistics and `positions` values must have same "
                   "the length\n"
                   "ValueError Dimensions of labels and X must be compatible\n"
                   "ValueError X must have 2 or fewer dimensions\n"
                   "ValueError boxplot method requires numerical columns, nothing to plot.\n"
                   "NotImplementedError DataFrame.boxplot(by=, fontsize=, layout=, return_type= "
                   "or backend=) is not supported by nnc yet\n",
                   "%s", got);
  free(got);
}

/* df.plot refuses the kinds nnc lacks by name, and what pandas refuses as pandas does. */
Test(pylib, refuses_the_frame_plots_nnc_cannot_draw) {
  char *got = nnc_text(
      "import pandas as pd\n"
      "df = pd.DataFrame({'a': [1, 2, 3], 'b': [0.5, 1.5, 1.0], 't': ['u', 'v', 'w']})\n"
      "for bad in (lambda: df.plot(kind='pie'), lambda: df.plot(kind='scatter', x='a'),\n"
      "            lambda: df.plot(x='t'), lambda: df.plot(kind='box', y='a'),\n"
      "            lambda: df.plot.bar(x='a'),\n"
      "            lambda: df[['t']].plot(kind='hist'), lambda: df[['t']].plot()):\n"
      "    try:\n        bad()\n    except (ValueError, TypeError, NotImplementedError) as e:\n"
      "        print(type(e).__name__, e)\n");
  cr_expect_str_eq(got,
                   "NotImplementedError DataFrame.plot(kind=pie) is not supported by nnc yet: "
                   "give 'line', 'bar', 'barh', 'scatter', 'hist' or 'box'\n"
                   "ValueError scatter requires an x and y column\n"
                   "TypeError no numeric data to plot: column 't' holds text\n"
                   "NotImplementedError DataFrame.plot(kind='box') of y= is not supported by "
                   "nnc yet: select the columns first\n"
                   "NotImplementedError DataFrame.plot(kind='bar') of x= is not supported by "
                   "nnc yet: index the frame by that column first\n"
                   "TypeError no numeric data to plot\nTypeError no numeric data to plot\n",
                   "%s", got);
  free(got);
}

/* seaborn's plots refuse what nnc lacks, and bad arguments, with an exception of their own. */
/* rcParams as matplotlib keeps them: values read back as its validators return them, a
 * cycler, rc() and update(), its KeyError and ValueErrors, rc_context and style.context
 * restoring what was before, style sheets and rcdefaults(); the same lines as matplotlib. */
#define RC_SCRIPT                                                                            \
  "import matplotlib.pyplot as plt\nimport matplotlib as mpl\nfrom cycler import cycler\n"    \
  "plt.rcParams['figure.figsize'] = (10, 4)\n"                                                \
  "print(plt.rcParams['figure.figsize'], mpl.rcParams['font.size'], 'font.size' in "           \
  "plt.rcParams)\n"                                                                          \
  "print(plt.rcParams['axes.prop_cycle'].by_key()['color'][:3])\n"                            \
  "plt.rc('lines', lw=3)\nplt.rcParams.update({'axes.facecolor': 'E5E5E5'})\n"                \
  "print(plt.rcParams['lines.linewidth'], plt.rcParams['axes.facecolor'])\n"                  \
  "plt.rcParams['axes.prop_cycle'] = cycler(color=['r', 'g'])\n"                              \
  "print(plt.rcParams['axes.prop_cycle'], len(plt.rcParams['axes.prop_cycle']))\n"            \
  "print([d['color'] for d in plt.rcParams['axes.prop_cycle']])\n"                            \
  "for key, value in [('axes.grid', 'maybe'), ('axes.gird', True), ('font.size', 'big'),\n"   \
  "                   ('axes.facecolor', 'notacolor')]:\n"                                    \
  "    try:\n        plt.rcParams[key] = value\n"                                             \
  "    except (KeyError, ValueError) as e:\n        print(type(e).__name__, e)\n"              \
  "with plt.rc_context({'font.size': 20}):\n    print(plt.rcParams['font.size'])\n"           \
  "print(plt.rcParams['font.size'])\nplt.style.use('ggplot')\n"                               \
  "print(plt.rcParams['axes.facecolor'], plt.rcParams['axes.grid'])\n"                        \
  "with plt.style.context('default'):\n    print(plt.rcParams['axes.facecolor'])\n"          \
  "try:\n    plt.style.use('nonesuch')\nexcept OSError as e:\n    print('OSError', e)\n"     \
  "plt.rcdefaults()\nprint(plt.rcParams['axes.grid'], plt.rcParams['figure.figsize'])\n"

Test(pylib, keeps_rcparams_as_matplotlib_does) {
  expect_as_python(RC_SCRIPT);
  char *got = nnc_text("import matplotlib.pyplot as plt\nplt.style.use('seaborn-darkgrid')\n"
                 "plt.style.use('seaborn')\nplt.rcParams['figure.dpi'] = 150\n"
                 "plt.rcParams['figure.dpi'] = 200\n");
  cr_expect_str_eq(got, "MatplotlibDeprecationWarning: The seaborn styles shipped by Matplotlib "
                        "are deprecated since 3.6, as they no longer correspond to the styles "
                        "shipped by seaborn. However, they will remain available as "
                        "'seaborn-v0_8-<style>'. Alternatively, directly use the seaborn API "
                        "instead.\nnnc: rcParams['figure.dpi'] is kept but not drawn by nnc\n");
  free(got);
}

/* pie refuses bad values, labels, explosions, radii and autopct as matplotlib does; its
 * Wedge and Text objects say what they are, and its Texts change what they show. */
#define PIE_SCRIPT                                                                            \
  "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"              \
  "for bad in (lambda: plt.pie([1, -2]), lambda: plt.pie([[1, 2]]),\n"                      \
  "            lambda: plt.pie([1, 2], labels=['a']), lambda: plt.pie([1], explode=[0, 1]),\n" \
  "            lambda: plt.pie([1], radius=0), lambda: plt.pie([1], autopct=3),\n"          \
  "            lambda: plt.pie([0.7, 0.6], normalize=False)):\n"                             \
  "    try:\n        bad()\n    except (ValueError, TypeError) as e:\n"                      \
  "        print(type(e).__name__, e)\n"                                                     \
  "plt.close('all')\n"                                                                      \
  "w, t, a = plt.pie([1, 3], labels=['x', 'y'], autopct=lambda p: f'{p:.0f}%')\n"           \
  "print(len(w), [s.get_text() for s in t], [s.get_text() for s in a])\n"                 \
  "a[0].set_text('one'); a[0].set_fontsize(14); a[0].set_fontweight('bold')\n"             \
  "print(a[0].get_text(), t[1].get_position())\n"                                          \
  "print(plt.text(0, 0, 'hi').get_text(), w[0], t[0])\n"

Test(pylib, pies_as_matplotlib_does) {
  expect_as_python(PIE_SCRIPT);
}

/* Axes, lines and texts outlive a clf() that clears their figure, as in matplotlib: they
 * still answer, and drawing on them shows nothing. */
#define CLEARED_SCRIPT                                                                        \
  "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"              \
  "fig, (a, b) = plt.subplots(1, 2)\nl = a.plot([1, 2], [3, 4], label='kept')\n"            \
  "t = b.text(0, 0, 'said')\nplt.clf()\na.plot([1, 2], [1, 1])\nt.set_color('red')\n"      \
  "print(l[0].get_label(), t.get_text(), len(fig.axes))\n"

Test(pylib, keeps_cleared_axes_usable) {
  expect_as_python(CLEARED_SCRIPT);
}

/* Patches and lines made by hand: add_patch moves the limits, add_artist does not; a
 * scatter's legend_elements names its values; proxies keep their labels. */
#define HANDMADE_SCRIPT                                                                       \
  "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"              \
  "import matplotlib.patches as mpatches\nfrom matplotlib.lines import Line2D\n"             \
  "ax = plt.gca()\nax.add_patch(plt.Circle((1, 1), 2))\n"                                  \
  "ax.add_artist(mpatches.Polygon([[0, 0], [9, 9], [9, 0]]))\n"                              \
  "sc = ax.scatter([0, 1, 2], [0, 1, 2], c=[0.5, 0.25, 1.0])\n"                            \
  "print(ax.get_xlim(), ax.get_ylim())\n"                                                   \
  "print(sc.legend_elements()[1], len(sc.legend_elements()[0]))\n"                          \
  "print(Line2D([0], [0], color='r', label='x').get_label(), mpatches.Patch(label='p').get_label())\n"

Test(pylib, makes_patches_and_proxies_as_matplotlib_does) {
  expect_as_python(HANDMADE_SCRIPT);
}

/* The artists' getters and setters, the interactive mode and its with block, a figure's
 * canvas, relim() after set_xdata (the limits held by the old points until then) and
 * autoscale() on and off, as matplotlib answers them. */
#define ARTIST_SCRIPT \
  "import matplotlib\n" \
  "matplotlib.use('Agg')\n" \
  "import matplotlib.pyplot as plt\n" \
  "import numpy as np\n" \
  "fig, ax = plt.subplots()\n" \
  "line, = ax.plot([1.0, 2.0, 3.0], [4.0, 5.0, 6.0], linewidth=2, label='a')\n" \
  "print(line.get_xdata(), line.get_ydata(), line.get_color(), line.get_linewidth(), line.get_label())\n" \
  "line.set_color('#ff0000'); line.set_linewidth(3.5); line.set_label('b'); line.set_linestyle('--')\n" \
  "line.set_alpha(0.5); line.set_marker('o')\n" \
  "print(line.get_color(), line.get_linewidth(), line.get_label(), line.get_linestyle(),\n" \
  "      line.get_alpha(), line.get_marker(), line.get_markersize())\n" \
  "line.set_xdata(np.array([5.0, 6.0, 7.0])); line.set_ydata(np.array([7.0, 8.0, 9.0]))\n" \
  "print(line.get_xdata(), line.get_ydata(), ax.get_xlim())\n" \
  "ax.relim(); ax.autoscale_view()\n" \
  "print(ax.get_xlim(), ax.get_ylim())\n" \
  "dots, = ax.plot([1, 2], [1, 2], 's:', ms=3)\n" \
  "print(dots.get_linestyle(), dots.get_marker(), dots.get_ms(), dots.get_alpha())\n" \
  "tx = ax.text(1.0, 2.0, 'hi', fontsize=12)\n" \
  "tx.set_rotation(45); tx.set_ha('right'); tx.set_va('top')\n" \
  "print(tx.get_position(), tx.get_rotation(), tx.get_ha(), tx.get_va(), tx.get_text(),\n" \
  "      tx.get_fontsize(), ax.text(0, 0, 'x').get_va())\n" \
  "print(plt.isinteractive(), type(plt.ion()).__name__, plt.isinteractive())\n" \
  "with plt.ioff():\n" \
  "    print(plt.isinteractive())\n" \
  "print(plt.isinteractive(), matplotlib.is_interactive())\n" \
  "plt.rcdefaults()\n" \
  "print(plt.isinteractive())\n" \
  "plt.interactive(False)\n" \
  "print(fig.canvas.figure is fig, type(fig.canvas).__name__, fig.canvas.draw(), plt.draw())\n" \
  "ax.set_xlim(0, 2)\n" \
  "ax.autoscale(axis='y')\n" \
  "print(ax.get_xlim())\n" \
  "ax.autoscale()\n" \
  "print(ax.get_xlim())\n" \
  "ax.autoscale(False)\n" \
  "ax.plot([100], [100])\n" \
  "print(ax.get_xlim(), ax.get_ylim())\n" \
  "print(len(ax.lines), ax.get_lines()[0].get_label(), ax.lines[1].get_marker())\n"

Test(pylib, changes_and_reads_artists_as_matplotlib_does) {
  expect_as_python(ARTIST_SCRIPT);
}

/* A bar set's Rectangles and labels: their repr, places and colours, after clf() too. */
#define RECT_SCRIPT                                                                           \
  "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"              \
  "bars = plt.bar(['a', 'b', 'c'], [3.0, 5.0, 2.0])\nprint(bars, bars[0], len(bars))\n"     \
  "bars[1].set_color('red')\n"                                                              \
  "print(bars[1].get_facecolor(), bars[0].get_facecolor(), bars[2].get_x(),\n"             \
  "      bars[2].get_width(), bars[1].get_height())\n"                                     \
  "hb = plt.figure().gca().barh([1.0, 2.0], [4.0, 6.0])\n"                                  \
  "print(hb[1], [t.get_text() for t in plt.gca().bar_label(hb, fmt='%.1f')])\n"             \
  "plt.clf()\nhb[0].set_color('b')\nprint(hb[0].get_facecolor()[:3], hb[0].get_y())\n"      \
  "import matplotlib.patches as mpatches\nr = mpatches.Rectangle((1.0, 2.5), 3.0, 4.0, angle=10)\n"  \
  "print(r, r.get_x(), r.get_y(), r.get_width(), r.get_height())\n"                         \
  "r.set_color('red')\nprint(r.get_facecolor())\n"

Test(pylib, gives_bars_as_rectangles_as_matplotlib_does) {
  expect_as_python(RECT_SCRIPT);
}

/* legend() with nothing labelled says so, as matplotlib logs it (warnings' filters aside);
 * labels given or a figure's legend of labelled artists say nothing. */
#define NO_LABELS_SCRIPT                                                                      \
  "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"              \
  "plt.plot([1, 2])\nplt.legend()\nfig, ax = plt.subplots()\nax.plot([1], label='_x')\n"  \
  "fig.legend()\nax.legend(['a'])\nimport warnings\nwarnings.filterwarnings('ignore')\n"  \
  "plt.legend()\nax.plot([2], label='y')\nfig.legend()\n"

Test(pylib, says_when_a_legend_finds_no_labels) {
  expect_as_python(NO_LABELS_SCRIPT);
}

/* IPython.display outside a notebook, as IPython 8.12 prints it there (not in Debian, so
 * its output is written here): display() prints, clear_output() erases the line. */
Test(pylib, displays_as_ipython_does_outside_a_notebook) {
  char *got = nnc_text("from IPython.display import display, clear_output, HTML, Image\n"
                       "display('a', [1, 2], HTML('<b>x</b>'))\n"
                       "clear_output(wait=True)\n"
                       "print(HTML('<b>x</b>').data)\n"
                       "try:\n    Image(filename='nope.png')\n"
                       "except FileNotFoundError as e:\n    print(e)\n"
                       "import IPython\nIPython.display.clear_output()\n"
                       "from IPython import display as d\nd.display(3)\nprint(d.Image('x.png'))\n");
  cr_expect_str_eq(got, "a [1, 2] <IPython.core.display.HTML object>\n"
                        "\033[2K\r\033[2K\r<b>x</b>\n"
                        "[Errno 2] No such file or directory: 'nope.png'\n"
                        "\033[2K\r\033[2K\r3\n<IPython.core.display.Image object>\n", "%s", got);
  free(got);
}

/* The keywords a drawing call passes on to its artist: a name the artist lacks is
 * matplotlib's error, in matplotlib's words (a Text's update says it differently from a
 * set); a fontdict that is no dict too. */
#define PROPS_SCRIPT                                                                          \
  "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"              \
  "import matplotlib.patches as mpatches\nfrom matplotlib.lines import Line2D\n"             \
  "for bad in (lambda: plt.plot([1, 2], colour='r'), lambda: plt.scatter([1], [2], size=3),\n" \
  "            lambda: plt.bar([1], [2], colour='r'), lambda: plt.hist([1, 2], edge='k'),\n" \
  "            lambda: plt.fill_between([1, 2], [1, 2], colour='r'),\n"                    \
  "            lambda: plt.text(1, 2, 'a', fontsise=3), lambda: plt.title('a', fontsise=3),\n" \
  "            lambda: plt.xlabel('a', colour='r'), lambda: plt.imshow([[1]], cmp='gray'),\n" \
  "            lambda: plt.axhline(1, colour='r'), lambda: plt.hlines(1, 0, 2, colour='r'),\n" \
  "            lambda: plt.fill([1, 2], [1, 2], colour='r'), lambda: plt.axvspan(1, 2, colour='r'),\n" \
  "            lambda: mpatches.Circle((0, 0), 1, colour='r'), lambda: Line2D([0], [0], colour=2),\n" \
  "            lambda: plt.text(1, 2, 'a', fontdict=3), lambda: plt.errorbar([1], [2], lc=1),\n" \
  "            lambda: plt.legend(['a'], fontsise=3), lambda: plt.annotate('a', (1, 1), colour=1),\n" \
  "            lambda: plt.figure(sise=3), lambda: plt.subplots(2, figsise=(3, 4)),\n"      \
  "            lambda: plt.suptitle('a', fontsise=3), lambda: plt.xticks([1], fontsise=3),\n" \
  "            lambda: plt.plot([1], marker='q'), lambda: plt.plot([1], 'q'),\n"            \
  "            lambda: plt.title('a', fontsize='huge'), lambda: plt.suptitle('a', size='big'),\n" \
  "            lambda: plt.pie([1], wedgeprops=dict(colour=1)),\n"                          \
  "            lambda: plt.pie([1], textprops=dict(colour=1)),\n"                           \
  "            lambda: plt.colorbar(plt.imshow([[1]]), colour=1)):\n"           \
  "    try:\n        bad()\n    except (AttributeError, TypeError, ValueError) as e:\n"     \
  "        print(type(e).__name__, e)\n"

Test(pylib, checks_the_keywords_of_artists_as_matplotlib_does) {
  expect_as_python(PROPS_SCRIPT);
}

/* An axis' scale: the names and keywords set_xscale takes and refuses, get_xscale, the
 * keywords semilogy and loglog pass on to it and to plot, shared axes sharing the scale. */
#define SCALE_SCRIPT                                                                          \
  "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"              \
  "fig, (ax, other) = plt.subplots(1, 2, sharey=True)\n"                                     \
  "for bad in (lambda: ax.set_yscale('lg'),\n"                                             \
  "            lambda: ax.set_yscale('log', base=1), lambda: ax.set_xscale('log', base=-2),\n" \
  "            lambda: ax.set_yscale('log', nonpositive='drop'),\n"                         \
  "            lambda: ax.set_yscale('log', basey=2), lambda: ax.set_yscale('linear', base=2),\n" \
  "            lambda: ax.semilogy([1, 2], basey=2), lambda: plt.loglog([1, 2], nonposx='clip'),\n" \
  "            lambda: plt.xscale('lin'), lambda: plt.grid(which='all')):\n"                 \
  "    try:\n        bad()\n    except (TypeError, ValueError) as e:\n"                      \
  "        print(type(e).__name__, e)\n"                                                     \
  "print(ax.get_xscale(), ax.get_yscale(), other.get_yscale())\n"                            \
  "lines = ax.semilogy([1, 2], [10, 1000], 'r--', base=2, label='a')\n"                     \
  "print(len(lines), lines[0].get_label(), lines[0].get_ls(), ax.get_yscale(),\n"            \
  "      other.get_yscale(), ax.get_xscale())\n"                                             \
  "plt.sca(other)\nplt.loglog([1, 10], [1, 10], lw=3)\nplt.yscale('linear')\n"              \
  "print(other.get_xscale(), other.get_yscale(), ax.get_yscale(), plt.gca().lines[0].get_lw())\n"

Test(pylib, sets_scales_as_matplotlib_does) {
  expect_as_python(SCALE_SCRIPT);
}

/* Values that are no fractions of a circle: matplotlib divides by their sum and fails on
 * the NaNs (a cast of NaN to an int: undefined in C); nnc says why. */
Test(pylib, refuses_pies_of_no_fractions) {
  char *got = nnc_text("import matplotlib.pyplot as plt\n"
                       "for x in ([0, 0], [1, float('nan')], [1, float('inf')], [1e39, 1]):\n"
                       "    try:\n        plt.pie(x)\n"
                       "    except ValueError as e:\n        print(e)\n");
  cr_expect_str_eq(got, "pie: the values sum to 0, so they are no fractions of a circle\n"
                        "pie: the values must be finite numbers\n"
                        "pie: the values must be finite numbers\n"
                        "pie: the values must be finite numbers\n", "%s", got);
  free(got);
}

/* annotate refuses by name the arrows and places nnc does not draw. */
Test(pylib, refuses_the_annotations_nnc_cannot_draw) {
  char *got = nnc_text(
      "import matplotlib.pyplot as plt\n"
      "for kw in (dict(arrowprops=dict(arrowstyle='fancy')),\n"
      "           dict(arrowprops=dict(arrowstyle='->', connectionstyle='arc3,rad=0.3')),\n"
      "           dict(textcoords='figure fraction'), dict(arrowprops=dict(alpha=0.5))):\n"
      "    try:\n        plt.annotate('a', (1, 1), xytext=(0, 0), **kw)\n"
      "    except NotImplementedError as e:\n        print(e)\n");
  cr_expect_str_eq(got,
                   "arrowprops: nnc draws the arrowstyles '-', '->', '<-' and '<->'\n"
                   "arrowprops: nnc draws straight arrows (connectionstyle 'arc3'), not a curve\n"
                   "annotate: nnc places a text or its point in 'data' or 'axes fraction' (the "
                   "text also in 'offset points' or 'offset pixels'), not figure fraction\n"
                   "arrowprops: nnc draws arrowstyle, shrinkA, shrinkB, color, edgecolor, "
                   "facecolor, linewidth, width, headwidth, headlength and shrink, not 'alpha'\n",
                   "%s", got);
  free(got);
}

/* color_palette as seaborn gives it: the colour cycle, a named palette whole or cut, the
 * palette set_palette made the cycle, a list of colours. */
#define PALETTE_SCRIPT                                                                       \
  "import seaborn as sns\nprint(sns.color_palette()[:2])\nprint(sns.color_palette('Set2', 3))\n" \
  "print(len(sns.color_palette('deep')), len(sns.color_palette('pastel6')))\n"             \
  "sns.set_palette('muted')\nprint(sns.color_palette()[0])\n"                                 \
  "print(sns.color_palette(['red', '#00ff00']))\n"

Test(pylib, gives_seaborns_color_palettes) {
  expect_as_python(PALETTE_SCRIPT);
}

Test(pylib, seaborn_plots_raise_for_what_they_cannot_draw) {
  char *got = nnc_text(
      "import numpy as np\nimport seaborn as sns\n"
      "x = np.arange(12.0)\n"
      "for bad in (lambda: sns.histplot(x, binrange=(1, 2, 3)),\n"
      "            lambda: sns.histplot(x, bins='doane'), lambda: sns.scatterplot(x=x, y=x[:5]),\n"
      "            lambda: sns.scatterplot(x=x, y=x, hue=x),\n"
      "            lambda: sns.scatterplot(x=x, y=x, hue=[str(v) for v in x]),\n"
      "            lambda: sns.scatterplot(x=x, y=x, hue=x[:3] > 1), lambda: sns.lineplot(x=x),\n"
      "            lambda: sns.lineplot(data={'a': [1, 2]})):\n"
      "    try:\n        bad()\n        print('drawn')\n"
      "    except (ValueError, NotImplementedError) as e:\n        print(type(e).__name__, e)\n");
  cr_expect_str_eq(got,
                   "ValueError binrange must be (min, max)\n"
                   "NotImplementedError bins='doane' is not supported by nnc yet: give 'auto', "
                   "'fd', 'sturges', 'sqrt', 'rice', 'scott' or a number\n"
                   "ValueError x and y have 12 and 5 values\n"
                   "NotImplementedError hue= of 12 distinct numbers takes seaborn's "
                   "brief legend, not supported by nnc yet (6 at most)\n"
                   "NotImplementedError hue= of 12 levels takes seaborn's husl "
                   "colours, not supported by nnc yet (10 at most: the colour cycle's)\n"
                   "ValueError hue has 3 values for 12 rows\n"
                   "NotImplementedError lineplot(x= without y=) is not supported by nnc yet: give "
                   "x= and y= (columns of data=, or values), estimator, errorbar, n_boot, seed, "
                   "sort, legend, ax and the line's keywords\n"
                   "NotImplementedError lineplot(wide-form data: a dict or no data) "
                   "is not supported by nnc yet: give x= and y= (columns of data=, or values), "
                   "estimator, errorbar, n_boot, seed, sort, legend, ax and the line's "
                   "keywords\n",
                   "%s", got);
  free(got);
}

/* loc and iloc set the rows of one existing numeric column; the rest is refused by name. */
Test(pylib, loc_assignment_refuses_what_nnc_lacks) {
  char *got = nnc_text(
      "import pandas as pd\n"
      "df = pd.DataFrame({'a': [1.0, 2.0], 'b': ['x', 'y']})\n"
      "def put(ix, key):\n    ix[key] = 0\n"
      "for bad in (lambda: put(df.loc, 0), lambda: put(df.loc, (0, 'c')),\n"
      "            lambda: put(df.loc, (0, ['a', 'b'])), lambda: put(df.loc, (0, 'b')),\n"
      "            lambda: put(df['a'].loc, 0)):\n"
      "    try:\n        bad()\n    except NotImplementedError as e:\n        print(e)\n");
  const char *tail = " is not supported by nnc yet: set one column's rows, df.loc[rows, 'column'] "
                     "= value (or df.iloc[rows, j])\n";
  char want[2048];
  snprintf(want, sizeof want, "df.loc[rows] = value (whole rows)%sdf.loc[rows, a new column] = "
           "value%sdf.loc[rows, several columns] = value%sdf.loc[rows, 'column'] = value of a "
           "text column%ss.loc[...] = value on a Series%s", tail, tail, tail, tail, tail);
  cr_expect_str_eq(got, want, "%s", got);
  free(got);
}

/* The forms of replace, to_csv, apply and drop nnc lacks are refused by name. */
Test(pylib, refuses_the_replace_to_csv_and_apply_forms_nnc_lacks) {
  char *got = nnc_text(
      "import pandas as pd\n"
      "df = pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']})\n"
      "for bad in (lambda: df.replace('x', regex=True),\n"
      "            lambda: df.replace('x', 'z', regex=True),\n"
      "            lambda: df.to_csv('o.csv', mode='a'), lambda: df.to_csv(compression='gzip'),\n"
      "            lambda: df['a'].apply('sqrt'), lambda: df.apply(len, raw=True),\n"
      "            lambda: df.drop(columns=['zz'], errors='ignore')):\n"
      "    try:\n        bad()\n    except NotImplementedError as e:\n        print(e)\n"
      "try:\n    df.to_csv('no/such/dir/o.csv')\nexcept OSError as e:\n"
      "    print('OSError', 'o.csv' in str(e))\n");
  cr_expect_str_eq(got,
                   "replace(to_replace) without value= (filling from the previous value) is not "
                   "supported by nnc yet: give value=\n"
                   "replace(limit=, regex=, method=) is not supported by nnc yet: give "
                   "to_replace and value\n"
                   "to_csv(mode=) is not supported by nnc yet: give path_or_buf, sep, na_rep, "
                   "float_format, columns, header, index and index_label\n"
                   "to_csv(compression=) is not supported by nnc yet: give path_or_buf, sep, "
                   "na_rep, float_format, columns, header, index and index_label\n"
                   "Series.apply of a name, or convert_dtype=False, is not supported by nnc yet: "
                   "give a function\n"
                   "DataFrame.apply of a name, raw=True or result_type= is not supported by nnc "
                   "yet: give a function and axis=\n"
                   "drop(level=, errors='ignore') is not supported by nnc yet: name labels the "
                   "frame has\n"
                   "OSError True\n",
                   "%s", got);
  free(got);
}

/* np.set_printoptions lasts for its run: the next run in the same process prints with
 * numpy's defaults again (two interpreters share no print options). */
Test(pylib, keeps_print_options_to_their_run) {
  char *set = nnc_text("import numpy as np\nnp.set_printoptions(precision=2)\n"
                       "print(np.array([1 / 3]))\n");
  char *next = nnc_text("import numpy as np\nprint(np.array([1 / 3]))\n");
  cr_expect_str_eq(set, "[0.33]\n");
  cr_expect_str_eq(next, "[0.33333333]\n");
  free(set), free(next);
}
