/// \file
/// `squareplus(x, b = 4)`: \f$\frac{x + \sqrt{x^2 + b}}{2}\f$ (JAX's
/// `squareplus`), a smooth ReLU whose curvature b sets.
///
/// With \f$r = \sqrt{x^2 + b}\f$, \f$v = 1/r\f$, \f$w = x/r\f$:
/// \f$\operatorname{squareplus}' = (1 + w)/2\f$ (the primitive `dsquareplus`),
/// \f$\operatorname{squareplus}'' = b v^3/2\f$ (the primitive `d2squareplus`),
/// and \f$\partial_b = v/4\f$. For x < 0 the value is computed as
/// \f$\frac{b}{2(r - x)}\f$ and the derivative as \f$\frac{b}{2r(r - x)}\f$:
/// the textbook forms cancel for large negative x (x + r is b / (r - x)). The
/// helper v is the primitive `squareplus_rsqrt`, and w is x v, so higher orders
/// are products without cancellation (\f$\partial_x v = -w v^2\f$,
/// \f$\partial_x w = b v^3\f$). r is computed
/// without overflow for any finite x. Float is computed in double, and the two
/// derivatives of double in extended precision (`rule_precision::extended`).
/// Smooth for b > 0; b is a number or any expression (a smooth parameter).
/// b = 0 gives relu with squareplus'(0) = 1/2; b < 0 gives NaN where
/// \f$x^2 + b < 0\f$ (the square root of a negative number), as JAX does.
/// squareplus(-inf) = 0, squareplus(inf) = inf; squareplus'(-inf) = 0,
/// squareplus'(inf) = 1. Double SIMD batches, which have no long double lanes, compute
/// squareplus'' in double-word arithmetic (`squareplus_impl::squareplus_half_b_v3`).
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/rule_toolkit.hpp>
#include <ctdiff/math/double_word.hpp>

namespace ctdiff {

namespace squareplus_impl {

/// sqrt(u^2 + b) without overflow: |u| sqrt(1 + b / u^2) past a magnitude whose square overflows.
template <class T>
CTDIFF_HOST_DEVICE constexpr T squareplus_big() noexcept {
    return number_cast<T>(std::is_same_v<element_type_t<T>, float> ? 1e18 : 1e150);
}
template <class T>
CTDIFF_HOST_DEVICE constexpr T squareplus_root(T u, T b) noexcept {
    const T au = math::abs(u);
    // Each branch sees u only where it is chosen (else a harmless stand-in): no b / 0
    // and no overflowing square in a constant expression; NaN takes the near branch.
    const T uf = math::select(au > squareplus_big<T>(), u, squareplus_big<T>());
    const T un = math::select(au > squareplus_big<T>(), number_cast<T>(0), u);  // no overflowing square
    return math::select(au > squareplus_big<T>(), au * math::sqrt(number_cast<T>(1) + (b / uf) / uf),
                        math::sqrt(math::fma(un, un, b)));
}

/// w = x / r without inf / inf at x = +-inf (+-1 / sqrt(1 + b / x^2) past the overflow guard).
template <class T>
CTDIFF_HOST_DEVICE constexpr T squareplus_ratio(T u, T b) noexcept {
    const T one = number_cast<T>(1);
    const T uf = math::select(math::abs(u) > squareplus_big<T>(), u, squareplus_big<T>());
    const T far = math::select(u > number_cast<T>(0), one, -one) / math::sqrt(one + (b / uf) / uf);
    return math::select(math::abs(u) > squareplus_big<T>(), far, u / squareplus_root(u, b));
}

/// b v^3 / 2, v = 1 / sqrt(u^2 + b), on double lanes (which have no long double to compute
/// in): u^2 + b, its square root and v in double-word arithmetic, and the three products
/// too, rounded once at the end (in double, v^3 alone collects 4.7 ULP). Past the overflow
/// guard, u is scaled by 2^-600 and b by 2^-1200 (exact, or b's part negligible there) and
/// v scaled back: one square root and one division for every lane.
template <math::double_lanes T>
[[gnu::always_inline]] inline T squareplus_half_b_v3(T u, T b) noexcept {
    const T one = number_cast<T>(1);
    const auto far = math::abs(u) > squareplus_big<T>();
    const T down = number_cast<T>(0x1p-600);
    // |u| clamped to 1e300 there (u = +-inf included), where b v^3 / 2 underflows to 0 anyway.
    const T us = math::select(
        far, math::select(math::abs(u) > number_cast<T>(1e300), number_cast<T>(1e300), u) * down, u);
    const T bs = math::select(far, (b * down) * down, b);
    const math::double_word<T> w = math::add(math::two_prod(us, us), bs);
    const T rh = math::sqrt(w.hi);
    const T vh = one / rh;
    const T rl = (math::fnma(rh, rh, w.hi) + w.lo) * (number_cast<T>(0.5) * vh);
    const T vl = -vh * (math::fms(vh, rh, one) + vh * rl);  // v = 1 / (rh + rl) = vh + vl
    const T scale = math::select(far, down, one);
    const math::double_word<T> v{vh * scale, vl * scale};
    return math::rounded(math::mul(math::mul(math::mul(v, number_cast<T>(0.5) * b), v), v));
}

}  // namespace squareplus_impl

/// v = 1 / r: partials -x v^3 (= -w v^2) and -v^3 / 2. Its rule uses its own
/// result only, so the helpers form a chain (rules that call each other in a cycle
/// are more than Clang can instantiate for primitives of two arguments).
struct squareplus_rsqrt_rule {
    static constexpr std::string_view name = "squareplus_rsqrt";
    static constexpr std::string_view latex = "\\operatorname{squareplus}_v";
    static constexpr rule_precision precision = rule_precision::extended;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T b) noexcept {
        return number_cast<T>(1) / squareplus_impl::squareplus_root(u, b);
    }
    static constexpr auto derivative(auto u, auto, auto y) noexcept {
        return partials(-((u * y) * y * y), -(y * y * y) / int_c<2>);
    }
};

