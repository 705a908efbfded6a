/* test_optimizer_vars.c — a compiled model's optimizer variables in .keras archives, as
 * Keras 3 writes and reads them ("optimizer/vars/<i>" of model.weights.h5).
 *
 * tests/keras/fixtures/opt_NAME.keras are models Keras 3.15.1 (JAX) trained two epochs and
 * saved, opt_NAME_next.npy their weights after one more epoch in Keras
 * (make_keras_optimizers.py): loading one and fitting an epoch in nnc must give Keras's
 * weights, which needs every slot, the rate and the iteration count restored. nnc's own
 * archive of the loaded model must hold the same variables as Keras's (names, order, shapes,
 * dtypes, values: compared with h5py), and continuing from it must equal training on without
 * a save, bit for bit. Another count is warned about in Keras's words; another shape or a broken file is
 * refused naming the member and the variable. */
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

TestSuite(optimizer_vars, .init = test_dir_make, .fini = test_dir_remove);

/* Every optimizer make_keras_optimizers.py trained (nnc_optimizer_kind's list, with SGD and
 * Adam under their variants). */
static const char *const names[] = {"sgd",     "nesterov", "amsgrad", "adamw", "rmsprop",
                                    "adagrad", "adadelta", "adamax",  "nadam", "lion"};
enum { NNAMES = sizeof names / sizeof *names };

static nnc_model *load_fixture(const char *name) {
  char file[64];
  snprintf(file, sizeof file, "opt_%s.keras", name);
  nnc_model *m;
  cr_assert_eq(nnc_model_load_keras(test_keras_fixture(file), &m), NNC_OK, "%s: %s", name,
               nnc_last_error());
  return m;
}

/* Keras's numbers: opt_NAME_next.npy, the weights after Keras's third epoch. */
Test(optimizer_vars, keras_archives_continue_training_as_keras_does, .init = cr_redirect_stderr) {
  for (int k = 0; k < NNAMES; k++) {
    nnc_model *m = load_fixture(names[k]);
    cr_assert_eq(nnc_model_iterations(m), 6, "%s: two epochs of three batches", names[k]);
    test_opt_epoch(m);
    char file[64];
    snprintf(file, sizeof file, "opt_%s_next.npy", names[k]);
    double d = test_weights_diff(m, test_keras_fixture(file));
    cr_assert_leq(d, 1e-5, "%s: nnc's epoch after loading differs from Keras's by %g", names[k], d);
    nnc_model_free(m);
  }
  fflush(stderr);
  cr_assert_stderr_eq_str("", "no variable is skipped");
}

/* The optimizer's fresh start would not give Keras's weights: the test above needs the
 * restored state (here: drop it by compiling anew, keeping the weights). */
Test(optimizer_vars, without_the_restored_state_the_epoch_differs) {
  nnc_model *m = load_fixture("nadam");
  nnc_compile_options c = m->copt;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  test_opt_epoch(m);
  cr_assert_gt(test_weights_diff(m, test_keras_fixture("opt_nadam_next.npy")), 1e-4);
  nnc_model_free(m);
}

static bool have_h5py(void) {
  return system("/usr/bin/python3 -c 'import h5py' 2>/dev/null") == 0;
}

/* Debian's python3 with h5py: the output of code, which sees a(path) and b(path) opening
 * the model.weights.h5 of two archives. */
static char *python(const char *code) {
  char cmd[8192];
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c \"import io, zipfile, h5py, numpy as np\n"
           "def h5(p): return h5py.File(io.BytesIO(zipfile.ZipFile(p).read('model.weights.h5')), 'r')\n"
           "%s\"", code);
  FILE *p = popen(cmd, "r");
  cr_assert(p);
  char *out = test_slurp(p);
  cr_assert_eq(pclose(p), 0, "python failed: %s", out);
  return out;
}

