/* test_legacy_h5.c — Keras's legacy whole-model .h5 file: files Keras 3 wrote
 * (tests/keras/fixtures, make_keras_archive.py) load with their weights and, when Keras
 * compiled the model, compiled, predicting what Keras predicted; nnc's own file round-trips
 * and holds what Keras's legacy_h5_format reads (checked with Debian's h5py); a file
 * without a model_config, weights that do not fit and a file libhdf5 never finishes are
 * refused, naming the file. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <criterion/redirect.h>
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

/* ---- load_weights of a legacy file into a model that exists (legacy_h5_weights.c) ---- */

/* The architecture of compiled.h5 (3 -> Dense 5 tanh -> Dense 2 sigmoid) for (5, 2), built
 * in C under other names, uncompiled: its weights are made by the load's build. */
static nnc_model *compiled_shape(int hidden, int out) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 3), NNC_OK);
  char cfg[96];
  snprintf(cfg, sizeof cfg, "{\"units\": %d, \"activation\": \"tanh\", \"name\": \"first\"}",
           hidden);
  cr_assert_eq(nnc_model_add_layer_config(m, "Dense", cfg), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_add_layer_config(m, "Dropout", "{\"rate\": 0.5}"), NNC_OK);
  snprintf(cfg, sizeof cfg, "{\"units\": %d, \"activation\": \"sigmoid\", \"name\": "
           "\"second\"}", out);
  cr_assert_eq(nnc_model_add_layer_config(m, "Dense", cfg), NNC_OK, "%s", nnc_last_error());
  return m;
}

static void compile_mse(nnc_model *m) {
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
}

Test(legacy_h5, load_weights_takes_a_keras_model_file_s_layers_in_order) {
  nnc_model *m = compiled_shape(5, 2);
  cr_assert_eq(nnc_model_load_weights(m, test_keras_fixture("compiled.h5")), NNC_OK, "%s",
               nnc_last_error());
  compile_mse(m);
  cr_assert_lt(predicts(m, "compiled_pred.npy"), 1e-6);
  nnc_model_free(m);
}

/* Keras 2's model.save_weights("w.h5"): layer_names on the file itself, a group per layer
 * holding "<layer>/kernel:0"; made here with h5py from compiled.h5's values under other
 * names. */
Test(legacy_h5, load_weights_takes_keras_2_s_weights_file) {
  const char *k2 = test_path("k2.h5");
  char code[2048];
  snprintf(code, sizeof code,
           "s = lambda v: v.decode() if isinstance(v, bytes) else v\n"
           "g = f['model_weights']\n"
           "o = h5py.File('%s', 'w')\n"
           "new = ['dense_7', 'dense_8']\n"
           "o.attrs['layer_names'] = [n.encode() for n in new]\n"
           "o.attrs['backend'] = b'tensorflow'\n"
           "o.attrs['keras_version'] = b'2.4.0'\n"
           "for n, old in zip(new, [s(x) for x in g.attrs['layer_names']]):\n"
           "    grp = o.create_group(n)\n"
           "    names = ['%%s/%%s:0' %% (n, s(w).split('/')[-1]) for w in g[old].attrs['weight_names']]\n"
           "    for w, name in zip(g[old].attrs['weight_names'], names):\n"
           "        grp[name] = g[old][s(w)][()]\n"
           "    grp.attrs['weight_names'] = [x.encode() for x in names]\n"
           "o.close()\n"
           "print(sorted(h5py.File('%s', 'r')['dense_7/dense_7']))",
           k2, k2);
  h5py_prints(test_keras_fixture("compiled.h5"), code, "['bias:0', 'kernel:0']\n");
  nnc_model *m = compiled_shape(5, 2);
  cr_assert_eq(nnc_model_load_weights(m, k2), NNC_OK, "%s", nnc_last_error());
  compile_mse(m);
  cr_assert_lt(predicts(m, "compiled_pred.npy"), 1e-6);
  nnc_model_free(m);
}

/* The last error: the fixture file's path, then Keras's message. */
static void expect_keras_error(const char *fixture, const char *keras) {
  char want[512];
  snprintf(want, sizeof want, "%s: %s", test_keras_fixture(fixture), keras);
  cr_assert_str_eq(nnc_last_error(), want);
}

