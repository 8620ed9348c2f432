/// \file
/// Expression nodes: variables, compile-time constants, runtime numbers, and
/// `node<Op, Children...>` for every operation. Children are held by value;
/// an empty child takes no room, so an expression made only of compile-time
/// parts is an empty type.
#pragma once

#include <concepts>
#include <cstddef>
#include <numeric>
#include <string_view>
#include <type_traits>
#include <utility>

#include <ctdiff/config.hpp>
#include <ctdiff/core/fixed_string.hpp>
#include <ctdiff/number/number.hpp>

namespace ctdiff {

template <class D>
struct expression_base;

/// An expression: anything built from variables, constants and operations.
template <class E>
concept expression = std::is_base_of_v<expression_base<std::remove_cvref_t<E>>, std::remove_cvref_t<E>>;

/// What may stand beside an expression in arithmetic: an expression, an arithmetic
/// value, or a library floating-point number (`x * mp50("1.25")`, held by value).
template <class A>
concept operand = expression<A> ||(std::is_arithmetic_v<std::remove_cvref_t<A>> &&
                                   !std::is_same_v<std::remove_cvref_t<A>, bool>) ||
                  ctdiff_adl::adl_floating<std::remove_cvref_t<A>>;

namespace detail {

template <class E, class... Args>
CTDIFF_HOST_DEVICE constexpr auto call_expression(const E& e, const Args&... args);

template <class>
inline constexpr bool always_false_v = false;

/// Storage of child I; an empty child is rebuilt on access instead of stored.
template <std::size_t I, class T, bool Empty = std::is_empty_v<T>>
struct stored {
    T value;
    constexpr stored() = default;
    CTDIFF_HOST_DEVICE constexpr explicit stored(const T& v) noexcept : value(v) {}
};
template <std::size_t I, class T>
struct stored<I, T, true> {
    constexpr stored() = default;
    CTDIFF_HOST_DEVICE constexpr explicit stored(const T&) noexcept {}
};

// Child I of a node, found by deduction from the node's base class. Nodes read their
// children through these two overloads only (one small function per child type
// instead of three forwarding calls: this is instantiated for every node).
template <std::size_t I, class T>
CTDIFF_HOST_DEVICE constexpr const T& child_at(const stored<I, T, false>& s) noexcept {
    return s.value;
}
template <std::size_t I, class T>
CTDIFF_HOST_DEVICE constexpr T child_at(const stored<I, T, true>&) noexcept {
    return T{};
}

template <class Seq, class... Cs>
struct children;
template <std::size_t... I, class... Cs>
struct children<std::index_sequence<I...>, Cs...> : stored<I, Cs>... {
    constexpr children() = default;
    CTDIFF_HOST_DEVICE constexpr explicit children(const Cs&... cs) noexcept : stored<I, Cs>(cs)... {}
};

}  // namespace detail

/// How tightly a printed expression binds, loosest first: an operand is put in
/// parentheses when its level is below the one its place asks for.
struct precedence_level {
    static constexpr int comparison = 0;  ///< a < b (inside select)
    static constexpr int sum = 1;         ///< a + b, a - b
    static constexpr int product = 2;     ///< a * b, a / b, 3/4
    static constexpr int negation = 3;    ///< -a, a negative number
    static constexpr int power = 4;       ///< a^n
    static constexpr int atom = 5;        ///< x, 2, f(x): never in parentheses
};

/// Base of every expression type (CRTP): evaluation by call.
template <class D>
struct expression_base {
    /// Evaluates: `f(x = 0.5, a = 2.0)` binds by name; `f(0.5)` when f has one variable.
    template <class... Args>
    CTDIFF_HOST_DEVICE constexpr auto operator()(const Args&... args) const {
        return detail::call_expression(static_cast<const D&>(*this), args...);
    }
};

/// The value bound to variable V for one evaluation: `x = 0.5` makes a `binding<variable<"x">, double>`.
template <class V, class T>
struct binding {
    using variable_type = V;
    using value_type = T;
    T value;
};

namespace detail {
/// The base of every variable: nvcc cannot match `variable<S>` against a
/// class-type template parameter S, so traits test for this base instead.
struct variable_tag {};
template <class T>
inline constexpr bool is_variable_v = std::is_base_of_v<variable_tag, T>;
}  // namespace detail

/// A variable, named at compile time. An empty literal type; `x = v` binds it.
template <fixed_string S>
struct variable : expression_base<variable<S>>, detail::variable_tag {
    static constexpr fixed_string name = S;

