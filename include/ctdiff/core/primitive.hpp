/// \file
/// A primitive is one rule. A rule names the function, gives its value on
/// plain numbers, and gives its derivative as an expression of the argument
/// `u` and of the primitive's own result `y`:
///
/// \code
/// struct softclip_rule {
///     static constexpr std::string_view name = "softclip";
///     template <class T> static constexpr T value(T u);
///     static constexpr auto derivative(auto u, auto y);  // an expression in u and y
/// };
/// inline constexpr ctdiff::unary_function<softclip_rule> softclip{};
/// \endcode
///
/// From that rule come the symbolic derivative `d()` (the expression with `u`
/// and `y` replaced by the node's argument and the node itself), the dual and
/// jet passes (the expression evaluated on the argument's value and the
/// result), printing and the array kernels. A rule of several arguments
/// (`prelu(u, w)`) returns `ctdiff::partials(du, dw)`. Optional members:
/// `latex` (a LaTeX name); `value_and_derivative(u)` returning a
/// `dual<T>{y, dy}` computed together, used by the first-order numeric pass
/// where sharing work is faster or more accurate (a rule of several arguments:
/// `value_and_derivative(u, p...)`, the value and the partial in its first
/// argument, used where the others are constants); `batch_exact`, a bool (or a bool
/// variable template over the lanes' element type) saying that its SIMD batches are
/// within the rule's accuracy in every band (the array pass then skips its lane-rescue
/// check for it); and `precision`, a
/// `ctdiff::rule_precision` that lets `value` run in a wider type on plain
/// float and double and round once.
#pragma once

#include <cstddef>
#include <limits>
#include <string_view>
#include <type_traits>
#include <utility>

#include <ctdiff/core/operation_tags.hpp>
#include <ctdiff/number/dual.hpp>
#include <ctdiff/number/jet.hpp>
#include <ctdiff/number/multi_dual.hpp>

