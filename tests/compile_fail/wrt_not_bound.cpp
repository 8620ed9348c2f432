// wrt(b) names a variable that no binding binds.
// expect: ctdiff::value_and_derivative\(f, wrt\(x\), \.\.\.\): x is not bound
#include <ctdiff/activations/prelu.hpp>
#include <ctdiff/evaluation.hpp>

int main() {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto a = ctdiff::var<"a">;
    constexpr auto b = ctdiff::var<"b">;
#ifdef CTDIFF_MISUSE
    const auto r = ctdiff::value_and_derivative(ctdiff::prelu(x, a), ctdiff::wrt(b), x = -2.0, a = 0.25);
#else
    const auto r = ctdiff::value_and_derivative(ctdiff::prelu(x, a), ctdiff::wrt(a), x = -2.0, a = 0.25);
    static_cast<void>(b);
#endif
    return r.derivative == -2.0 ? 0 : 1;
}
