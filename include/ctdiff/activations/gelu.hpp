/// \file
/// `gelu`: the Gaussian error linear unit, \f$x\,\Phi(x)\f$ (PyTorch's exact form).
///
/// \f$\operatorname{gelu}'(x) = \Phi(x) + x\varphi(x)\f$ (the primitive `dgelu`),
/// \f$\operatorname{gelu}''(x) = (2 - x^2)\varphi(x)\f$ (the primitive `d2gelu`,
/// whose rule is \f$\operatorname{gelu}'''(x) = x(x - 2)(x + 2)\varphi(x)\f$), with
/// \f$\Phi\f$ and \f$\varphi\f$ the primitives `norm_cdf` and `norm_pdf`, accurate
/// deep into the left tail (their arguments are corrected with `fma`). Float is
/// computed in double; `dgelu` and `d2gelu` in extended precision
/// (`rule_precision::extended`: double in long double), since near the zero of
/// gelu' at -0.7518 \f$\Phi\f$ and \f$x\varphi\f$ nearly cancel. Past |x| = 40
/// the derivatives are their limits (1 or 0; -0 for the first below -40, the sign of gelu' < 0
/// that its underflow keeps from -38.6), where \f$x\varphi(x)\f$ would be
/// inf * 0 at ±inf. gelu(-inf) = -0 (gelu(-1e300) too), gelu(inf) = inf.
/// Double SIMD batches, which have no long double lanes, add \f$x\varphi(x)\f$ to
/// \f$\Phi\f$ in double-word arithmetic (`gelu_impl`, math/double_word.hpp).
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/functions/abs.hpp>
#include <ctdiff/functions/norm_cdf.hpp>
#include <ctdiff/functions/step.hpp>
#include <ctdiff/math/double_word.hpp>
#include <ctdiff/number/dual.hpp>

namespace ctdiff {

namespace gelu_impl {
/// phi(u) on double lanes as hi + lo: u^2 = h + l exactly, exp(-h/2) in double-word form
/// (math::exp_double_word) times 1 - l/2 and 1/sqrt(2 pi) in two parts.
template <math::double_lanes T>
[[gnu::always_inline]] inline math::double_word<T> norm_pdf_double_word(T u) noexcept {
    const T big = number_cast<T>(4294967296.0);  // as norm_pdf: past 2^32 the result is 0
    const T uc = math::select(math::abs(u) >= big, big, u);
    const math::double_word<T> s = math::two_prod(uc, uc);
    const T half = number_cast<T>(0.5);
    const math::double_word<T> e = math::exp_double_word(-half * s.hi);
    const math::double_word<T> c{number_cast<T>(0.398942280401432677940),
                                 number_cast<T>(-2.49232720227773e-17)};
    return math::mul(math::double_word<T>{e.hi, math::fma(-half * s.lo, e.hi, e.lo)}, c);
}
/// gelu'(u) = Phi(u) + u phi(u) on double lanes (which have no long double to compute in),
/// given cdf = Phi(u) as norm_cdf computes it: u phi(u) in double-word form (in double,
/// phi's rounding reaches 3.5 ULP of gelu' in the left tail).
/// gelu'(u) = t P(t) near its zero u0 = -0.75179..., t = u - u0 (|t| < 1/4), on SIMD
/// batches of float or double: P is gelu''s Taylor series at u0 divided by t, to t^16
/// in double and t^8 in float (the next term is below 2^-56, 2^-26 of the value
/// there). The sum Phi(u) + u phi(u) cancels there without bound (by 660 at u = -0.751),
/// and Phi carries its own rounding; the series has nothing to cancel. u0 and P(0) as
/// hi + lo in the lanes' type: u - hi is exact on the interval (Sterbenz).
template <class T>
[[gnu::always_inline]] inline T dgelu_near_zero(T u) noexcept {
    constexpr bool single = std::is_same_v<typename math::backend<T>::element_type, float>;
    const T t = single ? (u - T(-0x1.80ead2p-1f)) - T(0x1.a03fd4p-27f)
                       : (u - T(-0x1.80ead197f00b4p-1)) - T(0x1.13e74c58cada8p-56);
    constexpr double c[] = {
        0.388284982990552,      -0.018199676398671087, -0.1140082332972217,     -0.014771522148244337,
        0.019421679838189067,   0.004539228379125415,  -0.002239538068073497,   -0.0007448268386746817,
        0.00018633974623233514, 8.615947861116571e-05, -1.121438018842664e-05,  -7.74846130700372e-06,
        4.3284506257392273e-07, 5.702764979242107e-07, -1.6044265494246427e-09, -3.5459866461783865e-08};
    constexpr int last = single ? 7 : 15;
    T q(static_cast<typename math::backend<T>::element_type>(c[last]));
    for (int k = last - 1; k >= 0; --k)
        q = math::fma(q, t, T(static_cast<typename math::backend<T>::element_type>(c[k])));
    // P = c1 + t q with c1 = hi + lo: the first coefficient carries the value.
    const T p = single ? math::fma(t, q, T(-0x1.69737ap-28f)) + T(0x1.b9d99p-2f)
                       : math::fma(t, q, T(0x1.f7c1a23190c7cp-56)) + T(0x1.b9d98fa5a3215p-2);
    return t * p;
}

/// gelu'(u) on SIMD batches: far (Phi + u phi as computed) outside 1/4 of its zero,
/// dgelu_near_zero inside.
template <class T>
[[gnu::always_inline]] inline T slope_near_zero(T u, T far) noexcept {
    return math::select(math::abs(u + T(0.7517915246935645)) < T(0.25), dgelu_near_zero(u), far);
}

/// The slope of math::backend's u_cdf_and_slope_precise, with dgelu_near_zero around the zero of
/// gelu' where the kernel needs it (not its table kernel on AVX2 and AVX-512, accurate there).
template <class T>
[[gnu::always_inline]] inline T precise_slope(T u, T slope) noexcept {
    if constexpr (requires { requires math::backend<T>::has_permute_tables(); }) {
        return slope;
    } else {
        return slope_near_zero(u, slope);
    }
}

template <math::double_lanes T>
[[gnu::always_inline]] inline T dgelu_double_lanes(T u, T cdf) noexcept {
    return slope_near_zero(u, math::rounded(math::add(math::mul(norm_pdf_double_word(u), u), cdf)));
}
}  // namespace gelu_impl

/// gelu''(u) = phi(u) (2 - u^2) as a primitive, with the rule
/// gelu'''(u) = phi(u) u (u - 2) (u + 2), whose factors are exact near their zeros.
struct d2gelu_rule {
    static constexpr std::string_view name = "d2gelu";
    static constexpr std::string_view latex = "\\operatorname{gelu}''";
    static constexpr rule_precision precision = rule_precision::extended;
    // Float batches in double lanes too: gelu'' reached 4.05 ULP in float lanes, geglu's (times
    // the gate) 4.42.
    static constexpr rule_precision batch_precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const T inside = norm_pdf_rule::value(u) * (number_cast<T>(2) - u * u);
        return math::select(math::abs(u) > number_cast<T>(40), number_cast<T>(0), inside);
    }
    static constexpr auto derivative(auto u, auto) noexcept {
        return select(abs(u) > int_c<40>, int_c<0>, norm_pdf(u) * (u * ((u - int_c<2>)*(u + int_c<2>))));
    }
};

