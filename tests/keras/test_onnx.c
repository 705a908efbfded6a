/* test_onnx.c — ONNX export checked by the real tools: every exported model passes Debian's
 * onnx.checker.check_model (full_check, shape inference included), and ONNX Runtime
 * (npm onnxruntime-node, installed by scripts/fetch-onnxruntime.sh, run by onnx_run.js)
 * predicts what nnc_model_predict predicts within 1e-5, at two batch sizes (the batch
 * dimension is symbolic). The models cover every activation with an ONNX form and every
 * layer kind; what has none is refused by name. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keras.h"
#include "support.h"
#include "support_files.h"

TestSuite(onnx, .init = test_dir_make, .fini = test_dir_remove);

/* The node_modules directory holding onnxruntime-node, fetched once per process. */
static const char *ort_modules(void) {
  static char dir[1024];
  if (dir[0])
    return dir;
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "bash %s/../scripts/fetch-onnxruntime.sh 2>/dev/null", NNC_TEST_DATA);
  FILE *p = popen(cmd, "r");
  cr_assert_not_null(p);
  bool got = fgets(dir, sizeof dir, p) != NULL;
  int rc = pclose(p);
  if (!got || rc != 0)
    cr_skip_test("onnxruntime-node is not available (scripts/fetch-onnxruntime.sh failed)");
  dir[strcspn(dir, "\n")] = 0;
  return dir;
}

static void run(const char *cmd, const char *what) {
  cr_assert_eq(system(cmd), 0, "%s failed: %s", what, cmd);
}

static void check_model(const char *onnx) {
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c \"import onnx\n"
           "m = onnx.load('%s')\nonnx.checker.check_model(m, full_check=True)\n"
           "assert m.opset_import[0].version >= 17\n"
           "assert m.graph.input[0].type.tensor_type.shape.dim[0].dim_param == 'batch'\"", onnx);
  run(cmd, "onnx.checker.check_model");
}

static nnc_tensor *inputs(int64_t n, int64_t in, nnc_dtype dt) {
  int64_t s[2] = {n, in};
  nnc_tensor *x;
  cr_assert_eq(nnc_tensor_new(dt, 2, s, &x), NNC_OK);
  for (int64_t i = 0; i < n * in; i++)
    rt_tensor_set(x, i, sin((double)i * 0.7) * 2.0);
  return x;
}

/* Exports m, checks the file, runs it in ONNX Runtime on n samples; the largest difference
 * from nnc's predictions. */
static double export_and_compare(nnc_model *m, int64_t n, nnc_dtype dt) {
  const char *onnx = test_path("m.onnx");
  cr_assert_eq(nnc_model_export_onnx(m, onnx), NNC_OK, "%s", nnc_last_error());
  check_model(onnx);
  nnc_tensor *x = inputs(n, m->features, dt), *want, *got;
  Shape in = keras_input_shape(m); /* x as [n, ...one sample's shape] */
  x->rank = in.rank + 1;
  memcpy(x->shape + 1, in.dim, (size_t)in.rank * sizeof *x->shape);
  cr_assert_eq(nnc_model_predict(m, x, 32, &want), NNC_OK, "%s", nnc_last_error());
  const char *xp = test_path("x.npy"), *yp = test_path("y.npy");
  cr_assert_eq(nnc_tensor_save(x, xp), NNC_OK, "%s", nnc_last_error());
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "node %s/keras/onnx_run.js %s %s %s %s", NNC_TEST_DATA, ort_modules(),
           onnx, xp, yp);
  run(cmd, "ONNX Runtime");
  cr_assert_eq(nnc_tensor_load(yp, dt, &got), NNC_OK, "%s", nnc_last_error());
  double d = test_max_diff(got, want);
  nnc_tensor_free(x);
  nnc_tensor_free(want);
  nnc_tensor_free(got);
  return d;
}

static void compile(nnc_model *m, nnc_dtype dt) {
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  c.dtype = dt;
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
}

