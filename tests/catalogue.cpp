// The activations beyond PyTorch 1.13's list (#14): the gated forms glu,
// swiglu, geglu, geglu_tanh and reglu (two inputs), and squareplus,
// sparse_plus, snake and rrelu. Every route (evaluation, d, d<2>, duals, jets,
// gradient, printing) against closed forms in 100-digit arithmetic, the
// conventions at kinks and limits, and the bad inputs.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>

#include <boost/math/constants/constants.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <boost/test/unit_test.hpp>

#include "support.hpp"

using namespace ctdiff;
using ctdiff_test::big;

namespace {

constexpr auto x = var<"x">;
constexpr auto a = var<"a">;
constexpr auto b = var<"b">;
constexpr double qnan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();

big sig(const big& v) { return 1 / (1 + exp(-v)); }
big dsig(const big& v) { return sig(v) * sig(-v); }
big d2sig(const big& v) { return dsig(v) * (1 - 2 * sig(v)); }
big silu_(const big& v) { return v * sig(v); }
big dsilu_(const big& v) { return sig(v) + v * dsig(v); }
big d2silu_(const big& v) { return 2 * dsig(v) + v * d2sig(v); }
big phi(const big& v) { return exp(-v * v / 2) / sqrt(2 * boost::math::constants::pi<big>()); }
big cdf(const big& v) { return boost::math::erfc(-v / sqrt(big(2))) / 2; }
big gelu_(const big& v) { return v * cdf(v); }
big dgelu_(const big& v) { return cdf(v) + v * phi(v); }
big d2gelu_(const big& v) { return phi(v) * (2 - v * v); }
// gelu_tanh(v) = v g(v), g = sigmoid(z), z = k (v + c v^3): derivatives by the chain rule.
const big gk = 2 * sqrt(2 / boost::math::constants::pi<big>());
const big gc{"0.044715"};
big gz(const big& v) { return gk * (v + gc * v * v * v); }
big gz1(const big& v) { return gk * (1 + 3 * gc * v * v); }
big gz2(const big& v) { return gk * 6 * gc * v; }
big gelu_tanh_(const big& v) { return v * sig(gz(v)); }
big dgelu_tanh_(const big& v) { return sig(gz(v)) + v * dsig(gz(v)) * gz1(v); }
big d2gelu_tanh_(const big& v) {
    return 2 * dsig(gz(v)) * gz1(v) + v * (d2sig(gz(v)) * gz1(v) * gz1(v) + dsig(gz(v)) * gz2(v));
}
big relu_(const big& v) { return v > 0 ? v : big(0); }

/// One gated activation f(a, b) = F(a) G(b): its parts and their derivatives.
struct gated_ref {
    big (*f)(const big&);
    big (*f1)(const big&);
    big (*f2)(const big&);
    big (*g)(const big&);
    big (*g1)(const big&);
    big (*g2)(const big&);
};
big ident(const big& v) { return v; }
big one(const big&) { return 1; }
big zero(const big&) { return 0; }
big step_(const big& v) { return v > 0 ? big(1) : big(0); }

bool ok(double got, const big& want, double ulps = 4) {
    // An absolute floor of 1 ULP of the largest term for results that are exactly 0.
    return ctdiff_test::close(got, want, ulps, want == 0 ? 1e-300 : 0.0);
}

/// Every route of a gated activation at (va, vb), against F(a) G(b).
template <class E>
void check_gated(const char* name, E e, const gated_ref& r, double va, double vb) {
    const big A = va, B = vb;
    const big v = r.f(A) * r.g(B), da = r.f1(A) * r.g(B), db = r.f(A) * r.g1(B);
    const big daa = r.f2(A) * r.g(B), dbb = r.f(A) * r.g2(B), dab = r.f1(A) * r.g1(B);
    const auto at = [&](auto expr) { return expr(a = va, b = vb); };
    BOOST_TEST(ok(at(e), v), name << " value at " << va << ", " << vb << ": " << at(e));
    const auto g = gradient(e, a = va, b = vb);
    BOOST_TEST(ok(g.value, v), name << " gradient value");
    BOOST_TEST(ok(g[a], da), name << " gradient[a] at " << va << ", " << vb << ": " << g[a]);
    BOOST_TEST(ok(g[b], db), name << " gradient[b] at " << va << ", " << vb << ": " << g[b]);
    BOOST_TEST(ok(at(d(e, a)), da), name << " d/da");
    BOOST_TEST(ok(at(d(e, b)), db), name << " d/db");
    BOOST_TEST(ok(at(d<2>(e, a)), daa), name << " d2/da2 at " << va << ", " << vb << ": " << at(d<2>(e, a)));
    BOOST_TEST(ok(at(d<2>(e, b)), dbb), name << " d2/db2 at " << va << ", " << vb << ": " << at(d<2>(e, b)));
    BOOST_TEST(ok(at(d(d(e, a), b)), dab), name << " d2/dadb");
    BOOST_TEST(ok(at(d(d(e, b), a)), dab), name << " d2/dbda");
    const auto [v1, dv1] = value_and_derivative(e, wrt(a), a = va, b = vb);
    BOOST_TEST((ok(v1, v) && ok(dv1, da)), name << " dual in a");
    const auto [v2, dv2] = value_and_derivative(e, wrt(b), b = vb, a = va);
    BOOST_TEST((ok(v2, v) && ok(dv2, db)), name << " dual in b");
    const auto ja = derivatives<2>(e, wrt(a), a = va, b = vb);
    BOOST_TEST((ok(ja[0], v) && ok(ja[1], da) && ok(ja[2], daa)), name << " jets in a");
    const auto jb = derivatives<2>(e, wrt(b), b = vb, a = va);
    BOOST_TEST((ok(jb[0], v) && ok(jb[1], db) && ok(jb[2], dbb)), name << " jets in b");
}

constexpr double gated_points[][2] = {{0.7, -1.3}, {-2.5, 0.4}, {3.0, 2.0}, {-0.2, -6.0}, {12.0, -0.75}};

}  // namespace

