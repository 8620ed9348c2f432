// Thread safety: the library keeps no mutable global state, so any number of
// threads may evaluate, differentiate and run the array kernels on the same
// expression object at once.
// Every thread must reproduce, bit for bit, what one thread computed alone.
// (Run under TSan by .ci/steps/20-sanitize.sh.)
#include <ctdiff/array.hpp>
#include <ctdiff/ctdiff.hpp>

#include <array>
#include <cstddef>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <boost/test/unit_test.hpp>

using namespace ctdiff;

namespace {

constexpr auto x = var<"x">;
constexpr auto a = var<"a">;

constexpr std::size_t points = 4096;
constexpr unsigned thread_count = 8;

struct results {
    std::vector<double> value, derivative, symbolic, third, grad_a;
    std::string printed;
};

template <class F>
results compute(const F& f, const std::vector<double>& in) {
    results r;
    const auto df = d(f, x);
    for (const double v : in) {
        r.value.push_back(f(x = v, a = 0.25));
        r.derivative.push_back(value_and_derivative(f, wrt(x), x = v, a = 0.25).derivative);
        r.symbolic.push_back(df(x = v, a = 0.25));
        r.third.push_back(derivatives<3>(f, wrt(x), x = v, a = 0.25)[3]);
        r.grad_a.push_back(gradient(f, x = v, a = 0.25)[a]);
    }
    r.printed = to_string(df);
    return r;
}

bool same_bits(const std::vector<double>& p, const std::vector<double>& q) {
    return p.size() == q.size() && std::memcmp(p.data(), q.data(), p.size() * sizeof(double)) == 0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(threads)

BOOST_AUTO_TEST_CASE(concurrent_evaluation_is_reproducible) {
    const double slope = 0.5;
    const auto f = sigmoid(prelu(x, a)) * tanh(x * slope) + exp(-x * x) * erf(x) - log1p(abs(x));
    std::vector<double> in(points);
    for (std::size_t i = 0; i < points; ++i) in[i] = -8.0 + 16.0 * static_cast<double>(i) / points;
    const results reference = compute(f, in);

    std::array<results, thread_count> got;
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < thread_count; ++t) pool.emplace_back([&, t] { got[t] = compute(f, in); });
    for (auto& th : pool) th.join();

    for (unsigned t = 0; t < thread_count; ++t) {
        BOOST_TEST(same_bits(got[t].value, reference.value));
        BOOST_TEST(same_bits(got[t].derivative, reference.derivative));
        BOOST_TEST(same_bits(got[t].symbolic, reference.symbolic));
        BOOST_TEST(same_bits(got[t].third, reference.third));
        BOOST_TEST(same_bits(got[t].grad_a, reference.grad_a));
        BOOST_TEST(got[t].printed == reference.printed);
    }
}

BOOST_AUTO_TEST_CASE(concurrent_forward_backward) {
    // One expression object and one input array shared by every thread; each
    // thread writes its own outputs, and also returns the gradient with
    // respect to a bound parameter.
    const auto f = silu(x) * prelu(x, a) + softplus(x, 2.0);
    std::vector<float> in(points), grad_out(points);
    for (std::size_t i = 0; i < points; ++i) {
        in[i] = -12.0f + 24.0f * static_cast<float>(i) / points;
        grad_out[i] = 0.5f + static_cast<float>(i % 7) / 8.0f;
    }
    std::vector<float> out_ref(points), grad_ref(points);
    const auto g_ref = forward_backward(f, in, grad_out, out_ref, grad_ref, a = 0.25f);

    std::vector<std::vector<float>> outs(thread_count, std::vector<float>(points));
    std::vector<std::vector<float>> grads(thread_count, std::vector<float>(points));
    std::array<float, thread_count> g_a{};
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < thread_count; ++t)
        pool.emplace_back([&, t] {
            for (int repeat = 0; repeat < 4; ++repeat)
                g_a[t] = forward_backward(f, in, grad_out, outs[t], grads[t], a = 0.25f)[a];
        });
    for (auto& th : pool) th.join();

    for (unsigned t = 0; t < thread_count; ++t) {
        BOOST_TEST(std::memcmp(outs[t].data(), out_ref.data(), points * sizeof(float)) == 0);
        BOOST_TEST(std::memcmp(grads[t].data(), grad_ref.data(), points * sizeof(float)) == 0);
        BOOST_TEST(g_a[t] == g_ref[a]);
    }
    // And the values are the right ones: f' from the dual pass, element by element.
    for (std::size_t i = 0; i < points; i += 97) {
        const auto r = value_and_derivative(f, wrt(x), x = in[i], a = 0.25f);
        BOOST_TEST(out_ref[i] == r.value, boost::test_tools::tolerance(1e-5f));
        BOOST_TEST(grad_ref[i] == r.derivative * grad_out[i], boost::test_tools::tolerance(1e-5f));
    }
}

BOOST_AUTO_TEST_SUITE_END()
