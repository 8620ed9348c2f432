/// \file
/// `log`: the natural logarithm.
///
/// \f$\log'(u) = 1/u\f$.
#pragma once

#include <ctdiff/core/operators.hpp>
#include <ctdiff/functions/fwd.hpp>

namespace ctdiff {

struct log_rule {
    static constexpr std::string_view name = "log";
    static constexpr std::string_view latex = "\\log";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return math::log(u);
    }
    static constexpr auto derivative(auto u, [[maybe_unused]] auto y) noexcept { return int_c<1> / u; }
};

}  // namespace ctdiff
