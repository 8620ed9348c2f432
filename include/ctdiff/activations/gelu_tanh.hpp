/// \file
/// `gelu_tanh`: the tanh approximation of gelu,
/// \f$\tfrac12 x(1 + \tanh(\sqrt{2/\pi}(x + 0.044715x^3))) = x\,g(x)\f$,
/// \f$g(x) = \sigma(z(x))\f$, \f$z(x) = 2\sqrt{2/\pi}(x + 0.044715x^3)\f$.
///
/// The gate g is a primitive: z is computed in double-word arithmetic (`fma`,
/// constants split in two), since \f$\sigma\f$ multiplies z's rounding error by
/// |z| in the left tail. As z is odd, \f$g'(x) = g(x)\,g(-x)\,z'(x)\f$, no
/// cancellation. \f$\operatorname{gelu\_tanh}'(x) = g(x)(1 + x g(-x) z'(x))\f$
/// is the primitive `dgelu_tanh`, and
/// \f$\operatorname{gelu\_tanh}''(x) = g(x)g(-x)(2z' + x(z'' - \tanh(z/2)z'^2))\f$
/// the primitive `d2gelu_tanh`, which uses \f$g(-x) - g(x) = -\tanh(z/2)\f$
/// instead of subtracting. Float is computed in double; the two derivatives in extended
/// precision (`rule_precision::extended`: double in long double); the value of a double
/// in double-word arithmetic, rounded once, and below -20 in long double (u g(u) with the
/// gate rounded first reached 4.2 ULP), which
/// also keeps \f$g(x)g(-x)\f$ normal where it is subnormal in double (|x| near
/// 21.5). Past |x| = 1000 the derivatives
/// are their limits (1 or 0; -0 for the first below -1000, which approaches 0 from below, as its
/// underflow before -1000 gives). gelu_tanh(-1e300) = -0. Double SIMD batches, which
/// have no long double lanes, compute the value and the derivatives as fractions in
/// exp(-|z|) in double-word arithmetic (`gelu_tanh_impl::gelu_tanh_double_lanes`). Float SIMD
/// batches compute the value and the first derivative together in float lanes where
/// the target has a fused fma (`gelu_tanh_impl::float_lanes`: z and exp(-|z|) carried in
/// two parts, a fitted polynomial next to the derivative's zero; within 2.0 and 3.8 ULP),
/// elsewhere, and for batches with a lane past |x| = 9.5, in double lanes with plain double
/// arithmetic (`gelu_tanh_impl::float_lanes_kernel`; within 0.5 ULP and a little).
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/activations/sigmoid.hpp>
#include <ctdiff/core/rule_toolkit.hpp>
#include <ctdiff/functions/abs.hpp>
#include <ctdiff/functions/pow.hpp>
#include <ctdiff/functions/sech2.hpp>
#include <ctdiff/functions/step.hpp>
#include <ctdiff/functions/tanh.hpp>
#include <ctdiff/math/double_word.hpp>

