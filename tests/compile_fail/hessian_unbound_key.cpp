// h[v] for a variable the hessian was not taken with respect to.
// expect: ctdiff::hessian: h\[v\] asks for a variable that was not bound
#include <ctdiff/activations/prelu.hpp>
#include <ctdiff/evaluation.hpp>

int main() {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto a = ctdiff::var<"a">;
    constexpr auto b = ctdiff::var<"b">;
    const auto h = ctdiff::hessian(ctdiff::prelu(x, a), x = -1.0, a = 0.25);
#ifdef CTDIFF_MISUSE
    const double s = h[x][b];
#else
    const double s = h[x][a];
    static_cast<void>(b);
#endif
    return s == 1.0 ? 0 : 1;
}
