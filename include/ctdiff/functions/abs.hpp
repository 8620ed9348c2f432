/// \file
/// `abs`: the absolute value.
///
/// \f$|u|' = \operatorname{sign}(u)\f$, with the convention abs'(0) = 0.
#pragma once

#include <ctdiff/functions/fwd.hpp>
#include <ctdiff/functions/sign.hpp>

namespace ctdiff {

struct abs_rule {
    static constexpr std::string_view name = "abs";
    static constexpr std::string_view latex = "\\operatorname{abs}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return math::abs(u);
    }
    static constexpr auto derivative(auto u, auto) noexcept { return sign(u); }
};

}  // namespace ctdiff
