/* test_predict.c — predict's two ways to feed a batch: rows of the compiled dtype are read
 * in place and the predictions written straight into the result; rows of another dtype are
 * converted into the batch buffer first. Both give the same bits, batch after batch, the
 * smaller last one included, and x is left as it was. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "keras.h"
#include "support.h"

Test(predict, rows_read_in_place_predict_what_converted_rows_predict) {
  nnc_model *m;
  cr_assert_eq(nnc_model_new(&m), NNC_OK);
  int64_t dims[2] = {2, 3};
  cr_assert_eq(nnc_model_add_input_shape(m, 2, dims), NNC_OK);
  cr_assert_eq(nnc_model_add_layer_config(m, "Flatten", "{}"), NNC_OK);
  cr_assert_eq(nnc_model_add_layer_config(m, "Dense", "{\"units\": 5, \"activation\": \"tanh\"}"),
               NNC_OK);
  cr_assert_eq(nnc_model_add_layer_config(m, "Dense", "{\"units\": 3, \"activation\": \"softmax\"}"),
               NNC_OK);
  nnc_compile_options c = nnc_compile_defaults(NNC_LOSS_MEAN_SQUARED_ERROR);
  cr_assert_eq(nnc_model_compile(m, &c), NNC_OK, "%s", nnc_last_error());
  nnc_tensor *x32, *x64, *again, *y32, *y64;
  int64_t shape[3] = {10, 2, 3};
  cr_assert_eq(nnc_tensor_new(NNC_F32, 3, shape, &x32), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F64, 3, shape, &x64), NNC_OK);
  cr_assert_eq(nnc_tensor_new(NNC_F32, 3, shape, &again), NNC_OK);
  for (int64_t i = 0; i < x32->numel; i++) {
    ((float *)x32->data)[i] = (float)sin(0.9 * (double)i);
    ((double *)x64->data)[i] = ((float *)x32->data)[i];
  }
  memcpy(again->data, x32->data, (size_t)x32->numel * sizeof(float));
  cr_assert_eq(nnc_model_predict(m, x32, 4, &y32), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(nnc_model_predict(m, x64, 4, &y64), NNC_OK, "%s", nnc_last_error());
  cr_assert_eq(y32->numel, 30);
  cr_assert_eq(memcmp(y32->data, y64->data, 30 * sizeof(float)), 0);
  cr_assert_eq(memcmp(x32->data, again->data, (size_t)x32->numel * sizeof(float)), 0);
  for (int64_t r = 0; r < 10; r++) { /* softmax rows: every row written, none left at zero */
    double sum = 0;
    for (int k = 0; k < 3; k++)
      sum += ((float *)y32->data)[r * 3 + k];
    cr_assert_float_eq(sum, 1.0, 1e-5, "row %lld", (long long)r);
  }
  nnc_tensor_free(x32);
  nnc_tensor_free(x64);
  nnc_tensor_free(again);
  nnc_tensor_free(y32);
  nnc_tensor_free(y64);
  nnc_model_free(m);
}
