// High-precision references for the accuracy suite, written from the textbook
// definitions with no use of ctdiff: truncated Taylor series ("tay") over
// Boost.Multiprecision cpp_bin_float_50, so that each formula gives its value
// and its derivatives of every order at once.
#pragma once

#include <array>
#include <cstddef>
#include <limits>

#include <boost/math/special_functions/erf.hpp>
#include <boost/multiprecision/cpp_bin_float.hpp>

namespace accuracy {

using real = boost::multiprecision::cpp_bin_float_50;

/// Taylor coefficients c[k] = f^(k)(x0) / k!, k = 0..n.
struct tay {
    static constexpr std::size_t cap = 11;
    std::array<real, cap> c{};
    std::size_t n = 0;

    static tay constant(const real& v, std::size_t n) {
        tay t;
        t.n = n;
        t.c[0] = v;
        return t;
    }
    static tay variable(const real& x0, std::size_t n) {
        tay t = constant(x0, n);
        if (n >= 1) t.c[1] = 1;
        return t;
    }
    /// The k-th derivative: c[k] k!.
    real derivative(std::size_t k) const {
        real f = 1;
        for (std::size_t i = 2; i <= k; ++i) f *= i;
        return c[k] * f;
    }
};

inline tay operator+(tay a, const tay& b) {
    for (std::size_t k = 0; k <= a.n; ++k) a.c[k] += b.c[k];
    return a;
}
inline tay operator-(tay a, const tay& b) {
    for (std::size_t k = 0; k <= a.n; ++k) a.c[k] -= b.c[k];
    return a;
}
inline tay operator-(tay a) {
    for (std::size_t k = 0; k <= a.n; ++k) a.c[k] = -a.c[k];
    return a;
}
inline tay operator+(tay a, const real& b) {
    a.c[0] += b;
    return a;
}
inline tay operator+(const real& b, tay a) { return a + b; }
inline tay operator-(tay a, const real& b) {
    a.c[0] -= b;
    return a;
}
inline tay operator-(const real& b, const tay& a) { return -a + b; }
inline tay operator*(tay a, const real& b) {
    for (std::size_t k = 0; k <= a.n; ++k) a.c[k] *= b;
    return a;
}
inline tay operator*(const real& b, const tay& a) { return a * b; }
inline tay operator*(const tay& a, const tay& b) {
    tay r = tay::constant(0, a.n);
    for (std::size_t k = 0; k <= a.n; ++k)
        for (std::size_t j = 0; j <= k; ++j) r.c[k] += a.c[j] * b.c[k - j];
    return r;
}
inline tay operator/(const tay& a, const tay& b) {
    tay r = tay::constant(0, a.n);
    for (std::size_t k = 0; k <= a.n; ++k) {
        real s = a.c[k];
        for (std::size_t j = 0; j < k; ++j) s -= r.c[j] * b.c[k - j];
        r.c[k] = s / b.c[0];
    }
    return r;
}
inline tay operator/(tay a, const real& b) {
    for (std::size_t k = 0; k <= a.n; ++k) a.c[k] /= b;
    return a;
}
inline tay operator/(const real& a, const tay& b) { return tay::constant(a, b.n) / b; }

/// f(a) from f(a0) = f0 and f' = g(a) given as a series: f_k = (1/k) sum j a_j g_{k-j}.
inline tay integrate(const tay& a, const real& f0, const tay& g) {
    tay r = tay::constant(f0, a.n);
    for (std::size_t k = 1; k <= a.n; ++k) {
        real s = 0;
        for (std::size_t j = 1; j <= k; ++j) s += real(j) * a.c[j] * g.c[k - j];
        r.c[k] = s / real(k);
    }
    return r;
}

inline tay exp(const tay& a) {
    tay r = tay::constant(boost::multiprecision::exp(a.c[0]), a.n);
    for (std::size_t k = 1; k <= a.n; ++k) {
        real s = 0;
        for (std::size_t j = 1; j <= k; ++j) s += real(j) * a.c[j] * r.c[k - j];
        r.c[k] = s / real(k);
    }
    return r;
}
/// log(1 + w), its value from log1p.
inline tay log1p(const tay& w) {
    const tay one_plus = w + real(1);
    return integrate(w, boost::multiprecision::log1p(w.c[0]), tay::constant(1, w.n) / one_plus);
}
inline tay expm1(const tay& a) {
    tay r = exp(a);
    r.c[0] = boost::multiprecision::expm1(a.c[0]);
    return r;
}
/// tanh(a) = -m / (2 + m), m = expm1(-2|a|) in (-1, 0], sign restored: no cancellation anywhere.
inline tay tay_tanh(const tay& a) {
    if (a.c[0] < 0) return -tay_tanh(-a);
    const tay m = expm1(a * real(-2));
    return -m / (m + real(2));
}
/// 1 / (1 + exp(-a)), or E / (1 + E), E = exp(a), for a < 0: no overflow.
inline tay tay_sigmoid(const tay& a) {
    if (a.c[0] < 0) {
        const tay e = exp(a);
        return e / (e + real(1));
    }
    return real(1) / (exp(-a) + real(1));
}
/// erfc(a), value from Boost.Math, derivatives from erfc' = -2/sqrt(pi) exp(-a^2). The last
/// argument's value is kept: a gated activation measured along its gate (geglu along b) asks for
/// erfc of its fixed value at every point, and Boost's erfc at 50 digits took 90 s of the suite.
inline tay erfc(const tay& a) {
    static const real k = -2 / boost::multiprecision::sqrt(boost::math::constants::pi<real>());
    thread_local real last_argument = std::numeric_limits<real>::quiet_NaN();
    thread_local real last_value;
    if (!(a.c[0] == last_argument)) {
        last_value = boost::math::erfc(a.c[0]);
        last_argument = a.c[0];
    }
    return integrate(a, last_value, exp(-(a * a)) * k);
}
inline tay square(const tay& a) { return a * a; }

/// sqrt(a), its value from Boost.Multiprecision, derivatives from r r = a.
inline tay tay_sqrt(const tay& a) {
    tay r = tay::constant(boost::multiprecision::sqrt(a.c[0]), a.n);
    for (std::size_t k = 1; k <= a.n; ++k) {
        real s = a.c[k];
        for (std::size_t j = 1; j < k; ++j) s -= r.c[j] * r.c[k - j];
        r.c[k] = s / (2 * r.c[0]);
    }
    return r;
}

/// sin and cos of a, the argument reduced modulo pi/2 in 1300 bits first, so
/// that both are right for any double (1e300 is 2^996: its residue needs pi
/// to 996 + 166 bits), then the series from s' = c a', c' = -s a'.
struct tay_sin_cos {
    tay s, c;
};
inline tay_sin_cos sin_cos(const tay& a) {
    using wide = boost::multiprecision::number<
        boost::multiprecision::cpp_bin_float<1300, boost::multiprecision::digit_base_2>>;
    const wide x{a.c[0]};
    const wide half_pi = boost::math::constants::half_pi<wide>();
    const wide q = boost::multiprecision::round(x / half_pi);
    const real r{wide(x - q * half_pi)};
    const real sr = boost::multiprecision::sin(r), cr = boost::multiprecision::cos(r);
    const int m = static_cast<int>(boost::multiprecision::fmod(q, wide(4)).convert_to<double>() + 4) % 4;
    const real sv[] = {sr, cr, -sr, -cr}, cv[] = {cr, -sr, -cr, sr};
    tay_sin_cos out{tay::constant(sv[m], a.n), tay::constant(cv[m], a.n)};
    for (std::size_t k = 1; k <= a.n; ++k) {
        real ss = 0, cc = 0;
        for (std::size_t j = 1; j <= k; ++j) {
            ss += real(j) * a.c[j] * out.c.c[k - j];
            cc -= real(j) * a.c[j] * out.s.c[k - j];
        }
        out.s.c[k] = ss / real(k);
        out.c.c[k] = cc / real(k);
    }
    return out;
}

/// The functions the activations' references (`ctdiff::activation_reference`, in
/// their headers) call by argument-dependent lookup: exp, expm1, log1p and erfc
/// above, and these; `constant_like(x, v)` is v (an int, or a decimal string read
/// exactly and rounded once to 50 digits) as a series of x's order.
inline tay constant_like(const tay& x, int v) { return tay::constant(real(v), x.n); }
inline tay constant_like(const tay& x, const char* v) { return tay::constant(real(v), x.n); }
inline tay tanh(const tay& a) { return tay_tanh(a); }
inline tay sqrt(const tay& a) { return tay_sqrt(a); }
inline tay sin(const tay& a) { return sin_cos(a).s; }
inline tay cos(const tay& a) { return sin_cos(a).c; }

}  // namespace accuracy
