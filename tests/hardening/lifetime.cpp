// Lifetime: expressions are values. They are stored, copied, returned from
// functions and kept past the lifetime of everything they were built from.
// Run under ASan (the sanitize preset), a node holding a reference would be
// reported as a stack-use-after-scope or heap-use-after-free here.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include <boost/test/unit_test.hpp>

using namespace ctdiff;

namespace {

constexpr auto x = var<"x">;
constexpr auto a = var<"a">;

// Built from a local number and a local expression, both gone on return.
auto make_activation(double slope) {
    const double scaled = slope * 2.0;
    const auto inner = prelu(x, scaled);
    return sigmoid(inner) * scaled + inner;
}

auto make_derivative(double slope) {
    const auto f = make_activation(slope);
    return d(f, x);
}

double weight_from_heap() {
    const auto w = std::make_unique<double>(0.125);
    return *w;
}

// Reference values written out in closed form.
double expected_leaky(double v, double slope) {
    const double s = slope * 2.0;
    const double p = v > 0 ? v : s * v;
    return s / (1.0 + std::exp(-p)) + p;
}
double derivative_reference(double v, double slope) {
    const double s = slope * 2.0;
    const double p = v > 0 ? v : s * v;
    const double dp = v > 0 ? 1.0 : s;
    const double sg = 1.0 / (1.0 + std::exp(-p));
    return s * sg * (1.0 - sg) * dp + dp;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lifetime)

BOOST_AUTO_TEST_CASE(nodes_hold_values_not_references) {
    const auto f = make_activation(0.25);
    static_assert(std::is_trivially_copyable_v<std::remove_cv_t<decltype(f)>>);
    static_assert(std::is_trivially_destructible_v<std::remove_cv_t<decltype(f)>>);
    // Each run-time number is held by value where it is used: the scaled slope
    // three times (in both prelu nodes and as the factor); variables and
    // constants take no room.
    static_assert(sizeof(f) == 3 * sizeof(double));
    static_assert(std::is_empty_v<std::remove_cv_t<decltype(sigmoid(relu(x)) * int_c<2>)>>);
}

BOOST_AUTO_TEST_CASE(returned_expressions_outlive_their_parts) {
    const auto f = make_activation(0.25);
    const auto df = make_derivative(0.25);
    for (const double v : {-3.0, -0.5, 0.0, 0.5, 3.0}) {
        BOOST_TEST(f(x = v) == expected_leaky(v, 0.25), boost::test_tools::tolerance(1e-14));
        BOOST_TEST(df(x = v) == derivative_reference(v, 0.25), boost::test_tools::tolerance(1e-13));
        BOOST_TEST(value_and_derivative(f, x = v).derivative == derivative_reference(v, 0.25),
                   boost::test_tools::tolerance(1e-13));
    }
}

BOOST_AUTO_TEST_CASE(temporaries_in_the_building_expression) {
    // Every operand below is a temporary that dies at the end of this statement.
    const auto f =
        prelu(x, weight_from_heap()) * std::stod(std::string("3.0")) + std::vector<double>{1.0}.at(0);
    BOOST_TEST(f(x = -2.0) == 0.125 * -2.0 * 3.0 + 1.0);
    BOOST_TEST(d(f, x)(x = -2.0) == 0.375);
}

BOOST_AUTO_TEST_CASE(copies_on_the_heap_and_in_containers) {
    auto owner = std::make_unique<decltype(make_activation(0.5))>(make_activation(0.5));
    const auto copy = *owner;
    owner.reset();  // the original is freed; the copy must not refer to it
    BOOST_TEST(copy(x = -1.0) == expected_leaky(-1.0, 0.5), boost::test_tools::tolerance(1e-14));

    std::vector<decltype(make_derivative(0.0))> derivatives;
    for (int i = 0; i < 64; ++i) derivatives.push_back(make_derivative(0.01 * i));  // reallocates
    for (int i = 0; i < 64; ++i)
        BOOST_TEST(derivatives[i](x = -0.75) == derivative_reference(-0.75, 0.01 * i),
                   boost::test_tools::tolerance(1e-13));

    // Type-erased: a std::function holding an expression by value.
    std::function<double(double)> erased;
    {
        const double local = 0.3;
        const auto g = tanh(x * local) + a;
        erased = [g](double v) { return g(x = v, a = 1.0); };
    }
    BOOST_TEST(erased(2.0) == std::tanh(0.6) + 1.0, boost::test_tools::tolerance(1e-15));
}

BOOST_AUTO_TEST_CASE(results_and_strings_outlive_the_expression) {
    std::string printed;
    dual<double> r{};
    std::array<double, 4> t{};
    double g_a = 0;
    {
        const double w = -0.5;
        const auto f = prelu(x, a) * w;
        printed = to_string(d(f, a));
        r = value_and_derivative(f, wrt(x), x = -2.0, a = 0.25);
        t = derivatives<3>(f, wrt(x), x = -2.0, a = 0.25);
        const auto g = gradient(f, x = -2.0, a = 0.25);
        g_a = g[a];
    }
    BOOST_TEST(!printed.empty());
    BOOST_TEST(r.value == 0.25);
    BOOST_TEST(r.derivative == -0.125);
    BOOST_TEST(t[0] == 0.25);
    BOOST_TEST(t[1] == -0.125);
    BOOST_TEST(t[2] == 0.0);
    BOOST_TEST(g_a == 1.0);
}

BOOST_AUTO_TEST_CASE(higher_symbolic_derivatives_of_a_returned_expression) {
    const auto d3 = d<3>(make_activation(0.25), x);
    const auto t = derivatives<3>(make_activation(0.25), x = 1.5);
    BOOST_TEST(d3(x = 1.5) == t[3], boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_SUITE_END()
