// A consumer of the package: the README's first example, checked.
#include <ctdiff/ctdiff.hpp>

#include <cstdio>

int main() {
    constexpr auto x = ctdiff::var<"x">;
    constexpr auto f = ctdiff::sigmoid(ctdiff::relu(x));
    static_assert(ctdiff::d(f, x)(x = 1.0) > 0.0);
    const auto [v, dv] = ctdiff::value_and_derivative(f, x = 0.0);
    std::printf("%s %g %g\n", ctdiff::to_string(ctdiff::d(f, x)).c_str(), v, dv);
    return v == 0.5 && dv == 0.0 ? 0 : 1;
}
