/// \file
/// `celu(x, alpha = 1)`: x for x > 0, else alpha * (exp(x / alpha) - 1).
///
/// t = x / alpha is rounded; its rounding error is recovered exactly (`fma`) and
/// corrected for, in the value and in \f$e^t\f$ (the primitives `celu_gate`,
/// \f$e^{x/\alpha}\f$, and `celu_dgate`, \f$e^{x/\alpha}/\alpha\f$, computed in long
/// double where \f$e^t\f$ is subnormal in double), since exp multiplies it by |t|.
/// With t = x / alpha: \f$\partial_x = 1\f$ for x > 0, else \f$e^t\f$;
/// \f$\partial_\alpha = 0\f$ for x > 0, else \f$g(t) = e^t - 1 - t e^t\f$, the
/// primitive `dcelu_dalpha` (rule \f$g'(t) = -t e^t\f$), which sums g's series
/// for |t| < 1, where the closed form cancels. Past t = -1000 (x = -inf, or x / alpha beyond exp's
/// range for a tiny or subnormal alpha) the partials are their limits 0 and
/// -1, constants: t e^t would be inf * 0 there, and a higher order would
/// multiply 0 by an overflowed dt/dalpha (conventions at kinks and limits: `activation_info_of` below). alpha
/// is a number or any expression. Outside its domain, as PyTorch computes the formula: a negative alpha gives
/// t > 0, the value grows and overflows to -inf, not NaN (the partials overflow to inf and -inf past t = 88.7
/// in float, 709.8 in double); alpha = 0 (which PyTorch rejects) gives NaN for x <= 0. For a subnormal alpha
/// with t within exp's range, the second partials scale as 1/alpha and overflow: each is then inf, but a jet
/// in x and alpha together sums them with opposite signs and gives NaN, where the true value (which overflows
/// too) would be inf.
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/rule_toolkit.hpp>
#include <ctdiff/functions/abs.hpp>
#include <ctdiff/functions/exp.hpp>
#include <ctdiff/functions/expm1.hpp>

namespace ctdiff {

/// The partial of celu in alpha as a function of t = x / alpha:
/// g(t) = expm1(t) - t e^t, with the rule g'(t) = -t e^t.
struct dcelu_dalpha_rule {
    static constexpr std::string_view name = "dcelu_dalpha";
    static constexpr std::string_view latex = "\\operatorname{celu}_\\alpha";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T t) noexcept {
        const T one = number_cast<T>(1);
        // |t| < 1: g(t) = t^2 * sum_k c_k t^k, c_k = -(k + 1) / (k + 2)!, where
        // both closed forms below lose a digit per decade of t to cancellation.
        constexpr double c[] = {-1.0 / 2,
                                -1.0 / 3,
                                -1.0 / 8,
                                -1.0 / 30,
                                -1.0 / 144,
                                -1.0 / 840,
                                -1.0 / 5760,
                                -1.0 / 45360,
                                -1.0 / 403200,
                                -1.0 / 3991680,
                                -1.0 / 43545600,
                                -1.0 / 518918400,
                                -1.0 / 6706022400.0,
                                -1.0 / 93405312000.0,
                                -1.0 / 1394852659200.0,
                                -1.0 / 22230464256000.0,
                                -1.0 / 376610217984000.0,
                                -1.0 / 6758061133824000.0,
                                -1.0 / 128047474114560000.0,
                                -1.0 / 2554547108585472000.0};
        T p = number_cast<T>(c[19]);
        for (int k = 18; k >= 0; --k) p = p * t + number_cast<T>(c[k]);
        const T series = t * t * p;
        // t <= -1: expm1(t) - t e^t (no cancellation); t >= 1 (alpha < 0):
        // expm1(t) (1 - t) - t, which overflows to -inf, not inf - inf.
        const T m = math::expm1(t);
        const T negative = m - t * math::exp(t);
        const T positive = m * (one - t) - t;
        const T closed = math::select(t > number_cast<T>(0), positive, negative);
        const T inside = math::select(math::abs(t) < one, series, closed);
        // Past -1000 the limit -1, where t e^t would be inf * 0 at t = -inf.
        return math::select(t < number_cast<T>(-1000), -one, inside);
    }
    static constexpr auto derivative(auto t, auto) noexcept {
        return select(t < int_c<-1000>, int_c<0>, -t * exp(t));
    }
};

