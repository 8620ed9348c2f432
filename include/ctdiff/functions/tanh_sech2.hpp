/// \file
/// `tanh` and `sech2`: tanh' = sech², and (sech²)' = -2 tanh sech², so both
/// rules live here (a primitive's derivative must be complete wherever the
/// primitive is used). tanh is also an activation (activations/tanh.hpp).
///
/// \f$\tanh'(x) = \operatorname{sech}^2(x)\f$, computed from \f$e^{-2|x|}\f$
/// without the `1 - tanh^2` cancellation that loses all digits once tanh
/// rounds to ±1. Smooth, no kinks; tanh'(±inf) = 0, NaN gives NaN.
///
/// \f$\operatorname{sech}^2 u = \frac{4e}{(1+e)^2},\ e = \exp(-2|u|)\f$: no
/// `1 - tanh^2` cancellation, no overflow, correct deep into the subnormals.
/// \f$(\operatorname{sech}^2)'(u) = -2\tanh(u)\operatorname{sech}^2(u)\f$.
#pragma once

#include <ctdiff/functions/fwd.hpp>
#include <ctdiff/number/dual.hpp>

namespace ctdiff {

struct tanh_rule {
    static constexpr std::string_view name = "tanh";
    static constexpr std::string_view latex = "\\tanh";
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (requires { math::backend<T>::tanh_value(u); }) {
            return math::backend<T>::tanh_value(u);  // the bits of value_and_derivative's value
        } else {
            return math::tanh(u);
        }
    }
    /// tanh and sech^2 together (the dual pass). SIMD batches: the backend's tanh_parts
    /// (math/simd.hpp), one reduction and one division where tanh and sech2 take two of
    /// each. Plain numbers: the same bits as value() and sech2's rule (float in double).
    template <class T>
    CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE static constexpr dual<T> value_and_derivative(T u) noexcept;
    static constexpr auto derivative(auto u, auto) noexcept { return sech2(u); }
};

struct sech2_rule {
    static constexpr std::string_view name = "sech2";
    static constexpr std::string_view latex = "\\operatorname{sech}^2";
    static constexpr rule_precision precision = rule_precision::float_in_double;
    template <class T>
    CTDIFF_HOST_DEVICE static constexpr T value(T u) noexcept {
        if constexpr (requires { math::backend<T>::tanh_parts(u); }) {
            // SIMD batches: tanh_parts's sech^2 (the square rounded once, the underflow band
            // in a wider type), the bits of tanh's fused derivative.
            return math::backend<T>::tanh_parts(u).slope;
        }
        // |u| clamped to 1e4 (exp(-2e4) is 0 already): -2|u| never overflows, which a
        // constant expression would reject.
        const T a = math::abs(u);
        const T big = detail::convert<T>(1e4);
        const T e = math::exp(detail::convert<T>(-2) * math::select(a > big, big, a));
        const T q = detail::convert<T>(1) + e;
        return detail::convert<T>(4) * e / (q * q);
    }
    static constexpr auto derivative(auto u, auto y) noexcept { return int_c<-2> * tanh(u) * y; }
};

template <class T>
CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE constexpr dual<T> tanh_rule::value_and_derivative(T u) noexcept {
    if constexpr (requires { math::backend<T>::tanh_parts(u); }) {
        const auto p = math::backend<T>::tanh_parts(u);
        return {p.value, p.slope};
    } else {
        using W = detail::compute_t<sech2_rule, T>;
        return {math::tanh(u), detail::convert<T>(sech2_rule::value(detail::convert<W>(u)))};
    }
}

}  // namespace ctdiff
