// libtorch's CPU kernels, one thread, as PyTorch eager runs them: the forward
// ops (keeping what autograd saves), then the matching backward ops in
// reverse order. Tensors wrap the shared data without copies; intermediates
// are allocated once, outside the timed loop (eager would allocate them).

#include "activations.hpp"

#ifdef CTDIFF_BENCH_TORCH

#include <benchmark/benchmark.h>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <string>
#include <vector>

namespace bench {
namespace {

at::Tensor wrap(floats& v) {
    return at::from_blob(v.data(), {static_cast<std::int64_t>(v.size())}, at::kFloat);
}

struct torch_run {
    at::Tensor in, g, out, gin;
    std::vector<at::Tensor> t;  // intermediates: forward results and gradients

    explicit torch_run(data& d) : in(wrap(d.in)), g(wrap(d.gout)), out(wrap(d.out)), gin(wrap(d.gin)) {
        for (int k = 0; k < 24; ++k) t.push_back(at::empty_like(in));
    }

    // One activation of the chain: forward from x into y.
    static void fwd(const char* op, const at::Tensor& x, at::Tensor& y) {
        const std::string o = op;
        if (o == "relu") {
            at::clamp_min_out(y, x, 0);
        } else if (o == "sigmoid") {
            at::sigmoid_out(y, x);
        } else if (o == "tanh") {
            at::tanh_out(y, x);
        } else {
            at::silu_out(y, x);
        }
    }
    // Its backward: gx from gy, with the saved input x and output y.
    static void bwd(const char* op, const at::Tensor& gy, const at::Tensor& x, const at::Tensor& y,
                    at::Tensor& gx) {
        const std::string o = op;
        if (o == "relu") {
            at::threshold_backward_out(gx, gy, y, 0);
        } else if (o == "sigmoid") {
            at::sigmoid_backward_out(gx, gy, y);
        } else if (o == "tanh") {
            at::tanh_backward_out(gx, gy, y);
        } else {
            at::silu_backward_out(gx, gy, x);
        }
    }

    void run(act a) {
        switch (a) {
            case act::relu:
                at::clamp_min_out(out, in, 0);
                at::threshold_backward_out(gin, g, out, 0);
                return;
            case act::sigmoid:
                at::sigmoid_out(out, in);
                at::sigmoid_backward_out(gin, g, out);
                return;
            case act::tanh:
                at::tanh_out(out, in);
                at::tanh_backward_out(gin, g, out);
                return;
            case act::gelu:
                at::gelu_out(out, in);
                at::gelu_backward_out(gin, g, in);
                return;
            case act::silu:
                at::silu_out(out, in);
                at::silu_backward_out(gin, g, in);
                return;
            case act::mish:
                at::mish_out(out, in);
                gin.copy_(at::mish_backward(g, in));  // no _out variant in libtorch 1.13
                return;
            case act::gelu_tanh:
                at::gelu_out(out, in, "tanh");
                at::gelu_backward_out(gin, g, in, "tanh");
                return;
            case act::elu:
                at::elu_out(out, in, 1, 1, 1);
                at::elu_backward_out(gin, g, 1, 1, 1, false, in);
                return;
            case act::softplus:
                at::softplus_out(out, in, 1, 20);
                at::softplus_backward_out(gin, g, in, 1, 20);
                return;
            case act::hardswish:
                at::hardswish_out(out, in);
                at::hardswish_backward_out(gin, g, in);
                return;
            case act::log_sigmoid:
                at::log_sigmoid_forward_out(out, t[0], in);  // t[0]: the buffer autograd saves
                at::log_sigmoid_backward_out(gin, g, in, t[0]);
                return;
            case act::sigmoid_relu:
                at::clamp_min_out(t[0], in, 0);
                at::sigmoid_out(out, t[0]);
                at::sigmoid_backward_out(t[1], g, out);
                at::threshold_backward_out(gin, t[1], t[0], 0);
                return;
            case act::x_tanh_softplus: {
                at::Tensor& sp = t[0];
                at::Tensor& th = t[1];
                at::softplus_out(sp, in, 1, 20);
                at::tanh_out(th, sp);
                at::mul_out(out, in, th);
                at::mul_out(t[2], g, th);  // d out / d x (direct)
                at::mul_out(t[3], g, in);  // d out / d th
                at::tanh_backward_out(t[4], t[3], th);
                at::softplus_backward_out(t[5], t[4], in, 1, 20);
                at::add_out(gin, t[2], t[5]);
                return;
            }
            case act::chain10:
                break;
        }
        static const char* ops[10] = {"tanh",    "sigmoid", "relu", "silu", "tanh",
                                      "sigmoid", "relu",    "silu", "tanh", "sigmoid"};
        // t[0..9]: the outputs of the ten stages (t[9] is written to out).
        for (int k = 0; k < 10; ++k) fwd(ops[k], k == 0 ? in : t[k - 1], k == 9 ? out : t[k]);
        // t[10..19]: gradients flowing back.
        for (int k = 9; k >= 0; --k) {
            const at::Tensor& gy = k == 9 ? g : t[10 + k + 1];
            const at::Tensor& xk = k == 0 ? in : t[k - 1];
            const at::Tensor& yk = k == 9 ? out : t[k];
            bwd(ops[k], gy, xk, yk, k == 0 ? gin : t[10 + k]);
        }
    }
};

}  // namespace

void register_torch(const std::vector<std::size_t>& sizes) {
    at::set_num_threads(1);
    for (const std::size_t n : sizes) {
        for (const act a : all_acts) {
            const std::string name_ = std::string(name(a)) + "/torch/" + std::to_string(n);
            remember(name_, n, [a](data& d) { torch_run(d).run(a); });
            benchmark::RegisterBenchmark(name_.c_str(), [a, n](benchmark::State& state) {
                torch_run r(data_of(n));
                for (auto _ : state) {
                    r.run(a);
                    benchmark::ClobberMemory();
                }
                state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                                        static_cast<std::int64_t>(n));
            })->Unit(benchmark::kMicrosecond);
        }
    }
}

}  // namespace bench

#else

namespace bench {
void register_torch(const std::vector<std::size_t>&) {}
}  // namespace bench

#endif
