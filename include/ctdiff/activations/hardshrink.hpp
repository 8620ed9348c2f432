/// \file
/// `hardshrink(x, lambd = 0.5)`: x for |x| > lambd, else 0.
///
/// \f$\operatorname{hardshrink}'(x) = 1\f$ for |x| > lambd, else 0 (conventions at kinks and limits:
/// `activation_info_of` below). lambd is a branch point: a number, not an expression. Higher derivatives are
/// 0. NaN gives NaN.
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/rule_toolkit.hpp>

namespace ctdiff {

struct hardshrink_rule {
    static constexpr std::string_view name = "hardshrink";
    static constexpr std::string_view latex = "\\operatorname{hardshrink}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T lambd) noexcept {
        return math::select(u > lambd, u, math::select(u < -lambd, u, u * number_cast<T>(0)));
    }
    static constexpr auto derivative(auto u, auto lambd, auto) noexcept {
        return partials(select(u > lambd, int_c<1>, select(u < -lambd, int_c<1>, int_c<0>)), int_c<0>);
    }
};

struct hardshrink_t : binary_function<hardshrink_rule> {
    template <class E>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e) const {
        return binary_function::operator()(e, default_parameter<E, 1, 2>());
    }
    template <class E, class L>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e, const L& lambd) const {
        static_assert(is_branch_point_v<L>, "ctdiff::hardshrink(e, lambd): lambd must be a number");
        return binary_function::operator()(e, adapt_parameter<E>(lambd));
    }
};

/// Hard shrinkage: `hardshrink(x)`, `hardshrink(x, 0.25)`.
inline constexpr hardshrink_t hardshrink{};

/// hardshrink's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"hardshrink">{
    .definition =
        R"(\begin{cases} x & |x| > \lambda \\ 0 & \text{otherwise} \end{cases},\quad \lambda = 0.5)",
    .conventions =
        "hardshrink'(-lambda) = hardshrink'(lambda) = 0 (PyTorch's convention); the value jumps there, and "
        "hardshrink(+-lambda) = 0.",
    .parameters = {{.name = "lambd", .value = 0.5}},
    .piecewise_polynomial = true,
};

/// hardshrink's reference, the accuracy suite's oracle: x outside [-1/2, 1/2], else 0 (lambd = 1/2)
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"hardshrink"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        return (xb > 0.5 || xb < -0.5) ? x : constant_like(x, 0);
    }
};

}  // namespace ctdiff
