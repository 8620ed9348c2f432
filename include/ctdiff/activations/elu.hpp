/// \file
/// `elu(x, alpha = 1)`: x for x > 0, else alpha * (exp(x) - 1).
///
/// \f$\partial_x = 1\f$ for x > 0, else \f$\alpha e^x\f$;
/// \f$\partial_\alpha = e^x - 1\f$ for x <= 0, else 0. The negative piece uses
/// `expm1` (no cancellation near 0) and its derivative \f$\alpha e^x\f$, not
/// `y + alpha`, which cancels (conventions at kinks and limits: `activation_info_of` below).
/// alpha is a number or any expression;
/// \f$\alpha e^x\f$ is the primitive `elu_gate` (computed in long double where
/// \f$e^x\f$ is subnormal in double: alpha would scale its rounding). A negative
/// alpha (outside the domain) computes the formula as PyTorch does.
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/rule_toolkit.hpp>
#include <ctdiff/functions/exp.hpp>
#include <ctdiff/functions/expm1.hpp>

namespace ctdiff {

/// alpha e^u, elu's derivative for u <= 0: float computed in double, and double in long
/// double where e^u is subnormal in double (u < -700), since alpha would multiply the
/// subnormal's rounding (50 ULP at alpha = 100). Rule: partials y and e^u.
struct elu_gate_rule {
    static constexpr std::string_view name = "elu_gate";
    static constexpr std::string_view latex = "\\alpha e^x";
    static constexpr rule_precision precision = rule_precision::extended;
    static constexpr bool extended_where(double u, double) noexcept { return u < -700; }
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T alpha) noexcept {
        if constexpr (requires { math::backend<T>::exp_and_expm1(u, alpha); }) {
            return math::backend<T>::exp_and_expm1(u, alpha).exp;  // rounded once in the underflow band
        } else {
            return alpha * math::exp(u);
        }
    }
    static constexpr auto derivative(auto u, auto, auto y) noexcept { return partials(y, exp(u)); }
};
inline constexpr primitive_function<elu_gate_rule, 2> elu_gate{};

struct elu_rule {
    static constexpr std::string_view name = "elu";
    static constexpr std::string_view latex = "\\operatorname{elu}";
    /// Float in double (its derivative's primitive asks for it too: an array pass then
    /// rescues lanes in the underflow band on the scalar route).
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u, T alpha) noexcept {
        if constexpr (requires { math::backend<T>::exp_and_expm1(u, alpha); }) {
            return value_and_derivative(u, alpha).value;  // the same bits as the fused pass
        } else {
            return math::select(u > number_cast<T>(0), u, alpha * math::expm1(u));
        }
    }
    static constexpr auto derivative(auto u, auto alpha, auto) noexcept {
        return partials(select(u > int_c<0>, int_c<1>, elu_gate(u, alpha)),
                        select(u > int_c<0>, int_c<0>, expm1(u)));
    }
    /// SIMD batches are exact in every band (math::backend's exp_and_expm1 rounds alpha e^u
    /// once in the underflow band, here and in elu_gate): the array pass does not rescue
    /// their lanes (tests/arrays/simd_math.cpp checks the band, the infinities and NaN).
    static constexpr bool batch_exact = true;
    /// The value and the partial in u (alpha a constant of the pass). SIMD batches take
    /// alpha e^u and alpha (e^u - 1) from one reduction (math::backend's exp_and_expm1);
    /// plain numbers the value and elu_gate, as the partial's expression gives them.
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative(T u,
                                                                                          T alpha) noexcept {
        const auto positive = u > number_cast<T>(0);
        if constexpr (requires { math::backend<T>::exp_and_expm1(u, alpha); }) {
            const auto p = math::backend<T>::exp_and_expm1(u, alpha);
            return {math::select(positive, u, p.expm1), math::select(positive, number_cast<T>(1), p.exp)};
        } else {
            return {value(u, alpha), math::select(positive, number_cast<T>(1), elu_gate(u, alpha))};
        }
    }
};

/// `elu(x)`: alpha defaults to 1, as in PyTorch.
struct elu_t : defaulted_parameter_function<elu_rule, 1> {};

/// The exponential linear unit: `elu(x)`, `elu(x, 0.5)`, `elu(x, a)`.
inline constexpr elu_t elu{};

/// elu's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"elu">{
    .definition = R"(\begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases},\quad \alpha = 1)",
    .conventions =
        "elu'(0) = alpha, from the negative piece (PyTorch's convention), and so are the higher derivatives "
        "at 0; the negative piece uses expm1; elu(-inf) = -alpha, elu'(-inf) = 0.",
    .parameters = {{.name = "alpha", .value = 1.0, .smooth = true}},
};

/// elu's reference, the accuracy suite's oracle: x, or exp(x) - 1 for x <= 0 (alpha = 1)
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"elu"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        return xb > 0 ? x : expm1(x);
    }
};

}  // namespace ctdiff
