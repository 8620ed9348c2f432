/// \file
/// `celu(x, alpha = 1)`: x for x > 0, else alpha * (exp(x / alpha) - 1).
///
/// \f$\partial_x = 1\f$ for x > 0, else \f$e^{x/\alpha}\f$;
/// \f$\partial_\alpha = e^{x/\alpha} - 1 - \frac{x}{\alpha} e^{x/\alpha}\f$ for
/// x <= 0, else 0. Kink: celu'(0) = 1 (both pieces agree: celu is C1).
/// celu(-inf) = -alpha. alpha is a number or any expression.
#pragma once

#include <ctdiff/activations/parameters.hpp>
#include <ctdiff/functions/exp.hpp>
#include <ctdiff/functions/expm1.hpp>

namespace ctdiff {

struct celu_rule {
    static constexpr std::string_view name = "celu";
    static constexpr std::string_view latex = "\\operatorname{celu}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T alpha) noexcept {
        return math::select(u > detail::convert<T>(0), u, alpha * math::expm1(u / alpha));
    }
    static constexpr auto derivative(auto u, auto alpha, auto) noexcept {
        return partials(select(u > int_c<0>, int_c<1>, exp(u / alpha)),
                        select(u > int_c<0>, int_c<0>, expm1(u / alpha) - u / alpha * exp(u / alpha)));
    }
};

struct celu_t : binary_function<celu_rule> {
    /// `celu(x)`: alpha defaults to 1, as in PyTorch.
    template <class E>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e) const {
        return binary_function::operator()(e, detail::default_parameter<E, 1>());
    }
    template <class E, class A>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e, const A& alpha) const {
        return binary_function::operator()(e, detail::adapt_parameter<E>(alpha));
    }
};

/// The continuously differentiable ELU: `celu(x)`, `celu(x, 2.0)`, `celu(x, a)`.
inline constexpr celu_t celu{};

}  // namespace ctdiff