/* Trains m for `epochs` on x (freed here) against cosines, so its weights and statistics
 * move from where they started. */
static void fit_a_little(nnc_model *m, nnc_tensor *x, int64_t units, int epochs) {
  int64_t ys[2] = {x->shape[0], units};
  nnc_tensor *y;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, &y), NNC_OK);
  for (int64_t i = 0; i < y->numel; i++)
    rt_tensor_set(y, i, cos((double)i));
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  f.epochs = epochs;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  nnc_tensor_free(x);
  nnc_tensor_free(y);
}

/* A Sequential stack, one Dense layer per activation (biases non-zero, so they count). */
static nnc_model *stack(const nnc_activation *acts, int n, nnc_dtype dt, bool bias) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 6), NNC_OK);
  for (int i = 0; i < n; i++) {
    nnc_dense_options d = nnc_dense(i == n - 1 ? 3 : 8, acts[i]);
    d.bias_initializer = NNC_INIT_GLOROT_UNIFORM;
    d.use_bias = bias || i == 0;
    cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK, "%s", nnc_last_error());
  }
  compile(m, dt);
  return m;
}

Test(onnx, every_activation_matches_onnx_runtime) {
  const nnc_activation acts[] = {NNC_ACT_RELU, NNC_ACT_TANH, NNC_ACT_LEAKY_RELU, NNC_ACT_GELU,
                                 NNC_ACT_LINEAR, NNC_ACT_SIGMOID, NNC_ACT_SOFTMAX};
  nnc_model *m = stack(acts, 7, NNC_F32, true);
  double d = export_and_compare(m, 37, NNC_F32);
  cr_assert_leq(d, 1e-5, "ONNX Runtime differs from predict by %g", d);
  fprintf(stderr, "onnx: f32 stack of 7 activations: max |ORT - predict| = %.3g\n", d);
  nnc_model_free(m);
}

Test(onnx, f64_and_no_bias_and_batch_one) {
  const nnc_activation acts[] = {NNC_ACT_SIGMOID, NNC_ACT_RELU, NNC_ACT_SOFTMAX};
  nnc_model *m = stack(acts, 3, NNC_F64, false);
  cr_assert_leq(export_and_compare(m, 1, NNC_F64), 1e-12);
  cr_assert_leq(export_and_compare(m, 5, NNC_F64), 1e-12);
  nnc_model_free(m);
}

/* keras.activations and keras.ops called on Keras tensors (Keras's Gelu, ReLU, Relu and
 * HardSilu operations) export as the Activation layer does. */
Test(onnx, activation_operations) {
  nnc_model *m;
  int x, h, g;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_input(m, 1, (int64_t[]){6}, NULL, &x), NNC_OK);
  nnc_dense_options d = nnc_dense(5, NNC_ACT_LINEAR);
  cr_assert_eq(nnc_model_dense(m, x, &d, &h), NNC_OK);
  cr_assert_eq(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"activation\", "
               "\"activation\": {\"class_name\": \"gelu\", \"config\": {\"approximate\": "
               "true}}}", 1, &h, &g), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"activation\", "
               "\"activation\": \"relu\"}", 1, &g, &h), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"ops_activation\", "
               "\"activation\": \"hard_silu\"}", 1, &h, &g), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"ops_activation\", "
               "\"activation\": \"relu\"}", 1, &g, &h), NNC_OK, "%s", nnc_last_error());
  compile(m, NNC_F32);
  cr_assert_leq(export_and_compare(m, 9, NNC_F32), 1e-5);
  nnc_model_free(m);
}

Test(onnx, approximate_gelu) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 6), NNC_OK);
  nnc_dense_options d = nnc_dense(5, NNC_ACT_GELU);
  d.alpha = 1; /* approximate=True */
  cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK);
  compile(m, NNC_F32);
  cr_assert_leq(export_and_compare(m, 9, NNC_F32), 1e-5);
  nnc_model_free(m);
}

