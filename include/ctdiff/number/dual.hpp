/// \file
/// `dual<T>`: a value and its derivative, carried through one forward pass.
///
/// Arithmetic on duals is the product, quotient and sum rules; functions
/// (exp, sigmoid, ...) apply their primitive's rule (core/primitive.hpp).
/// Nesting (`dual<dual<double>>`) gives higher derivatives.
#pragma once

#include <type_traits>

#include <ctdiff/number/number.hpp>

namespace ctdiff {

/// A dual number `value + derivative * eps`, `eps^2 = 0`. An aggregate:
/// `dual<double>{0.5, 1.0}` seeds a variable; `auto [v, dv] = d;` unpacks it.
template <class T>
struct dual {
    using value_type = T;
    T value;
    T derivative;
};

namespace detail {
/// The other operand of a dual operation: the same value type, or an arithmetic value.
template <class U, class T>
concept dual_operand = std::is_same_v<U, T> || std::is_arithmetic_v<U>;
}  // namespace detail

template <class T>
CTDIFF_HOST_DEVICE constexpr dual<T> operator+(const dual<T>& a) noexcept {
    return a;
}
template <class T>
CTDIFF_HOST_DEVICE constexpr dual<T> operator-(const dual<T>& a) noexcept {
    return {-a.value, -a.derivative};
}
template <class T>
CTDIFF_HOST_DEVICE constexpr dual<T> operator+(const dual<T>& a, const dual<T>& b) noexcept {
    return {a.value + b.value, a.derivative + b.derivative};
}
template <class T>
CTDIFF_HOST_DEVICE constexpr dual<T> operator-(const dual<T>& a, const dual<T>& b) noexcept {
    return {a.value - b.value, a.derivative - b.derivative};
}
template <class T>
CTDIFF_HOST_DEVICE constexpr dual<T> operator*(const dual<T>& a, const dual<T>& b) noexcept {
    return {a.value * b.value, a.derivative * b.value + a.value * b.derivative};
}
template <class T>
CTDIFF_HOST_DEVICE constexpr dual<T> operator/(const dual<T>& a, const dual<T>& b) noexcept {
    const T y = a.value / b.value;
    return {y, (a.derivative - y * b.derivative) / b.value};
}

template <class T, detail::dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr dual<T> operator+(const dual<T>& a, const U& b) noexcept {
    return {a.value + detail::convert<T>(b), a.derivative};
}
template <class T, detail::dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr dual<T> operator+(const U& a, const dual<T>& b) noexcept {
    return {detail::convert<T>(a) + b.value, b.derivative};
}
template <class T, detail::dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr dual<T> operator-(const dual<T>& a, const U& b) noexcept {
    return {a.value - detail::convert<T>(b), a.derivative};
}
template <class T, detail::dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr dual<T> operator-(const U& a, const dual<T>& b) noexcept {
    return {detail::convert<T>(a) - b.value, -b.derivative};
}
template <class T, detail::dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr dual<T> operator*(const dual<T>& a, const U& b) noexcept {
    const T s = detail::convert<T>(b);
    return {a.value * s, a.derivative * s};
}
template <class T, detail::dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr dual<T> operator*(const U& a, const dual<T>& b) noexcept {
    const T s = detail::convert<T>(a);
    return {s * b.value, s * b.derivative};
}
template <class T, detail::dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr dual<T> operator/(const dual<T>& a, const U& b) noexcept {
    const T s = detail::convert<T>(b);
    return {a.value / s, a.derivative / s};
}
template <class T, detail::dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr dual<T> operator/(const U& a, const dual<T>& b) noexcept {
    const T y = detail::convert<T>(a) / b.value;
    return {y, -(y * b.derivative) / b.value};
}

namespace detail {
/// Two duals whose value types differ and neither nests the other (`dual<float>`
/// with `dual<double>`): arithmetic on them is a mistake, reported in one line.
template <class T, class U>
concept mismatched_duals =
    !std::is_same_v<T, U> && !std::is_same_v<T, dual<U>> && !std::is_same_v<dual<T>, U>;
template <class>
inline constexpr bool dual_mismatch_allowed_v = false;
}  // namespace detail

#define CTDIFF_DUAL_MISMATCH(op)                                                                      \
    template <class T, class U>                                                                       \
    requires detail::mismatched_duals<T, U> CTDIFF_HOST_DEVICE constexpr dual<T> operator op(         \
        const dual<T>& a, const dual<U>&) noexcept {                                                  \
        static_assert(detail::dual_mismatch_allowed_v<U>,                                             \
                      "ctdiff::dual: arithmetic on duals of different value types (dual<float> with " \
                      "dual<double>): convert one first, as in dual<double>{a.value, a.derivative}"); \
        return a;                                                                                     \
    }
CTDIFF_DUAL_MISMATCH(+)
CTDIFF_DUAL_MISMATCH(-)
CTDIFF_DUAL_MISMATCH(*)
CTDIFF_DUAL_MISMATCH(/)
#undef CTDIFF_DUAL_MISMATCH

// Comparisons look at the value part only; they drive select() in piecewise rules.
#define CTDIFF_DUAL_COMPARE(op)                                                                  \
    template <class T>                                                                           \
    CTDIFF_HOST_DEVICE constexpr auto operator op(const dual<T>& a, const dual<T>& b) noexcept { \
        return a.value op b.value;                                                               \
    }                                                                                            \
    template <class T, detail::dual_operand<T> U>                                                \
    CTDIFF_HOST_DEVICE constexpr auto operator op(const dual<T>& a, const U& b) noexcept {       \
        return a.value op detail::convert<T>(b);                                                 \
    }                                                                                            \
    template <class T, detail::dual_operand<T> U>                                                \
    CTDIFF_HOST_DEVICE constexpr auto operator op(const U& a, const dual<T>& b) noexcept {       \
        return detail::convert<T>(a) op b.value;                                                 \
    }
CTDIFF_DUAL_COMPARE(<)
CTDIFF_DUAL_COMPARE(<=)
CTDIFF_DUAL_COMPARE(>)
CTDIFF_DUAL_COMPARE(>=)
#undef CTDIFF_DUAL_COMPARE

}  // namespace ctdiff
