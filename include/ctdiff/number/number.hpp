/// \file
/// What ctdiff evaluates with: plain numbers (`float`, `double`, SIMD
/// batches), dual numbers and jets; conversions between them.
#pragma once

#include <cstddef>
#include <type_traits>

#include <ctdiff/config.hpp>
#include <ctdiff/math/functions.hpp>

namespace ctdiff {

template <class T>
struct dual;
template <class T, std::size_t N>
struct jet;
template <class T, std::size_t P>
struct multi_dual;

namespace detail {

template <class T>
inline constexpr bool is_dual_v = false;
template <class T>
inline constexpr bool is_dual_v<dual<T>> = true;

template <class T>
inline constexpr bool is_multi_dual_v = false;
template <class T, std::size_t P>
inline constexpr bool is_multi_dual_v<multi_dual<T, P>> = true;

template <class T>
inline constexpr bool is_jet_v = false;
template <class T, std::size_t N>
inline constexpr bool is_jet_v<jet<T, N>> = true;

/// The plain number type underneath duals and jets.
template <class T>
struct scalar_of {
    using type = T;
};
template <class T>
struct scalar_of<dual<T>> : scalar_of<T> {};
template <class T, std::size_t N>
struct scalar_of<jet<T, N>> : scalar_of<T> {};
template <class T, std::size_t P>
struct scalar_of<multi_dual<T, P>> : scalar_of<T> {};
template <class T>
using scalar_of_t = typename scalar_of<T>::type;

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

/// A type ctdiff can compute with: arithmetic, a SIMD batch, `dual<T>` or `jet<T, N>`.
template <class T>
concept number = std::is_arithmetic_v<T> || math::is_plain_v<T> || detail::is_dual_v<T> ||
    detail::is_jet_v<T> || detail::is_multi_dual_v<T>;

namespace detail {

/// Converts an arithmetic value (or a number of the same kind) to the number type T.
template <class T, class U>
CTDIFF_HOST_DEVICE constexpr T convert(const U& u) noexcept {
    if constexpr (std::is_same_v<T, U>) {
        return u;
    } else if constexpr (is_dual_v<T>) {
        using E = decltype(T::value);
        return T{convert<E>(u), convert<E>(0)};
    } else if constexpr (is_jet_v<T>) {
        T r{};
        r.d[0] = convert<typename T::value_type>(u);
        return r;
    } else if constexpr (is_multi_dual_v<T>) {
        T r{};
        r.value = convert<typename T::value_type>(u);
        for (auto& c : r.d) c = convert<typename T::value_type>(0);
        return r;
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

/// The value part of a dual (or of a jet); a plain number is its own value.
template <class T>
CTDIFF_HOST_DEVICE constexpr const auto& primal(const T& a) noexcept {
    if constexpr (is_dual_v<T> || is_multi_dual_v<T>) {
        return a.value;
    } else if constexpr (is_jet_v<T>) {
        return a.d[0];
    } else {
        return a;
    }
}

/// The plain number at the bottom of nested duals and jets.
template <class T>
CTDIFF_HOST_DEVICE constexpr const auto& innermost(const T& a) noexcept {
    if constexpr (is_dual_v<T> || is_jet_v<T> || is_multi_dual_v<T>) {
        return innermost(primal(a));
    } else {
        return a;
    }
}

/// `mask ? a : b` for any number type; with a bool mask only the chosen value is used.
template <class M, class T>
CTDIFF_HOST_DEVICE constexpr T select(const M& mask, const T& a, const T& b) noexcept {
    if constexpr (std::is_same_v<M, bool>) {
        return mask ? a : b;
    } else if constexpr (is_dual_v<T>) {
        return T{select(mask, a.value, b.value), select(mask, a.derivative, b.derivative)};
    } else if constexpr (is_jet_v<T>) {
        T r{};
        for (std::size_t k = 0; k < T::size; ++k) r.d[k] = select(mask, a.d[k], b.d[k]);
        return r;
    } else if constexpr (is_multi_dual_v<T>) {
        T r{select(mask, a.value, b.value), {}};
        for (std::size_t p = 0; p < T::directions; ++p) r.d[p] = select(mask, a.d[p], b.d[p]);
        return r;
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
    } else if constexpr (is_dual_v<T>) {
        using E = decltype(T::value);
        return T{nan_of<E>(), nan_of<E>()};
    } else if constexpr (is_jet_v<T>) {
        T r{};
        for (auto& c : r.d) c = nan_of<typename T::value_type>();
        return r;
    } else if constexpr (is_multi_dual_v<T>) {
        T r{nan_of<typename T::value_type>(), {}};
        for (auto& c : r.d) c = nan_of<typename T::value_type>();
        return r;
    } else {
        return math::quiet_nan<T>();
    }
}

/// The number type of `a op b` when a and b may be plain, dual or jet.
template <class A, class B>
struct common_number {
    using type = std::common_type_t<A, B>;
};
template <class A>
struct common_number<A, A> {
    using type = A;
};
template <class T, class B>
requires(!is_dual_v<B>) struct common_number<dual<T>, B> {
    using type = dual<T>;
};
template <class A, class T>
requires(!is_dual_v<A>) struct common_number<A, dual<T>> {
    using type = dual<T>;
};
template <class T, std::size_t N, class B>
requires(!is_jet_v<B>) struct common_number<jet<T, N>, B> {
    using type = jet<T, N>;
};
template <class A, class T, std::size_t N>
requires(!is_jet_v<A>) struct common_number<A, jet<T, N>> {
    using type = jet<T, N>;
};
template <class T, std::size_t P, class B>
requires(!is_multi_dual_v<B>) struct common_number<multi_dual<T, P>, B> {
    using type = multi_dual<T, P>;
};
template <class A, class T, std::size_t P>
requires(!is_multi_dual_v<A>) struct common_number<A, multi_dual<T, P>> {
    using type = multi_dual<T, P>;
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

}  // namespace detail
}  // namespace ctdiff
