/// \file
/// `relu6`: the ReLU capped at 6, min(max(x, 0), 6).
///
/// \f$\operatorname{relu6}'(x) = 1\f$ for \f$0 < x < 6\f$, else 0. Kinks: the
/// derivative is 0 at both bounds, x = 0 and x = 6 (PyTorch's convention, as
/// hardtanh). Higher derivatives are 0. NaN gives NaN; relu6(-0) = -0.
#pragma once

#include <ctdiff/activations/info.hpp>
#include <ctdiff/core/environment.hpp>
#include <ctdiff/core/operators.hpp>
#include <ctdiff/core/primitive.hpp>

namespace ctdiff {

struct relu6_rule {
    static constexpr std::string_view name = "relu6";
    static constexpr std::string_view latex = "\\operatorname{relu6}";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        const T zero = number_cast<T>(0);
        const T six = number_cast<T>(6);
        return math::select(u < zero, zero, math::select(u > six, six, u));  // NaN passes through
    }
    static constexpr auto derivative(auto u, auto) noexcept {
        return select(u <= int_c<0>, int_c<0>, select(u >= int_c<6>, int_c<0>, int_c<1>));
    }
};

/// min(max(x, 0), 6).
inline constexpr unary_function<relu6_rule> relu6{};

/// relu6's documentation and test data, written once (activations/info.hpp).
template <>
inline constexpr activation_info activation_info_of<"relu6">{
    .definition = R"(\min(\max(x, 0), 6))",
    .conventions = "The derivative is 0 at both bounds, relu6'(0) = relu6'(6) = 0.",
};

}  // namespace ctdiff
