/* test_skip_mismatch.c — load_weights(skip_mismatch=True) against Keras 3.15.1: each target
 * model of tests/keras/fixtures (make_keras_skip_mismatch.py: skip_NAME.keras, the target
 * with its own weights) loads skip_src.weights.h5 and skip_src.keras, and must then predict
 * what Keras's did after the same loading (skip_NAME_pred.npy) and warn Keras's words
 * (skip_NAME.txt); files that skip_mismatch does not make loadable change nothing. */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nnc.h"
#include "support.h"
#include "support_files.h"

TestSuite(skip_mismatch, .init = test_dir_make, .fini = test_dir_remove);

static nnc_model *target(const char *name) {
  char file[64];
  snprintf(file, sizeof file, "skip_%s.keras", name);
  nnc_model *m;
  cr_assert_eq(nnc_model_load_keras(test_keras_fixture(file), &m), NNC_OK, "%s",
               nnc_last_error());
  return m;
}

/* m's prediction on x.npy (or skip_x5.npy for a model of five inputs) against want. m is
 * compiled only now: a compiled model's optimizer would warn about the file's lack of
 * optimizer variables, as Keras's does, and Keras's targets were not compiled. */
static void predicts(nnc_model *m, const char *input, const char *want_file, const char *what) {
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *x, *want, *got;
  cr_assert_eq(nnc_tensor_load(test_keras_fixture(input), NNC_F32, &x), NNC_OK, "%s",
               nnc_last_error());
  cr_assert_eq(nnc_tensor_load(test_keras_fixture(want_file), NNC_F32, &want), NNC_OK, "%s",
               nnc_last_error());
  cr_assert_eq(nnc_model_predict(m, x, 32, &got), NNC_OK, "%s", nnc_last_error());
  cr_assert_lt(test_max_diff(got, want), 1e-6, "%s: nnc and Keras predict differently", what);
  nnc_tensor_free(x);
  nnc_tensor_free(want);
  nnc_tensor_free(got);
}

/* Keras's warnings for target `name`, as nnc prints a Python warning, once per source. */
static char *warnings_of(const char *name, int sources) {
  char file[64];
  snprintf(file, sizeof file, "skip_%s.txt", name);
  FILE *f = fopen(test_keras_fixture(file), "r");
  cr_assert(f, "%s", file);
  char *text = test_slurp(f);
  fclose(f);
  size_t n = strlen(text);
  char *all = calloc((size_t)sources * (n + 16) + 1, 1);
  for (int i = 0; i < sources && n; i++)
    strcat(strcat(all, "UserWarning: "), text);
  free(text);
  return all;
}

/* Target `name` loads each of Keras's two files with skip_mismatch and predicts as Keras's. */
static void loads_as_keras(const char *name, const char *input) {
  const char *sources[] = {"skip_src.weights.h5", "skip_src.keras"};
  char pred[64];
  snprintf(pred, sizeof pred, "skip_%s_pred.npy", name);
  for (int k = 0; k < 2; k++) {
    nnc_model *m = target(name);
    cr_assert_eq(nnc_model_load_weights_with(m, test_keras_fixture(sources[k]), 1), NNC_OK,
                 "%s from %s: %s", name, sources[k], nnc_last_error());
    predicts(m, input, pred, sources[k]);
    nnc_model_free(m);
  }
  fflush(stderr);
  char *want = warnings_of(name, 2);
  cr_assert_stderr_eq_str(want);
  free(want);
}

/* The second layer's kernel is (4, 5): it keeps its own weights; the warning shows them. */
Test(skip_mismatch, a_layer_of_another_shape_keeps_its_weights, .init = cr_redirect_stderr) {
  loads_as_keras("shape", "x.npy");
}

/* The second layer has no bias: one variable where the file has two, so it takes none. */
Test(skip_mismatch, a_layer_of_another_variable_count_takes_none, .init = cr_redirect_stderr) {
  loads_as_keras("count", "x.npy");
}

/* The first layer's kernel is (5, 4): it is skipped and the second loads. */
Test(skip_mismatch, the_layers_after_a_skipped_one_load, .init = cr_redirect_stderr) {
  loads_as_keras("input", "skip_x5.npy");
}

/* Neither layer fits: "A total of 2 objects", the first one's error, both listed. */
Test(skip_mismatch, every_layer_skipped_is_listed, .init = cr_redirect_stderr) {
  loads_as_keras("both", "skip_x5.npy");
}

/* A layer the file lacks receives 0 variables; the others load. */
Test(skip_mismatch, a_layer_the_file_lacks_is_skipped, .init = cr_redirect_stderr) {
  loads_as_keras("extra", "x.npy");
}

/* The file's layer the model lacks is ignored, silently, as Keras ignores it. */
Test(skip_mismatch, a_layer_the_model_lacks_is_ignored, .init = cr_redirect_stderr) {
  loads_as_keras("fewer", "x.npy");
}

/* Without skip_mismatch the same file is refused, the weights untouched (as before). */
Test(skip_mismatch, without_it_a_mismatch_changes_nothing) {
  nnc_model *m = target("shape");
  nnc_status s = nnc_model_load_weights(m, test_keras_fixture("skip_src.keras"));
  cr_assert_eq(s, NNC_ERR_SHAPE, "%s", nnc_last_error());
  cr_expect(strstr(nnc_last_error(), "skip_src.keras[model.weights.h5]: tensor "
                   "'layers/dense_1/vars/0': expected f32[4,5], found f32[4,2]"), "%s",
            nnc_last_error());
  nnc_model *same = target("shape");
  for (int i = 0; i < 2; i++) {
    cr_assert_eq(test_max_diff(nnc_model_kernel(m, i), nnc_model_kernel(same, i)), 0);
    cr_assert_eq(test_max_diff(nnc_model_bias(m, i), nnc_model_bias(same, i)), 0);
  }
  nnc_model_free(same);
  nnc_model_free(m);
}

/* nnc's own safetensors files match by name, all or nothing: skip_mismatch is refused. */
Test(skip_mismatch, nnc_s_own_files_are_refused_by_name) {
  nnc_model *m = target("fewer");
  const char *path = test_path("w.safetensors");
  cr_assert_eq(nnc_model_save_weights(m, path), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_load_weights_with(m, path, 1), NNC_ERR_ARG);
  cr_expect(strstr(nnc_last_error(), "w.safetensors: skip_mismatch loads Keras's files only "
                   "('.weights.h5', '.keras')"), "%s", nnc_last_error());
  cr_assert_eq(nnc_model_load_weights_with(m, path, 0), NNC_OK, "%s", nnc_last_error());
  nnc_model_free(m);
}
