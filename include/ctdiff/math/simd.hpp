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
#include <cstdint>
#include <limits>
#include <type_traits>

#include <ctdiff/math/double_word.hpp>
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
///
/// Locals of batch type, and of the structs that hold batches, are not `const` here, in
/// math/double_word.hpp, math/functions.hpp and array/array.hpp: GCC 12's scalar replacement
/// of aggregates (a batch is a struct around its register) gives up on a read-only local once
/// inlining has turned its initialisation into a store ("store to a read-only decl" in
/// -fdump-tree-sra-details), and the local then lives in the frame: stored every batch, and
/// read back where paths join. mish's AVX2 pass stored 7 batches a step to its frame that way.
/// Negated operands of fma take fms and fnma (math/functions.hpp) for the same reason: xsimd
/// negates with an xor, which the compiler does not fold into the fma.
template <class T, class A>
struct backend<xsimd::batch<T, A>> {
    using element_type = T;
    using batch_type = xsimd::batch<T, A>;
    using mask_type = xsimd::batch_bool<T, A>;

    /// e^x. Float lanes on a target with a fused fma (FMA3, AVX-512): exp_float_core, within
    /// 0.91 ULP on the whole line, subnormal results and overflow included, no edge test.
    /// Otherwise xsimd 8.1's exp, which flushes subnormal results to 0 and overflows a little
    /// early: lanes near those edges take std::exp (one test per batch otherwise). Only those
    /// lanes: a lane's result never depends on its neighbours (an array element is the same at
    /// any position).
    [[gnu::always_inline]] static batch_type exp(const batch_type& x) noexcept {
        if constexpr (std::is_same_v<T, float> && has_fused_fma()) {
            return exp_float_core(x);
        } else {
            // NaN lanes and those past the edge take std::exp.
            return in_xsimd_domain(
                x, exp_edge(), [](const batch_type& v) { return xsimd::exp(v); },
                [](T v) { return std::exp(v); });
        }
    }
    /// f(x), an xsimd 8.1 function, where every lane has |x| <= bound (false for NaN); otherwise
    /// outside_xsimd_domain. xsimd 8.1's exp, expm1 and tanh convert double lanes to 64-bit
    /// integers with a C++ cast on every x86 target, undefined for NaN, infinities and past 2^63
    /// (clang++ -O2 folded exp of a constant NaN batch to 0; UBSan's float-cast-overflow reports
    /// it). The common batch runs the test exp's edge lanes took before (all() where it was any()).
    template <class F, class G>
    [[gnu::always_inline]] static batch_type in_xsimd_domain(const batch_type& x, T bound, F f,
                                                             G g) noexcept {
        const mask_type inside = xsimd::abs(x) <= batch_type(bound);
        if (!xsimd::all(inside)) [[unlikely]]
            return outside_xsimd_domain(x, inside, f, g);
        return f(x);
    }
    /// in_xsimd_domain's batch with a lane outside it, out of line (rare): f on the lanes of
    /// `inside`, the others given to it as 0, and std::'s g lane by lane on the others. A lane's
    /// bits never depend on its neighbours.
    template <class F, class G>
    CTDIFF_NOINLINE static batch_type outside_xsimd_domain(batch_type x, mask_type inside, F f,
                                                           G g) noexcept {
        return xsimd::select(inside, f(xsimd::select(inside, x, batch_type(T(0)))), lanewise(x, g));
    }
    /// e^x for x <= 0 or NaN (sigmoid's e^-|u|): exp's bits, with exp_float_core's edge test
    /// one-sided (x < -87; no |x| to take).
    [[gnu::always_inline]] static batch_type exp_nonpositive(const batch_type& x) noexcept {
        if constexpr (std::is_same_v<T, float> && has_fused_fma()) {
            return exp_float_core<true>(x);
        } else {
            return exp(x);
        }
    }
    /// exp_minus_abs of K batches, each with its bits, with one edge test for the K where the
    /// test is a branch (AVX2 float lanes; AVX-512 clamps instead): where a lane of any batch
    /// is past -87 every batch takes exp_float_wide, whose lanes within 87 have the table
    /// path's bits. sigmoid's first stage in the pipelined array pass: one comparison and test
    /// a group fewer (AMD EPYC Zen 5, 2^16 floats, sigmoid(relu(x)) on AVX2 26.6 -> 25.5 us).
    template <std::size_t K>
    [[gnu::always_inline]] static void exp_minus_abs_batches(const batch_type (&u)[K],
                                                             batch_type (&e)[K]) noexcept {
        if constexpr (std::is_same_v<T, float> && has_fused_fma() && !is_avx512()) {
            batch_type x[K];
            unrolled<K>([&](auto k) { x[k] = u[k] | batch_type(T(-0.0)); });
            auto edge = x[0] < batch_type(-87.0f);
            unrolled<K>([&](auto k) {
                if constexpr (k > 0) edge = edge | (x[k] < batch_type(-87.0f));
            });
            if (xsimd::any(edge)) [[unlikely]] {
                unrolled<K>([&](auto k) { e[k] = exp_float_wide(x[k]); });
            } else {
                unrolled<K>([&](auto k) { e[k] = exp_float_core<true, false>(x[k]); });
            }
        } else {
            unrolled<K>([&](auto k) { e[k] = exp_minus_abs(u[k]); });
        }
    }
    /// -x as a flip of the sign bit (math::neg): xsimd 8.1's AVX-512 negation is 0 - x,
    /// whose -(+0) is +0; one xor on every target.
    [[gnu::always_inline]] static batch_type neg(const batch_type& x) noexcept {
        return x ^ batch_type(T(-0.0));
    }
    /// e^-|x| (math::exp_minus_abs): exp_nonpositive of x with its sign bit set, exp(-|x|)'s
    /// bits in one operation and a one-sided edge test fewer.
    [[gnu::always_inline]] static batch_type exp_minus_abs(const batch_type& x) noexcept {
        return exp_nonpositive(x | batch_type(T(-0.0)));
    }
    /// e^x for |x| <= 87 or NaN, from a caller that has sent the batches with a lane past 87
    /// elsewhere (silu's and swiglu's kernels with x = -|u|, mish's with min(u, 20)): exp's and
    /// exp_nonpositive's bits without their edge tests (a lane past 87 gets bits of no meaning).
    [[gnu::always_inline]] static batch_type exp_normal(const batch_type& x) noexcept {
        if constexpr (std::is_same_v<T, float> && has_fused_fma()) {
            return exp_float_core<false, false>(x);
        } else {
            return exp(x);
        }
    }
    /// e^x on float lanes (needs a fused fma). On AVX2 and AVX-512 (has_exp_table), x = (N n + j)
    /// ln 2 / N + r with a table of N = 8 or 16 powers 2^(j / N) (exp_float_table):
    /// e^x = 2^n t_j (1 + q), rounded once by the last fma. Elsewhere Cody-Waite with one
    /// polynomial of degree 6 on |r| <= ln 2 / 2 (exp_float_reduce): n = round(x / ln 2) by a
    /// shifter, e^r = 1 + r + r^2 T(r), T of degree 4 fitted for ctdiff with mpmath to 2^-28 of
    /// the result, relative (scripts/fit_exp_float.py); then 2^n. On AVX-512, x clamped to
    /// [-104, 89] (e^x rounds to 0 below -103.98 and overflows past 88.73; NaN passes the
    /// clamp) and 2^n by vscalefps, which rounds a subnormal result once. Elsewhere a batch
    /// within |x| <= 87 (normal results) takes 2^n into the exponent field, exactly (AVX2: added
    /// to t_j's bits before the last fma); a batch with a lane past it takes exp_float_wide,
    /// whose lanes within 87 have the same bits. On normal results within 0.575 ULP of e^x
    /// with the table and 0.91 with the degree-6 polynomial; in the underflow band, where the
    /// result rounds twice, 0.77 and 0.84 of the subnormal spacing (tests/arrays/simd_math.cpp,
    /// exp_on_float_lanes); exp(-inf) = 0, exp(inf) = inf, NaN gives NaN.
    template <bool NonPositive = false, bool EdgeTest = true>
    [[gnu::always_inline]] static batch_type exp_float_core(
        const batch_type& x) noexcept requires std::is_same_v<T, float> {
#if XSIMD_WITH_AVX512F
        if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
            // min(89, NaN) is NaN (the second operand's NaN wins), and so is max(-104, NaN). Without
            // the edge test the caller's lanes are within 87 (or its batch goes elsewhere): no clamp.
            batch_type xc = EdgeTest ? xsimd::max(batch_type(-104.0f), xsimd::min(batch_type(89.0f), x)) : x;
            exp_float_tabled e = exp_float_table(xc);
            // floor((N n + j) / N) = n: vscalefps takes the floor of its exponent.
            batch_type p = fma(e.q, e.t, e.t);
            return batch_type(_mm512_scalef_ps(p, e.nf * batch_type(1.0f / exp_table_size())));
        } else
#endif
        {
            if constexpr (EdgeTest) {
                auto edge = NonPositive ? x < batch_type(-87.0f) : xsimd::abs(x) > batch_type(87.0f);
                if (xsimd::any(edge)) [[unlikely]]
                    return exp_float_wide(x);
            }
            // NaN lanes: a NaN q (and p) whatever kf's bits give.
            using I = xsimd::batch<std::int32_t, A>;
            if constexpr (has_exp_table()) {
                exp_float_tabled e = exp_float_table(x);
                batch_type ts =
                    xsimd::bitwise_cast<batch_type>(xsimd::bitwise_cast<I>(e.t) + exp_table_scale(e.kf));
                return fma(e.q, ts, ts);
            } else {
                exp_float_reduced e = exp_float_reduce(x, 127.0f);
                return e.p * xsimd::bitwise_cast<batch_type>(xsimd::bitwise_cast<I>(e.kf) << 23);
            }
        }
    }
    /// Whether exp_float_core reduces by a table (a register permute looks it up: AVX2 and
    /// AVX-512 float lanes), and its size N: 16 on AVX-512 (|r| <= ln 2 / 32, e^r of degree 3),
    /// 8 on AVX2 (|r| <= ln 2 / 16, degree 4). Against the degree-6 polynomial it takes two
    /// fewer fma-port operations a batch on AVX2 and one on AVX-512 (AMD EPYC Zen 5, 2^16
    /// floats, fastest of 22 stack offsets: the sigmoid pass 25.7 -> 24.0 us with AVX2, 14.5
    /// -> 13.4 with AVX-512; silu 41.1 -> 38.0 and 21.3 -> 19.2; mish 68.2 -> 63.4 and 32.0 ->
    /// 29.9).
    static constexpr bool has_exp_table() noexcept { return has_permute_tables(); }
    static constexpr int exp_table_bits() noexcept { return is_avx512() ? 4 : 3; }  // log2 N
    static constexpr int exp_table_size() noexcept { return 1 << exp_table_bits(); }
    /// exp_float_table's reduction: kf = x N log2 e + 1.5 2^23 rounded to an integer, whose
    /// low bits hold N n + j (j = its low log2 N bits, two's complement for a negative sum);
    /// nf = N n + j; r = x - nf ln 2 / N, ln 2 / N in two parts as exp_float_reduce's, the first
    /// difference exact (|nf| <= 1200, ln2_hi / N has 15 bits and a multiple of 2^-18 or of x's
    /// spacing remains); t = t_j, 2^(j / N) rounded to float; q = r s + d_j with s = 1 + r T(r),
    /// T of degree 2 (N = 8) or 1 (N = 16) fitted as exp_float_reduce's (scripts/fit_exp_float.py
    /// --table N: 2^-32.3 and 2^-29.2 of the result) and d_j = (2^(j / N) - t_j) / t_j in float,
    /// so that t (1 + q) = 2^(j / N) e^r to about 2^-29 and only the caller's last fma rounds.
    struct exp_float_tabled {
        batch_type kf, nf, t, q;
    };
    [[gnu::always_inline]] static exp_float_tabled exp_float_table(
        const batch_type& x) noexcept requires std::is_same_v<T, float> {
        using I = xsimd::batch<std::int32_t, A>;
        constexpr bool wide = exp_table_size() == 16;
        const batch_type magic(12582912.0f);  // 1.5 2^23
        batch_type kf = fma(x, batch_type(wide ? 23.0831203f : 11.5415602f), magic);
        batch_type nf = kf - magic;
        batch_type r0 = fma(nf, batch_type(wide ? -0.693145751953125f / 16 : -0.693145751953125f / 8), x);
        batch_type r =
            fma(nf, batch_type(wide ? -1.4286068203094172e-06f / 16 : -1.4286068203094172e-06f / 8), r0);
        batch_type tr =
            wide ? fma(r, batch_type(0.166668445f), batch_type(0.500016212f))
                 : fma(fma(r, batch_type(0.0416604318f), batch_type(0.166680261f)), r, batch_type(0.5f));
        batch_type s = fma(r, tr, batch_type(1.0f));
        I j = xsimd::bitwise_cast<I>(kf);
        batch_type t = permute_exp_table(exp_table_t, j);
        return {kf, nf, t, fma(r, s, permute_exp_table(exp_table_d, j))};
    }
    /// 2^(j / N) rounded to float, j = 0 .. 15, and the relative corrections (2^(j / N) - t_j) / t_j
    /// (scripts/fit_exp_float.py --table N): 16 entries (AVX-512), then the 8 of N = 8 (AVX2).
    alignas(64) static constexpr float exp_table_t[24] = {
        1.0f,        1.04427373f, 1.09050775f, 1.13878858f, 1.18920708f, 1.24185777f,
        1.29683959f, 1.35425556f, 1.41421354f, 1.47682619f, 1.54221082f, 1.61049032f,
        1.68179286f, 1.75625217f, 1.8340081f,  1.91520655f, 1.0f,        1.09050775f,
        1.18920708f, 1.29683959f, 1.41421354f, 1.54221082f, 1.68179286f, 1.8340081f};
    // clang-format off
    alignas(64) static constexpr float exp_table_d[24] = {
        0.0f, 4.62854715e-08f, -1.19921575e-08f, 4.72978243e-08f, 3.19341815e-08f, 3.62105723e-08f,
        -3.09907193e-08f, -7.47521334e-09f, 1.71142709e-08f, -3.04768335e-08f, 5.23333421e-09f, 6.10759177e-09f,
        -1.47196051e-08f, -5.25879518e-09f, -6.12825968e-09f, 5.14060927e-09f, 0.0f, -1.19921575e-08f,
        3.19341815e-08f, -3.09907193e-08f, 1.71142709e-08f, 5.23333421e-09f, -1.47196051e-08f, -6.12825968e-09f};
    // clang-format on
    /// tab[j mod N] lane by lane: vpermps on AVX-512 (16 entries) or AVX2 (the last 8).
    [[gnu::always_inline]] static batch_type permute_exp_table(
        const float (&tab)[24], const xsimd::batch<std::int32_t, A>& j) noexcept {
        return permute_lanes(tab, tab + 16, j);
    }
    /// n << 23 from kf (exp_float_table's): the exponent field of 2^n, to add to a normal
    /// value's bits. (kf's bits) >> log2 N is 1.5 2^23's bits >> log2 N plus n, whose first
    /// term shifts out of the word.
    [[gnu::always_inline]] static xsimd::batch<std::int32_t, A> exp_table_scale(
        const batch_type& kf) noexcept {
        using I = xsimd::batch<std::int32_t, A>;
        return (xsimd::bitwise_cast<I>(kf) >> exp_table_bits()) << 23;
    }
    /// exp_float_core's reduction: kf = x log2 e + 1.5 2^23 + bias rounded to an integer,
    /// nf = n, p = e^r, and r and s = 1 + r T(r) (p = 1 + r s, rounded once; exp_float_parts).
    struct exp_float_reduced {
        batch_type kf, nf, p, r, s;
    };
    [[gnu::always_inline]] static exp_float_reduced exp_float_reduce(const batch_type& x,
                                                                     float bias) noexcept {
        const batch_type one(1.0f);
        const batch_type magic(12582912.0f + bias);  // 1.5 2^23 + bias (exact)
        batch_type kf = fma(x, batch_type(1.44269504088896341f), magic);
        batch_type nf = kf - magic;
        batch_type r0 = fma(nf, batch_type(-0.693145751953125f), x);  // exact
        batch_type r = fma(nf, batch_type(-1.4286068203094172e-06f), r0);
        batch_type t = horner(r, {0.00138146046f, 0.00836871099f, 0.041668389f, 0.166665211f, 0.49999994f});
        batch_type s = fma(r, t, one);
        return {kf, nf, fma(r, s, one), r, s};  // e^r
    }
    /// exp_float_core for a batch with a lane past |x| = 87 (rare): x clamped to [-104, 89]
    /// (NaN passes the clamp), 2^n as 2^(n - h) 2^h with h = floor(n / 2), both normal and
    /// the first product exact, so that a subnormal result rounds once and a large one
    /// overflows to inf. Inlined, behind its test: a call would clobber every vector register,
    /// and GCC then stores a grouped pass's live batches before the test, on the common path
    /// (sigmoid(relu(x)) on AVX2: 35.6 against 33.7 us for 2^16 floats).
    [[gnu::always_inline]] static batch_type exp_float_wide(
        batch_type x) noexcept requires std::is_same_v<T, float> {
        using I = xsimd::batch<std::int32_t, A>;
        batch_type xc = xsimd::max(batch_type(-104.0f), xsimd::min(batch_type(89.0f), x));
        batch_type p;
        I n;
        if constexpr (has_exp_table()) {
            exp_float_tabled e = exp_float_table(xc);
            p = fma(e.q, e.t, e.t);  // in [0.95, 1.92]
            n = (xsimd::bitwise_cast<I>(e.kf) >> exp_table_bits()) - I(0x4b400000 >> exp_table_bits());
        } else {
            exp_float_reduced e = exp_float_reduce(xc, 0.0f);
            p = e.p;
            n = xsimd::bitwise_cast<I>(e.kf) - I(0x4b400000);
        }
        const I h = n >> 1;  // n in [-150, 128]: h and n - h in [-75, 64]
        const I bias(127 << 23);
        return (p * xsimd::bitwise_cast<batch_type>(((n - h) << 23) + bias)) *
               xsimd::bitwise_cast<batch_type>((h << 23) + bias);
    }
    /// expm1(±0) = ±0 as std::expm1 gives it (xsimd 8.1 gives +0 for -0).
    /// Lanes past |x| = exp_edge and NaN by std::expm1 (in_xsimd_domain).
    static batch_type expm1(const batch_type& x) noexcept {
        batch_type r = in_xsimd_domain(
            x, exp_edge(), [](const batch_type& v) { return xsimd::expm1(v); },
            [](T v) { return std::expm1(v); });
        return xsimd::select(x == batch_type(T(0)), x, r);
    }
    /// |x| below this: xsimd's exp is accurate (float: 88.72 overflows, -87.3 is subnormal).
    static constexpr T exp_edge() noexcept { return std::is_same_v<T, float> ? T(87) : T(708); }
    static batch_type log(const batch_type& x) noexcept { return xsimd::log(x); }
    static batch_type log1p(const batch_type& x) noexcept { return xsimd::log1p(x); }
    static batch_type sqrt(const batch_type& x) noexcept { return xsimd::sqrt(x); }
    /// xsimd 8.1 picks its argument reduction for the whole batch (the first of |x| <= pi/4,
    /// pi/2, 20 pi, ... that every lane meets): a lane's sin or cos then depended on its
    /// neighbours (sin(x) cos(x) at 6.19 by another reduction beside a lane past 20 pi).
    /// Lanes within 62.5 take xsimd's (its reductions agree there: a lane below pi/4 is
    /// reduced by 0, one below pi/2 by pi/2 in the same three steps), the others and NaN
    /// std::sin and std::cos lane by lane (in_xsimd_domain).
    static constexpr T trig_edge() noexcept { return T(62.5); }
    static batch_type sin(const batch_type& x) noexcept {
        return in_xsimd_domain(
            x, trig_edge(), [](const batch_type& v) { return xsimd::sin(v); },
            [](T v) { return std::sin(v); });
    }
    /// math::sin_of_sum (math/double_word.hpp): sin(x + xl) as hi + lo. Double lanes: k =
    /// round(x 2/pi), r = x + xl - k pi/2 with pi/2 in three parts, every step exact (the
    /// first difference by Sterbenz's lemma) but the last sum of the small terms, so r is
    /// right next to the zeros too; then sin r or cos r from their Taylor series (to r^17,
    /// |r| <= pi/4, truncation below 1e-19), as r + r z S(z) + r_lo (1 - z/2) and
    /// 1 - z/2 + z^2 C(z) - r r_lo with z = r^2 exact, each a leading term and a small
    /// tail, summed into hi + lo. |x| from 2^30 (or not finite): std::sin lane by lane. Float lanes: sin
    /// and cos (xsimd's within trig_edge).
    static double_word<batch_type> sin_of_sum(const batch_type& x, const batch_type& xl) noexcept {
        if constexpr (!std::is_same_v<T, double>) {
            return {sin(x), xl * cos(x)};
        } else {
            // k = round(x 2/pi) by the 1.5 2^52 shift (|x| < 2^30 here), whose low bits are k mod 4.
            batch_type shifted = fma(x, batch_type(0x1.45f306dc9c883p-1), batch_type(0x1.8p52));
            batch_type k = shifted - batch_type(0x1.8p52);
            double_word<batch_type> p1 = two_prod(k, batch_type(0x1.921fb54442d18p+0));
            double_word<batch_type> p2 = two_prod(k, batch_type(0x1.1a62633145c07p-54));
            batch_type a = x - p1.hi;
            double_word<batch_type> s1 = two_sum(a, -p1.lo);
            double_word<batch_type> s2 = two_sum(s1.hi, -p2.hi);
            batch_type tail = (((s1.lo + s2.lo) - p2.lo) - k * batch_type(-0x1.f1976b7ed8fbcp-110)) + xl;
            double_word<batch_type> r = two_sum(s2.hi, tail);
            double_word<batch_type> z = two_prod(r.hi, r.hi);
            const batch_type half(0.5), one(1.0);
            static constexpr T sin_c[] = {2.8114572543455206e-15, -7.647163731819816e-13,
                                          1.6059043836821613e-10, -2.505210838544172e-08,
                                          2.7557319223985893e-06, -0.0001984126984126984,
                                          0.008333333333333333,   -0.16666666666666666};
            static constexpr T cos_c[] = {-1.5619206968586225e-16, 4.779477332387385e-14,
                                          -1.1470745597729725e-11, 2.08767569878681e-09,
                                          -2.755731922398589e-07,  2.48015873015873e-05,
                                          -0.001388888888888889,   0.041666666666666664};
            batch_type sin_lo = fma(r.hi * z.hi, horner(z.hi, sin_c), r.lo * fnma(half, z.hi, one));
            double_word<batch_type> c = fast_two_sum(one, -(half * z.hi));
            batch_type cos_lo = c.lo + (fma(z.hi * z.hi, horner(z.hi, cos_c), -(half * z.lo)) - r.hi * r.lo);
            // The quadrant, k mod 4: sin r, cos r, -sin r, -cos r.
            using U = xsimd::batch<std::uint64_t, A>;
            const U q = xsimd::bitwise_cast<U>(shifted);
            const mask_type odd = xsimd::bitwise_cast<batch_type>((q & U(1)) << 62) != batch_type(0.0);
            batch_type sign = xsimd::bitwise_cast<batch_type>((q & U(2)) << 62);  // -0.0 where k mod 4 >= 2
            double_word<batch_type> out = fast_two_sum(xsimd::select(odd, c.hi, r.hi) ^ sign,
                                                       xsimd::select(odd, cos_lo, sin_lo) ^ sign);
            const mask_type far = not_lanes(xsimd::abs(x) < batch_type(0x1p30));
            if (xsimd::any(far)) {
                double_word<batch_type> f = two_sum(lanewise(x, [](T v) { return std::sin(v); }),
                                                    xl * lanewise(x, [](T v) { return std::cos(v); }));
                out.hi = xsimd::select(far, f.hi, out.hi);
                out.lo = xsimd::select(far, f.lo, out.lo);
            }
            return out;
        }
    }
    static batch_type cos(const batch_type& x) noexcept {
        return in_xsimd_domain(
            x, trig_edge(), [](const batch_type& v) { return xsimd::cos(v); },
            [](T v) { return std::cos(v); });
    }
    /// Lanes past |x| = 2^30 (where tanh is +-1) and NaN by std::tanh (in_xsimd_domain).
    static batch_type tanh(const batch_type& x) noexcept {
        return in_xsimd_domain(
            x, T(0x1p30), [](const batch_type& v) { return xsimd::tanh(v); },
            [](T v) { return std::tanh(v); });
    }
    /// xsimd 8.1's double erf is off by up to 68 ULP (near |x| = 0.5 and 2.2): lane by lane there.
    static batch_type erf(const batch_type& x) noexcept {
        if constexpr (std::is_same_v<T, double>) {
            return lanewise(x, [](T v) { return std::erf(v); });
        } else {
            return xsimd::erf(x);
        }
    }
    /// xsimd 8.1's erfc is off by up to 3e5 ULP in the tail (float and double). float:
    /// erfc_float_lanes, in the batch's own lanes; double: std::erfc per lane.
    static batch_type erfc(const batch_type& x) noexcept {
        if constexpr (std::is_same_v<T, float>) {
            return erfc_float_lanes(x);
        } else {
            return lanewise(x, [](T v) { return std::erfc(v); });
        }
    }
    /// erfc on float lanes, within 1.6 ULP of the correctly rounded value (measured over
    /// every float against std::erfc in double, subnormal results included; tests/arrays
    /// checks a sample). -1/2 < x < 0.47: 1 - x P(x^2), P fitted to erf(z)/z with its
    /// constant in two parts. Beyond, with a = |x|: exp(-a^2) F(t), t = 1 / (1 + a/2),
    /// F(t) = t Q(t - c) fitted to erfc(a) exp(a^2) on two intervals of t (split at 0.45,
    /// centres c = 1/4 and 5/8, where t - c is exact), its constant in two parts. The
    /// coefficients were fitted for ctdiff with mpmath's chebyfit and rounded to float
    /// from the highest degree down, each lower degree refitted. The sums that set the
    /// result's last bits are carried as head + tail (error-free transformations with
    /// fma): t's rounding (corrected through F'), exp(-a^2) = 2^n e^(r_h + r_l) with
    /// a^2 = h + l split exactly and n ln 2 in two parts, and the final product, rounded
    /// once. 2^n is applied in two steps so that a subnormal result is rounded once
    /// there too. x <= -1/2: 2 - erfc(a).
    [[gnu::always_inline]] static batch_type erfc_float_lanes(
        const batch_type& x) noexcept requires std::is_same_v<T, float> {
        using I = xsimd::batch<std::int32_t, A>;
        const batch_type one(1.0f);
        batch_type a = xsimd::abs(x);
        // Near 0: 1 - erf(x), erf(x) = x (c_h + (c_l + x^2 P1(x^2))), one rounding on x c_h.
        batch_type s2 = x * x;
        batch_type p1 = horner(s2, {-0.0007831400725990534f, 0.005208115559071302f, -0.026864642277359962f,
                                    0.11283785849809647f, -0.37612637877464294f});
        batch_type erf_x =
            fma(x, batch_type(1.128379225730896f), x * fma(p1, s2, batch_type(-5.8635382771399236e-08f)));
        batch_type near = one - erf_x;
        // Away from 0: t = 1 / (1 + a/2) and its tail tl.
        batch_type ac = xsimd::min(a, batch_type(10.1f));  // erfc(10.1) rounds to 0
        batch_type d = fma(ac, batch_type(0.5f), one);
        batch_type t = one / d;
        batch_type dl = fma(ac, batch_type(0.5f), one - d);  // d + dl = 1 + a/2
        batch_type tl = t * fnma(dl, t, fnma(t, d, one));
        // Q(s) = q0 + s q1(s) with q0 = c0 + c0l; q' alongside, for t's tail.
        auto low = t < batch_type(0.45f);
        auto pick = [&](float u, float v) { return xsimd::select(low, batch_type(u), batch_type(v)); };
        batch_type sv = t - pick(0.25f, 0.625f);
        const float qa[] = {0.10351923108100891f,  -0.07367070764303207f, -0.13077911734580994f,
                            0.002814806764945388f, 0.2333677113056183f,   0.40547263622283936f,
                            0.44330015778541565f};
        const float qb[] = {-0.022417616099119186f, 0.10722503811120987f,  -0.02090555988252163f,
                            -0.21141107380390167f,  0.047704484313726425f, 0.5958369970321655f,
                            0.8322778940200806f};
        batch_type q1 = pick(qa[0], qb[0]);
        batch_type dq1(0.0f);
        for (std::size_t k = 1; k < 7; ++k) {
            dq1 = fma(dq1, sv, q1);
            q1 = fma(q1, sv, pick(qa[k], qb[k]));
        }
        batch_type q0 = pick(0.37110626697540283f, 0.6056598424911499f);
        batch_type q = fma(q1, sv, q0);
        batch_type dq = fma(dq1, sv, q1);
        double_word<batch_type> tq0 = math::two_prod(t, q0);
        batch_type fh = tq0.hi;
        batch_type fl = tq0.lo + fma(t, pick(4.60538140956146e-09f, 2.4664490894110713e-08f),
                                     fma(t * sv, q1, tl * fma(t, dq, q)));
        // exp(-h - l) = 2^n (eh + el).
        auto [h, l] = math::two_prod(ac, ac);
        auto [nf, eh, el] = exp_minus_double_word(h, l);
        // (eh + el)(fh + fl), rounded once (by fma: a contracted ph + pl would count the
        // product's rounding error twice), then 2^(n + 32) (exact) and 2^-32.
        batch_type prod = fma(eh, fh, fma(eh, fl, el * fh));
        const I scale_bits = (xsimd::batch_cast<std::int32_t>(nf) + I(127 + 32)) << 23;
        batch_type far = (prod * xsimd::bitwise_cast<batch_type>(scale_bits)) *
                         batch_type(2.3283064365386963e-10f);  // 2^-32
        batch_type tail = xsimd::select(x < batch_type(0.0f), batch_type(2.0f) - far, far);
        batch_type r0 = xsimd::select(x > batch_type(-0.5f) && x < batch_type(0.47f), near, tail);
        return xsimd::select(xsimd::isnan(x), x, r0);
    }
    /// e^-(h + l) = 2^n (eh + el) on float lanes, h + l a double word (a square split
    /// exactly): n = round(-h / ln 2) (nf, as a float); r + rl = -(h + l) - n ln 2, with ln 2
    /// in two parts; e^r = b + w with b = 1 + r, eh rounded once by an explicit fma, so that a
    /// compiler contracting a * b + c (GCC's default) cannot change what (b - eh) + w
    /// recovers; el the rest, rl's term included. erfc_float_lanes and norm_cdf_pdf scale by
    /// 2^n themselves (in steps, so that a subnormal result rounds once).
    struct exp_minus_parts {
        batch_type nf, eh, el;
    };
    [[gnu::always_inline]] static exp_minus_parts exp_minus_double_word(
        const batch_type& h, const batch_type& l) noexcept requires std::is_same_v<T, float> {
        const batch_type one(1.0f);
        batch_type nf = xsimd::nearbyint(h * batch_type(-1.44269504088896341f));
        batch_type rh = fms(nf, batch_type(-0.693145751953125f), h);
        batch_type rc = fms(nf, batch_type(-1.4286068203094172e-06f), l);
        batch_type r = rh + rc;
        batch_type rl = (rh - r) + rc;
        batch_type rq = horner(r, {0.00019890980911441147f, 0.0013926175888627768f, 0.00833330862224102f,
                                   0.041666533797979355f, 0.1666666716337204f, 0.5f});
        batch_type b = one + r;
        batch_type r2 = r * r;
        batch_type eh = fma(r2, rq, b);
        batch_type el = fma(rl, eh, ((one - b) + r) + ((b - eh) + r2 * rq));
        return {nf, eh, el};
    }
    /// Phi(u) and phi(u) (the standard normal distribution and density) with the products
    /// u Phi(u) and u phi(u), each rounded once, for gelu's fused batch kernel.
    struct normal_parts {
        batch_type cdf, pdf, u_cdf, u_pdf;
        batch_type cdf_plus_u_pdf;  ///< Phi(u) + u phi(u) (gelu'), its cancellation inside one fma
    };
    /// On float lanes, from one exp: erfc_float_lanes's method with z = u / sqrt 2, where
    /// exp(-z^2) = exp(-u^2 / 2) is computed from u^2 split exactly (so the rounding of z
    /// only moves t, and is corrected there, and erf's argument near 0, corrected there),
    /// and the products scaled by 2^n last, so that Phi(u) and phi(u) may be subnormal while
    /// u Phi(u) and u phi(u) keep full precision. Within 2 ULP each (tests/arrays).
    [[gnu::always_inline]] static normal_parts norm_cdf_pdf(
        const batch_type& u) noexcept requires std::is_same_v<T, float> {
        using I = xsimd::batch<std::int32_t, A>;
        const batch_type one(1.0f);
        const batch_type half(0.5f);
        // Past |u| = 15, Phi is 0 or 1 and u phi(u) rounds to 0 (in float).
        batch_type uc = xsimd::min(xsimd::max(u, batch_type(-15.0f)), batch_type(15.0f));
        // z = u / sqrt 2 = zh + zl.
        const batch_type ch(0.707106769084930419921875f);
        double_word<batch_type> uch = math::two_prod(uc, ch);
        batch_type zh = uch.hi;
        batch_type zl = uch.lo + uc * batch_type(1.2101617485882e-08f);
        // exp(-u^2 / 2) = 2^n (eh + el).
        double_word<batch_type> u2 = math::two_prod(uc, uc);
        auto [nf, eh, el] = exp_minus_double_word(half * u2.hi, half * u2.lo);
        // F(t), t = 1 / (1 + a/2), a = |z|: its tail tl carries the rounding of z and of t.
        batch_type a = xsimd::abs(zh);
        batch_type al = xsimd::select(zh < batch_type(0.0f), -zl, zl);
        batch_type d = fma(a, half, one);
        batch_type t0 = xsimd::reciprocal(d);  // 12 or 14 bits, then one Newton step; tl corrects the rest
        batch_type t = fma(t0, fnma(t0, d, one), t0);
        batch_type dl = fma(a, half, one - d) + half * al;
        batch_type tl = t * fnma(dl, t, fnma(t, d, one));
        auto low = t < batch_type(0.45f);
        auto pick = [&](float p, float q) { return xsimd::select(low, batch_type(p), batch_type(q)); };
        batch_type sv = t - pick(0.25f, 0.625f);
        const float qa[] = {0.10351923108100891f,  -0.07367070764303207f, -0.13077911734580994f,
                            0.002814806764945388f, 0.2333677113056183f,   0.40547263622283936f,
                            0.44330015778541565f};
        const float qb[] = {-0.022417616099119186f, 0.10722503811120987f,  -0.02090555988252163f,
                            -0.21141107380390167f,  0.047704484313726425f, 0.5958369970321655f,
                            0.8322778940200806f};
        batch_type q1 = pick(qa[0], qb[0]);
        for (std::size_t k = 1; k < 7; ++k) q1 = fma(q1, sv, pick(qa[k], qb[k]));
        batch_type q0 = pick(0.37110626697540283f, 0.6056598424911499f);
        // dF/dt = 2 d^2 (2/sqrt(pi) - 2 a F), F ~ t q: only tl's small term uses it.
        batch_type f_approx = t * fma(q1, sv, q0);
        batch_type slope = (batch_type(2.0f) * d * d) *
                           fma(batch_type(-2.0f) * a, f_approx, batch_type(1.1283791670955126f));
        double_word<batch_type> tq0 = math::two_prod(t, q0);
        batch_type fh = tq0.hi;
        batch_type fl = tq0.lo + fma(t, pick(4.60538140956146e-09f, 2.4664490894110713e-08f),
                                     fma(t * sv, q1, tl * slope));
        // erfc(a) = 2^n prod, phi(u) = 2^n pk, and the products with u, each rounded once;
        // then 2^(n + 64) (exact) and 2^-64 (rounds once where the result is subnormal).
        const batch_type kh(0.398942291736602783203125f);  // 1/sqrt(2 pi) in two parts
        const batch_type kl(-1.1335170135851058e-08f);
        batch_type prod = fma(eh, fh, fma(eh, fl, el * fh));
        batch_type pk = fma(eh, kh, fma(el, kh, eh * kl));
        auto [eu, eue] = math::two_prod(uc, eh);
        batch_type uel = uc * el;
        batch_type u_prod = fma(eu, fh, fma(eu, fl, fma(eue, fh, uel * fh)));
        batch_type u_pk = fma(eu, kh, fma(eue, kh, fma(uel, kh, eu * kl)));
        batch_type m = fma(uc, kh, half * fh);
        batch_type sum = fma(eh, m, fma(eh, fma(half, fl, uc * kl), el * m));  // prod/2 + u pk
        const I scale_bits = (xsimd::batch_cast<std::int32_t>(nf) + I(127 + 64)) << 23;
        batch_type scale = xsimd::bitwise_cast<batch_type>(scale_bits);
        const batch_type tiny(5.42101086242752217e-20f);  // 2^-64
        auto scaled = [&](const batch_type& v) { return (v * scale) * tiny; };
        batch_type half_erfc = scaled(half * prod);
        // Near 0: Phi = (1 + erf(z)) / 2, erf(z) = z (c_h + c_l + z^2 P1(z^2)) + zl 2/sqrt(pi) e^(-z^2).
        batch_type s2 = zh * zh;
        batch_type p1 = horner(s2, {-0.0007831400725990534f, 0.005208115559071302f, -0.026864642277359962f,
                                    0.11283785849809647f, -0.37612637877464294f});
        const batch_type c0h(1.128379225730896f);
        batch_type erf_z =
            fma(zh, c0h, fma(zh, fma(p1, s2, batch_type(-5.8635382771399236e-08f)), zl * c0h * eh));
        auto near = a < batch_type(0.47f);
        auto negative = uc < batch_type(0.0f);
        batch_type cdf =
            xsimd::select(near, fma(half, erf_z, half), xsimd::select(negative, half_erfc, one - half_erfc));
        auto left = negative && !near;
        batch_type u_cdf = xsimd::select(left, scaled(half * u_prod), u * cdf);
        batch_type pdf = scaled(pk);
        batch_type u_pdf = scaled(u_pk);
        batch_type dsum = xsimd::select(left, scaled(sum), cdf + u_pdf);
        auto nan = xsimd::isnan(u);
        return {xsimd::select(nan, u, cdf), xsimd::select(nan, u, pdf), xsimd::select(nan, u, u_cdf),
                xsimd::select(nan, u, u_pdf), xsimd::select(nan, u, dsum)};
    }
    /// u Phi(u) and its slope Phi(u) + u phi(u) (gelu and gelu'), for gelu's fused batch kernel.
    struct u_cdf_parts {
        batch_type u_cdf, slope;
    };
    /// On float lanes, in about 60 float operations (norm_cdf_pdf takes about 110): one exp,
    /// phi(u) = k e^(-u^2/2) (u^2 split exactly, k = 1/sqrt(2 pi) carried in two parts),
    /// and Phi(-a) = phi(a) R(a) for a = |u|, with R the Mills ratio as N(a) / (a N(a) + M(a))
    /// (N of degree 5, M of degree 4, float coefficients fitted for ctdiff with mpmath to
    /// 2^-27 relative on [0, 13], scripts/fit_gelu_float.py; in this form the rounding
    /// errors of N and M cancel as a grows). Left: u Phi(u) = u R phi, the product u R
    /// carried exactly; right: u - u Phi(-u), rounded once. The slope is phi (R - a) on the
    /// left, 1 - phi (R - a) on the right. Where Phi is near 1/2 (|u| < 3/4):
    /// Phi = 1/2 + u S(u^2), S a fit of (Phi(u) - 1/2) / u, and Phi + u phi = (1/2 + u S)
    /// + u phi; on (-1.35, -0.5), where R - a cancels towards the zero of gelu' at -0.7518,
    /// the slope as (u - u0) P(u), P fitted. Measured against long double (every 97th float:
    /// 3.0 and 2.8 ULP; every 2nd in [-6, -0.3]: 3.4 and 3.0; every float of the fitted band:
    /// 2.4): u Phi within 3.4 ULP, the slope within 3.0 ULP (4 promised; tests/arrays,
    /// ctdiff_exhaustive). Lanes below -12 or NaN take
    /// norm_cdf_pdf (the exp's 2^n would be subnormal); past -40 the limits -0 and -0, as
    /// gelu has them. gelu's kernel; u_cdf_and_slope_precise is the one to multiply.
    [[gnu::always_inline]] static u_cdf_parts u_cdf_and_slope(
        const batch_type& u) noexcept requires std::is_same_v<T, float> {
        return u_cdf_and_slope_kernel<false>(u);
    }
    /// u_cdf_and_slope with phi, R and Phi near 1/2 carried unrounded, as hi + lo (phi's
    /// last sum by fast two-sum, R's division by its fma remainder over an approximate
    /// reciprocal of the divisor, Phi = 1/2 + u S split exactly with S(v) = k + v T(v) and
    /// T refitted), so that each result rounds once: for geglu and dgelu (#14), whose
    /// product with a gate can double an error counted in ULPs. About 75 float operations.
    /// Measured against long double (every 211th float in [-14, 14], and every 3rd in
    /// [-6, -0.3]; AVX-512, AVX2 and SSE2 alike): u Phi within 2.00 ULP, the slope within
    /// 2.05; times a gate b in {-1.5, 1.25, 1.75, 1.999}, rounded, within 2.98 and 3.13.
    /// On AVX2 and AVX-512, u_cdf_and_slope_table (within 1.22 and 1.21 ULP, the zero of gelu'
    /// included: the caller needs no series there; see has_permute_tables()).
    [[gnu::always_inline]] static u_cdf_parts u_cdf_and_slope_precise(
        const batch_type& u) noexcept requires std::is_same_v<T, float> {
        if constexpr (has_permute_tables()) {
            return u_cdf_and_slope_table(u);
        } else {
            return u_cdf_and_slope_kernel<true>(u);
        }
    }
    /// u_cdf_and_slope_precise for K batches at once, each with its bits: where it is the table
    /// kernel (AVX2, AVX-512), the kernel's stages interleaved across the batches (geglu's
    /// two-input pass; see mish_parts_batches); elsewhere batch by batch.
    template <std::size_t K>
    [[gnu::always_inline]] static void u_cdf_and_slope_precise_batches(
        const batch_type (&u)[K], u_cdf_parts (&r)[K]) noexcept requires std::is_same_v<T, float> {
        if constexpr (has_permute_tables()) {
            gelu_table_stages s[K];
            unrolled<K>([&](auto k) { gelu_table_phi(s[k], u[k]); });
            unrolled<K>([&](auto k) { gelu_table_ratio(s[k]); });
            unrolled<K>([&](auto k) { r[k] = gelu_table_parts(s[k]); });
        } else {
            unrolled<K>([&](auto k) { r[k] = u_cdf_and_slope_precise(u[k]); });
        }
    }
    /// phi(a) = e^(-a^2/2) / sqrt(2 pi) on float lanes, 0 <= a <= 13 (where 2^n stays
    /// normal), as pdf + pdfl (pdfl is 0 unless Carried), and h, the head of -a^2/2 = h + l
    /// (exact): the gelu kernels' shared first step.
    struct pdf_parts {
        batch_type pdf, pdfl, h;
    };
    /// 1/sqrt(2 pi) = kh + kl.
    static constexpr float pdf_kh = 0.398942291736602783203125f;
    static constexpr float pdf_kl = -1.1335170135851058e-08f;
    template <bool Carried>
    [[gnu::always_inline]] static pdf_parts pdf_float_lanes(
        const batch_type& ac) noexcept requires std::is_same_v<T, float> {
        using I = xsimd::batch<std::int32_t, A>;
        const batch_type zero(0.0f);
        // -a^2/2 = h + l exactly, e^(h + l) = 2^n e^r, r = h + l - n ln 2 (ln 2 in two parts).
        batch_type w = ac * batch_type(-0.5f);
        auto [h, l] = math::two_prod(ac, w);
        batch_type nf = xsimd::nearbyint(h * batch_type(1.44269504088896341f));
        batch_type rh = fma(nf, batch_type(-0.693145751953125f), h);
        batch_type rc = fma(nf, batch_type(-1.4286068203094172e-06f), l);
        batch_type r = rh + rc;
        batch_type rt = (rh - r) + rc;  // r's rounding error, |rt| <= 2^-26
        // k e^(r + rt) = kh + (r s1 + (rt s1 + kl)), s1 = kh (1 + r/2 + ...): k's low part and
        // r's rounding error below kh's last bit, the sum rounded once (or kept as e0 + e0l).
        constexpr float kh = pdf_kh;
        constexpr float kl = pdf_kl;
        batch_type q =
            horner(r, {kh * 0.0001989198131397769f, kh * 0.0013934541928270264f, kh * 0.0083333100242252924f,
                       kh * 0.041666456809677876f, kh * 0.16666666682534356f, kh * 0.50000000142862234f});
        batch_type s1 = fma(r, q, batch_type(kh));
        batch_type e1 = fma(r, s1, fma(rt, s1, batch_type(kl)));
        double_word<batch_type> e0 = Carried ? math::fast_two_sum(batch_type(kh), e1)
                                             : double_word<batch_type>{batch_type(kh) + e1, zero};
        batch_type pdf, pdfl = zero;  // phi = 2^n (e0.hi + e0.lo)
#if XSIMD_WITH_AVX512F
        if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
            pdf = batch_type(_mm512_scalef_ps(e0.hi, nf));
            if constexpr (Carried) pdfl = batch_type(_mm512_scalef_ps(e0.lo, nf));
        } else
