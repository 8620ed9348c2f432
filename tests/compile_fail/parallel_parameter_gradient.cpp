// Parameter gradients are sums in one thread's order: backward on several threads with a
// variable bound by name is refused.
// expect: ctdiff::backward\(parallel, \.\.\.\): parameter gradients
#include <ctdiff/activations/prelu.hpp>
#include <ctdiff/array/parallel.hpp>

#include <vector>

int main() {
    constexpr auto x = ctdiff::var<"x">;
    const std::vector<float> in{-1.0f, 1.0f}, gout{1.0f, 1.0f};
    std::vector<float> gin(2);
#ifdef CTDIFF_MISUSE
    constexpr auto a = ctdiff::var<"a">;
    ctdiff::backward(ctdiff::parallel{2}, ctdiff::prelu(x, a), in, gout, gin, a = 0.25f);
#else
    ctdiff::backward(ctdiff::parallel{2}, ctdiff::prelu(x, 0.25f), in, gout, gin);
#endif
    return gin[0] == 0.25f ? 0 : 1;
}
