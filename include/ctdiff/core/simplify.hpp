/// \file
/// Smart constructors for arithmetic nodes. They fold what is known at compile
/// time (`0 * e -> 0`, `1 * e -> e`, `e + 0 -> e`, `2 * 3 -> 6`, `-(-e) -> e`)
/// so that derivative types stay small and print readably. Every arithmetic
/// operator and the symbolic derivative build nodes through them.
#pragma once

#include <numeric>

#include <ctdiff/core/expression.hpp>

namespace ctdiff {

struct add_op;
struct sub_op;
struct mul_op;
struct div_op;
struct neg_op;
struct pow_op;
struct select_op;
template <class Compare>
struct compare_op;

namespace detail {

template <long long N, long long D>
using rational_t = constant<(D < 0 ? -1 : 1) * N / std::gcd(N, D), (D < 0 ? -D : D) / std::gcd(N, D)>;

template <class A, class B>
using rational_sum_t = rational_t<A::num * B::den + B::num * A::den, A::den * B::den>;
template <class A, class B>
using rational_product_t = rational_t<A::num * B::num, A::den * B::den>;

template <class E>
inline constexpr bool is_negative_constant_v = false;
template <long long N, long long D>
inline constexpr bool is_negative_constant_v<constant<N, D>> = (N < 0);

template <class A>
CTDIFF_HOST_DEVICE constexpr auto make_neg(const A& a) noexcept {
    if constexpr (is_constant_v<A>) {
        return constant<-A::num, A::den>{};
    } else if constexpr (is_node_v<A, neg_op>) {
        return detail::child_at<0>(a);
    } else {
        return node<neg_op, A>{a};
    }
}

template <class A, class B>
CTDIFF_HOST_DEVICE constexpr auto make_sub(const A& a, const B& b) noexcept;

template <class A, class B>
CTDIFF_HOST_DEVICE constexpr auto make_add(const A& a, const B& b) noexcept {
    if constexpr (is_zero_v<A>) {
        return b;
    } else if constexpr (is_zero_v<B>) {
        return a;
    } else if constexpr (is_constant_v<A> && is_constant_v<B>) {
        return rational_sum_t<A, B>{};
    } else if constexpr (is_node_v<B, neg_op>) {
        return make_sub(a, detail::child_at<0>(b));
    } else if constexpr (is_negative_constant_v<B>) {
        return make_sub(a, make_neg(b));
    } else if constexpr (is_node_v<A, neg_op>) {
        return make_sub(b, detail::child_at<0>(a));
    } else {
        return node<add_op, A, B>{a, b};
    }
}

template <class A, class B>
CTDIFF_HOST_DEVICE constexpr auto make_sub(const A& a, const B& b) noexcept {
    if constexpr (is_zero_v<B>) {
        return a;
    } else if constexpr (is_zero_v<A>) {
        return make_neg(b);
    } else if constexpr (is_constant_v<A> && is_constant_v<B>) {
        return rational_sum_t<A, constant<-B::num, B::den>>{};
    } else if constexpr (is_node_v<B, neg_op>) {
        return make_add(a, detail::child_at<0>(b));
    } else if constexpr (is_negative_constant_v<B>) {
        return make_add(a, make_neg(b));
    } else {
        return node<sub_op, A, B>{a, b};
    }
}

template <class A, class B>
CTDIFF_HOST_DEVICE constexpr auto make_mul(const A& a, const B& b) noexcept {
    if constexpr (is_zero_v<A> || is_zero_v<B>) {
        return constant<0>{};
    } else if constexpr (is_one_v<A>) {
        return b;
    } else if constexpr (is_one_v<B>) {
        return a;
    } else if constexpr (is_constant_v<A> && is_constant_v<B>) {
        return rational_product_t<A, B>{};
    } else if constexpr (is_constant_v<B>) {
        return make_mul(b, a);  // constants go first: 2 * x
    } else if constexpr (is_negative_constant_v<A>) {
        return make_neg(make_mul(make_neg(a), b));
    } else if constexpr (is_node_v<A, neg_op>) {
        return make_neg(make_mul(detail::child_at<0>(a), b));
    } else if constexpr (is_node_v<B, neg_op>) {
        return make_neg(make_mul(a, detail::child_at<0>(b)));
    } else {
        return node<mul_op, A, B>{a, b};
    }
}

template <class A, class B>
CTDIFF_HOST_DEVICE constexpr auto make_div(const A& a, const B& b) noexcept {
    static_assert(!is_zero_v<B>, "ctdiff: division by the constant 0");
    if constexpr (is_zero_v<A>) {
        return constant<0>{};
    } else if constexpr (is_one_v<B>) {
        return a;
    } else if constexpr (is_constant_v<A> && is_constant_v<B>) {
        return rational_t<A::num * B::den, A::den * B::num>{};
    } else if constexpr (is_node_v<A, neg_op>) {
        return make_neg(make_div(detail::child_at<0>(a), b));
    } else if constexpr (is_negative_constant_v<A>) {
        return make_neg(make_div(make_neg(a), b));
    } else {
        return node<div_op, A, B>{a, b};
    }
}

/// e^n for an integer n known at run time (`pow(x, 3)`); n = 0 and 1 fold when n is an int_c.
template <class A, class N>
CTDIFF_HOST_DEVICE constexpr auto make_pow(const A& a, const N& n) noexcept {
    if constexpr (is_constant_v<N>) {
        static_assert(N::den == 1, "ctdiff::pow(e, n): n must be an integer");
        if constexpr (N::num == 0) {
            return constant<1>{};
        } else if constexpr (N::num == 1) {
            return a;
        } else {
            return node<pow_op, A, N>{a, n};
        }
    } else {
        return node<pow_op, A, N>{a, n};
    }
}

}  // namespace detail
}  // namespace ctdiff
