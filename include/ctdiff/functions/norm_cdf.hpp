/// \file
/// `norm_cdf`: the standard normal distribution function \f$\Phi\f$.
///
/// \f$\Phi(u) = \tfrac12 \operatorname{erfc}(-u/\sqrt2)\f$. For u < 0 the
/// rounding of \f$z = -u/\sqrt2\f$ would be amplified by erfc's condition
/// number \f$\approx 2z^2\f$; the result is corrected to first order in
/// \f$z_r - z = (z_r^2 - z^2)/(2z)\f$, both squares split exactly (`fma`), so
/// the error stays a few ULP out to the underflow. \f$\Phi'(u) = \varphi(u)\f$ (`norm_pdf`). \f$\Phi(-\infty)
/// = 0\f$, \f$\Phi(\infty) = 1\f$.
#pragma once

#include <ctdiff/functions/norm_pdf.hpp>

namespace ctdiff {

struct norm_cdf_rule {
    static constexpr std::string_view name = "norm_cdf";
    static constexpr std::string_view latex = "\\Phi";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return from_density(u, norm_pdf_rule::value(u));
    }
    /// Phi(u) given phi = phi(u), which the correction below uses (gelu's fused kernel
    /// shares it with the derivative).
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T from_density(T u, T phi) noexcept {
        const T zero = detail::convert<T>(0);
        const T c = detail::precise_constant<T>(-0.7071067811865476, 4.833646656726457e-17);  // -1/sqrt(2)
        const T z = u * c;
        // z_r = round(-u / sqrt 2) misses z by dz = (z_r^2 - z^2) / (2z) exactly enough, and
        // erfc(z) = erfc(z_r) + 2/sqrt(pi) exp(-z^2) (z_r - z): the correction is -D phi(u) / u.
        const T uc = math::select(u < zero, math::select(u > detail::convert<T>(-64), u, zero), zero);
        const T zc = uc * c;
        const auto [hu, lu] = math::two_prod(uc, uc);
        const T half = detail::convert<T>(0.5);
        // z_r^2 - u^2 / 2 = (z_r^2 - hu / 2) - lu / 2, the first difference in one fma
        // (z_r^2 exact inside it, the difference nearly cancels). Written so, no product
        // is both an fma's addend and a sum's operand: a compiler that contracts a * b + c
        // into an fma (GCC's default with -march=native) finds nothing to change.
        const T d = math::fma(zc, zc, -(half * hu)) - half * lu;
        // Divided by -1 where uc is 0 (d is 0 there): never 0 / 0, which a constant expression rejects.
        const T correction =
            math::select(uc < zero, d * phi / math::select(uc < zero, uc, -half - half), zero);
        return half * math::erfc(z) - correction;
    }
    static constexpr auto derivative(auto u, auto) noexcept { return norm_pdf(u); }
};

/// The standard normal distribution function.
inline constexpr unary_function<norm_cdf_rule> norm_cdf{};

}  // namespace ctdiff
