// The arrays guide (docs/arrays.md), the scalar path: an activation and its
// derivative over a whole buffer with value_and_derivative in a plain loop (no
// tape, no allocation). Checked against a hand-written loop.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
    using namespace ctdiff;
    constexpr auto x = var<"x">;
    const std::size_t n = 1000;
    std::vector<float> in(n), grad_out(n, 1.0f), out(n), grad_in(n);
    for (std::size_t i = 0; i < n; ++i) in[i] = -8.0f + 16.0f * static_cast<float>(i) / (n - 1);

    //! [scalar_loop]
    constexpr auto f = sigmoid(relu(x));
    for (std::size_t i = 0; i < in.size(); ++i) {
        const auto [y, dy] = value_and_derivative(f, x = in[i]);  // float in, float out
        out[i] = y;
        grad_in[i] = dy * grad_out[i];  // the backward pass of this activation
    }
    //! [scalar_loop]

    int failures = 0;
    for (std::size_t i = 0; i < n; ++i) {
        // The hand-written loop: sigma(max(x, 0)) and sigma(r) sigma(-r) for x > 0, else 0.
        const float r = in[i] > 0.0f ? in[i] : 0.0f;
        const float s = 1.0f / (1.0f + std::exp(-r));
        const float ds = in[i] > 0.0f ? s * (1.0f / (1.0f + std::exp(r))) : 0.0f;
        if (std::fabs(out[i] - s) > 4e-7f * s || std::fabs(grad_in[i] - ds) > 4e-7f * ds + 1e-30f) ++failures;
    }
    std::printf("%d mismatches: %s\n", failures, failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}
