/// \file
/// Elementary functions usable in constant expressions.
///
/// The standard library's `<cmath>` is not `constexpr` in C++20, so ctdiff
/// carries its own double-precision implementations. They are used only
/// during constant evaluation (see math/functions.hpp); at run time the
/// standard library is called. They aim at a few ULP, which is what
/// `static_assert` on derivative values needs, not at correct rounding; sin and
/// cos are within an ULP at every finite argument (an exact reduction by pi/2).
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

namespace detail {

/// x = k pi/2 + (hi + lo), |hi + lo| <= pi/4 (to rounding), quadrant = k mod 4.
struct reduced_angle {
    double hi;
    double lo;
    int quadrant;
};

/// Bits [from, from + count) of the little-endian 32-bit limbs p[0..n), count <= 64;
/// bits below 0 or above the top read as zero.
CTDIFF_HOST_DEVICE constexpr std::uint64_t limb_bits(const std::uint32_t* p, int n, int from,
                                                     int count) noexcept {
    std::uint64_t r = 0;
    for (int i = count - 1; i >= 0; --i) {
        const int pos = from + i;
        const bool set = pos >= 0 && pos / 32 < n && ((p[pos / 32] >> (pos % 32)) & 1U) != 0;
        r = (r << 1) | (set ? 1U : 0U);
    }
    return r;
}

/// Payne and Hanek's reduction of x 2^scale for |x| >= 2^19 (any finite double, and
/// 2^scale times one up to 2^1141): |x| 2^scale = m 2^e with
/// m a 53-bit integer, and x 2/pi = m 2^e sum c_i 2^(-32(i+1)). The chunks c_i whose
/// terms are multiples of 4 are skipped; the next seven (224 bits of 2/pi) times m,
/// in integer arithmetic, give k mod 4 and the fraction to at least 150 bits, more
/// than the 2^-62 cancellation of the closest double to a multiple of pi/2 needs.
CTDIFF_HOST_DEVICE constexpr reduced_angle reduce_large(double x, int scale) noexcept {
    // 2/pi to 1280 bits, 32 at a time, from mpmath (floor(2/pi 2^1280) split into words).
    constexpr std::uint32_t two_over_pi[40] = {
        0xa2f9836e, 0x4e441529, 0xfc2757d1, 0xf534ddc0, 0xdb629599, 0x3c439041, 0xfe5163ab, 0xdebbc561,
        0xb7246e3a, 0x424dd2e0, 0x06492eea, 0x09d1921c, 0xfe1deb1c, 0xb129a73e, 0xe88235f5, 0x2ebb4484,
        0xe99c7026, 0xb45f7e41, 0x3991d639, 0x835339f4, 0x9c845f8b, 0xbdf9283b, 0x1ff897ff, 0xde05980f,
        0xef2f118b, 0x5a0a6d1f, 0x6d367ecf, 0x27cb09b7, 0x4f463f66, 0x9e5fea2d, 0x7527bac7, 0xebe5f17b,
        0x3d0739f7, 0x8a5292ea, 0x6bfb5fb1, 0x1f8d5d08, 0x56033046, 0xfc7b6bab, 0xf0cfbc20, 0x9af4361d};
    constexpr int window = 7;
    const auto bits = __builtin_bit_cast(std::uint64_t, x);
    const int biased = static_cast<int>((bits >> 52) & 0x7ff);  // normal: |x| >= 2^19
    const std::uint64_t m = (bits & 0x000fffffffffffffULL) | 0x0010000000000000ULL;
    const int e = biased - 1075 + scale;  // |x| 2^scale = m 2^e
    if (e > 1089) return {nan, nan, 0};   // beyond the table: |x| 2^scale >= 2^1142
    const int first = e >= 2 ? (e - 2) / 32 : 0;
    std::uint32_t prod[window + 2] = {};
    const std::uint64_t mw[2] = {m & 0xffffffffULL, m >> 32};
    for (int j = 0; j < 2; ++j) {
        std::uint64_t carry = 0;
        for (int i = 0; i < window; ++i) {
            const std::uint64_t c = two_over_pi[first + window - 1 - i];
            const std::uint64_t t = c * mw[j] + prod[i + j] + carry;
            prod[i + j] = static_cast<std::uint32_t>(t);
            carry = t >> 32;
        }
        prod[window + j] = static_cast<std::uint32_t>(carry);
    }
    // |x| 2/pi = prod 2^-shift (mod 4).
    const int shift = 32 * (first + window) - e;
    auto quadrant = static_cast<int>(limb_bits(prod, window + 2, shift, 2));
    const bool upper_half = limb_bits(prod, window + 2, shift - 1, 1) != 0;
    if (upper_half) {  // fraction f >= 1/2: x = (k + 1) pi/2 - (1 - f) pi/2
        std::uint64_t carry = 1;
        for (auto& limb : prod) {
            const std::uint64_t t = static_cast<std::uint64_t>(~limb & 0xffffffffU) + carry;
            limb = static_cast<std::uint32_t>(t);
            carry = t >> 32;
        }
        quadrant += 1;
    }
    int top = shift - 1;
    while (top > 0 && limb_bits(prod, window + 2, top, 1) == 0) --top;
    const auto head = static_cast<double>(limb_bits(prod, window + 2, top - 52, 53));
    const auto tail = static_cast<double>(limb_bits(prod, window + 2, top - 116, 64));
    const double f_hi = head * pow2(top - 52 - shift);
    const double f_lo = tail * pow2(top - 116 - shift);
    // (f_hi + f_lo) pi/2, with the product f_hi pi_1 split exactly.
    constexpr double pio2_hi = 1.5707963267948966;     // 0x1.921fb54442d18p+0
    constexpr double pio2_lo = 6.123233995736766e-17;  // 0x1.1a62633145c07p-54
    const double p = f_hi * pio2_hi;
    constexpr double split = 134217729.0;  // 2^27 + 1
    const double ta = split * f_hi, ah = ta - (ta - f_hi), al = f_hi - ah;
    const double tb = split * pio2_hi, bh = tb - (tb - pio2_hi), bl = pio2_hi - bh;
    const double err = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    const double rest = err + (f_hi * pio2_lo + f_lo * pio2_hi);
    double hi = p + rest;
    double lo = rest - (hi - p);
    if (upper_half) {
        hi = -hi;
        lo = -lo;
    }
    if (x < 0) return {-hi, -lo, (4 - quadrant % 4) % 4};
    return {hi, lo, quadrant % 4};
}

/// x = k pi/2 + r: the three-part pi/2 (33 + 33 + 53 bits) for |x| < 2^19, where
/// k pi_1 and k pi_2 are exact; Payne and Hanek above.
CTDIFF_HOST_DEVICE constexpr reduced_angle reduce(double x, int scale) noexcept {
    if (scale != 0 || fabs(x) >= 524288.0) return reduce_large(x, scale);
    constexpr double pio2_1 = 1.57079632673412561417e+00;
    constexpr double pio2_2 = 6.07710050630396597660e-11;
    constexpr double pio2_3 = 2.02226624871116645580e-21;
    constexpr double pio2_3t = 8.47842766036889956997e-32;
    const double kd = x * 0.63661977236758134308;
    const double k = static_cast<double>(static_cast<long long>(kd < 0 ? kd - 0.5 : kd + 0.5));
    const double y = x - k * pio2_1;  // exact
    const double w = k * pio2_2;      // exact
    const double hi0 = y - w;
    const double lo0 = ((y - hi0) - w) - (k * pio2_3 + k * pio2_3t);
    const double hi = hi0 + lo0;
    const double lo = lo0 - (hi - hi0);
    const auto ki = static_cast<long long>(k);
    return {hi, lo, static_cast<int>(((ki % 4) + 4) % 4)};
}

}  // namespace detail

