/// \file
/// The variables an expression depends on, computed on types: small type
/// lists (in the style of Boost.Mp11) instead of a general metaprogramming
/// library, since these few operations run for every node of every
/// expression a program differentiates.
#pragma once

#include <cstddef>
#include <type_traits>

#include <ctdiff/core/expression.hpp>

namespace ctdiff::detail {

/// A list of distinct types, in order of first appearance.
template <class... Ts>
struct type_list {
    static constexpr std::size_t size = sizeof...(Ts);
};

template <class L, class T>
inline constexpr bool list_contains_v = false;
template <class... Ts, class T>
inline constexpr bool list_contains_v<type_list<Ts...>, T> = (std::is_same_v<Ts, T> || ...);

/// L with T appended unless L holds it already.
template <class L, class T>
struct list_insert;
template <class... Ts, class T>
struct list_insert<type_list<Ts...>, T> {
    using type = std::conditional_t<(std::is_same_v<Ts, T> || ...), type_list<Ts...>, type_list<Ts..., T>>;
};

/// The union of A and B (A's order, then B's new elements).
template <class A, class B>
struct list_union {
    using type = A;
};
template <class A, class T, class... Ts>
struct list_union<A, type_list<T, Ts...>> : list_union<typename list_insert<A, T>::type, type_list<Ts...>> {};

/// The elements of A that are not in B.
template <class A, class B>
struct list_difference;
template <class... As, class B>
struct list_difference<type_list<As...>, B> {
    template <class L, class T>
    using keep = std::conditional_t<list_contains_v<B, T>, L, typename list_insert<L, T>::type>;
    template <class L, class... Ts>
    struct fold {
        using type = L;
    };
    template <class L, class T, class... Ts>
    struct fold<L, T, Ts...> : fold<keep<L, T>, Ts...> {};
    using type = typename fold<type_list<>, As...>::type;
};

template <class L>
struct list_front;
template <class T, class... Ts>
struct list_front<type_list<T, Ts...>> {
    using type = T;
};

template <class E>
struct variables_of {
    using type = std::conditional_t<is_variable_v<E>, type_list<E>, type_list<>>;
};
template <class Op, class... Cs>
struct variables_of<node<Op, Cs...>> {
    template <class L, class... Ls>
    struct fold {
        using type = L;
    };
    template <class L, class M, class... Ls>
    struct fold<L, M, Ls...> : fold<typename list_union<L, M>::type, Ls...> {};
    using type = typename fold<type_list<>, typename variables_of<Cs>::type...>::type;
};

/// The variables E depends on, as a `type_list`.
template <class E>
using variables_t = typename variables_of<E>::type;

template <class E>
inline constexpr std::size_t variable_count_v = variables_t<E>::size;

/// Whether E depends on the variable V (one walk of E's type, memoized per subtree).
template <class E, class V>
inline constexpr bool uses_variable_v = std::is_same_v<E, V>;
template <class Op, class... Cs, class V>
inline constexpr bool uses_variable_v<node<Op, Cs...>, V> = (uses_variable_v<Cs, V> || ...);

/// How many leaves of E are the variable V (one walk of E's type, memoized per subtree).
template <class E, class V>
inline constexpr std::size_t occurrences_v = std::is_same_v<E, V>;
template <class Op, class... Cs, class V>
inline constexpr std::size_t occurrences_v<node<Op, Cs...>, V> = (std::size_t{0} + ... +
                                                                  occurrences_v<Cs, V>);

/// The only variable of a one-variable expression.
template <class E>
using sole_variable_t = typename list_front<variables_t<E>>::type;

}  // namespace ctdiff::detail