namespace ctdiff {

/// Where a rule computes `value` (and a fused `value_and_derivative`) for plain
/// float and double arguments. A rule opts in with a member
/// `static constexpr ctdiff::rule_precision precision = ...;`: the arguments
/// are converted to the wider type, the rule runs there, and the result is
/// rounded once. A formula of many operations, or one that subtracts nearly
/// equal terms, then stays within an ULP or two of the exact result. The dual
/// and jet passes evaluate a rule's derivative through the primitives it names,
/// so they gain too; SIMD batches compute in their own type unless the rule's
/// `batch_precision` says otherwise (see below).
enum class rule_precision {
    working,          ///< in the arguments' own type (the default)
    float_in_double,  ///< float computed in double; double as it is
    /// float in double, and double in long double where long double is wider
    /// (x86-64: a 64-bit significand). Device code, platforms whose long double
    /// is double, and builds defining CTDIFF_NO_EXTENDED_PRECISION compute
    /// double as it is; during constant evaluation the elementary functions
    /// run in double. Long double functions are several times slower than
    /// double ones, so a rule may confine the long double work to where the
    /// double formula falls short, with a member
    /// `static constexpr bool extended_where(double u...)`: double arguments
    /// for which it returns false are computed in double.
    extended,
};

// A rule may also say where SIMD batches compute, which by default is their own type:
// `static constexpr ctdiff::rule_precision batch_precision = ...;`. `float_in_double`
// (or `extended`) computes float batches in double lanes: two double batches per float
// batch, each lane rounded back once, so that a lane gets the scalar route's precision.
// Double batches compute in double (long double has no SIMD lanes).

namespace detail {

/// The rule_precision a rule asks for (`working` when it says nothing).
template <class Rule>
constexpr rule_precision precision_of() noexcept {
    if constexpr (requires {
                      { Rule::precision } -> std::convertible_to<rule_precision>;
                  }) {
        return Rule::precision;
    } else {
        return rule_precision::working;
    }
}

// Device code has no long double (nvcc warns at any mention of it there).
#if defined(__CUDA_ARCH__) || defined(CTDIFF_NO_EXTENDED_PRECISION)
inline constexpr bool long_double_is_wider = false;
using extended_double = double;
#else
inline constexpr bool long_double_is_wider =
    std::numeric_limits<long double>::digits > std::numeric_limits<double>::digits;
using extended_double = long double;
#endif

/// Whether Rule computes plain double arguments in long double.
template <class Rule, class T>
inline constexpr bool extends_double_v =
    std::is_same_v<T, double>&& precision_of<Rule>() == rule_precision::extended&& long_double_is_wider;

/// The type Rule computes in for plain arguments of type T.
template <class Rule, class T>
using compute_t =
    std::conditional_t<std::is_same_v<T, float> && precision_of<Rule>() != rule_precision::working, double,
                       std::conditional_t<extends_double_v<Rule, T>, extended_double, T>>;

/// The derivatives of a primitive of several arguments, one per argument.
template <class... Es>
struct partial_list : children<std::index_sequence_for<Es...>, Es...> {
    static constexpr std::size_t size = sizeof...(Es);
    using children<std::index_sequence_for<Es...>, Es...>::children;
    constexpr partial_list() = default;
    template <std::size_t I>
    CTDIFF_HOST_DEVICE constexpr decltype(auto) get() const noexcept {
        return child_at<I>(*this);
    }
};

/// Values of a rule's slots during numeric evaluation of its derivative.
template <class S, class... Ts>
struct slot_environment : children<std::index_sequence_for<Ts...>, Ts...> {
    using scalar_type = S;
    using children<std::index_sequence_for<Ts...>, Ts...>::children;
    template <std::size_t I>
    CTDIFF_HOST_DEVICE constexpr decltype(auto) get() const noexcept {
        return child_at<I>(*this);
    }
};
/// An environment Env marked as carrying a float computation in double: the slots of
/// detail::eval_partial's partials of a float rule, rule_precision_op's widened bindings,
/// and the partials of a float rule's jets and hyper-duals over double. The primitives
/// evaluated in it compute as they do for float, in double, and keep double
/// (function_op::eval, float_in_double_view), where plain doubles of a rule that asks for
/// extended precision would compute in long double (ten times as long).
template <class Env>
struct float_in_double_env : Env {
    static constexpr bool float_in_double = true;
};
template <class Env>
CTDIFF_HOST_DEVICE constexpr float_in_double_env<Env> in_double_for_float(const Env& env) noexcept {
    return {env};
}
/// env for a computation of S carried in W: marked (in_double_for_float) where float is
/// carried in double, env itself otherwise.
template <class S, class W, class Env>
CTDIFF_HOST_DEVICE constexpr auto carried_in(const Env& env) noexcept {
    if constexpr (std::is_same_v<S, float> && std::is_same_v<W, double>) {
        return in_double_for_float(env);
    } else {
        return env;
    }
}
/// Whether an environment carries a float computation in double (float_in_double_env).
template <class Env>
inline constexpr bool computes_float_in_double_v = requires {
    requires Env::float_in_double;
};

/// The number slot I of environment Env holds.
template <class Env, std::size_t I>
using slot_value_t = std::remove_cvref_t<decltype(std::declval<const Env&>().template get<I>())>;

template <bool Numbers, class... Ts>
struct slot_scalar {
    using type = void;  // slots bound to expressions (substitution in d())
};
template <class... Ts>
struct slot_scalar<true, Ts...> {
    using type = std::common_type_t<scalar_of_t<Ts>...>;
};
template <class... Ts>
CTDIFF_HOST_DEVICE constexpr auto make_slot_environment(const Ts&... ts) noexcept {
    using S = typename slot_scalar<(number<Ts> && ...), Ts...>::type;
    return slot_environment<S, Ts...>{ts...};
}

}  // namespace detail

/// The derivative of a rule of several arguments: `partials(d_du, d_dw)`.
template <class... Es>
CTDIFF_HOST_DEVICE constexpr auto partials(const Es&... es) noexcept {
    return detail::partial_list<detail::expression_t<Es>...>{detail::as_expression(es)...};
}

/// \name The rule contract
/// What a rule of Arity arguments must and may define, checked in one place:
/// `detail::check_rule<Rule, Arity>()` (on the first use of its function object)
/// gives one line per mistake, naming the member and the API; the public concept
/// `ctdiff::primitive_rule<Rule, Arity>` is the same checks as a predicate.
///
/// Required: `name` (convertible to std::string_view), `value(u...)` callable on
/// plain doubles, `derivative(u..., y)` (an expression; several arguments:
/// `partials(...)`, one per argument). Optional: `latex` (convertible to
/// std::string_view), `precision` (a ctdiff::rule_precision), `extended_where(double...)`
/// returning bool (read with `precision = rule_precision::extended`),
/// `value_and_derivative(u...)` returning `dual<T>` (one number per argument: the value
/// and the partial in the first argument), and `batch_exact` (a bool, or a bool variable
/// template over float and double). C++ cannot list a
/// class's members, so a misspelt optional member would be ignored silently; the
/// near misses below (plural and singular, a missing or extra underscore, common
/// typos, capitals) are rejected by name instead.
/// @{

/// Near misses of the rule's member names: X(correct, misspelt). One table, used
/// for the detection and the messages.
// clang-format off
#define CTDIFF_RULE_NEAR_MISSES(X) \
    X(name, Name) X(name, names) X(name, name_) X(name, rule_name) \
    X(value, Value) X(value, values) X(value, value_) X(value, val) \
    X(derivative, Derivative) X(derivative, derivatives) X(derivative, derivate) X(derivative, deriv) \
    X(derivative, derivitive) X(derivative, derivation) X(derivative, derivative_) X(derivative, diff) \
    X(latex, Latex) X(latex, LaTeX) X(latex, LATEX) X(latex, latex_) \
    X(latex, latex_name) X(latex, tex) \
    X(precision, Precision) X(precision, precisions) X(precision, precission) X(precision, precison) \
    X(precision, presicion) X(precision, percision) X(precision, precision_) X(precision, rule_precision) \
    X(extended_where, extended_were) X(extended_where, extend_where) X(extended_where, extends_where) X(extended_where, extendedwhere) \
    X(extended_where, extended_wheres) X(extended_where, extended_when) X(extended_where, extended_where_) X(extended_where, Extended_where) \
    X(extended_where, extended_if) \
    X(value_and_derivative, value_and_derivatives) X(value_and_derivative, value_and_deriv) X(value_and_derivative, value_derivative) X(value_and_derivative, values_and_derivatives) \
    X(value_and_derivative, valueandderivative) X(value_and_derivative, value_and_derivative_) X(value_and_derivative, value_and_diff) X(value_and_derivative, Value_and_derivative) \
    X(batch_exact, batches_exact) X(batch_exact, batch_exacts) X(batch_exact, batchexact) X(batch_exact, batch_exact_) \
    X(batch_exact, Batch_exact) X(batch_exact, exact_batch) X(batch_exact, exact_batches) X(batch_exact, batch_is_exact)
// clang-format on

namespace detail {

/// One field per name the checks look for: the optional members and the near
/// misses. A class derived from the rule and from this one makes a lookup of such a
/// name ambiguous exactly when the rule has a member of that name, whatever its kind
/// (data member, function, function template).
struct rule_member_probe_fields {
#define CTDIFF_RULE_PROBE_FIELD(correct, misspelt) int misspelt;
    CTDIFF_RULE_NEAR_MISSES(CTDIFF_RULE_PROBE_FIELD)
#undef CTDIFF_RULE_PROBE_FIELD
    int latex, precision, extended_where, value_and_derivative, batch_exact;
};
template <class Rule, bool = std::is_class_v<Rule> && !std::is_final_v<Rule>>
struct rule_member_probe : rule_member_probe_fields {};  // a rule that is not a class has no members
template <class Rule>
struct rule_member_probe<Rule, true> : Rule, rule_member_probe_fields {};

#define CTDIFF_RULE_HAS_MEMBER(member)                        \
    template <class Rule>                                     \
    inline constexpr bool rule_has_##member##_v = !requires { \
        &rule_member_probe<Rule>::member;                     \
    };
#define CTDIFF_RULE_HAS_NEAR_MISS(correct, misspelt) CTDIFF_RULE_HAS_MEMBER(misspelt)
CTDIFF_RULE_NEAR_MISSES(CTDIFF_RULE_HAS_NEAR_MISS)
CTDIFF_RULE_HAS_MEMBER(latex)
CTDIFF_RULE_HAS_MEMBER(precision)
CTDIFF_RULE_HAS_MEMBER(extended_where)
CTDIFF_RULE_HAS_MEMBER(value_and_derivative)
CTDIFF_RULE_HAS_MEMBER(batch_exact)
#undef CTDIFF_RULE_HAS_NEAR_MISS
#undef CTDIFF_RULE_HAS_MEMBER

/// Each part of the contract as a predicate (the concept and the checks share them).
template <class Rule>
inline constexpr bool rule_name_ok_v = requires {
    std::string_view{Rule::name};
};
template <class Rule, std::size_t... I>
constexpr bool rule_value_ok(std::index_sequence<I...>) noexcept {
    return requires { Rule::value(static_cast<double>(I)...); };
}
template <class Rule, std::size_t Arity>
inline constexpr bool rule_value_ok_v = rule_value_ok<Rule>(std::make_index_sequence<Arity>{});
template <class Rule>
inline constexpr bool rule_latex_ok_v = !rule_has_latex_v<Rule> || requires {
    std::string_view{Rule::latex};
};
template <class Rule>
inline constexpr bool rule_precision_ok_v = !rule_has_precision_v<Rule> || requires {
    { Rule::precision } -> std::convertible_to<rule_precision>;
};
template <class Rule, std::size_t... I>
constexpr bool rule_extended_where_ok(std::index_sequence<I...>) noexcept {
    return requires {
        { Rule::extended_where(static_cast<double>(I)...) } -> std::convertible_to<bool>;
    };
}
template <class Rule, std::size_t Arity>
inline constexpr bool rule_extended_where_ok_v =
    !rule_has_extended_where_v<Rule> || rule_extended_where_ok<Rule>(std::make_index_sequence<Arity>{});
template <class Rule, std::size_t... I>
constexpr bool rule_fused_ok(std::index_sequence<I...>) noexcept {
    return requires {
        { Rule::value_and_derivative(static_cast<double>(I)...) } -> std::same_as<dual<double>>;
    };
}
template <class Rule, std::size_t Arity>
inline constexpr bool rule_fused_ok_v =
    !rule_has_value_and_derivative_v<Rule> || rule_fused_ok<Rule>(std::make_index_sequence<Arity>{});
/// batch_exact as a plain member (`Rule::batch_exact` names a value) or as a variable
/// template over the element type (read only then: naming a plain member with
/// `template` is a hard error).
template <class Rule>
constexpr bool rule_batch_exact_ok() noexcept {
    if constexpr (!rule_has_batch_exact_v<Rule>) {
        return true;
    } else if constexpr (requires { Rule::batch_exact; }) {
        return std::is_same_v<std::remove_cvref_t<decltype(Rule::batch_exact)>, bool>;
    } else if constexpr (requires {
                             Rule::template batch_exact<float>;
                             Rule::template batch_exact<double>;
                         }) {
        return std::is_same_v<std::remove_cvref_t<decltype(Rule::template batch_exact<float>)>, bool> &&
               std::is_same_v<std::remove_cvref_t<decltype(Rule::template batch_exact<double>)>, bool>;
    } else {
        return false;
    }
}
template <class Rule>
inline constexpr bool rule_batch_exact_ok_v = rule_batch_exact_ok<Rule>();
/// Whether Rule has `derivative(args..., y)` for the argument slots Seq.
template <class Rule, class Seq>
inline constexpr bool has_derivative_v = false;
template <class Rule, std::size_t... I>
inline constexpr bool has_derivative_v<Rule, std::index_sequence<I...>> = requires {
    Rule::derivative(slot<I>{}..., slot<sizeof...(I)>{});
};
template <class Rule>
inline constexpr bool rule_spelling_ok_v =
#define CTDIFF_RULE_NOT_MISSPELT(correct, misspelt) !rule_has_##misspelt##_v<Rule>&&
    CTDIFF_RULE_NEAR_MISSES(CTDIFF_RULE_NOT_MISSPELT) true;
#undef CTDIFF_RULE_NOT_MISSPELT

// One static_assert per mistake, its message naming the API of the rule's arity.
#define CTDIFF_RULE_ASSERT(condition, message)                                     \
    if constexpr (Arity == 1) {                                                    \
        static_assert(condition, "ctdiff::unary_function<Rule>: " message);        \
    } else if constexpr (Arity == 2) {                                             \
        static_assert(condition, "ctdiff::binary_function<Rule>: " message);       \
    } else {                                                                       \
        static_assert(condition, "ctdiff::primitive_function<Rule, N>: " message); \
    }

/// The members of the contract (all but derivative, which is checked where the
/// partials are formed: its expression may name primitives whose own rules name
/// this one, as tanh' = sech2 and sech2' uses tanh). Returns true; a mistake is a
/// static_assert naming the member.
template <class Rule, std::size_t Arity>
constexpr bool check_rule_members() noexcept {
    CTDIFF_RULE_ASSERT(rule_name_ok_v<Rule>, "Rule must define static constexpr std::string_view name")
    CTDIFF_RULE_ASSERT((rule_value_ok_v<Rule, Arity>),
                       "Rule must define static value(u...) taking one number per argument")
    CTDIFF_RULE_ASSERT(rule_latex_ok_v<Rule>, "Rule::latex must be convertible to std::string_view")
    CTDIFF_RULE_ASSERT(rule_precision_ok_v<Rule>, "Rule::precision must be a ctdiff::rule_precision")
    CTDIFF_RULE_ASSERT((rule_extended_where_ok_v<Rule, Arity>),
                       "Rule::extended_where must be static bool extended_where(double...), one per argument")
    CTDIFF_RULE_ASSERT((rule_fused_ok_v<Rule, Arity>),
                       "Rule::value_and_derivative(u) must return ctdiff::dual<T> (several arguments: "
                       "value_and_derivative(u, p...), one number per argument, the partial in u)")
    CTDIFF_RULE_ASSERT(rule_batch_exact_ok_v<Rule>,
                       "Rule::batch_exact must be a static constexpr bool, or a bool variable template "
                       "over the lanes' element type (float, double)")
#define CTDIFF_RULE_ASSERT_SPELLING(correct, misspelt) \
    CTDIFF_RULE_ASSERT(!rule_has_##misspelt##_v<Rule>, \
                       "Rule::" #misspelt " is misspelt: the member is spelt " #correct)
    CTDIFF_RULE_NEAR_MISSES(CTDIFF_RULE_ASSERT_SPELLING)
#undef CTDIFF_RULE_ASSERT_SPELLING
    return true;
}

/// Instantiated once per rule, on the first use of its function object.
template <class Rule, std::size_t Arity>
inline constexpr bool rule_members_checked_v = check_rule_members<Rule, Arity>();

}  // namespace detail

/// A rule that defines a primitive of Arity arguments (see the file comment): its
/// required members present, its optional members of the right types, and no
/// misspelt member among the near misses ctdiff knows.
/// `static_assert(ctdiff::primitive_rule<my_rule>)` beside a rule states it.
template <class Rule, std::size_t Arity = 1>
concept primitive_rule = detail::rule_name_ok_v<Rule> && detail::rule_value_ok_v<Rule, Arity> &&
    detail::has_derivative_v<Rule, std::make_index_sequence<Arity>> && detail::rule_latex_ok_v<Rule> &&
    detail::rule_precision_ok_v<Rule> && detail::rule_extended_where_ok_v<Rule, Arity> &&
    detail::rule_fused_ok_v<Rule, Arity> && detail::rule_batch_exact_ok_v<Rule> &&
    detail::rule_spelling_ok_v<Rule>;

/// @}

namespace detail {

/// Stands for the partials of a rule that lacks its derivative (after the error).
struct missing_partials {
    static constexpr std::size_t size = 0;
    template <std::size_t>
    CTDIFF_HOST_DEVICE constexpr constant<0> get() const noexcept {
        return {};
    }
};

template <class Rule, std::size_t Arity>
constexpr auto make_rule_partials() noexcept {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
        // The checks stand in if constexpr branches so that a missing rule gives one error.
        if constexpr (Arity == 1 && !has_derivative_v<Rule, std::make_index_sequence<Arity>>) {
            static_assert(always_false_v<Rule>,
                          "ctdiff::unary_function<Rule>: Rule must define static derivative(u, y)");
            return missing_partials{};
        } else if constexpr (Arity == 1) {
            return partial_list<expression_t<decltype(Rule::derivative(slot<0>{}, slot<1>{}))>>{
                as_expression(Rule::derivative(slot<0>{}, slot<1>{}))};
        } else if constexpr (!has_derivative_v<Rule, std::make_index_sequence<Arity>>) {
            CTDIFF_RULE_ASSERT(
                always_false_v<Rule>,
                "Rule must define static derivative(args..., y) returning ctdiff::partials(...)")
            return missing_partials{};
        } else {
            return Rule::derivative(slot<I>{}..., slot<Arity>{});
        }
    }
    (std::make_index_sequence<Arity>{});
}

template <class Rule, std::size_t Arity>
using rule_partials_t = decltype(make_rule_partials<Rule, Arity>());

template <class Rule, std::size_t Arity>
inline constexpr rule_partials_t<Rule, Arity> rule_partials_v = make_rule_partials<Rule, Arity>();

/// The I-th partial of Rule (empty partials are rebuilt, which device code can use).
template <class Rule, std::size_t Arity, std::size_t I>
CTDIFF_HOST_DEVICE constexpr auto rule_partial() noexcept {
    using P = rule_partials_t<Rule, Arity>;
    CTDIFF_RULE_ASSERT(P::size == Arity, "Rule::derivative must give ctdiff::partials(...), one per argument")
    if constexpr (std::is_empty_v<P>) {
        return P{}.template get<I>();
    } else {
        return rule_partials_v<Rule, Arity>.template get<I>();
    }
}

#undef CTDIFF_RULE_ASSERT

template <class Rule, std::size_t Arity, std::size_t I>
inline constexpr bool rule_partial_is_zero_v = is_zero_v<decltype(rule_partial<Rule, Arity, I>())>;

template <class Rule, class T>
concept fused_rule = math::is_plain_v<T> && requires(const T& u) {
    { Rule::value_and_derivative(u) } -> std::same_as<dual<T>>;
};
/// Whether Rule of Arity arguments gives its value and its partial in the first argument
/// together for plain T (`value_and_derivative(u, p...)`).
template <class Rule, class T, std::size_t... I>
constexpr bool fused_first_ok(std::index_sequence<I...>) noexcept {
    return requires(const T& u) {
        { Rule::value_and_derivative(((void)I, u)...) } -> std::same_as<dual<T>>;
    };
}
template <class Rule, class T, std::size_t Arity>
concept fused_first_rule = math::is_plain_v<T> && fused_first_ok<Rule, T>(std::make_index_sequence<Arity>{});

/// Whether Rule says its SIMD batches of element type E are within its accuracy in every
/// band, subnormal results, infinities and NaN included (`batch_exact`, a bool, or a
/// variable template over E); false when it says nothing.
template <class Rule, class E>
constexpr bool batch_exact_of() noexcept {
    if constexpr (!rule_has_batch_exact_v<Rule> || !rule_batch_exact_ok_v<Rule>) {
        return false;
    } else if constexpr (requires { Rule::batch_exact; }) {
        return static_cast<bool>(Rule::batch_exact);
    } else {
        return static_cast<bool>(Rule::template batch_exact<E>);
    }
}

/// The plain number type a rule computes in, from the plain arguments' types.
template <class... A>
using plain_common_t = std::conditional_t<(std::is_integral_v<A> && ...), double, std::common_type_t<A...>>;

/// A result computed in a wider type, rounded once to T (a plain number, or a number
/// of a kind whose components are rounded).
template <class T, class R>
CTDIFF_HOST_DEVICE constexpr auto round_result(const R& r) noexcept {
    if constexpr (kind_number<R>) {
        return number_kind<R>::template transform<T>([](const auto& c) { return detail::convert<T>(c); }, r);
    } else {
        return detail::convert<T>(r);
    }
}

/// The rule_precision a rule asks for on SIMD batches (`working` when it says nothing).
template <class Rule>
constexpr rule_precision batch_precision_of() noexcept {
    if constexpr (requires {
                      { Rule::batch_precision } -> std::convertible_to<rule_precision>;
                  }) {
        return Rule::batch_precision;
    } else {
        return rule_precision::working;
    }
}

/// Whether Rule computes batches of T (float lanes) in double lanes: it asks for it and
/// T can widen (math::wide_lanes, math/simd.hpp).
template <class Rule, class T>
concept widens_lanes = (batch_precision_of<Rule>() == rule_precision::float_in_double ||
                        batch_precision_of<Rule>() == rule_precision::extended) &&
                       math::has_wide_lanes<T>;

/// A result computed on the two halves of a batch in double lanes, rounded back once.
template <class T, class R>
constexpr auto narrow_lanes(const R& lo, const R& hi) noexcept {
    using L = math::wide_lanes<T>;
    if constexpr (kind_number<R>) {
        return number_kind<R>::template transform<T>(
            [](const auto& l, const auto& h) { return L::narrow(l, h); }, lo, hi);
    } else {
        return L::narrow(lo, hi);
    }
}

/// f on the plain arguments a, in the type Rule computes T in (its rule_precision,
/// and extended_where for double), rounded once to T. SIMD batches of float compute in
/// double lanes where the rule's batch_precision asks for it.
template <class Rule, class T, class F, class... A>
CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE constexpr auto compute_in_precision(const F& f, const A&... a) {
    if constexpr (detail::widens_lanes<Rule, T>) {
        using L = math::wide_lanes<T>;
        return detail::narrow_lanes<T>(f(L::low(detail::convert<T>(a))...),
                                       f(L::high(detail::convert<T>(a))...));
    } else {
        using W = compute_t<Rule, T>;
        if constexpr (std::is_same_v<T, double> && !std::is_same_v<W, T> &&
                      requires { Rule::extended_where(detail::convert<T>(a)...); }) {
            if (!Rule::extended_where(detail::convert<T>(a)...)) return f(detail::convert<T>(a)...);
        }
        return round_result<T>(f(detail::convert<W>(a)...));
    }
}

/// The environment a rule's partials are evaluated in during a jet pass: the
/// slots' jets, of which only the entries up to `order` matter. Primitives met
/// while evaluating a partial compute their jets to that order only
/// (function_op reads it), which bounds the recursion through rules that refer
/// to each other (tanh' = sech2, sech2' = -2 tanh sech2).
template <class S, class... Ts>
struct jet_slot_environment : slot_environment<S, Ts...> {
    std::size_t order;
    CTDIFF_HOST_DEVICE constexpr jet_slot_environment(std::size_t m, const Ts&... ts) noexcept
        : slot_environment<S, Ts...>(ts...), order(m) {}
};
template <class... Ts>
CTDIFF_HOST_DEVICE constexpr auto make_jet_slot_environment(std::size_t m, const Ts&... ts) noexcept {
    using S = typename slot_scalar<(number<Ts> && ...), Ts...>::type;
    return jet_slot_environment<S, Ts...>{m, ts...};
}

template <class Rule, class... A>
CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE constexpr auto apply_rule(const A&... a);

/// Whether eval_partial computes a partial of Rule at slots of number type T (a number of
/// nested kinds over a floating scalar, such as hessian's dual<float>) on the same kinds over
/// the wider scalar the rule computes in.
template <class Rule, std::size_t Arity, class T, class... S>
inline constexpr bool widens_nested_partial_v = [] {
    if constexpr (Arity > 1 && kind_number<T>) {
        using Sc = scalar_of_t<T>;
        return std::is_floating_point_v<Sc> && !std::is_same_v<compute_t<Rule, Sc>, Sc> &&
               ((std::is_same_v<S, T> || std::is_same_v<S, Sc>)&&...);
    } else {
        return false;
    }
}();

/// Partial I of a rule of several arguments at plain slots s (the arguments, then the
/// value), as a T: in the type the rule computes T in (compute_t), rounded once, where the
/// partial is an expression of several nodes (swiglu's silu'(a) b; glu's a sigma'(b)). In T
/// the product of a primitive rounded to T with another argument could scale that rounding
/// (silu'(a) subnormal in float, times b = -995: 497 ULP). One argument: the rule's partial
/// is its derivative primitive, which computes in its own precision.
///
/// On SIMD batches a rule of several arguments with a fused kernel (`value_and_partials`,
/// the gated activations) gives partial I from it: its batches are exact where the partial's
/// expression is not (silu'(a) rounded to a subnormal float times b), which `batch_exact`
/// relies on.
template <class Rule, std::size_t Arity, std::size_t I, class T, class... S>
CTDIFF_HOST_DEVICE constexpr auto eval_partial(const S&... s) {
    using W = compute_t<Rule, T>;
    if constexpr (Arity > 1 && std::is_floating_point_v<T> && !std::is_same_v<W, T> &&
                  (std::is_floating_point_v<S> && ...)) {
        return convert<T>(
            rule_partial<Rule, Arity, I>().eval(carried_in<T, W>(make_slot_environment(convert<W>(s)...))));
    } else if constexpr (widens_nested_partial_v<Rule, Arity, T, S...>) {
        // Numbers of kinds (hessian's dual<float> slots): the same, on those kinds over the
        // wider scalar, each component rounded once.
        using Wide = compute_t<Rule, scalar_of_t<T>>;
        return narrow_to<T>(rule_partial<Rule, Arity, I>().eval(
            carried_in<scalar_of_t<T>, Wide>(make_slot_environment(widen_to<Wide>(s)...))));
    } else if constexpr (sizeof...(S) == Arity + 1 && (std::is_same_v<S, T> && ...) &&
                         batch_partials_rule_v<Rule, T, Arity>) {
        const T slots[] = {s...};
        return [&]<std::size_t... J>(std::index_sequence<J...>) {
            return Rule::value_and_partials(slots[J]...).d[I];
        }
        (std::make_index_sequence<Arity>{});
    } else {
        return rule_partial<Rule, Arity, I>().eval(make_slot_environment(s...));
    }
}

}  // namespace detail

