// The demo: the textbook's activation exercise, done in C++. For relu, prelu,
// sigmoid, tanh and sigmoid(relu(x)) it prints the derivative ctdiff derives
// and a table of f, f' and f'' on [-8, 8].
#include <ctdiff/ctdiff.hpp>

#include <cstdio>
#include <string>

namespace {

constexpr auto x = ctdiff::var<"x">;

template <class F>
void show(const F& f) {
    using namespace ctdiff;
    std::printf("f(x)   = %s\n", to_string(f).c_str());
    std::printf("f'(x)  = %s\n", to_string(d(f, x)).c_str());
    std::printf("%8s %14s %14s %14s\n", "x", "f(x)", "f'(x)", "f''(x)");
    for (int i = -16; i <= 16; ++i) {
        const double v = 0.5 * i;
        const auto t = derivatives<2>(f, x = v);  // one pass for all three columns
        std::printf("%8.2f %14.8f %14.8f %14.8f\n", v, t[0], t[1], t[2]);
    }
    std::printf("\n");
}

}  // namespace

int main() {
    using namespace ctdiff;
    show(relu(x));
    show(prelu(x, 0.25));
    show(sigmoid(x));
    show(tanh(x));
    show(sigmoid(relu(x)));
}
