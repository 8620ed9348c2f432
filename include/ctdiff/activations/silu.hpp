/// \file
/// `silu` (swish): \f$x\,\sigma(x)\f$.
///
/// \f$\operatorname{silu}'(x) = \sigma(x)(1 + x\sigma(-x))\f$, the primitive
/// `dsilu`, whose rule is \f$\operatorname{silu}''(x) = \sigma'(x)(2 - x\tanh(x/2))\f$:
/// factored, so nothing cancels but at the zeros themselves. Past |x| = 1000
/// the derivatives are their limits (1 or 0), where \f$x\sigma'(x)\f$ would be
/// inf * 0 at ±inf.
/// silu(-inf) = -0, silu(inf) = inf.
#pragma once

#include <ctdiff/activations/sigmoid.hpp>
#include <ctdiff/functions/abs.hpp>
#include <ctdiff/functions/step.hpp>

namespace ctdiff {

/// silu'(u) = sigma(u) (1 + u sigma(-u)), a primitive of its own: its rule
/// silu''(u) = sigma'(u) (2 - u tanh(u / 2)) has no cancellation away from
/// the zero at |u| = 2.3994 (the product rule on sigma + u sigma' has).
struct dsilu_rule {
    static constexpr std::string_view name = "dsilu";
    static constexpr std::string_view latex = "\\operatorname{silu}'";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (std::is_same_v<T, float>) {
            return static_cast<float>(
                value(static_cast<double>(u)));  // float: computed in double, rounded once
        }
        // With e = exp(-|u|): (1 + e + u e) / (1 + e)^2 for u >= 0 (positive terms), and
        // e ((1 + u) + e) / (1 + e)^2 for u < 0, where 1 + u is exact near the zero at -1.2785.
        const T one = detail::convert<T>(1);
        const T e = math::exp(-math::abs(u));
        const T q = one + e;
        const T inside =
            math::select(u >= detail::convert<T>(0), (q + u * e) / (q * q), e * ((one + u) + e) / (q * q));
        const T big = detail::convert<T>(1000);  // past it the limits, where u * 0 would be inf * 0
        return math::select(u > big, one, math::select(u < -big, detail::convert<T>(0), inside));
    }
    static constexpr auto derivative(auto u, auto) noexcept {
        return select(abs(u) > int_c<1000>, int_c<0>, dsigmoid(u) * (int_c<2> - u * tanh(u / int_c<2>)));
    }
};

/// The derivative of silu.
inline constexpr unary_function<dsilu_rule> dsilu{};

struct silu_rule {
    static constexpr std::string_view name = "silu";
    static constexpr std::string_view latex = "\\operatorname{silu}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (std::is_same_v<T, float>) {
            return static_cast<float>(
                value(static_cast<double>(u)));  // float: computed in double, rounded once
        }
        return math::select(u < detail::convert<T>(-1000), detail::convert<T>(-0.0),
                            u * sigmoid_rule::value(u));
    }
    static constexpr auto derivative(auto u, auto) noexcept { return dsilu(u); }
};

/// The sigmoid-weighted linear unit (swish).
inline constexpr unary_function<silu_rule> silu{};

}  // namespace ctdiff
