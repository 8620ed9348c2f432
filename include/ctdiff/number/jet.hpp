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
#include <utility>

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

template <class T>
inline constexpr bool is_jet_v = false;
template <class T, std::size_t N>
inline constexpr bool is_jet_v<jet<T, N>> = true;

/// C(n, k) as an exact integer.
CTDIFF_HOST_DEVICE constexpr long long binomial(std::size_t n, std::size_t k) noexcept {
    long long r = 1;
    for (std::size_t i = 1; i <= k; ++i)
        r = r * static_cast<long long>(n - k + i) / static_cast<long long>(i);
    return r;
}

/// The order of the jets a pass of order n computes with: orders share one
/// capacity (3, 4, 8 or 16), so that d<2>, d<3> and derivatives<3> in one program
/// instantiate one set of jet kernels; the entries above n are not computed.
CTDIFF_HOST_DEVICE constexpr std::size_t jet_capacity(std::size_t n) noexcept {
    return n <= 3 ? 3 : (n <= 4 ? 4 : (n <= 8 ? 8 : (n <= 16 ? 16 : n)));
}

/// Whether a rule's jet kernel of order N evaluates the rule's partials on jets of order
/// N - 1 (on plain numbers at N = 1) rather than on jets of order N (see apply_rule_jet).
template <std::size_t N>
inline constexpr bool truncating_jet = N <= 3;

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
    for (std::size_t k = 0; k <= N; ++k) r.d[k] = math::neg(a.d[k]);
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

namespace detail {

/// a as a jet of order M <= its own (its first entries; at M = 0 its value); a jet of
/// order M and anything else as it is.
template <std::size_t M, class A>
CTDIFF_HOST_DEVICE constexpr decltype(auto) truncated(const A& a) noexcept {
    if constexpr (!is_jet_v<A>) {
        return (a);
    } else if constexpr (A::order == M) {
        return (a);
    } else if constexpr (M == 0) {
        return a.d[0];
    } else {
        jet<typename A::value_type, M> r{};
        for (std::size_t k = 0; k <= M; ++k) r.d[k] = a.d[k];
        return r;
    }
}

/// The jet of y = f(a...) up to order M <= N (entries above M are 0): y_0 = f(a_0), and
/// for k = 1..M, y_k = sum_i sum_{j<k} C(k-1, j) g_i,j a_i,k-j (Leibniz's rule on
/// y' = sum_i g_i a_i', exact binomial weights), g_i = partial_i(a, y) evaluated with y
/// known to order k - 1 (rule_view::partial_to_order); the order reached is a run-time
/// count. Where the partial is evaluated:
///   - N <= 3 (truncating_jet): on jets of order N - 1, on plain numbers at N = 1. Every
///     rule a partial holds is then instantiated at the order it is needed to, and the
///     last level of a rule's tower of partials (mish''' in d<3>, an expression of some
///     60 nodes) is evaluated on plain numbers instead of jets. Nothing else differs: an
///     entry of a product, quotient or rule of jets depends on the entries below it alone,
///     so every entry has the bits of the untruncated pass.
///   - N > 3: on jets of order N (no truncated copies: one instantiation per rule and N,
///     where N levels of them would multiply the instantiations by N; at N = 4 the levels
///     already cost more than they save: d<5>(mish(x) * sigmoid(x), x), a pass of order 4
///     over the symbolic first derivative, took 1.74 s truncated, 1.43 s not).
/// Plain arguments (constants, such as default parameters) stay plain numbers: they add
/// no term and carry no zero derivatives into the partials, where inf * 0 would give NaN
/// (leaky_relu's slope partial at x = -inf).
template <class R, class T, std::size_t N, class... J>
CTDIFF_NOINLINE CTDIFF_HOST_DEVICE constexpr jet<T, N> apply_rule_jet(std::size_t m, const J&... a) {
    jet<T, N> y{};
    y.d[0] = R::template value<T>(primal(a)...);
    for (std::size_t k = 1; k <= N; ++k) y.d[k] = convert<T>(0);
    for (std::size_t k = 1; k <= m && k <= N; ++k) {
        T yk = convert<T>(0);
        const auto accumulate = [&]<std::size_t I, class Ai>(std::integral_constant<std::size_t, I>,
                                                             const Ai& ai) {
            if constexpr (std::is_same_v<Ai, jet<T, N>> && !R::template partial_is_zero<I>) {
                if constexpr (truncating_jet<N> && N == 1) {
                    const T g = R::template partial<I, T>(truncated<0>(a)..., truncated<0>(y));
                    yk = yk + directional_term(convert<T>(binomial(0, 0)) * g, ai.d[1]);
                } else {
                    constexpr std::size_t G = truncating_jet<N> ? N - 1 : N;  // the partial's order
                    const auto g = convert<jet<T, G>>(
                        R::template partial_to_order<I>(k - 1, truncated<G>(a)..., truncated<G>(y)));
                    for (std::size_t j = 0; j < k; ++j) {
                        yk = yk + directional_term(convert<T>(binomial(k - 1, j)) * g.d[j], ai.d[k - j]);
                    }
                }
            }
        };
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            (accumulate(std::integral_constant<std::size_t, I>{}, a), ...);
        }
        (std::index_sequence_for<J...>{});
        y.d[k] = nan_where_value_is(y.d[0], yk);
    }
    return y;
}

}  // namespace detail