Test(optimizer_vars, nnc_writes_the_variables_keras_wrote) {
  if (!have_h5py())
    cr_skip_test("Debian's python3-h5py is absent (scripts/setup.sh installs it)");
  for (int k = 0; k < NNAMES; k++) {
    nnc_model *m = load_fixture(names[k]);
    char file[64], code[2048];
    snprintf(file, sizeof file, "opt_%s.keras", names[k]);
    const char *p = test_path(file);
    cr_assert_eq(nnc_model_save_keras(m, p), NNC_OK, "%s", nnc_last_error());
    /* every variable: Keras's shape, dtype and value, at Keras's index, and nothing else */
    snprintf(code, sizeof code,
             "k, n = h5('%s')['optimizer/vars'], h5('%s')['optimizer/vars']\n"
             "assert sorted(k) == sorted(n), (sorted(k), sorted(n))\n"
             "for i in k:\n"
             "  assert (k[i].shape, k[i].dtype) == (n[i].shape, n[i].dtype), (i, k[i], n[i])\n"
             "  assert np.array_equal(k[i][()], n[i][()]), i\n"
             "print(len(n), n[str(0)].dtype, n[str(0)][()])",
             test_keras_fixture(file), p);
    char *out = python(code);
    /* Keras's counts (make_keras_optimizers.py's models: six trainable weights) */
    static const int count[] = {2, 8, 20, 14, 20, 8, 14, 14, 15, 8};
    char want[64];
    snprintf(want, sizeof want, "%d int32 6\n", count[k]);
    cr_assert_str_eq(out, want, "%s", names[k]);
    free(out);
    nnc_model_free(m);
  }
}

Test(optimizer_vars, continuing_from_nnc_s_archive_equals_training_on) {
  for (int k = 0; k < NNAMES; k++) {
    nnc_model *a = load_fixture(names[k]), *b = load_fixture(names[k]), *back;
    test_opt_epoch(a);
    const char *p = test_path("next.keras");
    cr_assert_eq(nnc_model_save_keras(a, p), NNC_OK, "%s", nnc_last_error());
    cr_assert_eq(nnc_model_load_keras(p, &back), NNC_OK, "%s", nnc_last_error());
    cr_assert_eq(nnc_model_iterations(back), 9);
    test_opt_epoch(back);
    test_opt_epoch(b);
    test_opt_epoch(b);
    TestWeights want = test_weights(b), got = test_weights(back);
    double d = test_weights_apart(&got, want.v, want.n);
    cr_assert_eq(d, 0.0, "%s: a save and load between epochs changes the weights by %g",
                 names[k], d);
    nnc_model_free(a);
    nnc_model_free(b);
    nnc_model_free(back);
  }
}

/* Keras 3.15.1 on the fixture compiled.keras (SGD with momentum, compiled, never trained:
 * its optimizer holds the iteration and the rate), KERAS_BACKEND=jax:
 *   keras.models.load_model("compiled.keras") warns
 *   UserWarning: Skipping variable loading for optimizer 'sgd', because it has 6 variables
 *   whereas the saved optimizer has 2 variables. */
Test(optimizer_vars, another_count_is_skipped_with_keras_s_warning, .init = cr_redirect_stderr) {
  nnc_model *m;
  cr_assert_eq(nnc_model_load_keras(test_keras_fixture("compiled.keras"), &m), NNC_OK, "%s",
               nnc_last_error());
  cr_assert_eq(nnc_model_iterations(m), 0);
  fflush(stderr);
  cr_assert_stderr_eq_str("UserWarning: Skipping variable loading for optimizer 'sgd', because "
                          "it has 6 variables whereas the saved optimizer has 2 variables. \n");
  nnc_model_free(m);
}

/* The file of opt_adam(w) rewritten by code (h5py, the weights file as `f`, opened r+). */
static const char *rewritten(const char *name, const char *code) {
  char py[2048];
  const char *p = test_path(name);
  snprintf(py, sizeof py,
           "src = zipfile.ZipFile('%s')\n"
           "b = io.BytesIO(src.read('model.weights.h5'))\n"
           "f = h5py.File(b, 'r+')\n%s\nf.close()\n"
           "with zipfile.ZipFile('%s', 'w') as z:\n"
           "  for n in src.namelist():\n"
           "    z.writestr(n, b.getvalue() if n == 'model.weights.h5' else src.read(n))\n"
           "print('ok')",
           test_keras_fixture("opt_adamw.keras"), code, p);
  free(python(py));
  return p;
}

