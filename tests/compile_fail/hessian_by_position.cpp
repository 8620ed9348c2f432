// hessian binds every variable by name.
// expect: ctdiff::hessian\(f, x = v, \.\.\.\): bind every variable by name
#include <ctdiff/activations/sigmoid.hpp>
#include <ctdiff/evaluation.hpp>

int main() {
    constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_MISUSE
    const auto h = ctdiff::hessian(ctdiff::sigmoid(x), 0.0);
#else
    const auto h = ctdiff::hessian(ctdiff::sigmoid(x), x = 0.0);
#endif
    return h.gradient[x] == 0.25 ? 0 : 1;
}
