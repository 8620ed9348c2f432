/// \file
/// `jet<T, N>`: a value and its first N derivatives, carried through one pass.
///
/// Jets hold derivatives (not Taylor coefficients): `d[k]` is the k-th
/// derivative. Products follow Leibniz's rule and quotients its inverse, with
/// exact integer binomial weights, so a seeded variable passes through a
/// primitive with no rounding beyond the primitive's own rule.
#pragma once

#include <cstddef>
#include <type_traits>

#include <ctdiff/number/number.hpp>

namespace ctdiff {

/// Value and derivatives 1..N of a quantity with respect to one variable.
template <class T, std::size_t N>
struct jet {
    using value_type = T;
    static constexpr std::size_t order = N;
    static constexpr std::size_t size = N + 1;
    T d[N + 1];
};

namespace detail {

/// C(n, k) as an exact integer.
CTDIFF_HOST_DEVICE constexpr long long binomial(std::size_t n, std::size_t k) noexcept {
    long long r = 1;
    for (std::size_t i = 1; i <= k; ++i)
        r = r * static_cast<long long>(n - k + i) / static_cast<long long>(i);
    return r;
}

/// The order of the jets a pass of order n computes with: orders share one
/// capacity (4, 8 or 16), so that d<2>, d<3> and derivatives<3> in one program
/// instantiate one set of jet kernels; the entries above n are not computed.
CTDIFF_HOST_DEVICE constexpr std::size_t jet_capacity(std::size_t n) noexcept {
    return n <= 4 ? 4 : (n <= 8 ? 8 : (n <= 16 ? 16 : n));
}

/// The jet of the variable a pass differentiates in, at the value v: v, 1, 0, ...
template <class T, std::size_t N, class V>
CTDIFF_HOST_DEVICE constexpr jet<T, N> seed_jet(const V& v) noexcept {
    jet<T, N> j{};
    j.d[0] = convert<T>(v);
    j.d[1] = convert<T>(1);
    for (std::size_t k = 2; k <= N; ++k) j.d[k] = convert<T>(0);
    return j;
}

template <class U, class T>
concept jet_operand = std::is_same_v<U, T> || std::is_arithmetic_v<U>;

}  // namespace detail

template <class T, std::size_t N>
CTDIFF_HOST_DEVICE constexpr jet<T, N> operator+(const jet<T, N>& a) noexcept {
    return a;
}
template <class T, std::size_t N>
CTDIFF_HOST_DEVICE constexpr jet<T, N> operator-(const jet<T, N>& a) noexcept {
    jet<T, N> r{};
    for (std::size_t k = 0; k <= N; ++k) r.d[k] = -a.d[k];
    return r;
}
template <class T, std::size_t N>
CTDIFF_HOST_DEVICE constexpr jet<T, N> operator+(const jet<T, N>& a, const jet<T, N>& b) noexcept {
    jet<T, N> r{};
    for (std::size_t k = 0; k <= N; ++k) r.d[k] = a.d[k] + b.d[k];
    return r;
}
template <class T, std::size_t N>
CTDIFF_HOST_DEVICE constexpr jet<T, N> operator-(const jet<T, N>& a, const jet<T, N>& b) noexcept {
    jet<T, N> r{};
    for (std::size_t k = 0; k <= N; ++k) r.d[k] = a.d[k] - b.d[k];
    return r;
}
// The product and quotient of two jets are out of line: inlined, their
// unrolled (N+1)(N+2)/2 terms are copied into every rule's jet kernel, and the
// optimizer's time on those copies was a large share of a jet pass's compile
// time.
template <class T, std::size_t N>
CTDIFF_NOINLINE CTDIFF_HOST_DEVICE constexpr jet<T, N> operator*(const jet<T, N>& a,
                                                                 const jet<T, N>& b) noexcept {
    jet<T, N> r{};
    for (std::size_t k = 0; k <= N; ++k) {
        T s = a.d[0] * b.d[k];
        for (std::size_t j = 1; j <= k; ++j)
            s = s + detail::convert<T>(detail::binomial(k, j)) * a.d[j] * b.d[k - j];
        r.d[k] = s;
    }
    return r;
}
template <class T, std::size_t N>
CTDIFF_NOINLINE CTDIFF_HOST_DEVICE constexpr jet<T, N> operator/(const jet<T, N>& a,
                                                                 const jet<T, N>& b) noexcept {
    // y = a / b  <=>  a = y b: y^(k) = (a^(k) - sum_{j=1..k} C(k,j) b^(j) y^(k-j)) / b
    jet<T, N> y{};
    for (std::size_t k = 0; k <= N; ++k) {
        T s = a.d[k];
        for (std::size_t j = 1; j <= k; ++j)
            s = s - detail::convert<T>(detail::binomial(k, j)) * b.d[j] * y.d[k - j];
        y.d[k] = s / b.d[0];
    }
    return y;
}

template <class T, std::size_t N, detail::jet_operand<T> U>
CTDIFF_HOST_DEVICE constexpr jet<T, N> operator+(const jet<T, N>& a, const U& b) noexcept {
    jet<T, N> r = a;
    r.d[0] = r.d[0] + detail::convert<T>(b);
    return r;
}
template <class T, std::size_t N, detail::jet_operand<T> U>
CTDIFF_HOST_DEVICE constexpr jet<T, N> operator+(const U& a, const jet<T, N>& b) noexcept {
    return b + a;
}
template <class T, std::size_t N, detail::jet_operand<T> U>
CTDIFF_HOST_DEVICE constexpr jet<T, N> operator-(const jet<T, N>& a, const U& b) noexcept {
    jet<T, N> r = a;
    r.d[0] = r.d[0] - detail::convert<T>(b);
    return r;
}
template <class T, std::size_t N, detail::jet_operand<T> U>
CTDIFF_HOST_DEVICE constexpr jet<T, N> operator-(const U& a, const jet<T, N>& b) noexcept {
    jet<T, N> r = -b;
    r.d[0] = detail::convert<T>(a) - b.d[0];
    return r;
}
template <class T, std::size_t N, detail::jet_operand<T> U>
CTDIFF_HOST_DEVICE constexpr jet<T, N> operator*(const jet<T, N>& a, const U& b) noexcept {
    const T s = detail::convert<T>(b);
    jet<T, N> r{};
    for (std::size_t k = 0; k <= N; ++k) r.d[k] = a.d[k] * s;
    return r;
}
template <class T, std::size_t N, detail::jet_operand<T> U>
CTDIFF_HOST_DEVICE constexpr jet<T, N> operator*(const U& a, const jet<T, N>& b) noexcept {
    return b * a;
}
template <class T, std::size_t N, detail::jet_operand<T> U>
CTDIFF_HOST_DEVICE constexpr jet<T, N> operator/(const jet<T, N>& a, const U& b) noexcept {
    const T s = detail::convert<T>(b);
    jet<T, N> r{};
    for (std::size_t k = 0; k <= N; ++k) r.d[k] = a.d[k] / s;
    return r;
}
template <class T, std::size_t N, detail::jet_operand<T> U>
CTDIFF_HOST_DEVICE constexpr jet<T, N> operator/(const U& a, const jet<T, N>& b) noexcept {
    return detail::convert<jet<T, N>>(a) / b;
}

#define CTDIFF_JET_COMPARE(op)                                                                       \
    template <class T, std::size_t N>                                                                \
    CTDIFF_HOST_DEVICE constexpr auto operator op(const jet<T, N>& a, const jet<T, N>& b) noexcept { \
        return a.d[0] op b.d[0];                                                                     \
    }                                                                                                \
    template <class T, std::size_t N, detail::jet_operand<T> U>                                      \
    CTDIFF_HOST_DEVICE constexpr auto operator op(const jet<T, N>& a, const U& b) noexcept {         \
        return a.d[0] op detail::convert<T>(b);                                                      \
    }                                                                                                \
    template <class T, std::size_t N, detail::jet_operand<T> U>                                      \
    CTDIFF_HOST_DEVICE constexpr auto operator op(const U& a, const jet<T, N>& b) noexcept {         \
        return detail::convert<T>(a) op b.d[0];                                                      \
    }
CTDIFF_JET_COMPARE(<)
CTDIFF_JET_COMPARE(<=)
CTDIFF_JET_COMPARE(>)
CTDIFF_JET_COMPARE(>=)
#undef CTDIFF_JET_COMPARE

}  // namespace ctdiff