/* Keras 3.15.1 raises for a variable of another shape (load_model's ValueError "A total of
 * 1 objects could not be loaded. ... The shape of the target variable and the shape of the
 * target value in `variable.assign(value)` must match. variable.shape=(3, 4), Received:
 * value.shape=(3, 5). ..."); nnc refuses the file with that sentence, naming the variable. */
Test(optimizer_vars, another_shape_or_a_broken_file_is_refused_naming_the_variable) {
  if (!have_h5py())
    cr_skip_test("Debian's python3-h5py is absent (scripts/setup.sh installs it)");
  nnc_model *m = NULL;
  const char *p = rewritten("shape.keras", "del f['optimizer/vars/2']\n"
                                           "f['optimizer/vars/2'] = np.zeros((3, 5), 'f4')");
  cr_assert_eq(nnc_model_load_keras(p, &m), NNC_ERR_SHAPE);
  cr_assert_null(m);
  char want[1024];
  snprintf(want, sizeof want, "%s[model.weights.h5]: optimizer/vars/2: The shape of the target "
           "variable and the shape of the target value in `variable.assign(value)` must match. "
           "variable.shape=(3, 4), Received: value.shape=(3, 5) (the optimizer's "
           "dense_6/kernel/m)", p);
  cr_assert_str_eq(nnc_last_error(), want);
  p = rewritten("gap.keras", "f.move('optimizer/vars/5', 'optimizer/vars/99')");
  cr_assert_eq(nnc_model_load_keras(p, &m), NNC_ERR_CORRUPT);
  snprintf(want, sizeof want, "%s[model.weights.h5]: optimizer/vars holds 14 variables but no "
           "'5'", p);
  cr_assert_str_eq(nnc_last_error(), want);
  p = rewritten("iter.keras", "f['optimizer/vars/0'][()] = -3");
  cr_assert_eq(nnc_model_load_keras(p, &m), NNC_ERR_CORRUPT);
  snprintf(want, sizeof want, "%s[model.weights.h5]: optimizer/vars/0: the iteration count must "
           "be a whole number >= 0, found -3", p);
  cr_assert_str_eq(nnc_last_error(), want);
  p = rewritten("text.keras", "del f['optimizer/vars/3']\nf['optimizer/vars/3'] = 'velocity'");
  cr_assert_neq(nnc_model_load_keras(p, &m), NNC_OK);
  cr_assert(strstr(nnc_last_error(), "[model.weights.h5]"), "%s", nnc_last_error());
  cr_assert(strstr(nnc_last_error(), "optimizer/vars/3"), "%s", nnc_last_error());
}

/* Keras's lists (make_keras_optimizers.py's listing of optimizer.variables): a model
 * compiled but never trained has the iteration and the rate only; a trained one adds the
 * slots; an uncompiled one has no optimizer group. */
Test(optimizer_vars, the_variables_follow_the_optimizer_s_life) {
  nnc_model *m = load_fixture("amsgrad");
  OptVar *v;
  int n;
  cr_assert_eq(keras_opt_vars(m, "test", &v, &n), NNC_OK);
  cr_assert_eq(n, 20);
  /* adam/iteration, adam/learning_rate, then per weight momentum and velocity, then every
   * velocity_hat */
  cr_assert_eq(v[0].role, OV_ITERATION);
  cr_assert_eq(v[0].dtype, NNC_I32);
  cr_assert_eq(v[1].role, OV_LEARNING_RATE);
  cr_assert_str_eq(v[2].state, "dense_4/kernel/m"); /* the layers as Keras named them */
  cr_assert_str_eq(v[3].state, "dense_4/kernel/v");
  cr_assert_str_eq(v[4].state, "dense_4/bias/m");
  cr_assert_str_eq(v[6].state, "batch_normalization_2/gamma/m");
  cr_assert_str_eq(v[14].state, "dense_4/kernel/vhat");
  cr_assert_str_eq(v[19].state, "dense_5/bias/vhat");
  base_free(v);
  nnc_compile_options c = m->copt;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK);
  cr_assert_eq(keras_opt_vars(m, "test", &v, &n), NNC_OK);
  cr_assert_eq(n, 2, "compiled anew: not built until fit");
  base_free(v);
  nnc_model_free(m);
  char cls[32];
  keras_opt_default_name(NNC_OPT_RMSPROP, cls, sizeof cls);
  cr_assert_str_eq(cls, "rm_sprop"); /* Keras: compile(optimizer="rmsprop").optimizer.name */
  keras_opt_default_name(NNC_OPT_ADAMW, cls, sizeof cls);
  cr_assert_str_eq(cls, "adam_w");
}

