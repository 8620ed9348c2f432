/// \file
/// `geglu(a, b)`: `gelu(a) * b`, a gated activation of two inputs: a the value, b the gate
/// (the halves of a gated feed-forward layer, each any expression or number).
///
/// \f$\partial_a = \operatorname{gelu}'(a)\,b\f$ (the primitive `dgelu`),
/// \f$\partial_b = \operatorname{gelu}(a)\f$, with gelu's exact form \f$x\Phi(x)\f$.
/// Smooth; products follow IEEE.
#pragma once

#include <ctdiff/activations/gelu.hpp>
#include <ctdiff/activations/info.hpp>

namespace ctdiff {

namespace geglu_impl {

/// gelu(a) and gelu'(a) for the product with the gate. Float SIMD batches take
/// math::backend's u_cdf_and_slope_precise (within 2.0 and 2.05 ULP; on AVX2 and AVX-512
/// its table kernel, 1.22 and 1.21; gelu's own kernel, u_cdf_and_slope, is 3.4 and 3.0):
/// the product with b can double an error counted in
/// ULPs (gelu' at the bottom of a binade times b near 2 stays in it), and geglu is held
/// to 4 ULP. Other types: gelu's fused kernel.
template <class T>
CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE constexpr dual<T> gelu_and_slope(T a) noexcept {
    if constexpr (requires { math::backend<T>::u_cdf_and_slope_precise(a); }) {
        const auto p = math::backend<T>::u_cdf_and_slope_precise(a);  // with the limits past -40
        return {p.u_cdf, gelu_impl::precise_slope(a, p.slope)};
    } else {
        return gelu_rule::value_and_derivative(a);
    }
}

}  // namespace geglu_impl

struct geglu_rule {
    static constexpr std::string_view name = "geglu";
    static constexpr std::string_view latex = "\\operatorname{geglu}";
    // Float in double, double in long double: the product rounds once.
    static constexpr rule_precision precision = rule_precision::extended;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T a, T b) noexcept {
        if constexpr (gelu_rule::has_normal_parts<T>) {
            return geglu_impl::gelu_and_slope(a).value * b;
        } else {
            return unary_function<gelu_rule>{}(a)*b;
        }
    }
    /// The value and both partials from one Phi(a) and phi(a) (gelu's fused kernel), for the array
    /// passes on SIMD batches: value() and the partials' products, with gelu's value and
    /// derivative computed together.
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr multi_dual<T, 2> value_and_partials(
        T a, T b) noexcept {
        const dual<T> s = geglu_impl::gelu_and_slope(a);
        return {s.value * b, {s.derivative * b, s.value}};
    }
    static constexpr auto derivative(auto a, auto b, auto) noexcept {
        return partials(dgelu(a) * b, gelu(a));
    }
};

/// `gelu(a) * b`: `geglu(a, b)`, `geglu(x, 0.5)`, `geglu(0.5, 2.0)`.
inline constexpr binary_function<geglu_rule> geglu{};

/// geglu's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"geglu">{
    .definition = R"(\operatorname{gelu}(a)\,b)",
    .conventions = "Smooth, with gelu's exact form; the derivative in a is gelu'(a) b, the primitive dgelu.",
    .inputs = 2,
};

/// geglu's reference, the accuracy suite's oracle: gelu(a) b, gelu(a) = a Phi(a)
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"geglu"> {
    template <class X>
    static X of(const X& a, const X& b, [[maybe_unused]] double ab, [[maybe_unused]] double bb) {
        // gelu(a) = a Phi(a) = a/2 erfc(-a / sqrt 2)
        return a * erfc(a * (constant_like(a, -1) / sqrt(constant_like(a, 2)))) * constant_like(a, "0.5") * b;
    }
};

}  // namespace ctdiff
