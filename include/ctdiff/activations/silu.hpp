/// \file
/// `silu` (swish): \f$x\,\sigma(x)\f$.
///
/// \f$\operatorname{silu}'(x) = \sigma(x)(1 + x\sigma(-x))\f$ is the primitive
/// `dsilu`, and \f$\operatorname{silu}''(x) = \sigma'(x)(2 - x\tanh(x/2))\f$ the
/// primitive `d2silu`, factored so that nothing cancels but at the zeros
/// themselves; its rule is \f$\operatorname{silu}'''(x) = \sigma'(x)(x -
/// 3\tanh(x/2) - 6x\sigma'(x))\f$. Float is computed in double; `dsilu` and `d2silu` are
/// computed in extended precision (`rule_precision::extended`: double in long
/// double), where the double formula's roundings add up to 4.5 ULP. Past |x| = 1000 the derivatives
/// are their limits (1 or -0 for silu', which approaches 0 from below; 0 for silu''), where \f$x\sigma'(x)\f$
/// would be inf * 0 at ±inf. silu(-inf) = -0, silu(inf) = inf. Double SIMD batches, which have no long double
/// lanes, compute both derivatives in double-word arithmetic (`silu_impl`).
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/activations/sigmoid.hpp>
#include <ctdiff/functions/abs.hpp>
#include <ctdiff/functions/step.hpp>
#include <ctdiff/functions/tanh.hpp>
#include <ctdiff/math/double_word.hpp>

#include <limits>