#endif
        {
            // n >= -122: adding n to the exponent field keeps pdf normal (2^n is normal too).
            const I ni = xsimd::batch_cast<std::int32_t>(nf);
            pdf = xsimd::bitwise_cast<batch_type>(xsimd::bitwise_cast<I>(e0.hi) + (ni << 23));
            if constexpr (Carried) pdfl = e0.lo * xsimd::bitwise_cast<batch_type>((ni + I(127)) << 23);
        }
        return {pdf, pdfl, h};
    }
    /// Both: Carried selects the hi + lo steps.
    template <bool Carried>
    [[gnu::always_inline]] static u_cdf_parts u_cdf_and_slope_kernel(
        const batch_type& u) noexcept requires std::is_same_v<T, float> {
        const batch_type one(1.0f);
        const batch_type half(0.5f);
        const batch_type zero(0.0f);
        batch_type a = xsimd::abs(u);
        batch_type ac = xsimd::min(a, batch_type(13.0f));  // Phi(-13) e^(13^2/2) still normal
        // phi(a) = pdf + pdfl; h, the head of -a^2/2.
        const pdf_parts phi = pdf_float_lanes<Carried>(ac);
        batch_type pdf = phi.pdf, pdfl = phi.pdfl, h = phi.h;
        constexpr float kh = pdf_kh;
        constexpr float kl = pdf_kl;
        // R(a) = N / (a N + M).
        batch_type nn =
            horner(ac, {0.00243459805f, 0.0293719489f, 0.169064596f, 0.562866151f, 1.08435512f, 1.00382686f});
        batch_type mm = horner(ac, {0.00243489165f, 0.0293578394f, 0.164493397f, 0.500419319f, 0.800937951f});
        batch_type den = fma(ac, nn, mm);
        batch_type rho = nn / den;
        batch_type tail = pdf * rho;  // Phi(-a)
        auto negative = u < zero;
        auto [ph, pl] = math::two_prod(u, rho);
        batch_type right = fnma(ac, tail, u);  // ac, not u: u = inf gives inf, not inf - inf
        batch_type y, slope;
        if constexpr (Carried) {
            // N / den = rho + rhol: the division's remainder (exact by fma) over den, whose
            // approximate reciprocal is enough for a term below half an ULP of rho.
            batch_type rhol = fnma(rho, den, nn) * xsimd::reciprocal(den);
            // Phi(-a) - a phi(a) = (pdf + pdfl)((rho - a) + rhol), rho - a exact where it cancels.
            batch_type ra = rho - ac;
            batch_type dm = fma(pdf, ra, fma(pdf, rhol, pdfl * ra));
            y = xsimd::select(negative, fma(pdf, ph, fma(pdf, fma(u, rhol, pl), pdfl * ph)), right);
            slope = xsimd::select(negative, dm, one - dm);
            // |u| < 3/4: Phi(u) = 1/2 + u S(v), S(v) = k + v T(v) with v = u^2 = -2h (T's
            // coefficients written in h, k = kh + kl), and Phi as c + cl (u S split exactly);
            // gelu = u (c + cl), gelu' = c + (u phi + cl).
            batch_type sn =
                fma(horner(h, {0.000273860904f, 0.00184009236f, 0.00949794147f, 0.0398942046f, 0.132980764f}),
                    h, batch_type(kh));
            auto [sh, sl] = math::two_prod(u, sn);
            auto [c, cs] = math::fast_two_sum(half, sh);
            batch_type cl = cs + fma(u, batch_type(kl), sl);
            auto near = a < batch_type(0.75f);
            y = xsimd::select(near, fma(u, c, u * cl), y);  // u c + u cl: gelu(-0) = -0
            slope = xsimd::select(near, c + fma(u, pdf, fma(u, pdfl, cl)), slope);
        } else {
            batch_type dm = pdf * (rho - ac);  // Phi(-a) - a phi(a)
            y = xsimd::select(negative, fma(pdf, ph, pdf * pl), right);
            slope = xsimd::select(negative, dm, one - dm);
            // |u| < 3/4: S(v) = (Phi(u) - 1/2) / u with v = u^2 = -2h, its coefficients written in h.
            batch_type sn = horner(h, {0.000102970516f * 16, -0.00118131889f * -8, 0.00997236092f * 4,
                                       -0.0664903f * -2, 0.398942292f});
            auto near = a < batch_type(0.75f);
            batch_type cdf_near = fma(u, sn, half);
            y = xsimd::select(near, u * cdf_near, y);  // u * (...), so that gelu(-0) = -0
            slope = xsimd::select(near, fma(u, pdf, cdf_near), slope);
        }
        if constexpr (Carried) {
            // u in (-1.35, -0.95): gelu'(u) as a polynomial in u + 1.15 (the caller takes
            // gelu_impl::dgelu_near_zero within 1/4 of the zero).
            batch_type sm = u - batch_type(-1.14999997615814208984375f);
            batch_type mid = horner(sm, {0.00139812985f, -0.040332891f, -0.0513284579f, 0.120411612f,
                                         0.317051768f, 0.139521882f, -0.111754768f});
            slope = xsimd::select(xsimd::abs(sm) < batch_type(0.2f), mid, slope);
        } else {
            // u in (-1.35, -0.5), around the zero u0 of gelu': gelu'(u) = t P(s), t = u - u0 as
            // (u - u0h) - u0l (u - u0h exact, u0l's product taken apart), s = u + 0.925 (exact),
            // P = p0 + s Q(s) with p0 = p0h + p0l (scripts/fit_gelu_float.py, "band": within
            // 2^-25.2 relative). One fit where the series at the zero and a fit around -1.15 ran.
            batch_type sz = u + batch_type(0.925f);
            batch_type qz = horner(sz, {-0.000963230908f, 0.00625736453f, 0.013499205f, -0.0291599352f,
                                        -0.0984803289f, 0.0374407843f, 0.384718269f});
            batch_type pz = fma(sz, qz, batch_type(0x1.5209d6p-29f)) + batch_type(0x1.75033p-2f);
            batch_type th = u - batch_type(-0x1.80ead2p-1f);
            batch_type band = fma(th, pz, batch_type(-0x1.a03fd4p-27f) * pz);
            slope = xsimd::select(xsimd::abs(sz) < batch_type(0.425f), band, slope);
        }
        // Lanes below -12 or NaN from norm_cdf_pdf, lane by lane (a lane's result never
        // depends on its neighbours).
        auto far = not_lanes(u >= batch_type(-12.0f));
        if (xsimd::any(far)) {
            const u_cdf_parts p = u_cdf_and_slope_far(u);
            y = xsimd::select(far, p.u_cdf, y);
            slope = xsimd::select(far, p.slope, slope);
        }
        return {y, slope};
    }
    /// u_cdf_and_slope's lanes below -12 or NaN, out of line: the common batch keeps its
    /// values in registers. u by value, in a register: by reference, the common path stored
    /// it to the frame every batch for the call it rarely makes (gelu's AVX2 pass 1% slower). Past -40 the
    /// limits, -0 and -0 (u Phi(u) would be -inf * 0 at -inf). The slope keeps the sign of gelu' < 0 where it
    /// underflows (the lanes below -12; the NaN lanes keep their bits, as the other kernels give them): -0,
    /// where Phi + u phi gave +0.
    CTDIFF_NOINLINE static u_cdf_parts u_cdf_and_slope_far(
        batch_type u) noexcept requires std::is_same_v<T, float> {
        const normal_parts p = norm_cdf_pdf(u);
        auto limit = u < batch_type(-40.0f);
        return {xsimd::select(limit, batch_type(-0.0f), p.u_cdf),
                xsimd::select(limit, batch_type(-0.0f),
                              xsimd::select(u < batch_type(-12.0f), p.cdf_plus_u_pdf | batch_type(-0.0f),
                                            p.cdf_plus_u_pdf))};
    }
    /// Whether u_cdf_and_slope_precise is u_cdf_and_slope_table on this batch's instruction
    /// set (AVX2 or AVX-512 float lanes: a register permute looks up its 8-entry tables;
    /// other sets keep the rational kernel, whose slope needs gelu_impl::dgelu_near_zero
    /// around the zero of gelu', where this one is accurate relative to the slope itself).
    static constexpr bool has_permute_tables() noexcept {
#if XSIMD_WITH_AVX512F
        if constexpr (std::is_base_of_v<xsimd::avx512f, A>) return std::is_same_v<T, float>;
#endif
#if XSIMD_WITH_AVX2
        if constexpr (std::is_base_of_v<xsimd::avx2, A>) return std::is_same_v<T, float>;
#endif
        return false;
    }
    /// tab[k & 7] lane by lane (vpermps; tab holds its 8 entries twice, for the 16 lanes of
    /// AVX-512's vpermps, which reads k & 15).
    [[gnu::always_inline]] static batch_type permute8(const float (&tab)[16],
                                                      const xsimd::batch<std::int32_t, A>& k) noexcept {
        return permute_lanes(tab, tab, k);
    }
    /// A register permute of table entries by k's low bits (vpermps): AVX-512's 16 lanes read
    /// wide[k & 15], AVX2's 8 lanes narrow[k & 7] (64- and 32-byte aligned); other sets have no
    /// such tables (has_permute_tables).
    [[gnu::always_inline]] static batch_type permute_lanes(
        [[maybe_unused]] const float* wide, [[maybe_unused]] const float* narrow,
        [[maybe_unused]] const xsimd::batch<std::int32_t, A>& k) noexcept {
#if XSIMD_WITH_AVX512F
        if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
            return batch_type(_mm512_permutexvar_ps(k, _mm512_load_ps(wide)));
        } else
