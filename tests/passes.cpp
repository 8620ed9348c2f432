// The numeric passes' choice of variable (`wrt`), bindings an expression does
// not use, and `hessian` against the nested symbolic d(d(f, x), a).
#include <ctdiff/ctdiff.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <tuple>
#include <type_traits>

#include <boost/test/unit_test.hpp>

#include "support.hpp"

using namespace ctdiff;
using ctdiff_test::big;
using ctdiff_test::ulp_error;

namespace {
constexpr auto x = var<"x">;
constexpr auto a = var<"a">;
constexpr auto b = var<"b">;
constexpr auto y = var<"y">;
}  // namespace

BOOST_AUTO_TEST_SUITE(passes)

static_assert(requires { value_and_derivative(prelu(x, a), wrt(x), x = 1.0, a = 0.5); });

BOOST_AUTO_TEST_CASE(wrt_names_the_variable) {
    // The example: with wrt the order of the bindings does not matter.
    const auto f = prelu(x, a);
    const auto dx1 = value_and_derivative(f, wrt(x), x = -2.0, a = 0.25);
    const auto dx2 = value_and_derivative(f, wrt(x), a = 0.25, x = -2.0);
    const auto da1 = value_and_derivative(f, wrt(a), x = -2.0, a = 0.25);
    const auto da2 = value_and_derivative(f, wrt(a), a = 0.25, x = -2.0);
    BOOST_TEST(dx1.value == -0.5);
    BOOST_TEST(dx1.derivative == 0.25);  // prelu' = the weight for x < 0
    BOOST_TEST(dx2.derivative == 0.25);
    BOOST_TEST(da1.derivative == -2.0);  // d prelu / d weight = x for x <= 0
    BOOST_TEST(da2.derivative == -2.0);
    // One binding needs no wrt, and wrt with it changes nothing.
    BOOST_TEST(value_and_derivative(sigmoid(x), x = 0.0).derivative == 0.25);
    BOOST_TEST(value_and_derivative(sigmoid(x), wrt(x), x = 0.0).derivative == 0.25);
    // derivatives<n> takes the same form; its orders agree with the symbolic d<n>.
    const auto j = derivatives<2>(elu(x, a), wrt(x), a = 1.5, x = -0.5);
    BOOST_TEST(j[1] == d(elu(x, a), x)(x = -0.5, a = 1.5));
    BOOST_TEST(std::fabs(j[2] - d<2>(elu(x, a), x)(x = -0.5, a = 1.5)) <= 1e-15);
    const auto ja = derivatives<2>(softplus(x, a), wrt(a), x = 0.5, a = 2.0);
    BOOST_TEST(ulp_error(ja[1], big(d(softplus(x, a), a)(x = 0.5L, a = 2.0L))) <= 4);
    // In constant expressions too.
    static_assert(value_and_derivative(prelu(x, a), wrt(a), x = -2.0, a = 0.25).derivative == -2.0);
    static_assert(derivatives<2>(x * x * a, wrt(x), x = 3.0, a = 2.0)[2] == 4.0);
}

// A binding the expression does not use is allowed: the same bindings evaluate
// f and its derivatives, some of which drop variables (d(x * a, x) is a). Its
// variable contributes nothing, and a derivative in it is 0.
BOOST_AUTO_TEST_CASE(unused_bindings_are_ignored) {
    const auto g = sigmoid(x) * 3.0;
    BOOST_TEST(g(x = 0.5, y = 1.0) == g(x = 0.5));
    BOOST_TEST(g(y = 1.0, x = 0.5) == g(x = 0.5));
    const auto f = x * a;
    BOOST_TEST(d(f, x)(x = 2.0, a = 3.0) == 3.0);  // d(f, x) is a: x unused
    const auto vy = value_and_derivative(g, wrt(y), x = 0.5, y = 1.0);
    BOOST_TEST(vy.value == g(x = 0.5));
    BOOST_TEST(vy.derivative == 0.0);
    const auto vx = value_and_derivative(g, wrt(x), x = 0.5, y = 1.0);
    BOOST_TEST(vx.derivative == value_and_derivative(g, x = 0.5).derivative);
    const auto gr = gradient(g, x = 0.5, y = 1.0);
    BOOST_TEST(gr[y] == 0.0);
    const auto h = hessian(g, x = 0.5, y = 1.0);
    BOOST_TEST(h.gradient[y] == 0.0);
    BOOST_TEST(h[x][y] == 0.0);
    BOOST_TEST(h[y][y] == 0.0);
    BOOST_TEST(h.value == g(x = 0.5));
}

