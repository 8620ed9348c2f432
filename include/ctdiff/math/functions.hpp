/// \file
/// Elementary functions on plain numbers: `float`, `double`, and SIMD batches.
///
/// Each function uses the constexpr implementation of math/constexpr_math.hpp
/// during constant evaluation and the standard library at run time. Number
/// types that are not floating point (SIMD batches) plug in by specializing
/// `ctdiff::math::backend<T>`; the SIMD backend (math/simd.hpp) does so.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>

#include <ctdiff/config.hpp>
#include <ctdiff/math/constexpr_math.hpp>

// Calls by argument-dependent lookup for number types that bring their own
// elementary functions (Boost.Multiprecision's `number`, and any type like it).
// This namespace is outside ctdiff, where the function objects `ctdiff::exp`,
// `ctdiff::tanh`, ... would hide the type's own functions from the lookup.
namespace ctdiff_adl {
using std::abs;
using std::cos;
using std::erf;
using std::erfc;
using std::exp;
using std::expm1;
using std::log;
using std::log1p;
using std::sin;
using std::sqrt;
using std::tanh;

/// A floating-point type of a library: std::numeric_limits says it is a
/// floating type with a NaN, and the elementary functions ctdiff's rules use
/// are found for it by argument-dependent lookup. Results are converted to T,
/// so types whose operations return expression templates qualify.
template <class T>
concept adl_floating =
    !std::is_arithmetic_v<T> && std::numeric_limits<T>::is_specialized &&
    !std::numeric_limits<T>::is_integer && std::numeric_limits<T>::has_quiet_NaN && requires(const T& x) {
    T(exp(x));
    T(log(x));
    T(log1p(x));
    T(expm1(x));
    T(sqrt(x));
    T(sin(x));
    T(cos(x));
    T(tanh(x));
    T(erf(x));
    T(erfc(x));
    T(abs(x));
    T(x * x + x);
    bool(x < x);
};

#define CTDIFF_ADL_UNARY(fn) \
    template <class T>       \
    T fn##_of(const T& x) {  \
        return T(fn(x));     \
    }
CTDIFF_ADL_UNARY(exp)
CTDIFF_ADL_UNARY(log)
CTDIFF_ADL_UNARY(log1p)
CTDIFF_ADL_UNARY(expm1)
CTDIFF_ADL_UNARY(sqrt)
CTDIFF_ADL_UNARY(sin)
CTDIFF_ADL_UNARY(cos)
CTDIFF_ADL_UNARY(tanh)
CTDIFF_ADL_UNARY(erf)
CTDIFF_ADL_UNARY(erfc)
CTDIFF_ADL_UNARY(abs)
#undef CTDIFF_ADL_UNARY

}  // namespace ctdiff_adl