/// v = 1 / sqrt(x^2 + b), a helper primitive of squareplus's derivatives.
inline constexpr binary_function<squareplus_rsqrt_rule> squareplus_rsqrt{};

/// squareplus''(x) = b v^3 / 2: partials -3 w v y and (v^3 / 2)(1 - 3 b v^2 / 2).
struct d2squareplus_rule {
    static constexpr std::string_view name = "d2squareplus";
    static constexpr std::string_view latex = "\\operatorname{squareplus}''";
    static constexpr rule_precision precision = rule_precision::extended;
    // Float batches in double lanes too (4.7 ULP in float lanes).
    static constexpr rule_precision batch_precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T b) noexcept {
        if constexpr (math::double_lanes<T>) {
            return squareplus_impl::squareplus_half_b_v3(u, b);
        } else {
            const T v = number_cast<T>(1) / squareplus_impl::squareplus_root(u, b);
            return ((b / number_cast<T>(2)) * v) * v * v;  // in this order: no early underflow
        }
    }
    static constexpr auto derivative(auto u, auto b, auto y) noexcept {
        const auto v = squareplus_rsqrt(u, b);
        return partials(-(int_c<3> * (u * v) * v * y),
                        (v * v * v / int_c<2>)*(int_c<1> - int_c<3> * b * (v * v) / int_c<2>));
    }
};

/// The second derivative of squareplus in x.
inline constexpr binary_function<d2squareplus_rule> d2squareplus{};

/// squareplus'(x) = (1 + w) / 2, as b / (2 r (r - x)) for x < 0: partials
/// squareplus'' and -w v^2 / 4.
struct dsquareplus_rule {
    static constexpr std::string_view name = "dsquareplus";
    static constexpr std::string_view latex = "\\operatorname{squareplus}'";
    static constexpr rule_precision precision = rule_precision::extended;
    // Float batches in double lanes too (4.4 ULP in float lanes with a fused fma, near x = -0.0136).
    static constexpr rule_precision batch_precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T b) noexcept {
        const T half = number_cast<T>(0.5);
        const T r = squareplus_impl::squareplus_root(u, b);
        const T right = half + half * squareplus_impl::squareplus_ratio(u, b);
        // Halves: no overflow. The denominator is 1 where `left` is discarded (r - x may be 0).
        const T denominator = math::select(u >= number_cast<T>(0), number_cast<T>(1), half * r - half * u);
        const T left = ((number_cast<T>(0.25) * b) / r) / denominator;
        return math::select(u >= number_cast<T>(0), right, left);
    }
    static constexpr auto derivative(auto u, auto b, auto) noexcept {
        const auto v = squareplus_rsqrt(u, b);
        return partials(d2squareplus(u, b), -((u * v) * v * v) / int_c<4>);
    }
};

