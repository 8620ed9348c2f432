// The public API's behaviour: bindings, computation types, conventions, NaN and
// infinities, gradients, and a user's own primitive.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <limits>
#include <string_view>
#include <type_traits>

#include <boost/test/unit_test.hpp>

#include "support.hpp"

using namespace ctdiff;

namespace {
constexpr auto x = var<"x">;
constexpr auto a = var<"a">;
constexpr auto b = var<"b">;
constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();
}  // namespace

namespace {
// Rules whose value tells the type it ran in: 0 float, 1 double, 2 long double.
template <class T>
constexpr T type_code() {
    return std::is_same_v<T, float> ? T(0) : (std::is_same_v<T, double> ? T(1) : T(2));
}
struct working_code_rule {
    static constexpr std::string_view name = "working_code";
    template <class T>
    static constexpr T value(T) {
        return type_code<T>();
    }
    static constexpr auto derivative(auto, auto) { return int_c<0>; }
};
struct float_code_rule : working_code_rule {
    static constexpr rule_precision precision = rule_precision::float_in_double;
};
struct extended_code_rule : working_code_rule {
    static constexpr rule_precision precision = rule_precision::extended;
};
struct extended_where_code_rule : working_code_rule {
    static constexpr rule_precision precision = rule_precision::extended;
    static constexpr bool extended_where(double u) { return u < 0; }
};
// A primitive whose derivative is the extended primitive: the dual and jet passes reach it.
struct outer_code_rule : working_code_rule {
    static constexpr auto derivative(auto u, auto) { return unary_function<extended_code_rule>{}(u); }
};
// A rule of two arguments that computes in a wider type (float in double, double in long
// double), its partial in u an expression that holds a primitive asking for extended
// precision: the type that primitive ran in reaches the derivatives (with g = 1).
struct extended_outer_code_rule : outer_code_rule {
    static constexpr rule_precision precision = rule_precision::extended;
};
struct gated_code_rule {
    static constexpr std::string_view name = "gated_code";
    static constexpr rule_precision precision = rule_precision::extended;
    template <class T>
    static constexpr T value(T, T g) {
        return type_code<T>() * g;
    }
    static constexpr auto derivative(auto u, auto g, auto) {
        return partials(unary_function<extended_outer_code_rule>{}(u)*g, int_c<0>);
    }
};
constexpr unary_function<working_code_rule> working_code{};
constexpr unary_function<float_code_rule> float_code{};
constexpr unary_function<extended_code_rule> extended_code{};
constexpr unary_function<extended_where_code_rule> extended_where_code{};
constexpr unary_function<outer_code_rule> outer_code{};
constexpr binary_function<gated_code_rule> gated_code{};
#if defined(CTDIFF_NO_EXTENDED_PRECISION)
constexpr double long_double_code = 1;
#else
constexpr double long_double_code =
    std::numeric_limits<long double>::digits > std::numeric_limits<double>::digits ? 2 : 1;
#endif
}  // namespace

BOOST_AUTO_TEST_SUITE(api)

BOOST_AUTO_TEST_CASE(bindings_by_name_in_any_order) {
    const auto f = x * a - b;
    BOOST_TEST(f(x = 2.0, a = 3.0, b = 1.0) == 5.0);
    BOOST_TEST(f(b = 1.0, x = 2.0, a = 3.0) == 5.0);
    BOOST_TEST(f(a = 3.0, b = 1.0, x = 2.0) == 5.0);
    // Extra bindings for variables the expression does not use are allowed.
    BOOST_TEST(sigmoid(x)(x = 0.0, a = 7.0) == 0.5);
    // One variable: the shorthand binds it.
    BOOST_TEST(tanh(x)(0.5) == std::tanh(0.5));
    BOOST_TEST(relu(x)(-1.0) == 0.0);
}

