/// \file
/// `cos`: the cosine.
///
/// \f$\cos' = -\sin\f$.
#pragma once

#include <ctdiff/core/operators.hpp>
#include <ctdiff/functions/fwd.hpp>

namespace ctdiff {

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
#include <ctdiff/functions/sin.hpp>
