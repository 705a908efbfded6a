/* test_legacy_h5_optimizer.c — the optimizer's variables in Keras's legacy whole-model .h5
 * file (the group "optimizer_weights", legacy_h5_format.py's
 * save_optimizer_weights_to_hdf5_group and load_model_from_hdf5).
 *
 * tests/keras/fixtures/h5_NAME.h5 are models Keras 3.15.1 (JAX) trained two epochs and saved
 * with model.save("h5_NAME.h5"); h5_NAME_next.npy their weights after one more epoch in Keras,
 * h5_NAME_fresh.npy after one epoch from the loaded file compiled anew
 * (make_keras_legacy_optimizers.py). Loading one in nnc and fitting an epoch must give
 * Keras's next weights, which needs every slot, the rate and the iteration count restored.
 * nnc's own file of the loaded model must hold what Keras's holds (names, order, dtypes,
 * shapes, values: compared with h5py); include_optimizer=False writes none; a dataset that
 * weight_names lists and the file lacks is refused naming both, and one of another shape is
 * warned about in Keras's words. */
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

TestSuite(legacy_h5_optimizer, .init = test_dir_make, .fini = test_dir_remove);

/* make_keras_legacy_optimizers.py's models: Sequential ones, and a functional one. */
static const char *const names[] = {"adam", "sgd", "rmsprop", "nadam", "fun_adam"};
enum { NNAMES = sizeof names / sizeof *names };

static const char *fixture(const char *name, const char *suffix) {
  static char file[64];
  snprintf(file, sizeof file, "h5_%s%s", name, suffix);
  return test_keras_fixture(file);
}

static nnc_model *load_fixture(const char *name) {
  nnc_model *m;
  cr_assert_eq(nnc_model_load_keras(fixture(name, ".h5"), &m), NNC_OK, "%s: %s", name,
               nnc_last_error());
  return m;
}

/* Keras's numbers: h5_NAME_next.npy, the weights after Keras's third epoch; the fresh start's
 * (h5_NAME_fresh.npy) are far from them, so only the restored state reaches them. */
Test(legacy_h5_optimizer, keras_files_continue_training_as_keras_does,
     .init = cr_redirect_stderr) {
  for (int k = 0; k < NNAMES; k++) {
    nnc_model *m = load_fixture(names[k]);
    cr_assert_eq(nnc_model_iterations(m), 6, "%s: two epochs of three batches", names[k]);
    test_opt_epoch(m);
    double d = test_weights_diff(m, fixture(names[k], "_next.npy"));
    cr_assert_leq(d, 1e-5, "%s: nnc's epoch after loading differs from Keras's by %g",
                  names[k], d);
    cr_assert_gt(test_weights_diff(m, fixture(names[k], "_fresh.npy")), 1e-4, "%s", names[k]);
    nnc_model_free(m);
  }
  fflush(stderr);
  cr_assert_stderr_eq_str("", "no warning");
}

static bool have_h5py(void) {
  return system("/usr/bin/python3 -c 'import h5py' 2>/dev/null") == 0;
}

/* Debian's python3 with h5py and numpy: the output of code (which ends with a newline). */
static char *python(const char *code) {
  static char cmd[8192], out[4096];
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c \"import h5py, numpy as np\n%s\" 2>&1", code);
  FILE *p = popen(cmd, "r");
  cr_assert(p);
  size_t n = fread(out, 1, sizeof out - 1, p);
  out[n] = 0;
  cr_assert_eq(pclose(p), 0, "python failed: %s", out);
  return out;
}

/* Every name, dtype, shape and value of optimizer_weights in Keras's file (a) and nnc's (b),
 * Keras's optimizer name `kname` read as nnc's `nname` (Keras numbers a second Adam of one
 * process "adam_1"; nnc names the optimizer as a fresh process does). */
