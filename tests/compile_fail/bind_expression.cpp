// A variable bound to an expression (a lazy value that would outlive nothing
// useful): bindings take numbers only.
// expect: ctdiff: a variable can be bound only to a number
#include <ctdiff/activations/relu.hpp>
#include <ctdiff/functions/exp.hpp>

int main() {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto a = ctdiff::var<"a">;
#ifdef CTDIFF_MISUSE
    const auto y = ctdiff::relu(x)(x = ctdiff::exp(a));
#else
    const auto y = ctdiff::relu(x)(x = ctdiff::exp(a)(a = 0.0));
#endif
    return y == 1.0 ? 0 : 1;
}
