// The first example of the documentation's main page: a composition, its
// derivative as an expression, and the numeric routes. Checked here.
#include <cmath>
#include <cstdio>
#include <string>

//! [overview]
#include <ctdiff/ctdiff.hpp>

int main() {
    using namespace ctdiff;
    constexpr auto x = var<"x">;
    constexpr auto f = x * sigmoid(relu(x));  // an expression: an empty type
    constexpr auto df = d(f, x);              // its derivative, built at compile time

    const double y = f(x = 1.5);                            // evaluate by binding x
    const double dy = df(x = 1.5);                          // the derivative at 1.5
    const auto [v, dv] = value_and_derivative(f, x = 1.5);  // both in one pass on dual numbers
    const auto t = derivatives<3>(f, x = 1.5);              // f, f', f'', f''' in one pass on jets
    const std::string text = to_string(df);                 // readable infix; to_latex for documents
    static_assert(d(sigmoid(x), x)(x = 0.0) == 0.25);       // all of it constexpr
    //! [overview]
    const double s = 1.0 / (1.0 + std::exp(-1.5)), s_minus = 1.0 / (1.0 + std::exp(1.5));
    const double ref = s + 1.5 * s * s_minus;  // (x sigma(x))' for x > 0
    const bool ok = std::fabs(y - 1.5 * s) <= 1e-15 && std::fabs(dy - ref) <= 1e-15 * ref && v == y &&
                    dv == dy && t[1] == dy && !text.empty();
    std::printf("%s: %s\n", text.c_str(), ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
