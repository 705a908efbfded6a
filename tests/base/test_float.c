/* test_float.c — the shortest decimal form of floats and doubles: known values, the
 * round-trip and minimality properties on random bit patterns, and Python's own repr of
 * random doubles (plain /usr/bin/python3, no library needed). */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"
#include "support.h"

static const char *repr(double v) {
  static char buf[BASE_REPR_MAX];
  base_repr_double(v, buf);
  return buf;
}

Test(float, repr_of_known_values) {
  static const struct { double v; const char *s; } cases[] = {
      {0.1, "0.1"}, {1.0, "1.0"}, {-0.0, "-0.0"}, {0.0, "0.0"}, {1e16, "1e+16"},
      {1e15, "1000000000000000.0"}, {1e-4, "0.0001"}, {1e-5, "1e-05"}, {123.456, "123.456"},
      {0.1 + 0.2, "0.30000000000000004"}, {1.5e300, "1.5e+300"}, {5e-324, "5e-324"},
      {1.7976931348623157e308, "1.7976931348623157e+308"}, {NAN, "nan"}, {-INFINITY, "-inf"},
      {2.0 / 3.0, "0.6666666666666666"}, {100.0, "100.0"}, {0.857, "0.857"},
      {9007199254740993.0, "9007199254740992.0"}, {-2.5e-7, "-2.5e-07"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    cr_expect_str_eq(repr(cases[i].v), cases[i].s);
}

static uint64_t next(uint64_t *s) {
  *s += 0x9e3779b97f4a7c15u;
  uint64_t z = *s;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

/* Digits read back; one digit fewer (rounded either way) does not. */
static void check_shortest(double v, bool single) {
  char d[BASE_DIGITS_MAX + 1], text[64];
  int decpt, n = base_shortest_digits(v, single, d, &decpt);
  snprintf(text, sizeof text, "0.%se%d", d, decpt);
  double back = single ? strtof(text, NULL) : strtod(text, NULL);
  cr_assert(back == fabs(v), "%.17g: %s does not read back", v, text);
  if (n > 1) {
    char shorter[64];
    snprintf(shorter, sizeof shorter, "%.*e", n - 2, fabs(v));
    double s = single ? strtof(shorter, NULL) : strtod(shorter, NULL);
    cr_assert(s != fabs(v), "%.17g: %s is shorter than %s", v, shorter, text);
  }
}

Test(float, shortest_digits_round_trip_and_are_minimal) {
  uint64_t seed = 7;
  for (int i = 0; i < 20000; i++) {
    uint64_t bits = next(&seed);
    double v;
    memcpy(&v, &bits, sizeof v);
    if (isfinite(v) && v != 0)
      check_shortest(v, false);
    uint32_t fbits = (uint32_t)bits;
    float f;
    memcpy(&f, &fbits, sizeof f);
    if (isfinite(f) && f != 0)
      check_shortest(f, true);
  }
  for (int e = -1074; e < 1024; e++) /* powers of two: the uneven neighbours */
    check_shortest(ldexp(1, e), false);
  for (int e = -149; e < 128; e++)
    check_shortest(ldexpf(1, e), true);
}

Test(float, repr_matches_python_on_random_doubles) {
  if (system("/usr/bin/python3 -c '' 2>/dev/null") != 0)
    cr_skip_test("/usr/bin/python3 is absent");
  char path[] = "/tmp/nnc_floatXXXXXX";
  int fd = mkstemp(path);
  cr_assert(fd >= 0);
  FILE *f = fdopen(fd, "w");
  uint64_t seed = 11;
  enum { N = 3000 };
  static double vals[N];
  for (int i = 0; i < N; i++) {
    uint64_t bits = next(&seed);
    if (i % 3 == 0) /* also ordinary magnitudes, not only the extremes random bits favour */
      bits = (bits & 0x800fffffffffffffu) | (uint64_t)(1000 + (int)(bits % 48)) << 52;
    memcpy(&vals[i], &bits, sizeof(double));
    fprintf(f, "%016llx\n", (unsigned long long)bits);
  }
  fclose(f);
  char cmd[200];
  snprintf(cmd, sizeof cmd, "/usr/bin/python3 -c \"import struct,sys\nfor l in open('%s'): "
           "print(repr(struct.unpack('<d', bytes.fromhex(l.strip())[::-1])[0]))\"", path);
  FILE *p = popen(cmd, "r");
  cr_assert_not_null(p);
  char line[64];
  for (int i = 0; i < N && fgets(line, sizeof line, p); i++) {
    line[strcspn(line, "\n")] = 0;
    cr_expect_str_eq(repr(vals[i]), line, "bits of #%d", i);
  }
  pclose(p);
  remove(path);
}
