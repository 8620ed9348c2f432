// A variable bound to a range and to a number in one array call.
// expect: ctdiff array functions: a variable is bound twice
#include <ctdiff/activations/sigmoid.hpp>
#include <ctdiff/array.hpp>

#include <vector>

int main() {
    constexpr auto a = ctdiff::var<"a">;
    constexpr auto b = ctdiff::var<"b">;
    const std::vector<double> va{1.0, 2.0}, vb{0.0, 0.0};
    std::vector<double> out(2);
#ifdef CTDIFF_MISUSE
    ctdiff::forward(a * ctdiff::sigmoid(b), out, ctdiff::input(a, va), ctdiff::input(b, vb), a = 2.0);
#else
    ctdiff::forward(a * ctdiff::sigmoid(b), out, ctdiff::input(a, va), ctdiff::input(b, vb));
#endif
    return out[0] == 0.5 ? 0 : 1;
}
