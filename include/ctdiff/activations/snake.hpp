/// \file
/// `snake(x, alpha = 1)`: \f$x + \frac{\sin^2(\alpha x)}{\alpha}\f$ (Ziyin et
/// al., the periodic activation of BigVGAN), alpha a trainable frequency.
///
/// \f$\partial_x = 1 + \sin(2\alpha x)\f$, the primitive `dsnake`, computed
/// where it vanishes (\f$\sin(2\alpha x) = -1\f$, double zeros) as
/// \f$\cos^2(2\alpha x)/(1 - \sin(2\alpha x))\f$, with \f$\alpha x\f$ carried
/// as an unevaluated sum (`fma`), so it keeps its digits next to them where
/// \f$1 + \sin\f$ cancels; \f$\partial_x^2 = 2\alpha\cos(2\alpha x)\f$.
/// \f$\sin(2\alpha x)\f$ and \f$\cos(2\alpha x)\f$ are the helper primitives
/// `snake_sin2` and `snake_cos2` (each the other's derivative, computed the same
/// way), so that higher orders neither cancel nor overflow in 2 alpha x.
/// \f$\partial_\alpha = \sin t\,(2t\cos t - \sin t)/\alpha^2\f$, t = alpha x, the
/// primitive `dsnake_dalpha`, computed as
/// \f$(\sin t/\alpha)((2t\cos t - \sin t)/\alpha)\f$. alpha is a number or any
/// expression. alpha = 0 gives the limit x, with the limits of the derivatives:
/// \f$\partial_x = 1\f$, \f$\partial_x^2 = 0\f$, \f$\partial_\alpha = x^2\f$,
/// \f$\partial_\alpha^2 = 0\f$. The second partial in alpha,
/// \f$2(x^2\cos(2\alpha x) - \partial_\alpha)/\alpha\f$, subtracts nearly equal
/// terms where alpha x is small (its error grows as \f$1/(\alpha x)^2\f$): it is
/// outside the 4-ULP promise. Float is computed in double, double in extended
/// precision (`rule_precision::extended`). snake(±inf) = ±inf (the derivatives
/// there: `activation_info_of` below).
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/rule_toolkit.hpp>
#include <ctdiff/functions/abs.hpp>
#include <ctdiff/functions/sin_cos.hpp>
#include <ctdiff/math/double_word.hpp>

namespace ctdiff {

namespace snake_impl {

/// sin(2 alpha x) and cos(2 alpha x), with alpha x = t + tl carried exactly (`fma`)
/// and the sums taken to first order in tl: right next to their zeros too.
template <class T>
struct snake_pair {
    T sin2, cos2;
};
template <class T>
CTDIFF_HOST_DEVICE constexpr snake_pair<T> snake_sin_cos2(T u, T alpha) noexcept {
    const T two = number_cast<T>(2);
    const auto [t, tl] = math::two_prod(alpha, u);
    const T s0 = math::sin(two * t), c0 = math::cos(two * t);
    return {s0 + two * tl * c0, c0 - two * tl * s0};
}

/// 1 + sin(2 alpha x) from sin(2 alpha x) and cos(2 alpha x), as cos^2 / (1 - sin) where
/// sin < 0 (no cancellation at the double zeros; cos's error is amplified up to 4 times).
template <class T>
CTDIFF_HOST_DEVICE constexpr T one_plus_sin_from_pair(T u, T alpha) noexcept {
    const T one = number_cast<T>(1);
    const auto [s, c] = snake_sin_cos2(u, alpha);
    return math::select(s >= number_cast<T>(0), one + s, c * c / (one - s));
}

/// 1 + sin(2 alpha x) as 2 sin^2(alpha x + pi/4), with alpha x + pi/4 carried as an
/// unevaluated sum (alpha x by `fma`, pi/4 in two parts) and its sin as hi + lo
/// (`math::sin_of_sum`, within 0.24 ULP on batches before it rounds): sin's error is only
/// doubled, next to the double zeros too, where 1 + sin cancels and cos^2 / (1 - sin)
/// would amplify the error of cos up to 4 times. For double and long double (batches
/// included); other types (high precision) take cos^2 / (1 - sin) where sin < 0.
template <class T>
inline constexpr bool quarter_shift_for =
    std::is_same_v<element_type_t<T>, double> || std::is_same_v<element_type_t<T>, long double>;
template <class T>
CTDIFF_HOST_DEVICE constexpr T one_plus_sin2(T u, T alpha) noexcept {
    using E = element_type_t<T>;
    constexpr bool x87 = std::is_same_v<E, long double> && std::numeric_limits<long double>::digits == 64;
    const T quarter_hi =
        x87 ? number_cast<T>(E(0xc.90fdaa22168c235p-4L)) : number_cast<T>(E(0x1.921fb54442d18p-1));
    const T quarter_lo =
        x87 ? number_cast<T>(E(-0x1.d9cceba3f91f2p-67L)) : number_cast<T>(E(0x1.1a62633145c07p-55));
    const auto [t, tl] = math::two_prod(alpha, u);
    const math::double_word<T> phi = math::two_sum(t, quarter_hi);
    const T phi_lo = phi.lo + (tl + quarter_lo);
    // sin(phi) = w.hi + w.lo, squared as an unevaluated sum: the only roundings left are
    // sin's own and the last one.
    const math::double_word<T> w = math::sin_of_sum(phi.hi, phi_lo);
    const math::double_word<T> w2 = math::two_prod(w.hi, w.hi);
    return number_cast<T>(2) * (w2.hi + (w2.lo + number_cast<T>(2) * w.hi * w.lo));
}

}  // namespace snake_impl

/// sin(2 alpha x) (Sine) or cos(2 alpha x), a helper primitive of snake's
/// derivatives: the partials of one are the other's, K counting how many times
/// it was differentiated. Past K = 8 (beyond any jet order) the partials are the
/// elementary sin and cos of 2 alpha x: the rules form a chain, not a cycle.
template <bool Sine, int K>
struct snake_wave_rule {
    static constexpr std::string_view name = Sine ? "snake_sin2" : "snake_cos2";
    static constexpr std::string_view latex = Sine ? "\\sin_{2\\alpha}" : "\\cos_{2\\alpha}";
    static constexpr rule_precision precision = rule_precision::extended;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T alpha) noexcept {
        const auto w = snake_impl::snake_sin_cos2(u, alpha);
        if constexpr (Sine) {
            return w.sin2;
        } else {
            return w.cos2;
        }
    }
    /// The other function: d sin2 = cos2 d(2 alpha x), d cos2 = -sin2 d(2 alpha x).
    static constexpr auto other(auto u, auto alpha) noexcept {
        if constexpr (K >= 8) {
            if constexpr (Sine) {
                return cos(int_c<2> * alpha * u);
            } else {
                return sin(int_c<2> * alpha * u);
            }
        } else {
            return binary_function<snake_wave_rule<!Sine, K + 1>>{}(u, alpha);
        }
    }
    static constexpr auto derivative(auto u, auto alpha, auto) noexcept {
        if constexpr (Sine) {
            return partials(int_c<2> * alpha * other(u, alpha), int_c<2> * (u * other(u, alpha)));
        } else {
            return partials(-(int_c<2> * alpha * other(u, alpha)), -(int_c<2> * (u * other(u, alpha))));
        }
    }
};