namespace ctdiff {

namespace gelu_tanh_impl {
struct gelu_tanh_k {  // 2 sqrt(2 / pi)
    static constexpr double value = 1.5957691216057308;
    static constexpr double lo = -9.96930880911092e-17;
    static constexpr int precedence = precedence_level::atom;
    static constexpr const char* name = "gelu_tanh_k";
    static constexpr const char* latex = "2\\sqrt{2/\\pi}";
};
struct gelu_tanh_3kc {  // 3 * 0.044715 * 2 sqrt(2 / pi)
    static constexpr double value = 0.21406444881780074633;
    static constexpr double lo = 1.2025242832367862e-17;  // the rest, for long double
    static constexpr int precedence = precedence_level::atom;
    static constexpr const char* name = "gelu_tanh_3kc";
    static constexpr const char* latex = "0.134145 \\cdot 2\\sqrt{2/\\pi}";
};
inline constexpr double gelu_tanh_c = 0.044715;
inline constexpr double gelu_tanh_c_lo = 2.1960211427085595e-18;

/// z(u) = k (u + c u^3) as an unevaluated sum z + zl (double-word arithmetic,
/// `fma`, constants split in two); zl is 0 past |u| = 64 where it may be inf or NaN.
template <class T>
struct double_word {
    T hi, lo;
};
template <class T>
CTDIFF_HOST_DEVICE constexpr double_word<T> gelu_tanh_z(T v) noexcept {
    // |u| clamped to 1e4, where |z| > 7e10 and the gate is exactly 0 or 1 already: u^3
    // never overflows (a constant expression rejects it). The test is false for NaN,
    // which passes through.
    const T big = number_cast<T>(1e4);
    const T u = math::select(math::abs(v) >= big, math::select(v < number_cast<T>(0), -big, big), v);
    const T k_hi = constant_hi<T>(gelu_tanh_k::value);
    const T k_lo = constant_lo<T>(gelu_tanh_k::value, gelu_tanh_k::lo);
    const T c_hi = constant_hi<T>(gelu_tanh_c);
    const T c_lo = constant_lo<T>(gelu_tanh_c, gelu_tanh_c_lo);
    // z = k (u + c u^3) as z_hi + z_lo. The rounded products whose errors the fmas take
    // pass through math::no_contract: fused into the sums that use them, they would no
    // longer be the products those errors belong to.
    const T a2 = math::no_contract(u * u);
    const T a2l = math::fms(u, u, a2);
    const T a3 = math::no_contract(a2 * u);
    const T a3l = math::fms(a2, u, a3) + a2l * u;
    const T p = math::no_contract(c_hi * a3);
    const T pl = math::fms(c_hi, a3, p) + (c_hi * a3l + c_lo * a3);
    const T s = u + p;
    const T b = s - u;
    const T sl = ((u - (s - b)) + (p - b)) + pl;
    const T z = math::no_contract(k_hi * s);
    const T zl = math::fms(k_hi, s, z) + (k_hi * sl + k_lo * s);
    return {z, math::select(math::abs(u) < number_cast<T>(64), zl, number_cast<T>(0))};
}
/// z'(u) = k + 3kc u^2, with the constants known beyond double in long double.
template <class T>
CTDIFF_HOST_DEVICE constexpr T gelu_tanh_dz(T v) noexcept {
    // |u| clamped to 1e4 (no overflow; the rules take their limits past |u| = 1000);
    // NaN passes through.
    const T big = number_cast<T>(1e4);
    const T u = math::select(math::abs(v) >= big, big, v);
    return precise_constant<T>(gelu_tanh_k::value, gelu_tanh_k::lo) +
           precise_constant<T>(gelu_tanh_3kc::value, gelu_tanh_3kc::lo) * (u * u);
}
template <class U>
constexpr auto gelu_tanh_dz_expression(const U& u) noexcept {
    return named_constant<gelu_tanh_k>{} + named_constant<gelu_tanh_3kc>{} * pow(u, int_c<2>);
}
template <class U>
constexpr auto gelu_tanh_half_z_expression(const U& u) noexcept {
    return named_constant<gelu_tanh_k>{} * (u + constant<8943, 200000>{} * pow(u, int_c<3>)) / int_c<2>;
}

/// The derivatives on double lanes (which have no long double to compute in), from
/// E = exp(-|z|) of z = z_hi + z_lo (the low part as E's relative correction) and
/// q = 1 + E, p = 1 - E, each in double-word arithmetic and rounded once. With the gate
/// g(u) = sigma(z), g(-u) = sigma(-z) as fractions in E: gelu_tanh' = (q + w E) / q^2
/// for u >= 0 and E (q + w) / q^2 for u < 0, w = u z' (the terms that cancel near the
/// zero at u = -0.75 are q and w, both carried in two parts); gelu_tanh'' =
/// E (P q - |u| z'^2 p) / q^3, P = 2 z' + u z'' = 2 (k + 2 (3kc) u^2).
///
/// Plain double takes value() too (gelu_tanh_rule::value), from E = exp(-|z|) rounded once
/// (lo = 0): E's error enters the value at most once, within an ULP in all.
template <class T>
requires(math::double_lanes<T> || std::is_same_v<T, double>) struct gelu_tanh_double_lanes {
    math::double_word<T> e, q, dz, u2;
    T u;
    [[gnu::always_inline]] explicit gelu_tanh_double_lanes(T v) noexcept
        : gelu_tanh_double_lanes(v, gelu_tanh_z(v)) {}
    [[gnu::always_inline]] gelu_tanh_double_lanes(T v, double_word<T> z) noexcept
        : gelu_tanh_double_lanes(v, z.hi, z.lo, math::exp_double_word(-math::abs(z.hi))) {}
    /// From u, z = z + zl and ez = exp(-|z|) in two parts, computed by the caller.
    [[gnu::always_inline]] constexpr gelu_tanh_double_lanes(T v, T z, T zl,
                                                            math::double_word<T> ez) noexcept {
        const T big = number_cast<T>(1e4);  // as gelu_tanh_z and gelu_tanh_dz clamp
        u = math::select(math::abs(v) >= big, math::select(v < number_cast<T>(0), -big, big), v);
        // exp(-|z + zl|) = E (1 -+ zl) to first order.
        e = {ez.hi, ez.lo + math::select(z >= number_cast<T>(0), -ez.hi * zl, ez.hi * zl)};
        q = math::add(math::fast_two_sum(number_cast<T>(1), e.hi), e.lo);
        u2 = math::two_prod(u, u);
        dz = math::add(math::mul(u2, number_cast<T>(gelu_tanh_3kc::value)),
                       math::double_word<T>{number_cast<T>(gelu_tanh_k::value),
                                            math::fma(number_cast<T>(gelu_tanh_3kc::lo), u2.hi,
                                                      number_cast<T>(gelu_tanh_k::lo))});
    }
    /// gelu_tanh(v) = v sigma(z) = v / q for u >= 0 and v E / q below, in double-word
    /// arithmetic and rounded once (v g with the gate rounded first reached 4.2 ULP at
    /// -3.2000061445493824); v itself, not the clamped u, so that the gate's 1 or 0 past
    /// |v| = 1e4 keeps v (the caller takes the limit -0 past -1000, where E v may be 0 inf).
    [[gnu::always_inline]] constexpr T value(T v) const noexcept {
        const math::double_word<T> left = math::mul(e, v);
        const auto positive = u >= number_cast<T>(0);
        const math::double_word<T> top{math::select(positive, v, left.hi),
                                       math::select(positive, number_cast<T>(0), left.lo)};
        // v itself at +-0 (its sign) and past 1000 (the gate is 1; inf / 1 in two parts is NaN).
        const auto zero = v == number_cast<T>(0);
        const auto big = v > number_cast<T>(1000);
        // A result that underflows has v's sign, as v g does (the two parts' sum -0 + +0 is +0).
        const T r = math::div_rounded(top, q);
        const T signed_r = math::select(r == number_cast<T>(0), v * number_cast<T>(0), r);
        if constexpr (std::is_arithmetic_v<T>) {
            return zero || big ? v : signed_r;
        } else {
            return math::select(zero | big, v, signed_r);
        }
    }
    [[gnu::always_inline]] T first() const noexcept {
        const math::double_word<T> w = math::mul(dz, u);
        const math::double_word<T> right = math::add(q, math::mul(w, e));
        const math::double_word<T> left = math::mul(math::add(w, q), e);
        const auto positive = u >= number_cast<T>(0);
        const math::double_word<T> top{math::select(positive, right.hi, left.hi),
                                       math::select(positive, right.lo, left.lo)};
        return math::div_rounded(top, math::mul(q, q));
    }
    [[gnu::always_inline]] T second() const noexcept {
        const T two = number_cast<T>(2);
        const math::double_word<T> k{number_cast<T>(gelu_tanh_k::value), number_cast<T>(gelu_tanh_k::lo)};
        const math::double_word<T> k3u2 = math::add(math::mul(u2, number_cast<T>(gelu_tanh_3kc::value)),
                                                    number_cast<T>(gelu_tanh_3kc::lo) * u2.hi);
        const math::double_word<T> half_p = math::add(k, math::double_word<T>{two * k3u2.hi, two * k3u2.lo});
        const math::double_word<T> p = math::add(math::fast_two_sum(number_cast<T>(1), -e.hi), -e.lo);
        const math::double_word<T> b = math::mul(math::mul(math::mul(dz, dz), math::abs(u)), p);
        const math::double_word<T> a = math::mul(half_p, q);
        const math::double_word<T> inside =
            math::add(math::double_word<T>{two * a.hi, two * a.lo}, math::double_word<T>{-b.hi, -b.lo});
        return math::div_rounded(math::mul(inside, e), math::mul(math::mul(q, q), q));
    }
};

}  // namespace gelu_tanh_impl

/// The gate g(u) = sigmoid(z(u)) of gelu_tanh.
struct gelu_tanh_gate_rule {
    static constexpr std::string_view name = "gelu_tanh_gate";
    static constexpr std::string_view latex = "g_{\\tanh}";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const auto [z, zl] = gelu_tanh_impl::gelu_tanh_z(u);
        // Past |u| = 64 the gate is 0 or 1 and the low parts may be inf or NaN.
        // sigmoid(z + zl) = sigmoid(z) (1 + sigmoid(-z) zl) to first order.
        return sigmoid_rule::value(z) * (number_cast<T>(1) + sigmoid_rule::value(-z) * zl);
    }
    static constexpr auto derivative(auto u, auto y) noexcept {
        return y * unary_function<gelu_tanh_gate_rule>{}(-u) * gelu_tanh_impl::gelu_tanh_dz_expression(u);
    }
};

