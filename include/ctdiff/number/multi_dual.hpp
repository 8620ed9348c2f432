/// \file
/// `multi_dual<T, P>`: a value and its derivatives in P directions at once,
/// carried through one forward pass. `gradient` over P variables seeds one
/// direction per variable, so the expression is evaluated once: every
/// primitive computes its value and partials once and applies them to the P
/// directions (core/primitive.hpp).
#pragma once

#include <cstddef>
#include <type_traits>

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
    return detail::each_direction<T, P>(-a.value, [&](std::size_t p) { return -a.d[p]; });
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
                                        [&](std::size_t p) { return -b.d[p]; });
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
    return detail::each_direction<T, P>(y, [&](std::size_t p) { return -(y * b.d[p]) / b.value; });
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

}  // namespace ctdiff
