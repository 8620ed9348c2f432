/// \file
/// `mish`: \f$x\tanh(\operatorname{softplus}(x))\f$, with its gate
/// \f$t(x) = \tanh(\log(1 + e^x))\f$ and the gate's derivative as primitives.
///
/// With \f$e = e^{-|x|}\f$ the gate is \f$(1 + 2e)/(1 + 2e + 2e^2)\f$ for x >= 0
/// and \f$e(e+2)/(e(e+2) + 2)\f$ for x < 0: no overflow and no cancellation.
/// \f$t'(x) = 4e^2(1+e)/((1+e)^2 + e^2)^2\f$ (x >= 0),
/// \f$4e(1+e)/((1+e)^2 + 1)^2\f$ (x < 0), and \f$t'' = t'\,L\f$ with L the
/// derivative of \f$\log t'\f$, again in e alone.
/// \f$\operatorname{mish}' = t + x\,t'\f$ is the primitive `dmish` (a form whose
/// largest term is exact near its zero), \f$\operatorname{mish}'' = t'(2 + xL)\f$
/// the primitive `d2mish`, whose rule is
/// \f$\operatorname{mish}''' = t'(3L + xL^2 + xL')\f$. Float is computed in
/// double; `d2mish` is computed in extended precision (`rule_precision::extended`:
/// double in long double), where the double formula's roundings add up to 8 ULP.
/// mish(-inf) = -0, mish(inf) = inf, mish'(-inf) = -0 (mish' < 0 below -1.19; its limit past
/// -1000 is -0, as its underflow before), mish'(inf) = 1. Double SIMD
/// batches, which have no long double lanes, compute mish'' as one fraction in
/// exp(-|x|) in double-word arithmetic (`mish_impl::d2mish_double_lanes`).
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/operators.hpp>
#include <ctdiff/core/primitive.hpp>
#include <ctdiff/core/rule_toolkit.hpp>
#include <ctdiff/functions/abs.hpp>
#include <ctdiff/functions/exp.hpp>
#include <ctdiff/functions/pow.hpp>
#include <ctdiff/functions/step.hpp>
#include <ctdiff/math/double_word.hpp>

