/// \file
/// `hardsigmoid`: the piecewise-linear sigmoid, 0 for x <= -3, 1 for x >= 3,
/// else x / 6 + 1 / 2.
///
/// Computed as (x + 3) / 6, exact in the sum near -3 where x / 6 + 1/2 would
/// cancel. \f$\operatorname{hardsigmoid}'(x) = 1/6\f$ for -3 < x < 3, else 0
/// (conventions at kinks and limits: `activation_info_of` below). Higher derivatives are 0.
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/operators.hpp>
#include <ctdiff/core/primitive.hpp>

namespace ctdiff {

struct hardsigmoid_rule {
    static constexpr std::string_view name = "hardsigmoid";
    static constexpr std::string_view latex = "\\operatorname{hardsigmoid}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const T three = number_cast<T>(3);
        return math::select(u <= -three, number_cast<T>(0),
                            math::select(u >= three, number_cast<T>(1), (u + three) / number_cast<T>(6)));
    }
    static constexpr auto derivative(auto u, auto) noexcept {
        return select(u <= int_c<-3>, int_c<0>, select(u >= int_c<3>, int_c<0>, constant<1, 6>{}));
    }
};

/// The hard sigmoid.
inline constexpr unary_function<hardsigmoid_rule> hardsigmoid{};

/// hardsigmoid's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"hardsigmoid">{
    .definition = R"(\begin{cases} 0 & x \le -3 \\ 1 & x \ge 3 \\ (x + 3)/6 & \text{otherwise} \end{cases})",
    .conventions = "hardsigmoid'(-3) = hardsigmoid'(3) = 0 (PyTorch's convention).",
    .piecewise_polynomial = true,
};

/// hardsigmoid's reference, the accuracy suite's oracle: 0, x / 6 + 1/2, 1, the outer pieces at +-3
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"hardsigmoid"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        if (xb <= -3) return constant_like(x, 0);
        if (xb >= 3) return constant_like(x, 1);
        return x / constant_like(x, 6) + constant_like(x, "0.5");
    }
};

}  // namespace ctdiff