#endif
        {
#if XSIMD_WITH_AVX2
            return batch_type(_mm256_permutevar8x32_ps(_mm256_load_ps(narrow), k));
#else
            return batch_type(T(0));
#endif
        }
    }
    /// u Phi(u) and Phi(u) + u phi(u), u_cdf_and_slope_precise on AVX2 and AVX-512 float lanes
    /// (#14): the Mills ratio R(a) = Phi(-a)/phi(a), a = |u|, from piecewise polynomials whose
    /// coefficients a register permute looks up per lane, instead of a quotient, and without
    /// the separate fits near Phi = 1/2, around -1.15 and around the zero of gelu'. 8 intervals of
    /// a in [0, 12) (widths 1, 1, 1, 1, 2, 2, 2, 2), indexed by the exponent and first two
    /// mantissa bits of a + 4; on each P(t) = c0 + c1 t + t^2 Q(t), Q of degree 6, t = a -
    /// centre (with its rounding error), c0 + c1 t carried exactly (c0 and c1 as hi + lo):
    /// P = R, and on [0, 1) P = R - a centred at its zero a0 = 0.75179 (the zero of gelu', where
    /// gelu' = phi (R - a) on the left), so that gelu' is accurate relative to itself there.
    /// The other of R and R - a by a two-sum. phi(a) = e^(-a^2/2)/sqrt(2 pi) as hi + lo
    /// (as u_cdf_and_slope_kernel<true>), Phi(u) as hi + lo (right: 1 - Phi(-a) by fast
    /// two-sum), u Phi(u) and gelu' each rounded once. scripts/fit_gelu_table.py fits the
    /// tables (within 2^-27.5 relative). Measured against long double (every 97th float in
    /// [-14, 14], a dense sample of [-6, -0.3], the interval edges; AVX-512 and AVX2 alike):
    /// u Phi within 1.22 ULP, the slope within 1.21 ULP (gelu' near its zero included, in
    /// ULPs of itself). Lanes at or below -12 and NaN take norm_cdf_pdf
    /// (u_cdf_and_slope_far). About 100 instructions, 14 of them permutes.
    [[gnu::always_inline]] static u_cdf_parts u_cdf_and_slope_table(
        const batch_type& u) noexcept requires std::is_same_v<T, float> {
        gelu_table_stages s;
        gelu_table_phi(s, u);
        gelu_table_ratio(s);
        return gelu_table_parts(s);
    }
    /// u_cdf_and_slope_table in three stages, each a shorter chain (u_cdf_and_slope_precise_batches
    /// interleaves them across batches): phi(a); R(a) = Phi(-a) / phi(a) and R - a from the
    /// tables; the products and the sums.
    struct gelu_table_stages {
        batch_type u, ac, pdf, pdfl, rhi, rlo, dhi, dlo;
    };
    [[gnu::always_inline]] static void gelu_table_phi(
        gelu_table_stages& s, const batch_type& u) noexcept requires std::is_same_v<T, float> {
        s.u = u;
        s.ac = xsimd::min(xsimd::abs(u), batch_type(11.9999990463256836f));  // the tables' last float
        // phi(a) = pdf + pdfl.
        const pdf_parts phi = pdf_float_lanes<true>(s.ac);
        s.pdf = phi.pdf;
        s.pdfl = phi.pdfl;
    }
    [[gnu::always_inline]] static void gelu_table_ratio(
        gelu_table_stages& s) noexcept requires std::is_same_v<T, float> {
        using I = xsimd::batch<std::int32_t, A>;
        const batch_type& ac = s.ac;
        // The interval: a + 4 in [4, 16), its exponent and first two mantissa bits (k & 7:
        // 4..7 for a in [0, 4), 0..3 for a in [4, 12)); the tables are stored in that order.
        const I k = xsimd::bitwise_cast<I>(ac + batch_type(4.0f)) >> 21;
        alignas(64) static constexpr float centre[16] = {5.0f,         7.0f, 9.0f, 11.0f, 0.751791537f, 1.5f,
                                                         2.5f,         3.5f, 5.0f, 7.0f,  9.0f,         11.0f,
                                                         0.751791537f, 1.5f, 2.5f, 3.5f};
        alignas(64) static constexpr float centre_lo[16] = {
            0.0f, 0.0f, 0.0f, 0.0f, -1.21144499e-08f, 0.0f, 0.0f, 0.0f,
            0.0f, 0.0f, 0.0f, 0.0f, -1.21144499e-08f, 0.0f, 0.0f, 0.0f};
        alignas(64) static constexpr float coef[7][16] = {
            {1.40963252e-07f, 1.18927828e-08f, 1.43614154e-09f, 2.87003393e-10f, 0.000791631755f,
             6.95677372e-05f, 8.41723067e-06f, 1.43653494e-06f, 1.40963252e-07f, 1.18927828e-08f,
             1.43614154e-09f, 2.87003393e-10f, 0.000791631755f, 6.95677372e-05f, 8.41723067e-06f,
             1.43653494e-06f},
            {-9.04808871e-07f, -9.59596349e-08f, -1.59097961e-08f, -3.59851637e-09f, -0.00109586958f,
             -0.000265379291f, -3.73946132e-05f, -7.02938496e-06f, -9.04808871e-07f, -9.59596349e-08f,
             -1.59097961e-08f, -3.59851637e-09f, -0.00109586958f, -0.000265379291f, -3.73946132e-05f,
             -7.02938496e-06f},
            {5.35280333e-06f, 7.404239e-07f, 1.52937133e-07f, 4.13460022e-08f, 0.00440277113f,
             0.000923386368f, 0.000156202208f, 3.467848e-05f, 5.35280333e-06f, 7.404239e-07f, 1.52937133e-07f,
             4.13460022e-08f, 0.00440277113f, 0.000923386368f, 0.000156202208f, 3.467848e-05f},
            {-3.2746957e-05f, -5.8325495e-06f, -1.48215668e-06f, -4.79126868e-07f, -0.0129687563f,
             -0.00317226816f, -0.000645076274f, -0.000169729843f, -3.2746957e-05f, -5.8325495e-06f,
             -1.48215668e-06f, -4.79126868e-07f, -0.0129687563f, -0.00317226816f, -0.000645076274f,
             -0.000169729843f},
            {0.000196062116f, 4.52900022e-05f, 1.4257158e-05f, 5.51878247e-06f, 0.0358726941f, 0.0103031164f,
             0.0025507526f, 0.000802513852f, 0.000196062116f, 4.52900022e-05f, 1.4257158e-05f,
             5.51878247e-06f, 0.0358726941f, 0.0103031164f, 0.0025507526f, 0.000802513852f},
            {-0.00114423351f, -0.000346204528f, -0.000135728536f, -6.31027724e-05f, -0.0916959196f,
             -0.0313254371f, -0.00960323028f, -0.00365755707f, -0.00114423351f, -0.000346204528f,
             -0.000135728536f, -6.31027724e-05f, -0.0916959196f, -0.0313254371f, -0.00960323028f,
             -0.00365755707f},
            {0.00650536129f, 0.00260458631f, 0.00127858575f, 0.00071620557f, 0.212452844f, 0.0882004127f,
             0.0342110284f, 0.0160114691f, 0.00650536129f, 0.00260458631f, 0.00127858575f, 0.00071620557f,
             0.212452844f, 0.0882004127f, 0.0342110284f, 0.0160114691f}};
        alignas(64) static constexpr float c1h[16] = {
            -0.0359594747f, -0.0192707162f, -0.0119144572f, -0.0080675697f, -1.43480957f,   -0.226276547f,
            -0.114337221f,  -0.0670128092f, -0.0359594747f, -0.0192707162f, -0.0119144572f, -0.0080675697f,
            -1.43480957f,   -0.226276547f,  -0.114337221f,  -0.0670128092f};
        alignas(64) static constexpr float c1l[16] = {
            -9.14246123e-10f, 4.57670901e-10f, 4.05008693e-10f,  2.08044346e-10f,
            5.94318159e-08f,  6.42310072e-09f, -6.37954689e-10f, 6.40882347e-10f,
            -9.14246123e-10f, 4.57670901e-10f, 4.05008693e-10f,  2.08044346e-10f,
            5.94318159e-08f,  6.42310072e-09f, -6.37954689e-10f, 6.40882347e-10f};
        alignas(64) static constexpr float c0h[16] = {0.192808107f, 0.14010419f,  0.109787285f, 0.0901756734f,
                                                      0.0f,         0.515815616f, 0.354265124f, 0.266567767f,
                                                      0.192808107f, 0.14010419f,  0.109787285f, 0.0901756734f,
                                                      0.0f,         0.515815616f, 0.354265124f, 0.266567767f};
        alignas(64) static constexpr float c0l[16] = {-1.82631787e-09f,
                                                      -6.06206374e-09f,
                                                      -2.74960299e-09f,
                                                      2.1354718e-09f,
                                                      0.0f,
                                                      2.2563972e-08f,
                                                      -1.2275934e-08f,
                                                      2.30181141e-09f,
                                                      -1.82631787e-09f,
                                                      -6.06206374e-09f,
                                                      -2.74960299e-09f,
                                                      2.1354718e-09f,
                                                      0.0f,
                                                      2.2563972e-08f,
                                                      -1.2275934e-08f,
                                                      2.30181141e-09f};
        alignas(64) static constexpr float sign[16] = {-1.0f, -1.0f, -1.0f, -1.0f, 1.0f, -1.0f, -1.0f, -1.0f,
                                                       -1.0f, -1.0f, -1.0f, -1.0f, 1.0f, -1.0f, -1.0f, -1.0f};
        // t + tl = a - centre: t rounded, tl its error (fast two-sum: |centre| > a where t is
        // inexact) minus the centre's low part.
        batch_type cen = permute8(centre, k);
        batch_type t = ac - cen;
        batch_type tl = (ac - (cen + t)) - permute8(centre_lo, k);
        batch_type p = permute8(coef[0], k);
        for (int j = 1; j < 7; ++j) p = fma(p, t, permute8(coef[j], k));
        // P = c0 + c1 t + t^2 p: c1 t exact (c1 as hi + lo), c0 + c1h t by fast two-sum (c0 = 0
        // on the interval of the zero of gelu', where P = R - a; elsewhere |c0| > |c1 t|, P = R).
        batch_type c1 = permute8(c1h, k);
        auto [lh, ll] = math::two_prod(c1, t);
        auto [ph0, pe] = math::fast_two_sum(permute8(c0h, k), lh);
        batch_type plo = pe + fma(t * p, t, fma(permute8(c1l, k), t, fma(c1, tl, ll + permute8(c0l, k))));
        // The other of R and R - a: P + sign a (two-sum), the sign +1 on the zero's interval.
        auto [oh, ol0] = math::two_sum(ph0, permute8(sign, k) * ac);
        batch_type ol = ol0 + plo;
        auto zmask = cen == batch_type(centre[4]);
        s.rhi = xsimd::select(zmask, oh, ph0);
        s.rlo = xsimd::select(zmask, ol, plo);
        s.dhi = xsimd::select(zmask, ph0, oh);
        s.dlo = xsimd::select(zmask, plo, ol);
    }
    [[gnu::always_inline]] static u_cdf_parts gelu_table_parts(
        const gelu_table_stages& s) noexcept requires std::is_same_v<T, float> {
        const batch_type one(1.0f);
        const batch_type zero(0.0f);
        const batch_type &u = s.u, &ac = s.ac, &pdf = s.pdf, &pdfl = s.pdfl;
        const batch_type &rhi = s.rhi, &rlo = s.rlo, &dhi = s.dhi, &dlo = s.dlo;
        // Phi(-a) = phi R = th + tlo; Phi(u): left th + tlo, right 1 - th - tlo (fast two-sum,
        // exact); u Phi(u) = u c + u cl rounded once (u clamped in the small term: u = inf).
        auto [th, tpl] = math::two_prod(pdf, rhi);
        batch_type tlo = tpl + fma(pdf, rlo, pdfl * rhi);
        auto negative = u < zero;
        auto [c1m, ce] = math::fast_two_sum(one, -th);
        batch_type cdf = xsimd::select(negative, th, c1m);
        batch_type cdfl = xsimd::select(negative, tlo, ce - tlo);
        batch_type y = fma(u, cdf, xsimd::min(u, ac) * cdfl);
        // Phi(-a) - a phi(a) = phi (R - a): gelu' on the left, 1 - gelu' on the right.
        batch_type dm = fma(pdf, dhi, fma(pdf, dlo, pdfl * dhi));
        batch_type slope = xsimd::select(negative, dm, one - dm);
        auto far = not_lanes(u > batch_type(-12.0f));
        if (xsimd::any(far)) {
            const u_cdf_parts f = u_cdf_and_slope_far(u);
            y = xsimd::select(far, f.u_cdf, y);
            slope = xsimd::select(far, f.slope, slope);
        }
        return {y, slope};
    }
    /// c[0] v^(K-1) + ... + c[K-1], highest degree first.
    template <std::size_t K>
    static batch_type horner(const batch_type& v, const T (&c)[K]) noexcept {
        batch_type p(c[0]);
        for (std::size_t k = 1; k < K; ++k) p = fma(p, v, batch_type(c[k]));
        return p;
    }
    static batch_type abs(const batch_type& x) noexcept { return xsimd::abs(x); }
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
    /// a * b - c and c - a * b, fused (math::fms, math::fnma): fma with the operand negated by
    /// the compiler's own vector negation (neg_register), which it folds into one vfmsub or
    /// vfnmadd where fma is an instruction; xsimd's negation is an xor it does not see through.
    static batch_type fms(const batch_type& a, const batch_type& b, const batch_type& c) noexcept {
        return fma(a, b, neg_register(c));
    }
    static batch_type fnma(const batch_type& a, const batch_type& b, const batch_type& c) noexcept {
        return fma(neg_register(a), b, c);
    }
    /// -x (the sign bit flipped, NaN too) as the compiler's negation of the register.
    [[gnu::always_inline]] static batch_type neg_register(const batch_type& x) noexcept {
#if defined(__GNUC__)
        return batch_type(-x.data);
#else
        return -x;
#endif
    }
    /// Whether fma is one instruction (not lane by lane): AVX-512, FMA3 or FMA4.
    static constexpr bool has_fused_fma() noexcept {
#if XSIMD_WITH_AVX512F
        if (std::is_base_of_v<xsimd::avx512f, A>) return true;
#endif
#if XSIMD_WITH_FMA3_AVX2
        if (std::is_base_of_v<xsimd::fma3<xsimd::avx2>, A>) return true;
#endif
        return fused_by_xsimd();
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
    /// e^x = hi (1 + rel) on float lanes with |x| <= 87 (normal results; the caller keeps
    /// the others out), needs a fused fma: exp_float_core's head, whose last rounding the fma
    /// recovers. With the table (has_exp_table): p = t (1 + q) rounded, pl = t q + (t - p)
    /// (t - p exact: p / t in [0.95, 1.05]), rel = pl / p by p's approximate reciprocal (12
    /// or 14 bits of a correction below half an ULP); hi (1 + rel) within 2^-27.1 of e^x,
    /// relative, on AVX2 and 2^-27.6 on AVX-512 (r's rounding, mostly). Otherwise
    /// pl = 1 + r s - p exactly (p = 1 + r s), and rel = pl / p taken as pl (1 - r) (p = e^r,
    /// |r| <= ln 2 / 2: within 7%); within about 0.35 ULP (r's rounding and s's, times r).
    /// For kernels that carry e^x in two parts (gelu_tanh's float lanes).
    struct exp_float_parts_type {
        batch_type hi, rel;
    };
    [[gnu::always_inline]] static exp_float_parts_type exp_float_parts(const batch_type& x) noexcept
        requires(std::is_same_v<T, float>&& has_fused_fma()) {
        using I = xsimd::batch<std::int32_t, A>;
        const batch_type one(1.0f);
        if constexpr (has_exp_table()) {
            exp_float_tabled e = exp_float_table(x);
            batch_type p = fma(e.q, e.t, e.t);
            batch_type pl = fma(e.q, e.t, e.t - p);
            return {xsimd::bitwise_cast<batch_type>(xsimd::bitwise_cast<I>(p) + exp_table_scale(e.kf)),
                    pl * xsimd::reciprocal(p)};
        }
        exp_float_reduced e = exp_float_reduce(x, 127.0f);
        batch_type pl = fma(e.r, e.s, one - e.p);  // 1 - p exact: p in [0.7, 1.5]
        return {e.p * xsimd::bitwise_cast<batch_type>(xsimd::bitwise_cast<I>(e.kf) << 23), pl * (one - e.r)};
    }
    static batch_type pow(const batch_type& a, const batch_type& b) noexcept { return xsimd::pow(a, b); }
    /// log(1 + x) for x in [0, 1] (math::log1p_unit: softplus's and log_sigmoid's
    /// log(1 + e^-|z|)), within 1 ULP or so; one division where xsimd's log1p on the whole
    /// line takes two. 1 + x = 2^k (1 + f) with k = 0 or 1 and f in [-1/4, 1/2] exact
    /// (f = x below 1/2, (x - 1) / 2 from 1/2 on), log(1 + f) = f - s (f - R) with
    /// s = f / (2 + f) and R = 2 atanh(s) / s - 2, its Taylor series in s^2 to s^10 (float)
    /// or s^22 (double), |s| <= 1/5; k ln 2 (in two parts) + f carried as hi + lo, so that
    /// the sum rounds once.
    /// NaN gives the positive quiet NaN (as xsimd's log1p); outside [0, 1] the result is
    /// not accurate.
    [[gnu::always_inline]] static batch_type log1p_unit(const batch_type& x) noexcept {
        constexpr bool single = std::is_same_v<T, float>;
        const batch_type one(T(1));
        auto up = x >= batch_type(T(0.5));  // (x - 1) / 2 is exact from 1/2 on
        batch_type f = xsimd::select(up, (x - one) * batch_type(T(0.5)), x);
        batch_type k = xsimd::select(up, one, batch_type(T(0)));
        batch_type s = f / (batch_type(T(2)) + f);
        batch_type z = s * s;
        batch_type r;
        if constexpr (single) {
            r = z * horner(z, {T(2.0 / 11), T(2.0 / 9), T(2.0 / 7), T(2.0 / 5), T(2.0 / 3)});
        } else {
            r = z * horner(z, {T(2.0 / 23), T(2.0 / 21), T(2.0 / 19), T(2.0 / 17), T(2.0 / 15), T(2.0 / 13),
                               T(2.0 / 11), T(2.0 / 9), T(2.0 / 7), T(2.0 / 5), T(2.0 / 3)});
        }
        // k ln2_hi + f as hi + lo exactly (|k ln2_hi| >= |f| or k = 0), the rest added to lo.
        batch_type c = k * batch_type(single ? T(0.693145751953125) : T(6.93147180369123816490e-01));
        batch_type hi = c + f;
        batch_type lo = f - (hi - c);
        batch_type y =
            hi +
            fnma(s, f - r,
                 fma(k, batch_type(single ? T(1.4286068203094172e-06) : T(1.90821492927058770002e-10)), lo));
        // NaN (of either sign) gives the positive quiet NaN, as xsimd's log1p does: compositions
        // then meet one NaN, whichever operand order their products take.
        return xsimd::select(x >= batch_type(T(0)), y, batch_type(std::numeric_limits<T>::quiet_NaN()));
    }
    /// softplus(u) = max(u, 0) + log(1 + e^-|u|) and its slope sigma(u) (beta = 1), for
    /// softplus's fused kernel.
    struct softplus_parts {
        batch_type value, slope;
    };
    /// On float lanes, with one division (the sigmoid's) where exp, log1p_unit and the
    /// quotient take two and more operations: e = e^-|u| by its own reduction (|u| needs no
    /// overflow test: e <= 1), -|u| = n ln 2 + r (ln 2 in two parts, n ln2_hi exact),
    /// e^r = 1 + r + r^2 T(r) (gelu's kernel's T, degree 5), then 2^n by vscalefps on
    /// AVX-512 or as 2^(n + 64) 2^-64 (two exact steps, one rounding where e is subnormal),
    /// so that subnormal e are rounded once and |u| up to 104 (e rounds to 0 beyond) needs
    /// no other path. log(1 + e) = e + e^2 Q(e) on [0, 1], Q of degree 8 fitted for ctdiff
    /// with mpmath to 2^-25.7 of the result, relative (scripts/fit_softplus_float.py): no
    /// reduction, no division, and e + tiny exact in the underflow band. sigma(u) = e / (1 + e)
    /// or 1 / (1 + e), one division of the selected numerator. Measured on every 7th float
    /// (ctdiff_exhaustive, the array route; AVX-512, AVX2 and SSE2 alike): the value within
    /// 2.06 ULP, the slope within 2.33, 0.86 in the underflow band (tests/arrays checks every
    /// 61st float). NaN propagates; -inf gives 0 and 0, inf gives inf and 1.
    [[gnu::always_inline]] static softplus_parts softplus_unit(
        const batch_type& u) noexcept requires std::is_same_v<T, float> {
        using I = xsimd::batch<std::int32_t, A>;
        const batch_type one(1.0f);
        // min(104, NaN) is NaN (the second operand's NaN wins), min(104, inf) is 104.
        batch_type ac = xsimd::min(batch_type(104.0f), xsimd::abs(u));
        // n = round(-|u| / ln 2) by the 1.5 2^23 shifter: kf's low bits hold n.
        const batch_type magic(12582912.0f);
        batch_type kf = fma(ac, batch_type(-1.44269504088896341f), magic);
        batch_type nf = kf - magic;
        batch_type r0 = fms(nf, batch_type(-0.693145751953125f), ac);  // exact
        batch_type r = fma(nf, batch_type(-1.4286068203094172e-06f), r0);
        batch_type tr = horner(r, {0.0001989198131397769f, 0.0013934541928270264f, 0.0083333100242252924f,
                                   0.041666456809677876f, 0.16666666682534356f, 0.50000000142862234f});
        batch_type p = fma(r, fma(r, tr, one), one);  // e^r
        batch_type e;
#if XSIMD_WITH_AVX512F
        if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
            e = batch_type(_mm512_scalef_ps(p, nf));
        } else
#endif
        {
            // kf's bits are 0x4b400000 + n: shifted by 23, n << 23 (mod 2^32).
            const I sb = (xsimd::bitwise_cast<I>(kf) << 23) + I((127 + 64) << 23);
            e = (p * xsimd::bitwise_cast<batch_type>(sb)) * batch_type(5.42101086242752217e-20f);  // 2^-64
        }
        batch_type q = horner(e, {-0.00322519848f, 0.0197822601f, -0.0568672903f, 0.105993897f, -0.153072417f,
                                  0.196786463f, -0.249553323f, 0.333302021f, -0.499999225f});
        batch_type l = fma(e * e, q, e);
        batch_type value = xsimd::max(u, batch_type(0.0f)) + l;
        batch_type slope = xsimd::select(u >= batch_type(0.0f), one, e) / (one + e);
        return {value, slope};
    }
    /// a exp(x) and a expm1(x) from one reduction (elu's fused kernel: its value and its
    /// derivative; a = 1 by default). x = n ln 2 + r (ln 2 in two parts, n ln2_hi exact),
    /// r = rh + rl, p = expm1(r + rl) = r + (r^2 q(r) + rl) with q the Taylor series to r^8
    /// (float) or r^13 (double), |r| <= ln 2 / 2; then exp = 2^n + 2^n p and
    /// expm1 = (2^n - 1) + 2^n p, each one fma (2^n - 1 is exact for |n| <= 24 in float,
    /// 53 in double; past that the term it loses is below the result's last bit), each
    /// times a. Within 1.5 ULP (tests/arrays/simd_math.cpp, against long double), and in
    /// the underflow band too: a exp(x) is then rounded once from a normal exp(x), or, for
    /// lanes past exp_edge (subnormal or infinite exp, infinities) lane by lane in a wider
    /// type (float in double; double in long double where it is wider), rounded once. NaN
    /// propagates; expm1(-0) = -0.
    struct exp_parts {
        batch_type exp, expm1;
    };
    [[gnu::always_inline]] static exp_parts exp_and_expm1(const batch_type& x,
                                                          const batch_type& a = batch_type(T(1))) noexcept {
        constexpr bool single = std::is_same_v<T, float>;
        using I = xsimd::batch<std::conditional_t<single, std::int32_t, std::int64_t>, A>;
        const batch_type one(T(1));
        auto far = xsimd::abs(x) > batch_type(exp_edge());
        batch_type xc = xsimd::select(far, batch_type(T(0)), x);
        // 1.5 2^(digits - 1): t's low bits hold n.
        const batch_type magic(single ? T(12582912.0) : T(6755399441055744.0));
        batch_type t = fma(xc, batch_type(T(1.4426950408889634)), magic);
        batch_type n = t - magic;
        batch_type rh =
            fma(n, batch_type(single ? T(-0.693145751953125) : T(-6.93147180369123816490e-01)), xc);
        batch_type rc = n * batch_type(single ? T(-1.4286068203094172e-06) : T(-1.90821492927058770002e-10));
        batch_type r = rh + rc;
        batch_type rl = (rh - r) + rc;
        batch_type q;
        if constexpr (single) {
            q = horner(r, {T(1.0 / 40320), T(1.0 / 5040), T(1.0 / 720), T(1.0 / 120), T(1.0 / 24), T(1.0 / 6),
                           T(0.5)});
        } else {
            q = horner(r, {T(1.0 / 6227020800), T(1.0 / 479001600), T(1.0 / 39916800), T(1.0 / 3628800),
                           T(1.0 / 362880), T(1.0 / 40320), T(1.0 / 5040), T(1.0 / 720), T(1.0 / 120),
                           T(1.0 / 24), T(1.0 / 6), T(0.5)});
        }
        batch_type p = r + fma(r * r, q, rl);
        const I bits = (xsimd::bitwise_cast<I>(t) + I(single ? 127 : 1023)) << (single ? 23 : 52);
        batch_type s = xsimd::bitwise_cast<batch_type>(bits);
        batch_type e = a * fma(s, p, s);
        batch_type m = a * xsimd::select(x == batch_type(T(0)), x, fma(s, p, s - one));
        if (xsimd::any(far)) far_exp_and_expm1(x, a, far, e, m);
        return {e, m};
    }
    /// exp_and_expm1's lanes past exp_edge, out of line (the common batch keeps its values
    /// in registers): a exp(x) and a expm1(x) in a wider type, rounded once.
    CTDIFF_NOINLINE static void far_exp_and_expm1(const batch_type& x, const batch_type& a,
                                                  const mask_type& far, batch_type& e,
                                                  batch_type& m) noexcept {
#if defined(CTDIFF_NO_EXTENDED_PRECISION)
        using W = double;
#else
        using W = std::conditional_t<std::is_same_v<T, float>, double, long double>;
#endif
        alignas(64) T bx[batch_type::size];
        alignas(64) T ba[batch_type::size];
        alignas(64) T be[batch_type::size];
        alignas(64) T bm[batch_type::size];
        x.store_aligned(bx);
        a.store_aligned(ba);
        for (std::size_t k = 0; k < batch_type::size; ++k) {
            be[k] = static_cast<T>(static_cast<W>(ba[k]) * std::exp(static_cast<W>(bx[k])));
            bm[k] = static_cast<T>(static_cast<W>(ba[k]) * std::expm1(static_cast<W>(bx[k])));
        }
        e = xsimd::select(far, batch_type::load_aligned(be), e);
        m = xsimd::select(far, batch_type::load_aligned(bm), m);
    }
    /// exp(x) as hi + lo within about 2^-57 of it, relative, for x >= -670 (below, lo is
    /// subnormal and carries fewer digits; hi stays within an ULP) (double lanes; rules whose
    /// batches have no wider lanes carry it into double-word formulas, math/double_word.hpp).
    /// x = n ln 2 + r, r = rh + rl (ln 2 in two parts, the first of 32 bits, so that n times
    /// it is exact), e^r = 1 + r + r^2/2 + r^3/6 + r^4 Q(r) with the first terms added in
    /// double-word arithmetic, then 2^n exactly. Lanes past |x| = 708 (overflow, subnormal
    /// results) and NaN take exp(x) with lo = 0.
    [[gnu::always_inline]] static double_word<batch_type> exp_double_word(
        const batch_type& x) noexcept requires std::is_same_v<T, double> {
        using I = xsimd::batch<std::int64_t, A>;
        const batch_type one(1.0);
        const batch_type half(0.5);
        auto inside = xsimd::abs(x) <= batch_type(708.0);
        batch_type xc = xsimd::select(inside, x, batch_type(0.0));
        const batch_type magic(6755399441055744.0);  // 2^52 + 2^51: t's low bits hold n
        batch_type t = fma(xc, batch_type(1.4426950408889634), magic);
        batch_type n = t - magic;
        batch_type r1 = fma(n, batch_type(-6.93147180369123816490e-01), xc);  // exact
        auto [p, pl] = math::two_prod(n, batch_type(1.90821492927058770002e-10));
        batch_type rh = r1 - p;
        batch_type rl = ((r1 - rh) - p) - pl;
        auto [r2, r2l] = math::two_prod(rh, rh);
        // Q(r) = sum of r^k / (k + 4)! for k = 0..10, by Estrin's scheme (a short dependency chain).
        auto c = [](double k) { return batch_type(k); };
        batch_type r4 = r2 * r2;
        batch_type q0 = fma(fma(rh, c(1.0 / 5040), c(1.0 / 720)), r2, fma(rh, c(1.0 / 120), c(1.0 / 24)));
        batch_type q1 = fma(fma(rh, c(1.0 / 6227020800), c(1.0 / 479001600)), r2,
                            fma(rh, c(1.0 / 39916800), c(1.0 / 3628800)));
        batch_type q2 = fma(rh, c(1.0 / 362880), c(1.0 / 40320));  // r^4, r^5 of the tail
        batch_type q = fma(fma(c(1.0 / 87178291200), r4, q1), r4 * r2, fma(q2, r4, q0));
        batch_type small = fma(r4, q, (r2 * rh) * batch_type(1.0 / 6));
        double_word<batch_type> a = fast_two_sum(one, rh);
        double_word<batch_type> b = fast_two_sum(a.hi, half * r2);
        batch_type lo = (a.lo + b.lo) + ((rl + fma(half, r2l, rh * rl)) + small);
        double_word<batch_type> e = fast_two_sum(b.hi, lo);
        const I bits = (xsimd::bitwise_cast<I>(t) + I(1023)) << 52;
        batch_type scale = xsimd::bitwise_cast<batch_type>(bits);
        batch_type hi = e.hi * scale;
        batch_type lo_scaled = e.lo * scale;
        if (xsimd::all(inside)) return {hi, lo_scaled};
        return {xsimd::select(inside, hi, exp(x)), xsimd::select(inside, lo_scaled, batch_type(0.0))};
    }
    template <class F>
    static batch_type lanewise(const batch_type& x, F f) noexcept {
        alignas(64) T buf[batch_type::size];
        x.store_aligned(buf);
        for (auto& v : buf) v = f(v);
        return batch_type::load_aligned(buf);
    }

    static mask_type isnan(const batch_type& x) noexcept { return xsimd::isnan(x); }
    /// Whether every lane of m holds (math::all_lanes), whether any does (math::any_lanes).
    static bool all(const mask_type& m) noexcept { return xsimd::all(m); }
    static bool any(const mask_type& m) noexcept { return xsimd::any(m); }
    /// !m lane by lane (math::not_lanes). Where a mask is a vector register (SSE, AVX, NEON),
    /// an xor with a mask of every lane set: two instructions on AVX2, where xsimd 8.1's `!`
    /// on an AVX mask compares each 128-bit half with zero and joins them (six; four to five
    /// more on every batch of mish's, gelu's and geglu's AVX2 kernels, whose rare-band tests
    /// negate a comparison to catch NaN). AVX-512's masks are bit masks, whose `!` is one
    /// instruction (and whose mask_type(true) sets one bit).
    [[gnu::always_inline]] static mask_type not_lanes(const mask_type& m) noexcept {
        if constexpr (sizeof(mask_type) == sizeof(batch_type)) {
            return m ^ mask_type(true);
        } else {
            return !m;
        }
    }
    /// x, opaque to the optimizer (math::no_contract): its register passes through an
    /// empty asm statement.
    static batch_type no_contract(batch_type x) noexcept {
#if defined(__x86_64__) && defined(__SSE2__)
        asm("" : "+v"(x.data));
#elif defined(__aarch64__)
        asm("" : "+w"(x.data));
#endif
        return x;
    }

    static mask_type isinf(const batch_type& x) noexcept { return xsimd::isinf(x); }
    static mask_type isfinite(const batch_type& x) noexcept { return xsimd::isfinite(x); }
    static mask_type signbit(const batch_type& x) noexcept {
        return xsimd::copysign(batch_type(T(1)), x) < batch_type(T(0));  // -0 and -NaN too
    }
    static batch_type select(const mask_type& m, const batch_type& a, const batch_type& b) noexcept {
        return xsimd::select(m, a, b);
    }
    /// math::unordered (math/functions.hpp): isnan(a) | isnan(b), one comparison on x86.
    [[gnu::always_inline]] static mask_type unordered(const batch_type& a, const batch_type& b) noexcept {
        return x86_binary<x86_op::unordered>(a, b, [&] { return xsimd::isnan(a) | xsimd::isnan(b); });
    }
    /// math::at_least and math::at_most (math/functions.hpp): u < lo ? lo : u and
    /// u > hi ? hi : u. x86's max and min (SSE, AVX, AVX-512 alike) return their second
    /// operand where either is NaN or both are zero, so max(lo, u) and min(hi, u) are those
    /// selects bit for bit, NaN and -0 included, in one instruction where a select takes a
    /// comparison and a blend (relu's value, step's; GCC keeps the operands' order unless told
    /// -ffinite-math-only and -fno-signed-zeros, where the select is a max anyway). Other
    /// targets: the select.
    [[gnu::always_inline]] static batch_type at_least(const batch_type& u, const batch_type& lo) noexcept {
        return x86_binary<x86_op::max>(lo, u, [&] { return xsimd::select(u < lo, lo, u); });
    }
    [[gnu::always_inline]] static batch_type at_most(const batch_type& u, const batch_type& hi) noexcept {
        return x86_binary<x86_op::min>(hi, u, [&] { return xsimd::select(u > hi, hi, u); });
    }
    /// math::select_sign (math/functions.hpp): neg where x's sign bit is set, pos elsewhere.
    /// One blendv on SSE4.1 and AVX, which reads the mask's sign bits; on AVX-512 the sign
    /// bits as a mask register, then a masked blend. Elsewhere the select on x >= 0 (the
    /// same lanes but -0 and NaN, where the callers' branches agree).
    [[gnu::always_inline]] static batch_type select_sign(const batch_type& x, const batch_type& neg,
                                                         const batch_type& pos) noexcept {
        [[maybe_unused]] constexpr bool is_float = std::is_same_v<T, float>;
        if constexpr (!is_float && !std::is_same_v<T, double>) {
            return xsimd::select(x >= batch_type(T(0)), pos, neg);
        }
#if XSIMD_WITH_AVX512DQ
        else if constexpr (std::is_base_of_v<xsimd::avx512dq, A>) {
            if constexpr (is_float) {
                return batch_type(
                    _mm512_mask_blend_ps(_mm512_movepi32_mask(_mm512_castps_si512(x)), pos, neg));
            } else {
                return batch_type(
                    _mm512_mask_blend_pd(_mm512_movepi64_mask(_mm512_castpd_si512(x)), pos, neg));
            }
        }
#endif
#if XSIMD_WITH_AVX
        else if constexpr (std::is_base_of_v<xsimd::avx, A>) {
            if constexpr (is_float) {
                return batch_type(_mm256_blendv_ps(pos, neg, x));
            } else {
                return batch_type(_mm256_blendv_pd(pos, neg, x));
            }
        }
#endif
#if XSIMD_WITH_SSE4_1
        else if constexpr (std::is_base_of_v<xsimd::sse4_1, A>) {
            if constexpr (is_float) {
                return batch_type(_mm_blendv_ps(pos, neg, x));
            } else {
                return batch_type(_mm_blendv_pd(pos, neg, x));
            }
        }
#endif
        else {
            return xsimd::select(x >= batch_type(T(0)), pos, neg);
        }
    }
    /// The x86 instructions behind unordered, at_least and at_most.
    enum class x86_op { max, min, unordered };
    /// x86's max(a, b) (a > b ? a : b), min(a, b) (a < b ? a : b) or unordered comparison
    /// of a and b in A's width, or fallback() on other targets and lane types.
    template <x86_op Op, class F>
    [[gnu::always_inline]] static auto x86_binary([[maybe_unused]] const batch_type& a,
                                                  [[maybe_unused]] const batch_type& b,
                                                  [[maybe_unused]] F fallback) noexcept {
        constexpr bool is_float = std::is_same_v<T, float>;
        using R = decltype(fallback());
        if constexpr (!is_float && !std::is_same_v<T, double>) {
            return fallback();
        }
#if XSIMD_WITH_AVX512F
        else if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
            if constexpr (Op == x86_op::unordered) {
                if constexpr (is_float) {
                    return R(_mm512_cmp_ps_mask(a, b, _CMP_UNORD_Q));
                } else {
                    return R(_mm512_cmp_pd_mask(a, b, _CMP_UNORD_Q));
                }
            } else if constexpr (is_float) {
                return R(Op == x86_op::max ? _mm512_max_ps(a, b) : _mm512_min_ps(a, b));
            } else {
                return R(Op == x86_op::max ? _mm512_max_pd(a, b) : _mm512_min_pd(a, b));
            }
        }
