/// \file
/// `leaky_relu(x, negative_slope = 0.01)`: x for x > 0, else negative_slope * x.
///
/// \f$\partial_x = 1\f$ for x > 0, else the slope; \f$\partial_{slope} = x\f$
/// for x <= 0, else 0. Kink: leaky_relu'(0) = negative_slope (PyTorch's
/// convention). The slope is a number or any expression; `d(e, a)` and
/// `gradient()` differentiate with respect to it. Higher derivatives in x are 0.
#pragma once

#include <ctdiff/activations/parameters.hpp>

namespace ctdiff {

struct leaky_relu_rule {
    static constexpr std::string_view name = "leaky_relu";
    static constexpr std::string_view latex = "\\operatorname{leaky\\_relu}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T slope) noexcept {
        return math::select(u > detail::convert<T>(0), u, slope * u);
    }
    static constexpr auto derivative(auto u, auto slope, auto) noexcept {
        return partials(select(u > int_c<0>, int_c<1>, slope), select(u > int_c<0>, int_c<0>, u));
    }
};

struct leaky_relu_t : binary_function<leaky_relu_rule> {
    /// `leaky_relu(x)`: the slope defaults to 0.01, as in PyTorch.
    template <class E>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e) const {
        return binary_function::operator()(e, detail::default_parameter<E, 1, 100>());
    }
    template <class E, class S>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e, const S& negative_slope) const {
        return binary_function::operator()(e, detail::adapt_parameter<E>(negative_slope));
    }
};

/// The leaky ReLU: `leaky_relu(x)`, `leaky_relu(x, 0.2)`, `leaky_relu(x, a)`.
inline constexpr leaky_relu_t leaky_relu{};

}  // namespace ctdiff