namespace detail {
template <class Rule, std::size_t Arity>
struct float_in_double_view;
}  // namespace detail

/// What a number kind's `apply` sees of a primitive's rule (`number_kind`,
/// number/number.hpp): its value and partials on plain numbers, computed as the rule
/// asks (its precision, its fused kernel). Every member is static.
template <class Rule, std::size_t Arity>
struct rule_view {
    using rule_type = Rule;
    static constexpr std::size_t arity = Arity;
    /// The type the rule computes plain arguments of type T in (its precision: float in
    /// double, double in long double where it asks for it and long double is wider).
    template <class T>
    using compute_type = detail::compute_t<Rule, T>;
    /// The view a kind computes through on numbers of compute_type<T>, each result rounded
    /// to T once (the jet kind, for a rule of several arguments): for float in double,
    /// detail::float_in_double_view, whose primitives compute at float's precision in
    /// double; otherwise this view.
    template <class T>
    using wide_view = std::conditional_t<std::is_same_v<T, float> && std::is_same_v<compute_type<T>, double>,
                                         detail::float_in_double_view<Rule, Arity>, rule_view>;

    /// The value at Arity arguments of type T, computed as the rule asks and rounded to
    /// T (T may be a number of a kind itself: nested duals apply the rule again).
    template <class T, class... V>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr T value(const V&... v) {
        return detail::convert<T>(detail::apply_rule<Rule>(v...));
    }
    /// Whether partial I is identically 0 (it contributes no term).
    template <std::size_t I>
    static constexpr bool partial_is_zero = detail::rule_partial_is_zero_v<Rule, Arity, I>;
    /// Partial I at the plain arguments and the value y, `partial<I, T>(u..., y)`, as a T.
    template <std::size_t I, class T, class... S>
    CTDIFF_HOST_DEVICE static constexpr T partial(const S&... s) {
        return detail::convert<T>(detail::eval_partial<Rule, Arity, I, T>(s...));
    }
    /// Partial I where the arguments and y are numbers of an ordered kind (jets) needed
    /// to order m only: the primitives in the partial compute to that order.
    template <std::size_t I, class... S>
    CTDIFF_HOST_DEVICE static constexpr auto partial_to_order(std::size_t m, const S&... s) {
        return detail::rule_partial<Rule, Arity, I>().eval(detail::make_jet_slot_environment(m, s...));
    }
    /// Whether the rule computes value and derivative together for T (its
    /// `value_and_derivative`; one argument; not where double computes in long double,
    /// which the rule confines to the value's and derivative's own regions).
    template <class T>
    static constexpr bool fused =
        Arity == 1 && detail::fused_rule<Rule, T> && !detail::extends_double_v<Rule, T>;
    /// Whether a rule of several arguments computes its value and its partial in the
    /// first argument together for T (its `value_and_derivative(u, p...)`), which a pass
    /// uses where the first argument is the only one that varies.
    template <class T>
    static constexpr bool fused_first = (Arity > 1) && detail::fused_first_rule<Rule, T, Arity> &&
                                        !detail::extends_double_v<Rule, T>;
    /// The fused value and derivative (several arguments: the partial in the first) at
    /// plain arguments, computed as the rule asks.
    template <class T, class... P>
    /// Inlined with the rule's kernel (CTDIFF_KERNEL_INLINE): out of line, a kernel as large
    /// as gelu_tanh's float lanes stayed a call per batch in a large translation unit.
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative(const T& v,
                                                                                          const P&... p) {
        return detail::compute_in_precision<Rule, T>(
            [](const auto&... u) CTDIFF_KERNEL_INLINE { return Rule::value_and_derivative(u...); }, v, p...);
    }
};

