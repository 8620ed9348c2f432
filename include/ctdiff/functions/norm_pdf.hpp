/// \file
/// `norm_pdf`: the standard normal density, the derivative of `norm_cdf`.
///
/// \f$\varphi(u) = \frac{1}{\sqrt{2\pi}} e^{-u^2/2}\f$, with \f$u^2\f$ split
/// exactly into a rounded part and its rounding error (`fma`): otherwise the
/// error of \f$u^2\f$ grows the relative error like \f$u^2\epsilon\f$.
/// \f$\varphi'(u) = -u\,\varphi(u)\f$. \f$\varphi(\pm\infty) = 0\f$.
#pragma once

#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/operators.hpp>
#include <ctdiff/core/primitive.hpp>
#include <ctdiff/math/double_word.hpp>

namespace ctdiff {

namespace detail {
struct inv_sqrt_2pi {
    static constexpr double value = 0.398942280401432677940;
    static constexpr double lo = -2.49232720227773e-17;  // the rest, for long double
    static constexpr int precedence = precedence_level::product;
    static constexpr const char* name = "1/sqrt(2*pi)";
    static constexpr const char* latex = "\\frac{1}{\\sqrt{2\\pi}}";
};

/// exp(-a^2 / 2) with a^2 known exactly; 0 for |a| beyond the range where it underflows.
template <class T>
CTDIFF_HOST_DEVICE constexpr T exp_minus_half_square(T a) noexcept {
    // Past |a| = 2^32 the result is 0: a is clamped there, so that a^2 never overflows
    // (a constant expression rejects it, and l would be -inf and 0 * inf a NaN).
    const T big = detail::convert<T>(4294967296.0);
    const T ac = math::select(math::abs(a) >= big, big, a);
    const auto [h, l] = math::two_prod(ac, ac);  // a^2 = h + l exactly
    const T half = detail::convert<T>(0.5);
    return math::exp(-half * h) * (detail::convert<T>(1) - half * l);
}
}  // namespace detail

struct norm_pdf_rule {
    static constexpr std::string_view name = "norm_pdf";
    static constexpr std::string_view latex = "\\varphi";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return detail::precise_constant<T>(detail::inv_sqrt_2pi::value, detail::inv_sqrt_2pi::lo) *
               detail::exp_minus_half_square(u);
    }
    static constexpr auto derivative(auto u, auto y) noexcept { return -(u * y); }
};

/// The standard normal density.
inline constexpr unary_function<norm_pdf_rule> norm_pdf{};

}  // namespace ctdiff
