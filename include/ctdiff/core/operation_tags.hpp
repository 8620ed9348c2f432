/// \file
/// The operation tags of `node<Op, ...>`: arithmetic, integer powers, comparisons
/// and select. Each tag says how its node evaluates (`eval`) and rebuilds after
/// substitution (`make`). How it differentiates and prints are the rooms of those
/// traversals (derivative/derive.hpp, one `derive_impl` per tag; print/write.hpp,
/// one `write_impl` per tag). Primitive functions (exp, sigmoid, a user's rule)
/// have their tag in core/primitive.hpp.
#pragma once

#include <type_traits>

#include <ctdiff/core/expression.hpp>
#include <ctdiff/core/simplify.hpp>

namespace ctdiff {

struct add_op {
    template <class Env, class N>
    CTDIFF_HOST_DEVICE static constexpr auto eval(const Env& env, const N& n) {
        return detail::child_at<0>(n).eval(env) + detail::child_at<1>(n).eval(env);
    }
    template <class A, class B>
    CTDIFF_HOST_DEVICE static constexpr auto make(const A& a, const B& b) noexcept {
        return detail::make_add(a, b);
    }
};

struct sub_op {
    template <class Env, class N>
    CTDIFF_HOST_DEVICE static constexpr auto eval(const Env& env, const N& n) {
        return detail::child_at<0>(n).eval(env) - detail::child_at<1>(n).eval(env);
    }
    template <class A, class B>
    CTDIFF_HOST_DEVICE static constexpr auto make(const A& a, const B& b) noexcept {
        return detail::make_sub(a, b);
    }
};

struct mul_op {
    template <class Env, class N>
    CTDIFF_HOST_DEVICE static constexpr auto eval(const Env& env, const N& n) {
        return detail::child_at<0>(n).eval(env) * detail::child_at<1>(n).eval(env);
    }
    template <class A, class B>
    CTDIFF_HOST_DEVICE static constexpr auto make(const A& a, const B& b) noexcept {
        return detail::make_mul(a, b);
    }
};

struct div_op {
    template <class Env, class N>
    CTDIFF_HOST_DEVICE static constexpr auto eval(const Env& env, const N& n) {
        return detail::child_at<0>(n).eval(env) / detail::child_at<1>(n).eval(env);
    }
    template <class A, class B>
    CTDIFF_HOST_DEVICE static constexpr auto make(const A& a, const B& b) noexcept {
        return detail::make_div(a, b);
    }
};

struct neg_op {
    template <class Env, class N>
    CTDIFF_HOST_DEVICE static constexpr auto eval(const Env& env, const N& n) {
        return math::neg(detail::child_at<0>(n).eval(env));  // -(+0) = -0 on SIMD batches too
    }
    template <class A>
    CTDIFF_HOST_DEVICE static constexpr auto make(const A& a) noexcept {
        return detail::make_neg(a);
    }
};

/// e^n, n an integer (an `int_c` or a run-time `int`); evaluated by repeated squaring.
struct pow_op {
    template <class N>
    CTDIFF_HOST_DEVICE static constexpr int exponent(const N& n) noexcept {
        using E = std::remove_cvref_t<decltype(detail::child_at<1>(n))>;
        if constexpr (detail::is_constant_v<E>) {
            return static_cast<int>(E::num);
        } else {
            return static_cast<int>(detail::child_at<1>(n).value);
        }
    }
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T power(T base, int n) {
        const bool invert = n < 0;
        unsigned m = invert ? 0u - static_cast<unsigned>(n) : static_cast<unsigned>(n);
        T result = detail::convert<T>(1);
        bool first = true;
        while (m != 0) {
            if (m & 1u) {
                result = first ? base : result * base;
                first = false;
            }
            m >>= 1u;
            if (m != 0) base = base * base;
        }
        return invert ? detail::convert<T>(1) / result : result;
    }
    template <class Env, class N>
    CTDIFF_HOST_DEVICE static constexpr auto eval(const Env& env, const N& n) {
        return power(detail::child_at<0>(n).eval(env), exponent(n));
    }
    template <class A, class B>
    CTDIFF_HOST_DEVICE static constexpr auto make(const A& a, const B& b) noexcept {
        return detail::make_pow(a, b);
    }
};

namespace compare {
struct less {
    static constexpr const char* symbol = " < ";
    template <class A, class B>
    CTDIFF_HOST_DEVICE static constexpr auto apply(const A& a, const B& b) {
        return a < b;
    }
};
struct less_equal {
    static constexpr const char* symbol = " <= ";
    template <class A, class B>
    CTDIFF_HOST_DEVICE static constexpr auto apply(const A& a, const B& b) {
        return a <= b;
    }
};
struct greater {
    static constexpr const char* symbol = " > ";
    template <class A, class B>
    CTDIFF_HOST_DEVICE static constexpr auto apply(const A& a, const B& b) {
        return a > b;
    }
};
struct greater_equal {
    static constexpr const char* symbol = " >= ";
    template <class A, class B>
    CTDIFF_HOST_DEVICE static constexpr auto apply(const A& a, const B& b) {
        return a >= b;
    }
};
}  // namespace compare

/// A comparison `a < b`; only meaningful as the condition of `select`.
template <class Compare>
struct compare_op {
    /// Evaluates to a pair: the comparison's mask and an "unordered" mask (a NaN operand).
    template <class Env, class N>
    CTDIFF_HOST_DEVICE static constexpr auto eval(const Env& env, const N& n) {
        const auto a = detail::child_at<0>(n).eval(env);
        const auto b = detail::child_at<1>(n).eval(env);
        struct result {
            decltype(Compare::apply(a, b)) holds;
            decltype(math::isnan(detail::innermost(a))) unordered;
        };
        const auto& ia = detail::innermost(a);
        const auto& ib = detail::innermost(b);
        if constexpr (std::is_same_v<std::remove_cvref_t<decltype(ia)>, std::remove_cvref_t<decltype(ib)>>) {
            // On x86 batches one unordered comparison, where two isnan and an or took three.
            return result{Compare::apply(a, b), math::unordered(ia, ib)};
        } else if constexpr (std::is_same_v<decltype(result::unordered), bool>) {
            return result{Compare::apply(a, b), math::isnan(ia) || math::isnan(ib)};
        } else {
            return result{Compare::apply(a, b), math::isnan(ia) | math::isnan(ib)};
        }
    }
    template <class A, class B>
    CTDIFF_HOST_DEVICE static constexpr auto make(const A& a, const B& b) noexcept {
        return node<compare_op, A, B>{a, b};
    }
};

/// `select(cond, a, b)`: a where cond holds, b where it does not, NaN where
/// cond compares a NaN. Piecewise rules use it, so they vectorize; with
/// plain scalars only the chosen branch is evaluated.
struct select_op {
    template <class Env, class N>
    CTDIFF_HOST_DEVICE static constexpr auto eval(const Env& env, const N& n) {
        using A = decltype(detail::child_at<1>(n).eval(env));
        using B = decltype(detail::child_at<2>(n).eval(env));
        using R = detail::common_number_t<A, B>;
        const auto c = detail::child_at<0>(n).eval(env);
        if constexpr (std::is_same_v<decltype(c.holds), bool> && std::is_arithmetic_v<R>) {
            // Plain scalars: evaluate both sides and pick without a branch (the
            // unselected side is discarded, never combined with the result).
            const R picked = math::select(c.holds, detail::convert<R>(detail::child_at<1>(n).eval(env)),
                                          detail::convert<R>(detail::child_at<2>(n).eval(env)));
            return math::select(c.unordered, detail::nan_of<R>(), picked);
        } else if constexpr (std::is_same_v<decltype(c.holds), bool>) {
            // Duals and jets: only the chosen side is evaluated.
            if (c.unordered) return detail::nan_of<R>();
            return c.holds ? detail::convert<R>(detail::child_at<1>(n).eval(env))
                           : detail::convert<R>(detail::child_at<2>(n).eval(env));
        } else {
            const R picked = detail::select(c.holds, detail::convert<R>(detail::child_at<1>(n).eval(env)),
                                            detail::convert<R>(detail::child_at<2>(n).eval(env)));
            return detail::select(c.unordered, detail::nan_of<R>(), picked);
        }
    }
    template <class C, class A, class B>
    CTDIFF_HOST_DEVICE static constexpr auto make(const C& c, const A& a, const B& b) noexcept {
        if constexpr (std::is_same_v<A, B> && std::is_empty_v<A>) {
            return a;  // both branches the same compile-time expression
        } else {
            return node<select_op, C, A, B>{c, a, b};
        }
    }
};

}  // namespace ctdiff