static nnc_status save_step(void *arg) {
  return nnc_model_save_keras(arg, test_path("oom.keras"));
}

static nnc_status load_step(void *arg) {
  (void)arg;
  nnc_model *m = NULL;
  nnc_status s = nnc_model_load_keras(test_path("oom.keras"), &m);
  nnc_model_free(m);
  return s;
}

/* Writing and reading the variables fails cleanly wherever memory runs out. */
Test(optimizer_vars, running_out_of_memory_fails_cleanly, .timeout = 300) {
  nnc_model *m = load_fixture("amsgrad");
  cr_assert_gt(test_until_ok(save_step, m, 0), 3);
  cr_assert_gt(test_until_ok_walk(load_step, NULL, (TestOomWalk){.dense = 40}), 3);
  nnc_model_free(m);
}

/* ---- .weights.h5 files (model.save_weights, model.load_weights) ---- */

/* make_keras_optimizers.py's WEIGHTS_FILES: opt_NAME.weights.h5 is Keras's save_weights of
 * the model of opt_NAME.keras. */
static const char *const weights_files[] = {"amsgrad", "rmsprop", "nadam"};
enum { NWEIGHTS_FILES = sizeof weights_files / sizeof *weights_files };

static const char *fixture_file(const char *name, const char *suffix) {
  static char file[64];
  snprintf(file, sizeof file, "opt_%s%s", name, suffix);
  return test_keras_fixture(file);
}

/* Debian's python3 with h5py: the output of code, which sees f(path) opening an HDF5 file. */
static char *python_h5(const char *code) {
  char py[4096];
  snprintf(py, sizeof py, "import h5py, numpy as np\n"
           "def f(p): return h5py.File(p, 'r')\n%s", code);
  char cmd[8192];
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c \"%s\"", py);
  FILE *p = popen(cmd, "r");
  cr_assert(p);
  char *out = test_slurp(p);
  cr_assert_eq(pclose(p), 0, "python failed: %s", out);
  return out;
}

/* Keras 3.15.1's model.save_weights of a compiled, trained model (h5py's listing of
 * opt_amsgrad.weights.h5): the layers, then "optimizer/vars" named after the optimizer
 * ('adam', 'rm_sprop', 'nadam') with variables 0.. as in the .keras archive. nnc's file of
 * the same model holds the same datasets, dtypes and values, and the same group names. */
Test(optimizer_vars, save_weights_writes_the_optimizer_s_variables_as_keras_does) {
  if (!have_h5py())
    cr_skip_test("Debian's python3-h5py is absent (scripts/setup.sh installs it)");
  for (int k = 0; k < NWEIGHTS_FILES; k++) {
    nnc_model *m = load_fixture(weights_files[k]);
    const char *p = test_path("w.weights.h5");
    cr_assert_eq(nnc_model_save_weights(m, p), NNC_OK, "%s", nnc_last_error());
    char code[2048];
    snprintf(code, sizeof code,
             "k, n = f('%s'), f('%s')\n"
             "ds = lambda h: sorted(x for x in h['optimizer/vars'])\n"
             "assert ds(k) == ds(n), (ds(k), ds(n))\n"
             "assert k['optimizer/vars'].attrs['name'] == n['optimizer/vars'].attrs['name']\n"
             "for i in k['optimizer/vars']:\n"
             "  a, b = k['optimizer/vars'][i], n['optimizer/vars'][i]\n"
             "  assert (a.shape, a.dtype) == (b.shape, b.dtype), (i, a, b)\n"
             "  assert np.array_equal(a[()], b[()]), i\n"
             "print(len(ds(n)), n['optimizer/vars'].attrs['name'])",
             fixture_file(weights_files[k], ".weights.h5"), p);
    char *out = python_h5(code);
    static const char *const want[] = {"20 adam\n", "20 rm_sprop\n", "15 nadam\n"};
    cr_assert_str_eq(out, want[k], "%s", weights_files[k]);
    free(out);
    nnc_model_free(m);
  }
}

