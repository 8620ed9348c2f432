/// \file
/// `softsign`: x / (1 + |x|).
///
/// \f$\operatorname{softsign}'(x) = \left(\frac{1}{1+|x|}\right)^2\f$, squared
/// after the division so that it neither overflows nor flushes to 0 early.
/// Smooth at 0 to first order (the second derivative at 0: `activation_info_of` below).
/// softsign(±inf) = ±1, softsign'(±inf) = 0.
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/operators.hpp>
#include <ctdiff/core/primitive.hpp>
#include <ctdiff/functions/abs.hpp>

namespace ctdiff {

struct softsign_rule {
    static constexpr std::string_view name = "softsign";
    static constexpr std::string_view latex = "\\operatorname{softsign}";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        // Past 2^64, u / (1 + |u|) rounds to ±1 (and would be inf / inf at inf).
        const T big = number_cast<T>(18446744073709551616.0);
        return math::select(
            u > big, number_cast<T>(1),
            math::select(u < -big, number_cast<T>(-1), u / (number_cast<T>(1) + math::abs(u))));
    }
    static constexpr auto derivative(auto u, auto) noexcept {
        return pow(int_c<1> / (int_c<1> + abs(u)), int_c<2>);
    }
};

/// x / (1 + |x|).
inline constexpr unary_function<softsign_rule> softsign{};

/// softsign's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"softsign">{
    .definition = R"(\frac{x}{1 + |x|})",
    .conventions =
        "Smooth to first order; the second derivative -2 sign(x) / (1 + |x|)^3 jumps at 0 and is 0 there "
        "(abs'(0) = 0).",
};

/// softsign's reference, the accuracy suite's oracle: x / (1 + |x|)
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"softsign"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        const X one = constant_like(x, 1);
        if (xb == 0) return x;  // |x| has abs'(0) = 0: the derivatives of order >= 2 vanish at 0
        // sign(x) (1 - 1 / (1 + |x|)) for |x| > 1, where the derivatives of x / (1 + |x|) cancel
        if (xb > 1) return one - one / (x + one);
        if (xb < -1) return one / (one - x) - one;
        return xb > 0 ? x / (x + one) : x / (one - x);
    }
};

}  // namespace ctdiff