/// celu's partial in alpha, as a function of t = x / alpha.
inline constexpr unary_function<dcelu_dalpha_rule> dcelu_dalpha{};

/// exp(u / alpha) / alpha, celu's second derivative in x for u <= 0, a primitive so that
/// a subnormal e^t is not divided by a small alpha after rounding. Rule: partials
/// y / alpha and -(y / alpha)(u / alpha + 1).
struct celu_dgate_rule {
    static constexpr std::string_view name = "celu_dgate";
    static constexpr std::string_view latex = "e^{x/\\alpha}/\\alpha";
    static constexpr rule_precision precision = rule_precision::extended;
    static constexpr bool extended_where(double u, double alpha) noexcept { return u < -700 * alpha; }
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T alpha) noexcept {
        const T t = u / alpha;
        const T r = math::fnma(t, alpha, u);
        const T e = math::exp(t);
        return math::select(t < number_cast<T>(0), e + e * (r / alpha), e) / alpha;
    }
    static constexpr auto derivative(auto u, auto alpha, auto y) noexcept {
        return partials(y / alpha, -(y / alpha) * (u / alpha + int_c<1>));
    }
};
inline constexpr primitive_function<celu_dgate_rule, 2> celu_dgate{};

/// exp(u / alpha), for u <= 0 (the caller clamps u), with the quotient's rounding
/// corrected: t = u / alpha rounded, r = u - t alpha exactly (`fma`), and
/// exp(u / alpha) = e^t (1 + r / alpha) to first order (exp would multiply t's rounding
/// by |t|). Rule: partials y / alpha and -(u / alpha) y / alpha.
struct celu_gate_rule {
    static constexpr std::string_view name = "celu_gate";
    static constexpr std::string_view latex = "e^{x/\\alpha}";
    /// Float in double; double in long double where e^t is subnormal in double.
    static constexpr rule_precision precision = rule_precision::extended;
    static constexpr bool extended_where(double u, double alpha) noexcept { return u < -700 * alpha; }
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T alpha) noexcept {
        const T t = u / alpha;
        const T r = math::fnma(t, alpha, u);
        const T e = math::exp(t);
        return math::select(t < number_cast<T>(0), e + e * (r / alpha), e);
    }
    static constexpr auto derivative(auto u, auto alpha, auto) noexcept {
        return partials(celu_dgate(u, alpha), -(u / alpha) * celu_dgate(u, alpha));
    }
};
inline constexpr primitive_function<celu_gate_rule, 2> celu_gate{};