/* One Dense branch per activation (and per set of arguments) from one input, concatenated:
 * every activation with an ONNX form in one file, ONNX Runtime against predict. */
Test(onnx, every_activation_and_its_arguments) {
  static const struct {
    nnc_activation a;
    double args[NNC_ACT_ARGS];
    bool keras_defaults;
  } cases[] = {
      {NNC_ACT_RELU, {0}, true}, {NNC_ACT_RELU, {0.1, 0.4, -0.3}, false},
      {NNC_ACT_RELU, {0, 0.5, 0}, false}, {NNC_ACT_RELU, {0, INFINITY, 0.25}, false},
      {NNC_ACT_RELU, {0.2, INFINITY, -0.25}, false}, {NNC_ACT_RELU, {0.05, 6, 0}, false},
      {NNC_ACT_LEAKY_RELU, {0.15}, false}, {NNC_ACT_ELU, {0.7}, false},
      {NNC_ACT_CELU, {1.3}, false}, {NNC_ACT_THRESHOLD, {0.2, -1.5}, false},
      {NNC_ACT_SOFT_SHRINK, {0.3}, false}, {NNC_ACT_HARD_SHRINK, {0.3}, false},
      {NNC_ACT_SQUAREPLUS, {2}, false}, {NNC_ACT_GELU, {1}, false},
  };
  static const nnc_activation plain[] = {
      NNC_ACT_LINEAR, NNC_ACT_SIGMOID, NNC_ACT_TANH, NNC_ACT_SOFTMAX, NNC_ACT_GELU,
      NNC_ACT_RELU6, NNC_ACT_SELU, NNC_ACT_SOFTPLUS, NNC_ACT_SOFTSIGN, NNC_ACT_SILU,
      NNC_ACT_HARD_SIGMOID, NNC_ACT_HARD_SILU, NNC_ACT_MISH, NNC_ACT_EXPONENTIAL,
      NNC_ACT_LOG_SOFTMAX, NNC_ACT_LOG_SIGMOID, NNC_ACT_HARD_TANH, NNC_ACT_TANH_SHRINK,
      NNC_ACT_SPARSE_PLUS, NNC_ACT_SPARSE_SIGMOID, NNC_ACT_ELU, NNC_ACT_LEAKY_RELU,
  };
  enum { NC = sizeof cases / sizeof *cases, NP = sizeof plain / sizeof *plain };
  nnc_model *m;
  int x, branch[NC + NP], c;
  int64_t shape[1] = {6};
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_input(m, 1, shape, NULL, &x), NNC_OK);
  for (int i = 0; i < NC + NP; i++) {
    nnc_dense_options d = nnc_dense(4, i < NC ? cases[i].a : plain[i - NC]);
    if (i < NC && !cases[i].keras_defaults)
      memcpy(d.args, cases[i].args, sizeof d.args);
    d.bias_initializer = NNC_INIT_GLOROT_UNIFORM;
    cr_assert_eq(nnc_model_dense(m, x, &d, &branch[i]), NNC_OK, "branch %d: %s", i,
                 nnc_last_error());
  }
  cr_assert_eq(nnc_model_concatenate(m, NC + NP, branch, -1, NULL, &c), NNC_OK);
  cr_assert_eq(nnc_model_set_outputs(m, 1, &c), NNC_OK, "%s", nnc_last_error());
  compile(m, NNC_F32);
  const char *onnx = test_path("acts.onnx"), *xp = test_path("x.npy"), *yp = test_path("y.npy");
  cr_assert_eq(nnc_model_export_onnx(m, onnx), NNC_OK, "%s", nnc_last_error());
  check_model(onnx);
  nnc_tensor *in = inputs(23, 6, NNC_F32), *want, *got;
  cr_assert_eq(nnc_model_predict(m, in, 32, &want), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_tensor_save(in, xp), NNC_OK, "%s", nnc_last_error());
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "node %s/keras/onnx_run.js %s %s %s %s", NNC_TEST_DATA, ort_modules(),
           onnx, xp, yp);
  run(cmd, "ONNX Runtime");
  cr_assert_eq(nnc_tensor_load(yp, NNC_F32, &got), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(got->numel, want->numel);
  double worst = 0; /* relative to max(1, |predicted|): exponential's outputs reach ~100 */
  for (int i = 0; i < NC + NP; i++) {
    double d = 0;
    for (int64_t r = 0; r < 23; r++)
      for (int k = 0; k < 4; k++) {
        int64_t at = r * 4 * (NC + NP) + i * 4 + k;
        double w = rt_tensor_get(want, at);
        d = fmax(d, fabs(rt_tensor_get(got, at) - w) / fmax(1.0, fabs(w)));
      }
    cr_expect_leq(d, 1e-5, "branch %d (%s): ONNX Runtime differs from predict by %g", i,
                  nnc_activation_name(i < NC ? cases[i].a : plain[i - NC]), d);
    worst = fmax(worst, d);
  }
  fprintf(stderr, "onnx: %d activation branches: max relative |ORT - predict| = %.3g\n",
          NC + NP, worst);
  nnc_tensor_free(in);
  nnc_tensor_free(want);
  nnc_tensor_free(got);
  nnc_model_free(m);
}

