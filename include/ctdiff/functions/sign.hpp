/// \file
/// `sign`: -1, 0 or 1 (NaN for NaN), the derivative of abs.
///
/// Its derivative is 0 everywhere; sign(0) = 0 gives abs'(0) = 0.
#pragma once

#include <ctdiff/functions/fwd.hpp>

namespace ctdiff {

struct sign_rule {
    static constexpr std::string_view name = "sign";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const T zero = detail::convert<T>(0);
        // u * 0 keeps a NaN and is 0 for u == 0: the only values left at that point.
        return math::select(u > zero, detail::convert<T>(1),
                            math::select(u < zero, detail::convert<T>(-1), u * zero));
    }
    static constexpr auto derivative(auto, auto) noexcept { return int_c<0>; }
};

}  // namespace ctdiff
