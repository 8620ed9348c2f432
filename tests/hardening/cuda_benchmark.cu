// Device benchmark: a fused forward_backward kernel (out = f(in), grad_in =
// f'(in) * grad_out, one thread per element, value_and_derivative on duals)
// against a device-to-device copy of the same bytes (2 arrays read, 2 written).
// A ratio near 1 means the activation and its derivative cost no more than
// moving the data. Usage: cuda_benchmark [elements]   (default 2^26)
#include <ctdiff/ctdiff.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <cuda_runtime.h>

namespace {

#define CHECK(call)                                                       \
    do {                                                                  \
        const cudaError_t e = (call);                                     \
        if (e != cudaSuccess) {                                           \
            std::printf("%s failed: %s\n", #call, cudaGetErrorString(e)); \
            std::exit(1);                                                 \
        }                                                                 \
    } while (0)

// The kernel takes a case type that builds the expression, not the expression
// type itself: nvcc's host stub for a kernel template spells a variable's
// name (a class-type template argument) in a form the host compiler rejects.
template <class Case, class T>
__global__ void forward_backward_kernel(const T* in, const T* grad_out, T* out, T* grad_in, long n) {
    const long i = static_cast<long>(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < n) {
        const auto r = ctdiff::value_and_derivative(Case::f(), in[i]);
        out[i] = r.value;
        grad_in[i] = r.derivative * grad_out[i];
    }
}

template <class T>
__global__ void fill(T* p, long n, T scale, T offset) {
    const long i = static_cast<long>(blockIdx.x) * blockDim.x + threadIdx.x;
    if (i < n) p[i] = offset + scale * static_cast<T>(i % 4096) / static_cast<T>(4096);
}

/// Median of `runs` timings (ms) of launch().
template <class L>
float median_ms(L launch, int runs = 30) {
    cudaEvent_t start, stop;
    CHECK(cudaEventCreate(&start));
    CHECK(cudaEventCreate(&stop));
    launch();  // warm-up
    CHECK(cudaDeviceSynchronize());
    std::vector<float> t(runs);
    for (auto& ms : t) {
        CHECK(cudaEventRecord(start));
        launch();
        CHECK(cudaEventRecord(stop));
        CHECK(cudaEventSynchronize(stop));
        CHECK(cudaEventElapsedTime(&ms, start, stop));
    }
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    std::sort(t.begin(), t.end());
    return t[runs / 2];
}

template <class Case, class T>
void bench(long n, T* in, T* grad_out, T* out, T* grad_in, T* copy_src, T* copy_dst) {
    const char* name = Case::name;
    const int block = 256;
    const unsigned grid = static_cast<unsigned>((n + block - 1) / block);
    const float kernel_ms =
        median_ms([&] { forward_backward_kernel<Case><<<grid, block>>>(in, grad_out, out, grad_in, n); });
    CHECK(cudaGetLastError());
    const double bytes = 4.0 * static_cast<double>(n) * sizeof(T);  // 2 read + 2 written
    const float copy_ms = median_ms(
        [&] { CHECK(cudaMemcpyAsync(copy_dst, copy_src, 2 * n * sizeof(T), cudaMemcpyDeviceToDevice)); });
    std::printf("%-12s %-6s n=%ld  kernel %8.3f ms (%7.1f GB/s)  copy %8.3f ms (%7.1f GB/s)  ratio %.2f\n",
                name, sizeof(T) == 4 ? "float" : "double", n, kernel_ms, bytes / kernel_ms / 1e6, copy_ms,
                bytes / copy_ms / 1e6, kernel_ms / copy_ms);
}

#define CASE(id, label, expression)                    \
    struct id {                                        \
        static constexpr const char* name = label;     \
        CTDIFF_HOST_DEVICE static constexpr auto f() { \
            constexpr auto x = ctdiff::var<"x">;       \
            return expression;                         \
        }                                              \
    };
CASE(relu_case, "relu", ctdiff::relu(x))
CASE(sigmoid_case, "sigmoid", ctdiff::sigmoid(x))
CASE(tanh_case, "tanh", ctdiff::tanh(x))
CASE(silu_case, "silu", ctdiff::silu(x))
CASE(gelu_case, "gelu", ctdiff::gelu(x))
CASE(gelu_tanh_case, "gelu_tanh", ctdiff::gelu_tanh(x))
CASE(mish_case, "mish", ctdiff::mish(x))
CASE(softplus_case, "softplus", ctdiff::softplus(x))
CASE(composed_case, "x*sigmoid(x)", x* ctdiff::sigmoid(x))
#undef CASE

template <class T>
void run_all(long n) {
    T *in, *grad_out, *out, *grad_in, *src, *dst;
    CHECK(cudaMalloc(&in, n * sizeof(T)));
    CHECK(cudaMalloc(&grad_out, n * sizeof(T)));
    CHECK(cudaMalloc(&out, n * sizeof(T)));
    CHECK(cudaMalloc(&grad_in, n * sizeof(T)));
    CHECK(cudaMalloc(&src, 2 * n * sizeof(T)));
    CHECK(cudaMalloc(&dst, 2 * n * sizeof(T)));
    const unsigned grid = static_cast<unsigned>((n + 255) / 256);
    fill<<<grid, 256>>>(in, n, T(16), T(-8));
    fill<<<grid, 256>>>(grad_out, n, T(1), T(0.5));
    CHECK(cudaDeviceSynchronize());

    bench<relu_case>(n, in, grad_out, out, grad_in, src, dst);
    bench<sigmoid_case>(n, in, grad_out, out, grad_in, src, dst);
    bench<tanh_case>(n, in, grad_out, out, grad_in, src, dst);
    bench<silu_case>(n, in, grad_out, out, grad_in, src, dst);
    bench<gelu_case>(n, in, grad_out, out, grad_in, src, dst);
    bench<gelu_tanh_case>(n, in, grad_out, out, grad_in, src, dst);
    bench<mish_case>(n, in, grad_out, out, grad_in, src, dst);
    bench<softplus_case>(n, in, grad_out, out, grad_in, src, dst);
    bench<composed_case>(n, in, grad_out, out, grad_in, src, dst);

    for (T* p : {in, grad_out, out, grad_in, src, dst}) cudaFree(p);
}

}  // namespace

int main(int argc, char** argv) {
    int devices = 0;
    if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
        std::printf("no CUDA device: nothing to measure\n");
        return 77;
    }
    cudaDeviceProp prop{};
    CHECK(cudaGetDeviceProperties(&prop, 0));
    const long n = argc > 1 ? std::atol(argv[1]) : (1L << 26);
    std::printf("device: %s\n", prop.name);
    run_all<float>(n);
    run_all<double>(n);
    return 0;
}
