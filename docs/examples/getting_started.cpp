// The getting-started guide (docs/getting_started.md): relu, prelu, sigmoid and
// tanh and their derivatives, the way a C++ user writes them. Every value is
// checked against a closed form written here.
#include <cmath>
#include <cstdio>
#include <string>

//! [include]
#include <ctdiff/ctdiff.hpp>
//! [include]

namespace {

int failures = 0;
void check(bool ok, const char* what) {
    if (!ok) {
        std::printf("FAILED: %s\n", what);
        ++failures;
    }
}
bool near(double a, double b) { return std::fabs(a - b) <= 1e-15 * std::fmax(1.0, std::fabs(b)); }

}  // namespace

int main() {
    //! [variable]
    using namespace ctdiff;
    constexpr auto x = var<"x">;  // a variable named "x": an empty type
    //! [variable]

    //! [relu]
    constexpr auto f = relu(x);
    constexpr auto df = d(f, x);         // step(x): 1 for x > 0, else 0
    const double y = f(x = 2.5);         // 2.5
    const double dy = df(x = 2.5);       // 1
    const double at_kink = df(x = 0.0);  // 0: relu'(0) = 0, as in PyTorch
    //! [relu]
    check(y == 2.5 && dy == 1.0 && at_kink == 0.0 && f(x = -1.0) == 0.0, "relu");
    check(to_string(df) == "step(x)", "relu' prints as step(x)");

    //! [prelu]
    constexpr auto a = var<"a">;  // the learnable slope, as a variable
    constexpr auto p = prelu(x, a);
    const double p1 = p(x = -2.0, a = 0.25);           // -0.5
    const double dp_dx = d(p, x)(x = -2.0, a = 0.25);  // 0.25: the slope
    const double dp_da = d(p, a)(x = -2.0, a = 0.25);  // -2: x on the negative side
    const auto g = gradient(p, x = -2.0, a = 0.25);    // both partials in one call
    //! [prelu]
    check(p1 == -0.5 && dp_dx == 0.25 && dp_da == -2.0, "prelu");
    check(g.value == -0.5 && g[x] == 0.25 && g[a] == -2.0, "prelu gradient");
    check(d(p, x)(x = 0.0, a = 0.25) == 0.25, "prelu'(0) = slope");

    //! [prelu_fixed]
    constexpr auto q = prelu(x, 0.1);     // a fixed slope is held by value
    const double q1 = d(q, x)(x = -3.0);  // 0.1
    //! [prelu_fixed]
    check(q1 == 0.1, "prelu with a number as slope");

    //! [sigmoid]
    constexpr auto s = sigmoid(x);
    constexpr auto ds = d(s, x);                              // sigma(x) sigma(-x), in a stable form
    const auto [sv, sdv] = value_and_derivative(s, x = 1.0);  // one pass on dual numbers
    static_assert(ds(x = 0.0) == 0.25);                       // evaluated by the compiler
    //! [sigmoid]
    const double s_ref = 1.0 / (1.0 + std::exp(-1.0));
    check(near(sv, s_ref) && near(sdv, s_ref * (1.0 - s_ref)), "sigmoid value and derivative");
    check(sdv == ds(x = 1.0), "dual pass agrees with d(sigmoid(x), x)");

    //! [tanh]
    constexpr auto t = tanh(x);
    const double dt = d(t, x)(x = 0.5);    // sech^2(0.5) = 1 - tanh^2(0.5)
    const double far = d(t, x)(x = 20.0);  // 1.7e-17, not 0: no 1 - tanh^2 cancellation
    //! [tanh]
    check(near(dt, 1.0 - std::tanh(0.5) * std::tanh(0.5)), "tanh'");
    check(std::fabs(far - 4.0 * std::exp(-40.0)) <= 1e-14 * far, "tanh' far from 0 keeps its digits");

    //! [plain]
    const double r = relu(-3.0);                           // 0: function objects work on numbers
    const float sf = sigmoid(0.0f);                        // 0.5f, computed in float
    const dual<double> sd = tanh(dual<double>{0.5, 1.0});  // value and derivative by hand
    //! [plain]
    check(r == 0.0 && sf == 0.5f && sd.value == std::tanh(0.5) && sd.derivative == dt, "plain numbers");

    //! [print]
    const auto h = tanh(prelu(x, 0.25));
    std::printf("%s\n", to_string(d(h, x)).c_str());  // readable infix: the chain rule, simplified
    std::printf("%s\n", to_latex(d(h, x)).c_str());   // LaTeX, for documents
    //! [print]
    check(to_string(d(h, x)).find("prelu(x, 0.25)") != std::string::npos, "composition prints");

    std::printf("%s\n", failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}
