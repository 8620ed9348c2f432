/// \file
/// How activations take their parameters. A smooth parameter (a slope, an
/// alpha, a beta) is a rule argument like the input: a number or any
/// expression, with a real partial derivative. A branch point (a threshold, a
/// bound, lambd) is also a rule argument, but must be a number and has partial
/// 0. Defaults are compile-time constants in expressions (`leaky_relu(x)` is
/// `leaky_relu(x, 1/100)`, an empty type) and numbers of the input's type when
/// the activation is applied to numbers (`leaky_relu(0.5f)` stays `float`).
#pragma once

#include <type_traits>

#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/operators.hpp>
#include <ctdiff/core/primitive.hpp>

namespace ctdiff::detail {

/// The number type a parameter takes when the input A is a number.
template <class A>
using parameter_scalar_t = std::conditional_t<std::is_integral_v<scalar_of_t<A>>, double, scalar_of_t<A>>;

/// The default N/D for input A: a compile-time constant beside an expression, else a number.
template <class A, long long N, long long D = 1>
CTDIFF_HOST_DEVICE constexpr auto default_parameter() noexcept {
    if constexpr (expression<A>) {
        return constant<N, D>{};
    } else {
        using S = parameter_scalar_t<A>;
        if constexpr (D == 1) {
            return convert<S>(N);
        } else {
            return convert<S>(N) / convert<S>(D);
        }
    }
}

/// A parameter given by the user: an arithmetic value beside a number input
/// takes the input's type; expressions, duals and jets pass through.
template <class A, class P>
CTDIFF_HOST_DEVICE constexpr auto adapt_parameter(const P& p) noexcept {
    if constexpr (!expression<A> && std::is_arithmetic_v<P>) {
        return convert<parameter_scalar_t<A>>(p);
    } else {
        return p;
    }
}

/// The function object of an activation with one smooth parameter whose
/// default is N/D (elu's and celu's alpha, leaky_relu's slope): `f(x)` takes
/// the default, `f(x, p)` adapts p. The public type derives from it
/// (`struct elu_t : detail::defaulted_parameter_function<elu_rule, 1> {};`).
template <class Rule, long long N, long long D = 1>
struct defaulted_parameter_function : binary_function<Rule> {
    template <class E>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e) const {
        return binary_function<Rule>::operator()(e, default_parameter<E, N, D>());
    }
    template <class E, class P>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const E& e, const P& p) const {
        return binary_function<Rule>::operator()(e, adapt_parameter<E>(p));
    }
};

template <class P>
inline constexpr bool is_branch_point_v = std::is_arithmetic_v<P> || is_constant_v<P>;

/// The element type of a plain number type (a SIMD batch's lanes).
template <class T>
struct element_of {
    using type = T;
};
template <class T>
requires(!std::is_floating_point_v<T>) struct element_of<T> {
    using type = typename math::backend<T>::element_type;
};
template <class T>
using element_t = typename element_of<T>::type;

/// A constant as an unevaluated sum hi + lo in T's precision (hi rounded, lo
/// the rest), for arguments that must be known beyond working precision.
template <class T>
CTDIFF_HOST_DEVICE constexpr T constant_hi(double hi) noexcept {
    return convert<T>(static_cast<element_t<T>>(hi));
}
template <class T>
CTDIFF_HOST_DEVICE constexpr T constant_lo(double hi, double lo) noexcept {
    return convert<T>(
        static_cast<element_t<T>>((hi - static_cast<double>(static_cast<element_t<T>>(hi))) + lo));
}

}  // namespace ctdiff::detail
