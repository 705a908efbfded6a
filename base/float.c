/* float.c — the shortest decimal form of a float or double, and Python's repr(float).
 *
 * base_shortest_digits finds the fewest significant digits that read back (strtod, or
 * strtof for a float) as exactly the same value, and among those the closest to it: the
 * digits Python's repr, numpy's dragon4 in unique mode and JavaScript all print. It asks
 * glibc's printf, which rounds the exact binary value correctly, for 1, 2, ... digits and
 * takes the first that round-trips. The nearest n-digit decimal can miss while another
 * n-digit one hits only when v is a power of two (its lower neighbour is twice as close as
 * its upper one), so there the next decimal up is tried as well.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"

/* Whether the decimal in s reads back as v. */
static bool reads_back(const char *s, double v, bool single) {
  return single ? strtof(s, NULL) == (float)v : strtod(s, NULL) == v;
}

/* Adds one unit in the last digit of the n digits in d ("199" -> "200", "99" -> "100" with
 * the exponent raised); returns the new exponent. */
static int bump(char *d, int n, int exp10) {
  int i = n - 1;
  while (i >= 0 && d[i] == '9')
    d[i--] = '0';
  if (i >= 0) {
    d[i]++;
    return exp10;
  }
  d[0] = '1';
  return exp10 + 1;
}

/* The n significant digits of e-notation text "d.ddde+XX" into d; returns the exponent. */
static int split(const char *text, char *d, int n) {
  d[0] = text[0];
  if (n > 1)
    memcpy(d + 1, text + 2, (size_t)n - 1);
  d[n] = 0;
  return atoi(strchr(text, 'e') + 1);
}

int base_shortest_digits(double v, bool single, char *digits, int *decpt) {
  v = fabs(v);
  if (v == 0 || !isfinite(v)) {
    strcpy(digits, "0");
    *decpt = 1;
    return 1;
  }
  int maxd = single ? 9 : 17;
  bool pow2 = frexp(v, &(int){0}) == 0.5;
  for (int n = 1; n <= maxd; n++) {
    char text[40], probe[48];
    snprintf(text, sizeof text, "%.*e", n - 1, v);
    int e = split(text, digits, n);
    if (reads_back(text, v, single)) {
      *decpt = e + 1;
      return n;
    }
    if (pow2 && n < maxd) {
      char up[BASE_DIGITS_MAX + 1];
      memcpy(up, digits, (size_t)n + 1);
      int eu = bump(up, n, e);
      snprintf(probe, sizeof probe, "%c.%se%d", up[0], up + 1, eu);
      if (reads_back(probe, v, single)) {
        memcpy(digits, up, (size_t)n + 1);
        *decpt = eu + 1;
        return n;
      }
    }
  }
  nnc_unreachable("17 digits always round-trip a double");
}

/* d (n digits, point after decpt of them) without an exponent, at least one digit on each
 * side of the point: "0.001", "120.0", "1.5". */
static size_t positional(const char *d, int n, int decpt, char *buf) {
  size_t k = 0;
  if (decpt <= 0) {
    buf[k++] = '0';
    buf[k++] = '.';
    for (int i = decpt; i < 0; i++)
      buf[k++] = '0';
    memcpy(buf + k, d, (size_t)n);
    k += (size_t)n;
  } else if (n <= decpt) {
    memcpy(buf + k, d, (size_t)n);
    k += (size_t)n;
    for (int i = n; i < decpt; i++)
      buf[k++] = '0';
    buf[k++] = '.';
    buf[k++] = '0';
  } else {
    memcpy(buf + k, d, (size_t)decpt);
    k += (size_t)decpt;
    buf[k++] = '.';
    memcpy(buf + k, d + decpt, (size_t)(n - decpt));
    k += (size_t)(n - decpt);
  }
  buf[k] = 0;
  return k;
}

/* Python's repr(float): positional for 1e-4 <= |v| < 1e16 ("1.0", "0.0001"), else
 * d.ddde+XX with at least two exponent digits ("1e-05", "1.5e+16"). */
size_t base_repr_double(double v, char *buf) {
  if (isnan(v))
    return (size_t)sprintf(buf, "nan");
  if (isinf(v))
    return (size_t)sprintf(buf, v < 0 ? "-inf" : "inf");
  char d[BASE_DIGITS_MAX + 1];
  int decpt, n = base_shortest_digits(v, false, d, &decpt);
  size_t k = 0;
  if (signbit(v))
    buf[k++] = '-';
  if (decpt > -4 && decpt <= 16)
    return k + positional(d, n, decpt, buf + k);
  buf[k++] = d[0];
  if (n > 1)
    k += (size_t)sprintf(buf + k, ".%s", d + 1);
  return k + (size_t)sprintf(buf + k, "e%c%02d", decpt - 1 < 0 ? '-' : '+', abs(decpt - 1));
}
