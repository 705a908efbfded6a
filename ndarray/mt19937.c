/* mt19937.c — numpy's legacy RandomState stream: the Mersenne Twister MT19937 (Matsumoto and
 * Nishimura, 1998) and the draws numpy's RandomState makes from it.
 *
 * Everything here follows numpy 1.24's numpy/random (mt19937.c, legacy-distributions.c,
 * distributions.c) step for step, so that np.random.seed(s) followed by any legacy call gives
 * numpy's numbers bit for bit: doubles take 27 + 26 bits of two 32-bit outputs; normals come
 * from the polar method, which makes two and keeps the second for the next call (reseeding
 * forgets it); bounded integers mask the output to the smallest covering power of two and
 * draw again while above the bound, from a 32-bit output when the range fits in 32 bits.
 * The one libm call is log (in gauss), as in numpy, so the stream matches numpy's wherever
 * both use the same libm.
 */
#include <math.h>

#include "ndarray.h"

enum { MT_N = ND_MT_WORDS, MT_M = 397 };

#define MATRIX_A 0x9908b0dfu
#define UPPER_MASK 0x80000000u
#define LOWER_MASK 0x7fffffffu

static void reset_cache(NdMt19937 *m) {
  m->has_gauss = false;
  m->gauss = 0;
}

/* Knuth's linear congruential fill (init_genrand), numpy's seeding of an integer seed. */
void nd_mt_seed(NdMt19937 *m, uint32_t seed) {
  m->key[0] = seed;
  for (int i = 1; i < MT_N; i++)
    m->key[i] = 1812433253u * (m->key[i - 1] ^ (m->key[i - 1] >> 30)) + (uint32_t)i;
  m->pos = MT_N;
  reset_cache(m);
}

/* init_by_array: numpy's seeding of an array of 32-bit words. */
void nd_mt_seed_array(NdMt19937 *m, const uint32_t *key, int n) {
  uint32_t *mt = m->key;
  nd_mt_seed(m, 19650218u);
  int i = 1, j = 0;
  for (int k = MT_N > n ? MT_N : n; k; k--) {
    mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint32_t)j;
    if (++i >= MT_N) {
      mt[0] = mt[MT_N - 1];
      i = 1;
    }
    if (++j >= n)
      j = 0;
  }
  for (int k = MT_N - 1; k; k--) {
    mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - (uint32_t)i;
    if (++i >= MT_N) {
      mt[0] = mt[MT_N - 1];
      i = 1;
    }
  }
  mt[0] = 0x80000000u; /* the top bit set: the state is never all zeros */
  m->pos = MT_N;
  reset_cache(m);
}

static uint32_t twist(uint32_t a, uint32_t b, uint32_t far) {
  uint32_t y = (a & UPPER_MASK) | (b & LOWER_MASK);
  return far ^ (y >> 1) ^ (-(y & 1u) & MATRIX_A);
}

/* The next 624 words of state. */
static void generate(NdMt19937 *m) {
  uint32_t *k = m->key;
  int i = 0;
  for (; i < MT_N - MT_M; i++)
    k[i] = twist(k[i], k[i + 1], k[i + MT_M]);
  for (; i < MT_N - 1; i++)
    k[i] = twist(k[i], k[i + 1], k[i + MT_M - MT_N]);
  k[MT_N - 1] = twist(k[MT_N - 1], k[0], k[MT_M - 1]);
  m->pos = 0;
}

uint32_t nd_mt_next32(NdMt19937 *m) {
  if (m->pos == MT_N)
    generate(m);
  uint32_t y = m->key[m->pos++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

uint64_t nd_mt_next64(NdMt19937 *m) {
  uint64_t hi = nd_mt_next32(m);
  return hi << 32 | nd_mt_next32(m);
}

double nd_mt_double(NdMt19937 *m) {
  int32_t a = (int32_t)(nd_mt_next32(m) >> 5), b = (int32_t)(nd_mt_next32(m) >> 6);
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

double nd_mt_gauss(NdMt19937 *m) {
  if (m->has_gauss) {
    double keep = m->gauss;
    reset_cache(m);
    return keep;
  }
  double x1, x2, r2;
  do {
    x1 = 2.0 * nd_mt_double(m) - 1.0;
    x2 = 2.0 * nd_mt_double(m) - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 == 0.0);
  double f = sqrt(-2.0 * log(r2) / r2);
  m->gauss = f * x1;
  m->has_gauss = true;
  return f * x2;
}

/* The smallest 2^k - 1 that is >= max. */
static uint64_t mask_of(uint64_t max) {
  uint64_t mask = max;
  for (int s = 1; s < 64; s *= 2)
    mask |= mask >> s;
  return mask;
}

uint64_t nd_mt_interval(NdMt19937 *m, uint64_t max) {
  if (max == 0)
    return 0;
  uint64_t mask = mask_of(max), v;
  if (max <= 0xffffffffu)
    while ((v = nd_mt_next32(m) & mask) > max)
      ;
  else
    while ((v = nd_mt_next64(m) & mask) > max)
      ;
  return v;
}

uint64_t nd_mt_bounded(NdMt19937 *m, uint64_t range) {
  if (range == 0)
    return 0;
  if (range == 0xffffffffu)
    return nd_mt_next32(m);
  if (range == UINT64_MAX)
    return nd_mt_next64(m);
  return nd_mt_interval(m, range);
}

/* Bytes and bits of one 32-bit output, lowest first, as numpy's buffered uint8 and bool
 * draws take them. */
static uint32_t buffered(NdMt19937 *m, NdMtBuffer *b, int width) {
  if (b->left == 0) {
    b->bits = nd_mt_next32(m);
    b->left = 32 / width - 1;
  } else {
    b->bits >>= width;
    b->left--;
  }
  return b->bits;
}

uint64_t nd_mt_bounded_small(NdMt19937 *m, uint64_t range, int width, NdMtBuffer *b) {
  if (range == 0)
    return 0;
  if (width == 1)
    return buffered(m, b, 1) & 1u;
  uint32_t mask = (uint32_t)mask_of(range), v;
  if (range == 0xff)
    return buffered(m, b, 8) & 0xffu;
  while ((v = buffered(m, b, 8) & 0xffu & mask) > range)
    ;
  return v;
}