namespace ctdiff::math {

/// Customization point for plain number types other than `float` and `double`.
/// A specialization provides static `exp log log1p expm1 sqrt sin cos tanh erf
/// erfc abs fma isnan select` and `using element_type` (the arithmetic type a
/// constant is converted to on its way to T); `quiet_nan()` where T is not
/// built from an element type's NaN. The SIMD backend (math/simd.hpp) and the
/// one below for library floating types (`ctdiff_adl::adl_floating`, such as
/// Boost.Multiprecision's `cpp_bin_float_50`) are specializations.
template <class T>
struct backend;

/// A number type whose lanes may be computed in a wider type of the same lane layout:
/// `wide_batch`, with `low(x)` and `high(x)` (the two halves of x, widened) and
/// `narrow(lo, hi)` (rounded back once). The SIMD backend specializes it for float
/// batches (double lanes); no other type has one.
template <class T>
struct wide_lanes {};

/// Whether T's lanes may be computed in wider lanes (wide_lanes<T> is specialized).
template <class T>
concept has_wide_lanes = requires {
    typename wide_lanes<T>::wide_batch;
};

/// Whether T's backend has softplus's beta = 1 kernel, `softplus_unit(u)`: log(1 + e^u) and
/// sigma(u) from one exponential (math/simd.hpp: float SIMD batches). softplus and
/// log_sigmoid (-softplus(-u)) take it.
template <class T>
concept has_softplus_unit = requires(const T& v) {
    backend<T>::softplus_unit(v);
};

/// Library floating-point types (Boost.Multiprecision and the like): their own
/// functions, found by argument-dependent lookup. fma is a * b + c rounded
/// twice, which at such precisions is what the rules need of it (the rounding
/// error of a product, where double would lose it, is beyond the result's
/// precision).
template <ctdiff_adl::adl_floating T>
struct backend<T> {
    using element_type = T;
    static T exp(const T& x) { return ctdiff_adl::exp_of(x); }
    static T log(const T& x) { return ctdiff_adl::log_of(x); }
    static T log1p(const T& x) { return ctdiff_adl::log1p_of(x); }
    static T expm1(const T& x) { return ctdiff_adl::expm1_of(x); }
    static T sqrt(const T& x) { return ctdiff_adl::sqrt_of(x); }
    static T sin(const T& x) { return ctdiff_adl::sin_of(x); }
    static T cos(const T& x) { return ctdiff_adl::cos_of(x); }
    static T tanh(const T& x) { return ctdiff_adl::tanh_of(x); }
    static T erf(const T& x) { return ctdiff_adl::erf_of(x); }
    static T erfc(const T& x) { return ctdiff_adl::erfc_of(x); }
    static T abs(const T& x) { return ctdiff_adl::abs_of(x); }
    static T fma(const T& a, const T& b, const T& c) { return T(a * b + c); }
    static bool isnan(const T& x) { return !(x == x); }
    static T select(bool mask, const T& a, const T& b) { return mask ? a : b; }
    static T quiet_nan() { return std::numeric_limits<T>::quiet_NaN(); }
};

/// True for `float`, `double`, `long double` and any type with a `backend`.
template <class T>
inline constexpr bool is_plain_v = std::is_floating_point_v<T> || requires {
    typename backend<T>::element_type;
};

// __builtin_is_constant_evaluated, not std::is_constant_evaluated: nvcc lets device
// code call the builtin without --expt-relaxed-constexpr.
#define CTDIFF_MATH_UNARY(fn)                                                                             \
    template <class T>                                                                                    \
    CTDIFF_HOST_DEVICE constexpr T fn(T x) noexcept {                                                     \
        if constexpr (std::is_floating_point_v<T>) {                                                      \
            if (__builtin_is_constant_evaluated()) return static_cast<T>(ce::fn(static_cast<double>(x))); \
            return std::fn(x);                                                                            \
        } else {                                                                                          \
            return backend<T>::fn(x);                                                                     \
        }                                                                                                 \
    }

CTDIFF_MATH_UNARY(exp)
CTDIFF_MATH_UNARY(log)
CTDIFF_MATH_UNARY(log1p)
CTDIFF_MATH_UNARY(expm1)
CTDIFF_MATH_UNARY(sqrt)
CTDIFF_MATH_UNARY(tanh)
CTDIFF_MATH_UNARY(erf)
CTDIFF_MATH_UNARY(erfc)
#undef CTDIFF_MATH_UNARY

/// Whether every lane of a comparison's result m on numbers of type T holds (a plain
/// number's comparison is one bool): lets a kernel take a shorter path for a whole batch.
/// False where T's backend has no `all` (the kernel's general path).
template <class T, class M>
CTDIFF_HOST_DEVICE constexpr bool all_lanes(const M& m) noexcept {
    if constexpr (std::is_same_v<M, bool>) {
        return m;
    } else if constexpr (requires { backend<T>::all(m); }) {
        return backend<T>::all(m);
    } else {
        return false;  // a backend that cannot tell: the kernel takes its general path
    }
}

/// f(k) for k = 0, ..., K - 1, each k a std::integral_constant: the kernels for several
/// batches at once (mish_parts_batches) index their arrays of batches with constants, which
/// the optimizer keeps in registers (through a loop's index they went to the stack).
template <std::size_t K, class F>
[[gnu::always_inline]] inline void unrolled(F&& f) {
    [&]<std::size_t... k>(std::index_sequence<k...>) { (f(std::integral_constant<std::size_t, k>{}), ...); }
    (std::make_index_sequence<K>{});
}

/// Whether any lane of a comparison's result m on numbers of type T holds: lets a kernel
/// send a batch with a lane in a rare band to another path. True where T's backend has no
/// `any` (the kernel's careful path).
template <class T, class M>
CTDIFF_HOST_DEVICE constexpr bool any_lanes(const M& m) noexcept {
    if constexpr (std::is_same_v<M, bool>) {
        return m;
    } else if constexpr (requires { backend<T>::any(m); }) {
        return backend<T>::any(m);
    } else {
        return true;  // a backend that cannot tell: the kernel takes its careful path
    }
}

/// !m lane by lane, for a comparison's result m on numbers of type T (a plain number's:
/// one bool); a backend may negate its masks faster than their own `!` (SIMD batches:
/// math/simd.hpp). For the tests that catch NaN by negating a comparison (!(|x| <= c)).
template <class T, class M>
CTDIFF_HOST_DEVICE constexpr M not_lanes(const M& m) noexcept {
    if constexpr (std::is_same_v<M, bool>) {
        return !m;
    } else if constexpr (requires { backend<T>::not_lanes(m); }) {
        return backend<T>::not_lanes(m);
    } else {
        return !m;
    }
}

/// log(1 + x) for x in [0, 1], the argument of the stable softplus and log-sigmoid
/// forms (log(1 + e^-|z|)): a backend may compute it faster there than log1p on the
/// whole line (SIMD batches: math/simd.hpp); elsewhere it is log1p.
template <class T>
CTDIFF_HOST_DEVICE constexpr T log1p_unit(T x) noexcept {
    if constexpr (!std::is_arithmetic_v<T> && requires { backend<T>::log1p_unit(x); }) {
        return backend<T>::log1p_unit(x);
    } else {
        return math::log1p(x);
    }
}

namespace detail {
/// sin or cos in constant evaluation. A long double beyond the double range
/// (2t in snake's extended-precision rule at DBL_MAX) is halved exactly to a
/// double times 2^scale, which the reduction takes as it is.
template <class T>
CTDIFF_HOST_DEVICE constexpr double constant_sin_cos(T x, bool want_cos) noexcept {
    if constexpr (std::numeric_limits<T>::max_exponent > std::numeric_limits<double>::max_exponent) {
        constexpr T largest = std::numeric_limits<double>::max();
        int scale = 0;
        while ((x > largest || x < -largest) && x - x == 0 && scale < 200) {
            x /= 2;
            ++scale;
        }
        if (scale > 0) return ce::sin_cos(static_cast<double>(x), want_cos, scale);
    }
    return want_cos ? ce::cos(static_cast<double>(x)) : ce::sin(static_cast<double>(x));
}
}  // namespace detail

template <class T>
CTDIFF_HOST_DEVICE constexpr T sin(T x) noexcept {
    if constexpr (std::is_floating_point_v<T>) {
        if (__builtin_is_constant_evaluated()) return static_cast<T>(detail::constant_sin_cos(x, false));
        return std::sin(x);
    } else {
        return backend<T>::sin(x);
    }
}

template <class T>
CTDIFF_HOST_DEVICE constexpr T cos(T x) noexcept {
    if constexpr (std::is_floating_point_v<T>) {
        if (__builtin_is_constant_evaluated()) return static_cast<T>(detail::constant_sin_cos(x, true));
        return std::cos(x);
    } else {
        return backend<T>::cos(x);
    }
}

/// |x|, with abs(-0) = +0.
template <class T>
CTDIFF_HOST_DEVICE constexpr T abs(T x) noexcept {
    if constexpr (std::is_floating_point_v<T>) {
        if (__builtin_is_constant_evaluated()) return static_cast<T>(ce::fabs(static_cast<double>(x)));
        return std::fabs(x);
    } else {
        return backend<T>::abs(x);
    }
}

/// -x, its sign bit flipped: -(+0) = -0 on every type. A backend whose own negation is
/// not that provides neg (SIMD batches: xsimd 8.1's AVX-512 negation is 0 - x, which
/// gives +0 for +0); elsewhere -x. The expression's negation (neg_op) and the number
/// kinds' negations of their parts take it.
template <class T>
CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE constexpr auto neg(const T& x) noexcept {
    if constexpr (!std::is_arithmetic_v<T> && requires { backend<T>::neg(x); }) {
        return backend<T>::neg(x);
    } else {
        return -x;
    }
}

/// e^-|x|, the one exponential of the logistic family's stable forms (sigmoid, silu, mish,
/// log-sigmoid, gelu_tanh: e^-|x| is in (0, 1], and both signs of x are written with it): a
/// backend may compute it in fewer operations than exp of -|x| and with the same bits (SIMD
/// batches: -|x| is x with its sign bit set, and exp's edge test is one-sided; math/simd.hpp);
/// elsewhere it is exp(-|x|).
template <class T>
CTDIFF_KERNEL_INLINE CTDIFF_HOST_DEVICE constexpr T exp_minus_abs(T x) noexcept {
    if constexpr (!std::is_arithmetic_v<T> && requires { backend<T>::exp_minus_abs(x); }) {
        return backend<T>::exp_minus_abs(x);
    } else {
        return math::exp(-math::abs(x));
    }
}

namespace detail {
/// a * b + c for a type without a hardware fma (long double: the library's fmal
/// is two orders of magnitude slower than a multiply). The product is split
/// exactly, p + e = a * b (Dekker, with Veltkamp's splitting), and c is added
/// with its rounding error (Knuth's two-sum): the result is within an ULP of
/// a * b + c, and exact when that is representable, as fma(x, x, -x * x) is.
template <class T>
constexpr T fma_by_splitting(T a, T b, T c) noexcept {
    constexpr T split = static_cast<T>((1ULL << ((std::numeric_limits<T>::digits + 1) / 2)) + 1);
    T p = a * b;
    if (!(p - p == T(0)) || !(c - c == T(0))) return p + c;  // inf and NaN: no splitting
    T t = split * a;
    T ah = t - (t - a);
    T al = a - ah;
    t = split * b;
    T bh = t - (t - b);
    T bl = b - bh;
    T e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    T s = p + c;
    T v = s - p;
    T err = (p - (s - v)) + (c - v);
    return s + (err + e);
}
}  // namespace detail

/// a * b + c with one rounding (the product is exact). Rules use it to
/// split a product into its rounded value and the exact rounding error,
/// `fma(x, x, -x * x)`, where an argument must be known beyond working
/// precision (gelu's exp(-x^2/2)).
template <class T>
CTDIFF_HOST_DEVICE constexpr T fma(T a, T b, T c) noexcept {
    if constexpr (std::is_floating_point_v<T>) {
        if (__builtin_is_constant_evaluated()) {
            return static_cast<T>(
                ce::fma(static_cast<double>(a), static_cast<double>(b), static_cast<double>(c)));
        }
#if !defined(FP_FAST_FMAL) && !defined(__CUDA_ARCH__)
        if constexpr (std::is_same_v<T, long double>) return detail::fma_by_splitting(a, b, c);
#endif
        return std::fma(a, b, c);
    } else {
        return backend<T>::fma(a, b, c);
    }
}

/// a * b - c with one rounding: fma(a, b, -c), the same bits. On SIMD batches one
/// instruction (vfmsub), where fma(a, b, -c) negates c first: xsimd's negation is an xor
/// the compiler does not see through, one more instruction on the kernels' hot paths.
template <class T>
CTDIFF_HOST_DEVICE constexpr T fms(T a, T b, T c) noexcept {
    if constexpr (!std::is_arithmetic_v<T> && requires { backend<T>::fms(a, b, c); }) {
        return backend<T>::fms(a, b, c);
    } else {
        return math::fma(a, b, -c);
    }
}

/// c - a * b with one rounding: fma(-a, b, c), the same bits (vfnmadd on SIMD batches; see fms).
template <class T>
CTDIFF_HOST_DEVICE constexpr T fnma(T a, T b, T c) noexcept {
    if constexpr (!std::is_arithmetic_v<T> && requires { backend<T>::fnma(a, b, c); }) {
        return backend<T>::fnma(a, b, c);
    } else {
        return math::fma(-a, b, c);
    }
}

/// x as it is, but opaque to the optimizer: a product passed through it is not fused
/// into a later sum. Compilers contract `a * b + c` into an fma where the target has
/// one (GCC by default with -march=native), which keeps error-free transformations
/// from being error free: `p = a * b; e = fma(a, b, -p); s = c + p` becomes `s =
/// fma(a, b, c)`, and e no longer describes s. Floating point on x86-64 and AArch64
/// (batches through their backend); elsewhere, and in constant evaluation, x.
template <class T>
CTDIFF_HOST_DEVICE constexpr T no_contract(T x) noexcept {
#if !defined(__CUDA_ARCH__) && (defined(__GNUC__) || defined(__clang__))
    if (!__builtin_is_constant_evaluated()) {
        if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
#if defined(__x86_64__) && defined(__SSE2__)
            asm("" : "+x"(x));
#elif defined(__aarch64__)
            asm("" : "+w"(x));
#endif
        } else if constexpr (!std::is_arithmetic_v<T> && requires { backend<T>::no_contract(x); }) {
            return backend<T>::no_contract(x);
        }
    }
#endif
    return x;
}

