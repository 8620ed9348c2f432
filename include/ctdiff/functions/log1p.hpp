/// \file
/// `log1p`: log(1 + u), accurate for small u.
///
/// \f$\operatorname{log1p}'(u) = 1/(1+u)\f$.
#pragma once

#include <ctdiff/core/operators.hpp>
#include <ctdiff/functions/fwd.hpp>

namespace ctdiff {

struct log1p_rule {
    static constexpr std::string_view name = "log1p";
    static constexpr std::string_view latex = "\\operatorname{log1p}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return math::log1p(u);
    }
    static constexpr auto derivative(auto u, [[maybe_unused]] auto y) noexcept {
        return int_c<1> / (int_c<1> + u);
    }
};

}  // namespace ctdiff
