/// \file
/// Symbolic differentiation, one step: `detail::derive(e, x)` turns an
/// expression type into the type of its derivative. Each operation tag has
/// its rule here, as a specialization of `derive_impl<Op>` (the chain rule of
/// arithmetic, and for a primitive the partials its rule gives); the smart
/// constructors of core/simplify.hpp fold constants as the result is built.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/operation_tags.hpp>
#include <ctdiff/core/primitive.hpp>
#include <ctdiff/core/variables.hpp>

namespace ctdiff {

/// The derivative of a node of operation Op: `derive_impl<Op>::apply(node, x)`.
/// The derivative layer's hook per operation tag, specialized below for the
/// core's tags and beside the tags this layer adds. An operation of one's own
/// specializes it, or gives its tag a `static derive(node, x)`, which this
/// primary template calls.
template <class Op>
struct derive_impl {
    template <class N, class X>
    CTDIFF_HOST_DEVICE static constexpr auto apply(const N& n, const X& x) {
        static_assert(
            requires { Op::derive(n, x); },
            "ctdiff::d: this operation has no derivative: specialize ctdiff::derive_impl<Op> or "
            "give Op a static derive(node, x)");
        return Op::derive(n, x);
    }
};

namespace detail {

template <class T>
inline constexpr bool is_slot_v = false;
template <std::size_t I>
inline constexpr bool is_slot_v<slot<I>> = true;

/// d e / d x. Subtrees free of x are 0 without a look inside.
template <class E, class X>
CTDIFF_HOST_DEVICE constexpr auto derive(const E& e, const X& x) noexcept {
    if constexpr (!uses_variable_v<E, X>) {
        return constant<0>{};  // constants, numbers, other variables, and subtrees free of x
    } else if constexpr (is_variable_v<E>) {
        return constant<1>{};
    } else {
        return derive_impl<typename E::operation>::apply(e, x);
    }
}

/// e with every rule slot replaced by the matching expression of `with`.
template <class E, class With>
CTDIFF_HOST_DEVICE constexpr auto substitute(const E& e, const With& with) noexcept {
    if constexpr (is_slot_v<E>) {
        return [&]<std::size_t I>(const slot<I>&) { return with.template get<I>(); }(e);
    } else if constexpr (requires { typename E::operation; }) {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            return E::operation::make(substitute(detail::child_at<I>(e), with)...);
        }
        (std::make_index_sequence<E::arity>{});
    } else {
        return e;
    }
}

template <class A>
CTDIFF_HOST_DEVICE constexpr auto add_all(const A& a) noexcept {
    return a;
}
template <class A, class B, class... R>
CTDIFF_HOST_DEVICE constexpr auto add_all(const A& a, const B& b, const R&... r) noexcept {
    return add_all(make_add(a, b), r...);
}

}  // namespace detail

template <>
struct derive_impl<add_op> {
    template <class N, class X>
    CTDIFF_HOST_DEVICE static constexpr auto apply(const N& n, const X& x) noexcept {
        return detail::make_add(detail::derive(detail::child_at<0>(n), x),
                                detail::derive(detail::child_at<1>(n), x));
    }
};

template <>
struct derive_impl<sub_op> {
    template <class N, class X>
    CTDIFF_HOST_DEVICE static constexpr auto apply(const N& n, const X& x) noexcept {
        return detail::make_sub(detail::derive(detail::child_at<0>(n), x),
                                detail::derive(detail::child_at<1>(n), x));
    }
};

template <>
struct derive_impl<mul_op> {
    template <class N, class X>
    CTDIFF_HOST_DEVICE static constexpr auto apply(const N& n, const X& x) noexcept {
        const auto a = detail::child_at<0>(n);
        const auto b = detail::child_at<1>(n);
        return detail::make_add(detail::make_mul(detail::derive(a, x), b),
                                detail::make_mul(a, detail::derive(b, x)));
    }
};

/// (a/b)' = (a' - (a/b) b') / b: no b^2 that could overflow.
template <>
struct derive_impl<div_op> {
    template <class N, class X>
    CTDIFF_HOST_DEVICE static constexpr auto apply(const N& n, const X& x) noexcept {
        const auto a = detail::child_at<0>(n);
        const auto b = detail::child_at<1>(n);
        const auto db = detail::derive(b, x);
        if constexpr (detail::is_zero_v<decltype(db)>) {
            return detail::make_div(detail::derive(a, x), b);
        } else {
            return detail::make_div(detail::make_sub(detail::derive(a, x), detail::make_mul(n, db)), b);
        }
    }
};

template <>
struct derive_impl<neg_op> {
    template <class N, class X>
    CTDIFF_HOST_DEVICE static constexpr auto apply(const N& n, const X& x) noexcept {
        return detail::make_neg(detail::derive(detail::child_at<0>(n), x));
    }
};

/// (e^n)' = n e^(n-1) e'.
template <>
struct derive_impl<pow_op> {
    template <class N, class X>
    CTDIFF_HOST_DEVICE static constexpr auto apply(const N& n, const X& x) noexcept {
        const auto a = detail::child_at<0>(n);
        const auto e = detail::child_at<1>(n);
        using E = std::remove_cv_t<decltype(e)>;
        if constexpr (detail::is_constant_v<E>) {
            return detail::make_mul(detail::make_mul(e, detail::make_pow(a, constant<E::num - 1>{})),
                                    detail::derive(a, x));
        } else {
            return detail::make_mul(detail::make_mul(e, detail::make_pow(a, E{e.value - 1})),
                                    detail::derive(a, x));
        }
    }
};

