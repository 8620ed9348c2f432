// Smooth parameters as variables (issue #3): prelu's weight, leaky_relu's
// slope, elu's and celu's alpha, softplus's beta. At x = ±inf, at huge and
// tiny (subnormal) parameters and at negative ones, every route (symbolic
// d(), duals in x and in the parameter, jets of order 2 in either, gradient)
// gives the mathematical limit, never inf * 0 = NaN. Expected values are the
// closed forms, or their limits, written here.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <limits>
#include <sstream>

#include <boost/math/special_functions/next.hpp>
#include <boost/mpl/list.hpp>
#include <boost/test/unit_test.hpp>

using namespace ctdiff;

namespace {

constexpr auto x = var<"x">;
constexpr auto a = var<"a">;

using real_types = boost::mpl::list<float, double>;

/// f and its first and second partials in x and in the parameter a.
template <class T>
struct expected {
    T value, dx, da, dxx, daa;
};

/// got == want within `ulps` (exactly, where want is 0 or infinite); NaN never matches.
template <class T>
boost::test_tools::predicate_result matches(T got, T want, int ulps = 4) {
    bool ok = false;
    if (std::isnan(got) || std::isnan(want)) {
        ok = false;
    } else if (std::isinf(want) || want == 0 || std::isinf(got)) {
        ok = got == want;
    } else {
        ok = std::abs(boost::math::float_distance(got, want)) <= ulps;
    }
    if (ok) return true;
    boost::test_tools::predicate_result r(false);
    r.message() << "got " << got << ", expected " << want;
    return r;
}

// The routes to a derivative. Jets of order 2 are apart from order 1: their
// second coefficient multiplies the partial by the seed's zero coefficient.
enum route : unsigned {
    symbolic = 1,  // f(x = v, a = p), d(f, x), d(f, a), d<2>(f, x), d<2>(f, a)
    dual_x = 2,    // value_and_derivative(f, wrt(x), x = v, a = p)
    dual_a = 4,    // value_and_derivative(f, wrt(a), a = p, x = v)
    jet_x = 8,     // derivatives<2>(f, wrt(x), x = v, a = p)[0, 1]
    jet_x2 = 16,   // ... [2]
    jet_a = 32,    // derivatives<2>(f, wrt(a), a = p, x = v)[0, 1]
    jet_a2 = 64,   // ... [2]
    grad = 128,    // gradient(f, x = v, a = p)
    every = 255,
};

template <class E, class T>
void check(const E& f, T v, T p, const expected<T>& w, unsigned routes) {
    std::ostringstream where;
    where << to_string(f) << " at x = " << v << ", a = " << p << " (" << (sizeof(T) == 4 ? "float" : "double")
          << ")";
    BOOST_TEST_CONTEXT(where.str()) {
        if (routes & symbolic) {
            BOOST_TEST(matches<T>(f(x = v, a = p), w.value));
            BOOST_TEST(matches<T>(d(f, x)(x = v, a = p), w.dx));
            BOOST_TEST(matches<T>(d(f, a)(x = v, a = p), w.da));
            BOOST_TEST(matches<T>(d<2>(f, x)(x = v, a = p), w.dxx));
            BOOST_TEST(matches<T>(d<2>(f, a)(x = v, a = p), w.daa));
        }
        if (routes & dual_x) {
            const auto r = value_and_derivative(f, wrt(x), x = v, a = p);
            BOOST_TEST(matches<T>(r.value, w.value));
            BOOST_TEST(matches<T>(r.derivative, w.dx));
        }
        if (routes & dual_a) {
            const auto r = value_and_derivative(f, wrt(a), a = p, x = v);
            BOOST_TEST(matches<T>(r.value, w.value));
            BOOST_TEST(matches<T>(r.derivative, w.da));
        }
        if (routes & (jet_x | jet_x2)) {
            const auto j = derivatives<2>(f, wrt(x), x = v, a = p);
            if (routes & jet_x) {
                BOOST_TEST(matches<T>(j[0], w.value));
                BOOST_TEST(matches<T>(j[1], w.dx));
            }
            if (routes & jet_x2) BOOST_TEST(matches<T>(j[2], w.dxx));
        }
        if (routes & (jet_a | jet_a2)) {
            const auto j = derivatives<2>(f, wrt(a), a = p, x = v);
            if (routes & jet_a) {
                BOOST_TEST(matches<T>(j[0], w.value));
                BOOST_TEST(matches<T>(j[1], w.da));
            }
            if (routes & jet_a2) BOOST_TEST(matches<T>(j[2], w.daa));
        }
        if (routes & grad) {
            const auto g = gradient(f, x = v, a = p);
            BOOST_TEST(matches<T>(g.value, w.value));
            BOOST_TEST(matches<T>(g[x], w.dx));
            BOOST_TEST(matches<T>(g[a], w.da));
        }
    }
}

template <class T>
constexpr T inf = std::numeric_limits<T>::infinity();
template <class T>
constexpr T subnormal = std::numeric_limits<T>::denorm_min() * 7;  // 3.5e-323, 9.8e-45f
template <class T>
constexpr T huge = sizeof(T) == 4 ? T(1e30f) : T(1e300);

/// celu for x <= 0 in closed form, t = x / alpha, in long double:
/// f = alpha expm1(t), f_x = e^t, f_a = expm1(t) - t e^t, f_xx = e^t / alpha,
/// f_aa = t^2 e^t / alpha. For |t| < 1e-3, f_a from its series
/// -sum_{n >= 2} (n - 1) t^n / n!, where the closed form cancels.
template <class T>
expected<T> celu_closed(long double v, long double p) {
    const long double t = v / p, e = std::exp(t);
    long double fa = std::expm1(t) - t * e;
    if (std::abs(t) < 1e-3L) {
        fa = 0;
        long double power = t, factorial = 1;
        for (int n = 2; n <= 12; ++n) {
            power *= t;
            factorial *= n;
            fa -= (n - 1) * power / factorial;
        }
    }
    return {T(p * std::expm1(t)), T(e), T(fa), T(e / p), T(t * t * e / p)};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(parameters)

// The fuzzer's find: celu's alpha partial (expm1(t) - t e^t) was inf * 0 =
// NaN where t = x / alpha is -inf: x = -inf, x finite and alpha subnormal, or
// t overflowing (x = -1e300, alpha = 0.5 in double is fine; alpha = 1e-10 is not).
BOOST_AUTO_TEST_CASE_TEMPLATE(celu_limits_at_minus_inf_and_tiny_alpha, T, real_types) {
    // x -> -inf (alpha > 0): f -> -alpha, f_x -> 0, f_a -> -1, second partials -> 0.
    check<decltype(celu(x, a)), T>(celu(x, a), -inf<T>, T(2), {T(-2), T(0), T(-1), T(0), T(0)}, every);
    check<decltype(celu(x, a)), T>(celu(x, a), -inf<T>, T(0.25), {T(-0.25), T(0), T(-1), T(0), T(0)}, every);
    // alpha subnormal: t = x / alpha overflows to -inf; the limits hold to the last bit.
    const T s = subnormal<T>;
    check<decltype(celu(x, a)), T>(celu(x, a), T(-1), s, {-s, T(0), T(-1), T(0), T(0)}, every);
    check<decltype(celu(x, a)), T>(celu(x, a), T(-1e-10), s, {-s, T(0), T(-1), T(0), T(0)}, every);
    check<decltype(celu(x, a)), T>(celu(x, a), -huge<T>, T(1e-10), {T(-1e-10), T(0), T(-1), T(0), T(0)},
                                   every);
    // t below -1000 but finite: e^t is 0 in float and double.
    check<decltype(celu(x, a)), T>(celu(x, a), T(-3000), T(2), {T(-2), T(0), T(-1), T(0), T(0)}, every);
}

// alpha huge: t = x / alpha tiny, celu(x) ~ x, f_a ~ -t^2 / 2 (underflows to 0).
BOOST_AUTO_TEST_CASE_TEMPLATE(celu_huge_alpha, T, real_types) {
    const T h = huge<T>;
    check<decltype(celu(x, a)), T>(celu(x, a), T(-1), h, {T(-1), T(1), T(0), T(1) / h, T(0)}, every);
    check<decltype(celu(x, a)), T>(celu(x, a), -inf<T>, h, {-h, T(0), T(-1), T(0), T(0)}, every);
}

// Near t = 0, expm1(t) - t e^t lost a digit per decade of t (cancellation);
// dcelu_dalpha sums the series there. 4 ULP against the closed form.
BOOST_AUTO_TEST_CASE_TEMPLATE(celu_alpha_partial_accuracy, T, real_types) {
    for (const long double v : {-1e-10L, -3e-6L, -0.001L, -0.3L, -0.75L, -1.3L, -4.0L, -30.0L}) {
        for (const long double p : {1.0L, 1.5L, -2.0L}) {
            const T tv = T(v), tp = T(p);
            const expected<T> w = celu_closed<T>(tv, tp);
            check<decltype(celu(x, a)), T>(celu(x, a), tv, tp, w, every);
        }
    }
}

// A negative alpha (t > 0): e^t overflows past t = 88.7 (float) or 709.8
// (double), where f_a was inf - inf = NaN; its value is -inf, as f and f_xx.
BOOST_AUTO_TEST_CASE_TEMPLATE(celu_negative_alpha_overflow, T, real_types) {
    const expected<T> w{-inf<T>, inf<T>, -inf<T>, -inf<T>, -inf<T>};
    const unsigned rule_routes = symbolic | dual_x | dual_a | jet_x | jet_a;
    check<decltype(celu(x, a)), T>(celu(x, a), T(-1000), T(-0.5), w, rule_routes);
    check<decltype(celu(x, a)), T>(celu(x, a), -inf<T>, T(-0.5), w, rule_routes);
    check<decltype(celu(x, a)), T>(celu(x, a), T(-1), -subnormal<T>, w, rule_routes);
    // Finite: t = 0.5, f_a = expm1(t) - t e^t.
    check<decltype(celu(x, a)), T>(celu(x, a), T(-2), T(-4), celu_closed<T>(-2.0L, -4.0L), every);
}

// elu is linear in alpha: f_a = expm1(x), f_aa = 0. No route gave NaN; kept as
// a regression for the same inputs.
BOOST_AUTO_TEST_CASE_TEMPLATE(elu_limits, T, real_types) {
    const T s = subnormal<T>, h = huge<T>;
    check<decltype(elu(x, a)), T>(elu(x, a), -inf<T>, T(2), {T(-2), T(0), T(-1), T(0), T(0)}, every);
    check<decltype(elu(x, a)), T>(elu(x, a), -inf<T>, T(-0.5), {T(0.5), T(0), T(-1), T(0), T(0)}, every);
    check<decltype(elu(x, a)), T>(elu(x, a), inf<T>, T(2), {inf<T>, T(1), T(0), T(0), T(0)}, every);
    check<decltype(elu(x, a)), T>(elu(x, a), -inf<T>, s, {-s, T(0), T(-1), T(0), T(0)}, every);
    const long double em1 = std::expm1(-1.0L), e = std::exp(-1.0L);
    check<decltype(elu(x, a)), T>(elu(x, a), T(-1), h, {T(h * em1), T(h * e), T(em1), T(h * e), T(0)}, every);
    check<decltype(elu(x, a)), T>(elu(x, a), T(1000), h, {T(1000), T(1), T(0), T(0), T(0)}, every);
}

// prelu and leaky_relu: f = w x for x <= 0, f_w = x. The rule gives the
// limits; routes that multiply f_w = -inf by a zero seed component are in
// zero_derivative_components below.
BOOST_AUTO_TEST_CASE_TEMPLATE(prelu_limits, T, real_types) {
    const T s = subnormal<T>, h = huge<T>;
    const unsigned rule_routes = symbolic | dual_x | dual_a | jet_x | jet_x2 | jet_a;
    for (const T w : {T(0.25), s, -s, h, -h, T(0), T(-0.0)}) {
        // A zero weight: w x = -w (a signed zero) for every x < 0, so -w is the limit.
        const expected<T> at_minus_inf{w > 0 ? -inf<T> : w < 0 ? inf<T> : -w, w, -inf<T>, T(0), T(0)};
        check<decltype(prelu(x, a)), T>(prelu(x, a), -inf<T>, w, at_minus_inf, rule_routes);
        check<decltype(leaky_relu(x, a)), T>(leaky_relu(x, a), -inf<T>, w, at_minus_inf, rule_routes);
        const expected<T> at_plus_inf{inf<T>, T(1), T(0), T(0), T(0)};
        check<decltype(prelu(x, a)), T>(prelu(x, a), inf<T>, w, at_plus_inf, every);
        check<decltype(leaky_relu(x, a)), T>(leaky_relu(x, a), inf<T>, w, at_plus_inf, every);
        const expected<T> at_minus_huge{T(-h * static_cast<long double>(w)), w, -h, T(0), T(0)};
        check<decltype(prelu(x, a)), T>(prelu(x, a), -h, w, at_minus_huge, every);
    }
}

// The zero limit keeps its sign, as w x does for finite x < 0; a NaN weight or x stays NaN.
BOOST_AUTO_TEST_CASE_TEMPLATE(prelu_zero_weight_sign, T, real_types) {
    for (const T w : {T(0), T(-0.0)}) {
        const T finite = prelu(T(-3), w), limit = prelu(-inf<T>, w), slope_limit = leaky_relu(-inf<T>, w);
        BOOST_TEST(finite == T(0));
        BOOST_TEST(limit == T(0));
        BOOST_TEST(std::signbit(limit) == std::signbit(finite));
        BOOST_TEST(std::signbit(slope_limit) == std::signbit(finite));
        BOOST_TEST(std::signbit(T(prelu(T(0), w))) == std::signbit(T(w * T(0))));
        BOOST_TEST(std::isnan(T(prelu(std::numeric_limits<T>::quiet_NaN(), w))));
    }
    BOOST_TEST(std::isnan(T(prelu(-inf<T>, std::numeric_limits<T>::quiet_NaN()))));
}

// The mechanism skips a zero derivative component (the gradient's unseeded
// variable, a jet seed's zero second coefficient) instead of multiplying an
// infinite partial by it.
BOOST_AUTO_TEST_CASE_TEMPLATE(zero_derivative_components, T, real_types) {
    for (const T w : {T(0.25), T(-0.5), subnormal<T>, huge<T>, T(0)}) {
        const expected<T> at_minus_inf{w > 0 ? -inf<T> : w < 0 ? inf<T> : -w, w, -inf<T>, T(0), T(0)};
        check<decltype(prelu(x, a)), T>(prelu(x, a), -inf<T>, w, at_minus_inf, grad | jet_a2);
        check<decltype(leaky_relu(x, a)), T>(leaky_relu(x, a), -inf<T>, w, at_minus_inf, grad | jet_a2);
    }
    const expected<T> w{-inf<T>, inf<T>, -inf<T>, -inf<T>, -inf<T>};
    check<decltype(celu(x, a)), T>(celu(x, a), T(-1000), T(-0.5), w, grad | jet_x2 | jet_a2);
    check<decltype(celu(x, a)), T>(celu(x, a), -inf<T>, T(-0.5), w, grad | jet_x2 | jet_a2);
}

// softplus's beta partial (x sigmoid(beta x) - y) / beta would be inf * 0 = NaN
// at x = -inf (beta > 0) and x = +inf (beta < 0); its limit is 0.
BOOST_AUTO_TEST_CASE_TEMPLATE(softplus_beta_limits, T, real_types) {
    const unsigned rule_routes = symbolic | dual_x | dual_a | jet_x | jet_x2 | jet_a | jet_a2;
    for (const T b : {T(1), T(2), subnormal<T>, huge<T>}) {
        check<decltype(softplus(x, a)), T>(softplus(x, a), -inf<T>, b, {T(0), T(0), T(0), T(0), T(0)},
                                           rule_routes | grad);
    }
    check<decltype(softplus(x, a)), T>(softplus(x, a), inf<T>, T(-0.5), {T(0), T(0), T(0), T(0), T(0)},
                                       rule_routes | grad);
}

BOOST_AUTO_TEST_SUITE_END()
