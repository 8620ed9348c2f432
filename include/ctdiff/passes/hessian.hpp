/// \file
/// `hessian(f, x = v, a = w, ...)`: the value, the gradient and the symmetric
/// matrix of second partials of f in the bound variables, on hyper-dual numbers
/// (`dual<dual<T>>`).
///
/// A pass seeds variable i in the outer dual and variable j in the inner one;
/// its result is f, df/dx_j, df/dx_i and d2f/dx_i dx_j, each by the chain rule
/// with no difference quotient and no polarization, so an entry is as accurate
/// as the nested symbolic `d(d(f, x_i), x_j)` evaluated. The n(n + 1)/2 passes
/// i <= j fill the upper triangle, and the matrix is stored once per pair:
/// `h[x][a]` and `h[a][x]` read the same number.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/variables.hpp>
#include <ctdiff/number/dual.hpp>

namespace ctdiff {

/// Numbers indexed by variable: `m[x]`. The gradient part of a hessian_result,
/// and each of its rows.
template <class T, class... Vs>
struct by_variable {
    T entries[sizeof...(Vs) == 0 ? 1 : sizeof...(Vs)];

    template <class V>
    CTDIFF_HOST_DEVICE constexpr const T& operator[](const V&) const noexcept {
        constexpr std::size_t i = index_of<V>();
        static_assert(i < sizeof...(Vs), "ctdiff::hessian: h[v] asks for a variable that was not bound");
        return entries[i < sizeof...(Vs) ? i : 0];
    }

    /// The position of variable V among the bound ones (their number when V is not bound).
    template <class V>
    CTDIFF_HOST_DEVICE static constexpr std::size_t index_of() noexcept {
        constexpr bool hits[] = {std::is_same_v<V, Vs>..., false};
        std::size_t i = 0;
        while (i < sizeof...(Vs) && !hits[i]) ++i;
        return i;
    }
};

/// What `hessian` returns: `h.value`, `h.gradient[x]` (df/dx) and `h[x][a]`
/// (d2f/dx da; `h[x][a] == h[a][x]`, the same number).
template <class T, class... Vs>
struct hessian_result {
    T value;
    by_variable<T, Vs...> gradient;
    by_variable<by_variable<T, Vs...>, Vs...> second;

    /// The row of second partials in V: `h[x][a]`.
    template <class V>
    CTDIFF_HOST_DEVICE constexpr const by_variable<T, Vs...>& operator[](const V& v) const noexcept {
        return second[v];
    }
};

/// f, its gradient and its matrix of second partials with respect to every
/// bound variable: `auto h = hessian(prelu(x, a) * x, x = -1.0, a = 0.25);`
/// then `h.value`, `h.gradient[a]`, `h[x][a]`. A bound variable f does not
/// use has zero partials.
template <expression E, class... Bs>
CTDIFF_HOST_DEVICE constexpr auto hessian(const E& e, const Bs&... bs) {
    static_assert(sizeof...(Bs) >= 1 && (detail::is_binding_v<Bs> && ...),
                  "ctdiff::hessian(f, x = v, ...): bind every variable by name");
    using T = detail::plain_common_t<typename Bs::value_type...>;
    using H = dual<dual<T>>;
    constexpr std::size_t n = sizeof...(Bs);
    hessian_result<T, typename Bs::variable_type...> h{};
    const auto one = [](bool seeded) { return detail::convert<T>(seeded ? 1 : 0); };
    // The pass seeding x_i outside and x_j inside, i <= j.
    const auto pass = [&]<std::size_t I, std::size_t J>(std::integral_constant<std::size_t, I>,
                                                        std::integral_constant<std::size_t, J>) {
        const auto r = [&]<std::size_t... K>(std::index_sequence<K...>) {
            return e.eval(detail::make_environment(
                binding<typename Bs::variable_type, H>{H{dual<T>{detail::convert<T>(bs.value), one(K == J)},
                                                         dual<T>{one(K == I), detail::convert<T>(0)}}}...));
        }
        (std::index_sequence_for<Bs...>{});
        using R = std::remove_cv_t<decltype(r)>;
        if constexpr (std::is_same_v<R, H>) {
            h.value = r.value.value;
            if constexpr (I == J) h.gradient.entries[I] = r.derivative.value;
            h.second.entries[I].entries[J] = r.derivative.derivative;
            h.second.entries[J].entries[I] = r.derivative.derivative;
        } else {
            static_assert(!detail::is_dual_v<R>, "ctdiff::hessian: a pass gave a dual of the wrong depth");
            h.value = detail::convert<T>(r);  // f uses none of the variables
        }
    };
    [&]<std::size_t... P>(std::index_sequence<P...>) {
        const auto upper = [&]<std::size_t Q>(std::integral_constant<std::size_t, Q>) {
            if constexpr (Q / n <= Q % n) {
                pass(std::integral_constant<std::size_t, Q / n>{},
                     std::integral_constant<std::size_t, Q % n>{});
            }
        };
        (upper(std::integral_constant<std::size_t, P>{}), ...);
    }
    (std::make_index_sequence<n * n>{});
    return h;
}

}  // namespace ctdiff
