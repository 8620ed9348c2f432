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
#include <ctdiff/core/rule_toolkit.hpp>

namespace ctdiff {

namespace glu_impl {
/// Lanes of a float batch whose sigma'(b) may be subnormal (|b| > 85; sigma(b) too below -87),
/// where a times the float kernel's rounded factor would scale its rounding (497 ULP at a = 1000).
template <class T>
[[gnu::always_inline]] inline auto far_lanes(T b) noexcept {
    return math::abs(b) > number_cast<T>(85);
}
/// glu's value and partials on a float batch (sigmoid's fused kernel, products rounded once),
/// with the lanes of far_lanes in double lanes: sigma(b) and sigma'(b) in double, each product
/// with a in double and rounded to float once, as the scalar route computes float. Those lanes
/// out of line (rare).
template <math::has_wide_lanes T>
CTDIFF_NOINLINE multi_dual<T, 2> far_batch(T a, T b) noexcept {
    const multi_dual<T, 2> w = in_wide_lanes(
        [](const auto& x, const auto& y) {
            const auto s = sigmoid_rule::value_and_derivative(y);
            return multi_dual<std::remove_cvref_t<decltype(x)>, 2>{x * s.value, {s.value, x * s.derivative}};
        },
        a, b);
    const dual<T> s = sigmoid_rule::value_and_derivative(b);
    const auto far = far_lanes(b);
    return {math::select(far, w.value, a * s.value),
            {math::select(far, w.d[0], s.value), math::select(far, w.d[1], a * s.derivative)}};
}
}  // namespace glu_impl

struct glu_rule {
    static constexpr std::string_view name = "glu";
    static constexpr std::string_view latex = "\\operatorname{glu}";
    // Float in double, double in long double: the product rounds once.
    static constexpr rule_precision precision = rule_precision::extended;
    /// Float batches are within the promise in every band (glu_impl::far_batch for the lanes
    /// past |b| = 85): the array pass skips its lane-rescue check for them.
    template <class E>
    static constexpr bool batch_exact = std::is_same_v<E, float>;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T a, T b) noexcept {
        if constexpr (math::has_wide_lanes<T>) {
            if (math::any_lanes<T>(glu_impl::far_lanes(b))) [[unlikely]]
                return glu_impl::far_batch(a, b).value;  // as value_and_partials
        }
        return a * unary_function<sigmoid_rule>{}(b);
    }
    /// The value and both partials from one exp(-|b|) (sigmoid's fused kernel), for the
    /// array passes on SIMD batches: value()'s product, with sigma(b) and sigma'(b)
    /// computed together (the general route evaluates sigmoid and dsigmoid apart); float
    /// batches with a lane past |b| = 85 take glu_impl::far_batch.
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr multi_dual<T, 2> value_and_partials(
        T a, T b) noexcept {
        if constexpr (math::has_wide_lanes<T>) {
            if (math::any_lanes<T>(glu_impl::far_lanes(b))) [[unlikely]]
                return glu_impl::far_batch(a, b);
        }
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
