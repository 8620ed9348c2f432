/// \file
/// `d(e, x)` and `d<n>(e, x)`: the public symbolic derivative. One step is
/// derivative/derive.hpp; higher orders stay small through
/// derivative/taylor.hpp; and a result that folded away a variable e used
/// keeps NaN flowing through derivative/guard.hpp.
#pragma once

#include <cstddef>

#include <ctdiff/core/expression.hpp>
#include <ctdiff/core/variables.hpp>
#include <ctdiff/derivative/derive.hpp>
#include <ctdiff/derivative/guard.hpp>
#include <ctdiff/derivative/taylor.hpp>

namespace ctdiff {

/// The largest n of `d<n>(e, x)`.
inline constexpr std::size_t max_symbolic_order = 16;

/// The n-th derivative of e with respect to x (1 <= n <= 16).
template <std::size_t N, class E, class X>
CTDIFF_HOST_DEVICE constexpr auto d(const E& e, const X& x) noexcept {
    static_assert(N >= 1, "ctdiff::d<n>(e, x): n must be at least 1");
    static_assert(N <= max_symbolic_order, "ctdiff::d<n>(e, x): n must be at most 16");
    static_assert(expression<E>, "ctdiff::d(e, x): the first argument of ctdiff::d must be an expression");
    static_assert(detail::is_variable_v<X>,
                  "ctdiff::d(e, x): the second argument of ctdiff::d must be a variable");
    if constexpr (N >= 1 && N <= max_symbolic_order && expression<E> && detail::is_variable_v<X>) {
        return detail::make_guard<detail::variables_t<E>>(detail::nth_derivative<N>(e, x));
    }
}

/// The derivative of e with respect to the variable x, as a new expression.
template <class E, class X>
CTDIFF_HOST_DEVICE constexpr auto d(const E& e, const X& x) noexcept {
    return d<1>(e, x);
}

}  // namespace ctdiff
