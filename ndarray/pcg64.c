/* pcg64.c — numpy's Generator stream: SeedSequence seeding, the PCG64 bit generator (O'Neill,
 * 2014: a 128-bit LCG with the XSL-RR output) and the integer and uniform draws numpy's
 * Generator makes from it.
 *
 * Everything follows numpy's bit_generator.pyx (SeedSequence), pcg64.h and distributions.c
 * step for step, so np.random.default_rng(seed) gives numpy's numbers bit for bit. Two
 * surprises matter for the stream. A 32-bit draw takes the low half of a 64-bit output and
 * keeps the high half for the next 32-bit draw, across calls (numpy keeps it in the bit
 * generator, not per call). Bounded integers use Lemire's multiply-and-reject on 32 bits
 * when the range fits in 32 bits (consuming those buffered halves) and on 64 bits otherwise,
 * but shuffling uses numpy's older mask-and-reject (random_interval). 128-bit arithmetic is
 * done on 64-bit halves, as C17 has no 128-bit integer.
 */
#include "ndarray.h"

/* ---- SeedSequence: entropy words -> the pool -> the state words ---- */

enum { POOL = 4 };

#define INIT_A 0x43b0d7e5u
#define MULT_A 0x931e8875u
#define INIT_B 0x8b51f9ddu
#define MULT_B 0x58f38dedu
#define MIX_MULT_L 0xca01f9ddu
#define MIX_MULT_R 0x4973f715u

/* numpy's hashmix: the multiplier moves on with every word hashed. */
static uint32_t hashmix(uint32_t v, uint32_t *hash) {
  v ^= *hash;
  *hash *= MULT_A;
  v *= *hash;
  return v ^ v >> 16;
}

static uint32_t mix(uint32_t x, uint32_t y) {
  uint32_t r = MIX_MULT_L * x - MIX_MULT_R * y;
  return r ^ r >> 16;
}

/* SeedSequence(entropy).pool: the first POOL words hashed in (zeros past the end), every
 * word mixed into every other, then the words past POOL mixed into each. */
static void seed_pool(const uint32_t *entropy, int n, uint32_t pool[POOL]) {
  uint32_t hash = INIT_A;
  for (int i = 0; i < POOL; i++)
    pool[i] = hashmix(i < n ? entropy[i] : 0, &hash);
  for (int src = 0; src < POOL; src++)
    for (int dst = 0; dst < POOL; dst++)
      if (src != dst)
        pool[dst] = mix(pool[dst], hashmix(pool[src], &hash));
  for (int src = POOL; src < n; src++)
    for (int dst = 0; dst < POOL; dst++)
      pool[dst] = mix(pool[dst], hashmix(entropy[src], &hash));
}

/* generate_state(n, uint32): the pool cycled, each word hashed by a moving multiplier. */
static void generate_state(const uint32_t pool[POOL], uint32_t *out, int n) {
  uint32_t hash = INIT_B;
  for (int i = 0; i < n; i++) {
    uint32_t v = pool[i % POOL] ^ hash;
    hash *= MULT_B;
    v *= hash;
    out[i] = v ^ v >> 16;
  }
}

/* ---- PCG64 ---- */

/* The high 64 bits of a * b. */
static uint64_t mul_high(uint64_t a, uint64_t b) {
  uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
  uint64_t t = a1 * b0 + (a0 * b0 >> 32);
  uint64_t w1 = (t & 0xffffffffu) + a0 * b1;
  return a1 * b1 + (t >> 32) + (w1 >> 32);
}

/* state = state * MULT + inc (mod 2^128). */
static void step(NdPcg64 *g) {
  const uint64_t mhi = 2549297995355413924ull, mlo = 4865540595714422341ull;
  uint64_t hi = mul_high(g->lo, mlo) + g->hi * mlo + g->lo * mhi, lo = g->lo * mlo;
  g->lo = lo + g->inc_lo;
  g->hi = hi + g->inc_hi + (g->lo < lo);
}

/* pcg64_set_seed: words 0-1 are the state (high first), 2-3 the stream, as numpy views
 * generate_state(4, uint64) (each uint64 two uint32 words, low first). */
static void set_seed(NdPcg64 *g, const uint32_t w[8]) {
  uint64_t s_hi = w[0] | (uint64_t)w[1] << 32, s_lo = w[2] | (uint64_t)w[3] << 32;
  uint64_t q_hi = w[4] | (uint64_t)w[5] << 32, q_lo = w[6] | (uint64_t)w[7] << 32;
  g->inc_hi = q_hi << 1 | q_lo >> 63;
  g->inc_lo = q_lo << 1 | 1;
  g->hi = g->lo = 0;
  step(g);
  uint64_t lo = g->lo + s_lo;
  g->hi += s_hi + (lo < s_lo);
  g->lo = lo;
  step(g);
  g->has32 = false;
  g->u32 = 0;
}