/// Jets as a number kind (number/number.hpp): derivatives to order N in one direction,
/// computed to a run-time order m <= N (`ordered`: a pass of order 2 on jets of capacity
/// 4 stops at 2, and a rule's partials during the pass need one order less).
template <class T, std::size_t N>
struct number_kind<jet<T, N>> {
    using value_type = T;
    template <class U>
    using rebind = jet<U, N>;
    static constexpr bool ordered = true;

    CTDIFF_HOST_DEVICE static constexpr const T& primal(const jet<T, N>& a) noexcept { return a.d[0]; }
    CTDIFF_HOST_DEVICE static constexpr jet<T, N> constant(const T& v) noexcept {
        jet<T, N> r{};
        r.d[0] = v;
        for (std::size_t k = 1; k <= N; ++k) r.d[k] = detail::convert<T>(0);
        return r;
    }
    template <class U, class F, class... X>
    CTDIFF_HOST_DEVICE static constexpr jet<U, N> transform(const F& f, const X&... x) {
        jet<U, N> r{};
        for (std::size_t k = 0; k <= N; ++k) r.d[k] = f(x.d[k]...);
        return r;
    }

    template <class R, class... A>
    CTDIFF_HOST_DEVICE static constexpr jet<T, N> apply(R r, const A&... a) {
        return apply_to_order(r, N, a...);
    }
    /// To order m: jets of T and order N pass as they are, anything else becomes a plain T.
    /// A rule of several arguments that computes T in a wider type W (its precision: float
    /// in double, double in long double) computes its derivatives on jets of W, each
    /// rounded to T once: its partials' expressions scale a primitive by another argument
    /// (swiglu's silu'(a) b), and a primitive rounded to T first, subnormal in the underflow
    /// band, would have its rounding scaled (61 ULP at (-101.077f, -995.807f)). The value
    /// is the rule's own, as on plain numbers. The jets of W go through the rule's
    /// wide_view<T>: for float in double its primitives compute at float's precision in
    /// double (detail::float_in_double_view), not in long double.
    template <class R, class... A>
    CTDIFF_HOST_DEVICE static constexpr jet<T, N> apply_to_order(R, std::size_t m, const A&... a) {
        using W = typename R::template compute_type<T>;
        if constexpr (R::arity > 1 && std::is_floating_point_v<T> && !std::is_same_v<W, T>) {
            using V = typename R::template wide_view<T>;
            const jet<W, N> w = detail::apply_rule_jet<V, W, N>(m, detail::widen_to<W>(as_argument(a))...);
            jet<T, N> y{};
            y.d[0] = R::template value<T>(detail::primal(as_argument(a))...);
            for (std::size_t k = 1; k <= N; ++k) y.d[k] = static_cast<T>(w.d[k]);
            return y;
        } else if constexpr ((std::is_same_v<A, jet<T, N>> && ...)) {
            return detail::apply_rule_jet<R, T, N>(m, a...);
        } else {
            return detail::apply_rule_jet<R, T, N>(m, as_argument(a)...);
        }
    }

private:
    template <class A>
    CTDIFF_HOST_DEVICE static constexpr auto as_argument(const A& a) noexcept {
        if constexpr (std::is_same_v<A, jet<T, N>>) {
            return a;
        } else {
            return detail::convert<T>(a);
        }
    }
};

}  // namespace ctdiff
