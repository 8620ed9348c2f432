/// \file
/// `silu` (swish): \f$x\,\sigma(x)\f$.
///
/// \f$\operatorname{silu}'(x) = \sigma(x) + x\,\sigma'(x)\f$, then
/// \f$2\sigma'(x) + x\sigma''(x)\f$, with \f$\sigma'\f$ the primitive
/// `dsigmoid` (no `1 - s` cancellation). Past |x| = 1000 the derivative is its
/// limit (1 or 0), where \f$x\sigma'(x)\f$ would be inf * 0 at ±inf.
/// silu(-inf) = -0, silu(inf) = inf.
#pragma once

#include <ctdiff/activations/sigmoid.hpp>
#include <ctdiff/functions/abs.hpp>
#include <ctdiff/functions/step.hpp>

namespace ctdiff {

struct silu_rule {
    static constexpr std::string_view name = "silu";
    static constexpr std::string_view latex = "\\operatorname{silu}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return math::select(u < detail::convert<T>(-1000), detail::convert<T>(-0.0),
                            u * sigmoid_rule::value(u));
    }
    static constexpr auto derivative(auto u, auto) noexcept {
        return select(abs(u) > int_c<1000>, step(u), sigmoid(u) + u * dsigmoid(u));
    }
};

/// The sigmoid-weighted linear unit (swish).
inline constexpr unary_function<silu_rule> silu{};

}  // namespace ctdiff
