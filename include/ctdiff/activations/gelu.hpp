/// \file
/// `gelu`: the Gaussian error linear unit, \f$x\,\Phi(x)\f$ (PyTorch's exact form).
///
/// \f$\operatorname{gelu}'(x) = \Phi(x) + x\varphi(x)\f$ (the primitive `dgelu`),
/// \f$\operatorname{gelu}''(x) = (2 - x^2)\varphi(x)\f$ (its rule), with \f$\Phi\f$
/// and \f$\varphi\f$ the primitives `norm_cdf` and `norm_pdf`, accurate deep
/// into the left tail (their arguments are corrected with `fma`). Past |x| = 40
/// the derivatives are their limits (1 or 0), where \f$x\varphi(x)\f$ would be
/// inf * 0 at ±inf. gelu(-inf) = -0 (gelu(-1e300) too), gelu(inf) = inf.
#pragma once

#include <ctdiff/functions/abs.hpp>
#include <ctdiff/functions/norm_cdf.hpp>
#include <ctdiff/functions/step.hpp>

namespace ctdiff {

/// gelu'(u) = Phi(u) + u phi(u) as a primitive (one fused multiply-add),
/// with the rule gelu''(u) = phi(u) (2 - u^2).
struct dgelu_rule {
    static constexpr std::string_view name = "dgelu";
    static constexpr std::string_view latex = "\\operatorname{gelu}'";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (std::is_same_v<T, float>) {
            return static_cast<float>(
                value(static_cast<double>(u)));  // float: computed in double, rounded once
        }
        const T inside = math::fma(u, norm_pdf_rule::value(u), norm_cdf_rule::value(u));
        const T big = detail::convert<T>(40);  // past it the limits, where u * 0 would be inf * 0
        return math::select(u > big, detail::convert<T>(1),
                            math::select(u < -big, detail::convert<T>(0), inside));
    }
    static constexpr auto derivative(auto u, auto) noexcept {
        return select(abs(u) > int_c<40>, int_c<0>, norm_pdf(u) * (int_c<2> - pow(u, int_c<2>)));
    }
};

/// The derivative of gelu.
inline constexpr unary_function<dgelu_rule> dgelu{};

struct gelu_rule {
    static constexpr std::string_view name = "gelu";
    static constexpr std::string_view latex = "\\operatorname{gelu}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (std::is_same_v<T, float>) {
            return static_cast<float>(
                value(static_cast<double>(u)));  // float: computed in double, rounded once
        }
        return math::select(u < detail::convert<T>(-40), detail::convert<T>(-0.0),
                            u * norm_cdf_rule::value(u));
    }
    static constexpr auto derivative(auto u, auto) noexcept { return dgelu(u); }
};

/// x Phi(x).
inline constexpr unary_function<gelu_rule> gelu{};

}  // namespace ctdiff
