/// \file
/// `tanhshrink`: x - tanh(x).
///
/// For |x| < 2 the difference cancels; it is computed from Lambert's continued
/// fraction \f$\tanh x = x/(1 + q)\f$, \f$q = \cfrac{x^2}{3 + \cfrac{x^2}{5 + \dots}}\f$,
/// as \f$x\,q/(1+q)\f$ (positive terms only). \f$\operatorname{tanhshrink}'(x)
/// = \tanh^2 x\f$ (not \f$1 - \operatorname{sech}^2\f$), then
/// \f$2\tanh x\operatorname{sech}^2 x\f$. Smooth; tanhshrink(±inf) = ±inf.
#pragma once

#include <ctdiff/activations/tanh.hpp>
#include <ctdiff/functions/pow.hpp>

namespace ctdiff {

struct tanhshrink_rule {
    static constexpr std::string_view name = "tanhshrink";
    static constexpr std::string_view latex = "\\operatorname{tanhshrink}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const T s = u * u;
        // 16 levels: the truncation error at |u| = 2 is below 1e-20.
        T f = detail::convert<T>(33);
        for (int n = 15; n >= 1; --n) f = detail::convert<T>(2 * n + 1) + s / f;
        const T q = s / f;
        const T near = u * q / (detail::convert<T>(1) + q);
        return math::select(math::abs(u) < detail::convert<T>(2), near, u - math::tanh(u));
    }
    static constexpr auto derivative(auto u, auto) noexcept { return pow(tanh(u), int_c<2>); }
};

/// x - tanh(x).
inline constexpr unary_function<tanhshrink_rule> tanhshrink{};

}  // namespace ctdiff
