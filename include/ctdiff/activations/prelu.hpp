/// \file
/// `prelu(x, weight)`: the parametric ReLU, max(0, x) + weight * min(0, x).
///
/// \f$\partial_x = 1\f$ for x > 0, else weight; \f$\partial_{weight} = x\f$ for
/// x <= 0, else 0 (conventions at kinks and limits: `activation_info_of` below). The weight
/// is a number or any expression; `gradient()` and `d(e, a)` differentiate
/// with respect to it. Higher derivatives in x are 0.
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/operators.hpp>
#include <ctdiff/core/primitive.hpp>

namespace ctdiff {

struct prelu_rule {
    static constexpr std::string_view name = "prelu";
    static constexpr std::string_view latex = "\\operatorname{prelu}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T w) noexcept {
        // A zero w at x = -inf gives the limit -w (0 * x is -0 for every x < 0), not 0 * inf.
        const T zero = number_cast<T>(0);
        const T linear = w * u;
        return math::select(u > zero, u, math::select(w == zero, math::select(u < zero, -w, linear), linear));
    }
    static constexpr auto derivative(auto u, auto w, auto) noexcept {
        return partials(select(u > int_c<0>, int_c<1>, w), select(u > int_c<0>, int_c<0>, u));
    }
};

/// The parametric ReLU: `prelu(x, 0.25)`, `prelu(x, a)`.
inline constexpr binary_function<prelu_rule> prelu{};

/// prelu's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"prelu">{
    .definition = R"(\max(0, x) + w \min(0, x))",
    .conventions =
        "prelu'(0) = w (PyTorch's convention); the derivative with respect to the weight is x for x <= 0, "
        "else 0. With weight 0, prelu(-inf, 0) is -0, the limit (PyTorch's 0 * -inf is NaN).",
    .parameters = {{.name = "weight", .value = 0.25, .has_default = false, .smooth = true}},
    .piecewise_polynomial = true,
};

/// prelu's reference, the accuracy suite's oracle: at its documented weight 0.25: x, or 0.25 x for x <= 0
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"prelu"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        return xb > 0 ? x : x * constant_like(x, "0.25");
    }
};

}  // namespace ctdiff