static const char *compare_code(const char *a, const char *b, const char *kname,
                                const char *nname) {
  static char code[4096];
  snprintf(code, sizeof code,
           "a = h5py.File('%s', 'r')['optimizer_weights']\n"
           "b = h5py.File('%s', 'r')['optimizer_weights']\n"
           "na = [n.replace('%s/', '%s/', 1) for n in a.attrs['weight_names']]\n"
           "nb = list(b.attrs['weight_names'])\n"
           "print(na == nb, len(nb), nb[:3], nb[-1])\n"
           "ka = list(a.attrs['weight_names'])\n"
           "ty = lambda g: g.attrs.get_id('weight_names').get_type()\n"
           "print(ty(a).is_variable_str(), ty(a).get_cset(), ty(b).is_variable_str(), "
           "ty(b).get_cset())\n"
           "same = all(a[x].dtype == b[y].dtype and a[x].shape == b[y].shape and "
           "np.array_equal(a[x][()], b[y][()]) for x, y in zip(ka, nb))\n"
           "print(same, b[nb[0]].dtype, b[nb[0]][()], b.attrs['weight_names'].dtype)\n"
           "sa, sb = [], []\n"
           "a.visit(lambda n: sa.append(n.replace('%s', '%s', 1)))\n"
           "b.visit(sb.append)\n"
           "print(sa == sb)\n"
           "import json\n"
           "tc = lambda g: json.loads(g.file.attrs['training_config'])['optimizer_config']"
           "['config']['name']\n"
           "print(tc(a).replace('%s', '%s') == tc(b), tc(b))\n",
           a, b, kname, nname, kname, nname, kname, nname);
  return code;
}

Test(legacy_h5_optimizer, nnc_writes_the_optimizer_weights_keras_wrote) {
  if (!have_h5py())
    cr_skip_test("Debian's python3-h5py is absent (scripts/setup.sh installs it)");
  static const char *const want[NNAMES] = {
      "True 14 ['adam/iteration', 'adam/learning_rate', 'adam/sequential_dense_kernel_momentum'] "
      "adam/sequential_dense_1_bias_velocity\n",
      "True 8 ['sgd/iteration', 'sgd/learning_rate', 'sgd/sequential_1_dense_2_kernel_momentum'] "
      "sgd/sequential_1_dense_3_bias_momentum\n",
      "True 20 ['rm_sprop/iteration', 'rm_sprop/learning_rate', "
      "'rm_sprop/sequential_2_dense_4_kernel_velocity'] "
      "rm_sprop/sequential_2_dense_5_bias_average_gradient\n",
      "True 15 ['nadam/iteration', 'nadam/learning_rate', "
      "'nadam/sequential_3_dense_6_kernel_momentum'] variable\n",
      "True 14 ['adam/iteration', 'adam/learning_rate', 'adam/dense_8_kernel_momentum'] "
      "adam/dense_9_bias_velocity\n"};
  /* training_config's optimizer name, which Keras's paths begin with */
  static const char *const optimizer[NNAMES] = {"adam", "sgd", "rm_sprop", "nadam", "adam"};
  for (int k = 0; k < NNAMES; k++) {
    nnc_model *m = load_fixture(names[k]);
    const char *p = test_path("nnc.h5");
    cr_assert_eq(nnc_model_save_keras(m, p), NNC_OK, "%s", nnc_last_error());
    const char *kname = k == NNAMES - 1 ? "adam_1" : "adam";
    char *out = python(compare_code(fixture(names[k], ".h5"), p, kname, "adam"));
    char expect[1024];
    snprintf(expect, sizeof expect, "%sTrue 0 True 0\nTrue int32 6 object\nTrue\nTrue %s\n",
             want[k], optimizer[k]);
    cr_assert_str_eq(out, expect, "%s", names[k]);
    nnc_model_free(m);
  }
}

/* Saving the continued model and loading it gives what training on without a save gives,
 * bit for bit: the file holds every variable the next epoch reads. */
Test(legacy_h5_optimizer, continuing_from_nnc_s_file_equals_training_on) {
  for (int k = 0; k < NNAMES; k++) {
    nnc_model *a = load_fixture(names[k]), *back;
    test_opt_epoch(a);
    const char *p = test_path("next.h5");
    cr_assert_eq(nnc_model_save_keras(a, p), NNC_OK, "%s", nnc_last_error());
    cr_assert_eq(nnc_model_load_keras(p, &back), NNC_OK, "%s", nnc_last_error());
    cr_assert_eq(nnc_model_iterations(back), 9);
    test_opt_epoch(a);
    test_opt_epoch(back);
    TestWeights fa = test_weights(a), fb = test_weights(back);
    cr_assert_eq(fa.n, fb.n);
    cr_assert_eq(memcmp(fa.v, fb.v, (size_t)fa.n * sizeof *fa.v), 0, "%s", names[k]);
    nnc_model_free(a);
    nnc_model_free(back);
  }
}

/* model.save("m.h5", include_optimizer=False): no optimizer_weights, and the model loads
 * compiled with a fresh optimizer, as in Keras. */
