/* test_onnx_import.c — nnc_model_load_onnx on MLPs PyTorch exported (torch_mlps.py, run with
 * Debian's python3-torch; one MatMul + Add graph written with onnx.helper) and on nnc's own
 * export: predictions equal PyTorch's (or numpy's) within 1e-5,
 * fine-tuning lowers the loss, nnc's export of an import round-trips, and what is not an MLP
 * is refused with the node's name and op type. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keras.h"
#include "support.h"
#include "support_files.h"

TestSuite(onnx_import, .init = test_dir_make, .fini = test_dir_remove);

/* Runs torch_mlps.py into the test's directory once. */
static void torch_export(void) {
  if (system("/usr/bin/python3 -c 'import torch, onnx' 2>/dev/null") != 0)
    cr_skip_test("Debian's python3-torch or python3-onnx is absent (scripts/setup.sh)");
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s/keras/torch_mlps.py %s 2>/dev/null",
           NNC_TEST_DATA, test_dir());
  cr_assert_eq(system(cmd), 0, "torch_mlps.py failed");
}

static nnc_tensor *load(const char *name) {
  nnc_tensor *t;
  cr_assert_eq(nnc_tensor_load(test_path(name), NNC_F32, &t), NNC_OK, "%s", nnc_last_error());
  return t;
}

/* NAME.onnx's predictions on NAME_x.npy against PyTorch's. */
static double compare(const char *name, nnc_model **keep) {
  char f[64];
  nnc_model *m;
  snprintf(f, sizeof f, "%s.onnx", name);
  cr_assert_eq(nnc_model_load_onnx(test_path(f), &m), NNC_OK, "%s", nnc_last_error());
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  snprintf(f, sizeof f, "%s_x.npy", name);
  nnc_tensor *x = load(f), *got;
  snprintf(f, sizeof f, "%s_pred.npy", name);
  nnc_tensor *want = load(f);
  cr_assert_eq(nnc_model_predict(m, x, 32, &got), NNC_OK, "%s", nnc_last_error());
  double d = test_max_diff(got, want);
  nnc_tensor_free(x);
  nnc_tensor_free(want);
  nnc_tensor_free(got);
  if (keep)
    *keep = m;
  else
    nnc_model_free(m);
  return d;
}

Test(onnx_import, pytorch_mlps_predict_as_pytorch) {
  torch_export();
  double a = compare("mlp", NULL), b = compare("bn", NULL), c = compare("acts", NULL);
  fprintf(stderr, "onnx import: max |nnc - PyTorch| = %.3g (Gemm/Softmax), %.3g (Flatten, "
          "BatchNormalization, MatMul, Dropout, LeakyRelu), %.3g (Elu, Selu, Softplus, "
          "HardSigmoid, HardSwish, Celu, LogSoftmax)\n", a, b, c);
  cr_assert_leq(a, 1e-5);
  cr_assert_leq(b, 1e-5);
  cr_assert_leq(c, 1e-5);
  double d = compare("matmul_add", NULL);
  fprintf(stderr, "onnx import: MatMul + Add of a constant as Dense: %.3g from numpy\n", d);
  cr_assert_leq(d, 1e-5);
}

Test(onnx_import, imported_model_fine_tunes_summarizes_and_exports) {
  torch_export();
  nnc_model *m;
  compare("bn", &m);
  cr_assert_eq(nnc_model_layer_count(m), 4, "input and 3 Dense (BN and activations folded in)");
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_BINARY_CROSSENTROPY);
  c.optimizer = nnc_adam();
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *x = load("bn_x.npy"), *y;
  int64_t ys[2] = {x->shape[0], 1};
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, ys, &y), NNC_OK);
  for (int64_t i = 0; i < ys[0]; i++)
    rt_tensor_set(y, i, (double)(rt_tensor_get(x, i * 6) > 0));
  nnc_metrics before, after;
  cr_assert_eq(nnc_model_evaluate(m, x, y, 32, &before), NNC_OK, "%s", nnc_last_error());
  nnc_fit_options f = nnc_fit_defaults();
  f.verbose = 0;
  f.epochs = 30;
  cr_assert_eq(nnc_model_fit(m, x, y, &f), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_evaluate(m, x, y, 32, &after), NNC_OK, "%s", nnc_last_error());
  cr_assert_lt(after.loss, before.loss * 0.9, "fine-tuning: loss %g -> %g", before.loss, after.loss);
  FILE *sink = fopen("/dev/null", "w");
  cr_assert_eq(nnc_model_summary(m, sink, 0), NNC_OK, "%s", nnc_last_error());
  fclose(sink);
  /* nnc's own export of the fine-tuned model imports back to the same predictions */
  const char *p = test_path("tuned.onnx");
  cr_assert_eq(nnc_model_export_onnx(m, p), NNC_OK, "%s", nnc_last_error());
  nnc_model *back;
  cr_assert_eq(nnc_model_load_onnx(p, &back), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_compile(back, &c), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *p1, *p2;
  cr_assert_eq(nnc_model_predict(m, x, 32, &p1), NNC_OK);
  cr_assert_eq(nnc_model_predict(back, x, 32, &p2), NNC_OK);
  cr_assert_leq(test_max_diff(p1, p2), 1e-6);
  nnc_tensor_free(p1);
  nnc_tensor_free(p2);
  nnc_tensor_free(x);
  nnc_tensor_free(y);
  nnc_model_free(m);
  nnc_model_free(back);
}

