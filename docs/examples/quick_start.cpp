// The README's first example, whole: a composition, its derived derivative,
// and the numeric routes. It checks itself (the exit status) when the tests run it.
//! [quick_start]
#include <ctdiff/ctdiff.hpp>
#include <iostream>

int main() {
    using namespace ctdiff;
    constexpr auto x = var<"x">;
    constexpr auto f = sigmoid(relu(x));  // an empty type: no runtime state
    constexpr auto df = d(f, x);          // derived at compile time

    std::cout << df << '\n';                           // dsigmoid(relu(x)) * step(x)
    double y = f(x = 0.5);                             // 0.622459...
    auto [v, dv] = value_and_derivative(f, x = 0.5);   // one forward pass on dual numbers
    auto t = derivatives<2>(f, x = 0.5);               // f, f', f'' in one pass
    static_assert(d(sigmoid(x), x)(x = 0.0) == 0.25);  // all of it constexpr

    std::cout << y << ' ' << dv << ' ' << t[2] << '\n';
    return y == v && dv == df(x = 0.5) && t[1] == dv ? 0 : 1;
}
//! [quick_start]
