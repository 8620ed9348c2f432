/// \file
/// `log_sigmoid`: \f$\log\sigma(x) = \min(x, 0) - \log(1 + e^{-|x|})\f$.
///
/// The stable form never exponentiates a positive number and uses `log1p`.
/// \f$\log\sigma'(x) = \sigma(-x)\f$, \f$\log\sigma''(x) = -\sigma'(x)\f$.
/// Smooth; log_sigmoid(-inf) = -inf, log_sigmoid'(-inf) = 1, log_sigmoid'(inf) = 0.
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/activations/sigmoid.hpp>

namespace ctdiff {

struct log_sigmoid_rule {
    static constexpr std::string_view name = "log_sigmoid";
    static constexpr std::string_view latex = "\\log\\sigma";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const T zero = number_cast<T>(0);
        return math::select(u < zero, u, zero) - math::log1p_unit(math::exp_minus_abs(u));
    }
    /// Value and derivative sigmoid(-u) from one exp(-|u|) (the array route).
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative(T u) noexcept {
        const T zero = number_cast<T>(0);
        const T one = number_cast<T>(1);
        const T e = math::exp_minus_abs(u);
        const auto negative = u < zero;
        return {math::select(negative, u, zero) - math::log1p_unit(e),
                math::select(negative, one, e) / (one + e)};
    }
    static constexpr auto derivative(auto u, auto) noexcept { return sigmoid(-u); }
};

/// The logarithm of the sigmoid.
inline constexpr unary_function<log_sigmoid_rule> log_sigmoid{};

/// log_sigmoid's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"log_sigmoid">{
    .definition = R"(\log \sigma(x) = \min(x, 0) - \log(1 + e^{-|x|}))",
    .conventions = "Smooth; computed without exponentiating a positive number; log_sigmoid'(-inf) = 1.",
};

/// log_sigmoid's reference, the accuracy suite's oracle: log(1 / (1 + exp(-x)))
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"log_sigmoid"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        // log(1 / (1 + exp(-x))) = -log1p(exp(-x)), or x - log1p(exp(x)) for x < 0
        return xb < 0 ? x - log1p(exp(x)) : -log1p(exp(-x));
    }
};

}  // namespace ctdiff
