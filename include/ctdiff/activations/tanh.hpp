/// \file
/// `tanh`: the hyperbolic tangent, squashing to (-1, 1).
///
/// \f$\tanh'(x) = \operatorname{sech}^2(x)\f$, computed from \f$e^{-2|x|}\f$
/// without the `1 - tanh^2` cancellation that loses all digits once tanh
/// rounds to ±1. Smooth, no kinks; tanh'(±inf) = 0, NaN gives NaN.
#pragma once

#include <ctdiff/functions/fwd.hpp>

namespace ctdiff {

struct tanh_rule {
    static constexpr std::string_view name = "tanh";
    static constexpr std::string_view latex = "\\tanh";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return math::tanh(u);
    }
    static constexpr auto derivative(auto u, auto) noexcept { return sech2(u); }
};

}  // namespace ctdiff

#include <ctdiff/functions/sech2.hpp>