namespace detail {

/// The first argument type that is a number of a kind (void: all plain).
template <class... A>
struct first_of_kind {
    using type = void;
};
template <class A, class... R>
struct first_of_kind<A, R...> {
    using type = std::conditional_t<kind_number<A>, A, typename first_of_kind<R...>::type>;
};

/// Whether kind K can apply a rule of sizeof...(A) arguments.
template <class K, class Rule, class... A>
concept kind_applies = requires(const A&... a) {
    { number_kind<K>::apply(rule_view<Rule, sizeof...(A)>{}, a...) } -> kind_number;
};

/// Applies Rule to numbers: plain values, or numbers of a kind (the first argument's
/// kind among them applies it: number_kind<K>::apply).
template <class Rule, class... A>
CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE constexpr auto apply_rule(const A&... a) {
    using K = typename first_of_kind<A...>::type;
    if constexpr (std::is_void_v<K>) {
        using T = plain_common_t<A...>;
        return compute_in_precision<Rule, T>(
            [](const auto&... v) CTDIFF_KERNEL_INLINE { return Rule::value(v...); }, a...);
    } else if constexpr (!kind_applies<K, Rule, A...>) {
        static_assert(always_false_v<K>,
                      "ctdiff::number_kind<N>: a number kind must define static N apply(rule_view, args...), "
                      "which applies a primitive to its numbers (see number/number.hpp)");
        return K{};
    } else {
        return number_kind<K>::apply(rule_view<Rule, sizeof...(A)>{}, a...);
    }
}

/// Applies Rule to numbers, where numbers of an ordered kind (jets) are needed only up
/// to order m (a rule's partial during a jet pass); anything else as apply_rule does.
template <class Rule, class K, class... A>
struct rule_at_result {
    using type = decltype(apply_rule<Rule>(std::declval<const A&>()...));
};
template <class Rule, class K, class... A>
requires is_ordered_kind_v<K>
struct rule_at_result<Rule, K, A...> {
    using type = K;
};

/// The type of a primitive on slot I of a jet pass's environment Env when that slot
/// holds a number of an ordered kind: that number type (rule_at_result, without
/// instantiating the rule); void otherwise, where the overload of function_op::eval
/// that uses it is not viable. Computed from the types alone: Clang forms this type
/// while it considers the overload, also for nodes the overload does not take.
template <class Env>
concept jet_pass_environment = requires(const Env& e) {
    e.order;
};
template <class Env, std::size_t I, bool = jet_pass_environment<Env>>
struct slot_eval_result {
    using type = void;
};
template <class Env, std::size_t I>
struct slot_eval_result<Env, I, true> {
    using type = std::conditional_t<is_ordered_kind_v<slot_value_t<Env, I>>, slot_value_t<Env, I>, void>;
};

/// Applies Rule to numbers of a float computation carried in double: at plain doubles
/// Rule::value in double, unrounded (float's precision; the rule's extended precision
/// would compute in long double); numbers of a kind through float_in_double_view, so that
/// their primitives do the same.
template <class Rule, class... A>
CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE constexpr auto apply_rule_in_double(const A&... a) {
    using K = typename first_of_kind<A...>::type;
    if constexpr (std::is_void_v<K>) {
        if constexpr ((std::is_same_v<A, double> && ...)) {
            return Rule::value(a...);
        } else {
            return apply_rule<Rule>(a...);
        }
    } else {
        return number_kind<K>::apply(float_in_double_view<Rule, sizeof...(A)>{}, a...);
    }
}

// The return type is spelled out: during a jet pass, rules that refer to each
// other (tanh and sech2) reach this function again with the same arguments,
// and Clang instantiates constexpr functions as soon as they are named.
// InDouble: a float computation carried in double (apply_rule_in_double).
template <class Rule, bool InDouble = false, class... A>
CTDIFF_HOST_DEVICE constexpr typename rule_at_result<Rule, typename first_of_kind<A...>::type, A...>::type
apply_rule_at(std::size_t m, const A&... a) {
    using K = typename first_of_kind<A...>::type;
    if constexpr (is_ordered_kind_v<K>) {
        using View = std::conditional_t<InDouble, float_in_double_view<Rule, sizeof...(A)>,
                                        rule_view<Rule, sizeof...(A)>>;
        return number_kind<K>::apply_to_order(View{}, m, a...);
    } else if constexpr (InDouble) {
        return apply_rule_in_double<Rule>(a...);
    } else {
        return apply_rule<Rule>(a...);
    }
}

/// What a number kind sees of a rule in a float computation carried in double (the jets and
/// hyper-duals over double of a float rule of several arguments, rule_view::wide_view): as
/// rule_view, but numbers of type double compute as float asks, in double. The value is
/// Rule::value in double, unrounded, and the partials are evaluated in environments marked
/// float_in_double_env, so that every primitive they hold does the same.
template <class Rule, std::size_t Arity>
struct float_in_double_view : rule_view<Rule, Arity> {
    template <class T>
    using compute_type = T;
    template <class T>
    using wide_view = float_in_double_view;
    template <class T, class... V>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr T value(const V&... v) {
        return convert<T>(apply_rule_in_double<Rule>(v...));
    }
    template <std::size_t I, class T, class... S>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr T partial(const S&... s) {
        return convert<T>(
            rule_partial<Rule, Arity, I>().eval(in_double_for_float(make_slot_environment(s...))));
    }
    template <std::size_t I, class... S>
    CTDIFF_HOST_DEVICE static constexpr auto partial_to_order(std::size_t m, const S&... s) {
        return rule_partial<Rule, Arity, I>().eval(in_double_for_float(make_jet_slot_environment(m, s...)));
    }
    template <class T>
    static constexpr bool fused = Arity == 1 && fused_rule<Rule, T>;
    template <class T>
    static constexpr bool fused_first = (Arity > 1) && fused_first_rule<Rule, T, Arity>;
    template <class T, class... P>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative(const T& v,
                                                                                          const P&... p) {
        return Rule::value_and_derivative(v, p...);
    }
};

template <class R>
concept has_latex_name = requires {
    std::string_view{R::latex};
};

}  // namespace detail

