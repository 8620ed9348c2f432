// Device code: every evaluation path of ctdiff in a __global__ kernel, compiled
// with plain `nvcc -std=c++20` (no --expt-relaxed-constexpr) and warnings as
// errors. Run only where a GPU is present (exit code 77 otherwise: skipped);
// the device results are compared with the same code run on the host.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include <cuda_runtime.h>

namespace {

constexpr int outputs = 9;  // per point

// The work of one point, on the host or on the device. Variables are declared
// inside: a namespace-scope constexpr object is not visible to device code.
CTDIFF_HOST_DEVICE void evaluate_point(double v, double* r) {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto a = ctdiff::var<"a">;
    constexpr auto f = ctdiff::gelu(x) * ctdiff::sigmoid(x) + ctdiff::mish(ctdiff::prelu(x, 0.25)) -
                       ctdiff::log1p(ctdiff::exp(x) + ctdiff::softplus(x, 2.0)) / (1.0 + x * x);
    r[0] = f(x = v);                                         // operator()
    r[1] = f(v);                                             // one-variable shorthand
    const auto vd = ctdiff::value_and_derivative(f, x = v);  // duals
    r[2] = vd.derivative;
    r[3] = ctdiff::d(f, x)(x = v);                    // symbolic
    const auto t = ctdiff::derivatives<3>(f, x = v);  // jets
    double jets[4];
    static_assert(sizeof t == sizeof jets);
    // std::array's operator[] is host-only for nvcc without --expt-relaxed-constexpr.
    std::memcpy(jets, &t, sizeof jets);
    r[4] = jets[2];
    r[5] = jets[3];
    const auto g = ctdiff::gradient(ctdiff::elu(x, a) * ctdiff::tanh(a * x), x = v, a = 0.5);
    r[6] = g[a];
    r[7] =
        static_cast<double>(ctdiff::value_and_derivative(ctdiff::silu(x), static_cast<float>(v)).derivative);
    r[8] = ctdiff::d<2>(f, x)(x = v);  // symbolic, second order
}

__global__ void kernel(const double* in, double* out, int n) {
    const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
    if (i < n) evaluate_point(in[i], out + outputs * i);
}

}  // namespace

int main() {
    int devices = 0;
    if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
        std::printf("no CUDA device: compiled only, not run\n");
        return 77;
    }
    const int n = 1024;
    std::vector<double> in(n), host(outputs * n), device(outputs * n);
    for (int i = 0; i < n; ++i) in[i] = -12.0 + 24.0 * i / (n - 1);
    for (int i = 0; i < n; ++i) evaluate_point(in[i], host.data() + outputs * i);

    double *din = nullptr, *dout = nullptr;
    cudaMalloc(&din, n * sizeof(double));
    cudaMalloc(&dout, outputs * n * sizeof(double));
    cudaMemcpy(din, in.data(), n * sizeof(double), cudaMemcpyHostToDevice);
    kernel<<<(n + 127) / 128, 128>>>(din, dout, n);
    const cudaError_t status = cudaDeviceSynchronize();
    cudaMemcpy(device.data(), dout, outputs * n * sizeof(double), cudaMemcpyDeviceToHost);
    cudaFree(din);
    cudaFree(dout);
    if (status != cudaSuccess) {
        std::printf("kernel failed: %s\n", cudaGetErrorString(status));
        return 1;
    }
    // Device libm and glibc differ by a few ULP; compositions and derivatives
    // amplify that a little, and near a zero crossing only an absolute measure
    // (at the scale 1 of these functions) means anything.
    int failures = 0;
    double worst = 0;
    for (int i = 0; i < outputs * n; ++i) {
        const double h = host[i], dv = device[i];
        const double err = std::fabs(h - dv) / std::fmax(std::fabs(h), 1.0);
        if (std::isnan(h) != std::isnan(dv) || (!std::isnan(h) && err > 1e-10)) {
            if (++failures <= 10)
                std::printf("point %d output %d: host %.17g device %.17g\n", i / outputs, i % outputs, h, dv);
        }
        if (!std::isnan(err)) worst = std::fmax(worst, err);
    }
    std::printf("%d outputs, largest host/device difference (relative, floor 1) %.3g, %d failures\n",
                outputs * n, worst, failures);
    return failures == 0 ? 0 : 1;
}
