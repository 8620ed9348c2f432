/// \file
/// `exp`: the exponential.
///
/// \f$\exp'(u) = \exp(u)\f$, the rule reuses the result.
#pragma once

#include <ctdiff/functions/fwd.hpp>

namespace ctdiff {

struct exp_rule {
    static constexpr std::string_view name = "exp";
    static constexpr std::string_view latex = "\\exp";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return math::exp(u);
    }
    static constexpr auto derivative(auto, auto y) noexcept { return y; }
};

}  // namespace ctdiff
