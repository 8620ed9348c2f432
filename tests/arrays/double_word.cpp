// Double-word arithmetic (math/double_word.hpp, #12, #15): the error-free steps and the
// double-word operations on plain doubles and double batches against __float128
// (113-bit) results, and the SIMD backend's exp_double_word against long double exp
// over [-708, 708], with its edge lanes (exp(x), low part 0) and lane independence.

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <ctdiff/array.hpp>
#include <ctdiff/math/double_word.hpp>

#if defined(__SIZEOF_FLOAT128__)

namespace {

__extension__ typedef __float128 q128;  // the 113-bit reference (GCC and Clang on x86-64)

/// |x - r| in units of 2^-53 |r| (relative to the double spacing at 1).
double rel_units(q128 x, q128 r) {
    const q128 d = x > r ? x - r : r - x;
    const q128 m = r < 0 ? -r : r;
    return static_cast<double>(d / m) * 9007199254740992.0;
}

/// Pairs of doubles within 2^40 of each other in magnitude, both signs (their sum and
/// product are exact in __float128).
std::vector<double> operands(std::size_t n, unsigned seed) {
    std::mt19937_64 gen(seed);
    std::uniform_real_distribution<double> mant(1.0, 2.0);
    std::uniform_int_distribution<int> ex(-20, 20);
    std::vector<double> v(n);
    for (auto& x : v) x = std::ldexp(mant(gen), ex(gen)) * (gen() % 2 ? 1.0 : -1.0);
    return v;
}

template <class T>
double lane(const T& v, std::size_t k) {
    if constexpr (std::is_same_v<T, double>) {
        (void)k;
        return v;
    } else {
        return v.get(k);
    }
}

/// two_sum and two_prod exact, add and mul within a few units of 2^-104, div_rounded within
/// an ULP, on T (double or a double batch) with every lane from the same operands.
template <class T>
void check_operations() {
    const std::vector<double> a = operands(20000, 1), b = operands(20000, 2), c = operands(20000, 3);
    double worst_add = 0, worst_mul = 0, worst_div = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const T ta(a[i]), tb(b[i]), tc(c[i]);
        const auto s = ctdiff::math::two_sum(ta, tb);
        const auto p = ctdiff::math::two_prod(ta, tb);
        BOOST_TEST((q128(lane(s.hi, 0)) + q128(lane(s.lo, 0)) == q128(a[i]) + q128(b[i])),
                   "two_sum(" << a[i] << ", " << b[i] << ") not exact");
        BOOST_TEST((q128(lane(p.hi, 0)) + q128(lane(p.lo, 0)) == q128(a[i]) * q128(b[i])),
                   "two_prod(" << a[i] << ", " << b[i] << ") not exact");
        // (a + b) + (a * b) and (a + b) * (a * b), from the exact double words above.
        const q128 qs = q128(a[i]) + q128(b[i]), qp = q128(a[i]) * q128(b[i]);
        const auto sum = ctdiff::math::add(s, p);
        const auto prod = ctdiff::math::mul(s, p);
        if (qs + qp != 0)
            worst_add =
                std::max(worst_add, rel_units(q128(lane(sum.hi, 0)) + q128(lane(sum.lo, 0)), qs + qp));
        worst_mul = std::max(worst_mul, rel_units(q128(lane(prod.hi, 0)) + q128(lane(prod.lo, 0)), qs * qp));
        // (a * b) / (a + c), rounded once.
        const auto d = ctdiff::math::two_sum(ta, tc);
        const q128 qd = q128(a[i]) + q128(c[i]);
        if (qd != 0)
            worst_div =
                std::max(worst_div, rel_units(q128(lane(ctdiff::math::div_rounded(p, d), 0)), qp / qd));
    }
    // In units of 2^-53: add and mul within 2^-100 where the sum does not cancel (the
    // operands' signs are random, so a few sums cancel partly: a looser bound), div within an ULP.
    BOOST_TEST(worst_add < 1e-6);
    BOOST_TEST(worst_mul < 1e-13);
    BOOST_TEST(worst_div <= 1.0);
}

}  // namespace

BOOST_AUTO_TEST_CASE(double_word_plain) { check_operations<double>(); }

#if CTDIFF_HAS_XSIMD
BOOST_AUTO_TEST_CASE(double_word_batches) { check_operations<ctdiff::math::simd_batch_t<double>>(); }
#endif

#endif

#if CTDIFF_HAS_XSIMD

BOOST_AUTO_TEST_CASE(exp_double_word_on_double_lanes) {
    using B = ctdiff::math::simd_batch_t<double>;
    static_assert(ctdiff::math::double_lanes<B>);
    static_assert(!ctdiff::math::double_lanes<double>);
    static_assert(!ctdiff::math::double_lanes<ctdiff::math::simd_batch_t<float>>);
    std::mt19937_64 gen(5);
    std::uniform_real_distribution<double> wide(-670.0, 708.0), narrow(-1.0, 1.0), low(-708.0, -670.0);
    double worst = 0, worst_x = 0, worst_hi = 0;
    for (int i = 0; i < 200000; ++i) {
        // Below x = -670 the low part is subnormal and carries fewer digits: the high part only.
        const double x = i % 4 == 3 ? low(gen) : i % 2 ? wide(gen) : narrow(gen);
        const auto e = ctdiff::math::exp_double_word(B(x));
        const long double r = std::exp(static_cast<long double>(x));
        const long double got = static_cast<long double>(e.hi.get(0)) + static_cast<long double>(e.lo.get(0));
        const double err = static_cast<double>(std::fabs(got - r) / r) * 9007199254740992.0;
        if (x > -670 && err > worst) {
            worst = err;
            worst_x = x;
        }
        worst_hi =
            std::max(worst_hi, static_cast<double>(std::fabs(e.hi.get(0) - r) / r) * 9007199254740992.0);
    }
    // Within 2^-57 relative (1/16 in units of 2^-53; long double's exp is good to 2^-63)
    // where the low part is normal, and the high part alone within an ULP everywhere.
    BOOST_TEST(worst < 1.0 / 16, "exp_double_word: " << worst << " x 2^-53 at x = " << worst_x);
    BOOST_TEST(worst_hi <= 1.0);
    // Past |x| = 708, +-inf and NaN: exp(x) with a zero low part, whatever the other lanes hold.
    const double inf = std::numeric_limits<double>::infinity();
    for (const double edge : {708.5, -708.5, 709.7, -745.0, -745.2, -800.0, inf, -inf}) {
        for (std::size_t k = 0; k < B::size; ++k) {
            alignas(64) double in[B::size];
            for (std::size_t j = 0; j < B::size; ++j) in[j] = 0.25 * static_cast<double>(j) - 1.0;
            const auto inner = ctdiff::math::exp_double_word(B::load_aligned(in));
            in[k] = edge;
            const auto e = ctdiff::math::exp_double_word(B::load_aligned(in));
            BOOST_TEST(e.hi.get(k) == std::exp(edge), "exp_double_word(" << edge << ") lane " << k);
            BOOST_TEST(e.lo.get(k) == 0.0);
            for (std::size_t j = 0; j < B::size; ++j) {
                if (j == k) continue;
                BOOST_TEST((e.hi.get(j) == inner.hi.get(j) && e.lo.get(j) == inner.lo.get(j)),
                           "lane " << j << " changed by an edge lane " << k);
            }
        }
    }
    BOOST_TEST(std::isnan(ctdiff::math::exp_double_word(B(std::nan(""))).hi.get(0)));
}

#endif
