// Every registered activation (activations/registry.hpp) has its documentation
// and test data, activation_info_of<f> in its header (activations/info.hpp),
// and the data agrees with the code: the defaults it documents are the ones
// the function takes, its smooth parameters take an expression and are
// differentiated in, its gated activations take two inputs.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <string>

#include <boost/test/unit_test.hpp>

using namespace ctdiff;

namespace {

constexpr auto x = var<"x">;
constexpr auto p = var<"p">;

// A registered activation without its data (or with data missing a definition or
// conventions) does not compile here, with a message that names it.
#define CTDIFF_INFO_COMPLETE(name)                                                     \
    static_assert(activation_info_of<#name>.complete(),                                \
                  #name " is registered but has no complete activation_info_of<" #name \
                        "> in its header "                                             \
                        "(a definition, conventions, its inputs and parameters: activations/info.hpp)");
CTDIFF_ACTIVATIONS(CTDIFF_INFO_COMPLETE)
#undef CTDIFF_INFO_COMPLETE

// A registered activation without its reference, the accuracy suite's oracle, neither.
#define CTDIFF_HAS_REFERENCE(name)                                                           \
    static_assert(has_activation_reference<#name>,                                           \
                  #name " is registered but its header has no activation_reference<\"" #name \
                        "\">, the accuracy suite's oracle (activations/info.hpp)");
CTDIFF_ACTIVATIONS(CTDIFF_HAS_REFERENCE)
#undef CTDIFF_HAS_REFERENCE

bool same(double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); }

template <fixed_string Name, class F>
void check_data(const F& fn) {
    constexpr const activation_info& info = activation_info_of<Name>;
    const std::string name(Name.view());
    const double points[] = {-3.0, -1.0, -0.5, -0.25, 0.0, 0.3, 0.5, 1.0, 2.5, 7.0, 30.0};
    if constexpr (info.inputs == 2) {
        BOOST_TEST(info.parameter_count() == 0, name << ": a gated activation takes no parameters");
        // Two inputs, each any expression: f(x, p) differentiates in both.
        const auto f = fn(x, p);
        for (const double v : points) {
            BOOST_TEST(same(f(x = v, p = 0.75), fn(v, 0.75)), name << " at " << v);
            static_cast<void>(d(f, p)(x = v, p = 0.75));
        }
    } else {
        constexpr int n = info.parameter_count();
        // The documented values are the ones the function takes: typical_call passes the
        // parameters without a default, the defaults must give the same as passing them all.
        for (const double v : points) {
            const double all_given = [&] {
                if constexpr (n == 0) {
                    return fn(v);
                } else if constexpr (n == 1) {
                    return fn(v, info.parameters[0].value);
                } else {
                    return fn(v, info.parameters[0].value, info.parameters[1].value);
                }
            }();
            BOOST_TEST(same(typical_call<Name>(fn, x, x)(x = v), all_given), name << " at " << v);
            BOOST_TEST(info.finite_at(v, info.parameters[0].value), name << ": not finite at " << v);
        }
        // A smooth first parameter takes an expression and is differentiated in.
        if constexpr (info.first_parameter_smooth()) {
            const auto f = fn(x, p);
            const double q = info.parameters[0].value;
            for (const double v : points) {
                BOOST_TEST(same(f(x = v, p = q), fn(v, q)), name << " at " << v);
                const auto fd = value_and_derivative(f, wrt(p), x = v, p = q);
                BOOST_TEST(same(fd.derivative, d(f, p)(x = v, p = q)),
                           name << ": d/d" << info.parameters[0].name);
            }
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(activation_info)

BOOST_AUTO_TEST_CASE(every_activation_has_its_data) {
    int count = 0;
#define CTDIFF_INFO_CHECK(name)                                                   \
    check_data<#name>([](const auto&... args) { return ctdiff::name(args...); }); \
    ++count;
    CTDIFF_ACTIVATIONS(CTDIFF_INFO_CHECK)
#undef CTDIFF_INFO_CHECK
    BOOST_TEST(count >= 32);
}

// The primary template is empty: an activation without a specialization is not complete.
static_assert(!activation_info_of<"not_an_activation">.complete());
static_assert(!has_activation_reference<"not_an_activation">);

BOOST_AUTO_TEST_SUITE_END()
