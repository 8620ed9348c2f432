/// \file
/// Derivatives of large expressions without the expanded tree. Differentiating
/// a symbolic derivative again multiplies its size (the product and chain rules
/// each double a term; Faà di Bruno's formula for the n-th derivative of a chain
/// of k functions has a number of terms that grows like the partitions of n),
/// and every node is a type the compiler builds. So `d<n>(e, x)` expands
/// symbolically only while the expression is small (a handful of nodes, where
/// folding pays: `d<2>(relu(x), x)` is 0), and otherwise becomes one node,
/// `node<taylor_op<n, x>, e>`: it evaluates e on a jet of order n in x (the
/// same pass as `derivatives<n>`) and returns the n-th entry; for n = 1 on a
/// dual (the pass of `value_and_derivative`). Its type is
/// e's plus one node whatever n is; it evaluates, composes with `d` (d in x
/// raises n, d in another variable differentiates e once symbolically) and
/// works in constant expressions. Printing expands it symbolically, the one
/// operation whose cost grows with the derivative's size; past a size where
/// that would swamp the compiler, it prints as `d^n/dx^n(e)`.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/expression.hpp>
#include <ctdiff/core/variables.hpp>
#include <ctdiff/derivative/derive.hpp>
#include <ctdiff/number/dual.hpp>
#include <ctdiff/number/jet.hpp>
#include <ctdiff/number/number.hpp>

