/// \file
/// `hardtanh(x, min_val = -1, max_val = 1)`: x clamped to [min_val, max_val].
///
/// \f$\operatorname{hardtanh}'(x) = 1\f$ for min_val < x < max_val, else 0.
/// Conventions at the kinks: `activation_info_of` below. The
/// bounds are branch points: numbers, not expressions. Higher derivatives are 0.
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/rule_toolkit.hpp>

namespace ctdiff {

struct hardtanh_rule {
    static constexpr std::string_view name = "hardtanh";
    static constexpr std::string_view latex = "\\operatorname{hardtanh}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T lo, T hi) noexcept {
        return math::select(u < lo, lo, math::select(u > hi, hi, u));  // NaN passes through
    }
    static constexpr auto derivative(auto u, auto lo, auto hi, auto) noexcept {
        return partials(select(u <= lo, int_c<0>, select(u >= hi, int_c<0>, int_c<1>)), int_c<0>, int_c<0>);
    }
};

struct hardtanh_t : primitive_function<hardtanh_rule, 3> {
    template <class E>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e) const {
        return primitive_function::operator()(e, default_parameter<E, -1>(), default_parameter<E, 1>());
    }
    template <class E, class L, class H>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e, const L& min_val, const H& max_val) const {
        static_assert(is_branch_point_v<L> && is_branch_point_v<H>,
                      "ctdiff::hardtanh(e, min_val, max_val): the bounds must be numbers");
        return primitive_function::operator()(e, adapt_parameter<E>(min_val), adapt_parameter<E>(max_val));
    }
};

/// `hardtanh(x)`, `hardtanh(x, -2.0, 2.0)`.
inline constexpr hardtanh_t hardtanh{};

/// hardtanh's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"hardtanh">{
    .definition = R"(\min(\max(x, -1), 1))",
    .conventions = "The derivative is 0 at both bounds (PyTorch's convention); the bounds are numbers.",
    .parameters = {{.name = "min_val", .value = -1.0}, {.name = "max_val", .value = 1.0}},
    .piecewise_polynomial = true,
};

/// hardtanh's reference, the accuracy suite's oracle: x clamped to [-1, 1], the outer pieces at the bounds
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"hardtanh"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        if (xb <= -1) return constant_like(x, -1);
        if (xb >= 1) return constant_like(x, 1);
        return x;
    }
};

}  // namespace ctdiff
