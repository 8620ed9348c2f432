/// \file
/// Arithmetic, comparison, `select` and `pow` on expressions. Numbers beside an
/// expression are held by value (`2 * x` keeps the int 2); `int_c<2> * x`
/// keeps the 2 in the type, where it folds.
#pragma once

#include <ctdiff/core/operation_tags.hpp>

namespace ctdiff {

namespace detail {
template <class A, class B>
concept expression_operands = (expression<A> || expression<B>)&&operand<A>&& operand<B>;
}  // namespace detail

template <class A, class B>
requires detail::expression_operands<A, B> CTDIFF_HOST_DEVICE constexpr auto operator+(const A& a,
                                                                                       const B& b) noexcept {
    return detail::make_add(detail::as_expression(a), detail::as_expression(b));
}
template <class A, class B>
requires detail::expression_operands<A, B> CTDIFF_HOST_DEVICE constexpr auto operator-(const A& a,
                                                                                       const B& b) noexcept {
    return detail::make_sub(detail::as_expression(a), detail::as_expression(b));
}
template <class A, class B>
requires detail::expression_operands<A, B> CTDIFF_HOST_DEVICE constexpr auto operator*(const A& a,
                                                                                       const B& b) noexcept {
    return detail::make_mul(detail::as_expression(a), detail::as_expression(b));
}
template <class A, class B>
requires detail::expression_operands<A, B> CTDIFF_HOST_DEVICE constexpr auto operator/(const A& a,
                                                                                       const B& b) noexcept {
    return detail::make_div(detail::as_expression(a), detail::as_expression(b));
}
template <expression A>
CTDIFF_HOST_DEVICE constexpr auto operator-(const A& a) noexcept {
    return detail::make_neg(a);
}
template <expression A>
CTDIFF_HOST_DEVICE constexpr A operator+(const A& a) noexcept {
    return a;
}

#define CTDIFF_EXPRESSION_COMPARE(op, tag)                                                       \
    template <class A, class B>                                                                  \
    requires detail::expression_operands<A, B> CTDIFF_HOST_DEVICE constexpr auto operator op(    \
        const A& a, const B& b) noexcept {                                                       \
        return node<compare_op<compare::tag>, detail::expression_t<A>, detail::expression_t<B>>{ \
            detail::as_expression(a), detail::as_expression(b)};                                 \
    }
CTDIFF_EXPRESSION_COMPARE(<, less)
CTDIFF_EXPRESSION_COMPARE(<=, less_equal)
CTDIFF_EXPRESSION_COMPARE(>, greater)
CTDIFF_EXPRESSION_COMPARE(>=, greater_equal)
#undef CTDIFF_EXPRESSION_COMPARE

namespace detail {
template <class E>
inline constexpr bool is_comparison_v = false;
template <class C, class A, class B>
inline constexpr bool is_comparison_v<node<compare_op<C>, A, B>> = true;
}  // namespace detail

/// `select(cond, a, b)`: `a` where the comparison `cond` holds, else `b`; NaN
/// where `cond` compares a NaN. The derivative is `select(cond, a', b')`.
template <class C, class A, class B>
CTDIFF_HOST_DEVICE constexpr auto select(const C& cond, const A& a, const B& b) noexcept {
    static_assert(detail::is_comparison_v<C>,
                  "ctdiff::select(cond, a, b): cond must be a comparison of expressions, such as x > 0");
    static_assert(operand<A> && operand<B>,
                  "ctdiff::select(cond, a, b): a and b must be expressions or arithmetic values");
    return select_op::make(cond, detail::as_expression(a), detail::as_expression(b));
}

/// e^n for an integer n: a run-time `int` or a compile-time `int_c<n>`.
template <expression E, class N>
CTDIFF_HOST_DEVICE constexpr auto pow(const E& e, const N& n) noexcept {
    if constexpr (detail::is_constant_v<N>) {
        return detail::make_pow(e, n);
    } else {
        static_assert(std::is_integral_v<N> && !std::is_same_v<N, bool>,
                      "ctdiff::pow(e, n): n must be an integer (an int or an int_c)");
        return detail::make_pow(e, scalar<int>{static_cast<int>(n)});
    }
}

}  // namespace ctdiff