namespace {

/// The largest ULP distance of each hessian entry (value, gradient, second
/// partials) from the nested symbolic d evaluated in long double, and the
/// largest distance in units of the matrix's own scale (where an entry sits
/// beside a zero, relative distance means nothing).
struct hessian_error {
    double ulps = 0;
    double excess = 0;  // beyond the symbolic route's own distance in double
    int checked = 0;
};

/// Checks f's hessian in (x, a) at x = v, a = p against the nested symbolic d
/// evaluated in long double: within `ulps`, or no further than the same symbolic
/// route evaluated in double plus 4 ULP (where a rule's own partial loses
/// digits, softplus's in beta at large beta * x, both routes inherit it).
/// Entries beside a zero are measured in ULPs of their matrix's scale.
template <class F>
hessian_error check_two(const F& f, double v, double p, double ulps) {
    hessian_error e;
    const auto h = hessian(f, x = v, a = p);
    const long double lv = v, lp = p;
    const auto want = [&](const auto& g) { return big(g(x = lv, a = lp)); };
    const auto same = [&](const auto& g) { return g(x = v, a = p); };
    const auto fx = d(f, x);
    const auto fa = d(f, a);
    const auto fxx = d(fx, x);
    const auto fxa = d(fx, a);
    const auto fax = d(fa, x);
    const auto faa = d(fa, a);
    const big ref[7] = {want(f), want(fx), want(fa), want(fxx), want(fxa), want(fax), want(faa)};
    const double symbolic[7] = {same(f), same(fx), same(fa), same(fxx), same(fxa), same(fax), same(faa)};
    const double got[7] = {h.value, h.gradient[x], h.gradient[a], h[x][x], h[x][a], h[a][x], h[a][a]};
    const auto magnitude = [&](int i) { return std::fabs(static_cast<double>(ref[i])); };
    const double scales[7] = {magnitude(0),
                              std::max(magnitude(1), magnitude(2)),
                              std::max(magnitude(1), magnitude(2)),
                              std::max({magnitude(3), magnitude(4), magnitude(6)}),
                              std::max({magnitude(3), magnitude(4), magnitude(6)}),
                              std::max({magnitude(3), magnitude(4), magnitude(6)}),
                              std::max({magnitude(3), magnitude(4), magnitude(6)})};
    const auto distance = [&](double computed, int i) {
        const double relative = ulp_error(computed, ref[i]);
        if (scales[i] == 0) return relative;
        const double absolute =
            static_cast<double>(abs(big(computed) - ref[i])) / ctdiff_test::ulp_at(scales[i]);
        return std::min(relative, absolute);
    };
    for (int i = 0; i < 7; ++i) {
        const double u = distance(got[i], i), u_symbolic = distance(symbolic[i], i);
        e.ulps = std::max(e.ulps, u);
        e.excess = std::max(e.excess, u - u_symbolic);
        ++e.checked;
        BOOST_TEST(u <= std::max(ulps, u_symbolic + 4),
                   to_string(f) << " at x = " << v << ", a = " << p << ", entry " << i << ": " << got[i]
                                << " is " << u << " ULP off (the symbolic route in double: " << u_symbolic
                                << ")");
    }
    BOOST_TEST(h[x][a] == h[a][x]);  // stored once
    return e;
}

}  // namespace