/// NaN test that works for plain numbers (a bool) and batches (a mask).
template <class T>
CTDIFF_HOST_DEVICE constexpr auto isnan(T x) noexcept {
    if constexpr (std::is_floating_point_v<T>) {
        return x != x;
    } else {
        return backend<T>::isnan(x);
    }
}

/// Whether a or b is NaN, lane by lane (a bool for plain numbers, a mask for batches):
/// isnan(a) | isnan(b), in one unordered comparison where the backend has it (x86 batches).
template <class T>
CTDIFF_HOST_DEVICE constexpr auto unordered(const T& a, const T& b) noexcept {
    if constexpr (std::is_floating_point_v<T>) {
        return a != a || b != b;
    } else if constexpr (requires { backend<T>::unordered(a, b); }) {
        return backend<T>::unordered(a, b);
    } else if constexpr (std::is_same_v<decltype(backend<T>::isnan(a)), bool>) {
        return backend<T>::isnan(a) || backend<T>::isnan(b);  // a bool, not bool | bool's int
    } else {
        return backend<T>::isnan(a) | backend<T>::isnan(b);
    }
}

/// `mask ? a : b`, lane by lane for batches. Both operands are already evaluated.
template <class M, class T>
CTDIFF_HOST_DEVICE constexpr T select(const M& mask, const T& a, const T& b) noexcept {
    if constexpr (std::is_same_v<M, bool>) {
        if constexpr (std::is_arithmetic_v<T>) {
            // GCC turns `mask ? a : b` into a branch, which mispredicts on data of random
            // sign. Float and double blend their bits with a mask instead, which loops
            // also vectorize (an indexed pick, the other branchless form, stops that).
            if (__builtin_is_constant_evaluated()) return mask ? a : b;
#if defined(__CUDA_ARCH__)
            return mask ? a : b;  // a select instruction on the device
#else
            if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
                using U = std::conditional_t<std::is_same_v<T, float>, std::uint32_t, std::uint64_t>;
                const U m = U{0} - static_cast<U>(mask);
                return __builtin_bit_cast(T,
                                          (__builtin_bit_cast(U, a) & m) | (__builtin_bit_cast(U, b) & ~m));
            } else {
                const T pick[2] = {b, a};
                return pick[mask ? 1 : 0];
            }
#endif
        } else {
            return mask ? a : b;
        }
    } else {
        return backend<T>::select(mask, a, b);
    }
}