/// The gate of gelu_tanh.
inline constexpr unary_function<gelu_tanh_gate_rule> gelu_tanh_gate{};

/// h(u) = g(u) g(-u) = sigma'(z(u)), with the rule h' = -h z' tanh(z / 2): the
/// product rule on g(u) g(-u) would subtract g(u) from g(-u), which cancels near 0.
struct gelu_tanh_gate_product_rule {
    static constexpr std::string_view name = "gelu_tanh_gate_product";
    static constexpr std::string_view latex = "h_{\\tanh}";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const auto [z, zl] = gelu_tanh_impl::gelu_tanh_z(u);
        // sigma'(z + zl) = sigma'(z) (1 - tanh(z / 2) zl) to first order.
        return dsigmoid_rule::value(z) * (number_cast<T>(1) - math::tanh(z / number_cast<T>(2)) * zl);
    }
    static constexpr auto derivative(auto u, auto y) noexcept {
        return -(y * gelu_tanh_impl::gelu_tanh_dz_expression(u) *
                 tanh(gelu_tanh_impl::gelu_tanh_half_z_expression(u)));
    }
};

/// g(u) g(-u) for gelu_tanh.
inline constexpr unary_function<gelu_tanh_gate_product_rule> gelu_tanh_gate_product{};

/// gelu_tanh''(u) = h(u) (2 z' + u (z'' - tanh(z / 2) z'^2)) as a primitive, h(u) = g(u) g(-u):
/// the difference g(-u) - g(u) is -tanh(z / 2), which does not cancel. Its rule, with
/// Q the bracket and tau = tanh(z / 2): gelu_tanh''' = h (Q' - z' tau Q),
/// Q' = 3 z'' - tau z'^2 + u (z''' - sech^2(z / 2) z'^3 / 2 - 2 tau z' z'').
struct d2gelu_tanh_rule {
    static constexpr std::string_view name = "d2gelu_tanh";
    static constexpr std::string_view latex = "\\operatorname{gelu_{tanh}}''";
    static constexpr rule_precision precision = rule_precision::extended;
    // Float batches in double lanes too (6.2 ULP in float lanes).
    static constexpr rule_precision batch_precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const T big = number_cast<T>(1000);
        if constexpr (math::double_lanes<T>) {
            return math::select(math::abs(u) > big, number_cast<T>(0),
                                gelu_tanh_impl::gelu_tanh_double_lanes<T>(u).second());
        } else {
            const T two = number_cast<T>(2);
            const T zp = gelu_tanh_impl::gelu_tanh_dz(u);
            const T zpp =
                two *
                precise_constant<T>(gelu_tanh_impl::gelu_tanh_3kc::value, gelu_tanh_impl::gelu_tanh_3kc::lo) *
                u;
            const auto [z, zl] = gelu_tanh_impl::gelu_tanh_z(u);
            const T tau = math::tanh((z + zl) / two);
            const T inside = gelu_tanh_gate_product_rule::value(u) * (two * zp + u * (zpp - tau * (zp * zp)));
            return math::select(math::abs(u) > big, number_cast<T>(0), inside);
        }
    }
    static constexpr auto derivative(auto u, auto) noexcept {
        const auto c3 = named_constant<gelu_tanh_impl::gelu_tanh_3kc>{};
        const auto zp = gelu_tanh_impl::gelu_tanh_dz_expression(u);
        const auto zpp = int_c<2> * c3 * u;
        const auto half_z = gelu_tanh_impl::gelu_tanh_half_z_expression(u);
        const auto tau = tanh(half_z);
        const auto q = int_c<2> * zp + u * (zpp - tau * pow(zp, int_c<2>));
        const auto dq =
            int_c<3> * zpp - tau * pow(zp, int_c<2>) +
            u * (int_c<2> * c3 - sech2(half_z) * pow(zp, int_c<3>) / int_c<2> - int_c<2> * tau * zp * zpp);
        return select(abs(u) > int_c<1000>, int_c<0>, gelu_tanh_gate_product(u) * (dq - zp * tau * q));
    }
};

