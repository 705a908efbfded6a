/* test_tutorial_python.c — the checklist of issue 13, "tutorial Python": every bullet of what
 * must exist, run by the built nnc.
 *  - checklist/tutorial_python.py (values, operators, indexing, methods, builtins,
 *    statements, formatting, numpy) runs under `nnc run` and under CPython with numpy, and
 *    the two outputs must agree line by line;
 *  - checklist/tutorial_keras.py (load(), fit's history, a def as a LearningRateScheduler,
 *    the versions, arithmetic on Keras tensors) prints what tutorial_keras.expected holds;
 *  - the seeding calls seed a run as --seed does;
 *  - errors come in one round: `nnc check` reports every error up to its cap, past a bracket
 *    never closed too; hints never name a function with other maths; check refuses what
 *    run refuses before reading data; run-time messages name no C function. */
#include "cli_run.h"

#include <regex.h>

TestSuite(tutorial_python, .init = cli_setup, .fini = cli_teardown);

/* Copies tests/tools/checklist/name into the working directory. */
static void copy_checklist(const char *name) {
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "cp '%s/tools/checklist/%s' '%s/'", NNC_TEST_DATA, name, cli_dir);
  cr_assert_eq(system(cmd), 0, "%s", cmd);
}

/* The first line where a and b differ (1-based), or 0 when they are the same; the two lines
 * go into la and lb. */
static int first_difference(const char *a, const char *b, char *la, char *lb, size_t n) {
  for (int line = 1;; line++) {
    size_t ka = strcspn(a, "\n"), kb = strcspn(b, "\n");
    if (ka != kb || memcmp(a, b, ka) != 0 || (!a[ka]) != (!b[kb])) {
      snprintf(la, n, "%.*s", (int)ka, a);
      snprintf(lb, n, "%.*s", (int)kb, b);
      return line;
    }
    if (!a[ka])
      return 0;
    a += ka + 1;
    b += kb + 1;
  }
}

static void expect_same_lines(const char *got, const char *want, const char *what) {
  char lg[512], lw[512];
  int line = first_difference(got, want, lg, lw, sizeof lg);
  cr_expect_eq(line, 0, "%s: line %d differs\n  nnc:  %s\n  want: %s", what, line, lg, lw);
}

static bool python_has_numpy(void) {
  return system("/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1") == 0;
}

Test(tutorial_python, runs_as_cpython_and_numpy_do, .timeout = 120) {
  if (!python_has_numpy())
    cr_skip_test("/usr/bin/python3 has no numpy to compare with");
  copy_checklist("tutorial_python.py");
  CliRun *r = cli_run("run tutorial_python.py");
  cr_assert_eq(r->status, 0, "exit %d\n%s", r->status, r->err);
  char *got = strdup(r->out);
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "cd '%s' && /usr/bin/python3 tutorial_python.py >py.txt 2>/dev/null",
           cli_dir);
  cr_assert_eq(system(cmd), 0, "%s", cmd);
  const char *want = cli_file("py.txt");
  cr_assert_geq(cli_count(want, "\n"), 200, "python printed too little:\n%s", want);
  expect_same_lines(got, want, "tutorial_python.py");
  free(got);
}

Test(tutorial_python, keras_surroundings_print_what_keras_does, .timeout = 120) {
  copy_checklist("tutorial_keras.py");
  copy_checklist("tutorial_keras.expected");
  CliRun *r = cli_run("run tutorial_keras.py --seed 1");
  cr_assert_eq(r->status, 0, "exit %d\n%s", r->status, r->err);
  expect_same_lines(r->out, cli_file("tutorial_keras.expected"), "tutorial_keras.py");
  cr_expect(!strstr(r->err, "Epoch"), "verbose=0 printed progress:\n%s", r->err);
}

/* A small training run seeded by `seeding` (a line of the file), printing its predictions. */
static const char *seeded_run(const char *seeding, const char *options) {
  char text[2048];
  snprintf(text, sizeof text,
           "import numpy as np\n"
           "import tensorflow as tf\n"
           "from tensorflow import keras\n"
           "%s\n"
           "x = np.linspace(-1, 1, 48).reshape(16, 3)\n"
           "y = (x.sum(axis=1) > 0).astype(np.float32)\n"
           "model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(5, "
           "activation='tanh'), keras.layers.Dense(1, activation='sigmoid')])\n"
           "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
           "model.fit(x, y, epochs=2, batch_size=4, verbose=0)\n"
           "print(model.predict(x[:4], verbose=0).tolist())\n",
           seeding);
  cli_write("seeded.py", text);
  char args[256];
  snprintf(args, sizeof args, "run seeded.py %s", options);
  CliRun *r = cli_run(args);
  cr_assert_eq(r->status, 0, "%s: exit %d\n%s", seeding, r->status, r->err);
  return strdup(r->out);
}

