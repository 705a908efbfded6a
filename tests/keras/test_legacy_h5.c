/* test_legacy_h5.c — Keras's legacy whole-model .h5 file: files Keras 3 wrote
 * (tests/keras/fixtures, make_keras_archive.py) load with their weights and, when Keras
 * compiled the model, compiled, predicting what Keras predicted; nnc's own file round-trips
 * and holds what Keras's legacy_h5_format reads (checked with Debian's h5py); a file
 * without a model_config, weights that do not fit and a file libhdf5 never finishes are
 * refused, naming the file. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keras.h"
#include "support.h"
#include "support_files.h"

TestSuite(legacy_h5, .init = test_dir_make, .fini = test_dir_remove);

static nnc_tensor *load(const char *path) {
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_load(path, NNC_F32, &t), NNC_OK, "%s", nnc_last_error());
  return t;
}

static double predicts(nnc_model *m, const char *want_file) {
  nnc_tensor *x = load(test_keras_fixture("x.npy")), *got;
  nnc_tensor *want = load(test_keras_fixture(want_file));
  cr_assert_eq(nnc_model_predict(m, x, 32, &got), NNC_OK, "%s", nnc_last_error());
  double d = test_max_diff(got, want);
  nnc_tensor_free(x);
  nnc_tensor_free(want);
  nnc_tensor_free(got);
  return d;
}

Test(legacy_h5, a_compiled_keras_file_loads_compiled_and_predicts_as_keras) {
  nnc_model *m;
  cr_assert_eq(nnc_model_load_keras(test_keras_fixture("compiled.h5"), &m), NNC_OK, "%s",
               nnc_last_error());
  cr_assert_lt(predicts(m, "compiled_pred.npy"), 1e-6);
  cr_assert(m->compiled, "training_config compiles the model");
  cr_assert_eq(m->copt.optimizer.kind, NNC_OPT_SGD);
  cr_assert_float_eq(m->copt.optimizer.momentum, 0.5, 1e-12);
  cr_assert_eq(m->copt.loss, NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(m->copt.nmetrics, 2);
  nnc_model_free(m);
}

Test(legacy_h5, a_functional_keras_file_loads_uncompiled_and_predicts_as_keras) {
  nnc_model *m;
  cr_assert_eq(nnc_model_load_keras(test_keras_fixture("fun.h5"), &m), NNC_OK, "%s",
               nnc_last_error());
  cr_assert(!m->compiled, "Keras saved it uncompiled: no training_config");
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  cr_assert_lt(predicts(m, "fun_h5_pred.npy"), 1e-6);
  nnc_layer_info li;
  cr_assert_eq(nnc_model_layer(m, 1, &li), NNC_OK);
  cr_assert_str_eq(li.name, "hid");
  nnc_model_free(m);
}

/* Runs python code with Debian's python3 on the file at path (as `f`, an h5py File); its
 * stdout must equal want. */
static void h5py_prints(const char *path, const char *code, const char *want) {
  if (system("/usr/bin/python3 -c 'import h5py' 2>/dev/null") != 0)
    cr_skip_test("Debian's python3-h5py is absent (scripts/setup.sh installs it)");
  char cmd[4096], out[2048] = "";
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c \"import json, h5py\n"
           "f = h5py.File('%s', 'r')\n%s\"", path, code);
  FILE *p = popen(cmd, "r");
  cr_assert(p);
  size_t n = fread(out, 1, sizeof out - 1, p);
  out[n] = 0;
  cr_assert_eq(pclose(p), 0, "python failed on %s", path);
  cr_assert_str_eq(out, want);
}

static nnc_model *trained(void) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  nnc_model_set_seed(m, 5);
  cr_assert_eq(nnc_model_add_input(m, 3), NNC_OK);
  cr_assert_eq(nnc_model_add_layer_config(m, "Dense", "{\"units\": 6, \"activation\": \"relu\"}"),
               NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_add_layer_config(m, "Dropout", "{\"rate\": 0.2}"), NNC_OK);
  cr_assert_eq(nnc_model_add_layer_config(m, "BatchNormalization", "{}"), NNC_OK);
  cr_assert_eq(nnc_model_add_layer_config(m, "Dense", "{\"units\": 2}"), NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  c.optimizer = nnc_adam();
  c.accuracy = 0;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *x = load(test_keras_fixture("x.npy"));
  nnc_tensor *y;
  cr_assert_eq(nnc_model_predict(m, x, 32, &y), NNC_OK);
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  f.epochs = 2;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  return m;
}