/* Keras's ValueErrors, word for word (Keras 3.15's, for a model of these names), after the
 * file's name, and nothing changes: the model still predicts what it did. */
Test(legacy_h5, load_weights_refuses_what_does_not_fit_and_changes_nothing) {
  nnc_model *m = compiled_shape(6, 2);
  compile_mse(m);
  nnc_tensor *x = load(test_keras_fixture("x.npy")), *before, *after;
  cr_assert_eq(nnc_model_predict(m, x, 32, &before), NNC_OK);
  cr_assert_eq(nnc_model_load_weights(m, test_keras_fixture("compiled.h5")), NNC_ERR_SHAPE);
  expect_keras_error("compiled.h5", "Shape mismatch in layer #0 (named first)for weight "
                     "sequential/first/kernel. Weight expects shape (3, 6). Received saved "
                     "weight with shape (3, 5)");
  cr_assert_eq(nnc_model_load_weights(m, test_keras_fixture("fun.h5")), NNC_ERR_SHAPE);
  cr_assert_eq(nnc_model_predict(m, x, 32, &after), NNC_OK);
  cr_assert_eq(test_max_diff(before, after), 0.0);
  /* the first layer fits, the second does not: the first keeps its weights too */
  nnc_model *wide = compiled_shape(5, 3);
  compile_mse(wide);
  nnc_tensor *first = nnc_model_weight(wide, "first/kernel"), *kernel;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, first->shape, &kernel), NNC_OK);
  memcpy(kernel->data, first->data, 15 * sizeof(float));
  cr_assert_eq(nnc_model_load_weights(wide, test_keras_fixture("compiled.h5")), NNC_ERR_SHAPE);
  cr_assert_eq(test_max_diff(kernel, nnc_model_weight(wide, "first/kernel")), 0.0);
  nnc_tensor_free(kernel);
  nnc_model_free(wide);
  nnc_model_add_layer_config(m, "Dense", "{\"units\": 1}"); /* refused: compiled */
  nnc_model *three = compiled_shape(5, 2);
  cr_assert_eq(nnc_model_add_layer_config(three, "Dense", "{\"units\": 1}"), NNC_OK);
  cr_assert_eq(nnc_model_load_weights(three, test_keras_fixture("compiled.h5")), NNC_ERR_ARG);
  expect_keras_error("compiled.h5", "Layer count mismatch when loading weights from file. "
                     "Model expected 3 layers, found 2 saved layers.");
  nnc_tensor_free(x);
  nnc_tensor_free(before);
  nnc_tensor_free(after);
  nnc_model_free(three);
  nnc_model_free(m);
}

/* skip_mismatch: the weights of another shape keep their values, with Keras 3.15's warnings
 * for these names word for word (as nnc prints a Python warning); the others load. */
Test(legacy_h5, load_weights_skips_weights_of_another_shape_with_keras_s_warnings,
     .init = cr_redirect_stderr) {
  nnc_model *m = compiled_shape(6, 2);
  compile_mse(m);
  cr_assert_eq(nnc_model_load_weights_with(m, test_keras_fixture("compiled.h5"), 1), NNC_OK,
               "%s", nnc_last_error());
  nnc_model *want = compiled_shape(5, 2);
  cr_assert_eq(nnc_model_load_weights(want, test_keras_fixture("compiled.h5")), NNC_OK);
  cr_assert_eq(test_max_diff(nnc_model_weight(m, "second/bias"),
                             nnc_model_weight(want, "second/bias")), 0.0);
  cr_assert_neq(nnc_model_weight(m, "first/bias")->shape[0], 5);
  fflush(stderr);
  cr_assert_stderr_eq_str(
      "UserWarning: Skipping loading weights for layer #0 (named first)due to mismatch in "
      "shape for weight sequential/first/kernel. Weight expects shape (3, 6). Received saved "
      "weight with shape (3, 5)\n"
      "UserWarning: Skipping loading weights for layer #0 (named first)due to mismatch in "
      "shape for weight sequential/first/bias. Weight expects shape (6,). Received saved "
      "weight with shape (5,)\n"
      "UserWarning: Skipping loading weights for layer #1 (named second)due to mismatch in "
      "shape for weight sequential/second/kernel. Weight expects shape (6, 2). Received saved "
      "weight with shape (5, 2)\n");
  nnc_model_free(want);
  nnc_model_free(m);
}