/// sin(2 alpha x), a helper primitive of snake's derivatives.
inline constexpr binary_function<snake_wave_rule<true, 0>> snake_sin2{};
/// cos(2 alpha x), a helper primitive of snake's derivatives.
inline constexpr binary_function<snake_wave_rule<false, 0>> snake_cos2{};

/// The partial of snake in alpha: g = (sin t / alpha)((2 t cos t - sin t) / alpha),
/// t = alpha x; x^2 at alpha = 0. Rule: dg/dx = 2 x cos(2 alpha x),
/// dg/dalpha = 2 (x^2 cos(2 alpha x) - g) / alpha (0 at alpha = 0).
struct dsnake_dalpha_rule {
    static constexpr std::string_view name = "dsnake_dalpha";
    static constexpr std::string_view latex = "\\operatorname{snake}_\\alpha";
    static constexpr rule_precision precision = rule_precision::extended;
    // Float batches in double lanes, where alpha x is exact (float lanes: 1e5 ULP at alpha = 3).
    static constexpr rule_precision batch_precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T alpha) noexcept {
        // alpha x = t + tl carried exactly, sin and cos of it to first order in tl, and
        // t cos t as an unevaluated sum: 2 t cos t - sin t cancels near tan t = 2t.
        const T two = number_cast<T>(2);
        const auto [t, tl] = math::two_prod(alpha, u);
        const T s0 = math::sin(t), c0 = math::cos(t);
        const T s = s0 + tl * c0, c = c0 - tl * s0;
        const math::double_word<T> tc = math::two_prod(t, c);
        const T w = (two * tc.hi - s) + two * (tc.lo + tl * c);
        const T inside = (s / alpha) * (w / alpha);
        return math::select(alpha == number_cast<T>(0), u * u, inside);
    }
    static constexpr auto derivative(auto u, auto alpha, auto y) noexcept {
        const auto c2 = snake_cos2(u, alpha);
        return partials(int_c<2> * (u * c2),
                        select(abs(alpha) > int_c<0>, int_c<2> * (u * u * c2 - y) / alpha, int_c<0>));
    }
};

/// snake's partial in alpha.
inline constexpr binary_function<dsnake_dalpha_rule> dsnake_dalpha{};

