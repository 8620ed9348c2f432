// The higher-order guide (docs/higher_order.md): n-th derivatives as
// expressions (d<n>) and in one pass (derivatives<n>, jets), checked against
// closed forms written here and against each other.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <cstdio>

namespace {

int failures = 0;
void check(bool ok, const char* what) {
    if (!ok) {
        std::printf("FAILED: %s\n", what);
        ++failures;
    }
}
bool near(double a, double b, double tol) { return std::fabs(a - b) <= tol * std::fmax(1.0, std::fabs(b)); }

}  // namespace

int main() {
    using namespace ctdiff;
    constexpr auto x = var<"x">;

    //! [symbolic]
    constexpr auto f = tanh(x);
    constexpr auto d2f = d<2>(f, x);  // -2 tanh(x) sech^2(x), an expression again
    constexpr auto d3f = d<3>(f, x);  // the same as d(d(d(f, x), x), x)
    const double second = d2f(x = 0.5);
    const double third = d3f(x = 0.5);
    //! [symbolic]
    const double th = std::tanh(0.5), sech2 = 1.0 - th * th;
    check(near(second, -2.0 * th * sech2, 1e-15), "tanh''");
    check(near(third, sech2 * (6.0 * th * th - 2.0) * 1.0, 1e-14), "tanh'''");

    //! [jets]
    const auto t = derivatives<3>(f, x = 0.5);  // {f, f', f'', f'''} in one pass
    //! [jets]
    check(near(t[0], th, 1e-16) && near(t[1], sech2, 1e-15), "jet value and f'");
    check(near(t[2], second, 1e-15) && near(t[3], third, 1e-14), "jets agree with d<n>");

    //! [taylor]
    // The jet gives a Taylor polynomial: f(a + h) ~ f + f' h + f'' h^2/2 + f''' h^3/6.
    const double a = 0.5, h = 0.01;
    const double taylor = t[0] + t[1] * h + t[2] * h * h / 2 + t[3] * h * h * h / 6;
    //! [taylor]
    check(std::fabs(taylor - std::tanh(a + h)) < 1e-8, "Taylor polynomial from the jet");

    //! [composition]
    constexpr auto g = sigmoid(x) * tanh(x);
    const auto gj = derivatives<4>(g, x = -1.25);
    const double g4 = d<4>(g, x)(x = -1.25);  // the same number, symbolically
    //! [composition]
    check(near(gj[4], g4, 1e-12), "fourth derivative: jet and d<4> agree");

    //! [piecewise]
    constexpr auto r = relu(x);
    static_assert(d<2>(r, x)(x = 1.0) == 0.0);                 // piecewise linear: f'' = 0 where it exists
    const auto rj = derivatives<2>(prelu(x, 0.25), x = -1.0);  // {-0.25, 0.25, 0}
    //! [piecewise]
    check(rj[0] == -0.25 && rj[1] == 0.25 && rj[2] == 0.0, "prelu jets");

    //! [constexpr]
    constexpr double s2 = d<2>(sigmoid(x), x)(x = 0.0);  // sigma'' (0) = 0, at compile time
    static_assert(s2 == 0.0);
    //! [constexpr]

    //! [wrt]
    constexpr auto w = var<"w">;
    // Several variables bound: wrt names the one to differentiate in.
    const auto [pv, dpdx] = value_and_derivative(prelu(x, w), wrt(x), x = -2.0, w = 0.25);   // -0.5, 0.25
    const auto [pv2, dpdw] = value_and_derivative(prelu(x, w), wrt(w), x = -2.0, w = 0.25);  // -0.5, -2
    const auto ej =
        derivatives<2>(elu(x, w), wrt(w), x = -1.0, w = 1.5);  // {elu, expm1(-1), 0}: linear in alpha
    //! [wrt]
    check(pv == -0.5 && dpdx == 0.25 && pv2 == -0.5 && dpdw == -2.0, "wrt picks the variable");
    check(ej[1] == std::expm1(-1.0) && ej[2] == 0.0, "elu's jets in alpha");

    //! [hessian]
    // Value, gradient and every second partial in x and w.
    const auto hs = hessian(elu(x, w) * sigmoid(w * x), x = -0.75, w = 1.5);
    const double dfdw = hs.gradient[w];
    const double mixed = hs[x][w];  // the same number as hs[w][x]
    const double mixed_symbolic = d(d(elu(x, w) * sigmoid(w * x), x), w)(x = -0.75, w = 1.5);
    //! [hessian]
    check(hs[w][x] == mixed, "the hessian is symmetric");
    check(near(mixed, mixed_symbolic, 1e-15), "hessian agrees with the nested symbolic d");
    check(near(dfdw, d(elu(x, w) * sigmoid(w * x), w)(x = -0.75, w = 1.5), 1e-15), "hessian's gradient");

    std::printf("%s\n", failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}
