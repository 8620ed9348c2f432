// constexpr at every finite point (#15): every activation's value,
// value_and_derivative, derivatives<2>, d and d<2> are evaluated in constant
// expressions at a grid of points: ±0, subnormals, the kinks, ±1, large and
// the largest finite values, in double and float. A branch whose operation is
// invalid in constant evaluation (0 / 0, an overflow) fails the build here.
#include <ctdiff/ctdiff.hpp>

#include <array>
#include <cmath>
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

/// snake's sin(x) reduces its argument with a 64-bit multiple of pi/2 in constant
/// evaluation: exact to |x| = 1e15, not beyond (a known limit, docs/accuracy.md). Its
/// grid stops there; at run time std::sin reduces any argument.
template <class E>
constexpr double largest_point = std::is_same_v<E, std::remove_const_t<decltype(snake(x))>> ? 1e15 : INFINITY;

template <class T, class E, std::size_t... I>
constexpr bool all_points(E e, std::index_sequence<I...>) {
    return ((!(static_cast<double>(grid<T>[I]) <= largest_point<E> &&
               static_cast<double>(grid<T>[I]) >= -largest_point<E>) ||
             routes_at<T>(e, grid<T>[I])) &&
            ...);
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

}  // namespace
