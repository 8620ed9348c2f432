// The arrays guide (docs/arrays.md): forward, backward and forward_backward
// over whole buffers in one fused pass, and the gradient of a parameter summed
// over the elements. Checked against a hand-written loop.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <cstdio>
#include <vector>

int main() {
    using namespace ctdiff;
    constexpr auto x = var<"x">;
    const std::size_t n = 1003;  // not a multiple of the SIMD width: the tail is handled
    std::vector<float> in(n), grad_out(n), out(n), grad_in(n), grad_in2(n), out2(n);
    for (std::size_t i = 0; i < n; ++i) {
        in[i] = -8.0f + 16.0f * static_cast<float>(i) / (n - 1);
        grad_out[i] = 0.5f + static_cast<float>(i % 7) / 7.0f;
    }

    //! [forward_backward]
    constexpr auto f = tanh(relu(x));
    forward(f, in, out);                                // out[i] = f(in[i])
    backward(f, in, grad_out, grad_in);                 // grad_in[i] = f'(in[i]) * grad_out[i]
    forward_backward(f, in, grad_out, out2, grad_in2);  // both, in one pass over memory
    //! [forward_backward]

    //! [parameter]
    constexpr auto a = var<"a">;
    std::vector<float> p_out(n), p_grad_in(n);
    const auto g = forward_backward(prelu(x, a), in, grad_out, p_out, p_grad_in, a = 0.25f);
    const float weight_gradient = g[a];  // sum over i of d prelu / d a (in[i]) * grad_out[i]
    //! [parameter]

    int failures = 0;
    double sum_a = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const float r = in[i] > 0.0f ? in[i] : 0.0f;
        const float t = std::tanh(r);
        const float dt = in[i] > 0.0f ? (1.0f - t * t) * grad_out[i] : 0.0f;
        const float tol = 4 * 1.2e-7f;
        if (std::fabs(out[i] - t) > tol * std::fabs(t) + 1e-30f || out2[i] != out[i]) ++failures;
        if (std::fabs(grad_in[i] - dt) > tol + 1e-6f * std::fabs(dt) || grad_in2[i] != grad_in[i]) ++failures;
        const float p = in[i] > 0.0f ? in[i] : 0.25f * in[i];
        const float dp = (in[i] > 0.0f ? 1.0f : 0.25f) * grad_out[i];
        if (p_out[i] != p || std::fabs(p_grad_in[i] - dp) > 1e-7f) ++failures;
        sum_a += in[i] > 0.0f ? 0.0 : static_cast<double>(in[i]) * grad_out[i];
    }
    if (std::fabs(weight_gradient - sum_a) > 1e-4 * std::fabs(sum_a)) ++failures;
    std::printf("weight gradient %g (reference %g), %d mismatches: %s\n", weight_gradient, sum_a, failures,
                failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}
