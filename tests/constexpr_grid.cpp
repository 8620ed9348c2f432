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

template <class T, class E, std::size_t... I>
constexpr bool all_points(E e, std::index_sequence<I...>) {
    return (routes_at<T>(e, grid<T>[I]) && ...);
}

#define CTDIFF_CONSTEXPR_GRID(expr)                                                          \
    static_assert(all_points<double>(expr, std::make_index_sequence<grid<double>.size()>{}), \
                  #expr " double");                                                          \
    static_assert(all_points<float>(expr, std::make_index_sequence<grid<float>.size()>{}), #expr " float");

CTDIFF_CONSTEXPR_GRID(relu(x))
CTDIFF_CONSTEXPR_GRID(relu6(x))
CTDIFF_CONSTEXPR_GRID(leaky_relu(x))
CTDIFF_CONSTEXPR_GRID(prelu(x, 0.25))
CTDIFF_CONSTEXPR_GRID(elu(x))
CTDIFF_CONSTEXPR_GRID(elu(x, 0.5))
CTDIFF_CONSTEXPR_GRID(selu(x))
CTDIFF_CONSTEXPR_GRID(celu(x))
CTDIFF_CONSTEXPR_GRID(celu(x, 0.7))
CTDIFF_CONSTEXPR_GRID(gelu(x))
CTDIFF_CONSTEXPR_GRID(gelu_tanh(x))
CTDIFF_CONSTEXPR_GRID(silu(x))
CTDIFF_CONSTEXPR_GRID(mish(x))
CTDIFF_CONSTEXPR_GRID(softplus(x))
CTDIFF_CONSTEXPR_GRID(softplus(x, 2.0))
CTDIFF_CONSTEXPR_GRID(softsign(x))
CTDIFF_CONSTEXPR_GRID(hardtanh(x))
CTDIFF_CONSTEXPR_GRID(hardsigmoid(x))
CTDIFF_CONSTEXPR_GRID(hardswish(x))
CTDIFF_CONSTEXPR_GRID(log_sigmoid(x))
CTDIFF_CONSTEXPR_GRID(sigmoid(x))
CTDIFF_CONSTEXPR_GRID(tanh(x))
CTDIFF_CONSTEXPR_GRID(tanhshrink(x))
CTDIFF_CONSTEXPR_GRID(softshrink(x))
CTDIFF_CONSTEXPR_GRID(hardshrink(x))
CTDIFF_CONSTEXPR_GRID(threshold(x, 0.5, -2.0))

}  // namespace
