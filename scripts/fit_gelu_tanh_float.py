#!/usr/bin/env python3
"""Fits the polynomial of gelu_tanh's float-lane kernel around the zero of its derivative
(activations/gelu_tanh.hpp, gelu_tanh_impl::float_lanes_band; #12).

Needs mpmath only (Debian python3-mpmath). gelu_tanh'(u) = g(u) (1 + u g(-u) z'(u)),
g = sigma(z), z(u) = 2 sqrt(2/pi) (u + 0.044715 u^3), has one zero u0 = -0.75179...; next to it
the sum cancels. On the band [-0.9, -0.6] the kernel computes gelu_tanh'(u) = (t - u0l) P(t),
t = u - u0h (exact), u0 = u0h + u0l (u0h the float nearest u0). P is fitted to the relative
error of the result (least squares on Chebyshev nodes, coefficients rounded to float from the
highest degree down, the lower ones refitted). Prints u0h, u0l, P's coefficients (highest
degree first) and the largest relative error of (t - u0l) P(t) in exact arithmetic.
Usage: fit_gelu_tanh_float.py [degree]
"""
import sys

import mpmath as mp

from fitting import f32, rounded_down

mp.mp.dps = 50
K = 2 * mp.sqrt(2 / mp.pi)
C = mp.mpf("0.044715")
LO, HI = mp.mpf("-0.9"), mp.mpf("-0.6")


def slope(u):
    z = K * (u + C * u**3)
    dz = K * (1 + 3 * C * u**2)
    g = 1 / (1 + mp.exp(-z))
    gm = 1 / (1 + mp.exp(z))
    return g * (1 + u * gm * dz)


def main():
    deg = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    u0 = mp.findroot(slope, mp.mpf("-0.75"))
    u0h = f32(u0)
    u0l = f32(u0 - u0h)
    rest = u0 - u0h - u0l  # below float's reach: part of the fit's error

    def p_exact(t):
        u = u0h + t
        return slope(u) / (t - u0l - rest) if t != u0l + rest else mp.diff(slope, u0)

    def weight(t):
        return mp.mpf(1) / abs(p_exact(t))

    n = 300
    ts = [(LO + HI) / 2 - u0h + (HI - LO) / 2 * mp.cos(mp.pi * (i + mp.mpf(1) / 2) / n) for i in range(n)]
    fixed = rounded_down(deg, ts, p_exact, weight)
    worst = mp.mpf(0)
    for i in range(2001):
        u = LO + (HI - LO) * i / 2000
        t = u - u0h
        got = (t - u0l) * sum(fixed[k] * t**k for k in fixed)
        ref = slope(u)
        if ref != 0:
            worst = max(worst, abs(got / ref - 1))
    print("u0h = %.9gf, u0l = %.9gf (u0 = %s)" % (float(u0h), float(u0l), mp.nstr(u0, 20)))
    print("P:", ", ".join("%.9gf" % float(fixed[k]) for k in range(deg, -1, -1)))
    print("max relative error of (t - u0l) P(t): 2^%.2f" % float(mp.log(worst, 2)))


if __name__ == "__main__":
    main()
