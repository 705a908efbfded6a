/* support.h — helpers shared by the Criterion tests. */
#ifndef NNC_TESTS_SUPPORT_H
#define NNC_TESTS_SUPPORT_H

#include <stdint.h>

/* A small deterministic generator, so a failing test fails the same way every run. Any two
 * seeds, however close, give unrelated streams. */
typedef struct { uint64_t s; } TestRng;
TestRng test_rng(uint64_t seed);
double test_uniform(TestRng *r, double lo, double hi);

#endif
