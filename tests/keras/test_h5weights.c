/* test_h5weights.c — weights in Keras 3's .weights.h5 layout: files Keras wrote
 * (tests/keras/fixtures, made by make_keras_weights.py) load and predict what Keras
 * predicted; nnc's own files round-trip and have Keras's groups, datasets and name
 * attributes as h5py reads them; other names and broken files are refused, the weights
 * left as they were. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "keras.h"
#include "support.h"
#include "support_files.h"

TestSuite(h5weights, .init = test_dir_make, .fini = test_dir_remove);

static void compile(nnc_model *m) {
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
}

/* Keras's seq: Sequential 3 -> Dense(2, relu) -> Dense(1, sigmoid). */
static nnc_model *seq_model(uint64_t seed) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  nnc_model_set_seed(m, seed);
  cr_assert_eq(nnc_model_add_input(m, 3), NNC_OK);
  nnc_dense_options d = nnc_dense(2, NNC_ACT_RELU);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  d = nnc_dense(1, NNC_ACT_SIGMOID);
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  compile(m);
  return m;
}

/* Keras's fun: Input(3) -> Dense(4, tanh, name "hid") -> Dense(2, softmax, no bias). */
static nnc_model *fun_model(void) {
  nnc_model *m;
  int x, h, y;
  int64_t shape[1] = {3};
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_input(m, 1, shape, NULL, &x), NNC_OK);
  nnc_dense_options d = nnc_dense(4, NNC_ACT_TANH);
  d.name = "hid";
  cr_assert_eq(nnc_model_dense(m, x, &d, &h), NNC_OK);
  d = nnc_dense(2, NNC_ACT_SOFTMAX);
  d.use_bias = 0;
  cr_assert_eq(nnc_model_dense(m, h, &d, &y), NNC_OK);
  compile(m);
  return m;
}

/* Loads fixture NAME.weights.h5 into m and compares predict on x.npy with NAME_pred.npy. */
static void predicts_as_keras(nnc_model *m, const char *name) {
  char file[64];
  snprintf(file, sizeof file, "%s.weights.h5", name);
  cr_assert_eq(nnc_model_load_weights(m, test_keras_fixture(file)), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *x, *want, *got;
  snprintf(file, sizeof file, "%s_pred.npy", name);
  cr_assert_eq(nnc_tensor_load(test_keras_fixture("x.npy"), NNC_F32, &x), NNC_OK, "%s",
               nnc_last_error());
  cr_assert_eq(nnc_tensor_load(test_keras_fixture(file), NNC_F32, &want), NNC_OK, "%s",
               nnc_last_error());
  cr_assert_eq(nnc_model_predict(m, x, 32, &got), NNC_OK, "%s", nnc_last_error());
  cr_assert_lt(test_max_diff(got, want), 1e-6, "%s: nnc and Keras predict differently", name);
  nnc_tensor_free(x);
  nnc_tensor_free(want);
  nnc_tensor_free(got);
}

Test(h5weights, keras_sequential_file_with_optimizer_state_loads) {
  nnc_model *m = seq_model(1);
  predicts_as_keras(m, "seq");
  nnc_model_free(m);
}

Test(h5weights, keras_functional_file_finds_layers_by_class_not_name) {
  nnc_model *m = fun_model();
  predicts_as_keras(m, "fun");
  /* the model file's path works too: load_weights in a model file is load_checkpoint */
  nnc_model *m2 = fun_model();
  cr_assert_eq(nnc_model_load_checkpoint(m2, test_keras_fixture("fun.weights.h5")), NNC_OK, "%s",
               nnc_last_error());
  cr_assert_eq(test_max_diff(nnc_model_kernel(m, 1), nnc_model_kernel(m2, 1)), 0);
  nnc_model_free(m);
  nnc_model_free(m2);
}

/* Runs python code on the file at path with Debian's h5py; its stdout must equal want. */
static void h5py_prints(const char *path, const char *code, const char *want) {
  if (system("/usr/bin/python3 -c 'import h5py' 2>/dev/null") != 0)
    cr_skip_test("Debian's python3-h5py is absent (scripts/setup.sh installs it)");
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c \"import h5py\nf = h5py.File('%s', 'r')\n%s\"",
           path, code);
  FILE *p = popen(cmd, "r");
  cr_assert_not_null(p);
  char out[2048] = "";
  size_t n = fread(out, 1, sizeof out - 1, p);
  out[n] = 0;
  cr_assert_eq(pclose(p), 0, "h5py failed on %s", path);
  cr_assert_str_eq(out, want);
}

