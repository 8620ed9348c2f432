#!/usr/bin/env python3
"""Fits the coefficients of gelu's float-lane kernel (math/simd.hpp, u_cdf_and_slope; #12).

Needs mpmath only (Debian python3-mpmath). Prints, highest degree first, as float literals:
  exp   e^r = 1 + r + r^2 T(r) on |r| <= ln2/2, T of degree 5 (Chebyshev fit)
  mills the Mills ratio R(a) = Phi(-a)/phi(a) = N(a) / (a N(a) + M(a)) on [0, 13], N of
        degree 5, M of degree 4: a linearised least-squares fit iterated towards minimax
        relative error (Lawson weights), then each coefficient rounded to float from the
        highest degree down with the others refitted; N(0)/M(0) is a pair of floats whose
        ratio is sqrt(pi/2) to 2^-40
  near  S(v) = (Phi(u) - 1/2)/u = k + v T(v), v = u^2 <= 9/16, T of degree 4 (k exact,
        as hi + lo), printed as the coefficients of h = -v/2
  mid   gelu'(u) = Phi(u) + u phi(u) on [-1.35, -0.95] in u + 1.15, degree 6 (the kernel
        with its results carried in two parts, u_cdf_and_slope_precise's)
  band  gelu'(u) = (u - u0) P(s) on [-1.35, -0.5], u0 the zero of gelu', s = u + 0.925:
        P = p0 + s Q(s), p0 as hi + lo, Q of degree 6 fitted to minimax relative error of
        the product (Lawson weights), rounded from the highest degree down (fitting.py)
Runs in about two minutes.
"""
import struct

import mpmath as mp

from fitting import rounded_down

mp.mp.dps = 40


def f32(x):
    return mp.mpf(struct.unpack("f", struct.pack("f", float(x)))[0])


def show(name, coefs):
    print(name + ":", ", ".join("%.9gf" % float(v) for v in coefs))


def mills(a):
    a = mp.mpf(a)
    return mp.erfc(a / mp.sqrt(2)) / 2 * mp.exp(a * a / 2) * mp.sqrt(2 * mp.pi)


def fit_mills(deg_n=5, deg_m=4, hi=13, npts=400, iters=40):
    xs = [mp.mpf(hi) * (1 - mp.cos(mp.pi * (i + mp.mpf(1) / 2) / npts)) / 2 for i in range(npts)]
    xs += [mp.mpf(0), mp.mpf(hi)]
    npts = len(xs)
    rs = [mills(x) for x in xs]
    r0 = mp.sqrt(mp.pi / 2)
    b0 = struct.unpack("I", struct.pack("f", 1.0))[0]
    best = None
    for d in range(1 << 16):
        n0 = mp.mpf(struct.unpack("f", struct.pack("I", b0 + d))[0])
        m0 = f32(n0 / r0)
        e = abs(n0 / m0 / r0 - 1)
        if best is None or e < best[0]:
            best = (e, n0, m0)
    fixed_n, fixed_m = {0: best[1]}, {0: best[2]}

    def solve():
        free_n = [j for j in range(deg_n + 1) if j not in fixed_n]
        free_m = [j for j in range(deg_m + 1) if j not in fixed_m]
        w = [mp.mpf(1)] * npts
        prev = [mp.mpf(1)] * npts
        best = None
        for _ in range(iters):
            rows, rhs = [], []
            for x, r, wi, dp in zip(xs, rs, w, prev):
                s = mp.sqrt(wi) / (r * dp)
                rows.append([s * x**j * (1 - r * x) for j in free_n] + [-s * r * x**j for j in free_m])
                c0 = sum(v * x**j * (1 - r * x) for j, v in fixed_n.items())
                c0 -= sum(r * v * x**j for j, v in fixed_m.items())
                rhs.append(-s * c0)
            a, b = mp.matrix(rows), mp.matrix(rhs)
            sol = mp.lu_solve(a.T * a, a.T * b)
            n = [fixed_n.get(j) for j in range(deg_n + 1)]
            m = [fixed_m.get(j) for j in range(deg_m + 1)]
            for i, j in enumerate(free_n):
                n[j] = sol[i]
            for i, j in enumerate(free_m):
                m[j] = sol[len(free_n) + i]
            errs, dens = [], []
            for x, r in zip(xs, rs):
                nv, mv = mp.polyval(n[::-1], x), mp.polyval(m[::-1], x)
                dens.append(x * nv + mv)
                errs.append(nv / dens[-1] / r - 1)
            e = max(abs(v) for v in errs)
            if best is None or e < best[0]:
                best = (e, n, m)
            w = [wi * abs(ei) + mp.mpf(10) ** -30 for wi, ei in zip(w, errs)]
            total = sum(w)
            w = [wi / total * npts for wi in w]
            prev = dens
        return best

    _, n, m = solve()
    for d in range(max(deg_n, deg_m), 0, -1):
        for which, deg, coefs, fixed in (("N", deg_n, n, fixed_n), ("M", deg_m, m, fixed_m)):
            if d <= deg and d not in fixed:
                fixed[d] = f32(coefs[d])
                if len(fixed_n) + len(fixed_m) < deg_n + deg_m + 2:
                    _, n, m = solve()
    n = [fixed_n[j] for j in range(deg_n + 1)]
    m = [fixed_m[j] for j in range(deg_m + 1)]
    worst = max(abs(mp.polyval(n[::-1], x) / (x * mp.polyval(n[::-1], x) + mp.polyval(m[::-1], x)) / mills(x) - 1)
                for x in mp.linspace(0, hi, 2001))
    print("mills: max relative error with float coefficients 2^%s" % mp.nstr(mp.log(worst, 2), 4))
    show("N", n[::-1])
    show("M", m[::-1])


