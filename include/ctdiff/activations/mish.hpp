/// \file
/// `mish`: \f$x\tanh(\operatorname{softplus}(x))\f$, with its gate
/// \f$t(x) = \tanh(\log(1 + e^x))\f$ and the gate's derivative as primitives.
///
/// With \f$e = e^{-|x|}\f$ the gate is \f$(1 + 2e)/(1 + 2e + 2e^2)\f$ for x >= 0
/// and \f$e(e+2)/(e(e+2) + 2)\f$ for x < 0: no overflow and no cancellation.
/// \f$t'(x) = 4e^2(1+e)/((1+e)^2 + e^2)^2\f$ (x >= 0),
/// \f$4e(1+e)/((1+e)^2 + 1)^2\f$ (x < 0), and \f$t'' = t'\,L\f$ with L the
/// derivative of \f$\log t'\f$, again in e alone.
/// \f$\operatorname{mish}' = t + x\,t'\f$, \f$\operatorname{mish}'' = 2t' + x\,t''\f$.
/// mish(-inf) = -0, mish(inf) = inf, mish'(-inf) = 0, mish'(inf) = 1.
#pragma once

#include <ctdiff/core.hpp>
#include <ctdiff/functions/abs.hpp>
#include <ctdiff/functions/exp.hpp>
#include <ctdiff/functions/pow.hpp>
#include <ctdiff/functions/step.hpp>

namespace ctdiff {

/// t'(u), the derivative of the mish gate.
struct dmish_gate_rule {
    static constexpr std::string_view name = "dmish_gate";
    static constexpr std::string_view latex = "t'_{\\operatorname{mish}}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const T one = detail::convert<T>(1);
        const T e = math::exp(-math::abs(u));
        const T p = one + e;
        const T dp = p * p + e * e;  // x >= 0
        const T dn = p * p + one;    // x < 0
        const T four_e_p = detail::convert<T>(4) * e * p;
        return math::select(u >= detail::convert<T>(0), four_e_p * e / (dp * dp), four_e_p / (dn * dn));
    }
    /// t'' = t' L, L = d log t' / du, one formula per side in that side's decaying exponential.
    static constexpr auto derivative(auto u, auto y) noexcept {
        const auto en = exp(u);   // x < 0
        const auto ep = exp(-u);  // x >= 0
        const auto ln = int_c<1> + en / (int_c<1> + en) -
                        int_c<4> * en * (int_c<1> + en) / (pow(int_c<1> + en, int_c<2>) + int_c<1>);
        const auto lp =
            int_c<4> * ep * (int_c<1> + int_c<2> * ep) / (pow(int_c<1> + ep, int_c<2>) + pow(ep, int_c<2>)) -
            ep / (int_c<1> + ep) - int_c<2>;
        return y * select(u < int_c<0>, ln, lp);
    }
};

/// The mish gate tanh(softplus(u)).
struct mish_gate_rule {
    static constexpr std::string_view name = "mish_gate";
    static constexpr std::string_view latex = "t_{\\operatorname{mish}}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const T one = detail::convert<T>(1);
        const T two = detail::convert<T>(2);
        const T e = math::exp(-math::abs(u));
        const T a = one + two * e;  // x >= 0: (1 + 2e) / (1 + 2e + 2e^2)
        const T n = e * (e + two);  // x < 0: n / (n + 2)
        return math::select(u >= detail::convert<T>(0), a / (a + two * e * e), n / (n + two));
    }
    static constexpr auto derivative(auto u, auto) noexcept { return unary_function<dmish_gate_rule>{}(u); }
};

struct mish_rule {
    static constexpr std::string_view name = "mish";
    static constexpr std::string_view latex = "\\operatorname{mish}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        return math::select(u < detail::convert<T>(-1000), detail::convert<T>(-0.0),
                            u * mish_gate_rule::value(u));
    }
    static constexpr auto derivative(auto u, auto) noexcept {
        return select(abs(u) > int_c<1000>, step(u),
                      unary_function<mish_gate_rule>{}(u) + u * unary_function<dmish_gate_rule>{}(u));
    }
};

/// The mish gate and its derivative, as primitives of their own.
inline constexpr unary_function<mish_gate_rule> mish_gate{};
inline constexpr unary_function<dmish_gate_rule> dmish_gate{};

/// x tanh(softplus(x)).
inline constexpr unary_function<mish_rule> mish{};

}  // namespace ctdiff