/* Keras 3.15.1: load_weights into a model whose optimizer a fit has built restores every
 * variable, the iteration too (make_keras_optimizers.py's probe: a model fitted one epoch,
 * then load_weights of a file saved after six steps, has optimizer.iterations 6), so the next
 * epoch gives opt_NAME_next.npy, silently. */
Test(optimizer_vars, load_weights_into_a_built_optimizer_continues_as_keras_does,
     .init = cr_redirect_stderr) {
  for (int k = 0; k < NWEIGHTS_FILES; k++) {
    nnc_model *m = load_fixture(weights_files[k]);
    test_opt_epoch(m);
    cr_assert_eq(nnc_model_iterations(m), 9);
    cr_assert_eq(nnc_model_load_weights(m, fixture_file(weights_files[k], ".weights.h5")),
                 NNC_OK, "%s", nnc_last_error());
    cr_assert_eq(nnc_model_iterations(m), 6, "%s: the file's iteration", weights_files[k]);
    test_opt_epoch(m);
    double d = test_weights_diff(m, fixture_file(weights_files[k], "_next.npy"));
    cr_assert_leq(d, 1e-5, "%s: the epoch after load_weights differs from Keras's by %g",
                  weights_files[k], d);
    nnc_model_free(m);
  }
  fflush(stderr);
  cr_assert_stderr_eq_str("", "no variable is skipped");
}

/* Keras 3.15.1 (make_keras_optimizers.py, stderr): load_weights of a trained model's file
 * into a model only compiled, whose optimizer holds the iteration and the rate, warns
 *   UserWarning: Skipping variable loading for optimizer 'adam', because it has 2 variables
 *   whereas the saved optimizer has 20 variables.
 * (likewise 'rm_sprop' with 20, 'nadam' with 15), loads the layers, and the optimizer starts
 * afresh: the next epoch gives opt_NAME_fresh.npy. */
Test(optimizer_vars, load_weights_into_an_unbuilt_optimizer_skips_it_with_keras_s_warning,
     .init = cr_redirect_stderr) {
  for (int k = 0; k < NWEIGHTS_FILES; k++) {
    nnc_model *m = load_fixture(weights_files[k]);
    nnc_compile_options c = m->copt;
    cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
    cr_assert_eq(nnc_model_load_weights(m, fixture_file(weights_files[k], ".weights.h5")),
                 NNC_OK, "%s", nnc_last_error());
    cr_assert_eq(nnc_model_iterations(m), 0);
    test_opt_epoch(m);
    double d = test_weights_diff(m, fixture_file(weights_files[k], "_fresh.npy"));
    cr_assert_leq(d, 1e-5, "%s: the epoch after load_weights differs from Keras's by %g",
                  weights_files[k], d);
    nnc_model_free(m);
  }
  fflush(stderr);
  cr_assert_stderr_eq_str(
      "UserWarning: Skipping variable loading for optimizer 'adam', because it has 2 variables "
      "whereas the saved optimizer has 20 variables. \n"
      "UserWarning: Skipping variable loading for optimizer 'rm_sprop', because it has 2 "
      "variables whereas the saved optimizer has 20 variables. \n"
      "UserWarning: Skipping variable loading for optimizer 'nadam', because it has 2 "
      "variables whereas the saved optimizer has 15 variables. \n");
}

/* The model of opt_NAME.keras built by hand and not compiled. */
static nnc_model *uncompiled(void) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 3), NNC_OK);
  cr_assert_eq(nnc_model_add_layer_config(m, "Dense", "{\"units\": 4, \"activation\": \"tanh\"}"),
               NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_add_layer_config(m, "BatchNormalization", NULL), NNC_OK, "%s",
               nnc_last_error());
  cr_assert_eq(nnc_model_add_layer_config(m, "Dense", "{\"units\": 2}"), NNC_OK, "%s",
               nnc_last_error());
  return m;
}

