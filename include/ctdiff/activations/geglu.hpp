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
#include <ctdiff/core/rule_toolkit.hpp>

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

/// Lanes of a float batch where gelu(a) or gelu'(a) may be subnormal (a < -12.75, and |a| < 2^-124
/// where gelu(a) = a / 2), where b times the float kernel's rounded factor would scale its rounding
/// (489 ULP at b = 991; 1136 at a = -1.3e-41, b = 3.5e29).
template <class T>
[[gnu::always_inline]] inline auto far_lanes(T a) noexcept {
    return (a < number_cast<T>(-12.75)) | (math::abs(a) < number_cast<T>(0x1p-124f));
}
/// Phi(u) on double lanes within 0.5 ULP and a little: erfc per lane in long double where it is
/// wider, else norm_cdf (whose double erfc, glibc's, is 3 ULP off at 1.214: gelu within 3.8 ULP,
/// and geglu's products with gates that double an error counted in ULPs reached 5.5). About 5
/// times the time of norm_cdf's lanes; geglu's double arrays pay it, gelu's do not.
template <math::double_lanes T>
inline T precise_cdf(T u) noexcept {
    if constexpr (std::numeric_limits<long double>::digits > std::numeric_limits<double>::digits) {
        return math::backend<T>::lanewise(u, [](double v) {
            constexpr long double c = -0.707106781186547524400844362104849039L;  // -1/sqrt(2)
            return static_cast<double>(0.5L * std::erfc(c * static_cast<long double>(v)));
        });
    } else {
        return norm_cdf_rule::value(u);
    }
}

/// geglu's value and partials on double lanes: gelu(a) b = (a Phi(a) = p + l exactly) b in
/// one fma, gelu'(a) b as Phi(a) + a phi(a) in double-word form times b, rounded once
/// (gelu's results rounded before the product with b reached 4.6 ULP at
/// (-1.72291, 425.223)); within 1/4 of gelu''s zero, its series times b. The plain products
/// where a or b is zero or subnormal (IEEE's signs of zero), b infinite (l b would be
/// 0 * inf), |a| > 40 (gelu's limits), or a Phi(a) rounding to zero (from about -38.6: l's +0
/// turned p = -0 into +0, and the slope's parts, Phi(a) = 0 among them, summed to +0 where
/// gelu' < 0; ds has its sign).
template <math::double_lanes T>
[[gnu::always_inline]] inline multi_dual<T, 2> double_lanes(T a, T b) noexcept {
    const T cdf = precise_cdf(a);
    const T p = a * cdf;
    const T s = gelu_rule::with_left_limit(a, p);  // gelu_rule::from_cdf
    const T value = math::fma(p, b, math::fms(a, cdf, p) * b);
    const math::double_word<T> slope = math::add(math::mul(gelu_impl::norm_pdf_double_word(a), a), cdf);
    const T rounded = math::rounded(slope);
    const T ds = dgelu_rule::with_limits(a, gelu_impl::slope_near_zero(a, rounded));
    const T dsb = math::select(math::abs(a + number_cast<T>(0.7517915246935645)) < number_cast<T>(0.25),
                               gelu_impl::dgelu_near_zero(a) * b, math::rounded(math::mul(slope, b)));
    const T tiny = number_cast<T>(std::numeric_limits<double>::min());
    const T ab = math::abs(b);
    const auto plain = (math::abs(a) < tiny) | (ab < tiny) | (ab == number_cast<T>(INFINITY)) |
                       (math::abs(a) > number_cast<T>(40)) | (p == number_cast<T>(0));
    return {math::select(plain, s * b, value), {math::select(plain, ds * b, dsb), s}};
}

