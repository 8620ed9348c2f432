/// \file
/// `rrelu(x, lower = 1/8, upper = 1/3)`: the randomized leaky ReLU in evaluation
/// mode, x for x > 0, else s x with the fixed slope s = (lower + upper) / 2
/// (PyTorch's `rrelu(training=False)`).
///
/// \f$\partial_x = 1\f$ for x > 0, else s; the partials in lower and upper are
/// x / 2 for x <= 0, else 0 (conventions at kinks and limits: `activation_info_of` below). Higher
/// derivatives in x are 0. lower and upper are numbers, as in PyTorch:
/// lower > upper is an error, a `static_assert` when both are compile-time
/// constants (`ctdiff::constant`), else `std::invalid_argument` thrown when the
/// expression is built or the call computes (so also a compile error in a
/// constant expression); a NaN bound is an error too. The training mode, one
/// random slope per element, belongs to the array API.
#pragma once

#include <stdexcept>
#include <string>
#include <type_traits>

#include <ctdiff/activations/info.hpp>
#include <ctdiff/activations/prelu.hpp>
#include <ctdiff/core/rule_toolkit.hpp>

namespace ctdiff {

struct rrelu_rule {
    static constexpr std::string_view name = "rrelu";
    static constexpr std::string_view latex = "\\operatorname{rrelu}";
    // Float is computed in double: the slope and the product round once.
    static constexpr rule_precision precision = rule_precision::float_in_double;
    /// SIMD batches compute in their own type, the slope and s x rounded each (within
    /// 1.5 ULP in every band, subnormal products included, as leaky_relu's): the array
    /// pass skips its lane-rescue check (which doubled the cost of this one-product pass).
    static constexpr bool batch_exact = true;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T lower, T upper) noexcept {
        return prelu_rule::value(u, (lower + upper) / number_cast<T>(2));
    }
    static constexpr auto derivative(auto u, auto lower, auto upper, auto) noexcept {
        const auto half_x = select(u > int_c<0>, int_c<0>, u / int_c<2>);
        return partials(select(u > int_c<0>, int_c<1>, (lower + upper) / int_c<2>), half_x, half_x);
    }
};

namespace rrelu_impl {

/// The bounds as numbers, lower <= upper checked: at compile time for constants.
template <class P>
constexpr double rrelu_bound(const P& p) noexcept {
    if constexpr (is_constant_v<P>) {
        return static_cast<double>(P::num) / static_cast<double>(P::den);
    } else {
        return static_cast<double>(p);
    }
}

template <class L, class H>
constexpr void check_rrelu_bounds(const L& lower, const H& upper) {
    static_assert(is_branch_point_v<L> && is_branch_point_v<H>,
                  "ctdiff::rrelu(e, lower, upper): lower and upper must be numbers");
    if constexpr (is_constant_v<L> && is_constant_v<H>) {
        static_assert(L::num * H::den <= H::num * L::den,
                      "ctdiff::rrelu(e, lower, upper): lower must not exceed upper");
    } else {
        const double lo = rrelu_bound(lower), hi = rrelu_bound(upper);
        if (!(lo <= hi)) {  // NaN fails too
            throw std::invalid_argument("ctdiff::rrelu(e, lower, upper): lower (" + std::to_string(lo) +
                                        ") must not exceed upper (" + std::to_string(hi) + ")");
        }
    }
}

}  // namespace rrelu_impl

struct rrelu_t : primitive_function<rrelu_rule, 3> {
    /// `rrelu(x)`: lower = 1/8, upper = 1/3, as in PyTorch.
    template <class E>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e) const {
        return primitive_function::operator()(e, default_parameter<E, 1, 8>(), default_parameter<E, 1, 3>());
    }
    /// `rrelu(x, lower)`: upper = 1/3.
    template <class E, class L>
    constexpr auto operator()(const E& e, const L& lower) const {
        return (*this)(e, lower, default_parameter<E, 1, 3>());
    }
    template <class E, class L, class H>
    constexpr auto operator()(const E& e, const L& lower, const H& upper) const {
        rrelu_impl::check_rrelu_bounds(lower, upper);
        return primitive_function::operator()(e, adapt_parameter<E>(lower), adapt_parameter<E>(upper));
    }
};

/// `rrelu(x)`, `rrelu(x, 0.1)`, `rrelu(x, 0.1, 0.3)`: the evaluation-mode randomized leaky ReLU.
inline constexpr rrelu_t rrelu{};

/// rrelu's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"rrelu">{
    .definition =
        R"(\begin{cases} x & x > 0 \\ s\,x & x \le 0 \end{cases},\quad s = \frac{l + u}{2},\ l = \tfrac18,\ u = \tfrac13)",
    .conventions =
        "Evaluation mode (PyTorch's training=False): the fixed slope (lower + upper) / 2; rrelu'(0) = s, as "
        "leaky_relu. lower and upper are numbers; lower > upper is an error (a static_assert for "
        "compile-time constants, else std::invalid_argument).",
    .parameters = {{.name = "lower", .value = 0.125}, {.name = "upper", .value = 1.0 / 3.0}},
    .piecewise_polynomial = true,
};

/// rrelu's reference, the accuracy suite's oracle: evaluation mode: x, or (lower + upper) / 2 x for x <= 0
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"rrelu"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        // the slope (lower + upper) / 2 = (1/8 + 1/3) / 2 = 11/48
        return xb > 0 ? x : x * (constant_like(x, 11) / constant_like(x, 48));
    }
};

}  // namespace ctdiff