/// snake'(x) = 1 + sin(2 alpha x), as cos^2 / (1 - sin) where sin < 0 (no
/// cancellation at the double zeros). Rule: partials 2 alpha cos(2 alpha x) and
/// 2 x cos(2 alpha x).
struct dsnake_rule {
    static constexpr std::string_view name = "dsnake";
    static constexpr std::string_view latex = "\\operatorname{snake}'";
    static constexpr rule_precision precision = rule_precision::extended;
    // Float batches in double lanes too (4.1 ULP in float lanes).
    static constexpr rule_precision batch_precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T alpha) noexcept {
        if constexpr (snake_impl::quarter_shift_for<T>) {
            // Up to |alpha x| = 2^20, where alpha x + pi/4 is carried to first order in its
            // low part; beyond, as for other types (there 2 alpha x is what is exact).
            const T shifted = snake_impl::one_plus_sin2(u, alpha);
            const auto near = math::abs(alpha * u) < number_cast<T>(0x1p20);
            if (math::all_lanes<T>(near)) return shifted;
            return math::select(near, shifted, snake_impl::one_plus_sin_from_pair(u, alpha));
        } else {
            return snake_impl::one_plus_sin_from_pair(u, alpha);
        }
    }
    static constexpr auto derivative(auto u, auto alpha, auto) noexcept {
        const auto c2 = snake_cos2(u, alpha);
        return partials(int_c<2> * alpha * c2, int_c<2> * (u * c2));
    }
};

/// The derivative of snake in x.
inline constexpr binary_function<dsnake_rule> dsnake{};

struct snake_rule {
    static constexpr std::string_view name = "snake";
    static constexpr std::string_view latex = "\\operatorname{snake}";
    static constexpr rule_precision precision = rule_precision::extended;
    // Float batches in double lanes, where alpha x is exact (float lanes: 4.7 ULP at alpha = 0.75).
    static constexpr rule_precision batch_precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T alpha) noexcept {
        // x + sin^2(t) / alpha, t = alpha x, cancels for x alpha < 0 (up to 2.6 times): t is
        // carried exactly (t + tl, `fma`), sin(t + tl) as hi + lo (`math::sin_of_sum`), and
        // every later step is exact (unevaluated sums) up to the last rounding, so that only
        // sin's own error, doubled by the square, is amplified. s / alpha first, not s^2: no
        // underflow for a tiny alpha; as q + ql, q = s / alpha to within an ULP or so (one
        // division, for 1 / alpha) and ql from the remainder s - q alpha (exact by `fma`).
        const auto [t, tl] = math::two_prod(alpha, u);
        const math::double_word<T> s = math::sin_of_sum(t, tl);
        const T inv = number_cast<T>(1) / alpha;
        const T q = s.hi * inv;
        const T ql = (math::fnma(q, alpha, s.hi) + s.lo) * inv;
        const math::double_word<T> p = math::two_prod(s.hi, q);
        const math::double_word<T> r = math::two_sum(u, p.hi);
        const T inside = r.hi + (r.lo + (p.lo + (s.hi * ql + s.lo * q)));
        // alpha = 0: the limit x; x = +-inf: x (sin is NaN there, the bounded term does not matter).
        const T big = number_cast<T>(std::numeric_limits<element_type_t<T>>::max());
        return math::select(alpha == number_cast<T>(0), u, math::select(math::abs(u) > big, u, inside));
    }
    static constexpr auto derivative(auto u, auto alpha, auto) noexcept {
        return partials(dsnake(u, alpha), dsnake_dalpha(u, alpha));
    }
};

/// `snake(x)`: alpha defaults to 1.
struct snake_t : defaulted_parameter_function<snake_rule, 1> {};

/// The snake activation: `snake(x)`, `snake(x, 0.5)`, `snake(x, a)`.
inline constexpr snake_t snake{};

/// snake's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"snake">{
    .definition = R"(x + \frac{\sin^{2}(\alpha x)}{\alpha},\quad \alpha = 1)",
    .conventions =
        "Smooth. The derivative 1 + sin(2 alpha x) has double zeros, where it is computed as cos^2(2 alpha "
        "x) / (1 - sin(2 alpha x)) with alpha x carried exactly: no cancellation. alpha = 0 gives the limit "
        "x (derivative 1, partial in alpha x^2); at +-inf the derivatives oscillate and are NaN.",
    .derivatives =
        R"(\operatorname{snake}'(x) = 1 + \sin(2\alpha x))"
        "\n"
        R"(\frac{\partial}{\partial\alpha}\operatorname{snake}(x) = \frac{\sin(\alpha x)\,(2\alpha x\cos(\alpha x) - \sin(\alpha x))}{\alpha^{2}})",
    .parameters = {{.name = "alpha", .value = 1.0, .smooth = true}},
    // sin reduces |x| below 1e6 well; alpha below 1e3, and 0 or 1e-100 from it.
    .finite_where =
        [](double x, double p) {
            return x < 1e6 && x > -1e6 && p < 1e3 && p > -1e3 && (p == 0 || p > 1e-100 || p < -1e-100);
        },
};

/// snake's reference, the accuracy suite's oracle: x + sin^2(x) (alpha = 1)
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"snake"> {
    /// Its derivatives oscillate at +-inf: only the value has a limit.
    static constexpr int orders_with_limits = 1;
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        return x + sin(x) * sin(x);
    }
};

}  // namespace ctdiff