namespace ctdiff {

namespace silu_impl {
/// silu'(u) on double lanes (which have no long double to compute in), given
/// e = exp(-|u|) in two parts: the formulas of dsilu_rule::from_exp, (q + u e) / q^2 for
/// u >= 0 and e ((1 + u) + e) / q^2 for u < 0, q = 1 + e, in double-word arithmetic and
/// rounded once (near the zero at -1.2785, 1 + u and e cancel).
template <math::double_lanes T>
[[gnu::always_inline]] inline T dsilu_double_lanes(T u, math::double_word<T> e) noexcept {
    const T one = number_cast<T>(1);
    const math::double_word<T> q = math::add(math::fast_two_sum(one, e.hi), e.lo);
    const math::double_word<T> right = math::add(math::mul(e, u), q);
    const math::double_word<T> left = math::mul(math::add(math::two_sum(one, u), e), e);
    const auto positive = u >= number_cast<T>(0);
    const math::double_word<T> top{math::select(positive, right.hi, left.hi),
                                   math::select(positive, right.lo, left.lo)};
    // A result that underflows (u below -745) has the sign of silu' there, u's (the two parts'
    // sum -0 + +0 is +0).
    const T r = math::div_rounded(top, math::mul(q, q));
    return math::select(r == number_cast<T>(0), u * number_cast<T>(0), r);
}
/// silu''(u) on double lanes, as e ((2 - a) + e (2 + a)) / (1 + e)^3 with a = |u| and
/// e = exp(-a) (sigma'(u) (2 - u tanh(u / 2)) as one fraction; 2 - a is exact near the
/// zeros at |u| = 2.3994, where it cancels e (2 + a)), in double-word arithmetic and
/// rounded once.
template <math::double_lanes T>
[[gnu::always_inline]] inline T d2silu_double_lanes(T u) noexcept {
    const T one = number_cast<T>(1);
    const T two = number_cast<T>(2);
    const T a = math::abs(u);
    const math::double_word<T> e = math::exp_double_word(-a);
    const math::double_word<T> n = math::add(math::two_sum(two, -a), math::mul(math::two_sum(two, a), e));
    const math::double_word<T> q = math::add(math::fast_two_sum(one, e.hi), e.lo);
    return math::div_rounded(math::mul(n, e), math::mul(math::mul(q, q), q));
}
/// A SIMD batch of float lanes.
template <class T>
concept float_batch = !std::is_arithmetic_v<T> && requires {
    typename math::backend<T>::element_type;
    requires std::is_same_v < typename math::backend<T>::element_type,
    float > ;
};
/// silu (or silu') on float lanes below -87, where exp(u) is subnormal and u times it
/// would round twice (up to 52 ULP): in double, rounded once; out of line (rare).
template <float_batch T>
CTDIFF_NOINLINE T far_float_lanes(T u, bool derivative) noexcept {
    return math::backend<T>::lanewise(u, [derivative](float v) {
        const double x = v;
        const double e = math::exp(x);
        const double q = 1 + e;
        return static_cast<float>(derivative ? e * ((1 + x) + e) / (q * q) : x * e / q);
    });
}
/// float_lanes's lanes past |u| = 87, out of line (rare): below -87 far_float_lanes, and the
/// limits -0 and -0 past -1000 (where u * 0 would be inf * 0); above 87 the slope is 1 (1 + u e
/// rounds to 1 there; inf * 0 at inf).
template <float_batch T>
CTDIFF_NOINLINE dual<T> far_lanes(T u, bool derivative, T value, T slope) noexcept {
    const auto below = u < number_cast<T>(-87);
    const auto limit = u < number_cast<T>(-1000);
    value = math::select(below, math::select(limit, number_cast<T>(-0.0), far_float_lanes(u, false)), value);
    if (derivative) {
        slope =
            math::select(below, math::select(limit, number_cast<T>(-0.0), far_float_lanes(u, true)), slope);
        slope = math::select(u > number_cast<T>(87), number_cast<T>(1), slope);
    }
    return {value, slope};
}
/// silu(u), silu'(u) and the gate's product with each, on float lanes.
template <class T>
struct gated_parts {
    T value;       ///< silu(u) b
    T derivative;  ///< silu'(u) b
    T silu;        ///< silu(u)
};
/// silu and silu' on float lanes given e = exp(-|u|), times the gate b where Gated (swiglu):
/// - sigma as sigmoid_rule::from_exp, m / (1 + e) with m = 1 for u >= 0 and e below;
/// - silu' as dsilu_rule::from_exp's numerators, q + ql + u e for u >= 0 and e (1 + u + e)
///   below, over (1 + e)^2 = q^2 + 2 q ql rounded once, with 1 + e = q + ql exactly
///   (dsilu_rule's q * q, which drops ql, reached 5 ULP);
/// - the sum 1 + u + e below as (1 + u) + e, rounded once: 1 + u is exact on [-2, -1/2],
///   where the sum cancels. Carried exactly (u + q by a two-sum, plus ql), silu' was within
///   3.06 ULP on every float of [-2.5, -0.3] against 3.80 now (swiglu's d/da 3.82 at
///   b = 1.9), but those operations sat on the chain after exp: rounded, an AVX2 pass over
///   2^16 floats is 18% faster for silu and 12% for swiglu (AMD EPYC);
/// - with the gate, each product with b rounds once with the rest, where silu's rounded
///   results times b could double an error counted in ULPs (swiglu reached 4.1 ULP at
///   b = 1.9 and 7.77): u sigma b as (u sigma = h + l exactly) b, one fma; silu'(u) b as the
///   numerator times b over the square, e b = eh + el exactly below 0. b = 1 gives silu's
///   bits. The caller keeps infinite gates out (h b + l b would be inf + NaN).
template <bool Gated, float_batch T>
[[gnu::always_inline]] inline gated_parts<T> from_exp(T u, T e, bool derivative, T b) noexcept {
    const T one = number_cast<T>(1);
    const T q = one + e;
    const T m = math::select_sign(u, e, one);  // e where u's sign bit is set (e = 1 at -0)
    const T sigma = m / q;
    const T silu = u * sigma;
    T value = silu;
    if constexpr (Gated) value = math::fma(silu, b, math::fms(u, sigma, silu) * b);
    T slope = number_cast<T>(0);
    if (derivative) {
        const T ql = e - (q - one);
        const T w = (one + u) + e;  // 1 + u + e
        T below, above;
        if constexpr (Gated) {
            const math::double_word<T> eb = math::two_prod(e, b);
            below = math::fma(eb.hi, w, eb.lo * w);
            above = math::fma(math::fma(u, e, q), b, ql * b);
        } else {
            below = e * w;
            above = math::fma(u, e, q) + ql;
        }
        // The same at -0 either way: 2 b (q = 2, e = 1).
        slope = math::select_sign(u, below, above) / math::fma(q, q, (q + q) * ql);
    }
    return {value, slope, silu};
}
/// silu and silu' on float lanes (from_exp without a gate).
template <float_batch T>
[[gnu::always_inline]] inline dual<T> from_exp(T u, T e, bool derivative) noexcept {
    const gated_parts<T> p = from_exp<false>(u, e, derivative, number_cast<T>(1));
    return {p.value, p.derivative};
}
/// float_lanes for a batch with a lane past |u| = 87 (rare; out of line): exp's edge-safe
/// bits, then far_lanes.
template <float_batch T>
CTDIFF_NOINLINE dual<T> far_batch(T u, bool derivative) noexcept {
    const dual<T> d = from_exp(u, math::exp_minus_abs(u), derivative);
    return far_lanes(u, derivative, d.value, d.derivative);
}
/// e^nu for nu = -|u| (u with its sign bit set) of a batch within |u| <= 87 (or NaN): exp
/// without an edge test of its own (the caller's is the same); math::exp_minus_abs's bits.
/// A lane past 87 gets bits of no meaning, for a caller that sends its batch elsewhere.
template <float_batch T>
[[gnu::always_inline]] inline T exp_nonpositive_normal(T nu) noexcept {
    if constexpr (requires { math::backend<T>::exp_normal(nu); }) {
        return math::backend<T>::exp_normal(nu);
    } else {
        return math::exp(nu);
    }
}
/// silu and silu' on float lanes from one exp(-|u|) (from_exp). A batch with a lane past
/// |u| = 87 takes far_batch (a subnormal exp(-|u|), and the limits), so that float batches
/// are within the promise in every band (silu_rule::batch_exact); the others take exp
/// without an edge test of its own (the same test, once).
template <float_batch T>
[[gnu::always_inline]] inline dual<T> float_lanes(T u, bool derivative) noexcept {
    const T nu = u | number_cast<T>(-0.0);
    if (math::any_lanes<T>(nu < number_cast<T>(-87))) [[unlikely]]
        return far_batch(u, derivative);
    return from_exp(u, exp_nonpositive_normal(nu), derivative);
}
/// float_lanes(u, true) for K batches at once, each with its bits: the K exps, then the K
/// quotients (interleaved; silu_rule::value_and_derivative_batches). A group with a lane past
/// |u| = 87 takes float_lanes batch by batch.
template <std::size_t K, float_batch T>
[[gnu::always_inline]] inline void float_lanes_batches(const T (&u)[K], dual<T> (&r)[K]) noexcept {
    bool far = false;
    math::unrolled<K>([&](auto k) {
        far = far || math::any_lanes<T>((u[k] | number_cast<T>(-0.0)) < number_cast<T>(-87));
    });
    if (far) [[unlikely]] {
        math::unrolled<K>([&](auto k) { r[k] = float_lanes(u[k], true); });
        return;
    }
    T e[K];
    math::unrolled<K>([&](auto k) { e[k] = exp_nonpositive_normal(u[k] | number_cast<T>(-0.0)); });
    math::unrolled<K>([&](auto k) { r[k] = from_exp(u[k], e[k], true); });
}
}  // namespace silu_impl

/// silu''(u) = sigma'(u) (2 - u tanh(u / 2)), with the rule
/// silu'''(u) = sigma'(u) (u - 3 tanh(u / 2) - 6 u sigma'(u)).
struct d2silu_rule {
    static constexpr std::string_view name = "d2silu";
    static constexpr std::string_view latex = "\\operatorname{silu}''";
    static constexpr rule_precision precision = rule_precision::extended;
    // Float batches in double lanes too (4.2 ULP in swiglu in float lanes).
    static constexpr rule_precision batch_precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const T big = number_cast<T>(1000);
        if constexpr (math::double_lanes<T>) {
            return math::select(math::abs(u) > big, number_cast<T>(0), silu_impl::d2silu_double_lanes(u));
        } else {
            const T inside =
                dsigmoid_rule::value(u) * (number_cast<T>(2) - u * math::tanh(u / number_cast<T>(2)));
            return math::select(math::abs(u) > big, number_cast<T>(0), inside);
        }
    }
    static constexpr auto derivative(auto u, auto) noexcept {
        return select(abs(u) > int_c<1000>, int_c<0>,
                      dsigmoid(u) * (u - int_c<3> * tanh(u / int_c<2>) - int_c<6> * u * dsigmoid(u)));
    }
};