/// The second derivative of gelu.
inline constexpr unary_function<d2gelu_rule> d2gelu{};

/// gelu'(u) = Phi(u) + u phi(u) as a primitive (one fused multiply-add), with
/// the rule gelu'' = d2gelu.
struct dgelu_rule {
    static constexpr std::string_view name = "dgelu";
    static constexpr std::string_view latex = "\\operatorname{gelu}'";
    static constexpr rule_precision precision = rule_precision::extended;
    /// Long double only where Phi and u phi nearly cancel (in double: up to 4.8 ULP there).
    static constexpr bool extended_where(double u) noexcept { return u < 0 && u > -4; }
    /// Float SIMD batches take math::backend's u_cdf_and_slope_precise (Phi + u phi within
    /// 2.05 ULP; within 1/4 of its zero near -0.7518, dgelu_near_zero; on AVX2 and AVX-512
    /// the table kernel, 1.21 ULP with the zero included), as geglu does: the
    /// array passes multiply it by a gate (#14: norm_cdf_pdf's 2.2 ULP, times a gate of 1.5,
    /// were 3.4 ULP).
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (math::double_lanes<T>) {
            return with_limits(u, gelu_impl::dgelu_double_lanes(u, norm_cdf_rule::value(u)));
        } else if constexpr (requires { math::backend<T>::u_cdf_and_slope_precise(u); }) {
            return with_limits(
                u, gelu_impl::precise_slope(u, math::backend<T>::u_cdf_and_slope_precise(u).slope));
        } else {
            return from_parts(u, norm_pdf_rule::value(u), norm_cdf_rule::value(u));
        }
    }
    /// gelu'(u) given phi = phi(u) and cdf = Phi(u) (gelu's fused kernel shares them).
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T from_parts(T u, T phi, T cdf) noexcept {
        return with_limits(u, math::fma(u, phi, cdf));
    }
    /// inside = gelu'(u) as computed; 1 and -0 past |u| = 40, where u * 0 would be inf * 0. Below
    /// -1 gelu' < 0, and a result that underflows keeps that sign: from about -38.6 Phi and u phi
    /// both underflow, and fma(u, +0, +0) is +0.
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T with_limits(T u, T inside) noexcept {
        const T big = number_cast<T>(40);
        const T left = math::select(u < number_cast<T>(-1), math::neg(math::abs(inside)), inside);
        return math::select(u > big, number_cast<T>(1), math::select(u < -big, number_cast<T>(-0.0), left));
    }
    static constexpr auto derivative(auto u, auto) noexcept { return d2gelu(u); }
};