namespace ctdiff {

template <std::size_t N, class X>
struct taylor_op;

namespace detail {

/// The number of nodes of E's tree (leaves included).
template <class E>
inline constexpr std::size_t node_count_v = 1;
template <class Op, class... Cs>
inline constexpr std::size_t node_count_v<node<Op, Cs...>> = (std::size_t{1} + ... + node_count_v<Cs>);

/// Expressions of at most this many nodes are differentiated symbolically at
/// every order: their derivatives stay small and fold (piecewise-linear pieces
/// to 0, polynomials to constants). Larger ones go through taylor_op.
inline constexpr std::size_t symbolic_expansion_limit = 8;

/// Printing expands a taylor_op node symbolically when its estimated size
/// (nodes times 3 per order) stays below this; beyond, it prints d^n/dx^n(e).
inline constexpr std::size_t print_expansion_limit = 4096;

/// Whether E holds a taylor_op node (a derivative of a large expression). Such an
/// expression is differentiated symbolically, which moves the derivative into that node
/// (derive_impl<taylor_op> below): a taylor_op around it would seed one variable inside
/// a pass seeding another, numbers of two kinds or depths in one primitive.
template <class E>
inline constexpr bool has_taylor_node_v = false;
template <class Op, class... Cs>
inline constexpr bool has_taylor_node_v<node<Op, Cs...>> = (has_taylor_node_v<Cs> || ...);
template <std::size_t N, class X, class E>
inline constexpr bool has_taylor_node_v<node<taylor_op<N, X>, E>> = true;

/// Whether d in some variable differentiates E symbolically (else one taylor_op node).
template <class E>
inline constexpr bool symbolic_in_v = node_count_v<E> <= symbolic_expansion_limit || has_taylor_node_v<E>;

template <class E, class X>
inline constexpr std::size_t taylor_order_v = 0;
template <std::size_t N, class X, class E>
inline constexpr std::size_t taylor_order_v<node<taylor_op<N, X>, E>, X> = N;

/// The first derivative of e in x (`d(e, x)`): symbolic while e is small, else one
/// node<taylor_op<1, X>, E> that evaluates e on a dual (value_and_derivative's pass). The
/// symbolic first derivative of a deep composition is a tree of its own, as large as e's
/// chain rule makes it, that the compiler builds and optimizes node by node; the node
/// costs what a dual pass over e costs.
template <class E, class X>
CTDIFF_HOST_DEVICE constexpr auto first_derivative(const E& e, const X& x) noexcept {
    if constexpr (!uses_variable_v<E, X>) {
        return constant<0>{};
    } else if constexpr (symbolic_in_v<E>) {
        return derive(e, x);
    } else {
        return node<taylor_op<1, X>, E>{e};
    }
}

/// The N-th derivative of e in x: symbolic while e is small, then one taylor_op node.
template <std::size_t N, class E, class X>
CTDIFF_HOST_DEVICE constexpr auto higher_derivative(const E& e, const X& x) noexcept {
    if constexpr (N == 0) {
        return e;
    } else if constexpr (!uses_variable_v<E, X>) {
        return constant<0>{};
    } else if constexpr (N == 1) {
        return derive(e, x);
    } else if constexpr (taylor_order_v<E, X> != 0) {
        return node<taylor_op<N + taylor_order_v<E, X>, X>,
                    std::remove_cv_t<decltype(detail::child_at<0>(e))>>{detail::child_at<0>(e)};
    } else if constexpr (symbolic_in_v<E>) {
        return higher_derivative<N - 1>(derive(e, x), x);
    } else {
        return node<taylor_op<N, X>, E>{e};
    }
}

/// What `d<N>(e, x)` builds before its NaN guard: first_derivative for N = 1 (a large e on
/// a dual), higher_derivative<N> otherwise (whose own steps through order 1 stay symbolic).
template <std::size_t N, class E, class X>
CTDIFF_HOST_DEVICE constexpr auto nth_derivative(const E& e, const X& x) noexcept {
    if constexpr (N == 1) {
        return first_derivative(e, x);
    } else {
        return higher_derivative<N>(e, x);
    }
}

/// The N-th derivative of e in x, expanded symbolically at every order (for printing).
template <std::size_t N, class E, class X>
constexpr auto expanded_derivative(const E& e, const X& x) noexcept {
    if constexpr (N == 0) {
        return e;
    } else {
        return expanded_derivative<N - 1>(derive(e, x), x);
    }
}

/// The binding B, or X's new binding to v when B binds X.
template <class X, class V, class B>
CTDIFF_HOST_DEVICE constexpr auto rebound(const B& b, const V& v) noexcept {
    if constexpr (std::is_same_v<typename B::variable_type, X>) {
        return binding<X, V>{v};
    } else {
        return b;
    }
}

/// env with X bound to the number `seed` instead.
template <class X, class Seed, class S, class... Bs>
CTDIFF_HOST_DEVICE constexpr auto reseeded(const environment<S, Bs...>& env, const Seed& seed) noexcept {
    return environment<S, decltype(rebound<X>(static_cast<const Bs&>(env), seed))...>{
        rebound<X>(static_cast<const Bs&>(env), seed)...};
}

/// Evaluates e's N-th derivative in X at X's value: the first on a dual seeded there
/// (value_and_derivative's pass), higher ones on a jet of order N.
template <std::size_t N, class X, class E, class S, class... Bs>
CTDIFF_HOST_DEVICE constexpr auto taylor_evaluate(const E& e, const environment<S, Bs...>& env) {
    using C = common_number_of_t<typename Bs::value_type...>;
    const auto v = env.lookup(X{});
    const auto r = [&] {
        if constexpr (N == 1) {
            return e.eval(reseeded<X>(env, dual<C>{convert<C>(v), convert<C>(1)}));
        } else {
            return e.eval(with_order(reseeded<X>(env, seed_jet<C, jet_capacity(N)>(v)), N));
        }
    }();
    using R = std::remove_cv_t<decltype(r)>;
    if constexpr (N == 1 && is_dual_v<R>) {
        return r.derivative;
    } else if constexpr (N > 1 && is_jet_v<R>) {
        return r.d[N];
    } else {
        // e's value did not see the seeded number (x only in a condition): 0, NaN with x.
        return select(math::isnan(innermost(v)), nan_of<C>(), convert<C>(0));
    }
}

}  // namespace detail

/// The tag of `d<N>` in X of its child, evaluated through jets (see the file comment).
template <std::size_t N, class X>
struct taylor_op {
    template <class Env, class Node>
    CTDIFF_HOST_DEVICE static constexpr auto eval(const Env& env, const Node& n) {
        return detail::taylor_evaluate<N, X>(detail::child_at<0>(n), env);
    }
    template <class E>
    CTDIFF_HOST_DEVICE static constexpr auto make(const E& e) noexcept {
        return detail::nth_derivative<N>(e, X{});
    }
};

/// d in X raises the order; d in another variable differentiates the child
/// once (symbolically, a first derivative) and keeps the order.
template <std::size_t N, class X>
struct derive_impl<taylor_op<N, X>> {
    template <class Node, class Y>
    CTDIFF_HOST_DEVICE static constexpr auto apply(const Node& n, const Y& y) noexcept {
        if constexpr (std::is_same_v<X, Y>) {
            return node<taylor_op<N + 1, X>, std::remove_cv_t<decltype(detail::child_at<0>(n))>>{
                detail::child_at<0>(n)};
        } else {
            return taylor_op<N, X>::make(detail::derive(detail::child_at<0>(n), y));
        }
    }
};

}  // namespace ctdiff
