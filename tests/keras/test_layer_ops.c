/* test_layer_ops.c — the Operation layer (keras/layer_ops.c) and the merge layers
 * (keras/layer_merge.c) through the C API: built from their configs, their predictions are
 * their maths written out, including the broadcast of a size-1 axis and reductions over a
 * sample's axes of rank 2; bad configs and shapes are refused with the place said. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "keras.h"
#include "support.h"

#define OK(call) cr_assert_eq((call), NNC_OK, "%s: %s", #call, nnc_last_error())

enum { N = 5, R = 2, C = 3 };

static nnc_tensor *input(void) {
  nnc_tensor *t;
  OK(nnc_tensor_new(NNC_F64, 3, (int64_t[]){N, R, C}, &t));
  double *d = nnc_tensor_data(t);
  for (int i = 0; i < N * R * C; i++)
    d[i] = sin(0.7 * i + 0.3);
  return t;
}

static int layer(nnc_model *m, const char *cls, const char *cfg, int n, const int *in) {
  int id;
  OK(nnc_model_layer_from_config(m, cls, cfg, n, in, &id));
  return id;
}

/* out[i] = mean over the sample of avg(b·max_col(b), b), b = 1 − x², max over axis 1 (the
 * rows) kept as (None, 1, 3), then Flatten-free: a sum over axes (1, 2). */
Test(layer_ops, predicts_operations_and_merges_as_written_out) {
  nnc_model *m;
  int x;
  OK(nnc_model_new(&m));
  OK(nnc_model_input(m, 2, (int64_t[]){R, C}, NULL, &x));
  int sq = layer(m, "Operation", "{\"op\": \"square\"}", 1, &x);
  int b = layer(m, "Operation", "{\"op\": \"subtract\", \"constant\": 1, \"constant_first\": true}",
                1, &sq);
  int mx = layer(m, "Operation", "{\"op\": \"max\", \"axis\": 1, \"keepdims\": true}", 1, &b);
  int c = layer(m, "Multiply", NULL, 2, (int[]){b, mx});
  int avg = layer(m, "Average", NULL, 2, (int[]){c, b});
  int mn = layer(m, "Minimum", NULL, 2, (int[]){avg, b});
  int s = layer(m, "Operation", "{\"op\": \"sum\", \"axis\": [1, 2], \"keepdims\": false}", 1,
                &mn);
  int out = layer(m, "Operation", "{\"op\": \"divide\", \"constant\": 6}", 1, &s);
  nnc_layer_info li;
  OK(nnc_model_layer(m, mx, &li));
  cr_assert(li.rank == 2 && li.shape[0] == 1 && li.shape[1] == C, "max keeps (None, 1, 3)");
  cr_assert_str_eq(li.type, "Max");
  cr_assert_str_eq(li.name, "max");
  OK(nnc_model_layer(m, out, &li));
  cr_assert_eq(li.rank, 0, "the sum over both sample axes is (None,)");
  nnc_tensor *xt = input(), *p;
  nnc_compile_options o = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  o.dtype = NNC_F64;
  OK(nnc_model_compile(m, &o));
  OK(nnc_model_predict(m, xt, N, &p));
  const double *xd = nnc_tensor_cdata(xt), *pd = nnc_tensor_cdata(p);
  for (int i = 0; i < N; i++) {
    double bv[R][C], want = 0;
    for (int r = 0; r < R; r++)
      for (int k = 0; k < C; k++)
        bv[r][k] = 1 - pow(xd[(i * R + r) * C + k], 2);
    for (int k = 0; k < C; k++)
      for (int r = 0; r < R; r++) {
        double top = fmax(bv[0][k], bv[1][k]);
        want += fmin((bv[r][k] * top + bv[r][k]) / 2, bv[r][k]) / 6;
      }
    cr_assert(fabs(pd[i] - want) < 1e-12, "sample %d: %.17g, written out %.17g", i, pd[i], want);
  }
  nnc_tensor_free(p);
  nnc_tensor_free(xt);
  nnc_model_free(m);
}

/* The message of a call that fails with status st. */
static void refused(nnc_status got, nnc_status st, const char *part) {
  cr_assert_eq(got, st, "status %d: %s", got, nnc_last_error());
  cr_assert(strstr(nnc_last_error(), part), "'%s' not in: %s", part, nnc_last_error());
}

