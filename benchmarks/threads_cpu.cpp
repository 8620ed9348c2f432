// ctdiff::parallel (#12): wall-clock and process CPU time of chain10's forward_backward at
// 2^22, ten times, with the thread count given (ctdiff_threads_cpu 1, ctdiff_threads_cpu 2).
// CPU per wall-second shows whether a second core was free to the process.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctdiff/array/parallel.hpp>
#include <ctdiff/ctdiff.hpp>
#include <ctime>
#include <vector>
int main(int argc, char** argv) {
    const int threads = argc > 1 ? atoi(argv[1]) : 2;
    const std::size_t n = std::size_t{1} << 22;
    std::vector<float> in(n, 0.3f), g(n, 1.0f), o(n), gi(n);
    for (std::size_t i = 0; i < n; ++i) in[i] = float(i % 1000) * 0.012f - 6.0f;
    constexpr auto x = ctdiff::var<"x">;
    const auto f = ctdiff::sigmoid(ctdiff::tanh(ctdiff::silu(ctdiff::relu(
        ctdiff::sigmoid(ctdiff::tanh(ctdiff::silu(ctdiff::relu(ctdiff::sigmoid(ctdiff::tanh(x))))))))));
    auto t0 = std::chrono::steady_clock::now();
    std::clock_t c0 = std::clock();
    for (int r = 0; r < 10; ++r) ctdiff::forward_backward(ctdiff::parallel{threads}, f, in, g, o, gi);
    auto t1 = std::chrono::steady_clock::now();
    std::clock_t c1 = std::clock();
    double wall = std::chrono::duration<double>(t1 - t0).count(), cpu = double(c1 - c0) / CLOCKS_PER_SEC;
    std::printf("threads %d: wall %.3f s, process CPU %.3f s, CPU/wall %.2f (%g)\n", threads, wall, cpu,
                cpu / wall, o[5]);
}