/// select(c, a, b)' = select(c, a', b'): piecewise rules differentiate piece by piece.
template <>
struct derive_impl<select_op> {
    template <class N, class X>
    CTDIFF_HOST_DEVICE static constexpr auto apply(const N& n, const X& x) noexcept {
        return select_op::make(detail::child_at<0>(n), detail::derive(detail::child_at<1>(n), x),
                               detail::derive(detail::child_at<2>(n), x));
    }
};

template <class Rule>
struct rule_precision_op;

namespace detail {

/// An environment of plain floating bindings, widened to W (each value exact in W).
template <class W, class Env>
struct widened_environment {
    static constexpr bool plain = false;
};
template <class W, class S, class... Bs>
struct widened_environment<W, environment<S, Bs...>> {
    static constexpr bool plain =
        std::is_floating_point_v<S> && (std::is_floating_point_v<typename Bs::value_type> && ...);
    using wide = environment<W, binding<typename Bs::variable_type, W>...>;
    CTDIFF_HOST_DEVICE static constexpr auto make(const environment<S, Bs...>& env) noexcept {
        const wide w{binding<typename Bs::variable_type, W>{
            static_cast<W>(bound_value<typename Bs::variable_type>(env))}...};
        return carried_in<S, W>(w);  // marked where float is carried in double
    }
};

/// Whether rule_precision_op may wrap E: a node (a constant, a variable or a number has
/// nothing to round), and not one of rule_precision_op already.
template <class E>
inline constexpr bool takes_rule_precision_v = false;
template <class Op, class... Cs>
inline constexpr bool takes_rule_precision_v<node<Op, Cs...>> = true;
template <class R, class C>
inline constexpr bool takes_rule_precision_v<node<rule_precision_op<R>, C>> = false;

/// e as a node of rule_precision_op<Rule> where it takes one (takes_rule_precision_v).
template <class Rule, class E>
CTDIFF_HOST_DEVICE constexpr auto make_rule_precision(const E& e) noexcept {
    if constexpr (takes_rule_precision_v<E>) {
        return node<rule_precision_op<Rule>, E>{e};
    } else {
        return e;
    }
}

}  // namespace detail

/// A partial of a rule of several arguments, substituted into a derivative (`d(swiglu(a, b),
/// a)` is silu'(a) b): on plain floating numbers it evaluates in the type Rule computes them
/// in (float in double; double in long double where the rule asks for it) and rounds once,
/// as the dual pass computes the partial (`detail::eval_partial`). Evaluated in the
/// arguments' type, the product would scale the rounding of a primitive rounded first:
/// silu'(-101.077f) is subnormal in float, and times b = -995.807 it was 61 ULP off. Other
/// numbers (duals, jets, SIMD batches) evaluate it as it is. Its derivative is its child's,
/// in the same precision; it prints as its child.
template <class Rule>
struct rule_precision_op {
    template <class Env, class N>
    CTDIFF_HOST_DEVICE static constexpr auto eval(const Env& env, const N& n) {
        using R = decltype(detail::child_at<0>(n).eval(env));
        using W = detail::compute_t<Rule, R>;
        using Wide = detail::widened_environment<W, Env>;
        if constexpr (Wide::plain && std::is_floating_point_v<R> && !std::is_same_v<W, R>) {
            return static_cast<R>(detail::child_at<0>(n).eval(Wide::make(env)));
        } else {
            return detail::child_at<0>(n).eval(env);
        }
    }
    template <class E>
    CTDIFF_HOST_DEVICE static constexpr auto make(const E& e) noexcept {
        return detail::make_rule_precision<Rule>(e);
    }
};

template <class Rule>
struct derive_impl<rule_precision_op<Rule>> {
    template <class N, class X>
    CTDIFF_HOST_DEVICE static constexpr auto apply(const N& n, const X& x) noexcept {
        return detail::make_rule_precision<Rule>(detail::derive(detail::child_at<0>(n), x));
    }
};

/// d f(u...) = sum_i partial_i(u..., f(u...)) * d u_i, the partials being the
/// rule's own expressions with the slots `u...` and `y` replaced; for a rule of several
/// arguments that computes in a wider type, each in that precision (rule_precision_op).
template <class Rule>
struct derive_impl<function_op<Rule>> {
    template <class N, class X>
    CTDIFF_HOST_DEVICE static constexpr auto apply(const N& n, const X& x) noexcept {
        return [&]<std::size_t... I>(std::index_sequence<I...>) {
            const auto replacements = detail::make_slot_environment(detail::child_at<I>(n)..., n);
            return detail::add_all(
                detail::make_mul(partial<N::arity>(detail::substitute(
                                     detail::rule_partial<Rule, N::arity, I>(), replacements)),
                                 detail::derive(detail::child_at<I>(n), x))...);
        }
        (std::make_index_sequence<N::arity>{});
    }
    template <std::size_t Arity, class P>
    CTDIFF_HOST_DEVICE static constexpr auto partial(const P& p) noexcept {
        if constexpr (Arity > 1 && detail::precision_of<Rule>() != rule_precision::working) {
            return detail::make_rule_precision<Rule>(p);
        } else {
            return p;
        }
    }
};

}  // namespace ctdiff