/// The second derivative of gelu_tanh.
inline constexpr unary_function<d2gelu_tanh_rule> d2gelu_tanh{};

/// gelu_tanh'(u) = g(u) (1 + u g(-u) z'(u)) as a primitive, with the rule
/// gelu_tanh'' = d2gelu_tanh.
struct dgelu_tanh_rule {
    static constexpr std::string_view name = "dgelu_tanh";
    static constexpr std::string_view latex = "\\operatorname{gelu_{tanh}}'";
    static constexpr rule_precision precision = rule_precision::extended;
    // Float batches in double lanes too (6.5 ULP in float lanes).
    static constexpr rule_precision batch_precision = rule_precision::float_in_double;
    /// Long double only for u < 0, where the terms have opposite signs (in double:
    /// up to 5.5 ULP) and the gate becomes subnormal.
    static constexpr bool extended_where(double u) noexcept { return u < 0; }
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const T one = number_cast<T>(1);
        T inside;
        if constexpr (math::double_lanes<T>) {
            inside = gelu_tanh_impl::gelu_tanh_double_lanes<T>(u).first();
        } else {
            inside = gelu_tanh_gate_rule::value(u) *
                     (one + u * gelu_tanh_gate_rule::value(-u) * gelu_tanh_impl::gelu_tanh_dz(u));
        }
        // Past it the limits, where u * 0 would be inf * 0: 1, and -0 below (gelu_tanh' < 0 there, and
        // -0 is what its underflow gives before -1000).
        const T big = number_cast<T>(1000);
        return math::select(u > big, one, math::select(u < -big, number_cast<T>(-0.0), inside));
    }
    static constexpr auto derivative(auto u, auto) noexcept { return d2gelu_tanh(u); }
};

