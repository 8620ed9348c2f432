/// \file
/// `gelu`: the Gaussian error linear unit, \f$x\,\Phi(x)\f$ (PyTorch's exact form).
///
/// \f$\operatorname{gelu}'(x) = \Phi(x) + x\varphi(x)\f$,
/// \f$\operatorname{gelu}''(x) = (2 - x^2)\varphi(x)\f$, with \f$\Phi\f$ and
/// \f$\varphi\f$ the primitives `norm_cdf` and `norm_pdf`, accurate deep into
/// the left tail (their arguments are corrected with `fma`). Past |x| = 40 the
/// derivative is its limit (1 or 0), where \f$x\varphi(x)\f$ would be inf * 0 at
/// ±inf. gelu(-inf) = -0 (gelu(-1e300) too), gelu(inf) = inf.
#pragma once

#include <ctdiff/functions/abs.hpp>
#include <ctdiff/functions/norm_cdf.hpp>
#include <ctdiff/functions/step.hpp>

namespace ctdiff {

struct gelu_rule {
    static constexpr std::string_view name = "gelu";
    static constexpr std::string_view latex = "\\operatorname{gelu}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return math::select(u < detail::convert<T>(-40), detail::convert<T>(-0.0),
                            u * norm_cdf_rule::value(u));
    }
    static constexpr auto derivative(auto u, auto) noexcept {
        return select(abs(u) > int_c<40>, step(u), norm_cdf(u) + u * norm_pdf(u));
    }
};

/// x Phi(x).
inline constexpr unary_function<gelu_rule> gelu{};

}  // namespace ctdiff
