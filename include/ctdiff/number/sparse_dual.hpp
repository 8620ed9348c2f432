/// \file
/// `sparse_dual<T, Directions>`: a value and its derivatives in the directions a
/// number depends on, the set of directions known at compile time (a bit mask).
///
/// A pass over several directions (the array functions' inputs and the variables
/// bound by name) seeds each variable with its own direction; every operation's
/// result carries the union of its operands' directions, so a subexpression of one
/// input computes one partial, not one per direction. Each partial is computed with
/// the operations a dual pass seeded in that direction would do (a dual times a
/// constant where the other operand does not depend on the direction), so it has
/// the same bits, and no `inf * 0` term from a direction a subexpression does not
/// depend on; every primitive computes its value and partials once.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include <ctdiff/number/dual.hpp>
#include <ctdiff/number/number.hpp>

namespace ctdiff {

/// `value + sum d[k] eps_{p_k}`, p_k the k-th set bit of Directions (lowest first).
/// An aggregate: `sparse_dual<double, 0b100>{0.5, {1.0}}` seeds direction 2.
template <class T, std::uint64_t Directions>
struct sparse_dual {
    static_assert(Directions != 0,
                  "ctdiff::sparse_dual<T, Directions>: a number of no direction is a plain T");
    using value_type = T;
    static constexpr std::uint64_t directions = Directions;
    static constexpr std::size_t count = static_cast<std::size_t>(std::popcount(Directions));
    T value;
    T d[count];
};

namespace detail {

template <class T>
inline constexpr bool is_sparse_dual_v = false;
template <class T, std::uint64_t M>
inline constexpr bool is_sparse_dual_v<sparse_dual<T, M>> = true;

/// The directions of a number: its mask, 0 for a plain number.
template <class T>
inline constexpr std::uint64_t directions_of_v = 0;
template <class T, std::uint64_t M>
inline constexpr std::uint64_t directions_of_v<sparse_dual<T, M>> = M;

/// The k-th set bit of M, lowest first.
constexpr unsigned nth_direction(std::uint64_t m, std::size_t k) noexcept {
    for (; k != 0; --k) m &= m - 1;
    return static_cast<unsigned>(std::countr_zero(m));
}
/// Where direction p sits in the partials of a number of directions M.
constexpr std::size_t direction_slot(std::uint64_t m, unsigned p) noexcept {
    return static_cast<std::size_t>(std::popcount(m & ((std::uint64_t{1} << p) - 1)));
}
constexpr bool has_direction(std::uint64_t m, unsigned p) noexcept { return ((m >> p) & 1u) != 0; }

/// r.d[k] = f(direction) for every direction of M, the direction as a constant.
template <class T, std::uint64_t M, class F>
CTDIFF_HOST_DEVICE constexpr sparse_dual<T, M> each_sparse_direction(const T& value, const F& f) {
    sparse_dual<T, M> r{value, {}};
    [&]<std::size_t... K>(std::index_sequence<K...>) {
        ((r.d[K] = f(std::integral_constant<unsigned, nth_direction(M, K)>{})), ...);
    }
    (std::make_index_sequence<sparse_dual<T, M>::count>{});
    return r;
}

/// The partial of a in direction P (P among a's directions).
template <unsigned P, class T, std::uint64_t M>
CTDIFF_HOST_DEVICE constexpr const T& partial_in(const sparse_dual<T, M>& a) noexcept {
    return a.d[direction_slot(M, P)];
}

/// The partials of a primitive's arguments, each computed once (no_term where absent).
template <std::size_t I, class G>
struct partial_slot {
    G g;
};
template <class Seq, class... G>
struct partial_pack;
template <std::size_t... I, class... G>
struct partial_pack<std::index_sequence<I...>, G...> : partial_slot<I, G>... {};
template <std::size_t I, class G>
CTDIFF_HOST_DEVICE constexpr const G& partial_at(const partial_slot<I, G>& s) noexcept {
    return s.g;
}

/// Whether the first argument is the only one with directions.
template <class A0, class... A>
inline constexpr bool only_first_has_directions_v = is_sparse_dual_v<A0> && (!is_sparse_dual_v<A> && ...);

/// The other operand of a sparse_dual operation: the same value type, or an arithmetic value.
template <class U, class T>
concept sparse_dual_operand = std::is_same_v<U, T> || std::is_arithmetic_v<U>;

}  // namespace detail

template <class T, std::uint64_t M>
CTDIFF_HOST_DEVICE constexpr sparse_dual<T, M> operator+(const sparse_dual<T, M>& a) noexcept {
    return a;
}
template <class T, std::uint64_t M>
CTDIFF_HOST_DEVICE constexpr sparse_dual<T, M> operator-(const sparse_dual<T, M>& a) noexcept {
    return detail::each_sparse_direction<T, M>(math::neg(a.value),
                                               [&](auto p) { return math::neg(detail::partial_in<p()>(a)); });
}

// Two operands: the union of their directions; in a direction only one of them has,
// the other is a constant (the dual pass's dual-with-constant operation).
template <class T, std::uint64_t A, std::uint64_t B>
CTDIFF_HOST_DEVICE constexpr sparse_dual<T, A | B> operator+(const sparse_dual<T, A>& a,
                                                             const sparse_dual<T, B>& b) noexcept {
    return detail::each_sparse_direction<T, A | B>(a.value + b.value, [&](auto p) {
        if constexpr (detail::has_direction(A, p()) && detail::has_direction(B, p())) {
            return detail::partial_in<p()>(a) + detail::partial_in<p()>(b);
        } else if constexpr (detail::has_direction(A, p())) {
            return detail::partial_in<p()>(a);
        } else {
            return detail::partial_in<p()>(b);
        }
    });
}
template <class T, std::uint64_t A, std::uint64_t B>
CTDIFF_HOST_DEVICE constexpr sparse_dual<T, A | B> operator-(const sparse_dual<T, A>& a,
                                                             const sparse_dual<T, B>& b) noexcept {
    return detail::each_sparse_direction<T, A | B>(a.value - b.value, [&](auto p) {
        if constexpr (detail::has_direction(A, p()) && detail::has_direction(B, p())) {
            return detail::partial_in<p()>(a) - detail::partial_in<p()>(b);
        } else if constexpr (detail::has_direction(A, p())) {
            return detail::partial_in<p()>(a);
        } else {
            return T(math::neg(detail::partial_in<p()>(b)));
        }
    });
}
template <class T, std::uint64_t A, std::uint64_t B>
CTDIFF_HOST_DEVICE constexpr sparse_dual<T, A | B> operator*(const sparse_dual<T, A>& a,
                                                             const sparse_dual<T, B>& b) noexcept {
    return detail::each_sparse_direction<T, A | B>(a.value * b.value, [&](auto p) {
        if constexpr (detail::has_direction(A, p()) && detail::has_direction(B, p())) {
            return detail::partial_in<p()>(a) * b.value + a.value * detail::partial_in<p()>(b);
        } else if constexpr (detail::has_direction(A, p())) {
            return T(detail::partial_in<p()>(a) * b.value);
        } else {
            return T(a.value * detail::partial_in<p()>(b));
        }
    });
}
template <class T, std::uint64_t A, std::uint64_t B>
CTDIFF_HOST_DEVICE constexpr sparse_dual<T, A | B> operator/(const sparse_dual<T, A>& a,
                                                             const sparse_dual<T, B>& b) noexcept {
    const T y = a.value / b.value;
    return detail::each_sparse_direction<T, A | B>(y, [&](auto p) {
        if constexpr (detail::has_direction(A, p()) && detail::has_direction(B, p())) {
            return (detail::partial_in<p()>(a) - y * detail::partial_in<p()>(b)) / b.value;
        } else if constexpr (detail::has_direction(A, p())) {
            return T(detail::partial_in<p()>(a) / b.value);
        } else {
            return T(math::neg(y * detail::partial_in<p()>(b)) / b.value);
        }
    });
}

template <class T, std::uint64_t M, detail::sparse_dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr sparse_dual<T, M> operator+(const sparse_dual<T, M>& a, const U& b) noexcept {
    sparse_dual<T, M> r = a;
    r.value = a.value + detail::convert<T>(b);
    return r;
}
template <class T, std::uint64_t M, detail::sparse_dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr sparse_dual<T, M> operator+(const U& a, const sparse_dual<T, M>& b) noexcept {
    sparse_dual<T, M> r = b;
    r.value = detail::convert<T>(a) + b.value;
    return r;
}
template <class T, std::uint64_t M, detail::sparse_dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr sparse_dual<T, M> operator-(const sparse_dual<T, M>& a, const U& b) noexcept {
    sparse_dual<T, M> r = a;
    r.value = a.value - detail::convert<T>(b);
    return r;
}
template <class T, std::uint64_t M, detail::sparse_dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr sparse_dual<T, M> operator-(const U& a, const sparse_dual<T, M>& b) noexcept {
    return detail::each_sparse_direction<T, M>(
        detail::convert<T>(a) - b.value, [&](auto p) { return T(math::neg(detail::partial_in<p()>(b))); });
}
template <class T, std::uint64_t M, detail::sparse_dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr sparse_dual<T, M> operator*(const sparse_dual<T, M>& a, const U& b) noexcept {
    const T s = detail::convert<T>(b);
    return detail::each_sparse_direction<T, M>(a.value * s,
                                               [&](auto p) { return T(detail::partial_in<p()>(a) * s); });
}
template <class T, std::uint64_t M, detail::sparse_dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr sparse_dual<T, M> operator*(const U& a, const sparse_dual<T, M>& b) noexcept {
    const T s = detail::convert<T>(a);
    return detail::each_sparse_direction<T, M>(s * b.value,
                                               [&](auto p) { return T(s * detail::partial_in<p()>(b)); });
}
template <class T, std::uint64_t M, detail::sparse_dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr sparse_dual<T, M> operator/(const sparse_dual<T, M>& a, const U& b) noexcept {
    const T s = detail::convert<T>(b);
    return detail::each_sparse_direction<T, M>(a.value / s,
                                               [&](auto p) { return T(detail::partial_in<p()>(a) / s); });
}
template <class T, std::uint64_t M, detail::sparse_dual_operand<T> U>
CTDIFF_HOST_DEVICE constexpr sparse_dual<T, M> operator/(const U& a, const sparse_dual<T, M>& b) noexcept {
    const T y = detail::convert<T>(a) / b.value;
    return detail::each_sparse_direction<T, M>(
        y, [&](auto p) { return T(math::neg(y * detail::partial_in<p()>(b)) / b.value); });
}

// Comparisons look at the value part only; they drive select() in piecewise rules.
#define CTDIFF_SPARSE_DUAL_COMPARE(op)                                                               \
    template <class T, std::uint64_t A, std::uint64_t B>                                             \
    CTDIFF_HOST_DEVICE constexpr auto operator op(const sparse_dual<T, A>& a,                        \
                                                  const sparse_dual<T, B>& b) noexcept {             \
        return a.value op b.value;                                                                   \
    }                                                                                                \
    template <class T, std::uint64_t M, detail::sparse_dual_operand<T> U>                            \
    CTDIFF_HOST_DEVICE constexpr auto operator op(const sparse_dual<T, M>& a, const U& b) noexcept { \
        return a.value op detail::convert<T>(b);                                                     \
    }                                                                                                \
    template <class T, std::uint64_t M, detail::sparse_dual_operand<T> U>                            \
    CTDIFF_HOST_DEVICE constexpr auto operator op(const U& a, const sparse_dual<T, M>& b) noexcept { \
        return detail::convert<T>(a) op b.value;                                                     \
    }
CTDIFF_SPARSE_DUAL_COMPARE(<)
CTDIFF_SPARSE_DUAL_COMPARE(<=)
CTDIFF_SPARSE_DUAL_COMPARE(>)
CTDIFF_SPARSE_DUAL_COMPARE(>=)
#undef CTDIFF_SPARSE_DUAL_COMPARE

namespace detail {
/// The two branches of a select, or the operands of an operation, that depend on
/// different directions compute in the union of them.
template <class T, std::uint64_t A, std::uint64_t B>
struct common_number<sparse_dual<T, A>, sparse_dual<T, B>> {
    using type = sparse_dual<T, A | B>;
};
}  // namespace detail

/// Sparse duals as a number kind (number/number.hpp): first order in the directions
/// each number depends on, every primitive's value and partials computed once.
template <class T, std::uint64_t M>
struct number_kind<sparse_dual<T, M>> {
    using value_type = T;
    template <class U>
    using rebind = sparse_dual<U, M>;

