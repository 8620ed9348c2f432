/// \file
/// Evaluation: bindings gathered into an environment, the computation type,
/// and `f(x = v)`, the call every expression answers.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include <ctdiff/core/primitive.hpp>
#include <ctdiff/core/variables.hpp>

namespace ctdiff {

namespace detail {

template <class V, class T>
CTDIFF_HOST_DEVICE constexpr const T& bound_value(const binding<V, T>& b) noexcept {
    return b.value;
}

template <class B>
inline constexpr bool is_binding_v = false;
template <class V, class T>
inline constexpr bool is_binding_v<binding<V, T>> = true;

/// A variable's name as characters, so that both g++ and clang++ print it
/// readably (`variable_named<'x'>`) in the unbound-variable error.
template <char... Cs>
struct variable_named {};
template <class V, std::size_t... I>
variable_named<V::name.chars[I]...> name_chars(std::index_sequence<I...>);
template <class V>
using variable_name_t = decltype(name_chars<V>(std::make_index_sequence<V::name.size()>{}));

template <class... Vs>
inline constexpr bool all_distinct_v = true;
template <class V, class... Vs>
inline constexpr bool all_distinct_v<V, Vs...> = (!std::is_same_v<V, Vs> && ...) && all_distinct_v<Vs...>;

}  // namespace detail

/// The variables bound for one evaluation, and the computation type S: the
/// common type of the bound values' plain numbers (`float` in, `float` out).
template <class S, class... Bs>
struct environment : Bs... {
    using scalar_type = S;

    template <class V>
    CTDIFF_HOST_DEVICE constexpr auto lookup(const V&) const {
        if constexpr (requires { detail::bound_value<V>(*this); }) {
            return detail::bound_value<V>(*this);
        } else {
            static_assert(detail::always_false_v<detail::variable_name_t<V>>,
                          "ctdiff: expression evaluated with a variable left unbound (its name is "
                          "spelled out in variable_named<...> here): bind it, as in f(x = 1.0)");
            return S{};
        }
    }
};

/// An environment whose jets are needed only up to `order`: the jet passes of
/// `d<n>` and `derivatives<n>` seed jets of a shared capacity (detail::jet_capacity)
/// and compute their entries up to n, so that every order up to the capacity
/// instantiates the same code.
template <class S, class... Bs>
struct ordered_environment : environment<S, Bs...> {
    std::size_t order;
};

namespace detail {

template <class S, class... Bs>
CTDIFF_HOST_DEVICE constexpr ordered_environment<S, Bs...> with_order(const environment<S, Bs...>& env,
                                                                      std::size_t m) noexcept {
    return {env, m};
}

template <class... Bs>
struct bindings_scalar {
    using type = plain_common_t<scalar_of_t<typename Bs::value_type>...>;
};
template <>
struct bindings_scalar<> {
    using type = double;
};

template <class... Bs>
CTDIFF_HOST_DEVICE constexpr auto make_environment(const Bs&... bs) noexcept {
    static_assert((is_binding_v<Bs> && ...), "ctdiff: bind variables by name, as in f(x = 1.0, a = 2.0)");
    static_assert(all_distinct_v<typename Bs::variable_type...>,
                  "ctdiff: a variable is bound twice in one evaluation");
    return environment<typename bindings_scalar<Bs...>::type, Bs...>{bs...};
}

/// `f(x = v, ...)` or `f(v)`: the implementation of every expression's call operator.
template <class E, class... Args>
CTDIFF_HOST_DEVICE constexpr auto call_expression(const E& e, const Args&... args) {
    if constexpr (sizeof...(Args) == 1 && (!is_binding_v<Args> && ...)) {
        static_assert((number<Args> && ...),
                      "ctdiff: f(v) takes a number; bind variables by name, as in f(x = 1.0)");
        if constexpr (variable_count_v<E> == 0) {
            using T = plain_common_t<scalar_of_t<Args>...>;
            return e.eval(environment<T>{});
        } else {
            static_assert(variable_count_v<E> == 1,
                          "ctdiff: f(v) needs an expression of exactly one variable; bind "
                          "variables by name, as in f(x = 1.0, a = 2.0)");
            using V = sole_variable_t<E>;
            return e.eval(make_environment(binding<V, Args>{args}...));
        }
    } else {
        return e.eval(make_environment(args...));
    }
}

}  // namespace detail
}  // namespace ctdiff