/// The derivative of gelu.
inline constexpr unary_function<dgelu_rule> dgelu{};

struct gelu_rule {
    static constexpr std::string_view name = "gelu";
    static constexpr std::string_view latex = "\\operatorname{gelu}";
    static constexpr rule_precision precision = rule_precision::extended;
    /// Long double only where Phi(u) is subnormal in double (u times it would scale its error).
    static constexpr bool extended_where(double u) noexcept { return u < -37; }
    /// Float batches (u_cdf_and_slope; lanes below -12 and NaN take norm_cdf_pdf) are within
    /// the promise in every band, subnormal results, infinities and NaN included (the
    /// accuracy suite's array rows, ctdiff_exhaustive): the array pass skips its lane-rescue
    /// check for them. Double batches round u Phi(u) with Phi subnormal: rescued.
    template <class E>
    static constexpr bool batch_exact = std::is_same_v<E, float>;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (has_normal_parts<T>) {
            return math::backend<T>::u_cdf_and_slope(u).u_cdf;  // -0 past -40 too
        } else {
            return from_cdf(u, norm_cdf_rule::value(u));
        }
    }
    /// Whether T's math backend computes u Phi(u) and Phi(u) + u phi(u) in one pass
    /// (float SIMD batches: math/simd.hpp, u_cdf_and_slope), which the batch kernels then use.
    template <class T>
    static constexpr bool has_normal_parts = requires(const T& v) {
        math::backend<T>::u_cdf_and_slope(v);
    };
    /// gelu(u) given cdf = Phi(u); -0 past -40, where u * Phi(u) would be inf * 0 at -inf.
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T from_cdf(T u, T cdf) noexcept {
        return with_left_limit(u, u * cdf);
    }
    /// y = u Phi(u) as computed, -0 past -40.
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T with_left_limit(T u, T y) noexcept {
        return math::select(u < number_cast<T>(-40), number_cast<T>(-0.0), y);
    }
    /// Value and derivative from one phi(u) and one Phi(u), by the same functions as value()
    /// and dgelu (float and double SIMD batches; double takes value() and dgelu with their
    /// extended regions); float batches from math::backend's u_cdf_and_slope, one exp for both.
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative(T u) noexcept {
        if constexpr (has_normal_parts<T>) {
            const auto p = math::backend<T>::u_cdf_and_slope(u);  // with the limits past -40
            return {p.u_cdf, p.slope};                            // the zero of gelu' included
        } else {
            const T phi = norm_pdf_rule::value(u);
            const T cdf = norm_cdf_rule::from_density(u, phi);
            if constexpr (math::double_lanes<T>) {
                return {from_cdf(u, cdf), dgelu_rule::with_limits(u, gelu_impl::dgelu_double_lanes(u, cdf))};
            } else {
                return {from_cdf(u, cdf), dgelu_rule::from_parts(u, phi, cdf)};
            }
        }
    }
    static constexpr auto derivative(auto u, auto) noexcept { return dgelu(u); }
};

/// x Phi(x).
inline constexpr unary_function<gelu_rule> gelu{};

/// gelu's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"gelu">{
    .definition = R"(x\,\Phi(x) = \frac{x}{2}\left(1 + \operatorname{erf}\frac{x}{\sqrt{2}}\right))",
    .conventions =
        "Smooth. Phi and phi are primitives accurate deep in the left tail; past |x| = 40 the derivative is "
        "its limit, 0 or 1.",
    .derivatives = R"(\operatorname{gelu}'(x) = \Phi(x) + x\,\varphi(x))"
                   "\n"
                   R"(\operatorname{gelu}''(x) = \varphi(x)\,(2 - x^{2}))",
};

/// gelu's reference, the accuracy suite's oracle: x Phi(x)
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"gelu"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        // x Phi(x) = x/2 erfc(-x / sqrt 2)
        return x * erfc(x * (constant_like(x, -1) / sqrt(constant_like(x, 2)))) * constant_like(x, "0.5");
    }
};

}  // namespace ctdiff
