/// \file
/// Numeric derivatives in one forward pass: `value_and_derivative` (duals),
/// `derivatives<n>` (jets), `gradient` (one pass of a multi-direction dual).
#pragma once

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>

#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/variables.hpp>
#include <ctdiff/number/dual.hpp>
#include <ctdiff/number/jet.hpp>
#include <ctdiff/number/multi_dual.hpp>
#include <ctdiff/passes/wrt.hpp>

namespace ctdiff {

namespace detail {

/// Turns `f(v)` shorthand into a binding of f's only variable.
template <class E, class A>
CTDIFF_HOST_DEVICE constexpr auto as_binding(const A& a) noexcept {
    if constexpr (is_binding_v<A>) {
        return a;
    } else {
        static_assert(number<A>, "ctdiff: bind variables by name, as in value_and_derivative(f, x = 1.0)");
        static_assert(variable_count_v<E> == 1,
                      "ctdiff: a bare number needs an expression of exactly one variable; bind by name");
        return binding<sole_variable_t<E>, A>{a};
    }
}

/// f and df/dV on duals, V seeded among the bindings.
template <class V, class E, class... Bs>
CTDIFF_HOST_DEVICE constexpr auto dual_pass(const E& e, const Bs&... bs) {
    using T = plain_common_t<bound_type_t<V, Bs...>>;
    const auto seed = [](const T& v) { return dual<T>{v, detail::convert<T>(1)}; };
    const auto r = e.eval(seeded_environment_in<V>(seed, bs...));
    using R = std::remove_cv_t<decltype(r)>;
    if constexpr (is_dual_v<R>) {
        return r;
    } else {
        return dual<R>{r, detail::convert<R>(0)};  // e does not depend on anything seeded
    }
}

/// f, f', ..., f^(N) in d/dV on jets, V seeded among the bindings.
template <std::size_t N, class V, class E, class... Bs>
CTDIFF_HOST_DEVICE constexpr auto jet_pass(const E& e, const Bs&... bs) {
    using T = plain_common_t<bound_type_t<V, Bs...>>;
    constexpr std::size_t capacity = detail::jet_capacity(N);
    const auto seed = [](const T& v) { return detail::seed_jet<T, capacity>(v); };
    const auto r = e.eval(detail::with_order(seeded_environment_in<V>(seed, bs...), N));
    using R = std::remove_cv_t<decltype(r)>;
    // Built by aggregate initialization: std::array's operator[] is host-only for nvcc.
    return [&]<std::size_t... K>(std::index_sequence<K...>) {
        if constexpr (detail::is_jet_v<R>) {
            return std::array<T, N + 1>{r.d[K]...};
        } else {
            return std::array<T, N + 1>{detail::convert<T>(K == 0 ? r : detail::convert<R>(0))...};
        }
    }
    (std::make_index_sequence<N + 1>{});
}

}  // namespace detail

/// f and df/dx in one pass on dual numbers. With one binding x is its variable,
/// `auto [v, dv] = value_and_derivative(f, x = 0.5);`; with several, `wrt(x)`
/// names it: `value_and_derivative(prelu(x, a), wrt(x), x = -2.0, a = 0.25)`.
template <expression E, class B0, class... Bs>
CTDIFF_HOST_DEVICE constexpr auto value_and_derivative(const E& e, const B0& b0, const Bs&... bs) {
    if constexpr (detail::is_wrt_v<B0>) {
        using V = typename B0::variable_type;
        static_assert(sizeof...(Bs) >= 1 && (detail::is_binding_v<Bs> && ...),
                      "ctdiff::value_and_derivative(f, wrt(x), x = v, ...): bind variables by name");
        static_assert(detail::binds_v<V, Bs...>,
                      "ctdiff::value_and_derivative(f, wrt(x), ...): x is not bound; bind it, as in "
                      "value_and_derivative(f, wrt(x), x = v, a = w)");
        return detail::dual_pass<V>(e, bs...);
    } else if constexpr (sizeof...(Bs) != 0) {
        static_assert(detail::always_false_v<B0>,
                      "ctdiff::value_and_derivative(f, x = v, a = w): several variables are bound; say "
                      "which one to differentiate in, as in value_and_derivative(f, wrt(x), x = v, a = w)");
        return dual<double>{};
    } else {
        const auto first = detail::as_binding<E>(b0);
        return detail::dual_pass<typename decltype(first)::variable_type>(e, first);
    }
}

/// The maximum order of `derivatives<n>`.
inline constexpr std::size_t max_derivative_order = 8;

/// f, f', ..., f^(n) in one pass on jets: `std::array<T, n + 1>`. With one
/// binding the variable is its; with several, `wrt(x)` names it, as in
/// `derivatives<2>(elu(x, a), wrt(x), x = -1.0, a = 3.0)`.
template <std::size_t N, expression E, class B0, class... Bs>
CTDIFF_HOST_DEVICE constexpr auto derivatives(const E& e, const B0& b0, const Bs&... bs) {
    static_assert(
        N >= 1 && N <= max_derivative_order,
        "ctdiff::derivatives<n>(f, x = v): n must be between 1 and ctdiff::max_derivative_order (8)");
    if constexpr (detail::is_wrt_v<B0>) {
        using V = typename B0::variable_type;
        static_assert(sizeof...(Bs) >= 1 && (detail::is_binding_v<Bs> && ...),
                      "ctdiff::derivatives<n>(f, wrt(x), x = v, ...): bind variables by name");
        static_assert(detail::binds_v<V, Bs...>,
                      "ctdiff::derivatives<n>(f, wrt(x), ...): x is not bound; bind it, as in "
                      "derivatives<n>(f, wrt(x), x = v, a = w)");
        return detail::jet_pass<N, V>(e, bs...);
    } else if constexpr (sizeof...(Bs) != 0) {
        static_assert(detail::always_false_v<B0>,
                      "ctdiff::derivatives<n>(f, x = v, a = w): several variables are bound; say which "
                      "one to differentiate in, as in derivatives<n>(f, wrt(x), x = v, a = w)");
        return std::array<double, N + 1>{};
    } else {
        const auto first = detail::as_binding<E>(b0);
        return detail::jet_pass<N, typename decltype(first)::variable_type>(e, first);
    }
}

/// The value and partial derivatives of f at a point: `g.value`, `g[x]`.
template <class T, class... Vs>
struct gradient_result {
    T value;
    T partials[sizeof...(Vs) == 0 ? 1 : sizeof...(Vs)];

