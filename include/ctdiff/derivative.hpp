/// \file
/// Symbolic differentiation: `d(e, x)` and `d<n>(e, x)` turn an expression
/// type into the type of its derivative. Operation tags give the chain rule of
/// arithmetic (core/operations.hpp), each primitive's rule gives its own
/// (core/primitive.hpp), and the smart constructors simplify as they build.
#pragma once

#include <cstddef>
#include <type_traits>

#include <ctdiff/core/evaluate.hpp>

namespace ctdiff {

namespace detail {

template <class T>
inline constexpr bool is_slot_v = false;
template <std::size_t I>
inline constexpr bool is_slot_v<slot<I>> = true;

template <class E, class X>
CTDIFF_HOST_DEVICE constexpr auto derive(const E& e, const X& x) noexcept {
    if constexpr (is_variable_v<E>) {
        if constexpr (std::is_same_v<E, X>) {
            return constant<1>{};
        } else {
            return constant<0>{};
        }
    } else if constexpr (!uses_variable_v<E, X>) {
        return constant<0>{};  // constants, numbers, and subtrees free of x
    } else {
        return E::operation::derive(e, x);
    }
}

template <class E, class With>
CTDIFF_HOST_DEVICE constexpr auto substitute(const E& e, const With& with) noexcept {
    if constexpr (is_slot_v<E>) {
        return [&]<std::size_t I>(const slot<I>&) { return with.template get<I>(); }(e);
    } else if constexpr (requires { typename E::operation; }) {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            return E::operation::make(substitute(e.template child<I>(), with)...);
        }
        (std::make_index_sequence<E::arity>{});
    } else {
        return e;
    }
}

}  // namespace detail

/// The derivative of e with respect to the variable x, as a new expression.
template <class E, class X>
CTDIFF_HOST_DEVICE constexpr auto d(const E& e, const X& x) noexcept {
    static_assert(expression<E>, "ctdiff::d(e, x): the first argument of ctdiff::d must be an expression");
    static_assert(detail::is_variable_v<X>,
                  "ctdiff::d(e, x): the second argument of ctdiff::d must be a variable");
    if constexpr (expression<E> && detail::is_variable_v<X>) {
        return detail::derive(e, x);
    }
}

/// The n-th derivative of e with respect to x.
template <std::size_t N, class E, class X>
CTDIFF_HOST_DEVICE constexpr auto d(const E& e, const X& x) noexcept {
    static_assert(N >= 1, "ctdiff::d<n>(e, x): n must be at least 1");
    static_assert(N <= 16, "ctdiff::d<n>(e, x): n must be at most 16");
    if constexpr (N <= 1) {
        return d(e, x);
    } else {
        return d<N - 1>(d(e, x), x);
    }
}

}  // namespace ctdiff