Test(tutorial_python, seeding_calls_seed_the_run_as_seed_does, .timeout = 120) {
  char *by_option = (char *)seeded_run("", "--seed 3");
  const char *calls[] = {"tf.random.set_seed(3)", "keras.utils.set_random_seed(3)",
                         "np.random.seed(3)"};
  for (int i = 0; i < 3; i++) {
    char *by_call = (char *)seeded_run(calls[i], "");
    cr_expect_str_eq(by_call, by_option, "%s seeds differently from --seed 3", calls[i]);
    free(by_call);
  }
  char *other = (char *)seeded_run("", "--seed 4");
  cr_expect_str_neq(other, by_option, "the seed changes nothing");
  free(other);
  free(by_option);
}

Test(tutorial_python, check_reports_every_error_up_to_its_cap) {
  cli_write("broken.py",
            "import numpy as np\n"
            "from tensorflow.keras import Sequential\n"
            "from tensorflow.keras.layers import Dense\n"
            "model = Sequential([Dense(4, activation='sigmod')])\n"
            "x = (1, 2\n"
            "model.compile(optimizer='adamm', loss='mse')\n"
            "def f(:\n"
            "    pass\n"
            "print(undefined_name)\n"
            "model.fit(x, x, batch_sise=4)\n"
            "y = np.fft.fft(x)\n");
  CliRun *r = cli_run("check broken.py");
  cr_expect_eq(r->status, 1);
  const char *want[] = {
      "broken.py:4:41: error: unknown activation 'sigmod' (did you mean 'sigmoid'?)",
      "broken.py:5:5: error: '(' was never closed",
      "broken.py:6:25: error: unknown optimizer 'adamm' (did you mean 'adam'?)",
      "broken.py:7:6: error: '(' was never closed",
      "broken.py:9:7: error: undefined name 'undefined_name'",
      "broken.py:10:17: error: unknown keyword argument 'batch_sise' for fit() (did you mean "
      "'batch_size'?)",
      "broken.py:11:8: error: 'np.fft' is not available in nnc model files",
      "7 errors",
  };
  for (size_t i = 0; i < sizeof want / sizeof *want; i++)
    cr_expect(strstr(r->err, want[i]), "missing: %s\nin:\n%s", want[i], r->err);
  /* past the cap (20), the rest are counted */
  char many[4096] = "";
  for (int i = 0; i < 25; i++)
    snprintf(many + strlen(many), sizeof many - strlen(many), "print(undefined_%d)\n", i);
  cli_write("many.py", many);
  r = cli_run("check many.py");
  cr_expect_eq(cli_count(r->err, ": error: "), 20, "%s", r->err);
  cr_expect(strstr(r->err, "many.py: 5 more errors not shown\n25 errors"), "%s", r->err);
}

Test(tutorial_python, hints_never_name_other_maths) {
  cli_write("hints.py",
            "from tensorflow.keras import Sequential\n"
            "from tensorflow.keras.layers import Dense\n"
            "model = Sequential([Dense(4, activation='rlu'), Dense(1, activation='gelo')])\n"
            "model.compile(optimizer='adma', loss='msa', metrics=['acc'])\n");
  CliRun *r = cli_run("check hints.py");
  cr_expect_eq(r->status, 1);
  cr_expect_eq(cli_count(r->err, ": error: "), 4, "%s", r->err);
  cr_expect(!strstr(r->err, "did you mean"), "a hint names other maths:\n%s", r->err);
  cr_expect(strstr(r->err, "unknown loss 'msa' (nnc knows"), "%s", r->err);
  /* a module is compared by its last part, in its own package: tensorflow.contrib.keras is
   * not a slip of tensorflow.keras */
  /* a numpy function nnc lacks is refused by its name, not corrected into another one */
  cli_write("numpy.py", "import numpy as np\nfrom numpy import isin\nc = np.cov([1, 2])\n"
                        "w = np.argwhere([1])\ny = np.squre(0)\nz = np.sinn(0)\n");
  r = cli_run("check numpy.py");
  cr_expect(strstr(r->err, "numpy.py:2:19: error: cannot import 'isin' from 'numpy'\n"), "%s",
            r->err);
  cr_expect(strstr(r->err, "numpy.py:3:8: error: 'np.cov' is not available in nnc model files"),
            "%s", r->err);
  cr_expect(strstr(r->err, "numpy.py:4:8: error: 'np.argwhere' is not available"), "%s", r->err);
  cr_expect(strstr(r->err, "numpy.py:5:8: error: module 'numpy' has no 'squre' (did you mean "
                           "'square'?)"), "%s", r->err);
  /* 'sinn' is as near to np.sin as to np.sign: neither is offered */
  cr_expect(strstr(r->err, "numpy.py:6:8: error: 'np.sinn' is not available in nnc model files"),
            "%s", r->err);
  cli_write("modules.py", "import tensorflow.contrib.keras\nimport keras.layer\n");
  r = cli_run("check modules.py");
  cr_expect(strstr(r->err, "modules.py:1:8: error: module 'tensorflow.contrib.keras' is not "
                           "available in nnc model files"), "%s", r->err);
  cr_expect(strstr(r->err, "modules.py:2:8: error: unknown module 'keras.layer' (did you mean "
                           "'keras.layers'?)"), "%s", r->err);
}

