// The activations' API: PyTorch's defaults, conventions at kinks, smooth
// parameters as variables (d and gradient against closed forms), branch
// points as numbers, limits, and the number type kept.
#include <cmath>
#include <limits>
#include <type_traits>

#include <boost/test/unit_test.hpp>

#include <ctdiff/ctdiff.hpp>

#include "harness.hpp"

namespace {

using namespace ctdiff;
constexpr auto x = var<"x">;
constexpr auto a = var<"a">;

bool near(double got, double want, double rel = 1e-14) {
    return std::fabs(got - want) <= rel * std::max(1.0, std::fabs(want));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(activation_api)

// Every activation of the registry (activations/registry.hpp) has an accuracy test
// (the registered parts register their names before main; a part that lost one fails here).
BOOST_AUTO_TEST_CASE(every_registered_activation_is_measured) {
#define ACCURACY_CHECK_MEASURED(name) \
    BOOST_TEST(accuracy::measured_activations().contains(#name), #name " is registered but not measured");
    CTDIFF_ACTIVATIONS(ACCURACY_CHECK_MEASURED)
#undef ACCURACY_CHECK_MEASURED
    BOOST_TEST(accuracy::measured_activations().size() >= 32u);
}

BOOST_AUTO_TEST_CASE(defaults_are_pytorchs) {
    BOOST_TEST(leaky_relu(-2.0) == -0.02);
    BOOST_TEST(leaky_relu(x)(x = -2.0) == leaky_relu(x, 0.01)(x = -2.0));
    BOOST_TEST(elu(-1.0) == std::expm1(-1.0));
    BOOST_TEST(celu(-1.0) == std::expm1(-1.0));
    BOOST_TEST(softplus(25.0) == 25.0);  // beta * x > threshold 20: x
    BOOST_TEST(softplus(x)(x = 1.0) == softplus(x, 1.0, 20.0)(x = 1.0));
    BOOST_TEST(hardtanh(-3.0) == -1.0);
    BOOST_TEST(hardtanh(3.0) == 1.0);
    BOOST_TEST(softshrink(0.75) == 0.25);
    BOOST_TEST(hardshrink(0.5) == 0.0);
    BOOST_TEST(hardshrink(0.75) == 0.75);
    BOOST_TEST(threshold(0.25, 0.5, -2.0) == -2.0);
    BOOST_TEST(relu6(7.0) == 6.0);
    BOOST_TEST(selu(1.0) == 1.0507009873554804934);
    // Compile-time defaults keep expressions empty types; numbers keep their type.
    static_assert(std::is_empty_v<decltype(leaky_relu(x))>);
    static_assert(std::is_empty_v<decltype(softplus(x))>);
    static_assert(std::is_same_v<decltype(leaky_relu(0.5f)), float>);
    static_assert(std::is_same_v<decltype(hardtanh(0.5f, -2.0, 2.0)), float>);
    static_assert(std::is_same_v<decltype(softplus(x)(x = 0.5f)), float>);
    static_assert(d(leaky_relu(x), x)(x = -1.0) == 0.01);
    static_assert(d(relu6(x), x)(x = 6.0) == 0.0);
}

BOOST_AUTO_TEST_CASE(conventions_at_kinks) {
    const auto dd = [](auto e, double v) { return d(e, x)(x = v); };
    BOOST_TEST(dd(relu(x), 0.0) == 0.0);
    BOOST_TEST(dd(leaky_relu(x), 0.0) == 0.01);
    BOOST_TEST(dd(prelu(x, 0.25), 0.0) == 0.25);
    BOOST_TEST(dd(hardtanh(x), -1.0) == 0.0);
    BOOST_TEST(dd(hardtanh(x), 1.0) == 0.0);
    BOOST_TEST(dd(relu6(x), 0.0) == 0.0);
    BOOST_TEST(dd(relu6(x), 6.0) == 0.0);
    BOOST_TEST(dd(hardsigmoid(x), -3.0) == 0.0);
    BOOST_TEST(dd(hardsigmoid(x), 3.0) == 0.0);
    BOOST_TEST(dd(hardswish(x), -3.0) == 0.0);  // the outer piece (newer PyTorch)
    BOOST_TEST(dd(hardswish(x), 3.0) == 1.0);
    BOOST_TEST(dd(softshrink(x), 0.5) == 0.0);
    BOOST_TEST(dd(softshrink(x), -0.5) == 0.0);
    BOOST_TEST(dd(hardshrink(x), 0.5) == 0.0);
    BOOST_TEST(dd(hardshrink(x), -0.5) == 0.0);
    BOOST_TEST(dd(threshold(x, 0.5, -2.0), 0.5) == 0.0);
    BOOST_TEST(dd(elu(x, 0.5), 0.0) == 0.5);
    BOOST_TEST(dd(celu(x, 0.5), 0.0) == 1.0);
    BOOST_TEST(dd(softplus(x), 20.0) == 1.0 / (1.0 + std::exp(-20.0)));
    BOOST_TEST(dd(softplus(x), std::nextafter(20.0, 30.0)) == 1.0);
    BOOST_TEST(dd(softplus(x, 2.0), 10.5) == 1.0);  // beta * x = 21 > 20
    // Higher derivatives of linear pieces are 0; hardswish'' = 1/3 inside.
    BOOST_TEST(d<2>(hardswish(x), x)(x = 0.0) == 1.0 / 3.0);
    BOOST_TEST(d<2>(hardswish(x), x)(x = 3.0) == 0.0);
    BOOST_TEST(d<2>(leaky_relu(x), x)(x = -1.0) == 0.0);
    const auto j = derivatives<4>(relu6(x), x = 3.0);
    BOOST_TEST(j[1] == 1.0);
    BOOST_TEST(j[2] == 0.0);
    BOOST_TEST(j[4] == 0.0);
}

BOOST_AUTO_TEST_CASE(smooth_parameters_are_variables) {
    // leaky_relu and prelu: d/d slope = x for x <= 0.
    const auto g1 = gradient(leaky_relu(x, a), x = -2.0, a = 0.1);
    BOOST_TEST(g1.value == -0.2);
    BOOST_TEST(g1[x] == 0.1);
    BOOST_TEST(g1[a] == -2.0);
    BOOST_TEST(d(leaky_relu(x, a), a)(x = 3.0, a = 0.1) == 0.0);
    // elu: d/d alpha = expm1(x) for x <= 0.
    const auto g2 = gradient(elu(x, a), x = -0.5, a = 2.0);
    BOOST_TEST(near(g2[a], std::expm1(-0.5)));
    BOOST_TEST(near(g2[x], 2.0 * std::exp(-0.5)));
    // celu: d/d alpha = expm1(x/a) - (x/a) exp(x/a).
    const auto g3 = gradient(celu(x, a), x = -0.5, a = 2.0);
    BOOST_TEST(near(g3[a], std::expm1(-0.25) + 0.25 * std::exp(-0.25)));
    BOOST_TEST(near(g3[x], std::exp(-0.25)));
    // softplus: d/d beta = (x sigmoid(beta x) - softplus) / beta.
    const double sp = std::log1p(std::exp(1.0)) / 2.0, s = 1.0 / (1.0 + std::exp(-1.0));
    const auto g4 = gradient(softplus(x, a), x = 0.5, a = 2.0);
    BOOST_TEST(near(g4.value, sp));
    BOOST_TEST(near(g4[x], s));
    BOOST_TEST(near(g4[a], (0.5 * s - sp) / 2.0));
    // The symbolic route agrees, and a parameter may be any expression.
    BOOST_TEST(near(d(softplus(x, a), a)(x = 0.5, a = 2.0), g4[a]));
    BOOST_TEST(near(d(prelu(x, sigmoid(a)), a)(x = -2.0, a = 0.0), -2.0 * 0.25));
    // Second derivatives in a parameter, jets against the symbolic d<2>.
    const auto j = derivatives<2>(elu(x, a), wrt(a), a = 3.0, x = -1.0);
    BOOST_TEST(j[1] == std::expm1(-1.0));
    BOOST_TEST(j[2] == 0.0);
}

BOOST_AUTO_TEST_CASE(stable_at_extremes) {
    BOOST_TEST(gelu_tanh(-1e300) == 0.0);
    BOOST_TEST(gelu(-1e300) == 0.0);
    BOOST_TEST(mish(1e4) == 1e4);
    BOOST_TEST(softplus(800.0) == 800.0);
    BOOST_TEST(softplus(x, 1.0, 1e9)(x = 800.0) == 800.0);  // no exp overflow without the cut-off
    BOOST_TEST(d(mish(x), x)(x = std::numeric_limits<double>::infinity()) == 1.0);
    BOOST_TEST(d(silu(x), x)(x = -std::numeric_limits<double>::infinity()) == 0.0);
    BOOST_TEST(sigmoid(-800.0) == 0.0);
    BOOST_TEST(std::isfinite(d<4>(gelu_tanh(x), x)(x = -30.0)));
    BOOST_TEST(std::isfinite(d<4>(mish(x), x)(x = -800.0)));
    // A constant parameter adds no inf * 0 to the jets at x = -inf.
    BOOST_TEST(derivatives<2>(leaky_relu(x), x = -std::numeric_limits<double>::infinity())[1] == 0.01);
    BOOST_TEST(derivatives<2>(softplus(x), x = -std::numeric_limits<double>::infinity())[2] == 0.0);
}

BOOST_AUTO_TEST_CASE(routes_agree_to_fourth_order) {
    // Symbolic d<n> and jets evaluate the same rules: they agree closely.
    const auto check = [](auto e, double v) {
        const auto j = derivatives<4>(e, x = v);
        const double s[] = {e(x = v), d(e, x)(x = v), d<2>(e, x)(x = v), d<3>(e, x)(x = v),
                            d<4>(e, x)(x = v)};
        for (int k = 0; k <= 4; ++k) BOOST_TEST(near(j[k], s[k], 1e-12), "order " << k << " at " << v);
    };
    for (const double v : {-3.5, -0.7, 0.3, 2.25}) {
        check(gelu(x), v);
        check(mish(x), v);
        check(silu(x), v);
        check(tanhshrink(x), v);
        check(sigmoid(relu(x) + x), v);
    }
}

BOOST_AUTO_TEST_SUITE_END()
