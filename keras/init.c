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

/* The std of a unit normal truncated at ±2: truncated normals divide by it (Keras). */
#define TRUNC_STD 0.87962566103423978

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

/* ---- the fills of names/initializers.def's rows (fans at least 1, as Keras takes them) ---- */

static void init_zeros(nnc_tensor *t, Rng *r, double fan_in, double fan_out) {
  (void)r, (void)fan_in, (void)fan_out;
  fill_const(t, 0);
}

static void init_ones(nnc_tensor *t, Rng *r, double fan_in, double fan_out) {
  (void)r, (void)fan_in, (void)fan_out;
  fill_const(t, 1);
}

static void init_glorot_uniform(nnc_tensor *t, Rng *r, double fan_in, double fan_out) {
  fill_uniform(t, r, sqrt(6.0 / (fan_in + fan_out)));
}

static void init_glorot_normal(nnc_tensor *t, Rng *r, double fan_in, double fan_out) {
  fill_truncated(t, r, sqrt(2.0 / (fan_in + fan_out)) / TRUNC_STD);
}

static void init_he_normal(nnc_tensor *t, Rng *r, double fan_in, double fan_out) {
  (void)fan_out;
  fill_truncated(t, r, sqrt(2.0 / fan_in) / TRUNC_STD);
}

static void init_he_uniform(nnc_tensor *t, Rng *r, double fan_in, double fan_out) {
  (void)fan_out;
  fill_uniform(t, r, sqrt(6.0 / fan_in));
}

typedef void (*Fill)(nnc_tensor *t, Rng *r, double fan_in, double fan_out);
static const Fill fills[] = {
#define INITIALIZER(id, name, cls, aliases, fill, doc) [NNC_INIT_##id] = fill,
#include "initializers.def"
};

nnc_status keras_init_fill(nnc_tensor *t, nnc_initializer k, Rng *r) {
  if (!nnc_initializer_name(k))
    return base_error(NNC_ERR_ARG, "initializer: unknown kind %d", (int)k);
  double fi, fo;
  keras_fans(t, &fi, &fo);
  fills[k](t, r, fi < 1 ? 1 : fi, fo < 1 ? 1 : fo); /* Keras: max(1, fan) */
  return NNC_OK;
}
