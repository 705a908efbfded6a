/* test_plot_model.c — keras.utils.plot_model under nnc run: the model's forward graph for one
 * sample drawn by Graphviz in the format to_file names (PNG by default, SVG, DOT text), the
 * same layers and weight shapes Keras would show, and plotting before fit leaves the
 * training as it was. */
#include "cli_run.h"

TestSuite(plot_model, .init = cli_setup, .fini = cli_teardown);

#define MODEL                                                                              \
  "import numpy as np\nimport keras\nfrom keras import layers\n"                           \
  "keras.utils.set_random_seed(3)\n"                                                       \
  "model = keras.Sequential([layers.Input(shape=(4,)), layers.Dense(16, activation='relu'),\n" \
  "                          layers.Dense(1, activation='sigmoid')])\n"

#define FIT                                                                                \
  "model.compile(optimizer='adam', loss='binary_crossentropy')\n"                          \
  "x = np.linspace(-1, 1, 64).reshape(16, 4)\ny = (x.sum(axis=1) > 0).astype(float)\n"      \
  "h = model.fit(x, y, epochs=3, verbose=0)\nprint('%.9f' % h.history['loss'][-1])\n"

Test(plot_model, writes_the_forward_graph_as_png_svg_and_dot) {
  cli_write("pm.py", MODEL
            "keras.utils.plot_model(model, show_shapes=True)\n"
            "keras.utils.plot_model(model, to_file='m.svg')\n"
            "keras.utils.plot_model(model, 'm.dot')\nprint('drawn')\n");
  CliRun *r = cli_run("run pm.py");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_expect_str_eq(r->out, "drawn\n");
  cr_expect(memcmp(cli_file("model.png"), "\x89PNG\r\n", 6) == 0, "model.png is not a PNG");
  const char *text = cli_file("m.svg");
  cr_expect(strstr(text, "<svg") && strstr(text, "dense/kernel") && strstr(text, "4×16") &&
            strstr(text, "dense_1/bias"), "%s", text);
  text = cli_file("m.dot");
  cr_expect(strstr(text, "digraph") && strstr(text, "relu") && strstr(text, "sigmoid") &&
            strstr(text, "16×1"), "%s", text);
  cr_expect(!strstr(text, "loss") && !strstr(text, "\"y\""), "a loss in the forward graph:\n%s",
            text);
}

Test(plot_model, leaves_the_training_as_it_was) {
  cli_write("plain.py", MODEL FIT);
  cli_write("plotted.py", MODEL "keras.utils.plot_model(model, to_file='m.dot')\n" FIT);
  CliRun *r = cli_run("run plain.py");
  cr_assert_eq(r->status, 0, "%s", r->err);
  static char plain[sizeof r->out];
  memcpy(plain, r->out, sizeof plain);
  r = cli_run("run plotted.py");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_expect_str_eq(r->out, plain);
}

Test(plot_model, refuses_a_model_without_an_input_shape_and_an_unknown_format) {
  cli_write("unbuilt.py", "import keras\nfrom keras import layers\n"
            "model = keras.Sequential([layers.Dense(2)])\nkeras.utils.plot_model(model)\n");
  CliRun *r = cli_run("run unbuilt.py");
  cr_expect_eq(r->status, 1);
  cr_expect(strstr(r->err, "unbuilt.py:4:") && strstr(r->err, "has not been built yet"), "%s",
            r->err);
  cli_write("format.py", MODEL "keras.utils.plot_model(model, to_file='m.bmp')\n");
  r = cli_run("run format.py");
  cr_expect_eq(r->status, 1);
  cr_expect(strstr(r->err, "'bmp' is not a picture format"), "%s", r->err);
}

/* plot_model writes as every save does (formats/outfile.c): the new picture replaces the old
 * file by a rename, so another name of the old file (a hard link, a reader holding it open)
 * keeps the old picture, and nothing is left beside it. */
Test(plot_model, replaces_its_file_whole) {
  cli_write("m.dot", "an old picture\n");
  char cmd[600];
  snprintf(cmd, sizeof cmd, "cd '%s' && ln m.dot kept.dot", cli_dir);
  cr_assert_eq(system(cmd), 0);
  cli_write("pm.py", MODEL "keras.utils.plot_model(model, to_file='m.dot')\n");
  CliRun *r = cli_run("run pm.py");
  cr_assert_eq(r->status, 0, "%s", r->err);
  cr_expect(strstr(cli_file("m.dot"), "digraph"), "%s", cli_file("m.dot"));
  cr_expect_str_eq(cli_file("kept.dot"), "an old picture\n", "written in place");
  snprintf(cmd, sizeof cmd, "ls -a '%s' | grep -q nnc-", cli_dir);
  cr_expect_neq(system(cmd), 0, "a temporary is left");
}