#endif
#if XSIMD_WITH_AVX
        else if constexpr (std::is_base_of_v<xsimd::avx, A>) {
            if constexpr (Op == x86_op::unordered) {
                if constexpr (is_float) {
                    return R(_mm256_cmp_ps(a, b, _CMP_UNORD_Q));
                } else {
                    return R(_mm256_cmp_pd(a, b, _CMP_UNORD_Q));
                }
            } else if constexpr (is_float) {
                return R(Op == x86_op::max ? _mm256_max_ps(a, b) : _mm256_min_ps(a, b));
            } else {
                return R(Op == x86_op::max ? _mm256_max_pd(a, b) : _mm256_min_pd(a, b));
            }
        }
#endif
#if XSIMD_WITH_SSE2
        else if constexpr (std::is_base_of_v<xsimd::sse2, A>) {
            if constexpr (Op == x86_op::unordered) {
                if constexpr (is_float) {
                    return R(_mm_cmpunord_ps(a, b));
                } else {
                    return R(_mm_cmpunord_pd(a, b));
                }
            } else if constexpr (is_float) {
                return R(Op == x86_op::max ? _mm_max_ps(a, b) : _mm_min_ps(a, b));
            } else {
                return R(Op == x86_op::max ? _mm_max_pd(a, b) : _mm_min_pd(a, b));
            }
        }
