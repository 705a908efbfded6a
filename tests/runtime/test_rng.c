/* test_rng.c — the seeded generator: determinism, ranges, moments, shuffling. */
#include <criterion/criterion.h>
#include <math.h>

#include "runtime.h"

Test(runtime, rng_same_seed_same_stream) {
  Rng a, b, c;
  rt_rng_seed(&a, 1234);
  rt_rng_seed(&b, 1234);
  rt_rng_seed(&c, 1235);
  int differ = 0;
  for (int i = 0; i < 1000; i++) {
    uint64_t x = rt_rng_next(&a);
    cr_assert_eq(x, rt_rng_next(&b));
    differ += x != rt_rng_next(&c);
  }
  cr_assert_gt(differ, 990);
}

Test(runtime, rng_known_first_value) {
  /* Pins the algorithm: xoshiro256** seeded by splitmix64(0). A change here changes every
   * model's initial weights. */
  Rng r;
  rt_rng_seed(&r, 0);
  uint64_t first = rt_rng_next(&r);
  Rng again;
  rt_rng_seed(&again, 0);
  cr_assert_eq(first, rt_rng_next(&again));
  cr_assert_eq(r.s[0] != 0 || r.s[1] != 0 || r.s[2] != 0 || r.s[3] != 0, 1);
  cr_assert_eq(first, 0x99ec5f36cb75f2b4ull, "first value %llx", (unsigned long long)first);
}

Test(runtime, rng_uniform_in_range_with_right_moments) {
  Rng r;
  rt_rng_seed(&r, 7);
  double sum = 0, sq = 0;
  int n = 200000;
  for (int i = 0; i < n; i++) {
    double u = rt_rng_range(&r, -2, 3);
    cr_assert(u >= -2 && u < 3);
    sum += u;
    sq += u * u;
  }
  double mean = sum / n, var = sq / n - mean * mean;
  cr_assert_float_eq(mean, 0.5, 0.02);
  cr_assert_float_eq(var, 25.0 / 12, 0.03);
}

Test(runtime, rng_normal_moments) {
  Rng r;
  rt_rng_seed(&r, 9);
  double sum = 0, sq = 0;
  int n = 200000;
  for (int i = 0; i < n; i++) {
    double z = rt_rng_normal(&r);
    cr_assert(isfinite(z));
    sum += z;
    sq += z * z;
  }
  cr_assert_float_eq(sum / n, 0.0, 0.01);
  cr_assert_float_eq(sq / n, 1.0, 0.02);
}

Test(runtime, rng_truncated_normal_within_two_std) {
  Rng r;
  rt_rng_seed(&r, 11);
  double sq = 0;
  int n = 100000;
  for (int i = 0; i < n; i++) {
    double z = rt_rng_truncated_normal(&r, 1.0, 0.5);
    cr_assert(z >= 0.0 && z <= 2.0);
    sq += (z - 1) * (z - 1);
  }
  /* the std of a unit normal truncated at ±2 is 0.87962566 */
  cr_assert_float_eq(sqrt(sq / n), 0.5 * 0.87962566, 0.005);
}

Test(runtime, rng_below_is_in_range_and_covers) {
  Rng r;
  rt_rng_seed(&r, 3);
  int hits[7] = {0};
  for (int i = 0; i < 7000; i++) {
    uint64_t k = rt_rng_below(&r, 7);
    cr_assert_lt(k, 7u);
    hits[k]++;
  }
  for (int k = 0; k < 7; k++)
    cr_assert(hits[k] > 850 && hits[k] < 1150, "bucket %d: %d", k, hits[k]);
  cr_assert_eq(rt_rng_below(&r, 0), 0u);
}

Test(runtime, rng_shuffle_is_a_deterministic_permutation) {
  int64_t a[100], b[100];
  for (int i = 0; i < 100; i++)
    a[i] = b[i] = i;
  Rng r1, r2;
  rt_rng_seed(&r1, 5);
  rt_rng_seed(&r2, 5);
  rt_rng_shuffle(&r1, a, 100);
  rt_rng_shuffle(&r2, b, 100);
  int seen[100] = {0}, moved = 0;
  for (int i = 0; i < 100; i++) {
    cr_assert_eq(a[i], b[i]);
    seen[a[i]]++;
    moved += a[i] != i;
  }
  for (int i = 0; i < 100; i++)
    cr_assert_eq(seen[i], 1);
  cr_assert_gt(moved, 80);
}

/* The initializers' portable logarithm: within a few ulp of libm's over (0, 1] and beyond. */
Test(runtime, rng_portable_log_is_accurate) {
  Rng r;
  rt_rng_seed(&r, 21);
  for (int i = 0; i < 100000; i++) {
    double x = ldexp(1.0 + rt_rng_uniform(&r), (int)rt_rng_below(&r, 120) - 100);
    double want = log(x);
    cr_assert_float_eq(rt_log_f64(x), want, 4e-16 * fmax(1, fabs(want)), "log(%a)", x);
    float xf = (float)x;
    cr_assert_float_eq(rt_log_f32(xf), log((double)xf), 3e-7 * fmax(1, fabs(want)), "logf(%a)", x);
  }
  cr_assert_eq(rt_log_f64(1.0), 0.0);
  cr_assert_eq(rt_log_f32(1.0f), 0.0f);
}

Test(runtime, rng_f32_draws_in_range_with_right_moments) {
  Rng r;
  rt_rng_seed(&r, 23);
  double su = 0, sz = 0, qz = 0;
  int n = 200000;
  for (int i = 0; i < n; i++) {
    float u = rt_rng_uniform_f32(&r);
    cr_assert(u >= 0.0f && u < 1.0f);
    cr_assert_eq(u * 0x1p24f, floorf(u * 0x1p24f)); /* 24 bits: exact */
    su += u;
    float z = rt_rng_normal_f32(&r, 2.0f);
    cr_assert(z >= -2.0f && z <= 2.0f);
    sz += z;
    qz += (double)z * z;
  }
  cr_assert_float_eq(su / n, 0.5, 0.003);
  cr_assert_float_eq(sz / n, 0.0, 0.01);
  cr_assert_float_eq(sqrt(qz / n), 0.87962566, 0.005);
}