/// The derivative of squareplus in x.
inline constexpr binary_function<dsquareplus_rule> dsquareplus{};

struct squareplus_rule {
    static constexpr std::string_view name = "squareplus";
    static constexpr std::string_view latex = "\\operatorname{squareplus}";
    // Float is computed in double and rounded once.
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T b) noexcept {
        const T half = number_cast<T>(0.5);
        const T r = squareplus_impl::squareplus_root(u, b);
        // x < 0: (x + r) / 2 = b / (2 (r - x)), whose terms add (halves: no overflow). Its
        // denominator is 1 where that branch is discarded (r - x may be 0 there).
        const T positive = half * u + half * r;
        const T denominator = math::select(u >= number_cast<T>(0), number_cast<T>(1), half * r - half * u);
        return math::select(u >= number_cast<T>(0), positive, (number_cast<T>(0.25) * b) / denominator);
    }
    static constexpr auto derivative(auto u, auto b, auto) noexcept {
        return partials(dsquareplus(u, b), squareplus_rsqrt(u, b) / int_c<4>);
    }
};

/// `squareplus(x)`: b defaults to 4, as in JAX.
struct squareplus_t : defaulted_parameter_function<squareplus_rule, 4> {};

/// JAX's squareplus: `squareplus(x)`, `squareplus(x, 1.0)`, `squareplus(x, b)`.
inline constexpr squareplus_t squareplus{};

/// squareplus's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"squareplus">{
    .definition = R"(\frac{x + \sqrt{x^{2} + b}}{2},\quad b = 4)",
    .conventions =
        "Smooth for b > 0. For x < 0 computed as b / (2 (sqrt(x^2 + b) - x)), where the textbook form "
        "cancels; squareplus(-inf) = 0, squareplus'(inf) = 1. b = 0 is relu; b < 0 gives NaN where x^2 + b < "
        "0 (JAX's definition).",
    .derivatives = R"(\operatorname{squareplus}'(x) = \frac{1}{2}\left(1 + \frac{x}{\sqrt{x^{2} + b}}\right))"
                   "\n"
                   R"(\operatorname{squareplus}''(x) = \frac{b}{2\,(x^{2} + b)^{3/2}})",
    .parameters = {{.name = "b", .value = 4.0, .smooth = true}},
    // b > 0 (b < 0 is NaN where x^2 + b < 0), below 1e6; |x| below 1e6.
    .finite_where = [](double x, double p) { return p > 1e-100 && p < 1e6 && x < 1e6 && x > -1e6; },
};

/// squareplus's reference, the accuracy suite's oracle: (x + sqrt(x^2 + 4)) / 2 (b = 4)
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"squareplus"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        const X one = constant_like(x, 1), two = constant_like(x, 2), four = constant_like(x, 4);
        if (xb < 1 && xb > -1) {
            const X r = sqrt(x * x + four);
            // (x + r) / 2, or 2 / (r - x) for x < 0 where the first cancels
            return xb < 0 ? two / (r - x) : (x + r) / two;
        }
        // beyond 1, r = |x| s, s = sqrt(1 + 4 / x^2): the series of sqrt(x^2 + 4) would subtract
        // nearly equal terms (its second coefficient is 2 / r^3, about 1 / x^2)
        const X s = sqrt(one + four / (x * x));
        return xb < 0 ? constant_like(x, -2) / (x * (s + one)) : x * (s + one) / two;
    }
};

}  // namespace ctdiff
