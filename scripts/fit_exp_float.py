#!/usr/bin/env python3
"""Fits the e^r polynomial of the float-lane exp (math/simd.hpp, exp_float_core; #12).

Needs mpmath only (Debian python3-mpmath). e^r = 1 + r + r^2 T(r) on |r| <= ln 2 / 2 (the
Cody-Waite reduction's interval), T of degree 4 (e^r of degree 6): weighted least squares of the
result's relative error on Chebyshev nodes, Lawson's reweighting towards the minimax fit, each
coefficient rounded to float from the highest degree down with the lower ones refitted. Prints the
coefficients, highest degree first, as float literals, and the largest relative error of
1 + r + r^2 T(r) in exact arithmetic (2^-29.0 for degree 4). Runs in seconds.

With --table N (8 on AVX2, 16 on AVX-512: exp_float_table's reduction), the interval is
|r| <= ln 2 / (2 N) and the script also prints the table: 2^(j / N) rounded to float and
its relative correction (2^(j / N) - t_j) / t_j rounded to float, j = 0 .. N - 1.
Usage: fit_exp_float.py [degree of T]
       fit_exp_float.py --table N [degree of T]
"""
import sys

import mpmath as mp

from fitting import f32, rounded_down

mp.mp.dps = 40
HALF_LN2 = mp.log(2) / 2


def table(n):
    t = [f32(mp.power(2, mp.mpf(j) / n)) for j in range(n)]
    d = [f32((mp.power(2, mp.mpf(j) / n) - t[j]) / t[j]) for j in range(n)]
    return t, d


def t_exact(r):
    r = mp.mpf(r)
    return mp.mpf(0.5) if r == 0 else (mp.expm1(r) - r) / (r * r)


def weight(r):
    # An error dT moves the result by r^2 dT; relative to e^r.
    return max(r * r / mp.exp(r), mp.mpf("1e-30"))


def nodes(count, half):
    return [half * mp.cos(mp.pi * (i + mp.mpf(1) / 2) / count) for i in range(count)]


def error(fixed, x):
    return x * x * (sum(fixed[k] * x**k for k in fixed) - t_exact(x)) / mp.exp(x)


def main():
    args = sys.argv[1:]
    n = 0
    if args[:1] == ["--table"]:
        n = int(args[1])
        args = args[2:]
    deg = int(args[0]) if args else (4 if n == 0 else (2 if n <= 8 else 1))
    half = HALF_LN2 if n == 0 else mp.log(2) / (2 * n)
    if n:
        t, d = table(n)
        print("t:", ", ".join(repr(float(v)) + "f" for v in t))
        print("d:", ", ".join(repr(float(v)) + "f" for v in d))
    fixed = rounded_down(deg, nodes(200, half), t_exact, weight, error)
    grid = [half * (mp.mpf(i) / 2000 - 1) for i in range(4001)]
    worst = max(abs(error(fixed, x)) for x in grid)
    print("T:", ", ".join("%.9gf" % float(fixed[k]) for k in range(deg, -1, -1)))
    print("max relative error of 1 + r + r^2 T(r): 2^%.2f" % float(mp.log(worst, 2)))


if __name__ == "__main__":
    main()
