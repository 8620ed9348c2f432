// A small MLP trained with gradient descent on two moons, its activations from
// ctdiff's array API (#13):
//   - hidden layer 1: x * sigmoid(beta * x), a user-composed activation whose
//     beta is trained too: forward, then backward, which recomputes from the
//     layer's input and returns d loss / d beta summed over the elements;
//   - hidden layer 2: x * tanh(log1p(exp(x))), the layer API: forward_save
//     writes f'(x) beside f(x), backward_saved multiplies it by the gradient.
// Plain row-major matrices in std::vector<double>; the activations run over a
// whole matrix as flat storage. Before training, the gradient of every
// parameter kind is checked against central finite differences; a mismatch
// stops the program with an error. Prints the loss as it falls.
//
// Usage: ctdiff_mlp [--seed N] [--epochs N] [--expect-below LOSS] [--break-gradient 1]
// (--break-gradient 1 spoils beta1's backprop gradient, to show the check fails.)
#include <ctdiff/ctdiff.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace ctdiff;
constexpr auto x = var<"x">;
constexpr auto beta = var<"beta">;
constexpr auto act1 = x * sigmoid(beta * x);    // trainable beta
constexpr auto act2 = x * tanh(log1p(exp(x)));  // mish, written out

constexpr std::size_t in_dim = 2, h1_dim = 16, h2_dim = 16;

/// A uniform number in [0, 1) from the generator's raw output, which the
/// standard fixes (distributions may differ between standard libraries).
double uniform(std::mt19937& g) { return (g() >> 5) * (1.0 / 134217728.0); }
double normal(std::mt19937& g) {
    const double u = uniform(g), v = uniform(g);
    return std::sqrt(-2.0 * std::log(1.0 - u)) * std::cos(6.283185307179586 * v);
}

struct data_set {
    std::vector<double> x;  // n x 2, row-major
    std::vector<double> y;  // n labels, 0 or 1
};

/// Two interleaved half circles with Gaussian noise (scikit-learn's make_moons).
data_set two_moons(std::size_t n, double noise, std::mt19937& g) {
    data_set d;
    for (std::size_t i = 0; i < n; ++i) {
        const bool upper = i % 2 == 0;
        const double t = 3.141592653589793 * uniform(g);
        const double px = upper ? std::cos(t) : 1.0 - std::cos(t);
        const double py = upper ? std::sin(t) : 0.5 - std::sin(t);
        d.x.push_back(px + noise * normal(g));
        d.x.push_back(py + noise * normal(g));
        d.y.push_back(upper ? 0.0 : 1.0);
    }
    return d;
}

struct parameters {
    std::vector<double> w1, b1, w2, b2, w3, b3;  // w: out x in, row-major
    double beta1 = 1.0;

    template <class F>
    void each(F f) {  // every parameter array, and beta1 as an array of one
        f(w1), f(b1), f(w2), f(b2), f(w3), f(b3);
    }
};

parameters initial(std::mt19937& g) {
    parameters p;
    const auto fill = [&](std::vector<double>& w, std::size_t out, std::size_t in) {
        w.resize(out * in);
        for (auto& v : w) v = normal(g) * std::sqrt(2.0 / static_cast<double>(in));
    };
    fill(p.w1, h1_dim, in_dim);
    fill(p.w2, h2_dim, h1_dim);
    fill(p.w3, 1, h2_dim);
    p.b1.assign(h1_dim, 0.0);
    p.b2.assign(h2_dim, 0.0);
    p.b3.assign(1, 0.0);
    return p;
}

/// out (n x m) = in (n x k) * w^T (w: m x k) + b
void affine(const std::vector<double>& in, std::size_t n, std::size_t k, const std::vector<double>& w,
            const std::vector<double>& b, std::size_t m, std::vector<double>& out) {
    out.assign(n * m, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < m; ++j) {
            double s = b[j];
            for (std::size_t l = 0; l < k; ++l) s += in[i * k + l] * w[j * k + l];
            out[i * m + j] = s;
        }
}

/// The gradients of affine: dw += dout^T in, db += column sums of dout, din = dout w.
void affine_backward(const std::vector<double>& in, std::size_t n, std::size_t k,
                     const std::vector<double>& w, std::size_t m, const std::vector<double>& dout,
                     std::vector<double>& dw, std::vector<double>& db, std::vector<double>* din) {
    dw.assign(m * k, 0.0);
    db.assign(m, 0.0);
    if (din) din->assign(n * k, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < m; ++j) {
            const double g = dout[i * m + j];
            db[j] += g;
            for (std::size_t l = 0; l < k; ++l) {
                dw[j * k + l] += g * in[i * k + l];
                if (din) (*din)[i * k + l] += g * w[j * k + l];
            }
        }
}

