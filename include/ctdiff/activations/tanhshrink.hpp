/// \file
/// `tanhshrink`: x - tanh(x).
///
/// For |x| < 2 the difference cancels; it is computed from Lambert's continued
/// fraction \f$\tanh x = x/(1 + q)\f$, \f$q = \cfrac{x^2}{3 + \cfrac{x^2}{5 + \dots}}\f$,
/// as \f$x\,q/(1+q)\f$ (positive terms only). \f$\operatorname{tanhshrink}'(x)
/// = \tanh^2 x\f$ (the primitive `tanh_squared`, not \f$1 - \operatorname{sech}^2\f$),
/// then \f$2\tanh x\operatorname{sech}^2 x\f$. Smooth; tanhshrink(±inf) = ±inf.
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/activations/tanh.hpp>
#include <ctdiff/core/rule_toolkit.hpp>
#include <ctdiff/functions/sech2.hpp>
#include <ctdiff/math/double_word.hpp>

namespace ctdiff {

namespace tanhshrink_impl {
/// SIMD batches (a backend that can ask whether every lane holds).
template <class T>
inline constexpr bool lanes = !std::is_floating_point_v<T> && requires(const T& x) {
    math::backend<T>::all(x < x);
};
/// Lambert's continued fraction in s = u^2, f = 3 + s / (5 + s / (7 + ... + s / 33)),
/// with tanh(u) = u / (1 + q), q = s / f (positive terms only; 16 levels: the truncation
/// error at |u| = 2 is below 1e-20), as the ratio of two numerators of its convergents,
/// f = n1 / n2, N_k = (2k + 1) N_(k+1) + s N_(k+2) (N_17 = 1, N_16 = 33), n1 = N_1 and
/// n2 = N_2: polynomials in s of degree 8 and 7 with positive integer coefficients (exact
/// in 64 bits, at most 33!! < 2^63), computed here once. Both are evaluated by Horner's
/// rule side by side: positive terms, nothing cancels, and no division (16 before), in a
/// dependency chain of 8 fmas (the recurrence itself was 15 products and 15 fmas long).
struct lambert_polynomials {
    unsigned long long n1[9], n2[8];
};
constexpr lambert_polynomials make_lambert() noexcept {
    unsigned long long next[9] = {1}, cur[9] = {33};
    for (unsigned long long k = 15; k >= 1; --k) {
        unsigned long long nk[9] = {};
        for (int j = 0; j < 9; ++j) nk[j] = (2 * k + 1) * cur[j] + (j > 0 ? next[j - 1] : 0);
        for (int j = 0; j < 9; ++j) {
            next[j] = cur[j];
            cur[j] = nk[j];
        }
    }
    lambert_polynomials p{};
    for (int j = 0; j < 9; ++j) p.n1[j] = cur[j];
    for (int j = 0; j < 8; ++j) p.n2[j] = next[j];
    return p;
}
inline constexpr lambert_polynomials lambert_coefficients = make_lambert();
template <class T>
struct fraction {
    T n1, n2;
};
template <class T>
CTDIFF_HOST_DEVICE constexpr fraction<T> lambert(T s) noexcept {
    using E = element_type_t<T>;
    constexpr const lambert_polynomials& c = lambert_coefficients;
    T n1 = number_cast<T>(static_cast<E>(c.n1[8]));
    T n2 = number_cast<T>(static_cast<E>(c.n2[7]));
    for (int j = 7; j >= 0; --j) {
        n1 = math::fma(n1, s, number_cast<T>(static_cast<E>(c.n1[j])));
        if (j > 0) n2 = math::fma(n2, s, number_cast<T>(static_cast<E>(c.n2[j - 1])));
    }
    return {n1, n2};
}
/// x - tanh(x) and tanh(x)^2, each rounded once.
template <class T>
struct parts {
    T shrink, tanh2;
};
/// |u| < 2 in a type whose rounding is far below the result's (float lanes in double
/// lanes): the formulas of near() below, each operation rounded.
template <class W>
CTDIFF_HOST_DEVICE constexpr parts<W> near_wide(W un) noexcept {
    const W s = un * un;
    const fraction<W> f = lambert(s);
    const W den = math::fma(s, f.n2, f.n1);
    return {un * s * f.n2 / den, s * f.n1 * f.n1 / (den * den)};
}
/// |u| < 2 (lanes at or past 2 see u = 0): u q / (1 + q) = u s n2 / (n1 + s n2) and
/// tanh^2 = s n1^2 / (n1 + s n2)^2, with s = u^2 and the sums and products carried as
/// unevaluated sums (math/double_word.hpp) up to one division: what is left is the
/// fraction's own rounding, and tanh^2 does not double the error of a rounded tanh
/// (4.4 ULP next to |u| = 2 when it was t * t). Float lanes compute in double lanes
/// (math::wide_lanes), rounded once: a shorter chain of dependent operations than the
/// unevaluated sums in float.
template <class T>
CTDIFF_HOST_DEVICE constexpr parts<T> near(T u) noexcept {
    const T zero = number_cast<T>(0);
    const T un = math::select(math::abs(u) >= number_cast<T>(2), zero, u);
    if constexpr (math::has_wide_lanes<T>) {
        using W = math::wide_lanes<T>;
        const auto lo = near_wide(W::low(un));
        const auto hi = near_wide(W::high(un));
        return {W::narrow(lo.shrink, hi.shrink), W::narrow(lo.tanh2, hi.tanh2)};
    } else {
        const math::double_word<T> s = math::two_prod(un, un);
        const fraction<T> f = lambert(s.hi);
        const math::double_word<T> den = math::add(math::mul(s, f.n2), f.n1);
        // At u = ±0 the value is u (its sign too, which the sums would lose), as in float lanes.
        return {math::select(un == zero, un, math::div_rounded(math::mul(math::mul(s, f.n2), un), den)),
                math::div_rounded(math::mul(math::mul(s, f.n1), f.n1), math::mul(den, den))};
    }
}
/// |u| >= 2, from e = exp(-2|u|) <= e^-4: tanh = sign(u) (1 - e) / (1 + e), and
/// tanh^2 = 1 - 4e / (1 + e)^2, where the subtracted term is below 0.071, so its error
/// shrinks (squaring a rounded tanh doubled it).
template <class T>
CTDIFF_HOST_DEVICE constexpr parts<T> far(T u) noexcept {
    const T one = number_cast<T>(1);
    // |u| capped at 1e4 (e is 0 from there on in every type): -2|u| never overflows (a
    // constant expression rejects that).
    const T a = math::abs(u);
    const T e = math::exp(number_cast<T>(-2) * math::select(a > number_cast<T>(1e4), number_cast<T>(1e4), a));
    const T p = one + e;
    const T m = (one - e) / p;
    return {u - math::select(u < number_cast<T>(0), -m, m), one - number_cast<T>(4) * e / (p * p)};
}
}  // namespace tanhshrink_impl

/// tanh(u)^2, the derivative of tanhshrink: from the continued fraction for |u| < 2 and
/// from exp(-2|u|) past it (a rounded tanh's error would double in the square), with the rule
/// 2 tanh(u) sech^2(u).
struct tanh_squared_rule {
    static constexpr std::string_view name = "tanh_squared";
    static constexpr std::string_view latex = "\\tanh^2";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        // The near branch sees u only where |u| < 2 (0 elsewhere): u * u never overflows.
        return math::select(math::abs(u) < number_cast<T>(2), tanhshrink_impl::near(u).tanh2,
                            tanhshrink_impl::far(u).tanh2);
    }
    // 2 (tanh sech^2), not (2 tanh) sech^2: sech2's own partial holds the node 2 tanh(u), which
    // a jet pass must not meet again while it evaluates that node (Clang: a deduced return
    // type used before it is known).
    static constexpr auto derivative(auto u, auto) noexcept { return int_c<2> * (tanh(u) * sech2(u)); }
};