BOOST_AUTO_TEST_CASE(numbers_are_held_by_value) {
    const auto f = prelu(x, 0.25) * 3.0 + 1;
    BOOST_TEST(f(x = -2.0) == -0.5);
    const auto g = d(f, x);
    BOOST_TEST(g(x = -2.0) == 0.75);
    BOOST_TEST(g(x = 2.0) == 3.0);
}

BOOST_AUTO_TEST_CASE(computation_type_is_the_bound_type) {
    const float yf = sigmoid(relu(x))(x = 0.5f);
    BOOST_TEST(yf == sigmoid(0.5f));
    const auto [v, dv] = value_and_derivative(tanh(x), x = 0.5f);
    BOOST_TEST(v == std::tanh(0.5f));
    BOOST_TEST(ctdiff_test::ulp_error(dv, ctdiff_test::big(1) / pow(cosh(ctdiff_test::big("0.5")), 2)) <= 4);
}

BOOST_AUTO_TEST_CASE(function_objects_on_numbers_duals_and_expressions) {
    BOOST_TEST(sigmoid(0.5) == sigmoid(x)(x = 0.5));
    const dual<double> q = sigmoid(dual<double>{0.5, 1.0});
    BOOST_TEST(q.value == sigmoid(0.5));
    BOOST_TEST(q.derivative == d(sigmoid(x), x)(x = 0.5));
    const dual<double> p = prelu(dual<double>{-2.0, 1.0}, 0.25);
    BOOST_TEST(p.value == -0.5);
    BOOST_TEST(p.derivative == 0.25);
    BOOST_TEST(relu(-3.0) == 0.0);
    BOOST_TEST(tanh(dual<double>{0.0, 2.0}).derivative == 2.0);
}

BOOST_AUTO_TEST_CASE(kink_conventions) {
    BOOST_TEST(d(relu(x), x)(x = 0.0) == 0.0);
    BOOST_TEST(value_and_derivative(relu(x), x = 0.0).derivative == 0.0);
    BOOST_TEST(d(prelu(x, a), x)(x = 0.0, a = 0.1) == 0.1);
    BOOST_TEST(value_and_derivative(prelu(x, a), wrt(x), x = 0.0, a = 0.1).derivative == 0.1);
    BOOST_TEST(d(prelu(x, a), a)(x = 0.0, a = 0.1) == 0.0);
    BOOST_TEST(d(prelu(x, a), a)(x = -3.0, a = 0.1) == -3.0);
    BOOST_TEST(d(prelu(x, a), a)(x = 3.0, a = 0.1) == 0.0);
    BOOST_TEST(d(abs(x), x)(x = 0.0) == 0.0);
    // Higher derivatives of linear pieces are 0.
    const auto t = derivatives<4>(relu(x), x = 2.0);
    BOOST_TEST(t[1] == 1.0);
    BOOST_TEST(t[2] == 0.0);
    BOOST_TEST(t[4] == 0.0);
}

BOOST_AUTO_TEST_CASE(gradient_with_respect_to_every_binding) {
    const auto g = gradient(prelu(x, a), x = -1.0, a = 0.25);
    BOOST_TEST(g.value == -0.25);
    BOOST_TEST(g[x] == 0.25);
    BOOST_TEST(g[a] == -1.0);
    const auto h = gradient(x * a + sigmoid(b), a = 2.0, b = 0.0, x = 3.0);
    BOOST_TEST(h.value == 6.5);
    BOOST_TEST(h[x] == 2.0);
    BOOST_TEST(h[a] == 3.0);
    BOOST_TEST(h[b] == 0.25);
    // The weight may itself be an expression.
    const auto k = gradient(prelu(x, sigmoid(a)), x = -2.0, a = 0.0);
    BOOST_TEST(k[x] == 0.5);
    BOOST_TEST(k[a] == -2.0 * 0.25);
}