/// The derivative of gelu_tanh.
inline constexpr unary_function<dgelu_tanh_rule> dgelu_tanh{};

namespace gelu_tanh_impl {
/// The value and the derivative of a float batch's lanes, in double lanes, from
/// z = k (u + c u^3), E = exp(-|z|) and one reciprocal r = 1 / (1 + E) for both sigmoids
/// g(u) = sigma(z) and g(-u) (r and E r); the value u g(u), the derivative g(u) (1 + u g(-u) z'(u)),
/// each rounded to float once. Plain double arithmetic suffices here: z's rounding error
/// (|z| times double's, amplified by |z| in the left tail) is far below float's, and next to the zero of
/// the derivative at u = -0.7518 the sum 1 + u g(-u) z' cancels, but a float argument
/// keeps its distance from that zero, and the double sum's relative error grown by the
/// cancellation stays far below float's half ULP (the double-word steps of
/// gelu_tanh_double_lanes are for double arguments). E comes from the double-lane kernel
/// of exp_double_word, its head alone (within an ULP of double).
template <class W>
[[gnu::always_inline]] inline dual<W> in_double(W u) noexcept {
    const W one = number_cast<W>(1);
    const W big = number_cast<W>(1000);
    const W z = number_cast<W>(gelu_tanh_k::value) * (u + number_cast<W>(gelu_tanh_c) * (u * u * u));
    const W e = math::exp_double_word(-math::abs(z)).hi;
    // (A float division of both halves refined by two Newton steps in double was slower.)
    const W r = one / (one + e);
    const W f = e * r;
    const auto positive = z >= number_cast<W>(0);
    const W g = math::select(positive, r, f);   // sigma(z)
    const W gm = math::select(positive, f, r);  // sigma(-z)
    const W value = math::select(u < -big, number_cast<W>(-0.0), u * g);
    const W slope = math::select(
        u > big, one, math::select(u < -big, number_cast<W>(-0.0), g * (one + u * gm * gelu_tanh_dz(u))));
    return {value, slope};
}
template <math::has_wide_lanes T>
CTDIFF_KERNEL_INLINE inline dual<T> float_lanes_kernel(T u) noexcept {
    return in_wide_lanes([](const auto& v) { return in_double(v); }, u);
}

/// k c = 2 sqrt(2 / pi) 0.044715 in two parts.
inline constexpr double gelu_tanh_kc = 0.07135481627260025;
inline constexpr double gelu_tanh_kc_lo = -6.1751499181553155e-19;
/// The zero of gelu_tanh' as u0h + u0l (floats), and P of degree 6 with gelu_tanh'(u) =
/// (t - u0l) P(t), t = u - u0h, on [-0.9, -0.6] within 2^-24.9 relative in exact arithmetic
/// (scripts/fit_gelu_tanh_float.py).
inline constexpr float gelu_tanh_u0h = -0.752461433f;
inline constexpr float gelu_tanh_u0l = 1.13396279e-08f;
inline constexpr float gelu_tanh_band[] = {0.00520232506f, 0.0195871145f, -0.0166183989f, -0.113943413f,
                                           -0.0157828536f, 0.387518436f,  0.430400074f};

/// The value and the derivative on float lanes (a fused fma and math::backend's exp_float_parts):
/// - z = u m, m = k + kc u^2, as z + zl (double-word steps; |z| < 77 here), and
///   E = exp(-|z| -+ zl) = e (1 + rho) from exp_float_parts, zl folded into rho;
/// - 1 + E = q + ql exactly (to E's error), and g(u) = sigma(z) = N / (1 + E), N = 1 for u >= 0,
///   E below, as N / q corrected by (1 + c) to first order, with 1/q = g for u >= 0 and 1 - g below;
///   the value u g, within 2.0 ULP;
/// - gelu_tanh' = N (1 + E + t z') / (1 + E)^2, t = u E for u >= 0 and u below (the sum cancels
///   near the zero u0 = -0.7525, its terms carried in two parts: q + ql, z' = k + 3 kc u^2 as
///   dz + dzl), over (1 + E)^2 (1 - rho) (E's correction for u < 0) rounded once; within 3.8 ULP
///   (a probe of every third float of [-1.2, -0.3] and every 101st of [-9.5, 9.5]);
/// - on [-0.9, -0.6], where E's error would be amplified by the cancellation, the fitted
///   (t - u0l) P(t), t = u - u0h (exact), within 2.8 ULP.
/// The value takes u's sign bit: where u g rounds to zero (u = -2^-149, u = -0) the
/// correction's fma would add +0 to -0.
/// Batches with a lane past |u| = 9.5 (exp(-|z|) subnormal, the limits) or NaN take
/// far_float_lanes, which keeps these bits in the lanes within.
///
/// near_lanes (below) takes two stages, each a shorter chain (float_lanes_batches interleaves
/// them across batches): near_first, z and E = exp(-|z + zl|) as e (1 + rho), three batches
/// handed on (with six, u^2 and zl among them, the AVX2 pass was 20% slower); near_rest, the
/// rest.
template <class T>
struct near_stage {
    T u, e, rho;
};
/// k + c u^2 as hi + lo (c = c_hi + c_lo), for m = k + kc u^2 and z' = k + 3 kc u^2. The
/// rounded product whose error an fma takes passes through math::no_contract (fused into the
/// sum, it would not be the product that error belongs to).
template <class T>
[[gnu::always_inline]] inline math::double_word<T> k_plus(const math::double_word<T>& u2, double c_hi,
                                                          double c_lo) noexcept {
    const T kh = constant_hi<T>(gelu_tanh_k::value);
    const T kl = constant_lo<T>(gelu_tanh_k::value, gelu_tanh_k::lo);
    const T c = constant_hi<T>(c_hi);
    const T p = math::no_contract(c * u2.hi);
    const math::double_word<T> s = math::two_sum(kh, p);
    return math::double_word<T>{
        s.hi, s.lo + (math::fms(c, u2.hi, p) +
                      math::fma(c, u2.lo, math::fma(constant_lo<T>(c_hi, c_lo), u2.hi, kl)))};
}
template <class T>
[[gnu::always_inline]] inline near_stage<T> near_first(T u) noexcept {
    near_stage<T> s;
    s.u = u;
    // z = u m = z + zl (the product rounded through math::no_contract, as above).
    const math::double_word<T> m = k_plus(math::two_prod(u, u), gelu_tanh_kc, gelu_tanh_kc_lo);
    const T z = math::no_contract(u * m.hi);
    const T zl = math::fms(u, m.hi, z) + u * m.lo;
    // E = exp(-|z + zl|) = e (1 + rho).
    const auto parts = math::backend<T>::exp_float_parts(-math::abs(z));
    s.e = parts.hi;
    s.rho = parts.rel + math::select(u >= number_cast<T>(0), -zl, zl);
    return s;
}
template <class T>
[[gnu::always_inline]] inline dual<T> near_rest(const near_stage<T>& s) noexcept {
    const T one = number_cast<T>(1);
    const T& u = s.u;
    const T& e = s.e;
    const auto positive = u >= number_cast<T>(0);
    const T& rho = s.rho;
    const T q = one + e;
    const T ql = math::fma(e, rho, e - (q - one));
    const T n = math::select(positive, one, e);
    const T rho_n = math::select(positive, number_cast<T>(0), rho);  // N = n (1 + rho_n)
    // g = N / (q + ql) = (n / q) (1 + rho_n - ql / q).
    const T gq = n / q;
    const T vq = u * gq;
    const T value =
        math::fma(vq, rho_n - ql * math::select(positive, gq, one - gq), vq) | (u & number_cast<T>(-0.0));
    // z' = k + 3 kc u^2 = dz + dzl.
    const math::double_word<T> dz = k_plus(math::two_prod(u, u), gelu_tanh_3kc::value, gelu_tanh_3kc::lo);
    const T t = math::select(positive, u * e, u);
    const T inner = math::fma(t, dz.hi, q) + math::fma(t, dz.lo, ql);
    const T den = math::fma(q, q, math::fma(q + q, ql, -rho_n * (q * q)));
    const T tb = u - number_cast<T>(gelu_tanh_u0h);
    const T band = (tb - number_cast<T>(gelu_tanh_u0l)) * math::backend<T>::horner(tb, gelu_tanh_band);
    const auto in_band = (u > number_cast<T>(-0.9)) && (u < number_cast<T>(-0.6));
    return {value, math::select(in_band, band, n * inner / den)};
}
/// gelu_tanh and its derivative on float lanes within |u| < 9.5: the formulas above.
template <class T>
[[gnu::always_inline]] inline dual<T> near_lanes(T u) noexcept {
    return near_rest(near_first(u));
}
/// float_lanes for a batch with a lane past |u| = 9.5 or NaN (rare): those lanes by
/// float_lanes_kernel in double lanes, the others with near_lanes's bits, so that a lane's
/// result never depends on its neighbours. Inlined behind float_lanes's test: as a call it
/// returned its dual through memory, and every batch's results went through the frame to
/// meet it (a pass over 2^16 floats: AVX-512 56.0 -> 54.2 us, AVX2 114.0 -> 111.4; AMD EPYC).
template <class T>
CTDIFF_KERNEL_INLINE inline dual<T> far_float_lanes(T u) noexcept {
    const dual<T> near = near_lanes(u);
    const dual<T> far = float_lanes_kernel(u);
    const auto within = math::abs(u) < number_cast<T>(9.5);
    return {math::select(within, near.value, far.value),
            math::select(within, near.derivative, far.derivative)};
}
/// gelu_tanh and its derivative on float lanes (near_lanes; far_float_lanes for a batch
/// with a lane past |u| = 9.5 or NaN).
template <class T>
[[gnu::always_inline]] inline dual<T> float_lanes(T u) noexcept {
    if (!math::all_lanes<T>(math::abs(u) < number_cast<T>(9.5))) [[unlikely]]
        return far_float_lanes(u);
    return near_lanes(u);
}
/// float_lanes for K batches at once, each with its bits: near_lanes's two stages interleaved
/// across the batches (gelu_tanh_rule::value_and_derivative_batches). A group with a lane past
/// |u| = 9.5 or NaN takes float_lanes batch by batch.
template <std::size_t K, class T>
[[gnu::always_inline]] inline void float_lanes_batches(const T (&u)[K], dual<T> (&r)[K]) noexcept {
    bool within = true;
    math::unrolled<K>(
        [&](auto k) { within = within && math::all_lanes<T>(math::abs(u[k]) < number_cast<T>(9.5)); });
    if (!within) [[unlikely]] {
        math::unrolled<K>([&](auto k) { r[k] = float_lanes(u[k]); });
        return;
    }
    near_stage<T> s[K];
    math::unrolled<K>([&](auto k) { s[k] = near_first(u[k]); });
    math::unrolled<K>([&](auto k) { r[k] = near_rest(s[k]); });
}
}  // namespace gelu_tanh_impl

