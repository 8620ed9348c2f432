/// \file
/// `dual<T>`: a value and its derivative, carried through one forward pass.
///
/// Arithmetic on duals is the product, quotient and sum rules; functions
/// (exp, sigmoid, ...) apply their primitive's rule (core/primitive.hpp).
/// Nesting (`dual<dual<double>>`) gives higher derivatives.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

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
template <class T>
inline constexpr bool is_dual_v = false;
template <class T>
inline constexpr bool is_dual_v<dual<T>> = true;

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
    return {math::neg(a.value), math::neg(a.derivative)};
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
    return {detail::convert<T>(a) - b.value, math::neg(b.derivative)};
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
    return {y, math::neg(y * b.derivative) / b.value};
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

namespace detail {
/// Whether the first of the arguments A is a dual of T and no other is (the others are
/// constants of the pass).
template <class T, class A0, class... A>
inline constexpr bool only_first_is_dual_v = std::is_same_v<A0, dual<T>> &&
                                             (!std::is_same_v<A, dual<T>> && ...);
template <class A0, class... A>
CTDIFF_HOST_DEVICE constexpr const A0& first_argument(const A0& a0, const A&...) noexcept {
    return a0;
}
}  // namespace detail

/// Duals as a number kind (number/number.hpp): first order in one direction.
template <class T>
struct number_kind<dual<T>> {
    using value_type = T;
    template <class U>
    using rebind = dual<U>;

    CTDIFF_HOST_DEVICE static constexpr const T& primal(const dual<T>& a) noexcept { return a.value; }
    CTDIFF_HOST_DEVICE static constexpr dual<T> constant(const T& v) noexcept {
        return {v, detail::convert<T>(0)};
    }
    template <class U, class F, class... X>
    CTDIFF_HOST_DEVICE static constexpr dual<U> transform(const F& f, const X&... x) {
        return {f(x.value...), f(x.derivative...)};
    }
    /// A partial times a direction for nested duals (hessian's dual<dual<T>>): the
    /// product rule, each product with directional_term's zero-direction rule.
    CTDIFF_HOST_DEVICE static constexpr dual<T> directional_term(const dual<T>& partial,
                                                                 const dual<T>& direction) noexcept {
        return {detail::directional_term(partial.value, direction.value),
                detail::directional_term(partial.value, direction.derivative) +
                    detail::directional_term(partial.derivative, direction.value)};
    }

    /// First order: y = f(values), y' = sum_i partial_i(values, y) * a_i'. Arguments
    /// that are not duals of T are constants (no term). Inlined (CTDIFF_KERNEL_INLINE), as the
    /// rule's fused kernel is: the array pass's batches call it once per node.
    template <class R, class... A>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> apply(R, const A&... a) {
        // A fused kernel serves where the rule has one for T (rule_view::fused).
        if constexpr (R::template fused<T>) {
            const dual<T> r = R::value_and_derivative(detail::convert<T>(detail::primal(a))...);
            return {r.value, detail::directional_term(r.derivative, a.derivative)...};
        } else if constexpr (R::template fused_first<T> && detail::only_first_is_dual_v<T, A...>) {
            // A rule of several arguments whose first is the only dual (elu(x, 0.5)): its
            // value and its partial in that argument from shared work.
            const dual<T> r = R::value_and_derivative(detail::convert<T>(detail::primal(a))...);
            return {r.value, detail::directional_term(r.derivative, detail::first_argument(a...).derivative)};
        } else if constexpr (detail::batch_partials_rule<typename R::rule_type, T,
                                                         std::conditional_t<true, T, A>...>) {
            // A rule of several arguments with a fused kernel on SIMD batches (the gated
            // activations' value_and_partials): the value and every partial from one call, as
            // the two-range pass takes them (their batches are exact where the partials'
            // expressions are not), and NaN in the value, NaN in the derivative (glu(x, -3/2)'s
            // partial in x does not see x).
            const auto r = R::rule_type::value_and_partials(detail::convert<T>(detail::primal(a))...);
            const auto term = [&]<std::size_t I, class Ai>(std::integral_constant<std::size_t, I>,
                                                           const Ai& ai) CTDIFF_KERNEL_INLINE {
                if constexpr (!std::is_same_v<Ai, dual<T>>) {
                    return detail::no_term{};
                } else {
                    return detail::directional_term(r.d[I], ai.derivative);
                }
            };
            const T dy = [&]<std::size_t... I>(std::index_sequence<I...>) CTDIFF_KERNEL_INLINE {
                return detail::sum_terms(term(std::integral_constant<std::size_t, I>{}, a)...);
            }
            (std::index_sequence_for<A...>{});
            return {r.value, math::select(math::isnan(r.value), r.value, dy)};
        } else {
            // The value in the result itself: a separate y copied into the result at the end
            // stayed in memory with GCC 12 (SIMD batches), one store to the stack per batch
            // of an array pass.
            dual<T> out{R::template value<T>(detail::convert<T>(detail::primal(a))...),
                        detail::convert<T>(0)};
            const T& y = out.value;
            const auto term = [&]<std::size_t I, class Ai>(std::integral_constant<std::size_t, I>,
                                                           const Ai& ai) CTDIFF_KERNEL_INLINE {
                if constexpr (!std::is_same_v<Ai, dual<T>> || R::template partial_is_zero<I>) {
                    return detail::no_term{};
                } else {
                    return detail::directional_term(
                        R::template partial<I, T>(detail::convert<T>(detail::primal(a))..., y),
                        ai.derivative);
                }
            };
            const auto dy = [&]<std::size_t... I>(std::index_sequence<I...>) CTDIFF_KERNEL_INLINE {
                return detail::sum_terms(term(std::integral_constant<std::size_t, I>{}, a)...);
            }
            (std::index_sequence_for<A...>{});
            if constexpr (std::is_same_v<decltype(dy), const detail::no_term>) {
                if constexpr (math::is_plain_v<T>) {
                    // Every partial is 0 (step, sign), but a NaN argument still has no
                    // derivative: NaN where the value is, SIMD lanes included.
                    out.derivative = math::select(math::isnan(y), y, detail::convert<T>(0));
                } else {
                    out.derivative = detail::convert<T>(0);
                }
            } else {
                out.derivative = detail::nan_where_value_is(y, dy);
            }
            return out;
        }
    }
};

}  // namespace ctdiff