#endif
        else {
            return fallback();
        }
    }

    // sigmoid/tanh kernels (#12)
    /// A function's value and its derivative from one kernel (sigmoid_parts, tanh_parts).
    struct value_slope {
        batch_type value, slope;
    };
    /// 1 / (1 + e) for e in [0, 1] (or NaN) as hi + lo, relative error about 2^-(2 digits - 2),
    /// from one division: 1 + e = q + ql exactly (fast two-sum, 1 >= e), r = 1 / q rounded,
    /// eps = 1 - r q exact (fma), and 1 / (q + ql) = r (1 + eps - ql r) to second order.
    [[gnu::always_inline]] static double_word<batch_type> reciprocal_one_plus(const batch_type& e) noexcept {
        const batch_type one(T(1));
        batch_type q = one + e;
        batch_type ql = e - (q - one);
        batch_type r = one / q;
        batch_type eps = fnma(r, q, one);
        return {r, r * fnma(ql, r, eps)};
    }
    /// sigma(u) and sigma'(u) = e / (1 + e)^2, e = exp(-|u|), from one exp and two divisions
    /// (sigmoid's fused kernel; dsigmoid's formula): sigma(u) = 1 / (1 + e) or e / (1 + e)
    /// (one division of the selected numerator), and sigma' = e / (1 + e (2 + e)), the square
    /// expanded so that it is one fma of e, rounded once (2 + e adds one rounding, scaled by
    /// e (2 + e) / (1 + e)^2 <= 3/4): the slope takes e's error, about 1.75 roundings of the
    /// square and the division's, within 2.37 ULP in float lanes (the value 2.40), as the
    /// two-part square 1 + e = q + ql it replaced (2.36), with three operations and their
    /// latency fewer (an AVX2 pass of sigmoid 15% faster). In the underflow band e is the value
    /// and the slope, rounded once by exp. -|u| is u with its sign bit set (one operation).
    /// sigma(+-0) = 1/2, sigma(inf) = 1, sigma(-inf) = 0, sigma'(+-inf) = 0; NaN gives NaN.
    [[gnu::always_inline]] static value_slope sigmoid_parts(const batch_type& u) noexcept {
        return sigmoid_from_exp(u, exp_minus_abs(u));
    }
    /// sigmoid_parts for K batches at once, each with sigmoid_parts's bits: the K exps, then
    /// the K quotients (interleaved: see mish_parts_batches).
    template <std::size_t K>
    [[gnu::always_inline]] static void sigmoid_parts_batches(const batch_type (&u)[K],
                                                             value_slope (&r)[K]) noexcept {
        batch_type e[K];
        unrolled<K>([&](auto k) { e[k] = exp_minus_abs(u[k]); });
        unrolled<K>([&](auto k) { r[k] = sigmoid_from_exp(u[k], e[k]); });
    }
    /// sigmoid_parts's quotients, given e = exp(-|u|).
    [[gnu::always_inline]] static value_slope sigmoid_from_exp(const batch_type& u,
                                                               const batch_type& e) noexcept {
        const batch_type one(T(1));
        // The value by its own division, the shortest path to what a composition computes next.
        batch_type value = select_sign(u, e, one) / (one + e);
        return {value, e / fma(e, e + batch_type(T(2)), one)};
    }
    /// Whether this batch's instruction set is AVX-512 (a 14-bit reciprocal approximation).
    static constexpr bool is_avx512() noexcept {
#if XSIMD_WITH_AVX512F
        if constexpr (std::is_base_of_v<xsimd::avx512f, A>) return true;
#endif
        return false;
    }
    /// n / d for a quotient corrected by its remainder n - q d (exact by fma) times r, an
    /// approximate 1 / d (xsimd::reciprocal: 14 bits on AVX-512, 12 on AVX and SSE, a division
    /// elsewhere). On AVX-512 float lanes the quotient is n r itself, within 2^-14 relative, so
    /// that its correction (about 2^-14 of it) is within 2^-28: a multiplication in place of a
    /// division (mish's fused pass 5 to 10% faster, the same accuracy). Elsewhere the rounded
    /// quotient n / d, whose correction is below half an ULP (AVX2 needs a Newton step on the
    /// 12-bit reciprocal first: 10% slower than the division).
    [[gnu::always_inline]] static batch_type quotient(const batch_type& n, const batch_type& d,
                                                      const batch_type& r) noexcept {
        if constexpr (std::is_same_v<T, float> && is_avx512()) {
            return n * r;
        } else {
            return n / d;
        }
    }
    /// mish(u) = u t(u), t = tanh(softplus(u)), and mish'(u) on float lanes with a fused fma
    /// (mish's fused kernel, and dmish's value on such batches). With E = exp(min(u, cap)),
    /// cap = 20 (float) or 40 (double), past which t = 1 and mish' = 1 in T (the terms in E^-2
    /// that the cap changes are below 2^-33 of them for |u| <= 1000), and N = E^2 + 2E (one fma):
    /// - t = N / D for both signs, D = N + 2 = dh + dl exactly (two-sum, max(N, 2) first);
    /// - t = t0 + c, t0 = N / D rounded (on AVX-512 float lanes N times D's 14-bit reciprocal,
    ///   within 2^-14: quotient), c = (N - t0 dh - t0 dl) / D: the remainder (exact by fma)
    ///   over D's approximate reciprocal, enough for a term below half an ULP of t0;
    /// - mish = u t as fma(u, t0, u c): u t0 exact inside the fma, rounded once (two_prod and two
    ///   sums before: 2.5% slower, the same error); u's sign bit (mish(-0) = -0, which u c's +0
    ///   would make +0);
    /// - mish' over D^2 = E^4 + 4E^3 + 8E^2 + 8E + 4 by Horner's fmas (positive terms; dh^2
    ///   would double D's rounding), the quotient corrected by its remainder as t is: below 0,
    ///   (t D^2 + 4u E (1 + E)) / D^2 = E b / D^2 with b = 4(1 + u) + E(6 + 4u) + E^2(4 + E) by
    ///   fmas (4(1 + u), b's largest term near the zero of mish' at u = -1.1924, exact there) and
    ///   E b = eh + el exactly; from 0 on, t + u 4E(1 + E) / D^2 (positive terms; E b / D^2
    ///   there reached 3.84 ULP near u = 0.5, this form 1.60).
    /// One numerator and denominator for both signs but the slope's: the kernel before, in
    /// e = exp(-|u|) with its own numerator and denominator per sign (seven selects, and the
    /// positive side's terms), was 15 to 18% slower on AVX-512 and AVX2 (AMD EPYC). Against long
    /// double on every float of [-0.5, 2] and every 61st of |u| < 20: value within 2.32 ULP (1.24
    /// from 0 on, where it was 2.21), derivative within 3.89 (1.60 from 0 on, where it was 2.22)
    /// away from the absolute floor at the zero of mish'. Past |u| = 1000 the
    /// limits: mish = u above (t = 1), -0 below; mish' = 1 above, -0 below. NaN gives NaN.
    /// Double batches take it with or without a fused fma (fma lane by lane without one: slow, but
    /// the formulas before reached 5.6 ULP in double too); float batches without one compute the
    /// older formulas in double lanes instead (mish_rule).
    [[gnu::always_inline]] static value_slope mish_parts(const batch_type& u) noexcept
        requires(std::is_same_v<T, double> || (std::is_same_v<T, float> && has_fused_fma())) {
        if constexpr (std::is_same_v<T, float>) {
            if (!xsimd::all(xsimd::abs(u) <= batch_type(87.0f))) [[unlikely]]
                return mish_parts_far(u);
            return mish_parts_core<false>(u);
        } else {
            return mish_parts_core<true>(u);
        }
    }
    /// mish_parts for a float batch with a lane past |u| = 87 or NaN (rare): exp's edge test and
    /// the limits, which the other batches skip (one test for both; the same bits in the lanes
    /// within: an AVX2 pass of mish 11% faster). Inlined behind its test: as a call it returned
    /// its two batches through memory, and the common batch stored its input and results to
    /// the frame for it (AVX2 pass over 2^16 floats 91.3 -> 88.3 us, AMD EPYC). Below -87, where exp(u) is
    /// subnormal in float and u t would scale its rounding, mish_far_lane in double, rounded
    /// once; so every float lane is within the promise, subnormal results included, and the
    /// array pass skips its lane-rescue check for float (mish_rule::batch_exact).
    [[gnu::always_inline]] static value_slope mish_parts_far(const batch_type& u) noexcept {
        value_slope p = mish_parts_core<true>(u);
        if constexpr (std::is_same_v<T, float>) {
            auto below = u < batch_type(-87.0f);
            if (xsimd::any(below)) {
                p.value =
                    xsimd::select(below, lanewise(u, [](T v) { return mish_far_lane(v, false); }), p.value);
                p.slope =
                    xsimd::select(below, lanewise(u, [](T v) { return mish_far_lane(v, true); }), p.slope);
            }
        }
        return p;
    }
    /// mish(v) or mish'(v) for a float v below -87, in double (rounded to float once): E = e^v
    /// is normal there (or its underflow in double, past -708, where both round to -0 in
    /// float), t = n / (n + 2) with n = E (E + 2), mish = v t, and mish' = E b / (n + 2)^2 with
    /// b = 4(1 + v) + E(6 + 4v) + E^2(4 + E), whose first term dwarfs the rest (nothing cancels
    /// this far from the zero of mish'); -0 past -1000 (the limits, where E b would be 0 * inf
    /// at -inf).
    static T mish_far_lane(T v, bool slope) noexcept {
        if (v < T(-1000)) return T(-0.0);
        const double x = v;
        const double e = std::exp(x);
        const double n = e * (e + 2);
        const double d = n + 2;
        if (!slope) return static_cast<T>(x * (n / d));
        const double b = 4 * (1 + x) + e * (6 + 4 * x) + e * e * (4 + e);
        return static_cast<T>(e * b / (d * d));
    }
    /// mish_parts for K batches at once (mish's array pass, mish_rule::value_and_derivative_batches):
    /// each batch's bits as mish_parts gives them, the K batches' operations interleaved stage
    /// by stage (mish_stages). One batch's kernel is one long chain of dependent operations
    /// (exp, then two quotients); K of them one after the other leave the scheduler's window
    /// full of operations waiting on that chain. Interleaved, each stage of every batch is
    /// ready while the others wait (AVX2 pass over 2^16 floats, AMD EPYC Zen 5: 3 batches
    /// interleaved about 17% faster than the same kernels one after the other, 2 only 3%).
    /// A group with a lane past |u| = 87 or NaN takes mish_parts batch by batch.
    template <std::size_t K>
    [[gnu::always_inline]] static void mish_parts_batches(const batch_type (&u)[K],
                                                          value_slope (&r)[K]) noexcept
        requires(std::is_same_v<T, double> || (std::is_same_v<T, float> && has_fused_fma())) {
        constexpr bool edges = !std::is_same_v<T, float>;
        if constexpr (std::is_same_v<T, float>) {
            bool within = true;
            unrolled<K>(
                [&](auto k) { within = within && xsimd::all(xsimd::abs(u[k]) <= batch_type(87.0f)); });
            if (!within) [[unlikely]] {
                unrolled<K>([&](auto k) { r[k] = mish_parts(u[k]); });
                return;
            }
        }
        mish_stages s[K];
        unrolled<K>([&](auto k) { s[k].u = u[k]; });
        unrolled<K>([&](auto k) { mish_stage_exp<edges>(s[k]); });
        unrolled<K>([&](auto k) { mish_stage_value(s[k]); });
        unrolled<K>([&](auto k) { r[k] = mish_stage_slope<edges>(s[k]); });
    }
    /// mish_parts's formulas; without Edges, for lanes within |u| <= 87 (exp without its edge
    /// test, no limits). Three stages, each a short chain (mish_parts_batches interleaves them
    /// across batches): e = exp(min(u, cap)); t = t0 + c and the value; the slope.
    struct mish_stages {
        batch_type u, e, t0, c, value;
    };
    template <bool Edges>
    [[gnu::always_inline]] static void mish_stage_exp(mish_stages& s) noexcept {
        batch_type uc = xsimd::min(s.u, batch_type(std::is_same_v<T, float> ? T(20) : T(40)));
        s.e = Edges ? exp(uc) : exp_normal(uc);
    }
    [[gnu::always_inline]] static void mish_stage_value(mish_stages& s) noexcept {
        const batch_type two(T(2));
        const batch_type& e = s.e;
        const batch_type& u = s.u;
        batch_type n = fma(e, e, e + e);
        batch_type dh = n + two;
        batch_type dl = (xsimd::max(n, two) - dh) + xsimd::min(n, two);
        batch_type rden = xsimd::reciprocal(dh);
        s.t0 = quotient(n, dh, rden);
        // Opaque (no_contract): fused into the slope's sum in one caller and not in another, the
        // product would give dmish's value other bits than forward_backward's slope.
        s.c = no_contract((fnma(s.t0, dh, n) - s.t0 * dl) * rden);
        s.value = fma(u, s.t0, u * s.c) | (u & batch_type(T(-0.0)));
    }
    template <bool Edges>
    [[gnu::always_inline]] static value_slope mish_stage_slope(const mish_stages& s) noexcept {
        const batch_type four(T(4));
        const batch_type eight(T(8));
        const batch_type& e = s.e;
        const batch_type& u = s.u;
        auto positive = u >= batch_type(T(0));
        batch_type b = fma(e, fma(e, e + four, fma(four, u, batch_type(T(6)))), fma(four, u, four));
        auto [eh, el] = math::two_prod(e, b);
        batch_type e4 = four * e;
        batch_type wn = xsimd::select(positive, fma(e4, e, e4), eh);
        batch_type dn2 = fma(fma(fma(e + four, e, eight), e, eight), e, four);
        batch_type rwd = xsimd::reciprocal(dn2);
        batch_type w0 = quotient(wn, dn2, rwd);
        batch_type w = fma(fnma(w0, dn2, wn) + xsimd::select(positive, batch_type(T(0)), el), rwd, w0);
        batch_type slope = xsimd::select(positive, fma(u, w, s.t0) + s.c, w);
        if constexpr (!Edges) {
            return {s.value, slope};
        } else {
            const batch_type one(T(1));
            const batch_type big(T(1000));
            return {xsimd::select(u > big, u, xsimd::select(u < -big, batch_type(T(-0.0)), s.value)),
                    xsimd::select(u > big, one, xsimd::select(u < -big, batch_type(T(-0.0)), slope))};
        }
    }
    template <bool Edges>
    [[gnu::always_inline]] static value_slope mish_parts_core(const batch_type& u) noexcept {
        mish_stages s{};
        s.u = u;
        mish_stage_exp<Edges>(s);
        mish_stage_value(s);
        return mish_stage_slope<Edges>(s);
    }
    /// tanh(u) and sech^2(u) (tanh's fused kernel). With a = |u|: below a = 0.625,
    /// tanh(a) = a + a z P(z), z = a^2, P fitted to (tanh(a) / a - 1) / z (tanh_series);
    /// there sech^2 = 1 - tanh^2 (one fma; no cancellation, tanh^2 < 0.31), and a batch
    /// with every lane there (as in compositions, whose inner results are small) takes no
    /// exp; the lanes there of a mixed batch take the same two (their bits never depend on
    /// their neighbours'). Otherwise e = exp(-2a), tanh(a) = (1 - e) / (1 + e) (its own division: the
    /// shortest path to what a composition computes next; 1 - e scales exp's error by at most 0.62 from a =
    /// 0.625 on) and sech^2 = 4 e R^2 with R = 1 / (1 + e) as r + rl (reciprocal_one_plus), R^2 = r^2 + 2 r
    /// rl rounded once. Past a = exp_edge / 2, where e is subnormal or 0, sech^2 is 4 exp(-2a) in a wider
    /// type (float in double; double in long double where it is wider), rounded once. tanh takes u's sign
    /// (tanh(-0) = -0); tanh(+-inf) = +-1, sech^2(+-inf) = 0; NaN gives NaN.
    [[gnu::always_inline]] static value_slope tanh_parts(const batch_type& u) noexcept {
        const batch_type one(T(1));
        batch_type a = xsimd::abs(u);
        auto small = a < batch_type(T(0.625));
        if (xsimd::all(small)) {
            batch_type t = tanh_series(a);
            return {xsimd::copysign(t, u), fnma(t, t, one)};
        }
        batch_type e = exp(batch_type(T(-2)) * a);
        auto [r, rl] = reciprocal_one_plus(e);
        batch_type slope = (batch_type(T(4)) * e) * fma(r, r, (r + r) * rl);
        auto far = a > batch_type(exp_edge() / T(2));
        if (xsimd::any(far)) slope = xsimd::select(far, far_sech2(a), slope);
        batch_type t = (one - e) / (one + e);
        if (xsimd::any(small)) {
            // The lanes below 0.625 as in a batch of such lanes alone (a lane's bits never
            // depend on its neighbours): the series and 1 - tanh^2.
            batch_type ts = tanh_series(a);
            t = xsimd::select(small, ts, t);
            slope = xsimd::select(small, fnma(ts, ts, one), slope);
        }
        return {xsimd::copysign(t, u), slope};
    }
    /// tanh(u) alone, with the bits of tanh_parts's value (tanh_rule's value on batches).
    [[gnu::always_inline]] static batch_type tanh_value(const batch_type& u) noexcept {
        batch_type a = xsimd::abs(u);
        auto small = a < batch_type(T(0.625));
        if (xsimd::all(small)) return xsimd::copysign(tanh_series(a), u);
        return tanh_from_exp(u, a, small, exp(batch_type(T(-2)) * a));
    }
    /// tanh(u) given a = |u|, a < 0.625 and e = exp(-2a), for a batch with a lane at or past 0.625.
    [[gnu::always_inline]] static batch_type tanh_from_exp(const batch_type& u, const batch_type& a,
                                                           const mask_type& small,
                                                           const batch_type& e) noexcept {
        const batch_type one(T(1));
        batch_type t = (one - e) / (one + e);
        if (xsimd::any(small)) t = xsimd::select(small, tanh_series(a), t);
        return xsimd::copysign(t, u);
    }
    /// tanh(a) for 0 <= a < 0.625: a + a z P(z), z = a^2, P of degree 5 (float) or 11
    /// (double) interpolating (tanh(a) / a - 1) / z at Chebyshev nodes of [0, 0.390625]
    /// (fitted for ctdiff from tanh's Taylor series in exact rationals; within 0.08 ULP of
    /// tanh before the last rounding).
    [[gnu::always_inline]] static batch_type tanh_series(const batch_type& a) noexcept {
        batch_type z = a * a;
        batch_type p;
        if constexpr (std::is_same_v<T, float>) {
            p = horner(z, {T(0.002292744815349579), T(-0.008343945257365704), T(0.02176891826093197),
                           T(-0.053959257900714874), T(0.13333304226398468), T(-0.3333333432674408)});
        } else {
            p = horner(z, {T(6.485163474074648e-06), T(-3.120110140926975e-05), T(9.257116128204076e-05),
                           T(-0.0002375906495993062), T(0.0005896606577739145), T(-0.0014557754120474772),
                           T(0.0035921217511549236), T(-0.008863235103240875), T(0.021869488519008305),
                           T(-0.05396825396789699), T(0.13333333333333042), T(-0.3333333333333333)});
        }
        return fma(a * z, p, a);
    }
    /// sech^2(a) = 4 exp(-2a) for the lanes of a past exp_edge / 2, out of line (rare): in a
    /// wider type, rounded once (subnormal results too).
    CTDIFF_NOINLINE static batch_type far_sech2(const batch_type& a) noexcept {
#if defined(CTDIFF_NO_EXTENDED_PRECISION)
        using W = double;
#else
        using W = std::conditional_t<std::is_same_v<T, float>, double, long double>;
#endif
        return lanewise(a, [](T v) { return static_cast<T>(W(4) * std::exp(W(-2) * static_cast<W>(v))); });
    }
};