BOOST_AUTO_TEST_SUITE(catalogue)

BOOST_AUTO_TEST_CASE(gated_activations_on_every_route) {
    const gated_ref glu_r{ident, one, zero, sig, dsig, d2sig};
    const gated_ref swiglu_r{silu_, dsilu_, d2silu_, ident, one, zero};
    const gated_ref geglu_r{gelu_, dgelu_, d2gelu_, ident, one, zero};
    const gated_ref geglu_tanh_r{gelu_tanh_, dgelu_tanh_, d2gelu_tanh_, ident, one, zero};
    const gated_ref reglu_r{relu_, step_, zero, ident, one, zero};
    for (const auto& p : gated_points) {
        check_gated("glu", glu(a, b), glu_r, p[0], p[1]);
        check_gated("swiglu", swiglu(a, b), swiglu_r, p[0], p[1]);
        check_gated("geglu", geglu(a, b), geglu_r, p[0], p[1]);
        check_gated("geglu_tanh", geglu_tanh(a, b), geglu_tanh_r, p[0], p[1]);
        check_gated("reglu", reglu(a, b), reglu_r, p[0], p[1]);
    }
    // The names' definitions, on plain numbers and in float.
    BOOST_TEST(glu(0.7, -1.3) == 0.7 * sigmoid(-1.3));
    BOOST_TEST(swiglu(0.7, -1.3) == silu(0.7) * -1.3);
    BOOST_TEST(geglu(0.7, -1.3) == gelu(0.7) * -1.3);
    BOOST_TEST(geglu_tanh(0.7, -1.3) == gelu_tanh(0.7) * -1.3);
    BOOST_TEST(reglu(0.7, -1.3) == relu(0.7) * -1.3);
    BOOST_TEST(reglu(-0.7, -1.3) == 0.0);
    static_assert(std::is_same_v<decltype(glu(0.5f, 2.0f)), float>);
    static_assert(std::is_same_v<decltype(swiglu(a, b)(a = 0.5f, b = 2.0f)), float>);
    static_assert(std::is_empty_v<decltype(geglu(a, b))>);
    BOOST_TEST(ctdiff_test::ulp_error(glu(0.7f, -1.3f), big(0.7f) * sig(big(-1.3f))) <= 1.0);
    // reglu's kink: relu'(0) = 0, so d/da at a = 0 is 0; the mixed partial is step(a).
    BOOST_TEST(d(reglu(a, b), a)(a = 0.0, b = 3.0) == 0.0);
    BOOST_TEST(d(d(reglu(a, b), a), b)(a = 2.0, b = 3.0) == 1.0);
    // NaN in either input gives NaN in every route.
    BOOST_TEST(std::isnan(glu(a, b)(a = qnan, b = 1.0)));
    BOOST_TEST(std::isnan(gradient(swiglu(a, b), a = 1.0, b = qnan)[a]));
    BOOST_TEST(std::isnan(derivatives<2>(reglu(a, b), wrt(a), a = qnan, b = 1.0)[2]));
}

