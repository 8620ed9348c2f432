// The same variable bound twice in one evaluation.
// expect: ctdiff: a variable is bound twice in one evaluation
#include <ctdiff/activations/relu.hpp>

int main() {
    constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_MISUSE
    const double y = ctdiff::relu(x)(x = 2.0, x = 3.0);
#else
    const double y = ctdiff::relu(x)(x = 2.0);
#endif
    return y == 2.0 ? 0 : 1;
}