/// tanh(u)^2.
inline constexpr unary_function<tanh_squared_rule> tanh_squared{};

struct tanhshrink_rule {
    static constexpr std::string_view name = "tanhshrink";
    static constexpr std::string_view latex = "\\operatorname{tanhshrink}";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (tanhshrink_impl::lanes<T>) {
            return value_and_derivative(u).value;  // the bits forward_backward gives
        } else {
            return math::select(math::abs(u) < number_cast<T>(2), tanhshrink_impl::near(u).shrink,
                                tanhshrink_impl::far(u).shrink);
        }
    }
    /// The value and tanh^2 from one evaluation: the continued fraction's two numerators
    /// below |u| = 2, one exp at or past it (none for a batch with every lane below 2).
    /// Plain numbers: value() and tanh_squared's value, the same bits as the general route.
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative(T u) noexcept {
        if constexpr (tanhshrink_impl::lanes<T>) {
            const auto inside = math::abs(u) < number_cast<T>(2);
            const tanhshrink_impl::parts<T> n = tanhshrink_impl::near(u);
            if (math::all_lanes<T>(inside)) return {n.shrink, n.tanh2};
            const tanhshrink_impl::parts<T> f = tanhshrink_impl::far(u);
            return {math::select(inside, n.shrink, f.shrink), math::select(inside, n.tanh2, f.tanh2)};
        } else {
            return {value(u), tanh_squared_rule::value(u)};
        }
    }
    static constexpr auto derivative(auto u, auto) noexcept { return tanh_squared(u); }
};

/// x - tanh(x).
inline constexpr unary_function<tanhshrink_rule> tanhshrink{};

/// tanhshrink's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"tanhshrink">{
    .definition = R"(x - \tanh(x))",
    .conventions =
        "Smooth. Near 0, where x - tanh(x) cancels, the value comes from a continued fraction; the "
        "derivative is tanh^2, not 1 - sech^2.",
};

/// tanhshrink's reference, the accuracy suite's oracle: x - tanh(x)
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"tanhshrink"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        return x - tanh(x);
    }
};

}  // namespace ctdiff
