// oneDNN (Debian libdnnl-dev, 2.6), one thread, as a training framework calls it:
// dnnl::eltwise_forward with prop_kind::forward_training, then dnnl::eltwise_backward
// (the algorithms that take the source for the backward pass). Primitives and memory
// objects over the shared data are created once, outside the timed loop.

#include "activations.hpp"

#ifdef CTDIFF_BENCH_DNNL

#include <benchmark/benchmark.h>

#include <omp.h>
#include <dnnl.hpp>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace bench {
namespace {

struct dnnl_alg {
    dnnl::algorithm alg;
    float alpha, beta;
};

/// The oneDNN algorithm for a single activation, if it has one (PyTorch's parameters).
std::optional<dnnl_alg> dnnl_of(act a) {
    using A = dnnl::algorithm;
    switch (a) {
        case act::relu:
            return dnnl_alg{A::eltwise_relu, 0.0f, 0.0f};
        case act::sigmoid:
            return dnnl_alg{A::eltwise_logistic, 0.0f, 0.0f};
        case act::tanh:
            return dnnl_alg{A::eltwise_tanh, 0.0f, 0.0f};
        case act::gelu:
            return dnnl_alg{A::eltwise_gelu_erf, 0.0f, 0.0f};
        case act::gelu_tanh:
            return dnnl_alg{A::eltwise_gelu_tanh, 0.0f, 0.0f};
        case act::silu:
            return dnnl_alg{A::eltwise_swish, 1.0f, 0.0f};
        case act::mish:
            return dnnl_alg{A::eltwise_mish, 0.0f, 0.0f};
        case act::elu:
            return dnnl_alg{A::eltwise_elu, 1.0f, 0.0f};
        case act::softplus:  // no threshold; the data stay below PyTorch's 20
            return dnnl_alg{A::eltwise_soft_relu, 0.0f, 0.0f};
        case act::hardswish:
            return dnnl_alg{A::eltwise_hardswish, 0.0f, 0.0f};
        case act::log_sigmoid:
            return dnnl_alg{A::eltwise_logsigmoid, 0.0f, 0.0f};
        default:
            return std::nullopt;
    }
}

/// The rest of the catalogue that oneDNN has (bench_catalogue.cpp runs ctdiff and libtorch
/// on them): leaky_relu and rrelu's evaluation mode as relu with a slope, hardtanh and relu6
/// as clip_v2. oneDNN 2.6 has no hardsigmoid, selu, celu, shrinks, threshold or softsign.
struct named_dnnl_alg {
    const char* name;
    dnnl_alg p;
};
const named_dnnl_alg catalogue_dnnl[] = {
    {"leaky_relu", {dnnl::algorithm::eltwise_relu, 0.01f, 0.0f}},
    {"rrelu", {dnnl::algorithm::eltwise_relu, static_cast<float>((1.0 / 8 + 1.0 / 3) / 2), 0.0f}},
    {"hardtanh", {dnnl::algorithm::eltwise_clip_v2, -1.0f, 1.0f}},
    {"relu6", {dnnl::algorithm::eltwise_clip_v2, 0.0f, 6.0f}},
};

struct dnnl_run {
    dnnl::engine eng{dnnl::engine::kind::cpu, 0};
    dnnl::stream strm{eng};
    dnnl::eltwise_forward fwd;
    dnnl::eltwise_backward bwd;
    dnnl::memory src, dst, diff_dst, diff_src;

    dnnl_run(const dnnl_alg& p, data& d) {
        const dnnl::memory::desc md({static_cast<dnnl::memory::dim>(d.in.size())},
                                    dnnl::memory::data_type::f32, dnnl::memory::format_tag::a);
        const dnnl::eltwise_forward::primitive_desc fpd(
            dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_training, p.alg, md, p.alpha, p.beta), eng);
        const dnnl::eltwise_backward::primitive_desc bpd(
            dnnl::eltwise_backward::desc(p.alg, md, md, p.alpha, p.beta), eng, fpd);
        fwd = dnnl::eltwise_forward(fpd);
        bwd = dnnl::eltwise_backward(bpd);
        src = dnnl::memory(md, eng, d.in.data());
        dst = dnnl::memory(md, eng, d.out.data());
        diff_dst = dnnl::memory(md, eng, d.gout.data());
        diff_src = dnnl::memory(md, eng, d.gin.data());
    }
    void run() {
        fwd.execute(strm, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
        bwd.execute(strm,
                    {{DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, diff_dst}, {DNNL_ARG_DIFF_SRC, diff_src}});
        strm.wait();
    }
};

}  // namespace

void register_dnnl(const std::vector<std::size_t>& sizes) {
    omp_set_num_threads(1);
    for (const std::size_t n : sizes) {
        std::vector<std::pair<std::string, dnnl_alg>> algs;
        for (const act a : all_acts) {
            if (const auto p = dnnl_of(a)) algs.emplace_back(name(a), *p);
        }
        for (const auto& [nm, p] : catalogue_dnnl) algs.emplace_back(nm, p);
        for (const auto& [act_name, alg] : algs) {
            const std::optional<dnnl_alg> p = alg;
            const std::string name_ = act_name + "/dnnl/" + std::to_string(n);
            // --verify: the data object may be another one of the same size; build for it.
            remember(name_, n, [p](data& d) { dnnl_run(*p, d).run(); });
            benchmark::RegisterBenchmark(name_.c_str(), [p, n](benchmark::State& state) {
                dnnl_run r(*p, data_of(n));
                for (auto _ : state) {
                    r.run();
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
void register_dnnl(const std::vector<std::size_t>&) {}
}  // namespace bench

#endif
