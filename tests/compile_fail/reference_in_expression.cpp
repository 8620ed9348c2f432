// A reference held in an expression could dangle once the referred object is
// gone; expressions hold numbers by value, and say so when given a reference.
// expect: ctdiff primitive: arguments must be expressions or arithmetic values
#include <ctdiff/activations/prelu.hpp>

#include <functional>

int main() {
    constexpr auto x = ctdiff::var<"x">;
    const double weight = 0.25;
#ifdef CTDIFF_MISUSE
    const auto f = ctdiff::prelu(x, std::cref(weight));
#else
    const auto f = ctdiff::prelu(x, weight);
#endif
    return f(x = -4.0) == -1.0 ? 0 : 1;
}
