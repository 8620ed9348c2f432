// NaN in, NaN out, for every unary primitive of the library (the activations and
// the helper primitives their rules are built from: gates, derivative primitives)
// on every route: plain, dual, jets to order 3, symbolic d and d<2>, and the
// array route. Clamps inside rules (a discarded branch fed a bounded input) must
// let NaN through: a test written `select(|u| < big, u, big)` maps NaN to big.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

#include <boost/test/unit_test.hpp>

using namespace ctdiff;

namespace {
constexpr auto x = var<"x">;

template <class E>
void check_nan(const E& e, const std::string& name) {
    const double qnan = std::numeric_limits<double>::quiet_NaN();
    BOOST_TEST(std::isnan(e(x = qnan)), name << ": plain");
    const auto vd = value_and_derivative(e, x = qnan);
    BOOST_TEST((std::isnan(vd.value) && std::isnan(vd.derivative)), name << ": dual");
    const auto j = derivatives<3>(e, x = qnan);
    for (std::size_t k = 0; k <= 3; ++k) BOOST_TEST(std::isnan(j[k]), name << ": jet order " << k);
    BOOST_TEST(std::isnan(d(e, x)(x = qnan)), name << ": d");
    BOOST_TEST(std::isnan(d<2>(e, x)(x = qnan)), name << ": d<2>");
    const std::vector<double> in = {qnan, 0.5, -qnan};
    const std::vector<double> ones(in.size(), 1.0);
    std::vector<double> y(in.size()), g(in.size());
    forward_backward(e, in, ones, y, g);
    BOOST_TEST((std::isnan(y[0]) && std::isnan(g[0]) && std::isnan(y[2]) && std::isnan(g[2])),
               name << ": array");
    // The same NaN reached through arithmetic (a NaN argument of a composition).
    BOOST_TEST(std::isnan(derivatives<2>(e, x = 0.0 * std::numeric_limits<double>::infinity())[1]),
               name << ": NaN from 0 * inf");
}
}  // namespace

BOOST_AUTO_TEST_SUITE(nan_propagation)

// Every registered activation (gated ones with both inputs x).
BOOST_AUTO_TEST_CASE(every_activation_every_route) {
#define CTDIFF_TEST_NAN(name) check_nan(CTDIFF_TYPICAL_CALL(name, x, x), #name);
    CTDIFF_ACTIVATIONS(CTDIFF_TEST_NAN)
#undef CTDIFF_TEST_NAN
}

// The helper primitives the rules are built from, and non-default parameters.
BOOST_AUTO_TEST_CASE(every_primitive_every_route) {
    // clang-format off
    const auto table = std::make_tuple(
        exp(x), log(x), log1p(x), expm1(x), sqrt(x), sin(x), cos(x), tanh(x), erf(x), abs(x),
        sech2(x), sign(x), step(x), pow(x, int_c<2>), pow(x, int_c<3>), pow(x, int_c<-1>),
        dsigmoid(x), norm_cdf(x), norm_pdf(x), relu(x), relu6(x), leaky_relu(x), leaky_relu(x, 0.2),
        prelu(x, 0.25), elu(x), elu(x, 0.5), selu(x), celu(x), celu(x, 2.0), gelu(x), gelu_tanh(x),
        gelu_tanh_gate(x), gelu_tanh_gate_product(x), silu(x), mish(x), mish_gate(x), dmish_gate(x),
        softplus(x), softplus(x, 2.0, 10.0), softsign(x), hardtanh(x), hardtanh(x, -2.0, 0.5),
        hardsigmoid(x), hardswish(x), log_sigmoid(x), sigmoid(x), tanhshrink(x), softshrink(x),
        softshrink(x, 2.0), hardshrink(x), threshold(x, 0.5, 2.0), dsilu(x), d2silu(x), dmish(x),
        d2mish(x), dgelu(x), d2gelu(x), dgelu_tanh(x), d2gelu_tanh(x), squareplus(x),
        squareplus(x, 0.5), dsquareplus(x, 4.0), d2squareplus(x, 4.0), sparse_plus(x), snake(x),
        snake(x, 0.5), dsnake(x, 1.0), dsnake_dalpha(x, 1.0), rrelu(x), rrelu(x, 0.1, 0.3),
        tanh_squared(x));
    // clang-format on
    std::apply([](const auto&... e) { (check_nan(e, to_string(e)), ...); }, table);
}

BOOST_AUTO_TEST_SUITE_END()
