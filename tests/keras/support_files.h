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

#endif