namespace ctdiff {

namespace mish_impl {
/// mish'' on double lanes (which have no long double to compute in), as one fraction in
/// e = exp(-|u|): t'(2 + u L) = 4e^2 N / D^3 for u >= 0, with D = 1 + 2e + 2e^2 and
/// N = 2(1 - u) + e(6 - 3u) + e^2(8 + 2u) + e^3(4 + 2u); 4e N / D^3 for u < 0, with
/// D = 2 + 2e + e^2 and N = (4 + 2u) + e(8 + 2u) + e^2(6 - 3u) + e^3(2 - 2u). The terms
/// that cancel near the zeros (u = 1.48, u = -2.4) are 2(1 - u) and 4 + 2u, exact there;
/// the sum in two parts and the cube in double-word arithmetic. Zero past |u| = 1000.
template <math::double_lanes T>
[[gnu::always_inline]] inline T d2mish_double_lanes(T u) noexcept {
    const T one = number_cast<T>(1);
    const T two = number_cast<T>(2);
    const math::double_word<T> e = math::exp_double_word(-math::abs(u));
    const auto positive = u >= number_cast<T>(0);
    const T uc = math::select(math::abs(u) > number_cast<T>(1000), number_cast<T>(0), u);
    const auto coefficient = [&](double p0, double p1, double n0, double n1) {
        return math::select(positive, math::fma(number_cast<T>(p1), uc, number_cast<T>(p0)),
                            math::fma(number_cast<T>(n1), uc, number_cast<T>(n0)));
    };
    const T a0 = coefficient(2, -2, 4, 2);
    const T a1 = coefficient(6, -3, 8, 2);
    const T a2 = coefficient(8, 2, 6, -3);
    const T a3 = coefficient(4, 2, 2, -2);
    const math::double_word<T> n = math::add(math::mul(e, math::fma(math::fma(a3, e.hi, a2), e.hi, a1)), a0);
    // D = d0 + 2e + d2 e^2.
    const math::double_word<T> e2 = math::mul(e, e);
    const T d0 = math::select(positive, one, two);
    const T d2 = math::select(positive, two, one);
    const math::double_word<T> d =
        math::add(math::add(math::mul(e2, d2), math::double_word<T>{two * e.hi, two * e.lo}), d0);
    const math::double_word<T> d3 = math::mul(math::mul(d, d), d);
    const math::double_word<T> four_e{number_cast<T>(4) * e.hi, number_cast<T>(4) * e.lo};
    const math::double_word<T> top = math::mul(
        math::mul(n, four_e), math::double_word<T>{math::select(positive, e.hi, one),
                                                   math::select(positive, e.lo, number_cast<T>(0))});
    const T inside = math::div_rounded(top, d3);
    return math::select(math::abs(u) > number_cast<T>(1000), number_cast<T>(0), inside);
}
}  // namespace mish_impl

/// t'(u), the derivative of the mish gate.
struct dmish_gate_rule {
    static constexpr std::string_view name = "dmish_gate";
    static constexpr std::string_view latex = "t'_{\\operatorname{mish}}";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const T one = number_cast<T>(1);
        const T e = math::exp_minus_abs(u);
        const T p = one + e;
        const T dp = p * p + e * e;  // x >= 0
        const T dn = p * p + one;    // x < 0
        const T four_e_p = number_cast<T>(4) * e * p;
        return math::select(u >= number_cast<T>(0), four_e_p * e / (dp * dp), four_e_p / (dn * dn));
    }
    /// t'' = t' L, L = d log t' / du, one formula per side in that side's decaying exponential.
    static constexpr auto derivative(auto u, auto y) noexcept { return y * log_slope(u); }
    static constexpr auto log_slope(auto u) noexcept {
        return select(u < int_c<0>, log_slope_negative(exp(u)), log_slope_positive(exp(-u)));
    }
    /// L for u < 0 from e = e^u, on a number or an expression.
    template <class E>
    CTDIFF_HOST_DEVICE static constexpr auto log_slope_negative(E e) noexcept {
        const auto one = default_parameter<E, 1>();
        const auto four = default_parameter<E, 4>();
        const auto p = one + e;
        return one + e / p - four * e * p / (squared(p) + one);
    }
    /// L for u >= 0 from e = e^-u, on a number or an expression.
    template <class E>
    CTDIFF_HOST_DEVICE static constexpr auto log_slope_positive(E e) noexcept {
        const auto one = default_parameter<E, 1>();
        const auto two = default_parameter<E, 2>();
        const auto four = default_parameter<E, 4>();
        const auto p = one + e;
        return four * e * (one + two * e) / (squared(p) + squared(e)) - e / p - two;
    }
    /// L' = dL / du, from the same two forms.
    static constexpr auto log_slope_derivative(auto u) noexcept {
        const auto en = exp(u);   // x < 0
        const auto ep = exp(-u);  // x >= 0
        const auto dn = pow(int_c<1> + en, int_c<2>) + int_c<1>;
        const auto dp = pow(int_c<1> + ep, int_c<2>) + pow(ep, int_c<2>);
        const auto ln = en / pow(int_c<1> + en, int_c<2>) -
                        int_c<4> * en *
                            ((int_c<1> + int_c<2> * en) * dn - int_c<2> * en * pow(int_c<1> + en, int_c<2>)) /
                            pow(dn, int_c<2>);
        const auto lp =
            ep / pow(int_c<1> + ep, int_c<2>) +
            int_c<4> * ep *
                (int_c<2> * ep * pow(int_c<1> + int_c<2> * ep, int_c<2>) - (int_c<1> + int_c<4> * ep) * dp) /
                pow(dp, int_c<2>);
        return select(u < int_c<0>, ln, lp);
    }
    /// L as a number, with e = exp(-|u|) for both sides.
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T log_slope_value(T u) noexcept {
        const T e = math::exp_minus_abs(u);
        return math::select(u < number_cast<T>(0), log_slope_negative(e), log_slope_positive(e));
    }

private:
    /// v^2 as `pow(v, 2)` in an expression (its derivative rule is the power rule's)
    /// and as v * v on a number, so that L's two forms are written once for both.
    template <class E>
    CTDIFF_HOST_DEVICE static constexpr auto squared(const E& v) noexcept {
        if constexpr (expression<E>) {
            return pow(v, int_c<2>);
        } else {
            return v * v;
        }
    }
};

/// The mish gate tanh(softplus(u)).
struct mish_gate_rule {
    static constexpr std::string_view name = "mish_gate";
    static constexpr std::string_view latex = "t_{\\operatorname{mish}}";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const T one = number_cast<T>(1);
        const T two = number_cast<T>(2);
        const T e = math::exp_minus_abs(u);
        const T a = one + two * e;  // x >= 0: (1 + 2e) / (1 + 2e + 2e^2)
        // The products that sums use pass through math::no_contract, here and in mish's
        // value_and_derivative: a compiler that contracts could fuse them in one and not in
        // the other, and forward() would not give forward_backward()'s bits.
        const T n = math::no_contract(e * (e + two));  // x < 0: n / (n + 2)
        return math::select(u >= number_cast<T>(0), a / (a + math::no_contract(two * e * e)), n / (n + two));
    }
    static constexpr auto derivative(auto u, auto) noexcept { return unary_function<dmish_gate_rule>{}(u); }
};

