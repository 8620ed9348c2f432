/// \file
/// Double-word arithmetic: a number carried as an unevaluated sum hi + lo, and the
/// error-free transformations that build it (two-sum, two-product with `fma`).
///
/// For rules whose SIMD batches of double have no wider lanes to compute in (the
/// scalar route computes double in long double, `rule_precision::extended`): where
/// a formula subtracts nearly equal terms, or multiplies several rounded factors,
/// the terms are carried as hi + lo in double lanes, which keeps about 100 bits
/// and costs a few operations each. Generic over plain numbers and batches (every
/// operation is `+ - *` or `math::fma`); `double_lanes<T>` names SIMD batches of
/// double, the type the rules use these steps for.
#pragma once

#include <concepts>
#include <type_traits>

#include <ctdiff/math/functions.hpp>

namespace ctdiff::math {

/// hi + lo, |lo| at most half an ULP of hi (or a little more after an inexact step).
template <class T>
struct double_word {
    T hi, lo;
};

/// A SIMD batch (a `math::backend` number type) of double lanes whose backend gives exp
/// in double-word form, `exp_double_word(x)` (math/simd.hpp).
template <class T>
concept double_lanes = !std::is_arithmetic_v<T> && requires(const T& x) {
    typename backend<T>::element_type;
    requires std::is_same_v < typename backend<T>::element_type,
    double > ;
    { backend<T>::exp_double_word(x) } -> std::same_as<double_word<T>>;
};

/// exp(x) as hi + lo on double lanes (the backend's `exp_double_word`).
template <double_lanes T>
[[gnu::always_inline]] inline double_word<T> exp_double_word(const T& x) noexcept {
    return backend<T>::exp_double_word(x);
}

/// a + b exactly as hi + lo (Knuth's two-sum: any magnitudes).
template <class T>
CTDIFF_HOST_DEVICE constexpr double_word<T> two_sum(const T& a, const T& b) noexcept {
    T s = a + b;
    T v = s - a;
    return {s, (a - (s - v)) + (b - v)};
}

/// a + b exactly as hi + lo, where |a| >= |b| or a is 0 (Dekker's fast two-sum).
template <class T>
CTDIFF_HOST_DEVICE constexpr double_word<T> fast_two_sum(const T& a, const T& b) noexcept {
    T s = a + b;
    return {s, b - (s - a)};
}

/// a * b exactly as hi + lo (while the product neither overflows nor underflows).
template <class T>
CTDIFF_HOST_DEVICE constexpr double_word<T> two_prod(const T& a, const T& b) noexcept {
    T p = math::no_contract(a * b);  // not fused into a sum that uses it (math::no_contract)
    return {p, math::fms(a, b, p)};
}

/// x + y, both double words (within a few units of 2^-104 relative, where the sum does not cancel).
template <class T>
CTDIFF_HOST_DEVICE constexpr double_word<T> add(const double_word<T>& x, const double_word<T>& y) noexcept {
    double_word<T> s = two_sum(x.hi, y.hi);
    return fast_two_sum(s.hi, s.lo + (x.lo + y.lo));
}

/// x + b, b a plain value.
template <class T>
CTDIFF_HOST_DEVICE constexpr double_word<T> add(const double_word<T>& x, const T& b) noexcept {
    double_word<T> s = two_sum(x.hi, b);
    return fast_two_sum(s.hi, s.lo + x.lo);
}

/// x * y, both double words (within about 2^-102 relative).
template <class T>
CTDIFF_HOST_DEVICE constexpr double_word<T> mul(const double_word<T>& x, const double_word<T>& y) noexcept {
    double_word<T> p = two_prod(x.hi, y.hi);
    return fast_two_sum(p.hi, p.lo + math::fma(x.hi, y.lo, x.lo * y.hi));
}

/// x * b, b a plain value.
template <class T>
CTDIFF_HOST_DEVICE constexpr double_word<T> mul(const double_word<T>& x, const T& b) noexcept {
    double_word<T> p = two_prod(x.hi, b);
    return fast_two_sum(p.hi, math::fma(x.lo, b, p.lo));
}

/// x / y, both double words, rounded to T (within about half an ULP and a little): one
/// division, for 1 / y.hi, and one correction step.
template <class T>
CTDIFF_HOST_DEVICE constexpr T div_rounded(const double_word<T>& x, const double_word<T>& y) noexcept {
    T inv = T(1) / y.hi;
    T q = x.hi * inv;
    // x - q y = (x.hi - q y.hi) + x.lo - q y.lo, the first difference exact with fma.
    T r = math::fnma(q, y.hi, x.hi) + (x.lo - q * y.lo);
    return math::fma(r, inv, q);
}

/// sin(hi + lo), lo small beside hi, as an unevaluated sum: for a rule that amplifies
/// sin's error (snake's derivative squares it next to its double zeros). On SIMD batches
/// of double (math/simd.hpp), whose vectorized sin is within 1.3 ULP (xsimd 8.1), a
/// kernel of its own: within about 0.1 ULP before the sum is rounded, for |hi| below
/// 2^30 (beyond, the standard library's, lane by lane). Elsewhere sin(hi) as the standard
/// library rounds it plus lo cos(hi). Either way a double word: |lo| within half an ULP
/// of hi, also next to sin's zeros, where lo cos(hi) may be the larger term.
template <class T>
CTDIFF_HOST_DEVICE constexpr double_word<T> sin_of_sum(const T& hi, const T& lo) noexcept {
    if constexpr (!std::is_arithmetic_v<T> && requires { backend<T>::sin_of_sum(hi, lo); }) {
        return backend<T>::sin_of_sum(hi, lo);
    } else {
        return two_sum(math::sin(hi), lo * math::cos(hi));
    }
}

/// x rounded to T.
template <class T>
CTDIFF_HOST_DEVICE constexpr T rounded(const double_word<T>& x) noexcept {
    return x.hi + x.lo;
}

}  // namespace ctdiff::math