    CTDIFF_HOST_DEVICE static constexpr const T& primal(const sparse_dual<T, M>& a) noexcept {
        return a.value;
    }
    CTDIFF_HOST_DEVICE static constexpr sparse_dual<T, M> constant(const T& v) noexcept {
        return detail::each_sparse_direction<T, M>(v, [](auto) { return detail::convert<T>(0); });
    }
    template <class U, class F, class... X>
    CTDIFF_HOST_DEVICE static constexpr sparse_dual<U, M> transform(const F& f, const X&... x) {
        sparse_dual<U, M> r{f(x.value...), {}};
        for (std::size_t k = 0; k < sparse_dual<T, M>::count; ++k) r.d[k] = f(x.d[k]...);
        return r;
    }
    /// A number of fewer directions (a subset of M) as one of M: 0 in the others.
    template <std::uint64_t B>
    requires((B & ~M) == 0) CTDIFF_HOST_DEVICE
        static constexpr sparse_dual<T, M> from(const sparse_dual<T, B>& b) noexcept {
        return detail::each_sparse_direction<T, M>(b.value, [&](auto p) {
            if constexpr (detail::has_direction(B, p())) {
                return detail::partial_in<p()>(b);
            } else {
                return detail::convert<T>(0);
            }
        });
    }

    /// y = f(values) once, each partial g_i once, and in every direction p of the
    /// arguments y.d[p] = sum of g_i a_i.d[p] over the arguments that have p, summed as
    /// the dual pass seeded in p sums them. Arguments that are not sparse duals of T
    /// are constants. The result has the union of the arguments' directions.
    template <class R, class... A>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr auto apply(R, const A&... a) {
        constexpr std::uint64_t U = (std::uint64_t{0} | ... | detail::directions_of_v<A>);
        if constexpr (R::template fused<T>) {
            const dual<T> r = R::value_and_derivative(detail::convert<T>(detail::primal(a))...);
            const auto& a0 = (a, ...);
            return detail::each_sparse_direction<T, U>(r.value, [&](auto p) {
                return detail::directional_term(r.derivative, detail::partial_in<p()>(a0));
            });
        } else if constexpr (R::template fused_first<T> && detail::only_first_has_directions_v<A...>) {
            // A rule of several arguments whose first is the only one with directions
            // (elu(a, 0.5) * b): its value and first partial from shared work, as the dual pass.
            const dual<T> r = R::value_and_derivative(detail::convert<T>(detail::primal(a))...);
            const auto& a0 = detail::first_argument(a...);
            return detail::each_sparse_direction<T, U>(r.value, [&](auto p) {
                return detail::directional_term(r.derivative, detail::partial_in<p()>(a0));
            });
        } else {
            // A rule of several arguments with a fused kernel on SIMD batches (the gated
            // activations' value_and_partials): the value and every partial from one call, and
            // NaN in the value, NaN in every direction, as the dual pass takes them.
            constexpr bool batch_partials =
                detail::batch_partials_rule<typename R::rule_type, T, std::conditional_t<true, T, A>...>;
            const auto fused = [&] {
                if constexpr (batch_partials) {
                    return R::rule_type::value_and_partials(detail::convert<T>(detail::primal(a))...);
                } else {
                    return detail::no_term{};
                }
            }();
            const T y = [&] {
                if constexpr (batch_partials) {
                    return fused.value;
                } else {
                    return R::template value<T>(detail::convert<T>(detail::primal(a))...);
                }
            }();
            // Each argument's partial once (no_term where it has no direction or is 0).
            const auto partial = [&]<std::size_t I, class Ai>(std::integral_constant<std::size_t, I>,
                                                              const Ai&) {
                if constexpr (!detail::is_sparse_dual_v<Ai> || R::template partial_is_zero<I>) {
                    return detail::no_term{};
                } else if constexpr (batch_partials) {
                    return fused.d[I];
                } else {
                    return R::template partial<I, T>(detail::convert<T>(detail::primal(a))..., y);
                }
            };
            const auto g = [&]<std::size_t... I>(std::index_sequence<I...>) {
                using Pack =
                    detail::partial_pack<std::index_sequence<I...>,
                                         decltype(partial(std::integral_constant<std::size_t, I>{}, a))...>;
                return Pack{{partial(std::integral_constant<std::size_t, I>{}, a)}...};
            }
            (std::index_sequence_for<A...>{});
            return detail::each_sparse_direction<T, U>(y, [&](auto p) {
                const auto term = [&]<std::size_t I, class Ai>(std::integral_constant<std::size_t, I>,
                                                               const Ai& ai) {
                    using G = std::remove_cvref_t<decltype(detail::partial_at<I>(g))>;
                    if constexpr (std::is_same_v<G, detail::no_term>) {
                        return detail::no_term{};
                    } else if constexpr (!detail::has_direction(detail::directions_of_v<Ai>, p())) {
                        return detail::no_term{};
                    } else {
                        return detail::directional_term(detail::partial_at<I>(g),
                                                        detail::partial_in<p()>(ai));
                    }
                };
                const auto dy = [&]<std::size_t... I>(std::index_sequence<I...>) {
                    return detail::sum_terms(term(std::integral_constant<std::size_t, I>{}, a)...);
                }
                (std::index_sequence_for<A...>{});
                if constexpr (std::is_same_v<decltype(dy), const detail::no_term>) {
                    if constexpr (math::is_plain_v<T>) {
                        return math::select(math::isnan(y), y, detail::convert<T>(0));
                    } else {
                        return detail::convert<T>(0);
                    }
                } else if constexpr (batch_partials) {
                    return T(math::select(math::isnan(y), y, dy));
                } else {
                    return detail::nan_where_value_is(y, dy);
                }
            });
        }
    }
};

}  // namespace ctdiff