/// geglu's value and partials on a float batch (gelu_and_slope, products rounded once), with the
/// lanes of far_lanes in double lanes (double_lanes: the products with b rounded once in double),
/// rounded to float once, as the scalar route computes float. Rare; inlined behind its test (as
/// a call it returned its three batches through memory, which every batch's results then passed
/// through: the two-input pass over 2^16 floats AVX-512 62.7 -> 60.9 us, AVX2 138.5 -> 133.7).
template <math::has_wide_lanes T>
CTDIFF_KERNEL_INLINE inline multi_dual<T, 2> far_batch(T a, T b) noexcept {
    const multi_dual<T, 2> w =
        in_wide_lanes([](const auto& x, const auto& y) { return double_lanes(x, y); }, a, b);
    const dual<T> s = gelu_and_slope(a);
    const auto far = far_lanes(a);
    return {math::select(far, w.value, s.value * b),
            {math::select(far, w.d[0], s.derivative * b), math::select(far, w.d[1], s.value)}};
}
}  // namespace geglu_impl

struct geglu_rule {
    static constexpr std::string_view name = "geglu";
    static constexpr std::string_view latex = "\\operatorname{geglu}";
    // Float in double, double in long double: the product rounds once.
    static constexpr rule_precision precision = rule_precision::extended;
    /// Float batches are within the promise in every band (geglu_impl::far_batch for the lanes
    /// below a = -12.75): the array pass skips its lane-rescue check for them.
    template <class E>
    static constexpr bool batch_exact = std::is_same_v<E, float>;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T a, T b) noexcept {
        if constexpr (gelu_rule::has_normal_parts<T>) {
            if constexpr (math::has_wide_lanes<T>) {
                if (math::any_lanes<T>(geglu_impl::far_lanes(a))) [[unlikely]]
                    return geglu_impl::far_batch(a, b).value;  // as value_and_partials
            }
            return geglu_impl::gelu_and_slope(a).value * b;
        } else if constexpr (math::double_lanes<T>) {
            return geglu_impl::double_lanes(a, b).value;  // as value_and_partials
        } else {
            return unary_function<gelu_rule>{}(a)*b;
        }
    }
    /// The value and both partials from one Phi(a) and phi(a) (gelu's fused kernel), for the array
    /// passes on SIMD batches: value() and the partials' products, with gelu's value and
    /// derivative computed together; on double lanes each product with b rounded once with the
    /// rest (geglu_impl::double_lanes).
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr multi_dual<T, 2> value_and_partials(
        T a, T b) noexcept {
        if constexpr (math::double_lanes<T>) {
            return geglu_impl::double_lanes(a, b);
        } else {
            if constexpr (math::has_wide_lanes<T>) {
                if (math::any_lanes<T>(geglu_impl::far_lanes(a))) [[unlikely]]
                    return geglu_impl::far_batch(a, b);
            }
            const dual<T> s = geglu_impl::gelu_and_slope(a);
            return {s.value * b, {s.derivative * b, s.value}};
        }
    }
    /// K float batches at once, each with value_and_partials's bits, where gelu_and_slope is
    /// math::backend's table kernel (AVX2, AVX-512): its stages interleaved across the batches
    /// (u_cdf_and_slope_precise_batches; the two-input array pass's steps of batches). A group
    /// with a lane of far_lanes takes value_and_partials batch by batch.
    template <std::size_t K, class T>
    [[gnu::always_inline]] static void value_and_partials_batches(const T (&a)[K], const T (&b)[K],
                                                                  multi_dual<T, 2> (&r)[K]) noexcept
        requires(gelu_rule::has_normal_parts<T> && !math::double_lanes<T> &&
                 requires(const T (&u)[K], typename math::backend<T>::u_cdf_parts (&p)[K]) {
                     math::backend<T>::u_cdf_and_slope_precise_batches(u, p);
                 }) {
        if constexpr (math::has_wide_lanes<T>) {
            bool far = false;
            math::unrolled<K>([&](auto k) { far = far || math::any_lanes<T>(geglu_impl::far_lanes(a[k])); });
            if (far) [[unlikely]] {
                math::unrolled<K>([&](auto k) { r[k] = value_and_partials(a[k], b[k]); });
                return;
            }
        }
        typename math::backend<T>::u_cdf_parts p[K];
        math::backend<T>::u_cdf_and_slope_precise_batches(a, p);
        math::unrolled<K>([&](auto k) {
            const T slope = gelu_impl::precise_slope(a[k], p[k].slope);
            r[k] = {p[k].u_cdf * b[k], {slope * b[k], p[k].u_cdf}};
        });
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
