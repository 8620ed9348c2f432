/// \file
/// `softsign`: x / (1 + |x|).
///
/// \f$\operatorname{softsign}'(x) = \left(\frac{1}{1+|x|}\right)^2\f$ (the primitive
/// `dsoftsign`) and \f$\operatorname{softsign}''(x) = -2\operatorname{sign}(x)/(1+|x|)^3\f$
/// (`d2softsign`), powers of the reciprocal so that they neither overflow nor flush to 0
/// early. As primitives they round once or nearly: 1 + |x| and its reciprocal are carried
/// in double-word arithmetic (float in double); as compositions evaluated in the working
/// type they reached 4.4 ULP (float) and 4.8 ULP (double) at order 2, since the power
/// multiplies the rounding of 1 + |x|.
/// Smooth at 0 to first order (the second derivative at 0: `activation_info_of` below).
/// softsign(±inf) = ±1, softsign'(±inf) = 0.
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/operators.hpp>
#include <ctdiff/core/primitive.hpp>
#include <ctdiff/functions/abs.hpp>
#include <ctdiff/functions/sign.hpp>
#include <ctdiff/math/double_word.hpp>

namespace ctdiff {

namespace softsign_impl {

/// 1 / (1 + |u|)^N, N = 2 or 3. Up to |u| = 2^64: 1 + |u| as s + sl (two-sum, exact), its
/// reciprocal as r + rl (the residual 1 - r s with fma) and the power in double-word
/// arithmetic, rounded once at the end. Past 2^64, where 1 + |u| rounds to |u|, the power
/// of the plain reciprocal (0 at inf).
template <int N, class T>
CTDIFF_HOST_DEVICE constexpr T inverse_power(T u) noexcept {
    const T one = number_cast<T>(1);
    const T a = math::abs(u);
    const auto far = a > number_cast<T>(18446744073709551616.0);
    const math::double_word<T> s = math::two_sum(one, math::select(far, one, a));  // NaN stays NaN
    const T rh = one / s.hi;
    const T residual = math::fnma(rh, s.hi, one) - rh * s.lo;  // 1 - rh (s + sl)
    const math::double_word<T> r = math::fast_two_sum(rh, residual * rh);
    math::double_word<T> p = math::mul(r, r);
    const T rf = one / (one + a);
    T pf = rf * rf;
    if constexpr (N == 3) {
        p = math::mul(p, r);
        pf = pf * rf;
    }
    return math::select(far, pf, math::rounded(p));
}

}  // namespace softsign_impl

/// softsign''(u) = -2 sign(u) / (1 + |u|)^3 (0 at 0: abs'(0) = 0); its derivative
/// 6 sign(u)^2 / (1 + |u|)^4 is y * (-3 sign(u) / (1 + |u|)).
struct d2softsign_rule {
    static constexpr std::string_view name = "d2softsign";
    static constexpr std::string_view latex = "\\operatorname{softsign}''";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    static constexpr rule_precision batch_precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return -(number_cast<T>(2) * softsign_impl::inverse_power<3>(u) * sign_rule::value(u));
    }
    static constexpr auto derivative(auto u, auto y) noexcept {
        return -(int_c<3> * sign(u) * y / (int_c<1> + abs(u)));
    }
};

/// The second derivative of softsign.
inline constexpr unary_function<d2softsign_rule> d2softsign{};

/// softsign'(u) = 1 / (1 + |u|)^2.
struct dsoftsign_rule {
    static constexpr std::string_view name = "dsoftsign";
    static constexpr std::string_view latex = "\\operatorname{softsign}'";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    static constexpr rule_precision batch_precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return softsign_impl::inverse_power<2>(u);
    }
    static constexpr auto derivative(auto u, auto) noexcept { return d2softsign(u); }
};

/// The derivative of softsign.
inline constexpr unary_function<dsoftsign_rule> dsoftsign{};

namespace softsign_impl {
/// Float lanes in double lanes (math::wide_lanes), where 1 + |u| is exact: r = 1 / (1 + |u|)
/// rounded once, the value u r and the derivative r^2, each rounded to float once (within
/// 0.5 ULP and a little, subnormal values included). Past 2^64 the value is ±1.
template <class W>
struct wide_parts {
    W value, slope;
};
template <class W>
CTDIFF_HOST_DEVICE inline wide_parts<W> in_double(W u) noexcept {
    const W big = number_cast<W>(18446744073709551616.0);
    const W r = number_cast<W>(1) / (number_cast<W>(1) + math::abs(u));
    const W v = math::select(u > big, number_cast<W>(1), math::select(u < -big, number_cast<W>(-1), u * r));
    return {v, r * r};
}
}  // namespace softsign_impl

struct softsign_rule {
    static constexpr std::string_view name = "softsign";
    static constexpr std::string_view latex = "\\operatorname{softsign}";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    /// Batches are within the promise in every band (float lanes: in double lanes; double
    /// lanes: the value as plain numbers compute it, the derivative as dsoftsign does): no
    /// lane rescue.
    static constexpr bool batch_exact = true;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (math::has_wide_lanes<T>) {
            return value_and_derivative(u).value;  // the bits forward_backward gives
        } else {
            // Past 2^64, u / (1 + |u|) rounds to ±1 (and would be inf / inf at inf).
            const T big = number_cast<T>(18446744073709551616.0);
            return math::select(
                u > big, number_cast<T>(1),
                math::select(u < -big, number_cast<T>(-1), u / (number_cast<T>(1) + math::abs(u))));
        }
    }
    /// The value and the derivative: float batches from one reciprocal in double lanes
    /// (softsign_impl::in_double; the derivative took double lanes and double-word steps of
    /// its own); otherwise value() and dsoftsign's value, the bits of the general route.
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative(T u) noexcept {
        if constexpr (math::has_wide_lanes<T>) {
            using W = math::wide_lanes<T>;
            const auto lo = softsign_impl::in_double(W::low(u));
            const auto hi = softsign_impl::in_double(W::high(u));
            return {W::narrow(lo.value, hi.value), W::narrow(lo.slope, hi.slope)};
        } else {
            return {value(u), dsoftsign_rule::value(u)};
        }
    }
    static constexpr auto derivative(auto u, auto) noexcept { return dsoftsign(u); }
};

/// x / (1 + |x|).
inline constexpr unary_function<softsign_rule> softsign{};

/// softsign's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"softsign">{
    .definition = R"(\frac{x}{1 + |x|})",
    .conventions =
        "Smooth to first order; the second derivative -2 sign(x) / (1 + |x|)^3 jumps at 0 and is 0 there "
        "(abs'(0) = 0).",
};

/// softsign's reference, the accuracy suite's oracle: x / (1 + |x|)
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"softsign"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        const X one = constant_like(x, 1);
        if (xb == 0) return x;  // |x| has abs'(0) = 0: the derivatives of order >= 2 vanish at 0
        // sign(x) (1 - 1 / (1 + |x|)) for |x| > 1, where the derivatives of x / (1 + |x|) cancel
        if (xb > 1) return one - one / (x + one);
        if (xb < -1) return one / (one - x) - one;
        return xb > 0 ? x / (x + one) : x / (one - x);
    }
};

}  // namespace ctdiff
