// constexpr at every finite point (#15): every activation's value,
// value_and_derivative, derivatives<2>, d and d<2> are evaluated in constant
// expressions at a grid of points: ±0, subnormals, the kinks, ±1, large and
// the largest finite values, in double and float. A branch whose operation is
// invalid in constant evaluation (0 / 0, an overflow) fails the build here.
#include <ctdiff/ctdiff.hpp>

#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include <boost/test/unit_test.hpp>

namespace {

using namespace ctdiff;
constexpr auto x = var<"x">;

template <class T>
constexpr std::array<T, 34> grid = {
    T(0),
    -T(0),
    std::numeric_limits<T>::denorm_min(),
    -std::numeric_limits<T>::denorm_min(),
    std::numeric_limits<T>::min() / 4,
    -std::numeric_limits<T>::min() / 4,
    std::numeric_limits<T>::min(),
    -std::numeric_limits<T>::min(),
    T(0.5),
    T(-0.5),
    T(1),
    T(-1),
    T(3),
    T(-3),
    T(6),
    T(-6),
    T(20),
    T(20.000002),
    T(-20),
    T(40),
    T(-40),
    T(100),
    T(-100),
    T(1000),
    T(-1000),
    T(1e30),
    T(-1e30),
    std::is_same_v<T, float> ? T(3e38) : T(1e300),
    std::is_same_v<T, float> ? T(-3e38) : T(-1e300),
    std::numeric_limits<T>::max(),
    -std::numeric_limits<T>::max(),
    T(2.5),
    T(-2.5),
    T(1e-8),
};

template <class T>
constexpr bool is_nan(T v) {
    return v != v;
}

/// Every route at every grid point, in one constant evaluation per point; true when no result is NaN.
template <class T, class E>
constexpr bool routes_at(E e, T v) {
    const T r0 = e(x = v);
    const auto vd = value_and_derivative(e, x = v);
    const auto j = derivatives<2>(e, x = v);
    const T r1 = d(e, x)(x = v);
    const T r2 = d<2>(e, x)(x = v);
    return !is_nan(r0) && !is_nan(vd.value) && !is_nan(vd.derivative) && !is_nan(j[0]) && !is_nan(j[1]) &&
           !is_nan(j[2]) && !is_nan(r1) && !is_nan(r2);
}

template <class T, class E, std::size_t... I>
constexpr bool all_points(E e, std::index_sequence<I...>) {
    return (routes_at<T>(e, grid<T>[I]) && ...);
}

#define CTDIFF_CONSTEXPR_GRID(expr)                                                          \
    static_assert(all_points<double>(expr, std::make_index_sequence<grid<double>.size()>{}), \
                  #expr " double");                                                          \
    static_assert(all_points<float>(expr, std::make_index_sequence<grid<float>.size()>{}), #expr " float");

// Every registered activation with its default parameters (the gated ones with
// the gate 1/2: gate = x would make swiglu(x, x) = x^2 silu'(x)... overflow for
// large x, a result beyond the range rather than a defect), then the gated ones
// in the gate, and non-default parameters.
#define CTDIFF_GRID_OF(name) CTDIFF_CONSTEXPR_GRID((CTDIFF_TYPICAL_CALL(name, x, int_c<1> / int_c<2>)))
CTDIFF_ACTIVATIONS(CTDIFF_GRID_OF)
#undef CTDIFF_GRID_OF
CTDIFF_CONSTEXPR_GRID(glu(int_c<1> / int_c<2>, x))
CTDIFF_CONSTEXPR_GRID(swiglu(int_c<1> / int_c<2>, x))
CTDIFF_CONSTEXPR_GRID(geglu(int_c<1> / int_c<2>, x))
CTDIFF_CONSTEXPR_GRID(geglu_tanh(int_c<1> / int_c<2>, x))
CTDIFF_CONSTEXPR_GRID(reglu(int_c<1> / int_c<2>, x))
CTDIFF_CONSTEXPR_GRID(elu(x, 0.5))
CTDIFF_CONSTEXPR_GRID(celu(x, 0.7))
CTDIFF_CONSTEXPR_GRID(softplus(x, 2.0))

// sin and cos in constant evaluation at huge arguments (#15): the argument is
// reduced by pi/2 with 2/pi to 1280 bits (math/constexpr_math.hpp). The
// references are mpmath's sin and cos at 50 digits (mp.dps = 50), rounded to 20
// here; the last two points are the double closest to a multiple of pi/2
// (6381956970095103 2^797, Muller's worst case: r = 2^-60.9, cos tiny).
struct sin_cos_case {
    double x, sin, cos;
};
constexpr sin_cos_case sin_cos_cases[] = {
    {0x1.921fb54442d18p+1, 1.2246467991473531772e-16, -1.0},
    {0x1.921fb54442d18p+2, -2.4492935982947063545e-16, 1.0},
    {0x1.fffffp+18, -8.1496503257913407329e-2, 9.9667362760170036988e-1},
    {0x1p+19, 1.6761802722065430632e-1, 9.8585201574610374786e-1},
    {1e10, -4.8750602508751069153e-1, 8.7311962267685600118e-1},
    {1e15, 8.5827279317023583552e-1, -5.1319373778697025223e-1},
    {1e16, 7.7968800660697875024e-1, -6.2616819813308617176e-1},
    {-1e22, 8.5220084976718880177e-1, 5.232147853951389455e-1},
    {1e100, -3.8063773100502866607e-1, 9.2472423875193378588e-1},
    {1e300, -8.1788191211590859705e-1, -5.7538611195754904669e-1},
    {0x1.fffffffffffffp+1023, 4.9619547891840617905e-3, -9.9998768942655993746e-1},
    {0x1.6ac5b262ca1ffp+849, 1.0, -4.6871659242546276111e-19},
    {-0x1.6ac5b262ca1ffp+849, -1.0, -4.6871659242546276111e-19},
};

/// Distance in ULPs between two finite doubles (through their ordered bit patterns).
constexpr std::uint64_t ulp_distance(double a, double b) {
    const auto key = [](double v) {
        const auto bits = std::bit_cast<std::int64_t>(v);
        return bits < 0 ? std::numeric_limits<std::int64_t>::min() - bits : bits;
    };
    const std::int64_t ka = key(a), kb = key(b);
    return ka > kb ? static_cast<std::uint64_t>(ka) - static_cast<std::uint64_t>(kb)
                   : static_cast<std::uint64_t>(kb) - static_cast<std::uint64_t>(ka);
}

template <std::size_t... I>
constexpr bool sin_cos_within(std::uint64_t ulps, std::index_sequence<I...>) {
    return ((ulp_distance(math::sin(sin_cos_cases[I].x), sin_cos_cases[I].sin) <= ulps &&
             ulp_distance(math::cos(sin_cos_cases[I].x), sin_cos_cases[I].cos) <= ulps) &&
            ...);
}
constexpr auto sin_cos_indices = std::make_index_sequence<std::size(sin_cos_cases)>{};
static_assert(sin_cos_within(1, sin_cos_indices), "constexpr sin and cos within 1 ULP of mpmath");
// A long double beyond the double range (snake's 2t at DBL_MAX): halved to a double
// times 2^scale; sin(2 DBL_MAX) = -0.0099237874093504465402 (mpmath, 50 digits).
static_assert(std::numeric_limits<long double>::max_exponent <= 1024 ||
                  ulp_distance(static_cast<double>(math::sin(2.0L * std::numeric_limits<double>::max())),
                               -0.0099237874093504465402) <= 1,
              "constexpr sin of a long double beyond the double range");
static_assert(ulp_distance(1.0, 0x1.0000000000001p0) == 1 && ulp_distance(-0x1p-1074, 0x1p-1074) == 2 &&
              ulp_distance(0.0, -0.0) == 0 && ulp_distance(0x1p-52, 0x1p-53) == (std::uint64_t{1} << 52));

}  // namespace

BOOST_AUTO_TEST_SUITE(constexpr_grid)

// The run-time route (std::sin, std::cos) at the same points. The C library
// promises no bound: glibc 2.36 is 8 ULP off on cos at Muller's worst case (the
// constant evaluation is within 0.5 there), so the tolerance is 16 ULP.
BOOST_AUTO_TEST_CASE(run_time_sin_cos_agree) {
    for (const auto& c : sin_cos_cases) {
        volatile double xv = c.x;
        const double xr = xv;
        BOOST_TEST(ulp_distance(std::sin(xr), c.sin) <= 16U, "sin(" << c.x << ") = " << std::sin(xr));
        BOOST_TEST(ulp_distance(std::cos(xr), c.cos) <= 16U, "cos(" << c.x << ") = " << std::cos(xr));
    }
}

BOOST_AUTO_TEST_SUITE_END()
