// derivatives<n> beyond ctdiff::max_derivative_order.
// expect: ctdiff::derivatives<n>\(f, x = v\): n must be between 1 and ctdiff::max_derivative_order
#include <ctdiff/activations/sigmoid.hpp>
#include <ctdiff/evaluation.hpp>

int main() {
    constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_MISUSE
    const auto t = ctdiff::derivatives<ctdiff::max_derivative_order + 1>(ctdiff::sigmoid(x), x = 0.0);
#else
    const auto t = ctdiff::derivatives<ctdiff::max_derivative_order>(ctdiff::sigmoid(x), x = 0.0);
#endif
    return t[1] == 0.25 ? 0 : 1;
}