/// sin (or cos) of x 2^scale, scale >= 0, within an ULP for every finite double
/// (0.62 ULP measured against mpmath). sin and cos share the reduction
/// x = k pi/2 + r, |r| <= pi/4, r as hi + lo. A nonzero scale carries a wider
/// type's argument beyond the double range (up to 2^1141; NaN past it).
CTDIFF_HOST_DEVICE constexpr double sin_cos(double x, bool want_cos, int scale = 0) noexcept {
    if (isnan(x) || fabs(x) == inf) return nan;
    const detail::reduced_angle red = detail::reduce(x, scale);
    const double r = red.hi;
    const double r2 = r * r;
    // Taylor series to r^21 and r^22 (|r| <= pi/4: terms below 2^-80). The leading
    // terms are added last, cos's 1 - r^2/2 with r^2 split exactly, so that the
    // final rounding dominates the error.
    double s = 1.0, c = 1.0;
    for (int n = 21; n >= 5; n -= 2) s = 1.0 - s * r2 / (n * (n - 1));
    for (int n = 22; n >= 6; n -= 2) c = 1.0 - c * r2 / (n * (n - 1));
    constexpr double split = 134217729.0;  // 2^27 + 1
    const double tr = split * r, rh = tr - (tr - r), rl = r - rh;
    const double r2_err = ((rh * rh - r2) + 2.0 * rh * rl) + rl * rl;  // r^2 = r2 + r2_err
    const double half = 0.5 * r2;
    const double w = 1.0 - half;
    const double w_err = (1.0 - w) - half;  // 1 - half = w + w_err exactly
    // sin(r + lo) = sin r + lo cos r, cos(r + lo) = cos r - lo sin r.
    const double sr = r + (-(r * r2 / 6.0) * s + red.lo * w);
    const double cr = w + (w_err - 0.5 * r2_err + r2 * r2 * c / 24.0 - red.lo * r);
    switch ((red.quadrant + (want_cos ? 1 : 0)) % 4) {
        case 0:
            return sr;
        case 1:
            return cr;
        case 2:
            return -sr;
        default:
            return -cr;
    }
}
CTDIFF_HOST_DEVICE constexpr double sin(double x) noexcept { return x == 0 ? x : sin_cos(x, false); }
CTDIFF_HOST_DEVICE constexpr double cos(double x) noexcept { return sin_cos(x, true); }

}  // namespace ctdiff::math::ce
