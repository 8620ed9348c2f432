#!/usr/bin/env python3
"""Fits the tables of gelu's float table kernel (math/simd.hpp, u_cdf_and_slope_table; #12, #14).

Needs mpmath only (Debian python3-mpmath); runs in about 5 seconds. The kernel takes the Mills
ratio R(a) = Phi(-a) / phi(a) on 8 intervals of a = |u| in [0, 12) (widths 1, 1, 1, 1, 2, 2, 2,
2), each a polynomial P(t) = c0 + c1 t + t^2 (c2 + ... + c8 t^6) in t = a - centre:
  - on [0, 1) P is D(a) = R(a) - a, centred at D's zero a0 = 0.75179... (the zero of gelu',
    centre = a0 as hi + lo), with c0 = 0: relative accuracy at the zero;
  - elsewhere P is R(a), centred at the middle of the interval.
c0 and c1 are hi + lo pairs of floats (the kernel carries c0 + c1 t exactly); c2..c8 are
fitted (weighted least squares, Lawson reweighting towards minimax relative error) and then
rounded to float one at a time from c2 up, the higher ones refitted after each. Printed in the
kernel's order: the interval index is k & 7 with k = bits(a + 4) >> 21, 0..3 for a in
[4, 12), 4..7 for a in [0, 4). Also prints the relative error of each interval's polynomial
(exact arithmetic, float coefficients; relative to c1 t on [0, 1)).
"""
import struct
import sys

import mpmath as mp

mp.mp.dps = 40
DEG = 8
INTERVALS = [(0, 1, None), (1, 2, 1.5), (2, 3, 2.5), (3, 4, 3.5), (4, 6, 5), (6, 8, 7), (8, 10, 9), (10, 12, 11)]


def f32(x):
    return mp.mpf(struct.unpack("f", struct.pack("f", float(x)))[0])


def mills(a):
    a = mp.mpf(a)
    return mp.erfc(a / mp.sqrt(2)) / 2 * mp.exp(a * a / 2) * mp.sqrt(2 * mp.pi)


def lsq(ts, ys, ws, powers):
    a = mp.matrix(len(ts), len(powers))
    b = mp.matrix(len(ts), 1)
    for i, (t, y, w) in enumerate(zip(ts, ys, ws)):
        for j, p in enumerate(powers):
            a[i, j] = w * t**p
        b[i] = w * y
    x, _ = mp.qr_solve(a, b)
    return [x[j] for j in range(len(powers))]


def fit(lo, hi, centre, a0):
    zero = centre is None
    c = a0 if zero else mp.mpf(centre)
    f = (lambda a: mills(a) - a) if zero else mills
    n = 64
    ts = [(lo + hi) / mp.mpf(2) - c + (hi - lo) / mp.mpf(2) * mp.mpf("1.002") * mp.cos(mp.pi * (i + mp.mpf(1) / 2) / n)
          for i in range(n)]
    ts += [mp.mpf(lo) - c, mp.mpf(hi) - c]
    rs = [f(c + t) for t in ts]
    r0 = mp.mpf(0) if zero else f(c)
    c0h = f32(r0)
    c0l = f32(r0 - c0h)
    ws = [1 / abs(t) for t in ts] if zero else [1 / r for r in rs]
    w = list(ws)
    for _ in range(10):
        coef = lsq(ts, [r - c0h - c0l for r in rs], w, list(range(1, DEG + 1)))
        errs = [abs((c0h + c0l + sum(coef[j] * t**(j + 1) for j in range(DEG)) - r) * wi)
                for t, r, wi in zip(ts, rs, ws)]
        m = max(errs)
        w = [wi * (1 + e / m) for wi, e in zip(w, errs)]
    c1 = coef[0]
    rounded = [c1]
    for j in range(1, DEG):
        cur = lsq(ts, [r - c0h - c0l - sum(rounded[i] * t**(i + 1) for i in range(j)) for t, r in zip(ts, rs)], w,
                  list(range(j + 1, DEG + 1)))
        rounded.append(f32(cur[0]))
    worst = 0
    for i in range(401):
        t = mp.mpf(lo) - c + (hi - lo) * mp.mpf(i) / 400
        if zero and abs(t) < mp.mpf(2)**-40:
            continue
        p = c0h + c0l + sum(rounded[k] * t**(k + 1) for k in range(DEG))
        v = f(c + t)
        worst = max(worst, abs((p - v) / (t * c1)) if zero else abs(p / v - 1))
    print("// [%g, %g): relative error 2^%.1f" % (lo, hi, float(mp.log(worst, 2))), file=sys.stderr)
    c1h = f32(c1)
    return {"centre": f32(c) if not zero else f32(a0), "centre_lo": f32(a0 - f32(a0)) if zero else 0,
            "sign": 1 if zero else -1, "c1h": c1h, "c1l": f32(c1 - c1h), "c0h": c0h, "c0l": c0l,
            "c": [c1h] + rounded[1:]}


def main():
    a0 = mp.findroot(lambda a: mills(a) - a, 0.75)
    print("// a0 = %s" % mp.nstr(a0, 25), file=sys.stderr)
    out = [fit(lo, hi, c, a0) for lo, hi, c in INTERVALS]
    order = list(range(4, 8)) + list(range(0, 4))

    def lit(v):
        s = "%.9g" % float(v)
        return s + (".0f" if "." not in s and "e" not in s else "f")

    def row(vals):
        return "{" + ", ".join(lit(vals[i]) for i in order) + "}"

    for key in ("centre", "centre_lo"):
        print(key, row([o[key] for o in out]))
    for k in range(DEG, 1, -1):
        print("c%d" % k, row([o["c"][k - 1] for o in out]))
    for key in ("c1h", "c1l", "c0h", "c0l", "sign"):
        print(key, row([o[key] for o in out]))


if __name__ == "__main__":
    main()