BOOST_AUTO_TEST_CASE(nan_gives_nan_in_every_order) {
    for (const auto& t : {derivatives<4>(relu(x), x = qnan), derivatives<4>(sigmoid(x), x = qnan),
                          derivatives<4>(tanh(x), x = qnan), derivatives<4>(prelu(x, 0.25), x = qnan),
                          derivatives<4>(sigmoid(relu(x)), x = qnan)}) {
        for (const double v : t) BOOST_TEST(std::isnan(v));
    }
    const auto [v, dv] = value_and_derivative(prelu(x, a), wrt(x), x = qnan, a = 0.5);
    BOOST_TEST(std::isnan(v));
    BOOST_TEST(std::isnan(dv));
    BOOST_TEST(std::isnan(d(relu(x), x)(x = qnan)));
    BOOST_TEST(std::isnan(d(prelu(x, a), x)(x = qnan, a = 0.5)));
}

BOOST_AUTO_TEST_CASE(limits_at_infinity) {
    BOOST_TEST(sigmoid(inf) == 1.0);
    BOOST_TEST(sigmoid(-inf) == 0.0);
    for (const double s : {inf, -inf}) {
        const auto ts = derivatives<3>(sigmoid(x), x = s);
        const auto tt = derivatives<3>(tanh(x), x = s);
        for (std::size_t k = 1; k <= 3; ++k) {
            BOOST_TEST(ts[k] == 0.0);
            BOOST_TEST(tt[k] == 0.0);
        }
        BOOST_TEST(d(sigmoid(x), x)(x = s) == 0.0);
        BOOST_TEST(d(tanh(x), x)(x = s) == 0.0);
    }
    BOOST_TEST(relu(x)(x = inf) == inf);
    BOOST_TEST(d(relu(x), x)(x = inf) == 1.0);
    BOOST_TEST(d(relu(x), x)(x = -inf) == 0.0);
}

BOOST_AUTO_TEST_CASE(a_rule_chooses_where_its_value_is_computed) {
    BOOST_TEST(working_code(1.0f) == 0.0f);
    BOOST_TEST(working_code(1.0) == 1.0);
    BOOST_TEST(float_code(1.0f) == 1.0f);  // float in double, rounded once
    BOOST_TEST(float_code(1.0) == 1.0);
    BOOST_TEST(extended_code(1.0f) == 1.0f);
    BOOST_TEST(extended_code(1.0) == long_double_code);  // double in long double
    BOOST_TEST(extended_where_code(-1.0) == long_double_code);
    BOOST_TEST(extended_where_code(1.0) == 1.0);  // outside the rule's region: double
    BOOST_TEST(extended_code(x)(x = 1.0) == long_double_code);
    // The dual and jet passes evaluate the derivative through the primitive it names.
    BOOST_TEST(value_and_derivative(outer_code(x), x = 1.0).derivative == long_double_code);
    BOOST_TEST(derivatives<1>(outer_code(x), x = 1.0)[1] == long_double_code);
    BOOST_TEST(d(outer_code(x), x)(x = 1.0) == long_double_code);
    BOOST_TEST(value_and_derivative(outer_code(x), x = 1.0f).derivative == 1.0f);
}

// A float computation of a rule of several arguments runs in double (its precision), and
// the primitives in its partials compute there as float asks, in double (code 1), on every
// route: never in long double (ten times as long); a double one in long double.
BOOST_AUTO_TEST_CASE(float_partials_of_a_wider_rule_stay_in_double_on_every_route) {
    const auto f = gated_code(x, a);
    BOOST_TEST(f(x = 0.5f, a = 1.0f) == 1.0f);
    BOOST_TEST(d(f, x)(x = 0.5f, a = 1.0f) == 1.0f);
    BOOST_TEST(d<2>(f, x)(x = 0.5f, a = 1.0f) == 1.0f);
    BOOST_TEST(value_and_derivative(f, wrt(x), x = 0.5f, a = 1.0f).derivative == 1.0f);
    BOOST_TEST(gradient(f, x = 0.5f, a = 1.0f)[x] == 1.0f);
    const auto j = derivatives<2>(f, wrt(x), x = 0.5f, a = 1.0f);
    BOOST_TEST(j[1] == 1.0f);
    BOOST_TEST(j[2] == 1.0f);
    BOOST_TEST(derivatives<4>(f, wrt(x), x = 0.5f, a = 1.0f)[2] == 1.0f);
    const auto h = hessian(f, x = 0.5f, a = 1.0f);
    BOOST_TEST(h[x][x] == 1.0f);
    BOOST_TEST(h[x][a] == 1.0f);
    // Double computes in long double where long double is wider.
    BOOST_TEST(derivatives<2>(f, wrt(x), x = 0.5, a = 1.0)[2] == long_double_code);
    BOOST_TEST(hessian(f, x = 0.5, a = 1.0)[x][x] == long_double_code);
}