/// The operation tag of a primitive's node: evaluation and printing come from
/// Rule here, the symbolic derivative from Rule's partials in the derivative
/// layer (derivative/derive.hpp).
template <class Rule>
struct function_op {
    /// A primitive applied to a slot of a rule's jet pass (tanh(u) in tanh_squared's
    /// partial): the return type is spelled out. tanh's partial holds sech2(u) and
    /// sech2's holds tanh(u), so a partial that holds either reaches this function again
    /// with the same arguments, and Clang instantiates constexpr functions as soon as
    /// they are named (a deduced type would not be known yet there).
    template <class Env, std::size_t I>
    requires(!std::is_void_v<typename detail::slot_eval_result<Env, I>::type>) CTDIFF_HOST_DEVICE
        static constexpr typename detail::slot_eval_result<Env, I>::type
        eval(const Env& env, const node<function_op, detail::slot<I>>& n) {
        return detail::apply_rule_at<Rule, detail::computes_float_in_double_v<Env>>(
            env.order, detail::child_at<0>(n).eval(env));
    }
    /// A primitive on numbers: as detail::apply_rule computes it (to order env.order in a jet
    /// pass: detail::apply_rule_at); in an environment that carries a float computation in
    /// double (detail::computes_float_in_double_v), as detail::apply_rule_in_double does: at
    /// double arguments in double and not rounded (float's precision, the partial's range),
    /// numbers of a kind likewise. Written out in eval and eval_children, without a helper
    /// of their own: one function less per primitive node and environment to instantiate.
    template <class Env, class N>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr auto eval(const Env& env, const N& n) {
        if constexpr (N::arity != 1) {
            return eval_children(env, n, std::make_index_sequence<N::arity>{});
        } else if constexpr (requires { env.order; }) {
            return detail::apply_rule_at<Rule, detail::computes_float_in_double_v<Env>>(
                env.order, detail::child_at<0>(n).eval(env));
        } else if constexpr (detail::computes_float_in_double_v<Env>) {
            return detail::apply_rule_in_double<Rule>(detail::child_at<0>(n).eval(env));
        } else {
            return detail::apply_rule<Rule>(detail::child_at<0>(n).eval(env));
        }
    }
    template <class Env, class N, std::size_t... I>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr auto eval_children(const Env& env, const N& n,
                                                                                std::index_sequence<I...>) {
        if constexpr (requires { env.order; }) {
            return detail::apply_rule_at<Rule, detail::computes_float_in_double_v<Env>>(
                env.order, detail::child_at<I>(n).eval(env)...);
        } else if constexpr (detail::computes_float_in_double_v<Env>) {
            return detail::apply_rule_in_double<Rule>(detail::child_at<I>(n).eval(env)...);
        } else {
            return detail::apply_rule<Rule>(detail::child_at<I>(n).eval(env)...);
        }
    }

