/* support.c — helpers shared by the Criterion tests. */
#include "support.h"

TestRng test_rng(uint64_t seed) {
  TestRng r = {seed * 0x9E3779B97F4A7C15ull + 1};
  return r;
}

double test_uniform(TestRng *r, double lo, double hi) {
  /* splitmix64 */
  uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return lo + (hi - lo) * (double)(z >> 11) / 9007199254740992.0;
}
