/// \file
/// `gelu_tanh`: the tanh approximation of gelu,
/// \f$\tfrac12 x(1 + \tanh(\sqrt{2/\pi}(x + 0.044715x^3))) = x\,g(x)\f$,
/// \f$g(x) = \sigma(z(x))\f$, \f$z(x) = 2\sqrt{2/\pi}(x + 0.044715x^3)\f$.
///
/// The gate g is a primitive: z is computed in double-word arithmetic (`fma`,
/// constants split in two), since \f$\sigma\f$ multiplies z's rounding error by
/// |z| in the left tail. As z is odd, \f$g'(x) = g(x)\,g(-x)\,z'(x)\f$, no
/// cancellation. \f$\operatorname{gelu\_tanh}'(x) = g(x) + x g'(x)\f$; past
/// |x| = 1000 the derivative is its limit (1 or 0). gelu_tanh(-1e300) = -0.
#pragma once

#include <ctdiff/activations/parameters.hpp>
#include <ctdiff/activations/sigmoid.hpp>
#include <ctdiff/functions/abs.hpp>
#include <ctdiff/functions/pow.hpp>
#include <ctdiff/functions/step.hpp>

namespace ctdiff {

namespace detail {
struct gelu_tanh_k {  // 2 sqrt(2 / pi)
    static constexpr double value = 1.5957691216057308;
    static constexpr double lo = -9.96930880911092e-17;
    static constexpr int precedence = 5;
    static constexpr const char* name = "gelu_tanh_k";
    static constexpr const char* latex = "2\\sqrt{2/\\pi}";
};
struct gelu_tanh_3kc {  // 3 * 0.044715 * 2 sqrt(2 / pi)
    static constexpr double value = 0.21406444881780074633;
    static constexpr int precedence = 5;
    static constexpr const char* name = "gelu_tanh_3kc";
    static constexpr const char* latex = "0.134145 \\cdot 2\\sqrt{2/\\pi}";
};
inline constexpr double gelu_tanh_c = 0.044715;
inline constexpr double gelu_tanh_c_lo = 2.1960211427085595e-18;
}  // namespace detail

/// The gate g(u) = sigmoid(z(u)) of gelu_tanh.
struct gelu_tanh_gate_rule {
    static constexpr std::string_view name = "gelu_tanh_gate";
    static constexpr std::string_view latex = "g_{\\tanh}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        using detail::gelu_tanh_k;
        const T k_hi = detail::constant_hi<T>(gelu_tanh_k::value);
        const T k_lo = detail::constant_lo<T>(gelu_tanh_k::value, gelu_tanh_k::lo);
        const T c_hi = detail::constant_hi<T>(detail::gelu_tanh_c);
        const T c_lo = detail::constant_lo<T>(detail::gelu_tanh_c, detail::gelu_tanh_c_lo);
        // z = k (u + c u^3) as z_hi + z_lo.
        const T a2 = u * u;
        const T a2l = math::fma(u, u, -a2);
        const T a3 = a2 * u;
        const T a3l = math::fma(a2, u, -a3) + a2l * u;
        const T p = c_hi * a3;
        const T pl = math::fma(c_hi, a3, -p) + (c_hi * a3l + c_lo * a3);
        const T s = u + p;
        const T b = s - u;
        const T sl = ((u - (s - b)) + (p - b)) + pl;
        const T z = k_hi * s;
        const T zl = math::fma(k_hi, s, -z) + (k_hi * sl + k_lo * s);
        // Past |u| = 64 the gate is 0 or 1 and the low parts may be inf or NaN.
        const T zlc = math::select(math::abs(u) < detail::convert<T>(64), zl, detail::convert<T>(0));
        // sigmoid(z + zl) = sigmoid(z) (1 + sigmoid(-z) zl) to first order.
        return sigmoid_rule::value(z) * (detail::convert<T>(1) + sigmoid_rule::value(-z) * zlc);
    }
    static constexpr auto derivative(auto u, auto y) noexcept {
        return y * unary_function<gelu_tanh_gate_rule>{}(-u) *
               (named_constant<detail::gelu_tanh_k>{} +
                named_constant<detail::gelu_tanh_3kc>{} * pow(u, int_c<2>));
    }
};

/// The gate of gelu_tanh.
inline constexpr unary_function<gelu_tanh_gate_rule> gelu_tanh_gate{};

struct gelu_tanh_rule {
    static constexpr std::string_view name = "gelu_tanh";
    static constexpr std::string_view latex = "\\operatorname{gelu_{tanh}}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return math::select(u < detail::convert<T>(-1000), detail::convert<T>(-0.0),
                            u * gelu_tanh_gate_rule::value(u));
    }
    static constexpr auto derivative(auto u, auto) noexcept {
        return select(abs(u) > int_c<1000>, step(u),
                      gelu_tanh_gate(u) + u * (gelu_tanh_gate(u) * gelu_tanh_gate(-u) *
                                               (named_constant<detail::gelu_tanh_k>{} +
                                                named_constant<detail::gelu_tanh_3kc>{} * pow(u, int_c<2>))));
    }
};

/// gelu with the tanh approximation (PyTorch's `approximate='tanh'`).
inline constexpr unary_function<gelu_tanh_rule> gelu_tanh{};

}  // namespace ctdiff
