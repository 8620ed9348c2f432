/// \file
/// The SIMD backend: `xsimd::batch<T, A>` as a plain number type.
///
/// Opt-in, because xsimd costs more to parse than the rest of ctdiff together:
/// with `CTDIFF_SIMD` defined to 1 (the CMake target `ctdiff::ctdiff` defines
/// it when it finds xsimd, Debian `libxsimd-dev`, header-only) and xsimd on
/// the include path, a batch binds to a variable like a `float` does:
/// `sigmoid(batch)`, `f(x = batch)` and `value_and_derivative(f, x = batch)`
/// compute lane by lane, and the array kernels (array/array.hpp) run on
/// batches. Otherwise (or with `CTDIFF_NO_XSIMD` defined), `CTDIFF_HAS_XSIMD`
/// is 0, `simd_batch_t<T>` is `void` and the arrays take the scalar path. Keep
/// the setting the same in every translation unit of a program.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>

#include <ctdiff/math/functions.hpp>

#ifndef CTDIFF_SIMD
#define CTDIFF_SIMD 0
#endif
#if CTDIFF_SIMD && !defined(CTDIFF_NO_XSIMD) && __has_include(<xsimd/xsimd.hpp>)
// GCC 12's AVX-512 intrinsics warn about their own _mm512_undefined_* (GCC PR 105593)
// once inlined; the pragmas cover the intrinsic headers when xsimd includes them first.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <xsimd/xsimd.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#if !defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
#define CTDIFF_HAS_XSIMD 1
#endif
#endif
#ifndef CTDIFF_HAS_XSIMD
#define CTDIFF_HAS_XSIMD 0
#endif

namespace ctdiff::math {

#if CTDIFF_HAS_XSIMD

/// Every function math/functions.hpp dispatches, lane by lane, with xsimd's
/// vectorized implementations.
template <class T, class A>
struct backend<xsimd::batch<T, A>> {
    using element_type = T;
    using batch_type = xsimd::batch<T, A>;
    using mask_type = xsimd::batch_bool<T, A>;

