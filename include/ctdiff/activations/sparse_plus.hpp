/// \file
/// `sparse_plus(x)`: 0 for x <= -1, (x + 1)^2 / 4 for -1 < x < 1, x for x >= 1
/// (JAX's `sparse_plus`, a softplus with a compact transition).
///
/// \f$\operatorname{sparse\_plus}'(x) = 0\f$ for x <= -1, \f$(x + 1)/2\f$ inside,
/// 1 for x >= 1 (the function is C1); the second derivative is 0 outside, 1/2
/// inside (conventions at kinks and limits: `activation_info_of` below). Higher
/// derivatives are 0. sparse_plus(-inf) = 0, sparse_plus(inf) = inf.
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/operators.hpp>
#include <ctdiff/core/primitive.hpp>

namespace ctdiff {

struct sparse_plus_rule {
    static constexpr std::string_view name = "sparse_plus";
    static constexpr std::string_view latex = "\\operatorname{sparse\\_plus}";
    // Float is computed in double and rounded once.
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const T one = number_cast<T>(1);
        // exact near -1, where the square is small; the middle piece sees u only where it
        // is chosen (no overflowing square in a constant expression), NaN included
        const T p = math::select(math::abs(u) >= one, one, u) + one;
        return math::select(u <= -one, number_cast<T>(0),
                            math::select(u >= one, u, p * p / number_cast<T>(4)));
    }
    static constexpr auto derivative(auto u, auto) noexcept {
        return select(u <= int_c<-1>, int_c<0>, select(u >= int_c<1>, int_c<1>, (u + int_c<1>) / int_c<2>));
    }
};

/// JAX's sparse plus.
inline constexpr unary_function<sparse_plus_rule> sparse_plus{};

/// sparse_plus's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"sparse_plus">{
    .definition = R"(\begin{cases} 0 & x \le -1 \\ (x + 1)^{2}/4 & -1 < x < 1 \\ x & x \ge 1 \end{cases})",
    .conventions =
        "Continuously differentiable: the derivative is 0 at -1 and 1 at 1 from either side. The second "
        "derivative jumps there and takes the outer pieces, sparse_plus''(-1) = sparse_plus''(1) = 0 (the "
        "pieces the value takes there, as JAX's where(x <= -1, 0, where(x >= 1, x, ...))).",
    .piecewise_polynomial = true,
};

/// sparse_plus's reference, the accuracy suite's oracle: 0, (x + 1)^2 / 4, x, the outer pieces at +-1
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"sparse_plus"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        if (xb <= -1) return constant_like(x, 0);
        if (xb >= 1) return x;
        return (x + constant_like(x, 1)) * (x + constant_like(x, 1)) / constant_like(x, 4);
    }
};

}  // namespace ctdiff
