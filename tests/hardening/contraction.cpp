// Compiled with FMA instructions and GCC's default floating-point contraction
// (-march=x86-64-v3 -ffp-contract=fast: `a * b + c` may become one fma), as users
// who build with -march=native compile ctdiff. The rules whose numerics rest on
// error-free transformations (a rounded product and its exact error by fma) must
// keep them: gelu (norm_cdf's correction) and geglu, gelu_tanh (z as a double word), the
// double-lane double-word formulas, and every rule that splits a product with
// math::two_prod (softplus's and snake's beta x and alpha x, norm_pdf's u^2,
// dsigmoid's (1 + e)^2, squareplus'' in double words, the float-lane erfc and
// normal kernels of math/simd.hpp), on the array route and the scalar one,
// float and double, against long double references. Exit code 77 (skipped)
// on a CPU without AVX2 and FMA.
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

namespace {

constexpr auto x = ctdiff::var<"x">;

long double phi(long double u) { return std::exp(-u * u / 2) / std::sqrt(2 * std::acos(-1.0L)); }
long double cdf(long double u) { return std::erfc(-u / std::sqrt(2.0L)) / 2; }

// A reference value and first derivative.
struct value_slope {
    long double value, derivative;
};
// gelu_tanh in long double through sigma(2z) = (1 + tanh z) / 2 (no cancellation).
value_slope gelu_tanh_long(long double u) {
    const long double k = std::sqrt(2 / std::acos(-1.0L)), c = 0.044715L;
    const long double z = k * (u + c * u * u * u);
    const long double s = 1 / (1 + std::exp(-2 * z));  // (1 + tanh z) / 2
    return {u * s, s + u * 2 * s * (1 - s) * k * (1 + 3 * c * u * u)};
}

template <class T>
double ulps(T v, long double ref) {
    const T r = static_cast<T>(ref);
    if (v == r) return 0;
    if (!std::isfinite(v) || !std::isfinite(r)) return std::numeric_limits<double>::infinity();
    const long double ulp = std::nextafter(std::fabs(r), std::numeric_limits<T>::infinity()) - std::fabs(r);
    return static_cast<double>(std::fabs(static_cast<long double>(v) - ref) / ulp);
}

int failures = 0;

template <class T>
void check(const char* name, const std::vector<T>& in, const std::vector<T>& y, const std::vector<T>& g,
           const auto& reference, double limit) {
    double worst_v = 0, worst_d = 0;
    T at_v = 0, at_d = 0;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const auto [rv, rd] = reference(static_cast<long double>(in[i]));
        // The underflow band, and derivatives below 1e-3 (beside the zero of gelu' near
        // -0.75, where the long double reference loses digits), are the accuracy
        // suite's business; this test is about contraction (hundreds of ULP).
        if (std::fabs(rv) > 1e4L * std::numeric_limits<T>::min() && ulps(y[i], rv) > worst_v) {
            worst_v = ulps(y[i], rv);
            at_v = in[i];
        }
        if (std::fabs(rd) > 1e-3L && ulps(g[i], rd) > worst_d) {
            worst_d = ulps(g[i], rd);
            at_d = in[i];
        }
    }
    const bool ok = worst_v <= limit && worst_d <= limit;
    failures += !ok;
    std::printf("%-28s value %6.2f ULP at %-14.8g derivative %6.2f ULP at %-14.8g %s\n", name, worst_v,
                static_cast<double>(at_v), worst_d, static_cast<double>(at_d), ok ? "ok" : "FAILED");
}

template <class T>
void run(const char* type) {
    std::vector<T> in;
    for (long double v = -60; v < 12; v += 0.00731L) in.push_back(static_cast<T>(v));
    const std::vector<T> ones(in.size(), T(1));
    std::vector<T> y(in.size()), g(in.size()), ys(in.size()), gs(in.size());
    const auto gelu_ref = [](long double u) { return value_slope{u * cdf(u), cdf(u) + u * phi(u)}; };
    // The array route and the scalar one, each against the reference.
    const auto both_routes = [&](const char* label, const auto& e, const auto& reference, bool array = true) {
        char name[64];
        if (array) {
            ctdiff::forward_backward(e, in, ones, y, g);
            std::snprintf(name, sizeof name, "%s %s array", label, type);
            check(name, in, y, g, reference, 4);
        }
        for (std::size_t i = 0; i < in.size(); ++i) {
            const auto r = ctdiff::value_and_derivative(e, x = in[i]);
            ys[i] = r.value;
            gs[i] = r.derivative;
        }
        std::snprintf(name, sizeof name, "%s %s scalar", label, type);
        check(name, in, ys, gs, reference, 4);
    };
    both_routes("gelu", ctdiff::gelu(x), gelu_ref);
    both_routes("gelu_tanh", ctdiff::gelu_tanh(x), gelu_tanh_long);
    // geglu with a gate: float batches take u_cdf_and_slope_precise (its hi + lo steps).
    both_routes("geglu(x, -1.5)", ctdiff::geglu(x, T(-1.5)), [&](long double u) {
        const value_slope r = gelu_ref(u);
        return value_slope{-1.5L * r.value, -1.5L * r.derivative};
    });
    // Parameters that are not powers of 2, so that beta x and alpha x round (their
    // products are exact in long double for float and double x).
    both_routes("softplus(x, 1.25)", ctdiff::softplus(x, 1.25), [](long double u) {
        const long double z = 1.25L * u;
        if (z > 20) return value_slope{u, 1};
        return value_slope{std::log1p(std::exp(z)) / 1.25L, 1 / (1 + std::exp(-z))};
    });
    // snake with alpha != 1: alpha x rounds, and x + sin^2(alpha x) / alpha cancels near
    // x = -1.5 (its steps are error-free transformations with explicit fma).
    both_routes("snake(x, 0.75)", ctdiff::snake(x, 0.75), [](long double u) {
        const long double t = 0.75L * u, s = std::sin(t);
        return value_slope{u + s * s / 0.75L, 1 + std::sin(2 * t)};
    });
    both_routes("dsigmoid", ctdiff::dsigmoid(x), [](long double u) {
        const long double e = std::exp(-std::fabs(u)), v = e / ((1 + e) * (1 + e));
        return value_slope{v, -v * std::tanh(u / 2)};
    });
    both_routes("norm_pdf", ctdiff::norm_pdf(x), [](long double u) {
        const long double h = u * u, l = std::fma(u, u, -h);  // u^2 = h + l
        const long double v = std::exp(-h / 2) * (1 - l / 2) / std::sqrt(2 * std::acos(-1.0L));
        return value_slope{v, -u * v};
    });
    // squareplus' and squareplus'' (b v^3 / 2 in double words on double lanes), b = 4.
    both_routes("squareplus'", ctdiff::d(ctdiff::squareplus(x), x), [](long double u) {
        const long double r = std::sqrt(u * u + 4);
        return value_slope{u >= 0 ? (1 + u / r) / 2 : 2 / (r * (r - u)), 2 / (r * r * r)};
    });
}

}  // namespace

int main() {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) {
        std::printf("no AVX2 and FMA on this CPU: skipped\n");
        return 77;
    }
#endif
    run<float>("float");
    run<double>("double");
    return failures == 0 ? 0 : 1;
}