BOOST_AUTO_TEST_CASE(gated_arguments_are_any_expressions_or_numbers) {
    // glu(2x, sin x): d/dx = 2 sigmoid(sin x) + 2x sigmoid'(sin x) cos x.
    const auto e = glu(2.0 * x, sin(x));
    const double v = 0.9;
    const big X = v;
    const big want = 2 * sig(sin(X)) + 2 * X * dsig(sin(X)) * cos(X);
    BOOST_TEST(ok(d(e, x)(x = v), want, 8));
    BOOST_TEST(ok(value_and_derivative(e, x = v).derivative, want, 8));
    // A number beside an expression is held by the node.
    BOOST_TEST(swiglu(x, 2.0)(x = 1.5) == silu(1.5) * 2.0);
    BOOST_TEST(geglu(0.5, x)(x = 3.0) == gelu(0.5) * 3.0);
    BOOST_TEST(d(reglu(3.0, x), x)(x = -1.0) == 3.0);
}

BOOST_AUTO_TEST_CASE(gated_printing) {
    BOOST_TEST(to_string(glu(a, b)) == "glu(a, b)");
    BOOST_TEST(to_string(swiglu(a, b)) == "swiglu(a, b)");
    BOOST_TEST(to_string(geglu(a, b)) == "geglu(a, b)");
    BOOST_TEST(to_string(geglu_tanh(a, b)) == "geglu_tanh(a, b)");
    BOOST_TEST(to_string(reglu(a, b)) == "reglu(a, b)");
    BOOST_TEST(to_string(d(glu(a, b), a)) == "sigmoid(b)");
    BOOST_TEST(to_string(d(glu(a, b), b)) == "a * dsigmoid(b)");
    BOOST_TEST(to_string(d(swiglu(a, b), a)) == "dsilu(a) * b");
    BOOST_TEST(to_string(d(geglu(a, b), b)) == "gelu(a)");
    BOOST_TEST(to_string(d(reglu(a, b), a)) == "step(a) * b");
    BOOST_TEST(to_latex(glu(a, b)) == "\\operatorname{glu}\\left(a, b\\right)");
    BOOST_TEST(to_latex(geglu_tanh(a, b)) == "\\operatorname{geglu\\_tanh}\\left(a, b\\right)");
    std::ostringstream out;
    out << swiglu(a, b);
    BOOST_TEST(out.str() == "swiglu(a, b)");
}

