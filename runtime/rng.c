/* rng.c — the runtime's seeded random numbers: xoshiro256** (Blackman and Vigna, 2018).
 *
 * The 256-bit state is filled from the 64-bit seed by splitmix64, as the authors advise,
 * so seed 0 is as good as any. Everything here is integer arithmetic and IEEE double
 * operations in a fixed order, so the same seed gives bit-identical numbers on every run
 * and machine. Normals come from the Box-Muller transform, one draw per call (no cached
 * second value, so the stream never depends on how calls interleave).
 */
#include <math.h>

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

double rt_rng_normal(Rng *r) {
  double u1 = 1.0 - rt_rng_uniform(r); /* (0, 1]: log is finite */
  double u2 = rt_rng_uniform(r);
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

double rt_rng_truncated_normal(Rng *r, double mean, double std) {
  double z;
  do
    z = rt_rng_normal(r);
  while (fabs(z) > 2.0);
  return mean + std * z;
}

void rt_rng_shuffle(Rng *r, int64_t *idx, int64_t n) {
  for (int64_t i = n - 1; i > 0; i--) {
    int64_t j = (int64_t)rt_rng_below(r, (uint64_t)i + 1);
    int64_t t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
}
