// What needs --expt-relaxed-constexpr: reading derivatives<n>'s std::array
// (its operator[] and structured bindings are host-only constexpr for nvcc).
// Compiled with the flag; the plain build of cuda_device_test.cu shows the rest
// needs none.
#include <ctdiff/ctdiff.hpp>

__global__ void kernel(const double* in, double* out) {
    constexpr auto x = ctdiff::var<"x">;
    const auto t = ctdiff::derivatives<4>(ctdiff::gelu_tanh(x) * ctdiff::softsign(x), x = in[0]);
    const auto [v, d1, d2, d3, d4] = t;
    out[0] = t[0] + v + d1 + d2 + d3 + d4;
}

int main() { return 0; }