    /// xsimd 8.1's exp flushes subnormal results to 0 and overflows a little
    /// early: lanes near those edges take std::exp (one test per batch
    /// otherwise). Only those lanes: a lane's result never depends on its
    /// neighbours (an array element is the same at any position).
    static batch_type exp(const batch_type& x) noexcept {
        const batch_type r = xsimd::exp(x);
        const mask_type edge = xsimd::abs(x) > batch_type(exp_edge());
        if (xsimd::any(edge)) return xsimd::select(edge, lanewise(x, [](T v) { return std::exp(v); }), r);
        return r;
    }
    /// expm1(±0) = ±0 as std::expm1 gives it (xsimd 8.1 gives +0 for -0).
    static batch_type expm1(const batch_type& x) noexcept {
        const batch_type r = xsimd::select(x == batch_type(T(0)), x, xsimd::expm1(x));
        const mask_type edge = x > batch_type(exp_edge());
        if (xsimd::any(edge)) return xsimd::select(edge, lanewise(x, [](T v) { return std::expm1(v); }), r);
        return r;
    }
    /// |x| below this: xsimd's exp is accurate (float: 88.72 overflows, -87.3 is subnormal).
    static constexpr T exp_edge() noexcept { return std::is_same_v<T, float> ? T(87) : T(708); }
    static batch_type log(const batch_type& x) noexcept { return xsimd::log(x); }
    static batch_type log1p(const batch_type& x) noexcept { return xsimd::log1p(x); }
    static batch_type sqrt(const batch_type& x) noexcept { return xsimd::sqrt(x); }
    static batch_type sin(const batch_type& x) noexcept { return xsimd::sin(x); }
    static batch_type cos(const batch_type& x) noexcept { return xsimd::cos(x); }
    static batch_type tanh(const batch_type& x) noexcept { return xsimd::tanh(x); }
    /// xsimd 8.1's double erf is off by up to 68 ULP (near |x| = 0.5 and 2.2): lane by lane there.
    static batch_type erf(const batch_type& x) noexcept {
        if constexpr (std::is_same_v<T, double>) {
            return lanewise(x, [](T v) { return std::erf(v); });
        } else {
            return xsimd::erf(x);
        }
    }
    /// xsimd 8.1's erfc is off by up to 3e5 ULP in the tail (float and double).
    /// float: a Chebyshev-fitted form with relative error below 1.2e-7 (Press et al.,
    /// Numerical Recipes, 2nd ed., section 6.2), evaluated in double lanes, where z^2 is
    /// exact and exp accurate, then rounded: within 2 ULP of erfc. double: std::erfc per lane.
    static batch_type erfc(const batch_type& x) noexcept {
        if constexpr (std::is_same_v<T, float> && xsimd::has_simd_register<double, A>::value) {
            using D = xsimd::batch<double, A>;
            constexpr std::size_t h = D::size;
            alignas(64) float f[batch_type::size];
            alignas(64) double w[batch_type::size];
            x.store_aligned(f);
            for (std::size_t k = 0; k < batch_type::size; ++k) w[k] = f[k];
            for (std::size_t k = 0; k < batch_type::size; k += h)
                erfc_wide(D::load_aligned(w + k)).store_aligned(w + k);
            for (std::size_t k = 0; k < batch_type::size; ++k) f[k] = static_cast<float>(w[k]);
            return batch_type::load_aligned(f);
        } else {
            return lanewise(x, [](T v) { return std::erfc(v); });
        }
    }
    template <class D>
    static D erfc_wide(const D& x) noexcept {
        const D z = xsimd::abs(x);
        const D t = D(1.0) / (D(1.0) + D(0.5) * z);
        D p(0.17087277);
        for (const double c : {-0.82215223, 1.48851587, -1.13520398, 0.27886807, -0.18628806, 0.09678418,
                               0.37409196, 1.00002368}) {
            p = D(c) + t * p;
        }
        const D r = t * xsimd::exp(t * p - z * z - D(1.26551223));
        return xsimd::select(x >= D(0.0), r, D(2.0) - r);
    }
    static batch_type cbrt(const batch_type& x) noexcept { return xsimd::cbrt(x); }
    static batch_type atan(const batch_type& x) noexcept { return xsimd::atan(x); }
    static batch_type sinh(const batch_type& x) noexcept { return xsimd::sinh(x); }
    static batch_type cosh(const batch_type& x) noexcept { return xsimd::cosh(x); }
    static batch_type asinh(const batch_type& x) noexcept { return xsimd::asinh(x); }
    static batch_type floor(const batch_type& x) noexcept { return xsimd::floor(x); }
    static batch_type ceil(const batch_type& x) noexcept { return xsimd::ceil(x); }
    static batch_type trunc(const batch_type& x) noexcept { return xsimd::trunc(x); }
    static batch_type round(const batch_type& x) noexcept { return xsimd::round(x); }
    static batch_type abs(const batch_type& x) noexcept { return xsimd::abs(x); }
    static batch_type fmin(const batch_type& a, const batch_type& b) noexcept { return xsimd::fmin(a, b); }
    static batch_type fmax(const batch_type& a, const batch_type& b) noexcept { return xsimd::fmax(a, b); }
    static batch_type min(const batch_type& a, const batch_type& b) noexcept { return xsimd::min(a, b); }
    static batch_type max(const batch_type& a, const batch_type& b) noexcept { return xsimd::max(a, b); }
    static batch_type copysign(const batch_type& a, const batch_type& b) noexcept {
        return xsimd::copysign(a, b);
    }
    /// Fused (one rounding) as std::fma is: rules rely on it for exact products
    /// (`fma(x, x, -x * x)`). xsimd 8.1's fma is fused only on fma3<sse4_2>,
    /// fma3<avx> and fma4; on fma3<avx2> and AVX-512 it falls back to x * y + z,
    /// so those use the intrinsics, and an architecture without FMA goes lane by lane.
    static batch_type fma(const batch_type& a, const batch_type& b, const batch_type& c) noexcept {
#if XSIMD_WITH_AVX512F
        if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
            if constexpr (std::is_same_v<T, float>) {
                return batch_type(_mm512_fmadd_ps(a, b, c));
            } else {
                return batch_type(_mm512_fmadd_pd(a, b, c));
            }
        }
#endif
#if XSIMD_WITH_FMA3_AVX2
        if constexpr (std::is_base_of_v<xsimd::fma3<xsimd::avx2>, A>) {
            if constexpr (std::is_same_v<T, float>) {
                return batch_type(_mm256_fmadd_ps(a, b, c));
            } else {
                return batch_type(_mm256_fmadd_pd(a, b, c));
            }
        }
#endif
#if XSIMD_WITH_FMA3_AVX || XSIMD_WITH_FMA3_SSE || XSIMD_WITH_FMA4
        if constexpr (fused_by_xsimd()) return xsimd::fma(a, b, c);
#endif
        alignas(64) T pa[batch_type::size];
        alignas(64) T pb[batch_type::size];
        alignas(64) T pc[batch_type::size];
        a.store_aligned(pa);
        b.store_aligned(pb);
        c.store_aligned(pc);
        for (std::size_t k = 0; k < batch_type::size; ++k) pa[k] = std::fma(pa[k], pb[k], pc[k]);
        return batch_type::load_aligned(pa);
    }
    static constexpr bool fused_by_xsimd() noexcept {
#if XSIMD_WITH_FMA3_AVX
        if (std::is_base_of_v<xsimd::fma3<xsimd::avx>, A>) return true;
#endif
#if XSIMD_WITH_FMA3_SSE
        if (std::is_base_of_v<xsimd::fma3<xsimd::sse4_2>, A>) return true;
#endif
#if XSIMD_WITH_FMA4
        if (std::is_base_of_v<xsimd::fma4, A>) return true;
#endif
        return false;
    }
    static batch_type pow(const batch_type& a, const batch_type& b) noexcept { return xsimd::pow(a, b); }
    template <class F>
    static batch_type lanewise(const batch_type& x, F f) noexcept {
        alignas(64) T buf[batch_type::size];
        x.store_aligned(buf);
        for (auto& v : buf) v = f(v);
        return batch_type::load_aligned(buf);
    }