Test(onnx_import, refusals_name_the_node) {
  torch_export();
  nnc_model *m = (nnc_model *)1;
  TEST_EXPECT(nnc_model_load_onnx(test_path("conv.onnx"), &m), NNC_ERR_ARG,
              "conv.onnx: node '/0/Conv' (Conv): not an op nnc imports");
  cr_assert_null(m);
  TEST_EXPECT(nnc_model_load_onnx(test_write_text("t.onnx", "not a protobuf at all\n"), &m),
              NNC_ERR_CORRUPT, "t.onnx: not an ONNX model");
  TEST_EXPECT(nnc_model_load_onnx(test_path("absent.onnx"), &m), NNC_ERR_IO, "absent.onnx");
  TEST_EXPECT(nnc_model_load_onnx(NULL, &m), NNC_ERR_ARG, "path is NULL");
}

/* nnc's export of every activation that is one ONNX op imports back as that activation, with
 * its argument: the same layers, the same predictions. */
Test(onnx_import, single_op_activations_round_trip) {
  static const struct {
    nnc_activation a;
    double arg;
  } acts[] = {
      {NNC_ACT_ELU, 0.7}, {NNC_ACT_CELU, 1.3}, {NNC_ACT_SELU, 0}, {NNC_ACT_SOFTSIGN, 0},
      {NNC_ACT_SOFT_SHRINK, 0.3}, {NNC_ACT_HARD_SHRINK, 0.2}, {NNC_ACT_SPARSE_SIGMOID, 0},
      {NNC_ACT_HARD_SIGMOID, 0}, {NNC_ACT_HARD_SILU, 0}, {NNC_ACT_SOFTPLUS, 0},
      {NNC_ACT_EXPONENTIAL, 0}, {NNC_ACT_LEAKY_RELU, 0.15}, {NNC_ACT_LOG_SOFTMAX, 0},
  };
  enum { N = sizeof acts / sizeof *acts };
  nnc_model *m, *back;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  cr_assert_eq(nnc_model_add_input(m, 5), NNC_OK);
  for (int i = 0; i < N; i++) {
    nnc_dense_options d = nnc_dense(6, acts[i].a);
    if (acts[i].arg != 0)
      d.args[0] = acts[i].arg;
    cr_assert_eq(nnc_model_add_dense(m, &d), NNC_OK, "%s", nnc_last_error());
  }
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  const char *p = test_path("acts.onnx");
  cr_assert_eq(nnc_model_export_onnx(m, p), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_load_onnx(p, &back), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_compile(back, &c), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_layer_count(back), N + 1, "each activation folded into its Dense");
  for (int i = 0; i < N; i++) {
    /* layers[0] is the InputLayer */
    const ArgVal *d = keras_arg(&back->layers[i + 1]->cfg, "activation");
    cr_expect_eq(d->act, acts[i].a, "layer %d: %s imported as %s", i + 1,
                 nnc_activation_name(acts[i].a), nnc_activation_name(d->act));
    /* through ONNX's float attribute */
    double want = keras_arg(&m->layers[i + 1]->cfg, "activation")->args[0];
    cr_expect_eq(d->args[0], (float)want, "layer %d: argument %g imported as %g", i + 1, want,
                 d->args[0]);
  }
  int64_t xs[2] = {7, 5};
  nnc_tensor *x, *p1, *p2;
  cr_assert_eq(nnc_tensor_new(NNC_F32, 2, xs, &x), NNC_OK);
  for (int64_t i = 0; i < x->numel; i++)
    rt_tensor_set(x, i, sin((double)i) * 1.5);
  cr_assert_eq(nnc_model_predict(m, x, 32, &p1), NNC_OK);
  cr_assert_eq(nnc_model_predict(back, x, 32, &p2), NNC_OK);
  cr_assert_leq(test_max_diff(p1, p2), 1e-6);
  nnc_tensor_free(x);
  nnc_tensor_free(p1);
  nnc_tensor_free(p2);
  nnc_model_free(m);
  nnc_model_free(back);
}