struct gelu_tanh_rule {
    static constexpr std::string_view name = "gelu_tanh";
    static constexpr std::string_view latex = "\\operatorname{gelu_{tanh}}";
    static constexpr rule_precision precision = rule_precision::extended;
    /// Float batches (gelu_tanh_impl::float_lanes, and float_lanes_kernel in double lanes for
    /// batches past |u| = 9.5, where results become subnormal) are within the promise in every
    /// band, subnormal results, infinities and NaN included: the array pass skips its
    /// lane-rescue check for them. Double batches: rescued.
    template <class E>
    static constexpr bool batch_exact = std::is_same_v<E, float>;
    /// Plain double computes the value in double-word arithmetic (value<double>; in long
    /// double it took ten times as long), but below u = -20: there exp(-|z|) nears the
    /// subnormal range (z(-21.1) = -708), and long double keeps its digits (21 ULP at -21.2
    /// in double). The fused kernel stays off for plain double (precision extended), so
    /// the derivative is dgelu_tanh's, in long double where it needs it.
    static constexpr bool extended_where(double u) noexcept { return u < -20; }
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (math::has_wide_lanes<T>) {
            return value_and_derivative(u).value;  // the bits forward_backward gives
        } else if constexpr (math::double_lanes<T> || std::is_same_v<T, double>) {
            // As value_and_derivative_generic: the value in double-word arithmetic; plain
            // double from exp(-|z|) rounded once.
            const auto [z, zl] = gelu_tanh_impl::gelu_tanh_z(u);
            math::double_word<T> ez;
            if constexpr (math::double_lanes<T>) {
                ez = math::exp_double_word(-math::abs(z));
            } else {
                ez = {math::exp_minus_abs(z), 0.0};
            }
            const gelu_tanh_impl::gelu_tanh_double_lanes<T> parts(u, z, zl, ez);
            return math::select(u < number_cast<T>(-1000), number_cast<T>(-0.0), parts.value(u));
        } else {
            return math::select(u < number_cast<T>(-1000), number_cast<T>(-0.0),
                                u * gelu_tanh_gate_rule::value(u));
        }
    }
    /// Value and derivative from one z(u) and one exp(-|z|) (the array route): the gate's
    /// two sigmoids g(u) = sigma(z + zl) and g(-u) = sigma(-z - zl) share it, as value()
    /// and dgelu_tanh compute them apart.
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative(T u) noexcept {
        if constexpr (requires { math::backend<T>::exp_float_parts(u); }) {
            return gelu_tanh_impl::float_lanes(u);
        } else if constexpr (math::has_wide_lanes<T>) {
            return gelu_tanh_impl::float_lanes_kernel(u);
        } else {
            return value_and_derivative_generic(u);
        }
    }
    /// K float batches at once, each with value_and_derivative's bits
    /// (gelu_tanh_impl::float_lanes_batches: the array pass's groups of batches).
    template <std::size_t K, class T>
    [[gnu::always_inline]] static void value_and_derivative_batches(const T (&u)[K],
                                                                    dual<T> (&r)[K]) noexcept requires
        requires(T v) {
        math::backend<T>::exp_float_parts(v);
    }
    { gelu_tanh_impl::float_lanes_batches(u, r); }
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative_generic(
        T u) noexcept {
        const T one = number_cast<T>(1);
        const auto [z, zl] = gelu_tanh_impl::gelu_tanh_z(u);
        // Double lanes: exp(-|z|) in two parts, for the derivative's double-word formula.
        math::double_word<T> ez{};
        if constexpr (math::double_lanes<T>) {
            ez = math::exp_double_word(-math::abs(z));
        } else {
            ez = {math::exp_minus_abs(z), number_cast<T>(0)};
        }
        const T e = ez.hi;
        const T q = one + e;
        const T r = one / q;
        const T f = e / q;
        const auto positive = z >= number_cast<T>(0);
        const T s = math::select(positive, r, f);   // sigma(z)
        const T sm = math::select(positive, f, r);  // sigma(-z)
        const T g = s * (one + sm * zl);
        const T big = number_cast<T>(1000);
        T inside;
        T value;
        if constexpr (math::double_lanes<T>) {
            const gelu_tanh_impl::gelu_tanh_double_lanes<T> parts(u, z, zl, ez);
            inside = parts.first();
            value = parts.value(u);
        } else {
            const T gm = sm * (one - s * zl);
            inside = g * (one + u * gm * gelu_tanh_impl::gelu_tanh_dz(u));
            value = u * g;
        }
        return {math::select(u < -big, number_cast<T>(-0.0), value),
                math::select(u > big, one, math::select(u < -big, number_cast<T>(-0.0), inside))};
    }
    static constexpr auto derivative(auto u, auto) noexcept { return dgelu_tanh(u); }
};