/* x -> dense(relu), dense_1(tanh) from x; add; activation; concatenate with x; dense_2. */
Test(onnx, functional_add_concatenate_activation) {
  nnc_model *m;
  int x, a, b, s, r, c, y;
  int64_t shape[1] = {6};
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_input(m, 1, shape, NULL, &x), NNC_OK);
  nnc_dense_options d = nnc_dense(4, NNC_ACT_RELU);
  cr_assert_eq(nnc_model_dense(m, x, &d, &a), NNC_OK);
  d = nnc_dense(4, NNC_ACT_TANH);
  cr_assert_eq(nnc_model_dense(m, x, &d, &b), NNC_OK);
  int ab[2] = {a, b};
  cr_assert_eq(nnc_model_add_layer(m, 2, ab, NULL, &s), NNC_OK);
  cr_assert_eq(nnc_model_activation(m, s, NNC_ACT_SIGMOID, NULL, &r), NNC_OK);
  int rx[2] = {r, x};
  cr_assert_eq(nnc_model_concatenate(m, 2, rx, -1, NULL, &c), NNC_OK);
  d = nnc_dense(2, NNC_ACT_SOFTMAX);
  cr_assert_eq(nnc_model_dense(m, c, &d, &y), NNC_OK);
  compile(m, NNC_F32);
  cr_assert_leq(export_and_compare(m, 11, NNC_F32), 1e-5);
  nnc_model_free(m);
}

/* Keras's other merge layers, a size-1 axis broadcast by Multiply. */
Test(onnx, merge_layers_with_broadcasting) {
  nnc_model *m;
  int x, a, b, one, out;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_input(m, 1, (int64_t[]){6}, NULL, &x), NNC_OK);
  nnc_dense_options d = nnc_dense(4, NNC_ACT_TANH);
  cr_assert_eq(nnc_model_dense(m, x, &d, &a), NNC_OK);
  cr_assert_eq(nnc_model_dense(m, x, &d, &b), NNC_OK);
  d = nnc_dense(1, NNC_ACT_LINEAR);
  cr_assert_eq(nnc_model_dense(m, x, &d, &one), NNC_OK);
  const char *cls[] = {"Subtract", "Multiply", "Average", "Maximum", "Minimum"};
  int in[][2] = {{a, b}, {-1, one}, {-1, a}, {-1, b}, {-1, a}};
  for (int i = 0, prev = -1; i < 5; i++) {
    int two[2] = {in[i][0] < 0 ? prev : in[i][0], in[i][1]};
    cr_assert_eq(nnc_model_layer_from_config(m, cls[i], NULL, 2, two, &prev), NNC_OK, "%s",
                 nnc_last_error());
    out = prev;
  }
  d = nnc_dense(2, NNC_ACT_LINEAR);
  cr_assert_eq(nnc_model_dense(m, out, &d, &out), NNC_OK);
  compile(m, NNC_F32);
  cr_assert_leq(export_and_compare(m, 9, NNC_F32), 1e-5);
  nnc_model_free(m);
}

