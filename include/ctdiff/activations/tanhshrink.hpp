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
#include <ctdiff/functions/sech2.hpp>

namespace ctdiff {

namespace tanhshrink_impl {
/// q in tanh(u) = u / (1 + q), from Lambert's continued fraction in s = u^2
/// (positive terms only; 16 levels: the truncation error at |u| = 2 is below 1e-20).
template <class T>
CTDIFF_HOST_DEVICE constexpr T lambert_q(T s) noexcept {
    T f = number_cast<T>(33);
    for (int n = 15; n >= 1; --n) f = number_cast<T>(2 * n + 1) + s / f;
    return s / f;
}
}  // namespace tanhshrink_impl

/// tanh(u)^2, the derivative of tanhshrink: from the continued fraction for
/// |u| < 2 (tanh's own few ULP would double in the square), with the rule
/// 2 tanh(u) sech^2(u).
struct tanh_squared_rule {
    static constexpr std::string_view name = "tanh_squared";
    static constexpr std::string_view latex = "\\tanh^2";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        // The near branch sees u only where |u| < 2 (0 elsewhere): u * u never overflows.
        const T un = math::select(math::abs(u) >= number_cast<T>(2), number_cast<T>(0), u);
        const T t_near = un / (number_cast<T>(1) + tanhshrink_impl::lambert_q(un * un));
        const T t = math::select(math::abs(u) < number_cast<T>(2), t_near, math::tanh(u));
        return t * t;
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
        const T un = math::select(math::abs(u) >= number_cast<T>(2), number_cast<T>(0), u);
        const T q = tanhshrink_impl::lambert_q(un * un);
        const T near = un * q / (number_cast<T>(1) + q);
        return math::select(math::abs(u) < number_cast<T>(2), near, u - math::tanh(u));
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
