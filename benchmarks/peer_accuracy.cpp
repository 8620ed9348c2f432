// The accuracy of the peers' float activations, forward and backward, beside ctdiff's array
// route on the same inputs: max errors in ULPs against long double references (closed forms
// with no cancellation: sigmoid and tanh from e^-|x|, expm1, log1p), over a sample of every
// float bit pattern with |x| < 15 (every 4099th of each sign), outside the subnormal band,
// where the peers flush. A derivative's error near its zero is measured against the floor the
// accuracy suite uses there (the larger |f'| a quarter of max(1, |z|) away). Issue #12: the
// price of ctdiff's 4-ULP promise is measured against these, and the table of
// docs/benchmarks.md "The peers' accuracy beside ctdiff's" comes from this program. Optional target
// ctdiff_peer_accuracy, built when oneDNN and libtorch are both found.
#include <ATen/ATen.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctdiff/ctdiff.hpp>
#include <dnnl.hpp>
#include <functional>
#include <limits>
#include <span>
#include <vector>

namespace {

using L = long double;

double ulp_err(float c, L r, L floor) {
    if (std::isnan(static_cast<double>(r))) return std::isnan(c) ? 0 : INFINITY;
    const L m = std::max(fabsl(r), floor);
    int e;
    frexpl(m, &e);
    return static_cast<double>(fabsl(static_cast<L>(c) - r) / ldexpl(1.0L, std::max(e - 24, -149)));
}

L sigma(L u) {
    const L e = expl(-fabsl(u));
    return u >= 0 ? 1 / (1 + e) : e / (1 + e);
}
L dsigma(L u) {
    const L e = expl(-fabsl(u));
    return e / ((1 + e) * (1 + e));
}
L softplus(L u) { return u > 0 ? u + log1pl(expl(-u)) : log1pl(expl(u)); }
L sech2(L u) {  // 4 e / (1 + e)^2, e = e^-2|u|
    const L e = expl(-2 * fabsl(u));
    return 4 * e / ((1 + e) * (1 + e));
}
const L pi = 3.14159265358979323846264338327950288L;
const L gelu_tanh_k = 2 * sqrtl(2 / pi);  // z = k (u + 0.044715 u^3), gelu_tanh = u sigma(z)

struct reference {
    L value, derivative;
};

using floats = std::vector<float>;
using torch_pass =
    std::function<void(const at::Tensor& in, const at::Tensor& g, at::Tensor& out, at::Tensor& gin)>;
using ctdiff_pass =
    std::function<void(std::span<const float>, std::span<const float>, std::span<float>, std::span<float>)>;

struct activation {
    const char* name;
    dnnl::algorithm alg;
    float alpha;
    torch_pass torch;
    ctdiff_pass ours;
    reference (*ref)(L);
    L zero;  // the derivative's zero crossing, or NaN
};

template <class E>
ctdiff_pass pass_of(E e) {
    return [e](std::span<const float> in, std::span<const float> g, std::span<float> out,
               std::span<float> gin) { ctdiff::forward_backward(e, in, g, out, gin); };
}

void dnnl_pass(const activation& a, floats& in, floats& g, floats& out, floats& gin) {
    dnnl::engine eng(dnnl::engine::kind::cpu, 0);
    dnnl::stream s(eng);
    dnnl::memory::desc md({static_cast<long>(in.size())}, dnnl::memory::data_type::f32,
                          dnnl::memory::format_tag::a);
    dnnl::eltwise_forward::primitive_desc fpd(
        dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_training, a.alg, md, a.alpha, 0.0f), eng);
    dnnl::eltwise_backward::primitive_desc bpd(dnnl::eltwise_backward::desc(a.alg, md, md, a.alpha, 0.0f),
                                               eng, fpd);
    dnnl::memory src(md, eng, in.data()), dst(md, eng, out.data()), dd(md, eng, g.data()),
        ds(md, eng, gin.data());
    dnnl::eltwise_forward(fpd).execute(s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
    dnnl::eltwise_backward(bpd).execute(
        s, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, dd}, {DNNL_ARG_DIFF_SRC, ds}});
    s.wait();
}