/* Layers by configuration: Dense on a sample of two axes (MatMul and Add), Flatten, a shared
 * Dense, BatchNormalization's moving statistics after training, Dropout (nothing in
 * inference) and Reshape. */
Test(onnx, layers_of_any_class_nnc_exports) {
  nnc_model *m;
  int x, a, f, b, s1, s2, c, n, o;
  int64_t shape[2] = {2, 3};
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_input(m, 2, shape, NULL, &x), NNC_OK);
  cr_assert_eq(nnc_model_layer_from_config(m, "Dense", "{\"units\": 4, \"activation\": "
                                           "\"elu\"}", 1, &x, &a), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_flatten(m, a, &f), NNC_OK);
  cr_assert_eq(nnc_model_layer_from_config(m, "Dense", "{\"units\": 8}", 1, &f, &b), NNC_OK);
  cr_assert_eq(nnc_model_layer_from_config(m, "Dense", "{\"units\": 8, \"activation\": "
                                           "\"tanh\"}", 1, &b, &s1), NNC_OK);
  cr_assert_eq(nnc_model_call_layer(m, s1, 1, &s1, &s2), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_layer_from_config(m, "BatchNormalization", "{\"center\": false}", 1,
                                           &s2, &n), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_dropout(m, n, 0.5, 3, &c), NNC_OK);
  cr_assert_eq(nnc_model_layer_from_config(m, "Reshape", "{\"target_shape\": [2, 4]}", 1, &c,
                                           &o), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_flatten(m, o, &o), NNC_OK);
  compile(m, NNC_F32);
  nnc_tensor *xt = inputs(40, 6, NNC_F32);
  xt->rank = 3, xt->shape[1] = 2, xt->shape[2] = 3;
  fit_a_little(m, xt, 8, 2);
  cr_assert_leq(export_and_compare(m, 13, NNC_F32), 1e-5);
  nnc_model_free(m);
}

Test(onnx, activation_layers) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 6), NNC_OK);
  const char *layers[][2] = {
      {"Dense", "{\"units\": 8}"},
      {"ReLU", "{\"max_value\": 0.8, \"negative_slope\": 0.1, \"threshold\": 0.2}"},
      {"Dense", "{\"units\": 8}"}, {"LeakyReLU", "{\"negative_slope\": 0.2}"},
      {"PReLU", "{\"alpha_initializer\": \"glorot_uniform\"}"}, {"ELU", "{\"alpha\": 0.7}"},
      {"Dense", "{\"units\": 3}"}, {"Softmax", NULL}};
  for (size_t i = 0; i < sizeof layers / sizeof *layers; i++)
    cr_assert_eq(nnc_model_add_layer_config(m, layers[i][0], layers[i][1]), NNC_OK, "%s",
                 nnc_last_error());
  compile(m, NNC_F32);
  cr_assert_leq(export_and_compare(m, 9, NNC_F32), 1e-6);
  nnc_model_free(m);
}

Test(onnx, trained_weights_are_exported) {
  const nnc_activation acts[] = {NNC_ACT_RELU, NNC_ACT_LINEAR};
  nnc_model *m = stack(acts, 2, NNC_F32, true);
  fit_a_little(m, inputs(64, 6, NNC_F32), 3, 3);
  cr_assert_leq(export_and_compare(m, 64, NNC_F32), 1e-5);
  nnc_model_free(m);
}

