/* init.c — Keras's weight initializers, with Keras's formulas.
 *
 * Fans follow keras.initializers' compute_fans: a scalar has fans 1/1; a vector [n] has
 * n/n; a matrix [in, out] (a Dense kernel) has in/out; higher ranks multiply the leading
 * (receptive field) dims into both. Truncated normals are cut at 2 std and their std is
 * divided by 0.87962566, the std of a unit normal truncated at ±2, as Keras does, so the
 * drawn values have the intended variance. Integer tensors get the values truncated.
 * The draws are computed in the tensor's dtype with runtime/rng.c's portable draws (no libm
 * but sqrt), so that nnc build's objects, which draw the same way, give the same weights.
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

/* The draws of t as the state fills of nnc build describe them (ir.h's Fill): a*u - b for
 * U(-limit, limit), a*z for a normal truncated at 2 std, computed in t's dtype with
 * runtime/rng.c's portable draws, so an object's init gives these very bits. */
static Fill rule(const nnc_tensor *t, nnc_initializer k) {
  double fi, fo;
  keras_fans(t, &fi, &fo);
  fi = fi < 1 ? 1 : fi; /* Keras: max(1, fan) so an empty dim never divides by zero */
  double favg = (fi + (fo < 1 ? 1 : fo)) / 2, limit = 0, std = 0;
  const double trunc = 0.87962566103423978; /* the std of a unit normal cut at ±2 */
  Fill f = {.kind = FILL_CONST, .dtype = (DType)t->dtype};
  switch (k) {
  case NNC_INIT_ZEROS: break;
  case NNC_INIT_ONES: f.a = 1; break;
  case NNC_INIT_GLOROT_UNIFORM: limit = sqrt(3.0 / favg); break;
  case NNC_INIT_GLOROT_NORMAL: std = sqrt(1.0 / favg) / trunc; break;
  case NNC_INIT_HE_NORMAL: std = sqrt(2.0 / fi) / trunc; break;
  case NNC_INIT_HE_UNIFORM: limit = sqrt(6.0 / fi); break;
  }
  if (limit > 0)
    f = (Fill){.kind = FILL_UNIFORM, .dtype = f.dtype, .a = 2 * limit, .b = limit};
  if (std > 0)
    f = (Fill){.kind = FILL_NORMAL, .dtype = f.dtype, .a = std, .b = 2};
  return f;
}

nnc_status keras_init_rule(const nnc_tensor *t, nnc_initializer k, Fill *out) {
  if ((unsigned)k > NNC_INIT_HE_UNIFORM)
    return base_error(NNC_ERR_ARG, "initializer: unknown kind %d", (int)k);
  *out = rule(t, k);
  out->shape.rank = t->rank;
  for (int i = 0; i < t->rank; i++)
    out->shape.dim[i] = t->shape[i];
  return NNC_OK;
}

static void fill_f32(float *d, int64_t n, const Fill *f, Rng *r) {
  float a = (float)f->a, b = (float)f->b;
  for (int64_t i = 0; i < n; i++)
    d[i] = f->kind == FILL_UNIFORM  ? a * rt_rng_uniform_f32(r) - b
           : f->kind == FILL_NORMAL ? a * rt_rng_normal_f32(r, b)
                                    : a;
}

/* f64, and i32 by truncating the f64 draws. */
static void fill_f64(nnc_tensor *t, const Fill *f, Rng *r) {
  for (int64_t i = 0; i < t->numel; i++)
    rt_tensor_set(t, i, f->kind == FILL_UNIFORM  ? f->a * rt_rng_uniform(r) - f->b
                        : f->kind == FILL_NORMAL ? f->a * rt_rng_normal_f64(r, f->b)
                                                 : f->a);
}

nnc_status keras_init_fill(nnc_tensor *t, nnc_initializer k, Rng *r) {
  Fill f;
  nnc_status s = keras_init_rule(t, k, &f);
  if (s != NNC_OK)
    return s;
  if (t->dtype == NNC_F32)
    fill_f32(t->data, t->numel, &f, r);
  else
    fill_f64(t, &f, r);
  return NNC_OK;
}