BOOST_AUTO_TEST_CASE(squareplus_routes_and_tails) {
    const auto e = squareplus(x);
    static_assert(std::is_empty_v<decltype(e)>);
    BOOST_TEST(to_string(e) == "squareplus(x, 4)");
    BOOST_TEST(to_string(d(e, x)) == "dsquareplus(x, 4)");
    BOOST_TEST(to_string(d<2>(e, x)) == "d2squareplus(x, 4)");
    BOOST_TEST(to_latex(e) == "\\operatorname{squareplus}\\left(x, 4\\right)");
    for (const double v : {-1e200, -1e9, -40.0, -3.0, -0.5, 0.0, 0.25, 2.0, 1e9, 1e200}) {
        // For x < 0 in the forms without cancellation: (x + r) / 2 = 4 / (2 (r - x)).
        const big X = v, r = sqrt(X * X + 4);
        const big y = v < 0 ? 2 / (r - X) : (X + r) / 2;
        const big y1 = v < 0 ? 2 / (r * (r - X)) : (1 + X / r) / 2, y2 = big(4) / (2 * r * r * r);
        BOOST_TEST(ok(e(x = v), y), "squareplus at " << v << ": " << e(x = v));
        BOOST_TEST(ok(squareplus(v), y));
        BOOST_TEST(ok(d(e, x)(x = v), y1), "squareplus' at " << v << ": " << d(e, x)(x = v));
        BOOST_TEST(ok(d<2>(e, x)(x = v), y2), "squareplus'' at " << v);
        const auto j = derivatives<2>(e, x = v);
        BOOST_TEST((ok(j[0], y) && ok(j[1], y1) && ok(j[2], y2)), "jets at " << v);
        const auto [dv, dd] = value_and_derivative(e, x = v);
        BOOST_TEST((ok(dv, y) && ok(dd, y1)), "dual at " << v);
    }
    // The naive (x + sqrt(x^2 + 4)) / 2 is 0 at -1e9; squareplus keeps 1e-9.
    BOOST_TEST(squareplus(-1e9) > 0.0);
    // b as a variable: d/db = 1 / (4 sqrt(x^2 + b)); b as any expression.
    const auto g = gradient(squareplus(x, b), x = -1.5, b = 2.0);
    const big r = sqrt(big(2.25) + 2);
    BOOST_TEST(ok(g.value, (big(-1.5) + r) / 2));
    BOOST_TEST(ok(g[x], (1 + big(-1.5) / r) / 2));
    BOOST_TEST(ok(g[b], 1 / (4 * r)));
    BOOST_TEST(ok(d<2>(squareplus(x, b), b)(x = -1.5, b = 2.0), -1 / (8 * r * r * r)));
    BOOST_TEST(ok(d(d(squareplus(x, b), x), b)(x = -1.5, b = 2.0), big(1.5) / (4 * r * r * r)));
    BOOST_TEST(ok(d(squareplus(x, 2.0 * b), b)(x = -1.5, b = 1.0), 2 / (4 * r)));
    // Limits: squareplus(-inf) = 0, squareplus(inf) = inf, derivatives 0 and 1.
    BOOST_TEST(e(x = -inf) == 0.0);
    BOOST_TEST(e(x = inf) == inf);
    BOOST_TEST(d(e, x)(x = -inf) == 0.0);
    BOOST_TEST(d(e, x)(x = inf) == 1.0);
    BOOST_TEST(d<2>(e, x)(x = inf) == 0.0);
    BOOST_TEST(std::isnan(derivatives<4>(e, x = qnan)[4]));
    // b = 0 is relu (with squareplus'(0) = 1/2); b < 0 is NaN where x^2 + b < 0.
    BOOST_TEST(squareplus(-2.0, 0.0) == 0.0);
    BOOST_TEST(squareplus(3.0, 0.0) == 3.0);
    BOOST_TEST(std::isnan(squareplus(0.5, -1.0)));
    BOOST_TEST(std::isnan(squareplus(x, -1.0)(x = -0.5)));
    BOOST_TEST(std::isnan(d(squareplus(x, -1.0), x)(x = 0.5)));
    BOOST_TEST(ok(squareplus(2.0, -1.0), (2 + sqrt(big(3))) / 2));
    BOOST_TEST(ok(squareplus(-2.0, -1.0), (-2 + sqrt(big(3))) / 2));
}