    template <class V>
    CTDIFF_HOST_DEVICE constexpr T operator[](const V&) const noexcept {
        constexpr std::size_t i = index_of<V>();
        static_assert(i < sizeof...(Vs), "ctdiff::gradient: g[v] asks for a variable that was not bound");
        return partials[i < sizeof...(Vs) ? i : 0];
    }

private:
    template <class V>
    CTDIFF_HOST_DEVICE static constexpr std::size_t index_of() noexcept {
        constexpr bool hits[] = {std::is_same_v<V, Vs>..., false};
        std::size_t i = 0;
        while (i < sizeof...(Vs) && !hits[i]) ++i;
        return i;
    }
};

/// f and its partial derivatives with respect to every bound variable, in one
/// pass: each variable is bound to a `multi_dual<T, P>` seeded in its own
/// direction, so every primitive computes its value and partials once for all
/// P directions. `gradient(prelu(x, a), x = -1.0, a = 0.25)`.
template <expression E, class... Bs>
CTDIFF_HOST_DEVICE constexpr auto gradient(const E& e, const Bs&... bs) {
    static_assert(sizeof...(Bs) >= 1 && (detail::is_binding_v<Bs> && ...),
                  "ctdiff::gradient(f, x = v, ...): bind every variable by name");
    using T = detail::plain_common_t<typename Bs::value_type...>;
    constexpr std::size_t P = sizeof...(Bs);
    using M = multi_dual<T, P>;
    gradient_result<T, typename Bs::variable_type...> g{};
    const auto r = [&]<std::size_t... I>(std::index_sequence<I...>) {
        const auto seed = [&]<std::size_t J>(std::integral_constant<std::size_t, J>, const auto& value) {
            M m{detail::convert<T>(value), {}};
            for (std::size_t p = 0; p < P; ++p) m.d[p] = detail::convert<T>(p == J ? 1 : 0);
            return m;
        };
        return e.eval(detail::make_environment(binding<typename Bs::variable_type, M>{
            seed(std::integral_constant<std::size_t, I>{}, bs.value)}...));
    }
    (std::index_sequence_for<Bs...>{});
    if constexpr (detail::is_multi_dual_v<std::remove_cv_t<decltype(r)>>) {
        g.value = r.value;
        for (std::size_t p = 0; p < P; ++p) g.partials[p] = r.d[p];
    } else {  // f uses none of the bound variables
        g.value = detail::convert<T>(r);
        for (std::size_t p = 0; p < P; ++p) g.partials[p] = detail::convert<T>(0);
    }
    return g;
}

}  // namespace ctdiff
