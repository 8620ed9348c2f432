/// \file
/// `multi_dual<T, P>`: a value and its derivatives in P directions at once,
/// carried through one forward pass. `gradient` over P variables seeds one
/// direction per variable, so the expression is evaluated once: every
/// primitive computes its value and partials once and applies them to the P
/// directions (core/primitive.hpp).
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include <ctdiff/number/dual.hpp>
#include <ctdiff/number/number.hpp>

namespace ctdiff {

/// `value + sum_p d[p] eps_p` with every `eps_p eps_q = 0`. An aggregate:
/// `multi_dual<double, 2>{0.5, {1.0, 0.0}}` seeds the first of two directions.
template <class T, std::size_t P>
struct multi_dual {
    static_assert(P >= 1, "ctdiff::multi_dual<T, P>: P (the number of directions) must be at least 1");
    using value_type = T;
    static constexpr std::size_t directions = P;
    T value;
    T d[P];
};

namespace detail {
template <class T>
inline constexpr bool is_multi_dual_v = false;
template <class T, std::size_t P>
inline constexpr bool is_multi_dual_v<multi_dual<T, P>> = true;

/// The other operand of a multi_dual operation: the same value type, or an arithmetic value.
template <class U, class T>
concept multi_dual_operand = std::is_same_v<U, T> || std::is_arithmetic_v<U>;

/// r.d[p] = f(p) for every direction.
template <class T, std::size_t P, class F>
CTDIFF_HOST_DEVICE constexpr multi_dual<T, P> each_direction(const T& value, const F& f) noexcept {
    multi_dual<T, P> r{value, {}};
    for (std::size_t p = 0; p < P; ++p) r.d[p] = f(p);
    return r;
}
}  // namespace detail

template <class T, std::size_t P>
CTDIFF_HOST_DEVICE constexpr multi_dual<T, P> operator+(const multi_dual<T, P>& a) noexcept {
    return a;
}
template <class T, std::size_t P>
CTDIFF_HOST_DEVICE constexpr multi_dual<T, P> operator-(const multi_dual<T, P>& a) noexcept {
    return detail::each_direction<T, P>(math::neg(a.value), [&](std::size_t p) { return math::neg(a.d[p]); });
}
template <class T, std::size_t P>
CTDIFF_HOST_DEVICE constexpr multi_dual<T, P> operator+(const multi_dual<T, P>& a,
                                                        const multi_dual<T, P>& b) noexcept {
    return detail::each_direction<T, P>(a.value + b.value, [&](std::size_t p) { return a.d[p] + b.d[p]; });
}
template <class T, std::size_t P>
CTDIFF_HOST_DEVICE constexpr multi_dual<T, P> operator-(const multi_dual<T, P>& a,
                                                        const multi_dual<T, P>& b) noexcept {
    return detail::each_direction<T, P>(a.value - b.value, [&](std::size_t p) { return a.d[p] - b.d[p]; });
}
template <class T, std::size_t P>
CTDIFF_HOST_DEVICE constexpr multi_dual<T, P> operator*(const multi_dual<T, P>& a,
                                                        const multi_dual<T, P>& b) noexcept {
    return detail::each_direction<T, P>(a.value * b.value,
                                        [&](std::size_t p) { return a.d[p] * b.value + a.value * b.d[p]; });
}
template <class T, std::size_t P>
CTDIFF_HOST_DEVICE constexpr multi_dual<T, P> operator/(const multi_dual<T, P>& a,
                                                        const multi_dual<T, P>& b) noexcept {
    const T y = a.value / b.value;
    return detail::each_direction<T, P>(y, [&](std::size_t p) { return (a.d[p] - y * b.d[p]) / b.value; });
}

template <class T, std::size_t P, detail::multi_dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr multi_dual<T, P> operator+(const multi_dual<T, P>& a, const U& b) noexcept {
    multi_dual<T, P> r = a;
    r.value = a.value + detail::convert<T>(b);
    return r;
}
template <class T, std::size_t P, detail::multi_dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr multi_dual<T, P> operator+(const U& a, const multi_dual<T, P>& b) noexcept {
    multi_dual<T, P> r = b;
    r.value = detail::convert<T>(a) + b.value;
    return r;
}
template <class T, std::size_t P, detail::multi_dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr multi_dual<T, P> operator-(const multi_dual<T, P>& a, const U& b) noexcept {
    multi_dual<T, P> r = a;
    r.value = a.value - detail::convert<T>(b);
    return r;
}
template <class T, std::size_t P, detail::multi_dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr multi_dual<T, P> operator-(const U& a, const multi_dual<T, P>& b) noexcept {
    return detail::each_direction<T, P>(detail::convert<T>(a) - b.value,
                                        [&](std::size_t p) { return math::neg(b.d[p]); });
}
template <class T, std::size_t P, detail::multi_dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr multi_dual<T, P> operator*(const multi_dual<T, P>& a, const U& b) noexcept {
    const T s = detail::convert<T>(b);
    return detail::each_direction<T, P>(a.value * s, [&](std::size_t p) { return a.d[p] * s; });
}
template <class T, std::size_t P, detail::multi_dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr multi_dual<T, P> operator*(const U& a, const multi_dual<T, P>& b) noexcept {
    const T s = detail::convert<T>(a);
    return detail::each_direction<T, P>(s * b.value, [&](std::size_t p) { return s * b.d[p]; });
}
template <class T, std::size_t P, detail::multi_dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr multi_dual<T, P> operator/(const multi_dual<T, P>& a, const U& b) noexcept {
    const T s = detail::convert<T>(b);
    return detail::each_direction<T, P>(a.value / s, [&](std::size_t p) { return a.d[p] / s; });
}
template <class T, std::size_t P, detail::multi_dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr multi_dual<T, P> operator/(const U& a, const multi_dual<T, P>& b) noexcept {
    const T y = detail::convert<T>(a) / b.value;
    return detail::each_direction<T, P>(y, [&](std::size_t p) { return math::neg(y * b.d[p]) / b.value; });
}

// Comparisons look at the value part only; they drive select() in piecewise rules.
#define CTDIFF_MULTI_DUAL_COMPARE(op)                                                               \
    template <class T, std::size_t P>                                                               \
    CTDIFF_HOST_DEVICE constexpr auto operator op(const multi_dual<T, P>& a,                        \
                                                  const multi_dual<T, P>& b) noexcept {             \
        return a.value op b.value;                                                                  \
    }                                                                                               \
    template <class T, std::size_t P, detail::multi_dual_operand<T> U>                              \
    CTDIFF_HOST_DEVICE constexpr auto operator op(const multi_dual<T, P>& a, const U& b) noexcept { \
        return a.value op detail::convert<T>(b);                                                    \
    }                                                                                               \
    template <class T, std::size_t P, detail::multi_dual_operand<T> U>                              \
    CTDIFF_HOST_DEVICE constexpr auto operator op(const U& a, const multi_dual<T, P>& b) noexcept { \
        return detail::convert<T>(a) op b.value;                                                    \
    }
CTDIFF_MULTI_DUAL_COMPARE(<)
CTDIFF_MULTI_DUAL_COMPARE(<=)
CTDIFF_MULTI_DUAL_COMPARE(>)
CTDIFF_MULTI_DUAL_COMPARE(>=)
#undef CTDIFF_MULTI_DUAL_COMPARE

/// Multi-direction duals as a number kind (number/number.hpp): first order in P
/// directions from one evaluation of each primitive's value and partials.
template <class T, std::size_t P>
struct number_kind<multi_dual<T, P>> {
    using value_type = T;
    template <class U>
    using rebind = multi_dual<U, P>;

