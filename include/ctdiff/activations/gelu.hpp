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
/// the derivatives are their limits (1 or 0), where \f$x\varphi(x)\f$ would be
/// inf * 0 at ±inf. gelu(-inf) = -0 (gelu(-1e300) too), gelu(inf) = inf.
#pragma once

#include <ctdiff/functions/abs.hpp>
#include <ctdiff/functions/norm_cdf.hpp>
#include <ctdiff/functions/step.hpp>
#include <ctdiff/number/dual.hpp>

namespace ctdiff {

/// gelu''(u) = phi(u) (2 - u^2) as a primitive, with the rule
/// gelu'''(u) = phi(u) u (u - 2) (u + 2), whose factors are exact near their zeros.
struct d2gelu_rule {
    static constexpr std::string_view name = "d2gelu";
    static constexpr std::string_view latex = "\\operatorname{gelu}''";
    static constexpr rule_precision precision = rule_precision::extended;
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
    /// Float SIMD batches take math::backend's norm_cdf_pdf (Phi + u phi within 2.2 ULP, its
    /// cancellation near -0.7518 inside one fma; the float-lane Phi and phi apart were 4.7 ULP
    /// off there, in geglu's array pass with a number as gate).
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (requires { math::backend<T>::norm_cdf_pdf(u); }) {
            const T big = number_cast<T>(40);
            return math::select(
                u > big, number_cast<T>(1),
                math::select(u < -big, number_cast<T>(0), math::backend<T>::norm_cdf_pdf(u).cdf_plus_u_pdf));
        } else {
            return from_parts(u, norm_pdf_rule::value(u), norm_cdf_rule::value(u));
        }
    }
    /// gelu'(u) given phi = phi(u) and cdf = Phi(u) (gelu's fused kernel shares them).
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T from_parts(T u, T phi, T cdf) noexcept {
        const T inside = math::fma(u, phi, cdf);
        const T big = number_cast<T>(40);  // past it the limits, where u * 0 would be inf * 0
        return math::select(u > big, number_cast<T>(1), math::select(u < -big, number_cast<T>(0), inside));
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
    CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative(T u) noexcept {
        if constexpr (has_normal_parts<T>) {
            const auto p = math::backend<T>::u_cdf_and_slope(u);  // with the limits past -40
            return {p.u_cdf, p.slope};
        } else {
            const T phi = norm_pdf_rule::value(u);
            const T cdf = norm_cdf_rule::from_density(u, phi);
            return {from_cdf(u, cdf), dgelu_rule::from_parts(u, phi, cdf)};
        }
    }
    static constexpr auto derivative(auto u, auto) noexcept { return dgelu(u); }
};

/// x Phi(x).
inline constexpr unary_function<gelu_rule> gelu{};

}  // namespace ctdiff