BOOST_AUTO_TEST_CASE(sparse_plus_pieces_and_kinks) {
    const auto e = sparse_plus(x);
    BOOST_TEST(to_string(e) == "sparse_plus(x)");
    BOOST_TEST(to_latex(e) == "\\operatorname{sparse\\_plus}\\left(x\\right)");
    BOOST_TEST(sparse_plus(-2.0) == 0.0);
    BOOST_TEST(sparse_plus(-1.0) == 0.0);
    BOOST_TEST(sparse_plus(0.0) == 0.25);
    BOOST_TEST(sparse_plus(0.5) == 0.5625);
    BOOST_TEST(sparse_plus(1.0) == 1.0);
    BOOST_TEST(sparse_plus(7.0) == 7.0);
    // C1: the derivative is continuous, 0 and 1 at the kinks; the second
    // derivative takes the outer pieces there (0), 1/2 inside.
    const auto d1 = d(e, x);
    const auto d2 = d<2>(e, x);
    BOOST_TEST(d1(x = -1.0) == 0.0);
    BOOST_TEST(d1(x = 1.0) == 1.0);
    BOOST_TEST(d1(x = 0.5) == 0.75);
    BOOST_TEST(d2(x = -1.0) == 0.0);
    BOOST_TEST(d2(x = 1.0) == 0.0);
    BOOST_TEST(d2(x = std::nextafter(-1.0, 0.0)) == 0.5);
    BOOST_TEST(d2(x = std::nextafter(1.0, 0.0)) == 0.5);
    const auto j = derivatives<3>(e, x = 0.5);
    BOOST_TEST((j[0] == 0.5625 && j[1] == 0.75 && j[2] == 0.5 && j[3] == 0.0));
    const auto [v, dv] = value_and_derivative(e, x = -0.5);
    BOOST_TEST((v == 0.0625 && dv == 0.25));
    BOOST_TEST(gradient(e, x = 3.0)[x] == 1.0);
    BOOST_TEST(sparse_plus(-inf) == 0.0);
    BOOST_TEST(sparse_plus(inf) == inf);
    BOOST_TEST(std::isnan(d2(x = qnan)));
    static_assert(d(sparse_plus(x), x)(x = 1.0) == 1.0);
}

