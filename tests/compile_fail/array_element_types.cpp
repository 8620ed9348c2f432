// Arrays of different element types in one call (float in, double out).
// expect: ctdiff::forward\(f, in, out\): in and out must have the same element type
#include <ctdiff/activations/sigmoid.hpp>
#include <ctdiff/array.hpp>

#include <vector>

int main() {
    constexpr auto x = ctdiff::var<"x">;
    const std::vector<float> in{0.0f, 1.0f};
#ifdef CTDIFF_MISUSE
    std::vector<double> out(2);
#else
    std::vector<float> out(2);
#endif
    ctdiff::forward(ctdiff::sigmoid(x), in, out);
    return out[0] == 0.5f ? 0 : 1;
}
