// A number kind of one's own: `tangent<T>`, a value and its derivative in one
// direction, written outside ctdiff against the public customization point
// `ctdiff::number_kind` (number/number.hpp) and the rule's view `ctdiff::rule_view`.
// docs/examples/number_kind.cpp uses it; tests/number_kind.cpp checks it against
// ctdiff's own dual on every activation.
#pragma once

#include <ctdiff/ctdiff.hpp>

#include <cstddef>
#include <type_traits>
#include <utility>

//! [number_kind_type]
namespace user {

template <class T>
struct tangent {
    T v;  // the value
    T t;  // its derivative in the one direction
};

// The arithmetic expressions need: sums, products, quotients, negation, and
// comparisons on the value (they drive select() in piecewise rules).
template <class T>
constexpr tangent<T> operator-(tangent<T> a) {
    return {-a.v, -a.t};
}
template <class T>
constexpr tangent<T> operator+(tangent<T> a, tangent<T> b) {
    return {a.v + b.v, a.t + b.t};
}
template <class T>
constexpr tangent<T> operator-(tangent<T> a, tangent<T> b) {
    return {a.v - b.v, a.t - b.t};
}
template <class T>
constexpr tangent<T> operator*(tangent<T> a, tangent<T> b) {
    return {a.v * b.v, a.t * b.v + a.v * b.t};
}
template <class T>
constexpr tangent<T> operator/(tangent<T> a, tangent<T> b) {
    const T y = a.v / b.v;
    return {y, (a.t - y * b.t) / b.v};
}
// With a plain number on either side: the number is a constant.
template <class T, class U>
requires std::is_arithmetic_v<U>
constexpr tangent<T> operator+(tangent<T> a, U b) { return a + tangent<T>{T(b), T(0)}; }
template <class T, class U>
requires std::is_arithmetic_v<U>
constexpr tangent<T> operator+(U a, tangent<T> b) { return tangent<T>{T(a), T(0)} + b; }
template <class T, class U>
requires std::is_arithmetic_v<U>
constexpr tangent<T> operator-(tangent<T> a, U b) { return a - tangent<T>{T(b), T(0)}; }
template <class T, class U>
requires std::is_arithmetic_v<U>
constexpr tangent<T> operator-(U a, tangent<T> b) { return tangent<T>{T(a), T(0)} - b; }
template <class T, class U>
requires std::is_arithmetic_v<U>
constexpr tangent<T> operator*(tangent<T> a, U b) { return {a.v * T(b), a.t * T(b)}; }
template <class T, class U>
requires std::is_arithmetic_v<U>
constexpr tangent<T> operator*(U a, tangent<T> b) { return {T(a) * b.v, T(a) * b.t}; }
template <class T, class U>
requires std::is_arithmetic_v<U>
constexpr tangent<T> operator/(tangent<T> a, U b) { return {a.v / T(b), a.t / T(b)}; }
template <class T, class U>
requires std::is_arithmetic_v<U>
constexpr tangent<T> operator/(U a, tangent<T> b) { return tangent<T>{T(a), T(0)} / b; }
// Comparisons, of tangents with each other or with plain numbers, on the value.
template <class T>
constexpr T value_of(const tangent<T>& a) {
    return a.v;
}
template <class U>
requires std::is_arithmetic_v<U>
constexpr U value_of(const U& a) { return a; }
template <class A, class B>
concept tangent_operands = requires(const A& a, const B& b) {
    value_of(a) < value_of(b);
}
&&(!std::is_arithmetic_v<A> || !std::is_arithmetic_v<B>);
template <class A, class B>
requires tangent_operands<A, B>
constexpr bool operator<(const A& a, const B& b) { return value_of(a) < value_of(b); }
template <class A, class B>
requires tangent_operands<A, B>
constexpr bool operator<=(const A& a, const B& b) { return value_of(a) <= value_of(b); }
template <class A, class B>
requires tangent_operands<A, B>
constexpr bool operator>(const A& a, const B& b) { return value_of(a) > value_of(b); }
template <class A, class B>
requires tangent_operands<A, B>
constexpr bool operator>=(const A& a, const B& b) { return value_of(a) >= value_of(b); }

}  // namespace user
//! [number_kind_type]

//! [number_kind_spec]
// The kind: how ctdiff reaches a tangent's parts, and how a primitive (one rule:
// its value and its partials, seen through ctdiff::rule_view R) applies to tangents.
template <class T>
struct ctdiff::number_kind<user::tangent<T>> {
    using value_type = T;
    template <class U>
    using rebind = user::tangent<U>;

    static constexpr const T& primal(const user::tangent<T>& a) { return a.v; }
    static constexpr user::tangent<T> constant(const T& c) { return {c, T(0)}; }
    // Component by component (select, NaN, rounding use it).
    template <class U, class F, class... X>
    static constexpr user::tangent<U> transform(const F& f, const X&... x) {
        return {f(x.v...), f(x.t...)};
    }

    // y = f(a...), y' = sum_i (df/da_i) a_i'. Arguments that are not tangents are
    // constants: plain numbers of T (a parameter's value, a default).
    template <class R, class... A>
    static constexpr user::tangent<T> apply(R, const A&... a) {
        const auto value_of = [](const auto& ai) -> T {
            if constexpr (std::is_same_v<std::remove_cvref_t<decltype(ai)>, user::tangent<T>>) {
                return ai.v;
            } else {
                return T(ai);
            }
        };
        if constexpr (R::template fused<T>) {  // the rule computes both together
            const auto r = R::value_and_derivative(value_of(a)...);
            return {r.value, ((r.derivative * a.t) + ...)};
        } else {
            const T y = R::template value<T>(value_of(a)...);
            T dy = T(0);
            [&]<std::size_t... I>(std::index_sequence<I...>) {
                const auto term = [&]<std::size_t J>(std::integral_constant<std::size_t, J>, const auto& aj) {
                    if constexpr (std::is_same_v<std::remove_cvref_t<decltype(aj)>, user::tangent<T>> &&
                                  !R::template partial_is_zero<J>) {
                        dy = dy + R::template partial<J, T>(value_of(a)..., y) * aj.t;
                    }
                };
                (term(std::integral_constant<std::size_t, I>{}, a), ...);
            }
            (std::index_sequence_for<A...>{});
            return {y, dy};
        }
    }
};
//! [number_kind_spec]
