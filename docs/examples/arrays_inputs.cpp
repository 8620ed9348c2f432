// The arrays guide (docs/arrays.md): users' storage (pointer + length, Eigen
// when it is there), several input ranges bound by name, PyTorch's glu
// layout, the layer API and RReLU's training mode. Every result is checked
// against closed forms computed here by hand.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <cstdio>
#include <vector>
#ifdef CTDIFF_EXAMPLE_EIGEN
#include <Eigen/Core>
#endif

namespace {
int failures = 0;
void expect(bool ok, const char* what) {
    if (!ok) {
        std::printf("FAILED: %s\n", what);
        ++failures;
    }
}
bool close(double p, double q) { return std::fabs(p - q) <= 1e-6 * (1 + std::fabs(q)); }
double sigm(double v) { return 1 / (1 + std::exp(-v)); }
}  // namespace

int main() {
    using namespace ctdiff;
    constexpr auto x = var<"x">;
    const std::size_t n = 37;

    {
        std::vector<float> buffer(n), result(n);
        for (std::size_t i = 0; i < n; ++i) buffer[i] = -3.0f + 0.25f * static_cast<float>(i);
        //! [pointer]
        const float* p = buffer.data();  // storage that arrives as a pointer and a length
        float* q = result.data();
        forward(sigmoid(x), view(p, n), view(q, n));
        //! [pointer]
        for (std::size_t i = 0; i < n; ++i) expect(close(result[i], sigm(buffer[i])), "view(p, n)");
    }

#ifdef CTDIFF_EXAMPLE_EIGEN
    {
        //! [eigen]
        Eigen::ArrayXf z = Eigen::ArrayXf::LinSpaced(64, -4.0f, 4.0f), h(64);
        forward(silu(x), z, h);  // Eigen arrays, vectors, Maps with unit stride
        Eigen::MatrixXd m = Eigen::MatrixXd::Random(8, 4), dm(8, 4);
        backward(tanh(x), m, Eigen::MatrixXd::Ones(8, 4).eval(), dm);  // a matrix as flat storage
        //! [eigen]
        for (Eigen::Index i = 0; i < 64; ++i) expect(close(h[i], z[i] * sigm(z[i])), "Eigen array");
        for (Eigen::Index i = 0; i < m.size(); ++i)
            expect(close(dm.data()[i], 1 - std::pow(std::tanh(m.data()[i]), 2)), "Eigen matrix");
    }
#endif

    {
        std::vector<float> a_in(n), b_in(n), grad_out(n, 1.0f);
        for (std::size_t i = 0; i < n; ++i) {
            a_in[i] = -2.0f + 0.1f * static_cast<float>(i);
            b_in[i] = 1.5f - 0.08f * static_cast<float>(i);
        }
        //! [inputs]
        constexpr auto a = var<"a">;
        constexpr auto b = var<"b">;
        std::vector<float> out(n), grad_a(n), grad_b(n);
        // out = silu(a) * b, grad_a = d out / d a * grad_out, grad_b = d out / d b * grad_out: one pass
        forward_backward(silu(a) * b, grad_out, out, input(a, a_in, grad_a), input(b, b_in, grad_b));
        forward(silu(a) * b, out, input(a, a_in), input(b, b_in));  // forward needs no gradient ranges
        //! [inputs]
        for (std::size_t i = 0; i < n; ++i) {
            const double s = sigm(a_in[i]);
            expect(close(out[i], a_in[i] * s * b_in[i]), "silu(a) * b");
            expect(close(grad_a[i], s * (1 + a_in[i] * (1 - s)) * b_in[i]), "d/da");
            expect(close(grad_b[i], a_in[i] * s), "d/db");
        }
        //! [inputs_parameter]
        constexpr auto c = var<"c">;  // a scalar parameter beside the ranges: its gradient is summed
        const auto g =
            backward(a * sigmoid(c * b), grad_out, input(a, a_in, grad_a), input(b, b_in, grad_b), c = 2.0f);
        const float dc = g[c];  // sum over i of d f / d c (a_in[i], b_in[i]) * grad_out[i]
        //! [inputs_parameter]
        double ref = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const double s = sigm(2.0 * b_in[i]);
            ref += a_in[i] * s * (1 - s) * b_in[i];
        }
        expect(close(dc, ref), "summed d/dc");
    }

    {
        const std::size_t half = 16;
        std::vector<double> in(2 * half), grad_out(half, 1.0);
        for (std::size_t i = 0; i < in.size(); ++i) in[i] = std::sin(static_cast<double>(i));
        //! [glu]
        constexpr auto a = var<"a">;
        constexpr auto b = var<"b">;
        std::vector<double> out(half), grad_in(2 * half);
        // PyTorch's glu: in = [values | gates], 2n elements; grad_in the same layout.
        forward_backward(a * sigmoid(b), grad_out, out, halves(a, b, in, grad_in));
        //! [glu]
        for (std::size_t i = 0; i < half; ++i) {
            const double s = sigm(in[half + i]);
            expect(close(out[i], in[i] * s), "glu value");
            expect(close(grad_in[i], s), "glu d/da");
            expect(close(grad_in[half + i], in[i] * s * (1 - s)), "glu d/db");
        }
    }

    {
        std::vector<float> z(n), grad_h(n, 0.5f);
        for (std::size_t i = 0; i < n; ++i) z[i] = -3.0f + 0.2f * static_cast<float>(i);
        //! [layer]
        constexpr auto f = x * tanh(log1p(exp(x)));  // mish, written out
        std::vector<float> h(n), saved(n), grad_z(n);
        forward_save(f, z, h, saved);  // h = f(z), saved = f'(z)
        // ... the layers above run, and grad_h arrives ...
        backward_saved(saved, grad_h, grad_z);  // grad_z = saved * grad_h: f is not evaluated again
        //! [layer]
        std::vector<float> h2(n), grad_z2(n);
        forward_backward(f, z, grad_h, h2, grad_z2);
        for (std::size_t i = 0; i < n; ++i) {
            expect(h[i] == h2[i], "forward_save's value");
            expect(grad_z[i] == grad_z2[i], "backward_saved's gradient");
        }
    }

    {
        std::vector<float> in(n), grad_out(n, 1.0f);
        for (std::size_t i = 0; i < n; ++i) in[i] = -2.0f + 0.11f * static_cast<float>(i);
        //! [rrelu]
        const rrelu_training r(1.0 / 8, 1.0 / 3, /*seed*/ 42);  // lower > upper throws
        std::vector<float> out(n), saved(n), grad_in(n);
        forward_save(r, in, out, saved);           // out = in or slope_i * in, slope_i ~ U(lower, upper)
        backward_saved(saved, grad_out, grad_in);  // the same slopes
        backward(r, in, grad_out, grad_in);        // or drawn again from the seed: the same slopes
        //! [rrelu]
        for (std::size_t i = 0; i < n; ++i) {
            const float s = r.slope<float>(i);
            expect(s >= 0.125f && s <= 1.0f / 3, "slope in [lower, upper]");
            expect(out[i] == (in[i] > 0 ? in[i] : s * in[i]), "rrelu value");
            expect(grad_in[i] == (in[i] > 0 ? 1.0f : s), "rrelu gradient");
        }
    }

    std::printf("%d mismatches: %s\n", failures, failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}