Test(onnx, refusals) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  TEST_EXPECT(nnc_model_export_onnx(m, test_path("a.onnx")), NNC_ERR_ARG, "no weights yet");
  TEST_EXPECT(nnc_model_export_onnx(NULL, "a.onnx"), NNC_ERR_ARG, "the model is NULL");
  nnc_model_free(m);
  const nnc_activation acts[] = {NNC_ACT_RELU};
  m = stack(acts, 1, NNC_F32, true);
  TEST_EXPECT(nnc_model_export_onnx(m, test_path("no/such/dir/a.onnx")), NNC_ERR_IO,
              "cannot write");
  nnc_model_free(m);
  const nnc_activation glu[] = {NNC_ACT_GLU, NNC_ACT_RELU}; /* glu halves the 8 features */
  m = stack(glu, 2, NNC_F32, true);
  TEST_EXPECT(nnc_model_export_onnx(m, test_path("glu.onnx")), NNC_ERR_ARG,
              "activation 'glu' has no ONNX form");
  nnc_model_free(m);
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 4), NNC_OK);
  cr_assert_eq(nnc_model_add_layer_config(m, "LayerNormalization", NULL), NNC_OK);
  compile(m, NNC_F32);
  TEST_EXPECT(nnc_model_export_onnx(m, test_path("ln.onnx")), NNC_ERR_ARG,
              "layer 'layer_normalization' (LayerNormalization): LayerNormalization has no ONNX "
              "form in nnc yet");
  nnc_model_free(m);
}

/* A model of two inputs (Keras's archive of fixtures/make_keras_wide_deep.py) exports one
 * graph input per InputLayer, in the model's order, each of its own shape; ONNX Runtime fed
 * Keras's inputs predicts what Keras predicted. */
Test(onnx, a_model_of_two_inputs_exports_both_as_graph_inputs) {
  nnc_model *m;
  cr_assert_eq(nnc_model_load_keras(test_keras_fixture("wide_deep.keras"), &m), NNC_OK, "%s",
               nnc_last_error());
  compile(m, NNC_F32);
  const char *onnx = test_path("wd.onnx"), *yp = test_path("y.npy");
  cr_assert_eq(nnc_model_export_onnx(m, onnx), NNC_OK, "%s", nnc_last_error());
  check_model(onnx);
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c \"import onnx\n"
           "g = onnx.load('%s').graph\n"
           "print([(i.name, [d.dim_value for d in i.type.tensor_type.shape.dim][1:]) "
           "for i in g.input])\" > %s", onnx, test_path("inputs.txt"));
  run(cmd, "onnx.load");
  cr_assert_str_eq(test_read_text("inputs.txt"), "[('wide', [3]), ('deep', [2, 2])]\n");
  snprintf(cmd, sizeof cmd, "node %s/keras/onnx_run.js %s %s %s %s %s", NNC_TEST_DATA,
           ort_modules(), onnx, test_keras_fixture("wide_deep_wide.npy"),
           test_keras_fixture("wide_deep_deep.npy"), yp);
  run(cmd, "ONNX Runtime");
  nnc_tensor *got, *want;
  cr_assert_eq(nnc_tensor_load(yp, NNC_F32, &got), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_tensor_load(test_keras_fixture("wide_deep_pred.npy"), NNC_F32, &want), NNC_OK);
  cr_assert_lt(test_max_diff(got, want), 1e-5, "ONNX Runtime and Keras differ by %g",
               test_max_diff(got, want));
  nnc_model *back = NULL; /* importing reads graphs of one input, and says so */
  cr_assert_eq(nnc_model_load_onnx(onnx, &back), NNC_ERR_ARG);
  cr_assert(strstr(nnc_last_error(), "more than one graph input (nnc imports graphs of one "
                                     "input)"), "%s", nnc_last_error());
  nnc_tensor_free(got);
  nnc_tensor_free(want);
  nnc_model_free(m);
}
