// The rest of the catalogue against the peers (#12: every activation the peers
// have): the activations libtorch (and, for some, oneDNN) implements that the
// main table's `act` set leaves out, each as ctdiff's fused forward_backward on
// the shared data (`<name>/ctdiff/<n>`) and as PyTorch eager runs it
// (`<name>/torch/<n>`: the forward ops, then the backward ops autograd calls,
// composites such as softsign op by op). Parameters are PyTorch's defaults, or
// the documented values of the registry's typical call where PyTorch has none
// (threshold 0.5, value -2; prelu's weight 0.25, its gradient summed on both
// sides). glu takes the shared input as the PyTorch layout: n elements split
// into halves, n / 2 outputs. The oneDNN side of these is in bench_dnnl.cpp.

#include "activations.hpp"

#include <benchmark/benchmark.h>

#include <span>
#include <string>
#include <vector>

#ifdef CTDIFF_BENCH_TORCH
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#endif

namespace bench {
namespace {

inline constexpr auto w = ctdiff::var<"w">;
inline constexpr auto ga = ctdiff::var<"a">;
inline constexpr auto gb = ctdiff::var<"b">;

/// ctdiff's fused pass for each name (data: the shared input, upstream gradient, outputs).
void ctdiff_run(const std::string& name, data& d) {
    const auto fb = [&](const auto& e) { ctdiff::forward_backward(e, d.in, d.gout, d.out, d.gin); };
    if (name == "hardtanh") {
        fb(ctdiff::hardtanh(x));
    } else if (name == "relu6") {
        fb(ctdiff::relu6(x));
    } else if (name == "leaky_relu") {
        fb(ctdiff::leaky_relu(x));
    } else if (name == "rrelu") {  // evaluation mode
        fb(ctdiff::rrelu(x));
    } else if (name == "selu") {
        fb(ctdiff::selu(x));
    } else if (name == "celu") {
        fb(ctdiff::celu(x));
    } else if (name == "softshrink") {
        fb(ctdiff::softshrink(x));
    } else if (name == "hardshrink") {
        fb(ctdiff::hardshrink(x));
    } else if (name == "tanhshrink") {
        fb(ctdiff::tanhshrink(x));
    } else if (name == "threshold") {
        fb(ctdiff::threshold(x, 0.5, -2.0));
    } else if (name == "hardsigmoid") {
        fb(ctdiff::hardsigmoid(x));
    } else if (name == "softsign") {
        fb(ctdiff::softsign(x));
    } else if (name == "prelu") {
        const auto g = ctdiff::forward_backward(ctdiff::prelu(x, w), d.in, d.gout, d.out, d.gin, w = 0.25f);
        benchmark::DoNotOptimize(g[w]);
    } else if (name == "glu") {
        const std::size_t m = d.in.size() / 2;
        ctdiff::forward_backward(ctdiff::glu(ga, gb), std::span<const float>(d.gout.data(), m),
                                 std::span<float>(d.out.data(), m), ctdiff::halves(ga, gb, d.in, d.gin));
    }
}

const char* const catalogue_names[] = {"hardtanh",    "relu6",      "leaky_relu", "rrelu",      "selu",
                                       "celu",        "softshrink", "hardshrink", "tanhshrink", "threshold",
                                       "hardsigmoid", "softsign",   "prelu",      "glu"};

#ifdef CTDIFF_BENCH_TORCH
at::Tensor wrap(floats& v, std::size_t n) {
    return at::from_blob(v.data(), {static_cast<std::int64_t>(n)}, at::kFloat);
}

/// PyTorch 1.13 eager: the forward ops, then the backward ops autograd runs.
/// Intermediates are allocated once (eager would allocate them).
struct torch_catalogue {
    std::string name;
    at::Tensor in, g, out, gin, weight;
    std::vector<at::Tensor> t;

    torch_catalogue(std::string n_, data& d) : name(std::move(n_)) {
        const std::size_t n = d.in.size();
        const std::size_t m = name == "glu" ? n / 2 : n;  // glu: n inputs, n / 2 outputs
        in = wrap(d.in, n);
        gin = wrap(d.gin, n);
        g = wrap(d.gout, m);
        out = wrap(d.out, m);
        weight = at::full({1}, 0.25f);
        for (int k = 0; k < 8; ++k) t.push_back(at::empty_like(in));
    }

