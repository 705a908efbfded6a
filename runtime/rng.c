/* rng.c — the runtime's seeded random numbers: xoshiro256** (Blackman and Vigna, 2018).
 *
 * The 256-bit state is filled from the 64-bit seed by splitmix64, as the authors advise,
 * so seed 0 is as good as any. Everything here is integer arithmetic and IEEE double
 * operations in a fixed order, so the same seed gives bit-identical numbers on every run
 * and machine.
 *
 * The draws of the weight initializers are also compiled into nnc build's objects
 * (codegen/object_init.c emits the very same operations in IR), and an object's init must
 * give the weights nnc run gives. So they use only what rounds the same everywhere:
 * integer arithmetic, exact integer-to-float conversions and IEEE +, -, *, / and sqrt in the
 * weight's own precision, one rounding each (no fused multiply-add: CMake builds runtime/
 * with -ffp-contract=off), and no libm but sqrt, which IEEE requires correctly rounded. f32
 * weights are drawn in f32 so that an FPU without doubles (Cortex-M4) needs no soft-float.
 * Normals come from Marsaglia's polar method, one value per call (no cached second value,
 * so the stream never depends on how calls interleave), with the logarithm below.
 */
#include <math.h>
#include <string.h>

#include "runtime.h"

static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void rt_rng_seed(Rng *r, uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 4; i++)
    r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

uint64_t rt_rng_next(Rng *r) {
  uint64_t *s = r->s;
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

double rt_rng_uniform(Rng *r) {
  return (double)(rt_rng_next(r) >> 11) * 0x1.0p-53;
}

double rt_rng_range(Rng *r, double lo, double hi) {
  return lo + (hi - lo) * rt_rng_uniform(r);
}

uint64_t rt_rng_below(Rng *r, uint64_t n) {
  if (n == 0)
    return 0;
  uint64_t limit = UINT64_MAX - UINT64_MAX % n; /* reject the biased top */
  uint64_t x;
  do
    x = rt_rng_next(r);
  while (x >= limit);
  return x % n;
}

/* ---- the portable draws (mirrored by codegen/object_init.c) ---- */

float rt_rng_uniform_f32(Rng *r) {
  return (float)(uint32_t)(rt_rng_next(r) >> 40) * 0x1p-24f;
}

/* log(x) for positive normal x: x = m 2^e with m in [sqrt(1/2), sqrt(2)), f = m - 1,
 * s = f/(2+f), log(1+f) = f - s(f - R(s^2)) with R the atanh series; as codegen/vmath.c's
 * cg_log, but one rounding per operation. */
float rt_log_f32(float x) {
  uint32_t b;
  memcpy(&b, &x, sizeof b);
  int32_t e = (int32_t)(b >> 23) - 127;
  b = (b & 0x7fffffu) | 0x3f800000u;
  float m;
  memcpy(&m, &b, sizeof m);
  if (m > (float)BASE_SQRT2) {
    m = m * 0.5f;
    e = e + 1;
  }
  float f = m - 1.0f;
  float s = f / (f + 2.0f);
  float z = s * s;
  float p = (float)(2.0 / (2 * BASE_LOG_TERMS_F32 + 1));
  for (int j = BASE_LOG_TERMS_F32 - 1; j >= 1; j--)
    p = p * z + (float)(2.0 / (2 * j + 1));
  float lg = f - s * (f - p * z);
  float ef = (float)e;
  return ef * (float)BASE_LN2_HI_F32 + (ef * (float)BASE_LN2_LO_F32 + lg);
}

double rt_log_f64(double x) {
  uint64_t b;
  memcpy(&b, &x, sizeof b);
  int64_t e = (int64_t)(b >> 52) - 1023;
  b = (b & 0xfffffffffffffull) | 0x3ff0000000000000ull;
  double m;
  memcpy(&m, &b, sizeof m);
  if (m > BASE_SQRT2) {
    m = m * 0.5;
    e = e + 1;
  }
  double f = m - 1.0;
  double s = f / (f + 2.0);
  double z = s * s;
  double p = 2.0 / (2 * BASE_LOG_TERMS_F64 + 1);
  for (int j = BASE_LOG_TERMS_F64 - 1; j >= 1; j--)
    p = p * z + 2.0 / (2 * j + 1);
  double lg = f - s * (f - p * z);
  double ef = (double)e;
  return ef * BASE_LN2_HI_F64 + (ef * BASE_LN2_LO_F64 + lg);
}

/* Marsaglia's polar method: (u, v) uniform in the unit disc, z = u sqrt(-2 log(s) / s) with
 * s = u^2 + v^2; whole draws are repeated until |z| <= limit. */
float rt_rng_normal_f32(Rng *r, float limit) {
  for (;;) {
    float u = 2.0f * rt_rng_uniform_f32(r) - 1.0f;
    float v = 2.0f * rt_rng_uniform_f32(r) - 1.0f;
    float s = u * u + v * v;
    if (s >= 1.0f || s == 0.0f)
      continue;
    float z = u * sqrtf(-2.0f * rt_log_f32(s) / s);
    if (!(fabsf(z) > limit))
      return z;
  }
}

double rt_rng_normal_f64(Rng *r, double limit) {
  for (;;) {
    double u = 2.0 * rt_rng_uniform(r) - 1.0;
    double v = 2.0 * rt_rng_uniform(r) - 1.0;
    double s = u * u + v * v;
    if (s >= 1.0 || s == 0.0)
      continue;
    double z = u * sqrt(-2.0 * rt_log_f64(s) / s);
    if (!(fabs(z) > limit))
      return z;
  }
}

double rt_rng_normal(Rng *r) {
  return rt_rng_normal_f64(r, INFINITY);
}

double rt_rng_truncated_normal(Rng *r, double mean, double std) {
  return mean + std * rt_rng_normal_f64(r, 2.0);
}

void rt_rng_shuffle(Rng *r, int64_t *idx, int64_t n) {
  for (int64_t i = n - 1; i > 0; i--) {
    int64_t j = (int64_t)rt_rng_below(r, (uint64_t)i + 1);
    int64_t t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
}
