// A variable bound to something that is not a number.
// expect: ctdiff: a variable can be bound only to a number
#include <ctdiff/activations/relu.hpp>

#include <string>

int main() {
    constexpr auto x = ctdiff::var<"x">;
#ifdef CTDIFF_MISUSE
    static_cast<void>(ctdiff::relu(x)(x = std::string("1.5")));
    return 0;
#else
    return ctdiff::relu(x)(x = std::stod(std::string("1.5"))) == 1.5 ? 0 : 1;
#endif
}