at::Tensor wrap(floats& v) { return at::from_blob(v.data(), {static_cast<long>(v.size())}, at::kFloat); }

struct worst {
    double value = 0, derivative = 0;
    float value_at = 0, derivative_at = 0;
};

worst measure(const activation& a, const floats& in, const floats& out, const floats& gin) {
    constexpr L band = 1.1754943508222875e-38L * 16777216.0L;  // 2^24 times the least normal float
    const bool has_zero = !std::isnan(static_cast<double>(a.zero));
    const L width = std::max(L(1), fabsl(a.zero)) / 4;
    const L floor =
        has_zero ? std::max(fabsl(a.ref(a.zero - width).derivative), fabsl(a.ref(a.zero + width).derivative))
                 : 0;
    worst w;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const reference r = a.ref(in[i]);
        if (!(fabsl(r.value) < band && r.value != 0)) {
            const double e = ulp_err(out[i], r.value, 0);
            if (e > w.value) w.value = e, w.value_at = in[i];
        }
        if (!(fabsl(r.derivative) < band && r.derivative != 0)) {
            const L f = has_zero && fabsl(in[i] - a.zero) <= width ? floor : 0;
            const double e = ulp_err(gin[i], r.derivative, f);
            if (e > w.derivative) w.derivative = e, w.derivative_at = in[i];
        }
    }
    return w;
}

}  // namespace

