/* test_export.c — nnc export FILE -o MODEL.onnx: the file runs to its end (training
 * included), and the last model it made is written as ONNX that Debian's onnx checker
 * accepts, with the trained weights (the same ones model.save_weights wrote); -o belongs
 * to export alone. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_run.h"

TestSuite(tools, .init = cli_setup, .fini = cli_teardown);

static const char *const model =
    "from tensorflow.keras import Sequential\n"
    "from tensorflow.keras.layers import Dense\n"
    "X = load('x.csv')\n"
    "Y = load('y.csv')\n"
    "model = Sequential([Dense(5, activation='relu'), Dense(1, activation='sigmoid')])\n"
    "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
    "model.fit(X, Y, epochs=2, verbose=0)\n"
    "model.save_weights('w.weights.h5')\n";

Test(tools, export_writes_the_trained_model) {
  cli_write_data();
  cli_write("m.nn", model);
  CliRun *r = cli_run("export m.nn -o m.onnx");
  cr_assert_eq(r->status, 0, "%s", r->err);
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "cd %s && /usr/bin/python3 -c \"import onnx, onnx.numpy_helper, h5py\n"
           "m = onnx.load('m.onnx')\nonnx.checker.check_model(m, full_check=True)\n"
           "assert [n.op_type for n in m.graph.node] == ['Gemm', 'Relu', 'Gemm', 'Sigmoid']\n"
           "w = {t.name: onnx.numpy_helper.to_array(t) for t in m.graph.initializer}\n"
           "f = h5py.File('w.weights.h5', 'r')\n"
           "assert (w['dense/kernel'] == f['layers/dense/vars/0'][()]).all()\n"
           "assert (w['dense_1/bias'] == f['layers/dense_1/vars/1'][()]).all()\"", cli_dir);
  cr_assert_eq(system(cmd), 0, "the exported model is not the trained one: %s", cmd);
}

Test(tools, model_export_in_a_model_file) {
  cli_write_data();
  char text[2048];
  snprintf(text, sizeof text, "%smodel.export('k.onnx', format='onnx')\nmodel.export('k.tf')\n",
           model);
  cli_write("m.nn", text);
  CliRun *r = cli_run("run m.nn");
  cr_assert_eq(r->status, 1);
  cr_assert(strstr(r->err, "m.nn:10:1: error: ValueError: model.export: nnc exports "
                           "format='onnx' only, found tf_saved_model"), "%s", r->err);
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "cd %s && /usr/bin/python3 -c \"import onnx\n"
           "onnx.checker.check_model(onnx.load('k.onnx'), full_check=True)\"", cli_dir);
  cr_assert_eq(system(cmd), 0, "model.export wrote no valid ONNX file");
}

Test(tools, export_needs_o_and_run_refuses_it) {
  cli_write("m.nn", model);
  CliRun *r = cli_run("export m.nn");
  cr_assert_eq(r->status, 2);
  cr_assert(strstr(r->err, "nnc export needs -o FILE.onnx"), "%s", r->err);
  r = cli_run("run m.nn -o x.onnx");
  cr_assert_eq(r->status, 2);
  cr_assert(strstr(r->err, "-o, --name, --batch, --target, --cpu and --predict-only are options of nnc build, not of nnc run"), "%s", r->err);
  cli_write("empty.nn", "x = 1\n");
  r = cli_run("export empty.nn -o x.onnx");
  cr_assert_eq(r->status, 1);
  cr_assert(strstr(r->err, "makes no model to export"), "%s", r->err);
}

/* -o over an input is refused before anything runs, as --log and --plot are. */
Test(tools, export_never_writes_over_its_inputs) {
  cli_write_data();
  cli_write("m.nn", model);
  CliRun *r = cli_run("export m.nn -o m.nn");
  cr_assert_eq(r->status, 2, "%s", r->err);
  cr_assert(strstr(r->err, "-o m.nn is the model file; nnc does not write over its inputs"),
            "%s", r->err);
  r = cli_run("export m.nn -D X=x.csv -o x.csv");
  cr_assert_eq(r->status, 2, "%s", r->err);
  cr_assert(strstr(r->err, "-o x.csv is the data of -D X"), "%s", r->err);
  cr_assert(strncmp(cli_file("m.nn"), "from tensorflow", 15) == 0, "the model file changed");
}

/* A missing directory or a directory at -o is found before the file runs: no training is
 * lost to it. */
Test(tools, export_checks_its_output_before_training) {
  cli_write_data();
  cli_write("m.nn", model);
  char d[600];
  snprintf(d, sizeof d, "%s/d", cli_dir);
  cr_assert_eq(mkdir(d, 0755), 0);
  static const char *const outs[] = {"-o absent/m.onnx", "-o d"};
  for (size_t i = 0; i < sizeof outs / sizeof *outs; i++) {
    char args[128];
    snprintf(args, sizeof args, "export m.nn %s", outs[i]);
    CliRun *r = cli_run(args);
    cr_expect_eq(r->status, 1, "%s: %s", outs[i], r->err);
    cr_expect(strstr(r->err, outs[i] + 3), "%s: %s", outs[i], r->err);
    snprintf(d, sizeof d, "%s/w.weights.h5", cli_dir);
    cr_expect_neq(access(d, F_OK), 0, "%s: the file ran first", outs[i]);
  }
}
