/// \file
/// `dsigmoid`: the derivative of the logistic sigmoid, a primitive of its own.
///
/// \f$\sigma'(u) = \frac{e}{(1+e)^2},\ e = e^{-|u|}\f$: no `s * (1 - s)`
/// cancellation and no overflow. Its own rule is
/// \f$\sigma''(u) = -\sigma'(u)\tanh(u/2)\f$, which has no cancellation near 0
/// (the product rule on \f$\sigma(u)\sigma(-u)\f$ subtracts two nearly equal
/// terms there). \f$\sigma'(\pm\infty) = 0\f$; NaN gives NaN.
#pragma once

#include <ctdiff/functions/fwd.hpp>
#include <ctdiff/functions/tanh.hpp>

namespace ctdiff {

struct dsigmoid_rule {
    static constexpr std::string_view name = "dsigmoid";
    static constexpr std::string_view latex = "\\sigma'";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const T e = math::exp(-math::abs(u));
        const T q = detail::convert<T>(1) + e;
        return (e / q) * (detail::convert<T>(1) / q);
    }
    static constexpr auto derivative(auto u, auto y) noexcept { return -(y * tanh(u / int_c<2>)); }
};

/// The derivative of the sigmoid: `dsigmoid(x) == d(sigmoid(x), x)`.
inline constexpr unary_function<dsigmoid_rule> dsigmoid{};

}  // namespace ctdiff
