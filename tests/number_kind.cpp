// The number-kind customization point is open: a kind defined outside ctdiff
// (docs/examples/tangent.hpp, against number_kind and rule_view only) computes
// through every activation, with no change to the library, what ctdiff's own
// dual computes: the same value and derivative, bit for bit, at a grid of points
// that includes the kinks, 0, large and tiny arguments, in float and double.
#include "../docs/examples/tangent.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

using namespace ctdiff;

namespace {
constexpr auto x = var<"x">;

template <class T>
bool same(T a, T b) {
    return a == b || (std::isnan(a) && std::isnan(b));
}

template <class T, class E>
void check_against_dual(const E& e, const std::string& name) {
    const std::vector<double> grid = {-1e30, -745.0, -40.0, -6.0, -3.0, -1.5, -1.0, -0.75, -0.5, -1e-30, 0.0,
                                      1e-30, 0.25,   0.5,   1.0,  1.5,  3.0,  6.0,  20.0,  40.0, 1e30};
    for (const double p : grid) {
        const T v = static_cast<T>(p);
        const user::tangent<T> r = e(x = user::tangent<T>{v, T(1)});
        const auto ref = value_and_derivative(e, x = v);
        BOOST_TEST(same(r.v, ref.value), name << " value at " << p << ": " << r.v << " vs " << ref.value);
        BOOST_TEST(same(r.t, ref.derivative),
                   name << " derivative at " << p << ": " << r.t << " vs " << ref.derivative);
    }
}
}  // namespace

BOOST_AUTO_TEST_SUITE(number_kind_open)

// Every registered activation (gated ones with both inputs x), float and double.
BOOST_AUTO_TEST_CASE(user_kind_matches_dual_on_every_activation) {
#define CTDIFF_TEST_KIND(name)                                          \
    check_against_dual<double>(CTDIFF_TYPICAL_CALL(name, x, x), #name); \
    check_against_dual<float>(CTDIFF_TYPICAL_CALL(name, x, x), #name " (float)");
    CTDIFF_ACTIVATIONS(CTDIFF_TEST_KIND)
#undef CTDIFF_TEST_KIND
}

// Compositions, a parameter that is an expression of x, and constants of the
// expression converted to the kind (constant()).
BOOST_AUTO_TEST_CASE(user_kind_matches_dual_on_compositions) {
    check_against_dual<double>(sigmoid(relu(x)), "sigmoid(relu(x))");
    check_against_dual<double>(x * tanh(softplus(x)), "x * tanh(softplus(x))");
    check_against_dual<double>(prelu(x, 0.25 * x + 1.0), "prelu(x, x/4 + 1)");
    check_against_dual<double>(elu(gelu(x), sigmoid(x)) / (2.0 + x * x),
                               "elu(gelu(x), sigmoid(x)) / (2 + x^2)");
    check_against_dual<double>(select(x > 0.5, silu(x), -x), "select(x > 1/2, silu(x), -x)");
}

// The kind's derivative is the derivative: a central difference of its value.
BOOST_AUTO_TEST_CASE(user_kind_derivative_is_a_derivative) {
    const auto e = mish(x) * sigmoid(x);
    for (const double p : {-2.0, -0.5, 0.3, 1.7}) {
        const double h = 1e-6;
        const double fd = (e(x = p + h) - e(x = p - h)) / (2 * h);
        const double t = e(x = user::tangent<double>{p, 1.0}).t;
        BOOST_TEST(std::abs(t - fd) <= 1e-8 * (1 + std::abs(fd)), "at " << p << ": " << t << " vs " << fd);
    }
}

BOOST_AUTO_TEST_SUITE_END()