void nd_pcg_seed(NdPcg64 *g, const uint32_t *entropy, int n) {
  uint32_t pool[POOL], w[8];
  seed_pool(entropy, n, pool);
  generate_state(pool, w, 8);
  set_seed(g, w);
}

uint64_t nd_pcg_next64(NdPcg64 *g) {
  step(g);
  uint64_t x = g->hi ^ g->lo;
  unsigned rot = (unsigned)(g->hi >> 58);
  return x >> rot | x << ((64 - rot) & 63);
}

uint32_t nd_pcg_next32(NdPcg64 *g) {
  if (g->has32) {
    g->has32 = false;
    return g->u32;
  }
  uint64_t x = nd_pcg_next64(g);
  g->has32 = true;
  g->u32 = (uint32_t)(x >> 32);
  return (uint32_t)x;
}

double nd_pcg_double(NdPcg64 *g) {
  return (double)(nd_pcg_next64(g) >> 11) * 0x1.0p-53;
}

float nd_pcg_float(NdPcg64 *g) {
  return (float)(nd_pcg_next32(g) >> 8) * 0x1.0p-24f;
}

/* ---- bounded integers ---- */

uint64_t nd_pcg_interval(NdPcg64 *g, uint64_t max) {
  if (max == 0)
    return 0;
  uint64_t mask = max, v;
  for (int s = 1; s < 64; s *= 2)
    mask |= mask >> s;
  if (max <= 0xffffffffu)
    while ((v = nd_pcg_next32(g) & mask) > max)
      ;
  else
    while ((v = nd_pcg_next64(g) & mask) > max)
      ;
  return v;
}

/* Lemire's method on 32 bits: range < 0xffffffff. */
static uint32_t lemire32(NdPcg64 *g, uint32_t range) {
  uint32_t excl = range + 1;
  uint64_t m = (uint64_t)nd_pcg_next32(g) * excl;
  if ((uint32_t)m < excl) {
    uint32_t threshold = (UINT32_MAX - range) % excl;
    while ((uint32_t)m < threshold)
      m = (uint64_t)nd_pcg_next32(g) * excl;
  }
  return (uint32_t)(m >> 32);
}

/* Lemire's method on 64 bits: range < UINT64_MAX. */
static uint64_t lemire64(NdPcg64 *g, uint64_t range) {
  uint64_t excl = range + 1, x = nd_pcg_next64(g);
  if (x * excl < excl) {
    uint64_t threshold = (UINT64_MAX - range) % excl;
    while (x * excl < threshold)
      x = nd_pcg_next64(g);
  }
  return mul_high(x, excl);
}

uint64_t nd_pcg_bounded(NdPcg64 *g, uint64_t range) {
  if (range == 0)
    return 0;
  if (range == 0xffffffffu)
    return nd_pcg_next32(g);
  if (range < 0xffffffffu)
    return lemire32(g, (uint32_t)range);
  if (range == UINT64_MAX)
    return nd_pcg_next64(g);
  return lemire64(g, range);
}

/* Bytes (width 8) and bits (width 1) of one 32-bit draw, lowest first, as numpy's buffered
 * uint8 and bool draws take them; the buffer lives for one fill. */
static uint32_t buffered(NdPcg64 *g, NdMtBuffer *b, int width) {
  if (b->left == 0) {
    b->bits = nd_pcg_next32(g);
    b->left = 32 / width - 1;
  } else {
    b->bits >>= width;
    b->left--;
  }
  return b->bits;
}

uint64_t nd_pcg_bounded_small(NdPcg64 *g, uint64_t range, int width, NdMtBuffer *b) {
  if (range == 0)
    return 0;
  if (width == 1)
    return buffered(g, b, 1) & 1u;
  if (range == 0xff)
    return buffered(g, b, 8) & 0xffu;
  uint32_t excl = (uint32_t)range + 1, m = (buffered(g, b, 8) & 0xffu) * excl;
  if ((m & 0xffu) < excl) {
    uint32_t threshold = (0xffu - (uint32_t)range) % excl;
    while ((m & 0xffu) < threshold)
      m = (buffered(g, b, 8) & 0xffu) * excl;
  }
  return m >> 8;
}
