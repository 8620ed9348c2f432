/// \file
/// `check_rule<Rule>()`: what a rule author runs before using a rule. It
/// compiles the rule on every route (plain float and double, duals, jets and a
/// SIMD-like batch) and measures its derivatives against finite differences
/// over a grid, reporting the worst error and where.
///
/// The batch route is checked with `lane_probe`, a plain number type that
/// behaves as a SIMD batch does: its elementary functions come from ctdiff's
/// math backend, its comparisons give masks, and it converts to no built-in
/// type. A rule whose `value()` calls a `std::` function (`std::sqrt(u)`),
/// which works on double and fails on a batch, fails here at compile time with
/// one message naming the fix.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>

#include <ctdiff/core/primitive.hpp>
#include <ctdiff/passes/passes.hpp>

namespace ctdiff {

namespace detail {
template <class>
inline constexpr bool probe_conversion_v = false;
}  // namespace detail

/// The mask of a lane_probe comparison (as a SIMD batch's comparisons give a
/// mask, not a bool).
struct lane_mask {
    bool on;
    friend constexpr lane_mask operator&(lane_mask a, lane_mask b) noexcept { return {a.on && b.on}; }
    friend constexpr lane_mask operator|(lane_mask a, lane_mask b) noexcept { return {a.on || b.on}; }
    friend constexpr lane_mask operator!(lane_mask a) noexcept { return {!a.on}; }
    friend constexpr lane_mask operator~(lane_mask a) noexcept { return {!a.on}; }
};

/// One lane of a SIMD batch, for checking rules (see the file comment). Tag
/// only delays the conversion's diagnostic until a rule uses it.
template <class Tag = void>
struct lane_probe {
    double v;
    constexpr lane_probe() = default;
    constexpr lane_probe(double x) noexcept : v(x) {}  // NOLINT: implicit, as a batch from a scalar
    /// A SIMD batch has no conversion to a built-in number; the probe's only
    /// conversion stops the compilation with the fix. (One conversion, to
    /// double: with more, `std::sqrt(u)` would be ambiguous instead.)
    constexpr operator double() const noexcept {  // NOLINT: implicit, to catch implicit uses
        static_assert(detail::probe_conversion_v<Tag>,
                      "ctdiff::check_rule: the rule's value() converts its argument to a built-in number, as "
                      "std::sqrt(u) or std::exp(u) do; that fails on SIMD batches: write value() with "
                      "ctdiff::math functions (math::sqrt, math::exp, ...) and math::select");
        return v;
    }