BOOST_AUTO_TEST_CASE(snake_routes_alpha_and_limits) {
    const auto e = snake(x);
    BOOST_TEST(to_string(e) == "snake(x, 1)");
    BOOST_TEST(to_string(d(e, x)) == "dsnake(x, 1)");
    BOOST_TEST(to_string(d(snake(x, a), a)) == "dsnake_dalpha(x, a)");
    BOOST_TEST(to_latex(e) == "\\operatorname{snake}\\left(x, 1\\right)");
    // Against x + sin(a x)^2 / a and its partials, alpha a variable.
    for (const double al : {1.0, 0.3, -2.0, 7.5}) {
        for (const double v : {-3.1, -0.6, 0.2, 1.1, 25.0}) {
            const big A = al, X = v, t = A * X;
            const big y = X + sin(t) * sin(t) / A;
            const big dx = 1 + sin(2 * t), dxx = 2 * A * cos(2 * t);
            const big da = X * sin(2 * t) / A - sin(t) * sin(t) / (A * A);
            const big daa = 2 * X * X * cos(2 * t) / A - 2 * da / A;
            const big dxa = 2 * X * cos(2 * t);
            const auto f = snake(x, a);
            const auto g = gradient(f, x = v, a = al);
            BOOST_TEST(ok(g.value, y), "snake at " << v << ", alpha " << al);
            BOOST_TEST(ok(g[x], dx), "snake d/dx at " << v << ", alpha " << al << ": " << g[x]);
            BOOST_TEST(ok(g[a], da, 8), "snake d/dalpha at " << v << ", alpha " << al << ": " << g[a]);
            BOOST_TEST(ok(d(f, a)(x = v, a = al), da, 8));
            BOOST_TEST(ok(d<2>(f, x)(x = v, a = al), dxx, 8), "snake d2/dx2 at " << v << ", alpha " << al);
            // The second partial in alpha subtracts nearly equal terms for a small alpha x (its
            // error grows as 1 / (alpha x)^2): not in the 4-ULP promise, checked to 1e-10.
            const auto near = [](double got, const big& want) {
                return abs(big(got) - want) <= 1e-10 * std::max(big(1), big(abs(want)));
            };
            BOOST_TEST(near(d<2>(f, a)(x = v, a = al), daa), "snake d2/dalpha2 at " << v << ", alpha " << al);
            BOOST_TEST(ok(d(d(f, x), a)(x = v, a = al), dxa, 8));
            const auto ja = derivatives<2>(f, wrt(a), a = al, x = v);
            BOOST_TEST((ok(ja[1], da, 8) && near(ja[2], daa)), "snake jets in alpha at " << v << ", " << al);
            BOOST_TEST(ok(value_and_derivative(f, wrt(a), a = al, x = v).derivative, da, 8));
        }
    }
    // Near the double zeros of 1 + sin(2x) (x = -pi/4 + k pi), where the naive form cancels.
    const big quarter_pi = boost::math::constants::pi<big>() / 4;
    for (const double z : {-0.7853981633974483, 2.356194490192345, -3.9269908169872414,
                           1e6 * 3.141592653589793 - 0.7853981633974483}) {
        for (double v = std::nextafter(std::nextafter(z, -inf), -inf), i = 0; i < 5;
             ++i, v = std::nextafter(v, inf)) {
            const big s = sin(big(v) + quarter_pi);
            const big want = 2 * s * s;
            BOOST_TEST(ok(d(e, x)(x = v), want), "snake' at " << v << ": " << d(e, x)(x = v));
            BOOST_TEST(ok(value_and_derivative(e, x = v).derivative, want), "dual snake' at " << v);
            BOOST_TEST(ok(derivatives<2>(e, x = v)[1], want), "jet snake' at " << v);
        }
    }
    // alpha = 0: the limit x, with the limits of the derivatives.
    const auto f = snake(x, a);
    BOOST_TEST(f(x = 1.7, a = 0.0) == 1.7);
    BOOST_TEST(snake(1.7, 0.0) == 1.7);
    BOOST_TEST(d(f, x)(x = 1.7, a = 0.0) == 1.0);
    BOOST_TEST(d<2>(f, x)(x = 1.7, a = 0.0) == 0.0);
    BOOST_TEST(ok(d(f, a)(x = 1.7, a = 0.0), big(1.7) * big(1.7)));
    BOOST_TEST(d<2>(f, a)(x = 1.7, a = 0.0) == 0.0);
    BOOST_TEST(ok(d(d(f, x), a)(x = 1.7, a = 0.0), 2 * big(1.7)));
    const auto g0 = gradient(f, x = 1.7, a = 0.0);
    BOOST_TEST((g0.value == 1.7 && g0[x] == 1.0 && ok(g0[a], big(1.7) * big(1.7))));
    // A tiny alpha approaches the limit continuously.
    BOOST_TEST(ok(d(f, a)(x = 1.7, a = 1e-300), big(1.7) * big(1.7)));
    BOOST_TEST(ok(f(x = 1.7, a = 1e-300), big(1.7)));
    // +-inf: snake goes to +-inf; its derivatives oscillate and are NaN.
    BOOST_TEST(e(x = inf) == inf);
    BOOST_TEST(e(x = -inf) == -inf);
    BOOST_TEST(std::isnan(d(e, x)(x = inf)));
    BOOST_TEST(std::isnan(derivatives<2>(e, x = -inf)[2]));
    BOOST_TEST(std::isnan(d(f, a)(x = qnan, a = 1.0)));
    BOOST_TEST(std::isnan(gradient(f, x = 1.0, a = qnan)[x]));
}

