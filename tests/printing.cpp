// Printing: exact strings for to_string, to_latex and operator<<.
#include <ctdiff/ctdiff.hpp>

#include <sstream>

#include <boost/test/unit_test.hpp>

using namespace ctdiff;

namespace {
constexpr auto x = var<"x">;
constexpr auto a = var<"a">;
}  // namespace

BOOST_AUTO_TEST_SUITE(printing)

BOOST_AUTO_TEST_CASE(leaves_and_activations) {
    BOOST_TEST(to_string(x) == "x");
    BOOST_TEST(to_string(d(x, x)) == "1");
    BOOST_TEST(to_string(d(a, x)) == "0");
    BOOST_TEST(to_string(sigmoid(relu(x))) == "sigmoid(relu(x))");
    BOOST_TEST(to_string(prelu(x, 0.25)) == "prelu(x, 0.25)");
    BOOST_TEST(to_string(prelu(x, a)) == "prelu(x, a)");
    BOOST_TEST(to_string(tanh(x)) == "tanh(x)");
    BOOST_TEST(to_string(int_c<1> / int_c<2>) == "1/2");
}

BOOST_AUTO_TEST_CASE(derived_derivatives) {
    BOOST_TEST(to_string(d(sigmoid(x), x)) == "dsigmoid(x)");
    BOOST_TEST(to_string(d(relu(x), x)) == "step(x)");
    BOOST_TEST(to_string(d(tanh(x), x)) == "sech2(x)");
    BOOST_TEST(to_string(d(prelu(x, a), x)) == "select(x > 0, 1, a)");
    BOOST_TEST(to_string(d(prelu(x, a), a)) == "select(x > 0, 0, x)");
    BOOST_TEST(to_string(d(sigmoid(relu(x)), x)) == "dsigmoid(relu(x)) * step(x)");
    BOOST_TEST(to_string(d(x * sigmoid(x), x)) == "sigmoid(x) + x * dsigmoid(x)");
    BOOST_TEST(to_string(d(2 * sigmoid(x) - 1, x)) == "2 * dsigmoid(x)");
    BOOST_TEST(to_string(d(pow(x, 3), x)) == "3 * x^2");
    BOOST_TEST(to_string(d(pow(x, int_c<3>), x)) == "3 * x^2");
    BOOST_TEST(to_string(d(pow(x, 2), x)) == "2 * x");
}

BOOST_AUTO_TEST_CASE(minimal_parentheses) {
    BOOST_TEST(to_string(x + a * x) == "x + a * x");
    BOOST_TEST(to_string((x + a) * x) == "(x + a) * x");
    BOOST_TEST(to_string(x - (a - x)) == "x - (a - x)");
    BOOST_TEST(to_string((x - a) - x) == "x - a - x");
    BOOST_TEST(to_string(x / (a * x)) == "x / (a * x)");
    BOOST_TEST(to_string(-(x + a)) == "-(x + a)");
    BOOST_TEST(to_string(-x * a) == "-(x * a)");
    BOOST_TEST(to_string(pow(x + a, 2)) == "(x + a)^2");
    BOOST_TEST(to_string(x - -a) == "x + a");
    BOOST_TEST(to_string(x + -a) == "x - a");
    BOOST_TEST(to_string(x * -1.5) == "x * -1.5");
}

BOOST_AUTO_TEST_CASE(latex_and_stream) {
    BOOST_TEST(to_latex(sigmoid(x)) == "\\sigma\\left(x\\right)");
    BOOST_TEST(to_latex(d(tanh(x), x)) == "\\operatorname{sech}^2\\left(x\\right)");
    BOOST_TEST(to_latex(x / (x + a)) == "\\frac{x}{x + a}");
    BOOST_TEST(to_latex(d(prelu(x, a), x)) ==
               "\\begin{cases}1 & x > 0 \\\\ a & \\text{otherwise}\\end{cases}");
    std::ostringstream os;
    os << d(sigmoid(x), x);
    BOOST_TEST(os.str() == "dsigmoid(x)");
}

BOOST_AUTO_TEST_SUITE_END()
