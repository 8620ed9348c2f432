/// \file
/// `selu`: the scaled ELU, scale * elu(x, alpha) with PyTorch's fixed constants
/// alpha = 1.6732632423543772848 and scale = 1.0507009873554804934.
///
/// \f$\operatorname{selu}'(x) = \lambda\f$ for x > 0, else
/// \f$\lambda\alpha e^x\f$ (\f$\lambda\alpha\f$ is one rounded constant; conventions at kinks and limits:
/// `activation_info_of` below).
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/operators.hpp>
#include <ctdiff/core/primitive.hpp>
#include <ctdiff/core/rule_toolkit.hpp>
#include <ctdiff/functions/exp.hpp>

namespace ctdiff {

namespace selu_impl {
struct selu_scale {
    static constexpr double value = 1.0507009873554804934193349852946;
    static constexpr double lo = 3.9874847667154144e-17;  // the rest, for wider types
    static constexpr int precedence = precedence_level::atom;
    static constexpr const char* name = "selu_scale";
    static constexpr const char* latex = "\\lambda";
};
struct selu_scale_alpha {
    static constexpr double value = 1.7580993408473768599402175208123;
    static constexpr double lo = 1.4153519380084477e-17;
    static constexpr int precedence = precedence_level::atom;
    static constexpr const char* name = "selu_scale_alpha";
    static constexpr const char* latex = "\\lambda\\alpha";
};
}  // namespace selu_impl

struct selu_rule {
    static constexpr std::string_view name = "selu";
    static constexpr std::string_view latex = "\\operatorname{selu}";
    /// Float in double: scale * x rounded once, also next to the overflow threshold (with
    /// the scale rounded to float first, selu(3.2386221e38f) was inf instead of FLT_MAX).
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (requires { math::backend<T>::exp_and_expm1(u, u); }) {
            return value_and_derivative(u).value;  // the bits forward_backward gives
        } else {
            return value_generic(u);
        }
    }
    /// The value and the derivative. SIMD batches: lambda alpha e^u and lambda alpha (e^u - 1)
    /// from one reduction (math::backend's exp_and_expm1, which rounds the first once in the
    /// underflow band), where value() and the derivative's expression took expm1 and exp;
    /// plain numbers: value() and the expression's value, the bits of the general route.
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative(T u) noexcept {
        const T scale = precise_constant<T>(selu_impl::selu_scale::value, selu_impl::selu_scale::lo);
        const T scale_alpha =
            precise_constant<T>(selu_impl::selu_scale_alpha::value, selu_impl::selu_scale_alpha::lo);
        const auto positive = u > number_cast<T>(0);
        if constexpr (requires { math::backend<T>::exp_and_expm1(u, u); }) {
            const auto p =
                math::backend<T>::exp_and_expm1(math::select(positive, number_cast<T>(0), u), scale_alpha);
            return {math::select(positive, positive_piece(u), p.expm1), math::select(positive, scale, p.exp)};
        } else {
            return {value_generic(u), math::select(positive, scale, scale_alpha * ctdiff::exp(u))};
        }
    }
    /// scale x for x > 0: inf past max / scale, without the overflowing product (a constant
    /// expression rejects it).
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T positive_piece(T u) noexcept {
        const T scale = precise_constant<T>(selu_impl::selu_scale::value, selu_impl::selu_scale::lo);
        const T big =
            number_cast<T>(std::numeric_limits<element_type_t<T>>::max() / selu_impl::selu_scale::value);
        const T inf = number_cast<T>(std::numeric_limits<element_type_t<T>>::infinity());
        return math::select(u > big, inf, math::select(math::abs(u) > big, number_cast<T>(0), u) * scale);
    }
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value_generic(T u) noexcept {
        // Past max / scale the result overflows: inf, without the overflowing product (a constant
        // expression rejects it).
        const T scale = precise_constant<T>(selu_impl::selu_scale::value, selu_impl::selu_scale::lo);
        const T big =
            number_cast<T>(std::numeric_limits<element_type_t<T>>::max() / selu_impl::selu_scale::value);
        const T inf = number_cast<T>(std::numeric_limits<element_type_t<T>>::infinity());
        const T positive =
            math::select(u > big, inf, math::select(math::abs(u) > big, number_cast<T>(0), u) * scale);
        return math::select(
            u > number_cast<T>(0), positive,
            precise_constant<T>(selu_impl::selu_scale_alpha::value, selu_impl::selu_scale_alpha::lo) *
                math::expm1(u));
    }
    static constexpr auto derivative(auto u, auto) noexcept {
        return select(u > int_c<0>, named_constant<selu_impl::selu_scale>{},
                      named_constant<selu_impl::selu_scale_alpha>{} * exp(u));
    }
};

/// The self-normalizing ELU.
inline constexpr unary_function<selu_rule> selu{};

/// selu's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"selu">{
    .definition =
        R"(\lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases},\quad \lambda \approx 1.0507,\ \alpha \approx 1.6733)",
    .conventions =
        "selu'(0) = lambda alpha, from the negative piece, as in PyTorch; lambda and alpha are PyTorch's "
        "constants; selu(-inf) = -lambda alpha.",
};

/// selu's reference, the accuracy suite's oracle: scale x, or scale alpha (exp(x) - 1) for x <= 0
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"selu"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        // PyTorch's constants, as its documentation spells them
        const X scale = constant_like(x, "1.0507009873554804934193349852946");
        const X alpha = constant_like(x, "1.6732632423543772848170429916717");
        return xb > 0 ? x * scale : expm1(x) * (scale * alpha);
    }
};

}  // namespace ctdiff