    void run() {
        constexpr double selu_alpha = 1.6732632423543772848170429916717;
        constexpr double selu_scale = 1.0507009873554804934193349852946;
        constexpr double rrelu_slope = (1.0 / 8 + 1.0 / 3) / 2;  // evaluation mode
        if (name == "hardtanh" || name == "relu6") {
            const double lo = name == "relu6" ? 0.0 : -1.0, hi = name == "relu6" ? 6.0 : 1.0;
            at::hardtanh_out(out, in, lo, hi);
            at::hardtanh_backward_out(gin, g, in, lo, hi);
        } else if (name == "leaky_relu" || name == "rrelu") {
            const double slope = name == "rrelu" ? rrelu_slope : 0.01;
            at::leaky_relu_out(out, in, slope);
            at::leaky_relu_backward_out(gin, g, in, slope, false);
        } else if (name == "selu") {
            at::elu_out(out, in, selu_alpha, selu_scale, 1.0);
            at::elu_backward_out(gin, g, selu_alpha, selu_scale, 1.0, false, in);
        } else if (name == "celu") {  // alpha 1
            at::elu_out(out, in, 1.0, 1.0, 1.0);
            at::elu_backward_out(gin, g, 1.0, 1.0, 1.0, false, in);
        } else if (name == "softshrink") {
            at::softshrink_out(out, in, 0.5);
            at::softshrink_backward_out(gin, g, in, 0.5);
        } else if (name == "hardshrink") {
            at::hardshrink_out(out, in, 0.5);
            at::hardshrink_backward_out(gin, g, in, 0.5);
        } else if (name == "threshold") {
            at::threshold_out(out, in, 0.5, -2.0);
            at::threshold_backward_out(gin, g, in, 0.5);
        } else if (name == "hardsigmoid") {
            at::hardsigmoid_out(out, in);
            at::hardsigmoid_backward_out(gin, g, in);
        } else if (name == "tanhshrink") {  // x - tanh(x)
            at::tanh_out(t[0], in);
            at::sub_out(out, in, t[0]);
            at::neg_out(t[1], g);  // sub's second operand
            at::tanh_backward_out(t[2], t[1], t[0]);
            at::add_out(gin, g, t[2]);    // the two paths to x, accumulated
        } else if (name == "softsign") {  // x / (|x| + 1), torch.nn.functional.softsign
            at::abs_out(t[0], in);
            at::add_out(t[1], t[0], 1);
            at::div_out(out, in, t[1]);
            at::div_out(t[2], g, t[1]);   // div: grad / other
            at::div_out(t[3], in, t[1]);  // div's other: -grad * ((self / other) / other)
            at::div_out(t[3], t[3], t[1]);
            at::mul_out(t[4], g, t[3]);
            at::neg_out(t[4], t[4]);
            at::sgn_out(t[5], in);  // abs: grad * self.sgn()
            at::mul_out(t[6], t[4], t[5]);
            at::add_out(gin, t[2], t[6]);
        } else if (name == "prelu") {  // no out= variant in 1.13: eager allocates these
            const at::Tensor y = at::prelu(in, weight);
            out.copy_(y);
            const auto grads = at::prelu_backward(g, in, weight);
            gin.copy_(std::get<0>(grads));
            benchmark::DoNotOptimize(std::get<1>(grads).data_ptr());
        } else if (name == "glu") {
            at::glu_out(out, in, 0);
            at::glu_backward_out(gin, g, in, 0);
        }
    }
};
#endif

}  // namespace

void register_catalogue(const std::vector<std::size_t>& sizes) {
    for (const std::size_t n : sizes) {
        for (const char* name : catalogue_names) {
            const std::string base = std::string(name) + "/";
            const std::string suffix = "/" + std::to_string(n);
            const std::string nm = name;
            const auto mine = [nm](data& d) { ctdiff_run(nm, d); };
            remember(base + "ctdiff" + suffix, n, mine);
            benchmark::RegisterBenchmark((base + "ctdiff" + suffix).c_str(), [n,
                                                                              mine](benchmark::State& state) {
                data& d = data_of(n);
                for (auto _ : state) {
                    mine(d);
                    benchmark::DoNotOptimize(d.out.data());
                    benchmark::DoNotOptimize(d.gin.data());
                    benchmark::ClobberMemory();
                }
                state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                                        static_cast<std::int64_t>(n));
            })->Unit(benchmark::kMicrosecond);
#ifdef CTDIFF_BENCH_TORCH
            at::set_num_threads(1);
            remember(base + "torch" + suffix, n, [nm](data& d) { torch_catalogue(nm, d).run(); });
            benchmark::RegisterBenchmark((base + "torch" + suffix).c_str(), [n, nm](benchmark::State& state) {
                torch_catalogue r(nm, data_of(n));
                for (auto _ : state) {
                    r.run();
                    benchmark::ClobberMemory();
                }
                state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                                        static_cast<std::int64_t>(n));
            })->Unit(benchmark::kMicrosecond);
#endif
        }
    }
}

}  // namespace bench
