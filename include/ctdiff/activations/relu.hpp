/// \file
/// `relu`: the rectified linear unit, max(x, 0).
///
/// \f$\operatorname{relu}'(x) = \operatorname{step}(x)\f$: 1 for x > 0, else 0.
/// Kink: relu'(0) = 0 (PyTorch's convention). Higher derivatives are 0.
/// NaN gives NaN in the value and the derivative; relu(-0) = -0.
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
        return math::select(u < zero, zero, u);  // a NaN is not < 0 and passes through
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
};

}  // namespace ctdiff
