// gradient in one pass: multi_dual<T, P> carries P directions through every
// primitive at once. Checked against P separate dual passes (the definition of
// a partial derivative as a directional derivative), against central finite
// differences, and for the limits that the one-direction route keeps.
#include <cmath>
#include <limits>

#include <boost/test/unit_test.hpp>

#include <ctdiff/ctdiff.hpp>

namespace {

using namespace ctdiff;
constexpr auto x = var<"x">;
constexpr auto a = var<"a">;
constexpr auto b = var<"b">;
constexpr auto c = var<"c">;

/// |got - want| in ULPs of want (double).
double ulps(double got, double want) {
    if (got == want) return 0;
    const double spacing = std::nextafter(std::fabs(want), INFINITY) - std::fabs(want);
    return std::fabs(got - want) / spacing;
}

template <class E>
void check_against_dual_passes(const E& f, double vx, double va, double vb, double vc) {
    const auto g = gradient(f, x = vx, a = va, b = vb, c = vc);
    const auto seed = [](double v, bool on) { return dual<double>{v, on ? 1.0 : 0.0}; };
    const dual<double> px =
        f(x = seed(vx, true), a = seed(va, false), b = seed(vb, false), c = seed(vc, false));
    const dual<double> pa =
        f(x = seed(vx, false), a = seed(va, true), b = seed(vb, false), c = seed(vc, false));
    const dual<double> pb =
        f(x = seed(vx, false), a = seed(va, false), b = seed(vb, true), c = seed(vc, false));
    const dual<double> pc =
        f(x = seed(vx, false), a = seed(va, false), b = seed(vb, false), c = seed(vc, true));
    // The same partials, computed in the same order per direction: within 1 ULP
    // (the rule's partial may be evaluated once for all directions instead of a
    // fused value-and-derivative kernel per pass).
    BOOST_TEST(ulps(g.value, px.value) <= 1.0);
    BOOST_TEST(ulps(g[x], px.derivative) <= 1.0);
    BOOST_TEST(ulps(g[a], pa.derivative) <= 1.0);
    BOOST_TEST(ulps(g[b], pb.derivative) <= 1.0);
    BOOST_TEST(ulps(g[c], pc.derivative) <= 1.0);
    // Central differences: O(h^2) truncation, h = 1e-5, relative 1e-8.
    const double h = 1e-5;
    const auto fd = [&](int k) {
        const auto at = [&](double s) {
            return f(x = vx + (k == 0 ? s : 0), a = va + (k == 1 ? s : 0), b = vb + (k == 2 ? s : 0),
                     c = vc + (k == 3 ? s : 0));
        };
        return (at(h) - at(-h)) / (2 * h);
    };
    const double partials[] = {g[x], g[a], g[b], g[c]};
    for (int k = 0; k < 4; ++k) {
        BOOST_TEST_INFO("direction " << k);
        BOOST_TEST(std::fabs(partials[k] - fd(k)) <= 1e-8 * std::fmax(1.0, std::fabs(fd(k))));
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gradient_one_pass)

BOOST_AUTO_TEST_CASE(matches_separate_dual_passes_and_differences) {
    const auto f = softplus(x * a, b) + elu(x, c) * sigmoid(b) - prelu(a, c) / (1.0 + x * x);
    const auto g = gelu(x * b) * tanh(a) + celu(c * x, a) + mish(b - c);
    for (const double v : {-3.25, -0.7, 0.3, 1.9}) {
        check_against_dual_passes(f, v, 1.3, 0.9, 0.6);
        check_against_dual_passes(g, v, 0.45, -1.2, 1.1);
    }
}

BOOST_AUTO_TEST_CASE(directions_not_used_are_zero_and_limits_hold) {
    // c does not appear: its partial is 0; x = -inf with the weight's direction
    // seeded 0 in x's partial: prelu's weight partial is x = -inf, and the
    // zero direction still adds nothing (as the one-direction route).
    const auto g = gradient(prelu(x, a), x = -INFINITY, a = 0.25, c = 2.0);
    BOOST_TEST(g[x] == 0.25);
    BOOST_TEST(std::isinf(g[a]));
    BOOST_TEST(g[c] == 0.0);
    const auto n = gradient(sigmoid(x) * a, x = std::numeric_limits<double>::quiet_NaN(), a = 1.0);
    BOOST_TEST(std::isnan(n.value));
    BOOST_TEST(std::isnan(n[x]));
    BOOST_TEST(std::isnan(n[a]));
}

BOOST_AUTO_TEST_CASE(multi_dual_is_a_number) {
    // Arithmetic by the rules of first-order forms, two directions at once.
    const multi_dual<double, 2> u{2.0, {1.0, 0.0}}, w{3.0, {0.0, 1.0}};
    const auto p = u * w / (u + w) - 1.0;
    // p = uw/(u+w) - 1: dp/du = w^2/(u+w)^2 = 9/25, dp/dw = u^2/(u+w)^2 = 4/25
    BOOST_TEST(p.value == 2.0 * 3.0 / (2.0 + 3.0) - 1.0);  // the value part is plain double arithmetic
    BOOST_TEST(ulps(p.d[0], 9.0 / 25) <= 1.0);
    BOOST_TEST(ulps(p.d[1], 4.0 / 25) <= 1.0);
    const auto s = sigmoid(u);               // sigma'(2) in direction 0, nothing in direction 1
    const long double e2 = std::exp(-2.0L);  // sigma'(2) = e^-2 / (1 + e^-2)^2, in long double
    BOOST_TEST(ulps(s.d[0], static_cast<double>(e2 / ((1 + e2) * (1 + e2)))) <= 1.0);
    BOOST_TEST(s.d[1] == 0.0);
    static_assert(gradient(x * a + b, x = 2.0, a = 3.0, b = 1.0)[a] == 2.0);
}

BOOST_AUTO_TEST_SUITE_END()