/// mish''(u) = t'(u) (2 + u L(u)) as a primitive, with the rule
/// mish''' = t' (3L + u L^2 + u L').
struct d2mish_rule {
    static constexpr std::string_view name = "d2mish";
    static constexpr std::string_view latex = "\\operatorname{mish}''";
    static constexpr rule_precision precision = rule_precision::extended;
    // Float batches in double lanes too (7.9 ULP in float lanes).
    static constexpr rule_precision batch_precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (math::double_lanes<T>) {
            return mish_impl::d2mish_double_lanes(u);
        } else {
            const T inside =
                dmish_gate_rule::value(u) * (number_cast<T>(2) + u * dmish_gate_rule::log_slope_value(u));
            return math::select(math::abs(u) > number_cast<T>(1000), number_cast<T>(0), inside);
        }
    }
    static constexpr auto derivative(auto u, auto) noexcept {
        const auto l = dmish_gate_rule::log_slope(u);
        return select(abs(u) > int_c<1000>, int_c<0>,
                      unary_function<dmish_gate_rule>{}(u) *
                          (int_c<3> * l + u * (pow(l, int_c<2>) + dmish_gate_rule::log_slope_derivative(u))));
    }
};

/// The second derivative of mish.
inline constexpr unary_function<d2mish_rule> d2mish{};

namespace mish_impl {
/// The value and the derivative from one exp(-|u|) (mish_rule::value_and_derivative's forms): within
/// 4.6 ULP (value) and 6.9 ULP (derivative) of the working type, so plain numbers take
/// them in a wider type (precision extended) and float batches in double lanes.
template <class T>
CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE constexpr dual<T> formulas(T u) noexcept {
    const T one = number_cast<T>(1);
    const T two = number_cast<T>(2);
    const T four = number_cast<T>(4);
    const T zero = number_cast<T>(0);
    const T e = math::exp_minus_abs(u);
    const T p = one + e;
    const T a = one + two * e;
    const T n = math::no_contract(e * (e + two));
    const auto positive = u >= zero;
    // D and t written as mish_gate_rule::value writes them: forward() gives the same bits.
    const T d = math::select(positive, a + math::no_contract(two * e * e), n + two);
    const T t = math::select(positive, a, n) / d;
    const T b = four * (one + u) + e * (number_cast<T>(6) + four * u) + e * e * (four + e);
    const T w = math::select(positive, four * e * e * p, e * b) / (d * d);
    const T big = number_cast<T>(1000);
    const T y = math::select(u < -big, number_cast<T>(-0.0), u * t);
    const T dy = math::select(
        u > big, one, math::select(u < -big, number_cast<T>(-0.0), math::select(positive, t + u * w, w)));
    return {y, dy};
}
/// Whether batches of T take a kernel of their own (batch_parts): math::backend's mish_parts (float
/// lanes with a fused fma, double batches) or formulas() in double lanes (other float batches).
template <class T>
concept batch_kernel = requires(T u) {
    math::backend<T>::mish_parts(u);
}
|| math::has_wide_lanes<T>;
/// mish and mish' of such a batch, from mish_parts or from formulas() in double lanes (each lane
/// rounded once): mish's value, dmish's value and the fused pass take their bits from here.
template <batch_kernel T>
CTDIFF_KERNEL_INLINE inline dual<T> batch_parts(T u) noexcept {
    if constexpr (requires { math::backend<T>::mish_parts(u); }) {
        const auto p = math::backend<T>::mish_parts(u);
        return {p.value, p.slope};
    } else {
        return in_wide_lanes([](const auto& v) { return formulas(v); }, u);
    }
}
}  // namespace mish_impl

/// mish'(u) = t + u t' as a primitive. For u < 0, with e = exp(u) and
/// n = e (e + 2): mish' = e B / (n + 2)^2, B = 4(1 + u) + e(6 + 4u) + 4e^2 + e^3,
/// whose largest term 4(1 + u) is exact near the zero at u = -1.1924; for
/// u >= 0 both terms are positive. Its rule: mish'' = d2mish.
struct dmish_rule {
    static constexpr std::string_view name = "dmish";
    static constexpr std::string_view latex = "\\operatorname{mish}'";
    /// Double in long double everywhere: the formulas below reach 4.6 ULP (value) and 6.9 ULP
    /// (derivative) in their own type (5.5 in double near -10.6).
    static constexpr rule_precision precision = rule_precision::extended;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (mish_impl::batch_kernel<T>) {
            return mish_impl::batch_parts(u).derivative;  // 5.2 ULP with the formula below
        }
        const T one = number_cast<T>(1);
        const T two = number_cast<T>(2);
        const T four = number_cast<T>(4);
        const T e = math::exp_minus_abs(u);
        const T positive = mish_gate_rule::value(u) + u * dmish_gate_rule::value(u);
        const T n2 = e * (e + two) + two;
        // The negative piece sees u only within [-1000, 1000] (0 elsewhere): 4u never overflows.
        const T un = math::select(math::abs(u) > number_cast<T>(1000), number_cast<T>(0), u);
        const T b = four * (one + un) + e * (number_cast<T>(6) + four * un) + e * e * (four + e);
        const T negative = e * b / (n2 * n2);
        const T inside = math::select(u >= number_cast<T>(0), positive, negative);
        // Past it the limits, where u * 0 would be inf * 0: 1, and -0 below (mish' < 0 there, and -0 is
        // what its underflow gives before -1000).
        const T big = number_cast<T>(1000);
        return math::select(u > big, one, math::select(u < -big, number_cast<T>(-0.0), inside));
    }
    static constexpr auto derivative(auto u, auto) noexcept { return d2mish(u); }
};

