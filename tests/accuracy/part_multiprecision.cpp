// Boost.Multiprecision through every evaluation route, against the suite's
// references: f(x = v), value_and_derivative, derivatives<2>, gradient and the
// symbolic d and d<2>, with x bound to a cpp_bin_float_50 (and, for the value
// and first-derivative routes, a cpp_dec_float_50, whose arithmetic returns
// expression templates), at points over the suite's range, kinks excluded;
// every registered activation (CTDIFF_ACTIVATIONS).
//
// Tolerance: 1e-28 relative to max(|reference|, 1e-300). The rules compute in
// the bound type; their irrational constants are double-double (hi + lo, about
// 32 digits), so 28 digits is what they promise in a 50-digit type, and a
// route that rounds through double anywhere misses it by 12 orders.
#include <cmath>
#include <string>
#include <vector>

#include <boost/multiprecision/cpp_dec_float.hpp>
#include <boost/test/unit_test.hpp>

#include "harness.hpp"

namespace {

using namespace ctdiff;
using mp50 = boost::multiprecision::cpp_bin_float_50;
using dec50 = boost::multiprecision::cpp_dec_float_50;
constexpr auto x = var<"x">;
constexpr auto a = var<"a">;

const accuracy::real tolerance{"1e-28"};

/// Points over [-30, 30], off the kinks (a kink's convention is the plain
/// routes' business: here the question is precision).
std::vector<std::string> mp_points() {
    return {"-29.75", "-12.3125", "-5.5",  "-2.75", "-1.125", "-0.8125", "-0.3125", "-0.0625", "0.0625",
            "0.3125", "0.8125",   "1.125", "2.75",  "5.5",    "12.3125", "19.5",    "29.75"};
}

template <class V>
accuracy::real relative_error(const V& got, const accuracy::real& want) {
    const accuracy::real g{got};
    const accuracy::real mag =
        std::max(accuracy::real(boost::multiprecision::abs(want)), accuracy::real("1e-300"));
    return accuracy::real(boost::multiprecision::abs(g - want)) / mag;
}

struct worst {
    accuracy::real error = 0;
    std::string where;
    void check(const char* route, const std::string& p, const auto& got, const accuracy::real& want) {
        const accuracy::real e = relative_error(got, want);
        if (!(e <= error)) {
            error = e;
            where = std::string(route) + " at x = " + p;
        }
    }
};

template <class A>
void through_every_route() {
    worst w;
    const auto f = A::make(x);
    const auto df = d(f, x);
    const auto d2f = d<2>(f, x);
    for (const std::string& p : mp_points()) {
        const double xb = std::stod(p);
        const bool near_kink = !A::smooth && (std::fabs(xb) < 1e-9 || std::fabs(std::fabs(xb) - 0.5) < 1e-9);
        if (near_kink) continue;
        const auto ref = accuracy::reference_at(A{}, accuracy::real(p), xb);
        const mp50 v{p};
        w.check("f(x = v)", p, f(x = v), ref[0]);
        const auto [y, dy] = value_and_derivative(f, x = v);
        w.check("value_and_derivative value", p, y, ref[0]);
        w.check("value_and_derivative derivative", p, dy, ref[1]);
        const auto t = derivatives<2>(f, x = v);
        for (std::size_t k = 0; k <= 2; ++k) w.check("derivatives<2>", p, t[k], ref[k]);
        const auto g = gradient(f, x = v);
        w.check("gradient value", p, g.value, ref[0]);
        w.check("gradient", p, g[x], ref[1]);
        w.check("d", p, df(x = v), ref[1]);
        w.check("d<2>", p, d2f(x = v), ref[2]);
        const dec50 u{p};
        w.check("f(x = cpp_dec_float_50)", p, f(x = u), ref[0]);
        const auto [yd, dyd] = value_and_derivative(f, x = u);
        w.check("value_and_derivative cpp_dec_float_50", p, dyd, ref[1]);
        static_cast<void>(yd);
    }
    BOOST_TEST_INFO(A::name << ": worst relative error " << w.error << " (" << w.where << ")");
    BOOST_TEST((w.error <= tolerance));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(accuracy_multiprecision)

// Every registered activation (activations/registry.hpp), a gated one along each input.
template <class A>
void through_every_route_registered() {
    if constexpr (requires { typename A::along; }) {
        std::apply([](auto... along) { (through_every_route<decltype(along)>(), ...); }, typename A::along{});
    } else {
        through_every_route<A>();
    }
}
#define MP_TEST(name) \
    BOOST_AUTO_TEST_CASE(name##_mp) { through_every_route_registered<ACCURACY_REGISTERED(name)>(); }
CTDIFF_ACTIVATIONS(MP_TEST)
#undef MP_TEST

// Smooth parameters as variables, and numbers of the type held in expressions.
BOOST_AUTO_TEST_CASE(parameters_and_held_numbers) {
    const mp50 v{"-1.5"}, alpha{"0.7"};
    const auto g = gradient(ctdiff::prelu(x, a), x = v, a = mp50("0.25"));
    BOOST_TEST((g.value == v * mp50("0.25")));
    BOOST_TEST((g[x] == mp50("0.25")));
    BOOST_TEST((g[a] == v));
    // celu(x, alpha) = alpha expm1(x / alpha) for x < 0; d/dalpha = expm1(x/alpha) - (x/alpha) exp(x/alpha)
    const auto gc = gradient(ctdiff::celu(x, a), x = v, a = alpha);
    const accuracy::real q = accuracy::real(v) / accuracy::real(alpha);
    BOOST_TEST(
        (relative_error(gc.value, accuracy::real(alpha) * boost::multiprecision::expm1(q)) <= tolerance));
    BOOST_TEST((relative_error(gc[x], boost::multiprecision::exp(q)) <= tolerance));
    BOOST_TEST((relative_error(gc[a], boost::multiprecision::expm1(q) - q * boost::multiprecision::exp(q)) <=
                tolerance));
    // An expression holding a multiprecision number: the number is kept at full precision.
    const auto h = x * mp50("1.25") + ctdiff::sigmoid(x);
    const accuracy::real want =
        accuracy::real("2.5") + 1 / (1 + boost::multiprecision::exp(accuracy::real(-2)));
    BOOST_TEST((relative_error(h(x = mp50(2)), want) <= tolerance));
    BOOST_TEST((relative_error(h(x = dec50(2)), want) <= tolerance));
    BOOST_TEST(
        (relative_error(d(h, x)(x = mp50(2)),
                        accuracy::real("1.25") +
                            1 / (4 * boost::multiprecision::pow(
                                         boost::multiprecision::cosh(accuracy::real(1)), 2))) <= tolerance));
}

BOOST_AUTO_TEST_SUITE_END()
