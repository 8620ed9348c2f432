// Arrays on several threads (issue #12): ctdiff::parallel{n} gives bit for bit what the
// one-thread call gives, at every split (pieces of one batch and up, odd tails, more
// threads than pieces), in place too; a thread count below 1 is an error naming the function.

#include <cmath>
#include <cstddef>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <ctdiff/array/parallel.hpp>
#include <ctdiff/ctdiff.hpp>

namespace {

using namespace ctdiff;
constexpr auto x = var<"x">;
constexpr auto a = var<"a">;

template <class T>
std::vector<T> random_values(std::size_t n, unsigned seed) {
    std::mt19937 gen(seed);
    std::uniform_real_distribution<T> dist(T(-8), T(8));
    std::vector<T> v(n);
    for (auto& e : v) e = dist(gen);
    if (n > 3) {
        v[0] = T(0);
        v[1] = -T(0);
        v[n - 1] = std::numeric_limits<T>::quiet_NaN();
    }
    return v;
}

template <class T>
bool same_bits(const std::vector<T>& p, const std::vector<T>& q) {
    // memcmp may not be given the null data() of an empty vector, even for 0 bytes.
    return p.size() == q.size() && (p.empty() || std::memcmp(p.data(), q.data(), p.size() * sizeof(T)) == 0);
}

/// The same bits, except that a NaN matches any NaN: forward computes a value on plain
/// numbers and forward_backward on duals, whose NaN may differ in sign (x tanh(softplus(x))
/// at NaN with SSE2 lanes); every other element must be bit-identical.
template <class T>
bool same_values(const std::vector<T>& p, const std::vector<T>& q) {
    if (p.size() != q.size()) return false;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (!(std::isnan(p[i]) && std::isnan(q[i])) && std::memcmp(&p[i], &q[i], sizeof(T)) != 0)
            return false;
    return true;
}

template <class T, class E>
void check_identical(const E& e, std::size_t n, int threads, std::size_t min_piece) {
    const auto in = random_values<T>(n, 7u + static_cast<unsigned>(n));
    const auto go = random_values<T>(n, 11u + static_cast<unsigned>(n));
    const parallel p{threads, min_piece};
    std::vector<T> out1(n), gin1(n), out2(n, T(-1)), gin2(n, T(-1));
    forward_backward(e, in, go, out1, gin1);
    forward_backward(p, e, in, go, out2, gin2);
    BOOST_TEST(same_bits(out1, out2), "forward_backward value, n = " << n << ", threads = " << threads);
    BOOST_TEST(same_bits(gin1, gin2), "forward_backward gradient, n = " << n << ", threads = " << threads);
    std::vector<T> f2(n, T(-1)), b2(n, T(-1));
    forward(p, e, in, f2);
    backward(p, e, in, go, b2);
    BOOST_TEST(same_values(out1, f2), "forward, n = " << n << ", threads = " << threads);
    BOOST_TEST(same_bits(gin1, b2), "backward, n = " << n << ", threads = " << threads);
    std::vector<T> inplace = in;
    forward(p, e, inplace, inplace);
    BOOST_TEST(same_values(out1, inplace), "forward in place, n = " << n << ", threads = " << threads);
}

template <class T>
void check_all_splits() {
    const std::size_t w = math::simd_width_v<T>;
    const std::size_t sizes[] = {0, 1, w - 1, w, w + 1, 3 * w + 5, 7 * w + 3, 1000, 1001};
    for (const std::size_t n : sizes) {
        for (const int threads : {1, 2, 3, 7}) check_identical<T>(gelu(x), n, threads, 1);
        check_identical<T>(x * tanh(softplus(x)), n, 3, 1);
    }
    // The default piece size: 2^16 + 13 elements, three threads, two or three pieces.
    check_identical<T>(sigmoid(relu(x)), (std::size_t{1} << 16) + 13, 3, parallel{}.min_piece);
    // Pieces over 2 MiB each: every thread streams its outputs (detail::array_stream_bytes),
    // the one-thread pass too, and forward in place streams over its own input.
    check_identical<T>(relu(x), (std::size_t{1} << 20) + 13, 2, parallel{}.min_piece);
}

}  // namespace

BOOST_AUTO_TEST_CASE(parallel_bit_identical_float) { check_all_splits<float>(); }
BOOST_AUTO_TEST_CASE(parallel_bit_identical_double) { check_all_splits<double>(); }

BOOST_AUTO_TEST_CASE(parallel_forward_with_bound_variable) {
    const auto in = random_values<float>(777, 3);
    std::vector<float> o1(in.size()), o2(in.size());
    forward(prelu(x, a), in, o1, a = 0.25f);
    forward(parallel{3, 1}, prelu(x, a), in, o2, a = 0.25f);
    BOOST_TEST(same_bits(o1, o2));
}

BOOST_AUTO_TEST_CASE(parallel_bad_thread_count) {
    const std::vector<float> in(64, 1.0f), go(64, 1.0f);
    std::vector<float> out(64), gin(64);
    for (const int threads : {0, -1, -1000}) {
        const std::string count = "parallel{" + std::to_string(threads) + "}";
        const auto names = [&](const char* fn) {
            return [fn, count](const std::invalid_argument& ex) {
                const std::string m = ex.what();
                return m.find(std::string("ctdiff::") + fn) != std::string::npos &&
                       m.find(count) != std::string::npos;
            };
        };
        BOOST_CHECK_EXCEPTION(forward(parallel{threads}, sigmoid(x), in, out), std::invalid_argument,
                              names("forward"));
        BOOST_CHECK_EXCEPTION(backward(parallel{threads}, sigmoid(x), in, go, gin), std::invalid_argument,
                              names("backward"));
        BOOST_CHECK_EXCEPTION(forward_backward(parallel{threads}, sigmoid(x), in, go, out, gin),
                              std::invalid_argument, names("forward_backward"));
    }
}

BOOST_AUTO_TEST_CASE(parallel_checks_whole_ranges) {
    const std::vector<float> in(100, 1.0f), go(99, 1.0f);
    std::vector<float> out(100), gin(100);
    // The lengths of the whole ranges are named, not those of a piece.
    BOOST_CHECK_EXCEPTION(forward_backward(parallel{2, 1}, sigmoid(x), in, go, out, gin),
                          std::invalid_argument, [](const std::invalid_argument& ex) {
                              const std::string m = ex.what();
                              return m.find("forward_backward") != std::string::npos &&
                                     m.find("100") != std::string::npos && m.find("99") != std::string::npos;
                          });
    std::vector<float> buf(200, 1.0f);
    const std::span<const float> whole(buf.data(), 100);
    const std::span<float> shifted(buf.data() + 1, 100);
    BOOST_CHECK_THROW(forward(parallel{2, 1}, sigmoid(x), whole, shifted), std::invalid_argument);
}