def main():
    half_ln2 = mp.log(2) / 2

    def t(r):
        r = mp.mpf(r)
        return mp.mpf(1) / 2 + r / 6 if abs(r) < mp.mpf("1e-10") else (mp.exp(r) - 1 - r) / r**2

    show("exp T", mp.chebyfit(t, [-half_ln2 * 1.01, half_ln2 * 1.01], 6))
    fit_mills()
    k = 1 / mp.sqrt(2 * mp.pi)

    def t_near(v):
        v = mp.mpf(v)
        if v < mp.mpf("1e-20"):
            return -k / 6
        return ((mp.ncdf(mp.sqrt(v)) - mp.mpf(1) / 2) / mp.sqrt(v) - k) / v

    # S(v) = k + v T(v), evaluated in h = -v/2 as k + h P(h): P's coefficients are -2 (-2)^i t_i.
    tc = mp.chebyfit(t_near, [0, mp.mpf(9) / 16 * mp.mpf("1.001")], 5)
    show("near P (in h)", [f32(-2 * c * (-2) ** (len(tc) - 1 - i)) for i, c in enumerate(tc)])
    c = f32(-1.15)
    show("mid (centre %s)" % float(c),
         [f32(v) for v in mp.chebyfit(lambda x: mp.ncdf(c + x) + (c + x) * mp.npdf(c + x),
                                      [mp.mpf(-1.35) - c, mp.mpf(-0.95) - c], 7)])

    fit_band()


def fit_band(deg=7, nodes=300):
    """gelu'(u) = (u - u0) P(s), s = u + c, on u in [-1.35, -0.5]."""

    def dgelu(u):
        return mp.ncdf(u) + u * mp.npdf(u)

    u0 = mp.findroot(dgelu, -0.75)
    c = f32(0.925)

    def p(s):
        return dgelu(s - c) / (s - c - u0)

    p0 = p(0)

    def q(s):
        return (p(s) - p0) / s if s != 0 else mp.diff(p, 0)

    lo, hi = mp.mpf(-1.35) + c, mp.mpf(-0.5) + c
    xs = [(lo + hi) / 2 + (hi - lo) / 2 * mp.cos(mp.pi * (k + mp.mpf(0.5)) / nodes) for k in range(nodes)]

    def error(coefs, s):
        return s * (sum(v * s**k for k, v in coefs.items()) - q(s)) / p(s)

    coefs = rounded_down(deg - 1, xs, q, lambda s: s / p(s), error=error, lawson_steps=15)
    grid = [lo + (hi - lo) * i / 3000 for i in range(3001)]
    worst = max(abs(error(coefs, s)) for s in grid if s != 0)
    u0h = f32(u0)
    p0h = f32(p0)
    print("band: u0 = %s + %s, p0 = %s + %s, relative error 2^%.1f" %
          (float(u0h).hex(), float(f32(u0 - u0h)).hex(), float(p0h).hex(), float(f32(p0 - p0h)).hex(),
           float(mp.log(worst, 2))))
    show("band Q", [coefs[k] for k in reversed(range(deg))])


if __name__ == "__main__":
    main()
