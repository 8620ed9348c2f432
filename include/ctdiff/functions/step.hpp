/// \file
/// `step`: the Heaviside step with step(0) = 0, the derivative of relu.
///
/// \f$\operatorname{step}(u) = 1\f$ for \f$u > 0\f$, else 0; NaN for NaN.
/// Its derivative is 0 everywhere (the jump at 0 is a convention, not a delta).
#pragma once

#include <ctdiff/functions/fwd.hpp>

namespace ctdiff {

struct step_rule {
    static constexpr std::string_view name = "step";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const T zero = detail::convert<T>(0);
        // 1 above 0; else relu's value plus 0, which is +0 (from 0 or -0) or u's NaN: three
        // operations beside relu's max, which a pass shares.
        return math::select(u > zero, detail::convert<T>(1), math::at_least(u, zero) + zero);
    }
    static constexpr auto derivative(auto, auto) noexcept { return int_c<0>; }
};

}  // namespace ctdiff
