/// \file
/// `dsigmoid`: the derivative of the logistic sigmoid, a primitive of its own.
///
/// \f$\sigma'(u) = \frac{e}{(1+e)^2},\ e = e^{-|u|}\f$: no `s * (1 - s)`
/// cancellation and no overflow. Its own rule is
/// \f$\sigma''(u) = -\sigma'(u)\tanh(u/2)\f$, which has no cancellation near 0
/// (the product rule on \f$\sigma(u)\sigma(-u)\f$ subtracts two nearly equal
/// terms there). \f$\sigma'(\pm\infty) = 0\f$; NaN gives NaN. The square
/// \f$(1+e)^2\f$ is formed exactly enough (1 + e as a sum of two numbers, `fma`) that
/// one division rounds: (e/q)(1/q) rounded three times, up to 3.2 ULP in double,
/// 3.7 once glu multiplies by its value input.
#pragma once

#include <ctdiff/core/rule_toolkit.hpp>
#include <ctdiff/functions/fwd.hpp>
#include <ctdiff/functions/tanh.hpp>
#include <ctdiff/math/double_word.hpp>

namespace ctdiff {

struct dsigmoid_rule {
    static constexpr std::string_view name = "dsigmoid";
    static constexpr std::string_view latex = "\\sigma'";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (math::has_wide_lanes<T>) {
            return value_and_derivative(u).value;  // the bits of the dual pass
        } else {
            return from_exp(math::exp_minus_abs(u));
        }
    }
    /// The value and the derivative -y tanh(u / 2) together: float batches in double lanes,
    /// each rounded once (the dual pass's product of two float-lane results reached 4.15 ULP
    /// at u = -6.2306337); other types as value() and the rule's derivative.
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative(T u) noexcept {
        if constexpr (math::has_wide_lanes<T>) {
            return in_wide_lanes([](const auto& v) { return value_and_derivative(v); }, u);
        } else {
            const T y = from_exp(math::exp_minus_abs(u));
            return {y, -(y * math::tanh(u / detail::convert<T>(2)))};
        }
    }
    /// sigma'(u) given e = exp(-|u|): e / (1 + e)^2 (sigmoid's fused kernel shares e).
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T from_exp(T e) noexcept {
        const T one = detail::convert<T>(1);
        const T q = one + e;
        const T q_lo = e - (q - one);  // exact: 1 + e = q + q_lo
        const math::double_word<T> q2 = math::two_prod(q, q);
        const T p_lo = q2.lo + detail::convert<T>(2) * q * q_lo;  // (1 + e)^2 = q2.hi + p_lo
        return e / (q2.hi + p_lo);
    }
    static constexpr auto derivative(auto u, auto y) noexcept { return -(y * tanh(u / int_c<2>)); }
};

/// The derivative of the sigmoid: `dsigmoid(x) == d(sigmoid(x), x)`.
inline constexpr unary_function<dsigmoid_rule> dsigmoid{};

}  // namespace ctdiff