    template <class T>
    CTDIFF_HOST_DEVICE constexpr binding<variable, evaluation_type_t<T>> operator=(
        const T& v) const noexcept {
        static_assert(number<evaluation_type_t<T>>,
                      "ctdiff: a variable can be bound only to a number (an arithmetic type, "
                      "ctdiff::dual, ctdiff::jet, a SIMD batch or a floating type with a math backend)");
        return {evaluation_type_t<T>(v)};
    }
    template <class Env>
    CTDIFF_HOST_DEVICE constexpr auto eval(const Env& env) const {
        return env.lookup(*this);
    }
};

/// The variable named S: `constexpr auto x = ctdiff::var<"x">;`
template <fixed_string S>
inline constexpr variable<S> var{};

/// A rational number known at compile time (`N / D`, normalized). An empty type.
template <long long N, long long D = 1>
struct constant : expression_base<constant<N, D>> {
    static_assert(D > 0 && std::gcd(N, D) == 1, "ctdiff::constant<N, D> must be normalized");
    static constexpr long long num = N;
    static constexpr long long den = D;

    template <class Env>
    CTDIFF_HOST_DEVICE constexpr auto eval(const Env&) const noexcept {
        using T = typename Env::scalar_type;
        if constexpr (D == 1) {
            return detail::convert<T>(N);
        } else {
            return detail::convert<T>(N) / detail::convert<T>(D);
        }
    }
};

/// The integer N as a compile-time constant: `int_c<2> * x`.
template <long long N>
inline constexpr constant<N, 1> int_c{};

/// A named irrational constant known at compile time (`2/sqrt(pi)` in erf's
/// rule). Tag gives `value` (a double), `name` and `latex`.
template <class Tag>
struct named_constant : expression_base<named_constant<Tag>> {
    template <class Env>
    CTDIFF_HOST_DEVICE constexpr auto eval(const Env&) const noexcept {
        using S = typename Env::scalar_type;
        if constexpr (ctdiff_adl::adl_floating<S> && requires { Tag::lo; }) {
            return detail::precise_constant<S>(Tag::value, Tag::lo);
        } else {
            return detail::convert<S>(Tag::value);
        }
    }
};

/// A number known only at run time, held by value in the expression.
template <class T>
struct scalar : expression_base<scalar<T>> {
    T value;
    constexpr scalar() = default;
    CTDIFF_HOST_DEVICE constexpr scalar(T v) noexcept : value(v) {}  // NOLINT: implicit on purpose

    template <class Env>
    CTDIFF_HOST_DEVICE constexpr auto eval(const Env&) const noexcept {
        return detail::convert<typename Env::scalar_type>(value);
    }
};

/// An operation `Op` applied to children. `Op` is a tag type that says how the
/// node evaluates and rebuilds (core/operation_tags.hpp); how it differentiates
/// and prints are the rooms of those traversals (`derive_impl<Op>` in
/// derivative/derive.hpp, `write_impl<Op>` in print/write.hpp).
template <class Op, class... Cs>
struct node : expression_base<node<Op, Cs...>>, detail::children<std::index_sequence_for<Cs...>, Cs...> {
    using operation = Op;
    static constexpr std::size_t arity = sizeof...(Cs);
    using detail::children<std::index_sequence_for<Cs...>, Cs...>::children;
    constexpr node() = default;

    template <std::size_t I>
    CTDIFF_HOST_DEVICE constexpr decltype(auto) child() const noexcept {
        return detail::child_at<I>(*this);
    }
    // The type is Op's (decltype): where Op spells its type out (a primitive on a rule's
    // slot in a jet pass), the node does not need its body to know it.
    template <class Env>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE constexpr auto eval(const Env& env) const
        -> decltype(Op::eval(env, *this)) {
        return Op::eval(env, *this);
    }
};

namespace detail {

/// Argument I of a primitive's rule (I == arity: the primitive's own result `y`).
template <std::size_t I>
struct slot : expression_base<slot<I>> {
    template <class Env>
    CTDIFF_HOST_DEVICE constexpr auto eval(const Env& env) const {
        return env.template get<I>();
    }
};

template <class T>
inline constexpr bool is_constant_v = false;
template <long long N, long long D>
inline constexpr bool is_constant_v<constant<N, D>> = true;

template <class E>
inline constexpr bool is_zero_v = std::is_same_v<E, constant<0, 1>>;
template <class E>
inline constexpr bool is_one_v = std::is_same_v<E, constant<1, 1>>;

template <class E, class Op>
inline constexpr bool is_node_v = false;
template <class Op, class... Cs>
inline constexpr bool is_node_v<node<Op, Cs...>, Op> = true;

/// An expression from an operand: expressions pass through, numbers become `scalar`.
template <class A>
CTDIFF_HOST_DEVICE constexpr auto as_expression(const A& a) noexcept {
    if constexpr (expression<A>) {
        return a;
    } else {
        static_assert(operand<A>, "ctdiff: only expressions and arithmetic values can be combined");
        return scalar<evaluation_type_t<A>>{evaluation_type_t<A>(a)};
    }
}
template <class A>
using expression_t = decltype(as_expression(std::declval<const A&>()));

}  // namespace detail
}  // namespace ctdiff
