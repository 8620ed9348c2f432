/// \file
/// What ctdiff evaluates with: plain numbers (`float`, `double`, SIMD
/// batches), dual numbers and jets; conversions between them.
#pragma once

#include <concepts>
#include <cstddef>
#include <type_traits>
#include <utility>

#include <ctdiff/config.hpp>
#include <ctdiff/math/functions.hpp>

namespace ctdiff {

/// \name Number kinds
/// The customization point through which ctdiff computes with numbers that carry
/// derivatives: `number_kind<N>` specialized for a class template N (`dual`,
/// `multi_dual`, `jet` are three such specializations, each in its own header).
/// Plain numbers (arithmetic types, SIMD batches, library floating types) have no
/// specialization. A specialization defines:
///
/// - `value_type`: the number one level down (`dual<dual<double>>`'s is `dual<double>`);
/// - `template <class U> using rebind`: the same kind over U;
/// - `static constexpr const value_type& primal(const N&)`: the value part;
/// - `static constexpr N constant(const value_type&)`: a constant (zero derivatives);
/// - `template <class U, class F, class... X> static constexpr rebind<U> transform(const F& f, const X&...
/// x)`:
///   the number whose every component is f of the same components of x... (all of kind N
///   or of its rebinds); select, NaN and rounding use it;
/// - `template <class R, class... A> static constexpr N apply(R, const A&... a)`: a
///   primitive applied to arguments of which at least one is an N and the others plain
///   numbers of `value_type`; R is `ctdiff::rule_view<Rule, Arity>` (core/primitive.hpp),
///   which gives the rule's value and partials on plain numbers.
///
/// `apply` returns an N, or another number of a kind where the kind is a family whose
/// result depends on the arguments (`sparse_dual`: the union of their directions).
///
/// Optional: `directional_term(partial, direction)`, a partial times a direction for
/// numbers of the kind (a nested dual); `ordered` with `apply_to_order(R, m, a...)`
/// for kinds that a pass computes to a run-time order (jets); `from(u)`, an N from a
/// number u of a related kind (a sparse dual of fewer directions), which conversions use.
/// @{

/// Customization point: specialize for a number type that carries derivatives.
template <class N>
struct number_kind {};

/// A number of a kind (dual, multi-direction dual, jet, or a kind of one's own).
template <class N>
concept kind_number = requires {
    typename number_kind<N>::value_type;
};

/// @}

namespace detail {

/// The plain number type underneath numbers of a kind (nested to any depth).
template <class T>
struct scalar_of {
    using type = T;
};
template <kind_number T>
struct scalar_of<T> : scalar_of<typename number_kind<T>::value_type> {};
template <class T>
using scalar_of_t = typename scalar_of<T>::type;

/// Whether numbers of kind K are computed to a run-time order (jets).
template <class K>
inline constexpr bool is_ordered_kind_v = false;
template <kind_number K>
requires requires { number_kind<K>::ordered; }
inline constexpr bool is_ordered_kind_v<K> = number_kind<K>::ordered;

}  // namespace detail

namespace detail {
/// For a library number type whose operations return expression templates
/// (Boost.Multiprecision's `number<Backend, et_on>`, such as `cpp_dec_float_50`):
/// the same class template with its expression-template option off, when that
/// type computes with value semantics. Rules keep intermediates in variables of
/// their computation type, and an expression template would hold references
/// to temporaries; the twin has the same digits and none of that.
template <class T>
struct value_semantics_twin {
    using type = T;
};
template <template <class, auto> class N, class B, auto E>
requires(
    !std::is_same_v<decltype(std::declval<const N<B, E>&>() * std::declval<const N<B, E>&>()), N<B, E>> &&
    std::is_same_v<decltype(std::declval<const N<B, decltype(E){}>&>() *
                            std::declval<const N<B, decltype(E){}>&>()),
                   N<B, decltype(E){}>>) struct value_semantics_twin<N<B, E>> {
    using type = N<B, decltype(E){}>;
};
}  // namespace detail

/// Customization point: the type ctdiff computes in when a value of T is bound
/// to a variable (`x = v`) or held in an expression (`x * v`). T itself, except
/// for library types whose arithmetic returns expression templates, which
/// compute in their value-semantics twin (`cpp_dec_float_50` computes in
/// `number<cpp_dec_float<50>, et_off>`, which converts back implicitly).
/// Specialize it for a number type of your own that needs the same.
template <class T>
struct evaluation_type : detail::value_semantics_twin<T> {};
template <class T>
using evaluation_type_t = typename evaluation_type<T>::type;

/// A type ctdiff can compute with: arithmetic, a SIMD batch, or a number of a kind
/// (`dual<T>`, `multi_dual<T, P>`, `jet<T, N>`, or one of the user's: `number_kind`).
template <class T>
concept number = std::is_arithmetic_v<T> || math::is_plain_v<T> || kind_number<T>;

template <class T, std::size_t P>
struct multi_dual;  // number/multi_dual.hpp

namespace detail {

/// A rule of several arguments with a fused kernel on SIMD batches N: `value_and_partials(a...)`
/// returning `multi_dual<N, sizeof...(A)>{y, {dy/da, dy/db}}` from shared work (one exp for
/// swiglu's value and both partials; the gated activations). Every route on batches takes
/// its value and partials from it: the array passes, the dual pass and eval_partial. Plain
/// numbers take the value and the partials' expressions, in the rule's precision.
template <class Rule, class N, class... A>
concept batch_partials_rule = (sizeof...(A) > 1) && !std::is_arithmetic_v<N> && math::is_plain_v<N> &&
                              requires(const A&... a) {
    { Rule::value_and_partials(a...) } -> std::same_as<multi_dual<N, sizeof...(A)>>;
};
/// batch_partials_rule with Arity arguments of type N.
template <class Rule, class N, std::size_t Arity>
inline constexpr bool batch_partials_rule_v = []<std::size_t... J>(std::index_sequence<J...>) {
    return batch_partials_rule<Rule, N, std::conditional_t<(J < Arity), N, void>...>;
}
(std::make_index_sequence<Arity>{});

/// Converts an arithmetic value (or a number of the same kind) to the number type T.
template <class T, class U>
CTDIFF_HOST_DEVICE constexpr T convert(const U& u) noexcept {
    if constexpr (std::is_same_v<T, U>) {
        return u;
    } else if constexpr (kind_number<T> && requires { number_kind<T>::from(u); }) {
        return number_kind<T>::from(u);  // a number of a related kind (fewer directions)
    } else if constexpr (kind_number<T>) {
        return number_kind<T>::constant(convert<typename number_kind<T>::value_type>(u));
    } else if constexpr (std::is_arithmetic_v<T>) {
        return static_cast<T>(u);
    } else {
        return T(static_cast<typename math::backend<T>::element_type>(u));
    }
}

}  // namespace detail

/// A constant (an arithmetic value) as the number type T a rule computes in:
/// `number_cast<T>(2)`, `number_cast<T>(0.5)`. T is float, double, long double, a
/// SIMD batch (the constant in every lane), a library floating type
/// (Boost.Multiprecision), or a dual, multi-direction dual or jet (the constant with
/// zero derivatives). A rule's `value` writes its constants this way, so that one
/// template serves every T; `T(2)` does not construct a batch from a double on every
/// backend, and `2.0 * u` would compute a float rule in double.
template <class T, class U>
CTDIFF_HOST_DEVICE constexpr T number_cast(const U& u) noexcept {
    return detail::convert<T>(u);
}

/// A constant known beyond double precision, given as hi + lo (hi the double
/// nearest to it, lo the rest): hi in float and double, hi + lo in long double,
/// where rules of `rule_precision::extended` compute double arguments, and in
/// library floating types (Boost.Multiprecision), about 32 digits.
template <class T>
CTDIFF_HOST_DEVICE constexpr T precise_constant(double hi, double lo) noexcept {
#if !defined(__CUDA_ARCH__)  // device code has no long double
    if constexpr (std::is_same_v<T, long double>) {
        return static_cast<long double>(hi) + static_cast<long double>(lo);
    } else if constexpr (ctdiff_adl::adl_floating<T>) {
        return detail::convert<T>(hi) + detail::convert<T>(lo);
    }
#endif
    static_cast<void>(lo);
    return detail::convert<T>(hi);
}

namespace detail {

using ctdiff::precise_constant;

/// The value part of a number of a kind; a plain number is its own value.
template <class T>
CTDIFF_HOST_DEVICE constexpr const auto& primal(const T& a) noexcept {
    if constexpr (kind_number<T>) {
        return number_kind<T>::primal(a);
    } else {
        return a;
    }
}

/// x, a plain number or a number of nested kinds, over the wider scalar W (exact).
template <class W, class X>
CTDIFF_HOST_DEVICE constexpr auto widen_to(const X& x) {
    if constexpr (kind_number<X>) {
        using V = typename number_kind<X>::value_type;
        using VW = decltype(widen_to<W>(std::declval<const V&>()));
        return number_kind<X>::template transform<VW>([](const V& c) { return widen_to<W>(c); }, x);
    } else {
        return static_cast<W>(x);
    }
}
/// x, a number of nested kinds over a wider scalar, as T (each component rounded once).
template <class T, class X>
CTDIFF_HOST_DEVICE constexpr T narrow_to(const X& x) {
    if constexpr (kind_number<T> && kind_number<X>) {
        using V = typename number_kind<T>::value_type;
        return number_kind<X>::template transform<V>([](const auto& c) { return narrow_to<V>(c); }, x);
    } else if constexpr (kind_number<T>) {
        return convert<T>(narrow_to<scalar_of_t<T>>(x));  // a partial that came out plain
    } else {
        return static_cast<T>(x);
    }
}

/// The plain number at the bottom of nested numbers of kinds.
template <class T>
CTDIFF_HOST_DEVICE constexpr const auto& innermost(const T& a) noexcept {
    if constexpr (kind_number<T>) {
        return innermost(number_kind<T>::primal(a));
    } else {
        return a;
    }
}

/// `mask ? a : b` for any number type; with a bool mask only the chosen value is used.
template <class M, class T>
CTDIFF_HOST_DEVICE constexpr T select(const M& mask, const T& a, const T& b) noexcept {
    if constexpr (std::is_same_v<M, bool>) {
        return mask ? a : b;
    } else if constexpr (kind_number<T>) {
        using V = typename number_kind<T>::value_type;
        return number_kind<T>::template transform<V>(
            [&](const V& x, const V& y) { return select(mask, x, y); }, a, b);
    } else {
        return math::select(mask, a, b);
    }
}

/// a || b for masks: bools, or the masks of SIMD batches.
template <class M>
CTDIFF_HOST_DEVICE constexpr M mask_or(const M& a, const M& b) noexcept {
    if constexpr (std::is_same_v<M, bool>) {
        return a || b;
    } else {
        return a | b;
    }
}

/// A NaN of any number type (every component NaN).
template <class T>
CTDIFF_HOST_DEVICE constexpr T nan_of() noexcept {
    using S = scalar_of_t<T>;
    if constexpr (std::is_arithmetic_v<S> && !std::is_floating_point_v<S>) {
        return T{};  // integers have no NaN; never reached for floating computations
    } else if constexpr (kind_number<T>) {
        using V = typename number_kind<T>::value_type;
        return number_kind<T>::template transform<V>([](const V&) { return nan_of<V>(); },
                                                     number_kind<T>::constant(convert<V>(0)));
    } else {
        return math::quiet_nan<T>();
    }
}

/// The number type of `a op b`: the kind of either (the first where both have one),
/// else the plain numbers' common type.
template <class A, class B>
struct common_number {
    using type = std::common_type_t<A, B>;
};
template <class A, class B>
requires(kind_number<A> || kind_number<B> || std::is_same_v<A, B>) struct common_number<A, B> {
    using type = std::conditional_t<kind_number<A> || std::is_same_v<A, B>, A, B>;
};
template <class A, class B>
using common_number_t = typename common_number<A, B>::type;

/// The number type every one of Ts converts to (plain, dual or jet).
template <class... Ts>
struct common_number_of;
template <class T>
struct common_number_of<T> {
    using type = T;
};
template <class A, class B, class... R>
struct common_number_of<A, B, R...> : common_number_of<common_number_t<A, B>, R...> {};
template <class... Ts>
using common_number_of_t = typename common_number_of<Ts...>::type;

/// Sums the terms that are present; absent terms (zero partials) cost nothing.
struct no_term {};
template <class T>
CTDIFF_HOST_DEVICE constexpr T sum_terms(const T& t) noexcept {
    return t;
}
CTDIFF_HOST_DEVICE constexpr no_term sum_terms(no_term) noexcept { return {}; }
template <class A, class B, class... R>
CTDIFF_HOST_DEVICE constexpr auto sum_terms(const A& a, const B& b, const R&... r) noexcept {
    if constexpr (std::is_same_v<A, no_term>) {
        return sum_terms(b, r...);
    } else if constexpr (std::is_same_v<B, no_term>) {
        return sum_terms(a, r...);
    } else {
        return sum_terms(a + b, r...);
    }
}

/// partial * direction, where a zero direction adds nothing even if the partial is
/// infinite (a limit: prelu's weight partial is x, -inf at x = -inf, while the gradient
/// seeds the weight with 0 in x's direction); a NaN partial still gives NaN. Numbers
/// of a kind that defines `directional_term` (nested duals: hessian's dual<dual<T>>)
/// apply the same rule component by component; SIMD batches multiply.
template <class T>
CTDIFF_HOST_DEVICE constexpr T directional_term(const T& partial, const T& direction) noexcept {
    if constexpr (std::is_floating_point_v<T>) {
        const T zero = convert<T>(0);
        return math::select(direction == zero, math::select(math::isnan(partial), partial, zero),
                            partial * direction);
    } else if constexpr (requires { number_kind<T>::directional_term(partial, direction); }) {
        return number_kind<T>::directional_term(partial, direction);
    } else {
        return partial * direction;
    }
}

/// directional_term where the zero directions are other variables (not only a seed):
/// SIMD batches too get the rule lane by lane, so an element's partial in one array
/// input does not see inf * 0 from another (the multi-direction dual's apply).
template <class T>
CTDIFF_HOST_DEVICE constexpr T directional_term_lanes(const T& partial, const T& direction) noexcept {
    if constexpr (!std::is_floating_point_v<T> && math::is_plain_v<T>) {
        const T zero = convert<T>(0);
        return math::select(direction == zero, math::select(math::isnan(partial), partial, zero),
                            partial * direction);
    } else {
        return directional_term(partial, direction);
    }
}

/// d, or NaN where the primitive's value y is NaN: a function undefined at a point has
/// no derivative there, also when no partial sees the NaN (glu(a, b)'s partial in a,
/// sigmoid(b), at a = NaN). Plain floating-point numbers; other kinds pass d through.
template <class T>
CTDIFF_HOST_DEVICE constexpr T nan_where_value_is(const T& y, const T& d) noexcept {
    if constexpr (std::is_floating_point_v<T>) {
        return math::select(math::isnan(y), y, d);
    } else {
        return d;
    }
}

}  // namespace detail
}  // namespace ctdiff