namespace celu_impl {

/// Whether T (a SIMD batch) has the backend's exp_and_expm1.
template <class T>
inline constexpr bool has_kernel = requires(const T& v) {
    math::backend<T>::exp_and_expm1(v);
};

/// Whether a batch's alpha (the same in every lane: a constant of the pass) takes the
/// fused kernel: positive and finite.
template <class T>
CTDIFF_HOST_DEVICE inline bool fused_alpha(const T& alpha) noexcept {
    return math::all_lanes<T>((alpha > number_cast<T>(0)) &
                              (alpha < number_cast<T>(std::numeric_limits<element_type_t<T>>::infinity())));
}

/// celu and its partial in u for alpha > 0 on batches, from one reduction: t = u / alpha
/// (as u times 1 / alpha, one division for the pass: alpha is its constant), r = u - t alpha
/// by fma, e^t and expm1(t) together (exp_and_expm1); value alpha expm1(t) + e^t r (as
/// celu_rule::value_generic: exp(u / alpha) = e^t (1 + r / alpha) to first order, whatever
/// t's rounding), partial e^t (1 + r / alpha) (as celu_gate). Past u = -1e4 alpha,
/// t = -1e4: the limits -alpha and 0.
template <class T>
CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE inline dual<T> fused(T u, T alpha) noexcept {
    const T zero = number_cast<T>(0);
    const T inv = number_cast<T>(1) / alpha;
    const T lim = -number_cast<T>(1e4) * alpha;
    const T un = math::select(u > zero, zero, math::select(u < lim, lim, u));
    const T t = un * inv;
    const T r = math::fnma(t, alpha, un);
    const auto p = math::backend<T>::exp_and_expm1(t);
    const auto negative_t = t < zero;
    const T correction = math::select(negative_t, p.exp * r, zero);
    const T near = un + un * (t * number_cast<T>(0.5));
    const T negative = math::select(math::abs(t) < number_cast<T>(3.7252902984619141e-09), near,
                                    alpha * p.expm1 + correction);
    const T slope = math::select(negative_t, math::fma(p.exp, r * inv, p.exp), p.exp);
    return {math::select(u > zero, u, negative), math::select(u > zero, number_cast<T>(1), slope)};
}

}  // namespace celu_impl

struct celu_rule {
    static constexpr std::string_view name = "celu";
    static constexpr std::string_view latex = "\\operatorname{celu}";
    /// Float in double (its derivative's primitive asks for it too: an array pass then
    /// rescues lanes in the underflow band on the scalar route).
    static constexpr rule_precision precision = rule_precision::float_in_double;
    /// Batches with alpha in (0, inf), celu's domain, take the fused kernel below, within
    /// the promise in every band (exp_and_expm1 rounds e^t once in the underflow band; the
    /// accuracy suite's array rows, alpha from 1e-3 to 100): the array pass skips its
    /// lane-rescue check. Other alphas compute as the expressions give them, without it.
    static constexpr bool batch_exact = true;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value_generic(T u, T alpha) noexcept {
        const T zero = number_cast<T>(0);
        // The negative piece sees u in [-1e4 |alpha|, 0] (t = u / alpha past -1e4 gives
        // -alpha already): u / alpha never overflows, which a constant expression rejects.
        const T lim = number_cast<T>(1e4) * math::abs(alpha);
        const T un = math::select(u > zero, zero, math::select(u < -lim, -lim, u));
        const T t = un / alpha;
        // t is u / alpha rounded; r = un - t alpha exactly, and u / alpha = t + r / alpha:
        // alpha expm1(u / alpha) = alpha expm1(t) + e^t r to first order. Without it, exp
        // would multiply t's rounding by |t| (6 ULP at celu(-30, 0.7)).
        const T m = math::expm1(t);
        const T r = math::fnma(t, alpha, un);
        const T correction = math::select(t < zero, (m + number_cast<T>(1)) * r, zero);
        // |t| < 2^-28: u (1 + t / 2), u itself where alpha expm1(t) would lose a subnormal
        // u's digits (celu(x, 100) at x = -6e-44 in float).
        const T near = un + un * (t * number_cast<T>(0.5));
        const T negative =
            math::select(math::abs(t) < number_cast<T>(3.7252902984619141e-09), near, alpha * m + correction);
        return math::select(u > zero, u, negative);
    }
    /// SIMD batches where alpha is positive and finite: the value of the fused kernel below,
    /// so that forward() gives the bits forward_backward() does.
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T alpha) noexcept {
        if constexpr (celu_impl::has_kernel<T>) {
            if (celu_impl::fused_alpha(alpha)) return celu_impl::fused(u, alpha).value;
        }
        return value_generic(u, alpha);
    }
    /// The value and the partial in u (alpha a constant of the pass). SIMD batches where
    /// alpha is positive and finite: alpha expm1(t) and e^t from one reduction (math::backend's
    /// exp_and_expm1 at t = u / alpha, which rounds e^t once in the underflow band), t's
    /// rounding corrected as value_generic does. Otherwise, plain numbers included, value()
    /// and the partial's expression (celu_gate), with the same bits as the general route.
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative(T u,
                                                                                          T alpha) noexcept {
        if constexpr (celu_impl::has_kernel<T>) {
            if (celu_impl::fused_alpha(alpha)) return celu_impl::fused(u, alpha);
            return value_and_derivative_generic_batch(u, alpha);
        } else {
            return value_and_derivative_generic(u, alpha);
        }
    }
    /// Batches with alpha outside (0, inf), out of line: the common batch keeps the fused
    /// kernel's values in registers.
    template <class T>
    CTDIFF_NOINLINE static dual<T> value_and_derivative_generic_batch(T u, T alpha) noexcept {
        return value_and_derivative_generic(u, alpha);
    }
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative_generic(T u, T alpha) noexcept {
        const T zero = number_cast<T>(0);
        const auto past = u < number_cast<T>(-1000) * math::abs(alpha);
        const auto negative_alpha = alpha < zero;
        const T un =
            math::select(u > zero, zero, math::select(past, math::select(negative_alpha, u, zero), u));
        const T gate = celu_gate(un, alpha);
        const T limit_x = math::select(negative_alpha, gate, zero);
        const T y = value_generic(u, alpha);
        const T dy = math::select(u > zero, number_cast<T>(1), math::select(past, limit_x, gate));
        if constexpr (std::is_floating_point_v<T>) {
            return {y, math::select(math::isnan(y), y, dy)};  // no derivative where the value is NaN
        } else {
            return {y, dy};
        }
    }
    static constexpr auto derivative(auto u, auto alpha, auto) noexcept {
        // Past t = -1000 the limits, as constants: they carry no overflowed
        // dt/dalpha (alpha subnormal) into higher orders, where 0 * inf = NaN.
        // Written u < -1000 alpha and with u replaced by 0 in the pieces not taken,
        // so that no piece overflows (a constant expression rejects that).
        // A negative alpha (outside the domain) keeps u: there t = u / alpha > 0 and the
        // partials overflow to their values, inf and -inf (PyTorch's formula).
        const auto past = u < int_c<-1000> * abs(alpha);
        const auto negative_alpha = alpha < int_c<0>;
        const auto un = select(u > int_c<0>, int_c<0>, select(past, select(negative_alpha, u, int_c<0>), u));
        const auto limit_x = select(negative_alpha, celu_gate(un, alpha), int_c<0>);
        const auto limit_a = select(negative_alpha, dcelu_dalpha(un / alpha), int_c<-1>);
        return partials(select(u > int_c<0>, int_c<1>, select(past, limit_x, celu_gate(un, alpha))),
                        select(u > int_c<0>, int_c<0>, select(past, limit_a, dcelu_dalpha(un / alpha))));
    }
};