/// gelu with the tanh approximation (PyTorch's `approximate='tanh'`).
inline constexpr unary_function<gelu_tanh_rule> gelu_tanh{};

/// gelu_tanh's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"gelu_tanh">{
    .definition = R"(\frac{x}{2}\left(1 + \tanh\left(\sqrt{2/\pi}\,(x + 0.044715\,x^{3})\right)\right))",
    .conventions =
        "Smooth. The gate sigmoid(z(x)) is a primitive with z in double-word arithmetic; past |x| = 1000 the "
        "derivative is its limit, -0 (it approaches 0 from below) or 1.",
    .derivatives =
        R"(\operatorname{gelu_{tanh}}'(x) = g(x)\,\bigl(1 + x\,g(-x)\,z'(x)\bigr),\quad g = \sigma \circ z,\ z(x) = 2\sqrt{2/\pi}\,(x + 0.044715\,x^{3}))"
        "\n"
        R"(\operatorname{gelu_{tanh}}''(x) = g(x)\,g(-x)\,\bigl(2z'(x) + x\,(z''(x) - \tanh(z(x)/2)\,z'(x)^{2})\bigr))",
};

/// gelu_tanh's reference, the accuracy suite's oracle: x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"gelu_tanh"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        // x/2 (1 + tanh(w)) = x sigmoid(2w), w = sqrt(2/pi) (x + 0.044715 x^3): no cancellation
        // in the left tail; pi to 64 digits
        const X pi = constant_like(x, "3.141592653589793238462643383279502884197169399375105820974944592");
        const X one = constant_like(x, 1);
        const X w2 = (x + x * x * x * constant_like(x, "0.044715")) * sqrt(constant_like(x, 2) / pi) *
                     constant_like(x, 2);
        if (xb < 0) {
            const X e = exp(w2);
            return x * (e / (e + one));
        }
        return x * (one / (exp(-w2) + one));
    }
};

}  // namespace ctdiff
