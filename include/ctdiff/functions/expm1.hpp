/// \file
/// `expm1`: exp(u) - 1, accurate for small u.
///
/// \f$\operatorname{expm1}'(u) = \exp(u)\f$.
#pragma once

#include <ctdiff/functions/exp.hpp>
#include <ctdiff/functions/fwd.hpp>

namespace ctdiff {

struct expm1_rule {
    static constexpr std::string_view name = "expm1";
    static constexpr std::string_view latex = "\\operatorname{expm1}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return math::expm1(u);
    }
    static constexpr auto derivative(auto u, [[maybe_unused]] auto y) noexcept { return exp(u); }
};

}  // namespace ctdiff
