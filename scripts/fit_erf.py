#!/usr/bin/env python3
"""Prints the Chebyshev coefficients of codegen/vmath.c's erf and erfc (cg_erf, cg_lane_gelu).

    erf(a)  = a * S(u),              u = a^2 in [0, T^2],   S(u) = erf(sqrt u) / sqrt u
    erfc(a) = exp(-a^2) * t * L(t),  t = 3 / (3 + a) for a in [T, A]

each a Chebyshev series in y in [-1, 1], mapped linearly from u or from t: the interpolant at
n Chebyshev points, so f32 can use the first terms of the same series. The function values
come from series evaluated in 420-digit decimal arithmetic, so the coefficients carry no
error of a library's erf. Plain Python 3, no packages: python3 scripts/fit_erf.py
"""
import math
from decimal import Decimal as D, getcontext

getcontext().prec = 420
T, A = D("0.75"), D("27.5")
SMALL, LARGE = 10, 22  # terms for f64; f32 takes the first 6 and 11 (vmath.c)


def pi():
    def atan_inv(n):  # atan(1/n)
        total, term, k, n2 = D(0), D(1) / n, 0, D(n) * n
        while term != 0:
            total += term / (2 * k + 1) * (-1 if k % 2 else 1)
            term /= n2
            k += 1
        return total
    return 16 * atan_inv(5) - 4 * atan_inv(239)


PI = pi()
SQRT_PI = PI.sqrt()


def cos(x):
    total, term, k = D(0), D(1), 0
    while abs(term) > D(10) ** -410:
        total += term
        k += 2
        term = -term * x * x / (k * (k - 1))
    return total


def erf_series(a):
    """2/sqrt(pi) exp(-a^2) sum 2^n a^(2n+1) / (1*3*...*(2n+1)): positive terms only."""
    term, total, n, a2 = a, D(0), 0, a * a
    while term > total * D(10) ** -400:
        total += term
        n += 1
        term = term * 2 * a2 / (2 * n + 1)
    return 2 / SQRT_PI * (-a2).exp() * total


def small(u):  # S(u) = erf(sqrt u) / sqrt u
    if u == 0:
        return 2 / SQRT_PI
    r = u.sqrt()
    return erf_series(r) / r


def large(a):  # exp(a^2) erfc(a) / t, which varies by a factor of 2.5 only
    return (a * a).exp() * (1 - erf_series(a)) * (3 + a) / 3


def chebyshev(f, n):
    """Coefficients of the interpolant of f(y), y in [-1, 1], at n Chebyshev points (the
    sums in decimal too, so that the small coefficients keep their digits)."""
    ys = [cos(PI * (2 * j + 1) / (2 * n)) for j in range(n)]
    c = [D(0)] * n
    for y in ys:
        fy, t0, t1 = f(y), D(1), y
        for k in range(n):
            c[k] += fy * t0
            t0, t1 = t1, 2 * y * t1 - t0
    return [float(ck * 2 / n / (2 if k == 0 else 1)) for k, ck in enumerate(c)]


def value(c, y):
    return sum(ck * math.cos(k * math.acos(y)) for k, ck in enumerate(c))


def show(name, c, f, nf32):
    for n in (nf32, len(c)):
        err = max(abs(value(c[:n], y) / float(f(D(y))) - 1)
                  for y in (math.cos(math.pi * i / 400) for i in range(401)))
        print(f"/* {name}, {n} terms: max relative error {err:.1e} */")
    print(f"static const double {name}[] = {{")
    for k in range(0, len(c), 3):
        print("    " + " ".join(f"{x:.17g}," for x in c[k:k + 3]))
    print("};")


def main():
    s = lambda y: small((y + 1) / 2 * T * T)
    show("erf_small", chebyshev(s, SMALL), s, 6)
    t0, t1 = 3 / (3 + A), 3 / (3 + T)
    l = lambda y: large(3 / (t0 + (y + 1) / 2 * (t1 - t0)) - 3)
    show("erfc_large", chebyshev(l, LARGE), l, 11)
    print(f"/* y = t * {float(2 / (t1 - t0)):.17g} + {float(-(t0 + t1) / (t1 - t0)):.17g} */")


main()
