/// \file
/// `leaky_relu(x, negative_slope = 0.01)`: x for x > 0, else negative_slope * x.
///
/// \f$\partial_x = 1\f$ for x > 0, else the slope; \f$\partial_{slope} = x\f$
/// for x <= 0, else 0 (conventions at kinks and limits: `activation_info_of` below).
/// The slope is a number or any expression; `d(e, a)` and
/// `gradient()` differentiate with respect to it. Higher derivatives in x are 0.
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/activations/prelu.hpp>
#include <ctdiff/core/rule_toolkit.hpp>

namespace ctdiff {

struct leaky_relu_rule {
    static constexpr std::string_view name = "leaky_relu";
    static constexpr std::string_view latex = "\\operatorname{leaky\\_relu}";
    /// prelu with the slope as its weight: one value and one derivative rule for both.
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T slope) noexcept {
        return prelu_rule::value(u, slope);
    }
    static constexpr auto derivative(auto u, auto slope, auto y) noexcept {
        return prelu_rule::derivative(u, slope, y);
    }
};

/// `leaky_relu(x)`: the slope defaults to 0.01, as in PyTorch.
struct leaky_relu_t : defaulted_parameter_function<leaky_relu_rule, 1, 100> {};

/// The leaky ReLU: `leaky_relu(x)`, `leaky_relu(x, 0.2)`, `leaky_relu(x, a)`.
inline constexpr leaky_relu_t leaky_relu{};

/// leaky_relu's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"leaky_relu">{
    .definition = R"(\begin{cases} x & x > 0 \\ s\,x & x \le 0 \end{cases},\quad s = 0.01)",
    .conventions =
        "leaky_relu'(0) = s, the negative slope; the slope may be a number or any expression, and the "
        "derivative with respect to it is x for x <= 0, else 0. With slope 0, leaky_relu(-inf, 0) is -0, "
        "the limit (PyTorch's 0 * -inf is NaN).",
    .parameters = {{.name = "negative_slope", .value = 0.01, .smooth = true}},
    .piecewise_polynomial = true,
};

/// leaky_relu's reference, the accuracy suite's oracle: x, or 0.01 x for x <= 0
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"leaky_relu"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        return xb > 0 ? x : x * constant_like(x, "0.01");
    }
};

}  // namespace ctdiff