/* Keras 3.15.1 (a probe of the same shapes, KERAS_BACKEND=jax): save_weights of a model not
 * compiled writes no "optimizer" group, and load_weights into one ignores a file's optimizer
 * variables, silently; a compiled model loading a file without them warns
 *   UserWarning: Skipping variable loading for optimizer 'adam', because it has 2 variables
 *   whereas the saved optimizer has 0 variables.
 * A compiled model's file holds the iteration and the rate from compile on. */
Test(optimizer_vars, a_model_not_compiled_has_and_reads_no_optimizer_variables,
     .init = cr_redirect_stderr) {
  if (!have_h5py())
    cr_skip_test("Debian's python3-h5py is absent (scripts/setup.sh installs it)");
  nnc_model *m = uncompiled();
  cr_assert_eq(nnc_model_load_weights(m, fixture_file("amsgrad", ".weights.h5")), NNC_OK, "%s",
               nnc_last_error());
  const char *plain = test_path("plain.weights.h5"), *fresh = test_path("fresh.weights.h5");
  cr_assert_eq(nnc_model_save_weights(m, plain), NNC_OK, "%s", nnc_last_error());
  nnc_model *a = load_fixture("amsgrad");
  TestWeights want = test_weights(a), got = test_weights(m);
  cr_assert_eq(test_weights_apart(&got, want.v, want.n), 0.0, "the layers are loaded");
  nnc_compile_options c = a->copt;
  cr_assert_eq(nnc_model_compile(a, &c), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_save_weights(a, fresh), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_load_weights(a, plain), NNC_OK, "%s", nnc_last_error());
  char code[512];
  snprintf(code, sizeof code, "print('optimizer' in f('%s'), sorted(f('%s')['optimizer/vars']))",
           plain, fresh);
  char *out = python_h5(code);
  cr_assert_str_eq(out, "False ['0', '1']\n");
  free(out);
  nnc_model_free(a);
  nnc_model_free(m);
  fflush(stderr);
  cr_assert_stderr_eq_str("UserWarning: Skipping variable loading for optimizer 'adam', because "
                          "it has 2 variables whereas the saved optimizer has 0 variables. \n");
}

/* Keras 3.15.1, load_weights of opt_amsgrad.weights.h5 with optimizer/vars/2 rewritten to
 * shape (4, 3), into a model whose optimizer is built, raises ValueError "A total of 1
 * objects could not be loaded. Example error message for object <...Adam ...>: The shape of
 * the target variable and the shape of the target value in `variable.assign(value)` must
 * match. variable.shape=(3, 4), Received: value.shape=(4, 3). ..." (after loading the
 * layers); nnc refuses the file with that sentence before anything changes. */
Test(optimizer_vars, load_weights_refuses_another_shape_changing_nothing) {
  if (!have_h5py())
    cr_skip_test("Debian's python3-h5py is absent (scripts/setup.sh installs it)");
  const char *p = test_path("shape.weights.h5");
  char code[1024];
  snprintf(code, sizeof code, "import shutil\nshutil.copy('%s', '%s')\n"
           "g = h5py.File('%s', 'r+')\ndel g['optimizer/vars/2']\n"
           "g['optimizer/vars/2'] = np.zeros((4, 3), 'f4')\ng.close()",
           fixture_file("amsgrad", ".weights.h5"), p, p);
  free(python_h5(code));
  nnc_model *m = load_fixture("amsgrad");
  test_opt_epoch(m);
  TestWeights before = test_weights(m);
  cr_assert_eq(nnc_model_load_weights(m, p), NNC_ERR_SHAPE);
  char want[1024];
  snprintf(want, sizeof want, "%s: optimizer/vars/2: The shape of the target variable and the "
           "shape of the target value in `variable.assign(value)` must match. "
           "variable.shape=(3, 4), Received: value.shape=(4, 3) (the optimizer's "
           "dense_4/kernel/m)", p);
  cr_assert_str_eq(nnc_last_error(), want);
  TestWeights after = test_weights(m);
  cr_assert_eq(test_weights_apart(&after, before.v, before.n), 0.0);
  cr_assert_eq(nnc_model_iterations(m), 9);
  nnc_model_free(m);
}