/// `u < lo ? lo : u`, lane by lane: u held at or above lo; NaN passes through, and so does u
/// where it equals lo (relu(-0) = -0). A backend may give it in one instruction (math/simd.hpp:
/// x86's max is this select bit for bit); otherwise the select.
template <class T>
CTDIFF_HOST_DEVICE constexpr T at_least(const T& u, const T& lo) noexcept {
    if constexpr (!std::is_arithmetic_v<T> && requires { backend<T>::at_least(u, lo); }) {
        return backend<T>::at_least(u, lo);
    } else {
        return select(u < lo, lo, u);
    }
}

/// `u > hi ? hi : u`, lane by lane: at_least's mirror (x86's min on batches).
template <class T>
CTDIFF_HOST_DEVICE constexpr T at_most(const T& u, const T& hi) noexcept {
    if constexpr (!std::is_arithmetic_v<T> && requires { backend<T>::at_most(u, hi); }) {
        return backend<T>::at_most(u, hi);
    } else {
        return select(hi < u, hi, u);
    }
}

/// `signbit(x) ? neg : pos`, lane by lane: neg where x's sign bit is set (x < 0, -0, a NaN
/// with the bit), for kernels whose two branches agree at +-0 and give NaN for NaN either way
/// (sigmoid's e^-|u| numerator, silu's). A backend may give it in one instruction (math/simd.hpp:
/// x86's blendv reads the sign bits, where `u >= 0` took a comparison besides); otherwise the
/// select on the comparison.
template <class T>
CTDIFF_HOST_DEVICE constexpr T select_sign(const T& x, const T& neg, const T& pos) noexcept {
    if constexpr (!std::is_arithmetic_v<T> && requires { backend<T>::select_sign(x, neg, pos); }) {
        return backend<T>::select_sign(x, neg, pos);
    } else {
        return select(x >= T(0), pos, neg);
    }
}

/// A quiet NaN of a plain number type.
template <class T>
CTDIFF_HOST_DEVICE constexpr T quiet_nan() noexcept {
    // The builtins, not numeric_limits: nvcc lets device code call them.
    if constexpr (std::is_same_v<T, float>) {
        return __builtin_nanf("");
    } else if constexpr (std::is_same_v<T, double>) {
        return __builtin_nan("");
    } else if constexpr (std::is_floating_point_v<T>) {
        return static_cast<T>(__builtin_nanl(""));
    } else if constexpr (requires { backend<T>::quiet_nan(); }) {
        return backend<T>::quiet_nan();
    } else {
        return T(quiet_nan<typename backend<T>::element_type>());
    }
}

}  // namespace ctdiff::math
