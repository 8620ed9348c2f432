#!/usr/bin/env python3
"""Fits the e^r polynomial of the float-lane exp (math/simd.hpp, exp_float_core; #12).

Needs mpmath only (Debian python3-mpmath). e^r = 1 + r + r^2 T(r) on |r| <= ln 2 / 2 (the
Cody-Waite reduction's interval), T of degree 4 (e^r of degree 6): weighted least squares of the
result's relative error on Chebyshev nodes, Lawson's reweighting towards the minimax fit, each
coefficient rounded to float from the highest degree down with the lower ones refitted. Prints the
coefficients, highest degree first, as float literals, and the largest relative error of
1 + r + r^2 T(r) in exact arithmetic (2^-29.0 for degree 4). Runs in seconds.
Usage: fit_exp_float.py [degree of T]
"""
import sys

import mpmath as mp

from fitting import rounded_down

mp.mp.dps = 40
HALF_LN2 = mp.log(2) / 2


def t_exact(r):
    r = mp.mpf(r)
    return mp.mpf(0.5) if r == 0 else (mp.expm1(r) - r) / (r * r)


def weight(r):
    # An error dT moves the result by r^2 dT; relative to e^r.
    return max(r * r / mp.exp(r), mp.mpf("1e-30"))


def nodes(count):
    return [HALF_LN2 * mp.cos(mp.pi * (i + mp.mpf(1) / 2) / count) for i in range(count)]


def error(fixed, x):
    return x * x * (sum(fixed[k] * x**k for k in fixed) - t_exact(x)) / mp.exp(x)


def main():
    deg = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    fixed = rounded_down(deg, nodes(200), t_exact, weight, error)
    grid = [HALF_LN2 * (mp.mpf(i) / 2000 - 1) for i in range(4001)]
    worst = max(abs(error(fixed, x)) for x in grid)
    print("T:", ", ".join("%.9gf" % float(fixed[k]) for k in range(deg, -1, -1)))
    print("max relative error of 1 + r + r^2 T(r): 2^%.2f" % float(mp.log(worst, 2)))


if __name__ == "__main__":
    main()