/* Every object with its type, shape, dtype and attributes, as Keras's own files list them. */
static const char *const listing =
    "def show(name, o):\n"
    "    kind = 'group' if isinstance(o, h5py.Group) else f'{o.shape} {o.dtype}'\n"
    "    print(name, kind, dict(o.attrs))\n"
    "f.visititems(show)";

/* fun_model is compiled (RMSprop) and not trained: Keras 3.15.1's save_weights of such a
 * model (h5py's listing, KERAS_BACKEND=jax) also holds "optimizer" and "optimizer/vars"
 * {'name': 'rm_sprop'} with the iteration "0" () int32 and the rate "1" () float32. */
Test(h5weights, saved_file_has_keras_layout) {
  nnc_model *m = fun_model();
  const char *p = test_path("m.weights.h5");
  cr_assert_eq(nnc_model_save_weights(m, p), NNC_OK, "%s", nnc_last_error());
  h5py_prints(p, listing,
              "layers group {}\n"
              "layers/dense group {}\n"
              "layers/dense/vars group {'name': 'hid'}\n"
              "layers/dense/vars/0 (3, 4) float32 {}\n"
              "layers/dense/vars/1 (4,) float32 {}\n"
              "layers/dense_1 group {}\n"
              "layers/dense_1/vars group {'name': 'dense'}\n"
              "layers/dense_1/vars/0 (4, 2) float32 {}\n"
              "layers/input_layer group {}\n"
              "layers/input_layer/vars group {'name': 'input_layer'}\n"
              "optimizer group {}\n"
              "optimizer/vars group {'name': 'rm_sprop'}\n"
              "optimizer/vars/0 () int32 {}\n"
              "optimizer/vars/1 () float32 {}\n"
              "vars group {'name': 'functional'}\n");
  h5py_prints(p, "print(f['layers/dense/vars/0'][2, 1] == f['layers/dense/vars/0'][()][2][1])",
              "True\n");
  nnc_model_free(m);
}

Test(h5weights, sequential_round_trip_and_values_as_h5py_reads_them) {
  nnc_model *a = seq_model(1), *b = seq_model(2);
  const char *p = test_path("w.weights.h5");
  cr_assert_eq(nnc_model_save_weights(a, p), NNC_OK, "%s", nnc_last_error());
  h5py_prints(p, "print(sorted(f['layers'].keys()), f['vars'].attrs['name'])",
              "['dense', 'dense_1'] sequential\n");
  /* the bytes h5py reads are the model's own */
  const nnc_tensor *k = nnc_model_kernel(a, 1);
  char want[64] = "";
  for (int i = 0; i < 8; i++)
    snprintf(want + 2 * i, 3, "%02x", ((const unsigned char *)k->data)[i]);
  strcat(want, "\n");
  h5py_prints(p, "print(f['layers/dense_1/vars/0'][()].tobytes().hex())", want);
  cr_assert_gt(test_max_diff(nnc_model_kernel(a, 0), nnc_model_kernel(b, 0)), 0);
  cr_assert_eq(nnc_model_load_weights(b, p), NNC_OK, "%s", nnc_last_error());
  for (int i = 0; i < 2; i++) {
    cr_assert_eq(test_max_diff(nnc_model_kernel(a, i), nnc_model_kernel(b, i)), 0);
    cr_assert_eq(test_max_diff(nnc_model_bias(a, i), nnc_model_bias(b, i)), 0);
  }
  nnc_model_free(a);
  nnc_model_free(b);
}

Test(h5weights, other_names_are_refused) {
  nnc_model *m = seq_model(1);
  TEST_EXPECT(nnc_model_save_weights(m, test_path("w.h5")), NNC_ERR_ARG,
              "w.h5: the name promises HDF5 (the name must end in '.weights.h5'");
  TEST_EXPECT(nnc_model_save_weights(m, test_path("m.keras")), NNC_ERR_ARG,
              "m.keras: the name promises a Keras zip archive");
  TEST_EXPECT(nnc_model_save_weights(m, test_path("w.npy")), NNC_ERR_ARG, "promises .npy");
  TEST_EXPECT(nnc_model_save_weights(m, test_path("w.pt")), NNC_ERR_ARG, "promises PyTorch");
  TEST_EXPECT(nnc_model_save_weights(m, test_path("w.bin")), NNC_ERR_ARG, "unknown weights file");
  cr_assert_null(fopen(test_path("w.h5"), "rb"), "a refused save wrote a file");
  nnc_model_free(m);
}

