// Double arrays (#12, #15): the activations whose double batches carry the terms
// that cancel in double-word arithmetic (math/double_word.hpp), since double lanes
// have no long double to compute in. ctdiff's fused forward_backward of f (value and
// first derivative) and of d(f, x) (first and second), against a hand-written fused
// loop of the textbook formulas in double (the zero-overhead reference, less
// accurate). Names: double:<f>/<ctdiff|hand>/<n> and double:d(<f>)/ctdiff/<n>; the
// rows report items (elements) per second. One thread, inputs uniform on [-6, 6].

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <ctdiff/ctdiff.hpp>

namespace bench {
namespace {

constexpr auto xd = ctdiff::var<"x">;

struct double_data {
    std::vector<double> in, g, out, gin;
    explicit double_data(std::size_t n) : in(n), g(n), out(n), gin(n) {
        std::mt19937 gen(7);
        std::uniform_real_distribution<double> u(-6.0, 6.0), gr(0.5, 1.5);
        for (std::size_t i = 0; i < n; ++i) {
            in[i] = u(gen);
            g[i] = gr(gen);
        }
    }
};

double_data& double_data_of(std::size_t n) {
    static double_data d(n);
    return d;
}

template <class F>
void add_double(const std::string& name, std::size_t n, F f) {
    benchmark::RegisterBenchmark(name.c_str(), [n, f](benchmark::State& state) {
        double_data& d = double_data_of(n);
        for (auto _ : state) {
            f(d);
            benchmark::DoNotOptimize(d.out.data());
            benchmark::DoNotOptimize(d.gin.data());
            benchmark::ClobberMemory();
        }
        state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
    })->Unit(benchmark::kMicrosecond);
}

template <class E>
void add_ctdiff(const std::string& name, std::size_t n, const E& e) {
    const std::string suffix = "/" + std::to_string(n);
    add_double("double:" + name + "/ctdiff" + suffix, n,
               [e](double_data& d) { ctdiff::forward_backward(e, d.in, d.g, d.out, d.gin); });
    const auto de = ctdiff::d(e, xd);
    add_double("double:d(" + name + ")/ctdiff" + suffix, n,
               [de](double_data& d) { ctdiff::forward_backward(de, d.in, d.g, d.out, d.gin); });
}

template <class At>
void add_hand(const std::string& name, std::size_t n, At at) {
    add_double("double:" + name + "/hand/" + std::to_string(n), n, [at](double_data& d) {
        const std::size_t m = d.in.size();
        for (std::size_t i = 0; i < m; ++i) {
            double y, dy;
            at(d.in[i], y, dy);
            d.out[i] = y;
            d.gin[i] = dy * d.g[i];
        }
    });
}

inline double sig(double v) { return 1.0 / (1.0 + std::exp(-v)); }

[[maybe_unused]] const bool registered = [] {
    constexpr std::size_t n = std::size_t{1} << 16;
    add_ctdiff("gelu", n, ctdiff::gelu(xd));
    add_ctdiff("gelu_tanh", n, ctdiff::gelu_tanh(xd));
    add_ctdiff("silu", n, ctdiff::silu(xd));
    add_ctdiff("mish", n, ctdiff::mish(xd));
    add_ctdiff("squareplus", n, ctdiff::squareplus(xd));
    add_ctdiff("swiglu(x,-1.5)", n, ctdiff::swiglu(xd, -1.5));
    add_ctdiff("geglu(x,-1.5)", n, ctdiff::geglu(xd, -1.5));
    add_ctdiff("geglu_tanh(x,-1.5)", n, ctdiff::geglu_tanh(xd, -1.5));
    add_hand("gelu", n, [](double v, double& y, double& dy) {
        const double cdf = 0.5 * std::erfc(-v * 0.7071067811865476);
        const double pdf = 0.3989422804014327 * std::exp(-0.5 * v * v);
        y = v * cdf;
        dy = cdf + v * pdf;
    });
    add_hand("gelu_tanh", n, [](double v, double& y, double& dy) {
        const double k = 0.7978845608028654;
        const double t = std::tanh(k * (v + 0.044715 * v * v * v));
        y = 0.5 * v * (1 + t);
        dy = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * k * (1 + 3 * 0.044715 * v * v);
    });
    add_hand("silu", n, [](double v, double& y, double& dy) {
        const double s = sig(v);
        y = v * s;
        dy = s * (1 + v * (1 - s));
    });
    add_hand("mish", n, [](double v, double& y, double& dy) {
        const double t = std::tanh(std::log1p(std::exp(v)));
        y = v * t;
        dy = t + v * (1 - t * t) * sig(v);
    });
    add_hand("squareplus", n, [](double v, double& y, double& dy) {
        const double r = std::sqrt(v * v + 4);
        y = 0.5 * (v + r);
        dy = 0.5 * (1 + v / r);
    });
    return true;
}();

}  // namespace
}  // namespace bench
