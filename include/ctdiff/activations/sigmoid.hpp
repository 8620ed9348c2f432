/// \file
/// `sigmoid`: the logistic function, squashing to (0, 1).
///
/// \f$\sigma(x) = \frac{1}{1 + e^{-x}}\f$, \f$\sigma'(x) = \sigma(x)\,\sigma(-x)\f$,
/// the primitive `dsigmoid` (functions/dsigmoid.hpp), whose own rule
/// \f$\sigma''(x) = -\sigma'(x)\tanh(x/2)\f$ keeps higher orders free of
/// cancellation. Value and derivative come from one \f$e = \exp(-|x|)\f$:
/// \f$\sigma(|x|) = 1/(1+e)\f$, \f$\sigma(-|x|) = e/(1+e)\f$,
/// \f$\sigma'(x) = e/(1+e)^2\f$ (dsigmoid's formula), so nothing overflows or cancels (the textbook
/// \f$\sigma(1-\sigma)\f$ is 0 once \f$\sigma\f$ rounds to 1). Smooth, no
/// kinks; \f$\sigma'(\pm\infty) = 0\f$.
///
/// @snippet sigmoid_relu.cpp sigmoid_relu
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/operators.hpp>
#include <ctdiff/core/primitive.hpp>
#include <ctdiff/functions/dsigmoid.hpp>
#include <ctdiff/number/dual.hpp>

namespace ctdiff {

struct sigmoid_rule {
    static constexpr std::string_view name = "sigmoid";
    static constexpr std::string_view latex = "\\sigma";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    /// Batches are within the promise in every band (value: one division of e or 1 by
    /// 1 + e; fused: sigmoid_parts), subnormal results included: no lane rescue.
    static constexpr bool batch_exact = true;

    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return from_exp(u, math::exp_minus_abs(u));
    }
    /// sigma(u) given e = exp(-|u|) (silu's fused kernel shares e with its derivative).
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T from_exp(T u, T e) noexcept {
        const T q = number_cast<T>(1) + e;
        // One division of the selected numerator: the same bits as 1 / q or e / q, and on
        // SIMD batches one division instead of two.
        return math::select(u >= number_cast<T>(0), number_cast<T>(1), e) / q;
    }
    /// sigma'(u) = sigma(|u|) sigma(-|u|): one exp for both. SIMD batches take the
    /// backend's sigmoid_parts (math/simd.hpp): two divisions where this takes three.
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative(T u) noexcept {
        if constexpr (requires { math::backend<T>::sigmoid_parts(u); }) {
            const auto p = math::backend<T>::sigmoid_parts(u);
            return {p.value, p.slope};
        } else {
            const T e = math::exp_minus_abs(u);
            const T q = number_cast<T>(1) + e;
            const T r = number_cast<T>(1) / q;
            const T s = e / q;
            return {math::select(u >= number_cast<T>(0), r, s), dsigmoid_rule::from_exp(e)};  // as dsigmoid
        }
    }
    /// K batches at once, each with value_and_derivative's bits: math::backend's
    /// sigmoid_parts_batches (the array pass's groups of batches; its kernels interleave).
    template <std::size_t K, class T>
    [[gnu::always_inline]] static void value_and_derivative_batches(const T (&u)[K],
                                                                    dual<T> (&r)[K]) noexcept requires
        requires(const T (&v)[K], typename math::backend<T>::value_slope (&p)[K]) {
        math::backend<T>::sigmoid_parts_batches(v, p);
    }
    {
        typename math::backend<T>::value_slope p[K];
        math::backend<T>::sigmoid_parts_batches(u, p);
        math::unrolled<K>([&](auto k) { r[k] = {p[k].value, p[k].slope}; });
    }
    /// value_and_derivative in two stages on K SIMD batches, each with its bits: the exps
    /// e = exp(-|u|) (math::backend's exp_minus_abs_batches: one edge test for the K), then
    /// each batch's quotients (sigmoid_from_exp). The array pass runs them a step apart
    /// (detail::rule_stages).
    template <std::size_t K, class T>
    [[gnu::always_inline]] static void value_and_derivative_begin(const T (&u)[K],
                                                                  T (&e)[K]) noexcept requires requires {
        math::backend<T>::exp_minus_abs_batches(u, e);
    }
    { math::backend<T>::exp_minus_abs_batches(u, e); }
    template <class T>
    [[gnu::always_inline]] static dual<T> value_and_derivative_end(const T& u,
                                                                   const T& e) noexcept requires requires {
        math::backend<T>::sigmoid_from_exp(u, e);
    }
    {
        const auto p = math::backend<T>::sigmoid_from_exp(u, e);
        return {p.value, p.slope};
    }
    static constexpr auto derivative(auto u, auto) noexcept { return dsigmoid(u); }
};

/// The logistic sigmoid, on expressions, plain numbers, duals, jets and SIMD batches.
inline constexpr unary_function<sigmoid_rule> sigmoid{};

/// sigmoid's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"sigmoid">{
    .definition = R"(\frac{1}{1 + e^{-x}})",
    .conventions =
        "Smooth. Value and derivative come from one exp(-|x|): nothing overflows, and the derivative keeps "
        "its digits where sigmoid rounds to 1.",
};

/// sigmoid's reference, the accuracy suite's oracle: 1 / (1 + exp(-x))
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"sigmoid"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        const X one = constant_like(x, 1);
        if (xb < 0) {  // sigmoid as e / (1 + e), e = exp(x): no overflow
            const X e = exp(x);
            return one * (e / (e + one));
        }
        return one * (one / (exp(-x) + one));
    }
};

}  // namespace ctdiff
