/// \file
/// `geglu_tanh(a, b)`: `gelu_tanh(a) * b`, a gated activation of two inputs: a the value, b the gate
/// (the halves of a gated feed-forward layer, each any expression or number).
///
/// \f$\partial_a = \operatorname{gelu\_tanh}'(a)\,b\f$ (the primitive `dgelu_tanh`),
/// \f$\partial_b = \operatorname{gelu\_tanh}(a)\f$, with gelu's tanh approximation.
/// Smooth; products follow IEEE.
#pragma once

#include <ctdiff/activations/gelu_tanh.hpp>
#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/rule_toolkit.hpp>

namespace ctdiff {

struct geglu_tanh_rule {
    static constexpr std::string_view name = "geglu_tanh";
    static constexpr std::string_view latex = "\\operatorname{geglu\\_tanh}";
    // Float in double, double in long double: the product rounds once.
    static constexpr rule_precision precision = rule_precision::extended;
    // Float batches in double lanes too, as the scalar route: gelu_tanh(a) underflows float
    // below a = -11 (its gate is about e^-126 there), so a product taken in float lanes
    // is 0 * b, NaN for an infinite b, where the scalar route's is +-inf.
    static constexpr rule_precision batch_precision = rule_precision::float_in_double;
    /// Float batches compute in double lanes throughout (value_and_partials), subnormal
    /// results, infinities and NaN included: the array pass skips its lane-rescue check.
    template <class E>
    static constexpr bool batch_exact = std::is_same_v<E, float>;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T a, T b) noexcept {
        if constexpr (math::has_wide_lanes<T>) {
            return value_and_partials(a, b).value;  // the bits forward_backward gives
        } else {
            return unary_function<gelu_tanh_rule>{}(a)*b;
        }
    }
    /// The value and both partials of a float batch from one gelu_tanh kernel in double lanes
    /// (gelu_tanh_impl::in_double, within a double ULP or so), each product with b in double
    /// and rounded to float once, as the scalar route computes float. Evaluated apart, the
    /// partials took gelu_tanh and dgelu_tanh on double lanes each (9 times geglu's pass).
    template <math::has_wide_lanes T>
    CTDIFF_KERNEL_INLINE static multi_dual<T, 2> value_and_partials(T a, T b) noexcept {
        return in_wide_lanes(
            [](const auto& x, const auto& y) {
                const auto g = gelu_tanh_impl::in_double(x);
                return multi_dual<std::remove_cvref_t<decltype(x)>, 2>{g.value * y,
                                                                       {g.derivative * y, g.value}};
            },
            a, b);
    }
    static constexpr auto derivative(auto a, auto b, auto) noexcept {
        return partials(dgelu_tanh(a) * b, gelu_tanh(a));
    }
};

/// `gelu_tanh(a) * b`: `geglu_tanh(a, b)`, `geglu_tanh(x, 0.5)`, `geglu_tanh(0.5, 2.0)`.
inline constexpr binary_function<geglu_tanh_rule> geglu_tanh{};

/// geglu_tanh's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"geglu_tanh">{
    .definition = R"(\operatorname{gelu_{tanh}}(a)\,b)",
    .conventions =
        "Smooth, with gelu's tanh approximation; the derivative in a is the primitive dgelu_tanh times b.",
    .inputs = 2,
};

/// geglu_tanh's reference, the accuracy suite's oracle: gelu_tanh(a) b
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"geglu_tanh"> {
    template <class X>
    static X of(const X& a, const X& b, [[maybe_unused]] double ab, [[maybe_unused]] double bb) {
        // x/2 (1 + tanh(w)) = x sigmoid(2w), w = sqrt(2/pi) (x + 0.044715 x^3): no cancellation
        // in the left tail; pi to 64 digits
        const X pi = constant_like(a, "3.141592653589793238462643383279502884197169399375105820974944592");
        const X one = constant_like(a, 1);
        const X w2 = (a + a * a * a * constant_like(a, "0.044715")) * sqrt(constant_like(a, 2) / pi) *
                     constant_like(a, 2);
        if (ab < 0) {
            const X e = exp(w2);
            return a * (e / (e + one)) * b;
        }
        return a * (one / (exp(-w2) + one)) * b;
    }
};

}  // namespace ctdiff