struct mish_rule {
    static constexpr std::string_view name = "mish";
    static constexpr std::string_view latex = "\\operatorname{mish}";
    /// Double in long double everywhere: the formulas below reach 4.6 ULP (value) and 6.9 ULP
    /// (derivative) in their own type (5.5 in double near -10.6).
    static constexpr rule_precision precision = rule_precision::extended;
    /// Float batches are within the promise in every band (mish_parts_far's lanes below -87 in
    /// double; without an fma, formulas() in double lanes): the array pass skips its lane-rescue
    /// check for them (12% of a 2^16 pass on AVX2 and AVX-512). Double batches are rescued.
    template <class E>
    static constexpr bool batch_exact = std::is_same_v<E, float>;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (mish_impl::batch_kernel<T>) {
            return mish_impl::batch_parts(u).value;  // the bits forward_backward gives
        } else {
            return math::select(u < number_cast<T>(-1000), number_cast<T>(-0.0),
                                u * mish_gate_rule::value(u));
        }
    }
    /// Value and derivative from one exp(-|u|) (the array route; value() and dmish take
    /// three more): the gate's and the derivative's formulas above share their
    /// denominator D, u >= 0: t = (1 + 2e) / D, t' = 4e^2(1 + e) / D^2, D = 1 + 2e + 2e^2;
    /// u < 0: t = n / D, mish' = e b / D^2, n = e(e + 2), D = n + 2, b as in dmish.
    /// Float batches with a fused fma and double batches: math::backend's mish_parts (the
    /// remainders of both quotients carried; formulas() reached 4.3 and 6.2 ULP there).
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative(T u) noexcept {
        if constexpr (mish_impl::batch_kernel<T>) {
            return mish_impl::batch_parts(u);
        } else {
            return mish_impl::formulas(u);
        }
    }
    /// K batches at once, each with value_and_derivative's bits: math::backend's
    /// mish_parts_batches, whose kernels interleave (the array pass's group of batches).
    template <std::size_t K, class T>
    [[gnu::always_inline]] static void value_and_derivative_batches(const T (&u)[K],
                                                                    dual<T> (&r)[K]) noexcept requires
        requires(const T (&v)[K], typename math::backend<T>::value_slope (&p)[K]) {
        math::backend<T>::mish_parts_batches(v, p);
    }
    {
        typename math::backend<T>::value_slope p[K];
        math::backend<T>::mish_parts_batches(u, p);
        math::unrolled<K>([&](auto k) { r[k] = {p[k].value, p[k].slope}; });
    }
    static constexpr auto derivative(auto u, auto) noexcept { return unary_function<dmish_rule>{}(u); }
};

/// The mish gate and its derivative, as primitives of their own.
inline constexpr unary_function<mish_gate_rule> mish_gate{};
inline constexpr unary_function<dmish_gate_rule> dmish_gate{};

/// The derivative of mish.
inline constexpr unary_function<dmish_rule> dmish{};

/// x tanh(softplus(x)).
inline constexpr unary_function<mish_rule> mish{};

/// mish's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"mish">{
    .definition = R"(x \tanh(\log(1 + e^{x})))",
    .conventions =
        "Smooth. The gate tanh(softplus(x)) and its derivative are primitives written in exp(-|x|): no "
        "overflow, no cancellation; mish'(-inf) = -0 (it approaches 0 from below), mish'(inf) = 1.",
    .derivatives = R"(\operatorname{mish}'(x) = t(x) + x\,t'(x),\quad t(x) = \tanh(\log(1 + e^{x})))"
                   "\n"
                   R"(\operatorname{mish}''(x) = t'(x)\,\bigl(2 + x\,L(x)\bigr),\quad L = (\log t')')",
};

/// mish's reference, the accuracy suite's oracle: x tanh(softplus(x))
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"mish"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        // softplus as log1p(exp(x)) for x < 0, x + log1p(exp(-x)) above: exact in both tails
        const X sp = xb < 0 ? log1p(exp(x)) : x + log1p(exp(-x));
        return x * tanh(sp);
    }
};

}  // namespace ctdiff
