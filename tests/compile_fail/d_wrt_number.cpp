// d with respect to a number instead of a variable.
// expect: the second argument of ctdiff::d must be a variable
#include <ctdiff/activations/sigmoid.hpp>
#include <ctdiff/derivative.hpp>

int main() {
    constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_MISUSE
    const auto df = ctdiff::d(ctdiff::sigmoid(x), 3.0);
#else
    const auto df = ctdiff::d(ctdiff::sigmoid(x), x);
#endif
    return df(x = 0.0) == 0.25 ? 0 : 1;
}
