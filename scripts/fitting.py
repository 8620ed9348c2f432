"""Shared steps of the float polynomial fits (fit_exp_float.py, fit_softplus_float.py).

Needs mpmath only (Debian python3-mpmath). The fitted function is written as
target(x) ~ sum c_k x^k; `weight(x)` turns an error in that sum into the result's relative
error. The coefficients are rounded to float from the highest degree down, each lower one
refitted with the higher ones fixed (`rounded_down`).
"""
import struct

import mpmath as mp


def f32(x):
    """x rounded to float, as an mpf."""
    return mp.mpf(struct.unpack("f", struct.pack("f", float(x)))[0])


def weighted_fit(deg, fixed, xs, lawson, target, weight):
    """Coefficients 0..deg of the polynomial minus the fixed higher ones: weighted least
    squares on the nodes xs, each row also weighted by sqrt(lawson[i])."""
    a = mp.matrix(len(xs), deg + 1)
    b = mp.matrix(len(xs), 1)
    for i, x in enumerate(xs):
        w = weight(x) * mp.sqrt(lawson[i])
        for k in range(deg + 1):
            a[i, k] = w * x**k
        b[i] = w * (target(x) - sum(c * x**k for k, c in fixed.items()))
    return mp.qr_solve(a, b)[0]


def rounded_down(deg, xs, target, weight, error=None, lawson_steps=30):
    """The float coefficients {k: c_k}, rounded from degree deg down. With error(fixed, x)
    (the signed relative error of a trial), Lawson's reweighting at each step: weights grow
    where the error is large, towards equal ripples (the minimax fit); without it, plain
    weighted least squares."""
    fixed = {}
    for top in range(deg, -1, -1):
        lawson = [mp.mpf(1)] * len(xs)
        for _ in range(lawson_steps if error else 1):
            c = weighted_fit(top, fixed, xs, lawson, target, weight)
            if error:
                trial = dict(fixed)
                trial.update({k: c[k] for k in range(top + 1)})
                errs = [abs(error(trial, x)) for x in xs]
                total = sum(l * e for l, e in zip(lawson, errs))
                lawson = [l * e / total for l, e in zip(lawson, errs)]
        fixed[top] = f32(c[top])
    return fixed