/// The second derivative of silu.
inline constexpr unary_function<d2silu_rule> d2silu{};

/// silu'(u) = sigma(u) (1 + u sigma(-u)), with the rule silu'' = d2silu.
struct dsilu_rule {
    static constexpr std::string_view name = "dsilu";
    static constexpr std::string_view latex = "\\operatorname{silu}'";
    // Everywhere: in double the formula's roundings reach 3.6 ULP, and 4.3 once
    // swiglu multiplies it by the gate.
    static constexpr rule_precision precision = rule_precision::extended;
    // Float batches in double lanes too: d(swiglu) = silu'(a) b reached 4.35 ULP in float lanes.
    static constexpr rule_precision batch_precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (math::double_lanes<T>) {
            return with_limits(u, silu_impl::dsilu_double_lanes(u, math::exp_double_word(-math::abs(u))));
        } else {
            return from_exp(u, math::exp_minus_abs(u));
        }
    }
    /// silu'(u) given e = exp(-|u|): (1 + e + u e) / (1 + e)^2 for u >= 0 (positive terms),
    /// and e ((1 + u) + e) / (1 + e)^2 for u < 0, where 1 + u is exact near the zero at -1.2785.
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T from_exp(T u, T e) noexcept {
        const T one = number_cast<T>(1);
        const T q = one + e;
        // One division of the selected numerator (the same bits; one division on SIMD batches).
        return with_limits(u, math::select(u >= number_cast<T>(0), q + u * e, e * ((one + u) + e)) / (q * q));
    }
    /// inside = silu'(u) as computed; 1 and -0 past |u| = 1000, where u * 0 would be inf * 0
    /// (silu' < 0 below u = -1.28, and -0 is what its underflow gives before -1000).
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T with_limits(T u, T inside) noexcept {
        const T big = number_cast<T>(1000);
        return math::select(u > big, number_cast<T>(1), math::select(u < -big, number_cast<T>(-0.0), inside));
    }
    static constexpr auto derivative(auto u, auto) noexcept { return d2silu(u); }
};

