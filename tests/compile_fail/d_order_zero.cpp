// The 0-th symbolic derivative.
// expect: ctdiff::d<n>\(e, x\): n must be at least 1
#include <ctdiff/activations/tanh.hpp>
#include <ctdiff/derivative.hpp>

int main() {
    constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_MISUSE
    const auto df = ctdiff::d<0>(ctdiff::tanh(x), x);
#else
    const auto df = ctdiff::d<1>(ctdiff::tanh(x), x);
#endif
    return df(x = 0.0) == 1.0 ? 0 : 1;
}