BOOST_AUTO_TEST_CASE(rrelu_evaluation_mode) {
    const auto e = rrelu(x);
    static_assert(std::is_empty_v<decltype(e)>);
    BOOST_TEST(to_string(e) == "rrelu(x, 1/8, 1/3)");
    BOOST_TEST(to_latex(e) == "\\operatorname{rrelu}\\left(x, \\frac{1}{8}, \\frac{1}{3}\\right)");
    // PyTorch's evaluation mode: the slope (lower + upper) / 2.
    const double slope = (1.0 / 8 + 1.0 / 3) / 2;
    BOOST_TEST(ok(rrelu(-2.0), big(-2) * 11 / 48));
    BOOST_TEST(ok(e(x = -2.0), big(-2) * 11 / 48));
    BOOST_TEST(rrelu(3.0) == 3.0);
    BOOST_TEST(ok(d(e, x)(x = 0.0), big(11) / 48));  // rrelu'(0) = the slope, as leaky_relu
    BOOST_TEST(d(e, x)(x = 0.5) == 1.0);
    BOOST_TEST(d<2>(e, x)(x = -0.5) == 0.0);
    BOOST_TEST(ok(value_and_derivative(e, x = -1.0).derivative, big(11) / 48));
    BOOST_TEST(ok(derivatives<2>(e, x = -1.0)[1], big(11) / 48));
    BOOST_TEST(ok(gradient(e, x = -1.0)[x], big(11) / 48));
    BOOST_TEST(ok(rrelu(-2.0, 0.1, 0.3), big(-2) * (big(0.1) + big(0.3)) / 2));
    BOOST_TEST(rrelu(x, 0.2, 0.2)(x = -1.0) == -0.2);  // lower == upper: leaky_relu
    BOOST_TEST(ok(rrelu(x, 0.2)(x = -3.0), big(-3) * (big(0.2) + big(1) / 3) / 2));  // upper = 1/3
    BOOST_TEST(ok(rrelu(-3.0, 0.2), big(-3) * (big(0.2) + big(1) / 3) / 2));
    BOOST_CHECK_THROW(static_cast<void>(rrelu(x, 0.5)), std::invalid_argument);  // 0.5 > 1/3
    BOOST_TEST(std::fabs(rrelu(-1.0f) + static_cast<float>(slope)) <= 1e-7f);
    static_assert(std::is_same_v<decltype(rrelu(-1.0f)), float>);
    static_assert(rrelu(x)(x = 2.0) == 2.0);
    // lower > upper, or a NaN bound: std::invalid_argument naming the function and the values.
    try {
        static_cast<void>(rrelu(x, 0.5, 0.25));
        BOOST_FAIL("rrelu(x, 0.5, 0.25) did not throw");
    } catch (const std::invalid_argument& error) {
        const std::string what = error.what();
        BOOST_TEST(what.find("ctdiff::rrelu") != std::string::npos);
        BOOST_TEST(what.find("0.5") != std::string::npos);
        BOOST_TEST(what.find("0.25") != std::string::npos);
    }
    BOOST_CHECK_THROW(static_cast<void>(rrelu(-1.0, 0.5, 0.25)), std::invalid_argument);
    BOOST_CHECK_THROW(static_cast<void>(rrelu(x, qnan, 0.25)), std::invalid_argument);
    BOOST_CHECK_NO_THROW(static_cast<void>(rrelu(x, 0.25, 0.5)));
}

BOOST_AUTO_TEST_SUITE_END()
