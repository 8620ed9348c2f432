/// \file
/// `sin` and `cos`: each is the other's derivative, so both rules live here
/// (a primitive's derivative must be complete wherever the primitive is used).
///
/// \f$\sin' = \cos\f$, \f$\cos' = -\sin\f$.
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

struct cos_rule {
    static constexpr std::string_view name = "cos";
    static constexpr std::string_view latex = "\\cos";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return math::cos(u);
    }
    static constexpr auto derivative(auto u, [[maybe_unused]] auto y) noexcept { return -sin(u); }
};

}  // namespace ctdiff