/// The derivative of silu.
inline constexpr unary_function<dsilu_rule> dsilu{};

struct silu_rule {
    static constexpr std::string_view name = "silu";
    static constexpr std::string_view latex = "\\operatorname{silu}";
    static constexpr rule_precision precision = rule_precision::extended;
    /// Long double only where exp(-|u|) is subnormal in double (x u would scale its error).
    static constexpr bool extended_where(double u) noexcept { return u < -700; }
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (math::double_lanes<T>) {
            return from_exp(u, math::exp_double_word(-math::abs(u)).hi);  // as value_and_derivative
        } else if constexpr (silu_impl::float_batch<T>) {
            return silu_impl::float_lanes(u, false).value;  // as value_and_derivative
        } else {
            return from_exp(u, math::exp_minus_abs(u));
        }
    }
    /// Float batches are within the promise in every band (silu_impl::float_lanes): no lane
    /// rescue. Double batches round u sigma(u) twice where sigma is subnormal: rescued.
    template <class E>
    static constexpr bool batch_exact = std::is_same_v<E, float>;
    /// silu(u) as computed; -0 past -1000, where u * sigma(u) would be inf * 0 at -inf.
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T with_limit(T u, T inside) noexcept {
        return math::select(u < number_cast<T>(-1000), number_cast<T>(-0.0), inside);
    }
    /// silu(u) given e = exp(-|u|); -0 past -1000, where u * sigma(u) would be inf * 0 at -inf.
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T from_exp(T u, T e) noexcept {
        return math::select(u < number_cast<T>(-1000), number_cast<T>(-0.0),
                            u * sigmoid_rule::from_exp(u, e));
    }
    /// Value and derivative from one exp(-|u|), by the same functions as value() and dsilu
    /// (float and SIMD batches; double takes value() and dsilu with their extended regions).
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative(T u) noexcept {
        if constexpr (math::double_lanes<T>) {
            // Double lanes: e in two parts, for the derivative's double-word formula.
            const math::double_word<T> e = math::exp_double_word(-math::abs(u));
            return {from_exp(u, e.hi), dsilu_rule::with_limits(u, silu_impl::dsilu_double_lanes(u, e))};
        } else if constexpr (silu_impl::float_batch<T>) {
            return silu_impl::float_lanes(u, true);  // the limits included
        } else {
            const T e = math::exp_minus_abs(u);
            return {from_exp(u, e), dsilu_rule::from_exp(u, e)};
        }
    }
    /// K float batches at once, each with value_and_derivative's bits
    /// (silu_impl::float_lanes_batches: the array pass's groups of batches).
    template <std::size_t K, silu_impl::float_batch T>
    [[gnu::always_inline]] static void value_and_derivative_batches(const T (&u)[K],
                                                                    dual<T> (&r)[K]) noexcept {
        silu_impl::float_lanes_batches(u, r);
    }
    static constexpr auto derivative(auto u, auto) noexcept { return dsilu(u); }
};