/// The mean binary cross-entropy of the logits; with grads, its gradient too.
double loss_and_gradient(const parameters& p, const data_set& d, parameters* grads) {
    const std::size_t n = d.y.size();
    std::vector<double> z1, h1(n * h1_dim), z2, h2(n * h2_dim), saved2(n * h2_dim), z3;
    affine(d.x, n, in_dim, p.w1, p.b1, h1_dim, z1);
    forward(act1, z1, h1, beta = p.beta1);  // the n x 16 matrix as flat storage
    affine(h1, n, h1_dim, p.w2, p.b2, h2_dim, z2);
    forward_save(act2, z2, h2, saved2);  // h2 = act2(z2), saved2 = act2'(z2)
    affine(h2, n, h2_dim, p.w3, p.b3, 1, z3);

    double loss = 0;
    std::vector<double> dz3(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double z = z3[i], y = d.y[i];
        loss += std::max(z, 0.0) + std::log1p(std::exp(-std::fabs(z))) - y * z;
        dz3[i] = (1.0 / (1.0 + std::exp(-z)) - y) / static_cast<double>(n);
    }
    loss /= static_cast<double>(n);
    if (!grads) return loss;

    std::vector<double> dh2, dz2(n * h2_dim), dh1, dz1(n * h1_dim);
    affine_backward(h2, n, h2_dim, p.w3, 1, dz3, grads->w3, grads->b3, &dh2);
    backward_saved(saved2, dh2, dz2);  // dz2 = act2'(z2) * dh2, f not evaluated again
    affine_backward(h1, n, h1_dim, p.w2, h2_dim, dz2, grads->w2, grads->b2, &dh1);
    const auto g = backward(act1, z1, dh1, dz1, beta = p.beta1);  // recomputes from z1
    grads->beta1 = g[beta];  // sum over the elements of d act1 / d beta * dh1
    affine_backward(d.x, n, in_dim, p.w1, h1_dim, dz1, grads->w1, grads->b1, nullptr);
    return loss;
}

/// Central finite differences against the backprop gradient, for a few
/// entries of every parameter array and for beta1. Returns the worst relative error.
double gradient_check(parameters p, const data_set& d, bool spoil) {
    parameters grads;
    loss_and_gradient(p, d, &grads);
    if (spoil) grads.beta1 *= 1.001;
    const double h = 1e-5;
    double worst = 0;
    const auto compare = [&](double& theta, double analytic, const char* what, std::size_t k) {
        const double keep = theta;
        theta = keep + h;
        const double up = loss_and_gradient(p, d, nullptr);
        theta = keep - h;
        const double down = loss_and_gradient(p, d, nullptr);
        theta = keep;
        const double numeric = (up - down) / (2 * h);
        const double err =
            std::fabs(numeric - analytic) / std::max(1e-4, std::fabs(numeric) + std::fabs(analytic));
        if (err > worst) worst = err;
        if (err > 1e-5)
            std::printf("gradient check: %s[%zu]: backprop %.10g, finite difference %.10g\n", what, k,
                        analytic, numeric);
    };
    const char* names[] = {"w1", "b1", "w2", "b2", "w3", "b3"};
    std::vector<std::vector<double>*> ps, gs;
    p.each([&](std::vector<double>& v) { ps.push_back(&v); });
    grads.each([&](std::vector<double>& v) { gs.push_back(&v); });
    for (std::size_t a = 0; a < ps.size(); ++a)
        for (std::size_t k = 0; k < ps[a]->size(); k += 1 + ps[a]->size() / 5)
            compare((*ps[a])[k], (*gs[a])[k], names[a], k);
    compare(p.beta1, grads.beta1, "beta1", 0);
    return worst;
}

}  // namespace

int main(int argc, char** argv) {
    unsigned seed = 1;
    int epochs = 500;
    bool spoil = false;
    double expect_below = -1;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string arg = argv[i];
        if (arg == "--seed") seed = static_cast<unsigned>(std::strtoul(argv[i + 1], nullptr, 10));
        if (arg == "--epochs") epochs = std::atoi(argv[i + 1]);
        if (arg == "--expect-below") expect_below = std::strtod(argv[i + 1], nullptr);
        if (arg == "--break-gradient") spoil = std::atoi(argv[i + 1]) != 0;
    }
    std::mt19937 g(seed);
    const data_set d = two_moons(256, 0.1, g);
    parameters p = initial(g);

    const double worst = gradient_check(p, d, spoil);
    std::printf("gradient check against finite differences: worst relative error %.2e\n", worst);
    if (!(worst <= 1e-5)) {
        std::printf("FAILED: backprop and finite differences disagree\n");
        return 1;
    }

    // Gradient descent with momentum, the whole data set per step.
    parameters velocity = p, grads;
    velocity.each([](std::vector<double>& v) { v.assign(v.size(), 0.0); });
    velocity.beta1 = 0;
    const double rate = 0.5, momentum = 0.9;
    double first = 0, last = 0;
    for (int epoch = 0; epoch <= epochs; ++epoch) {
        last = loss_and_gradient(p, d, &grads);
        if (epoch == 0) first = last;
        if (epoch % (epochs / 10 == 0 ? 1 : epochs / 10) == 0)
            std::printf("epoch %5d  loss %.6f  beta1 %.4f\n", epoch, last, p.beta1);
        if (!std::isfinite(last)) break;
        std::vector<std::vector<double>*> ps, vs, gs;
        p.each([&](std::vector<double>& v) { ps.push_back(&v); });
        velocity.each([&](std::vector<double>& v) { vs.push_back(&v); });
        grads.each([&](std::vector<double>& v) { gs.push_back(&v); });
        for (std::size_t a = 0; a < ps.size(); ++a)
            for (std::size_t k = 0; k < ps[a]->size(); ++k) {
                (*vs[a])[k] = momentum * (*vs[a])[k] - rate * (*gs[a])[k];
                (*ps[a])[k] += (*vs[a])[k];
            }
        velocity.beta1 = momentum * velocity.beta1 - rate * grads.beta1;
        p.beta1 += velocity.beta1;
    }
    std::printf("loss: first %.6f, last %.6f\n", first, last);
    if (expect_below >= 0 && !(last < expect_below)) {
        std::printf("FAILED: the final loss %.6f is not below %.6f\n", last, expect_below);
        return 1;
    }
    return 0;
}