/// Float lanes computed in double lanes (a rule's `batch_precision`, core/primitive.hpp):
/// the double batch of the same architecture holds half of a float batch's lanes;
/// widen gives the lower and the upper half, narrow rounds both halves back, each lane
/// once. Architectures without double registers (32-bit ARM) have no wide_batch.
template <class A>
requires xsimd::has_simd_register<double, A>::value &&
    (xsimd::batch<double, A>::size * 2 ==
     xsimd::batch<float, A>::size) struct wide_lanes<xsimd::batch<float, A>> {
    using batch_type = xsimd::batch<float, A>;
    using wide_batch = xsimd::batch<double, A>;
    static wide_batch low(const batch_type& x) noexcept {
#if XSIMD_WITH_AVX512F
        if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
            return wide_batch(_mm512_cvtps_pd(_mm512_castps512_ps256(x)));
        }
#endif
#if XSIMD_WITH_AVX
        if constexpr (std::is_base_of_v<xsimd::avx, A>) {
            return wide_batch(_mm256_cvtps_pd(_mm256_castps256_ps128(x)));
        }
#endif
#if XSIMD_WITH_SSE2
        if constexpr (std::is_base_of_v<xsimd::sse2, A>) return wide_batch(_mm_cvtps_pd(x));
#endif
        return half(x, 0);
    }
    static wide_batch high(const batch_type& x) noexcept {
#if XSIMD_WITH_AVX512F
        if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
            return wide_batch(
                _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(x), 1))));
        }
