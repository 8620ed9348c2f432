/// \file
/// `erf`: the error function.
///
/// \f$\operatorname{erf}'(u) = \frac{2}{\sqrt\pi} e^{-u^2}\f$.
#pragma once

#include <ctdiff/core/operators.hpp>
#include <ctdiff/functions/exp.hpp>
#include <ctdiff/functions/fwd.hpp>

namespace ctdiff {

namespace detail {
struct two_over_sqrt_pi {
    static constexpr double value = 1.12837916709551257390;
    static constexpr int precedence = precedence_level::product;
    static constexpr const char* name = "2/sqrt(pi)";
    static constexpr const char* latex = "\\frac{2}{\\sqrt{\\pi}}";
};
}  // namespace detail

struct erf_rule {
    static constexpr std::string_view name = "erf";
    static constexpr std::string_view latex = "\\operatorname{erf}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return math::erf(u);
    }
    static constexpr auto derivative(auto u, [[maybe_unused]] auto y) noexcept {
        return named_constant<detail::two_over_sqrt_pi>{} * exp(-pow(u, int_c<2>));
    }
};

}  // namespace ctdiff
