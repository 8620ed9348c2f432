/// \file
/// `relu`: the rectified linear unit, max(x, 0).
///
/// \f$\operatorname{relu}'(x) = \operatorname{step}(x)\f$: 1 for x > 0, else 0
/// (conventions at kinks and limits: `activation_info_of` below). Higher derivatives are 0.
/// NaN gives NaN in the value and the derivative.
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/functions/step.hpp>

namespace ctdiff {

struct relu_rule {
    static constexpr std::string_view name = "relu";
    static constexpr std::string_view latex = "\\operatorname{relu}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const T zero = number_cast<T>(0);
        return math::at_least(u, zero);  // u < 0 ? 0 : u; a NaN is not < 0 and passes through
    }
    static constexpr auto derivative(auto u, auto) noexcept { return step(u); }
};

/// The rectified linear unit.
inline constexpr unary_function<relu_rule> relu{};

/// relu's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"relu">{
    .definition = R"(\max(x, 0))",
    .conventions = "relu'(0) = 0 (PyTorch's convention); relu(-0) = -0.",
    .piecewise_polynomial = true,
};

/// relu's reference, the accuracy suite's oracle: max(x, 0), the piece for x <= 0 at 0
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"relu"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        return xb > 0 ? x : constant_like(x, 0);
    }
};

}  // namespace ctdiff