/* load_weights reads a .keras archive's model.weights.h5, as Keras's load_weights does. */
Test(h5weights, an_archive_s_weights_load) {
  nnc_model *a = seq_model(1), *b = seq_model(2);
  cr_assert_eq(nnc_model_save_keras(a, test_path("a.keras")), NNC_OK, "%s", nnc_last_error());
  cr_assert_gt(test_max_diff(nnc_model_kernel(a, 0), nnc_model_kernel(b, 0)), 0);
  cr_assert_eq(nnc_model_load_weights(b, test_path("a.keras")), NNC_OK, "%s", nnc_last_error());
  for (int i = 0; i < 2; i++) {
    cr_assert_eq(test_max_diff(nnc_model_kernel(a, i), nnc_model_kernel(b, i)), 0);
    cr_assert_eq(test_max_diff(nnc_model_bias(a, i), nnc_model_bias(b, i)), 0);
  }
  TEST_EXPECT(nnc_model_load_weights(b, test_write_text("t.keras", "not zip\n")), NNC_ERR_CORRUPT,
              "t.keras");
  nnc_model_free(a);
  nnc_model_free(b);
}

Test(h5weights, mismatches_and_broken_files_change_nothing) {
  nnc_model *m = seq_model(3), *f = fun_model();
  nnc_tensor *k0;
  cr_assert_eq(rt_tensor_copy(nnc_model_kernel(m, 0), &k0), NNC_OK);
  TEST_EXPECT(nnc_model_load_weights(m, test_keras_fixture("fun.weights.h5")), NNC_ERR_SHAPE,
              "fun.weights.h5: tensor 'layers/dense/vars/0': expected f32[3,2], found f32[3,4]");
  TEST_EXPECT(nnc_model_load_weights(f, test_keras_fixture("seq.weights.h5")), NNC_ERR_SHAPE,
              "tensor 'layers/dense/vars/0'");
  TEST_EXPECT(nnc_model_load_weights(m, test_write_text("t.weights.h5", "not hdf5\n")),
              NNC_ERR_CORRUPT, "t.weights.h5: not an HDF5 file");
  TEST_EXPECT(nnc_model_load_weights(m, test_path("absent.weights.h5")), NNC_ERR_IO,
              "absent.weights.h5");
  /* a Keras file cut in half: libhdf5's own complaint, no crash */
  FILE *in = fopen(test_keras_fixture("seq.weights.h5"), "rb");
  static unsigned char half[8192];
  size_t n = fread(half, 1, sizeof half, in);
  fclose(in);
  nnc_status s = nnc_model_load_weights(m, test_write("cut.weights.h5", half, n));
  cr_assert_neq(s, NNC_OK);
  cr_assert(strstr(nnc_last_error(), "cut.weights.h5"), "%s", nnc_last_error());
  cr_assert_eq(test_max_diff(nnc_model_kernel(m, 0), k0), 0, "a failed load changed the weights");
  const char *dir = test_path("dir.weights.h5"); /* a directory: refused, nothing written */
  cr_assert_eq(mkdir(dir, 0700), 0);
  TEST_EXPECT(nnc_model_save_weights(m, dir), NNC_ERR_IO,
              "dir.weights.h5: cannot write: Is a directory");
  nnc_tensor_free(k0);
  nnc_model_free(m);
  nnc_model_free(f);
}

Test(h5weights, missing_layer_is_named) {
  nnc_model *m = seq_model(1);
  const char *p = test_path("short.weights.h5");
  cr_assert_eq(nnc_model_save_weights(m, p), NNC_OK);
  /* a model with one Dense layer more than the file has */
  nnc_model *big;
  cr_assert_eq(nnc_model_new(&big), NNC_OK);
  cr_assert_eq(nnc_model_add_input(big, 3), NNC_OK);
  nnc_dense_options d = nnc_dense(2, NNC_ACT_RELU);
  cr_assert_eq(nnc_model_add_dense(big, &d), NNC_OK);
  d = nnc_dense(1, NNC_ACT_SIGMOID);
  cr_assert_eq(nnc_model_add_dense(big, &d), NNC_OK);
  cr_assert_eq(nnc_model_add_dense(big, &d), NNC_OK);
  compile(big);
  TEST_EXPECT(nnc_model_load_weights(big, p), NNC_ERR_CORRUPT,
              "tensor 'layers/dense_2/vars/0' is missing (expected f32[1,1])");
  nnc_model_free(m);
  nnc_model_free(big);
}
