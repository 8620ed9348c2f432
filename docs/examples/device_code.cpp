// The GPU guide (docs/gpu.md): code that runs on the host and, compiled by
// nvcc, in a CUDA kernel. CTDIFF_HOST_DEVICE marks it for both; this file is
// compiled and run by the host compiler in the tests and checked here.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <cstdio>

//! [element]
// One element of a fused forward and backward pass: what each GPU thread does.
template <class F>
CTDIFF_HOST_DEVICE void forward_backward_element(const F& f, const float* in, const float* grad_out,
                                                 float* out, float* grad_in, int i) {
    const auto r = ctdiff::value_and_derivative(f, in[i]);  // duals: no tape, no allocation
    out[i] = r.value;
    grad_in[i] = r.derivative * grad_out[i];
}
//! [element]

int main() {
    //! [host_call]
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto f = ctdiff::tanh(ctdiff::prelu(x, 0.25));  // an empty type: copies into a kernel for free
    const float in[4] = {-2.0f, -0.5f, 0.5f, 2.0f}, grad_out[4] = {1.0f, 1.0f, 1.0f, 1.0f};
    float out[4], grad_in[4];
    for (int i = 0; i < 4; ++i) forward_backward_element(f, in, grad_out, out, grad_in, i);
    //! [host_call]
    int failures = 0;
    for (int i = 0; i < 4; ++i) {
        const double p = in[i] > 0 ? in[i] : 0.25 * in[i], slope = in[i] > 0 ? 1.0 : 0.25;
        const double t = std::tanh(p), dt = (1 - t * t) * slope;
        if (std::fabs(out[i] - t) > 1e-6 || std::fabs(grad_in[i] - dt) > 1e-6) ++failures;
    }
    std::printf("%s\n", failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}