BOOST_AUTO_TEST_CASE(no_cancellation_in_the_tails) {
    using ctdiff_test::big;
    using ctdiff_test::ulp_error;
    for (const double v : {-40.0, 40.0, -700.0, 700.0, 30.5}) {
        const big s = 1 / (1 + exp(-big(v))) / (1 + exp(big(v)));  // sigma(v) sigma(-v), no cancellation
        BOOST_TEST(ulp_error(d(sigmoid(x), x)(x = v), s) <= 4, "sigmoid' at " << v);
        BOOST_TEST(ulp_error(value_and_derivative(sigmoid(x), x = v).derivative, s) <= 4);
        const big c = cosh(big(v));
        BOOST_TEST(ulp_error(d(tanh(x), x)(x = v), 1 / (c * c)) <= 4, "tanh' at " << v);
        BOOST_TEST(ulp_error(value_and_derivative(tanh(x), x = v).derivative, 1 / (c * c)) <= 4);
    }
}

// Parameters outside their domain (#15): PyTorch's behaviour (the formula as it computes
// it), which is also the mathematical limit where one exists; never UB.
BOOST_AUTO_TEST_CASE(parameters_outside_their_domain) {
    const double inf = std::numeric_limits<double>::infinity();
    // softplus, beta = 0: log(2) / 0 = inf for every x (PyTorch: log1p(exp(0 * x)) / 0), the
    // limit from above; the x-derivative sigma(0) = 1/2 (PyTorch's backward), d/d beta -inf.
    for (const double v : {-3.0, 0.0, 2.5}) {
        BOOST_TEST(softplus(x, 0.0)(x = v) == inf);
        BOOST_TEST(value_and_derivative(softplus(x, 0.0), x = v).derivative == 0.5);
        BOOST_TEST(gradient(softplus(x, b), x = v, b = 0.0)[b] == -inf);
    }
    // elu, negative alpha: alpha (e^x - 1) as written (PyTorch computes the same).
    BOOST_TEST(elu(x, -1.5)(x = -1.0) == -1.5 * std::expm1(-1.0));
    BOOST_TEST(value_and_derivative(elu(x, -1.5), x = -1.0).derivative == -1.5 * std::exp(-1.0));
    BOOST_TEST(elu(x, -1.5)(x = 2.0) == 2.0);
    // celu, negative alpha: alpha (e^{x / alpha} - 1) as written; it grows and overflows
    // to -inf for x / alpha > 709, not NaN.
    const double c = celu(x, -2.0)(x = -1.0);
    BOOST_TEST(std::fabs(c - (-2.0 * std::expm1(0.5))) <= 1e-15 * std::fabs(c));
    BOOST_TEST(celu(x, -2.0)(x = -2000.0) == -inf);
    BOOST_TEST(celu(x, -2.0)(x = 3.0) == 3.0);
    // celu, alpha = 0 (PyTorch rejects it): NaN for x <= 0, x above.
    BOOST_TEST(std::isnan(celu(x, 0.0)(x = -1.0)));
    BOOST_TEST(celu(x, 0.0)(x = 1.0) == 1.0);
}

BOOST_AUTO_TEST_SUITE_END()