    friend constexpr lane_probe operator+(lane_probe a) noexcept { return a; }
    friend constexpr lane_probe operator-(lane_probe a) noexcept { return lane_probe{-a.v}; }
#define CTDIFF_PROBE_ARITHMETIC(op)                                                \
    friend constexpr lane_probe operator op(lane_probe a, lane_probe b) noexcept { \
        return lane_probe{a.v op b.v};                                             \
    }                                                                              \
    template <class U>                                                             \
    requires std::is_arithmetic_v<U>                                               \
    friend constexpr lane_probe operator op(lane_probe a, U b) noexcept {          \
        return lane_probe{a.v op static_cast<double>(b)};                          \
    }                                                                              \
    template <class U>                                                             \
    requires std::is_arithmetic_v<U>                                               \
    friend constexpr lane_probe operator op(U a, lane_probe b) noexcept {          \
        return lane_probe{static_cast<double>(a) op b.v};                          \
    }                                                                              \
    constexpr lane_probe& operator op##=(lane_probe b) noexcept { return *this = *this op b; }
    CTDIFF_PROBE_ARITHMETIC(+)
    CTDIFF_PROBE_ARITHMETIC(-)
    CTDIFF_PROBE_ARITHMETIC(*)
    CTDIFF_PROBE_ARITHMETIC(/)
#undef CTDIFF_PROBE_ARITHMETIC
#define CTDIFF_PROBE_COMPARE(op)                                                                         \
    friend constexpr lane_mask operator op(lane_probe a, lane_probe b) noexcept { return {a.v op b.v}; } \
    template <class U>                                                                                   \
    requires std::is_arithmetic_v<U>                                                                     \
    friend constexpr lane_mask operator op(lane_probe a, U b) noexcept {                                 \
        return {a.v op static_cast<double>(b)};                                                          \
    }                                                                                                    \
    template <class U>                                                                                   \
    requires std::is_arithmetic_v<U>                                                                     \
    friend constexpr lane_mask operator op(U a, lane_probe b) noexcept {                                 \
        return {static_cast<double>(a) op b.v};                                                          \
    }
    CTDIFF_PROBE_COMPARE(<)
    CTDIFF_PROBE_COMPARE(<=)
    CTDIFF_PROBE_COMPARE(>)
    CTDIFF_PROBE_COMPARE(>=)
    CTDIFF_PROBE_COMPARE(==)
    CTDIFF_PROBE_COMPARE(!=)
#undef CTDIFF_PROBE_COMPARE
};

namespace math {
/// lane_probe's math: double's, lane by lane (one lane).
template <class Tag>
struct backend<lane_probe<Tag>> {
    using element_type = double;
    using P = lane_probe<Tag>;
    static P exp(P x) noexcept { return P{math::exp(x.v)}; }
    static P log(P x) noexcept { return P{math::log(x.v)}; }
    static P log1p(P x) noexcept { return P{math::log1p(x.v)}; }
    static P expm1(P x) noexcept { return P{math::expm1(x.v)}; }
    static P sqrt(P x) noexcept { return P{math::sqrt(x.v)}; }
    static P sin(P x) noexcept { return P{math::sin(x.v)}; }
    static P cos(P x) noexcept { return P{math::cos(x.v)}; }
    static P tanh(P x) noexcept { return P{math::tanh(x.v)}; }
    static P erf(P x) noexcept { return P{math::erf(x.v)}; }
    static P erfc(P x) noexcept { return P{math::erfc(x.v)}; }
    static P abs(P x) noexcept { return P{math::abs(x.v)}; }
    static P fma(P a, P b, P c) noexcept { return P{math::fma(a.v, b.v, c.v)}; }
    static lane_mask isnan(P x) noexcept { return {x.v != x.v}; }
    static P select(lane_mask m, P a, P b) noexcept { return m.on ? a : b; }
    static P select(bool m, P a, P b) noexcept { return m ? a : b; }
};
}  // namespace math

/// What check_rule measured: the worst error of the first and second
/// derivatives (dual and jet routes) against central finite differences of the
/// rule's value computed in long double, relative to max(1, |derivative|), and
/// the point of each; and the largest difference between the batch route
/// (lane_probe) and the double route, in the same measure.
struct rule_report {
    double first_error = 0, first_at = 0;
    double second_error = 0, second_at = 0;
    double batch_error = 0, batch_at = 0;
    std::size_t points = 0;
    /// Every measured error at most `tolerance`.
    constexpr bool within(double tolerance) const noexcept {
        return first_error <= tolerance && second_error <= tolerance && batch_error <= tolerance;
    }
};

namespace detail {
template <class Rule>
long double rule_value_long(long double u) {
    return static_cast<long double>(apply_rule<Rule>(u));
}

/// Central difference of order 4 in long double: f'(u) with error O(h^4).
template <class Rule>
long double central_difference(long double u, long double h) {
    const auto f = [](long double t) { return rule_value_long<Rule>(t); };
    return (f(u - 2 * h) - 8 * f(u - h) + 8 * f(u + h) - f(u + 2 * h)) / (12 * h);
}
}  // namespace detail

/// Compiles a unary rule for every route and measures it on `points` points of
/// [lo, hi] (the endpoints included). A rule with a kink is measured away
/// from it: keep its kink out of the grid, or read the report's positions.
template <class Rule>
rule_report check_rule(double lo = -8.0, double hi = 8.0, std::size_t points = 161) {
    static_assert(
        requires { std::string_view{Rule::name}; },
        "ctdiff::check_rule: Rule needs static constexpr std::string_view name");
    static_assert(
        requires(double u) { Rule::value(u); },
        "ctdiff::check_rule: Rule needs a static value(u) template for plain numbers");
    static_assert(
        requires(double u) { Rule::derivative(u, u); },
        "ctdiff::check_rule: Rule needs a static derivative(u, y) giving an expression");
    const unary_function<Rule> f{};
    // Every route compiles: plain float and double, duals, jets, the batch probe.
    static_cast<void>(f(1.0f));
    static_cast<void>(f(dual<float>{1.0f, 1.0f}));
    static_cast<void>(f(jet<double, 4>{}));
    static_cast<void>(f(lane_probe<Rule>{1.0}));
    rule_report r{};
    r.points = points;
    const auto measure = [](double& worst, double& where, double got, long double want, double x) {
        const double e = static_cast<double>(std::fabs(static_cast<long double>(got) - want) /
                                             std::fmax(1.0L, std::fabs(want)));
        if (!(e <= worst)) {  // NaN counts as the worst
            worst = std::isnan(e) ? std::numeric_limits<double>::infinity() : e;
            where = x;
        }
    };
    for (std::size_t i = 0; i < points; ++i) {
        const double x =
            points == 1 ? lo : lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(points - 1);
        const long double h = 1.0e-3L * std::fmax(1.0L, std::fabs(static_cast<long double>(x)));
        const dual<double> v = f(dual<double>{x, 1.0});
        measure(r.first_error, r.first_at, v.derivative, detail::central_difference<Rule>(x, h), x);
        // f'' by differences of the dual route's f' (in long double through the rule's derivative).
        const auto dd = [&](long double t) {
            return static_cast<long double>(f(dual<long double>{t, 1.0L}).derivative);
        };
        const long double second = (dd(x - 2 * h) - 8 * dd(x - h) + 8 * dd(x + h) - dd(x + 2 * h)) / (12 * h);
        jet<double, 2> j{};
        j.d[0] = x;
        j.d[1] = 1.0;
        measure(r.second_error, r.second_at, f(j).d[2], second, x);
        measure(r.batch_error, r.batch_at, f(lane_probe<Rule>{x}).v, static_cast<long double>(f(x)), x);
    }
    return r;
}

}  // namespace ctdiff