Test(tutorial_python, check_refuses_what_run_refuses_before_reading_data) {
  const char *layers[] = {"Dropout(1.5)", "Dropout(rate='high')", "Dense(-3)",
                          "LeakyReLU(negative_slope=-1)"};
  for (size_t i = 0; i < sizeof layers / sizeof *layers; i++) {
    char text[1024];
    snprintf(text, sizeof text,
             "from tensorflow.keras import Sequential\n"
             "from tensorflow.keras.layers import Dense, Dropout, BatchNormalization, LeakyReLU\n"
             "x = load('not_there.npy')\n"
             "model = Sequential([Dense(4, input_shape=(3,)), %s, Dense(1)])\n",
             layers[i]);
    cli_write("refused.py", text);
    CliRun *r = cli_run("check refused.py");
    cr_expect_eq(r->status, 1, "check accepts %s", layers[i]);
    cr_expect(strstr(r->err, "refused.py:4:"), "%s: %s", layers[i], r->err);
    r = cli_run("run refused.py");
    cr_expect(strstr(r->err, "refused.py:4:") && !strstr(r->err, "not_there"),
              "run read data before refusing %s: %s", layers[i], r->err);
  }
  /* in a try block the refusal may be caught: it is left to the run */
  cli_write("caught.py", "from tensorflow.keras.layers import Dropout\n"
                         "try:\n    Dropout(1.5)\nexcept ValueError as e:\n    print('caught')\n");
  CliRun *r = cli_run("run caught.py");
  cr_expect_eq(r->status, 0, "%s", r->err);
  cr_expect_str_eq(r->out, "caught\n");
}

Test(tutorial_python, run_time_messages_name_no_c_function) {
  cli_write("failing.py",
            "import numpy as np\n"
            "from tensorflow.keras import Sequential\n"
            "from tensorflow.keras.layers import Dense\n"
            "x = np.zeros((10, 3))\n"
            "model = Sequential([Dense(4, input_shape=(3,)), Dense(1)])\n"
            "model.compile(optimizer='adam', loss='mse')\n"
            "for f in [lambda: model.fit(x, np.zeros(9), verbose=0),\n"
            "          lambda: model.fit(np.zeros((10, 5)), np.zeros(10), verbose=0),\n"
            "          lambda: model.predict(np.zeros((2, 7)), verbose=0),\n"
            "          lambda: model.evaluate(x, np.zeros((10, 4)), verbose=0),\n"
            "          lambda: model.load_weights('missing.weights.h5'),\n"
            "          lambda: model.fit(np.full((10, 3), np.nan), np.zeros(10), verbose=0)]:\n"
            "    try:\n"
            "        f()\n"
            "    except Exception as e:\n"
            "        print(type(e).__name__, e)\n"
            "model.fit(x, np.zeros(8), verbose=0)\n");
  CliRun *r = cli_run("run failing.py");
  cr_expect_eq(r->status, 1);
  cr_expect_eq(cli_count(r->out, "\n"), 6, "%s", r->out);
  cr_expect(strstr(r->err, "failing.py:17:1: error: x has 10 samples but y has 8"), "%s",
            r->err);
  regex_t re;
  cr_assert_eq(regcomp(&re, "nnc_[a-z_]+:", REG_EXTENDED | REG_NOSUB), 0);
  cr_expect_neq(regexec(&re, r->out, 0, NULL, 0), 0, "a C function in:\n%s", r->out);
  cr_expect_neq(regexec(&re, r->err, 0, NULL, 0), 0, "a C function in:\n%s", r->err);
  regfree(&re);
}

/* pandas' plots import matplotlib themselves, as pandas does: a file need not. */
Test(tutorial_python, pandas_plots_import_matplotlib_themselves) {
  cli_write("eda.py", "import pandas as pd\n"
                      "print(pd.DataFrame({'a': [1, 2]}).hist().shape)\n");
  CliRun *r = cli_run("run eda.py");
  cr_expect_eq(r->status, 0, "%s", r->err);
  cr_expect_str_eq(r->out, "(1, 1)\n");
}
