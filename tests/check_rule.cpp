// check_rule: the built-in smooth rules pass it (they compile for every route,
// the batch probe included, and their derivatives agree with finite
// differences of their values); a wrong first derivative and a wrong second
// derivative are each reported, with the point where the error is worst.
#include <cmath>
#include <string_view>

#include <boost/test/unit_test.hpp>

#include <ctdiff/check_rule.hpp>
#include <ctdiff/ctdiff.hpp>

namespace {

// u^3 with the derivative written wrong: 2u^2 for 3u^2 (relative error 1/3 everywhere).
struct wrong_first_rule {
    static constexpr std::string_view name = "wrong_first";
    template <class T>
    static constexpr T value(T u) noexcept {
        return u * u * u;
    }
    static constexpr auto derivative(auto u, auto) noexcept { return ctdiff::int_c<2> * u * u; }
};

// exp(u) whose derivative is a primitive with the right value and a wrong rule of its own.
struct exp_twice_rule {
    static constexpr std::string_view name = "exp_twice";
    template <class T>
    static constexpr T value(T u) noexcept {
        return ctdiff::math::exp(u);
    }
    static constexpr auto derivative(auto, auto y) noexcept { return ctdiff::int_c<2> * y; }
};
inline constexpr ctdiff::unary_function<exp_twice_rule> exp_twice{};
struct wrong_second_rule {
    static constexpr std::string_view name = "wrong_second";
    template <class T>
    static constexpr T value(T u) noexcept {
        return ctdiff::math::exp(u);
    }
    static constexpr auto derivative(auto u, auto) noexcept { return exp_twice(u); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(check_rule_suite)

BOOST_AUTO_TEST_CASE(built_in_rules_pass) {
    // Finite differences of order 4 in long double: about 1e-12 relative.
    const double tolerance = 1e-9;
    const auto check = [&](const char* name, const ctdiff::rule_report& r) {
        BOOST_TEST_INFO(name << ": first " << r.first_error << " at " << r.first_at << ", second "
                             << r.second_error << " at " << r.second_at << ", batch " << r.batch_error);
        BOOST_TEST(r.within(tolerance));
        BOOST_TEST(r.points == 161u);
    };
    check("sigmoid", ctdiff::check_rule<ctdiff::sigmoid_rule>());
    check("silu", ctdiff::check_rule<ctdiff::silu_rule>());
    check("log_sigmoid", ctdiff::check_rule<ctdiff::log_sigmoid_rule>());
    check("gelu", ctdiff::check_rule<ctdiff::gelu_rule>());
    check("gelu_tanh", ctdiff::check_rule<ctdiff::gelu_tanh_rule>());
    check("mish", ctdiff::check_rule<ctdiff::mish_rule>());
    check("tanhshrink", ctdiff::check_rule<ctdiff::tanhshrink_rule>());
    check("dsigmoid", ctdiff::check_rule<ctdiff::dsigmoid_rule>());
    check("norm_cdf", ctdiff::check_rule<ctdiff::norm_cdf_rule>());
    check("norm_pdf", ctdiff::check_rule<ctdiff::norm_pdf_rule>());
}

BOOST_AUTO_TEST_CASE(a_wrong_first_derivative_is_reported) {
    const auto r = ctdiff::check_rule<wrong_first_rule>(0.5, 4.0, 8);
    BOOST_TEST(!r.within(1e-6));
    BOOST_TEST(std::fabs(r.first_error - 1.0 / 3.0) < 1e-9);  // |2u^2 - 3u^2| / 3u^2 where 3u^2 >= 1
}

BOOST_AUTO_TEST_CASE(a_wrong_second_derivative_is_reported) {
    const auto r = ctdiff::check_rule<wrong_second_rule>(-2.0, 2.0, 9);
    BOOST_TEST(r.first_error < 1e-9);
    // f'' = 2 exp(u) for exp(u): |2e^u - e^u| / max(1, e^u) is e^u below 0 and 1 from 0 on.
    BOOST_TEST(std::fabs(r.second_error - 1.0) < 1e-9);
    BOOST_TEST(r.second_at >= 0.0);
}

BOOST_AUTO_TEST_SUITE_END()
