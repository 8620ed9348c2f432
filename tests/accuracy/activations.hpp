// The activations under test: how to build each with ctdiff, and its
// reference written independently from the definition. Every registered
// activation (activations/registry.hpp) needs its reference here, by its name
// (a gated one: one along each input, and ACCURACY_ALONG_BOTH); the suite
// measures them from the registry (harness.hpp), and fails to compile without one (PyTorch's formulas and
// conventions at kinks), as a function of the Taylor variable X. `xb` is the
// point's value as a double: piecewise functions choose their piece with it,
// so the reference at a kink follows the documented convention.
#pragma once

#include <tuple>

#include <ctdiff/ctdiff.hpp>

#include "reference.hpp"

namespace accuracy {

inline tay zero_like(const tay& X) { return tay::constant(0, X.n); }
inline tay pos_part(const tay& X, double xb) { return xb > 0 ? X : zero_like(X); }
inline real pi() { return boost::math::constants::pi<real>(); }

// PyTorch's SELU constants, to 32 digits.
inline const real selu_alpha{"1.6732632423543772848170429916717"};
inline const real selu_scale{"1.0507009873554804934193349852946"};

/// The orders (from 0) whose limits at +-inf exist; the check expects NaN above them.
template <class A>
inline constexpr std::size_t orders_with_limits = 3;

#define ACCURACY_ACTIVATION(id, smooth_, build, ...) \
    ACCURACY_ACTIVATION_NAMED(id, #id, smooth_, build, __VA_ARGS__)

/// As ACCURACY_ACTIVATION, with the name the table shows (a call such as
/// "glu(x, -3/2)": the gallery finds an activation's rows by the name before '(').
#define ACCURACY_ACTIVATION_NAMED(id, label, smooth_, build, ...)                                   \
    struct id {                                                                                     \
        static constexpr const char* name = label;                                                  \
        static constexpr bool smooth = smooth_;                                                     \
        static constexpr auto make(auto e) { return build; }                                        \
        static tay reference([[maybe_unused]] const tay& X, [[maybe_unused]] double xb) __VA_ARGS__ \
    };

ACCURACY_ACTIVATION(relu, false, ctdiff::relu(e), { return xb > 0 ? X : zero_like(X); })
ACCURACY_ACTIVATION(relu6, false, ctdiff::relu6(e), {
    if (xb <= 0) return zero_like(X);
    if (xb >= 6) return tay::constant(6, X.n);
    return X;
})
ACCURACY_ACTIVATION(leaky_relu, false, ctdiff::leaky_relu(e), { return xb > 0 ? X : X * real("0.01"); })
ACCURACY_ACTIVATION(prelu, false, ctdiff::prelu(e, 0.25), { return xb > 0 ? X : X * real("0.25"); })
ACCURACY_ACTIVATION(elu, true, ctdiff::elu(e), { return xb > 0 ? X : expm1(X); })
ACCURACY_ACTIVATION(selu, true, ctdiff::selu(e),
                    { return xb > 0 ? X * selu_scale : expm1(X) * (selu_scale * selu_alpha); })
ACCURACY_ACTIVATION(celu, true, ctdiff::celu(e), { return xb > 0 ? X : expm1(X); })
ACCURACY_ACTIVATION(gelu, true, ctdiff::gelu(e), {
    // x Phi(x) = x/2 erfc(-x / sqrt 2)
    return X * erfc(X * (-1 / boost::multiprecision::sqrt(real(2)))) * real(0.5);
})
ACCURACY_ACTIVATION(gelu_tanh, true, ctdiff::gelu_tanh(e), {
    // x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
    // (1 + tanh w) / 2 = sigmoid(2w): no cancellation in the left tail
    const tay inner = (X + X * X * X * real("0.044715")) * boost::multiprecision::sqrt(2 / pi());
    return X * tay_sigmoid(inner * real(2));
})
ACCURACY_ACTIVATION(silu, true, ctdiff::silu(e), { return X * tay_sigmoid(X); })
ACCURACY_ACTIVATION(mish, true, ctdiff::mish(e), {
    // softplus through log1p(exp(x)) for x < 0 and x + log1p(exp(-x)) above: exact in both tails
    const tay sp = X.c[0] < 0 ? log1p(exp(X)) : X + log1p(exp(-X));
    return X * tay_tanh(sp);
})
ACCURACY_ACTIVATION(softplus, true, ctdiff::softplus(e), {
    if (xb > 20) return X;  // PyTorch's linear cut-off beta * x > threshold
    return X.c[0] < 0 ? log1p(exp(X)) : X + log1p(exp(-X));
})
ACCURACY_ACTIVATION(softsign, true, ctdiff::softsign(e), {
    if (xb == 0) {  // |x| has abs'(0) = 0: derivatives of order >= 2 vanish there (as PyTorch's autograd)
        tay t = zero_like(X);
        if (X.n >= 1) t.c[1] = 1;
        return t;
    }
    // x / (1 + |x|), or sign(x) (1 - 1 / (1 + |x|)) for |x| > 1 where the derivatives of the first cancel
    if (xb > 1) return real(1) - real(1) / (X + real(1));
    if (xb < -1) return real(1) / (real(1) - X) - real(1);
    return xb > 0 ? X / (X + real(1)) : X / (real(1) - X);
})
ACCURACY_ACTIVATION(hardtanh, false, ctdiff::hardtanh(e), {
    if (xb <= -1) return tay::constant(-1, X.n);
    if (xb >= 1) return tay::constant(1, X.n);
    return X;
})
ACCURACY_ACTIVATION(hardsigmoid, false, ctdiff::hardsigmoid(e), {
    if (xb <= -3) return zero_like(X);
    if (xb >= 3) return tay::constant(1, X.n);
    return X / real(6) + real(0.5);
})
ACCURACY_ACTIVATION(hardswish, false, ctdiff::hardswish(e), {
    if (xb <= -3) return zero_like(X);
    if (xb >= 3) return X;
    return X * (X + real(3)) / real(6);
})
ACCURACY_ACTIVATION(log_sigmoid, true, ctdiff::log_sigmoid(e), {
    // log(1 / (1 + exp(-x))) = -log1p(exp(-x)), or x - log1p(exp(x)) for x < 0
    return X.c[0] < 0 ? X - log1p(exp(X)) : -log1p(exp(-X));
})
ACCURACY_ACTIVATION(sigmoid, true, ctdiff::sigmoid(e),
                    { return X.c[0] < 0 ? exp(X) / (exp(X) + real(1)) : real(1) / (exp(-X) + real(1)); })
ACCURACY_ACTIVATION(tanh, true, ctdiff::tanh(e), { return tay_tanh(X); })
ACCURACY_ACTIVATION(tanhshrink, true, ctdiff::tanhshrink(e), { return X - tay_tanh(X); })
ACCURACY_ACTIVATION(softshrink, false, ctdiff::softshrink(e), {
    if (xb > 0.5) return X - real(0.5);
    if (xb < -0.5) return X + real(0.5);
    return zero_like(X);
})
ACCURACY_ACTIVATION(hardshrink, false, ctdiff::hardshrink(e),
                    { return (xb > 0.5 || xb < -0.5) ? X : zero_like(X); })
ACCURACY_ACTIVATION(threshold, false, ctdiff::threshold(e, 0.5, -2.0),
                    { return xb <= 0.5 ? tay::constant(-2, X.n) : X; })

// The catalogue beyond PyTorch's list (#14).
ACCURACY_ACTIVATION(squareplus, true, ctdiff::squareplus(e), {
    // (x + sqrt(x^2 + 4)) / 2, or 2 / (sqrt(x^2 + 4) - x) for x < 0 where the first cancels.
    if (boost::multiprecision::abs(X.c[0]) < 1) {
        const tay r = tay_sqrt(X * X + real(4));
        return X.c[0] < 0 ? real(2) / (r - X) : (X + r) / real(2);
    }
    // Beyond 1, sqrt(x^2 + 4) = |x| s, s = sqrt(1 + 4 / x^2): the series of sqrt(x^2 + 4)
    // would subtract nearly equal terms (its second coefficient is 2 / r^3, about 1 / x^2).
    const tay s = tay_sqrt(real(1) + real(4) / (X * X));
    return X.c[0] < 0 ? real(-2) / (X * (s + real(1))) : X * (s + real(1)) / real(2);
})
ACCURACY_ACTIVATION(sparse_plus, false, ctdiff::sparse_plus(e), {
    if (xb <= -1) return zero_like(X);
    if (xb >= 1) return X;
    return square(X + real(1)) / real(4);
})
ACCURACY_ACTIVATION(snake, true, ctdiff::snake(e), {
    const tay s = sin_cos(X).s;
    return X + s * s;
})
ACCURACY_ACTIVATION(rrelu, false, ctdiff::rrelu(e), {
    // evaluation mode: the slope (1/8 + 1/3) / 2 = 11/48
    return xb > 0 ? X : X * (real(11) / real(48));
})
// snake's partial in alpha at alpha = 1, x sin(2x) - sin(x)^2, through its primitive; the
// routes of the partial (gradient, d(e, a), duals, jets in a) are measured in part_catalogue.cpp.
ACCURACY_ACTIVATION_NAMED(snake_alpha, "snake(x, a) d/da, a = 1", true,
                          ctdiff::dsnake_dalpha(e, ctdiff::default_parameter<decltype(e), 1>()), {
                              const auto sc = sin_cos(X);
                              return X * sc.s * sc.c * real(2) - sc.s * sc.s;
                          })

// snake's derivatives oscillate at +-inf (snake itself goes to +-inf); its partial in alpha too.
template <>
inline constexpr std::size_t orders_with_limits<snake> = 1;
template <>
inline constexpr std::size_t orders_with_limits<snake_alpha> = 0;

/// A gated activation along one input, the other fixed at the exact value N/D (a
/// compile-time constant beside an expression, a number of the input's type beside a number).
template <long long N, long long D, class E>
constexpr auto fixed(const E&) {
    return ctdiff::default_parameter<E, N, D>();
}
inline tay gelu_ref(const tay& X) {
    return X * erfc(X * (-1 / boost::multiprecision::sqrt(real(2)))) * real(0.5);
}
inline tay gelu_tanh_ref(const tay& X) {
    const tay inner = (X + X * X * X * real("0.044715")) * boost::multiprecision::sqrt(2 / pi());
    return X * tay_sigmoid(inner * real(2));
}
inline real at(tay (*f)(const tay&), const real& v) { return f(tay::constant(v, 0)).c[0]; }
inline tay sigmoid_ref(const tay& X) { return tay_sigmoid(X); }
inline tay silu_ref(const tay& X) { return X * tay_sigmoid(X); }

// Along the value a, gate b = -3/2; along the gate b, value a = 5/4.
ACCURACY_ACTIVATION_NAMED(glu_a, "glu(x, -3/2)", true, ctdiff::glu(e, fixed<-3, 2>(e)),
                          { return X * at(sigmoid_ref, real(-1.5)); })
ACCURACY_ACTIVATION_NAMED(glu_b, "glu(5/4, x)", true, ctdiff::glu(fixed<5, 4>(e), e),
                          { return tay_sigmoid(X) * real(1.25); })
ACCURACY_ACTIVATION_NAMED(swiglu_a, "swiglu(x, -3/2)", true, ctdiff::swiglu(e, fixed<-3, 2>(e)),
                          { return silu_ref(X) * real(-1.5); })
ACCURACY_ACTIVATION_NAMED(swiglu_b, "swiglu(5/4, x)", true, ctdiff::swiglu(fixed<5, 4>(e), e),
                          { return X * at(silu_ref, real(1.25)); })
ACCURACY_ACTIVATION_NAMED(geglu_a, "geglu(x, -3/2)", true, ctdiff::geglu(e, fixed<-3, 2>(e)),
                          { return gelu_ref(X) * real(-1.5); })
ACCURACY_ACTIVATION_NAMED(geglu_b, "geglu(5/4, x)", true, ctdiff::geglu(fixed<5, 4>(e), e),
                          { return X * at(gelu_ref, real(1.25)); })
ACCURACY_ACTIVATION_NAMED(geglu_tanh_a, "geglu_tanh(x, -3/2)", true, ctdiff::geglu_tanh(e, fixed<-3, 2>(e)),
                          { return gelu_tanh_ref(X) * real(-1.5); })
ACCURACY_ACTIVATION_NAMED(geglu_tanh_b, "geglu_tanh(5/4, x)", true, ctdiff::geglu_tanh(fixed<5, 4>(e), e),
                          { return X * at(gelu_tanh_ref, real(1.25)); })
ACCURACY_ACTIVATION_NAMED(reglu_a, "reglu(x, -3/2)", false, ctdiff::reglu(e, fixed<-3, 2>(e)),
                          { return xb > 0 ? X * real(-1.5) : zero_like(X); })
ACCURACY_ACTIVATION_NAMED(reglu_b, "reglu(5/4, x)", false, ctdiff::reglu(fixed<5, 4>(e), e),
                          { return X * real(1.25); })

/// A gated activation is measured along each input (harness.hpp finds the
/// references of a registered activation by its name).
#define ACCURACY_ALONG_BOTH(id)                   \
    struct id {                                   \
        using along = std::tuple<id##_a, id##_b>; \
    };
ACCURACY_ALONG_BOTH(glu)
ACCURACY_ALONG_BOTH(swiglu)
ACCURACY_ALONG_BOTH(geglu)
ACCURACY_ALONG_BOTH(geglu_tanh)
ACCURACY_ALONG_BOTH(reglu)

#undef ACCURACY_ALONG_BOTH
#undef ACCURACY_ACTIVATION_NAMED
#undef ACCURACY_ACTIVATION

}  // namespace accuracy
