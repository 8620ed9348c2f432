/// \file
/// `reglu(a, b)`: `relu(a) * b`, a gated activation of two inputs: a the value, b the gate
/// (the halves of a gated feed-forward layer, each any expression or number).
///
/// \f$\partial_a = \operatorname{step}(a)\,b\f$: b for a > 0, else 0;
/// \f$\partial_b = \operatorname{relu}(a)\f$ (conventions at kinks and limits: `activation_info_of` below).
/// Higher derivatives in a are 0. Products follow IEEE
/// (relu(a) = 0 times b = inf gives NaN, as PyTorch's `relu(a) * b`).
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/activations/relu.hpp>
#include <ctdiff/functions/step.hpp>

namespace ctdiff {

struct reglu_rule {
    static constexpr std::string_view name = "reglu";
    static constexpr std::string_view latex = "\\operatorname{reglu}";
    // Float in double, double in long double: the product rounds once.
    static constexpr rule_precision precision = rule_precision::extended;
    /// Batches are exact in every band (relu(a) and step(a) are exact, each product rounds once):
    /// the array pass skips its lane-rescue check for them.
    static constexpr bool batch_exact = true;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T a, T b) noexcept {
        return relu_rule::value(a) * b;
    }
    /// The value and both partials in one call (the passes over SIMD batches): the bits of
    /// value() and of the partials' expressions step(a) b and relu(a).
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr multi_dual<T, 2> value_and_partials(
        T a, T b) noexcept {
        const T r = relu_rule::value(a);
        return {r * b, {step_rule::value(a) * b, r}};
    }
    static constexpr auto derivative(auto a, auto b, auto) noexcept { return partials(step(a) * b, relu(a)); }
};

/// `relu(a) * b`: `reglu(a, b)`, `reglu(x, 0.5)`, `reglu(0.5, 2.0)`.
inline constexpr binary_function<reglu_rule> reglu{};

/// reglu's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"reglu">{
    .definition = R"(\operatorname{relu}(a)\,b)",
    .conventions =
        "The derivative in a is step(a) b: 0 at a = 0 (relu'(0) = 0, PyTorch's convention); the mixed "
        "partial is step(a).",
    .inputs = 2,
    .piecewise_polynomial = true,
};

/// reglu's reference, the accuracy suite's oracle: relu(a) b, the piece for a <= 0 at 0
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"reglu"> {
    template <class X>
    static X of(const X& a, const X& b, [[maybe_unused]] double ab, [[maybe_unused]] double bb) {
        return ab > 0 ? a * b : constant_like(a, 0);
    }
};

}  // namespace ctdiff
