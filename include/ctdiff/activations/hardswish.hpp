/// \file
/// `hardswish`: x * hardsigmoid(x): 0 for x <= -3, x for x >= 3, else x (x + 3) / 6.
///
/// \f$\operatorname{hardswish}'(x) = (x + 3/2)/3\f$ for -3 < x < 3 (no term that overflows), 0 below,
/// 1 above; the second derivative is 1/3 inside, 0 outside (conventions at kinks and limits:
/// `activation_info_of` below: the outer pieces, a deliberate difference from PyTorch 1.13).
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/operators.hpp>
#include <ctdiff/core/primitive.hpp>

namespace ctdiff {

struct hardswish_rule {
    static constexpr std::string_view name = "hardswish";
    static constexpr std::string_view latex = "\\operatorname{hardswish}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const T three = number_cast<T>(3);
        // The middle piece sees u only inside (-3, 3): u * u never overflows.
        const T m = math::select(math::abs(u) > three, number_cast<T>(0), u);  // NaN stays NaN
        return math::select(u <= -three, number_cast<T>(0),
                            math::select(u >= three, u, m * (m + three) / number_cast<T>(6)));
    }
    static constexpr auto derivative(auto u, auto) noexcept {
        return select(u <= int_c<-3>, int_c<0>,
                      select(u >= int_c<3>, int_c<1>, (u + int_c<3> / int_c<2>) / int_c<3>));
    }
};

/// The hard swish.
inline constexpr unary_function<hardswish_rule> hardswish{};

/// hardswish's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"hardswish">{
    .definition = R"(x \cdot \operatorname{hardsigmoid}(x))",
    .conventions =
        "The outer pieces at the kinks: hardswish'(-3) = 0 and hardswish'(3) = 1, as in hardsigmoid and "
        "newer PyTorch (1.13 gives -0.5 and 1.5: a deliberate difference).",
    .piecewise_polynomial = true,
};

/// hardswish's reference, the accuracy suite's oracle: 0, x (x + 3) / 6, x, the outer pieces at +-3
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"hardswish"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        if (xb <= -3) return constant_like(x, 0);
        if (xb >= 3) return x;
        return x * (x + constant_like(x, 3)) / constant_like(x, 6);
    }
};

}  // namespace ctdiff
