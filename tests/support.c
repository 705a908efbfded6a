/* support.c — helpers shared by the Criterion tests.
 *
 * test_rng hashes its seed (one splitmix64 step) so nearby seeds start far apart: with the
 * seed used as the state directly, seed n+1 would be seed n one draw later.
 */
#include "support.h"

static uint64_t splitmix64(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

TestRng test_rng(uint64_t seed) {
  TestRng r = {splitmix64(&seed)};
  return r;
}

double test_uniform(TestRng *r, double lo, double hi) {
  return lo + (hi - lo) * (double)(splitmix64(&r->s) >> 11) / 9007199254740992.0;
}