Test(layer_ops, refuses_bad_configs_and_shapes_by_name) {
  nnc_model *m;
  int x, y, id;
  OK(nnc_model_new(&m));
  OK(nnc_model_input(m, 1, (int64_t[]){3}, NULL, &x));
  y = layer(m, "Dense", "{\"units\": 2}", 1, &x);
  refused(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"mul\"}", 1, &x, &id),
          NNC_ERR_ARG, "must be one of: add subtract multiply");
  refused(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"mean\"}", 1, &x, &id),
          NNC_ERR_ARG, "keras.ops.mean(axis=None) would reduce the batch axis too");
  refused(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"sum\", \"axis\": 0}", 1, &x,
                                      &id), NNC_ERR_ARG, "the batch axis");
  refused(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"exp\", \"constant\": 2}", 1,
                                      &x, &id), NNC_ERR_ARG, "keras.ops.exp takes no constant");
  refused(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"power\"}", 2,
                                      (int[]){x, x}, &id), NNC_ERR_ARG, "power of two tensors");
  refused(nnc_model_layer_from_config(m, "Multiply", NULL, 2, (int[]){x, y}, &id), NNC_ERR_SHAPE,
          "Multiply needs inputs of one shape (or of size 1 where they differ), but");
  refused(nnc_model_layer_from_config(m, "Subtract", NULL, 3, (int[]){x, x, x}, &id),
          NNC_ERR_ARG, "Subtract needs exactly 2 inputs, found 3");
  refused(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"activation\"}", 1, &x, &id),
          NNC_ERR_ARG, "the operation 'activation' needs an activation other than linear");
  refused(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"activation\", "
                                      "\"activation\": \"mish\"}", 1, &x, &id),
          NNC_ERR_ARG, "keras.activations.mish cannot be called on a Keras tensor");
  refused(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"exp\", \"activation\": "
                                      "\"relu\"}", 1, &x, &id),
          NNC_ERR_ARG, "keras.ops.exp takes no activation");
  refused(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"ops_activation\", "
                                      "\"activation\": \"mish\"}", 1, &x, &id),
          NNC_ERR_ARG, "keras.ops has no function mish");
  nnc_model_free(m);
}

/* keras.ops' activations as the C API makes them: named and typed as the operations
 * keras.ops makes in Keras 3 (keras.ops.relu: relu, Relu of keras.src.ops.nn, where
 * keras.activations.relu's is re_lu, ReLU; hard_silu, HardSilu, which keras.activations
 * cannot make on a Keras tensor). */
Test(layer_ops, keras_ops_activations_are_keras_ops_operations) {
  nnc_model *m;
  int x;
  OK(nnc_model_new(&m));
  OK(nnc_model_input(m, 1, (int64_t[]){4}, NULL, &x));
  int r = layer(m, "Operation", "{\"op\": \"ops_activation\", \"activation\": \"relu\"}",
                1, &x);
  int h = layer(m, "Operation", "{\"op\": \"ops_activation\", \"activation\": "
                "\"hard_silu\"}", 1, &r);
  nnc_layer_info li;
  OK(nnc_model_layer(m, r, &li));
  cr_assert_str_eq(li.name, "relu");
  cr_assert_str_eq(li.type, "Relu");
  OK(nnc_model_layer(m, h, &li));
  cr_assert_str_eq(li.name, "hard_silu");
  cr_assert_str_eq(li.type, "HardSilu");
  nnc_model_free(m);
}

/* keras.activations.relu and glu on a Keras tensor as the C API makes them: named and typed
 * as Keras 3's operations (re_lu, ReLU; glu, Glu), glu's output half as wide, and a second
 * relu numbered as Keras numbers it. */
Test(layer_ops, activations_are_keras_operations) {
  nnc_model *m;
  int x;
  OK(nnc_model_new(&m));
  OK(nnc_model_input(m, 1, (int64_t[]){4}, NULL, &x));
  int r = layer(m, "Operation", "{\"op\": \"activation\", \"activation\": {\"class_name\": "
                "\"relu\", \"config\": {\"negative_slope\": 0.5}}}", 1, &x);
  int g = layer(m, "Operation", "{\"op\": \"activation\", \"activation\": \"glu\"}", 1, &r);
  int r1 = layer(m, "Operation", "{\"op\": \"activation\", \"activation\": \"relu\"}", 1, &g);
  nnc_layer_info li;
  OK(nnc_model_layer(m, r, &li));
  cr_assert_str_eq(li.name, "re_lu");
  cr_assert_str_eq(li.type, "ReLU");
  OK(nnc_model_layer(m, g, &li));
  cr_assert_str_eq(li.name, "glu");
  cr_assert_str_eq(li.type, "Glu");
  cr_assert(li.rank == 1 && li.shape[0] == 2);
  OK(nnc_model_layer(m, r1, &li));
  cr_assert_str_eq(li.name, "re_lu_1");
  nnc_tensor *xt, *p;
  OK(nnc_tensor_new(NNC_F64, 2, (int64_t[]){1, 4}, &xt));
  memcpy(nnc_tensor_data(xt), (double[]){-2, 1, 0, 3}, 4 * sizeof(double));
  nnc_compile_options o = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  o.dtype = NNC_F64;
  OK(nnc_model_compile(m, &o));
  OK(nnc_model_predict(m, xt, 1, &p));
  /* relu with slope 0.5: (-1, 1, 0, 3); glu: (-1, 1)·sigmoid((0, 3)) */
  const double *y = nnc_tensor_data(p);
  cr_assert_float_eq(y[0], 0.0, 1e-12);
  cr_assert_float_eq(y[1], 1 / (1 + exp(-3.0)), 1e-12);
  nnc_tensor_free(xt);
  nnc_tensor_free(p);
  nnc_model_free(m);
}

