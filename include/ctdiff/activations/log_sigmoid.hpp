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
    /// Float batches are within the promise in every band, subnormal results included
    /// (unit_kernel): the array pass skips its lane-rescue check for them.
    template <class E>
    static constexpr bool batch_exact = std::is_same_v<E, float>;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (math::has_softplus_unit<T>) {
            return unit_kernel(u).value;
        } else {
            return from_exp(u, math::exp_minus_abs(u));
        }
    }
    /// log sigma(u) given e = exp(-|u|): min(u, 0) - log(1 + e) as u - l or -l, so that a value
    /// that underflows is -0 (log sigma < 0).
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T from_exp(T u, T e) noexcept {
        const T l = math::log1p_unit(e);
        return math::select(u < number_cast<T>(0), u - l, math::neg(l));
    }
    /// Value and derivative sigmoid(-u) from one exp(-|u|) (the array route).
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative(T u) noexcept {
        if constexpr (math::has_softplus_unit<T>) {
            return unit_kernel(u);
        } else {
            const T one = number_cast<T>(1);
            const T e = math::exp_minus_abs(u);
            return {from_exp(u, e), math::select(u < number_cast<T>(0), one, e) / (one + e)};
        }
    }
    /// log sigma(u) = -softplus(-u) and sigma(-u), softplus's slope there, from its kernel at -u
    /// (one exp of its own, log(1 + e) a polynomial, one division for the slope): within 2.06
    /// and 2.33 ULP in every band, subnormal results rounded once, where log1p_unit's form took
    /// two divisions and the lane rescue. -inf gives -inf and 1; a value that underflows is -0,
    /// +inf's included, as on the other routes.
    template <class T>
    CTDIFF_KERNEL_INLINE static dual<T> unit_kernel(T u) noexcept {
        const auto p = math::backend<T>::softplus_unit(math::neg(u));
        return {math::neg(p.value), p.slope};
    }
    static constexpr auto derivative(auto u, auto) noexcept { return sigmoid(-u); }
};

/// The logarithm of the sigmoid.
inline constexpr unary_function<log_sigmoid_rule> log_sigmoid{};

/// log_sigmoid's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"log_sigmoid">{
    .definition = R"(\log \sigma(x) = \min(x, 0) - \log(1 + e^{-|x|}))",
    .conventions =
        "Smooth; computed without exponentiating a positive number; log_sigmoid'(-inf) = 1; a value "
        "that underflows is -0 (log sigma < 0), log_sigmoid(inf) = -0.",
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
