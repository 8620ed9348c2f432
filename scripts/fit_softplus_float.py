#!/usr/bin/env python3
"""Fits the log(1 + e) polynomial of softplus's float-lane kernel (math/simd.hpp, softplus_unit; #12).

Needs mpmath only (Debian python3-mpmath). log(1 + e) = e + e^2 Q(e) on [0, 1], Q of degree 8:
least squares of the result's relative error on Chebyshev nodes of [0, 1], each coefficient
rounded to float from the highest degree down with the lower ones refitted. Prints the coefficients, highest degree first, as float literals, and the largest
relative error of e + e^2 Q(e) in exact arithmetic (2^-25.7 for degree 8). Runs in seconds.
Usage: fit_softplus_float.py [degree]
"""
import sys

import mpmath as mp

from fitting import rounded_down

mp.mp.dps = 40


def q_exact(e):
    e = mp.mpf(e)
    return mp.mpf(-0.5) if e == 0 else (mp.log1p(e) - e) / (e * e)


def weight(e):
    # An error dQ moves the result by e^2 dQ; relative to log(1 + e).
    return max(e * e / mp.log1p(e) if e > 0 else mp.mpf(0), mp.mpf("1e-30"))


def nodes(count):
    return [(1 - mp.cos(mp.pi * (i + mp.mpf(1) / 2) / count)) / 2 for i in range(count)] + [mp.mpf(1)]


def main():
    deg = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    # Rounded from the highest degree down, the lower ones refitted (plain least squares, finer nodes).
    fixed = rounded_down(deg, nodes(400), q_exact, weight)
    worst = max(
        abs(x * x * (sum(fixed[k] * x**k for k in fixed) - q_exact(x))) / mp.log1p(x)
        for x in (mp.mpf(i) / 4000 for i in range(1, 4001))
    )
    print("Q:", ", ".join("%.9gf" % float(fixed[k]) for k in range(deg, -1, -1)))
    print("max relative error of e + e^2 Q(e): 2^%.2f" % float(mp.log(worst, 2)))


if __name__ == "__main__":
    main()
