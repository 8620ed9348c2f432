// The design guide (docs/design.md): what an expression is (a type), what a
// rule gives, and how the symbolic and the numeric routes meet. Checked here.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <cstdio>
#include <type_traits>

namespace {

int failures = 0;
void check(bool ok, const char* what) {
    if (!ok) {
        std::printf("FAILED: %s\n", what);
        ++failures;
    }
}

}  // namespace

int main() {
    using namespace ctdiff;
    constexpr auto x = var<"x">;

    //! [types]
    constexpr auto f = sigmoid(relu(x));
    constexpr auto df = d(f, x);
    static_assert(std::is_empty_v<decltype(f)>);   // no runtime state: the type is the expression
    static_assert(std::is_empty_v<decltype(df)>);  // and so is its derivative
    static_assert(!std::is_same_v<decltype(f), decltype(df)>);
    //! [types]

    //! [numbers]
    constexpr auto p = prelu(x, 0.25);  // a number in an expression is stored by value
    static_assert(sizeof(p) == sizeof(double));
    //! [numbers]

    //! [routes]
    const double v = 0.75;
    const double symbolic = df(x = v);                                   // the derived expression, evaluated
    const double dual_pass = value_and_derivative(f, x = v).derivative;  // one pass on dual<double>
    const double jet_pass = derivatives<1>(f, x = v)[1];                 // one pass on jet<double, 1>
    //! [routes]
    check(symbolic == dual_pass && std::fabs(symbolic - jet_pass) <= 1e-16, "the routes agree");

    //! [dual_by_hand]
    const dual<double> seed{v, 1.0};       // x = 0.75, dx/dx = 1
    const dual<double> out = f(x = seed);  // the same evaluator, on dual numbers
    //! [dual_by_hand]
    check(out.value == f(x = v) && out.derivative == dual_pass, "an expression evaluates on duals");

    //! [simplify]
    constexpr auto zero = d(prelu(x, 0.25) * 3.0, var<"y">);  // no y in it: the constant 0
    static_assert(zero(x = 1.0) == 0.0);
    constexpr auto one = d(x, x);  // the constant 1, a compile-time value
    static_assert(one(x = 5.0) == 1.0);
    //! [simplify]
    check(to_string(one) == "1", "d(x, x) prints as 1");

    std::printf("%s\n", failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}
