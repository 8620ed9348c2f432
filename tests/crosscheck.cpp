// The routes to a derivative agree: symbolic d<n>, the dual pass, jets
// (derivatives<n>), and finite differences of independently written closed
// forms in 100-digit arithmetic, on a dense grid.
#include <ctdiff/ctdiff.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "support.hpp"

using namespace ctdiff;
using ctdiff_test::big;

namespace {

constexpr auto x = var<"x">;
constexpr auto a = var<"a">;

// Independent references, written from the textbook definitions.
big ref_relu(const big& v) { return v > 0 ? v : big(0); }
big ref_prelu(const big& v, const big& w) { return v > 0 ? v : w * v; }
big ref_sigmoid(const big& v) { return 1 / (1 + exp(-v)); }
big ref_tanh(const big& v) { return tanh(v); }

/// Derivatives 0..3 of ref at v by central differences (truncation and rounding
/// both below 1e-38 relative at 100 digits).
template <class F>
std::array<big, 4> finite_differences(F ref, const big& v) {
    const big h1("1e-30"), h2("1e-25"), h3("1e-20");
    return {ref(v), (ref(v + h1) - ref(v - h1)) / (2 * h1),
            (ref(v + h2) - 2 * ref(v) + ref(v - h2)) / (h2 * h2),
            (ref(v + 2 * h3) - 2 * ref(v + h3) + 2 * ref(v - h3) - ref(v - 2 * h3)) / (2 * h3 * h3 * h3)};
}

std::vector<double> grid() {
    std::vector<double> points;
    for (int i = -400; i <= 400; ++i) points.push_back(i * 0.05 + 0.0123);  // dense, off the kinks
    // Beyond |x| ~ 80 the differences of 1 - 1e-35 exceed 100 digits; api.cpp checks
    // the far tails against closed forms instead.
    for (const double v : {-80.0, -40.0, -1e-3, -1e-8, 1e-8, 1e-3, 40.0, 80.0}) points.push_back(v);
    return points;
}

/// Max errors in ULP per order, with an absolute floor of `floor_eps` epsilons
/// times the order's largest magnitude on the grid (for zero crossings).
struct tolerance {
    double ulps[4];
    double floor_eps;
};

template <class T, class E, class F, class... Extra>
void check_routes(const std::string& name, const E& f, F ref, tolerance tol, const Extra&... extra) {
    const auto d1 = d(f, x);
    const auto d2 = d<2>(f, x);
    const auto d3 = d<3>(f, x);
    std::vector<std::array<big, 4>> refs;
    const auto points = grid();
    std::array<double, 4> scale{};
    for (const double v : points) {
        refs.push_back(finite_differences(ref, big(static_cast<T>(v))));
        for (std::size_t k = 0; k < 4; ++k)
            scale[k] = std::max(scale[k], static_cast<double>(abs(refs.back()[k])));
    }
    double worst[4] = {0, 0, 0, 0};
    for (std::size_t i = 0; i < points.size(); ++i) {
        const T v = static_cast<T>(points[i]);
        const auto& r = refs[i];
        const auto vd = value_and_derivative(f, wrt(x), x = v, extra...);
        const auto jet = derivatives<3>(f, wrt(x), x = v, extra...);
        const T routes[4][3] = {{f(x = v, extra...), vd.value, jet[0]},
                                {d1(x = v, extra...), vd.derivative, jet[1]},
                                {d2(x = v, extra...), jet[2], jet[2]},
                                {d3(x = v, extra...), jet[3], jet[3]}};
        for (std::size_t k = 0; k < 4; ++k) {
            // 1e-30: the finite differences' own noise, for derivatives that are exactly 0.
            const double floor =
                std::max(tol.floor_eps * std::numeric_limits<T>::epsilon() * scale[k], 1e-30);
            for (const T c : routes[k]) {
                const bool ok = ctdiff_test::close(c, r[k], tol.ulps[k], floor);
                worst[k] = std::max(worst[k], ok ? 0.0 : ctdiff_test::ulp_error(c, r[k]));
                BOOST_TEST(ok, name << " order " << k << " at x = " << v << ": " << c << " vs "
                                    << static_cast<T>(r[k]) << " (" << ctdiff_test::ulp_error(c, r[k])
                                    << " ulp)");
            }
        }
    }
    BOOST_TEST_MESSAGE(name << ": worst ulp beyond floor " << worst[0] << " " << worst[1] << " " << worst[2]
                            << " " << worst[3]);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(crosscheck)

// Tolerances: orders 0-1 of single primitives within 4 ULP (the accuracy target);
// compositions and higher orders carry the rounding of each rule they chain.
constexpr tolerance primitive{{4, 4, 8, 16}, 4};
constexpr tolerance composed{{4, 8, 16, 32}, 8};

BOOST_AUTO_TEST_CASE(relu_) { check_routes<double>("relu", relu(x), ref_relu, primitive); }
BOOST_AUTO_TEST_CASE(prelu_number_weight) {
    check_routes<double>(
        "prelu(x, 0.25)", prelu(x, 0.25), [](const big& v) { return ref_prelu(v, big(0.25)); }, primitive);
}
BOOST_AUTO_TEST_CASE(prelu_variable_weight) {
    check_routes<double>(
        "prelu(x, a)", prelu(x, a), [](const big& v) { return ref_prelu(v, big(0.1)); }, primitive, a = 0.1);
}
BOOST_AUTO_TEST_CASE(sigmoid_) { check_routes<double>("sigmoid", sigmoid(x), ref_sigmoid, primitive); }
BOOST_AUTO_TEST_CASE(tanh_) { check_routes<double>("tanh", tanh(x), ref_tanh, primitive); }
BOOST_AUTO_TEST_CASE(sigmoid_float) {
    check_routes<float>("sigmoid float", sigmoid(x), ref_sigmoid, primitive);
}
BOOST_AUTO_TEST_CASE(tanh_float) { check_routes<float>("tanh float", tanh(x), ref_tanh, primitive); }
BOOST_AUTO_TEST_CASE(relu_float) { check_routes<float>("relu float", relu(x), ref_relu, primitive); }

BOOST_AUTO_TEST_CASE(sigmoid_of_relu) {
    check_routes<double>(
        "sigmoid(relu(x))", sigmoid(relu(x)), [](const big& v) { return ref_sigmoid(ref_relu(v)); },
        composed);
}
BOOST_AUTO_TEST_CASE(swish) {
    check_routes<double>(
        "x * sigmoid(x)", x * sigmoid(x), [](const big& v) { return v * ref_sigmoid(v); }, composed);
}
BOOST_AUTO_TEST_CASE(tanh_of_prelu) {
    check_routes<double>(
        "tanh(prelu(x, a))", tanh(prelu(x, a)), [](const big& v) { return ref_tanh(ref_prelu(v, big(0.1))); },
        composed, a = 0.1);
}
BOOST_AUTO_TEST_CASE(rescaled_sigmoid) {
    check_routes<double>(
        "2 * sigmoid(x) - 1", 2 * sigmoid(x) - 1, [](const big& v) { return 2 * ref_sigmoid(v) - 1; },
        composed);
}

BOOST_AUTO_TEST_CASE(weight_gradient_matches_finite_differences) {
    for (const double v : {-3.0, -0.5, 0.7, 2.0}) {
        const auto g = gradient(tanh(prelu(x, a)), x = v, a = 0.1);
        const big h("1e-30");
        const big fd =
            (ref_tanh(ref_prelu(big(v), big(0.1) + h)) - ref_tanh(ref_prelu(big(v), big(0.1) - h))) / (2 * h);
        BOOST_TEST(ctdiff_test::close(g[a], fd, 4, 4 * std::numeric_limits<double>::epsilon()));
        BOOST_TEST(g[a] == d(tanh(prelu(x, a)), a)(x = v, a = 0.1));
    }
}

BOOST_AUTO_TEST_SUITE_END()