BOOST_AUTO_TEST_CASE(hessian_matches_nested_symbolic_d) {
    // Activations with a smooth parameter, and mixtures of the two variables.
    // The helpers above say what is compared; every entry is checked.
    const auto fs = std::make_tuple(prelu(x, a) * x, elu(x, a), softplus(x, a), elu(x, a) * sigmoid(a * x),
                                    silu(a * x) + tanh(x) * a, gelu(x) * a * a,
                                    mish(x + a) * softplus(a, 2.0), celu(x, a) + leaky_relu(a * x, 0.2));
    constexpr double tolerance = 8;  // ULPs (see the CHANGELOG for the measured worst case)
    double worst = 0, excess = 0;
    int checked = 0;
    std::apply(
        [&](const auto&... f) {
            const auto one = [&](const auto& g) {
                for (const double p : {0.25, 1.0, 1.75}) {
                    for (double v = -4.0; v <= 4.0; v += 0.375) {
                        const auto e = check_two(g, v, p, tolerance);
                        worst = std::max(worst, e.ulps);
                        excess = std::max(excess, e.excess);
                        checked += e.checked;
                    }
                }
            };
            (one(f), ...);
        },
        fs);
    BOOST_TEST_MESSAGE("hessian: " << checked << " entries, worst " << worst << " ULP from the long double "
                                   << "reference, at most " << excess
                                   << " ULP beyond the symbolic route in double");
    BOOST_TEST(checked > 1000);
}

BOOST_AUTO_TEST_CASE(hessian_three_variables_and_closed_forms) {
    // f = a * x^2 * b: every entry has a closed form.
    const auto h = hessian(a * x * x * b, x = 3.0, a = 2.0, b = 5.0);
    BOOST_TEST(h.value == 90.0);
    BOOST_TEST(h.gradient[x] == 60.0);
    BOOST_TEST(h.gradient[a] == 45.0);
    BOOST_TEST(h.gradient[b] == 18.0);
    BOOST_TEST(h[x][x] == 20.0);
    BOOST_TEST(h[x][a] == 30.0);
    BOOST_TEST(h[x][b] == 12.0);
    BOOST_TEST(h[a][a] == 0.0);
    BOOST_TEST(h[a][b] == 9.0);
    BOOST_TEST(h[b][a] == 9.0);
    BOOST_TEST(h[b][b] == 0.0);
    // prelu: d2/dx da is 1 left of the kink and 0 right of it; d2/dx2 is 0.
    const auto p = hessian(prelu(x, a), x = -2.0, a = 0.25);
    BOOST_TEST(p[x][a] == 1.0);
    BOOST_TEST(p[x][x] == 0.0);
    BOOST_TEST(p[a][a] == 0.0);
    BOOST_TEST(hessian(prelu(x, a), x = 2.0, a = 0.25)[x][a] == 0.0);
    // float in, float out; one variable; constant expressions.
    const auto hf = hessian(sigmoid(x), x = 0.0f);
    static_assert(std::is_same_v<std::remove_cv_t<decltype(hf.value)>, float>);
    BOOST_TEST(hf.gradient[x] == 0.25f);
    BOOST_TEST(hf[x][x] == 0.0f);
    static_assert(hessian(x * x * a, x = 3.0, a = 2.0)[x][a] == 6.0);
    static_assert(hessian(x * x * a, a = 2.0, x = 3.0)[x][x] == 4.0);
    // At infinities the entries take their limits: a zero seed adds nothing even
    // times an infinite partial (prelu's weight partial is x), in every component
    // of the nested duals.
    constexpr double inf = std::numeric_limits<double>::infinity();
    const auto hi = hessian(prelu(x, a), x = -inf, a = 0.25);
    BOOST_TEST(hi.value == -inf);
    BOOST_TEST(hi.gradient[x] == 0.25);
    BOOST_TEST(hi.gradient[a] == -inf);
    BOOST_TEST(hi[x][x] == 0.0);
    BOOST_TEST(hi[x][a] == 1.0);
    BOOST_TEST(hi[a][a] == 0.0);
    const auto hs = hessian(sigmoid(x) * a, x = inf, a = 2.0);
    BOOST_TEST(hs.gradient[x] == 0.0);
    BOOST_TEST(hs.gradient[a] == 1.0);
    BOOST_TEST(hs[x][a] == 0.0);
    // NaN in, NaN out.
    const auto hn = hessian(elu(x, a), x = std::numeric_limits<double>::quiet_NaN(), a = 1.0);
    BOOST_TEST(std::isnan(hn.value));
    BOOST_TEST(std::isnan(hn[x][x]));
}

BOOST_AUTO_TEST_SUITE_END()