int main() {
    constexpr auto x = ctdiff::var<"x">;
    using A = dnnl::algorithm;
    const L nan = std::numeric_limits<L>::quiet_NaN();
    const std::vector<activation> activations = {
        {"relu", A::eltwise_relu, 0.0f,
         [](const at::Tensor& i, const at::Tensor& g, at::Tensor& o, at::Tensor& gi) {
             at::clamp_min_out(o, i, 0);
             at::threshold_backward_out(gi, g, o, 0);
         },
         pass_of(ctdiff::relu(x)),
         [](L u) {
             return reference{u > 0 ? u : 0, L(u > 0 ? 1 : 0)};
         },
         nan},
        {"sigmoid", A::eltwise_logistic, 0.0f,
         [](const at::Tensor& i, const at::Tensor& g, at::Tensor& o, at::Tensor& gi) {
             at::sigmoid_out(o, i);
             at::sigmoid_backward_out(gi, g, o);
         },
         pass_of(ctdiff::sigmoid(x)),
         [](L u) {
             return reference{sigma(u), dsigma(u)};
         },
         nan},
        {"tanh", A::eltwise_tanh, 0.0f,
         [](const at::Tensor& i, const at::Tensor& g, at::Tensor& o, at::Tensor& gi) {
             at::tanh_out(o, i);
             at::tanh_backward_out(gi, g, o);
         },
         pass_of(ctdiff::tanh(x)),
         [](L u) {
             return reference{tanhl(u), sech2(u)};
         },
         nan},
        {"gelu", A::eltwise_gelu_erf, 0.0f,
         [](const at::Tensor& i, const at::Tensor& g, at::Tensor& o, at::Tensor& gi) {
             at::gelu_out(o, i);
             at::gelu_backward_out(gi, g, i);
         },
         pass_of(ctdiff::gelu(x)),
         [](L u) {
             const L c = 0.5L * erfcl(-u / sqrtl(2.0L));
             return reference{u * c, c + u * expl(-u * u / 2) / sqrtl(2 * pi)};
         },
         -0.7518L},
        {"gelu_tanh", A::eltwise_gelu_tanh, 0.0f,
         [](const at::Tensor& i, const at::Tensor& g, at::Tensor& o, at::Tensor& gi) {
             at::gelu_out(o, i, "tanh");
             at::gelu_backward_out(gi, g, i, "tanh");
         },
         pass_of(ctdiff::gelu_tanh(x)),
         [](L u) {
             const L z = gelu_tanh_k * (u + 0.044715L * u * u * u);
             const L dz = gelu_tanh_k * (1 + 3 * 0.044715L * u * u);
             return reference{u * sigma(z), sigma(z) + u * dsigma(z) * dz};
         },
         -0.7525L},
        {"silu", A::eltwise_swish, 1.0f,
         [](const at::Tensor& i, const at::Tensor& g, at::Tensor& o, at::Tensor& gi) {
             at::silu_out(o, i);
             at::silu_backward_out(gi, g, i);
         },
         pass_of(ctdiff::silu(x)),
         [](L u) {
             return reference{u * sigma(u), sigma(u) + u * dsigma(u)};
         },
         -1.2785L},
        {"mish", A::eltwise_mish, 0.0f,
         [](const at::Tensor& i, const at::Tensor& g, at::Tensor& o, at::Tensor& gi) {
             at::mish_out(o, i);
             gi.copy_(at::mish_backward(g, i));
         },
         pass_of(ctdiff::mish(x)),
         [](L u) {
             const L sp = softplus(u);
             return reference{u * tanhl(sp), tanhl(sp) + u * sech2(sp) * sigma(u)};
         },
         -1.1924L},
        {"elu", A::eltwise_elu, 1.0f,
         [](const at::Tensor& i, const at::Tensor& g, at::Tensor& o, at::Tensor& gi) {
             at::elu_out(o, i, 1, 1, 1);
             at::elu_backward_out(gi, g, 1, 1, 1, false, i);
         },
         pass_of(ctdiff::elu(x)),
         [](L u) {
             return reference{u > 0 ? u : expm1l(u), u > 0 ? 1 : expl(u)};
         },
         nan},
        {"softplus", A::eltwise_soft_relu, 0.0f,
         [](const at::Tensor& i, const at::Tensor& g, at::Tensor& o, at::Tensor& gi) {
             at::softplus_out(o, i, 1, 20);
             at::softplus_backward_out(gi, g, i, 1, 20);
         },
         pass_of(ctdiff::softplus(x)),
         [](L u) {
             return reference{softplus(u), sigma(u)};
         },
         nan},
        {"log_sigmoid", A::eltwise_logsigmoid, 0.0f,
         [](const at::Tensor& i, const at::Tensor& g, at::Tensor& o, at::Tensor& gi) {
             at::Tensor buffer = at::empty_like(i);
             at::log_sigmoid_forward_out(o, buffer, i);
             at::log_sigmoid_backward_out(gi, g, i, buffer);
         },
         pass_of(ctdiff::log_sigmoid(x)),
         [](L u) {
             return reference{-softplus(-u), sigma(-u)};
         },
         nan},
    };
    floats in;
    for (std::uint32_t sign : {0u, 0x80000000u})
        for (std::uint32_t b = 0; b < 0x41700000u; b += 4099) {
            const std::uint32_t bits = b | sign;
            float f;
            std::memcpy(&f, &bits, 4);
            in.push_back(f);
        }
    const std::size_t n = in.size();
    floats g(n, 1.0f), out(n), gin(n);
    std::printf("float, %zu inputs with |x| < 15, max error in ULPs (at x), outside the subnormal band\n\n",
                n);
    std::printf(
        "| activation | oneDNN value | oneDNN derivative | libtorch value | libtorch derivative | ctdiff "
        "value | "
        "ctdiff derivative |\n|---|---|---|---|---|---|---|\n");
    for (const activation& a : activations) {
        std::printf("| %s |", a.name);
        for (int peer = 0; peer < 3; ++peer) {
            std::fill(out.begin(), out.end(), std::numeric_limits<float>::quiet_NaN());
            std::fill(gin.begin(), gin.end(), std::numeric_limits<float>::quiet_NaN());
            if (peer == 0) {
                dnnl_pass(a, in, g, out, gin);
            } else if (peer == 1) {
                at::Tensor to = wrap(out), tgi = wrap(gin);
                a.torch(wrap(in), wrap(g), to, tgi);
            } else {
                a.ours(in, g, out, gin);
            }
            const worst w = measure(a, in, out, gin);
            std::printf(" %.3g (%.9g) | %.3g (%.9g) |", w.value, w.value_at, w.derivative, w.derivative_at);
        }
        std::printf("\n");
    }
}