Test(legacy_h5, nnc_s_file_round_trips_compiled_with_its_weights) {
  nnc_model *m = trained();
  const char *p = test_path("m.h5");
  cr_assert_eq(nnc_model_save_keras(m, p), NNC_OK, "%s", nnc_last_error());
  nnc_model *back;
  cr_assert_eq(nnc_model_load_keras(p, &back), NNC_OK, "%s", nnc_last_error());
  cr_assert(back->compiled);
  cr_assert_eq(back->copt.optimizer.kind, NNC_OPT_ADAM);
  cr_assert_eq(back->copt.loss, NNC_LOSS_MEAN_SQUARED_ERROR);
  nnc_tensor *x = load(test_keras_fixture("x.npy")), *a, *b;
  cr_assert_eq(nnc_model_predict(m, x, 32, &a), NNC_OK);
  cr_assert_eq(nnc_model_predict(back, x, 32, &b), NNC_OK);
  cr_assert_eq(test_max_diff(a, b), 0.0);
  nnc_tensor_free(x);
  nnc_tensor_free(a);
  nnc_tensor_free(b);
  nnc_model_free(back);
  nnc_model_free(m);
}

Test(legacy_h5, the_file_holds_what_keras_legacy_h5_format_reads) {
  nnc_model *m = trained();
  const char *p = test_path("m.hdf5");
  cr_assert_eq(nnc_model_save_keras(m, p), NNC_OK, "%s", nnc_last_error());
  h5py_prints(p, "print(sorted(f.attrs), f.attrs['keras_version'])\n"
                 "g = f['model_weights']\n"
                 "print(list(g.attrs['layer_names']), list(g['dense'].attrs['weight_names']))\n"
                 "print(g['dense/sequential/dense/kernel'].shape, g['dropout'].attrs['weight_names'])\n"
                 "print(list(g['batch_normalization'].attrs['weight_names'])[3])\n"
                 "c = json.loads(f.attrs['model_config'])\n"
                 "print(c['class_name'], [l['class_name'] for l in c['config']['layers']], "
                 "'module' in c['config']['layers'][1])\n"
                 "t = json.loads(f.attrs['training_config'])\n"
                 "print(t['loss'], t['optimizer_config']['class_name'], 'optimizer' in t)",
              "['backend', 'keras_version', 'model_config', 'training_config'] 3.11.3\n"
              "['dense', 'dropout', 'batch_normalization', 'dense_1'] "
              "['sequential/dense/kernel', 'sequential/dense/bias']\n"
              "(3, 6) []\n"
              "sequential/batch_normalization/moving_variance\n"
              "Sequential ['InputLayer', 'Dense', 'Dropout', 'BatchNormalization', 'Dense'] "
              "False\n"
              "mean_squared_error Adam False\n");
  nnc_model_free(m);
}

Test(legacy_h5, a_weights_file_and_weights_that_do_not_fit_are_refused_naming_the_file) {
  nnc_model *m = trained(), *back = (nnc_model *)1;
  const char *w = test_path("w.weights.h5"), *as_model = test_path("w.h5");
  cr_assert_eq(nnc_model_save_weights(m, w), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(rename(w, as_model), 0);
  cr_assert_eq(nnc_model_load_keras(as_model, &back), NNC_ERR_CORRUPT);
  cr_assert_null(back);
  cr_assert(strstr(nnc_last_error(), "w.h5: no model_config attribute"), "%s",
            nnc_last_error());
  cr_assert_eq(nnc_model_load_keras(test_path("missing.h5"), &back), NNC_ERR_IO);
  /* a model_config whose first Dense is narrower than the weights the file holds */
  const char *p = test_path("wide.h5");
  cr_assert_eq(nnc_model_save_keras(m, p), NNC_OK, "%s", nnc_last_error());
  h5py_prints(p, "n = f.filename\nf.close()\nf = h5py.File(n, 'r+')\n"
                 "c = json.loads(f.attrs['model_config'])\n"
                 "c['config']['layers'][1]['config']['units'] = 5\n"
                 "f.attrs['model_config'] = json.dumps(c).encode()\nprint('ok')", "ok\n");
  cr_assert_eq(nnc_model_load_keras(p, &back), NNC_ERR_SHAPE, "%s", nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "wide.h5: "), "%s", nnc_last_error());
  nnc_model_free(m);
}

/* hdf5_loops.h5, found by fuzz_legacy_h5, sends libhdf5 1.10 round a loop for ever: the
 * reader's child process is stopped at its CPU limit and the load fails, naming the file. */
Test(legacy_h5, a_file_libhdf5_never_finishes_is_refused_in_seconds) {
  nnc_model *m = (nnc_model *)1;
  cr_assert_eq(nnc_model_load_keras(test_keras_fixture("hdf5_loops.h5"), &m), NNC_ERR_CORRUPT);
  cr_assert_null(m);
  cr_assert(strstr(nnc_last_error(), "hdf5_loops.h5: libhdf5 did not finish reading the file"),
            "%s", nnc_last_error());
}
