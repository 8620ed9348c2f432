// Compile-time facts: values, emptiness, simplified types, misuse rejected.
#include <ctdiff/ctdiff.hpp>

#include <limits>
#include <type_traits>

#include <boost/test/unit_test.hpp>

namespace {

using namespace ctdiff;
constexpr auto x = var<"x">;
constexpr auto a = var<"a">;

// Values in constant expressions (GCC and Clang both evaluate the constexpr math).
static_assert(d(sigmoid(x), x)(x = 0.0) == 0.25);
static_assert(sigmoid(x)(x = 0.0) == 0.5);
static_assert(relu(x)(x = -2.0) == 0.0 && relu(x)(x = 3.0) == 3.0);
static_assert(d(relu(x), x)(x = 0.0) == 0.0);
static_assert(d(prelu(x, a), x)(x = 0.0, a = 0.25) == 0.25);
static_assert(d(prelu(x, a), a)(x = -2.0, a = 0.25) == -2.0);
static_assert(d(tanh(x), x)(x = 0.0) == 1.0);
static_assert(value_and_derivative(sigmoid(x), x = 0.0).derivative == 0.25);
static_assert(derivatives<2>(x * x * x, x = 2.0)[2] == 12.0);
static_assert(gradient(prelu(x, a), x = -1.0, a = 0.25)[a] == -1.0);
static_assert(d<2>(relu(x), x)(x = 1.0) == 0.0);
static_assert(sigmoid(0.0) == 0.5);
static_assert(d(x * x, x)(3.0) == 6.0);

// The bound type is the computation type.
static_assert(std::is_same_v<decltype(sigmoid(x)(x = 0.5f)), float>);
static_assert(std::is_same_v<decltype(sigmoid(x)(x = 0.5)), double>);
static_assert(std::is_same_v<decltype((2 * sigmoid(x) - 1)(x = 0.5f)), float>);
static_assert(std::is_same_v<decltype(value_and_derivative(tanh(x), x = 1.0f)), dual<float>>);
static_assert(std::is_same_v<decltype(derivatives<4>(tanh(x), x = 1.0)), std::array<double, 5>>);

// Expressions of compile-time parts hold nothing.
static_assert(std::is_empty_v<decltype(x)>);
static_assert(std::is_empty_v<decltype(sigmoid(relu(x)))>);
static_assert(std::is_empty_v<decltype(d<3>(sigmoid(relu(x)), x))>);
static_assert(std::is_empty_v<decltype(int_c<2> * sigmoid(x) - int_c<1>)>);
static_assert(!std::is_empty_v<decltype(prelu(x, 0.25))>);
static_assert(sizeof(prelu(x, 0.25)) == sizeof(double));

// Simplification folds zeros, ones and constants at the type level. A result
// that folded away a variable its expression used keeps a NaN guard on it: an
// empty wrapper that prints as the constant and gives NaN where that variable is.
template <class E>
struct folded {
    using type = E;
};
template <class R, class... Vs>
struct folded<node<nan_guard_op, R, Vs...>> {
    using type = R;
};
template <class E>
using folded_t = typename folded<E>::type;
static_assert(std::is_same_v<folded_t<decltype(d(x, x))>, constant<1>>);
static_assert(std::is_same_v<folded_t<decltype(d(a, x))>, constant<0>>);
static_assert(std::is_same_v<folded_t<decltype(d(int_c<3> * x, x))>, constant<3>>);
static_assert(std::is_same_v<folded_t<decltype(d(x + x, x))>, constant<2>>);
static_assert(std::is_same_v<folded_t<decltype(d(sigmoid(a), x))>, constant<0>>);
static_assert(std::is_same_v<folded_t<decltype(d<2>(relu(x), x))>, constant<0>>);
static_assert(std::is_same_v<decltype(d<2>(relu(x), x)),
                             node<nan_guard_op, constant<0>, std::remove_const_t<decltype(x)>>>);
static_assert(std::is_empty_v<decltype(d<2>(relu(x), x))>);

// NaN in, NaN out, also where the derivative folded to a constant.
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
static_assert(d<2>(relu(x), x)(x = nan) != d<2>(relu(x), x)(x = nan));
static_assert(d(int_c<3> * x, x)(x = nan) != d(int_c<3> * x, x)(x = nan));
static_assert(d(x * a, x)(x = nan, a = 2.0) != d(x * a, x)(x = nan, a = 2.0));
static_assert(d<2>(relu(x), x)(x = 1.0) == 0.0 && d(int_c<3> * x, x)(x = 1.0) == 3.0);

// Higher orders of large expressions are one node over the expression, evaluated
// through jets: the type does not grow with the order.
constexpr auto chain = sigmoid(tanh(silu(softplus(elu(mish(tanh(sigmoid(relu(x)))))))));
static_assert(std::is_same_v<decltype(d<7>(chain, x)), node<taylor_op<7, std::remove_const_t<decltype(x)>>,
                                                            std::remove_const_t<decltype(chain)>>>);
static_assert(std::is_same_v<decltype(d(d<7>(chain, x), x)), decltype(d<8>(chain, x))>);
static_assert(d<3>(chain, x)(x = 0.25) == derivatives<3>(chain, x = 0.25)[3]);
static_assert(std::is_same_v<decltype(int_c<1> / int_c<2> + int_c<1> / int_c<3>), constant<5, 6>>);
static_assert(std::is_same_v<decltype(-(-x)), std::remove_const_t<decltype(x)>>);
static_assert(std::is_same_v<decltype(d(relu(x), x)), decltype(step(x))>);

// The intended uses are well-formed (misuse is covered by the compile_fail tests).
template <class E, class X>
concept differentiable = requires(E e, X v) {
    d(e, v);
};
static_assert(differentiable<decltype(sigmoid(x)), decltype(x)>);
template <class T>
concept bindable = requires(T t) {
    x = t;
};
static_assert(bindable<double> && bindable<float> && bindable<dual<double>>);
template <class E>
concept callable_with_number = requires(E e) {
    e(1.0);
};
static_assert(callable_with_number<decltype(sigmoid(x))>);

}  // namespace

BOOST_AUTO_TEST_SUITE(compile_time)

BOOST_AUTO_TEST_CASE(constexpr_results_match_run_time) {
    // The constexpr math and the run-time library agree to a few ULP.
    constexpr double ce = d(sigmoid(x), x)(x = 1.5);
    volatile double at = 1.5;
    const double rt = d(sigmoid(x), x)(x = static_cast<double>(at));
    BOOST_TEST(std::fabs(ce - rt) <= 4 * std::numeric_limits<double>::epsilon() * rt);
    constexpr double ct = tanh(x)(x = 0.7);
    BOOST_TEST(std::fabs(ct - std::tanh(0.7)) <= 2 * std::numeric_limits<double>::epsilon());
}

BOOST_AUTO_TEST_SUITE_END()