    template <class... A>
    CTDIFF_HOST_DEVICE static constexpr auto make(const A&... a) noexcept {
        return node<function_op, A...>{a...};
    }
};

/// The function object of a primitive of Arity arguments: applied to
/// expressions it builds a node; applied to numbers (plain, dual, jet, SIMD
/// batch) it computes.
template <class Rule, std::size_t Arity>
struct primitive_function {
    using rule_type = Rule;
    static constexpr std::size_t arity = Arity;

    template <class... A>
    requires(sizeof...(A) == Arity) CTDIFF_HOST_DEVICE constexpr auto operator()(const A&... a) const {
        static_assert(detail::rule_members_checked_v<Rule, Arity>);  // the rule contract, once per rule
        if constexpr ((expression<A> || ...)) {
            static_assert((operand<A> && ...),
                          "ctdiff primitive: arguments must be expressions or arithmetic values");
            return node<function_op<Rule>, detail::expression_t<A>...>{detail::as_expression(a)...};
        } else {
            static_assert((number<A> && ...), "ctdiff primitive: arguments must be expressions or numbers");
            return detail::apply_rule<Rule>(a...);
        }
    }
};

/// A primitive of one argument, defined by one rule (see the file comment).
template <class Rule>
struct unary_function : primitive_function<Rule, 1> {};

/// A primitive of two arguments (an input and a smooth parameter, as prelu).
template <class Rule>
struct binary_function : primitive_function<Rule, 2> {};

}  // namespace ctdiff
