/* metrics.c — the "accuracy" metric, chosen as Keras 3 chooses it for compile(metrics=
 * ['accuracy']) (get_metric in keras/src/trainers/compile_utils.py), from the shapes alone:
 * binary when the output has one unit; sparse categorical for class-id targets; else
 * categorical (argmax against argmax), binary cross-entropy on several units included.
 * Binary accuracy thresholds at 0.5, as Keras 3's BinaryAccuracy does, even when the model
 * was compiled from_logits (Keras 3 then compares logits with 0.5), and counts every
 * element. Ties in argmax go to the first index. tests/tfjs checks these against tfjs.
 */
#include <math.h>

#include "keras.h"

AccuracyKind keras_accuracy_kind(const nnc_model *m) {
  if (keras_out_units(m) == 1)
    return ACC_BINARY;
  return keras_sparse(m) ? ACC_SPARSE : ACC_CATEGORICAL;
}

static int64_t argmax(const nnc_tensor *t, int64_t row, int64_t width) {
  int64_t best = 0;
  double bv = rt_tensor_get(t, row * width);
  for (int64_t j = 1; j < width; j++) {
    double v = rt_tensor_get(t, row * width + j);
    if (v > bv) {
      bv = v;
      best = j;
    }
  }
  return best;
}

static int64_t binary(const nnc_model *m, const nnc_tensor *pred, const nnc_tensor *y, int64_t n) {
  const double thr = 0.5;
  int64_t correct = 0, total = n * keras_out_units(m);
  for (int64_t i = 0; i < total; i++) {
    double guess = rt_tensor_get(pred, i) > thr ? 1.0 : 0.0;
    correct += guess == rt_tensor_get(y, i);
  }
  return correct;
}

int64_t keras_accuracy_count(const nnc_model *m, const nnc_tensor *pred, const nnc_tensor *y,
                          int64_t n) {
  int64_t units = keras_out_units(m), correct = 0;
  switch (keras_accuracy_kind(m)) {
  case ACC_BINARY:
    return binary(m, pred, y, n);
  case ACC_SPARSE:
    for (int64_t r = 0; r < n; r++)
      correct += argmax(pred, r, units) == (int64_t)llround(rt_tensor_get(y, r));
    return correct;
  case ACC_CATEGORICAL:
    for (int64_t r = 0; r < n; r++)
      correct += argmax(pred, r, units) == argmax(y, r, units);
    return correct;
  }
  return 0;
}

int64_t keras_accuracy_total(const nnc_model *m, int64_t n) {
  return keras_accuracy_kind(m) == ACC_BINARY ? n * keras_out_units(m) : n;
}
