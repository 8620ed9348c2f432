// The activations under test: how to build each with ctdiff, and its
// reference written independently from the definition (PyTorch's formulas and
// conventions at kinks), as a function of the Taylor variable X. `xb` is the
// point's value as a double: piecewise functions choose their piece with it,
// so the reference at a kink follows the documented convention.
#pragma once

#include <ctdiff/ctdiff.hpp>

#include "reference.hpp"

namespace accuracy {

inline tay zero_like(const tay& X) { return tay::constant(0, X.n); }
inline tay pos_part(const tay& X, double xb) { return xb > 0 ? X : zero_like(X); }
inline real pi() { return boost::math::constants::pi<real>(); }

// PyTorch's SELU constants, to 32 digits.
inline const real selu_alpha{"1.6732632423543772848170429916717"};
inline const real selu_scale{"1.0507009873554804934193349852946"};

#define ACCURACY_ACTIVATION(id, smooth_, build, ...)                                                \
    struct id {                                                                                     \
        static constexpr const char* name = #id;                                                    \
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

#undef ACCURACY_ACTIVATION

}  // namespace accuracy