#endif
#if XSIMD_WITH_AVX
        if constexpr (std::is_base_of_v<xsimd::avx, A>) {
            return wide_batch(_mm256_cvtps_pd(_mm256_extractf128_ps(x, 1)));
        }
#endif
#if XSIMD_WITH_SSE2
        if constexpr (std::is_base_of_v<xsimd::sse2, A>) {
            const __m128 v = x;
            return wide_batch(_mm_cvtps_pd(_mm_movehl_ps(v, v)));
        }
#endif
        return half(x, wide_batch::size);
    }
    static batch_type narrow(const wide_batch& lo, const wide_batch& hi) noexcept {
#if XSIMD_WITH_AVX512F
        if constexpr (std::is_base_of_v<xsimd::avx512f, A>) {
            const __m512d l = _mm512_castps_pd(_mm512_castps256_ps512(_mm512_cvtpd_ps(lo)));
            return batch_type(
                _mm512_castpd_ps(_mm512_insertf64x4(l, _mm256_castps_pd(_mm512_cvtpd_ps(hi)), 1)));
        }
#endif
#if XSIMD_WITH_AVX
        if constexpr (std::is_base_of_v<xsimd::avx, A>) {
            return batch_type(
                _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(lo)), _mm256_cvtpd_ps(hi), 1));
        }
#endif
#if XSIMD_WITH_SSE2
        if constexpr (std::is_base_of_v<xsimd::sse2, A>) {
            return batch_type(_mm_movelh_ps(_mm_cvtpd_ps(lo), _mm_cvtpd_ps(hi)));
        }
#endif
        alignas(64) double pl[wide_batch::size];
        alignas(64) double ph[wide_batch::size];
        alignas(64) float out[batch_type::size];
        lo.store_aligned(pl);
        hi.store_aligned(ph);
        for (std::size_t k = 0; k < wide_batch::size; ++k) {
            out[k] = static_cast<float>(pl[k]);
            out[k + wide_batch::size] = static_cast<float>(ph[k]);
        }
        return batch_type::load_aligned(out);
    }

private:
    static wide_batch half(const batch_type& x, std::size_t from) noexcept {
        alignas(64) float in[batch_type::size];
        alignas(64) double out[wide_batch::size];
        x.store_aligned(in);
        for (std::size_t k = 0; k < wide_batch::size; ++k) out[k] = static_cast<double>(in[from + k]);
        return wide_batch::load_aligned(out);
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
