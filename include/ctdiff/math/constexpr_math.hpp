/// \file
/// Elementary functions usable in constant expressions.
///
/// The standard library's `<cmath>` is not `constexpr` in C++20, so ctdiff
/// carries its own double-precision implementations. They are used only
/// during constant evaluation (see math/functions.hpp); at run time the
/// standard library is called. They aim at a few ULP, which is what
/// `static_assert` on derivative values needs, not at correct rounding.
#pragma once

#include <bit>
#include <cstdint>
#include <limits>

#include <ctdiff/config.hpp>

namespace ctdiff::math::ce {

inline constexpr double inf = std::numeric_limits<double>::infinity();
inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();
inline constexpr double ln2_hi = 6.93147180369123816490e-01;
inline constexpr double ln2_lo = 1.90821492927058770002e-10;
inline constexpr double inv_ln2 = 1.44269504088896338700e+00;

CTDIFF_HOST_DEVICE constexpr bool isnan(double x) noexcept { return x != x; }
CTDIFF_HOST_DEVICE constexpr double fabs(double x) noexcept { return x < 0 ? -x : (x == 0 ? 0.0 : x); }

// __builtin_bit_cast, not std::bit_cast: nvcc lets device code call the builtin
// without --expt-relaxed-constexpr.

/// 2^k for k in [-1022, 1023].
CTDIFF_HOST_DEVICE constexpr double pow2(int k) noexcept {
    return __builtin_bit_cast(double, static_cast<std::uint64_t>(k + 1023) << 52);
}

/// x * 2^k for any k; a subnormal result is rounded once.
CTDIFF_HOST_DEVICE constexpr double ldexp(double x, int k) noexcept {
    while (k > 1023) {
        x *= pow2(1023);
        k -= 1023;
    }
    while (k < -2044) {
        x *= pow2(-1022);
        k += 1022;
    }
    if (k >= -1022) return x * pow2(k);
    return (x * pow2(k + 1022)) * pow2(-1022);
}

CTDIFF_HOST_DEVICE constexpr double exp(double x) noexcept {
    if (isnan(x)) return x;
    if (x > 709.782712893384) return inf;
    if (x < -745.1332191019412) return 0.0;
    const double kd = x * inv_ln2;
    const auto k = static_cast<int>(kd < 0 ? kd - 0.5 : kd + 0.5);
    const double r = (x - k * ln2_hi) - k * ln2_lo;
    // Taylor series to degree 13 on |r| <= ln2 / 2: truncation below 1e-17.
    double p = 1.0;
    for (int n = 13; n >= 1; --n) p = 1.0 + p * r / n;
    return ldexp(p, k);
}

CTDIFF_HOST_DEVICE constexpr double expm1(double x) noexcept {
    if (isnan(x)) return x;
    if (fabs(x) < 0.5) {
        double p = 1.0;  // expm1(x) = x * (1 + x/2 + x^2/6 + ...)
        for (int n = 20; n >= 2; --n) p = 1.0 + p * x / n;
        return x * p;
    }
    return exp(x) - 1.0;
}

CTDIFF_HOST_DEVICE constexpr double log(double x) noexcept {
    if (isnan(x) || x == inf) return x;
    if (x < 0) return nan;
    if (x == 0) return -inf;
    int e = 0;
    if (x < 2.2250738585072014e-308) {
        x *= pow2(54);
        e = -54;
    }  // subnormal
    const auto bits = __builtin_bit_cast(std::uint64_t, x);
    e += static_cast<int>((bits >> 52) & 0x7ff) - 1023;
    double m = __builtin_bit_cast(double, (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL);
    if (m > 1.4142135623730951) {
        m *= 0.5;
        ++e;
    }
    // log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716.
    const double s = (m - 1.0) / (m + 1.0);
    const double s2 = s * s;
    double p = 0.0;
    for (int n = 25; n >= 1; n -= 2) p = 1.0 / n + s2 * p;
    return e * ln2_hi + (2.0 * s * p + e * ln2_lo);
}

CTDIFF_HOST_DEVICE constexpr double log1p(double x) noexcept {
    if (isnan(x) || x == inf) return x;
    const double u = 1.0 + x;
    if (u == 1.0) return x;
    if (u == 0.0) return -inf;
    return log(u) * (x / (u - 1.0));  // corrects the rounding of 1 + x
}

CTDIFF_HOST_DEVICE constexpr double sqrt(double x) noexcept {
    if (isnan(x) || x == inf || x == 0) return x;
    if (x < 0) return nan;
    int e = 0;
    while (x < 1.0) {
        x *= 4.0;
        --e;
    }
    while (x >= 4.0) {
        x *= 0.25;
        ++e;
    }
    double y = 1.5;  // x in [1, 4): sqrt in [1, 2)
    for (int i = 0; i < 8; ++i) y = 0.5 * (y + x / y);
    return ldexp(y, e);
}

CTDIFF_HOST_DEVICE constexpr double tanh(double x) noexcept {
    if (isnan(x)) return x;
    const double a = fabs(x);
    if (a > 22.0) return x < 0 ? -1.0 : 1.0;
    if (a == 0) return x;
    const double e = expm1(2.0 * a);
    const double t = e / (e + 2.0);
    return x < 0 ? -t : t;
}

CTDIFF_HOST_DEVICE constexpr double erf(double x) noexcept {
    if (isnan(x)) return x;
    const double a = fabs(x);
    if (a == 0) return x;
    if (a > 6.0) return x < 0 ? -1.0 : 1.0;
    double r = 0;
    constexpr double two_over_sqrt_pi = 1.1283791670955126;
    if (a < 3.0) {
        // erf(a) = 2/sqrt(pi) exp(-a^2) sum 2^n a^(2n+1) / (1 * 3 * ... * (2n+1)): positive terms.
        double term = a, sum = a;
        for (int n = 1; n < 120; ++n) {
            term *= 2.0 * a * a / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-18) break;
        }
        r = two_over_sqrt_pi * exp(-a * a) * sum;
    } else {
        // erfc(a) = exp(-a^2)/sqrt(pi) / (a + (1/2)/(a + 1/(a + (3/2)/(a + ...)))), evaluated backwards.
        double f = a;
        for (int n = 60; n >= 1; --n) f = a + (n * 0.5) / f;
        r = 1.0 - 0.5 * two_over_sqrt_pi * exp(-a * a) / f;
    }
    return x < 0 ? -r : r;
}

/// a * b + c. The product is split exactly (Veltkamp and Dekker), so the
/// result is within an ULP of the fused one; exact for a*b - round(a*b).
CTDIFF_HOST_DEVICE constexpr double fma(double a, double b, double c) noexcept {
    if (isnan(a) || isnan(b) || isnan(c)) return nan;
    const double p = a * b;
    if (p == inf || p == -inf || c == inf || c == -inf || p == 0) return p + c;
    if (fabs(a) > 1e150 || fabs(b) > 1e150) return p + c;  // the split would overflow
    constexpr double split = 134217729.0;                  // 2^27 + 1
    const double ta = split * a, ah = ta - (ta - a), al = a - ah;
    const double tb = split * b, bh = tb - (tb - b), bl = b - bh;
    const double e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;  // a*b = p + e exactly
    const double s = p + c;
    const double bv = s - p;
    const double t = (p - (s - bv)) + (c - bv);  // p + c = s + t exactly
    return s + (t + e);
}

/// erfc(x) = 1 - erf(x), with its own continued fraction for x >= 2 where 1 - erf cancels.
CTDIFF_HOST_DEVICE constexpr double erfc(double x) noexcept {
    if (isnan(x)) return x;
    if (x < 2.0) return 1.0 - erf(x);
    if (x > 27.3) return 0.0;
    double f = x;
    for (int n = 120; n >= 1; --n) f = x + (n * 0.5) / f;
    return 0.5 * 1.1283791670955126 * exp(-x * x) / f;
}

/// sin and cos share the reduction x = k pi/2 + r, |r| <= pi/4 (three-part pi/2).
CTDIFF_HOST_DEVICE constexpr double sin_cos(double x, bool want_cos) noexcept {
    if (isnan(x) || fabs(x) == inf) return nan;
    constexpr double pio2_1 = 1.57079632673412561417e+00;
    constexpr double pio2_2 = 6.07710050650619224932e-11;
    constexpr double pio2_3 = 2.02226624879595063154e-21;
    const double kd = x * 0.63661977236758134308;
    const auto k = static_cast<long long>(kd < 0 ? kd - 0.5 : kd + 0.5);
    const double r = ((x - k * pio2_1) - k * pio2_2) - k * pio2_3;
    const double r2 = r * r;
    double s = 1.0, c = 1.0;
    for (int n = 21; n >= 3; n -= 2) s = 1.0 - s * r2 / (n * (n - 1));
    s *= r;
    for (int n = 22; n >= 2; n -= 2) c = 1.0 - c * r2 / (n * (n - 1));
    const auto quadrant = static_cast<int>(((k % 4) + 4) % 4) + (want_cos ? 1 : 0);
    switch (quadrant % 4) {
        case 0:
            return s;
        case 1:
            return c;
        case 2:
            return -s;
        default:
            return -c;
    }
}
CTDIFF_HOST_DEVICE constexpr double sin(double x) noexcept { return x == 0 ? x : sin_cos(x, false); }
CTDIFF_HOST_DEVICE constexpr double cos(double x) noexcept { return sin_cos(x, true); }

}  // namespace ctdiff::math::ce
