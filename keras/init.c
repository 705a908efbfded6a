/* init.c — Keras's weight initializers, with Keras's formulas.
 *
 * Fans follow keras.initializers' compute_fans: a scalar has fans 1/1; a vector [n] has
 * n/n; a matrix [in, out] (a Dense kernel) has in/out; higher ranks multiply the leading
 * (receptive field) dims into both. Truncated normals are cut at 2 std and their std is
 * divided by 0.87962566, the std of a unit normal truncated at ±2, as Keras does, so the
 * drawn values have the intended variance. Integer tensors get the values truncated.
 */
#include <math.h>

#include "keras.h"

void keras_fans(const nnc_tensor *t, double *fan_in, double *fan_out) {
  const int64_t *s = t->shape;
  switch (t->rank) {
  case 0: *fan_in = *fan_out = 1; return;
  case 1: *fan_in = *fan_out = (double)s[0]; return;
  default: {
    double field = 1;
    for (int i = 0; i < t->rank - 2; i++)
      field *= (double)s[i];
    *fan_in = (double)s[t->rank - 2] * field;
    *fan_out = (double)s[t->rank - 1] * field;
  }
  }
}

static void fill_uniform(nnc_tensor *t, Rng *r, double limit) {
  for (int64_t i = 0; i < t->numel; i++)
    rt_tensor_set(t, i, rt_rng_range(r, -limit, limit));
}

static void fill_truncated(nnc_tensor *t, Rng *r, double std) {
  for (int64_t i = 0; i < t->numel; i++)
    rt_tensor_set(t, i, rt_rng_truncated_normal(r, 0.0, std));
}

static void fill_const(nnc_tensor *t, double v) {
  for (int64_t i = 0; i < t->numel; i++)
    rt_tensor_set(t, i, v);
}

nnc_status keras_init_fill(nnc_tensor *t, nnc_initializer k, Rng *r) {
  double fi, fo;
  keras_fans(t, &fi, &fo);
  fi = fi < 1 ? 1 : fi; /* Keras: max(1, fan) so an empty dim never divides by zero */
  double favg = (fi + (fo < 1 ? 1 : fo)) / 2;
  switch (k) {
  case NNC_INIT_ZEROS: fill_const(t, 0); return NNC_OK;
  case NNC_INIT_ONES: fill_const(t, 1); return NNC_OK;
  case NNC_INIT_GLOROT_UNIFORM: fill_uniform(t, r, sqrt(3.0 / favg)); return NNC_OK;
  case NNC_INIT_GLOROT_NORMAL: fill_truncated(t, r, sqrt(1.0 / favg) / 0.87962566103423978); return NNC_OK;
  case NNC_INIT_HE_NORMAL: fill_truncated(t, r, sqrt(2.0 / fi) / 0.87962566103423978); return NNC_OK;
  case NNC_INIT_HE_UNIFORM: fill_uniform(t, r, sqrt(6.0 / fi)); return NNC_OK;
  }
  return base_error(NNC_ERR_ARG, "initializer: unknown kind %d", (int)k);
}
