/// \file
/// `sqrt`: the square root.
///
/// \f$\sqrt{u}' = 1/(2\sqrt{u})\f$, the rule reuses the result.
#pragma once

#include <ctdiff/core/operators.hpp>
#include <ctdiff/functions/fwd.hpp>

namespace ctdiff {

struct sqrt_rule {
    static constexpr std::string_view name = "sqrt";
    static constexpr std::string_view latex = "\\sqrt";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return math::sqrt(u);
    }
    static constexpr auto derivative(auto, auto y) noexcept { return int_c<1> / (int_c<2> * y); }
};

}  // namespace ctdiff
