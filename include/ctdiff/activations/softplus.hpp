/// \file
/// `softplus(x, beta = 1, threshold = 20)`: \f$\frac{1}{\beta}\log(1 + e^{\beta x})\f$,
/// and x where \f$\beta x >\f$ threshold (PyTorch's linear cut-off).
///
/// Computed as \f$(\max(\beta x, 0) + \log(1 + e^{-|\beta x|}))/\beta\f$: no
/// overflow for any threshold. \f$\partial_x = \sigma(\beta x)\f$ (1 past the
/// threshold), \f$\partial_\beta = (x\sigma(\beta x) - y)/\beta\f$ (0 past
/// it, and 0 where \f$\beta x < -1000\f$: y is 0 there, and \f$x\sigma(\beta x)\f$
/// would be inf * 0 at x = -inf). beta is a number or any expression; threshold is a branch point (a
/// number). softplus(-inf) = 0, softplus'(-inf) = 0.
#pragma once

#include <ctdiff/activations/parameters.hpp>
#include <ctdiff/activations/sigmoid.hpp>

namespace ctdiff {

struct softplus_rule {
    static constexpr std::string_view name = "softplus";
    static constexpr std::string_view latex = "\\operatorname{softplus}";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T beta, T th) noexcept {
        const T z = beta * u;
        const T zero = detail::convert<T>(0);
        const T soft = (math::select(z > zero, z, zero) + math::log1p(math::exp(-math::abs(z)))) / beta;
        return math::select(z > th, u, soft);
    }
    static constexpr auto derivative(auto u, auto beta, auto th, auto y) noexcept {
        return partials(select(beta * u > th, int_c<1>, sigmoid(beta * u)),
                        select(beta * u > th, int_c<0>,
                               (select(beta * u < int_c<-1000>, int_c<0>, u * sigmoid(beta * u)) - y) / beta),
                        int_c<0>);
    }
};

struct softplus_t : primitive_function<softplus_rule, 3> {
    /// `softplus(x)`: beta = 1, threshold = 20, as in PyTorch.
    template <class E>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e) const {
        return primitive_function::operator()(e, detail::default_parameter<E, 1>(),
                                              detail::default_parameter<E, 20>());
    }
    template <class E, class B>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e, const B& beta) const {
        return primitive_function::operator()(e, detail::adapt_parameter<E>(beta),
                                              detail::default_parameter<E, 20>());
    }
    template <class E, class B, class H>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e, const B& beta, const H& threshold) const {
        static_assert(detail::is_branch_point_v<H>,
                      "ctdiff::softplus(e, beta, threshold): threshold must be a number");
        return primitive_function::operator()(e, detail::adapt_parameter<E>(beta),
                                              detail::adapt_parameter<E>(threshold));
    }
};

/// `softplus(x)`, `softplus(x, 2.0)`, `softplus(x, b, 30.0)`.
inline constexpr softplus_t softplus{};

}  // namespace ctdiff