/* x @ W over the last axis, W2 @ x per sample, and two tensors (None, 2, 3) @ (None, 3, 2) per
 * sample: the matrices of the configs are constants of the model, not weights. */
Test(layer_ops, multiplies_by_constant_matrices_and_per_sample) {
  static const double w[C][2] = {{0.5, -1}, {1.5, 0.25}, {-0.75, 2}}, l[2][R] = {{1, -0.5},
                                                                               {0.25, 0.75}};
  nnc_model *m;
  int x;
  OK(nnc_model_new(&m));
  OK(nnc_model_input(m, 2, (int64_t[]){R, C}, NULL, &x));
  int xw = layer(m, "Operation", "{\"op\": \"matmul\", \"constant\": [[0.5, -1], [1.5, 0.25], "
                 "[-0.75, 2]]}", 1, &x);                                  /* (None, 2, 2) */
  int lx = layer(m, "Operation", "{\"op\": \"matmul\", \"constant\": [[1, -0.5], [0.25, 0.75]], "
                 "\"constant_first\": true}", 1, &x);                     /* (None, 2, 3) */
  int t = layer(m, "Operation", "{\"op\": \"matmul\"}", 2, (int[]){xw, lx}); /* (None, 2, 3) */
  layer(m, "Flatten", NULL, 1, &t);
  nnc_layer_info li;
  OK(nnc_model_layer(m, t, &li));
  cr_assert(li.rank == 2 && li.shape[0] == R && li.shape[1] == C && li.params == 0);
  cr_assert_str_eq(li.type, "Matmul");
  nnc_tensor *xt = input(), *p;
  nnc_compile_options o = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  o.dtype = NNC_F64;
  OK(nnc_model_compile(m, &o));
  OK(nnc_model_predict(m, xt, N, &p));
  const double *xd = nnc_tensor_cdata(xt), *pd = nnc_tensor_cdata(p);
  for (int i = 0; i < N; i++) {
    const double *s = xd + i * R * C;
    double a[R][2] = {{0}}, b[2][C] = {{0}};
    for (int r = 0; r < R; r++)
      for (int k = 0; k < C; k++)
        for (int j = 0; j < 2; j++)
          a[r][j] += s[r * C + k] * w[k][j], b[j][k] += l[j][r] * s[r * C + k];
    for (int r = 0; r < R; r++)
      for (int k = 0; k < C; k++) {
        double want = a[r][0] * b[0][k] + a[r][1] * b[1][k];
        cr_assert(fabs(pd[(i * R + r) * C + k] - want) < 1e-12, "sample %d [%d,%d]: %.17g, "
                  "written out %.17g", i, r, k, pd[(i * R + r) * C + k], want);
      }
  }
  nnc_build_options b = nnc_build_defaults();
  b.dir = ".";
  b.name = "ops";
  b.batch = N;
  refused(nnc_model_build_object(m, &b), NNC_ERR_ARG,
          "'matmul/constant' (a constant matrix of keras.ops.matmul) cannot live in an object");
  nnc_tensor_free(p);
  nnc_tensor_free(xt);
  nnc_model_free(m);
}

Test(layer_ops, refuses_matrices_where_they_do_not_belong) {
  nnc_model *m;
  int x, id;
  OK(nnc_model_new(&m));
  OK(nnc_model_input(m, 1, (int64_t[]){3}, NULL, &x));
  refused(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"matmul\", \"constant\": 2}",
                                      1, &x, &id), NNC_ERR_ARG,
          "keras.ops.matmul takes a matrix as its constant, not a number");
  refused(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"add\", \"constant\": [[2]]}",
                                      1, &x, &id), NNC_ERR_ARG,
          "keras.ops.add takes a number as its constant, not a matrix");
  refused(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"matmul\", \"constant\": "
                                      "[[1, 2], [3]]}", 1, &x, &id), NNC_ERR_ARG,
          "argument 'constant' must be a number or a matrix (a list of rows of as many numbers)");
  refused(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"matmul\", \"constant\": "
                                      "[[1, 2], [3, 4]]}", 1, &x, &id), NNC_ERR_SHAPE,
          "keras.ops.matmul: a sample of (None, 3) and [2, 2] do not multiply");
  refused(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"matmul\", \"constant\": "
                                      "[[1, 2, 3]], \"constant_first\": true}", 1, &x, &id),
          NNC_ERR_SHAPE, "keras.ops.matmul: a sample of (None, 3) and [1, 3] do not multiply");
  refused(nnc_model_layer_from_config(m, "Operation", "{\"op\": \"matmul\"}", 2,
                                      (int[]){x, x}, &id), NNC_ERR_SHAPE,
          "a sample of (None, 3) and (None, 3) do not multiply");
  nnc_model_free(m);
}
