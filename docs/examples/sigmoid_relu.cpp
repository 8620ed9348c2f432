// The example in sigmoid.hpp's documentation: sigmoid of relu, its derivative
// and its value at a point, checked against the closed form.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <cstdio>

int main() {
    //! [sigmoid_relu]
    using namespace ctdiff;
    constexpr auto x = var<"x">;
    constexpr auto f = sigmoid(relu(x));
    const auto [v, dv] = value_and_derivative(f, x = 2.0);  // sigma(2), sigma(2) sigma(-2)
    const double left = d(f, x)(x = -1.0);                  // 0: relu is flat there
    //! [sigmoid_relu]
    const double s = 1.0 / (1.0 + std::exp(-2.0)), s_minus = 1.0 / (1.0 + std::exp(2.0));
    const double ulp = 2.3e-16;
    const bool ok =
        std::fabs(v - s) <= 4 * ulp * s && std::fabs(dv - s * s_minus) <= 4 * ulp * dv && left == 0.0;
    std::printf("%s\n", ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
