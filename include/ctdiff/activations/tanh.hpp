/// \file
/// `tanh`: the hyperbolic tangent, squashing to (-1, 1).
///
/// \f$\tanh'(x) = \operatorname{sech}^2(x)\f$, computed from \f$e^{-2|x|}\f$
/// without the `1 - tanh^2` cancellation that loses all digits once tanh
/// rounds to ±1. Smooth, no kinks; tanh'(±inf) = 0, NaN gives NaN. The rule
/// is an elementary function's (functions/tanh_sech2.hpp).
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/functions/tanh_sech2.hpp>

namespace ctdiff {

/// tanh's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"tanh">{
    .definition = R"(\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}})",
    .conventions = "Smooth. tanh' = sech^2, computed without the cancellation of 1 - tanh^2.",
};

/// tanh's reference, the accuracy suite's oracle: tanh(x)
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"tanh"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        return tanh(x);
    }
};

}  // namespace ctdiff
