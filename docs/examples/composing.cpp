// The composition guide (docs/custom_activations.md): new activations built
// from existing ones, with parameters, and a new primitive whose rule reuses
// its own result. Every derivative is checked against a closed form written
// here and against a central finite difference.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <cstdio>

//! [swish]
// swish(x, beta) = x * sigmoid(beta * x): a function of expressions returns an expression.
constexpr auto swish(const auto& e, const auto& beta) { return e * ctdiff::sigmoid(beta * e); }
//! [swish]

//! [gaussian_rule]
// gaussian(u) = exp(-u^2), whose derivative -2 u exp(-u^2) = -2 u y reuses the result y.
struct gaussian_rule {
    static constexpr std::string_view name = "gaussian";
    static constexpr std::string_view latex = "\\operatorname{gauss}";  // optional: how to_latex prints it
    template <class T>
    static constexpr T value(T u) {
        return ctdiff::math::exp(-(u * u));
    }
    static constexpr auto derivative(auto u, auto y) { return -2 * u * y; }
};
inline constexpr ctdiff::unary_function<gaussian_rule> gaussian{};
//! [gaussian_rule]

namespace {

int failures = 0;
void check(bool ok, const char* what) {
    if (!ok) {
        std::printf("FAILED: %s\n", what);
        ++failures;
    }
}
bool near(double a, double b, double tol) { return std::fabs(a - b) <= tol * std::fmax(1.0, std::fabs(b)); }

template <class F>
double central_difference(const F& f, double v) {
    const double h = 1e-5;
    return (f(v + h) - f(v - h)) / (2 * h);
}

}  // namespace

int main() {
    using namespace ctdiff;
    constexpr auto x = var<"x">;

    //! [silu]
    constexpr auto silu_x = x * sigmoid(x);  // SiLU, written out
    constexpr auto dsilu = d(silu_x, x);     // sigma(x) + x sigma'(x), derived
    const double v = dsilu(x = 1.5);
    //! [silu]
    const double s = 1.0 / (1.0 + std::exp(-1.5));
    check(near(v, s + 1.5 * s * (1.0 - s), 1e-15), "silu'(1.5)");

    //! [swish_use]
    constexpr auto b = var<"b">;
    constexpr auto f = swish(x, b);  // beta as a variable: derivatives in both
    const auto g = gradient(f, x = 1.0, b = 2.0);
    constexpr auto fixed = swish(x, 1.702);  // or a number held in the expression
    const double df_fixed = d(fixed, x)(x = 1.0);
    //! [swish_use]
    const double sb = 1.0 / (1.0 + std::exp(-2.0));
    check(near(g.value, sb, 1e-15), "swish value");
    check(near(g[x], sb + 2.0 * sb * (1.0 - sb), 1e-15), "swish d/dx");
    check(near(g[b], 1.0 * sb * (1.0 - sb), 1e-15), "swish d/dbeta");
    check(near(df_fixed, central_difference([&](double t) { return fixed(x = t); }, 1.0), 1e-9),
          "swish(x, 1.702)' against a finite difference");

    //! [nested]
    constexpr auto gated = tanh(relu(x)) * sigmoid(x) + 0.1 * prelu(x, 0.25);
    const auto [gv, gdv] = value_and_derivative(gated, x = 0.75);
    //! [nested]
    check(near(gdv, central_difference([&](double t) { return gated(x = t); }, 0.75), 1e-9),
          "nested composition against a finite difference");
    check(gv == gated(x = 0.75) && gdv == d(gated, x)(x = 0.75), "dual pass agrees with d()");

    //! [gaussian_use]
    constexpr auto k = gaussian(2 * x);
    const double dk = d(k, x)(x = 0.5);         // chain rule: 2 * (-2 * 2x * exp(-(2x)^2))
    const auto t = derivatives<2>(k, x = 0.5);  // the rule also drives jets: f, f', f''
    //! [gaussian_use]
    check(near(dk, -4.0 * std::exp(-1.0), 1e-15), "gaussian(2x)'");
    check(near(t[1], dk, 1e-15), "jet f' agrees");
    // d2/dx2 exp(-4x^2) = (64 x^2 - 8) exp(-4 x^2)
    check(near(t[2], (64 * 0.25 - 8) * std::exp(-1.0), 1e-14), "gaussian(2x)''");
    check(to_string(k) == "gaussian(2 * x)", "primitive prints by its name");

    std::printf("%s: %s\n", to_string(d(k, x)).c_str(), failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}
