/// \file
/// `glu(a, b)`: `a * sigmoid(b)`, a gated activation of two inputs: a the value, b the gate
/// (the halves of a gated feed-forward layer, each any expression or number).
///
/// \f$\partial_a = \sigma(b)\f$, \f$\partial_b = a\,\sigma'(b)\f$ (the primitive
/// `dsigmoid`, no \f$\sigma(1 - \sigma)\f$ cancellation). PyTorch's GLU: the first half
/// of the input times the sigmoid of the second. Smooth; products follow IEEE
/// (a = inf with b = -inf gives NaN, as PyTorch's `a * sigmoid(b)`).
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/activations/sigmoid.hpp>

namespace ctdiff {

struct glu_rule {
    static constexpr std::string_view name = "glu";
    static constexpr std::string_view latex = "\\operatorname{glu}";
    // Float in double, double in long double: the product rounds once.
    static constexpr rule_precision precision = rule_precision::extended;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T a, T b) noexcept {
        return a * unary_function<sigmoid_rule>{}(b);
    }
    /// The value and both partials from one exp(-|b|) (sigmoid's fused kernel), for the
    /// array passes on SIMD batches: value()'s product, with sigma(b) and sigma'(b)
    /// computed together (the general route evaluates sigmoid and dsigmoid apart).
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr multi_dual<T, 2> value_and_partials(
        T a, T b) noexcept {
        const dual<T> s = sigmoid_rule::value_and_derivative(b);
        return {a * s.value, {s.value, a * s.derivative}};
    }
    static constexpr auto derivative(auto a, auto b, auto) noexcept {
        return partials(sigmoid(b), a * dsigmoid(b));
    }
};

/// `a * sigmoid(b)`: `glu(a, b)`, `glu(x, 0.5)`, `glu(0.5, 2.0)`.
inline constexpr binary_function<glu_rule> glu{};

/// glu's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"glu">{
    .definition = R"(a\,\sigma(b))",
    .conventions =
        "Smooth. PyTorch's GLU (the first half of the input times the sigmoid of the second); the derivative "
        "in b is a sigma'(b), the primitive dsigmoid.",
    .inputs = 2,
    .nonlinear_input = 1,
};

/// glu's reference, the accuracy suite's oracle: a sigmoid(b)
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"glu"> {
    template <class X>
    static X of(const X& a, const X& b, [[maybe_unused]] double ab, [[maybe_unused]] double bb) {
        const X one = constant_like(b, 1);
        if (bb < 0) {  // sigmoid(b) as e / (1 + e), e = exp(b): no overflow
            const X e = exp(b);
            return a * (e / (e + one));
        }
        return a * (one / (exp(-b) + one));
    }
};

}  // namespace ctdiff