Test(legacy_h5_optimizer, include_optimizer_false_writes_none) {
  nnc_model *m = load_fixture("adam"), *back;
  const char *p = test_path("bare.h5");
  cr_assert_eq(nnc_model_save_keras_with(m, p, 0), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_load_keras(p, &back), NNC_OK, "%s", nnc_last_error());
  cr_assert(back->compiled);
  cr_assert_eq(nnc_model_iterations(back), 0);
  if (have_h5py()) {
    char code[600];
    snprintf(code, sizeof code, "f = h5py.File('%s', 'r')\nprint(sorted(f))", p);
    cr_assert_str_eq(python(code), "['model_weights']\n");
  }
  nnc_model_free(back);
  nnc_model_free(m);
}

/* The fixture h5_adam.h5 rewritten by h5py's code (which sees the file as f). */
static const char *rewritten(const char *name, const char *code) {
  const char *p = test_path(name);
  char py[2048];
  snprintf(py, sizeof py, "import shutil\nshutil.copy('%s', '%s')\nf = h5py.File('%s', 'r+')\n"
           "g = f['optimizer_weights']\n%s\nf.close()\nprint('ok')",
           fixture("adam", ".h5"), p, p, code);
  cr_assert_str_eq(python(py), "ok\n");
  return p;
}

/* Keras 3.15.1's load_model on these files (KERAS_BACKEND=jax): a listed dataset deleted
 * raises KeyError('sequential_dense_bias_velocity'); an iteration of shape (2,) logs
 *   WARNING:absl:Error in loading the saved optimizer state. As a result, your model is
 *   starting with a freshly initialized optimizer.
 * and loads the model with optimizer.iterations 0. */
Test(legacy_h5_optimizer, a_missing_dataset_is_refused_and_another_shape_warned_about,
     .init = cr_redirect_stderr) {
  if (!have_h5py())
    cr_skip_test("Debian's python3-h5py is absent (scripts/setup.sh installs it)");
  nnc_model *m = (nnc_model *)1;
  const char *p = rewritten("gone.h5", "del g['adam/sequential_dense_bias_velocity']");
  cr_assert_eq(nnc_model_load_keras(p, &m), NNC_ERR_CORRUPT);
  cr_assert_null(m);
  char want[600];
  snprintf(want, sizeof want, "%s: optimizer_weights: no dataset "
           "'adam/sequential_dense_bias_velocity', which its weight_names lists", p);
  cr_assert_str_eq(nnc_last_error(), want);
  p = rewritten("shape.h5", "del g['adam/iteration']\n"
                "g['adam/iteration'] = np.array([6, 6], 'int32')");
  cr_assert_eq(nnc_model_load_keras(p, &m), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_iterations(m), 0);
  fflush(stderr);
  cr_assert_stderr_eq_str("WARNING:absl:Error in loading the saved optimizer state. As a "
                          "result, your model is starting with a freshly initialized "
                          "optimizer.\n");
  nnc_model_free(m);
}

/* Keras 3.15.1 on h5_adam.h5 with weight_names cut to ['adam/iteration'] loads
 * optimizer.iterations 6 and nothing else; with no weight_names, nothing (iterations 0);
 * weight_names0, weight_names1, ... are one list. */
Test(legacy_h5_optimizer, weight_names_say_which_variables_load) {
  if (!have_h5py())
    cr_skip_test("Debian's python3-h5py is absent (scripts/setup.sh installs it)");
  nnc_model *m;
  const char *p = rewritten("short.h5", "g.attrs['weight_names'] = [b'adam/iteration']");
  cr_assert_eq(nnc_model_load_keras(p, &m), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_iterations(m), 6);
  const nnc_tensor *mom = keras_state(m, "dense/kernel/m");
  cr_assert_not_null(mom);
  cr_assert_eq(rt_tensor_get(mom, 0), 0.0, "the momentum is not in weight_names: not loaded");
  nnc_model_free(m);
  p = rewritten("none.h5", "del g.attrs['weight_names']");
  cr_assert_eq(nnc_model_load_keras(p, &m), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_iterations(m), 0);
  nnc_model_free(m);
  /* a long list in Keras's chunks (save_attributes_to_hdf5_group past 64 KB), which its
   * load_attributes_from_hdf5_group joins */
  p = rewritten("chunks.h5", "n = [x.encode() for x in g.attrs['weight_names']]\n"
                "del g.attrs['weight_names']\n"
                "g.attrs['weight_names0'] = n[:7]\ng.attrs['weight_names1'] = n[7:]");
  cr_assert_eq(nnc_model_load_keras(p, &m), NNC_OK, "%s", nnc_last_error());
  test_opt_epoch(m);
  double d = test_weights_diff(m, fixture("adam", "_next.npy"));
  cr_assert_leq(d, 1e-5, "%g", d);
  nnc_model_free(m);
}