    static mask_type isnan(const batch_type& x) noexcept { return xsimd::isnan(x); }
    static mask_type isinf(const batch_type& x) noexcept { return xsimd::isinf(x); }
    static mask_type isfinite(const batch_type& x) noexcept { return xsimd::isfinite(x); }
    static mask_type signbit(const batch_type& x) noexcept {
        return xsimd::copysign(batch_type(T(1)), x) < batch_type(T(0));  // -0 and -NaN too
    }
    static batch_type select(const mask_type& m, const batch_type& a, const batch_type& b) noexcept {
        return xsimd::select(m, a, b);
    }
};

/// The batch the array kernels use for element type T (`void`: none).
template <class T>
struct simd_batch {
    using type =
        std::conditional_t<std::is_same_v<T, float> || std::is_same_v<T, double>, xsimd::batch<T>, void>;
};

#else

template <class T>
struct simd_batch {
    using type = void;
};

#endif

template <class T>
using simd_batch_t = typename simd_batch<T>::type;

/// The number of lanes of the batch the array kernels use for T (1: scalar path).
template <class T>
inline constexpr std::size_t simd_width_v = [] {
    if constexpr (std::is_void_v<simd_batch_t<T>>) {
        return std::size_t{1};
    } else {
        return std::size_t{simd_batch_t<T>::size};
    }
}();

}  // namespace ctdiff::math
