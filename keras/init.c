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

/* ---- the rules of names/initializers.def's rows (fans at least 1, as Keras takes them):
 * how each fills a tensor, as the state fills of nnc build describe it (ir.h's Fill): a
 * constant, a*u - b for U(-limit, limit), a*z for a normal truncated at 2 std ---- */

static Fill constant(double v) {
  return (Fill){.kind = FILL_CONST, .a = v};
}

static Fill uniform(double limit) {
  return (Fill){.kind = FILL_UNIFORM, .a = 2 * limit, .b = limit};
}

static Fill truncated(double std) {
  return (Fill){.kind = FILL_NORMAL, .a = std, .b = 2};
}

static Fill init_zeros(double fan_in, double fan_out) {
  (void)fan_in, (void)fan_out;
  return constant(0);
}

static Fill init_ones(double fan_in, double fan_out) {
  (void)fan_in, (void)fan_out;
  return constant(1);
}

static Fill init_glorot_uniform(double fan_in, double fan_out) {
  return uniform(sqrt(6.0 / (fan_in + fan_out)));
}

static Fill init_glorot_normal(double fan_in, double fan_out) {
  return truncated(sqrt(2.0 / (fan_in + fan_out)) / TRUNC_STD);
}

static Fill init_he_normal(double fan_in, double fan_out) {
  (void)fan_out;
  return truncated(sqrt(2.0 / fan_in) / TRUNC_STD);
}

static Fill init_he_uniform(double fan_in, double fan_out) {
  (void)fan_out;
  return uniform(sqrt(6.0 / fan_in));
}

typedef Fill (*Rule)(double fan_in, double fan_out);
static const Rule rules[] = {
#define INITIALIZER(id, name, cls, aliases, fill, doc) [NNC_INIT_##id] = fill,
#include "initializers.def"
};

nnc_status keras_init_rule(const nnc_tensor *t, nnc_initializer k, Fill *out) {
  if (!nnc_initializer_name(k))
    return base_error(NNC_ERR_ARG, "initializer: unknown kind %d", (int)k);
  double fi, fo;
  keras_fans(t, &fi, &fo);
  *out = rules[k](fi < 1 ? 1 : fi, fo < 1 ? 1 : fo); /* Keras: max(1, fan) */
  out->dtype = (DType)t->dtype;
  out->shape.rank = t->rank;
  for (int i = 0; i < t->rank; i++)
    out->shape.dim[i] = t->shape[i];
  return NNC_OK;
}

/* ---- drawing: runtime/rng.c's portable draws in the tensor's dtype ---- */

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
