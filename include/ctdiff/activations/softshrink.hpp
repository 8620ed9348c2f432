/// \file
/// `softshrink(x, lambd = 0.5)`: x - lambd for x > lambd, x + lambd for
/// x < -lambd, else 0.
///
/// \f$\operatorname{softshrink}'(x) = 1\f$ for |x| > lambd, else 0 (conventions at kinks and limits:
/// `activation_info_of` below). lambd is a branch point: a number, not an expression. Higher derivatives are
/// 0. NaN gives NaN.
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/rule_toolkit.hpp>

namespace ctdiff {

struct softshrink_rule {
    static constexpr std::string_view name = "softshrink";
    static constexpr std::string_view latex = "\\operatorname{softshrink}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T lambd) noexcept {
        // u * 0 is 0 inside and keeps a NaN, the only values that reach it.
        return math::select(u > lambd, u - lambd, math::select(u < -lambd, u + lambd, u * number_cast<T>(0)));
    }
    static constexpr auto derivative(auto u, auto lambd, auto) noexcept {
        return partials(select(u > lambd, int_c<1>, select(u < -lambd, int_c<1>, int_c<0>)), int_c<0>);
    }
};

struct softshrink_t : binary_function<softshrink_rule> {
    template <class E>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e) const {
        return binary_function::operator()(e, default_parameter<E, 1, 2>());
    }
    template <class E, class L>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e, const L& lambd) const {
        static_assert(is_branch_point_v<L>, "ctdiff::softshrink(e, lambd): lambd must be a number");
        return binary_function::operator()(e, adapt_parameter<E>(lambd));
    }
};

/// Soft shrinkage: `softshrink(x)`, `softshrink(x, 0.25)`.
inline constexpr softshrink_t softshrink{};

/// softshrink's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"softshrink">{
    .definition =
        R"(\begin{cases} x - \lambda & x > \lambda \\ x + \lambda & x < -\lambda \\ 0 & \text{otherwise} \end{cases},\quad \lambda = 0.5)",
    .conventions =
        "softshrink'(-lambda) = softshrink'(lambda) = 0 (PyTorch's convention); lambda is a number.",
    .parameters = {{.name = "lambd", .value = 0.5}},
    .piecewise_polynomial = true,
};

/// softshrink's reference, the accuracy suite's oracle: x -+ 1/2 outside [-1/2, 1/2], else 0 (lambd = 1/2)
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"softshrink"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        if (xb > 0.5) return x - constant_like(x, "0.5");
        if (xb < -0.5) return x + constant_like(x, "0.5");
        return constant_like(x, 0);
    }
};

}  // namespace ctdiff