    CTDIFF_HOST_DEVICE static constexpr const T& primal(const multi_dual<T, P>& a) noexcept {
        return a.value;
    }
    CTDIFF_HOST_DEVICE static constexpr multi_dual<T, P> constant(const T& v) noexcept {
        multi_dual<T, P> r{v, {}};
        for (auto& c : r.d) c = detail::convert<T>(0);
        return r;
    }
    template <class U, class F, class... X>
    CTDIFF_HOST_DEVICE static constexpr multi_dual<U, P> transform(const F& f, const X&... x) {
        multi_dual<U, P> r{f(x.value...), {}};
        for (std::size_t p = 0; p < P; ++p) r.d[p] = f(x.d[p]...);
        return r;
    }

    /// y and the partials g_i = partial_i(values, y) computed once, y.d[p] = sum_i g_i
    /// a_i.d[p] for every direction. Arguments that are not multi_duals of T are constants.
    template <class R, class... A>
    CTDIFF_HOST_DEVICE static constexpr multi_dual<T, P> apply(R, const A&... a) {
        multi_dual<T, P> r{};
        if constexpr (R::template fused<T>) {
            const dual<T> f = R::value_and_derivative(detail::convert<T>(detail::primal(a))...);
            r.value = f.value;
            const auto& a0 = (a, ...);
            for (std::size_t p = 0; p < P; ++p)
                r.d[p] = detail::directional_term_lanes(f.derivative, a0.d[p]);
        } else {
            r.value = R::template value<T>(detail::convert<T>(detail::primal(a))...);
            for (std::size_t p = 0; p < P; ++p) r.d[p] = detail::convert<T>(0);
            const auto accumulate = [&]<std::size_t I, class Ai>(std::integral_constant<std::size_t, I>,
                                                                 const Ai& ai) {
                if constexpr (std::is_same_v<Ai, multi_dual<T, P>> && !R::template partial_is_zero<I>) {
                    const T g = R::template partial<I, T>(detail::convert<T>(detail::primal(a))..., r.value);
                    for (std::size_t p = 0; p < P; ++p)
                        r.d[p] = r.d[p] + detail::directional_term_lanes(g, ai.d[p]);
                }
            };
            [&]<std::size_t... I>(std::index_sequence<I...>) {
                (accumulate(std::integral_constant<std::size_t, I>{}, a), ...);
            }
            (std::index_sequence_for<A...>{});
            // As the dual pass: NaN in the value, NaN in every direction, also where every
            // partial is 0 (step, sign).
            for (std::size_t p = 0; p < P; ++p) r.d[p] = detail::nan_where_value_is(r.value, r.d[p]);
        }
        return r;
    }
};

}  // namespace ctdiff