/// The sigmoid-weighted linear unit (swish).
inline constexpr unary_function<silu_rule> silu{};

/// swiglu's kernels (activations/swiglu.hpp), from silu's: after silu_rule, which they use.
namespace silu_impl {
/// The lanes whose a alone sends them to gated_float_lanes's far path (na = -|a|): a past
/// |a| = 87 (silu's far lanes), and |a| < 2^-124, zero and subnormal included, where silu(a) =
/// a / 2 is subnormal and a sigma = h + l is not exact (and a correction's +0 would turn -0 +
/// +0 into +0).
template <float_batch T>
[[gnu::always_inline]] inline auto far_input_lanes(T na) noexcept {
    return (na < number_cast<T>(-87)) | (na > number_cast<T>(-0x1p-124f));
}
/// The lanes gated_float_lanes leaves to its far path, from its inputs: far_input_lanes, an
/// infinite gate (IEEE's products with inf: h b + l b would be inf + NaN), and b zero or
/// subnormal (IEEE's signs of zero).
template <float_batch T>
[[gnu::always_inline]] inline auto plain_gated_lanes(T na, T b) noexcept {
    const T ab = math::abs(b);
    return far_input_lanes(na) | (ab < number_cast<T>(std::numeric_limits<float>::min())) |
           (ab == number_cast<T>(INFINITY));
}
/// With the derivative, the lanes where e b = exp(-|a|) b is below 2^-125: there e b = eh + el
/// is not exact (eh subnormal), and from_exp's numerator e b (1 + a + e) would scale its
/// rounding by up to 88 (22 ULP at a = -80, b = 1e-3).
template <float_batch T>
[[gnu::always_inline]] inline auto tiny_gated_lanes(T e, T b) noexcept {
    return math::abs(e * b) < number_cast<T>(0x1p-125f);
}
/// silu(a) b, silu'(a) b and silu(a) of a float batch in double lanes (silu's double-lane kernel,
/// within a few double ULPs), each rounded to float once, as the scalar route computes float:
/// subnormal results, products with inf and zeros' signs as IEEE gives them in double. Without
/// double lanes, silu's float kernel (far_batch) times b.
template <float_batch T>
[[gnu::always_inline]] inline gated_parts<T> gated_in_double(T a, T b, bool derivative) noexcept {
    if constexpr (math::has_wide_lanes<T>) {
        using L = math::wide_lanes<T>;
        const auto half = [derivative](auto x, auto y) {
            const auto d =
                derivative ? silu_rule::value_and_derivative(x) : dual<decltype(x)>{silu_rule::value(x), x};
            return gated_parts<decltype(x)>{d.value * y, d.derivative * y, d.value};
        };
        const auto lo = half(L::low(a), L::low(b));
        const auto hi = half(L::high(a), L::high(b));
        return {L::narrow(lo.value, hi.value), L::narrow(lo.derivative, hi.derivative),
                L::narrow(lo.silu, hi.silu)};
    } else {
        const dual<T> s = far_batch(a, derivative);
        return {s.value * b, s.derivative * b, s.value};
    }
}
/// gated_float_lanes for a batch with a lane of plain_gated_lanes or tiny_gated_lanes (rare;
/// out of line): every lane as the common path computes it (exp's edge-safe bits, the same
/// within 87), then those lanes in double (gated_in_double). A lane's bits never depend on
/// its neighbours.
template <float_batch T>
CTDIFF_NOINLINE gated_parts<T> gated_far_batch(T a, T b, bool derivative) noexcept {
    const T na = a | number_cast<T>(-0.0);
    const T e = math::exp(na);
    const gated_parts<T> p = from_exp<true>(a, e, derivative, b);
    const gated_parts<T> s = gated_in_double(a, b, derivative);
    // Each part in double only where its own inputs ask for it: the value's bits do not depend
    // on whether the derivative is asked for, and silu(a)'s (the b-partial) not on b.
    const auto far = plain_gated_lanes(na, b);
    const auto far_slope = derivative ? far | tiny_gated_lanes(e, b) : far;
    return {math::select(far, s.value, p.value), math::select(far_slope, s.derivative, p.derivative),
            math::select(far_input_lanes(na), s.silu, p.silu)};
}
/// swiglu's value and partials on float lanes, silu(a) b, silu'(a) b and silu(a), each
/// rounded once from silu's parts (from_exp with the gate); a batch with a lane of
/// plain_gated_lanes or tiny_gated_lanes takes gated_far_batch, so that float batches are
/// within the promise in every band (swiglu_rule::batch_exact). One test of both masks: exp
/// comes first (without an edge test: in a lane past -87 its bits do not matter, the batch
/// goes to gated_far_batch), so that the common batch takes one branch and one call site
/// (a test before exp and another after it took 17% more instructions on AVX2).
template <float_batch T>
[[gnu::always_inline]] inline gated_parts<T> gated_float_lanes(T a, T b, bool derivative) noexcept {
    const T na = a | number_cast<T>(-0.0);
    const T e = exp_nonpositive_normal(na);
    const auto plain = plain_gated_lanes(na, b);
    if (math::any_lanes<T>(derivative ? plain | tiny_gated_lanes(e, b) : plain)) [[unlikely]]
        return gated_far_batch(a, b, derivative);
    return from_exp<true>(a, e, derivative, b);
}
/// gated_float_lanes(a, b, true) for K batches at once, each with its bits: the K exps, then
/// the K quotients (interleaved; swiglu_rule::value_and_partials_batches). A group with a lane
/// of plain_gated_lanes or tiny_gated_lanes takes gated_float_lanes batch by batch.
template <std::size_t K, float_batch T>
[[gnu::always_inline]] inline void gated_float_lanes_batches(const T (&a)[K], const T (&b)[K],
                                                             gated_parts<T> (&r)[K]) noexcept {
    T e[K];
    bool rare = false;
    math::unrolled<K>([&](auto k) {
        const T na = a[k] | number_cast<T>(-0.0);
        e[k] = exp_nonpositive_normal(na);
        rare = rare || math::any_lanes<T>(plain_gated_lanes(na, b[k]) | tiny_gated_lanes(e[k], b[k]));
    });
    if (rare) [[unlikely]] {
        math::unrolled<K>([&](auto k) { r[k] = gated_float_lanes(a[k], b[k], true); });
        return;
    }
    math::unrolled<K>([&](auto k) { r[k] = from_exp<true>(a[k], e[k], true, b[k]); });
}
/// swiglu's value silu(u) b on double lanes given e = exp(-|u|) (its high part): u sigma
/// = s + l exactly (sigma as sigmoid_rule::from_exp), times b in one fma, where s b rounded
/// after s reached 4.14 ULP at (-31.876483800531553, 1.9891900081574629). The plain product
/// s b where u or b is zero or subnormal (IEEE's signs of zero: l b's +0 would turn -0 into
/// +0), u or b infinite (l b would be 0 * inf or NaN), or u below -1000 (silu's limit -0).
template <math::double_lanes T>
[[gnu::always_inline]] inline T gated_value_double(T u, T e, T b) noexcept {
    const T sigma = sigmoid_rule::from_exp(u, e);
    const T s = u * sigma;
    const T exact = math::fma(s, b, math::fms(u, sigma, s) * b);
    const T tiny = number_cast<T>(std::numeric_limits<double>::min());
    const T ab = math::abs(b);
    const auto far = u < number_cast<T>(-1000);
    const auto plain = (math::abs(u) < tiny) | (ab < tiny) | (ab == number_cast<T>(INFINITY)) | far |
                       (u == number_cast<T>(INFINITY));
    return math::select(plain, math::select(far, number_cast<T>(-0.0), s) * b, exact);
}
}  // namespace silu_impl

/// silu's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"silu">{
    .definition = R"(x\,\sigma(x))",
    .conventions =
        "Smooth. sigma' is the primitive dsigmoid (no 1 - s cancellation); past |x| = 1000 the derivative is "
        "its limit.",
    .derivatives = R"(\operatorname{silu}'(x) = \sigma(x)\,\bigl(1 + x\,\sigma(-x)\bigr))"
                   "\n"
                   R"(\operatorname{silu}''(x) = \sigma'(x)\,\bigl(2 - x\tanh(x/2)\bigr))",
};

/// silu's reference, the accuracy suite's oracle: x sigmoid(x)
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"silu"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        const X one = constant_like(x, 1);
        if (xb < 0) {  // sigmoid as e / (1 + e), e = exp(x): no overflow
            const X e = exp(x);
            return x * (e / (e + one));
        }
        return x * (one / (exp(-x) + one));
    }
};

}  // namespace ctdiff
