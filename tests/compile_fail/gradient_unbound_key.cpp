// g[v] for a variable that the gradient was not taken with respect to.
// expect: ctdiff::gradient: g\[v\] asks for a variable that was not bound
#include <ctdiff/activations/prelu.hpp>
#include <ctdiff/evaluation.hpp>

int main() {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto a = ctdiff::var<"a">;
    constexpr auto b = ctdiff::var<"b">;
    const auto g = ctdiff::gradient(ctdiff::prelu(x, a), x = -1.0, a = 0.25);
#ifdef CTDIFF_MISUSE
    const double s = g[b];
#else
    const double s = g[a];
    static_cast<void>(b);
#endif
    return s == -1.0 ? 0 : 1;
}
