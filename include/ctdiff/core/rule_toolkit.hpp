/// \file
/// The toolkit for writing rules: what the built-in activations use, public so
/// that a user's rule is written the same way (see docs/custom_activations.md).
///
/// - Constants in the computation type: `ctdiff::number_cast<T>(c)` and
///   `ctdiff::precise_constant<T>(hi, lo)` (number/number.hpp, included here),
///   `ctdiff::constant_hi<T>(hi)` and `ctdiff::constant_lo<T>(hi, lo)` (a constant
///   split in two for double-word arithmetic), `ctdiff::element_type_t<T>` (a SIMD
///   batch's lane type; a plain type itself).
/// - Parameters. A smooth parameter (a slope, an alpha, a beta) is a rule argument
///   like the input: a number or any expression, with a real partial derivative. A
///   branch point (a threshold, a bound, lambd) is also a rule argument, but must be
///   a number (`ctdiff::is_branch_point_v`) and has partial 0. Defaults are
///   compile-time constants in expressions (`leaky_relu(x)` is
///   `leaky_relu(x, 1/100)`, an empty type) and numbers of the input's type when the
///   activation is applied to numbers (`leaky_relu(0.5f)` stays `float`):
///   `ctdiff::default_parameter<A, N, D>()`, `ctdiff::adapt_parameter<A>(p)` and the
///   function object `ctdiff::defaulted_parameter_function<Rule, N, D>`.
/// - Wider lanes: `ctdiff::in_wide_lanes(f, a...)` computes f on a float batch's lanes
///   in double lanes and rounds each lane of the result back once (a formula that loses
///   too much in float lanes, or a value and a derivative that must share their bits).
#pragma once

#include <concepts>
#include <type_traits>

#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/operators.hpp>
#include <ctdiff/core/primitive.hpp>
#include <ctdiff/number/number.hpp>

namespace ctdiff {

/// The number type a parameter takes when the input A is a number (double for an
/// integer input).
template <class A>
using parameter_scalar_t =
    std::conditional_t<std::is_integral_v<detail::scalar_of_t<A>>, double, detail::scalar_of_t<A>>;

/// The default N/D of a parameter for input A: a compile-time constant beside an
/// expression, else a number of the input's type.
template <class A, long long N, long long D = 1>
CTDIFF_HOST_DEVICE constexpr auto default_parameter() noexcept {
    if constexpr (expression<A>) {
        return constant<N, D>{};
    } else {
        using S = parameter_scalar_t<A>;
        if constexpr (D == 1) {
            return detail::convert<S>(N);
        } else {
            return detail::convert<S>(N) / detail::convert<S>(D);
        }
    }
}

/// A parameter given by the user: an arithmetic value beside a number input
/// takes the input's type; expressions, duals and jets pass through.
template <class A, class P>
CTDIFF_HOST_DEVICE constexpr auto adapt_parameter(const P& p) noexcept {
    if constexpr (!expression<A> && std::is_arithmetic_v<P>) {
        return detail::convert<parameter_scalar_t<A>>(p);
    } else {
        return p;
    }
}

/// The function object of an activation with one smooth parameter whose
/// default is N/D (elu's and celu's alpha, leaky_relu's slope): `f(x)` takes
/// the default, `f(x, p)` adapts p. The public type derives from it
/// (`struct elu_t : ctdiff::defaulted_parameter_function<elu_rule, 1> {};`).
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

/// Whether P is a compile-time number, `ctdiff::constant<N, D>` (as a default
/// parameter beside an expression is): its value is `P::num / P::den`.
using detail::is_constant_v;

/// Whether P may be given for a branch point: a number or a compile-time constant
/// (an expression of variables may not: the branch would not be differentiable).
template <class P>
inline constexpr bool is_branch_point_v = std::is_arithmetic_v<P> || is_constant_v<P>;

namespace detail {
template <class T>
struct element_of {
    using type = T;
};
template <class T>
requires(!std::is_floating_point_v<T>) struct element_of<T> {
    using type = typename math::backend<T>::element_type;
};
}  // namespace detail

/// The element type of a plain number type: a SIMD batch's lanes, a floating type itself.
template <class T>
using element_type_t = typename detail::element_of<T>::type;

/// f computed on float batches in double lanes (math::wide_lanes): f is called on the lower
/// halves of the arguments, widened, and on their upper halves; each lane of its result (a
/// batch, or each component of a dual or multi_dual of batches) is rounded back once. The
/// arguments are batches of one type, one that has wider lanes:
/// `in_wide_lanes([](const auto& v) { return formulas(v); }, u)`.
template <class F, math::has_wide_lanes T, std::same_as<T>... A>
CTDIFF_KERNEL_INLINE constexpr auto in_wide_lanes(const F& f, const T& a, const A&... rest) noexcept {
    using L = math::wide_lanes<T>;
    return detail::narrow_lanes<T>(f(L::low(a), L::low(rest)...), f(L::high(a), L::high(rest)...));
}

/// A constant as an unevaluated sum hi + lo in T's precision, for arguments that
/// must be known beyond working precision (double-word arithmetic with `fma`): hi
/// rounded to T's elements, ...
template <class T>
CTDIFF_HOST_DEVICE constexpr T constant_hi(double hi) noexcept {
    return detail::convert<T>(static_cast<element_type_t<T>>(hi));
}
/// ... and lo the rest (hi's rounding plus the given lo).
template <class T>
CTDIFF_HOST_DEVICE constexpr T constant_lo(double hi, double lo) noexcept {
    return detail::convert<T>(
        static_cast<element_type_t<T>>((hi - static_cast<double>(static_cast<element_type_t<T>>(hi))) + lo));
}

}  // namespace ctdiff
