/// \file
/// `threshold(x, threshold, value)`: x for x > threshold, else value.
///
/// \f$\operatorname{threshold}'(x) = 1\f$ for x > threshold, else 0 (conventions at kinks and limits:
/// `activation_info_of` below). threshold and value are numbers, not expressions. Higher derivatives are 0.
/// NaN gives NaN (as in PyTorch, which tests x <= threshold).
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/rule_toolkit.hpp>

namespace ctdiff {

struct threshold_rule {
    static constexpr std::string_view name = "threshold";
    static constexpr std::string_view latex = "\\operatorname{threshold}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T th, T v) noexcept {
        return math::select(u <= th, v, u);
    }
    static constexpr auto derivative(auto u, auto th, auto, auto) noexcept {
        return partials(select(u <= th, int_c<0>, int_c<1>), int_c<0>, int_c<0>);
    }
};

struct threshold_t : primitive_function<threshold_rule, 3> {
    template <class E, class H, class V>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e, const H& threshold, const V& value) const {
        static_assert(is_branch_point_v<H> && is_branch_point_v<V>,
                      "ctdiff::threshold(e, threshold, value): threshold and value must be numbers");
        return primitive_function::operator()(e, adapt_parameter<E>(threshold), adapt_parameter<E>(value));
    }
};

/// `threshold(x, 0.1, 20.0)`.
inline constexpr threshold_t threshold{};

/// threshold's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"threshold">{
    .definition =
        R"(\begin{cases} x & x > t \\ v & \text{otherwise} \end{cases},\quad t = \text{threshold},\ v = \text{value})",
    .conventions =
        "threshold'(t) = 0 (PyTorch's convention); the value jumps at t and threshold(t) = v; t and v are "
        "numbers.",
    .parameters = {{.name = "threshold", .value = 0.5, .has_default = false},
                   {.name = "value", .value = -2.0, .has_default = false}},
    .piecewise_polynomial = true,
};

/// threshold's reference, the accuracy suite's oracle: at its documented threshold 1/2 and value -2: x for x
/// > 1/2, else -2 (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"threshold"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        return xb <= 0.5 ? constant_like(x, -2) : x;
    }
};

}  // namespace ctdiff
