// A consumer of the package: the README's first example, checked, and the
// array path it gets. Built three ways by the tests: find_package of the
// installed package, add_subdirectory, and `pkg-config --cflags ctdiff`.
// CTDIFF_EXPECT_SIMD=1 (set by the tests when ctdiff's build found xsimd) asks
// that the arrays run on xsimd batches; 0 that they take the scalar path.
#include <ctdiff/ctdiff.hpp>

#include <cstdio>
#include <type_traits>
#include <vector>

#ifndef CTDIFF_EXPECT_SIMD
#error "the consumer tests say which array path they expect: define CTDIFF_EXPECT_SIMD to 0 or 1"
#endif
static_assert(CTDIFF_HAS_XSIMD == CTDIFF_EXPECT_SIMD,
              "the package gave a different array path (SIMD or scalar) than its build found");
static_assert(std::is_void_v<ctdiff::math::simd_batch_t<float>> == (CTDIFF_EXPECT_SIMD == 0));

int main() {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto f = ctdiff::sigmoid(ctdiff::relu(x));
    static_assert(ctdiff::d(f, x)(x = 1.0) > 0.0);
    const auto [v, dv] = ctdiff::value_and_derivative(f, x = 0.0);
    std::printf("%s %g %g; arrays: %s\n", ctdiff::to_string(ctdiff::d(f, x)).c_str(), v, dv,
                CTDIFF_HAS_XSIMD ? "SIMD" : "scalar");
    std::vector<float> in(37, 0.5f), out(37);
    ctdiff::forward(f, in, out);
    const bool arrays_ok = out[36] == ctdiff::sigmoid(0.5f);
    return v == 0.5 && dv == 0.0 && arrays_ok ? 0 : 1;
}
