// A range whose elements are not float or double: one line says what is
// accepted, and the compiler's note names the element and the range.
// expect: ctdiff array functions: this range's elements are not float or double; accepted: contiguous float
// or double storage expect: element_is_float_or_double_v<int
#include <ctdiff/activations/sigmoid.hpp>
#include <ctdiff/array.hpp>

#include <vector>

int main() {
    constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_MISUSE
    const std::vector<int> in{0, 1};
    std::vector<int> out(2);
#else
    const std::vector<float> in{0.0f, 1.0f};
    std::vector<float> out(2);
#endif
    ctdiff::forward(ctdiff::sigmoid(x), in, out);
    return out[0] == 0.5f ? 0 : 1;
}
