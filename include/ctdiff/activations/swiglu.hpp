/// \file
/// `swiglu(a, b)`: `silu(a) * b`, a gated activation of two inputs: a the value, b the gate
/// (the halves of a gated feed-forward layer, each any expression or number).
///
/// \f$\partial_a = \operatorname{silu}'(a)\,b\f$ (the primitive `dsilu`),
/// \f$\partial_b = \operatorname{silu}(a)\f$. LLaMA's feed-forward gate. Smooth;
/// products follow IEEE (silu(-inf) = -0 times b = inf gives NaN).
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/activations/silu.hpp>

namespace ctdiff {

struct swiglu_rule {
    static constexpr std::string_view name = "swiglu";
    static constexpr std::string_view latex = "\\operatorname{swiglu}";
    // Float in double, double in long double: the product rounds once.
    static constexpr rule_precision precision = rule_precision::extended;
    /// Float batches are within the promise in every band (silu_impl::gated_float_lanes:
    /// lanes with a far, tiny, zero or subnormal input, an infinite gate, or e b below
    /// 2^-125, in double lanes): the array pass skips its lane-rescue check for them.
    template <class E>
    static constexpr bool batch_exact = std::is_same_v<E, float>;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T a, T b) noexcept {
        if constexpr (silu_impl::float_batch<T>) {
            return silu_impl::gated_float_lanes(a, b, false).value;  // as value_and_partials
        } else if constexpr (math::double_lanes<T>) {
            return silu_impl::gated_value_double(a, math::exp_double_word(-math::abs(a)).hi, b);
        } else {
            return unary_function<silu_rule>{}(a)*b;
        }
    }
    /// The value and both partials from one exp(-|a|) (silu's fused kernel), for the array
    /// passes on SIMD batches: value() and the partials' products, with silu's value and
    /// derivative computed together; on float lanes each rounded once with the product by b
    /// (silu_impl::gated_float_lanes), on double lanes the value (silu_impl::gated_value_double;
    /// silu' in double-word arithmetic is within 1.5 ULP, and its product with b within 4).
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr multi_dual<T, 2> value_and_partials(
        T a, T b) noexcept {
        if constexpr (silu_impl::float_batch<T>) {
            const silu_impl::gated_parts<T> p = silu_impl::gated_float_lanes(a, b, true);
            return {p.value, {p.derivative, p.silu}};
        } else if constexpr (math::double_lanes<T>) {
            // silu's double-lane kernel (one exp in two parts), the value times b rounded once.
            const math::double_word<T> e = math::exp_double_word(-math::abs(a));
            const T s = silu_rule::from_exp(a, e.hi);
            const T ds = dsilu_rule::with_limits(a, silu_impl::dsilu_double_lanes(a, e));
            return {silu_impl::gated_value_double(a, e.hi, b), {ds * b, s}};
        } else {
            const dual<T> s = silu_rule::value_and_derivative(a);
            return {s.value * b, {s.derivative * b, s.value}};
        }
    }
    /// K float batches at once, each with value_and_partials's bits
    /// (silu_impl::gated_float_lanes_batches: the two-input array pass's steps of batches).
    template <std::size_t K, silu_impl::float_batch T>
    [[gnu::always_inline]] static void value_and_partials_batches(const T (&a)[K], const T (&b)[K],
                                                                  multi_dual<T, 2> (&r)[K]) noexcept {
        silu_impl::gated_parts<T> p[K];
        silu_impl::gated_float_lanes_batches(a, b, p);
        math::unrolled<K>([&](auto k) { r[k] = {p[k].value, {p[k].derivative, p[k].silu}}; });
    }
    static constexpr auto derivative(auto a, auto b, auto) noexcept {
        return partials(dsilu(a) * b, silu(a));
    }
};

/// `silu(a) * b`: `swiglu(a, b)`, `swiglu(x, 0.5)`, `swiglu(0.5, 2.0)`.
inline constexpr binary_function<swiglu_rule> swiglu{};

/// swiglu's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"swiglu">{
    .definition = R"(\operatorname{silu}(a)\,b)",
    .conventions = "Smooth. LLaMA's gate; the derivative in a is silu'(a) b, the primitive dsilu.",
    .inputs = 2,
};

/// swiglu's reference, the accuracy suite's oracle: silu(a) b = a sigmoid(a) b
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"swiglu"> {
    template <class X>
    static X of(const X& a, const X& b, [[maybe_unused]] double ab, [[maybe_unused]] double bb) {
        const X one = constant_like(a, 1);
        if (ab < 0) {  // silu(a) = a e / (1 + e), e = exp(a): no overflow
            const X e = exp(a);
            return a * (e / (e + one)) * b;
        }
        return a * (one / (exp(-a) + one)) * b;
    }
};

}  // namespace ctdiff
