// The scalar AD peers on the same work, each compiled only when found:
// Boost.Math autodiff `fvar<float, 1>`, Ceres `Jet<float, 1>`, and ADOL-C
// (a tape per activation, recorded once, replayed per element with
// fos_forward: value and first derivative; ADOL-C computes in double).

#include "activations.hpp"

#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#ifdef CTDIFF_BENCH_FVAR
#include <boost/math/differentiation/autodiff.hpp>
#endif
#ifdef CTDIFF_BENCH_CERES
#include <ceres/jet.h>
#endif
#ifdef CTDIFF_BENCH_ADOLC
#include <adolc/adolc.h>
#endif

namespace bench {
namespace {

template <class F>
void add_peer(const char* peer, act a, std::size_t n, F f) {
    const std::string name_ = std::string(name(a)) + "/" + peer + "/" + std::to_string(n);
    remember(name_, n, f);
    benchmark::RegisterBenchmark(name_.c_str(), [n, f](benchmark::State& state) {
        data& d = data_of(n);
        for (auto _ : state) {
            f(d);
            benchmark::DoNotOptimize(d.out.data());
            benchmark::DoNotOptimize(d.gin.data());
            benchmark::ClobberMemory();
        }
        state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
    })->Unit(benchmark::kMicrosecond);
}

#ifdef CTDIFF_BENCH_FVAR
void fvar_loop(act a, data& d) {
    namespace ad = boost::math::differentiation;
    const auto relu = [](const auto& v) { return v > 0.0f ? v : v * 0.0f; };
    for (std::size_t i = 0; i < d.in.size(); ++i) {
        const auto v = ad::make_fvar<float, 1>(d.in[i]);
        const auto y = generic::apply(a, v, relu);
        d.out[i] = y.derivative(0);
        d.gin[i] = y.derivative(1) * d.gout[i];
    }
}
#endif

#ifdef CTDIFF_BENCH_CERES
void jet_loop(act a, data& d) {
    using J = ceres::Jet<float, 1>;
    const auto relu = [](const J& v) { return v.a > 0.0f ? v : J(0.0f); };
    for (std::size_t i = 0; i < d.in.size(); ++i) {
        const J y = generic::apply(a, J(d.in[i], 0), relu);
        d.out[i] = y.a;
        d.gin[i] = y.v[0] * d.gout[i];
    }
}
#endif

#ifdef CTDIFF_BENCH_ADOLC
short tape_of(act a) {
    static bool taped[16] = {};
    const short tag = static_cast<short>(static_cast<int>(a) + 1);
    if (!taped[tag]) {
        trace_on(tag);
        adouble v;
        v <<= 0.5;
        const auto relu = [](const adouble& u) { return adouble(fmax(u, 0.0)); };
        adouble y = generic::apply(a, v, relu);
        double out = 0;
        y >>= out;
        trace_off();
        taped[tag] = true;
    }
    return tag;
}
void adolc_loop(short tag, data& d) {
    for (std::size_t i = 0; i < d.in.size(); ++i) {
        double x0 = d.in[i], x1 = 1.0, y0 = 0, y1 = 0;
        fos_forward(tag, 1, 1, 0, &x0, &x1, &y0, &y1);
        d.out[i] = static_cast<float>(y0);
        d.gin[i] = static_cast<float>(y1) * d.gout[i];
    }
}
#endif

}  // namespace

void register_peers(const std::vector<std::size_t>& sizes) {
    for (const std::size_t n : sizes) {
        for (const act a : scalar_peer_acts) {
#ifdef CTDIFF_BENCH_FVAR
            add_peer("fvar", a, n, [a](data& d) { fvar_loop(a, d); });
#endif
#ifdef CTDIFF_BENCH_CERES
            add_peer("jet", a, n, [a](data& d) { jet_loop(a, d); });
#endif
#ifdef CTDIFF_BENCH_ADOLC
            const short tag = tape_of(a);
            add_peer("adolc", a, n, [tag](data& d) { adolc_loop(tag, d); });
#endif
            (void)a;
            (void)n;
        }
    }
}

}  // namespace bench
