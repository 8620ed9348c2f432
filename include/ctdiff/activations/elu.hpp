/// \file
/// `elu(x, alpha = 1)`: x for x > 0, else alpha * (exp(x) - 1).
///
/// \f$\partial_x = 1\f$ for x > 0, else \f$\alpha e^x\f$;
/// \f$\partial_\alpha = e^x - 1\f$ for x <= 0, else 0. The negative piece uses
/// `expm1` (no cancellation near 0) and its derivative \f$\alpha e^x\f$, not
/// `y + alpha`, which cancels. Kink: elu'(0) = alpha (PyTorch's convention);
/// higher derivatives at 0 come from the negative piece as well.
/// elu(-inf) = -alpha, elu'(-inf) = 0. alpha is a number or any expression.
#pragma once

#include <ctdiff/activations/parameters.hpp>
#include <ctdiff/functions/exp.hpp>
#include <ctdiff/functions/expm1.hpp>

namespace ctdiff {

struct elu_rule {
    static constexpr std::string_view name = "elu";
    static constexpr std::string_view latex = "\\operatorname{elu}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T alpha) noexcept {
        return math::select(u > detail::convert<T>(0), u, alpha * math::expm1(u));
    }
    static constexpr auto derivative(auto u, auto alpha, auto) noexcept {
        return partials(select(u > int_c<0>, int_c<1>, alpha * exp(u)),
                        select(u > int_c<0>, int_c<0>, expm1(u)));
    }
};

/// `elu(x)`: alpha defaults to 1, as in PyTorch.
struct elu_t : detail::defaulted_parameter_function<elu_rule, 1> {};

/// The exponential linear unit: `elu(x)`, `elu(x, 0.5)`, `elu(x, a)`.
inline constexpr elu_t elu{};

}  // namespace ctdiff
