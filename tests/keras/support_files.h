/* support_files.h — files and tensors as the keras tests compare them (support_files.c is
 * linked into each of them). */
#ifndef NNC_TESTS_KERAS_SUPPORT_FILES_H
#define NNC_TESTS_KERAS_SUPPORT_FILES_H

#include "nnc.h"

/* tests/keras/fixtures/name: a file Keras itself wrote (make_keras_*.py there); 16 calls
 * later the buffer is reused. */
const char *test_keras_fixture(const char *name);

/* The largest |a[i] - b[i]| of two f32 or f64 tensors of as many elements (asserted). */
double test_max_diff(const nnc_tensor *a, const nnc_tensor *b);

/* A .npy file as an f32 tensor (asserted). */
nnc_tensor *test_load_npy(const char *path);

/* One epoch of m on fixtures/opt_x.npy and opt_y.npy as make_keras_optimizers.py and
 * make_keras_legacy_optimizers.py trained theirs: batch 4, no shuffling. */
void test_opt_epoch(nnc_model *m);

/* A small model's weights flattened in model.weights order, as those scripts save them. */
enum { TEST_MAX_WEIGHTS = 256 };
typedef struct {
  float v[TEST_MAX_WEIGHTS];
  int n;
} TestWeights;
TestWeights test_weights(const nnc_model *m);
/* The largest |a->v[i] - b[i]| (a holding n weights, asserted). */
double test_weights_apart(const TestWeights *a, const float *b, int n);
/* The same against a .npy of them. */
double test_weights_diff(const nnc_model *m, const char *npy);

#endif
