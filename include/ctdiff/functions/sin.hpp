/// \file
/// `sin`: the sine.
///
/// \f$\sin' = \cos\f$.
#pragma once

#include <ctdiff/functions/fwd.hpp>

namespace ctdiff {

struct sin_rule {
    static constexpr std::string_view name = "sin";
    static constexpr std::string_view latex = "\\sin";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return math::sin(u);
    }
    static constexpr auto derivative(auto u, [[maybe_unused]] auto y) noexcept { return cos(u); }
};

}  // namespace ctdiff
#include <ctdiff/functions/cos.hpp>