/// `celu(x)`: alpha defaults to 1, as in PyTorch.
struct celu_t : defaulted_parameter_function<celu_rule, 1> {};

/// The continuously differentiable ELU: `celu(x)`, `celu(x, 2.0)`, `celu(x, a)`.
inline constexpr celu_t celu{};

/// celu's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"celu">{
    .definition =
        R"(\begin{cases} x & x > 0 \\ \alpha\,(e^{x/\alpha} - 1) & x \le 0 \end{cases},\quad \alpha = 1)",
    .conventions =
        "celu'(0) = 1: both pieces agree, celu is continuously differentiable; celu(-inf) = -alpha.",
    .parameters = {{.name = "alpha", .value = 1.0, .smooth = true}},
    // alpha 1e-100 from 0 (the partials scale as 1/alpha^(k-1)); for a negative alpha,
    // x / alpha within exp's range.
    .finite_where =
        [](double x, double p) {
            return (p > 1e-100 || p < -1e-100) && (p > 0 || (x / p < 700 && x / p > -700));
        },
};

/// celu's reference, the accuracy suite's oracle: x, or alpha (exp(x / alpha) - 1) for x <= 0, alpha = 1
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"celu"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        return xb > 0 ? x : expm1(x);
    }
};

}  // namespace ctdiff
